/* The bill and payment journey in the pure flow: what the patient sees and
 * which effects the app is asked for, event by event. */
#include "firmware/flow/flow.h"
#include "ktest.h"

#include <stdio.h>
#include <string.h>

#define T0_WALL 1773136800000LL /* 2026-03-10 10:00:00 UTC */

static const struct flow_config cfg = {
    .warn_ms = 45000,
    .clear_ms = 60000,
    .done_ms = 20000,
    .early_ms = 1800000,
    .late_ms = 900000,
    .max_attempts = 3,
    .min_pay_minor = 500,
    .default_lang = "en",
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
    ev.wall_ms = T0_WALL + r->mono;
    ev.local = (struct kdate){.year = 2026, .month = 3, .day = 10, .hour = 10, .weekday = 2};
    return ev;
}

static bool tap(struct run *r, const char *w)
{
    struct flow_event ev = ev_of(r, EV_TAP);
    ev.widget = w;
    return flow_step(&r->s, &ev, &r->fx);
}

static bool has_fx(const struct run *r, enum flow_fx_kind k, const struct flow_fx **out)
{
    for (int i = 0; i < r->fx.count; i++)
        if (r->fx.fx[i].kind == k) {
            if (out)
                *out = &r->fx.fx[i];
            return true;
        }
    return false;
}

static void bill(struct bill_info *b, int64_t id, enum bill_state st, int64_t owes)
{
    memset(b, 0, sizeof(*b));
    b->id = id;
    strcpy(b->ref, "inv-1");
    strcpy(b->currency, "USD");
    b->state = st;
    b->total_minor = 25000;
    b->owes_minor = owes;
    b->line_count = 1;
    strcpy(b->lines[0].description, "Blood test");
}

/* Pay a bill: card, then the date of birth; the bills arrive. */
static enum ktest_result identify(struct run *r, int bills, bool cards_off)
{
    static struct patient_match m;
    static struct bill_set set;
    memset(r, 0, sizeof(*r));
    r->mono = 5000;
    flow_init(&r->s, &cfg, r->mono);
    tap(r, "action.pay");
    KT_EQ_INT(r->s.screen, SCR_SURNAME);
    struct flow_event ev = ev_of(r, EV_CARD);
    ev.text = "6001000000000017";
    flow_step(&r->s, &ev, &r->fx);
    KT_ASSERT(has_fx(r, FX_LOOKUP_CARD, NULL));
    memset(&m, 0, sizeof(m));
    m.matches = 1;
    m.patient.id = 7;
    strcpy(m.patient.birth_date, "1984-03-02");
    ev = ev_of(r, EV_LOOKUP_DONE);
    ev.match = &m;
    flow_step(&r->s, &ev, &r->fx);
    /* One identifier: nothing about money yet. */
    KT_EQ_INT(r->s.screen, SCR_DOB);
    KT_EQ_INT(r->fx.count, 0);
    ev = ev_of(r, EV_TEXT);
    ev.field = "dob";
    ev.text = "1984-03-02";
    flow_step(&r->s, &ev, &r->fx);
    tap(r, "next");
    const struct flow_fx *f;
    KT_ASSERT(has_fx(r, FX_LOAD_BILLS, &f));
    KT_EQ_INT(f->id, 7);
    KT_ASSERT(r->s.busy);
    memset(&set, 0, sizeof(set));
    set.count = bills;
    bill(&set.bills[0], 31, BILL_OPEN, 6500);
    bill(&set.bills[1], 32, BILL_PAID, 0);
    ev = ev_of(r, EV_BILLS_DONE);
    ev.bills = &set;
    ev.cards_off = cards_off;
    flow_step(&r->s, &ev, &r->fx);
    KT_EQ_INT(r->s.screen, bills == 1 ? SCR_BILL : SCR_BILLS);
    return KTEST_PASS;
}

static enum ktest_result wrong_birthday_shows_no_bill(void)
{
    struct run r = {0};
    static struct patient_match m;
    r.mono = 5000;
    flow_init(&r.s, &cfg, r.mono);
    tap(&r, "action.pay");
    struct flow_event ev = ev_of(&r, EV_CARD);
    ev.text = "6001000000000017";
    flow_step(&r.s, &ev, &r.fx);
    m.matches = 1;
    m.patient.id = 7;
    strcpy(m.patient.birth_date, "1984-03-02");
    ev = ev_of(&r, EV_LOOKUP_DONE);
    ev.match = &m;
    flow_step(&r.s, &ev, &r.fx);
    ev = ev_of(&r, EV_TEXT);
    ev.field = "dob";
    ev.text = "1984-03-03";
    flow_step(&r.s, &ev, &r.fx);
    tap(&r, "next");
    KT_EQ_INT(r.s.screen, SCR_NOT_FOUND);
    KT_ASSERT(!has_fx(&r, FX_LOAD_BILLS, NULL));
    return KTEST_PASS;
}

static enum ktest_result full_payment_once(void)
{
    struct run r;
    const struct flow_fx *f;
    if (identify(&r, 1, false) != KTEST_PASS)
        return KTEST_FAIL;
    tap(&r, "pay");
    KT_EQ_INT(r.s.screen, SCR_PAY_AMOUNT);
    tap(&r, "amount.full");
    KT_EQ_INT(r.s.screen, SCR_PAY_CONFIRM);
    KT_EQ_INT(r.s.pay.amount, 6500);
    tap(&r, "confirm");
    /* "Pay now" asks the terminal at once: the card goes there. */
    KT_EQ_INT(r.s.screen, SCR_PAY_CARD);
    KT_ASSERT(has_fx(&r, FX_PAY, &f));
    KT_EQ_INT(f->id, 31);
    KT_EQ_INT(f->amount, 6500);
    /* A second tap while the terminal is asked does nothing; a bank card
     * swiped on the kiosk's reader is refused with "use the terminal". */
    tap(&r, "confirm");
    KT_EQ_INT(r.fx.count, 0);
    struct flow_event ev = ev_of(&r, EV_PAY_CARD);
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.fx.count, 0);
    KT_EQ_INT(r.s.notice, NOTICE_PAYMENT_CARD);
    tap(&r, "back");
    KT_EQ_INT(r.s.screen, SCR_PAY_CARD);
    /* However long the bank takes, no timeout takes the session away. */
    KT_EQ_INT(flow_next_deadline(&r.s, r.mono), -1);
    r.mono += 10 * 60 * 1000;
    ev = ev_of(&r, EV_TICK);
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_PAY_CARD);
    KT_EQ_INT(r.fx.count, 0);
    ev = ev_of(&r, EV_PAY_DONE);
    ev.pay = FLOW_PAY_APPROVED;
    ev.text = "A123456";
    ev.field = "Visa";
    ev.text2 = "1111";
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_PAY_RECEIPT);
    KT_EQ_INT(r.s.notice, NOTICE_NONE);
    KT_ASSERT(flow_next_deadline(&r.s, r.mono) >= r.mono + cfg.warn_ms); /* full time again */
    KT_EQ_STR(r.s.pay.auth_code, "A123456");
    KT_EQ_STR(r.s.pay.card_last4, "1111");
    KT_EQ_INT(r.s.bills.bills[0].owes_minor, 0);
    KT_EQ_INT(r.s.bills.bills[0].state, BILL_PAID);
    tap(&r, "receipt.both");
    KT_ASSERT(has_fx(&r, FX_PRINT_RECEIPT, NULL));
    ev = ev_of(&r, EV_RECEIPT_DONE);
    ev.err = KIOSK_ERR_PAPER_OUT;
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_PAY_DONE);
    KT_ASSERT(r.s.pay.receipt_failed);
    tap(&r, "finish");
    KT_EQ_INT(r.s.screen, SCR_WELCOME);
    KT_EQ_INT(r.s.bills.count, 0);
    KT_EQ_STR(r.s.pay.card_last4, "");
    return KTEST_PASS;
}

/* Taps each key of a space-separated list ("6 5 decimal 0 1"). */
static void keys(struct run *r, const char *list)
{
    char buf[128], id[32];
    snprintf(buf, sizeof(buf), "%s", list);
    for (char *k = strtok(buf, " "); k; k = strtok(NULL, " ")) {
        snprintf(id, sizeof(id), "key.%s", k);
        tap(r, id);
    }
}

static enum ktest_result other_amount_limits(void)
{
    struct run r;
    if (identify(&r, 1, false) != KTEST_PASS)
        return KTEST_FAIL;
    tap(&r, "pay");
    tap(&r, "key.1"); /* the keypad is not out yet */
    KT_EQ_STR(r.s.pay.amount_text, "");
    tap(&r, "amount.other");
    keys(&r, "0 0 4 decimal 9 9 9"); /* no leading zeros, two decimals at most */
    KT_EQ_STR(r.s.pay.amount_text, "4.99");
    tap(&r, "next");
    KT_EQ_INT(r.s.notice, NOTICE_AMOUNT_LOW); /* 4.99 < 5.00 */
    KT_EQ_INT(r.s.screen, SCR_PAY_AMOUNT);
    KT_EQ_STR(r.s.pay.amount_text, "4.99"); /* nothing typed is lost */
    keys(&r, "backspace backspace backspace backspace");
    keys(&r, "6 5 decimal decimal 0 1");
    KT_EQ_STR(r.s.pay.amount_text, "65.01");
    tap(&r, "next");
    KT_EQ_INT(r.s.notice, NOTICE_AMOUNT_HIGH); /* 65.01 > 65.00 */
    keys(&r, "backspace backspace backspace backspace backspace");
    keys(&r, "6 decimal 5");
    KT_EQ_INT(r.s.notice, NOTICE_NONE);
    tap(&r, "next");
    KT_EQ_INT(r.s.screen, SCR_PAY_CONFIRM);
    KT_EQ_INT(r.s.pay.amount, 650);
    if (identify(&r, 1, false) != KTEST_PASS)
        return KTEST_FAIL;
    tap(&r, "pay");
    tap(&r, "amount.other");
    keys(&r, "2 0"); /* whole units: 20, not 0.20 */
    tap(&r, "next");
    KT_EQ_INT(r.s.screen, SCR_PAY_CONFIRM);
    KT_EQ_INT(r.s.pay.amount, 2000);
    return KTEST_PASS;
}

static enum ktest_result other_amount_separator_first(void)
{
    struct run r;
    if (identify(&r, 1, false) != KTEST_PASS)
        return KTEST_FAIL;
    tap(&r, "pay");
    tap(&r, "amount.other");
    keys(&r, "decimal 5");
    KT_EQ_STR(r.s.pay.amount_text, "0.5"); /* a leading separator is "0," */
    keys(&r, "backspace backspace backspace");
    KT_EQ_STR(r.s.pay.amount_text, "");
    keys(&r, "9 9 9 9 9 9 9 9"); /* seven whole digits at most */
    KT_EQ_STR(r.s.pay.amount_text, "9999999");
    tap(&r, "next");
    KT_EQ_INT(r.s.notice, NOTICE_AMOUNT_HIGH);
    return KTEST_PASS;
}

static enum ktest_result amount_parse_as_written(void)
{
    int64_t m = -1;
    KT_ASSERT(flow_amount_parse("20,50", ',', &m));
    KT_EQ_INT(m, 2050);
    KT_ASSERT(flow_amount_parse("20.5", '.', &m));
    KT_EQ_INT(m, 2050);
    KT_ASSERT(flow_amount_parse("20", ',', &m));
    KT_EQ_INT(m, 2000);
    KT_ASSERT(flow_amount_parse("20,", ',', &m));
    KT_EQ_INT(m, 2000);
    KT_ASSERT(flow_amount_parse("0,5", ',', &m));
    KT_EQ_INT(m, 50);
    KT_ASSERT(flow_amount_parse(",5", ',', &m));
    KT_EQ_INT(m, 50);
    KT_ASSERT(flow_amount_parse("0.01", '.', &m));
    KT_EQ_INT(m, 1);
    KT_ASSERT(flow_amount_parse("9999999.99", '.', &m));
    KT_EQ_INT(m, 999999999);
    m = 7;
    KT_ASSERT(!flow_amount_parse("20,505", ',', &m)); /* three decimals */
    KT_ASSERT(!flow_amount_parse("20.50", ',', &m));  /* the other language's separator */
    KT_ASSERT(!flow_amount_parse("1,2,3", ',', &m));
    KT_ASSERT(!flow_amount_parse(",", ',', &m));
    KT_ASSERT(!flow_amount_parse("", ',', &m));
    KT_ASSERT(!flow_amount_parse("12345678", '.', &m)); /* eight whole digits */
    KT_ASSERT(!flow_amount_parse("-5", '.', &m));
    KT_EQ_INT(m, 7); /* untouched when refused */
    return KTEST_PASS;
}

static enum ktest_result declined_then_other_ways(void)
{
    struct run r;
    if (identify(&r, 1, false) != KTEST_PASS)
        return KTEST_FAIL;
    tap(&r, "pay");
    tap(&r, "amount.full");
    tap(&r, "confirm");
    struct flow_event ev = ev_of(&r, EV_PAY_DONE);
    ev.pay = FLOW_PAY_FUNDS;
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_PAY_DECLINED);
    KT_EQ_INT(r.s.bills.bills[0].owes_minor, 6500);
    tap(&r, "retry");
    KT_EQ_INT(r.s.screen, SCR_PAY_CARD);
    KT_ASSERT(has_fx(&r, FX_PAY, NULL)); /* another card: the terminal is asked again */
    /* Cancel tells the terminal once; its answer ends the wait. */
    tap(&r, "pay.cancel");
    KT_ASSERT(has_fx(&r, FX_PAY_ABORT, NULL));
    KT_ASSERT(r.s.pay.cancelling);
    tap(&r, "pay.cancel");
    KT_EQ_INT(r.fx.count, 0);
    KT_EQ_INT(r.s.screen, SCR_PAY_CARD);
    ev = ev_of(&r, EV_PAY_DONE);
    ev.pay = FLOW_PAY_CANCELLED;
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_PAY_DECLINED);
    KT_ASSERT(!r.s.pay.cancelling);
    KT_EQ_INT(r.s.bills.bills[0].owes_minor, 6500);
    tap(&r, "retry");
    KT_EQ_INT(r.s.screen, SCR_PAY_CARD);
    ev = ev_of(&r, EV_PAY_DONE);
    ev.pay = FLOW_PAY_UNAVAILABLE;
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_PAY_OTHER);
    /* Cards are off for the rest of the session: Pay goes to the other ways. */
    tap(&r, "back");
    KT_EQ_INT(r.s.screen, SCR_BILL);
    tap(&r, "pay");
    KT_EQ_INT(r.s.screen, SCR_PAY_OTHER);
    return KTEST_PASS;
}

static enum ktest_result paid_and_disputed_bills_take_no_payment(void)
{
    struct run r;
    if (identify(&r, 2, false) != KTEST_PASS)
        return KTEST_FAIL;
    /* The list pages like a statement's lines: never past the last one. */
    tap(&r, "bills.back");
    KT_EQ_INT(r.s.first_bill, 0);
    tap(&r, "bills.more");
    tap(&r, "bills.more");
    KT_EQ_INT(r.s.first_bill, 1);
    tap(&r, "bills.back");
    KT_EQ_INT(r.s.first_bill, 0);
    KT_EQ_INT(r.s.screen, SCR_BILLS);
    tap(&r, "bill.1");
    KT_EQ_INT(r.s.screen, SCR_BILL);
    tap(&r, "pay");
    KT_EQ_INT(r.s.screen, SCR_BILL);
    tap(&r, "explain");
    KT_EQ_INT(r.s.screen, SCR_GLOSSARY);
    tap(&r, "back");
    KT_EQ_INT(r.s.screen, SCR_BILL);
    tap(&r, "back");
    KT_EQ_INT(r.s.screen, SCR_BILLS);
    tap(&r, "bill.7");
    KT_EQ_INT(r.s.screen, SCR_BILLS);
    static const enum bill_state held[] = {BILL_DISPUTE, BILL_PLAN, BILL_CHECKING};
    for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++) {
        r.s.bills.bills[0].state = held[i];
        tap(&r, "bill.0");
        tap(&r, "pay");
        KT_EQ_INT(r.s.screen, SCR_BILL);
        tap(&r, "back");
        KT_EQ_INT(r.s.screen, SCR_BILLS);
    }
    return KTEST_PASS;
}

static enum ktest_result more_lines_a_tap_away(void)
{
    struct run r;
    if (identify(&r, 1, false) != KTEST_PASS)
        return KTEST_FAIL;
    r.s.bills.bills[0].line_count = 3;
    tap(&r, "lines.back");
    KT_EQ_INT(r.s.first_line, 0);
    tap(&r, "lines.more");
    tap(&r, "lines.more");
    tap(&r, "lines.more"); /* the last line is the last first line */
    KT_EQ_INT(r.s.first_line, 2);
    tap(&r, "lines.back");
    KT_EQ_INT(r.s.first_line, 1);
    /* The glossary pages on its own: back at the bill, the lines stay. */
    tap(&r, "explain");
    tap(&r, "page.next");
    tap(&r, "page.next");
    tap(&r, "back");
    KT_EQ_INT(r.s.screen, SCR_BILL);
    KT_EQ_INT(r.s.first_line, 1);
    KT_EQ_INT(r.s.screen, SCR_BILL);
    return KTEST_PASS;
}

static enum ktest_result no_cards_go_to_other_ways(void)
{
    struct run r;
    if (identify(&r, 1, true) != KTEST_PASS)
        return KTEST_FAIL;
    tap(&r, "pay");
    KT_EQ_INT(r.s.screen, SCR_PAY_OTHER);
    return KTEST_PASS;
}

static enum ktest_result bank_card_on_welcome_is_explained(void)
{
    struct run r = {.mono = 5000};
    flow_init(&r.s, &cfg, r.mono);
    struct flow_event ev = ev_of(&r, EV_PAY_CARD);
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_WELCOME);
    KT_EQ_INT(r.s.notice, NOTICE_PAYMENT_CARD);
    KT_EQ_INT(r.fx.count, 0);
    return KTEST_PASS;
}

static enum ktest_result question_with_callback_number(void)
{
    struct run r;
    const struct flow_fx *f;
    if (identify(&r, 1, false) != KTEST_PASS)
        return KTEST_FAIL;
    tap(&r, "question");
    KT_EQ_INT(r.s.screen, SCR_QUESTION);
    tap(&r, "topic.plan");
    KT_EQ_INT(r.s.screen, SCR_QUESTION_PHONE);
    tap(&r, "key.5");
    tap(&r, "next");
    KT_EQ_INT(r.s.notice, NOTICE_PHONE_SHORT);
    KT_EQ_INT(r.fx.count, 0);
    const char *digits = "55501234";
    for (const char *p = digits + 1; *p; p++) {
        char k[8] = "key.x";
        k[4] = *p;
        tap(&r, k);
    }
    tap(&r, "next");
    KT_ASSERT(has_fx(&r, FX_BILLING_QUESTION, &f));
    KT_EQ_STR(f->text, "plan");
    KT_EQ_STR(f->text2, "55501234");
    KT_EQ_INT(f->id, 31);
    struct flow_event ev = ev_of(&r, EV_QUESTION_DONE);
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_QUESTION_SENT);
    KT_ASSERT(r.s.question.sent);
    /* A note of it on paper; out of paper, the screen keeps the details. */
    tap(&r, "print");
    KT_ASSERT(has_fx(&r, FX_PRINT_NOTE, NULL));
    ev = ev_of(&r, EV_RECEIPT_DONE);
    ev.err = KIOSK_ERR_PAPER_OUT;
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_QUESTION_SENT);
    KT_EQ_INT(r.s.notice, NOTICE_NOTE_FAILED);
    return KTEST_PASS;
}

/* Someone without an appointment today is not in the cache: to pay, the
 * server is asked (FX_LOOKUP_* online), the screen says so and no timeout
 * ends the session meanwhile; the answer continues as a local one would. */
static enum ktest_result server_asked_for_patients_not_here(void)
{
    static struct patient_match none, m;
    struct run r = {0};
    r.mono = 5000;
    flow_init(&r.s, &cfg, r.mono);
    tap(&r, "action.pay");
    struct flow_event ev = ev_of(&r, EV_TEXT);
    ev.field = "surname";
    ev.text = "Okafor";
    flow_step(&r.s, &ev, &r.fx);
    tap(&r, "next");
    KT_EQ_INT(r.s.screen, SCR_DOB);
    ev = ev_of(&r, EV_TEXT);
    ev.field = "dob";
    ev.text = "1955-05-05";
    flow_step(&r.s, &ev, &r.fx);
    tap(&r, "next");
    const struct flow_fx *f;
    KT_ASSERT(has_fx(&r, FX_LOOKUP_NAME_DOB, &f));
    KT_ASSERT(f->online);
    /* Nobody here: the app asks the server. */
    ev = ev_of(&r, EV_LOOKUP_ASKING);
    KT_ASSERT(flow_step(&r.s, &ev, &r.fx));
    KT_EQ_INT(r.s.screen, SCR_SEARCHING);
    KT_EQ_STR(flow_screen_id(r.s.screen), "searching");
    KT_ASSERT(r.s.busy);
    KT_EQ_INT(flow_next_deadline(&r.s, r.mono), -1);
    r.mono += 10 * cfg.clear_ms;
    ev = ev_of(&r, EV_TICK);
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_SEARCHING); /* the app bounds the wait, not the timeout */
    KT_ASSERT(!tap(&r, "finish"));
    KT_ASSERT(!tap(&r, "help"));
    KT_EQ_INT(r.s.screen, SCR_SEARCHING);
    /* Found there: two identifiers matched, so the bills are read. */
    memset(&m, 0, sizeof(m));
    m.matches = 1;
    m.patient.id = 12;
    ev = ev_of(&r, EV_LOOKUP_DONE);
    ev.match = &m;
    flow_step(&r.s, &ev, &r.fx);
    KT_ASSERT(has_fx(&r, FX_LOAD_BILLS, &f));
    KT_EQ_INT(f->id, 12);

    /* Server unreachable: not found, and the screen says why. */
    flow_init(&r.s, &cfg, r.mono);
    tap(&r, "action.pay");
    ev = ev_of(&r, EV_CARD);
    ev.text = "6001000000000002";
    flow_step(&r.s, &ev, &r.fx);
    KT_ASSERT(has_fx(&r, FX_LOOKUP_CARD, &f));
    KT_ASSERT(f->online);
    ev = ev_of(&r, EV_LOOKUP_ASKING);
    flow_step(&r.s, &ev, &r.fx);
    memset(&none, 0, sizeof(none));
    ev = ev_of(&r, EV_LOOKUP_DONE);
    ev.match = &none;
    ev.offline = true;
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_SURNAME);
    KT_EQ_INT(r.s.notice, NOTICE_RECORDS_OFFLINE);
    KT_ASSERT(!r.s.busy);

    /* Checking in: today's appointments are all here, the server is not
     * asked for a card or a name; a scanned code may be a statement's. */
    flow_init(&r.s, &cfg, r.mono);
    ev = ev_of(&r, EV_CARD);
    ev.text = "6001000000000002";
    flow_step(&r.s, &ev, &r.fx);
    KT_ASSERT(has_fx(&r, FX_LOOKUP_CARD, &f));
    KT_ASSERT(!f->online);
    flow_init(&r.s, &cfg, r.mono);
    ev = ev_of(&r, EV_SCAN);
    ev.text = "inv-p2";
    flow_step(&r.s, &ev, &r.fx);
    KT_ASSERT(has_fx(&r, FX_LOOKUP_CODE, &f));
    KT_ASSERT(f->online);
    /* An answer nobody waits for any more changes nothing. */
    flow_init(&r.s, &cfg, r.mono);
    ev = ev_of(&r, EV_LOOKUP_ASKING);
    KT_ASSERT(!flow_step(&r.s, &ev, &r.fx));
    KT_EQ_INT(r.s.screen, SCR_WELCOME);

    /* Cancel while searching: back to welcome, the app told to drop the
     * search, and its late answer changes nothing. */
    flow_init(&r.s, &cfg, r.mono);
    tap(&r, "action.pay");
    ev = ev_of(&r, EV_CARD);
    ev.text = "6001000000000002";
    flow_step(&r.s, &ev, &r.fx);
    ev = ev_of(&r, EV_LOOKUP_ASKING);
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_SEARCHING);
    KT_ASSERT(tap(&r, "cancel"));
    KT_EQ_INT(r.s.screen, SCR_WELCOME);
    KT_ASSERT(has_fx(&r, FX_SESSION_CLEARED, &f));
    KT_ASSERT(!r.s.busy);
    ev = ev_of(&r, EV_LOOKUP_DONE);
    ev.match = &m;
    KT_ASSERT(!flow_step(&r.s, &ev, &r.fx));
    KT_EQ_INT(r.s.screen, SCR_WELCOME);
    return KTEST_PASS;
}

/* An answer to an effect that comes when the flow no longer waits (the
 * session ended while the printer, the bank or the server took its time)
 * changes nothing. */
static enum ktest_result late_answers_change_nothing(void)
{
    static const enum flow_event_kind answers[] = {
        EV_LOOKUP_DONE, EV_LOOKUP_ASKING, EV_CHECKIN_DONE, EV_PRINT_DONE,   EV_GUIDE_PRINTED,
        EV_HELP_DONE,   EV_BILLS_DONE,    EV_PAY_DONE,     EV_RECEIPT_DONE, EV_QUESTION_DONE};
    static struct patient_match m;
    static struct bill_set bills;
    struct run r = {0};
    r.mono = 5000;
    for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
        flow_init(&r.s, &cfg, r.mono);
        struct flow_event ev = ev_of(&r, answers[i]);
        m.matches = 1;
        bills.count = 1;
        ev.match = &m;
        ev.bills = &bills;
        KT_ASSERT(!flow_step(&r.s, &ev, &r.fx));
        KT_EQ_INT(r.s.screen, SCR_WELCOME);
        KT_EQ_INT(r.s.notice, NOTICE_NONE);
        KT_EQ_INT(r.fx.count, 0);
    }
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"wrong_birthday_shows_no_bill", wrong_birthday_shows_no_bill},
    {"full_payment_once", full_payment_once},
    {"other_amount_limits", other_amount_limits},
    {"other_amount_separator_first", other_amount_separator_first},
    {"amount_parse_as_written", amount_parse_as_written},
    {"declined_then_other_ways", declined_then_other_ways},
    {"paid_and_disputed_bills_take_no_payment", paid_and_disputed_bills_take_no_payment},
    {"more_lines_a_tap_away", more_lines_a_tap_away},
    {"no_cards_go_to_other_ways", no_cards_go_to_other_ways},
    {"bank_card_on_welcome_is_explained", bank_card_on_welcome_is_explained},
    {"question_with_callback_number", question_with_callback_number},
    {"server_asked_for_patients_not_here", server_asked_for_patients_not_here},
    {"late_answers_change_nothing", late_answers_change_nothing},
};

KTEST_MAIN(tests)
