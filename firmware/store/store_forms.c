/* Forms in the cache (store_forms.h). Statements are prepared per call: a
 * few calls a sync round and a few a session. */
#include "store_private.h"

#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/store/store_forms.h"

#include <string.h>

static enum kiosk_err prepare(struct store *st, const char *sql, sqlite3_stmt **out)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
    return rc == SQLITE_OK ? KIOSK_OK : store_map_rc(rc, "prepare forms query");
}

static enum kiosk_err run(sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, what);
}

enum kiosk_err store_form_task_put(struct store *st, const struct form_task_record *t,
                                   int64_t now_ms)
{
    sqlite3_stmt *s;
    enum kiosk_err err = prepare(
        st,
        "INSERT INTO form_tasks (fhir_id, patient_id, appointment_fhir_id, canonical, optional, "
        "version_id, updated_at) SELECT ?1, id, NULLIF(?3, ''), ?4, ?5, ?6, ?7 FROM patients "
        "WHERE fhir_id = ?2 ON CONFLICT (fhir_id) DO UPDATE SET patient_id = excluded.patient_id, "
        "appointment_fhir_id = excluded.appointment_fhir_id, canonical = excluded.canonical, "
        "optional = excluded.optional, version_id = excluded.version_id, "
        "updated_at = excluded.updated_at",
        &s);
    if (err != KIOSK_OK)
        return err;
    store_bind_text(s, 1, t->fhir_id);
    store_bind_text(s, 2, t->patient_fhir_id);
    store_bind_text(s, 3, t->appointment_fhir_id ? t->appointment_fhir_id : "");
    store_bind_text(s, 4, t->canonical);
    sqlite3_bind_int(s, 5, t->optional ? 1 : 0);
    store_bind_text(s, 6, t->version ? t->version : "");
    sqlite3_bind_int64(s, 7, now_ms);
    err = run(s, "write form task");
    if (err == KIOSK_OK && sqlite3_changes(st->db) == 0)
        return KIOSK_ERR_NOT_FOUND;
    return err;
}

enum kiosk_err store_form_task_forget(struct store *st, const char *fhir_id)
{
    sqlite3_stmt *s;
    enum kiosk_err err = prepare(st, "DELETE FROM form_tasks WHERE fhir_id = ?1", &s);
    if (err != KIOSK_OK)
        return err;
    store_bind_text(s, 1, fhir_id);
    return run(s, "forget form task");
}

enum kiosk_err store_form_task_answered(struct store *st, const char *fhir_id)
{
    sqlite3_stmt *s;
    enum kiosk_err err = prepare(st, "UPDATE form_tasks SET state = 1 WHERE fhir_id = ?1", &s);
    if (err != KIOSK_OK)
        return err;
    store_bind_text(s, 1, fhir_id);
    err = run(s, "mark form answered");
    if (err == KIOSK_OK && sqlite3_changes(st->db) == 0)
        return KIOSK_ERR_NOT_FOUND;
    return err;
}

enum kiosk_err store_forms_owed(struct store *st, int64_t patient_id, struct form_owed *out, int *n)
{
    sqlite3_stmt *s;
    *n = 0;
    /* cached: the canonical names a cached url|version, or a url alone. */
    enum kiosk_err err = prepare(
        st,
        "SELECT t.fhir_id, COALESCE(t.appointment_fhir_id, ''), t.canonical, t.optional, "
        "EXISTS (SELECT 1 FROM questionnaires q WHERE q.url || '|' || q.version = t.canonical "
        "OR (instr(t.canonical, '|') = 0 AND q.url = t.canonical)), "
        "COALESCE((SELECT p.fhir_id FROM patients p WHERE p.id = t.patient_id), '') "
        "FROM form_tasks t WHERE t.patient_id = ?1 AND t.state = 0 "
        "ORDER BY t.optional, t.fhir_id LIMIT ?2",
        &s);
    if (err != KIOSK_OK)
        return err;
    sqlite3_bind_int64(s, 1, patient_id);
    sqlite3_bind_int(s, 2, STORE_FORMS_MAX);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct form_owed *o = &out[(*n)++];
        memset(o, 0, sizeof(*o));
        store_copy_col(o->task_id, sizeof(o->task_id), s, 0);
        store_copy_col(o->appointment_id, sizeof(o->appointment_id), s, 1);
        store_copy_col(o->canonical, sizeof(o->canonical), s, 2);
        o->optional = sqlite3_column_int(s, 3) != 0;
        o->cached = sqlite3_column_int(s, 4) != 0;
        store_copy_col(o->patient_id, sizeof(o->patient_id), s, 5);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "read forms owed");
}

enum kiosk_err store_questionnaire_put(struct store *st, const char *url, const char *version,
                                       const char *json, int64_t now_ms)
{
    sqlite3_stmt *s;
    enum kiosk_err err =
        prepare(st,
                "INSERT OR REPLACE INTO questionnaires (url, version, json, fetched_ms) "
                "VALUES (?1, ?2, ?3, ?4)",
                &s);
    if (err != KIOSK_OK)
        return err;
    store_bind_text(s, 1, url);
    store_bind_text(s, 2, version ? version : "");
    store_bind_text(s, 3, json);
    sqlite3_bind_int64(s, 4, now_ms);
    return run(s, "cache questionnaire");
}

enum kiosk_err store_questionnaire_get(struct store *st, const char *url, const char *version,
                                       char **json, size_t *len)
{
    sqlite3_stmt *s;
    *json = NULL;
    *len = 0;
    enum kiosk_err err = prepare(st,
                                 "SELECT json FROM questionnaires WHERE url = ?1 AND "
                                 "(?2 = '' OR version = ?2) ORDER BY fetched_ms DESC LIMIT 1",
                                 &s);
    if (err != KIOSK_OK)
        return err;
    store_bind_text(s, 1, url);
    store_bind_text(s, 2, version ? version : "");
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        int n = sqlite3_column_bytes(s, 0);
        *json = kmem_alloc((size_t)n + 1);
        if (!*json) {
            err = KIOSK_ERR_NOMEM;
        } else {
            memcpy(*json, t ? t : "", (size_t)n);
            *len = (size_t)n;
        }
    } else {
        err = rc == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_map_rc(rc, "read questionnaire");
    }
    sqlite3_finalize(s);
    return err;
}

enum kiosk_err store_questionnaires_missing(struct store *st, char (*out)[STORE_CANONICAL_MAX],
                                            int max, int *n)
{
    sqlite3_stmt *s;
    *n = 0;
    enum kiosk_err err =
        prepare(st,
                "SELECT DISTINCT t.canonical FROM form_tasks t WHERE t.state = 0 AND NOT EXISTS ("
                "SELECT 1 FROM questionnaires q WHERE q.url || '|' || q.version = t.canonical "
                "OR (instr(t.canonical, '|') = 0 AND q.url = t.canonical)) ORDER BY 1 LIMIT ?1",
                &s);
    if (err != KIOSK_OK)
        return err;
    sqlite3_bind_int(s, 1, max);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max)
        store_copy_col(out[(*n)++], STORE_CANONICAL_MAX, s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? KIOSK_OK
                                                 : store_map_rc(rc, "read missing questionnaires");
}

enum kiosk_err store_patients_between(struct store *st, int64_t from_ms, int64_t to_ms,
                                      char (*out)[KIOSK_IDENT_MAX], int max, int *n)
{
    sqlite3_stmt *s;
    *n = 0;
    enum kiosk_err err = prepare(
        st,
        "SELECT DISTINCT p.fhir_id FROM appointments a JOIN patients p ON p.id = a.patient_id "
        "WHERE a.start_ms >= ?1 AND a.start_ms < ?2 AND p.fhir_id IS NOT NULL "
        "ORDER BY p.fhir_id LIMIT ?3",
        &s);
    if (err != KIOSK_OK)
        return err;
    sqlite3_bind_int64(s, 1, from_ms);
    sqlite3_bind_int64(s, 2, to_ms);
    sqlite3_bind_int(s, 3, max);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max)
        store_copy_col(out[(*n)++], KIOSK_IDENT_MAX, s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? KIOSK_OK
                                                 : store_map_rc(rc, "read today's patients");
}

enum kiosk_err store_form_submit(struct store *st, const char *key, const struct outbox_record *rec,
                                 const char *task_id, int64_t now_ms)
{
    enum kiosk_err err = store_step_done(st, ST_BEGIN_IMMEDIATE, "begin form submit");
    if (err != KIOSK_OK)
        return err;
    err = store_outbox_add_in_tx(st, key, rec, now_ms);
    if (err == KIOSK_OK && task_id && task_id[0])
        err = store_form_task_answered(st, task_id);
    if (err == KIOSK_OK)
        err = store_step_done(st, ST_COMMIT, "commit form submit");
    if (err != KIOSK_OK)
        store_step_done(st, ST_ROLLBACK, "rollback form submit");
    return err;
}
