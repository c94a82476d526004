#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

void screen_dob(struct ui_ctx *c)
{
    const struct theme *th = c->th;
    static const char *const ids[3] = {"dob.day", "dob.month", "dob.year"};
    static const char *const names[3] = {N_("Day"), N_("Month"), N_("Year")};
    static const char *const hints[3] = {N_("DD"), N_("MM"), N_("YYYY")};
    const char *values[3] = {c->v->dob_day, c->v->dob_month, c->v->dob_year};

    ui_screen_begin(c);
    struct ui_rect full = c->body;
    /* Landscape: the title across, the fields left, the keypad right. */
    if (c->v->dob_confirm) {
        ui_title(c, ui_tr(c, "Please confirm your date of birth"));
        ui_keypad_beside(c);
        ui_subtitle(c, ui_tr(c, "This keeps your information private."));
    } else {
        ui_title(c, ui_tr(c, "What is your date of birth?"));
        ui_keypad_beside(c);
        ui_subtitle(c, ui_tr(c, "Type the day, then the month, then the year."));
    }
    ui_notice(c);

    int gap = ui_dp(c, 28);
    int w_small = (c->body.w - 2 * gap) * 3 / 10;
    int widths[3] = {w_small, w_small, c->body.w - 2 * gap - 2 * w_small};
    int label_h = ui_dp(c, 56);
    int fh = ui_dp(c, c->compact ? 112 : 132);
    if (c->y + label_h + fh > c->actions_top - ui_dp(c, 16))
        label_h = 0; /* a short screen: the fields' own hints (DD, MM, YYYY) name them */
    int x = c->body.x;
    struct text_style lab = {.px = 34, .bold = true, .color = th->muted, .max_lines = 1};
    for (int i = 0; i < 3; i++) {
        if (label_h)
            ui_text(c, (struct ui_rect){x, c->y, widths[i], label_h}, ui_tr(c, names[i]), &lab,
                    false);
        ui_field_named(c, ids[i], (struct ui_rect){x, c->y + label_h, widths[i], fh},
                       ui_tr(c, names[i]), values[i], ui_tr(c, hints[i]), c->v->dob_focus == i);
        x += widths[i] + gap;
    }
    c->y += label_h + fh + ui_dp(c, 40);
    ui_keypad(c);
    c->body = full;
    ui_actions(c, "back", N_("Back"), "next", N_("Next"), true);
}
