/* The kind table, and the one encoder and decoder every kind goes through.
 *
 * A kind's payload is described by its field list: the JSON name of each
 * member and where it lives in struct outbox_record. Writing and reading
 * walk that list, so the stored text of a kind is the same whoever queues
 * it. Field order is the order today's rows have always had, so a row
 * reads the same in a support export before and after an upgrade. */
#include "firmware/outbox/outbox.h"

#include "firmware/core/jsonw.h"

#include <string.h>

enum field_type {
    F_STR,   /* a char array member */
    F_OLD,   /* a char array member read from old rows, written only when set */
    F_I64,   /* an int64_t member */
    F_CONST, /* a fixed string written for readers of the text; ignored when read */
};

struct field {
    const char *name;
    enum field_type type;
    size_t offset, size; /* F_CONST: offset unused, value in text */
    const char *text;
};

#define MEMBER(m, f) offsetof(struct outbox_record, m.f), sizeof(((struct outbox_record *)0)->m.f)
#define STR(m, f, name)                                                                            \
    {                                                                                              \
        name, F_STR, MEMBER(m, f), NULL                                                            \
    }
#define OLD(m, f, name)                                                                            \
    {                                                                                              \
        name, F_OLD, MEMBER(m, f), NULL                                                            \
    }
#define I64(m, f, name)                                                                            \
    {                                                                                              \
        name, F_I64, MEMBER(m, f), NULL                                                            \
    }
#define CONST(name, value)                                                                         \
    {                                                                                              \
        name, F_CONST, 0, 0, value                                                                 \
    }
#define AT                                                                                         \
    {                                                                                              \
        "at", F_I64, offsetof(struct outbox_record, at_ms), sizeof(int64_t), NULL                  \
    }

/* --- the field list of each kind (its encoder and decoder) ------------------------ */

static const struct field arrived_fields[] = {
    STR(arrived, code, "code"),
    OLD(arrived, appointment, "appointment"),
    CONST("status", "arrived"),
    AT,
};

static const struct field help_fields[] = {
    CONST("kind", "help"),   STR(help, location, "location"), STR(help, screen, "screen"),
    STR(help, lang, "lang"), STR(help, reason, "reason"),     AT,
};

static const struct field billing_fields[] = {
    CONST("kind", "billing"),
    STR(billing, topic, "topic"),
    STR(billing, phone, "phone"),
    STR(billing, invoice, "invoice"),
    STR(billing, location, "location"),
    STR(billing, lang, "lang"),
    AT,
};

static const struct field device_fields[] = {
    CONST("kind", "device"),
    STR(device, location, "location"),
    STR(device, device, "device"),
    STR(device, state, "state"),
    AT,
};

static const struct field update_fields[] = {
    CONST("kind", "update"),
    STR(update, version, "version"),
    STR(update, result, "result"),
    STR(update, location, "location"),
    AT,
};

static const struct field staff_fields[] = {
    CONST("kind", "staff"),
    STR(staff, text, "text"),
    AT,
};

static const struct field payment_fields[] = {
    I64(payment, amount_minor, "amount_minor"),
    STR(payment, currency, "currency"),
    STR(payment, invoice, "invoice"),
    STR(payment, auth_code, "auth_code"),
    AT,
};

static const struct field form_fields[] = {
    STR(form, task, "task"),
    STR(form, patient, "patient"),
    STR(form, appointment, "appointment"),
    STR(form, questionnaire, "questionnaire"),
    STR(form, lang, "lang"),
    STR(form, consent, "consent"),
    STR(form, category, "category"),
    STR(form, decision, "decision"),
    STR(form, items, "items"),
    STR(form, sig_format, "sig_format"),
    STR(form, signature, "signature"),
    AT,
};

static const struct field details_fields[] = {
    CONST("kind", "details"),
    STR(details, patient, "patient"),
    STR(details, phone, "phone"),
    STR(details, email, "email"),
    STR(details, line, "line"),
    STR(details, city, "city"),
    STR(details, postal, "postal"),
    STR(details, country, "country"),
    STR(details, contact_name, "contact_name"),
    STR(details, contact_phone, "contact_phone"),
    STR(details, location, "location"),
    STR(details, lang, "lang"),
    AT,
};

static const struct field coverage_fields[] = {
    CONST("kind", "coverage"),
    STR(coverage, patient, "patient"),
    STR(coverage, change, "change"),
    STR(coverage, old_coverage, "old_coverage"),
    STR(coverage, payor, "payor"),
    STR(coverage, member_id, "member_id"),
    STR(coverage, relationship, "relationship"),
    STR(coverage, location, "location"),
    STR(coverage, lang, "lang"),
    AT,
};

static const struct field receipt_fields[] = {
    CONST("kind", "receipt"),
    STR(receipt, patient, "patient"),
    STR(receipt, channel, "channel"),
    STR(receipt, to, "to"),
    STR(receipt, payment, "payment"),
    I64(receipt, amount_minor, "amount_minor"),
    STR(receipt, currency, "currency"),
    STR(receipt, invoice, "invoice"),
    STR(receipt, auth_code, "auth_code"),
    STR(receipt, card, "card"),
    STR(receipt, link, "link"),
    STR(receipt, lang, "lang"),
    AT,
};

/* --- the table --------------------------------------------------------------------- */

struct kind_row {
    const char *name;
    const struct field *fields;
    size_t n_fields;
};

/* One row a kind, from OUTBOX_KINDS in outbox.h: a kind without its
 * <member>_fields list above does not compile. */
#define KIND_ROW(k, member, stored)                                                                \
    [OUTBOX_##k] = {stored, member##_fields, sizeof(member##_fields) / sizeof(member##_fields[0])},
static const struct kind_row kinds[] = {OUTBOX_KINDS(KIND_ROW)};
#undef KIND_ROW
_Static_assert(sizeof(kinds) / sizeof(kinds[0]) == OUTBOX_KIND_COUNT, "a row for every kind");

const char *outbox_kind_name(enum outbox_kind kind)
{
    return (unsigned)kind < OUTBOX_KIND_COUNT ? kinds[kind].name : NULL;
}

bool outbox_kind_from_name(const char *name, enum outbox_kind *out)
{
    for (int k = 0; name && k < OUTBOX_KIND_COUNT; k++) {
        if (strcmp(kinds[k].name, name) == 0) {
            *out = (enum outbox_kind)k;
            return true;
        }
    }
    return false;
}

/* --- encoding ---------------------------------------------------------------------- */

enum kiosk_err outbox_encode(const struct outbox_record *rec, char *out, size_t size)
{
    struct jsonw w;
    if (!rec || (unsigned)rec->kind >= OUTBOX_KIND_COUNT || !out || !size)
        return KIOSK_ERR_INVALID;
    const struct kind_row *row = &kinds[rec->kind];
    const char *base = (const char *)rec;
    jsonw_begin(&w, out, size);
    for (size_t i = 0; i < row->n_fields; i++) {
        const struct field *f = &row->fields[i];
        const char *str = base + f->offset;
        switch (f->type) {
        case F_OLD:
            if (!str[0])
                break;
            /* fall through */
        case F_STR:
            /* A member not NUL-terminated in its array is a caller's bug:
             * refused rather than read past. */
            if (!memchr(str, '\0', f->size)) {
                out[0] = '\0';
                return KIOSK_ERR_TOO_BIG;
            }
            jsonw_str(&w, f->name, str);
            break;
        case F_I64: {
            int64_t v;
            memcpy(&v, base + f->offset, sizeof(v));
            jsonw_int(&w, f->name, v);
            break;
        }
        case F_CONST:
            jsonw_str(&w, f->name, f->text);
            break;
        }
    }
    return jsonw_end(&w);
}

/* --- decoding: one flat JSON object (RFC 8259), nested values skipped --------------- */

#define MAX_DEPTH 32

struct reader {
    const char *p;
};

static void ws(struct reader *r)
{
    while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
        r->p++;
}

static int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/* Append n bytes to dst (size bytes, dst NULL: skipping); *fits goes false
 * when they do not fit. */
static void emit(char *dst, size_t size, size_t *len, const char *bytes, size_t n, bool *fits)
{
    if (!dst)
        return;
    if (*len + n >= size) {
        *fits = false;
        return;
    }
    memcpy(dst + *len, bytes, n);
    *len += n;
    dst[*len] = '\0';
}

/* A string at r->p (its opening quote) into dst, or skipped when dst is
 * NULL. *fits false when it was longer than size - 1. */
static enum kiosk_err read_string(struct reader *r, char *dst, size_t size, bool *fits)
{
    size_t len = 0;
    *fits = true;
    if (dst && size)
        dst[0] = '\0';
    if (*r->p++ != '"')
        return KIOSK_ERR_INVALID;
    for (;;) {
        unsigned char c = (unsigned char)*r->p;
        if (c == '"') {
            r->p++;
            return KIOSK_OK;
        }
        if (c < 0x20) /* the end of the text, or a raw control character */
            return KIOSK_ERR_INVALID;
        if (c != '\\') {
            emit(dst, size, &len, r->p++, 1, fits);
            continue;
        }
        char e = r->p[1];
        r->p += 2;
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e && simple) {
            static const char value[] = "\"\\/\b\f\n\r\t";
            emit(dst, size, &len, &value[simple - "\"\\/bfnrt"], 1, fits);
            continue;
        }
        if (e != 'u')
            return KIOSK_ERR_INVALID;
        int cp = hex4(r->p);
        if (cp < 0)
            return KIOSK_ERR_INVALID;
        r->p += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) { /* a pair makes one code point */
            int lo = r->p[0] == '\\' && r->p[1] == 'u' ? hex4(r->p + 2) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF)
                return KIOSK_ERR_INVALID;
            r->p += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0) {
            return KIOSK_ERR_INVALID; /* a lone half, or a NUL a C string cannot hold */
        }
        char u[4];
        size_t n;
        if (cp < 0x80) {
            u[0] = (char)cp;
            n = 1;
        } else if (cp < 0x800) {
            u[0] = (char)(0xC0 | (cp >> 6));
            u[1] = (char)(0x80 | (cp & 0x3F));
            n = 2;
        } else if (cp < 0x10000) {
            u[0] = (char)(0xE0 | (cp >> 12));
            u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            u[2] = (char)(0x80 | (cp & 0x3F));
            n = 3;
        } else {
            u[0] = (char)(0xF0 | (cp >> 18));
            u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
            u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
            u[3] = (char)(0x80 | (cp & 0x3F));
            n = 4;
        }
        emit(dst, size, &len, u, n, fits);
    }
}

/* A number; *is_int when it is an integer that fits int64_t. */
static enum kiosk_err read_number(struct reader *r, int64_t *out, bool *is_int)
{
    const char *p = r->p;
    bool neg = false;
    uint64_t v = 0, limit = (uint64_t)INT64_MAX;
    *is_int = true;
    if (*p == '-') {
        neg = true;
        limit += 1;
        p++;
    }
    if (*p < '0' || *p > '9')
        return KIOSK_ERR_INVALID;
    if (*p == '0' && p[1] >= '0' && p[1] <= '9')
        return KIOSK_ERR_INVALID; /* no leading zeros */
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (v > (limit - d) / 10)
            *is_int = false;
        else
            v = v * 10 + d;
    }
    if (*p == '.') {
        *is_int = false;
        if (*++p < '0' || *p > '9')
            return KIOSK_ERR_INVALID;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        *is_int = false;
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (*p < '0' || *p > '9')
            return KIOSK_ERR_INVALID;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    r->p = p;
    if (*is_int)
        *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return KIOSK_OK;
}

static enum kiosk_err skip_value(struct reader *r, int depth);

/* The members of an object or the items of an array, after its opening. */
static enum kiosk_err skip_items(struct reader *r, char close, int depth)
{
    bool fits;
    ws(r);
    if (*r->p == close) {
        r->p++;
        return KIOSK_OK;
    }
    for (;;) {
        enum kiosk_err err;
        ws(r);
        if (close == '}') {
            if ((err = read_string(r, NULL, 0, &fits)) != KIOSK_OK)
                return err;
            ws(r);
            if (*r->p++ != ':')
                return KIOSK_ERR_INVALID;
        }
        if ((err = skip_value(r, depth + 1)) != KIOSK_OK)
            return err;
        ws(r);
        if (*r->p == ',') {
            r->p++;
            continue;
        }
        if (*r->p++ != close)
            return KIOSK_ERR_INVALID;
        return KIOSK_OK;
    }
}

static enum kiosk_err skip_value(struct reader *r, int depth)
{
    bool b;
    int64_t n;
    if (depth > MAX_DEPTH)
        return KIOSK_ERR_INVALID;
    ws(r);
    switch (*r->p) {
    case '"':
        return read_string(r, NULL, 0, &b);
    case '{':
        r->p++;
        return skip_items(r, '}', depth);
    case '[':
        r->p++;
        return skip_items(r, ']', depth);
    default:
        break;
    }
    static const char *const words[] = {"true", "false", "null"};
    for (size_t i = 0; i < 3; i++) {
        size_t len = strlen(words[i]);
        if (strncmp(r->p, words[i], len) == 0) {
            r->p += len;
            return KIOSK_OK;
        }
    }
    return read_number(r, &n, &b);
}

static const struct field *field_named(const struct kind_row *row, const char *name)
{
    for (size_t i = 0; i < row->n_fields; i++)
        if (row->fields[i].type != F_CONST && strcmp(row->fields[i].name, name) == 0)
            return &row->fields[i];
    return NULL;
}

/* One member's value into its field (or skipped: unknown, or of another type). */
static enum kiosk_err read_member(struct reader *r, const struct field *f, char *base)
{
    ws(r);
    if (f && (f->type == F_STR || f->type == F_OLD) && *r->p == '"') {
        bool fits;
        enum kiosk_err err = read_string(r, base + f->offset, f->size, &fits);
        if (err == KIOSK_OK && !fits)
            err = KIOSK_ERR_TOO_BIG;
        return err;
    }
    if (f && f->type == F_I64 && (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))) {
        bool is_int;
        int64_t v = 0;
        enum kiosk_err err = read_number(r, &v, &is_int);
        if (err == KIOSK_OK && is_int)
            memcpy(base + f->offset, &v, sizeof(v));
        return err;
    }
    return skip_value(r, 1);
}

enum kiosk_err outbox_decode(enum outbox_kind kind, const char *json, int64_t created_ms,
                             struct outbox_record *out)
{
    struct reader r = {json};
    enum kiosk_err err = KIOSK_ERR_INVALID;
    if (!out)
        return KIOSK_ERR_INVALID;
    memset(out, 0, sizeof(*out));
    if ((unsigned)kind >= OUTBOX_KIND_COUNT || !json)
        return KIOSK_ERR_INVALID;
    const struct kind_row *row = &kinds[kind];
    out->kind = kind;
    ws(&r);
    if (*r.p++ != '{')
        goto fail;
    ws(&r);
    if (*r.p == '}') {
        r.p++;
    } else {
        for (;;) {
            char name[32];
            bool fits;
            ws(&r);
            if ((err = read_string(&r, name, sizeof(name), &fits)) != KIOSK_OK)
                goto fail;
            ws(&r);
            err = KIOSK_ERR_INVALID;
            if (*r.p++ != ':')
                goto fail;
            if ((err = read_member(&r, fits ? field_named(row, name) : NULL, (char *)out)) !=
                KIOSK_OK)
                goto fail;
            ws(&r);
            err = KIOSK_ERR_INVALID;
            if (*r.p == ',') {
                r.p++;
                continue;
            }
            if (*r.p++ != '}')
                goto fail;
            break;
        }
    }
    ws(&r);
    err = KIOSK_ERR_INVALID;
    if (*r.p)
        goto fail; /* something after the object */
    if (out->at_ms <= 0)
        out->at_ms = created_ms;
    return KIOSK_OK;

fail:
    memset(out, 0, sizeof(*out));
    return err;
}
