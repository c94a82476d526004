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

/* Returns the top of what it draws (or, with dry, would draw when there is
 * room below col.y). */
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
    if (dry)
        return top - label_h; /* above col.y when it does not fit below it */
    if (top - label_h < col.y)
        top = col.y + label_h;
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

/* The words of the welcome screen: the notice (what matters now), the
 * introduction, and the card with the other ways in. Where they do not all
 * fit, they page (More / Earlier) in their place; the buttons never move. */
enum { W_INTRO, W_NOTICE, W_CARD, W_COUNT };

struct welcome_words {
    const char *intro, *t1, *t2;
    struct text_style sub, h, p;
    bool has[W_COUNT];
    bool card_compact; /* a short screen: the card's sentence without its box and heading */
};

static int card_height(struct ui_ctx *c, const struct welcome_words *ww, int w)
{
    int pad = ui_dp(c, 36);
    struct ui_rect inner = {0, 0, w - 2 * pad, 0};
    return ui_text(c, inner, ww->t1, &ww->h, true) + ui_dp(c, 12) +
           ui_text(c, inner, ww->t2, &ww->p, true) + 2 * pad;
}

static int word_height(struct ui_ctx *c, const struct welcome_words *ww, int k)
{
    switch (k) {
    case W_NOTICE:
        return ui_notice_height(c);
    case W_INTRO:
        return ui_text(c, (struct ui_rect){0, 0, c->body.w, 0}, ww->intro, &ww->sub, true) +
               ui_dp(c, 36);
    default:
        if (ww->card_compact)
            return ui_text(c, (struct ui_rect){0, 0, c->body.w, 0}, ww->t2, &ww->p, true) +
                   ui_dp(c, 24);
        return card_height(c, ww, c->body.w) + ui_dp(c, 24);
    }
}

static void word_draw(struct ui_ctx *c, const struct welcome_words *ww, int k)
{
    const struct theme *th = c->th;
    if (k == W_NOTICE) {
        ui_notice(c);
    } else if (k == W_INTRO) {
        ui_para(c, ww->intro, &ww->sub, 36);
    } else if (ww->card_compact) {
        ui_para(c, ww->t2, &ww->p, 24);
    } else {
        int pad = ui_dp(c, 36), ch = card_height(c, ww, c->body.w);
        struct ui_rect r = {c->body.x, c->y, c->body.w, ch};
        ui_group_begin(c, r, ww->t1);
        ui_fill(c, r, th->surface, ui_dp(c, 20));
        ui_outline(c, r, th->border, ui_dp(c, 20), ui_dp(c, 2));
        struct ui_rect inner = {c->body.x + pad, c->y + pad, c->body.w - 2 * pad, 0};
        inner.y += ui_text(c, inner, ww->t1, &ww->h, false) + ui_dp(c, 12);
        ui_text(c, inner, ww->t2, &ww->p, false);
        ui_group_end(c);
        c->y += ch + ui_dp(c, 24);
    }
}

/* The words in keys[0..n) between c->y and bottom: all, or a page of them
 * with the pager at the foot of the area. */
static void words(struct ui_ctx *c, struct welcome_words *ww, const int *keys, int n, int bottom)
{
    static const char *const kinds[W_COUNT] = {"welcome.intro", "welcome.notice", "welcome.card"};
    int heights[W_COUNT], total = 0;
    for (int i = 0; i < n; i++)
        total += heights[i] = word_height(c, ww, keys[i]);
    if (c->y + total <= bottom + ui_dp(c, 36)) {
        for (int i = 0; i < n; i++) {
            word_draw(c, ww, keys[i]);
            ui_item(c, kinds[keys[i]], 0, UI_PLACED_SHOWN, NULL);
        }
        return;
    }
    /* Paged: the notice first, it says what matters now. */
    int order[W_COUNT], hs[W_COUNT], k = 0;
    for (int i = 0; i < n; i++)
        if (keys[i] == W_NOTICE)
            order[k] = keys[i], hs[k++] = heights[i];
    for (int i = 0; i < n; i++)
        if (keys[i] != W_NOTICE)
            order[k] = keys[i], hs[k++] = heights[i];
    keys = order;
    for (int i = 0; i < n; i++)
        heights[i] = hs[i];
    int pager_h = ui_pager_height(c), first = ui_scroll_first(c, n), shown = 0;
    for (int i = 0; i < n; i++)
        if (keys[i] == W_CARD && c->y + heights[i] > bottom - pager_h + ui_dp(c, 24)) {
            ww->card_compact = true;
            heights[i] = word_height(c, ww, W_CARD);
        }
    int y = c->y;
    while (first + shown < n &&
           (shown == 0 || y + heights[first + shown] <= bottom - pager_h + ui_dp(c, 24))) {
        y += heights[first + shown];
        shown++;
    }
    for (int i = first; i < first + shown; i++)
        word_draw(c, ww, keys[i]);
    for (int i = 0; i < n; i++)
        ui_item(c, kinds[keys[i]], 0,
                i >= first && i < first + shown ? UI_PLACED_SHOWN : UI_PLACED_PAGED,
                i < first ? "scroll.back" : "scroll.more");
    /* the pager notes the same elements again as its own kind */
    ui_pager(c, (struct ui_rect){c->body.x, bottom - pager_h, c->body.w, pager_h}, "welcome.words",
             first, shown, n);
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
    const char *welcome = ui_tr(c, "Welcome");
    /* No database: nobody can be checked in or take a payment here. */
    bool down = c->v->store_down;
    struct welcome_words ww = {
        .intro =
            down ? ui_tr(c, "This kiosk cannot check you in just now; please go to the front desk.")
            : c->v->welcome_text
                ? c->v->welcome_text
                : ui_tr(c, "Check in for your appointment here. It takes about a minute."),
        .t1 = ui_tr(c, "Have a patient card or an appointment letter?"),
        .t2 = ui_tr(c, "Swipe your card, or hold the code on your letter under the scanner. You "
                       "can do this at any time."),
        .sub = {.px = 40, .color = th->muted},
        .h = {.px = 40, .bold = true, .color = th->text},
        .p = {.px = 36, .color = th->muted},
        .has = {true, c->v->notice_msgid != NULL, !down},
    };
    int bh = ui_dp(c, landscape ? 160 : 200);
    /* "Forms for my visit" sits just under Check in, slimmer: forms can be
     * filled before or without checking in. */
    bool forms = !c->v->no_checkin && !down;
    int fh = forms ? ui_dp(c, landscape ? 96 : 110) : 0;
    int fgap = forms ? ui_dp(c, 16) : 0;
    /* The least the language and display buttons need: rows of 96 px. */
    int rows_min = (c->v->lang_count + 1) / 2 + 2;
    int grid_min = rows_min * ui_dp(c, 96) + (rows_min - 1) * ui_dp(c, 16) + ui_dp(c, 24);
    int limit = landscape ? bottom : bottom - grid_min;
    struct ui_rect measure = {0, 0, c->body.w, 0};
    int need = ui_text(c, measure, welcome, &hello, true) + ui_dp(c, 16) +
               word_height(c, &ww, W_INTRO) + word_height(c, &ww, W_NOTICE) + bh + fh + fgap;
    if (c->y + need > limit) {
        hello.px = 64; /* a short screen: a smaller greeting first */
        bottom = c->env->height - ui_dp(c, 40);
    }
    if (c->y + need - ui_dp(c, 40) > limit)
        hello.px = 56;
    ui_para(c, welcome, &hello, 16);
    kstr_copy(c->f->prompt, sizeof(c->f->prompt), welcome);

    /* Check in goes low, just above the language buttons, within reach
     * from a wheelchair (in landscape: at the foot of the left column). */
    int gap = ui_dp(c, landscape ? 32 : 40);
    struct ui_rect lang_col = landscape ? side : (struct ui_rect){full.x, c->y, full.w, 0};
    int under = landscape ? bottom : languages(c, lang_col, bottom, 2, true) - gap;
    struct ui_rect checkin = {c->body.x, under - bh - fh - fgap, c->body.w, bh};

    /* The words between the greeting and Check in; in landscape the card
     * goes to the top of the right-hand column when it fits there. */
    int keys[W_COUNT], n = 0;
    for (int k = 0; k < W_COUNT; k++)
        if (ww.has[k])
            keys[n++] = k;
    bool card_right = false;
    int lang_top = 0;
    if (landscape && ww.has[W_CARD]) {
        lang_top = languages(c, (struct ui_rect){side.x, side.y, side.w, 0}, bottom, 2, true);
        struct ui_rect saved = c->body;
        c->body = side;
        card_right = side.y + word_height(c, &ww, W_CARD) <= lang_top;
        c->body = saved;
        if (card_right)
            n--; /* W_CARD is last */
    }
    /* Portrait, from the top: the words, Check in, the languages. When
     * not all fits, the words page (the first of them and the pager stay)
     * and Check in gets shorter, down to a size still easy to hit; the grid
     * takes its compact form when it must. */
    int total = 0, least_bh = ui_dp(c, 120) > 96 ? ui_dp(c, 120) : 96;
    for (int i = 0; i < n; i++)
        total += word_height(c, &ww, keys[i]);
    if (landscape && forms && c->y + total + gap > checkin.y) {
        /* The left column keeps its words whole and Check in its size: the
         * forms are offered after check-in (the done screen) instead. */
        forms = false;
        checkin.y += fh + fgap;
        fh = fgap = 0;
    }
    if (!landscape) {
        int y0 = c->y + total + gap;
        if (forms &&
            languages(c, (struct ui_rect){full.x, y0 + bh + fh + fgap + gap, full.w, 0}, bottom, 2,
                      true) !=
                languages(c, (struct ui_rect){full.x, y0 + bh + gap, full.w, 0}, bottom, 2, true)) {
            /* The forms button would squeeze the language grid into its
             * compact form: the forms are offered after check-in instead. */
            forms = false;
            fh = fgap = 0;
        }
        int grid_top = languages(c, (struct ui_rect){full.x, y0 + bh + fh + fgap + gap, full.w, 0},
                                 bottom, 2, true);
        if (y0 + bh + fh + fgap + gap > grid_top) { /* it does not all fit */
            int tallest = 0; /* each page holds one at least, with the pager */
            for (int i = 0; i < n; i++)
                if (word_height(c, &ww, keys[i]) > tallest)
                    tallest = word_height(c, &ww, keys[i]);
            int want = n > 0 ? tallest + ui_pager_height(c) : 0;
            y0 = c->y + want + gap;
            grid_top =
                languages(c, (struct ui_rect){full.x, y0 + least_bh + fh + fgap + gap, full.w, 0},
                          bottom, 2, true);
            int room = grid_top - gap - y0 - fh - fgap;
            if (forms && room < least_bh) {
                /* No room for both: Check in keeps its size; the forms are
                 * offered after check-in (the done screen) instead. */
                forms = false;
                room += fh + fgap;
                fh = fgap = 0;
            }
            bh = room < least_bh ? least_bh : room < bh ? room : bh;
        }
        checkin = (struct ui_rect){c->body.x, grid_top - gap - bh - fh - fgap, c->body.w, bh};
    }
    words(c, &ww, keys, n, checkin.y - gap);
    if (checkin.y < c->y)
        checkin.y = c->y; /* the box check reports it */

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
    if (forms) /* after Check in and Pay, so the keypad reaches them first */
        ui_button_px(c, "action.forms",
                     /* the short words where large text leaves a landscape column narrow */
                     landscape && c->v->large_text ? ui_tr(c, "Your forms")
                                                   : ui_tr(c, "Forms for my visit"),
                     (struct ui_rect){c->body.x, checkin.y + bh + fgap, c->body.w, fh},
                     BTN_SECONDARY, true, 40);

    if (landscape) {
        c->body = side;
        c->y = side.y;
        if (card_right) {
            word_draw(c, &ww, W_CARD);
            ui_item(c, "welcome.card", 0, UI_PLACED_SHOWN, NULL);
        }
        languages(c, (struct ui_rect){side.x, c->y, side.w, 0}, bottom, 2, false);
    } else {
        languages(c, (struct ui_rect){full.x, checkin.y + bh + fh + fgap + gap, full.w, 0}, bottom,
                  2, false);
    }
    c->body = full;
}
