/* What the flow files share: the screen table, the shared rules, and each
 * journey's entry points. Only the flow files (and flow's unit tests)
 * include this; everyone else uses flow.h.
 *
 * One journey a file:
 *   flow.c           dispatcher, screen table, timers, the rules every screen shares
 *   flow_welcome.c   the welcome screen: language, display, what the patient came for
 *   flow_identify.c  surname, date of birth, card or code, the lookup's answer
 *   flow_checkin.c   today's appointments, the check-in, the ticket
 *   flow_copay.c     the copay due today, after the check-in
 *   flow_help.c      asking staff to come
 *   flow_guides.c    guides and the glossary
 *   flow_bills.c     the statements and one statement
 *   flow_pay.c       amount, card, declines, receipt
 *   flow_billing.c   a question to billing staff
 *   flow_details.c   contact details and insurance after check-in
 *   flow_receipt.c   a receipt by SMS or e-mail
 *   flow_forms.c     the forms owed, filling one, the review, sending */
#ifndef KIOSK_FLOW_PRIVATE_H
#define KIOSK_FLOW_PRIVATE_H

#include "firmware/flow/flow.h"

#include <stddef.h>
#include <string.h>

/* How the clock runs on a screen: the one timer rule (flow.c, timer_now). */
enum flow_timer {
    TIMER_SESSION = 0, /* warn after warn_ms without input, end after clear_ms */
    TIMER_OFF,         /* nothing times out (welcome: nobody is there yet) */
    TIMER_WAIT,        /* while busy nothing times out: the app bounds the wait for the
                          bank or the records; otherwise as TIMER_SESSION */
    TIMER_DONE,        /* the session ends done_ms after the screen settled (printing
                          ended); while printing, the session rules, nothing wakes */
    TIMER_HELP,        /* help is on the way: nothing times out until staff can be
                          expected (help_wait_ms), then as TIMER_SESSION */
};

/* "back" on a row whose on_tap decides where back goes. */
#define FLOW_BACK_BY_TAP SCR_COUNT

struct flow_screen_row {
    enum flow_screen id; /* the row's own index (checked by test_flow) */
    /* A tap the shared rules left to the screen (ev->widget not NULL); NULL:
     * nothing else is tappable here. */
    void (*on_tap)(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
    bool accepts_identifier; /* a card swipe or a code scan starts identification here */
    enum flow_timer timer;
    enum flow_screen back;   /* "back" goes here and nowhere else; FLOW_BACK_BY_TAP: on_tap */
    bool back_clears_notice; /* ... and the notice shown goes away */
};

/* The row of screen scr (scr in range). */
const struct flow_screen_row *flow_screen_row(enum flow_screen scr);

/* --- shared rules (flow.c) --- */

static inline bool flow_is(const char *a, const char *b)
{
    return a && strcmp(a, b) == 0;
}

static inline bool flow_has_prefix(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The number after prefix in a widget id ("appt.3" -> 3): -1 unless id is
 * prefix followed by a plain decimal number (digits only, no leading zero,
 * no sign) below max. */
int flow_widget_index(const char *id, const char *prefix, int max);

/* Append an effect of kind, zeroed. Never NULL: see FLOW_MAX_FX. */
struct flow_fx *flow_fx_add(struct flow_fx_list *fx, enum flow_fx_kind kind);

/* Show screen scr from now on; the warning goes. */
void flow_go(struct flow_state *s, enum flow_screen scr, int64_t now);

/* End the session: patient data dropped, defaults back, FX_SESSION_CLEARED. */
void flow_clear_session(struct flow_state *s, int64_t now, struct flow_fx_list *fx);

/* A key of the on-screen letter keyboard ("A".."Z", "space", "hyphen",
 * "apostrophe", "backspace") into text of at most max bytes: each word's
 * first letter upper-case, the rest lower-case. */
void flow_letter_key(char *text, size_t max, const char *key);

/* A key of the digit keypad ("0".."9", "backspace") into field of at most
 * max digits; an amount does not start with 0. */
void flow_digit_key(char *field, size_t max, bool amount, const char *key);

/* --- the journeys: taps (the table's on_tap) and answers --- */

void flow_welcome_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);

void flow_surname_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_dob_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_not_found_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
/* Start identification by name and date of birth. */
void flow_identify_start(struct flow_state *s, int64_t now);
/* EV_TEXT into the surname or date of birth field. */
void flow_identify_text(struct flow_state *s, const struct flow_event *ev);
/* EV_CARD or EV_SCAN on a screen that accepts an identifier. */
void flow_identify_by(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
/* EV_LICENCE or EV_BAD_LICENCE on a screen that accepts an identifier. */
void flow_identify_licence(struct flow_state *s, const struct flow_event *ev,
                           struct flow_fx_list *fx);
/* EV_LOOKUP_DONE. */
void flow_identify_lookup_done(struct flow_state *s, const struct flow_event *ev,
                               struct flow_fx_list *fx);

void flow_appointments_tap(struct flow_state *s, const struct flow_event *ev,
                           struct flow_fx_list *fx);
/* Two identifiers matched and the patient came to check in. */
void flow_checkin_show(struct flow_state *s, int64_t now, int64_t wall);
void flow_checkin_done(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_checkin_printed(struct flow_state *s, const struct flow_event *ev);
/* Once the check-in (and any copay) is settled: the details step, then flow_checkin_finish. */
void flow_checkin_next(struct flow_state *s, int64_t now, struct flow_fx_list *fx);

/* EV_CHECKIN_DONE: true when a copay is offered (SCR_COPAY); else the ticket
 * follows at once (a copay that needs the desk is noted on it). */
bool flow_copay_offer(struct flow_state *s, const struct flow_event *ev);
void flow_copay_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
/* "back" on the confirm step of a copay goes back to the offer. */
bool flow_copay_back(struct flow_state *s, const struct flow_event *ev);
/* EV_PAY_DONE while a copay is being paid: true when it was the copay's. */
bool flow_copay_paid(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
/* The end of a check-in: the done screen and the ticket. */
void flow_checkin_finish(struct flow_state *s, int64_t now, struct flow_fx_list *fx);

/* After check-in: load the details on file (or finish when not asked). */
void flow_details_start(struct flow_state *s, int64_t now, struct flow_fx_list *fx);
void flow_details_loaded(struct flow_state *s, const struct flow_event *ev,
                         struct flow_fx_list *fx);
void flow_details_sent(struct flow_state *s, const struct flow_event *ev);
/* Cancel or Finish on a details screen: the check-in ends as usual (the
 * done screen, the ticket); false on other screens. */
bool flow_details_leave(struct flow_state *s, int64_t now, struct flow_fx_list *fx);
bool flow_email_shape_ok(const char *e);
/* A key of the e-mail keyboard into text (letters lower-case, @ . - _). */
void flow_email_key(char *text, size_t max, const char *key);

/* Receipts by SMS or e-mail (flow_receipt.c). */
bool flow_receipt_send_tap(struct flow_state *s, const struct flow_event *ev,
                           struct flow_fx_list *fx);
void flow_receipt_details_loaded(struct flow_state *s, const struct flow_event *ev);
void flow_receipt_sent(struct flow_state *s, const struct flow_event *ev);
void flow_receipt_send_screen_tap(struct flow_state *s, const struct flow_event *ev,
                                  struct flow_fx_list *fx);
void flow_receipt_phone_tap(struct flow_state *s, const struct flow_event *ev,
                            struct flow_fx_list *fx);
void flow_receipt_email_tap(struct flow_state *s, const struct flow_event *ev,
                            struct flow_fx_list *fx);
bool flow_postal_shape_ok(const char *postal, const char *country, const char *lang);
void flow_details_confirm_tap(struct flow_state *s, const struct flow_event *ev,
                              struct flow_fx_list *fx);
void flow_details_change_tap(struct flow_state *s, const struct flow_event *ev,
                             struct flow_fx_list *fx);
void flow_details_phone_tap(struct flow_state *s, const struct flow_event *ev,
                            struct flow_fx_list *fx);
void flow_details_email_tap(struct flow_state *s, const struct flow_event *ev,
                            struct flow_fx_list *fx);
void flow_details_address_tap(struct flow_state *s, const struct flow_event *ev,
                              struct flow_fx_list *fx);
void flow_details_contact_tap(struct flow_state *s, const struct flow_event *ev,
                              struct flow_fx_list *fx);
void flow_details_sent_tap(struct flow_state *s, const struct flow_event *ev,
                           struct flow_fx_list *fx);
void flow_insurance_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_insurance_payer_tap(struct flow_state *s, const struct flow_event *ev,
                              struct flow_fx_list *fx);
void flow_insurance_member_tap(struct flow_state *s, const struct flow_event *ev,
                               struct flow_fx_list *fx);
void flow_insurance_relation_tap(struct flow_state *s, const struct flow_event *ev,
                                 struct flow_fx_list *fx);
void flow_insurance_sent_tap(struct flow_state *s, const struct flow_event *ev,
                             struct flow_fx_list *fx);

void flow_help_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
/* "help" from any screen but the help screens. */
void flow_help_open(struct flow_state *s, int64_t now);
void flow_help_done(struct flow_state *s, const struct flow_event *ev);
/* Help is on the way and staff cannot be expected yet: nothing times out. */
bool flow_help_waiting(const struct flow_state *s);

void flow_guides_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_guide_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_glossary_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
/* Open the glossary; back returns to from. */
void flow_glossary_open(struct flow_state *s, enum flow_screen from, int64_t now);
void flow_guide_printed(struct flow_state *s, const struct flow_event *ev);

void flow_bills_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_bill_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
/* The open statement, NULL when none. */
struct bill_info *flow_current_bill(struct flow_state *s);
/* Whether the statement takes a payment at the kiosk. */
bool flow_bill_payable(const struct bill_info *b);
/* Two identifiers matched and the patient came to pay: ask for the bills. */
void flow_bills_load(struct flow_state *s, struct flow_fx_list *fx);
void flow_bills_done(struct flow_state *s, const struct flow_event *ev);

void flow_pay_amount_tap(struct flow_state *s, const struct flow_event *ev,
                         struct flow_fx_list *fx);
void flow_pay_confirm_tap(struct flow_state *s, const struct flow_event *ev,
                          struct flow_fx_list *fx);
void flow_pay_declined_tap(struct flow_state *s, const struct flow_event *ev,
                           struct flow_fx_list *fx);
void flow_pay_other_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_pay_receipt_tap(struct flow_state *s, const struct flow_event *ev,
                          struct flow_fx_list *fx);
void flow_pay_done_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
/* "Pay" on a payable statement. */
void flow_pay_start(struct flow_state *s, int64_t now);
/* EV_PAY_CARD; returns whether something visible changed. */
bool flow_pay_card(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_pay_cancel(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_pay_paid(struct flow_state *s, const struct flow_event *ev);
void flow_pay_receipt_printed(struct flow_state *s, const struct flow_event *ev);
/* Pix / UPI (flow_payqr.c): "Pay by Pix/UPI" on the confirm screen, the
 * code's screen, and the service's answers. */
void flow_payqr_start(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_pay_qr_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_payqr_cancel(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_payqr_update(struct flow_state *s, const struct flow_event *ev);

void flow_question_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_question_phone_tap(struct flow_state *s, const struct flow_event *ev,
                             struct flow_fx_list *fx);
void flow_question_sent_tap(struct flow_state *s, const struct flow_event *ev,
                            struct flow_fx_list *fx);
/* "Ask billing" on a statement. */
void flow_question_start(struct flow_state *s, int64_t now);
void flow_question_done(struct flow_state *s, const struct flow_event *ev);
void flow_question_note_printed(struct flow_state *s, const struct flow_event *ev);

/* Forms (flow_forms.c). */
void flow_done_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_forms_list_tap(struct flow_state *s, const struct flow_event *ev,
                         struct flow_fx_list *fx);
void flow_form_lang_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_form_page_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
void flow_form_review_tap(struct flow_state *s, const struct flow_event *ev,
                          struct flow_fx_list *fx);
void flow_form_sent_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
/* Ask the app for the forms the identified patient owes. */
void flow_forms_load(struct flow_state *s, struct flow_fx_list *fx);
void flow_forms_done(struct flow_state *s, const struct flow_event *ev);
/* EV_TEXT into the field being typed on a form page (field "form"). */
void flow_form_text(struct flow_state *s, const struct flow_event *ev);
void flow_form_sign_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);
bool flow_sign_drawn(struct flow_state *s, const struct flow_event *ev);
void flow_form_opened(struct flow_state *s, const struct flow_event *ev);
void flow_form_sent(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx);

#endif
