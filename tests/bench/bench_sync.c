/* Benchmarks of the billing cache (figures only, nothing is asserted):
 *
 * - ingest: parse and upsert a recorded set of 20,000 FHIR resources, as
 *   searchset Bundles of 100 the way a server sends them, through the same
 *   code a pulled page goes through (sync_ingest_page); then the same set
 *   again, when every resource is unchanged. Target >= 50,000 resources/s.
 * - lookup: with 1,000,000 patients and 50,000 appointments today in the
 *   cache, p50/p99/max of a lookup by card identifier and by surname + date
 *   of birth. Target p99 <= 1 ms. `--quick` uses 100,000 patients.
 *
 * Usage: bench_sync [--quick] [--ingest-only]; BENCH_DIR=DIR puts the
 * database files in DIR (default /tmp). */
#define _DEFAULT_SOURCE
#include "firmware/config/config.h"
#include "firmware/core/clock.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/store/store.h"
#include "firmware/store/store_sync.h"
#include "firmware/sync/sync.h"
#include "firmware/sync/sync_testing.h"
#include "tests/bench/bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PAGE 100
#define SID  "https://demo-hospital.example/sid"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const char *const families[] = {"Silva",  "Conceição", "Muñoz", "शर्मा", "Okafor",
                                       "García", "Brown",     "Costa", "पटेल",  "Nguyen"};
static const char *const givens[] = {"Ana", "João", "María", "Rahul", "James", "Priya", "Emily"};

/* One resource of the recorded set: i-th of its kind. */
static int resource(char *out, size_t size, int kind, int i, const char *day)
{
    const char *meta =
        "\"meta\":{\"versionId\":\"1\",\"lastUpdated\":\"2026-11-22T07:00:00.000Z\"}";
    switch (kind) {
    case 0:
        return snprintf(
            out, size,
            "{\"resourceType\":\"Patient\",\"id\":\"p%d\",%s,\"identifier\":[{\"system\":"
            "\"" SID "/patient-card\",\"value\":\"60010%011d\"},{\"system\":\"" SID
            "/mrn\",\"value\":\"MRN-%d\"}],\"name\":[{\"use\":\"official\",\"family\":"
            "\"%s\",\"given\":[\"%s\"]}],\"birthDate\":\"19%02d-%02d-%02d\","
            "\"telecom\":[{\"system\":\"phone\",\"value\":\"+1 555 %04d\"}]}",
            i, meta, i, i, families[i % 10], givens[i % 7], 40 + i % 60, 1 + i % 12, 1 + i % 28,
            i % 10000);
    case 1:
        return snprintf(out, size,
                        "{\"resourceType\":\"Appointment\",\"id\":\"a%d\",%s,\"identifier\":[{"
                        "\"system\":\"" SID "/appointment\",\"value\":\"APPT-%d\"}],\"status\":"
                        "\"booked\",\"start\":\"%sT%02d:%02d:00Z\",\"minutesDuration\":20,"
                        "\"serviceType\":[{\"text\":\"Cardiology\"}],\"participant\":[{\"actor\":{"
                        "\"reference\":\"Patient/p%d\"}},{\"actor\":{\"reference\":"
                        "\"Practitioner/d1\",\"display\":\"Dr. Ana Ribeiro\"}}],"
                        "\"patientInstruction\":\"Floor 2, blue lifts\"}",
                        i, meta, i, day, 8 + i % 9, i % 60, i);
    case 2:
        return snprintf(
            out, size,
            "{\"resourceType\":\"Account\",\"id\":\"acc%d\",%s,\"status\":\"active\","
            "\"name\":\"Hospital account\",\"subject\":[{\"reference\":\"Patient/p%d\"}]}",
            i, meta, i);
    case 3:
        return snprintf(
            out, size,
            "{\"resourceType\":\"ChargeItem\",\"id\":\"ci%d\",%s,\"status\":"
            "\"billable\",\"code\":{\"coding\":[{\"system\":\"http://www.ama-assn.org/"
            "go/cpt\",\"code\":\"80061\",\"display\":\"Lipid panel\"}],\"text\":\"Blood "
            "test — checks your cholesterol\"},\"subject\":{\"reference\":\"Patient/p%d\"},"
            "\"account\":[{\"reference\":\"Account/acc%d\"}],\"quantity\":{\"value\":1},"
            "\"priceOverride\":{\"value\":%d.%02d,\"currency\":\"USD\"}}",
            i, meta, i, i, 10 + i % 200, i % 100);
    default:
        return snprintf(
            out, size,
            "{\"resourceType\":\"Invoice\",\"id\":\"inv%d\",%s,\"status\":\"issued\","
            "\"subject\":{\"reference\":\"Patient/p%d\"},\"account\":{\"reference\":"
            "\"Account/acc%d\"},\"date\":\"2026-11-16T09:00:00Z\",\"lineItem\":[{"
            "\"sequence\":1,\"chargeItemReference\":{\"reference\":\"ChargeItem/ci%d\"},"
            "\"priceComponent\":[{\"type\":\"base\",\"amount\":{\"value\":25.10,"
            "\"currency\":\"USD\"}}]},{\"sequence\":2,\"chargeItemCodeableConcept\":{"
            "\"text\":\"Visit with your doctor\"},\"priceComponent\":[{\"type\":\"base\","
            "\"amount\":{\"value\":95.50,\"currency\":\"USD\"}}]}],"
            "\"totalPriceComponent\":[{\"type\":\"deduction\",\"code\":{\"coding\":[{"
            "\"code\":\"insurance\"}]},\"amount\":{\"value\":72.36}}],\"totalGross\":{"
            "\"value\":120.60,\"currency\":\"USD\"},\"totalNet\":{\"value\":48.24,"
            "\"currency\":\"USD\"}}",
            i, meta, i, i, i);
    }
}

static char **make_pages(int per_kind, const char *day, int *count, size_t *bytes)
{
    int pages = 5 * per_kind / PAGE;
    char **out = calloc((size_t)pages, sizeof(char *));
    char one[4096];
    *bytes = 0;
    for (int p = 0; p < pages; p++) {
        int kind = p / (per_kind / PAGE);
        int first = (p % (per_kind / PAGE)) * PAGE;
        size_t cap = PAGE * 1400 + 256, n = 0;
        char *b = malloc(cap);
        n += (size_t)snprintf(b, cap,
                              "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[");
        for (int i = 0; i < PAGE; i++) {
            int len = resource(one, sizeof(one), kind, first + i, day);
            if (n + (size_t)len + 32 >= cap)
                b = realloc(b, cap *= 2);
            n += (size_t)snprintf(b + n, cap - n, "%s{\"resource\":%s}", i ? "," : "", one);
        }
        n += (size_t)snprintf(b + n, cap - n, "]}");
        out[p] = b;
        *bytes += n;
    }
    *count = pages;
    return out;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void bench_ingest(const char *dir)
{
    struct kiosk_config cfg;
    struct sync *s = NULL;
    struct store *st = NULL;
    char path[512], day[16];
    int pages = 0;
    size_t bytes = 0;
    int64_t now = kclock_wall(kclock_system());
    time_t t = (time_t)(now / 1000);
    strftime(day, sizeof(day), "%Y-%m-%d", gmtime(&t));
    char **set = make_pages(4000, day, &pages, &bytes);

    config_defaults(&cfg);
    snprintf(cfg.server_url, sizeof(cfg.server_url), "http://127.0.0.1:9/fhir");
    snprintf(path, sizeof(path), "%s/ingest.db", dir);
    if (sync_new(&cfg, kclock_system(), &s) != KIOSK_OK || store_open(path, &st) != KIOSK_OK) {
        printf("ingest: cannot start\n");
        return;
    }
    for (int pass = 0; pass < 2; pass++) {
        int pulled = 0, skipped = 0;
        double t0 = now_s();
        for (int p = 0; p < pages; p++) {
            struct sync_report rep;
            if (sync_ingest_page(s, st, set[p], strlen(set[p]), &rep) != KIOSK_OK)
                printf("ingest: page %d failed\n", p);
            pulled += rep.pulled;
            skipped += rep.skipped;
        }
        double dt = now_s() - t0;
        printf("ingest %s: %d resources (%d written, %d unchanged) from %.1f MB of JSON in %.3f s "
               "= %.0f resources/s (target >= 50,000/s)\n",
               pass ? "again, all unchanged" : "into an empty cache", pulled + skipped, pulled,
               skipped, (double)bytes / 1e6, dt, (pulled + skipped) / dt);
    }
    for (int p = 0; p < pages; p++)
        free(set[p]);
    free(set);
    store_close(st);
    sync_free(s);
}

static void report(const char *what, double *us, int n)
{
    bench_sort(us, (size_t)n);
    printf("lookup %s: p50 %.1f us, p99 %.1f us, max %.1f us over %d lookups (target p99 <= "
           "1000 us)\n",
           what, us[n / 2], us[n * 99 / 100], us[n - 1], n);
}

/* A surname for patient i: one of the common ones for one patient in ten
 * (many people share them, as Silva or Sharma do), otherwise one of 8,000
 * made of three syllables. Letters only: name keys ignore digits. */
static void surname(char *out, size_t size, int i)
{
    static const char *const syl[] = {"ba",  "de", "ri", "mo", "su", "ka", "le", "ne", "to", "va",
                                      "shi", "ra", "lo", "me", "pa", "go", "ti", "na", "ze", "cu"};
    if (i % 10 == 0) {
        snprintf(out, size, "%s", families[(i / 10) % 10]);
        return;
    }
    int k = (i / 10) % 8000;
    snprintf(out, size, "%s%s%s", syl[k % 20], syl[(k / 20) % 20], syl[(k / 400) % 20]);
}

/* A birth date for patient i, spread over 26,880 dates (80 years) as in a
 * hospital's population: about 37 people a date in a million. */
static void birth_date(char *out, size_t size, int i)
{
    int k = (int)(((long long)i * 7919) % 26880);
    snprintf(out, size, "%04d-%02d-%02d", 1930 + k / 336, 1 + (k / 28) % 12, 1 + k % 28);
}

static void bench_lookup(const char *dir, int patients, int appts)
{
    struct store *st = NULL;
    char path[512], fam[64], dob[16], card[32], code[32];
    snprintf(path, sizeof(path), "%s/lookup.db", dir);
    if (store_open(path, &st) != KIOSK_OK)
        return;
    int64_t now = kclock_wall(kclock_system());
    int64_t day0 = kclock_local_midnight(now), day1 = day0 + 86400000LL;
    double t0 = now_s();
    for (int i = 0; i < patients; i++) {
        if (i % 10000 == 0)
            store_tx_begin(st);
        surname(fam, sizeof(fam), i);
        birth_date(dob, sizeof(dob), i);
        snprintf(card, sizeof(card), "60010%011d", i);
        struct patient_record p = {.given = givens[i % 7], .family = fam, .birth_date = dob};
        int64_t row = 0;
        if (store_patient_put(st, &p, &row) != KIOSK_OK ||
            store_identifier_put(st, row, IDENT_CARD, card) != KIOSK_OK)
            printf("lookup: fill failed at %d\n", i);
        if (i < appts) {
            snprintf(code, sizeof(code), "APPT-%d", i);
            struct appointment_record a = {.code = code,
                                           .patient_id = row,
                                           .start_ms = day0 + (8 * 60 + i % 540) * 60000LL,
                                           .duration_min = 20,
                                           .clinic = "Cardiology"};
            store_appointment_put(st, &a, NULL);
        }
        if (i % 10000 == 9999 || i == patients - 1)
            store_tx_commit(st);
    }
    double fill = now_s() - t0;
    struct stat sb;
    stat(path, &sb);
    printf("lookup cache: %d patients, %d appointments today, filled in %.1f s, %.0f MB\n",
           patients, appts, fill, (double)sb.st_size / 1e6);

    enum { N = 10000 };
    static double us[N];
    struct patient_match m;
    unsigned seed = 12345;
    for (int k = 0; k < N; k++) {
        int i = (int)(rand_r(&seed) % (unsigned)patients);
        snprintf(card, sizeof(card), "60010%011d", i);
        double a = now_s();
        store_find_by_identifier(st, IDENT_CARD, card, day0, day1, &m);
        us[k] = (now_s() - a) * 1e6;
        if (m.matches != 1)
            printf("lookup: card %d not found\n", i);
    }
    report("by card identifier", us, N);
    for (int k = 0; k < N; k++) {
        int i = (int)(rand_r(&seed) % (unsigned)patients);
        surname(fam, sizeof(fam), i);
        birth_date(dob, sizeof(dob), i);
        double a = now_s();
        store_find_by_name_dob(st, fam, dob, day0, day1, &m);
        us[k] = (now_s() - a) * 1e6;
        if (m.matches < 1)
            printf("lookup: %d not found by name\n", i);
    }
    report("by surname + date of birth", us, N);
    store_close(st);
}

int main(int argc, char **argv)
{
    bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    char dir[] = "/tmp/carekiosk-bench-sync-XXXXXX", cmd[128];
    const char *base = getenv("BENCH_DIR");
    if (base && snprintf(dir, sizeof(dir), "%s/cb-XXXXXX", base) >= (int)sizeof(dir))
        return 1;
    if (!mkdtemp(dir))
        return 1;
    log_set_level(LOG_WARN);
    bench_ingest(dir);
    if (!(argc > 1 && strcmp(argv[argc - 1], "--ingest-only") == 0))
        bench_lookup(dir, quick ? 100000 : 1000000, quick ? 5000 : 50000);
    printf("peak RSS %ld KB\n", peak_rss_kb());
    if (getenv("BENCH_KEEP")) {
        printf("files kept in %s\n", dir);
        return 0;
    }
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : 1;
}
