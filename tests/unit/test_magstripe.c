/* Swipe reports (MagTek, ID TECH) into what the app may see; every byte of
 * track data wiped afterwards. Reports built from the fixture track files. */
#include "drivers/reader/magstripe.h"
#include "drivers/reader/track.h"
#include "firmware/core/file.h"
#include "tests/unit/ktest.h"
#include "tests/usb/reports.h"

#define CARDS KIOSK_SOURCE_DIR "/tests/fixtures/cards/"

static const struct track_policy policy = {"600100", 2026, 3};

static char *track_file(const char *name)
{
    char *text = NULL;
    size_t len;
    char path[512];
    snprintf(path, sizeof(path), CARDS "%s", name);
    if (kfile_read(path, 4096, &text, &len) != KIOSK_OK)
        return NULL;
    return text;
}

static bool all_zero(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

struct swipe_case {
    const char *file;
    enum magstripe_format fmt;
    size_t field; /* MagTek field size */
    enum reader_input_kind want;
    const char *value;
};

static enum ktest_result test_reports_from_track_files(void)
{
    static const struct swipe_case cases[] = {
        {"patient-card.track", MAGSTRIPE_MAGTEK, 110, READER_PATIENT_CARD, "6001000000000017"},
        {"patient-card.track", MAGSTRIPE_MAGTEK, 112, READER_PATIENT_CARD, "6001000000000017"},
        {"patient-card.track", MAGSTRIPE_IDTECH, 0, READER_PATIENT_CARD, "6001000000000017"},
        {"payment-visa.track", MAGSTRIPE_MAGTEK, 110, READER_PAYMENT_CARD, ""},
        {"payment-visa.track", MAGSTRIPE_IDTECH, 0, READER_PAYMENT_CARD, ""},
        {"expired-card.track", MAGSTRIPE_MAGTEK, 110, READER_EXPIRED_CARD, ""},
        {"bad-swipe.track", MAGSTRIPE_MAGTEK, 110, READER_BAD_SWIPE, ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct swipe_case *c = &cases[i];
        char *text = track_file(c->file);
        KT_ASSERT(text != NULL);
        unsigned char rep[600];
        size_t n = c->fmt == MAGSTRIPE_MAGTEK ? report_magtek(rep, text, c->field)
                                              : report_idtech(rep, text);
        kmem_wipe(text, strlen(text));
        kmem_free(text);
        struct reader_input in;
        magstripe_report(c->fmt, rep, n, &policy, &in);
        if (in.kind != c->want)
            KT_FAIL_AT("%s (format %d): kind %d, expected %d", c->file, c->fmt, in.kind, c->want);
        KT_EQ_STR(in.value, c->value);
        KT_ASSERT(all_zero(rep, n)); /* the report is wiped */
    }
    return KTEST_PASS;
}

static enum ktest_result test_without_sentinels(void)
{
    /* Some readers strip the sentinels: the same card reads the same. */
    unsigned char rep[400];
    size_t n = report_magtek(rep, ";6001000000000017=30121200000000000000?", 110);
    memmove(rep + 7 + 110, rep + 7 + 110 + 1, 38); /* drop ';' */
    rep[4] = 38;                                   /* and '?' */
    memset(rep + 7 + 110 + 38, 0, 2);
    struct reader_input in;
    magstripe_report(MAGSTRIPE_MAGTEK, rep, n, &policy, &in);
    KT_EQ_INT(in.kind, READER_PATIENT_CARD);
    KT_EQ_STR(in.value, "6001000000000017");
    return KTEST_PASS;
}

static enum ktest_result test_garbled_reports(void)
{
    const char *t = ";6001000000000017=30121200000000000000?";
    unsigned char rep[600];
    struct reader_input in;
    size_t n;
    /* decode error on track 2 (and no track 1) */
    n = report_magtek(rep, t, 110);
    rep[1] = 2;
    magstripe_report(MAGSTRIPE_MAGTEK, rep, n, &policy, &in);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    KT_ASSERT(all_zero(rep, n));
    /* truncated report; an unknown report size */
    n = report_magtek(rep, t, 110);
    magstripe_report(MAGSTRIPE_MAGTEK, rep, n - 1, &policy, &in);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    KT_ASSERT(all_zero(rep, n - 1));
    magstripe_report(MAGSTRIPE_MAGTEK, rep, 5, &policy, &in);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    /* a length beyond its field */
    n = report_magtek(rep, t, 110);
    rep[4] = 111;
    magstripe_report(MAGSTRIPE_MAGTEK, rep, n, &policy, &in);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    /* a control character inside the track */
    n = report_magtek(rep, t, 110);
    rep[7 + 110 + 5] = 0x07;
    magstripe_report(MAGSTRIPE_MAGTEK, rep, n, &policy, &in);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    /* ID TECH: lengths add up past the total; total past the report; over 500 */
    n = report_idtech(rep, t);
    rep[4] = (unsigned char)(rep[4] + 1);
    magstripe_report(MAGSTRIPE_IDTECH, rep, n, &policy, &in);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    n = report_idtech(rep, t);
    magstripe_report(MAGSTRIPE_IDTECH, rep, n - 3, &policy, &in);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    n = report_idtech(rep, t);
    rep[7] = 0xF5, rep[8] = 0x01;
    magstripe_report(MAGSTRIPE_IDTECH, rep, n, &policy, &in);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    /* bad Luhn on a payment card */
    n = report_magtek(rep, ";4111111111111112=30121010000000000000?", 110);
    magstripe_report(MAGSTRIPE_MAGTEK, rep, n, &policy, &in);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    /* NULL and an unknown format */
    magstripe_report(MAGSTRIPE_MAGTEK, NULL, 0, &policy, &in);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    n = report_magtek(rep, t, 110);
    magstripe_report((enum magstripe_format)9, rep, n, &policy, &in);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    KT_ASSERT(all_zero(rep, n));
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"reports_from_track_files", test_reports_from_track_files},
    {"without_sentinels", test_without_sentinels},
    {"garbled_reports", test_garbled_reports},
};
KTEST_MAIN(tests)
