/* Forms and consents: the list of forms the patient owes, one page a
 * question (or small group) with Back/Next, the review and the sending.
 *
 * The form and its answers are the app's (large, allocated); flow keeps
 * pointers to them between EV_FORM_OPENED and FX_FORM_CLOSE (or the end of
 * the session) and changes answers only through the pure forms layer, so
 * enableWhen, required items and parsing are the same rules the record is
 * checked with. */
#include "firmware/flow/flow_private.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/forms/forms.h"

#include <stdio.h>

_Static_assert(FLOW_FORM_ITEMS == FORM_MAX_ITEMS, "flow's prefilled flags cover every item");
_Static_assert(FLOW_FORM_EDIT == FORM_VALUE_MAX, "flow's edit buffer holds one answer");

/* --- the list ---------------------------------------------------------------------- */

void flow_forms_load(struct flow_state *s, struct flow_fx_list *fx)
{
    struct flow_fx *f = flow_fx_add(fx, FX_LOAD_FORMS);
    f->id = s->match.patient.id;
    s->busy = s->purpose == PURPOSE_FORMS; /* after check-in the ticket prints meanwhile */
}

void flow_forms_done(struct flow_state *s, const struct flow_event *ev)
{
    if (s->screen == SCR_WELCOME)
        return; /* the session ended meanwhile */
    s->forms.loaded = ev->err == KIOSK_OK && ev->forms;
    if (s->forms.loaded)
        s->forms.list = *ev->forms;
    else
        memset(&s->forms.list, 0, sizeof(s->forms.list));
    if (s->forms.list.count > FLOW_FORMS_MAX)
        s->forms.list.count = FLOW_FORMS_MAX;
    s->forms.open = -1;
    s->forms.choose = -1;
    if (s->purpose == PURPOSE_FORMS) {
        s->busy = false;
        flow_go(s, ev->err == KIOSK_OK ? SCR_FORMS : SCR_UNAVAILABLE, ev->mono_ms);
    }
}

int flow_forms_owed(const struct flow_state *s)
{
    int n = 0;
    for (int i = 0; i < s->forms.list.count; i++)
        n += s->forms.list.forms[i].state == FORM_OWED && !s->forms.list.forms[i].desk;
    return n;
}

/* The done screen: "Forms for your visit". */
void flow_done_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    (void)fx;
    if (flow_is(ev->widget, "forms") && s->forms.loaded && s->forms.list.count > 0) {
        s->forms.from_done = true;
        flow_go(s, SCR_FORMS, ev->mono_ms);
    }
}

static void open_form(struct flow_state *s, int i, const char *lang, struct flow_fx_list *fx)
{
    struct flow_fx *f = flow_fx_add(fx, FX_FORM_OPEN);
    f->id = i;
    kstr_copy(f->text, sizeof(f->text), lang);
    s->forms.open = i;
    s->busy = true;
}

void flow_forms_list_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    struct flow_form_list *l = &s->forms.list;
    int i;
    s->notice = NOTICE_NONE;
    if ((i = flow_widget_index(w, "form.", l->count)) >= 0) {
        struct flow_form_entry *e = &l->forms[i];
        if (e->desk || e->state == FORM_SENT || e->state == FORM_QUEUED)
            return;
        if (!e->translated) {
            s->forms.choose = i;
            flow_go(s, SCR_FORM_LANG, ev->mono_ms);
            return;
        }
        open_form(s, i, s->lang, fx);
    } else if ((i = flow_widget_index(w, "skip.", l->count)) >= 0) {
        if (l->forms[i].optional && l->forms[i].state == FORM_OWED)
            l->forms[i].state = FORM_SKIPPED;
    } else if (flow_is(w, "forms.more")) {
        if (s->forms.first + 1 < l->count)
            s->forms.first++;
    } else if (flow_is(w, "forms.earlier")) {
        if (s->forms.first > 0)
            s->forms.first--;
    } else if (flow_is(w, "back")) {
        if (s->forms.from_done)
            flow_go(s, SCR_DONE, ev->mono_ms);
        else
            flow_clear_session(s, ev->mono_ms, fx);
    }
}

/* Not in the patient's language: the form's own (English) or the desk. */
void flow_form_lang_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    int i = s->forms.choose;
    if (i < 0 || i >= s->forms.list.count)
        return;
    if (flow_is(ev->widget, "form.original")) {
        flow_go(s, SCR_FORMS, ev->mono_ms);
        open_form(s, i, "", fx);
    } else if (flow_is(ev->widget, "form.desk")) {
        s->forms.list.forms[i].desk = true;
        flow_go(s, SCR_FORMS, ev->mono_ms);
    }
}

/* --- filling ------------------------------------------------------------------------ */

static bool typed_item(enum form_type t)
{
    return t == FORM_STRING || t == FORM_TEXT || t == FORM_INTEGER || t == FORM_DECIMAL ||
           t == FORM_DATE || t == FORM_OPEN_CHOICE;
}

/* A date is typed on the keypad as DDMMYYYY; the model keeps YYYY-MM-DD. */
static void date_from_digits(const char *d, char *out, size_t size)
{
    if (strlen(d) != 8) {
        kstr_copy(out, size, d); /* form_value_parse says it is not a date */
        return;
    }
    char iso[11] = {d[4], d[5], d[6], d[7], '-', d[2], d[3], '-', d[0], d[1], 0};
    kstr_copy(out, size, iso);
}

static void date_to_digits(const char *iso, char *out, size_t size)
{
    if (strlen(iso) != 10) {
        out[0] = '\0';
        return;
    }
    char d[9] = {iso[8], iso[9], iso[5], iso[6], iso[0], iso[1], iso[2], iso[3], 0};
    kstr_copy(out, size, d);
}

int flow_form_page_count(const struct flow_state *s, int pages[FLOW_FORM_ITEMS])
{
    if (!s->forms.form)
        return 0;
    return form_pages(s->forms.form, s->forms.answers, pages);
}

/* The item shown by the current page, -1 none. */
static int page_item(const struct flow_state *s)
{
    int pages[FORM_MAX_PAGES];
    int n = flow_form_page_count(s, pages);
    return s->forms.page >= 0 && s->forms.page < n ? pages[s->forms.page] : -1;
}

/* Start typing into item: its answer so far (not for a repeat: each answer
 * is added in turn). */
static void focus_field(struct flow_state *s, int item)
{
    const struct form *f = s->forms.form;
    const struct form_answers *a = s->forms.answers;
    s->forms.field = item;
    s->forms.edit[0] = '\0';
    if (item < 0 || f->items[item].repeats || a->count[item] == 0)
        return;
    const struct form_value *v = &a->v[item][0];
    if (f->items[item].type == FORM_DATE)
        date_to_digits(v->text, s->forms.edit, sizeof(s->forms.edit));
    else if (f->items[item].type == FORM_INTEGER)
        snprintf(s->forms.edit, sizeof(s->forms.edit), "%lld", (long long)v->i);
    else if (v->kind != FORM_V_CODING)
        kstr_copy(s->forms.edit, sizeof(s->forms.edit), v->text);
}

/* The first typed question of the page, -1 none. */
static int first_field(const struct flow_state *s)
{
    const struct form *f = s->forms.form;
    int top = page_item(s);
    for (int i = top; i >= 0 && i < f->item_count; i++) {
        if (!form_page_holds(f, top, i))
            break;
        if (typed_item(f->items[i].type) && f->items[i].option_count == 0)
            return i;
    }
    return -1;
}

static void show_page(struct flow_state *s, int page, int64_t now)
{
    s->forms.page = page;
    s->forms.missing = -1;
    s->notice = NOTICE_NONE;
    flow_go(s, SCR_FORM_PAGE, now);
    focus_field(s, first_field(s));
}

/* Put the text typed so far into the answers; false (with a notice) when it
 * is not a valid answer. An empty field of a question answered by typing
 * clears it (a repeat keeps the answers added). */
static bool commit_edit(struct flow_state *s)
{
    const struct form *f = s->forms.form;
    int item = s->forms.field;
    char text[FORM_VALUE_MAX];
    struct form_value v;
    if (item < 0)
        return true;
    const struct form_item *it = &f->items[item];
    if (!s->forms.edit[0]) {
        if (!it->repeats && it->option_count == 0)
            form_answer_clear(s->forms.answers, item);
        return true;
    }
    if (it->type == FORM_DATE)
        date_from_digits(s->forms.edit, text, sizeof(text));
    else
        kstr_copy(text, sizeof(text), s->forms.edit);
    enum form_type t = it->type == FORM_OPEN_CHOICE ? FORM_STRING : it->type;
    switch (form_value_parse(t, it->max_length, text, &v)) {
    case FORM_IN_OK:
        break;
    case FORM_IN_EMPTY:
        return true;
    case FORM_IN_BAD_DATE:
        s->notice = NOTICE_FORM_BAD_DATE;
        return false;
    case FORM_IN_NOT_NUMBER:
    case FORM_IN_OUT_OF_RANGE:
        s->notice = NOTICE_FORM_BAD_NUMBER;
        return false;
    case FORM_IN_TOO_LONG:
    case FORM_IN_BAD_TEXT:
    case FORM_IN_WRONG_TYPE:
        s->notice = NOTICE_FORM_TOO_LONG;
        return false;
    }
    enum kiosk_err err = it->repeats ? form_answer_add(f, s->forms.answers, item, &v)
                                     : form_answer_set(f, s->forms.answers, item, &v);
    if (err != KIOSK_OK) {
        s->notice = NOTICE_FORM_TOO_LONG;
        return false;
    }
    s->forms.prefilled[item] = false; /* typed over: the patient's own answer */
    if (it->repeats)
        s->forms.edit[0] = '\0';
    return true;
}

/* The first enabled required question of the page without an answer, -1. */
static int page_missing(const struct flow_state *s)
{
    const struct form *f = s->forms.form;
    const struct form_answers *a = s->forms.answers;
    bool on[FORM_MAX_ITEMS];
    int top = page_item(s);
    form_enabled(f, a, on);
    for (int i = top; i >= 0 && i < f->item_count; i++) {
        if (!form_page_holds(f, top, i))
            break;
        if (on[i] && f->items[i].required && form_type_is_question(f->items[i].type) &&
            a->count[i] == 0)
            return i;
    }
    return -1;
}

void flow_form_opened(struct flow_state *s, const struct flow_event *ev)
{
    s->busy = false;
    if (ev->err != KIOSK_OK || !ev->form || !ev->answers) {
        if (s->forms.open >= 0)
            s->forms.list.forms[s->forms.open].desk = true;
        s->forms.open = -1;
        s->notice = NOTICE_FORM_FAILED;
        flow_go(s, SCR_FORMS, ev->mono_ms);
        return;
    }
    s->forms.form = ev->form;
    s->forms.answers = ev->answers;
    for (int i = 0; i < FORM_MAX_ITEMS; i++)
        s->forms.prefilled[i] = ev->prefilled && ev->prefilled[i];
    kstr_copy(s->forms.text_lang, sizeof(s->forms.text_lang), ev->text ? ev->text : "");
    s->forms.failed = false;
    show_page(s, 0, ev->mono_ms);
}

/* Leave the form: its answers go (fill later, or it was sent). */
static void close_form(struct flow_state *s, struct flow_fx_list *fx)
{
    s->forms.form = NULL;
    s->forms.answers = NULL;
    memset(s->forms.prefilled, 0, sizeof(s->forms.prefilled));
    kmem_wipe(s->forms.edit, sizeof(s->forms.edit));
    s->forms.field = -1;
    flow_fx_add(fx, FX_FORM_CLOSE);
}

static void page_next(struct flow_state *s, int64_t now)
{
    int pages[FORM_MAX_PAGES];
    if (!commit_edit(s))
        return;
    int missing = page_missing(s);
    if (missing >= 0) {
        s->forms.missing = missing;
        s->notice = NOTICE_FORM_REQUIRED;
        return;
    }
    int n = flow_form_page_count(s, pages);
    if (s->forms.page + 1 < n) {
        show_page(s, s->forms.page + 1, now);
        return;
    }
    s->forms.field = -1;
    s->notice = NOTICE_NONE;
    flow_go(s, SCR_FORM_REVIEW, now);
}

static void page_answer(struct flow_state *s, const char *w)
{
    const struct form *f = s->forms.form;
    struct form_answers *a = s->forms.answers;
    int top = page_item(s);
    int i;
    if ((i = flow_widget_index(w, "yes.", f->item_count)) >= 0 ||
        (i = flow_widget_index(w, "no.", f->item_count)) >= 0) {
        struct form_value v = {.kind = FORM_V_BOOL, .b = w[0] == 'y'};
        if (form_page_holds(f, top, i) && form_answer_set(f, a, i, &v) == KIOSK_OK)
            s->forms.prefilled[i] = false;
    } else if ((i = flow_widget_index(w, "opt.", f->option_count)) >= 0) {
        for (int q = 0; q < f->item_count; q++) {
            const struct form_item *it = &f->items[q];
            if (i >= it->option_first && i < it->option_first + it->option_count &&
                form_page_holds(f, top, q)) {
                if (form_answer_option(f, a, q, i) == KIOSK_OK)
                    s->forms.prefilled[q] = false;
                break;
            }
        }
    } else if ((i = flow_widget_index(w, "field.", f->item_count)) >= 0) {
        if (form_page_holds(f, top, i) && typed_item(f->items[i].type) && commit_edit(s))
            focus_field(s, i);
    } else if ((i = flow_widget_index(w, "add.", f->item_count)) >= 0) {
        if (i == s->forms.field)
            commit_edit(s);
    } else if ((i = flow_widget_index(w, "clear.", f->item_count)) >= 0) {
        if (form_page_holds(f, top, i)) {
            form_answer_clear(a, i);
            if (i == s->forms.field)
                s->forms.edit[0] = '\0';
        }
    } else if (flow_has_prefix(w, "key.") && s->forms.field >= 0) {
        const char *key = w + 4;
        enum form_type t = f->items[s->forms.field].type;
        size_t len = strlen(s->forms.edit);
        if (t == FORM_DATE)
            flow_digit_key(s->forms.edit, 8, false, key);
        else if (t == FORM_INTEGER || t == FORM_DECIMAL) {
            if (flow_is(key, "point") && t == FORM_DECIMAL && !strchr(s->forms.edit, '.'))
                kstr_append(s->forms.edit, sizeof(s->forms.edit), len ? "." : "0.");
            else
                flow_digit_key(s->forms.edit, 12, false, key);
        } else
            flow_letter_key(s->forms.edit, sizeof(s->forms.edit) - 1, key);
    }
}

void flow_form_text(struct flow_state *s, const struct flow_event *ev)
{
    if (s->forms.form && s->forms.field >= 0 && flow_is(ev->field, "form") && ev->text) {
        kstr_copy(s->forms.edit, sizeof(s->forms.edit), ev->text);
        s->notice = NOTICE_NONE;
    }
}

void flow_form_page_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    if (!s->forms.form)
        return;
    if (flow_is(w, "next")) {
        page_next(s, ev->mono_ms);
    } else if (flow_is(w, "back")) {
        if (!commit_edit(s))
            return;
        if (s->forms.page > 0)
            show_page(s, s->forms.page - 1, ev->mono_ms);
        else {
            close_form(s, fx); /* "later": nothing of it is kept */
            s->notice = NOTICE_NONE;
            flow_go(s, SCR_FORMS, ev->mono_ms);
        }
    } else {
        /* a tap on an answer takes the last message away (a key only when
         * the message was about the text typed) */
        if (!flow_has_prefix(w, "key.") || s->notice != NOTICE_FORM_REQUIRED)
            s->notice = NOTICE_NONE;
        page_answer(s, w);
    }
}

void flow_form_review_tap(struct flow_state *s, const struct flow_event *ev,
                          struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    int pages[FORM_MAX_PAGES];
    int n = flow_form_page_count(s, pages);
    int i;
    if (!s->forms.form)
        return;
    if (flow_is(w, "back") && n > 0)
        show_page(s, n - 1, ev->mono_ms);
    else if ((i = flow_widget_index(w, "edit.", n)) >= 0)
        show_page(s, i, ev->mono_ms);
    else if (flow_is(w, "send")) {
        if (flow_form_needs_signature(s)) {
            s->forms.sign_by_name = false;
            flow_go(s, SCR_FORM_SIGN, ev->mono_ms);
            return;
        }
        flow_fx_add(fx, FX_FORM_SEND);
        s->busy = true;
    }
}

bool flow_form_needs_signature(const struct flow_state *s)
{
    const struct form *f = s->forms.form;
    const struct form_answers *a = s->forms.answers;
    if (!f)
        return false;
    bool any = f->signature_required;
    for (int i = 0; i < f->item_count; i++)
        any |= f->items[i].signature_required;
    if (!any)
        return false;
    if (f->consent == FORM_CONSENT_NONE)
        return true;
    /* A consent is signed when agreed; a refusal is recorded unsigned. */
    for (int i = 0; i < f->item_count; i++) {
        for (int k = 0; k < a->count[i]; k++) {
            const struct form_value *v = &a->v[i][k];
            if ((v->kind == FORM_V_BOOL && v->b) ||
                (v->kind == FORM_V_CODING && v->code && strcmp(v->code, "agree") == 0))
                return true;
        }
    }
    return false;
}

/* The signature pad: draw, clear, or tap to sign with the name. */
void flow_form_sign_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    if (flow_is(w, "sign.clear")) {
        s->forms.sign_points = 0;
        s->forms.sign_by_name = false;
        flow_fx_add(fx, FX_SIGN_CLEAR);
    } else if (flow_is(w, "sign.name")) {
        s->forms.sign_by_name = !s->forms.sign_by_name;
    } else if (flow_is(w, "sign.done") && (s->forms.sign_points > 1 || s->forms.sign_by_name)) {
        struct flow_fx *f = flow_fx_add(fx, FX_FORM_SEND);
        f->id = s->forms.sign_by_name && s->forms.sign_points <= 1;
        s->busy = true;
    }
}

bool flow_sign_drawn(struct flow_state *s, const struct flow_event *ev)
{
    if (s->screen != SCR_FORM_SIGN || s->busy)
        return false;
    s->last_input_ms = ev->mono_ms;
    s->warning = false;
    s->forms.sign_points = ev->queue_no;
    if (ev->queue_no > 1)
        s->forms.sign_by_name = false;
    return true;
}

void flow_form_sent(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    s->busy = false;
    if (ev->err != KIOSK_OK) {
        s->forms.failed = true;
        s->notice = NOTICE_FORM_FAILED;
        return; /* the review stays: nothing is lost, the desk can help */
    }
    if (s->forms.open >= 0)
        s->forms.list.forms[s->forms.open].state = ev->offline ? FORM_QUEUED : FORM_SENT;
    s->forms.offline = ev->offline;
    close_form(s, fx);
    s->notice = NOTICE_NONE;
    flow_go(s, SCR_FORM_SENT, ev->mono_ms);
}

void flow_form_sent_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    (void)fx;
    if (flow_is(ev->widget, "forms.list")) {
        s->forms.open = -1;
        flow_go(s, SCR_FORMS, ev->mono_ms);
    }
}
