/* Fake USB devices for tests: umockdev testbed devices (sysfs, descriptors,
 * /dev/bus/usb nodes) with a small usbfs of our own behind each node, so
 * the real libusb and the real drivers run unmodified against them (route B
 * in TESTING.md). The test binary runs under umockdev-wrapper.
 *
 * A fake device answers the usbfs ioctls libusb uses: SUBMITURB /
 * REAPURBNDELAY / DISCARDURB, GETDRIVER, USBDEVFS_IOCTL(DISCONNECT/CONNECT),
 * CLAIM/RELEASEINTERFACE, GET_CAPABILITIES. Its behaviour by kind:
 *   FAKE_PRINTER  bulk OUT collects the bytes; DLE EOT n in them is answered
 *                 on bulk IN from the paper/cover state; GS a n turns on
 *                 automatic status back (4-byte reports on every change);
 *                 class requests GET_DEVICE_ID and GET_PORT_STATUS; with
 *                 paper out, OUT transfers are not taken (they time out)
 *   FAKE_HID      interrupt IN reports queued by the test (a card swipe, a
 *                 barcode); nothing queued: the read waits (and times out)
 * Ioctl handlers run on umockdev's worker thread; every call here is
 * thread-safe. */
#ifndef KIOSK_FAKEUSB_H
#define KIOSK_FAKEUSB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fake_kind { FAKE_PRINTER = 1, FAKE_HID };

struct fake_spec {
    enum fake_kind kind;
    uint16_t vid, pid;
    uint8_t iface_class, iface_subclass, iface_protocol;
    uint8_t ep_in, ep_out; /* 0: none */
    bool interrupt;        /* endpoints are interrupt (else bulk) */
    uint16_t packet;       /* wMaxPacketSize */
    const char *manufacturer, *product;
    const char *kernel_driver; /* "usblp", "usbhid" or NULL: holds the interface at start */
    const char *device_id;     /* printer: IEEE 1284 id ("MFG:..;MDL:..;CMD:..;") */
};

struct fakeusb;
struct fakedev;

/* A testbed with no devices. NULL when not under umockdev-wrapper. */
struct fakeusb *fakeusb_new(void);
void fakeusb_free(struct fakeusb *f);

/* Plug a device in (bus 1, the next free address); hotplug sees it arrive. */
struct fakedev *fakeusb_plug(struct fakeusb *f, const struct fake_spec *spec);
/* Unplug: transfers in flight end with "no device", every later ioctl fails
 * with ENODEV, hotplug sees it leave and libusb forgets it. The
 * fakedev stays readable (its counters, its bytes) until fakeusb_free. */
void fakeusb_unplug(struct fakeusb *f, struct fakedev *d);

/* Printer state; automatic status back reports the change when enabled. */
void fakedev_set_paper(struct fakedev *d, bool near_end, bool out);
void fakedev_set_cover_open(struct fakedev *d, bool open);
/* A stalled device takes no OUT data (a busy printer, a wedged firmware)
 * but says nothing is wrong. */
void fakedev_set_stalled(struct fakedev *d, bool stalled);
/* Bytes received on the OUT endpoint so far (a copy; free() it). */
unsigned char *fakedev_out(struct fakedev *d, size_t *len);
void fakedev_clear_out(struct fakedev *d);
/* Queue one IN report / chunk of bytes. */
void fakedev_push_in(struct fakedev *d, const unsigned char *bytes, size_t len);
/* Whether the interface is claimed through usbfs, and who holds it in the kernel. */
bool fakedev_claimed(struct fakedev *d);
bool fakedev_kernel_attached(struct fakedev *d);
/* Number of DLE EOT queries seen, ioctls refused as unknown. */
int fakedev_status_queries(struct fakedev *d);
int fakedev_unknown_ioctls(struct fakedev *d);

#endif
