/* What must not be lost: a committed check-in and an outbox row are in the
 * database file itself, not only in its WAL, while the store is still open
 * (a WAL deleted or lost then would take them along); a corrupt database is
 * set aside byte for byte, never overwritten. */
#define _DEFAULT_SOURCE
#include "firmware/core/mem.h"
#include "firmware/store/store.h"
#include "firmware/store/store_testing.h"
#include "ktest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool copy_file(const char *from, const char *to)
{
    char buf[8192];
    size_t n;
    bool ok = true;
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    if (!in || !out)
        ok = false;
    while (ok && (n = fread(buf, 1, sizeof(buf), in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = false;
    return ok;
}

static int64_t count_in(const char *path, const char *sql)
{
    struct store *st = NULL;
    int64_t n = -1;
    if (store_open(path, &st) == KIOSK_OK)
        store_query_int(st, sql, &n);
    store_close(st);
    return n;
}

static void remove_dir(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static enum ktest_result checkin_and_outbox_reach_the_file(void)
{
    char dir[] = "/tmp/carekiosk-durable-XXXXXX", path[64], copy[64];
    KT_ASSERT(mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/k.db", dir);
    snprintf(copy, sizeof(copy), "%s/copy.db", dir);
    struct store *st = NULL;
    KT_EQ_INT(store_open(path, &st), KIOSK_OK);
    struct patient_record p = {.given = "Ana", .family = "Silva", .birth_date = "1984-03-02"};
    int64_t pid = 0, appt = 0;
    KT_EQ_INT(store_patient_put(st, &p, &pid), KIOSK_OK);
    struct appointment_record a = {.code = "APPT-1", .patient_id = pid, .start_ms = 1000};
    KT_EQ_INT(store_appointment_put(st, &a, &appt), KIOSK_OK);
    struct checkin_result res;
    KT_EQ_INT(store_checkin_add(st, appt, 2000, 0, "00000000-0000-4000-8000-000000000001", &res),
              KIOSK_OK);
    struct outbox_record help = {.kind = OUTBOX_HELP_REQUEST, .at_ms = 3000};
    KT_EQ_INT(store_outbox_add(st, "00000000-0000-4000-8000-000000000002", &help, 3000), KIOSK_OK);
    KT_EQ_INT(store_idle(st), KIOSK_OK); /* nothing held back: no reader */
    /* The file alone, as a crash after losing the WAL would leave it. */
    KT_ASSERT(copy_file(path, copy));
    KT_EQ_INT(count_in(copy, "SELECT count(*) FROM checkins"), 1);
    KT_EQ_INT(count_in(copy, "SELECT count(*) FROM outbox"), 2);
    store_close(st);
    remove_dir(dir);
    return KTEST_PASS;
}

static enum ktest_result corrupt_file_is_set_aside_never_overwritten(void)
{
    char dir[] = "/tmp/carekiosk-durable-XXXXXX", path[64], moved[2][128];
    unsigned char junk[4096], back[4096];
    KT_ASSERT(mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/k.db", dir);
    for (int round = 0; round < 2; round++) {
        memset(junk, 'a' + round, sizeof(junk));
        FILE *f = fopen(path, "wb");
        KT_ASSERT(f && fwrite(junk, 1, sizeof(junk), f) == sizeof(junk));
        fclose(f);
        struct store *st = NULL;
        KT_EQ_INT(store_open(path, &st), KIOSK_ERR_CORRUPT);
        int unsent = 0;
        /* The same second both times: the second copy gets its own name. */
        KT_EQ_INT(store_set_aside(path, 1773136800, moved[round], sizeof(moved[round]), &unsent),
                  KIOSK_OK);
        KT_EQ_INT(unsent, -1);
        KT_ASSERT(access(path, F_OK) != 0);
    }
    KT_ASSERT(strcmp(moved[0], moved[1]) != 0);
    for (int round = 0; round < 2; round++) {
        FILE *f = fopen(moved[round], "rb");
        KT_ASSERT(f && fread(back, 1, sizeof(back), f) == sizeof(back));
        fclose(f);
        memset(junk, 'a' + round, sizeof(junk));
        KT_ASSERT(memcmp(back, junk, sizeof(junk)) == 0);
    }
    /* A fresh database opens where the damaged one was. */
    struct store *st = NULL;
    KT_EQ_INT(store_open(path, &st), KIOSK_OK);
    store_close(st);
    remove_dir(dir);
    return KTEST_PASS;
}

static enum ktest_result read_only_file_is_denied(void)
{
    if (geteuid() == 0)
        KT_SKIP("root ignores file permissions (the reliability test uses a read-only mount)");
    char dir[] = "/tmp/carekiosk-durable-XXXXXX", path[64];
    KT_ASSERT(mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/k.db", dir);
    struct store *st = NULL;
    KT_EQ_INT(store_open(path, &st), KIOSK_OK);
    store_close(st);
    KT_EQ_INT(chmod(path, 0444), 0);
    KT_EQ_INT(chmod(dir, 0555), 0);
    KT_EQ_INT(store_open(path, &st), KIOSK_ERR_DENIED);
    KT_ASSERT(st == NULL);
    chmod(dir, 0755);
    remove_dir(dir);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"checkin_and_outbox_reach_the_file", checkin_and_outbox_reach_the_file},
    {"corrupt_file_is_set_aside_never_overwritten", corrupt_file_is_set_aside_never_overwritten},
    {"read_only_file_is_denied", read_only_file_is_denied},
};

KTEST_MAIN(tests)
