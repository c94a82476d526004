/* store_outbox_add: requests to staff wait in the outbox, once per key,
 * written from typed records. */
#include "firmware/store/store.h"
#include "firmware/store/store_testing.h"
#include "firmware/core/mem.h"
#include "ktest.h"

#include <string.h>

static enum ktest_result help_request_is_queued_once(void)
{
    struct store *st;
    struct outbox_counts oc;
    struct outbox_record rec = {.kind = OUTBOX_HELP_REQUEST, .at_ms = 1000};
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    KT_EQ_INT(store_outbox_add(st, "4d0c5b9e-1111-4aaa-8bbb-000000000001", &rec, 1000), KIOSK_OK);
    KT_EQ_INT(store_outbox_counts(st, &oc), KIOSK_OK);
    KT_EQ_INT(oc.pending, 1);
    /* The same key again is refused and changes nothing. */
    rec.at_ms = 2000;
    KT_ASSERT(store_outbox_add(st, "4d0c5b9e-1111-4aaa-8bbb-000000000001", &rec, 2000) != KIOSK_OK);
    KT_EQ_INT(store_outbox_counts(st, &oc), KIOSK_OK);
    KT_EQ_INT(oc.pending, 1);
    KT_EQ_INT(store_outbox_add(st, "", &rec, 1), KIOSK_ERR_INVALID);
    store_close(st);
    return KTEST_PASS;
}

/* The row holds the kind's stored name and the record's text, in the
 * order today's rows have always had. */
static enum ktest_result row_holds_name_and_text(void)
{
    struct store *st;
    char *text = NULL;
    struct outbox_record rec = {.kind = OUTBOX_DEVICE_ALERT, .at_ms = 1234};
    strcpy(rec.device.location, "Lobby \"B\"");
    strcpy(rec.device.device, "printer");
    strcpy(rec.device.state, "paper low");
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    KT_EQ_INT(store_outbox_add(st, "4d0c5b9e-1111-4aaa-8bbb-000000000002", &rec, 99), KIOSK_OK);
    KT_EQ_INT(store_query_text(st, "SELECT kind || ' ' || payload || ' ' || created_ms FROM outbox",
                               &text),
              KIOSK_OK);
    KT_EQ_STR(text, "device.alert {\"kind\":\"device\",\"location\":\"Lobby \\\"B\\\"\","
                    "\"device\":\"printer\",\"state\":\"paper low\",\"at\":1234} 99");
    kmem_free(text);
    store_close(st);
    return KTEST_PASS;
}

/* A record that is not UTF-8 is refused whole, and nothing is written. */
static enum ktest_result bad_text_is_refused(void)
{
    struct store *st;
    struct outbox_counts oc;
    struct outbox_record rec = {.kind = OUTBOX_STAFF_ALERT, .at_ms = 1};
    strcpy(rec.staff.text, "caf\xe9"); /* Latin-1, not UTF-8 */
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    KT_EQ_INT(store_outbox_add(st, "4d0c5b9e-1111-4aaa-8bbb-000000000003", &rec, 1),
              KIOSK_ERR_INVALID);
    rec.kind = (enum outbox_kind)OUTBOX_KIND_COUNT;
    KT_EQ_INT(store_outbox_add(st, "4d0c5b9e-1111-4aaa-8bbb-000000000004", &rec, 1),
              KIOSK_ERR_INVALID);
    KT_EQ_INT(store_outbox_counts(st, &oc), KIOSK_OK);
    KT_EQ_INT(oc.pending, 0);
    store_close(st);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"help_request_is_queued_once", help_request_is_queued_once},
    {"row_holds_name_and_text", row_holds_name_and_text},
    {"bad_text_is_refused", bad_text_is_refused},
};

KTEST_MAIN(tests)
