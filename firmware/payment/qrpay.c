#include "firmware/payment/qrpay.h"
#include "firmware/core/str.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

uint16_t brcode_crc16(const char *data, size_t len)
{
    uint16_t crc = 0xFFFF;
    for (size_t i = 0; i < len; i++) {
        crc ^= (uint16_t)((uint8_t)data[i] << 8);
        for (int b = 0; b < 8; b++)
            crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    }
    return crc;
}

/* ASCII letters for U+00C0..U+017F; '.' drops the character. */
static const char latin_fold[] = "AAAAAAACEEEEIIII"
                                 "DNOOOOO.OUUUUY.s"
                                 "aaaaaaaceeeeiiii"
                                 "dnooooo.ouuuuy.y"
                                 "AaAaAaCcCcCcCcDd"
                                 "DdEeEeEeEeEeGgGg"
                                 "GgGgHhHhIiIiIiIi"
                                 "IiIiJjKkkLlLlLlL"
                                 "lLlNnNnNnnNnOoOo"
                                 "OoOoRrRrRrSsSsSs"
                                 "SsTtTtTtUuUuUuUu"
                                 "UuUuWwYyYZzZzZzs";

static char fold_cp(unsigned cp)
{
    if (cp >= 0x20 && cp <= 0x7E)
        return (char)cp;
    if (cp == 0x09 || cp == 0xA0)
        return ' ';
    if (cp >= 0xC0 && cp <= 0x17F) {
        char c = latin_fold[cp - 0xC0];
        return c == '.' ? 0 : c;
    }
    return 0;
}

enum kiosk_err brcode_fold(const char *in, size_t max, char *out, size_t size)
{
    if (!in || !out || max == 0)
        return KIOSK_ERR_INVALID;
    if (size < max + 1)
        return KIOSK_ERR_TOO_BIG;
    size_t n = 0, len = strlen(in);
    const unsigned char *p = (const unsigned char *)in;
    while (len > 0) {
        unsigned cp = 0;
        size_t seq = kstr_utf8_seq(p, len, &cp);
        if (seq == 0)
            return KIOSK_ERR_INVALID;
        p += seq;
        len -= seq;
        char c = fold_cp(cp);
        if (!c || (c == ' ' && (n == 0 || out[n - 1] == ' ')))
            continue;
        if (n == max)
            break;
        out[n++] = c;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return n == 0 ? KIOSK_ERR_INVALID : KIOSK_OK;
}

enum kiosk_err qrpay_amount(int64_t minor, size_t max_len, char *out, size_t size)
{
    if (minor < 0 || !out)
        return KIOSK_ERR_INVALID;
    int n = snprintf(out, size, "%" PRId64 ".%02" PRId64, minor / 100, minor % 100);
    if (n < 0 || (size_t)n >= size || (size_t)n > max_len)
        return KIOSK_ERR_TOO_BIG;
    return KIOSK_OK;
}

/* One ID + length + value field appended at *n. */
static enum kiosk_err tlv(char *out, size_t size, size_t *n, const char *id, const char *val)
{
    size_t len = strlen(val);
    if (len == 0 || len > 99)
        return len == 0 ? KIOSK_ERR_INVALID : KIOSK_ERR_TOO_BIG;
    if (*n + 4 + len + 1 > size)
        return KIOSK_ERR_TOO_BIG;
    snprintf(out + *n, size - *n, "%.2s%02zu%s", id, len, val);
    *n += 4 + len;
    return KIOSK_OK;
}

static bool printable(const char *s, size_t max)
{
    size_t len = strlen(s);
    if (len == 0 || len > max)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7E)
            return false;
    return true;
}

static bool alnum_only(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

bool pix_txid_valid(const char *txid)
{
    if (!txid)
        return false;
    size_t len = strlen(txid);
    return len >= PIX_TXID_MIN && len <= PIX_TXID_MAX && alnum_only(txid);
}

/* Field 26: the Pix merchant account template. */
static enum kiosk_err account(const struct brcode *c, char *acct, size_t size)
{
    size_t n = 0;
    enum kiosk_err err = tlv(acct, size, &n, "00", "br.gov.bcb.pix");
    if (err == KIOSK_OK && c->location)
        err =
            printable(c->location, BRCODE_LOCATION_MAX) && strncmp(c->location, "https://", 8) != 0
                ? tlv(acct, size, &n, "25", c->location)
                : KIOSK_ERR_INVALID;
    else if (err == KIOSK_OK)
        err = printable(c->key, BRCODE_KEY_MAX) ? tlv(acct, size, &n, "01", c->key)
                                                : KIOSK_ERR_INVALID;
    return err;
}

static enum kiosk_err txid_field(const struct brcode *c, char *add, size_t size)
{
    const char *txid = "***";
    if (c->txid && !c->location) {
        if (strlen(c->txid) == 0 || strlen(c->txid) > BRCODE_TXID_MAX || !alnum_only(c->txid))
            return KIOSK_ERR_INVALID;
        txid = c->txid;
    }
    size_t n = 0;
    return tlv(add, size, &n, "05", txid);
}

enum kiosk_err brcode_build(const struct brcode *c, char *out, size_t size)
{
    if (!c || !out || size == 0 || !c->name || !c->city || (!c->location == !c->key))
        return KIOSK_ERR_INVALID;
    out[0] = '\0';
    char acct[100], add[100], name[BRCODE_NAME_MAX + 1], city[BRCODE_CITY_MAX + 1];
    char amount[BRCODE_AMOUNT_MAX + 1];
    enum kiosk_err err = account(c, acct, sizeof(acct));
    if (err == KIOSK_OK)
        err = txid_field(c, add, sizeof(add));
    if (err == KIOSK_OK)
        err = brcode_fold(c->name, BRCODE_NAME_MAX, name, sizeof(name));
    if (err == KIOSK_OK)
        err = brcode_fold(c->city, BRCODE_CITY_MAX, city, sizeof(city));
    if (err == KIOSK_OK && c->amount_minor > 0)
        err = qrpay_amount(c->amount_minor, BRCODE_AMOUNT_MAX, amount, sizeof(amount));
    if (err != KIOSK_OK)
        return err;
    size_t n = 0;
    err = tlv(out, size, &n, "00", "01");
    if (err == KIOSK_OK && c->location)
        err = tlv(out, size, &n, "01", "12"); /* a one-time code */
    if (err == KIOSK_OK)
        err = tlv(out, size, &n, "26", acct);
    if (err == KIOSK_OK)
        err = tlv(out, size, &n, "52", "0000");
    if (err == KIOSK_OK)
        err = tlv(out, size, &n, "53", "986");
    if (err == KIOSK_OK && c->amount_minor > 0)
        err = tlv(out, size, &n, "54", amount);
    if (err == KIOSK_OK)
        err = tlv(out, size, &n, "58", "BR");
    if (err == KIOSK_OK)
        err = tlv(out, size, &n, "59", name);
    if (err == KIOSK_OK)
        err = tlv(out, size, &n, "60", city);
    if (err == KIOSK_OK)
        err = tlv(out, size, &n, "62", add);
    if (err == KIOSK_OK && n + 8 + 1 > size)
        err = KIOSK_ERR_TOO_BIG;
    if (err != KIOSK_OK) {
        out[0] = '\0';
        return err;
    }
    memcpy(out + n, "6304", 5);
    n += 4;
    snprintf(out + n, size - n, "%04X", brcode_crc16(out, n));
    return KIOSK_OK;
}

bool brcode_check(const char *payload)
{
    if (!payload)
        return false;
    size_t len = strlen(payload), i = 0;
    while (i + 4 <= len) {
        if (payload[i + 2] < '0' || payload[i + 2] > '9' || payload[i + 3] < '0' ||
            payload[i + 3] > '9')
            return false;
        size_t flen = (size_t)(payload[i + 2] - '0') * 10 + (size_t)(payload[i + 3] - '0');
        if (i + 4 + flen > len)
            return false;
        if (strncmp(payload + i, "6304", 4) == 0) {
            if (i + 8 != len)
                return false;
            char want[5];
            snprintf(want, sizeof(want), "%04X", brcode_crc16(payload, i + 4));
            return memcmp(want, payload + i + 4, 4) == 0;
        }
        i += 4 + flen;
    }
    return false;
}

/* Append s percent-encoded. */
static bool pct_append(char *out, size_t size, size_t *n, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || strchr("-._~@", *p);
        size_t need = keep ? 1 : 3;
        if (*n + need + 1 > size)
            return false;
        if (keep) {
            out[(*n)++] = (char)*p;
        } else {
            out[(*n)++] = '%';
            out[(*n)++] = hex[*p >> 4];
            out[(*n)++] = hex[*p & 15];
        }
    }
    out[*n] = '\0';
    return true;
}

static bool param(char *out, size_t size, size_t *n, const char *key, const char *val)
{
    if (!val)
        return true;
    if (!kstr_append(out, size, *n > 0 && out[*n - 1] != '?' ? "&" : "") ||
        !kstr_append(out, size, key) || !kstr_append(out, size, "="))
        return false;
    *n = strlen(out);
    return pct_append(out, size, n, val);
}

static bool vpa_valid(const char *pa)
{
    const char *at = strchr(pa, '@');
    if (!at || at == pa || !at[1] || strchr(at + 1, '@') || strlen(pa) > 255)
        return false;
    for (const char *p = pa; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr(".-_@", *p)))
            return false;
    return true;
}

enum kiosk_err upi_build(const struct upi_pay *u, char *out, size_t size)
{
    if (!u || !out || size == 0 || !u->pa || !vpa_valid(u->pa) || !u->pn || !u->pn[0] ||
        !kstr_utf8_valid(u->pn, strlen(u->pn)) ||
        (u->tn && !kstr_utf8_valid(u->tn, strlen(u->tn))) || u->amount_minor < 0)
        return KIOSK_ERR_INVALID;
    if (u->mc && (strlen(u->mc) != 4 || strspn(u->mc, "0123456789") != 4))
        return KIOSK_ERR_INVALID;
    if (u->tr && (!u->tr[0] || strlen(u->tr) > 35 || !alnum_only(u->tr)))
        return KIOSK_ERR_INVALID;
    char amount[24];
    if (u->amount_minor > 0 && qrpay_amount(u->amount_minor, 18, amount, sizeof(amount)))
        return KIOSK_ERR_TOO_BIG;
    out[0] = '\0';
    size_t n = 0;
    bool ok = kstr_copy(out, size, "upi://pay?");
    n = strlen(out);
    ok = ok && param(out, size, &n, "pa", u->pa) && param(out, size, &n, "pn", u->pn) &&
         param(out, size, &n, "mc", u->mc) && param(out, size, &n, "tr", u->tr) &&
         param(out, size, &n, "tn", u->tn) &&
         param(out, size, &n, "am", u->amount_minor > 0 ? amount : NULL) &&
         param(out, size, &n, "cu", "INR");
    if (!ok) {
        out[0] = '\0';
        return KIOSK_ERR_TOO_BIG;
    }
    return KIOSK_OK;
}
