/* Branding packs: the shipped packs load; each kind of mistake a clinic can
 * make is named with its file, line and what to do; a bad pack never
 * half-applies. */
#include "firmware/brand/brand.h"
#include "ktest.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define PACKS KIOSK_SOURCE_DIR "/assets/branding/"

static const char good_ini[] = "[clinic]\n"                         /* 1 */
                               "name = Test Clinic\n"               /* 2 */
                               "languages = en,pt-br\n"             /* 3 */
                               "logo = logo.png\n"                  /* 4 */
                               "[colours]\n"                        /* 5 */
                               "primary = #004D40\n"                /* 6 */
                               "on_primary = #FFFFFF\n"             /* 7 */
                               "[links]\n"                          /* 8 */
                               "bill_pay = https://pay.example\n"   /* 9 */
                               "[features]\n"                       /* 10 */
                               "guides = false\n"                   /* 11 */
                               "[text.en]\n"                        /* 12 */
                               "welcome = Hello\n"                  /* 13 */
                               "closing = Bye\n"                    /* 14 */
                               "[text.pt-BR]\n"                     /* 15 */
                               "welcome = Olá\n"                    /* 16 */
                               "closing = Tchau\n"                  /* 17 */
                               "front_desk = Térreo, à esquerda\n"; /* 18 */

/* A PNG signature and IHDR claiming w x h (the checker reads no further). */
static void write_png(const char *path, unsigned w, unsigned h)
{
    unsigned char b[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
                           0,    0,   0,   13,  'I',  'H',  'D',  'R'};
    for (int i = 0; i < 4; i++) {
        b[16 + i] = (unsigned char)(w >> (24 - 8 * i));
        b[20 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    b[24] = 8;
    b[25] = 6;
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(b, 1, sizeof(b), f);
        fclose(f);
    }
}

/* Makes KIOSK_BINARY_DIR/test_brand/<name> with brand.ini = ini and, when
 * logo_px > 0, a logo.png of that size. Returns the folder. */
static const char *make_pack(const char *name, const char *ini, unsigned logo_px)
{
    static char dir[1024];
    char path[1200];
    snprintf(dir, sizeof(dir), "%s/test_brand", KIOSK_BINARY_DIR);
    mkdir(dir, 0777);
    snprintf(dir, sizeof(dir), "%s/test_brand/%s", KIOSK_BINARY_DIR, name);
    mkdir(dir, 0777);
    snprintf(path, sizeof(path), "%s/brand.ini", dir);
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(ini, f);
        fclose(f);
    }
    snprintf(path, sizeof(path), "%s/logo.png", dir);
    remove(path);
    if (logo_px)
        write_png(path, logo_px, logo_px);
    return dir;
}

/* The pack text with line `line` (1-based) replaced by `with` ("" drops it). */
static const char *edit_text(const char *src, int line, const char *with)
{
    static char out[4096];
    char copy[4096];
    snprintf(copy, sizeof(copy), "%s", src);
    out[0] = '\0';
    const char *p = copy;
    for (int n = 1; *p; n++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
        if (n == line) {
            strcat(out, with);
            if (with[0])
                strcat(out, "\n");
        } else {
            strncat(out, p, len);
        }
        p += len;
    }
    return out;
}

static const char *edit(int line, const char *with)
{
    return edit_text(good_ini, line, with);
}

static bool has_problem(const struct brand *b, const char *text)
{
    for (int i = 0; i < b->problem_count; i++)
        if (strstr(b->problems[i], text))
            return true;
    for (int i = 0; i < b->problem_count; i++)
        fprintf(stderr, "    problem: %s\n", b->problems[i]);
    fprintf(stderr, "    wanted: %s\n", text);
    return false;
}

static enum ktest_result test_shipped_packs(void)
{
    static const char *const packs[] = {"default", "clinica-sao-lucas", "sahyog-pune"};
    for (size_t i = 0; i < sizeof(packs) / sizeof(packs[0]); i++) {
        char dir[512];
        struct brand b;
        snprintf(dir, sizeof(dir), PACKS "%s", packs[i]);
        enum kiosk_err err = brand_load(&b, dir);
        for (int k = 0; k < b.problem_count; k++)
            fprintf(stderr, "    %s: %s\n", packs[i], b.problems[k]);
        KT_EQ_INT(err, KIOSK_OK);
        KT_EQ_INT(b.problem_count, 0);
        KT_ASSERT(b.logo[0]);
        for (int k = 0; k < b.lang_count; k++)
            KT_ASSERT(brand_welcome(&b, b.texts[k].lang) && brand_closing(&b, b.texts[k].lang));
    }
    struct brand b;
    KT_EQ_INT(brand_load(&b, PACKS "sahyog-pune"), KIOSK_OK);
    KT_EQ_STR(b.texts[0].lang, "hi");
    KT_ASSERT(!b.features[BRAND_FEATURE_HELP]);
    KT_EQ_STR(b.phone_front_desk, "+91 20 4000 5000");
    return KTEST_PASS;
}

static enum ktest_result test_good_pack(void)
{
    struct brand b;
    KT_EQ_INT(brand_load(&b, make_pack("good", good_ini, 256)), KIOSK_OK);
    KT_EQ_STR(b.name, "Test Clinic");
    KT_EQ_INT(b.lang_count, 2);
    KT_EQ_STR(b.texts[1].lang, "pt-BR"); /* canonical form */
    KT_EQ_STR(brand_welcome(&b, "pt-BR"), "Olá");
    KT_ASSERT(brand_welcome(&b, "hi") == NULL);
    KT_EQ_STR(brand_front_desk(&b, "pt-BR"), "Térreo, à esquerda");
    KT_ASSERT(brand_front_desk(&b, "en") == NULL); /* kiosk.ini's front_desk then */
    KT_EQ_INT((int)b.colours[BRAND_PRIMARY], 0x004D40);
    KT_EQ_INT((int)b.colours[BRAND_TEXT], 0x141C24); /* unset: the default */
    KT_ASSERT(!b.features[BRAND_FEATURE_GUIDES]);
    KT_ASSERT(b.features[BRAND_FEATURE_CHECKIN]);
    KT_EQ_STR(b.url_bill_pay, "https://pay.example");
    return KTEST_PASS;
}

struct bad_case {
    const char *name;
    int line;          /* line of good_ini to replace; 0: append */
    const char *with;  /* the replacement */
    unsigned logo_px;  /* 0: no logo file */
    const char *wants; /* a substring of one problem */
};

static const struct bad_case bad_cases[] = {
    {"unknown_key", 2, "nmae = Test", 256, "brand.ini:2: unknown key 'nmae' in [clinic]"},
    {"unknown_section", 8, "[link]", 256, "brand.ini:9: unknown section [link]"},
    {"bad_colour", 6, "primary = 004D40", 256,
     "brand.ini:6: colour primary '004D40' is not #RRGGBB"},
    {"short_colour", 6, "primary = #0F0", 256, "brand.ini:6: colour primary '#0F0' is not"},
    {"missing_logo", 0, "", 0, "brand.ini:4: logo file 'logo.png' is missing from the pack"},
    {"logo_too_large", 0, "", 4096, "brand.ini:4: logo 'logo.png' is 4096x4096 pixels"},
    {"logo_is_a_path", 4, "logo = ../logo.png", 256,
     "brand.ini:4: logo must be a file name inside the pack folder"},
    /* The picture of where the payment terminal stands: checked like the logo. */
    {"missing_terminal_image", 4, "logo = logo.png\nterminal_image = terminal.png", 256,
     "brand.ini:5: terminal_image file 'terminal.png' is missing from the pack"},
    {"terminal_image_is_a_path", 4, "logo = logo.png\nterminal_image = ../t.png", 256,
     "brand.ini:5: terminal_image must be a file name inside the pack folder"},
    {"missing_closing", 17, "", 256, "brand.ini:3: no closing text for pt-BR"},
    {"missing_welcome", 13, "", 256, "brand.ini:3: no welcome text for en"},
    {"unknown_language", 3, "languages = en,pt-BR,fr", 256, "brand.ini:3: unknown language 'fr'"},
    {"texts_for_unlisted", 3, "languages = en", 256,
     "brand.ini:16: texts for 'pt-BR', which is not in [clinic] languages"},
    {"low_contrast_header", 7, "on_primary = #2E7D32", 256,
     "brand.ini:7: header and button text: on_primary #2E7D32 on primary #004D40 has contrast"},
    {"low_contrast_body", 0, "[colours]\ntext = #9E9E9E", 256,
     "body text: text #9E9E9E on background #F4F6F8 has contrast 2.47:1, below 4.5:1"},
    {"http_link", 9, "bill_pay = http://pay.example", 256,
     "brand.ini:9: link bill_pay must be an https:// address"},
    {"bad_feature", 11, "guides = maybe", 256, "brand.ini:11: feature guides 'maybe' must be"},
    {"nothing_offered", 11, "guides = false\ncheckin = false\npay = false", 256,
     "brand.ini: checkin, pay and guides are all off"},
    {"syntax", 5, "[colours", 256, "brand.ini:5: "},
};

static enum ktest_result test_every_problem(void)
{
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        const struct bad_case *c = &bad_cases[i];
        char ini[4096];
        if (c->line)
            snprintf(ini, sizeof(ini), "%s", edit(c->line, c->with));
        else
            snprintf(ini, sizeof(ini), "%s%s\n", good_ini, c->with);
        struct brand b;
        enum kiosk_err err = brand_load(&b, make_pack(c->name, ini, c->logo_px));
        if (err != KIOSK_ERR_CONFIG)
            fprintf(stderr, "    case %s\n", c->name);
        KT_EQ_INT(err, KIOSK_ERR_CONFIG);
        KT_ASSERT(has_problem(&b, c->wants));
        /* nothing of the bad pack applies */
        KT_EQ_STR(b.name, "carekiosk");
        KT_EQ_INT((int)b.colours[BRAND_PRIMARY], 0x0B57A4);
        KT_EQ_INT(b.lang_count, 0);
        KT_ASSERT(b.features[BRAND_FEATURE_GUIDES]);
    }
    return KTEST_PASS;
}

static enum ktest_result test_all_problems_at_once(void)
{
    char ini[4096];
    snprintf(ini, sizeof(ini), "%s", edit(6, "primary = red"));
    strcat(ini, "[clinic]\ncolour = blue\n[text.es]\nwelcome = Hola\n");
    struct brand b;
    KT_EQ_INT(brand_load(&b, make_pack("many", ini, 0)), KIOSK_ERR_CONFIG);
    KT_ASSERT(has_problem(&b, ":6: colour primary 'red'"));
    KT_ASSERT(has_problem(&b, ":20: unknown key 'colour'"));
    KT_ASSERT(has_problem(&b, ":22: texts for 'es'"));
    KT_ASSERT(has_problem(&b, "logo file 'logo.png' is missing"));
    KT_EQ_INT(b.problem_count, 4);
    return KTEST_PASS;
}

static enum ktest_result test_missing_pack(void)
{
    struct brand b;
    KT_EQ_INT(brand_load(&b, KIOSK_BINARY_DIR "/no-such-pack"), KIOSK_ERR_NOT_FOUND);
    KT_ASSERT(has_problem(&b, "brand.ini: not found in the pack folder"));
    KT_EQ_STR(b.name, "carekiosk");
    return KTEST_PASS;
}

static enum ktest_result test_warnings_only(void)
{
    struct brand b;
    /* no logo and pay without a bill-pay link: usable, with warnings */
    char ini[4096];
    snprintf(ini, sizeof(ini), "%s", edit_text(edit(9, ""), 4, ""));
    KT_EQ_INT(brand_load(&b, make_pack("warnings", ini, 0)), KIOSK_OK);
    KT_EQ_INT(b.warning_count, 2);
    KT_ASSERT(has_problem(&b, "warning: no logo"));
    KT_ASSERT(has_problem(&b, "warning: pay is on but [links] bill_pay is empty"));
    KT_EQ_STR(b.name, "Test Clinic");
    return KTEST_PASS;
}

/* The clinic's name and the kiosk's place per language; a language left
 * without one while others have it is a warning naming it. */
static enum ktest_result test_texts_per_language(void)
{
    struct brand b;
    char ini[4096];
    snprintf(ini, sizeof(ini),
             "%s[text.es]\nwelcome = Hola\nclosing = Adiós\nname = Clínica de prueba\n"
             "location = Vestíbulo principal\n",
             good_ini);
    /* es must be one of the pack's languages */
    char *langs = strstr(ini, "languages = en,pt-br");
    KT_ASSERT(langs);
    memcpy(langs, "languages = en,es,pt", 20);
    char *nl = strchr(langs, '\n');
    memmove(nl + 3, nl, strlen(nl) + 1);
    memcpy(nl, "-BR", 3);
    KT_EQ_INT(brand_load(&b, make_pack("texts", ini, 256)), KIOSK_OK);
    KT_EQ_STR(brand_name(&b, "es"), "Clínica de prueba");
    KT_EQ_STR(brand_name(&b, "en"), "Test Clinic"); /* [clinic] name */
    KT_EQ_STR(brand_name(&b, "pt-BR"), "Test Clinic");
    KT_EQ_STR(brand_location(&b, "es"), "Vestíbulo principal");
    KT_ASSERT(brand_location(&b, "en") == NULL); /* kiosk.ini's location then */
    KT_ASSERT(has_problem(&b, "warning: no name for pt-BR while other languages have one"));
    KT_ASSERT(has_problem(&b, "warning: no location for pt-BR"));
    KT_ASSERT(!has_problem(&b, "no name for en")); /* the first language has [clinic] name */
    return KTEST_PASS;
}

static enum ktest_result test_contrast(void)
{
    KT_ASSERT(brand_contrast(0x000000, 0xFFFFFF) > 20.99);
    KT_ASSERT(brand_contrast(0xFFFFFF, 0xFFFFFF) < 1.0001);
    /* #767676 on white is the well-known 4.54:1 */
    double r = brand_contrast(0x767676, 0xFFFFFF);
    KT_ASSERT(r > 4.50 && r < 4.60);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"shipped_packs", test_shipped_packs}, {"good_pack", test_good_pack},
    {"every_problem", test_every_problem}, {"all_problems_at_once", test_all_problems_at_once},
    {"missing_pack", test_missing_pack},   {"warnings_only", test_warnings_only},
    {"contrast", test_contrast},           {"texts_per_language", test_texts_per_language},
};

KTEST_MAIN(tests)
