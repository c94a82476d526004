/* libusb behind drivers/usb/usb.h.
 *
 * Threads: the event thread runs libusb_handle_events_timeout_completed()
 * until usb_free, asleep while nothing happens; it completes the listeners' transfers and delivers
 * hotplug callbacks. The synchronous calls (usb_write, usb_read, usb_control_in) run on the
 * caller's thread; libusb lets them wait for their own transfer while another thread handles
 * events. Shared state (the open devices, a device's gone flag, a listener's state) sits under the
 * context's mutex. */
#include "drivers/usb/usb.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <libusb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#define MOD          "usb"
#define EVENT_WAIT_S 3600 /* s: the longest single wait of the event thread */
#define LISTEN_MAX   4096
#define STALLS_MAX   8 /* listener errors in a row before it gives up */
#define MAX_OPEN     8

struct usb {
    libusb_context *ctx;
    pthread_t thread;
    bool thread_started;
    atomic_int stop;
    atomic_uint generation;
    libusb_hotplug_callback_handle hotplug;
    bool hotplug_registered;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct usb_dev *open[MAX_OPEN];
    usb_wake_fn wake; /* under lock */
    void *wake_ctx;
};

enum listen_state { LISTEN_OFF = 0, LISTEN_RUNNING, LISTEN_STOPPING };

struct usb_dev {
    struct usb *usb;
    libusb_device_handle *handle;
    libusb_device *dev;
    struct usb_dev_info info;
    atomic_bool gone;
    /* listener: state changes under usb->lock, cond signals LISTEN_OFF */
    struct libusb_transfer *xfer;
    unsigned char *xbuf;
    size_t xsize;
    enum listen_state listen;
    int errors;
    usb_listen_fn cb;
    void *cb_ctx;
};

static enum kiosk_err map_err(int rc, const char *what)
{
    switch (rc) {
    case LIBUSB_SUCCESS:
        return KIOSK_OK;
    case LIBUSB_ERROR_TIMEOUT:
        kiosk_err_set_detail("%s: the device did not answer in time", what);
        return KIOSK_ERR_TIMEOUT;
    case LIBUSB_ERROR_NO_DEVICE:
        kiosk_err_set_detail("%s: the device was unplugged", what);
        return KIOSK_ERR_NO_DEVICE;
    case LIBUSB_ERROR_NOT_FOUND:
        kiosk_err_set_detail("%s: no such device or interface", what);
        return KIOSK_ERR_NO_DEVICE;
    case LIBUSB_ERROR_ACCESS:
        kiosk_err_set_detail("%s: no permission on the USB device; install the carekiosk udev "
                             "rules and run as group carekiosk",
                             what);
        return KIOSK_ERR_DENIED;
    case LIBUSB_ERROR_BUSY:
        kiosk_err_set_detail("%s: another program holds the device", what);
        return KIOSK_ERR_BUSY;
    case LIBUSB_ERROR_NO_MEM:
        return KIOSK_ERR_NOMEM;
    case LIBUSB_ERROR_NOT_SUPPORTED:
        kiosk_err_set_detail("%s: not supported here", what);
        return KIOSK_ERR_UNSUPPORTED;
    default:
        kiosk_err_set_detail("%s: USB error %d", what, rc);
        return KIOSK_ERR_IO;
    }
}

static void mark_gone(struct usb_dev *d)
{
    if (!atomic_exchange(&d->gone, true))
        log_warn(MOD, "device %x:%x left", d->info.vid, d->info.pid);
}

static int on_hotplug(libusb_context *ctx, libusb_device *dev, libusb_hotplug_event ev, void *user)
{
    (void)ctx;
    struct usb *u = user;
    atomic_fetch_add(&u->generation, 1);
    pthread_mutex_lock(&u->lock);
    if (ev == LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT) {
        for (int i = 0; i < MAX_OPEN; i++)
            if (u->open[i] && u->open[i]->dev == dev)
                mark_gone(u->open[i]);
    }
    if (u->wake)
        u->wake(u->wake_ctx);
    pthread_mutex_unlock(&u->lock);
    return 0; /* stay registered */
}

static void *event_thread(void *arg)
{
    struct usb *u = arg;
    /* It sleeps in libusb until a transfer, a hotplug event or usb_free
     * (libusb_interrupt_event_handler) wakes it: no tick of its own. libusb
     * keeps the transfers' timeouts (a timerfd on Linux). */
    while (!atomic_load(&u->stop)) {
        struct timeval tv = {EVENT_WAIT_S, 0};
        int stop = 0;
        libusb_handle_events_timeout_completed(u->ctx, &tv, &stop);
    }
    return NULL;
}

enum kiosk_err usb_new(struct usb **out)
{
    *out = NULL;
    struct usb *u = kmem_alloc(sizeof(*u));
    if (!u)
        return KIOSK_ERR_NOMEM;
    memset(u, 0, sizeof(*u));
    atomic_init(&u->stop, 0);
    atomic_init(&u->generation, 0);
    int rc = libusb_init(&u->ctx);
    if (rc != LIBUSB_SUCCESS) {
        kiosk_err_set_detail("USB cannot start (error %d): no usbfs on this system?", rc);
        kmem_free(u);
        return KIOSK_ERR_UNSUPPORTED;
    }
    pthread_mutex_init(&u->lock, NULL);
    pthread_cond_init(&u->cond, NULL);
    if (libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)) {
        rc = libusb_hotplug_register_callback(
            u->ctx, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT, 0,
            LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
            on_hotplug, u, &u->hotplug);
        u->hotplug_registered = rc == LIBUSB_SUCCESS;
    }
    if (!u->hotplug_registered)
        log_warn(MOD, "no hotplug: devices are looked for again every few seconds");
    if (pthread_create(&u->thread, NULL, event_thread, u) != 0) {
        usb_free(u);
        return KIOSK_ERR_NOMEM;
    }
    u->thread_started = true;
    *out = u;
    return KIOSK_OK;
}

void usb_free(struct usb *u)
{
    if (!u)
        return;
    if (u->thread_started) {
        atomic_store(&u->stop, 1);
        libusb_interrupt_event_handler(u->ctx);
        pthread_join(u->thread, NULL);
    }
    if (u->hotplug_registered)
        libusb_hotplug_deregister_callback(u->ctx, u->hotplug);
    libusb_exit(u->ctx);
    pthread_cond_destroy(&u->cond);
    pthread_mutex_destroy(&u->lock);
    kmem_free(u);
}

void usb_set_wake(struct usb *u, usb_wake_fn fn, void *ctx)
{
    pthread_mutex_lock(&u->lock);
    u->wake = fn;
    u->wake_ctx = ctx;
    pthread_mutex_unlock(&u->lock);
}

bool usb_has_hotplug(const struct usb *u)
{
    return u->hotplug_registered;
}

unsigned usb_generation(const struct usb *u)
{
    return atomic_load(&((struct usb *)u)->generation);
}

/* The interface to claim on dev for row m, or -1. */
static int find_interface(const struct usb_match *m, const struct libusb_config_descriptor *cfg)
{
    for (int i = 0; i < cfg->bNumInterfaces; i++) {
        const struct libusb_interface *itf = &cfg->interface[i];
        if (itf->num_altsetting < 1)
            continue;
        if (m->iface_class == 0 || itf->altsetting[0].bInterfaceClass == m->iface_class)
            return itf->altsetting[0].bInterfaceNumber;
    }
    return -1;
}

static bool row_matches(const struct usb_match *m, const struct libusb_device_descriptor *dd,
                        bool class_pass)
{
    if (class_pass)
        return m->vid == 0;
    return m->vid != 0 && m->vid == dd->idVendor && (m->pid == 0 || m->pid == dd->idProduct);
}

static void read_endpoints(struct usb_dev_info *info, const struct libusb_interface_descriptor *alt)
{
    info->iface_class = alt->bInterfaceClass;
    info->iface_subclass = alt->bInterfaceSubClass;
    info->iface_protocol = alt->bInterfaceProtocol;
    for (int e = 0; e < alt->bNumEndpoints; e++) {
        const struct libusb_endpoint_descriptor *ep = &alt->endpoint[e];
        int type = ep->bmAttributes & LIBUSB_TRANSFER_TYPE_MASK;
        if (type != LIBUSB_TRANSFER_TYPE_BULK && type != LIBUSB_TRANSFER_TYPE_INTERRUPT)
            continue;
        bool intr = type == LIBUSB_TRANSFER_TYPE_INTERRUPT;
        if ((ep->bEndpointAddress & LIBUSB_ENDPOINT_DIR_MASK) == LIBUSB_ENDPOINT_IN) {
            if (!info->ep_in) {
                info->ep_in = ep->bEndpointAddress;
                info->in_interrupt = intr;
                info->in_packet = ep->wMaxPacketSize;
            }
        } else if (!info->ep_out) {
            info->ep_out = ep->bEndpointAddress;
            info->out_interrupt = intr;
        }
    }
}

static void track_open(struct usb *u, struct usb_dev *d, bool add)
{
    pthread_mutex_lock(&u->lock);
    for (int i = 0; i < MAX_OPEN; i++) {
        if (add && !u->open[i]) {
            u->open[i] = d;
            break;
        }
        if (!add && u->open[i] == d) {
            u->open[i] = NULL;
            break;
        }
    }
    pthread_mutex_unlock(&u->lock);
}

/* Open dev, detach, claim iface; fills d. */
static enum kiosk_err claim(struct usb_dev *d, libusb_device *dev, int iface,
                            const struct libusb_config_descriptor *cfg)
{
    int rc = libusb_open(dev, &d->handle);
    if (rc != LIBUSB_SUCCESS)
        return map_err(rc, "open");
    d->dev = dev;
    d->info.iface = (uint8_t)iface;
    d->info.bus = libusb_get_bus_number(dev);
    d->info.address = libusb_get_device_address(dev);
    for (int i = 0; i < cfg->bNumInterfaces; i++) {
        const struct libusb_interface *itf = &cfg->interface[i];
        if (itf->num_altsetting >= 1 && itf->altsetting[0].bInterfaceNumber == iface)
            read_endpoints(&d->info, &itf->altsetting[0]);
    }
    /* Check ourselves rather than auto-detach: it says what happened, and
     * works where the DISCONNECT_CLAIM ioctl does not. */
    rc = libusb_kernel_driver_active(d->handle, iface);
    if (rc == 1) {
        rc = libusb_detach_kernel_driver(d->handle, iface);
        if (rc != LIBUSB_SUCCESS) {
            enum kiosk_err err = map_err(rc, "detach kernel driver");
            libusb_close(d->handle);
            d->handle = NULL;
            return err;
        }
        d->info.detached_kernel = true;
        log_info(MOD, "took interface %d of %x:%x from its kernel driver", iface, d->info.vid,
                 d->info.pid);
    }
    rc = libusb_claim_interface(d->handle, iface);
    if (rc != LIBUSB_SUCCESS) {
        enum kiosk_err err = map_err(rc, "claim interface");
        if (d->info.detached_kernel)
            libusb_attach_kernel_driver(d->handle, iface);
        libusb_close(d->handle);
        d->handle = NULL;
        return err;
    }
    return KIOSK_OK;
}

static void read_product(struct usb_dev *d, const struct libusb_device_descriptor *dd)
{
    d->info.product[0] = '\0';
    if (!dd->iProduct)
        return;
    unsigned char s[sizeof(d->info.product)];
    int n = libusb_get_string_descriptor_ascii(d->handle, dd->iProduct, s, sizeof(s));
    if (n > 0) {
        s[n < (int)sizeof(s) ? n : (int)sizeof(s) - 1] = '\0';
        kstr_copy(d->info.product, sizeof(d->info.product), (const char *)s);
    }
}

enum kiosk_err usb_open(struct usb *u, const struct usb_match *match, size_t n,
                        struct usb_dev **out)
{
    *out = NULL;
    libusb_device **list = NULL;
    ssize_t count = libusb_get_device_list(u->ctx, &list);
    if (count < 0)
        return map_err((int)count, "list devices");
    struct usb_dev *d = kmem_alloc(sizeof(*d));
    if (!d) {
        libusb_free_device_list(list, 1);
        return KIOSK_ERR_NOMEM;
    }
    memset(d, 0, sizeof(*d));
    d->usb = u;
    atomic_init(&d->gone, false);
    enum kiosk_err err = KIOSK_ERR_NO_DEVICE;
    kiosk_err_set_detail("no matching USB device is plugged in");
    /* Pass 0: VID:PID rows in table order; pass 1: class rows. */
    for (int pass = 0; pass < 2 && !d->handle; pass++) {
        for (size_t r = 0; r < n && !d->handle; r++) {
            for (ssize_t i = 0; i < count && !d->handle; i++) {
                struct libusb_device_descriptor dd;
                struct libusb_config_descriptor *cfg = NULL;
                if (libusb_get_device_descriptor(list[i], &dd) != LIBUSB_SUCCESS)
                    continue;
                if (!row_matches(&match[r], &dd, pass == 1))
                    continue;
                if (libusb_get_config_descriptor(list[i], 0, &cfg) != LIBUSB_SUCCESS)
                    continue;
                int iface = find_interface(&match[r], cfg);
                if (iface >= 0) {
                    memset(&d->info, 0, sizeof(d->info));
                    d->info.vid = dd.idVendor;
                    d->info.pid = dd.idProduct;
                    d->info.tag = match[r].tag;
                    err = claim(d, list[i], iface, cfg);
                    if (err == KIOSK_OK) {
                        libusb_ref_device(list[i]);
                        read_product(d, &dd);
                    }
                }
                libusb_free_config_descriptor(cfg);
            }
        }
    }
    libusb_free_device_list(list, 1);
    if (!d->handle) {
        kmem_free(d);
        return err;
    }
    track_open(u, d, true);
    log_info(MOD, "opened %x:%x interface %d (class %d) in 0x%x out 0x%x", d->info.vid, d->info.pid,
             d->info.iface, d->info.iface_class, d->info.ep_in, d->info.ep_out);
    *out = d;
    return KIOSK_OK;
}

static void stop_listener(struct usb_dev *d)
{
    struct usb *u = d->usb;
    pthread_mutex_lock(&u->lock);
    if (d->listen == LISTEN_RUNNING) {
        d->listen = LISTEN_STOPPING;
        libusb_cancel_transfer(d->xfer);
    }
    while (d->listen != LISTEN_OFF)
        pthread_cond_wait(&u->cond, &u->lock);
    pthread_mutex_unlock(&u->lock);
    if (d->xfer) {
        libusb_free_transfer(d->xfer);
        d->xfer = NULL;
    }
    if (d->xbuf) {
        kmem_wipe(d->xbuf, d->xsize);
        kmem_free(d->xbuf);
        d->xbuf = NULL;
    }
}

void usb_close(struct usb_dev *d)
{
    if (!d)
        return;
    stop_listener(d);
    track_open(d->usb, d, false);
    if (!atomic_load(&d->gone)) {
        libusb_release_interface(d->handle, d->info.iface);
        if (d->info.detached_kernel)
            libusb_attach_kernel_driver(d->handle, d->info.iface);
    }
    libusb_close(d->handle);
    libusb_unref_device(d->dev);
    kmem_free(d);
}

const struct usb_dev_info *usb_info(const struct usb_dev *d)
{
    return &d->info;
}

bool usb_gone(const struct usb_dev *d)
{
    return atomic_load(&((struct usb_dev *)d)->gone);
}

static enum kiosk_err after(struct usb_dev *d, int rc, const char *what)
{
    if (rc == LIBUSB_ERROR_NO_DEVICE)
        mark_gone(d);
    return map_err(rc, what);
}

enum kiosk_err usb_write(struct usb_dev *d, const unsigned char *buf, size_t len, int timeout_ms,
                         size_t *sent)
{
    int done = 0, rc;
    if (sent)
        *sent = 0;
    if (usb_gone(d))
        return map_err(LIBUSB_ERROR_NO_DEVICE, "write");
    if (!d->info.ep_out) {
        kiosk_err_set_detail("write: the device has no OUT endpoint");
        return KIOSK_ERR_UNSUPPORTED;
    }
    if (len > (size_t)INT32_MAX)
        return KIOSK_ERR_TOO_BIG;
    if (d->info.out_interrupt)
        rc = libusb_interrupt_transfer(d->handle, d->info.ep_out, (unsigned char *)buf, (int)len,
                                       &done, (unsigned)timeout_ms);
    else
        rc = libusb_bulk_transfer(d->handle, d->info.ep_out, (unsigned char *)buf, (int)len, &done,
                                  (unsigned)timeout_ms);
    if (sent)
        *sent = (size_t)done;
    if (rc == LIBUSB_SUCCESS && (size_t)done != len) {
        kiosk_err_set_detail("write: the device took %d of %zu bytes", done, len);
        return KIOSK_ERR_IO;
    }
    return after(d, rc, "write");
}

enum kiosk_err usb_read(struct usb_dev *d, unsigned char *buf, size_t cap, size_t *got,
                        int timeout_ms)
{
    int done = 0, rc;
    *got = 0;
    if (usb_gone(d))
        return map_err(LIBUSB_ERROR_NO_DEVICE, "read");
    if (!d->info.ep_in) {
        kiosk_err_set_detail("read: the device has no IN endpoint");
        return KIOSK_ERR_UNSUPPORTED;
    }
    if (d->listen != LISTEN_OFF)
        return KIOSK_ERR_BUSY;
    if (cap > (size_t)INT32_MAX)
        cap = (size_t)INT32_MAX;
    if (d->info.in_interrupt)
        rc = libusb_interrupt_transfer(d->handle, d->info.ep_in, buf, (int)cap, &done,
                                       (unsigned)timeout_ms);
    else
        rc = libusb_bulk_transfer(d->handle, d->info.ep_in, buf, (int)cap, &done,
                                  (unsigned)timeout_ms);
    *got = (size_t)done;
    return after(d, rc, "read");
}

enum kiosk_err usb_control_in(struct usb_dev *d, uint8_t request_type, uint8_t request,
                              uint16_t value, uint16_t index, unsigned char *buf, size_t cap,
                              size_t *got, int timeout_ms)
{
    *got = 0;
    if (usb_gone(d))
        return map_err(LIBUSB_ERROR_NO_DEVICE, "control");
    if (cap > 0xffff)
        cap = 0xffff;
    int rc = libusb_control_transfer(d->handle, request_type | LIBUSB_ENDPOINT_IN, request, value,
                                     index, buf, (uint16_t)cap, (unsigned)timeout_ms);
    if (rc >= 0) {
        *got = (size_t)rc;
        return KIOSK_OK;
    }
    return after(d, rc, "control");
}

static void LIBUSB_CALL on_listen(struct libusb_transfer *t)
{
    struct usb_dev *d = t->user_data;
    struct usb *u = d->usb;
    bool resubmit = false;
    if (t->status == LIBUSB_TRANSFER_COMPLETED) {
        if (t->actual_length > 0)
            d->cb(d->cb_ctx, t->buffer, (size_t)t->actual_length);
        kmem_wipe(t->buffer, (size_t)t->length);
        d->errors = 0;
        resubmit = true;
    } else if (t->status == LIBUSB_TRANSFER_NO_DEVICE) {
        mark_gone(d);
    } else if (t->status == LIBUSB_TRANSFER_STALL || t->status == LIBUSB_TRANSFER_ERROR ||
               t->status == LIBUSB_TRANSFER_OVERFLOW || t->status == LIBUSB_TRANSFER_TIMED_OUT) {
        kmem_wipe(t->buffer, (size_t)t->length);
        if (t->status == LIBUSB_TRANSFER_STALL)
            libusb_clear_halt(t->dev_handle, t->endpoint);
        resubmit = ++d->errors < STALLS_MAX;
        if (!resubmit)
            log_warn(MOD, "listener on %x:%x stopped after %d errors", d->info.vid, d->info.pid,
                     d->errors);
    }
    pthread_mutex_lock(&u->lock);
    if (resubmit && d->listen == LISTEN_RUNNING) {
        int rc = libusb_submit_transfer(t);
        if (rc == LIBUSB_ERROR_NO_DEVICE)
            mark_gone(d);
        if (rc == LIBUSB_SUCCESS) {
            pthread_mutex_unlock(&u->lock);
            return;
        }
    }
    d->listen = LISTEN_OFF;
    pthread_cond_broadcast(&u->cond);
    pthread_mutex_unlock(&u->lock);
}

enum kiosk_err usb_listen(struct usb_dev *d, size_t size, usb_listen_fn cb, void *ctx)
{
    if (!d->info.ep_in)
        return KIOSK_ERR_UNSUPPORTED;
    if (size == 0 || size > LISTEN_MAX)
        return KIOSK_ERR_INVALID;
    if (usb_gone(d))
        return map_err(LIBUSB_ERROR_NO_DEVICE, "listen");
    pthread_mutex_lock(&d->usb->lock);
    bool busy = d->listen != LISTEN_OFF;
    pthread_mutex_unlock(&d->usb->lock);
    if (busy)
        return KIOSK_ERR_BUSY;
    /* A finished listener (device error) leaves its transfer behind. */
    if (d->xfer)
        stop_listener(d);
    d->xfer = libusb_alloc_transfer(0);
    d->xbuf = kmem_alloc(size);
    if (!d->xfer || !d->xbuf) {
        stop_listener(d);
        return KIOSK_ERR_NOMEM;
    }
    d->xsize = size;
    d->cb = cb;
    d->cb_ctx = ctx;
    d->errors = 0;
    if (d->info.in_interrupt)
        libusb_fill_interrupt_transfer(d->xfer, d->handle, d->info.ep_in, d->xbuf, (int)size,
                                       on_listen, d, 0);
    else
        libusb_fill_bulk_transfer(d->xfer, d->handle, d->info.ep_in, d->xbuf, (int)size, on_listen,
                                  d, 0);
    pthread_mutex_lock(&d->usb->lock);
    int rc = libusb_submit_transfer(d->xfer);
    if (rc == LIBUSB_SUCCESS)
        d->listen = LISTEN_RUNNING;
    pthread_mutex_unlock(&d->usb->lock);
    if (rc != LIBUSB_SUCCESS) {
        stop_listener(d);
        return after(d, rc, "listen");
    }
    return KIOSK_OK;
}
