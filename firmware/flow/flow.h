/* The patient journey as a pure state machine.
 *
 *   flow_step(&state, &event, &effects)
 *
 * changes state and lists what the app must do (look a patient up, record a
 * check-in, print). It does no I/O, reads no clock and no time zone (every
 * event carries the time, and the local date the app worked out) and
 * allocates nothing, so every journey, timeout and error path is a plain
 * table-driven test. The journeys live one a file (see flow_private.h).
 *
 * Screens are named by stable ids ("checkin.surname"); widgets by ids
 * ("key.A", "next", "appt.0"). The same ids drive journey scripts, speech and
 * keypad navigation. */
#ifndef KIOSK_FLOW_H
#define KIOSK_FLOW_H

#include "firmware/core/clock.h"
#include "firmware/core/err.h"
#include "firmware/core/model.h"
#include "firmware/core/screen.h"

#include <stdbool.h>
#include <stdint.h>

/* The stable id of a screen ("welcome", "checkin.surname", ...; "unknown"
 * out of range). The ids are listed once, in firmware/core/screen.h. */
const char *flow_screen_id(enum flow_screen s);

enum flow_event_kind {
    EV_TICK = 0,      /* time passed */
    EV_TAP,           /* widget tapped: widget */
    EV_TEXT,          /* text entered into a field: field ("surname", "dob"), text */
    EV_CARD,          /* patient card swiped: text = card identifier */
    EV_SCAN,          /* code scanned: text = code */
    EV_BAD_SWIPE,     /* unreadable card or code */
    EV_EXPIRED_CARD,  /* card expired */
    EV_LOOKUP_DONE,   /* answer to FX_LOOKUP_*: match (err != OK: store failed) */
    EV_CHECKIN_DONE,  /* answer to FX_RECORD_CHECKIN: queue_no (err != OK: failed) */
    EV_PRINT_DONE,    /* answer to FX_PRINT_TICKET: err */
    EV_GUIDE_PRINTED, /* answer to FX_PRINT_GUIDE: err */
    EV_HELP_DONE,     /* answer to FX_REQUEST_HELP: err (the request is queued or not) */
    EV_ACTIVITY,      /* not a tap, but someone is there (the keypad focus moved) */
    EV_PAY_CARD,      /* a payment card swiped on the patient-card reader: refused */
    EV_BILLS_DONE,    /* answer to FX_LOAD_BILLS: bills (err != OK: store failed) */
    EV_PAY_DONE,      /* answer to FX_PAY: pay (text = authorisation code when approved,
                         field = card brand, text2 = its last 4 digits, as the terminal gives) */
    EV_RECEIPT_DONE,  /* answer to FX_PRINT_RECEIPT or FX_PRINT_NOTE: err */
    EV_QUESTION_DONE, /* answer to FX_BILLING_QUESTION: err (queued or not) */
    EV_LOOKUP_ASKING, /* FX_LOOKUP_* found nobody here; the server is being asked
                         (EV_LOOKUP_DONE follows) */
    EV_LICENCE,       /* driver's licence or ID scanned: text = family name, dob */
    EV_BAD_LICENCE,   /* a licence's barcode that could not be read */
    EV_DETAILS_DONE,  /* answer to FX_LOAD_DETAILS: details (err != OK: none to show) */
    EV_DETAILS_SENT,  /* answer to FX_SEND_DETAILS, FX_SEND_COVERAGE or FX_SEND_RECEIPT: err */
    EV_QR_UPDATE,     /* a QR charge's state (FX_QR_START, FX_QR_CANCEL, and each poll):
                         qr, qr_left_s, amount; text = the reference for the receipt */
    EV_FORMS_DONE,    /* answer to FX_LOAD_FORMS: forms (err != OK: store failed) */
    EV_FORM_OPENED,   /* answer to FX_FORM_OPEN: form, answers (err != OK: not cached) */
    EV_FORM_SENT,     /* answer to FX_FORM_SEND: err (queued or not), offline */
    EV_SIGN_DRAWN,    /* the signature pad holds queue_no points (0: cleared) */
};

struct flow_event {
    enum flow_event_kind kind;
    int64_t mono_ms;    /* monotonic time, for timeouts */
    int64_t wall_ms;    /* wall time (UTC ms), for appointment windows */
    struct kdate local; /* the local civil date and time of wall_ms, in the kiosk's zone:
                           flow reads no zone itself ("today" for a date of birth) */
    const char *widget;
    const char *field;
    const char *text;
    const char *dob; /* EV_LICENCE: the date of birth, "YYYY-MM-DD" */
    const char *text2;
    const struct patient_match *match; /* EV_LOOKUP_DONE; copied by flow */
    const struct bill_set *bills;      /* EV_BILLS_DONE; EV_CHECKIN_DONE: the copay due for
                                          the appointment (0 or 1 bill); copied by flow */
    enum flow_pay_result pay;          /* EV_PAY_DONE */
    bool cards_off; /* EV_BILLS_DONE, EV_CHECKIN_DONE: no card can be taken here now */
    const struct patient_details *details; /* EV_DETAILS_DONE; copied by flow */
    bool statement; /* EV_LOOKUP_DONE: the code was a paper statement's (go to the bills) */
    bool offline;   /* EV_LOOKUP_DONE: nobody here, and the server could not be asked;
                       EV_FORM_SENT: queued, sent when the network is back */
    const struct flow_form_list *forms; /* EV_FORMS_DONE; copied by flow */
    const struct form *form;            /* EV_FORM_OPENED: the app's, valid until
                                           FX_FORM_CLOSE or FX_SESSION_CLEARED */
    struct form_answers *answers;       /* EV_FORM_OPENED: the app's, as form */
    const bool *prefilled;              /* EV_FORM_OPENED: FORM_MAX_ITEMS flags, copied */
    int queue_no;
    enum flow_qr_answer qr; /* EV_QR_UPDATE */
    int qr_left_s;          /* EV_QR_UPDATE: seconds before the code runs out */
    int64_t amount;         /* EV_QR_UPDATE: the charge's amount, minor units */
    enum kiosk_err err;
};

enum flow_fx_kind {
    FX_LOOKUP_NAME_DOB = 1, /* text = surname, text2 = dob "YYYY-MM-DD" */
    FX_LOOKUP_CARD,         /* text = card identifier */
    FX_LOOKUP_CODE,         /* text = appointment code */
    FX_RECORD_CHECKIN,      /* id = appointment row id */
    FX_PRINT_TICKET,        /* the ticket of state.appts[state.selected], state.queue_no */
    FX_SESSION_CLEARED,     /* patient data was dropped: free anything derived from it */
    FX_REQUEST_HELP,        /* queue a help request to staff; text = the screen it came from */
    FX_PRINT_GUIDE,         /* print guide number id in state.lang */
    FX_LOAD_BILLS,          /* id = patient row id */
    FX_PAY,                 /* id = invoice row id, amount: ask the payment terminal for it
                               (the patient's card goes to the terminal, never to the kiosk) */
    FX_PAY_ABORT,           /* Cancel while the terminal waits: the answer is FX_PAY's */
    FX_PRINT_RECEIPT,       /* the receipt of the payment just made */
    FX_PRINT_NOTE,          /* a note of the callback request (answer: EV_RECEIPT_DONE) */
    FX_BILLING_QUESTION,    /* text = topic, text2 = phone digits; id = invoice row id */
    FX_LOAD_DETAILS,        /* id = patient row id: the contact details and insurance on file */
    FX_SEND_DETAILS,        /* queue the changes in state.details for registration staff */
    FX_SEND_COVERAGE,       /* queue state.details' insurance answer for staff to verify */
    FX_SEND_RECEIPT,        /* queue the receipt by state.pay.receipt (SMS or e-mail) to
                               state.details' typed number/address, else the one on file */
    FX_QR_START,            /* id = invoice row id, amount: a Pix/UPI code for it (or the
                               live one again); answers come as EV_QR_UPDATE */
    FX_QR_CANCEL,           /* remove the code being shown (answer: EV_QR_UPDATE) */
    FX_LOAD_FORMS,          /* id = patient row id: the forms they owe (EV_FORMS_DONE) */
    FX_FORM_OPEN,           /* id = index into state.forms.list, text = language wanted */
    FX_FORM_SEND,           /* the open form's answers as its outbox record (EV_FORM_SENT);
                               id = 1: signed by name (tap to sign), else the pad's drawing */
    FX_FORM_CLOSE,          /* the open form is not needed any more: wipe its answers */
    FX_SIGN_CLEAR,          /* empty the signature pad */
};

struct flow_fx {
    enum flow_fx_kind kind;
    int64_t id;
    int64_t amount; /* FX_PAY: minor units */
    char text[KIOSK_IDENT_MAX];
    char text2[16];
    bool online; /* FX_LOOKUP_*: when the cache knows nobody, the server may be asked */
};

/* No step emits more than one effect today; four leave room. Should a step
 * try a fifth, its last effect is overwritten and overflow is set (a bug to
 * fix, never a NULL for flow to trip on). */
#define FLOW_MAX_FX 4
struct flow_fx_list {
    int count;
    bool overflow;
    struct flow_fx fx[FLOW_MAX_FX];
};

#define FLOW_MAX_PAYERS    16
#define FLOW_PAYER_MAX     48 /* bytes of a payer's name */
#define FLOW_PAYER_LIST    5  /* up to this many payers are listed whole */
#define FLOW_PAYER_MATCHES 4  /* payers shown for a search */

struct flow_config {
    int64_t warn_ms;       /* inactivity before the "more time?" warning */
    int64_t clear_ms;      /* inactivity before the session is cleared */
    int64_t done_ms;       /* how long the done screen stays */
    int64_t early_ms;      /* check-in opens this long before an appointment */
    int64_t late_ms;       /* and closes this long after its start */
    int max_attempts;      /* identification tries before "see the desk" */
    int64_t min_pay_minor; /* the least a part payment may be */
    int64_t help_wait_ms;  /* staff can be expected this long after help was asked for */
    char default_lang[8];
    int lang_count; /* the languages the kiosk offers (a patient's preferred one must be) */
    char langs[8][8];
    /* After check-in, "Are these still right?" ([details] in kiosk.ini):
     * every visit, or when the record is older than details_max_age_ms
     * (0: never by age; a record of unknown age is not asked). */
    bool details_every_visit;
    int64_t details_max_age_ms;
    bool details_contact;   /* the emergency contact is asked too */
    bool details_insurance; /* "Is this still your insurance?" when one is on file */
    int payer_count;        /* payers the clinic lists ([details] payers) */
    char payers[FLOW_MAX_PAYERS][FLOW_PAYER_MAX]; /* their names: more than FLOW_PAYER_LIST
                                                    are searched by name */
    char qr_currency[4]; /* bills in this currency may be paid by QR ("BRL": Pix, "INR":
                            UPI); "" = no QR payments */
};

enum flow_notice {
    NOTICE_NONE = 0,
    NOTICE_SWIPE_AGAIN, /* the card could not be read */
    NOTICE_CARD_EXPIRED,
    NOTICE_CARD_UNKNOWN,       /* card/code read, but matches nobody */
    NOTICE_CHECK_DATE,         /* the date of birth is not a real date */
    NOTICE_NEED_SURNAME,       /* Next with an empty surname */
    NOTICE_GUIDE_PRINTED,      /* the guide came out of the printer */
    NOTICE_PRINT_FAILED,       /* the printer could not print it */
    NOTICE_PAYMENT_CARD,       /* a payment card on the patient-card reader: use the terminal */
    NOTICE_AMOUNT_LOW,         /* another amount below the minimum */
    NOTICE_AMOUNT_HIGH,        /* another amount above what is owed */
    NOTICE_PHONE_SHORT,        /* a callback number too short to be one */
    NOTICE_NOTE_PRINTED,       /* the note of a billing request came out */
    NOTICE_NOTE_FAILED,        /* ... and could not be printed */
    NOTICE_RECORDS_OFFLINE,    /* nobody here, and the hospital's records could not be asked */
    NOTICE_LICENCE_UNREADABLE, /* a licence was scanned but could not be read */
    NOTICE_EMAIL_SHAPE,        /* an e-mail address that cannot be one */
    NOTICE_ADDRESS_SHAPE,      /* an address without a street, a town or a usable postal code */
    NOTICE_MEMBER_SHORT,       /* a member id too short to be one */
    NOTICE_PICK_ONE,           /* nothing chosen yet */
    NOTICE_FORM_REQUIRED,      /* Next without an answer to a required question */
    NOTICE_FORM_BAD_NUMBER,    /* a number that is not one, or out of range */
    NOTICE_FORM_BAD_DATE,      /* a date that is not a real one */
    NOTICE_FORM_TOO_LONG,      /* more text than the question takes */
    NOTICE_FORM_FAILED,        /* the answers could not be saved: the desk */
};

enum appt_eligibility {
    ELIG_OPEN = 0, /* can check in now */
    ELIG_EARLY,    /* check-in opens at start - early */
    ELIG_LATE,     /* too late for the kiosk: see the desk */
    ELIG_ARRIVED,  /* already checked in */
    ELIG_CLOSED,   /* cancelled or finished */
};

enum dob_part { DOB_DAY = 0, DOB_MONTH, DOB_YEAR };

/* ID_LICENCE: a driver's licence gave both identifiers (family name and
 * date of birth), looked up like a typed surname and date of birth. */
enum flow_id_method { ID_NAME_DOB = 0, ID_CARD, ID_CODE, ID_LICENCE };

/* Why the patient identified: to check in, or to see and pay bills. */
enum flow_purpose { PURPOSE_CHECKIN = 0, PURPOSE_PAY, PURPOSE_FORMS };

/* Another amount, typed as people write money: whole units, then a decimal
 * separator and at most two decimals ("20", "20.5", "0.01"). */
#define FLOW_AMOUNT_WHOLE    7 /* whole-unit digits */
#define FLOW_AMOUNT_DECIMALS 2
#define FLOW_AMOUNT_TEXT     (FLOW_AMOUNT_WHOLE + 1 + FLOW_AMOUNT_DECIMALS)
#define FLOW_PHONE_DIGITS    15

/* Each journey keeps its own part of the state (flow_<journey>.c). */

/* Contact details and insurance after check-in (flow_details.c). */
enum details_item { DETAIL_PHONE = 0, DETAIL_EMAIL, DETAIL_ADDRESS, DETAIL_CONTACT, DETAIL_COUNT };
enum addr_field { ADDR_LINE = 0, ADDR_CITY, ADDR_POSTAL };
enum insurance_answer { INS_SAME = 0, INS_CHANGED, INS_NONE };
/* Relation to the subscriber: 0 none yet, then these (flow_relation_code). */
#define FLOW_RELATIONS 4
#define FLOW_EMAIL_MAX 64
struct flow_details {
    struct patient_details on_file; /* FX_LOAD_DETAILS */
    bool changed[DETAIL_COUNT];     /* typed anew, to send */
    char phone[FLOW_PHONE_DIGITS + 1];
    char email[FLOW_EMAIL_MAX + 1];
    char line[64 + 1], city[40 + 1], postal[10 + 1];
    enum addr_field addr_focus;
    char contact_phone[FLOW_PHONE_DIGITS + 1];
    bool failed; /* the change could not be queued */
    enum insurance_answer ins;
    int payer; /* index into the clinic's payers, -1 none */
    char member[20 + 1];
    char payer_query[24 + 1]; /* letters typed to find the payer (more than FLOW_PAYER_LIST) */
    int relation;             /* 1..FLOW_RELATIONS, 0 none */
    bool ins_failed;
    bool send_new; /* a receipt goes to a number or address typed here */
};

/* Forms the patient owes today, as the app summarised them (flow_forms.c). */
#define FLOW_FORMS_MAX 16
enum flow_form_state { FORM_OWED = 0, FORM_SKIPPED, FORM_SENT, FORM_QUEUED };
struct flow_form_entry {
    char title[128]; /* in the patient's language, else the form's own */
    int minutes;
    bool optional;   /* the clinic does not require it */
    bool desk;       /* the kiosk cannot fill it (or it is not cached): at the desk */
    bool translated; /* every text is in the patient's language */
    bool consent;
    enum flow_form_state state;
};
struct flow_form_list {
    int count;
    struct flow_form_entry forms[FLOW_FORMS_MAX];
};

struct form;
struct form_answers;
#define FLOW_FORM_ITEMS 128 /* FORM_MAX_ITEMS (checked in flow_forms.c) */
#define FLOW_FORM_EDIT  256 /* FORM_VALUE_MAX */

/* Forms: the list, and the form being filled. The form and its answers
 * belong to the app (they are large and allocated); flow holds them between
 * EV_FORM_OPENED and FX_FORM_CLOSE / FX_SESSION_CLEARED and changes the
 * answers only through the pure forms layer. */
struct flow_forms {
    bool loaded;
    bool from_done; /* the list was opened from the done screen (checked in) */
    struct flow_form_list list;
    int first;  /* the first form on the list on screen (a short screen shows fewer) */
    int open;   /* index into list, -1 none */
    int choose; /* the untranslated form offered in English or at the desk, -1 none */
    const struct form *form;
    struct form_answers *answers;
    bool prefilled[FLOW_FORM_ITEMS];
    int page;                  /* index into the pages shown now */
    int field;                 /* the item whose text is being typed, -1 none */
    char edit[FLOW_FORM_EDIT]; /* its text so far */
    int missing;               /* item the notice is about, -1 none */
    bool failed;               /* the record could not be queued */
    bool offline;              /* queued; sent when the network is back */
    char text_lang[8];         /* the language the form is shown in ("": its own) */
    int sign_points;           /* drawn on the pad so far */
    bool sign_by_name;         /* "tap to sign" with the patient's name (keypad, speech) */
};

/* Guides and the glossary: which guide, which page; the glossary's search. */
struct flow_guides {
    int guide;
    int page;
    char query[32];
    enum flow_screen glossary_back; /* "What does this mean?" came from here */
};

/* Help: the screen to go back to, why (if the patient said), and whether
 * the request was queued: then "on the way" stays until staff can be
 * expected (sent_ms + help_wait_ms), and says what to do after (overdue). */
#define FLOW_HELP_REASONS 5
struct flow_help {
    enum flow_screen back;
    int reason; /* 0 none, else 1 + index of flow_help_reason_id */
    bool failed;
    bool sent;
    bool overdue;
    int64_t sent_ms;
};

/* An amount as people write it, whole units with sep (',' or '.') and at
 * most two decimals ("20,50" and "20,5" are 2050, "0,5" and ",5" are 50) to
 * minor units (two decimals). False, *minor untouched, for an empty text,
 * a third decimal, a second separator, another character or more than
 * FLOW_AMOUNT_WHOLE whole digits. */
bool flow_amount_parse(const char *text, char sep, int64_t *minor);

/* "wheelchair", "interpreter", "forms", "billing", "other" (i 0..4); NULL else. */
const char *flow_help_reason_id(int i);

/* Paying the open statement (wiped with the session). */
struct flow_pay {
    bool other; /* "another amount" chosen */
    /* as typed: digits and at most one '.' (the language's separator on screen) */
    char amount_text[FLOW_AMOUNT_TEXT + 1];
    int64_t amount;                     /* the amount being paid */
    char card_brand[24], card_last4[5]; /* of the card the terminal last read */
    bool cancelling;                    /* Cancel tapped: the terminal is told */
    enum flow_pay_result result;
    char auth_code[24];
    int64_t paid_amount; /* approved in this session (for the receipt) */
    enum receipt_choice receipt;
    bool receipt_failed;
};

/* The copay due today, offered once the check-in is recorded (flow_copay.c). */
enum flow_copay_state {
    COPAY_NONE = 0,    /* none due */
    COPAY_OFFERED,     /* "Your copay today is ..." */
    COPAY_PAYING,      /* in the payment journey (confirm, card) */
    COPAY_PAID,        /* approved: the ticket says so */
    COPAY_DESK,        /* to be paid at the desk (chosen, declined or no card here) */
    COPAY_UNCONFIRMED, /* the processor did not answer: staff will check */
};
struct flow_copay {
    enum flow_copay_state state;
};

/* Paying by a Pix / UPI code (flow_payqr.c); the phases are in screen.h. */

struct flow_payqr {
    enum flow_qr_phase phase;
    int seconds_left;
    int64_t left_at_ms; /* mono time seconds_left was said */
};

/* A question for billing staff. */
struct flow_question {
    int topic; /* 0 none, 1 this bill, 2 payment plan, 3 insurance, 4 something else */
    char phone[FLOW_PHONE_DIGITS + 1];
    bool failed;
    bool sent;
};

#define FLOW_SCROLL_MAX 63

struct flow_state {
    struct flow_config cfg;
    enum flow_screen screen;
    char lang[8];
    bool large_text; /* chosen on the welcome screen; reset per session */
    bool high_contrast;
    bool speech;           /* speech output on: timeouts are twice as long */
    bool warning;          /* "Do you need more time?" is showing */
    int scroll;            /* the first element of the screen's list on screen ("scroll.more" /
                            * "scroll.back" on any screen; 0 on each new screen; the ui bounds it) */
    bool busy;             /* waiting for an effect's answer: input ignored */
    int64_t last_input_ms; /* monotonic time of the last patient action */
    int64_t screen_since_ms;
    enum flow_notice notice;
    /* The patient's record names a preferred language the kiosk offers:
     * the session switched to it after identification; lang_before is the
     * language to go back to ("lang.back"), "" when nothing switched.
     * lang_chosen: the patient picked a language themselves (no switch). */
    char lang_before[8];
    bool lang_chosen;

    /* Patient session: everything below is wiped when the session ends.
     * Identification (flow_identify.c, for check-in and pay alike) and the
     * check-in (flow_checkin.c). */
    enum flow_id_method method;
    char surname[64];
    char dob_day[3], dob_month[3], dob_year[5];
    enum dob_part dob_focus;
    int attempts; /* failed identification tries */
    struct patient_match match;
    enum appt_eligibility elig[KIOSK_MAX_APPTS];
    int selected; /* index into match.appts, -1 none */
    int queue_no;
    bool print_failed;

    /* Bills, shared by the pay and billing-question journeys. */
    enum flow_purpose purpose;
    struct bill_set bills;
    int bill;        /* index into bills, -1 none */
    bool show_codes; /* billing codes beside the plain words */
    int first_line;  /* the first line of the statement on screen */
    int first_bill;  /* the first statement on the list on screen */
    bool cards_off;  /* no card can be taken: "Pay" shows the other ways */

    struct flow_guides guides;
    struct flow_help help;
    struct flow_pay pay;
    struct flow_payqr payqr;
    struct flow_question question;
    struct flow_copay copay;
    struct flow_details details;
    struct flow_forms forms;
};

/* The subscriber-relationship code of relation r (1..FLOW_RELATIONS): "self",
 * "spouse", "child", "other"; "" otherwise. */
const char *flow_relation_code(int r);

/* The payers the insurance.payer screen offers now, as indexes into
 * cfg.payers, into out (at most max): all of them when there are no more
 * than FLOW_PAYER_LIST, else those whose name holds the letters typed
 * (any case; all of them while nothing is typed), at most
 * FLOW_PAYER_MATCHES. Returns how many. */
int flow_payers_offered(const struct flow_state *s, int *out, int max);
/* Whether the open statement may be paid by QR here (its currency is the
 * configured scheme's). */
bool flow_payqr_offered(const struct flow_state *s);

/* Forms still owed that the kiosk can take (not sent, skipped or for the desk). */
int flow_forms_owed(const struct flow_state *s);
/* The pages of the open form as they are now (enableWhen applied): pages[k]
 * is the item shown; the count (0 without a form). */
int flow_form_page_count(const struct flow_state *s, int pages[FLOW_FORM_ITEMS]);

/* The open form asks for a signature now (a consent only when agreed). */
bool flow_form_needs_signature(const struct flow_state *s);

/* The stable id of a question topic ("bill", "plan", "insurance", "other"). */
const char *flow_topic_id(int topic);

void flow_init(struct flow_state *s, const struct flow_config *cfg, int64_t mono_ms);

/* Apply one event. fx is reset and filled with the effects to run, in
 * order. Returns true when something visible changed (the app redraws). */
bool flow_step(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);

/* Monotonic time of the next timer after mono_ms, or -1 when nothing is
 * pending. The app sends EV_TICK no later than that. */
int64_t flow_next_deadline(const struct flow_state *s, int64_t mono_ms);

/* Eligibility of an appointment at wall time now_ms. */
enum appt_eligibility flow_appt_eligibility(const struct flow_config *cfg,
                                            const struct appointment_info *a, int64_t now_ms);

/* Seconds left before the session clears (for the warning's countdown). */
int flow_seconds_to_clear(const struct flow_state *s, int64_t mono_ms);

#endif
