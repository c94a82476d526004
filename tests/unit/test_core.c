/* firmware/core: errors, the patient-safe logger, strings, clock, ids,
 * allocation failure injection, the PNG writer. */
#include "firmware/core/bitmap.h"
#include "firmware/core/clock.h"
#include "firmware/core/err.h"
#include "firmware/core/id.h"
#include "firmware/core/log.h"
#include "firmware/core/str.h"
#include "ktest.h"

#include <stdlib.h>

static enum ktest_result every_error_has_a_name_and_text(void)
{
    for (int e = 0; e >= KIOSK_ERR_PROTOCOL; e--) {
        KT_ASSERT(strcmp(kiosk_err_name((enum kiosk_err)e), "KIOSK_ERR_UNKNOWN") != 0);
        KT_ASSERT(strcmp(kiosk_strerror((enum kiosk_err)e), "unknown error") != 0);
    }
    KT_EQ_STR(kiosk_err_name((enum kiosk_err) - 999), "KIOSK_ERR_UNKNOWN");
    kiosk_err_set_detail("line %d", 7);
    KT_EQ_STR(kiosk_err_detail(), "line 7");
    kiosk_err_clear_detail();
    KT_EQ_STR(kiosk_err_detail(), "");
    return KTEST_PASS;
}

static enum ktest_result log_prints_numbers_and_errors(void)
{
    char buf[128];
    log_format(buf, sizeof(buf), "queue %d, %u rows, %zu bytes, %lld ms, %x, %E, 100%%", -3, 4u,
               (size_t)5, 6LL, 255u, KIOSK_ERR_TIMEOUT);
    KT_EQ_STR(buf, "queue -3, 4 rows, 5 bytes, 6 ms, ff, KIOSK_ERR_TIMEOUT, 100%");
    return KTEST_PASS;
}

static enum ktest_result log_refuses_text_arguments(void)
{
    /* A patient's name passed by mistake never reaches the line. */
    char buf[128];
    const char *name = "Silva";
    log_format(buf, sizeof(buf), "patient %s checked in", name);
    KT_ASSERT(strstr(buf, "Silva") == NULL);
    KT_EQ_STR(buf, "patient <?>");
    return KTEST_PASS;
}

static char sink_line[512];
static void sink(void *ctx, enum log_level level, const char *line)
{
    (void)ctx;
    (void)level;
    kstr_copy(sink_line, sizeof(sink_line), line);
}

static enum ktest_result log_goes_to_the_sink_with_level(void)
{
    log_set_sink(sink, NULL);
    log_warn("store", "disk %d%% full", 93);
    KT_EQ_STR(sink_line, "WARN store: disk 93% full");
    sink_line[0] = '\0';
    log_debug("store", "hidden");
    KT_EQ_STR(sink_line, "");
    log_set_sink(NULL, NULL);
    return KTEST_PASS;
}

static enum ktest_result copy_never_splits_utf8(void)
{
    char small[6];
    KT_ASSERT(!kstr_copy(small, sizeof(small), "Joãozinho")); /* 5 bytes fit: "João" */
    KT_EQ_STR(small, "João");
    KT_ASSERT(!kstr_copy(small, 5, "Joãozinho")); /* 4 bytes: "Joã" */
    KT_EQ_STR(small, "Joã");
    char deva[8];
    kstr_copy(deva, sizeof(deva), "राहुल"); /* 3 bytes per code point */
    KT_EQ_STR(deva, "रा");
    KT_EQ_INT(kstr_utf8_len("राहुल"), 5);
    char s[16] = "Conceição";
    kstr_utf8_pop(s);
    kstr_utf8_pop(s);
    KT_EQ_STR(s, "Conceiç");
    return KTEST_PASS;
}

static enum ktest_result name_keys_fold_case_accents_and_marks(void)
{
    char k[64];
    KT_ASSERT(kstr_name_key(k, sizeof(k), "Conceição"));
    KT_EQ_STR(k, "conceicao");
    kstr_name_key(k, sizeof(k), "  D'Ávila-Gonçalves ");
    KT_EQ_STR(k, "davilagoncalves");
    kstr_name_key(k, sizeof(k), "MÜLLER");
    KT_EQ_STR(k, "muller");
    kstr_name_key(k, sizeof(k), "शर्मा");
    KT_EQ_STR(k, "शर्मा");
    KT_ASSERT(!kstr_name_key(k, 4, "Silva"));
    return KTEST_PASS;
}

static enum ktest_result dates_are_checked(void)
{
    struct kdate d;
    KT_ASSERT(kdate_parse_iso("2024-02-29", &d));
    KT_ASSERT(!kdate_parse_iso("2023-02-29", &d));
    KT_ASSERT(!kdate_parse_iso("1984-13-01", &d));
    KT_ASSERT(!kdate_parse_iso("1984-3-2", &d));
    KT_ASSERT(!kdate_parse_iso("1984-03-02x", &d));
    int64_t ms;
    KT_ASSERT(kclock_parse_local("2026-03-10T10:00", &ms));
    KT_EQ_INT(ms, 1773136800000LL); /* tests run with TZ=UTC */
    KT_EQ_INT(kclock_local_midnight(ms + 3600000), 1773100800000LL);
    KT_ASSERT(!kclock_parse_local("2026-03-10 10:00", &ms));
    return KTEST_PASS;
}

static enum ktest_result fake_clock_moves_only_when_told(void)
{
    struct kclock_fake f;
    kclock_fake_init(&f, 1000);
    int64_t m = kclock_mono(&f.clock);
    kclock_fake_advance(&f, 61000);
    KT_EQ_INT(kclock_wall(&f.clock), 62000);
    KT_EQ_INT(kclock_mono(&f.clock) - m, 61000);
    return KTEST_PASS;
}

static enum ktest_result uuids_are_v4_and_distinct(void)
{
    char a[KIOSK_UUID_LEN], b[KIOSK_UUID_LEN];
    KT_EQ_INT(kiosk_uuid(a), KIOSK_OK);
    KT_EQ_INT(kiosk_uuid(b), KIOSK_OK);
    KT_EQ_INT(strlen(a), 36);
    KT_ASSERT(a[14] == '4');
    KT_ASSERT(strchr("89ab", a[19]) != NULL);
    KT_ASSERT(strcmp(a, b) != 0);
    return KTEST_PASS;
}

static enum ktest_result allocation_failure_is_injected(void)
{
    kmem_fail_after(2);
    void *p = kmem_alloc(8);
    void *q = kmem_alloc(8);
    void *r = kmem_alloc(8);
    KT_ASSERT(p && !q && r);
    kmem_free(p);
    kmem_free(r);
    return KTEST_PASS;
}

static enum ktest_result png_is_written(void)
{
    struct kbitmap bm;
    char path[512];
    KT_EQ_INT(kbitmap_init(&bm, 40, 10), KIOSK_OK);
    bm.pixels[0] = 0;
    KT_EQ_INT(kbitmap_grow(&bm, 20), KIOSK_OK);
    KT_EQ_INT(bm.pixels[0], 0);
    KT_EQ_INT(bm.pixels[40 * 19], 255);
    snprintf(path, sizeof(path), "%s/test_core.png", KIOSK_BINARY_DIR);
    KT_EQ_INT(kbitmap_write_png(&bm, path), KIOSK_OK);
    FILE *f = fopen(path, "rb");
    KT_ASSERT(f);
    unsigned char sig[8];
    KT_EQ_INT(fread(sig, 1, 8, f), 8);
    fclose(f);
    KT_ASSERT(memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0);
    KT_EQ_INT(kbitmap_write_png(&bm, "/nonexistent-dir/x.png"), KIOSK_ERR_IO);
    kbitmap_release(&bm);
    KT_EQ_INT(kbitmap_init(&bm, 0, 10), KIOSK_ERR_INVALID);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"every_error_has_a_name_and_text", every_error_has_a_name_and_text},
    {"log_prints_numbers_and_errors", log_prints_numbers_and_errors},
    {"log_refuses_text_arguments", log_refuses_text_arguments},
    {"log_goes_to_the_sink_with_level", log_goes_to_the_sink_with_level},
    {"copy_never_splits_utf8", copy_never_splits_utf8},
    {"name_keys_fold_case_accents_and_marks", name_keys_fold_case_accents_and_marks},
    {"dates_are_checked", dates_are_checked},
    {"fake_clock_moves_only_when_told", fake_clock_moves_only_when_told},
    {"uuids_are_v4_and_distinct", uuids_are_v4_and_distinct},
    {"allocation_failure_is_injected", allocation_failure_is_injected},
    {"png_is_written", png_is_written},
};

KTEST_MAIN(tests)
