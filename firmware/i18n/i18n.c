/* Catalogs and locale formatting.
 *
 * A catalog keeps all its strings in one pool (one allocation that grows
 * while the file is read) and an open-addressing hash table of pointers into
 * it, built once after the file was read. i18n_text() hashes the msgid and
 * compares one or two strings: no allocation and no locking, as it runs for
 * every label of every frame.
 *
 * The .po reader is line based: an entry is optional "#," flags, msgctxt,
 * msgid, msgid_plural, msgstr or msgstr[n], each keyword followed by a quoted
 * string and any number of continuation strings on the following lines. Only
 * the first form (msgstr or msgstr[0]) is kept; the kiosk has no counted
 * messages yet. A line that does not fit makes the whole entry skipped; the
 * line number goes to the log (the file name separately through log_note,
 * since msgids can be anything and the logger takes numbers only). */
#define _POSIX_C_SOURCE 200809L
#include "i18n.h"

#include "firmware/core/file.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdatomic.h>
#include <string.h>

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
      "October", "November", "December"}},
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
      "outubro", "novembro", "dezembro"}},
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
      "दिसंबर"}},
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
      "octubre", "noviembre", "diciembre"}},
};

struct entry {
    const char *key; /* NULL: empty slot */
    const char *text;
    uint32_t hash;
};

/* While reading: key and text as offsets, since the pool still moves. */
struct item {
    size_t key, text;
    int line;
};

struct catalog {
    char *pool;
    size_t pool_len, pool_cap;
    struct item *items;
    size_t item_count, item_cap;
    struct entry *slots;
    size_t mask; /* slot count - 1 (a power of two) */
    int missing; /* -1: no catalog loaded */
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

/* --- catalog storage ----------------------------------------------------- */

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

static enum kiosk_err pool_add(struct catalog *c, const char *s, size_t n, bool terminate)
{
    size_t need = c->pool_len + n + (terminate ? 1 : 0);
    if (need > c->pool_cap) {
        size_t cap = c->pool_cap ? c->pool_cap : 4096;
        while (cap < need)
            cap *= 2;
        char *p = kmem_realloc(c->pool, cap);
        if (!p)
            return KIOSK_ERR_NOMEM;
        c->pool = p;
        c->pool_cap = cap;
    }
    memcpy(c->pool + c->pool_len, s, n);
    c->pool_len += n;
    if (terminate)
        c->pool[c->pool_len++] = '\0';
    return KIOSK_OK;
}

static enum kiosk_err catalog_add(struct catalog *c, const char *ctx, const char *id,
                                  const char *text, int line)
{
    struct item it = {.key = c->pool_len, .line = line};
    enum kiosk_err err;

    if (c->item_count == c->item_cap) {
        size_t cap = c->item_cap ? c->item_cap * 2 : 64;
        struct item *items = kmem_realloc(c->items, cap * sizeof(*items));
        if (!items)
            return KIOSK_ERR_NOMEM;
        c->items = items;
        c->item_cap = cap;
    }
    if (ctx) {
        err = pool_add(c, ctx, strlen(ctx), false);
        if (err == KIOSK_OK)
            err = pool_add(c, "|", 1, false);
        if (err != KIOSK_OK)
            return err;
    }
    err = pool_add(c, id, strlen(id), true);
    if (err != KIOSK_OK)
        return err;
    it.text = c->pool_len;
    err = pool_add(c, text, strlen(text), true);
    if (err != KIOSK_OK)
        return err;
    c->items[c->item_count++] = it;
    return KIOSK_OK;
}

/* Turns the read items into the hash table; the first of duplicates wins,
 * as msgfmt would refuse the file. */
static enum kiosk_err catalog_build(struct catalog *c, const char *path)
{
    size_t cap = 16;
    while (cap < c->item_count * 2)
        cap *= 2;
    c->slots = kmem_alloc(cap * sizeof(*c->slots));
    if (!c->slots)
        return KIOSK_ERR_NOMEM;
    c->mask = cap - 1;
    for (size_t i = 0; i < c->item_count; i++) {
        const char *key = c->pool + c->items[i].key;
        uint32_t h = hash_str(key);
        size_t s = h & c->mask;
        while (c->slots[s].key && strcmp(c->slots[s].key, key) != 0)
            s = (s + 1) & c->mask;
        if (c->slots[s].key) {
            log_note(LOG_WARN, "i18n", "duplicate msgid in catalog", path);
            log_msg(LOG_WARN, "i18n", "line %d: duplicate msgid ignored, the first one is used",
                    c->items[i].line);
            continue;
        }
        c->slots[s].key = key;
        c->slots[s].text = c->pool + c->items[i].text;
        c->slots[s].hash = h;
    }
    kmem_free(c->items);
    c->items = NULL;
    c->item_count = c->item_cap = 0;
    return KIOSK_OK;
}

static void catalog_release(struct catalog *c)
{
    kmem_free(c->pool);
    kmem_free(c->items);
    kmem_free(c->slots);
    memset(c, 0, sizeof(*c));
    c->missing = -1;
}

static const char *catalog_find(const struct catalog *c, const char *key)
{
    uint32_t h = hash_str(key);
    for (size_t s = h & c->mask;; s = (s + 1) & c->mask) {
        const struct entry *e = &c->slots[s];
        if (!e->key)
            return NULL;
        if (e->hash == h && strcmp(e->key, key) == 0)
            return e->text;
    }
}

/* --- .po reader ---------------------------------------------------------- */

struct sbuf {
    char *p;
    size_t len, cap;
};

static enum kiosk_err sbuf_put(struct sbuf *b, char ch)
{
    if (b->len + 2 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        char *p = kmem_realloc(b->p, cap);
        if (!p)
            return KIOSK_ERR_NOMEM;
        b->p = p;
        b->cap = cap;
    }
    b->p[b->len++] = ch;
    b->p[b->len] = '\0';
    return KIOSK_OK;
}

enum field { FIELD_NONE, FIELD_CTX, FIELD_ID, FIELD_PLURAL, FIELD_STR, FIELD_STR_N };

struct po {
    struct catalog *cat;
    const char *path;
    bool path_logged;
    /* The entry being read. */
    struct sbuf ctx, id, str;
    bool has_ctx, has_id, has_plural, has_str, fuzzy, bad;
    int start_line;
    enum field field; /* where continuation strings go */
};

static void po_log(struct po *po, int line, const char *what)
{
    if (!po->path_logged) {
        log_note(LOG_WARN, "i18n", "malformed entries in catalog", po->path);
        po->path_logged = true;
    }
    log_msg(LOG_WARN, "i18n", what, line);
}

static void po_malformed(struct po *po, int line)
{
    if (!po->bad)
        po_log(po, line, "line %d: malformed, entry skipped");
    po->bad = true;
    if (!po->start_line)
        po->start_line = line;
}

static bool po_active(const struct po *po)
{
    return po->has_ctx || po->has_id || po->has_str || po->bad;
}

static enum kiosk_err po_finish(struct po *po)
{
    enum kiosk_err err = KIOSK_OK;
    struct catalog *c = po->cat;

    if (!po_active(po))
        goto reset;
    if (po->bad) {
        if (po->has_id)
            c->missing++;
    } else if (!po->has_id) {
        po_log(po, po->start_line, "line %d: msgctxt without msgid, entry skipped");
    } else if (!po->has_str) {
        po_log(po, po->start_line, "line %d: msgid without msgstr, entry skipped");
        c->missing++;
    } else if (po->id.len == 0 && !po->has_ctx) {
        /* the header entry: metadata, not a message */
    } else if (po->fuzzy || po->str.len == 0) {
        c->missing++;
    } else {
        err = catalog_add(c, po->has_ctx ? po->ctx.p : NULL, po->id.p, po->str.p, po->start_line);
    }
reset:
    po->ctx.len = po->id.len = po->str.len = 0;
    po->has_ctx = po->has_id = po->has_plural = po->has_str = false;
    po->fuzzy = po->bad = false;
    po->start_line = 0;
    po->field = FIELD_NONE;
    return err;
}

/* Reads one "..." string at s into b (NULL: check only). KIOSK_ERR_INVALID
 * for a malformed string or text after it. */
static enum kiosk_err read_string(const char *s, struct sbuf *b)
{
    enum kiosk_err err;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s++ != '"')
        return KIOSK_ERR_INVALID;
    for (;;) {
        char ch = *s++;
        if (ch == '\0')
            return KIOSK_ERR_INVALID; /* no closing quote */
        if (ch == '"')
            break;
        if (ch == '\\') {
            switch (*s++) {
            case 'n':
                ch = '\n';
                break;
            case 't':
                ch = '\t';
                break;
            case 'r':
                ch = '\r';
                break;
            case '"':
                ch = '"';
                break;
            case '\\':
                ch = '\\';
                break;
            case '\'':
                ch = '\'';
                break;
            case 'a':
                ch = '\a';
                break;
            case 'b':
                ch = '\b';
                break;
            case 'f':
                ch = '\f';
                break;
            case 'v':
                ch = '\v';
                break;
            default:
                return KIOSK_ERR_INVALID;
            }
        }
        if (b) {
            err = sbuf_put(b, ch);
            if (err != KIOSK_OK)
                return err;
        }
    }
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0' ? KIOSK_OK : KIOSK_ERR_INVALID;
}

static struct sbuf *field_buf(struct po *po)
{
    switch (po->field) {
    case FIELD_CTX:
        return &po->ctx;
    case FIELD_ID:
        return &po->id;
    case FIELD_STR:
        return &po->str;
    default:
        return NULL; /* plural forms: checked, not kept */
    }
}

static bool starts_word(const char *s, const char *word, const char **rest)
{
    size_t n = strlen(word);
    if (strncmp(s, word, n) != 0)
        return false;
    *rest = s + n;
    return true;
}

/* The keyword at s and what it implies for the entry; FIELD_NONE if s is no
 * keyword this reader knows. */
static enum field keyword(struct po *po, const char *s, const char **rest, bool *ok)
{
    const char *r;
    *ok = true;
    if (starts_word(s, "msgctxt", &r) && (*r == ' ' || *r == '\t' || *r == '"')) {
        *rest = r;
        return FIELD_CTX;
    }
    if (starts_word(s, "msgid_plural", &r) && (*r == ' ' || *r == '\t' || *r == '"')) {
        *rest = r;
        *ok = po->has_id && !po->has_str && !po->has_plural;
        return FIELD_PLURAL;
    }
    if (starts_word(s, "msgid", &r) && (*r == ' ' || *r == '\t' || *r == '"')) {
        *rest = r;
        return FIELD_ID;
    }
    if (starts_word(s, "msgstr[", &r)) {
        bool first = true; /* msgstr[0], also written msgstr[00] */
        if (*r < '0' || *r > '9')
            return FIELD_NONE;
        for (; *r >= '0' && *r <= '9'; r++)
            first = first && *r == '0';
        if (*r++ != ']')
            return FIELD_NONE;
        *rest = r;
        if (first) {
            *ok = po->has_plural && !po->has_str;
            return FIELD_STR;
        }
        *ok = po->has_plural && po->has_str;
        return FIELD_STR_N;
    }
    if (starts_word(s, "msgstr", &r) && (*r == ' ' || *r == '\t' || *r == '"')) {
        *rest = r;
        *ok = po->has_id && !po->has_plural && !po->has_str;
        return FIELD_STR;
    }
    return FIELD_NONE;
}

static bool has_fuzzy_flag(const char *flags)
{
    /* "#, fuzzy, c-format": flags separated by commas. */
    const char *p = flags;
    while ((p = strstr(p, "fuzzy")) != NULL) {
        bool start = p == flags || p[-1] == ' ' || p[-1] == ',' || p[-1] == '\t';
        char end = p[5];
        if (start && (end == '\0' || end == ',' || end == ' ' || end == '\t'))
            return true;
        p += 5;
    }
    return false;
}

static enum kiosk_err po_line(struct po *po, char *s, int line)
{
    enum kiosk_err err;
    const char *rest;
    bool ok;

    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0')
        return po_finish(po);
    if (*s == '#') {
        if (po_active(po)) {
            err = po_finish(po);
            if (err != KIOSK_OK)
                return err;
        }
        if (s[1] == ',' && has_fuzzy_flag(s + 2))
            po->fuzzy = true;
        return KIOSK_OK;
    }
    if (*s == '"') {
        if (po->field == FIELD_NONE) {
            po_malformed(po, line);
            return KIOSK_OK;
        }
        err = read_string(s, field_buf(po));
        if (err == KIOSK_ERR_INVALID)
            po_malformed(po, line);
        return err == KIOSK_ERR_NOMEM ? err : KIOSK_OK;
    }

    enum field f = keyword(po, s, &rest, &ok);
    if (f == FIELD_NONE) {
        po_malformed(po, line);
        return KIOSK_OK;
    }
    /* msgctxt always starts an entry; msgid does unless it follows msgctxt. */
    if ((f == FIELD_CTX && po_active(po)) ||
        (f == FIELD_ID && po_active(po) && !(po->has_ctx && !po->has_id && !po->bad))) {
        err = po_finish(po);
        if (err != KIOSK_OK)
            return err;
    }
    if (!po->start_line)
        po->start_line = line;
    po->field = f;
    if (f == FIELD_CTX)
        po->has_ctx = true;
    else if (f == FIELD_ID)
        po->has_id = true;
    else if (f == FIELD_PLURAL)
        po->has_plural = true;
    else if (f == FIELD_STR)
        po->has_str = true;
    if (!ok) {
        po_malformed(po, line);
        return KIOSK_OK;
    }
    err = read_string(rest, field_buf(po));
    if (err == KIOSK_ERR_INVALID)
        po_malformed(po, line);
    return err == KIOSK_ERR_NOMEM ? err : KIOSK_OK;
}

static enum kiosk_err po_parse(struct catalog *c, char *text, size_t len, const char *path)
{
    struct po po = {.cat = c, .path = path};
    enum kiosk_err err = KIOSK_OK;
    char *p = text, *end = text + len;
    int line = 0;

    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *eol = nl ? nl : end;
        *eol = '\0';
        if (eol > p && eol[-1] == '\r')
            eol[-1] = '\0';
        line++;
        err = po_line(&po, p, line);
        if (err != KIOSK_OK)
            goto out;
        p = eol + 1;
    }
    err = po_finish(&po);
out:
    kmem_free(po.ctx.p);
    kmem_free(po.id.p);
    kmem_free(po.str.p);
    return err;
}

/* Loads one catalog. Only KIOSK_ERR_NOMEM is an error: a file that is not
 * there or cannot be read leaves the language on English. */
static enum kiosk_err catalog_load(struct catalog *c, const char *path, bool quiet_if_missing)
{
    char *text;
    size_t len;
    enum kiosk_err err = kfile_read(path, CATALOG_MAX, &text, &len);

    if (err == KIOSK_ERR_NOMEM)
        return err;
    if (err != KIOSK_OK) {
        if (!(err == KIOSK_ERR_NOT_FOUND && quiet_if_missing)) {
            log_note(LOG_WARN, "i18n", "catalog not loaded, English is used", path);
            log_msg(LOG_WARN, "i18n", "reason: %E", err);
        }
        return KIOSK_OK;
    }
    c->missing = 0;
    err = po_parse(c, text, len, path);
    if (err == KIOSK_OK)
        err = catalog_build(c, path);
    kmem_free(text);
    if (err != KIOSK_OK)
        catalog_release(c);
    return err;
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
    for (int i = 0; i < LANG_COUNT; i++)
        in->cat[i].missing = -1;
    for (int i = 0; dir && i < LANG_COUNT; i++) {
        int n = snprintf(path, sizeof(path), "%s/%s.po", dir, langs[i].code);
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

const char *i18n_text(const struct i18n *in, const char *lang, const char *msgid)
{
    if (!msgid)
        return "";
    if (in) {
        int i = lang_index(lang);
        if (i >= 0 && in->cat[i].slots) {
            const char *t = catalog_find(&in->cat[i], msgid);
            if (t)
                return t;
            atomic_fetch_add(&lookup_misses, 1);
        }
    }
    const char *bar = strchr(msgid, '|');
    return bar ? bar + 1 : msgid;
}

int i18n_missing(const struct i18n *in, const char *lang)
{
    int i = lang_index(lang);
    if (i < 0)
        return -1;
    if (!in || in->cat[i].missing < 0)
        return i == 0 ? 0 : -1;
    return in->cat[i].missing;
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
    char buf[128];

    if (size == 0)
        return;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
        kstr_copy(out, size, "--:--");
        return;
    }
    if (l->h12) {
        int h = hour % 12 == 0 ? 12 : hour % 12;
        const char *period =
            hour < 12 ? i18n_text(in, l->code, "time|AM") : i18n_text(in, l->code, "time|PM");
        snprintf(buf, sizeof(buf), "%d:%02d %.100s", h, minute, period);
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
    else
        snprintf(buf, sizeof(buf), "%d %s %d", d->day, l->months[d->month - 1], d->year);
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

void i18n_format_money(const char *lang, const char *currency, int64_t minor, char *out,
                       size_t size)
{
    const struct lang_info *l = info(lang);
    const char *symbol = NULL;
    int decimals = 2;
    bool is_code = false;
    char num[64], code[8], buf[96];

    if (size == 0)
        return;
    for (size_t i = 0; currency && i < sizeof(currencies) / sizeof(currencies[0]); i++) {
        if (strcmp(currency, currencies[i].code) == 0) {
            symbol = currencies[i].symbol;
            decimals = currencies[i].decimals;
        }
    }
    /* "$" alone reads as the local peso/real outside English. */
    if (symbol && strcmp(symbol, "$") == 0 && l->money != MONEY_PREFIX)
        symbol = "US$";
    if (!symbol) {
        kstr_copy(code, sizeof(code), currency && currency[0] ? currency : "XXX");
        symbol = code;
        is_code = true;
    }
    format_amount(l, magnitude(minor), decimals, num, sizeof(num));

    /* Built whole, then copied: a short out is cut at the end, never in the middle. */
    if (l->money == MONEY_SUFFIX_SPACE)
        snprintf(buf, sizeof(buf), "%s%s" NBSP "%s", minor < 0 ? "-" : "", num, symbol);
    else
        snprintf(buf, sizeof(buf), "%s%s%s%s", minor < 0 ? "-" : "", symbol,
                 l->money == MONEY_PREFIX_SPACE || is_code ? NBSP : "", num);
    kstr_copy(out, size, buf);
}
