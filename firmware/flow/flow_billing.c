/* A question to billing staff about the open statement: the topic, a
 * number to call back, and a printed note of it. */
#include "firmware/flow/flow_private.h"
#include "firmware/core/str.h"

#define MIN_PHONE_DIGITS 7 /* shorter is not a number anyone can call */

static const char *const topic_ids[] = {"", "bill", "plan", "insurance", "other"};
#define TOPIC_COUNT ((int)(sizeof(topic_ids) / sizeof(topic_ids[0])))

const char *flow_topic_id(int topic)
{
    return topic > 0 && topic < TOPIC_COUNT ? topic_ids[topic] : "";
}

void flow_question_start(struct flow_state *s, int64_t now)
{
    s->question.topic = 0;
    flow_go(s, SCR_QUESTION, now);
}

void flow_question_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    (void)fx;
    if (!flow_has_prefix(w, "topic."))
        return;
    for (int i = 1; i < TOPIC_COUNT; i++) {
        if (flow_is(w + 6, topic_ids[i])) {
            s->question.topic = i;
            s->notice = NOTICE_NONE;
            flow_go(s, SCR_QUESTION_PHONE, ev->mono_ms);
        }
    }
}

void flow_question_phone_tap(struct flow_state *s, const struct flow_event *ev,
                             struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    if (flow_has_prefix(w, "key.")) {
        s->notice = NOTICE_NONE;
        flow_digit_key(s->question.phone, FLOW_PHONE_DIGITS, false, w + 4);
    } else if (flow_is(w, "next")) {
        if (strlen(s->question.phone) < MIN_PHONE_DIGITS) {
            s->notice = NOTICE_PHONE_SHORT;
            return;
        }
        const struct bill_info *b = flow_current_bill(s);
        struct flow_fx *f = flow_fx_add(fx, FX_BILLING_QUESTION);
        kstr_copy(f->text, sizeof(f->text), flow_topic_id(s->question.topic));
        kstr_copy(f->text2, sizeof(f->text2), s->question.phone);
        f->id = b ? b->id : 0;
        s->busy = true;
    }
}

void flow_question_sent_tap(struct flow_state *s, const struct flow_event *ev,
                            struct flow_fx_list *fx)
{
    if (flow_is(ev->widget, "print") && s->question.sent) {
        flow_fx_add(fx, FX_PRINT_NOTE);
        s->busy = true;
    }
}

void flow_question_done(struct flow_state *s, const struct flow_event *ev)
{
    s->busy = false;
    s->question.failed = ev->err != KIOSK_OK;
    s->question.sent = !s->question.failed;
    flow_go(s, SCR_QUESTION_SENT, ev->mono_ms);
}

void flow_question_note_printed(struct flow_state *s, const struct flow_event *ev)
{
    s->busy = false;
    s->notice = ev->err == KIOSK_OK ? NOTICE_NOTE_PRINTED : NOTICE_NOTE_FAILED;
}
