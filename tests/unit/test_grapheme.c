/* Text is cut only between grapheme clusters (UAX #29): Devanagari
 * conjuncts and vowel signs, combining accents, emoji ZWJ sequences and
 * modifiers, flags; with an ellipsis where display text must be cut. */
#include "firmware/core/err.h"
#include "firmware/core/log.h"
#include "firmware/core/str.h"
#include "ktest.h"

/* The clusters of s, joined by '|'. */
static void split(const char *s, char *out, size_t size)
{
    size_t len = strlen(s), at = 0, o = 0;
    while (at < len && o + 2 < size) {
        size_t n = kstr_grapheme_next(s + at, len - at);
        if (o && o + 1 < size)
            out[o++] = '|';
        for (size_t i = 0; i < n && o + 1 < size; i++)
            out[o++] = s[at + i];
        at += n;
    }
    out[o] = '\0';
}

static enum ktest_result clusters_of_each_script(void)
{
    static const struct {
        const char *text, *clusters;
    } cases[] = {
        {"Silva", "S|i|l|v|a"},
        {"e\xCC\x81t\xC3\xA9", "e\xCC\x81|t|\xC3\xA9"}, /* e + combining acute, then é */
        {"Conc\xCC\xA7"
         "a\xCC\x83o",
         "C|o|n|c\xCC\xA7|a\xCC\x83|o"},
        {"\xE0\xA4\x85\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7\xE0\xA4\xB0", /* अक्षर */
         "\xE0\xA4\x85|\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7|\xE0\xA4\xB0"},
        {"\xE0\xA4\xB2\xE0\xA4\xBF\xE0\xA4\x96\xE0\xA5\x87\xE0\xA4\x82", /* लिखें */
         "\xE0\xA4\xB2\xE0\xA4\xBF|\xE0\xA4\x96\xE0\xA5\x87\xE0\xA4\x82"},
        {"\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87", /* नमस्ते */
         "\xE0\xA4\xA8|\xE0\xA4\xAE|\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87"},
        /* स्त्र: two viramas, one cluster */
        {"\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x8D\xE0\xA4\xB0",
         "\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x8D\xE0\xA4\xB0"},
        /* family: man ZWJ woman ZWJ girl; thumbs up with a skin tone; heart + VS16 */
        {"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7!",
         "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7|!"},
        {"\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD\xE2\x9D\xA4\xEF\xB8\x8F",
         "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD|\xE2\x9D\xA4\xEF\xB8\x8F"},
        /* flags: BR, IN, and a lone regional indicator */
        {"\xF0\x9F\x87\xA7\xF0\x9F\x87\xB7\xF0\x9F\x87\xAE\xF0\x9F\x87\xB3\xF0\x9F\x87\xA6",
         "\xF0\x9F\x87\xA7\xF0\x9F\x87\xB7|\xF0\x9F\x87\xAE\xF0\x9F\x87\xB3|\xF0\x9F\x87\xA6"},
        {"a\r\nb", "a|\r\n|b"},
        {"\xED\x95\x9C\xEA\xB8\x80", "\xED\x95\x9C|\xEA\xB8\x80"}, /* 한글 */
        {"\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"}, /* jamo */
    };
    char got[256];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        split(cases[i].text, got, sizeof(got));
        if (strcmp(got, cases[i].clusters) != 0)
            KT_FAIL_AT("case %zu: clusters \"%s\", expected \"%s\"", i, got, cases[i].clusters);
    }
    KT_EQ_INT((int)kstr_grapheme_count("\xE0\xA4\x85\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7\xE0\xA4"
                                       "\xB0"),
              3);
    return KTEST_PASS;
}

/* Every cut of kstr_copy and kstr_copy_ellipsis, at every buffer size,
 * ends on a cluster boundary of the source. */
static enum ktest_result every_cut_is_at_a_boundary(void)
{
    static const char *texts[] = {
        /* the glossary's "... अक्षर लिखें" */
        "\xE0\xA4\x95\xE0\xA5\x83\xE0\xA4\xAA\xE0\xA4\xAF\xE0\xA4\xBE "
        "\xE0\xA4\x85\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7\xE0\xA4\xB0 "
        "\xE0\xA4\xB2\xE0\xA4\xBF\xE0\xA4\x96\xE0\xA5\x87\xE0\xA4\x82",
        "Jose\xCC\x81 Conc\xCC\xA7"
        "a\xCC\x83o",
        "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"
        "\xF0\x9F\x87\xA7\xF0\x9F\x87\xB7\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",
    };
    char buf[128];
    for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
        const char *s = texts[t];
        size_t len = strlen(s);
        bool boundary[256] = {false};
        for (size_t at = 0; at < len; at += kstr_grapheme_next(s + at, len - at))
            boundary[at] = true;
        boundary[len] = true;
        for (size_t size = 1; size <= len + 1; size++) {
            bool whole = kstr_copy(buf, size, s);
            size_t n = strlen(buf);
            KT_ASSERT(n < size && strncmp(buf, s, n) == 0 && boundary[n]);
            KT_ASSERT(whole == (n == len));
            whole = kstr_copy_ellipsis(buf, size, s);
            n = strlen(buf);
            KT_ASSERT(n < size);
            if (whole) {
                KT_EQ_STR(buf, s);
                continue;
            }
            size_t kept = n;
            if (n >= 3 && strcmp(buf + n - 3, "\xE2\x80\xA6") == 0)
                kept = n - 3;
            else
                KT_ASSERT(size <= 4); /* no room for the ellipsis itself */
            KT_ASSERT(strncmp(buf, s, kept) == 0 && boundary[kept]);
        }
    }
    /* Appending never splits the appended text's clusters either. */
    char small[8] = "ab";
    KT_ASSERT(!kstr_append(small, sizeof(small), "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7"));
    KT_EQ_STR(small, "ab");
    return KTEST_PASS;
}

/* Logs and error details (non-patient text: module messages, server
 * names) are cut the same way: valid UTF-8, whole clusters, an ellipsis. */
static enum ktest_result logs_and_details_cut_between_clusters(void)
{
    static const char *const hi = "\xE0\xA4\x85\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7\xE0\xA4\xB0 ";
    char text[1200];
    text[0] = '\0';
    while (strlen(text) + strlen(hi) < sizeof(text))
        kstr_append(text, sizeof(text), hi);
    for (int size = 8; size < 64; size++) {
        char buf[64];
        memset(buf, 'x', sizeof(buf)); /* what log_format leaves unwritten shows */
        int n = log_format(buf, size, text);
        KT_ASSERT(n < size && kstr_utf8_valid(buf, strlen(buf)));
        KT_ASSERT(strlen(buf) >= 3 && strcmp(buf + strlen(buf) - 3, "\xE2\x80\xA6") == 0);
        /* what is kept before the ellipsis ends on a cluster of the text */
        size_t kept = strlen(buf) - 3;
        KT_ASSERT(strncmp(buf, text, kept) == 0);
        KT_ASSERT(kstr_grapheme_prefix(text, strlen(text), kept) == kept);
    }
    kiosk_err_set_detail("server said: %s", text);
    const char *d = kiosk_err_detail();
    KT_ASSERT(kstr_utf8_valid(d, strlen(d)));
    KT_ASSERT(strcmp(d + strlen(d) - 3, "\xE2\x80\xA6") == 0);
    kiosk_err_clear_detail();
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"logs_and_details_cut_between_clusters", logs_and_details_cut_between_clusters},
    {"clusters_of_each_script", clusters_of_each_script},
    {"every_cut_is_at_a_boundary", every_cut_is_at_a_boundary},
};

KTEST_MAIN(tests)
