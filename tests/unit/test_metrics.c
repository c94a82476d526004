/* Fleet metrics: the text a set of values gives, what is left out while
 * unknown, the change test, the atomic file and promtool's lint. */
#define _POSIX_C_SOURCE 200809L
#include "firmware/metrics/metrics.h"
#include "ktest.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SCRATCH KIOSK_BINARY_DIR "/test_metrics"
#define FILES   KIOSK_BINARY_DIR "/test_metrics_files"

/* Every field set, as a kiosk with a server, a payment and a check-in has it. */
static void full(struct metrics_values *v)
{
    metrics_values_init(v);
    strcpy(v->version, "1.2.3");
    v->now_ms = 1773136815250;
    v->started_ms = 1773136800000;
    v->start = METRICS_START_UNCLEAN;
    v->update = METRICS_UPDATE_TRIAL;
    v->printer = METRICS_PRINTER_PAPER_LOW;
    v->reader_connected = true;
    v->scanner_connected = false;
    v->database_ok = true;
    v->outbox_waiting = 3;
    v->outbox_parked = 1;
    v->sync_configured = true;
    v->sync_failing = true;
    v->sync_last_success_ms = 1773136000000;
    v->sync_last_attempt_ms = 1773136810000;
    v->sync_errors[METRICS_SYNC_UNREACHABLE] = 4;
    v->sync_errors[METRICS_SYNC_SERVER] = 1;
    v->checkins_today = 17;
    v->payments_today = 5;
    v->payments_unsettled = 0;
}

static bool has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
        if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return true;
    return false;
}

static enum ktest_result test_full_text(void)
{
    struct metrics_values v;
    char buf[8192];
    full(&v);
    size_t len = metrics_format(&v, buf, sizeof(buf));
    KT_ASSERT(len < sizeof(buf));
    KT_EQ_INT(strlen(buf), len);
    static const char *const want[] = {
        "# TYPE carekiosk_up gauge",
        "carekiosk_up 1",
        "carekiosk_build_info{version=\"1.2.3\"} 1",
        "carekiosk_heartbeat_timestamp_seconds 1773136815.250",
        "carekiosk_start_time_seconds 1773136800.000",
        "carekiosk_start_reason{reason=\"unclean\"} 1",
        "carekiosk_start_reason{reason=\"first\"} 0",
        "carekiosk_update_state{state=\"trial\"} 1",
        "carekiosk_printer_state{state=\"paper_low\"} 1",
        "carekiosk_printer_state{state=\"paper_out\"} 0",
        "carekiosk_printer_state{state=\"cover_open\"} 0",
        "carekiosk_printer_state{state=\"offline\"} 0",
        "carekiosk_reader_connected 1",
        "carekiosk_scanner_connected 0",
        "carekiosk_outbox_waiting_messages 3",
        "carekiosk_outbox_parked_messages 1",
        "carekiosk_sync_failing 1",
        "carekiosk_sync_last_success_timestamp_seconds 1773136000.000",
        "# TYPE carekiosk_sync_errors_total counter",
        "carekiosk_sync_errors_total{kind=\"unreachable\"} 4",
        "carekiosk_sync_errors_total{kind=\"server\"} 1",
        "carekiosk_checkins_today 17",
        "carekiosk_payments_today 5",
        "carekiosk_payments_unsettled 0",
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        if (!has_line(buf, want[i]))
            KT_FAIL_AT("missing line: %s\n%s", want[i], buf);
    /* Every sample has its HELP and TYPE: one of each per family. */
    int help = 0, type = 0;
    for (const char *p = buf; (p = strstr(p, "# HELP ")) != NULL; p++)
        help++;
    for (const char *p = buf; (p = strstr(p, "# TYPE ")) != NULL; p++)
        type++;
    KT_EQ_INT(help, type);
    KT_EQ_INT(help, 20);
    return KTEST_PASS;
}

/* Unknown counts and never-happened times are left out, not shown as 0
 * (an alert on "outbox waiting" must not see a false 0); no server: no
 * sync samples at all. */
static enum ktest_result test_unknown_left_out(void)
{
    struct metrics_values v;
    char buf[8192];
    metrics_values_init(&v);
    metrics_format(&v, buf, sizeof(buf));
    KT_ASSERT(has_line(buf, "carekiosk_up 1"));
    KT_ASSERT(has_line(buf, "carekiosk_printer_state{state=\"not_connected\"} 1"));
    KT_ASSERT(has_line(buf, "carekiosk_sync_configured 0"));
    KT_ASSERT(has_line(buf, "carekiosk_database_ok 0"));
    KT_ASSERT(strstr(buf, "outbox") == NULL);
    KT_ASSERT(strstr(buf, "today") == NULL);
    KT_ASSERT(strstr(buf, "timestamp") == NULL);
    KT_ASSERT(strstr(buf, "carekiosk_sync_errors_total") == NULL);
    KT_ASSERT(strstr(buf, "carekiosk_sync_failing") == NULL);
    /* A server, never reached yet: errors at 0, no success time. */
    v.sync_configured = true;
    metrics_format(&v, buf, sizeof(buf));
    KT_ASSERT(has_line(buf, "carekiosk_sync_errors_total{kind=\"server\"} 0"));
    KT_ASSERT(strstr(buf, "last_success") == NULL);
    return KTEST_PASS;
}

static enum ktest_result test_label_escaped(void)
{
    struct metrics_values v;
    char buf[8192];
    metrics_values_init(&v);
    strcpy(v.version, "1.0 \"rc\\1\"\nx");
    metrics_format(&v, buf, sizeof(buf));
    KT_ASSERT(has_line(buf, "carekiosk_build_info{version=\"1.0 \\\"rc\\\\1\\\"\\nx\"} 1"));
    return KTEST_PASS;
}

/* As snprintf: a short buffer holds a terminated prefix, the result says
 * how much the whole text needs. */
static enum ktest_result test_short_buffer(void)
{
    struct metrics_values v;
    char big[8192], small[100];
    full(&v);
    size_t need = metrics_format(&v, big, sizeof(big));
    memset(small, 'x', sizeof(small));
    KT_EQ_INT(metrics_format(&v, small, sizeof(small)), need);
    KT_EQ_INT(strlen(small), sizeof(small) - 1);
    KT_ASSERT(strncmp(small, big, sizeof(small) - 1) == 0);
    KT_EQ_INT(metrics_format(&v, NULL, 0), need);
    return KTEST_PASS;
}

static enum ktest_result test_same(void)
{
    struct metrics_values a, b;
    full(&a);
    full(&b);
    b.now_ms += 15000; /* the heartbeat alone is no change */
    KT_ASSERT(metrics_same(&a, &b));
    b.printer = METRICS_PRINTER_PAPER_OUT;
    KT_ASSERT(!metrics_same(&a, &b));
    full(&b);
    b.sync_errors[METRICS_SYNC_SERVER]++;
    KT_ASSERT(!metrics_same(&a, &b));
    full(&b);
    b.checkins_today++;
    KT_ASSERT(!metrics_same(&a, &b));
    full(&b);
    b.up = false;
    KT_ASSERT(!metrics_same(&a, &b));
    return KTEST_PASS;
}

static int files_in(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, ".."))
            n++;
    if (d)
        closedir(d);
    return n;
}

static enum ktest_result test_file_write(void)
{
    struct metrics_values v;
    char buf[8192], back[8192];
    mkdir(FILES, 0755);
    unlink(FILES "/" METRICS_FILE_NAME);
    KT_EQ_INT(metrics_file_up(FILES), -1);
    full(&v);
    size_t len = metrics_format(&v, buf, sizeof(buf));
    KT_EQ_INT(metrics_file_write(FILES, buf, len), KIOSK_OK);
    KT_EQ_INT(files_in(FILES), 1); /* the temporary name is gone */
    FILE *f = fopen(FILES "/" METRICS_FILE_NAME, "rb");
    KT_ASSERT(f);
    size_t got = fread(back, 1, sizeof(back), f);
    fclose(f);
    KT_EQ_INT(got, len);
    KT_ASSERT(memcmp(back, buf, len) == 0);
    KT_EQ_INT(metrics_file_up(FILES), 1);
    /* Replaced whole by a shorter file: the last one of a clean stop. */
    v.up = false;
    len = metrics_format(&v, buf, sizeof(buf));
    KT_EQ_INT(metrics_file_write(FILES, buf, len), KIOSK_OK);
    KT_EQ_INT(metrics_file_up(FILES), 0);
    KT_EQ_INT(files_in(FILES), 1);
    KT_EQ_INT(metrics_file_write(FILES "/no-such-folder", buf, len), KIOSK_ERR_NOT_FOUND);
    return KTEST_PASS;
}

/* promtool's lint (names, units, _total, HELP) finds nothing. */
static enum ktest_result test_promtool_clean(void)
{
    if (system("command -v promtool >/dev/null 2>&1") != 0)
        KT_SKIP("promtool not installed (Debian package prometheus)");
    struct metrics_values v;
    char buf[8192];
    mkdir(SCRATCH, 0755);
    full(&v);
    size_t len = metrics_format(&v, buf, sizeof(buf));
    KT_EQ_INT(metrics_file_write(SCRATCH, buf, len), KIOSK_OK);
    int rc = system("promtool check metrics < " SCRATCH "/" METRICS_FILE_NAME " > " SCRATCH
                    "/lint.txt 2>&1");
    FILE *f = fopen(SCRATCH "/lint.txt", "r");
    char lint[1024] = "";
    if (f) {
        size_t n = fread(lint, 1, sizeof(lint) - 1, f);
        lint[n] = '\0';
        fclose(f);
    }
    if (rc != 0 || lint[0])
        KT_FAIL_AT("promtool check metrics: %s", lint);
    /* And the lint is awake: a counter without _total is refused. */
    rc = system("printf '# HELP x_errors e\\n# TYPE x_errors counter\\nx_errors 1\\n' | "
                "promtool check metrics >/dev/null 2>&1");
    KT_ASSERT(rc != 0);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"full_text", test_full_text},
    {"unknown_left_out", test_unknown_left_out},
    {"label_escaped", test_label_escaped},
    {"short_buffer", test_short_buffer},
    {"same", test_same},
    {"file_write", test_file_write},
    {"promtool_clean", test_promtool_clean},
};
KTEST_MAIN(tests)
