/* The "usb" reader against fake card readers and scanners (umockdev): a
 * swipe in each reader format, garbled swipes, a multi-report barcode, a
 * keyboard-mode scanner, unplug and replug. Run under umockdev-wrapper. */
#define _DEFAULT_SOURCE
#include "drivers/reader/hid_pos.h"
#include "drivers/reader/reader.h"
#include "drivers/usb/usb.h"
#include "firmware/core/clock.h"
#include "tests/unit/ktest.h"
#include "tests/usb/fakeusb.h"
#include "tests/usb/fakeusb_devices.h"
#include "tests/usb/reports.h"

#include <unistd.h>

#define SETUP(f)                                                                                   \
    struct fakeusb *f = fakeusb_new();                                                             \
    if (!f)                                                                                        \
    KT_SKIP("not under umockdev-wrapper")

static const char patient_tracks[] = "%B6001000000000017^SILVA/ANA^30121200000000000000?\n"
                                     ";6001000000000017=30121200000000000000?";
static const char payment_tracks[] = ";4111111111111111=30121010000000000000?";
static const char expired_tracks[] = ";6001000000000017=19011200000000000000?";

static struct kclock_fake clock_now;

static enum kiosk_err open_reader(struct usb *u, struct reader **r)
{
    kclock_fake_init(&clock_now, 1773136800000LL); /* 2026-03-10 */
    struct reader_config rc = {
        .driver = "usb", .patient_card_prefix = "600100", .clock = &clock_now.clock, .usb = u};
    return reader_open(&rc, r);
}

/* The next input, waiting up to 3 s. */
static struct reader_input next(struct reader *r)
{
    struct reader_input in = {0};
    for (int i = 0; i < 300; i++) {
        if (reader_poll(r, &in) == KIOSK_OK && in.kind != READER_NONE)
            return in;
        usleep(10000);
    }
    return in;
}

static enum ktest_result test_swipes_magtek(void)
{
    SETUP(f);
    struct fakedev *mt = fakeusb_plug(f, &fake_magtek);
    struct usb *u;
    struct reader *r;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(open_reader(u, &r), KIOSK_OK);
    KT_ASSERT(reader_connected(r));
    unsigned char rep[400];
    size_t n = report_magtek(rep, patient_tracks, 110);
    fakedev_push_in(mt, rep, n);
    struct reader_input in = next(r);
    KT_EQ_INT(in.kind, READER_PATIENT_CARD);
    KT_EQ_STR(in.value, "6001000000000017");
    n = report_magtek(rep, payment_tracks, 112); /* the 112-byte layout */
    fakedev_push_in(mt, rep, n);
    in = next(r);
    KT_EQ_INT(in.kind, READER_PAYMENT_CARD);
    KT_EQ_STR(in.value, ""); /* the identifier field never carries a card number */
    /* Nothing of the bank card leaves the driver: not its number, not a part of it. */
    const unsigned char *raw = (const unsigned char *)&in;
    for (size_t i = 0; i + 4 <= sizeof(in); i++)
        KT_ASSERT(memcmp(raw + i, "1111", 4) != 0 && memcmp(raw + i, "4111", 4) != 0);
    n = report_magtek(rep, expired_tracks, 110);
    fakedev_push_in(mt, rep, n);
    KT_EQ_INT(next(r).kind, READER_EXPIRED_CARD);
    /* garbled: decode error on both tracks; truncated report; bad Luhn payment card */
    n = report_magtek(rep, patient_tracks, 110);
    rep[0] = rep[1] = 1;
    fakedev_push_in(mt, rep, n);
    KT_EQ_INT(next(r).kind, READER_BAD_SWIPE);
    n = report_magtek(rep, patient_tracks, 110);
    fakedev_push_in(mt, rep, 100);
    KT_EQ_INT(next(r).kind, READER_BAD_SWIPE);
    n = report_magtek(rep, ";4111111111111112=30121010000000000000?", 110);
    fakedev_push_in(mt, rep, n);
    KT_EQ_INT(next(r).kind, READER_BAD_SWIPE);
    reader_close(r);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_swipe_idtech(void)
{
    SETUP(f);
    struct fakedev *it = fakeusb_plug(f, &fake_idtech);
    struct usb *u;
    struct reader *r;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(open_reader(u, &r), KIOSK_OK);
    unsigned char rep[600];
    size_t n = report_idtech(rep, patient_tracks);
    fakedev_push_in(it, rep, n);
    struct reader_input in = next(r);
    KT_EQ_INT(in.kind, READER_PATIENT_CARD);
    KT_EQ_STR(in.value, "6001000000000017");
    /* a length that points past the data */
    n = report_idtech(rep, patient_tracks);
    rep[4] = 200;
    fakedev_push_in(it, rep, n);
    KT_EQ_INT(next(r).kind, READER_BAD_SWIPE);
    reader_close(r);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_scan_multi_report(void)
{
    SETUP(f);
    struct fakedev *sc = fakeusb_plug(f, &fake_hidpos_scanner);
    struct usb *u;
    struct reader *r;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(open_reader(u, &r), KIOSK_OK);
    unsigned char reps[4][64];
    const char *url = "https://clinic.example.org/c/APPT-2026-000123?lang=pt-BR&k=1";
    int n = report_hidpos(reps, 4, "]Q1", url);
    KT_EQ_INT(n, 2); /* 60 bytes: two reports */
    for (int i = 0; i < n; i++)
        fakedev_push_in(sc, reps[i], 64);
    struct reader_input in = next(r);
    KT_EQ_INT(in.kind, READER_BARCODE);
    KT_EQ_STR(in.value, url);
    /* longer than the kiosk takes: refused, and the next code reads fine */
    n = report_hidpos(reps, 4, "]Q1",
                      "https://clinic.example.org/appointments/APPT-2026-000123?lang=pt-BR");
    for (int i = 0; i < n; i++)
        fakedev_push_in(sc, reps[i], 64);
    KT_EQ_INT(next(r).kind, READER_BAD_SCAN);
    n = report_hidpos(reps, 4, "]C0", "APPT-2026-000123");
    fakedev_push_in(sc, reps[0], 64);
    in = next(r);
    KT_EQ_INT(in.kind, READER_BARCODE);
    KT_EQ_STR(in.value, "APPT-2026-000123");
    /* garbled: control characters in the data */
    n = report_hidpos(reps, 4, "]C0", "APPT\x01\x02");
    fakedev_push_in(sc, reps[0], 64);
    KT_EQ_INT(next(r).kind, READER_BAD_SCAN);
    reader_close(r);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_scan_keyboard_mode(void)
{
    SETUP(f);
    struct fakedev *sc = fakeusb_plug(f, &fake_wedge_scanner);
    struct usb *u;
    struct reader *r;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(open_reader(u, &r), KIOSK_OK);
    KT_ASSERT(!fakedev_kernel_attached(sc)); /* keystrokes no longer reach the console */
    unsigned char keys[80][8];
    int n = report_keys(keys, 80, "APPT-2026-000123");
    for (int i = 0; i < n; i++)
        fakedev_push_in(sc, keys[i], 8);
    struct reader_input in = next(r);
    KT_EQ_INT(in.kind, READER_BARCODE);
    KT_EQ_STR(in.value, "APPT-2026-000123");
    reader_close(r);
    KT_ASSERT(fakedev_kernel_attached(sc)); /* given back on close */
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_unplug_and_replug(void)
{
    SETUP(f);
    struct fakedev *mt = fakeusb_plug(f, &fake_magtek);
    struct usb *u;
    struct reader *r;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(open_reader(u, &r), KIOSK_OK);
    struct reader_device devs[2];
    KT_EQ_INT(reader_devices(r, devs, 2), 2);
    KT_ASSERT(devs[0].connected && !devs[0].scanner);
    KT_EQ_INT(devs[0].vid, 0x0801);
    KT_ASSERT(!devs[1].connected);
    fakeusb_unplug(f, mt);
    struct reader_input in;
    for (int i = 0; i < 300 && reader_connected(r); i++) {
        reader_poll(r, &in);
        usleep(10000);
    }
    KT_ASSERT(!reader_connected(r));
    mt = fakeusb_plug(f, &fake_magtek);
    for (int i = 0; i < 400 && !reader_connected(r); i++) {
        reader_poll(r, &in);
        usleep(10000);
    }
    KT_ASSERT(reader_connected(r));
    unsigned char rep[400];
    size_t n = report_magtek(rep, patient_tracks, 110);
    fakedev_push_in(mt, rep, n);
    KT_EQ_INT(next(r).kind, READER_PATIENT_CARD);
    reader_close(r);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"swipes_magtek", test_swipes_magtek},         {"swipe_idtech", test_swipe_idtech},
    {"scan_multi_report", test_scan_multi_report}, {"scan_keyboard_mode", test_scan_keyboard_mode},
    {"unplug_and_replug", test_unplug_and_replug},
};
KTEST_MAIN(tests)
