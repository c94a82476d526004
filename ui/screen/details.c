/* After check-in: "Are these still right?" (the phone, e-mail and address on
 * file, partly masked), typing a change with the keyboard it needs, and
 * "Is this still your insurance?". The view holds only masked values from
 * the record; what the patient types is shown to them as they type it. */
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>
#include <string.h>

/* "label: value" as a row, spoken the same. */
static void detail_row(struct ui_ctx *c, const char *label, const char *value)
{
    struct text_style lab = {.px = 34, .color = c->th->muted};
    struct text_style val = {.px = 44, .bold = true, .color = c->th->text};
    ui_para(c, label, &lab, 4);
    ui_para(c, value, &val, 24);
    ui_say_value(c, label, value);
}

static void masked_phone(struct ui_ctx *c, const char *tail, char *out, size_t size)
{
    ui_subst(out, size, ui_tr(c, "Phone ending {digits}"), "digits", tail);
}

void screen_details_confirm(struct ui_ctx *c)
{
    const struct ui_view *v = c->v;
    char line[240];
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Are these still right?"));
    ui_subtitle(c, ui_tr(c, "Your contact details on file. Only part of each is shown."));
    if (v->det_phone_tail[0]) {
        masked_phone(c, v->det_phone_tail, line, sizeof(line));
        detail_row(c, ui_tr(c, "Phone"), line);
    }
    if (v->det_email[0])
        detail_row(c, ui_tr(c, "E-mail"), v->det_email);
    if (v->det_street_tail[0] || (v->det_city && v->det_city[0])) {
        ui_subst(line, sizeof(line), ui_tr(c, "Street ending ... {end}"), "end",
                 v->det_street_tail);
        if (v->det_city && v->det_city[0]) {
            kstr_append(line, sizeof(line), ", ");
            kstr_append(line, sizeof(line), v->det_city);
        }
        detail_row(c, ui_tr(c, "Address"), line);
    }
    if (v->det_ask_contact && v->det_contact_tail[0]) {
        masked_phone(c, v->det_contact_tail, line, sizeof(line));
        detail_row(c, ui_tr(c, "Emergency contact"), line);
    }
    ui_actions(c, "change", N_("Change"), "yes", N_("Yes"), true);
}

/* label, or "label (new: value)" once changed. */
static struct ui_choice change_choice(struct ui_ctx *c, const char *id, const char *label,
                                      bool changed, const char *new_value, char *text, size_t size)
{
    if (changed) {
        char tmp[200];
        ui_subst(tmp, sizeof(tmp), ui_tr(c, "{item} (new: {value})"), "item", label);
        ui_subst(text, size, tmp, "value", new_value);
    } else {
        kstr_copy(text, size, label);
    }
    return (struct ui_choice){id, text, changed ? BTN_PRIMARY : BTN_SECONDARY};
}

/* The things that can change, stacked; the rows shrink (never below a
 * finger) to stay above the action bar, else they page. */
void screen_details_change(struct ui_ctx *c)
{
    const struct ui_view *v = c->v;
    char phone[80], text[4][200];
    struct ui_choice ch[4];
    int n = 0;
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "What has changed?"));
    ui_subtitle(c, ui_tr(c, "Change what you need, then send it. Staff will update your record."));
    ui_notice(c);
    snprintf(phone, sizeof(phone), "...%s", v->det_new[0]);
    ch[n] = change_choice(c, "change.phone", ui_tr(c, "Phone number"), v->det_changed[0], phone,
                          text[n], sizeof(text[n]));
    n++;
    ch[n] = change_choice(c, "change.email", ui_tr(c, "E-mail address"), v->det_changed[1],
                          v->det_new[1], text[n], sizeof(text[n]));
    n++;
    ch[n] = change_choice(c, "change.address", ui_tr(c, "Postal address"), v->det_changed[2],
                          v->det_new[2], text[n], sizeof(text[n]));
    n++;
    if (v->det_ask_contact) {
        snprintf(phone, sizeof(phone), "...%s", v->det_new[3]);
        ch[n] = change_choice(c, "change.contact", ui_tr(c, "Emergency contact's phone"),
                              v->det_changed[3], phone, text[n], sizeof(text[n]));
        n++;
    }
    ui_choices(c, ch, n, 1, ui_dp(c, 130), c->actions_top - ui_dp(c, 16), 44, "change.item", true);
    ui_actions(c, "back", N_("Back"), "send", N_("Send"), !v->busy);
}

static void phone_entry(struct ui_ctx *c, const char *title, const char *typed)
{
    ui_screen_begin(c);
    ui_title(c, title);
    ui_subtitle(c, ui_tr(c, "Type your phone number with the area code."));
    ui_notice(c);
    int fh = ui_dp(c, c->compact ? 112 : 132);
    ui_field(c, "phone", (struct ui_rect){c->body.x, c->y, c->body.w, fh}, typed, NULL, true);
    c->y += fh + ui_dp(c, 32);
    ui_keypad(c);
    ui_actions(c, "back", N_("Back"), "next", N_("Done"), true);
}

void screen_details_phone(struct ui_ctx *c)
{
    phone_entry(c, ui_tr(c, "Your new phone number"), c->v->det_phone_typed);
}

void screen_details_contact(struct ui_ctx *c)
{
    phone_entry(c, ui_tr(c, "Emergency contact's phone"), c->v->det_contact_typed);
}

void screen_details_email(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Your new e-mail address"));
    ui_notice(c);
    int fh = ui_dp(c, c->compact ? 100 : 120);
    ui_field(c, "email", (struct ui_rect){c->body.x, c->y, c->body.w, fh}, c->v->det_email_typed,
             "name@example.com", true);
    c->y += fh + ui_dp(c, 24);
    ui_keyboard_email(c);
    ui_actions(c, "back", N_("Back"), "next", N_("Done"), true);
}

/* The postal code's name where the record is (else the language's). */
static const char *postal_label(const struct ui_ctx *c)
{
    const char *cc = c->v->det_country && c->v->det_country[0] ? c->v->det_country : "";
    const char *lang = c->v->lang ? c->v->lang : "en";
    if (!strcmp(cc, "BR") || (!cc[0] && !strcmp(lang, "pt-BR")))
        return ui_tr(c, "CEP (postal code)");
    if (!strcmp(cc, "IN") || (!cc[0] && !strcmp(lang, "hi")))
        return ui_tr(c, "PIN code");
    if (!strcmp(cc, "US") || (!cc[0] && !strcmp(lang, "en")))
        return ui_tr(c, "ZIP code");
    return ui_tr(c, "Postal code");
}

void screen_details_address(struct ui_ctx *c)
{
    const struct ui_view *v = c->v;
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Your new address"));
    ui_notice(c);
    static const char *const ids[3] = {"field.line", "field.city", "field.postal"};
    const char *labels[3] = {ui_tr(c, "Street and number"), ui_tr(c, "Town or city"),
                             postal_label(c)};
    const char *values[3] = {v->det_line_typed, v->det_city_typed, v->det_postal_typed};
    int fh = ui_dp(c, c->compact ? 84 : 100), gap = ui_dp(c, 12);
    struct text_style lab = {.px = 30, .color = c->th->muted, .max_lines = 1};
    for (int i = 0; i < 3; i++) {
        /* A short screen shows the field being typed only: Next walks them. */
        if (c->compact && v->det_addr_focus != i)
            continue;
        ui_para(c, labels[i], &lab, 4);
        ui_field(c, ids[i], (struct ui_rect){c->body.x, c->y, c->body.w, fh}, values[i], NULL,
                 v->det_addr_focus == i);
        c->y += fh + gap;
    }
    c->y += ui_dp(c, 8);
    ui_keyboard_address(c);
    ui_actions(c, "back", N_("Back"), "next", v->det_addr_focus == 2 ? N_("Done") : N_("Next"),
               true);
}

void screen_details_sent(struct ui_ctx *c)
{
    ui_screen_begin(c);
    if (c->v->det_failed) {
        ui_title(c, ui_tr(c, "Please tell the front desk"));
        ui_subtitle(c, ui_tr(c, "We could not send your new details from here."));
    } else {
        ui_title(c, ui_tr(c, "Thank you"));
        ui_subtitle(c, ui_tr(c, "Staff will check your new details and update your record."));
    }
    ui_actions(c, NULL, NULL, "next", N_("Next"), true);
}

void screen_insurance(struct ui_ctx *c)
{
    const struct ui_view *v = c->v;
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Is this still your insurance?"));
    detail_row(c, ui_tr(c, "Insurance"), v->ins_payor);
    if (v->ins_plan[0])
        detail_row(c, ui_tr(c, "Plan"), v->ins_plan);
    if (v->ins_member[0])
        detail_row(c, ui_tr(c, "Member number"), v->ins_member);
    if (v->ins_relation_msgid)
        detail_row(c, ui_tr(c, "Whose plan"), ui_tr(c, v->ins_relation_msgid));
    int bh = ui_dp(c, 130), gap = ui_dp(c, 20);
    ui_button(c, "yes", ui_tr(c, "Yes, it is"), (struct ui_rect){c->body.x, c->y, c->body.w, bh},
              BTN_PRIMARY, !v->busy);
    c->y += bh + gap;
    ui_button(c, "changed", ui_tr(c, "It changed"),
              (struct ui_rect){c->body.x, c->y, c->body.w, bh}, BTN_SECONDARY, !v->busy);
    c->y += bh + gap;
    ui_button(c, "none", ui_tr(c, "I have no insurance now"),
              (struct ui_rect){c->body.x, c->y, c->body.w, bh}, BTN_SECONDARY, !v->busy);
    c->y += bh + gap;
    ui_actions(c, NULL, NULL, NULL, NULL, true);
}

void screen_insurance_payer(struct ui_ctx *c)
{
    const struct ui_view *v = c->v;
    char id[24];
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Who is your insurance with now?"));
    ui_notice(c);
    int gap = ui_dp(c, 16), bh = ui_dp(c, 112);
    if (v->payer_search) {
        /* Many payers: the letters typed find them; the first few show. */
        int fh = ui_dp(c, c->compact ? 84 : 100);
        ui_field(c, "payer.query", (struct ui_rect){c->body.x, c->y, c->body.w, fh}, v->payer_query,
                 ui_tr(c, "Type part of its name"), true);
        c->y += fh + gap;
        bh = ui_dp(c, c->compact ? 72 : 96);
        /* A short screen keeps room for the keys: the first two found. */
        int shown = c->compact && v->payer_count > 2 ? 2 : v->payer_count;
        for (int i = 0; i < shown; i++) {
            snprintf(id, sizeof(id), "payer.%d", i);
            ui_button_px(c, id, v->payers[i], (struct ui_rect){c->body.x, c->y, c->body.w, bh},
                         BTN_SECONDARY, true, 38);
            c->y += bh + gap / 2;
        }
        if (v->payer_count == 0) {
            struct text_style p = {.px = 36, .color = c->th->text};
            ui_para(c, ui_tr(c, "Please tell the front desk about your new insurance."), &p, 0);
        }
        c->y += gap;
        ui_keyboard(c);
        ui_actions(c, "back", N_("Back"), NULL, NULL, true);
        return;
    }
    int room = c->actions_top - ui_dp(c, 24) - c->y;
    if (v->payer_count > 0 && v->payer_count * (bh + gap) > room)
        bh = room / v->payer_count - gap;
    for (int i = 0; i < v->payer_count; i++) {
        snprintf(id, sizeof(id), "payer.%d", i);
        ui_button(c, id, v->payers[i], (struct ui_rect){c->body.x, c->y, c->body.w, bh},
                  BTN_SECONDARY, true);
        c->y += bh + gap;
    }
    if (v->payer_count == 0) {
        struct text_style p = {.px = 40, .color = c->th->text};
        ui_para(c, ui_tr(c, "Please tell the front desk about your new insurance."), &p, 0);
    }
    ui_actions(c, "back", N_("Back"), NULL, NULL, true);
}

void screen_insurance_member(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Your member number"));
    ui_subtitle(c, ui_tr(c, "As on your insurance card."));
    ui_notice(c);
    int fh = ui_dp(c, c->compact ? 100 : 120);
    ui_field(c, "member", (struct ui_rect){c->body.x, c->y, c->body.w, fh}, c->v->ins_member_typed,
             NULL, true);
    c->y += fh + ui_dp(c, 24);
    ui_keyboard_member(c);
    ui_actions(c, "back", N_("Back"), "next", N_("Next"), true);
}

void screen_insurance_relation(struct ui_ctx *c)
{
    static const char *const labels[4] = {N_("You"), N_("Your spouse or partner"),
                                          N_("Your parent (you are their child)"),
                                          N_("Someone else")};
    static const char *const ids[4] = {"rel.1", "rel.2", "rel.3", "rel.4"};
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Whose name is the plan in?"));
    ui_notice(c);
    struct ui_choice ch[4];
    for (int i = 0; i < 4; i++)
        ch[i] = (struct ui_choice){ids[i], ui_tr(c, labels[i]),
                                   c->v->ins_relation == i + 1 ? BTN_PRIMARY : BTN_SECONDARY};
    /* Stacked; the rows shrink (never below a finger) above the action bar,
     * else they page. */
    ui_choices(c, ch, 4, 1, ui_dp(c, 120), c->actions_top - ui_dp(c, 16), 44, "rel", true);
    ui_actions(c, "back", N_("Back"), "send", N_("Send"), !c->v->busy);
}

void screen_insurance_sent(struct ui_ctx *c)
{
    ui_screen_begin(c);
    if (c->v->ins_failed) {
        ui_title(c, ui_tr(c, "Please tell the front desk"));
        ui_subtitle(c, ui_tr(c, "We could not send this from here."));
    } else {
        ui_title(c, ui_tr(c, "Thank you"));
        ui_subtitle(c, c->v->ins_answer == 2
                           ? ui_tr(c, "Staff will check this with you. Your visit may need a "
                                      "moment at the desk.")
                           : ui_tr(c, "Staff will check your new insurance. Your visit may need "
                                      "a moment at the desk."));
    }
    ui_actions(c, NULL, NULL, "next", N_("Next"), true);
}
