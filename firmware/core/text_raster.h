/* Text to pixels, as an interface: a renderer of one line of UTF-8 text
 * into a grey bitmap. It sits in core so that both sides can see it without
 * seeing each other: ui/render implements it (fontset_raster, with the
 * kiosk's fonts), drivers/printer uses it for text its code page cannot
 * print, and the composition root (firmware/app) hands one to the other. */
#ifndef KIOSK_CORE_TEXT_RASTER_H
#define KIOSK_CORE_TEXT_RASTER_H

#include "bitmap.h"
#include "err.h"

#include <stdbool.h>

/* Renders one line of UTF-8 text (any script) into a grey bitmap sized to
 * the text: height is the line height for px, width the advance. The caller
 * releases out with kbitmap_release(). ctx is the implementation's own. */
struct text_raster {
    enum kiosk_err (*line)(void *ctx, const char *utf8, int px, bool bold, struct kbitmap *out);
    void *ctx;
};

#endif
