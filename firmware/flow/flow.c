#include "firmware/flow/flow.h"
#include "firmware/core/str.h"

#include <stdlib.h>
#include <string.h>

static const char *const screen_ids[SCR_COUNT] = {
#define SCREEN_ID(scr, id, name) [scr] = id,
    KIOSK_SCREENS(SCREEN_ID)
#undef SCREEN_ID
};

static const char *const topic_ids[] = {"", "bill", "plan", "insurance", "other"};
#define TOPIC_COUNT ((int)(sizeof(topic_ids) / sizeof(topic_ids[0])))

const char *flow_topic_id(int topic)
{
    return topic > 0 && topic < TOPIC_COUNT ? topic_ids[topic] : "";
}

const char *flow_screen_id(enum flow_screen s)
{
    return s >= 0 && s < SCR_COUNT ? screen_ids[s] : "unknown";
}

static bool is(const char *a, const char *b)
{
    return a && strcmp(a, b) == 0;
}

static bool has_prefix(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static struct flow_fx *fx_add(struct flow_fx_list *fx, enum flow_fx_kind kind)
{
    if (fx->count == FLOW_MAX_FX)
        return NULL; /* cannot happen: no step emits more than FLOW_MAX_FX */
    struct flow_fx *f = &fx->fx[fx->count++];
    memset(f, 0, sizeof(*f));
    f->kind = kind;
    return f;
}

static void go(struct flow_state *s, enum flow_screen scr, int64_t now)
{
    s->screen = scr;
    s->screen_since_ms = now;
    s->warning = false;
}

/* Drop everything about the patient; language and theme go back to the
 * defaults too, so the next person starts fresh. */
static void clear_session(struct flow_state *s, int64_t now, struct flow_fx_list *fx)
{
    struct flow_config cfg = s->cfg;
    memset(s, 0, sizeof(*s));
    s->cfg = cfg;
    kstr_copy(s->lang, sizeof(s->lang), cfg.default_lang);
    s->selected = -1;
    s->bill = -1;
    s->last_input_ms = now;
    go(s, SCR_WELCOME, now);
    fx_add(fx, FX_SESSION_CLEARED);
}

void flow_init(struct flow_state *s, const struct flow_config *cfg, int64_t mono_ms)
{
    struct flow_fx_list ignored = {0};
    memset(s, 0, sizeof(*s));
    s->cfg = *cfg;
    clear_session(s, mono_ms, &ignored);
}

enum appt_eligibility flow_appt_eligibility(const struct flow_config *cfg,
                                            const struct appointment_info *a, int64_t now_ms)
{
    if (a->status == APPT_ARRIVED || a->queue_no > 0)
        return ELIG_ARRIVED;
    if (a->status != APPT_BOOKED)
        return ELIG_CLOSED;
    if (now_ms < a->start_ms - cfg->early_ms)
        return ELIG_EARLY;
    if (now_ms > a->start_ms + cfg->late_ms)
        return ELIG_LATE;
    return ELIG_OPEN;
}

static void start_identify(struct flow_state *s, int64_t now)
{
    s->method = ID_NAME_DOB;
    s->notice = NOTICE_NONE;
    go(s, SCR_SURNAME, now);
}

static void dob_clear(struct flow_state *s)
{
    s->dob_day[0] = s->dob_month[0] = s->dob_year[0] = '\0';
    s->dob_focus = DOB_DAY;
}

static char *dob_field(struct flow_state *s, enum dob_part part, size_t *cap)
{
    switch (part) {
    case DOB_DAY:
        *cap = 2;
        return s->dob_day;
    case DOB_MONTH:
        *cap = 2;
        return s->dob_month;
    default:
        *cap = 4;
        return s->dob_year;
    }
}

/* Build "YYYY-MM-DD" from the three parts; false if it is not a real date or
 * lies after today (the local date the event carries) or before 1900. */
static bool dob_iso(const struct flow_state *s, const struct kdate *today, char out[11])
{
    int d = 0, m = 0, y = 0;
    struct kdate date;
    if (strlen(s->dob_year) != 4 || !s->dob_month[0] || !s->dob_day[0])
        return false;
    for (const char *p = s->dob_day; *p; p++)
        d = d * 10 + (*p - '0');
    for (const char *p = s->dob_month; *p; p++)
        m = m * 10 + (*p - '0');
    for (const char *p = s->dob_year; *p; p++)
        y = y * 10 + (*p - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
    if (!kdate_parse_iso(out, &date))
        return false;
    long born = date.year * 10000L + date.month * 100L + date.day;
    long now = today->year * 10000L + today->month * 100L + today->day;
    return born <= now;
}

static void dob_set_iso(struct flow_state *s, const char *text)
{
    struct kdate d;
    dob_clear(s);
    if (!kdate_parse_iso(text, &d))
        return;
    memcpy(s->dob_year, text, 4);
    s->dob_year[4] = '\0';
    memcpy(s->dob_month, text + 5, 2);
    s->dob_month[2] = '\0';
    memcpy(s->dob_day, text + 8, 2);
    s->dob_day[2] = '\0';
    s->dob_focus = DOB_YEAR;
}

static void dob_key(struct flow_state *s, const char *key)
{
    size_t cap;
    char *f = dob_field(s, s->dob_focus, &cap);
    s->notice = NOTICE_NONE;
    if (is(key, "backspace")) {
        if (!f[0] && s->dob_focus > DOB_DAY) {
            s->dob_focus--;
            f = dob_field(s, s->dob_focus, &cap);
        }
        kstr_utf8_pop(f);
        return;
    }
    if (strlen(key) != 1 || key[0] < '0' || key[0] > '9')
        return;
    size_t len = strlen(f);
    if (len >= cap) {
        if (s->dob_focus == DOB_YEAR)
            return;
        s->dob_focus++;
        f = dob_field(s, s->dob_focus, &cap);
        len = strlen(f);
        if (len >= cap)
            return;
    }
    f[len] = key[0];
    f[len + 1] = '\0';
    if (len + 1 == cap && s->dob_focus < DOB_YEAR)
        s->dob_focus++; /* move on by itself: "02" then the month */
}

static void surname_key(struct flow_state *s, const char *key)
{
    s->notice = NOTICE_NONE;
    if (is(key, "backspace")) {
        kstr_utf8_pop(s->surname);
        return;
    }
    const char *add = NULL;
    char letter[2] = {0};
    if (is(key, "space"))
        add = " ";
    else if (is(key, "hyphen"))
        add = "-";
    else if (is(key, "apostrophe"))
        add = "'";
    else if (strlen(key) == 1 && key[0] >= 'A' && key[0] <= 'Z') {
        /* First letter of each word upper-case, the rest lower-case. */
        size_t n = strlen(s->surname);
        bool word_start = n == 0 || s->surname[n - 1] == ' ' || s->surname[n - 1] == '-' ||
                          s->surname[n - 1] == '\'';
        letter[0] = word_start ? key[0] : (char)(key[0] + 32);
        add = letter;
    }
    if (add && strlen(s->surname) + strlen(add) < sizeof(s->surname) - 1)
        kstr_append(s->surname, sizeof(s->surname), add);
}

static int eligible_count(const struct flow_state *s, int *only)
{
    int n = 0;
    for (int i = 0; i < s->match.appt_count; i++)
        if (s->elig[i] == ELIG_OPEN) {
            n++;
            *only = i;
        }
    return n;
}

static void show_patient(struct flow_state *s, int64_t now, int64_t wall, struct flow_fx_list *fx)
{
    int only = -1;
    if (s->purpose == PURPOSE_PAY) {
        /* Two identifiers matched: now the bills may be read. */
        struct flow_fx *f = fx_add(fx, FX_LOAD_BILLS);
        f->id = s->match.patient.id;
        s->busy = true;
        return;
    }
    if (s->match.appt_count == 0) {
        go(s, SCR_NO_APPOINTMENT, now);
        return;
    }
    for (int i = 0; i < s->match.appt_count; i++)
        s->elig[i] = flow_appt_eligibility(&s->cfg, &s->match.appts[i], wall);
    s->selected = eligible_count(s, &only) == 1 ? only : -1;
    go(s, SCR_APPOINTMENTS, now);
}

static void failed_attempt(struct flow_state *s, int64_t now)
{
    s->attempts++;
    memset(&s->match, 0, sizeof(s->match));
    go(s, s->attempts >= s->cfg.max_attempts ? SCR_SEE_DESK : SCR_NOT_FOUND, now);
}

static void on_lookup(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    int64_t now = ev->mono_ms;
    s->busy = false;
    if (ev->err != KIOSK_OK || !ev->match) {
        go(s, SCR_UNAVAILABLE, now);
        return;
    }
    if (ev->match->matches > 1) {
        /* Two people share this name and birthday: a person must sort it out. */
        go(s, SCR_SEE_DESK, now);
        return;
    }
    if (ev->match->matches == 0) {
        if (s->method == ID_NAME_DOB) {
            failed_attempt(s, now);
        } else {
            /* A card or code that matches nobody: offer the name route. */
            s->notice = NOTICE_CARD_UNKNOWN;
            s->method = ID_NAME_DOB;
            go(s, SCR_SURNAME, now);
        }
        if (ev->offline)
            s->notice = NOTICE_RECORDS_OFFLINE;
        return;
    }
    s->match = *ev->match;
    if (ev->statement)
        s->purpose = PURPOSE_PAY; /* the QR of a paper statement: they came to pay */
    if (s->method == ID_NAME_DOB) {
        show_patient(s, now, ev->wall_ms, fx);
        return;
    }
    /* Card or code: one identifier so far. Ask for the date of birth before
     * showing anything about the patient (two identifiers). */
    dob_clear(s);
    go(s, SCR_DOB, now);
}

static void dob_next(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    char iso[11];
    if (!dob_iso(s, &ev->local, iso)) {
        s->notice = NOTICE_CHECK_DATE;
        return;
    }
    if (s->method == ID_NAME_DOB) {
        struct flow_fx *f = fx_add(fx, FX_LOOKUP_NAME_DOB);
        kstr_copy(f->text, sizeof(f->text), s->surname);
        kstr_copy(f->text2, sizeof(f->text2), iso);
        f->online = s->purpose == PURPOSE_PAY;
        s->busy = true;
        return;
    }
    if (strcmp(iso, s->match.patient.birth_date) == 0) {
        show_patient(s, ev->mono_ms, ev->wall_ms, fx);
        return;
    }
    failed_attempt(s, ev->mono_ms);
}

static void identify_by(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    if (!ev->text || !ev->text[0])
        return;
    struct flow_fx *f = fx_add(fx, ev->kind == EV_CARD ? FX_LOOKUP_CARD : FX_LOOKUP_CODE);
    kstr_copy(f->text, sizeof(f->text), ev->text);
    /* Today's appointments are all here; bills of patients without one are
     * not, and a code may be a paper statement's. */
    f->online = s->purpose == PURPOSE_PAY || ev->kind == EV_SCAN;
    s->method = ev->kind == EV_CARD ? ID_CARD : ID_CODE;
    s->notice = NOTICE_NONE;
    s->busy = true;
}

/* Screens where a swipe or a scan starts identification. */
static bool accepts_identifier(enum flow_screen scr)
{
    return scr == SCR_WELCOME || scr == SCR_SURNAME || scr == SCR_NOT_FOUND || (scr == SCR_DOB);
}

/* --- bills and payment --------------------------------------------------------- */

static const struct bill_info *current_bill(const struct flow_state *s)
{
    return s->bill >= 0 && s->bill < s->bills.count ? &s->bills.bills[s->bill] : NULL;
}

/* Whether the statement takes a payment at the kiosk. */
static bool payable(const struct bill_info *b)
{
    return b && b->state == BILL_OPEN && b->owes_minor > 0;
}

/* Append a digit to a field of at most max digits, or take the last one
 * off; an amount does not start with 0. */
static void digit_key(char *field, size_t max, bool amount, const char *key)
{
    size_t n = strlen(field);
    if (is(key, "backspace")) {
        if (n > 0)
            field[n - 1] = '\0';
    } else if (strlen(key) == 1 && key[0] >= '0' && key[0] <= '9' && n < max &&
               !(amount && n == 0 && key[0] == '0')) {
        field[n] = key[0];
        field[n + 1] = '\0';
    }
}

static void amount_next(struct flow_state *s, const struct bill_info *b, int64_t now)
{
    int64_t amount = 0;
    for (const char *p = s->amount_text; *p; p++)
        amount = amount * 10 + (*p - '0');
    /* A balance below the minimum can still be paid in full. */
    int64_t min = s->cfg.min_pay_minor < b->owes_minor ? s->cfg.min_pay_minor : b->owes_minor;
    if (amount < min || amount <= 0) {
        s->notice = NOTICE_AMOUNT_LOW;
        return;
    }
    if (amount > b->owes_minor) {
        s->notice = NOTICE_AMOUNT_HIGH;
        return;
    }
    s->notice = NOTICE_NONE;
    s->pay_amount = amount;
    go(s, SCR_PAY_CONFIRM, now);
}

static void on_pay_tap(struct flow_state *s, const char *w, int64_t now, struct flow_fx_list *fx)
{
    const struct bill_info *b = current_bill(s);
    switch (s->screen) {
    case SCR_BILLS:
        if (has_prefix(w, "bill.") && w[5] >= '0' && w[5] <= '9' && !w[6] &&
            w[5] - '0' < s->bills.count) {
            s->bill = w[5] - '0';
            s->show_codes = false;
            s->first_line = 0;
            go(s, SCR_BILL, now);
        } else if (is(w, "bills.more") && s->first_bill + 1 < s->bills.count) {
            s->first_bill++; /* the statements from the next one on */
        } else if (is(w, "bills.back") && s->first_bill > 0) {
            s->first_bill--;
        } else if (is(w, "back")) {
            clear_session(s, now, fx);
        }
        break;
    case SCR_BILL:
        if (!b)
            break;
        if (is(w, "codes")) {
            s->show_codes = !s->show_codes;
        } else if (is(w, "lines.more") && s->first_line + 1 < b->line_count) {
            s->first_line++; /* the lines from the next one on */
        } else if (is(w, "lines.back") && s->first_line > 0) {
            s->first_line--;
        } else if (is(w, "explain")) {
            s->query[0] = '\0';
            s->page = 0;
            s->glossary_return = SCR_BILL;
            go(s, SCR_GLOSSARY, now);
        } else if (is(w, "pay") && payable(b) && s->cards_off) {
            s->pay_result = FLOW_PAY_UNAVAILABLE;
            go(s, SCR_PAY_OTHER, now);
        } else if (is(w, "pay") && payable(b)) {
            s->pay_other = false;
            s->amount_text[0] = '\0';
            s->notice = NOTICE_NONE;
            go(s, SCR_PAY_AMOUNT, now);
        } else if (is(w, "question")) {
            s->topic = 0;
            go(s, SCR_QUESTION, now);
        } else if (is(w, "back")) {
            if (s->bills.count > 1)
                go(s, SCR_BILLS, now);
            else
                clear_session(s, now, fx);
        }
        break;
    case SCR_PAY_AMOUNT:
        if (!payable(b))
            break;
        if (is(w, "amount.full")) {
            s->pay_amount = b->owes_minor;
            s->notice = NOTICE_NONE;
            go(s, SCR_PAY_CONFIRM, now);
        } else if (is(w, "amount.other")) {
            s->pay_other = true;
        } else if (s->pay_other && has_prefix(w, "key.")) {
            s->notice = NOTICE_NONE;
            digit_key(s->amount_text, FLOW_AMOUNT_DIGITS, true, w + 4);
        } else if (s->pay_other && is(w, "next")) {
            amount_next(s, b, now);
        } else if (is(w, "back")) {
            s->notice = NOTICE_NONE;
            go(s, SCR_BILL, now);
        }
        break;
    case SCR_PAY_CONFIRM:
        if (is(w, "confirm") && payable(b))
            go(s, SCR_PAY_CARD, now);
        else if (is(w, "back"))
            go(s, SCR_PAY_AMOUNT, now);
        break;
    case SCR_PAY_CARD:
        if (is(w, "back")) {
            s->notice = NOTICE_NONE;
            go(s, SCR_PAY_CONFIRM, now);
        }
        break;
    case SCR_PAY_DECLINED:
        if (is(w, "retry"))
            go(s, SCR_PAY_CARD, now);
        else if (is(w, "other"))
            go(s, SCR_PAY_OTHER, now);
        break;
    case SCR_PAY_OTHER:
        if (is(w, "back") && s->pay_result != FLOW_PAY_UNCONFIRMED)
            go(s, SCR_BILL, now);
        break;
    case SCR_PAY_RECEIPT: {
        enum receipt_choice r = is(w, "receipt.print")    ? RECEIPT_PRINT
                                : is(w, "receipt.screen") ? RECEIPT_SCREEN
                                : is(w, "receipt.both")   ? RECEIPT_BOTH
                                                          : RECEIPT_NONE;
        if (r == RECEIPT_NONE)
            break;
        s->receipt = r;
        if (r == RECEIPT_SCREEN) {
            go(s, SCR_PAY_DONE, now);
        } else {
            fx_add(fx, FX_PRINT_RECEIPT);
            s->busy = true;
        }
        break;
    }
    case SCR_PAY_DONE:
        if (is(w, "bills") && s->bills.count > 1)
            go(s, SCR_BILLS, now);
        break;
    case SCR_QUESTION:
        for (int i = 1; i < TOPIC_COUNT; i++) {
            if (has_prefix(w, "topic.") && is(w + 6, topic_ids[i])) {
                s->topic = i;
                s->notice = NOTICE_NONE;
                go(s, SCR_QUESTION_PHONE, now);
            }
        }
        if (is(w, "back"))
            go(s, SCR_BILL, now);
        break;
    case SCR_QUESTION_PHONE:
        if (has_prefix(w, "key.")) {
            s->notice = NOTICE_NONE;
            digit_key(s->phone, FLOW_PHONE_DIGITS, false, w + 4);
        } else if (is(w, "next")) {
            if (strlen(s->phone) < 7) {
                s->notice = NOTICE_PHONE_SHORT;
                break;
            }
            struct flow_fx *f = fx_add(fx, FX_BILLING_QUESTION);
            kstr_copy(f->text, sizeof(f->text), flow_topic_id(s->topic));
            kstr_copy(f->text2, sizeof(f->text2), s->phone);
            f->id = b ? b->id : 0;
            s->busy = true;
        } else if (is(w, "back")) {
            s->notice = NOTICE_NONE;
            go(s, SCR_QUESTION, now);
        }
        break;
    case SCR_QUESTION_SENT:
        if (is(w, "back")) {
            s->notice = NOTICE_NONE;
            go(s, SCR_BILL, now);
        } else if (is(w, "print") && s->question_sent) {
            fx_add(fx, FX_PRINT_NOTE);
            s->busy = true;
        }
        break;
    default:
        break;
    }
}

/* A payment card: taken on the card screen, elsewhere it cannot be used. */
static bool on_pay_card(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const struct bill_info *b = current_bill(s);
    s->last_input_ms = ev->mono_ms;
    s->warning = false;
    if (s->busy)
        return false;
    if (s->screen != SCR_PAY_CARD || !payable(b)) {
        if (!accepts_identifier(s->screen))
            return false;
        s->notice = NOTICE_PAYMENT_CARD;
        return true;
    }
    kstr_copy(s->card_brand, sizeof(s->card_brand), ev->text ? ev->text : "");
    kstr_copy(s->card_last4, sizeof(s->card_last4), ev->field ? ev->field : "");
    s->notice = NOTICE_NONE;
    struct flow_fx *f = fx_add(fx, FX_PAY);
    f->id = b->id;
    f->amount = s->pay_amount;
    s->busy = true;
    return true;
}

static void on_bills(struct flow_state *s, const struct flow_event *ev)
{
    s->busy = false;
    if (ev->err != KIOSK_OK || !ev->bills) {
        go(s, SCR_UNAVAILABLE, ev->mono_ms);
        return;
    }
    s->bills = *ev->bills;
    s->cards_off = ev->cards_off;
    s->bill = s->bills.count == 1 ? 0 : -1;
    s->first_bill = 0;
    go(s, s->bills.count == 1 ? SCR_BILL : SCR_BILLS, ev->mono_ms);
}

static void on_paid(struct flow_state *s, const struct flow_event *ev)
{
    struct bill_info *b =
        s->bill >= 0 && s->bill < s->bills.count ? &s->bills.bills[s->bill] : NULL;
    if (!s->busy || s->screen != SCR_PAY_CARD)
        return; /* no payment was asked for */
    s->busy = false;
    s->last_input_ms = ev->mono_ms; /* the answer gives the patient their full time again */
    s->pay_result = ev->pay;
    switch (ev->pay) {
    case FLOW_PAY_APPROVED:
        kstr_copy(s->auth_code, sizeof(s->auth_code), ev->text ? ev->text : "");
        s->paid_amount = s->pay_amount;
        if (b) {
            b->owes_minor -= s->pay_amount;
            if (b->owes_minor <= 0) {
                b->owes_minor = 0;
                b->state = BILL_PAID;
            }
        }
        s->receipt = RECEIPT_NONE;
        go(s, SCR_PAY_RECEIPT, ev->mono_ms);
        break;
    case FLOW_PAY_DECLINED:
    case FLOW_PAY_FUNDS:
        go(s, SCR_PAY_DECLINED, ev->mono_ms);
        break;
    case FLOW_PAY_UNAVAILABLE:
    case FLOW_PAY_UNCONFIRMED:
        s->cards_off = true; /* for the rest of this session */
        go(s, SCR_PAY_OTHER, ev->mono_ms);
        break;
    }
}

static void on_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    int64_t now = ev->mono_ms;

    if (is(w, "cancel") || is(w, "finish")) {
        clear_session(s, now, fx);
        return;
    }
    if (is(w, "a11y.speech")) {
        s->speech = true; /* on any screen; stays on until the session ends */
        return;
    }
    if (is(w, "help") && s->screen != SCR_HELP && s->screen != SCR_HELP_SENT) {
        /* From anywhere: ask first, so a stray tap calls nobody. */
        s->help_return = s->screen;
        go(s, SCR_HELP, now);
        return;
    }
    switch (s->screen) {
    case SCR_WELCOME:
        if (has_prefix(w, "lang.") && strlen(w + 5) < sizeof(s->lang))
            kstr_copy(s->lang, sizeof(s->lang), w + 5);
        else if (is(w, "a11y.large"))
            s->large_text = !s->large_text;
        else if (is(w, "a11y.contrast"))
            s->high_contrast = !s->high_contrast;
        else if (is(w, "action.checkin")) {
            s->purpose = PURPOSE_CHECKIN;
            start_identify(s, now);
        } else if (is(w, "action.pay")) {
            s->purpose = PURPOSE_PAY;
            start_identify(s, now);
        } else if (is(w, "action.guides"))
            go(s, SCR_GUIDES, now);
        break;
    case SCR_SURNAME:
        if (has_prefix(w, "key."))
            surname_key(s, w + 4);
        else if (is(w, "next")) {
            if (kstr_utf8_len(s->surname) == 0) {
                s->notice = NOTICE_NEED_SURNAME;
                break;
            }
            s->notice = NOTICE_NONE;
            go(s, SCR_DOB, now);
        } else if (is(w, "back"))
            clear_session(s, now, fx);
        break;
    case SCR_DOB:
        if (has_prefix(w, "key."))
            dob_key(s, w + 4);
        else if (is(w, "dob.day"))
            s->dob_focus = DOB_DAY;
        else if (is(w, "dob.month"))
            s->dob_focus = DOB_MONTH;
        else if (is(w, "dob.year"))
            s->dob_focus = DOB_YEAR;
        else if (is(w, "next"))
            dob_next(s, ev, fx);
        else if (is(w, "back")) {
            if (s->method == ID_NAME_DOB)
                go(s, SCR_SURNAME, now);
            else
                clear_session(s, now, fx);
        }
        break;
    case SCR_APPOINTMENTS:
        if (has_prefix(w, "appt.")) {
            int i = w[5] - '0';
            if (w[5] && !w[6] && i >= 0 && i < s->match.appt_count && s->elig[i] == ELIG_OPEN)
                s->selected = i;
        } else if (is(w, "confirm") && s->selected >= 0) {
            struct flow_fx *f = fx_add(fx, FX_RECORD_CHECKIN);
            f->id = s->match.appts[s->selected].id;
            s->busy = true;
        }
        break;
    case SCR_NOT_FOUND:
        if (is(w, "retry")) {
            s->surname[0] = '\0';
            dob_clear(s);
            start_identify(s, now);
        }
        break;
    case SCR_HELP:
        if (is(w, "help.yes")) {
            struct flow_fx *f = fx_add(fx, FX_REQUEST_HELP);
            kstr_copy(f->text, sizeof(f->text), flow_screen_id(s->help_return));
            s->busy = true;
        } else if (is(w, "back")) {
            go(s, s->help_return, now);
        }
        break;
    case SCR_HELP_SENT:
        if (is(w, "back"))
            go(s, s->help_return, now);
        break;
    case SCR_GUIDES:
        if (has_prefix(w, "guide.") && w[6] >= '0' && w[6] <= '9') {
            s->guide = atoi(w + 6);
            s->page = 0;
            s->notice = NOTICE_NONE;
            go(s, SCR_GUIDE, now);
        } else if (is(w, "glossary")) {
            s->query[0] = '\0';
            s->page = 0;
            s->glossary_return = SCR_GUIDES;
            go(s, SCR_GLOSSARY, now);
        } else if (is(w, "back")) {
            go(s, SCR_WELCOME, now);
        }
        break;
    case SCR_GUIDE:
    case SCR_GLOSSARY:
        /* The UI disables "page.next" on the last page. */
        if (is(w, "page.next") && s->page < 99)
            s->page++;
        else if (is(w, "page.prev") && s->page > 0)
            s->page--;
        else if (is(w, "back")) {
            s->notice = NOTICE_NONE;
            go(s, s->screen == SCR_GLOSSARY ? s->glossary_return : SCR_GUIDES, now);
        } else if (s->screen == SCR_GUIDE && is(w, "guide.print")) {
            struct flow_fx *f = fx_add(fx, FX_PRINT_GUIDE);
            f->id = s->guide;
            s->busy = true;
        } else if (s->screen == SCR_GLOSSARY && has_prefix(w, "key.")) {
            /* The search box takes the same keys as the surname. */
            char saved[sizeof(s->surname)];
            kstr_copy(saved, sizeof(saved), s->surname);
            kstr_copy(s->surname, sizeof(s->surname), s->query);
            surname_key(s, w + 4);
            kstr_copy(s->query, sizeof(s->query), s->surname);
            kstr_copy(s->surname, sizeof(s->surname), saved);
            s->page = 0;
        }
        break;
    case SCR_BILLS:
    case SCR_BILL:
    case SCR_PAY_AMOUNT:
    case SCR_PAY_CONFIRM:
    case SCR_PAY_CARD:
    case SCR_PAY_DECLINED:
    case SCR_PAY_OTHER:
    case SCR_PAY_RECEIPT:
    case SCR_PAY_DONE:
    case SCR_QUESTION:
    case SCR_QUESTION_PHONE:
    case SCR_QUESTION_SENT:
        on_pay_tap(s, w, now, fx);
        break;
    case SCR_DONE:
    case SCR_SEE_DESK:
    case SCR_NO_APPOINTMENT:
    case SCR_UNAVAILABLE:
    case SCR_SEARCHING:
    case SCR_COUNT:
        break;
    }
}

static void on_text(struct flow_state *s, const struct flow_event *ev)
{
    if (!ev->text)
        return;
    if (s->screen == SCR_SURNAME && is(ev->field, "surname")) {
        kstr_copy(s->surname, sizeof(s->surname), ev->text);
        s->notice = NOTICE_NONE;
    } else if (s->screen == SCR_DOB && is(ev->field, "dob")) {
        dob_set_iso(s, ev->text);
        s->notice = NOTICE_NONE;
    }
}

/* Listening takes longer than reading: speech users get twice the time. */
static int64_t warn_ms(const struct flow_state *s)
{
    return s->speech ? 2 * s->cfg.warn_ms : s->cfg.warn_ms;
}

static int64_t clear_ms(const struct flow_state *s)
{
    return s->speech ? 2 * s->cfg.clear_ms : s->cfg.clear_ms;
}

static bool on_tick(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    int64_t now = ev->mono_ms;
    if (s->screen == SCR_WELCOME)
        return false;
    if (s->busy && (s->screen == SCR_PAY_CARD || s->screen == SCR_SEARCHING))
        return false; /* the bank or the records are being asked: the app bounds the wait */
    if (s->screen == SCR_DONE && !s->busy) {
        if (now - s->screen_since_ms >= s->cfg.done_ms) {
            clear_session(s, now, fx);
            return true;
        }
        return false;
    }
    if (now - s->last_input_ms >= clear_ms(s)) {
        clear_session(s, now, fx);
        return true;
    }
    if (!s->warning && now - s->last_input_ms >= warn_ms(s)) {
        s->warning = true;
        return true;
    }
    return s->warning; /* the countdown on the warning changes */
}

/* Events that answer an effect; the flow is busy from the effect to its
 * answer. */
static bool is_answer(enum flow_event_kind k)
{
    switch (k) {
    case EV_LOOKUP_DONE:
    case EV_LOOKUP_ASKING:
    case EV_CHECKIN_DONE:
    case EV_PRINT_DONE:
    case EV_GUIDE_PRINTED:
    case EV_HELP_DONE:
    case EV_BILLS_DONE:
    case EV_PAY_DONE:
    case EV_RECEIPT_DONE:
    case EV_QUESTION_DONE:
        return true;
    case EV_TICK:
    case EV_TAP:
    case EV_TEXT:
    case EV_CARD:
    case EV_SCAN:
    case EV_BAD_SWIPE:
    case EV_EXPIRED_CARD:
    case EV_ACTIVITY:
    case EV_PAY_CARD:
        break;
    }
    return false;
}

bool flow_step(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    fx->count = 0;
    if (is_answer(ev->kind) && !s->busy)
        return false; /* nobody waits for it any more: the session ended (cancel, timeout) */
    switch (ev->kind) {
    case EV_TICK:
        return on_tick(s, ev, fx);
    case EV_TAP:
    case EV_TEXT:
        if (!ev->widget && ev->kind == EV_TAP)
            return false;
        s->last_input_ms = ev->mono_ms;
        if (s->busy && s->screen == SCR_SEARCHING && is(ev->widget, "cancel")) {
            clear_session(s, ev->mono_ms, fx); /* the app drops the search */
            return true;
        }
        if (s->busy)
            return false; /* a second tap while we wait must not act twice */
        if (s->warning) {
            /* Any touch means someone is there: the warning goes away. */
            s->warning = false;
            if (is(ev->widget, "timeout.finish"))
                clear_session(s, ev->mono_ms, fx);
            return true;
        }
        if (ev->kind == EV_TAP)
            on_tap(s, ev, fx);
        else
            on_text(s, ev);
        return true;
    case EV_CARD:
    case EV_SCAN:
        s->last_input_ms = ev->mono_ms;
        s->warning = false;
        if (s->busy || !accepts_identifier(s->screen))
            return false;
        identify_by(s, ev, fx);
        return true;
    case EV_BAD_SWIPE:
    case EV_EXPIRED_CARD:
        s->last_input_ms = ev->mono_ms;
        if (s->busy || !accepts_identifier(s->screen))
            return false;
        s->warning = false;
        s->notice = ev->kind == EV_BAD_SWIPE ? NOTICE_SWIPE_AGAIN : NOTICE_CARD_EXPIRED;
        return true;
    case EV_LOOKUP_DONE:
        on_lookup(s, ev, fx);
        return true;
    case EV_LOOKUP_ASKING:
        go(s, SCR_SEARCHING, ev->mono_ms);
        return true;
    case EV_PAY_CARD:
        return on_pay_card(s, ev, fx);
    case EV_BILLS_DONE:
        on_bills(s, ev);
        return true;
    case EV_PAY_DONE:
        on_paid(s, ev);
        return true;
    case EV_RECEIPT_DONE:
        s->busy = false;
        if (s->screen == SCR_QUESTION_SENT) {
            s->notice = ev->err == KIOSK_OK ? NOTICE_NOTE_PRINTED : NOTICE_NOTE_FAILED;
            return true;
        }
        s->receipt_failed = ev->err != KIOSK_OK;
        go(s, SCR_PAY_DONE, ev->mono_ms);
        return true;
    case EV_QUESTION_DONE:
        s->busy = false;
        s->question_failed = ev->err != KIOSK_OK;
        s->question_sent = !s->question_failed;
        go(s, SCR_QUESTION_SENT, ev->mono_ms);
        return true;
    case EV_CHECKIN_DONE:
        s->busy = false;
        if (ev->err != KIOSK_OK) {
            go(s, SCR_UNAVAILABLE, ev->mono_ms);
            return true;
        }
        s->queue_no = ev->queue_no;
        s->match.appts[s->selected].queue_no = ev->queue_no;
        s->match.appts[s->selected].status = APPT_ARRIVED;
        s->elig[s->selected] = ELIG_ARRIVED;
        go(s, SCR_DONE, ev->mono_ms);
        fx_add(fx, FX_PRINT_TICKET);
        s->busy = true; /* the done screen's timer starts when printing ends */
        return true;
    case EV_GUIDE_PRINTED:
        s->busy = false;
        s->notice = ev->err == KIOSK_OK ? NOTICE_GUIDE_PRINTED : NOTICE_PRINT_FAILED;
        return true;
    case EV_HELP_DONE:
        s->busy = false;
        s->help_failed = ev->err != KIOSK_OK;
        go(s, SCR_HELP_SENT, ev->mono_ms);
        return true;
    case EV_ACTIVITY:
        s->last_input_ms = ev->mono_ms;
        if (!s->warning)
            return false;
        s->warning = false; /* someone is there */
        return true;
    case EV_PRINT_DONE:
        s->busy = false;
        s->print_failed = ev->err != KIOSK_OK;
        s->screen_since_ms = ev->mono_ms;
        return true;
    }
    return false;
}

int64_t flow_next_deadline(const struct flow_state *s, int64_t mono_ms)
{
    if (s->screen == SCR_WELCOME ||
        (s->busy && (s->screen == SCR_PAY_CARD || s->screen == SCR_SEARCHING)))
        return -1;
    if (s->screen == SCR_DONE)
        return s->busy ? -1 : s->screen_since_ms + s->cfg.done_ms;
    if (s->warning) {
        /* Wake each second so the countdown on the warning moves. */
        int64_t clear_at = s->last_input_ms + clear_ms(s);
        int64_t left = clear_at - mono_ms;
        if (left <= 0)
            return mono_ms;
        int64_t next = clear_at - ((left - 1) / 1000) * 1000;
        return next > mono_ms ? next : mono_ms + 1000;
    }
    return s->last_input_ms + warn_ms(s);
}

int flow_seconds_to_clear(const struct flow_state *s, int64_t mono_ms)
{
    int64_t left = s->last_input_ms + clear_ms(s) - mono_ms;
    return left <= 0 ? 0 : (int)((left + 999) / 1000);
}
