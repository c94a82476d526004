/* The patient's statements and one statement in plain language: the way
 * into paying it or asking billing about it. */
#include "firmware/flow/flow_private.h"

struct bill_info *flow_current_bill(struct flow_state *s)
{
    return s->bill >= 0 && s->bill < s->bills.count ? &s->bills.bills[s->bill] : NULL;
}

bool flow_bill_payable(const struct bill_info *b)
{
    return b && b->state == BILL_OPEN && b->owes_minor > 0;
}

void flow_bills_load(struct flow_state *s, struct flow_fx_list *fx)
{
    /* Two identifiers matched: now the bills may be read. */
    struct flow_fx *f = flow_fx_add(fx, FX_LOAD_BILLS);
    f->id = s->match.patient.id;
    s->busy = true;
}

void flow_bills_done(struct flow_state *s, const struct flow_event *ev)
{
    s->busy = false;
    if (ev->err != KIOSK_OK || !ev->bills) {
        flow_go(s, SCR_UNAVAILABLE, ev->mono_ms);
        return;
    }
    s->bills = *ev->bills;
    s->cards_off = ev->cards_off;
    s->bill = s->bills.count == 1 ? 0 : -1;
    s->first_bill = 0;
    flow_go(s, s->bills.count == 1 ? SCR_BILL : SCR_BILLS, ev->mono_ms);
}

void flow_bills_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    int i = flow_widget_index(w, "bill.", s->bills.count);
    if (i >= 0) {
        s->bill = i;
        s->show_codes = false;
        s->first_line = 0;
        flow_go(s, SCR_BILL, ev->mono_ms);
    } else if (flow_is(w, "bills.more") && s->first_bill + 1 < s->bills.count) {
        s->first_bill++; /* the statements from the next one on */
    } else if (flow_is(w, "bills.back") && s->first_bill > 0) {
        s->first_bill--;
    } else if (flow_is(w, "back")) {
        flow_clear_session(s, ev->mono_ms, fx);
    }
}

void flow_bill_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    int64_t now = ev->mono_ms;
    const struct bill_info *b = flow_current_bill(s);
    if (!b)
        return;
    if (flow_is(w, "codes")) {
        s->show_codes = !s->show_codes;
    } else if (flow_is(w, "lines.more") && s->first_line + 1 < b->line_count) {
        s->first_line++; /* the lines from the next one on */
    } else if (flow_is(w, "lines.back") && s->first_line > 0) {
        s->first_line--;
    } else if (flow_is(w, "explain")) {
        flow_glossary_open(s, SCR_BILL, now);
    } else if (flow_is(w, "pay") && flow_bill_payable(b)) {
        flow_pay_start(s, now);
    } else if (flow_is(w, "question")) {
        flow_question_start(s, now);
    } else if (flow_is(w, "back")) {
        if (s->bills.count > 1)
            flow_go(s, SCR_BILLS, now);
        else
            flow_clear_session(s, now, fx);
    }
}
