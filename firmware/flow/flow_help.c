/* Asking staff to come: a question first, so a stray tap calls nobody; the
 * patient may say why (a wheelchair, an interpreter, ...). Once asked,
 * "someone is on the way" stays until staff can be expected, then says
 * what to do. */
#include "firmware/flow/flow_private.h"
#include "firmware/core/str.h"

static const char *const reasons[FLOW_HELP_REASONS] = {"wheelchair", "interpreter", "forms",
                                                       "billing", "other"};

const char *flow_help_reason_id(int i)
{
    return i >= 0 && i < FLOW_HELP_REASONS ? reasons[i] : NULL;
}

void flow_help_open(struct flow_state *s, int64_t now)
{
    memset(&s->help, 0, sizeof(s->help));
    s->help.back = s->screen;
    flow_go(s, SCR_HELP, now);
}

void flow_help_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    if (s->screen == SCR_HELP && flow_has_prefix(w, "help.reason.")) {
        for (int i = 0; i < FLOW_HELP_REASONS; i++)
            if (!strcmp(w + 12, reasons[i]))
                s->help.reason = s->help.reason == i + 1 ? 0 : i + 1; /* again: not that */
    } else if (s->screen == SCR_HELP && flow_is(w, "help.yes")) {
        struct flow_fx *f = flow_fx_add(fx, FX_REQUEST_HELP);
        kstr_copy(f->text, sizeof(f->text), flow_screen_id(s->help.back));
        if (s->help.reason > 0)
            kstr_copy(f->text2, sizeof(f->text2), reasons[s->help.reason - 1]);
        s->busy = true;
    } else if (flow_is(w, "back")) {
        s->help.sent = s->help.overdue = false;
        flow_go(s, s->help.back, ev->mono_ms);
    }
}

void flow_help_done(struct flow_state *s, const struct flow_event *ev)
{
    s->busy = false;
    s->help.failed = ev->err != KIOSK_OK;
    s->help.sent = !s->help.failed;
    s->help.overdue = false;
    s->help.sent_ms = ev->mono_ms;
    flow_go(s, SCR_HELP_SENT, ev->mono_ms);
}

bool flow_help_waiting(const struct flow_state *s)
{
    return s->screen == SCR_HELP_SENT && s->help.sent && !s->help.overdue;
}
