/* The kiosk on its USB drivers for the USB tests: escpos-usb and usb
 * readers, headless, the demo data at 2026-03-10 10:00, a fresh database
 * in dir (made under parent first). NULL when it does not start. The caller
 * frees it with app_free(). */
#ifndef KIOSK_TESTS_USB_APP_H
#define KIOSK_TESTS_USB_APP_H

#include "firmware/app/app.h"
#include "firmware/config/config.h"
#include "firmware/core/clock.h"
#include "firmware/core/str.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static inline struct app *usb_kiosk_new(const char *parent, const char *dir)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    kstr_copy(cfg.printer, sizeof(cfg.printer), "escpos-usb");
    kstr_copy(cfg.reader, sizeof(cfg.reader), "usb");
    int64_t now = 0;
    kclock_parse_local("2026-03-10T10:00", &now);
    mkdir(parent, 0755);
    mkdir(dir, 0755);
    char db[600];
    snprintf(db, sizeof(db), "%s/kiosk.db", dir);
    unlink(db);
    struct app_options opt = {.config = &cfg,
                              .assets_dir = KIOSK_SOURCE_DIR "/assets",
                              .catalog_dir = KIOSK_BINARY_DIR "/locale",
                              .db_path = db,
                              .demo = true,
                              .headless = true,
                              .start_wall_ms = now,
                              .output_dir = dir};
    struct app *a = NULL;
    return app_new(&opt, &a) == KIOSK_OK ? a : NULL;
}

#endif
