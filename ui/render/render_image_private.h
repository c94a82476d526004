/* The one loader of image files for screens, tickets and `brand check`
 * (render_image.c). Inside ui/render only: it hands out SDL surfaces. */
#ifndef KIOSK_UI_RENDER_IMAGE_PRIVATE_H
#define KIOSK_UI_RENDER_IMAGE_PRIVATE_H

#include "firmware/core/err.h"

#include <SDL.h>
#include <stddef.h>

/* Decode dir/name (one file name in dir, read with kfile_read_in: a regular
 * file, no symbolic link, at most max_bytes) for showing in fit_w x fit_h:
 *  - PNG: its header (IHDR) is read first, and more than max_px a side is
 *    refused before anything is decoded; decoded at its own size;
 *  - SVG: a declared size (width/height, else the viewBox) over max_px a side
 *    is refused; drawn at the size that fits fit_w x fit_h (each capped at
 *    max_px) keeping its shape, never at the size the file asks for;
 *  - anything else is refused (the file's bytes decide, not its name).
 * Returns a new surface (SDL_FreeSurface by the caller) or NULL with *err and
 * a sentence in why (without the path). */
SDL_Surface *render_image_decode(const char *dir, const char *name, size_t max_bytes, int max_px,
                                 int fit_w, int fit_h, enum kiosk_err *err, char *why, size_t size);

#endif
