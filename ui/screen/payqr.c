/* Paying by a Pix or UPI code: the code large, the amount, who is paid,
 * the copy-and-paste text, the time left; and what happened when it is
 * no longer payable (expired: a new code; cancelled or not made: nothing
 * was charged; no answer: do not pay again). */
#include "firmware/core/screen.h"
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>
#include <string.h>

/* The copy-and-paste text in groups, so it wraps on any width. */
static void code_text(struct ui_ctx *c, const char *text)
{
    char out[640];
    size_t n = 0, len = strlen(text);
    for (size_t i = 0; i < len && n + 2 < sizeof(out); i++) {
        if (i > 0 && i % 24 == 0)
            out[n++] = ' ';
        out[n++] = text[i];
    }
    out[n] = '\0';
    struct text_style mono = {.px = 28, .color = c->th->text};
    ui_para(c, out, &mono, 16);
}

static void showing(struct ui_ctx *c)
{
    char line[200], left[16];
    const struct ui_view *v = c->v;
    ui_subst(line, sizeof(line), ui_tr(c, "Scan the code with your bank app to pay by {method}."),
             "method", v->qr_scheme ? v->qr_scheme : "");
    ui_title(c, line);
    pay_row(c, ui_tr(c, "Amount"), v->pay_amount, 44, true);
    pay_row(c, ui_tr(c, "Paid to"), v->qr_payee ? v->qr_payee : "", 36, false);
    if (v->qr_modules) {
        int room = c->actions_top - c->y - ui_dp(c, 360);
        int side = room < c->body.w ? room : c->body.w;
        if (side > ui_dp(c, 720))
            side = ui_dp(c, 720);
        int drawn = ui_qr(c, c->body.x + (c->body.w - side) / 2, c->y + ui_dp(c, 8), side);
        c->y += drawn + ui_dp(c, 24);
    }
    snprintf(left, sizeof(left), "%d:%02d", v->qr_seconds / 60, v->qr_seconds % 60);
    ui_subst(line, sizeof(line), ui_tr(c, "This code expires in {time}."), "time", left);
    struct text_style h = {.px = 36, .bold = true, .color = c->th->text};
    ui_para(c, line, &h, 12);
    if (v->qr_text && v->qr_text[0]) {
        struct text_style p = {.px = 32, .color = c->th->muted};
        ui_para(c, ui_tr(c, "Or copy this code into your bank app:"), &p, 8);
        code_text(c, v->qr_text);
    }
    ui_actions(c, "qr.cancel", N_("Cancel"), NULL, NULL, false);
}

void screen_pay_qr(struct ui_ctx *c)
{
    struct text_style p = {.px = 40, .color = c->th->text};
    ui_screen_begin(c);
    switch (c->v->qr_phase) {
    case QR_PHASE_SHOWING:
        showing(c);
        return;
    case QR_PHASE_CANCELLING:
        ui_title(c, ui_tr(c, "Cancelling your payment code. Please wait."));
        ui_actions(c, NULL, NULL, NULL, NULL, false);
        return;
    case QR_PHASE_EXPIRED:
        ui_title(c, ui_tr(c, "This code has expired"));
        ui_subtitle(c, ui_tr(c, "Nothing was charged. You can get a new code."));
        ui_actions(c, "back", N_("Back"), "qr.new", N_("Get a new code"), true);
        return;
    case QR_PHASE_CANCELLED:
        ui_title(c, ui_tr(c, "Payment cancelled"));
        ui_subtitle(c, ui_tr(c, "Nothing was charged."));
        ui_actions(c, "back", N_("Back"), "finish", N_("Finish"), true);
        return;
    case QR_PHASE_UNAVAILABLE:
        ui_title(c, ui_tr(c, "We cannot make a payment code right now"));
        ui_subtitle(c, ui_tr(c, "Nothing was charged."));
        ui_para(c, ui_tr(c, "Please pay another way, or at the front desk."), &p, 16);
        ui_actions(c, "back", N_("Back"), "finish", N_("Finish"), true);
        return;
    case QR_PHASE_UNCONFIRMED:
        ui_title(c, ui_tr(c, "We could not confirm your payment"));
        ui_subtitle(c, ui_tr(c, "Please do not pay again. We are checking with the bank; the "
                                "front desk can tell you more."));
        ui_actions(c, NULL, NULL, "finish", N_("Finish"), true);
        return;
    default:
        break;
    }
    ui_title(c, ui_tr(c, "Making your payment code. Please wait."));
    ui_actions(c, NULL, NULL, NULL, NULL, false);
}
