/* ESC/POS encoder and the small decoder the simulated printer uses.
 *
 * Everything is sent as raster (GS v 0) so any script prints the same way
 * the screen shows it: the host rasterises each line with the injected
 * text_raster, wraps it at spaces to the paper width, aligns it and packs
 * it to 1 bit (grey < 128 is a dot). Bands are at most 256 rows so small
 * printer buffers are not overrun. */
#include "drivers/printer/escpos.h"
#include "drivers/printer/qr.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <string.h>

#define BAND_ROWS      256
#define FEED_MAX       255
#define CUT_FEED_LINES 4
#define QR_MODULE_MAX  8
#define QR_MODULE_MIN  2 /* below this phone cameras struggle; refuse */
#define RULE_ROWS      2
#define PAPER_MAX_DOTS 4096

#define ESC 0x1B
#define GS  0x1D
#define DLE 0x10

void escpos_buf_init(struct escpos_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void escpos_buf_release(struct escpos_buf *b)
{
    kmem_free(b->data);
    escpos_buf_init(b);
}

/* Make room for n more bytes; returns where they go, or NULL. */
static unsigned char *buf_reserve(struct escpos_buf *b, size_t n)
{
    if (b->cap - b->len < n) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len < n)
            cap *= 2;
        unsigned char *p = kmem_realloc(b->data, cap);
        if (!p)
            return NULL;
        b->data = p;
        b->cap = cap;
    }
    unsigned char *at = b->data + b->len;
    b->len += n;
    return at;
}

static enum kiosk_err buf_put(struct escpos_buf *b, const unsigned char *bytes, size_t n)
{
    unsigned char *at = buf_reserve(b, n);
    if (!at)
        return KIOSK_ERR_NOMEM;
    memcpy(at, bytes, n);
    return KIOSK_OK;
}

struct encoder {
    struct escpos_buf *out;
    int paper; /* dots */
    const struct text_raster *raster;
};

static enum kiosk_err feed(struct encoder *e, int dots)
{
    while (dots > 0) {
        int n = dots > FEED_MAX ? FEED_MAX : dots;
        unsigned char cmd[3] = {ESC, 'J', (unsigned char)n};
        enum kiosk_err err = buf_put(e->out, cmd, sizeof(cmd));
        if (err)
            return err;
        dots -= n;
    }
    return KIOSK_OK;
}

/* Send bm as GS v 0 bands with its left edge at dot x0. Dots beyond the
 * paper are cut off; the raster is only as wide (in bytes) as the ink
 * extent needs. */
static enum kiosk_err emit_raster(struct encoder *e, const struct kbitmap *bm, int x0)
{
    int w = bm->width;
    if (x0 < 0)
        x0 = 0;
    if (x0 + w > e->paper)
        w = e->paper - x0;
    if (w <= 0 || bm->height <= 0)
        return KIOSK_OK;
    int width_bytes = (x0 + w + 7) / 8;
    for (int top = 0; top < bm->height; top += BAND_ROWS) {
        int rows = bm->height - top < BAND_ROWS ? bm->height - top : BAND_ROWS;
        unsigned char hdr[8] = {GS,
                                'v',
                                '0',
                                0,
                                (unsigned char)(width_bytes & 0xFF),
                                (unsigned char)(width_bytes >> 8),
                                (unsigned char)(rows & 0xFF),
                                (unsigned char)(rows >> 8)};
        enum kiosk_err err = buf_put(e->out, hdr, sizeof(hdr));
        if (err)
            return err;
        unsigned char *data = buf_reserve(e->out, (size_t)width_bytes * (size_t)rows);
        if (!data)
            return KIOSK_ERR_NOMEM;
        memset(data, 0, (size_t)width_bytes * (size_t)rows);
        for (int r = 0; r < rows; r++) {
            const uint8_t *src = bm->pixels + (size_t)(top + r) * (size_t)bm->width;
            unsigned char *dst = data + (size_t)r * (size_t)width_bytes;
            for (int x = 0; x < w; x++) {
                if (src[x] < 128) {
                    int dot = x0 + x;
                    dst[dot >> 3] |= (unsigned char)(0x80 >> (dot & 7));
                }
            }
        }
    }
    return KIOSK_OK;
}

/* Length of an item's text; an unterminated array counts to its end. */
static size_t text_len(const struct receipt_item *it)
{
    const char *nul = memchr(it->text, '\0', sizeof(it->text));
    return nul ? (size_t)(nul - it->text) : sizeof(it->text);
}

static int size_px(enum receipt_size size, int paper)
{
    int base = size == RECEIPT_HUGE ? 64 : size == RECEIPT_LARGE ? 36 : 24;
    int px = (base * paper + 288) / 576; /* sizes are for 576-dot paper */
    return px < 8 ? 8 : px;
}

static int align_x(enum receipt_align align, int paper, int width)
{
    if (width >= paper)
        return 0;
    if (align == RECEIPT_CENTER)
        return (paper - width) / 2;
    if (align == RECEIPT_RIGHT)
        return paper - width;
    return 0;
}

/* Rasterise bytes [from, to) of s. On success *bm is owned by the caller. */
static enum kiosk_err raster_span(struct encoder *e, const char *s, size_t from, size_t to, int px,
                                  bool bold, struct kbitmap *bm)
{
    char line[RECEIPT_TEXT_MAX];
    size_t n = to - from;
    if (n >= sizeof(line))
        n = sizeof(line) - 1;
    memcpy(line, s + from, n);
    line[n] = '\0';
    bm->pixels = NULL;
    bm->width = bm->height = 0;
    enum kiosk_err err = e->raster->line(e->raster->ctx, line, px, bold, bm);
    if (err)
        return err;
    if (!bm->pixels || bm->width <= 0 || bm->height <= 0) {
        kbitmap_release(bm);
        return KIOSK_ERR_INVALID;
    }
    return KIOSK_OK;
}

/* Code points that continue a grapheme cluster (combining marks, Indic
 * vowel signs, virama, nukta, joiners): never break before one. */
static bool continues_cluster(unsigned cp)
{
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
        (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
        (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200C ||
        cp == 0x200D)
        return true;
    if (cp >= 0x0900 && cp <= 0x0DFF) { /* Indic blocks share one layout */
        unsigned o = cp & 0x7F;
        return o <= 0x03 || o == 0x3C || (o >= 0x3E && o <= 0x4F) || (o >= 0x51 && o <= 0x57) ||
               o == 0x62 || o == 0x63;
    }
    return false;
}

/* Code points after which the next consonant joins the cluster. */
static bool joins_next(unsigned cp)
{
    return cp == 0x200D || (cp >= 0x0900 && cp <= 0x0DFF && (cp & 0x7F) == 0x4D);
}

/* Byte offsets in (from, to] where a cluster ends, ascending; returns count. */
static int cluster_ends(const char *s, size_t from, size_t to, size_t *ends, int max)
{
    int n = 0;
    const char *p = s + from;
    unsigned prev = 0;
    while ((size_t)(p - s) < to) {
        const char *at = p;
        unsigned cp = kstr_utf8_next(&p);
        if (at != s + from && !continues_cluster(cp) && !joins_next(prev) && n < max)
            ends[n++] = (size_t)(at - s);
        prev = cp;
    }
    if (n < max)
        ends[n++] = to;
    return n;
}

/* Longest prefix [from, ends[k]) that fits the paper, k < count. On
 * success *bm holds its raster and *end its end offset; *end is 0 (and *bm
 * empty) when not even [from, ends[0]) fits. */
static enum kiosk_err fit_prefix(struct encoder *e, const char *s, size_t from, const size_t *ends,
                                 int count, int px, bool bold, struct kbitmap *bm, size_t *end)
{
    struct kbitmap probe;
    enum kiosk_err err = raster_span(e, s, from, ends[count - 1], px, bold, bm);
    if (err || bm->width <= e->paper) {
        *end = ends[count - 1];
        return err;
    }
    kbitmap_release(bm);
    /* ends[count-1] is too wide; binary search the widest that fits. */
    int lo = -1, hi = count - 1;
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        err = raster_span(e, s, from, ends[mid], px, bold, &probe);
        if (err)
            goto err_release_best;
        if (probe.width <= e->paper) {
            kbitmap_release(bm);
            *bm = probe;
            lo = mid;
        } else {
            kbitmap_release(&probe);
            hi = mid;
        }
    }
    if (lo >= 0) {
        *end = ends[lo];
        return KIOSK_OK;
    }
    *end = 0; /* the caller breaks finer */
    return KIOSK_OK;

err_release_best:
    kbitmap_release(bm);
    return err;
}

static enum kiosk_err emit_line(struct encoder *e, const struct receipt_item *it,
                                struct kbitmap *bm)
{
    enum kiosk_err err = emit_raster(e, bm, align_x(it->align, e->paper, bm->width));
    kbitmap_release(bm);
    return err;
}

/* One paragraph [from, to) of a text item: wrap at spaces; a word wider
 * than the paper breaks between grapheme clusters. */
static enum kiosk_err text_paragraph(struct encoder *e, const struct receipt_item *it, size_t from,
                                     size_t to, int px)
{
    const char *s = it->text;
    size_t ends[RECEIPT_TEXT_MAX];
    struct kbitmap bm;
    enum kiosk_err err;
    size_t pos = from, end;
    bool first = true;

    if (from == to) { /* empty line: feed its height */
        err = raster_span(e, " ", 0, 1, px, it->bold, &bm);
        if (err)
            return err;
        int h = bm.height;
        kbitmap_release(&bm);
        return feed(e, h);
    }
    while (pos < to) {
        if (!first)
            while (pos < to && s[pos] == ' ')
                pos++;
        if (pos >= to)
            break;
        first = false;
        /* Ends of the words from pos: each run of non-spaces. */
        int count = 0;
        for (size_t i = pos; i < to; i++)
            if (s[i] != ' ' && (i + 1 == to || s[i + 1] == ' '))
                ends[count++] = i + 1;
        if (count == 0)
            break; /* only spaces left on a continuation line */
        err = fit_prefix(e, s, pos, ends, count, px, it->bold, &bm, &end);
        if (!err && end == 0) {
            /* The first word alone is too wide: break it between clusters. */
            size_t word_start = pos;
            while (s[word_start] == ' ')
                word_start++;
            count = cluster_ends(s, word_start, ends[0], ends, RECEIPT_TEXT_MAX);
            err = fit_prefix(e, s, pos, ends, count, px, it->bold, &bm, &end);
            if (!err && end == 0) {
                /* One cluster wider than the paper: send it cut. */
                err = raster_span(e, s, pos, ends[0], px, it->bold, &bm);
                end = ends[0];
            }
        }
        if (err)
            return err;
        err = emit_line(e, it, &bm);
        if (err)
            return err;
        pos = end;
    }
    return KIOSK_OK;
}

static enum kiosk_err encode_text(struct encoder *e, const struct receipt_item *it)
{
    if (!e->raster || !e->raster->line)
        return KIOSK_ERR_INVALID;
    int px = size_px(it->size, e->paper);
    size_t len = text_len(it);
    size_t start = 0;
    /* Hard line breaks in the text start new paragraphs. */
    for (size_t i = 0; i <= len; i++) {
        if (i == len || it->text[i] == '\n') {
            enum kiosk_err err = text_paragraph(e, it, start, i, px);
            if (err)
                return err;
            start = i + 1;
        }
    }
    return KIOSK_OK;
}

static enum kiosk_err encode_rule(struct encoder *e)
{
    struct kbitmap bm;
    enum kiosk_err err = kbitmap_init(&bm, e->paper, RULE_ROWS);
    if (err)
        return err;
    memset(bm.pixels, 0, (size_t)e->paper * RULE_ROWS);
    err = emit_raster(e, &bm, 0);
    kbitmap_release(&bm);
    return err;
}

static enum kiosk_err encode_qr(struct encoder *e, const struct receipt_item *it)
{
    struct kbitmap bm;
    enum kiosk_err err = KIOSK_ERR_NOMEM;
    struct qr_code *q = kmem_alloc(sizeof(*q));
    if (!q)
        return KIOSK_ERR_NOMEM;
    size_t len = text_len(it);
    err = qr_encode((const uint8_t *)it->text, len, QR_MASK_AUTO, q);
    if (err)
        goto err_free_qr;
    /* Largest module up to 8 dots that keeps the 4-module quiet zone on
     * the paper. */
    int module = e->paper / (q->size + 8);
    if (module > QR_MODULE_MAX)
        module = QR_MODULE_MAX;
    err = KIOSK_ERR_TOO_BIG;
    if (module < QR_MODULE_MIN)
        goto err_free_qr;
    int side = q->size * module;
    err = kbitmap_init(&bm, side, side);
    if (err)
        goto err_free_qr;
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
            if (qr_module(q, x / module, y / module))
                bm.pixels[(size_t)y * (size_t)side + (size_t)x] = 0;
    err = feed(e, 4 * module);
    if (!err)
        err = emit_raster(e, &bm, (e->paper - side) / 2);
    if (!err)
        err = feed(e, 4 * module);
    kbitmap_release(&bm);
err_free_qr:
    kmem_free(q);
    return err;
}

enum kiosk_err escpos_encode(const struct receipt *r, int paper_dots,
                             const struct text_raster *raster, struct escpos_buf *out)
{
    static const unsigned char init[] = {ESC, '@'};
    static const unsigned char tail[] = {ESC, 'd', CUT_FEED_LINES, GS, 'V', 66, 0};
    struct encoder e = {out, paper_dots, raster};
    enum kiosk_err err;

    if (!r || !out || paper_dots < 8 || paper_dots > PAPER_MAX_DOTS || paper_dots % 8 != 0 ||
        r->count < 0 || r->count > RECEIPT_MAX_ITEMS)
        return KIOSK_ERR_INVALID;
    size_t start_len = out->len;
    err = buf_put(out, init, sizeof(init));
    for (int i = 0; i < r->count && !err; i++) {
        const struct receipt_item *it = &r->items[i];
        switch (it->kind) {
        case RECEIPT_TEXT:
            err = encode_text(&e, it);
            break;
        case RECEIPT_SPACE:
            err = it->space_dots < 0 ? KIOSK_ERR_INVALID : feed(&e, it->space_dots);
            break;
        case RECEIPT_RULE:
            err = encode_rule(&e);
            break;
        case RECEIPT_QR:
            err = encode_qr(&e, it);
            break;
        default:
            err = KIOSK_ERR_INVALID;
        }
    }
    if (!err)
        err = buf_put(out, tail, sizeof(tail));
    if (err)
        out->len = start_len; /* nothing half-written stays in the buffer */
    return err;
}

/* --- decoder -------------------------------------------------------------- */

#define LINE_DOTS  30 /* default line spacing */
#define GLYPH_W    12 /* font A cell */
#define GLYPH_H    24
#define PAPER_ROWS 65536

struct paper {
    struct kbitmap *bm;
    int y;      /* current print position */
    int text_x; /* next text cell; 0: no text on the line */
};

static enum kiosk_err need_rows(struct paper *p, int rows)
{
    if (rows > PAPER_ROWS)
        return KIOSK_ERR_TOO_BIG;
    return kbitmap_grow(p->bm, rows);
}

static enum kiosk_err advance(struct paper *p, int dots)
{
    p->y += dots;
    return p->y > PAPER_ROWS ? KIOSK_ERR_TOO_BIG : KIOSK_OK;
}

/* Print buffered text: the line moves the paper by the line spacing. */
static enum kiosk_err end_text_line(struct paper *p)
{
    if (p->text_x == 0)
        return KIOSK_OK;
    p->text_x = 0;
    return advance(p, LINE_DOTS);
}

static enum kiosk_err draw_char(struct paper *p, unsigned char c)
{
    int w = p->bm->width;
    enum kiosk_err err;
    if (p->text_x + GLYPH_W > w) {
        err = end_text_line(p);
        if (err)
            return err;
    }
    if (c != ' ') {
        /* A crude block per character: enough to see where text went. */
        err = need_rows(p, p->y + GLYPH_H);
        if (err)
            return err;
        for (int y = 4; y < GLYPH_H - 4; y++)
            memset(p->bm->pixels + (size_t)(p->y + y) * (size_t)w + (size_t)p->text_x + 2, 0,
                   GLYPH_W - 4);
    }
    p->text_x += GLYPH_W;
    return KIOSK_OK;
}

static enum kiosk_err draw_raster(struct paper *p, const unsigned char *data, int width_bytes,
                                  int rows, int sx, int sy)
{
    int w = p->bm->width;
    enum kiosk_err err = need_rows(p, p->y + rows * sy);
    if (err)
        return err;
    for (int r = 0; r < rows; r++) {
        for (int bx = 0; bx < width_bytes; bx++) {
            unsigned char b = data[(size_t)r * (size_t)width_bytes + (size_t)bx];
            for (int k = 0; k < 8 && b; k++) {
                if (!(b & (0x80 >> k)))
                    continue;
                for (int dx = 0; dx < sx; dx++) {
                    int x = (bx * 8 + k) * sx + dx;
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
    enum kiosk_err err = end_text_line(p);
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

/* One command at bytes[i]; *used receives its length. */
static enum kiosk_err render_one(struct paper *p, const unsigned char *b, size_t left, size_t *used)
{
    enum kiosk_err err;
    unsigned char c = b[0];

    if (c == ESC) {
        if (left < 2)
            return KIOSK_ERR_PROTOCOL;
        if (b[1] == '@') {
            *used = 2;
            return KIOSK_OK;
        }
        if (b[1] != 'J' && b[1] != 'd')
            return KIOSK_ERR_PROTOCOL;
        if (left < 3)
            return KIOSK_ERR_PROTOCOL;
        *used = 3;
        if (b[1] == 'J') {
            /* Prints buffered text, then feeds n dots instead of a line. */
            if (p->text_x) {
                p->text_x = 0;
                err = advance(p, GLYPH_H);
                if (err)
                    return err;
            }
            return advance(p, b[2]);
        }
        err = end_text_line(p);
        return err ? err : advance(p, b[2] * LINE_DOTS);
    }
    if (c == GS) {
        if (left < 3)
            return KIOSK_ERR_PROTOCOL;
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
        err = end_text_line(p);
        return err ? err : draw_raster(p, b + 8, width_bytes, rows, (m & 1) + 1, (m >> 1) + 1);
    }
    if (c == DLE) { /* DLE EOT n: a status request, nothing to print */
        if (left < 3 || b[1] != 0x04 || b[2] < 1 || b[2] > 4)
            return KIOSK_ERR_PROTOCOL;
        *used = 3;
        return KIOSK_OK;
    }
    *used = 1;
    if (c == '\n') {
        p->text_x = 0;
        return advance(p, LINE_DOTS);
    }
    if (c == '\r')
        return KIOSK_OK;
    if (c >= 0x20 && c < 0x7F)
        return draw_char(p, c);
    return KIOSK_ERR_PROTOCOL;
}

enum kiosk_err escpos_render(const unsigned char *bytes, size_t len, int paper_dots,
                             struct kbitmap *paper)
{
    if (!paper || (!bytes && len) || paper_dots < 8 || paper_dots > PAPER_MAX_DOTS)
        return KIOSK_ERR_INVALID;
    enum kiosk_err err = kbitmap_init(paper, paper_dots, 0);
    if (err)
        return err;
    struct paper p = {paper, 0, 0};
    size_t i = 0;
    while (i < len) {
        size_t used = 0;
        err = render_one(&p, bytes + i, len - i, &used);
        if (err)
            goto err_release_paper;
        i += used;
    }
    err = end_text_line(&p);
    if (!err)
        err = need_rows(&p, p.y); /* trailing feeds show as blank paper */
    if (err)
        goto err_release_paper;
    return KIOSK_OK;

err_release_paper:
    kbitmap_release(paper);
    return err;
}
