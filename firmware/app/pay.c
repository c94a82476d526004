#define _POSIX_C_SOURCE 200809L /* nanosleep */
/* Bills and payments in the app: the effects the flow asks for (read the
 * bills, pay at the terminal, print a receipt, send a question to billing)
 * and the view of the payment screens.
 *
 * Cards go through a certified payment terminal (drivers/terminal): the
 * kiosk sends the amount and its transaction reference and gets back the
 * outcome, the brand, the masked card number and the terminal's receipt
 * lines. No card number ever reaches this process.
 *
 * One charge per payment: the payment row with its key (the transaction
 * reference) is committed before the request; an answer that does not come
 * (timeout, a broken connection, a kill -9 or a power cut) is asked for
 * with a TransactionStatusRequest at once, at every start and every minute
 * until the terminal can say. No new payment is taken while one is
 * unsettled. The terminal is asked on a thread of its own; the main loop
 * picks the answer up (app_pay_tick). */
#include "firmware/app/app_private.h"
#include "firmware/core/id.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/i18n/phone.h"
#include "firmware/sync/sync.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MOD        "pay"
#define RECOVER_MS 60000 /* an unsettled payment is asked about this often */

static void terminal_settings_of(const struct kiosk_config *cfg, struct terminal_settings *t)
{
    *t = (struct terminal_settings){
        .driver = cfg->pay_terminal,
        .url = cfg->pay_terminal_url,
        .poiid = cfg->pay_terminal_poiid,
        .sale_id = cfg->pay_terminal_sale_id[0] ? cfg->pay_terminal_sale_id : cfg->location,
        .key_id = cfg->pay_terminal_key_id,
        .key_version = cfg->pay_terminal_key_version,
        .passphrase_file = cfg->pay_terminal_passphrase_file,
        .ca_file = cfg->pay_terminal_ca_file,
        .cert_domain = cfg->pay_terminal_cert_domain,
        .connect_timeout_s = cfg->server_connect_timeout_s,
        .timeout_s = cfg->pay_terminal_timeout_s,
    };
}

void app_pay_init(struct app *a)
{
    if (!a->cfg.pay_terminal[0]) {
        log_info(MOD, "no payment terminal configured: the kiosk takes no cards");
        return;
    }
    struct terminal_settings ts;
    terminal_settings_of(&a->cfg, &ts);
    enum kiosk_err err = terminal_open(&ts, &a->pay.terminal);
    if (err != KIOSK_OK) {
        log_error(MOD, "card payments are off: %E", err);
        a->pay.terminal = NULL;
    }
    app_pay_recover(a);
}

static void abort_join(struct app *a);

void app_pay_free(struct app *a)
{
    app_pay_wait(a); /* the thread uses the terminal */
    abort_join(a);
    terminal_close(a->pay.terminal);
    a->pay.terminal = NULL;
}

/* Settle payment key with what the terminal said; returns the flow's
 * view of it. */
static enum flow_pay_result settle(struct app *a, const char *key, const struct pay_result *res)
{
    int64_t now = kclock_wall(a->clock);
    enum kiosk_err err = KIOSK_OK;
    enum flow_pay_result out = FLOW_PAY_UNCONFIRMED;
    if (res->status == PAY_APPROVED || res->status == PAY_DECLINED)
        store_payment_card(a->store, key, res->brand, res->last4);
    switch (res->status) {
    case PAY_APPROVED:
        err = store_payment_settle(a->store, key, PAYMENT_APPROVED, res->auth_code, NULL, now);
        out = FLOW_PAY_APPROVED;
        sync_poke(a->sync); /* post it to the billing server now */
        break;
    case PAY_DECLINED:
        err = store_payment_settle(a->store, key, PAYMENT_DECLINED, NULL, res->reason, now);
        out = res->decline == DECLINE_FUNDS ? FLOW_PAY_FUNDS : FLOW_PAY_DECLINED;
        break;
    case PAY_CANCELLED:
        err = store_payment_settle(a->store, key, PAYMENT_VOID, NULL, "cancelled", now);
        out = FLOW_PAY_CANCELLED;
        break;
    case PAY_NOT_CHARGED:
        err = store_payment_settle(a->store, key, PAYMENT_VOID, NULL, "not_sent", now);
        out = FLOW_PAY_UNAVAILABLE;
        break;
    case PAY_UNKNOWN:
        a->pay.unsettled = true;
        a->pay.recover_ms = kclock_mono(a->clock) + RECOVER_MS;
        return FLOW_PAY_UNCONFIRMED;
    }
    if (err != KIOSK_OK) {
        /* The terminal's answer could not be written down: the row stays
         * pending and is asked about again, so nothing is lost. */
        log_error(MOD, "payment outcome not recorded (asked again later): %E", err);
        a->pay.unsettled = true;
        a->pay.recover_ms = kclock_mono(a->clock) + RECOVER_MS;
    } else {
        a->pay.unsettled = false;
    }
    return out;
}

void app_pay_load_bills(struct app *a, int64_t patient_id)
{
    static struct bill_set bills; /* large: keep it off the stack */
    enum kiosk_err err = store_bills_for_patient(a->store, patient_id, &bills);
    if (err != KIOSK_OK)
        log_warn(MOD, "bills could not be read: %E", err);
    struct flow_event ev = app_event_now(a, EV_BILLS_DONE);
    ev.bills = &bills;
    ev.err = err;
    ev.cards_off = app_pay_cards_off(a);
    app_event(a, &ev);
    memset(&bills, 0, sizeof(bills));
}

/* No card now: no terminal, a payment not yet settled, or a Pix/UPI code
 * that may still be paid. */
bool app_pay_cards_off(struct app *a)
{
    return !a->pay.terminal || a->pay.unsettled || app_payqr_open(a);
}

/* The terminal is asked on a thread of its own, so the screen keeps
 * drawing ("Insert, tap or swipe your card on the terminal"), Cancel can be
 * tapped and the watchdog keeps being fed while the patient is at the
 * terminal; the store is written on the main thread only. */
struct pay_job {
    pthread_t thread;
    atomic_int done;
    bool lookup_only; /* asking about an unsettled payment: no patient waiting */
    char key[KIOSK_UUID_LEN], currency[4], ref[KIOSK_IDENT_MAX];
    int64_t amount, at_ms;
    struct terminal *terminal;
    struct pay_result res;
    struct app *app; /* woken (app_wake) when the answer is there */
};

static void *pay_thread(void *arg)
{
    struct pay_job *j = arg;
    struct pay_request req = {j->key, j->amount, j->currency, j->ref, j->at_ms};
    if (j->lookup_only)
        j->res.status = PAY_UNKNOWN;
    else
        terminal_pay(j->terminal, &req, &j->res);
    if (j->res.status == PAY_UNKNOWN) {
        /* No answer (timeout, broken connection): ask what became of it. */
        terminal_status(j->terminal, j->key, &j->res);
    }
    atomic_store(&j->done, 1);
    app_wake(j->app); /* the main loop picks the answer up at once */
    return NULL;
}

/* An AbortRequest on a thread of its own: the payment's thread is held by
 * the terminal's answer, which the abort makes come. */
struct pay_abort {
    pthread_t thread;
    atomic_int done;
    char key[KIOSK_UUID_LEN];
    struct terminal *terminal;
};

static void *abort_thread(void *arg)
{
    struct pay_abort *j = arg;
    enum kiosk_err err = terminal_abort(j->terminal, j->key);
    if (err != KIOSK_OK)
        log_warn(MOD, "the terminal was not told to cancel: %E", err);
    atomic_store(&j->done, 1);
    return NULL;
}

static void abort_join(struct app *a)
{
    if (!a->pay.abort)
        return;
    pthread_join(a->pay.abort->thread, NULL);
    kmem_free(a->pay.abort);
    a->pay.abort = NULL;
}

void app_pay_cancel(struct app *a)
{
    if (!a->pay.job || a->pay.job->lookup_only || a->pay.abort)
        return;
    struct pay_abort *j = kmem_alloc(sizeof(*j));
    if (!j)
        return;
    kstr_copy(j->key, sizeof(j->key), a->pay.job->key);
    j->terminal = a->pay.terminal;
    if (pthread_create(&j->thread, NULL, abort_thread, j) != 0) {
        kmem_free(j);
        return;
    }
    a->pay.abort = j;
    log_info(MOD, "cancel tapped: asking the terminal to stop the payment");
}

static void answer(struct app *a, enum flow_pay_result r)
{
    struct payment_info p;
    char auth[24] = "";
    if (r == FLOW_PAY_APPROVED && store_payment_get(a->store, a->pay.key, &p) == KIOSK_OK)
        kstr_copy(auth, sizeof(auth), p.auth_code);
    if (r == FLOW_PAY_UNCONFIRMED)
        app_staff_alert(a, "payment",
                        "a card payment has no confirmed outcome yet: "
                        "the kiosk keeps asking the payment terminal; check before "
                        "the patient pays again");
    struct flow_event ev = app_event_now(a, EV_PAY_DONE);
    ev.pay = r;
    ev.text = auth;
    ev.field = a->pay.last.brand;
    ev.text2 = a->pay.last.last4;
    app_event(a, &ev);
}

/* Record the payment with its key, then start asking the terminal.
 * false when no payment can be taken now (the flow hears why at once). */
static bool start_charge(struct app *a, int64_t invoice_id, int64_t amount)
{
    const struct flow_state *s = &a->flow;
    const struct bill_info *b = s->bill >= 0 ? &s->bills.bills[s->bill] : NULL;
    memset(&a->pay.last, 0, sizeof(a->pay.last));
    /* An unsettled payment first: it is asked about in the background. */
    if (!a->pay.terminal || !b || b->id != invoice_id || a->pay.job || a->pay.unsettled)
        return false;
    abort_join(a);
    enum kiosk_err err = kiosk_uuid(a->pay.key);
    struct payment_record rec = {a->pay.key, invoice_id, amount, b->currency, NULL, NULL};
    if (err == KIOSK_OK)
        err = store_payment_begin(a->store, &rec, kclock_wall(a->clock));
    if (err != KIOSK_OK) {
        /* Without the key on disk nothing is sent: a crash could charge twice. */
        log_error(MOD, "payment not started: %E", err);
        return false;
    }
    struct pay_job *j = kmem_alloc(sizeof(*j));
    if (!j) {
        store_payment_settle(a->store, a->pay.key, PAYMENT_VOID, NULL, "not_sent",
                             kclock_wall(a->clock));
        return false;
    }
    kstr_copy(j->key, sizeof(j->key), a->pay.key);
    kstr_copy(j->currency, sizeof(j->currency), b->currency);
    kstr_copy(j->ref, sizeof(j->ref), b->ref);
    j->amount = amount;
    j->at_ms = kclock_wall(a->clock);
    j->terminal = a->pay.terminal;
    j->app = a;
    if (pthread_create(&j->thread, NULL, pay_thread, j) != 0) {
        kmem_free(j);
        store_payment_settle(a->store, a->pay.key, PAYMENT_VOID, NULL, "not_sent",
                             kclock_wall(a->clock));
        return false;
    }
    a->pay.job = j;
    log_info(MOD, "payment sent to the terminal");
    return true;
}

void app_pay_run(struct app *a, const struct flow_fx *fx)
{
    log_info(MOD, "pay now: recording the payment, then asking the terminal");
    if (!start_charge(a, fx->id, fx->amount))
        answer(a, FLOW_PAY_UNAVAILABLE);
}

bool app_pay_busy(const struct app *a)
{
    return a->pay.job != NULL;
}

int64_t app_pay_deadline(const struct app *a)
{
    return a->pay.unsettled && !a->pay.job ? a->pay.recover_ms : -1;
}

/* The terminal answered: write down the outcome, tell the flow (unless it
 * was a question about an older payment). */
static void finish_charge(struct app *a)
{
    struct pay_job *j = a->pay.job;
    pthread_join(j->thread, NULL);
    a->pay.job = NULL;
    abort_join(a);
    bool lookup_only = j->lookup_only;
    enum flow_pay_result r = settle(a, j->key, &j->res);
    if (!lookup_only)
        a->pay.last = j->res; /* masked card and receipt lines, for the screen and the paper */
    kmem_wipe(j, sizeof(*j));
    kmem_free(j);
    if (lookup_only)
        log_note(LOG_INFO, MOD, "unsettled payment",
                 r == FLOW_PAY_APPROVED      ? "approved, posting it"
                 : r == FLOW_PAY_UNCONFIRMED ? "still unknown, asking again later"
                                             : "not charged");
    else
        answer(a, r);
}

/* Ask about an unsettled payment on the terminal's thread. */
static void start_lookup(struct app *a)
{
    struct payment_info p;
    a->pay.recover_ms = kclock_mono(a->clock) + RECOVER_MS;
    if (!a->pay.terminal)
        return; /* nobody to ask: it stays unsettled, and status says so */
    if (store_payment_pending(a->store, &p) != KIOSK_OK) {
        a->pay.unsettled = false;
        return;
    }
    struct pay_job *j = kmem_alloc(sizeof(*j));
    if (!j)
        return;
    j->lookup_only = true;
    kstr_copy(j->key, sizeof(j->key), p.key);
    j->terminal = a->pay.terminal;
    j->app = a;
    if (pthread_create(&j->thread, NULL, pay_thread, j) != 0) {
        kmem_free(j);
        return;
    }
    a->pay.job = j;
}

void app_pay_wait(struct app *a)
{
    while (a->pay.job && !atomic_load(&a->pay.job->done)) {
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (a->pay.job)
        finish_charge(a);
}

void app_pay_recover(struct app *a)
{
    struct payment_info p;
    a->pay.unsettled = a->store && store_payment_pending(a->store, &p) == KIOSK_OK;
    if (!a->pay.unsettled)
        return;
    if (!a->pay.terminal) {
        log_warn(MOD, "a payment is waiting for its outcome, but no terminal is configured");
        return;
    }
    start_lookup(a);
    app_pay_wait(a); /* before anything else: the answer decides whether cards are taken */
}

void app_pay_tick(struct app *a)
{
    if (a->pay.job) {
        if (atomic_load(&a->pay.job->done))
            finish_charge(a);
        return; /* the terminal is busy with this payment */
    }
    if (a->pay.unsettled && kclock_mono(a->clock) >= a->pay.recover_ms)
        start_lookup(a);
}

void app_pay_card(struct app *a, const struct reader_input *in)
{
    (void)in; /* the reader kept nothing of it: cards are paid at the terminal */
    log_info(MOD, "a payment card was swiped on the patient-card reader: refused");
    struct flow_event ev = app_event_now(a, EV_PAY_CARD);
    app_event(a, &ev);
}

/* The address of the receipt of payment key (the branding's receipt link),
 * or false when the pack has none. */
static bool receipt_url(const struct app *a, char *out, size_t size)
{
    if (!a->brand.pack.url_receipt[0] || !a->pay.key[0])
        return false;
    kstr_subst(out, size, a->brand.pack.url_receipt, "id", a->pay.key);
    return true;
}

static void money(const struct app *a, const char *currency, int64_t minor, char *out, size_t size)
{
    i18n_format_money(a->flow.lang, currency, minor, out, size);
}

/* Plain words of a bill line in the patient's language. */
static void line_words(const struct app *a, const struct bill_line *l, char *out, size_t size)
{
    int li = i18n_lang_index(a->flow.lang);
    const struct guide_library *lib = li >= 0 && li < CONFIG_MAX_LANGS ? a->guides[li] : NULL;
    const char *words = guide_charge_words(lib, l->code);
    kstr_copy(out, size, words ? words : l->description);
}

/* The words of a question's topic (flow_question.topic 1..4), as on screen. */
static const char *topic_msgid(int topic)
{
    static const char *const msgids[] = {N_("A question about this bill"),
                                         N_("I'd like a payment plan"), N_("My insurance"),
                                         N_("Something else")};
    return topic >= 1 && topic <= 4 ? msgids[topic - 1] : NULL;
}

/* A note of a callback request: the date, what about, which statement, who
 * calls when and on which number (written as people of the language write
 * it), and the billing office's own number. */
enum kiosk_err app_pay_note(struct app *a, struct receipt *r)
{
    const struct flow_state *s = &a->flow;
    const char *lang = s->lang;
    char buf[RECEIPT_TEXT_MAX], days[8], when[64], phone[48];
    struct kdate d;
    if (!a->devices.printer)
        return KIOSK_ERR_NO_DEVICE;
    receipt_init(r);
    app_ticket_logo(a, r);
    receipt_text(r, app_clinic_name(a, lang)[0] ? app_clinic_name(a, lang) : app_location(a, lang),
                 RECEIPT_NORMAL, RECEIPT_CENTER, true);
    receipt_rule(r);
    receipt_text(r, i18n_text(a->i18n, lang, "Thank you. We will call you"), RECEIPT_LARGE,
                 RECEIPT_LEFT, true);
    kclock_local(kclock_wall(a->clock), &d);
    i18n_format_date(a->i18n, lang, &d, when, sizeof(when));
    receipt_text(r, when, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_space(r, 8);
    if (topic_msgid(s->question.topic))
        receipt_text(r, i18n_text(a->i18n, lang, topic_msgid(s->question.topic)), RECEIPT_NORMAL,
                     RECEIPT_LEFT, true);
    if (s->bill >= 0 && s->bill < s->bills.count) {
        kstr_subst(buf, sizeof(buf), i18n_text(a->i18n, lang, "Statement {number}"), "number",
                   s->bills.bills[s->bill].ref);
        receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    }
    receipt_space(r, 8);
    snprintf(days, sizeof(days), "%d", a->cfg.pay_callback_days);
    kstr_subst(
        buf, sizeof(buf),
        i18n_text(a->i18n, lang, "Our billing team will call you within {days} working days."),
        "days", days);
    receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    i18n_format_phone(lang, s->question.phone, phone, sizeof(phone));
    kstr_subst(buf, sizeof(buf), i18n_text(a->i18n, lang, "We will call: {number}"), "number",
               phone);
    receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, true);
    if (a->brand.pack.phone_billing[0]) {
        kstr_subst(buf, sizeof(buf), i18n_text(a->i18n, lang, "Billing office: {number}"), "number",
                   a->brand.pack.phone_billing);
        receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    }
    receipt_space(r, 8);
    return KIOSK_OK;
}

/* The itemised receipt: what was paid, for what, with which card (last 4
 * only), the authorisation code, what is left, and the QR of the online
 * receipt. A callback promised in this session is printed too. */
enum kiosk_err app_pay_receipt(struct app *a, struct receipt *r)
{
    const struct flow_state *s = &a->flow;
    const char *lang = s->lang;
    char buf[RECEIPT_TEXT_MAX], amt[40], when[128], url[320];
    struct kdate d;
    if (!a->devices.printer)
        return KIOSK_ERR_NO_DEVICE;
    if (s->bill < 0 || s->bill >= s->bills.count)
        return KIOSK_ERR_INVALID;
    const struct bill_info *b = &s->bills.bills[s->bill];
    receipt_init(r);
    app_ticket_logo(a, r);
    receipt_text(r, app_clinic_name(a, lang)[0] ? app_clinic_name(a, lang) : app_location(a, lang),
                 RECEIPT_NORMAL, RECEIPT_CENTER, true);
    receipt_text(r, app_location(a, lang), RECEIPT_NORMAL, RECEIPT_CENTER, false);
    receipt_rule(r);
    receipt_text(r, i18n_text(a->i18n, lang, "Payment receipt"), RECEIPT_LARGE, RECEIPT_CENTER,
                 true);
    kclock_local(kclock_wall(a->clock), &d);
    i18n_format_datetime(a->i18n, lang, &d, when, sizeof(when));
    receipt_text(r, when, RECEIPT_NORMAL, RECEIPT_CENTER, false);
    receipt_space(r, 12);
    kstr_subst(buf, sizeof(buf), i18n_text(a->i18n, lang, "Statement {number}"), "number", b->ref);
    receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, true);
    for (int i = 0; i < b->line_count; i++) {
        char words[2 * KIOSK_TEXT_MAX];
        line_words(a, &b->lines[i], words, sizeof(words));
        char *why = strstr(words, " — ");
        if (why)
            *why = '\0'; /* on paper the name of the service is enough */
        money(a, b->currency, b->lines[i].total_minor, amt, sizeof(amt));
        /* The words (a long line wraps), then code and amount on their own
         * line, so the amount is never cut off. */
        receipt_text(r, words, RECEIPT_NORMAL, RECEIPT_LEFT, false);
        snprintf(buf, sizeof(buf), "%s  %s", b->lines[i].code, amt);
        receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_RIGHT, false);
    }
    receipt_rule(r);
    static const char *const totals[] = {N_("Charges"), N_("Paid by your insurance"),
                                         N_("Adjustments")};
    const int64_t values[] = {b->total_minor, -b->insurance_minor, -b->adjust_minor};
    for (int i = 0; i < 3; i++) {
        money(a, b->currency, values[i], amt, sizeof(amt));
        snprintf(buf, sizeof(buf), "%s: %s", i18n_text(a->i18n, lang, totals[i]), amt);
        receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    }
    receipt_space(r, 8);
    money(a, b->currency, s->pay.paid_amount, amt, sizeof(amt));
    kstr_subst(buf, sizeof(buf), i18n_text(a->i18n, lang, "Paid today: {amount}"), "amount", amt);
    receipt_text(r, buf, RECEIPT_LARGE, RECEIPT_LEFT, true);
    char card[64];
    if (s->pay.card_last4[0])
        snprintf(card, sizeof(card), "%s •••• %s", s->pay.card_brand, s->pay.card_last4);
    else
        kstr_copy(card, sizeof(card), s->pay.card_brand); /* Pix, UPI: no card */
    kstr_subst(buf, sizeof(buf), i18n_text(a->i18n, lang, "Card: {card}"), "card", card);
    receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    kstr_subst(buf, sizeof(buf), i18n_text(a->i18n, lang, "Authorisation code: {code}"), "code",
               s->pay.auth_code);
    receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    /* The terminal's own customer receipt, as it sent it (card masked by it). */
    if (a->pay.last.status == PAY_APPROVED && a->pay.last.receipt_lines > 0) {
        receipt_space(r, 8);
        receipt_text(r, i18n_text(a->i18n, lang, "From the card terminal:"), RECEIPT_NORMAL,
                     RECEIPT_LEFT, true);
        for (int i = 0; i < a->pay.last.receipt_lines; i++)
            receipt_text(r, a->pay.last.receipt[i], RECEIPT_NORMAL, RECEIPT_LEFT, false);
        receipt_space(r, 8);
    }
    money(a, b->currency, b->owes_minor, amt, sizeof(amt));
    kstr_subst(buf, sizeof(buf),
               i18n_text(a->i18n, lang, "Left to pay on this statement: {amount}"), "amount", amt);
    receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    if (s->question.sent) {
        char days[8];
        snprintf(days, sizeof(days), "%d", a->cfg.pay_callback_days);
        receipt_space(r, 12);
        kstr_subst(
            buf, sizeof(buf),
            i18n_text(a->i18n, lang, "Our billing team will call you within {days} working days."),
            "days", days);
        receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    }
    if (receipt_url(a, url, sizeof(url))) {
        receipt_space(r, 16);
        receipt_text(r, i18n_text(a->i18n, lang, "Scan for your receipt online"), RECEIPT_NORMAL,
                     RECEIPT_CENTER, false);
        receipt_qr(r, url);
    }
    receipt_space(r, 8);
    return KIOSK_OK;
}

/* A callback request for billing staff: the topic, the number the patient
 * chose to leave, the statement and the language to call in. */
enum kiosk_err app_pay_question(struct app *a, const struct flow_fx *fx)
{
    struct outbox_record rec = {.kind = OUTBOX_BILLING_QUESTION};
    const struct flow_state *s = &a->flow;
    const char *inv = "";
    for (int i = 0; i < s->bills.count; i++)
        if (s->bills.bills[i].id == fx->id)
            inv = s->bills.bills[i].ref;
    kstr_copy(rec.billing.topic, sizeof(rec.billing.topic), fx->text);
    kstr_copy(rec.billing.phone, sizeof(rec.billing.phone), fx->text2);
    kstr_copy(rec.billing.invoice, sizeof(rec.billing.invoice), inv);
    kstr_copy(rec.billing.location, sizeof(rec.billing.location), a->cfg.location);
    kstr_copy(rec.billing.lang, sizeof(rec.billing.lang), s->lang);
    enum kiosk_err err = app_outbox_queue(a, &rec);
    if (err != KIOSK_OK)
        log_error(MOD, "billing question could not be queued: %E", err);
    else
        log_info(MOD, "billing question queued for staff");
    return err;
}

int app_payment_status_lines(struct store *st, const struct kiosk_config *cfg, char lines[][160],
                             int max)
{
    struct payment_counts pc;
    int n = 0;
    if (n < max) {
        if (cfg->pay_terminal[0])
            snprintf(lines[n++], 160, "card payments: terminal %.12s %.30s at %.80s",
                     cfg->pay_terminal, cfg->pay_terminal_poiid, cfg->pay_terminal_url);
        else
            snprintf(lines[n++], 160, "card payments: off (no [payment] terminal)");
    }
    if (store_payment_counts(st, &pc) != KIOSK_OK)
        return n;
    if (n < max)
        snprintf(lines[n++], 160, "card payments: %d approved, %d declined, %d not sent",
                 pc.approved, pc.declined, pc.voided);
    if (pc.pending && n < max)
        snprintf(lines[n++], 160,
                 "card payments: %d waiting for the terminal's answer (asked every minute; "
                 "no new card is taken until it answers)",
                 pc.pending);
    return n;
}

/* --- view ------------------------------------------------------------------- */

static const char *state_msgid(enum bill_state st)
{
    switch (st) {
    case BILL_PAID:
        return N_("Paid");
    case BILL_DISPUTE:
        return N_("In review: you have questioned this bill, so there is nothing to pay now.");
    case BILL_PLAN:
        return N_("On a payment plan: your instalments are paid as agreed.");
    case BILL_CHECKING:
        return N_("A card payment for this bill is being confirmed with the bank. Please do not "
                  "pay it again; the front desk can tell you more.");
    case BILL_OPEN:
        break;
    }
    return NULL;
}

static const char *state_label(enum bill_state st)
{
    switch (st) {
    case BILL_PAID:
        return N_("Paid");
    case BILL_DISPUTE:
        return N_("In review");
    case BILL_PLAN:
        return N_("On a payment plan");
    case BILL_CHECKING:
        return N_("Payment being confirmed");
    case BILL_OPEN:
        break;
    }
    return NULL;
}

void app_pay_view(struct app *a, struct ui_view *v)
{
    const struct flow_state *s = &a->flow;
    struct kdate d, today;
    kclock_local(kclock_wall(a->clock), &today);
    v->bill_count = s->bills.count;
    for (int i = 0; i < s->bills.count; i++) {
        const struct bill_info *b = &s->bills.bills[i];
        struct ui_bill *u = &v->bills[i];
        kstr_copy(u->number, sizeof(u->number), b->number);
        kstr_copy(u->id, sizeof(u->id), b->ref);
        if (kdate_parse_iso(b->due_date, &d)) {
            i18n_format_date(a->i18n, s->lang, &d, u->due, sizeof(u->due));
            long due = d.year * 10000L + d.month * 100L + d.day;
            long now = today.year * 10000L + today.month * 100L + today.day;
            u->overdue = b->state == BILL_OPEN && due < now;
        }
        money(a, b->currency, b->total_minor, u->total, sizeof(u->total));
        /* Taken off the charges: shown with a minus sign (none for zero). */
        money(a, b->currency, -b->insurance_minor, u->insurance, sizeof(u->insurance));
        money(a, b->currency, -b->adjust_minor, u->adjust, sizeof(u->adjust));
        money(a, b->currency, b->owes_minor, u->owes, sizeof(u->owes));
        u->state_msgid = state_msgid(b->state);
        u->state_label = state_label(b->state);
        u->payable = b->state == BILL_OPEN && b->owes_minor > 0;
        u->line_count = b->line_count;
        for (int k = 0; k < b->line_count; k++) {
            line_words(a, &b->lines[k], u->lines[k].words, sizeof(u->lines[k].words));
            kstr_copy(u->lines[k].code, sizeof(u->lines[k].code), b->lines[k].code);
            money(a, b->currency, b->lines[k].total_minor, u->lines[k].amount,
                  sizeof(u->lines[k].amount));
        }
    }
    v->bill = s->bill;
    v->show_codes = s->show_codes;
    v->first_line = s->first_line;
    v->first_bill = s->first_bill;
    v->pay_other = s->pay.other;
    const char *cur =
        s->bill >= 0 && s->bill < s->bills.count ? s->bills.bills[s->bill].currency : "USD";
    i18n_format_money_typed(s->lang, cur, s->pay.amount_text, v->amount_typed,
                            sizeof(v->amount_typed));
    money(a, cur, s->pay.amount, v->pay_amount, sizeof(v->pay_amount));
    v->cards_off = s->cards_off;
    /* A balance below the minimum can be paid in full: then that is the least. */
    int64_t least = a->cfg.pay_min_minor;
    if (s->bill >= 0 && s->bill < s->bills.count && s->bills.bills[s->bill].owes_minor > 0 &&
        s->bills.bills[s->bill].owes_minor < least)
        least = s->bills.bills[s->bill].owes_minor;
    money(a, cur, least, v->min_amount, sizeof(v->min_amount));
    /* On screen the card as the terminal masked it (at most BIN + last 4). */
    if (a->pay.last.masked_pan[0] && s->pay.card_last4[0])
        snprintf(v->card, sizeof(v->card), "%s %s", s->pay.card_brand, a->pay.last.masked_pan);
    else if (s->pay.card_last4[0])
        snprintf(v->card, sizeof(v->card), "%s •••• %s", s->pay.card_brand, s->pay.card_last4);
    else
        kstr_copy(v->card, sizeof(v->card), s->pay.card_brand); /* Pix, UPI */
    v->pay_cancelling = s->pay.cancelling;
    v->terminal_image = a->brand.pack.terminal_image[0] ? a->brand.pack.terminal_image : NULL;
    kstr_copy(v->auth_code, sizeof(v->auth_code), s->pay.auth_code);
    v->pay_result = (int)s->pay.result;
    v->receipt = (int)s->pay.receipt;
    v->receipt_failed = s->pay.receipt_failed;
    v->phone_billing = a->brand.pack.phone_billing;
    v->phone_typed = s->question.phone;
    i18n_format_phone(s->lang, s->question.phone, v->phone_shown, sizeof(v->phone_shown));
    v->topic = s->question.topic;
    v->callback_days = a->cfg.pay_callback_days;
    v->question_failed = s->question.failed;

    /* One QR code a screen: the receipt online after paying, or the
     * clinic's online bill pay where a card cannot be taken here. */
    char url[320] = "";
    if (s->screen == SCR_PAY_DONE && (s->pay.receipt != RECEIPT_PRINT || s->pay.receipt_failed))
        receipt_url(a, url, sizeof(url));
    else if (s->screen == SCR_PAY_OTHER || s->screen == SCR_PAY_DECLINED)
        kstr_copy(url, sizeof(url), a->brand.pack.url_bill_pay);
    if (url[0] && qr_encode((const uint8_t *)url, strlen(url), QR_MASK_AUTO, &a->qr) == KIOSK_OK) {
        v->qr_modules = a->qr.modules;
        v->qr_size = a->qr.size;
    }
}

/* The payment just made, for a receipt sent by SMS or e-mail (details.c). */
void app_pay_receipt_fields(const struct app *a, struct outbox_receipt *o)
{
    const struct flow_state *s = &a->flow;
    const struct bill_info *b =
        s->bill >= 0 && s->bill < s->bills.count ? &s->bills.bills[s->bill] : NULL;
    kstr_copy(o->payment, sizeof(o->payment), a->pay.key);
    o->amount_minor = s->pay.paid_amount;
    kstr_copy(o->currency, sizeof(o->currency), b ? b->currency : "");
    kstr_copy(o->invoice, sizeof(o->invoice), b ? b->ref : "");
    kstr_copy(o->auth_code, sizeof(o->auth_code), s->pay.auth_code);
    if (s->pay.card_last4[0])
        snprintf(o->card, sizeof(o->card), "%s ending %s", s->pay.card_brand, s->pay.card_last4);
    if (!receipt_url(a, o->link, sizeof(o->link)))
        o->link[0] = '\0';
}
