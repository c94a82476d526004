/* Fake usbfs behind umockdev device nodes; see fakeusb.h. */
#include "tests/usb/fakeusb.h"

#include <errno.h>
#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <umockdev.h>

#define MAX_DEVS    16
#define MAX_URBS    32
#define IN_CAP      8192
#define RX_BUFFER   4096 /* what a printer takes while it cannot print */
#define MAX_REPORTS 256

struct urb {
    UMockdevIoctlData *urb;    /* the client's struct usbdevfs_urb */
    UMockdevIoctlData *buffer; /* its data buffer (NULL when empty) */
    bool discarded;
};

struct report {
    unsigned char bytes[512];
    size_t len;
};

/* Where the OUT stream parser stands inside a command. */
enum pstate { P_TEXT, P_ESC, P_GS, P_DLE, P_SKIP, P_DLE_EOT, P_GS_A, P_GS_V, P_GS_V0, P_LEN2 };

struct fakedev {
    struct fakeusb *f;
    struct fake_spec spec;
    char syspath[256], devnode[64];
    int address;
    UMockdevIoctlBase *handler;
    GMutex lock;
    bool gone, claimed, kernel;
    struct urb urbs[MAX_URBS];
    int nurbs;
    /* printer */
    bool near_end, paper_out, cover_open, asb, stalled;
    unsigned char *out;
    size_t out_len, out_cap, rx_held; /* bytes taken but not printed (paper out) */
    unsigned char in[IN_CAP];
    size_t in_len;
    enum pstate ps;
    size_t skip;
    unsigned char hdr[5];
    int hdr_len;
    int status_queries, unknown;
    /* HID */
    struct report reports[MAX_REPORTS];
    int nreports;
};

struct fakeusb {
    UMockdevTestbed *tb;
    struct fakedev *devs[MAX_DEVS];
    int ndevs;
    int next_address;
};

/* ---- printer model -------------------------------------------------------- */

static void in_put(struct fakedev *d, const unsigned char *b, size_t n)
{
    if (d->in_len + n <= IN_CAP) {
        memcpy(d->in + d->in_len, b, n);
        d->in_len += n;
    }
}

static bool offline(const struct fakedev *d)
{
    return d->paper_out || d->cover_open;
}

/* Automatic status back: 4 bytes (Epson layout). */
static void asb_report(struct fakedev *d)
{
    unsigned char r[4] = {
        (unsigned char)(0x10 | (offline(d) ? 0x08 : 0) | (d->cover_open ? 0x20 : 0)),
        0x00,
        (unsigned char)((d->near_end ? 0x03 : 0) | (d->paper_out ? 0x0C : 0)),
        0x00,
    };
    in_put(d, r, sizeof(r));
}

static void status_reply(struct fakedev *d, unsigned char n)
{
    unsigned char b = 0x12;
    switch (n) {
    case 1:
        b |= offline(d) ? 0x08 : 0;
        break;
    case 2:
        b |= (d->cover_open ? 0x04 : 0) | (d->paper_out ? 0x20 : 0);
        break;
    case 4:
        b |= (d->near_end ? 0x0C : 0) | (d->paper_out ? 0x60 : 0);
        break;
    default:
        break;
    }
    d->status_queries++;
    in_put(d, &b, 1);
}

/* Follow the command structure just enough to find real-time commands and
 * not mistake raster data for them. */
static void parse_out(struct fakedev *d, unsigned char c)
{
    switch (d->ps) {
    case P_TEXT:
        d->ps = c == 0x1B ? P_ESC : c == 0x1D ? P_GS : c == 0x10 ? P_DLE : P_TEXT;
        break;
    case P_ESC:
        /* ESC @ and ESC 2 take nothing; ESC GS t n (Star) two; the rest one */
        if (c == '@' || c == '2')
            d->ps = P_TEXT;
        else if (c == 0x1D) {
            d->ps = P_SKIP;
            d->skip = 2;
        } else {
            d->ps = P_SKIP;
            d->skip = 1;
        }
        break;
    case P_GS:
        if (c == 'v') {
            d->ps = P_GS_V0;
            d->hdr_len = 0;
        } else if (c == 'a') {
            d->ps = P_GS_A;
        } else if (c == 'V') {
            d->ps = P_GS_V;
        } else if (c == '(') {
            d->ps = P_LEN2;
            d->hdr_len = 0;
        } else {
            d->ps = P_SKIP;
            d->skip = 1;
        }
        break;
    case P_GS_V0: /* '0' m xL xH yL yH, then xL+256xH * yL+256yH bytes */
        d->hdr[d->hdr_len < 5 ? d->hdr_len : 4] = c;
        if (++d->hdr_len == 6) {
            size_t w = (size_t)d->hdr[2] | (size_t)d->hdr[3] << 8;
            size_t h = (size_t)d->hdr[4] | (size_t)c << 8;
            d->skip = w * h;
            d->ps = d->skip ? P_SKIP : P_TEXT;
        }
        break;
    case P_LEN2: /* pL pH then that many bytes */
        d->hdr[d->hdr_len++] = c;
        if (d->hdr_len == 2) {
            d->skip = (size_t)d->hdr[0] | (size_t)d->hdr[1] << 8;
            d->ps = d->skip ? P_SKIP : P_TEXT;
        }
        break;
    case P_GS_V: /* GS V m, or GS V 65/66 n */
        if (c == 65 || c == 66) {
            d->ps = P_SKIP;
            d->skip = 1;
        } else {
            d->ps = P_TEXT;
        }
        break;
    case P_GS_A:
        d->asb = c != 0;
        if (d->asb)
            asb_report(d);
        d->ps = P_TEXT;
        break;
    case P_DLE:
        if (c == 0x04) {
            d->ps = P_DLE_EOT;
        } else {
            d->ps = P_SKIP;
            d->skip = 1;
        }
        break;
    case P_DLE_EOT:
        status_reply(d, c);
        d->ps = P_TEXT;
        break;
    case P_SKIP:
        if (--d->skip == 0)
            d->ps = P_TEXT;
        break;
    }
}

/* Take up to n bytes of an OUT transfer; returns how many. */
static size_t printer_take(struct fakedev *d, const unsigned char *b, size_t n)
{
    size_t take = n;
    if (offline(d)) {
        /* Real-time commands still go through a stopped printer (they are
         * tiny); bulk data fills its receive buffer and then waits. */
        size_t room = RX_BUFFER > d->rx_held ? RX_BUFFER - d->rx_held : 0;
        if (n > 8 && take > room)
            take = room;
        d->rx_held += take;
    }
    if (d->out_len + take > d->out_cap) {
        size_t cap = d->out_cap ? d->out_cap : 65536;
        while (cap < d->out_len + take)
            cap *= 2;
        d->out = realloc(d->out, cap);
        d->out_cap = cap;
    }
    memcpy(d->out + d->out_len, b, take);
    d->out_len += take;
    for (size_t i = 0; i < take; i++)
        parse_out(d, b[i]);
    return take;
}

/* ---- control requests ----------------------------------------------------- */

/* Fill data (after the setup packet) and return its length, or -EPIPE. */
static int control(struct fakedev *d, const unsigned char *setup, unsigned char *data, int cap)
{
    int type = setup[0], req = setup[1];
    int value = setup[2] | setup[3] << 8;
    int n = 0;
    unsigned char tmp[600];
    if (type == 0x80 && req == 6 && (value >> 8) == 3) { /* string descriptor */
        int idx = value & 0xff;
        if (idx == 0) {
            tmp[0] = 4, tmp[1] = 3, tmp[2] = 0x09, tmp[3] = 0x04;
            n = 4;
        } else {
            const char *s = idx == 1 ? d->spec.manufacturer : idx == 2 ? d->spec.product : NULL;
            if (!s)
                return -EPIPE;
            size_t len = strlen(s);
            if (len > 100)
                len = 100;
            tmp[0] = (unsigned char)(2 + 2 * len), tmp[1] = 3;
            for (size_t i = 0; i < len; i++)
                tmp[2 + 2 * i] = (unsigned char)s[i], tmp[3 + 2 * i] = 0;
            n = (int)(2 + 2 * len);
        }
    } else if (type == 0xA1 && req == 0 && d->spec.kind == FAKE_PRINTER && d->spec.device_id) {
        size_t len = strlen(d->spec.device_id);
        if (len > 500)
            len = 500;
        tmp[0] = (unsigned char)((len + 2) >> 8), tmp[1] = (unsigned char)(len + 2);
        memcpy(tmp + 2, d->spec.device_id, len);
        n = (int)len + 2;
    } else if (type == 0xA1 && req == 1 && d->spec.kind == FAKE_PRINTER) {
        tmp[0] = (unsigned char)(0x10 | (offline(d) ? 0 : 0x08) | (d->paper_out ? 0x20 : 0));
        n = 1;
    } else {
        return -EPIPE;
    }
    if (n > cap)
        n = cap;
    memcpy(data, tmp, (size_t)n);
    return n;
}

/* ---- URBs ----------------------------------------------------------------- */

static struct usbdevfs_urb *urb_of(struct urb *u)
{
    return (struct usbdevfs_urb *)u->urb->data;
}

/* Try to finish u; true when it is done (status and length set). */
static bool urb_progress(struct fakedev *d, struct urb *u)
{
    struct usbdevfs_urb *k = urb_of(u);
    unsigned char *buf = u->buffer ? u->buffer->data : NULL;
    if (u->discarded) {
        k->status = -ENOENT;
        return true;
    }
    if (k->type == USBDEVFS_URB_TYPE_CONTROL) {
        if (!buf || k->buffer_length < 8) {
            k->status = -EINVAL;
            return true;
        }
        int n = 0;
        if (buf[0] & 0x80)
            n = control(d, buf, buf + 8, k->buffer_length - 8);
        if (n < 0) {
            k->status = n;
            k->actual_length = 0;
        } else {
            k->status = 0;
            k->actual_length = n;
        }
        return true;
    }
    if (!(k->endpoint & 0x80)) { /* OUT */
        size_t done = (size_t)k->actual_length;
        size_t want = (size_t)k->buffer_length;
        if (d->stalled)
            return false;
        if (d->spec.kind == FAKE_PRINTER && done < want)
            done += printer_take(d, buf + done, want - done);
        else
            done = want;
        k->actual_length = (int)done;
        if (done < want)
            return false;
        k->status = 0;
        return true;
    }
    /* IN */
    if (d->spec.kind == FAKE_PRINTER) {
        if (d->in_len == 0)
            return false;
        size_t n = d->in_len < (size_t)k->buffer_length ? d->in_len : (size_t)k->buffer_length;
        memcpy(buf, d->in, n);
        memmove(d->in, d->in + n, d->in_len - n);
        d->in_len -= n;
        k->actual_length = (int)n;
        k->status = 0;
        return true;
    }
    if (d->nreports == 0)
        return false;
    struct report *r = &d->reports[0];
    size_t n = r->len < (size_t)k->buffer_length ? r->len : (size_t)k->buffer_length;
    memcpy(buf, r->bytes, n);
    k->actual_length = (int)n;
    k->status = r->len > (size_t)k->buffer_length ? -EOVERFLOW : 0;
    memset(r, 0, sizeof(*r));
    memmove(&d->reports[0], &d->reports[1], sizeof(d->reports[0]) * (size_t)(d->nreports - 1));
    d->nreports--;
    return true;
}

static void urb_drop(struct fakedev *d, int i)
{
    g_object_unref(d->urbs[i].urb);
    if (d->urbs[i].buffer)
        g_object_unref(d->urbs[i].buffer);
    memmove(&d->urbs[i], &d->urbs[i + 1], sizeof(d->urbs[0]) * (size_t)(d->nurbs - i - 1));
    d->nurbs--;
}

static gboolean on_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *client, gpointer user)
{
    (void)base;
    struct fakedev *d = user;
    unsigned req = (unsigned)umockdev_ioctl_client_get_request(client);
#define IS(code) (req == (unsigned)(code))
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
    long ret = 0;
    int err = 0;
    g_mutex_lock(&d->lock);
    if (d->gone) {
        /* As usbfs after a disconnect: URBs in flight come back once with
         * -ESHUTDOWN, then everything fails with ENODEV. */
        ret = -1, err = ENODEV;
        if ((IS(USBDEVFS_REAPURBNDELAY) || IS(USBDEVFS_REAPURB)) && d->nurbs > 0) {
            urb_of(&d->urbs[0])->status = -ESHUTDOWN;
            UMockdevIoctlData *p = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), NULL);
            umockdev_ioctl_data_set_ptr(p, 0, d->urbs[0].urb);
            g_object_unref(p);
            urb_drop(d, 0);
            ret = 0, err = 0;
        }
        goto out;
    }
    if (IS(USBDEVFS_GET_CAPABILITIES)) {
        UMockdevIoctlData *c = umockdev_ioctl_data_resolve(arg, 0, sizeof(uint32_t), NULL);
        uint32_t caps = USBDEVFS_CAP_NO_PACKET_SIZE_LIM;
        memcpy(c->data, &caps, sizeof(caps));
        g_object_unref(c);
    } else if (IS(USBDEVFS_GETDRIVER)) {
        UMockdevIoctlData *g =
            umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_getdriver), NULL);
        struct usbdevfs_getdriver *gd = (void *)g->data;
        if (d->kernel && d->spec.kernel_driver) {
            snprintf(gd->driver, sizeof(gd->driver), "%s", d->spec.kernel_driver);
        } else if (d->claimed) {
            snprintf(gd->driver, sizeof(gd->driver), "usbfs");
        } else {
            ret = -1, err = ENODATA;
        }
        g_object_unref(g);
    } else if (IS(USBDEVFS_IOCTL)) {
        UMockdevIoctlData *g =
            umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_ioctl), NULL);
        struct usbdevfs_ioctl *io = (void *)g->data;
        if ((unsigned)io->ioctl_code == (unsigned)USBDEVFS_DISCONNECT) {
            if (d->kernel)
                d->kernel = false;
            else
                ret = -1, err = ENODATA;
        } else if ((unsigned)io->ioctl_code == (unsigned)USBDEVFS_CONNECT) {
            if (d->claimed)
                ret = -1, err = EBUSY;
            else
                d->kernel = d->spec.kernel_driver != NULL;
        } else {
            ret = -1, err = ENOTTY;
        }
        g_object_unref(g);
    } else if (IS(USBDEVFS_CLAIMINTERFACE)) {
        if (d->kernel)
            ret = -1, err = EBUSY;
        else
            d->claimed = true;
    } else if (IS(USBDEVFS_RELEASEINTERFACE)) {
        d->claimed = false;
    } else if (IS(USBDEVFS_SETINTERFACE) || IS(USBDEVFS_SETCONFIGURATION) ||
               IS(USBDEVFS_CLEAR_HALT) || IS(USBDEVFS_RESET)) {
        ret = 0;
    } else if (IS(USBDEVFS_SUBMITURB)) {
        if (d->nurbs == MAX_URBS) {
            ret = -1, err = ENOMEM;
            goto out;
        }
        UMockdevIoctlData *u =
            umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
        struct usbdevfs_urb *k = (void *)u->data;
        UMockdevIoctlData *b = NULL;
        if (k->buffer_length > 0)
            b = umockdev_ioctl_data_resolve(u, offsetof(struct usbdevfs_urb, buffer),
                                            (gsize)k->buffer_length, NULL);
        k->actual_length = 0;
        k->status = -EINPROGRESS;
        d->urbs[d->nurbs++] = (struct urb){u, b, false};
    } else if (IS(USBDEVFS_DISCARDURB)) {
        gulong addr = *(gulong *)arg->data;
        ret = -1, err = EINVAL;
        for (int i = 0; i < d->nurbs; i++)
            if (d->urbs[i].urb->client_addr == addr && !d->urbs[i].discarded) {
                d->urbs[i].discarded = true;
                ret = 0, err = 0;
            }
    } else if (IS(USBDEVFS_REAPURBNDELAY) || IS(USBDEVFS_REAPURB)) {
        ret = -1, err = EAGAIN;
        for (int i = 0; i < d->nurbs; i++) {
            if (!urb_progress(d, &d->urbs[i]))
                continue;
            UMockdevIoctlData *p = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), NULL);
            umockdev_ioctl_data_set_ptr(p, 0, d->urbs[i].urb);
            g_object_unref(p);
            urb_drop(d, i);
            ret = 0, err = 0;
            break;
        }
    } else {
        d->unknown++;
        ret = -1, err = ENOTTY;
    }
out:
    g_mutex_unlock(&d->lock);
    umockdev_ioctl_client_complete(client, ret, err);
    return TRUE;
#undef IS
}

/* ---- devices -------------------------------------------------------------- */

static size_t descriptors(const struct fake_spec *s, unsigned char *b)
{
    size_t n = 0;
    unsigned char dev[18] = {18,
                             1,
                             0x00,
                             0x02,
                             0,
                             0,
                             0,
                             64,
                             (unsigned char)s->vid,
                             (unsigned char)(s->vid >> 8),
                             (unsigned char)s->pid,
                             (unsigned char)(s->pid >> 8),
                             0x00,
                             0x01,
                             1,
                             2,
                             0,
                             1};
    memcpy(b, dev, sizeof(dev));
    n += sizeof(dev);
    int eps = (s->ep_in ? 1 : 0) + (s->ep_out ? 1 : 0);
    int total = 9 + 9 + 7 * eps;
    unsigned char cfg[9] = {9,    2, (unsigned char)total, (unsigned char)(total >> 8), 1, 1, 0,
                            0xC0, 50};
    memcpy(b + n, cfg, 9);
    n += 9;
    unsigned char itf[9] = {
        9, 4, 0, 0, (unsigned char)eps, s->iface_class, s->iface_subclass, s->iface_protocol, 0};
    memcpy(b + n, itf, 9);
    n += 9;
    unsigned char attr = s->interrupt ? 3 : 2, interval = s->interrupt ? 1 : 0;
    uint8_t addrs[2] = {s->ep_out, s->ep_in};
    for (int i = 0; i < 2; i++) {
        if (!addrs[i])
            continue;
        unsigned char ep[7] = {
            7,       5, addrs[i], attr, (unsigned char)s->packet, (unsigned char)(s->packet >> 8),
            interval};
        memcpy(b + n, ep, 7);
        n += 7;
    }
    return n;
}

struct fakeusb *fakeusb_new(void)
{
    const char *preload = getenv("LD_PRELOAD");
    if (!preload || !strstr(preload, "umockdev"))
        return NULL;
    struct fakeusb *f = calloc(1, sizeof(*f));
    f->tb = umockdev_testbed_new();
    if (!umockdev_in_mock_environment()) {
        g_object_unref(f->tb);
        free(f);
        return NULL;
    }
    f->next_address = 2;
    return f;
}

void fakeusb_free(struct fakeusb *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->ndevs; i++) {
        struct fakedev *d = f->devs[i];
        umockdev_testbed_detach_ioctl(f->tb, d->devnode, NULL);
        g_object_unref(d->handler);
        g_mutex_lock(&d->lock);
        while (d->nurbs)
            urb_drop(d, 0);
        g_mutex_unlock(&d->lock);
        g_mutex_clear(&d->lock);
        free(d->out);
        free(d);
    }
    g_object_unref(f->tb);
    free(f);
}

struct fakedev *fakeusb_plug(struct fakeusb *f, const struct fake_spec *spec)
{
    if (f->ndevs == MAX_DEVS)
        return NULL;
    struct fakedev *d = calloc(1, sizeof(*d));
    d->f = f;
    d->spec = *spec;
    d->address = f->next_address++;
    d->kernel = spec->kernel_driver != NULL;
    g_mutex_init(&d->lock);
    unsigned char desc[64];
    size_t dn = descriptors(spec, desc);
    char hex[2 * sizeof(desc) + 1];
    for (size_t i = 0; i < dn; i++)
        snprintf(hex + 2 * i, 3, "%02X", desc[i]);
    snprintf(d->devnode, sizeof(d->devnode), "/dev/bus/usb/001/%03d", d->address);
    char text[2048];
    snprintf(text, sizeof(text),
             "P: /devices/pci0000:00/0000:00:14.0/usb1/1-%d\n"
             "N: bus/usb/001/%03d\n"
             "E: DEVNAME=%s\n"
             "E: DEVTYPE=usb_device\n"
             "E: DRIVER=usb\n"
             "E: PRODUCT=%x/%x/100\n"
             "E: TYPE=0/0/0\n"
             "E: BUSNUM=001\n"
             "E: DEVNUM=%03d\n"
             "E: MAJOR=189\n"
             "E: MINOR=%d\n"
             "E: SUBSYSTEM=usb\n"
             "E: ID_VENDOR_ID=%04x\n"
             "E: ID_MODEL_ID=%04x\n"
             "A: busnum=1\\n\n"
             "A: devnum=%d\\n\n"
             "A: speed=12\\n\n"
             "A: idVendor=%04x\\n\n"
             "A: idProduct=%04x\\n\n"
             "A: bConfigurationValue=1\\n\n"
             "A: bNumConfigurations=1\\n\n"
             "A: bNumInterfaces= 1\\n\n"
             "A: manufacturer=%s\\n\n"
             "A: product=%s\\n\n"
             "H: descriptors=%s\n",
             d->address, d->address, d->devnode, spec->vid, spec->pid, d->address, d->address - 1,
             spec->vid, spec->pid, d->address, spec->vid, spec->pid,
             spec->manufacturer ? spec->manufacturer : "", spec->product ? spec->product : "", hex);
    snprintf(d->syspath, sizeof(d->syspath), "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-%d",
             d->address);
    d->handler = umockdev_ioctl_base_new();
    g_signal_connect(d->handler, "handle-ioctl", G_CALLBACK(on_ioctl), d);
    GError *error = NULL;
    if (!umockdev_testbed_add_from_string(f->tb, text, &error) ||
        !umockdev_testbed_attach_ioctl(f->tb, d->devnode, d->handler, &error)) {
        fprintf(stderr, "fakeusb: %s\n", error ? error->message : "cannot add device");
        g_clear_error(&error);
        g_object_unref(d->handler);
        free(d);
        return NULL;
    }
    f->devs[f->ndevs++] = d;
    return d;
}

void fakeusb_unplug(struct fakeusb *f, struct fakedev *d)
{
    g_mutex_lock(&d->lock);
    d->gone = true;
    d->claimed = false;
    g_mutex_unlock(&d->lock);
    /* The sysfs entry stays until fakeusb_free: removing it now would also
     * drop the ioctl handler under a client still talking to it (libusb
     * holds the node open until it has seen the departure). libusb forgets
     * the device on the "remove" event, which is what the kiosk sees. */
    umockdev_testbed_uevent(f->tb, d->syspath, "remove");
}

void fakedev_set_paper(struct fakedev *d, bool near_end, bool out)
{
    g_mutex_lock(&d->lock);
    bool changed = d->near_end != near_end || d->paper_out != out;
    d->near_end = near_end;
    d->paper_out = out;
    if (!offline(d))
        d->rx_held = 0; /* printing resumes: the buffer drains */
    if (changed && d->asb)
        asb_report(d);
    g_mutex_unlock(&d->lock);
}

void fakedev_set_cover_open(struct fakedev *d, bool open)
{
    g_mutex_lock(&d->lock);
    bool changed = d->cover_open != open;
    d->cover_open = open;
    if (!offline(d))
        d->rx_held = 0;
    if (changed && d->asb)
        asb_report(d);
    g_mutex_unlock(&d->lock);
}

void fakedev_set_stalled(struct fakedev *d, bool stalled)
{
    g_mutex_lock(&d->lock);
    d->stalled = stalled;
    g_mutex_unlock(&d->lock);
}

unsigned char *fakedev_out(struct fakedev *d, size_t *len)
{
    g_mutex_lock(&d->lock);
    unsigned char *copy = malloc(d->out_len ? d->out_len : 1);
    memcpy(copy, d->out ? d->out : (unsigned char *)"", d->out_len);
    *len = d->out_len;
    g_mutex_unlock(&d->lock);
    return copy;
}

void fakedev_clear_out(struct fakedev *d)
{
    g_mutex_lock(&d->lock);
    d->out_len = 0;
    g_mutex_unlock(&d->lock);
}

void fakedev_push_in(struct fakedev *d, const unsigned char *bytes, size_t len)
{
    g_mutex_lock(&d->lock);
    if (d->spec.kind == FAKE_PRINTER) {
        in_put(d, bytes, len);
    } else if (d->nreports < MAX_REPORTS && len <= sizeof(d->reports[0].bytes)) {
        memcpy(d->reports[d->nreports].bytes, bytes, len);
        d->reports[d->nreports].len = len;
        d->nreports++;
    }
    g_mutex_unlock(&d->lock);
}

bool fakedev_claimed(struct fakedev *d)
{
    g_mutex_lock(&d->lock);
    bool c = d->claimed;
    g_mutex_unlock(&d->lock);
    return c;
}

bool fakedev_kernel_attached(struct fakedev *d)
{
    g_mutex_lock(&d->lock);
    bool k = d->kernel;
    g_mutex_unlock(&d->lock);
    return k;
}

int fakedev_status_queries(struct fakedev *d)
{
    g_mutex_lock(&d->lock);
    int n = d->status_queries;
    g_mutex_unlock(&d->lock);
    return n;
}

int fakedev_unknown_ioctls(struct fakedev *d)
{
    g_mutex_lock(&d->lock);
    int n = d->unknown;
    g_mutex_unlock(&d->lock);
    return n;
}
