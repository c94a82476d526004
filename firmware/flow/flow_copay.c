/* The copay due today: once the check-in is recorded, a copay the server
 * tied to the appointment is offered ("Your copay today is $25": pay now or
 * at the desk). Paying enters the payment journey at its confirm step with
 * the copay as the statement and its amount; the card screens are the
 * payment journey's own. Whatever the outcome, the check-in ticket prints
 * and says what became of the copay. */
#include "firmware/flow/flow_private.h"
#include "firmware/core/str.h"

bool flow_copay_offer(struct flow_state *s, const struct flow_event *ev)
{
    s->copay.state = COPAY_NONE;
    if (!ev->bills || ev->bills->count != 1)
        return false;
    const struct bill_info *b = &ev->bills->bills[0];
    if (b->state != BILL_OPEN || b->owes_minor <= 0)
        return false;
    s->bills = *ev->bills;
    s->bill = 0;
    s->cards_off = ev->cards_off; /* then the offer says: at the desk */
    s->copay.state = COPAY_OFFERED;
    flow_go(s, SCR_COPAY, ev->mono_ms);
    return true;
}

void flow_copay_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const struct bill_info *b = flow_current_bill(s);
    if (flow_is(ev->widget, "copay.pay") && flow_bill_payable(b) && !s->cards_off) {
        memset(&s->pay, 0, sizeof(s->pay));
        s->pay.amount = b->owes_minor;
        s->copay.state = COPAY_PAYING;
        s->notice = NOTICE_NONE;
        flow_go(s, SCR_PAY_CONFIRM, ev->mono_ms);
    } else if (flow_is(ev->widget, "copay.desk")) {
        s->copay.state = COPAY_DESK;
        flow_checkin_next(s, ev->mono_ms, fx);
    }
}

bool flow_copay_back(struct flow_state *s, const struct flow_event *ev)
{
    if (s->copay.state != COPAY_PAYING || s->screen != SCR_PAY_CONFIRM ||
        !flow_is(ev->widget, "back"))
        return false;
    s->copay.state = COPAY_OFFERED;
    flow_go(s, SCR_COPAY, ev->mono_ms);
    return true;
}

bool flow_copay_paid(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    struct bill_info *b = flow_current_bill(s);
    if (s->copay.state != COPAY_PAYING)
        return false;
    if (!s->busy || s->screen != SCR_PAY_CARD)
        return true; /* no payment was asked for */
    s->busy = false;
    s->pay.cancelling = false;
    s->last_input_ms = ev->mono_ms;
    s->pay.result = ev->pay;
    kstr_copy(s->pay.card_brand, sizeof(s->pay.card_brand), ev->field ? ev->field : "");
    kstr_copy(s->pay.card_last4, sizeof(s->pay.card_last4), ev->text2 ? ev->text2 : "");
    switch (ev->pay) {
    case FLOW_PAY_APPROVED:
        kstr_copy(s->pay.auth_code, sizeof(s->pay.auth_code), ev->text ? ev->text : "");
        s->pay.paid_amount = s->pay.amount;
        if (b) {
            b->owes_minor = 0;
            b->state = BILL_PAID;
        }
        s->copay.state = COPAY_PAID;
        break;
    case FLOW_PAY_UNCONFIRMED:
        s->cards_off = true;
        s->copay.state = COPAY_UNCONFIRMED;
        break;
    case FLOW_PAY_CANCELLED: /* Cancel at the terminal: nothing charged, choose again */
        s->copay.state = COPAY_OFFERED;
        flow_go(s, SCR_COPAY, ev->mono_ms);
        return true;
    case FLOW_PAY_DECLINED:
    case FLOW_PAY_FUNDS:
    case FLOW_PAY_UNAVAILABLE:
        s->copay.state = COPAY_DESK;
        break;
    }
    flow_checkin_next(s, ev->mono_ms, fx);
    return true;
}
