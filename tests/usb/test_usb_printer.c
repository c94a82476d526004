/* The "escpos-usb" printer driver against fake printers (umockdev): exact
 * bytes, paper near end and out reported to the app, unplug during a print
 * and a reprint after replug, a printer plugged in while running, a generic
 * class-7 printer. Run under umockdev-wrapper. */
#define _DEFAULT_SOURCE
#include "drivers/printer/escpos.h"
#include "drivers/printer/printer.h"
#include "drivers/printer/printer_profile.h"
#include "drivers/usb/usb.h"
#include "tests/unit/ktest.h"
#include "tests/usb/fakeusb.h"
#include "tests/usb/fakeusb_devices.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Host text as solid blocks: enough for byte comparisons, no fonts needed. */
static enum kiosk_err block_line(void *ctx, const char *utf8, int px, bool bold,
                                 struct kbitmap *out)
{
    (void)ctx;
    (void)bold;
    int w = 0;
    for (const char *c = utf8; *c; c++)
        if (((unsigned char)*c & 0xC0) != 0x80)
            w += px / 2;
    enum kiosk_err err = kbitmap_init(out, w > 0 ? w : 1, px);
    if (err)
        return err;
    for (int y = px / 4; y < px * 3 / 4; y++)
        for (int x = 0; x < w; x++)
            out->pixels[y * out->width + x] = (x % (px / 2)) < px / 3 ? 0 : 255;
    return KIOSK_OK;
}
static const struct text_raster raster = {block_line, NULL};

#define SETUP(f)                                                                                   \
    struct fakeusb *f = fakeusb_new();                                                             \
    if (!f)                                                                                        \
    KT_SKIP("not under umockdev-wrapper")

static void make_receipt(struct receipt *r)
{
    receipt_init(r);
    receipt_text(r, "Clínica São Lucas", RECEIPT_NORMAL, RECEIPT_CENTER, true);
    receipt_rule(r);
    receipt_text(r, "Sua senha", RECEIPT_LARGE, RECEIPT_CENTER, false);
    receipt_text(r, "A042", RECEIPT_HUGE, RECEIPT_CENTER, true);
    receipt_text(r, "आपका नंबर A042", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_text(r, "Cardiologia, 2º andar, sala 204", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_qr(r, "https://example.org/r/1234");
}

static bool wait_state(struct printer *p, enum printer_state want, int ms)
{
    for (int i = 0; i < ms / 20; i++) {
        if (printer_state(p) == want)
            return true;
        usleep(20000);
    }
    return printer_state(p) == want;
}

static enum kiosk_err open_printer(struct usb *u, struct printer **p)
{
    struct printer_config pc = {
        .driver = "escpos-usb", .paper_dots = 576, .raster = &raster, .usb = u};
    return printer_open(&pc, p);
}

static enum ktest_result test_print_exact_bytes(void)
{
    SETUP(f);
    struct fakedev *fp = fakeusb_plug(f, &fake_epson_tm_t20);
    struct usb *u;
    struct printer *p;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(open_printer(u, &p), KIOSK_OK);
    KT_ASSERT(wait_state(p, PRINTER_OK, 2000));
    KT_ASSERT(p->profile != NULL);
    KT_ASSERT(p->profile == printer_profile_find(0x04b8, 0x0e03, "TM-T20"));
    fakedev_clear_out(fp);
    struct receipt *r = kmem_alloc(sizeof(*r));
    make_receipt(r);
    KT_EQ_INT(printer_print(p, r), KIOSK_OK);
    struct escpos_buf want;
    escpos_buf_init(&want);
    KT_EQ_INT(escpos_encode(r, 576, p->profile, &raster, &want), KIOSK_OK);
    size_t len;
    unsigned char *got = fakedev_out(fp, &len);
    /* Before the receipt only real-time status requests may have gone. */
    KT_ASSERT(len >= want.len);
    size_t head = len - want.len;
    for (size_t i = 0; i < head; i += 3)
        KT_ASSERT(got[i] == 0x10 && got[i + 1] == 0x04);
    KT_ASSERT(memcmp(got + head, want.data, want.len) == 0);
    printf("  receipt: %zu bytes to the printer, %zu status bytes before it\n", want.len, head);
    free(got);
    escpos_buf_release(&want);
    kmem_free(r);
    printer_close(p);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_paper_low_then_out(void)
{
    SETUP(f);
    struct fakedev *fp = fakeusb_plug(f, &fake_epson_tm_t20);
    struct usb *u;
    struct printer *p;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(open_printer(u, &p), KIOSK_OK);
    KT_ASSERT(wait_state(p, PRINTER_OK, 2000));
    fakedev_set_paper(fp, true, false);
    KT_ASSERT(wait_state(p, PRINTER_PAPER_LOW, 2000));
    struct receipt *r = kmem_alloc(sizeof(*r));
    make_receipt(r);
    KT_EQ_INT(printer_print(p, r), KIOSK_OK); /* low paper still prints */
    fakedev_set_paper(fp, true, true);
    KT_ASSERT(wait_state(p, PRINTER_PAPER_OUT, 2000));
    fakedev_clear_out(fp);
    KT_EQ_INT(printer_print(p, r), KIOSK_ERR_PAPER_OUT);
    size_t len;
    unsigned char *got = fakedev_out(fp, &len);
    KT_ASSERT(len < 64); /* nothing of the receipt went */
    free(got);
    fakedev_set_cover_open(fp, true);
    fakedev_set_paper(fp, false, false); /* new roll, cover still open */
    KT_ASSERT(wait_state(p, PRINTER_COVER_OPEN, 2000));
    fakedev_set_cover_open(fp, false);
    KT_ASSERT(wait_state(p, PRINTER_OK, 2000));
    KT_EQ_INT(printer_print(p, r), KIOSK_OK);
    kmem_free(r);
    printer_close(p);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

struct unplugger {
    struct fakeusb *f;
    struct fakedev *d;
};

static void *unplug_later(void *arg)
{
    struct unplugger *up = arg;
    usleep(300000);
    fakeusb_unplug(up->f, up->d);
    return NULL;
}

static enum ktest_result test_unplug_during_print_then_reprint(void)
{
    SETUP(f);
    struct fakedev *fp = fakeusb_plug(f, &fake_epson_tm_t20);
    struct usb *u;
    struct printer *p;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(open_printer(u, &p), KIOSK_OK);
    KT_ASSERT(wait_state(p, PRINTER_OK, 2000));
    struct receipt *r = kmem_alloc(sizeof(*r));
    make_receipt(r);
    fakedev_set_stalled(fp, true); /* the print stays in flight */
    struct unplugger up = {f, fp};
    pthread_t t;
    pthread_create(&t, NULL, unplug_later, &up);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    KT_EQ_INT(printer_print(p, r), KIOSK_ERR_NO_DEVICE);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pthread_join(t, NULL);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    KT_ASSERT(ms < 3000); /* told at once, nothing hangs */
    KT_EQ_INT(printer_state(p), PRINTER_NOT_CONNECTED);
    /* plugged back in (a new address, as after a real replug) */
    struct fakedev *again = fakeusb_plug(f, &fake_epson_tm_t20);
    KT_ASSERT(again != NULL);
    KT_ASSERT(wait_state(p, PRINTER_OK, 4000));
    KT_EQ_INT(printer_print(p, r), KIOSK_OK);
    struct escpos_buf want;
    escpos_buf_init(&want);
    KT_EQ_INT(escpos_encode(r, 576, p->profile, &raster, &want), KIOSK_OK);
    size_t len;
    unsigned char *got = fakedev_out(again, &len);
    KT_ASSERT(len >= want.len && memcmp(got + len - want.len, want.data, want.len) == 0);
    free(got);
    escpos_buf_release(&want);
    kmem_free(r);
    printer_close(p);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_plugged_in_while_running(void)
{
    SETUP(f);
    struct usb *u;
    struct printer *p;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(open_printer(u, &p), KIOSK_OK); /* no printer yet: still opens */
    KT_EQ_INT(printer_state(p), PRINTER_NOT_CONNECTED);
    struct receipt *r = kmem_alloc(sizeof(*r));
    make_receipt(r);
    KT_EQ_INT(printer_print(p, r), KIOSK_ERR_NO_DEVICE);
    struct fakedev *fp = fakeusb_plug(f, &fake_epson_tm_t20);
    KT_ASSERT(wait_state(p, PRINTER_OK, 4000));
    KT_EQ_INT(printer_print(p, r), KIOSK_OK);
    size_t len;
    free(fakedev_out(fp, &len));
    KT_ASSERT(len > 1000);
    kmem_free(r);
    printer_close(p);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_generic_printer_status_by_query(void)
{
    SETUP(f);
    struct fakedev *fp = fakeusb_plug(f, &fake_clone_58mm);
    struct usb *u;
    struct printer *p;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    struct printer_config pc = {
        .driver = "escpos-usb", .paper_dots = 384, .raster = &raster, .usb = u};
    KT_EQ_INT(printer_open(&pc, &p), KIOSK_OK);
    KT_ASSERT(p->profile == printer_profile_generic());
    KT_EQ_INT(printer_state(p), PRINTER_OK);
    int q = fakedev_status_queries(fp);
    KT_ASSERT(q >= 1); /* no automatic status: it asked */
    fakedev_set_paper(fp, false, true);
    KT_EQ_INT(printer_state(p), PRINTER_PAPER_OUT);
    fakedev_set_paper(fp, false, false);
    struct receipt *r = kmem_alloc(sizeof(*r));
    make_receipt(r);
    KT_EQ_INT(printer_print(p, r), KIOSK_OK);
    kmem_free(r);
    printer_close(p);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"print_exact_bytes", test_print_exact_bytes},
    {"paper_low_then_out", test_paper_low_then_out},
    {"unplug_during_print_then_reprint", test_unplug_during_print_then_reprint},
    {"plugged_in_while_running", test_plugged_in_while_running},
    {"generic_printer_status_by_query", test_generic_printer_status_by_query},
};
KTEST_MAIN(tests)
