/* Asking for a person: confirm first (a stray tap calls nobody), then say
 * what happens next and where the desk is. Works offline: the request waits
 * in the outbox. */
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

/* "You can tell us why": one button a reason (a label may take two lines);
 * the chosen one is filled. Staff read the reason with the request. Up to
 * three a row on a wide screen, as many as their words allow; the rows
 * shrink (never below a finger) to stay above the action bar, else they
 * page. */
static void reasons(struct ui_ctx *c)
{
    static const struct {
        const char *id, *msgid;
    } list[] = {
        {"help.reason.wheelchair", N_("I need a wheelchair")},
        {"help.reason.interpreter", N_("I need an interpreter")},
        {"help.reason.forms", N_("Help with forms")},
        {"help.reason.billing", N_("A billing question")},
        {"help.reason.other", N_("Something else")},
    };
    struct ui_choice ch[5];
    struct text_style st = {.px = 40, .bold = true, .color = c->th->text};
    ui_para(c, ui_tr(c, "You can tell us why (you do not have to):"), &st, 20);
    for (int i = 0; i < 5; i++)
        ch[i] = (struct ui_choice){list[i].id, ui_tr(c, list[i].msgid),
                                   c->v->help_reason == i + 1 ? BTN_PRIMARY : BTN_SECONDARY};
    int cols = c->env->width > c->env->height ? 3 : 2;
    ui_choices(c, ch, 5, cols, ui_sp(c, 104), c->actions_top - ui_dp(c, 16), 36, "help.reason",
               true);
}

void screen_help(struct ui_ctx *c)
{
    c->no_help = true;
    if (c->v->no_help_request || c->v->store_down) {
        /* This clinic answers no calls from the kiosk, or a call cannot be
         * queued now (no database): say where people are. */
        screen_help_sent(c);
        return;
    }
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Would you like someone to come and help you?"));
    ui_subtitle(c, ui_tr(c, "A member of staff will come to you here at the kiosk."));
    reasons(c);
    ui_actions(c, "back", N_("Back"), "help.yes", N_("Yes, please"), true);
    ui_main_action(c, "help.yes"); /* the reason is optional: one press calls */
}

void screen_help_sent(struct ui_ctx *c)
{
    char line[320];
    const struct theme *th = c->th;
    struct text_style st = {.px = 44, .color = th->text};
    c->no_help = true;
    ui_screen_begin(c);
    if (c->compact)
        st.px = 40;
    if (c->v->store_down && !c->v->no_help_request) {
        ui_title(c, ui_tr(c, "Please go to the front desk"));
        ui_subtitle(c, ui_tr(c, "Staff cannot be called from this kiosk just now."));
    } else if (c->v->no_help_request) {
        ui_title(c, ui_tr(c, "Please go to the front desk"));
        ui_subtitle(c, ui_tr(c, "The staff there will be glad to help you."));
    } else if (c->v->help_failed) {
        ui_title(c, ui_tr(c, "Please go to the front desk"));
        ui_subtitle(c, ui_tr(c, "We could not send your request from here."));
    } else if (c->v->help_overdue) {
        /* Staff could have been here by now: what to do instead. */
        ui_title(c, ui_tr(c, "No one has come yet?"));
        ui_subtitle(c, ui_tr(c, "We are sorry. Please go to the front desk; they know you asked "
                                "for help."));
    } else {
        ui_title(c, ui_tr(c, "Someone is on the way"));
        ui_subtitle(c, ui_tr(c, "Please stay at the kiosk. A member of staff will come to you."));
        ui_para(c, ui_tr(c, "If no one comes in a few minutes, please go to the front desk."), &st,
                24);
    }
    if (c->v->front_desk && c->v->front_desk[0]) {
        ui_subst(line, sizeof(line), ui_tr(c, "The front desk: {place}"), "place",
                 c->v->front_desk);
        ui_para(c, line, &st, 24);
    }
    if (c->v->phone && c->v->phone[0]) {
        ui_subst(line, sizeof(line), ui_tr(c, "Phone: {number}"), "number", c->v->phone);
        ui_para(c, line, &st, 24);
    }
    ui_actions(c, NULL, NULL, "back", N_("Back"), true);
}
