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
    char number[KIOSK_IDENT_MAX]; /* the statement number */
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

    const char *notice_msgid; /* a banner: "Please swipe your card again." */
    bool notice_is_error;

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
    char min_amount[32];   /* the least a part payment may be */
    char card[48];         /* "Visa ending 1111" */
    char auth_code[24];
    int pay_result; /* enum flow_pay_result of the last try */
    int receipt;    /* enum receipt_choice */
    bool receipt_failed;
    const char *phone_billing; /* the billing office's number, "" none */
    const char *phone_typed;   /* the callback number so far */
    int topic;
    int callback_days;
    bool question_failed;

    /* forms (forms.* screens and the done screen's offer) */
    int forms_owed;
    const struct ui_forms *forms;

    /* inactivity */
    bool warning;
    int warning_seconds;

    bool busy; /* waiting: buttons look pressed, input ignored */

    const struct ui_service *svc; /* service screens only */

    const char *focus_id; /* keypad focus, drawn as a ring; NULL when the keypad is not in use */
};

#endif
