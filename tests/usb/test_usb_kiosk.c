/* The kiosk end to end on USB: journeys played with printer = escpos-usb
 * and reader = usb against fake devices (umockdev), the swipes and scans
 * coming in as device reports. Run under umockdev-wrapper. */
#define _DEFAULT_SOURCE
#include "firmware/app/app.h"
#include "firmware/app/app_private.h"
#include "firmware/config/config.h"
#include "firmware/core/clock.h"
#include "firmware/core/str.h"
#include "tests/unit/ktest.h"
#include "tests/usb/fakeusb.h"
#include "tests/usb/fakeusb_devices.h"
#include "tests/usb/reports.h"
#include "tests/usb/usb_app.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUT KIOSK_BINARY_DIR "/usb-journeys"

struct rig {
    struct fakeusb *f;
    struct fakedev *printer, *reader, *scanner;
};

static void inject_swipe(void *ctx, const char *track)
{
    struct rig *r = ctx;
    unsigned char rep[400];
    size_t n = report_magtek(rep, track, 110);
    fakedev_push_in(r->reader, rep, n);
    memset(rep, 0, sizeof(rep));
}

static void inject_scan(void *ctx, const char *code)
{
    struct rig *r = ctx;
    static unsigned char reps[80][64]; /* a licence's PDF417 takes a few dozen */
    /* A driver's licence is a PDF417 ("]L2"), anything else a QR code here. */
    int n = report_hidpos(reps, 80, code[0] == '@' ? "]L2" : "]Q1", code);
    for (int i = 0; i < n; i++)
        fakedev_push_in(r->scanner, reps[i], 64);
    memset(reps, 0, sizeof(reps));
}

/* A printer, a card reader and a scanner plugged in; false when not under
 * umockdev-wrapper. */
static bool rig_up(struct rig *rig)
{
    memset(rig, 0, sizeof(*rig));
    rig->f = fakeusb_new();
    if (!rig->f)
        return false;
    rig->printer = fakeusb_plug(rig->f, &fake_epson_tm_t20);
    rig->reader = fakeusb_plug(rig->f, &fake_magtek);
    rig->scanner = fakeusb_plug(rig->f, &fake_hidpos_scanner);
    return true;
}

/* The kiosk on the rig's devices, with the demo data at a fixed time and a
 * fresh database in shots; NULL when it does not start. */
static struct app *usb_app(struct rig *rig, const char *shots)
{
    struct app *a = usb_kiosk_new(OUT, shots);
    if (!a)
        return NULL;
    struct app_inject inj = {inject_swipe, inject_scan, rig};
    app_set_inject(a, &inj);
    return a;
}

static enum ktest_result play(struct rig *rig, const char *journey, const char *shots)
{
    struct app *a = usb_app(rig, shots);
    KT_ASSERT(a != NULL);
    enum kiosk_err err = app_play(a, journey);
    if (err != KIOSK_OK)
        fprintf(stderr, "    %s\n", kiosk_err_detail());
    app_free(a);
    KT_EQ_INT(err, KIOSK_OK);
    return KTEST_PASS;
}

static bool contains(const unsigned char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return true;
    return false;
}

/* Plug a printer (paper as given), a card reader and a scanner, play the
 * journey tests/usb/journeys/NAME.journey, and hand back what the printer
 * received (free() it). */
static enum ktest_result run_journey(const char *name, bool paper_low, bool paper_out,
                                     unsigned char **printed, size_t *len)
{
    struct rig rig;
    if (!rig_up(&rig))
        KT_SKIP("not under umockdev-wrapper");
    fakedev_set_paper(rig.printer, paper_low, paper_out);
    char journey[512], shots[512];
    snprintf(journey, sizeof(journey), KIOSK_SOURCE_DIR "/tests/usb/journeys/%s.journey", name);
    snprintf(shots, sizeof(shots), OUT "/%s", name);
    enum ktest_result r = play(&rig, journey, shots);
    *printed = fakedev_out(rig.printer, len);
    fakeusb_free(rig.f);
    return r;
}

static enum ktest_result test_checkin_card_prints_on_usb(void)
{
    unsigned char *out;
    size_t len;
    enum ktest_result r = run_journey("checkin-usb-card", false, false, &out, &len);
    if (r != KTEST_PASS)
        return r;
    /* The ticket went to the printer: its number in the printer's own font,
     * and no name or card number anywhere in the bytes. */
    printf("  ticket: %zu bytes to the USB printer\n", len);
    bool ok = len > 500 && contains(out, len, "A001") && !contains(out, len, "Silva") &&
              !contains(out, len, "SILVA") && !contains(out, len, "6001000000000017");
    free(out);
    KT_ASSERT(ok);
    return KTEST_PASS;
}

static enum ktest_result test_scan_with_paper_out(void)
{
    unsigned char *out;
    size_t len;
    enum ktest_result r = run_journey("checkin-usb-scan-paper-out", true, true, &out, &len);
    bool sent = r == KTEST_PASS && contains(out, len, "A001");
    free(out);
    KT_ASSERT(!sent); /* nothing of the ticket was sent */
    return r;
}

static enum ktest_result test_paper_low_alerts_staff(void)
{
    unsigned char *out;
    size_t len;
    enum ktest_result r = run_journey("checkin-usb-paper-low", true, false, &out, &len);
    bool printed = contains(out, len, "A001");
    free(out);
    if (r != KTEST_PASS)
        return r;
    KT_ASSERT(printed); /* printed all the same */
    return KTEST_PASS;
}

static enum ktest_result test_status_lists_devices(void)
{
    struct fakeusb *f = fakeusb_new();
    if (!f)
        KT_SKIP("not under umockdev-wrapper");
    struct fakedev *p = fakeusb_plug(f, &fake_epson_tm_t20);
    fakeusb_plug(f, &fake_magtek);
    fakedev_set_paper(p, true, false);
    struct kiosk_config cfg;
    config_defaults(&cfg);
    kstr_copy(cfg.printer, sizeof(cfg.printer), "escpos-usb");
    kstr_copy(cfg.reader, sizeof(cfg.reader), "usb");
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    app_status_devices(&cfg, out);
    fclose(out);
    fakeusb_free(f);
    fputs(text, stdout);
    bool ok = strstr(text, "Printer (escpos-usb, 80 mm), TM-T20: paper low") &&
              strstr(text, "Card reader (0801:0002 USB Swipe Reader): ok") &&
              strstr(text, "Barcode scanner: not connected");
    free(text);
    KT_ASSERT(ok);
    return KTEST_PASS;
}

/* A printer that takes no data (stalled) does not hold the screen: after
 * "Check in" the done screen draws while the ticket waits on the printer,
 * and the ticket prints once the printer takes data again. A page that
 * outlives its session tells the next screen nothing. */
static enum ktest_result test_stalled_printer_keeps_screen_live(void)
{
    struct rig rig;
    if (!rig_up(&rig))
        KT_SKIP("not under umockdev-wrapper");
    struct app *a = usb_app(&rig, OUT "/stalled-printer");
    KT_ASSERT(a != NULL);
    enum kiosk_err err =
        app_play(a, KIOSK_SOURCE_DIR "/tests/usb/journeys/checkin-usb-to-confirm.journey");
    bool ok = err == KIOSK_OK;
    if (ok) {
        fakedev_set_stalled(rig.printer, true);
        app_tap(a, "confirm", true);
        /* Back at once: the ticket is still on its way, the done screen draws. */
        ok = app_print_busy(a) && a->flow.screen == SCR_DONE && app_draw(a) == KIOSK_OK;
        fprintf(stderr, "    after the tap: printing %d, screen %s\n", (int)app_print_busy(a),
                flow_screen_id(a->flow.screen));
        fakedev_set_stalled(rig.printer, false);
        app_print_wait(a);
        ok = ok && !app_print_busy(a) && !a->flow.busy && !a->flow.print_failed;
    }
    if (ok) {
        /* A guide stuck on the printer long enough for the session to time
         * out: when it finally prints, the welcome screen is not told. */
        err = app_play(a, KIOSK_SOURCE_DIR "/tests/usb/journeys/guide-usb-open.journey");
        fakedev_set_stalled(rig.printer, true);
        app_tap(a, "guide.print", true);
        bool printing = app_print_busy(a);
        kclock_fake_advance(&a->fake, 10 * 60 * 1000);
        app_tick(a);
        ok = err == KIOSK_OK && printing && a->flow.screen == SCR_WELCOME;
        fakedev_set_stalled(rig.printer, false);
        app_print_wait(a);
        ok = ok && a->flow.screen == SCR_WELCOME && !a->flow.busy && a->flow.notice == NOTICE_NONE;
        fprintf(stderr, "    a guide printing through a timeout: printing %d, then screen %s\n",
                (int)printing, flow_screen_id(a->flow.screen));
    }
    app_free(a);
    size_t len = 0;
    unsigned char *out = fakedev_out(rig.printer, &len);
    ok = ok && contains(out, len, "A001");
    free(out);
    fakeusb_free(rig.f);
    KT_ASSERT(ok);
    return KTEST_PASS;
}

/* A driver's licence scanned on a (fake) HID POS scanner: its PDF417 comes
 * in over several reports, identifies the patient, and nothing of it
 * reaches the ticket. */
static enum ktest_result test_licence_scan_on_usb(void)
{
    unsigned char *out;
    size_t len;
    enum ktest_result r = run_journey("checkin-usb-licence", false, false, &out, &len);
    if (r != KTEST_PASS)
        return r;
    bool ok = contains(out, len, "A001") && !contains(out, len, "SILVA") &&
              !contains(out, len, "D7654321") && !contains(out, len, "1984");
    free(out);
    KT_ASSERT(ok);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"licence_scan_on_usb", test_licence_scan_on_usb},
    {"paper_low_alerts_staff", test_paper_low_alerts_staff},
    {"status_lists_devices", test_status_lists_devices},
    {"checkin_card_prints_on_usb", test_checkin_card_prints_on_usb},
    {"scan_with_paper_out", test_scan_with_paper_out},
    {"stalled_printer_keeps_screen_live", test_stalled_printer_keeps_screen_live},
};
KTEST_MAIN(tests)
