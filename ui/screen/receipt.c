/* A receipt without paper: by SMS or e-mail, to the number or address on
 * file (masked) or one typed here. The hospital's messaging system sends
 * it; the screens say where it goes, masked. */
#include "firmware/core/screen.h"
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

static void where_to(struct ui_ctx *c, char *out, size_t size)
{
    if (c->v->receipt == RECEIPT_SMS)
        ui_subst(out, size, ui_tr(c, "Phone ending {digits}"), "digits", c->v->receipt_to);
    else
        kstr_copy(out, size, c->v->receipt_to);
}

void receipt_sent_line(struct ui_ctx *c)
{
    char to[160], line[300];
    where_to(c, to, sizeof(to));
    ui_subst(line, sizeof(line), ui_tr(c, "Your receipt will be sent to: {to}"), "to", to);
    ui_subtitle(c, line);
}

void screen_receipt_send(struct ui_ctx *c)
{
    char to[160];
    bool sms = c->v->receipt == RECEIPT_SMS;
    ui_screen_begin(c);
    ui_title(c, sms ? ui_tr(c, "Send the receipt to your phone?")
                    : ui_tr(c, "Send the receipt by e-mail?"));
    ui_subtitle(c, ui_tr(c, "We have this on file. Only part of it is shown."));
    int gap = ui_dp(c, 24), bh = ui_dp(c, 140);
    where_to(c, to, sizeof(to));
    ui_button(c, "send.file", to, (struct ui_rect){c->body.x, c->y, c->body.w, bh}, BTN_PRIMARY,
              !c->v->busy && c->v->receipt_to[0]);
    c->y += bh + gap;
    ui_button(c, "send.new",
              sms ? ui_tr(c, "Type another number") : ui_tr(c, "Type another address"),
              (struct ui_rect){c->body.x, c->y, c->body.w, bh}, BTN_SECONDARY, !c->v->busy);
    c->y += bh + gap;
    ui_actions(c, "back", N_("Back"), NULL, NULL, true);
}

void screen_receipt_phone(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Which phone should we send it to?"));
    ui_subtitle(c, ui_tr(c, "Type your phone number with the area code."));
    ui_notice(c);
    int fh = ui_dp(c, c->compact ? 112 : 132);
    ui_field(c, "phone", (struct ui_rect){c->body.x, c->y, c->body.w, fh}, c->v->det_phone_typed,
             NULL, true);
    c->y += fh + ui_dp(c, 32);
    ui_keypad(c);
    ui_actions(c, "back", N_("Back"), "next", N_("Send"), !c->v->busy);
}

void screen_receipt_email(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Which e-mail address should we send it to?"));
    ui_notice(c);
    int fh = ui_dp(c, c->compact ? 100 : 120);
    ui_field(c, "email", (struct ui_rect){c->body.x, c->y, c->body.w, fh}, c->v->det_email_typed,
             "name@example.com", true);
    c->y += fh + ui_dp(c, 24);
    ui_keyboard_email(c);
    ui_actions(c, "back", N_("Back"), "next", N_("Send"), !c->v->busy);
}
