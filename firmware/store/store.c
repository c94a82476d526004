/* The SQLite cache: open, lookups, check-in with its outbox row, writes. */
#include "store_private.h"

#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* --- SQLite's memory goes through kmem ------------------------------------
 * So that kmem_fail_after() reaches SQLite's own allocations and the test
 * runner's leak count covers them. SQLite wants the size of a block back, so
 * each block carries it in a header; 16 bytes keep calloc's alignment. */

#define HDR 16

static void *sq_malloc(int n)
{
    /* SQLite does not need zeroed memory; zeroing every block cost a tenth
     * of the ingest benchmark. */
    unsigned char *p = kmem_alloc_uninit((size_t)n + HDR);
    if (!p)
        return NULL;
    memcpy(p, &n, sizeof(n));
    return p + HDR;
}

static void sq_free(void *p)
{
    if (p)
        kmem_free((unsigned char *)p - HDR);
}

static void *sq_realloc(void *p, int n)
{
    unsigned char *q = kmem_realloc((unsigned char *)p - HDR, (size_t)n + HDR);
    if (!q)
        return NULL;
    memcpy(q, &n, sizeof(n));
    return q + HDR;
}

static int sq_size(void *p)
{
    int n;
    memcpy(&n, (unsigned char *)p - HDR, sizeof(n));
    return n;
}

static int sq_roundup(int n)
{
    return (n + 7) & ~7;
}

static int sq_init(void *ctx)
{
    (void)ctx;
    return SQLITE_OK;
}

static void sq_shutdown(void *ctx)
{
    (void)ctx;
}

static const sqlite3_mem_methods kmem_methods = {
    sq_malloc, sq_free, sq_realloc, sq_size, sq_roundup, sq_init, sq_shutdown, NULL,
};

/* SQLite is set up when the first handle opens and shut down when the last
 * closes, which frees its global allocations too (no leak between tests). */
static pthread_mutex_t lib_lock = PTHREAD_MUTEX_INITIALIZER;
static int lib_users;

static enum kiosk_err lib_acquire(void)
{
    enum kiosk_err err = KIOSK_OK;
    pthread_mutex_lock(&lib_lock);
    if (lib_users == 0) {
        /* Refused (SQLITE_MISUSE) if someone initialised SQLite before us;
         * then SQLite keeps its own allocator, which is still correct. */
        if (sqlite3_config(SQLITE_CONFIG_MALLOC, &kmem_methods) != SQLITE_OK)
            log_warn("store", "sqlite allocator not replaced");
        int rc = sqlite3_initialize();
        if (rc != SQLITE_OK)
            err = store_map_rc(rc, "initialise sqlite");
    }
    if (err == KIOSK_OK)
        lib_users++;
    pthread_mutex_unlock(&lib_lock);
    return err;
}

static void lib_release(void)
{
    pthread_mutex_lock(&lib_lock);
    if (--lib_users == 0)
        sqlite3_shutdown();
    pthread_mutex_unlock(&lib_lock);
}

/* --- errors ----------------------------------------------------------------- */

enum kiosk_err store_map_rc(int rc, const char *what)
{
    enum kiosk_err err;
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return KIOSK_OK;
    case SQLITE_NOMEM:
        err = KIOSK_ERR_NOMEM;
        break;
    case SQLITE_FULL:
        err = KIOSK_ERR_FULL;
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        err = KIOSK_ERR_CORRUPT;
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        err = KIOSK_ERR_BUSY;
        break;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
        err = KIOSK_ERR_INVALID;
        break;
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
        err = KIOSK_ERR_DENIED;
        break;
    case SQLITE_IOERR:
        err = rc == SQLITE_IOERR_NOMEM ? KIOSK_ERR_NOMEM : KIOSK_ERR_IO;
        break;
    default:
        err = KIOSK_ERR_IO;
        break;
    }
    /* sqlite3_errstr() is generic text; sqlite3_errmsg() could quote SQL. */
    kiosk_err_set_detail("store: %s: %s (sqlite %d)", what, sqlite3_errstr(rc), rc);
    return err;
}

/* --- statements ------------------------------------------------------------- */

#define APPT_COLS                                                                                  \
    "a.id, a.code, a.start_ms, a.duration_min, a.clinic, a.provider, a.directions, a.status, "     \
    "coalesce(c.queue_no, 0) "

static const char *const stmt_sql[ST_COUNT] = {
    [ST_BEGIN_IMMEDIATE] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_SAVEPOINT] = "SAVEPOINT put",
    [ST_RELEASE] = "RELEASE put",
    [ST_ROLLBACK_TO] = "ROLLBACK TO put",
    [ST_FIND_NAME] = "SELECT DISTINCT p.id FROM patient_names n JOIN patients p ON p.id = "
                     "n.patient_id WHERE n.name_key = ?1 AND p.birth_date = ?2 ORDER BY p.id",
    [ST_FIND_IDENT] = "SELECT patient_id FROM patient_identifiers WHERE kind = ?1 AND value = ?2",
    [ST_FIND_CODE] = "SELECT id, patient_id FROM appointments WHERE code = ?1",
    [ST_PATIENT_GET] = "SELECT given, family, birth_date, phone, lang FROM patients WHERE id = ?1",
    [ST_APPTS_DAY] = "SELECT " APPT_COLS "FROM appointments a LEFT JOIN checkins c ON "
                     "c.appointment_id = a.id WHERE a.patient_id = ?1 AND a.start_ms >= ?2 AND "
                     "a.start_ms < ?3 AND a.status <> ?4 ORDER BY a.start_ms, a.id LIMIT ?5",
    [ST_APPT_GET] = "SELECT " APPT_COLS "FROM appointments a LEFT JOIN checkins c ON "
                    "c.appointment_id = a.id WHERE a.id = ?1 AND a.status <> ?2",
    [ST_APPT_FOR_CHECKIN] = "SELECT status, code FROM appointments WHERE id = ?1",
    [ST_CHECKIN_GET] = "SELECT queue_no FROM checkins WHERE appointment_id = ?1",
    [ST_CHECKIN_NEXT_NO] =
        "SELECT coalesce(max(queue_no), 0) + 1 FROM checkins WHERE queue_day_ms = ?1",
    [ST_CHECKIN_INSERT] = "INSERT INTO checkins (appointment_id, checked_in_ms, queue_day_ms, "
                          "queue_no) VALUES (?1, ?2, ?3, ?4)",
    [ST_OUTBOX_INSERT] = "INSERT INTO outbox (key, kind, payload, state, attempts, "
                         "next_attempt_ms, created_ms) VALUES (?1, ?2, ?3, 0, 0, ?4, ?4)",
    [ST_APPT_SET_STATUS] = "UPDATE appointments SET status = ?2, updated_at = ?3 WHERE id = ?1",
    [ST_OUTBOX_COUNTS] = "SELECT state, count(*) FROM outbox GROUP BY state",
    [ST_PATIENT_UPSERT] =
        "INSERT INTO patients (fhir_id, given, family, family_latin, birth_date, phone, email, "
        "lang, version_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (fhir_id) DO "
        "UPDATE SET given = excluded.given, family = excluded.family, family_latin = "
        "excluded.family_latin, birth_date = excluded.birth_date, phone = excluded.phone, email = "
        "excluded.email, lang = excluded.lang, version_id = excluded.version_id RETURNING id",
    [ST_NAMES_DELETE] = "DELETE FROM patient_names WHERE patient_id = ?1",
    [ST_NAME_INSERT] = "INSERT OR IGNORE INTO patient_names (patient_id, name_key) VALUES (?1, ?2)",
    [ST_IDENT_UPSERT] = "INSERT INTO patient_identifiers (patient_id, kind, value) VALUES (?1, "
                        "?2, ?3) ON CONFLICT (kind, value) DO UPDATE SET patient_id = "
                        "excluded.patient_id",
    [ST_APPT_UPSERT] =
        "INSERT INTO appointments (fhir_id, code, patient_id, start_ms, duration_min, clinic, "
        "provider, directions, status, version_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10) ON CONFLICT (code) DO UPDATE SET fhir_id = excluded.fhir_id, patient_id = "
        "excluded.patient_id, start_ms = excluded.start_ms, duration_min = "
        "excluded.duration_min, clinic = excluded.clinic, provider = excluded.provider, "
        "directions = excluded.directions, status = CASE WHEN excluded.status = 0 AND EXISTS "
        "(SELECT 1 FROM checkins c WHERE c.appointment_id = appointments.id) THEN "
        "appointments.status ELSE excluded.status END, version_id = excluded.version_id "
        "RETURNING id",
    [ST_ACCOUNT_UPSERT] =
        "INSERT INTO accounts (fhir_id, patient_id, name, status, currency) VALUES (?1, ?2, ?3, "
        "?4, ?5) ON CONFLICT (fhir_id) DO UPDATE SET patient_id = excluded.patient_id, name = "
        "excluded.name, status = excluded.status, currency = excluded.currency RETURNING id",
    [ST_INVOICE_INSERT] =
        "INSERT INTO invoices (fhir_id, patient_id, account_id, status, currency, "
        "total_gross_minor, insurance_paid_minor, adjustments_minor, patient_owes_minor, "
        "issued_ms, due_date, hold) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [ST_INVOICE_LINE_INSERT] =
        "INSERT INTO invoice_lines (invoice_id, code, code_system, description, quantity, "
        "unit_price_minor, total_minor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_INVOICE_TOTALS] = "UPDATE invoices SET total_gross_minor = ?2, patient_owes_minor = ?3 "
                          "WHERE id = ?1",
};

sqlite3_stmt *store_stmt(struct store *st, enum stmt_id id)
{
    sqlite3_stmt *s = st->stmt[id];
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

enum kiosk_err store_step_done(struct store *st, enum stmt_id id, const char *what)
{
    sqlite3_stmt *s = store_stmt(st, id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? KIOSK_OK : store_map_rc(rc, what);
}

int store_bind_text(sqlite3_stmt *s, int col, const char *text)
{
    if (!text)
        return sqlite3_bind_null(s, col);
    return sqlite3_bind_text(s, col, text, -1, SQLITE_TRANSIENT);
}

/* A ROLLBACK that may find no transaction open (SQLite already rolled back
 * after some errors); its own result does not change the caller's error. */
static void rollback(struct store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        store_step_done(st, ST_ROLLBACK, "rollback");
}

/* --- open and close ---------------------------------------------------------- */

static int exec_text(sqlite3 *db, const char *sql, char *buf, size_t size)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return rc;
    buf[0] = '\0';
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        kstr_copy(buf, size, t ? t : "");
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc;
}

/* Settings that make a committed check-in survive power loss. */
static enum kiosk_err configure(sqlite3 *db, bool in_memory)
{
    char mode[16];
    int rc = sqlite3_busy_timeout(db, 2000);
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "busy timeout");
    /* First read of the file: a non-database fails here with NOTADB. */
    rc = exec_text(db, "PRAGMA quick_check", mode, sizeof(mode));
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "quick_check");
    if (strcmp(mode, "ok") != 0) {
        kiosk_err_set_detail("store: quick_check failed");
        return KIOSK_ERR_CORRUPT;
    }
    rc = exec_text(db, "PRAGMA journal_mode = WAL", mode, sizeof(mode));
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "journal_mode");
    if (strcmp(mode, "wal") != 0 && !(in_memory && strcmp(mode, "memory") == 0)) {
        kiosk_err_set_detail("store: WAL mode refused");
        return KIOSK_ERR_IO;
    }
    /* secure_delete: a form's answers wiped from a sent outbox row (and
     * deleted rows) are zeroed in their page, not left in its free space. */
    rc = sqlite3_exec(db,
                      "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
                      "PRAGMA secure_delete = FAST",
                      NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "pragmas");
    return KIOSK_OK;
}

/* --- the WAL reaches the file ------------------------------------------------
 * A committed check-in, payment or outbox row must not live in the WAL
 * alone: a WAL deleted by hand (or lost with its directory entry) while the
 * kiosk runs would take it along at the next crash. So a commit that wrote
 * one of those tables is checkpointed at once (PASSIVE: it never waits for
 * the sync thread's readers; what a reader holds back is finished by
 * store_idle()). Other commits keep SQLite's 1000-page rule, which this
 * hook replaces (sqlite3_wal_hook overrides wal_autocheckpoint). */

#define CHECKPOINT_PAGES 1000

static void on_update(void *ctx, int op, const char *db, const char *table, sqlite3_int64 row)
{
    struct store *st = ctx;
    (void)op;
    (void)db;
    (void)row;
    if (strcmp(table, "checkins") == 0 || strcmp(table, "payments") == 0 ||
        strcmp(table, "outbox") == 0 || strcmp(table, "qr_charges") == 0)
        st->must_reach_file = true;
}

static void on_rollback(void *ctx)
{
    struct store *st = ctx;
    st->must_reach_file = false;
}

static int checkpoint(struct store *st, const char *db_name)
{
    int log_frames = 0, done_frames = 0;
    int rc = sqlite3_wal_checkpoint_v2(st->db, db_name, SQLITE_CHECKPOINT_PASSIVE, &log_frames,
                                       &done_frames);
    st->checkpoint_owed = rc != SQLITE_OK || done_frames < log_frames;
    return rc;
}

static int on_wal_commit(void *ctx, sqlite3 *db, const char *db_name, int pages)
{
    struct store *st = ctx;
    (void)db;
    if (st->must_reach_file || pages >= CHECKPOINT_PAGES) {
        st->must_reach_file = false;
        if (checkpoint(st, db_name) != SQLITE_OK)
            log_warn("store", "checkpoint after commit failed; retried when idle");
    }
    return SQLITE_OK; /* the commit itself stands whatever the checkpoint did */
}

enum kiosk_err store_idle(struct store *st)
{
    if (!st || !st->checkpoint_owed)
        return KIOSK_OK;
    int rc = checkpoint(st, "main");
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "checkpoint");
    return st->checkpoint_owed ? KIOSK_ERR_BUSY : KIOSK_OK;
}

/* Raw handle: SQLite set up, file opened, extended codes on. */
static enum kiosk_err open_db(const char *path, sqlite3 **out)
{
    sqlite3 *db = NULL;
    enum kiosk_err err = lib_acquire();
    if (err != KIOSK_OK)
        return err;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        err = db ? store_map_rc(sqlite3_extended_errcode(db), "open")
                 : store_map_rc(SQLITE_NOMEM, "open");
        goto err_close_db;
    }
    sqlite3_extended_result_codes(db, 1);
    *out = db;
    return KIOSK_OK;

err_close_db:
    sqlite3_close(db); /* NULL is fine */
    lib_release();
    return err;
}

static void close_db(sqlite3 *db)
{
    /* Statements are finalised first, so close cannot be refused as busy. */
    sqlite3_close(db);
    lib_release();
}

enum kiosk_err store_open_migrations(const char *path, const struct store_migration *list, size_t n,
                                     struct store **out)
{
    enum kiosk_err err;
    *out = NULL;
    struct store *st = kmem_alloc(sizeof(*st));
    if (!st)
        return KIOSK_ERR_NOMEM;
    err = open_db(path, &st->db);
    if (err != KIOSK_OK)
        goto err_free_store;
    /* SQLite falls back to read-only when it may not write the file. */
    if (sqlite3_db_readonly(st->db, "main") == 1) {
        kiosk_err_set_detail("store: the database file or its folder is read-only");
        err = KIOSK_ERR_DENIED;
    } else {
        err = configure(st->db, strcmp(path, ":memory:") == 0);
    }
    if (err != KIOSK_OK)
        goto err_close_db;
    st->must_reach_file = st->checkpoint_owed = false;
    sqlite3_update_hook(st->db, on_update, st);
    sqlite3_rollback_hook(st->db, on_rollback, st);
    sqlite3_wal_hook(st->db, on_wal_commit, st);
    err = store_migrate(st->db, list, n, &st->version);
    if (err != KIOSK_OK)
        goto err_close_db;
    for (int i = 0; i < ST_COUNT; i++) {
        int rc = sqlite3_prepare_v3(st->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                    &st->stmt[i], NULL);
        if (rc != SQLITE_OK) {
            err = store_map_rc(rc, "prepare");
            goto err_finalize;
        }
    }
    *out = st;
    return KIOSK_OK;

err_finalize:
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(st->stmt[i]);
err_close_db:
    close_db(st->db);
err_free_store:
    kmem_free(st);
    log_warn("store", "open failed: %E", err);
    return err;
}

enum kiosk_err store_open(const char *path, struct store **out)
{
    return store_open_migrations(path, store_migrations, store_migration_count, out);
}

void store_close(struct store *st)
{
    if (!st)
        return;
    store_sync_finalize(st);
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(st->stmt[i]);
    close_db(st->db);
    kmem_free(st);
}

int store_schema_version(struct store *st)
{
    return st->version;
}

int store_unsent_in(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    int n = -1;
    if (lib_acquire() != KIOSK_OK)
        return -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT count(*) FROM outbox WHERE state = 0", -1, &s, NULL) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    lib_release();
    return n;
}

enum kiosk_err store_set_aside(const char *path, int64_t now_s, char *moved, size_t size,
                               int *unsent)
{
    static const char *const sides[] = {"-wal", "-shm"};
    char from[600], to[600];
    *unsent = -1;
    snprintf(moved, size, "%s.corrupt-%lld", path, (long long)now_s);
    /* Never over an earlier copy (two in the same second). */
    for (int i = 1; i < 100 && access(moved, F_OK) == 0; i++)
        snprintf(moved, size, "%s.corrupt-%lld-%d", path, (long long)now_s, i);
    if (rename(path, moved) != 0) {
        kiosk_err_set_detail("store: the damaged database could not be renamed");
        return errno == ENOENT ? KIOSK_ERR_NOT_FOUND : KIOSK_ERR_IO;
    }
    for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
        snprintf(from, sizeof(from), "%s%s", path, sides[i]);
        snprintf(to, sizeof(to), "%s%s", moved, sides[i]);
        rename(from, to); /* absent is fine */
    }
    *unsent = store_unsent_in(moved);
    return KIOSK_OK;
}

/* --- lookups ------------------------------------------------------------------ */

void store_copy_col(char *dst, size_t size, sqlite3_stmt *s, int col)
{
    const char *t = (const char *)sqlite3_column_text(s, col);
    kstr_copy(dst, size, t ? t : "");
}

static void read_appt(sqlite3_stmt *s, struct appointment_info *a)
{
    a->id = sqlite3_column_int64(s, 0);
    store_copy_col(a->code, sizeof(a->code), s, 1);
    a->start_ms = sqlite3_column_int64(s, 2);
    a->duration_min = sqlite3_column_int(s, 3);
    store_copy_col(a->clinic, sizeof(a->clinic), s, 4);
    store_copy_col(a->provider, sizeof(a->provider), s, 5);
    store_copy_col(a->directions, sizeof(a->directions), s, 6);
    a->status = (enum appt_status)sqlite3_column_int(s, 7);
    a->queue_no = sqlite3_column_int(s, 8);
}

enum kiosk_err store_fill_patient(struct store *st, int64_t id, struct patient_match *out)
{
    sqlite3_stmt *s = store_stmt(st, ST_PATIENT_GET);
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_map_rc(rc, "read patient");
    }
    struct patient_summary *p = &out->patient;
    p->id = id;
    store_copy_col(p->given, sizeof(p->given), s, 0);
    store_copy_col(p->family, sizeof(p->family), s, 1);
    store_copy_col(p->birth_date, sizeof(p->birth_date), s, 2);
    store_copy_col(p->phone, sizeof(p->phone), s, 3);
    store_copy_col(p->lang, sizeof(p->lang), s, 4);
    sqlite3_reset(s);
    out->matches = 1;
    return KIOSK_OK;
}

static enum kiosk_err fill_day(struct store *st, int64_t day_start_ms, int64_t day_end_ms,
                               struct patient_match *out)
{
    sqlite3_stmt *s = store_stmt(st, ST_APPTS_DAY);
    int rc;
    sqlite3_bind_int64(s, 1, out->patient.id);
    sqlite3_bind_int64(s, 2, day_start_ms);
    sqlite3_bind_int64(s, 3, day_end_ms);
    sqlite3_bind_int(s, 4, APPT_CANCELLED);
    sqlite3_bind_int(s, 5, KIOSK_MAX_APPTS);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        read_appt(s, &out->appts[out->appt_count++]);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "read appointments");
}

enum kiosk_err store_next_appointment(struct store *st, int64_t patient_id, int64_t from_ms,
                                      struct appointment_info *out)
{
    sqlite3_stmt *s = NULL;
    memset(out, 0, sizeof(*out));
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT " APPT_COLS "FROM appointments a LEFT JOIN checkins c ON "
                                "c.appointment_id = a.id WHERE a.patient_id = ?1 AND "
                                "a.start_ms >= ?2 AND a.status = ?3 ORDER BY a.start_ms, a.id "
                                "LIMIT 1",
                                -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "prepare next appointment");
    sqlite3_bind_int64(s, 1, patient_id);
    sqlite3_bind_int64(s, 2, from_ms);
    sqlite3_bind_int(s, 3, APPT_BOOKED);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        read_appt(s, out);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return KIOSK_OK;
    return rc == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_map_rc(rc, "read next appointment");
}

/* Patient row id found -> fill it and that day, or leave *out empty on error
 * so a half-filled match never reaches the screen. */
static enum kiosk_err finish_match(struct store *st, int64_t id, int64_t day_start_ms,
                                   int64_t day_end_ms, struct patient_match *out)
{
    enum kiosk_err err = store_fill_patient(st, id, out);
    if (err == KIOSK_OK)
        err = fill_day(st, day_start_ms, day_end_ms, out);
    if (err != KIOSK_OK)
        memset(out, 0, sizeof(*out));
    return err;
}

enum kiosk_err store_find_by_name_dob(struct store *st, const char *surname, const char *dob,
                                      int64_t day_start_ms, int64_t day_end_ms,
                                      struct patient_match *out)
{
    char key[4 * KIOSK_NAME_MAX];
    int64_t id = 0;
    int n = 0, rc;
    memset(out, 0, sizeof(*out));
    if (!surname || !dob)
        return KIOSK_ERR_INVALID;
    /* A key that does not fit cannot match a stored one: nobody. */
    if (!kstr_name_key(key, sizeof(key), surname) || key[0] == '\0')
        return KIOSK_OK;
    sqlite3_stmt *s = store_stmt(st, ST_FIND_NAME);
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, dob, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n++ == 0)
            id = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return store_map_rc(rc, "find by name");
    if (n != 1) {
        out->matches = n; /* 0 or ambiguous: nothing else is shown */
        return KIOSK_OK;
    }
    return finish_match(st, id, day_start_ms, day_end_ms, out);
}

enum kiosk_err store_find_by_identifier(struct store *st, enum ident_kind kind, const char *value,
                                        int64_t day_start_ms, int64_t day_end_ms,
                                        struct patient_match *out)
{
    memset(out, 0, sizeof(*out));
    if (!value)
        return KIOSK_ERR_INVALID;
    sqlite3_stmt *s = store_stmt(st, ST_FIND_IDENT);
    sqlite3_bind_int(s, 1, (int)kind);
    sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        return KIOSK_OK;
    if (rc != SQLITE_ROW)
        return store_map_rc(rc, "find by identifier");
    return finish_match(st, id, day_start_ms, day_end_ms, out);
}

enum kiosk_err store_find_by_appointment_code(struct store *st, const char *code,
                                              struct patient_match *out)
{
    enum kiosk_err err;
    memset(out, 0, sizeof(*out));
    if (!code)
        return KIOSK_ERR_INVALID;
    sqlite3_stmt *s = store_stmt(st, ST_FIND_CODE);
    sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    int64_t appt_id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    int64_t patient_id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 1) : 0;
    sqlite3_reset(s);
    if (rc == SQLITE_DONE)
        return KIOSK_OK;
    if (rc != SQLITE_ROW)
        return store_map_rc(rc, "find by code");
    err = store_fill_patient(st, patient_id, out);
    if (err != KIOSK_OK)
        goto err_clear;
    /* A cancelled appointment is left out as in every lookup: the patient
     * is known, with nothing to check in. */
    s = store_stmt(st, ST_APPT_GET);
    sqlite3_bind_int64(s, 1, appt_id);
    sqlite3_bind_int(s, 2, APPT_CANCELLED);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        read_appt(s, &out->appts[out->appt_count++]);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        err = store_map_rc(rc, "read appointment");
        goto err_clear;
    }
    return KIOSK_OK;

err_clear:
    memset(out, 0, sizeof(*out));
    return err;
}

/* --- check-in ------------------------------------------------------------------ */

static int step_int(sqlite3_stmt *s, int *value)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *value = sqlite3_column_int(s, 0);
    sqlite3_reset(s);
    return rc;
}

enum kiosk_err store_checkin_add(struct store *st, int64_t appointment_id, int64_t now_ms,
                                 int64_t day_start_ms, const char *outbox_key,
                                 struct checkin_result *out)
{
    struct outbox_record rec = {.kind = OUTBOX_APPOINTMENT_ARRIVED, .at_ms = now_ms};
    enum kiosk_err err;
    sqlite3_stmt *s;
    int rc, status = 0, queue_no = 0;

    memset(out, 0, sizeof(*out));
    if (!outbox_key || !outbox_key[0])
        return KIOSK_ERR_INVALID;
    /* IMMEDIATE takes the write lock now, so the max(queue_no) read below
     * cannot race another writer to the same number. */
    err = store_step_done(st, ST_BEGIN_IMMEDIATE, "begin check-in");
    if (err != KIOSK_OK)
        return err;

    s = store_stmt(st, ST_APPT_FOR_CHECKIN);
    sqlite3_bind_int64(s, 1, appointment_id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        status = sqlite3_column_int(s, 0);
        const char *code = (const char *)sqlite3_column_text(s, 1);
        if (!kstr_copy(rec.arrived.code, sizeof(rec.arrived.code), code ? code : ""))
            rc = SQLITE_TOOBIG;
    }
    sqlite3_reset(s);
    if (rc == SQLITE_DONE) {
        err = KIOSK_ERR_NOT_FOUND;
        goto err_rollback;
    }
    if (rc != SQLITE_ROW) {
        err = store_map_rc(rc, "read appointment");
        goto err_rollback;
    }
    if (status == APPT_CANCELLED) {
        err = KIOSK_ERR_INVALID;
        kiosk_err_set_detail("store: appointment is cancelled");
        goto err_rollback;
    }

    s = store_stmt(st, ST_CHECKIN_GET);
    sqlite3_bind_int64(s, 1, appointment_id);
    rc = step_int(s, &queue_no);
    if (rc == SQLITE_ROW) {
        /* Checked in before (another tap, a retry): same number, no writes. */
        out->queue_no = queue_no;
        out->already = true;
        rollback(st);
        return KIOSK_OK;
    }
    if (rc != SQLITE_DONE)
        goto err_map;

    s = store_stmt(st, ST_CHECKIN_NEXT_NO);
    sqlite3_bind_int64(s, 1, day_start_ms);
    if ((rc = step_int(s, &queue_no)) != SQLITE_ROW)
        goto err_map;

    s = store_stmt(st, ST_CHECKIN_INSERT);
    sqlite3_bind_int64(s, 1, appointment_id);
    sqlite3_bind_int64(s, 2, now_ms);
    sqlite3_bind_int64(s, 3, day_start_ms);
    sqlite3_bind_int(s, 4, queue_no);
    if ((rc = sqlite3_step(s)) != SQLITE_DONE)
        goto err_map;

    /* No patient name or birth date in the payload: the appointment's
     * business code is enough for the server (sync finds its FHIR id), and
     * the outbox may be exported for support. */
    if ((err = store_outbox_add_in_tx(st, outbox_key, &rec, now_ms)) != KIOSK_OK)
        goto err_rollback;

    s = store_stmt(st, ST_APPT_SET_STATUS);
    sqlite3_bind_int64(s, 1, appointment_id);
    sqlite3_bind_int(s, 2, APPT_ARRIVED);
    sqlite3_bind_int64(s, 3, now_ms);
    if ((rc = sqlite3_step(s)) != SQLITE_DONE)
        goto err_map;

    err = store_step_done(st, ST_COMMIT, "commit check-in");
    if (err != KIOSK_OK)
        goto err_rollback;
    out->queue_no = queue_no;
    out->already = false;
    return KIOSK_OK;

err_map:
    err = store_map_rc(rc, "check-in");
    sqlite3_reset(s);
err_rollback:
    rollback(st);
    log_warn("store", "check-in failed: %E", err);
    return err;
}

/* --- outbox ------------------------------------------------------------------- */

enum kiosk_err store_outbox_counts(struct store *st, struct outbox_counts *out)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_COUNTS);
    int rc;
    memset(out, 0, sizeof(*out));
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int n = sqlite3_column_int(s, 1);
        switch (sqlite3_column_int(s, 0)) {
        case OUTBOX_PENDING:
            out->pending = n;
            break;
        case OUTBOX_DONE:
            out->done = n;
            break;
        case OUTBOX_PARKED:
            out->parked = n;
            break;
        default:
            break;
        }
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "outbox counts");
}

/* --- writes ------------------------------------------------------------------- */

/* A put is several statements; a savepoint makes it all-or-nothing both on
 * its own and inside a bigger transaction (the demo load). */
static enum kiosk_err put_begin(struct store *st)
{
    return store_step_done(st, ST_SAVEPOINT, "savepoint");
}

static enum kiosk_err put_end(struct store *st, enum kiosk_err err)
{
    if (err == KIOSK_OK) {
        err = store_step_done(st, ST_RELEASE, "release");
        if (err == KIOSK_OK)
            return KIOSK_OK;
    }
    store_step_done(st, ST_ROLLBACK_TO, "rollback to");
    store_step_done(st, ST_RELEASE, "release");
    return err;
}

static enum kiosk_err add_name_key(struct store *st, int64_t id, const char *name)
{
    char key[4 * KIOSK_NAME_MAX];
    if (!name || !kstr_name_key(key, sizeof(key), name) || key[0] == '\0')
        return KIOSK_OK; /* nothing to match on */
    sqlite3_stmt *s = store_stmt(st, ST_NAME_INSERT);
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "name key");
}

enum kiosk_err store_patient_put(struct store *st, const struct patient_record *p, int64_t *row_id)
{
    if (!p->given || !p->family || !p->birth_date)
        return KIOSK_ERR_INVALID;
    enum kiosk_err err = put_begin(st);
    if (err != KIOSK_OK)
        return err;
    sqlite3_stmt *s = store_stmt(st, ST_PATIENT_UPSERT);
    store_bind_text(s, 1, p->fhir_id);
    store_bind_text(s, 2, p->given);
    store_bind_text(s, 3, p->family);
    store_bind_text(s, 4, p->family_latin);
    store_bind_text(s, 5, p->birth_date);
    store_bind_text(s, 6, p->phone);
    store_bind_text(s, 7, p->email);
    store_bind_text(s, 8, p->lang);
    store_bind_text(s, 9, p->version_id);
    int rc = sqlite3_step(s);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW) {
        err = store_map_rc(rc, "put patient");
        goto out;
    }
    s = store_stmt(st, ST_NAMES_DELETE);
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
        err = store_map_rc(rc, "put patient names");
        goto out;
    }
    err = add_name_key(st, id, p->family);
    if (err == KIOSK_OK)
        err = add_name_key(st, id, p->family_latin);
out:
    err = put_end(st, err);
    if (err == KIOSK_OK && row_id)
        *row_id = id;
    return err;
}

enum kiosk_err store_identifier_put(struct store *st, int64_t patient_id, enum ident_kind kind,
                                    const char *value)
{
    if (!value || !value[0])
        return KIOSK_ERR_INVALID;
    sqlite3_stmt *s = store_stmt(st, ST_IDENT_UPSERT);
    sqlite3_bind_int64(s, 1, patient_id);
    sqlite3_bind_int(s, 2, (int)kind);
    sqlite3_bind_text(s, 3, value, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "put identifier");
}

enum kiosk_err store_appointment_put(struct store *st, const struct appointment_record *a,
                                     int64_t *row_id)
{
    if (!a->code || !a->code[0])
        return KIOSK_ERR_INVALID;
    sqlite3_stmt *s = store_stmt(st, ST_APPT_UPSERT);
    store_bind_text(s, 1, a->fhir_id);
    store_bind_text(s, 2, a->code);
    sqlite3_bind_int64(s, 3, a->patient_id);
    sqlite3_bind_int64(s, 4, a->start_ms);
    sqlite3_bind_int(s, 5, a->duration_min);
    store_bind_text(s, 6, a->clinic);
    store_bind_text(s, 7, a->provider);
    store_bind_text(s, 8, a->directions);
    sqlite3_bind_int(s, 9, (int)a->status);
    store_bind_text(s, 10, a->version_id);
    int rc = sqlite3_step(s);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return store_map_rc(rc, "put appointment");
    if (row_id)
        *row_id = id;
    return KIOSK_OK;
}

enum kiosk_err store_account_put(struct store *st, const struct account_record *a, int64_t *row_id)
{
    sqlite3_stmt *s = store_stmt(st, ST_ACCOUNT_UPSERT);
    store_bind_text(s, 1, a->fhir_id);
    sqlite3_bind_int64(s, 2, a->patient_id);
    store_bind_text(s, 3, a->name);
    store_bind_text(s, 4, a->status);
    store_bind_text(s, 5, a->currency);
    int rc = sqlite3_step(s);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return store_map_rc(rc, "put account");
    if (row_id)
        *row_id = id;
    return KIOSK_OK;
}

enum kiosk_err store_invoice_add(struct store *st, const struct invoice_record *inv,
                                 int64_t *row_id)
{
    sqlite3_stmt *s = store_stmt(st, ST_INVOICE_INSERT);
    store_bind_text(s, 1, inv->fhir_id);
    sqlite3_bind_int64(s, 2, inv->patient_id);
    if (inv->account_id)
        sqlite3_bind_int64(s, 3, inv->account_id);
    store_bind_text(s, 4, inv->status);
    store_bind_text(s, 5, inv->currency);
    sqlite3_bind_int64(s, 6, inv->total_gross_minor);
    sqlite3_bind_int64(s, 7, inv->insurance_paid_minor);
    sqlite3_bind_int64(s, 8, inv->adjustments_minor);
    sqlite3_bind_int64(s, 9, inv->patient_owes_minor);
    if (inv->issued_ms)
        sqlite3_bind_int64(s, 10, inv->issued_ms);
    store_bind_text(s, 11, inv->due_date);
    store_bind_text(s, 12, inv->hold);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return store_map_rc(rc, "add invoice");
    if (row_id)
        *row_id = sqlite3_last_insert_rowid(st->db);
    return KIOSK_OK;
}

enum kiosk_err store_invoice_line_add(struct store *st, const struct invoice_line_record *l)
{
    sqlite3_stmt *s = store_stmt(st, ST_INVOICE_LINE_INSERT);
    sqlite3_bind_int64(s, 1, l->invoice_id);
    store_bind_text(s, 2, l->code);
    store_bind_text(s, 3, l->code_system);
    store_bind_text(s, 4, l->description);
    sqlite3_bind_int(s, 5, l->quantity);
    sqlite3_bind_int64(s, 6, l->unit_price_minor);
    sqlite3_bind_int64(s, 7, l->total_minor);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "add invoice line");
}

enum kiosk_err store_invoice_set_totals(struct store *st, int64_t invoice_id, int64_t gross_minor,
                                        int64_t owes_minor)
{
    sqlite3_stmt *s = store_stmt(st, ST_INVOICE_TOTALS);
    sqlite3_bind_int64(s, 1, invoice_id);
    sqlite3_bind_int64(s, 2, gross_minor);
    sqlite3_bind_int64(s, 3, owes_minor);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "invoice totals");
}

/* --- hooks for tests and tools --------------------------------------------------- */

enum kiosk_err store_exec_file(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    enum kiosk_err err = open_db(path, &db);
    if (err != KIOSK_OK)
        return err;
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        err = store_map_rc(rc, "exec");
    close_db(db);
    return err;
}

enum kiosk_err store_query_text(struct store *st, const char *sql, char **out)
{
    sqlite3_stmt *s = NULL;
    enum kiosk_err err = KIOSK_OK;
    *out = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "prepare query");
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        const char *t = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
        *out = kmem_strdup(t ? t : "");
        if (!*out)
            err = KIOSK_ERR_NOMEM;
    } else {
        err = store_map_rc(rc, "query");
    }
    sqlite3_finalize(s);
    return err;
}

enum kiosk_err store_query_int(struct store *st, const char *sql, int64_t *out)
{
    sqlite3_stmt *s = NULL;
    enum kiosk_err err = KIOSK_OK;
    *out = 0;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "prepare query");
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    else if (rc != SQLITE_DONE)
        err = store_map_rc(rc, "query");
    sqlite3_finalize(s);
    return err;
}
