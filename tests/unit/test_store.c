/* The SQLite cache on real files in a temporary directory: schema and
 * pragmas, migrations, corrupt and newer files, lookups, check-in with its
 * outbox row, out-of-memory at open, the demo data set. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "firmware/core/err.h"
#include "firmware/core/mem.h"
#include "firmware/store/store.h"
#include "firmware/store/store_sync.h"
#include "firmware/store/store_testing.h"
#include "ktest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0         1773136800000LL /* 2026-03-10 10:00:00 UTC */
#define MIN        (60 * 1000LL)
#define HOUR       (60 * MIN)
#define DEMO       KIOSK_SOURCE_DIR "/assets/demo/demo-data.tsv"
#define FIXTURE_V1 KIOSK_SOURCE_DIR "/tests/fixtures/store/schema-v1-release.sql"

/* The day window used by the lookups: wide enough that the demo set's
 * -90..+240 minute appointments are in and tomorrow's are out, whatever TZ
 * the test runs under. */
#define DAY_START (T0 - 12 * HOUR)
#define DAY_END   (T0 + 12 * HOUR)

/* --- temporary files ---------------------------------------------------------- */

struct tmp {
    char dir[512];
    char path[600];
};

static bool tmp_make(struct tmp *t, const char *file)
{
    snprintf(t->dir, sizeof(t->dir), "%s/test_store.XXXXXX", KIOSK_BINARY_DIR);
    if (!mkdtemp(t->dir))
        return false;
    snprintf(t->path, sizeof(t->path), "%s/%s", t->dir, file);
    return true;
}

static void rm_db(const char *path)
{
    char p[700];
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-journal", path);
    unlink(p);
}

/* Removes the files a test made (at most these names) and the directory. */
static void tmp_drop(struct tmp *t)
{
    static const char *const names[] = {"kiosk.db", "a.db", "b.db", "demo.tsv"};
    char p[700];
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(p, sizeof(p), "%s/%s", t->dir, names[i]);
        rm_db(p);
    }
    rmdir(t->dir);
}

static bool write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = kmem_alloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        kmem_free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

static int64_t q_int(struct store *st, const char *sql)
{
    int64_t v = -1;
    if (store_query_int(st, sql, &v) != KIOSK_OK)
        return -1;
    return v;
}

/* Compares the first column of sql with want; false on any difference. */
static bool q_text_is(struct store *st, const char *sql, const char *want)
{
    char *got = NULL;
    if (store_query_text(st, sql, &got) != KIOSK_OK)
        return false;
    bool same = strcmp(got, want) == 0;
    if (!same)
        fprintf(stderr, "  query gave \"%s\", expected \"%s\"\n", got, want);
    kmem_free(got);
    return same;
}

static enum kiosk_err open_demo(struct tmp *t, struct store **st)
{
    if (!tmp_make(t, "kiosk.db"))
        return KIOSK_ERR_IO;
    enum kiosk_err err = store_open(t->path, st);
    if (err != KIOSK_OK)
        return err;
    err = store_load_demo(*st, DEMO, T0);
    if (err != KIOSK_OK) {
        store_close(*st);
        *st = NULL;
    }
    return err;
}

static const char *const v1_tables[] = {
    "patients",
    "patient_names",
    "patient_identifiers",
    "appointments",
    "accounts",
    "invoices",
    "invoice_lines",
    "checkins",
    "outbox",
    "sync_cursors",
    /* version 2 */
    "charge_items",
    "sync_state",
    /* version 3 */
    "payments",
    /* version 4 */
    "copays",
    /* version 5 */
    "questionnaires",
    "form_tasks",
    /* version 6 */
    "server_texts",
    "appointment_refs",
    /* version 7 */
    "patient_details",
    "coverages",
    /* version 8 */
    "qr_charges",
    /* version 9 */
    "invoice_numbers",
};

/* --- open, schema, pragmas ------------------------------------------------------ */

static enum ktest_result open_creates_schema_v1(void)
{
    struct tmp t;
    struct store *st = NULL;
    char sql[200];
    KT_ASSERT(tmp_make(&t, "kiosk.db"));
    KT_EQ_INT(store_open(t.path, &st), KIOSK_OK);
    KT_EQ_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    KT_EQ_INT(q_int(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    KT_ASSERT(q_text_is(st, "PRAGMA journal_mode", "wal"));
    KT_EQ_INT(q_int(st, "PRAGMA synchronous"), 2); /* FULL */
    KT_EQ_INT(q_int(st, "PRAGMA foreign_keys"), 1);
    KT_EQ_INT(q_int(st, "PRAGMA busy_timeout"), 2000);
    for (size_t i = 0; i < sizeof(v1_tables) / sizeof(v1_tables[0]); i++) {
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_schema WHERE name = '%s'",
                 v1_tables[i]);
        KT_EQ_INT(q_int(st, sql), 1);
    }
    /* Nowhere to put payment card data, even by mistake. */
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM sqlite_schema s, pragma_table_info(s.name) c "
                        "WHERE s.type = 'table' AND (c.name LIKE '%card%' OR c.name LIKE "
                        "'%track%' OR c.name LIKE '%pan' OR c.name LIKE '%cvv%')"),
              0);
    store_close(st);

    /* Reopening keeps the version; the per-connection pragmas are set again. */
    KT_EQ_INT(store_open(t.path, &st), KIOSK_OK);
    KT_EQ_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    KT_ASSERT(q_text_is(st, "PRAGMA journal_mode", "wal"));
    KT_EQ_INT(q_int(st, "PRAGMA synchronous"), 2);
    store_close(st);
    tmp_drop(&t);
    return KTEST_PASS;
}

static enum ktest_result open_memory(void)
{
    struct store *st = NULL;
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    KT_EQ_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM patients"), 0);
    store_close(st);
    store_close(NULL);
    return KTEST_PASS;
}

/* --- migrations ------------------------------------------------------------------- */

static enum ktest_result migrate_empty_file(void)
{
    struct tmp t;
    struct store *st = NULL;
    KT_ASSERT(tmp_make(&t, "kiosk.db"));
    KT_ASSERT(write_file(t.path, "", 0)); /* version 0: a zero-byte file */
    KT_EQ_INT(store_open(t.path, &st), KIOSK_OK);
    KT_EQ_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"),
              (int64_t)(sizeof(v1_tables) / sizeof(v1_tables[0])));
    store_close(st);
    tmp_drop(&t);
    return KTEST_PASS;
}

/* A future step, to prove the upgrade path keeps what release 1 wrote. */
static const struct store_migration future_step = {
    STORE_SCHEMA_VERSION + 1, "ALTER TABLE patients ADD COLUMN pronouns TEXT;"
                              "CREATE TABLE help_requests (id INTEGER PRIMARY KEY, "
                              "created_ms INTEGER NOT NULL);"};

static const struct store_migration broken_step = {
    STORE_SCHEMA_VERSION + 1,
    "CREATE TABLE half_done (x INTEGER); CREATE TABLE patients (x INTEGER);"};

/* The shipped steps followed by one more. */
static size_t shipped_plus(struct store_migration *list, const struct store_migration *extra)
{
    size_t n = 0;
    const struct store_migration *shipped = store_shipped_migrations(&n);
    memcpy(list, shipped, n * sizeof(*list));
    list[n] = *extra;
    return n + 1;
}

static enum ktest_result migrate_release1_file(void)
{
    struct tmp t;
    struct store *st = NULL;
    struct store_migration list[STORE_SCHEMA_VERSION + 1];
    size_t n;
    struct patient_match m;
    char *sql = read_text(FIXTURE_V1);
    KT_ASSERT(sql != NULL);
    KT_ASSERT(tmp_make(&t, "kiosk.db"));
    /* The fixture is a file as release 1 left it, with a check-in pending. */
    KT_EQ_INT(store_exec_file(t.path, sql), KIOSK_OK);
    kmem_free(sql);

    KT_EQ_INT(store_open(t.path, &st), KIOSK_OK);
    KT_EQ_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    KT_EQ_INT(store_find_by_name_dob(st, "Conceição", "1966-02-14", 0, INT64_MAX, &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 1);
    KT_EQ_STR(m.patient.given, "Helena");
    store_close(st);

    /* A step that fails leaves the file at the shipped version with nothing
     * half-made. */
    n = shipped_plus(list, &broken_step);
    KT_ASSERT(store_open_migrations(t.path, list, n, &st) != KIOSK_OK);
    KT_ASSERT(st == NULL);
    KT_EQ_INT(store_open(t.path, &st), KIOSK_OK);
    KT_EQ_INT(q_int(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'"), 0);
    store_close(st);

    n = shipped_plus(list, &future_step);
    KT_EQ_INT(store_open_migrations(t.path, list, n, &st), KIOSK_OK);
    KT_EQ_INT(store_schema_version(st), STORE_SCHEMA_VERSION + 1);
    KT_EQ_INT(q_int(st, "PRAGMA user_version"), STORE_SCHEMA_VERSION + 1);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM patients"), 2);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM pragma_table_info('patients') "
                        "WHERE name = 'pronouns'"),
              1);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM checkins"), 1);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM outbox WHERE state = 0"), 1);
    KT_ASSERT(q_text_is(st, "SELECT code FROM appointments WHERE id = 1", "APPT-2026-000900"));
    KT_EQ_INT(store_find_by_identifier(st, IDENT_CARD, "6001000000000900", 0, INT64_MAX, &m),
              KIOSK_OK);
    KT_EQ_INT(m.matches, 1);
    KT_EQ_INT(m.appt_count, 1);
    KT_EQ_INT(m.appts[0].queue_no, 4);
    store_close(st);

    /* This firmware must now refuse the upgraded file. */
    KT_EQ_INT(store_open(t.path, &st), KIOSK_ERR_UNSUPPORTED);
    KT_ASSERT(st == NULL);
    tmp_drop(&t);
    return KTEST_PASS;
}

static enum ktest_result migrate_list_with_gap(void)
{
    static const struct store_migration gap[] = {{1, "SELECT 1"}, {3, "SELECT 1"}};
    struct store *st = NULL;
    KT_EQ_INT(store_open_migrations(":memory:", gap, 2, &st), KIOSK_ERR_INVALID);
    KT_ASSERT(st == NULL);
    return KTEST_PASS;
}

static enum ktest_result newer_version_unsupported(void)
{
    struct tmp t;
    struct store *st = NULL;
    KT_ASSERT(tmp_make(&t, "kiosk.db"));
    KT_EQ_INT(store_exec_file(t.path, "CREATE TABLE future (x); PRAGMA user_version = 99;"),
              KIOSK_OK);
    KT_EQ_INT(store_open(t.path, &st), KIOSK_ERR_UNSUPPORTED);
    KT_ASSERT(st == NULL);
    KT_ASSERT(strstr(kiosk_err_detail(), "schema 99") != NULL);
    tmp_drop(&t);
    return KTEST_PASS;
}

/* --- corrupt files ------------------------------------------------------------------ */

static enum ktest_result corrupt_garbage_file(void)
{
    struct tmp t;
    struct store *st = NULL;
    char junk[8192];
    for (size_t i = 0; i < sizeof(junk); i++)
        junk[i] = (char)(i * 131 + 7);
    memcpy(junk, "this is not a database file", 27);
    KT_ASSERT(tmp_make(&t, "kiosk.db"));
    KT_ASSERT(write_file(t.path, junk, sizeof(junk)));
    KT_EQ_INT(store_open(t.path, &st), KIOSK_ERR_CORRUPT);
    KT_ASSERT(st == NULL);
    tmp_drop(&t);
    return KTEST_PASS;
}

static enum ktest_result corrupt_pages(void)
{
    struct tmp t;
    struct store *st = NULL;
    KT_EQ_INT(open_demo(&t, &st), KIOSK_OK);
    int64_t page = q_int(st, "PRAGMA page_size");
    store_close(st); /* checkpoints the WAL into the file */

    /* Keep the header page, trample the b-tree pages after it. */
    FILE *f = fopen(t.path, "r+b");
    KT_ASSERT(f != NULL);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    KT_ASSERT(size > 4 * page);
    for (long off = page; off < size; off += page) {
        static const char junk[64] = "\xff\xfe\xfd garbage garbage garbage garbage garbage";
        fseek(f, off, SEEK_SET);
        fwrite(junk, 1, sizeof(junk), f);
    }
    fclose(f);
    KT_EQ_INT(store_open(t.path, &st), KIOSK_ERR_CORRUPT);
    KT_ASSERT(st == NULL);
    tmp_drop(&t);
    return KTEST_PASS;
}

/* --- lookups --------------------------------------------------------------------------- */

static enum ktest_result lookup_name_dob(void)
{
    struct tmp t;
    struct store *st = NULL;
    struct patient_match m;
    KT_EQ_INT(open_demo(&t, &st), KIOSK_OK);

    KT_EQ_INT(store_find_by_name_dob(st, "Silva", "1984-03-02", DAY_START, DAY_END, &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 1);
    KT_EQ_STR(m.patient.given, "Ana");
    KT_EQ_STR(m.patient.family, "Silva");
    KT_EQ_STR(m.patient.birth_date, "1984-03-02");
    KT_EQ_STR(m.patient.lang, "pt-BR");
    KT_EQ_INT(m.appt_count, 1);
    KT_EQ_STR(m.appts[0].code, "APPT-2026-000123");
    KT_EQ_INT(m.appts[0].start_ms, T0 + 10 * MIN);
    KT_EQ_STR(m.appts[0].clinic, "Cardiology");
    KT_EQ_STR(m.appts[0].provider, "Dr. Marta Ribeiro");
    KT_EQ_STR(m.appts[0].directions, "Floor 2, blue lifts");
    KT_EQ_INT(m.appts[0].status, APPT_BOOKED);
    KT_EQ_INT(m.appts[0].queue_no, 0);

    /* Case and accents do not matter; neither do spaces and apostrophes. */
    static const struct {
        const char *surname, *dob, *given;
    } same[] = {
        {"SILVA", "1984-03-02", "Ana"},
        {"goncalves", "1975-11-30", "João"},
        {"GONÇALVES", "1975-11-30", "João"},
        {"conceicao", "1995-03-09", "Fernanda"},
        {"Araujo", "1966-02-14", "Maria da Conceição"},
        {"araújo lima", "1987-11-02", "Thiago"},
        {"obrien", "1968-09-03", "Michael"},
        {"walsh martin", "1988-04-19", "Jennifer"},
        {"Muñoz", "1985-08-14", "Javier"},
        {"MUNOZ", "1985-08-14", "Javier"},
        /* Devanagari as written, and the Latin alias typed on a Latin keyboard. */
        {"शर्मा", "1990-07-15", "राहुल"},
        {"sharma", "1990-07-15", "राहुल"},
        {"Patel", "1989-10-23", "प्रिया"},
    };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        KT_EQ_INT(store_find_by_name_dob(st, same[i].surname, same[i].dob, DAY_START, DAY_END, &m),
                  KIOSK_OK);
        if (m.matches != 1)
            KT_FAIL_AT("case %zu: %d matches", i, m.matches);
        KT_EQ_STR(m.patient.given, same[i].given);
    }
    KT_EQ_STR(m.patient.family, "पटेल"); /* shown as written, not the alias */

    /* Wrong birth date, unknown surname, empty input: nobody. */
    KT_EQ_INT(store_find_by_name_dob(st, "Silva", "1984-03-03", DAY_START, DAY_END, &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 0);
    KT_EQ_INT(m.patient.id, 0);
    KT_EQ_INT(store_find_by_name_dob(st, "Sharma", "1990-07-16", DAY_START, DAY_END, &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 0);
    KT_EQ_INT(store_find_by_name_dob(st, "Nobody", "1984-03-02", DAY_START, DAY_END, &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 0);
    KT_EQ_INT(store_find_by_name_dob(st, " - ", "1984-03-02", DAY_START, DAY_END, &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 0);

    /* Two sisters, same surname and birth date: ambiguous, nothing shown. */
    KT_EQ_INT(store_find_by_name_dob(st, "Santos", "1980-06-12", DAY_START, DAY_END, &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 2);
    KT_EQ_INT(m.patient.id, 0);
    KT_EQ_STR(m.patient.given, "");
    KT_EQ_INT(m.appt_count, 0);

    store_close(st);
    tmp_drop(&t);
    return KTEST_PASS;
}

static enum ktest_result lookup_appointments_of_the_day(void)
{
    struct tmp t;
    struct store *st = NULL;
    struct patient_match m;
    KT_EQ_INT(open_demo(&t, &st), KIOSK_OK);

    /* Two today, sorted by start. */
    KT_EQ_INT(store_find_by_name_dob(st, "Carter", "1992-05-14", DAY_START, DAY_END, &m), KIOSK_OK);
    KT_EQ_INT(m.appt_count, 2);
    KT_EQ_INT(m.appts[0].start_ms, T0 - 60 * MIN);
    KT_EQ_INT(m.appts[1].start_ms, T0 + 120 * MIN);
    KT_ASSERT(m.appts[0].id != m.appts[1].id);

    /* The window is half-open: [T0, ...) drops the earlier one; a window
     * ending at the later start drops that one. */
    KT_EQ_INT(store_find_by_name_dob(st, "Carter", "1992-05-14", T0, DAY_END, &m), KIOSK_OK);
    KT_EQ_INT(m.appt_count, 1);
    KT_EQ_INT(m.appts[0].start_ms, T0 + 120 * MIN);
    KT_EQ_INT(store_find_by_name_dob(st, "Carter", "1992-05-14", DAY_START, T0 + 120 * MIN, &m),
              KIOSK_OK);
    KT_EQ_INT(m.appt_count, 1);
    KT_EQ_INT(m.appts[0].start_ms, T0 - 60 * MIN);

    /* Cancelled appointments are left out. */
    KT_EQ_INT(store_find_by_name_dob(st, "Miller", "1961-06-30", DAY_START, DAY_END, &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 1);
    KT_EQ_INT(m.appt_count, 1);
    KT_EQ_STR(m.appts[0].code, "APPT-2026-000134");

    /* Only tomorrow: found, nothing today. */
    KT_EQ_INT(store_find_by_name_dob(st, "Gonçalves", "1975-11-30", DAY_START, DAY_END, &m),
              KIOSK_OK);
    KT_EQ_INT(m.matches, 1);
    KT_EQ_INT(m.appt_count, 0);
    KT_EQ_INT(
        store_find_by_name_dob(st, "Gonçalves", "1975-11-30", DAY_END, DAY_END + 24 * HOUR, &m),
        KIOSK_OK);
    KT_EQ_INT(m.appt_count, 1);
    KT_EQ_INT(m.appts[0].start_ms, T0 + 1470 * MIN);

    store_close(st);
    tmp_drop(&t);
    return KTEST_PASS;
}

static enum ktest_result lookup_identifier_and_code(void)
{
    struct tmp t;
    struct store *st = NULL;
    struct patient_match m;
    KT_EQ_INT(open_demo(&t, &st), KIOSK_OK);

    KT_EQ_INT(store_find_by_identifier(st, IDENT_CARD, "6001000000000017", DAY_START, DAY_END, &m),
              KIOSK_OK);
    KT_EQ_INT(m.matches, 1);
    KT_EQ_STR(m.patient.given, "Ana");
    KT_EQ_STR(m.patient.birth_date, "1984-03-02");
    KT_EQ_INT(m.appt_count, 1);
    KT_EQ_STR(m.appts[0].code, "APPT-2026-000123");

    /* The card of one Santos sister identifies her alone. */
    KT_EQ_INT(store_find_by_identifier(st, IDENT_CARD, "6001000000000058", DAY_START, DAY_END, &m),
              KIOSK_OK);
    KT_EQ_INT(m.matches, 1);
    KT_EQ_STR(m.patient.given, "Maria");

    /* Unknown number, or the right number of another kind: nobody. */
    KT_EQ_INT(store_find_by_identifier(st, IDENT_CARD, "6001009999999999", DAY_START, DAY_END, &m),
              KIOSK_OK);
    KT_EQ_INT(m.matches, 0);
    KT_EQ_INT(store_find_by_identifier(st, IDENT_MRN, "6001000000000017", DAY_START, DAY_END, &m),
              KIOSK_OK);
    KT_EQ_INT(m.matches, 0);

    /* A code finds its appointment whatever the day. */
    KT_EQ_INT(store_find_by_appointment_code(st, "APPT-2026-000125", &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 1);
    KT_EQ_STR(m.patient.given, "João");
    KT_EQ_INT(m.appt_count, 1);
    KT_EQ_STR(m.appts[0].clinic, "Orthopedics");
    KT_EQ_INT(store_find_by_appointment_code(st, "APPT-2026-000123", &m), KIOSK_OK);
    KT_EQ_INT(m.appt_count, 1);
    KT_EQ_INT(m.appts[0].start_ms, T0 + 10 * MIN);
    /* A cancelled one: the patient, nothing to check in. */
    KT_EQ_INT(store_find_by_appointment_code(st, "APPT-2026-000133", &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 1);
    KT_EQ_STR(m.patient.family, "Miller");
    KT_EQ_INT(m.appt_count, 0);
    KT_EQ_INT(store_find_by_appointment_code(st, "APPT-2026-999999", &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 0);

    store_close(st);
    tmp_drop(&t);
    return KTEST_PASS;
}

/* --- check-in ---------------------------------------------------------------------------- */

static int64_t appt_id(struct store *st, const char *code)
{
    struct patient_match m;
    if (store_find_by_appointment_code(st, code, &m) != KIOSK_OK || m.appt_count != 1)
        return -1;
    return m.appts[0].id;
}

static enum ktest_result checkin_queue_and_outbox(void)
{
    struct tmp t;
    struct store *st = NULL;
    struct checkin_result r;
    struct outbox_counts oc;
    struct patient_match m;
    const int64_t day = T0 - 10 * HOUR;
    KT_EQ_INT(open_demo(&t, &st), KIOSK_OK);
    int64_t ana = appt_id(st, "APPT-2026-000123");
    int64_t rahul = appt_id(st, "APPT-2026-000124");
    int64_t emily = appt_id(st, "APPT-2026-000127");
    KT_ASSERT(ana > 0 && rahul > 0 && emily > 0);

    KT_EQ_INT(store_checkin_add(st, ana, T0, day, "key-ana", &r), KIOSK_OK);
    KT_EQ_INT(r.queue_no, 1);
    KT_ASSERT(!r.already);
    KT_EQ_INT(store_checkin_add(st, rahul, T0 + MIN, day, "key-rahul", &r), KIOSK_OK);
    KT_EQ_INT(r.queue_no, 2);
    KT_EQ_INT(store_checkin_add(st, emily, T0 + 2 * MIN, day, "key-emily", &r), KIOSK_OK);
    KT_EQ_INT(r.queue_no, 3);
    KT_EQ_INT(store_outbox_counts(st, &oc), KIOSK_OK);
    KT_EQ_INT(oc.pending, 3);
    KT_EQ_INT(oc.done + oc.parked, 0);

    /* Again: the same number, nothing written. */
    KT_EQ_INT(store_checkin_add(st, ana, T0 + 5 * MIN, day, "key-ana-2", &r), KIOSK_OK);
    KT_EQ_INT(r.queue_no, 1);
    KT_ASSERT(r.already);
    KT_EQ_INT(store_outbox_counts(st, &oc), KIOSK_OK);
    KT_EQ_INT(oc.pending, 3);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM checkins"), 3);

    /* The outbox row carries the appointment, never the patient. */
    KT_ASSERT(
        q_text_is(st, "SELECT kind FROM outbox WHERE key = 'key-ana'", "appointment.arrived"));
    KT_ASSERT(q_text_is(st, "SELECT payload FROM outbox WHERE key = 'key-ana'",
                        "{\"code\":\"APPT-2026-000123\",\"status\":\"arrived\","
                        "\"at\":1773136800000}"));
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM outbox WHERE payload LIKE '%Silva%' OR "
                        "payload LIKE '%1984%'"),
              0);
    KT_EQ_INT(q_int(st, "SELECT created_ms FROM outbox WHERE key = 'key-rahul'"), T0 + MIN);

    /* Lookups now show arrived with the queue number. */
    KT_EQ_INT(store_find_by_name_dob(st, "Silva", "1984-03-02", DAY_START, DAY_END, &m), KIOSK_OK);
    KT_EQ_INT(m.appts[0].status, APPT_ARRIVED);
    KT_EQ_INT(m.appts[0].queue_no, 1);

    /* Cancelled and unknown appointments write nothing. */
    int64_t cancelled = q_int(st, "SELECT id FROM appointments WHERE code = 'APPT-2026-000133'");
    KT_ASSERT(cancelled > 0);
    KT_EQ_INT(store_checkin_add(st, cancelled, T0, day, "key-x", &r), KIOSK_ERR_INVALID);
    KT_EQ_INT(store_checkin_add(st, 999999, T0, day, "key-y", &r), KIOSK_ERR_NOT_FOUND);
    KT_EQ_INT(store_outbox_counts(st, &oc), KIOSK_OK);
    KT_EQ_INT(oc.pending, 3);

    /* A new day starts again at 1. */
    int64_t joao = appt_id(st, "APPT-2026-000125");
    KT_EQ_INT(store_checkin_add(st, joao, T0 + 24 * HOUR, day + 24 * HOUR, "key-joao", &r),
              KIOSK_OK);
    KT_EQ_INT(r.queue_no, 1);

    /* The fleet metrics count each day on its own (check-ins; no payments yet). */
    struct day_counts dc;
    KT_EQ_INT(store_day_counts(st, day, &dc), KIOSK_OK);
    KT_EQ_INT(dc.checkins, 3);
    KT_EQ_INT(dc.payments_approved, 0);
    KT_EQ_INT(store_day_counts(st, day + 24 * HOUR, &dc), KIOSK_OK);
    KT_EQ_INT(dc.checkins, 1);
    store_close(st);

    /* Committed means on disk: a fresh handle sees all of it. */
    KT_EQ_INT(store_open(t.path, &st), KIOSK_OK);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM checkins"), 4);
    KT_EQ_INT(store_outbox_counts(st, &oc), KIOSK_OK);
    KT_EQ_INT(oc.pending, 4);
    store_close(st);
    tmp_drop(&t);
    return KTEST_PASS;
}

static enum ktest_result checkin_failure_writes_nothing(void)
{
    struct tmp t;
    struct store *st = NULL;
    struct checkin_result r;
    struct outbox_counts oc;
    const int64_t day = T0 - 10 * HOUR;
    KT_EQ_INT(open_demo(&t, &st), KIOSK_OK);
    int64_t ana = appt_id(st, "APPT-2026-000123");
    int64_t rahul = appt_id(st, "APPT-2026-000124");
    KT_EQ_INT(store_checkin_add(st, ana, T0, day, "key-1", &r), KIOSK_OK);

    /* The outbox insert fails after the check-in row went in: both go. */
    KT_EQ_INT(store_checkin_add(st, rahul, T0, day, "key-1", &r), KIOSK_ERR_INVALID);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM checkins"), 1);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM checkins WHERE appointment_id = (SELECT id FROM "
                        "appointments WHERE code = 'APPT-2026-000124')"),
              0);
    KT_EQ_INT(q_int(st, "SELECT status FROM appointments WHERE code = 'APPT-2026-000124'"),
              APPT_BOOKED);
    KT_EQ_INT(store_outbox_counts(st, &oc), KIOSK_OK);
    KT_EQ_INT(oc.pending, 1);

    /* No transaction is left open: the retry with a fresh key works and
     * gets the number the failed attempt would have had. */
    KT_EQ_INT(store_checkin_add(st, rahul, T0, day, "key-2", &r), KIOSK_OK);
    KT_EQ_INT(r.queue_no, 2);
    KT_ASSERT(!r.already);
    KT_EQ_INT(store_checkin_add(st, rahul, T0, day, "", &r), KIOSK_ERR_INVALID);
    store_close(st);
    tmp_drop(&t);
    return KTEST_PASS;
}

/* --- writes ---------------------------------------------------------------------------------- */

static enum ktest_result puts_update_in_place(void)
{
    struct store *st = NULL;
    struct patient_match m;
    int64_t id = 0, id2 = 0, other = 0, appt = 0;
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    struct patient_record p = {
        .fhir_id = "pat-1",
        .given = "Inês",
        .family = "Peña",
        .birth_date = "2000-01-01",
    };
    KT_EQ_INT(store_patient_put(st, &p, &id), KIOSK_OK);
    /* The same fhir_id updates the row and its name keys. */
    p.family = "Ibáñez";
    KT_EQ_INT(store_patient_put(st, &p, &id2), KIOSK_OK);
    KT_EQ_INT(id2, id);
    KT_EQ_INT(store_find_by_name_dob(st, "pena", "2000-01-01", 0, INT64_MAX, &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 0);
    KT_EQ_INT(store_find_by_name_dob(st, "ibanez", "2000-01-01", 0, INT64_MAX, &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 1);
    KT_EQ_STR(m.patient.family, "Ibáñez");

    struct patient_record q = {.given = "Ola", .family = "Nordmann", .birth_date = "1990-02-02"};
    KT_EQ_INT(store_patient_put(st, &q, &other), KIOSK_OK);
    KT_ASSERT(other != id);
    q.given = NULL;
    KT_EQ_INT(store_patient_put(st, &q, NULL), KIOSK_ERR_INVALID);

    /* An identifier moves to its newest owner. */
    KT_EQ_INT(store_identifier_put(st, id, IDENT_CARD, "6001000000000999"), KIOSK_OK);
    KT_EQ_INT(store_identifier_put(st, other, IDENT_CARD, "6001000000000999"), KIOSK_OK);
    KT_EQ_INT(store_find_by_identifier(st, IDENT_CARD, "6001000000000999", 0, 1, &m), KIOSK_OK);
    KT_EQ_INT(m.patient.id, other);
    KT_EQ_INT(store_identifier_put(st, 4242, IDENT_MRN, "MRN-1"), KIOSK_ERR_INVALID);

    /* Appointments update by code; an unknown patient is refused. */
    struct appointment_record a = {
        .code = "APPT-T-1",
        .patient_id = id,
        .start_ms = T0,
        .duration_min = 20,
        .clinic = "Cardiology",
        .status = APPT_BOOKED,
    };
    KT_EQ_INT(store_appointment_put(st, &a, &appt), KIOSK_OK);
    a.start_ms = T0 + HOUR;
    KT_EQ_INT(store_appointment_put(st, &a, &id2), KIOSK_OK);
    KT_EQ_INT(id2, appt);
    KT_EQ_INT(store_find_by_appointment_code(st, "APPT-T-1", &m), KIOSK_OK);
    KT_EQ_INT(m.appts[0].start_ms, T0 + HOUR);
    KT_EQ_STR(m.appts[0].provider, "");
    a.code = "APPT-T-2";
    a.patient_id = 4242;
    KT_EQ_INT(store_appointment_put(st, &a, NULL), KIOSK_ERR_INVALID);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM appointments"), 1);
    store_close(st);
    return KTEST_PASS;
}

/* An appointment's clinic, practitioner and directions in the patient's
 * language: the exact tag, else its language ("pt" for "pt-BR"), else ""
 * (the appointment's English text is shown); a deleted appointment takes
 * its references with it. */
static enum ktest_result appointment_texts_by_language(void)
{
    struct store *st = NULL;
    struct appt_texts t;
    int64_t pat = 0, appt = 0;
    char buf[64];
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    struct patient_record p = {
        .fhir_id = "p1", .given = "Ana", .family = "Silva", .birth_date = "1984-03-12"};
    KT_EQ_INT(store_patient_put(st, &p, &pat), KIOSK_OK);
    struct appointment_record a = {.fhir_id = "a1",
                                   .code = "APPT-1",
                                   .patient_id = pat,
                                   .start_ms = T0,
                                   .clinic = "Physiotherapy",
                                   .directions = "Ground floor, west wing"};
    KT_EQ_INT(store_appointment_put(st, &a, &appt), KIOSK_OK);
    const struct store_ref refs[] = {
        {"HealthcareService", "hs-physio"}, {"Location", "loc-physio"}, {"Practitioner", "dr1"}};
    KT_EQ_INT(store_appointment_refs_set(st, appt, refs, 3), KIOSK_OK);
    const struct store_server_text texts[] = {
        {"HealthcareService", "hs-physio", "name", "", "Physiotherapy"},
        {"HealthcareService", "hs-physio", "name", "pt-BR", "Fisioterapia"},
        {"HealthcareService", "hs-physio", "name", "hi", "फ़िज़ियोथेरेपी"},
        {"Location", "loc-physio", "description", "pt", "Térreo, ala oeste"},
        {"Location", "loc-physio", "name", "pt-BR", "Fisioterapia (sala)"},
        {"Practitioner", "dr1", "name", "pt-BR", "Dra. Ana Ribeiro"},
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        KT_EQ_INT(store_server_text_put(st, &texts[i]), KIOSK_OK);

    KT_EQ_INT(store_appointment_texts(st, appt, "pt-BR", &t), KIOSK_OK);
    KT_EQ_STR(t.clinic, "Fisioterapia");
    KT_EQ_STR(t.directions, "Térreo, ala oeste"); /* "pt" serves "pt-BR" */
    KT_EQ_STR(t.provider, "Dra. Ana Ribeiro");
    KT_EQ_INT(store_appointment_texts(st, appt, "hi", &t), KIOSK_OK);
    KT_EQ_STR(t.clinic, "फ़िज़ियोथेरेपी");
    KT_EQ_STR(t.directions, ""); /* no Hindi: the English text is shown */
    KT_EQ_STR(t.provider, "");
    KT_EQ_INT(store_appointment_texts(st, appt, "es", &t), KIOSK_OK);
    KT_EQ_STR(t.clinic, ""); /* the base value is never given as a translation */
    KT_EQ_INT(store_server_text(st, "Location", "loc-physio", "name", "es", buf, sizeof(buf)),
              KIOSK_ERR_NOT_FOUND);

    /* A resource read again replaces its texts. */
    KT_EQ_INT(store_server_texts_clear(st, "HealthcareService", "hs-physio"), KIOSK_OK);
    KT_EQ_INT(store_appointment_texts(st, appt, "pt-BR", &t), KIOSK_OK);
    KT_EQ_STR(t.clinic, "");
    KT_EQ_STR(t.provider, "Dra. Ana Ribeiro");
    KT_EQ_INT(store_forget(st, SK_APPOINTMENT, "a1"), KIOSK_OK);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM appointment_refs"), 0);
    store_close(st);
    return KTEST_PASS;
}

static enum ktest_result disk_full_is_reported(void)
{
    struct tmp t;
    struct store *st = NULL;
    struct checkin_result r;
    enum kiosk_err err = KIOSK_OK;
    char fhir[32];
    KT_EQ_INT(open_demo(&t, &st), KIOSK_OK);
    /* A file that may not grow stands in for a full disk. */
    KT_ASSERT(q_int(st, "PRAGMA max_page_count = 1") > 0);
    KT_EQ_INT(q_int(st, "PRAGMA max_page_count"), q_int(st, "PRAGMA page_count"));
    int n = 0;
    for (; n < 2000 && err == KIOSK_OK; n++) {
        snprintf(fhir, sizeof(fhir), "fill-%d", n);
        struct patient_record p = {
            .fhir_id = fhir,
            .given = "Fill",
            .family = fhir,
            .birth_date = "2000-01-01",
        };
        err = store_patient_put(st, &p, NULL);
    }
    KT_EQ_INT(err, KIOSK_ERR_FULL);
    /* The failed put left no patient without name keys. */
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM patients p WHERE NOT EXISTS (SELECT 1 FROM "
                        "patient_names n WHERE n.patient_id = p.id)"),
              0);
    /* Still usable: a check-in either fits or fails whole. */
    int64_t ana = appt_id(st, "APPT-2026-000123");
    err = store_checkin_add(st, ana, T0, T0 - 10 * HOUR, "key-full", &r);
    KT_ASSERT(err == KIOSK_OK || err == KIOSK_ERR_FULL);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM checkins"), err == KIOSK_OK ? 1 : 0);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM outbox"), err == KIOSK_OK ? 1 : 0);
    store_close(st);
    tmp_drop(&t);
    return KTEST_PASS;
}

/* --- out of memory ------------------------------------------------------------------------- */

static enum ktest_result open_out_of_memory(void)
{
    struct tmp t;
    struct store *st = NULL;
    enum kiosk_err err = KIOSK_ERR_NOMEM;
    unsigned long n;
    KT_ASSERT(tmp_make(&t, "kiosk.db"));
    /* Fail the 1st, 2nd, ... allocation until open gets through; every
     * failure must be NOMEM (or an honest error) and leak nothing. */
    for (n = 1; n < 20000 && err != KIOSK_OK; n++) {
        long live = kmem_live();
        rm_db(t.path);
        kmem_fail_after(n);
        err = store_open(t.path, &st);
        kmem_fail_after(0);
        if (err != KIOSK_OK) {
            if (err != KIOSK_ERR_NOMEM)
                KT_FAIL_AT("allocation %lu: %s", n, kiosk_err_name(err));
            KT_ASSERT(st == NULL);
            KT_EQ_INT(kmem_live(), live);
        }
    }
    KT_EQ_INT(err, KIOSK_OK);
    KT_ASSERT(n > 10); /* SQLite's own allocations went through kmem too */
    KT_EQ_INT(store_schema_version(st), STORE_SCHEMA_VERSION);
    store_close(st);
    tmp_drop(&t);
    return KTEST_PASS;
}

static enum ktest_result demo_out_of_memory(void)
{
    struct tmp t;
    struct store *st = NULL;
    enum kiosk_err err = KIOSK_ERR_NOMEM;
    KT_ASSERT(tmp_make(&t, "kiosk.db"));
    KT_EQ_INT(store_open(t.path, &st), KIOSK_OK);
    /* Each allocation of the load in turn: the file buffer, the key tables,
     * SQLite's pages. A failure anywhere leaves the store empty. */
    for (unsigned long n = 1; n < 20000 && err != KIOSK_OK; n++) {
        kmem_fail_after(n);
        err = store_load_demo(st, DEMO, T0);
        kmem_fail_after(0);
        if (err != KIOSK_OK) {
            if (err != KIOSK_ERR_NOMEM)
                KT_FAIL_AT("allocation %lu: %s", n, kiosk_err_name(err));
            KT_EQ_INT(q_int(st, "SELECT count(*) FROM patients"), 0);
            KT_EQ_INT(q_int(st, "SELECT count(*) FROM invoice_lines"), 0);
        }
    }
    KT_EQ_INT(err, KIOSK_OK);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM patients"), 30);
    store_close(st);
    tmp_drop(&t);
    return KTEST_PASS;
}

/* --- demo data -------------------------------------------------------------------------------- */

static const char *const dumps[] = {
    "SELECT group_concat(x, ';') FROM (SELECT id || '|' || coalesce(fhir_id, '') || '|' || given "
    "|| '|' || family || '|' || coalesce(family_latin, '') || '|' || birth_date || '|' || "
    "coalesce(phone, '') || '|' || coalesce(lang, '') AS x FROM patients ORDER BY id)",
    "SELECT group_concat(x, ';') FROM (SELECT patient_id || '|' || name_key AS x FROM "
    "patient_names ORDER BY patient_id, name_key)",
    "SELECT group_concat(x, ';') FROM (SELECT patient_id || '|' || kind || '|' || value AS x "
    "FROM patient_identifiers ORDER BY id)",
    "SELECT group_concat(x, ';') FROM (SELECT id || '|' || code || '|' || patient_id || '|' || "
    "start_ms || '|' || duration_min || '|' || clinic || '|' || provider || '|' || directions || "
    "'|' || status AS x FROM appointments ORDER BY id)",
    "SELECT group_concat(x, ';') FROM (SELECT id || '|' || patient_id || '|' || total_gross_minor "
    "|| '|' || insurance_paid_minor || '|' || adjustments_minor || '|' || patient_owes_minor || "
    "'|' || due_date AS x FROM invoices ORDER BY id)",
    "SELECT group_concat(x, ';') FROM (SELECT invoice_id || '|' || code || '|' || description || "
    "'|' || quantity || '|' || unit_price_minor || '|' || total_minor AS x FROM invoice_lines "
    "ORDER BY id)",
};

static enum ktest_result demo_deterministic(void)
{
    struct tmp t;
    struct store *a = NULL, *b = NULL;
    char path_b[700];
    KT_EQ_INT(open_demo(&t, &a), KIOSK_OK);
    snprintf(path_b, sizeof(path_b), "%s/b.db", t.dir);
    KT_EQ_INT(store_open(path_b, &b), KIOSK_OK);
    KT_EQ_INT(store_load_demo(b, DEMO, T0), KIOSK_OK);

    KT_EQ_INT(q_int(a, "SELECT count(*) FROM patients"), 30);
    KT_EQ_INT(q_int(a, "SELECT count(*) FROM appointments"), 36);
    KT_EQ_INT(q_int(a, "SELECT count(*) FROM patient_identifiers WHERE kind = 0 AND value LIKE "
                       "'600100%'"),
              6);
    KT_EQ_INT(q_int(a, "SELECT count(*) FROM appointments WHERE start_ms BETWEEN "
                       "1773131400000"
                       " AND 1773151200000"), /* T0 - 90 min .. T0 + 240 min */
              34);
    /* Ana's bill: 185.00 + 65.00, insurance 170.00, adjustment 15.00. */
    KT_EQ_INT(q_int(a, "SELECT patient_owes_minor FROM invoices WHERE fhir_id = 'demo-ana-1'"),
              6500);
    KT_EQ_INT(q_int(a, "SELECT count(*) FROM invoices WHERE patient_owes_minor <> "
                       "total_gross_minor - insurance_paid_minor - adjustments_minor "
                       "AND status <> 'balanced'"),
              0);
    /* A balanced (paid) statement owes nothing. */
    KT_EQ_INT(q_int(a, "SELECT patient_owes_minor FROM invoices WHERE fhir_id = 'demo-emily-0'"),
              0);
    for (size_t i = 0; i < sizeof(dumps) / sizeof(dumps[0]); i++) {
        char *da = NULL, *db = NULL;
        KT_EQ_INT(store_query_text(a, dumps[i], &da), KIOSK_OK);
        KT_EQ_INT(store_query_text(b, dumps[i], &db), KIOSK_OK);
        bool same = strcmp(da, db) == 0 && da[0] != '\0';
        kmem_free(da);
        kmem_free(db);
        if (!same)
            KT_FAIL_AT("dump %zu differs between two loads", i);
    }

    /* A second load into a filled store is refused and changes nothing. */
    KT_EQ_INT(store_load_demo(a, DEMO, T0), KIOSK_ERR_INVALID);
    KT_EQ_INT(q_int(a, "SELECT count(*) FROM patients"), 30);
    store_close(a);
    store_close(b);
    tmp_drop(&t);
    return KTEST_PASS;
}

/* The real file with one bad line appended: the detail names that line and
 * not one row stays. */
static enum ktest_result demo_rejects_malformed_line(void)
{
    static const struct {
        const char *line, *why;
    } bad[] = {
        {"appt\tana\tAPPT-2026-009999\tsoon\t30\tCardiology\tDr. X\tFloor 2\n", "offset"},
        {"appt\tnobody\tAPPT-2026-009999\t10\t30\tCardiology\tDr. X\tFloor 2\n", "key"},
        {"patient\tzed\tZed\tZ\t-\t1984-02-30\t-\t-\ten\n", "birth date"},
        {"patient\tzed\tZed\n", "9 fields"},
        {"card\tjoao\t6001000000000017\n", "twice"},
        {"appt\tana\tAPPT-2026-009999\t10\t30\tCardiology\tDr. X\tFloor 2\tlate\n", "status"},
        {"line\tana-1\t99214\t-\tVisit\t1\t-5\n", "unit price"},
        {"invoice\tbig\tana\t-\tissued\tUSD\t999999\t0\t10\n", "exceed"},
        {"payment\tana\t4111111111111111\n", "unknown record"},
    };
    struct tmp t;
    struct store *st = NULL;
    char tsv[700];
    char *base = read_text(DEMO);
    KT_ASSERT(base != NULL);
    int lines = 0;
    for (const char *p = base; *p; p++)
        lines += *p == '\n';
    KT_ASSERT(tmp_make(&t, "kiosk.db"));
    snprintf(tsv, sizeof(tsv), "%s/demo.tsv", t.dir);
    KT_EQ_INT(store_open(t.path, &st), KIOSK_OK);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char want[64];
        FILE *f = fopen(tsv, "wb");
        KT_ASSERT(f != NULL);
        fputs(base, f);
        fputs(bad[i].line, f);
        fclose(f);
        KT_EQ_INT(store_load_demo(st, tsv, T0), KIOSK_ERR_INVALID);
        /* The invoice check runs at the end and names the invoice's line. */
        snprintf(want, sizeof(want), "line %d:", lines + 1);
        if (!strstr(kiosk_err_detail(), want) || !strstr(kiosk_err_detail(), bad[i].why))
            KT_FAIL_AT("case %zu: detail \"%s\"", i, kiosk_err_detail());
        KT_EQ_INT(q_int(st, "SELECT count(*) FROM patients"), 0);
        KT_EQ_INT(q_int(st, "SELECT count(*) FROM appointments"), 0);
        KT_EQ_INT(q_int(st, "SELECT count(*) FROM invoices"), 0);
    }
    kmem_free(base);
    KT_EQ_INT(store_load_demo(st, "no-such-demo-file.tsv", T0), KIOSK_ERR_NOT_FOUND);
    /* And the unmodified file still loads into the same store. */
    KT_EQ_INT(store_load_demo(st, DEMO, T0), KIOSK_OK);
    store_close(st);
    tmp_drop(&t);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"open_creates_schema_v1", open_creates_schema_v1},
    {"open_memory", open_memory},
    {"migrate_empty_file", migrate_empty_file},
    {"migrate_release1_file", migrate_release1_file},
    {"migrate_list_with_gap", migrate_list_with_gap},
    {"newer_version_unsupported", newer_version_unsupported},
    {"corrupt_garbage_file", corrupt_garbage_file},
    {"corrupt_pages", corrupt_pages},
    {"lookup_name_dob", lookup_name_dob},
    {"lookup_appointments_of_the_day", lookup_appointments_of_the_day},
    {"lookup_identifier_and_code", lookup_identifier_and_code},
    {"checkin_queue_and_outbox", checkin_queue_and_outbox},
    {"checkin_failure_writes_nothing", checkin_failure_writes_nothing},
    {"puts_update_in_place", puts_update_in_place},
    {"appointment_texts_by_language", appointment_texts_by_language},
    {"disk_full_is_reported", disk_full_is_reported},
    {"open_out_of_memory", open_out_of_memory},
    {"demo_out_of_memory", demo_out_of_memory},
    {"demo_deterministic", demo_deterministic},
    {"demo_rejects_malformed_line", demo_rejects_malformed_line},
};

KTEST_MAIN(tests)
