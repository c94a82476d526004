/* The dispatcher: the screen table, the rules every screen shares (cancel,
 * help, speech, back, the warning, timers) and the routing of answers to
 * their journey. The journeys are in flow_<journey>.c. */
#include "firmware/flow/flow_private.h"
#include "firmware/core/str.h"

/* The screen table's behaviour columns (firmware/core/screen.h, one row a
 * screen) as flow's rows: what each screen does with taps, swipes and time.
 * test_flow checks every row sits at its own index. */
#define flow_none_tap NULL
#define BY_TAP        FLOW_BACK_BY_TAP
#define ROW_yes       true
#define ROW_no        false
static const struct flow_screen_row screens[SCR_COUNT] = {
#define SCREEN_ROW(scr, id, name, tap, ident, timer, back, clears)                                 \
    [scr] = {scr, flow_##tap##_tap, ROW_##ident, TIMER_##timer, back, ROW_##clears},
    KIOSK_SCREENS(SCREEN_ROW)
#undef SCREEN_ROW
};
#undef flow_none_tap
#undef BY_TAP
#undef ROW_yes
#undef ROW_no

static const char *const screen_ids[SCR_COUNT] = {
#define SCREEN_ID(scr, id, ...) [scr] = id,
    KIOSK_SCREENS(SCREEN_ID)
#undef SCREEN_ID
};

const struct flow_screen_row *flow_screen_row(enum flow_screen scr)
{
    return &screens[scr];
}

const char *flow_screen_id(enum flow_screen s)
{
    return s >= 0 && s < SCR_COUNT ? screen_ids[s] : "unknown";
}

/* --- shared rules ---------------------------------------------------------------- */

int flow_widget_index(const char *id, const char *prefix, int max)
{
    if (!flow_has_prefix(id, prefix))
        return -1;
    const char *p = id + strlen(prefix);
    if (*p < '0' || *p > '9' || (p[0] == '0' && p[1]))
        return -1;
    long n = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        n = n * 10 + (*p - '0');
        if (n >= max)
            return -1; /* also stops before n could overflow */
    }
    return (int)n;
}

struct flow_fx *flow_fx_add(struct flow_fx_list *fx, enum flow_fx_kind kind)
{
    if (fx->count == FLOW_MAX_FX) {
        fx->overflow = true; /* a bug: see FLOW_MAX_FX */
        fx->count--;
    }
    struct flow_fx *f = &fx->fx[fx->count++];
    memset(f, 0, sizeof(*f));
    f->kind = kind;
    return f;
}

void flow_go(struct flow_state *s, enum flow_screen scr, int64_t now)
{
    if (s->screen != scr)
        s->scroll = 0;
    s->screen = scr;
    s->screen_since_ms = now;
    s->warning = false;
}

/* Drop everything about the patient; language and theme go back to the
 * defaults too, so the next person starts fresh. */
void flow_clear_session(struct flow_state *s, int64_t now, struct flow_fx_list *fx)
{
    struct flow_config cfg = s->cfg;
    memset(s, 0, sizeof(*s));
    s->cfg = cfg;
    kstr_copy(s->lang, sizeof(s->lang), cfg.default_lang);
    s->selected = -1;
    s->bill = -1;
    s->forms.open = -1;
    s->forms.choose = -1;
    s->forms.field = -1;
    s->last_input_ms = now;
    flow_go(s, SCR_WELCOME, now);
    flow_fx_add(fx, FX_SESSION_CLEARED);
}

void flow_letter_key(char *text, size_t max, const char *key)
{
    if (flow_is(key, "backspace")) {
        kstr_utf8_pop(text);
        return;
    }
    const char *add = NULL;
    char letter[2] = {0};
    if (flow_is(key, "space"))
        add = " ";
    else if (flow_is(key, "hyphen"))
        add = "-";
    else if (flow_is(key, "apostrophe"))
        add = "'";
    else if (strlen(key) == 1 && key[0] >= 'A' && key[0] <= 'Z') {
        /* First letter of each word upper-case, the rest lower-case. */
        size_t n = strlen(text);
        bool word_start = n == 0 || text[n - 1] == ' ' || text[n - 1] == '-' || text[n - 1] == '\'';
        letter[0] = word_start ? key[0] : (char)(key[0] + 32);
        add = letter;
    }
    if (add && strlen(text) + strlen(add) <= max)
        kstr_append(text, max + 1, add);
}

void flow_digit_key(char *field, size_t max, bool amount, const char *key)
{
    size_t n = strlen(field);
    if (flow_is(key, "backspace")) {
        if (n > 0)
            field[n - 1] = '\0';
    } else if (strlen(key) == 1 && key[0] >= '0' && key[0] <= '9' && n < max &&
               !(amount && n == 0 && key[0] == '0')) {
        field[n] = key[0];
        field[n + 1] = '\0';
    }
}

void flow_init(struct flow_state *s, const struct flow_config *cfg, int64_t mono_ms)
{
    struct flow_fx_list ignored = {0};
    memset(s, 0, sizeof(*s));
    s->cfg = *cfg;
    flow_clear_session(s, mono_ms, &ignored);
}

/* --- taps -------------------------------------------------------------------------- */

static void on_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    const struct flow_screen_row *row = flow_screen_row(s->screen);
    int64_t now = ev->mono_ms;

    if (flow_is(w, "cancel") || flow_is(w, "finish")) {
        if (flow_details_leave(s, now, fx))
            return; /* checked in: they leave with their ticket */
        flow_clear_session(s, now, fx);
        return;
    }
    if (flow_is(w, "lang.back")) {
        /* "Switched to Português - tap to go back to English" */
        if (s->lang_before[0]) {
            kstr_copy(s->lang, sizeof(s->lang), s->lang_before);
            s->lang_before[0] = '\0';
            s->lang_chosen = true;
        }
        return;
    }
    if (flow_is(w, "a11y.speech")) {
        s->speech = true; /* on any screen; stays on until the session ends */
        return;
    }
    if (flow_is(w, "scroll.more") || flow_is(w, "scroll.back")) {
        /* A list that does not fit its screen: the ui offers More only
         * while something follows, Earlier only past the first. */
        if (flow_is(w, "scroll.more") && s->scroll < FLOW_SCROLL_MAX)
            s->scroll++;
        else if (flow_is(w, "scroll.back") && s->scroll > 0)
            s->scroll--;
        return;
    }
    if (flow_is(w, "help") && s->screen != SCR_HELP && s->screen != SCR_HELP_SENT) {
        flow_help_open(s, now);
        return;
    }
    if (flow_copay_back(s, ev))
        return;
    if (flow_is(w, "back") && row->back != FLOW_BACK_BY_TAP) {
        if (row->back_clears_notice)
            s->notice = NOTICE_NONE;
        flow_go(s, row->back, now);
        return;
    }
    if (row->on_tap)
        row->on_tap(s, ev, fx);
}

/* --- time -------------------------------------------------------------------------- */

/* Listening takes longer than reading: speech users get twice the time. */
static int64_t warn_ms(const struct flow_state *s)
{
    return s->speech ? 2 * s->cfg.warn_ms : s->cfg.warn_ms;
}

static int64_t clear_ms(const struct flow_state *s)
{
    return s->speech ? 2 * s->cfg.clear_ms : s->cfg.clear_ms;
}

/* Which clock runs now: the screen's timer policy, given whether an answer
 * is awaited. Both the tick and the next deadline read it. */
enum clock_now {
    CLOCK_STOPPED,  /* nothing times out */
    CLOCK_SESSION,  /* the warning, then the end of the session */
    CLOCK_DONE,     /* the done screen's own time */
    CLOCK_PRINTING, /* the session rules, but nothing wakes for them: the print answers first */
    CLOCK_HELP,     /* help on the way: only the time staff can be expected by */
};

static enum clock_now clock_now(const struct flow_state *s)
{
    switch (flow_screen_row(s->screen)->timer) {
    case TIMER_OFF:
        return CLOCK_STOPPED;
    case TIMER_WAIT:
        return s->busy ? CLOCK_STOPPED : CLOCK_SESSION;
    case TIMER_DONE:
        return s->busy ? CLOCK_PRINTING : CLOCK_DONE;
    case TIMER_HELP:
        return flow_help_waiting(s) ? CLOCK_HELP : CLOCK_SESSION;
    case TIMER_SESSION:
        break;
    }
    return CLOCK_SESSION;
}

static bool on_tick(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    int64_t now = ev->mono_ms;
    switch (clock_now(s)) {
    case CLOCK_STOPPED:
        return false;
    case CLOCK_DONE:
        if (now - s->screen_since_ms >= s->cfg.done_ms) {
            flow_clear_session(s, now, fx);
            return true;
        }
        return false;
    case CLOCK_HELP:
        if (now - s->help.sent_ms < s->cfg.help_wait_ms)
            return false;
        /* Staff should have come: say what to do; the session rules from now. */
        s->help.overdue = true;
        s->last_input_ms = now;
        return true;
    case CLOCK_SESSION:
    case CLOCK_PRINTING:
        break;
    }
    if (now - s->last_input_ms >= clear_ms(s)) {
        if (!flow_details_leave(s, now, fx))
            flow_clear_session(s, now, fx);
        return true;
    }
    if (!s->warning && now - s->last_input_ms >= warn_ms(s)) {
        s->warning = true;
        return true;
    }
    return s->warning; /* the countdown on the warning changes */
}

int64_t flow_next_deadline(const struct flow_state *s, int64_t mono_ms)
{
    switch (clock_now(s)) {
    case CLOCK_STOPPED:
    case CLOCK_PRINTING:
        return -1;
    case CLOCK_DONE:
        return s->screen_since_ms + s->cfg.done_ms;
    case CLOCK_HELP:
        return s->help.sent_ms + s->cfg.help_wait_ms;
    case CLOCK_SESSION:
        break;
    }
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

/* --- one step ---------------------------------------------------------------------- */

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
    case EV_DETAILS_DONE:
    case EV_DETAILS_SENT:
    case EV_FORM_OPENED:
    case EV_FORM_SENT:
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
    case EV_LICENCE:
    case EV_BAD_LICENCE:
    case EV_QR_UPDATE: /* also while not busy (polls after an expiry): flow_payqr_update sorts it */
    case EV_FORMS_DONE: /* after check-in it arrives while the ticket prints */
    case EV_SIGN_DRAWN:
        break;
    }
    return false;
}

static bool on_input(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    if (!ev->widget && ev->kind == EV_TAP)
        return false;
    s->last_input_ms = ev->mono_ms;
    if (s->busy && s->screen == SCR_SEARCHING && flow_is(ev->widget, "cancel")) {
        flow_clear_session(s, ev->mono_ms, fx); /* the app drops the search */
        return true;
    }
    if (s->busy && s->screen == SCR_PAY_CARD && flow_is(ev->widget, "pay.cancel")) {
        flow_pay_cancel(s, ev, fx); /* the terminal's answer ends the wait */
        return true;
    }
    if (s->busy && s->screen == SCR_PAY_QR && flow_is(ev->widget, "qr.cancel")) {
        flow_payqr_cancel(s, ev, fx); /* the one tap a live code listens to */
        return true;
    }
    if (s->busy)
        return false; /* a second tap while we wait must not act twice */
    if (s->warning) {
        /* Any touch means someone is there: the warning goes away. */
        s->warning = false;
        if (flow_is(ev->widget, "timeout.finish") && !flow_details_leave(s, ev->mono_ms, fx))
            flow_clear_session(s, ev->mono_ms, fx);
        return true;
    }
    if (ev->kind == EV_TAP)
        on_tap(s, ev, fx);
    else if (s->screen == SCR_FORM_PAGE)
        flow_form_text(s, ev);
    else
        flow_identify_text(s, ev);
    return true;
}

bool flow_step(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    bool accepts_identifier = flow_screen_row(s->screen)->accepts_identifier;
    fx->count = 0;
    fx->overflow = false;
    if (is_answer(ev->kind) && !s->busy)
        return false; /* nobody waits for it any more: the session ended (cancel, timeout) */
    switch (ev->kind) {
    case EV_TICK:
        return on_tick(s, ev, fx);
    case EV_TAP:
    case EV_TEXT:
        return on_input(s, ev, fx);
    case EV_CARD:
    case EV_SCAN:
        s->last_input_ms = ev->mono_ms;
        s->warning = false;
        if (s->busy || !accepts_identifier)
            return false;
        flow_identify_by(s, ev, fx);
        return true;
    case EV_LICENCE:
    case EV_BAD_LICENCE:
        s->last_input_ms = ev->mono_ms;
        s->warning = false;
        if (s->busy || !accepts_identifier)
            return false;
        flow_identify_licence(s, ev, fx);
        return true;
    case EV_BAD_SWIPE:
    case EV_EXPIRED_CARD:
        s->last_input_ms = ev->mono_ms;
        if (s->busy || !accepts_identifier)
            return false;
        s->warning = false;
        s->notice = ev->kind == EV_BAD_SWIPE ? NOTICE_SWIPE_AGAIN : NOTICE_CARD_EXPIRED;
        return true;
    case EV_ACTIVITY:
        s->last_input_ms = ev->mono_ms;
        if (!s->warning)
            return false;
        s->warning = false; /* someone is there */
        return true;
    case EV_PAY_CARD:
        return flow_pay_card(s, ev, fx);
    case EV_LOOKUP_DONE:
        flow_identify_lookup_done(s, ev, fx);
        return true;
    case EV_LOOKUP_ASKING:
        flow_go(s, SCR_SEARCHING, ev->mono_ms);
        return true;
    case EV_CHECKIN_DONE:
        flow_checkin_done(s, ev, fx);
        return true;
    case EV_PRINT_DONE:
        flow_checkin_printed(s, ev);
        return true;
    case EV_HELP_DONE:
        flow_help_done(s, ev);
        return true;
    case EV_GUIDE_PRINTED:
        flow_guide_printed(s, ev);
        return true;
    case EV_BILLS_DONE:
        flow_bills_done(s, ev);
        return true;
    case EV_PAY_DONE:
        if (!flow_copay_paid(s, ev, fx))
            flow_pay_paid(s, ev);
        return true;
    case EV_RECEIPT_DONE:
        /* One printer answer for two papers: the note of a question, or a receipt. */
        if (s->screen == SCR_QUESTION_SENT)
            flow_question_note_printed(s, ev);
        else
            flow_pay_receipt_printed(s, ev);
        return true;
    case EV_QUESTION_DONE:
        flow_question_done(s, ev);
        return true;
    case EV_DETAILS_DONE:
        if (s->screen == SCR_PAY_RECEIPT)
            flow_receipt_details_loaded(s, ev);
        else
            flow_details_loaded(s, ev, fx);
        return true;
    case EV_DETAILS_SENT:
        if (s->screen >= SCR_RECEIPT_SEND && s->screen <= SCR_RECEIPT_EMAIL)
            flow_receipt_sent(s, ev);
        else
            flow_details_sent(s, ev);
        return true;
    case EV_QR_UPDATE:
        flow_payqr_update(s, ev);
        return true;
    case EV_FORMS_DONE:
        flow_forms_done(s, ev);
        return true;
    case EV_FORM_OPENED:
        flow_form_opened(s, ev);
        return true;
    case EV_FORM_SENT:
        flow_form_sent(s, ev, fx);
        return true;
    case EV_SIGN_DRAWN:
        return flow_sign_drawn(s, ev);
    }
    return false;
}
