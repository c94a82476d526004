/* Font set: NotoSans for Latin and everything else, NotoSansDevanagari for
 * Devanagari, each run shaped by HarfBuzz inside SDL_ttf.
 *
 * Pixel sizes: TTF_OpenFont(file, px) opens the font at px points at SDL_ttf's
 * default 72 dpi, so one point is one pixel and the em is px pixels tall.
 *
 * Line geometry for px comes from the regular faces: line height is the larger
 * of the two line skips; the baseline is the larger ascent, pulled up by half
 * of any overflow when the larger ascent plus the larger descent does not fit
 * in the line height (NotoSansDevanagari has a deeper descent and NotoSans a
 * taller ascent; both are generous, and splitting the overflow keeps real ink
 * of both scripts inside the line). Every run is drawn with its font's ascent
 * on that baseline, so Latin and Devanagari line up. */
#include "ui/render/font_private.h"

#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <SDL_ttf.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum face { FACE_LATIN, FACE_LATIN_BOLD, FACE_DEVA, FACE_DEVA_BOLD, FACE_COUNT };

static const char *const face_file[FACE_COUNT] = {
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansDevanagari-Bold.ttf",
};

/* Open (face, px) pairs. Each TTF_Font holds its own FreeType face and its
 * own HarfBuzz copy of the font's tables, about 110 kB: the demo journey
 * asks for 15 sizes, and 48 slots held 47 fonts (5.1 MB). A screen draws
 * with at most a dozen pairs; 20 keep every screen's set open. Line geometry
 * is remembered per size (GEOM_SLOTS), so it does not keep fonts open. */
#define FONT_SLOTS    20
#define GEOM_SLOTS    32
#define WIDTH_SLOTS   512 /* direct-mapped cache of measured widths */
#define WIDTH_KEY_MAX 64  /* longer strings are measured every time */
#define RUNS_MAX      64
#define PX_MIN        1
#define PX_MAX        1024
#define PROBE_PX      16 /* fontset_new opens every face once at this size */

struct font_slot {
    TTF_Font *font; /* NULL: free slot */
    int face;
    int px;
    unsigned long used;
};

/* Layout asks for widths of the same words every frame; shaping them again
 * each time costs more than the whole frame budget on a long screen. */
struct width_entry {
    uint64_t hash;
    int px;
    int width; /* -1: empty entry */
    bool bold;
    char text[WIDTH_KEY_MAX];
};

struct line_geom {
    int height;
    int baseline; /* from the top of the line */
};

struct geom_slot {
    int px; /* 0: free */
    struct line_geom g;
};

struct fontset {
    char *path[FACE_COUNT];
    struct font_slot slots[FONT_SLOTS];
    struct geom_slot geoms[GEOM_SLOTS];
    int geom_next; /* the slot the next new size takes (round robin) */
    unsigned long tick;
    struct width_entry *widths; /* WIDTH_SLOTS */
    bool warned_shaping;
};

struct measured_line {
    struct fontset_run runs[RUNS_MAX];
    int width[RUNS_MAX];
    int count;
    int total;
};

static bool is_devanagari(unsigned cp)
{
    return (cp >= 0x0900 && cp <= 0x097F) || (cp >= 0xA8E0 && cp <= 0xA8FF) ||
           (cp >= 0x1CD0 && cp <= 0x1CFF);
}

/* Neutral code points join the run they are in. ASCII punctuation is neutral
 * only where NotoSansDevanagari has a glyph for it: it lacks $ & @ [ \ ] ^ _ `
 * which therefore always go to NotoSans. ZWJ/ZWNJ steer Devanagari shaping
 * and must stay inside their run. */
static bool is_neutral(unsigned cp)
{
    if (cp == 0x200C || cp == 0x200D)
        return true;
    if (cp >= 0x80)
        return false;
    if (cp == ' ' || (cp >= '0' && cp <= '9'))
        return true;
    return cp != '\0' && strchr("!\"#%'()*+,-./:;<=>?{|}~", (int)cp) != NULL;
}

int fontset_runs(const char *utf8, struct fontset_run *runs, int max)
{
    int n = 0;
    int script = -1; /* -1: only neutrals so far, 0 Latin, 1 Devanagari */
    const char *start = utf8, *p = utf8;

    if (!utf8 || !runs || max <= 0)
        return 0;
    while (*p) {
        const char *at = p;
        unsigned cp = kstr_utf8_next(&p);
        if (is_neutral(cp))
            continue;
        int s = is_devanagari(cp) ? 1 : 0;
        if (script < 0) {
            script = s; /* leading neutrals take the first script seen */
        } else if (s != script && n < max - 1) {
            /* with runs full, the last run takes the rest of the text */
            runs[n].text = start;
            runs[n].len = (int)(at - start);
            runs[n].devanagari = script == 1;
            n++;
            start = at;
            script = s;
        }
    }
    if (p > start) {
        runs[n].text = start;
        runs[n].len = (int)(p - start);
        runs[n].devanagari = script == 1;
        n++;
    }
    return n;
}

static void close_fonts(struct fontset *fs)
{
    for (int i = 0; i < FONT_SLOTS; i++) {
        if (fs->slots[i].font)
            TTF_CloseFont(fs->slots[i].font);
        fs->slots[i].font = NULL;
    }
}

static TTF_Font *get_font(struct fontset *fs, int face, int px)
{
    struct font_slot *victim = &fs->slots[0];

    fs->tick++;
    for (int i = 0; i < FONT_SLOTS; i++) {
        struct font_slot *s = &fs->slots[i];
        if (s->font && s->face == face && s->px == px) {
            s->used = fs->tick;
            return s->font;
        }
        if (!s->font) {
            if (victim->font)
                victim = s;
        } else if (victim->font && s->used < victim->used) {
            victim = s;
        }
    }

    TTF_Font *font = TTF_OpenFont(fs->path[face], px);
    if (!font) {
        kiosk_err_set_detail("cannot open font %s at %d px", fs->path[face], px);
        log_note(LOG_ERROR, "font", "cannot open font", fs->path[face]);
        return NULL;
    }
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    bool deva = face == FACE_DEVA || face == FACE_DEVA_BOLD;
    if ((TTF_SetFontScriptName(font, deva ? "Deva" : "Latn") != 0 ||
         TTF_SetFontDirection(font, TTF_DIRECTION_LTR) != 0) &&
        !fs->warned_shaping) {
        fs->warned_shaping = true;
        log_warn("font", "SDL_ttf has no HarfBuzz: Devanagari will not be shaped");
    }
    if (victim->font)
        TTF_CloseFont(victim->font);
    victim->font = font;
    victim->face = face;
    victim->px = px;
    victim->used = fs->tick;
    return font;
}

static bool px_ok(int px)
{
    return px >= PX_MIN && px <= PX_MAX;
}

static enum kiosk_err line_geom(struct fontset *fs, int px, struct line_geom *g)
{
    for (int i = 0; i < GEOM_SLOTS; i++) {
        if (fs->geoms[i].px == px) {
            *g = fs->geoms[i].g;
            return KIOSK_OK;
        }
    }
    TTF_Font *lat = get_font(fs, FACE_LATIN, px);
    TTF_Font *dev = get_font(fs, FACE_DEVA, px);
    if (!lat || !dev)
        return KIOSK_ERR_IO;
    int asc = SDL_max(TTF_FontAscent(lat), TTF_FontAscent(dev));
    int desc = SDL_max(-TTF_FontDescent(lat), -TTF_FontDescent(dev));
    g->height = SDL_max(TTF_FontLineSkip(lat), TTF_FontLineSkip(dev));
    int over = asc + desc - g->height;
    g->baseline = over > 0 ? asc - over / 2 : asc;
    struct geom_slot *slot = &fs->geoms[fs->geom_next];
    fs->geom_next = (fs->geom_next + 1) % GEOM_SLOTS;
    slot->px = px;
    slot->g = *g;
    return KIOSK_OK;
}

static int run_face(const struct fontset_run *run, bool bold)
{
    return (run->devanagari ? FACE_DEVA : FACE_LATIN) + (bold ? 1 : 0);
}

/* A run as a NUL-terminated string: in buf when it fits, else allocated
 * (free with free_run_text). NULL when out of memory. */
static char *run_text(const struct fontset_run *run, char *buf, size_t size)
{
    char *t = buf;
    if ((size_t)run->len >= size) {
        t = kmem_alloc((size_t)run->len + 1);
        if (!t)
            return NULL;
    }
    memcpy(t, run->text, (size_t)run->len);
    t[run->len] = '\0';
    return t;
}

static void free_run_text(char *t, char *buf)
{
    if (t != buf)
        kmem_free(t);
}

static enum kiosk_err measure_line(struct fontset *fs, const char *utf8, int px, bool bold,
                                   struct measured_line *m)
{
    char buf[512];

    m->total = 0;
    m->count = fontset_runs(utf8, m->runs, RUNS_MAX);
    for (int i = 0; i < m->count; i++) {
        TTF_Font *font = get_font(fs, run_face(&m->runs[i], bold), px);
        if (!font)
            return KIOSK_ERR_IO;
        char *t = run_text(&m->runs[i], buf, sizeof(buf));
        if (!t)
            return KIOSK_ERR_NOMEM;
        int w = 0, h = 0;
        if (TTF_SizeUTF8(font, t, &w, &h) != 0)
            w = 0; /* nothing SDL_ttf can measure is also nothing it draws */
        free_run_text(t, buf);
        m->width[i] = w;
        m->total += w;
    }
    return KIOSK_OK;
}

static uint64_t width_hash(const char *s, size_t len, int px, bool bold)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    h = (h ^ (uint64_t)px) * 1099511628211ull;
    return (h ^ (bold ? 1u : 0u)) * 1099511628211ull;
}

static void free_paths(struct fontset *fs)
{
    for (int i = 0; i < FACE_COUNT; i++)
        kmem_free(fs->path[i]);
}

enum kiosk_err fontset_new(const char *font_dir, struct fontset **out)
{
    enum kiosk_err err = KIOSK_OK;
    struct fontset *fs;

    if (!out)
        return KIOSK_ERR_INVALID;
    *out = NULL;
    if (!font_dir)
        return KIOSK_ERR_INVALID;
    fs = kmem_alloc(sizeof(*fs));
    if (!fs)
        return KIOSK_ERR_NOMEM;
    fs->widths = kmem_alloc(WIDTH_SLOTS * sizeof(*fs->widths));
    if (!fs->widths) {
        err = KIOSK_ERR_NOMEM;
        goto err_free_fs;
    }
    for (int i = 0; i < WIDTH_SLOTS; i++)
        fs->widths[i].width = -1;

    for (int i = 0; i < FACE_COUNT; i++) {
        size_t n = strlen(font_dir) + 1 + strlen(face_file[i]) + 1;
        fs->path[i] = kmem_alloc(n);
        if (!fs->path[i]) {
            err = KIOSK_ERR_NOMEM;
            goto err_free_paths;
        }
        snprintf(fs->path[i], n, "%s/%s", font_dir, face_file[i]);
        FILE *f = fopen(fs->path[i], "rb");
        if (!f) {
            kiosk_err_set_detail("font file %s not found", fs->path[i]);
            log_note(LOG_ERROR, "font", "font file not found", fs->path[i]);
            err = KIOSK_ERR_NOT_FOUND;
            goto err_free_paths;
        }
        fclose(f);
    }

    if (TTF_Init() != 0) {
        kiosk_err_set_detail("SDL_ttf: %s", TTF_GetError());
        err = KIOSK_ERR_IO;
        goto err_free_paths;
    }
    /* Find a broken font file now, not as blank text on a patient's screen. */
    for (int i = 0; i < FACE_COUNT; i++) {
        if (!get_font(fs, i, PROBE_PX)) {
            err = KIOSK_ERR_CORRUPT;
            goto err_quit_ttf;
        }
    }
    *out = fs;
    return KIOSK_OK;

err_quit_ttf:
    close_fonts(fs);
    TTF_Quit();
err_free_paths:
    free_paths(fs);
    kmem_free(fs->widths);
err_free_fs:
    kmem_free(fs);
    return err;
}

void fontset_free(struct fontset *fs)
{
    if (!fs)
        return;
    close_fonts(fs);
    TTF_Quit(); /* SDL_ttf counts TTF_Init calls */
    free_paths(fs);
    kmem_free(fs->widths);
    kmem_free(fs);
}

int fontset_width(struct fontset *fs, const char *utf8, int px, bool bold)
{
    struct measured_line m;
    struct width_entry *e = NULL;

    if (!fs || !utf8 || !*utf8 || !px_ok(px))
        return 0;
    size_t len = strlen(utf8);
    uint64_t h = 0;
    if (len < WIDTH_KEY_MAX) {
        h = width_hash(utf8, len, px, bold);
        e = &fs->widths[h % WIDTH_SLOTS];
        if (e->width >= 0 && e->hash == h && e->px == px && e->bold == bold &&
            strcmp(e->text, utf8) == 0)
            return e->width;
    }
    if (measure_line(fs, utf8, px, bold, &m) != KIOSK_OK)
        return 0;
    if (e) {
        e->hash = h;
        e->px = px;
        e->bold = bold;
        e->width = m.total;
        memcpy(e->text, utf8, len + 1);
    }
    return m.total;
}

int fontset_line_height(struct fontset *fs, int px)
{
    struct line_geom g;
    if (!fs || !px_ok(px) || line_geom(fs, px, &g) != KIOSK_OK)
        return 0;
    return g.height;
}

static int measure_width_cb(void *ctx, const char *utf8, int px, bool bold)
{
    return fontset_width(ctx, utf8, px, bold);
}

static int measure_line_height_cb(void *ctx, int px)
{
    return fontset_line_height(ctx, px);
}

struct text_measure fontset_measure(struct fontset *fs)
{
    struct text_measure tm = {
        .width = measure_width_cb,
        .line_height = measure_line_height_cb,
        .ctx = fs,
    };
    return tm;
}

enum kiosk_err fontset_render_line(struct fontset *fs, const char *utf8, int px, bool bold,
                                   SDL_Color color, SDL_Surface **out)
{
    enum kiosk_err err;
    struct measured_line m;
    struct line_geom g;
    SDL_Surface *line;
    char buf[512];
    int x = 0;

    *out = NULL;
    if (!fs || !utf8 || !px_ok(px))
        return KIOSK_ERR_INVALID;
    err = line_geom(fs, px, &g);
    if (err)
        return err;
    err = measure_line(fs, utf8, px, bold, &m);
    if (err)
        return err;
    line = SDL_CreateRGBSurfaceWithFormat(0, SDL_max(1, m.total), g.height, 32,
                                          SDL_PIXELFORMAT_ARGB8888);
    if (!line)
        return KIOSK_ERR_NOMEM;

    color.a = 255;
    for (int i = 0; i < m.count; i++) {
        if (m.width[i] <= 0)
            continue;
        TTF_Font *font = get_font(fs, run_face(&m.runs[i], bold), px);
        if (!font) {
            err = KIOSK_ERR_IO;
            goto err_free_line;
        }
        char *t = run_text(&m.runs[i], buf, sizeof(buf));
        if (!t) {
            err = KIOSK_ERR_NOMEM;
            goto err_free_line;
        }
        SDL_Surface *s = TTF_RenderUTF8_Blended(font, t, color);
        free_run_text(t, buf);
        if (!s) {
            kiosk_err_set_detail("SDL_ttf: %s", TTF_GetError());
            err = KIOSK_ERR_IO;
            goto err_free_line;
        }
        /* Runs never overlap: copy, alpha included, instead of blending onto
         * the transparent line (which would darken the glyph edges). The blit
         * clips ink that leaves the line box. */
        SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
        SDL_Rect dst = {x, g.baseline - TTF_FontAscent(font), s->w, s->h};
        int rc = SDL_BlitSurface(s, NULL, line, &dst);
        SDL_FreeSurface(s);
        if (rc != 0) {
            kiosk_err_set_detail("SDL: %s", SDL_GetError());
            err = KIOSK_ERR_IO;
            goto err_free_line;
        }
        x += m.width[i];
    }
    *out = line;
    return KIOSK_OK;

err_free_line:
    SDL_FreeSurface(line);
    return err;
}

static enum kiosk_err raster_line(void *ctx, const char *utf8, int px, bool bold,
                                  struct kbitmap *out)
{
    SDL_Color black = {0, 0, 0, 255};
    SDL_Surface *s;
    enum kiosk_err err;

    memset(out, 0, sizeof(*out));
    err = fontset_render_line(ctx, utf8, px, bold, black, &s);
    if (err)
        return err;
    err = kbitmap_init(out, s->w, s->h);
    if (err)
        goto out_free_surface;
    for (int y = 0; y < s->h; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch);
        uint8_t *dst = out->pixels + (size_t)y * (size_t)out->width;
        for (int x = 0; x < s->w; x++)
            dst[x] = (uint8_t)(255 - (row[x] >> 24));
    }
out_free_surface:
    SDL_FreeSurface(s);
    return err;
}

struct text_raster fontset_raster(struct fontset *fs)
{
    struct text_raster tr = {.line = raster_line, .ctx = fs};
    return tr;
}
