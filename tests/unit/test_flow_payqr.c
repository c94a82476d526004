/* Paying by Pix / UPI in the pure flow: the added choice on the confirm
 * screen only where the bill's currency is the configured scheme's, one
 * FX_QR_START however often it is tapped, the code's phases from the
 * service's answers, Cancel as the one tap a live code takes, the receipt
 * when paid, a new code only after an expiry. */
#include "firmware/flow/flow.h"
#include "ktest.h"

#include <string.h>

static const struct flow_config cfg = {
    .warn_ms = 45000,
    .clear_ms = 60000,
    .done_ms = 20000,
    .max_attempts = 3,
    .min_pay_minor = 500,
    .default_lang = "pt-BR",
    .qr_currency = "BRL",
};

struct run {
    struct flow_state s;
    struct flow_fx_list fx;
    int64_t mono;
};

static struct flow_event ev_of(struct run *r, enum flow_event_kind kind)
{
    struct flow_event ev = {.kind = kind};
    r->mono += 1000;
    ev.mono_ms = r->mono;
    ev.wall_ms = 1773136800000LL + r->mono;
    ev.local = (struct kdate){.year = 2026, .month = 3, .day = 10, .hour = 10, .weekday = 2};
    return ev;
}

static bool tap(struct run *r, const char *w)
{
    struct flow_event ev = ev_of(r, EV_TAP);
    ev.widget = w;
    return flow_step(&r->s, &ev, &r->fx);
}

static int count_fx(const struct run *r, enum flow_fx_kind k)
{
    int n = 0;
    for (int i = 0; i < r->fx.count; i++)
        n += r->fx.fx[i].kind == k;
    return n;
}

static void update(struct run *r, enum flow_qr_answer a, int left_s, const char *ref)
{
    struct flow_event ev = ev_of(r, EV_QR_UPDATE);
    ev.qr = a;
    ev.qr_left_s = left_s;
    ev.amount = 22590;
    ev.text = ref;
    flow_step(&r->s, &ev, &r->fx);
}

/* Identified, on the one statement (in currency), cards off or not. */
static enum ktest_result to_confirm(struct run *r, const char *currency, bool cards_off)
{
    static struct patient_match m;
    static struct bill_set set;
    memset(r, 0, sizeof(*r));
    r->mono = 5000;
    flow_init(&r->s, &cfg, r->mono);
    tap(r, "action.pay");
    struct flow_event ev = ev_of(r, EV_CARD);
    ev.text = "6001000000000017";
    flow_step(&r->s, &ev, &r->fx);
    memset(&m, 0, sizeof(m));
    m.matches = 1;
    m.patient.id = 7;
    strcpy(m.patient.birth_date, "1958-07-21");
    ev = ev_of(r, EV_LOOKUP_DONE);
    ev.match = &m;
    flow_step(&r->s, &ev, &r->fx);
    ev = ev_of(r, EV_TEXT);
    ev.field = "dob";
    ev.text = "1958-07-21";
    flow_step(&r->s, &ev, &r->fx);
    tap(r, "next");
    memset(&set, 0, sizeof(set));
    set.count = 1;
    struct bill_info *b = &set.bills[0];
    b->id = 41;
    strcpy(b->ref, "inv-41");
    strcpy(b->currency, currency);
    b->state = BILL_OPEN;
    b->total_minor = b->owes_minor = 22590;
    ev = ev_of(r, EV_BILLS_DONE);
    ev.bills = &set;
    ev.cards_off = cards_off;
    flow_step(&r->s, &ev, &r->fx);
    KT_EQ_INT(r->s.screen, SCR_BILL);
    tap(r, "pay");
    KT_EQ_INT(r->s.screen, SCR_PAY_AMOUNT);
    tap(r, "amount.full");
    KT_EQ_INT(r->s.screen, SCR_PAY_CONFIRM);
    return KTEST_PASS;
}

static enum ktest_result pix_paid_goes_to_the_receipt(void)
{
    struct run r;
    KT_EQ_INT(to_confirm(&r, "BRL", true), KTEST_PASS); /* no cards here: Pix still is */
    KT_ASSERT(flow_payqr_offered(&r.s));
    tap(&r, "confirm"); /* no card path without cards */
    KT_EQ_INT(r.s.screen, SCR_PAY_CONFIRM);
    tap(&r, "confirm.qr");
    KT_EQ_INT(count_fx(&r, FX_QR_START), 1);
    KT_EQ_INT(r.fx.fx[0].id, 41);
    KT_EQ_INT(r.fx.fx[0].amount, 22590);
    KT_EQ_INT(r.s.screen, SCR_PAY_QR);
    KT_EQ_INT(r.s.payqr.phase, QR_PHASE_PREPARING);
    KT_ASSERT(r.s.busy);
    /* A second tap while the code is made does nothing. */
    tap(&r, "confirm.qr");
    KT_EQ_INT(r.fx.count, 0);
    update(&r, FLOW_QR_ACTIVE, 300, NULL);
    KT_EQ_INT(r.s.payqr.phase, QR_PHASE_SHOWING);
    KT_EQ_INT(r.s.payqr.seconds_left, 300);
    KT_ASSERT(r.s.busy);
    /* While it waits, nothing times the patient out and only Cancel acts. */
    struct flow_event tick = ev_of(&r, EV_TICK);
    tick.mono_ms += 10 * 60 * 1000;
    flow_step(&r.s, &tick, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_PAY_QR);
    tap(&r, "back");
    tap(&r, "help");
    KT_EQ_INT(r.s.screen, SCR_PAY_QR);
    update(&r, FLOW_QR_ACTIVE, 290, NULL);
    update(&r, FLOW_QR_PAID, 0, "7ba3b2c1d4e5");
    KT_EQ_INT(r.s.screen, SCR_PAY_RECEIPT);
    KT_ASSERT(!r.s.busy);
    KT_EQ_INT(r.s.pay.result, FLOW_PAY_APPROVED);
    KT_EQ_INT(r.s.pay.paid_amount, 22590);
    KT_EQ_STR(r.s.pay.card_brand, "Pix");
    KT_EQ_STR(r.s.pay.auth_code, "7ba3b2c1d4e5");
    KT_EQ_INT(r.s.bills.bills[0].owes_minor, 0);
    KT_EQ_INT(r.s.bills.bills[0].state, BILL_PAID);
    /* A late answer about the same code changes nothing. */
    update(&r, FLOW_QR_PAID, 0, "again");
    KT_EQ_INT(r.s.screen, SCR_PAY_RECEIPT);
    KT_EQ_STR(r.s.pay.auth_code, "7ba3b2c1d4e5");
    return KTEST_PASS;
}

static enum ktest_result expired_offers_a_new_code_cancel_charges_nothing(void)
{
    struct run r;
    KT_EQ_INT(to_confirm(&r, "BRL", false), KTEST_PASS);
    tap(&r, "confirm.qr");
    update(&r, FLOW_QR_ACTIVE, 300, NULL);
    tap(&r, "qr.new"); /* not while the code can be paid */
    KT_EQ_INT(count_fx(&r, FX_QR_START), 0);
    update(&r, FLOW_QR_EXPIRED, 0, NULL);
    KT_EQ_INT(r.s.payqr.phase, QR_PHASE_EXPIRED);
    KT_ASSERT(!r.s.busy);
    KT_EQ_INT(r.s.bills.bills[0].owes_minor, 22590);
    tap(&r, "qr.new");
    KT_EQ_INT(count_fx(&r, FX_QR_START), 1);
    update(&r, FLOW_QR_ACTIVE, 300, NULL);
    tap(&r, "qr.cancel");
    KT_EQ_INT(count_fx(&r, FX_QR_CANCEL), 1);
    KT_EQ_INT(r.s.payqr.phase, QR_PHASE_CANCELLING);
    tap(&r, "qr.cancel"); /* one request at a time */
    KT_EQ_INT(count_fx(&r, FX_QR_CANCEL), 0);
    update(&r, FLOW_QR_REMOVED, 0, NULL);
    KT_EQ_INT(r.s.payqr.phase, QR_PHASE_CANCELLED);
    KT_EQ_INT(r.s.bills.bills[0].owes_minor, 22590);
    tap(&r, "back");
    KT_EQ_INT(r.s.screen, SCR_BILL);
    return KTEST_PASS;
}

static enum ktest_result unconfirmed_keeps_the_patient_from_paying_again(void)
{
    struct run r;
    KT_EQ_INT(to_confirm(&r, "BRL", false), KTEST_PASS);
    tap(&r, "confirm.qr");
    update(&r, FLOW_QR_UNCONFIRMED, 0, NULL);
    KT_EQ_INT(r.s.payqr.phase, QR_PHASE_UNCONFIRMED);
    tap(&r, "back");
    tap(&r, "qr.new");
    KT_EQ_INT(r.s.screen, SCR_PAY_QR);
    KT_EQ_INT(r.fx.count, 0);
    return KTEST_PASS;
}

static enum ktest_result other_currency_gets_no_qr(void)
{
    struct run r;
    KT_EQ_INT(to_confirm(&r, "USD", false), KTEST_PASS);
    KT_ASSERT(!flow_payqr_offered(&r.s));
    tap(&r, "confirm.qr");
    KT_EQ_INT(r.fx.count, 0);
    KT_EQ_INT(r.s.screen, SCR_PAY_CONFIRM);
    /* An update nobody asked for is ignored. */
    update(&r, FLOW_QR_PAID, 0, "x");
    KT_EQ_INT(r.s.screen, SCR_PAY_CONFIRM);
    tap(&r, "confirm");
    KT_EQ_INT(r.s.screen, SCR_PAY_CARD);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"pix_paid_goes_to_the_receipt", pix_paid_goes_to_the_receipt},
    {"expired_offers_a_new_code_cancel_charges_nothing",
     expired_offers_a_new_code_cancel_charges_nothing},
    {"unconfirmed_keeps_the_patient_from_paying_again",
     unconfirmed_keeps_the_patient_from_paying_again},
    {"other_currency_gets_no_qr", other_currency_gets_no_qr},
};
KTEST_MAIN(tests)
