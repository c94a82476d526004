/* QR charges in the store (real SQLite, the demo bills): the row is there
 * before the code is shown, one open charge a bill, a paid one settled once
 * into the payments table (balance, payment.posted) whichever step a crash
 * interrupted, closed ones charge nothing. */
#include "firmware/store/store.h"
#include "firmware/store/store_testing.h"
#include "firmware/core/mem.h"
#include "ktest.h"

#include <stdio.h>
#include <string.h>

#define DEMO  KIOSK_SOURCE_DIR "/assets/demo/demo-data.tsv"
#define T0    1795600000000LL
#define ID1   "KSK00000000000000000000000000000001"
#define ID2   "KSK00000000000000000000000000000002"
#define PKEY1 "7b1e2f40-0000-4000-8000-0000000000a1"
#define PKEY2 "7b1e2f40-0000-4000-8000-0000000000a2"

static int64_t q(struct store *st, const char *sql)
{
    int64_t v = -1;
    return store_query_int(st, sql, &v) == KIOSK_OK ? v : -1;
}

static int64_t antonio_bill(struct store *st)
{
    return q(st, "SELECT id FROM invoices WHERE fhir_id = 'demo-antonio-1'");
}

static enum ktest_result one_open_charge_a_bill_paid_once(void)
{
    struct store *st;
    struct qr_charge_info info;
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    KT_EQ_INT(store_load_demo(st, DEMO, T0), KIOSK_OK);
    int64_t inv = antonio_bill(st);
    KT_ASSERT(inv > 0);
    KT_EQ_INT(q(st, "SELECT patient_owes_minor FROM invoices WHERE id = (SELECT id FROM invoices "
                    "WHERE fhir_id = 'demo-antonio-1')"),
              22590);
    struct qr_charge_record r = {ID1, inv, 22590, "BRL", "pix"};
    KT_EQ_INT(store_qr_begin(st, &r, T0), KIOSK_OK);
    KT_EQ_INT(store_qr_begin(st, &r, T0), KIOSK_ERR_BUSY); /* the bill has an open one */
    struct qr_charge_record r2 = {ID2, inv, 100, "BRL", "pix"};
    KT_EQ_INT(store_qr_begin(st, &r2, T0), KIOSK_ERR_BUSY);
    KT_EQ_INT(store_qr_open(st, inv, &info), KIOSK_OK);
    KT_EQ_STR(info.id, ID1);
    KT_EQ_INT(info.state, QR_ROW_OPEN);
    KT_EQ_INT(store_qr_open(st, -1, &info), KIOSK_OK);
    /* Paid: one payment row, the balance, one posting. */
    KT_EQ_INT(store_qr_paid(st, ID1, PKEY1, "0000000001", T0 + 1000), KIOSK_OK);
    KT_EQ_INT(q(st, "SELECT count(*) FROM payments WHERE state = 1 AND brand = 'Pix'"), 1);
    KT_EQ_INT(q(st, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'"), 1);
    KT_EQ_INT(q(st, "SELECT patient_owes_minor FROM invoices WHERE fhir_id = 'demo-antonio-1'"), 0);
    /* Again (a restart asking once more), even with another key: nothing new. */
    KT_EQ_INT(store_qr_paid(st, ID1, PKEY2, "0000000001", T0 + 2000), KIOSK_OK);
    KT_EQ_INT(q(st, "SELECT count(*) FROM payments"), 1);
    KT_EQ_INT(q(st, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'"), 1);
    KT_EQ_INT(store_qr_close(st, ID1, T0), KIOSK_ERR_INVALID); /* paid stays paid */
    KT_EQ_INT(store_qr_open(st, inv, &info), KIOSK_ERR_NOT_FOUND);
    store_close(st);
    return KTEST_PASS;
}

static enum ktest_result a_settlement_cut_short_is_finished_once(void)
{
    struct store *st;
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    KT_EQ_INT(store_load_demo(st, DEMO, T0), KIOSK_OK);
    int64_t inv = antonio_bill(st);
    struct qr_charge_record r = {ID1, inv, 10000, "BRL", "pix"};
    KT_EQ_INT(store_qr_begin(st, &r, T0), KIOSK_OK);
    /* As if the kiosk died after writing the payment key and the pending
     * payment row, before settling it. */
    char *none = NULL;
    KT_EQ_INT(store_query_text(st, "UPDATE qr_charges SET payment_key = '" PKEY1 "'", &none),
              KIOSK_OK);
    kmem_free(none);
    const struct payment_record p = {PKEY1, inv, 10000, "BRL", "Pix", NULL};
    KT_EQ_INT(store_payment_begin(st, &p, T0), KIOSK_OK);
    KT_EQ_INT(store_qr_paid(st, ID1, PKEY2, "0000000001", T0 + 1000), KIOSK_OK);
    KT_EQ_INT(q(st, "SELECT count(*) FROM payments"), 1);
    KT_EQ_INT(q(st, "SELECT count(*) FROM payments WHERE key = '" PKEY1 "' AND state = 1"), 1);
    KT_EQ_INT(q(st, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'"), 1);
    KT_EQ_INT(q(st, "SELECT patient_owes_minor FROM invoices WHERE fhir_id = 'demo-antonio-1'"),
              12590);
    store_close(st);
    return KTEST_PASS;
}

static enum ktest_result closed_charges_nothing_and_frees_the_bill(void)
{
    struct store *st;
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    KT_EQ_INT(store_load_demo(st, DEMO, T0), KIOSK_OK);
    int64_t inv = antonio_bill(st);
    struct qr_charge_record r = {ID1, inv, 22590, "BRL", "pix"};
    KT_EQ_INT(store_qr_begin(st, &r, T0), KIOSK_OK);
    KT_EQ_INT(store_qr_close(st, ID1, T0 + 1), KIOSK_OK);
    KT_EQ_INT(store_qr_close(st, ID1, T0 + 2), KIOSK_OK);
    KT_EQ_INT(store_qr_begin(st, &r, T0), KIOSK_ERR_INVALID); /* an id is never used twice */
    struct qr_charge_record r2 = {ID2, inv, 22590, "BRL", "pix"};
    KT_EQ_INT(store_qr_begin(st, &r2, T0), KIOSK_OK);
    struct qr_charge_record over = {"KSK00000000000000000000000000000003", inv + 1000, 1, "BRL",
                                    "pix"};
    KT_EQ_INT(store_qr_begin(st, &over, T0), KIOSK_ERR_INVALID); /* no such bill */
    KT_EQ_INT(q(st, "SELECT count(*) FROM payments"), 0);
    KT_EQ_INT(q(st, "SELECT count(*) FROM qr_charges WHERE state = 2"), 1);
    store_close(st);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"one_open_charge_a_bill_paid_once", one_open_charge_a_bill_paid_once},
    {"a_settlement_cut_short_is_finished_once", a_settlement_cut_short_is_finished_once},
    {"closed_charges_nothing_and_frees_the_bill", closed_charges_nothing_and_frees_the_bill},
};
KTEST_MAIN(tests)
