/* Bills and payments in the cache (see store.h). Statements here are read
 * and written a few times a session, so their statements are prepared per
 * call rather than kept. */
#include "store_private.h"

#include "firmware/core/str.h"
#include "firmware/store/store_sync.h"

#include <stdio.h>
#include <string.h>

static enum kiosk_err prepare(struct store *st, const char *sql, sqlite3_stmt **out)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
    return rc == SQLITE_OK ? KIOSK_OK : store_map_rc(rc, "prepare bill query");
}

/* Run a prepared statement that returns no rows, and finalise it. */
static enum kiosk_err run(sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, what);
}

/* --- bills ----------------------------------------------------------------------- */

static enum bill_state bill_state_of(const char *status, const char *hold, int64_t owes,
                                     bool unsettled)
{
    if (strcmp(status, "balanced") == 0 || owes <= 0)
        return BILL_PAID;
    if (unsettled)
        return BILL_CHECKING; /* paying again could charge twice */
    if (strcmp(hold, "dispute") == 0)
        return BILL_DISPUTE;
    if (strcmp(hold, "plan") == 0)
        return BILL_PLAN;
    return BILL_OPEN;
}

static enum kiosk_err read_lines(struct store *st, struct bill_info *b)
{
    sqlite3_stmt *s;
    enum kiosk_err err = prepare(
        st,
        "SELECT COALESCE(NULLIF(l.code, ''), c.code), "
        "COALESCE(NULLIF(l.description, ''), c.description), l.quantity, l.total_minor "
        "FROM invoice_lines l LEFT JOIN charge_items c ON c.fhir_id = l.charge_item_fhir_id "
        "WHERE l.invoice_id = ?1 ORDER BY l.id LIMIT ?2",
        &s);
    if (err != KIOSK_OK)
        return err;
    sqlite3_bind_int64(s, 1, b->id);
    sqlite3_bind_int(s, 2, KIOSK_MAX_LINES);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct bill_line *l = &b->lines[b->line_count++];
        store_copy_col(l->code, sizeof(l->code), s, 0);
        store_copy_col(l->description, sizeof(l->description), s, 1);
        l->quantity = sqlite3_column_int(s, 2);
        l->total_minor = sqlite3_column_int64(s, 3);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "read bill lines");
}

/* The columns every statement query reads, in bill_row's order. */
#define BILL_COLUMNS                                                                               \
    "invoices.id, invoices.fhir_id, invoices.currency, invoices.status, "                          \
    "COALESCE(invoices.hold, ''), COALESCE(invoices.due_date, ''), "                               \
    "invoices.total_gross_minor, invoices.insurance_paid_minor, invoices.adjustments_minor, "      \
    "invoices.patient_owes_minor, EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = "          \
    "invoices.id AND p.state = 0), COALESCE((SELECT number FROM invoice_numbers n WHERE "          \
    "n.invoice_id = invoices.id), '')"

static void bill_row(sqlite3_stmt *s, struct bill_info *b)
{
    char status[24], hold[16];
    b->id = sqlite3_column_int64(s, 0);
    store_copy_col(b->ref, sizeof(b->ref), s, 1);
    store_copy_col(b->currency, sizeof(b->currency), s, 2);
    store_copy_col(status, sizeof(status), s, 3);
    store_copy_col(hold, sizeof(hold), s, 4);
    store_copy_col(b->due_date, sizeof(b->due_date), s, 5);
    b->total_minor = sqlite3_column_int64(s, 6);
    b->insurance_minor = sqlite3_column_int64(s, 7);
    b->adjust_minor = sqlite3_column_int64(s, 8);
    b->owes_minor = sqlite3_column_int64(s, 9);
    b->state = bill_state_of(status, hold, b->owes_minor, sqlite3_column_int(s, 10) != 0);
    store_copy_col(b->number, sizeof(b->number), s, 11);
}

/* Step s (its parameters bound) into out, lines and all; finalises s. */
static enum kiosk_err read_bills(struct store *st, sqlite3_stmt *s, struct bill_set *out)
{
    enum kiosk_err err = KIOSK_OK;
    int rc = SQLITE_DONE;
    while (out->count < KIOSK_MAX_BILLS && (rc = sqlite3_step(s)) == SQLITE_ROW)
        bill_row(s, &out->bills[out->count++]);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = store_map_rc(rc, "read bills");
    for (int i = 0; err == KIOSK_OK && i < out->count; i++)
        err = read_lines(st, &out->bills[i]);
    if (err != KIOSK_OK)
        memset(out, 0, sizeof(*out)); /* never half a bill on screen */
    return err;
}

enum kiosk_err store_bills_for_patient(struct store *st, int64_t patient_id, struct bill_set *out)
{
    sqlite3_stmt *s;
    memset(out, 0, sizeof(*out));
    enum kiosk_err err = prepare(
        st,
        "SELECT " BILL_COLUMNS " FROM invoices WHERE patient_id = ?1 AND status IN ('issued', "
        "'balanced') ORDER BY (status = 'balanced' OR patient_owes_minor <= 0), due_date, id "
        "LIMIT ?2",
        &s);
    if (err != KIOSK_OK)
        return err;
    sqlite3_bind_int64(s, 1, patient_id);
    sqlite3_bind_int(s, 2, KIOSK_MAX_BILLS);
    return read_bills(st, s, out);
}

enum kiosk_err store_copay_for_appointment(struct store *st, int64_t appt_id, struct bill_set *out)
{
    sqlite3_stmt *s;
    memset(out, 0, sizeof(*out));
    enum kiosk_err err = prepare(
        st,
        "SELECT " BILL_COLUMNS " FROM copays c JOIN invoices ON invoices.id = c.invoice_id "
        "JOIN appointments a ON (a.fhir_id = c.appointment_fhir_id OR "
        "(c.appointment_fhir_id IS NULL AND a.code = c.appointment_code)) "
        "WHERE a.id = ?1 AND a.patient_id = invoices.patient_id AND invoices.status = 'issued' "
        "AND invoices.patient_owes_minor > 0 ORDER BY invoices.id LIMIT 1",
        &s);
    if (err != KIOSK_OK)
        return err;
    sqlite3_bind_int64(s, 1, appt_id);
    return read_bills(st, s, out);
}

enum kiosk_err store_copay_link(struct store *st, const char *invoice_fhir_id,
                                const char *appt_fhir_id, const char *appt_code)
{
    sqlite3_stmt *s;
    if (!invoice_fhir_id || !invoice_fhir_id[0])
        return KIOSK_ERR_INVALID;
    bool untie = !appt_fhir_id && !appt_code;
    enum kiosk_err err = prepare(
        st,
        untie ? "DELETE FROM copays WHERE invoice_id = (SELECT id FROM invoices WHERE fhir_id = ?1)"
              : "INSERT OR REPLACE INTO copays (invoice_id, appointment_fhir_id, appointment_code) "
                "SELECT id, ?2, ?3 FROM invoices WHERE fhir_id = ?1",
        &s);
    if (err != KIOSK_OK)
        return err;
    sqlite3_bind_text(s, 1, invoice_fhir_id, -1, SQLITE_TRANSIENT);
    if (!untie) {
        sqlite3_bind_text(s, 2, appt_fhir_id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, appt_code, -1, SQLITE_TRANSIENT);
    }
    err = run(s, "link copay");
    if (err == KIOSK_OK && !untie && sqlite3_changes(st->db) == 0)
        return KIOSK_ERR_NOT_FOUND;
    return err;
}

enum kiosk_err store_find_by_statement(struct store *st, const char *ref, struct patient_match *out)
{
    sqlite3_stmt *s;
    memset(out, 0, sizeof(*out));
    if (!ref || !ref[0])
        return KIOSK_ERR_INVALID;
    enum kiosk_err err = prepare(st, "SELECT patient_id FROM invoices WHERE fhir_id = ?1", &s);
    if (err != KIOSK_OK)
        return err;
    sqlite3_bind_text(s, 1, ref, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    int64_t patient_id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (rc == SQLITE_DONE)
        return KIOSK_OK;
    if (rc != SQLITE_ROW)
        return store_map_rc(rc, "find by statement");
    err = store_fill_patient(st, patient_id, out);
    if (err != KIOSK_OK)
        memset(out, 0, sizeof(*out));
    return err;
}

/* --- payments ------------------------------------------------------------------ */

static bool four_digits(const char *s)
{
    if (!s || strlen(s) != 4)
        return false;
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

enum kiosk_err store_payment_begin(struct store *st, const struct payment_record *p, int64_t now_ms)
{
    sqlite3_stmt *s;
    if (!p || !p->key || !p->key[0] || p->amount_minor <= 0 || !p->currency ||
        strlen(p->currency) != 3 || (p->last4 && !four_digits(p->last4)))
        return KIOSK_ERR_INVALID;
    enum kiosk_err err = store_tx_begin(st);
    if (err != KIOSK_OK)
        return err;
    /* One payment at a time: a pending one is settled before the next. */
    err = prepare(st, "SELECT count(*) FROM payments WHERE state = 0", &s);
    if (err != KIOSK_OK)
        goto fail;
    int rc = sqlite3_step(s);
    int pending = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    if (pending != 0) {
        err = pending > 0 ? KIOSK_ERR_BUSY : store_map_rc(rc, "count pending payments");
        goto fail;
    }
    err = prepare(st, "SELECT fhir_id, patient_owes_minor FROM invoices WHERE id = ?1", &s);
    if (err != KIOSK_OK)
        goto fail;
    sqlite3_bind_int64(s, 1, p->invoice_id);
    rc = sqlite3_step(s);
    char ref[KIOSK_IDENT_MAX] = "";
    int64_t owes = 0;
    if (rc == SQLITE_ROW) {
        store_copy_col(ref, sizeof(ref), s, 0);
        owes = sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW || p->amount_minor > owes) {
        err = rc == SQLITE_ROW || rc == SQLITE_DONE ? KIOSK_ERR_INVALID
                                                    : store_map_rc(rc, "read invoice");
        goto fail;
    }
    err = prepare(st,
                  "INSERT INTO payments (key, invoice_id, invoice_ref, amount_minor, currency, "
                  "brand, last4, state, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8)",
                  &s);
    if (err != KIOSK_OK)
        goto fail;
    store_bind_text(s, 1, p->key);
    sqlite3_bind_int64(s, 2, p->invoice_id);
    store_bind_text(s, 3, ref);
    sqlite3_bind_int64(s, 4, p->amount_minor);
    store_bind_text(s, 5, p->currency);
    store_bind_text(s, 6, p->brand);
    store_bind_text(s, 7, p->last4);
    sqlite3_bind_int64(s, 8, now_ms);
    err = run(s, "record payment");
    if (err != KIOSK_OK)
        goto fail;
    return store_tx_commit(st);

fail:
    store_tx_rollback(st);
    return err;
}

static const char PAYMENT_COLS[] = "key, invoice_id, COALESCE(invoice_ref, ''), amount_minor, "
                                   "currency, COALESCE(brand, ''), COALESCE(last4, ''), state, "
                                   "COALESCE(auth_code, ''), COALESCE(reason, ''), created_ms ";

static enum kiosk_err payment_query(struct store *st, const char *where, const char *key,
                                    struct payment_info *out)
{
    char sql[400];
    sqlite3_stmt *s;
    memset(out, 0, sizeof(*out));
    snprintf(sql, sizeof(sql), "SELECT %sFROM payments WHERE %s ORDER BY id LIMIT 1", PAYMENT_COLS,
             where);
    enum kiosk_err err = prepare(st, sql, &s);
    if (err != KIOSK_OK)
        return err;
    if (key)
        sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        store_copy_col(out->key, sizeof(out->key), s, 0);
        out->invoice_id = sqlite3_column_int64(s, 1);
        store_copy_col(out->invoice_ref, sizeof(out->invoice_ref), s, 2);
        out->amount_minor = sqlite3_column_int64(s, 3);
        store_copy_col(out->currency, sizeof(out->currency), s, 4);
        store_copy_col(out->brand, sizeof(out->brand), s, 5);
        store_copy_col(out->last4, sizeof(out->last4), s, 6);
        out->state = (enum payment_state)sqlite3_column_int(s, 7);
        store_copy_col(out->auth_code, sizeof(out->auth_code), s, 8);
        store_copy_col(out->reason, sizeof(out->reason), s, 9);
        out->created_ms = sqlite3_column_int64(s, 10);
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return KIOSK_OK;
    return rc == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_map_rc(rc, "read payment");
}

enum kiosk_err store_payment_pending(struct store *st, struct payment_info *out)
{
    return payment_query(st, "state = 0", NULL, out);
}

enum kiosk_err store_payment_get(struct store *st, const char *key, struct payment_info *out)
{
    if (!key)
        return KIOSK_ERR_INVALID;
    return payment_query(st, "key = ?1", key, out);
}

/* The outbox entry that posts an approved payment to the billing server
 * (push.c turns it into a PaymentReconciliation). It carries the time of
 * the approval (now_ms), posted as the payment's date. */
static enum kiosk_err queue_posting(struct store *st, const struct payment_info *p,
                                    const char *auth_code, int64_t now_ms)
{
    struct outbox_record rec = {.kind = OUTBOX_PAYMENT_POSTED, .at_ms = now_ms};
    rec.payment.amount_minor = p->amount_minor;
    if (!kstr_copy(rec.payment.currency, sizeof(rec.payment.currency), p->currency) ||
        !kstr_copy(rec.payment.invoice, sizeof(rec.payment.invoice), p->invoice_ref) ||
        !kstr_copy(rec.payment.auth_code, sizeof(rec.payment.auth_code), auth_code))
        return KIOSK_ERR_INVALID;
    return store_outbox_add_in_tx(st, p->key, &rec, now_ms);
}

enum kiosk_err store_payment_settle(struct store *st, const char *key, enum payment_state state,
                                    const char *auth_code, const char *reason, int64_t now_ms)
{
    struct payment_info p;
    sqlite3_stmt *s;
    if (!key || state == PAYMENT_PENDING || (state == PAYMENT_APPROVED && !auth_code))
        return KIOSK_ERR_INVALID;
    enum kiosk_err err = store_tx_begin(st);
    if (err != KIOSK_OK)
        return err;
    err = store_payment_get(st, key, &p);
    if (err != KIOSK_OK)
        goto fail;
    if (p.state != PAYMENT_PENDING) {
        store_tx_rollback(st);
        return p.state == state ? KIOSK_OK : KIOSK_ERR_INVALID;
    }
    err = prepare(st,
                  "UPDATE payments SET state = ?2, auth_code = ?3, reason = ?4, done_ms = ?5 "
                  "WHERE key = ?1",
                  &s);
    if (err != KIOSK_OK)
        goto fail;
    store_bind_text(s, 1, key);
    sqlite3_bind_int(s, 2, (int)state);
    store_bind_text(s, 3, auth_code);
    store_bind_text(s, 4, reason);
    sqlite3_bind_int64(s, 5, now_ms);
    err = run(s, "settle payment");
    if (err == KIOSK_OK && state == PAYMENT_APPROVED) {
        /* The cached balance shows the payment at once; the server's own
         * figures replace it at the next pull that finds the bill changed. */
        err = prepare(st,
                      "UPDATE invoices SET patient_owes_minor = max(0, patient_owes_minor - ?2), "
                      "status = CASE WHEN patient_owes_minor - ?2 <= 0 THEN 'balanced' "
                      "ELSE status END WHERE id = ?1",
                      &s);
        if (err == KIOSK_OK) {
            sqlite3_bind_int64(s, 1, p.invoice_id);
            sqlite3_bind_int64(s, 2, p.amount_minor);
            err = run(s, "update balance");
        }
        if (err == KIOSK_OK)
            err = queue_posting(st, &p, auth_code, now_ms);
    }
    if (err != KIOSK_OK)
        goto fail;
    return store_tx_commit(st);

fail:
    store_tx_rollback(st);
    return err;
}

enum kiosk_err store_payment_counts(struct store *st, struct payment_counts *out)
{
    sqlite3_stmt *s;
    memset(out, 0, sizeof(*out));
    enum kiosk_err err = prepare(st, "SELECT state, count(*) FROM payments GROUP BY state", &s);
    if (err != KIOSK_OK)
        return err;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int n = sqlite3_column_int(s, 1);
        switch ((enum payment_state)sqlite3_column_int(s, 0)) {
        case PAYMENT_PENDING:
            out->pending = n;
            break;
        case PAYMENT_APPROVED:
            out->approved = n;
            break;
        case PAYMENT_DECLINED:
            out->declined = n;
            break;
        case PAYMENT_VOID:
            out->voided = n;
            break;
        }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "count payments");
}

enum kiosk_err store_payment_card(struct store *st, const char *key, const char *brand,
                                  const char *last4)
{
    sqlite3_stmt *s;
    if (!key || !key[0] || (last4 && last4[0] && !four_digits(last4)) ||
        (brand && strlen(brand) > 24))
        return KIOSK_ERR_INVALID;
    enum kiosk_err err =
        prepare(st, "UPDATE payments SET brand = ?2, last4 = ?3 WHERE key = ?1", &s);
    if (err != KIOSK_OK)
        return err;
    store_bind_text(s, 1, key);
    if (brand && brand[0])
        store_bind_text(s, 2, brand);
    if (last4 && last4[0])
        store_bind_text(s, 3, last4);
    err = run(s, "record payment card");
    if (err == KIOSK_OK && sqlite3_changes(st->db) == 0)
        err = KIOSK_ERR_NOT_FOUND;
    return err;
}
