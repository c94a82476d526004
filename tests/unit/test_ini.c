/* The INI reader: what the callbacks see for tricky input, line numbers of
 * syntax errors, and the file reader's limits. */
#include "firmware/config/ini.h"
#include "ktest.h"

#include <stdio.h>
#include <stdlib.h>

/* Every callback as one line of text: "section/key=value@line" or "!line: message". */
struct rec {
    char lines[64][160];
    int count;
    int stop_at; /* pair number that returns KIOSK_ERR_INVALID (0: never) */
};

static enum kiosk_err rec_pair(void *ctx, const char *section, const char *key, const char *value,
                               int line)
{
    struct rec *r = ctx;
    if (r->count < 64)
        snprintf(r->lines[r->count], sizeof(r->lines[0]), "%s/%s=%s@%d", section, key, value, line);
    r->count++;
    return r->stop_at == r->count ? KIOSK_ERR_INVALID : KIOSK_OK;
}

static void rec_syntax(void *ctx, int line, const char *message)
{
    struct rec *r = ctx;
    if (r->count < 64)
        snprintf(r->lines[r->count], sizeof(r->lines[0]), "!%d: %s", line, message);
    r->count++;
}

static enum kiosk_err parse(const char *text, struct rec *r)
{
    struct ini_handler h = {.pair = rec_pair, .syntax_error = rec_syntax, .ctx = r};
    return ini_parse(text, &h);
}

static enum ktest_result test_basic(void)
{
    struct rec r = {0};
    KT_EQ_INT(parse("top = 1\n"
                    "[kiosk]\n"
                    "  location =  Main lobby  \n"
                    "\tempty =\n"
                    "eq = a=b\n"
                    "[ screen ]\n"
                    "width=1080\n"
                    "name.with-dots_1 = x\n"
                    "utf8 = Português हिन्दी\n"
                    "last = no newline",
                    &r),
              KIOSK_OK);
    KT_EQ_INT(r.count, 8);
    KT_EQ_STR(r.lines[0], "/top=1@1");
    KT_EQ_STR(r.lines[1], "kiosk/location=Main lobby@3");
    KT_EQ_STR(r.lines[2], "kiosk/empty=@4");
    KT_EQ_STR(r.lines[3], "kiosk/eq=a=b@5");
    KT_EQ_STR(r.lines[4], "screen/width=1080@7");
    KT_EQ_STR(r.lines[5], "screen/name.with-dots_1=x@8");
    KT_EQ_STR(r.lines[6], "screen/utf8=Português हिन्दी@9");
    KT_EQ_STR(r.lines[7], "screen/last=no newline@10");
    return KTEST_PASS;
}

static enum ktest_result test_comments_and_blank(void)
{
    struct rec r = {0};
    KT_EQ_INT(parse("# comment\n"
                    "; also a comment\n"
                    "   # indented comment\n"
                    "\n"
                    "   \t \n"
                    "[a]\n"
                    "k = v # not a comment: part of the value\n",
                    &r),
              KIOSK_OK);
    KT_EQ_INT(r.count, 1);
    KT_EQ_STR(r.lines[0], "a/k=v # not a comment: part of the value@7");
    return KTEST_PASS;
}

static enum ktest_result test_bom_and_crlf(void)
{
    struct rec r = {0};
    KT_EQ_INT(parse("\xEF\xBB\xBF[kiosk]\r\nlocation = Lobby\r\n\r\nx = \r\n", &r), KIOSK_OK);
    KT_EQ_INT(r.count, 2);
    KT_EQ_STR(r.lines[0], "kiosk/location=Lobby@2");
    KT_EQ_STR(r.lines[1], "kiosk/x=@4");
    /* A BOM anywhere but the start is not skipped. */
    struct rec r2 = {0};
    KT_EQ_INT(parse("[a]\n\xEF\xBB\xBFk = v\n", &r2), KIOSK_ERR_CONFIG);
    KT_EQ_STR(r2.lines[0], "!2: key name may only use letters, digits, '_', '.' and '-'");
    return KTEST_PASS;
}

static enum ktest_result test_duplicates_passed_through(void)
{
    struct rec r = {0};
    KT_EQ_INT(parse("[a]\nk = 1\nk = 2\n[a]\nk = 3\n", &r), KIOSK_OK);
    KT_EQ_INT(r.count, 3);
    KT_EQ_STR(r.lines[0], "a/k=1@2");
    KT_EQ_STR(r.lines[1], "a/k=2@3");
    KT_EQ_STR(r.lines[2], "a/k=3@5");
    return KTEST_PASS;
}

static enum ktest_result test_syntax_errors(void)
{
    struct rec r = {0};
    KT_EQ_INT(parse("[ok]\n"
                    "just words\n"
                    "= value\n"
                    "bad key = 1\n"
                    "k\xC3 = latin1\n"
                    "[unclosed\n"
                    "skipped = 1\n"
                    "[]\n"
                    "[a] trailing\n"
                    "[b]\n"
                    "fine = yes\n",
                    &r),
              KIOSK_ERR_CONFIG);
    KT_EQ_INT(r.count, 8);
    KT_EQ_STR(r.lines[0], "!2: expected 'key = value', a [section] or a comment starting with '#'");
    KT_EQ_STR(r.lines[1], "!3: missing key name before '='");
    KT_EQ_STR(r.lines[2], "!4: key name may only use letters, digits, '_', '.' and '-'");
    KT_EQ_STR(r.lines[3], "!5: line is not valid UTF-8; save the file as UTF-8");
    KT_EQ_STR(r.lines[4], "!6: section line has no closing ']'; write it as [name]");
    /* line 7 belongs to the broken section: not passed on */
    KT_EQ_STR(r.lines[5], "!8: section name may only use letters, digits, '_', '.' and '-'; "
                          "write it as [name]");
    KT_EQ_STR(r.lines[6], "!9: text after ']' on a section line; comments go on their own line");
    KT_EQ_STR(r.lines[7], "b/fine=yes@11");
    return KTEST_PASS;
}

static enum ktest_result test_no_syntax_callback(void)
{
    struct rec r = {0};
    struct ini_handler h = {.pair = rec_pair, .ctx = &r};
    KT_EQ_INT(ini_parse("oops\n[a]\nk=v\n", &h), KIOSK_ERR_CONFIG);
    KT_EQ_INT(r.count, 1);
    KT_EQ_STR(r.lines[0], "a/k=v@3");
    KT_EQ_INT(ini_parse(NULL, &h), KIOSK_ERR_INVALID);
    KT_EQ_INT(ini_parse("", NULL), KIOSK_ERR_INVALID);
    return KTEST_PASS;
}

static enum ktest_result test_long_line(void)
{
    static char text[4096];
    struct rec r = {0};
    /* "k = " + 1020 x = 1024 bytes: allowed, also with CRLF after it. */
    strcpy(text, "[a]\nk = ");
    memset(text + strlen(text), 'x', 1020);
    strcpy(text + 8 + 1020, "\r\nk2 = ");
    memset(text + strlen(text), 'y', 1021); /* 1025 bytes */
    strcat(text, "\nafter = 1\n");
    KT_EQ_INT(parse(text, &r), KIOSK_ERR_CONFIG);
    KT_EQ_INT(r.count, 3);
    KT_ASSERT(strncmp(r.lines[0], "a/k=xxx", 7) == 0);
    KT_EQ_STR(r.lines[1], "!3: line is longer than 1024 bytes; shorten the value");
    KT_EQ_STR(r.lines[2], "a/after=1@4");
    return KTEST_PASS;
}

static enum ktest_result test_callback_error_stops(void)
{
    struct rec r = {.stop_at = 2};
    KT_EQ_INT(parse("[a]\nk1=1\nk2=2\nk3=3\n", &r), KIOSK_ERR_INVALID);
    KT_EQ_INT(r.count, 2);
    return KTEST_PASS;
}

static void path_in_build(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/test_ini_%s", KIOSK_BINARY_DIR, name);
}

static enum ktest_result test_file(void)
{
    char path[1024];
    struct rec r = {0};
    struct ini_handler h = {.pair = rec_pair, .syntax_error = rec_syntax, .ctx = &r};

    KT_EQ_INT(ini_parse_file(KIOSK_SOURCE_DIR "/tests/fixtures/config/good.ini", &h), KIOSK_OK);
    KT_ASSERT(r.count > 5);
    KT_EQ_INT(ini_parse_file(KIOSK_SOURCE_DIR "/tests/fixtures/config/no-such.ini", &h),
              KIOSK_ERR_NOT_FOUND);
    KT_EQ_INT(ini_parse_file(KIOSK_SOURCE_DIR "/tests/fixtures/config", &h), KIOSK_ERR_IO);

    /* A NUL byte in a file is reported, not a silent end of the text. */
    path_in_build(path, sizeof(path), "nul.ini");
    FILE *f = fopen(path, "wb");
    KT_ASSERT(f);
    fwrite("[a]\nk=1\nx\0y=2\nz=3\n", 1, 18, f);
    fclose(f);
    r.count = 0;
    KT_EQ_INT(ini_parse_file(path, &h), KIOSK_ERR_CONFIG);
    KT_EQ_INT(r.count, 3);
    KT_EQ_STR(r.lines[1], "!3: line contains a NUL byte; is this a text file?");
    KT_EQ_STR(r.lines[2], "a/z=3@4");
    remove(path);
    return KTEST_PASS;
}

static enum ktest_result test_file_limit(void)
{
    char path[1024];
    struct rec r = {0};
    struct ini_handler h = {.pair = rec_pair, .ctx = &r};
    static char block[1024];

    memset(block, '#', sizeof(block) - 1);
    block[sizeof(block) - 1] = '\n';
    path_in_build(path, sizeof(path), "big.ini");
    FILE *f = fopen(path, "wb");
    KT_ASSERT(f);
    for (int i = 0; i < 1024; i++) /* exactly 1 MiB: allowed */
        fwrite(block, 1, sizeof(block), f);
    fclose(f);
    KT_EQ_INT(ini_parse_file(path, &h), KIOSK_OK);
    f = fopen(path, "ab");
    KT_ASSERT(f);
    fputc('\n', f); /* one byte more */
    fclose(f);
    KT_EQ_INT(ini_parse_file(path, &h), KIOSK_ERR_TOO_BIG);
    remove(path);
    return KTEST_PASS;
}

static enum ktest_result test_empty_file(void)
{
    char path[1024];
    struct rec r = {0};
    struct ini_handler h = {.pair = rec_pair, .ctx = &r};
    path_in_build(path, sizeof(path), "empty.ini");
    FILE *f = fopen(path, "wb");
    KT_ASSERT(f);
    fclose(f);
    KT_EQ_INT(ini_parse_file(path, &h), KIOSK_OK);
    KT_EQ_INT(r.count, 0);
    remove(path);
    return KTEST_PASS;
}

static enum ktest_result test_nomem(void)
{
    struct rec r = {0};
    struct ini_handler h = {.pair = rec_pair, .ctx = &r};
    const char *path = KIOSK_SOURCE_DIR "/tests/fixtures/config/good.ini";
    enum kiosk_err err = KIOSK_ERR_NOMEM;

    /* ini_parse allocates nothing; ini_parse_file allocates the text. */
    kmem_fail_after(1);
    KT_EQ_INT(ini_parse("[a]\nk=v\n", &h), KIOSK_OK);
    kmem_fail_after(0);
    for (unsigned long n = 1; n < 20 && err == KIOSK_ERR_NOMEM; n++) {
        long live = kmem_live();
        kmem_fail_after(n);
        err = ini_parse_file(path, &h);
        kmem_fail_after(0);
        KT_EQ_INT(kmem_live(), live);
        if (err != KIOSK_OK)
            KT_EQ_INT(err, KIOSK_ERR_NOMEM);
    }
    KT_EQ_INT(err, KIOSK_OK);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"basic", test_basic},
    {"comments_and_blank", test_comments_and_blank},
    {"bom_and_crlf", test_bom_and_crlf},
    {"duplicates_passed_through", test_duplicates_passed_through},
    {"syntax_errors", test_syntax_errors},
    {"no_syntax_callback", test_no_syntax_callback},
    {"long_line", test_long_line},
    {"callback_error_stops", test_callback_error_stops},
    {"file", test_file},
    {"file_limit", test_file_limit},
    {"empty_file", test_empty_file},
    {"nomem", test_nomem},
};

KTEST_MAIN(tests)
