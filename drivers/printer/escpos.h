/* ESC/POS encoding of a receipt, behind the transport: pure functions on
 * buffers, tested byte for byte. */
#ifndef KIOSK_ESCPOS_H
#define KIOSK_ESCPOS_H

#include "drivers/printer/printer.h"

#include <stddef.h>

struct escpos_buf {
    unsigned char *data; /* kmem-allocated; release with escpos_buf_release */
    size_t len, cap;
};
void escpos_buf_init(struct escpos_buf *b);
void escpos_buf_release(struct escpos_buf *b);

/* ESC @; every text item rendered by raster at the size's pixel height and
 * sent as GS v 0 in bands of at most 256 rows; RECEIPT_QR as raster too;
 * feed and GS V 66 n (cut). */
enum kiosk_err escpos_encode(const struct receipt *r, int paper_dots,
                             const struct text_raster *raster, struct escpos_buf *out);

/* Decode the subset escpos_encode writes (and plain text + LF) back into a
 * paper image paper_dots wide: for the simulated printer and for tests. */
enum kiosk_err escpos_render(const unsigned char *bytes, size_t len, int paper_dots,
                             struct kbitmap *paper);

#endif
