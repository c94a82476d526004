/* The welcome screen: language and display first, then what the patient
 * came for. */
#include "firmware/flow/flow_private.h"
#include "firmware/core/str.h"

void flow_welcome_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    (void)fx;
    if (flow_has_prefix(w, "lang.") && strlen(w + 5) < sizeof(s->lang)) {
        kstr_copy(s->lang, sizeof(s->lang), w + 5);
        s->lang_chosen = true;
    } else if (flow_is(w, "a11y.large"))
        s->large_text = !s->large_text;
    else if (flow_is(w, "a11y.contrast"))
        s->high_contrast = !s->high_contrast;
    else if (flow_is(w, "action.checkin")) {
        s->purpose = PURPOSE_CHECKIN;
        flow_identify_start(s, ev->mono_ms);
    } else if (flow_is(w, "action.pay")) {
        s->purpose = PURPOSE_PAY;
        flow_identify_start(s, ev->mono_ms);
    } else if (flow_is(w, "action.forms")) {
        s->purpose = PURPOSE_FORMS;
        flow_identify_start(s, ev->mono_ms);
    } else if (flow_is(w, "action.guides"))
        flow_go(s, SCR_GUIDES, ev->mono_ms);
}
