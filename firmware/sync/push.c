/* Push: the outbox to the server, oldest first (sync.h).
 *
 * Every entry carries the key the kiosk made before its first send, and
 * the server keeps each exactly once whatever the kiosk repeats:
 * - appointment.arrived: read the Appointment, and if it is still booked
 *   write it back as "arrived" with If-Match on the version read. A 412
 *   means someone changed it meanwhile: read again (already arrived: done;
 *   cancelled: parked and staff told). A PUT whose answer was lost is
 *   found "arrived" at the next read, so it is never written twice.
 * - form.response: its QuestionnaireResponse by conditional create, a
 *   consent's Consent (same key) naming it, then the Task that asked for
 *   the form set to completed with the response as output (If-Match).
 * - every other kind: the resource outbox_fhir.c makes of the record
 *   (Task, Communication, PaymentReconciliation), by conditional create
 *   with If-None-Exist on identifier urn:ietf:rfc:3986|urn:uuid:<key>.
 * The row's kind is looked up by its stored name in the outbox kind table
 * (firmware/outbox); an unknown kind or an unreadable payload is parked.
 * 2xx: done. 408, 429, 5xx, 401/403 and network trouble: the entry waits
 * (exponential backoff with jitter, Retry-After honoured) and the round
 * stops, keeping the order. Any other 4xx: parked for staff, never deleted. */
#include "outbox_fhir.h"
#include "sync_private.h"

#include "firmware/core/id.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/store/store.h"
#include "firmware/store/store_sync.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#define MOD "sync"

#define KEY_SYSTEM      "urn:ietf:rfc:3986"
#define BACKOFF_BASE_MS 5000
#define BACKOFF_MAX_MS  (10 * 60 * 1000)

enum outcome { OUT_DONE, OUT_RETRY, OUT_PARK };

struct result {
    enum outcome outcome;
    int retry_after_s; /* from the server; -1 none */
    char why[200];
};

static enum outcome set(struct result *r, enum outcome o, const char *why)
{
    r->outcome = o;
    kstr_copy(r->why, sizeof(r->why), why);
    return o;
}

/* The outcome of an HTTP status for a write. */
static enum outcome classify(struct result *res, const char *what, struct http_response *r,
                             struct fjson_doc *doc)
{
    char why[200], text[120] = "";
    if (r->status >= 200 && r->status < 300)
        return set(res, OUT_DONE, "");
    if (doc)
        fhir_outcome_text(fjson_root(doc), text, sizeof(text));
    snprintf(why, sizeof(why), "%s: the server answered %ld%s%s", what, r->status,
             text[0] ? " " : "", text);
    res->retry_after_s = r->retry_after_s;
    if (r->status == 408 || r->status == 429 || r->status >= 500 || r->status == 401 ||
        r->status == 403)
        return set(res, OUT_RETRY, why);
    return set(res, OUT_PARK, why);
}

static enum outcome transport(struct result *res, const char *what, enum kiosk_err err)
{
    char why[200];
    const char *d = kiosk_err_detail();
    snprintf(why, sizeof(why), "%s: %s", what, d[0] ? d : kiosk_strerror(err));
    return set(res, OUT_RETRY, why);
}

/* --- new resources ------------------------------------------------------------------------ */

/* POST res (consumed) as type by conditional create on key; *id (may be
 * NULL) receives the id of the resource the server keeps, new or found. */
static enum outcome create_keyed(struct sync *s, const char *type, json_object *res,
                                 const char *key, char *id, size_t id_size, struct result *r)
{
    char cond[160];
    snprintf(cond, sizeof(cond), "If-None-Exist: identifier=%s|urn:uuid:%s", KEY_SYSTEM, key);
    const char *const headers[] = {cond, NULL};
    struct http_response resp;
    struct fjson_doc *doc = NULL;
    const char *body = json_object_to_json_string_ext(res, JSON_C_TO_STRING_PLAIN |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE);
    enum kiosk_err err = sync_call(s, "POST", type, headers, body, &resp, &doc);
    json_object_put(res);
    if (err != KIOSK_OK)
        return transport(r, type, err);
    if (classify(r, type, &resp, doc) == OUT_DONE && id) {
        const char *got = doc ? fjson_str(fjson_root(doc), "id") : NULL;
        if (!got || !kstr_copy(id, id_size, got))
            set(r, OUT_RETRY, "the server kept the form response but did not say its id");
    }
    fjson_doc_free(doc);
    http_response_free(&resp);
    return r->outcome;
}

static enum outcome conditional_create(struct sync *s, const struct outbox_item *it,
                                       const struct outbox_record *rec, struct result *r)
{
    const char *type = NULL;
    char why[200];
    json_object *res =
        outbox_fhir_resource(rec, it->key, s->kiosk_location, &type, why, sizeof(why));
    if (!res)
        return set(r, OUT_PARK, why);
    return create_keyed(s, type, res, it->key, NULL, 0, r);
}

/* --- forms ------------------------------------------------------------------------------ */

/* The Task that asked for the form: completed, its output the response. A
 * Task already closed (by the desk, or by our earlier try) is left. */
static enum outcome complete_task(struct sync *s, const char *task, const char *response_id,
                                  struct result *r)
{
    char url[220], esc[3 * KIOSK_IDENT_MAX], ref[KIOSK_IDENT_MAX + 32];
    if (!http_escape(esc, sizeof(esc), task))
        return set(r, OUT_PARK, "form task id too long");
    snprintf(url, sizeof(url), "Task/%s", esc);
    snprintf(ref, sizeof(ref), "QuestionnaireResponse/%s", response_id);
    for (int attempt = 0; attempt < 3; attempt++) {
        struct http_response resp;
        struct fjson_doc *doc = NULL;
        enum kiosk_err err = sync_call(s, "GET", url, NULL, NULL, &resp, &doc);
        if (err != KIOSK_OK)
            return transport(r, "Task read", err);
        if (resp.status == 404 || resp.status == 410) {
            fjson_doc_free(doc);
            http_response_free(&resp);
            return set(r, OUT_DONE, ""); /* withdrawn: the response is kept all the same */
        }
        if (classify(r, "Task read", &resp, doc) != OUT_DONE || !doc) {
            fjson_doc_free(doc);
            http_response_free(&resp);
            return r->outcome == OUT_DONE ? set(r, OUT_RETRY, "Task read: empty answer")
                                          : r->outcome;
        }
        http_response_free(&resp);
        json_object *t = json_tokener_parse(fjson_text(doc));
        const char *version = fjson_str(fjson_get(fjson_root(doc), "meta"), "versionId");
        char match[96];
        snprintf(match, sizeof(match), "If-Match: W/\"%s\"", version ? version : "");
        fjson_doc_free(doc);
        json_object *status = NULL;
        if (!t || !json_object_object_get_ex(t, "status", &status)) {
            json_object_put(t);
            return set(r, OUT_RETRY, "Task read: not a Task");
        }
        const char *st = json_object_get_string(status);
        if (strcmp(st, "requested") != 0 && strcmp(st, "ready") != 0 &&
            strcmp(st, "received") != 0 && strcmp(st, "accepted") != 0 &&
            strcmp(st, "in-progress") != 0) {
            json_object_put(t);
            return set(r, OUT_DONE, "");
        }
        json_object_object_add(t, "status", json_object_new_string("completed"));
        json_object *out = json_object_new_object();
        json_object *type = json_object_new_object();
        json_object *codings = json_object_new_array();
        json_object *coding = json_object_new_object();
        json_object_object_add(
            coding, "system", json_object_new_string("http://hl7.org/fhir/uv/sdc/CodeSystem/temp"));
        json_object_object_add(coding, "code", json_object_new_string("questionnaire-response"));
        json_object_array_add(codings, coding);
        json_object_object_add(type, "coding", codings);
        json_object_object_add(out, "type", type);
        json_object *vref = json_object_new_object();
        json_object_object_add(vref, "reference", json_object_new_string(ref));
        json_object_object_add(out, "valueReference", vref);
        json_object *outs = json_object_new_array();
        json_object_array_add(outs, out);
        json_object_object_add(t, "output", outs);
        const char *const headers[] = {match, NULL};
        struct fjson_doc *answer = NULL;
        err = sync_call(s, "PUT", url, version ? headers : NULL,
                        json_object_to_json_string_ext(t, JSON_C_TO_STRING_PLAIN |
                                                              JSON_C_TO_STRING_NOSLASHESCAPE),
                        &resp, &answer);
        json_object_put(t);
        if (err != KIOSK_OK)
            return transport(r, "Task update", err);
        long code = resp.status;
        classify(r, "Task update", &resp, answer);
        fjson_doc_free(answer);
        http_response_free(&resp);
        if (code != 412)
            return r->outcome;
    }
    return set(r, OUT_RETRY, "the form's Task kept changing on the server; will try again");
}

/* A completed form: the response (conditional create), a consent's Consent
 * naming it, then its Task completed. Each step is keyed or idempotent, so
 * a retry after any of them repeats nothing on the server. */
static enum outcome form_response(struct sync *s, const struct outbox_item *it,
                                  const struct outbox_record *rec, struct result *r)
{
    const char *type = NULL;
    char why[200], id[KIOSK_IDENT_MAX];
    json_object *qr =
        outbox_fhir_resource(rec, it->key, s->kiosk_location, &type, why, sizeof(why));
    if (!qr)
        return set(r, OUT_PARK, why);
    if (create_keyed(s, type, qr, it->key, id, sizeof(id), r) != OUT_DONE)
        return r->outcome;
    if (rec->form.consent[0]) {
        json_object *c = outbox_fhir_consent(rec, it->key, id, why, sizeof(why));
        if (!c)
            return set(r, OUT_PARK, why);
        if (create_keyed(s, "Consent", c, it->key, NULL, 0, r) != OUT_DONE)
            return r->outcome;
    }
    if (!rec->form.task[0])
        return set(r, OUT_DONE, "");
    return complete_task(s, rec->form.task, id, r);
}

/* --- check-ins -------------------------------------------------------------------------- */

/* Staff hear that a patient checked in for an appointment that the server
 * has as cancelled: the code tells the desk which one, nothing else. */
static void tell_staff(struct sync *s, struct store *st, const char *code, const char *status)
{
    char key[KIOSK_UUID_LEN];
    struct outbox_record rec = {.kind = OUTBOX_STAFF_ALERT, .at_ms = kclock_wall(s->clock)};
    if (kiosk_uuid(key) != KIOSK_OK)
        return;
    snprintf(rec.staff.text, sizeof(rec.staff.text),
             "a patient checked in for appointment %s, which the billing server has as %s. "
             "Please see them at the desk.",
             code, status);
    if (store_outbox_add(st, key, &rec, kclock_wall(s->clock)) != KIOSK_OK)
        log_error(MOD, "staff alert could not be queued");
}

/* The appointment's FHIR id: from the cache, else by its business code. */
static enum outcome find_appointment(struct sync *s, struct store *st, const char *code, char *id,
                                     size_t size, struct result *r)
{
    char version[64], url[700], esc_sys[400], esc_code[200];
    if (store_appointment_ref(st, code, id, size, version, sizeof(version)) == KIOSK_OK && id[0])
        return OUT_DONE;
    if (!http_escape(esc_sys, sizeof(esc_sys), s->appt_system) ||
        !http_escape(esc_code, sizeof(esc_code), code))
        return set(r, OUT_PARK, "appointment code too long to look up");
    snprintf(url, sizeof(url), "Appointment?identifier=%s%%7C%s", esc_sys, esc_code);
    struct http_response resp;
    struct fjson_doc *doc = NULL;
    enum kiosk_err err = sync_call(s, "GET", url, NULL, NULL, &resp, &doc);
    if (err != KIOSK_OK)
        return transport(r, "Appointment search", err);
    enum outcome o = classify(r, "Appointment search", &resp, doc);
    if (o == OUT_DONE) {
        const char *found = doc ? fjson_str(fhir_bundle_resource(fjson_root(doc), 0), "id") : NULL;
        if (!found || !kstr_copy(id, size, found))
            o = set(r, OUT_PARK, "the appointment is not known to the billing server");
    }
    fjson_doc_free(doc);
    http_response_free(&resp);
    return o;
}

static enum outcome arrived(struct sync *s, struct store *st, const struct outbox_arrived *rec,
                            struct result *r)
{
    const char *code = rec->code;
    const char *old = rec->appointment;
    char id[KIOSK_IDENT_MAX], url[220], esc[3 * KIOSK_IDENT_MAX];
    char ver[64];
    if (old && old[0] && (!code || !code[0])) {
        /* Written by schema-1 firmware: the FHIR id when it knew one, else
         * the code. A code the cache knows wins; otherwise it is the id. */
        if (store_appointment_ref(st, old, id, sizeof(id), ver, sizeof(ver)) == KIOSK_OK && id[0])
            code = old;
        else if (!kstr_copy(id, sizeof(id), old))
            return set(r, OUT_PARK, "check-in entry with an unusable appointment");
    }
    if ((!code || !code[0]) && !(old && old[0]))
        return set(r, OUT_PARK, "check-in entry without an appointment code");
    if (code && code[0] && find_appointment(s, st, code, id, sizeof(id), r) != OUT_DONE)
        return r->outcome;
    if (!code || !code[0])
        code = old; /* for the words to staff below */
    if (!http_escape(esc, sizeof(esc), id))
        return set(r, OUT_PARK, "appointment id too long");
    snprintf(url, sizeof(url), "Appointment/%s", esc);

    for (int attempt = 0; attempt < 3; attempt++) {
        struct http_response resp;
        struct fjson_doc *doc = NULL;
        enum kiosk_err err = sync_call(s, "GET", url, NULL, NULL, &resp, &doc);
        if (err != KIOSK_OK)
            return transport(r, "Appointment read", err);
        if (resp.status == 404 || resp.status == 410) {
            fjson_doc_free(doc);
            http_response_free(&resp);
            tell_staff(s, st, code, "deleted");
            return set(r, OUT_PARK,
                       "the appointment was deleted on the billing server; staff "
                       "were told");
        }
        if (classify(r, "Appointment read", &resp, doc) != OUT_DONE || !doc) {
            fjson_doc_free(doc);
            http_response_free(&resp);
            return r->outcome == OUT_DONE ? set(r, OUT_RETRY, "Appointment read: empty answer")
                                          : r->outcome;
        }
        http_response_free(&resp);
        struct fjson *appt = fjson_root(doc);
        const char *status = fjson_str(appt, "status");
        const char *version = fjson_str(fjson_get(appt, "meta"), "versionId");
        const char *type = fjson_str(appt, "resourceType");
        if (!type || strcmp(type, "Appointment") != 0 || !status) {
            fjson_doc_free(doc);
            return set(r, OUT_RETRY, "Appointment read: not an Appointment");
        }
        if (strcmp(status, "arrived") == 0 || strcmp(status, "checked-in") == 0 ||
            strcmp(status, "fulfilled") == 0) {
            fjson_doc_free(doc);
            return set(r, OUT_DONE, ""); /* ours, or the desk's: either way done */
        }
        if (strcmp(status, "cancelled") == 0 || strcmp(status, "noshow") == 0 ||
            strcmp(status, "entered-in-error") == 0) {
            char st_copy[24];
            kstr_copy(st_copy, sizeof(st_copy), status);
            fjson_doc_free(doc);
            tell_staff(s, st, code, st_copy);
            snprintf(r->why, sizeof(r->why),
                     "the appointment is %s on the billing server; staff were told", st_copy);
            r->outcome = OUT_PARK;
            return OUT_PARK;
        }
        char match[96];
        snprintf(match, sizeof(match), "If-Match: W/\"%s\"", version ? version : "");
        const char *const headers[] = {match, NULL};
        if ((err = fjson_set_str(appt, "status", "arrived")) != KIOSK_OK) {
            fjson_doc_free(doc);
            return transport(r, "Appointment update", err);
        }
        struct fjson_doc *answer = NULL;
        err = sync_call(s, "PUT", url, version ? headers : NULL, fjson_text(doc), &resp, &answer);
        fjson_doc_free(doc);
        if (err != KIOSK_OK)
            return transport(r, "Appointment update", err);
        long code_http = resp.status;
        classify(r, "Appointment update", &resp, answer);
        fjson_doc_free(answer);
        http_response_free(&resp);
        if (code_http != 412)
            return r->outcome;
        /* Changed since we read it: read again. */
    }
    return set(r, OUT_RETRY, "the appointment kept changing on the server; will try again");
}

/* --- the queue ------------------------------------------------------------------------- */

static int64_t backoff_ms(struct sync *s, int attempts, int retry_after_s)
{
    int64_t d = BACKOFF_BASE_MS;
    for (int i = 0; i < attempts && d < BACKOFF_MAX_MS; i++)
        d *= 2;
    if (d > BACKOFF_MAX_MS)
        d = BACKOFF_MAX_MS;
    /* Jitter, so kiosks that lost the server together do not return together. */
    s->rng = s->rng * 1664525u + 1013904223u;
    d = d / 2 + (int64_t)((uint64_t)d * (s->rng >> 16) / 65536u);
    if (retry_after_s >= 0 && (int64_t)retry_after_s * 1000 > d)
        d = (int64_t)retry_after_s * 1000;
    return d;
}

enum kiosk_err sync_push(struct sync *s, struct store *st)
{
    for (int n = 0; n < SYNC_MAX_PUSH; n++) {
        struct outbox_item it;
        enum kiosk_err err = store_outbox_head(st, &it);
        if (err == KIOSK_ERR_NOT_FOUND)
            return KIOSK_OK;
        if (err != KIOSK_OK) {
            sync_note_error(s, "reading the outbox", err);
            return err;
        }
        int64_t now = kclock_wall(s->clock);
        /* An entry due further ahead than any backoff was stamped by a
         * clock that has since been set back: it is due now. */
        if (it.next_attempt_ms > now && it.next_attempt_ms - now <= BACKOFF_MAX_MS * 3 / 2) {
            s->rep->retrying++;
            snprintf(s->rep->error, sizeof(s->rep->error), "outbox: waiting to retry");
            store_outbox_item_free(&it);
            return KIOSK_OK;
        }
        struct result r = {.retry_after_s = -1};
        enum outbox_kind kind;
        struct outbox_record rec; /* about 30 KB: a form's answers and signature */
        if (!outbox_kind_from_name(it.kind, &kind))
            set(&r, OUT_PARK, "unknown kind of outbox entry");
        else if (outbox_decode(kind, it.payload, it.created_ms, &rec) != KIOSK_OK)
            set(&r, OUT_PARK, "the entry's payload is not readable");
        else if (kind == OUTBOX_FORM_RESPONSE)
            form_response(s, &it, &rec, &r);
        else if (!outbox_fhir_creates(kind))
            arrived(s, st, &rec.arrived, &r);
        else
            conditional_create(s, &it, &rec, &r);

        switch (r.outcome) {
        case OUT_DONE:
            err = store_outbox_done(st, it.id, now);
            if (err == KIOSK_OK)
                s->rep->pushed++;
            break;
        case OUT_PARK:
            err = store_outbox_park(st, it.id, r.why);
            s->rep->parked++;
            log_warn(MOD, "an outbox entry was parked for staff");
            log_note(LOG_WARN, MOD, it.kind, r.why);
            break;
        case OUT_RETRY:
            err = store_outbox_retry(st, it.id, now + backoff_ms(s, it.attempts, r.retry_after_s),
                                     r.why);
            s->rep->retrying++;
            kiosk_err_set_detail("%s", r.why);
            sync_note_error(s, "sending the outbox", KIOSK_ERR_OFFLINE);
            store_outbox_item_free(&it);
            kmem_wipe(&rec, sizeof(rec));
            return KIOSK_ERR_OFFLINE; /* keep the order: the rest waits too */
        }
        store_outbox_item_free(&it);
        kmem_wipe(&rec, sizeof(rec));
        if (err != KIOSK_OK) {
            sync_note_error(s, "updating the outbox", err);
            return err;
        }
        sync_serve_find(s, st);
    }
    return KIOSK_OK;
}
