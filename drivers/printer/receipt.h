/* A receipt or ticket as a document: lines of text with a size and
 * alignment, blank space, a QR code and a cut. Drivers turn it into device
 * bytes; nothing here knows about ESC/POS. */
#ifndef KIOSK_RECEIPT_H
#define KIOSK_RECEIPT_H

#include "firmware/core/err.h"

#include <stdbool.h>

#define RECEIPT_MAX_ITEMS 96
#define RECEIPT_TEXT_MAX  160

enum receipt_item_kind { RECEIPT_TEXT, RECEIPT_SPACE, RECEIPT_QR, RECEIPT_RULE };
enum receipt_align { RECEIPT_LEFT, RECEIPT_CENTER, RECEIPT_RIGHT };
enum receipt_size { RECEIPT_NORMAL, RECEIPT_LARGE, RECEIPT_HUGE };

struct receipt_item {
    enum receipt_item_kind kind;
    enum receipt_align align;
    enum receipt_size size;
    bool bold;
    int space_dots;              /* RECEIPT_SPACE: blank dots to feed */
    char text[RECEIPT_TEXT_MAX]; /* RECEIPT_TEXT: UTF-8, any script; RECEIPT_QR: payload */
};

struct receipt {
    int count;
    struct receipt_item items[RECEIPT_MAX_ITEMS];
};

void receipt_init(struct receipt *r);
/* Append; KIOSK_ERR_FULL when RECEIPT_MAX_ITEMS is reached (text is cut to fit). */
enum kiosk_err receipt_text(struct receipt *r, const char *utf8, enum receipt_size size,
                            enum receipt_align align, bool bold);
enum kiosk_err receipt_space(struct receipt *r, int dots);
enum kiosk_err receipt_rule(struct receipt *r);
enum kiosk_err receipt_qr(struct receipt *r, const char *payload);

#endif
