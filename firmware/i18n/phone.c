/* Phone numbers by the convention of the patient's language (phone.h). */
#include "firmware/i18n/phone.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* Write pattern into out, each '#' taking the next digit of d. */
static void pattern(const char *pat, const char *d, char *out, size_t size)
{
    size_t o = 0;
    for (; *pat && o + 1 < size; pat++)
        out[o++] = *pat == '#' ? *d++ : *pat;
    out[o] = '\0';
}

void i18n_format_phone(const char *lang, const char *digits, char *out, size_t size)
{
    if (!size)
        return;
    const char *d = digits ? digits : "";
    size_t n = strlen(d);
    const char *pat = NULL;
    lang = lang ? lang : "en";
    if (all_digits(d)) {
        if (!strcmp(lang, "pt-BR"))
            pat = n == 10 ? "(##) ####-####" : n == 11 ? "(##) #####-####" : NULL;
        else if (!strcmp(lang, "hi"))
            pat = n == 10                           ? "##### #####"
                  : n == 12 && !strncmp(d, "91", 2) ? "+## ##### #####"
                                                    : NULL;
        else
            pat = n == 10 ? "(###) ###-####" : n == 11 && d[0] == '1' ? "# (###) ###-####" : NULL;
    }
    if (pat)
        pattern(pat, d, out, size);
    else
        snprintf(out, size, "%s", d);
}
