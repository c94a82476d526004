/* Image files to grey bitmaps for the receipt printer (a clinic's logo on
 * the ticket). SDL2_image stays inside ui/render; the printer code only
 * sees a kbitmap. */
#include "ui/render/render.h"

#include "firmware/core/mem.h"

#include <SDL.h>
#include <SDL_image.h>

#include <stdio.h>
#include <string.h>

static bool is_svg(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && SDL_strcasecmp(path + n - 4, ".svg") == 0;
}

/* An SVG drawn at the size that fits fit_w x fit_h with its own shape: its
 * intrinsic size (from a first load) gives the shape. */
static SDL_Surface *load_svg(const char *path, int fit_w, int fit_h)
{
    SDL_Surface *probe = IMG_Load(path);
    if (!probe)
        return NULL;
    int w = fit_w, h = fit_h;
    if (probe->w > 0 && probe->h > 0) {
        if ((long)probe->w * fit_h >= (long)probe->h * fit_w)
            h = (int)(((long)probe->h * fit_w + probe->w / 2) / probe->w);
        else
            w = (int)(((long)probe->w * fit_h + probe->h / 2) / probe->h);
    }
    SDL_FreeSurface(probe);
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    if (!rw)
        return NULL;
    SDL_Surface *s = IMG_LoadSizedSVG_RW(rw, w < 1 ? 1 : w, h < 1 ? 1 : h);
    SDL_RWclose(rw);
    return s;
}

enum kiosk_err render_load_grey(const char *path, int fit_w, int fit_h, struct kbitmap *out)
{
    enum kiosk_err err;
    SDL_Surface *img, *conv;

    if (!path || !out || fit_w < 1 || fit_h < 1)
        return KIOSK_ERR_INVALID;
    img = is_svg(path) ? load_svg(path, fit_w, fit_h) : IMG_Load(path);
    if (!img) {
        kiosk_err_set_detail("cannot load %s: %s", path, IMG_GetError());
        FILE *f = fopen(path, "rb");
        if (!f)
            return KIOSK_ERR_NOT_FOUND;
        fclose(f);
        return KIOSK_ERR_CORRUPT;
    }
    conv = SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_RGBA32, 0);
    SDL_FreeSurface(img);
    if (!conv) {
        kiosk_err_set_detail("cannot convert %s: %s", path, SDL_GetError());
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
