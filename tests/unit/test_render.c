/* Renderer: draw lists on an offscreen surface (no video driver), read back
 * through the saved PNG; a window on SDL's dummy driver; input timeouts;
 * frame time of a full portrait screen. */
#define _POSIX_C_SOURCE 200809L
#include "ui/render/render.h"

#include "firmware/core/bitmap.h"
#include "firmware/core/err.h"
#include "firmware/core/mem.h"
#include "tests/unit/ktest.h"
#include "ui/input/input.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define FONT_DIR  KIOSK_SOURCE_DIR "/assets/fonts"
#define OUT_DIR   KIOSK_BINARY_DIR "/test_render"
#define IMAGE_DIR OUT_DIR "/images"

static const struct ui_color bg = {250, 248, 240, 255};
static const struct ui_color ink = {20, 30, 60, 255};
static const struct ui_color blue = {30, 90, 200, 255};
static const struct ui_color red = {200, 40, 40, 255};

struct png {
    int w, h;
    uint8_t *rgba;
};

static struct ui_color px_at(const struct png *p, int x, int y)
{
    const uint8_t *q = p->rgba + ((size_t)y * (size_t)p->w + (size_t)x) * 4;
    struct ui_color c = {q[0], q[1], q[2], q[3]};
    return c;
}

static bool same(struct ui_color a, struct ui_color b, int tol)
{
    return abs(a.r - b.r) <= tol && abs(a.g - b.g) <= tol && abs(a.b - b.b) <= tol;
}

/* Pixels in [x0,x1) x [y0,y1) that differ from the background. */
static long count_not_bg(const struct png *p, int x0, int y0, int x1, int y1, int *maxx)
{
    long n = 0;
    if (maxx)
        *maxx = -1;
    for (int y = y0 < 0 ? 0 : y0; y < y1 && y < p->h; y++)
        for (int x = x0 < 0 ? 0 : x0; x < x1 && x < p->w; x++)
            if (!same(px_at(p, x, y), bg, 8)) {
                n++;
                if (maxx && x > *maxx)
                    *maxx = x;
            }
    return n;
}

static struct draw_cmd *add(struct draw_list *dl, enum draw_kind kind, int x, int y, int w, int h,
                            struct ui_color c)
{
    struct draw_cmd *cmd = draw_list_push(dl, kind);
    if (cmd) {
        cmd->rect = (struct ui_rect){x, y, w, h};
        cmd->color = c;
    }
    return cmd;
}

static struct draw_cmd *add_text(struct draw_list *dl, int x, int y, int w, int h, int px,
                                 bool bold, struct ui_color c, const char *text)
{
    struct draw_cmd *cmd = add(dl, DRAW_TEXT, x, y, w, h, c);
    if (cmd) {
        cmd->px = px;
        cmd->bold = bold;
        snprintf(cmd->text, sizeof(cmd->text), "%s", text);
    }
    return cmd;
}

static void ensure_dirs(void)
{
    mkdir(OUT_DIR, 0755);
    mkdir(IMAGE_DIR, 0755);
}

/* Render dl offscreen at w x h, save it to OUT_DIR/name and read it back. */
static enum kiosk_err render_to_png(struct fontset *fs, const struct draw_list *dl, int w, int h,
                                    const char *name, struct png *out)
{
    struct render_config cfg = {
        .width = w, .height = h, .offscreen = true, .fonts = fs, .image_dir = IMAGE_DIR};
    struct render *r;
    char path[512];
    enum kiosk_err err;

    memset(out, 0, sizeof(*out));
    ensure_dirs();
    snprintf(path, sizeof(path), "%s/%s", OUT_DIR, name);
    err = render_new(&cfg, &r);
    if (err)
        return err;
    err = render_frame(r, dl);
    if (!err)
        err = render_save_png(r, path);
    render_free(r);
    if (!err)
        err = render_load_png(path, &out->w, &out->h, &out->rgba);
    return err;
}

static enum ktest_result test_scene(void)
{
    struct fontset *fs = NULL;
    struct draw_list dl;
    struct png p = {0};
    enum ktest_result res = KTEST_FAIL;
    static const char *hindi = "नमस्ते, कृपया अपना नाम लिखें";
    static const char *pt = "Confirmação da consulta — João Gonçalves";

    KT_EQ_INT(fontset_new(FONT_DIR, &fs), KIOSK_OK);
    draw_list_init(&dl);
    dl.clear = bg;
    struct draw_cmd *c;
    c = add(&dl, DRAW_RECT, 40, 30, 1000, 90, blue);
    c->radius = 24;
    add_text(&dl, 70, 45, 0, 0, 48, true, (struct ui_color){255, 255, 255, 255}, "Check in  चेक इन");
    add_text(&dl, 40, 150, 0, 0, 48, false, ink, hindi);
    add_text(&dl, 40, 230, 0, 0, 48, false, ink, pt);
    add_text(&dl, 40, 310, 0, 0, 48, false, ink, "Sala 12 — कमरा 12 में जाएँ, श्री क्षत्रिय");
    c = add(&dl, DRAW_FRAME, 40, 400, 460, 160, red);
    c->radius = 30;
    c->thick = 6;
    /* clipped: a long line in a 300 x 40 box */
    add_text(&dl, 560, 420, 300, 40, 48, false, ink, "Clipped text कटा हुआ पाठ");
    c = add(&dl, DRAW_RECT, 900, 420, 140, 120, (struct ui_color){30, 90, 200, 128});
    c->radius = 0;
    KT_ASSERT(dl.count == 8);

    enum kiosk_err err = render_to_png(fs, &dl, 1080, 600, "scene.png", &p);
    if (err) {
        fprintf(stderr, "  render: %s %s\n", kiosk_err_name(err), kiosk_err_detail());
        goto out;
    }
    if (p.w != 1080 || p.h != 600) {
        fprintf(stderr, "  png is %dx%d\n", p.w, p.h);
        goto out;
    }
    /* rounded rect: its colour in the middle of its left end (clear of the
     * white text), background at its very corner, a blend on the arc */
    struct ui_color mid = px_at(&p, 50, 75), corner = px_at(&p, 40, 30);
    if (!same(mid, blue, 0) || !same(corner, bg, 0)) {
        fprintf(stderr, "  rect: mid %d,%d,%d corner %d,%d,%d\n", mid.r, mid.g, mid.b, corner.r,
                corner.g, corner.b);
        goto out;
    }
    int partial = 0;
    for (int y = 30; y < 54; y++) {
        for (int x = 40; x < 64; x++) {
            struct ui_color q = px_at(&p, x, y);
            partial += !same(q, bg, 4) && !same(q, blue, 4);
        }
    }
    if (partial < 10) {
        fprintf(stderr, "  %d anti-aliased pixels on the corner's arc\n", partial);
        goto out;
    }
    /* frame: red on its left edge, background inside and at the corner */
    if (!same(px_at(&p, 42, 480), red, 0) || !same(px_at(&p, 270, 480), bg, 0) ||
        !same(px_at(&p, 40, 400), bg, 0) || !same(px_at(&p, 270, 402), red, 0)) {
        fprintf(stderr, "  frame pixels wrong\n");
        goto out;
    }
    /* half-transparent blue over the background */
    struct ui_color half = px_at(&p, 970, 520);
    if (abs(half.r - (30 + 250) / 2) > 3 || abs(half.b - (200 + 240) / 2) > 3) {
        fprintf(stderr, "  alpha blend %d,%d,%d\n", half.r, half.g, half.b);
        goto out;
    }
    /* text of both scripts has ink inside its line, none right of its width */
    int lh = fontset_line_height(fs, 48);
    const char *texts[] = {hindi, pt};
    int ys[] = {150, 230};
    for (int i = 0; i < 2; i++) {
        int w = fontset_width(fs, texts[i], 48, false), maxx;
        long n = count_not_bg(&p, 40, ys[i], 1080, ys[i] + lh, &maxx);
        if (n < 2000 || maxx >= 40 + w || maxx < 40 + w - 48) {
            fprintf(stderr, "  text %d: ink %ld, last ink column %d, width %d\n", i, n, maxx, w);
            goto out;
        }
    }
    /* the clipped text: ink in its box, none to the right of it (up to the
     * translucent rect) nor below it */
    long inside = count_not_bg(&p, 560, 420, 860, 460, NULL);
    long right = count_not_bg(&p, 860, 420, 900, 460, NULL);
    long below = count_not_bg(&p, 560, 460, 900, 420 + lh, NULL);
    if (inside < 500 || right != 0 || below != 0) {
        fprintf(stderr, "  clip: inside %ld right %ld below %ld\n", inside, right, below);
        goto out;
    }
    res = KTEST_PASS;
out:
    kmem_free(p.rgba);
    draw_list_release(&dl);
    fontset_free(fs);
    return res;
}

static enum ktest_result test_width_matches_drawn(void)
{
    /* The text texture is exactly fontset_width wide: a clip of that width
     * changes nothing, and no ink lies right of it. */
    static const char *const lines[] = {"Olá, Conceição!", "कृपया प्रतीक्षा करें", "Room 12 कमरा"};
    struct fontset *fs = NULL;
    enum ktest_result res = KTEST_FAIL;
    struct draw_list dl;

    KT_EQ_INT(fontset_new(FONT_DIR, &fs), KIOSK_OK);
    draw_list_init(&dl);
    dl.clear = bg;
    int lh = fontset_line_height(fs, 40);
    for (int i = 0; i < 3; i++) {
        int w = fontset_width(fs, lines[i], 40, i == 2);
        add_text(&dl, 10, 10 + i * 2 * lh, 0, 0, 40, i == 2, ink, lines[i]);
        add_text(&dl, 10, 10 + (i * 2 + 1) * lh, w, 0, 40, i == 2, ink, lines[i]);
    }
    struct png p;
    enum kiosk_err err = render_to_png(fs, &dl, 900, 10 + 6 * lh, "widths.png", &p);
    if (err)
        goto out;
    for (int i = 0; i < 3; i++) {
        int w = fontset_width(fs, lines[i], 40, i == 2), m0, m1;
        long a = count_not_bg(&p, 0, 10 + i * 2 * lh, 900, 10 + (i * 2 + 1) * lh, &m0);
        long b = count_not_bg(&p, 0, 10 + (i * 2 + 1) * lh, 900, 10 + (i * 2 + 2) * lh, &m1);
        if (a == 0 || a != b || m0 != m1 || m0 >= 10 + w) {
            fprintf(stderr, "  line %d: width %d, ink %ld/%ld, last column %d/%d\n", i, w, a, b, m0,
                    m1);
            goto out;
        }
    }
    res = KTEST_PASS;
out:
    kmem_free(p.rgba);
    draw_list_release(&dl);
    fontset_free(fs);
    return res;
}

static enum ktest_result test_image(void)
{
    struct fontset *fs = NULL;
    struct kbitmap logo;
    struct draw_list dl;
    struct png p = {0};
    enum ktest_result res = KTEST_FAIL;

    ensure_dirs();
    KT_EQ_INT(kbitmap_init(&logo, 100, 50), KIOSK_OK);
    memset(logo.pixels, 0, 100 * 50); /* black 2:1 logo */
    KT_EQ_INT(kbitmap_write_png(&logo, IMAGE_DIR "/logo.png"), KIOSK_OK);
    kbitmap_release(&logo);
    KT_EQ_INT(fontset_new(FONT_DIR, &fs), KIOSK_OK);
    draw_list_init(&dl);
    dl.clear = bg;
    snprintf(add(&dl, DRAW_IMAGE, 0, 0, 200, 200, ink)->text, DRAW_TEXT_MAX, "logo");
    snprintf(add(&dl, DRAW_IMAGE, 200, 0, 200, 200, ink)->text, DRAW_TEXT_MAX, "no-such-logo");
    snprintf(add(&dl, DRAW_IMAGE, 200, 0, 200, 200, ink)->text, DRAW_TEXT_MAX, "../logo");
    enum kiosk_err err = render_to_png(fs, &dl, 400, 200, "image.png", &p);
    if (err) {
        fprintf(stderr, "  %s %s\n", kiosk_err_name(err), kiosk_err_detail());
        goto out;
    }
    /* 100x50 into 200x200: 200x100, centred vertically at y 50..150 */
    if (!same(px_at(&p, 100, 100), (struct ui_color){0, 0, 0, 255}, 2) ||
        !same(px_at(&p, 5, 55), (struct ui_color){0, 0, 0, 255}, 2) ||
        !same(px_at(&p, 100, 40), bg, 0) || !same(px_at(&p, 100, 160), bg, 0) ||
        count_not_bg(&p, 200, 0, 400, 200, NULL) != 0) {
        fprintf(stderr, "  image not fitted as expected\n");
        goto out;
    }
    res = KTEST_PASS;
out:
    kmem_free(p.rgba);
    draw_list_release(&dl);
    fontset_free(fs);
    return res;
}

static enum ktest_result test_errors(void)
{
    struct fontset *fs = NULL;
    struct render *r = (struct render *)&r;
    struct render_config cfg = {.width = 0, .height = 100, .offscreen = true};
    uint8_t *rgba;
    int w, h;

    KT_EQ_INT(render_new(&cfg, &r), KIOSK_ERR_INVALID); /* no fonts, no width */
    KT_ASSERT(r == NULL);
    KT_EQ_INT(fontset_new(FONT_DIR, &fs), KIOSK_OK);
    cfg.fonts = fs;
    KT_EQ_INT(render_new(&cfg, &r), KIOSK_ERR_INVALID);
    cfg.width = 320;
    KT_EQ_INT(render_new(&cfg, &r), KIOSK_OK);
    render_size(r, &w, &h);
    KT_EQ_INT(w, 320);
    KT_EQ_INT(h, 100);
    KT_EQ_INT(render_frame(r, NULL), KIOSK_ERR_INVALID);
    KT_EQ_INT(render_save_png(r, KIOSK_BINARY_DIR "/no-such-dir/x.png"), KIOSK_ERR_IO);
    render_free(r);
    render_free(NULL);
    KT_EQ_INT(render_load_png(KIOSK_BINARY_DIR "/no-such.png", &w, &h, &rgba), KIOSK_ERR_NOT_FOUND);
    KT_EQ_INT(render_load_png(FONT_DIR "/OFL.txt", &w, &h, &rgba), KIOSK_ERR_CORRUPT);

    /* every allocation of render_new failing in turn: an error, no leak */
    for (unsigned long n = 1; n < 16; n++) {
        long live = kmem_live();
        kmem_fail_after(n);
        enum kiosk_err err = render_new(&cfg, &r);
        kmem_fail_after(0);
        if (err == KIOSK_OK) {
            render_free(r);
            break;
        }
        KT_EQ_INT(err, KIOSK_ERR_NOMEM);
        KT_EQ_INT(kmem_live(), live);
    }
    fontset_free(fs);
    return KTEST_PASS;
}

static enum ktest_result test_cache_churn(void)
{
    /* far more distinct texts, sizes and corners than the caches hold:
     * eviction keeps working, frames stay correct, nothing leaks */
    struct fontset *fs = NULL;
    struct render *r = NULL;
    struct draw_list dl;
    struct png p = {0};
    enum ktest_result res = KTEST_FAIL;

    KT_EQ_INT(fontset_new(FONT_DIR, &fs), KIOSK_OK);
    struct render_config cfg = {.width = 600, .height = 200, .offscreen = true, .fonts = fs};
    if (render_new(&cfg, &r) != KIOSK_OK) {
        fontset_free(fs);
        KT_FAIL_AT("render_new");
    }
    draw_list_init(&dl);
    for (int i = 0; i < 400; i++) {
        char line[64];
        draw_list_reset(&dl);
        dl.clear = bg;
        struct draw_cmd *c = add(&dl, DRAW_FRAME, 10, 10, 200, 150, blue);
        c->radius = i % 60;
        c->thick = 1 + i % 7;
        snprintf(line, sizeof(line), "Linha %d — पंक्ति %d", i, i);
        add_text(&dl, 220, 20, 0, 0, 12 + i % 40, i % 3 == 0, ink, line);
        if (render_frame(r, &dl) != KIOSK_OK) {
            fprintf(stderr, "  frame %d: %s\n", i, kiosk_err_detail());
            goto out;
        }
    }
    if (render_save_png(r, OUT_DIR "/churn.png") != KIOSK_OK ||
        render_load_png(OUT_DIR "/churn.png", &p.w, &p.h, &p.rgba) != KIOSK_OK)
        goto out;
    /* the last frame: frame edge, its inside, and text */
    if (!same(px_at(&p, 10, 85), blue, 0) || !same(px_at(&p, 110, 85), bg, 0) ||
        count_not_bg(&p, 220, 20, 600, 200, NULL) < 100)
        goto out;
    res = KTEST_PASS;
out:
    kmem_free(p.rgba);
    draw_list_release(&dl);
    render_free(r);
    fontset_free(fs);
    return res;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A portrait kiosk screen: header, 40 lines of text in both scripts,
 * buttons with rounded corners. */
static void build_screen(struct draw_list *dl, int variant)
{
    dl->clear = bg;
    struct draw_cmd *c = add(dl, DRAW_RECT, 0, 0, 1080, 160, blue);
    add_text(dl, 48, 48, 0, 0, 56, true, (struct ui_color){255, 255, 255, 255},
             "City Hospital — स्वागत है");
    for (int i = 0; i < 32; i++) {
        char line[128];
        snprintf(line, sizeof(line),
                 i % 2 ? "Consulta %d: Dr. João Gonçalves, sala %d"
                       : "अपॉइंटमेंट %d: डॉ. शर्मा, कमरा %d",
                 i + variant * 100, 10 + i);
        add_text(dl, 48, 190 + i * 44, 0, 0, 30, false, ink, line);
    }
    for (int i = 0; i < 4; i++) {
        c = add(dl, DRAW_RECT, 48 + i * 250, 1640, 230, 120, blue);
        c->radius = 28;
        c = add(dl, DRAW_FRAME, 48 + i * 250, 1780, 230, 100, ink);
        c->radius = 28;
        c->thick = 4;
        add_text(dl, 70 + i * 250, 1675, 0, 0, 40, true, (struct ui_color){255, 255, 255, 255},
                 i % 2 ? "आगे" : "Next");
    }
}

static enum ktest_result test_frame_time(void)
{
    enum { FRAMES = 100 };
    struct fontset *fs = NULL;
    struct render *r = NULL;
    struct draw_list dl[2];
    double t[FRAMES];
    enum ktest_result res = KTEST_FAIL;

    KT_EQ_INT(fontset_new(FONT_DIR, &fs), KIOSK_OK);
    struct render_config cfg = {.width = 1080, .height = 1920, .offscreen = true, .fonts = fs};
    if (render_new(&cfg, &r) != KIOSK_OK) {
        fontset_free(fs);
        KT_FAIL_AT("render_new");
    }
    draw_list_init(&dl[0]);
    draw_list_init(&dl[1]);
    build_screen(&dl[0], 0);
    build_screen(&dl[1], 1);

    /* first frames: every line shaped and uploaded */
    double t0 = now_ms();
    if (render_frame(r, &dl[0]) != KIOSK_OK)
        goto out;
    double cold = now_ms() - t0;
    t0 = now_ms();
    if (render_frame(r, &dl[1]) != KIOSK_OK)
        goto out;
    double cold2 = now_ms() - t0;
    /* then the same two screens again and again, as a kiosk redraws */
    for (int i = 0; i < FRAMES; i++) {
        t0 = now_ms();
        if (render_frame(r, &dl[i % 2]) != KIOSK_OK)
            goto out;
        t[i] = now_ms() - t0;
    }
    qsort(t, FRAMES, sizeof(t[0]), cmp_double);
    printf(
        "  1080x1920, %d commands: uncached %.1f ms / %.1f ms; cached p50 %.2f ms, p99 %.2f ms\n",
        dl[0].count, cold, cold2, t[FRAMES / 2], t[FRAMES * 99 / 100]);
    /* The times are figures, not a pass mark (a busy machine is slow, not
     * wrong): every frame drew and the last one is on file. */
    res = render_save_png(r, OUT_DIR "/portrait.png") == KIOSK_OK ? KTEST_PASS : KTEST_FAIL;
out:
    draw_list_release(&dl[0]);
    draw_list_release(&dl[1]);
    render_free(r);
    fontset_free(fs);
    return res;
}

static enum ktest_result test_window_dummy(void)
{
    const char *drv = getenv("SDL_VIDEODRIVER");
    struct fontset *fs = NULL;
    struct render *r = NULL;
    struct draw_list dl;
    struct png p = {0};
    enum ktest_result res = KTEST_FAIL;

    if (!drv || strcmp(drv, "dummy") != 0)
        KT_SKIP("window test runs only with SDL_VIDEODRIVER=dummy (no real screen here)");
    KT_EQ_INT(fontset_new(FONT_DIR, &fs), KIOSK_OK);
    struct render_config cfg = {
        .width = 400, .height = 240, .title = "test", .fonts = fs, .image_dir = IMAGE_DIR};
    enum kiosk_err err = render_new(&cfg, &r);
    if (err) {
        fontset_free(fs);
        KT_SKIP("no dummy video driver: %s", kiosk_err_detail());
    }
    draw_list_init(&dl);
    dl.clear = bg;
    add(&dl, DRAW_RECT, 20, 20, 100, 60, red)->radius = 10;
    add_text(&dl, 20, 120, 0, 0, 32, false, ink, "Hello नमस्ते");
    if (render_frame(r, &dl) != KIOSK_OK)
        goto out;
    ensure_dirs();
    if (render_save_png(r, OUT_DIR "/window.png") != KIOSK_OK ||
        render_load_png(OUT_DIR "/window.png", &p.w, &p.h, &p.rgba) != KIOSK_OK) {
        fprintf(stderr, "  screenshot: %s\n", kiosk_err_detail());
        goto out;
    }
    int w, h;
    render_size(r, &w, &h);
    if (p.w != w || p.h != h || !same(px_at(&p, 70, 50), red, 0) ||
        count_not_bg(&p, 20, 120, 400, 200, NULL) < 200) {
        fprintf(stderr, "  window screenshot %dx%d (output %dx%d) wrong\n", p.w, p.h, w, h);
        goto out;
    }
    /* nothing happens: input_wait returns INPUT_NONE after about its timeout */
    struct input_event ev;
    double t0 = now_ms();
    int guard = 0;
    do {
        input_wait(30, &ev);
    } while (ev.kind != INPUT_NONE && ++guard < 50);
    double waited = now_ms() - t0;
    if (ev.kind != INPUT_NONE || waited > 2000) {
        fprintf(stderr, "  input_wait: kind %d after %.0f ms\n", ev.kind, waited);
        goto out;
    }
    /* A zero timeout does not wait (far below a second even on a busy machine). */
    t0 = now_ms();
    input_wait(0, &ev);
    if (ev.kind != INPUT_NONE || now_ms() - t0 > 1000)
        goto out;
    res = KTEST_PASS;
out:
    kmem_free(p.rgba);
    draw_list_release(&dl);
    render_free(r);
    fontset_free(fs);
    return res;
}

/* One screen, changed a little each step as a kiosk's frames change: a
 * typed letter, the keypad focus ring moving, a countdown, a button's colour;
 * step 4 is the same as step 3 (nothing to draw). */
static void partial_screen(struct draw_list *dl, int step)
{
    static const char *const typed[] = {"S", "Si", "Sil", "Silv", "Silv", "Silva"};
    draw_list_reset(dl);
    dl->clear = bg;
    add(dl, DRAW_RECT, 0, 0, 400, 40, blue);
    add_text(dl, 10, 4, 380, 32, 24, true, (struct ui_color){255, 255, 255, 255},
             "Patient services");
    add_text(dl, 20, 60, 360, 40, 28, false, ink, typed[step]);
    for (int i = 0; i < 3; i++) {
        struct draw_cmd *b =
            add(dl, DRAW_RECT, 20 + i * 125, 150, 110, 50, i == 2 && step >= 5 ? red : blue);
        b->radius = 8;
        add_text(dl, 30 + i * 125, 160, 90, 30, 20, true, (struct ui_color){255, 255, 255, 255},
                 i == 0   ? "Back"
                 : i == 1 ? "Help"
                          : "Next");
    }
    int f = (step == 4 ? 3 : step) % 3; /* the focus ring */
    struct draw_cmd *ring = add(dl, DRAW_FRAME, 16 + f * 125, 146, 118, 58, ink);
    ring->radius = 10;
    ring->thick = 3;
    char left[32];
    snprintf(left, sizeof(left), "%d s left", 30 - (step == 4 ? 3 : step));
    add_text(dl, 300, 210, 90, 26, 18, false, ink, left);
}

static bool same_png(const char *a, const char *b, int tol, long *differ)
{
    struct png p = {0}, q = {0};
    bool ok = render_load_png(a, &p.w, &p.h, &p.rgba) == KIOSK_OK &&
              render_load_png(b, &q.w, &q.h, &q.rgba) == KIOSK_OK && p.w == q.w && p.h == q.h;
    *differ = 0;
    for (int y = 0; ok && y < p.h; y++)
        for (int x = 0; x < p.w; x++)
            if (!same(px_at(&p, x, y), px_at(&q, x, y), tol))
                (*differ)++;
    kmem_free(p.rgba);
    kmem_free(q.rgba);
    return ok && *differ == 0;
}

/* A software window redraws only the region that changed, and nothing when
 * nothing did: after each step the framebuffer as shown equals the whole
 * list drawn from scratch offscreen; an expose draws whole again. */
static enum ktest_result test_window_partial(void)
{
    const char *drv = getenv("SDL_VIDEODRIVER");
    struct fontset *fs = NULL;
    struct render *win = NULL;
    struct draw_list dl;
    enum ktest_result res = KTEST_FAIL;

    if (!drv || strcmp(drv, "dummy") != 0)
        KT_SKIP("window test runs only with SDL_VIDEODRIVER=dummy (no real screen here)");
    KT_EQ_INT(fontset_new(FONT_DIR, &fs), KIOSK_OK);
    struct render_config cfg = {.width = 400, .height = 240, .title = "test", .fonts = fs};
    if (render_new(&cfg, &win) != KIOSK_OK) {
        fontset_free(fs);
        KT_SKIP("no dummy video driver: %s", kiosk_err_detail());
    }
    draw_list_init(&dl);
    ensure_dirs();
    for (int step = 0; step < 6; step++) {
        char shown[256], whole[256];
        struct render *off = NULL;
        struct render_config oc = {.width = 400, .height = 240, .offscreen = true, .fonts = fs};
        partial_screen(&dl, step);
        if (step == 5)
            render_invalidate(win); /* an expose: the next frame is whole */
        snprintf(shown, sizeof(shown), OUT_DIR "/partial-%d-shown.png", step);
        snprintf(whole, sizeof(whole), OUT_DIR "/partial-%d-whole.png", step);
        if (render_frame(win, &dl) != KIOSK_OK || render_save_shown_png(win, shown) != KIOSK_OK ||
            render_new(&oc, &off) != KIOSK_OK || render_frame(off, &dl) != KIOSK_OK ||
            render_save_png(off, whole) != KIOSK_OK) {
            fprintf(stderr, "  step %d: %s\n", step, kiosk_err_detail());
            render_free(off);
            goto out;
        }
        render_free(off);
        long differ;
        if (!same_png(shown, whole, 3, &differ)) {
            fprintf(stderr, "  step %d: %ld pixels of the window differ from the whole list\n",
                    step, differ);
            goto out;
        }
    }
    struct render_counts n = render_counts(win);
    if (n.whole != 2 || n.partial != 3 || n.unchanged != 1) {
        fprintf(stderr, "  frames: %ld whole, %ld partial, %ld unchanged (want 2, 3, 1)\n", n.whole,
                n.partial, n.unchanged);
        goto out;
    }
    res = KTEST_PASS;
out:
    draw_list_release(&dl);
    render_free(win);
    fontset_free(fs);
    return res;
}

static const struct ktest tests[] = {
    {"scene", test_scene},
    {"width_matches_drawn", test_width_matches_drawn},
    {"image", test_image},
    {"errors", test_errors},
    {"cache_churn", test_cache_churn},
    {"frame_time", test_frame_time},
    {"window_dummy", test_window_dummy},
    {"window_partial", test_window_partial},
};

KTEST_MAIN(tests)
