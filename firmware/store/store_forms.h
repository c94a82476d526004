/* Forms in the cache: the form requests (SDC Tasks) of today's patients and
 * the Questionnaires they name. Written by sync, read by the app when a
 * patient asks for their forms. No answers are stored here (they go to the
 * outbox only). Same threading rules as store.h. */
#ifndef KIOSK_STORE_STORE_FORMS_H
#define KIOSK_STORE_STORE_FORMS_H

#include "store.h"

#include "firmware/core/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_CANONICAL_MAX 256
#define STORE_FORMS_MAX     16 /* forms listed for one patient */

struct form_task_record {
    const char *fhir_id, *version;
    const char *patient_fhir_id;
    const char *appointment_fhir_id; /* NULL or "": not tied to one */
    const char *canonical;           /* url|version or url */
    bool optional;
};

/* Insert or update the task (an answered one stays answered). NOT_FOUND
 * when its patient is not cached (not ours). */
enum kiosk_err store_form_task_put(struct store *st, const struct form_task_record *t,
                                   int64_t now_ms);
/* Forget a task the server closed or deleted; OK when not cached. */
enum kiosk_err store_form_task_forget(struct store *st, const char *fhir_id);
/* Mark it answered at the kiosk (call in the transaction that queues its
 * outbox record). NOT_FOUND when not cached. */
enum kiosk_err store_form_task_answered(struct store *st, const char *fhir_id);

struct outbox_record;
/* A completed form: its outbox record queued under key and its task
 * marked answered, in one transaction (both or neither). */
enum kiosk_err store_form_submit(struct store *st, const char *key, const struct outbox_record *rec,
                                 const char *task_id, int64_t now_ms);

struct form_owed {
    char task_id[KIOSK_IDENT_MAX];
    char patient_id[KIOSK_IDENT_MAX]; /* the patient's FHIR id */
    char appointment_id[KIOSK_IDENT_MAX];
    char canonical[STORE_CANONICAL_MAX];
    bool optional;
    bool cached; /* its Questionnaire is in the cache */
};
/* The forms patient (row id) still owes, required ones first, at most
 * STORE_FORMS_MAX. */
enum kiosk_err store_forms_owed(struct store *st, int64_t patient_id, struct form_owed *out,
                                int *n);

/* Cache a Questionnaire's JSON under url and version ("" none). */
enum kiosk_err store_questionnaire_put(struct store *st, const char *url, const char *version,
                                       const char *json, int64_t now_ms);
/* Its JSON (kmem; the caller frees) for url|version; with version "" the
 * newest fetched of that url. NOT_FOUND when not cached. */
enum kiosk_err store_questionnaire_get(struct store *st, const char *url, const char *version,
                                       char **json, size_t *len);
/* Canonicals named by cached tasks whose Questionnaire is not cached, at
 * most max. */
enum kiosk_err store_questionnaires_missing(struct store *st, char (*out)[STORE_CANONICAL_MAX],
                                            int max, int *n);
/* FHIR ids of the patients with an appointment in [from_ms, to_ms), at most max. */
enum kiosk_err store_patients_between(struct store *st, int64_t from_ms, int64_t to_ms,
                                      char (*out)[KIOSK_IDENT_MAX], int max, int *n);

#endif
