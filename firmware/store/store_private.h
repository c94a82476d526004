/* Inside of struct store, shared by the files of firmware/store only (it
 * names sqlite3 types, so nothing outside this folder may include it). */
#ifndef KIOSK_STORE_PRIVATE_H
#define KIOSK_STORE_PRIVATE_H

#include "store.h"
#include "store_testing.h"

#include <sqlite3.h>

/* Statements prepared once at open and reused; index into store.stmt[]. */
enum stmt_id {
    ST_BEGIN_IMMEDIATE,
    ST_COMMIT,
    ST_ROLLBACK,
    ST_SAVEPOINT,
    ST_RELEASE,
    ST_ROLLBACK_TO,
    ST_FIND_NAME,
    ST_FIND_IDENT,
    ST_FIND_CODE,
    ST_PATIENT_GET,
    ST_APPTS_DAY,
    ST_APPT_GET,
    ST_APPT_FOR_CHECKIN,
    ST_CHECKIN_GET,
    ST_CHECKIN_NEXT_NO,
    ST_CHECKIN_INSERT,
    ST_OUTBOX_INSERT,
    ST_APPT_SET_STATUS,
    ST_OUTBOX_COUNTS,
    ST_PATIENT_UPSERT,
    ST_NAMES_DELETE,
    ST_NAME_INSERT,
    ST_IDENT_UPSERT,
    ST_APPT_UPSERT,
    ST_ACCOUNT_UPSERT,
    ST_INVOICE_INSERT,
    ST_INVOICE_LINE_INSERT,
    ST_INVOICE_TOTALS,
    ST_COUNT
};

struct store {
    sqlite3 *db;
    int version; /* PRAGMA user_version after migrations */
    sqlite3_stmt *stmt[ST_COUNT];
    sqlite3_stmt **sync_stmt; /* store_sync.c's, prepared at first use */
    bool must_reach_file;     /* the open transaction wrote a check-in, payment or outbox row */
    bool checkpoint_owed;     /* a checkpoint left frames in the WAL: store_idle() retries */
};

/* Finalise store_sync.c's statements (store_close). */
void store_sync_finalize(struct store *st);

/* The schema steps shipped with this firmware, oldest first. */
extern const struct store_migration store_migrations[];
extern const size_t store_migration_count;

/* SQLite result code -> kiosk error; also sets the error detail to the
 * generic SQLite text (never a bound value). what names the operation. */
enum kiosk_err store_map_rc(int rc, const char *what);

/* Bring db from its user_version to the last entry of list (one
 * transaction a step). *version receives the resulting version. */
enum kiosk_err store_migrate(sqlite3 *db, const struct store_migration *list, size_t n,
                             int *version);

/* The cached statement id, reset and with bindings cleared. */
sqlite3_stmt *store_stmt(struct store *st, enum stmt_id id);

/* Run a cached statement that returns no rows (BEGIN, COMMIT, ...). */
enum kiosk_err store_step_done(struct store *st, enum stmt_id id, const char *what);

/* Bind a UTF-8 string or NULL (SQLite copies it). */
int store_bind_text(sqlite3_stmt *s, int col, const char *text);

/* A text column into dst ("" for NULL), cut to size. */
void store_copy_col(char *dst, size_t size, sqlite3_stmt *s, int col);
/* store_outbox_add inside the caller's transaction. */
enum kiosk_err store_outbox_add_in_tx(struct store *st, const char *key,
                                      const struct outbox_record *rec, int64_t now_ms);

/* Fill out->patient from row id (matches = 1); NOT_FOUND when none. */
enum kiosk_err store_fill_patient(struct store *st, int64_t id, struct patient_match *out);

/* Rows written by the demo loader (store_demo.c). */
struct account_record {
    const char *fhir_id;
    int64_t patient_id;
    const char *name, *status, *currency;
};
enum kiosk_err store_account_put(struct store *st, const struct account_record *a, int64_t *row_id);

struct invoice_record {
    const char *fhir_id;
    int64_t patient_id, account_id; /* account_id 0: none */
    const char *status, *currency, *due_date;
    int64_t total_gross_minor, insurance_paid_minor, adjustments_minor, patient_owes_minor;
    int64_t issued_ms; /* 0: unknown */
    const char *hold;  /* NULL, "dispute" or "plan" */
};
enum kiosk_err store_invoice_add(struct store *st, const struct invoice_record *inv,
                                 int64_t *row_id);

struct invoice_line_record {
    int64_t invoice_id;
    const char *code, *code_system, *description;
    int quantity;
    int64_t unit_price_minor, total_minor;
};
enum kiosk_err store_invoice_line_add(struct store *st, const struct invoice_line_record *l);
/* Totals once all lines are known; owes is derived by the caller. */
enum kiosk_err store_invoice_set_totals(struct store *st, int64_t invoice_id, int64_t gross_minor,
                                        int64_t owes_minor);

#endif
