/* "usb": the kiosk's identification devices on USB, as one reader: a
 * magnetic-stripe card reader (MagTek or ID TECH HID) and a barcode/QR
 * scanner (HID POS, or a keyboard-mode scanner taken over from the kernel so
 * its keystrokes never reach the screen). Each is looked for at open and
 * again after hotplug changes; each has an IN listener whose reports are
 * decoded on the event thread straight into struct reader_input, so card
 * track data lives only in the transfer buffer and the decoder's own buffer,
 * both wiped before the callback returns. poll() hands out the queue; the
 * config's wake callback tells the caller when something is in it. */
#define _POSIX_C_SOURCE 200809L
#include "drivers/reader/hid_pos.h"
#include "drivers/reader/magstripe.h"
#include "drivers/reader/reader.h"
#include "drivers/reader/track.h"
#include "drivers/usb/usb.h"
#include "firmware/core/clock.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#define MOD         "reader"
#define QUEUE_LEN   16
#define RETRY_MS    2000
#define PREFIX_MAX  20
#define REPORT_MAX  1024
#define SCAN_GAP_MS 300 /* between the reports of one scanned code, at most */

enum slot_kind { SLOT_CARD, SLOT_SCANNER };
enum { TAG_MAGTEK = 1, TAG_IDTECH, TAG_SCANNER };

static const struct usb_match card_match[] = {
    {0x0801, 0, USB_CLASS_HID, TAG_MAGTEK},
    {0x0acd, 0, USB_CLASS_HID, TAG_IDTECH},
};
static const struct usb_match scanner_match[] = {
    {0x0c2e, 0, USB_CLASS_HID, TAG_SCANNER}, /* Honeywell */
    {0x05e0, 0, USB_CLASS_HID, TAG_SCANNER}, /* Zebra (Symbol) */
    {0x05f9, 0, USB_CLASS_HID, TAG_SCANNER}, /* Datalogic */
};

struct rusb;

struct slot {
    struct rusb *r;
    enum slot_kind kind;
    const struct usb_match *match;
    size_t nmatch;
    struct usb_dev *dev;
    bool wedge; /* scanner in keyboard mode */
    enum magstripe_format format;
    struct hidpos hidpos; /* event thread only */
    struct kbwedge kbwedge;
    long long last_report; /* ms; a long pause means a code's end was lost */
    unsigned generation;
    long long last_try;
};

struct rusb {
    struct usb *usb;
    char prefix[PREFIX_MAX];
    const struct kclock *clock;
    struct slot slots[2];
    pthread_mutex_t lock; /* the queue */
    struct reader_input queue[QUEUE_LEN];
    int head, count;
    void (*wake)(void *ctx); /* an input is queued: the loop polls */
    void *wake_ctx;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void push(struct rusb *r, struct reader_input *in)
{
    pthread_mutex_lock(&r->lock);
    if (r->count < QUEUE_LEN) {
        r->queue[(r->head + r->count) % QUEUE_LEN] = *in;
        r->count++;
    } else {
        log_warn(MOD, "input dropped: %d waiting unread", r->count);
    }
    pthread_mutex_unlock(&r->lock);
    kmem_wipe(in, sizeof(*in));
    if (r->wake)
        r->wake(r->wake_ctx);
}

/* Event thread: one report from a device. */
static void on_report(void *ctx, const unsigned char *bytes, size_t len)
{
    struct slot *s = ctx;
    struct reader_input in = {0};
    if (s->kind == SLOT_CARD) {
        unsigned char report[REPORT_MAX];
        if (len > sizeof(report))
            len = sizeof(report);
        memcpy(report, bytes, len);
        struct kdate today;
        kclock_local(kclock_wall(s->r->clock), &today);
        struct track_policy pol = {s->r->prefix, today.year, today.month};
        magstripe_report(s->format, report, len, &pol, &in); /* wipes report */
        kmem_wipe(report, sizeof(report));
        push(s->r, &in);
        return;
    }
    /* The reports of one code come back to back (a few ms apart). After a
     * pause, a half-joined code lost its last report (or its Enter): start
     * over rather than glue it to the next scan. */
    long long t = now_ms();
    if (t - s->last_report > SCAN_GAP_MS) {
        hidpos_init(&s->hidpos);
        kbwedge_init(&s->kbwedge);
    }
    s->last_report = t;
    bool done = s->wedge ? kbwedge_feed(&s->kbwedge, bytes, len, &in)
                         : hidpos_feed(&s->hidpos, bytes, len, &in);
    if (done)
        push(s->r, &in);
}

static void slot_close(struct slot *s)
{
    if (s->dev) {
        usb_close(s->dev);
        s->dev = NULL;
    }
}

static enum kiosk_err slot_connect(struct slot *s)
{
    s->last_try = now_ms();
    s->generation = usb_generation(s->r->usb);
    enum kiosk_err err = usb_open(s->r->usb, s->match, s->nmatch, &s->dev);
    if (err != KIOSK_OK)
        return err;
    const struct usb_dev_info *info = usb_info(s->dev);
    size_t size = info->in_packet ? info->in_packet : 64;
    if (s->kind == SLOT_CARD) {
        s->format = info->tag == TAG_IDTECH ? MAGSTRIPE_IDTECH : MAGSTRIPE_MAGTEK;
        size = REPORT_MAX / 2; /* a whole swipe report ends with a short packet */
    } else {
        /* HID boot keyboard (subclass 1, protocol 1): a scanner in keyboard mode */
        s->wedge = info->iface_subclass == 1 && info->iface_protocol == 1;
        hidpos_init(&s->hidpos);
        kbwedge_init(&s->kbwedge);
    }
    err = usb_listen(s->dev, size, on_report, s);
    if (err != KIOSK_OK) {
        slot_close(s);
        return err;
    }
    log_info(MOD, "%x:%x ready", info->vid, info->pid);
    return KIOSK_OK;
}

static bool slot_ensure(struct slot *s)
{
    if (s->dev && usb_gone(s->dev))
        slot_close(s);
    if (s->dev)
        return true;
    if (usb_generation(s->r->usb) == s->generation && now_ms() - s->last_try < RETRY_MS)
        return false;
    return slot_connect(s) == KIOSK_OK;
}

static enum kiosk_err rusb_open(struct reader *rd, const struct reader_config *cfg)
{
    if (!cfg->usb) {
        kiosk_err_set_detail("the usb reader needs USB, which did not start on this system");
        return KIOSK_ERR_UNSUPPORTED;
    }
    struct rusb *r = kmem_alloc(sizeof(*r));
    if (!r)
        return KIOSK_ERR_NOMEM;
    memset(r, 0, sizeof(*r));
    if (!kstr_copy(r->prefix, sizeof(r->prefix), cfg->patient_card_prefix)) {
        kmem_free(r);
        return KIOSK_ERR_CONFIG;
    }
    r->usb = cfg->usb;
    r->clock = cfg->clock ? cfg->clock : kclock_system();
    r->wake = cfg->wake;
    r->wake_ctx = cfg->wake_ctx;
    pthread_mutex_init(&r->lock, NULL);
    r->slots[0] = (struct slot){.r = r, .kind = SLOT_CARD, .match = card_match, .nmatch = 2};
    r->slots[1] = (struct slot){.r = r, .kind = SLOT_SCANNER, .match = scanner_match, .nmatch = 3};
    rd->ctx = r;
    for (int i = 0; i < 2; i++)
        if (slot_connect(&r->slots[i]) != KIOSK_OK)
            log_info(MOD, "%d: not plugged in yet; looked for again on hotplug", i);
    return KIOSK_OK;
}

static void rusb_close(struct reader *rd)
{
    struct rusb *r = rd->ctx;
    if (!r)
        return;
    for (int i = 0; i < 2; i++)
        slot_close(&r->slots[i]);
    pthread_mutex_destroy(&r->lock);
    kmem_wipe(r, sizeof(*r)); /* queued identifiers are patient data */
    kmem_free(r);
    rd->ctx = NULL;
}

static enum kiosk_err rusb_poll(struct reader *rd, struct reader_input *in)
{
    struct rusb *r = rd->ctx;
    in->kind = READER_NONE;
    in->value[0] = '\0';
    for (int i = 0; i < 2; i++)
        slot_ensure(&r->slots[i]);
    pthread_mutex_lock(&r->lock);
    if (r->count > 0) {
        struct reader_input *q = &r->queue[r->head];
        *in = *q;
        kmem_wipe(q, sizeof(*q));
        r->head = (r->head + 1) % QUEUE_LEN;
        r->count--;
    }
    pthread_mutex_unlock(&r->lock);
    return KIOSK_OK;
}

static bool rusb_connected(struct reader *rd)
{
    struct rusb *r = rd->ctx;
    bool any = false;
    for (int i = 0; i < 2; i++)
        any |= r->slots[i].dev && !usb_gone(r->slots[i].dev);
    return any;
}

static int rusb_describe(struct reader *rd, struct reader_device *out, int max)
{
    struct rusb *r = rd->ctx;
    int n = 0;
    for (int i = 0; i < 2 && n < max; i++, n++) {
        struct slot *s = &r->slots[i];
        memset(&out[n], 0, sizeof(out[n]));
        out[n].scanner = s->kind == SLOT_SCANNER;
        out[n].connected = s->dev && !usb_gone(s->dev);
        if (out[n].connected) {
            const struct usb_dev_info *info = usb_info(s->dev);
            out[n].vid = info->vid;
            out[n].pid = info->pid;
            kstr_copy(out[n].product, sizeof(out[n].product), info->product);
        }
    }
    return n;
}

const struct reader_ops reader_usb_ops = {
    .name = "usb",
    .open = rusb_open,
    .close = rusb_close,
    .poll = rusb_poll,
    .connected = rusb_connected,
    .describe = rusb_describe,
};
