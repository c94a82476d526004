/* Paying a bill: the amount, a last look before paying, the payment
 * terminal (where it is, Cancel), and what happened (approved and a
 * receipt, declined or cancelled, or no card can be taken and the other
 * ways to pay). Card data is never in the view: the brand and the card
 * number as the terminal masks it. */
#include "firmware/core/screen.h"
#include "firmware/core/str.h"
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
    /* The least a part payment may be, up to what is owed. */
    ui_subst(line, sizeof(line), ui_tr(c, "Another amount, from {min} to {max}:"), "min",
             c->v->min_amount);
    char range[200];
    ui_subst(range, sizeof(range), line, "max", b ? b->owes : "");
    ui_para(c, range, &hint, 12);
    int fh = ui_dp(c, c->compact ? 112 : 132);
    ui_field(c, "amount", (struct ui_rect){c->body.x, c->y, c->body.w, fh}, c->v->amount_typed,
             NULL, true);
    c->y += fh + ui_dp(c, 32);
    ui_keypad_money(c);
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
    if (c->v->qr_scheme) {
        /* The one added choice: pay by the country's QR scheme. */
        int bh = ui_dp(c, 140);
        ui_subst(line, sizeof(line), ui_tr(c, "Pay by {method}"), "method", c->v->qr_scheme);
        ui_button(c, "confirm.qr", line, (struct ui_rect){c->body.x, c->y, c->body.w, bh},
                  c->v->cards_off ? BTN_PRIMARY : BTN_SECONDARY, true);
        c->y += bh + ui_dp(c, 24);
    }
    if (c->v->cards_off) {
        ui_actions(c, "back", N_("Back"), NULL, NULL, false);
        return;
    }
    ui_subtitle(c, ui_tr(c, "Next, you will pay on the card terminal beside this screen."));
    ui_actions(c, "back", N_("Back"), "confirm", N_("Pay now"), true);
}

/* A payment terminal, drawn: its screen, its keys and a card going in,
 * for a pack without a picture of where the terminal is. */
static void terminal_drawing(struct ui_ctx *c, struct ui_rect area)
{
    const struct theme *th = c->th;
    /* Upright like a real one, whatever the room's shape. */
    int tw = area.w * 2 / 5 < area.h * 3 / 5 ? area.w * 2 / 5 : area.h * 3 / 5, th_ = area.h;
    int ch = ui_dp(c, 70); /* the card, half in the slot at the top */
    struct ui_rect body = {area.x + (area.w - tw) / 2, area.y + ch / 2, tw, th_ - ch / 2};
    ui_fill(c, body, th->text, ui_dp(c, 28));
    int pad = ui_dp(c, 22);
    struct ui_rect scr = {body.x + pad, body.y + pad, body.w - 2 * pad, body.h * 2 / 5};
    ui_fill(c, scr, th->surface, ui_dp(c, 10));
    int keys_top = scr.y + scr.h + pad, kw = (scr.w - 2 * pad) / 3;
    int kh = (body.y + body.h - pad - keys_top - 3 * pad / 2) / 4;
    for (int row = 0; row < 4; row++)
        for (int col = 0; col < 3; col++)
            ui_fill(
                c,
                (struct ui_rect){scr.x + col * (kw + pad), keys_top + row * (kh + pad / 2), kw, kh},
                row == 3 && col == 2 ? th->primary : th->muted, ui_dp(c, 8));
    int cw = body.w * 3 / 4;
    ui_fill(c, (struct ui_rect){body.x + (body.w - cw) / 2, body.y - ch / 2, cw, ch}, th->primary,
            ui_dp(c, 12));
}

void screen_pay_card(struct ui_ctx *c)
{
    const struct theme *th = c->th;
    char line[200];
    ui_screen_begin(c);
    if (c->v->pay_cancelling) {
        ui_title(c, ui_tr(c, "Cancelling your payment. Please wait."));
        ui_subtitle(c, ui_tr(c, "The terminal is being told. Nothing is charged."));
        ui_actions(c, NULL, NULL, NULL, NULL, false);
        return;
    }
    ui_title(c, ui_tr(c, "Insert, tap or swipe your card on the terminal"));
    ui_subst(line, sizeof(line), ui_tr(c, "Amount: {amount}"), "amount", c->v->pay_amount);
    ui_subtitle(c, line);
    ui_notice(c);
    struct text_style p = {.px = 38, .color = th->text, .align = ALIGN_CENTER};
    ui_para(c,
            ui_tr(c, "Follow the instructions on the terminal. It may ask for your PIN. Your card "
                     "never goes into this kiosk."),
            &p, 16);
    /* Where the terminal is, in the room left above the buttons. */
    int gap = ui_dp(c, 32);
    int ph = c->actions_top - c->y - 2 * gap;
    if (ph > ui_dp(c, 560))
        ph = ui_dp(c, 560);
    if (ph > ui_dp(c, 140)) {
        struct ui_rect pic = {c->body.x, c->y + gap, c->body.w, ph};
        struct draw_cmd *img = c->v->terminal_image ? draw_list_push(&c->f->dl, DRAW_IMAGE) : NULL;
        if (img) {
            img->rect = pic;
            kstr_copy(img->text, sizeof(img->text), c->v->terminal_image);
        } else {
            terminal_drawing(c, pic);
        }
        c->y = pic.y + pic.h + gap;
    }
    ui_actions(c, "pay.cancel", N_("Cancel"), NULL, NULL, true);
}

void screen_pay_declined(struct ui_ctx *c)
{
    bool cancelled = c->v->pay_result == FLOW_PAY_CANCELLED;
    ui_screen_begin(c);
    if (cancelled) {
        ui_title(c, ui_tr(c, "Your payment was cancelled"));
        ui_subtitle(c, ui_tr(c, "Nothing was charged."));
    } else {
        ui_title(c, ui_tr(c, "Your card was declined"));
        if (c->v->pay_result == FLOW_PAY_FUNDS)
            ui_subtitle(c, ui_tr(c, "The bank says there is not enough money available on this "
                                    "card. Nothing was charged."));
        else
            ui_subtitle(c,
                        ui_tr(c, "Your bank did not approve this payment. Nothing was charged."));
    }
    struct text_style p = {.px = 40, .color = c->th->text};
    ui_para(c,
            cancelled ? ui_tr(c, "You can try again, or pay another way.")
                      : ui_tr(c, "You can try another card, or pay another way."),
            &p, 24);
    ui_main_action(c, "retry"); /* the card again comes first; other ways below */
    int bh = ui_dp(c, 140);
    ui_button(c, "other", ui_tr(c, "Other ways to pay"),
              (struct ui_rect){c->body.x, c->y, c->body.w, bh}, BTN_SECONDARY, true);
    c->y += bh;
    ui_actions(c, NULL, NULL, "retry", cancelled ? N_("Try again") : N_("Try another card"), true);
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
        beside = m.y + 5 * bh + 4 * gap > c->actions_top - gap;
        if (beside)
            c->body.w = (full.w - gap) * 58 / 100;
    }
    pay_row(c, ui_tr(c, "Amount"), c->v->pay_amount, 44, true);
    pay_row(c, ui_tr(c, "Card"), c->v->card, 38, false);
    pay_row(c, ui_tr(c, "Authorisation code"), c->v->auth_code, 38, false);
    c->y += ui_dp(c, 24);
    ui_subtitle(c, ui_tr(c, "How would you like your receipt?"));
    struct ui_choice ch[5] = {
        {"receipt.print", ui_tr(c, "Print it"), BTN_PRIMARY},
        {"receipt.screen", ui_tr(c, "On my phone"), BTN_SECONDARY},
        {"receipt.both", ui_tr(c, "Both"), BTN_SECONDARY},
        {"receipt.sms", ui_tr(c, "Send to my phone"), BTN_SECONDARY},
        {"receipt.email", ui_tr(c, "Send by e-mail"), BTN_SECONDARY},
    };
    /* Stacked where there is room; landscape: stacked in a column on the
     * right; else in a grid of as many columns as their words allow. */
    int bottom = c->actions_top - gap, cols = 3;
    if (beside) {
        int right = full.w - c->body.w - gap;
        c->body = (struct ui_rect){full.x + full.w - right, top, right, full.h};
        c->y = top;
        cols = 1;
    } else if (c->y + 5 * bh + 4 * gap <= bottom) {
        cols = 1;
    }
    ui_choices(c, ch, 5, cols, bh, bottom, 40, "receipt.choice", !c->v->busy);
    c->body = full;
    ui_actions(c, NULL, NULL, NULL, NULL, false);
}

void screen_pay_done(struct ui_ctx *c)
{
    const struct ui_bill *b = ui_open_bill(c);
    char line[200];
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Thank you"));
    if (c->v->receipt_failed && (c->v->receipt == RECEIPT_SMS || c->v->receipt == RECEIPT_EMAIL))
        ui_banner(c,
                  ui_tr(c, "We could not send your receipt from here. Scan the code to keep it "
                           "on your phone."),
                  true);
    else if (c->v->receipt_failed)
        ui_banner(c,
                  ui_tr(c, "We could not print your receipt. Scan the code to keep it on your "
                           "phone; a member of staff has been told."),
                  true);
    else if (c->v->receipt == RECEIPT_PRINT || c->v->receipt == RECEIPT_BOTH)
        ui_subtitle(c, ui_tr(c, "Please take your receipt from the printer."));
    else if (c->v->receipt == RECEIPT_SMS || c->v->receipt == RECEIPT_EMAIL)
        receipt_sent_line(c);
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
