/* Outbox records: what the kiosk queues for the billing server, typed.
 *
 * Each kind of record is one row of OUTBOX_KINDS below: its enum, the name
 * stored in the outbox table's kind column, and its payload struct. The
 * payload is stored as a flat JSON object (outbox_encode) and read back by
 * outbox_decode; firmware/sync turns a record into its FHIR resource
 * (outbox_fhir.c, a table indexed by the same enum). Writers fill a struct
 * outbox_record and give it to store_outbox_add; nobody writes the JSON.
 *
 * Records carry no patient data the patient did not choose to give (the
 * outbox may be exported for support).
 *
 * Depends on firmware/core only. */
#ifndef KIOSK_OUTBOX_H
#define KIOSK_OUTBOX_H

#include "firmware/core/err.h"
#include "firmware/core/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kinds: X(ENUM suffix, payload member, name as stored).
 *
 * Adding a kind is: one row here, its payload struct below, its field list
 * in outbox.c (that is its encoder and decoder), its to_fhir in
 * firmware/sync/outbox_fhir.c, and its test in tests/unit/test_outbox.c.
 * The build fails while the field list or the to_fhir is missing. A stored
 * name never changes: rows written by older firmware are looked up by it. */
#define OUTBOX_KINDS(X)                                                                            \
    X(APPOINTMENT_ARRIVED, arrived, "appointment.arrived")                                         \
    X(HELP_REQUEST, help, "help.request")                                                          \
    X(BILLING_QUESTION, billing, "billing.question")                                               \
    X(DEVICE_ALERT, device, "device.alert")                                                        \
    X(UPDATE_RESULT, update, "update.result")                                                      \
    X(STAFF_ALERT, staff, "staff.alert")                                                           \
    X(PAYMENT_POSTED, payment, "payment.posted")                                                   \
    X(FORM_RESPONSE, form, "form.response")                                                        \
    X(DETAILS_CHANGE, details, "details.change")                                                   \
    X(COVERAGE_CHANGE, coverage, "coverage.change")                                                \
    X(RECEIPT_SEND, receipt, "receipt.send")

enum outbox_kind {
#define OUTBOX_KIND_ENUM(k, member, name) OUTBOX_##k,
    OUTBOX_KINDS(OUTBOX_KIND_ENUM)
#undef OUTBOX_KIND_ENUM
        OUTBOX_KIND_COUNT
};

/* Members are sized to hold what their writers give them (a config value,
 * a flow text, a cached identifier), so filling one never cuts a value. */
#define OUTBOX_PLACE_MAX 128 /* the kiosk's location ([kiosk] location) */
#define OUTBOX_LANG_MAX  16

/* A patient checked in (store_checkin_add). */
struct outbox_arrived {
    char code[2 * KIOSK_IDENT_MAX]; /* the appointment's business code */
    /* Schema-1 firmware wrote {"appointment": FHIR id, else the code}
     * instead; read from old rows, never written. */
    char appointment[2 * KIOSK_IDENT_MAX];
};

/* A patient asked for help. */
struct outbox_help {
    char location[OUTBOX_PLACE_MAX];
    char screen[KIOSK_IDENT_MAX]; /* the screen they were on */
    char lang[OUTBOX_LANG_MAX];
    /* Why, if they said: "wheelchair", "interpreter", "forms", "billing",
     * "other"; "" not said (and in rows written before reasons). */
    char reason[24];
};

/* A patient asks billing to call back, on a number they chose to give. */
struct outbox_billing {
    char topic[KIOSK_IDENT_MAX]; /* "plan", "insurance", "bill", ... */
    char phone[40];
    char invoice[KIOSK_IDENT_MAX]; /* the statement's FHIR id, "" none */
    char location[OUTBOX_PLACE_MAX];
    char lang[OUTBOX_LANG_MAX];
};

/* Something about a part of the kiosk staff should know. */
struct outbox_device {
    char location[OUTBOX_PLACE_MAX];
    char device[32]; /* "printer", "payment" */
    char state[200];
};

/* The outcome of a software update. */
struct outbox_update {
    char version[64];
    char result[64];
    char location[OUTBOX_PLACE_MAX];
};

/* Words to staff from sync (a check-in for a cancelled appointment). */
struct outbox_staff {
    char text[256];
};

/* An approved card payment to post (store_payment_settle). */
struct outbox_payment {
    int64_t amount_minor;
    char currency[16]; /* ISO 4217 when usable; checked when posted */
    char invoice[KIOSK_IDENT_MAX];
    char auth_code[64];
};

/* A completed form (or consent, agreed or declined) for an SDC Task. The
 * answers and the signature are patient data the patient chose to give:
 * they live in the outbox only until the server has them (the row's
 * payload is then wiped, store_outbox_done), and are never logged. */
#define OUTBOX_FORM_ITEMS_MAX     16384 /* QuestionnaireResponse.item as JSON text */
#define OUTBOX_FORM_SIGNATURE_MAX 12288 /* base64 of the signature image */
struct outbox_form {
    char task[KIOSK_IDENT_MAX];        /* the Task's FHIR id */
    char patient[KIOSK_IDENT_MAX];     /* the Patient's FHIR id */
    char appointment[KIOSK_IDENT_MAX]; /* "" none */
    char questionnaire[256];           /* canonical url|version answered */
    char lang[OUTBOX_LANG_MAX];        /* the language the patient read it in */
    char consent[24];                  /* "" a form; consentscope code of a consent */
    char category[16];                 /* the consent's LOINC category */
    char decision[16];                 /* a consent: "permit" agreed, "deny" declined */
    char items[OUTBOX_FORM_ITEMS_MAX]; /* form_response_items() */
    char sig_format[32];               /* "image/svg+xml"; "" unsigned */
    char signature[OUTBOX_FORM_SIGNATURE_MAX];
};

/* A patient says their contact details changed: the values they typed
 * (only those they changed are set) for registration staff to check and
 * enter. The record on the server is never changed from the kiosk. */
struct outbox_details {
    char patient[KIOSK_IDENT_MAX]; /* the Patient's FHIR id */
    char phone[40];
    char email[KIOSK_EMAIL_MAX];
    char line[KIOSK_TEXT_MAX]; /* street and number */
    char city[KIOSK_NAME_MAX];
    char postal[16];
    char country[8];
    char contact_name[KIOSK_NAME_MAX]; /* the emergency contact */
    char contact_phone[40];
    char location[OUTBOX_PLACE_MAX];
    char lang[OUTBOX_LANG_MAX];
};

/* A patient says their insurance changed ("changed": payer, member id and
 * relationship as typed) or that they have none now ("none"). */
struct outbox_coverage {
    char patient[KIOSK_IDENT_MAX];
    char change[16];                    /* "changed" or "none" */
    char old_coverage[KIOSK_IDENT_MAX]; /* the Coverage on file, "" none */
    char payor[KIOSK_TEXT_MAX];
    char member_id[KIOSK_IDENT_MAX];
    char relationship[16]; /* subscriber-relationship code: self, spouse, child, other */
    char location[OUTBOX_PLACE_MAX];
    char lang[OUTBOX_LANG_MAX];
};

/* A payment receipt the patient asked for by SMS or e-mail: the hospital's
 * messaging system sends it (the kiosk sends no message itself). to is a
 * number or address the patient typed; "" means the one on file. */
struct outbox_receipt {
    char patient[KIOSK_IDENT_MAX];
    char channel[8]; /* "sms" or "email" */
    char to[KIOSK_EMAIL_MAX];
    char payment[KIOSK_IDENT_MAX]; /* the payment's key */
    int64_t amount_minor;
    char currency[16];
    char invoice[KIOSK_IDENT_MAX];
    char auth_code[64];
    char card[48];  /* "Visa ending 1111" as the receipt shows it */
    char link[192]; /* the receipt online, "" none */
    char lang[OUTBOX_LANG_MAX];
};

struct outbox_record {
    enum outbox_kind kind;
    /* When it happened, Unix ms (a payment: when it was approved). Rows of
     * older firmware that carry no time get the outbox row's created time
     * from outbox_decode, so it is never 0 there. */
    int64_t at_ms;
    union { /* the member of kind */
#define OUTBOX_KIND_MEMBER(k, member, name) struct outbox_##member member;
        OUTBOX_KINDS(OUTBOX_KIND_MEMBER)
#undef OUTBOX_KIND_MEMBER
    };
};

/* The name stored for kind ("help.request"); NULL for a value out of range. */
const char *outbox_kind_name(enum outbox_kind kind);
/* The kind stored as name; false for a name this firmware does not know. */
bool outbox_kind_from_name(const char *name, enum outbox_kind *out);

/* rec as the JSON text stored in the outbox, into out (size bytes).
 * KIOSK_ERR_TOO_BIG when it does not fit (nothing is ever cut short),
 * KIOSK_ERR_INVALID for an unknown kind or a text that is not UTF-8. */
enum kiosk_err outbox_encode(const struct outbox_record *rec, char *out, size_t size);

/* The record of kind stored as json, into *out (zeroed first; members the
 * text lacks stay "" or 0, members it has that this firmware does not know
 * are ignored, as are values of the wrong type). created_ms is the outbox
 * row's created time: at_ms when the text carries no time of its own.
 * KIOSK_ERR_INVALID for text that is not one JSON object, or an unknown
 * kind; KIOSK_ERR_TOO_BIG for a value longer than its member. */
enum kiosk_err outbox_decode(enum outbox_kind kind, const char *json, int64_t created_ms,
                             struct outbox_record *out);

#endif
