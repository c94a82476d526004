/* The patient journey as tables: each case is a list of steps (an event,
 * then the screen and effects expected after it). No SDL, SQLite or USB. */
#include "firmware/flow/flow.h"
#include "firmware/flow/flow_private.h"
#include "ktest.h"

#include <stdlib.h>

#define T0_WALL 1773136800000LL /* 2026-03-10 10:00:00 UTC (tests run with TZ=UTC) */
#define MIN     (60 * 1000LL)
/* The local date and time of T0_WALL, as the app fills it in events (the
 * kiosk's zone is UTC here); every step below happens on that day. */
#define T0_LOCAL                                                                                   \
    {                                                                                              \
        .year = 2026, .month = 3, .day = 10, .hour = 10, .weekday = 2                              \
    }

enum answer {
    ANS_NONE = 0,
    ANS_FOUND,
    ANS_FOUND_NO_APPTS,
    ANS_NOBODY,
    ANS_TWO,
    ANS_STORE_ERROR,
    ANS_FOUND_PREFERS_PT, /* found; the record prefers "pt-br" */
    ANS_FOUND_PREFERS_HI, /* found; the record prefers Hindi, which this kiosk does not offer */
};

struct step {
    enum flow_event_kind kind;
    const char *arg;    /* widget for taps; text for text/card/scan */
    const char *field;  /* EV_TEXT */
    int64_t after_ms;   /* time that passes before the event */
    enum answer answer; /* EV_LOOKUP_DONE: what the store says */
    enum flow_screen expect_screen;
    enum flow_fx_kind expect_fx; /* 0: no effect expected */
};

static const struct flow_config cfg = {
    .warn_ms = 45000,
    .clear_ms = 60000,
    .done_ms = 20000,
    .early_ms = 30 * MIN,
    .late_ms = 15 * MIN,
    .max_attempts = 3,
    .help_wait_ms = 5 * MIN,
    .default_lang = "en",
    .lang_count = 3,
    .langs = {"en", "pt-BR", "es"},
};

static void make_match(struct patient_match *m, enum answer a)
{
    memset(m, 0, sizeof(*m));
    if (a == ANS_NOBODY)
        return;
    if (a == ANS_TWO) {
        m->matches = 2;
        return;
    }
    m->matches = 1;
    m->patient.id = 7;
    strcpy(m->patient.given, "Ana");
    strcpy(m->patient.family, "Silva");
    strcpy(m->patient.birth_date, "1984-03-02");
    if (a == ANS_FOUND_PREFERS_PT)
        strcpy(m->patient.lang, "pt-br"); /* any case, as servers write it */
    if (a == ANS_FOUND_PREFERS_HI)
        strcpy(m->patient.lang, "hi");
    if (a == ANS_FOUND_NO_APPTS)
        return;
    m->appt_count = 2;
    m->appts[0].id = 41;
    m->appts[0].start_ms = T0_WALL - 2 * 60 * MIN; /* 08:00: too late */
    m->appts[0].status = APPT_BOOKED;
    m->appts[1].id = 42;
    m->appts[1].start_ms = T0_WALL + 10 * MIN; /* 10:10: open */
    m->appts[1].status = APPT_BOOKED;
}

struct run {
    struct flow_state s;
    int64_t mono, wall;
    struct flow_fx_list fx;
};

static enum ktest_result play(const struct step *steps, size_t n, struct run *r)
{
    r->mono = 5000;
    r->wall = T0_WALL;
    flow_init(&r->s, &cfg, r->mono);
    for (size_t i = 0; i < n; i++) {
        const struct step *st = &steps[i];
        struct patient_match m;
        struct flow_event ev = {.kind = st->kind};
        r->mono += st->after_ms;
        r->wall += st->after_ms;
        ev.mono_ms = r->mono;
        ev.wall_ms = r->wall;
        ev.local = (struct kdate)T0_LOCAL;
        if (st->kind == EV_TAP)
            ev.widget = st->arg;
        else
            ev.text = st->arg;
        ev.field = st->field;
        if (st->kind == EV_LOOKUP_DONE) {
            make_match(&m, st->answer);
            ev.match = &m;
            ev.err = st->answer == ANS_STORE_ERROR ? KIOSK_ERR_IO : KIOSK_OK;
        }
        if (st->kind == EV_CHECKIN_DONE)
            ev.queue_no = 17;
        flow_step(&r->s, &ev, &r->fx);
        if (r->s.screen != st->expect_screen)
            KT_FAIL_AT("step %zu: screen %s, expected %s", i, flow_screen_id(r->s.screen),
                       flow_screen_id(st->expect_screen));
        bool found = st->expect_fx == 0;
        for (int k = 0; k < r->fx.count; k++)
            if (r->fx.fx[k].kind == st->expect_fx)
                found = true;
        if (!found)
            KT_FAIL_AT("step %zu: effect %d not emitted", i, (int)st->expect_fx);
        if (st->expect_fx == 0 && r->fx.count > 0)
            KT_FAIL_AT("step %zu: unexpected effect %d", i, (int)r->fx.fx[0].kind);
    }
    return KTEST_PASS;
}

#define PLAY(steps, run) play(steps, sizeof(steps) / sizeof(steps[0]), run)
#define TAP(w, scr)                                                                                \
    {                                                                                              \
        EV_TAP, w, NULL, 1000, ANS_NONE, scr, 0                                                    \
    }
#define TAP_FX(w, scr, fx)                                                                         \
    {                                                                                              \
        EV_TAP, w, NULL, 1000, ANS_NONE, scr, fx                                                   \
    }
#define TEXT(f, t, scr)                                                                            \
    {                                                                                              \
        EV_TEXT, t, f, 1000, ANS_NONE, scr, 0                                                      \
    }
#define LOOKUP(a, scr)                                                                             \
    {                                                                                              \
        EV_LOOKUP_DONE, NULL, NULL, 5, a, scr, 0                                                   \
    }
#define TICK(ms, scr)                                                                              \
    {                                                                                              \
        EV_TICK, NULL, NULL, ms, ANS_NONE, scr, 0                                                  \
    }
#define TICK_FX(ms, scr, fx)                                                                       \
    {                                                                                              \
        EV_TICK, NULL, NULL, ms, ANS_NONE, scr, fx                                                 \
    }

#define IDENTIFY_BY_NAME                                                                           \
    TAP("action.checkin", SCR_SURNAME), TEXT("surname", "Silva", SCR_SURNAME),                     \
        TAP("next", SCR_DOB), TEXT("dob", "1984-03-02", SCR_DOB),                                  \
        TAP_FX("next", SCR_DOB, FX_LOOKUP_NAME_DOB)

static enum ktest_result happy_path(void)
{
    static const struct step steps[] = {
        IDENTIFY_BY_NAME,
        LOOKUP(ANS_FOUND, SCR_APPOINTMENTS),
        TAP_FX("confirm", SCR_APPOINTMENTS, FX_RECORD_CHECKIN),
        {EV_CHECKIN_DONE, NULL, NULL, 5, ANS_NONE, SCR_DONE, FX_PRINT_TICKET},
        {EV_PRINT_DONE, NULL, NULL, 5, ANS_NONE, SCR_DONE, 0},
        TICK(19000, SCR_DONE),
        TICK_FX(1000, SCR_WELCOME, FX_SESSION_CLEARED),
    };
    struct run r;
    enum ktest_result res = PLAY(steps, &r);
    KT_ASSERT(res == KTEST_PASS);
    /* Everything about the patient is gone. */
    KT_EQ_INT(r.s.match.matches, 0);
    KT_EQ_STR(r.s.surname, "");
    KT_EQ_INT(r.s.queue_no, 0);
    return KTEST_PASS;
}

static enum ktest_result confirm_records_the_open_appointment(void)
{
    static const struct step steps[] = {
        IDENTIFY_BY_NAME,
        LOOKUP(ANS_FOUND, SCR_APPOINTMENTS),
        TAP("appt.0", SCR_APPOINTMENTS), /* too late: not selectable */
        TAP_FX("confirm", SCR_APPOINTMENTS, FX_RECORD_CHECKIN),
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_INT(r.fx.fx[0].id, 42);
    KT_EQ_INT(r.s.elig[0], ELIG_LATE);
    KT_EQ_INT(r.s.elig[1], ELIG_OPEN);
    return KTEST_PASS;
}

static enum ktest_result lookup_carries_surname_and_dob(void)
{
    static const struct step steps[] = {IDENTIFY_BY_NAME};
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_STR(r.fx.fx[0].text, "Silva");
    KT_EQ_STR(r.fx.fx[0].text2, "1984-03-02");
    KT_ASSERT(r.s.busy);
    return KTEST_PASS;
}

static enum ktest_result double_tap_confirm_records_once(void)
{
    static const struct step steps[] = {
        IDENTIFY_BY_NAME, LOOKUP(ANS_FOUND, SCR_APPOINTMENTS),
        TAP_FX("confirm", SCR_APPOINTMENTS, FX_RECORD_CHECKIN),
        TAP("confirm", SCR_APPOINTMENTS), /* ignored while the first is running */
    };
    struct run r;
    return PLAY(steps, &r);
}

static enum ktest_result wrong_dob_three_times(void)
{
    static const struct step steps[] = {
        IDENTIFY_BY_NAME,
        LOOKUP(ANS_NOBODY, SCR_NOT_FOUND),
        TAP("retry", SCR_SURNAME),
        TEXT("surname", "Silva", SCR_SURNAME),
        TAP("next", SCR_DOB),
        TEXT("dob", "1984-02-03", SCR_DOB),
        TAP_FX("next", SCR_DOB, FX_LOOKUP_NAME_DOB),
        LOOKUP(ANS_NOBODY, SCR_NOT_FOUND),
        TAP("retry", SCR_SURNAME),
        TEXT("surname", "Silva", SCR_SURNAME),
        TAP("next", SCR_DOB),
        TEXT("dob", "1948-03-02", SCR_DOB),
        TAP_FX("next", SCR_DOB, FX_LOOKUP_NAME_DOB),
        LOOKUP(ANS_NOBODY, SCR_SEE_DESK),
        TAP_FX("finish", SCR_WELCOME, FX_SESSION_CLEARED),
    };
    struct run r;
    return PLAY(steps, &r);
}

static enum ktest_result no_appointment_today(void)
{
    static const struct step steps[] = {
        IDENTIFY_BY_NAME,
        LOOKUP(ANS_FOUND_NO_APPTS, SCR_NO_APPOINTMENT),
    };
    struct run r;
    return PLAY(steps, &r);
}

static enum ktest_result two_people_same_name_and_birthday(void)
{
    static const struct step steps[] = {IDENTIFY_BY_NAME, LOOKUP(ANS_TWO, SCR_SEE_DESK)};
    struct run r;
    return PLAY(steps, &r);
}

static enum ktest_result store_failure_says_unavailable(void)
{
    static const struct step steps[] = {IDENTIFY_BY_NAME, LOOKUP(ANS_STORE_ERROR, SCR_UNAVAILABLE)};
    struct run r;
    return PLAY(steps, &r);
}

static enum ktest_result timeout_warns_then_clears(void)
{
    static const struct step steps[] = {
        TAP("action.checkin", SCR_SURNAME),
        TEXT("surname", "Silva", SCR_SURNAME),
        TICK(44000, SCR_SURNAME),
        TICK(1000, SCR_SURNAME), /* 45 s: warning */
        TICK_FX(15000, SCR_WELCOME, FX_SESSION_CLEARED),
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_STR(r.s.surname, "");
    KT_ASSERT(!r.s.warning);
    return KTEST_PASS;
}

static enum ktest_result warning_shows_and_more_time_keeps_data(void)
{
    static const struct step steps[] = {
        TAP("action.checkin", SCR_SURNAME),
        TEXT("surname", "Silva", SCR_SURNAME),
        TICK(45000, SCR_SURNAME),
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_ASSERT(r.s.warning);
    KT_EQ_INT(flow_seconds_to_clear(&r.s, r.mono), 15);
    struct flow_event ev = {.kind = EV_TAP, .widget = "timeout.more", .mono_ms = r.mono + 2000};
    flow_step(&r.s, &ev, &r.fx);
    KT_ASSERT(!r.s.warning);
    KT_EQ_STR(r.s.surname, "Silva");
    /* The clock starts again from the tap. */
    KT_EQ_INT(flow_next_deadline(&r.s, r.mono + 2000), r.mono + 2000 + 45000);
    return KTEST_PASS;
}

static enum ktest_result keypad_activity_keeps_the_session(void)
{
    static const struct step steps[] = {
        TAP("action.checkin", SCR_SURNAME),
        TICK(44000, SCR_SURNAME),
        {EV_ACTIVITY, NULL, NULL, 0, ANS_NONE, SCR_SURNAME, 0},
        TICK(44000, SCR_SURNAME), /* 88 s after the tap, 44 s after the key */
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_ASSERT(!r.s.warning);
    struct flow_event ev = {.kind = EV_TICK, .mono_ms = r.mono + 1000};
    flow_step(&r.s, &ev, &r.fx);
    KT_ASSERT(r.s.warning);
    ev.kind = EV_ACTIVITY; /* a key press answers the warning too */
    KT_ASSERT(flow_step(&r.s, &ev, &r.fx));
    KT_ASSERT(!r.s.warning);
    return KTEST_PASS;
}

static enum ktest_result warning_countdown_wakes_each_second(void)
{
    static const struct step steps[] = {TAP("action.checkin", SCR_SURNAME),
                                        TICK(45000, SCR_SURNAME)};
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_INT(flow_next_deadline(&r.s, r.mono), r.mono + 1000);
    KT_EQ_INT(flow_next_deadline(&r.s, r.mono + 500), r.mono + 1000);
    return KTEST_PASS;
}

static enum ktest_result welcome_has_no_timer(void)
{
    struct flow_state s;
    flow_init(&s, &cfg, 0);
    KT_EQ_INT(flow_next_deadline(&s, 0), -1);
    return KTEST_PASS;
}

static enum ktest_result language_resets_after_session(void)
{
    static const struct step steps[] = {
        TAP("lang.pt-BR", SCR_WELCOME),
        TAP("action.checkin", SCR_SURNAME),
        TAP_FX("cancel", SCR_WELCOME, FX_SESSION_CLEARED),
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_STR(r.s.lang, "en");
    return KTEST_PASS;
}

/* The record's preferred language, when the kiosk offers it and the patient
 * did not pick one: switched after identification, one tap back. */
static enum ktest_result preferred_language_after_identification(void)
{
    static const struct step switched[] = {
        IDENTIFY_BY_NAME,
        LOOKUP(ANS_FOUND_PREFERS_PT, SCR_APPOINTMENTS),
    };
    struct run r;
    KT_ASSERT(PLAY(switched, &r) == KTEST_PASS);
    KT_EQ_STR(r.s.lang, "pt-BR");
    KT_EQ_STR(r.s.lang_before, "en");

    static const struct step back[] = {
        IDENTIFY_BY_NAME, LOOKUP(ANS_FOUND_PREFERS_PT, SCR_APPOINTMENTS),
        TAP("lang.back", SCR_APPOINTMENTS),
        TAP("lang.back", SCR_APPOINTMENTS), /* twice: nothing more to undo */
    };
    KT_ASSERT(PLAY(back, &r) == KTEST_PASS);
    KT_EQ_STR(r.s.lang, "en");
    KT_EQ_STR(r.s.lang_before, "");

    static const struct step chosen[] = {
        TAP("lang.es", SCR_WELCOME),
        IDENTIFY_BY_NAME,
        LOOKUP(ANS_FOUND_PREFERS_PT, SCR_APPOINTMENTS),
    };
    KT_ASSERT(PLAY(chosen, &r) == KTEST_PASS);
    KT_EQ_STR(r.s.lang, "es"); /* their own choice stands */
    KT_EQ_STR(r.s.lang_before, "");

    static const struct step not_offered[] = {
        IDENTIFY_BY_NAME,
        LOOKUP(ANS_FOUND_PREFERS_HI, SCR_APPOINTMENTS),
    };
    KT_ASSERT(PLAY(not_offered, &r) == KTEST_PASS);
    KT_EQ_STR(r.s.lang, "en");

    static const struct step cleared[] = {
        IDENTIFY_BY_NAME,
        LOOKUP(ANS_FOUND_PREFERS_PT, SCR_APPOINTMENTS),
        TAP_FX("cancel", SCR_WELCOME, FX_SESSION_CLEARED),
    };
    KT_ASSERT(PLAY(cleared, &r) == KTEST_PASS);
    KT_EQ_STR(r.s.lang, "en"); /* the next person starts in the kiosk's language */
    KT_EQ_STR(r.s.lang_before, "");
    return KTEST_PASS;
}

static enum ktest_result display_choices_reset_after_session(void)
{
    static const struct step steps[] = {
        TAP("a11y.large", SCR_WELCOME),
        TAP("a11y.contrast", SCR_WELCOME),
        TAP("action.checkin", SCR_SURNAME),
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_ASSERT(r.s.large_text && r.s.high_contrast);
    struct flow_event ev = {.kind = EV_TAP, .widget = "cancel", .mono_ms = r.mono + 1000};
    flow_step(&r.s, &ev, &r.fx);
    KT_ASSERT(!r.s.large_text && !r.s.high_contrast);
    return KTEST_PASS;
}

static enum ktest_result keyboard_builds_capitalised_name(void)
{
    static const char *keys[] = {"key.D", "key.A", "key.space",  "key.S", "key.I", "key.L",
                                 "key.V", "key.A", "key.hyphen", "key.R", "key.O", "key.backspace"};
    struct flow_state s;
    struct flow_fx_list fx;
    flow_init(&s, &cfg, 0);
    struct flow_event ev = {.kind = EV_TAP, .widget = "action.checkin"};
    flow_step(&s, &ev, &fx);
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        ev.widget = keys[i];
        flow_step(&s, &ev, &fx);
    }
    KT_EQ_STR(s.surname, "Da Silva-R");
    return KTEST_PASS;
}

static enum ktest_result empty_surname_asks_for_it(void)
{
    static const struct step steps[] = {TAP("action.checkin", SCR_SURNAME),
                                        TAP("next", SCR_SURNAME)};
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_INT(r.s.notice, NOTICE_NEED_SURNAME);
    return KTEST_PASS;
}

static enum ktest_result dob_keypad_moves_between_parts(void)
{
    static const char *keys[] = {"key.0", "key.2", "key.0", "key.3",
                                 "key.1", "key.9", "key.8", "key.4"};
    struct flow_state s;
    struct flow_fx_list fx;
    flow_init(&s, &cfg, 0);
    s.screen = SCR_DOB;
    struct flow_event ev = {.kind = EV_TAP, .wall_ms = T0_WALL, .local = T0_LOCAL};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        ev.widget = keys[i];
        flow_step(&s, &ev, &fx);
    }
    KT_EQ_STR(s.dob_day, "02");
    KT_EQ_STR(s.dob_month, "03");
    KT_EQ_STR(s.dob_year, "1984");
    ev.widget = "key.backspace";
    flow_step(&s, &ev, &fx);
    KT_EQ_STR(s.dob_year, "198");
    ev.widget = "key.7";
    flow_step(&s, &ev, &fx);
    ev.widget = "next";
    flow_step(&s, &ev, &fx);
    KT_EQ_INT(fx.count, 1);
    KT_EQ_STR(fx.fx[0].text2, "1987-03-02");
    return KTEST_PASS;
}

static enum ktest_result impossible_dates_are_refused(void)
{
    static const char *bad[] = {"1984-02-30", "2027-01-01", "1899-12-31", ""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct flow_state s;
        struct flow_fx_list fx;
        flow_init(&s, &cfg, 0);
        s.screen = SCR_DOB;
        /* Type the parts by hand, as the keypad would. */
        if (bad[i][0]) {
            memcpy(s.dob_year, bad[i], 4);
            memcpy(s.dob_month, bad[i] + 5, 2);
            memcpy(s.dob_day, bad[i] + 8, 2);
        }
        struct flow_event ev = {
            .kind = EV_TAP, .widget = "next", .wall_ms = T0_WALL, .local = T0_LOCAL};
        flow_step(&s, &ev, &fx);
        if (fx.count != 0 || s.notice != NOTICE_CHECK_DATE)
            KT_FAIL_AT("date '%s' was accepted", bad[i]);
    }
    return KTEST_PASS;
}

static enum ktest_result card_then_dob_shows_appointments(void)
{
    static const struct step steps[] = {
        {EV_CARD, "6001000000000017", NULL, 1000, ANS_NONE, SCR_WELCOME, FX_LOOKUP_CARD},
        LOOKUP(ANS_FOUND, SCR_DOB), /* nothing shown before the second identifier */
        TEXT("dob", "1984-03-02", SCR_DOB),
        TAP("next", SCR_APPOINTMENTS),
    };
    struct run r;
    return PLAY(steps, &r);
}

static enum ktest_result card_with_wrong_dob_counts_an_attempt(void)
{
    static const struct step steps[] = {
        {EV_CARD, "6001000000000017", NULL, 1000, ANS_NONE, SCR_WELCOME, FX_LOOKUP_CARD},
        LOOKUP(ANS_FOUND, SCR_DOB),
        TEXT("dob", "1984-03-03", SCR_DOB),
        TAP("next", SCR_NOT_FOUND),
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_INT(r.s.attempts, 1);
    KT_EQ_INT(r.s.match.matches, 0);
    return KTEST_PASS;
}

static enum ktest_result scan_of_unknown_code_offers_name_route(void)
{
    static const struct step steps[] = {
        {EV_SCAN, "APPT-0000", NULL, 1000, ANS_NONE, SCR_WELCOME, FX_LOOKUP_CODE},
        LOOKUP(ANS_NOBODY, SCR_SURNAME),
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_INT(r.s.notice, NOTICE_CARD_UNKNOWN);
    return KTEST_PASS;
}

static enum ktest_result bad_swipe_asks_to_swipe_again(void)
{
    static const struct step steps[] = {
        {EV_BAD_SWIPE, NULL, NULL, 1000, ANS_NONE, SCR_WELCOME, 0},
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_INT(r.s.notice, NOTICE_SWIPE_AGAIN);
    return KTEST_PASS;
}

static enum ktest_result failed_print_is_reported(void)
{
    static const struct step steps[] = {
        IDENTIFY_BY_NAME,
        LOOKUP(ANS_FOUND, SCR_APPOINTMENTS),
        TAP_FX("confirm", SCR_APPOINTMENTS, FX_RECORD_CHECKIN),
        {EV_CHECKIN_DONE, NULL, NULL, 5, ANS_NONE, SCR_DONE, FX_PRINT_TICKET},
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    struct flow_event ev = {.kind = EV_PRINT_DONE, .err = KIOSK_ERR_PAPER_OUT};
    flow_step(&r.s, &ev, &r.fx);
    KT_ASSERT(r.s.print_failed);
    KT_EQ_INT(r.s.queue_no, 17);
    return KTEST_PASS;
}

static enum ktest_result help_from_any_screen_and_back(void)
{
    static const struct step steps[] = {
        TAP("action.checkin", SCR_SURNAME),
        TEXT("surname", "Silva", SCR_SURNAME),
        TAP("help", SCR_HELP),
        TAP("back", SCR_SURNAME), /* changed their mind: nothing sent */
        TAP("help", SCR_HELP),
        TAP_FX("help.yes", SCR_HELP, FX_REQUEST_HELP),
        {EV_HELP_DONE, NULL, NULL, 5, ANS_NONE, SCR_HELP_SENT, 0},
        TAP("back", SCR_SURNAME),
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_STR(r.s.surname, "Silva"); /* what they typed is still there */
    KT_ASSERT(!r.s.help.failed);
    return KTEST_PASS;
}

/* Why, if the patient says; "on the way" stays (no warning, no clearing)
 * until staff can be expected, then says what to do, and only then do the
 * session's timers run. */
static enum ktest_result help_reason_and_waiting(void)
{
    static const struct step steps[] = {
        TAP("help", SCR_HELP),
        TAP("help.reason.forms", SCR_HELP),
        TAP("help.reason.forms", SCR_HELP), /* again: not that after all */
        TAP("help.reason.wheelchair", SCR_HELP),
        TAP_FX("help.yes", SCR_HELP, FX_REQUEST_HELP),
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_STR(r.fx.fx[0].text2, "wheelchair");
    struct flow_event ev = {.kind = EV_HELP_DONE, .mono_ms = r.mono};
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_HELP_SENT);
    KT_EQ_INT(flow_next_deadline(&r.s, r.mono), r.mono + 5 * MIN);
    /* Four minutes without a touch: still on the way, no warning. */
    struct flow_event tick = {.kind = EV_TICK, .mono_ms = r.mono + 4 * MIN};
    flow_step(&r.s, &tick, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_HELP_SENT);
    KT_ASSERT(!r.s.warning && !r.s.help.overdue);
    /* Five: staff should have come; the screen says to go to the desk. */
    tick.mono_ms = r.mono + 5 * MIN;
    KT_ASSERT(flow_step(&r.s, &tick, &r.fx));
    KT_ASSERT(r.s.help.overdue);
    KT_EQ_INT(r.s.screen, SCR_HELP_SENT);
    /* From then on the session rules: the warning, then the end. */
    tick.mono_ms = r.mono + 5 * MIN + cfg.warn_ms;
    flow_step(&r.s, &tick, &r.fx);
    KT_ASSERT(r.s.warning);
    tick.mono_ms = r.mono + 5 * MIN + cfg.clear_ms;
    flow_step(&r.s, &tick, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_WELCOME);
    KT_EQ_INT(r.s.help.reason, 0);
    return KTEST_PASS;
}

static enum ktest_result help_request_names_the_screen_not_the_patient(void)
{
    static const struct step steps[] = {
        TAP("action.checkin", SCR_SURNAME),
        TEXT("surname", "Silva", SCR_SURNAME),
        TAP("help", SCR_HELP),
        TAP_FX("help.yes", SCR_HELP, FX_REQUEST_HELP),
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_STR(r.fx.fx[0].text, "checkin.surname");
    KT_ASSERT(strstr(r.fx.fx[0].text, "Silva") == NULL && r.fx.fx[0].text2[0] == '\0');
    struct flow_event ev = {.kind = EV_HELP_DONE, .err = KIOSK_ERR_FULL};
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_HELP_SENT);
    KT_ASSERT(r.s.help.failed); /* the screen then sends them to the desk */
    return KTEST_PASS;
}

static enum ktest_result guides_page_print_and_search(void)
{
    static const struct step steps[] = {
        TAP("action.guides", SCR_GUIDES),
        TAP("guide.3", SCR_GUIDE),
        TAP("page.next", SCR_GUIDE),
        TAP("page.next", SCR_GUIDE),
        TAP("page.prev", SCR_GUIDE),
        TAP_FX("guide.print", SCR_GUIDE, FX_PRINT_GUIDE),
        {EV_GUIDE_PRINTED, NULL, NULL, 5, ANS_NONE, SCR_GUIDE, 0},
        TAP("back", SCR_GUIDES),
        TAP("glossary", SCR_GLOSSARY),
        TAP("key.C", SCR_GLOSSARY),
        TAP("key.O", SCR_GLOSSARY),
        TAP("back", SCR_GUIDES),
        TAP("back", SCR_WELCOME),
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_INT(r.s.guides.guide, 3);
    KT_EQ_STR(r.s.guides.query, "Co");
    KT_EQ_STR(r.s.surname, ""); /* the search box is not the surname */
    return KTEST_PASS;
}

static enum ktest_result guide_print_reports_failure(void)
{
    static const struct step steps[] = {
        TAP("action.guides", SCR_GUIDES),
        TAP("guide.0", SCR_GUIDE),
        TAP_FX("guide.print", SCR_GUIDE, FX_PRINT_GUIDE),
    };
    struct run r;
    KT_ASSERT(PLAY(steps, &r) == KTEST_PASS);
    KT_EQ_INT(r.fx.fx[0].id, 0);
    struct flow_event ev = {.kind = EV_GUIDE_PRINTED, .err = KIOSK_ERR_PAPER_OUT};
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.notice, NOTICE_PRINT_FAILED);
    KT_ASSERT(!r.s.busy);
    return KTEST_PASS;
}

static enum ktest_result eligibility_window(void)
{
    struct appointment_info a = {.start_ms = T0_WALL, .status = APPT_BOOKED};
    KT_EQ_INT(flow_appt_eligibility(&cfg, &a, T0_WALL - 31 * MIN), ELIG_EARLY);
    KT_EQ_INT(flow_appt_eligibility(&cfg, &a, T0_WALL - 30 * MIN), ELIG_OPEN);
    KT_EQ_INT(flow_appt_eligibility(&cfg, &a, T0_WALL + 15 * MIN), ELIG_OPEN);
    KT_EQ_INT(flow_appt_eligibility(&cfg, &a, T0_WALL + 16 * MIN), ELIG_LATE);
    a.status = APPT_CANCELLED;
    KT_EQ_INT(flow_appt_eligibility(&cfg, &a, T0_WALL), ELIG_CLOSED);
    a.status = APPT_ARRIVED;
    KT_EQ_INT(flow_appt_eligibility(&cfg, &a, T0_WALL), ELIG_ARRIVED);
    return KTEST_PASS;
}

static enum ktest_result screen_ids_are_stable(void)
{
    KT_EQ_STR(flow_screen_id(SCR_WELCOME), "welcome");
    KT_EQ_STR(flow_screen_id(SCR_APPOINTMENTS), "checkin.appointments");
    for (int i = 0; i < SCR_COUNT; i++)
        KT_ASSERT(flow_screen_id((enum flow_screen)i) != NULL);
    KT_EQ_STR(flow_screen_id(SCR_COUNT), "unknown");
    return KTEST_PASS;
}

/* "Today" for a date of birth is the local date the event carries, not
 * whatever zone the process runs in: at 10:00 UTC it is already the 11th
 * at UTC+14, and still the 9th at UTC-11. */
static enum ktest_result dob_today_is_the_events_local_date(void)
{
    static const struct {
        struct kdate local;
        const char *dob;
        bool accepted;
    } cases[] = {
        {{.year = 2026, .month = 3, .day = 11}, "2026-03-11", true},
        {{.year = 2026, .month = 3, .day = 9}, "2026-03-10", false},
        {{.year = 2026, .month = 3, .day = 9}, "2026-03-09", true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct flow_state s;
        struct flow_fx_list fx;
        flow_init(&s, &cfg, 0);
        s.screen = SCR_DOB;
        memcpy(s.dob_year, cases[i].dob, 4);
        memcpy(s.dob_month, cases[i].dob + 5, 2);
        memcpy(s.dob_day, cases[i].dob + 8, 2);
        struct flow_event ev = {
            .kind = EV_TAP, .widget = "next", .wall_ms = T0_WALL, .local = cases[i].local};
        flow_step(&s, &ev, &fx);
        bool accepted = fx.count == 1 && fx.fx[0].kind == FX_LOOKUP_NAME_DOB;
        if (accepted != cases[i].accepted)
            KT_FAIL_AT("born %s, today %d-%02d-%02d: %s", cases[i].dob, cases[i].local.year,
                       cases[i].local.month, cases[i].local.day, accepted ? "accepted" : "refused");
    }
    return KTEST_PASS;
}

static enum ktest_result widget_index_takes_only_plain_numbers(void)
{
    KT_EQ_INT(flow_widget_index("appt.0", "appt.", 6), 0);
    KT_EQ_INT(flow_widget_index("appt.5", "appt.", 6), 5);
    KT_EQ_INT(flow_widget_index("guide.12", "guide.", 100), 12);
    static const char *bad[] = {"appt.6",  "appt.",   "appt.-1", "appt.+1",
                                "appt.03", "appt.1x", "appt. 1", "appt.99999999999999999999",
                                "appt",    "confirm", "bill.1",  NULL};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (flow_widget_index(bad[i], "appt.", 6) != -1)
            KT_FAIL_AT("'%s' was taken", bad[i] ? bad[i] : "(null)");
    return KTEST_PASS;
}

/* A guide is opened by its number and nothing else ("guide.3abc" was once
 * read as guide 3). */
static enum ktest_result guide_with_junk_after_its_number_is_ignored(void)
{
    static const struct step steps[] = {
        TAP("action.guides", SCR_GUIDES),
        TAP("guide.3abc", SCR_GUIDES),
        TAP("guide.99999999999999999999", SCR_GUIDES),
        TAP("guide.3", SCR_GUIDE),
    };
    struct run r;
    if (PLAY(steps, &r) != KTEST_PASS)
        return KTEST_FAIL;
    KT_EQ_INT(r.s.guides.guide, 3);
    return KTEST_PASS;
}

/* An effect list that is full never hands flow a NULL: the last slot is
 * reused and the overflow shows. */
static enum ktest_result full_effect_list_is_never_null(void)
{
    struct flow_fx_list fx = {0};
    for (int i = 0; i < FLOW_MAX_FX; i++)
        KT_ASSERT(flow_fx_add(&fx, FX_PRINT_TICKET) != NULL);
    KT_ASSERT(!fx.overflow);
    struct flow_fx *f = flow_fx_add(&fx, FX_PRINT_NOTE);
    KT_ASSERT(f != NULL);
    KT_EQ_INT(fx.count, FLOW_MAX_FX);
    KT_ASSERT(fx.overflow);
    KT_EQ_INT(fx.fx[FLOW_MAX_FX - 1].kind, FX_PRINT_NOTE);
    return KTEST_PASS;
}

/* Every screen has its row in flow's table, and every id is distinct. */
static enum ktest_result every_screen_has_a_row(void)
{
    for (int i = 0; i < SCR_COUNT; i++) {
        const struct flow_screen_row *row = flow_screen_row((enum flow_screen)i);
        if ((int)row->id != i)
            KT_FAIL_AT("%s has no row in flow's screen table", flow_screen_id((enum flow_screen)i));
        if (row->back != FLOW_BACK_BY_TAP && (row->back < 0 || row->back >= SCR_COUNT))
            KT_FAIL_AT("%s: back leads nowhere", flow_screen_id((enum flow_screen)i));
        for (int j = 0; j < i; j++)
            if (strcmp(flow_screen_id((enum flow_screen)i), flow_screen_id((enum flow_screen)j)) ==
                0)
                KT_FAIL_AT("two screens are called %s", flow_screen_id((enum flow_screen)i));
    }
    return KTEST_PASS;
}

/* A driver's licence: family name and date of birth, two identifiers at once. */
static struct flow_event licence_event(const struct run *r, enum flow_event_kind kind,
                                       const char *family, const char *dob)
{
    struct flow_event ev = {.kind = kind, .mono_ms = r->mono, .wall_ms = r->wall};
    ev.local = (struct kdate)T0_LOCAL;
    ev.text = family;
    ev.dob = dob;
    return ev;
}

static enum ktest_result licence_identifies_at_once(void)
{
    struct run r = {.mono = 5000, .wall = T0_WALL};
    struct patient_match m;
    flow_init(&r.s, &cfg, r.mono);
    struct flow_event ev = licence_event(&r, EV_LICENCE, "SILVA", "1984-03-02");
    KT_ASSERT(flow_step(&r.s, &ev, &r.fx));
    KT_EQ_INT(r.fx.count, 1);
    KT_EQ_INT(r.fx.fx[0].kind, FX_LOOKUP_NAME_DOB);
    KT_EQ_STR(r.fx.fx[0].text, "SILVA");
    KT_EQ_STR(r.fx.fx[0].text2, "1984-03-02");
    KT_ASSERT(r.s.busy);
    KT_EQ_STR(r.s.surname, ""); /* the name is not kept in the session */
    make_match(&m, ANS_FOUND);
    ev = (struct flow_event){.kind = EV_LOOKUP_DONE, .mono_ms = r.mono + 5, .wall_ms = r.wall};
    ev.local = (struct kdate)T0_LOCAL;
    ev.match = &m;
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_APPOINTMENTS); /* no date of birth asked: it was on the card */
    return KTEST_PASS;
}

static enum ktest_result licence_of_nobody_offers_name_route(void)
{
    struct run r = {.mono = 5000, .wall = T0_WALL};
    struct patient_match m;
    flow_init(&r.s, &cfg, r.mono);
    struct flow_event ev = licence_event(&r, EV_LICENCE, "NOBODY", "1970-01-01");
    flow_step(&r.s, &ev, &r.fx);
    make_match(&m, ANS_NOBODY);
    ev = (struct flow_event){.kind = EV_LOOKUP_DONE, .mono_ms = r.mono + 5, .wall_ms = r.wall};
    ev.match = &m;
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_SURNAME);
    KT_EQ_INT(r.s.notice, NOTICE_CARD_UNKNOWN);
    KT_EQ_INT(r.s.attempts, 0);
    return KTEST_PASS;
}

static enum ktest_result unreadable_licence_asks_for_surname(void)
{
    struct run r = {.mono = 5000, .wall = T0_WALL};
    flow_init(&r.s, &cfg, r.mono);
    struct flow_event ev = licence_event(&r, EV_BAD_LICENCE, NULL, NULL);
    KT_ASSERT(flow_step(&r.s, &ev, &r.fx));
    KT_EQ_INT(r.fx.count, 0);
    KT_EQ_INT(r.s.screen, SCR_SURNAME);
    KT_EQ_INT(r.s.notice, NOTICE_LICENCE_UNREADABLE);
    KT_EQ_INT(r.s.method, ID_NAME_DOB);
    /* A date of birth after today is no date of birth: the same. */
    flow_init(&r.s, &cfg, r.mono);
    ev = licence_event(&r, EV_LICENCE, "SILVA", "2026-03-11");
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.fx.count, 0);
    KT_EQ_INT(r.s.notice, NOTICE_LICENCE_UNREADABLE);
    /* Typing starts afresh and the notice goes with the first key. */
    ev = (struct flow_event){.kind = EV_TAP, .widget = "key.S", .mono_ms = r.mono + 1000};
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.notice, NOTICE_NONE);
    KT_EQ_STR(r.s.surname, "S");
    return KTEST_PASS;
}

/* --- the copay due today (flow_copay.c) --- */

/* Checked in up to the answer of FX_RECORD_CHECKIN. */
static enum ktest_result to_checkin_recorded(struct run *r)
{
    static const struct step steps[] = {
        IDENTIFY_BY_NAME,
        LOOKUP(ANS_FOUND, SCR_APPOINTMENTS),
        TAP_FX("confirm", SCR_APPOINTMENTS, FX_RECORD_CHECKIN),
    };
    return PLAY(steps, r);
}

static void copay_bill(struct bill_set *b, int64_t owes)
{
    memset(b, 0, sizeof(*b));
    b->count = 1;
    b->bills[0].id = 77;
    strcpy(b->bills[0].ref, "inv-copay");
    strcpy(b->bills[0].currency, "USD");
    b->bills[0].owes_minor = owes;
    b->bills[0].total_minor = owes;
    b->bills[0].state = BILL_OPEN;
}

/* Send one event at r's clock + 1 s; returns the effect emitted (0 none). */
static enum flow_fx_kind send(struct run *r, struct flow_event ev)
{
    r->mono += 1000;
    r->wall += 1000;
    ev.mono_ms = r->mono;
    ev.wall_ms = r->wall;
    ev.local = (struct kdate)T0_LOCAL;
    flow_step(&r->s, &ev, &r->fx);
    return r->fx.count ? r->fx.fx[0].kind : 0;
}

static enum flow_fx_kind tap_w(struct run *r, const char *w)
{
    return send(r, (struct flow_event){.kind = EV_TAP, .widget = w});
}

static enum ktest_result copay_offered_then_at_the_desk(void)
{
    struct run r;
    struct bill_set copay;
    KT_ASSERT(to_checkin_recorded(&r) == KTEST_PASS);
    copay_bill(&copay, 2500);
    KT_EQ_INT(
        send(&r, (struct flow_event){.kind = EV_CHECKIN_DONE, .queue_no = 3, .bills = &copay}), 0);
    KT_EQ_INT(r.s.screen, SCR_COPAY); /* no ticket yet: the copay decides what it says */
    KT_EQ_INT(r.s.copay.state, COPAY_OFFERED);
    KT_EQ_INT(r.s.queue_no, 3);
    KT_EQ_INT(tap_w(&r, "copay.desk"), FX_PRINT_TICKET);
    KT_EQ_INT(r.s.screen, SCR_DONE);
    KT_EQ_INT(r.s.copay.state, COPAY_DESK);
    return KTEST_PASS;
}

static enum ktest_result copay_paid_through_the_payment_journey(void)
{
    struct run r;
    struct bill_set copay;
    KT_ASSERT(to_checkin_recorded(&r) == KTEST_PASS);
    copay_bill(&copay, 2500);
    send(&r, (struct flow_event){.kind = EV_CHECKIN_DONE, .queue_no = 3, .bills = &copay});
    KT_EQ_INT(tap_w(&r, "copay.pay"), 0);
    KT_EQ_INT(r.s.screen, SCR_PAY_CONFIRM); /* the payment journey, at its confirm step */
    KT_EQ_INT(r.s.pay.amount, 2500);
    tap_w(&r, "back");
    KT_EQ_INT(r.s.screen, SCR_COPAY); /* back goes to the offer, not to an amount */
    tap_w(&r, "copay.pay");
    KT_EQ_INT(tap_w(&r, "confirm"), FX_PAY); /* the terminal is asked at once */
    KT_EQ_INT(r.s.screen, SCR_PAY_CARD);
    KT_EQ_INT(r.fx.fx[0].id, 77);
    KT_EQ_INT(r.fx.fx[0].amount, 2500);
    KT_EQ_INT(
        send(&r,
             (struct flow_event){.kind = EV_PAY_DONE, .pay = FLOW_PAY_APPROVED, .text = "AUTH42"}),
        FX_PRINT_TICKET);
    KT_EQ_INT(r.s.screen, SCR_DONE);
    KT_EQ_INT(r.s.copay.state, COPAY_PAID);
    KT_EQ_INT(r.s.pay.paid_amount, 2500);
    KT_EQ_STR(r.s.pay.auth_code, "AUTH42");
    return KTEST_PASS;
}

static enum ktest_result copay_declined_or_unknown_goes_to_the_desk(void)
{
    static const enum flow_pay_result results[] = {FLOW_PAY_DECLINED, FLOW_PAY_UNAVAILABLE,
                                                   FLOW_PAY_UNCONFIRMED};
    static const enum flow_copay_state want[] = {COPAY_DESK, COPAY_DESK, COPAY_UNCONFIRMED};
    for (size_t i = 0; i < 3; i++) {
        struct run r;
        struct bill_set copay;
        KT_ASSERT(to_checkin_recorded(&r) == KTEST_PASS);
        copay_bill(&copay, 2500);
        send(&r, (struct flow_event){.kind = EV_CHECKIN_DONE, .queue_no = 3, .bills = &copay});
        tap_w(&r, "copay.pay");
        tap_w(&r, "confirm");
        send(&r, (struct flow_event){.kind = EV_PAY_CARD, .text = "Visa", .field = "1111"});
        KT_EQ_INT(send(&r, (struct flow_event){.kind = EV_PAY_DONE, .pay = results[i]}),
                  FX_PRINT_TICKET); /* the ticket always prints: the patient is checked in */
        KT_EQ_INT(r.s.screen, SCR_DONE);
        KT_EQ_INT(r.s.copay.state, want[i]);
    }
    return KTEST_PASS;
}

static enum ktest_result no_copay_or_nothing_owed_prints_at_once(void)
{
    struct run r;
    struct bill_set copay;
    KT_ASSERT(to_checkin_recorded(&r) == KTEST_PASS);
    copay_bill(&copay, 0);
    KT_EQ_INT(
        send(&r, (struct flow_event){.kind = EV_CHECKIN_DONE, .queue_no = 3, .bills = &copay}),
        FX_PRINT_TICKET);
    KT_EQ_INT(r.s.screen, SCR_DONE);
    KT_EQ_INT(r.s.copay.state, COPAY_NONE);
    KT_ASSERT(to_checkin_recorded(&r) == KTEST_PASS);
    KT_EQ_INT(send(&r, (struct flow_event){.kind = EV_CHECKIN_DONE, .queue_no = 3}),
              FX_PRINT_TICKET);
    /* Cards off: the offer stands, but "pay now" does nothing. */
    KT_ASSERT(to_checkin_recorded(&r) == KTEST_PASS);
    copay_bill(&copay, 2500);
    send(&r, (struct flow_event){
                 .kind = EV_CHECKIN_DONE, .queue_no = 3, .bills = &copay, .cards_off = true});
    KT_EQ_INT(r.s.screen, SCR_COPAY);
    tap_w(&r, "copay.pay");
    KT_EQ_INT(r.s.screen, SCR_COPAY);
    KT_EQ_INT(tap_w(&r, "copay.desk"), FX_PRINT_TICKET);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"copay_offered_then_at_the_desk", copay_offered_then_at_the_desk},
    {"copay_paid_through_the_payment_journey", copay_paid_through_the_payment_journey},
    {"copay_declined_or_unknown_goes_to_the_desk", copay_declined_or_unknown_goes_to_the_desk},
    {"no_copay_or_nothing_owed_prints_at_once", no_copay_or_nothing_owed_prints_at_once},
    {"licence_identifies_at_once", licence_identifies_at_once},
    {"licence_of_nobody_offers_name_route", licence_of_nobody_offers_name_route},
    {"unreadable_licence_asks_for_surname", unreadable_licence_asks_for_surname},
    {"happy_path", happy_path},
    {"confirm_records_the_open_appointment", confirm_records_the_open_appointment},
    {"lookup_carries_surname_and_dob", lookup_carries_surname_and_dob},
    {"double_tap_confirm_records_once", double_tap_confirm_records_once},
    {"wrong_dob_three_times", wrong_dob_three_times},
    {"no_appointment_today", no_appointment_today},
    {"two_people_same_name_and_birthday", two_people_same_name_and_birthday},
    {"store_failure_says_unavailable", store_failure_says_unavailable},
    {"timeout_warns_then_clears", timeout_warns_then_clears},
    {"warning_shows_and_more_time_keeps_data", warning_shows_and_more_time_keeps_data},
    {"keypad_activity_keeps_the_session", keypad_activity_keeps_the_session},
    {"warning_countdown_wakes_each_second", warning_countdown_wakes_each_second},
    {"welcome_has_no_timer", welcome_has_no_timer},
    {"language_resets_after_session", language_resets_after_session},
    {"preferred_language_after_identification", preferred_language_after_identification},
    {"display_choices_reset_after_session", display_choices_reset_after_session},
    {"keyboard_builds_capitalised_name", keyboard_builds_capitalised_name},
    {"empty_surname_asks_for_it", empty_surname_asks_for_it},
    {"dob_keypad_moves_between_parts", dob_keypad_moves_between_parts},
    {"impossible_dates_are_refused", impossible_dates_are_refused},
    {"card_then_dob_shows_appointments", card_then_dob_shows_appointments},
    {"card_with_wrong_dob_counts_an_attempt", card_with_wrong_dob_counts_an_attempt},
    {"scan_of_unknown_code_offers_name_route", scan_of_unknown_code_offers_name_route},
    {"bad_swipe_asks_to_swipe_again", bad_swipe_asks_to_swipe_again},
    {"failed_print_is_reported", failed_print_is_reported},
    {"help_from_any_screen_and_back", help_from_any_screen_and_back},
    {"help_reason_and_waiting", help_reason_and_waiting},
    {"help_request_names_the_screen_not_the_patient",
     help_request_names_the_screen_not_the_patient},
    {"guides_page_print_and_search", guides_page_print_and_search},
    {"guide_print_reports_failure", guide_print_reports_failure},
    {"eligibility_window", eligibility_window},
    {"screen_ids_are_stable", screen_ids_are_stable},
    {"dob_today_is_the_events_local_date", dob_today_is_the_events_local_date},
    {"widget_index_takes_only_plain_numbers", widget_index_takes_only_plain_numbers},
    {"guide_with_junk_after_its_number_is_ignored", guide_with_junk_after_its_number_is_ignored},
    {"full_effect_list_is_never_null", full_effect_list_is_never_null},
    {"every_screen_has_a_row", every_screen_has_a_row},
};

KTEST_MAIN(tests)
