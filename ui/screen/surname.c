#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

void screen_surname(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "What is your surname?"));
    ui_subtitle(c, ui_tr(c, "Your family name, as on your appointment letter."));
    ui_notice(c);
    int fh = ui_dp(c, c->compact ? 112 : 132);
    ui_field_named(c, "field.surname", (struct ui_rect){c->body.x, c->y, c->body.w, fh},
                   ui_tr(c, "Surname"), c->v->surname, ui_tr(c, "Surname"), true);
    c->y += fh + ui_dp(c, 40);
    ui_keyboard(c);
    ui_actions(c, "back", N_("Back"), "next", N_("Next"), true);
}
