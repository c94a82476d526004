/* ESC/POS encoding byte for byte with a fake text rasteriser whose glyphs
 * are the bits of each byte (8 dots wide, MSB left), so expected rasters
 * can be written down; wrapping, alignment, bands, QR, cut; and the
 * decoder: round trips and malformed input. */
#define _POSIX_C_SOURCE 200809L
#include "drivers/printer/escpos.h"
#include "drivers/printer/qr.h"
#include "ktest.h"

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
    return escpos_encode(&r, paper, &raster, b);
}

static enum ktest_result test_empty_receipt(void)
{
    static const unsigned char want[] = {0x1B, 0x40, 0x1B, 0x64, 0x04, 0x1D, 0x56, 0x42, 0x00};
    struct receipt r;
    struct escpos_buf b;
    receipt_init(&r);
    escpos_buf_init(&b);
    KT_EQ_INT(escpos_encode(&r, 576, &raster, &b), KIOSK_OK);
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
        KT_EQ_INT(escpos_encode(&r, cases[i].paper, &raster, &b), KIOSK_OK);
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
    KT_EQ_INT(escpos_encode(&r, 576, NULL, &b), KIOSK_OK); /* no text: no raster needed */
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
    KT_EQ_INT(escpos_encode(&r, 0, &raster, &b), KIOSK_ERR_INVALID);
    KT_EQ_INT(escpos_encode(&r, 100, &raster, &b), KIOSK_ERR_INVALID);
    KT_EQ_INT(escpos_encode(&r, 576, NULL, &b), KIOSK_ERR_INVALID);
    fake.fail = KIOSK_ERR_IO;
    KT_EQ_INT(escpos_encode(&r, 576, &raster, &b), KIOSK_ERR_IO);
    KT_EQ_INT(b.len, 0); /* nothing half-written is left */
    receipt_init(&r);
    receipt_qr(&r, "APPT-2026-000123");
    KT_EQ_INT(escpos_encode(&r, 64, &raster, &b), KIOSK_ERR_TOO_BIG); /* module < 2 dots */
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
    /* Text is cut on a code point boundary. */
    char longtext[400];
    longtext[0] = '\0';
    for (int i = 0; i < 60; i++)
        strcat(longtext, "á");                                /* 2 bytes each, 120 bytes */
    strcat(longtext, "कककककककककककककककककककककककककककककककककककक"); /* 3 bytes each */
    receipt_init(&r);
    KT_EQ_INT(receipt_text(&r, longtext, RECEIPT_NORMAL, RECEIPT_LEFT, false), KIOSK_OK);
    KT_EQ_INT(strlen(r.items[0].text), 120 + 13 * 3);
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
    KT_EQ_INT(escpos_encode(&r, 576, &raster, &b), KIOSK_OK);
    KT_EQ_INT(escpos_render(b.data, b.len, 576, &paper), KIOSK_OK);
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
    KT_EQ_INT(escpos_encode(&r, 576, NULL, &b), KIOSK_OK);
    KT_EQ_INT(qr_encode((const uint8_t *)payload, strlen(payload), QR_MASK_AUTO, &q), KIOSK_OK);
    KT_EQ_INT(q.size, 25);
    int m = 8, side = 25 * 8, x0 = (576 - side) / 2;
    KT_EQ_INT(rasters(&b, rc, 4, &feeds), 1);
    KT_EQ_INT(feeds, 2 * 4 * m); /* quiet zone above and below */
    KT_EQ_INT(rc[0].rows, side);
    KT_EQ_INT(rc[0].width_bytes, (x0 + side + 7) / 8);
    KT_EQ_INT(escpos_render(b.data, b.len, 576, &paper), KIOSK_OK);
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
    KT_EQ_INT(escpos_render(txt, sizeof(txt) - 1, 384, &paper), KIOSK_OK);
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
        {{'A', 0x80}, 2, KIOSK_ERR_PROTOCOL},
        {{0x1D, 'v', '0', 51, 1, 0, 1, 0, 0x80}, 9, KIOSK_OK}, /* quadruple size is fine */
        {{0x10, 0x04, 4, 0x1D, 'V', 1}, 6, KIOSK_OK},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct kbitmap paper = {0};
        enum kiosk_err err = escpos_render(cases[i].bytes, cases[i].len, 576, &paper);
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
    KT_EQ_INT(escpos_render(feeds, sizeof(feeds), 576, &paper), KIOSK_ERR_TOO_BIG);
    KT_EQ_INT(escpos_render(feeds, 3, 7, &paper), KIOSK_ERR_INVALID);
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
    KT_EQ_INT(escpos_encode(&r, 384, &raster, &b), KIOSK_OK);
    long live = kmem_live();
    for (size_t len = 0; len <= b.len; len += len < 800 ? 1 : 53) {
        struct kbitmap paper;
        enum kiosk_err err = escpos_render(b.data, len, 384, &paper);
        if (err != KIOSK_OK && err != KIOSK_ERR_PROTOCOL)
            KT_FAIL_AT("prefix %zu: %s", len, kiosk_err_name(err));
        if (!err)
            kbitmap_release(&paper);
        KT_EQ_INT(kmem_live(), live);
    }
    struct kbitmap paper;
    KT_EQ_INT(escpos_render(b.data, b.len, 384, &paper), KIOSK_OK);
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
        enum kiosk_err err = escpos_encode(&r, 576, &raster, &b);
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
        KT_EQ_INT(escpos_encode(&r, 576, &raster, &b), KIOSK_OK);
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
        KT_EQ_INT(escpos_encode(&r, paper_dots, &raster, &b), KIOSK_OK);
        KT_EQ_INT(escpos_render(b.data, b.len, paper_dots, &paper), KIOSK_OK);
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
    {"render_every_prefix", test_render_every_prefix},
    {"allocation_failures", test_allocation_failures},
    {"figures", test_figures},
    {"receipt_png_decodes", test_receipt_png_decodes},
};

KTEST_MAIN(tests)
