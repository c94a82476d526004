#include "firmware/core/str.h"
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>
#include <string.h>

/* Languages, each named in its own script, then the display choices (larger
 * text, high contrast) and help, as a grid whose bottom edge is at `bottom`:
 * low on the screen, within reach. */
static int grid_height(int rows, int lh, int gap)
{
    return rows * lh + (rows - 1) * gap;
}

/* Returns the top of what it draws (or, with dry, would draw). */
static int languages(struct ui_ctx *c, struct ui_rect col, int bottom, int cols, bool dry)
{
    const struct theme *th = c->th;
    int n = c->v->lang_count;
    if (n <= 0)
        return bottom;
    int lang_rows = (n + cols - 1) / cols;
    int tail_rows = 2; /* the display toggles; help */
    int gap = ui_dp(c, 24);
    int lh = ui_dp(c, 120);
    int label_h = ui_dp(c, 64);
    int avail = bottom - col.y;
    if (label_h + grid_height(lang_rows + tail_rows, lh, gap) > avail) {
        /* Short screens (landscape, large text): finger-sized buttons, no
         * label; then toggles and help share a row; then the languages
         * take one row if the width allows. */
        lh = ui_dp(c, 96) > 96 ? ui_dp(c, 96) : 96;
        gap = ui_dp(c, 16);
        label_h = 0;
        if (grid_height(lang_rows + tail_rows, lh, gap) > avail)
            tail_rows = 1;
        if (grid_height(lang_rows + tail_rows, lh, gap) > avail &&
            (col.w - (n - 1) * gap) / n >= ui_dp(c, 260)) {
            cols = n;
            lang_rows = 1;
        }
    }
    int grid_h = grid_height(lang_rows + tail_rows, lh, gap);
    int top = bottom - grid_h;
    if (top - label_h < col.y)
        top = col.y + label_h;
    if (dry)
        return top - label_h;
    struct text_style lab = {.px = 36, .color = th->muted, .align = ALIGN_CENTER, .max_lines = 1};
    if (label_h)
        ui_text(c, (struct ui_rect){col.x, top - label_h, col.w, label_h}, ui_tr(c, "Language"),
                &lab, false);
    int cw = (col.w - (cols - 1) * gap) / cols;
    char id[24];
    for (int i = 0; i < n; i++) {
        const char *code = c->v->langs[i];
        struct ui_rect r = {col.x + (i % cols) * (cw + gap), top + (i / cols) * (lh + gap), cw, lh};
        snprintf(id, sizeof(id), "lang.%s", code);
        bool current = c->v->lang && strcmp(c->v->lang, code) == 0;
        ui_button(c, id, i18n_lang_native_name(code), r, current ? BTN_PRIMARY : BTN_SECONDARY,
                  true);
    }
    /* Display choices (a pressed toggle looks like the chosen language),
     * guides and help, at the bottom like help on every other screen. */
    int y = top + lang_rows * (lh + gap);
    int per_row = tail_rows == 2 ? 2 : 4;
    int tw = (col.w - (per_row - 1) * gap) / per_row;
    int px = tail_rows == 2 ? 36 : 30;
    struct ui_rect cell[4];
    for (int i = 0; i < 4; i++) {
        int row = tail_rows == 2 ? i / 2 : 0, k = tail_rows == 2 ? i % 2 : i;
        cell[i] = (struct ui_rect){col.x + k * (tw + gap), y + row * (lh + gap), tw, lh};
    }
    ui_button_px(c, "a11y.large", ui_tr(c, "Larger text"), cell[0],
                 c->v->large_text ? BTN_PRIMARY : BTN_SECONDARY, true, px);
    ui_button_px(c, "a11y.contrast", ui_tr(c, "High contrast"), cell[1],
                 c->v->high_contrast ? BTN_PRIMARY : BTN_SECONDARY, true, px);
    if (!c->v->no_guides) {
        ui_button_px(c, "action.guides", ui_tr(c, "Guides"), cell[2], BTN_QUIET, true, px);
    } else {
        /* no guides at this clinic: help takes both cells */
        cell[3].w += cell[3].x - cell[2].x;
        cell[3].x = cell[2].x;
    }
    ui_button_px(c, "help", ui_tr(c, "I need help"), cell[3], BTN_QUIET, true, px);
    return top - label_h;
}

void screen_welcome(struct ui_ctx *c)
{
    const struct theme *th = c->th;
    bool landscape = c->env->width > c->env->height;
    ui_screen_begin(c);
    struct ui_rect full = c->body;
    int bottom = c->env->height - ui_dp(c, 64);
    struct ui_rect side = {0};
    if (landscape) {
        /* Two columns: the way in on the left, languages on the right. */
        int gap = ui_dp(c, 64);
        int left_w = (full.w - gap) / 2;
        c->body.w = left_w;
        side = (struct ui_rect){full.x + left_w + gap, full.y, full.w - left_w - gap, full.h};
    } else {
        c->y += ui_dp(c, 40);
    }
    struct text_style hello = {.px = 88, .bold = true, .color = th->text};
    struct text_style sub = {.px = 40, .color = th->muted};
    const char *welcome = ui_tr(c, "Welcome");
    /* No database: nobody can be checked in or take a payment here. */
    bool down = c->v->store_down;
    const char *intro =
        down ? ui_tr(c, "This kiosk cannot check you in just now; please go to the front desk.")
        : c->v->welcome_text
            ? c->v->welcome_text
            : ui_tr(c, "Check in for your appointment here. It takes about a minute.");
    int bh = ui_dp(c, landscape ? 160 : 200);
    struct ui_rect measure = {0, 0, c->body.w, 0};
    int need = ui_text(c, measure, welcome, &hello, true) + ui_dp(c, 16) +
               ui_text(c, measure, intro, &sub, true) + ui_dp(c, 36) + ui_notice_height(c) + bh;
    /* Lowest point the left column may reach; in portrait the languages
     * need their row below. */
    /* The least the language and display buttons need: rows of 96 px. */
    int rows_min = (c->v->lang_count + 1) / 2 + 2;
    int grid_min = rows_min * ui_dp(c, 96) + (rows_min - 1) * ui_dp(c, 16) + ui_dp(c, 24);
    int limit = landscape ? bottom : bottom - grid_min;
    if (c->y + need > limit)
        hello.px = 64; /* a short screen: a smaller greeting first */
    ui_para(c, welcome, &hello, 16);
    kstr_copy(c->f->prompt, sizeof(c->f->prompt), welcome);
    if (c->y + need - ui_text(c, measure, welcome, &hello, true) <= limit || !c->v->notice_msgid)
        ui_subtitle(c, intro);
    /* else: the notice says what matters now; the introduction gives way */
    ui_notice(c);

    /* Check in goes low, just above the language buttons, within reach
     * from a wheelchair (in landscape: at the foot of the left column). */
    int gap = ui_dp(c, landscape ? 32 : 40);
    struct ui_rect lang_col = landscape ? side : (struct ui_rect){full.x, c->y, full.w, 0};
    int under = landscape ? bottom : languages(c, lang_col, bottom, 2, true) - gap;
    struct ui_rect checkin = {c->body.x, under - bh, c->body.w, bh};
    /* "Forms for my visit" sits just above, slimmer: forms can be filled
     * before or without checking in. */
    int fh = ui_dp(c, landscape ? 96 : 110);
    bool forms = !c->v->no_checkin && !down;
    if (forms)
        checkin.y -= fh + gap / 2;
    int text_bottom = checkin.y - gap; /* the hint must end above it (portrait) */
    if (checkin.y < c->y) {
        /* No room below the text: right after it. */
        checkin.y = c->y;
        text_bottom = c->y;
    }
    /* Check in and Pay a bill side by side, when the clinic offers both. */
    struct ui_rect pay = checkin;
    bool no_checkin = c->v->no_checkin || down, no_pay = c->v->no_pay || down;
    if (!no_checkin && !no_pay) {
        checkin.w = (checkin.w - gap) / 2;
        pay.x = checkin.x + checkin.w + gap;
        pay.w = checkin.w;
    }
    if (!no_checkin)
        ui_button(c, "action.checkin", ui_tr(c, "Check in"), checkin, BTN_PRIMARY, true);
    if (!no_pay)
        ui_button(c, "action.pay", ui_tr(c, "Pay a bill"), pay, BTN_PRIMARY, true);
    /* after Check in and Pay, so the keypad reaches them first */
    bool forms_at_cursor = checkin.y == c->y;
    if (forms)
        ui_button_px(c, "action.forms", ui_tr(c, "Forms for my visit"),
                     (struct ui_rect){c->body.x, checkin.y + bh + gap / 2, c->body.w, fh},
                     BTN_SECONDARY, true, 40);
    if (!landscape && checkin.y == c->y && !down)
        c->y += bh + gap;
    if (forms && !landscape && forms_at_cursor)
        c->y += fh + gap / 2;

    /* The other ways in, explained once; in landscape at the top of the
     * right-hand column. */
    if (landscape) {
        c->body = side;
        c->y = side.y;
    }
    int pad = ui_dp(c, 36);
    struct text_style h = {.px = 40, .bold = true, .color = th->text};
    struct text_style p = {.px = 36, .color = th->muted};
    const char *t1 = ui_tr(c, "Have a patient card or an appointment letter?");
    const char *t2 = ui_tr(c, "Swipe your card, or hold the code on your letter under the "
                              "scanner. You can do this at any time.");
    struct ui_rect inner = {c->body.x + pad, 0, c->body.w - 2 * pad, 0};
    int ch =
        ui_text(c, inner, t1, &h, true) + ui_dp(c, 12) + ui_text(c, inner, t2, &p, true) + 2 * pad;
    /* The hint fits above Check in (portrait) or the languages (landscape). */
    int room_bottom = landscape ? bottom - grid_min : text_bottom;
    if (down) {
        /* a card or a letter code cannot be looked up either: no hint */
    } else if (c->y + ch <= room_bottom) {
        ui_fill(c, (struct ui_rect){c->body.x, c->y, c->body.w, ch}, th->surface, ui_dp(c, 20));
        ui_outline(c, (struct ui_rect){c->body.x, c->y, c->body.w, ch}, th->border, ui_dp(c, 20),
                   ui_dp(c, 2));
        inner.y = c->y + pad;
        inner.y += ui_text(c, inner, t1, &h, false) + ui_dp(c, 12);
        ui_text(c, inner, t2, &p, false);
        c->y += ch;
    } else if (c->y + ui_text(c, (struct ui_rect){0, 0, c->body.w, 0}, t2, &p, true) <=
               room_bottom) {
        /* A short screen: the hint without its box and heading. */
        ui_para(c, t2, &p, 0);
    }
    /* Shorter still (small screen, large text, a notice showing): the
     * swipe/scan hint gives way; check-in and languages stay. */

    if (landscape)
        languages(c, (struct ui_rect){side.x, c->y + ui_dp(c, 24), side.w, 0}, bottom, 2, false);
    else
        languages(c, (struct ui_rect){full.x, checkin.y + bh + gap, full.w, 0}, bottom, 2, false);
}
