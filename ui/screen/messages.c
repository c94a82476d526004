/* The short screens that end a journey with a message and what to do next. */
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>

void screen_not_found(struct ui_ctx *c)
{
    char tries[160], n[8];
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "We couldn't find you"));
    ui_subtitle(c, ui_tr(c, "Please check the spelling of your surname and your date of birth, "
                            "then try again."));
    ui_notice(c); /* the hospital's records could not be asked */
    snprintf(n, sizeof(n), "%d", c->v->tries_left);
    ui_subst(tries, sizeof(tries),
             ui_ntr(c, "You can try {count} more time.", "You can try {count} more times.",
                    c->v->tries_left > 0 ? (unsigned long)c->v->tries_left : 0),
             "count", n);
    struct text_style st = {.px = 40, .bold = true, .color = c->th->text};
    ui_para(c, tries, &st, 24);
    ui_subtitle(c, ui_tr(c, "If you need help, the front desk is happy to check you in."));
    ui_actions(c, "finish", N_("Finish"), "retry", N_("Try again"), true);
}

void screen_see_desk(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Please see the front desk"));
    ui_subtitle(c, ui_tr(c, "We could not check you in here. Our staff will be happy to help "
                            "you."));
    ui_actions(c, NULL, NULL, "finish", N_("Finish"), true);
}

void screen_no_appointment(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "We found you, but you have no appointment today"));
    if (c->v->next_when[0]) {
        /* The next one, and what to do: come back then. */
        char line[300];
        ui_subst(line, sizeof(line), ui_tr(c, "Your next appointment is {when}, {clinic}."), "when",
                 c->v->next_when);
        char full[400];
        ui_subst(full, sizeof(full), line, "clinic", c->v->next_clinic ? c->v->next_clinic : "");
        ui_subtitle(c, full);
        ui_subtitle(c, ui_tr(c, "Please come back on that day. If you think this is wrong, please "
                                "see the front desk."));
    } else {
        ui_subtitle(c, ui_tr(c, "If you think this is wrong, please see the front desk."));
    }
    ui_switch_notice(c); /* switched to the patient's language */
    ui_actions(c, NULL, NULL, "finish", N_("Finish"), true);
}

void screen_unavailable(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Sorry, something went wrong on our side"));
    ui_subtitle(c, ui_tr(c, "It was not caused by anything you did. Please see the front desk "
                            "and our staff will check you in."));
    ui_actions(c, NULL, NULL, "finish", N_("Finish"), true);
}

void screen_searching(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Looking for your records. Please wait."));
    ui_subtitle(c, ui_tr(c, "We are asking the hospital's billing office. This takes a few "
                            "seconds."));
    /* Help would leave an answer on its way with nowhere to go: Cancel
     * ends the search and the welcome screen offers help. */
    c->no_help = true;
    ui_actions(c, "cancel", N_("Cancel"), NULL, NULL, false);
}
