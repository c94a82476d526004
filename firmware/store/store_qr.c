/* QR charges (Pix, UPI): the row committed before the QR is shown, and the
 * settlement of a paid one through the payments table (store_bill.c). */
#include "store_private.h"
#include "store_sync.h"

#include <stdio.h>
#include <string.h>

static enum kiosk_err prepare(struct store *st, const char *sql, sqlite3_stmt **out)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
    return rc == SQLITE_OK ? KIOSK_OK : store_map_rc(rc, "prepare qr charge query");
}

static enum kiosk_err run(sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, what);
}

/* One integer from a query with one int64 parameter; -1 on error. */
static int64_t count_of(struct store *st, const char *sql, int64_t arg)
{
    sqlite3_stmt *s;
    if (prepare(st, sql, &s) != KIOSK_OK)
        return -1;
    sqlite3_bind_int64(s, 1, arg);
    int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    return n;
}

static enum kiosk_err qr_query(struct store *st, const char *where, const char *text, int64_t num,
                               struct qr_charge_info *out);

enum kiosk_err store_qr_begin(struct store *st, const struct qr_charge_record *r, int64_t now_ms)
{
    if (!r || !r->id || !r->id[0] || strlen(r->id) >= 40 || r->amount_minor <= 0 || !r->currency ||
        strlen(r->currency) != 3 || !r->scheme || !r->scheme[0] || strlen(r->scheme) >= 8)
        return KIOSK_ERR_INVALID;
    enum kiosk_err err = store_tx_begin(st);
    if (err != KIOSK_OK)
        return err;
    int64_t open = count_of(
        st, "SELECT count(*) FROM qr_charges WHERE state = 0 AND invoice_id = ?1", r->invoice_id);
    int64_t owes =
        count_of(st, "SELECT patient_owes_minor FROM invoices WHERE id = ?1", r->invoice_id);
    if (open != 0 || owes < r->amount_minor) {
        store_tx_rollback(st);
        return open > 0 ? KIOSK_ERR_BUSY : KIOSK_ERR_INVALID;
    }
    struct qr_charge_info seen;
    err = qr_query(st, "id = ?1", r->id, 0, &seen);
    if (err != KIOSK_ERR_NOT_FOUND) {
        store_tx_rollback(st);
        return err == KIOSK_OK ? KIOSK_ERR_INVALID : err; /* a used id */
    }
    sqlite3_stmt *s;
    err = prepare(st,
                  "INSERT INTO qr_charges (id, invoice_id, amount_minor, currency, scheme, state, "
                  "created_ms) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)",
                  &s);
    if (err == KIOSK_OK) {
        store_bind_text(s, 1, r->id);
        sqlite3_bind_int64(s, 2, r->invoice_id);
        sqlite3_bind_int64(s, 3, r->amount_minor);
        store_bind_text(s, 4, r->currency);
        store_bind_text(s, 5, r->scheme);
        sqlite3_bind_int64(s, 6, now_ms);
        err = run(s, "record qr charge");
    }
    if (err != KIOSK_OK) {
        store_tx_rollback(st);
        return err;
    }
    return store_tx_commit(st);
}

static const char QR_COLS[] = "id, COALESCE(invoice_id, 0), amount_minor, currency, scheme, state, "
                              "COALESCE(payment_key, ''), created_ms";

static enum kiosk_err qr_query(struct store *st, const char *where, const char *text, int64_t num,
                               struct qr_charge_info *out)
{
    char sql[300];
    sqlite3_stmt *s;
    memset(out, 0, sizeof(*out));
    snprintf(sql, sizeof(sql), "SELECT %s FROM qr_charges WHERE %s ORDER BY created_ms LIMIT 1",
             QR_COLS, where);
    enum kiosk_err err = prepare(st, sql, &s);
    if (err != KIOSK_OK)
        return err;
    if (text)
        store_bind_text(s, 1, text);
    else if (strstr(where, "?1"))
        sqlite3_bind_int64(s, 1, num);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        store_copy_col(out->id, sizeof(out->id), s, 0);
        out->invoice_id = sqlite3_column_int64(s, 1);
        out->amount_minor = sqlite3_column_int64(s, 2);
        store_copy_col(out->currency, sizeof(out->currency), s, 3);
        store_copy_col(out->scheme, sizeof(out->scheme), s, 4);
        out->state = (enum qr_row_state)sqlite3_column_int(s, 5);
        store_copy_col(out->payment_key, sizeof(out->payment_key), s, 6);
        out->created_ms = sqlite3_column_int64(s, 7);
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return KIOSK_OK;
    return rc == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_map_rc(rc, "read qr charge");
}

enum kiosk_err store_qr_open(struct store *st, int64_t invoice_id, struct qr_charge_info *out)
{
    if (invoice_id < 0)
        return qr_query(st, "state = 0", NULL, 0, out);
    return qr_query(st, "state = 0 AND invoice_id = ?1", NULL, invoice_id, out);
}

enum kiosk_err store_qr_get(struct store *st, const char *id, struct qr_charge_info *out)
{
    if (!id)
        return KIOSK_ERR_INVALID;
    return qr_query(st, "id = ?1", id, 0, out);
}

static enum kiosk_err set_row(struct store *st, const char *id, enum qr_row_state state,
                              const char *payment_key, int64_t now_ms)
{
    sqlite3_stmt *s;
    enum kiosk_err err =
        prepare(st,
                "UPDATE qr_charges SET state = ?2, payment_key = COALESCE(?3, payment_key), "
                "done_ms = CASE WHEN ?2 = 0 THEN NULL ELSE ?4 END WHERE id = ?1",
                &s);
    if (err != KIOSK_OK)
        return err;
    store_bind_text(s, 1, id);
    sqlite3_bind_int(s, 2, (int)state);
    store_bind_text(s, 3, payment_key);
    sqlite3_bind_int64(s, 4, now_ms);
    return run(s, "update qr charge");
}

enum kiosk_err store_qr_close(struct store *st, const char *id, int64_t now_ms)
{
    struct qr_charge_info q;
    enum kiosk_err err = store_qr_get(st, id, &q);
    if (err != KIOSK_OK)
        return err;
    if (q.state == QR_ROW_PAID)
        return KIOSK_ERR_INVALID;
    if (q.state == QR_ROW_CLOSED)
        return KIOSK_OK;
    return set_row(st, id, QR_ROW_CLOSED, NULL, now_ms);
}

enum kiosk_err store_qr_paid(struct store *st, const char *id, const char *payment_key,
                             const char *auth_code, int64_t now_ms)
{
    struct qr_charge_info q;
    struct payment_info p;
    enum kiosk_err err = store_qr_get(st, id, &q);
    if (err != KIOSK_OK)
        return err;
    if (q.state == QR_ROW_PAID)
        return KIOSK_OK;
    /* 1. The payment key is written down first, so every later try uses it. */
    if (!q.payment_key[0]) {
        if (!payment_key || !payment_key[0])
            return KIOSK_ERR_INVALID;
        err = set_row(st, id, QR_ROW_OPEN, payment_key, now_ms);
        if (err != KIOSK_OK)
            return err;
        snprintf(q.payment_key, sizeof(q.payment_key), "%s", payment_key);
    }
    /* 2. The payment row, as a card payment's (brand "Pix"/"UPI", no last 4). */
    err = store_payment_get(st, q.payment_key, &p);
    if (err == KIOSK_ERR_NOT_FOUND) {
        const char *brand = strcmp(q.scheme, "pix") == 0 ? "Pix" : "UPI";
        struct payment_record rec = {q.payment_key, q.invoice_id, q.amount_minor,
                                     q.currency,    brand,        NULL};
        err = store_payment_begin(st, &rec, now_ms);
        if (err == KIOSK_OK)
            err = store_payment_get(st, q.payment_key, &p);
    }
    if (err != KIOSK_OK)
        return err;
    /* 3. Settled: the balance and the posting, in one transaction (store_bill.c). */
    if (p.state == PAYMENT_PENDING) {
        err = store_payment_settle(st, q.payment_key, PAYMENT_APPROVED, auth_code, NULL, now_ms);
        if (err != KIOSK_OK)
            return err;
    }
    /* 4. The charge is paid. */
    return set_row(st, id, QR_ROW_PAID, NULL, now_ms);
}
