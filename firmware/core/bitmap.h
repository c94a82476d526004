/* An 8-bit grey bitmap (0 = black, 255 = white) and a PNG writer for it.
 * Used for printed paper (the simulated printer) and raster lines that the
 * host renders for the receipt printer. */
#ifndef KIOSK_CORE_BITMAP_H
#define KIOSK_CORE_BITMAP_H

#include "err.h"

#include <stdint.h>

struct kbitmap {
    int width, height;
    uint8_t *pixels; /* width * height bytes, row-major; owned by the bitmap */
};

/* Allocate a white bitmap. Release with kbitmap_release(). */
enum kiosk_err kbitmap_init(struct kbitmap *bm, int width, int height);
void kbitmap_release(struct kbitmap *bm);
/* Grow to new_height rows (new rows white), keeping the content. */
enum kiosk_err kbitmap_grow(struct kbitmap *bm, int new_height);

/* Write as an 8-bit greyscale PNG. */
enum kiosk_err kbitmap_write_png(const struct kbitmap *bm, const char *path);

#endif
