/* Identification, for check-in and pay alike: surname and date of birth, or
 * a card or code and then the date of birth (two identifiers before anything
 * about the patient is shown), or a driver's licence, whose family name and
 * date of birth are the two identifiers at once. */
#include "firmware/flow/flow_private.h"
#include "firmware/core/str.h"

void flow_identify_start(struct flow_state *s, int64_t now)
{
    s->method = ID_NAME_DOB;
    s->notice = NOTICE_NONE;
    flow_go(s, SCR_SURNAME, now);
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
    if (flow_is(key, "backspace")) {
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

/* Whether two language tags are the same language for a patient: equal
 * ignoring case ("pt-br" is "pt-BR"), or a bare language matching a
 * regional one ("pt" and "pt-BR"). */
static bool same_language(const char *a, const char *b)
{
    size_t i = 0;
    for (; a[i] && b[i]; i++) {
        char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] - 'A' + 'a') : a[i];
        char y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] - 'A' + 'a') : b[i];
        if (x != y)
            return false;
    }
    return (!a[i] && (!b[i] || b[i] == '-')) || (!b[i] && a[i] == '-');
}

/* The patient's record prefers a language the kiosk offers, and they have
 * not picked one themselves: the session switches to it (and says so, with
 * the way back). */
static void prefer_language(struct flow_state *s)
{
    const char *want = s->match.patient.lang;
    if (s->lang_chosen || !want[0] || same_language(want, s->lang))
        return;
    for (int i = 0; i < s->cfg.lang_count && i < 8; i++) {
        if (!same_language(want, s->cfg.langs[i]))
            continue;
        kstr_copy(s->lang_before, sizeof(s->lang_before), s->lang);
        kstr_copy(s->lang, sizeof(s->lang), s->cfg.langs[i]);
        return;
    }
}

/* Two identifiers matched: on to what the patient came for. */
static void show_patient(struct flow_state *s, int64_t now, int64_t wall, struct flow_fx_list *fx)
{
    prefer_language(s);
    if (s->purpose == PURPOSE_PAY)
        flow_bills_load(s, fx);
    else if (s->purpose == PURPOSE_FORMS)
        flow_forms_load(s, fx);
    else
        flow_checkin_show(s, now, wall);
}

static void failed_attempt(struct flow_state *s, int64_t now)
{
    s->attempts++;
    memset(&s->match, 0, sizeof(s->match));
    flow_go(s, s->attempts >= s->cfg.max_attempts ? SCR_SEE_DESK : SCR_NOT_FOUND, now);
}

void flow_identify_lookup_done(struct flow_state *s, const struct flow_event *ev,
                               struct flow_fx_list *fx)
{
    int64_t now = ev->mono_ms;
    s->busy = false;
    if (ev->err != KIOSK_OK || !ev->match) {
        flow_go(s, SCR_UNAVAILABLE, now);
        return;
    }
    if (ev->match->matches > 1) {
        /* Two people share this name and birthday: a person must sort it out. */
        flow_go(s, SCR_SEE_DESK, now);
        return;
    }
    if (ev->match->matches == 0) {
        if (s->method == ID_NAME_DOB) {
            failed_attempt(s, now);
        } else {
            /* A card or code that matches nobody: offer the name route. */
            s->notice = NOTICE_CARD_UNKNOWN;
            s->method = ID_NAME_DOB;
            flow_go(s, SCR_SURNAME, now);
        }
        if (ev->offline)
            s->notice = NOTICE_RECORDS_OFFLINE;
        return;
    }
    s->match = *ev->match;
    if (ev->statement)
        s->purpose = PURPOSE_PAY; /* the QR of a paper statement: they came to pay */
    if (s->method == ID_NAME_DOB || s->method == ID_LICENCE) {
        show_patient(s, now, ev->wall_ms, fx);
        return;
    }
    /* Card or code: one identifier so far. Ask for the date of birth before
     * showing anything about the patient (two identifiers). */
    dob_clear(s);
    flow_go(s, SCR_DOB, now);
}

static void dob_next(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    char iso[11];
    if (!dob_iso(s, &ev->local, iso)) {
        s->notice = NOTICE_CHECK_DATE;
        return;
    }
    if (s->method == ID_NAME_DOB) {
        struct flow_fx *f = flow_fx_add(fx, FX_LOOKUP_NAME_DOB);
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

void flow_identify_by(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    if (!ev->text || !ev->text[0])
        return;
    struct flow_fx *f = flow_fx_add(fx, ev->kind == EV_CARD ? FX_LOOKUP_CARD : FX_LOOKUP_CODE);
    kstr_copy(f->text, sizeof(f->text), ev->text);
    /* Today's appointments are all here; bills of patients without one are
     * not, and a code may be a paper statement's. */
    f->online = s->purpose == PURPOSE_PAY || ev->kind == EV_SCAN;
    s->method = ev->kind == EV_CARD ? ID_CARD : ID_CODE;
    s->notice = NOTICE_NONE;
    s->busy = true;
}

/* A real date, not after today. */
static bool dob_plausible(const char *iso, const struct kdate *today)
{
    struct kdate d;
    if (!iso || !kdate_parse_iso(iso, &d))
        return false;
    long born = d.year * 10000L + d.month * 100L + d.day;
    return born <= today->year * 10000L + today->month * 100L + today->day;
}

/* A driver's licence: its family name and date of birth are looked up as if
 * typed (an expired licence too: it only says who someone is). Neither is
 * kept in the state; the app wipes the question once it is answered. One
 * that cannot be read sends the patient to type their surname. */
void flow_identify_licence(struct flow_state *s, const struct flow_event *ev,
                           struct flow_fx_list *fx)
{
    bool ok = ev->kind == EV_LICENCE && ev->text && ev->text[0] &&
              strlen(ev->text) < sizeof(fx->fx[0].text) && dob_plausible(ev->dob, &ev->local);
    if (!ok) {
        s->method = ID_NAME_DOB;
        s->surname[0] = '\0';
        dob_clear(s);
        flow_go(s, SCR_SURNAME, ev->mono_ms);
        s->notice = NOTICE_LICENCE_UNREADABLE;
        return;
    }
    struct flow_fx *f = flow_fx_add(fx, FX_LOOKUP_NAME_DOB);
    kstr_copy(f->text, sizeof(f->text), ev->text);
    kstr_copy(f->text2, sizeof(f->text2), ev->dob);
    f->online = s->purpose == PURPOSE_PAY;
    s->method = ID_LICENCE;
    s->notice = NOTICE_NONE;
    s->busy = true;
}

void flow_identify_text(struct flow_state *s, const struct flow_event *ev)
{
    if (!ev->text)
        return;
    if (s->screen == SCR_SURNAME && flow_is(ev->field, "surname")) {
        kstr_copy(s->surname, sizeof(s->surname), ev->text);
        s->notice = NOTICE_NONE;
    } else if (s->screen == SCR_DOB && flow_is(ev->field, "dob")) {
        dob_set_iso(s, ev->text);
        s->notice = NOTICE_NONE;
    }
}

void flow_surname_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    if (flow_has_prefix(w, "key.")) {
        s->notice = NOTICE_NONE;
        flow_letter_key(s->surname, sizeof(s->surname) - 2, w + 4);
    } else if (flow_is(w, "next")) {
        if (kstr_utf8_len(s->surname) == 0) {
            s->notice = NOTICE_NEED_SURNAME;
            return;
        }
        s->notice = NOTICE_NONE;
        flow_go(s, SCR_DOB, ev->mono_ms);
    } else if (flow_is(w, "back"))
        flow_clear_session(s, ev->mono_ms, fx);
}

void flow_dob_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    if (flow_has_prefix(w, "key."))
        dob_key(s, w + 4);
    else if (flow_is(w, "dob.day"))
        s->dob_focus = DOB_DAY;
    else if (flow_is(w, "dob.month"))
        s->dob_focus = DOB_MONTH;
    else if (flow_is(w, "dob.year"))
        s->dob_focus = DOB_YEAR;
    else if (flow_is(w, "next"))
        dob_next(s, ev, fx);
    else if (flow_is(w, "back")) {
        if (s->method == ID_NAME_DOB)
            flow_go(s, SCR_SURNAME, ev->mono_ms);
        else
            flow_clear_session(s, ev->mono_ms, fx);
    }
}

void flow_not_found_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    (void)fx;
    if (flow_is(ev->widget, "retry")) {
        s->surname[0] = '\0';
        dob_clear(s);
        flow_identify_start(s, ev->mono_ms);
    }
}
