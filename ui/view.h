/* The view value: everything a screen shows, as plain data. The app fills it
 * from the flow state; ui/screen/ turns it into widgets and draw commands.
 * Strings here are either data (names, times, already formatted for the
 * language) or English msgids that the screen translates (fields ending in
 * _msgid). Nothing here points at a service. */
#ifndef KIOSK_UI_VIEW_H
#define KIOSK_UI_VIEW_H

#include "firmware/core/model.h"
#include "firmware/guide/guide.h"

struct theme;

#include <stdbool.h>

#define UI_MAX_LANGS 8

struct ui_appt {
    char time[24]; /* "10:10" / "10:10 AM" */
    char clinic[KIOSK_TEXT_MAX];
    char provider[KIOSK_TEXT_MAX];
    char directions[KIOSK_TEXT_MAX];
    const char
        *status_msgid;   /* NULL when it can be checked in now; may hold "{time}" / "{number}" */
    char status_arg[24]; /* the value for the placeholder */
    bool selectable, selected;
};

/* A statement as shown: amounts already formatted for the language, each
 * line in plain words of the patient's language when the kiosk has them. */
struct ui_bill_line {
    char words[2 * KIOSK_TEXT_MAX]; /* "Blood test — checks your cholesterol" */
    char code[16];                  /* shown when the patient asks for codes */
    char amount[32];
};
struct ui_bill {
    char number[KIOSK_IDENT_MAX]; /* the number on the paper statement (Invoice.identifier), "" none
                                   */
    char id[KIOSK_IDENT_MAX];     /* the server's id: shown shortened when there is no number */
    char due[48];                 /* formatted due date, "" none */
    bool overdue;
    char total[32], insurance[32], adjust[32], owes[32]; /* insurance, adjust: negative */
    const char *state_msgid; /* the bill's banner: "Paid", "In review: ...", ...; NULL: open */
    const char *state_label; /* the same in a few words, for the list of bills */
    bool payable;
    int line_count;
    struct ui_bill_line lines[KIOSK_MAX_LINES];
};

/* Forms: the list owed, and the page of the form open (the app turns the
 * form and its answers into these rows; ui never sees the forms model). */
#define UI_FORMS_MAX      16
#define UI_FORM_QUESTIONS 5 /* a small group is at most 4 questions, with its own text */
#define UI_FORM_OPTIONS   8
#define UI_FORM_REVIEW    24
#define UI_FORM_TEXT      768
struct ui_form_row {
    char title[128];
    int minutes;
    bool optional, desk, consent;
    int state; /* enum flow_form_state: 0 owed, 1 skipped, 2 sent, 3 queued */
};
enum ui_form_input {
    UI_FORM_SHOW = 0, /* text only (display, group heading) */
    UI_FORM_YES_NO,
    UI_FORM_CHOICE,  /* the options as buttons (open-choice: also a typed other) */
    UI_FORM_LETTERS, /* string, text: the letter keyboard */
    UI_FORM_NUMBER,  /* integer: the keypad */
    UI_FORM_DECIMAL, /* decimal: the keypad and a point */
    UI_FORM_DATE,    /* date: the keypad, day month year */
};
struct ui_form_option {
    char id[16]; /* "opt.3" */
    char label[128];
    bool chosen;
};
struct ui_form_question {
    int item;
    char id[16]; /* "field.4": the typed field */
    char text[UI_FORM_TEXT];
    enum ui_form_input input;
    bool required, prefilled, repeats, typed, focused, missing, answered;
    bool yes, no; /* yes/no chosen */
    int option_count;
    struct ui_form_option options[UI_FORM_OPTIONS];
    char value[260];   /* what is typed now (date: formatted as DD/MM/YYYY) */
    char answers[300]; /* the answers so far, in words ("Penicillin; Nuts") */
};
struct ui_form_review_row {
    char question[256];
    char answer[300];
    int page;
};
#define UI_SIGN_POINTS 2048 /* FORM_SIG_MAX_POINTS */
struct ui_point {
    short x, y;
    bool pen_up; /* starts a new stroke */
};
struct ui_forms {
    int count;
    struct ui_form_row rows[UI_FORMS_MAX];
    bool from_done;         /* checked in already: "later" ends the visit's kiosk part */
    int first;              /* the first row on screen */
    char choose_title[128]; /* the form offered in English or at the desk */
    char choose_lang[32];   /* the patient's language, in its own words */
    /* the form open */
    char title[128];
    int page, pages; /* "3 of 12" */
    int question_count;
    struct ui_form_question questions[UI_FORM_QUESTIONS];
    bool has_keyboard, has_keypad, has_point;
    int review_count;
    struct ui_form_review_row review[UI_FORM_REVIEW];
    bool consent;
    bool offline;   /* sent screen: will go when the network is back */
    char today[48]; /* the date shown on a consent */
    /* signature pad */
    const struct ui_point *sign; /* in pad coordinates */
    int sign_count;
    bool sign_by_name;
    char signer[128]; /* the patient's name, for "tap to sign" */
};

/* Service mode (technicians; English only): plain values from the app. */
#define UI_SVC_LINES 14
struct ui_service {
    const char *user;    /* logged in as; "" on the login screen */
    const char *name;    /* login: the name typed so far */
    int code_len;        /* login: digits typed (shown as dots) */
    int field;           /* login: 0 name, 1 passcode */
    const char *message; /* a sentence for the technician, or NULL */
    bool message_is_error;
    bool busy;
    int line_count; /* home: status lines */
    char lines[UI_SVC_LINES][160];
    const char *reader_result; /* reader test: masked description, or "" */
};

struct ui_view {
    const char *screen; /* screen id, e.g. "checkin.surname" */
    const char *lang;   /* "en", "pt-BR", "hi", "es" */
    bool large_text, high_contrast;

    const char *clinic_name;
    const char *logo;                   /* image name in the branding pack; NULL: none */
    const struct theme *theme;          /* the pack's colours; NULL: the standard theme */
    const char *welcome_text;           /* the pack's welcome for this language; NULL: ours */
    const char *closing_text;           /* the pack's closing words; NULL: none */
    bool no_checkin, no_guides, no_pay; /* features the pack turned off */
    bool store_down; /* the database cannot be used: no check-in, no paying, no help calls */
    int lang_count;
    const char *langs[UI_MAX_LANGS]; /* offered on the welcome screen */

    /* help: the reason chosen (0 none, else 1..5: wheelchair, interpreter,
     * forms, billing, other), and staff should have come by now */
    int help_reason;
    bool help_overdue;

    const char *notice_msgid; /* a banner: "Please swipe your card again." */
    bool notice_is_error;
    /* The session switched to the patient's preferred language: its name
     * and the one to go back to, each in its own script ("Português",
     * "English"); NULL when nothing switched. Shown where notices are, with
     * the way back (lang.back), while no other notice is showing. */
    const char *lang_name, *lang_back;

    /* entry */
    const char *surname;
    const char *dob_day, *dob_month, *dob_year;
    int dob_focus;    /* 0 day, 1 month, 2 year */
    bool dob_confirm; /* card/code route: confirm rather than search */
    int tries_left;

    /* patient */
    const char *given_name;
    int appt_count;
    struct ui_appt appts[KIOSK_MAX_APPTS];
    bool can_confirm;
    /* No appointment today: the next one, "tomorrow at 10:30" and its
     * clinic, in the patient's language; when[0] == '\0': none known. */
    char next_when[96];
    const char *next_clinic;

    /* done */
    char queue[16]; /* "A017" */
    const char *done_clinic;
    const char *done_directions;
    bool print_failed;

    /* guides */
    const struct guide_library *guides; /* in the patient's language; NULL: none */
    int guide, page;                    /* the guide open, and its page */
    const char *query;                  /* glossary search */
    const unsigned char *qr_modules;    /* QR of the open guide's address; NULL: none */
    int qr_size;                        /* modules a side */

    /* help */
    const char *front_desk; /* where the desk is ("Ground floor, by the main entrance") */
    const char *phone;      /* "" for none */
    bool help_failed;       /* the request could not even be queued */
    bool no_help_request;   /* the clinic takes no requests at the kiosk: point to the desk */

    /* bills and payment */
    int bill_count;
    struct ui_bill bills[KIOSK_MAX_BILLS];
    int bill; /* the statement open, -1 none */
    bool show_codes;
    int first_line;        /* of the open statement, on screen */
    int first_bill;        /* the first statement on the list, on screen */
    bool pay_other;        /* "another amount" keypad showing */
    char amount_typed[32]; /* the other amount so far, formatted */
    char pay_amount[32];   /* the amount being paid */
    bool cards_off;        /* no card can be taken now (the copay: at the desk; QR may still be) */
    char min_amount[32];   /* the least a part payment may be */
    char card[48];         /* "Visa 411111******1111" (as the terminal masks it) */
    bool pay_cancelling;   /* Cancel tapped: the terminal is being told */
    const char *terminal_image; /* where the terminal is: pack image name; NULL: a drawing */
    char auth_code[24];
    int pay_result; /* enum flow_pay_result of the last try */
    /* Pix / UPI: the scheme's name where the open statement may be paid by
     * QR ("Pix", "UPI"; NULL none), the code's phase (enum flow_qr_phase),
     * seconds before it runs out, its text (BR Code / upi://pay) and the
     * payee the patient pays; qr_modules holds the code itself. */
    const char *qr_scheme;
    int qr_phase;
    int qr_seconds;
    const char *qr_text;
    const char *qr_payee;
    int receipt; /* enum receipt_choice */
    bool receipt_failed;
    const char *phone_billing; /* the billing office's number, "" none */
    const char *phone_typed;   /* the callback number so far */
    char phone_shown[48];      /* ... as people of the language write it: "(617) 555-0103" */
    int topic;
    int callback_days;
    bool question_failed;

    /* contact details and insurance after check-in: what is on file only
     * masked (the view never holds a whole value from the record) */
    char det_phone_tail[8];              /* "0110": "phone ending 0110"; "" none */
    char det_email[KIOSK_EMAIL_MAX + 8]; /* "p•••@example.org" */
    char det_street_tail[16];            /* "42": "street ending ... 42" */
    const char *det_city;                /* the town on file (shown whole) */
    bool det_ask_contact;                /* the emergency contact is asked */
    char det_contact_tail[8];            /* its phone's last digits */
    bool det_changed[4];                 /* enum details_item: typed anew */
    char det_new[4][48];                 /* each change, masked the same way */
    const char *det_phone_typed, *det_email_typed, *det_contact_typed;
    const char *det_line_typed, *det_city_typed, *det_postal_typed;
    int det_addr_focus; /* 0 street, 1 town, 2 postal code */
    bool det_failed;
    const char *det_country; /* the record's country ("US", "BR", ...), "" unknown */
    char ins_payor[KIOSK_TEXT_MAX], ins_plan[KIOSK_TEXT_MAX];
    char ins_member[KIOSK_IDENT_MAX]; /* "•••7919" */
    const char *ins_relation_msgid;   /* "You" / "Your spouse" ...; NULL unknown */
    int payer_count;
    const char *payers[8]; /* the payers offered now (all, or those found) */
    bool payer_search;     /* many payers: typed letters find them */
    const char *payer_query;
    const char *ins_member_typed;
    int ins_relation; /* 1 self, 2 spouse, 3 child, 4 other; 0 none */
    int ins_answer;   /* 0 same, 1 changed, 2 none */
    bool ins_failed;
    char receipt_to[KIOSK_EMAIL_MAX + 8]; /* SMS: the phone's last digits; e-mail: masked */
    /* forms (forms.* screens and the done screen's offer) */
    int forms_owed;
    const struct ui_forms *forms;

    /* inactivity */
    bool warning;
    int warning_seconds;

    bool busy;  /* waiting: buttons look pressed, input ignored */
    int scroll; /* the first element of the screen's list shown (ui_pager), 0 the top */

    const struct ui_service *svc; /* service screens only */

    const char *focus_id; /* keypad focus, drawn as a ring; NULL when the keypad is not in use */
};

#endif
