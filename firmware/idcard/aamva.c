/* AAMVA DL/ID barcode parsing; see aamva.h. */
#include "firmware/idcard/aamva.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <string.h>

/* A bounded view into the caller's bytes. */
struct span {
    const char *p;
    size_t n;
};

static bool is_sep(char c)
{
    return c == '\n' || c == '\r' || c == 0x1e;
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool digits(const char *p, size_t n, int *value)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (p[i] - '0');
    }
    *value = v;
    return true;
}

/* Where the file type ("ANSI " / "AAMVA") starts, or 0 if this is not an
 * AAMVA barcode: "@" and one to three separators (scanners drop or
 * translate some) come first. */
static size_t file_type_at(const char *data, size_t len)
{
    if (!data || len < 2 || data[0] != '@')
        return 0;
    size_t i = 1;
    while (i < len && i < 4 && (unsigned char)data[i] < 0x20)
        i++;
    if (i == 1 || len - i < 5)
        return 0;
    if (memcmp(data + i, "ANSI ", 5) != 0 && memcmp(data + i, "AAMVA", 5) != 0)
        return 0;
    return i;
}

bool aamva_detect(const char *data, size_t len)
{
    return file_type_at(data, len) != 0;
}

static bool doc_type(const char *p)
{
    return (p[0] == 'D' && p[1] == 'L') || (p[0] == 'I' && p[1] == 'D');
}

/* The first "DL"/"ID" followed by an element id ("D" and two capitals: every
 * element of those subfiles is a D element) at or after from. */
static bool find_subfile(const char *data, size_t len, size_t from, struct span *out)
{
    for (size_t i = from; i + 5 <= len; i++) {
        if (doc_type(data + i) && data[i + 2] == 'D' && is_upper(data[i + 3]) &&
            is_upper(data[i + 4])) {
            out->p = data + i;
            out->n = len - i;
            return true;
        }
    }
    return false;
}

/* The DL or ID subfile: where its designator says, else looked for after the
 * designators. */
static bool locate(const char *data, size_t len, size_t designators, int entries, struct span *out)
{
    size_t end = designators;
    for (int e = 0; e < entries && designators + 10 * (size_t)(e + 1) <= len; e++) {
        const char *d = data + designators + 10 * (size_t)e;
        int off, n;
        end = designators + 10 * (size_t)(e + 1);
        if (!doc_type(d) || !digits(d + 2, 4, &off) || !digits(d + 6, 4, &n))
            continue;
        /* Elements are read up to the end of the data, not the designator's
         * length (often wrong on cards in the field): only the first of an
         * element counts, and jurisdiction subfiles hold Z elements only. */
        size_t o = (size_t)off;
        if (o + 2 <= len && memcmp(data + o, d, 2) == 0) {
            out->p = data + o;
            out->n = len - o;
            return true;
        }
    }
    return find_subfile(data, len, end, out);
}

/* The value of element id in the subfile (its type already skipped), the
 * first one if it is there twice; trailing spaces trimmed. */
static bool element(struct span sub, const char *id, struct span *val)
{
    size_t i = 0;
    while (i < sub.n) {
        size_t j = i;
        while (j < sub.n && !is_sep(sub.p[j]))
            j++;
        if (j - i >= 3 && memcmp(sub.p + i, id, 3) == 0) {
            size_t a = i + 3, b = j;
            while (a < b && sub.p[a] == ' ')
                a++;
            while (b > a && sub.p[b - 1] == ' ')
                b--;
            val->p = sub.p + a;
            val->n = b - a;
            return true;
        }
        i = j + 1;
    }
    return false;
}

/* Printable text (ASCII or UTF-8) without control characters, copied. */
static bool copy_text(char *dst, size_t size, struct span v)
{
    dst[0] = '\0';
    if (v.n >= size)
        return false;
    for (size_t i = 0; i < v.n;) {
        unsigned cp;
        size_t k = kstr_utf8_seq((const unsigned char *)v.p + i, v.n - i, &cp);
        if (!k || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            return false;
        i += k;
    }
    memcpy(dst, v.p, v.n);
    dst[v.n] = '\0';
    return true;
}

/* "NONE", "unavl", "unavail": what cards print for a name they do not have. */
static bool no_name(struct span v)
{
    static const char *const none[] = {"NONE", "UNAVL", "UNAVAIL", "UNKNOWN"};
    for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
        size_t n = strlen(none[i]);
        if (v.n != n)
            continue;
        size_t k = 0;
        while (k < n && (v.p[k] & ~0x20) == none[i][k])
            k++;
        if (k == n)
            return true;
    }
    return v.n == 0;
}

/* Split v at the first ',' or '$' (name part separators of versions 01-03). */
static struct span first_part(struct span v, struct span *rest)
{
    for (size_t i = 0; i < v.n; i++)
        if (v.p[i] == ',' || v.p[i] == '$') {
            rest->p = v.p + i + 1;
            rest->n = v.n - i - 1;
            return (struct span){v.p, i};
        }
    rest->p = v.p + v.n;
    rest->n = 0;
    return v;
}

static struct span trim(struct span v)
{
    while (v.n && v.p[0] == ' ') {
        v.p++;
        v.n--;
    }
    while (v.n && v.p[v.n - 1] == ' ')
        v.n--;
    return v;
}

/* An 8-digit date into "YYYY-MM-DD"; ymd_first: CCYYMMDD, else MMDDCCYY. */
static bool date_in(struct span v, bool ymd_first, char out[11])
{
    int y, m, d;
    if (v.n != 8)
        return false;
    if (ymd_first) {
        if (!digits(v.p, 4, &y) || !digits(v.p + 4, 2, &m) || !digits(v.p + 6, 2, &d))
            return false;
    } else if (!digits(v.p, 2, &m) || !digits(v.p + 2, 2, &d) || !digits(v.p + 4, 4, &y)) {
        return false;
    }
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    char iso[11] = {(char)('0' + y / 1000),
                    (char)('0' + y / 100 % 10),
                    (char)('0' + y / 10 % 10),
                    (char)('0' + y % 10),
                    '-',
                    (char)('0' + m / 10),
                    (char)('0' + m % 10),
                    '-',
                    (char)('0' + d / 10),
                    (char)('0' + d % 10),
                    '\0'};
    struct kdate k;
    if (!kdate_parse_iso(iso, &k))
        return false;
    memcpy(out, iso, sizeof(iso));
    return true;
}

static bool date_of(struct span sub, const char *id, bool canada, char out[11])
{
    struct span v;
    out[0] = '\0';
    if (!element(sub, id, &v))
        return false;
    return date_in(v, canada, out) || date_in(v, !canada, out);
}

static enum aamva_fault names(struct span sub, struct aamva_card *c)
{
    struct span v, rest, daa;
    /* DCS since version 02; DAB (family name) or DAA (full name) in 01. */
    if (element(sub, "DCS", &v) || element(sub, "DAB", &v)) {
        if (!copy_text(c->family, sizeof(c->family), v))
            return AAMVA_BAD_TEXT;
    } else if (element(sub, "DAA", &daa)) {
        /* version 01: "FAMILY,GIVEN,MIDDLE" */
        struct span fam = trim(first_part(daa, &rest));
        if (!copy_text(c->family, sizeof(c->family), fam))
            return AAMVA_BAD_TEXT;
        struct span rest2, given = trim(first_part(rest, &rest2));
        if (!no_name(given) && !copy_text(c->given, sizeof(c->given), given))
            c->given[0] = '\0';
        rest2 = trim(rest2);
        if (!no_name(rest2) && !copy_text(c->middle, sizeof(c->middle), rest2))
            c->middle[0] = '\0';
    }
    if (!c->family[0])
        return AAMVA_NO_FAMILY;
    /* Given and middle names are optional: an unreadable one is left empty. */
    if (element(sub, "DAC", &v) && !no_name(v)) {
        if (!copy_text(c->given, sizeof(c->given), v))
            c->given[0] = '\0';
    } else if (element(sub, "DCT", &v)) {
        /* versions 02-03: "GIVEN,MIDDLE" or "GIVEN MIDDLE" */
        struct span g = trim(first_part(v, &rest));
        if (!no_name(g) && !copy_text(c->given, sizeof(c->given), g))
            c->given[0] = '\0';
        rest = trim(rest);
        if (!c->middle[0] && !no_name(rest) && !copy_text(c->middle, sizeof(c->middle), rest))
            c->middle[0] = '\0';
    }
    if (element(sub, "DAD", &v) && !no_name(v) && !copy_text(c->middle, sizeof(c->middle), v))
        c->middle[0] = '\0';
    return AAMVA_OK;
}

static enum kiosk_err fail(struct aamva_card *c, enum aamva_fault f)
{
    aamva_wipe(c);
    c->fault = f;
    return KIOSK_ERR_INVALID;
}

enum kiosk_err aamva_parse(const char *data, size_t len, struct aamva_card *out)
{
    struct span sub, v;
    int entries = 0;
    memset(out, 0, sizeof(*out));
    out->jurisdiction_version = -1;
    if (data && len > AAMVA_MAX_LEN)
        return fail(out, AAMVA_TOO_LONG);
    size_t t = file_type_at(data, len);
    if (!t)
        return fail(out, AAMVA_NOT_AAMVA);
    /* IIN(6) and version(2) after the file type. */
    size_t h = t + 5;
    if (len < h + 10 || !digits(data + h + 6, 2, &out->version))
        return fail(out, AAMVA_BAD_HEADER);
    for (int i = 0; i < 6; i++)
        out->iin[i] = data[h + i];
    if (!digits(out->iin, 6, &(int){0}))
        return fail(out, AAMVA_BAD_HEADER);
    size_t at = h + 8;
    /* Versions 02 and later carry the jurisdiction version; some 01 cards
     * do too, which shows as a designator that does not start at a type. */
    bool jv =
        out->version >= 2 || (len >= at + 6 && !is_upper(data[at + 2]) && is_upper(data[at + 4]));
    if (jv) {
        if (!digits(data + at, 2, &out->jurisdiction_version))
            return fail(out, AAMVA_BAD_HEADER);
        at += 2;
    }
    if (len < at + 2 || !digits(data + at, 2, &entries))
        return fail(out, AAMVA_BAD_HEADER);
    at += 2;
    if (!locate(data, len, at, entries, &sub))
        return fail(out, AAMVA_NO_SUBFILE);
    out->doc = sub.p[0] == 'I' ? AAMVA_DOC_ID : AAMVA_DOC_DL;
    sub.p += 2;
    sub.n -= 2;

    enum aamva_fault f = names(sub, out);
    if (f != AAMVA_OK)
        return fail(out, f);
    if (out->version >= 3 && element(sub, "DCG", &v) && v.n == 3)
        copy_text(out->country, sizeof(out->country), v);
    /* Versions 00-02 write every date MMDDCCYY; later ones CCYYMMDD in Canada. */
    bool canada = out->version >= 3 && strcmp(out->country, "CAN") == 0;
    if (!date_of(sub, "DBB", canada, out->birth_date))
        return fail(out, AAMVA_NO_BIRTH_DATE);
    date_of(sub, "DBA", canada, out->expiry);
    if (element(sub, "DAQ", &v) && !copy_text(out->number, sizeof(out->number), v))
        out->number[0] = '\0';
    return KIOSK_OK;
}

bool aamva_expired(const struct aamva_card *c, const struct kdate *today)
{
    struct kdate e;
    if (!c->expiry[0] || !kdate_parse_iso(c->expiry, &e))
        return false;
    long exp = e.year * 10000L + e.month * 100L + e.day;
    long now = today->year * 10000L + today->month * 100L + today->day;
    return now > exp;
}

void aamva_wipe(struct aamva_card *c)
{
    kmem_wipe(c, sizeof(*c));
}

const char *aamva_fault_name(enum aamva_fault f)
{
    static const char *const names_[] = {
        [AAMVA_OK] = "ok",
        [AAMVA_NOT_AAMVA] = "not-aamva",
        [AAMVA_BAD_HEADER] = "bad-header",
        [AAMVA_TOO_LONG] = "too-long",
        [AAMVA_NO_SUBFILE] = "no-subfile",
        [AAMVA_NO_FAMILY] = "no-family-name",
        [AAMVA_NO_BIRTH_DATE] = "no-birth-date",
        [AAMVA_BAD_TEXT] = "bad-text",
    };
    if ((unsigned)f >= sizeof(names_) / sizeof(names_[0]))
        return "unknown";
    return names_[f];
}
