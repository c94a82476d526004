/* QR encoder: written from ISO/IEC 18004 (tables for level M, versions
 * 1..10). The steps are the standard's: bit stream -> codewords -> blocks
 * with Reed-Solomon -> interleave -> function patterns -> zigzag placement
 * -> mask (lowest penalty) -> format and version information. */
#include "drivers/printer/qr.h"

#include <string.h>

/* Per version (index 1..10), level M. */
static const int total_codewords[QR_VERSION_MAX + 1] = {0,   26,  44,  70,  100, 134,
                                                        172, 196, 242, 292, 346};
static const int ecc_per_block[QR_VERSION_MAX + 1] = {0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26};
static const int block_count[QR_VERSION_MAX + 1] = {0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5};
/* Alignment pattern centres (same list for rows and columns); 0 ends. */
static const uint8_t align_pos[QR_VERSION_MAX + 1][4] = {
    {0},        {0},         {6, 18, 0},  {6, 22, 0},  {6, 26, 0},  {6, 30, 0},
    {6, 34, 0}, {6, 22, 38}, {6, 24, 42}, {6, 26, 46}, {6, 28, 50},
};

#define LEVEL_M_BITS 0 /* format bits of level M: 00 */

static int data_codewords(int version)
{
    return total_codewords[version] - ecc_per_block[version] * block_count[version];
}

/* --- GF(256) and Reed-Solomon -------------------------------------------- */

static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    /* Russian-peasant multiplication reduced by x^8 + x^4 + x^3 + x^2 + 1. */
    unsigned r = 0, x = a;
    while (b) {
        if (b & 1)
            r ^= x;
        x <<= 1;
        if (x & 0x100)
            x ^= 0x11D;
        b >>= 1;
    }
    return (uint8_t)r;
}

void qr_rs_ecc(const uint8_t *data, int len, int ecc_len, uint8_t *ecc)
{
    /* g(x) = (x + a^0)(x + a^1)...(x + a^(n-1)), coefficients highest
     * degree first, g[0] = 1. */
    uint8_t g[33] = {1};
    uint8_t a = 1;
    if (ecc_len <= 0 || ecc_len > 32)
        return;
    for (int deg = 0; deg < ecc_len; deg++) {
        g[deg + 1] = 0;
        for (int j = deg + 1; j >= 1; j--)
            g[j] ^= gf_mul(g[j - 1], a);
        a = gf_mul(a, 2);
    }
    /* Remainder of data(x) * x^n divided by g(x), by long division. */
    memset(ecc, 0, (size_t)ecc_len);
    for (int i = 0; i < len; i++) {
        uint8_t factor = data[i] ^ ecc[0];
        memmove(ecc, ecc + 1, (size_t)ecc_len - 1);
        ecc[ecc_len - 1] = 0;
        for (int j = 0; j < ecc_len; j++)
            ecc[j] ^= gf_mul(g[j + 1], factor);
    }
}

/* --- bit stream ----------------------------------------------------------- */

struct bits {
    uint8_t *buf;
    int n; /* bits written */
};

static void put_bits(struct bits *b, unsigned value, int count)
{
    for (int i = count - 1; i >= 0; i--) {
        if ((value >> i) & 1)
            b->buf[b->n >> 3] |= (uint8_t)(0x80 >> (b->n & 7));
        b->n++;
    }
}

int qr_data_codewords(const uint8_t *data, size_t len, int *version, uint8_t *out)
{
    int v;
    for (v = 1; v <= QR_VERSION_MAX; v++) {
        int count_bits = v <= 9 ? 8 : 16;
        if (4 + count_bits + 8 * (long)len <= 8L * data_codewords(v))
            break;
    }
    if (v > QR_VERSION_MAX)
        return 0;
    int capacity = data_codewords(v);
    struct bits b = {out, 0};
    memset(out, 0, (size_t)capacity);
    put_bits(&b, 0x4, 4); /* byte mode */
    put_bits(&b, (unsigned)len, v <= 9 ? 8 : 16);
    for (size_t i = 0; i < len; i++)
        put_bits(&b, data[i], 8);
    int room = capacity * 8 - b.n;
    put_bits(&b, 0, room < 4 ? room : 4); /* terminator */
    b.n = (b.n + 7) & ~7;                 /* zero bits to a codeword boundary */
    for (int pad = 0; b.n < capacity * 8; pad ^= 1)
        put_bits(&b, pad ? 0x11 : 0xEC, 8);
    *version = v;
    return capacity;
}

/* --- format and version information -------------------------------------- */

/* Remainder of value divided by poly (degree poly_deg) over GF(2); the
 * caller has already shifted the data left by poly_deg. */
static unsigned long bch_remainder(unsigned long value, unsigned long poly, int poly_deg)
{
    for (int i = 31; i >= poly_deg; i--)
        if ((value >> i) & 1)
            value ^= poly << (i - poly_deg);
    return value;
}

unsigned qr_format_bits(int mask)
{
    unsigned long data = ((unsigned long)LEVEL_M_BITS << 3) | (unsigned long)(mask & 7);
    unsigned long bits = (data << 10) | bch_remainder(data << 10, 0x537, 10);
    return (unsigned)(bits ^ 0x5412);
}

unsigned long qr_version_bits(int version)
{
    if (version < 7)
        return 0;
    unsigned long v = (unsigned long)version << 12;
    return v | bch_remainder(v, 0x1F25, 12);
}

/* --- the matrix ------------------------------------------------------------ */

struct grid {
    int size;
    uint8_t *m;  /* modules */
    uint8_t *fn; /* 1 where a function pattern (not data) sits */
};

static void set_fn(struct grid *g, int x, int y, int dark)
{
    if (x < 0 || y < 0 || x >= g->size || y >= g->size)
        return;
    g->m[y * g->size + x] = (uint8_t)(dark != 0);
    g->fn[y * g->size + x] = 1;
}

static void draw_finder(struct grid *g, int cx, int cy)
{
    /* 7x7 rings plus the light separator around them (radius 4). */
    for (int dy = -4; dy <= 4; dy++) {
        for (int dx = -4; dx <= 4; dx++) {
            int d = dx < 0 ? -dx : dx;
            int e = dy < 0 ? -dy : dy;
            int r = d > e ? d : e;
            set_fn(g, cx + dx, cy + dy, r != 2 && r != 4);
        }
    }
}

static void draw_alignment(struct grid *g, int cx, int cy)
{
    for (int dy = -2; dy <= 2; dy++) {
        for (int dx = -2; dx <= 2; dx++) {
            int d = dx < 0 ? -dx : dx;
            int e = dy < 0 ? -dy : dy;
            set_fn(g, cx + dx, cy + dy, (d > e ? d : e) != 1);
        }
    }
}

static void draw_format(struct grid *g, int mask)
{
    unsigned bits = qr_format_bits(mask);
    int n = g->size;
    for (int i = 0; i < 15; i++) {
        int bit = (bits >> i) & 1;
        /* Copy 1, around the top-left finder: bits 0..7 up column 8
         * (skipping the timing row), bits 8..14 leftwards along row 8. */
        if (i < 6)
            set_fn(g, 8, i, bit);
        else if (i < 8)
            set_fn(g, 8, i + 1, bit);
        else if (i == 8)
            set_fn(g, 7, 8, bit);
        else
            set_fn(g, 14 - i, 8, bit);
        /* Copy 2: bits 0..7 along row 8 from the right edge, bits 8..14
         * down column 8 to the bottom edge. */
        if (i < 8)
            set_fn(g, n - 1 - i, 8, bit);
        else
            set_fn(g, 8, n - 15 + i, bit);
    }
    set_fn(g, 8, n - 8, 1); /* the dark module */
}

static void draw_version(struct grid *g, int version)
{
    unsigned long bits = qr_version_bits(version);
    if (!bits)
        return;
    for (int i = 0; i < 18; i++) {
        int bit = (int)((bits >> i) & 1);
        int a = g->size - 11 + i % 3, b = i / 3;
        set_fn(g, a, b, bit);
        set_fn(g, b, a, bit);
    }
}

static void draw_function_patterns(struct grid *g, int version)
{
    int n = g->size;
    for (int i = 0; i < n; i++) {
        set_fn(g, 6, i, i % 2 == 0);
        set_fn(g, i, 6, i % 2 == 0);
    }
    draw_finder(g, 3, 3);
    draw_finder(g, n - 4, 3);
    draw_finder(g, 3, n - 4);
    const uint8_t *pos = align_pos[version];
    int count = 0;
    while (count < 4 && pos[count])
        count++;
    for (int i = 0; i < count; i++) {
        for (int j = 0; j < count; j++) {
            /* Not on top of the three finders. */
            if ((i == 0 && j == 0) || (i == 0 && j == count - 1) || (i == count - 1 && j == 0))
                continue;
            draw_alignment(g, pos[i], pos[j]);
        }
    }
    /* Reserve format and version areas (real bits drawn after masking). */
    draw_format(g, 0);
    draw_version(g, version);
}

static void place_data(struct grid *g, const uint8_t *cw, int count)
{
    /* Two-module columns from the right, alternating up and down, skipping
     * the vertical timing column. */
    int n = g->size;
    long total = (long)count * 8, i = 0;
    int upward = 1;
    for (int right = n - 1; right >= 1; right -= 2) {
        if (right == 6)
            right = 5;
        for (int step = 0; step < n; step++) {
            int y = upward ? n - 1 - step : step;
            for (int k = 0; k < 2; k++) {
                int x = right - k;
                if (g->fn[y * n + x])
                    continue;
                int bit = 0; /* remainder bits (versions 2..6) are light */
                if (i < total)
                    bit = (cw[i >> 3] >> (7 - (i & 7))) & 1;
                g->m[y * n + x] = (uint8_t)bit;
                i++;
            }
        }
        upward = !upward;
    }
}

static int mask_hit(int mask, int x, int y)
{
    switch (mask) {
    case 0:
        return (y + x) % 2 == 0;
    case 1:
        return y % 2 == 0;
    case 2:
        return x % 3 == 0;
    case 3:
        return (y + x) % 3 == 0;
    case 4:
        return (y / 2 + x / 3) % 2 == 0;
    case 5:
        return (y * x) % 2 + (y * x) % 3 == 0;
    case 6:
        return ((y * x) % 2 + (y * x) % 3) % 2 == 0;
    default:
        return ((y + x) % 2 + (y * x) % 3) % 2 == 0;
    }
}

static void apply_mask(struct grid *g, int mask)
{
    for (int y = 0; y < g->size; y++)
        for (int x = 0; x < g->size; x++)
            if (!g->fn[y * g->size + x] && mask_hit(mask, x, y))
                g->m[y * g->size + x] ^= 1;
}

bool qr_module(const struct qr_code *q, int x, int y)
{
    if (x < 0 || y < 0 || x >= q->size || y >= q->size)
        return false;
    return q->modules[y * q->size + x] != 0;
}

static long penalty_line(const struct qr_code *q, int line, int vertical)
{
    /* Rules 1 and 3 along one row (or column). */
    int n = q->size;
    long score = 0;
    int run = 0, prev = -1;
    for (int i = 0; i < n; i++) {
        int c = vertical ? qr_module(q, line, i) : qr_module(q, i, line);
        if (c == prev) {
            run++;
        } else {
            if (run >= 5)
                score += 3 + (run - 5);
            run = 1;
            prev = c;
        }
    }
    if (run >= 5)
        score += 3 + (run - 5);
    /* 1:1:3:1:1 finder-like pattern with 4 light modules on one side;
     * outside the symbol counts as light. */
    static const uint8_t pat[7] = {1, 0, 1, 1, 1, 0, 1};
    for (int i = -4; i < n; i++) {
        int ok = 1;
        for (int k = 0; k < 7 && ok; k++) {
            int p = i + k;
            int c = vertical ? qr_module(q, line, p) : qr_module(q, p, line);
            ok = c == pat[k];
        }
        if (!ok)
            continue;
        int light_before = 1, light_after = 1;
        for (int k = 1; k <= 4; k++) {
            int b = i - k, a = i + 6 + k;
            if (vertical ? qr_module(q, line, b) : qr_module(q, b, line))
                light_before = 0;
            if (vertical ? qr_module(q, line, a) : qr_module(q, a, line))
                light_after = 0;
        }
        score += 40 * (light_before + light_after);
    }
    return score;
}

long qr_penalty(const struct qr_code *q)
{
    int n = q->size;
    long score = 0, dark = 0;
    for (int i = 0; i < n; i++)
        score += penalty_line(q, i, 0) + penalty_line(q, i, 1);
    for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
            int c = qr_module(q, x, y);
            dark += c;
            if (x + 1 < n && y + 1 < n && c == qr_module(q, x + 1, y) &&
                c == qr_module(q, x, y + 1) && c == qr_module(q, x + 1, y + 1))
                score += 3;
        }
    }
    /* Rule 4: 10 points for each full 5% the dark share is away from 50%. */
    long percent = dark * 100 / ((long)n * n);
    long dev = percent > 50 ? percent - 50 : 50 - percent;
    score += 10 * (dev / 5);
    return score;
}

enum kiosk_err qr_encode(const uint8_t *data, size_t len, int mask, struct qr_code *out)
{
    uint8_t dcw[QR_CODEWORDS_MAX], all[QR_CODEWORDS_MAX], ecc[5][32];
    uint8_t fn[QR_SIZE_MAX * QR_SIZE_MAX];
    int version;

    if (mask < QR_MASK_AUTO || mask > 7)
        return KIOSK_ERR_INVALID;
    if (len > QR_BYTES_MAX)
        return KIOSK_ERR_TOO_BIG;
    int ndata = qr_data_codewords(data, len, &version, dcw);
    if (ndata == 0)
        return KIOSK_ERR_TOO_BIG;

    /* Split into blocks (short ones first), add RS, interleave. */
    int blocks = block_count[version], eclen = ecc_per_block[version];
    int short_len = ndata / blocks, long_count = ndata % blocks;
    int start[5], blen[5], off = 0;
    for (int b = 0; b < blocks; b++) {
        start[b] = off;
        blen[b] = short_len + (b >= blocks - long_count);
        qr_rs_ecc(dcw + off, blen[b], eclen, ecc[b]);
        off += blen[b];
    }
    int k = 0;
    for (int i = 0; i <= short_len; i++)
        for (int b = 0; b < blocks; b++)
            if (i < blen[b])
                all[k++] = dcw[start[b] + i];
    for (int i = 0; i < eclen; i++)
        for (int b = 0; b < blocks; b++)
            all[k++] = ecc[b][i];

    struct grid g = {17 + 4 * version, out->modules, fn};
    memset(out->modules, 0, sizeof(out->modules));
    memset(fn, 0, sizeof(fn));
    out->version = version;
    out->size = g.size;
    draw_function_patterns(&g, version);
    place_data(&g, all, k);

    int best = mask;
    if (mask == QR_MASK_AUTO) {
        long best_score = -1;
        for (int m = 0; m < 8; m++) {
            apply_mask(&g, m);
            draw_format(&g, m);
            long s = qr_penalty(out);
            if (best_score < 0 || s < best_score) {
                best_score = s;
                best = m;
            }
            apply_mask(&g, m); /* XOR again: undo */
        }
    }
    apply_mask(&g, best);
    draw_format(&g, best);
    out->mask = best;
    return KIOSK_OK;
}
