/* Push: the outbox to the server, oldest first (sync.h).
 *
 * Every entry carries the key the kiosk made before its first send, and
 * the server keeps each exactly once whatever the kiosk repeats:
 * - appointment.arrived: read the Appointment, and if it is still booked
 *   write it back as "arrived" with If-Match on the version read. A 412
 *   means someone changed it meanwhile: read again (already arrived: done;
 *   cancelled: parked and staff told). A PUT whose answer was lost is
 *   found "arrived" at the next read, so it is never written twice.
 * - help.request and billing.question (Task), device.alert, update.result, staff.alert
 *   (Communication) and payment.posted (PaymentReconciliation): conditional
 *   create with If-None-Exist on identifier urn:ietf:rfc:3986|urn:uuid:<key>.
 * 2xx: done. 408, 429, 5xx, 401/403 and network trouble: the entry waits
 * (exponential backoff with jitter, Retry-After honoured) and the round
 * stops, keeping the order. Any other 4xx: parked for staff, never deleted. */
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

/* --- building resources ----------------------------------------------------------------- */

static json_object *str(const char *s)
{
    return json_object_new_string(s ? s : "");
}

static void add(json_object *o, const char *key, json_object *v)
{
    json_object_object_add(o, key, v);
}

static json_object *key_identifier(const char *key)
{
    char value[80];
    snprintf(value, sizeof(value), "urn:uuid:%s", key);
    json_object *id = json_object_new_object();
    add(id, "system", str(KEY_SYSTEM));
    add(id, "value", str(value));
    json_object *list = json_object_new_array();
    json_object_array_add(list, id);
    return list;
}

static json_object *text_concept(const char *text)
{
    json_object *cc = json_object_new_object();
    add(cc, "text", str(text));
    return cc;
}

static void instant_of(struct fjson *payload, char *out, size_t size)
{
    int64_t at = 0;
    if (!fjson_int(fjson_get(payload, "at"), &at) || at <= 0)
        at = 0;
    sync_format_instant(at, out, size);
}

/* Communication to staff: what happened at which kiosk, nothing about who. */
static json_object *communication(const char *key, const char *category, const char *text,
                                  const char *when)
{
    json_object *c = json_object_new_object();
    add(c, "resourceType", str("Communication"));
    add(c, "identifier", key_identifier(key));
    add(c, "status", str("completed"));
    json_object *cats = json_object_new_array();
    json_object_array_add(cats, text_concept(category));
    add(c, "category", cats);
    add(c, "priority", str("urgent"));
    add(c, "sent", str(when));
    json_object *payloads = json_object_new_array();
    json_object *p = json_object_new_object();
    add(p, "contentString", str(text));
    json_object_array_add(payloads, p);
    add(c, "payload", payloads);
    return c;
}

/* A Task for staff, keyed by the outbox key. */
static json_object *task(const char *key, const char *priority, const char *code_text,
                         const char *text, const char *when)
{
    json_object *t = json_object_new_object();
    add(t, "resourceType", str("Task"));
    add(t, "identifier", key_identifier(key));
    add(t, "status", str("requested"));
    add(t, "intent", str("order"));
    add(t, "priority", str(priority));
    add(t, "code", text_concept(code_text));
    add(t, "description", str(text));
    add(t, "authoredOn", str(when));
    return t;
}

/* The resource an outbox entry becomes; NULL with r set for bad payloads. */
static json_object *resource_for(struct sync *s, const struct outbox_item *it,
                                 struct fjson *payload, const char **type, struct result *r)
{
    char when[40], text[400];
    const char *loc = fjson_str(payload, "location");
    if (!loc || !loc[0])
        loc = s->kiosk_location;
    instant_of(payload, when, sizeof(when));

    if (strcmp(it->kind, "help.request") == 0) {
        const char *screen = fjson_str(payload, "screen");
        const char *lang = fjson_str(payload, "lang");
        snprintf(text, sizeof(text),
                 "A patient at the kiosk in %s asked for help (screen: %s, "
                 "language: %s).",
                 loc, screen ? screen : "?", lang ? lang : "?");
        *type = "Task";
        return task(it->key, "urgent", "Patient asked for help at a kiosk", text, when);
    }
    if (strcmp(it->kind, "billing.question") == 0) {
        /* The patient chose to leave a number: billing staff call back. */
        const char *topic = fjson_str(payload, "topic");
        const char *phone = fjson_str(payload, "phone");
        const char *lang = fjson_str(payload, "lang");
        const char *inv = fjson_str(payload, "invoice");
        if (!phone || !phone[0]) {
            set(r, OUT_PARK, "billing question without a callback number");
            return NULL;
        }
        snprintf(text, sizeof(text),
                 "A patient at the kiosk in %s asks billing to call back about: %s. "
                 "Call %s (language: %s).",
                 loc,
                 topic && strcmp(topic, "plan") == 0        ? "a payment plan"
                 : topic && strcmp(topic, "insurance") == 0 ? "insurance"
                 : topic && strcmp(topic, "bill") == 0      ? "a question about a bill"
                                                            : "a billing question",
                 phone, lang ? lang : "?");
        json_object *t =
            task(it->key, "routine", "Billing callback requested at a kiosk", text, when);
        if (inv && inv[0]) {
            char ref[KIOSK_IDENT_MAX + 16];
            snprintf(ref, sizeof(ref), "Invoice/%s", inv);
            json_object *focus = json_object_new_object();
            add(focus, "reference", str(ref));
            add(t, "focus", focus);
        }
        *type = "Task";
        return t;
    }
    if (strcmp(it->kind, "device.alert") == 0) {
        const char *dev = fjson_str(payload, "device");
        const char *state = fjson_str(payload, "state");
        snprintf(text, sizeof(text), "Kiosk in %s: %s: %s.", loc, dev ? dev : "device",
                 state ? state : "needs attention");
        *type = "Communication";
        return communication(it->key, "Kiosk device alert", text, when);
    }
    if (strcmp(it->kind, "update.result") == 0) {
        const char *ver = fjson_str(payload, "version");
        const char *result = fjson_str(payload, "result");
        snprintf(text, sizeof(text), "Kiosk in %s: software %s: %s.", loc, ver ? ver : "?",
                 result ? result : "?");
        *type = "Communication";
        return communication(it->key, "Kiosk software update", text, when);
    }
    if (strcmp(it->kind, "staff.alert") == 0) {
        const char *msg = fjson_str(payload, "text");
        snprintf(text, sizeof(text), "Kiosk in %s: %s", loc, msg ? msg : "please check");
        *type = "Communication";
        return communication(it->key, "Kiosk alert", text, when);
    }
    if (strcmp(it->kind, "payment.posted") == 0) {
        int64_t minor = 0;
        const char *cur = fjson_str(payload, "currency");
        const char *inv = fjson_str(payload, "invoice");
        const char *auth = fjson_str(payload, "auth_code");
        if (!fjson_int(fjson_get(payload, "amount_minor"), &minor) || minor <= 0 || !cur ||
            strlen(cur) != 3) {
            set(r, OUT_PARK, "payment entry without a usable amount or currency");
            return NULL;
        }
        char amount[32];
        snprintf(amount, sizeof(amount), "%s%lld.%02lld", minor < 0 ? "-" : "",
                 (long long)(minor / 100), (long long)(minor % 100));
        json_object *pr = json_object_new_object();
        add(pr, "resourceType", str("PaymentReconciliation"));
        add(pr, "identifier", key_identifier(it->key));
        add(pr, "status", str("active"));
        add(pr, "created", str(when));
        add(pr, "outcome", str("complete"));
        add(pr, "disposition", str("Paid at a self-service kiosk by card"));
        char day[11];
        kstr_copy(day, sizeof(day), when);
        add(pr, "paymentDate", str(day));
        json_object *money = json_object_new_object();
        /* The exact decimal text, never a double's rounding. */
        add(money, "value", json_object_new_double_s(0, amount));
        add(money, "currency", str(cur));
        add(pr, "paymentAmount", money);
        if (auth && auth[0]) {
            json_object *pid = json_object_new_object();
            add(pid, "value", str(auth));
            add(pr, "paymentIdentifier", pid);
        }
        if (inv && inv[0]) {
            json_object *detail = json_object_new_object();
            json_object *dtype = json_object_new_object();
            json_object *codings = json_object_new_array();
            json_object *coding = json_object_new_object();
            add(coding, "system", str("http://terminology.hl7.org/CodeSystem/payment-type"));
            add(coding, "code", str("payment"));
            json_object_array_add(codings, coding);
            add(dtype, "coding", codings);
            add(detail, "type", dtype);
            char ref[96];
            snprintf(ref, sizeof(ref), "Invoice/%s", inv);
            json_object *req = json_object_new_object();
            add(req, "reference", str(ref));
            add(detail, "request", req);
            json_object *dmoney = json_object_new_object();
            add(dmoney, "value", json_object_new_double_s(0, amount));
            add(dmoney, "currency", str(cur));
            add(detail, "amount", dmoney);
            json_object *details = json_object_new_array();
            json_object_array_add(details, detail);
            add(pr, "detail", details);
        }
        *type = "PaymentReconciliation";
        return pr;
    }
    set(r, OUT_PARK, "unknown kind of outbox entry");
    return NULL;
}

static enum outcome conditional_create(struct sync *s, const struct outbox_item *it,
                                       struct fjson *payload, struct result *r)
{
    const char *type = NULL;
    json_object *res = resource_for(s, it, payload, &type, r);
    if (!res)
        return r->outcome;
    char cond[160];
    snprintf(cond, sizeof(cond), "If-None-Exist: identifier=%s|urn:uuid:%s", KEY_SYSTEM, it->key);
    const char *const headers[] = {cond, NULL};
    struct http_response resp;
    struct fjson_doc *doc = NULL;
    const char *body = json_object_to_json_string_ext(res, JSON_C_TO_STRING_PLAIN |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE);
    enum kiosk_err err = sync_call(s, "POST", type, headers, body, &resp, &doc);
    json_object_put(res);
    if (err != KIOSK_OK)
        return transport(r, type, err);
    classify(r, type, &resp, doc);
    fjson_doc_free(doc);
    http_response_free(&resp);
    return r->outcome;
}

/* --- check-ins -------------------------------------------------------------------------- */

/* Staff hear that a patient checked in for an appointment that the server
 * has as cancelled: the code tells the desk which one, nothing else. */
static void tell_staff(struct sync *s, struct store *st, const char *code, const char *status)
{
    char key[KIOSK_UUID_LEN], payload[400], text[200];
    if (kiosk_uuid(key) != KIOSK_OK)
        return;
    snprintf(text, sizeof(text),
             "a patient checked in for appointment %s, which the billing server has as %s. "
             "Please see them at the desk.",
             code, status);
    json_object *p = json_object_new_object();
    add(p, "kind", str("staff"));
    add(p, "text", str(text));
    add(p, "at", json_object_new_int64(kclock_wall(s->clock)));
    kstr_copy(
        payload, sizeof(payload),
        json_object_to_json_string_ext(p, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(p);
    if (store_outbox_add(st, key, "staff.alert", payload, kclock_wall(s->clock)) != KIOSK_OK)
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

static enum outcome arrived(struct sync *s, struct store *st, struct fjson *payload,
                            struct result *r)
{
    const char *code = fjson_str(payload, "code");
    const char *old = fjson_str(payload, "appointment");
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
        struct fjson_doc *payload = NULL;
        if (fjson_parse(it.payload, strlen(it.payload), 65536, &payload) != KIOSK_OK)
            set(&r, OUT_PARK, "the entry's payload is not readable");
        else if (strcmp(it.kind, "appointment.arrived") == 0)
            arrived(s, st, fjson_root(payload), &r);
        else
            conditional_create(s, &it, fjson_root(payload), &r);
        fjson_doc_free(payload);

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
            return KIOSK_ERR_OFFLINE; /* keep the order: the rest waits too */
        }
        store_outbox_item_free(&it);
        if (err != KIOSK_OK) {
            sync_note_error(s, "updating the outbox", err);
            return err;
        }
        sync_serve_find(s, st);
    }
    return KIOSK_OK;
}
