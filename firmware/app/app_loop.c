/* The interactive loop (app_run): wait for input or the next deadline,
 * draw when dirty, look at the reader, the printer and the answers of the
 * processor, the server and the printer; systemd's watchdog. */
#include "firmware/app/app_private.h"
#include "firmware/core/log.h"
#include "firmware/core/notify.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "ui/input/input.h"

#define MOD              "app"
#define DEVICES_EVERY_MS 10000 /* the printer's state is looked at this often */
#define USB_POLL_MS      100   /* the loop wakes this often for USB input */

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

static void poll_devices(struct app *a)
{
    int64_t now = kclock_mono(kclock_system());
    if (now < a->devices.next_ms)
        return;
    a->devices.next_ms = now + DEVICES_EVERY_MS;
    app_devices_check(a);
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
        int64_t now = kclock_mono(a->clock);
        int64_t due = flow_next_deadline(&a->flow, now);
        int64_t svc_due = app_service_deadline(a);
        if (svc_due >= 0 && (due < 0 || svc_due < due))
            due = svc_due;
        int64_t store_due = app_store_deadline(a, now);
        if (store_due >= 0 && (due < 0 || store_due < due))
            due = store_due;
        due = app_metrics_deadline(a, due);
        if (wd_interval > 0) {
            /* wd_next is on the system clock; a->clock may be another. */
            int64_t wd_in = wd_next - kclock_mono(kclock_system());
            int64_t wd_due = now + (wd_in > 0 ? wd_in : 0);
            if (due < 0 || wd_due < due)
                due = wd_due;
        }
        int timeout = due < 0 ? -1 : (int)(due > now ? due - now : 0);
        /* USB swipes and scans arrive on another thread: look every so often. */
        if ((a->devices.usb || app_pay_busy(a) || app_lookup_busy(a) || app_print_busy(a)) &&
            (timeout < 0 || timeout > USB_POLL_MS))
            timeout = USB_POLL_MS; /* ... and answers of the processor and the server */
        input_wait(timeout, &in);
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
        case INPUT_KEY:
            on_key(a, in.key);
            break;
        case INPUT_RESIZE:
        case INPUT_EXPOSE:
            a->dirty = true;
            break;
        case INPUT_TEXT:
        case INPUT_NONE:
            break;
        }
        poll_reader(a);
        poll_devices(a);
        app_pay_tick(a);
        app_lookup_tick(a);
        app_print_tick(a);
    }
}
