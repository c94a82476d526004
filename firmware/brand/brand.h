/* Branding packs: how a clinic makes the kiosk its own without a developer.
 *
 * A pack is a folder holding brand.ini, a logo (PNG or SVG) and optionally a
 * background image. brand_load() reads and checks it; every problem is a
 * line "FILE:LINE: what is wrong; what to do", the way config_load reports
 * kiosk.ini. The format, with a complete example, is in README.md
 * ("Branding packs"); assets/branding/default is the pack the kiosk ships.
 *
 *   [clinic]      name, languages (the pack's languages, in order), logo,
 *                 background
 *   [colours]     primary, on_primary, background, surface, text, muted,
 *                 accent: "#RRGGBB"; unset ones keep the default theme's
 *   [phones]      front_desk, billing
 *   [links]       bill_pay, receipt  (https:// addresses shown as QR codes)
 *   [features]    checkin, pay, guides, help: true/false (speech output,
 *                 large text and high contrast are always offered)
 *   [text.LANG]   welcome, closing (one section per language of the pack);
 *                 optional: name (the clinic name in that language),
 *                 location (where the kiosk is: "Main lobby" on paper),
 *                 front_desk (where the desk is)
 *
 * Files: brand.ini, the logo and the background are regular files in the
 * pack folder itself: a symbolic link (to inside or outside the pack), a
 * FIFO or a device is refused and never read.
 *
 * Checks: unknown sections and keys, malformed colours, files that are
 * missing, not PNG/SVG, or too large (over BRAND_LOGO_MAX_BYTES or
 * BRAND_LOGO_MAX_PX a side), a welcome or closing text missing for a language
 * of the pack, languages the kiosk does not know, links that are not https,
 * and colour pairs below WCAG 2.1 AA (text 4.5:1, controls and focus 3:1). */
#ifndef KIOSK_BRAND_H
#define KIOSK_BRAND_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BRAND_MAX_LANGS      8
#define BRAND_MAX_PROBLEMS   40
#define BRAND_LOGO_MAX_BYTES (512 * 1024)
#define BRAND_LOGO_MAX_PX    2048

enum brand_colour {
    BRAND_PRIMARY,    /* header, primary buttons */
    BRAND_ON_PRIMARY, /* text on primary */
    BRAND_BACKGROUND, /* screen background */
    BRAND_SURFACE,    /* cards and fields */
    BRAND_TEXT,       /* body text */
    BRAND_MUTED,      /* secondary text */
    BRAND_ACCENT,     /* keypad focus ring */
    BRAND_COLOUR_COUNT
};

enum brand_feature {
    BRAND_FEATURE_CHECKIN,
    BRAND_FEATURE_PAY,
    BRAND_FEATURE_GUIDES,
    BRAND_FEATURE_HELP, /* off: help points to the desk instead of calling staff over */
    BRAND_FEATURE_COUNT
};

struct brand_text {
    char lang[8];
    char welcome[256];
    char closing[256];
    char front_desk[160]; /* where the desk is, in this language; "" none */
    char name[96];        /* the clinic name in this language; "" none: [clinic] name */
    char location[96];    /* where the kiosk is, in this language; "" none */
};

struct brand {
    char dir[256];           /* the pack's folder, as given */
    char name[96];           /* clinic name, shown in the header */
    char logo[64];           /* file name inside dir; "" for none */
    char background[64];     /* file name inside dir; "" for none */
    char terminal_image[64]; /* where the payment terminal is: file name inside dir; "" none */
    uint32_t colours[BRAND_COLOUR_COUNT]; /* 0xRRGGBB */
    bool features[BRAND_FEATURE_COUNT];
    char phone_front_desk[32];
    char phone_billing[32];
    char url_bill_pay[192];
    char url_receipt[192]; /* may hold {id} for the receipt's key */
    char payers[512];      /* [insurance] payers: the clinic's payers, "; " between */
    int lang_count;
    struct brand_text texts[BRAND_MAX_LANGS]; /* in the order of [clinic] languages */

    int problem_count; /* errors and warnings listed in problems */
    int warning_count; /* of which warnings ("FILE:LINE: warning: ...") */
    char problems[BRAND_MAX_PROBLEMS][240];
};

/* The built-in branding (the default theme's colours, every feature on, no
 * logo, no texts): what the kiosk uses when no pack loads. */
void brand_defaults(struct brand *b);

/* Load and check the pack in dir over the defaults. KIOSK_OK (warnings may be
 * listed), KIOSK_ERR_CONFIG when any error was found (problems lists them
 * all), KIOSK_ERR_NOT_FOUND when dir has no brand.ini, KIOSK_ERR_NOMEM. On
 * any error b holds brand_defaults() again plus the problems: a bad pack
 * never half-applies. */
enum kiosk_err brand_load(struct brand *b, const char *dir);

/* The renderer's image loader (render_image_check in ui/render/render.h),
 * registered by the composition root so that brand_load decodes each image
 * of a pack the way the kiosk will draw it: `brand check`, `status` and the
 * kiosk then judge a pack alike. Without it (NULL, the default; tests of
 * this layer alone) only the file and its header are checked. Set it once,
 * at start. */
void brand_set_image_check(enum kiosk_err (*check)(const char *dir, const char *name,
                                                   size_t max_bytes, int max_px, char *why,
                                                   size_t size));

/* The address rule (http_url_check in firmware/sync/http.h) for [links],
 * registered the same way: with it a link with a user name or password
 * ("https://hospital.org@elsewhere/") is refused too. */
void brand_set_url_check(enum kiosk_err (*check)(const char *url, char *why, size_t size));

/* The welcome / closing text for lang, or NULL when the pack has none. */
const char *brand_welcome(const struct brand *b, const char *lang);
const char *brand_closing(const struct brand *b, const char *lang);
/* Where the front desk is, in lang, or NULL (kiosk.ini's front_desk then). */
const char *brand_front_desk(const struct brand *b, const char *lang);
/* The clinic name in lang: its [text.LANG] name, else [clinic] name. */
const char *brand_name(const struct brand *b, const char *lang);
/* Where the kiosk is, in lang, or NULL (kiosk.ini's location then). */
const char *brand_location(const struct brand *b, const char *lang);

/* Names used in brand.ini ("primary", "checkin"); static strings. */
const char *brand_colour_name(enum brand_colour c);
const char *brand_feature_name(enum brand_feature f);

/* WCAG 2.1 contrast ratio of two opaque 0xRRGGBB colours, 1.0 .. 21.0. */
double brand_contrast(uint32_t a, uint32_t b);

#endif
