/* The words flow and ui share: which screen the patient is on, how a
 * payment ended and how its receipt is wanted. Plain enums and one list,
 * nothing to link: flow decides them, the app copies them into the view, ui
 * draws from them, and neither ui nor this header includes flow.h.
 *
 * KIOSK_SCREENS is the screen table: the only place a screen is defined.
 * Each row:
 *   X(enum, id, name, tap, identifier, timer, back, back_clears_notice)
 *   enum, id    SCR_x and the stable id string that names the screen in
 *               views, journey scripts, speech and help requests;
 *   name        ui/screen draws it with screen_<name>() (a missing one fails
 *               the link);
 *   tap         flow_<tap>_tap() in the journey's flow file handles the taps
 *               the shared rules leave (none: nothing else is tappable);
 *   identifier  yes: a card swipe or a code scan starts identification here;
 *   timer       OFF, SESSION (inactivity warning, then clear), DONE (the done
 *               screen's own time), WAIT (an answer is awaited: no timeout);
 *   back        where "back" goes (a screen), or BY_TAP: the tap handler
 *               decides; back_clears_notice: yes, the notice shown goes too.
 * The behaviour columns are tokens here: flow (firmware/flow/flow.c) expands
 * them into its rows and ui reads only enum, id and name, so neither needs
 * the other and this header includes nothing. Service-mode screens are the
 * app's and ui's alone, so they are not here.
 *
 * Adding a screen: a row here, its tap handler in its journey's flow file,
 * ui/screen/<file>.c with screen_<name>(), its strings, and a journey. */
#ifndef KIOSK_CORE_SCREEN_H
#define KIOSK_CORE_SCREEN_H

/* clang-format off */
#define KIOSK_SCREENS(X)                                                                                                                                      \
    X(SCR_WELCOME,        "welcome",                welcome,        welcome,        yes, OFF,     BY_TAP,          no)     /* start: check in, pay, help, guides */ \
    X(SCR_SURNAME,        "checkin.surname",        surname,        surname,        yes, SESSION, BY_TAP,          no)     /* on-screen keyboard */           \
    X(SCR_DOB,            "checkin.dob",            dob,            dob,            yes, SESSION, BY_TAP,          no)     /* date of birth keypad */         \
    X(SCR_APPOINTMENTS,   "checkin.appointments",   appointments,   appointments,   no,  SESSION, BY_TAP,          no)     /* today's, pick one, confirm */   \
    X(SCR_COPAY,          "checkin.copay",          copay,          copay,          no,  SESSION, BY_TAP,          no)     /* copay due: pay now or at desk */ \
    X(SCR_DONE,           "checkin.done",           done,           done,           no,  DONE,    BY_TAP,          no)     /* checked in, queue number */     \
    X(SCR_NOT_FOUND,      "checkin.not_found",      not_found,      not_found,      yes, SESSION, BY_TAP,          no)     /* try again */                    \
    X(SCR_SEE_DESK,       "checkin.see_desk",       see_desk,       none,           no,  SESSION, BY_TAP,          no)     /* too many tries, ambiguous */    \
    X(SCR_NO_APPOINTMENT, "checkin.no_appointment", no_appointment, none,           no,  SESSION, BY_TAP,          no)     /* found, nothing today */         \
    X(SCR_UNAVAILABLE,    "checkin.unavailable",    unavailable,    none,           no,  SESSION, BY_TAP,          no)     /* our fault: see the desk */      \
    X(SCR_HELP,           "help",                   help,           help,           no,  SESSION, BY_TAP,          no)     /* someone to come and help? */    \
    X(SCR_HELP_SENT,      "help.sent",              help_sent,      help,           no,  HELP,    BY_TAP,          no)     /* on the way, or the desk */      \
    X(SCR_GUIDES,         "guides",                 guides,         guides,         no,  SESSION, SCR_WELCOME,     no)     /* the list of short guides */     \
    X(SCR_GUIDE,          "guide",                  guide,          guide,          no,  SESSION, SCR_GUIDES,      yes)    /* one guide, a page a time */     \
    X(SCR_GLOSSARY,       "glossary",               glossary,       glossary,       no,  SESSION, BY_TAP,          no)     /* billing words, searchable */    \
    X(SCR_BILLS,          "pay.bills",              bills,          bills,          no,  SESSION, BY_TAP,          no)     /* the patient's statements */     \
    X(SCR_BILL,           "pay.bill",               bill,           bill,           no,  SESSION, BY_TAP,          no)     /* one statement, plain words */   \
    X(SCR_PAY_AMOUNT,     "pay.amount",             pay_amount,     pay_amount,     no,  SESSION, BY_TAP,          no)     /* full balance or another */      \
    X(SCR_PAY_CONFIRM,    "pay.confirm",            pay_confirm,    pay_confirm,    no,  SESSION, SCR_PAY_AMOUNT,  no)     /* amount and what it pays */      \
    X(SCR_PAY_CARD,       "pay.card",               pay_card,       none,           no,  WAIT,    SCR_PAY_CONFIRM, yes)    /* "use the terminal", Cancel */   \
    X(SCR_PAY_QR,         "pay.qr",                 pay_qr,         pay_qr,         no,  WAIT,    BY_TAP,          no)     /* Pix / UPI code, countdown */    \
    X(SCR_PAY_DECLINED,   "pay.declined",           pay_declined,   pay_declined,   no,  SESSION, BY_TAP,          no)     /* why, another card, others */    \
    X(SCR_PAY_OTHER,      "pay.other",              pay_other,      pay_other,      no,  SESSION, BY_TAP,          no)     /* no card now: other ways */      \
    X(SCR_PAY_RECEIPT,    "pay.receipt",            pay_receipt,    pay_receipt,    no,  SESSION, BY_TAP,          no)     /* printed, on screen, both */     \
    X(SCR_PAY_DONE,       "pay.done",               pay_done,       pay_done,       no,  SESSION, BY_TAP,          no)     /* thanks; the receipt's QR */     \
    X(SCR_QUESTION,       "billing.topic",          billing_topic,  question,       no,  SESSION, SCR_BILL,        no)     /* a question: the topic */        \
    X(SCR_QUESTION_PHONE, "billing.phone",          billing_phone,  question_phone, no,  SESSION, SCR_QUESTION,    yes)    /* the number to call back */      \
    X(SCR_QUESTION_SENT,  "billing.sent",           billing_sent,   question_sent,  no,  SESSION, SCR_BILL,        yes)    /* who will call and when */       \
    X(SCR_SEARCHING,      "searching",              searching,      none,           no,  WAIT,    BY_TAP,          no)     /* the records are being asked */ \
    X(SCR_DETAILS,        "details.confirm",        details_confirm, details_confirm, no, SESSION, BY_TAP,        no)     /* are these still right? */       \
    X(SCR_DETAILS_CHANGE, "details.change",         details_change, details_change, no,  SESSION, SCR_DETAILS,     yes)    /* which to change, then send */   \
    X(SCR_DETAILS_PHONE,  "details.phone",          details_phone,  details_phone,  no,  SESSION, SCR_DETAILS_CHANGE, yes) /* a new phone number */          \
    X(SCR_DETAILS_EMAIL,  "details.email",          details_email,  details_email,  no,  SESSION, SCR_DETAILS_CHANGE, yes) /* a new e-mail address */        \
    X(SCR_DETAILS_ADDRESS, "details.address",       details_address, details_address, no, SESSION, SCR_DETAILS_CHANGE, yes) /* street, town, postal code */ \
    X(SCR_DETAILS_CONTACT, "details.contact",       details_contact, details_contact, no, SESSION, SCR_DETAILS_CHANGE, yes) /* emergency contact's phone */ \
    X(SCR_DETAILS_SENT,   "details.sent",           details_sent,   details_sent,   no,  SESSION, BY_TAP,          no)     /* staff will update it */         \
    X(SCR_INSURANCE,      "insurance.confirm",      insurance,      insurance,      no,  SESSION, BY_TAP,          no)     /* still your insurance? */        \
    X(SCR_INSURANCE_PAYER, "insurance.payer",       insurance_payer, insurance_payer, no, SESSION, SCR_INSURANCE,  yes)    /* the new payer */                \
    X(SCR_INSURANCE_MEMBER, "insurance.member",     insurance_member, insurance_member, no, SESSION, SCR_INSURANCE_PAYER, yes) /* member id */              \
    X(SCR_INSURANCE_RELATION, "insurance.relation", insurance_relation, insurance_relation, no, SESSION, SCR_INSURANCE_MEMBER, yes) /* whose plan */       \
    X(SCR_INSURANCE_SENT, "insurance.sent",         insurance_sent, insurance_sent, no,  SESSION, BY_TAP,          no)     /* a moment at the desk */ \
    X(SCR_RECEIPT_SEND,   "pay.send",               receipt_send,   receipt_send_screen,   no,  SESSION, SCR_PAY_RECEIPT, yes)    /* on file, or a new one */        \
    X(SCR_RECEIPT_PHONE,  "pay.send_phone",         receipt_phone,  receipt_phone,  no,  SESSION, SCR_RECEIPT_SEND, yes)   /* a number to text it to */       \
    X(SCR_RECEIPT_EMAIL,  "pay.send_email",         receipt_email,  receipt_email,  no,  SESSION, SCR_RECEIPT_SEND, yes)   /* an address to mail it to */ \
    X(SCR_FORMS,          "forms.list",             forms_list,     forms_list,     no,  SESSION, BY_TAP,          no)     /* forms owed: fill, later, skip */ \
    X(SCR_FORM_LANG,      "forms.language",         form_lang,      form_lang,      no,  SESSION, SCR_FORMS,       no)     /* not in your language: English or desk */ \
    X(SCR_FORM_PAGE,      "forms.page",             form_page,      form_page,      no,  SESSION, BY_TAP,          no)     /* one question or small group */ \
    X(SCR_FORM_REVIEW,    "forms.review",           form_review,    form_review,    no,  SESSION, BY_TAP,          no)     /* the answers before sending */ \
    X(SCR_FORM_SIGN,      "forms.sign",             form_sign,      form_sign,      no,  SESSION, SCR_FORM_REVIEW, no)     /* finger signature, or tap to sign */ \
    X(SCR_FORM_SENT,      "forms.sent",             form_sent,      form_sent,      no,  SESSION, SCR_FORMS,       no)     /* sent, or will be */
/* clang-format on */

enum flow_screen {
#define KIOSK_SCREEN_ENUM(scr, id, ...) scr,
    KIOSK_SCREENS(KIOSK_SCREEN_ENUM)
#undef KIOSK_SCREEN_ENUM
        SCR_COUNT
};

/* How the patient wants the receipt (flow's state, ui's view.receipt). */
enum receipt_choice {
    RECEIPT_NONE = 0,
    RECEIPT_PRINT,
    RECEIPT_SCREEN,
    RECEIPT_BOTH,
    RECEIPT_SMS,   /* sent to the patient's phone by the hospital's messaging */
    RECEIPT_EMAIL, /* ... or by e-mail */
};

/* The outcome of a payment, as the app reports it to flow (EV_PAY_DONE) and
 * shows it to ui (view.pay_result). */
enum flow_pay_result {
    FLOW_PAY_APPROVED = 0,
    FLOW_PAY_DECLINED,    /* decline: the reason */
    FLOW_PAY_FUNDS,       /* declined for insufficient funds */
    FLOW_PAY_UNAVAILABLE, /* nothing charged: offline, processor down, no processor */
    FLOW_PAY_UNCONFIRMED, /* no answer even when asked again: staff will check */
    FLOW_PAY_CANCELLED,   /* cancelled on the kiosk or at the terminal: nothing charged */
};

/* What the payment service says of a QR charge (EV_QR_UPDATE), as the app
 * reports it to flow. */
enum flow_qr_answer {
    FLOW_QR_ACTIVE = 0,  /* the code can be paid: show it */
    FLOW_QR_PAID,        /* paid: the receipt */
    FLOW_QR_EXPIRED,     /* ran out unpaid: nothing charged, a new code may be made */
    FLOW_QR_REMOVED,     /* cancelled: nothing charged */
    FLOW_QR_UNAVAILABLE, /* no code could be made: nothing charged */
    FLOW_QR_UNCONFIRMED, /* no answer: the code may still be paid; the kiosk keeps asking */
};

/* Where paying by a Pix / UPI code is (flow's state, ui's view.qr_phase). */
enum flow_qr_phase {
    QR_PHASE_NONE = 0,
    QR_PHASE_PREPARING,  /* asked for a code */
    QR_PHASE_SHOWING,    /* the code is on screen, its state polled */
    QR_PHASE_CANCELLING, /* asked to remove it */
    QR_PHASE_EXPIRED,    /* ran out: "new code" */
    QR_PHASE_CANCELLED,  /* removed: nothing charged */
    QR_PHASE_UNAVAILABLE,
    QR_PHASE_UNCONFIRMED,
};

#endif
