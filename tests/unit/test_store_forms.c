/* Forms in the cache (firmware/store/store_forms.c): form tasks of cached
 * patients only, an answered task stays answered when pulled again, the
 * forms owed (required first), the Questionnaires still missing by
 * canonical, and a completed form queued with its task marked answered in
 * one transaction. Real SQLite with the demo patients. */
#include "firmware/core/mem.h"
#include "firmware/store/store.h"
#include "firmware/store/store_forms.h"
#include "firmware/store/store_testing.h"
#include "ktest.h"

#include <string.h>

#define T0   1773136800000LL /* 2026-03-10 10:00:00 UTC */
#define DEMO KIOSK_SOURCE_DIR "/assets/demo/demo-data.tsv"
#define QURL "https://h/Questionnaire/intake"

static int64_t q_int(struct store *st, const char *sql)
{
    int64_t v = -1;
    store_query_int(st, sql, &v);
    return v;
}

static enum ktest_result tasks_owed_missing_submit(void)
{
    struct store *st = NULL;
    char *pid = NULL;
    KT_EQ_INT(store_open(":memory:", &st), KIOSK_OK);
    KT_EQ_INT(store_load_demo(st, DEMO, T0), KIOSK_OK);
    KT_EQ_INT(store_query_text(st, "SELECT fhir_id FROM patients ORDER BY id LIMIT 1", &pid),
              KIOSK_OK);
    int64_t row = q_int(st, "SELECT id FROM patients ORDER BY id LIMIT 1");

    struct form_task_record opt = {"t-research", "1", pid, "", "https://h/Questionnaire/r|1", true};
    struct form_task_record req = {"t-intake", "1", pid, "a1", QURL "|2", false};
    struct form_task_record stranger = {"t-x", "1", "nobody", "", QURL "|2", false};
    KT_EQ_INT(store_form_task_put(st, &opt, T0), KIOSK_OK);
    KT_EQ_INT(store_form_task_put(st, &req, T0), KIOSK_OK);
    KT_EQ_INT(store_form_task_put(st, &stranger, T0), KIOSK_ERR_NOT_FOUND);

    struct form_owed owed[STORE_FORMS_MAX];
    int n = 0;
    KT_EQ_INT(store_forms_owed(st, row, owed, &n), KIOSK_OK);
    KT_EQ_INT(n, 2);
    KT_EQ_STR(owed[0].task_id, "t-intake"); /* required first */
    KT_EQ_STR(owed[0].appointment_id, "a1");
    KT_ASSERT(!owed[0].optional && owed[1].optional && !owed[0].cached);

    char missing[4][STORE_CANONICAL_MAX];
    KT_EQ_INT(store_questionnaires_missing(st, missing, 4, &n), KIOSK_OK);
    KT_EQ_INT(n, 2);
    /* version 3 cached does not stand in for version 2 */
    KT_EQ_INT(store_questionnaire_put(st, QURL, "3", "{\"v\":3}", T0), KIOSK_OK);
    KT_EQ_INT(store_questionnaires_missing(st, missing, 4, &n), KIOSK_OK);
    KT_EQ_INT(n, 2);
    KT_EQ_INT(store_questionnaire_put(st, QURL, "2", "{\"v\":2}", T0 + 1), KIOSK_OK);
    KT_EQ_INT(store_questionnaires_missing(st, missing, 4, &n), KIOSK_OK);
    KT_EQ_INT(n, 1);
    KT_EQ_STR(missing[0], "https://h/Questionnaire/r|1");
    char *json = NULL;
    size_t len = 0;
    KT_EQ_INT(store_questionnaire_get(st, QURL, "2", &json, &len), KIOSK_OK);
    KT_EQ_STR(json, "{\"v\":2}");
    kmem_free(json);
    KT_EQ_INT(store_questionnaire_get(st, QURL, "", &json, &len), KIOSK_OK); /* the newest */
    KT_EQ_STR(json, "{\"v\":2}");
    kmem_free(json);
    KT_EQ_INT(store_questionnaire_get(st, QURL, "9", &json, &len), KIOSK_ERR_NOT_FOUND);

    /* Submitted: the record queued and the task answered together. */
    struct outbox_record *rec = kmem_alloc(sizeof(*rec));
    KT_ASSERT(rec);
    rec->kind = OUTBOX_FORM_RESPONSE;
    rec->at_ms = T0;
    strcpy(rec->form.task, "t-intake");
    strcpy(rec->form.items, "[]");
    KT_EQ_INT(store_form_submit(st, "4d0c5b9e-3333-4aaa-8bbb-000000000001", rec, "t-intake", T0),
              KIOSK_OK);
    KT_EQ_INT(store_forms_owed(st, row, owed, &n), KIOSK_OK);
    KT_EQ_INT(n, 1);
    /* pulled again while the response waits to be sent: still answered */
    KT_EQ_INT(store_form_task_put(st, &req, T0 + 5), KIOSK_OK);
    KT_EQ_INT(store_forms_owed(st, row, owed, &n), KIOSK_OK);
    KT_EQ_INT(n, 1);
    /* a task that is not cached: nothing queued either */
    KT_EQ_INT(store_form_submit(st, "4d0c5b9e-3333-4aaa-8bbb-000000000002", rec, "t-gone", T0),
              KIOSK_ERR_NOT_FOUND);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM outbox WHERE kind = 'form.response'"), 1);
    KT_EQ_INT(store_form_task_forget(st, "t-intake"), KIOSK_OK);
    KT_EQ_INT(q_int(st, "SELECT count(*) FROM form_tasks"), 1);
    kmem_free(rec);
    kmem_free(pid);
    store_close(st);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"tasks_owed_missing_submit", tasks_owed_missing_submit},
};
KTEST_MAIN(tests)
