/* The words flow and ui share: which screen the patient is on, how a
 * payment ended and how its receipt is wanted. Plain enums and one list,
 * nothing to link: flow decides them, the app copies them into the view, ui
 * draws from them, and neither ui nor this header includes flow.h.
 *
 * KIOSK_SCREENS is the only place a screen id is spelled. Each row:
 *   X(enum name, stable id string, name)
 * The id string names the screen in views, journey scripts, speech and help
 * requests; ui/screen draws the screen with screen_<name>() (a missing one
 * fails the link); flow's table (firmware/flow/flow.c) gives each screen
 * its behaviour. Service-mode screens are the app's and ui's alone, so they
 * are not here. */
#ifndef KIOSK_CORE_SCREEN_H
#define KIOSK_CORE_SCREEN_H

/* clang-format off */
#define KIOSK_SCREENS(X)                                                                          \
    X(SCR_WELCOME,        "welcome",                welcome)                                      \
    X(SCR_SURNAME,        "checkin.surname",        surname)      /* on-screen keyboard */        \
    X(SCR_DOB,            "checkin.dob",            dob)          /* date of birth keypad */      \
    X(SCR_APPOINTMENTS,   "checkin.appointments",   appointments) /* today's, pick one, confirm */\
    X(SCR_DONE,           "checkin.done",           done)         /* checked in, queue number */  \
    X(SCR_NOT_FOUND,      "checkin.not_found",      not_found)    /* try again */                 \
    X(SCR_SEE_DESK,       "checkin.see_desk",       see_desk)     /* too many tries, ambiguous */ \
    X(SCR_NO_APPOINTMENT, "checkin.no_appointment", no_appointment) /* found, nothing today */    \
    X(SCR_UNAVAILABLE,    "checkin.unavailable",    unavailable)  /* our fault: see the desk */   \
    X(SCR_HELP,           "help",                   help)         /* someone to come and help? */ \
    X(SCR_HELP_SENT,      "help.sent",              help_sent)    /* on the way, or the desk */   \
    X(SCR_GUIDES,         "guides",                 guides)       /* the list of short guides */  \
    X(SCR_GUIDE,          "guide",                  guide)        /* one guide, a page a time */  \
    X(SCR_GLOSSARY,       "glossary",               glossary)     /* billing words, searchable */ \
    X(SCR_BILLS,          "pay.bills",              bills)        /* the patient's statements */  \
    X(SCR_BILL,           "pay.bill",               bill)         /* one statement, plain words */\
    X(SCR_PAY_AMOUNT,     "pay.amount",             pay_amount)   /* full balance or another */   \
    X(SCR_PAY_CONFIRM,    "pay.confirm",            pay_confirm)  /* amount and what it pays */   \
    X(SCR_PAY_CARD,       "pay.card",               pay_card)     /* "Swipe your card" */         \
    X(SCR_PAY_DECLINED,   "pay.declined",           pay_declined) /* why, another card, others */ \
    X(SCR_PAY_OTHER,      "pay.other",              pay_other)    /* no card now: other ways */   \
    X(SCR_PAY_RECEIPT,    "pay.receipt",            pay_receipt)  /* printed, on screen, both */  \
    X(SCR_PAY_DONE,       "pay.done",               pay_done)     /* thanks; the receipt's QR */  \
    X(SCR_QUESTION,       "billing.topic",          billing_topic) /* a question: the topic */    \
    X(SCR_QUESTION_PHONE, "billing.phone",          billing_phone) /* the number to call back */  \
    X(SCR_QUESTION_SENT,  "billing.sent",           billing_sent) /* who will call and when */    \
    X(SCR_SEARCHING,      "searching",              searching)    /* the records are being asked */
/* clang-format on */

enum flow_screen {
#define KIOSK_SCREEN_ENUM(scr, id, name) scr,
    KIOSK_SCREENS(KIOSK_SCREEN_ENUM)
#undef KIOSK_SCREEN_ENUM
        SCR_COUNT
};

/* How the patient wants the receipt (flow's state, ui's view.receipt). */
enum receipt_choice { RECEIPT_NONE = 0, RECEIPT_PRINT, RECEIPT_SCREEN, RECEIPT_BOTH };

/* The outcome of a payment, as the app reports it to flow (EV_PAY_DONE) and
 * shows it to ui (view.pay_result). */
enum flow_pay_result {
    FLOW_PAY_APPROVED = 0,
    FLOW_PAY_DECLINED,    /* decline: the reason */
    FLOW_PAY_FUNDS,       /* declined for insufficient funds */
    FLOW_PAY_UNAVAILABLE, /* nothing charged: offline, processor down, no processor */
    FLOW_PAY_UNCONFIRMED, /* no answer even when asked again: staff will check */
};

#endif
