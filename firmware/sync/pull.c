/* Pull: the server's data into the cache (sync.h).
 *
 * 1. Today's appointments for this location. With a cursor when the server
 *    can search Appointment by _lastUpdated; every 15 minutes (and always
 *    when it cannot) the whole day is read again and versions compared,
 *    which is also how appointments deleted on the server leave the cache.
 * 2. For patients met for the first time: Patient, Account, Invoice and
 *    ChargeItem, written with the patient in one transaction.
 * 3. Changes since each type's cursor for the patients already cached;
 *    changes for anyone else are not ours and are skipped.
 *
 * Network first, then one short write transaction per page (the UI's
 * check-ins wait for no download). Cursors come from the server's
 * meta.lastUpdated and its Date header, never from the kiosk clock, and
 * keep an overlap for changes committed late (save_cursor). */
#include "sync_private.h"
#include "sync_testing.h"

#include "firmware/core/clock.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/store/store.h"
#include "firmware/store/store_sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MOD "sync"

#define MAX_DOCS    64 /* pages held before one write */
#define ID_CHUNK    40 /* patient ids in one search */
#define MAX_NEW_IDS SYNC_PAGE_SIZE

struct docs {
    struct fjson_doc *d[MAX_DOCS];
    int n;
};

static void docs_free(struct docs *ds)
{
    for (int i = 0; i < ds->n; i++)
        fjson_doc_free(ds->d[i]);
    ds->n = 0;
}

/* Classify a non-2xx search answer for the report. */
static enum kiosk_err search_status(struct sync *s, const char *what, struct http_response *r,
                                    struct fjson_doc *doc)
{
    char why[160] = "";
    if (doc)
        fhir_outcome_text(fjson_root(doc), why, sizeof(why));
    kiosk_err_set_detail("%s answered %ld%s%s", what, r->status, why[0] ? ": " : "", why);
    enum kiosk_err err = r->status == 429 || r->status >= 500 || r->status == 408 ||
                                 r->status == 401 || r->status == 403
                             ? KIOSK_ERR_OFFLINE
                             : KIOSK_ERR_PROTOCOL;
    sync_note_error(s, "pull", err);
    return err;
}

/* The answer r (and *doc) to a search: a searchset page, or an error.
 * *next (may be NULL) gets its next link. */
static enum kiosk_err page_answer(struct sync *s, const char *what, struct http_response *r,
                                  struct fjson_doc **doc, const char **next)
{
    if (r->status != 200 || !*doc) {
        enum kiosk_err err = search_status(s, what, r, *doc);
        fjson_doc_free(*doc);
        *doc = NULL;
        http_response_free(r);
        return err;
    }
    http_response_free(r);
    const char *type = fjson_str(fjson_root(*doc), "resourceType");
    if (!type || strcmp(type, "Bundle") != 0) {
        kiosk_err_set_detail("%s: the server answered no Bundle", what);
        sync_note_error(s, "pull", KIOSK_ERR_PROTOCOL);
        fjson_doc_free(*doc);
        *doc = NULL;
        return KIOSK_ERR_PROTOCOL;
    }
    s->rep->pages++;
    if (next)
        *next = fhir_bundle_next(fjson_root(*doc));
    return KIOSK_OK;
}

/* GET one searchset page; *doc holds it. *next (may be NULL) its next link. */
static enum kiosk_err get_page(struct sync *s, const char *what, const char *url,
                               struct fjson_doc **doc, const char **next)
{
    struct http_response r;
    *doc = NULL;
    enum kiosk_err err = sync_call(s, "GET", url, NULL, NULL, &r, doc);
    if (err != KIOSK_OK) {
        sync_note_error(s, what, err);
        return err;
    }
    return page_answer(s, what, &r, doc, next);
}

enum kiosk_err sync_get_page(struct sync *s, const char *what, const char *url,
                             struct fjson_doc **doc, const char **next)
{
    return get_page(s, what, url, doc, next);
}

/* A search whose parameters are patient data (a name, a birth date, a card
 * number): POST type/_search with the parameters as a form, so they stay
 * out of URLs, and so out of the access logs of the server and of every
 * proxy on the way. A server that searches by GET only (its answer to the
 * POST is 404, 405 or 501) is asked by GET. One page. */
static enum kiosk_err private_search(struct sync *s, const char *type, const char *form,
                                     struct fjson_doc **doc)
{
    static const char *const form_type[] = {"Content-Type: application/x-www-form-urlencoded",
                                            NULL};
    char url[1024];
    struct http_response r;
    *doc = NULL;
    snprintf(url, sizeof(url), "%s/_search", type);
    enum kiosk_err err = sync_call(s, "POST", url, form_type, form, &r, doc);
    if (err != KIOSK_OK) {
        sync_note_error(s, "patient search", err);
        return err;
    }
    if (r.status == 404 || r.status == 405 || r.status == 501) {
        fjson_doc_free(*doc);
        http_response_free(&r);
        if (snprintf(url, sizeof(url), "%s?%s", type, form) >= (int)sizeof(url))
            return KIOSK_ERR_TOO_BIG;
        err = get_page(s, "patient search", url, doc, NULL);
        kmem_wipe(url, sizeof(url));
        return err;
    }
    return page_answer(s, "patient search", &r, doc, NULL);
}

/* Every page of a search into ds. */
static enum kiosk_err get_all(struct sync *s, const char *what, const char *url, struct docs *ds)
{
    char buf[2048];
    kstr_copy(buf, sizeof(buf), url);
    for (int page = 0; page < SYNC_MAX_PAGES; page++) {
        if (ds->n >= MAX_DOCS) {
            kiosk_err_set_detail("%s: too many pages for one write", what);
            sync_note_error(s, "pull", KIOSK_ERR_TOO_BIG);
            return KIOSK_ERR_TOO_BIG;
        }
        const char *next = NULL;
        enum kiosk_err err = get_page(s, what, buf, &ds->d[ds->n], &next);
        if (err != KIOSK_OK)
            return err;
        ds->n++;
        if (!next)
            return KIOSK_OK;
        if (!kstr_copy(buf, sizeof(buf), next))
            return KIOSK_ERR_TOO_BIG;
    }
    return KIOSK_OK;
}

/* --- writing one resource ----------------------------------------------------------- */

/* True when the cache already has this version (nothing to write). */
static bool unchanged(struct store *st, enum store_kind kind, const struct fhir_meta *m)
{
    char v[64];
    return m->version[0] && store_version_of(st, kind, m->id, v, sizeof(v)) == KIOSK_OK &&
           strcmp(v, m->version) == 0;
}

static void bad_resource(struct sync *s, const char *type)
{
    /* The detail names the element, never a value. */
    log_warn(MOD, "a resource was skipped: %E", KIOSK_ERR_INVALID);
    log_note(LOG_WARN, MOD, type, kiosk_err_detail());
    (void)s;
}

/* The address, emergency contact and record age beside the patient row. */
static enum kiosk_err put_details(struct store *st, int64_t row, const struct fhir_patient *p)
{
    struct details_sync_record d = {
        .patient_id = row,
        .addr_line = p->addr_line,
        .addr_city = p->addr_city,
        .addr_state = p->addr_state,
        .addr_postal = p->addr_postal,
        .addr_country = p->addr_country,
        .contact_name = p->contact_name[0] ? p->contact_name : NULL,
        .contact_relation = p->contact_relation,
        .contact_phone = p->contact_phone,
        .record_updated_ms = p->meta.last_updated_ms,
    };
    return store_details_sync(st, &d);
}

static enum kiosk_err put_patient(struct sync *s, struct store *st, struct fjson *res)
{
    struct fhir_patient p;
    int64_t row;
    if (fhir_read_patient(res, &s->sys, &p) != KIOSK_OK) {
        bad_resource(s, "Patient");
        return KIOSK_OK;
    }
    if (unchanged(st, SK_PATIENT, &p.meta)) {
        s->rep->skipped++;
        return KIOSK_OK;
    }
    struct patient_record rec = {
        .fhir_id = p.meta.id,
        .given = p.given,
        .family = p.family,
        .family_latin = p.family_latin,
        .birth_date = p.birth_date,
        .phone = p.phone,
        .email = p.email,
        .lang = p.lang,
        .version_id = p.meta.version,
    };
    enum kiosk_err err = store_patient_put(st, &rec, &row);
    if (err == KIOSK_OK)
        err = put_details(st, row, &p);
    if (err == KIOSK_OK)
        err = store_identifiers_clear(st, row);
    for (int i = 0; err == KIOSK_OK && i < p.ident_count; i++)
        err = store_identifier_put(st, row, p.idents[i].kind, p.idents[i].value);
    if (err == KIOSK_OK)
        s->rep->pulled++;
    return err;
}

/* The row of a cached patient; false when the patient is not ours. */
static bool our_patient(struct store *st, const char *fhir_id, int64_t *row)
{
    return fhir_id[0] && store_row_of(st, SK_PATIENT, fhir_id, row) == KIOSK_OK;
}

/* A change to a patient matters only for the patients the cache holds. */
static enum kiosk_err put_known_patient(struct sync *s, struct store *st, struct fjson *res)
{
    const char *id = fjson_str(res, "id");
    int64_t row;
    if (!id || !our_patient(st, id, &row)) {
        s->rep->skipped++;
        return KIOSK_OK;
    }
    return put_patient(s, st, res);
}

static enum kiosk_err put_account(struct sync *s, struct store *st, struct fjson *res)
{
    struct fhir_account a;
    int64_t row;
    if (fhir_read_account(res, &a) != KIOSK_OK) {
        bad_resource(s, "Account");
        return KIOSK_OK;
    }
    if (!our_patient(st, a.patient_id, &row) || unchanged(st, SK_ACCOUNT, &a.meta)) {
        s->rep->skipped++;
        return KIOSK_OK;
    }
    struct account_sync_record rec = {
        .fhir_id = a.meta.id,
        .patient_id = row,
        .name = a.name,
        .status = a.status,
        .currency = a.currency,
        .version_id = a.meta.version,
    };
    enum kiosk_err err = store_account_sync(st, &rec);
    if (err == KIOSK_OK)
        s->rep->pulled++;
    return err;
}

static enum kiosk_err put_charge_item(struct sync *s, struct store *st, struct fjson *res)
{
    struct fhir_charge_item c;
    int64_t row;
    if (fhir_read_charge_item(res, &c) != KIOSK_OK) {
        bad_resource(s, "ChargeItem");
        return KIOSK_OK;
    }
    if (!our_patient(st, c.patient_id, &row) || unchanged(st, SK_CHARGE_ITEM, &c.meta)) {
        s->rep->skipped++;
        return KIOSK_OK;
    }
    struct charge_item_record rec = {
        .fhir_id = c.meta.id,
        .patient_id = row,
        .account_fhir_id = c.account_id[0] ? c.account_id : NULL,
        .status = c.status,
        .code = c.code,
        .code_system = c.code_system,
        .description = c.description,
        .quantity = c.quantity,
        .total_minor = c.total_minor,
        .currency = c.currency,
        .occurred_ms = c.occurred_ms,
        .version_id = c.meta.version,
    };
    enum kiosk_err err = store_charge_item_sync(st, &rec);
    if (err == KIOSK_OK)
        s->rep->pulled++;
    return err;
}

static enum kiosk_err put_coverage(struct sync *s, struct store *st, struct fjson *res)
{
    struct fhir_coverage c;
    int64_t row;
    if (fhir_read_coverage(res, &c) != KIOSK_OK) {
        bad_resource(s, "Coverage");
        return KIOSK_OK;
    }
    if (!our_patient(st, c.patient_id, &row) || unchanged(st, SK_COVERAGE, &c.meta)) {
        s->rep->skipped++;
        return KIOSK_OK;
    }
    struct coverage_sync_record rec = {
        .fhir_id = c.meta.id,
        .patient_id = row,
        .status = c.status,
        .payor = c.payor,
        .plan = c.plan,
        .subscriber_id = c.subscriber_id,
        .relationship = c.relationship,
        .version_id = c.meta.version,
    };
    enum kiosk_err err = store_coverage_sync(st, &rec);
    if (err == KIOSK_OK)
        s->rep->pulled++;
    return err;
}

static enum kiosk_err put_invoice(struct sync *s, struct store *st, struct fjson *res)
{
    struct fhir_invoice *inv = kmem_alloc_uninit(sizeof(*inv)); /* the reader fills it */
    struct invoice_sync_line lines[FJSON_MAX_LINES];
    int64_t row;
    enum kiosk_err err = KIOSK_OK;
    if (!inv)
        return KIOSK_ERR_NOMEM;
    if (fhir_read_invoice(res, inv) != KIOSK_OK) {
        bad_resource(s, "Invoice");
        goto out;
    }
    if (!our_patient(st, inv->patient_id, &row) || unchanged(st, SK_INVOICE, &inv->meta)) {
        s->rep->skipped++;
        goto out;
    }
    for (int i = 0; i < inv->line_count; i++) {
        const struct fhir_invoice_line *l = &inv->lines[i];
        lines[i] = (struct invoice_sync_line){
            .charge_item_fhir_id = l->charge_item_id[0] ? l->charge_item_id : NULL,
            .code = l->code,
            .code_system = l->code_system,
            .description = l->description,
            .quantity = 1,
            .total_minor = l->total_minor,
        };
    }
    struct invoice_sync_record rec = {
        .fhir_id = inv->meta.id,
        .patient_id = row,
        .account_fhir_id = inv->account_id[0] ? inv->account_id : NULL,
        .status = inv->status,
        .currency = inv->currency,
        .due_date = inv->due_date,
        .hold = inv->hold,
        .number = inv->number,
        .version_id = inv->meta.version,
        .total_gross_minor = inv->gross_minor,
        .insurance_paid_minor = inv->insurance_minor,
        .adjustments_minor = inv->adjustments_minor,
        .patient_owes_minor = inv->net_minor,
        .issued_ms = inv->issued_ms,
        .lines = lines,
        .line_count = inv->line_count,
    };
    err = store_invoice_sync(st, &rec);
    if (err == KIOSK_OK)
        err =
            store_copay_link(st, inv->meta.id,
                             inv->copay_appointment_id[0] ? inv->copay_appointment_id : NULL, NULL);
    if (err == KIOSK_OK)
        s->rep->pulled++;
out:
    kmem_free(inv);
    return err;
}

static enum kiosk_err put_appointment(struct sync *s, struct store *st, struct fjson *res)
{
    struct fhir_appointment a;
    int64_t row;
    if (fhir_read_appointment(res, &s->sys, &a) != KIOSK_OK) {
        bad_resource(s, "Appointment");
        return KIOSK_OK;
    }
    if (!our_patient(st, a.patient_id, &row)) {
        log_warn(MOD, "an appointment's patient could not be read; skipped");
        return KIOSK_OK;
    }
    if (unchanged(st, SK_APPOINTMENT, &a.meta)) {
        s->rep->skipped++;
        return KIOSK_OK;
    }
    struct appointment_record rec = {
        .fhir_id = a.meta.id,
        .code = a.code,
        .patient_id = row,
        .start_ms = a.start_ms,
        .duration_min = a.duration_min,
        .clinic = a.clinic,
        .provider = a.provider,
        .directions = a.directions,
        .status = a.status,
        .version_id = a.meta.version,
    };
    int64_t appt_row = 0;
    struct store_ref refs[FJSON_MAX_REFS];
    for (int i = 0; i < a.ref_count; i++)
        refs[i] = (struct store_ref){a.refs[i].type, a.refs[i].id};
    enum kiosk_err err = store_appointment_put(st, &rec, &appt_row);
    if (err == KIOSK_OK)
        err = store_appointment_refs_set(st, appt_row, refs, a.ref_count);
    if (err == KIOSK_OK)
        s->rep->pulled++;
    return err;
}

/* A Location, HealthcareService or Practitioner: its texts in every
 * language it has, replacing what the cache had. */
static enum kiosk_err put_named(struct sync *s, struct store *st, struct fjson *res)
{
    struct fhir_named n;
    if (fhir_read_named(res, &n) != KIOSK_OK) {
        bad_resource(s, "named resource");
        return KIOSK_OK;
    }
    enum kiosk_err err = store_server_texts_clear(st, n.type, n.meta.id);
    for (int i = 0; i < n.text_count && err == KIOSK_OK; i++) {
        struct store_server_text t = {n.type, n.meta.id, n.texts[i].field, n.texts[i].lang,
                                      n.texts[i].text};
        err = store_server_text_put(st, &t);
    }
    return err;
}

typedef enum kiosk_err (*put_fn)(struct sync *s, struct store *st, struct fjson *res);

/* Every resource of type in a page through put; the newest meta.lastUpdated
 * is kept in *newest. */
static enum kiosk_err put_page(struct sync *s, struct store *st, struct fjson *b, const char *type,
                               put_fn put, int64_t *newest)
{
    size_t n = fhir_bundle_count(b);
    for (size_t i = 0; i < n; i++) {
        struct fjson *res = fhir_bundle_resource(b, i);
        const char *t = fjson_str(res, "resourceType");
        if (!t || strcmp(t, type) != 0)
            continue; /* an OperationOutcome or an _include of another type */
        struct fhir_meta m;
        if (newest && fhir_read_meta(res, &m) == KIOSK_OK && m.last_updated_ms > *newest)
            *newest = m.last_updated_ms;
        enum kiosk_err err = put(s, st, res);
        if (err != KIOSK_OK)
            return err;
    }
    return KIOSK_OK;
}

static enum kiosk_err store_failed(struct sync *s, struct store *st, enum kiosk_err err)
{
    store_tx_rollback(st);
    sync_note_error(s, "writing the cache", err);
    return err;
}

/* --- patients met for the first time ---------------------------------------------------- */

/* What comes with a patient met for the first time, and the search
 * parameter that names the patient. */
#define WITH_PATIENT 4
static const char *const billing_types[WITH_PATIENT] = {"Account", "ChargeItem", "Invoice",
                                                        "Coverage"};
static const char *const billing_param[WITH_PATIENT] = {"subject", "subject", "subject",
                                                        "beneficiary"};
static const put_fn billing_put[WITH_PATIENT] = {put_account, put_charge_item, put_invoice,
                                                 put_coverage};
static const enum sync_type billing_have[WITH_PATIENT] = {T_ACCOUNT, T_CHARGE_ITEM, T_INVOICE,
                                                          T_COVERAGE};

/* Fetch the patients ids[0..n) and their bills, and write them together. */
static enum kiosk_err fetch_patients(struct sync *s, struct store *st, char (*ids)[KIOSK_IDENT_MAX],
                                     int n)
{
    struct docs pat = {0}, bill[WITH_PATIENT];
    memset(bill, 0, sizeof(bill));
    char url[2048], list[1800], refs[1800], esc[3 * KIOSK_IDENT_MAX];
    enum kiosk_err err = KIOSK_OK;
    list[0] = refs[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (!http_escape(esc, sizeof(esc), ids[i]))
            continue;
        if (list[0]) {
            kstr_append(list, sizeof(list), ",");
            kstr_append(refs, sizeof(refs), ",");
        }
        kstr_append(list, sizeof(list), esc);
        kstr_append(refs, sizeof(refs), "Patient/");
        kstr_append(refs, sizeof(refs), esc);
    }
    snprintf(url, sizeof(url), "Patient?_id=%s&_count=%d", list, SYNC_PAGE_SIZE);
    if ((err = get_all(s, "Patient search", url, &pat)) != KIOSK_OK)
        goto out;
    for (int k = 0; k < WITH_PATIENT; k++) {
        if (!s->have[billing_have[k]])
            continue;
        snprintf(url, sizeof(url), "%s?%s=%s&_count=%d", billing_types[k], billing_param[k], refs,
                 SYNC_PAGE_SIZE);
        if ((err = get_all(s, "billing search", url, &bill[k])) != KIOSK_OK)
            goto out;
    }
    if ((err = store_tx_begin(st)) != KIOSK_OK) {
        err = store_failed(s, st, err);
        goto out;
    }
    for (int i = 0; i < pat.n && err == KIOSK_OK; i++)
        err = put_page(s, st, fjson_root(pat.d[i]), "Patient", put_patient, NULL);
    for (int k = 0; k < WITH_PATIENT; k++)
        for (int i = 0; i < bill[k].n && err == KIOSK_OK; i++)
            err = put_page(s, st, fjson_root(bill[k].d[i]), billing_types[k], billing_put[k], NULL);
    if (err == KIOSK_OK)
        err = store_tx_commit(st);
    if (err != KIOSK_OK)
        err = store_failed(s, st, err);
out:
    docs_free(&pat);
    for (int k = 0; k < WITH_PATIENT; k++)
        docs_free(&bill[k]);
    return err;
}

/* Patients named by a page of appointments that the cache does not have. */
static enum kiosk_err fetch_new_patients(struct sync *s, struct store *st, struct fjson_doc *doc)
{
    char ids[MAX_NEW_IDS][KIOSK_IDENT_MAX];
    int n = 0;
    struct fjson *b = fjson_root(doc);
    for (size_t i = 0; i < fhir_bundle_count(b) && n < MAX_NEW_IDS; i++) {
        struct fhir_appointment a;
        int64_t row;
        if (fhir_read_appointment(fhir_bundle_resource(b, i), &s->sys, &a) != KIOSK_OK ||
            our_patient(st, a.patient_id, &row))
            continue;
        bool dup = false;
        for (int k = 0; k < n && !dup; k++)
            dup = strcmp(ids[k], a.patient_id) == 0;
        if (!dup)
            kstr_copy(ids[n++], KIOSK_IDENT_MAX, a.patient_id);
    }
    for (int i = 0; i < n; i += ID_CHUNK) {
        enum kiosk_err err = fetch_patients(s, st, ids + i, n - i < ID_CHUNK ? n - i : ID_CHUNK);
        if (err != KIOSK_OK)
            return err;
    }
    return KIOSK_OK;
}

/* --- cursors -------------------------------------------------------------------------------- */

/* A cursor says: every change before it is in the cache; the next search
 * asks for _lastUpdated >= cursor. Within a search that is as far as the
 * newest change of the page read (the search is sorted by _lastUpdated);
 * once the search is read to its end, it is the server's own clock less the
 * overlap, because a change committed late carries a time a little in the
 * past. Never backwards, and never from the kiosk's clock. Saved in the
 * caller's transaction with the page it belongs to. */
static enum kiosk_err save_cursor(struct sync *s, struct store *st, const char *name,
                                  int64_t *known, int64_t page_newest, bool more)
{
    int64_t safe =
        s->server_now_ms > 0 ? s->server_now_ms - s->overlap_ms : page_newest - s->overlap_ms;
    int64_t c = more && page_newest < safe ? page_newest : safe;
    if (c <= *known)
        return KIOSK_OK;
    char num[24];
    snprintf(num, sizeof(num), "%lld", (long long)c);
    enum kiosk_err err = store_cursor_set(st, name, num);
    if (err == KIOSK_OK)
        *known = c;
    return err;
}

/* --- today's appointments -------------------------------------------------------------- */

struct seen {
    char **ids;
    int n, cap;
};

static bool seen_add(struct seen *sn, const char *id)
{
    if (sn->n == sn->cap) {
        int cap = sn->cap ? sn->cap * 2 : 256;
        char **p = kmem_realloc(sn->ids, sizeof(char *) * (size_t)cap);
        if (!p)
            return false;
        sn->ids = p;
        sn->cap = cap;
    }
    return (sn->ids[sn->n] = kmem_strdup(id)) != NULL && ++sn->n;
}

static void seen_free(struct seen *sn)
{
    for (int i = 0; i < sn->n; i++)
        kmem_free(sn->ids[i]);
    kmem_free(sn->ids);
}

struct forget_ctx {
    struct seen *seen;
    struct store *st;
    int forgotten;
};

static enum kiosk_err forget_unseen(void *ctx, const char *fhir_id)
{
    struct forget_ctx *f = ctx;
    for (int i = 0; i < f->seen->n; i++)
        if (strcmp(f->seen->ids[i], fhir_id) == 0)
            return KIOSK_OK;
    f->forgotten++;
    return store_forget(f->st, SK_APPOINTMENT, fhir_id);
}

static enum kiosk_err pull_appointments(struct sync *s, struct store *st, int64_t day_start,
                                        int64_t day_end)
{
    char cursor_name[48], cursor[32] = "", last_full[32] = "", from[40], to[40], since[40];
    char url[2048], loc[240] = "", esc[3 * 64];
    struct seen seen = {0};
    enum kiosk_err err = KIOSK_OK;
    int64_t now = kclock_wall(s->clock);

    snprintf(cursor_name, sizeof(cursor_name), "Appointment@%lld", (long long)day_start);
    store_cursor_get(st, cursor_name, cursor, sizeof(cursor));
    store_state_get(st, "appointments_full_ms", last_full, sizeof(last_full));
    bool full = !s->appt_last_updated || !cursor[0] ||
                now - strtoll(last_full, NULL, 10) > SYNC_FULL_POLL_MS ||
                strtoll(last_full, NULL, 10) < day_start;
    sync_format_instant(day_start, from, sizeof(from));
    sync_format_instant(day_end, to, sizeof(to));
    if (s->location[0] && http_escape(esc, sizeof(esc), s->location))
        snprintf(loc, sizeof(loc), "&location=Location/%s", esc);
    if (full) {
        snprintf(url, sizeof(url), "Appointment?date=ge%s&date=lt%s%s&_count=%d", from, to, loc,
                 SYNC_PAGE_SIZE);
    } else {
        sync_format_instant(strtoll(cursor, NULL, 10), since, sizeof(since));
        snprintf(url, sizeof(url),
                 "Appointment?date=ge%s&date=lt%s%s&_lastUpdated=ge%s&_sort=_lastUpdated&_count=%d",
                 from, to, loc, since, SYNC_PAGE_SIZE);
    }

    int64_t known = strtoll(cursor, NULL, 10);
    bool complete = false;
    for (int page = 0; page < SYNC_MAX_PAGES; page++) {
        struct fjson_doc *doc = NULL;
        const char *next = NULL;
        if ((err = get_page(s, "Appointment search", url, &doc, &next)) != KIOSK_OK)
            break;
        if ((err = fetch_new_patients(s, st, doc)) != KIOSK_OK) {
            fjson_doc_free(doc);
            break;
        }
        struct fjson *b = fjson_root(doc);
        for (size_t i = 0; full && i < fhir_bundle_count(b); i++) {
            const char *id = fjson_str(fhir_bundle_resource(b, i), "id");
            if (id && !seen_add(&seen, id))
                err = KIOSK_ERR_NOMEM;
        }
        int64_t page_newest = 0;
        if (err == KIOSK_OK && (err = store_tx_begin(st)) == KIOSK_OK) {
            err = put_page(s, st, fjson_root(doc), "Appointment", put_appointment, &page_newest);
            /* A full read moves the cursor only once it is whole (below). */
            if (err == KIOSK_OK && !full)
                err = save_cursor(s, st, cursor_name, &known, page_newest, next != NULL);
            if (err == KIOSK_OK)
                err = store_tx_commit(st);
        }
        if (err != KIOSK_OK) {
            fjson_doc_free(doc);
            store_failed(s, st, err);
            break;
        }
        bool more = next && kstr_copy(url, sizeof(url), next);
        /* A full last page without a next link may not be the end: the
         * day is then not known whole, and nothing is taken as deleted. */
        bool cut = !next && fhir_bundle_count(fjson_root(doc)) >= SYNC_PAGE_SIZE;
        fjson_doc_free(doc);
        if (!more) {
            complete = !cut;
            if (cut)
                log_warn(MOD, "the server gave a full page of appointments without a next "
                              "link: deletions are not looked for this round");
            break;
        }
    }
    if (err == KIOSK_OK && full && complete) {
        /* The whole day was read: what the cache has beyond it is gone. */
        struct forget_ctx f = {.seen = &seen, .st = st};
        char num[24];
        if ((err = store_tx_begin(st)) == KIOSK_OK) {
            err = store_appointments_in(st, day_start, day_end, forget_unseen, &f);
            snprintf(num, sizeof(num), "%lld", (long long)now);
            if (err == KIOSK_OK)
                err = store_state_set(st, "appointments_full_ms", num);
            if (err == KIOSK_OK)
                err = save_cursor(s, st, cursor_name, &known, 0, false);
            if (err == KIOSK_OK)
                err = store_tx_commit(st);
            if (err != KIOSK_OK)
                store_failed(s, st, err);
            else if (f.forgotten)
                log_info(MOD, "%d appointments deleted on the server were dropped", f.forgotten);
        }
    }
    seen_free(&seen);
    return err;
}

/* --- changes since a cursor --------------------------------------------------------------- */

/* One page of changes of type into the cache with its cursor, in one
 * transaction. */
/* Write a page of changes and its cursor; *newest (may be NULL) gets the
 * page's newest change. */
static enum kiosk_err take_page(struct sync *s, struct store *st, const char *type, put_fn put,
                                struct fjson *bundle, bool more, int64_t *known, int64_t *newest)
{
    int64_t page_newest = 0;
    enum kiosk_err err = store_tx_begin(st);
    if (err == KIOSK_OK) {
        err = put_page(s, st, bundle, type, put, &page_newest);
        if (err == KIOSK_OK)
            err = save_cursor(s, st, type, known, page_newest, more);
        if (err == KIOSK_OK)
            err = store_tx_commit(st);
    }
    if (newest)
        *newest = page_newest;
    return err == KIOSK_OK ? KIOSK_OK : store_failed(s, st, err);
}

/* The cursor of type; on the first round it is set from the server's clock
 * (what exists now came with each patient) and false is returned: nothing
 * to ask this round. */
static bool change_cursor(struct sync *s, struct store *st, const char *type, int64_t *known,
                          enum kiosk_err *err)
{
    char cursor[32] = "";
    store_cursor_get(st, type, cursor, sizeof(cursor));
    *known = strtoll(cursor, NULL, 10);
    *err = KIOSK_OK;
    if (*known > 0)
        return true;
    if (s->server_now_ms)
        *err = save_cursor(s, st, type, known, 0, false);
    return false;
}

static void changes_url(const char *type, int64_t known, char *url, size_t size)
{
    char since[40];
    sync_format_instant(known, since, sizeof(since));
    snprintf(url, size, "%s?_lastUpdated=ge%s&_sort=_lastUpdated&_count=%d", type, since,
             SYNC_PAGE_SIZE);
}

/* The changes of type since its cursor, or since from when it is later
 * (where a page read before left off). */
static enum kiosk_err pull_changes(struct sync *s, struct store *st, const char *type, put_fn put,
                                   int64_t from)
{
    char url[2048];
    int64_t known;
    enum kiosk_err err;
    if (!change_cursor(s, st, type, &known, &err))
        return err;
    if (from < known)
        from = known;
    changes_url(type, from, url, sizeof(url));
    for (int page = 0; page < SYNC_MAX_PAGES; page++) {
        struct fjson_doc *doc = NULL;
        const char *next = NULL;
        int64_t newest = 0;
        if ((err = get_page(s, type, url, &doc, &next)) != KIOSK_OK)
            return err;
        /* A full page without a next link may still leave changes behind:
         * go on from its newest change (a server that pages sends next).
         * Not from the cursor: that stays behind the server's clock, and a
         * page of changes all newer than it would be read again and again. */
        bool full = fhir_bundle_count(fjson_root(doc)) >= SYNC_PAGE_SIZE;
        err = take_page(s, st, type, put, fjson_root(doc), next || full, &known, &newest);
        bool more = err == KIOSK_OK && (next || full);
        if (more && next) {
            more = kstr_copy(url, sizeof(url), next);
        } else if (more && newest <= from) {
            /* A whole page changed in the same millisecond: no way on. */
            log_warn(MOD, "a full page of changes without a next link shares one time; the "
                          "rest waits for the next round");
            more = false;
        } else if (more) {
            from = newest;
            changes_url(type, from, url, sizeof(url));
        }
        fjson_doc_free(doc);
        if (err != KIOSK_OK)
            return err;
        if (!more)
            break;
    }
    return KIOSK_OK;
}

#define CHANGE_TYPES 5

/* The first page of changes of every type in one batch request (an idle
 * round then costs two requests instead of five). An entry the server could
 * not answer, or a full page (more may follow, with or without a next
 * link), continues with plain searches from the saved cursor. false in
 * *used when the server did not take the batch: the caller searches type
 * by type. */
static enum kiosk_err pull_changes_batch(struct sync *s, struct store *st, const char *const *types,
                                         const put_fn *puts, const bool *ask, bool *used)
{
    char url[CHANGE_TYPES][256], body[1400];
    int64_t known[CHANGE_TYPES];
    int idx[CHANGE_TYPES], n = 0;
    enum kiosk_err err;
    *used = true;
    for (int i = 0; i < CHANGE_TYPES; i++) {
        if (!ask[i])
            continue;
        if (!change_cursor(s, st, types[i], &known[i], &err)) {
            if (err != KIOSK_OK)
                return err;
            continue;
        }
        changes_url(types[i], known[i], url[i], sizeof(url[i]));
        idx[n++] = i;
    }
    if (n == 0)
        return KIOSK_OK;
    int len =
        snprintf(body, sizeof(body), "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
    for (int k = 0; k < n; k++)
        len += snprintf(body + len, sizeof(body) - (size_t)len,
                        "%s{\"request\":{\"method\":\"GET\",\"url\":\"%s\"}}", k ? "," : "",
                        url[idx[k]]);
    len += snprintf(body + len, sizeof(body) - (size_t)len, "]}");
    if (len >= (int)sizeof(body)) {
        *used = false;
        return KIOSK_OK;
    }
    struct http_response r;
    struct fjson_doc *doc = NULL;
    err = sync_call(s, "POST", "", NULL, body, &r, &doc);
    if (err != KIOSK_OK) {
        sync_note_error(s, "changes", err);
        return err;
    }
    struct fjson *root = doc ? fjson_root(doc) : NULL;
    const char *rt = fjson_str(root, "resourceType");
    const char *bt = fjson_str(root, "type");
    struct fjson *entries = fjson_get(root, "entry");
    if (r.status != 200 || !rt || strcmp(rt, "Bundle") != 0 || !bt ||
        strcmp(bt, "batch-response") != 0 || fjson_len(entries) != (size_t)n) {
        /* Not taken as a batch: ask type by type this round. */
        log_info(MOD, "the server did not answer the batch of changes (%ld): searching by type",
                 r.status);
        http_response_free(&r);
        fjson_doc_free(doc);
        *used = false;
        return KIOSK_OK;
    }
    http_response_free(&r);
    s->rep->pages++;
    for (int k = 0; k < n && err == KIOSK_OK; k++) {
        int i = idx[k];
        struct fjson *e = fjson_at(entries, (size_t)k);
        struct fjson *bundle = fjson_get(e, "resource");
        const char *status = fjson_str(fjson_get(e, "response"), "status");
        const char *brt = fjson_str(bundle, "resourceType");
        if (!status || strncmp(status, "200", 3) != 0 || !brt || strcmp(brt, "Bundle") != 0) {
            err = pull_changes(s, st, types[i], puts[i], 0); /* this one on its own */
            continue;
        }
        bool more = fhir_bundle_next(bundle) || fhir_bundle_count(bundle) >= SYNC_PAGE_SIZE;
        int64_t newest = 0;
        err = take_page(s, st, types[i], puts[i], bundle, more, &known[i], &newest);
        if (err == KIOSK_OK && more) /* the rest, from where the page left off */
            err = pull_changes(s, st, types[i], puts[i], newest);
    }
    fjson_doc_free(doc);
    return err;
}

/* --- names and directions in the patient's language -------------------------------- */

#define NAMES_CHUNK 40 /* ids in one _id search */

struct id_list {
    char (*ids)[KIOSK_IDENT_MAX];
    int n, max;
};

static enum kiosk_err add_id(void *ctx, const char *fhir_id)
{
    struct id_list *l = ctx;
    if (l->n < l->max)
        kstr_copy(l->ids[l->n++], KIOSK_IDENT_MAX, fhir_id);
    return KIOSK_OK;
}

/* The texts of every resource of type that an appointment in the cache
 * names: _id searches of NAMES_CHUNK ids, each page written whole. */
static enum kiosk_err pull_named_type(struct sync *s, struct store *st, const char *type)
{
    char ids[SYNC_PAGE_SIZE][KIOSK_IDENT_MAX]; /* the rest next time */
    struct id_list l = {ids, 0, SYNC_PAGE_SIZE};
    enum kiosk_err err = store_referenced(st, type, add_id, &l);
    for (int at = 0; err == KIOSK_OK && at < l.n; at += NAMES_CHUNK) {
        char url[4096], esc[3 * KIOSK_IDENT_MAX];
        int len = snprintf(url, sizeof(url), "%s?_count=%d&_id=", type, SYNC_PAGE_SIZE);
        for (int i = at; i < l.n && i < at + NAMES_CHUNK; i++) {
            if (!http_escape(esc, sizeof(esc), ids[i]))
                continue;
            len += snprintf(url + len, sizeof(url) - (size_t)len, "%s%s", i > at ? "," : "", esc);
            if (len >= (int)sizeof(url))
                return KIOSK_ERR_TOO_BIG;
        }
        struct fjson_doc *doc = NULL;
        if ((err = get_page(s, "name search", url, &doc, NULL)) != KIOSK_OK)
            break;
        if ((err = store_tx_begin(st)) == KIOSK_OK) {
            err = put_page(s, st, fjson_root(doc), type, put_named, NULL);
            if (err == KIOSK_OK)
                err = store_tx_commit(st);
            else
                store_failed(s, st, err);
        }
        fjson_doc_free(doc);
    }
    return err;
}

/* Names are read again with each full read of the day's appointments; a
 * server that does not offer a type is not asked for it. */
static enum kiosk_err pull_names(struct sync *s, struct store *st)
{
    static const char *const types[] = {"HealthcareService", "Location", "Practitioner"};
    static const enum sync_type have[] = {T_HEALTHCARE_SERVICE, T_LOCATION, T_PRACTITIONER};
    char last[32] = "";
    int64_t now = kclock_wall(s->clock);
    store_state_get(st, "names_ms", last, sizeof(last));
    int64_t at = strtoll(last, NULL, 10);
    if (last[0] && now - at < SYNC_FULL_POLL_MS && now >= at)
        return KIOSK_OK;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (!s->have[have[i]])
            continue;
        enum kiosk_err err = pull_named_type(s, st, types[i]);
        if (err != KIOSK_OK)
            return err;
    }
    char num[24];
    snprintf(num, sizeof(num), "%lld", (long long)now);
    return store_state_set(st, "names_ms", num);
}

static enum kiosk_err pull_all(struct sync *s, struct store *st);

enum kiosk_err sync_pull(struct sync *s, struct store *st)
{
    /* Pages and their cursors may wait for the disk (store_set_durable). */
    store_set_durable(st, false);
    enum kiosk_err err = pull_all(s, st);
    store_set_durable(st, true);
    return err;
}

static enum kiosk_err pull_all(struct sync *s, struct store *st)
{
    int64_t now = kclock_wall(s->clock);
    int64_t day_start = kclock_local_midnight(now);
    /* The local midnight after the last day of the window (today and
     * days_ahead more), also across a daylight-saving change. */
    int64_t day_end = day_start;
    for (int d = 0; d <= s->days_ahead; d++)
        day_end = kclock_local_midnight(day_end + 26 * 3600 * 1000LL);
    enum kiosk_err err = pull_appointments(s, st, day_start, day_end);
    if (err == KIOSK_OK)
        err = pull_names(s, st);
    if (err != KIOSK_OK)
        return err;
    sync_serve_find(s, st);
    static const char *const types[CHANGE_TYPES] = {"Patient", "Account", "ChargeItem", "Invoice",
                                                    "Coverage"};
    static const put_fn puts[CHANGE_TYPES] = {put_known_patient, put_account, put_charge_item,
                                              put_invoice, put_coverage};
    static const enum sync_type have[CHANGE_TYPES] = {T_PATIENT, T_ACCOUNT, T_CHARGE_ITEM,
                                                      T_INVOICE, T_COVERAGE};
    bool ask[CHANGE_TYPES], batched = false;
    for (int i = 0; i < CHANGE_TYPES; i++)
        ask[i] = s->have[have[i]];
    if (s->batch) {
        err = pull_changes_batch(s, st, types, puts, ask, &batched);
        if (err != KIOSK_OK)
            return err;
    }
    for (int i = 0; i < CHANGE_TYPES && !batched; i++) {
        if (!ask[i])
            continue;
        err = pull_changes(s, st, types[i], puts[i], 0);
        if (err != KIOSK_OK)
            return err;
        sync_serve_find(s, st);
    }
    if (s->have[T_TASK] && s->have[T_QUESTIONNAIRE]) {
        err = sync_pull_forms(s, st, day_start, day_end);
        if (err != KIOSK_OK)
            return err;
    }
    return KIOSK_OK;
}

/* --- one patient, asked for at the kiosk ------------------------------------------------ */

#define FIND_MAX 8 /* patients one search may bring; the store's own match decides */

/* The patient ids in a search page of Patient, or the subjects of a page
 * of Invoice. */
static int found_ids(struct fjson_doc *doc, const char *type, char (*ids)[KIOSK_IDENT_MAX])
{
    int n = 0;
    struct fjson *b = fjson_root(doc);
    for (size_t i = 0; i < fhir_bundle_count(b) && n < FIND_MAX; i++) {
        struct fjson *res = fhir_bundle_resource(b, i);
        const char *rt = fjson_str(res, "resourceType");
        if (!rt || strcmp(rt, type) != 0)
            continue; /* an OperationOutcome or an _include */
        if (strcmp(type, "Patient") == 0) {
            const char *id = fjson_str(res, "id");
            if (id && kstr_copy(ids[n], KIOSK_IDENT_MAX, id))
                n++;
        } else if (fjson_ref_id(fjson_str(fjson_get(res, "subject"), "reference"), "Patient",
                                ids[n], KIOSK_IDENT_MAX)) {
            n++;
        }
    }
    return n;
}

enum kiosk_err sync_pull_patient(struct sync *s, struct store *st, const struct sync_find *q,
                                 int *found)
{
    char form[800], a[3 * KIOSK_NAME_MAX], b[3 * 128];
    char ids[FIND_MAX][KIOSK_IDENT_MAX];
    const char *type = "Patient";
    *found = 0;
    switch (q->by) {
    case SYNC_FIND_CARD:
        if (!http_escape(a, sizeof(a), q->text) || !http_escape(b, sizeof(b), s->card_system))
            return KIOSK_ERR_INVALID;
        snprintf(form, sizeof(form), "identifier=%s%%7C%s&_count=%d", b, a, FIND_MAX);
        break;
    case SYNC_FIND_NAME_DOB:
        if (!http_escape(a, sizeof(a), q->text) || !http_escape(b, sizeof(b), q->dob))
            return KIOSK_ERR_INVALID;
        snprintf(form, sizeof(form), "family=%s&birthdate=%s&_count=%d", a, b, FIND_MAX);
        break;
    case SYNC_FIND_STATEMENT:
        if (!s->have[T_INVOICE] || !http_escape(a, sizeof(a), q->text))
            return KIOSK_ERR_INVALID;
        snprintf(form, sizeof(form), "_id=%s", a);
        type = "Invoice";
        break;
    default:
        return KIOSK_ERR_INVALID;
    }
    struct fjson_doc *doc = NULL;
    enum kiosk_err err = private_search(s, type, form, &doc);
    kmem_wipe(form, sizeof(form)); /* a name and a birth date */
    kmem_wipe(a, sizeof(a));
    kmem_wipe(b, sizeof(b));
    if (err != KIOSK_OK)
        return err;
    int n = found_ids(doc, type, ids);
    fjson_doc_free(doc);
    if (n == 0)
        return KIOSK_OK;
    err = fetch_patients(s, st, ids, n);
    int64_t now = kclock_wall(s->clock);
    for (int i = 0; i < n && err == KIOSK_OK; i++)
        err = store_patient_touch(st, ids[i], now);
    if (err == KIOSK_OK)
        *found = n;
    return err;
}

/* --- a recorded page (benchmarks, fuzzing) ------------------------------------------------ */

enum kiosk_err sync_ingest_page(struct sync *s, struct store *st, const char *json, size_t len,
                                struct sync_report *rep)
{
    static const char *const types[] = {"Patient", "Account",     "ChargeItem",
                                        "Invoice", "Appointment", "Coverage"};
    static const put_fn puts[] = {put_patient, put_account,     put_charge_item,
                                  put_invoice, put_appointment, put_coverage};
    struct fjson_doc *doc = NULL;
    memset(rep, 0, sizeof(*rep));
    s->rep = rep;
    store_set_durable(st, false); /* as sync_pull writes pages */
    enum kiosk_err err = fjson_parse(json, len, SYNC_MAX_BODY, &doc);
    if (err == KIOSK_OK && (err = store_tx_begin(st)) == KIOSK_OK) {
        /* Patients first: the others need their row. */
        for (int i = 0; i < 6 && err == KIOSK_OK; i++)
            err = put_page(s, st, fjson_root(doc), types[i], puts[i], NULL);
        if (err == KIOSK_OK)
            err = store_tx_commit(st);
        else
            store_tx_rollback(st);
    }
    fjson_doc_free(doc);
    store_set_durable(st, true);
    s->rep = NULL;
    return err;
}
