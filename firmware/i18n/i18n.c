/* Catalogs and locale formatting.
 *
 * A catalog is a compiled .mo file (msgfmt at build time) read whole into
 * one allocation and checked once by mo_open; i18n_text() is then a binary
 * search over the sorted originals: no allocation and no locking, as it runs
 * for every label of every frame. The plural rule comes from the catalog's
 * Plural-Forms header, compiled once (plural.c). Untranslated and fuzzy
 * entries are not in a .mo: msgfmt leaves them out, so they fall back to
 * English like any msgid the catalog lacks. */
#define _POSIX_C_SOURCE 200809L
#include "i18n.h"

#include "firmware/core/file.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "mo.h"
#include "plural.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdatomic.h>
#include <string.h>

#define LANG_COUNT  4
#define CATALOG_MAX (4 * 1024 * 1024)
#define NBSP        "\xC2\xA0"
#define LANG_COUNT  4
#define CATALOG_MAX (4 * 1024 * 1024)
#define NBSP        "\xC2\xA0"

enum grouping {
    GROUP_3,      /* 1,234,567 */
    GROUP_3_MIN2, /* 1234 but 12.345 (CLDR minimumGroupingDigits 2, es) */
    GROUP_INDIAN, /* 12,34,567: the last three, then pairs */
};

enum money_style {
    MONEY_PREFIX,       /* $1,234.56: symbol right before the digits */
    MONEY_PREFIX_SPACE, /* R$ 1.234,56 */
    MONEY_SUFFIX_SPACE, /* 1234,56 € */
};

struct lang_info {
    const char *code;
    const char *native;
    bool h12;         /* 12-hour clock with AM/PM after the time */
    bool hour_2digit; /* 09:30 rather than 9:30 (24-hour languages) */
    bool date_de;     /* "2 de março de 1984" rather than "2 March 1984" */
    const char *group_sep;
    const char *decimal_sep;
    enum grouping grouping;
    enum money_style money;
    const char *months[12];
    /* CLDR 48 (the modern data ICU 78 ships): */
    bool date_mdy;          /* "March 2, 1984" (en "MMMM d, y") */
    const char *am, *pm;    /* day periods after a 12-hour time ("a") */
    const char *at, *after; /* date and time joined: "{date}{at}{time}{after}" */
};

static const struct lang_info langs[LANG_COUNT] = {
    {"en",
     "English",
     true,
     false,
     false,
     ",",
     ".",
     GROUP_3,
     MONEY_PREFIX,
     {"January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"},
     true,
     "AM",
     "PM",
     " at ",
     ""},
    {"pt-BR",
     "Português",
     false,
     true,
     true,
     ".",
     ",",
     GROUP_3,
     MONEY_PREFIX_SPACE,
     {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
      "outubro", "novembro", "dezembro"},
     false,
     NULL,
     NULL,
     " às ",
     ""},
    {"hi",
     "हिन्दी",
     true,
     false,
     false,
     ",",
     ".",
     GROUP_INDIAN,
     MONEY_PREFIX,
     {"जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर",
      "दिसंबर"},
     false,
     "am",
     "pm",
     " को ",
     " बजे"},
    {"es",
     "Español",
     false,
     false,
     true,
     ".",
     ",",
     GROUP_3_MIN2,
     MONEY_SUFFIX_SPACE,
     {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
      "octubre", "noviembre", "diciembre"},
     false,
     NULL,
     NULL,
     " a las ",
     ""},
};

struct catalog {
    unsigned char *data; /* the whole file; NULL: no catalog loaded */
    struct mo mo;
    struct plural rule;
};

struct i18n {
    struct catalog cat[LANG_COUNT];
};

/* --- languages ----------------------------------------------------------- */

static int lang_index(const char *lang)
{
    if (!lang)
        return -1;
    for (int i = 0; i < LANG_COUNT; i++)
        if (strcmp(lang, langs[i].code) == 0)
            return i;
    return -1;
}

int i18n_lang_count(void)
{
    return LANG_COUNT;
}

const char *i18n_lang_code(int index)
{
    return index >= 0 && index < LANG_COUNT ? langs[index].code : NULL;
}

int i18n_lang_index(const char *lang)
{
    return lang_index(lang);
}

const char *i18n_lang_native_name(const char *lang)
{
    int i = lang_index(lang);
    if (i >= 0)
        return langs[i].native;
    return lang ? lang : "";
}

int i18n_lang_known(const char *lang)
{
    return lang_index(lang) >= 0;
}

/* --- catalogs ------------------------------------------------------------ */

static void catalog_release(struct catalog *c)
{
    kmem_free(c->data);
    memset(c, 0, sizeof(*c));
}

/* The rule from the header entry (msgid ""), or English with a warning when
 * the header has none or one the evaluator refuses. */
static void catalog_rule(struct catalog *c, const char *path)
{
    const char *value = NULL, *eol = NULL;
    long h = mo_find(&c->mo, NULL, 0, "");
    if (h >= 0) {
        size_t len;
        const char *header = mo_translation(&c->mo, h, &len);
        const char *field = strstr(header, "Plural-Forms:");
        if (field && (field == header || field[-1] == '\n')) {
            value = field + strlen("Plural-Forms:");
            eol = strchr(value, '\n');
            if (!eol)
                eol = value + strlen(value);
        }
    }
    if (!value) {
        plural_english(&c->rule);
        log_note(LOG_WARN, "i18n", "catalog has no Plural-Forms, the English rule is used", path);
        return;
    }
    if (plural_parse(&c->rule, value, (size_t)(eol - value)) != KIOSK_OK)
        log_note(LOG_WARN, "i18n", "Plural-Forms refused, the English rule is used", path);
}

/* Loads one catalog. Only KIOSK_ERR_NOMEM is an error: a file that is not
 * there, cannot be read or is malformed leaves the language on English. */
static enum kiosk_err catalog_load(struct catalog *c, const char *path, bool quiet_if_missing)
{
    char *data;
    size_t len;
    enum mo_fault fault;
    enum kiosk_err err = kfile_read(path, CATALOG_MAX, &data, &len);

    if (err == KIOSK_ERR_NOMEM)
        return err;
    if (err != KIOSK_OK) {
        if (!(err == KIOSK_ERR_NOT_FOUND && quiet_if_missing)) {
            log_note(LOG_WARN, "i18n", "catalog not loaded, English is used", path);
            log_msg(LOG_WARN, "i18n", "reason: %E", err);
        }
        return KIOSK_OK;
    }
    if (mo_open(&c->mo, data, len, &fault) != KIOSK_OK) {
        log_note(LOG_WARN, "i18n", "malformed catalog refused, English is used", path);
        log_note(LOG_WARN, "i18n", "malformed catalog", mo_fault_text(fault));
        kmem_free(data);
        return KIOSK_OK;
    }
    c->data = (unsigned char *)data;
    catalog_rule(c, path);
    return KIOSK_OK;
}

enum kiosk_err i18n_new(const char *dir, struct i18n **out)
{
    struct i18n *in;
    enum kiosk_err err = KIOSK_OK;
    char path[4096];

    *out = NULL;
    in = kmem_alloc(sizeof(*in));
    if (!in)
        return KIOSK_ERR_NOMEM;
    memset(in, 0, sizeof(*in));
    for (int i = 0; dir && i < LANG_COUNT; i++) {
        int n = snprintf(path, sizeof(path), "%s/%s.mo", dir, langs[i].code);
        if (n < 0 || (size_t)n >= sizeof(path)) {
            log_note(LOG_WARN, "i18n", "catalog directory name too long", dir);
            break;
        }
        /* English needs no catalog; one may still adjust wording. */
        err = catalog_load(&in->cat[i], path, i == 0);
        if (err != KIOSK_OK)
            goto err_free;
    }
    *out = in;
    return KIOSK_OK;

err_free:
    i18n_free(in);
    return err;
}

void i18n_free(struct i18n *in)
{
    if (!in)
        return;
    for (int i = 0; i < LANG_COUNT; i++)
        catalog_release(&in->cat[i]);
    kmem_free(in);
}

/* Lookups that found no translation in a loaded catalog: a string shown in
 * English to someone who chose another language. Journeys fail on any. */
static atomic_long lookup_misses;

long i18n_lookup_misses(void)
{
    return atomic_load(&lookup_misses);
}

/* The loaded catalog for lang, NULL for none. */
static const struct catalog *catalog_for(const struct i18n *in, const char *lang)
{
    int i = lang_index(lang);
    return in && i >= 0 && in->cat[i].data ? &in->cat[i] : NULL;
}

/* Entry of msgid ("ctx|id") in c, -1 (and a miss counted) if absent. */
static long lookup(const struct catalog *c, const char *msgid)
{
    const char *bar = strchr(msgid, '|');
    long e = bar ? mo_find(&c->mo, msgid, (size_t)(bar - msgid), bar + 1)
                 : mo_find(&c->mo, NULL, 0, msgid);
    if (e < 0)
        atomic_fetch_add(&lookup_misses, 1);
    return e;
}

static const char *without_context(const char *msgid)
{
    const char *bar = strchr(msgid, '|');
    return bar ? bar + 1 : msgid;
}

const char *i18n_text(const struct i18n *in, const char *lang, const char *msgid)
{
    if (!msgid)
        return "";
    const struct catalog *c = catalog_for(in, lang);
    if (c && msgid[0]) {
        long e = lookup(c, msgid);
        if (e >= 0) {
            size_t len;
            return mo_translation(&c->mo, e, &len); /* msgstr[0] for a plural entry */
        }
    }
    return without_context(msgid);
}

const char *i18n_ntr(const struct i18n *in, const char *lang, const char *msgid,
                     const char *msgid_plural, unsigned long n)
{
    if (!msgid || !msgid_plural)
        return "";
    const struct catalog *c = catalog_for(in, lang);
    if (c) {
        long e = lookup(c, msgid);
        if (e >= 0) {
            size_t len;
            const char *s = mo_translation(&c->mo, e, &len), *end = s + len;
            /* Walk to form k; an entry with fewer forms than the rule names
             * falls back to English rather than showing the wrong form. */
            for (int k = plural_eval(&c->rule, n); k > 0 && s < end; k--)
                s += strlen(s) + 1;
            if (s < end)
                return s;
        }
    }
    return n == 1 ? without_context(msgid) : msgid_plural;
}

bool i18n_catalog_loaded(const struct i18n *in, const char *lang)
{
    return catalog_for(in, lang) != NULL;
}

int i18n_plural_form(const struct i18n *in, const char *lang, unsigned long n)
{
    const struct catalog *c = catalog_for(in, lang);
    return c ? plural_eval(&c->rule, n) : n != 1;
}

/* --- formatting ---------------------------------------------------------- */

static const struct lang_info *info(const char *lang)
{
    int i = lang_index(lang);
    return &langs[i < 0 ? 0 : i];
}

void i18n_format_time(const struct i18n *in, const char *lang, int hour, int minute, char *out,
                      size_t size)
{
    const struct lang_info *l = info(lang);
    (void)in; /* day periods are CLDR locale data, built in like the months */
    char buf[128];

    if (size == 0)
        return;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
        kstr_copy(out, size, "--:--");
        return;
    }
    if (l->h12) {
        int h = hour % 12 == 0 ? 12 : hour % 12;
        snprintf(buf, sizeof(buf), "%d:%02d %s", h, minute, hour < 12 ? l->am : l->pm);
    } else if (l->hour_2digit) {
        snprintf(buf, sizeof(buf), "%02d:%02d", hour, minute);
    } else {
        snprintf(buf, sizeof(buf), "%d:%02d", hour, minute);
    }
    kstr_copy(out, size, buf);
}

void i18n_format_date(const struct i18n *in, const char *lang, const struct kdate *d, char *out,
                      size_t size)
{
    const struct lang_info *l = info(lang);
    char buf[96];

    (void)in; /* month names are locale data, built in */
    if (size == 0)
        return;
    if (!d) {
        out[0] = '\0';
        return;
    }
    if (d->month < 1 || d->month > 12)
        snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d->year, d->month, d->day);
    else if (l->date_de)
        snprintf(buf, sizeof(buf), "%d de %s de %d", d->day, l->months[d->month - 1], d->year);
    else if (l->date_mdy)
        snprintf(buf, sizeof(buf), "%s %d, %d", l->months[d->month - 1], d->day, d->year);
    else
        snprintf(buf, sizeof(buf), "%d %s %d", d->day, l->months[d->month - 1], d->year);
    kstr_copy(out, size, buf);
}

void i18n_format_datetime(const struct i18n *in, const char *lang, const struct kdate *d, char *out,
                          size_t size)
{
    const struct lang_info *l = info(lang);
    char date[96], time[32], buf[192];
    if (size == 0)
        return;
    if (!d) {
        out[0] = '\0';
        return;
    }
    i18n_format_date(in, lang, d, date, sizeof(date));
    i18n_format_time(in, lang, d->hour, d->minute, time, sizeof(time));
    snprintf(buf, sizeof(buf), "%s%s%s%s", date, l->at, time, l->after);
    kstr_copy(out, size, buf);
}

/* Digits of mag with decimals after the separator, grouped per language. */
static void format_amount(const struct lang_info *l, uint64_t mag, int decimals, char *out,
                          size_t size)
{
    char digits[40], buf[80];
    int n = snprintf(digits, sizeof(digits), "%0*llu", decimals + 1, (unsigned long long)mag);
    int int_len = n - decimals;
    size_t pos = 0;

    for (int i = 0; i < int_len; i++) {
        int right = int_len - i; /* digits from here to the decimal point */
        bool sep = false;
        if (i > 0) {
            if (l->grouping == GROUP_INDIAN)
                sep = right == 3 || (right > 3 && (right - 3) % 2 == 0);
            else if (l->grouping == GROUP_3_MIN2)
                sep = int_len >= 5 && right % 3 == 0;
            else
                sep = right % 3 == 0;
        }
        if (sep) {
            memcpy(buf + pos, l->group_sep, strlen(l->group_sep));
            pos += strlen(l->group_sep);
        }
        buf[pos++] = digits[i];
    }
    if (decimals > 0) {
        memcpy(buf + pos, l->decimal_sep, strlen(l->decimal_sep));
        pos += strlen(l->decimal_sep);
        memcpy(buf + pos, digits + int_len, (size_t)decimals);
        pos += (size_t)decimals;
    }
    buf[pos] = '\0';
    kstr_copy(out, size, buf);
}

static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

void i18n_format_number(const char *lang, int64_t value, int decimals, char *out, size_t size)
{
    char num[64];
    if (size == 0)
        return;
    if (decimals < 0)
        decimals = 0;
    if (decimals > 18)
        decimals = 18;
    num[0] = '-';
    format_amount(info(lang), magnitude(value), decimals, num + 1, sizeof(num) - 1);
    kstr_copy(out, size, value < 0 ? num : num + 1);
}

struct currency {
    const char *code;
    const char *symbol;
    int decimals;
};

static const struct currency currencies[] = {
    {"USD", "$", 2}, {"BRL", "R$", 2}, {"INR", "₹", 2},
    {"EUR", "€", 2}, {"GBP", "£", 2},  {"JPY", "¥", 0},
};

/* The currency's symbol as the language writes it (or its code), its decimals. */
static const char *money_symbol(const struct lang_info *l, const char *currency, char *code,
                                size_t code_size, int *decimals, bool *is_code)
{
    const char *symbol = NULL;
    *decimals = 2;
    *is_code = false;
    for (size_t i = 0; currency && i < sizeof(currencies) / sizeof(currencies[0]); i++) {
        if (strcmp(currency, currencies[i].code) == 0) {
            symbol = currencies[i].symbol;
            *decimals = currencies[i].decimals;
        }
    }
    /* "$" alone reads as the local peso/real outside English. */
    if (symbol && strcmp(symbol, "$") == 0 && l->money != MONEY_PREFIX)
        symbol = "US$";
    if (!symbol) {
        kstr_copy(code, code_size, currency && currency[0] ? currency : "XXX");
        symbol = code;
        *is_code = true;
    }
    return symbol;
}

/* Symbol and number together, as the language places them. */
static void money_join(const struct lang_info *l, const char *symbol, bool is_code, bool negative,
                       const char *num, char *out, size_t size)
{
    char buf[96];
    /* Built whole, then copied: a short out is cut at the end, never in the middle. */
    if (l->money == MONEY_SUFFIX_SPACE)
        snprintf(buf, sizeof(buf), "%s%s" NBSP "%s", negative ? "-" : "", num, symbol);
    else
        snprintf(buf, sizeof(buf), "%s%s%s%s", negative ? "-" : "", symbol,
                 l->money == MONEY_PREFIX_SPACE || is_code ? NBSP : "", num);
    kstr_copy(out, size, buf);
}

void i18n_format_money(const char *lang, const char *currency, int64_t minor, char *out,
                       size_t size)
{
    const struct lang_info *l = info(lang);
    int decimals;
    bool is_code;
    char num[64], code[8];

    if (size == 0)
        return;
    const char *symbol = money_symbol(l, currency, code, sizeof(code), &decimals, &is_code);
    format_amount(l, magnitude(minor), decimals, num, sizeof(num));
    money_join(l, symbol, is_code, minor < 0, num, out, size);
}

const char *i18n_decimal_sep(const char *lang)
{
    return info(lang)->decimal_sep;
}

void i18n_format_money_typed(const char *lang, const char *currency, const char *typed, char *out,
                             size_t size)
{
    const struct lang_info *l = info(lang);
    int decimals;
    bool is_code;
    char num[64], code[8];
    int64_t whole = 0;
    const char *p = typed ? typed : "";

    if (size == 0)
        return;
    const char *symbol = money_symbol(l, currency, code, sizeof(code), &decimals, &is_code);
    for (; *p >= '0' && *p <= '9' && whole < INT64_MAX / 100; p++)
        whole = whole * 10 + (*p - '0');
    format_amount(l, (uint64_t)whole, 0, num, sizeof(num));
    if (*p == '.') {
        kstr_append(num, sizeof(num), l->decimal_sep);
        char frac[8] = "";
        size_t k = 0;
        for (p++; *p >= '0' && *p <= '9' && k + 1 < sizeof(frac); p++)
            frac[k++] = *p;
        frac[k] = '\0';
        kstr_append(num, sizeof(num), frac);
    }
    money_join(l, symbol, is_code, false, num, out, size);
}
