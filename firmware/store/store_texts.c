/* Texts the server gives in more than one language (store.h, store_sync.h):
 * the names and descriptions of the places, services and practitioners an
 * appointment names, per language, and which of them an appointment names.
 * Few rows and few calls (a lookup, a sync round): statements are prepared
 * per call. */
#include "store_private.h"
#include "store_sync.h"

#include "firmware/core/str.h"

#include <string.h>

static enum kiosk_err prepare(struct store *st, const char *sql, sqlite3_stmt **s)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, s, NULL);
    return rc == SQLITE_OK ? KIOSK_OK : store_map_rc(rc, "prepare texts");
}

static enum kiosk_err step_done(sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, what);
}

enum kiosk_err store_appointment_refs_set(struct store *st, int64_t appointment_id,
                                          const struct store_ref *refs, int n)
{
    sqlite3_stmt *s = NULL;
    enum kiosk_err err = prepare(st, "DELETE FROM appointment_refs WHERE appointment_id = ?1", &s);
    if (err != KIOSK_OK)
        return err;
    sqlite3_bind_int64(s, 1, appointment_id);
    if ((err = step_done(s, "clear appointment refs")) != KIOSK_OK)
        return err;
    for (int i = 0; i < n; i++) {
        if (!refs[i].type || !refs[i].fhir_id || !refs[i].fhir_id[0])
            return KIOSK_ERR_INVALID;
        err = prepare(st,
                      "INSERT OR IGNORE INTO appointment_refs (appointment_id, type, fhir_id) "
                      "VALUES (?1, ?2, ?3)",
                      &s);
        if (err != KIOSK_OK)
            return err;
        sqlite3_bind_int64(s, 1, appointment_id);
        store_bind_text(s, 2, refs[i].type);
        store_bind_text(s, 3, refs[i].fhir_id);
        if ((err = step_done(s, "put appointment ref")) != KIOSK_OK)
            return err;
    }
    return KIOSK_OK;
}

enum kiosk_err store_server_texts_clear(struct store *st, const char *type, const char *fhir_id)
{
    sqlite3_stmt *s = NULL;
    enum kiosk_err err =
        prepare(st, "DELETE FROM server_texts WHERE type = ?1 AND fhir_id = ?2", &s);
    if (err != KIOSK_OK)
        return err;
    store_bind_text(s, 1, type);
    store_bind_text(s, 2, fhir_id);
    return step_done(s, "clear server texts");
}

enum kiosk_err store_server_text_put(struct store *st, const struct store_server_text *t)
{
    if (!t->type || !t->fhir_id || !t->field || !t->lang || !t->text || !t->text[0])
        return KIOSK_ERR_INVALID;
    sqlite3_stmt *s = NULL;
    enum kiosk_err err = prepare(st,
                                 "INSERT OR REPLACE INTO server_texts (type, fhir_id, field, "
                                 "lang, text) VALUES (?1, ?2, ?3, ?4, ?5)",
                                 &s);
    if (err != KIOSK_OK)
        return err;
    store_bind_text(s, 1, t->type);
    store_bind_text(s, 2, t->fhir_id);
    store_bind_text(s, 3, t->field);
    store_bind_text(s, 4, t->lang);
    store_bind_text(s, 5, t->text);
    return step_done(s, "put server text");
}

enum kiosk_err store_referenced(struct store *st, const char *type,
                                enum kiosk_err (*each)(void *ctx, const char *fhir_id), void *ctx)
{
    sqlite3_stmt *s = NULL;
    enum kiosk_err err = prepare(
        st, "SELECT DISTINCT fhir_id FROM appointment_refs WHERE type = ?1 ORDER BY fhir_id", &s);
    if (err != KIOSK_OK)
        return err;
    store_bind_text(s, 1, type);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        err = each(ctx, (const char *)sqlite3_column_text(s, 0));
        if (err != KIOSK_OK)
            break;
    }
    if (err == KIOSK_OK && rc != SQLITE_DONE)
        err = store_map_rc(rc, "list references");
    sqlite3_finalize(s);
    return err;
}

/* The language tag's primary subtag ("pt" of "pt-BR") into buf. */
static void primary_subtag(const char *lang, char *buf, size_t size)
{
    kstr_copy(buf, size, lang);
    char *dash = strchr(buf, '-');
    if (dash)
        *dash = '\0';
}

enum kiosk_err store_server_text(struct store *st, const char *type, const char *fhir_id,
                                 const char *field, const char *lang, char *buf, size_t size)
{
    char primary[16];
    buf[0] = '\0';
    primary_subtag(lang ? lang : "", primary, sizeof(primary));
    sqlite3_stmt *s = NULL;
    /* The exact tag first, then its language ("pt" for "pt-BR"). */
    enum kiosk_err err = prepare(st,
                                 "SELECT text FROM server_texts WHERE type = ?1 AND fhir_id = ?2 "
                                 "AND field = ?3 AND lang != '' AND (lang = ?4 OR lang = ?5) "
                                 "ORDER BY lang = ?4 DESC LIMIT 1",
                                 &s);
    if (err != KIOSK_OK)
        return err;
    store_bind_text(s, 1, type);
    store_bind_text(s, 2, fhir_id);
    store_bind_text(s, 3, field);
    store_bind_text(s, 4, lang ? lang : "");
    store_bind_text(s, 5, primary);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        store_copy_col(buf, size, s, 0);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return KIOSK_OK;
    return rc == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_map_rc(rc, "read server text");
}

/* Which resource's which field gives which text of an appointment. */
static const struct {
    const char *type, *field;
    size_t offset, size;
} appt_fields[] = {
    {"HealthcareService", "name", offsetof(struct appt_texts, clinic),
     sizeof(((struct appt_texts *)0)->clinic)},
    {"Practitioner", "name", offsetof(struct appt_texts, provider),
     sizeof(((struct appt_texts *)0)->provider)},
    {"Location", "description", offsetof(struct appt_texts, directions),
     sizeof(((struct appt_texts *)0)->directions)},
};

enum kiosk_err store_appointment_texts(struct store *st, int64_t appointment_id, const char *lang,
                                       struct appt_texts *out)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *s = NULL;
    enum kiosk_err err = prepare(
        st, "SELECT type, fhir_id FROM appointment_refs WHERE appointment_id = ?1 ORDER BY fhir_id",
        &s);
    if (err != KIOSK_OK)
        return err;
    sqlite3_bind_int64(s, 1, appointment_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && err == KIOSK_OK) {
        const char *type = (const char *)sqlite3_column_text(s, 0);
        const char *id = (const char *)sqlite3_column_text(s, 1);
        for (size_t i = 0; i < sizeof(appt_fields) / sizeof(appt_fields[0]); i++) {
            char *dst = (char *)out + appt_fields[i].offset;
            if (dst[0] || strcmp(type, appt_fields[i].type) != 0)
                continue;
            err = store_server_text(st, type, id, appt_fields[i].field, lang, dst,
                                    appt_fields[i].size);
            if (err == KIOSK_ERR_NOT_FOUND)
                err = KIOSK_OK;
        }
    }
    if (err == KIOSK_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = store_map_rc(rc, "read appointment refs");
    sqlite3_finalize(s);
    return err;
}
