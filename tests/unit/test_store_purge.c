/* store_purge: the cache keeps what today's work needs. Patients with an
 * appointment stay; a patient fetched for someone at the kiosk (no
 * appointment today, come to pay a bill) stays a while, then goes. */
#include "firmware/store/store.h"
#include "firmware/store/store_sync.h"
#include "firmware/store/store_testing.h"
#include "ktest.h"

#include <string.h>

#define NOW  1773136800000LL /* 2026-03-10 10:00:00 UTC */
#define HOUR (3600 * 1000LL)
#define DAY  (24 * HOUR)

static int64_t patient(struct store *st, const char *id)
{
    struct patient_record p = {
        .fhir_id = id, .given = "Ana", .family = "Silva", .birth_date = "1984-03-12"};
    int64_t row = 0;
    return store_patient_put(st, &p, &row) == KIOSK_OK ? row : 0;
}

static bool appointment(struct store *st, const char *code, int64_t who, int64_t start)
{
    struct appointment_record a = {.code = code,
                                   .patient_id = who,
                                   .start_ms = start,
                                   .duration_min = 20,
                                   .clinic = "Cardiology",
                                   .status = APPT_BOOKED};
    int64_t row;
    return store_appointment_put(st, &a, &row) == KIOSK_OK;
}

static int64_t count(struct store *st, const char *sql)
{
    int64_t v = -1;
    store_query_int(st, sql, &v);
    return v;
}

static enum ktest_result looked_up_patients_stay_a_while(void)
{
    struct store *st;
    struct purge_counts pc;
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    int64_t today = patient(st, "today");
    int64_t last_week = patient(st, "last-week");
    KT_ASSERT(today && last_week && patient(st, "no-visit") && patient(st, "at-the-kiosk"));
    KT_ASSERT(appointment(st, "A-1", today, NOW + HOUR));
    KT_ASSERT(appointment(st, "A-2", last_week, NOW - 8 * DAY));
    KT_EQ_INT(store_patient_touch(st, "at-the-kiosk", NOW - HOUR), KIOSK_OK);

    KT_EQ_INT(store_purge(st, NOW - 7 * DAY, NOW - 2 * HOUR, &pc), KIOSK_OK);
    KT_EQ_INT(pc.appointments, 1);
    KT_EQ_INT(pc.patients, 2); /* last week's and the one never seen */
    KT_EQ_INT(count(st, "SELECT count(*) FROM patients WHERE fhir_id IN ('today', "
                        "'at-the-kiosk')"),
              2);
    /* Later on, the one fetched at the kiosk goes too. */
    KT_EQ_INT(store_purge(st, NOW - 7 * DAY, NOW + HOUR, &pc), KIOSK_OK);
    KT_EQ_INT(pc.patients, 1);
    KT_EQ_INT(count(st, "SELECT count(*) FROM patients"), 1);
    KT_EQ_INT(count(st, "SELECT count(*) FROM appointments"), 1);
    /* Touching someone not cached changes nothing. */
    KT_EQ_INT(store_patient_touch(st, "nobody", NOW), KIOSK_OK);
    KT_EQ_INT(count(st, "SELECT count(*) FROM patients"), 1);
    store_close(st);
    return KTEST_PASS;
}

/* Contact details and insurance go with their patient, and only with them. */
static enum ktest_result details_and_coverage_go_with_the_patient(void)
{
    struct store *st;
    struct purge_counts pc;
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    int64_t today = patient(st, "today"), gone = patient(st, "gone");
    KT_ASSERT(today && gone);
    KT_ASSERT(appointment(st, "A-1", today, NOW + HOUR));
    KT_ASSERT(appointment(st, "A-2", gone, NOW - 8 * DAY));
    for (int i = 0; i < 2; i++) {
        int64_t who = i ? gone : today;
        struct details_sync_record d = {.patient_id = who,
                                        .addr_line = "1200 Main Street",
                                        .addr_city = "Springfield",
                                        .contact_phone = "+1 555 0201",
                                        .record_updated_ms = NOW - 400 * DAY};
        struct coverage_sync_record c = {.fhir_id = i ? "cov-gone" : "cov-today",
                                         .patient_id = who,
                                         .status = "active",
                                         .payor = "Acme Health Insurance",
                                         .subscriber_id = "MBR00007919",
                                         .relationship = "self"};
        KT_EQ_INT(store_details_sync(st, &d), KIOSK_OK);
        KT_EQ_INT(store_details_sync(st, &d), KIOSK_OK); /* replaced, not doubled */
        KT_EQ_INT(store_coverage_sync(st, &c), KIOSK_OK);
    }
    KT_EQ_INT(count(st, "SELECT count(*) FROM patient_details"), 2);
    KT_EQ_INT(store_purge(st, NOW - 7 * DAY, NOW - 2 * HOUR, &pc), KIOSK_OK);
    KT_EQ_INT(pc.patients, 1);
    KT_EQ_INT(count(st, "SELECT count(*) FROM patient_details"), 1);
    KT_EQ_INT(count(st, "SELECT count(*) FROM coverages"), 1);
    KT_EQ_INT(count(st, "SELECT count(*) FROM coverages WHERE fhir_id = 'cov-today'"), 1);
    store_close(st);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"looked_up_patients_stay_a_while", looked_up_patients_stay_a_while},
    {"details_and_coverage_go_with_the_patient", details_and_coverage_go_with_the_patient},
};

KTEST_MAIN(tests)
