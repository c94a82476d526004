/* Loader for the bundled demo data set (assets/demo/demo-data.tsv; the
 * format is described at the top of that file). All or nothing: one
 * transaction, and the first bad line rolls everything back. */
#include "store_private.h"

#include "firmware/core/clock.h"
#include "firmware/core/file.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/store/store_sync.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 12
#define MAX_FILE   (1024 * 1024) /* the demo set is a few KB; refuse surprises */
#define MIN_MS     (60 * 1000LL)
#define DAY_MS     (24 * 60 * MIN_MS)

/* A name used in the file and the row it became. Keys point into the file
 * buffer, which lives until the load ends. */
struct ref {
    const char *key;
    int64_t id;
    int64_t gross, insurance, adjustments; /* invoices: totals so far */
    bool settled;                          /* invoices: balanced, nothing owed */
    int line;                              /* where it was defined */
};

struct refs {
    struct ref *v;
    size_t n, cap;
};

struct loader {
    struct store *st;
    int64_t now_ms;
    int line;
    struct refs patients, accounts, invoices;
    struct refs cards, mrns; /* numbers seen, to refuse one given twice */
};

static struct ref *ref_find(struct refs *r, const char *key)
{
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->v[i].key, key) == 0)
            return &r->v[i];
    }
    return NULL;
}

static enum kiosk_err ref_add(struct refs *r, const char *key, int64_t id, int line)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        struct ref *v = kmem_realloc(r->v, cap * sizeof(*v));
        if (!v)
            return KIOSK_ERR_NOMEM;
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = (struct ref){.key = key, .id = id, .line = line};
    return KIOSK_OK;
}

static enum kiosk_err bad(const struct loader *ld, const char *why)
{
    kiosk_err_set_detail("demo-data.tsv line %d: %s", ld->line, why);
    return KIOSK_ERR_INVALID;
}

/* "-" or an empty field stands for "none". */
static const char *opt(const char *f)
{
    return f[0] == '\0' || strcmp(f, "-") == 0 ? NULL : f;
}

static bool parse_int(const char *f, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(f, &end, 10);
    if (f[0] == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static bool parse_status(const char *f, enum appt_status *out)
{
    static const char *const names[] = {
        [APPT_BOOKED] = "booked",       [APPT_ARRIVED] = "arrived", [APPT_CANCELLED] = "cancelled",
        [APPT_FULFILLED] = "fulfilled", [APPT_NOSHOW] = "noshow",
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(f, names[i]) == 0) {
            *out = (enum appt_status)i;
            return true;
        }
    }
    return false;
}

static struct ref *need(struct loader *ld, struct refs *r, const char *key)
{
    struct ref *x = ref_find(r, key);
    if (!x)
        bad(ld, "refers to a key not defined above");
    return x;
}

static enum kiosk_err do_patient(struct loader *ld, char **f, int n)
{
    char fhir_id[KIOSK_IDENT_MAX];
    struct kdate d;
    int64_t id;
    if (n != 9)
        return bad(ld, "patient needs 9 fields");
    if (ref_find(&ld->patients, f[1]))
        return bad(ld, "patient key used twice");
    if (!f[2][0] || !f[3][0] || !kdate_parse_iso(f[5], &d))
        return bad(ld, "patient needs given, family and a real YYYY-MM-DD birth date");
    snprintf(fhir_id, sizeof(fhir_id), "demo-%s", f[1]);
    struct patient_record p = {
        .fhir_id = fhir_id,
        .given = f[2],
        .family = f[3],
        .family_latin = opt(f[4]),
        .birth_date = f[5],
        .phone = opt(f[6]),
        .email = opt(f[7]),
        .lang = opt(f[8]),
    };
    enum kiosk_err err = store_patient_put(ld->st, &p, &id);
    if (err != KIOSK_OK)
        return err;
    return ref_add(&ld->patients, f[1], id, ld->line);
}

/* address  patient_key  line  city  postal  country  record_age_days  [contact_phone] */
static enum kiosk_err do_address(struct loader *ld, char **f, int n)
{
    long long days;
    if (n != 7 && n != 8)
        return bad(ld, "address needs 7 or 8 fields");
    struct ref *p = need(ld, &ld->patients, f[1]);
    if (!p)
        return KIOSK_ERR_INVALID;
    if (!parse_int(f[6], 0, 36500, &days))
        return bad(ld, "address needs the record's age in days");
    struct details_sync_record d = {
        .patient_id = p->id,
        .addr_line = opt(f[2]),
        .addr_city = opt(f[3]),
        .addr_postal = opt(f[4]),
        .addr_country = opt(f[5]),
        .contact_phone = n == 8 ? opt(f[7]) : NULL,
        .record_updated_ms = ld->now_ms - days * 86400000LL,
    };
    return store_details_sync(ld->st, &d);
}

/* coverage  patient_key  payer  plan  member_id  relationship */
static enum kiosk_err do_coverage(struct loader *ld, char **f, int n)
{
    char fhir_id[KIOSK_IDENT_MAX];
    if (n != 6 || !f[2][0])
        return bad(ld, "coverage needs 6 fields and a payer");
    struct ref *p = need(ld, &ld->patients, f[1]);
    if (!p)
        return KIOSK_ERR_INVALID;
    snprintf(fhir_id, sizeof(fhir_id), "demo-cov-%s", f[1]);
    struct coverage_sync_record c = {
        .fhir_id = fhir_id,
        .patient_id = p->id,
        .status = "active",
        .payor = f[2],
        .plan = opt(f[3]),
        .subscriber_id = opt(f[4]),
        .relationship = opt(f[5]),
    };
    return store_coverage_sync(ld->st, &c);
}

static enum kiosk_err do_ident(struct loader *ld, char **f, int n, enum ident_kind kind)
{
    if (n != 3 || !f[2][0])
        return bad(ld, "card and mrn need a patient key and a number");
    struct ref *p = need(ld, &ld->patients, f[1]);
    if (!p)
        return KIOSK_ERR_INVALID;
    /* store_identifier_put() moves a number to its newest owner, as sync
     * needs; in this file a number given twice is a typing mistake. */
    struct refs *seen = kind == IDENT_CARD ? &ld->cards : &ld->mrns;
    if (ref_find(seen, f[2]))
        return bad(ld, "identifier used twice");
    enum kiosk_err err = store_identifier_put(ld->st, p->id, kind, f[2]);
    if (err != KIOSK_OK)
        return err;
    return ref_add(seen, f[2], p->id, ld->line);
}

static enum kiosk_err do_appt(struct loader *ld, char **f, int n)
{
    long long offset, duration;
    enum appt_status status = APPT_BOOKED;
    if (n != 8 && n != 9)
        return bad(ld, "appt needs 8 or 9 fields");
    struct ref *p = need(ld, &ld->patients, f[1]);
    if (!p)
        return KIOSK_ERR_INVALID;
    if (!f[2][0])
        return bad(ld, "appt needs a code");
    if (!parse_int(f[3], -366 * 24 * 60, 366 * 24 * 60, &offset))
        return bad(ld, "appt offset is not a number of minutes");
    if (!parse_int(f[4], 1, 24 * 60, &duration))
        return bad(ld, "appt duration is not 1..1440 minutes");
    if (n == 9 && !parse_status(f[8], &status))
        return bad(ld, "unknown appt status");
    /* Rounded so the clock on screen shows times like 10:05, not 10:03. */
    int64_t base = ld->now_ms - ld->now_ms % (5 * MIN_MS);
    struct appointment_record a = {
        .code = f[2],
        .patient_id = p->id,
        .start_ms = base + offset * MIN_MS,
        .duration_min = (int)duration,
        .clinic = opt(f[5]),
        .provider = opt(f[6]),
        .directions = opt(f[7]),
        .status = status,
    };
    enum kiosk_err err = store_appointment_put(ld->st, &a, NULL);
    return err == KIOSK_ERR_INVALID ? bad(ld, "appointment rejected") : err;
}

static enum kiosk_err do_account(struct loader *ld, char **f, int n)
{
    char fhir_id[KIOSK_IDENT_MAX];
    int64_t id;
    if (n != 4)
        return bad(ld, "account needs 4 fields");
    if (ref_find(&ld->accounts, f[1]))
        return bad(ld, "account key used twice");
    struct ref *p = need(ld, &ld->patients, f[2]);
    if (!p)
        return KIOSK_ERR_INVALID;
    snprintf(fhir_id, sizeof(fhir_id), "demo-%s", f[1]);
    struct account_record a = {
        .fhir_id = fhir_id,
        .patient_id = p->id,
        .name = opt(f[3]),
        .status = "active",
        .currency = "USD",
    };
    enum kiosk_err err = store_account_put(ld->st, &a, &id);
    if (err != KIOSK_OK)
        return err;
    return ref_add(&ld->accounts, f[1], id, ld->line);
}

/* copay  invoice_key  appointment_code: the statement is the copay due for
 * that appointment. */
static enum kiosk_err do_copay(struct loader *ld, char **f, int n)
{
    char fhir_id[KIOSK_IDENT_MAX];
    if (n != 3)
        return bad(ld, "copay needs 3 fields");
    if (!need(ld, &ld->invoices, f[1]))
        return KIOSK_ERR_INVALID;
    snprintf(fhir_id, sizeof(fhir_id), "demo-%s", f[1]);
    enum kiosk_err err = store_copay_link(ld->st, fhir_id, NULL, f[2]);
    return err == KIOSK_ERR_NOT_FOUND ? bad(ld, "copay of an unknown invoice") : err;
}

static enum kiosk_err do_invoice(struct loader *ld, char **f, int n)
{
    char fhir_id[KIOSK_IDENT_MAX], due[16];
    long long insurance, adjustments, due_days;
    struct kdate d;
    int64_t id;
    if (n != 9 && n != 10)
        return bad(ld, "invoice needs 9 fields (and an optional hold)");
    const char *hold = n == 10 && opt(f[9]) ? f[9] : NULL;
    if (hold && strcmp(hold, "dispute") != 0 && strcmp(hold, "plan") != 0)
        return bad(ld, "invoice hold must be dispute or plan");
    if (ref_find(&ld->invoices, f[1]))
        return bad(ld, "invoice key used twice");
    struct ref *p = need(ld, &ld->patients, f[2]);
    if (!p)
        return KIOSK_ERR_INVALID;
    struct ref *acc = NULL;
    if (opt(f[3]) && !(acc = need(ld, &ld->accounts, f[3])))
        return KIOSK_ERR_INVALID;
    if (!f[4][0] || strlen(f[5]) != 3)
        return bad(ld, "invoice needs a status and a 3-letter currency");
    if (!parse_int(f[6], 0, 100000000, &insurance) ||
        !parse_int(f[7], 0, 100000000, &adjustments) || !parse_int(f[8], -365, 365, &due_days))
        return bad(ld, "invoice amounts or due days are not numbers");
    kclock_local(ld->now_ms + due_days * DAY_MS, &d);
    snprintf(due, sizeof(due), "%04d-%02d-%02d", d.year, d.month, d.day);
    snprintf(fhir_id, sizeof(fhir_id), "demo-%s", f[1]);
    struct invoice_record inv = {
        .fhir_id = fhir_id,
        .patient_id = p->id,
        .account_id = acc ? acc->id : 0,
        .status = f[4],
        .currency = f[5],
        .due_date = due,
        .insurance_paid_minor = insurance,
        .adjustments_minor = adjustments,
        .hold = hold,
    };
    enum kiosk_err err = store_invoice_add(ld->st, &inv, &id);
    if (err != KIOSK_OK)
        return err;
    err = ref_add(&ld->invoices, f[1], id, ld->line);
    if (err != KIOSK_OK)
        return err;
    ld->invoices.v[ld->invoices.n - 1].insurance = insurance;
    ld->invoices.v[ld->invoices.n - 1].adjustments = adjustments;
    ld->invoices.v[ld->invoices.n - 1].settled = strcmp(f[4], "balanced") == 0;
    return KIOSK_OK;
}

static enum kiosk_err do_line(struct loader *ld, char **f, int n)
{
    long long qty, unit;
    if (n != 7)
        return bad(ld, "line needs 7 fields");
    struct ref *inv = need(ld, &ld->invoices, f[1]);
    if (!inv)
        return KIOSK_ERR_INVALID;
    if (!f[4][0])
        return bad(ld, "line needs a description");
    if (!parse_int(f[5], 1, 1000, &qty) || !parse_int(f[6], 0, 100000000, &unit))
        return bad(ld, "line quantity or unit price is not a number");
    struct invoice_line_record l = {
        .invoice_id = inv->id,
        .code = opt(f[2]),
        .code_system = opt(f[3]),
        .description = f[4],
        .quantity = (int)qty,
        .unit_price_minor = unit,
        .total_minor = qty * unit,
    };
    inv->gross += l.total_minor;
    return store_invoice_line_add(ld->st, &l);
}

/* Totals are sums of the lines; what the patient owes is what is left after
 * insurance and adjustments, and must not be negative. */
static enum kiosk_err finish_invoices(struct loader *ld)
{
    for (size_t i = 0; i < ld->invoices.n; i++) {
        struct ref *inv = &ld->invoices.v[i];
        int64_t owes = inv->gross - inv->insurance - inv->adjustments;
        if (owes < 0) {
            ld->line = inv->line;
            return bad(ld, "insurance and adjustments exceed the lines");
        }
        if (inv->settled)
            owes = 0; /* paid in full */
        enum kiosk_err err = store_invoice_set_totals(ld->st, inv->id, inv->gross, owes);
        if (err != KIOSK_OK)
            return err;
    }
    return KIOSK_OK;
}

static enum kiosk_err do_record(struct loader *ld, char *text)
{
    char *f[MAX_FIELDS + 1];
    int n = 0;
    f[n++] = text;
    for (char *p = text; *p; p++) {
        if (*p != '\t')
            continue;
        if (n == MAX_FIELDS)
            return bad(ld, "too many fields");
        *p = '\0';
        f[n++] = p + 1;
    }
    if (strcmp(f[0], "patient") == 0)
        return do_patient(ld, f, n);
    if (strcmp(f[0], "card") == 0)
        return do_ident(ld, f, n, IDENT_CARD);
    if (strcmp(f[0], "mrn") == 0)
        return do_ident(ld, f, n, IDENT_MRN);
    if (strcmp(f[0], "appt") == 0)
        return do_appt(ld, f, n);
    if (strcmp(f[0], "account") == 0)
        return do_account(ld, f, n);
    if (strcmp(f[0], "invoice") == 0)
        return do_invoice(ld, f, n);
    if (strcmp(f[0], "copay") == 0)
        return do_copay(ld, f, n);
    if (strcmp(f[0], "line") == 0)
        return do_line(ld, f, n);
    if (strcmp(f[0], "address") == 0)
        return do_address(ld, f, n);
    if (strcmp(f[0], "coverage") == 0)
        return do_coverage(ld, f, n);
    return bad(ld, "unknown record type");
}

static enum kiosk_err load_lines(struct loader *ld, char *buf)
{
    char *p = buf;
    while (*p) {
        char *eol = strchr(p, '\n');
        char *next = eol ? eol + 1 : p + strlen(p);
        if (eol)
            *eol = '\0';
        size_t len = strlen(p);
        if (len && p[len - 1] == '\r')
            p[--len] = '\0';
        ld->line++;
        if (len && p[0] != '#') {
            enum kiosk_err err = do_record(ld, p);
            if (err != KIOSK_OK)
                return err;
        }
        p = next;
    }
    return finish_invoices(ld);
}

enum kiosk_err store_load_demo(struct store *st, const char *tsv_path, int64_t now_ms)
{
    struct loader ld = {.st = st, .now_ms = now_ms};
    char *buf = NULL;
    int64_t rows = 0;
    size_t len;
    enum kiosk_err err = kfile_read(tsv_path, MAX_FILE, &buf, &len);
    if (err != KIOSK_OK)
        return err;
    err = store_step_done(st, ST_BEGIN_IMMEDIATE, "begin demo load");
    if (err != KIOSK_OK)
        goto free_buf;
    err = store_query_int(st, "SELECT count(*) FROM patients", &rows);
    if (err == KIOSK_OK && rows != 0) {
        kiosk_err_set_detail("demo data: the store is not empty");
        err = KIOSK_ERR_INVALID;
    }
    if (err == KIOSK_OK)
        err = load_lines(&ld, buf);
    if (err != KIOSK_OK)
        goto err_rollback;
    err = store_step_done(st, ST_COMMIT, "commit demo load");
    if (err != KIOSK_OK)
        goto err_rollback;
    log_info("store", "demo data loaded: %zu patients", ld.patients.n);
    goto free_buf;

err_rollback:
    store_step_done(st, ST_ROLLBACK, "rollback demo load");
    log_warn("store", "demo data not loaded: %E (line %d)", err, ld.line);
free_buf:
    kmem_free(ld.patients.v);
    kmem_free(ld.accounts.v);
    kmem_free(ld.invoices.v);
    kmem_free(ld.cards.v);
    kmem_free(ld.mrns.v);
    kmem_free(buf);
    return err;
}
