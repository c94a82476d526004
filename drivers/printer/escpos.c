/* ESC/POS encoder.
 *
 * Text the printer's own font can show (its code page has every
 * character) goes as text: the printer's font is crisper than anything the
 * host can send at 203 dpi and a line of text is a few dozen bytes instead
 * of kilobytes of raster. Everything else is raster (GS v 0), so any script
 * prints the way the screen shows it: the host rasterises each line with the
 * injected text_raster, wraps it at spaces to the paper width, aligns it and
 * packs it to 1 bit (grey < 128 is a dot). Bands follow the profile so small
 * printer buffers are not overrun. The decoder the simulated printer uses is
 * in escpos_render.c, the logo dithering in escpos_image.c. */
#include "drivers/printer/codepage.h"
#include "drivers/printer/escpos.h"
#include "drivers/printer/qr.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <string.h>

#define BAND_ROWS_MAX  2303 /* GS v 0 limit */
#define FEED_MAX       255
#define CUT_FEED_LINES 4
#define QR_MODULE_MAX  8
#define QR_MODULE_MIN  2 /* below this phone cameras struggle; refuse */
#define RULE_ROWS      2
#define PAPER_MAX_DOTS 4096

#define ESC 0x1B
#define GS  0x1D
#define FS  0x1C
#define LF  0x0A

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
    const struct printer_profile *profile;
    /* The printer's modes as the bytes so far leave them (ESC @ resets). */
    bool cp_selected;
    int align;          /* ESC a n */
    bool bold;          /* ESC E n */
    unsigned char size; /* GS ! n */
};

static enum kiosk_err put_cmd(struct encoder *e, unsigned char a, unsigned char b, unsigned char n)
{
    unsigned char cmd[3] = {a, b, n};
    return buf_put(e->out, cmd, sizeof(cmd));
}

/* ESC a 0 before a raster: the justification moves raster images too, and
 * every raster here is already placed from the left edge. */
static enum kiosk_err align_left(struct encoder *e)
{
    if (e->align == 0)
        return KIOSK_OK;
    e->align = 0;
    return put_cmd(e, ESC, 'a', 0);
}

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
    int band = e->profile->band_rows;
    if (band < 1 || band > BAND_ROWS_MAX)
        band = BAND_ROWS_MAX;
    enum kiosk_err err = align_left(e);
    if (err)
        return err;
    for (int top = 0; top < bm->height; top += band) {
        int rows = bm->height - top < band ? bm->height - top : band;
        unsigned char hdr[8] = {GS,
                                'v',
                                '0',
                                0,
                                (unsigned char)(width_bytes & 0xFF),
                                (unsigned char)(width_bytes >> 8),
                                (unsigned char)(rows & 0xFF),
                                (unsigned char)(rows >> 8)};
        err = buf_put(e->out, hdr, sizeof(hdr));
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

/* Raster text height. Sizes are for 576-dot paper and scale with it; a
 * printer that prints text keeps its 24-dot font on narrow paper, so there
 * NORMAL and LARGE raster lines keep their 576-dot size to sit well beside
 * it (HUGE text shrinks to 2x2 there, and so does HUGE raster). */
static int size_px(enum receipt_size size, int paper, bool printer_font)
{
    int base = size == RECEIPT_HUGE ? 64 : size == RECEIPT_LARGE ? 36 : 24;
    if (printer_font && size != RECEIPT_HUGE)
        return base;
    int px = (base * paper + 288) / 576;
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

/* Byte offsets in (from, to] where a grapheme cluster ends, ascending
 * (kstr_grapheme_next: conjuncts, marks and emoji stay whole); returns count. */
static int cluster_ends(const char *s, size_t from, size_t to, size_t *ends, int max)
{
    int n = 0;
    for (size_t at = from; at < to && n < max;) {
        at += kstr_grapheme_next(s + at, to - at);
        ends[n++] = at;
    }
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

/* One code point of s[0..len) at *i (bounded: an item's text need not be
 * terminated); 0xFFFD for a malformed sequence, which advances one byte. */
static unsigned utf8_at(const char *s, size_t len, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = len - *i;
    unsigned cp;
    size_t extra;
    if (p[0] < 0x80) {
        *i += 1;
        return p[0];
    }
    if ((p[0] & 0xE0) == 0xC0) {
        cp = p[0] & 0x1Fu;
        extra = 1;
    } else if ((p[0] & 0xF0) == 0xE0) {
        cp = p[0] & 0x0Fu;
        extra = 2;
    } else if ((p[0] & 0xF8) == 0xF0) {
        cp = p[0] & 0x07u;
        extra = 3;
    } else {
        *i += 1;
        return 0xFFFD;
    }
    if (extra >= left) {
        *i += 1;
        return 0xFFFD;
    }
    for (size_t k = 1; k <= extra; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            *i += 1;
            return 0xFFFD;
        }
        cp = cp << 6 | (p[k] & 0x3Fu);
    }
    *i += extra + 1;
    return cp;
}

/* The item's text as code page bytes into out (at least as long as the
 * text), '\n' kept; false when a character is not in the code page. */
static bool to_codepage(enum codepage cp, const char *s, size_t len, unsigned char *out,
                        size_t *out_len)
{
    size_t i = 0, n = 0;
    while (i < len) {
        unsigned u = utf8_at(s, len, &i);
        int b = u == '\n' ? '\n' : codepage_encode(cp, u);
        if (b < 0)
            return false;
        out[n++] = (unsigned char)b;
    }
    *out_len = n;
    return true;
}

/* GS ! n for a size: bits 4-6 width - 1, bits 0-2 height - 1. */
static unsigned char text_size(enum receipt_size size, int paper)
{
    if (size == RECEIPT_HUGE)
        return paper >= 512 ? 0x22 : 0x11;
    return size == RECEIPT_LARGE ? 0x01 : 0x00;
}

/* Select the code page once, then the modes that differ from the
 * printer's. */
static enum kiosk_err text_modes(struct encoder *e, const struct receipt_item *it,
                                 unsigned char size)
{
    static const unsigned char cancel_kanji[] = {FS, '.'};
    const struct printer_profile *pr = e->profile;
    enum kiosk_err err = KIOSK_OK;
    int align = it->align == RECEIPT_CENTER ? 1 : it->align == RECEIPT_RIGHT ? 2 : 0;

    if (!e->cp_selected) {
        if (pr->quirks & PRINTER_QUIRK_CANCEL_KANJI)
            err = buf_put(e->out, cancel_kanji, sizeof(cancel_kanji));
        if (!err && pr->cp_command == PRINTER_CP_ESC_GS_T) {
            unsigned char cmd[4] = {ESC, GS, 't', pr->cp_number};
            err = buf_put(e->out, cmd, sizeof(cmd));
        } else if (!err) {
            err = put_cmd(e, ESC, 't', pr->cp_number);
        }
        e->cp_selected = !err;
    }
    if (!err && align != e->align) {
        err = put_cmd(e, ESC, 'a', (unsigned char)align);
        e->align = align;
    }
    if (!err && it->bold != e->bold) {
        err = put_cmd(e, ESC, 'E', it->bold ? 1 : 0);
        e->bold = it->bold;
    }
    if (!err && size != e->size) {
        err = put_cmd(e, GS, '!', size);
        e->size = size;
    }
    return err;
}

/* One line of text: bytes [from, to) without trailing spaces, then LF. */
static enum kiosk_err text_line(struct encoder *e, const unsigned char *t, size_t from, size_t to)
{
    while (to > from && t[to - 1] == ' ')
        to--;
    unsigned char *at = buf_reserve(e->out, to - from + 1);
    if (!at)
        return KIOSK_ERR_NOMEM;
    memcpy(at, t + from, to - from);
    at[to - from] = LF;
    return KIOSK_OK;
}

/* A paragraph [from, to) of code page bytes wrapped at spaces to cols
 * columns; a word longer than a line breaks at the column. Continuation
 * lines drop their leading spaces; the first keeps its indent. */
static enum kiosk_err text_wrap(struct encoder *e, const unsigned char *t, size_t from, size_t to,
                                size_t cols)
{
    size_t pos = from;
    bool first = true;
    if (from == to)
        return text_line(e, t, from, to); /* an empty line */
    while (pos < to) {
        if (!first)
            while (pos < to && t[pos] == ' ')
                pos++;
        if (pos >= to)
            break;
        first = false;
        size_t end = pos + cols < to ? pos + cols : to;
        if (end < to && t[end] != ' ') {
            size_t sp = end;
            while (sp > pos + 1 && t[sp - 1] != ' ')
                sp--;
            if (sp > pos + 1)
                end = sp - 1; /* break at the last space that fits */
        }
        enum kiosk_err err = text_line(e, t, pos, end);
        if (err)
            return err;
        pos = end;
    }
    return KIOSK_OK;
}

/* The item as printer text when its code page has every character and a
 * column fits; *sent is false when it must go as raster instead. */
static enum kiosk_err encode_text_mode(struct encoder *e, const struct receipt_item *it, bool *sent)
{
    unsigned char t[RECEIPT_TEXT_MAX];
    size_t n, len = text_len(it);
    *sent = false;
    if (e->profile->codepage == CODEPAGE_NONE ||
        !to_codepage(e->profile->codepage, it->text, len, t, &n))
        return KIOSK_OK;
    unsigned char size = text_size(it->size, e->paper);
    size_t cols = (size_t)(e->paper / (ESCPOS_FONT_W * ((size >> 4) + 1)));
    if (cols < 1)
        return KIOSK_OK;
    enum kiosk_err err = text_modes(e, it, size);
    size_t start = 0;
    /* Hard line breaks in the text start new paragraphs. */
    for (size_t i = 0; i <= n && !err; i++) {
        if (i == n || t[i] == '\n') {
            err = text_wrap(e, t, start, i, cols);
            start = i + 1;
        }
    }
    *sent = !err;
    return err;
}

static enum kiosk_err encode_text(struct encoder *e, const struct receipt_item *it)
{
    bool sent;
    enum kiosk_err err = encode_text_mode(e, it, &sent);
    if (err || sent)
        return err;
    if (!e->raster || !e->raster->line)
        return KIOSK_ERR_INVALID;
    int px = size_px(it->size, e->paper, e->profile->codepage != CODEPAGE_NONE);
    size_t len = text_len(it);
    size_t start = 0;
    /* Hard line breaks in the text start new paragraphs. */
    for (size_t i = 0; i <= len; i++) {
        if (i == len || it->text[i] == '\n') {
            err = text_paragraph(e, it, start, i, px);
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

/* A logo: fitted into a square of max_dots (or the paper) keeping its
 * shape, dithered, placed by its alignment. */
static enum kiosk_err encode_image(struct encoder *e, const struct receipt_item *it)
{
    const struct receipt_image *img = &it->image;
    struct kbitmap bm;
    if (!img->pixels || img->width < 1 || img->height < 1 || it->max_dots < 0)
        return KIOSK_ERR_INVALID;
    long box = it->max_dots > 0 && it->max_dots < e->paper ? it->max_dots : e->paper;
    long w = box, h = box;
    if (img->width >= img->height)
        h = ((long)img->height * box + img->width / 2) / img->width;
    else
        w = ((long)img->width * box + img->height / 2) / img->height;
    enum kiosk_err err = escpos_dither(img, w < 1 ? 1 : (int)w, h < 1 ? 1 : (int)h, &bm);
    if (err)
        return err;
    err = emit_raster(e, &bm, align_x(it->align, e->paper, bm.width));
    kbitmap_release(&bm);
    return err;
}

static enum kiosk_err encode_tail(struct encoder *e)
{
    static const unsigned char feed_lines[] = {ESC, 'd', CUT_FEED_LINES};
    static const unsigned char feed_cut[] = {GS, 'V', 66, 0};
    static const unsigned char partial_cut[] = {GS, 'V', 1};
    enum kiosk_err err = buf_put(e->out, feed_lines, sizeof(feed_lines));
    if (err)
        return err;
    switch (e->profile->cut) {
    case PRINTER_CUT_FEED_PARTIAL:
        return buf_put(e->out, feed_cut, sizeof(feed_cut));
    case PRINTER_CUT_PARTIAL:
        return buf_put(e->out, partial_cut, sizeof(partial_cut));
    case PRINTER_CUT_NONE:
        break;
    }
    return KIOSK_OK;
}

enum kiosk_err escpos_encode(const struct receipt *r, int paper_dots,
                             const struct printer_profile *profile,
                             const struct text_raster *raster, struct escpos_buf *out)
{
    static const unsigned char init[] = {ESC, '@'};
    struct encoder e = {
        .out = out,
        .paper = paper_dots,
        .raster = raster,
        .profile = profile ? profile : printer_profile_generic(),
    };
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
        case RECEIPT_IMAGE:
            err = encode_image(&e, it);
            break;
        default:
            err = KIOSK_ERR_INVALID;
        }
    }
    if (!err)
        err = encode_tail(&e);
    if (err)
        out->len = start_len; /* nothing half-written stays in the buffer */
    return err;
}
