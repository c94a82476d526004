#include "ui/widget/widget.h"
#include "firmware/core/str.h"
#include "firmware/i18n/i18n.h"

#include <stdio.h>
#include <string.h>

#define MAX_LINES 24
#define LINE_MAX  DRAW_TEXT_MAX

int ui_dp(const struct ui_ctx *c, int design)
{
    return (int)(design * c->u + 0.5f);
}

int ui_sp(const struct ui_ctx *c, int design)
{
    return (int)(design * c->u * c->text_scale + 0.5f);
}

const char *ui_tr(const struct ui_ctx *c, const char *msgid)
{
    return i18n_text(c->env->i18n, c->v->lang, msgid);
}

const char *ui_ntr(const struct ui_ctx *c, const char *msgid, const char *msgid_plural,
                   unsigned long n)
{
    return i18n_ntr(c->env->i18n, c->v->lang, msgid, msgid_plural, n);
}

static struct draw_cmd *push(struct ui_ctx *c, enum draw_kind kind)
{
    if (c->measuring)
        return NULL;
    return draw_list_push(&c->f->dl, kind);
}

void ui_fill(struct ui_ctx *c, struct ui_rect r, struct ui_color col, int radius)
{
    struct draw_cmd *d = push(c, DRAW_RECT);
    if (!d)
        return;
    d->rect = r;
    d->color = col;
    d->radius = radius;
}

void ui_outline(struct ui_ctx *c, struct ui_rect r, struct ui_color col, int radius, int thick)
{
    struct draw_cmd *d = push(c, DRAW_FRAME);
    if (!d)
        return;
    d->rect = r;
    d->color = col;
    d->radius = radius;
    d->thick = thick;
}

void ui_target(struct ui_ctx *c, const char *id, struct ui_rect r, const char *label, bool disabled)
{
    struct ui_frame *f = c->f;
    if (c->measuring || f->target_count == UI_MAX_TARGETS)
        return;
    struct ui_target *t = &f->targets[f->target_count++];
    kstr_copy(t->id, sizeof(t->id), id);
    kstr_copy(t->label, sizeof(t->label), label ? label : "");
    t->rect = r;
    t->disabled = disabled;
    t->hidden = false;
}

void ui_hidden_target(struct ui_ctx *c, const char *id, struct ui_rect r)
{
    if (c->measuring)
        return;
    ui_target(c, id, r, "", false);
    if (c->f->target_count > 0 && strcmp(c->f->targets[c->f->target_count - 1].id, id) == 0)
        c->f->targets[c->f->target_count - 1].hidden = true;
}

/* --- text ------------------------------------------------------------------ */

static int text_w(const struct ui_ctx *c, const char *s, int px, bool bold)
{
    return c->env->measure.width(c->env->measure.ctx, s, px, bold);
}

static int line_h(const struct ui_ctx *c, int px)
{
    return c->env->measure.line_height(c->env->measure.ctx, px);
}

/* Longest prefix of word (bytes) that fits max_w, cut between grapheme
 * clusters (a conjunct, a letter with its marks, an emoji stay whole). */
static size_t fit_prefix(const struct ui_ctx *c, const char *word, size_t len, int px, bool bold,
                         int max_w)
{
    char buf[LINE_MAX];
    size_t best = 0, at = 0;
    while (at < len) {
        size_t n = at + kstr_grapheme_next(word + at, len - at);
        if (n >= sizeof(buf))
            break;
        memcpy(buf, word, n);
        buf[n] = '\0';
        if (text_w(c, buf, px, bold) > max_w)
            break;
        best = at = n;
    }
    return best;
}

/* The last line shown of a text that has more lines than it may: cut at a
 * cluster boundary so it ends with an ellipsis within max_w. */
static void ellipsize(const struct ui_ctx *c, char *line, int px, bool bold, int max_w)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    size_t len = strlen(line);
    int room = max_w - text_w(c, ellipsis, px, bold);
    size_t n = fit_prefix(c, line, len, px, bold, room > 0 ? room : 0);
    if (n + sizeof(ellipsis) > LINE_MAX)
        n = kstr_grapheme_prefix(line, n, LINE_MAX - sizeof(ellipsis));
    while (n > 0 && line[n - 1] == ' ')
        n--;
    memcpy(line + n, ellipsis, sizeof(ellipsis));
}

struct wrapped {
    int count;
    char lines[MAX_LINES][LINE_MAX];
    bool overflow;
};

/* A line more than MAX_LINES is not dropped quietly: it is an overflow. */
static void push_line(struct wrapped *out, const char *line)
{
    if (out->count < MAX_LINES)
        kstr_copy(out->lines[out->count++], LINE_MAX, line);
    else
        out->overflow = true;
}

/* Greedy word wrap at spaces and '\n'. Words wider than max_w are cut when
 * hard is set, else reported through overflow. */
static void wrap(const struct ui_ctx *c, const char *text, int px, bool bold, int max_w, bool hard,
                 struct wrapped *out)
{
    char line[LINE_MAX] = "";
    char cand[LINE_MAX];
    const char *p = text;
    out->count = 0;
    out->overflow = false;
    while (*p) {
        if (*p == '\n') {
            push_line(out, line);
            line[0] = '\0';
            p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        size_t wl = strcspn(p, " \n");
        char word[LINE_MAX];
        /* A word longer than a line's bytes goes on in pieces, each cut
         * between clusters; nothing is dropped. */
        size_t take = wl < sizeof(word) - 1 ? wl : kstr_grapheme_prefix(p, wl, sizeof(word) - 1);
        if (take == 0)
            take = wl < sizeof(word) - 1 ? wl : sizeof(word) - 1;
        memcpy(word, p, take);
        word[take] = '\0';
        p += take;

        kstr_copy(cand, sizeof(cand), line);
        if (cand[0])
            kstr_append(cand, sizeof(cand), " ");
        /* Too many bytes for a line is too wide too (Devanagari is three
         * bytes a letter): the word goes on the next line, never cut off. */
        bool room = strlen(cand) + strlen(word) < sizeof(cand);
        kstr_append(cand, sizeof(cand), word);
        if (room && text_w(c, cand, px, bold) <= max_w) {
            kstr_copy(line, sizeof(line), cand);
            continue;
        }
        if (line[0])
            push_line(out, line);
        line[0] = '\0';
        /* The word alone on a line. */
        char *w = word;
        while (*w && text_w(c, w, px, bold) > max_w) { /* (a box of no width ends too) */
            out->overflow = true;
            if (!hard)
                break;
            size_t n = fit_prefix(c, w, strlen(w), px, bold, max_w);
            if (n == 0)
                n = 1;
            if (out->count < MAX_LINES) {
                memcpy(out->lines[out->count], w, n);
                out->lines[out->count][n] = '\0';
                out->count++;
            } else {
                out->overflow = true;
            }
            w += n;
        }
        kstr_copy(line, sizeof(line), w);
    }
    if (line[0])
        push_line(out, line);
}

static void note_overflow(struct ui_ctx *c, const char *text)
{
    struct ui_frame *f = c->f;
    if (c->measuring)
        return;
    if (f->overflow_count < 4)
        kstr_copy(f->overflow_text[f->overflow_count], sizeof(f->overflow_text[0]), text);
    f->overflow_count++;
}

/* Whether text fits box at st (shrinking down to 75% like ui_text), without
 * drawing or noting anything. */
static bool text_fits(const struct ui_ctx *c, struct ui_rect box, const char *text,
                      const struct text_style *st)
{
    static _Thread_local struct wrapped wr;
    int full = ui_sp(c, st->px), min_px = full * 3 / 4;
    if (!text || !text[0])
        return true;
    for (int px = full; px >= min_px; px -= (full / 16 > 1 ? full / 16 : 1)) {
        wrap(c, text, px, st->bold, box.w, false, &wr);
        if (!wr.overflow && (st->max_lines == 0 || wr.count <= st->max_lines) &&
            (box.h == 0 || wr.count * line_h(c, px) <= box.h))
            return true;
    }
    return false;
}

int ui_text(struct ui_ctx *c, struct ui_rect box, const char *text, const struct text_style *st,
            bool dry)
{
    static _Thread_local struct wrapped wr; /* large; one build at a time per thread */
    int full = ui_sp(c, st->px);
    int min_px = full * 3 / 4;
    int px = full, lh = 0;
    bool fits = false;
    if (!text || !text[0])
        return 0;
    for (px = full; px >= min_px; px -= (full / 16 > 1 ? full / 16 : 1)) {
        wrap(c, text, px, st->bold, box.w, false, &wr);
        lh = line_h(c, px);
        fits = !wr.overflow && (st->max_lines == 0 || wr.count <= st->max_lines) &&
               (box.h == 0 || wr.count * lh <= box.h);
        if (fits)
            break;
    }
    if (!fits) {
        px = min_px;
        lh = line_h(c, px);
        wrap(c, text, px, st->bold, box.w, true, &wr);
        if (!dry)
            note_overflow(c, text);
    }
    int lines = wr.count;
    if (st->max_lines && lines > st->max_lines) {
        lines = st->max_lines; /* the rest is left out: the last line says so */
        if (!dry)
            ellipsize(c, wr.lines[lines - 1], px, st->bold, box.w);
    }
    if (dry)
        return lines * lh;
    int total = lines * lh;
    int y = box.y + (box.h > total ? (box.h - total) / 2 : 0);
    struct ui_rect used = {0, 0, 0, 0};
    for (int i = 0; i < lines; i++) {
        int w = text_w(c, wr.lines[i], px, st->bold);
        int x = box.x;
        if (st->align == ALIGN_CENTER)
            x = box.x + (box.w - w) / 2;
        else if (st->align == ALIGN_RIGHT)
            x = box.x + box.w - w;
        struct draw_cmd *d = push(c, DRAW_TEXT);
        if (!d)
            break;
        d->rect = (struct ui_rect){x, y + i * lh, w, lh};
        d->color = st->color;
        d->px = px;
        d->bold = st->bold;
        kstr_copy(d->text, sizeof(d->text), wr.lines[i]);
        if (used.w == 0) {
            used = d->rect;
        } else {
            int right = used.x + used.w > x + w ? used.x + used.w : x + w;
            used.x = used.x < x ? used.x : x;
            used.w = right - used.x;
            used.h = d->rect.y + lh - used.y;
        }
    }
    if (used.w > 0)
        ui_box(c, used, text);
    return total;
}

void ui_say(struct ui_ctx *c, const char *text)
{
    if (c->measuring)
        return;
    if (c->f->prompt[0])
        kstr_append(c->f->prompt, sizeof(c->f->prompt), " ");
    kstr_append(c->f->prompt, sizeof(c->f->prompt), text);
}

void ui_main_action(struct ui_ctx *c, const char *id)
{
    kstr_copy(c->f->main_action, sizeof(c->f->main_action), id);
}

void ui_say_value(struct ui_ctx *c, const char *label, const char *value)
{
    char said[UI_PROMPT_MAX];
    snprintf(said, sizeof(said), "%s: %s.", label, value);
    ui_say(c, said);
}

void ui_para(struct ui_ctx *c, const char *text, const struct text_style *st, int gap_after)
{
    struct ui_rect box = {c->body.x, c->y, c->body.w, 0};
    c->y += ui_text(c, box, text, st, false) + ui_dp(c, gap_after);
    ui_say(c, text); /* what the screen says, speech says */
}

/* --- controls --------------------------------------------------------------- */

/* The label box inside a button of r (as ui_button_px lays it out). */
static struct ui_rect label_box(const struct ui_ctx *c, struct ui_rect r)
{
    int pad = ui_dp(c, 20);
    return (struct ui_rect){r.x + pad, r.y + pad / 2, r.w - 2 * pad, r.h - pad};
}

void ui_button(struct ui_ctx *c, const char *id, const char *label, struct ui_rect r,
               enum btn_style style, bool enabled)
{
    ui_button_px(c, id, label, r, style, enabled, 44);
}

void ui_button_px(struct ui_ctx *c, const char *id, const char *label, struct ui_rect r,
                  enum btn_style style, bool enabled, int px)
{
    const struct theme *th = c->th;
    struct ui_color bg = th->primary, fg = th->on_primary;
    int radius = ui_dp(c, 24);
    if (style == BTN_SECONDARY) {
        bg = th->secondary;
        fg = th->on_secondary;
    } else if (style == BTN_QUIET) {
        bg = th->bg;
        fg = th->text;
    }
    if (!enabled || c->v->busy) {
        bg = th->disabled;
        fg = th->on_disabled;
    }
    ui_fill(c, r, bg, radius);
    if (style != BTN_PRIMARY || !enabled)
        ui_outline(c, r, th->border, radius, ui_dp(c, 3));
    struct ui_rect box = label_box(c, r);
    struct text_style st = {
        .px = px, .bold = true, .color = fg, .align = ALIGN_CENTER, .max_lines = 2};
    ui_group_begin(c, r, id);
    ui_text(c, box, label, &st, false);
    ui_group_end(c);
    ui_target(c, id, r, label, !enabled);
}

bool ui_label_fits(const struct ui_ctx *c, const char *label, int w, int h, int px)
{
    struct text_style st = {.px = px, .bold = true, .align = ALIGN_CENTER, .max_lines = 2};
    return text_fits(c, label_box(c, (struct ui_rect){0, 0, w, h}), label, &st);
}

/* Rows of cols choices from top to bottom: the row height (bh, shrunk to
 * fit, never below a finger) when every row and every label fits, else 0. */
static int choices_fit(const struct ui_ctx *c, const struct ui_choice *list, int n, int cols,
                       int bh, int gap, int px, int room)
{
    int rows = (n + cols - 1) / cols;
    int w = (c->body.w - (cols - 1) * gap) / cols;
    int h = (room + gap) / rows - gap;
    if (h > bh)
        h = bh;
    if (h < UI_FINGER_PX)
        return 0;
    for (int i = 0; i < n; i++)
        if (!ui_label_fits(c, list[i].label, w, h, px))
            return 0;
    return h;
}

/* The lowest row (from bh down to a finger) at which every label fits a
 * column of cols; 0 when none does. */
static int lowest_fit(const struct ui_ctx *c, const struct ui_choice *list, int n, int cols, int bh,
                      int gap, int px)
{
    int w = (c->body.w - (cols - 1) * gap) / cols, found = 0;
    for (int h = bh > UI_FINGER_PX ? bh : UI_FINGER_PX; h >= UI_FINGER_PX; h -= 4) {
        bool all = true;
        for (int i = 0; i < n && all; i++)
            all = ui_label_fits(c, list[i].label, w, h, px);
        if (!all)
            break;
        found = h;
    }
    return found;
}

/* The most choices a page of whole rows in room holds (0: not one row),
 * with its columns and row height. */
static int page_fit(const struct ui_ctx *c, const struct ui_choice *list, int n, int max_cols,
                    int bh, int gap, int px, int room, int *cols, int *h)
{
    int best = 0;
    for (int k = max_cols; k >= 1; k--) {
        int kh = lowest_fit(c, list, n, k, bh, gap, px);
        int rows = kh ? room / (kh + gap) : 0;
        if (rows * k > best) {
            best = rows * k;
            *cols = k;
            *h = kh;
        }
    }
    return best;
}

/* A pager column as wide as its words (Earlier, More) need, at least 260
 * dots and at most a third of the body. */
static int pager_column_w(const struct ui_ctx *c)
{
    int w = ui_dp(c, 260), bh = ui_pager_height(c);
    while (w < c->body.w / 3 && !(ui_label_fits(c, ui_tr(c, "Earlier"), w, bh, 32) &&
                                  ui_label_fits(c, ui_tr(c, "More"), w, bh, 32)))
        w += ui_dp(c, 10);
    return w;
}

static void choice_button(struct ui_ctx *c, const struct ui_choice *ch, struct ui_rect r, int px,
                          bool enabled)
{
    ui_button_px(c, ch->id, ch->label, r, ch->style, enabled, px);
}

void ui_choices(struct ui_ctx *c, const struct ui_choice *list, int n, int max_cols, int bh,
                int bottom, int px, const char *kind, bool enabled)
{
    int gap = ui_dp(c, 16), room = bottom - c->y;
    int cols = 0, h = 0;
    for (int k = max_cols; k >= 1 && !h; k--)
        if ((h = choices_fit(c, list, n, k, bh, gap, px, room)))
            cols = k;
    int first = 0, shown = n, pager_h = 0, pager_w = 0, top = c->y;
    struct ui_rect full = c->body;
    if (!h) {
        /* They do not all fit: pages of whole rows, the most choices a page
         * at the lowest rows their words fit, with the pager below. */
        int best =
            page_fit(c, list, n, max_cols, bh, gap, px, room - ui_pager_height(c), &cols, &h);
        if (best) {
            pager_h = ui_pager_height(c);
        } else if (c->env->width > c->env->height) {
            /* Landscape and short: the pager in a column beside them. */
            pager_w = pager_column_w(c);
            c->body.w -= pager_w + gap;
            best = page_fit(c, list, n, max_cols, bh, gap, px, room, &cols, &h);
        }
        if (!best) { /* nothing fits: one a page, as wide as can be */
            cols = 1;
            best = 1;
            h = UI_FINGER_PX;
        }
        int pages = (n + best - 1) / best;
        first = ui_scroll_first(c, pages) * best;
        shown = n - first < best ? n - first : best;
    }
    int w = (c->body.w - (cols - 1) * gap) / cols;
    for (int i = 0; i < shown; i++) {
        int col = i % cols, row = i / cols;
        struct ui_rect r = {c->body.x + col * (w + gap), c->y + row * (h + gap), w, h};
        choice_button(c, &list[first + i], r, px, enabled);
    }
    c->y += (shown + cols - 1) / cols * (h + gap);
    if (pager_w) {
        c->body = full;
        ui_pager(c, (struct ui_rect){full.x + full.w - pager_w, top, pager_w, bottom - top - gap},
                 kind, first, shown, n);
    } else if (pager_h) {
        ui_pager(c, (struct ui_rect){c->body.x, c->y, c->body.w, pager_h}, kind, first, shown, n);
        c->y += pager_h + gap;
    } else {
        ui_item_range(c, kind, n, 0, n, NULL, NULL);
    }
}

int ui_action_bar_height(const struct ui_ctx *c)
{
    /* Its buttons grow with large text: two lines of their words fit. */
    int design = c->compact ? 112 : 136;
    return ui_sp(c, design);
}

void ui_screen_begin(struct ui_ctx *c)
{
    const struct theme *th = c->th;
    int w = c->env->width, h = c->env->height;
    int header = ui_dp(c, c->compact ? 88 : 128);
    /* Room for two lines of a long clinic name at its smallest size. */
    int name_lines =
        2 * c->env->measure.line_height(c->env->measure.ctx, ui_sp(c, 40) * 3 / 4) + ui_dp(c, 16);
    if (header < name_lines)
        header = name_lines;
    int margin = ui_dp(c, 64);
    c->f->dl.clear = th->bg;
    c->zone = UI_ZONE_HEADER;
    c->f->layout.header_bottom = header;
    ui_fill(c, (struct ui_rect){0, 0, w, header}, th->primary, 0);
    /* A long clinic name may take two lines; the header keeps its height. */
    struct text_style st = {.px = 40, .bold = true, .color = th->on_primary, .max_lines = 2};
    int name_x = margin;
    if (c->v->logo && c->v->logo[0] && !c->v->high_contrast) {
        /* The clinic's logo on a light tile, so any logo reads on any
         * header colour; the name follows it. */
        int side = header - ui_dp(c, 24);
        struct ui_rect tile = {margin, ui_dp(c, 12), side, side};
        ui_fill(c, tile, (struct ui_color){255, 255, 255, 255}, ui_dp(c, 12));
        struct draw_cmd *img = draw_list_push(&c->f->dl, DRAW_IMAGE);
        ui_box(c, tile, "logo");
        if (img) {
            int pad = ui_dp(c, 6);
            img->rect =
                (struct ui_rect){tile.x + pad, tile.y + pad, side - 2 * pad, side - 2 * pad};
            kstr_copy(img->text, sizeof(img->text), c->v->logo);
        }
        name_x += side + ui_dp(c, 24);
    }
    ui_text(c, (struct ui_rect){name_x, ui_dp(c, 8), w - margin - name_x, header - ui_dp(c, 16)},
            c->v->clinic_name ? c->v->clinic_name : "", &st, false);
    if (c->v->screen && strcmp(c->v->screen, "welcome") == 0)
        ui_hidden_target(c, "service.corner", (struct ui_rect){w - header, 0, header, header});
    c->actions_top = h - ui_action_bar_height(c) - 2 * ui_dp(c, c->compact ? 20 : 36);
    int body_w = w - 2 * margin;
    int max_w = ui_dp(c, 1500);
    if (body_w > max_w)
        body_w = max_w;
    int gap = ui_dp(c, c->compact ? 24 : 56);
    c->body =
        (struct ui_rect){(w - body_w) / 2, header + gap, body_w, c->actions_top - header - gap};
    c->y = c->body.y;
    c->zone = UI_ZONE_BODY;
}

void ui_actions(struct ui_ctx *c, const char *left_id, const char *left_msgid, const char *right_id,
                const char *right_msgid, bool right_enabled)
{
    /* On a screen with no controls of its own (a message, a question, a
     * confirmation) the right-hand button is the way on: the screen's main
     * action, where the keypad starts (not on Back, nor on Help, where one
     * press calls staff). A screen with controls starts on the first. */
    if (right_id && right_enabled && !c->f->main_action[0] && c->f->target_count == 0)
        ui_main_action(c, right_id);
    /* [left] [Help] [right]: help sits in the same place on every screen,
     * low, between going back and going on. */
    int gap = ui_dp(c, 24);
    int bh = ui_action_bar_height(c);
    int y = c->actions_top + (c->env->height - c->actions_top - bh) / 2;
    int x = c->body.x, w = c->body.w;
    bool help = !c->no_help;
    int help_w = help ? w * 26 / 100 : 0;
    int rest = w - (help ? help_w + gap : 0);
    int left_w = left_id ? (rest - gap) / 2 : 0;
    int right_w = rest - (left_id ? left_w + gap : 0);
    ui_fill(c, (struct ui_rect){0, c->actions_top, c->env->width, ui_dp(c, 2)}, c->th->border, 0);
    enum ui_zone zone = c->zone;
    c->zone = UI_ZONE_ACTIONS;
    c->f->layout.actions_top = c->actions_top;
    if (left_id) {
        ui_button(c, left_id, ui_tr(c, left_msgid), (struct ui_rect){x, y, left_w, bh},
                  BTN_SECONDARY, true);
        x += left_w + gap;
    }
    if (help) {
        ui_button(c, "help", ui_tr(c, "Help"), (struct ui_rect){x, y, help_w, bh}, BTN_QUIET, true);
        x += help_w + gap;
    }
    if (right_id)
        ui_button(c, right_id, ui_tr(c, right_msgid), (struct ui_rect){x, y, right_w, bh},
                  BTN_PRIMARY, right_enabled);
    c->zone = zone;
}

void ui_title(struct ui_ctx *c, const char *text)
{
    /* ui_para says it: once. */
    struct text_style st = {.px = 64, .bold = true, .color = c->th->text};
    ui_para(c, text, &st, 20);
}

void ui_subtitle(struct ui_ctx *c, const char *text)
{
    if (c->compact && c->v->notice_msgid) {
        ui_say(c, text); /* short screen: not shown (the notice says what matters now), but said */
        return;
    }
    struct text_style st = {.px = 40, .color = c->th->muted};
    ui_para(c, text, &st, 36);
}

/* The banner now: the flow's notice, else the switch to the patient's
 * preferred language with the way back; NULL for none. */
static const char *notice_text(struct ui_ctx *c, char *buf, size_t size)
{
    char tmp[320];
    if (c->v->notice_msgid)
        return ui_tr(c, c->v->notice_msgid);
    if (!c->v->lang_name || !c->v->lang_back)
        return NULL;
    ui_subst(tmp, sizeof(tmp),
             ui_tr(c, N_("Switched to {language}, the language in your record. Tap here to go "
                         "back to {previous}.")),
             "language", c->v->lang_name);
    ui_subst(buf, size, tmp, "previous", c->v->lang_back);
    return buf;
}

int ui_notice_height(struct ui_ctx *c)
{
    char buf[400];
    const char *text = notice_text(c, buf, sizeof(buf));
    if (!text)
        return 0;
    int pad = ui_dp(c, 28);
    struct text_style st = {.px = 38, .bold = true};
    struct ui_rect inner = {0, 0, c->body.w - 2 * pad - ui_dp(c, 12), 0};
    return ui_text(c, inner, text, &st, true) + 2 * pad + ui_dp(c, 32);
}

void ui_switch_notice(struct ui_ctx *c)
{
    if (c->v->notice_msgid)
        return;
    ui_notice(c);
}

void ui_notice(struct ui_ctx *c)
{
    char buf[400];
    const char *text = notice_text(c, buf, sizeof(buf));
    if (!text)
        return;
    int top = c->y;
    ui_banner(c, text, c->v->notice_msgid && c->v->notice_is_error);
    if (!c->v->notice_msgid) /* the whole banner is the way back */
        ui_target(c, "lang.back",
                  (struct ui_rect){c->body.x, top, c->body.w, c->y - top - ui_dp(c, 32)}, text,
                  false);
}

void ui_banner(struct ui_ctx *c, const char *text, bool err)
{
    const struct theme *th = c->th;
    struct ui_color bg = err ? th->error_bg : th->info_bg;
    struct ui_color fg = err ? th->on_error_bg : th->on_info_bg;
    int pad = ui_dp(c, 28);
    struct text_style st = {.px = 38, .bold = true, .color = fg};
    struct ui_rect inner = {c->body.x + pad + ui_dp(c, 12), 0, c->body.w - 2 * pad - ui_dp(c, 12),
                            0};
    int h = ui_text(c, inner, text, &st, true) + 2 * pad;
    struct ui_rect box = {c->body.x, c->y, c->body.w, h};
    ui_fill(c, box, bg, ui_dp(c, 16));
    ui_fill(c, (struct ui_rect){box.x, box.y, ui_dp(c, 12), h}, fg, 0);
    inner.y = c->y + pad;
    ui_group_begin(c, box, text);
    ui_text(c, inner, text, &st, false);
    ui_group_end(c);
    c->y += h + ui_dp(c, 32);
    ui_say(c, text); /* a notice or a bill's state is said too */
}

void ui_field(struct ui_ctx *c, const char *id, struct ui_rect r, const char *value,
              const char *placeholder, bool focused)
{
    ui_field_named(c, id, r, NULL, value, placeholder, focused);
}

void ui_field_named(struct ui_ctx *c, const char *id, struct ui_rect r, const char *name,
                    const char *value, const char *placeholder, bool focused)
{
    const struct theme *th = c->th;
    int radius = ui_dp(c, 16);
    ui_fill(c, r, th->surface, radius);
    ui_outline(c, r, focused ? th->focus : th->border, radius, ui_dp(c, focused ? 6 : 3));
    ui_group_begin(c, r, id);
    int pad = ui_dp(c, 28);
    struct ui_rect box = {r.x + pad, r.y, r.w - 2 * pad, r.h};
    bool empty = !value || !value[0];
    struct text_style st = {
        .px = 56, .bold = !empty, .color = empty ? th->muted : th->text, .max_lines = 1};
    ui_text(c, box, empty ? placeholder : value, &st, false);
    if (focused) {
        /* A caret after the text shows where typing goes. */
        int x = box.x;
        if (!empty)
            x += c->env->measure.width(c->env->measure.ctx, value, ui_sp(c, 56), true) + 6;
        if (x > box.x + box.w)
            x = box.x + box.w;
        int ch = r.h * 6 / 10;
        ui_fill(c, (struct ui_rect){x, r.y + (r.h - ch) / 2, ui_dp(c, 5), ch}, th->focus, 0);
    }
    ui_group_end(c);
    /* Speech says the field by its name ("Day", not the hint "DD"), then
     * what is in it. */
    char label[UI_LABEL_MAX];
    if (name && empty)
        kstr_copy(label, sizeof(label), name);
    else if (name)
        snprintf(label, sizeof(label), "%s: %s", name, value);
    else
        kstr_copy(label, sizeof(label), empty ? (placeholder ? placeholder : "") : value);
    ui_target(c, id, r, label, false);
}

void ui_timeout_dialog(struct ui_ctx *c)
{
    const struct theme *th = c->th;
    int w = c->env->width, h = c->env->height;
    char body[256], secs[16];
    /* The dialog replaces every target below it: only its buttons work. */
    c->f->target_count = 0;
    c->zone = UI_ZONE_OVERLAY;
    c->nest = 0;
    ui_fill(c, (struct ui_rect){0, 0, w, h}, th->scrim, 0);
    int dw = c->body.w;
    int pad = ui_dp(c, 48);
    struct text_style title = {.px = 60, .bold = true, .color = th->text, .align = ALIGN_CENTER};
    struct text_style text = {.px = 40, .color = th->text, .align = ALIGN_CENTER};
    const char *t = ui_tr(c, "Do you need more time?");
    snprintf(secs, sizeof(secs), "%d", c->v->warning_seconds);
    ui_subst(body, sizeof(body),
             ui_tr(c, "For your privacy, this screen will clear in {seconds} seconds."), "seconds",
             secs);
    kstr_copy(c->f->prompt, sizeof(c->f->prompt), t);
    ui_say(c, body);
    struct ui_rect inner = {c->body.x + pad, 0, dw - 2 * pad, 0};
    int th1 = ui_text(c, inner, t, &title, true);
    int th2 = ui_text(c, inner, body, &text, true);
    int bh = ui_dp(c, 136), gap = ui_dp(c, 28);
    int dh = pad + th1 + gap + th2 + gap * 2 + bh * 2 + gap + pad;
    /* Low on the screen, within reach, just above the action bar it disables. */
    int dy = c->actions_top - dh - ui_dp(c, 40);
    if (dy < ui_dp(c, 40))
        dy = ui_dp(c, 40);
    ui_fill(c, (struct ui_rect){c->body.x, dy, dw, dh}, th->surface, ui_dp(c, 28));
    ui_outline(c, (struct ui_rect){c->body.x, dy, dw, dh}, th->border, ui_dp(c, 28), ui_dp(c, 3));
    int y = dy + pad;
    inner.y = y;
    y += ui_text(c, inner, t, &title, false) + gap;
    inner.y = y;
    y += ui_text(c, inner, body, &text, false) + gap * 2;
    ui_button(c, "timeout.more", ui_tr(c, "Yes, I need more time"),
              (struct ui_rect){inner.x, y, inner.w, bh}, BTN_PRIMARY, true);
    y += bh + gap;
    ui_button(c, "timeout.finish", ui_tr(c, "No, I'm finished"),
              (struct ui_rect){inner.x, y, inner.w, bh}, BTN_SECONDARY, true);
}

int ui_qr(struct ui_ctx *c, int x, int y, int side)
{
    const struct theme *th = c->th;
    int n = c->v->qr_size;
    int quiet = 2;
    int mod = side / (n + 2 * quiet);
    if (mod < 2)
        return 0;
    int real = mod * (n + 2 * quiet);
    /* Always dark on white, whatever the theme: phones read it that way. */
    ui_fill(c, (struct ui_rect){x, y, real, real}, (struct ui_color){255, 255, 255, 255}, 0);
    for (int r = 0; r < n; r++)
        for (int col = 0; col < n; col++)
            if (c->v->qr_modules[r * n + col])
                ui_fill(c,
                        (struct ui_rect){x + (quiet + col) * mod, y + (quiet + r) * mod, mod, mod},
                        (struct ui_color){0, 0, 0, 255}, 0);
    ui_outline(c, (struct ui_rect){x, y, real, real}, th->border, 0, ui_dp(c, 2));
    ui_box(c, (struct ui_rect){x, y, real, real}, "QR code");
    return real;
}

int ui_pager_height(const struct ui_ctx *c)
{
    return ui_dp(c, 96) > 96 ? ui_dp(c, 96) : 96;
}

int ui_scroll_first(const struct ui_ctx *c, int count)
{
    int first = c->v->scroll;
    if (first >= count)
        first = count - 1;
    return first > 0 ? first : 0;
}

void ui_pager(struct ui_ctx *c, struct ui_rect r, const char *kind, int first, int shown, int count)
{
    bool back = first > 0, more = first + shown < count;
    ui_item_range(c, kind, count, first, shown, back ? "scroll.back" : NULL,
                  more ? "scroll.more" : NULL);
    if (!back && !more)
        return;
    int gap = ui_dp(c, 24);
    char from[12], to[12], all[12], tmp[64], where[64];
    snprintf(from, sizeof(from), "%d", first + 1);
    snprintf(to, sizeof(to), "%d", first + shown);
    snprintf(all, sizeof(all), "%d", count);
    /* "2 of 3" for one at a time, "4-6 of 8" for several. */
    ui_subst(tmp, sizeof(tmp),
             ui_tr(c, shown == 1 ? N_("{from} of {count}") : N_("{from}-{to} of {count}")), "from",
             from);
    ui_subst(where, sizeof(where), tmp, "to", to);
    kstr_copy(tmp, sizeof(tmp), where);
    ui_subst(where, sizeof(where), tmp, "count", all);
    struct text_style st = {.px = 32, .color = c->th->muted, .align = ALIGN_CENTER, .max_lines = 2};
    if (r.h > r.w || r.h > ui_pager_height(c) * 5 / 4) {
        /* A column beside the list (taller than a row): Earlier at its top,
         * More at its foot. */
        int bh = ui_pager_height(c);
        if (back)
            ui_button_px(c, "scroll.back", ui_tr(c, "Earlier"), (struct ui_rect){r.x, r.y, r.w, bh},
                         BTN_SECONDARY, true, 32);
        if (more)
            ui_button_px(c, "scroll.more", ui_tr(c, "More"),
                         (struct ui_rect){r.x, r.y + r.h - bh, r.w, bh}, BTN_SECONDARY, true, 32);
        int mid_h = r.h - 2 * (bh + gap);
        if (c->env->measure.width(c->env->measure.ctx, where, ui_sp(c, 32) * 7 / 8, false) <= r.w &&
            c->env->measure.line_height(c->env->measure.ctx, ui_sp(c, 32)) <= mid_h)
            ui_text(c, (struct ui_rect){r.x, r.y + bh + gap, r.w, mid_h}, where, &st, false);
        ui_say(c, where);
        return;
    }
    /* Each button as wide as its word needs, at least 30% of the row. */
    int bw = (r.w - 2 * gap) * 3 / 10, pad = ui_dp(c, 20);
    const char *words[2] = {ui_tr(c, "Earlier"), ui_tr(c, "More")};
    for (int i = 0; i < 2; i++) {
        int need =
            c->env->measure.width(c->env->measure.ctx, words[i], ui_sp(c, 32), true) + 3 * pad;
        if (need > bw)
            bw = need < (r.w - gap) / 2 ? need : (r.w - gap) / 2;
    }
    if (back)
        ui_button_px(c, "scroll.back", ui_tr(c, "Earlier"), (struct ui_rect){r.x, r.y, bw, r.h},
                     BTN_SECONDARY, true, 32);
    if (more)
        ui_button_px(c, "scroll.more", ui_tr(c, "More"),
                     (struct ui_rect){r.x + r.w - bw, r.y, bw, r.h}, BTN_SECONDARY, true, 32);
    st.max_lines = 1;
    /* "2-3 of 8" between them when it fits there (it is said anyway). */
    int mid = r.w - 2 * (bw + gap);
    if (c->env->measure.width(c->env->measure.ctx, where, ui_sp(c, 32) * 7 / 8, false) <= mid)
        ui_text(c, (struct ui_rect){r.x + bw + gap, r.y, mid, r.h}, where, &st, false);
    ui_say(c, where);
}
