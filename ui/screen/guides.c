/* Short guides: the list, one guide a page at a time (with print and a QR
 * code to read it on a phone), and the glossary of billing words. */
#include "firmware/core/str.h"
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <stdio.h>

void screen_guides(struct ui_ctx *c)
{
    const struct guide_library *lib = c->v->guides;
    int n = lib ? lib->count : 0;
    char id[24];
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Guides"));
    ui_subtitle(c, ui_tr(c, "Short guides to help you find your way. Choose one to read."));
    /* The list sits low, just above the action bar, within reach: two
     * columns on a landscape screen, the glossary last across the width.
     * More guides than fit: a page of them and the pager above the
     * glossary. */
    int gap = ui_dp(c, 16);
    int bh = ui_dp(c, c->compact ? 96 : 112);
    if (bh < 96)
        bh = 96;
    int cols = c->env->width > c->env->height ? 2 : 1;
    int bottom = c->actions_top - ui_dp(c, 32);
    int room = bottom - c->y - (bh + gap); /* the glossary's row */
    int rows_fit = (room + gap) / (bh + gap);
    int guide_rows = (n + cols - 1) / cols;
    int first = 0, shown = n;
    bool paged = guide_rows > rows_fit;
    if (paged) {
        rows_fit = (room - ui_pager_height(c)) / (bh + gap);
        if (rows_fit < 1)
            rows_fit = 1;
        shown = rows_fit * cols;
        first = ui_scroll_first(c, n) / cols * cols;
        if (first + shown > n)
            shown = n - first;
        guide_rows = (shown + cols - 1) / cols;
    }
    int bw = (c->body.w - (cols - 1) * gap) / cols;
    int y = bottom - (bh + gap) - (paged ? ui_pager_height(c) + gap : 0) - guide_rows * (bh + gap) +
            gap;
    for (int i = first; i < first + shown; i++) {
        int k = i - first;
        snprintf(id, sizeof(id), "guide.%d", i);
        ui_button_px(c, id, lib->guides[i].title,
                     (struct ui_rect){c->body.x + (k % cols) * (bw + gap),
                                      y + (k / cols) * (bh + gap), bw, bh},
                     BTN_SECONDARY, true, 40);
    }
    y += guide_rows * (bh + gap);
    if (paged) {
        ui_pager(c, (struct ui_rect){c->body.x, y, c->body.w, ui_pager_height(c)}, "guide", first,
                 shown, n);
        y += ui_pager_height(c) + gap;
    } else {
        ui_item_range(c, "guide", n, 0, n, NULL, NULL);
    }
    ui_button_px(c, "glossary", ui_tr(c, "Billing words explained"),
                 (struct ui_rect){c->body.x, y, c->body.w, bh}, BTN_QUIET, true, 40);
    ui_actions(c, "back", N_("Back"), NULL, NULL, true);
}

static int block_height(struct ui_ctx *c, const struct guide_block *b, int w)
{
    struct text_style st = {.px = b->kind == GUIDE_HEADING ? 44 : 40,
                            .bold = b->kind == GUIDE_HEADING};
    int indent = b->kind == GUIDE_ITEM ? ui_dp(c, 48) : 0;
    int top = b->kind == GUIDE_HEADING ? ui_dp(c, 24) : 0;
    return top + ui_text(c, (struct ui_rect){0, 0, w - indent, 0}, b->text, &st, true) +
           ui_dp(c, 16);
}

static void block_draw(struct ui_ctx *c, const struct guide_block *b, int y, int w)
{
    const struct theme *th = c->th;
    struct text_style st = {.px = b->kind == GUIDE_HEADING ? 44 : 40,
                            .bold = b->kind == GUIDE_HEADING,
                            .color = th->text};
    int indent = b->kind == GUIDE_ITEM ? ui_dp(c, 48) : 0;
    if (b->kind == GUIDE_HEADING)
        y += ui_dp(c, 24);
    if (b->kind == GUIDE_ITEM) {
        int dot = ui_dp(c, 12);
        ui_fill(c,
                (struct ui_rect){c->body.x + ui_dp(c, 12), y + ui_sp(c, 40) * 6 / 10 - dot / 2, dot,
                                 dot},
                th->text, dot / 2);
    }
    ui_text(c, (struct ui_rect){c->body.x + indent, y, w - indent, 0}, b->text, &st, false);
    ui_say(c, b->text); /* the page is read out after its title */
}

void screen_guide(struct ui_ctx *c)
{
    const struct theme *th = c->th;
    const struct guide_library *lib = c->v->guides;
    if (!lib || c->v->guide < 0 || c->v->guide >= lib->count) {
        ui_screen_begin(c);
        ui_actions(c, "back", N_("Back"), NULL, NULL, true);
        return;
    }
    const struct guide *g = &lib->guides[c->v->guide];
    ui_screen_begin(c);

    /* Title, with the QR code beside it on the right. */
    int qr_side = c->v->qr_modules ? ui_dp(c, 220) : 0;
    int title_w = c->body.w - (qr_side ? qr_side + ui_dp(c, 32) : 0);
    struct text_style ts = {.px = 60, .bold = true, .color = th->text};
    int title_top = c->y;
    int th1 = ui_text(c, (struct ui_rect){c->body.x, c->y, title_w, 0}, g->title, &ts, false);
    kstr_copy(c->f->prompt, sizeof(c->f->prompt), g->title);
    if (qr_side) {
        int real = ui_qr(c, c->body.x + c->body.w - qr_side, title_top, qr_side);
        struct text_style cap = {.px = 28, .color = th->muted, .max_lines = 2};
        int ch = ui_text(c, (struct ui_rect){c->body.x, title_top + th1 + ui_dp(c, 8), title_w, 0},
                         ui_tr(c, "Scan the code to read this guide on your phone."), &cap, false);
        if (th1 + ch + ui_dp(c, 8) < real)
            th1 = real - ui_dp(c, 8) - ch;
        th1 += ch + ui_dp(c, 8);
    }
    c->y = title_top + th1 + ui_dp(c, 24);
    ui_notice(c);

    /* Pages: as many blocks as fit above the page buttons. */
    int gap = ui_dp(c, 20);
    int bh = ui_dp(c, c->compact ? 96 : 112);
    int controls_y = c->actions_top - ui_dp(c, 24) - bh;
    int room = controls_y - ui_dp(c, 52) - ui_dp(c, 16) - c->y; /* under "Page 1 of 2" */
    int page = 0, start = 0, used = 0, first = 0, last = g->count;
    for (int i = 0; i < g->count; i++) {
        int h = block_height(c, &g->blocks[i], c->body.w);
        if (used + h > room && i > start) {
            if (page == c->v->page)
                last = i;
            page++;
            start = i;
            used = 0;
        }
        if (page == c->v->page && start == i)
            first = i;
        used += h;
    }
    int pages = page + 1;
    int shown = c->v->page < pages ? c->v->page : pages - 1;
    if (shown != c->v->page) { /* asked for past the end: the last page */
        first = start;
        last = g->count;
    }
    int y = c->y;
    ui_item_range(c, "guide.block", g->count, first, (last < g->count ? last : g->count) - first,
                  "page.prev", "page.next");
    for (int i = first; i < last && i < g->count; i++) {
        block_draw(c, &g->blocks[i], y, c->body.w);
        y += block_height(c, &g->blocks[i], c->body.w);
    }

    /* Page buttons and print, low, above the action bar. */
    int w3 = (c->body.w - 2 * gap) / 3;
    char pageno[48], num[12], total[12];
    snprintf(num, sizeof(num), "%d", shown + 1);
    snprintf(total, sizeof(total), "%d", pages);
    ui_subst(pageno, sizeof(pageno), ui_tr(c, "Page {page} of {pages}"), "page", num);
    char tmp[48];
    kstr_copy(tmp, sizeof(tmp), pageno);
    ui_subst(pageno, sizeof(pageno), tmp, "pages", total);
    struct text_style ps = {.px = 32, .color = th->muted, .align = ALIGN_CENTER, .max_lines = 1};
    ui_text(c, (struct ui_rect){c->body.x, controls_y - ui_dp(c, 52), c->body.w, ui_dp(c, 44)},
            pageno, &ps, false);
    ui_button_px(c, "page.prev", ui_tr(c, "page|Previous"),
                 (struct ui_rect){c->body.x, controls_y, w3, bh}, BTN_SECONDARY, shown > 0, 36);
    ui_button_px(c, "guide.print", ui_tr(c, "Print"),
                 (struct ui_rect){c->body.x + w3 + gap, controls_y, w3, bh}, BTN_SECONDARY, true,
                 36);
    ui_button_px(
        c, "page.next", ui_tr(c, "page|Next"),
        (struct ui_rect){c->body.x + 2 * (w3 + gap), controls_y, c->body.w - 2 * (w3 + gap), bh},
        BTN_PRIMARY, shown + 1 < pages, 36);
    ui_actions(c, "back", N_("Back"), NULL, NULL, true);
}

/* One word and its meaning: its height in box.w (dry) or drawn at box. */
static int glossary_entry(struct ui_ctx *c, const struct glossary_entry *e, struct ui_rect box,
                          bool dry)
{
    struct text_style term = {.px = 38, .bold = true, .color = c->th->text};
    struct text_style mean = {.px = 34, .color = c->th->muted};
    int h = ui_text(c, box, e->term, &term, dry);
    box.y += h;
    h += ui_text(c, box, e->meaning, &mean, dry) + ui_dp(c, 20);
    if (!dry) {
        ui_say(c, e->term);
        ui_say(c, e->meaning);
    }
    return h;
}

void screen_glossary(struct ui_ctx *c)
{
    const struct guide_library *lib = c->v->guides;
    int found[GLOSSARY_MAX];
    ui_screen_begin(c);
    ui_title(c, ui_tr(c, "Billing words explained"));
    /* Portrait: the field, the words found, the keyboard low. Landscape:
     * the field and the keyboard on the left, the words on the right. */
    bool landscape = c->env->width > c->env->height;
    struct ui_rect full = c->body, words = full;
    int gap = ui_dp(c, 48);
    if (landscape) {
        int left_w = (full.w - gap) / 2;
        c->body.w = left_w;
        c->keys_in = (struct ui_rect){full.x, 0, left_w, 0};
        words = (struct ui_rect){full.x + left_w + gap, c->y, full.w - left_w - gap, 0};
    }
    int fh = ui_dp(c, c->compact ? 96 : 112);
    ui_field(c, "field.query", (struct ui_rect){c->body.x, c->y, c->body.w, fh}, c->v->query,
             ui_tr(c, "Search a word"), true);
    c->y += fh + ui_dp(c, 24);
    int n = lib ? guide_glossary_search(lib, c->v->query, found, GLOSSARY_MAX) : 0;

    int kb_h = 4 * ui_dp(c, 110) + 3 * ui_dp(c, 8) + ui_dp(c, 40);
    int pager_h = ui_pager_height(c);
    int heights[GLOSSARY_MAX], total = 0, tallest = 0;
    int words_w = landscape ? words.w : c->body.w;
    for (int i = 0; i < n; i++) {
        heights[i] =
            glossary_entry(c, &lib->glossary[found[i]], (struct ui_rect){0, 0, words_w, 0}, true);
        total += heights[i];
        tallest = heights[i] > tallest ? heights[i] : tallest;
    }
    int top = landscape ? words.y : c->y;
    int room_bottom =
        landscape ? c->actions_top - ui_dp(c, 24) : c->actions_top - kb_h - ui_dp(c, 16);
    if (!landscape && top + total > room_bottom &&
        top + tallest + pager_h + ui_dp(c, 16) > room_bottom)
        room_bottom = top + tallest + pager_h + ui_dp(c, 16); /* the keys get shorter */
    int first = 0, shown = n;
    bool paged = top + total > room_bottom;
    if (paged) {
        first = ui_scroll_first(c, n);
        int y = top;
        for (shown = 0; first + shown < n; shown++) {
            if (shown > 0 && y + heights[first + shown] > room_bottom - pager_h - ui_dp(c, 16))
                break;
            y += heights[first + shown];
        }
    }
    int y = top, x = landscape ? words.x : c->body.x;
    for (int i = first; i < first + shown; i++)
        y += glossary_entry(c, &lib->glossary[found[i]], (struct ui_rect){x, y, words_w, 0}, false);
    if (paged)
        ui_pager(c, (struct ui_rect){x, room_bottom - pager_h, words_w, pager_h}, "glossary.entry",
                 first, shown, n);
    else
        ui_item_range(c, "glossary.entry", n, 0, n, NULL, NULL);
    if (n == 0) {
        struct text_style st = {.px = 36, .color = c->th->text};
        struct ui_rect saved = c->body;
        c->body = (struct ui_rect){x, y, words_w, 0};
        c->y = y;
        ui_para(c, ui_tr(c, "No word matches. Try fewer letters."), &st, 0);
        y = c->y;
        c->body = saved;
    }
    if (!landscape)
        c->y = paged ? room_bottom : y;
    ui_keyboard(c);
    c->body = full;
    ui_actions(c, "back", N_("Back"), NULL, NULL, true);
}
