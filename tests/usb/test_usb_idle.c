/* The idle kiosk on USB sleeps without a timer: with printer = escpos-usb
 * and reader = usb and nothing plugged in, the main loop's wait has no
 * timeout, and the USB thread wakes it (app_wake) when a swipe is queued or
 * a device arrives, so a swipe is still picked up at once. Against fake
 * devices (umockdev); run under umockdev-wrapper. */
#define _DEFAULT_SOURCE
#include "drivers/usb/usb.h"
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

#include <stdatomic.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define OUT     KIOSK_BINARY_DIR "/usb-idle"
#define WAIT_MS 3000 /* a wake-up comes within this (a loaded machine) */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* The kiosk on USB drivers, headless, demo data at a fixed time. */
static struct app *usb_app(const char *name)
{
    char dir[512];
    snprintf(dir, sizeof(dir), OUT "/%s", name);
    return usb_kiosk_new(OUT, dir);
}

/* Wait (here, in the test) until the app has been woken more than `since`
 * times; the milliseconds it took, or -1 when no wake-up came. */
static double wait_wake(struct app *a, unsigned since)
{
    double t0 = now_ms();
    while (atomic_load(&a->wakes) == since) {
        if (now_ms() - t0 > WAIT_MS)
            return -1;
        usleep(500);
    }
    return now_ms() - t0;
}

static void swipe(struct fakedev *reader)
{
    unsigned char rep[400];
    size_t n = report_magtek(rep, ";6001000000000017=30121010000000000000?", 110);
    fakedev_push_in(reader, rep, n);
    memset(rep, 0, sizeof(rep));
}

/* Nothing plugged in: after its first look at the devices the loop has
 * nothing due, and would sleep until an input or a wake-up. (Before, it
 * woke every 100 ms to poll USB.) */
static enum ktest_result test_idle_without_devices_has_no_timeout(void)
{
    struct fakeusb *f = fakeusb_new();
    if (!f)
        KT_SKIP("not under umockdev-wrapper");
    struct app *a = usb_app("no-devices");
    KT_ASSERT(a != NULL);
    app_loop_work(a); /* the first look: no printer, no reader */
    int timeout = app_loop_timeout(a, 0, 0);
    int with_watchdog = app_loop_timeout(a, 30000, kclock_mono(kclock_system()) + 15000);
    printf("  idle timeout %d ms (with a 30 s watchdog due in 15 s: %d ms), screen %s\n", timeout,
           with_watchdog, flow_screen_id(a->flow.screen));
    bool ok = timeout == -1 && with_watchdog > 0 && with_watchdog <= 15000 &&
              a->flow.screen == SCR_WELCOME && a->devices.usb != NULL;
    app_free(a);
    fakeusb_free(f);
    KT_ASSERT(ok);
    return KTEST_PASS;
}

/* A card reader plugged in and listening, no printer: a swipe wakes the
 * loop from the USB thread, and one pass of its work takes it. */
static enum ktest_result test_swipe_wakes_the_loop(void)
{
    struct fakeusb *f = fakeusb_new();
    if (!f)
        KT_SKIP("not under umockdev-wrapper");
    struct fakedev *reader = fakeusb_plug(f, &fake_magtek);
    struct app *a = usb_app("swipe");
    KT_ASSERT(a != NULL);
    app_loop_work(a);
    bool ok = reader_connected(a->devices.reader) && app_loop_timeout(a, 0, 0) == -1;
    unsigned before = atomic_load(&a->wakes);
    swipe(reader);
    double took = wait_wake(a, before);
    app_loop_work(a);
    printf("  swipe: woken after %.1f ms, screen %s\n", took, flow_screen_id(a->flow.screen));
    ok = ok && took >= 0 && a->flow.screen != SCR_WELCOME;
    app_free(a);
    fakeusb_free(f);
    KT_ASSERT(ok);
    return KTEST_PASS;
}

/* The reader plugged in while the kiosk sleeps: hotplug wakes the loop,
 * which opens it; its first swipe is taken. */
static enum ktest_result test_plugging_in_wakes_the_loop(void)
{
    struct fakeusb *f = fakeusb_new();
    if (!f)
        KT_SKIP("not under umockdev-wrapper");
    struct app *a = usb_app("hotplug");
    KT_ASSERT(a != NULL);
    app_loop_work(a);
    bool hotplug = usb_has_hotplug(a->devices.usb);
    bool ok = app_loop_timeout(a, 0, 0) == (hotplug ? -1 : 2000);
    unsigned before = atomic_load(&a->wakes);
    struct fakedev *reader = fakeusb_plug(f, &fake_magtek);
    double took = hotplug ? wait_wake(a, before) : 0;
    app_loop_work(a);
    bool connected = reader_connected(a->devices.reader);
    int settle = app_loop_timeout(a, 0, 0); /* one more look at the devices, soon */
    before = atomic_load(&a->wakes);
    swipe(reader);
    double swiped = wait_wake(a, before);
    app_loop_work(a);
    printf("  hotplug %d: woken after %.1f ms, reader connected %d, next look in %d ms; swipe "
           "woke after %.1f ms, screen %s\n",
           (int)hotplug, took, (int)connected, settle, swiped, flow_screen_id(a->flow.screen));
    ok = ok && took >= 0 && connected && settle > 0 && settle <= 2000 && swiped >= 0 &&
         a->flow.screen != SCR_WELCOME;
    app_free(a);
    fakeusb_free(f);
    KT_ASSERT(ok);
    return KTEST_PASS;
}

/* A connected printer is still looked at on a timer (paper and cover change
 * without any USB event): at most every 10 s, never more often. */
static enum ktest_result test_connected_printer_keeps_its_timer(void)
{
    struct fakeusb *f = fakeusb_new();
    if (!f)
        KT_SKIP("not under umockdev-wrapper");
    fakeusb_plug(f, &fake_epson_tm_t20);
    struct app *a = usb_app("printer");
    KT_ASSERT(a != NULL);
    app_loop_work(a);
    int timeout = app_loop_timeout(a, 0, 0);
    printf("  printer %s: timeout %d ms\n", printer_state_name(a->devices.printer_seen), timeout);
    bool ok = a->devices.printer_seen == PRINTER_OK && timeout > 5000 && timeout <= 10000;
    app_free(a);
    fakeusb_free(f);
    KT_ASSERT(ok);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"idle_without_devices_has_no_timeout", test_idle_without_devices_has_no_timeout},
    {"swipe_wakes_the_loop", test_swipe_wakes_the_loop},
    {"plugging_in_wakes_the_loop", test_plugging_in_wakes_the_loop},
    {"connected_printer_keeps_its_timer", test_connected_printer_keeps_its_timer},
};
KTEST_MAIN(tests)
