/* The patient journey as a pure state machine.
 *
 *   flow_step(&state, &event, &effects)
 *
 * changes state and lists what the app must do (look a patient up, record a
 * check-in, print). It does no I/O, reads no clock (every event carries the
 * time) and allocates nothing, so every journey, timeout and error path is a
 * plain table-driven test.
 *
 * Screens are named by stable ids ("checkin.surname"); widgets by ids
 * ("key.A", "next", "appt.0"). The same ids drive journey scripts, speech and
 * keypad navigation. */
#ifndef KIOSK_FLOW_H
#define KIOSK_FLOW_H

#include "firmware/core/err.h"
#include "firmware/core/model.h"

#include <stdbool.h>
#include <stdint.h>

enum flow_screen {
    SCR_WELCOME = 0,
    SCR_SURNAME,        /* on-screen keyboard */
    SCR_DOB,            /* date of birth keypad (also: confirm after card/code) */
    SCR_APPOINTMENTS,   /* today's appointments, pick one, confirm */
    SCR_DONE,           /* "You're checked in", queue number */
    SCR_NOT_FOUND,      /* "We couldn't find you", try again */
    SCR_SEE_DESK,       /* too many tries, or ambiguous: go to the desk */
    SCR_NO_APPOINTMENT, /* found, but nothing today */
    SCR_UNAVAILABLE,    /* our fault (database error): go to the desk */
    SCR_HELP,           /* "Do you want someone to come and help you?" */
    SCR_HELP_SENT,      /* "Someone is on the way", or go to the desk */
    SCR_GUIDES,         /* the list of short guides */
    SCR_GUIDE,          /* one guide, a page at a time */
    SCR_GLOSSARY,       /* billing words, searchable */
    SCR_COUNT
};

/* The stable id of a screen ("welcome", "checkin.surname", ...). */
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
};

struct flow_event {
    enum flow_event_kind kind;
    int64_t mono_ms; /* monotonic time, for timeouts */
    int64_t wall_ms; /* wall time (UTC ms), for appointment windows */
    const char *widget;
    const char *field;
    const char *text;
    const struct patient_match *match; /* EV_LOOKUP_DONE; copied by flow */
    int queue_no;
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
};

struct flow_fx {
    enum flow_fx_kind kind;
    int64_t id;
    char text[KIOSK_IDENT_MAX];
    char text2[16];
};

#define FLOW_MAX_FX 4
struct flow_fx_list {
    int count;
    struct flow_fx fx[FLOW_MAX_FX];
};

struct flow_config {
    int64_t warn_ms;  /* inactivity before the "more time?" warning */
    int64_t clear_ms; /* inactivity before the session is cleared */
    int64_t done_ms;  /* how long the done screen stays */
    int64_t early_ms; /* check-in opens this long before an appointment */
    int64_t late_ms;  /* and closes this long after its start */
    int max_attempts; /* identification tries before "see the desk" */
    char default_lang[8];
};

enum flow_notice {
    NOTICE_NONE = 0,
    NOTICE_SWIPE_AGAIN, /* the card could not be read */
    NOTICE_CARD_EXPIRED,
    NOTICE_CARD_UNKNOWN,  /* card/code read, but matches nobody */
    NOTICE_CHECK_DATE,    /* the date of birth is not a real date */
    NOTICE_NEED_SURNAME,  /* Next with an empty surname */
    NOTICE_GUIDE_PRINTED, /* the guide came out of the printer */
    NOTICE_PRINT_FAILED,  /* the printer could not print it */
};

enum appt_eligibility {
    ELIG_OPEN = 0, /* can check in now */
    ELIG_EARLY,    /* check-in opens at start - early */
    ELIG_LATE,     /* too late for the kiosk: see the desk */
    ELIG_ARRIVED,  /* already checked in */
    ELIG_CLOSED,   /* cancelled or finished */
};

enum dob_part { DOB_DAY = 0, DOB_MONTH, DOB_YEAR };

enum flow_id_method { ID_NAME_DOB = 0, ID_CARD, ID_CODE };

struct flow_state {
    struct flow_config cfg;
    enum flow_screen screen;
    char lang[8];
    bool large_text; /* chosen on the welcome screen; reset per session */
    bool high_contrast;
    bool speech;           /* speech output on: timeouts are twice as long */
    bool warning;          /* "Do you need more time?" is showing */
    bool busy;             /* waiting for an effect's answer: input ignored */
    int64_t last_input_ms; /* monotonic time of the last patient action */
    int64_t screen_since_ms;
    enum flow_notice notice;

    /* Patient session: everything below is wiped when the session ends. */
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

    /* Guides: which one, which page; the glossary's search text and page. */
    int guide;
    int page;
    char query[32];

    /* Help: the screen to go back to, and whether the request was queued. */
    enum flow_screen help_return;
    bool help_failed;
};

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
