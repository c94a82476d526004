/* The interactive loop (app_run): wait for input, a wake-up or the next
 * deadline, draw when dirty, look at the reader, the printer and the
 * answers of the processor, the server and the printer; systemd's watchdog.
 *
 * Nothing here wakes on a timer of its own: the USB thread (a queued swipe
 * or scan, a device plugged in or out) and the worker threads (payment,
 * the server's patient search, printing) call app_wake when they have
 * something, and the wait lasts until the next real deadline. An idle
 * welcome screen with nothing plugged in sleeps without end. */
#include "firmware/app/app_private.h"
#include "drivers/usb/usb.h"
#include "firmware/core/log.h"
#include "firmware/core/notify.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "ui/input/input.h"

#define MOD              "app"
#define DEVICES_EVERY_MS 10000 /* a connected printer's state is looked at this often */
/* Without hotplug, missing USB devices are looked for this often; with it,
 * this long after a device came or went, once more. */
#define USB_RETRY_MS 2000

/* --- the interactive loop ------------------------------------------------------ */

static void on_key(struct app *a, int key)
{
    switch (key) {
    case KEY_DEMO_SWIPE:
        if (a->devices.reader) {
            char track[] = ";6001000000000017=30121010000000000000?";
            reader_sim_swipe(a->devices.reader, track);
            kmem_wipe(track, sizeof(track));
        }
        break;
    case KEY_DEMO_SCAN:
        if (a->devices.reader)
            reader_sim_scan(a->devices.reader, "APPT-2026-000123");
        break;
    case KEY_ESCAPE: {
        struct flow_event ev = app_event_now(a, EV_TAP);
        ev.widget = "cancel";
        app_event(a, &ev);
        break;
    }
    default:
        app_key(a, key);
        break;
    }
}

void app_devices_check(struct app *a)
{
    if (!a->devices.printer || app_print_busy(a))
        return; /* a job on the printer: asked again when it is over */
    enum printer_state st = printer_state(a->devices.printer);
    if (st == a->devices.printer_seen)
        return;
    enum printer_state was = a->devices.printer_seen;
    a->devices.printer_seen = st;
    if (st == PRINTER_OK) {
        log_info(MOD, "printer ok again");
        if (was != PRINTER_OK)
            app_staff_alert(a, "printer", printer_state_name(st));
        return;
    }
    log_warn(MOD, "printer needs attention (state %d)", (int)st);
    app_staff_alert(a, "printer", printer_state_name(st));
}

/* Whether the printer must be looked at on a timer: a connected one can run
 * out of paper or have its cover opened without a USB event (its state is
 * asked). One not connected (or never seen) comes with a hotplug event,
 * which wakes the loop; without hotplug it is looked for on the timer. */
static bool devices_on_timer(const struct app *a)
{
    if (!a->devices.printer)
        return false;
    if (a->devices.printer_seen != PRINTER_NOT_CONNECTED)
        return true;
    return !a->devices.usb || !usb_has_hotplug(a->devices.usb);
}

static void poll_devices(struct app *a)
{
    int64_t now = kclock_mono(kclock_system());
    bool plugged = false;
    if (a->devices.usb) {
        unsigned gen = usb_generation(a->devices.usb);
        plugged = gen != a->devices.usb_seen;
        a->devices.usb_seen = gen;
    }
    /* A device just announced may not open yet: one more look a little
     * later (the reader retries on its own when polled then). */
    bool settle = a->devices.settle_ms > 0 && now >= a->devices.settle_ms;
    if (settle)
        a->devices.settle_ms = 0;
    if (plugged)
        a->devices.settle_ms = now + USB_RETRY_MS;
    if (!plugged && !settle && (now < a->devices.next_ms || !devices_on_timer(a)))
        return;
    a->devices.next_ms = now + DEVICES_EVERY_MS;
    app_devices_check(a);
}

/* When the devices must be looked at next on a->clock (now is its time);
 * -1 when a USB event will say. */
static int64_t devices_deadline(struct app *a, int64_t now)
{
    int64_t due = -1;
    int64_t sys = kclock_mono(kclock_system());
    if (devices_on_timer(a))
        due = now + (a->devices.next_ms > sys ? a->devices.next_ms - sys : 0);
    if (a->devices.settle_ms > 0) {
        int64_t settle = now + (a->devices.settle_ms > sys ? a->devices.settle_ms - sys : 0);
        due = due < 0 || settle < due ? settle : due;
    }
    /* A USB reader without hotplug looks for its devices when it is polled. */
    if (a->devices.usb && !usb_has_hotplug(a->devices.usb) && a->devices.reader &&
        !reader_connected(a->devices.reader) && (due < 0 || now + USB_RETRY_MS < due))
        due = now + USB_RETRY_MS;
    return due;
}

static void poll_reader(struct app *a)
{
    struct reader_input in;
    while (a->devices.reader && reader_poll(a->devices.reader, &in) == KIOSK_OK &&
           in.kind != READER_NONE) {
        app_reader_input(a, &in);
        kmem_wipe(&in, sizeof(in));
    }
}

/* Under systemd, READY=1 goes out once the first screen is drawn and
 * WATCHDOG=1 from this loop, so a kiosk whose loop hangs is restarted. */
static void keep_watchdog(struct app *a, bool *ready, int64_t interval, int64_t *next_pet)
{
    if (!*ready && a->boot.first_frame_ms >= 0) {
        notify_send("READY=1\nSTATUS=Showing the welcome screen");
        *ready = true;
    }
    int64_t now = kclock_mono(kclock_system());
    if (interval > 0 && now >= *next_pet) {
        notify_send("WATCHDOG=1");
        *next_pet = now + interval;
    }
}

void app_wake(void *ctx)
{
    struct app *a = ctx;
    if (a)
        atomic_fetch_add(&a->wakes, 1);
    input_wake();
}

static int64_t earliest(int64_t due, int64_t other)
{
    return other >= 0 && (due < 0 || other < due) ? other : due;
}

int app_loop_timeout(struct app *a, int64_t wd_interval, int64_t wd_next)
{
    int64_t now = kclock_mono(a->clock);
    int64_t due = flow_next_deadline(&a->flow, now);
    due = earliest(due, app_service_deadline(a));
    due = earliest(due, app_store_deadline(a, now));
    due = app_metrics_deadline(a, due);
    due = earliest(due, app_pay_deadline(a));
    due = earliest(due, app_payqr_deadline(a));
    due = earliest(due, app_lookup_deadline(a));
    due = earliest(due, devices_deadline(a, now));
    if (wd_interval > 0) {
        /* wd_next is on the system clock; a->clock may be another. */
        int64_t wd_in = wd_next - kclock_mono(kclock_system());
        due = earliest(due, now + (wd_in > 0 ? wd_in : 0));
    }
    if (due < 0)
        return -1; /* nothing due: an input or a wake-up (app_wake) ends the wait */
    int64_t in = due > now ? due - now : 0;
    return in > INT32_MAX ? INT32_MAX : (int)in;
}

void app_loop_work(struct app *a)
{
    poll_reader(a);
    poll_devices(a);
    app_pay_tick(a);
    app_payqr_tick(a);
    app_lookup_tick(a);
    app_print_tick(a);
}

enum kiosk_err app_run(struct app *a)
{
    struct input_event in;
    bool ready = false;
    int64_t wd_interval = notify_watchdog_interval_ms();
    int64_t wd_next = 0;
    app_sync_open(a, true);
    for (;;) {
        app_tick(a);
        if (a->dirty) {
            enum kiosk_err err = app_draw(a);
            if (err != KIOSK_OK)
                log_error(MOD, "drawing failed: %E", err);
        }
        keep_watchdog(a, &ready, wd_interval, &wd_next);
        input_wait(app_loop_timeout(a, wd_interval, wd_next), &in);
        switch (in.kind) {
        case INPUT_QUIT:
            notify_send("STOPPING=1");
            return KIOSK_OK;
        case INPUT_TAP: {
            const char *id = ui_hit(&a->frame, in.x, in.y);
            if (id) {
                char tapped[UI_ID_MAX];
                kstr_copy(tapped, sizeof(tapped), id);
                app_tap(a, tapped, true);
            }
            break;
        }
        case INPUT_DRAG:
            app_sign_point(a, in.x, in.y, in.down);
            break;
        case INPUT_KEY:
            on_key(a, in.key);
            break;
        case INPUT_RESIZE:
        case INPUT_EXPOSE:
            render_invalidate(a->render);
            a->dirty = true;
            break;
        case INPUT_TEXT:
            app_type_text(a, in.text);
            break;
        case INPUT_NONE: /* a deadline, or a wake-up: the work below */
            break;
        }
        app_loop_work(a);
    }
}
