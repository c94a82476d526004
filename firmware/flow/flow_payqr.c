/* Paying the open statement by a Pix (Brazil) or UPI (India) code: one
 * more choice on the confirm screen where the statement's currency is the
 * configured scheme's, then the code's screen. The app makes the charge
 * (committed before the code is shown), polls the payment service and
 * reports every state as EV_QR_UPDATE; flow only decides what is shown.
 * While a code can be paid the screen waits (busy: no session timeout, no
 * second code); only "Cancel" acts then. */
#include "firmware/flow/flow_private.h"
#include "firmware/core/str.h"

#include <string.h>

bool flow_payqr_offered(const struct flow_state *s)
{
    if (!s->cfg.qr_currency[0] || s->bill < 0 || s->bill >= s->bills.count)
        return false;
    return strcmp(s->bills.bills[s->bill].currency, s->cfg.qr_currency) == 0;
}

static void ask_code(struct flow_state *s, const struct bill_info *b, struct flow_fx_list *fx,
                     int64_t now)
{
    struct flow_fx *f = flow_fx_add(fx, FX_QR_START);
    f->id = b->id;
    f->amount = s->pay.amount;
    s->payqr.phase = QR_PHASE_PREPARING;
    s->payqr.seconds_left = 0;
    s->busy = true;
    flow_go(s, SCR_PAY_QR, now);
}

void flow_payqr_start(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const struct bill_info *b = flow_current_bill(s);
    if (!flow_bill_payable(b) || !flow_payqr_offered(s) || s->pay.amount <= 0)
        return;
    ask_code(s, b, fx, ev->mono_ms);
}

void flow_pay_qr_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    const struct bill_info *b = flow_current_bill(s);
    enum flow_qr_phase ph = s->payqr.phase;
    if (flow_is(w, "qr.new") && ph == QR_PHASE_EXPIRED && flow_bill_payable(b))
        ask_code(s, b, fx, ev->mono_ms);
    else if (flow_is(w, "back") && ph != QR_PHASE_UNCONFIRMED)
        flow_go(s, SCR_BILL, ev->mono_ms);
}

void flow_payqr_cancel(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    (void)ev;
    if (s->payqr.phase != QR_PHASE_SHOWING)
        return; /* preparing or already cancelling: one request at a time */
    flow_fx_add(fx, FX_QR_CANCEL);
    s->payqr.phase = QR_PHASE_CANCELLING;
}

static void paid(struct flow_state *s, const struct flow_event *ev)
{
    struct bill_info *b = flow_current_bill(s);
    int64_t amount = ev->amount > 0 ? ev->amount : s->pay.amount;
    s->pay.result = FLOW_PAY_APPROVED;
    s->pay.amount = amount;
    s->pay.paid_amount = amount;
    kstr_copy(s->pay.auth_code, sizeof(s->pay.auth_code), ev->text ? ev->text : "");
    kstr_copy(s->pay.card_brand, sizeof(s->pay.card_brand),
              strcmp(s->cfg.qr_currency, "BRL") == 0 ? "Pix" : "UPI");
    s->pay.card_last4[0] = '\0';
    if (b) {
        b->owes_minor -= amount;
        if (b->owes_minor <= 0) {
            b->owes_minor = 0;
            b->state = BILL_PAID;
        }
    }
    s->pay.receipt = RECEIPT_NONE;
    s->payqr.phase = QR_PHASE_NONE;
    flow_go(s, SCR_PAY_RECEIPT, ev->mono_ms);
}

void flow_payqr_update(struct flow_state *s, const struct flow_event *ev)
{
    if (s->screen != SCR_PAY_QR || s->payqr.phase == QR_PHASE_NONE)
        return; /* the patient left: the app settles the charge on its own */
    s->payqr.seconds_left = ev->qr_left_s > 0 ? ev->qr_left_s : 0;
    s->payqr.left_at_ms = ev->mono_ms;
    switch (ev->qr) {
    case FLOW_QR_ACTIVE:
        if (s->payqr.phase == QR_PHASE_PREPARING || s->payqr.phase == QR_PHASE_SHOWING) {
            s->payqr.phase = QR_PHASE_SHOWING;
            s->busy = true;
            if (ev->amount > 0)
                s->pay.amount = ev->amount; /* a live code made earlier is shown again */
        }
        return;
    case FLOW_QR_PAID:
        s->busy = false;
        s->last_input_ms = ev->mono_ms;
        paid(s, ev);
        return;
    case FLOW_QR_EXPIRED:
        s->payqr.phase = QR_PHASE_EXPIRED;
        break;
    case FLOW_QR_REMOVED:
        s->payqr.phase = QR_PHASE_CANCELLED;
        break;
    case FLOW_QR_UNAVAILABLE:
        s->payqr.phase = QR_PHASE_UNAVAILABLE;
        break;
    case FLOW_QR_UNCONFIRMED:
        s->payqr.phase = QR_PHASE_UNCONFIRMED;
        break;
    }
    s->busy = false;
    s->last_input_ms = ev->mono_ms; /* the answer gives the patient their full time again */
}
