/* The kiosk's local cache: one SQLite file (the only user of sqlite3.h).
 *
 * Opened in WAL mode with synchronous=FULL and foreign keys on; the schema is
 * brought to the newest version by numbered migrations at open. A check-in and
 * its outbox row are written in one BEGIN IMMEDIATE transaction, so either
 * both exist or neither does. Money is integer minor units (cents, paise).
 *
 * Not thread-safe: one struct store per thread. SQLite's own allocations go
 * through kmem_* (so kmem_fail_after() reaches them); SQLite is initialised
 * at the first open and shut down at the last close. Test and service hooks
 * (other migration lists, raw SQL on a file) are in store_testing.h. */
#ifndef KIOSK_STORE_H
#define KIOSK_STORE_H

#include "firmware/core/err.h"
#include "firmware/core/model.h"
#include "firmware/outbox/outbox.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

#define STORE_SCHEMA_VERSION 9

/* Open (creating if needed) and migrate the database at path; ":memory:" is
 * allowed for tests. *out is freed with store_close(). Errors: KIOSK_ERR_IO
 * (cannot open), KIOSK_ERR_CORRUPT (not a database / failed integrity),
 * KIOSK_ERR_UNSUPPORTED (file from a newer schema), KIOSK_ERR_FULL (disk),
 * KIOSK_ERR_NOMEM, KIOSK_ERR_DENIED (read-only file or directory). On error
 * *out is NULL and nothing is left open. */
enum kiosk_err store_open(const char *path, struct store **out);
void store_close(struct store *st); /* NULL is fine */

int store_schema_version(struct store *st);

/* Durability: a commit that wrote a check-in, a payment or an outbox row
 * is copied from the WAL into the database file before store_checkin_add,
 * store_payment_*, store_outbox_* return (a PASSIVE checkpoint, which never
 * waits for readers). store_idle() finishes a checkpoint that a reader held
 * back; the app calls it from its loop. Cheap when nothing is owed. NULL is
 * fine. KIOSK_ERR_BUSY while frames are still held back (call again soon);
 * KIOSK_ERR_IO, KIOSK_ERR_FULL. */
enum kiosk_err store_idle(struct store *st);

/* A database that store_open() found corrupt is set aside for a technician,
 * never deleted: path (and its -wal and -shm) are renamed to
 * "PATH.corrupt-SECONDS", the new name written to moved. *unsent receives
 * the outbox rows not yet sent that the old file still shows, or -1 when it
 * is too damaged to tell. The next store_open(path) starts a fresh file.
 * Errors: KIOSK_ERR_IO (rename refused), KIOSK_ERR_NOT_FOUND (no file). */
/* Outbox rows not yet sent in the database file at path, opened read-only
 * (a file set aside above); -1 when it cannot be read. */
int store_unsent_in(const char *path);

enum kiosk_err store_set_aside(const char *path, int64_t now_s, char *moved, size_t size,
                               int *unsent);

/* --- identifying a patient -------------------------------------------------
 * All lookups fill *out (zeroed first) with the patient and those of their
 * appointments whose start lies in [day_start_ms, day_end_ms), sorted by
 * start, at most KIOSK_MAX_APPTS; cancelled appointments are left out.
 * KIOSK_OK with out->matches == 0 when nobody fits (not an error). */

/* Surname compared through kstr_name_key() (case and accents ignored, also
 * against each patient's Latin-script alias); dob is "YYYY-MM-DD". */
enum kiosk_err store_find_by_name_dob(struct store *st, const char *surname, const char *dob,
                                      int64_t day_start_ms, int64_t day_end_ms,
                                      struct patient_match *out);
/* An identifier of the given kind (card number from a patient ID card, MRN). */
enum kiosk_err store_find_by_identifier(struct store *st, enum ident_kind kind, const char *value,
                                        int64_t day_start_ms, int64_t day_end_ms,
                                        struct patient_match *out);
/* The appointment with this business code (QR/barcode on the letter); the
 * match holds its patient and just that appointment, whatever its day. */
enum kiosk_err store_find_by_appointment_code(struct store *st, const char *code,
                                              struct patient_match *out);

/* --- checking in --------------------------------------------------------- */

struct checkin_result {
    int queue_no; /* the day's running number, from 1 */
    bool already; /* the appointment was already checked in; same queue_no */
};

/* Mark the appointment arrived: insert a check-in row and an outbox row of
 * kind "appointment.arrived" keyed by outbox_key (a fresh UUID made by the
 * caller before this call), and set the appointment's status, all in one
 * transaction. Queue numbers count per local day (day_start_ms). Checking in
 * an appointment twice returns the first queue number with already = true and
 * writes nothing. Errors: KIOSK_ERR_NOT_FOUND (no such appointment),
 * KIOSK_ERR_INVALID (cancelled), KIOSK_ERR_FULL, KIOSK_ERR_IO. */
enum kiosk_err store_checkin_add(struct store *st, int64_t appointment_id, int64_t now_ms,
                                 int64_t day_start_ms, const char *outbox_key,
                                 struct checkin_result *out);

/* --- contact details and insurance ----------------------------------------- */

/* What the cache holds of the patient's phone, e-mail, home address,
 * emergency contact, record age and active insurance (the newest active
 * Coverage). KIOSK_ERR_NOT_FOUND for an unknown patient. Values are for
 * masked display and are never logged. */
enum kiosk_err store_details_get(struct store *st, int64_t patient_id, struct patient_details *out);

/* --- bills ---------------------------------------------------------------- */

/* The patient's statements that are issued or settled (not drafts or
 * cancelled ones), open ones first by due date, at most KIOSK_MAX_BILLS,
 * each with at most KIOSK_MAX_LINES lines. A line that points at a charge
 * item without words of its own takes the charge item's description. */
enum kiosk_err store_bills_for_patient(struct store *st, int64_t patient_id, struct bill_set *out);

/* The copay due for an appointment (store row id): the open statement the
 * server tied to it, with its lines. out->count is 0 when there is none (or
 * nothing is left to pay on it), else 1. */
enum kiosk_err store_copay_for_appointment(struct store *st, int64_t appt_id, struct bill_set *out);
/* Tie the statement invoice_fhir_id to the appointment with this FHIR id
 * or, when appt_fhir_id is NULL, this business code; NULL for both unties
 * it. KIOSK_ERR_NOT_FOUND when no such statement is cached. */
enum kiosk_err store_copay_link(struct store *st, const char *invoice_fhir_id,
                                const char *appt_fhir_id, const char *appt_code);

/* The patient whose statement has this number (the QR code printed on a
 * paper statement). out->matches 0 when none; appointments are left empty. */
enum kiosk_err store_find_by_statement(struct store *st, const char *ref,
                                       struct patient_match *out);

/* --- payments -----------------------------------------------------------------
 * A payment row is written before the card goes to the processor, with the
 * key the processor deduplicates by, so a crash, a timeout or a double tap
 * can never charge twice: after a restart the pending row's key is asked
 * about first. Card numbers, expiry dates and track data are never given to
 * the store. */

enum payment_state {
    PAYMENT_PENDING = 0, /* sent, or about to be: the outcome is not known */
    PAYMENT_APPROVED,    /* charged; posted to the billing server through the outbox */
    PAYMENT_DECLINED,    /* the card was declined: nothing was charged */
    PAYMENT_VOID,        /* the processor never took it: nothing was charged */
};

struct payment_record {
    const char *key; /* a fresh UUID made by the caller */
    int64_t invoice_id;
    int64_t amount_minor; /* > 0 */
    const char *currency, *brand, *last4;
};

/* Record a payment about to be sent (state pending). KIOSK_ERR_BUSY when
 * another payment is still pending (its outcome must be settled first),
 * KIOSK_ERR_INVALID for a used key, an unknown invoice, an amount <= 0 or
 * over what the statement owes, or a last4 that is not 4 digits;
 * KIOSK_ERR_FULL, KIOSK_ERR_IO. */
enum kiosk_err store_payment_begin(struct store *st, const struct payment_record *p,
                                   int64_t now_ms);

/* Settle a pending payment. Approved: in one transaction the row keeps the
 * authorisation code, the statement's cached balance goes down (settled
 * when nothing is left) and a "payment.posted" outbox entry keyed by the
 * payment's key is queued. Declined or void: reason (a short word such as
 * "insufficient_funds") is kept. Settling a payment twice with the same
 * outcome is OK and writes nothing; KIOSK_ERR_NOT_FOUND for an unknown key,
 * KIOSK_ERR_INVALID for a different outcome. */
enum kiosk_err store_payment_settle(struct store *st, const char *key, enum payment_state state,
                                    const char *auth_code, const char *reason, int64_t now_ms);

/* The card the payment terminal read for payment key: its brand and last 4
 * digits only (NULL or "" leaves a field empty). Before the terminal
 * answers a payment has no card: the kiosk never sees one. */
enum kiosk_err store_payment_card(struct store *st, const char *key, const char *brand,
                                  const char *last4);

struct payment_info {
    char key[40];
    int64_t invoice_id;
    char invoice_ref[KIOSK_IDENT_MAX];
    int64_t amount_minor;
    char currency[4], brand[12], last4[5];
    enum payment_state state;
    char auth_code[24], reason[32];
    int64_t created_ms;
};

/* The oldest pending payment; KIOSK_ERR_NOT_FOUND when none is pending. */
enum kiosk_err store_payment_pending(struct store *st, struct payment_info *out);
/* The payment with this key; KIOSK_ERR_NOT_FOUND when none. */
enum kiosk_err store_payment_get(struct store *st, const char *key, struct payment_info *out);

struct payment_counts {
    int pending, approved, declined, voided;
};
enum kiosk_err store_payment_counts(struct store *st, struct payment_counts *out);

/* Check-ins of the local day that starts at day_start_ms, and payments
 * approved since then (fleet metrics: counts only). */
struct day_counts {
    int checkins, payments_approved;
};
enum kiosk_err store_day_counts(struct store *st, int64_t day_start_ms, struct day_counts *out);

/* --- outbox -------------------------------------------------------------- */

enum outbox_state { OUTBOX_PENDING = 0, OUTBOX_DONE = 1, OUTBOX_PARKED = 2 };

struct outbox_counts {
    int pending, done, parked;
};
enum kiosk_err store_outbox_counts(struct store *st, struct outbox_counts *out);

/* Queue a record for the server in its own transaction: key is a fresh
 * UUID made by the caller (the server deduplicates by it); the record is
 * stored as its kind's name and JSON text (firmware/outbox/outbox.h). The
 * record must not carry patient data the patient did not choose to give.
 * Errors: KIOSK_ERR_INVALID (empty key, a key used before, an unknown kind,
 * a text that is not UTF-8), KIOSK_ERR_TOO_BIG (a record whose text does
 * not fit an outbox row), KIOSK_ERR_FULL, KIOSK_ERR_IO. */
enum kiosk_err store_outbox_add(struct store *st, const char *key, const struct outbox_record *rec,
                                int64_t now_ms);

/* The patient's first booked appointment starting at or after from_ms (the
 * end of today: "your next appointment is tomorrow at 10:30"), from the
 * days ahead that sync caches ([server] days_ahead). NOT_FOUND: none. */
enum kiosk_err store_next_appointment(struct store *st, int64_t patient_id, int64_t from_ms,
                                      struct appointment_info *out);

/* An appointment's texts in lang from the resources it names (its
 * HealthcareService's name, its Practitioner's name, its Location's
 * description), as the server translated them; "" where the server gave no
 * translation to lang (or its language: "pt" serves "pt-BR"), and the
 * appointment's own (English) text is then the one to show. */
struct appt_texts {
    char clinic[KIOSK_TEXT_MAX];
    char provider[KIOSK_TEXT_MAX];
    char directions[KIOSK_TEXT_MAX];
};
enum kiosk_err store_appointment_texts(struct store *st, int64_t appointment_id, const char *lang,
                                       struct appt_texts *out);
/* One text of a cached resource in lang (not the base value); NOT_FOUND when
 * there is none. */
enum kiosk_err store_server_text(struct store *st, const char *type, const char *fhir_id,
                                 const char *field, const char *lang, char *buf, size_t size);

/* --- writing the cache (sync, demo data, tests) ---------------------------- */

/* The puts below copy what they need; the caller keeps its strings.
 * store_patient_put inserts, or updates the row with the same fhir_id (a NULL
 * fhir_id always inserts), and rebuilds the patient's name keys.
 * store_identifier_put moves a (kind, value) to patient_id if another
 * patient had it. store_appointment_put inserts or updates by code; a
 * "booked" from the server never undoes a check-in made here that the
 * server has not heard of yet.
 * Errors: KIOSK_ERR_INVALID (missing field, constraint such as a taken
 * fhir_id or an unknown patient_id), KIOSK_ERR_FULL, KIOSK_ERR_IO. */
struct patient_record {
    const char *fhir_id; /* may be NULL */
    const char *given, *family;
    const char *family_latin;         /* Latin-script alias for typing, may be NULL */
    const char *birth_date;           /* YYYY-MM-DD */
    const char *phone, *email, *lang; /* may be NULL */
    const char *version_id;           /* FHIR meta.versionId, may be NULL */
};
enum kiosk_err store_patient_put(struct store *st, const struct patient_record *p, int64_t *row_id);
enum kiosk_err store_identifier_put(struct store *st, int64_t patient_id, enum ident_kind kind,
                                    const char *value);

struct appointment_record {
    const char *fhir_id; /* may be NULL */
    const char *code;    /* business identifier, unique */
    int64_t patient_id;
    int64_t start_ms;
    int duration_min;
    const char *clinic, *provider, *directions;
    enum appt_status status;
    const char *version_id; /* FHIR meta.versionId, may be NULL */
};
enum kiosk_err store_appointment_put(struct store *st, const struct appointment_record *a,
                                     int64_t *row_id);

/* Load the bundled demo data set (assets/demo/demo-data.tsv; format described
 * in that file) into an empty store, placing appointments relative to now_ms.
 * Deterministic: the same file and now_ms give the same rows. All or
 * nothing, in one transaction. Errors: KIOSK_ERR_INVALID (a malformed line,
 * named in kiosk_err_detail() as "demo-data.tsv line N: ...", or a store that
 * already holds patients), KIOSK_ERR_NOT_FOUND (no file), KIOSK_ERR_TOO_BIG,
 * KIOSK_ERR_NOMEM, KIOSK_ERR_IO. */
enum kiosk_err store_load_demo(struct store *st, const char *tsv_path, int64_t now_ms);

/* --- QR charges (Pix, UPI) --------------------------------------------------------
 * A charge row is committed before its QR is shown. While a bill has an open
 * charge (it may still be paid) no second one is made for it: the open one
 * is shown again or asked about until it is paid or closed. */

enum qr_row_state { QR_ROW_OPEN = 0, QR_ROW_PAID, QR_ROW_CLOSED };

struct qr_charge_record {
    const char *id; /* the service's charge id (txid / tr) */
    int64_t invoice_id;
    int64_t amount_minor;
    const char *currency, *scheme; /* "BRL"/"pix", "INR"/"upi" */
};

struct qr_charge_info {
    char id[40];
    int64_t invoice_id;
    int64_t amount_minor;
    char currency[4], scheme[8];
    enum qr_row_state state;
    char payment_key[40];
    int64_t created_ms;
};

/* Record a charge about to be asked for. KIOSK_ERR_BUSY when the invoice
 * has an open charge, KIOSK_ERR_INVALID for a used id, an unknown invoice or
 * an amount <= 0 or over what it owes. */
enum kiosk_err store_qr_begin(struct store *st, const struct qr_charge_record *r, int64_t now_ms);
/* The open charge of invoice_id (invoice_id < 0: the oldest open one of any
 * invoice); KIOSK_ERR_NOT_FOUND when none. */
enum kiosk_err store_qr_open(struct store *st, int64_t invoice_id, struct qr_charge_info *out);
enum kiosk_err store_qr_get(struct store *st, const char *id, struct qr_charge_info *out);
/* Nothing was charged (expired, removed, never made): the row is closed. A
 * paid row stays paid (KIOSK_ERR_INVALID). */
enum kiosk_err store_qr_close(struct store *st, const char *id, int64_t now_ms);
/* The service says paid: the payment is recorded as a card payment is (a
 * payments row under payment_key with auth_code, the balance, the
 * payment.posted outbox entry) and the row marked paid. Every step can be
 * repeated, so a crash between them is finished by calling it again.
 * KIOSK_ERR_BUSY while a card payment is pending (call again later). */
enum kiosk_err store_qr_paid(struct store *st, const char *id, const char *payment_key,
                             const char *auth_code, int64_t now_ms);

#endif
