#define _POSIX_C_SOURCE 200809L /* nanosleep */
/* Pix and UPI in the app: the charge asked of the hospital's payment
 * service ([qrpay] in kiosk.ini), the code shown, its state polled, the
 * outcome settled.
 *
 * Exactly once: the charge row (its id is the service's txid / tr) is
 * committed before the service is asked, so the QR is never shown for a
 * charge the kiosk could forget. While a bill has an open charge (it may
 * still be paid) no second one is made: "Pay by Pix" shows the live one
 * again, or, once the service says it expired or was removed, closes it and
 * makes a new one. Open charges left by a kill -9 or a power cut are asked
 * about at start and then every BACKGROUND_MS until they are paid or closed;
 * a paid one is settled like a card payment (balance, payment.posted). The
 * service is asked on a thread of its own; the store is written on the main
 * thread only. */
#include "firmware/app/app_private.h"
#include "firmware/core/id.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/sync/sync.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MOD           "qrpay"
#define POLL_MS       2000  /* the code on screen is asked about this often */
#define BACKGROUND_MS 15000 /* an open charge nobody looks at */
#define EXPIRY_GRACE  10000 /* past its time and still active: removed at the service */

enum qr_job_kind { JOB_CREATE, JOB_STATUS, JOB_CANCEL };

struct qr_job {
    pthread_t thread;
    atomic_int done;
    enum qr_job_kind kind;
    char id[QR_ID_MAX], note[KIOSK_IDENT_MAX];
    int64_t amount;
    int expiry_s;
    struct qrcharge *qc;
    struct qr_charge res;
    struct app *app;
};

static void *qr_thread(void *arg)
{
    struct qr_job *j = arg;
    if (j->kind == JOB_CREATE) {
        const struct qr_charge_req req = {j->id, j->amount, j->note, j->expiry_s};
        qrcharge_create(j->qc, &req, &j->res);
    } else if (j->kind == JOB_CANCEL) {
        qrcharge_cancel(j->qc, j->id, &j->res);
    } else {
        qrcharge_status(j->qc, j->id, &j->res);
    }
    atomic_store(&j->done, 1);
    app_wake(j->app);
    return NULL;
}

static bool start_job(struct app *a, enum qr_job_kind kind, const char *id, int64_t amount,
                      const char *note)
{
    struct qr_job *j = kmem_alloc(sizeof(*j));
    if (!j)
        return false;
    memset(j, 0, sizeof(*j));
    j->kind = kind;
    kstr_copy(j->id, sizeof(j->id), id);
    kstr_copy(j->note, sizeof(j->note), note ? note : "");
    j->amount = amount;
    j->expiry_s = a->cfg.qr_expiry_s;
    j->qc = a->payqr.qc;
    j->app = a;
    if (pthread_create(&j->thread, NULL, qr_thread, j) != 0) {
        kmem_free(j);
        return false;
    }
    a->payqr.job = j;
    return true;
}

static void tell(struct app *a, enum flow_qr_answer ans, int64_t amount, const char *ref)
{
    struct flow_event ev = app_event_now(a, EV_QR_UPDATE);
    ev.qr = ans;
    ev.amount = amount;
    ev.text = ref;
    int64_t left = a->payqr.expires_ms - kclock_mono(a->clock);
    ev.qr_left_s = left > 0 ? (int)((left + 999) / 1000) : 0;
    app_event(a, &ev);
}

void app_payqr_init(struct app *a)
{
    memset(&a->payqr, 0, sizeof(a->payqr));
    if (!a->cfg.qr_scheme[0])
        return;
    enum kiosk_err err = qrcharge_http_open(&a->cfg, &a->payqr.qc);
    if (err != KIOSK_OK) {
        log_error(MOD, "Pix/UPI payments are off: %E", err);
        a->payqr.qc = NULL;
        return;
    }
    kstr_copy(a->payqr.currency, sizeof(a->payqr.currency),
              a->payqr.qc->scheme == QR_SCHEME_PIX ? "BRL" : "INR");
    kstr_copy(a->flow.cfg.qr_currency, sizeof(a->flow.cfg.qr_currency), a->payqr.currency);
    /* A charge left open by the last run is asked about before anything else. */
    struct qr_charge_info q;
    if (a->store && store_qr_open(a->store, -1, &q) == KIOSK_OK) {
        log_info(MOD, "an open QR charge from before: asking the payment service");
        if (start_job(a, JOB_STATUS, q.id, q.amount_minor, NULL))
            app_payqr_wait(a);
    }
}

void app_payqr_free(struct app *a)
{
    app_payqr_wait(a);
    qrcharge_close(a->payqr.qc);
    a->payqr.qc = NULL;
}

/* The reference printed on the receipt: the charge id's tail. */
static void receipt_ref(const char *id, char *out, size_t size)
{
    size_t n = strlen(id);
    kstr_copy(out, size, n > 12 ? id + n - 12 : id);
}

/* A new charge for the bill on screen: committed, then asked for. */
static void make_new(struct app *a)
{
    char uuid[KIOSK_UUID_LEN], id[QR_ID_MAX];
    const struct bill_info *b = NULL;
    for (int i = 0; i < a->flow.bills.count; i++)
        if (a->flow.bills.bills[i].id == a->payqr.invoice_id)
            b = &a->flow.bills.bills[i];
    struct qr_charge_record rec = {id, a->payqr.invoice_id, a->payqr.want_amount, a->payqr.currency,
                                   a->payqr.qc->scheme == QR_SCHEME_PIX ? "pix" : "upi"};
    enum kiosk_err err = b ? kiosk_uuid(uuid) : KIOSK_ERR_INVALID;
    if (err == KIOSK_OK)
        err = qr_charge_id(uuid, id);
    if (err == KIOSK_OK)
        err = store_qr_begin(a->store, &rec, kclock_wall(a->clock));
    if (err != KIOSK_OK || !start_job(a, JOB_CREATE, id, a->payqr.want_amount, b->ref)) {
        /* Without the id on disk no charge is asked for: it could be forgotten. */
        log_error(MOD, "no QR charge made: %E", err);
        if (err == KIOSK_OK)
            store_qr_close(a->store, id, kclock_wall(a->clock));
        a->payqr.shown = false;
        tell(a, FLOW_QR_UNAVAILABLE, 0, NULL);
        return;
    }
    kstr_copy(a->payqr.id, sizeof(a->payqr.id), id);
}

void app_payqr_run(struct app *a, const struct flow_fx *fx)
{
    if (!a->payqr.qc || !a->store) {
        tell(a, FLOW_QR_UNAVAILABLE, 0, NULL);
        return;
    }
    app_payqr_wait(a); /* a background question first: one request at a time */
    if (fx->kind == FX_QR_CANCEL) {
        if (a->payqr.shown && a->payqr.id[0] && start_job(a, JOB_CANCEL, a->payqr.id, 0, NULL))
            return;
        tell(a, FLOW_QR_UNCONFIRMED, 0, NULL);
        return;
    }
    a->payqr.invoice_id = fx->id;
    a->payqr.want_amount = fx->amount;
    a->payqr.shown = true;
    a->payqr.payload[0] = '\0';
    a->payqr.expires_ms = 0;
    a->payqr.expiring = false;
    struct qr_charge_info q;
    if (store_qr_open(a->store, fx->id, &q) == KIOSK_OK) {
        /* This bill's code may still be paid: never a second one. */
        kstr_copy(a->payqr.id, sizeof(a->payqr.id), q.id);
        a->payqr.reshow = true;
        if (!start_job(a, JOB_STATUS, q.id, q.amount_minor, NULL))
            tell(a, FLOW_QR_UNCONFIRMED, 0, NULL);
        return;
    }
    a->payqr.reshow = false;
    make_new(a);
}

/* The service's answer about one charge, written down; the patient told
 * when it is the one on screen. */
static void settle(struct app *a, struct qr_job *j)
{
    const struct qr_charge *r = &j->res;
    bool mine = a->payqr.shown && strcmp(j->id, a->payqr.id) == 0;
    int64_t now = kclock_wall(a->clock), mono = kclock_mono(a->clock);
    char ref[16], key[KIOSK_UUID_LEN];
    struct qr_charge_info q;
    int64_t amount = store_qr_get(a->store, j->id, &q) == KIOSK_OK ? q.amount_minor : 0;
    receipt_ref(j->id, ref, sizeof(ref));
    log_note(LOG_INFO, MOD, "charge", qr_state_name(r->state));
    switch (r->state) {
    case QR_ACTIVE:
        if (!mine)
            break;
        kstr_copy(a->payqr.payload, sizeof(a->payqr.payload), r->payload);
        /* The time left as the service said it first; then the kiosk's own
         * monotonic clock counts it down (no jumps from poll to poll). */
        if (r->expires_in_s >= 0 && a->payqr.expires_ms == 0)
            a->payqr.expires_ms = mono + (int64_t)r->expires_in_s * 1000;
        a->payqr.reshow = false;
        tell(a, FLOW_QR_ACTIVE, amount, NULL);
        break;
    case QR_PAID: {
        enum kiosk_err err = kiosk_uuid(key);
        if (err == KIOSK_OK)
            err = store_qr_paid(a->store, j->id, key, ref, now);
        if (err != KIOSK_OK) {
            /* Asked again later: each step of the settlement can be repeated. */
            log_error(MOD, "paid QR charge not recorded yet: %E", err);
            break;
        }
        sync_poke(a->sync);
        if (mine) {
            a->payqr.shown = false;
            tell(a, FLOW_QR_PAID, amount, ref);
        }
        break;
    }
    case QR_EXPIRED:
    case QR_REMOVED:
    case QR_NOT_FOUND:
        store_qr_close(a->store, j->id, now);
        if (!mine)
            break;
        if (a->payqr.expiring && r->state == QR_REMOVED) {
            a->payqr.expiring = false;
            a->payqr.shown = false;
            tell(a, FLOW_QR_EXPIRED, amount, NULL); /* removed by us because it ran out */
            break;
        }
        if (a->payqr.reshow && r->state != QR_REMOVED) {
            a->payqr.reshow = false;
            make_new(a); /* the old one can no longer be paid: the patient gets a new one */
            break;
        }
        a->payqr.shown = false;
        tell(a,
             r->state == QR_EXPIRED   ? FLOW_QR_EXPIRED
             : r->state == QR_REMOVED ? FLOW_QR_REMOVED
                                      : FLOW_QR_UNAVAILABLE,
             amount, NULL);
        break;
    case QR_UNKNOWN:
        if (mine && j->kind == JOB_CANCEL && start_job(a, JOB_STATUS, j->id, 0, NULL))
            break; /* refused (paid meanwhile?) or no answer: what is it now? */
        /* A poll that got no answer changes nothing on screen; a charge we
         * could not make or read may be live: the patient must not pay twice. */
        if (mine && (j->kind != JOB_STATUS || a->payqr.reshow || !a->payqr.payload[0])) {
            a->payqr.shown = false;
            tell(a, FLOW_QR_UNCONFIRMED, amount, NULL);
        }
        break;
    }
    if (r->state == QR_REMOVED && j->kind == JOB_CANCEL)
        log_info(MOD, "the patient cancelled the code: nothing charged");
}

static void finish(struct app *a)
{
    struct qr_job *j = a->payqr.job;
    pthread_join(j->thread, NULL);
    a->payqr.job = NULL;
    settle(a, j);
    kmem_free(j);
    int64_t mono = kclock_mono(a->clock);
    a->payqr.next_poll_ms = mono + (a->payqr.shown ? POLL_MS : BACKGROUND_MS);
}

void app_payqr_wait(struct app *a)
{
    while (a->payqr.job) {
        while (!atomic_load(&a->payqr.job->done)) {
            struct timespec ts = {0, 5 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        finish(a); /* may start the next request (a new code after an old one ran out) */
    }
}

void app_payqr_tick(struct app *a)
{
    if (a->payqr.shown && a->payqr.expires_ms > 0) {
        int64_t left = a->payqr.expires_ms - kclock_mono(a->clock);
        int secs = left > 0 ? (int)((left + 999) / 1000) : 0;
        if (secs != a->payqr.shown_seconds) {
            a->payqr.shown_seconds = secs;
            a->dirty = true; /* the countdown moves */
        }
    }
    if (a->payqr.job) {
        if (atomic_load(&a->payqr.job->done))
            finish(a);
        return;
    }
    if (!a->payqr.qc || !a->store || kclock_mono(a->clock) < a->payqr.next_poll_ms)
        return;
    /* The patient left the code's screen: it is watched in the background. */
    if (a->payqr.shown && a->flow.screen != SCR_PAY_QR)
        a->payqr.shown = false;
    struct qr_charge_info q;
    int64_t mono = kclock_mono(a->clock);
    if (a->payqr.shown && a->payqr.id[0] && a->payqr.expires_ms > 0 &&
        mono >= a->payqr.expires_ms + EXPIRY_GRACE && !a->payqr.expiring) {
        /* The service still calls it active past its time (a PSP may):
         * removing it there makes sure it can never be paid later. */
        a->payqr.expiring = true;
        start_job(a, JOB_CANCEL, a->payqr.id, 0, NULL);
    } else if (a->payqr.shown && a->payqr.id[0]) {
        start_job(a, JOB_STATUS, a->payqr.id, 0, NULL);
    } else if (store_qr_open(a->store, -1, &q) == KIOSK_OK) {
        start_job(a, JOB_STATUS, q.id, 0, NULL);
    } else {
        a->payqr.next_poll_ms = kclock_mono(a->clock) + BACKGROUND_MS;
    }
}

int64_t app_payqr_deadline(const struct app *a)
{
    if (!a->payqr.qc || a->payqr.job)
        return -1;
    if (a->payqr.shown) {
        /* Wake each second so the countdown moves, and for the next poll. */
        int64_t second = kclock_mono(a->clock) + 1000;
        return second < a->payqr.next_poll_ms ? second : a->payqr.next_poll_ms;
    }
    return a->payqr.next_poll_ms;
}

bool app_payqr_open(struct app *a)
{
    struct qr_charge_info q;
    return a->store && store_qr_open(a->store, -1, &q) == KIOSK_OK;
}

bool app_payqr_busy(const struct app *a)
{
    return a->payqr.job != NULL;
}

void app_payqr_view(struct app *a, struct ui_view *v)
{
    const struct flow_state *s = &a->flow;
    v->cards_off = s->cards_off;
    v->qr_scheme = flow_payqr_offered(s)
                       ? (a->payqr.qc && a->payqr.qc->scheme == QR_SCHEME_PIX ? "Pix" : "UPI")
                       : NULL;
    if (s->screen != SCR_PAY_QR)
        return;
    v->qr_phase = (int)s->payqr.phase;
    if (s->payqr.phase == QR_PHASE_SHOWING)
        v->busy = false; /* Cancel is live while the code waits (flow takes only it) */
    int64_t left = a->payqr.expires_ms - kclock_mono(a->clock);
    v->qr_seconds = a->payqr.expires_ms > 0 && left > 0 ? (int)((left + 999) / 1000) : 0;
    v->qr_payee = a->cfg.qr_payee_name;
    /* The copy-and-paste text is Pix's ("copia e cola"); UPI has none. */
    v->qr_text = a->payqr.qc && a->payqr.qc->scheme == QR_SCHEME_PIX ? a->payqr.payload : NULL;
    if (s->payqr.phase == QR_PHASE_SHOWING && a->payqr.payload[0] &&
        qr_encode((const uint8_t *)a->payqr.payload, strlen(a->payqr.payload), QR_MASK_AUTO,
                  &a->qr) == KIOSK_OK) {
        v->qr_modules = a->qr.modules;
        v->qr_size = a->qr.size;
    }
}
