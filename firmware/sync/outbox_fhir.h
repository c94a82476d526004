/* Outbox records as FHIR resources (outbox_fhir.c): the one place that
 * turns a record into what the server keeps. Inside firmware/sync only. */
#ifndef KIOSK_SYNC_OUTBOX_FHIR_H
#define KIOSK_SYNC_OUTBOX_FHIR_H

#include "firmware/outbox/outbox.h"

#include <stdbool.h>
#include <stddef.h>

struct json_object;

/* True when rec's kind is sent as a conditional create of a new resource
 * (outbox_fhir_resource); false for appointment.arrived, which updates the
 * server's Appointment in place (push.c). */
bool outbox_fhir_creates(enum outbox_kind kind);

/* The resource rec becomes, identified by key (the outbox key), with
 * kiosk_location where the record names no place. *type receives its
 * resourceType. The caller frees it with json_object_put. NULL, with a
 * staff-readable reason in why, when the record cannot be sent (it is
 * parked), when the kind is not a create, or when memory ran out. */
struct json_object *outbox_fhir_resource(const struct outbox_record *rec, const char *key,
                                         const char *kiosk_location, const char **type, char *why,
                                         size_t why_size);

/* A form.response record that is a consent: its FHIR Consent (status,
 * scope, category, patient, dateTime, policy = the form's url, source = the
 * response already created with response_id, provision permit or deny),
 * identified by key. NULL with a reason for anything else. */
struct json_object *outbox_fhir_consent(const struct outbox_record *rec, const char *key,
                                        const char *response_id, char *why, size_t why_size);

#endif
