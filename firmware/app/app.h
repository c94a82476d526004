/* The app: the one place that knows everyone. It feeds events to the flow,
 * runs the effects the flow asks for (store lookups, check-ins, printing),
 * turns the flow state into a view for the ui, and draws when something
 * changed.
 *
 * Two ways to drive it: app_run() waits on real input in a window (idle
 * costs no CPU: it sleeps until an event or the flow's next deadline), and
 * app_play() plays a journey script offscreen on a fake clock. */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include "drivers/printer/printer.h"
#include "drivers/reader/reader.h"
#include "firmware/config/config.h"
#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

struct app;

struct app_options {
    const struct kiosk_config *config; /* copied */
    const char *assets_dir;            /* fonts/, i18n/, demo/, branding/ */
    const char *db_path;               /* overrides config->database when set */
    bool demo;                         /* load the demo data set into the database */
    bool headless;                     /* a journey on a fake clock, offscreen */
    bool in_window;                    /* headless: draw the journey in a real window */
    int64_t start_wall_ms;             /* headless: wall time at start (0 = now) */
    const char *output_dir;            /* headless: screenshots and printed paper */
    const char *catalog_dir;           /* <lang>.mo; NULL: beside the program (app_new) */
    /* Called once, when the first screen has been drawn (the kiosk has
     * started); may be NULL. Used to mark a new version good. */
    void (*on_first_frame)(void *ctx);
    void *first_frame_ctx;
};

/* Open everything: store (and demo data), drivers, fonts, renderer. Any
 * failure of an optional part (printer, reader) is logged and the kiosk runs
 * without it. *out freed with app_free(). The compiled translation catalogs
 * are build output, not assets: without catalog_dir they are looked for in
 * <exe>/locale (build tree), else <exe>/../share/carekiosk/locale (install). */
enum kiosk_err app_new(const struct app_options *opt, struct app **out);
void app_free(struct app *a);

/* Run the kiosk in its window until the window is closed. */
enum kiosk_err app_run(struct app *a);

/* Play a journey script (see tests/journeys/README.md for the commands).
 * Returns KIOSK_OK when every expectation held; otherwise the failing line
 * is reported through kiosk_err_detail(). */
enum kiosk_err app_play(struct app *a, const char *script_path);

/* Journeys against real drivers (tests with fake USB devices): `swipe` and
 * `scan` call these instead of feeding the simulated reader, and the player
 * then waits (up to 3 s) for the reader to hand the input over. */
struct app_inject {
    void (*swipe)(void *ctx, const char *track_text);
    void (*scan)(void *ctx, const char *code);
    void *ctx;
};
void app_set_inject(struct app *a, const struct app_inject *inject); /* NULL: simulated */

/* `carekiosk brand check DIR` / `brand preview DIR --out DIR` (argv[0] is
 * "brand"). assets may be NULL (then preview is refused). Returns the exit
 * status: 0 ok, 1 the pack has errors or the preview failed, 2 usage. */
int app_brand_main(int argc, char **argv, const char *assets, const struct kiosk_config *cfg);

/* `carekiosk tech add NAME | remove NAME | list` (argv[0] is "tech"):
 * technician accounts in cfg->accounts. Returns the exit status. */
int app_tech_main(int argc, char **argv, const struct kiosk_config *cfg);

/* Updates (update_cmd.c). `carekiosk update verify|install|mark-good|status`
 * (argv[0] is "update"); db is the database for health checks and the
 * outbox. Returns the exit status. */
/* The demo's private folder (demo_dir.c): a fresh one into dir, its
 * database path into db; false when it cannot be made. Folders of this user
 * left by demos whose process is gone are removed first. */
bool app_demo_dir_make(char *dir, size_t dir_size, char *db, size_t db_size);
/* Remove the folder app_demo_dir_make made, with the files in it. */
void app_demo_dir_remove(const char *dir);
/* Where demo folders are made: XDG_RUNTIME_DIR, TMPDIR or /tmp (static). */
const char *app_demo_dir_base(void);

int app_update_main(int argc, char **argv, const struct kiosk_config *cfg, const char *db);
/* At every start, before the kiosk opens: 0 nothing pending, 1 a new
 * version is on trial (call app_update_started_healthy once it runs),
 * 2 it failed too often and the previous version was switched back (exit
 * and let the service manager start that one). */
int app_update_at_start(const struct kiosk_config *cfg, const char *db);
/* Health checks, then mark-good and "success" to the outbox. */
void app_update_started_healthy(const struct kiosk_config *cfg, const char *db);
/* One line for the technician: backend, running or trial version, floor. */
void app_update_describe(const struct kiosk_config *cfg, char *out, size_t size);

/* One line a device with its state ("Printer (escpos-usb, 80 mm), TM-T20:
 * paper low", "Card reader: not connected"); returns the lines written.
 * known: the printer's state as last seen, so a screen that is redrawn does
 * not ask the printer each time; NULL asks it now. */
int app_describe_devices(struct printer *p, const enum printer_state *known, struct reader *r,
                         const struct kiosk_config *cfg, char lines[][160], int max);
/* `carekiosk status`: open the configured devices, describe them to out. */
void app_status_devices(const struct kiosk_config *cfg, FILE *out);

/* Card payments for technicians (`carekiosk status`, the service screen):
 * the endpoint and the payments in the store by outcome. Returns the number
 * of lines written to lines[max]. */
struct store;
int app_payment_status_lines(struct store *st, const struct kiosk_config *cfg, char lines[][160],
                             int max);

/* Monotonic ms from app_new's start to the first frame on screen, or -1. */
int64_t app_first_frame_ms(const struct app *a);
/* Frame and input-to-frame times, p50/p99 of the last 1024 (timing.c). */
void app_timing_report(const struct app *a, FILE *out);

#endif
