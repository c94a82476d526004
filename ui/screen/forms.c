/* Forms and consents: the forms owed, the language offer, one page of a
 * form, the review and "sent". Everything comes from v->forms, already in
 * the patient's language (the form's own texts) or as msgids (ours). */
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>
#include <string.h>

static const struct ui_forms *forms(const struct ui_ctx *c)
{
    static const struct ui_forms none;
    return c->v->forms ? c->v->forms : &none;
}

/* --- the list -------------------------------------------------------------------- */

static const char *row_status(struct ui_ctx *c, const struct ui_form_row *r)
{
    if (r->state == 2)
        return ui_tr(c, "Sent. Thank you.");
    if (r->state == 3)
        return ui_tr(c, "Saved. It will be sent shortly.");
    if (r->desk)
        return ui_tr(c, "Please fill this one at the front desk.");
    if (r->state == 1)
        return ui_tr(c, "Skipped. You can still fill it.");
    return r->optional ? ui_tr(c, "Optional") : ui_tr(c, "Required by the clinic");
}

/* "About 3 minutes · Required by the clinic" */
static void row_line(struct ui_ctx *c, const struct ui_form_row *r, char *about, size_t asize,
                     char *line, size_t lsize)
{
    char mins[16];
    snprintf(mins, sizeof(mins), "%d", r->minutes > 0 ? r->minutes : 1);
    ui_subst(about, asize,
             ui_ntr(c, "About {n} minute", "About {n} minutes", (unsigned long)r->minutes), "n",
             mins);
    snprintf(line, lsize, "%s · %s", about, row_status(c, r));
}

/* The card of form i on the body cursor, as tall as its text needs (large
 * text, long titles); false when it does not fit above the action bar. */
static bool form_row(struct ui_ctx *c, int i, const struct ui_form_row *r, int min_h, bool dry)
{
    const struct theme *th = c->th;
    char id[16], about[120], line[300], label[560];
    int pad = ui_dp(c, 28);
    int skip_w = r->optional && r->state == 0 && !r->desk ? ui_dp(c, 220) : 0;
    struct ui_rect card = {c->body.x, c->y, c->body.w - (skip_w ? skip_w + ui_dp(c, 16) : 0), 0};
    bool open = r->state <= 1 && !r->desk;
    struct text_style t = {.px = 42, .bold = true, .color = th->text, .max_lines = 2};
    struct text_style m = {.px = 34, .color = th->muted, .max_lines = 2};
    struct ui_rect col = {card.x + pad, card.y + pad, card.w - 2 * pad, 0};
    row_line(c, r, about, sizeof(about), line, sizeof(line));
    int h = 2 * pad + ui_text(c, col, r->title, &t, true) + ui_dp(c, 8) +
            ui_text(c, col, line, &m, true);
    card.h = h > min_h ? h : min_h;
    if (card.y + card.h > c->actions_top)
        return false;
    if (dry) {
        c->y += card.h + ui_dp(c, 20);
        return true;
    }
    ui_fill(c, card, th->surface, ui_dp(c, 20));
    ui_outline(c, card, th->border, ui_dp(c, 20), ui_dp(c, 2));
    col.y += ui_text(c, col, r->title, &t, false) + ui_dp(c, 8);
    ui_text(c, col, line, &m, false);
    snprintf(id, sizeof(id), "form.%d", i);
    snprintf(label, sizeof(label), "%s. %s", r->title, line);
    ui_target(c, id, card, label, !open);
    if (skip_w) {
        snprintf(id, sizeof(id), "skip.%d", i);
        ui_button_px(c, id, ui_tr(c, "Skip"),
                     (struct ui_rect){card.x + card.w + ui_dp(c, 16), card.y, skip_w, card.h},
                     BTN_SECONDARY, true, 38);
    }
    c->y += card.h + ui_dp(c, 20);
    return true;
}

void screen_forms_list(struct ui_ctx *c)
{
    const struct ui_forms *fs = forms(c);
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Forms for your visit"));
    ui_subtitle(c, ui_tr(c, "Fill them now, or later at the kiosk or the desk. Optional ones "
                            "you may skip."));
    ui_notice(c);
    if (fs->count == 0) {
        struct text_style p = {.px = 44, .color = c->th->text, .align = ALIGN_CENTER};
        ui_para(c, ui_tr(c, "You have no forms to fill today."), &p, 0);
    }
    int h = ui_dp(c, c->compact ? 130 : 160);
    int nav_h = ui_dp(c, 96);
    int first = fs->first > 0 && fs->first < fs->count ? fs->first : 0;
    /* Rows that fit; on a short screen (landscape, large text) the rest are
     * a tap away ("More forms"), never cut off. */
    int saved_top = c->actions_top, saved_y = c->y, shown = 0;
    bool all = true;
    for (int i = first; i < fs->count && all; i++)
        all = form_row(c, i, &fs->rows[i], h, true);
    c->y = saved_y;
    if (first > 0 || !all)
        c->actions_top -= nav_h + ui_dp(c, 16);
    for (int i = first; i < fs->count; i++) {
        if (!form_row(c, i, &fs->rows[i], h, false))
            break;
        shown++;
    }
    c->actions_top = saved_top;
    if (first > 0 || first + shown < fs->count) {
        int gap = ui_dp(c, 20), half = (c->body.w - gap) / 2;
        int y = c->actions_top - nav_h - ui_dp(c, 16);
        ui_button_px(c, "forms.earlier", ui_tr(c, "Earlier forms"),
                     (struct ui_rect){c->body.x, y, half, nav_h}, BTN_SECONDARY, first > 0, 36);
        ui_button_px(c, "forms.more", ui_tr(c, "More forms"),
                     (struct ui_rect){c->body.x + half + gap, y, half, nav_h}, BTN_SECONDARY,
                     first + shown < fs->count, 36);
    }
    ui_actions(c, "back", N_("Back"), "finish", fs->from_done ? N_("Finish") : N_("Later"), true);
}

void screen_form_lang(struct ui_ctx *c)
{
    const struct ui_forms *fs = forms(c);
    char msg[400];
    ui_screen_begin(c);
    ui_title(c, fs->choose_title);
    ui_subst(msg, sizeof(msg), ui_tr(c, "This form is not available in {lang} yet."), "lang",
             fs->choose_lang);
    ui_subtitle(c, msg);
    int bh = ui_dp(c, 150), gap = ui_dp(c, 32);
    ui_button(c, "form.original", ui_tr(c, "Fill it in English"),
              (struct ui_rect){c->body.x, c->y, c->body.w, bh}, BTN_PRIMARY, true);
    c->y += bh + gap;
    ui_button(c, "form.desk", ui_tr(c, "Fill it at the front desk"),
              (struct ui_rect){c->body.x, c->y, c->body.w, bh}, BTN_SECONDARY, true);
    ui_actions(c, "back", N_("Back"), NULL, NULL, false);
}

/* --- one page ---------------------------------------------------------------------- */

static void progress(struct ui_ctx *c, const struct ui_forms *fs)
{
    char a[16], b[16], line[200];
    snprintf(a, sizeof(a), "%d", fs->page + 1);
    snprintf(b, sizeof(b), "%d", fs->pages);
    char tmp[120];
    ui_subst(tmp, sizeof(tmp), ui_tr(c, "{n} of {total}"), "n", a);
    ui_subst(line, sizeof(line), tmp, "total", b);
    struct text_style st = {.px = 34, .bold = true, .color = c->th->muted, .max_lines = 1};
    char both[360];
    snprintf(both, sizeof(both), "%s · %s", fs->title, line);
    ui_para(c, both, &st, 8);
    /* a bar: how far */
    int bw = c->body.w, bh = ui_dp(c, 12);
    ui_fill(c, (struct ui_rect){c->body.x, c->y, bw, bh}, c->th->border, bh / 2);
    int done = fs->pages > 0 ? bw * (fs->page + 1) / fs->pages : 0;
    ui_fill(c, (struct ui_rect){c->body.x, c->y, done, bh}, c->th->primary, bh / 2);
    c->y += bh + ui_dp(c, 20);
}

static void choice_buttons(struct ui_ctx *c, const struct ui_form_question *q)
{
    int n = q->input == UI_FORM_YES_NO ? 2 : q->option_count;
    int cols = n <= 2 ? n : 2;
    int gap = ui_dp(c, 20);
    int bh = ui_dp(c, c->compact ? 104 : 120);
    int bw = cols > 0 ? (c->body.w - (cols - 1) * gap) / cols : c->body.w;
    for (int k = 0; k < n; k++) {
        struct ui_rect r = {c->body.x + (k % cols) * (bw + gap), c->y + (k / cols) * (bh + gap), bw,
                            bh};
        if (r.y + bh > c->actions_top)
            break;
        char id[24];
        const char *label;
        bool chosen;
        if (q->input == UI_FORM_YES_NO) {
            snprintf(id, sizeof(id), "%s.%d", k == 0 ? "yes" : "no", q->item);
            label = ui_tr(c, k == 0 ? N_("Yes") : N_("No"));
            chosen = k == 0 ? q->yes : q->no;
        } else {
            kstr_copy(id, sizeof(id), q->options[k].id);
            label = q->options[k].label;
            chosen = q->options[k].chosen;
        }
        ui_button_px(c, id, label, r, chosen ? BTN_PRIMARY : BTN_SECONDARY, true, 40);
        if (chosen) {
            /* the chosen answer is read back */
            ui_say_value(c, ui_tr(c, "Your answer"), label);
        }
    }
    c->y += ((n + cols - 1) / (cols ? cols : 1)) * (bh + gap);
}

static void typed_field(struct ui_ctx *c, const struct ui_forms *fs,
                        const struct ui_form_question *q)
{
    const char *hint = q->input == UI_FORM_DATE ? ui_tr(c, "DD/MM/YYYY")
                       : q->input == UI_FORM_NUMBER || q->input == UI_FORM_DECIMAL
                           ? ui_tr(c, "Number")
                       : q->option_count ? ui_tr(c, "Something else")
                                         : ui_tr(c, "Type here");
    int fh = ui_dp(c, c->compact ? 100 : 120);
    int add_w = q->repeats ? ui_dp(c, 300) : 0;
    struct ui_rect r = {c->body.x, c->y, c->body.w - (add_w ? add_w + ui_dp(c, 16) : 0), fh};
    ui_field(c, q->id, r, q->value, hint, q->focused);
    if (add_w) {
        char id[24];
        snprintf(id, sizeof(id), "add.%d", q->item);
        ui_button_px(c, id, ui_tr(c, "Add another"),
                     (struct ui_rect){r.x + r.w + ui_dp(c, 16), r.y, add_w, fh}, BTN_SECONDARY,
                     q->focused && q->value[0], 36);
    }
    c->y += fh + ui_dp(c, 16);
    (void)fs;
    if (q->answers[0]) {
        char line[400];
        ui_subst(line, sizeof(line), ui_tr(c, "Added: {list}"), "list", q->answers);
        struct text_style st = {.px = 34, .color = c->th->text, .max_lines = 2};
        ui_para(c, line, &st, 8);
        char id[24];
        snprintf(id, sizeof(id), "clear.%d", q->item);
        int bh = ui_dp(c, 90);
        ui_button_px(c, id, ui_tr(c, "Remove all"),
                     (struct ui_rect){c->body.x, c->y, ui_dp(c, 300), bh}, BTN_QUIET, true, 34);
        c->y += bh + ui_dp(c, 8);
    }
}

/* The page's first text: a title when it fits, else (a long notice in large
 * text or landscape) body text wrapped within the room above the action bar,
 * shrinking as ui_text does, so nothing leaves the body. */
static void page_heading(struct ui_ctx *c, const char *text, bool single)
{
    struct text_style title = {.px = 64, .bold = true, .color = c->th->text};
    struct ui_rect box = {c->body.x, c->y, c->body.w, 0};
    int room = c->actions_top - c->y - ui_dp(c, single ? 20 : 160);
    if (ui_text(c, box, text, &title, true) <= room) {
        ui_title(c, text);
        return;
    }
    struct text_style body = {.px = 40, .color = c->th->text};
    box.h = room > 0 ? room : 0;
    int h = ui_text(c, box, text, &body, true); /* the size that fits the room */
    box.h = h < box.h ? h : box.h;              /* drawn from the top, not centred */
    c->y += ui_text(c, box, text, &body, false) + ui_dp(c, 12);
    ui_say(c, text);
}

void screen_form_page(struct ui_ctx *c)
{
    const struct ui_forms *fs = forms(c);
    const struct theme *th = c->th;
    ui_screen_begin(c);
    progress(c, fs);
    bool single = fs->question_count == 1;
    for (int i = 0; i < fs->question_count; i++) {
        const struct ui_form_question *q = &fs->questions[i];
        char text[UI_FORM_TEXT + 64];
        kstr_copy(text, sizeof(text), q->text);
        if (q->input != UI_FORM_SHOW && !q->required && !fs->consent) {
            kstr_append(text, sizeof(text), " ");
            kstr_append(text, sizeof(text), ui_tr(c, "(optional)"));
        }
        if (i == 0 && (single || q->input == UI_FORM_SHOW))
            page_heading(c, text, single);
        else {
            struct text_style st = {.px = 42, .bold = true, .color = th->text};
            ui_para(c, text, &st, 12);
        }
        if (q->prefilled)
            ui_banner(c, ui_tr(c, "We filled this in from your record. Please check it."), false);
        if (q->missing)
            ui_notice(c);
        if (q->input == UI_FORM_YES_NO || q->input == UI_FORM_CHOICE)
            choice_buttons(c, q);
        if (q->typed && (q->input != UI_FORM_CHOICE || q->option_count < UI_FORM_OPTIONS))
            if (q->input != UI_FORM_CHOICE || q->answers[0] || q->focused || q->option_count == 0)
                typed_field(c, fs, q);
        c->y += ui_dp(c, 12);
    }
    bool missing_shown = false;
    for (int i = 0; i < fs->question_count; i++)
        missing_shown |= fs->questions[i].missing;
    if (!missing_shown)
        ui_notice(c);
    if (fs->has_keyboard)
        ui_keyboard(c);
    else if (fs->has_keypad) {
        if (fs->has_point) {
            int bh = ui_dp(c, 90);
            ui_button_px(c, "key.point", ui_tr(c, "Decimal point"),
                         (struct ui_rect){c->body.x, c->y, c->body.w, bh}, BTN_SECONDARY, true, 36);
            c->y += bh + ui_dp(c, 12);
        }
        ui_keypad(c);
    }
    ui_actions(c, "back", N_("Back"), "next", N_("Next"), true);
}

/* --- review and sent ----------------------------------------------------------------- */

void screen_form_review(struct ui_ctx *c)
{
    const struct ui_forms *fs = forms(c);
    const struct theme *th = c->th;
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Please check your answers"));
    ui_subtitle(c, fs->title);
    ui_notice(c);
    int pad = ui_dp(c, 20);
    int change_w = ui_dp(c, 200);
    struct text_style q = {.px = 32, .color = th->muted, .max_lines = 2};
    struct text_style a = {.px = 38, .bold = true, .color = th->text, .max_lines = 2};
    for (int i = 0; i < fs->review_count; i++) {
        const struct ui_form_review_row *r = &fs->review[i];
        const char *ans = r->answer[0] ? r->answer : ui_tr(c, "No answer");
        if (!strcmp(ans, "yes"))
            ans = ui_tr(c, "Yes");
        else if (!strcmp(ans, "no"))
            ans = ui_tr(c, "No");
        struct ui_rect col = {c->body.x, c->y, c->body.w - change_w - pad, 0};
        int h =
            ui_text(c, col, r->question, &q, true) + ui_dp(c, 4) + ui_text(c, col, ans, &a, true);
        if (h < ui_dp(c, 88))
            h = ui_dp(c, 88);
        if (c->y + h > c->actions_top - ui_dp(c, 8))
            break;
        col.y += ui_text(c, col, r->question, &q, false) + ui_dp(c, 4);
        ui_text(c, col, ans, &a, false);
        ui_say_value(c, r->question, ans);
        char id[16];
        snprintf(id, sizeof(id), "edit.%d", r->page);
        if (i == 0 || fs->review[i - 1].page != r->page)
            ui_button_px(
                c, id, ui_tr(c, "Change"),
                (struct ui_rect){c->body.x + c->body.w - change_w, c->y, change_w, ui_dp(c, 88)},
                BTN_SECONDARY, true, 34);
        c->y += h + pad;
    }
    if (fs->consent) {
        char line[120];
        ui_subst(line, sizeof(line), ui_tr(c, "Date: {date}"), "date", fs->today);
        struct text_style d = {.px = 36, .color = th->text};
        ui_para(c, line, &d, 0);
    }
    ui_actions(c, "back", N_("Back"), "send", N_("Send"), true);
}

void screen_form_sent(struct ui_ctx *c)
{
    const struct ui_forms *fs = forms(c);
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Thank you"));
    ui_subtitle(c, fs->offline ? ui_tr(c, "Your form is saved. It will be sent to the clinic as "
                                          "soon as the kiosk is back online.")
                               : ui_tr(c, "Your form has been sent to the clinic."));
    int bh = ui_dp(c, 150);
    ui_button(c, "forms.list", ui_tr(c, "Back to my forms"),
              (struct ui_rect){c->body.x, c->y + ui_dp(c, 40), c->body.w, bh}, BTN_PRIMARY, true);
    ui_actions(c, NULL, NULL, "finish", N_("Finish"), true);
}

/* --- the signature pad --------------------------------------------------------------- */

/* One stroke segment as round dots a few pixels apart (the renderer has
 * rectangles, not lines). */
static void stroke(struct ui_ctx *c, struct ui_rect pad, struct ui_point a, struct ui_point b)
{
    int dx = b.x - a.x, dy = b.y - a.y;
    int len = (dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy);
    int r = ui_dp(c, 5) > 2 ? ui_dp(c, 5) : 2;
    int steps = len / (r > 1 ? r : 1) + 1;
    for (int k = 0; k <= steps; k++) {
        int x = pad.x + a.x + dx * k / steps, y = pad.y + a.y + dy * k / steps;
        ui_fill(c, (struct ui_rect){x - r, y - r, 2 * r, 2 * r}, c->th->text, r);
    }
}

void screen_form_sign(struct ui_ctx *c)
{
    const struct ui_forms *fs = forms(c);
    const struct theme *th = c->th;
    char line[200];
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Please sign here"));
    ui_subtitle(c, ui_tr(c, "Draw your signature with your finger."));
    ui_notice(c);
    int side_h = ui_dp(c, 100);
    int pad_h = c->actions_top - c->y - 3 * side_h - ui_dp(c, 80);
    if (pad_h > ui_dp(c, 520))
        pad_h = ui_dp(c, 520);
    if (pad_h < ui_dp(c, 160))
        pad_h = ui_dp(c, 160);
    struct ui_rect pad = {c->body.x, c->y, c->body.w, pad_h};
    ui_fill(c, pad, th->surface, ui_dp(c, 16));
    ui_outline(c, pad, th->border, ui_dp(c, 16), ui_dp(c, 3));
    /* the line to sign on */
    ui_fill(c,
            (struct ui_rect){pad.x + ui_dp(c, 40), pad.y + pad.h * 3 / 4, pad.w - ui_dp(c, 80),
                             ui_dp(c, 3)},
            th->muted, 0);
    for (int i = 1; i < fs->sign_count; i++)
        if (!fs->sign[i].pen_up)
            stroke(c, pad, fs->sign[i - 1], fs->sign[i]);
    ui_hidden_target(c, "sign.pad", pad);
    c->y += pad_h + ui_dp(c, 16);
    ui_subst(line, sizeof(line), ui_tr(c, "Date: {date}"), "date", fs->today);
    struct text_style d = {.px = 36, .color = th->text, .max_lines = 1};
    ui_para(c, line, &d, 12);
    int gap = ui_dp(c, 20);
    int half = (c->body.w - gap) / 2;
    ui_button_px(c, "sign.clear", ui_tr(c, "Clear"),
                 (struct ui_rect){c->body.x, c->y, half, side_h}, BTN_SECONDARY,
                 fs->sign_count > 0 || fs->sign_by_name, 38);
    /* keypad and speech users: sign by tapping, with their name */
    char by_name[200];
    ui_subst(by_name, sizeof(by_name), ui_tr(c, "Tap to sign as {name}"), "name", fs->signer);
    ui_button_px(c, "sign.name", by_name,
                 (struct ui_rect){c->body.x + half + gap, c->y, half, side_h},
                 fs->sign_by_name ? BTN_PRIMARY : BTN_SECONDARY, true, 34);
    c->y += side_h + gap;
    struct text_style q = {.px = 32, .color = th->muted};
    ui_para(c, ui_tr(c, "Cannot sign here? The front desk can help."), &q, 0);
    ui_actions(c, "back", N_("Back"), "sign.done", N_("Done"),
               fs->sign_count > 1 || fs->sign_by_name);
}
