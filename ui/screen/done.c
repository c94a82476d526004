#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>

void screen_done(struct ui_ctx *c)
{
    const struct theme *th = c->th;
    char where[300];
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "You're checked in"));
    if (c->v->print_failed) {
        c->y += ui_dp(c, 8);
    } else {
        ui_subtitle(c, ui_tr(c, "Thank you. Please take your ticket."));
    }

    /* The queue number, big, in a badge. */
    int bw = ui_dp(c, 620), bh = ui_dp(c, 400);
    if (bw > c->body.w)
        bw = c->body.w;
    struct ui_rect badge = {c->body.x + (c->body.w - bw) / 2, c->y, bw, bh};
    ui_fill(c, badge, th->success, ui_dp(c, 36));
    struct text_style lab = {
        .px = 40, .bold = true, .color = th->on_success, .align = ALIGN_CENTER, .max_lines = 1};
    struct text_style num = {
        .px = 180, .bold = true, .color = th->on_success, .align = ALIGN_CENTER, .max_lines = 1};
    ui_text(c, (struct ui_rect){badge.x, badge.y + ui_dp(c, 36), bw, ui_dp(c, 60)},
            ui_tr(c, "Your number"), &lab, false);
    ui_text(c, (struct ui_rect){badge.x, badge.y + ui_dp(c, 110), bw, ui_dp(c, 260)}, c->v->queue,
            &num, false);
    ui_say_value(c, ui_tr(c, "Your number"), c->v->queue);
    c->y += bh + ui_dp(c, 48);

    if (c->v->print_failed) {
        struct ui_view v = *c->v;
        v.notice_msgid = N_("We could not print your ticket. Please remember your number.");
        v.notice_is_error = true;
        const struct ui_view *saved = c->v;
        c->v = &v;
        ui_notice(c);
        c->v = saved;
    }
    struct text_style p = {.px = 44, .color = th->text, .align = ALIGN_CENTER};
    if (c->v->done_clinic && c->v->done_clinic[0]) {
        ui_subst(where, sizeof(where), ui_tr(c, "Please take a seat in {clinic}."), "clinic",
                 c->v->done_clinic);
        ui_para(c, where, &p, 12);
    }
    if (c->v->done_directions && c->v->done_directions[0])
        ui_para(c, c->v->done_directions, &p, 12);
    struct text_style q = {.px = 40, .color = th->muted, .align = ALIGN_CENTER};
    ui_para(c, ui_tr(c, "We will call your number on the screens."), &q, 0);
    if (c->v->closing_text && c->v->closing_text[0]) {
        struct text_style cl = {.px = 40, .bold = true, .color = th->text, .align = ALIGN_CENTER};
        c->y += ui_dp(c, 24);
        ui_para(c, c->v->closing_text, &cl, 0);
    }
    /* The forms owed for this visit: offered in the action bar (it always
     * fits, in any orientation and text size), never required here. */
    if (c->v->forms_owed > 0)
        ui_actions(c, "forms", N_("Forms for your visit"), "finish", N_("Finish"), true);
    else
        ui_actions(c, NULL, NULL, "finish", N_("Finish"), true);
}
