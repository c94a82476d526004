/* Colours of the kiosk. Two themes: the standard one (brand colours from the
 * branding pack later) and high contrast. Every text/background pair used by
 * the widgets meets WCAG 2.1 AA (4.5:1; tests check the ratios). */
#ifndef KIOSK_UI_THEME_H
#define KIOSK_UI_THEME_H

#include "firmware/brand/brand.h"
#include "ui/draw.h"

#include <stdbool.h>

struct theme {
    struct ui_color bg;         /* screen background */
    struct ui_color surface;    /* cards, fields */
    struct ui_color text;       /* main text on bg and surface */
    struct ui_color muted;      /* secondary text on bg and surface */
    struct ui_color primary;    /* primary buttons, header */
    struct ui_color on_primary; /* text on primary */
    struct ui_color secondary;  /* secondary buttons */
    struct ui_color on_secondary;
    struct ui_color border;                /* field and card outlines */
    struct ui_color focus;                 /* focus and selection ring */
    struct ui_color error_bg, on_error_bg; /* error banner */
    struct ui_color info_bg, on_info_bg;   /* notice banner */
    struct ui_color success, on_success;   /* done badge */
    struct ui_color scrim;                 /* behind a dialog */
    struct ui_color disabled, on_disabled;
};

const struct theme *theme_get(bool high_contrast);

/* The standard theme with a branding pack's colours (brand_load has checked
 * their contrast). High contrast never takes brand colours. */
void theme_from_brand(struct theme *out, const uint32_t colours[BRAND_COLOUR_COUNT]);

/* WCAG 2.1 contrast ratio of two opaque colours, 1.0 .. 21.0. */
double theme_contrast(struct ui_color a, struct ui_color b);

#endif
