/* Contact details and insurance after check-in (flow_details.c): what the
 * cache has, read for the flow; the patient's changes queued for staff as
 * outbox records; the view, masked. No value of the record or of the
 * patient's answers is ever logged: counts and kinds only. */
#include "firmware/app/app_private.h"
#include "firmware/core/log.h"
#include "firmware/core/mask.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <string.h>

#define MOD "details"

/* The payers the clinic lists: kiosk.ini [details] payers, else the
 * branding pack's [insurance] payers; "; " between. Pointers into buf. */
int app_details_payers(const struct app *a, char *buf, size_t size, const char **out, int max)
{
    int n = 0;
    kstr_copy(buf, size, a->cfg.details_payers[0] ? a->cfg.details_payers : a->brand.pack.payers);
    char *p = buf;
    while (*p && n < max) {
        while (*p == ' ' || *p == ';')
            p++;
        if (!*p)
            break;
        char *end = strchr(p, ';');
        char *stop = end ? end : p + strlen(p);
        while (stop > p && stop[-1] == ' ')
            stop--;
        char *next = end ? end + 1 : stop;
        *stop = '\0';
        out[n++] = p;
        p = next;
    }
    return n;
}

void app_details_load(struct app *a, int64_t patient_id)
{
    struct patient_details d;
    enum kiosk_err err = store_details_get(a->store, patient_id, &d);
    if (err != KIOSK_OK)
        log_warn(MOD, "contact details could not be read: %E", err);
    struct flow_event ev = app_event_now(a, EV_DETAILS_DONE);
    ev.err = err;
    ev.details = &d;
    app_event(a, &ev);
    kmem_wipe(&d, sizeof(d));
}

static void send_done(struct app *a, enum kiosk_err err)
{
    struct flow_event ev = app_event_now(a, EV_DETAILS_SENT);
    ev.err = err;
    app_event(a, &ev);
}

void app_details_send(struct app *a)
{
    const struct flow_details *d = &a->flow.details;
    struct outbox_record rec = {.kind = OUTBOX_DETAILS_CHANGE};
    struct outbox_details *o = &rec.details;
    int n = 0;
    kstr_copy(o->patient, sizeof(o->patient), d->on_file.fhir_id);
    if (d->changed[DETAIL_PHONE] && ++n)
        kstr_copy(o->phone, sizeof(o->phone), d->phone);
    if (d->changed[DETAIL_EMAIL] && ++n)
        kstr_copy(o->email, sizeof(o->email), d->email);
    if (d->changed[DETAIL_ADDRESS] && ++n) {
        kstr_copy(o->line, sizeof(o->line), d->line);
        kstr_copy(o->city, sizeof(o->city), d->city);
        kstr_copy(o->postal, sizeof(o->postal), d->postal);
        kstr_copy(o->country, sizeof(o->country), d->on_file.addr_country);
    }
    if (d->changed[DETAIL_CONTACT] && ++n)
        kstr_copy(o->contact_phone, sizeof(o->contact_phone), d->contact_phone);
    kstr_copy(o->location, sizeof(o->location), a->cfg.location);
    kstr_copy(o->lang, sizeof(o->lang), a->flow.lang);
    enum kiosk_err err = app_outbox_queue(a, &rec);
    kmem_wipe(&rec, sizeof(rec));
    if (err != KIOSK_OK)
        log_error(MOD, "contact details change could not be queued: %E", err);
    else
        log_info(MOD, "contact details change queued for staff (%d items)", n);
    send_done(a, err);
}

void app_details_coverage(struct app *a)
{
    const struct flow_details *d = &a->flow.details;
    struct outbox_record rec = {.kind = OUTBOX_COVERAGE_CHANGE};
    struct outbox_coverage *o = &rec.coverage;
    const char *payers[FLOW_MAX_PAYERS];
    int n = a->flow.cfg.payer_count;
    for (int i = 0; i < n; i++)
        payers[i] = a->flow.cfg.payers[i];
    kstr_copy(o->patient, sizeof(o->patient), d->on_file.fhir_id);
    kstr_copy(o->old_coverage, sizeof(o->old_coverage), d->on_file.coverage_id);
    kstr_copy(o->change, sizeof(o->change), d->ins == INS_NONE ? "none" : "changed");
    if (d->ins == INS_CHANGED) {
        kstr_copy(o->payor, sizeof(o->payor),
                  d->payer >= 0 && d->payer < n ? payers[d->payer] : "");
        kstr_copy(o->member_id, sizeof(o->member_id), d->member);
        kstr_copy(o->relationship, sizeof(o->relationship), flow_relation_code(d->relation));
    }
    kstr_copy(o->location, sizeof(o->location), a->cfg.location);
    kstr_copy(o->lang, sizeof(o->lang), a->flow.lang);
    enum kiosk_err err = app_outbox_queue(a, &rec);
    kmem_wipe(&rec, sizeof(rec));
    if (err != KIOSK_OK)
        log_error(MOD, "insurance answer could not be queued: %E", err);
    else
        log_info(MOD, d->ins == INS_NONE ? "insurance answer queued for staff (none now)"
                                         : "insurance answer queued for staff (changed)");
    send_done(a, err);
}

/* The receipt to the patient's phone or e-mail: a Communication for the
 * hospital's messaging system. Works offline (it waits in the outbox);
 * the number or address is never logged. */
void app_details_receipt(struct app *a)
{
    const struct flow_details *d = &a->flow.details;
    bool sms = a->flow.pay.receipt == RECEIPT_SMS;
    struct outbox_record rec = {.kind = OUTBOX_RECEIPT_SEND};
    struct outbox_receipt *o = &rec.receipt;
    kstr_copy(o->patient, sizeof(o->patient), d->on_file.fhir_id[0] ? d->on_file.fhir_id : "");
    kstr_copy(o->channel, sizeof(o->channel), sms ? "sms" : "email");
    if (d->send_new)
        kstr_copy(o->to, sizeof(o->to), sms ? d->phone : d->email);
    kstr_copy(o->lang, sizeof(o->lang), a->flow.lang);
    app_pay_receipt_fields(a, o);
    enum kiosk_err err = app_outbox_queue(a, &rec);
    kmem_wipe(&rec, sizeof(rec));
    if (err != KIOSK_OK)
        log_error(MOD, "receipt message could not be queued: %E", err);
    else
        log_info(MOD, sms ? "receipt queued for the messaging system (sms)"
                          : "receipt queued for the messaging system (email)");
    send_done(a, err);
}

static const char *relation_msgid(const char *code)
{
    if (!strcmp(code, "self"))
        return N_("You");
    if (!strcmp(code, "spouse"))
        return N_("Your spouse or partner");
    if (!strcmp(code, "child"))
        return N_("Your parent (you are their child)");
    if (code[0])
        return N_("Someone else");
    return NULL;
}

void app_details_view(struct app *a, struct ui_view *v)
{
    const struct flow_state *s = &a->flow;
    const struct flow_details *d = &s->details;
    const struct patient_details *f = &d->on_file;
    kmask_tail_digits(f->phone, 4, v->det_phone_tail, sizeof(v->det_phone_tail));
    kmask_email(f->email, v->det_email, sizeof(v->det_email));
    kmask_tail(f->addr_line, 2, v->det_street_tail, sizeof(v->det_street_tail));
    v->det_city = f->addr_city;
    v->det_country = f->addr_country;
    v->det_ask_contact = s->cfg.details_contact;
    kmask_tail_digits(f->contact_phone, 4, v->det_contact_tail, sizeof(v->det_contact_tail));
    for (int i = 0; i < DETAIL_COUNT && i < 4; i++)
        v->det_changed[i] = d->changed[i];
    kmask_tail_digits(d->phone, 4, v->det_new[DETAIL_PHONE], sizeof(v->det_new[0]));
    kmask_email(d->email, v->det_new[DETAIL_EMAIL], sizeof(v->det_new[0]));
    kmask_tail(d->line, 2, v->det_new[DETAIL_ADDRESS], sizeof(v->det_new[0]));
    kmask_tail_digits(d->contact_phone, 4, v->det_new[DETAIL_CONTACT], sizeof(v->det_new[0]));
    v->det_phone_typed = d->phone;
    v->det_email_typed = d->email;
    v->det_contact_typed = d->contact_phone;
    v->det_line_typed = d->line;
    v->det_city_typed = d->city;
    v->det_postal_typed = d->postal;
    v->det_addr_focus = (int)d->addr_focus;
    v->det_failed = d->failed;
    kstr_copy(v->ins_payor, sizeof(v->ins_payor), f->payor);
    kstr_copy(v->ins_plan, sizeof(v->ins_plan), f->plan);
    kmask_id(f->member_id, v->ins_member, sizeof(v->ins_member));
    v->ins_relation_msgid = relation_msgid(f->relationship);
    int offered[FLOW_MAX_PAYERS];
    v->payer_count = flow_payers_offered(s, offered, 8);
    for (int i = 0; i < v->payer_count; i++)
        v->payers[i] = s->cfg.payers[offered[i]];
    v->payer_search = s->cfg.payer_count > FLOW_PAYER_LIST;
    v->payer_query = d->payer_query;
    v->ins_member_typed = d->member;
    v->ins_relation = d->relation;
    v->ins_answer = (int)d->ins;
    v->ins_failed = d->ins_failed;
    /* A receipt by SMS or e-mail: where it goes, masked. */
    bool sms = s->pay.receipt == RECEIPT_SMS;
    if (sms)
        kmask_tail_digits(d->send_new ? d->phone : f->phone, 4, v->receipt_to,
                          sizeof(v->receipt_to));
    else if (s->pay.receipt == RECEIPT_EMAIL)
        kmask_email(d->send_new ? d->email : f->email, v->receipt_to, sizeof(v->receipt_to));
}
