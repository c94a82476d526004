#include "firmware/payment/payment.h"

#include <ctype.h>
#include <string.h>

int pay_currency_exponent(const char *currency)
{
    static const char *const zero[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
                                       "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"};
    static const char *const three[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
    for (size_t i = 0; currency && i < sizeof(zero) / sizeof(zero[0]); i++)
        if (strcmp(currency, zero[i]) == 0)
            return 0;
    for (size_t i = 0; currency && i < sizeof(three) / sizeof(three[0]); i++)
        if (strcmp(currency, three[i]) == 0)
            return 3;
    return 2;
}

void pay_mask_clean(const char *given, char *out, size_t size, char last4[5])
{
    size_t n = 0;
    int digits = 0, masks = 0;
    out[0] = '\0';
    last4[0] = '\0';
    if (!given)
        return;
    for (const char *p = given; *p; p++) {
        if (isdigit((unsigned char)*p))
            digits++;
        else if (*p == '*' || *p == 'X' || *p == 'x')
            masks++;
        else if (*p != ' ')
            return;
    }
    size_t len = strlen(given);
    if (digits < 4 || digits > 10 || masks < 2 || len + 1 > size)
        return;
    /* The last four characters that are not spaces must be digits. */
    char tail[5] = "";
    int t = 4;
    for (size_t i = len; i-- > 0 && t > 0;) {
        if (given[i] == ' ')
            continue;
        if (!isdigit((unsigned char)given[i]))
            return;
        tail[--t] = given[i];
    }
    if (t != 0)
        return;
    tail[4] = '\0';
    for (const char *p = given; *p; p++)
        out[n++] = *p == 'x' ? 'X' : *p;
    out[n] = '\0';
    memcpy(last4, tail, 5);
}
