/* Hooks for benchmarks and fuzzing: no curl or json-c types. */
#ifndef KIOSK_SYNC_TESTING_H
#define KIOSK_SYNC_TESTING_H

#include "firmware/outbox/outbox.h"
#include "sync.h"

#include <stddef.h>

/* Parse a searchset Bundle as the server would send it and write every
 * Patient, Account, ChargeItem, Invoice and Appointment in it to st, in one
 * transaction, exactly as a pulled page is written (patients first; others
 * only for cached patients; unchanged versions skipped). rep counts pulled
 * and skipped resources. Errors: those of fjson_parse and of the store. */
enum kiosk_err sync_ingest_page(struct sync *s, struct store *st, const char *json, size_t len,
                                struct sync_report *rep);

/* The FHIR resource an outbox record becomes (outbox_fhir.c), as JSON text
 * into *json (kmem_*; the caller frees it with kmem_free), and its type.
 * KIOSK_ERR_INVALID, with the reason staff would read in why, when the
 * record cannot be sent (push parks it) or is not a create
 * (appointment.arrived); KIOSK_ERR_NOMEM. */
enum kiosk_err sync_outbox_resource_text(const struct outbox_record *rec, const char *key,
                                         const char *kiosk_location, char **json, const char **type,
                                         char *why, size_t why_size);

#endif
