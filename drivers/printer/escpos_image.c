/* Images (clinic logos) to printer dots.
 *
 * Scaling is area averaging in exact integer arithmetic, done in two
 * passes (rows, then columns): a source pixel contributes by how much of a
 * destination pixel it covers, so shrinking a logo keeps thin lines as
 * grey instead of dropping them, and an image at its own size passes
 * through unchanged.
 *
 * Dithering is Atkinson's: each pixel's error is spread in eighths to six
 * neighbours (two to the right, three below, one two rows down) and the
 * remaining 2/8 are dropped. Logos are flat colours, lettering and thin
 * lines; Atkinson keeps flat light areas clean white and dark areas solid,
 * where Floyd-Steinberg, which passes on all the error, sprinkles stray
 * dots and "worm" patterns across flat fills. Those stray dots also grow on
 * thermal paper (dot gain), so a logo printed with Floyd-Steinberg looks
 * muddier. What Atkinson loses, detail in near-black and near-white
 * gradients, logos rarely have. */
#include "drivers/printer/escpos.h"
#include "firmware/core/mem.h"

#include <stdint.h>
#include <string.h>

#define PIXELS_MAX (16L * 1024 * 1024)
#define SIDE_MAX   16384

/* Grey of pixel i: RGBA is composed over white paper with Rec. 709 luma
 * weights (in 1/256ths). */
static unsigned grey_at(const struct receipt_image *img, size_t i)
{
    if (img->channels == 1)
        return img->pixels[i];
    const uint8_t *p = img->pixels + i * 4;
    unsigned luma = (54u * p[0] + 183u * p[1] + 19u * p[2] + 128u) >> 8;
    return (luma * p[3] + 255u * (255u - p[3]) + 127u) / 255u;
}

/* Source cell i spans [i*dst, (i+1)*dst) and destination cell d spans
 * [d*src, (d+1)*src) on a common axis of src * dst units: runs body for each
 * source cell i overlapping d, with the overlap in units; the overlaps of
 * one destination cell add up to src. */
#define FOR_OVERLAPS(d, src, dst, i, overlap, body)                                                \
    do {                                                                                           \
        long lo_ = (long)(d) * (src), hi_ = lo_ + (src);                                           \
        for (long i = lo_ / (dst); i * (dst) < hi_; i++) {                                         \
            long a_ = i * (dst) > lo_ ? i * (dst) : lo_;                                           \
            long b_ = (i + 1) * (dst) < hi_ ? (i + 1) * (dst) : hi_;                               \
            long overlap = b_ - a_;                                                                \
            body;                                                                                  \
        }                                                                                          \
    } while (0)

enum kiosk_err escpos_dither(const struct receipt_image *img, int width, int height,
                             struct kbitmap *out)
{
    enum kiosk_err err;
    if (!img || !out || !img->pixels || (img->channels != 1 && img->channels != 4) ||
        img->width < 1 || img->height < 1 || width < 1 || height < 1)
        return KIOSK_ERR_INVALID;
    if (img->width > SIDE_MAX || img->height > SIDE_MAX || width > SIDE_MAX || height > SIDE_MAX)
        return KIOSK_ERR_TOO_BIG;
    if ((long)img->width * img->height > PIXELS_MAX || (long)width * height > PIXELS_MAX ||
        (long)width * img->height > PIXELS_MAX)
        return KIOSK_ERR_TOO_BIG;
    long sw = img->width, sh = img->height;

    /* Pass 1: each source row to width columns, as sums over sw units. */
    uint32_t *rows = kmem_alloc((size_t)sh * (size_t)width * sizeof(*rows));
    uint8_t *grey = kmem_alloc((size_t)width * (size_t)height);
    int *diffuse = kmem_alloc(3 * ((size_t)width + 3) * sizeof(*diffuse));
    err = KIOSK_ERR_NOMEM;
    if (!rows || !grey || !diffuse)
        goto out_free;
    for (long y = 0; y < sh; y++) {
        size_t row = (size_t)y * (size_t)sw;
        for (long x = 0; x < width; x++) {
            uint32_t sum = 0;
            FOR_OVERLAPS(x, sw, width, i, overlap,
                         sum += grey_at(img, row + (size_t)i) * (uint32_t)overlap);
            rows[(size_t)y * (size_t)width + (size_t)x] = sum;
        }
    }
    /* Pass 2: columns to height rows; the total weight is sw * sh. */
    uint64_t total = (uint64_t)sw * (uint64_t)sh;
    for (long y = 0; y < height; y++) {
        for (long x = 0; x < width; x++) {
            uint64_t sum = 0;
            FOR_OVERLAPS(y, sh, height, j, overlap,
                         sum +=
                         (uint64_t)rows[(size_t)j * (size_t)width + (size_t)x] * (uint64_t)overlap);
            grey[(size_t)y * (size_t)width + (size_t)x] = (uint8_t)((sum + total / 2) / total);
        }
    }

    err = kbitmap_init(out, width, height);
    if (err)
        goto out_free;
    /* Three rows of pending error, each with one cell of margin on the
     * left and two on the right; index x + 1 is column x. */
    size_t stride = (size_t)width + 3;
    int *e0 = diffuse, *e1 = diffuse + stride, *e2 = diffuse + 2 * stride;
    for (long y = 0; y < height; y++) {
        for (long x = 0; x < width; x++) {
            int v = grey[(size_t)y * (size_t)width + (size_t)x] + e0[x + 1];
            int ink = v < 128;
            int d = (v - (ink ? 0 : 255)) / 8;
            if (ink)
                out->pixels[(size_t)y * (size_t)width + (size_t)x] = 0;
            e0[x + 2] += d;
            e0[x + 3] += d;
            e1[x] += d;
            e1[x + 1] += d;
            e1[x + 2] += d;
            e2[x + 1] += d;
        }
        int *done = e0;
        e0 = e1;
        e1 = e2;
        e2 = done;
        memset(e2, 0, stride * sizeof(*e2));
    }
    err = KIOSK_OK;
out_free:
    kmem_free(diffuse);
    kmem_free(grey);
    kmem_free(rows);
    return err;
}
