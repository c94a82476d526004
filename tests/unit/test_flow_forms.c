/* The forms journey in the pure flow, over the real forms model: the list
 * owed (required and optional, skip), one page at a time with Back/Next,
 * a required answer enforced, enableWhen changing the pages, answers kept
 * back and forth, the review, sending, the signature a consent needs when
 * agreed (not when declined), and a timeout dropping the form. */
#include "firmware/flow/flow.h"
#include "firmware/forms/forms.h"
#include "ktest.h"

#include <string.h>

static const struct flow_config cfg = {
    .warn_ms = 45000,
    .clear_ms = 60000,
    .done_ms = 20000,
    .early_ms = 1800000,
    .late_ms = 900000,
    .max_attempts = 3,
    .min_pay_minor = 500,
    .default_lang = "en",
};

struct run {
    struct flow_state s;
    struct flow_fx_list fx;
    int64_t mono;
};

static struct flow_event ev_of(struct run *r, enum flow_event_kind kind)
{
    struct flow_event ev = {.kind = kind};
    r->mono += 1000;
    ev.mono_ms = r->mono;
    ev.wall_ms = 1773136800000LL + r->mono;
    return ev;
}

static bool tap(struct run *r, const char *w)
{
    struct flow_event ev = ev_of(r, EV_TAP);
    ev.widget = w;
    return flow_step(&r->s, &ev, &r->fx);
}

static void type(struct run *r, const char *text)
{
    struct flow_event ev = ev_of(r, EV_TEXT);
    ev.field = "form";
    ev.text = text;
    flow_step(&r->s, &ev, &r->fx);
}

static bool has_fx(const struct run *r, enum flow_fx_kind k, const struct flow_fx **out)
{
    for (int i = 0; i < r->fx.count; i++)
        if (r->fx.fx[i].kind == k) {
            if (out)
                *out = &r->fx.fx[i];
            return true;
        }
    return false;
}

/* pain (boolean, required); level (integer, only when pain = true); note (string). */
static struct form *intake(void)
{
    struct form *f = form_new();
    f->lang = form_strdup(f, "en");
    int pain = form_add_item(f, -1, "pain", "boolean");
    f->items[pain].text.base = form_strdup(f, "Are you in pain?");
    f->items[pain].required = true;
    int level = form_add_item(f, -1, "level", "integer");
    f->items[level].text.base = form_strdup(f, "How bad?");
    f->items[level].cond_count = 1;
    f->items[level].cond[0].question_link = form_strdup(f, "pain");
    f->items[level].cond[0].op = FORM_OP_EQ;
    f->items[level].cond[0].value = (struct form_value){.kind = FORM_V_BOOL, .b = true};
    int note = form_add_item(f, -1, "note", "string");
    f->items[note].text.base = form_strdup(f, "Anything else?");
    form_finish(f);
    return f;
}

/* A consent: its text, then agree / disagree carrying signatureRequired. */
static struct form *consent(void)
{
    struct form *f = form_new();
    f->lang = form_strdup(f, "en");
    f->consent = FORM_CONSENT_PRIVACY;
    int t = form_add_item(f, -1, "text", "display");
    f->items[t].text.base = form_strdup(f, "We keep your information private.");
    int agree = form_add_item(f, -1, "agree", "choice");
    f->items[agree].required = true;
    f->items[agree].signature_required = true;
    struct form_value yes = {.kind = FORM_V_CODING, .code = form_strdup(f, "agree")};
    struct form_value no = {.kind = FORM_V_CODING, .code = form_strdup(f, "disagree")};
    form_add_option(f, agree, &yes);
    form_add_option(f, agree, &no);
    form_finish(f);
    return f;
}

/* Identified, the list arrives: a required form and an optional one. */
static void listed(struct run *r)
{
    static struct flow_form_list list;
    memset(r, 0, sizeof(*r));
    memset(&list, 0, sizeof(list));
    r->mono = 5000;
    flow_init(&r->s, &cfg, r->mono);
    r->s.purpose = PURPOSE_FORMS;
    r->s.screen = SCR_DOB;
    r->s.busy = true;
    list.count = 2;
    strcpy(list.forms[0].title, "Before your visit");
    list.forms[0].translated = true;
    strcpy(list.forms[1].title, "Research");
    list.forms[1].optional = true;
    list.forms[1].translated = true;
    struct flow_event ev = ev_of(r, EV_FORMS_DONE);
    ev.forms = &list;
    flow_step(&r->s, &ev, &r->fx);
}

static void opened(struct run *r, const struct form *f, struct form_answers *a)
{
    static const bool none[FORM_MAX_ITEMS];
    struct flow_event ev = ev_of(r, EV_FORM_OPENED);
    ev.form = f;
    ev.answers = a;
    ev.prefilled = none;
    ev.text = "en";
    flow_step(&r->s, &ev, &r->fx);
}

static enum ktest_result list_required_and_optional(void)
{
    struct run r;
    listed(&r);
    KT_EQ_INT(r.s.screen, SCR_FORMS);
    KT_EQ_INT(flow_forms_owed(&r.s), 2);
    tap(&r, "skip.0"); /* a required form cannot be skipped */
    KT_EQ_INT(r.s.forms.list.forms[0].state, FORM_OWED);
    tap(&r, "skip.1");
    KT_EQ_INT(r.s.forms.list.forms[1].state, FORM_SKIPPED);
    KT_EQ_INT(flow_forms_owed(&r.s), 1);
    const struct flow_fx *f;
    tap(&r, "form.0");
    KT_ASSERT(has_fx(&r, FX_FORM_OPEN, &f));
    KT_EQ_INT(f->id, 0);
    KT_EQ_STR(f->text, "en");
    KT_ASSERT(r.s.busy);
    return KTEST_PASS;
}

static enum ktest_result pages_required_enablewhen_review_send(void)
{
    struct run r;
    struct form *f = intake();
    struct form_answers *a = form_answers_new(f);
    int pages[FLOW_FORM_ITEMS];
    listed(&r);
    tap(&r, "form.0");
    opened(&r, f, a);
    KT_EQ_INT(r.s.screen, SCR_FORM_PAGE);
    KT_EQ_INT(r.s.forms.page, 0);
    KT_EQ_INT(flow_form_page_count(&r.s, pages), 2); /* pain, note: level is off */
    tap(&r, "next");
    KT_EQ_INT(r.s.notice, NOTICE_FORM_REQUIRED);
    KT_EQ_INT(r.s.forms.page, 0);
    tap(&r, "yes.0");
    KT_EQ_INT(r.s.notice, NOTICE_NONE);
    KT_EQ_INT(flow_form_page_count(&r.s, pages), 3); /* level is on */
    tap(&r, "next");
    KT_EQ_INT(r.s.forms.page, 1);
    KT_EQ_INT(r.s.forms.field, 1);
    tap(&r, "key.7");
    tap(&r, "next");
    KT_EQ_INT(a->count[1], 1);
    KT_EQ_INT(a->v[1][0].i, 7);
    tap(&r, "back"); /* the answer is kept */
    KT_EQ_STR(r.s.forms.edit, "7");
    tap(&r, "back");
    tap(&r, "no.0");
    KT_EQ_INT(flow_form_page_count(&r.s, pages), 2);
    tap(&r, "next");
    KT_EQ_INT(r.s.forms.field, 2); /* straight to the note */
    type(&r, "Thanks");
    tap(&r, "next");
    KT_EQ_INT(r.s.screen, SCR_FORM_REVIEW);
    tap(&r, "edit.0");
    KT_EQ_INT(r.s.screen, SCR_FORM_PAGE);
    KT_EQ_INT(r.s.forms.page, 0);
    tap(&r, "next");
    tap(&r, "next");
    tap(&r, "send");
    KT_ASSERT(has_fx(&r, FX_FORM_SEND, NULL));
    struct flow_event ev = ev_of(&r, EV_FORM_SENT);
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_FORM_SENT);
    KT_ASSERT(has_fx(&r, FX_FORM_CLOSE, NULL));
    KT_ASSERT(r.s.forms.form == NULL);
    KT_EQ_INT(r.s.forms.list.forms[0].state, FORM_SENT);
    tap(&r, "forms.list");
    KT_EQ_INT(r.s.screen, SCR_FORMS);
    form_answers_free(a);
    form_free(f);
    return KTEST_PASS;
}

static enum ktest_result consent_signed_when_agreed_only(void)
{
    struct run r;
    struct form *f = consent();
    struct form_answers *a = form_answers_new(f);
    const struct flow_fx *fx;
    listed(&r);
    tap(&r, "form.0");
    opened(&r, f, a);
    tap(&r, "next");
    tap(&r, "opt.1"); /* do not agree: sent unsigned */
    tap(&r, "next");
    tap(&r, "send");
    KT_ASSERT(has_fx(&r, FX_FORM_SEND, NULL));
    r.s.busy = false;
    tap(&r, "back");
    tap(&r, "opt.0"); /* agree: the pad first */
    tap(&r, "next");
    tap(&r, "send");
    KT_EQ_INT(r.s.screen, SCR_FORM_SIGN);
    KT_ASSERT(!has_fx(&r, FX_FORM_SEND, NULL));
    tap(&r, "sign.done"); /* nothing drawn: nothing sent */
    KT_ASSERT(!has_fx(&r, FX_FORM_SEND, NULL));
    struct flow_event ev = ev_of(&r, EV_SIGN_DRAWN);
    ev.queue_no = 12;
    flow_step(&r.s, &ev, &r.fx);
    tap(&r, "sign.done");
    KT_ASSERT(has_fx(&r, FX_FORM_SEND, &fx));
    KT_EQ_INT(fx->id, 0); /* the drawing, not the name */
    form_answers_free(a);
    form_free(f);
    return KTEST_PASS;
}

static enum ktest_result timeout_drops_the_form(void)
{
    struct run r;
    struct form *f = intake();
    struct form_answers *a = form_answers_new(f);
    listed(&r);
    tap(&r, "form.0");
    opened(&r, f, a);
    tap(&r, "yes.0");
    struct flow_event ev = ev_of(&r, EV_TICK);
    ev.mono_ms += cfg.clear_ms;
    flow_step(&r.s, &ev, &r.fx);
    KT_EQ_INT(r.s.screen, SCR_WELCOME);
    KT_ASSERT(has_fx(&r, FX_SESSION_CLEARED, NULL));
    KT_ASSERT(r.s.forms.form == NULL && r.s.forms.answers == NULL);
    KT_EQ_INT(r.s.forms.list.count, 0);
    form_answers_free(a);
    form_free(f);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"list_required_and_optional", list_required_and_optional},
    {"pages_required_enablewhen_review_send", pages_required_enablewhen_review_send},
    {"consent_signed_when_agreed_only", consent_signed_when_agreed_only},
    {"timeout_drops_the_form", timeout_drops_the_form},
};

KTEST_MAIN(tests)
