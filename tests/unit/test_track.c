/* ISO/IEC 7813 track parsing: valid tracks 1 and 2, each malformation,
 * Luhn, expiry boundaries, patient/payment classification, and that the
 * caller's buffer is left alone (or wiped when asked). Card numbers are
 * well-known test numbers. */
#include "drivers/reader/track.h"
#include "ktest.h"

static const struct track_policy today = {"600100", 2026, 3};

static enum kiosk_err parse(const char *s, struct track_card *c)
{
    return track_parse(s, strlen(s), &today, c);
}

static enum ktest_result test_patient_track2(void)
{
    struct track_card c;
    KT_EQ_INT(parse(";6001000000000017=4912120000000000?", &c), KIOSK_OK);
    KT_EQ_INT(c.kind, TRACK_PATIENT_CARD);
    KT_EQ_STR(c.patient_id, "6001000000000017");
    KT_EQ_STR(c.last4, "");
    KT_EQ_INT(c.exp_year, 2049);
    KT_EQ_INT(c.exp_month, 12);
    KT_EQ_STR(c.service_code, "120");
    KT_ASSERT(!c.expired);
    KT_ASSERT(!c.luhn_ok); /* the demo card carries no Luhn digit: accepted */
    KT_ASSERT(c.has_track2 && !c.has_track1);
    KT_EQ_INT(c.fault, TRACK_OK);

    KT_EQ_INT(parse(";6001000000000022=4912120?", &c), KIOSK_OK);
    KT_ASSERT(c.luhn_ok); /* and a card that has one records it */
    return KTEST_PASS;
}

static enum ktest_result test_payment_track1(void)
{
    struct track_card c;
    KT_EQ_INT(parse("%B4111111111111111^TEST/CARD^3112101000000000?", &c), KIOSK_OK);
    KT_EQ_INT(c.kind, TRACK_PAYMENT_CARD);
    KT_EQ_STR(c.patient_id, "");
    KT_EQ_STR(c.last4, "1111");
    KT_EQ_INT(c.brand, TRACK_BRAND_VISA);
    KT_EQ_INT(c.exp_year, 2031);
    KT_EQ_STR(c.service_code, "101");
    KT_ASSERT(c.luhn_ok && c.has_track1 && !c.has_track2);
    return KTEST_PASS;
}

static enum ktest_result test_both_tracks_and_fixture(void)
{
    char buf[256];
    FILE *f = fopen(KIOSK_SOURCE_DIR "/tests/fixtures/cards/payment-visa.track", "r");
    KT_ASSERT(f);
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    struct track_card c;
    KT_EQ_INT(track_parse(buf, n, &today, &c), KIOSK_OK);
    KT_ASSERT(c.has_track1 && c.has_track2);
    KT_EQ_STR(c.last4, "1111");
    /* Tracks on separate lines, and a track 3 after track 2. */
    KT_EQ_INT(parse("%B4111111111111111^TEST/CARD^3112101?\r\n;4111111111111111=3112101?\n"
                    ";0112345678901234=7247241000000?",
                    &c),
              KIOSK_OK);
    /* A track the reader could not read ("%E?") does not spoil the other. */
    KT_EQ_INT(parse("%E?;6001000000000017=4912120?", &c), KIOSK_OK);
    KT_EQ_INT(c.kind, TRACK_PATIENT_CARD);
    return KTEST_PASS;
}

static enum ktest_result test_brands(void)
{
    static const struct {
        const char *track;
        enum track_brand brand;
        const char *last4;
    } cases[] = {
        {";4111111111111111=3112101?", TRACK_BRAND_VISA, "1111"},
        {";5555555555554444=3112101?", TRACK_BRAND_MASTERCARD, "4444"},
        {";2223000048400011=3112101?", TRACK_BRAND_MASTERCARD, "0011"},
        {";378282246310005=3112101?", TRACK_BRAND_AMEX, "0005"},
        {";6011111111111117=3112101?", TRACK_BRAND_UNKNOWN, "1117"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct track_card c;
        KT_EQ_INT(parse(cases[i].track, &c), KIOSK_OK);
        KT_EQ_INT(c.kind, TRACK_PAYMENT_CARD);
        KT_EQ_INT(c.brand, cases[i].brand);
        KT_EQ_STR(c.last4, cases[i].last4);
    }
    return KTEST_PASS;
}

static enum ktest_result test_malformed(void)
{
    static const struct {
        const char *track;
        enum track_fault fault;
    } cases[] = {
        {"", TRACK_FAULT_EMPTY},
        {" \r\n", TRACK_FAULT_EMPTY},
        {"%E?;E?", TRACK_FAULT_EMPTY},
        {"6001000000000017=4912120?", TRACK_FAULT_NO_START},
        {"x;6001000000000017=4912120?", TRACK_FAULT_NO_START},
        {";6001000000000017=4912120", TRACK_FAULT_NO_END},
        {";6001000000000017=4912;120?", TRACK_FAULT_NO_END},
        {";600100000#0017=49121", TRACK_FAULT_NO_END},
        {";6001A00000000017=4912120?", TRACK_FAULT_BAD_CHAR},
        {";60010000000000174912120?", TRACK_FAULT_SEPARATOR},
        {";6001000000000017=4912120=1?", TRACK_FAULT_SEPARATOR},
        {";=4912120?", TRACK_FAULT_PAN},
        {";60010000000000170000=4912120?", TRACK_FAULT_PAN}, /* 20 digits */
        {";6001000000000017=4913120?", TRACK_FAULT_EXPIRY},
        {";6001000000000017=4900120?", TRACK_FAULT_EXPIRY},
        {";6001000000000017=49?", TRACK_FAULT_EXPIRY},
        {";6001000000000017=491212?", TRACK_FAULT_SERVICE_CODE},
        {";6001000000000017=4912120000000000000000000?", TRACK_FAULT_TOO_LONG}, /* 41 */
        {";4111111111111112=3112101?", TRACK_FAULT_LUHN},
        {";4111111111=3112101?", TRACK_FAULT_PAN}, /* payment PAN too short */
        {";4111111111111111=3112101?;4111111111111111=3112101?;x?", TRACK_OK},
        {"%A4111111111111111^TEST/CARD^3112101?", TRACK_FAULT_FORMAT_CODE},
        {"%B?", TRACK_FAULT_SEPARATOR},
        {"%B41111111X1111111^TEST/CARD^3112101?", TRACK_FAULT_PAN},
        {"%B4111111111111111^T^3112101?", TRACK_FAULT_NAME},
        {"%B4111111111111111^ABCDEFGHIJKLMNOPQRSTUVWXYZA^3112101?", TRACK_FAULT_NAME},
        {"%B4111111111111111^TEST/CARD3112101?", TRACK_FAULT_SEPARATOR},
        {"%B4111111111111111^test/card^3112101?", TRACK_FAULT_BAD_CHAR},
        {"%B4111111111111111^TEST/CARD^3112?", TRACK_FAULT_SERVICE_CODE},
        {"%B4111111111111111^TEST/CARD^3112101?%B4111111111111111^TEST/CARD^3112101?",
         TRACK_FAULT_NO_START},
        {"%B4111111111111111^TEST/CARD^3112101?;5555555555554444=3112101?", TRACK_FAULT_MISMATCH},
        {"%B4111111111111111^TEST/CARD^3112101?;4111111111111111=3012101?", TRACK_FAULT_MISMATCH},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct track_card c;
        enum kiosk_err err = parse(cases[i].track, &c);
        if (cases[i].fault == TRACK_OK) {
            KT_EQ_INT(err, KIOSK_OK); /* a third ';' track is track 3: skipped */
            continue;
        }
        if (err != KIOSK_ERR_INVALID || c.fault != cases[i].fault)
            KT_FAIL_AT("case %zu: err %d fault %s, want %s", i, err, track_fault_name(c.fault),
                       track_fault_name(cases[i].fault));
        KT_EQ_STR(c.patient_id, "");
        KT_EQ_STR(c.last4, "");
    }
    return KTEST_PASS;
}

static enum ktest_result test_truncated_prefixes(void)
{
    /* Every cut of a swipe fails cleanly (or is a whole track 1). */
    const char *s = "%B4111111111111111^TEST/CARD^3112101000?;4111111111111111=3112101000?";
    size_t n = strlen(s), track1_end = strchr(s, ';') - s;
    for (size_t len = 0; len < n; len++) {
        char buf[128];
        memcpy(buf, s, len); /* no terminator: the parser must honour len */
        struct track_card c;
        enum kiosk_err err = track_parse(buf, len, &today, &c);
        if (len == track1_end) {
            KT_EQ_INT(err, KIOSK_OK);
            continue;
        }
        if (err != KIOSK_ERR_INVALID)
            KT_FAIL_AT("prefix of %zu bytes accepted", len);
    }
    return KTEST_PASS;
}

static enum ktest_result test_expiry_boundary(void)
{
    static const struct {
        int year, month;
        bool expired;
    } cases[] = {
        {2049, 11, false}, {2049, 12, false}, {2050, 1, true}, {2048, 12, false}, {2050, 12, true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct track_policy p = {"600100", cases[i].year, cases[i].month};
        struct track_card c;
        const char *s = ";6001000000000017=4912120?";
        KT_EQ_INT(track_parse(s, strlen(s), &p, &c), KIOSK_OK);
        KT_EQ_INT(c.expired, cases[i].expired);
    }
    struct track_card c;
    KT_EQ_INT(parse(";6001000000000022=2001120?", &c), KIOSK_OK);
    KT_ASSERT(c.expired);
    KT_EQ_INT(c.exp_year, 2020);
    KT_EQ_INT(c.exp_month, 1);
    return KTEST_PASS;
}

static enum ktest_result test_classification_by_prefix(void)
{
    struct track_card c;
    const char *s = ";6001000000000022=4912120?";
    struct track_policy none = {NULL, 2026, 3}, empty = {"", 2026, 3}, other = {"999", 2026, 3};
    KT_EQ_INT(track_parse(s, strlen(s), &none, &c), KIOSK_OK);
    KT_EQ_INT(c.kind, TRACK_PAYMENT_CARD); /* passes Luhn, so a payment card */
    KT_EQ_STR(c.patient_id, "");
    KT_EQ_INT(track_parse(s, strlen(s), &empty, &c), KIOSK_OK);
    KT_EQ_INT(c.kind, TRACK_PAYMENT_CARD);
    KT_EQ_INT(track_parse(s, strlen(s), &other, &c), KIOSK_OK);
    KT_EQ_INT(c.kind, TRACK_PAYMENT_CARD);
    /* Without the prefix the demo card (no Luhn digit) is a bad payment card. */
    s = ";6001000000000017=4912120?";
    KT_EQ_INT(track_parse(s, strlen(s), &none, &c), KIOSK_ERR_INVALID);
    KT_EQ_INT(c.fault, TRACK_FAULT_LUHN);
    /* A prefix longer than the PAN does not match. */
    struct track_policy longp = {"60010000000000170", 2026, 3};
    KT_EQ_INT(track_parse(s, strlen(s), &longp, &c), KIOSK_ERR_INVALID);
    return KTEST_PASS;
}

static enum ktest_result test_luhn(void)
{
    KT_ASSERT(track_luhn_ok("4111111111111111", 16));
    KT_ASSERT(!track_luhn_ok("4111111111111112", 16));
    KT_ASSERT(track_luhn_ok("79927398713", 11));
    KT_ASSERT(!track_luhn_ok("7992739871a", 11));
    KT_ASSERT(!track_luhn_ok("", 0));
    KT_ASSERT(track_luhn_ok("0", 1));
    return KTEST_PASS;
}

static enum ktest_result test_buffer_untouched_or_wiped(void)
{
    const char *s = "%B4111111111111111^TEST/CARD^3112101000?;4111111111111111=3112101000?";
    char buf[128], copy[128];
    size_t n = strlen(s);
    struct track_card c;
    memcpy(buf, s, n + 1);
    memcpy(copy, s, n + 1);
    KT_EQ_INT(track_parse(buf, n, &today, &c), KIOSK_OK);
    KT_ASSERT(memcmp(buf, copy, n + 1) == 0);

    KT_EQ_INT(track_parse_and_wipe(buf, n, &today, &c), KIOSK_OK);
    KT_EQ_STR(c.last4, "1111");
    for (size_t i = 0; i < n; i++)
        KT_EQ_INT(buf[i], 0);
    KT_EQ_INT(buf[n], 0);

    memcpy(buf, ";4111111111111112=3112101?", 27); /* fails Luhn: still wiped */
    KT_EQ_INT(track_parse_and_wipe(buf, 26, &today, &c), KIOSK_ERR_INVALID);
    for (size_t i = 0; i < 26; i++)
        KT_EQ_INT(buf[i], 0);
    /* A bank card's number never reaches the result (cards are paid at the
     * terminal: the kiosk only needs to know it was one), nor do the
     * cardholder name and discretionary data. */
    KT_EQ_INT(track_parse(s, n, &today, &c), KIOSK_OK);
    KT_EQ_INT(c.kind, TRACK_PAYMENT_CARD);
    const unsigned char *raw = (const unsigned char *)&c;
    for (size_t i = 0; i + 6 <= sizeof(c); i++) {
        KT_ASSERT(memcmp(raw + i, "411111", 6) != 0);
        KT_ASSERT(memcmp(raw + i, "TEST", 4) != 0);
        KT_ASSERT(memcmp(raw + i, "101000", 6) != 0);
    }
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"patient_track2", test_patient_track2},
    {"payment_track1", test_payment_track1},
    {"both_tracks_and_fixture", test_both_tracks_and_fixture},
    {"brands", test_brands},
    {"malformed", test_malformed},
    {"truncated_prefixes", test_truncated_prefixes},
    {"expiry_boundary", test_expiry_boundary},
    {"classification_by_prefix", test_classification_by_prefix},
    {"luhn", test_luhn},
    {"buffer_untouched_or_wiped", test_buffer_untouched_or_wiped},
};

KTEST_MAIN(tests)
