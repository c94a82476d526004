/* Branding end to end: `brand check` exit statuses, `brand preview` writes
 * every screen in every language and display mode with the pack's colours,
 * and a kiosk configured with a broken pack starts with the default pack and
 * keeps the reasons for the technician. */
#include "firmware/app/app_private.h"
#include "firmware/core/file.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "ktest.h"
#include "ui/render/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ASSETS KIOSK_SOURCE_DIR "/assets"
#define PACKS  ASSETS "/branding/"

static int run(const char *verb, const char *dir, const char *out)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    cfg.fullscreen = false;
    char *argv[] = {"brand", (char *)verb, (char *)dir, out ? "--out" : NULL, (char *)out, NULL};
    return app_brand_main(out ? 5 : 3, argv, ASSETS, &cfg);
}

static const char *bad_pack(void)
{
    static char dir[512];
    snprintf(dir, sizeof(dir), "%s/test_brand_preview_bad", KIOSK_BINARY_DIR);
    mkdir(dir, 0777);
    char path[600];
    snprintf(path, sizeof(path), "%s/brand.ini", dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("[clinic]\nname = Broken\nlanguages = en\nlogo = gone.png\n[colours]\n"
              "primary = #FFFF00\n",
              f);
        fclose(f);
    }
    return dir;
}

static enum ktest_result test_check_exit_status(void)
{
    KT_EQ_INT(run("check", PACKS "default", NULL), 0);
    KT_EQ_INT(run("check", PACKS "clinica-sao-lucas", NULL), 0);
    KT_EQ_INT(run("check", bad_pack(), NULL), 1);
    KT_EQ_INT(run("check", KIOSK_BINARY_DIR "/no-such-pack", NULL), 1);
    KT_EQ_INT(run("frobnicate", PACKS "default", NULL), 2);
    return KTEST_PASS;
}

static bool pixel_is(const char *png, int x, int y, uint32_t rgb)
{
    int w, h;
    uint8_t *px;
    if (render_load_png(png, &w, &h, &px) != KIOSK_OK)
        return false;
    const uint8_t *p = px + ((size_t)y * w + x) * 4;
    bool same = p[0] == (rgb >> 16 & 0xFF) && p[1] == (rgb >> 8 & 0xFF) && p[2] == (rgb & 0xFF);
    if (!same)
        fprintf(stderr, "    %s (%d,%d) is #%02X%02X%02X, wanted #%06X\n", png, x, y, p[0], p[1],
                p[2], (unsigned)rgb);
    kmem_free(px);
    return same;
}

static enum ktest_result test_preview(void)
{
    const char *out = KIOSK_BINARY_DIR "/test_brand_preview";
    KT_EQ_INT(run("preview", PACKS "sahyog-pune", out), 0);
    static const char *const langs[] = {"hi", "en"};
    static const char *const modes[] = {"standard", "large", "contrast"};
    /* sahyog-pune takes no help requests: no help-sent screen */
    static const char *const shots[] = {
        "01-welcome",      "02-surname",    "03-date-of-birth", "04-wrong-date",
        "05-appointments", "06-checked-in", "07-help",          "09-guides",
        "10-guide",        "11-glossary",   "12-more-time",     "13-bill",
        "14-pay-other",    "15-question",   "16-callback",      "17-question-sent"};
    char path[1024];
    for (int l = 0; l < 2; l++)
        for (int m = 0; m < 3; m++)
            for (size_t s = 0; s < sizeof(shots) / sizeof(shots[0]); s++) {
                struct stat st;
                snprintf(path, sizeof(path), "%s/%s/%s/%s.png", out, langs[l], modes[m], shots[s]);
                if (stat(path, &st) != 0)
                    fprintf(stderr, "    missing %s\n", path);
                KT_ASSERT(stat(path, &st) == 0 && st.st_size > 1000);
            }
    snprintf(path, sizeof(path), "%s/hi/standard/08-help-sent.png", out);
    KT_ASSERT(access(path, F_OK) != 0);
    /* the header wears the pack's colour; high contrast keeps black and yellow */
    snprintf(path, sizeof(path), "%s/hi/standard/01-welcome.png", out);
    KT_ASSERT(pixel_is(path, 1070, 4, 0x8A3A00));
    KT_ASSERT(pixel_is(path, 1070, 400, 0xFFF8F0));
    snprintf(path, sizeof(path), "%s/en/contrast/05-appointments.png", out);
    KT_ASSERT(pixel_is(path, 1070, 4, 0xFFE000));
    KT_ASSERT(pixel_is(path, 1070, 400, 0x000000));
    /* the contact sheet links every screen */
    snprintf(path, sizeof(path), "%s/index.html", out);
    char *html = NULL;
    size_t len = 0;
    KT_EQ_INT(kfile_read(path, 1 << 20, &html, &len), KIOSK_OK);
    KT_ASSERT(strstr(html, "Sahyog Community Hospital, Pune"));
    KT_ASSERT(strstr(html, "src=\"hi/large/06-checked-in.png\""));
    KT_ASSERT(strstr(html, "src=\"en/contrast/12-more-time.png\""));
    KT_ASSERT(strstr(html, "src=\"hi/large/14-pay-other.png\""));
    kmem_free(html);
    return KTEST_PASS;
}

static enum ktest_result test_preview_refuses_bad_pack(void)
{
    KT_EQ_INT(run("preview", bad_pack(), KIOSK_BINARY_DIR "/test_brand_preview_refused"), 1);
    return KTEST_PASS;
}

static enum ktest_result test_bad_pack_at_start(void)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    kstr_copy(cfg.branding, sizeof(cfg.branding), bad_pack());
    char db[512];
    snprintf(db, sizeof(db), "%s/test_brand_preview.db", KIOSK_BINARY_DIR);
    remove(db);
    struct app_options opt = {
        .config = &cfg, .assets_dir = ASSETS, .db_path = db, .demo = true, .headless = true};
    struct app *a = NULL;
    KT_EQ_INT(app_new(&opt, &a), KIOSK_OK);
    /* the kiosk runs with the default pack ... */
    KT_EQ_STR(a->brand.pack.name, "Patient services");
    KT_ASSERT(a->brand.pack.logo[0]);
    /* ... and keeps why the configured one was not used */
    KT_ASSERT(a->brand.rejected.problem_count >= 2);
    bool named = false;
    for (int i = 0; i < a->brand.rejected.problem_count; i++)
        named |= strstr(a->brand.rejected.problems[i], "brand.ini:4: logo file 'gone.png'") != NULL;
    KT_ASSERT(named);
    KT_EQ_INT(app_draw(a), KIOSK_OK);
    KT_ASSERT(strstr(a->frame.prompt, "Welcome") != NULL);
    app_free(a);
    remove(db);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"check_exit_status", test_check_exit_status},
    {"preview", test_preview},
    {"preview_refuses_bad_pack", test_preview_refuses_bad_pack},
    {"bad_pack_at_start", test_bad_pack_at_start},
};

KTEST_MAIN(tests)
