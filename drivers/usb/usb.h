/* USB transport: the only user of libusb.h.
 *
 * One libusb context per kiosk (struct usb) with an event thread of its own,
 * so transfers complete and hotplug events arrive without the UI loop ever
 * blocking on them. Device classes (printer, card reader, scanner) open the
 * device they need through a match table, then move bytes with timeouts:
 *
 *   struct usb *u;                      usb_new(&u)
 *   struct usb_dev *d;                  usb_open(u, match, n, &d)
 *   usb_write / usb_read / usb_control_in   (synchronous, with a timeout)
 *   usb_listen(d, cb, ctx)              an IN endpoint read continuously;
 *                                       cb runs on the event thread
 *   usb_gone(d)                         the device left: close it and open
 *                                       again after usb_generation() moves
 *   usb_close(d); usb_free(u);
 *
 * Endpoints come from the descriptors, never from a table. An interface held
 * by a kernel driver (usblp, usbhid) is detached before the claim and given
 * back on close. Every libusb error becomes an enum kiosk_err, with a detail
 * a technician can act on (kiosk_err_detail). */
#ifndef KIOSK_USB_H
#define KIOSK_USB_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define USB_CLASS_PRINTER 0x07
#define USB_CLASS_HID     0x03

/* One row of a match table: a vendor (and product; pid 0 means any product
 * of that vendor), or with vid 0 any device with an interface of
 * iface_class. tag is handed back in usb_dev_info so the caller knows which
 * row matched (a report format, a profile index). */
struct usb_match {
    uint16_t vid, pid;
    uint8_t iface_class; /* the interface to claim; 0: the first interface */
    int tag;
};

struct usb_dev_info {
    uint16_t vid, pid;
    int tag;       /* of the matching row */
    uint8_t iface; /* claimed interface number */
    uint8_t iface_class, iface_subclass, iface_protocol;
    uint8_t ep_in, ep_out; /* endpoint addresses; 0 when the interface has none */
    bool in_interrupt;     /* IN endpoint is interrupt (else bulk) */
    bool out_interrupt;    /* OUT endpoint is interrupt (else bulk) */
    uint16_t in_packet;    /* wMaxPacketSize of the IN endpoint */
    bool detached_kernel;  /* a kernel driver held it; it is reattached on close */
    char product[64];      /* iProduct string, "" if unreadable */
    uint8_t bus, address;
};

struct usb;
struct usb_dev;

/* Start libusb, register for hotplug (where the platform has it) and start
 * the event thread. *out freed with usb_free(). KIOSK_ERR_UNSUPPORTED when
 * libusb cannot start (no usbfs), KIOSK_ERR_NOMEM. */
enum kiosk_err usb_new(struct usb **out);
/* Stops the event thread. Every usb_dev must be closed first. NULL is fine. */
void usb_free(struct usb *u);

/* fn(ctx) is called on the event thread after every hotplug arrival or
 * departure (once usb_generation has moved), so a loop that sleeps without
 * a timeout knows to look for its devices again. fn must not block or call
 * back into usb_*. NULL fn: no calls. */
typedef void (*usb_wake_fn)(void *ctx);
void usb_set_wake(struct usb *u, usb_wake_fn fn, void *ctx);

/* Whether device arrivals are reported (hotplug). Without it, a driver whose
 * device is missing looks for it every few seconds, and its caller must
 * call it that often. */
bool usb_has_hotplug(const struct usb *u);

/* Counts device arrivals and departures (hotplug). A driver whose device is
 * not connected tries usb_open again when this has moved. */
unsigned usb_generation(const struct usb *u);

/* Open the first device matching a row of match[0..n), in table order for
 * VID:PID rows and then class rows; detach a kernel driver from the
 * interface, claim it and find its endpoints. *out freed with usb_close().
 * Errors: KIOSK_ERR_NO_DEVICE (nothing matches), KIOSK_ERR_DENIED (no
 * permission on the device node: the udev rules), KIOSK_ERR_BUSY (another
 * program holds the interface), KIOSK_ERR_IO, KIOSK_ERR_NOMEM. */
enum kiosk_err usb_open(struct usb *u, const struct usb_match *match, size_t n,
                        struct usb_dev **out);
/* Stop a listener, release the interface, give it back to the kernel driver
 * that had it, close. NULL is fine. */
void usb_close(struct usb_dev *d);

const struct usb_dev_info *usb_info(const struct usb_dev *d);

/* True once the device has left (hotplug, or a transfer saw it gone). Every
 * transfer then fails with KIOSK_ERR_NO_DEVICE; close and reopen. */
bool usb_gone(const struct usb_dev *d);

/* Write all of buf to the OUT endpoint, in one transfer, within timeout_ms.
 * KIOSK_ERR_TIMEOUT (the device did not take it all: *sent says how much
 * did, when sent is not NULL), KIOSK_ERR_NO_DEVICE, KIOSK_ERR_IO. */
enum kiosk_err usb_write(struct usb_dev *d, const unsigned char *buf, size_t len, int timeout_ms,
                         size_t *sent);

/* One IN transfer of up to cap bytes. Not while a listener runs. */
enum kiosk_err usb_read(struct usb_dev *d, unsigned char *buf, size_t cap, size_t *got,
                        int timeout_ms);

/* A control IN request to the claimed interface (class requests such as the
 * printer class GET_DEVICE_ID). request_type as in USB: 0xA1 = class,
 * interface, device-to-host. */
enum kiosk_err usb_control_in(struct usb_dev *d, uint8_t request_type, uint8_t request,
                              uint16_t value, uint16_t index, unsigned char *buf, size_t cap,
                              size_t *got, int timeout_ms);

/* Keep one IN transfer of `size` bytes in flight on the IN endpoint and call
 * cb(ctx, bytes, len) on the event thread for every completed one. The
 * transfer buffer is wiped (kmem_wipe) as soon as cb returns: a callback that
 * needs the data copies it (card data: decodes it and keeps only the result).
 * cb must not block or call back into usb_*. At most one listener a device;
 * it stops on usb_close or when the device leaves. KIOSK_ERR_BUSY when one
 * already runs, KIOSK_ERR_UNSUPPORTED without an IN endpoint. */
typedef void (*usb_listen_fn)(void *ctx, const unsigned char *bytes, size_t len);
enum kiosk_err usb_listen(struct usb_dev *d, size_t size, usb_listen_fn cb, void *ctx);

#endif
