/* The copay due today, offered after the check-in: pay now (the payment
 * journey's confirm and card screens follow) or at the desk. A kiosk that
 * cannot take a card now offers the desk only. */
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

void screen_copay(struct ui_ctx *c)
{
    const struct ui_bill *b = ui_open_bill(c);
    char line[200];
    ui_screen_begin(c);
    ui_subst(line, sizeof(line), ui_tr(c, "Your copay today is {amount}"), "amount",
             b ? b->owes : "");
    ui_title(c, line);
    if (c->v->cards_off) {
        ui_subtitle(c, ui_tr(c, "You are checked in. Cards cannot be taken here just now: please "
                                "pay your copay at the desk."));
        ui_notice(c);
        ui_actions(c, NULL, NULL, "copay.desk", N_("At the desk"), true);
        return;
    }
    ui_subtitle(c,
                ui_tr(c, "You are checked in. You can pay your copay here now, or at the desk."));
    ui_notice(c);
    ui_actions(c, "copay.desk", N_("At the desk"), "copay.pay", N_("Pay now"), b && b->payable);
}
