/* A receipt without paper: after a payment, "Send to my phone" or "Send by
 * e-mail", to the number or address on file (shown masked) or one typed
 * here, queued for the hospital's messaging system. */
#include "firmware/flow/flow_private.h"

#define MIN_PHONE_DIGITS 7

bool flow_receipt_send_tap(struct flow_state *s, const struct flow_event *ev,
                           struct flow_fx_list *fx)
{
    enum receipt_choice r = flow_is(ev->widget, "receipt.sms")     ? RECEIPT_SMS
                            : flow_is(ev->widget, "receipt.email") ? RECEIPT_EMAIL
                                                                   : RECEIPT_NONE;
    if (r == RECEIPT_NONE)
        return false;
    s->pay.receipt = r;
    s->notice = NOTICE_NONE;
    struct flow_fx *f = flow_fx_add(fx, FX_LOAD_DETAILS);
    f->id = s->match.patient.id;
    s->busy = true;
    return true;
}

static void enter_new(struct flow_state *s, int64_t now)
{
    flow_go(s, s->pay.receipt == RECEIPT_SMS ? SCR_RECEIPT_PHONE : SCR_RECEIPT_EMAIL, now);
}

void flow_receipt_details_loaded(struct flow_state *s, const struct flow_event *ev)
{
    struct flow_details *d = &s->details;
    s->busy = false;
    memset(d, 0, sizeof(*d));
    d->payer = -1;
    if (ev->err == KIOSK_OK && ev->details)
        d->on_file = *ev->details;
    bool on_file = s->pay.receipt == RECEIPT_SMS ? d->on_file.phone[0] : d->on_file.email[0];
    if (on_file)
        flow_go(s, SCR_RECEIPT_SEND, ev->mono_ms);
    else
        enter_new(s, ev->mono_ms);
}

static void send(struct flow_state *s, bool typed, struct flow_fx_list *fx)
{
    s->details.send_new = typed;
    flow_fx_add(fx, FX_SEND_RECEIPT);
    s->busy = true;
}

void flow_receipt_send_screen_tap(struct flow_state *s, const struct flow_event *ev,
                                  struct flow_fx_list *fx)
{
    bool on_file =
        s->pay.receipt == RECEIPT_SMS ? s->details.on_file.phone[0] : s->details.on_file.email[0];
    if (flow_is(ev->widget, "send.file") && on_file)
        send(s, false, fx);
    else if (flow_is(ev->widget, "send.new"))
        enter_new(s, ev->mono_ms);
}

void flow_receipt_phone_tap(struct flow_state *s, const struct flow_event *ev,
                            struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    if (flow_has_prefix(w, "key.")) {
        s->notice = NOTICE_NONE;
        flow_digit_key(s->details.phone, FLOW_PHONE_DIGITS, false, w + 4);
    } else if (flow_is(w, "next")) {
        if (strlen(s->details.phone) < MIN_PHONE_DIGITS) {
            s->notice = NOTICE_PHONE_SHORT;
            return;
        }
        send(s, true, fx);
    }
}

void flow_receipt_email_tap(struct flow_state *s, const struct flow_event *ev,
                            struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    if (flow_has_prefix(w, "key.")) {
        s->notice = NOTICE_NONE;
        flow_email_key(s->details.email, FLOW_EMAIL_MAX, w + 4);
    } else if (flow_is(w, "next")) {
        if (!flow_email_shape_ok(s->details.email)) {
            s->notice = NOTICE_EMAIL_SHAPE;
            return;
        }
        send(s, true, fx);
    }
}

void flow_receipt_sent(struct flow_state *s, const struct flow_event *ev)
{
    s->busy = false;
    s->pay.receipt_failed = ev->err != KIOSK_OK;
    flow_go(s, SCR_PAY_DONE, ev->mono_ms);
}
