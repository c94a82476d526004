/* `carekiosk brand check DIR` and `carekiosk brand preview DIR --out DIR`:
 * what a clinic runs before a pack ships. The preview plays a journey
 * through every screen with the pack applied, in every language of the pack,
 * with standard, larger text and high contrast display, on the demo data
 * set, and writes a contact sheet (index.html) beside the PNGs. */
#define _DEFAULT_SOURCE
#include "firmware/app/app_private.h"
#include "firmware/brand/brand.h"
#include "firmware/core/clock.h"
#include "firmware/core/log.h"
#include "firmware/core/str.h"
#include "firmware/sync/http.h"
#include "ui/render/render.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MOD "brand"

static void print_problems(const struct brand *b, FILE *f)
{
    for (int i = 0; i < b->problem_count; i++)
        fprintf(f, "%s: %s\n", b->dir, b->problems[i]);
}

static int brand_check(const char *dir)
{
    struct brand b;
    enum kiosk_err err = brand_load(&b, dir);
    print_problems(&b, err == KIOSK_OK ? stdout : stderr);
    if (err != KIOSK_OK) {
        int errors = b.problem_count - b.warning_count;
        fprintf(stderr,
                "%s: %d error%s: this pack would not be used (the kiosk would show the "
                "default branding)\n",
                dir, errors, errors == 1 ? "" : "s");
        return 1;
    }
    printf("%s: ok: \"%s\", %d language%s", dir, b.name, b.lang_count,
           b.lang_count == 1 ? "" : "s");
    for (int i = 0; i < b.lang_count; i++)
        printf("%s%s", i ? ", " : " (", b.texts[i].lang);
    printf("), %d warning%s\n", b.warning_count, b.warning_count == 1 ? "" : "s");
    return 0;
}

struct variant {
    const char *name;  /* folder */
    const char *label; /* on the contact sheet */
    const char *taps;  /* journey lines that choose it on the welcome screen */
};

static const struct variant variants[] = {
    {"standard", "Standard", ""},
    {"large", "Larger text", "tap a11y.large\n"},
    {"contrast", "High contrast", "tap a11y.contrast\n"},
};

/* The screens, in journey order; each shot is named NN-screen. */
static const char *const shot_names[] = {
    "01-welcome",    "02-surname",       "03-date-of-birth", "04-wrong-date", "05-appointments",
    "06-checked-in", "07-help",          "08-help-sent",     "09-guides",     "10-guide",
    "11-glossary",   "12-more-time",     "13-bill",          "14-pay-other",  "15-question",
    "16-callback",   "17-question-sent",
};

/* text as a journey's quoted argument. */
static void put_quoted(FILE *f, const char *text)
{
    fputc('"', f);
    for (; *text; text++) {
        if (*text == '"' || *text == '\\')
            fputc('\\', f);
        fputc(*text, f);
    }
    fputc('"', f);
}

static int write_journey(const char *path, const struct variant *v, const struct brand *b,
                         const char *lang)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    bool checkin = b->features[BRAND_FEATURE_CHECKIN];
    bool help = b->features[BRAND_FEATURE_HELP];
    bool guides = b->features[BRAND_FEATURE_GUIDES];
    bool pay = b->features[BRAND_FEATURE_PAY];
    fprintf(f, "screen welcome\n%s", v->taps);
    /* The header carries the clinic's name in this language. */
    fputs("expect text ", f);
    put_quoted(f, brand_name(b, lang));
    fputs("\nshot 01-welcome\n", f);
    if (checkin) {
        fprintf(f,
                "tap action.checkin\ntype surname \"Silva\"\nshot 02-surname\ntap next\n"
                "type dob \"1984-03-03\"\ntap next\nshot 04-wrong-date\ntap retry\n"
                "type surname \"Silva\"\ntap next\ntype dob \"1984-03-02\"\n"
                "shot 03-date-of-birth\ntap next\n"
                "expect screen checkin.appointments\nshot 05-appointments\ntap confirm\n"
                "expect screen checkin.done\nshot 06-checked-in\ntap finish\n"
                "expect screen welcome\n%s",
                v->taps);
    }
    fprintf(f, "tap help\nshot 07-help\n");
    if (help)
        fprintf(f, "tap help.yes\nshot 08-help-sent\n");
    fprintf(f, "tap back\nexpect screen welcome\n");
    if (guides)
        fprintf(f, "tap action.guides\nshot 09-guides\ntap guide.0\nshot 10-guide\ntap back\n"
                   "tap glossary\nshot 11-glossary\ntap back\ntap back\nexpect screen welcome\n");
    if (pay) {
        /* The preview takes no cards: "pay another way" shows the pack's
         * bill-pay link, desk (in this language when the pack says where
         * it is) and billing phone. */
        fprintf(f, "tap action.pay\ntype surname \"Silva\"\ntap next\ntype dob \"1984-03-02\"\n"
                   "tap next\nexpect screen pay.bill\nshot 13-bill\ntap pay\n"
                   "expect screen pay.other\n");
        if (brand_front_desk(b, lang)) {
            fputs("expect text ", f);
            put_quoted(f, brand_front_desk(b, lang));
            fputc('\n', f);
        }
        fprintf(f,
                "shot 14-pay-other\ntap finish\nexpect screen welcome\n%s"
                "tap action.pay\ntype surname \"Silva\"\ntap next\ntype dob \"1984-03-02\"\n"
                "tap next\ntap question\nshot 15-question\ntap topic.bill\n"
                "tap key.5\ntap key.5\ntap key.5\ntap key.0\ntap key.1\ntap key.2\n"
                "tap key.3\ntap key.4\ntap key.5\ntap key.6\nshot 16-callback\ntap next\n"
                "expect screen billing.sent\nshot 17-question-sent\ntap back\ntap back\n"
                "expect screen welcome\n%s",
                v->taps, v->taps);
    }
    fprintf(f, "wait 46s\nshot 12-more-time\n");
    return fclose(f) == 0 ? 0 : -1;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static int mkdir_p(const char *dir)
{
    char tmp[PATH_MAX];
    if (!kstr_copy(tmp, sizeof(tmp), dir))
        return -1;
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(tmp, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static void html_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else if (*s == '"')
            fputs("&quot;", f);
        else
            fputc(*s, f);
    }
}

static int write_index(const char *out, const struct brand *b)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/index.html", out);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>", f);
    html_text(f, b->name);
    fputs(" - branding preview</title>\n<style>body{font-family:sans-serif;margin:24px}"
          "figure{display:inline-block;margin:8px;vertical-align:top;text-align:center}"
          "img{width:216px;border:1px solid #888}figcaption{font-size:13px}"
          "h2{margin-top:32px}</style></head><body>\n<h1>",
          f);
    html_text(f, b->name);
    fputs("</h1>\n<p>Every screen of the kiosk with this pack, in each of its languages, with "
          "standard, larger text and high contrast display. High contrast uses the kiosk's "
          "own black and yellow colours on purpose.</p>\n",
          f);
    for (int i = 0; i < b->problem_count; i++) {
        fputs("<p>", f);
        html_text(f, b->problems[i]);
        fputs("</p>\n", f);
    }
    for (int l = 0; l < b->lang_count; l++) {
        /* The pack's words in this language, as the kiosk will use them. */
        const char *lang = b->texts[l].lang;
        fprintf(f, "<h2>%s</h2>\n<p>Clinic name: ", lang);
        html_text(f, brand_name(b, lang));
        fputs("<br>Location on paper: ", f);
        html_text(f, brand_location(b, lang) ? brand_location(b, lang) : "(kiosk.ini location)");
        fputs("<br>Front desk: ", f);
        html_text(f,
                  brand_front_desk(b, lang) ? brand_front_desk(b, lang) : "(kiosk.ini front_desk)");
        fputs("</p>\n", f);
        for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
            fprintf(f, "<h2>%s: %s</h2>\n", b->texts[l].lang, variants[v].label);
            for (size_t s = 0; s < sizeof(shot_names) / sizeof(shot_names[0]); s++) {
                char rel[128], full[PATH_MAX];
                snprintf(rel, sizeof(rel), "%s/%s/%s.png", b->texts[l].lang, variants[v].name,
                         shot_names[s]);
                snprintf(full, sizeof(full), "%s/%s", out, rel);
                if (!exists(full))
                    continue;
                fprintf(f,
                        "<figure><a href=\"%s\"><img src=\"%s\" alt=\"%s\"></a>"
                        "<figcaption>%s</figcaption></figure>\n",
                        rel, rel, shot_names[s] + 3, shot_names[s] + 3);
            }
        }
    }
    fputs("</body></html>\n", f);
    return fclose(f) == 0 ? 0 : -1;
}

static int brand_preview(const char *dir, const char *out, const char *assets,
                         const struct kiosk_config *base)
{
    struct brand b;
    if (brand_load(&b, dir) != KIOSK_OK) {
        print_problems(&b, stderr);
        fprintf(stderr, "%s: fix the errors above first (carekiosk brand check %s)\n", dir, dir);
        return 1;
    }
    if (mkdir_p(out) != 0) {
        fprintf(stderr, "carekiosk: cannot create %s: %s\n", out, strerror(errno));
        return 1;
    }
    int64_t now = 0;
    kclock_parse_local("2026-03-10T10:00", &now);
    int shots = 0;
    for (int l = 0; l < b.lang_count; l++) {
        for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
            char sub[PATH_MAX], script[PATH_MAX], db[PATH_MAX];
            snprintf(sub, sizeof(sub), "%s/%s/%s", out, b.texts[l].lang, variants[v].name);
            snprintf(script, sizeof(script), "%s/.preview-%d.journey", out, (int)getpid());
            snprintf(db, sizeof(db), "%s/.preview-%d.db", out, (int)getpid());
            if (mkdir_p(sub) != 0 ||
                write_journey(script, &variants[v], &b, b.texts[l].lang) != 0) {
                fprintf(stderr, "carekiosk: cannot write in %s: %s\n", out, strerror(errno));
                return 1;
            }
            struct kiosk_config cfg = *base;
            cfg.lang_count = 0;
            for (int i = 0; i < b.lang_count && i < CONFIG_MAX_LANGS; i++)
                kstr_copy(cfg.langs[cfg.lang_count++], sizeof(cfg.langs[0]), b.texts[i].lang);
            kstr_copy(cfg.default_lang, sizeof(cfg.default_lang), b.texts[l].lang);
            kstr_copy(cfg.branding, sizeof(cfg.branding), dir);
            struct app_options opt = {
                .config = &cfg,
                .assets_dir = assets,
                .db_path = db,
                .demo = true,
                .headless = true,
                .start_wall_ms = now,
                .output_dir = sub,
            };
            unlink(db);
            struct app *a = NULL;
            enum kiosk_err err = app_new(&opt, &a);
            if (err == KIOSK_OK)
                err = app_play(a, script);
            app_free(a);
            unlink(script);
            unlink(db);
            char side[PATH_MAX + 8];
            snprintf(side, sizeof(side), "%s-wal", db);
            unlink(side);
            snprintf(side, sizeof(side), "%s-shm", db);
            unlink(side);
            if (err != KIOSK_OK) {
                fprintf(stderr, "carekiosk: preview %s/%s failed: %s %s\n", b.texts[l].lang,
                        variants[v].name, kiosk_strerror(err), kiosk_err_detail());
                return 1;
            }
            for (size_t s = 0; s < sizeof(shot_names) / sizeof(shot_names[0]); s++) {
                char png[PATH_MAX + 64];
                snprintf(png, sizeof(png), "%s/%s.png", sub, shot_names[s]);
                shots += exists(png);
            }
        }
    }
    if (write_index(out, &b) != 0) {
        fprintf(stderr, "carekiosk: cannot write %s/index.html\n", out);
        return 1;
    }
    printf("%s: %d screens in %d language%s; open %s/index.html\n", dir, shots, b.lang_count,
           b.lang_count == 1 ? "" : "s", out);
    return 0;
}

int app_brand_main(int argc, char **argv, const char *assets, const struct kiosk_config *cfg)
{
    const char *verb = argc > 1 ? argv[1] : NULL;
    const char *dir = argc > 2 ? argv[2] : NULL;
    const char *out = NULL;
    /* The check decodes each image with the kiosk's own loader. */
    brand_set_image_check(render_image_check);
    brand_set_url_check(http_url_check);
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out = argv[++i];
        else {
            fprintf(stderr, "carekiosk brand: unknown option %s\n", argv[i]);
            dir = NULL;
        }
    }
    if (verb && dir && strcmp(verb, "check") == 0)
        return brand_check(dir);
    if (verb && dir && out && strcmp(verb, "preview") == 0) {
        if (!assets) {
            fprintf(stderr, "carekiosk: cannot find the assets folder; use --assets DIR\n");
            return 2;
        }
        return brand_preview(dir, out, assets, cfg);
    }
    fprintf(stderr, "usage: carekiosk brand check DIR\n"
                    "       carekiosk brand preview DIR --out DIR\n");
    return 2;
}
