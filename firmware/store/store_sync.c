/* The store as billing sync sees it (store_sync.h). Statements are prepared
 * at their first use and kept until store_close, as the pull path runs
 * them once per resource (the ingest benchmark counts on it). */
#include "store_private.h"
#include "store_sync.h"

#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <string.h>

enum sync_stmt {
    SY_CURSOR_GET,
    SY_CURSOR_SET,
    SY_STATE_GET,
    SY_STATE_SET,
    SY_ROW_PATIENT,
    SY_ROW_APPOINTMENT,
    SY_ROW_ACCOUNT,
    SY_ROW_INVOICE,
    SY_ROW_CHARGE,
    SY_ROW_COVERAGE,
    SY_VER_PATIENT,
    SY_VER_APPOINTMENT,
    SY_VER_ACCOUNT,
    SY_VER_INVOICE,
    SY_VER_CHARGE,
    SY_VER_COVERAGE,
    SY_DEL_PATIENT,
    SY_DEL_APPOINTMENT,
    SY_DEL_ACCOUNT,
    SY_DEL_INVOICE,
    SY_DEL_CHARGE,
    SY_DEL_COVERAGE,
    SY_IDENT_CLEAR,
    SY_PATIENT_TOUCH,
    SY_ACCOUNT_UPSERT,
    SY_CHARGE_UPSERT,
    SY_COVERAGE_UPSERT,
    SY_DETAILS_PUT,
    SY_INVOICE_UPSERT,
    SY_LINES_CLEAR,
    SY_LINE_INSERT,
    SY_APPTS_IN,
    SY_APPT_REF,
    SY_OUTBOX_HEAD,
    SY_OUTBOX_DONE,
    SY_OUTBOX_RETRY,
    SY_OUTBOX_PARK,
    SY_OUTBOX_LAST_PARKED,
    SY_COUNT
};

static const char *const sync_sql[SY_COUNT] = {
    [SY_CURSOR_GET] = "SELECT cursor FROM sync_cursors WHERE resource = ?1",
    [SY_CURSOR_SET] = "INSERT INTO sync_cursors (resource, cursor) VALUES (?1, ?2) ON CONFLICT "
                      "(resource) DO UPDATE SET cursor = excluded.cursor",
    [SY_STATE_GET] = "SELECT value FROM sync_state WHERE name = ?1",
    [SY_STATE_SET] = "INSERT INTO sync_state (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO "
                     "UPDATE SET value = excluded.value",
    [SY_ROW_PATIENT] = "SELECT id FROM patients WHERE fhir_id = ?1",
    [SY_ROW_APPOINTMENT] = "SELECT id FROM appointments WHERE fhir_id = ?1",
    [SY_ROW_ACCOUNT] = "SELECT id FROM accounts WHERE fhir_id = ?1",
    [SY_ROW_INVOICE] = "SELECT id FROM invoices WHERE fhir_id = ?1",
    [SY_ROW_CHARGE] = "SELECT id FROM charge_items WHERE fhir_id = ?1",
    [SY_ROW_COVERAGE] = "SELECT id FROM coverages WHERE fhir_id = ?1",
    [SY_VER_PATIENT] = "SELECT coalesce(version_id, '') FROM patients WHERE fhir_id = ?1",
    [SY_VER_APPOINTMENT] = "SELECT coalesce(version_id, '') FROM appointments WHERE fhir_id = ?1",
    [SY_VER_ACCOUNT] = "SELECT coalesce(version_id, '') FROM accounts WHERE fhir_id = ?1",
    [SY_VER_INVOICE] = "SELECT coalesce(version_id, '') FROM invoices WHERE fhir_id = ?1",
    [SY_VER_CHARGE] = "SELECT coalesce(version_id, '') FROM charge_items WHERE fhir_id = ?1",
    [SY_VER_COVERAGE] = "SELECT coalesce(version_id, '') FROM coverages WHERE fhir_id = ?1",
    [SY_DEL_PATIENT] = "DELETE FROM patients WHERE fhir_id = ?1",
    /* A check-in the server has not heard of yet keeps its appointment: the
     * outbox entry still needs the code, and staff need the queue number. */
    [SY_DEL_APPOINTMENT] = "DELETE FROM appointments WHERE fhir_id = ?1 AND NOT EXISTS (SELECT 1 "
                           "FROM checkins c WHERE c.appointment_id = appointments.id)",
    [SY_DEL_ACCOUNT] = "DELETE FROM accounts WHERE fhir_id = ?1",
    [SY_DEL_INVOICE] = "DELETE FROM invoices WHERE fhir_id = ?1",
    [SY_DEL_CHARGE] = "DELETE FROM charge_items WHERE fhir_id = ?1",
    [SY_DEL_COVERAGE] = "DELETE FROM coverages WHERE fhir_id = ?1",
    [SY_IDENT_CLEAR] = "DELETE FROM patient_identifiers WHERE patient_id = ?1",
    [SY_PATIENT_TOUCH] = "UPDATE patients SET updated_at = ?2 WHERE fhir_id = ?1",
    [SY_ACCOUNT_UPSERT] =
        "INSERT INTO accounts (fhir_id, patient_id, name, status, currency, version_id, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, unixepoch() * 1000) ON CONFLICT (fhir_id) DO "
        "UPDATE SET patient_id = excluded.patient_id, name = excluded.name, status = "
        "excluded.status, currency = excluded.currency, version_id = excluded.version_id, "
        "updated_at = excluded.updated_at",
    [SY_CHARGE_UPSERT] =
        "INSERT INTO charge_items (fhir_id, patient_id, account_fhir_id, status, code, "
        "code_system, description, quantity, total_minor, currency, occurred_ms, version_id, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, unixepoch() * "
        "1000) ON CONFLICT (fhir_id) DO UPDATE SET patient_id = excluded.patient_id, "
        "account_fhir_id = excluded.account_fhir_id, status = excluded.status, code = "
        "excluded.code, code_system = excluded.code_system, description = excluded.description, "
        "quantity = excluded.quantity, total_minor = excluded.total_minor, currency = "
        "excluded.currency, occurred_ms = excluded.occurred_ms, version_id = "
        "excluded.version_id, updated_at = excluded.updated_at",
    [SY_COVERAGE_UPSERT] =
        "INSERT INTO coverages (fhir_id, patient_id, status, payor, plan, subscriber_id, "
        "relationship, version_id, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "unixepoch() * 1000) ON CONFLICT (fhir_id) DO UPDATE SET patient_id = "
        "excluded.patient_id, status = excluded.status, payor = excluded.payor, plan = "
        "excluded.plan, subscriber_id = excluded.subscriber_id, relationship = "
        "excluded.relationship, version_id = excluded.version_id, updated_at = "
        "excluded.updated_at",
    [SY_DETAILS_PUT] =
        "INSERT INTO patient_details (patient_id, addr_line, addr_city, addr_state, addr_postal, "
        "addr_country, contact_name, contact_relation, contact_phone, record_updated_ms) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (patient_id) DO UPDATE SET "
        "addr_line = excluded.addr_line, addr_city = excluded.addr_city, addr_state = "
        "excluded.addr_state, addr_postal = excluded.addr_postal, addr_country = "
        "excluded.addr_country, contact_name = excluded.contact_name, contact_relation = "
        "excluded.contact_relation, contact_phone = excluded.contact_phone, record_updated_ms = "
        "excluded.record_updated_ms",
    [SY_INVOICE_UPSERT] =
        "INSERT INTO invoices (fhir_id, patient_id, account_id, status, currency, "
        "total_gross_minor, insurance_paid_minor, adjustments_minor, patient_owes_minor, "
        "issued_ms, due_date, version_id, hold, updated_at) VALUES (?1, ?2, (SELECT id FROM "
        "accounts WHERE fhir_id = ?3), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
        "unixepoch() * 1000) ON "
        "CONFLICT (fhir_id) DO UPDATE SET patient_id = excluded.patient_id, account_id = "
        "excluded.account_id, status = excluded.status, currency = excluded.currency, "
        "total_gross_minor = excluded.total_gross_minor, insurance_paid_minor = "
        "excluded.insurance_paid_minor, adjustments_minor = excluded.adjustments_minor, "
        "patient_owes_minor = excluded.patient_owes_minor, issued_ms = excluded.issued_ms, "
        "due_date = excluded.due_date, version_id = excluded.version_id, hold = excluded.hold, "
        "updated_at = excluded.updated_at RETURNING id",
    [SY_LINES_CLEAR] = "DELETE FROM invoice_lines WHERE invoice_id = ?1",
    [SY_LINE_INSERT] = "INSERT INTO invoice_lines (invoice_id, code, code_system, description, "
                       "quantity, unit_price_minor, total_minor, charge_item_fhir_id) VALUES "
                       "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [SY_APPTS_IN] = "SELECT fhir_id FROM appointments WHERE start_ms >= ?1 AND start_ms < ?2 AND "
                    "fhir_id IS NOT NULL",
    [SY_APPT_REF] = "SELECT coalesce(fhir_id, ''), coalesce(version_id, '') FROM appointments "
                    "WHERE code = ?1",
    [SY_OUTBOX_HEAD] =
        "SELECT id, key, kind, payload, attempts, next_attempt_ms, created_ms FROM outbox "
        "WHERE state = 0 ORDER BY id LIMIT 1",
    /* A form's answers and signature leave the kiosk once the server has them. */
    [SY_OUTBOX_DONE] = "UPDATE outbox SET state = 1, done_ms = ?2, last_error = NULL, "
                       "payload = CASE kind WHEN 'form.response' THEN '{}' ELSE payload END "
                       "WHERE id = ?1",
    [SY_OUTBOX_RETRY] = "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?2, "
                        "last_error = ?3 WHERE id = ?1 AND state = 0",
    [SY_OUTBOX_PARK] = "UPDATE outbox SET state = 2, attempts = attempts + 1, last_error = ?2 "
                       "WHERE id = ?1",
    [SY_OUTBOX_LAST_PARKED] = "SELECT kind, coalesce(last_error, '') FROM outbox WHERE state = 2 "
                              "ORDER BY id DESC LIMIT 1",
};

/* Prepared at first use; finalised by store_close (store_sync_finalize). */
static sqlite3_stmt *sync_stmt(struct store *st, enum sync_stmt id)
{
    if (!st->sync_stmt) {
        st->sync_stmt = kmem_alloc(sizeof(sqlite3_stmt *) * SY_COUNT);
        if (!st->sync_stmt)
            return NULL;
    }
    sqlite3_stmt **s = &st->sync_stmt[id];
    if (!*s) {
        if (sqlite3_prepare_v3(st->db, sync_sql[id], -1, SQLITE_PREPARE_PERSISTENT, s, NULL) !=
            SQLITE_OK) {
            log_error("store", "sync statement %d: %d", (int)id, sqlite3_errcode(st->db));
            *s = NULL;
            return NULL;
        }
    } else {
        sqlite3_reset(*s);
        sqlite3_clear_bindings(*s);
    }
    return *s;
}

void store_sync_finalize(struct store *st)
{
    if (!st->sync_stmt)
        return;
    for (int i = 0; i < SY_COUNT; i++)
        sqlite3_finalize(st->sync_stmt[i]);
    kmem_free(st->sync_stmt);
    st->sync_stmt = NULL;
}

/* Run a statement that returns no rows (or whose rows do not matter). */
static enum kiosk_err run(sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? KIOSK_OK : store_map_rc(rc, what);
}

#define STMT_OR_RETURN(s, st, id)                                                                  \
    sqlite3_stmt *s = sync_stmt(st, id);                                                           \
    if (!s)                                                                                        \
    return KIOSK_ERR_NOMEM

/* --- transactions ---------------------------------------------------------------- */

enum kiosk_err store_tx_begin(struct store *st)
{
    return store_step_done(st, ST_BEGIN_IMMEDIATE, "begin");
}

enum kiosk_err store_tx_commit(struct store *st)
{
    enum kiosk_err err = store_step_done(st, ST_COMMIT, "commit");
    if (err != KIOSK_OK)
        store_tx_rollback(st);
    return err;
}

void store_tx_rollback(struct store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        store_step_done(st, ST_ROLLBACK, "rollback");
}

enum kiosk_err store_set_durable(struct store *st, bool durable)
{
    int rc =
        sqlite3_exec(st->db, durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
                     NULL, NULL, NULL);
    return rc == SQLITE_OK ? KIOSK_OK : store_map_rc(rc, "synchronous");
}

/* --- named values ------------------------------------------------------------------ */

static enum kiosk_err text_get(struct store *st, enum sync_stmt id, const char *name, char *buf,
                               size_t size)
{
    buf[0] = '\0';
    STMT_OR_RETURN(s, st, id);
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        kstr_copy(buf, size, t ? t : "");
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return KIOSK_OK;
    return rc == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_map_rc(rc, "read value");
}

static enum kiosk_err text_set(struct store *st, enum sync_stmt id, const char *name,
                               const char *value)
{
    STMT_OR_RETURN(s, st, id);
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, value ? value : "", -1, SQLITE_STATIC);
    return run(s, "write value");
}

enum kiosk_err store_cursor_get(struct store *st, const char *name, char *buf, size_t size)
{
    return text_get(st, SY_CURSOR_GET, name, buf, size);
}

enum kiosk_err store_cursor_set(struct store *st, const char *name, const char *value)
{
    return text_set(st, SY_CURSOR_SET, name, value);
}

enum kiosk_err store_state_get(struct store *st, const char *name, char *buf, size_t size)
{
    return text_get(st, SY_STATE_GET, name, buf, size);
}

enum kiosk_err store_state_set(struct store *st, const char *name, const char *value)
{
    return text_set(st, SY_STATE_SET, name, value);
}

/* --- cached resources ------------------------------------------------------------- */

enum kiosk_err store_row_of(struct store *st, enum store_kind kind, const char *fhir_id,
                            int64_t *row_id)
{
    *row_id = 0;
    STMT_OR_RETURN(s, st, (enum sync_stmt)(SY_ROW_PATIENT + kind));
    sqlite3_bind_text(s, 1, fhir_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *row_id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return KIOSK_OK;
    return rc == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_map_rc(rc, "find row");
}

enum kiosk_err store_version_of(struct store *st, enum store_kind kind, const char *fhir_id,
                                char *buf, size_t size)
{
    return text_get(st, (enum sync_stmt)(SY_VER_PATIENT + kind), fhir_id, buf, size);
}

enum kiosk_err store_patient_touch(struct store *st, const char *fhir_id, int64_t now_ms)
{
    STMT_OR_RETURN(s, st, SY_PATIENT_TOUCH);
    sqlite3_bind_text(s, 1, fhir_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, now_ms);
    return run(s, "touch patient");
}

enum kiosk_err store_forget(struct store *st, enum store_kind kind, const char *fhir_id)
{
    STMT_OR_RETURN(s, st, (enum sync_stmt)(SY_DEL_PATIENT + kind));
    sqlite3_bind_text(s, 1, fhir_id, -1, SQLITE_STATIC);
    return run(s, "forget");
}

enum kiosk_err store_identifiers_clear(struct store *st, int64_t patient_id)
{
    STMT_OR_RETURN(s, st, SY_IDENT_CLEAR);
    sqlite3_bind_int64(s, 1, patient_id);
    return run(s, "clear identifiers");
}

enum kiosk_err store_account_sync(struct store *st, const struct account_sync_record *a)
{
    if (!a->fhir_id || !a->status)
        return KIOSK_ERR_INVALID;
    STMT_OR_RETURN(s, st, SY_ACCOUNT_UPSERT);
    store_bind_text(s, 1, a->fhir_id);
    sqlite3_bind_int64(s, 2, a->patient_id);
    store_bind_text(s, 3, a->name);
    store_bind_text(s, 4, a->status);
    store_bind_text(s, 5, a->currency);
    store_bind_text(s, 6, a->version_id);
    return run(s, "sync account");
}

enum kiosk_err store_charge_item_sync(struct store *st, const struct charge_item_record *c)
{
    if (!c->fhir_id || !c->status || !c->description)
        return KIOSK_ERR_INVALID;
    STMT_OR_RETURN(s, st, SY_CHARGE_UPSERT);
    store_bind_text(s, 1, c->fhir_id);
    sqlite3_bind_int64(s, 2, c->patient_id);
    store_bind_text(s, 3, c->account_fhir_id);
    store_bind_text(s, 4, c->status);
    store_bind_text(s, 5, c->code);
    store_bind_text(s, 6, c->code_system);
    store_bind_text(s, 7, c->description);
    sqlite3_bind_int(s, 8, c->quantity);
    sqlite3_bind_int64(s, 9, c->total_minor);
    store_bind_text(s, 10, c->currency);
    if (c->occurred_ms)
        sqlite3_bind_int64(s, 11, c->occurred_ms);
    store_bind_text(s, 12, c->version_id);
    return run(s, "sync charge item");
}

enum kiosk_err store_coverage_sync(struct store *st, const struct coverage_sync_record *c)
{
    if (!c->fhir_id || !c->status || !c->payor)
        return KIOSK_ERR_INVALID;
    STMT_OR_RETURN(s, st, SY_COVERAGE_UPSERT);
    store_bind_text(s, 1, c->fhir_id);
    sqlite3_bind_int64(s, 2, c->patient_id);
    store_bind_text(s, 3, c->status);
    store_bind_text(s, 4, c->payor);
    store_bind_text(s, 5, c->plan);
    store_bind_text(s, 6, c->subscriber_id);
    store_bind_text(s, 7, c->relationship);
    store_bind_text(s, 8, c->version_id);
    return run(s, "sync coverage");
}

enum kiosk_err store_details_sync(struct store *st, const struct details_sync_record *d)
{
    STMT_OR_RETURN(s, st, SY_DETAILS_PUT);
    sqlite3_bind_int64(s, 1, d->patient_id);
    store_bind_text(s, 2, d->addr_line);
    store_bind_text(s, 3, d->addr_city);
    store_bind_text(s, 4, d->addr_state);
    store_bind_text(s, 5, d->addr_postal);
    store_bind_text(s, 6, d->addr_country);
    store_bind_text(s, 7, d->contact_name);
    store_bind_text(s, 8, d->contact_relation);
    store_bind_text(s, 9, d->contact_phone);
    sqlite3_bind_int64(s, 10, d->record_updated_ms);
    return run(s, "sync details");
}

/* The statement's paper number: replaced, or removed when it has none. */
static enum kiosk_err invoice_number_put(struct store *st, int64_t id, const char *number)
{
    static const char *const sql[2] = {
        "DELETE FROM invoice_numbers WHERE invoice_id = ?1",
        "INSERT INTO invoice_numbers (invoice_id, number) VALUES (?1, ?2)"};
    for (int k = 0; k < (number && number[0] ? 2 : 1); k++) {
        sqlite3_stmt *s = NULL;
        int rc = sqlite3_prepare_v2(st->db, sql[k], -1, &s, NULL);
        if (rc != SQLITE_OK)
            return store_map_rc(rc, "prepare invoice number");
        sqlite3_bind_int64(s, 1, id);
        if (k == 1)
            store_bind_text(s, 2, number);
        rc = sqlite3_step(s);
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE)
            return store_map_rc(rc, "invoice number");
    }
    return KIOSK_OK;
}

enum kiosk_err store_invoice_sync(struct store *st, const struct invoice_sync_record *inv)
{
    if (!inv->fhir_id || !inv->status || !inv->currency || inv->line_count < 0)
        return KIOSK_ERR_INVALID;
    enum kiosk_err err = store_step_done(st, ST_SAVEPOINT, "savepoint");
    if (err != KIOSK_OK)
        return err;
    int64_t id = 0;
    sqlite3_stmt *s = sync_stmt(st, SY_INVOICE_UPSERT);
    if (!s) {
        err = KIOSK_ERR_NOMEM;
        goto out;
    }
    store_bind_text(s, 1, inv->fhir_id);
    sqlite3_bind_int64(s, 2, inv->patient_id);
    store_bind_text(s, 3, inv->account_fhir_id);
    store_bind_text(s, 4, inv->status);
    store_bind_text(s, 5, inv->currency);
    sqlite3_bind_int64(s, 6, inv->total_gross_minor);
    sqlite3_bind_int64(s, 7, inv->insurance_paid_minor);
    sqlite3_bind_int64(s, 8, inv->adjustments_minor);
    sqlite3_bind_int64(s, 9, inv->patient_owes_minor);
    if (inv->issued_ms)
        sqlite3_bind_int64(s, 10, inv->issued_ms);
    store_bind_text(s, 11, inv->due_date);
    store_bind_text(s, 12, inv->version_id);
    store_bind_text(s, 13, inv->hold);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW) {
        err = store_map_rc(rc, "sync invoice");
        goto out;
    }
    if (!(s = sync_stmt(st, SY_LINES_CLEAR))) {
        err = KIOSK_ERR_NOMEM;
        goto out;
    }
    sqlite3_bind_int64(s, 1, id);
    if ((err = run(s, "clear invoice lines")) != KIOSK_OK)
        goto out;
    if ((err = invoice_number_put(st, id, inv->number)) != KIOSK_OK)
        goto out;
    for (int i = 0; i < inv->line_count; i++) {
        const struct invoice_sync_line *l = &inv->lines[i];
        if (!(s = sync_stmt(st, SY_LINE_INSERT))) {
            err = KIOSK_ERR_NOMEM;
            goto out;
        }
        sqlite3_bind_int64(s, 1, id);
        store_bind_text(s, 2, l->code);
        store_bind_text(s, 3, l->code_system);
        store_bind_text(s, 4, l->description ? l->description : "");
        sqlite3_bind_int(s, 5, l->quantity > 0 ? l->quantity : 1);
        sqlite3_bind_int64(s, 6, l->quantity > 0 ? l->total_minor / l->quantity : l->total_minor);
        sqlite3_bind_int64(s, 7, l->total_minor);
        store_bind_text(s, 8, l->charge_item_fhir_id);
        if ((err = run(s, "add invoice line")) != KIOSK_OK)
            goto out;
    }
out:
    if (err == KIOSK_OK && store_step_done(st, ST_RELEASE, "release") == KIOSK_OK)
        return KIOSK_OK;
    store_step_done(st, ST_ROLLBACK_TO, "rollback to");
    store_step_done(st, ST_RELEASE, "release");
    return err != KIOSK_OK ? err : KIOSK_ERR_IO;
}

enum kiosk_err store_appointments_in(struct store *st, int64_t from_ms, int64_t to_ms,
                                     enum kiosk_err (*fn)(void *ctx, const char *fhir_id),
                                     void *ctx)
{
    /* Its own statement: fn may use the cached ones. */
    sqlite3_stmt *s = NULL;
    enum kiosk_err err = KIOSK_OK;
    int rc = sqlite3_prepare_v2(st->db, sync_sql[SY_APPTS_IN], -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "prepare appointments");
    sqlite3_bind_int64(s, 1, from_ms);
    sqlite3_bind_int64(s, 2, to_ms);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && err == KIOSK_OK)
        err = fn(ctx, (const char *)sqlite3_column_text(s, 0));
    if (err == KIOSK_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = store_map_rc(rc, "list appointments");
    sqlite3_finalize(s);
    return err;
}

enum kiosk_err store_appointment_ref(struct store *st, const char *code, char *fhir_id,
                                     size_t fsize, char *version, size_t vsize)
{
    fhir_id[0] = version[0] = '\0';
    STMT_OR_RETURN(s, st, SY_APPT_REF);
    sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        kstr_copy(fhir_id, fsize, (const char *)sqlite3_column_text(s, 0));
        kstr_copy(version, vsize, (const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return KIOSK_OK;
    return rc == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_map_rc(rc, "appointment ref");
}

/* --- outbox ------------------------------------------------------------------------- */

enum kiosk_err store_outbox_head(struct store *st, struct outbox_item *out)
{
    memset(out, 0, sizeof(*out));
    STMT_OR_RETURN(s, st, SY_OUTBOX_HEAD);
    int rc = sqlite3_step(s);
    enum kiosk_err err = KIOSK_OK;
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        kstr_copy(out->key, sizeof(out->key), (const char *)sqlite3_column_text(s, 1));
        kstr_copy(out->kind, sizeof(out->kind), (const char *)sqlite3_column_text(s, 2));
        out->payload = kmem_strdup((const char *)sqlite3_column_text(s, 3));
        out->attempts = sqlite3_column_int(s, 4);
        out->next_attempt_ms = sqlite3_column_int64(s, 5);
        out->created_ms = sqlite3_column_int64(s, 6);
        if (!out->payload)
            err = KIOSK_ERR_NOMEM;
    } else {
        err = rc == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_map_rc(rc, "outbox head");
    }
    sqlite3_reset(s);
    return err;
}

void store_outbox_item_free(struct outbox_item *it)
{
    if (it->payload)
        kmem_wipe(it->payload, strlen(it->payload)); /* may hold a form's answers */
    kmem_free(it->payload);
    it->payload = NULL;
}

enum kiosk_err store_outbox_done(struct store *st, int64_t id, int64_t now_ms)
{
    STMT_OR_RETURN(s, st, SY_OUTBOX_DONE);
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, now_ms);
    return run(s, "outbox done");
}

enum kiosk_err store_outbox_retry(struct store *st, int64_t id, int64_t next_ms, const char *error)
{
    STMT_OR_RETURN(s, st, SY_OUTBOX_RETRY);
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, next_ms);
    store_bind_text(s, 3, error);
    return run(s, "outbox retry");
}

enum kiosk_err store_outbox_wake(struct store *st)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "UPDATE outbox SET next_attempt_ms = 0 WHERE state = 0", -1,
                                &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "outbox wake");
}

enum kiosk_err store_outbox_park(struct store *st, int64_t id, const char *error)
{
    STMT_OR_RETURN(s, st, SY_OUTBOX_PARK);
    sqlite3_bind_int64(s, 1, id);
    store_bind_text(s, 2, error);
    return run(s, "outbox park");
}

enum kiosk_err store_outbox_last_parked(struct store *st, char *kind, size_t ksize, char *error,
                                        size_t esize)
{
    kind[0] = error[0] = '\0';
    STMT_OR_RETURN(s, st, SY_OUTBOX_LAST_PARKED);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        kstr_copy(kind, ksize, (const char *)sqlite3_column_text(s, 0));
        kstr_copy(error, esize, (const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "last parked");
}

/* --- hygiene -------------------------------------------------------------------------- */

static enum kiosk_err purge_one(struct store *st, const char *sql, int64_t before_ms, int *count)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "prepare purge");
    sqlite3_bind_int64(s, 1, before_ms);
    rc = sqlite3_step(s);
    *count = sqlite3_changes(st->db);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "purge");
}

enum kiosk_err store_purge(struct store *st, int64_t before_ms, int64_t looked_up_before_ms,
                           struct purge_counts *out)
{
    memset(out, 0, sizeof(*out));
    enum kiosk_err err = store_tx_begin(st);
    if (err != KIOSK_OK)
        return err;
    /* Past appointments go, unless their check-in still waits to be sent. */
    err = purge_one(st,
                    "DELETE FROM appointments WHERE start_ms < ?1 AND NOT EXISTS (SELECT 1 FROM "
                    "checkins c JOIN outbox o ON o.kind = 'appointment.arrived' AND o.state != 1 "
                    "AND o.payload LIKE '%\"' || appointments.code || '\"%' WHERE "
                    "c.appointment_id = appointments.id)",
                    before_ms, &out->appointments);
    if (err == KIOSK_OK)
        err = purge_one(st,
                        "DELETE FROM invoices WHERE status IN ('balanced', 'cancelled', "
                        "'entered-in-error') AND updated_at < ?1",
                        before_ms, &out->invoices);
    if (err == KIOSK_OK)
        err = purge_one(st,
                        "DELETE FROM patients WHERE NOT EXISTS (SELECT 1 FROM appointments a "
                        "WHERE a.patient_id = patients.id) AND updated_at < ?1",
                        looked_up_before_ms, &out->patients);
    if (err == KIOSK_OK)
        err = purge_one(st, "DELETE FROM outbox WHERE state = 1 AND done_ms < ?1", before_ms,
                        &out->outbox);
    /* Forms no task names any more (their tasks went with their patients). */
    int forms = 0;
    if (err == KIOSK_OK)
        err = purge_one(st,
                        "DELETE FROM questionnaires WHERE fetched_ms < ?1 AND NOT EXISTS ("
                        "SELECT 1 FROM form_tasks t WHERE t.canonical = questionnaires.url || "
                        "'|' || questionnaires.version OR t.canonical = questionnaires.url)",
                        before_ms, &forms);
    if (err != KIOSK_OK) {
        store_tx_rollback(st);
        return err;
    }
    return store_tx_commit(st);
}

enum kiosk_err store_integrity_check(struct store *st)
{
    char *text = NULL;
    enum kiosk_err err = store_query_text(st, "PRAGMA integrity_check", &text);
    if (err != KIOSK_OK)
        return err;
    bool ok = strcmp(text, "ok") == 0;
    kmem_free(text);
    return ok ? KIOSK_OK : KIOSK_ERR_CORRUPT;
}
