/* "escpos-usb": an ESC/POS receipt printer on USB (printer class 7).
 *
 * The printer is looked for at open and again whenever it is not connected
 * (on every hotplug change, and every RETRY_MS in case hotplug is missing),
 * so the kiosk starts without a printer and picks one up when a technician
 * plugs it in. Once open:
 *   - its IN endpoint is read continuously (usb_listen); escpos_in splits
 *     automatic status back reports from the replies to DLE EOT queries;
 *   - the model's profile comes from VID:PID and the device id's MDL;
 *   - automatic status back is enabled where the profile allows, so paper
 *     near end / paper out / cover open are known without asking; otherwise
 *     state() asks with DLE EOT 1, 2 and 4 (and the port status as last
 *     resort);
 *   - a receipt goes out in chunks; between chunks the status is checked,
 *     so paper running out mid-receipt stops the job with PAPER_OUT. */
#define _POSIX_C_SOURCE 200809L
#include "drivers/printer/escpos_status.h"
#include "drivers/printer/printer.h"
#include "drivers/printer/printer_profile.h"
#include "drivers/usb/usb.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#define MOD         "printer"
#define RETRY_MS    2000
#define CHUNK       4096 /* bytes a transfer: status is looked at between chunks */
#define CHUNK_MS    5000 /* a printer takes 4 KB far faster than this unless stopped */
#define QUERY_MS    300
#define CONTROL_MS  500
#define REPLIES_CAP 64

/* Printers: every profiled vendor, then any printer-class interface. */
static const struct usb_match printer_match[] = {
    {0x04b8, 0, USB_CLASS_PRINTER, 0}, /* Epson */
    {0x0519, 0, USB_CLASS_PRINTER, 0}, /* Star */
    {0x1504, 0, USB_CLASS_PRINTER, 0}, /* Bixolon */
    {0x1d90, 0, USB_CLASS_PRINTER, 0}, /* Citizen */
    {0x0fe6, 0x811e, 0, 0},            /* unbranded, often vendor class */
    {0x0416, 0x5011, 0, 0},
    {0, 0, USB_CLASS_PRINTER, 0}, /* anything else of the printer class */
};

struct pusb {
    struct usb *usb;
    struct usb_dev *dev;
    struct printer *p;
    unsigned generation;
    long long last_try;
    char model[48];
    /* filled by the listener on the event thread; under lock */
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct escpos_in in;
    struct escpos_status st;
    unsigned char replies[REPLIES_CAP];
    size_t nreplies;
};

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_in(void *ctx, const unsigned char *bytes, size_t len)
{
    struct pusb *s = ctx;
    pthread_mutex_lock(&s->lock);
    size_t room = REPLIES_CAP - s->nreplies;
    s->nreplies += escpos_in_feed(&s->in, bytes, len, &s->st, s->replies + s->nreplies, room);
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

static void disconnect(struct pusb *s)
{
    if (!s->dev)
        return;
    usb_close(s->dev);
    s->dev = NULL;
    s->p->profile = NULL;
    pthread_mutex_lock(&s->lock);
    escpos_in_init(&s->in);
    memset(&s->st, 0, sizeof(s->st));
    s->nreplies = 0;
    pthread_mutex_unlock(&s->lock);
}

/* Send a short command; false when it did not go. */
static bool send(struct pusb *s, const unsigned char *cmd, size_t n)
{
    enum kiosk_err err = usb_write(s->dev, cmd, n, QUERY_MS, NULL);
    if (err == KIOSK_ERR_NO_DEVICE)
        disconnect(s);
    return err == KIOSK_OK;
}

/* DLE EOT n and its one-byte answer; false on no answer in time. */
static bool query(struct pusb *s, int n)
{
    unsigned char cmd[3];
    size_t len = escpos_cmd_status_query(n, cmd);
    pthread_mutex_lock(&s->lock);
    s->nreplies = 0;
    pthread_mutex_unlock(&s->lock);
    if (!send(s, cmd, len))
        return false;
    long long until = now_ms() + QUERY_MS;
    bool ok = false;
    pthread_mutex_lock(&s->lock);
    while (!ok) {
        for (size_t i = 0; i < s->nreplies && !ok; i++)
            ok = escpos_status_reply(n, s->replies[i], &s->st) == KIOSK_OK;
        if (ok || now_ms() >= until)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 20 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&s->cond, &s->lock, &ts);
    }
    s->nreplies = 0;
    pthread_mutex_unlock(&s->lock);
    return ok;
}

/* Ask the printer what it is (GET_DEVICE_ID) for its MDL. */
static void read_model(struct pusb *s, char *mdl, size_t size)
{
    unsigned char buf[512];
    size_t got = 0;
    struct escpos_device_id id;
    mdl[0] = '\0';
    const struct usb_dev_info *info = usb_info(s->dev);
    if (usb_control_in(s->dev, 0xA1, 0, 0, (uint16_t)(info->iface << 8), buf, sizeof(buf), &got,
                       CONTROL_MS) == KIOSK_OK &&
        escpos_device_id_parse(buf, got, &id) == KIOSK_OK)
        kstr_copy(mdl, size, id.mdl);
}

static enum kiosk_err connect(struct pusb *s)
{
    s->last_try = now_ms();
    s->generation = usb_generation(s->usb);
    enum kiosk_err err =
        usb_open(s->usb, printer_match, sizeof(printer_match) / sizeof(printer_match[0]), &s->dev);
    if (err != KIOSK_OK)
        return err;
    const struct usb_dev_info *info = usb_info(s->dev);
    char mdl[48];
    read_model(s, mdl, sizeof(mdl));
    const struct printer_profile *prof = printer_profile_find(info->vid, info->pid, mdl);
    s->p->profile = prof;
    kstr_copy(s->model, sizeof(s->model), mdl[0] ? mdl : prof->name);
    log_note(LOG_INFO, MOD, "printer profile", prof->name);
    if (info->ep_in) {
        err = usb_listen(s->dev, 64, on_in, s);
        if (err != KIOSK_OK)
            log_warn(MOD, "cannot read the printer's status (%E)", err);
    }
    if (prof->asb && info->ep_in) {
        unsigned char cmd[3];
        size_t n = escpos_cmd_asb_enable(cmd);
        send(s, cmd, n);
    }
    return KIOSK_OK;
}

/* Connected, or try again when something changed or enough time passed. */
static bool ensure(struct pusb *s)
{
    if (s->dev && usb_gone(s->dev))
        disconnect(s);
    if (s->dev)
        return true;
    if (usb_generation(s->usb) == s->generation && now_ms() - s->last_try < RETRY_MS)
        return false;
    return connect(s) == KIOSK_OK;
}

static enum printer_state usb_state(struct printer *p)
{
    struct pusb *s = p->ctx;
    if (!ensure(s))
        return PRINTER_NOT_CONNECTED;
    const struct printer_profile *prof = p->profile ? p->profile : printer_profile_generic();
    bool asb_known;
    pthread_mutex_lock(&s->lock);
    asb_known = prof->asb && s->st.known;
    pthread_mutex_unlock(&s->lock);
    if (!asb_known && prof->dle_eot && usb_info(s->dev)->ep_in) {
        bool ok = query(s, 4) && query(s, 2) && query(s, 1);
        if (!s->dev)
            return PRINTER_NOT_CONNECTED;
        if (!ok)
            return PRINTER_OFFLINE;
    } else if (!asb_known) {
        /* No status channel: the printer class port status is all there is. */
        unsigned char b;
        size_t got = 0;
        if (usb_control_in(s->dev, 0xA1, 1, 0, (uint16_t)(usb_info(s->dev)->iface << 8), &b, 1,
                           &got, CONTROL_MS) == KIOSK_OK &&
            got == 1) {
            pthread_mutex_lock(&s->lock);
            escpos_port_status(b, &s->st);
            pthread_mutex_unlock(&s->lock);
        }
    }
    pthread_mutex_lock(&s->lock);
    enum printer_state st = escpos_status_state(&s->st);
    pthread_mutex_unlock(&s->lock);
    return st;
}

static enum kiosk_err state_err(enum printer_state st)
{
    switch (st) {
    case PRINTER_PAPER_OUT:
        kiosk_err_set_detail("the printer is out of paper");
        return KIOSK_ERR_PAPER_OUT;
    case PRINTER_COVER_OPEN:
        kiosk_err_set_detail("the printer cover is open");
        return KIOSK_ERR_IO;
    case PRINTER_OFFLINE:
        kiosk_err_set_detail("the printer is not answering");
        return KIOSK_ERR_TIMEOUT;
    case PRINTER_NOT_CONNECTED:
        kiosk_err_set_detail("no printer is connected");
        return KIOSK_ERR_NO_DEVICE;
    default:
        return KIOSK_OK;
    }
}

static enum kiosk_err usb_print(struct printer *p, const unsigned char *bytes, int len)
{
    struct pusb *s = p->ctx;
    enum kiosk_err err = state_err(usb_state(p));
    if (err)
        return err;
    for (int at = 0; at < len;) {
        int n = len - at < CHUNK ? len - at : CHUNK;
        size_t sent = 0;
        err = usb_write(s->dev, bytes + at, (size_t)n, CHUNK_MS, &sent);
        at += (int)sent;
        if (err == KIOSK_ERR_NO_DEVICE) {
            disconnect(s);
            kiosk_err_set_detail("the printer was unplugged while printing");
            return err;
        }
        if (err == KIOSK_ERR_TIMEOUT) {
            /* It stopped taking data: say why if it can tell. */
            enum kiosk_err why = state_err(usb_state(p));
            return why ? why : KIOSK_ERR_TIMEOUT;
        }
        if (err)
            return err;
        /* Automatic status back may have reported paper out meanwhile. */
        pthread_mutex_lock(&s->lock);
        enum printer_state st = s->st.known ? escpos_status_state(&s->st) : PRINTER_OK;
        pthread_mutex_unlock(&s->lock);
        if (st == PRINTER_PAPER_OUT || st == PRINTER_COVER_OPEN)
            return state_err(st);
    }
    return KIOSK_OK;
}

static enum kiosk_err usb_open_printer(struct printer *p, const struct printer_config *cfg)
{
    if (!cfg->usb) {
        kiosk_err_set_detail("escpos-usb needs USB, which did not start on this system");
        return KIOSK_ERR_UNSUPPORTED;
    }
    struct pusb *s = kmem_alloc(sizeof(*s));
    if (!s)
        return KIOSK_ERR_NOMEM;
    memset(s, 0, sizeof(*s));
    s->usb = cfg->usb;
    s->p = p;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->cond, NULL);
    escpos_in_init(&s->in);
    p->ctx = s;
    if (connect(s) != KIOSK_OK)
        log_warn(MOD, "no USB printer yet (%E); looking again when one is plugged in",
                 KIOSK_ERR_NO_DEVICE);
    return KIOSK_OK;
}

static void usb_close_printer(struct printer *p)
{
    struct pusb *s = p->ctx;
    if (!s)
        return;
    disconnect(s);
    pthread_cond_destroy(&s->cond);
    pthread_mutex_destroy(&s->lock);
    kmem_free(s);
    p->ctx = NULL;
}

static const char *usb_describe(struct printer *p)
{
    struct pusb *s = p->ctx;
    return s->dev ? s->model : NULL;
}

const struct printer_ops printer_usb_ops = {
    .name = "escpos-usb",
    .open = usb_open_printer,
    .close = usb_close_printer,
    .state = usb_state,
    .write = usb_print,
    .describe = usb_describe,
};
