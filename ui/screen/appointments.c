#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>

/* The time column is as wide as the longest time on the list ("10:45 AM"
 * in large text needs more than "9:05"), at most 40% of the card. */
static int time_column(struct ui_ctx *c, int card_w)
{
    int w = ui_dp(c, 250);
    int pad = ui_dp(c, 32);
    for (int i = 0; i < c->v->appt_count; i++) {
        int tw =
            c->env->measure.width(c->env->measure.ctx, c->v->appts[i].time, ui_sp(c, 52), true) +
            pad * 2;
        if (tw > w)
            w = tw;
    }
    return w < card_w * 4 / 10 ? w : card_w * 4 / 10;
}

/* A narrow card (a small screen, large text) puts the time above the
 * words, which then take the card's whole width. */
static bool stacked(struct ui_ctx *c, int card_w)
{
    return card_w < ui_sp(c, 860);
}

static void appt_card(struct ui_ctx *c, int i, const struct ui_appt *a, struct ui_rect r)
{
    const struct theme *th = c->th;
    int radius = ui_dp(c, 20);
    int pad = ui_dp(c, 32);
    char id[16], buf[200];
    ui_fill(c, r, th->surface, radius);
    ui_outline(c, r, a->selected ? th->focus : th->border, radius, ui_dp(c, a->selected ? 8 : 2));
    int time_w = time_column(c, r.w);
    ui_group_begin(c, r, a->clinic);
    struct text_style tm = {.px = 52, .bold = true, .color = th->text, .max_lines = 1};
    struct text_style cl = {.px = 42, .bold = true, .color = th->text, .max_lines = 2};
    struct text_style pv = {.px = 36, .color = th->muted, .max_lines = 2};
    int y = r.y + pad;
    struct ui_rect col = {r.x + time_w + pad / 2, y, r.w - time_w - pad * 3 / 2, 0};
    if (stacked(c, r.w)) {
        col = (struct ui_rect){r.x + pad, y, r.w - 2 * pad, 0};
        col.y += ui_text(c, col, a->time, &tm, false) + ui_dp(c, 6);
    } else {
        ui_text(c, (struct ui_rect){r.x + pad, y, time_w - pad, 0}, a->time, &tm, false);
    }
    col.y += ui_text(c, col, a->clinic, &cl, false) + ui_dp(c, 6);
    col.y += ui_text(c, col, a->provider, &pv, false) + ui_dp(c, 6);
    col.y += ui_text(c, col, a->directions, &pv, false);
    if (a->status_msgid) {
        ui_subst(buf, sizeof(buf), ui_tr(c, a->status_msgid), "time", a->status_arg);
        struct text_style st = {.px = 36, .bold = true, .color = th->on_info_bg, .max_lines = 2};
        col.y += ui_dp(c, 10);
        col.y += ui_text(c, col, buf, &st, false);
    }
    ui_group_end(c);
    snprintf(id, sizeof(id), "appt.%d", i);
    snprintf(buf, sizeof(buf), "%s, %s", a->time, a->clinic);
    ui_target(c, id, r, buf, !a->selectable);
}

static int appt_height(struct ui_ctx *c, const struct ui_appt *a, int w)
{
    int pad = ui_dp(c, 32);
    int time_w = time_column(c, w);
    char buf[200];
    struct text_style cl = {.px = 42, .bold = true, .max_lines = 2};
    struct text_style pv = {.px = 36, .max_lines = 2};
    struct ui_rect col = {0, 0, w - time_w - pad * 3 / 2, 0};
    int top = 0;
    if (stacked(c, w)) {
        struct text_style tm = {.px = 52, .bold = true, .max_lines = 1};
        col.w = w - 2 * pad;
        top = ui_text(c, col, "10:45", &tm, true) + ui_dp(c, 6);
    }
    int h = top + ui_text(c, col, a->clinic, &cl, true) + ui_dp(c, 6) +
            ui_text(c, col, a->provider, &pv, true) + ui_dp(c, 6) +
            ui_text(c, col, a->directions, &pv, true);
    if (a->status_msgid) {
        ui_subst(buf, sizeof(buf), ui_tr(c, a->status_msgid), "time", a->status_arg);
        struct text_style st = {.px = 36, .bold = true, .max_lines = 2};
        h += ui_dp(c, 10) + ui_text(c, col, buf, &st, true);
    }
    return h + 2 * pad;
}

void screen_appointments(struct ui_ctx *c)
{
    char hello[160];
    ui_screen_begin(c);
    ui_subst(hello, sizeof(hello), ui_tr(c, "Hello, {name}"), "name",
             c->v->given_name ? c->v->given_name : "");
    ui_title(c, hello);
    const char *sub = ui_tr(c, c->v->appt_count > 1 ? N_("Choose the appointment you are here for.")
                                                    : N_("Is this your appointment today?"));
    /* A screen too short for the subtitle and a whole card with the pager:
     * the subtitle is said, not shown (the cards say what to do). */
    struct ui_ctx m = *c;
    m.measuring = true;
    ui_subtitle(&m, sub);
    int tallest = 0;
    for (int i = 0; i < c->v->appt_count; i++) {
        int h = appt_height(c, &c->v->appts[i], c->body.w - ui_dp(c, 284));
        tallest = h > tallest ? h : tallest;
    }
    if (c->v->appt_count > 1 &&
        m.y + ui_notice_height(c) + tallest + ui_pager_height(c) + ui_dp(c, 56) >
            c->actions_top - ui_dp(c, 32))
        ui_say(c, sub);
    else
        ui_subtitle(c, sub);
    ui_notice(c);
    /* The cards sit low, just above the action bar, so a patient in a
     * wheelchair can reach the one to choose; two a row on a landscape
     * screen. More than fit: a page of them and the pager under them. */
    int n = c->v->appt_count, gap = ui_dp(c, 24);
    int bottom = c->actions_top - ui_dp(c, 32);
    int cols = c->env->width > c->env->height && n > 1 ? 2 : 1;
    int cw = (c->body.w - (cols - 1) * gap) / cols;
    int heights[KIOSK_MAX_APPTS];
    for (int i = 0; i < n; i++) {
        heights[i] = appt_height(c, &c->v->appts[i], cw);
        if (cols == 2 && c->y + heights[i] > bottom - ui_pager_height(c)) {
            cols = 1; /* half-width cards too tall for this screen: full width */
            cw = c->body.w;
            i = -1;
        }
    }
    for (int i = 0; i < n; i += cols) /* a row is as tall as its tallest card */
        for (int k = i + 1; k < i + cols && k < n; k++)
            heights[i] = heights[k] = heights[i] > heights[k] ? heights[i] : heights[k];
    int total = 0;
    for (int i = 0; i < n; i += cols)
        total += heights[i] + gap;
    int first = 0, shown = n, pager_h = 0, pager_w = 0, cards_top = c->y;
    struct ui_rect full = c->body;
    if (c->y + total > bottom + gap && cols == 1 && c->env->width > c->env->height) {
        /* Landscape: the pager in a column beside the cards, so a whole
         * card always fits the height. */
        pager_w = ui_dp(c, 260);
        c->body.w -= pager_w + gap;
        cw = c->body.w;
        total = 0;
        for (int i = 0; i < n; i++)
            total += (heights[i] = appt_height(c, &c->v->appts[i], cw)) + gap;
    }
    if (c->y + total > bottom + gap) {
        pager_h = pager_w ? 0 : ui_pager_height(c);
        first = ui_scroll_first(c, n) / cols * cols;
        int y = c->y;
        for (shown = 0; first + shown < n; shown += cols) {
            if (shown > 0 && y + heights[first + shown] > bottom - pager_h)
                break;
            y += heights[first + shown] + gap;
        }
        if (first + shown > n)
            shown = n - first;
        total = y - c->y;
    }
    int y = bottom - pager_h - total + gap;
    if (y < c->y)
        y = c->y;
    for (int i = first; i < first + shown; i++) {
        int col = (i - first) % cols;
        appt_card(c, i, &c->v->appts[i],
                  (struct ui_rect){c->body.x + col * (cw + gap), y, cw, heights[i]});
        if (col == cols - 1 || i + 1 == first + shown)
            y += heights[i] + gap;
    }
    c->y = y;
    c->body = full;
    if (pager_w)
        ui_pager(
            c, (struct ui_rect){full.x + full.w - pager_w, cards_top, pager_w, bottom - cards_top},
            "appt", first, shown, n);
    else if (pager_h)
        ui_pager(c, (struct ui_rect){c->body.x, bottom - pager_h, c->body.w, pager_h}, "appt",
                 first, shown, n);
    else
        ui_item_range(c, "appt", n, 0, n, NULL, NULL);
    ui_actions(c, "cancel", N_("Cancel"), "confirm", N_("Check in"), c->v->can_confirm);
}
