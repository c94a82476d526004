/* Receipt printers: an ops table per driver plus an instance.
 *
 *   struct printer { const struct printer_ops *ops; void *ctx; ... }
 *
 * Drivers are chosen by name from the registry (printer.c): "sim"
 * (always built: decodes its own ESC/POS bytes into a PNG of the paper) and,
 * with the USB drivers, "escpos-usb". Each open printer has a model profile
 * (printer_profile.h): text its code page can show is printed by the
 * printer's own font; text of any other script (Devanagari) is rendered on
 * the host into raster lines through the text_raster (firmware/core/
 * text_raster.h) the composition root hands in. */
#ifndef KIOSK_PRINTER_H
#define KIOSK_PRINTER_H

#include "drivers/printer/receipt.h"
#include "firmware/core/bitmap.h"
#include "firmware/core/err.h"
#include "firmware/core/text_raster.h"

#include <stdbool.h>

struct usb;

enum printer_state {
    PRINTER_OK = 0,
    PRINTER_PAPER_LOW,
    PRINTER_PAPER_OUT,
    PRINTER_COVER_OPEN,
    PRINTER_OFFLINE, /* connected but not answering / in error */
    PRINTER_NOT_CONNECTED,
};
const char *printer_state_name(enum printer_state s); /* "ok", "paper low", ... */

struct printer_config {
    const char *driver;     /* registry name */
    int paper_dots;         /* 576 (80 mm) or 384 (58 mm) */
    const char *output_dir; /* sim: where paper PNGs go (NULL: do not write) */
    const struct text_raster *raster;
    struct usb *usb; /* escpos-usb: the kiosk's USB context (drivers/usb/usb.h) */
};

struct printer;

struct printer_ops {
    const char *name;
    /* Called once by printer_open. Sets p->ctx. Required. */
    enum kiosk_err (*open)(struct printer *p, const struct printer_config *cfg);
    /* Called once by printer_close; frees ctx. Required. */
    void (*close)(struct printer *p);
    /* Current state; may talk to the device. Required. */
    enum printer_state (*state)(struct printer *p);
    /* Send encoded bytes (ESC/POS) to the device. Required. Returns
     * KIOSK_ERR_PAPER_OUT, KIOSK_ERR_NO_DEVICE, KIOSK_ERR_TIMEOUT, KIOSK_ERR_IO. */
    enum kiosk_err (*write)(struct printer *p, const unsigned char *bytes, int len);
    /* Optional: the receipt about to be written, as items (the sim keeps a
     * text transcript beside its PNG, so tests can read what printed). */
    void (*transcript)(struct printer *p, const struct receipt *r);
    /* Optional: the connected device's model in words ("TM-T20II"), for
     * technicians; NULL when the driver cannot tell or nothing is connected.
     * The string belongs to the printer, valid until the next call. */
    const char *(*describe)(struct printer *p);
};

struct printer_profile;

struct printer {
    const struct printer_ops *ops;
    void *ctx;
    int paper_dots;
    struct text_raster raster;
    /* The model's profile (static), set by the driver's open once it knows
     * the model; NULL means the generic profile. */
    const struct printer_profile *profile;
};

/* Look up driver by name and open it. *out freed with printer_close().
 * KIOSK_ERR_NOT_FOUND for an unknown driver name. */
enum kiosk_err printer_open(const struct printer_config *cfg, struct printer **out);
void printer_close(struct printer *p); /* NULL is fine */
enum printer_state printer_state(struct printer *p);

/* Encode the receipt for p's profile (ESC/POS: init, text in the printer's
 * code page or raster lines in bands, images, QR, feed, cut) and send it.
 * The paper is the configured width, narrowed to the profile's printable
 * width when that is smaller. */
enum kiosk_err printer_print(struct printer *p, const struct receipt *r);

/* Names of the registered drivers, NULL-terminated; static. */
const char *const *printer_driver_names(void);

/* Simulated printer only: path of the last PNG written, or NULL (also for
 * another driver). The string belongs to the printer; valid until the next
 * print or printer_close. */
const char *printer_sim_last_png(struct printer *p);

/* Simulated printer only: receipts this printer has printed (successful
 * writes, with or without a PNG); 0 for NULL or another driver. */
int printer_sim_printed(struct printer *p);

/* Simulated printer only (ignored for other drivers): report state s from
 * now on. write() then fails with KIOSK_ERR_PAPER_OUT for PRINTER_PAPER_OUT,
 * KIOSK_ERR_NO_DEVICE for PRINTER_NOT_CONNECTED, KIOSK_ERR_IO for
 * PRINTER_COVER_OPEN and KIOSK_ERR_TIMEOUT for PRINTER_OFFLINE; it prints for
 * PRINTER_OK and PRINTER_PAPER_LOW. */
void printer_sim_set_state(struct printer *p, enum printer_state s);

/* Driver ops tables, for the registry in printer.c. */
extern const struct printer_ops printer_sim_ops;
extern const struct printer_ops printer_usb_ops;

/* The connected printer's model in words (the driver's describe op: for
 * escpos-usb its device id or its profile's name), or NULL when none is
 * connected, the driver cannot tell, or p is NULL. */
const char *printer_describe(struct printer *p);

#endif
