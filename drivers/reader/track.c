/* ISO/IEC 7813 track parsing. Fields are found as pointers into the
 * caller's buffer: no copy of the PAN, name or discretionary data is made,
 * and the small parse state that points into it is wiped on the way out. */
#include "drivers/reader/track.h"
#include "firmware/core/mem.h"

#include <string.h>

#define TRACK1_MAX  79 /* characters including sentinels, without LRC */
#define TRACK2_MAX  40
#define NAME_MIN    2
#define NAME_MAX    26
#define PAYMENT_MIN 12 /* shortest payment PAN (ISO/IEC 7812) */

/* Fields of one track, pointing into the caller's text. */
struct fields {
    const char *pan;
    size_t pan_len;
    const char *expiry;  /* 4 digits YYMM */
    const char *service; /* 3 digits */
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

bool track_luhn_ok(const char *digits, size_t len)
{
    unsigned sum = 0;
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = digits[len - 1 - i];
        if (!is_digit(c))
            return false;
        unsigned d = (unsigned)(c - '0');
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

/* Expiry and service code: at least 7 characters at p (before end). */
static enum track_fault parse_tail(const char *p, const char *end, struct fields *f)
{
    if (end - p < 4 || !all_digits(p, 4))
        return TRACK_FAULT_EXPIRY;
    int month = (p[2] - '0') * 10 + (p[3] - '0');
    if (month < 1 || month > 12)
        return TRACK_FAULT_EXPIRY;
    f->expiry = p;
    if (end - p < 7 || !all_digits(p + 4, 3))
        return TRACK_FAULT_SERVICE_CODE;
    f->service = p + 4;
    return TRACK_OK;
}

/* PAN digits from p up to the separator sep. */
static enum track_fault parse_pan(const char *p, const char *end, char sep, struct fields *f,
                                  const char **after)
{
    const char *q = p;
    while (q < end && *q != sep) {
        if (!is_digit(*q))
            return TRACK_FAULT_PAN;
        q++;
    }
    if (q == end)
        return TRACK_FAULT_SEPARATOR;
    if (q == p || q - p > TRACK_PAN_MAX)
        return TRACK_FAULT_PAN;
    f->pan = p;
    f->pan_len = (size_t)(q - p);
    *after = q + 1;
    return TRACK_OK;
}

/* Track 1 body between '%' and '?' (exclusive): "B PAN ^ NAME ^ YYMM SVC ...". */
static enum track_fault parse_track1(const char *p, const char *end, struct fields *f)
{
    enum track_fault fault;
    if (end - p + 2 > TRACK1_MAX)
        return TRACK_FAULT_TOO_LONG;
    for (const char *q = p; q < end; q++)
        if (*q < 0x20 || *q > 0x5F) /* the 6-bit track 1 character set */
            return TRACK_FAULT_BAD_CHAR;
    if (p == end || *p != 'B')
        return TRACK_FAULT_FORMAT_CODE;
    fault = parse_pan(p + 1, end, '^', f, &p);
    if (fault)
        return fault;
    const char *name = p;
    while (p < end && *p != '^')
        p++;
    if (p == end)
        return TRACK_FAULT_SEPARATOR;
    if (p - name < NAME_MIN || p - name > NAME_MAX)
        return TRACK_FAULT_NAME;
    return parse_tail(p + 1, end, f);
}

/* Track 2 body between ';' and '?': "PAN = YYMM SVC discretionary". */
static enum track_fault parse_track2(const char *p, const char *end, struct fields *f)
{
    enum track_fault fault;
    if (end - p + 2 > TRACK2_MAX)
        return TRACK_FAULT_TOO_LONG;
    for (const char *q = p; q < end; q++)
        if (!is_digit(*q) && *q != '=')
            return TRACK_FAULT_BAD_CHAR;
    fault = parse_pan(p, end, '=', f, &p);
    if (fault)
        return fault;
    fault = parse_tail(p, end, f);
    if (fault)
        return fault;
    for (p += 7; p < end; p++) /* discretionary data: digits only */
        if (*p == '=')
            return TRACK_FAULT_SEPARATOR;
    return TRACK_OK;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static enum track_brand brand_of(const char *pan, size_t n)
{
    int two = n >= 2 ? (pan[0] - '0') * 10 + (pan[1] - '0') : -1;
    int four = n >= 4 ? two * 100 + (pan[2] - '0') * 10 + (pan[3] - '0') : -1;
    if (pan[0] == '4')
        return TRACK_BRAND_VISA;
    if (two == 34 || two == 37)
        return TRACK_BRAND_AMEX;
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720))
        return TRACK_BRAND_MASTERCARD;
    return TRACK_BRAND_UNKNOWN;
}

/* Find and parse the tracks in text. */
static enum track_fault parse_swipe(const char *text, size_t len, struct fields *t1,
                                    struct fields *t2, bool *has1, bool *has2)
{
    const char *p = text, *end = text + len;
    bool seen1 = false, seen2 = false; /* including "E" error tracks */
    while (p < end) {
        if (is_space(*p)) {
            p++;
            continue;
        }
        char start = *p;
        if (start != '%' && start != ';')
            return TRACK_FAULT_NO_START;
        const char *body = p + 1, *q = body;
        while (q < end && *q != '?' && *q != '%' && *q != ';')
            q++;
        if (q == end || *q != '?')
            return TRACK_FAULT_NO_END;
        p = q + 1;
        /* Readers mark a track they could not read as "%E?" / ";E?". */
        bool error_track = q - body == 1 && body[0] == 'E';
        enum track_fault fault = TRACK_OK;
        if (start == '%') {
            if (seen1)
                return TRACK_FAULT_NO_START;
            seen1 = true;
            if (!error_track) {
                fault = parse_track1(body, q, t1);
                *has1 = fault == TRACK_OK;
            }
        } else if (!seen2) {
            seen2 = true;
            if (!error_track) {
                fault = parse_track2(body, q, t2);
                *has2 = fault == TRACK_OK;
            }
        } /* else: track 3 (ISO 4909); not used */
        if (fault)
            return fault;
    }
    if (!*has1 && !*has2)
        return TRACK_FAULT_EMPTY;
    if (*has1 && *has2 &&
        (t1->pan_len != t2->pan_len || memcmp(t1->pan, t2->pan, t1->pan_len) != 0 ||
         memcmp(t1->expiry, t2->expiry, 4) != 0))
        return TRACK_FAULT_MISMATCH;
    return TRACK_OK;
}

enum kiosk_err track_parse(const char *text, size_t len, const struct track_policy *policy,
                           struct track_card *out)
{
    struct fields t1 = {0}, t2 = {0};
    bool has1 = false, has2 = false;
    enum track_fault fault;

    memset(out, 0, sizeof(*out));
    if (!text || !policy) {
        out->fault = TRACK_FAULT_EMPTY;
        return KIOSK_ERR_INVALID;
    }
    fault = parse_swipe(text, len, &t1, &t2, &has1, &has2);
    if (fault)
        goto fail;
    const struct fields *f = has2 ? &t2 : &t1;
    const char *prefix = policy->patient_card_prefix;
    size_t prefix_len = prefix ? strlen(prefix) : 0;
    out->luhn_ok = track_luhn_ok(f->pan, f->pan_len);
    if (prefix_len > 0 && prefix_len <= f->pan_len && memcmp(f->pan, prefix, prefix_len) == 0) {
        out->kind = TRACK_PATIENT_CARD;
        memcpy(out->patient_id, f->pan, f->pan_len);
        out->patient_id[f->pan_len] = '\0';
    } else {
        out->kind = TRACK_PAYMENT_CARD;
        fault = TRACK_FAULT_PAN;
        if (f->pan_len < PAYMENT_MIN)
            goto fail;
        fault = TRACK_FAULT_LUHN;
        if (!out->luhn_ok)
            goto fail;
        memcpy(out->last4, f->pan + f->pan_len - 4, 4);
        out->brand = brand_of(f->pan, f->pan_len);
    }
    out->exp_year = 2000 + (f->expiry[0] - '0') * 10 + (f->expiry[1] - '0');
    out->exp_month = (f->expiry[2] - '0') * 10 + (f->expiry[3] - '0');
    memcpy(out->service_code, f->service, 3);
    /* Valid through the last day of the expiry month. */
    out->expired = policy->year > out->exp_year ||
                   (policy->year == out->exp_year && policy->month > out->exp_month);
    out->has_track1 = has1;
    out->has_track2 = has2;
    kmem_wipe(&t1, sizeof(t1));
    kmem_wipe(&t2, sizeof(t2));
    return KIOSK_OK;

fail:
    kmem_wipe(&t1, sizeof(t1));
    kmem_wipe(&t2, sizeof(t2));
    kmem_wipe(out, sizeof(*out));
    out->fault = fault;
    return KIOSK_ERR_INVALID;
}

enum kiosk_err track_parse_and_wipe(char *text, size_t len, const struct track_policy *policy,
                                    struct track_card *out)
{
    enum kiosk_err err = track_parse(text, len, policy, out);
    kmem_wipe(text, len);
    return err;
}

const char *track_fault_name(enum track_fault f)
{
    switch (f) {
    case TRACK_OK:
        return "ok";
    case TRACK_FAULT_EMPTY:
        return "no track";
    case TRACK_FAULT_NO_START:
        return "no start sentinel";
    case TRACK_FAULT_NO_END:
        return "no end sentinel";
    case TRACK_FAULT_FORMAT_CODE:
        return "bad format code";
    case TRACK_FAULT_BAD_CHAR:
        return "bad character";
    case TRACK_FAULT_PAN:
        return "bad account number";
    case TRACK_FAULT_SEPARATOR:
        return "bad field separator";
    case TRACK_FAULT_NAME:
        return "bad name field";
    case TRACK_FAULT_EXPIRY:
        return "bad expiry date";
    case TRACK_FAULT_SERVICE_CODE:
        return "bad service code";
    case TRACK_FAULT_TOO_LONG:
        return "track too long";
    case TRACK_FAULT_LUHN:
        return "check digit wrong";
    case TRACK_FAULT_MISMATCH:
        return "tracks disagree";
    }
    return "unknown";
}
