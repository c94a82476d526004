/* The QR encoder on its own: Reed-Solomon against the worked example of
 * ISO/IEC 18004 and against an independent syndrome check, format and
 * version information tables, function patterns, data placement read back
 * from the matrix, mask choice, and (when zbarimg is installed) a real
 * decoder reading the symbols. */
#define _POSIX_C_SOURCE 200809L
#include "drivers/printer/qr.h"
#include "firmware/core/bitmap.h"
#include "ktest.h"

#include <stdlib.h>

/* --- an independent GF(256): log/exp tables ------------------------------ */

static uint8_t gf_exp[512];
static int gf_log[256];

static void gf_tables(void)
{
    unsigned x = 1;
    for (int i = 0; i < 255; i++) {
        gf_exp[i] = (uint8_t)x;
        gf_log[x] = i;
        x <<= 1;
        if (x & 0x100)
            x ^= 0x11D;
    }
    for (int i = 255; i < 512; i++)
        gf_exp[i] = gf_exp[i - 255];
}

static uint8_t gmul(uint8_t a, uint8_t b)
{
    return a && b ? gf_exp[gf_log[a] + gf_log[b]] : 0;
}

static enum ktest_result test_rs_hello_world(void)
{
    /* "HELLO WORLD" 1-M: data and error correction codewords. */
    static const uint8_t data[16] = {0x20, 0x5B, 0x0B, 0x78, 0xD1, 0x72, 0xDC, 0x4D,
                                     0x43, 0x40, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11};
    static const uint8_t want[10] = {0xC4, 0x23, 0x27, 0x77, 0xEB, 0xD7, 0xE7, 0xE2, 0x5D, 0x17};
    uint8_t ecc[10];
    qr_rs_ecc(data, 16, 10, ecc);
    for (int i = 0; i < 10; i++)
        KT_EQ_INT(ecc[i], want[i]);
    return KTEST_PASS;
}

static enum ktest_result test_rs_syndromes_zero(void)
{
    /* A valid codeword c(x) has c(alpha^i) = 0 for every generator root. */
    gf_tables();
    static const int ecc_lens[] = {10, 16, 18, 22, 24, 26};
    unsigned seed = 12345;
    for (size_t t = 0; t < sizeof(ecc_lens) / sizeof(ecc_lens[0]); t++) {
        uint8_t cw[80];
        int n = ecc_lens[t], k = 44;
        for (int i = 0; i < k; i++) {
            seed = seed * 1103515245u + 12345u;
            cw[i] = (uint8_t)(seed >> 16);
        }
        qr_rs_ecc(cw, k, n, cw + k);
        for (int r = 0; r < n; r++) {
            uint8_t acc = 0; /* Horner, highest degree first */
            for (int i = 0; i < k + n; i++)
                acc = gmul(acc, gf_exp[r]) ^ cw[i];
            if (acc != 0)
                KT_FAIL_AT("ecc_len %d: syndrome %d is %d", n, r, acc);
        }
    }
    return KTEST_PASS;
}

static enum ktest_result test_format_bits_level_m(void)
{
    /* The ISO/IEC 18004 table for level M, masks 0..7. */
    static const unsigned want[8] = {0x5412, 0x5125, 0x5E7C, 0x5B4B,
                                     0x45F9, 0x40CE, 0x4F97, 0x4AA0};
    for (int m = 0; m < 8; m++)
        KT_EQ_INT(qr_format_bits(m), want[m]);
    return KTEST_PASS;
}

static enum ktest_result test_version_bits(void)
{
    KT_EQ_INT(qr_version_bits(6), 0);
    KT_EQ_INT(qr_version_bits(7), 0x07C94);
    KT_EQ_INT(qr_version_bits(8), 0x085BC);
    KT_EQ_INT(qr_version_bits(9), 0x09A99);
    KT_EQ_INT(qr_version_bits(10), 0x0A4D3);
    return KTEST_PASS;
}

static enum ktest_result test_data_codewords_byte_mode(void)
{
    /* 0100 | 00000101 | "hello" | 0000, then EC 11 padding. */
    static const uint8_t want[16] = {0x40, 0x56, 0x86, 0x56, 0xC6, 0xC6, 0xF0, 0xEC,
                                     0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC};
    uint8_t out[QR_CODEWORDS_MAX];
    int version = 0;
    KT_EQ_INT(qr_data_codewords((const uint8_t *)"hello", 5, &version, out), 16);
    KT_EQ_INT(version, 1);
    for (int i = 0; i < 16; i++)
        KT_EQ_INT(out[i], want[i]);
    return KTEST_PASS;
}

static int version_for(size_t len)
{
    uint8_t buf[QR_BYTES_MAX + 8] = {0}, out[QR_CODEWORDS_MAX];
    int version = 0;
    if (!qr_data_codewords(buf, len, &version, out))
        return 0;
    return version;
}

static enum ktest_result test_capacity_limits(void)
{
    KT_EQ_INT(version_for(14), 1); /* 4 + 8 + 112 bits of 128 */
    KT_EQ_INT(version_for(15), 2);
    KT_EQ_INT(version_for(180), 9); /* last with an 8-bit count */
    KT_EQ_INT(version_for(181), 10);
    KT_EQ_INT(version_for(213), 10);
    KT_EQ_INT(version_for(214), 0);
    struct qr_code q;
    uint8_t big[QR_BYTES_MAX + 1] = {0};
    KT_EQ_INT(qr_encode(big, sizeof(big), QR_MASK_AUTO, &q), KIOSK_ERR_TOO_BIG);
    KT_EQ_INT(qr_encode(big, 1, 8, &q), KIOSK_ERR_INVALID);
    return KTEST_PASS;
}

static const char *finder_fail(const struct qr_code *q, int x0, int y0)
{
    for (int dy = -1; dy <= 7; dy++) {
        for (int dx = -1; dx <= 7; dx++) {
            int x = x0 + dx, y = y0 + dy;
            if (x < 0 || y < 0 || x >= q->size || y >= q->size)
                continue;
            int ring = dx < 0 || dy < 0 || dx > 6 || dy > 6 ? 4 : 0;
            if (!ring) {
                int a = dx < 3 ? 3 - dx : dx - 3, b = dy < 3 ? 3 - dy : dy - 3;
                ring = a > b ? a : b;
            }
            bool dark = ring != 2 && ring != 4;
            if (qr_module(q, x, y) != dark)
                return "finder pattern";
        }
    }
    return NULL;
}

static const char *check_function_patterns(const struct qr_code *q)
{
    int n = q->size;
    const char *why;
    if ((why = finder_fail(q, 0, 0)) || (why = finder_fail(q, n - 7, 0)) ||
        (why = finder_fail(q, 0, n - 7)))
        return why;
    for (int i = 8; i < n - 8; i++)
        if (qr_module(q, i, 6) != (i % 2 == 0) || qr_module(q, 6, i) != (i % 2 == 0))
            return "timing pattern";
    if (!qr_module(q, 8, n - 8))
        return "dark module";
    if (q->version >= 2) { /* bottom-right alignment pattern */
        int c = n - 7;
        for (int dy = -2; dy <= 2; dy++)
            for (int dx = -2; dx <= 2; dx++) {
                int a = abs(dx), b = abs(dy);
                if (qr_module(q, c + dx, c + dy) != ((a > b ? a : b) != 1))
                    return "alignment pattern";
            }
    }
    /* Format information, both copies, MSB first. */
    unsigned f1 = 0, f2 = 0;
    for (int i = 0; i <= 5; i++)
        f1 = f1 << 1 | qr_module(q, i, 8);
    f1 = f1 << 1 | qr_module(q, 7, 8);
    f1 = f1 << 1 | qr_module(q, 8, 8);
    f1 = f1 << 1 | qr_module(q, 8, 7);
    for (int i = 5; i >= 0; i--)
        f1 = f1 << 1 | qr_module(q, 8, i);
    for (int i = n - 1; i >= n - 7; i--)
        f2 = f2 << 1 | qr_module(q, 8, i);
    for (int i = n - 8; i < n; i++)
        f2 = f2 << 1 | qr_module(q, i, 8);
    if (f1 != qr_format_bits(q->mask) || f2 != f1)
        return "format information";
    if (q->version >= 7) {
        unsigned long v1 = 0, v2 = 0;
        for (int i = 17; i >= 0; i--) {
            v1 = v1 << 1 | qr_module(q, n - 11 + i % 3, i / 3); /* top right */
            v2 = v2 << 1 | qr_module(q, i / 3, n - 11 + i % 3); /* bottom left */
        }
        if (v1 != qr_version_bits(q->version) || v2 != v1)
            return "version information";
    }
    return NULL;
}

static void payload(uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)('A' + (i * 7) % 26);
}

static enum ktest_result test_function_patterns(void)
{
    static const size_t lens[] = {1, 20, 60, 120, 150, 200, 213};
    static const int versions[] = {1, 2, 4, 7, 8, 10, 10};
    for (size_t t = 0; t < sizeof(lens) / sizeof(lens[0]); t++) {
        uint8_t buf[QR_BYTES_MAX];
        struct qr_code q;
        payload(buf, lens[t]);
        KT_EQ_INT(qr_encode(buf, lens[t], QR_MASK_AUTO, &q), KIOSK_OK);
        KT_EQ_INT(q.version, versions[t]);
        KT_EQ_INT(q.size, 17 + 4 * q.version);
        const char *why = check_function_patterns(&q);
        if (why)
            KT_FAIL_AT("version %d: %s wrong", q.version, why);
    }
    return KTEST_PASS;
}

/* Function-module map for versions 1..6 (one alignment pattern at most),
 * written independently of the encoder. */
static bool is_function(int version, int x, int y)
{
    int n = 17 + 4 * version;
    if ((x < 9 && y < 9) || (x >= n - 8 && y < 9) || (x < 9 && y >= n - 8))
        return true; /* finders, separators, format areas */
    if (x == 6 || y == 6)
        return true;
    if (version >= 2) {
        int c = n - 7;
        if (abs(x - c) <= 2 && abs(y - c) <= 2)
            return true;
    }
    return false;
}

static bool mask_bit(int mask, int x, int y)
{
    switch (mask) {
    case 0:
        return (x + y) % 2 == 0;
    case 1:
        return y % 2 == 0;
    case 2:
        return x % 3 == 0;
    case 3:
        return (x + y) % 3 == 0;
    case 4:
        return (x / 3 + y / 2) % 2 == 0;
    case 5:
        return x * y % 2 + x * y % 3 == 0;
    case 6:
        return (x * y % 2 + x * y % 3) % 2 == 0;
    default:
        return ((x + y) % 2 + x * y % 3) % 2 == 0;
    }
}

/* Read codewords back in placement order, unmasked. */
static int read_codewords(const struct qr_code *q, uint8_t *out, int max)
{
    int n = q->size, bits = 0;
    memset(out, 0, (size_t)max);
    int col = n - 1;
    for (int pair = 0; col > 0; pair++, col -= 2) {
        if (col == 6)
            col--;
        for (int i = 0; i < n; i++) {
            int y = pair % 2 == 0 ? n - 1 - i : i;
            for (int x = col; x >= col - 1; x--) {
                if (is_function(q->version, x, y))
                    continue;
                if (bits / 8 >= max)
                    return max;
                int b = qr_module(q, x, y) ^ mask_bit(q->mask, x, y);
                out[bits / 8] |= (uint8_t)(b << (7 - bits % 8));
                bits++;
            }
        }
    }
    return bits / 8;
}

static enum ktest_result test_placement_reads_back(void)
{
    /* Version 1 (one block) and version 5 (two blocks of 43, interleaved). */
    static const size_t lens[] = {5, 80};
    for (size_t t = 0; t < 2; t++) {
        uint8_t buf[QR_BYTES_MAX], data[QR_CODEWORDS_MAX], got[QR_CODEWORDS_MAX];
        uint8_t want[QR_CODEWORDS_MAX];
        struct qr_code q;
        int version;
        payload(buf, lens[t]);
        int nd = qr_data_codewords(buf, lens[t], &version, data);
        for (int mask = 0; mask < 8; mask++) {
            KT_EQ_INT(qr_encode(buf, lens[t], mask, &q), KIOSK_OK);
            KT_EQ_INT(q.mask, mask);
            int total;
            if (version == 1) {
                memcpy(want, data, (size_t)nd);
                qr_rs_ecc(data, nd, 10, want + nd);
                total = nd + 10;
            } else {
                KT_EQ_INT(version, 5);
                uint8_t e0[24], e1[24];
                qr_rs_ecc(data, 43, 24, e0);
                qr_rs_ecc(data + 43, 43, 24, e1);
                for (int i = 0; i < 43; i++) {
                    want[2 * i] = data[i];
                    want[2 * i + 1] = data[43 + i];
                }
                for (int i = 0; i < 24; i++) {
                    want[86 + 2 * i] = e0[i];
                    want[86 + 2 * i + 1] = e1[i];
                }
                total = 134;
            }
            KT_EQ_INT(read_codewords(&q, got, total), total);
            for (int i = 0; i < total; i++)
                if (got[i] != want[i])
                    KT_FAIL_AT("version %d mask %d: codeword %d is %02x, want %02x", version, mask,
                               i, got[i], want[i]);
        }
    }
    return KTEST_PASS;
}

static enum ktest_result test_auto_mask_has_lowest_penalty(void)
{
    uint8_t buf[64];
    struct qr_code q, fixed;
    payload(buf, sizeof(buf));
    KT_EQ_INT(qr_encode(buf, sizeof(buf), QR_MASK_AUTO, &q), KIOSK_OK);
    long best = qr_penalty(&q);
    for (int m = 0; m < 8; m++) {
        KT_EQ_INT(qr_encode(buf, sizeof(buf), m, &fixed), KIOSK_OK);
        KT_ASSERT(qr_penalty(&fixed) >= best);
    }
    return KTEST_PASS;
}

/* --- a real decoder --------------------------------------------------------- */

static bool have_zbarimg(void)
{
    return system("command -v zbarimg >/dev/null 2>&1") == 0;
}

static enum ktest_result decode_with_zbar(const char *text, int scale)
{
    struct qr_code q;
    struct kbitmap bm;
    char path[512], cmd[700], got[512];
    size_t len = strlen(text);
    KT_EQ_INT(qr_encode((const uint8_t *)text, len, QR_MASK_AUTO, &q), KIOSK_OK);
    int side = (q.size + 8) * scale;
    KT_EQ_INT(kbitmap_init(&bm, side, side), KIOSK_OK);
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
            if (qr_module(&q, x / scale - 4, y / scale - 4))
                bm.pixels[y * side + x] = 0;
    snprintf(path, sizeof(path), "%s/test_qr-v%d-%zu.png", KIOSK_BINARY_DIR, q.version, len);
    enum kiosk_err err = kbitmap_write_png(&bm, path);
    kbitmap_release(&bm);
    KT_EQ_INT(err, KIOSK_OK);
    snprintf(cmd, sizeof(cmd), "zbarimg --raw -q '%s' 2>/dev/null", path);
    FILE *f = popen(cmd, "r");
    KT_ASSERT(f);
    size_t n = fread(got, 1, sizeof(got) - 1, f);
    pclose(f);
    got[n] = '\0';
    if (n > 0 && got[n - 1] == '\n')
        got[n - 1] = '\0';
    if (strcmp(got, text) != 0)
        KT_FAIL_AT("version %d: zbarimg read \"%s\", want \"%s\"", q.version, got, text);
    return KTEST_PASS;
}

static enum ktest_result test_zbarimg_decodes(void)
{
    if (!have_zbarimg())
        KT_SKIP("zbarimg not installed (apt-get install zbar-tools)");
    char long_text[QR_BYTES_MAX + 1];
    for (int i = 0; i < QR_BYTES_MAX; i++)
        long_text[i] = (char)('a' + i % 26);
    long_text[QR_BYTES_MAX] = '\0';
    const char *texts[] = {
        "hello",
        "APPT-2026-000123",
        "https://hospital.example/r/KIOSK-7/2026-03-10/000123?lang=pt-BR",
        "RCPT|A042|2026-03-10T10:12|EUR|25.10|ref=0f8e1c2d3b4a59687766554433221100|"
        "kiosk=lobby-2|clinic=cardiology|queue=A042|check=1",
        long_text,
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        enum ktest_result r = decode_with_zbar(texts[i], 4);
        if (r != KTEST_PASS)
            return r;
    }
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"rs_hello_world", test_rs_hello_world},
    {"rs_syndromes_zero", test_rs_syndromes_zero},
    {"format_bits_level_m", test_format_bits_level_m},
    {"version_bits", test_version_bits},
    {"data_codewords_byte_mode", test_data_codewords_byte_mode},
    {"capacity_limits", test_capacity_limits},
    {"function_patterns", test_function_patterns},
    {"placement_reads_back", test_placement_reads_back},
    {"auto_mask_has_lowest_penalty", test_auto_mask_has_lowest_penalty},
    {"zbarimg_decodes", test_zbarimg_decodes},
};

KTEST_MAIN(tests)
