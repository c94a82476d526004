/* The reader registry and the simulated reader: swipes classified through
 * the ISO 7813 parser with an injected clock, scans checked, the queue. */
#include "drivers/reader/reader.h"
#include "firmware/core/clock.h"
#include "ktest.h"

#define T0_WALL 1773136800000LL /* 2026-03-10 10:00:00 UTC (tests run with TZ=UTC) */

static struct kclock_fake fake_clock;

static enum kiosk_err open_sim(struct reader **r)
{
    kclock_fake_init(&fake_clock, T0_WALL);
    struct reader_config cfg = {
        .driver = "sim", .patient_card_prefix = "600100", .clock = &fake_clock.clock};
    return reader_open(&cfg, r);
}

static bool read_fixture(const char *name, char *buf, size_t size)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/tests/fixtures/cards/%s", KIOSK_SOURCE_DIR, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    size_t n = fread(buf, 1, size - 1, f);
    fclose(f);
    buf[n] = '\0';
    return true;
}

static enum ktest_result test_registry(void)
{
    const char *const *names = reader_driver_names();
    KT_EQ_STR(names[0], "sim");
    KT_EQ_STR(names[1], "usb");
    KT_ASSERT(names[2] == NULL);
    struct reader_config cfg2 = {.driver = "usb", .patient_card_prefix = "6001"};
    struct reader *q = NULL;
    KT_EQ_INT(reader_open(&cfg2, &q), KIOSK_ERR_UNSUPPORTED); /* no USB context */
    KT_ASSERT(q == NULL);
    struct reader *r;
    struct reader_config cfg = {.driver = "magic"};
    KT_EQ_INT(reader_open(&cfg, &r), KIOSK_ERR_NOT_FOUND);
    KT_ASSERT(r == NULL);
    reader_close(NULL);
    struct reader_input in;
    KT_EQ_INT(reader_poll(NULL, &in), KIOSK_ERR_NO_DEVICE);
    KT_EQ_INT(in.kind, READER_NONE);
    KT_ASSERT(!reader_connected(NULL));
    KT_EQ_INT(reader_sim_swipe(NULL, ";1?"), KIOSK_ERR_UNSUPPORTED);
    KT_EQ_INT(reader_sim_scan(NULL, "x"), KIOSK_ERR_UNSUPPORTED);
    return KTEST_PASS;
}

static enum ktest_result test_fixture_cards(void)
{
    static const struct {
        const char *file;
        enum reader_input_kind kind;
        const char *value;
    } cases[] = {
        {"patient-card.track", READER_PATIENT_CARD, "6001000000000017"},
        {"expired-card.track", READER_EXPIRED_CARD, ""},
        {"bad-swipe.track", READER_BAD_SWIPE, ""},
        {"payment-visa.track", READER_PAYMENT_CARD, ""},
    };
    struct reader *r;
    KT_EQ_INT(open_sim(&r), KIOSK_OK);
    KT_ASSERT(reader_connected(r));
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[512];
        struct reader_input in;
        KT_ASSERT(read_fixture(cases[i].file, buf, sizeof(buf)));
        KT_EQ_INT(reader_sim_swipe(r, buf), KIOSK_OK);
        KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
        if (in.kind != cases[i].kind)
            KT_FAIL_AT("%s: kind %d, want %d", cases[i].file, in.kind, cases[i].kind);
        KT_EQ_STR(in.value, cases[i].value);
        KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
        KT_EQ_INT(in.kind, READER_NONE);
    }
    reader_close(r);
    return KTEST_PASS;
}

static enum ktest_result test_expiry_follows_clock(void)
{
    struct reader *r;
    struct reader_input in;
    KT_EQ_INT(open_sim(&r), KIOSK_OK);
    /* Expires 2026-03: still valid on 2026-03-31, expired on 2026-04-01. */
    const char *card = ";6001000000000017=2603120?";
    KT_EQ_INT(reader_sim_swipe(r, card), KIOSK_OK);
    KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
    KT_EQ_INT(in.kind, READER_PATIENT_CARD);
    kclock_fake_advance(&fake_clock, 22LL * 24 * 3600 * 1000); /* 2026-04-01 10:00 */
    KT_EQ_INT(reader_sim_swipe(r, card), KIOSK_OK);
    KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
    KT_EQ_INT(in.kind, READER_EXPIRED_CARD);
    reader_close(r);
    return KTEST_PASS;
}

static enum ktest_result test_scans(void)
{
    static const struct {
        const char *code;
        enum reader_input_kind kind;
    } cases[] = {
        {"APPT-2026-000123", READER_BARCODE},
        {"Conceição-42", READER_BARCODE},
        {"नमस्ते", READER_BARCODE},
        {"", READER_BAD_SCAN},
        {"APPT\n123", READER_BAD_SCAN},
        {"APPT\x7F", READER_BAD_SCAN},
        {"\xC2\x85", READER_BAD_SCAN},     /* C1 control */
        {"\xC0\xAF", READER_BAD_SCAN},     /* overlong */
        {"\xE0\xA4", READER_BAD_SCAN},     /* cut sequence */
        {"\xED\xA0\x80", READER_BAD_SCAN}, /* surrogate */
        {"123456789012345678901234567890123456789012345678901234567890123", READER_BARCODE},
        {"1234567890123456789012345678901234567890123456789012345678901234", READER_BAD_SCAN},
    };
    struct reader *r;
    KT_EQ_INT(open_sim(&r), KIOSK_OK);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct reader_input in;
        KT_EQ_INT(reader_sim_scan(r, cases[i].code), KIOSK_OK);
        KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
        if (in.kind != cases[i].kind)
            KT_FAIL_AT("case %zu: kind %d", i, in.kind);
        KT_EQ_STR(in.value, cases[i].kind == READER_BARCODE ? cases[i].code : "");
    }
    reader_close(r);
    return KTEST_PASS;
}

static enum ktest_result test_queue_order_and_limit(void)
{
    struct reader *r;
    struct reader_input in;
    KT_EQ_INT(open_sim(&r), KIOSK_OK);
    KT_EQ_INT(reader_sim_scan(r, "first"), KIOSK_OK);
    KT_EQ_INT(reader_sim_swipe(r, ";6001000000000017=4912120?"), KIOSK_OK);
    KT_EQ_INT(reader_sim_swipe(r, "garbage"), KIOSK_OK);
    KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
    KT_EQ_STR(in.value, "first");
    KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
    KT_EQ_INT(in.kind, READER_PATIENT_CARD);
    KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    for (int i = 0; i < 16; i++)
        KT_EQ_INT(reader_sim_scan(r, "x"), KIOSK_OK);
    KT_EQ_INT(reader_sim_scan(r, "x"), KIOSK_ERR_FULL);
    for (int i = 0; i < 16; i++) {
        KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
        KT_EQ_INT(in.kind, READER_BARCODE);
    }
    KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
    KT_EQ_INT(in.kind, READER_NONE);
    /* A swipe longer than any three tracks is a bad swipe, not a crash. */
    static char huge[2000];
    memset(huge, ';', sizeof(huge) - 1);
    KT_EQ_INT(reader_sim_swipe(r, huge), KIOSK_OK);
    KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
    KT_EQ_INT(in.kind, READER_BAD_SWIPE);
    reader_close(r);
    return KTEST_PASS;
}

static enum ktest_result test_unplugged(void)
{
    struct reader *r;
    struct reader_input in;
    KT_EQ_INT(open_sim(&r), KIOSK_OK);
    KT_EQ_INT(reader_sim_scan(r, "kept"), KIOSK_OK);
    reader_sim_set_connected(r, false);
    KT_ASSERT(!reader_connected(r));
    KT_EQ_INT(reader_poll(r, &in), KIOSK_ERR_NO_DEVICE);
    KT_EQ_INT(in.kind, READER_NONE);
    KT_EQ_INT(reader_sim_scan(r, "lost"), KIOSK_ERR_NO_DEVICE);
    reader_sim_set_connected(r, true);
    KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
    KT_EQ_STR(in.value, "kept");
    reader_close(r);
    return KTEST_PASS;
}

static enum ktest_result test_system_clock_default(void)
{
    struct reader *r;
    struct reader_input in;
    struct reader_config cfg = {.driver = "sim", .patient_card_prefix = "600100"};
    KT_EQ_INT(reader_open(&cfg, &r), KIOSK_OK);
    KT_EQ_INT(reader_sim_swipe(r, ";6001000000000017=0001120?"), KIOSK_OK); /* 2000-01 */
    KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
    KT_EQ_INT(in.kind, READER_EXPIRED_CARD);
    reader_close(r);
    cfg.patient_card_prefix = "123456789012345678901234"; /* longer than any PAN prefix */
    KT_EQ_INT(reader_open(&cfg, &r), KIOSK_ERR_CONFIG);
    return KTEST_PASS;
}

/* A licence scanned on the simulated reader: the two identifiers; one that
 * cannot be read: a bad licence; a licence-looking text too short: the same. */
static enum ktest_result test_sim_licence(void)
{
    struct reader *r;
    struct reader_input in;
    char buf[4096], path[512];
    KT_EQ_INT(open_sim(&r), KIOSK_OK);
    snprintf(path, sizeof(path), "%s/tests/fixtures/licences/licence-v01.txt", KIOSK_SOURCE_DIR);
    FILE *f = fopen(path, "rb");
    KT_ASSERT(f);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    KT_EQ_INT(reader_sim_scan(r, buf), KIOSK_OK);
    KT_EQ_INT(reader_sim_scan(r, "@\n\x1e\rANSI 6360"), KIOSK_OK);
    KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
    KT_EQ_INT(in.kind, READER_LICENCE);
    KT_EQ_STR(in.licence.family, "SILVA");
    KT_EQ_STR(in.licence.birth_date, "1984-03-02");
    KT_EQ_INT(reader_poll(r, &in), KIOSK_OK);
    KT_EQ_INT(in.kind, READER_BAD_LICENCE);
    /* Control characters in anything else are still a bad scan. */
    struct reader_input out;
    reader_classify_code("AB\nCD", 5, &out);
    KT_EQ_INT(out.kind, READER_BAD_SCAN);
    reader_close(r);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"sim_licence", test_sim_licence},
    {"registry", test_registry},
    {"fixture_cards", test_fixture_cards},
    {"expiry_follows_clock", test_expiry_follows_clock},
    {"scans", test_scans},
    {"queue_order_and_limit", test_queue_order_and_limit},
    {"unplugged", test_unplugged},
    {"system_clock_default", test_system_clock_default},
};

KTEST_MAIN(tests)
