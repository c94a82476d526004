/* Reading form Tasks and Questionnaires (fhir_forms.h). */
#include "fhir_forms.h"

#include "firmware/core/str.h"

#include <stdio.h>
#include <string.h>

#define LOINC        "http://loinc.org"
#define CONSENTSCOPE "http://terminology.hl7.org/CodeSystem/consentscope"

static bool is_type(struct fjson *res, const char *type)
{
    const char *t = fjson_str(res, "resourceType");
    return t && strcmp(t, type) == 0;
}

static enum kiosk_err refuse(const char *type, const char *what)
{
    kiosk_err_set_detail("fhir: %s without %s", type, what);
    return KIOSK_ERR_INVALID;
}

static bool has_coding(struct fjson *cc, const char *system, const char *code)
{
    struct fjson *codings = fjson_get(cc, "coding");
    for (size_t i = 0; i < fjson_len(codings); i++) {
        const char *sy = fjson_str(fjson_at(codings, i), "system");
        const char *co = fjson_str(fjson_at(codings, i), "code");
        if (sy && co && strcmp(sy, system) == 0 && strcmp(co, code) == 0)
            return true;
    }
    return false;
}

static const char *coding_code(struct fjson *codings, const char *system)
{
    for (size_t i = 0; i < fjson_len(codings); i++) {
        const char *sy = fjson_str(fjson_at(codings, i), "system");
        if (sy && strcmp(sy, system) == 0)
            return fjson_str(fjson_at(codings, i), "code");
    }
    return NULL;
}

static struct fjson *extension(struct fjson *obj, const char *url)
{
    struct fjson *ext = fjson_get(obj, "extension");
    for (size_t i = 0; i < fjson_len(ext); i++) {
        const char *u = fjson_str(fjson_at(ext, i), "url");
        if (u && strcmp(u, url) == 0)
            return fjson_at(ext, i);
    }
    return NULL;
}

/* --- Task --------------------------------------------------------------------- */

/* The canonical of the input typed temp#questionnaire. */
static const char *task_canonical(struct fjson *res)
{
    struct fjson *input = fjson_get(res, "input");
    for (size_t i = 0; i < fjson_len(input); i++) {
        struct fjson *in = fjson_at(input, i);
        if (!has_coding(fjson_get(in, "type"), FHIR_SDC_TEMP, "questionnaire"))
            continue;
        const char *c = fjson_str(in, "valueCanonical");
        if (c && c[0] && strlen(c) < FHIR_CANONICAL_MAX)
            return c;
    }
    return NULL;
}

enum kiosk_err fhir_read_form_task(struct fjson *res, struct fhir_form_task *out)
{
    memset(out, 0, sizeof(*out));
    if (!is_type(res, "Task"))
        return refuse("entry", "resourceType Task");
    enum kiosk_err err = fhir_read_meta(res, &out->meta);
    if (err != KIOSK_OK)
        return err;
    if (!has_coding(fjson_get(res, "code"), FHIR_SDC_TEMP, "complete-questionnaire"))
        return refuse("Task", "code complete-questionnaire");
    if (!fjson_ref_id(fjson_str(fjson_get(res, "for"), "reference"), "Patient", out->patient_id,
                      sizeof(out->patient_id)))
        return refuse("Task", "for Patient");
    struct fjson *based = fjson_get(res, "basedOn");
    for (size_t i = 0; i < fjson_len(based) && !out->appointment_id[0]; i++)
        if (!fjson_ref_id(fjson_str(fjson_at(based, i), "reference"), "Appointment",
                          out->appointment_id, sizeof(out->appointment_id)))
            out->appointment_id[0] = '\0';
    out->canonical = task_canonical(res);
    if (!out->canonical)
        return refuse("Task", "input questionnaire");
    out->status = fjson_str(res, "status");
    if (!out->status)
        return refuse("Task", "status");
    out->open = strcmp(out->status, "requested") == 0 || strcmp(out->status, "ready") == 0;
    bool opt = false;
    out->optional =
        fjson_bool(fjson_get(extension(res, FHIR_EXT_OPTIONAL), "valueBoolean"), &opt) && opt;
    return KIOSK_OK;
}

bool fhir_canonical_split(const char *canonical, char *url, size_t url_size, char *version,
                          size_t version_size)
{
    const char *bar = strchr(canonical, '|');
    size_t n = bar ? (size_t)(bar - canonical) : strlen(canonical);
    if (n == 0 || n >= url_size)
        return false;
    memcpy(url, canonical, n);
    url[n] = '\0';
    return kstr_copy(version, version_size, bar ? bar + 1 : "");
}

/* --- Questionnaire ------------------------------------------------------------ */

/* The translation extensions of a primitive's "_x" element into t. */
static void read_translations(struct form *f, struct fjson *under, struct form_text *t)
{
    struct fjson *ext = fjson_get(under, "extension");
    for (size_t i = 0; i < fjson_len(ext); i++) {
        struct fjson *e = fjson_at(ext, i);
        const char *url = fjson_str(e, "url");
        if (!url || strcmp(url, FHIR_EXT_TRANSLATION) != 0)
            continue;
        const char *lang = NULL, *content = NULL;
        struct fjson *parts = fjson_get(e, "extension");
        for (size_t k = 0; k < fjson_len(parts); k++) {
            struct fjson *p = fjson_at(parts, k);
            const char *pu = fjson_str(p, "url");
            if (pu && strcmp(pu, "lang") == 0)
                lang = fjson_str(p, "valueCode");
            else if (pu && strcmp(pu, "content") == 0)
                content = fjson_str(p, "valueString");
        }
        if (lang && lang[0] && content && content[0])
            form_text_add(f, t, lang, content);
    }
}

static void read_text(struct form *f, struct fjson *obj, const char *key, struct form_text *t)
{
    char under[32];
    t->base = form_strdup(f, fjson_str(obj, key));
    snprintf(under, sizeof(under), "_%s", key);
    if (t->base)
        read_translations(f, fjson_get(obj, under), t);
}

/* A value[x] / answer[x] / initial value of obj, prefix "value" or "answer". */
static bool read_value(struct form *f, struct fjson *obj, const char *prefix, struct form_value *v)
{
    char key[32];
    memset(v, 0, sizeof(*v));
    snprintf(key, sizeof(key), "%sBoolean", prefix);
    if (fjson_bool(fjson_get(obj, key), &v->b)) {
        v->kind = FORM_V_BOOL;
        return true;
    }
    snprintf(key, sizeof(key), "%sInteger", prefix);
    const char *num = fjson_number_text(fjson_get(obj, key));
    if (num)
        return form_value_parse(FORM_INTEGER, 0, num, v) == FORM_IN_OK;
    snprintf(key, sizeof(key), "%sDecimal", prefix);
    num = fjson_number_text(fjson_get(obj, key));
    if (num)
        return form_value_parse(FORM_DECIMAL, 0, num, v) == FORM_IN_OK;
    snprintf(key, sizeof(key), "%sDate", prefix);
    const char *s = fjson_str(obj, key);
    if (s)
        return form_value_parse(FORM_DATE, 0, s, v) == FORM_IN_OK;
    snprintf(key, sizeof(key), "%sString", prefix);
    s = fjson_str(obj, key);
    if (s)
        return form_value_parse(FORM_STRING, 0, s, v) == FORM_IN_OK;
    snprintf(key, sizeof(key), "%sCoding", prefix);
    struct fjson *c = fjson_get(obj, key);
    if (c) {
        const char *code = fjson_str(c, "code");
        if (!code || !code[0])
            return false;
        v->kind = FORM_V_CODING;
        v->code = form_strdup(f, code);
        v->system = form_strdup(f, fjson_str(c, "system") ? fjson_str(c, "system") : "");
        kstr_copy(v->text, sizeof(v->text), fjson_str(c, "display") ? fjson_str(c, "display") : "");
        return v->code && v->system;
    }
    return false;
}

/* An option's display: the coding's display (+ _display translations), or
 * the string itself, or the number's text. */
static void option_display(struct form *f, struct fjson *opt, struct form_option *o)
{
    struct fjson *c = fjson_get(opt, "valueCoding");
    if (c) {
        read_text(f, c, "display", &o->display);
        if (!o->display.base)
            o->display.base = o->value.code;
        return;
    }
    if (o->value.kind == FORM_V_INT) {
        o->display.base = form_strdup(f, fjson_number_text(fjson_get(opt, "valueInteger")));
        return;
    }
    o->display.base = form_strdup(f, o->value.text);
    read_translations(f, fjson_get(opt, "_valueString"), &o->display);
}

static struct fjson *contained(struct fjson *root, const char *ref)
{
    if (!ref || ref[0] != '#')
        return NULL;
    struct fjson *list = fjson_get(root, "contained");
    for (size_t i = 0; i < fjson_len(list); i++) {
        struct fjson *r = fjson_at(list, i);
        const char *id = fjson_str(r, "id");
        if (is_type(r, "ValueSet") && id && strcmp(id, ref + 1) == 0)
            return r;
    }
    return NULL;
}

static void read_options(struct form *f, struct fjson *root, struct fjson *item, int idx)
{
    struct fjson *opts = fjson_get(item, "answerOption");
    for (size_t k = 0; k < fjson_len(opts); k++) {
        struct fjson *opt = fjson_at(opts, k);
        struct form_value v;
        if (!read_value(f, opt, "value", &v)) {
            form_set_desk(f, "an answer option the kiosk cannot show");
            continue;
        }
        int o = form_add_option(f, idx, &v);
        if (o < 0)
            return;
        option_display(f, opt, &f->options[o]);
        bool sel = false;
        f->options[o].initial_selected = fjson_bool(fjson_get(opt, "initialSelected"), &sel) && sel;
    }
    const char *vs_ref = fjson_str(item, "answerValueSet");
    if (!vs_ref)
        return;
    /* Only a ValueSet expanded in the resource: the kiosk does not call a
     * terminology server while a patient waits. */
    struct fjson *contains = fjson_get(fjson_get(contained(root, vs_ref), "expansion"), "contains");
    if (fjson_len(contains) == 0) {
        form_set_desk(f, "an answerValueSet not expanded in the form");
        return;
    }
    for (size_t k = 0; k < fjson_len(contains); k++) {
        struct fjson *c = fjson_at(contains, k);
        const char *code = fjson_str(c, "code");
        if (!code || !code[0])
            continue;
        struct form_value v = {.kind = FORM_V_CODING};
        v.code = form_strdup(f, code);
        v.system = form_strdup(f, fjson_str(c, "system") ? fjson_str(c, "system") : "");
        kstr_copy(v.text, sizeof(v.text), fjson_str(c, "display") ? fjson_str(c, "display") : "");
        int o = form_add_option(f, idx, &v);
        if (o < 0 || !v.code || !v.system)
            return;
        read_text(f, c, "display", &f->options[o].display);
        if (!f->options[o].display.base)
            f->options[o].display.base = v.code;
    }
}

static void read_conditions(struct form *f, struct fjson *item, struct form_item *it)
{
    struct fjson *ew = fjson_get(item, "enableWhen");
    for (size_t k = 0; k < fjson_len(ew); k++) {
        struct fjson *c = fjson_at(ew, k);
        if (it->cond_count >= FORM_MAX_CONDS) {
            form_set_desk(f, "more enableWhen conditions than the kiosk evaluates");
            return;
        }
        struct form_cond *fc = &it->cond[it->cond_count];
        fc->question_link = form_strdup(f, fjson_str(c, "question"));
        if (!fc->question_link || !form_op_of(fjson_str(c, "operator"), &fc->op) ||
            !read_value(f, c, "answer", &fc->value)) {
            form_set_desk(f, "an enableWhen the kiosk cannot read");
            return;
        }
        it->cond_count++;
    }
    const char *beh = fjson_str(item, "enableBehavior");
    it->behavior_any = beh && strcmp(beh, "any") == 0;
    if (it->cond_count > 1 && !beh)
        form_set_desk(f, "enableWhen conditions without enableBehavior");
}

static void read_items(struct form *f, struct fjson *root, struct fjson *items, int parent);

static void read_item(struct form *f, struct fjson *root, struct fjson *item, int parent)
{
    int idx = form_add_item(f, parent, fjson_str(item, "linkId"), fjson_str(item, "type"));
    if (idx < 0)
        return;
    struct form_item *it = &f->items[idx];
    read_text(f, item, "text", &it->text);
    bool b = false;
    it->required = fjson_bool(fjson_get(item, "required"), &b) && b;
    it->repeats = fjson_bool(fjson_get(item, "repeats"), &b) && b;
    it->read_only = fjson_bool(fjson_get(item, "readOnly"), &b) && b;
    int64_t ml = 0;
    if (fjson_int(fjson_get(item, "maxLength"), &ml) && ml > 0 && ml < 100000)
        it->max_length = (int)ml;
    it->signature_required = extension(item, FHIR_EXT_SIGNATURE) != NULL;
    it->prefill = form_prefill_of(coding_code(fjson_get(item, "code"), LOINC), it->link_id);
    struct fjson *init = fjson_get(item, "initial");
    for (size_t k = 0; k < fjson_len(init) && it->initial_count < 2; k++) {
        struct form_value v;
        if (read_value(f, fjson_at(init, k), "value", &v))
            it->initial[it->initial_count++] = v;
        else
            form_set_desk(f, "an initial value the kiosk cannot read");
    }
    read_options(f, root, item, idx);
    read_conditions(f, item, &f->items[idx]);
    read_items(f, root, fjson_get(item, "item"), idx);
}

static void read_items(struct form *f, struct fjson *root, struct fjson *items, int parent)
{
    for (size_t i = 0; i < fjson_len(items); i++)
        read_item(f, root, fjson_at(items, i), parent);
}

static void read_consent(struct form *f, struct fjson *res)
{
    struct fjson *codes = fjson_get(res, "code"); /* Questionnaire.code: Coding[] */
    const char *scope = coding_code(codes, CONSENTSCOPE);
    if (scope) {
        if (strcmp(scope, "patient-privacy") == 0)
            f->consent = FORM_CONSENT_PRIVACY;
        else if (strcmp(scope, "treatment") == 0)
            f->consent = FORM_CONSENT_TREATMENT;
        else if (strcmp(scope, "research") == 0)
            f->consent = FORM_CONSENT_RESEARCH;
        else
            form_set_desk(f, "a consent scope the kiosk does not record");
    }
    f->consent_category = form_strdup(f, coding_code(codes, LOINC));
    if (f->consent != FORM_CONSENT_NONE && !f->consent_category)
        form_set_desk(f, "a consent without a LOINC category");
}

static int estimate_minutes(const struct form *f)
{
    int q = 0;
    for (int i = 0; i < f->item_count; i++)
        if (form_type_is_question(f->items[i].type))
            q++;
    return q / 4 + 1;
}

enum kiosk_err fhir_read_questionnaire(struct fjson *res, struct form *out)
{
    if (!is_type(res, "Questionnaire"))
        return refuse("entry", "resourceType Questionnaire");
    const char *url = fjson_str(res, "url");
    if (!url || !url[0] || strlen(url) >= FHIR_CANONICAL_MAX || strchr(url, '|'))
        return refuse("Questionnaire", "a usable url");
    out->url = form_strdup(out, url);
    out->version = form_strdup(out, fjson_str(res, "version") ? fjson_str(res, "version") : "");
    const char *lang = fjson_str(res, "language");
    out->lang = form_strdup(out, lang && lang[0] ? lang : "en");
    read_text(out, res, "title", &out->title);
    if (!out->title.base)
        read_text(out, res, "name", &out->title);
    out->signature_required = extension(res, FHIR_EXT_SIGNATURE) != NULL;
    read_consent(out, res);
    read_items(out, res, fjson_get(res, "item"), -1);
    form_finish(out);
    int64_t minutes = 0;
    struct fjson *m = extension(res, FHIR_EXT_MINUTES);
    if (fjson_int(fjson_get(m, "valueInteger"), &minutes) && minutes > 0 && minutes < 240)
        out->minutes = (int)minutes;
    else
        out->minutes = estimate_minutes(out);
    const char *status = fjson_str(res, "status");
    if (status && strcmp(status, "retired") == 0)
        form_set_desk(out, "a retired form");
    if (!out->url || !out->version || !out->lang)
        form_set_desk(out, "the form's texts are too long for the kiosk");
    return KIOSK_OK;
}
