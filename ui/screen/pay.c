/* Paying a bill: the amount, a last look before the card, the swipe, and
 * what happened (approved and a receipt, declined, or no card can be taken
 * and the other ways to pay). Card data is never in the view: at most the
 * brand and the last 4 digits. */
#include "firmware/core/screen.h"
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>

void screen_pay_amount(struct ui_ctx *c)
{
    const struct ui_bill *b = ui_open_bill(c);
    char line[200];
    ui_screen_begin(c);
    struct ui_rect full = c->body;
    ui_title(c, ui_tr(c, "How much would you like to pay?"));
    if (c->v->pay_other)
        ui_keypad_beside(c);
    ui_notice(c);
    int gap = ui_dp(c, 24), bh = ui_dp(c, c->compact ? 120 : 150);
    ui_subst(line, sizeof(line), ui_tr(c, "The full balance: {amount}"), "amount",
             b ? b->owes : "");
    ui_button(c, "amount.full", line, (struct ui_rect){c->body.x, c->y, c->body.w, bh}, BTN_PRIMARY,
              b && b->payable);
    c->y += bh + gap;
    if (!c->v->pay_other) {
        ui_button(c, "amount.other", ui_tr(c, "Another amount"),
                  (struct ui_rect){c->body.x, c->y, c->body.w, bh}, BTN_SECONDARY, true);
        ui_actions(c, "back", N_("Back"), NULL, NULL, true);
        return;
    }
    struct text_style hint = {.px = 34, .color = c->th->muted};
    ui_subst(line, sizeof(line), ui_tr(c, "Another amount (at least {amount}):"), "amount",
             c->v->min_amount);
    ui_para(c, line, &hint, 12);
    int fh = ui_dp(c, c->compact ? 112 : 132);
    ui_field(c, "amount", (struct ui_rect){c->body.x, c->y, c->body.w, fh}, c->v->amount_typed,
             NULL, true);
    c->y += fh + ui_dp(c, 32);
    ui_keypad(c);
    c->body = full;
    ui_actions(c, "back", N_("Back"), "next", N_("Next"), true);
}

void screen_pay_confirm(struct ui_ctx *c)
{
    const struct ui_bill *b = ui_open_bill(c);
    char line[200];
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Please check your payment"));
    c->y += ui_dp(c, 16);
    pay_row(c, ui_tr(c, "Amount"), c->v->pay_amount, 48, true);
    char num[KIOSK_IDENT_MAX] = "";
    if (b)
        ui_bill_number(b, num, sizeof(num));
    ui_subst(line, sizeof(line), ui_tr(c, "Statement {number}"), "number", num);
    pay_row(c, ui_tr(c, "For"), line, 38, false);
    if (b)
        pay_row(c, ui_tr(c, "You owe now"), b->owes, 38, false);
    c->y += ui_dp(c, 24);
    ui_subtitle(c, ui_tr(c, "Next, you will swipe your card. Your card number is not kept."));
    ui_actions(c, "back", N_("Back"), "confirm", N_("Pay now"), true);
}

void screen_pay_card(struct ui_ctx *c)
{
    const struct theme *th = c->th;
    char line[200];
    ui_screen_begin(c);
    if (c->v->busy) {
        ui_title(c, ui_tr(c, "Contacting your bank. Please wait."));
        ui_subtitle(c, ui_tr(c, "This takes a few seconds. Please do not swipe again."));
        ui_actions(c, NULL, NULL, NULL, NULL, false);
        return;
    }
    ui_title(c, ui_tr(c, "Please swipe your card"));
    ui_subst(line, sizeof(line), ui_tr(c, "Amount: {amount}"), "amount", c->v->pay_amount);
    ui_subtitle(c, line);
    ui_notice(c);
    /* A card and the slot, drawn: what to do, without words. */
    int cw = ui_dp(c, 520), ch = ui_dp(c, 320);
    struct text_style p = {.px = 38, .color = th->text, .align = ALIGN_CENTER};
    const char *how = ui_tr(c, "Swipe it through the card reader in one smooth movement.");
    int room = c->actions_top - ui_dp(c, 24) - c->y - ui_dp(c, 88) -
               ui_text(c, (struct ui_rect){0, 0, c->body.w, 0}, how, &p, true);
    if (ch > room) { /* a short screen: a smaller picture, the words whole */
        ch = room > ui_dp(c, 120) ? room : ui_dp(c, 120);
        cw = ch * 520 / 320;
    }
    struct ui_rect card = {c->body.x + (c->body.w - cw) / 2, c->y + ui_dp(c, 40), cw, ch};
    ui_fill(c, card, th->primary, ui_dp(c, 28));
    ui_fill(c, (struct ui_rect){card.x, card.y + ui_dp(c, 48), cw, ui_dp(c, 56)}, th->text, 0);
    c->y = card.y + ch + ui_dp(c, 48);
    ui_para(c, how, &p, 16);
    ui_actions(c, "back", N_("Back"), NULL, NULL, true);
}

void screen_pay_declined(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Your card was declined"));
    if (c->v->pay_result == FLOW_PAY_FUNDS)
        ui_subtitle(c, ui_tr(c, "The bank says there is not enough money available on this "
                                "card. Nothing was charged."));
    else
        ui_subtitle(c, ui_tr(c, "Your bank did not approve this payment. Nothing was charged."));
    struct text_style p = {.px = 40, .color = c->th->text};
    ui_para(c, ui_tr(c, "You can try another card, or pay another way."), &p, 24);
    int bh = ui_dp(c, 140);
    ui_button(c, "other", ui_tr(c, "Other ways to pay"),
              (struct ui_rect){c->body.x, c->y, c->body.w, bh}, BTN_SECONDARY, true);
    c->y += bh;
    ui_actions(c, NULL, NULL, "retry", N_("Try another card"), true);
}

void screen_pay_other(struct ui_ctx *c)
{
    const struct theme *th = c->th;
    char line[200];
    bool unconfirmed = c->v->pay_result == FLOW_PAY_UNCONFIRMED;
    ui_screen_begin(c);
    if (unconfirmed) {
        ui_title(c, ui_tr(c, "We could not confirm your payment"));
        ui_subtitle(c, ui_tr(c, "Please do not pay again. We are checking with the bank; the "
                                "front desk can tell you more."));
        ui_actions(c, NULL, NULL, "finish", N_("Finish"), true);
        return;
    }
    ui_title(c, ui_tr(c, "You can pay another way"));
    ui_subtitle(c, ui_tr(c, "Cards cannot be taken at this kiosk right now. Nothing was charged."));
    struct text_style h = {.px = 40, .bold = true, .color = th->text};
    struct text_style p = {.px = 38, .color = th->text};
    /* Landscape: the code on the right, the desk and the phone on the
     * left; portrait: the code above them. */
    struct ui_rect full = c->body;
    int top = c->y;
    bool landscape = c->env->width > c->env->height;
    if (c->v->qr_modules) {
        if (landscape) {
            int right = (full.w - ui_dp(c, 64)) * 40 / 100;
            c->body = (struct ui_rect){full.x + full.w - right, top, right, 0};
        }
        ui_para(c, ui_tr(c, "Online: scan this code with your phone."), &h, 16);
        int side = ui_dp(c, 300);
        if (landscape && c->y + side > c->actions_top - ui_dp(c, 24))
            side = c->actions_top - ui_dp(c, 24) - c->y;
        side = ui_qr(c, c->body.x, c->y, side);
        c->y += side + ui_dp(c, 32);
        if (landscape) {
            c->body = full;
            c->body.w = full.w - (full.w - ui_dp(c, 64)) * 40 / 100 - ui_dp(c, 64);
            c->y = top;
        }
    }
    ui_para(c, ui_tr(c, "At the front desk."), &h, 8);
    if (c->v->front_desk && c->v->front_desk[0])
        ui_para(c, c->v->front_desk, &p, 16);
    if (c->v->phone_billing && c->v->phone_billing[0]) {
        ui_subst(line, sizeof(line), ui_tr(c, "By phone: {number}"), "number", c->v->phone_billing);
        ui_para(c, line, &p, 16);
    }
    c->body = full;
    ui_actions(c, "back", N_("Back"), "finish", N_("Finish"), true);
}

void screen_pay_receipt(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Thank you. Your payment is approved"));
    c->y += ui_dp(c, 8);
    int gap = ui_dp(c, 24), bh = ui_dp(c, 140);
    /* Landscape and short: the receipt's rows on the left, the three
     * choices stacked on the right. */
    struct ui_rect full = c->body;
    int top = c->y;
    bool beside = false;
    if (c->env->width > c->env->height) {
        struct ui_ctx m = *c;
        m.measuring = true;
        pay_row(&m, ui_tr(c, "Amount"), c->v->pay_amount, 44, true);
        pay_row(&m, ui_tr(c, "Card"), c->v->card, 38, false);
        pay_row(&m, ui_tr(c, "Authorisation code"), c->v->auth_code, 38, false);
        m.y += ui_dp(c, 24);
        ui_subtitle(&m, ui_tr(c, "How would you like your receipt?"));
        beside = m.y + 3 * bh + 2 * gap > c->actions_top - gap;
        if (beside)
            c->body.w = (full.w - gap) * 58 / 100;
    }
    pay_row(c, ui_tr(c, "Amount"), c->v->pay_amount, 44, true);
    pay_row(c, ui_tr(c, "Card"), c->v->card, 38, false);
    pay_row(c, ui_tr(c, "Authorisation code"), c->v->auth_code, 38, false);
    c->y += ui_dp(c, 24);
    ui_subtitle(c, ui_tr(c, "How would you like your receipt?"));
    static const char *const ids[] = {"receipt.print", "receipt.screen", "receipt.both"};
    static const char *const labels[] = {N_("Print it"), N_("On my phone"), N_("Both")};
    /* Stacked where there is room; landscape: stacked in a column on the
     * right; else side by side. */
    if (beside) {
        int right = full.w - c->body.w - gap;
        c->body = (struct ui_rect){full.x + full.w - right, top, right, full.h};
        c->y = top;
        if (c->y + 3 * bh + 2 * gap > c->actions_top - gap)
            bh = (c->actions_top - gap - c->y - 2 * gap) / 3;
    }
    bool row = c->y + 3 * bh + 2 * gap > c->actions_top - gap;
    int w = row ? (c->body.w - 2 * gap) / 3 : c->body.w;
    for (int i = 0; i < 3; i++) {
        struct ui_rect r = {c->body.x + (row ? i * (w + gap) : 0), c->y, w, bh};
        ui_button_px(c, ids[i], ui_tr(c, labels[i]), r, i == 0 ? BTN_PRIMARY : BTN_SECONDARY,
                     !c->v->busy, row ? 34 : 44);
        if (!row)
            c->y += bh + gap;
    }
    c->body = full;
    ui_actions(c, NULL, NULL, NULL, NULL, false);
}

void screen_pay_done(struct ui_ctx *c)
{
    const struct ui_bill *b = ui_open_bill(c);
    char line[200];
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Thank you"));
    if (c->v->receipt_failed)
        ui_banner(c,
                  ui_tr(c, "We could not print your receipt. Scan the code to keep it on your "
                           "phone; a member of staff has been told."),
                  true);
    else if (c->v->receipt == RECEIPT_PRINT || c->v->receipt == RECEIPT_BOTH)
        ui_subtitle(c, ui_tr(c, "Please take your receipt from the printer."));
    if (c->v->qr_modules) {
        struct text_style h = {.px = 40, .bold = true, .color = c->th->text};
        ui_para(c, ui_tr(c, "Scan this code to keep your receipt."), &h, 16);
        int side = ui_qr(c, c->body.x, c->y, ui_dp(c, 360));
        c->y += side + ui_dp(c, 32);
    }
    if (b) {
        ui_subst(line, sizeof(line), ui_tr(c, "Left to pay on this bill: {amount}"), "amount",
                 b->owes);
        struct text_style p = {.px = 40, .color = c->th->text};
        ui_para(c, line, &p, 16);
    }
    ui_actions(c, c->v->bill_count > 1 ? "bills" : NULL,
               c->v->bill_count > 1 ? N_("Other bills") : NULL, "finish", N_("Finish"), true);
}
