/* Bills and payments in the store: what the patient sees of a statement,
 * and a payment that is recorded before it is sent and settled once. */
#include "firmware/store/store.h"
#include "firmware/store/store_sync.h"
#include "firmware/store/store_testing.h"
#include "ktest.h"

#include <stdio.h>
#include <string.h>

#define DEMO KIOSK_SOURCE_DIR "/assets/demo/demo-data.tsv"
#define T0   1795600000000LL /* a fixed "now" for the demo data */
#define KEY1 "7b1e2f40-0000-4000-8000-000000000001"
#define KEY2 "7b1e2f40-0000-4000-8000-000000000002"

static enum kiosk_err open_demo(struct store **st)
{
    enum kiosk_err err = store_open(":memory:", st);
    if (err == KIOSK_OK)
        err = store_load_demo(*st, DEMO, T0);
    return err;
}

static int64_t patient_by_card(struct store *st, const char *card)
{
    struct patient_match m;
    if (store_find_by_identifier(st, IDENT_CARD, card, 0, 1, &m) != KIOSK_OK || m.matches != 1)
        return 0;
    return m.patient.id;
}

static enum ktest_result ana_sees_her_itemised_bill(void)
{
    struct store *st;
    struct bill_set bills;
    KT_EQ_INT(open_demo(&st), KIOSK_OK);
    int64_t ana = patient_by_card(st, "6001000000000017");
    KT_ASSERT(ana > 0);
    KT_EQ_INT(store_bills_for_patient(st, ana, &bills), KIOSK_OK);
    KT_EQ_INT(bills.count, 1);
    const struct bill_info *b = &bills.bills[0];
    KT_EQ_STR(b->ref, "demo-ana-1");
    KT_EQ_STR(b->currency, "USD");
    KT_EQ_INT(b->state, BILL_OPEN);
    KT_EQ_INT(b->total_minor, 25000);
    KT_EQ_INT(b->insurance_minor, 17000);
    KT_EQ_INT(b->adjust_minor, 1500);
    KT_EQ_INT(b->owes_minor, 6500);
    KT_EQ_INT(b->line_count, 2);
    KT_EQ_STR(b->lines[0].code, "99214");
    KT_EQ_STR(b->lines[0].description, "Specialist visit with your heart doctor");
    KT_EQ_INT(b->lines[1].total_minor, 6500);
    KT_EQ_INT((int)strlen(b->due_date), 10);
    store_close(st);
    return KTEST_PASS;
}

/* The number on the paper statement (Invoice.identifier) is kept with the
 * statement and read with it; synced again without one, it is gone. */
static enum ktest_result a_statement_keeps_its_paper_number(void)
{
    struct store *st;
    struct bill_set bills;
    KT_EQ_INT(open_demo(&st), KIOSK_OK);
    int64_t ana = patient_by_card(st, "6001000000000017");
    KT_ASSERT(ana > 0);
    KT_EQ_INT(store_bills_for_patient(st, ana, &bills), KIOSK_OK);
    KT_EQ_STR(bills.bills[0].number, ""); /* the demo's has none */
    struct invoice_sync_line line = {
        .code = "99214", .description = "Visit", .quantity = 1, .total_minor = 6500};
    struct invoice_sync_record inv = {.fhir_id = "3f2b8c4e-9d1a-4b7e-8c2f-5a6d7e8f9010",
                                      .patient_id = ana,
                                      .status = "issued",
                                      .currency = "USD",
                                      .due_date = "2026-04-30",
                                      .number = "ST-2026-1003",
                                      .total_gross_minor = 6500,
                                      .patient_owes_minor = 6500,
                                      .lines = &line,
                                      .line_count = 1};
    KT_EQ_INT(store_invoice_sync(st, &inv), KIOSK_OK);
    KT_EQ_INT(store_bills_for_patient(st, ana, &bills), KIOSK_OK);
    int found = -1;
    for (int i = 0; i < bills.count; i++)
        if (strcmp(bills.bills[i].ref, inv.fhir_id) == 0)
            found = i;
    KT_ASSERT(found >= 0);
    KT_EQ_STR(bills.bills[found].number, "ST-2026-1003");
    inv.number = NULL;
    KT_EQ_INT(store_invoice_sync(st, &inv), KIOSK_OK);
    KT_EQ_INT(store_bills_for_patient(st, ana, &bills), KIOSK_OK);
    for (int i = 0; i < bills.count; i++)
        if (strcmp(bills.bills[i].ref, inv.fhir_id) == 0)
            KT_EQ_STR(bills.bills[i].number, "");
    store_close(st);
    return KTEST_PASS;
}

static enum ktest_result paid_disputed_and_plan_statements_say_so(void)
{
    struct store *st;
    struct bill_set bills;
    struct patient_match m;
    KT_EQ_INT(open_demo(&st), KIOSK_OK);
    /* Emily: one open statement first, then the one she has paid. */
    KT_EQ_INT(store_find_by_statement(st, "demo-emily-0", &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 1);
    KT_EQ_STR(m.patient.family, "Carter");
    KT_EQ_INT(m.appt_count, 0);
    KT_EQ_INT(store_bills_for_patient(st, m.patient.id, &bills), KIOSK_OK);
    KT_EQ_INT(bills.count, 2);
    KT_EQ_INT(bills.bills[0].state, BILL_OPEN);
    KT_EQ_INT(bills.bills[1].state, BILL_PAID);
    KT_EQ_INT(bills.bills[1].owes_minor, 0);
    KT_EQ_INT(store_find_by_statement(st, "demo-maria-1", &m), KIOSK_OK);
    KT_EQ_INT(store_bills_for_patient(st, m.patient.id, &bills), KIOSK_OK);
    KT_EQ_INT(bills.bills[0].state, BILL_DISPUTE);
    KT_EQ_INT(store_find_by_statement(st, "demo-carmen-1", &m), KIOSK_OK);
    KT_EQ_INT(store_bills_for_patient(st, m.patient.id, &bills), KIOSK_OK);
    KT_EQ_INT(bills.bills[0].state, BILL_PLAN);
    KT_EQ_INT(store_find_by_statement(st, "no-such-statement", &m), KIOSK_OK);
    KT_EQ_INT(m.matches, 0);
    store_close(st);
    return KTEST_PASS;
}

static enum ktest_result approved_payment_posts_once_and_lowers_the_balance(void)
{
    struct store *st;
    struct bill_set bills;
    struct payment_info p;
    struct outbox_counts oc;
    KT_EQ_INT(open_demo(&st), KIOSK_OK);
    int64_t ana = patient_by_card(st, "6001000000000017");
    KT_EQ_INT(store_bills_for_patient(st, ana, &bills), KIOSK_OK);
    struct payment_record rec = {KEY1, bills.bills[0].id, 2500, "USD", "Visa", "1111"};
    KT_EQ_INT(store_payment_begin(st, &rec, T0), KIOSK_OK);
    /* The key is kept before anything is sent; a second payment waits. */
    KT_EQ_INT(store_payment_pending(st, &p), KIOSK_OK);
    KT_EQ_STR(p.key, KEY1);
    KT_EQ_STR(p.invoice_ref, "demo-ana-1");
    struct payment_record other = {KEY2, bills.bills[0].id, 100, "USD", "Visa", "1111"};
    KT_EQ_INT(store_payment_begin(st, &other, T0), KIOSK_ERR_BUSY);
    /* Until the processor answers, the statement takes no other payment. */
    KT_EQ_INT(store_bills_for_patient(st, ana, &bills), KIOSK_OK);
    KT_EQ_INT(bills.bills[0].state, BILL_CHECKING);
    KT_EQ_INT(bills.bills[0].owes_minor, 6500);

    KT_EQ_INT(store_payment_settle(st, KEY1, PAYMENT_APPROVED, "A1B2C3", NULL, T0 + 5), KIOSK_OK);
    KT_EQ_INT(store_payment_pending(st, &p), KIOSK_ERR_NOT_FOUND);
    /* Settling again (after a restart asked the processor) writes nothing. */
    KT_EQ_INT(store_payment_settle(st, KEY1, PAYMENT_APPROVED, "A1B2C3", NULL, T0 + 9), KIOSK_OK);
    KT_EQ_INT(store_payment_settle(st, KEY1, PAYMENT_DECLINED, NULL, "declined", T0 + 9),
              KIOSK_ERR_INVALID);
    KT_EQ_INT(store_outbox_counts(st, &oc), KIOSK_OK);
    KT_EQ_INT(oc.pending, 1);
    char *payload = NULL;
    KT_EQ_INT(
        store_query_text(st, "SELECT payload FROM outbox WHERE kind = 'payment.posted'", &payload),
        KIOSK_OK);
    /* With the time of the approval, posted as the payment's date (it was
     * missing, and payments were posted as of 1970-01-01). */
    char want[200];
    snprintf(want, sizeof(want),
             "{\"amount_minor\":2500,\"currency\":\"USD\",\"invoice\":\"demo-ana-1\","
             "\"auth_code\":\"A1B2C3\",\"at\":%lld}",
             (long long)(T0 + 5));
    KT_EQ_STR(payload, want);
    kmem_free(payload);
    KT_EQ_INT(store_bills_for_patient(st, ana, &bills), KIOSK_OK);
    KT_EQ_INT(bills.bills[0].owes_minor, 4000);
    KT_EQ_INT(bills.bills[0].state, BILL_OPEN);

    /* The rest: the statement is settled. More than is owed is refused. */
    struct payment_record too_much = {KEY2, bills.bills[0].id, 4001, "USD", "Visa", "1111"};
    KT_EQ_INT(store_payment_begin(st, &too_much, T0), KIOSK_ERR_INVALID);
    struct payment_record rest = {KEY2, bills.bills[0].id, 4000, "USD", "Visa", "1111"};
    KT_EQ_INT(store_payment_begin(st, &rest, T0), KIOSK_OK);
    KT_EQ_INT(store_payment_settle(st, KEY2, PAYMENT_APPROVED, "D4E5F6", NULL, T0), KIOSK_OK);
    KT_EQ_INT(store_bills_for_patient(st, ana, &bills), KIOSK_OK);
    KT_EQ_INT(bills.bills[0].state, BILL_PAID);
    KT_EQ_INT(bills.bills[0].owes_minor, 0);
    /* The fleet metrics count both approved payments from the day they
     * were made on, none from the next day. */
    struct day_counts dc;
    KT_EQ_INT(store_day_counts(st, T0 - 1, &dc), KIOSK_OK);
    KT_EQ_INT(dc.payments_approved, 2);
    KT_EQ_INT(store_day_counts(st, T0 + 1, &dc), KIOSK_OK);
    KT_EQ_INT(dc.payments_approved, 0);
    store_close(st);
    return KTEST_PASS;
}

static enum ktest_result declined_payment_changes_nothing_owed(void)
{
    struct store *st;
    struct bill_set bills;
    struct payment_info p;
    struct outbox_counts oc;
    KT_EQ_INT(open_demo(&st), KIOSK_OK);
    int64_t ana = patient_by_card(st, "6001000000000017");
    KT_EQ_INT(store_bills_for_patient(st, ana, &bills), KIOSK_OK);
    struct payment_record rec = {KEY1, bills.bills[0].id, 6500, "USD", "Mastercard", "4444"};
    KT_EQ_INT(store_payment_begin(st, &rec, T0), KIOSK_OK);
    KT_EQ_INT(store_payment_settle(st, KEY1, PAYMENT_DECLINED, NULL, "insufficient_funds", T0),
              KIOSK_OK);
    KT_EQ_INT(store_payment_get(st, KEY1, &p), KIOSK_OK);
    KT_EQ_INT(p.state, PAYMENT_DECLINED);
    KT_EQ_STR(p.reason, "insufficient_funds");
    KT_EQ_STR(p.last4, "4444");
    KT_EQ_INT(store_outbox_counts(st, &oc), KIOSK_OK);
    KT_EQ_INT(oc.pending, 0);
    KT_EQ_INT(store_bills_for_patient(st, ana, &bills), KIOSK_OK);
    KT_EQ_INT(bills.bills[0].owes_minor, 6500);
    KT_EQ_INT(bills.bills[0].state, BILL_OPEN);
    /* A last4 that is not four digits never reaches the file. */
    struct payment_record bad = {KEY2, bills.bills[0].id, 100, "USD", "Visa", "4111111111111111"};
    KT_EQ_INT(store_payment_begin(st, &bad, T0), KIOSK_ERR_INVALID);
    store_close(st);
    return KTEST_PASS;
}

/* The appointment's row id by its business code. */
static int64_t appt_by_code(struct store *st, const char *code)
{
    struct patient_match m;
    if (store_find_by_appointment_code(st, code, &m) != KIOSK_OK || m.matches != 1)
        return 0;
    for (int i = 0; i < m.appt_count; i++)
        if (strcmp(m.appts[i].code, code) == 0)
            return m.appts[i].id;
    return 0;
}

/* A copay tied to today's appointment: found by the appointment, gone once
 * paid in full or untied; another appointment has none. */
static enum ktest_result copay_due_for_its_appointment(void)
{
    struct store *st;
    struct bill_set copay;
    KT_EQ_INT(open_demo(&st), KIOSK_OK);
    int64_t fernanda = appt_by_code(st, "APPT-2026-000143");
    int64_t ana = appt_by_code(st, "APPT-2026-000123");
    KT_ASSERT(fernanda > 0 && ana > 0);
    KT_EQ_INT(store_copay_for_appointment(st, fernanda, &copay), KIOSK_OK);
    KT_EQ_INT(copay.count, 1);
    KT_EQ_STR(copay.bills[0].ref, "demo-fernanda-copay");
    KT_EQ_INT(copay.bills[0].owes_minor, 2500);
    KT_EQ_INT(copay.bills[0].state, BILL_OPEN);
    KT_EQ_INT(copay.bills[0].line_count, 1);
    KT_EQ_INT(store_copay_for_appointment(st, ana, &copay), KIOSK_OK);
    KT_EQ_INT(copay.count, 0);
    /* Tie another statement to Ana's appointment, then untie it. */
    KT_EQ_INT(store_copay_link(st, "demo-ana-1", NULL, "APPT-2026-000123"), KIOSK_OK);
    KT_EQ_INT(store_copay_for_appointment(st, ana, &copay), KIOSK_OK);
    KT_EQ_INT(copay.count, 1);
    KT_EQ_INT(copay.bills[0].owes_minor, 6500);
    KT_EQ_INT(store_copay_link(st, "demo-ana-1", NULL, NULL), KIOSK_OK);
    KT_EQ_INT(store_copay_for_appointment(st, ana, &copay), KIOSK_OK);
    KT_EQ_INT(copay.count, 0);
    KT_EQ_INT(store_copay_link(st, "no-such-invoice", "appt-1", NULL), KIOSK_ERR_NOT_FOUND);
    /* A copay of another patient's appointment is never offered. */
    KT_EQ_INT(store_copay_link(st, "demo-ana-1", NULL, "APPT-2026-000146"), KIOSK_OK);
    int64_t jose = appt_by_code(st, "APPT-2026-000146");
    KT_EQ_INT(store_copay_for_appointment(st, jose, &copay), KIOSK_OK);
    KT_EQ_INT(copay.count, 1);
    KT_EQ_STR(copay.bills[0].ref, "demo-jose-copay"); /* his own, not Ana's statement */
    store_close(st);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"copay_due_for_its_appointment", copay_due_for_its_appointment},
    {"ana_sees_her_itemised_bill", ana_sees_her_itemised_bill},
    {"a_statement_keeps_its_paper_number", a_statement_keeps_its_paper_number},
    {"paid_disputed_and_plan_statements_say_so", paid_disputed_and_plan_statements_say_so},
    {"approved_payment_posts_once_and_lowers_the_balance",
     approved_payment_posts_once_and_lowers_the_balance},
    {"declined_payment_changes_nothing_owed", declined_payment_changes_nothing_owed},
};

KTEST_MAIN(tests)
