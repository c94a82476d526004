/* Check-in: today's appointments, which can be checked in now, the
 * check-in itself and the queue ticket. */
#include "firmware/flow/flow_private.h"

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

void flow_checkin_show(struct flow_state *s, int64_t now, int64_t wall)
{
    int only = -1;
    if (s->match.appt_count == 0) {
        flow_go(s, SCR_NO_APPOINTMENT, now);
        return;
    }
    for (int i = 0; i < s->match.appt_count; i++)
        s->elig[i] = flow_appt_eligibility(&s->cfg, &s->match.appts[i], wall);
    s->selected = eligible_count(s, &only) == 1 ? only : -1;
    flow_go(s, SCR_APPOINTMENTS, now);
}

void flow_appointments_tap(struct flow_state *s, const struct flow_event *ev,
                           struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    int i = flow_widget_index(w, "appt.", s->match.appt_count);
    if (i >= 0) {
        if (s->elig[i] == ELIG_OPEN)
            s->selected = i;
    } else if (flow_is(w, "confirm") && s->selected >= 0) {
        struct flow_fx *f = flow_fx_add(fx, FX_RECORD_CHECKIN);
        f->id = s->match.appts[s->selected].id;
        s->busy = true;
    }
}

void flow_checkin_done(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    s->busy = false;
    if (ev->err != KIOSK_OK) {
        flow_go(s, SCR_UNAVAILABLE, ev->mono_ms);
        return;
    }
    s->queue_no = ev->queue_no;
    s->match.appts[s->selected].queue_no = ev->queue_no;
    s->match.appts[s->selected].status = APPT_ARRIVED;
    s->elig[s->selected] = ELIG_ARRIVED;
    if (flow_copay_offer(s, ev))
        return; /* the copay first (flow_copay.c), then the details, then the ticket */
    flow_checkin_next(s, ev->mono_ms, fx);
}

/* After the copay (or none): "Are these still right?" (flow_details.c),
 * which ends with flow_checkin_finish. */
void flow_checkin_next(struct flow_state *s, int64_t now, struct flow_fx_list *fx)
{
    flow_details_start(s, now, fx);
}

void flow_checkin_finish(struct flow_state *s, int64_t now, struct flow_fx_list *fx)
{
    flow_go(s, SCR_DONE, now);
    flow_fx_add(fx, FX_PRINT_TICKET);
    flow_forms_load(s, fx); /* the done screen offers them when there are any */
    s->busy = true;         /* the done screen's timer starts when printing ends */
}

void flow_checkin_printed(struct flow_state *s, const struct flow_event *ev)
{
    s->busy = false;
    s->print_failed = ev->err != KIOSK_OK;
    s->screen_since_ms = ev->mono_ms;
}
