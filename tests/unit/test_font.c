/* Font set: script runs, HarfBuzz shaping of Devanagari, widths that match
 * what is drawn, raster lines for the printer, and clean failure. */
#define _POSIX_C_SOURCE 200809L
#include "ui/render/font.h"

#include "firmware/core/err.h"
#include "firmware/core/mem.h"
#include "tests/unit/ktest.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FONT_DIR KIOSK_SOURCE_DIR "/assets/fonts"

static struct fontset *open_fonts(void)
{
    struct fontset *fs = NULL;
    if (fontset_new(FONT_DIR, &fs) != KIOSK_OK)
        return NULL;
    return fs;
}

static bool run_is(const struct fontset_run *run, const char *text, bool deva)
{
    return run->len == (int)strlen(text) && memcmp(run->text, text, (size_t)run->len) == 0 &&
           run->devanagari == deva;
}

static enum ktest_result test_runs_split(void)
{
    struct fontset_run runs[8];

    /* the space after "Hello" stays in the Latin run; digits after Hindi stay Hindi */
    KT_EQ_INT(fontset_runs("Hello राम 12", runs, 8), 2);
    KT_ASSERT(run_is(&runs[0], "Hello ", false));
    KT_ASSERT(run_is(&runs[1], "राम 12", true));

    /* leading neutrals take the first script that follows */
    KT_EQ_INT(fontset_runs("12, राम", runs, 8), 1);
    KT_ASSERT(run_is(&runs[0], "12, राम", true));
    KT_EQ_INT(fontset_runs("कमरा 12 (B)", runs, 8), 2);
    KT_ASSERT(run_is(&runs[0], "कमरा 12 (", true));
    KT_ASSERT(run_is(&runs[1], "B)", false));

    /* only neutrals: one Latin run; empty: none */
    KT_EQ_INT(fontset_runs("12:30", runs, 8), 1);
    KT_ASSERT(run_is(&runs[0], "12:30", false));
    KT_EQ_INT(fontset_runs("", runs, 8), 0);

    /* non-ASCII punctuation and symbols NotoSansDevanagari lacks go to NotoSans */
    KT_EQ_INT(fontset_runs("राम — @ सीता", runs, 8), 3);
    KT_ASSERT(run_is(&runs[0], "राम ", true));
    KT_ASSERT(run_is(&runs[1], "— @ ", false));
    KT_ASSERT(run_is(&runs[2], "सीता", true));

    /* danda and ZWJ stay Devanagari; Latin accents stay Latin */
    KT_EQ_INT(fontset_runs("क्\u200dष।", runs, 8), 1);
    KT_EQ_INT(fontset_runs("João Gonçalves", runs, 8), 1);
    KT_ASSERT(!runs[0].devanagari);
    return KTEST_PASS;
}

static enum ktest_result test_runs_full(void)
{
    struct fontset_run runs[2];
    const char *s = "aकbखc";

    /* out of slots: the last run takes the rest, nothing is lost */
    KT_EQ_INT(fontset_runs(s, runs, 2), 2);
    KT_EQ_INT(runs[0].len + runs[1].len, (int)strlen(s));
    KT_ASSERT(runs[1].text == s + 1);
    KT_EQ_INT(fontset_runs(s, runs, 0), 0);
    KT_EQ_INT(fontset_runs(NULL, runs, 2), 0);
    return KTEST_PASS;
}

static enum ktest_result test_missing_dir(void)
{
    struct fontset *fs = (struct fontset *)&fs; /* must be reset to NULL */

    kiosk_err_clear_detail();
    KT_EQ_INT(fontset_new(KIOSK_BINARY_DIR "/no-such-font-dir", &fs), KIOSK_ERR_NOT_FOUND);
    KT_ASSERT(fs == NULL);
    KT_ASSERT(strstr(kiosk_err_detail(), "NotoSans-Regular.ttf") != NULL);
    KT_EQ_INT(fontset_new(NULL, &fs), KIOSK_ERR_INVALID);
    fontset_free(NULL);
    return KTEST_PASS;
}

static enum ktest_result test_corrupt_font(void)
{
    /* files present but not fonts: found at fontset_new, not as blank text */
    static const char *const names[] = {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
                                        "NotoSansDevanagari-Regular.ttf",
                                        "NotoSansDevanagari-Bold.ttf"};
    char path[512];
    struct fontset *fs = NULL;

    mkdir(KIOSK_BINARY_DIR "/test_font_junk", 0755);
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s/%s", KIOSK_BINARY_DIR "/test_font_junk", names[i]);
        FILE *f = fopen(path, "wb");
        KT_ASSERT(f);
        fputs("not a font\n", f);
        fclose(f);
    }
    KT_EQ_INT(fontset_new(KIOSK_BINARY_DIR "/test_font_junk", &fs), KIOSK_ERR_CORRUPT);
    KT_ASSERT(fs == NULL);
    KT_ASSERT(strstr(kiosk_err_detail(), "NotoSans-Regular.ttf") != NULL);
    return KTEST_PASS;
}

static enum ktest_result test_nomem(void)
{
    /* fail each allocation of fontset_new in turn: never a leak, never a half object */
    for (unsigned long n = 1; n < 32; n++) {
        struct fontset *fs = NULL;
        long live = kmem_live();
        kmem_fail_after(n);
        enum kiosk_err err = fontset_new(FONT_DIR, &fs);
        kmem_fail_after(0);
        if (err == KIOSK_OK) {
            KT_ASSERT(fs != NULL);
            fontset_free(fs);
            KT_EQ_INT(kmem_live(), live);
            return KTEST_PASS;
        }
        KT_EQ_INT(err, KIOSK_ERR_NOMEM);
        KT_ASSERT(fs == NULL);
        KT_EQ_INT(kmem_live(), live);
    }
    KT_FAIL_AT("fontset_new never succeeded");
}

static enum ktest_result test_metrics(void)
{
    struct fontset *fs = open_fonts();
    KT_ASSERT(fs);
    struct text_measure tm = fontset_measure(fs);
    int lh16 = fontset_line_height(fs, 16), lh48 = fontset_line_height(fs, 48);

    KT_ASSERT(lh16 >= 16 && lh16 < 32);
    KT_ASSERT(lh48 >= 48 && lh48 < 96);
    KT_EQ_INT(tm.line_height(tm.ctx, 48), lh48);
    KT_EQ_INT(tm.width(tm.ctx, "Check in", 32, true), fontset_width(fs, "Check in", 32, true));
    KT_ASSERT(fontset_width(fs, "Check in", 32, true) > fontset_width(fs, "Check in", 32, false));
    KT_ASSERT(fontset_width(fs, "Check in", 64, false) > fontset_width(fs, "Check in", 32, false));
    KT_EQ_INT(fontset_width(fs, "", 32, false), 0);
    KT_EQ_INT(fontset_width(fs, "abc", 0, false), 0);
    KT_EQ_INT(fontset_line_height(fs, -3), 0);

    /* the width cache gives the same answer as measuring afresh */
    int first = fontset_width(fs, "नमस्ते, कृपया", 40, false);
    KT_ASSERT(first > 0);
    KT_EQ_INT(fontset_width(fs, "नमस्ते, कृपया", 40, false), first);
    /* a line is the sum of its runs */
    KT_EQ_INT(fontset_width(fs, "Hello राम 12", 40, false),
              fontset_width(fs, "Hello ", 40, false) + fontset_width(fs, "राम 12", 40, false));
    fontset_free(fs);
    return KTEST_PASS;
}

static enum ktest_result test_conjunct_shaped(void)
{
    struct fontset *fs = open_fonts();
    KT_ASSERT(fs);
    int whole = fontset_width(fs, "क्ष", 48, false);
    int parts = fontset_width(fs, "क", 48, false) + fontset_width(fs, "्", 48, false) +
                fontset_width(fs, "ष", 48, false);
    fontset_free(fs);
    /* HarfBuzz makes one conjunct glyph; unshaped it would be three */
    KT_ASSERT(whole > 0);
    KT_ASSERT(whole < parts);
    return KTEST_PASS;
}

static long ink_diff(const struct kbitmap *a, int ax, const struct kbitmap *b, int w)
{
    long d = 0;
    int h = a->height < b->height ? a->height : b->height;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            d += labs((long)a->pixels[y * a->width + ax + x] - b->pixels[y * b->width + x]);
    return d;
}

static enum ktest_result test_i_matra_left(void)
{
    struct fontset *fs = open_fonts();
    KT_ASSERT(fs);
    struct text_raster tr = fontset_raster(fs);
    struct kbitmap ki = {0}, ka = {0};
    enum ktest_result res = KTEST_FAIL;

    if (tr.line(tr.ctx, "कि", 48, false, &ki) != KIOSK_OK ||
        tr.line(tr.ctx, "क", 48, false, &ka) != KIOSK_OK)
        goto out;
    if (ki.width <= ka.width) {
        fprintf(stderr, "  कि not wider than क: %d <= %d\n", ki.width, ka.width);
        goto out;
    }
    /* Find where क sits inside कि: shaped, the matra is drawn first (left)
     * and क follows; unshaped, क would be at 0 with the matra after it. */
    int best_x = 0;
    long best = -1;
    for (int x = 0; x + ka.width <= ki.width; x++) {
        long d = ink_diff(&ki, x, &ka, ka.width);
        if (best < 0 || d < best) {
            best = d;
            best_x = x;
        }
    }
    if (best_x < (ki.width - ka.width) / 2) {
        fprintf(stderr, "  क found at x=%d in कि (width %d, क %d): matra not left\n", best_x,
                ki.width, ka.width);
        goto out;
    }
    /* and the matra's stem puts ink left of that */
    long ink = 0;
    for (int y = 0; y < ki.height; y++)
        for (int x = 0; x < best_x; x++)
            ink += ki.pixels[y * ki.width + x] < 128;
    if (ink < 20) {
        fprintf(stderr, "  no matra ink left of क (%ld px)\n", ink);
        goto out;
    }
    res = KTEST_PASS;
out:
    kbitmap_release(&ki);
    kbitmap_release(&ka);
    fontset_free(fs);
    return res;
}

static long count_ink(const struct kbitmap *bm, int x0, int x1, int *top, int *bottom)
{
    long n = 0;
    *top = bm->height;
    *bottom = -1;
    for (int y = 0; y < bm->height; y++)
        for (int x = x0; x < x1 && x < bm->width; x++)
            if (bm->pixels[y * bm->width + x] < 128) {
                n++;
                *top = y < *top ? y : *top;
                *bottom = y > *bottom ? y : *bottom;
            }
    return n;
}

static enum ktest_result test_raster_sizes(void)
{
    static const char *const lines[] = {
        "कमरा 12 में जाएँ", "Room 12 — कमरा 12", "Confirmação da consulta", "श्री क्षत्रिय", " ",
    };
    struct fontset *fs = open_fonts();
    KT_ASSERT(fs);
    struct text_raster tr = fontset_raster(fs);

    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        for (int bold = 0; bold < 2; bold++) {
            struct kbitmap bm = {0};
            enum kiosk_err err = tr.line(tr.ctx, lines[i], 32, bold, &bm);
            int w = fontset_width(fs, lines[i], 32, bold), top, bottom;
            long ink = count_ink(&bm, 0, bm.width, &top, &bottom);
            int bw = bm.width, bh = bm.height;
            kbitmap_release(&bm);
            if (err != KIOSK_OK) {
                fontset_free(fs);
                KT_FAIL_AT("raster of line %zu failed: %s", i, kiosk_err_name(err));
            }
            if (bw != (w > 0 ? w : 1) || bh != fontset_line_height(fs, 32) ||
                (lines[i][0] != ' ' && ink < 100)) {
                fontset_free(fs);
                KT_FAIL_AT("line %zu bold %d: %dx%d, width %d, ink %ld", i, bold, bw, bh, w, ink);
            }
        }
    }
    /* empty text: a 1-pixel-wide white line */
    struct kbitmap bm = {0};
    KT_EQ_INT(tr.line(tr.ctx, "", 32, false, &bm), KIOSK_OK);
    KT_EQ_INT(bm.width, 1);
    KT_EQ_INT(bm.pixels[0], 255);
    kbitmap_release(&bm);
    fontset_free(fs);
    return KTEST_PASS;
}

static enum ktest_result test_baseline_aligned(void)
{
    /* H and म both sit on the baseline (neither has a descender); drawn in
     * one line from two fonts with different ascents, their bottoms meet. */
    struct fontset *fs = open_fonts();
    KT_ASSERT(fs);
    struct text_raster tr = fontset_raster(fs);
    struct kbitmap bm = {0};
    int split = fontset_width(fs, "H ", 48, false);
    int htop, hbot, mtop, mbot;

    KT_EQ_INT(tr.line(tr.ctx, "H म", 48, false, &bm), KIOSK_OK);
    long hink = count_ink(&bm, 0, split, &htop, &hbot);
    long mink = count_ink(&bm, split, bm.width, &mtop, &mbot);
    /* and no ink is cut at the edges of the line for tall and deep text */
    struct kbitmap deep = {0};
    enum kiosk_err err = tr.line(tr.ctx, "Ágjp ह्रृ कृ ॐ", 48, false, &deep);
    int dtop = 0, dbot = 0;
    if (err == KIOSK_OK)
        count_ink(&deep, 0, deep.width, &dtop, &dbot);
    int dh = deep.height;
    kbitmap_release(&deep);
    kbitmap_release(&bm);
    fontset_free(fs);
    KT_ASSERT(hink > 0 && mink > 0);
    KT_ASSERT(abs(hbot - mbot) <= 1);
    KT_EQ_INT(err, KIOSK_OK);
    KT_ASSERT(dtop > 0);
    KT_ASSERT(dbot < dh - 1);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"runs_split", test_runs_split},
    {"runs_full", test_runs_full},
    {"missing_dir", test_missing_dir},
    {"corrupt_font", test_corrupt_font},
    {"nomem", test_nomem},
    {"metrics", test_metrics},
    {"conjunct_shaped", test_conjunct_shaped},
    {"i_matra_left", test_i_matra_left},
    {"raster_sizes", test_raster_sizes},
    {"baseline_aligned", test_baseline_aligned},
};

KTEST_MAIN(tests)
