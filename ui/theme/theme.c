#include "ui/theme/theme.h"

#include <math.h>

#define RGB(r, g, b)                                                                               \
    {                                                                                              \
        r, g, b, 255                                                                               \
    }

static const struct theme standard = {
    .bg = RGB(0xF4, 0xF6, 0xF8),
    .surface = RGB(0xFF, 0xFF, 0xFF),
    .text = RGB(0x14, 0x1C, 0x24),
    .muted = RGB(0x4A, 0x55, 0x61),
    .primary = RGB(0x0B, 0x57, 0xA4),
    .on_primary = RGB(0xFF, 0xFF, 0xFF),
    .secondary = RGB(0xE3, 0xE9, 0xF0),
    .on_secondary = RGB(0x14, 0x1C, 0x24),
    .border = RGB(0x8A, 0x96, 0xA3),
    .focus = RGB(0xC2, 0x41, 0x0C),
    .error_bg = RGB(0xFD, 0xEC, 0xEA),
    .on_error_bg = RGB(0x9B, 0x1C, 0x12),
    .info_bg = RGB(0xE6, 0xF0, 0xFA),
    .on_info_bg = RGB(0x0A, 0x3D, 0x73),
    .success = RGB(0x1B, 0x6E, 0x3A),
    .on_success = RGB(0xFF, 0xFF, 0xFF),
    .scrim = {0x10, 0x18, 0x20, 0xB0},
    .disabled = RGB(0xD5, 0xDB, 0xE1),
    .on_disabled = RGB(0x4A, 0x55, 0x61),
};

static const struct theme high_contrast = {
    .bg = RGB(0x00, 0x00, 0x00),
    .surface = RGB(0x00, 0x00, 0x00),
    .text = RGB(0xFF, 0xFF, 0xFF),
    .muted = RGB(0xFF, 0xFF, 0xFF),
    .primary = RGB(0xFF, 0xE0, 0x00),
    .on_primary = RGB(0x00, 0x00, 0x00),
    .secondary = RGB(0x00, 0x00, 0x00),
    .on_secondary = RGB(0xFF, 0xFF, 0xFF),
    .border = RGB(0xFF, 0xFF, 0xFF),
    .focus = RGB(0x00, 0xE5, 0xFF),
    .error_bg = RGB(0x00, 0x00, 0x00),
    .on_error_bg = RGB(0xFF, 0xE0, 0x00),
    .info_bg = RGB(0x00, 0x00, 0x00),
    .on_info_bg = RGB(0xFF, 0xFF, 0xFF),
    .success = RGB(0xFF, 0xE0, 0x00),
    .on_success = RGB(0x00, 0x00, 0x00),
    .scrim = {0x00, 0x00, 0x00, 0xE0},
    .disabled = RGB(0x00, 0x00, 0x00),
    .on_disabled = RGB(0xC0, 0xC0, 0xC0),
};

const struct theme *theme_get(bool hc)
{
    return hc ? &high_contrast : &standard;
}

static struct ui_color rgb(uint32_t v)
{
    return (struct ui_color){(uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v, 255};
}

void theme_from_brand(struct theme *out, const uint32_t colours[BRAND_COLOUR_COUNT])
{
    *out = standard;
    out->primary = rgb(colours[BRAND_PRIMARY]);
    out->on_primary = rgb(colours[BRAND_ON_PRIMARY]);
    out->bg = rgb(colours[BRAND_BACKGROUND]);
    out->surface = rgb(colours[BRAND_SURFACE]);
    out->text = rgb(colours[BRAND_TEXT]);
    out->muted = rgb(colours[BRAND_MUTED]);
    out->focus = rgb(colours[BRAND_ACCENT]);
    /* Secondary buttons are cards with text: a pair brand_load checked. Outlines
     * use the muted colour, which has 4.5:1 on both backgrounds. */
    out->secondary = out->surface;
    out->on_secondary = out->text;
    out->border = out->muted;
    out->on_disabled = out->muted;
    out->disabled = out->bg;
}

static double channel(uint8_t c)
{
    double s = c / 255.0;
    return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
}

static double luminance(struct ui_color c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double theme_contrast(struct ui_color a, struct ui_color b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}
