/* Partly masked details (mask.h). */
#include "mask.h"

#include "str.h"

#include <string.h>

#define DOTS "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2" /* ••• */

void kmask_tail_digits(const char *s, int n, char *out, size_t size)
{
    char d[8];
    int k = 0;
    if (n > (int)sizeof(d) - 1)
        n = (int)sizeof(d) - 1;
    d[0] = '\0';
    for (size_t i = strlen(s); i > 0 && k < n; i--) {
        if (s[i - 1] >= '0' && s[i - 1] <= '9') {
            memmove(d + 1, d, (size_t)k + 1);
            d[0] = s[i - 1];
            k++;
        }
    }
    kstr_copy(out, size, d);
}

void kmask_email(const char *s, char *out, size_t size)
{
    const char *at = strchr(s, '@');
    out[0] = '\0';
    if (!s[0])
        return;
    if (!at || at == s) {
        kstr_copy(out, size, DOTS);
        return;
    }
    char first[2] = {s[0], '\0'};
    if ((unsigned char)s[0] >= 0x80)
        first[0] = '\0'; /* a first letter that is not ASCII: dots only */
    kstr_copy(out, size, first);
    kstr_append(out, size, DOTS);
    kstr_append(out, size, at);
}

void kmask_tail(const char *s, int n, char *out, size_t size)
{
    size_t end = strlen(s);
    while (end > 0 && s[end - 1] == ' ')
        end--;
    size_t start = end;
    for (int k = 0; k < n && start > 0; k++) {
        start--;
        while (start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80)
            start--;
    }
    out[0] = '\0';
    if (end - start + 1 > size)
        return;
    memcpy(out, s + start, end - start);
    out[end - start] = '\0';
}

void kmask_id(const char *s, char *out, size_t size)
{
    char tail[32];
    out[0] = '\0';
    if (!s[0])
        return;
    kmask_tail(s, 4, tail, sizeof(tail));
    kstr_copy(out, size, DOTS);
    kstr_append(out, size, tail);
}
