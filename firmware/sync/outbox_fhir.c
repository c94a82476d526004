/* Each kind of outbox record as the FHIR resource the server keeps: a
 * table indexed by enum outbox_kind, one to_fhir a kind.
 *
 * help.request, billing.question, details.change and coverage.change
 * become a Task for staff (a changed insurance with a draft Coverage
 * contained in it, for staff to verify); device.alert,
 * update.result and staff.alert a Communication; payment.posted a
 * PaymentReconciliation. All are identified by the outbox key
 * (urn:ietf:rfc:3986|urn:uuid:<key>), which push.c also names in
 * If-None-Exist. appointment.arrived is no new resource: push.c sets the
 * server's Appointment to "arrived".
 *
 * To add a kind: see OUTBOX_KINDS in firmware/outbox/outbox.h. Its row here
 * is <member>_fhir; the build fails without it. */
#include "outbox_fhir.h"
#include "sync_private.h"
#include "sync_testing.h"

#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#define KEY_SYSTEM "urn:ietf:rfc:3986"

/* What every to_fhir is given. */
struct fhir_in {
    const struct outbox_record *rec;
    const char *key;
    const char *kiosk_location;
    char when[40]; /* rec->at_ms as an instant */
    char *why;     /* the reason when the record cannot be sent */
    size_t why_size;
};

struct fhir_row {
    const char *type; /* the resourceType */
    /* The resource; NULL with in->why set when the record cannot be sent.
     * NULL function: not a create (appointment.arrived). */
    json_object *(*to_fhir)(struct fhir_in *in);
};

/* --- pieces of resources ----------------------------------------------------------------- */

static json_object *str(const char *s)
{
    return json_object_new_string(s ? s : "");
}

static void add(json_object *o, const char *key, json_object *v)
{
    json_object_object_add(o, key, v);
}

static json_object *refuse(struct fhir_in *in, const char *why)
{
    kstr_copy(in->why, in->why_size, why);
    return NULL;
}

/* The record's own words, or what was always said for a missing one. */
static const char * or (const char *s, const char *fallback)
{
    return s[0] ? s : fallback;
}

static const char *place(const struct fhir_in *in, const char *location)
{
    return location && location[0] ? location : in->kiosk_location;
}

static json_object *key_identifier(const char *key)
{
    char value[80];
    snprintf(value, sizeof(value), "urn:uuid:%s", key);
    json_object *id = json_object_new_object();
    add(id, "system", str(KEY_SYSTEM));
    add(id, "value", str(value));
    json_object *list = json_object_new_array();
    json_object_array_add(list, id);
    return list;
}

static json_object *text_concept(const char *text)
{
    json_object *cc = json_object_new_object();
    add(cc, "text", str(text));
    return cc;
}

static json_object *reference(const char *type, const char *id)
{
    char ref[2 * KIOSK_IDENT_MAX + 16];
    snprintf(ref, sizeof(ref), "%s/%s", type, id);
    json_object *r = json_object_new_object();
    add(r, "reference", str(ref));
    return r;
}

/* Communication to staff: what happened at which kiosk, nothing about who. */
static json_object *communication(const struct fhir_in *in, const char *category, const char *text)
{
    json_object *c = json_object_new_object();
    add(c, "resourceType", str("Communication"));
    add(c, "identifier", key_identifier(in->key));
    add(c, "status", str("completed"));
    json_object *cats = json_object_new_array();
    json_object_array_add(cats, text_concept(category));
    add(c, "category", cats);
    add(c, "priority", str("urgent"));
    add(c, "sent", str(in->when));
    json_object *payloads = json_object_new_array();
    json_object *p = json_object_new_object();
    add(p, "contentString", str(text));
    json_object_array_add(payloads, p);
    add(c, "payload", payloads);
    return c;
}

/* A Task for staff, keyed by the outbox key. */
static json_object *task(const struct fhir_in *in, const char *priority, const char *code_text,
                         const char *text)
{
    json_object *t = json_object_new_object();
    add(t, "resourceType", str("Task"));
    add(t, "identifier", key_identifier(in->key));
    add(t, "status", str("requested"));
    add(t, "intent", str("order"));
    add(t, "priority", str(priority));
    add(t, "code", text_concept(code_text));
    add(t, "description", str(text));
    add(t, "authoredOn", str(in->when));
    return t;
}

/* Money as its exact decimal text, never a double's rounding. */
static json_object *money(const char *amount, const char *currency)
{
    json_object *m = json_object_new_object();
    add(m, "value", json_object_new_double_s(0, amount));
    add(m, "currency", str(currency));
    return m;
}

/* --- one to_fhir a kind ------------------------------------------------------------------- */

static const struct fhir_row arrived_fhir = {"Appointment", NULL};

/* What staff read for the reason a patient gave (outbox_help.reason). */
static const char *help_reason_text(const char *reason)
{
    static const struct {
        const char *id, *text;
    } reasons[] = {
        {"wheelchair", "needs a wheelchair"},        {"interpreter", "needs an interpreter"},
        {"forms", "needs help with forms"},          {"billing", "has a billing question"},
        {"other", "needs help with something else"},
    };
    for (size_t i = 0; reason && i < sizeof(reasons) / sizeof(reasons[0]); i++)
        if (!strcmp(reason, reasons[i].id))
            return reasons[i].text;
    return NULL;
}

static json_object *help_to_fhir(struct fhir_in *in)
{
    const struct outbox_help *h = &in->rec->help;
    char text[480];
    const char *why = help_reason_text(h->reason);
    int n = snprintf(text, sizeof(text),
                     "A patient at the kiosk in %s asked for help (screen: %s, language: %s).",
                     place(in, h->location), or (h->screen, "?"), or (h->lang, "?"));
    if (why && n > 0 && (size_t)n < sizeof(text))
        snprintf(text + n, sizeof(text) - (size_t)n, " The patient %s.", why);
    json_object *t = task(in, "urgent", "Patient asked for help at a kiosk", text);
    if (t && why) {
        /* The reason as its own element too (R4 Task.reasonCode, 0..1). */
        add(t, "reasonCode", text_concept(why));
    }
    return t;
}
static const struct fhir_row help_fhir = {"Task", help_to_fhir};

/* The patient chose to leave a number: billing staff call back. */
static json_object *billing_to_fhir(struct fhir_in *in)
{
    const struct outbox_billing *b = &in->rec->billing;
    char text[400];
    if (!b->phone[0])
        return refuse(in, "billing question without a callback number");
    snprintf(text, sizeof(text),
             "A patient at the kiosk in %s asks billing to call back about: %s. "
             "Call %s (language: %s).",
             place(in, b->location),
             strcmp(b->topic, "plan") == 0        ? "a payment plan"
             : strcmp(b->topic, "insurance") == 0 ? "insurance"
             : strcmp(b->topic, "bill") == 0      ? "a question about a bill"
                                                  : "a billing question",
             b->phone, or (b->lang, "?"));
    json_object *t = task(in, "routine", "Billing callback requested at a kiosk", text);
    if (b->invoice[0])
        add(t, "focus", reference("Invoice", b->invoice));
    return t;
}
static const struct fhir_row billing_fhir = {"Task", billing_to_fhir};

static json_object *device_to_fhir(struct fhir_in *in)
{
    const struct outbox_device *d = &in->rec->device;
    char text[400];
    snprintf(text, sizeof(text), "Kiosk in %s: %s: %s.", place(in, d->location),
             or (d->device, "device"), or (d->state, "needs attention"));
    return communication(in, "Kiosk device alert", text);
}
static const struct fhir_row device_fhir = {"Communication", device_to_fhir};

static json_object *update_to_fhir(struct fhir_in *in)
{
    const struct outbox_update *u = &in->rec->update;
    char text[400];
    snprintf(text, sizeof(text), "Kiosk in %s: software %s: %s.", place(in, u->location),
             or (u->version, "?"), or (u->result, "?"));
    return communication(in, "Kiosk software update", text);
}
static const struct fhir_row update_fhir = {"Communication", update_to_fhir};

static json_object *staff_to_fhir(struct fhir_in *in)
{
    char text[400];
    snprintf(text, sizeof(text), "Kiosk in %s: %s", place(in, NULL),
             or (in->rec->staff.text, "please check"));
    return communication(in, "Kiosk alert", text);
}
static const struct fhir_row staff_fhir = {"Communication", staff_to_fhir};

/* Posted with the time of the approval: created and paymentDate. */
static json_object *payment_to_fhir(struct fhir_in *in)
{
    const struct outbox_payment *p = &in->rec->payment;
    char amount[32], day[11];
    if (p->amount_minor <= 0 || strlen(p->currency) != 3)
        return refuse(in, "payment entry without a usable amount or currency");
    snprintf(amount, sizeof(amount), "%lld.%02lld", (long long)(p->amount_minor / 100),
             (long long)(p->amount_minor % 100));
    kstr_copy(day, sizeof(day), in->when);
    json_object *pr = json_object_new_object();
    add(pr, "resourceType", str("PaymentReconciliation"));
    add(pr, "identifier", key_identifier(in->key));
    add(pr, "status", str("active"));
    add(pr, "created", str(in->when));
    add(pr, "outcome", str("complete"));
    add(pr, "disposition", str("Paid at a self-service kiosk by card"));
    add(pr, "paymentDate", str(day));
    add(pr, "paymentAmount", money(amount, p->currency));
    if (p->auth_code[0]) {
        json_object *pid = json_object_new_object();
        add(pid, "value", str(p->auth_code));
        add(pr, "paymentIdentifier", pid);
    }
    if (p->invoice[0]) {
        json_object *detail = json_object_new_object();
        json_object *dtype = json_object_new_object();
        json_object *codings = json_object_new_array();
        json_object *coding = json_object_new_object();
        add(coding, "system", str("http://terminology.hl7.org/CodeSystem/payment-type"));
        add(coding, "code", str("payment"));
        json_object_array_add(codings, coding);
        add(dtype, "coding", codings);
        add(detail, "type", dtype);
        add(detail, "request", reference("Invoice", p->invoice));
        add(detail, "amount", money(amount, p->currency));
        json_object *details = json_object_new_array();
        json_object_array_add(details, detail);
        add(pr, "detail", details);
    }
    return pr;
}
static const struct fhir_row payment_fhir = {"PaymentReconciliation", payment_to_fhir};

/* A completed form: its QuestionnaireResponse, naming the version answered.
 * push.c then records a consent's Consent and completes the Task. */
static json_object *form_to_fhir(struct fhir_in *in)
{
    const struct outbox_form *f = &in->rec->form;
    char value[80];
    if (!f->patient[0] || !f->questionnaire[0] || !strchr(f->questionnaire, '|'))
        return refuse(in, "form entry without a patient or a questionnaire version");
    json_object *items = json_tokener_parse(f->items);
    if (!items || !json_object_is_type(items, json_type_array)) {
        json_object_put(items);
        return refuse(in, "form entry whose answers are not readable");
    }
    json_object *qr = json_object_new_object();
    add(qr, "resourceType", str("QuestionnaireResponse"));
    if (f->lang[0])
        add(qr, "language", str(f->lang));
    json_object *id = json_object_new_object(); /* 0..1 here, not a list */
    snprintf(value, sizeof(value), "urn:uuid:%s", in->key);
    add(id, "system", str(KEY_SYSTEM));
    add(id, "value", str(value));
    add(qr, "identifier", id);
    add(qr, "questionnaire", str(f->questionnaire));
    add(qr, "status", str("completed"));
    add(qr, "subject", reference("Patient", f->patient));
    add(qr, "authored", str(in->when));
    add(qr, "source", reference("Patient", f->patient));
    if (f->signature[0] && f->sig_format[0]) {
        json_object *sig = json_object_new_object();
        json_object *types = json_object_new_array();
        json_object *coding = json_object_new_object();
        add(coding, "system", str("urn:iso-astm:E1762-95:2013"));
        add(coding, "code", str("1.2.840.10065.1.12.1.7"));
        add(coding, "display", str("Consent Signature"));
        json_object_array_add(types, coding);
        add(sig, "type", types);
        add(sig, "when", str(in->when));
        add(sig, "who", reference("Patient", f->patient));
        add(sig, "sigFormat", str(f->sig_format));
        add(sig, "data", str(f->signature));
        json_object *ext = json_object_new_object();
        add(ext, "url",
            str("http://hl7.org/fhir/StructureDefinition/questionnaireresponse-signature"));
        add(ext, "valueSignature", sig);
        json_object *exts = json_object_new_array();
        json_object_array_add(exts, ext);
        add(qr, "extension", exts);
    }
    add(qr, "item", items);
    return qr;
}
static const struct fhir_row form_fhir = {"QuestionnaireResponse", form_to_fhir};

json_object *outbox_fhir_consent(const struct outbox_record *rec, const char *key,
                                 const char *response_id, char *why, size_t why_size)
{
    const struct outbox_form *f = &rec->form;
    char when[40], policy[256], ref[KIOSK_IDENT_MAX + 32];
    if (rec->kind != OUTBOX_FORM_RESPONSE || !f->consent[0] || !f->category[0]) {
        kstr_copy(why, why_size, "not a consent");
        return NULL;
    }
    bool permit = strcmp(f->decision, "permit") == 0;
    if (!permit && strcmp(f->decision, "deny") != 0) {
        kstr_copy(why, why_size, "consent entry without a decision");
        return NULL;
    }
    sync_format_instant(rec->at_ms, when, sizeof(when));
    kstr_copy(policy, sizeof(policy), f->questionnaire);
    policy[strcspn(policy, "|")] = '\0';
    json_object *c = json_object_new_object();
    add(c, "resourceType", str("Consent"));
    add(c, "identifier", key_identifier(key));
    /* R4 Consent.status: a declined consent is "rejected" with a deny provision. */
    add(c, "status", str(permit ? "active" : "rejected"));
    json_object *scope = json_object_new_object();
    json_object *sc = json_object_new_array();
    json_object *scode = json_object_new_object();
    add(scode, "system", str("http://terminology.hl7.org/CodeSystem/consentscope"));
    add(scode, "code", str(f->consent));
    json_object_array_add(sc, scode);
    add(scope, "coding", sc);
    add(c, "scope", scope);
    json_object *cats = json_object_new_array();
    json_object *cat = json_object_new_object();
    json_object *cc = json_object_new_array();
    json_object *ccode = json_object_new_object();
    add(ccode, "system", str("http://loinc.org"));
    add(ccode, "code", str(f->category));
    json_object_array_add(cc, ccode);
    add(cat, "coding", cc);
    json_object_array_add(cats, cat);
    add(c, "category", cats);
    add(c, "patient", reference("Patient", f->patient));
    add(c, "dateTime", str(when));
    json_object *policies = json_object_new_array();
    json_object *pol = json_object_new_object();
    add(pol, "uri", str(policy));
    json_object_array_add(policies, pol);
    add(c, "policy", policies);
    snprintf(ref, sizeof(ref), "QuestionnaireResponse/%s", response_id);
    json_object *src = json_object_new_object();
    add(src, "reference", str(ref));
    add(c, "sourceReference", src);
    json_object *prov = json_object_new_object();
    add(prov, "type", str(permit ? "permit" : "deny"));
    add(c, "provision", prov);
    return c;
}
/* One proposed value: Task.input with a text type and a string. */
static void add_input(json_object *inputs, const char *type, const char *value)
{
    if (!value[0])
        return;
    json_object *in = json_object_new_object();
    add(in, "type", text_concept(type));
    add(in, "valueString", str(value));
    json_object_array_add(inputs, in);
}

/* The patient typed new contact details: registration staff check them
 * and update the record (the kiosk never writes the Patient). */
static json_object *details_to_fhir(struct fhir_in *in)
{
    const struct outbox_details *d = &in->rec->details;
    char text[400], what[120] = "";
    if (!d->patient[0])
        return refuse(in, "contact details change without a patient");
    json_object *inputs = json_object_new_array();
    add_input(inputs, "phone", d->phone);
    add_input(inputs, "email", d->email);
    add_input(inputs, "address-line", d->line);
    add_input(inputs, "address-city", d->city);
    add_input(inputs, "address-postalCode", d->postal);
    add_input(inputs, "address-country", d->country);
    add_input(inputs, "emergency-contact-name", d->contact_name);
    add_input(inputs, "emergency-contact-phone", d->contact_phone);
    if (json_object_array_length(inputs) == 0) {
        json_object_put(inputs);
        return refuse(in, "contact details change without a value");
    }
    if (d->phone[0])
        kstr_append(what, sizeof(what), "phone, ");
    if (d->email[0])
        kstr_append(what, sizeof(what), "e-mail, ");
    if (d->line[0] || d->city[0] || d->postal[0])
        kstr_append(what, sizeof(what), "postal address, ");
    if (d->contact_name[0] || d->contact_phone[0])
        kstr_append(what, sizeof(what), "emergency contact, ");
    what[strlen(what) >= 2 ? strlen(what) - 2 : 0] = '\0';
    snprintf(text, sizeof(text),
             "A patient at the kiosk in %s says their %s changed. Please check the new values "
             "with them and update the record (language: %s).",
             place(in, d->location), what, or (d->lang, "?"));
    json_object *t = task(in, "routine", "Update the patient's contact details", text);
    add(t, "for", reference("Patient", d->patient));
    add(t, "input", inputs);
    return t;
}
static const struct fhir_row details_fhir = {"Task", details_to_fhir};

/* A draft Coverage as the patient told it, contained in the Task. */
static json_object *draft_coverage(const struct outbox_coverage *c)
{
    json_object *cov = json_object_new_object();
    add(cov, "resourceType", str("Coverage"));
    add(cov, "id", str("proposed"));
    add(cov, "status", str("draft"));
    if (c->member_id[0])
        add(cov, "subscriberId", str(c->member_id));
    add(cov, "beneficiary", reference("Patient", c->patient));
    if (c->relationship[0]) {
        json_object *rel = json_object_new_object(), *codings = json_object_new_array();
        json_object *coding = json_object_new_object();
        add(coding, "system", str("http://terminology.hl7.org/CodeSystem/subscriber-relationship"));
        add(coding, "code", str(c->relationship));
        json_object_array_add(codings, coding);
        add(rel, "coding", codings);
        add(cov, "relationship", rel);
    }
    json_object *payors = json_object_new_array(), *payor = json_object_new_object();
    add(payor, "display", str(c->payor));
    json_object_array_add(payors, payor);
    add(cov, "payor", payors);
    return cov;
}

/* The patient says their insurance changed, or that they have none now:
 * staff verify it before the visit is billed. */
static json_object *coverage_to_fhir(struct fhir_in *in)
{
    const struct outbox_coverage *c = &in->rec->coverage;
    char text[400];
    bool none = strcmp(c->change, "none") == 0;
    if (!c->patient[0])
        return refuse(in, "insurance change without a patient");
    if (!none && (strcmp(c->change, "changed") != 0 || !c->payor[0]))
        return refuse(in, "insurance change without a payer");
    snprintf(text, sizeof(text),
             none ? "A patient at the kiosk in %s says they have no insurance now. Please check "
                    "with them before the visit (language: %s)."
                  : "A patient at the kiosk in %s says their insurance changed. Please verify "
                    "the draft coverage with them before the visit (language: %s).",
             place(in, c->location), or (c->lang, "?"));
    json_object *t = task(in, "routine", "Verify the patient's insurance", text);
    add(t, "for", reference("Patient", c->patient));
    json_object *inputs = json_object_new_array();
    if (none) {
        add_input(inputs, "coverage", "none");
        if (c->old_coverage[0])
            add(t, "focus", reference("Coverage", c->old_coverage));
    } else {
        json_object *contained = json_object_new_array();
        json_object_array_add(contained, draft_coverage(c));
        add(t, "contained", contained);
        json_object *focus = json_object_new_object();
        add(focus, "reference", str("#proposed"));
        add(t, "focus", focus);
        json_object *input = json_object_new_object();
        add(input, "type", text_concept("proposed-coverage"));
        json_object *ref = json_object_new_object();
        add(ref, "reference", str("#proposed"));
        add(input, "valueReference", ref);
        json_object_array_add(inputs, input);
        if (c->old_coverage[0])
            add_input(inputs, "replaces-coverage", c->old_coverage);
    }
    add(t, "input", inputs);
    return t;
}
static const struct fhir_row coverage_fhir = {"Task", coverage_to_fhir};

/* A receipt to send to the patient by SMS or e-mail: a Communication for
 * the hospital's messaging system, with the receipt's words and its link.
 * A number or address typed at the kiosk rides in an extension (the
 * patient's telecom on file is used otherwise). */
static json_object *receipt_to_fhir(struct fhir_in *in)
{
    const struct outbox_receipt *r = &in->rec->receipt;
    bool sms = strcmp(r->channel, "sms") == 0;
    char amount[64], text[600];
    if (!r->patient[0] || (!sms && strcmp(r->channel, "email") != 0))
        return refuse(in, "receipt without a patient or a channel");
    if (r->amount_minor <= 0 || strlen(r->currency) != 3)
        return refuse(in, "receipt without a usable amount or currency");
    snprintf(amount, sizeof(amount), "%lld.%02lld %s", (long long)(r->amount_minor / 100),
             (long long)(r->amount_minor % 100), r->currency);
    snprintf(text, sizeof(text),
             "Payment receipt. Paid %s at a self-service kiosk%s%s%s%s. Authorisation code: %s. "
             "Statement: %s. Receipt number: %s.",
             amount, r->card[0] ? " (" : "", r->card, r->card[0] ? ")" : "", "",
             or (r->auth_code, "-"), or (r->invoice, "-"), or (r->payment, "-"));
    json_object *c = json_object_new_object();
    add(c, "resourceType", str("Communication"));
    add(c, "identifier", key_identifier(in->key));
    if (r->to[0]) {
        json_object *exts = json_object_new_array(), *ext = json_object_new_object();
        json_object *cp = json_object_new_object();
        add(cp, "system", str(sms ? "sms" : "email"));
        add(cp, "value", str(r->to));
        add(ext, "url", str("https://carekiosk.example/fhir/StructureDefinition/send-to"));
        add(ext, "valueContactPoint", cp);
        json_object_array_add(exts, ext);
        add(c, "extension", exts);
    }
    add(c, "status", str("preparation"));
    json_object *cats = json_object_new_array();
    json_object_array_add(cats, text_concept("Payment receipt"));
    add(c, "category", cats);
    json_object *media = json_object_new_array(), *m = json_object_new_object();
    json_object *codings = json_object_new_array(), *coding = json_object_new_object();
    add(coding, "system", str("http://terminology.hl7.org/CodeSystem/v3-ParticipationMode"));
    add(coding, "code", str(sms ? "SMSWRIT" : "EMAILWRIT"));
    json_object_array_add(codings, coding);
    add(m, "coding", codings);
    json_object_array_add(media, m);
    add(c, "medium", media);
    add(c, "subject", reference("Patient", r->patient));
    json_object *recipients = json_object_new_array();
    json_object_array_add(recipients, reference("Patient", r->patient));
    add(c, "recipient", recipients);
    add(c, "sent", str(in->when));
    if (r->invoice[0]) {
        json_object *about = json_object_new_array();
        json_object_array_add(about, reference("Invoice", r->invoice));
        add(c, "about", about);
    }
    json_object *payloads = json_object_new_array(), *p = json_object_new_object();
    add(p, "contentString", str(text));
    json_object_array_add(payloads, p);
    if (r->link[0]) {
        json_object *pl = json_object_new_object(), *att = json_object_new_object();
        add(att, "contentType", str("text/html"));
        add(att, "url", str(r->link));
        add(att, "title", str("Your receipt online"));
        add(pl, "contentAttachment", att);
        json_object_array_add(payloads, pl);
    }
    add(c, "payload", payloads);
    json_object *lang = json_object_new_string(r->lang[0] ? r->lang : "en");
    add(c, "language", lang);
    return c;
}
static const struct fhir_row receipt_fhir = {"Communication", receipt_to_fhir};

/* --- the table ---------------------------------------------------------------------------- */

#define FHIR_ROW(k, member, stored) [OUTBOX_##k] = &member##_fhir,
static const struct fhir_row *const rows[] = {OUTBOX_KINDS(FHIR_ROW)};
#undef FHIR_ROW
_Static_assert(sizeof(rows) / sizeof(rows[0]) == OUTBOX_KIND_COUNT, "a FHIR row for every kind");

bool outbox_fhir_creates(enum outbox_kind kind)
{
    return (unsigned)kind < OUTBOX_KIND_COUNT && rows[kind]->to_fhir;
}

json_object *outbox_fhir_resource(const struct outbox_record *rec, const char *key,
                                  const char *kiosk_location, const char **type, char *why,
                                  size_t why_size)
{
    struct fhir_in in = {rec, key, kiosk_location ? kiosk_location : "", "", why, why_size};
    if (why_size)
        why[0] = '\0';
    if (!rec || !outbox_fhir_creates(rec->kind))
        return refuse(&in, "unknown kind of outbox entry");
    sync_format_instant(rec->at_ms, in.when, sizeof(in.when));
    *type = rows[rec->kind]->type;
    return rows[rec->kind]->to_fhir(&in);
}

enum kiosk_err sync_outbox_resource_text(const struct outbox_record *rec, const char *key,
                                         const char *kiosk_location, char **json, const char **type,
                                         char *why, size_t why_size)
{
    *json = NULL;
    json_object *res = outbox_fhir_resource(rec, key, kiosk_location, type, why, why_size);
    if (!res)
        return KIOSK_ERR_INVALID;
    *json = kmem_strdup(json_object_to_json_string_ext(res, JSON_C_TO_STRING_PLAIN |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(res);
    return *json ? KIOSK_OK : KIOSK_ERR_NOMEM;
}
