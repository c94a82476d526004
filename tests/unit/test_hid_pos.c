/* Scanner reports: HID POS joined across reports, keyboard-mode scanners in
 * a US layout, and the same checks as simulated scans. */
#include "drivers/reader/hid_pos.h"
#include "tests/unit/ktest.h"
#include "tests/usb/reports.h"

#include <stdio.h>

static enum ktest_result test_hidpos_single_and_joined(void)
{
    struct hidpos s;
    struct reader_input in;
    unsigned char reps[4][64];
    hidpos_init(&s);
    int n = report_hidpos(reps, 4, "]C0", "APPT-2026-000123");
    KT_EQ_INT(n, 1);
    KT_ASSERT(hidpos_feed(&s, reps[0], 64, &in));
    KT_EQ_INT(in.kind, READER_BARCODE);
    KT_EQ_STR(in.value, "APPT-2026-000123");
    KT_EQ_STR(s.aim, "]C0");
    const char *code = "https://clinic.example.org/c/APPT-2026-000123?lang=pt-BR&k=1";
    n = report_hidpos(reps, 4, "]Q1", code);
    KT_EQ_INT(n, 2);
    KT_ASSERT(!hidpos_feed(&s, reps[0], 64, &in));
    KT_ASSERT(hidpos_feed(&s, reps[1], 64, &in));
    KT_EQ_STR(in.value, code);
    return KTEST_PASS;
}

/* The last report of a long QR is lost; the next scan is a Code 128. The
 * half QR must not be glued to it. */
static enum ktest_result test_hidpos_lost_final_report(void)
{
    struct hidpos s;
    struct reader_input in;
    unsigned char reps[4][64], next[4][64];
    hidpos_init(&s);
    const char *code = "https://clinic.example.org/c/APPT-2026-000123?lang=pt-BR&k=1";
    KT_EQ_INT(report_hidpos(reps, 4, "]Q1", code), 2);
    KT_ASSERT(!hidpos_feed(&s, reps[0], 64, &in)); /* reps[1] never arrives */
    KT_EQ_INT(report_hidpos(next, 4, "]C0", "APPT-2026-000777"), 1);
    KT_ASSERT(hidpos_feed(&s, next[0], 64, &in));
    KT_EQ_INT(in.kind, READER_BARCODE);
    KT_EQ_STR(in.value, "APPT-2026-000777");
    KT_EQ_STR(s.aim, "]C0");
    return KTEST_PASS;
}

static enum ktest_result test_hidpos_bad_input(void)
{
    struct hidpos s;
    struct reader_input in;
    unsigned char reps[4][64];
    hidpos_init(&s);
    /* another report id (status) is not a code */
    unsigned char status[64] = {0x04, 3};
    KT_ASSERT(!hidpos_feed(&s, status, 64, &in));
    KT_ASSERT(!hidpos_feed(&s, NULL, 0, &in));
    KT_ASSERT(!hidpos_feed(&s, reps[0], 3, &in));
    /* too long for the kiosk: BAD_SCAN, then the next one reads */
    int n = report_hidpos(reps, 4, "]Q1",
                          "https://clinic.example.org/appointments/APPT-2026-000123?lang=pt-BR");
    for (int i = 0; i < n - 1; i++)
        KT_ASSERT(!hidpos_feed(&s, reps[i], 64, &in));
    KT_ASSERT(hidpos_feed(&s, reps[n - 1], 64, &in));
    KT_EQ_INT(in.kind, READER_BAD_SCAN);
    n = report_hidpos(reps, 4, "]C0", "APPT-1");
    KT_ASSERT(hidpos_feed(&s, reps[0], 64, &in));
    KT_EQ_STR(in.value, "APPT-1");
    /* a length beyond the report; control characters; empty */
    n = report_hidpos(reps, 4, "]C0", "APPT-1");
    reps[0][1] = 57;
    KT_ASSERT(hidpos_feed(&s, reps[0], 64, &in));
    KT_EQ_INT(in.kind, READER_BAD_SCAN);
    n = report_hidpos(reps, 4, "]C0",
                      "AB\x1b"
                      "C");
    KT_ASSERT(hidpos_feed(&s, reps[0], 64, &in));
    KT_EQ_INT(in.kind, READER_BAD_SCAN);
    n = report_hidpos(reps, 4, "]C0", "");
    KT_ASSERT(hidpos_feed(&s, reps[0], 64, &in));
    KT_EQ_INT(in.kind, READER_BAD_SCAN);
    return KTEST_PASS;
}

static enum ktest_result test_keyboard_scanner(void)
{
    struct kbwedge s;
    struct reader_input in;
    unsigned char keys[80][8];
    kbwedge_init(&s);
    int n = report_keys(keys, 80, "APPT-2026-000123");
    bool done = false;
    for (int i = 0; i < n; i++) {
        bool d = kbwedge_feed(&s, keys[i], 8, &in);
        KT_ASSERT(!d || i == n - 2); /* complete on Enter, not before */
        done |= d;
    }
    KT_ASSERT(done);
    KT_EQ_STR(in.value, "APPT-2026-000123");
    /* a key held across reports counts once; rollover reports are skipped */
    unsigned char a[8] = {0, 0, 0x04}, rollover[8] = {0, 0, 1, 1, 1, 1, 1, 1};
    unsigned char ab[8] = {0, 0, 0x04, 0x05}, up[8] = {0}, enter[8] = {0, 0, 0x28};
    unsigned char shift1[8] = {0x20, 0, 0x1E}; /* right shift + 1 = '!' */
    KT_ASSERT(!kbwedge_feed(&s, a, 8, &in));
    KT_ASSERT(!kbwedge_feed(&s, a, 8, &in));
    KT_ASSERT(!kbwedge_feed(&s, rollover, 8, &in));
    KT_ASSERT(!kbwedge_feed(&s, ab, 8, &in));
    KT_ASSERT(!kbwedge_feed(&s, up, 8, &in));
    KT_ASSERT(!kbwedge_feed(&s, shift1, 8, &in));
    KT_ASSERT(!kbwedge_feed(&s, up, 8, &in));
    KT_ASSERT(kbwedge_feed(&s, enter, 8, &in));
    KT_EQ_STR(in.value, "ab!");
    /* a bare Enter is nothing; a short report is ignored */
    KT_ASSERT(!kbwedge_feed(&s, up, 8, &in));
    KT_ASSERT(!kbwedge_feed(&s, enter, 8, &in));
    KT_ASSERT(!kbwedge_feed(&s, enter, 4, &in));
    return KTEST_PASS;
}

/* A driver's licence: its PDF417 ("]L2") arrives over many reports; the
 * kiosk gets the two identifiers and nothing else, and the joined text is
 * wiped. One that does not parse is a bad licence, not a bad code. */
static enum ktest_result test_hidpos_licence(void)
{
    static struct hidpos s;
    struct reader_input in;
    static unsigned char reps[80][64];
    char code[READER_CODE_MAX];
    FILE *f = fopen(KIOSK_SOURCE_DIR "/tests/fixtures/licences/licence-v08-ca.txt", "rb");
    KT_ASSERT(f);
    size_t len = fread(code, 1, sizeof(code) - 1, f);
    fclose(f);
    code[len] = '\0';
    hidpos_init(&s);
    int n = report_hidpos(reps, 80, "]L2", code);
    KT_ASSERT(n > 3); /* longer than any code before */
    for (int i = 0; i < n - 1; i++)
        KT_ASSERT(!hidpos_feed(&s, reps[i], 64, &in));
    KT_ASSERT(hidpos_feed(&s, reps[n - 1], 64, &in));
    KT_EQ_INT(in.kind, READER_LICENCE);
    KT_EQ_STR(in.licence.family, "SILVA");
    KT_EQ_STR(in.licence.given, "ANA");
    KT_EQ_STR(in.licence.birth_date, "1984-03-02");
    KT_EQ_STR(in.value, "");
    for (size_t i = 0; i < sizeof(s.text); i++)
        KT_ASSERT(s.text[i] == 0);
    const unsigned char *raw = (const unsigned char *)&in;
    for (size_t i = 0; i + 8 <= sizeof(in); i++)
        KT_ASSERT(memcmp(raw + i, "D7654321", 8) != 0); /* the number stays behind */

    f = fopen(KIOSK_SOURCE_DIR "/tests/fixtures/licences/licence-unreadable.txt", "rb");
    KT_ASSERT(f);
    len = fread(code, 1, sizeof(code) - 1, f);
    fclose(f);
    code[len] = '\0';
    n = report_hidpos(reps, 80, "]L2", code);
    for (int i = 0; i < n; i++)
        hidpos_feed(&s, reps[i], 64, &in);
    KT_EQ_INT(in.kind, READER_BAD_LICENCE);
    KT_EQ_STR(in.licence.family, "");

    /* Longer than any licence: a bad scan, the buffer never overrun. */
    memset(code, 'A', sizeof(code) - 1);
    code[sizeof(code) - 1] = '\0';
    n = report_hidpos(reps, 80, "]L2", code);
    KT_EQ_INT(n, 74);
    for (int i = 0; i < n; i++)
        hidpos_feed(&s, reps[i], 64, &in);
    KT_EQ_INT(in.kind, READER_BAD_SCAN);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"hidpos_licence", test_hidpos_licence},
    {"hidpos_lost_final_report", test_hidpos_lost_final_report},
    {"hidpos_single_and_joined", test_hidpos_single_and_joined},
    {"hidpos_bad_input", test_hidpos_bad_input},
    {"keyboard_scanner", test_keyboard_scanner},
};
KTEST_MAIN(tests)
