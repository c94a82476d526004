/* A form's answers as QuestionnaireResponse.item JSON (forms.h). Written by
 * hand over a bounded buffer: core's jsonw writes flat objects only. */
#include "forms.h"

#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <stdio.h>
#include <string.h>

struct out {
    char *buf;
    size_t size, len;
    bool full, bad;
};

static void put(struct out *o, const char *s)
{
    size_t n = strlen(s);
    if (o->full || o->len + n >= o->size) {
        o->full = true;
        return;
    }
    memcpy(o->buf + o->len, s, n + 1);
    o->len += n;
}

/* A JSON string (RFC 8259 escaping; valid UTF-8 only). */
static void put_str(struct out *o, const char *s)
{
    if (!kstr_utf8_valid(s, strlen(s))) {
        o->bad = true;
        return;
    }
    put(o, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            esc[2] = '\0';
        } else if (*p == '\n') {
            strcpy(esc, "\\n");
        } else if (*p < 0x20) {
            snprintf(esc, sizeof(esc), "\\u%04x", *p);
        } else {
            esc[0] = (char)*p;
            esc[1] = '\0';
        }
        put(o, esc);
    }
    put(o, "\"");
}

static void put_key(struct out *o, const char *key)
{
    put_str(o, key);
    put(o, ":");
}

static void put_value(struct out *o, const struct form_item *it, const struct form_value *v)
{
    char num[32];
    switch (v->kind) {
    case FORM_V_BOOL:
        put_key(o, "valueBoolean");
        put(o, v->b ? "true" : "false");
        break;
    case FORM_V_INT:
        put_key(o, "valueInteger");
        snprintf(num, sizeof(num), "%lld", (long long)v->i);
        put(o, num);
        break;
    case FORM_V_DEC:
        put_key(o, "valueDecimal");
        put(o, v->text); /* checked by form_value_parse: digits, one point, a sign */
        break;
    case FORM_V_DATE:
        put_key(o, "valueDate");
        put_str(o, v->text);
        break;
    case FORM_V_STRING:
        put_key(o, "valueString");
        put_str(o, v->text);
        break;
    case FORM_V_CODING:
        put_key(o, "valueCoding");
        put(o, "{");
        if (v->system && v->system[0]) {
            put_key(o, "system");
            put_str(o, v->system);
            put(o, ",");
        }
        put_key(o, "code");
        put_str(o, v->code ? v->code : "");
        if (v->text[0]) {
            put(o, ",");
            put_key(o, "display");
            put_str(o, v->text);
        }
        put(o, "}");
        break;
    default:
        o->bad = true;
    }
    (void)it;
}

static bool direct_child(const struct form *f, int parent, int i)
{
    return f->items[i].parent == parent;
}

/* Whether item i (enabled) has an answer in it or below it. */
static bool has_content(const struct form *f, const struct form_answers *a, const bool *en, int i)
{
    if (!en[i])
        return false;
    if (form_type_is_question(f->items[i].type) && a->count[i] > 0)
        return true;
    for (int k = i + 1; k < f->item_count && f->items[k].depth > f->items[i].depth; k++)
        if (en[k] && form_type_is_question(f->items[k].type) && a->count[k] > 0)
            return true;
    return false;
}

static void put_items(struct out *o, const struct form *f, const struct form_answers *a,
                      const bool *en, int parent);

static void put_item(struct out *o, const struct form *f, const struct form_answers *a,
                     const bool *en, int i)
{
    const struct form_item *it = &f->items[i];
    put(o, "{");
    put_key(o, "linkId");
    put_str(o, it->link_id);
    if (it->text.base) {
        put(o, ",");
        put_key(o, "text");
        put_str(o, it->text.base);
    }
    if (it->type == FORM_GROUP) {
        put(o, ",");
        put_key(o, "item");
        put_items(o, f, a, en, i);
    } else {
        put(o, ",");
        put_key(o, "answer");
        put(o, "[");
        for (int k = 0; k < a->count[i]; k++) {
            if (k)
                put(o, ",");
            put(o, "{");
            put_value(o, it, &a->v[i][k]);
            /* Questions under a question go with its (first) answer. */
            bool nested = false;
            for (int c = i + 1; k == 0 && c < f->item_count && f->items[c].depth > it->depth; c++)
                if (direct_child(f, i, c) && has_content(f, a, en, c))
                    nested = true;
            if (nested) {
                put(o, ",");
                put_key(o, "item");
                put_items(o, f, a, en, i);
            }
            put(o, "}");
        }
        put(o, "]");
    }
    put(o, "}");
}

static void put_items(struct out *o, const struct form *f, const struct form_answers *a,
                      const bool *en, int parent)
{
    bool first = true;
    put(o, "[");
    for (int i = parent + 1; i < f->item_count; i++) {
        if (parent >= 0 && f->items[i].depth <= f->items[parent].depth)
            break;
        if (!direct_child(f, parent, i) || f->items[i].type == FORM_DISPLAY ||
            !has_content(f, a, en, i))
            continue;
        if (!first)
            put(o, ",");
        first = false;
        put_item(o, f, a, en, i);
    }
    put(o, "]");
}

enum kiosk_err form_response_items(const struct form *f, const struct form_answers *a, char *out,
                                   size_t size)
{
    bool en[FORM_MAX_ITEMS];
    struct out o = {out, size, 0, false, false};
    if (!f || !a || !out || size == 0)
        return KIOSK_ERR_INVALID;
    out[0] = '\0';
    form_enabled(f, a, en);
    put_items(&o, f, a, en, -1);
    if (o.bad || o.full) {
        out[0] = '\0';
        return o.bad ? KIOSK_ERR_INVALID : KIOSK_ERR_TOO_BIG;
    }
    return KIOSK_OK;
}

static const char *const consent_codes[] = {
    [FORM_CONSENT_NONE] = "",
    [FORM_CONSENT_PRIVACY] = "patient-privacy",
    [FORM_CONSENT_TREATMENT] = "treatment",
    [FORM_CONSENT_RESEARCH] = "research",
};

/* The item holding a consent's decision. */
static int decision_item(const struct form *f)
{
    for (int i = 0; i < f->item_count; i++)
        if (f->items[i].signature_required && form_type_is_question(f->items[i].type))
            return i;
    for (int i = 0; i < f->item_count; i++)
        if (f->items[i].type == FORM_CHOICE || f->items[i].type == FORM_BOOLEAN)
            return i;
    return -1;
}

static bool agreed(const struct form *f, const struct form_answers *a)
{
    int d = decision_item(f);
    if (d < 0 || a->count[d] != 1 || !form_item_enabled(f, a, d))
        return false;
    const struct form_value *v = &a->v[d][0];
    return (v->kind == FORM_V_BOOL && v->b) ||
           (v->kind == FORM_V_CODING && v->code && strcmp(v->code, "agree") == 0);
}

static bool copy(char *dst, size_t size, const char *src)
{
    return kstr_copy(dst, size, src ? src : "");
}

enum kiosk_err form_outbox_record(const struct form *f, const struct form_answers *a,
                                  const struct form_submit *who, struct outbox_record *out)
{
    memset(out, 0, sizeof(*out));
    out->kind = OUTBOX_FORM_RESPONSE;
    out->at_ms = who->at_ms;
    struct outbox_form *r = &out->form;
    if (form_desk_reason(f)) {
        kiosk_err_set_detail("forms: this form is filled at the desk");
        return KIOSK_ERR_INVALID;
    }
    int missing = form_first_missing(f, a);
    if (missing >= 0) {
        kiosk_err_set_detail("forms: a required question is not answered");
        return KIOSK_ERR_INVALID;
    }
    bool permit = f->consent != FORM_CONSENT_NONE && agreed(f, a);
    bool signed_ = who->signature && who->signature[0] && who->sig_format && who->sig_format[0];
    /* A declined consent needs no signature; an agreed one that asks for
     * one does. */
    if (f->signature_required && (f->consent == FORM_CONSENT_NONE || permit) && !signed_) {
        kiosk_err_set_detail("forms: the form asks for a signature");
        return KIOSK_ERR_INVALID;
    }
    char version_ref[sizeof(r->questionnaire)];
    snprintf(version_ref, sizeof(version_ref), "%s|%s", f->url ? f->url : "",
             f->version ? f->version : "");
    if (!copy(r->task, sizeof(r->task), who->task) ||
        !copy(r->patient, sizeof(r->patient), who->patient) ||
        !copy(r->appointment, sizeof(r->appointment), who->appointment) ||
        !copy(r->questionnaire, sizeof(r->questionnaire), version_ref) ||
        !copy(r->lang, sizeof(r->lang), who->lang) ||
        !copy(r->consent, sizeof(r->consent), consent_codes[f->consent]) ||
        !copy(r->category, sizeof(r->category), f->consent_category) ||
        !copy(r->decision, sizeof(r->decision),
              f->consent == FORM_CONSENT_NONE ? ""
              : permit                        ? "permit"
                                              : "deny") ||
        !copy(r->sig_format, sizeof(r->sig_format), signed_ ? who->sig_format : "") ||
        !copy(r->signature, sizeof(r->signature), signed_ ? who->signature : "")) {
        kmem_wipe(out, sizeof(*out));
        return KIOSK_ERR_TOO_BIG;
    }
    enum kiosk_err err = form_response_items(f, a, r->items, sizeof(r->items));
    if (err != KIOSK_OK)
        kmem_wipe(out, sizeof(*out));
    return err;
}
