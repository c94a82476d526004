/* The decoder the simulated printer uses: ESC/POS bytes back into paper,
 * the way an Epson-like printer prints them, so a demo's paper PNG shows
 * what a real printer would. It is fuzzed: every length is checked before
 * a byte is read, and the paper never grows past PAPER_ROWS.
 *
 * Text is laid out in the printer's font cells (12 x 24, scaled by GS !).
 * Glyphs come from the injected text_raster: each code page character is
 * rendered once (cached), its ink mapped into the cell (cap height to
 * descender spread over rows 3..22, narrowed to 11 columns when wider) and
 * thresholded to dots, since a thermal head has no grey. */
#include "drivers/printer/codepage.h"
#include "drivers/printer/escpos.h"
#include "firmware/core/mem.h"

#include <string.h>

#define PAPER_MAX_DOTS 4096
#define PAPER_ROWS     65536
#define LINE_DOTS      30 /* default line spacing */
#define FONT_W         ESCPOS_FONT_W
#define FONT_H         ESCPOS_FONT_H
#define LINE_CELLS     (PAPER_MAX_DOTS / FONT_W + 1)
#define CODEPAGES      5  /* enum codepage values */
#define GLYPH_PX       20 /* raster size whose cap-to-descender span is about 19 rows */
#define CAP_ROW        3  /* cell row of the cap height; accents above it */
#define DESC_ROW       22 /* cell row of the descender's bottom; row 23 stays blank */
#define INK_COLS       11 /* widest glyph ink; one column stays blank */
/* A dot where the glyph covers 40% of it: a thermal head's dots bleed a
 * little, so printer fonts have two-dot stems, not the hairlines a 50%
 * threshold leaves. */
#define INK_MIN 100

#define ESC 0x1B
#define GS  0x1D
#define FS  0x1C
#define DLE 0x10

struct cell {
    unsigned char byte;
    unsigned char cp; /* enum codepage at the time the byte came */
    unsigned char wmul, hmul;
    bool bold;
};

struct glyph {
    bool done;
    bool block;            /* the raster could not draw it: draw a block */
    uint16_t rows[FONT_H]; /* bit 11 - x set: a dot in column x */
};

/* Glyphs drawn so far, per weight, code page and byte; allocated on the
 * first glyph when there is a raster. */
struct glyphs {
    bool metrics_done;
    int top, bottom; /* raster rows of the cap top ("H") and descender bottom ("g") */
    struct glyph g[2][CODEPAGES][256];
};

struct paper {
    struct kbitmap *bm;
    int y;    /* current print position */
    int used; /* rows of paper printed or fed so far */
    const struct text_raster *raster;
    struct glyphs *glyphs;
    /* modes (ESC @ resets them) */
    enum codepage cp;
    bool bold;
    int wmul, hmul;
    int align;
    /* the line being collected */
    struct cell line[LINE_CELLS];
    int cells, line_w, line_align;
};

static void reset_modes(struct paper *p)
{
    p->cp = CODEPAGE_PC437;
    p->bold = false;
    p->wmul = p->hmul = 1;
    p->align = 0;
    p->cells = p->line_w = 0;
}

/* Make the paper at least rows long. It grows by doubling (a long
 * receipt would otherwise be copied once per line); p->used is the length
 * the paper really has, set as its height at the end. */
static enum kiosk_err need_rows(struct paper *p, int rows)
{
    if (rows > PAPER_ROWS)
        return KIOSK_ERR_TOO_BIG;
    if (rows > p->used)
        p->used = rows;
    if (rows <= p->bm->height)
        return KIOSK_OK;
    int target = p->bm->height < 128 ? 256 : 2 * p->bm->height;
    if (target > PAPER_ROWS)
        target = PAPER_ROWS;
    return kbitmap_grow(p->bm, target > rows ? target : rows);
}

static enum kiosk_err advance(struct paper *p, int dots)
{
    p->y += dots;
    return p->y > PAPER_ROWS ? KIOSK_ERR_TOO_BIG : KIOSK_OK;
}

static int align_offset(int align, int paper, int width)
{
    if (width >= paper)
        return 0;
    return align == 1 ? (paper - width) / 2 : align == 2 ? paper - width : 0;
}

static void dot(struct paper *p, int x, int y)
{
    if (x >= 0 && x < p->bm->width && y >= 0 && y < p->bm->height)
        p->bm->pixels[(size_t)y * (size_t)p->bm->width + (size_t)x] = 0;
}

/* --- glyphs from the text raster ------------------------------------------- */

static int utf8_put(unsigned u, char *out)
{
    if (u < 0x80) {
        out[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        out[0] = (char)(0xC0 | u >> 6);
        out[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | u >> 12);
    out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
    out[2] = (char)(0x80 | (u & 0x3F));
    return 3;
}

/* Ink rows or columns of bm: the first and last with a pixel below 128;
 * false when there is no ink. */
static bool ink_span(const struct kbitmap *bm, bool rows, int *first, int *last)
{
    int n = rows ? bm->height : bm->width, m = rows ? bm->width : bm->height;
    *first = -1;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
            int x = rows ? j : i, y = rows ? i : j;
            if (bm->pixels[(size_t)y * (size_t)bm->width + (size_t)x] < 128) {
                if (*first < 0)
                    *first = i;
                *last = i;
                break;
            }
        }
    }
    return *first >= 0;
}

static enum kiosk_err raster_text(struct paper *p, const char *utf8, bool bold, struct kbitmap *bm)
{
    memset(bm, 0, sizeof(*bm));
    enum kiosk_err err = p->raster->line(p->raster->ctx, utf8, GLYPH_PX, bold, bm);
    if (!err && (!bm->pixels || bm->width <= 0 || bm->height <= 0))
        err = KIOSK_ERR_INVALID;
    if (err)
        kbitmap_release(bm);
    return err;
}

/* The font's vertical reference: cap top of "H" and descender bottom of
 * "g", in the raster's rows (every glyph comes at the same px, so on the
 * same baseline). */
static void glyph_metrics(struct paper *p)
{
    struct glyphs *gs = p->glyphs;
    struct kbitmap bm;
    int first, last;
    gs->metrics_done = true;
    gs->top = gs->bottom = -1;
    if (raster_text(p, "H", false, &bm))
        return;
    bool ok = ink_span(&bm, true, &first, &last);
    kbitmap_release(&bm);
    if (!ok)
        return;
    gs->top = first;
    if (raster_text(p, "g", false, &bm))
        return;
    ok = ink_span(&bm, true, &first, &last);
    kbitmap_release(&bm);
    gs->bottom = ok && last > gs->top ? last : -1;
}

/* Share of ink in the raster box [x0, x1) x [y0, y1), in 1/255ths; outside
 * the bitmap is paper. */
static int coverage(const struct kbitmap *bm, double x0, double x1, double y0, double y1)
{
    double sum = 0, area = (x1 - x0) * (y1 - y0);
    for (int y = (int)y0; y < bm->height && y < y1; y++) {
        if (y < 0)
            continue;
        double hy = (y + 1 < y1 ? y + 1 : y1) - (y > y0 ? y : y0);
        for (int x = (int)x0; x < bm->width && x < x1; x++) {
            if (x < 0)
                continue;
            double wx = (x + 1 < x1 ? x + 1 : x1) - (x > x0 ? x : x0);
            sum += wx * hy * (255 - bm->pixels[(size_t)y * (size_t)bm->width + (size_t)x]);
        }
    }
    return area > 0 ? (int)(sum / area) : 0;
}

static void glyph_build(struct paper *p, struct glyph *g, unsigned u, bool bold)
{
    struct glyphs *gs = p->glyphs;
    struct kbitmap bm;
    char s[4] = {0};
    int left, right, top, bottom;

    g->done = true;
    g->block = true;
    if (!gs->metrics_done)
        glyph_metrics(p);
    if (gs->top < 0 || gs->bottom < 0)
        return;
    utf8_put(u, s);
    if (raster_text(p, s, bold, &bm))
        return;
    g->block = false;
    if (!ink_span(&bm, false, &left, &right) || !ink_span(&bm, true, &top, &bottom)) {
        kbitmap_release(&bm); /* a space */
        return;
    }
    /* One scale maps cap top to CAP_ROW and the descender to DESC_ROW;
     * glyphs wider than INK_COLS are narrowed, the way printer fonts are. */
    double scale = (double)(DESC_ROW - CAP_ROW + 1) / (gs->bottom - gs->top + 1);
    int ink_w = right - left + 1;
    double sx = ink_w * scale > INK_COLS ? (double)INK_COLS / ink_w : scale;
    double x_start = (FONT_W - ink_w * sx) / 2;
    for (int cy = 0; cy < FONT_H; cy++) {
        double y0 = gs->top + (cy - CAP_ROW) / scale, y1 = y0 + 1 / scale;
        for (int cx = 0; cx < FONT_W; cx++) {
            double x0 = left + (cx - x_start) / sx, x1 = x0 + 1 / sx;
            if (coverage(&bm, x0, x1, y0, y1) >= INK_MIN)
                g->rows[cy] |= (uint16_t)(1u << (FONT_W - 1 - cx));
        }
    }
    kbitmap_release(&bm);
}

/* The glyph of a cell, or NULL to draw a block. */
static const struct glyph *glyph_for(struct paper *p, const struct cell *c)
{
    if (!p->raster || !p->raster->line)
        return NULL;
    if (!p->glyphs) {
        p->glyphs = kmem_alloc(sizeof(*p->glyphs));
        if (!p->glyphs)
            return NULL; /* blocks still show where the text went */
    }
    struct glyph *g = &p->glyphs->g[c->bold][c->cp][c->byte];
    if (!g->done)
        glyph_build(p, g, codepage_decode((enum codepage)c->cp, c->byte), c->bold);
    return g->block ? NULL : g;
}

/* --- text lines ------------------------------------------------------------ */

static void draw_cell(struct paper *p, const struct cell *c, int x, int y)
{
    const struct glyph *g = glyph_for(p, c);
    for (int cy = 0; cy < FONT_H; cy++) {
        for (int cx = 0; cx < FONT_W; cx++) {
            bool ink = g ? (g->rows[cy] >> (FONT_W - 1 - cx)) & 1
                         : c->byte != ' ' && cy >= 4 && cy < FONT_H - 4 && cx >= 2 &&
                               cx < FONT_W - 2; /* a block: enough to see where text went */
            if (!ink)
                continue;
            for (int dy = 0; dy < c->hmul; dy++)
                for (int dx = 0; dx < c->wmul; dx++)
                    dot(p, x + cx * c->wmul + dx, y + cy * c->hmul + dy);
        }
    }
}

/* Print the collected line: cells bottom-aligned, placed by the line's
 * alignment. The paper then moves by the line spacing (or the line's
 * height when taller), or by the height only (ESC J feeds the rest). */
static enum kiosk_err print_line(struct paper *p, bool spacing)
{
    if (p->cells == 0)
        return KIOSK_OK;
    int h = 0;
    for (int i = 0; i < p->cells; i++)
        if (p->line[i].hmul * FONT_H > h)
            h = p->line[i].hmul * FONT_H;
    enum kiosk_err err = need_rows(p, p->y + h);
    if (err)
        return err;
    int x = align_offset(p->line_align, p->bm->width, p->line_w);
    for (int i = 0; i < p->cells; i++) {
        const struct cell *c = &p->line[i];
        draw_cell(p, c, x, p->y + h - c->hmul * FONT_H);
        x += c->wmul * FONT_W;
    }
    p->cells = p->line_w = 0;
    return advance(p, spacing && h < LINE_DOTS ? LINE_DOTS : h);
}

static enum kiosk_err add_char(struct paper *p, unsigned char byte)
{
    int w = p->wmul * FONT_W;
    if (p->cells > 0 && (p->line_w + w > p->bm->width || p->cells == LINE_CELLS)) {
        enum kiosk_err err = print_line(p, true); /* the printer wraps by itself */
        if (err)
            return err;
    }
    if (p->cells == 0)
        p->line_align = p->align;
    p->line[p->cells++] = (struct cell){byte, (unsigned char)p->cp, (unsigned char)p->wmul,
                                        (unsigned char)p->hmul, p->bold};
    p->line_w += w;
    return KIOSK_OK;
}

/* --- raster and cut -------------------------------------------------------- */

static enum kiosk_err draw_raster(struct paper *p, const unsigned char *data, int width_bytes,
                                  int rows, int sx, int sy)
{
    int w = p->bm->width;
    enum kiosk_err err = need_rows(p, p->y + rows * sy);
    if (err)
        return err;
    int x0 = align_offset(p->align, w, width_bytes * 8 * sx);
    for (int r = 0; r < rows; r++) {
        for (int bx = 0; bx < width_bytes; bx++) {
            unsigned char b = data[(size_t)r * (size_t)width_bytes + (size_t)bx];
            for (int k = 0; k < 8 && b; k++) {
                if (!(b & (0x80 >> k)))
                    continue;
                for (int dx = 0; dx < sx; dx++) {
                    int x = x0 + (bx * 8 + k) * sx + dx;
                    if (x >= w)
                        break;
                    for (int dy = 0; dy < sy; dy++)
                        p->bm->pixels[(size_t)(p->y + r * sy + dy) * (size_t)w + (size_t)x] = 0;
                }
            }
        }
    }
    return advance(p, rows * sy);
}

static enum kiosk_err draw_cut(struct paper *p, int feed_dots)
{
    enum kiosk_err err = print_line(p, true);
    if (!err)
        err = advance(p, feed_dots);
    if (!err)
        err = need_rows(p, p->y + 1);
    if (err)
        return err;
    uint8_t *row = p->bm->pixels + (size_t)p->y * (size_t)p->bm->width;
    for (int x = 0; x < p->bm->width; x++)
        row[x] = (x / 8) % 2 ? 255 : 0; /* dashes of 8 dots */
    return advance(p, 1);
}

/* --- commands -------------------------------------------------------------- */

static enum kiosk_err esc_command(struct paper *p, const unsigned char *b, size_t left,
                                  size_t *used)
{
    static const enum codepage esc_t[20] = {
        [0] = CODEPAGE_PC437, [2] = CODEPAGE_PC850, [3] = CODEPAGE_PC860, [19] = CODEPAGE_PC858};
    static const enum codepage star_t[7] = {
        [0] = CODEPAGE_PC437, [1] = CODEPAGE_PC437, [4] = CODEPAGE_PC858, [6] = CODEPAGE_PC860};
    enum kiosk_err err;

    if (left < 2)
        return KIOSK_ERR_PROTOCOL;
    if (b[1] == '@') { /* initialise: modes reset, buffered text dropped */
        reset_modes(p);
        *used = 2;
        return KIOSK_OK;
    }
    if (b[1] == GS) { /* ESC GS t n: Star's code page selection */
        if (left < 4 || b[2] != 't' || b[3] >= sizeof(star_t) / sizeof(star_t[0]) ||
            star_t[b[3]] == CODEPAGE_NONE)
            return KIOSK_ERR_PROTOCOL;
        p->cp = star_t[b[3]];
        *used = 4;
        return KIOSK_OK;
    }
    if (left < 3)
        return KIOSK_ERR_PROTOCOL;
    unsigned char n = b[2];
    *used = 3;
    switch (b[1]) {
    case 'J': /* print the line, then feed n dots instead of the spacing */
        err = print_line(p, false);
        return err ? err : advance(p, n);
    case 'd': /* print the line, then feed n lines */
        err = print_line(p, true);
        return err ? err : advance(p, n * LINE_DOTS);
    case 't':
        if (n >= sizeof(esc_t) / sizeof(esc_t[0]) || esc_t[n] == CODEPAGE_NONE)
            return KIOSK_ERR_PROTOCOL; /* a table this printer does not have */
        p->cp = esc_t[n];
        return KIOSK_OK;
    case 'E':
        p->bold = n & 1;
        return KIOSK_OK;
    case 'a':
        if (n >= '0')
            n = (unsigned char)(n - '0');
        if (n > 2)
            return KIOSK_ERR_PROTOCOL;
        p->align = n;
        return KIOSK_OK;
    }
    return KIOSK_ERR_PROTOCOL;
}

static enum kiosk_err gs_command(struct paper *p, const unsigned char *b, size_t left, size_t *used)
{
    enum kiosk_err err;
    if (left < 3)
        return KIOSK_ERR_PROTOCOL;
    if (b[1] == '!') {
        p->wmul = ((b[2] >> 4) & 7) + 1;
        p->hmul = (b[2] & 7) + 1;
        *used = 3;
        return KIOSK_OK;
    }
    if (b[1] == 'V') {
        unsigned char m = b[2];
        if (m == 0 || m == 1 || m == '0' || m == '1') {
            *used = 3;
            return draw_cut(p, 0);
        }
        if ((m != 65 && m != 66) || left < 4)
            return KIOSK_ERR_PROTOCOL;
        *used = 4;
        return draw_cut(p, b[3]);
    }
    if (b[1] != 'v' || b[2] != '0' || left < 8)
        return KIOSK_ERR_PROTOCOL;
    unsigned char m = b[3];
    if (m >= '0')
        m = (unsigned char)(m - '0');
    if (m > 3)
        return KIOSK_ERR_PROTOCOL;
    int width_bytes = b[4] | b[5] << 8, rows = b[6] | b[7] << 8;
    if (width_bytes == 0 || rows == 0 || rows > 2303)
        return KIOSK_ERR_PROTOCOL;
    size_t data_len = (size_t)width_bytes * (size_t)rows;
    if (left - 8 < data_len)
        return KIOSK_ERR_PROTOCOL; /* truncated raster */
    *used = 8 + data_len;
    err = print_line(p, true);
    return err ? err : draw_raster(p, b + 8, width_bytes, rows, (m & 1) + 1, (m >> 1) + 1);
}

/* One command at b; *used receives its length. */
static enum kiosk_err render_one(struct paper *p, const unsigned char *b, size_t left, size_t *used)
{
    unsigned char c = b[0];

    if (c == ESC)
        return esc_command(p, b, left, used);
    if (c == GS)
        return gs_command(p, b, left, used);
    if (c == FS) { /* FS .: leave Kanji / Chinese mode; single-byte text is all we draw */
        if (left < 2 || b[1] != '.')
            return KIOSK_ERR_PROTOCOL;
        *used = 2;
        return KIOSK_OK;
    }
    if (c == DLE) { /* DLE EOT n: a status request, nothing to print */
        if (left < 3 || b[1] != 0x04 || b[2] < 1 || b[2] > 4)
            return KIOSK_ERR_PROTOCOL;
        *used = 3;
        return KIOSK_OK;
    }
    *used = 1;
    if (c == '\n') {
        if (p->cells)
            return print_line(p, true);
        return advance(p, LINE_DOTS);
    }
    if (c == '\r')
        return KIOSK_OK;
    if (c >= 0x20 && c != 0x7F)
        return add_char(p, c);
    return KIOSK_ERR_PROTOCOL;
}

enum kiosk_err escpos_render(const unsigned char *bytes, size_t len, int paper_dots,
                             const struct text_raster *raster, struct kbitmap *paper)
{
    if (!paper || (!bytes && len) || paper_dots < 8 || paper_dots > PAPER_MAX_DOTS)
        return KIOSK_ERR_INVALID;
    struct paper *p = kmem_alloc(sizeof(*p));
    if (!p)
        return KIOSK_ERR_NOMEM;
    enum kiosk_err err = kbitmap_init(paper, paper_dots, 0);
    if (err)
        goto out_free;
    p->bm = paper;
    p->raster = raster;
    reset_modes(p);
    size_t i = 0;
    while (i < len) {
        size_t used = 0;
        err = render_one(p, bytes + i, len - i, &used);
        if (err)
            goto err_release_paper;
        i += used;
    }
    err = print_line(p, true);
    if (!err)
        err = need_rows(p, p->y); /* trailing feeds show as blank paper */
    if (err)
        goto err_release_paper;
    paper->height = p->used; /* the rows beyond were only room to grow */
    goto out_free;

err_release_paper:
    kbitmap_release(paper);
out_free:
    kmem_free(p->glyphs);
    kmem_free(p);
    return err;
}
