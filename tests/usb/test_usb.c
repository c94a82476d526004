/* drivers/usb against fake devices (umockdev, route B): the real libusb
 * enumerates, detaches, claims and transfers. Run under umockdev-wrapper. */
#define _DEFAULT_SOURCE
#include "drivers/usb/usb.h"
#include "tests/unit/ktest.h"
#include "tests/usb/fakeusb.h"
#include "tests/usb/fakeusb_devices.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#define SETUP(f)                                                                                   \
    struct fakeusb *f = fakeusb_new();                                                             \
    if (!f)                                                                                        \
    KT_SKIP("not under umockdev-wrapper")

static const struct usb_match printers[] = {
    {0x04b8, 0, USB_CLASS_PRINTER, 1},
    {0, 0, USB_CLASS_PRINTER, 2},
};

static enum ktest_result test_claim_from_kernel_driver(void)
{
    SETUP(f);
    struct fakedev *p = fakeusb_plug(f, &fake_epson_tm_t20);
    KT_ASSERT(p != NULL);
    KT_ASSERT(fakedev_kernel_attached(p));
    struct usb *u;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    struct usb_dev *d;
    KT_EQ_INT(usb_open(u, printers, 2, &d), KIOSK_OK);
    const struct usb_dev_info *in = usb_info(d);
    KT_EQ_INT(in->vid, 0x04b8);
    KT_EQ_INT(in->pid, 0x0e03);
    KT_EQ_INT(in->tag, 1);
    KT_EQ_INT(in->iface_class, 7);
    KT_EQ_INT(in->ep_out, 0x01); /* from the descriptors */
    KT_EQ_INT(in->ep_in, 0x82);
    KT_ASSERT(!in->in_interrupt);
    KT_ASSERT(in->detached_kernel);
    KT_EQ_STR(in->product, "TM-T20");
    KT_ASSERT(fakedev_claimed(p));
    KT_ASSERT(!fakedev_kernel_attached(p));
    usb_close(d);
    /* given back to usblp */
    KT_ASSERT(!fakedev_claimed(p));
    KT_ASSERT(fakedev_kernel_attached(p));
    KT_EQ_INT(fakedev_unknown_ioctls(p), 0);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_match_by_class_and_none(void)
{
    SETUP(f);
    struct usb *u;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    struct usb_dev *d = NULL;
    KT_EQ_INT(usb_open(u, printers, 2, &d), KIOSK_ERR_NO_DEVICE);
    KT_ASSERT(d == NULL);
    /* a clone with another vendor id and odd endpoints: found by class */
    struct fakedev *p = fakeusb_plug(f, &fake_clone_58mm);
    KT_ASSERT(p != NULL);
    KT_EQ_INT(usb_open(u, printers, 2, &d), KIOSK_OK);
    KT_EQ_INT(usb_info(d)->tag, 2);
    KT_EQ_INT(usb_info(d)->ep_out, 0x03);
    KT_EQ_INT(usb_info(d)->ep_in, 0x84);
    KT_ASSERT(!usb_info(d)->detached_kernel);
    usb_close(d);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_write_exact_bytes(void)
{
    SETUP(f);
    struct fakedev *p = fakeusb_plug(f, &fake_epson_tm_t20);
    struct usb *u;
    struct usb_dev *d;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(usb_open(u, printers, 2, &d), KIOSK_OK);
    unsigned char bytes[100000];
    for (size_t i = 0; i < sizeof(bytes); i++)
        bytes[i] = (unsigned char)(i * 7 + 3);
    size_t sent = 0;
    KT_EQ_INT(usb_write(d, bytes, sizeof(bytes), 2000, &sent), KIOSK_OK);
    KT_EQ_INT(sent, sizeof(bytes));
    size_t len;
    unsigned char *got = fakedev_out(p, &len);
    KT_EQ_INT(len, sizeof(bytes));
    KT_ASSERT(memcmp(got, bytes, len) == 0);
    free(got);
    usb_close(d);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_control_in(void)
{
    SETUP(f);
    fakeusb_plug(f, &fake_epson_tm_t20);
    struct usb *u;
    struct usb_dev *d;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(usb_open(u, printers, 2, &d), KIOSK_OK);
    unsigned char buf[256];
    size_t got;
    KT_EQ_INT(usb_control_in(d, 0xA1, 0, 0, 0, buf, sizeof(buf), &got, 1000), KIOSK_OK);
    KT_ASSERT(got > 2);
    KT_EQ_INT((buf[0] << 8 | buf[1]), got);
    KT_ASSERT(memcmp(buf + 2, "MFG:EPSON;", 10) == 0);
    /* an unknown request stalls: an error, not a hang */
    KT_ASSERT(usb_control_in(d, 0xC1, 0x77, 0, 0, buf, sizeof(buf), &got, 1000) != KIOSK_OK);
    usb_close(d);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_read_times_out(void)
{
    SETUP(f);
    fakeusb_plug(f, &fake_magtek);
    struct usb *u;
    struct usb_dev *d;
    static const struct usb_match readers[] = {{0x0801, 0, USB_CLASS_HID, 1}};
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(usb_open(u, readers, 1, &d), KIOSK_OK);
    KT_ASSERT(usb_info(d)->in_interrupt);
    unsigned char buf[64];
    size_t got = 99;
    long long t0 = now_ms();
    KT_EQ_INT(usb_read(d, buf, sizeof(buf), &got, 200), KIOSK_ERR_TIMEOUT);
    long long took = now_ms() - t0;
    KT_EQ_INT(got, 0);
    KT_ASSERT(took >= 150 && took < 3000);
    KT_ASSERT(!usb_gone(d)); /* a timeout is not a departure */
    usb_close(d);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

struct sink {
    atomic_int reports;
    atomic_size_t bytes;
    unsigned char last[64];
};

static void on_bytes(void *ctx, const unsigned char *b, size_t n)
{
    struct sink *s = ctx;
    memcpy(s->last, b, n < sizeof(s->last) ? n : sizeof(s->last));
    atomic_fetch_add(&s->bytes, n);
    atomic_fetch_add(&s->reports, 1);
}

static bool wait_for(atomic_int *v, int want, int ms)
{
    for (int i = 0; i < ms / 5; i++) {
        if (atomic_load(v) >= want)
            return true;
        usleep(5000);
    }
    return atomic_load(v) >= want;
}

static bool wait_gone(struct usb_dev *d, int ms)
{
    for (int i = 0; i < ms / 5 && !usb_gone(d); i++)
        usleep(5000);
    return usb_gone(d);
}

static enum ktest_result test_listen_then_unplug(void)
{
    SETUP(f);
    struct fakedev *r = fakeusb_plug(f, &fake_magtek);
    struct usb *u;
    struct usb_dev *d;
    static const struct usb_match readers[] = {{0x0801, 0, USB_CLASS_HID, 1}};
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(usb_open(u, readers, 1, &d), KIOSK_OK);
    KT_ASSERT(fakedev_claimed(r));
    struct sink s = {0};
    KT_EQ_INT(usb_listen(d, 64, on_bytes, &s), KIOSK_OK);
    KT_EQ_INT(usb_listen(d, 64, on_bytes, &s), KIOSK_ERR_BUSY);
    unsigned char rep[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    fakedev_push_in(r, rep, sizeof(rep));
    fakedev_push_in(r, rep, 4);
    KT_ASSERT(wait_for(&s.reports, 2, 3000));
    KT_EQ_INT(atomic_load(&s.bytes), 12);
    unsigned gen = usb_generation(u);
    fakeusb_unplug(f, r);
    KT_ASSERT(wait_gone(d, 3000));
    unsigned char buf[8];
    size_t got;
    KT_EQ_INT(usb_read(d, buf, sizeof(buf), &got, 100), KIOSK_ERR_NO_DEVICE);
    /* hotplug hears of it too (it may come after the transfer's end) */
    for (int i = 0; i < 600 && usb_generation(u) == gen; i++)
        usleep(5000);
    KT_ASSERT(usb_generation(u) != gen);
    usb_close(d); /* stops the listener; nothing hangs */
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

struct unplugger {
    struct fakeusb *f;
    struct fakedev *d;
    int after_ms;
};

static void *unplug_later(void *arg)
{
    struct unplugger *up = arg;
    usleep((useconds_t)up->after_ms * 1000);
    fakeusb_unplug(up->f, up->d);
    return NULL;
}

static enum ktest_result test_unplug_during_write(void)
{
    SETUP(f);
    struct fakedev *p = fakeusb_plug(f, &fake_epson_tm_t20);
    struct usb *u;
    struct usb_dev *d;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    KT_EQ_INT(usb_open(u, printers, 2, &d), KIOSK_OK);
    /* paper out: the printer stops taking data, so a long write stays in flight */
    fakedev_set_paper(p, false, true);
    static unsigned char big[60000];
    size_t sent = 0;
    KT_EQ_INT(usb_write(d, big, sizeof(big), 300, &sent), KIOSK_ERR_TIMEOUT);
    KT_ASSERT(sent < sizeof(big));
    /* now unplug it 300 ms into a write with a 10 s timeout */
    struct unplugger up = {f, p, 300};
    pthread_t t;
    pthread_create(&t, NULL, unplug_later, &up);
    long long t0 = now_ms();
    KT_EQ_INT(usb_write(d, big, sizeof(big), 10000, &sent), KIOSK_ERR_NO_DEVICE);
    long long took = now_ms() - t0;
    pthread_join(t, NULL);
    KT_ASSERT(took < 5000); /* told at once, not after the timeout */
    KT_ASSERT(usb_gone(d));
    KT_EQ_INT(usb_write(d, big, 10, 300, &sent), KIOSK_ERR_NO_DEVICE);
    usb_close(d);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_hotplug_arrival(void)
{
    SETUP(f);
    struct usb *u;
    KT_EQ_INT(usb_new(&u), KIOSK_OK);
    unsigned gen = usb_generation(u);
    struct fakedev *p = fakeusb_plug(f, &fake_epson_tm_t20);
    KT_ASSERT(p != NULL);
    for (int i = 0; i < 600 && usb_generation(u) == gen; i++)
        usleep(5000);
    KT_ASSERT(usb_generation(u) != gen);
    struct usb_dev *d;
    KT_EQ_INT(usb_open(u, printers, 2, &d), KIOSK_OK);
    usb_close(d);
    usb_free(u);
    fakeusb_free(f);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"claim_from_kernel_driver", test_claim_from_kernel_driver},
    {"match_by_class_and_none", test_match_by_class_and_none},
    {"write_exact_bytes", test_write_exact_bytes},
    {"control_in", test_control_in},
    {"read_times_out", test_read_times_out},
    {"listen_then_unplug", test_listen_then_unplug},
    {"unplug_during_write", test_unplug_during_write},
    {"hotplug_arrival", test_hotplug_arrival},
};
KTEST_MAIN(tests)
