/* What the UI core hands a renderer: a list of draw commands in screen
 * pixels. The core never draws or measures text itself: it asks the
 * injected text_measure and emits commands; render_sdl executes them, and
 * tests read the list directly. */
#ifndef KIOSK_UI_DRAW_H
#define KIOSK_UI_DRAW_H

#include <stdbool.h>
#include <stdint.h>

struct ui_rect {
    int x, y, w, h;
};

struct ui_color {
    uint8_t r, g, b, a;
};

/* Text measurement, provided by the renderer's font set. px is the font's
 * pixel size (em height). Width is the advance of the whole string after
 * shaping; line_height the distance between baselines for px. */
struct text_measure {
    int (*width)(void *ctx, const char *utf8, int px, bool bold);
    int (*line_height)(void *ctx, int px);
    void *ctx;
};

enum draw_kind {
    DRAW_RECT,  /* filled rectangle, corner radius */
    DRAW_FRAME, /* rectangle outline of thickness `thick`, corner radius */
    DRAW_TEXT,  /* one line of text, already wrapped, drawn at rect.x, rect.y (top) */
    DRAW_IMAGE, /* image by name (branding logo), scaled into rect keeping aspect */
};

#define DRAW_TEXT_MAX 256

struct draw_cmd {
    enum draw_kind kind;
    struct ui_rect rect;
    struct ui_color color;
    int radius;               /* DRAW_RECT / DRAW_FRAME */
    int thick;                /* DRAW_FRAME */
    int px;                   /* DRAW_TEXT: font pixel size */
    bool bold;                /* DRAW_TEXT */
    char text[DRAW_TEXT_MAX]; /* DRAW_TEXT: UTF-8; DRAW_IMAGE: image name */
};

/* A growable list; owned by whoever init'ed it. */
struct draw_list {
    struct draw_cmd *cmds;
    int count, cap;
    struct ui_color clear; /* background */
};

void draw_list_init(struct draw_list *dl);
void draw_list_release(struct draw_list *dl);
void draw_list_reset(struct draw_list *dl);
/* Append; returns the new command (zeroed) or NULL when out of memory. */
struct draw_cmd *draw_list_push(struct draw_list *dl, enum draw_kind kind);

#endif
