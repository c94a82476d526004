/* Inside of the font set, shared by ui/render files only (it names SDL
 * types, so nothing outside ui/render may include it). */
#ifndef KIOSK_UI_FONT_PRIVATE_H
#define KIOSK_UI_FONT_PRIVATE_H

#include "ui/render/font.h"

#include <SDL.h>

/* Render one line into a new ARGB8888 surface: transparent background, glyphs
 * in color (alpha = coverage; color.a is ignored), width = fontset_width (at
 * least 1), height = fontset_line_height, all runs on one baseline.
 * The caller frees *out with SDL_FreeSurface. KIOSK_ERR_INVALID for a bad px,
 * KIOSK_ERR_NOMEM, or KIOSK_ERR_IO when SDL_ttf fails. */
enum kiosk_err fontset_render_line(struct fontset *fs, const char *utf8, int px, bool bold,
                                   SDL_Color color, SDL_Surface **out);

#endif
