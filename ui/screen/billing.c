/* A question to billing staff: the topic, a number to call back on (typed
 * on the keypad: the patient chooses to give it), and who will call when. */
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>

void screen_billing_topic(struct ui_ctx *c)
{
    static const char *const ids[] = {"topic.bill", "topic.plan", "topic.insurance", "topic.other"};
    static const char *const labels[] = {N_("A question about this bill"),
                                         N_("I'd like a payment plan"), N_("My insurance"),
                                         N_("Something else")};
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "What would you like to talk about?"));
    ui_subtitle(c, ui_tr(c, "A member of our billing team will call you back."));
    /* Four topics stacked; on a short screen two by two (finger-sized, two
     * lines of text each), always above the action bar. */
    int gap = ui_dp(c, 24), bh = ui_dp(c, 140);
    int room = c->actions_top - ui_dp(c, 24) - c->y;
    int cols = 1;
    if (4 * bh + 3 * gap > room) {
        cols = 2;
        if (2 * bh + gap > room)
            bh = (room - gap) / 2;
        int least = ui_sp(c, 96);
        if (bh < least)
            bh = least;
    }
    int rows = 4 / cols, bw = (c->body.w - (cols - 1) * gap) / cols;
    int top = c->actions_top - ui_dp(c, 24) - (rows * bh + (rows - 1) * gap);
    if (top > c->y)
        top = cols == 1 ? c->y : top;
    for (int i = 0; i < 4; i++) {
        struct ui_rect r = {c->body.x + (i % cols) * (bw + gap), top + (i / cols) * (bh + gap), bw,
                            bh};
        ui_button_px(c, ids[i], ui_tr(c, labels[i]), r, BTN_SECONDARY, true, cols == 1 ? 44 : 38);
    }
    c->y = top + rows * (bh + gap);
    ui_actions(c, "back", N_("Back"), NULL, NULL, true);
}

void screen_billing_phone(struct ui_ctx *c)
{
    ui_screen_begin(c);
    struct ui_rect full = c->body;
    ui_title(c, ui_tr(c, "What number should we call?"));
    ui_keypad_beside(c);
    ui_subtitle(c, ui_tr(c, "Type your phone number with the area code."));
    ui_notice(c);
    int fh = ui_dp(c, c->compact ? 112 : 132);
    ui_field(c, "phone", (struct ui_rect){c->body.x, c->y, c->body.w, fh}, c->v->phone_typed, NULL,
             true);
    c->y += fh + ui_dp(c, 32);
    ui_keypad(c);
    c->body = full;
    ui_actions(c, "back", N_("Back"), "next", N_("Send"), true);
}

void screen_billing_sent(struct ui_ctx *c)
{
    char line[240], days[8];
    ui_screen_begin(c);
    if (c->v->question_failed) {
        ui_title(c, ui_tr(c, "Please go to the front desk"));
        ui_subtitle(c, ui_tr(c, "We could not send your request from here."));
    } else {
        ui_title(c, ui_tr(c, "Thank you. We will call you"));
        snprintf(days, sizeof(days), "%d", c->v->callback_days);
        ui_subst(line, sizeof(line),
                 ui_tr(c, "Our billing team will call you within {days} working days."), "days",
                 days);
        ui_subtitle(c, line);
        struct text_style num = {.px = c->compact ? 40 : 44, .bold = true, .color = c->th->text};
        ui_subst(line, sizeof(line), ui_tr(c, "We will call: {number}"), "number",
                 c->v->phone_shown);
        ui_para(c, line, &num, 24);
        ui_notice(c);
        int bh = ui_dp(c, 120);
        ui_button(c, "print", ui_tr(c, "Print this"),
                  (struct ui_rect){c->body.x, c->y, c->body.w, bh}, BTN_SECONDARY, !c->v->busy);
        c->y += bh + ui_dp(c, 32);
    }
    if (c->v->phone_billing && c->v->phone_billing[0]) {
        struct text_style p = {.px = c->compact ? 36 : 40, .color = c->th->text};
        ui_subst(line, sizeof(line), ui_tr(c, "Billing office: {number}"), "number",
                 c->v->phone_billing);
        ui_para(c, line, &p, 16);
    }
    ui_actions(c, "back", N_("Back"), "finish", N_("Finish"), true);
}
