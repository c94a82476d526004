/* A receipt or ticket as a document: lines of text with a size and
 * alignment, blank space, a QR code, an image (a logo) and a cut. Drivers
 * turn it into device bytes; nothing here knows about ESC/POS. */
#ifndef KIOSK_RECEIPT_H
#define KIOSK_RECEIPT_H

#include "firmware/core/bitmap.h"
#include "firmware/core/err.h"

#include <stdbool.h>
#include <stdint.h>

#define RECEIPT_MAX_ITEMS 96
#define RECEIPT_TEXT_MAX  1024 /* a paragraph of Devanagari is three bytes a letter */

enum receipt_item_kind { RECEIPT_TEXT, RECEIPT_SPACE, RECEIPT_QR, RECEIPT_RULE, RECEIPT_IMAGE };
enum receipt_align { RECEIPT_LEFT, RECEIPT_CENTER, RECEIPT_RIGHT };
enum receipt_size { RECEIPT_NORMAL, RECEIPT_LARGE, RECEIPT_HUGE };

/* Pixels of an image the caller owns: they are borrowed, not copied, and
 * must stay valid until the receipt has been printed (encoded). */
struct receipt_image {
    const uint8_t *pixels; /* row-major, width * height * channels bytes */
    int width, height;
    int channels; /* 1: grey (0 black .. 255 white); 4: RGBA, straight alpha over white paper */
};

struct receipt_item {
    enum receipt_item_kind kind;
    enum receipt_align align;
    enum receipt_size size;
    bool bold;
    int space_dots;              /* RECEIPT_SPACE: blank dots to feed */
    int max_dots;                /* RECEIPT_IMAGE: fits a square this many dots a side (0: paper) */
    struct receipt_image image;  /* RECEIPT_IMAGE */
    char text[RECEIPT_TEXT_MAX]; /* RECEIPT_TEXT: UTF-8, any script; RECEIPT_QR: payload */
};

struct receipt {
    int count;
    struct receipt_item items[RECEIPT_MAX_ITEMS];
};

void receipt_init(struct receipt *r);
/* Append; KIOSK_ERR_FULL when RECEIPT_MAX_ITEMS is reached. Text longer
 * than an item holds goes on in the next items, split at a space (else
 * between grapheme clusters): no word is dropped. */
enum kiosk_err receipt_text(struct receipt *r, const char *utf8, enum receipt_size size,
                            enum receipt_align align, bool bold);
enum kiosk_err receipt_space(struct receipt *r, int dots);
enum kiosk_err receipt_rule(struct receipt *r);
enum kiosk_err receipt_qr(struct receipt *r, const char *payload);
/* An image scaled (up or down, keeping its shape) to fit a square of
 * max_dots a side and the paper width (max_dots 0: the paper width),
 * dithered to dots by the driver. grey (a kbitmap) or rgba (width * height
 * * 4 bytes) is borrowed: it must outlive printing. KIOSK_ERR_INVALID for
 * NULL pixels, a size outside 1..16384 or max_dots < 0. */
enum kiosk_err receipt_image(struct receipt *r, const struct kbitmap *grey, int max_dots,
                             enum receipt_align align);
enum kiosk_err receipt_image_rgba(struct receipt *r, const uint8_t *rgba, int width, int height,
                                  int max_dots, enum receipt_align align);

#endif
