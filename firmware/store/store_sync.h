/* The store as billing sync sees it (firmware/sync is its only user besides
 * tests and tools): transactions around a page of server data, cursors
 * saved in the same transaction, upserts by FHIR id that skip unchanged
 * versions, the outbox queue in order, the sync status that `carekiosk
 * status` reads from another process, and the purge of what today's work
 * no longer needs.
 *
 * Same rules as store.h: not thread-safe (the sync thread opens its own
 * struct store on the same file; WAL lets the UI read while sync writes,
 * and the busy timeout covers the short write locks). */
#ifndef KIOSK_STORE_SYNC_H
#define KIOSK_STORE_SYNC_H

#include "store.h"

#include <stddef.h>

/* --- transactions --------------------------------------------------------
 * A page of pulled resources and its cursor commit together (BEGIN
 * IMMEDIATE ... COMMIT), so a kill at any point resumes from the last page
 * that was saved whole. */
enum kiosk_err store_tx_begin(struct store *st);
enum kiosk_err store_tx_commit(struct store *st); /* rolls back when it fails */
void store_tx_rollback(struct store *st);         /* harmless without a transaction */

/* Pulled pages may be committed without waiting for the disk (PRAGMA
 * synchronous = NORMAL): after a power cut the newest pages may be gone, but
 * always with their cursor, so they are simply read again. Everything else
 * (check-ins, the outbox) stays FULL. Off again with durable = true. */
enum kiosk_err store_set_durable(struct store *st, bool durable);

/* --- small named values ----------------------------------------------------
 * Cursors (resource type -> server instant) live in sync_cursors; status
 * values ("last_success_ms", "last_error", ...) in sync_state. A missing
 * name gives KIOSK_ERR_NOT_FOUND and buf "". Values are truncated to size. */
enum kiosk_err store_cursor_get(struct store *st, const char *name, char *buf, size_t size);
enum kiosk_err store_cursor_set(struct store *st, const char *name, const char *value);
enum kiosk_err store_state_get(struct store *st, const char *name, char *buf, size_t size);
enum kiosk_err store_state_set(struct store *st, const char *name, const char *value);

/* --- cached resources by FHIR id ------------------------------------------ */

enum store_kind { SK_PATIENT, SK_APPOINTMENT, SK_ACCOUNT, SK_INVOICE, SK_CHARGE_ITEM, SK_COVERAGE };

/* Row id of the cached resource; KIOSK_ERR_NOT_FOUND when not cached. */
enum kiosk_err store_row_of(struct store *st, enum store_kind kind, const char *fhir_id,
                            int64_t *row_id);
/* Its meta.versionId as cached ("" when it has none); NOT_FOUND when not cached. */
enum kiosk_err store_version_of(struct store *st, enum store_kind kind, const char *fhir_id,
                                char *buf, size_t size);
/* Mark a patient as just fetched for a patient at the kiosk (a lookup of
 * someone with no appointment today): store_purge keeps them a while. */
enum kiosk_err store_patient_touch(struct store *st, const char *fhir_id, int64_t now_ms);
/* Forget a resource the server deleted (its dependants go with it). OK when
 * it was not cached. */
enum kiosk_err store_forget(struct store *st, enum store_kind kind, const char *fhir_id);

/* --- texts in more than one language ---------------------------------------
 * Which Location, HealthcareService and Practitioner an appointment names
 * (replaced whole), their texts per language (lang "" for the base value),
 * and the ids of one type that some appointment names (to fetch them). */
struct store_ref {
    const char *type, *fhir_id;
};
enum kiosk_err store_appointment_refs_set(struct store *st, int64_t appointment_id,
                                          const struct store_ref *refs, int n);
struct store_server_text {
    const char *type, *fhir_id, *field, *lang, *text;
};
enum kiosk_err store_server_texts_clear(struct store *st, const char *type, const char *fhir_id);
enum kiosk_err store_server_text_put(struct store *st, const struct store_server_text *t);
enum kiosk_err store_referenced(struct store *st, const char *type,
                                enum kiosk_err (*each)(void *ctx, const char *fhir_id), void *ctx);

/* Replace a patient's identifiers (card numbers and MRNs change). */
enum kiosk_err store_identifiers_clear(struct store *st, int64_t patient_id);

struct account_sync_record {
    const char *fhir_id;
    int64_t patient_id;
    const char *name, *status, *currency, *version_id; /* may be NULL but status */
};
enum kiosk_err store_account_sync(struct store *st, const struct account_sync_record *a);

struct charge_item_record {
    const char *fhir_id;
    int64_t patient_id;
    const char *account_fhir_id; /* may be NULL */
    const char *status;          /* FHIR ChargeItem.status */
    const char *code, *code_system, *description;
    int quantity;
    int64_t total_minor;
    const char *currency;
    int64_t occurred_ms; /* 0: unknown */
    const char *version_id;
};
enum kiosk_err store_charge_item_sync(struct store *st, const struct charge_item_record *c);

/* A patient's insurance (FHIR Coverage), upserted by fhir_id. */
struct coverage_sync_record {
    const char *fhir_id;
    int64_t patient_id;
    const char *status, *payor;                      /* not NULL */
    const char *plan, *subscriber_id, *relationship; /* may be NULL */
    const char *version_id;
};
enum kiosk_err store_coverage_sync(struct store *st, const struct coverage_sync_record *c);

/* A patient's address, emergency contact and record age (Patient
 * meta.lastUpdated, Unix ms; 0 unknown), replaced whole. */
struct details_sync_record {
    int64_t patient_id;
    const char *addr_line, *addr_city, *addr_state, *addr_postal, *addr_country; /* may be NULL */
    const char *contact_name, *contact_relation, *contact_phone;                 /* may be NULL */
    int64_t record_updated_ms;
};
enum kiosk_err store_details_sync(struct store *st, const struct details_sync_record *d);

struct invoice_sync_line {
    const char *charge_item_fhir_id; /* may be NULL */
    const char *code, *code_system, *description;
    int quantity;
    int64_t total_minor;
};
struct invoice_sync_record {
    const char *fhir_id;
    int64_t patient_id;
    const char *account_fhir_id; /* may be NULL */
    const char *status, *currency, *due_date, *version_id;
    const char *hold;   /* NULL, "dispute" or "plan" */
    const char *number; /* Invoice.identifier, the paper statement's number; NULL none */
    int64_t total_gross_minor, insurance_paid_minor, adjustments_minor, patient_owes_minor;
    int64_t issued_ms;
    const struct invoice_sync_line *lines;
    int line_count;
};
/* Insert or replace the invoice with the same fhir_id, lines included. */
enum kiosk_err store_invoice_sync(struct store *st, const struct invoice_sync_record *inv);

/* Appointment codes and FHIR ids of the cached appointments starting in
 * [from_ms, to_ms): the window re-poll finds deletions by comparing. Calls
 * fn for each; a non-OK return from fn stops and is returned. */
enum kiosk_err store_appointments_in(struct store *st, int64_t from_ms, int64_t to_ms,
                                     enum kiosk_err (*fn)(void *ctx, const char *fhir_id),
                                     void *ctx);

/* FHIR id and version of the appointment with this business code; fhir_id
 * is "" when the row came from demo data. NOT_FOUND when not cached. */
enum kiosk_err store_appointment_ref(struct store *st, const char *code, char *fhir_id,
                                     size_t fsize, char *version, size_t vsize);

/* --- the outbox, in order ---------------------------------------------------- */

struct outbox_item {
    int64_t id;
    char key[64];
    char kind[32];
    char *payload; /* kmem_*; freed by store_outbox_item_free */
    int attempts;
    int64_t next_attempt_ms;
    int64_t created_ms; /* when it was queued */
};

/* The oldest pending entry (parked ones wait for staff and do not hold up
 * the others). NOT_FOUND when nothing is pending. */
enum kiosk_err store_outbox_head(struct store *st, struct outbox_item *out);
void store_outbox_item_free(struct outbox_item *it);
enum kiosk_err store_outbox_done(struct store *st, int64_t id, int64_t now_ms);
/* Count the attempt and wait until next_ms; error is a technician's text. */
enum kiosk_err store_outbox_retry(struct store *st, int64_t id, int64_t next_ms, const char *error);
/* Make every pending entry due now (the server is back after an outage). */
enum kiosk_err store_outbox_wake(struct store *st);
/* Set aside for staff review; never deleted. */
enum kiosk_err store_outbox_park(struct store *st, int64_t id, const char *error);
/* The text of the newest parked entry's reason and its kind ("" when none). */
enum kiosk_err store_outbox_last_parked(struct store *st, char *kind, size_t ksize, char *error,
                                        size_t esize);

/* --- hygiene ------------------------------------------------------------------- */

struct purge_counts {
    int appointments, patients, invoices, outbox;
};
/* Drop what today's work no longer needs: appointments that started before
 * before_ms, settled or cancelled invoices not updated since before_ms,
 * outbox entries sent before before_ms, and patients left with no
 * appointment, unless a lookup at the counter fetched them at or after
 * looked_up_before_ms (store_patient_touch). Pending and parked outbox
 * entries always stay. One transaction. */
enum kiosk_err store_purge(struct store *st, int64_t before_ms, int64_t looked_up_before_ms,
                           struct purge_counts *out);

/* PRAGMA integrity_check: KIOSK_OK when "ok", KIOSK_ERR_CORRUPT otherwise. */
enum kiosk_err store_integrity_check(struct store *st);

#endif
