#include "firmware/i18n/i18n.h"
#include "ui/widget/widget.h"

#include <stdio.h>
#include <string.h>

static void key(struct ui_ctx *c, const char *id, const char *label, const char *speak,
                struct ui_rect r, bool accent)
{
    const struct theme *th = c->th;
    int radius = ui_dp(c, 14);
    ui_fill(c, r, accent ? th->secondary : th->surface, radius);
    ui_outline(c, r, th->border, radius, ui_dp(c, 2));
    struct text_style st = {.px = accent ? 36 : 52,
                            .bold = true,
                            .color = th->text,
                            .align = ALIGN_CENTER,
                            .max_lines = 1};
    /* Keys squeezed by a short screen get letters that fit them. */
    int fit = (int)(r.h * 0.5f / (c->u * c->text_scale));
    if (st.px > fit)
        st.px = fit;
    int pad = ui_dp(c, 8);
    /* A word on a narrow key ("Apagar"): the size that fits its width. */
    int tw = c->env->measure.width(c->env->measure.ctx, label, ui_sp(c, st.px), true);
    if (tw > r.w - 2 * pad && tw > 0)
        st.px = st.px * (r.w - 2 * pad) / tw;
    ui_group_begin(c, r, id);
    ui_text(c, (struct ui_rect){r.x + pad, r.y, r.w - 2 * pad, r.h}, label, &st, false);
    ui_group_end(c);
    ui_target(c, id, r, speak ? speak : label, false);
}

/* The keys sit at the bottom of the free area: closer to the hands, and
 * within reach from a wheelchair. */
static struct ui_rect key_area(struct ui_ctx *c, int rows, int key_h, int gap)
{
    int h = rows * key_h + (rows - 1) * gap;
    int bottom = c->actions_top - ui_dp(c, 40);
    int top = bottom - h;
    if (top < c->y)
        top = c->y;
    return (struct ui_rect){c->body.x, top, c->body.w, h};
}

void ui_keyboard(struct ui_ctx *c)
{
    static const char *const rows[3] = {"QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"};
    int gap = ui_dp(c, 8);
    int avail = c->actions_top - ui_dp(c, 40) - c->y;
    /* Ten keys a row need nearly the full width to stay finger-sized
     * (>= 96 px at 1080 px); the keyboard is wider than the text body. */
    int full_w = c->env->width - 2 * ui_dp(c, 16);
    int max_w = ui_dp(c, 1500);
    int kb_w = full_w < max_w ? full_w : max_w;
    int kb_x = (c->env->width - kb_w) / 2;
    if (c->keys_in.w > 0) { /* a column of its own (a landscape glossary) */
        kb_w = c->keys_in.w;
        kb_x = c->keys_in.x;
    }
    int key_w = (kb_w - 9 * gap) / 10;
    int key_h = ui_dp(c, 120);
    if (4 * key_h + 3 * gap > avail)
        key_h = (avail - 3 * gap) / 4;
    if (key_h > key_w * 3 / 2)
        key_h = key_w * 3 / 2;
    struct ui_rect area = key_area(c, 4, key_h, gap);
    area.x = kb_x;
    area.w = kb_w;
    char id[16], label[4];
    for (int r = 0; r < 3; r++) {
        int n = (int)strlen(rows[r]);
        int row_w = n * key_w + (n - 1) * gap;
        int x = area.x + (area.w - row_w) / 2;
        int y = area.y + r * (key_h + gap);
        for (int i = 0; i < n; i++) {
            snprintf(id, sizeof(id), "key.%c", rows[r][i]);
            snprintf(label, sizeof(label), "%c", rows[r][i]);
            key(c, id, label, NULL, (struct ui_rect){x + i * (key_w + gap), y, key_w, key_h},
                false);
        }
    }
    /* Last row: - ' [ space ] [ delete ] */
    int y = area.y + 3 * (key_h + gap);
    int x = area.x;
    key(c, "key.hyphen", "-", ui_tr(c, "hyphen"), (struct ui_rect){x, y, key_w, key_h}, false);
    x += key_w + gap;
    key(c, "key.apostrophe", "'", ui_tr(c, "apostrophe"), (struct ui_rect){x, y, key_w, key_h},
        false);
    x += key_w + gap;
    int del_w = 3 * key_w + 2 * gap;
    int space_w = area.x + area.w - x - del_w - gap;
    key(c, "key.space", ui_tr(c, "Space"), NULL, (struct ui_rect){x, y, space_w, key_h}, true);
    x += space_w + gap;
    key(c, "key.backspace", ui_tr(c, "Delete"), NULL, (struct ui_rect){x, y, del_w, key_h}, true);
}

/* 1-9 in three rows, then [decimal] 0 Delete; decimal NULL leaves its place empty. */
static void keypad(struct ui_ctx *c, const char *decimal)
{
    int gap = ui_dp(c, 16);
    struct ui_rect saved = c->body;
    int saved_y = c->y;
    if (c->keys_in.w > 0) { /* a column of its own beside the fields */
        c->body = (struct ui_rect){c->keys_in.x, c->keys_in.y, c->keys_in.w, 0};
        c->y = c->keys_in.y;
    }
    int avail = c->actions_top - ui_dp(c, 40) - c->y;
    int key_h = ui_dp(c, 128);
    if (4 * key_h + 3 * gap > avail)
        key_h = (avail - 3 * gap) / 4;
    int pad_w = ui_dp(c, 760);
    if (pad_w > c->body.w)
        pad_w = c->body.w;
    int key_w = (pad_w - 2 * gap) / 3;
    struct ui_rect area = key_area(c, 4, key_h, gap);
    int x0 = area.x + (area.w - pad_w) / 2;
    static const char *const digits = "123456789";
    char id[16], label[4];
    for (int i = 0; i < 9; i++) {
        snprintf(id, sizeof(id), "key.%c", digits[i]);
        snprintf(label, sizeof(label), "%c", digits[i]);
        key(c, id, label, NULL,
            (struct ui_rect){x0 + (i % 3) * (key_w + gap), area.y + (i / 3) * (key_h + gap), key_w,
                             key_h},
            false);
    }
    int y = area.y + 3 * (key_h + gap);
    if (decimal)
        key(c, "key.decimal", decimal, ui_tr(c, strcmp(decimal, ",") == 0 ? "comma" : "dot"),
            (struct ui_rect){x0, y, key_w, key_h}, false);
    key(c, "key.0", "0", NULL, (struct ui_rect){x0 + key_w + gap, y, key_w, key_h}, false);
    key(c, "key.backspace", ui_tr(c, "Delete"), NULL,
        (struct ui_rect){x0 + 2 * (key_w + gap), y, key_w, key_h}, true);
    c->body = saved;
    c->y = saved_y;
}

void ui_keypad(struct ui_ctx *c)
{
    keypad(c, NULL);
}

void ui_keypad_money(struct ui_ctx *c)
{
    keypad(c, i18n_decimal_sep(c->v->lang));
}

bool ui_keypad_beside(struct ui_ctx *c)
{
    if (c->env->width <= c->env->height)
        return false;
    int gap = ui_dp(c, 64);
    int right = (c->body.w - gap) * 36 / 100;
    c->keys_in = (struct ui_rect){c->body.x + c->body.w - right, c->y, right, 0};
    c->body.w -= right + gap;
    return true;
}

/* A key of the last row of a text keyboard: id, what it shows, what speech
 * says (NULL: the label), and how many key widths it takes. */
struct wide_key {
    const char *id, *label, *speak;
    int width;
};

/* Rows of single characters (ids "key.<c>"), then one row of wide keys,
 * across the full width as ui_keyboard. */
static void text_keyboard(struct ui_ctx *c, const char *const *rows, int nrows,
                          const struct wide_key *last, int nlast)
{
    int gap = ui_dp(c, 8);
    int total_rows = nrows + 1;
    int avail = c->actions_top - ui_dp(c, 40) - c->y;
    int full_w = c->env->width - 2 * ui_dp(c, 16);
    int max_w = ui_dp(c, 1500);
    int kb_w = full_w < max_w ? full_w : max_w;
    int kb_x = (c->env->width - kb_w) / 2;
    int key_w = (kb_w - 9 * gap) / 10;
    int key_h = ui_dp(c, 112);
    if (total_rows * key_h + (total_rows - 1) * gap > avail)
        key_h = (avail - (total_rows - 1) * gap) / total_rows;
    if (key_h > key_w * 3 / 2)
        key_h = key_w * 3 / 2;
    struct ui_rect area = key_area(c, total_rows, key_h, gap);
    area.x = kb_x;
    area.w = kb_w;
    char id[16], label[4];
    for (int r = 0; r < nrows; r++) {
        int n = (int)strlen(rows[r]);
        int row_w = n * key_w + (n - 1) * gap;
        int x = area.x + (area.w - row_w) / 2;
        int y = area.y + r * (key_h + gap);
        for (int i = 0; i < n; i++) {
            snprintf(id, sizeof(id), "key.%c", rows[r][i]);
            snprintf(label, sizeof(label), "%c", rows[r][i]);
            key(c, id, label, NULL, (struct ui_rect){x + i * (key_w + gap), y, key_w, key_h},
                false);
        }
    }
    int units = 0;
    for (int i = 0; i < nlast; i++)
        units += last[i].width;
    int unit_w = (area.w - (nlast - 1) * gap) / (units ? units : 1);
    int x = area.x, y = area.y + nrows * (key_h + gap);
    for (int i = 0; i < nlast; i++) {
        int w = last[i].width * unit_w;
        if (i == nlast - 1)
            w = area.x + area.w - x;
        const char *text = last[i].width > 1 ? ui_tr(c, last[i].label) : last[i].label;
        key(c, last[i].id, text, last[i].speak ? ui_tr(c, last[i].speak) : NULL,
            (struct ui_rect){x, y, w, key_h}, last[i].width > 1);
        x += w + gap;
    }
}

static const char *const letter_rows[] = {"1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"};

void ui_keyboard_email(struct ui_ctx *c)
{
    static const struct wide_key last[] = {
        {"key.at", "@", N_("at sign"), 1},        {"key.dot", ".", N_("dot"), 1},
        {"key.hyphen", "-", N_("hyphen"), 1},     {"key.underscore", "_", N_("underscore"), 1},
        {"key.backspace", N_("Delete"), NULL, 3},
    };
    text_keyboard(c, letter_rows, 4, last, 5);
}

void ui_keyboard_address(struct ui_ctx *c)
{
    static const struct wide_key last[] = {
        {"key.comma", ",", N_("comma"), 1},       {"key.hyphen", "-", N_("hyphen"), 1},
        {"key.slash", "/", N_("slash"), 1},       {"key.space", N_("Space"), NULL, 3},
        {"key.backspace", N_("Delete"), NULL, 3},
    };
    text_keyboard(c, letter_rows, 4, last, 5);
}

void ui_keyboard_member(struct ui_ctx *c)
{
    static const struct wide_key last[] = {
        {"key.hyphen", "-", N_("hyphen"), 1},
        {"key.backspace", N_("Delete"), NULL, 3},
    };
    text_keyboard(c, letter_rows, 4, last, 2);
}
