/* Fonts and text: SDL2_ttf with HarfBuzz, a font chosen per script run.
 *
 * A string is cut into runs of one script (Devanagari: U+0900-U+097F,
 * U+A8E0-U+A8FF, U+1CD0-U+1CFF; everything else: Latin/common); each run is
 * shaped with the matching font (NotoSans / NotoSansDevanagari, regular and
 * bold) with TTF_SetFontScriptName, and runs are placed side by side.
 * Fonts are opened lazily per (script, pixel size, bold) and cached. */
#ifndef KIOSK_UI_FONT_H
#define KIOSK_UI_FONT_H

#include "firmware/core/bitmap.h"
#include "firmware/core/err.h"
#include "firmware/core/text_raster.h"
#include "ui/draw.h"

#include <stdbool.h>

struct fontset;

/* font_dir holds NotoSans-Regular.ttf, NotoSans-Bold.ttf,
 * NotoSansDevanagari-Regular.ttf, NotoSansDevanagari-Bold.ttf.
 * Initialises SDL_ttf if needed. KIOSK_ERR_NOT_FOUND if a font is missing
 * (the message names the file via kiosk_err_set_detail). Free with fontset_free. */
enum kiosk_err fontset_new(const char *font_dir, struct fontset **out);
void fontset_free(struct fontset *fs);

/* A text_measure backed by this font set (valid while fs lives). */
struct text_measure fontset_measure(struct fontset *fs);
int fontset_width(struct fontset *fs, const char *utf8, int px, bool bold);
int fontset_line_height(struct fontset *fs, int px);

/* A text_raster (firmware/core/text_raster.h) backed by this font set:
 * black text on white, grey bitmap of line_height rows. The composition
 * root hands it to the printer; ui knows no driver. */
struct text_raster fontset_raster(struct fontset *fs);

/* For render_sdl: the opaque TTF_Font for a script run. Internal. */
struct fontset_run {
    const char *text; /* points into the caller's string */
    int len;          /* bytes */
    bool devanagari;
};
/* Split utf8 into script runs; returns count (at most max). Spaces, digits
 * and punctuation join the run they are in, so "राम 12" stays one run.
 * Details: leading neutrals join the first run ("12 राम" is one Devanagari
 * run); ASCII punctuation that NotoSansDevanagari lacks ($ & @ [ \ ] ^ _ `)
 * is Latin; ZWJ/ZWNJ are neutral; when max runs are used up, the last run
 * takes the rest of the text. */
int fontset_runs(const char *utf8, struct fontset_run *runs, int max);

#endif
