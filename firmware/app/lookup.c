/* Finding the patient: in the cache first; for someone the cache does not
 * hold (no appointment today, come to pay a bill) the billing server is
 * asked on the sync thread, and the cache is asked again once it answers.
 * The screen says "Looking ..." meanwhile and never waits longer than
 * LOOKUP_WAIT_MS; the question (a surname and a birth date) is wiped as
 * soon as it is answered or given up. */
#include "firmware/app/app_private.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/sync/sync.h"

#include <string.h>

#define MOD            "app"
#define LOOKUP_WAIT_MS 15000

/* The cache's answer to fx into *match; *statement when a code was a paper
 * statement's. */
static enum kiosk_err ask_cache(struct app *a, const struct flow_fx *fx,
                                struct patient_match *match, bool *statement)
{
    int64_t d0, d1;
    enum kiosk_err err;
    *statement = false;
    app_day_range(a, &d0, &d1);
    switch (fx->kind) {
    case FX_LOOKUP_NAME_DOB:
        err = store_find_by_name_dob(a->store, fx->text, fx->text2, d0, d1, match);
        break;
    case FX_LOOKUP_CARD:
        err = store_find_by_identifier(a->store, IDENT_CARD, fx->text, d0, d1, match);
        break;
    default:
        err = store_find_by_appointment_code(a->store, fx->text, match);
        /* Not an appointment letter: perhaps the QR on a paper statement. */
        if (err == KIOSK_OK && match->matches == 0) {
            err = store_find_by_statement(a->store, fx->text, match);
            *statement = err == KIOSK_OK && match->matches > 0;
        }
        break;
    }
    /* Nothing today: when is the next one (the coming days are cached)? */
    if (err == KIOSK_OK && match->matches == 1 && match->appt_count == 0 &&
        store_next_appointment(a->store, match->patient.id, d1, &match->next) != KIOSK_OK)
        memset(&match->next, 0, sizeof(match->next));
    return err;
}

/* Ask the cache and tell the flow. */
static void answer(struct app *a, const struct flow_fx *fx, bool offline)
{
    static struct patient_match match; /* large: keep it off the stack */
    bool statement;
    enum kiosk_err err = ask_cache(a, fx, &match, &statement);
    if (err != KIOSK_OK)
        log_warn(MOD, "patient lookup failed: %E", err);
    app_texts_forget(a);
    struct flow_event ev = app_event_now(a, EV_LOOKUP_DONE);
    ev.match = &match;
    ev.err = err;
    ev.statement = statement;
    ev.offline = offline && err == KIOSK_OK && match.matches == 0;
    app_event(a, &ev);
    memset(&match, 0, sizeof(match)); /* the flow has its copy */
}

static void server_question(const struct flow_fx *fx, struct sync_find *q)
{
    memset(q, 0, sizeof(*q));
    q->by = fx->kind == FX_LOOKUP_NAME_DOB ? SYNC_FIND_NAME_DOB
            : fx->kind == FX_LOOKUP_CARD   ? SYNC_FIND_CARD
                                           : SYNC_FIND_STATEMENT;
    kstr_copy(q->text, sizeof(q->text), fx->text);
    if (fx->kind == FX_LOOKUP_NAME_DOB)
        kstr_copy(q->dob, sizeof(q->dob), fx->text2);
}

static void forget(struct app *a)
{
    kmem_wipe(&a->lookup.fx, sizeof(a->lookup.fx));
    a->lookup.waiting = false;
}

void app_lookup_run(struct app *a, const struct flow_fx *fx)
{
    static struct patient_match match;
    bool statement;
    enum kiosk_err err = ask_cache(a, fx, &match, &statement);
    bool found = err == KIOSK_OK && match.matches > 0;
    memset(&match, 0, sizeof(match));
    if (found || err != KIOSK_OK || !fx->online || !a->sync) {
        answer(a, fx, false);
        return;
    }
    struct sync_find q;
    server_question(fx, &q);
    a->lookup.fx = *fx;
    struct flow_event ev = app_event_now(a, EV_LOOKUP_ASKING);
    app_event(a, &ev);
    if (a->sync_threaded) {
        /* The sync thread asks and wakes the loop; app_lookup_tick picks
         * the answer up. */
        sync_set_wake(a->sync, app_wake, a);
        if (sync_find_ask(a->sync, &q)) {
            a->lookup.waiting = true;
            a->lookup.deadline_ms = kclock_mono(a->clock) + LOOKUP_WAIT_MS;
        } else {
            answer(a, &a->lookup.fx, true);
            forget(a);
        }
    } else {
        /* Scripted journeys and tools: no sync thread, ask here. */
        int n = 0;
        err = sync_find(a->sync, a->store, &q, &n);
        answer(a, &a->lookup.fx, err != KIOSK_OK);
        forget(a);
    }
    kmem_wipe(&q, sizeof(q));
}

void app_lookup_tick(struct app *a)
{
    if (!a->lookup.waiting)
        return;
    enum kiosk_err err;
    int n = 0;
    if (sync_find_answered(a->sync, &err, &n)) {
        answer(a, &a->lookup.fx, err != KIOSK_OK);
        forget(a);
    } else if (kclock_mono(a->clock) >= a->lookup.deadline_ms) {
        log_warn(MOD, "the patient search on the server took too long; given up");
        sync_find_drop(a->sync);
        answer(a, &a->lookup.fx, true);
        forget(a);
    }
}

bool app_lookup_busy(const struct app *a)
{
    return a->lookup.waiting;
}

int64_t app_lookup_deadline(const struct app *a)
{
    return a->lookup.waiting ? a->lookup.deadline_ms : -1;
}

void app_lookup_drop(struct app *a)
{
    if (a->lookup.waiting)
        sync_find_drop(a->sync);
    forget(a);
}
