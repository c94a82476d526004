/* ESC/POS encoding byte for byte with a fake text rasteriser whose glyphs
 * are the bits of each byte (8 dots wide, MSB left), so expected rasters
 * can be written down: raster lines (wrapping, alignment, bands, QR, cut)
 * with a raster-only profile; text in the printer's code page (PC858 bytes,
 * modes, wrapping by columns) with the TM-T20II profile; logos dithered;
 * and the decoder: round trips, malformed input, and receipts mixing
 * Portuguese, Hindi, a logo and a QR drawn with the real fonts into PNGs. */
#define _POSIX_C_SOURCE 200809L
#include "drivers/printer/escpos.h"
#include "drivers/printer/qr.h"
#include "ktest.h"
#include "ui/render/font.h"
#include "ui/render/render.h"

#include <stdlib.h>
#include <time.h>

#define CALLS_MAX 64

struct fake {
    int height; /* rows of every line; 16 unless a test says otherwise */
    int calls;
    char text[CALLS_MAX][RECEIPT_TEXT_MAX];
    int px[CALLS_MAX];
    bool bold[CALLS_MAX];
    enum kiosk_err fail; /* returned instead of a bitmap when set */
};

/* Each byte c is an 8-dot column block: dot x of every row is black when
 * bit (7 - x) of c is set. ' ' is blank; '~' is grey 127 (black) on its
 * left half and 128 (white) on its right half. */
static enum kiosk_err fake_line(void *ctx, const char *utf8, int px, bool bold, struct kbitmap *out)
{
    struct fake *f = ctx;
    if (f->calls < CALLS_MAX) {
        snprintf(f->text[f->calls], RECEIPT_TEXT_MAX, "%s", utf8);
        f->px[f->calls] = px;
        f->bold[f->calls] = bold;
    }
    f->calls++;
    if (f->fail)
        return f->fail;
    int n = (int)strlen(utf8);
    enum kiosk_err err = kbitmap_init(out, 8 * (n ? n : 1), f->height);
    if (err)
        return err;
    for (int i = 0; i < n; i++) {
        unsigned char c = (unsigned char)utf8[i];
        for (int y = 0; y < f->height; y++) {
            for (int x = 0; x < 8; x++) {
                uint8_t v = 255;
                if (c == '~')
                    v = x < 4 ? 127 : 128;
                else if (c != ' ' && (c >> (7 - x)) & 1)
                    v = 0;
                out->pixels[y * out->width + 8 * i + x] = v;
            }
        }
    }
    return KIOSK_OK;
}

static struct fake fake;
static struct text_raster raster = {fake_line, &fake};

static void fake_reset(void)
{
    memset(&fake, 0, sizeof(fake));
    fake.height = 16;
}

static const unsigned char tail[] = {0x1B, 'd', 4, 0x1D, 'V', 66, 0};

/* An Epson-like printer that prints every line as raster: the raster tests
 * below keep to it. */
static const struct printer_profile raster_only = {
    .name = "raster-only test printer",
    .paper_dots = 576,
    .codepage = CODEPAGE_NONE,
    .band_rows = 256,
    .cut = PRINTER_CUT_FEED_PARTIAL,
};

/* --- a walker over the encoder's subset, for structural checks ------------- */

struct raster_cmd {
    size_t at; /* offset of the data */
    int width_bytes, rows;
};

/* Rasters in order; returns count, or -1 if the stream is not well formed. */
static int rasters(const struct escpos_buf *b, struct raster_cmd *out, int max, int *feeds)
{
    size_t i = 0;
    int n = 0;
    if (feeds)
        *feeds = 0;
    while (i < b->len) {
        const unsigned char *p = b->data + i;
        size_t left = b->len - i;
        if (left >= 2 && p[0] == 0x1B && p[1] == '@') {
            i += 2;
        } else if (left >= 3 && p[0] == 0x1B && (p[1] == 'J' || p[1] == 'd')) {
            if (feeds && p[1] == 'J')
                *feeds += p[2];
            i += 3;
        } else if (left >= 4 && p[0] == 0x1D && p[1] == 'V') {
            i += 4;
        } else if (left >= 8 && p[0] == 0x1D && p[1] == 'v' && p[2] == '0' && p[3] == 0) {
            int w = p[4] | p[5] << 8, h = p[6] | p[7] << 8;
            if (n < max)
                out[n] = (struct raster_cmd){i + 8, w, h};
            n++;
            i += 8 + (size_t)w * (size_t)h;
            if (i > b->len)
                return -1;
        } else {
            return -1;
        }
    }
    return n;
}

static enum kiosk_err encode1(const char *text, enum receipt_align align, int paper,
                              struct escpos_buf *b)
{
    static struct receipt r;
    receipt_init(&r);
    receipt_text(&r, text, RECEIPT_NORMAL, align, false);
    escpos_buf_init(b);
    return escpos_encode(&r, paper, &raster_only, &raster, b);
}

static enum ktest_result test_empty_receipt(void)
{
    static const unsigned char want[] = {0x1B, 0x40, 0x1B, 0x64, 0x04, 0x1D, 0x56, 0x42, 0x00};
    struct receipt r;
    struct escpos_buf b;
    receipt_init(&r);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 576, &raster_only, &raster, &b), KIOSK_OK);
    KT_EQ_INT(b.len, sizeof(want));
    KT_ASSERT(memcmp(b.data, want, sizeof(want)) == 0);
    escpos_buf_release(&b);
    return KTEST_PASS;
}

static enum ktest_result test_text_left_exact_bytes(void)
{
    unsigned char want[2 + 8 + 16 + sizeof(tail)] = {0x1B, 0x40, 0x1D, 0x76, 0x30,
                                                     0x00, 0x01, 0x00, 0x10, 0x00};
    memset(want + 10, 0x41, 16); /* 'A' = 0100 0001: dots 1 and 7, MSB left */
    memcpy(want + 26, tail, sizeof(tail));
    struct escpos_buf b;
    fake_reset();
    KT_EQ_INT(encode1("A", RECEIPT_LEFT, 576, &b), KIOSK_OK);
    KT_EQ_INT(b.len, sizeof(want));
    for (size_t i = 0; i < sizeof(want); i++)
        if (b.data[i] != want[i])
            KT_FAIL_AT("byte %zu is %02x, want %02x", i, b.data[i], want[i]);
    escpos_buf_release(&b);
    KT_EQ_INT(fake.calls, 1);
    KT_EQ_STR(fake.text[0], "A");
    return KTEST_PASS;
}

static enum ktest_result test_alignment_offsets(void)
{
    struct escpos_buf b;
    struct raster_cmd rc[4];
    fake_reset();
    /* Centre: 8 dots at (576 - 8) / 2 = 284 = byte 35 + 4 bits. */
    KT_EQ_INT(encode1("A", RECEIPT_CENTER, 576, &b), KIOSK_OK);
    KT_EQ_INT(rasters(&b, rc, 4, NULL), 1);
    KT_EQ_INT(rc[0].width_bytes, 37);
    KT_EQ_INT(rc[0].rows, 16);
    for (int row = 0; row < 16; row++) {
        const unsigned char *d = b.data + rc[0].at + (size_t)row * 37;
        for (int i = 0; i < 35; i++)
            KT_EQ_INT(d[i], 0);
        KT_EQ_INT(d[35], 0x04);
        KT_EQ_INT(d[36], 0x10);
    }
    escpos_buf_release(&b);
    /* Right: dots 568..575 = the last byte of a full-width row. */
    KT_EQ_INT(encode1("A", RECEIPT_RIGHT, 576, &b), KIOSK_OK);
    KT_EQ_INT(rasters(&b, rc, 4, NULL), 1);
    KT_EQ_INT(rc[0].width_bytes, 72);
    KT_EQ_INT(b.data[rc[0].at + 70], 0);
    KT_EQ_INT(b.data[rc[0].at + 71], 0x41);
    escpos_buf_release(&b);
    /* 58 mm paper, centred "AB": (384 - 16) / 2 = 184 = byte 23 exactly. */
    KT_EQ_INT(encode1("AB", RECEIPT_CENTER, 384, &b), KIOSK_OK);
    KT_EQ_INT(rasters(&b, rc, 4, NULL), 1);
    KT_EQ_INT(rc[0].width_bytes, 25);
    KT_EQ_INT(b.data[rc[0].at + 23], 0x41);
    KT_EQ_INT(b.data[rc[0].at + 24], 0x42);
    escpos_buf_release(&b);
    return KTEST_PASS;
}

static enum ktest_result test_threshold_128(void)
{
    struct escpos_buf b;
    struct raster_cmd rc[2];
    fake_reset();
    KT_EQ_INT(encode1("~", RECEIPT_LEFT, 576, &b), KIOSK_OK);
    KT_EQ_INT(rasters(&b, rc, 2, NULL), 1);
    KT_EQ_INT(b.data[rc[0].at], 0xF0); /* 127 is a dot, 128 is not */
    escpos_buf_release(&b);
    return KTEST_PASS;
}

static enum ktest_result test_pixel_sizes(void)
{
    static const struct {
        int paper;
        enum receipt_size size;
        int px;
    } cases[] = {
        {576, RECEIPT_NORMAL, 24}, {576, RECEIPT_LARGE, 36}, {576, RECEIPT_HUGE, 64},
        {384, RECEIPT_NORMAL, 16}, {384, RECEIPT_LARGE, 24}, {384, RECEIPT_HUGE, 43},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct receipt r;
        struct escpos_buf b;
        fake_reset();
        receipt_init(&r);
        receipt_text(&r, "A", cases[i].size, RECEIPT_LEFT, i % 2 == 0);
        escpos_buf_init(&b);
        KT_EQ_INT(escpos_encode(&r, cases[i].paper, &raster_only, &raster, &b), KIOSK_OK);
        escpos_buf_release(&b);
        KT_EQ_INT(fake.px[0], cases[i].px);
        KT_EQ_INT(fake.bold[0], i % 2 == 0);
    }
    return KTEST_PASS;
}

static enum ktest_result expect_lines(const struct escpos_buf *b, const char *const *lines, int n,
                                      int paper)
{
    struct raster_cmd rc[16];
    KT_EQ_INT(rasters(b, rc, 16, NULL), n);
    for (int i = 0; i < n; i++) {
        int len = (int)strlen(lines[i]);
        KT_EQ_INT(rc[i].width_bytes, len);
        KT_ASSERT(len * 8 <= paper);
        for (int k = 0; k < len; k++) {
            unsigned char c = (unsigned char)lines[i][k];
            KT_EQ_INT(b->data[rc[i].at + (size_t)k], c == ' ' ? 0 : c);
        }
    }
    return KTEST_PASS;
}

static enum ktest_result test_wrap_at_spaces(void)
{
    static const char *const want[] = {"AAAA", "BBBB CC", "D"};
    struct escpos_buf b;
    fake_reset();
    KT_EQ_INT(encode1("AAAA BBBB CC  D", RECEIPT_LEFT, 64, &b), KIOSK_OK);
    enum ktest_result res = expect_lines(&b, want, 3, 64);
    escpos_buf_release(&b);
    return res;
}

static enum ktest_result test_hard_breaks_and_blank_lines(void)
{
    struct escpos_buf b;
    struct raster_cmd rc[4];
    int feeds;
    fake_reset();
    KT_EQ_INT(encode1("AB\n\nC", RECEIPT_LEFT, 576, &b), KIOSK_OK);
    KT_EQ_INT(rasters(&b, rc, 4, &feeds), 2);
    KT_EQ_INT(feeds, 16); /* the empty line feeds one line height */
    escpos_buf_release(&b);
    return KTEST_PASS;
}

static enum ktest_result test_long_word_breaks(void)
{
    static const char *const want[] = {"ABCDEFGH", "IJ XY"};
    struct escpos_buf b;
    fake_reset();
    KT_EQ_INT(encode1("ABCDEFGHIJ XY", RECEIPT_LEFT, 64, &b), KIOSK_OK);
    enum ktest_result res = expect_lines(&b, want, 2, 64);
    escpos_buf_release(&b);
    return res;
}

static bool starts_with_mark(const char *s)
{
    /* U+093F (vowel sign I), U+094D (virama), U+0937 after a virama. */
    return strncmp(s, "\xE0\xA4\xBF", 3) == 0 || strncmp(s, "\xE0\xA5\x8D", 3) == 0 ||
           strncmp(s, "\xE0\xA4\xB7", 3) == 0;
}

static enum ktest_result test_devanagari_clusters_kept(void)
{
    /* कि (3 + 3 bytes = 48 dots with the fake): two do not fit 64 dots. */
    struct escpos_buf b;
    struct raster_cmd rc[8];
    fake_reset();
    KT_EQ_INT(encode1("किकिकि", RECEIPT_LEFT, 64, &b), KIOSK_OK);
    KT_EQ_INT(rasters(&b, rc, 8, NULL), 3);
    for (int i = 0; i < 3; i++)
        KT_EQ_INT(rc[i].width_bytes, 6);
    escpos_buf_release(&b);
    for (int i = 0; i < fake.calls && i < CALLS_MAX; i++)
        KT_ASSERT(!starts_with_mark(fake.text[i]));
    /* क्ष (ka + virama + ssa, 9 bytes): never split after the virama. */
    fake_reset();
    KT_EQ_INT(encode1("क्षक्ष", RECEIPT_LEFT, 80, &b), KIOSK_OK);
    KT_EQ_INT(rasters(&b, rc, 8, NULL), 2);
    KT_EQ_INT(rc[0].width_bytes, 9);
    KT_EQ_INT(rc[1].width_bytes, 9);
    escpos_buf_release(&b);
    for (int i = 0; i < fake.calls && i < CALLS_MAX; i++)
        KT_ASSERT(!starts_with_mark(fake.text[i]));
    /* One cluster wider than the paper is cut by pixel columns. */
    fake_reset();
    KT_EQ_INT(encode1("क्ष", RECEIPT_LEFT, 64, &b), KIOSK_OK);
    KT_EQ_INT(rasters(&b, rc, 8, NULL), 1);
    KT_EQ_INT(rc[0].width_bytes, 8);
    escpos_buf_release(&b);
    return KTEST_PASS;
}

static enum ktest_result test_bands_of_256_rows(void)
{
    struct escpos_buf b;
    struct raster_cmd rc[4];
    fake_reset();
    fake.height = 300;
    KT_EQ_INT(encode1("A", RECEIPT_LEFT, 576, &b), KIOSK_OK);
    KT_EQ_INT(rasters(&b, rc, 4, NULL), 2);
    KT_EQ_INT(rc[0].rows, 256);
    KT_EQ_INT(rc[1].rows, 44);
    /* Header bytes yL yH of both bands. */
    KT_EQ_INT(b.data[rc[0].at - 2], 0x00);
    KT_EQ_INT(b.data[rc[0].at - 1], 0x01);
    KT_EQ_INT(b.data[rc[1].at - 2], 0x2C);
    KT_EQ_INT(b.data[rc[1].at - 1], 0x00);
    KT_EQ_INT(b.data[rc[1].at + 43], 0x41);
    escpos_buf_release(&b);
    return KTEST_PASS;
}

static enum ktest_result test_space_and_rule_bytes(void)
{
    struct receipt r;
    struct escpos_buf b;
    receipt_init(&r);
    KT_EQ_INT(receipt_space(&r, 300), KIOSK_OK);
    KT_EQ_INT(receipt_space(&r, 0), KIOSK_OK);
    KT_EQ_INT(receipt_rule(&r), KIOSK_OK);
    KT_EQ_INT(receipt_space(&r, -1), KIOSK_ERR_INVALID);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 576, &raster_only, NULL, &b),
              KIOSK_OK); /* no text: no raster needed */
    static const unsigned char head[] = {0x1B, 0x40, 0x1B, 0x4A, 0xFF, 0x1B, 0x4A, 0x2D,
                                         0x1D, 0x76, 0x30, 0x00, 0x48, 0x00, 0x02, 0x00};
    KT_EQ_INT(b.len, sizeof(head) + 144 + sizeof(tail));
    KT_ASSERT(memcmp(b.data, head, sizeof(head)) == 0);
    for (int i = 0; i < 144; i++)
        KT_EQ_INT(b.data[sizeof(head) + (size_t)i], 0xFF);
    KT_ASSERT(memcmp(b.data + sizeof(head) + 144, tail, sizeof(tail)) == 0);
    escpos_buf_release(&b);
    return KTEST_PASS;
}

static enum ktest_result test_encode_errors(void)
{
    struct receipt r;
    struct escpos_buf b;
    fake_reset();
    receipt_init(&r);
    receipt_text(&r, "A", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 0, &raster_only, &raster, &b), KIOSK_ERR_INVALID);
    KT_EQ_INT(escpos_encode(&r, 100, &raster_only, &raster, &b), KIOSK_ERR_INVALID);
    KT_EQ_INT(escpos_encode(&r, 576, &raster_only, NULL, &b), KIOSK_ERR_INVALID);
    fake.fail = KIOSK_ERR_IO;
    KT_EQ_INT(escpos_encode(&r, 576, &raster_only, &raster, &b), KIOSK_ERR_IO);
    KT_EQ_INT(b.len, 0); /* nothing half-written is left */
    receipt_init(&r);
    receipt_qr(&r, "APPT-2026-000123");
    KT_EQ_INT(escpos_encode(&r, 64, &raster_only, &raster, &b),
              KIOSK_ERR_TOO_BIG); /* module < 2 dots */
    escpos_buf_release(&b);
    char big[RECEIPT_TEXT_MAX + 1];
    memset(big, 'x', RECEIPT_TEXT_MAX);
    big[RECEIPT_TEXT_MAX] = '\0';
    KT_EQ_INT(receipt_qr(&r, big), KIOSK_ERR_TOO_BIG);
    return KTEST_PASS;
}

static enum ktest_result test_receipt_full(void)
{
    static struct receipt r;
    receipt_init(&r);
    for (int i = 0; i < RECEIPT_MAX_ITEMS; i++)
        KT_EQ_INT(receipt_rule(&r), KIOSK_OK);
    KT_EQ_INT(receipt_text(&r, "x", RECEIPT_NORMAL, RECEIPT_LEFT, false), KIOSK_ERR_FULL);
    KT_EQ_INT(r.count, RECEIPT_MAX_ITEMS);
    /* Text longer than an item goes on in the next items, split between
     * grapheme clusters (no word, no letter dropped); at a space if any. */
    static char longtext[2 * RECEIPT_TEXT_MAX];
    longtext[0] = '\0';
    for (int i = 0; i < 60; i++)
        strcat(longtext, "a\xCC\x81"); /* a + combining acute: 3 bytes a cluster */
    while (strlen(longtext) + 9 < RECEIPT_TEXT_MAX + 200)
        strcat(longtext, "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7"); /* क्ष: one cluster */
    receipt_init(&r);
    KT_EQ_INT(receipt_text(&r, longtext, RECEIPT_NORMAL, RECEIPT_LEFT, false), KIOSK_OK);
    KT_EQ_INT(r.count, 2);
    size_t first = strlen(r.items[0].text);
    KT_ASSERT(first < RECEIPT_TEXT_MAX && first > RECEIPT_TEXT_MAX - 10);
    KT_ASSERT(strncmp(longtext, r.items[0].text, first) == 0);
    KT_ASSERT(first == 180 || (first - 180) % 9 == 0); /* between clusters */
    KT_EQ_STR(r.items[1].text, longtext + first);
    receipt_init(&r);
    static char words[2 * RECEIPT_TEXT_MAX];
    words[0] = '\0';
    while (strlen(words) < RECEIPT_TEXT_MAX + 100)
        strcat(words, "\xE0\xA4\xAC\xE0\xA4\xBF\xE0\xA4\xB2 "); /* बिल */
    KT_EQ_INT(receipt_text(&r, words, RECEIPT_NORMAL, RECEIPT_LEFT, false), KIOSK_OK);
    KT_EQ_INT(r.count, 2);
    size_t n0 = strlen(r.items[0].text);
    KT_EQ_INT((int)(n0 % 10), 9); /* whole words, the space dropped */
    return KTEST_PASS;
}

/* --- round trips ------------------------------------------------------------ */

static int px_at(const struct kbitmap *bm, int x, int y)
{
    return bm->pixels[(size_t)y * (size_t)bm->width + (size_t)x];
}

static enum ktest_result test_round_trip_ink(void)
{
    struct receipt r;
    struct escpos_buf b;
    struct kbitmap paper;
    fake_reset();
    receipt_init(&r);
    receipt_text(&r, "A", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_rule(&r);
    receipt_text(&r, "B", RECEIPT_NORMAL, RECEIPT_RIGHT, false);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 576, &raster_only, &raster, &b), KIOSK_OK);
    KT_EQ_INT(escpos_render(b.data, b.len, 576, NULL, &paper), KIOSK_OK);
    escpos_buf_release(&b);
    KT_EQ_INT(paper.width, 576);
    /* 'A' rows 0..15: dots 1 and 7 */
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 8; x++)
            KT_EQ_INT(px_at(&paper, x, y), x == 1 || x == 7 ? 0 : 255);
    KT_EQ_INT(px_at(&paper, 100, 5), 255);
    for (int x = 0; x < 576; x += 5) /* the rule, rows 16 and 17 */
        KT_ASSERT(px_at(&paper, x, 16) == 0 && px_at(&paper, x, 17) == 0);
    /* 'B' = 0100 0010 at 568: dots 569 and 574, rows 18..33 */
    KT_EQ_INT(px_at(&paper, 569, 20), 0);
    KT_EQ_INT(px_at(&paper, 574, 33), 0);
    KT_EQ_INT(px_at(&paper, 570, 20), 255);
    KT_EQ_INT(px_at(&paper, 574, 34), 255);
    /* ESC d 4 (4 x 30 dots), then the dashed cut line on the last row. */
    KT_EQ_INT(paper.height, 34 + 120 + 1);
    KT_EQ_INT(px_at(&paper, 0, 154), 0);
    KT_EQ_INT(px_at(&paper, 8, 154), 255);
    kbitmap_release(&paper);
    return KTEST_PASS;
}

static enum ktest_result test_qr_round_trip(void)
{
    const char *payload = "APPT-2026-000123";
    struct receipt r;
    struct escpos_buf b;
    struct kbitmap paper;
    struct qr_code q;
    struct raster_cmd rc[4];
    int feeds;
    receipt_init(&r);
    receipt_qr(&r, payload);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 576, &raster_only, NULL, &b), KIOSK_OK);
    KT_EQ_INT(qr_encode((const uint8_t *)payload, strlen(payload), QR_MASK_AUTO, &q), KIOSK_OK);
    KT_EQ_INT(q.size, 25);
    int m = 8, side = 25 * 8, x0 = (576 - side) / 2;
    KT_EQ_INT(rasters(&b, rc, 4, &feeds), 1);
    KT_EQ_INT(feeds, 2 * 4 * m); /* quiet zone above and below */
    KT_EQ_INT(rc[0].rows, side);
    KT_EQ_INT(rc[0].width_bytes, (x0 + side + 7) / 8);
    KT_EQ_INT(escpos_render(b.data, b.len, 576, NULL, &paper), KIOSK_OK);
    escpos_buf_release(&b);
    for (int y = 0; y < 25; y++)
        for (int x = 0; x < 25; x++) {
            int v = px_at(&paper, x0 + x * m + m / 2, 4 * m + y * m + m / 2);
            if ((v == 0) != qr_module(&q, x, y))
                KT_FAIL_AT("module %d,%d", x, y);
        }
    /* Quiet zone: 4 modules of white on every side. */
    for (int i = 0; i < side + 8 * m; i++) {
        KT_EQ_INT(px_at(&paper, x0 - 4 * m + i, 4 * m - 1), 255);
        KT_EQ_INT(px_at(&paper, x0 - 1, i), 255);
    }
    kbitmap_release(&paper);
    return KTEST_PASS;
}

static enum ktest_result test_render_plain_text(void)
{
    struct kbitmap paper;
    const unsigned char txt[] = "HI\r\nX";
    KT_EQ_INT(escpos_render(txt, sizeof(txt) - 1, 384, NULL, &paper), KIOSK_OK);
    KT_EQ_INT(paper.height, 60);
    KT_EQ_INT(px_at(&paper, 6, 12), 0);  /* H */
    KT_EQ_INT(px_at(&paper, 18, 12), 0); /* I */
    KT_EQ_INT(px_at(&paper, 30, 12), 255);
    KT_EQ_INT(px_at(&paper, 6, 42), 0); /* X, next line */
    kbitmap_release(&paper);
    return KTEST_PASS;
}

static enum ktest_result test_render_rejects_malformed(void)
{
    static const struct {
        unsigned char bytes[12];
        size_t len;
        enum kiosk_err err;
    } cases[] = {
        {{0x1B}, 1, KIOSK_ERR_PROTOCOL},
        {{0x1B, 'J'}, 2, KIOSK_ERR_PROTOCOL},
        {{0x1B, 0x99, 0}, 3, KIOSK_ERR_PROTOCOL},
        {{0x1D}, 1, KIOSK_ERR_PROTOCOL},
        {{0x1D, 'v', '0', 0, 1, 0, 2}, 7, KIOSK_ERR_PROTOCOL},
        {{0x1D, 'v', '0', 0, 1, 0, 2, 0, 0xFF}, 9, KIOSK_ERR_PROTOCOL}, /* 1 of 2 data bytes */
        {{0x1D, 'v', '0', 0, 0, 0, 1, 0, 0xFF}, 9, KIOSK_ERR_PROTOCOL}, /* width 0 */
        {{0x1D, 'v', '0', 4, 1, 0, 1, 0, 0xFF}, 9, KIOSK_ERR_PROTOCOL}, /* mode 4 */
        {{0x1D, 'v', '1', 0, 1, 0, 1, 0, 0xFF}, 9, KIOSK_ERR_PROTOCOL},
        {{0x1D, 'v', '0', 0, 1, 0, 0x00, 0x09, 0xFF}, 9, KIOSK_ERR_PROTOCOL}, /* 2304 rows */
        {{0x1D, 'V', 66}, 3, KIOSK_ERR_PROTOCOL},
        {{0x1D, 'V', 7}, 3, KIOSK_ERR_PROTOCOL},
        {{0x10, 0x04}, 2, KIOSK_ERR_PROTOCOL},
        {{0x10, 0x05, 1}, 3, KIOSK_ERR_PROTOCOL},
        {{0x00}, 1, KIOSK_ERR_PROTOCOL},
        {{'A', 0x7F}, 2, KIOSK_ERR_PROTOCOL},
        {{'A', 0x80}, 2, KIOSK_OK},                            /* PC437's Ç after ESC @ */
        {{0x1D, 'v', '0', 51, 1, 0, 1, 0, 0x80}, 9, KIOSK_OK}, /* quadruple size is fine */
        {{0x10, 0x04, 4, 0x1D, 'V', 1}, 6, KIOSK_OK},
        {{0x1B, 't', 99}, 3, KIOSK_ERR_PROTOCOL}, /* a code page it does not have */
        {{0x1B, 't'}, 2, KIOSK_ERR_PROTOCOL},
        {{0x1B, 'a', 7}, 3, KIOSK_ERR_PROTOCOL},
        {{0x1B, 'E'}, 2, KIOSK_ERR_PROTOCOL},
        {{0x1B, 0x1D, 't', 9}, 4, KIOSK_ERR_PROTOCOL},
        {{0x1B, 0x1D, 'x', 4}, 4, KIOSK_ERR_PROTOCOL},
        {{0x1B, 0x1D, 't'}, 3, KIOSK_ERR_PROTOCOL},
        {{0x1C, 'x'}, 2, KIOSK_ERR_PROTOCOL},
        {{0x1C}, 1, KIOSK_ERR_PROTOCOL},
        {{0x1D, '!'}, 2, KIOSK_ERR_PROTOCOL},
        {{0x1D, '!', 0x77, 'A', 0x0A}, 5, KIOSK_OK}, /* 8 x 8 */
        {{0x1B, 'a', '1', 0x1B, 'E', 1, 0x1C, '.', 0xFF}, 9, KIOSK_OK},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct kbitmap paper = {0};
        enum kiosk_err err = escpos_render(cases[i].bytes, cases[i].len, 576, NULL, &paper);
        if (err != cases[i].err)
            KT_FAIL_AT("case %zu: %s", i, kiosk_err_name(err));
        if (!err)
            kbitmap_release(&paper);
    }
    /* Endless feeds stop at the paper limit. */
    unsigned char feeds[3 * 300];
    for (int i = 0; i < 300; i++)
        memcpy(feeds + 3 * i, "\x1B\x4A\xFF", 3);
    struct kbitmap paper;
    KT_EQ_INT(escpos_render(feeds, sizeof(feeds), 576, NULL, &paper), KIOSK_ERR_TOO_BIG);
    KT_EQ_INT(escpos_render(feeds, 3, 7, NULL, &paper), KIOSK_ERR_INVALID);
    return KTEST_PASS;
}

/* --- text in the printer's code page ----------------------------------------- */

static const struct printer_profile *tm_t20ii(void)
{
    return printer_profile_find(0x04b8, 0x0e15, NULL);
}

static enum ktest_result expect_bytes(const struct escpos_buf *b, const unsigned char *want,
                                      size_t n)
{
    for (size_t i = 0; i < b->len && i < n; i++)
        if (b->data[i] != want[i])
            KT_FAIL_AT("byte %zu is %02x, want %02x", i, b->data[i], want[i]);
    KT_EQ_INT(b->len, n);
    return KTEST_PASS;
}

/* Encode one text item for p; the caller releases b. */
static enum kiosk_err encode_item(const char *text, enum receipt_size size,
                                  enum receipt_align align, bool bold, int paper,
                                  const struct printer_profile *p, struct escpos_buf *b)
{
    static struct receipt r;
    receipt_init(&r);
    receipt_text(&r, text, size, align, bold);
    escpos_buf_init(b);
    return escpos_encode(&r, paper, p, &raster, b);
}

static enum ktest_result test_text_portuguese_pc858(void)
{
    /* "Olá, ação às três: pão, põe, avô, café." with ESC t 19 (PC858). */
    static const unsigned char want[] = {
        0x1B, 0x40, 0x1B, 0x74, 19,   'O',  'l',  0xA0, ',', ' ',  'a',  0x87, 0xC6,
        'o',  ' ',  0x85, 's',  ' ',  't',  'r',  0x88, 's', ':',  ' ',  'p',  0xC6,
        'o',  ',',  ' ',  'p',  0xE4, 'e',  ',',  ' ',  'a', 'v',  0x93, ',',  ' ',
        'c',  'a',  'f',  0x82, '.',  0x0A, 0x1B, 0x64, 4,   0x1D, 0x56, 66,   0};
    struct escpos_buf b;
    fake_reset();
    KT_EQ_INT(encode_item("Olá, ação às três: pão, põe, avô, café.", RECEIPT_NORMAL, RECEIPT_LEFT,
                          false, 576, tm_t20ii(), &b),
              KIOSK_OK);
    enum ktest_result res = expect_bytes(&b, want, sizeof(want));
    escpos_buf_release(&b);
    KT_EQ_INT(fake.calls, 0); /* no raster: the printer's font */
    return res;
}

static enum ktest_result test_text_spanish_and_euro(void)
{
    static const unsigned char want[] = {
        0x1B, 0x40, 0x1B, 0x74, 19,  0xA8, 'D',  0xA2, 'n',  'd',  'e', ' ',  'p',  'a', 'g', 'o',
        '?',  ' ',  0xAD, 'S',  'e', 0xA4, 'o',  'r',  ' ',  'M',  'u', 0xA4, 'o',  'z', '!', ' ',
        '2',  '5',  ',',  '1',  '0', ' ',  0xD5, 0x0A, 0x1B, 0x64, 4,   0x1D, 0x56, 66,  0};
    struct escpos_buf b;
    fake_reset();
    KT_EQ_INT(encode_item("¿Dónde pago? ¡Señor Muñoz! 25,10 €", RECEIPT_NORMAL, RECEIPT_LEFT, false,
                          576, tm_t20ii(), &b),
              KIOSK_OK);
    enum ktest_result res = expect_bytes(&b, want, sizeof(want));
    escpos_buf_release(&b);
    if (res != KTEST_PASS)
        return res;
    /* Citizen (PC850, ESC t 2) has ñ but no euro: that line is raster. */
    const struct printer_profile *citizen = printer_profile_find(0x1d90, 0x2060, NULL);
    KT_EQ_INT(citizen->codepage, CODEPAGE_PC850);
    KT_EQ_INT(encode_item("Señor", RECEIPT_NORMAL, RECEIPT_LEFT, false, 576, citizen, &b),
              KIOSK_OK);
    static const unsigned char want850[] = {0x1B, 0x40, 0x1B, 0x74, 2, 'S',  'e',  0xA4, 'o',
                                            'r',  0x0A, 0x1B, 0x64, 4, 0x1D, 0x56, 66,   0};
    res = expect_bytes(&b, want850, sizeof(want850));
    escpos_buf_release(&b);
    if (res != KTEST_PASS)
        return res;
    KT_EQ_INT(encode_item("25,10 €", RECEIPT_NORMAL, RECEIPT_LEFT, false, 576, citizen, &b),
              KIOSK_OK);
    KT_EQ_INT(b.data[2], 0x1D); /* GS v 0, no ESC t */
    KT_EQ_INT(fake.calls, 1);
    escpos_buf_release(&b);
    /* Star selects the code page with ESC GS t 4; the POS-58 clone leaves
     * Chinese mode first (FS .). */
    KT_EQ_INT(encode_item("€", RECEIPT_NORMAL, RECEIPT_LEFT, false, 576,
                          printer_profile_find(0x0519, 0x0001, NULL), &b),
              KIOSK_OK);
    static const unsigned char star[] = {0x1B, 0x40, 0x1B, 0x1D, 0x74, 4,    0xD5,
                                         0x0A, 0x1B, 0x64, 4,    0x1D, 0x56, 1};
    res = expect_bytes(&b, star, sizeof(star));
    escpos_buf_release(&b);
    if (res != KTEST_PASS)
        return res;
    KT_EQ_INT(encode_item("ñ", RECEIPT_NORMAL, RECEIPT_LEFT, false, 384,
                          printer_profile_find(0x0416, 0x5011, NULL), &b),
              KIOSK_OK);
    static const unsigned char clone[] = {0x1B, 0x40, 0x1C, 0x2E, 0x1B, 0x74,
                                          2,    0xA4, 0x0A, 0x1B, 0x64, 4};
    res = expect_bytes(&b, clone, sizeof(clone));
    escpos_buf_release(&b);
    return res;
}

static enum ktest_result test_text_not_in_codepage_is_raster(void)
{
    /* A control character, a decomposed accent, an emoji, a bad byte. */
    static const char *const cases[] = {"tab\there", "a\xCC\x83", "ok \xF0\x9F\x98\x80", "\xFF"};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct escpos_buf b;
        fake_reset();
        KT_EQ_INT(encode_item(cases[i], RECEIPT_NORMAL, RECEIPT_LEFT, false, 576, tm_t20ii(), &b),
                  KIOSK_OK);
        KT_EQ_INT(b.data[2], 0x1D);
        KT_ASSERT(fake.calls >= 1);
        escpos_buf_release(&b);
    }
    /* Text mode needs no raster; raster text does. */
    struct escpos_buf b;
    static struct receipt r;
    receipt_init(&r);
    receipt_text(&r, "Olá", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 576, tm_t20ii(), NULL, &b), KIOSK_OK);
    receipt_text(&r, "नमस्ते", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    KT_EQ_INT(escpos_encode(&r, 576, tm_t20ii(), NULL, &b), KIOSK_ERR_INVALID);
    escpos_buf_release(&b);
    return KTEST_PASS;
}

static enum ktest_result test_hindi_line_as_raster(void)
{
    static struct receipt r;
    struct escpos_buf b;
    fake_reset();
    receipt_init(&r);
    receipt_text(&r, "Consulta 10:30", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_text(&r, "नमस्ते A042", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_text(&r, "12345", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 384, tm_t20ii(), &raster, &b), KIOSK_OK);
    static const unsigned char head[] = {0x1B, 0x40, 0x1B, 0x74, 19,   'C',  'o',  'n',
                                         's',  'u',  'l',  't',  'a',  ' ',  '1',  '0',
                                         ':',  '3',  '0',  0x0A, 0x1D, 0x76, 0x30, 0};
    KT_ASSERT(b.len > sizeof(head));
    KT_ASSERT(memcmp(b.data, head, sizeof(head)) == 0);
    /* The raster line: the fake draws 8 dots a byte, 23 bytes of UTF-8. */
    size_t at = sizeof(head);
    int w = b.data[at] | b.data[at + 1] << 8, h = b.data[at + 2] | b.data[at + 3] << 8;
    KT_EQ_INT(w, 23);
    KT_EQ_INT(h, 16);
    at += 4 + (size_t)w * (size_t)h;
    static const unsigned char rest[] = {'1',  '2', '3',  '4',  '5', 0x0A, 0x1B,
                                         0x64, 4,   0x1D, 0x56, 66,  0};
    KT_EQ_INT(b.len - at, sizeof(rest));
    KT_ASSERT(memcmp(b.data + at, rest, sizeof(rest)) == 0);
    escpos_buf_release(&b);
    KT_EQ_INT(fake.calls, 1);
    KT_EQ_STR(fake.text[0], "नमस्ते A042");
    KT_EQ_INT(fake.px[0], 24); /* the printer font's height, also on 58 mm paper */
    return KTEST_PASS;
}

static enum ktest_result test_text_modes_bytes(void)
{
    static struct receipt r;
    struct escpos_buf b;
    receipt_init(&r);
    receipt_text(&r, "A", RECEIPT_LARGE, RECEIPT_CENTER, true);
    receipt_text(&r, "B", RECEIPT_HUGE, RECEIPT_RIGHT, false);
    receipt_text(&r, "C", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_text(&r, "D", RECEIPT_NORMAL, RECEIPT_CENTER, false);
    receipt_rule(&r);
    for (int paper = 576; paper >= 384; paper -= 192) {
        unsigned char want[300];
        size_t n = 0;
        static const unsigned char head[] = {
            0x1B, 0x40, 0x1B, 0x74, 19,   0x1B, 0x61, 1,    0x1B, 0x45, 1,    0x1D, 0x21,
            0x01, 'A',  0x0A, 0x1B, 0x61, 2,    0x1B, 0x45, 0,    0x1D, 0x21, 0x22, 'B',
            0x0A, 0x1B, 0x61, 0,    0x1D, 0x21, 0,    'C',  0x0A, 0x1B, 0x61, 1,    'D',
            0x0A, 0x1B, 0x61, 0,    0x1D, 0x76, 0x30, 0,    72,   0,    2,    0};
        memcpy(want, head, sizeof(head));
        n = sizeof(head);
        if (paper == 384) {
            want[24] = 0x11; /* HUGE is 2x2 on 58 mm paper */
            want[n - 4] = 48;
        }
        memset(want + n, 0xFF, (size_t)paper / 8 * 2);
        n += (size_t)paper / 8 * 2;
        memcpy(want + n, tail, sizeof(tail));
        n += sizeof(tail);
        escpos_buf_init(&b);
        KT_EQ_INT(escpos_encode(&r, paper, tm_t20ii(), NULL, &b), KIOSK_OK);
        enum ktest_result res = expect_bytes(&b, want, n);
        escpos_buf_release(&b);
        if (res != KTEST_PASS)
            return res;
    }
    return KTEST_PASS;
}

/* The text lines of an encoding (bytes up to each LF), after skipping the
 * mode commands; returns how many. */
static int text_lines(const struct escpos_buf *b, char lines[][128], int max)
{
    int n = 0;
    size_t len = 0;
    for (size_t i = 2; i < b->len; i++) {
        unsigned char c = b->data[i];
        if (c == 0x1B && i + 1 < b->len && b->data[i + 1] == 'd')
            break;
        if ((c == 0x1B || c == 0x1D) && len == 0) {
            i += 2;
            continue;
        }
        if (c == 0x0A) {
            if (n < max) {
                lines[n][len] = '\0';
                n++;
            }
            len = 0;
            continue;
        }
        if (n < max && len < 127)
            lines[n][len++] = (char)c;
    }
    return n;
}

static enum ktest_result expect_wrap(const char *text, enum receipt_size size, int paper,
                                     const char *const *want, int count)
{
    static char lines[16][128];
    struct escpos_buf b;
    KT_EQ_INT(encode_item(text, size, RECEIPT_LEFT, false, paper, tm_t20ii(), &b), KIOSK_OK);
    int n = text_lines(&b, lines, 16);
    escpos_buf_release(&b);
    KT_EQ_INT(n, count);
    for (int i = 0; i < n; i++)
        KT_EQ_STR(lines[i], want[i]);
    return KTEST_PASS;
}

static enum ktest_result test_text_wrap_by_columns(void)
{
    static const char ten[] = "abcde abcde abcde abcde abcde abcde abcde abcde abcde abcde";
    static const char *const at48[] = {"abcde abcde abcde abcde abcde abcde abcde abcde",
                                       "abcde abcde"};
    static const char *const at32[] = {"abcde abcde abcde abcde abcde",
                                       "abcde abcde abcde abcde abcde"};
    static const char *const at16[] = {"abcde abcde", "abcde abcde", "abcde abcde", "abcde abcde",
                                       "abcde abcde"};
    static const char *const long_word[] = {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                                            "xx"};
    static const char *const exact[] = {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "y"};
    static const char *const indent[] = {"  ab  cd"};
    static const char *const blank[] = {"a", "", "b"};
    enum ktest_result res;
    if ((res = expect_wrap(ten, RECEIPT_NORMAL, 576, at48, 2)) != KTEST_PASS)
        return res;
    if ((res = expect_wrap(ten, RECEIPT_LARGE, 576, at48, 2)) != KTEST_PASS)
        return res; /* double height only: same columns */
    if ((res = expect_wrap(ten, RECEIPT_NORMAL, 384, at32, 2)) != KTEST_PASS)
        return res;
    if ((res = expect_wrap(ten, RECEIPT_HUGE, 576, at16, 5)) != KTEST_PASS)
        return res; /* 3x wide: 16 columns */
    if ((res = expect_wrap(ten, RECEIPT_HUGE, 384, at16, 5)) != KTEST_PASS)
        return res; /* 2x wide: 16 columns */
    if ((res = expect_wrap("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", RECEIPT_NORMAL,
                           576, long_word, 2)) != KTEST_PASS)
        return res;
    if ((res = expect_wrap("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx   y", RECEIPT_NORMAL,
                           576, exact, 2)) != KTEST_PASS)
        return res;
    if ((res = expect_wrap("  ab  cd   ", RECEIPT_NORMAL, 576, indent, 1)) != KTEST_PASS)
        return res;
    return expect_wrap("a\n\nb", RECEIPT_NORMAL, 576, blank, 3);
}

/* --- logos --------------------------------------------------------------------- */

static enum ktest_result test_logo_dither_known_bits(void)
{
    /* Flat grey 100 on 8 x 2 dots, worked through Atkinson by hand (errors
     * truncated toward zero in eighths):
     *   row 0: 100 112 126 | 129 | 100  97 124 127  -> dots 0-2, 4-7: 0xEF
     *   row 1: 126 | 156 | 117 114 | 137 139 | 114 | 130 -> dots 0, 2, 3, 6: 0xB2 */
    static const unsigned char want[] = {0x1B, 0x40, 0x1D, 0x76, 0x30, 0,    1,    0,  2, 0,
                                         0xEF, 0xB2, 0x1B, 0x64, 4,    0x1D, 0x56, 66, 0};
    static struct receipt r;
    struct kbitmap grey;
    struct escpos_buf b;
    KT_EQ_INT(kbitmap_init(&grey, 8, 2), KIOSK_OK);
    memset(grey.pixels, 100, 16);
    receipt_init(&r);
    KT_EQ_INT(receipt_image(&r, &grey, 8, RECEIPT_LEFT), KIOSK_OK);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 576, &raster_only, NULL, &b), KIOSK_OK);
    enum ktest_result res = expect_bytes(&b, want, sizeof(want));
    escpos_buf_release(&b);
    if (res != KTEST_PASS) {
        kbitmap_release(&grey);
        return res;
    }
    /* Centred on the paper after centred text: ESC a 0 first, then the
     * image placed at (576 - 8) / 2 = 284 = byte 35 + 4 dots. */
    receipt_init(&r);
    receipt_text(&r, "Logo", RECEIPT_NORMAL, RECEIPT_CENTER, false);
    receipt_image(&r, &grey, 8, RECEIPT_CENTER);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 576, tm_t20ii(), NULL, &b), KIOSK_OK);
    static const unsigned char head[] = {0x1B, 0x40, 0x1B, 0x74, 19,   0x1B, 0x61, 1,
                                         'L',  'o',  'g',  'o',  0x0A, 0x1B, 0x61, 0,
                                         0x1D, 0x76, 0x30, 0,    37,   0,    2,    0};
    KT_ASSERT(b.len == sizeof(head) + 74 + sizeof(tail));
    KT_ASSERT(memcmp(b.data, head, sizeof(head)) == 0);
    KT_EQ_INT(b.data[sizeof(head) + 35], 0x0E);
    KT_EQ_INT(b.data[sizeof(head) + 36], 0xF0);
    KT_EQ_INT(b.data[sizeof(head) + 37 + 35], 0x0B);
    KT_EQ_INT(b.data[sizeof(head) + 37 + 36], 0x20);
    escpos_buf_release(&b);
    kbitmap_release(&grey);
    return KTEST_PASS;
}

static int dots_of(const struct kbitmap *bm)
{
    int n = 0;
    for (int i = 0; i < bm->width * bm->height; i++)
        n += bm->pixels[i] == 0;
    return n;
}

static enum ktest_result test_logo_scale_and_alpha(void)
{
    struct kbitmap out;
    /* At its own size an image passes through unchanged. */
    static const uint8_t bars[] = {0, 255, 0, 255};
    struct receipt_image img = {bars, 4, 1, 1};
    KT_EQ_INT(escpos_dither(&img, 4, 1, &out), KIOSK_OK);
    KT_ASSERT(out.pixels[0] == 0 && out.pixels[1] == 255 && out.pixels[2] == 0 &&
              out.pixels[3] == 255);
    kbitmap_release(&out);
    /* Area averaging: (0 + 0 + 255) / 3 = 85 is a dot; (0 + 255) / 2 rounds
     * to 128, which is not. */
    static const uint8_t three[] = {0, 0, 255};
    img = (struct receipt_image){three, 3, 1, 1};
    KT_EQ_INT(escpos_dither(&img, 1, 1, &out), KIOSK_OK);
    KT_EQ_INT(out.pixels[0], 0);
    kbitmap_release(&out);
    img = (struct receipt_image){three + 1, 2, 1, 1};
    KT_EQ_INT(escpos_dither(&img, 1, 1, &out), KIOSK_OK);
    KT_EQ_INT(out.pixels[0], 255);
    kbitmap_release(&out);
    /* RGBA: transparent is paper whatever its colour; opaque blue is ink. */
    static const uint8_t rgba[] = {0, 0, 0, 0, 0, 0, 0, 255, 255, 0, 0, 0, 11, 87, 164, 255};
    img = (struct receipt_image){rgba, 4, 1, 4};
    KT_EQ_INT(escpos_dither(&img, 4, 1, &out), KIOSK_OK);
    KT_ASSERT(out.pixels[0] == 255 && out.pixels[1] == 0 && out.pixels[2] == 255 &&
              out.pixels[3] == 0);
    kbitmap_release(&out);
    /* A 50% grey field prints about half its dots; white none, black all. */
    static uint8_t field[64 * 64];
    memset(field, 128, sizeof(field));
    img = (struct receipt_image){field, 64, 64, 1};
    KT_EQ_INT(escpos_dither(&img, 32, 32, &out), KIOSK_OK);
    int n = dots_of(&out);
    KT_ASSERT(n > 1024 * 3 / 10 && n < 1024 * 6 / 10);
    kbitmap_release(&out);
    /* A tall image fits the square box by its height. */
    static struct receipt r;
    struct escpos_buf b;
    receipt_init(&r);
    KT_EQ_INT(receipt_image_rgba(&r, rgba, 1, 4, 64, RECEIPT_LEFT), KIOSK_OK);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 576, &raster_only, NULL, &b), KIOSK_OK);
    KT_EQ_INT(b.data[6], 2);  /* 16 dots wide: 2 bytes */
    KT_EQ_INT(b.data[8], 64); /* 64 rows */
    escpos_buf_release(&b);
    /* Errors. */
    KT_EQ_INT(receipt_image(&r, NULL, 0, RECEIPT_LEFT), KIOSK_ERR_INVALID);
    KT_EQ_INT(receipt_image_rgba(&r, NULL, 1, 1, 0, RECEIPT_LEFT), KIOSK_ERR_INVALID);
    KT_EQ_INT(receipt_image_rgba(&r, rgba, 0, 1, 0, RECEIPT_LEFT), KIOSK_ERR_INVALID);
    KT_EQ_INT(receipt_image_rgba(&r, rgba, 1, 1, -1, RECEIPT_LEFT), KIOSK_ERR_INVALID);
    img = (struct receipt_image){rgba, 1, 1, 3};
    KT_EQ_INT(escpos_dither(&img, 1, 1, &out), KIOSK_ERR_INVALID);
    img.channels = 4;
    KT_EQ_INT(escpos_dither(&img, 20000, 1, &out), KIOSK_ERR_TOO_BIG);
    receipt_init(&r);
    receipt_image_rgba(&r, rgba, 1, 1, 0, RECEIPT_LEFT);
    r.items[0].image.channels = 2;
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 576, &raster_only, NULL, &b), KIOSK_ERR_INVALID);
    KT_EQ_INT(b.len, 0);
    escpos_buf_release(&b);
    return KTEST_PASS;
}

/* --- the decoder's text -------------------------------------------------------- */

static enum ktest_result test_render_text_modes(void)
{
    static struct receipt r;
    struct escpos_buf b;
    struct kbitmap paper;
    receipt_init(&r);
    receipt_text(&r, "AB", RECEIPT_NORMAL, RECEIPT_CENTER, false);
    receipt_text(&r, "C", RECEIPT_LARGE, RECEIPT_LEFT, false);
    receipt_text(&r, "D", RECEIPT_HUGE, RECEIPT_RIGHT, true);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 576, tm_t20ii(), NULL, &b), KIOSK_OK);
    KT_EQ_INT(escpos_render(b.data, b.len, 576, NULL, &paper), KIOSK_OK);
    escpos_buf_release(&b);
    /* "AB" centred: cells at 276 and 288, blocks in columns 2..9, rows 4..19. */
    KT_EQ_INT(px_at(&paper, 278, 4), 0);
    KT_EQ_INT(px_at(&paper, 285, 19), 0);
    KT_EQ_INT(px_at(&paper, 277, 10), 255);
    KT_EQ_INT(px_at(&paper, 297, 10), 0);
    KT_EQ_INT(px_at(&paper, 300, 10), 255);
    /* "C" twice as tall from row 30: block rows 8..39, 48 rows of line. */
    KT_EQ_INT(px_at(&paper, 5, 30 + 8), 0);
    KT_EQ_INT(px_at(&paper, 5, 30 + 39), 0);
    KT_EQ_INT(px_at(&paper, 5, 30 + 40), 255);
    KT_EQ_INT(px_at(&paper, 14, 30 + 20), 255);
    /* "D" 3x3 at the right edge from row 78: 36 x 72 cell at x 540. */
    KT_EQ_INT(px_at(&paper, 540 + 6, 78 + 12), 0);
    KT_EQ_INT(px_at(&paper, 540 + 29, 78 + 59), 0);
    KT_EQ_INT(px_at(&paper, 540 + 5, 78 + 12), 255);
    /* Then ESC d 4 and the cut. */
    KT_EQ_INT(paper.height, 78 + 72 + 120 + 1);
    kbitmap_release(&paper);
    /* ESC a moves a raster too; the printer wraps a line that is too long. */
    static const unsigned char bytes[] = {0x1B, 0x61, 2,    0x1D, 0x76, 0x30, 0,   1,   0,
                                          1,    0,    0x80, 'x',  'x',  'x',  'x', 0x0A};
    KT_EQ_INT(escpos_render(bytes, sizeof(bytes), 40, NULL, &paper), KIOSK_OK);
    KT_EQ_INT(px_at(&paper, 32, 0), 0); /* the dot of an 8-dot raster at the right */
    KT_EQ_INT(px_at(&paper, 0, 0), 255);
    KT_EQ_INT(paper.height, 1 + 30 + 30); /* three cells fit 40 dots, the fourth wraps */
    KT_EQ_INT(px_at(&paper, 40 - 36 + 2, 1 + 10), 0);
    KT_EQ_INT(px_at(&paper, 40 - 12 + 2, 31 + 10), 0);
    kbitmap_release(&paper);
    return KTEST_PASS;
}

static bool fake_saw(const char *text)
{
    for (int i = 0; i < fake.calls && i < CALLS_MAX; i++)
        if (strcmp(fake.text[i], text) == 0)
            return true;
    return false;
}

static enum ktest_result test_render_decodes_codepages(void)
{
    static const struct {
        unsigned char bytes[8];
        size_t len;
        const char *text;
    } cases[] = {
        {{0x1B, 0x74, 19, 0xD5, 0x0A}, 5, "€"},
        {{0x1B, 0x74, 19, 0x87, 0x0A}, 5, "ç"},
        {{0x1B, 0x74, 2, 0xD5, 0x0A}, 5, "ı"},
        {{0x1B, 0x74, 3, 0x84, 0x0A}, 5, "ã"},
        {{0x1B, 0x1D, 0x74, 4, 0xD5, 0x0A}, 6, "€"},
        {{0x1B, 0x1D, 0x74, 6, 0x84, 0x0A}, 6, "ã"},
        {{0xA4, 0x0A}, 2, "ñ"}, /* PC437 after power-on */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct kbitmap paper;
        fake_reset();
        KT_EQ_INT(escpos_render(cases[i].bytes, cases[i].len, 576, &raster, &paper), KIOSK_OK);
        kbitmap_release(&paper);
        if (!fake_saw(cases[i].text))
            KT_FAIL_AT("case %zu: the raster never drew %s", i, cases[i].text);
        KT_ASSERT(fake_saw("H") && fake_saw("g")); /* the font's reference */
    }
    /* The fake's 'A' (0100 0001) spans its 16 rows: cap top to descender,
     * mapped to cell rows 3..22; its two dot columns centred in the cell. */
    struct kbitmap paper;
    static const unsigned char a[] = {'A', 0x0A};
    fake_reset();
    KT_EQ_INT(escpos_render(a, sizeof(a), 576, &raster, &paper), KIOSK_OK);
    int ink = 0, top = 99, bottom = -1;
    for (int y = 0; y < 24; y++)
        for (int x = 0; x < 12; x++)
            if (px_at(&paper, x, y) == 0) {
                ink++;
                top = y < top ? y : top;
                bottom = y > bottom ? y : bottom;
            }
    KT_ASSERT(ink > 0);
    KT_EQ_INT(top, 3);
    KT_EQ_INT(bottom, 22);
    kbitmap_release(&paper);
    /* A raster that fails draws blocks instead. */
    fake_reset();
    fake.fail = KIOSK_ERR_IO;
    KT_EQ_INT(escpos_render(a, sizeof(a), 576, &raster, &paper), KIOSK_OK);
    KT_EQ_INT(px_at(&paper, 5, 10), 0);
    kbitmap_release(&paper);
    return KTEST_PASS;
}

static void sample_receipt(struct receipt *r)
{
    receipt_init(r);
    receipt_text(r, "CAREKIOSK", RECEIPT_HUGE, RECEIPT_CENTER, true);
    receipt_rule(r);
    receipt_text(r, "Queue A042 Cardiology floor 2 blue lifts", RECEIPT_NORMAL, RECEIPT_LEFT,
                 false);
    receipt_space(r, 40);
    receipt_qr(r, "APPT-2026-000123");
}

static enum ktest_result test_render_every_prefix(void)
{
    static struct receipt r;
    struct escpos_buf b;
    fake_reset();
    sample_receipt(&r);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 384, &raster_only, &raster, &b), KIOSK_OK);
    long live = kmem_live();
    for (size_t len = 0; len <= b.len; len += len < 800 ? 1 : 53) {
        struct kbitmap paper;
        enum kiosk_err err = escpos_render(b.data, len, 384, NULL, &paper);
        if (err != KIOSK_OK && err != KIOSK_ERR_PROTOCOL)
            KT_FAIL_AT("prefix %zu: %s", len, kiosk_err_name(err));
        if (!err)
            kbitmap_release(&paper);
        KT_EQ_INT(kmem_live(), live);
    }
    struct kbitmap paper;
    KT_EQ_INT(escpos_render(b.data, b.len, 384, NULL, &paper), KIOSK_OK);
    kbitmap_release(&paper);
    escpos_buf_release(&b);
    return KTEST_PASS;
}

static enum ktest_result test_allocation_failures(void)
{
    static struct receipt r;
    fake_reset();
    sample_receipt(&r);
    for (unsigned long n = 1; n < 200; n++) {
        struct escpos_buf b;
        escpos_buf_init(&b);
        long live = kmem_live();
        kmem_fail_after(n);
        enum kiosk_err err = escpos_encode(&r, 576, &raster_only, &raster, &b);
        kmem_fail_after(0);
        escpos_buf_release(&b);
        KT_EQ_INT(kmem_live(), live);
        if (err == KIOSK_OK)
            return KTEST_PASS;
        KT_EQ_INT(err, KIOSK_ERR_NOMEM);
    }
    KT_FAIL_AT("still failing after 200 allocations");
}

static enum ktest_result test_figures(void)
{
    /* Not a benchmark, a sanity figure: a 40-line receipt with a QR. */
    static struct receipt r;
    struct escpos_buf b;
    fake_reset();
    fake.height = 30;
    receipt_init(&r);
    receipt_text(&r, "CAREKIOSK", RECEIPT_HUGE, RECEIPT_CENTER, true);
    for (int i = 0; i < 40; i++)
        receipt_text(&r, "Consultation 2026-03-10 EUR 25.10", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_qr(&r, "https://hospital.example/r/KIOSK-7/2026-03-10/000123");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int runs = 20;
    for (int i = 0; i < runs; i++) {
        escpos_buf_init(&b);
        KT_EQ_INT(escpos_encode(&r, 576, &raster_only, &raster, &b), KIOSK_OK);
        if (i + 1 < runs)
            escpos_buf_release(&b);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms =
        ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / runs;
    printf("  40 lines + QR on 576 dots: %zu bytes, %.2f ms to encode (fake raster)\n", b.len, ms);
    escpos_buf_release(&b);
    return KTEST_PASS;
}

static enum ktest_result test_receipt_png_decodes(void)
{
    /* The QR on a whole printed receipt, read by a real decoder. */
    if (system("command -v zbarimg >/dev/null 2>&1") != 0)
        KT_SKIP("zbarimg not installed (apt-get install zbar-tools)");
    static struct receipt r;
    struct escpos_buf b;
    struct kbitmap paper;
    char path[512], cmd[700], got[256] = "";
    fake_reset();
    sample_receipt(&r);
    for (int paper_dots = 384; paper_dots <= 576; paper_dots += 192) {
        escpos_buf_init(&b);
        KT_EQ_INT(escpos_encode(&r, paper_dots, &raster_only, &raster, &b), KIOSK_OK);
        KT_EQ_INT(escpos_render(b.data, b.len, paper_dots, NULL, &paper), KIOSK_OK);
        escpos_buf_release(&b);
        snprintf(path, sizeof(path), "%s/test_escpos-%d.png", KIOSK_BINARY_DIR, paper_dots);
        enum kiosk_err err = kbitmap_write_png(&paper, path);
        kbitmap_release(&paper);
        KT_EQ_INT(err, KIOSK_OK);
        snprintf(cmd, sizeof(cmd), "zbarimg --raw -q '%s' 2>/dev/null", path);
        FILE *f = popen(cmd, "r");
        KT_ASSERT(f);
        size_t n = fread(got, 1, sizeof(got) - 1, f);
        pclose(f);
        got[n] = '\0';
        got[strcspn(got, "\n")] = '\0';
        KT_EQ_STR(got, "APPT-2026-000123");
    }
    return KTEST_PASS;
}

/* A check-in ticket that mixes Portuguese, Hindi, Spanish and digits, with
 * the default pack's logo and a QR code. */
static void mixed_receipt(struct receipt *r, const struct kbitmap *logo, int paper)
{
    receipt_init(r);
    if (logo)
        receipt_image(r, logo, paper / 3, RECEIPT_CENTER);
    receipt_space(r, 12);
    receipt_text(r, "Clínica São Lucas", RECEIPT_NORMAL, RECEIPT_CENTER, true);
    receipt_rule(r);
    receipt_space(r, 16);
    receipt_text(r, "Sua senha", RECEIPT_LARGE, RECEIPT_CENTER, false);
    receipt_text(r, "A042", RECEIPT_HUGE, RECEIPT_CENTER, true);
    receipt_space(r, 16);
    receipt_text(r, "10:30  Cardiologia — Dra. Ana", RECEIPT_NORMAL, RECEIPT_LEFT, true);
    receipt_text(r, "10:30  Cardiologia, Dra. Conceição", RECEIPT_NORMAL, RECEIPT_LEFT, true);
    receipt_text(r,
                 "Piso 2, elevadores azuis; à esquerda após a recepção. Não se esqueça do "
                 "cartão.",
                 RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_text(r, "आपका नंबर A042 है। कृपया स्क्रीन पर नंबर देखें: कक्ष 14, मंज़िल 2", RECEIPT_NORMAL,
                 RECEIPT_LEFT, false);
    receipt_text(r, "¿Dónde pago? ¡Señor Muñoz! Total: 25,10 €", RECEIPT_NORMAL, RECEIPT_LEFT,
                 false);
    receipt_text(r, "Nº 0123456789 0123456789 0123456789 0123456789", RECEIPT_NORMAL, RECEIPT_RIGHT,
                 false);
    receipt_space(r, 12);
    receipt_qr(r, "APPT-2026-000123");
    receipt_rule(r);
    receipt_text(r, "10/03/2026 10:00", RECEIPT_NORMAL, RECEIPT_CENTER, false);
}

/* First column with ink at or right of x0 in rows [y0, y1), or -1. */
static bool any_ink(const struct kbitmap *bm, int x0, int x1)
{
    for (int y = 0; y < bm->height; y++)
        for (int x = x0; x < x1; x++)
            if (bm->pixels[(size_t)y * (size_t)bm->width + (size_t)x] == 0)
                return true;
    return false;
}

static enum ktest_result test_receipt_png_real_fonts(void)
{
    static struct receipt r;
    struct fontset *fs = NULL;
    if (fontset_new(KIOSK_SOURCE_DIR "/assets/fonts", &fs) != KIOSK_OK)
        KT_SKIP("fonts not found: %s", kiosk_err_detail());
    struct text_raster tr = fontset_raster(fs);
    bool zbar = system("command -v zbarimg >/dev/null 2>&1") == 0;
    for (int paper_dots = 576; paper_dots >= 384; paper_dots -= 192) {
        struct kbitmap logo;
        KT_EQ_INT(render_load_grey(KIOSK_SOURCE_DIR "/assets/branding/default/logo.svg",
                                   paper_dots / 3, paper_dots / 3, &logo),
                  KIOSK_OK);
        KT_EQ_INT(logo.width, paper_dots / 3);
        for (int printer_font = 1; printer_font >= 0; printer_font--) {
            struct escpos_buf b;
            struct kbitmap paper;
            char path[512], cmd[700], got[256] = "";
            mixed_receipt(&r, &logo, paper_dots);
            escpos_buf_init(&b);
            KT_EQ_INT(
                escpos_encode(&r, paper_dots, printer_font ? tm_t20ii() : &raster_only, &tr, &b),
                KIOSK_OK);
            printf("  %d dots, %s: %zu bytes\n", paper_dots,
                   printer_font ? "printer font" : "all raster", b.len);
            KT_EQ_INT(escpos_render(b.data, b.len, paper_dots, &tr, &paper), KIOSK_OK);
            escpos_buf_release(&b);
            KT_ASSERT(any_ink(&paper, 0, 8));                       /* left-aligned text */
            KT_ASSERT(any_ink(&paper, paper_dots - 8, paper_dots)); /* right-aligned digits */
            snprintf(path, sizeof(path), "%s/test_escpos-mixed-%d%s.png", KIOSK_BINARY_DIR,
                     paper_dots, printer_font ? "" : "-raster");
            enum kiosk_err err = kbitmap_write_png(&paper, path);
            kbitmap_release(&paper);
            KT_EQ_INT(err, KIOSK_OK);
            if (!zbar)
                continue;
            snprintf(cmd, sizeof(cmd), "zbarimg --raw -q '%s' 2>/dev/null", path);
            FILE *f = popen(cmd, "r");
            KT_ASSERT(f);
            size_t n = fread(got, 1, sizeof(got) - 1, f);
            pclose(f);
            got[n] = '\0';
            got[strcspn(got, "\n")] = '\0';
            KT_EQ_STR(got, "APPT-2026-000123");
        }
        kbitmap_release(&logo);
    }
    fontset_free(fs);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"empty_receipt", test_empty_receipt},
    {"text_left_exact_bytes", test_text_left_exact_bytes},
    {"alignment_offsets", test_alignment_offsets},
    {"threshold_128", test_threshold_128},
    {"pixel_sizes", test_pixel_sizes},
    {"wrap_at_spaces", test_wrap_at_spaces},
    {"hard_breaks_and_blank_lines", test_hard_breaks_and_blank_lines},
    {"long_word_breaks", test_long_word_breaks},
    {"devanagari_clusters_kept", test_devanagari_clusters_kept},
    {"bands_of_256_rows", test_bands_of_256_rows},
    {"space_and_rule_bytes", test_space_and_rule_bytes},
    {"encode_errors", test_encode_errors},
    {"receipt_full", test_receipt_full},
    {"round_trip_ink", test_round_trip_ink},
    {"qr_round_trip", test_qr_round_trip},
    {"render_plain_text", test_render_plain_text},
    {"render_rejects_malformed", test_render_rejects_malformed},
    {"text_portuguese_pc858", test_text_portuguese_pc858},
    {"text_spanish_and_euro", test_text_spanish_and_euro},
    {"text_not_in_codepage_is_raster", test_text_not_in_codepage_is_raster},
    {"hindi_line_as_raster", test_hindi_line_as_raster},
    {"text_modes_bytes", test_text_modes_bytes},
    {"text_wrap_by_columns", test_text_wrap_by_columns},
    {"logo_dither_known_bits", test_logo_dither_known_bits},
    {"logo_scale_and_alpha", test_logo_scale_and_alpha},
    {"render_text_modes", test_render_text_modes},
    {"render_decodes_codepages", test_render_decodes_codepages},
    {"render_every_prefix", test_render_every_prefix},
    {"allocation_failures", test_allocation_failures},
    {"figures", test_figures},
    {"receipt_png_decodes", test_receipt_png_decodes},
    {"receipt_png_real_fonts", test_receipt_png_real_fonts},
};

KTEST_MAIN(tests)
