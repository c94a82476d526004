/* Asking staff to come: a question first, so a stray tap calls nobody. */
#include "firmware/flow/flow_private.h"
#include "firmware/core/str.h"

void flow_help_open(struct flow_state *s, int64_t now)
{
    s->help.back = s->screen;
    flow_go(s, SCR_HELP, now);
}

void flow_help_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    if (s->screen == SCR_HELP && flow_is(w, "help.yes")) {
        struct flow_fx *f = flow_fx_add(fx, FX_REQUEST_HELP);
        kstr_copy(f->text, sizeof(f->text), flow_screen_id(s->help.back));
        s->busy = true;
    } else if (flow_is(w, "back")) {
        flow_go(s, s->help.back, ev->mono_ms);
    }
}

void flow_help_done(struct flow_state *s, const struct flow_event *ev)
{
    s->busy = false;
    s->help.failed = ev->err != KIOSK_OK;
    flow_go(s, SCR_HELP_SENT, ev->mono_ms);
}
