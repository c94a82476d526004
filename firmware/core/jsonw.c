/* The escaping rule of RFC 8259 section 7: '"', '\' and U+0000..U+001F
 * must be escaped, and that is all we escape. The short forms (\n, \t, ...)
 * where the RFC has them, \u00XX for the rest of the controls. */
#include "firmware/core/jsonw.h"
#include "firmware/core/str.h"

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
bool jsonw_utf8_valid(const char *s)
{
    return kstr_utf8_valid(s, strlen(s));
}

static void string(struct jsonw *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    put(w, "\"", 1);
    while (*p && w->err == KIOSK_OK) {
        char esc[8];
        size_t n = kstr_utf8_seq(p, 4, NULL); /* a NUL ends a short one */
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
