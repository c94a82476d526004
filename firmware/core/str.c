#include "str.h"

#include <string.h>

bool kstr_copy(char *dst, size_t size, const char *src)
{
    if (size == 0)
        return false;
    dst[0] = '\0';
    return kstr_append(dst, size, src ? src : "");
}

bool kstr_append(char *dst, size_t size, const char *src)
{
    size_t have = strlen(dst);
    size_t len = strlen(src);
    if (have + len < size) {
        memcpy(dst + have, src, len + 1);
        return true;
    }
    size_t n = kstr_grapheme_prefix(src, len, size - 1 - have); /* no cluster split */
    memcpy(dst + have, src, n);
    dst[have + n] = '\0';
    return false;
}

size_t kstr_utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

void kstr_utf8_pop(char *s)
{
    size_t n = strlen(s);
    while (n > 0) {
        n--;
        if (((unsigned char)s[n] & 0xC0) != 0x80)
            break;
    }
    s[n] = '\0';
}

unsigned kstr_utf8_next(const char **sp)
{
    const unsigned char *s = (const unsigned char *)*sp;
    unsigned cp;
    int extra;
    if (s[0] < 0x80) {
        cp = s[0];
        extra = 0;
    } else if ((s[0] & 0xE0) == 0xC0) {
        cp = s[0] & 0x1F;
        extra = 1;
    } else if ((s[0] & 0xF0) == 0xE0) {
        cp = s[0] & 0x0F;
        extra = 2;
    } else if ((s[0] & 0xF8) == 0xF0) {
        cp = s[0] & 0x07;
        extra = 3;
    } else {
        *sp += 1;
        return 0xFFFD;
    }
    for (int i = 1; i <= extra; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *sp += i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *sp += 1 + extra;
    return cp;
}

/* Latin-1 Supplement and Latin Extended-A letters to their base letter. */
static char latin_base(unsigned cp)
{
    static const char l1[] = "aaaaaaaceeeeiiiidnooooo\0ouuuuyty"; /* U+00E0..U+00FF */
    static const char ext[] =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
        "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"; /* U+0100..U+017F */
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return l1[cp - 0xC0];
    if (cp >= 0xE0 && cp <= 0xFF)
        return l1[cp - 0xE0];
    if (cp >= 0x100 && cp <= 0x17F)
        return ext[cp - 0x100];
    return 0;
}

bool kstr_name_key(char *dst, size_t size, const char *name)
{
    size_t n = 0;
    const char *p = name;
    if (size == 0)
        return false;
    while (*p) {
        const char *start = p;
        unsigned cp = kstr_utf8_next(&p);
        char c = 0;
        if (cp < 0x80) {
            if (cp == ' ' || cp == '-' || cp == '\'' || cp == '.')
                continue;
            c = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        } else {
            c = latin_base(cp);
            if (cp == 0x2019) /* right single quote used as apostrophe */
                continue;
        }
        if (c) {
            if (n + 1 >= size)
                goto full;
            dst[n++] = c;
        } else {
            size_t len = (size_t)(p - start);
            if (n + len >= size)
                goto full;
            memcpy(dst + n, start, len);
            n += len;
        }
    }
    dst[n] = '\0';
    return true;
full:
    dst[n] = '\0';
    return false;
}

bool kstr_subst(char *out, size_t size, const char *tmpl, const char *key, const char *val)
{
    char token[40];
    size_t klen = strlen(key);
    if (size == 0)
        return false;
    if (klen + 3 > sizeof(token))
        return kstr_copy_ellipsis(out, size, tmpl);
    token[0] = '{';
    memcpy(token + 1, key, klen);
    token[klen + 1] = '}';
    token[klen + 2] = '\0';
    out[0] = '\0';
    bool whole = true;
    for (const char *p = tmpl; *p && whole;) {
        const char *t = strstr(p, token);
        size_t lit = t ? (size_t)(t - p) : strlen(p);
        /* The literal text up to the token, whole clusters only. */
        size_t have = strlen(out);
        if (have + lit < size) {
            memcpy(out + have, p, lit);
            out[have + lit] = '\0';
        } else {
            size_t n = kstr_grapheme_prefix(p, lit, size - 1 - have);
            memcpy(out + have, p, n);
            out[have + n] = '\0';
            whole = false;
        }
        if (!t || !whole)
            break;
        whole = kstr_append(out, size, val);
        p = t + klen + 2;
    }
    if (!whole && size > 4) {
        /* Cut: end on a whole cluster with an ellipsis, never a broken letter. */
        size_t n = kstr_grapheme_prefix(out, strlen(out), size - 4);
        while (n > 0 && out[n - 1] == ' ')
            n--;
        memcpy(out + n, "\xE2\x80\xA6", 4);
    }
    return whole;
}

size_t kstr_utf8_seq(const unsigned char *s, size_t avail, unsigned *cp_out)
{
    if (avail == 0)
        return 0;
    unsigned c = s[0], cp;
    size_t n;
    if (c < 0x80) {
        n = 1;
        cp = c;
    } else if (c >= 0xC2 && c <= 0xDF) {
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
    if (n > avail)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0; /* also catches a NUL */
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0; /* overlong, or beyond Unicode */
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0; /* surrogates are not characters */
    if (cp_out)
        *cp_out = cp;
    return n;
}

bool kstr_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = kstr_utf8_seq(p + i, n - i, NULL);
        if (!k)
            return false;
        i += k;
    }
    return true;
}
