#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>

/* The paragraphs under the number: where to go, what happens next, the
 * clinic's closing words. */
struct done_text {
    const char *text[4];
    const char *kind[4];
    struct text_style st[4];
    int gap[4];
    int count;
};

static void done_text(struct ui_ctx *c, struct done_text *t, char *where, size_t size)
{
    const struct theme *th = c->th;
    struct text_style p = {.px = 44, .color = th->text, .align = ALIGN_CENTER};
    struct text_style q = {.px = 40, .color = th->muted, .align = ALIGN_CENTER};
    struct text_style cl = {.px = 40, .bold = true, .color = th->text, .align = ALIGN_CENTER};
    t->count = 0;
    if (c->v->done_clinic && c->v->done_clinic[0]) {
        ui_subst(where, size, ui_tr(c, "Please take a seat in {clinic}."), "clinic",
                 c->v->done_clinic);
        t->text[t->count] = where, t->kind[t->count] = "done.clinic", t->st[t->count] = p;
        t->gap[t->count++] = 12;
    }
    if (c->v->done_directions && c->v->done_directions[0]) {
        t->text[t->count] = c->v->done_directions, t->kind[t->count] = "done.directions";
        t->st[t->count] = p, t->gap[t->count++] = 12;
    }
    t->text[t->count] = ui_tr(c, "We will call your number on the screens.");
    t->kind[t->count] = "done.call", t->st[t->count] = q, t->gap[t->count++] = 24;
    if (c->v->closing_text && c->v->closing_text[0]) {
        t->text[t->count] = c->v->closing_text, t->kind[t->count] = "done.closing";
        t->st[t->count] = cl, t->gap[t->count++] = 0;
    }
}

static int done_text_height(struct ui_ctx *c, const struct done_text *t, int w)
{
    int h = 0;
    for (int i = 0; i < t->count; i++)
        h += ui_text(c, (struct ui_rect){0, 0, w, 0}, t->text[i], &t->st[i], true) +
             ui_dp(c, t->gap[i]);
    return h;
}

/* The queue number, big, in a badge of height bh; strip: the label and
 * the number side by side in one row (a short screen). */
static void done_badge(struct ui_ctx *c, int bh, bool strip)
{
    const struct theme *th = c->th;
    int bw = strip ? c->body.w : ui_dp(c, 620);
    if (bw > c->body.w)
        bw = c->body.w;
    struct ui_rect badge = {c->body.x + (c->body.w - bw) / 2, c->y, bw, bh};
    ui_fill(c, badge, th->success, ui_dp(c, 36));
    ui_group_begin(c, badge, c->v->queue);
    struct text_style lab = {
        .px = 40, .bold = true, .color = th->on_success, .align = ALIGN_CENTER, .max_lines = 1};
    struct text_style num = {.px = strip ? 100 : 180,
                             .bold = true,
                             .color = th->on_success,
                             .align = ALIGN_CENTER,
                             .max_lines = 1};
    if (strip) {
        int half = (bw - ui_dp(c, 48)) / 2;
        lab.align = ALIGN_RIGHT;
        lab.max_lines = 2;
        num.align = ALIGN_LEFT;
        ui_text(c, (struct ui_rect){badge.x + ui_dp(c, 16), badge.y, half, bh},
                ui_tr(c, "Your number"), &lab, false);
        ui_text(c, (struct ui_rect){badge.x + half + ui_dp(c, 32), badge.y, half, bh}, c->v->queue,
                &num, false);
    } else {
        int label_h = ui_dp(c, 60), top = bh >= ui_dp(c, 400) ? ui_dp(c, 36) : ui_dp(c, 16);
        ui_text(c, (struct ui_rect){badge.x, badge.y + top, bw, label_h}, ui_tr(c, "Your number"),
                &lab, false);
        int num_y = badge.y + top + label_h + ui_dp(c, 8);
        int num_h = badge.y + bh - num_y - ui_dp(c, 16);
        /* A shorter badge: the number as big as its height allows. */
        int lh = c->env->measure.line_height(c->env->measure.ctx, ui_sp(c, num.px));
        if (lh > num_h && lh > 0)
            num.px = num.px * num_h / lh;
        ui_text(c, (struct ui_rect){badge.x, num_y, bw, num_h}, c->v->queue, &num, false);
    }
    ui_group_end(c);
    ui_say_value(c, ui_tr(c, "Your number"), c->v->queue);
    c->y += bh + ui_dp(c, strip ? 32 : 48);
}

static void print_failed_notice(struct ui_ctx *c)
{
    struct ui_view v = *c->v;
    v.notice_msgid = N_("We could not print your ticket. Please remember your number.");
    v.notice_is_error = true;
    const struct ui_view *saved = c->v;
    c->v = &v;
    ui_notice(c);
    c->v = saved;
}

void screen_done(struct ui_ctx *c)
{
    char where[300];
    ui_screen_begin(c);
    struct done_text t;
    done_text(c, &t, where, sizeof(where));
    struct ui_view pv = *c->v;
    pv.notice_msgid = c->v->print_failed
                          ? N_("We could not print your ticket. Please remember your number.")
                          : NULL;
    const struct ui_view *saved = c->v;
    c->v = &pv;
    int notice_h = ui_notice_height(c);
    c->v = saved;

    /* Portrait: the title, the badge (smaller if it must be, down to what
     * its number needs, then a strip), then the paragraphs. Landscape: two
     * columns, the title and the number on the left, the words on the right
     * from the top: the width is used rather than the text shrunk. */
    bool landscape = c->env->width > c->env->height;
    struct ui_rect full = c->body;
    int bottom = c->actions_top - ui_dp(c, 16);
    int gap = ui_dp(c, 64);
    if (landscape)
        c->body.w = (full.w - gap) * 42 / 100;
    ui_title(c, ui_tr(c, "You're checked in"));
    if (c->v->print_failed)
        c->y += ui_dp(c, 8);
    else
        ui_subtitle(c, ui_tr(c, "Thank you. Please take your ticket."));
    int full_bh = ui_dp(c, 400), least_bh = ui_dp(c, 84) + ui_sp(c, 120) * 14 / 10;
    if (least_bh > full_bh)
        least_bh = full_bh;
    if (landscape) {
        int bh = bottom - c->y;
        done_badge(c, bh < full_bh ? bh : full_bh, bh < least_bh);
        c->body =
            (struct ui_rect){full.x + c->body.w + gap, full.y, full.w - c->body.w - gap, full.h};
        c->y = full.y;
        for (int i = 0; i < t.count; i++)
            t.st[i].align = ALIGN_LEFT;
    } else {
        int text_h = notice_h + done_text_height(c, &t, c->body.w);
        int room = bottom - c->y - ui_dp(c, 48) - text_h;
        if (room >= least_bh)
            done_badge(c, room < full_bh ? room : full_bh, false);
        else
            done_badge(
                c, c->env->measure.line_height(c->env->measure.ctx, ui_sp(c, 100)) + ui_dp(c, 24),
                true);
    }
    if (c->v->print_failed)
        print_failed_notice(c);
    /* The paragraphs that fit; the rest a More away. */
    int heights[4], total = 0;
    for (int i = 0; i < t.count; i++) {
        heights[i] = ui_text(c, (struct ui_rect){0, 0, c->body.w, 0}, t.text[i], &t.st[i], true) +
                     ui_dp(c, t.gap[i]);
        total += heights[i];
    }
    int first = 0, shown = t.count, pager_h = ui_pager_height(c);
    if (c->y + total > bottom) {
        first = ui_scroll_first(c, t.count);
        int y = c->y;
        for (shown = 0; first + shown < t.count; shown++) {
            if (shown > 0 && y + heights[first + shown] > bottom - pager_h - ui_dp(c, 16))
                break;
            y += heights[first + shown];
        }
    }
    for (int i = first; i < first + shown; i++)
        ui_para(c, t.text[i], &t.st[i], t.gap[i]);
    for (int i = 0; i < t.count; i++)
        if (i < first || i >= first + shown)
            ui_say(c, t.text[i]); /* heard whole, whatever is on screen */
    if (shown < t.count || first > 0)
        ui_pager(c, (struct ui_rect){c->body.x, bottom - pager_h, c->body.w, pager_h}, "done.text",
                 first, shown, t.count);
    else
        ui_item_range(c, "done.text", t.count, 0, t.count, NULL, NULL);
    c->body = full;
    /* The forms owed for this visit: offered in the action bar, never
     * required here; a short label, so it fits the button in every language,
     * orientation, text size and high contrast. */
    if (c->v->forms_owed > 0)
        ui_actions(c, "forms", N_("Your forms"), "finish", N_("Finish"), true);
    else
        ui_actions(c, NULL, NULL, "finish", N_("Finish"), true);
}
