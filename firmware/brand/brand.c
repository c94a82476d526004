/* Branding packs: parse brand.ini with the shared INI reader, then check the
 * files it names and the colour pairs the theme will draw. Problems are
 * collected, never printed here: the caller decides whether they go to a
 * terminal (brand check) or to the technician view (kiosk start). */
#define _GNU_SOURCE /* memmem */
#include "firmware/brand/brand.h"
#include "firmware/config/ini.h"
#include "firmware/core/file.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/i18n/i18n.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define BG_MAX_BYTES        (4 * 1024 * 1024)
#define BG_MAX_PX           4096
#define BRAND_INI_MAX_BYTES (64 * 1024)

/* The standard theme's colours (ui/theme/theme.c keeps the same values). */
static const uint32_t default_colours[BRAND_COLOUR_COUNT] = {
    [BRAND_PRIMARY] = 0x0B57A4, [BRAND_ON_PRIMARY] = 0xFFFFFF, [BRAND_BACKGROUND] = 0xF4F6F8,
    [BRAND_SURFACE] = 0xFFFFFF, [BRAND_TEXT] = 0x141C24,       [BRAND_MUTED] = 0x4A5561,
    [BRAND_ACCENT] = 0xC2410C,
};

static const char *const colour_names[BRAND_COLOUR_COUNT] = {
    "primary", "on_primary", "background", "surface", "text", "muted", "accent",
};

static const char *const feature_names[BRAND_FEATURE_COUNT] = {
    "checkin",
    "pay",
    "guides",
    "help",
};

const char *brand_colour_name(enum brand_colour c)
{
    return c >= 0 && c < BRAND_COLOUR_COUNT ? colour_names[c] : "?";
}

const char *brand_feature_name(enum brand_feature f)
{
    return f >= 0 && f < BRAND_FEATURE_COUNT ? feature_names[f] : "?";
}

void brand_defaults(struct brand *b)
{
    memset(b, 0, sizeof(*b));
    kstr_copy(b->name, sizeof(b->name), "carekiosk");
    memcpy(b->colours, default_colours, sizeof(b->colours));
    for (int i = 0; i < BRAND_FEATURE_COUNT; i++)
        b->features[i] = true;
}

/* ---- contrast ---------------------------------------------------------------- */

static double channel(unsigned c)
{
    double s = c / 255.0;
    return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
}

static double luminance(uint32_t rgb)
{
    return 0.2126 * channel((rgb >> 16) & 0xFF) + 0.7152 * channel((rgb >> 8) & 0xFF) +
           0.0722 * channel(rgb & 0xFF);
}

double brand_contrast(uint32_t a, uint32_t b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* ---- parsing ------------------------------------------------------------------ */

struct loader {
    struct brand *b;
    const char *file; /* "brand.ini", for messages */
    int colour_line[BRAND_COLOUR_COUNT];
    int langs_line, logo_line, background_line, terminal_line;
    int text_line[BRAND_MAX_LANGS][4]; /* where welcome / closing / name / location were set */
    char bad_section[64];              /* reported already: once a section */
    int errors;
};

static void problem(struct loader *l, bool warning, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(struct loader *l, bool warning, int line, const char *fmt, ...)
{
    struct brand *b = l->b;
    if (!warning)
        l->errors++;
    if (b->problem_count >= BRAND_MAX_PROBLEMS)
        return;
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    char *out = b->problems[b->problem_count++];
    if (line > 0)
        snprintf(out, sizeof(b->problems[0]), "%s:%d: %s%s", l->file, line,
                 warning ? "warning: " : "", msg);
    else
        snprintf(out, sizeof(b->problems[0]), "%s: %s%s", l->file, warning ? "warning: " : "", msg);
    if (warning)
        b->warning_count++;
}

static bool parse_colour(const char *v, uint32_t *out)
{
    if (v[0] != '#' || strlen(v) != 7)
        return false;
    uint32_t rgb = 0;
    for (int i = 1; i < 7; i++) {
        char c = v[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return false;
        rgb = rgb << 4 | (uint32_t)d;
    }
    *out = rgb;
    return true;
}

static int parse_bool(const char *v)
{
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1") || !strcmp(v, "on"))
        return 1;
    if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0") || !strcmp(v, "off"))
        return 0;
    return -1;
}

static bool ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* The canonical code of a language i18n knows ("pt-br" -> "pt-BR"), or NULL. */
static const char *known_lang(const char *code)
{
    for (int i = 0; i < i18n_lang_count(); i++)
        if (ascii_ieq(code, i18n_lang_code(i)))
            return i18n_lang_code(i);
    return NULL;
}

static int text_index(struct brand *b, const char *lang)
{
    for (int i = 0; i < b->lang_count; i++)
        if (!strcmp(b->texts[i].lang, lang))
            return i;
    return -1;
}

static void set_languages(struct loader *l, const char *v, int line)
{
    struct brand *b = l->b;
    /* keep texts already read for languages listed again */
    struct brand_text old[BRAND_MAX_LANGS];
    int old_count = b->lang_count;
    memcpy(old, b->texts, sizeof(old));
    b->lang_count = 0;
    memset(b->texts, 0, sizeof(b->texts));
    l->langs_line = line;
    char buf[128];
    if (!kstr_copy(buf, sizeof(buf), v)) {
        problem(l, false, line, "the language list is too long; list at most %d languages",
                BRAND_MAX_LANGS);
        return;
    }
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        char *end = tok + strlen(tok);
        while (end > tok && end[-1] == ' ')
            *--end = '\0';
        const char *code = known_lang(tok);
        if (!code) {
            problem(l, false, line, "unknown language '%s'; use en, pt-BR, hi or es", tok);
            continue;
        }
        if (text_index(b, code) >= 0) {
            problem(l, true, line, "language %s is listed twice", code);
            continue;
        }
        if (b->lang_count == BRAND_MAX_LANGS) {
            problem(l, false, line, "too many languages; list at most %d", BRAND_MAX_LANGS);
            break;
        }
        struct brand_text *t = &b->texts[b->lang_count++];
        kstr_copy(t->lang, sizeof(t->lang), code);
        for (int i = 0; i < old_count; i++)
            if (!strcmp(old[i].lang, code))
                *t = old[i];
    }
    if (b->lang_count == 0)
        problem(l, false, line, "no language left; list at least one, e.g. languages = en");
}

static void set_file(struct loader *l, char *dst, size_t size, const char *v, int line,
                     const char *key)
{
    if (strchr(v, '/') || strchr(v, '\\') || !strcmp(v, "..") || v[0] == '.') {
        problem(l, false, line, "%s must be a file name inside the pack folder, not a path", key);
        return;
    }
    if (!kstr_copy(dst, size, v))
        problem(l, false, line, "%s file name is too long (at most %zu bytes)", key, size - 1);
}

static void set_text(struct loader *l, char *dst, size_t size, const char *v, int line,
                     const char *key)
{
    if (!kstr_copy(dst, size, v))
        problem(l, false, line, "%s is too long (at most %zu bytes); shorten it", key, size - 1);
}

static enum kiosk_err (*url_check)(const char *url, char *why, size_t size);

void brand_set_url_check(enum kiosk_err (*check)(const char *url, char *why, size_t size))
{
    url_check = check;
}

static enum kiosk_err on_pair(void *ctx, const char *section, const char *key, const char *value,
                              int line)
{
    struct loader *l = ctx;
    struct brand *b = l->b;

    /* A section that is wrong as a whole is named once (at its first key),
     * not once per key. */
    if (l->bad_section[0] && !strcmp(section, l->bad_section))
        return KIOSK_OK;
    l->bad_section[0] = '\0';

    if (!strcmp(section, "clinic")) {
        if (!strcmp(key, "name")) {
            if (!value[0])
                problem(l, false, line, "name is empty; give the clinic's name");
            else
                set_text(l, b->name, sizeof(b->name), value, line, "name");
        } else if (!strcmp(key, "languages")) {
            set_languages(l, value, line);
        } else if (!strcmp(key, "logo")) {
            set_file(l, b->logo, sizeof(b->logo), value, line, "logo");
            l->logo_line = line;
        } else if (!strcmp(key, "background")) {
            set_file(l, b->background, sizeof(b->background), value, line, "background");
            l->background_line = line;
        } else if (!strcmp(key, "terminal_image")) {
            set_file(l, b->terminal_image, sizeof(b->terminal_image), value, line,
                     "terminal_image");
            l->terminal_line = line;
        } else {
            problem(l, false, line,
                    "unknown key '%s' in [clinic]; known: name, languages, logo, background, "
                    "terminal_image",
                    key);
        }
    } else if (!strcmp(section, "colours") || !strcmp(section, "colors")) {
        for (int i = 0; i < BRAND_COLOUR_COUNT; i++) {
            if (strcmp(key, colour_names[i]) != 0)
                continue;
            uint32_t rgb;
            if (!parse_colour(value, &rgb)) {
                problem(l, false, line, "colour %s '%s' is not #RRGGBB (e.g. #0B57A4)", key, value);
            } else {
                b->colours[i] = rgb;
                l->colour_line[i] = line;
            }
            return KIOSK_OK;
        }
        problem(l, false, line,
                "unknown colour '%s'; known: primary, on_primary, background, surface, text, "
                "muted, accent",
                key);
    } else if (!strcmp(section, "phones")) {
        char *dst = !strcmp(key, "front_desk") ? b->phone_front_desk
                    : !strcmp(key, "billing")  ? b->phone_billing
                                               : NULL;
        if (!dst) {
            problem(l, false, line, "unknown key '%s' in [phones]; known: front_desk, billing",
                    key);
            return KIOSK_OK;
        }
        for (const char *p = value; *p; p++)
            if (!strchr("0123456789 +-().", *p)) {
                problem(l, false, line, "phone %s '%s' may hold only digits, spaces and + - ( ) .",
                        key, value);
                return KIOSK_OK;
            }
        set_text(l, dst, sizeof(b->phone_front_desk), value, line, key);
    } else if (!strcmp(section, "links")) {
        char *dst = !strcmp(key, "bill_pay")  ? b->url_bill_pay
                    : !strcmp(key, "receipt") ? b->url_receipt
                                              : NULL;
        if (!dst) {
            problem(l, false, line, "unknown key '%s' in [links]; known: bill_pay, receipt", key);
            return KIOSK_OK;
        }
        char why[160] = "";
        if (strncmp(value, "https://", 8) != 0 || strchr(value, ' ') ||
            (url_check && url_check(value, why, sizeof(why)) != KIOSK_OK)) {
            problem(l, false, line,
                    "link %s must be an https:// address without spaces (patients open it "
                    "on their phone)%s%s",
                    key, why[0] ? "; it " : "", why);
            return KIOSK_OK;
        }
        set_text(l, dst, sizeof(b->url_bill_pay), value, line, key);
    } else if (!strcmp(section, "features")) {
        for (int i = 0; i < BRAND_FEATURE_COUNT; i++) {
            if (strcmp(key, feature_names[i]) != 0)
                continue;
            int v = parse_bool(value);
            if (v < 0)
                problem(l, false, line, "feature %s '%s' must be true or false", key, value);
            else
                b->features[i] = v;
            return KIOSK_OK;
        }
        problem(l, false, line, "unknown feature '%s'; known: checkin, pay, guides, help", key);
    } else if (!strcmp(section, "insurance")) {
        if (!strcmp(key, "payers"))
            set_text(l, b->payers, sizeof(b->payers), value, line, "payers");
        else
            problem(l, false, line, "unknown key '%s' in [insurance]; known: payers", key);
    } else if (!strncmp(section, "text.", 5)) {
        const char *code = known_lang(section + 5);
        int idx = code ? text_index(b, code) : -1;
        if (idx < 0) {
            problem(l, false, line,
                    "texts for '%s', which is not in [clinic] languages; add it there (before "
                    "this section) or remove the section",
                    section + 5);
            kstr_copy(l->bad_section, sizeof(l->bad_section), section);
            return KIOSK_OK;
        }
        struct brand_text *t = &b->texts[idx];
        if (!strcmp(key, "welcome")) {
            set_text(l, t->welcome, sizeof(t->welcome), value, line, "welcome");
            l->text_line[idx][0] = line;
        } else if (!strcmp(key, "closing")) {
            set_text(l, t->closing, sizeof(t->closing), value, line, "closing");
            l->text_line[idx][1] = line;
        } else if (!strcmp(key, "front_desk")) {
            set_text(l, t->front_desk, sizeof(t->front_desk), value, line, "front_desk");
        } else if (!strcmp(key, "name")) {
            set_text(l, t->name, sizeof(t->name), value, line, "name");
            l->text_line[idx][2] = line;
        } else if (!strcmp(key, "location")) {
            set_text(l, t->location, sizeof(t->location), value, line, "location");
            l->text_line[idx][3] = line;
        } else {
            problem(l, false, line,
                    "unknown key '%s' in [%s]; known: welcome, closing, name, location, "
                    "front_desk",
                    key, section);
        }
    } else {
        problem(l, false, line,
                "unknown section [%s]; known: clinic, colours, phones, links, features, "
                "insurance, text.LANG",
                section);
        kstr_copy(l->bad_section, sizeof(l->bad_section), section);
    }
    return KIOSK_OK;
}

/* A text given in some languages of the pack but not in others: those show
 * the untranslated one, which is worth a warning (the first language may
 * leave it out: [clinic] name and kiosk.ini are in it). */
static void check_translated(struct loader *l, size_t offset, const char *key, const char *then)
{
    const struct brand *b = l->b;
    int given = 0;
    for (int i = 0; i < b->lang_count; i++)
        given += ((const char *)&b->texts[i] + offset)[0] != '\0';
    for (int i = 1; given > 0 && i < b->lang_count; i++)
        if (((const char *)&b->texts[i] + offset)[0] == '\0')
            problem(l, true, l->langs_line,
                    "no %s for %s while other languages have one; %s there: add [text.%s] %s = "
                    "...",
                    key, b->texts[i].lang, then, b->texts[i].lang, key);
}

static void on_syntax(void *ctx, int line, const char *message)
{
    problem(ctx, false, line, "%s", message);
}

/* ---- files -------------------------------------------------------------------- */

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

static enum kiosk_err (*image_check)(const char *dir, const char *name, size_t max_bytes,
                                     int max_px, char *why, size_t size);

void brand_set_image_check(enum kiosk_err (*check)(const char *dir, const char *name,
                                                   size_t max_bytes, int max_px, char *why,
                                                   size_t size))
{
    image_check = check;
}

/* Check an image named in the pack: a regular file inside the pack (no
 * symbolic link), PNG or SVG, within limits; then, with the renderer's
 * loader registered, decoded the way the kiosk will draw it. */
static void check_image(struct loader *l, const char *name, int line, const char *key,
                        long max_bytes, unsigned max_px)
{
    char *buf = NULL, why[200];
    size_t n = 0;
    enum kiosk_err err = kfile_read_in(l->b->dir, name, (size_t)max_bytes, &buf, &n);
    if (err == KIOSK_ERR_NOT_FOUND) {
        problem(l, false, line,
                "%s file '%s' is missing from the pack folder; add it or fix the "
                "name",
                key, name);
        return;
    }
    if (err == KIOSK_ERR_TOO_BIG) {
        problem(l, false, line, "%s '%s' is too large (more than %ld KB); export it smaller", key,
                name, max_bytes / 1024);
        return;
    }
    if (err != KIOSK_OK) {
        problem(l, false, line, "%s '%s' %s", key, name,
                err == KIOSK_ERR_DENIED || err == KIOSK_ERR_INVALID ? kiosk_err_detail()
                                                                    : kiosk_strerror(err));
        return;
    }
    const unsigned char *head = (const unsigned char *)buf;
    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    bool known = false;
    if (n >= 24 && !memcmp(head, png_sig, 8) && !memcmp(head + 12, "IHDR", 4)) {
        unsigned w = be32(head + 16), h = be32(head + 20);
        known = true;
        if (w == 0 || h == 0) {
            problem(l, false, line, "%s '%s' is a damaged PNG (size 0)", key, name);
            goto out;
        } else if (w > max_px || h > max_px) {
            problem(l, false, line, "%s '%s' is %ux%u pixels, larger than %ux%u; scale it down",
                    key, name, w, h, max_px, max_px);
            goto out;
        }
    } else if (n > 0 && memmem(head, n < 4096 ? n : 4096, "<svg", 4)) {
        known = true;
    }
    if (!known) {
        problem(l, false, line,
                "%s '%s' is neither a PNG nor an SVG image; export it as PNG or SVG", key, name);
        goto out;
    }
    if (image_check &&
        image_check(l->b->dir, name, (size_t)max_bytes, (int)max_px, why, sizeof(why)) != KIOSK_OK)
        problem(l, false, line, "%s '%s' %s", key, name, why);
out:
    kmem_free(buf);
}

/* ---- cross-checks --------------------------------------------------------------- */

static void check_pair(struct loader *l, enum brand_colour fg, enum brand_colour bg, double need,
                       const char *what)
{
    struct brand *b = l->b;
    double ratio = brand_contrast(b->colours[fg], b->colours[bg]);
    if (ratio + 1e-9 >= need)
        return;
    int line = l->colour_line[fg] > l->colour_line[bg] ? l->colour_line[fg] : l->colour_line[bg];
    problem(l, false, line,
            "%s: %s #%06X on %s #%06X has contrast %.2f:1, below %.1f:1 (WCAG 2.1 AA); make one "
            "darker or lighter",
            what, colour_names[fg], (unsigned)b->colours[fg], colour_names[bg],
            (unsigned)b->colours[bg], ratio, need);
}

static void cross_check(struct loader *l)
{
    struct brand *b = l->b;
    check_pair(l, BRAND_TEXT, BRAND_BACKGROUND, 4.5, "body text");
    check_pair(l, BRAND_TEXT, BRAND_SURFACE, 4.5, "text in cards and fields");
    check_pair(l, BRAND_MUTED, BRAND_BACKGROUND, 4.5, "secondary text");
    check_pair(l, BRAND_MUTED, BRAND_SURFACE, 4.5, "secondary text in cards");
    check_pair(l, BRAND_ON_PRIMARY, BRAND_PRIMARY, 4.5, "header and button text");
    check_pair(l, BRAND_PRIMARY, BRAND_BACKGROUND, 3.0, "buttons against the screen");
    check_pair(l, BRAND_ACCENT, BRAND_BACKGROUND, 3.0, "keypad focus ring");
    check_pair(l, BRAND_ACCENT, BRAND_SURFACE, 3.0, "keypad focus ring on cards");

    if (b->lang_count == 0 && l->langs_line == 0)
        problem(l, false, 0,
                "[clinic] languages is missing; list the pack's languages, e.g. "
                "languages = en,es");
    for (int i = 0; i < b->lang_count; i++) {
        struct brand_text *t = &b->texts[i];
        if (!t->welcome[0])
            problem(l, false, l->langs_line,
                    "no welcome text for %s; add [text.%s] welcome = ... or remove %s from "
                    "languages",
                    t->lang, t->lang, t->lang);
        if (!t->closing[0])
            problem(l, false, l->langs_line,
                    "no closing text for %s; add [text.%s] closing = ... or remove %s from "
                    "languages",
                    t->lang, t->lang, t->lang);
    }
    check_translated(l, offsetof(struct brand_text, name), "name",
                     "the header shows [clinic] name");
    check_translated(l, offsetof(struct brand_text, location), "location",
                     "paper shows kiosk.ini's location");
    if (b->logo[0])
        check_image(l, b->logo, l->logo_line, "logo", BRAND_LOGO_MAX_BYTES, BRAND_LOGO_MAX_PX);
    else
        problem(l, true, 0, "no logo; the header shows the clinic name only");
    if (b->background[0])
        check_image(l, b->background, l->background_line, "background", BG_MAX_BYTES, BG_MAX_PX);
    if (b->terminal_image[0])
        check_image(l, b->terminal_image, l->terminal_line, "terminal_image", BRAND_LOGO_MAX_BYTES,
                    BRAND_LOGO_MAX_PX);
    if (b->features[BRAND_FEATURE_PAY] && !b->url_bill_pay[0])
        problem(l, true, 0,
                "pay is on but [links] bill_pay is empty; patients who cannot pay here get no "
                "online alternative");
    if (!b->features[BRAND_FEATURE_CHECKIN] && !b->features[BRAND_FEATURE_PAY] &&
        !b->features[BRAND_FEATURE_GUIDES])
        problem(l, false, 0, "checkin, pay and guides are all off; the kiosk would offer nothing");
}

enum kiosk_err brand_load(struct brand *b, const char *dir)
{
    brand_defaults(b);
    struct loader l = {.b = b, .file = "brand.ini"};
    if (!dir || !kstr_copy(b->dir, sizeof(b->dir), dir)) {
        problem(&l, false, 0, "the pack folder name is missing or too long");
        return KIOSK_ERR_INVALID;
    }
    struct ini_handler h = {.pair = on_pair, .syntax_error = on_syntax, .ctx = &l};
    char *text = NULL;
    size_t len = 0;
    /* brand.ini too is a regular file in the pack itself, never a link. */
    enum kiosk_err err = kfile_read_in(dir, "brand.ini", BRAND_INI_MAX_BYTES, &text, &len);
    if (err == KIOSK_OK) {
        err = ini_parse_mem(text, len, &h);
        kmem_free(text);
    } else if (err == KIOSK_ERR_DENIED || err == KIOSK_ERR_INVALID) {
        problem(&l, false, 0, "%s", kiosk_err_detail()[0] ? kiosk_err_detail() : "cannot be read");
        goto failed;
    } else if (err == KIOSK_ERR_TOO_BIG) {
        problem(&l, false, 0, "is larger than %d KB; is this the right file?",
                BRAND_INI_MAX_BYTES / 1024);
        goto failed;
    }
    if (err == KIOSK_ERR_NOT_FOUND) {
        problem(&l, false, 0, "not found in the pack folder; every pack needs a brand.ini");
        goto failed;
    }
    if (err == KIOSK_ERR_NOMEM)
        return err;
    if (err != KIOSK_OK && err != KIOSK_ERR_CONFIG) {
        problem(&l, false, 0, "cannot be read (%s)", kiosk_strerror(err));
        goto failed;
    }
    cross_check(&l);
    if (l.errors == 0)
        return KIOSK_OK;
    err = KIOSK_ERR_CONFIG;
failed : {
    /* keep the problems, drop everything else */
    int count = b->problem_count, warnings = b->warning_count;
    char(*saved)[240] = b->problems;
    struct brand fresh;
    brand_defaults(&fresh);
    memcpy(fresh.problems, saved, sizeof(fresh.problems));
    fresh.problem_count = count;
    fresh.warning_count = warnings;
    kstr_copy(fresh.dir, sizeof(fresh.dir), dir);
    *b = fresh;
}
    return err == KIOSK_ERR_NOT_FOUND ? err : KIOSK_ERR_CONFIG;
}

static const struct brand_text *text_for(const struct brand *b, const char *lang)
{
    if (!lang)
        return NULL;
    for (int i = 0; i < b->lang_count; i++)
        if (!strcmp(b->texts[i].lang, lang))
            return &b->texts[i];
    return NULL;
}

const char *brand_welcome(const struct brand *b, const char *lang)
{
    const struct brand_text *t = text_for(b, lang);
    return t && t->welcome[0] ? t->welcome : NULL;
}

const char *brand_closing(const struct brand *b, const char *lang)
{
    const struct brand_text *t = text_for(b, lang);
    return t && t->closing[0] ? t->closing : NULL;
}

const char *brand_name(const struct brand *b, const char *lang)
{
    const struct brand_text *t = text_for(b, lang);
    return t && t->name[0] ? t->name : b->name;
}

const char *brand_location(const struct brand *b, const char *lang)
{
    const struct brand_text *t = text_for(b, lang);
    return t && t->location[0] ? t->location : NULL;
}

const char *brand_front_desk(const struct brand *b, const char *lang)
{
    const struct brand_text *t = text_for(b, lang);
    return t && t->front_desk[0] ? t->front_desk : NULL;
}
