/* Forms at the kiosk: the effects of the forms journey (the list owed, one
 * form opened with its prefill, the completed form queued as its outbox
 * record) and their view. The form and its answers live here between
 * FX_FORM_OPEN and FX_FORM_CLOSE (or the end of the session); flow holds
 * pointers to them and changes the answers through the forms layer. The
 * answers are patient data: they are wiped when the form closes and never
 * logged (logs say counts and kinds). */
#include "firmware/app/app_private.h"
#include "firmware/core/id.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/forms/forms.h"
#include "firmware/store/store_sync.h"
#include "firmware/sync/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MOD "forms"

static const char *text_in(const struct form *f, const struct form_text *t, const char *lang)
{
    const char *s = form_text_in(t, f->lang, lang && lang[0] ? lang : NULL);
    return s ? s : (t->base ? t->base : "");
}

void app_forms_close(struct app *a)
{
    form_answers_free(a->forms.answers);
    form_free(a->forms.form);
    a->forms.answers = NULL;
    a->forms.form = NULL;
    a->forms.open = -1;
    kmem_wipe(a->forms.sign, sizeof(a->forms.sign)); /* a signature is patient data */
    a->forms.sign_count = 0;
}

void app_sign_point(struct app *a, int x, int y, bool down)
{
    const struct ui_target *t = ui_find(&a->frame, "sign.pad");
    if (a->flow.screen != SCR_FORM_SIGN || !t || a->flow.busy)
        return;
    const struct ui_rect *r = &t->rect;
    if (x < r->x || y < r->y || x >= r->x + r->w || y >= r->y + r->h)
        return; /* off the pad: not part of the signature */
    if (a->forms.sign_count >= UI_SIGN_POINTS)
        return;
    struct ui_point *p = &a->forms.sign[a->forms.sign_count++];
    p->x = (short)(x - r->x);
    p->y = (short)(y - r->y);
    p->pen_up = down || a->forms.sign_count == 1;
    a->forms.pad_w = r->w;
    a->forms.pad_h = r->h;
    struct flow_event ev = app_event_now(a, EV_SIGN_DRAWN);
    ev.queue_no = a->forms.sign_count;
    app_event(a, &ev);
}

/* The signature of the open form as base64 SVG into out: the pad's strokes,
 * or (tap to sign) the patient's name set as text. */
static enum kiosk_err signature(struct app *a, bool by_name, char *out, size_t size)
{
    static struct form_point pts[FORM_SIG_MAX_POINTS];
    static char svg[32768];
    enum kiosk_err err;
    if (by_name) {
        const struct patient_summary *p = &a->flow.match.patient;
        char name[2 * KIOSK_NAME_MAX + 2], esc[6 * sizeof(name)];
        snprintf(name, sizeof(name), "%s %s", p->given, p->family);
        esc[0] = '\0';
        for (const char *c = name; *c; c++) {
            const char *rep = *c == '&'   ? "&amp;"
                              : *c == '<' ? "&lt;"
                              : *c == '>' ? "&gt;"
                              : *c == '"' ? "&quot;"
                                          : NULL;
            char one[2] = {*c, 0};
            kstr_append(esc, sizeof(esc), rep ? rep : one);
        }
        snprintf(svg, sizeof(svg),
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"120\">"
                 "<text x=\"10\" y=\"80\" font-size=\"48\" font-style=\"italic\">%s</text></svg>",
                 esc);
        kmem_wipe(name, sizeof(name));
        kmem_wipe(esc, sizeof(esc));
    } else {
        int n = a->forms.sign_count;
        for (int i = 0; i < n; i++) {
            pts[i].x = a->forms.sign[i].x;
            pts[i].y = a->forms.sign[i].y;
            pts[i].pen_up = a->forms.sign[i].pen_up;
        }
        err = form_signature_svg(pts, n, a->forms.pad_w, a->forms.pad_h, svg, sizeof(svg));
        kmem_wipe(pts, sizeof(pts));
        if (err != KIOSK_OK)
            return err;
    }
    err = form_base64(svg, strlen(svg), out, size);
    kmem_wipe(svg, sizeof(svg));
    return err;
}

/* The forms patient_id owes, summarised for flow: title in the patient's
 * language, minutes, required or not, whether the kiosk can take it. */
void app_forms_load(struct app *a, int64_t patient_id)
{
    static struct flow_form_list list;
    struct flow_event ev = app_event_now(a, EV_FORMS_DONE);
    memset(&list, 0, sizeof(list));
    app_forms_close(a);
    a->forms.count = 0;
    a->forms.patient_id = patient_id;
    enum kiosk_err err =
        a->store ? store_forms_owed(a->store, patient_id, a->forms.owed, &a->forms.count)
                 : a->db.err;
    struct form *f = err == KIOSK_OK ? form_new() : NULL;
    if (err == KIOSK_OK && !f)
        err = KIOSK_ERR_NOMEM;
    if (err == KIOSK_OK) {
        if (a->forms.count > FLOW_FORMS_MAX)
            a->forms.count = FLOW_FORMS_MAX;
        for (int i = 0; i < a->forms.count; i++) {
            const struct form_owed *o = &a->forms.owed[i];
            struct flow_form_entry *e = &list.forms[list.count++];
            e->optional = o->optional;
            e->desk = true;
            memset(f, 0, sizeof(*f));
            if (o->cached && sync_form_load(a->store, o->canonical, f) == KIOSK_OK) {
                kstr_copy(e->title, sizeof(e->title), text_in(f, &f->title, a->flow.lang));
                e->minutes = f->minutes;
                e->desk = form_desk_reason(f) != NULL;
                e->translated = form_has_lang(f, a->flow.lang);
                e->consent = f->consent != FORM_CONSENT_NONE;
            }
        }
        form_free(f);
        log_info(MOD, "%d form(s) owed", list.count);
    } else {
        log_warn(MOD, "forms owed could not be read: %E", err);
    }
    ev.err = err;
    ev.forms = &list;
    app_event(a, &ev);
}

void app_forms_open(struct app *a, const struct flow_fx *fx)
{
    static bool prefilled[FORM_MAX_ITEMS];
    struct flow_event ev = app_event_now(a, EV_FORM_OPENED);
    int i = (int)fx->id;
    enum kiosk_err err = KIOSK_ERR_NOT_FOUND;
    app_forms_close(a);
    memset(prefilled, 0, sizeof(prefilled));
    if (a->store && i >= 0 && i < a->forms.count) {
        a->forms.form = form_new();
        err = a->forms.form ? sync_form_load(a->store, a->forms.owed[i].canonical, a->forms.form)
                            : KIOSK_ERR_NOMEM;
        if (err == KIOSK_OK && form_desk_reason(a->forms.form))
            err = KIOSK_ERR_INVALID;
        if (err == KIOSK_OK && !(a->forms.answers = form_answers_new(a->forms.form)))
            err = KIOSK_ERR_NOMEM;
    }
    if (err == KIOSK_OK) {
        const struct patient_summary *p = &a->flow.match.patient;
        char name[2 * KIOSK_NAME_MAX + 2];
        snprintf(name, sizeof(name), "%s %s", p->given, p->family);
        form_prefill_apply(a->forms.form, a->forms.answers, p->given[0] ? name : "", p->birth_date,
                           p->phone, prefilled);
        a->forms.open = i;
        kstr_copy(a->forms.shown_lang, sizeof(a->forms.shown_lang), fx->text);
        log_info(MOD, "form opened (%d items)", a->forms.form->item_count);
    } else {
        app_forms_close(a);
        log_warn(MOD, "form could not be opened: %E", err);
    }
    ev.err = err;
    ev.form = a->forms.form;
    ev.answers = a->forms.answers;
    ev.prefilled = prefilled;
    ev.text = fx->text;
    app_event(a, &ev);
}

/* Whether the billing server cannot be reached now, as far as the kiosk
 * knows: no server, or its last round found it away or failed (the record
 * then waits in the outbox and goes at the first round that works). */
static bool offline(struct app *a)
{
    char ok[32] = "", tried[32] = "", away[8] = "";
    if (!a->sync || !a->store)
        return true;
    store_state_get(a->store, "unreachable", away, sizeof(away));
    store_state_get(a->store, "last_success_ms", ok, sizeof(ok));
    store_state_get(a->store, "last_attempt_ms", tried, sizeof(tried));
    return strcmp(away, "1") == 0 || !ok[0] || strtoll(tried, NULL, 10) > strtoll(ok, NULL, 10);
}

/* The open form as one outbox record, its task marked answered with it. */
void app_forms_send(struct app *a, const struct flow_fx *fx)
{
    static struct outbox_record rec;
    static char sig[OUTBOX_FORM_SIGNATURE_MAX];
    struct flow_event ev = app_event_now(a, EV_FORM_SENT);
    char key[KIOSK_UUID_LEN];
    enum kiosk_err err = KIOSK_ERR_INVALID;
    int i = a->forms.open;
    if (a->store && a->forms.form && a->forms.answers && i >= 0 && i < a->forms.count) {
        const struct form_owed *o = &a->forms.owed[i];
        struct form_submit who = {
            .task = o->task_id,
            .patient = o->patient_id,
            .appointment = o->appointment_id,
            .lang = a->forms.shown_lang[0] ? a->forms.shown_lang : a->forms.form->lang,
            .sig_format = "",
            .signature = "",
            .at_ms = kclock_wall(a->clock),
        };
        bool signed_ = fx->id == 1 || a->forms.sign_count > 1;
        err = KIOSK_OK;
        sig[0] = '\0';
        if (signed_ && flow_form_needs_signature(&a->flow))
            err = signature(a, fx->id == 1, sig, sizeof(sig));
        if (sig[0]) {
            who.sig_format = "image/svg+xml";
            who.signature = sig;
        }
        form_drop_disabled(a->forms.form, a->forms.answers);
        if (err == KIOSK_OK)
            err = form_outbox_record(a->forms.form, a->forms.answers, &who, &rec);
        if (err == KIOSK_OK)
            err = kiosk_uuid(key);
        if (err == KIOSK_OK)
            err = store_form_submit(a->store, key, &rec, o->task_id, who.at_ms);
        kmem_wipe(&rec, sizeof(rec));
        kmem_wipe(sig, sizeof(sig));
    }
    if (err == KIOSK_OK) {
        log_info(MOD, "form response queued");
        sync_poke(a->sync);
    } else {
        log_error(MOD, "form response could not be queued: %E", err);
    }
    ev.err = err;
    ev.offline = offline(a);
    app_event(a, &ev);
}

/* --- view ----------------------------------------------------------------------- */

static void answer_words(const struct form *f, const struct form_answers *ans, int item,
                         const char *lang, char *out, size_t size)
{
    out[0] = '\0';
    for (int k = 0; k < ans->count[item]; k++) {
        const struct form_value *v = &ans->v[item][k];
        char one[FORM_VALUE_MAX + 8];
        switch (v->kind) {
        case FORM_V_BOOL:
            kstr_copy(one, sizeof(one), v->b ? "yes" : "no"); /* translated by ui */
            break;
        case FORM_V_INT:
            snprintf(one, sizeof(one), "%lld", (long long)v->i);
            break;
        case FORM_V_DATE:
            if (strlen(v->text) == 10)
                snprintf(one, sizeof(one), "%.2s/%.2s/%.4s", v->text + 8, v->text + 5, v->text);
            else
                kstr_copy(one, sizeof(one), v->text);
            break;
        case FORM_V_CODING: {
            const struct form_item *it = &f->items[item];
            kstr_copy(one, sizeof(one), v->code ? v->code : "");
            for (int o = it->option_first; o < it->option_first + it->option_count; o++)
                if (form_value_equal(&f->options[o].value, v))
                    kstr_copy(one, sizeof(one), text_in(f, &f->options[o].display, lang));
            break;
        }
        default:
            kstr_copy(one, sizeof(one), v->text);
            break;
        }
        if (k > 0)
            kstr_append(out, size, "; ");
        kstr_append(out, size, one);
    }
}

static enum ui_form_input input_of(enum form_type t, bool has_options)
{
    switch (t) {
    case FORM_BOOLEAN:
        return UI_FORM_YES_NO;
    case FORM_CHOICE:
    case FORM_OPEN_CHOICE:
        return has_options ? UI_FORM_CHOICE : UI_FORM_LETTERS;
    case FORM_STRING:
    case FORM_TEXT:
        return UI_FORM_LETTERS;
    case FORM_INTEGER:
        return UI_FORM_NUMBER;
    case FORM_DECIMAL:
        return UI_FORM_DECIMAL;
    case FORM_DATE:
        return UI_FORM_DATE;
    default:
        return UI_FORM_SHOW;
    }
}

static void question_view(struct app *a, int item, struct ui_form_question *q, const char *lang)
{
    const struct flow_forms *fs = &a->flow.forms;
    const struct form *f = fs->form;
    const struct form_item *it = &f->items[item];
    memset(q, 0, sizeof(*q));
    q->item = item;
    snprintf(q->id, sizeof(q->id), "field.%d", item);
    kstr_copy(q->text, sizeof(q->text), text_in(f, &it->text, lang));
    q->input = input_of(it->type, it->option_count > 0);
    q->required = it->required;
    q->repeats = it->repeats;
    q->prefilled = fs->prefilled[item] && fs->answers->count[item] > 0;
    q->missing = fs->missing == item && a->flow.notice == NOTICE_FORM_REQUIRED;
    q->answered = fs->answers->count[item] > 0;
    q->typed = it->type == FORM_OPEN_CHOICE || (q->input >= UI_FORM_LETTERS);
    q->focused = fs->field == item;
    for (int k = 0; k < fs->answers->count[item]; k++)
        if (fs->answers->v[item][k].kind == FORM_V_BOOL) {
            q->yes = fs->answers->v[item][k].b;
            q->no = !fs->answers->v[item][k].b;
        }
    for (int o = 0; o < it->option_count && q->option_count < UI_FORM_OPTIONS; o++) {
        struct ui_form_option *u = &q->options[q->option_count++];
        int oi = it->option_first + o;
        snprintf(u->id, sizeof(u->id), "opt.%d", oi);
        kstr_copy(u->label, sizeof(u->label), text_in(f, &f->options[oi].display, lang));
        if (!u->label[0] && f->options[oi].value.code)
            kstr_copy(u->label, sizeof(u->label), f->options[oi].value.code);
        u->chosen = form_option_chosen(f, fs->answers, item, oi);
    }
    if (q->focused) {
        const char *e = fs->edit;
        if (it->type == FORM_DATE) {
            /* DD/MM/YYYY as the digits come */
            char d[16] = "";
            size_t n = strlen(e);
            for (size_t k = 0; k < n && k < 8; k++) {
                if (k == 2 || k == 4)
                    kstr_append(d, sizeof(d), "/");
                char c[2] = {e[k], 0};
                kstr_append(d, sizeof(d), c);
            }
            kstr_copy(q->value, sizeof(q->value), d);
        } else
            kstr_copy(q->value, sizeof(q->value), e);
    } else if (q->typed && !it->repeats && it->option_count == 0)
        answer_words(f, fs->answers, item, lang, q->value, sizeof(q->value));
    if (it->repeats || it->type == FORM_OPEN_CHOICE)
        answer_words(f, fs->answers, item, lang, q->answers, sizeof(q->answers));
}

void app_forms_view(struct app *a, struct ui_view *v)
{
    const struct flow_state *s = &a->flow;
    const struct flow_forms *fs = &s->forms;
    struct ui_forms *u = &a->forms.view;
    int pages[FORM_MAX_PAGES];
    if (!fs->loaded)
        return;
    v->forms_owed = flow_forms_owed(s);
    v->forms = u;
    memset(u, 0, sizeof(*u));
    u->from_done = fs->from_done;
    u->first = fs->first;
    u->count = fs->list.count < UI_FORMS_MAX ? fs->list.count : UI_FORMS_MAX;
    for (int i = 0; i < u->count; i++) {
        const struct flow_form_entry *e = &fs->list.forms[i];
        kstr_copy(u->rows[i].title, sizeof(u->rows[i].title), e->title);
        u->rows[i].minutes = e->minutes;
        u->rows[i].optional = e->optional;
        u->rows[i].desk = e->desk;
        u->rows[i].consent = e->consent;
        u->rows[i].state = (int)e->state;
    }
    if (fs->choose >= 0 && fs->choose < fs->list.count) {
        kstr_copy(u->choose_title, sizeof(u->choose_title), fs->list.forms[fs->choose].title);
        const char *native = i18n_lang_native_name(s->lang);
        kstr_copy(u->choose_lang, sizeof(u->choose_lang), native ? native : s->lang);
    }
    u->offline = fs->offline;
    struct kdate d;
    kclock_local(kclock_wall(a->clock), &d);
    i18n_format_date(a->i18n, s->lang, &d, u->today, sizeof(u->today));
    u->sign = a->forms.sign;
    u->sign_count = a->forms.sign_count;
    u->sign_by_name = fs->sign_by_name;
    kstr_copy(u->signer, sizeof(u->signer), s->match.patient.given);
    kstr_append(u->signer, sizeof(u->signer), " ");
    kstr_append(u->signer, sizeof(u->signer), s->match.patient.family);
    if (!fs->form || !fs->answers)
        return;
    const struct form *f = fs->form;
    const char *lang = fs->text_lang;
    kstr_copy(u->title, sizeof(u->title), text_in(f, &f->title, lang));
    u->consent = f->consent != FORM_CONSENT_NONE;
    u->pages = flow_form_page_count(s, pages);
    u->page = fs->page;
    bool on[FORM_MAX_ITEMS];
    form_enabled(f, fs->answers, on);
    if (fs->page >= 0 && fs->page < u->pages) {
        int top = pages[fs->page];
        for (int i = top; i < f->item_count && u->question_count < UI_FORM_QUESTIONS; i++) {
            if (!form_page_holds(f, top, i))
                break;
            if (!on[i])
                continue;
            struct ui_form_question *q = &u->questions[u->question_count++];
            question_view(a, i, q, lang);
            u->has_keyboard |=
                q->input == UI_FORM_LETTERS || (q->focused && f->items[i].type == FORM_OPEN_CHOICE);
            u->has_keypad |= q->input == UI_FORM_NUMBER || q->input == UI_FORM_DECIMAL ||
                             q->input == UI_FORM_DATE;
            u->has_point |= q->input == UI_FORM_DECIMAL;
        }
    }
    for (int k = 0; k < u->pages; k++) {
        for (int i = pages[k]; i < f->item_count && u->review_count < UI_FORM_REVIEW; i++) {
            if (!form_page_holds(f, pages[k], i))
                break;
            if (!on[i] || !form_type_is_question(f->items[i].type))
                continue;
            struct ui_form_review_row *r = &u->review[u->review_count++];
            kstr_copy(r->question, sizeof(r->question), text_in(f, &f->items[i].text, lang));
            answer_words(f, fs->answers, i, lang, r->answer, sizeof(r->answer));
            r->page = k;
        }
    }
}
