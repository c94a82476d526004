/* Plain values shared by flow, store, app and ui: what the kiosk knows about
 * a patient for one session. Fixed sizes so the flow can hold them without
 * allocating. Strings are UTF-8 and NUL-terminated. */
#ifndef KIOSK_CORE_MODEL_H
#define KIOSK_CORE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#define KIOSK_NAME_MAX  96  /* bytes, a given or family name */
#define KIOSK_TEXT_MAX  128 /* bytes, a clinic, provider or directions text */
#define KIOSK_IDENT_MAX 64  /* bytes, an identifier (card, appointment code, FHIR id) */
#define KIOSK_MAX_APPTS 6   /* appointments shown for one patient on one day */

enum appt_status {
    APPT_BOOKED = 0,
    APPT_ARRIVED,
    APPT_CANCELLED,
    APPT_FULFILLED,
    APPT_NOSHOW,
};

enum ident_kind {
    IDENT_CARD = 0,    /* patient ID card number (from a magnetic stripe) */
    IDENT_BARCODE = 1, /* code printed on a letter or wristband */
    IDENT_MRN = 2,     /* medical record number */
};

struct patient_summary {
    int64_t id;                 /* store row id */
    char given[KIOSK_NAME_MAX]; /* as the patient writes it, any script */
    char family[KIOSK_NAME_MAX];
    char birth_date[11]; /* YYYY-MM-DD: checked when a card or code identified them */
    char phone[32];      /* for "confirm contact details"; may be "" */
    char lang[8];        /* preferred language ("pt-BR"), may be "" */
};

struct appointment_info {
    int64_t id;                 /* store row id */
    char code[KIOSK_IDENT_MAX]; /* business identifier, e.g. APPT-2026-000123 */
    int64_t start_ms;           /* wall time, UTC ms */
    int duration_min;
    char clinic[KIOSK_TEXT_MAX];     /* "Cardiology" */
    char provider[KIOSK_TEXT_MAX];   /* "Dr. Ana Ribeiro" */
    char directions[KIOSK_TEXT_MAX]; /* "Floor 2, blue lifts" */
    enum appt_status status;
    int queue_no; /* > 0 once checked in */
};

/* The result of identifying a patient: who, and their appointments today.
 * matches is the number of patients that fit: 0 none, 1 patient is filled,
 * more than 1 ambiguous (patient and appts are left empty). */
struct patient_match {
    int matches;
    struct patient_summary patient;
    int appt_count;
    struct appointment_info appts[KIOSK_MAX_APPTS]; /* sorted by start time */
    struct appointment_info next; /* the first booked one after today; id 0: none known */
};

/* --- contact details and insurance ------------------------------------------
 * What the record says, as cached (store_details_get), for "Are these still
 * right?". Shown only masked (kmask_*); never logged. */
#define KIOSK_EMAIL_MAX 96
struct patient_details {
    char fhir_id[KIOSK_IDENT_MAX]; /* the Patient's id on the server, "" demo data */
    char phone[32], email[KIOSK_EMAIL_MAX];
    char addr_line[KIOSK_TEXT_MAX], addr_city[KIOSK_NAME_MAX], addr_postal[16];
    char addr_country[8];              /* ISO 3166 as the server has it, "" unknown */
    char contact_name[KIOSK_NAME_MAX]; /* the emergency contact */
    char contact_phone[32];
    int64_t record_updated_ms; /* Patient.meta.lastUpdated, 0 unknown */
    /* The active Coverage, if any. */
    bool has_coverage;
    char coverage_id[KIOSK_IDENT_MAX];
    char payor[KIOSK_TEXT_MAX], plan[KIOSK_TEXT_MAX];
    char member_id[KIOSK_IDENT_MAX];
    char relationship[16]; /* self, spouse, child, other... */
};

/* --- bills ------------------------------------------------------------------
 * What the patient owes, as the kiosk shows it: statements (FHIR Invoice)
 * with their lines. Money is integer minor units of currency. */
#define KIOSK_MAX_BILLS 4 /* statements shown for one patient */
#define KIOSK_MAX_LINES 8 /* lines shown for one statement */

enum bill_state {
    BILL_OPEN = 0, /* something to pay */
    BILL_PAID,     /* nothing left to pay */
    BILL_DISPUTE,  /* the patient disputes it: no payment until staff settle it */
    BILL_PLAN,     /* paid in instalments under a payment plan */
    BILL_CHECKING, /* a card payment on it waits for the processor's answer: none other */
};

struct bill_line {
    char code[16];                    /* billing code (CPT, ...), "" if none */
    char description[KIOSK_TEXT_MAX]; /* plain words from the server */
    int quantity;
    int64_t total_minor;
};

struct bill_info {
    int64_t id;                   /* store row id */
    char ref[KIOSK_IDENT_MAX];    /* the statement's number (FHIR id), printed on receipts */
    char number[KIOSK_IDENT_MAX]; /* Invoice.identifier: the number on the paper statement, "" none
                                   */
    char currency[4];             /* ISO 4217 */
    enum bill_state state;
    char due_date[11];       /* YYYY-MM-DD or "" */
    int64_t total_minor;     /* charges */
    int64_t insurance_minor; /* paid by insurance */
    int64_t adjust_minor;    /* taken off */
    int64_t owes_minor;      /* left for the patient to pay */
    int line_count;
    struct bill_line lines[KIOSK_MAX_LINES];
};

struct bill_set {
    int count;
    struct bill_info bills[KIOSK_MAX_BILLS]; /* open ones first, by due date */
};

#endif
