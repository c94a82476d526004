/* Image files of a branding pack (a clinic's logo, a background) for the
 * screen, the receipt printer and `brand check`: one loader, so what the
 * check accepts is exactly what the kiosk can draw. SDL2_image stays inside
 * ui/render; the printer code only sees a kbitmap.
 *
 * Nothing is decoded at a size the file chooses: a PNG's size is read from
 * its header and refused above the limit before libpng sees the data; an SVG
 * is rasterised at the size it is shown. A 130-byte SVG declaring
 * 30000 x 30000 would otherwise ask for 3.5 GB. */
#include "ui/render/render.h"
#include "ui/render/render_image_private.h"

#include "firmware/core/file.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <SDL.h>
#include <SDL_image.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

static const char *find(const char *s, size_t n, const char *what)
{
    size_t k = strlen(what);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, what, k) == 0)
            return s + i;
    return NULL;
}

/* An attribute's value of the tag [tag, end): its first character and length. */
static bool attr(const char *tag, const char *end, const char *name, const char **v, size_t *vn)
{
    size_t k = strlen(name);
    for (const char *p = tag; p + k + 2 < end; p++) {
        if ((p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n' && p[-1] != '\r') ||
            memcmp(p, name, k) != 0)
            continue;
        const char *q = p + k;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
            q++;
        if (q >= end || *q != '=')
            continue;
        q++;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
            q++;
        if (q >= end || (*q != '"' && *q != '\''))
            continue;
        const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
        if (!close)
            return false;
        *v = q + 1;
        *vn = (size_t)(close - q - 1);
        return true;
    }
    return false;
}

/* A length in CSS pixels (96 per inch, as the SVG rasteriser counts);
 * -1 when it has no absolute size (a percentage, em, none). */
static double length_px(const char *v, size_t n)
{
    char buf[48], *end;
    if (n == 0 || n >= sizeof(buf))
        return n == 0 ? -1 : 1e18; /* an absurdly long number is huge */
    memcpy(buf, v, n);
    buf[n] = '\0';
    double x = strtod(buf, &end);
    if (end == buf)
        return -1;
    while (*end == ' ')
        end++;
    double unit = !*end || !strcmp(end, "px") ? 1.0
                  : !strcmp(end, "pt")        ? 96.0 / 72.0
                  : !strcmp(end, "pc")        ? 16.0
                  : !strcmp(end, "mm")        ? 96.0 / 25.4
                  : !strcmp(end, "cm")        ? 96.0 / 2.54
                  : !strcmp(end, "in")        ? 96.0
                                              : -1.0;
    if (unit < 0)
        return -1;
    return x * unit;
}

/* The size the root <svg> element declares (width/height, else viewBox), so
 * a file that asks for more than max_px is refused the same way everywhere.
 * The raster size never comes from here. */
static bool svg_declared_ok(const char *text, size_t n, int max_px, char *why, size_t size)
{
    const char *tag = find(text, n, "<svg");
    const char *end = tag ? memchr(tag, '>', (size_t)(text + n - tag)) : NULL;
    if (!tag || !end) {
        snprintf(why, size, "has no <svg> element");
        return false;
    }
    double w = -1, h = -1;
    const char *v;
    size_t vn;
    if (attr(tag + 4, end, "width", &v, &vn))
        w = length_px(v, vn);
    if (attr(tag + 4, end, "height", &v, &vn))
        h = length_px(v, vn);
    if ((w < 0 || h < 0) && attr(tag + 4, end, "viewBox", &v, &vn)) {
        char buf[128];
        double x0, y0, vw, vh;
        if (vn < sizeof(buf)) {
            memcpy(buf, v, vn);
            buf[vn] = '\0';
            for (char *p = buf; *p; p++)
                if (*p == ',')
                    *p = ' ';
            if (sscanf(buf, "%lf %lf %lf %lf", &x0, &y0, &vw, &vh) == 4) {
                if (w < 0)
                    w = vw;
                if (h < 0)
                    h = vh;
            }
        }
    }
    if (w > max_px || h > max_px || w != w || h != h) {
        snprintf(why, size,
                 "declares a size larger than %dx%d pixels; make its width and height "
                 "(or viewBox) smaller",
                 max_px, max_px);
        return false;
    }
    return true;
}

SDL_Surface *render_image_decode(const char *dir, const char *name, size_t max_bytes, int max_px,
                                 int fit_w, int fit_h, enum kiosk_err *err, char *why, size_t size)
{
    char *buf = NULL;
    size_t len = 0;
    SDL_Surface *s = NULL;

    why[0] = '\0';
    *err = kfile_read_in(dir, name, max_bytes, &buf, &len);
    if (*err != KIOSK_OK) {
        if (*err == KIOSK_ERR_TOO_BIG)
            snprintf(why, size, "is larger than %zu KB; export it smaller", max_bytes / 1024);
        else if (*err == KIOSK_ERR_NOT_FOUND)
            snprintf(why, size, "is missing from the pack folder; add it or fix the name");
        else
            snprintf(why, size, "cannot be read: %s",
                     kiosk_err_detail()[0] ? kiosk_err_detail() : kiosk_strerror(*err));
        return NULL;
    }
    if (fit_w > max_px)
        fit_w = max_px;
    if (fit_h > max_px)
        fit_h = max_px;
    if (fit_w < 1)
        fit_w = 1;
    if (fit_h < 1)
        fit_h = 1;

    *err = KIOSK_ERR_CORRUPT;
    SDL_RWops *rw = SDL_RWFromConstMem(buf, (int)len);
    if (!rw) {
        *err = KIOSK_ERR_NOMEM;
        goto out;
    }
    if (len >= 24 && !memcmp(buf, png_sig, 8) && !memcmp(buf + 12, "IHDR", 4)) {
        unsigned w = be32((const unsigned char *)buf + 16),
                 h = be32((const unsigned char *)buf + 20);
        if (w == 0 || h == 0) {
            snprintf(why, size, "is a damaged PNG (size 0)");
            goto out_rw;
        }
        if (w > (unsigned)max_px || h > (unsigned)max_px) {
            snprintf(why, size, "is %ux%u pixels, larger than %dx%d; scale it down", w, h, max_px,
                     max_px);
            *err = KIOSK_ERR_TOO_BIG;
            goto out_rw;
        }
        s = IMG_LoadTyped_RW(rw, 0, "PNG");
        if (s && (s->w != (int)w || s->h != (int)h)) {
            SDL_FreeSurface(s);
            s = NULL;
        }
    } else if (find(buf, len < 4096 ? len : 4096, "<svg")) {
        if (!svg_declared_ok(buf, len, max_px, why, size)) {
            *err = KIOSK_ERR_TOO_BIG;
            goto out_rw;
        }
        s = IMG_LoadSizedSVG_RW(rw, fit_w, fit_h);
        /* Within the box (one pixel of rounding), and something to show. */
        if (s && (s->w < 1 || s->h < 1 || s->w > fit_w + 1 || s->h > fit_h + 1)) {
            SDL_FreeSurface(s);
            s = NULL;
        }
    } else {
        snprintf(why, size, "is neither a PNG nor an SVG image; export it as PNG or SVG");
        goto out_rw;
    }
    if (!s) {
        if (!why[0])
            snprintf(why, size, "cannot be decoded (%s); export it again", IMG_GetError());
        goto out_rw;
    }
    *err = KIOSK_OK;
out_rw:
    SDL_RWclose(rw);
out:
    kmem_free(buf);
    return s;
}

enum kiosk_err render_image_check(const char *dir, const char *name, size_t max_bytes, int max_px,
                                  char *why, size_t size)
{
    enum kiosk_err err;
    /* An SVG is tried at a modest size: memory is bounded by the box, so
     * one that draws here draws at any size the kiosk shows it. */
    int fit = max_px < RENDER_IMAGE_CHECK_PX ? max_px : RENDER_IMAGE_CHECK_PX;
    SDL_Surface *s = render_image_decode(dir, name, max_bytes, max_px, fit, fit, &err, why, size);
    SDL_FreeSurface(s);
    return err;
}

enum kiosk_err render_load_grey(const char *path, int fit_w, int fit_h, struct kbitmap *out)
{
    enum kiosk_err err;
    SDL_Surface *img, *conv;
    char dir[512], why[200];
    const char *name;

    if (!path || !out || fit_w < 1 || fit_h < 1)
        return KIOSK_ERR_INVALID;
    const char *slash = strrchr(path, '/');
    if (slash) {
        size_t n = (size_t)(slash - path);
        if (n >= sizeof(dir))
            return KIOSK_ERR_INVALID;
        memcpy(dir, path, n);
        dir[n ? n : 1] = '\0';
        if (n == 0)
            dir[0] = '/';
        name = slash + 1;
    } else {
        kstr_copy(dir, sizeof(dir), ".");
        name = path;
    }
    img = render_image_decode(dir, name, RENDER_IMAGE_MAX_BYTES, RENDER_IMAGE_MAX_PX, fit_w, fit_h,
                              &err, why, sizeof(why));
    if (!img) {
        kiosk_err_set_detail("cannot load %s: %s", name, why);
        return err == KIOSK_ERR_NOT_FOUND || err == KIOSK_ERR_NOMEM ? err : KIOSK_ERR_CORRUPT;
    }
    conv = SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_RGBA32, 0);
    SDL_FreeSurface(img);
    if (!conv) {
        kiosk_err_set_detail("cannot convert %s: %s", name, SDL_GetError());
        return KIOSK_ERR_NOMEM;
    }
    err = kbitmap_init(out, conv->w, conv->h);
    if (err)
        goto out_free_conv;
    for (int y = 0; y < conv->h; y++) {
        const uint8_t *src = (const uint8_t *)conv->pixels + y * conv->pitch;
        uint8_t *dst = out->pixels + (size_t)y * (size_t)conv->w;
        for (int x = 0; x < conv->w; x++, src += 4) {
            unsigned luma = (54u * src[0] + 183u * src[1] + 19u * src[2] + 128u) >> 8;
            dst[x] = (uint8_t)((luma * src[3] + 255u * (255u - src[3]) + 127u) / 255u);
        }
    }
out_free_conv:
    SDL_FreeSurface(conv);
    return err;
}
