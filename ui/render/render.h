/* The screen renderer: executes a draw_list with SDL2 (one of the two homes
 * of SDL headers, with ui/input). Two targets:
 *  - window: a real window (full screen on a kiosk), presented with vsync off,
 *    drawn only when the app has something new;
 *  - offscreen: a software surface, for --headless journeys, brand previews
 *    and tests; no video driver needed.
 * Screenshots are PNG (SDL2_image). */
#ifndef KIOSK_UI_RENDER_H
#define KIOSK_UI_RENDER_H

#include "firmware/core/bitmap.h"
#include "firmware/core/err.h"
#include "ui/draw.h"
#include "ui/render/font.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How a window is drawn (offscreen targets always draw in software).
 *  - RENDER_SOFTWARE: SDL's software renderer on the window's own
 *    framebuffer (X11 shared memory), with SDL's GL-texture framebuffer
 *    turned off, so no GL library is loaded (a kiosk without a GPU: Mesa and
 *    LLVM alone would cost tens of MB). Where the video driver has no
 *    framebuffer of its own (SDL 2.26: Wayland, KMSDRM) it falls back to the
 *    GPU path, with a warning.
 *  - RENDER_GPU: SDL's accelerated renderer (OpenGL/GLES; KMSDRM), falling
 *    back to software where there is none.
 *  - RENDER_AUTO: GPU where the machine has a DRM render node
 *    (/dev/dri/renderD*), software otherwise. */
enum render_path { RENDER_SOFTWARE, RENDER_GPU, RENDER_AUTO };

/* "software", "gpu", "auto" (kiosk.ini's [screen] renderer) to a path;
 * false for any other name (*out untouched). */
bool render_path_parse(const char *name, enum render_path *out);

struct render_config {
    int width, height;     /* pixels; a window may be resized later */
    bool offscreen;        /* true: software surface, no window */
    bool fullscreen;       /* window only */
    const char *title;     /* window only */
    enum render_path path; /* window only; 0 is RENDER_SOFTWARE */
    struct fontset *fonts; /* borrowed; must outlive the renderer */
    const char *image_dir; /* where DRAW_IMAGE names are looked up (a file name, or name + ".png");
                              may be NULL */
};

struct render;

enum kiosk_err render_new(const struct render_config *cfg, struct render **out);
void render_free(struct render *r); /* NULL is fine */

/* Draw the list and, for a window, present it. */
enum kiosk_err render_frame(struct render *r, const struct draw_list *dl);
/* The window lost what it showed (resized, exposed): the next frame is
 * drawn whole. Otherwise a software window redraws and presents only the
 * region where the list changed, and nothing when it did not. */
void render_invalidate(struct render *r);
/* Frames so far: drawn whole, drawn in part (software window), or skipped
 * because nothing changed. */
struct render_counts {
    long whole, partial, unchanged;
};
struct render_counts render_counts(const struct render *r);
/* What the target holds now, without drawing again (software window or
 * offscreen; KIOSK_ERR_UNSUPPORTED for a GPU window). For tests. */
enum kiosk_err render_save_shown_png(struct render *r, const char *path);
/* Free the cached texts the last frame did not draw (the kiosk calls it
 * when a session has ended and the welcome screen is up). */
void render_trim(struct render *r);
/* Write what the last render_frame drew as PNG. */
enum kiosk_err render_save_png(struct render *r, const char *path);
/* Current output size (a window can be resized or rotated). */
void render_size(struct render *r, int *w, int *h);

/* Read a PNG (a screenshot) as 8-bit RGBA, row-major, width * height * 4
 * bytes in *rgba, allocated with kmem (the caller frees it with kmem_free).
 * For tests and tools that check screenshots without SDL headers.
 * KIOSK_ERR_NOT_FOUND / KIOSK_ERR_CORRUPT (detail names the file), KIOSK_ERR_NOMEM. */
enum kiosk_err render_load_png(const char *path, int *width, int *height, uint8_t **rgba);

/* The renderer's own ceiling for any image it loads (a pack's limits are
 * smaller: brand.h), and the box an SVG is tried in by render_image_check. */
#define RENDER_IMAGE_MAX_BYTES (4 * 1024 * 1024)
#define RENDER_IMAGE_MAX_PX    4096
#define RENDER_IMAGE_CHECK_PX  512

/* Check dir/name (a branding pack's image) with the very loader the kiosk
 * draws it with (render_image_private.h): a regular file in dir, no symbolic
 * link, at most max_bytes, PNG or SVG by its bytes, at most max_px a side by
 * its header (PNG) or declared size (SVG), and it decodes. KIOSK_OK, or an
 * error (NOT_FOUND, DENIED, INVALID, TOO_BIG, CORRUPT, NOMEM) with a sentence
 * in why saying what to change. Fits brand_set_image_check(). */
enum kiosk_err render_image_check(const char *dir, const char *name, size_t max_bytes, int max_px,
                                  char *why, size_t size);

/* Read an image file (PNG or SVG, through the same loader: a regular file,
 * no symbolic link as its last component) as a grey
 * bitmap for printing, transparency composed over white paper and colours
 * to luma (Rec. 709). An SVG is drawn to fit fit_w x fit_h keeping its
 * shape (crisp at print size); a PNG keeps its own size (the
 * printer scales them). *out is initialised here and released by the caller
 * with kbitmap_release(). KIOSK_ERR_NOT_FOUND / KIOSK_ERR_CORRUPT (detail
 * names the file), KIOSK_ERR_INVALID for fit sizes below 1, KIOSK_ERR_NOMEM. */
enum kiosk_err render_load_grey(const char *path, int fit_w, int fit_h, struct kbitmap *out);

#endif
