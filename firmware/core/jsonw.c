/* The escaping rule of RFC 8259 section 7: '"', '\' and U+0000..U+001F
 * must be escaped, and that is all we escape. The short forms (\n, \t, ...)
 * where the RFC has them, \u00XX for the rest of the controls. */
#include "firmware/core/jsonw.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void jsonw_begin(struct jsonw *w, char *buf, size_t size)
{
    w->buf = buf;
    w->size = size;
    w->len = 0;
    w->members = 0;
    w->err = size > 0 ? KIOSK_OK : KIOSK_ERR_TOO_BIG;
    if (size > 0)
        buf[0] = '\0';
}

static void put(struct jsonw *w, const char *bytes, size_t n)
{
    if (w->err != KIOSK_OK)
        return;
    if (n >= w->size - w->len) { /* one byte stays for the NUL */
        w->err = KIOSK_ERR_TOO_BIG;
        return;
    }
    memcpy(w->buf + w->len, bytes, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

/* Length of the UTF-8 sequence at s, 0 when it is not well-formed. */
static size_t utf8_seq(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0; /* a continuation byte first, C0/C1 (overlong) or F5.. */
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0; /* also catches the NUL */
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0; /* overlong, or beyond Unicode */
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0; /* surrogates are not characters */
    return n;
}

bool jsonw_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = utf8_seq(p);
        if (!n)
            return false;
        p += n;
    }
    return true;
}

static void string(struct jsonw *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    put(w, "\"", 1);
    while (*p && w->err == KIOSK_OK) {
        char esc[8];
        size_t n = utf8_seq(p);
        if (!n) {
            w->err = KIOSK_ERR_INVALID;
            break;
        }
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            put(w, esc, 2);
        } else if (*p < 0x20) {
            static const char short_form[] = {
                ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't'};
            if (*p < sizeof(short_form) && short_form[*p]) {
                esc[0] = '\\';
                esc[1] = short_form[*p];
                put(w, esc, 2);
            } else {
                snprintf(esc, sizeof(esc), "\\u%04x", *p);
                put(w, esc, 6);
            }
        } else {
            put(w, (const char *)p, n);
        }
        p += n;
    }
    put(w, "\"", 1);
}

static void member(struct jsonw *w, const char *key)
{
    put(w, w->members++ ? "," : "{", 1);
    string(w, key);
    put(w, ":", 1);
}

void jsonw_str(struct jsonw *w, const char *key, const char *value)
{
    member(w, key);
    string(w, value);
}

void jsonw_int(struct jsonw *w, const char *key, int64_t value)
{
    char num[24];
    member(w, key);
    int n = snprintf(num, sizeof(num), "%lld", (long long)value);
    put(w, num, (size_t)n);
}

enum kiosk_err jsonw_end(struct jsonw *w)
{
    put(w, w->members ? "}" : "{}", w->members ? 1 : 2);
    if (w->err != KIOSK_OK && w->size > 0) {
        w->buf[0] = '\0';
        w->len = 0;
    }
    return w->err;
}
