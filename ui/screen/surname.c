#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

void screen_surname(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "What is your surname?"));
    ui_subtitle(c, ui_tr(c, "Your family name, as on your appointment letter."));
    if (!c->compact || !c->v->notice_msgid) {
        /* The keyboard has plain letters only; the search forgives accents
         * and spaces, so say so before anyone hunts for "é". */
        struct text_style st = {.px = 34, .color = c->th->muted};
        ui_para(c, ui_tr(c, "You can leave out accents and spaces."), &st, 16);
    } else {
        ui_say(c, ui_tr(c, "You can leave out accents and spaces."));
    }
    ui_notice(c); /* after the hint: speech adds what is new at the end */
    int fh = ui_dp(c, c->compact ? 112 : 132);
    ui_field_named(c, "field.surname", (struct ui_rect){c->body.x, c->y, c->body.w, fh},
                   ui_tr(c, "Surname"), c->v->surname, ui_tr(c, "Surname"), true);
    c->y += fh + ui_dp(c, 40);
    ui_keyboard(c);
    ui_actions(c, "back", N_("Back"), "next", N_("Next"), true);
}
