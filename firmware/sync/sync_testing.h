/* Hooks for benchmarks and fuzzing: no curl or json-c types. */
#ifndef KIOSK_SYNC_TESTING_H
#define KIOSK_SYNC_TESTING_H

#include "sync.h"

#include <stddef.h>

/* Parse a searchset Bundle as the server would send it and write every
 * Patient, Account, ChargeItem, Invoice and Appointment in it to st, in one
 * transaction, exactly as a pulled page is written (patients first; others
 * only for cached patients; unchanged versions skipped). rep counts pulled
 * and skipped resources. Errors: those of fjson_parse and of the store. */
enum kiosk_err sync_ingest_page(struct sync *s, struct store *st, const char *json, size_t len,
                                struct sync_report *rep);

#endif
