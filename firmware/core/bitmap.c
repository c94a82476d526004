#include "bitmap.h"
#include "mem.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

enum kiosk_err kbitmap_init(struct kbitmap *bm, int width, int height)
{
    if (width <= 0 || height < 0 || width > 16384 || height > 65536)
        return KIOSK_ERR_INVALID;
    bm->pixels = kmem_alloc((size_t)width * (size_t)(height ? height : 1));
    if (!bm->pixels)
        return KIOSK_ERR_NOMEM;
    memset(bm->pixels, 255, (size_t)width * (size_t)height);
    bm->width = width;
    bm->height = height;
    return KIOSK_OK;
}

void kbitmap_release(struct kbitmap *bm)
{
    kmem_free(bm->pixels);
    bm->pixels = NULL;
    bm->width = bm->height = 0;
}

enum kiosk_err kbitmap_grow(struct kbitmap *bm, int new_height)
{
    if (new_height <= bm->height)
        return KIOSK_OK;
    if (new_height > 65536)
        return KIOSK_ERR_TOO_BIG;
    uint8_t *p = kmem_realloc(bm->pixels, (size_t)bm->width * (size_t)new_height);
    if (!p)
        return KIOSK_ERR_NOMEM;
    memset(p + (size_t)bm->width * (size_t)bm->height, 255,
           (size_t)bm->width * (size_t)(new_height - bm->height));
    bm->pixels = p;
    bm->height = new_height;
    return KIOSK_OK;
}

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static int write_chunk(FILE *f, const char *type, const uint8_t *data, uint32_t len)
{
    uint8_t hdr[8];
    be32(hdr, len);
    memcpy(hdr + 4, type, 4);
    uLong crc = crc32(0L, (const Bytef *)type, 4);
    if (len)
        crc = crc32(crc, data, len);
    uint8_t tail[4];
    be32(tail, (uint32_t)crc);
    return fwrite(hdr, 1, 8, f) == 8 && (len == 0 || fwrite(data, 1, len, f) == len) &&
           fwrite(tail, 1, 4, f) == 4;
}

enum kiosk_err kbitmap_write_png(const struct kbitmap *bm, const char *path)
{
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    enum kiosk_err err = KIOSK_ERR_NOMEM;
    size_t raw_len = (size_t)(bm->width + 1) * (size_t)bm->height;
    uint8_t *raw = kmem_alloc(raw_len);
    uLongf z_len = compressBound((uLong)raw_len);
    uint8_t *z = kmem_alloc(z_len);
    FILE *f = NULL;
    if (!raw || !z)
        goto out;
    for (int y = 0; y < bm->height; y++) {
        uint8_t *row = raw + (size_t)y * (size_t)(bm->width + 1);
        row[0] = 0; /* filter: none */
        memcpy(row + 1, bm->pixels + (size_t)y * (size_t)bm->width, (size_t)bm->width);
    }
    if (compress2(z, &z_len, raw, (uLong)raw_len, 6) != Z_OK)
        goto out;
    uint8_t ihdr[13];
    be32(ihdr, (uint32_t)bm->width);
    be32(ihdr + 4, (uint32_t)bm->height);
    ihdr[8] = 8;  /* bit depth */
    ihdr[9] = 0;  /* greyscale */
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* adaptive filtering */
    ihdr[12] = 0; /* no interlace */
    err = KIOSK_ERR_IO;
    f = fopen(path, "wb");
    if (!f)
        goto out;
    if (fwrite(sig, 1, 8, f) != 8 || !write_chunk(f, "IHDR", ihdr, 13) ||
        !write_chunk(f, "IDAT", z, (uint32_t)z_len) || !write_chunk(f, "IEND", NULL, 0))
        goto out;
    err = KIOSK_OK;
out:
    if (f && fclose(f) != 0 && err == KIOSK_OK)
        err = KIOSK_ERR_IO;
    kmem_free(z);
    kmem_free(raw);
    return err;
}
