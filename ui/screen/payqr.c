/* Paying by a Pix or UPI code: the code large, the amount, who is paid,
 * the copy-and-paste text, the time left; and what happened when it is
 * no longer payable (expired: a new code; cancelled or not made: nothing
 * was charged; no answer: do not pay again). */
#include "firmware/core/screen.h"
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>
#include <string.h>

/* The copy-and-paste text in groups of four, so it wraps on any width. */
static void grouped(const char *text, char *out, size_t size)
{
    size_t n = 0, len = strlen(text);
    for (size_t i = 0; i < len && n + 2 < size; i++) {
        if (i > 0 && i % 4 == 0)
            out[n++] = ' ';
        out[n++] = text[i];
    }
    out[n] = '\0';
}

/* The countdown and the copy-and-paste text in box (dry: measure only);
 * returns the height. */
static int details(struct ui_ctx *c, struct ui_rect box, bool dry)
{
    char line[200], left[16], code[800];
    const struct ui_view *v = c->v;
    int y0 = box.y, gap = ui_dp(c, 12);
    snprintf(left, sizeof(left), "%d:%02d", v->qr_seconds / 60, v->qr_seconds % 60);
    ui_subst(line, sizeof(line), ui_tr(c, "This code expires in {time}."), "time", left);
    struct text_style h = {.px = 36, .bold = true, .color = c->th->text};
    box.y += ui_text(c, box, line, &h, dry) + gap;
    if (v->qr_text && v->qr_text[0]) {
        struct text_style p = {.px = 30, .color = c->th->muted};
        struct text_style mono = {.px = 26, .color = c->th->text};
        box.y += ui_text(c, box, ui_tr(c, "Or copy this code into your bank app:"), &p, dry) + gap;
        grouped(v->qr_text, code, sizeof(code));
        box.y += ui_text(c, box, code, &mono, dry);
    }
    return box.y - y0;
}

static void showing(struct ui_ctx *c)
{
    char line[200];
    const struct ui_view *v = c->v;
    c->no_help = true; /* while the code can be paid, Cancel is the one way out */
    ui_subst(line, sizeof(line), ui_tr(c, "Scan the code with your bank app to pay by {method}."),
             "method", v->qr_scheme ? v->qr_scheme : "");
    ui_title(c, line);
    pay_row(c, ui_tr(c, "Amount"), v->pay_amount, 44, true);
    pay_row(c, ui_tr(c, "Paid to"), v->qr_payee ? v->qr_payee : "", 36, false);
    int gap = ui_dp(c, 24), room = c->actions_top - c->y - gap;
    bool wide = c->body.w > room * 3 / 2;
    if (wide) {
        /* Landscape: the code on the left as tall as there is room, the
         * words beside it. */
        int side = room < c->body.w / 2 ? room : c->body.w / 2;
        int drawn = v->qr_modules ? ui_qr(c, c->body.x, c->y, side) : 0;
        struct ui_rect box = {c->body.x + drawn + gap, c->y, c->body.w - drawn - gap, 0};
        details(c, box, false);
        c->y += side;
    } else {
        struct ui_rect box = {c->body.x, c->y, c->body.w, 0};
        int text_h = details(c, box, true);
        int side = room - text_h - gap;
        if (side > c->body.w)
            side = c->body.w;
        if (side > ui_dp(c, 760))
            side = ui_dp(c, 760);
        int drawn = v->qr_modules && side > 0
                        ? ui_qr(c, c->body.x + (c->body.w - side) / 2, c->y, side)
                        : 0;
        box.y = c->y + drawn + gap;
        details(c, box, false);
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
