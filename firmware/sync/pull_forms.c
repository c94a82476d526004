/* Pull the forms today's patients owe (sync_private.h, sync_pull_forms).
 *
 * 1. The SDC form requests: Task?code=temp|complete-questionnaire&subject=
 *    <today's cached patients>, in chunks. An open Task (requested, ready)
 *    is written; one the server closed (completed, cancelled...) leaves the
 *    cache. One transaction a chunk.
 * 2. The Questionnaires those Tasks name that the cache does not hold yet,
 *    asked by url and version (the version the Task names is the one
 *    filled and answered, even when the server has a newer one since). A
 *    Questionnaire is cached as the server sent it; whether the kiosk can
 *    fill it is decided when a patient opens it (the desk otherwise). */
#include "fhir_forms.h"
#include "sync_private.h"

#include "firmware/core/clock.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/store/store_forms.h"
#include "firmware/store/store_sync.h"

#include <stdio.h>
#include <string.h>

#define MOD "sync"

#define FORM_PATIENTS_MAX 200 /* today's patients asked about per round */
#define FORM_ID_CHUNK     40
#define FORM_Q_MAX        16 /* Questionnaires fetched per round */

static enum kiosk_err put_tasks(struct sync *s, struct store *st, struct fjson *bundle)
{
    int64_t now = kclock_wall(s->clock);
    for (size_t i = 0; i < fhir_bundle_count(bundle); i++) {
        struct fhir_form_task t;
        if (fhir_read_form_task(fhir_bundle_resource(bundle, i), &t) != KIOSK_OK)
            continue; /* another kind of Task, or unusable: not a form we can offer */
        enum kiosk_err err;
        if (!t.open) {
            err = store_form_task_forget(st, t.meta.id);
        } else {
            struct form_task_record r = {t.meta.id,        t.meta.version, t.patient_id,
                                         t.appointment_id, t.canonical,    t.optional};
            err = store_form_task_put(st, &r, now);
            if (err == KIOSK_ERR_NOT_FOUND)
                continue; /* a patient the cache does not hold */
        }
        if (err != KIOSK_OK)
            return err;
        s->rep->pulled++;
    }
    return KIOSK_OK;
}

static enum kiosk_err pull_task_chunk(struct sync *s, struct store *st,
                                      char (*ids)[KIOSK_IDENT_MAX], int n)
{
    char refs[2048], esc[3 * KIOSK_IDENT_MAX], url[2600];
    refs[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (!http_escape(esc, sizeof(esc), ids[i]))
            continue;
        if (refs[0])
            kstr_append(refs, sizeof(refs), ",");
        kstr_append(refs, sizeof(refs), "Patient/");
        kstr_append(refs, sizeof(refs), esc);
    }
    snprintf(url, sizeof(url),
             "Task?code=http%%3A%%2F%%2Fhl7.org%%2Ffhir%%2Fuv%%2Fsdc%%2FCodeSystem%%2Ftemp%%7C"
             "complete-questionnaire&subject=%s&_count=%d",
             refs, SYNC_PAGE_SIZE);
    for (int page = 0; page < SYNC_MAX_PAGES; page++) {
        struct fjson_doc *doc = NULL;
        const char *next = NULL;
        enum kiosk_err err = sync_get_page(s, "Task search", url, &doc, &next);
        if (err != KIOSK_OK)
            return err;
        err = store_tx_begin(st);
        if (err == KIOSK_OK)
            err = put_tasks(s, st, fjson_root(doc));
        if (err == KIOSK_OK)
            err = store_tx_commit(st);
        else
            store_tx_rollback(st);
        bool more = next && kstr_copy(url, sizeof(url), next);
        fjson_doc_free(doc);
        if (err != KIOSK_OK) {
            sync_note_error(s, "form tasks", err);
            return err;
        }
        if (!more)
            break;
    }
    return KIOSK_OK;
}

/* The Questionnaire of canonical into the cache. A canonical the server
 * does not have (any more) is left: the patient is sent to the desk. */
static enum kiosk_err fetch_questionnaire(struct sync *s, struct store *st, const char *canonical)
{
    char url[FHIR_CANONICAL_MAX], version[64], eu[3 * FHIR_CANONICAL_MAX], ev[3 * 64];
    char q[sizeof(eu) + sizeof(ev) + 64];
    if (!fhir_canonical_split(canonical, url, sizeof(url), version, sizeof(version)) ||
        !http_escape(eu, sizeof(eu), url) || !http_escape(ev, sizeof(ev), version))
        return KIOSK_OK;
    snprintf(q, sizeof(q), "Questionnaire?url=%s%s%s", eu, version[0] ? "&version=" : "", ev);
    struct fjson_doc *doc = NULL;
    enum kiosk_err err = sync_get_page(s, "Questionnaire search", q, &doc, NULL);
    if (err != KIOSK_OK)
        return err;
    struct fjson *b = fjson_root(doc);
    struct fjson *res = NULL;
    for (size_t i = 0; i < fhir_bundle_count(b) && !res; i++) {
        struct fjson *r = fhir_bundle_resource(b, i);
        const char *ru = fjson_str(r, "url"), *rv = fjson_str(r, "version");
        if (ru && strcmp(ru, url) == 0 && (!version[0] || (rv && strcmp(rv, version) == 0)))
            res = r;
    }
    if (!res) {
        log_warn(MOD, "a form's Questionnaire is not on the server");
    } else {
        const char *rv = fjson_str(res, "version");
        err = store_questionnaire_put(st, url, version[0] ? version : (rv ? rv : ""),
                                      fjson_value_text(res), kclock_wall(s->clock));
        if (err == KIOSK_OK)
            s->rep->pulled++;
        else
            sync_note_error(s, "questionnaire", err);
    }
    fjson_doc_free(doc);
    return err;
}

enum kiosk_err sync_pull_forms(struct sync *s, struct store *st, int64_t day_start, int64_t day_end)
{
    char ids[FORM_PATIENTS_MAX][KIOSK_IDENT_MAX]; /* 12.8 KB on the sync thread's stack */
    int n = 0;
    enum kiosk_err err = store_patients_between(st, day_start, day_end, ids, FORM_PATIENTS_MAX, &n);
    if (err != KIOSK_OK)
        return err;
    for (int i = 0; i < n; i += FORM_ID_CHUNK) {
        int k = n - i < FORM_ID_CHUNK ? n - i : FORM_ID_CHUNK;
        err = pull_task_chunk(s, st, ids + i, k);
        if (err != KIOSK_OK)
            return err;
        sync_serve_find(s, st);
    }
    char missing[FORM_Q_MAX][STORE_CANONICAL_MAX];
    int m = 0;
    err = store_questionnaires_missing(st, missing, FORM_Q_MAX, &m);
    for (int i = 0; i < m && err == KIOSK_OK; i++)
        err = fetch_questionnaire(s, st, missing[i]);
    return err;
}

enum kiosk_err sync_form_load(struct store *st, const char *canonical, struct form *out)
{
    char url[FHIR_CANONICAL_MAX], version[64], *json = NULL;
    size_t len = 0;
    struct fjson_doc *doc = NULL;
    if (!fhir_canonical_split(canonical, url, sizeof(url), version, sizeof(version)))
        return KIOSK_ERR_INVALID;
    enum kiosk_err err = store_questionnaire_get(st, url, version, &json, &len);
    if (err != KIOSK_OK)
        return err;
    err = fjson_parse(json, len, SYNC_MAX_BODY, &doc);
    kmem_free(json);
    if (err != KIOSK_OK)
        return KIOSK_ERR_INVALID;
    err = fhir_read_questionnaire(fjson_root(doc), out);
    fjson_doc_free(doc);
    return err;
}
