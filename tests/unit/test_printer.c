/* The printer registry and the simulated printer: PNGs on disk, states
 * that make printing fail the way a real printer does, its Epson profile
 * and the paper narrowed to a profile's printable width. */
#define _POSIX_C_SOURCE 200809L
#include "drivers/printer/printer.h"
#include "drivers/printer/printer_profile.h"
#include "ktest.h"
#include "ui/render/render.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#define OUT_DIR KIOSK_BINARY_DIR "/test_printer-out"

static enum kiosk_err block_line(void *ctx, const char *utf8, int px, bool bold,
                                 struct kbitmap *out)
{
    (void)ctx;
    (void)bold;
    size_t n = strlen(utf8);
    enum kiosk_err err = kbitmap_init(out, (int)(n ? n : 1) * px / 2, px);
    if (err)
        return err;
    for (int y = 2; y < px - 2; y++)
        for (int x = 0; x < out->width; x++)
            if (utf8[x / (px / 2)] != ' ' && x % (px / 2) < px / 2 - 2)
                out->pixels[y * out->width + x] = 0;
    return KIOSK_OK;
}

static const struct text_raster raster = {block_line, NULL};

static void ticket(struct receipt *r)
{
    receipt_init(r);
    receipt_text(r, "A042", RECEIPT_HUGE, RECEIPT_CENTER, true);
    receipt_text(r, "Cardiology, floor 2", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_qr(r, "APPT-2026-000123");
}

static bool png_exists(const char *path)
{
    unsigned char sig[8] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(sig, 1, 8, f);
    fclose(f);
    return n == 8 && memcmp(sig, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static enum ktest_result test_registry(void)
{
    const char *const *names = printer_driver_names();
    KT_EQ_STR(names[0], "sim");
    KT_EQ_STR(names[1], "escpos-usb");
    KT_ASSERT(names[2] == NULL);
    struct printer_config cfg2 = {.driver = "escpos-usb", .paper_dots = 576};
    struct printer *q = NULL;
    KT_EQ_INT(printer_open(&cfg2, &q), KIOSK_ERR_UNSUPPORTED); /* no USB context */
    KT_ASSERT(q == NULL);
    struct printer *p = (struct printer *)&p;
    struct printer_config cfg = {.driver = "nope", .paper_dots = 576};
    KT_EQ_INT(printer_open(&cfg, &p), KIOSK_ERR_NOT_FOUND);
    KT_ASSERT(p == NULL);
    cfg.driver = "sim";
    cfg.paper_dots = 500;
    KT_EQ_INT(printer_open(&cfg, &p), KIOSK_ERR_CONFIG);
    cfg.driver = NULL;
    KT_EQ_INT(printer_open(&cfg, &p), KIOSK_ERR_INVALID);
    printer_close(NULL);
    KT_EQ_INT(printer_state(NULL), PRINTER_NOT_CONNECTED);
    KT_ASSERT(printer_sim_last_png(NULL) == NULL);
    KT_EQ_INT(printer_sim_printed(NULL), 0);
    printer_sim_set_state(NULL, PRINTER_OK);
    return KTEST_PASS;
}

static enum ktest_result test_state_names(void)
{
    KT_EQ_STR(printer_state_name(PRINTER_OK), "ok");
    KT_EQ_STR(printer_state_name(PRINTER_PAPER_LOW), "paper low");
    KT_EQ_STR(printer_state_name(PRINTER_PAPER_OUT), "paper out");
    KT_EQ_STR(printer_state_name(PRINTER_COVER_OPEN), "cover open");
    KT_EQ_STR(printer_state_name(PRINTER_OFFLINE), "offline");
    KT_EQ_STR(printer_state_name(PRINTER_NOT_CONNECTED), "not connected");
    KT_EQ_STR(printer_state_name((enum printer_state)99), "unknown");
    return KTEST_PASS;
}

static int png_number(const char *path)
{
    const char *s = strrchr(path, '-');
    return s ? atoi(s + 1) : -1;
}

static enum ktest_result test_sim_writes_png(void)
{
    static struct receipt r;
    struct printer *p;
    struct printer_config cfg = {
        .driver = "sim", .paper_dots = 576, .output_dir = OUT_DIR, .raster = &raster};
    if (mkdir(OUT_DIR, 0755) != 0 && errno != EEXIST)
        KT_FAIL_AT("cannot create the output directory");
    ticket(&r);
    KT_EQ_INT(printer_open(&cfg, &p), KIOSK_OK);
    KT_EQ_INT(printer_state(p), PRINTER_OK);
    KT_ASSERT(printer_sim_last_png(p) == NULL);
    KT_EQ_INT(printer_print(p, &r), KIOSK_OK);
    const char *first = printer_sim_last_png(p);
    KT_ASSERT(first && png_exists(first));
    KT_ASSERT(strstr(first, "/receipt-") != NULL);
    int n1 = png_number(first);
    KT_ASSERT(n1 >= 1);
    KT_EQ_INT(printer_print(p, &r), KIOSK_OK);
    KT_EQ_INT(png_number(printer_sim_last_png(p)), n1 + 1);
    KT_ASSERT(png_exists(printer_sim_last_png(p)));
    KT_EQ_INT(printer_sim_printed(p), 2);
    printer_close(p);
    return KTEST_PASS;
}

static enum ktest_result test_sim_states(void)
{
    static struct receipt r;
    struct printer *p;
    struct printer_config cfg = {.driver = "sim", .paper_dots = 384, .raster = &raster};
    static const struct {
        enum printer_state state;
        enum kiosk_err err;
    } cases[] = {
        {PRINTER_PAPER_OUT, KIOSK_ERR_PAPER_OUT},
        {PRINTER_NOT_CONNECTED, KIOSK_ERR_NO_DEVICE},
        {PRINTER_COVER_OPEN, KIOSK_ERR_IO},
        {PRINTER_OFFLINE, KIOSK_ERR_TIMEOUT},
        {PRINTER_PAPER_LOW, KIOSK_OK},
        {PRINTER_OK, KIOSK_OK},
    };
    ticket(&r);
    KT_EQ_INT(printer_open(&cfg, &p), KIOSK_OK);
    int printed = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        printer_sim_set_state(p, cases[i].state);
        KT_EQ_INT(printer_state(p), cases[i].state);
        KT_EQ_INT(printer_print(p, &r), cases[i].err);
        printed += cases[i].err == KIOSK_OK;
        KT_EQ_INT(printer_sim_printed(p), printed);
    }
    KT_ASSERT(printer_sim_last_png(p) == NULL); /* no output_dir: no files */
    printer_close(p);
    return KTEST_PASS;
}

static enum ktest_result test_sim_bad_output_dir(void)
{
    static struct receipt r;
    struct printer *p;
    struct printer_config cfg = {.driver = "sim",
                                 .paper_dots = 576,
                                 .output_dir = OUT_DIR "/no/such/dir",
                                 .raster = &raster};
    ticket(&r);
    KT_EQ_INT(printer_open(&cfg, &p), KIOSK_OK);
    KT_EQ_INT(printer_print(p, &r), KIOSK_ERR_IO);
    KT_EQ_INT(printer_sim_printed(p), 0);
    KT_EQ_INT(printer_print(p, NULL), KIOSK_ERR_INVALID);
    printer_close(p);
    return KTEST_PASS;
}

static enum ktest_result test_sim_is_an_epson(void)
{
    static struct receipt r;
    struct printer *p;
    struct printer_config cfg = {.driver = "sim", .paper_dots = 576}; /* no raster */
    KT_EQ_INT(printer_open(&cfg, &p), KIOSK_OK);
    KT_ASSERT(p->profile != NULL);
    KT_EQ_STR(p->profile->name, "Epson TM-T20II");
    /* Latin text is the printer's font: no raster needed. */
    ticket(&r);
    KT_EQ_INT(printer_print(p, &r), KIOSK_OK);
    /* Devanagari needs the host's raster. */
    receipt_text(&r, "नमस्ते", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    KT_EQ_INT(printer_print(p, &r), KIOSK_ERR_INVALID);
    KT_EQ_INT(printer_sim_printed(p), 1);
    printer_close(p);
    return KTEST_PASS;
}

static enum ktest_result test_print_narrows_to_profile(void)
{
    static struct receipt r;
    struct printer *p;
    struct printer_config cfg = {.driver = "sim", .paper_dots = 576, .output_dir = OUT_DIR};
    int w, h;
    uint8_t *rgba;
    if (mkdir(OUT_DIR, 0755) != 0 && errno != EEXIST)
        KT_FAIL_AT("cannot create the output directory");
    KT_EQ_INT(printer_open(&cfg, &p), KIOSK_OK);
    /* A TM-T88IV prints 512 dots: a rule stops there even on 576-dot config. */
    p->profile = printer_profile_find(0x04b8, 0x0202, "TM-T88IV");
    receipt_init(&r);
    receipt_rule(&r);
    KT_EQ_INT(printer_print(p, &r), KIOSK_OK);
    KT_EQ_INT(render_load_png(printer_sim_last_png(p), &w, &h, &rgba), KIOSK_OK);
    printer_close(p);
    KT_EQ_INT(w, 576);
    bool ink_500 = rgba[500 * 4] == 0, ink_520 = rgba[520 * 4] == 0;
    kmem_free(rgba);
    KT_ASSERT(ink_500);
    KT_ASSERT(!ink_520);
    return KTEST_PASS;
}

static enum ktest_result test_open_allocation_failures(void)
{
    struct printer_config cfg = {.driver = "sim", .paper_dots = 576, .output_dir = OUT_DIR};
    for (unsigned long n = 1; n < 10; n++) {
        struct printer *p;
        kmem_fail_after(n);
        enum kiosk_err err = printer_open(&cfg, &p);
        kmem_fail_after(0);
        if (err == KIOSK_OK) {
            printer_close(p);
            return KTEST_PASS;
        }
        KT_EQ_INT(err, KIOSK_ERR_NOMEM);
        KT_ASSERT(p == NULL);
    }
    KT_FAIL_AT("open never succeeded");
}

static const struct ktest tests[] = {
    {"registry", test_registry},
    {"state_names", test_state_names},
    {"sim_writes_png", test_sim_writes_png},
    {"sim_states", test_sim_states},
    {"sim_bad_output_dir", test_sim_bad_output_dir},
    {"sim_is_an_epson", test_sim_is_an_epson},
    {"print_narrows_to_profile", test_print_narrows_to_profile},
    {"open_allocation_failures", test_open_allocation_failures},
};

KTEST_MAIN(tests)
