/* Reading FHIR R4 JSON from the billing server (json-c; only firmware/sync
 * uses it). Strict: a text over the size limit, nested deeper than the depth
 * limit, or not one JSON object is refused. Money keeps its exact decimal
 * text ("25.10") and becomes integer minor units; instants become Unix ms.
 *
 * Readers are tolerant of what R4 leaves open (Account, Invoice and
 * ChargeItem are maturity 0): unknown elements are ignored, missing optional
 * ones are left empty; a resource without what the kiosk cannot do without
 * (a patient without a birth date, an appointment without a start) is
 * refused with KIOSK_ERR_INVALID and a detail naming the element, never
 * a value.
 *
 * The records hold pointers into the parsed document: they are valid while
 * the document (struct fjson_doc) lives. */
#ifndef KIOSK_SYNC_FHIR_JSON_H
#define KIOSK_SYNC_FHIR_JSON_H

#include "firmware/core/err.h"
#include "firmware/core/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FJSON_MAX_DEPTH  32
#define FJSON_MAX_LINES  64 /* invoice lines kept per invoice */
#define FJSON_MAX_IDENTS 8  /* identifiers kept per patient */
#define FJSON_MAX_REFS   6  /* places, services and practitioners kept per appointment */
#define FJSON_MAX_TEXTS  24 /* texts (base and translations) kept per named resource */

/* FHIR's translation extension, on the element's "_name" sibling. */
#define FHIR_TRANSLATION_URL "http://hl7.org/fhir/StructureDefinition/translation"

struct fjson_doc; /* a parsed document */
struct fjson;     /* a value inside one */

/* Parse text[0..len). Errors: KIOSK_ERR_TOO_BIG (len over max_len),
 * KIOSK_ERR_PROTOCOL (not JSON, too deep, trailing bytes, not an object). */
enum kiosk_err fjson_parse(const char *text, size_t len, size_t max_len, struct fjson_doc **out);
void fjson_doc_free(struct fjson_doc *d); /* NULL is fine */
struct fjson *fjson_root(struct fjson_doc *d);

/* Navigation; NULL when missing or of another type. */
struct fjson *fjson_get(struct fjson *obj, const char *key);
const char *fjson_str(struct fjson *obj, const char *key);
size_t fjson_len(struct fjson *arr); /* 0 for a non-array */
struct fjson *fjson_at(struct fjson *arr, size_t i);
/* A JSON integer's value; false for anything else. */
bool fjson_int(struct fjson *v, int64_t *out);
/* A JSON boolean's value; false for anything else. */
bool fjson_bool(struct fjson *v, bool *out);
/* A JSON number's text as parsed ("72.50", "3"); NULL for anything else. */
const char *fjson_number_text(struct fjson *v);
/* Set obj.key to a string (used to turn an Appointment to "arrived"). */
enum kiosk_err fjson_set_str(struct fjson *obj, const char *key, const char *value);
/* A value inside a document as compact JSON text (valid until the next
 * call on it or the document's free). */
const char *fjson_value_text(struct fjson *v);
/* The document as compact JSON text (valid until the next call or free). */
const char *fjson_text(struct fjson_doc *d);

/* A JSON number's exact text -> minor units with 2 decimals ("25.1" ->
 * 2510, "140" -> 14000, "-3.50" -> -350). False for more than two
 * non-zero decimals, exponents, or a value beyond +-10^15. */
bool fjson_money_text(const char *text, int64_t *minor);
/* Money element {"value": n, "currency": "USD"}: its value in minor units. */
bool fjson_money(struct fjson *money, int64_t *minor, const char **currency);

/* FHIR instant or dateTime ("2026-11-22T09:30:00Z", with fraction or
 * +hh:mm offset; a date alone is its UTC midnight) -> Unix ms. */
bool fjson_instant_ms(const char *s, int64_t *ms);

/* "Patient/p1" -> "p1" for the given type; NULL when of another type. A
 * relative reference only (an absolute URL is not ours). */
const char *fjson_ref_id(const char *reference, const char *type, char *buf, size_t size);

/* --- resources --------------------------------------------------------------- */

struct fhir_meta {
    const char *id;
    const char *version; /* "" when the server gave none */
    int64_t last_updated_ms;
    const char *last_updated; /* as sent, for cursors; NULL when none */
};

/* Identifier systems the kiosk knows. */
struct fhir_systems {
    const char *card, *mrn, *appointment;
};

struct fhir_patient {
    struct fhir_meta meta;
    char given[KIOSK_NAME_MAX];
    const char *family;
    const char *family_latin; /* a name marked alphabetic (iso21090-EN-representation ABC) */
    const char *birth_date;
    const char *phone, *email, *lang;
    /* The home address (use home, else the first): its last line, city,
     * state, postal code and country; each may be NULL. */
    const char *addr_line, *addr_city, *addr_state, *addr_postal, *addr_country;
    /* The first contact (the emergency contact): name text, relationship
     * text or code, phone; each may be NULL. */
    char contact_name[KIOSK_NAME_MAX];
    const char *contact_relation, *contact_phone;
    int ident_count;
    struct {
        enum ident_kind kind;
        const char *value;
    } idents[FJSON_MAX_IDENTS];
};

/* A Coverage (insurance) of a patient: beneficiary, payer, plan, member. */
struct fhir_coverage {
    struct fhir_meta meta;
    char patient_id[KIOSK_IDENT_MAX]; /* beneficiary */
    const char *status;               /* active, cancelled, draft, entered-in-error */
    const char *payor;                /* payor[0].display */
    const char *plan;                 /* class type plan: name, else value */
    const char *subscriber_id;        /* subscriberId, else identifier[0].value */
    const char *relationship;         /* relationship.coding[0].code: self, spouse, child... */
};

struct fhir_appointment {
    struct fhir_meta meta;
    const char *code; /* business identifier, or the FHIR id */
    enum appt_status status;
    char patient_id[KIOSK_IDENT_MAX];
    int64_t start_ms;
    int duration_min;
    const char *clinic, *provider, *directions;
    /* The HealthcareService, Location and Practitioner participants, whose
     * names and descriptions may come in the patient's language. */
    int ref_count;
    struct {
        const char *type; /* static: "HealthcareService", "Location", "Practitioner" */
        char id[KIOSK_IDENT_MAX];
    } refs[FJSON_MAX_REFS];
};

/* A Location, HealthcareService or Practitioner: its texts a patient reads
 * (field "name"; a Location's "description" too), each as the base value
 * (lang "") and in every language of its translation extensions. A
 * Practitioner's name is its first HumanName's text. */
struct fhir_named {
    struct fhir_meta meta;
    const char *type; /* static */
    int text_count;
    struct {
        const char *field; /* static */
        const char *lang, *text;
    } texts[FJSON_MAX_TEXTS];
};

struct fhir_account {
    struct fhir_meta meta;
    char patient_id[KIOSK_IDENT_MAX];
    const char *name, *status, *currency;
};

struct fhir_charge_item {
    struct fhir_meta meta;
    char patient_id[KIOSK_IDENT_MAX];
    char account_id[KIOSK_IDENT_MAX];
    const char *status, *code, *code_system, *description, *currency;
    int quantity;
    int64_t total_minor, occurred_ms;
};

struct fhir_invoice_line {
    char charge_item_id[KIOSK_IDENT_MAX];
    const char *code, *code_system, *description;
    int64_t total_minor;
};

struct fhir_invoice {
    struct fhir_meta meta;
    char patient_id[KIOSK_IDENT_MAX];
    char account_id[KIOSK_IDENT_MAX];
    const char *status, *currency, *due_date;
    const char *hold;   /* extension .../billing-hold: "dispute" or "plan"; NULL none */
    const char *number; /* the first identifier's value: the paper statement's number; NULL none */
    /* extension .../copay-appointment (valueReference Appointment/<id>): this
     * statement is the copay due for that appointment; "" none */
    char copay_appointment_id[KIOSK_IDENT_MAX];
    int64_t gross_minor, net_minor, insurance_minor, adjustments_minor, issued_ms;
    int line_count;
    struct fhir_invoice_line lines[FJSON_MAX_LINES];
};

enum kiosk_err fhir_read_meta(struct fjson *res, struct fhir_meta *out);
enum kiosk_err fhir_read_patient(struct fjson *res, const struct fhir_systems *sys,
                                 struct fhir_patient *out);
enum kiosk_err fhir_read_appointment(struct fjson *res, const struct fhir_systems *sys,
                                     struct fhir_appointment *out);
enum kiosk_err fhir_read_account(struct fjson *res, struct fhir_account *out);
/* KIOSK_ERR_INVALID for another type or no id. */
enum kiosk_err fhir_read_named(struct fjson *res, struct fhir_named *out);
enum kiosk_err fhir_read_coverage(struct fjson *res, struct fhir_coverage *out);
enum kiosk_err fhir_read_charge_item(struct fjson *res, struct fhir_charge_item *out);
enum kiosk_err fhir_read_invoice(struct fjson *res, struct fhir_invoice *out);

/* A searchset Bundle: its entries' resources and the next page's URL. */
size_t fhir_bundle_count(struct fjson *bundle);
struct fjson *fhir_bundle_resource(struct fjson *bundle, size_t i);
const char *fhir_bundle_next(struct fjson *bundle); /* NULL: last page */

/* An OperationOutcome's first issue as a short text for technicians
 * (code and diagnostics, at most size bytes); "" when there is none. */
void fhir_outcome_text(struct fjson *res, char *out, size_t size);

#endif
