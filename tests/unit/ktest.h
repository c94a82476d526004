/* A tiny table-driven test runner: each test file defines
 *
 *   static const struct ktest tests[] = { {"name", fn}, ... };
 *   KTEST_MAIN(tests)
 *
 * A test returns KTEST_PASS, KTEST_FAIL or KTEST_SKIP (with a line that says
 * why). The program exits 0 if nothing failed, 77 if everything skipped
 * (CTest's SKIP_RETURN_CODE), 1 otherwise. An optional argument runs only the
 * test of that name. Tests also fail if kmem_* allocations leak. */
#ifndef KTEST_H
#define KTEST_H

#include "firmware/core/mem.h"

#include <stdio.h>
#include <string.h>

enum ktest_result { KTEST_PASS = 0, KTEST_FAIL = 1, KTEST_SKIP = 2 };

struct ktest {
    const char *name;
    enum ktest_result (*fn)(void);
};

#define KT_FAIL_AT(...)                                                                            \
    do {                                                                                           \
        fprintf(stderr, "  %s:%d: ", __FILE__, __LINE__);                                          \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        return KTEST_FAIL;                                                                         \
    } while (0)

#define KT_ASSERT(cond)                                                                            \
    do {                                                                                           \
        if (!(cond))                                                                               \
            KT_FAIL_AT("assertion failed: %s", #cond);                                             \
    } while (0)

#define KT_EQ_INT(a, b)                                                                            \
    do {                                                                                           \
        long long ka_ = (long long)(a), kb_ = (long long)(b);                                      \
        if (ka_ != kb_)                                                                            \
            KT_FAIL_AT("%s == %lld, expected %s == %lld", #a, ka_, #b, kb_);                       \
    } while (0)

#define KT_EQ_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *ka_ = (a), *kb_ = (b);                                                         \
        if (!ka_ || !kb_ || strcmp(ka_, kb_) != 0)                                                 \
            KT_FAIL_AT("%s == \"%s\", expected \"%s\"", #a, ka_ ? ka_ : "(null)",                  \
                       kb_ ? kb_ : "(null)");                                                      \
    } while (0)

#define KT_SKIP(...)                                                                               \
    do {                                                                                           \
        fprintf(stderr, "  skip: ");                                                               \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        return KTEST_SKIP;                                                                         \
    } while (0)

static inline int ktest_run(const struct ktest *tests, size_t n, int argc, char **argv)
{
    int failed = 0, skipped = 0, ran = 0;
    for (size_t i = 0; i < n; i++) {
        if (argc > 1 && strcmp(argv[1], tests[i].name) != 0)
            continue;
        long live_before = kmem_live();
        enum ktest_result r = tests[i].fn();
        kmem_fail_after(0);
        if (r == KTEST_PASS && kmem_live() != live_before) {
            fprintf(stderr, "  leak: %ld kmem allocations not freed\n", kmem_live() - live_before);
            r = KTEST_FAIL;
        }
        ran++;
        printf("%s %s\n",
               r == KTEST_PASS   ? "ok  "
               : r == KTEST_SKIP ? "SKIP"
                                 : "FAIL",
               tests[i].name);
        failed += r == KTEST_FAIL;
        skipped += r == KTEST_SKIP;
    }
    printf("%d passed, %d failed, %d skipped\n", ran - failed - skipped, failed, skipped);
    if (ran == 0)
        return 1;
    if (failed)
        return 1;
    return skipped == ran ? 77 : 0;
}

#define KTEST_MAIN(table)                                                                          \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        setvbuf(stdout, NULL, _IONBF, 0);                                                          \
        return ktest_run(table, sizeof(table) / sizeof(table[0]), argc, argv);                     \
    }

#endif
