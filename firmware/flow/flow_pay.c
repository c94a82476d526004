/* Paying the open statement: the full balance or another amount, the
 * payment terminal, a decline or a cancel, the other ways to pay, the
 * receipt. The kiosk never sees card data: "Pay now" asks the terminal
 * (FX_PAY) and the patient's card goes there; the answer brings the brand
 * and the last 4 digits only. */
#include "firmware/flow/flow_private.h"
#include "firmware/core/str.h"

#include <string.h>

void flow_pay_start(struct flow_state *s, int64_t now)
{
    if (s->cards_off && !flow_payqr_offered(s)) {
        s->pay.result = FLOW_PAY_UNAVAILABLE;
        flow_go(s, SCR_PAY_OTHER, now);
        return;
    }
    s->pay.other = false;
    s->pay.amount_text[0] = '\0';
    s->notice = NOTICE_NONE;
    flow_go(s, SCR_PAY_AMOUNT, now);
}

bool flow_amount_parse(const char *text, char sep, int64_t *minor)
{
    int64_t whole = 0, frac = 0;
    int whole_n = 0, frac_n = -1; /* -1: no separator yet */
    if (!text || !text[0])
        return false;
    for (const char *p = text; *p; p++) {
        if (*p == sep) {
            if (frac_n >= 0)
                return false;
            frac_n = 0;
        } else if (*p < '0' || *p > '9') {
            return false;
        } else if (frac_n < 0) {
            if (++whole_n > FLOW_AMOUNT_WHOLE)
                return false;
            whole = whole * 10 + (*p - '0');
        } else {
            if (++frac_n > FLOW_AMOUNT_DECIMALS)
                return false;
            frac = frac * 10 + (*p - '0');
        }
    }
    if (whole_n == 0 && frac_n <= 0)
        return false; /* "," alone */
    for (int k = frac_n < 0 ? 0 : frac_n; k < FLOW_AMOUNT_DECIMALS; k++)
        frac *= 10;
    *minor = whole * 100 + frac;
    return true;
}

/* One key on the amount keypad: a digit (no leading zeros, at most two
 * decimals), the decimal separator (once; "0." when first; a typed "," or
 * "." is the same key) or Delete.
 * Kept as typed with '.' whatever the language writes. */
static void amount_key(char *text, const char *key)
{
    size_t n = strlen(text);
    const char *dot = strchr(text, '.');
    if (flow_is(key, "backspace")) {
        if (n > 0)
            text[n - 1] = '\0';
    } else if (flow_is(key, "decimal") || flow_is(key, "comma") || flow_is(key, "dot")) {
        if (!dot && n + 2 <= FLOW_AMOUNT_TEXT)
            kstr_append(text, FLOW_AMOUNT_TEXT + 1, n == 0 ? "0." : ".");
    } else if (strlen(key) == 1 && key[0] >= '0' && key[0] <= '9') {
        if (dot ? strlen(dot + 1) >= FLOW_AMOUNT_DECIMALS : n >= FLOW_AMOUNT_WHOLE)
            return;
        if (!dot && n == 1 && text[0] == '0')
            n = 0; /* "0" then "5" is 5 */
        text[n] = key[0];
        text[n + 1] = '\0';
    }
}

static void amount_next(struct flow_state *s, const struct bill_info *b, int64_t now)
{
    int64_t amount = 0;
    if (!flow_amount_parse(s->pay.amount_text, '.', &amount))
        amount = 0;
    /* A balance below the minimum can still be paid in full. */
    int64_t min = s->cfg.min_pay_minor < b->owes_minor ? s->cfg.min_pay_minor : b->owes_minor;
    if (amount < min || amount <= 0) {
        s->notice = NOTICE_AMOUNT_LOW;
        return;
    }
    if (amount > b->owes_minor) {
        s->notice = NOTICE_AMOUNT_HIGH;
        return;
    }
    s->notice = NOTICE_NONE;
    s->pay.amount = amount;
    flow_go(s, SCR_PAY_CONFIRM, now);
}

void flow_pay_amount_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    const struct bill_info *b = flow_current_bill(s);
    (void)fx;
    if (!flow_bill_payable(b))
        return;
    if (flow_is(w, "amount.full")) {
        s->pay.amount = b->owes_minor;
        s->notice = NOTICE_NONE;
        flow_go(s, SCR_PAY_CONFIRM, ev->mono_ms);
    } else if (flow_is(w, "amount.other")) {
        s->pay.other = true;
    } else if (s->pay.other && flow_has_prefix(w, "key.")) {
        s->notice = NOTICE_NONE;
        amount_key(s->pay.amount_text, w + 4);
    } else if (s->pay.other && flow_is(w, "next")) {
        amount_next(s, b, ev->mono_ms);
    } else if (flow_is(w, "back")) {
        s->notice = NOTICE_NONE;
        flow_go(s, SCR_BILL, ev->mono_ms);
    }
}

/* Ask the terminal for the amount: the screen says to use the terminal
 * while the app waits for its answer. */
static void start_payment(struct flow_state *s, int64_t now, struct flow_fx_list *fx)
{
    const struct bill_info *b = flow_current_bill(s);
    if (!flow_bill_payable(b))
        return;
    s->pay.card_brand[0] = '\0';
    s->pay.card_last4[0] = '\0';
    s->pay.cancelling = false;
    s->notice = NOTICE_NONE;
    flow_go(s, SCR_PAY_CARD, now);
    struct flow_fx *f = flow_fx_add(fx, FX_PAY);
    f->id = b->id;
    f->amount = s->pay.amount;
    s->busy = true;
}

void flow_pay_confirm_tap(struct flow_state *s, const struct flow_event *ev,
                          struct flow_fx_list *fx)
{
    if (flow_is(ev->widget, "confirm.qr"))
        flow_payqr_start(s, ev, fx);
    else if (flow_is(ev->widget, "confirm") && !s->cards_off)
        start_payment(s, ev->mono_ms, fx);
}

/* Cancel while the terminal waits: it is told, and its answer (usually
 * "cancelled") ends the wait. A second Cancel changes nothing. */
void flow_pay_cancel(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    (void)ev;
    if (!s->busy || s->screen != SCR_PAY_CARD || s->pay.cancelling)
        return;
    s->pay.cancelling = true;
    flow_fx_add(fx, FX_PAY_ABORT);
}

void flow_pay_declined_tap(struct flow_state *s, const struct flow_event *ev,
                           struct flow_fx_list *fx)
{
    if (flow_is(ev->widget, "retry"))
        start_payment(s, ev->mono_ms, fx);
    else if (flow_is(ev->widget, "other"))
        flow_go(s, SCR_PAY_OTHER, ev->mono_ms);
}

void flow_pay_other_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    (void)fx;
    /* After an unconfirmed payment there is no way back to paying again. */
    if (flow_is(ev->widget, "back") && s->pay.result != FLOW_PAY_UNCONFIRMED)
        flow_go(s, SCR_BILL, ev->mono_ms);
}

void flow_pay_receipt_tap(struct flow_state *s, const struct flow_event *ev,
                          struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    enum receipt_choice r = flow_is(w, "receipt.print")    ? RECEIPT_PRINT
                            : flow_is(w, "receipt.screen") ? RECEIPT_SCREEN
                            : flow_is(w, "receipt.both")   ? RECEIPT_BOTH
                                                           : RECEIPT_NONE;
    if (flow_receipt_send_tap(s, ev, fx)) /* by SMS or e-mail (flow_receipt.c) */
        return;
    if (r == RECEIPT_NONE)
        return;
    s->pay.receipt = r;
    if (r == RECEIPT_SCREEN) {
        flow_go(s, SCR_PAY_DONE, ev->mono_ms);
    } else {
        flow_fx_add(fx, FX_PRINT_RECEIPT);
        s->busy = true;
    }
}

void flow_pay_done_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    (void)fx;
    if (flow_is(ev->widget, "bills") && s->bills.count > 1)
        flow_go(s, SCR_BILLS, ev->mono_ms);
}

/* A payment card swiped on the patient-card reader: never taken there.
 * Where a swipe means something (identification, the terminal's screen)
 * the patient is told to use the payment terminal. */
bool flow_pay_card(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    (void)fx;
    s->last_input_ms = ev->mono_ms;
    s->warning = false;
    if (!flow_screen_row(s->screen)->accepts_identifier && s->screen != SCR_PAY_CARD &&
        s->screen != SCR_PAY_CONFIRM)
        return false;
    s->notice = NOTICE_PAYMENT_CARD;
    return true;
}

void flow_pay_paid(struct flow_state *s, const struct flow_event *ev)
{
    struct bill_info *b = flow_current_bill(s);
    if (!s->busy || s->screen != SCR_PAY_CARD)
        return; /* no payment was asked for */
    s->busy = false;
    s->pay.cancelling = false;
    s->last_input_ms = ev->mono_ms; /* the answer gives the patient their full time again */
    s->pay.result = ev->pay;
    kstr_copy(s->pay.card_brand, sizeof(s->pay.card_brand), ev->field ? ev->field : "");
    kstr_copy(s->pay.card_last4, sizeof(s->pay.card_last4), ev->text2 ? ev->text2 : "");
    if (s->notice == NOTICE_PAYMENT_CARD)
        s->notice = NOTICE_NONE;
    switch (ev->pay) {
    case FLOW_PAY_APPROVED:
        kstr_copy(s->pay.auth_code, sizeof(s->pay.auth_code), ev->text ? ev->text : "");
        s->pay.paid_amount = s->pay.amount;
        if (b) {
            b->owes_minor -= s->pay.amount;
            if (b->owes_minor <= 0) {
                b->owes_minor = 0;
                b->state = BILL_PAID;
            }
        }
        s->pay.receipt = RECEIPT_NONE;
        flow_go(s, SCR_PAY_RECEIPT, ev->mono_ms);
        break;
    case FLOW_PAY_DECLINED:
    case FLOW_PAY_FUNDS:
    case FLOW_PAY_CANCELLED:
        flow_go(s, SCR_PAY_DECLINED, ev->mono_ms);
        break;
    case FLOW_PAY_UNAVAILABLE:
    case FLOW_PAY_UNCONFIRMED:
        s->cards_off = true; /* for the rest of this session */
        flow_go(s, SCR_PAY_OTHER, ev->mono_ms);
        break;
    }
}

void flow_pay_receipt_printed(struct flow_state *s, const struct flow_event *ev)
{
    s->busy = false;
    s->pay.receipt_failed = ev->err != KIOSK_OK;
    flow_go(s, SCR_PAY_DONE, ev->mono_ms);
}
