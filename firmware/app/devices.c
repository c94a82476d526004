/* The devices in words a technician understands, for the service screen,
 * its log export and `carekiosk status`. */
#include "drivers/printer/printer.h"
#include "drivers/reader/reader.h"
#include "drivers/usb/usb.h"
#include "firmware/app/app.h"
#include "firmware/config/config.h"

#include <stdio.h>
#include <string.h>

int app_describe_devices(struct printer *p, const enum printer_state *known, struct reader *r,
                         const struct kiosk_config *cfg, char lines[][160], int max)
{
    int n = 0;
    if (n < max) {
        const char *model = printer_describe(p);
        snprintf(lines[n++], 160, "Printer (%s, %d mm)%s%s: %s", cfg->printer, cfg->paper_width_mm,
                 model ? ", " : "", model ? model : "",
                 !p      ? "not available"
                 : known ? printer_state_name(*known)
                         : printer_state_name(printer_state(p)));
    }
    struct reader_device devs[2];
    int nd = reader_devices(r, devs, 2);
    if (nd == 0 && n < max) {
        snprintf(lines[n++], 160, "Card reader and scanner (%s): %s", cfg->reader,
                 reader_connected(r) ? "ok" : "not connected");
    }
    for (int i = 0; i < nd && n < max; i++) {
        if (devs[i].connected)
            snprintf(lines[n++], 160, "%s (%04x:%04x %.60s): ok",
                     devs[i].scanner ? "Barcode scanner" : "Card reader", devs[i].vid, devs[i].pid,
                     devs[i].product);
        else
            snprintf(lines[n++], 160, "%s: not connected",
                     devs[i].scanner ? "Barcode scanner" : "Card reader");
    }
    return n;
}

void app_status_devices(const struct kiosk_config *cfg, FILE *out)
{
    struct usb *usb = NULL;
    if (strcmp(cfg->printer, "sim") != 0 || strcmp(cfg->reader, "sim") != 0) {
        enum kiosk_err err = usb_new(&usb);
        if (err != KIOSK_OK)
            fprintf(out, "USB: cannot start (%s)\n", kiosk_err_detail());
    }
    struct printer_config pc = {
        .driver = cfg->printer, .paper_dots = config_paper_dots(cfg), .usb = usb};
    struct reader_config rc = {
        .driver = cfg->reader, .patient_card_prefix = cfg->patient_card_prefix, .usb = usb};
    struct printer *p = NULL;
    struct reader *r = NULL;
    if (printer_open(&pc, &p) != KIOSK_OK)
        p = NULL;
    if (reader_open(&rc, &r) != KIOSK_OK)
        r = NULL;
    char lines[4][160];
    int n = app_describe_devices(p, NULL, r, cfg, lines, 4);
    for (int i = 0; i < n; i++)
        fprintf(out, "%s\n", lines[i]);
    reader_close(r);
    printer_close(p);
    usb_free(usb);
}
