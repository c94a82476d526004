/* Catalog reading (tests/fixtures/i18n), fallbacks, missing counts, and
 * formatting tables for the four languages. */
#include "firmware/core/log.h"
#include "firmware/i18n/i18n.h"
#include "ktest.h"

#include <stdint.h>
#include <stdio.h>

#define FIXTURES KIOSK_SOURCE_DIR "/tests/fixtures/i18n"
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
    /* Fuzzy and empty entries count as untranslated. */
    KT_EQ_STR(i18n_text(in, "pt-BR", "Pay now"), "Pay now");
    KT_EQ_STR(i18n_text(in, "pt-BR", "pay|Total"), "Total");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Not fuzzy %d"), "Nada de fuzzy %d");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Help"), "Help");
    /* Plural: msgstr[0] is kept; an empty one is untranslated. */
    KT_EQ_STR(i18n_text(in, "pt-BR", "%d appointment"), "%d consulta");
    KT_EQ_STR(i18n_text(in, "pt-BR", "%d appointments"), "%d appointments");
    KT_EQ_STR(i18n_text(in, "pt-BR", "%d minute"), "%d minute");
    /* Entries without a blank line between them; obsolete #~ entries ignored. */
    KT_EQ_STR(i18n_text(in, "pt-BR", "One"), "Um");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Two"), "Dois");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Old"), "Old");
    /* The header is not a message. */
    KT_EQ_STR(i18n_text(in, "pt-BR", ""), "");
    KT_EQ_INT(i18n_missing(in, "pt-BR"), 4);

    /* hi.po has a BOM and CRLF line ends. */
    KT_EQ_STR(i18n_text(in, "hi", "Check in"), "चेक इन करें");
    KT_EQ_INT(i18n_missing(in, "hi"), 0);

    /* No es.po: English, and -1 missing. en needs no catalog. */
    KT_EQ_STR(i18n_text(in, "es", "Check in"), "Check in");
    KT_EQ_STR(i18n_text(in, "es", "welcome|Check in"), "Check in");
    KT_EQ_INT(i18n_missing(in, "es"), -1);
    KT_EQ_STR(i18n_text(in, "en", "welcome|Check in"), "Check in");
    KT_EQ_INT(i18n_missing(in, "en"), 0);
    KT_EQ_INT(i18n_missing(in, "fr"), -1);
    KT_EQ_STR(i18n_text(in, "fr", "welcome|Check in"), "Check in");
    KT_EQ_STR(i18n_text(in, NULL, "welcome|Check in"), "Check in");
    KT_EQ_STR(i18n_text(in, "pt-BR", NULL), "");

    /* A missing catalog is said once, as a warning with its file name. */
    KT_ASSERT(strstr(logbuf, "catalog not loaded, English is used: ") != NULL);
    KT_ASSERT(strstr(logbuf, "/es.po\n") != NULL);
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
    KT_EQ_INT(i18n_missing(in, "pt-BR"), -1);
    KT_EQ_INT(i18n_missing(in, "en"), 0);
    i18n_free(in);

    log_set_sink(collect, NULL); /* three warnings, not for the test output */
    KT_EQ_INT(i18n_new(FIXTURES "/no-such-dir", &in), KIOSK_OK);
    log_set_sink(NULL, NULL);
    KT_EQ_STR(i18n_text(in, "hi", "Check in"), "Check in");
    KT_EQ_INT(i18n_missing(in, "hi"), -1);
    i18n_free(in);

    /* NULL in is English. */
    KT_EQ_STR(i18n_text(NULL, "pt-BR", "welcome|Check in"), "Check in");
    KT_EQ_INT(i18n_missing(NULL, "pt-BR"), -1);
    KT_EQ_INT(i18n_missing(NULL, "en"), 0);
    i18n_free(NULL);
    return KTEST_PASS;
}

static enum ktest_result test_malformed(void)
{
    static const char *const logged[] = {
        "WARN i18n: malformed entries in catalog: " FIXTURES "/malformed/pt-BR.po\n",
        "WARN i18n: line 4: malformed, entry skipped\n",
        "WARN i18n: line 7: malformed, entry skipped\n",
        "WARN i18n: line 10: malformed, entry skipped\n",
        "WARN i18n: line 14: malformed, entry skipped\n",
        "WARN i18n: line 16: msgid without msgstr, entry skipped\n",
        "WARN i18n: line 20: msgctxt without msgid, entry skipped\n",
        "WARN i18n: line 27: malformed, entry skipped\n",
        "WARN i18n: duplicate msgid in catalog: " FIXTURES "/malformed/pt-BR.po\n",
        "WARN i18n: line 24: duplicate msgid ignored, the first one is used\n",
    };
    struct i18n *in = NULL;
    logbuf[0] = '\0';
    log_set_sink(collect, NULL);
    enum kiosk_err err = i18n_new(FIXTURES "/malformed", &in);
    log_set_sink(NULL, NULL);
    KT_EQ_INT(err, KIOSK_OK);

    const char *at = logbuf;
    for (size_t i = 0; i < sizeof(logged) / sizeof(logged[0]); i++) {
        const char *hit = strstr(at, logged[i]);
        if (!hit)
            KT_FAIL_AT("log line %zu not found in order: %s--- log:\n%s", i, logged[i], logbuf);
        at = hit + strlen(logged[i]);
    }
    KT_EQ_STR(i18n_text(in, "pt-BR", "Good"), "Bom");
    KT_EQ_STR(i18n_text(in, "pt-BR", "After garbage"), "Depois do lixo");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Also good"), "Também bom");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Dup"), "first");
    KT_EQ_STR(i18n_text(in, "pt-BR", "Plural bad"), "Plural bad");
    KT_EQ_STR(i18n_text(in, "pt-BR", "No msgstr"), "No msgstr");
    /* Skipped entries with a msgid are untranslated: lines 4, 7, 16, 26. */
    KT_EQ_INT(i18n_missing(in, "pt-BR"), 4);
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
    KT_ASSERT(n > 5); /* the loop did fail some allocations */
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
        {"hi", 0, 5, "12:05 AM"},   {"hi", 9, 30, "9:30 AM"},   {"hi", 12, 0, "12:00 PM"},
        {"hi", 23, 59, "11:59 PM"}, {"es", 0, 5, "0:05"},       {"es", 9, 30, "9:30"},
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
    /* hi.po says "am" / "pm"; en has no catalog, pt-BR and es are 24-hour. */
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
        {"en", 1984, 3, 2, "2 March 1984"},     {"pt-BR", 1984, 3, 2, "2 de março de 1984"},
        {"hi", 1984, 3, 2, "2 मार्च 1984"},      {"es", 1984, 3, 2, "2 de marzo de 1984"},
        {"en", 2026, 1, 31, "31 January 2026"}, {"pt-BR", 2026, 2, 28, "28 de fevereiro de 2026"},
        {"hi", 2026, 2, 28, "28 फ़रवरी 2026"},   {"es", 2026, 9, 15, "15 de septiembre de 2026"},
        {"hi", 2025, 12, 25, "25 दिसंबर 2025"},  {"pt-BR", 2025, 12, 25, "25 de dezembro de 2025"},
        {"fr", 2000, 6, 1, "1 June 2000"},      {"en", 2000, 13, 1, "2000-13-01"},
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

static const struct ktest tests[] = {
    {"languages", test_languages},
    {"catalog", test_catalog},
    {"no_catalogs", test_no_catalogs},
    {"malformed", test_malformed},
    {"nomem", test_nomem},
    {"time", test_time},
    {"time_from_catalog", test_time_from_catalog},
    {"date", test_date},
    {"money", test_money},
    {"number", test_number},
};

KTEST_MAIN(tests)
