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
    ui_text(c, (struct ui_rect){r.x + pad, y, time_w - pad, 0}, a->time, &tm, false);
    struct ui_rect col = {r.x + time_w + pad / 2, y, r.w - time_w - pad * 3 / 2, 0};
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
    int h = ui_text(c, col, a->clinic, &cl, true) + ui_dp(c, 6) +
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
    ui_subtitle(c, ui_tr(c, c->v->appt_count > 1 ? N_("Choose the appointment you are here for.")
                                                 : N_("Is this your appointment today?")));
    ui_notice(c);
    /* The cards sit low, just above the action bar, so a patient in a
     * wheelchair can reach the one to choose. */
    int heights[KIOSK_MAX_APPTS], total = 0, shown = 0, gap = ui_dp(c, 24);
    int room = c->actions_top - ui_dp(c, 32) - c->y;
    for (int i = 0; i < c->v->appt_count; i++) {
        heights[i] = appt_height(c, &c->v->appts[i], c->body.w);
        if (total + heights[i] > room)
            break; /* at most what fits; the list holds KIOSK_MAX_APPTS */
        total += heights[i] + gap;
        shown++;
    }
    c->y += room - total > 0 ? room - total : 0;
    for (int i = 0; i < shown; i++) {
        appt_card(c, i, &c->v->appts[i], (struct ui_rect){c->body.x, c->y, c->body.w, heights[i]});
        c->y += heights[i] + gap;
    }
    ui_item_range(c, "appt", c->v->appt_count, 0, shown, NULL, NULL);
    ui_actions(c, "cancel", N_("Cancel"), "confirm", N_("Check in"), c->v->can_confirm);
}
