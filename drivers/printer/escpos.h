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

/* ESC @; every text item rendered by raster at the size's pixel height
 * (24/36/64 px on 576-dot paper, scaled for other widths), wrapped at spaces
 * (a word wider than the paper breaks between grapheme clusters), aligned,
 * and sent as GS v 0 in bands of at most 256 rows; RECEIPT_SPACE as ESC J;
 * RECEIPT_RULE as a 2-dot line; RECEIPT_QR as raster too (byte mode, level
 * M, modules of up to 8 dots, 4-module quiet zone); ESC d 4 and GS V 66 0
 * (cut). Bytes are appended to out (the caller inits and releases it); on
 * error out is left as it was. paper_dots: a multiple of 8 up to 4096.
 * KIOSK_ERR_INVALID for bad arguments or a text item without raster,
 * KIOSK_ERR_TOO_BIG for a QR payload over 213 bytes, errors of the raster. */
enum kiosk_err escpos_encode(const struct receipt *r, int paper_dots,
                             const struct text_raster *raster, struct escpos_buf *out);

/* Decode the subset escpos_encode writes (ESC @, ESC J, ESC d, GS v 0,
 * GS V, DLE EOT, plain ASCII text + LF drawn as blocks) back into a paper
 * image paper_dots wide: for the simulated printer and for tests. On
 * success *paper is initialised here and released by the caller with
 * kbitmap_release(); on error there is nothing to release. Malformed,
 * truncated or unknown commands give KIOSK_ERR_PROTOCOL, paper longer than
 * 65536 rows KIOSK_ERR_TOO_BIG; input is never read out of bounds. */
enum kiosk_err escpos_render(const unsigned char *bytes, size_t len, int paper_dots,
                             struct kbitmap *paper);

#endif
