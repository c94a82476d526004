/* ESC/POS encoding of a receipt, behind the transport: pure functions on
 * buffers, tested byte for byte. */
#ifndef KIOSK_ESCPOS_H
#define KIOSK_ESCPOS_H

#include "drivers/printer/printer.h"
#include "drivers/printer/printer_profile.h"

#include <stddef.h>

struct escpos_buf {
    unsigned char *data; /* kmem-allocated; release with escpos_buf_release */
    size_t len, cap;
};
void escpos_buf_init(struct escpos_buf *b);
void escpos_buf_release(struct escpos_buf *b);

/* Printer font A: a 12 x 24 dot cell (48 columns on 576 dots, 32 on 384). */
#define ESCPOS_FONT_W 12
#define ESCPOS_FONT_H 24

/* Encode r for a printer with the given profile (NULL: the generic one)
 * on paper paper_dots wide (a multiple of 8 up to 4096). Bytes are appended
 * to out (the caller inits and releases it); on error out is left as it
 * was.
 *
 *  - ESC @ first.
 *  - RECEIPT_TEXT whose every character is in the profile's code page goes
 *    as text: before the first such item the code page is selected (FS .
 *    first for PRINTER_QUIRK_CANCEL_KANJI printers, then ESC t n or
 *    ESC GS t n); ESC a n (alignment), ESC E n (bold) and GS ! n (size:
 *    NORMAL 1x1, LARGE 1x wide 2x tall, HUGE 3x3 on paper of 512 dots or
 *    more, 2x2 below) are sent when they change; lines are wrapped on the
 *    host at spaces to the Font A columns (paper / (12 x width)), a longer
 *    word is broken at the column; each line ends with LF, an empty line is
 *    a lone LF; UTF-8 becomes code page bytes.
 *  - Any other RECEIPT_TEXT (Devanagari, emoji, a profile without a code
 *    page) is rendered by raster at the size's pixel height (24/36/64 px on
 *    576-dot paper, scaled for other widths; on printers that print text,
 *    NORMAL and LARGE stay 24/36 px to match the printer font), wrapped at
 *    spaces (a word wider than the paper breaks between grapheme clusters),
 *    aligned, and sent as GS v 0 in bands of the profile's band_rows.
 *  - RECEIPT_IMAGE: scaled to fit (see receipt_image), dithered (Atkinson)
 *    and sent as GS v 0 bands; RECEIPT_SPACE as ESC J; RECEIPT_RULE as a
 *    2-dot line; RECEIPT_QR as raster (byte mode, level M, modules of up to
 *    8 dots, 4-module quiet zone). Before any raster ESC a 0 is sent if the
 *    alignment is not left (ESC a moves raster images too).
 *  - The end: ESC d 4, then the profile's cut (GS V 66 0, GS V 1 or none).
 *
 * KIOSK_ERR_INVALID for bad arguments, a raster text item without raster
 * or a malformed image, KIOSK_ERR_TOO_BIG for a QR payload over 213 bytes
 * or an image over 16 M pixels (or 16384 a side), errors of the raster. */
enum kiosk_err escpos_encode(const struct receipt *r, int paper_dots,
                             const struct printer_profile *profile,
                             const struct text_raster *raster, struct escpos_buf *out);

/* The image img scaled to exactly width x height (area averaging; RGBA
 * composed over white) and dithered to dots with Atkinson's error
 * diffusion (6/8 of the error to six neighbours; a grey below 128 after
 * diffusion is a dot). *out is initialised here: 0 for a dot, 255 for
 * paper; the caller releases it with kbitmap_release(). KIOSK_ERR_INVALID
 * for a bad image or size, KIOSK_ERR_TOO_BIG over 16 M pixels or 16384
 * a side. */
enum kiosk_err escpos_dither(const struct receipt_image *img, int width, int height,
                             struct kbitmap *out);

/* Decode the subset escpos_encode writes back into a paper image
 * paper_dots wide, the way an Epson-like printer would print it: for the
 * simulated printer and for tests. Understood: ESC @, ESC J, ESC d, ESC t n
 * (0 PC437, 2 PC850, 3 PC860, 19 PC858), ESC GS t n (Star: 0/1 PC437,
 * 4 PC858, 6 PC860), FS ., ESC E, ESC a, GS !, GS v 0 (moved by ESC a),
 * GS V, DLE EOT, LF, CR and text bytes 0x20..0xFF (PC437 after ESC @).
 * Text is laid out in 12 x 24 cells scaled by GS !, bottom-aligned on its
 * line; a line feeds its height or the 30-dot line spacing, whichever is
 * more. Glyphs are drawn with raster at the cell size (the code page byte
 * decoded to Unicode, thresholded to dots); raster NULL (or a glyph the
 * raster cannot draw) draws a block per character. On success *paper is
 * initialised here and released by the caller with kbitmap_release(); on
 * error there is nothing to release. Malformed, truncated or unknown
 * commands give KIOSK_ERR_PROTOCOL, paper longer than 65536 rows
 * KIOSK_ERR_TOO_BIG; input is never read out of bounds. */
enum kiosk_err escpos_render(const unsigned char *bytes, size_t len, int paper_dots,
                             const struct text_raster *raster, struct kbitmap *paper);

#endif
