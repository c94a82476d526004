/* store_outbox_add: requests to staff wait in the outbox, once per key. */
#include "firmware/store/store.h"
#include "ktest.h"

static enum ktest_result help_request_is_queued_once(void)
{
    struct store *st;
    struct outbox_counts oc;
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    KT_EQ_INT(store_outbox_add(st, "4d0c5b9e-1111-4aaa-8bbb-000000000001", "help.request",
                               "{\"kind\":\"help\"}", 1000),
              KIOSK_OK);
    KT_EQ_INT(store_outbox_counts(st, &oc), KIOSK_OK);
    KT_EQ_INT(oc.pending, 1);
    /* The same key again is refused and changes nothing. */
    KT_ASSERT(store_outbox_add(st, "4d0c5b9e-1111-4aaa-8bbb-000000000001", "help.request",
                               "{\"kind\":\"help\"}", 2000) != KIOSK_OK);
    KT_EQ_INT(store_outbox_counts(st, &oc), KIOSK_OK);
    KT_EQ_INT(oc.pending, 1);
    KT_EQ_INT(store_outbox_add(st, "", "help.request", "{}", 1), KIOSK_ERR_INVALID);
    store_close(st);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"help_request_is_queued_once", help_request_is_queued_once},
};

KTEST_MAIN(tests)
