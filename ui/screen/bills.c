/* The patient's bills, shown only after two identifiers matched: the list
 * of statements, and one statement with its totals and each line in plain
 * words of the patient's language (codes on request), a way into the
 * glossary, and the ways on: pay, or ask billing staff to call. */
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>
#include <string.h>

/* label ........ value, across the body; when both do not fit one row,
 * the value goes right-aligned under the label (never cut or wrapped).
 * Returns the height used. */
int pay_row(struct ui_ctx *c, const char *label, const char *value, int px, bool bold)
{
    const struct theme *th = c->th;
    struct text_style l = {.px = px, .bold = bold, .color = th->text};
    struct text_style v = {
        .px = px, .bold = true, .color = th->text, .align = ALIGN_RIGHT, .max_lines = 2};
    int gap = ui_dp(c, 24);
    int vw = c->env->measure.width(c->env->measure.ctx, value, ui_sp(c, px), true) + ui_dp(c, 8);
    int lw = c->env->measure.width(c->env->measure.ctx, label, ui_sp(c, px), bold);
    int h;
    if (lw + gap + vw <= c->body.w || vw <= c->body.w / 2) {
        if (vw > c->body.w / 2 && lw + gap + vw > c->body.w)
            vw = c->body.w / 2;
        h = ui_text(c, (struct ui_rect){c->body.x, c->y, c->body.w - vw - gap, 0}, label, &l,
                    false);
        int hv =
            ui_text(c, (struct ui_rect){c->body.x + c->body.w - vw, c->y, vw, 0}, value, &v, false);
        if (hv > h)
            h = hv;
    } else {
        h = ui_text(c, (struct ui_rect){c->body.x, c->y, c->body.w, 0}, label, &l, false);
        h += ui_text(c, (struct ui_rect){c->body.x, c->y + h, c->body.w, 0}, value, &v, false);
    }
    c->y += h + ui_dp(c, 12);
    ui_say_value(c, label, value);
    return h;
}

const char *ui_bill_number(const struct ui_bill *b, char *out, size_t size)
{
    if (b->number[0] || strlen(b->id) <= 12) {
        kstr_copy(out, size, b->number[0] ? b->number : b->id);
        return out;
    }
    snprintf(out, size, "%.8s…", b->id);
    return out;
}

const struct ui_bill *ui_open_bill(const struct ui_ctx *c)
{
    int i = c->v->bill;
    return i >= 0 && i < c->v->bill_count ? &c->v->bills[i] : NULL;
}

/* The card's first row (title true: "Statement N") or second (its state,
 * or when it is due). */
static void bill_card_text(struct ui_ctx *c, const struct ui_bill *b, char *out, size_t size,
                           bool title)
{
    char num[KIOSK_IDENT_MAX];
    if (title)
        ui_subst(out, size, ui_tr(c, "Statement {number}"), "number",
                 ui_bill_number(b, num, sizeof(num)));
    else if (b->state_label)
        snprintf(out, size, "%s", ui_tr(c, b->state_label));
    else
        ui_subst(out, size, ui_tr(c, b->overdue ? N_("Was due {date}") : N_("Due {date}")), "date",
                 b->due);
}

/* How many cards of heights[first..n), cols to a row, fit between y and
 * limit (whole rows only). */
static int fit_cards(int y, const int *heights, int first, int n, int cols, int gap, int limit)
{
    int shown = 0;
    for (int i = first; i < n && y + heights[i] <= limit; i += cols) {
        shown += n - i < cols ? n - i : cols;
        y += heights[i] + gap;
    }
    return shown;
}

void screen_bills(struct ui_ctx *c)
{
    const struct theme *th = c->th;
    char line[240], id[24];
    ui_screen_begin(c);
    if (c->v->bill_count == 0) {
        ui_title(c, ui_tr(c, "You have no bills to pay here"));
        ui_subtitle(c, ui_tr(c, "If you expected a bill, the front desk can look it up for you."));
        ui_actions(c, NULL, NULL, "finish", N_("Finish"), true);
        return;
    }
    ui_title(c, ui_tr(c, "Your bills"));
    ui_subtitle(c, ui_tr(c, "Choose a bill to see what it is for."));
    ui_switch_notice(c); /* switched to the patient's language */
    int pad = ui_dp(c, 32), gap = ui_dp(c, 24);
    struct text_style h = {.px = 42, .bold = true, .color = th->text, .max_lines = 2};
    struct text_style p = {.px = 36, .color = th->muted, .max_lines = 2};
    struct text_style big = {
        .px = 44, .bold = true, .color = th->text, .align = ALIGN_RIGHT, .max_lines = 1};
    /* A card per statement: its number across the top (two lines if it
     * must), below it the state or due date on the left and the amount on
     * the right; two cards a row on a landscape screen. As many rows as fit
     * from the first statement shown; the others are a tap away (More,
     * Earlier), as the lines of a statement are. */
    int n = c->v->bill_count,
        first = c->v->first_bill > 0 && c->v->first_bill < n ? c->v->first_bill : 0;
    int cols = c->env->width > c->env->height ? 2 : 1;
    if (cols == 2 && (c->body.w - gap) / 2 < ui_sp(c, 640))
        cols = 1; /* half a short landscape screen is too narrow for large text */
    int cw = (c->body.w - (cols - 1) * gap) / cols, inner = cw - 2 * pad;
    int heights[KIOSK_MAX_BILLS], aws[KIOSK_MAX_BILLS];
    for (int i = first; i < n; i++) {
        const struct ui_bill *b = &c->v->bills[i];
        aws[i] =
            c->env->measure.width(c->env->measure.ctx, b->owes, ui_sp(c, 44), true) + ui_dp(c, 8);
        if (aws[i] > inner / 2)
            aws[i] = inner / 2;
        bill_card_text(c, b, line, sizeof(line), true);
        int title = ui_text(c, (struct ui_rect){0, 0, inner, 0}, line, &h, true);
        bill_card_text(c, b, line, sizeof(line), false);
        int state = ui_text(c, (struct ui_rect){0, 0, inner - aws[i] - gap, 0}, line, &p, true);
        int amount = ui_text(c, (struct ui_rect){0, 0, aws[i], 0}, b->owes, &big, true);
        heights[i] = 2 * pad + title + ui_dp(c, 8) + (state > amount ? state : amount);
    }
    /* A row is as tall as its tallest card. */
    for (int i = first; i < n; i += cols)
        for (int k = i + 1; k < i + cols && k < n; k++) {
            int tallest = heights[i] > heights[k] ? heights[i] : heights[k];
            heights[i] = heights[k] = tallest;
        }
    int limit = c->actions_top - ui_dp(c, 24), pager_h = ui_dp(c, 96);
    int shown = fit_cards(c->y, heights, first, n, cols, gap, limit);
    bool paged = first > 0 || first + shown < n;
    if (paged) /* room for the pager row */
        shown = fit_cards(c->y, heights, first, n, cols, gap, limit - pager_h - gap);
    if (shown == 0 && first < n)
        shown = 1; /* never an empty page; the overflow check reports it */
    int top = c->y;
    for (int i = first; i < first + shown; i++) {
        const struct ui_bill *b = &c->v->bills[i];
        int col = (i - first) % cols;
        struct ui_rect r = {c->body.x + col * (cw + gap), top, cw, heights[i]};
        ui_group_begin(c, r, b->id);
        ui_fill(c, r, th->surface, ui_dp(c, 20));
        ui_outline(c, r, th->border, ui_dp(c, 20), ui_dp(c, 2));
        char title[240];
        bill_card_text(c, b, title, sizeof(title), true);
        int row2 = r.y + pad + ui_dp(c, 8) +
                   ui_text(c, (struct ui_rect){r.x + pad, r.y + pad, inner, 0}, title, &h, false);
        bill_card_text(c, b, line, sizeof(line), false);
        ui_text(c, (struct ui_rect){r.x + pad, row2, inner - aws[i] - gap, 0}, line, &p, false);
        ui_text(c, (struct ui_rect){r.x + r.w - pad - aws[i], row2, aws[i], 0}, b->owes, &big,
                false);
        ui_group_end(c);
        snprintf(id, sizeof(id), "bill.%d", i);
        ui_target(c, id, r, title, false);
        if (col == cols - 1 || i + 1 == first + shown)
            top += heights[i] + gap;
    }
    c->y = top;
    ui_item_range(c, "bill", n, first, shown, first > 0 ? "bills.back" : NULL,
                  first + shown < n ? "bills.more" : NULL);
    if (paged) {
        int bw = ui_dp(c, 240), x = c->body.x;
        int y = c->actions_top - ui_dp(c, 24) - pager_h;
        if (first > 0) {
            ui_button_px(c, "bills.back", ui_tr(c, "Earlier"), (struct ui_rect){x, y, bw, pager_h},
                         BTN_SECONDARY, true, 32);
            x += bw + gap;
        }
        if (first + shown < n)
            ui_button_px(c, "bills.more", ui_tr(c, "More"), (struct ui_rect){x, y, bw, pager_h},
                         BTN_SECONDARY, true, 32);
    }
    ui_actions(c, "back", N_("Finish"), NULL, NULL, true);
}

/* What was charged, what others paid, what is left. */
static void bill_totals(struct ui_ctx *c, const struct ui_bill *b)
{
    pay_row(c, ui_tr(c, "Charges"), b->total, 38, false);
    pay_row(c, ui_tr(c, "Paid by your insurance"), b->insurance, 38, false);
    pay_row(c, ui_tr(c, "Adjustments"), b->adjust, 38, false);
    ui_fill(c, (struct ui_rect){c->body.x, c->y, c->body.w, ui_dp(c, 3)}, c->th->border, 0);
    c->y += ui_dp(c, 16);
    pay_row(c, ui_tr(c, b->state_msgid ? N_("Balance") : N_("You owe")), b->owes, 48, true);
    c->y += ui_dp(c, 16);
}

/* The width of the More and Earlier buttons beside the lines' heading, and
 * the heading's height when it must go above them (0: beside them). */
static int lines_button_w(struct ui_ctx *c)
{
    int bw = ui_dp(c, 200);
    const char *words[2] = {ui_tr(c, "Earlier"), ui_tr(c, "More")};
    for (int i = 0; i < 2; i++) { /* as wide as the longer word needs */
        int need = c->env->measure.width(c->env->measure.ctx, words[i], ui_sp(c, 32), true) +
                   3 * ui_dp(c, 20);
        bw = need > bw ? need : bw;
    }
    return bw;
}

static int lines_heading_above(struct ui_ctx *c)
{
    struct text_style hd = {.px = 36, .bold = true, .max_lines = 2};
    const char *heading = ui_tr(c, "What the charges are for");
    int gap = ui_dp(c, 16);
    int beside_w = c->body.w - 2 * (lines_button_w(c) + gap);
    /* Beside the buttons when it nearly fits one line; else above them. */
    if (c->env->measure.width(c->env->measure.ctx, heading, ui_sp(c, 36) * 3 / 4, true) <=
        beside_w * 6 / 5)
        return 0;
    return ui_text(c, (struct ui_rect){0, 0, c->body.w, 0}, heading, &hd, true) + gap;
}

/* The lines in plain words, as many as end above limit. */
static void bill_lines(struct ui_ctx *c, const struct ui_bill *b, int limit)
{
    const struct theme *th = c->th;
    char line[120];
    struct text_style hd = {.px = 36, .bold = true, .color = th->muted, .max_lines = 2};
    struct text_style w = {.px = 36, .color = th->text, .max_lines = 3};
    struct text_style am = {
        .px = 36, .bold = true, .color = th->text, .align = ALIGN_RIGHT, .max_lines = 1};
    struct text_style code = {.px = 30, .color = th->muted, .max_lines = 1};
    int aw = c->body.w / 4, gap = ui_dp(c, 16);
    int first = c->v->first_line > 0 && c->v->first_line < b->line_count ? c->v->first_line : 0;
    int head_h = ui_dp(c, 96) + gap; /* "More" and "Earlier" are finger-sized */
    int bw = lines_button_w(c);
    const char *heading = ui_tr(c, "What the charges are for");
    int heading_h = lines_heading_above(c);
    head_h += heading_h;
    struct ui_rect wr = {c->body.x, 0, c->body.w - aw - ui_dp(c, 24), 0};

    /* How many lines fit from the first one shown; the rest a tap away. */
    int heights[KIOSK_MAX_LINES], shown = 0;
    for (int i = first, y = c->y + head_h; i < b->line_count; i++, shown++) {
        const struct ui_bill_line *l = &b->lines[i];
        heights[i] = ui_text(c, wr, l->words, &w, true) +
                     (c->v->show_codes && l->code[0] ? ui_dp(c, 44) : 0);
        if (y + heights[i] > limit && shown > 0)
            break; /* (one at least: the box check says when even that does not fit) */
        y += heights[i] + gap;
    }
    bool more = first + shown<b->line_count, earlier = first> 0;
    int x = c->body.x + c->body.w;
    if (heading_h) {
        ui_text(c, (struct ui_rect){c->body.x, c->y, c->body.w, 0}, heading, &hd, false);
        c->y += heading_h;
        head_h -= heading_h;
    }
    if (more) {
        x -= bw;
        ui_button_px(c, "lines.more", ui_tr(c, "More"), (struct ui_rect){x, c->y, bw, head_h - gap},
                     BTN_SECONDARY, true, 32);
        x -= gap;
    }
    if (earlier) {
        x -= bw;
        ui_button_px(c, "lines.back", ui_tr(c, "Earlier"),
                     (struct ui_rect){x, c->y, bw, head_h - gap}, BTN_SECONDARY, true, 32);
        x -= gap;
    }
    if (!heading_h)
        ui_text(c, (struct ui_rect){c->body.x, c->y, x - c->body.x, head_h}, heading, &hd, false);
    ui_say(c, ui_tr(c, "What the charges are for"));
    c->y += head_h;
    ui_item_range(c, "bill.line", b->line_count, first, shown, earlier ? "lines.back" : NULL,
                  more ? "lines.more" : NULL);
    for (int i = first; i < first + shown; i++) {
        const struct ui_bill_line *l = &b->lines[i];
        ui_say_value(c, l->words, l->amount);
        wr.y = c->y;
        int hh = ui_text(c, wr, l->words, &w, false);
        ui_text(c, (struct ui_rect){c->body.x + c->body.w - aw, c->y, aw, 0}, l->amount, &am,
                false);
        if (c->v->show_codes && l->code[0]) {
            ui_subst(line, sizeof(line), ui_tr(c, "Code {code}"), "code", l->code);
            ui_text(c, (struct ui_rect){c->body.x, c->y + hh, wr.w, 0}, line, &code, false);
        }
        c->y += heights[i] + gap;
    }
}

/* The ways on: codes, the glossary, a question; three in a row, or two
 * side by side over one. */
static void bill_buttons(struct ui_ctx *c, int y, int bh, bool row)
{
    int gap = ui_dp(c, 24);
    int w = row ? (c->body.w - 2 * gap) / 3 : (c->body.w - gap) / 2;
    struct ui_rect codes = {c->body.x, y, w, bh};
    struct ui_rect explain = {c->body.x + w + gap, y, w, bh};
    struct ui_rect question = row ? (struct ui_rect){c->body.x + 2 * (w + gap), y, w, bh}
                                  : (struct ui_rect){c->body.x, y + bh + gap, c->body.w, bh};
    ui_button_px(c, "codes",
                 ui_tr(c, c->v->show_codes ? N_("Hide the codes") : N_("Show the codes")), codes,
                 BTN_SECONDARY, true, row ? 30 : 34);
    ui_button_px(c, "explain", ui_tr(c, "What do these words mean?"), explain, BTN_SECONDARY, true,
                 row ? 30 : 34);
    ui_button_px(c, "question", ui_tr(c, "A question, or a payment plan?"), question, BTN_SECONDARY,
                 true, row ? 30 : 34);
}

/* "Statement N · Due date" under the title. */
static void bill_subtitle(struct ui_ctx *c, const struct ui_bill *b)
{
    char line[300], num[KIOSK_IDENT_MAX];
    ui_subst(line, sizeof(line), ui_tr(c, "Statement {number}"), "number",
             ui_bill_number(b, num, sizeof(num)));
    if (b->due[0] && !b->state_msgid) {
        char due[120];
        ui_subst(due, sizeof(due), ui_tr(c, b->overdue ? N_("Was due {date}") : N_("Due {date}")),
                 "date", b->due);
        kstr_append(line, sizeof(line), " · ");
        kstr_append(line, sizeof(line), due);
    }
    ui_subtitle(c, line);
}

/* The statement's state and its totals. */
static void bill_summary(struct ui_ctx *c, const struct ui_bill *b)
{
    if (b->state_msgid)
        ui_banner(c, ui_tr(c, b->state_msgid), false);
    ui_switch_notice(c); /* switched to the patient's language */
    bill_totals(c, b);
}

/* Where c->y would end after the summary (nothing drawn). */
static int summary_end(const struct ui_ctx *c, const struct ui_bill *b)
{
    struct ui_ctx m = *c;
    m.measuring = true;
    bill_summary(&m, b);
    return m.y;
}

/* The heading row and the first line shown fit between y and limit. */
static bool lines_fit(struct ui_ctx *c, const struct ui_bill *b, int y, int limit)
{
    if (b->line_count == 0)
        return true;
    int aw = c->body.w / 4, gap = ui_dp(c, 16);
    int first = c->v->first_line > 0 && c->v->first_line < b->line_count ? c->v->first_line : 0;
    struct text_style w = {.px = 36, .max_lines = 3};
    struct ui_rect wr = {0, 0, c->body.w - aw - ui_dp(c, 24), 0};
    return y + ui_dp(c, 96) + gap + lines_heading_above(c) +
               ui_text(c, wr, b->lines[first].words, &w, true) <=
           limit;
}

void screen_bill(struct ui_ctx *c)
{
    const struct ui_bill *b = ui_open_bill(c);
    ui_screen_begin(c);
    if (!b) {
        ui_title(c, ui_tr(c, "Your bill"));
        ui_actions(c, "back", N_("Back"), NULL, NULL, true);
        return;
    }
    /* Portrait: the title, the totals, the lines, then the ways on above
     * the action bar. Landscape: the title and the totals on the left, the
     * statement's number and the lines on the right, the ways on in one row
     * across. A screen too short for the totals and a line beside or under
     * them shows them as two pages: the totals, then the lines. */
    bool landscape = c->env->width > c->env->height;
    /* The buttons grow with large text: two lines of it must fit. */
    int gap = ui_dp(c, 24), bh = ui_sp(c, landscape ? 96 : 112);
    struct ui_rect full = c->body;
    int buttons_y = c->actions_top - (landscape ? bh : 2 * bh + gap) - ui_dp(c, 24);
    int limit = buttons_y - ui_dp(c, 16);
    struct ui_rect left = full, right = full;
    if (landscape) {
        left.w = (full.w - 2 * gap) * 45 / 100;
        right =
            (struct ui_rect){full.x + left.w + 2 * gap, full.y, full.w - left.w - 2 * gap, full.h};
    }
    /* Will it fit on one page? */
    c->body = left;
    ui_title(c, ui_tr(c, "Your bill"));
    int after_title = c->y;
    bool paged;
    if (landscape) {
        struct ui_ctx m = *c;
        m.measuring = true;
        m.body = right;
        m.y = full.y;
        bill_subtitle(&m, b);
        paged = summary_end(c, b) > limit || !lines_fit(&m, b, m.y, limit);
    } else {
        struct ui_ctx m = *c;
        m.measuring = true;
        bill_subtitle(&m, b);
        m.y = summary_end(&m, b);
        paged = m.y > limit || !lines_fit(&m, b, m.y, limit);
    }
    int page = paged && c->v->scroll > 0 ? 1 : 0;
    int pager_h = ui_pager_height(c);
    /* The pager goes in the title's row when the title leaves room (it is
     * short: "Your bill"), else above the ways on. */
    int title_w =
        c->env->measure.width(c->env->measure.ctx, ui_tr(c, "Your bill"), ui_sp(c, 64), true);
    int pager_x = full.x + title_w + gap > full.x + full.w * 45 / 100 ? full.x + title_w + gap
                                                                      : full.x + full.w * 45 / 100;
    struct ui_rect pager = {pager_x, full.y, full.x + full.w - pager_x, pager_h};
    if (paged && page == 0)
        limit = c->actions_top - ui_dp(c, 24); /* the ways on are about the lines: page 2 */
    if (paged && pager.w < ui_dp(c, 480)) {
        limit -= pager_h + gap;
        pager = (struct ui_rect){full.x, limit + ui_dp(c, 16), full.w, pager_h};
    } else if (paged && after_title < full.y + pager_h + ui_dp(c, 12)) {
        after_title = full.y + pager_h + ui_dp(c, 12); /* the row as tall as the pager */
    }

    if (paged) {
        /* Two pages, each across the whole width under the title. */
        c->body = full;
        c->y = after_title;
        if (c->env->width > c->env->height) { /* the title as it is across the width */
            struct ui_ctx m = *c;
            m.measuring = true;
            m.y = full.y;
            ui_title(&m, ui_tr(c, "Your bill"));
            if (m.y > c->y)
                c->y = m.y;
        }
        bill_subtitle(c, b);
        if (page == 0) {
            bill_summary(c, b);
            ui_item(c, "bill.totals", 0, UI_PLACED_SHOWN, NULL);
            ui_item_range(c, "bill.line", b->line_count, 0, 0, NULL, "scroll.more");
        } else {
            ui_item(c, "bill.totals", 0, UI_PLACED_PAGED, "scroll.back");
            bill_lines(c, b, limit);
        }
    } else {
        if (landscape) {
            bill_summary(c, b);
            c->body = right;
            c->y = full.y;
            bill_subtitle(c, b);
        } else {
            bill_subtitle(c, b);
            bill_summary(c, b);
        }
        bill_lines(c, b, limit);
    }
    c->body = full;
    if (paged)
        ui_pager(c, pager, "bill.page", page, 1, 2);
    if (!paged || page == 1)
        bill_buttons(c, buttons_y, bh, landscape);
    ui_actions(c, "back", N_("Back"), b->payable ? "pay" : NULL, b->payable ? N_("Pay") : NULL,
               b->payable);
}
