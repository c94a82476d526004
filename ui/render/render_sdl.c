/* The SDL2 renderer: executes draw lists on a window or on a software
 * surface.
 *
 * Speed: a kiosk screen is a few dozen texts that rarely change, so each
 * shaped line is kept as a texture (bounded LRU keyed by text, size, weight
 * and colour) and a frame with nothing new is clear + fills + copies.
 * Rounded corners are small anti-aliased alpha masks, also cached, tinted
 * with the command's colour; straight parts are plain fills. */
#include "ui/render/render.h"

#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "ui/render/font_private.h"
#include "ui/render/render_image_private.h"

#include <SDL.h>
#include <SDL_image.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define TEXT_SLOTS 256
/* Bytes of text textures: the hard cap within one frame (more than the
 * busiest screen needs), and what is kept between frames. Past TEXT_KEEP the
 * lines the last frame did not draw are freed, so a journey through every
 * screen holds about one screen of text (as textures, a 1080x1920 screen
 * needs 1.4-8 MB and the demo journey's cache grew to 9 MB; as the software
 * renderer's one-byte masks, a quarter of that). */
#define TEXT_BUDGET  ((size_t)12 << 20)
#define TEXT_KEEP    ((size_t)1 << 20)
#define CORNER_SLOTS 32
#define IMAGE_SLOTS  16
#define AA_SAMPLES   4 /* per axis, for corner coverage */

enum corner { CORNER_TL, CORNER_TR, CORNER_BL, CORNER_BR, CORNER_COUNT };

/* A shaped line: a texture (GPU renderer), or on the software renderer its
 * coverage alone, one byte a pixel, blended into the frame by blend_mask: a
 * quarter of a texture's memory and no texture objects at all. */
struct text_entry {
    SDL_Texture *tex; /* GPU renderer; NULL with mask NULL: free slot */
    uint8_t *mask;    /* software renderer: w x h coverage, 0..255 */
    uint64_t hash;
    int px;
    bool bold;
    uint8_t r, g, b;
    int w, h;
    size_t bytes;
    unsigned long used;
    unsigned long frame; /* the last frame that drew it */
    char text[DRAW_TEXT_MAX];
};

struct corner_entry {
    SDL_Texture *tex[CORNER_COUNT]; /* tex[0] NULL: free slot */
    int radius, thick, box;
    unsigned long used;
};

struct image_entry {
    bool taken;
    SDL_Texture *tex; /* NULL: the file is missing (logged once) */
    int w, h;
    int fit_w, fit_h; /* the box it was decoded for (an SVG is drawn at that size) */
    unsigned long used;
    char name[DRAW_TEXT_MAX];
};

struct render {
    SDL_Window *window;   /* window target */
    SDL_Surface *surface; /* offscreen target */
    SDL_Renderer *ren;
    bool video_inited;
    bool direct_text; /* software renderer: texts are masks blended in place */
    struct fontset *fonts;
    char *image_dir;
    unsigned long tick;
    unsigned long frame;      /* frames executed */
    struct text_entry *texts; /* TEXT_SLOTS */
    size_t text_bytes;
    struct corner_entry corners[CORNER_SLOTS];
    struct image_entry images[IMAGE_SLOTS];
    /* window only: the last list, to redraw it for a screenshot (the back
     * buffer is undefined after a present) */
    struct draw_cmd *last;
    int last_count, last_cap;
    struct ui_color last_clear;
    /* software window: the last list is on screen as drawn (no resize or
     * expose since), so the next frame may redraw only what differs */
    bool last_shown;
    SDL_Surface *last_surface;
    int last_w, last_h;
    const SDL_Rect *clip; /* execute: the region being redrawn; NULL: all */
    struct render_counts counts;
};

static enum kiosk_err sdl_fail(enum kiosk_err err, const char *what)
{
    kiosk_err_set_detail("%s: %s", what, SDL_GetError());
    return err;
}

/* ---- rounded corners ------------------------------------------------------ */

/* Coverage (0..255) of pixel (px, py) of a top-left corner box: inside the
 * outer rounded corner of `radius` and outside the inner edge `thick` pixels
 * in (thick 0: filled). The arc centre is at (radius, radius). */
static uint8_t corner_coverage(int px, int py, int radius, int thick)
{
    int inside = 0;
    double rr = (double)radius * radius;
    double ri = (double)(radius - thick);

    for (int j = 0; j < AA_SAMPLES; j++) {
        double sy = py + (j + 0.5) / AA_SAMPLES;
        for (int i = 0; i < AA_SAMPLES; i++) {
            double sx = px + (i + 0.5) / AA_SAMPLES;
            bool arc = sx < radius && sy < radius;
            double dx = radius - sx, dy = radius - sy;
            double d2 = dx * dx + dy * dy;
            bool outer = !arc || d2 <= rr;
            bool inner = false;
            if (thick > 0) {
                if (arc && ri > 0)
                    inner = d2 <= ri * ri;
                else
                    inner = sx >= thick && sy >= thick;
            }
            inside += outer && !inner;
        }
    }
    return (uint8_t)((inside * 255 + AA_SAMPLES * AA_SAMPLES / 2) / (AA_SAMPLES * AA_SAMPLES));
}

static void free_corner(struct corner_entry *c)
{
    for (int k = 0; k < CORNER_COUNT; k++) {
        if (c->tex[k])
            SDL_DestroyTexture(c->tex[k]);
        c->tex[k] = NULL;
    }
}

static enum kiosk_err make_corner(struct render *r, struct corner_entry *c, int radius, int thick)
{
    enum kiosk_err err = KIOSK_OK;
    int box = SDL_max(radius, thick);
    SDL_Surface *s[CORNER_COUNT] = {0};

    for (int k = 0; k < CORNER_COUNT; k++) {
        s[k] = SDL_CreateRGBSurfaceWithFormat(0, box, box, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!s[k]) {
            err = sdl_fail(KIOSK_ERR_NOMEM, "corner surface");
            goto out_free_surfaces;
        }
    }
    for (int y = 0; y < box; y++) {
        for (int x = 0; x < box; x++) {
            uint32_t p = ((uint32_t)corner_coverage(x, y, radius, thick) << 24) | 0xFFFFFFu;
            int fx = box - 1 - x, fy = box - 1 - y;
            ((uint32_t *)((uint8_t *)s[CORNER_TL]->pixels + y * s[CORNER_TL]->pitch))[x] = p;
            ((uint32_t *)((uint8_t *)s[CORNER_TR]->pixels + y * s[CORNER_TR]->pitch))[fx] = p;
            ((uint32_t *)((uint8_t *)s[CORNER_BL]->pixels + fy * s[CORNER_BL]->pitch))[x] = p;
            ((uint32_t *)((uint8_t *)s[CORNER_BR]->pixels + fy * s[CORNER_BR]->pitch))[fx] = p;
        }
    }
    for (int k = 0; k < CORNER_COUNT; k++) {
        c->tex[k] = SDL_CreateTextureFromSurface(r->ren, s[k]);
        if (!c->tex[k]) {
            err = sdl_fail(KIOSK_ERR_NOMEM, "corner texture");
            free_corner(c);
            goto out_free_surfaces;
        }
        SDL_SetTextureBlendMode(c->tex[k], SDL_BLENDMODE_BLEND);
    }
    c->radius = radius;
    c->thick = thick;
    c->box = box;
out_free_surfaces:
    for (int k = 0; k < CORNER_COUNT; k++)
        SDL_FreeSurface(s[k]);
    return err;
}

static struct corner_entry *get_corner(struct render *r, int radius, int thick)
{
    struct corner_entry *victim = &r->corners[0];

    r->tick++;
    for (int i = 0; i < CORNER_SLOTS; i++) {
        struct corner_entry *c = &r->corners[i];
        if (c->tex[0] && c->radius == radius && c->thick == thick) {
            c->used = r->tick;
            return c;
        }
        if (!c->tex[0]) {
            if (victim->tex[0])
                victim = c;
        } else if (victim->tex[0] && c->used < victim->used) {
            victim = c;
        }
    }
    free_corner(victim);
    if (make_corner(r, victim, radius, thick) != KIOSK_OK)
        return NULL;
    victim->used = r->tick;
    return victim;
}

static void draw_corners(struct render *r, const struct corner_entry *c, const struct ui_rect *q,
                         struct ui_color col)
{
    int b = c->box;
    SDL_Rect dst[CORNER_COUNT] = {
        {q->x, q->y, b, b},
        {q->x + q->w - b, q->y, b, b},
        {q->x, q->y + q->h - b, b, b},
        {q->x + q->w - b, q->y + q->h - b, b, b},
    };
    for (int k = 0; k < CORNER_COUNT; k++) {
        SDL_SetTextureColorMod(c->tex[k], col.r, col.g, col.b);
        SDL_SetTextureAlphaMod(c->tex[k], col.a);
        SDL_RenderCopy(r->ren, c->tex[k], NULL, &dst[k]);
    }
}

static void fill_rects(struct render *r, const SDL_Rect *rects, int n)
{
    for (int i = 0; i < n; i++) {
        if (rects[i].w > 0 && rects[i].h > 0)
            SDL_RenderFillRect(r->ren, &rects[i]);
    }
}

static enum kiosk_err draw_rect(struct render *r, const struct ui_rect *q, int radius,
                                struct ui_color col)
{
    if (col.a == 0 || q->w <= 0 || q->h <= 0)
        return KIOSK_OK;
    int rad = SDL_clamp(radius, 0, SDL_min(q->w, q->h) / 2);
    SDL_SetRenderDrawColor(r->ren, col.r, col.g, col.b, col.a);
    if (rad == 0) {
        SDL_Rect all = {q->x, q->y, q->w, q->h};
        SDL_RenderFillRect(r->ren, &all);
        return KIOSK_OK;
    }
    struct corner_entry *c = get_corner(r, rad, 0);
    if (!c)
        return KIOSK_ERR_NOMEM;
    draw_corners(r, c, q, col);
    SDL_Rect parts[] = {
        {q->x, q->y + rad, q->w, q->h - 2 * rad},
        {q->x + rad, q->y, q->w - 2 * rad, rad},
        {q->x + rad, q->y + q->h - rad, q->w - 2 * rad, rad},
    };
    fill_rects(r, parts, 3);
    return KIOSK_OK;
}

static enum kiosk_err draw_frame(struct render *r, const struct ui_rect *q, int radius, int thick,
                                 struct ui_color col)
{
    if (col.a == 0 || q->w <= 0 || q->h <= 0)
        return KIOSK_OK;
    int t = thick > 0 ? thick : 1;
    if (2 * t >= q->w || 2 * t >= q->h)
        return draw_rect(r, q, radius, col);
    int rad = SDL_clamp(radius, 0, SDL_min(q->w, q->h) / 2);
    int b = rad > 0 ? SDL_max(rad, t) : t;
    SDL_SetRenderDrawColor(r->ren, col.r, col.g, col.b, col.a);
    if (rad > 0) {
        struct corner_entry *c = get_corner(r, rad, t);
        if (!c)
            return KIOSK_ERR_NOMEM;
        draw_corners(r, c, q, col);
    } else {
        b = 0; /* square: the edges own the corners */
    }
    SDL_Rect edges[] = {
        {q->x + b, q->y, q->w - 2 * b, t},
        {q->x + b, q->y + q->h - t, q->w - 2 * b, t},
        {q->x, q->y + (b ? b : t), t, q->h - 2 * (b ? b : t)},
        {q->x + q->w - t, q->y + (b ? b : t), t, q->h - 2 * (b ? b : t)},
    };
    fill_rects(r, edges, 4);
    return KIOSK_OK;
}

/* ---- text ------------------------------------------------------------------ */

static uint64_t text_hash(const char *s, int px, bool bold, struct ui_color c)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    uint32_t extra[] = {(uint32_t)px, bold, c.r, c.g, c.b};
    for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
        h = (h ^ extra[i]) * 1099511628211ull;
    return h;
}

static bool text_taken(const struct text_entry *e)
{
    return e->tex || e->mask;
}

static void free_text(struct render *r, struct text_entry *e)
{
    if (!text_taken(e))
        return;
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    kmem_free(e->mask);
    e->tex = NULL;
    e->mask = NULL;
    r->text_bytes -= e->bytes;
    e->bytes = 0;
}

/* A slot for a new texture of `bytes`, evicting least recently used entries
 * until the count and the byte budget allow it. */
static struct text_entry *text_slot(struct render *r, size_t bytes)
{
    for (;;) {
        struct text_entry *lru = NULL, *empty = NULL;
        for (int i = 0; i < TEXT_SLOTS; i++) {
            struct text_entry *e = &r->texts[i];
            if (!text_taken(e)) {
                if (!empty)
                    empty = e;
            } else if (!lru || e->used < lru->used) {
                lru = e;
            }
        }
        if (empty && (r->text_bytes + bytes <= TEXT_BUDGET || !lru))
            return empty;
        free_text(r, lru);
    }
}

static enum kiosk_err get_text(struct render *r, const char *text, const struct draw_cmd *cmd,
                               struct text_entry **out)
{
    uint64_t h = text_hash(text, cmd->px, cmd->bold, cmd->color);
    SDL_Surface *s;
    enum kiosk_err err;

    r->tick++;
    for (int i = 0; i < TEXT_SLOTS; i++) {
        struct text_entry *e = &r->texts[i];
        if (text_taken(e) && e->hash == h && e->px == cmd->px && e->bold == cmd->bold &&
            e->r == cmd->color.r && e->g == cmd->color.g && e->b == cmd->color.b &&
            strcmp(e->text, text) == 0) {
            e->used = r->tick;
            e->frame = r->frame;
            *out = e;
            return KIOSK_OK;
        }
    }

    SDL_Color fg = {cmd->color.r, cmd->color.g, cmd->color.b, 255};
    err = fontset_render_line(r->fonts, text, cmd->px, cmd->bold, fg, &s);
    if (err)
        return err;
    size_t bytes = (size_t)s->w * (size_t)s->h * (r->direct_text ? 1 : 4);
    struct text_entry *e = text_slot(r, bytes);
    if (r->direct_text) {
        /* the line is ARGB8888 in the text's colour: keep its alpha */
        e->mask = kmem_alloc_uninit(bytes);
        if (!e->mask) {
            err = KIOSK_ERR_NOMEM;
            goto out_free_surface;
        }
        for (int y = 0; y < s->h; y++) {
            const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch);
            uint8_t *dst = e->mask + (size_t)y * (size_t)s->w;
            for (int x = 0; x < s->w; x++)
                dst[x] = (uint8_t)(row[x] >> 24);
        }
    } else {
        e->tex = SDL_CreateTextureFromSurface(r->ren, s);
        if (!e->tex) {
            err = sdl_fail(KIOSK_ERR_NOMEM, "text texture");
            goto out_free_surface;
        }
        SDL_SetTextureBlendMode(e->tex, SDL_BLENDMODE_BLEND);
    }
    e->hash = h;
    e->px = cmd->px;
    e->bold = cmd->bold;
    e->r = cmd->color.r;
    e->g = cmd->color.g;
    e->b = cmd->color.b;
    e->w = s->w;
    e->h = s->h;
    e->bytes = bytes;
    e->used = r->tick;
    e->frame = r->frame;
    memcpy(e->text, text, strlen(text) + 1);
    r->text_bytes += bytes;
    *out = e;
out_free_surface:
    SDL_FreeSurface(s);
    return err;
}

/* The surface the software renderer draws on: the window's framebuffer
 * (asked each frame: a resize replaces it) or the offscreen one. */
static SDL_Surface *direct_target(struct render *r)
{
    return r->surface ? r->surface : SDL_GetWindowSurface(r->window);
}

/* One channel of out = s * a + d * (1 - a), rounded to nearest. SDL's own
 * blitters round differently on each CPU path; screenshots stay within 3
 * levels of 255 of a texture drawn by SDL. */
static uint32_t mix(uint32_t s, uint32_t d, uint32_t a)
{
    return (s * a + d * (255u - a) + 127u) / 255u;
}

/* Blend text entry e's coverage mask (src part of it) in colour c at dst
 * into the target, as SDL's BLEND mode draws a texture. */
static void blend_mask(struct render *r, const struct text_entry *e, const SDL_Rect *src,
                       const SDL_Rect *dst, struct ui_color c)
{
    SDL_Surface *t = direct_target(r);
    if (!t || t->format->BytesPerPixel != 4)
        return;
    SDL_RenderFlush(r->ren); /* the fills queued before this text go first */
    SDL_Rect clip = {0, 0, t->w, t->h}, area;
    if (r->clip)
        clip = *r->clip;
    if (!SDL_IntersectRect(dst, &clip, &area))
        return;
    const SDL_PixelFormat *f = t->format;
    if (SDL_MUSTLOCK(t) && SDL_LockSurface(t) != 0)
        return;
    for (int y = area.y; y < area.y + area.h; y++) {
        const uint8_t *m = e->mask + (size_t)(src->y + y - dst->y) * (size_t)e->w +
                           (size_t)(src->x + area.x - dst->x);
        uint32_t *px = (uint32_t *)((uint8_t *)t->pixels + (size_t)y * (size_t)t->pitch) + area.x;
        for (int x = 0; x < area.w; x++) {
            uint32_t a = c.a == 255 ? m[x] : (uint32_t)m[x] * c.a / 255u;
            if (a == 0)
                continue;
            uint32_t d = px[x];
            if (a == 255) {
                px[x] = (d & ~(f->Rmask | f->Gmask | f->Bmask)) | ((uint32_t)c.r << f->Rshift) |
                        ((uint32_t)c.g << f->Gshift) | ((uint32_t)c.b << f->Bshift) |
                        (f->Amask ? f->Amask : 0);
                continue;
            }
            uint32_t dr = (d & f->Rmask) >> f->Rshift, dgr = (d & f->Gmask) >> f->Gshift,
                     db = (d & f->Bmask) >> f->Bshift;
            uint32_t or_ = mix(c.r, dr, a), og = mix(c.g, dgr, a), ob = mix(c.b, db, a);
            px[x] = (d & ~(f->Rmask | f->Gmask | f->Bmask)) | (or_ << f->Rshift) |
                    (og << f->Gshift) | (ob << f->Bshift);
        }
    }
    if (SDL_MUSTLOCK(t))
        SDL_UnlockSurface(t);
}

static enum kiosk_err draw_text(struct render *r, const struct draw_cmd *cmd)
{
    char text[DRAW_TEXT_MAX];
    struct text_entry *e;

    /* the command's buffer may be full to the last byte */
    const char *end = memchr(cmd->text, '\0', sizeof(cmd->text));
    size_t len = end ? (size_t)(end - cmd->text) : sizeof(cmd->text) - 1;
    if (len == 0 || cmd->color.a == 0)
        return KIOSK_OK;
    memcpy(text, cmd->text, len);
    text[len] = '\0';

    enum kiosk_err err = get_text(r, text, cmd, &e);
    if (err)
        return err;
    SDL_Rect src = {0, 0, e->w, e->h};
    if (cmd->rect.w > 0 && src.w > cmd->rect.w)
        src.w = cmd->rect.w;
    if (cmd->rect.h > 0 && src.h > cmd->rect.h)
        src.h = cmd->rect.h;
    SDL_Rect dst = {cmd->rect.x, cmd->rect.y, src.w, src.h};
    if (e->mask) {
        blend_mask(r, e, &src, &dst, cmd->color);
        return KIOSK_OK;
    }
    SDL_SetTextureAlphaMod(e->tex, cmd->color.a);
    SDL_RenderCopy(r->ren, e->tex, &src, &dst);
    return KIOSK_OK;
}

/* ---- images ---------------------------------------------------------------- */

static void free_image(struct image_entry *im)
{
    if (im->tex)
        SDL_DestroyTexture(im->tex);
    memset(im, 0, sizeof(*im));
}

/* Load image_dir/<name> into im, decoded for a fit_w x fit_h box by the
 * one image loader (render_image.c): name as given when it has an extension
 * (a branding pack's "logo.svg"), else name + ".png". A missing, unreadable
 * or refused file leaves im->tex NULL, so it is reported once and then
 * skipped. */
static enum kiosk_err load_image(struct render *r, struct image_entry *im, const char *name,
                                 int fit_w, int fit_h)
{
    size_t n = strlen(name) + sizeof(".png");
    char *file = kmem_alloc(n), why[200];
    enum kiosk_err err;
    if (!file)
        return KIOSK_ERR_NOMEM;
    snprintf(file, n, "%s%s", name, strchr(name, '.') ? "" : ".png");

    im->taken = true;
    im->fit_w = fit_w;
    im->fit_h = fit_h;
    memcpy(im->name, name, strlen(name) + 1);
    SDL_Surface *s = render_image_decode(r->image_dir, file, RENDER_IMAGE_MAX_BYTES,
                                         RENDER_IMAGE_MAX_PX, fit_w, fit_h, &err, why, sizeof(why));
    if (!s) {
        log_note(LOG_WARN, "render", "image not drawn", why);
        goto out_free_file;
    }
    im->tex = SDL_CreateTextureFromSurface(r->ren, s);
    if (im->tex) {
        SDL_SetTextureScaleMode(im->tex, SDL_ScaleModeLinear);
        SDL_SetTextureBlendMode(im->tex, SDL_BLENDMODE_BLEND);
        im->w = s->w;
        im->h = s->h;
    } else {
        log_note(LOG_WARN, "render", "image could not become a texture", file);
    }
    SDL_FreeSurface(s);
out_free_file:
    kmem_free(file);
    return KIOSK_OK;
}

static enum kiosk_err draw_image(struct render *r, const struct draw_cmd *cmd)
{
    struct image_entry *im = NULL, *victim = &r->images[0];
    const char *name = cmd->text;

    if (!r->image_dir || !memchr(name, '\0', sizeof(cmd->text)) || !name[0] || cmd->rect.w <= 0 ||
        cmd->rect.h <= 0)
        return KIOSK_OK;
    r->tick++;
    for (int i = 0; i < IMAGE_SLOTS && !im; i++) {
        struct image_entry *e = &r->images[i];
        if (e->taken && strcmp(e->name, name) == 0 && e->fit_w == cmd->rect.w &&
            e->fit_h == cmd->rect.h)
            im = e;
        else if (!e->taken ? victim->taken : (victim->taken && e->used < victim->used))
            victim = e;
    }
    if (!im) {
        free_image(victim);
        enum kiosk_err err = load_image(r, victim, name, cmd->rect.w, cmd->rect.h);
        if (err)
            return err;
        im = victim;
    }
    im->used = r->tick;
    if (!im->tex || im->w <= 0 || im->h <= 0)
        return KIOSK_OK;

    double sx = (double)cmd->rect.w / im->w, sy = (double)cmd->rect.h / im->h;
    double scale = sx < sy ? sx : sy;
    int w = (int)(im->w * scale + 0.5), h = (int)(im->h * scale + 0.5);
    SDL_Rect dst = {cmd->rect.x + (cmd->rect.w - w) / 2, cmd->rect.y + (cmd->rect.h - h) / 2, w, h};
    SDL_RenderCopy(r->ren, im->tex, NULL, &dst);
    return KIOSK_OK;
}

/* ---- frames ---------------------------------------------------------------- */

/* Past TEXT_KEEP, free the lines this frame did not draw: the next screen
 * rarely shows the last one's texts, and the heap gives large textures back. */
static void trim_texts(struct render *r, size_t keep)
{
    if (r->text_bytes <= keep)
        return;
    for (int i = 0; i < TEXT_SLOTS; i++) {
        struct text_entry *e = &r->texts[i];
        if (text_taken(e) && e->frame != r->frame)
            free_text(r, e);
    }
}

/* A line outside a partial redraw is still on screen: mark it used in this
 * frame so the trim keeps it. */
static void touch_text(struct render *r, const struct draw_cmd *c)
{
    const char *end = memchr(c->text, '\0', sizeof(c->text));
    if (!end)
        return;
    uint64_t h = text_hash(c->text, c->px, c->bold, c->color);
    for (int i = 0; i < TEXT_SLOTS; i++) {
        struct text_entry *e = &r->texts[i];
        if (text_taken(e) && e->hash == h && e->px == c->px && e->bold == c->bold &&
            strcmp(e->text, c->text) == 0) {
            e->frame = r->frame;
            return;
        }
    }
}

static bool cmd_bounded(const struct draw_cmd *c)
{
    return c->rect.w > 0 && c->rect.h > 0;
}

static SDL_Rect cmd_rect(const struct draw_cmd *c)
{
    return (SDL_Rect){c->rect.x, c->rect.y, c->rect.w, c->rect.h};
}

static bool cmd_equal(const struct draw_cmd *a, const struct draw_cmd *b)
{
    return a->kind == b->kind && a->rect.x == b->rect.x && a->rect.y == b->rect.y &&
           a->rect.w == b->rect.w && a->rect.h == b->rect.h && a->color.r == b->color.r &&
           a->color.g == b->color.g && a->color.b == b->color.b && a->color.a == b->color.a &&
           a->radius == b->radius && a->thick == b->thick && a->px == b->px && a->bold == b->bold &&
           strncmp(a->text, b->text, sizeof(a->text)) == 0;
}

/* Execute a list: all of it on a cleared target, or with r->clip set only
 * what touches that region, on the region cleared. */
static enum kiosk_err execute(struct render *r, const struct draw_cmd *cmds, int count,
                              struct ui_color clear)
{
    enum kiosk_err first = KIOSK_OK;

    r->frame++;

    /* a screen has nothing behind it: the clear colour is always opaque */
    SDL_SetRenderDrawColor(r->ren, clear.r, clear.g, clear.b, 255);
    if (r->clip) {
        SDL_RenderSetClipRect(r->ren, r->clip);
        SDL_SetRenderDrawBlendMode(r->ren, SDL_BLENDMODE_NONE);
        SDL_RenderFillRect(r->ren, r->clip);
    } else {
        SDL_RenderClear(r->ren);
    }
    SDL_SetRenderDrawBlendMode(r->ren, SDL_BLENDMODE_BLEND);
    for (int i = 0; i < count; i++) {
        const struct draw_cmd *c = &cmds[i];
        enum kiosk_err err = KIOSK_OK;
        SDL_Rect cr = cmd_rect(c);
        if (r->clip && cmd_bounded(c) && !SDL_HasIntersection(&cr, r->clip)) {
            if (c->kind == DRAW_TEXT) /* still on screen: keep its line cached */
                touch_text(r, c);
            continue;
        }
        switch (c->kind) {
        case DRAW_RECT:
            err = draw_rect(r, &c->rect, c->radius, c->color);
            break;
        case DRAW_FRAME:
            err = draw_frame(r, &c->rect, c->radius, c->thick, c->color);
            break;
        case DRAW_TEXT:
            err = draw_text(r, c);
            break;
        case DRAW_IMAGE:
            err = draw_image(r, c);
            break;
        default:
            err = KIOSK_ERR_INVALID;
            break;
        }
        /* one bad command must not blank the rest of the screen */
        if (err && !first)
            first = err;
    }
    SDL_RenderFlush(r->ren);
    if (r->clip)
        SDL_RenderSetClipRect(r->ren, NULL);
    trim_texts(r, TEXT_KEEP);
    return first;
}

static enum kiosk_err keep_last(struct render *r, const struct draw_list *dl)
{
    if (dl->count > r->last_cap) {
        struct draw_cmd *c = kmem_realloc(r->last, (size_t)dl->count * sizeof(*c));
        if (!c)
            return KIOSK_ERR_NOMEM;
        r->last = c;
        r->last_cap = dl->count;
    }
    if (dl->count > 0)
        memcpy(r->last, dl->cmds, (size_t)dl->count * sizeof(*dl->cmds));
    r->last_count = dl->count;
    r->last_clear = dl->clear;
    return KIOSK_OK;
}

#define DIRTY_MAX 4 /* separate regions a partial frame redraws */

/* Add rect q to the regions: merged into one it touches, else a new one;
 * past DIRTY_MAX, all become one. */
static void add_dirty(SDL_Rect *rs, int *n, SDL_Rect q)
{
    for (int i = 0; i < *n; i++) {
        SDL_Rect grown = {rs[i].x - 1, rs[i].y - 1, rs[i].w + 2, rs[i].h + 2};
        if (SDL_HasIntersection(&grown, &q)) {
            SDL_UnionRect(&rs[i], &q, &rs[i]);
            return;
        }
    }
    if (*n < DIRTY_MAX) {
        rs[(*n)++] = q;
        return;
    }
    for (int i = 1; i < *n; i++)
        SDL_UnionRect(&rs[0], &rs[i], &rs[0]);
    SDL_UnionRect(&rs[0], &q, &rs[0]);
    *n = 1;
}

/* What of the window differs from the last frame, for the software window
 * path: -1 when all of it is to be drawn (the first frame, a resize or
 * expose, another background, another number of commands, or a change too
 * large or unbounded); else the number of regions in rs (0: the same list). */
static int dirty_regions(struct render *r, const struct draw_list *dl, SDL_Rect *rs)
{
    int n = 0;
    if (!r->window || !r->direct_text || !r->last_shown || dl->count != r->last_count ||
        memcmp(&dl->clear, &r->last_clear, sizeof(dl->clear)) != 0)
        return -1;
    SDL_Surface *t = SDL_GetWindowSurface(r->window);
    if (!t || t != r->last_surface || t->w != r->last_w || t->h != r->last_h)
        return -1;
    SDL_Rect all = {0, 0, t->w, t->h};
    for (int i = 0; i < dl->count; i++) {
        const struct draw_cmd *a = &dl->cmds[i], *b = &r->last[i];
        if (cmd_equal(a, b))
            continue;
        if (!cmd_bounded(a) || !cmd_bounded(b))
            return -1;
        SDL_Rect ra = cmd_rect(a), rb = cmd_rect(b), q;
        if (SDL_IntersectRect(&ra, &all, &q))
            add_dirty(rs, &n, q);
        if (SDL_IntersectRect(&rb, &all, &q))
            add_dirty(rs, &n, q);
    }
    /* regions merged later may overlap earlier ones: redrawing twice is
     * harmless. Past half the window, one whole frame costs no more. */
    long area = 0;
    for (int i = 0; i < n; i++)
        area += (long)rs[i].w * rs[i].h;
    return area * 2 < (long)t->w * t->h ? n : -1;
}

enum kiosk_err render_frame(struct render *r, const struct draw_list *dl)
{
    if (!r || !dl || dl->count < 0 || (dl->count > 0 && !dl->cmds))
        return KIOSK_ERR_INVALID;
    SDL_Rect rs[DIRTY_MAX];
    int n = dirty_regions(r, dl, rs);
    enum kiosk_err err = KIOSK_OK;
    if (n == 0) {
        r->counts.unchanged++;
        return KIOSK_OK; /* on screen already */
    }
    if (n > 0) {
        r->counts.partial++;
        for (int i = 0; i < n; i++) {
            r->clip = &rs[i];
            enum kiosk_err e = execute(r, dl->cmds, dl->count, dl->clear);
            if (e && !err)
                err = e;
        }
        r->clip = NULL;
    } else {
        r->counts.whole++;
        err = execute(r, dl->cmds, dl->count, dl->clear);
    }
    if (r->window) {
        enum kiosk_err kept = keep_last(r, dl);
        if (!err)
            err = kept;
        if (n > 0)
            SDL_UpdateWindowSurfaceRects(r->window, rs, n);
        else
            SDL_RenderPresent(r->ren);
        SDL_Surface *t = r->direct_text ? SDL_GetWindowSurface(r->window) : NULL;
        r->last_shown = t && kept == KIOSK_OK;
        r->last_surface = t;
        r->last_w = t ? t->w : 0;
        r->last_h = t ? t->h : 0;
    }
    return err;
}

struct render_counts render_counts(const struct render *r)
{
    return r ? r->counts : (struct render_counts){0};
}

enum kiosk_err render_save_shown_png(struct render *r, const char *path)
{
    if (!r || !path)
        return KIOSK_ERR_INVALID;
    SDL_Surface *t = r->window && r->direct_text ? SDL_GetWindowSurface(r->window) : r->surface;
    if (!t)
        return KIOSK_ERR_UNSUPPORTED;
    if (IMG_SavePNG(t, path) != 0) {
        kiosk_err_set_detail("cannot write %s: %s", path, IMG_GetError());
        return KIOSK_ERR_IO;
    }
    return KIOSK_OK;
}

void render_invalidate(struct render *r)
{
    if (r)
        r->last_shown = false;
}

void render_trim(struct render *r)
{
    if (r)
        trim_texts(r, 0);
}

enum kiosk_err render_save_png(struct render *r, const char *path)
{
    enum kiosk_err err = KIOSK_OK;
    SDL_Surface *s;
    int w, h;

    if (!r || !path)
        return KIOSK_ERR_INVALID;
    if (r->surface) {
        if (IMG_SavePNG(r->surface, path) != 0) {
            kiosk_err_set_detail("cannot write %s: %s", path, IMG_GetError());
            return KIOSK_ERR_IO;
        }
        return KIOSK_OK;
    }
    execute(r, r->last, r->last_count, r->last_clear);
    if (SDL_GetRendererOutputSize(r->ren, &w, &h) != 0)
        return sdl_fail(KIOSK_ERR_IO, "output size");
    s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        return sdl_fail(KIOSK_ERR_NOMEM, "screenshot surface");
    if (SDL_RenderReadPixels(r->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0) {
        err = sdl_fail(KIOSK_ERR_IO, "read pixels");
        goto out_free_surface;
    }
    if (IMG_SavePNG(s, path) != 0) {
        kiosk_err_set_detail("cannot write %s: %s", path, IMG_GetError());
        err = KIOSK_ERR_IO;
    }
out_free_surface:
    SDL_FreeSurface(s);
    return err;
}

void render_size(struct render *r, int *w, int *h)
{
    int ow = 0, oh = 0;
    if (r && SDL_GetRendererOutputSize(r->ren, &ow, &oh) != 0)
        ow = oh = 0;
    if (w)
        *w = ow;
    if (h)
        *h = oh;
}

/* ---- lifetime -------------------------------------------------------------- */

bool render_path_parse(const char *name, enum render_path *out)
{
    static const char *const names[] = {
        [RENDER_SOFTWARE] = "software", [RENDER_GPU] = "gpu", [RENDER_AUTO] = "auto"};
    for (size_t i = 0; name && i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (enum render_path)i;
            return true;
        }
    }
    return false;
}

/* A DRM render node is what a GPU (or a display controller with one)
 * gives user space; without it "accelerated" means Mesa drawing on the CPU. */
static bool have_render_node(void)
{
    char path[32];
    for (int i = 128; i < 136; i++) {
        snprintf(path, sizeof(path), "/dev/dri/renderD%d", i);
        if (access(path, R_OK | W_OK) == 0)
            return true;
    }
    return false;
}

/* Under cage (wlroots) with SDL 2.26's Wayland backend, a full-screen
 * window created at exactly the output's size is never shown: every frame
 * is committed (also after the compositor's configure) and the output stays
 * black, while a window of any other size is resized by that configure and
 * shows from then on. So such a window starts one pixel narrower, and the
 * compositor's configure gives it the whole output (SIZE_CHANGED, a redraw). */
static bool fullscreen_stays_black(int width, int height)
{
    SDL_DisplayMode mode;
    const char *driver = SDL_GetCurrentVideoDriver();
    return driver && strcmp(driver, "wayland") == 0 && SDL_GetDesktopDisplayMode(0, &mode) == 0 &&
           mode.w == width && mode.h == height && width > 1;
}

static enum kiosk_err open_window(struct render *r, const struct render_config *cfg)
{
    SDL_RendererInfo info;
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    bool software =
        cfg->path == RENDER_SOFTWARE || (cfg->path == RENDER_AUTO && !have_render_node());

    /* SDL decides once, at the first window surface, whether that surface
     * is a GL texture (its default: Mesa and LLVM mapped even for the
     * software renderer) or the window's own framebuffer. */
    if (software)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        return sdl_fail(KIOSK_ERR_NO_DEVICE, "video");
    r->video_inited = true;
    log_note(LOG_INFO, "render", "video driver", SDL_GetCurrentVideoDriver());
    flags |= cfg->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE;
    int w = cfg->width;
    if (cfg->fullscreen && fullscreen_stays_black(cfg->width, cfg->height))
        w--;
    r->window = SDL_CreateWindow(cfg->title ? cfg->title : "carekiosk", SDL_WINDOWPOS_CENTERED,
                                 SDL_WINDOWPOS_CENTERED, w, cfg->height, flags);
    if (!r->window)
        return sdl_fail(KIOSK_ERR_NO_DEVICE, "window");
    if (software) {
        r->ren = SDL_CreateRenderer(r->window, -1, SDL_RENDERER_SOFTWARE);
        if (!r->ren)
            log_note(LOG_WARN, "render", "no window framebuffer here, so the GPU renderer draws",
                     SDL_GetError());
    }
    if (!r->ren)
        r->ren = SDL_CreateRenderer(r->window, -1, SDL_RENDERER_ACCELERATED);
    if (!r->ren && !software)
        r->ren = SDL_CreateRenderer(r->window, -1, SDL_RENDERER_SOFTWARE);
    if (!r->ren)
        return sdl_fail(KIOSK_ERR_NO_DEVICE, "renderer");
    if (SDL_GetRendererInfo(r->ren, &info) == 0) {
        log_note(LOG_INFO, "render", "renderer", info.name);
        r->direct_text = (info.flags & SDL_RENDERER_SOFTWARE) != 0;
    }
    if (cfg->fullscreen)
        SDL_ShowCursor(SDL_DISABLE);
    return KIOSK_OK;
}

static void close_target(struct render *r)
{
    for (int i = 0; i < TEXT_SLOTS; i++)
        free_text(r, &r->texts[i]);
    for (int i = 0; i < CORNER_SLOTS; i++)
        free_corner(&r->corners[i]);
    for (int i = 0; i < IMAGE_SLOTS; i++)
        free_image(&r->images[i]);
    if (r->ren)
        SDL_DestroyRenderer(r->ren);
    if (r->window)
        SDL_DestroyWindow(r->window);
    if (r->surface)
        SDL_FreeSurface(r->surface);
    if (r->video_inited)
        SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
}

enum kiosk_err render_new(const struct render_config *cfg, struct render **out)
{
    enum kiosk_err err;
    struct render *r;

    if (!out)
        return KIOSK_ERR_INVALID;
    *out = NULL;
    if (!cfg || !cfg->fonts || cfg->width <= 0 || cfg->height <= 0)
        return KIOSK_ERR_INVALID;
    r = kmem_alloc(sizeof(*r));
    if (!r)
        return KIOSK_ERR_NOMEM;
    r->fonts = cfg->fonts;
    r->texts = kmem_alloc(TEXT_SLOTS * sizeof(*r->texts));
    if (!r->texts) {
        err = KIOSK_ERR_NOMEM;
        goto err_free_r;
    }
    if (cfg->image_dir) {
        r->image_dir = kmem_strdup(cfg->image_dir);
        if (!r->image_dir) {
            err = KIOSK_ERR_NOMEM;
            goto err_free_texts;
        }
    }

    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    if (cfg->offscreen) {
        /* no SDL_Init: a software renderer on a surface needs no video driver */
        r->surface = SDL_CreateRGBSurfaceWithFormat(0, cfg->width, cfg->height, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
        if (!r->surface) {
            err = sdl_fail(KIOSK_ERR_NOMEM, "offscreen surface");
            goto err_close_target;
        }
        r->ren = SDL_CreateSoftwareRenderer(r->surface);
        r->direct_text = true;
        if (!r->ren) {
            err = sdl_fail(KIOSK_ERR_IO, "software renderer");
            goto err_close_target;
        }
    } else {
        err = open_window(r, cfg);
        if (err)
            goto err_close_target;
    }
    SDL_SetRenderDrawBlendMode(r->ren, SDL_BLENDMODE_BLEND);
    *out = r;
    return KIOSK_OK;

err_close_target:
    close_target(r);
    kmem_free(r->image_dir);
err_free_texts:
    kmem_free(r->texts);
err_free_r:
    kmem_free(r);
    return err;
}

void render_free(struct render *r)
{
    if (!r)
        return;
    close_target(r);
    kmem_free(r->last);
    kmem_free(r->image_dir);
    kmem_free(r->texts);
    kmem_free(r);
}

enum kiosk_err render_load_png(const char *path, int *width, int *height, uint8_t **rgba)
{
    enum kiosk_err err = KIOSK_OK;
    SDL_Surface *img, *conv;

    if (!path || !width || !height || !rgba)
        return KIOSK_ERR_INVALID;
    *rgba = NULL;
    *width = *height = 0;
    img = IMG_Load(path);
    if (!img) {
        kiosk_err_set_detail("cannot load %s: %s", path, IMG_GetError());
        FILE *f = fopen(path, "rb");
        if (!f)
            return KIOSK_ERR_NOT_FOUND;
        fclose(f);
        return KIOSK_ERR_CORRUPT;
    }
    conv = SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_RGBA32, 0);
    if (!conv) {
        err = sdl_fail(KIOSK_ERR_NOMEM, "convert");
        goto out_free_img;
    }
    *rgba = kmem_alloc((size_t)conv->w * (size_t)conv->h * 4);
    if (!*rgba) {
        err = KIOSK_ERR_NOMEM;
        goto out_free_conv;
    }
    for (int y = 0; y < conv->h; y++)
        memcpy(*rgba + (size_t)y * (size_t)conv->w * 4, (uint8_t *)conv->pixels + y * conv->pitch,
               (size_t)conv->w * 4);
    *width = conv->w;
    *height = conv->h;
out_free_conv:
    SDL_FreeSurface(conv);
out_free_img:
    SDL_FreeSurface(img);
    return err;
}
