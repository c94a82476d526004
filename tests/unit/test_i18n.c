/* Catalog reading (tests/fixtures/i18n, compiled by the build into
 * build/i18n-fixtures), malformed .mo files, plural rules and forms in every
 * language, fallbacks, and formatting tables for the four languages. */
#include "firmware/core/file.h"
#include "firmware/core/log.h"
#include "firmware/i18n/i18n.h"
#include "firmware/i18n/mo.h"
#include "firmware/i18n/phone.h"
#include "firmware/i18n/plural.h"
#include "ktest.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#define FIXTURES KIOSK_BINARY_DIR "/i18n-fixtures"
#define CATALOGS KIOSK_BINARY_DIR "/locale" /* assets/i18n compiled */
#define NBSP     "\u00a0"

/* Collected log lines. */
static char logbuf[4096];

static void collect(void *ctx, enum log_level level, const char *line)
{
    (void)ctx;
    (void)level;
    size_t have = strlen(logbuf);
    snprintf(logbuf + have, sizeof(logbuf) - have, "%s\n", line);
}

static enum ktest_result test_languages(void)
{
    static const char *const codes[] = {"en", "pt-BR", "hi", "es"};
    static const char *const names[] = {"English", "Português", "हिन्दी", "Español"};
    KT_EQ_INT(i18n_lang_count(), 4);
    for (int i = 0; i < 4; i++) {
        KT_EQ_STR(i18n_lang_code(i), codes[i]);
        KT_EQ_STR(i18n_lang_native_name(codes[i]), names[i]);
        KT_EQ_INT(i18n_lang_index(codes[i]), i);
        KT_ASSERT(i18n_lang_known(codes[i]));
    }
    KT_ASSERT(i18n_lang_code(4) == NULL);
    KT_ASSERT(i18n_lang_code(-1) == NULL);
    KT_ASSERT(!i18n_lang_known("fr"));
    KT_ASSERT(!i18n_lang_known("pt"));
    KT_ASSERT(!i18n_lang_known("pt-br")); /* config matches case; i18n wants the exact code */
    KT_ASSERT(!i18n_lang_known(NULL));
    KT_EQ_INT(i18n_lang_index("fr"), -1);
    KT_EQ_STR(i18n_lang_native_name("fr"), "fr");
    KT_EQ_STR(i18n_lang_native_name(NULL), "");
    return KTEST_PASS;
}

static enum ktest_result test_catalog(void)
{
    struct i18n *in = NULL;
    logbuf[0] = '\0';
    log_set_sink(collect, NULL);
    enum kiosk_err err = i18n_new(FIXTURES, &in);
    log_set_sink(NULL, NULL);
    KT_EQ_INT(err, KIOSK_OK);
    KT_ASSERT(in);

    /* Plain, context, and the English text for "no such msgid". */
    KT_EQ_STR(i18n_text(in, "pt-BR", "Check in"), "Fazer check-in");
    KT_EQ_STR(i18n_text(in, "pt-BR", "welcome|Check in"), "Chegada");
    KT_EQ_STR(i18n_text(in, "pt-BR", "button|Back"), "Voltar");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Back"), "Back"); /* only with its context */
    KT_EQ_STR(i18n_text(in, "pt-BR", "other|Check in"), "Check in");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Nothing like it"), "Nothing like it");
    /* Multi-line strings and escapes. */
    KT_EQ_STR(i18n_text(in, "pt-BR", "A long text over lines"), "Um texto longo em várias linhas");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Tab\there \"quoted\" back\\slash\nnewline"),
              "Tab\taqui \"citado\" barra\\invertida\nnova linha");
    /* Fuzzy and empty entries count as untranslated (msgfmt leaves them out). */
    KT_EQ_STR(i18n_text(in, "pt-BR", "Pay now"), "Pay now");
    KT_EQ_STR(i18n_text(in, "pt-BR", "pay|Total"), "Total");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Not fuzzy %d"), "Nada de fuzzy %d");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Help"), "Help");
    /* A plural entry through i18n_text: msgstr[0]; an empty one is untranslated. */
    KT_EQ_STR(i18n_text(in, "pt-BR", "%d appointment"), "%d consulta");
    KT_EQ_STR(i18n_text(in, "pt-BR", "%d appointments"), "%d appointments");
    KT_EQ_STR(i18n_text(in, "pt-BR", "%d minute"), "%d minute");
    /* Entries without a blank line between them; obsolete #~ entries ignored. */
    KT_EQ_STR(i18n_text(in, "pt-BR", "One"), "Um");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Two"), "Dois");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Old"), "Old");
    /* The header is not a message. */
    KT_EQ_STR(i18n_text(in, "pt-BR", ""), "");
    KT_ASSERT(i18n_catalog_loaded(in, "pt-BR"));

    /* hi.po has CRLF line ends. */
    KT_EQ_STR(i18n_text(in, "hi", "Check in"), "चेक इन करें");
    KT_ASSERT(i18n_catalog_loaded(in, "hi"));

    /* No es.po: English, and no catalog. en needs none. */
    KT_EQ_STR(i18n_text(in, "es", "Check in"), "Check in");
    KT_EQ_STR(i18n_text(in, "es", "welcome|Check in"), "Check in");
    KT_ASSERT(!i18n_catalog_loaded(in, "es"));
    KT_EQ_STR(i18n_text(in, "en", "welcome|Check in"), "Check in");
    KT_ASSERT(!i18n_catalog_loaded(in, "en"));
    KT_ASSERT(!i18n_catalog_loaded(in, "fr"));
    KT_EQ_STR(i18n_text(in, "fr", "welcome|Check in"), "Check in");
    KT_EQ_STR(i18n_text(in, NULL, "welcome|Check in"), "Check in");
    KT_EQ_STR(i18n_text(in, "pt-BR", NULL), "");

    /* A missing catalog is said once, as a warning with its file name. */
    KT_ASSERT(strstr(logbuf, "catalog not loaded, English is used: ") != NULL);
    KT_ASSERT(strstr(logbuf, "/es.mo\n") != NULL);
    KT_ASSERT(strstr(logbuf, "malformed") == NULL);

    /* Lookups allocate nothing: the failure armed here is still pending. */
    long live = kmem_live();
    kmem_fail_after(1);
    for (int i = 0; i < 10000; i++)
        if (i18n_text(in, "pt-BR", "welcome|Check in")[0] != 'C')
            KT_FAIL_AT("lookup %d", i);
    void *p = kmem_alloc(8);
    kmem_fail_after(0);
    KT_ASSERT(p == NULL);
    KT_EQ_INT(kmem_live(), live);

    i18n_free(in);
    return KTEST_PASS;
}

static enum ktest_result test_no_catalogs(void)
{
    struct i18n *in = NULL;
    KT_EQ_INT(i18n_new(NULL, &in), KIOSK_OK);
    KT_EQ_STR(i18n_text(in, "pt-BR", "welcome|Check in"), "Check in");
    KT_ASSERT(!i18n_catalog_loaded(in, "pt-BR"));
    KT_ASSERT(!i18n_catalog_loaded(in, "en"));
    KT_EQ_STR(i18n_ntr(in, "pt-BR", "{count} bill", "{count} bills", 0), "{count} bills");
    i18n_free(in);

    log_set_sink(collect, NULL); /* three warnings, not for the test output */
    KT_EQ_INT(i18n_new(FIXTURES "/no-such-dir", &in), KIOSK_OK);
    log_set_sink(NULL, NULL);
    KT_EQ_STR(i18n_text(in, "hi", "Check in"), "Check in");
    KT_ASSERT(!i18n_catalog_loaded(in, "hi"));
    i18n_free(in);

    /* NULL in is English. */
    KT_EQ_STR(i18n_text(NULL, "pt-BR", "welcome|Check in"), "Check in");
    KT_ASSERT(!i18n_catalog_loaded(NULL, "pt-BR"));
    KT_EQ_STR(i18n_ntr(NULL, "pt-BR", "bill|{count} bill", "{count} bills", 1), "{count} bill");
    KT_EQ_STR(i18n_ntr(NULL, "hi", "{count} bill", "{count} bills", 0), "{count} bills");
    KT_EQ_STR(i18n_ntr(NULL, "en", NULL, "{count} bills", 0), "");
    KT_EQ_INT(i18n_plural_form(NULL, "pt-BR", 0), 1);
    i18n_free(NULL);
    return KTEST_PASS;
}

/* --- malformed .mo files ------------------------------------------------- */

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/* The good fixture as msgfmt wrote it (little-endian on this machine). */
static unsigned char *good_mo(size_t *len)
{
    char *data = NULL;
    if (kfile_read(FIXTURES "/pt-BR.mo", 1 << 20, &data, len) != KIOSK_OK)
        return NULL;
    return (unsigned char *)data;
}

enum damage {
    BAD_MAGIC,
    SHORT_HEADER,
    SHORT_TABLES,
    LAST_NUL_CUT,
    TABLE_OFFSET,
    STRING_OFFSET,
    STRING_LENGTH,
    UNTERMINATED,
    UNSORTED,
    HASH_OFFSET,
    REVISION,
};

struct damage_case {
    enum damage damage;
    const char *reason; /* as logged */
};

/* Applies one kind of damage to a copy of the good file; returns its length. */
static size_t damage(unsigned char *m, size_t len, enum damage d)
{
    uint32_t orig = rd32(m + 12), trans = rd32(m + 16);
    switch (d) {
    case BAD_MAGIC:
        m[0] ^= 0xFF;
        return len;
    case SHORT_HEADER:
        return 20;
    case SHORT_TABLES:
        return orig + 4;
    case LAST_NUL_CUT:
        return len - 1;
    case TABLE_OFFSET:
        wr32(m + 12, 0xFFFFFFF0u);
        return len;
    case STRING_OFFSET:
        wr32(m + orig + 8 + 4, (uint32_t)len + 100);
        return len;
    case STRING_LENGTH:
        wr32(m + trans + 8, 0xFFFFFFFFu); /* off + len would wrap in 32 bits */
        return len;
    case UNTERMINATED:
        m[rd32(m + trans + 8 + 4) + rd32(m + trans + 8)] = 'x';
        return len;
    case UNSORTED: {
        unsigned char tmp[8];
        memcpy(tmp, m + orig + 8, 8);
        memcpy(m + orig + 8, m + orig + 16, 8);
        memcpy(m + orig + 16, tmp, 8);
        return len;
    }
    case HASH_OFFSET:
        wr32(m + 24, (uint32_t)len - 4);
        return len;
    case REVISION:
        wr32(m + 4, 2u << 16);
        return len;
    }
    return len;
}

static enum ktest_result test_malformed_mo(void)
{
    static const struct damage_case cases[] = {
        {BAD_MAGIC, "bad magic"},
        {SHORT_HEADER, "truncated"},
        {SHORT_TABLES, "truncated"},
        {LAST_NUL_CUT, "offset outside the file"},
        {TABLE_OFFSET, "offset outside the file"},
        {STRING_OFFSET, "offset outside the file"},
        {STRING_LENGTH, "offset outside the file"},
        {UNTERMINATED, "string without its NUL"},
        {UNSORTED, "originals not sorted"},
        {HASH_OFFSET, "offset outside the file"},
        {REVISION, "unknown revision"},
    };
    const char *dir = KIOSK_BINARY_DIR "/test_i18n_malformed";
    const char *path = KIOSK_BINARY_DIR "/test_i18n_malformed/pt-BR.mo";
    char want[512];
    size_t len;
    unsigned char *good = good_mo(&len);
    KT_ASSERT(good);
    KT_ASSERT(rd32(good) == 0x950412deu);
    KT_ASSERT(rd32(good + 20) > 0); /* msgfmt wrote a hash table */
    mkdir(dir, 0755);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        unsigned char *m = kmem_alloc(len);
        memcpy(m, good, len);
        size_t n = damage(m, len, cases[i].damage);
        FILE *f = fopen(path, "wb");
        KT_ASSERT(f);
        KT_ASSERT(fwrite(m, 1, n, f) == n);
        KT_ASSERT(fclose(f) == 0);
        kmem_free(m);

        struct i18n *in = NULL;
        logbuf[0] = '\0';
        log_set_sink(collect, NULL);
        enum kiosk_err err = i18n_new(dir, &in);
        log_set_sink(NULL, NULL);
        KT_EQ_INT(err, KIOSK_OK);
        if (i18n_catalog_loaded(in, "pt-BR"))
            KT_FAIL_AT("case %zu (%s): the damaged catalog was loaded", i, cases[i].reason);
        KT_EQ_STR(i18n_text(in, "pt-BR", "welcome|Check in"), "Check in");
        KT_EQ_STR(i18n_ntr(in, "pt-BR", "{count} bill", "{count} bills", 1), "{count} bill");
        snprintf(want, sizeof(want), "malformed catalog refused, English is used: %s\n", path);
        if (!strstr(logbuf, want))
            KT_FAIL_AT("case %zu: no refusal in the log:\n%s", i, logbuf);
        snprintf(want, sizeof(want), "malformed catalog: %s\n", cases[i].reason);
        if (!strstr(logbuf, want))
            KT_FAIL_AT("case %zu: reason \"%s\" not in the log:\n%s", i, cases[i].reason, logbuf);
        i18n_free(in);
    }
    remove(path);
    kmem_free(good);
    return KTEST_PASS;
}

/* Every prefix of a good file is refused, read from an allocation of exactly
 * its size (the sanitizer build catches any read past it). */
static enum ktest_result test_truncated_anywhere(void)
{
    size_t len;
    unsigned char *good = good_mo(&len);
    KT_ASSERT(good);
    for (size_t n = 0; n < len; n++) {
        unsigned char *m = kmem_alloc(n ? n : 1);
        memcpy(m, good, n);
        struct mo mo;
        enum mo_fault fault = MO_OK;
        if (mo_open(&mo, m, n, &fault) != KIOSK_ERR_INVALID || fault == MO_OK)
            KT_FAIL_AT("a file cut to %zu of %zu bytes was accepted", n, len);
        kmem_free(m);
    }
    struct mo mo;
    enum mo_fault fault;
    KT_EQ_INT(mo_open(&mo, good, len, &fault), KIOSK_OK);
    KT_EQ_INT(fault, MO_OK);
    kmem_free(good);
    return KTEST_PASS;
}

/* A catalog written on a big-endian machine: every header and table word
 * swapped, the strings as they are. */
static enum ktest_result test_big_endian(void)
{
    size_t len;
    unsigned char *m = good_mo(&len);
    KT_ASSERT(m);
    uint32_t count = rd32(m + 8), orig = rd32(m + 12), trans = rd32(m + 16);
    uint32_t hsize = rd32(m + 20), hoff = rd32(m + 24);
    unsigned char *words[256];
    size_t nw = 0;
    for (uint32_t i = 0; i < 7; i++)
        words[nw++] = m + 4 * i;
    for (uint32_t i = 0; i < count * 2 && nw + 2 < 256; i++) {
        words[nw++] = m + orig + 4 * i;
        words[nw++] = m + trans + 4 * i;
    }
    KT_ASSERT(nw == 7 + count * 4);
    for (size_t i = 0; i < nw; i++) {
        unsigned char *p = words[i], t;
        t = p[0], p[0] = p[3], p[3] = t;
        t = p[1], p[1] = p[2], p[2] = t;
    }
    for (uint32_t i = 0; i < hsize; i++) { /* hash entries are words too */
        unsigned char *p = m + hoff + 4 * i, t;
        t = p[0], p[0] = p[3], p[3] = t;
        t = p[1], p[1] = p[2], p[2] = t;
    }
    KT_ASSERT(m[0] == 0x95 && m[3] == 0xde);
    const char *dir = KIOSK_BINARY_DIR "/test_i18n_big_endian";
    mkdir(dir, 0755);
    FILE *f = fopen(KIOSK_BINARY_DIR "/test_i18n_big_endian/pt-BR.mo", "wb");
    KT_ASSERT(f);
    KT_ASSERT(fwrite(m, 1, len, f) == len);
    KT_ASSERT(fclose(f) == 0);
    kmem_free(m);

    struct i18n *in = NULL;
    log_set_sink(collect, NULL); /* hi and es are missing: warnings */
    KT_EQ_INT(i18n_new(dir, &in), KIOSK_OK);
    log_set_sink(NULL, NULL);
    KT_ASSERT(i18n_catalog_loaded(in, "pt-BR"));
    KT_EQ_STR(i18n_text(in, "pt-BR", "welcome|Check in"), "Chegada");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Check in"), "Fazer check-in");
    KT_EQ_STR(i18n_ntr(in, "pt-BR", "bill|{count} bill", "{count} bills", 2), "{count} contas");
    i18n_free(in);
    return KTEST_PASS;
}

/* --- plural rules -------------------------------------------------------- */

struct rule_case {
    const char *rule;
    unsigned long n;
    int form;
};

static enum ktest_result test_plural_rules(void)
{
    static const struct rule_case cases[] = {
        {"nplurals=2; plural=(n != 1);", 0, 1},
        {"nplurals=2; plural=(n != 1);", 1, 0},
        {"nplurals=2; plural=(n != 1);", 2, 1},
        {"nplurals=2; plural=(n > 1);", 0, 0},
        {"nplurals=2; plural=(n > 1);", 1, 0},
        {"nplurals=2; plural=(n > 1);", 2, 1},
        {"nplurals=1; plural=0;", 5, 0},
        {" nplurals = 2 ; plural = n>=2 ", 2, 1}, /* spaces, no final ';' */
        {"nplurals=2; plural=n<=1 ? 0 : 1;", 1, 0},
        {"nplurals=2; plural=n<2 ? 0 : 1;", 7, 1},
        {"nplurals=3; plural=n==0 ? 0 : n==1 ? 1 : 2;", 0, 0},
        {"nplurals=3; plural=n==0 ? 0 : n==1 ? 1 : 2;", 1, 1},
        {"nplurals=3; plural=n==0 ? 0 : n==1 ? 1 : 2;", 9, 2},
        {"nplurals=2; plural=n%0;", 3, 0}, /* modulo zero is 0 */
        {"nplurals=2; plural=n || 0;", 0, 0},
        {"nplurals=2; plural=5;", 0, 1}, /* beyond nplurals: the last form */
        /* Arabic: six forms. */
        {"nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
         ": n%100>=11 ? 4 : 5;",
         103, 3},
        {"nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
         ": n%100>=11 ? 4 : 5;",
         111, 4},
        {"nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
         ": n%100>=11 ? 4 : 5;",
         100, 5},
    };
    static const char *const refused[] = {
        "nplurals=2; plural=(n * 2 > 2);", /* an operator outside the grammar */
        "nplurals=2; plural=n + 1;",
        "nplurals=2; plural=!n;",
        "nplurals=2; plural=x;",
        "nplurals=2; plural=n ? 1;",
        "nplurals=2; plural=(n;",
        "nplurals=2; plural=n);",
        "nplurals=2; plural=4294967296;",
        "nplurals=2; plural=;",
        "nplurals=2; plural=n != 1; extra",
        "nplurals=0; plural=0;",
        "nplurals=9; plural=0;",
        "nplurals=2 plural=0;",
        "plural=(n != 1);",
        "nplurals=2;",
        "",
    };
    struct plural p;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (plural_parse(&p, cases[i].rule, strlen(cases[i].rule)) != KIOSK_OK)
            KT_FAIL_AT("refused: %s", cases[i].rule);
        if (plural_eval(&p, cases[i].n) != cases[i].form)
            KT_FAIL_AT("%s with n=%lu: form %d, expected %d", cases[i].rule, cases[i].n,
                       plural_eval(&p, cases[i].n), cases[i].form);
    }
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        if (plural_parse(&p, refused[i], strlen(refused[i])) != KIOSK_ERR_INVALID)
            KT_FAIL_AT("accepted: %s", refused[i]);
        /* refused means the English rule */
        KT_EQ_INT(plural_eval(&p, 1), 0);
        KT_EQ_INT(plural_eval(&p, 0), 1);
    }
    /* Deep nesting and too many nodes are refused, not a stack overflow. */
    char deep[512] = "nplurals=2; plural=";
    for (int i = 0; i < 100; i++)
        strcat(deep, "(");
    strcat(deep, "n");
    for (int i = 0; i < 100; i++)
        strcat(deep, ")");
    KT_EQ_INT(plural_parse(&p, deep, strlen(deep)), KIOSK_ERR_INVALID);
    char wide[1024] = "nplurals=2; plural=n";
    for (int i = 0; i < 80; i++)
        strcat(wide, "%7");
    KT_EQ_INT(plural_parse(&p, wide, strlen(wide)), KIOSK_ERR_INVALID);
    /* The length bounds the text: nothing after it is read. */
    const char *rule = "nplurals=2; plural=(n > 1);GARBAGE";
    KT_EQ_INT(plural_parse(&p, rule, strlen(rule) - 7), KIOSK_OK);
    KT_EQ_INT(plural_eval(&p, 0), 0);
    return KTEST_PASS;
}

/* Rules and forms through compiled catalogs (tests/fixtures/i18n). */
static enum ktest_result test_plural_fixtures(void)
{
    struct i18n *in = NULL;
    log_set_sink(collect, NULL);
    KT_EQ_INT(i18n_new(FIXTURES, &in), KIOSK_OK);
    log_set_sink(NULL, NULL);
    /* pt-BR: n > 1, with a context. */
    KT_EQ_STR(i18n_ntr(in, "pt-BR", "bill|{count} bill", "{count} bills", 0), "{count} conta");
    KT_EQ_STR(i18n_ntr(in, "pt-BR", "bill|{count} bill", "{count} bills", 1), "{count} conta");
    KT_EQ_STR(i18n_ntr(in, "pt-BR", "bill|{count} bill", "{count} bills", 2), "{count} contas");
    KT_EQ_STR(i18n_ntr(in, "pt-BR", "{count} bill", "{count} bills", 2), "{count} bills");
    KT_EQ_STR(i18n_ntr(in, "pt-BR", "%d appointment", "%d appointments", 5), "%d consultas");
    /* untranslated plural (empty forms): English by the English rule */
    long misses = i18n_lookup_misses();
    KT_EQ_STR(i18n_ntr(in, "pt-BR", "%d minute", "%d minutes", 1), "%d minute");
    KT_EQ_STR(i18n_ntr(in, "pt-BR", "%d minute", "%d minutes", 0), "%d minutes");
    KT_EQ_INT(i18n_lookup_misses(), misses + 2);
    /* hi: n > 1 (CLDR: 0 and 1 are "one"). */
    KT_EQ_STR(i18n_ntr(in, "hi", "{count} try", "{count} tries", 0), "{count} प्रयास (एक)");
    KT_EQ_STR(i18n_ntr(in, "hi", "{count} try", "{count} tries", 1), "{count} प्रयास (एक)");
    KT_EQ_STR(i18n_ntr(in, "hi", "{count} try", "{count} tries", 2), "{count} प्रयास");
    i18n_free(in);

    /* rules/pt-BR: three forms through ?:, %, &&, ||; rules/es: a rule the
     * evaluator refuses, so English's with a warning. */
    static const struct {
        unsigned long n;
        const char *text;
    } three[] = {{1, "{count} form0"},  {21, "{count} form0"},  {101, "{count} form0"},
                 {2, "{count} form1"},  {22, "{count} form1"},  {104, "{count} form1"},
                 {0, "{count} form2"},  {5, "{count} form2"},   {11, "{count} form2"},
                 {12, "{count} form2"}, {111, "{count} form2"}, {1000, "{count} form2"}};
    logbuf[0] = '\0';
    log_set_sink(collect, NULL);
    KT_EQ_INT(i18n_new(FIXTURES "/rules", &in), KIOSK_OK);
    log_set_sink(NULL, NULL);
    for (size_t i = 0; i < sizeof(three) / sizeof(three[0]); i++)
        if (strcmp(i18n_ntr(in, "pt-BR", "{count} file", "{count} files", three[i].n),
                   three[i].text) != 0)
            KT_FAIL_AT("n=%lu: \"%s\"", three[i].n,
                       i18n_ntr(in, "pt-BR", "{count} file", "{count} files", three[i].n));
    KT_ASSERT(strstr(logbuf,
                     "Plural-Forms refused, the English rule is used: " FIXTURES "/rules/es.mo\n"));
    KT_EQ_STR(i18n_ntr(in, "es", "{count} day", "{count} days", 0), "{count} días");
    KT_EQ_STR(i18n_ntr(in, "es", "{count} day", "{count} days", 1), "{count} día");
    KT_EQ_STR(i18n_ntr(in, "es", "{count} day", "{count} days", 2), "{count} días");
    i18n_free(in);
    return KTEST_PASS;
}

/* The kiosk's own catalogs: the plural on the "not found" screen in every
 * language, with each language's rule from its Plural-Forms header. */
static enum ktest_result test_plural_every_language(void)
{
    static const struct {
        const char *lang;
        unsigned long n;
        int form;
        const char *text;
    } cases[] = {
        {"en", 0, 1, "You can try {count} more times."},
        {"en", 1, 0, "You can try {count} more time."},
        {"en", 2, 1, "You can try {count} more times."},
        {"en", 5, 1, "You can try {count} more times."},
        {"en", 21, 1, "You can try {count} more times."},
        {"pt-BR", 0, 0, "Você pode tentar mais {count} vez."},
        {"pt-BR", 1, 0, "Você pode tentar mais {count} vez."},
        {"pt-BR", 2, 1, "Você pode tentar mais {count} vezes."},
        {"pt-BR", 5, 1, "Você pode tentar mais {count} vezes."},
        {"pt-BR", 21, 1, "Você pode tentar mais {count} vezes."},
        {"hi", 0, 0, "आप {count} बार और कोशिश कर सकते हैं।"},
        {"hi", 1, 0, "आप {count} बार और कोशिश कर सकते हैं।"},
        {"hi", 2, 1, "आप {count} बार और कोशिश कर सकते हैं।"},
        {"hi", 5, 1, "आप {count} बार और कोशिश कर सकते हैं।"},
        {"hi", 21, 1, "आप {count} बार और कोशिश कर सकते हैं।"},
        {"es", 0, 1, "Puede intentarlo {count} veces más."},
        {"es", 1, 0, "Puede intentarlo {count} vez más."},
        {"es", 2, 1, "Puede intentarlo {count} veces más."},
        {"es", 5, 1, "Puede intentarlo {count} veces más."},
        {"es", 21, 1, "Puede intentarlo {count} veces más."},
    };
    struct i18n *in = NULL;
    KT_EQ_INT(i18n_new(CATALOGS, &in), KIOSK_OK);
    KT_ASSERT(i18n_catalog_loaded(in, "pt-BR"));
    KT_ASSERT(i18n_catalog_loaded(in, "hi"));
    KT_ASSERT(i18n_catalog_loaded(in, "es"));
    long misses = i18n_lookup_misses();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *t = i18n_ntr(in, cases[i].lang, "You can try {count} more time.",
                                 "You can try {count} more times.", cases[i].n);
        if (strcmp(t, cases[i].text) != 0)
            KT_FAIL_AT("%s n=%lu: \"%s\", expected \"%s\"", cases[i].lang, cases[i].n, t,
                       cases[i].text);
        if (i18n_plural_form(in, cases[i].lang, cases[i].n) != cases[i].form)
            KT_FAIL_AT("%s n=%lu: form %d, expected %d", cases[i].lang, cases[i].n,
                       i18n_plural_form(in, cases[i].lang, cases[i].n), cases[i].form);
    }
    KT_EQ_INT(i18n_lookup_misses(), misses);
    i18n_free(in);
    return KTEST_PASS;
}

static enum ktest_result test_nomem(void)
{
    enum kiosk_err err = KIOSK_ERR_NOMEM;
    unsigned long n;

    log_set_sink(collect, NULL);
    for (n = 1; n < 200 && err == KIOSK_ERR_NOMEM; n++) {
        struct i18n *in = (struct i18n *)1;
        long live = kmem_live();
        kmem_fail_after(n);
        err = i18n_new(FIXTURES, &in);
        kmem_fail_after(0);
        if (err == KIOSK_OK) {
            KT_EQ_STR(i18n_text(in, "pt-BR", "welcome|Check in"), "Chegada");
            i18n_free(in);
        } else {
            KT_EQ_INT(err, KIOSK_ERR_NOMEM);
            KT_ASSERT(in == NULL);
        }
        KT_EQ_INT(kmem_live(), live);
    }
    log_set_sink(NULL, NULL);
    KT_EQ_INT(err, KIOSK_OK);
    KT_ASSERT(n > 2); /* the loop did fail some allocations */
    return KTEST_PASS;
}

struct time_case {
    const char *lang;
    int hour, minute;
    const char *expect;
};

static enum ktest_result test_time(void)
{
    static const struct time_case cases[] = {
        {"en", 0, 5, "12:05 AM"},   {"en", 9, 30, "9:30 AM"},   {"en", 12, 0, "12:00 PM"},
        {"en", 12, 5, "12:05 PM"},  {"en", 23, 59, "11:59 PM"}, {"pt-BR", 0, 5, "00:05"},
        {"pt-BR", 9, 30, "09:30"},  {"pt-BR", 12, 0, "12:00"},  {"pt-BR", 23, 59, "23:59"},
        {"hi", 0, 5, "12:05 am"},   {"hi", 9, 30, "9:30 am"},   {"hi", 12, 0, "12:00 pm"},
        {"hi", 23, 59, "11:59 pm"}, {"es", 0, 5, "0:05"},       {"es", 9, 30, "9:30"},
        {"es", 12, 0, "12:00"},     {"es", 23, 59, "23:59"},    {"fr", 9, 30, "9:30 AM"},
        {NULL, 13, 7, "1:07 PM"},   {"en", 24, 0, "--:--"},     {"es", 9, 60, "--:--"},
        {"pt-BR", -1, 0, "--:--"},
    };
    char out[32];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        i18n_format_time(NULL, cases[i].lang, cases[i].hour, cases[i].minute, out, sizeof(out));
        if (strcmp(out, cases[i].expect) != 0)
            KT_FAIL_AT("%s %02d:%02d: \"%s\", expected \"%s\"", cases[i].lang, cases[i].hour,
                       cases[i].minute, out, cases[i].expect);
    }
    /* Too small a buffer: cut, terminated. */
    i18n_format_time(NULL, "en", 9, 30, out, 4);
    KT_EQ_STR(out, "9:3");
    return KTEST_PASS;
}

static enum ktest_result test_time_from_catalog(void)
{
    struct i18n *in = NULL;
    char out[32];
    log_set_sink(collect, NULL);
    KT_EQ_INT(i18n_new(FIXTURES, &in), KIOSK_OK);
    log_set_sink(NULL, NULL);
    /* The day periods are CLDR's, whatever a catalog says: hi "am" / "pm",
     * en "AM" / "PM"; pt-BR and es are 24-hour. */
    i18n_format_time(in, "hi", 9, 30, out, sizeof(out));
    KT_EQ_STR(out, "9:30 am");
    i18n_format_time(in, "hi", 0, 5, out, sizeof(out));
    KT_EQ_STR(out, "12:05 am");
    i18n_format_time(in, "hi", 23, 59, out, sizeof(out));
    KT_EQ_STR(out, "11:59 pm");
    i18n_format_time(in, "en", 23, 59, out, sizeof(out));
    KT_EQ_STR(out, "11:59 PM");
    i18n_format_time(in, "pt-BR", 9, 30, out, sizeof(out));
    KT_EQ_STR(out, "09:30");
    i18n_free(in);
    return KTEST_PASS;
}

struct date_case {
    const char *lang;
    int year, month, day;
    const char *expect;
};

static enum ktest_result test_date(void)
{
    static const struct date_case cases[] = {
        {"en", 1984, 3, 2, "March 2, 1984"},     {"pt-BR", 1984, 3, 2, "2 de março de 1984"},
        {"hi", 1984, 3, 2, "2 मार्च 1984"},       {"es", 1984, 3, 2, "2 de marzo de 1984"},
        {"en", 2026, 1, 31, "January 31, 2026"}, {"pt-BR", 2026, 2, 28, "28 de fevereiro de 2026"},
        {"hi", 2026, 2, 28, "28 फ़रवरी 2026"},    {"es", 2026, 9, 15, "15 de septiembre de 2026"},
        {"hi", 2025, 12, 25, "25 दिसंबर 2025"},   {"pt-BR", 2025, 12, 25, "25 de dezembro de 2025"},
        {"fr", 2000, 6, 1, "June 1, 2000"},      {"en", 2000, 13, 1, "2000-13-01"},
    };
    char out[64];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct kdate d = {.year = cases[i].year, .month = cases[i].month, .day = cases[i].day};
        i18n_format_date(NULL, cases[i].lang, &d, out, sizeof(out));
        if (strcmp(out, cases[i].expect) != 0)
            KT_FAIL_AT("%s: \"%s\", expected \"%s\"", cases[i].lang, out, cases[i].expect);
    }
    /* Hindi month names: all twelve, NFC (फ़ is U+092B U+093C). */
    static const char *const hi[] = {"जनवरी", "फ़रवरी", "मार्च",  "अप्रैल",  "मई",   "जून",
                                     "जुलाई",  "अगस्त",  "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"};
    for (int m = 1; m <= 12; m++) {
        char expect[64];
        struct kdate d = {.year = 2026, .month = m, .day = 1};
        snprintf(expect, sizeof(expect), "1 %s 2026", hi[m - 1]);
        i18n_format_date(NULL, "hi", &d, out, sizeof(out));
        KT_EQ_STR(out, expect);
    }
    KT_ASSERT(strstr(hi[1], "\xE0\xA4\xAB\xE0\xA4\xBC") == hi[1]);
    /* Cut on a code point: "2 de mar" + the 2 bytes of "ç" do not fit in 10. */
    struct kdate d = {.year = 1984, .month = 3, .day = 2};
    i18n_format_date(NULL, "pt-BR", &d, out, 10);
    KT_EQ_STR(out, "2 de mar");
    i18n_format_date(NULL, "pt-BR", NULL, out, sizeof(out));
    KT_EQ_STR(out, "");
    return KTEST_PASS;
}

/* Date and time together, per language, as CLDR 48 (ICU 78, dateStyle
 * long + timeStyle short) writes them: what the ticket and the receipt
 * print under the time of the appointment, in the same convention. */
static enum ktest_result test_datetime(void)
{
    static const struct {
        const char *lang;
        int hour, minute;
        const char *expect;
    } cases[] = {
        {"en", 10, 0, "March 10, 2026 at 10:00 AM"},
        {"en", 0, 5, "March 10, 2026 at 12:05 AM"},
        {"hi", 10, 0,
         "10 \xE0\xA4\xAE\xE0\xA4\xBE\xE0\xA4\xB0\xE0\xA5\x8D\xE0\xA4\x9A 2026 "
         "\xE0\xA4\x95\xE0\xA5\x8B 10:00 am \xE0\xA4\xAC\xE0\xA4\x9C\xE0\xA5\x87"},
        {"hi", 13, 5,
         "10 \xE0\xA4\xAE\xE0\xA4\xBE\xE0\xA4\xB0\xE0\xA5\x8D\xE0\xA4\x9A 2026 "
         "\xE0\xA4\x95\xE0\xA5\x8B 1:05 pm \xE0\xA4\xAC\xE0\xA4\x9C\xE0\xA5\x87"},
        {"pt-BR", 1, 5, "10 de mar\xC3\xA7o de 2026 \xC3\xA0s 01:05"},
        {"pt-BR", 13, 5, "10 de mar\xC3\xA7o de 2026 \xC3\xA0s 13:05"},
        {"es", 0, 5, "10 de marzo de 2026 a las 0:05"},
        {"es", 13, 5, "10 de marzo de 2026 a las 13:05"},
    };
    char out[128];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct kdate d = {
            .year = 2026, .month = 3, .day = 10, .hour = cases[i].hour, .minute = cases[i].minute};
        i18n_format_datetime(NULL, cases[i].lang, &d, out, sizeof(out));
        if (strcmp(out, cases[i].expect) != 0)
            KT_FAIL_AT("%s: \"%s\", expected \"%s\"", cases[i].lang, out, cases[i].expect);
    }
    /* The time inside is the time formatter's, for every language. */
    for (int l = 0; l < i18n_lang_count(); l++) {
        char t[32];
        struct kdate d = {.year = 2026, .month = 3, .day = 10, .hour = 10, .minute = 10};
        i18n_format_datetime(NULL, i18n_lang_code(l), &d, out, sizeof(out));
        i18n_format_time(NULL, i18n_lang_code(l), 10, 10, t, sizeof(t));
        KT_ASSERT(strstr(out, t) != NULL);
        KT_ASSERT(strstr(out, "AM") == NULL || strcmp(i18n_lang_code(l), "en") == 0);
    }
    return KTEST_PASS;
}

struct money_case {
    const char *lang, *currency;
    int64_t minor;
    const char *expect;
};

static enum ktest_result test_money(void)
{
    static const struct money_case cases[] = {
        {"en", "USD", 0, "$0.00"},
        {"en", "USD", 5, "$0.05"},
        {"en", "USD", 123456, "$1,234.56"},
        {"en", "USD", -123456, "-$1,234.56"},
        {"en", "USD", 12345678, "$123,456.78"},
        {"en", "BRL", 123456, "R$1,234.56"},
        {"en", "INR", 12345678, "₹123,456.78"},
        {"en", "EUR", 123456, "€1,234.56"},
        {"en", "GBP", 99, "£0.99"},
        {"en", "JPY", 123456, "¥123,456"},
        {"en", "CHF", 1200, "CHF" NBSP "12.00"},
        {"en", NULL, 1200, "XXX" NBSP "12.00"},
        {"en", "USD", INT64_MIN, "-$92,233,720,368,547,758.08"},
        {"pt-BR", "BRL", 0, "R$" NBSP "0,00"},
        {"pt-BR", "BRL", 5, "R$" NBSP "0,05"},
        {"pt-BR", "BRL", 123456, "R$" NBSP "1.234,56"},
        {"pt-BR", "BRL", -123456, "-R$" NBSP "1.234,56"},
        {"pt-BR", "BRL", 12345678, "R$" NBSP "123.456,78"},
        {"pt-BR", "USD", 123456, "US$" NBSP "1.234,56"},
        {"pt-BR", "EUR", 999, "€" NBSP "9,99"},
        {"pt-BR", "CHF", 1200, "CHF" NBSP "12,00"},
        {"hi", "INR", 0, "₹0.00"},
        {"hi", "INR", 5, "₹0.05"},
        {"hi", "INR", 123456, "₹1,234.56"},
        {"hi", "INR", 12345678, "₹1,23,456.78"},
        {"hi", "INR", -12345678, "-₹1,23,456.78"},
        {"hi", "INR", 123456789012, "₹1,23,45,67,890.12"},
        {"hi", "INR", 10000000, "₹1,00,000.00"},
        {"hi", "USD", 123456, "$1,234.56"},
        {"es", "EUR", 0, "0,00" NBSP "€"},
        {"es", "EUR", 5, "0,05" NBSP "€"},
        {"es", "EUR", 123456, "1234,56" NBSP "€"},
        {"es", "EUR", 1234567, "12.345,67" NBSP "€"},
        {"es", "EUR", -123456, "-1234,56" NBSP "€"},
        {"es", "EUR", 12345678, "123.456,78" NBSP "€"},
        {"es", "EUR", 123456789, "1.234.567,89" NBSP "€"},
        {"es", "USD", 123456, "1234,56" NBSP "US$"},
        {"es", "CHF", 1200, "12,00" NBSP "CHF"},
        {"fr", "EUR", 123456, "€1,234.56"},
    };
    char out[64];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        i18n_format_money(cases[i].lang, cases[i].currency, cases[i].minor, out, sizeof(out));
        if (strcmp(out, cases[i].expect) != 0)
            KT_FAIL_AT("%s %s %lld: \"%s\", expected \"%s\"", cases[i].lang,
                       cases[i].currency ? cases[i].currency : "(null)", (long long)cases[i].minor,
                       out, cases[i].expect);
    }
    /* Too short: cut at the end, on a code point ("₹" is 3 bytes). */
    i18n_format_money("hi", "INR", 5, out, 3);
    KT_EQ_STR(out, "");
    i18n_format_money("hi", "INR", 5, out, 6);
    KT_EQ_STR(out, "₹0.");
    i18n_format_money("es", "EUR", 5, out, 7);
    KT_EQ_STR(out, "0,05" NBSP);
    return KTEST_PASS;
}

/* An amount as it is being typed: what was typed, the language's separator. */
static enum ktest_result test_money_typed(void)
{
    static const struct {
        const char *lang, *currency, *typed, *expect;
    } cases[] = {
        {"pt-BR", "BRL", "20", "R$" NBSP "20"},
        {"pt-BR", "BRL", "20.", "R$" NBSP "20,"},
        {"pt-BR", "BRL", "20.5", "R$" NBSP "20,5"},
        {"pt-BR", "BRL", "1234.56", "R$" NBSP "1.234,56"},
        {"pt-BR", "BRL", "", "R$" NBSP "0"},
        {"en", "USD", "20.5", "$20.5"},
        {"en", "USD", "0.01", "$0.01"},
        {"hi", "INR", "123456.7", "₹1,23,456.7"},
        {"es", "EUR", "20.5", "20,5" NBSP "€"},
    };
    char out[64];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        i18n_format_money_typed(cases[i].lang, cases[i].currency, cases[i].typed, out, sizeof(out));
        if (strcmp(out, cases[i].expect) != 0)
            KT_FAIL_AT("%s \"%s\": \"%s\", expected \"%s\"", cases[i].lang, cases[i].typed, out,
                       cases[i].expect);
    }
    KT_EQ_STR(i18n_decimal_sep("pt-BR"), ",");
    KT_EQ_STR(i18n_decimal_sep("es"), ",");
    KT_EQ_STR(i18n_decimal_sep("en"), ".");
    KT_EQ_STR(i18n_decimal_sep("hi"), ".");
    return KTEST_PASS;
}

struct number_case {
    const char *lang;
    int64_t value;
    int decimals;
    const char *expect;
};

static enum ktest_result test_number(void)
{
    static const struct number_case cases[] = {
        {"en", 123456, 2, "1,234.56"},
        {"pt-BR", 123456, 2, "1.234,56"},
        {"hi", 123456, 2, "1,234.56"},
        {"es", 123456, 2, "1234,56"},
        {"hi", 1234567, 0, "12,34,567"},
        {"es", 12345, 0, "12.345"},
        {"es", 1234, 0, "1234"},
        {"es", -5, 1, "-0,5"},
        {"en", 0, 0, "0"},
        {"en", 1000, 0, "1,000"},
        {"en", 7, 3, "0.007"},
        {"pt-BR", -1000000, 0, "-1.000.000"},
        {"en", 5, -2, "5"},
        {"hi", 100000, 0, "1,00,000"},
    };
    char out[64];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        i18n_format_number(cases[i].lang, cases[i].value, cases[i].decimals, out, sizeof(out));
        if (strcmp(out, cases[i].expect) != 0)
            KT_FAIL_AT("%s %lld/%d: \"%s\", expected \"%s\"", cases[i].lang,
                       (long long)cases[i].value, cases[i].decimals, out, cases[i].expect);
    }
    return KTEST_PASS;
}

/* A callback number as people of the language write it, never losing a
 * digit the patient typed. */
static enum ktest_result test_phone_numbers(void)
{
    char out[48];
    static const struct {
        const char *lang, *digits, *want;
    } cases[] = {
        {"en", "6175550103", "(617) 555-0103"},
        {"en", "16175550103", "1 (617) 555-0103"},
        {"es", "6175550103", "(617) 555-0103"},
        {"pt-BR", "1140001234", "(11) 4000-1234"},
        {"pt-BR", "11940001234", "(11) 94000-1234"},
        {"hi", "9876543210", "98765 43210"},
        {"hi", "919876543210", "+91 98765 43210"},
        {"en", "55501", "55501"}, /* a length with no convention: as typed */
        {"pt-BR", "123456789012345", "123456789012345"},
        {"xx", "6175550103", "(617) 555-0103"},
        {"en", "", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        i18n_format_phone(cases[i].lang, cases[i].digits, out, sizeof(out));
        KT_EQ_STR(out, cases[i].want);
    }
    i18n_format_phone("en", "6175550103", out, 6); /* cut, never overrun */
    KT_EQ_STR(out, "(617)");
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"phone_numbers", test_phone_numbers},
    {"languages", test_languages},
    {"catalog", test_catalog},
    {"no_catalogs", test_no_catalogs},
    {"malformed_mo", test_malformed_mo},
    {"truncated_anywhere", test_truncated_anywhere},
    {"big_endian", test_big_endian},
    {"plural_rules", test_plural_rules},
    {"plural_fixtures", test_plural_fixtures},
    {"plural_every_language", test_plural_every_language},
    {"nomem", test_nomem},
    {"time", test_time},
    {"time_from_catalog", test_time_from_catalog},
    {"date", test_date},
    {"datetime", test_datetime},
    {"money", test_money},
    {"money_typed", test_money_typed},
    {"number", test_number},
};

KTEST_MAIN(tests)
