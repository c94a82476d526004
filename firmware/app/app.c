/* The effects the flow asks for and the events that feed it: run_effects
 * with the effects of check-in, tickets, help requests and guides on paper;
 * app_event, app_tick, taps, reader input; alerts to staff. The view is in
 * app_view.c, keypad focus and speech in app_focus.c, start-up and the
 * database in app_start.c, the main loop in app_loop.c. */
#include "firmware/app/app_private.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/core/id.h"
#include "firmware/sync/sync.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MOD "app"

/* Effects that need the database, answered with its error when it is
 * absent; false when f can run. */
static bool refuse_without_store(struct app *a, const struct flow_fx *f)
{
    static const struct patient_match no_match;
    static const struct bill_set no_bills;
    static const enum flow_event_kind answer[] = {
        [FX_LOOKUP_NAME_DOB] = EV_LOOKUP_DONE,
        [FX_LOOKUP_CARD] = EV_LOOKUP_DONE,
        [FX_LOOKUP_CODE] = EV_LOOKUP_DONE,
        [FX_RECORD_CHECKIN] = EV_CHECKIN_DONE,
        [FX_REQUEST_HELP] = EV_HELP_DONE,
        [FX_LOAD_BILLS] = EV_BILLS_DONE,
        [FX_PAY] = EV_PAY_DONE,
        [FX_BILLING_QUESTION] = EV_QUESTION_DONE,
        [FX_LOAD_DETAILS] = EV_DETAILS_DONE,
        [FX_SEND_DETAILS] = EV_DETAILS_SENT,
        [FX_SEND_COVERAGE] = EV_DETAILS_SENT,
        [FX_SEND_RECEIPT] = EV_DETAILS_SENT,
    };
    if (a->store || (size_t)f->kind >= sizeof(answer) / sizeof(answer[0]) || !answer[f->kind])
        return false;
    struct flow_event ev = app_event_now(a, answer[f->kind]);
    ev.err = a->db.err != KIOSK_OK ? a->db.err : KIOSK_ERR_IO;
    ev.match = &no_match;
    ev.bills = &no_bills;
    ev.pay = FLOW_PAY_UNAVAILABLE;
    ev.cards_off = true;
    app_event(a, &ev);
    return true;
}

/* --- effects ---------------------------------------------------------------- */

void app_day_range(struct app *a, int64_t *start, int64_t *end)
{
    *start = kclock_local_midnight(kclock_wall(a->clock));
    *end = *start + 24LL * 3600 * 1000;
}

static void run_checkin(struct app *a, const struct flow_fx *fx)
{
    char key[KIOSK_UUID_LEN];
    struct checkin_result res = {0};
    int64_t d0, d1;
    app_day_range(a, &d0, &d1);
    enum kiosk_err err = kiosk_uuid(key);
    if (err == KIOSK_OK)
        err = store_checkin_add(a->store, fx->id, kclock_wall(a->clock), d0, key, &res);
    if (err != KIOSK_OK)
        log_error(MOD, "check-in could not be recorded: %E", err);
    else
        log_info(MOD, "check-in recorded, queue number %d", res.queue_no);
    sync_poke(a->sync); /* send it now rather than at the next round */
    /* The copay due for this appointment, if the server tied one to it. */
    static struct bill_set copay; /* large: keep it off the stack */
    memset(&copay, 0, sizeof(copay));
    if (err == KIOSK_OK && store_copay_for_appointment(a->store, fx->id, &copay) != KIOSK_OK)
        log_warn(MOD, "the copay could not be read: check-in goes on without it");
    struct flow_event ev = app_event_now(a, EV_CHECKIN_DONE);
    ev.err = err;
    ev.queue_no = res.queue_no;
    ev.bills = &copay;
    ev.cards_off = app_pay_cards_off(a);
    app_event(a, &ev);
    memset(&copay, 0, sizeof(copay));
}

/* What became of the copay, on the ticket: paid, or to pay at the desk. */
static void ticket_copay(struct app *a, struct receipt *r)
{
    const struct flow_state *s = &a->flow;
    const char *lang = s->lang;
    char amount[32], line[RECEIPT_TEXT_MAX];
    const char *msgid;
    if (s->bills.count < 1)
        return;
    const struct bill_info *b = &s->bills.bills[0];
    switch (s->copay.state) {
    case COPAY_PAID:
        msgid = N_("Copay paid: {amount}");
        i18n_format_money(lang, b->currency, s->pay.paid_amount, amount, sizeof(amount));
        break;
    case COPAY_DESK:
        msgid = N_("Copay due: {amount}. Please pay at the desk.");
        i18n_format_money(lang, b->currency, b->owes_minor, amount, sizeof(amount));
        break;
    case COPAY_UNCONFIRMED:
        msgid = N_("Copay {amount}: your payment is being checked. Please ask at the desk.");
        i18n_format_money(lang, b->currency, s->pay.amount, amount, sizeof(amount));
        break;
    default:
        return;
    }
    kstr_subst(line, sizeof(line), i18n_text(a->i18n, lang, msgid), "amount", amount);
    receipt_space(r, 12);
    receipt_text(r, line, RECEIPT_NORMAL, RECEIPT_LEFT, true);
}

void app_format_queue(const struct app *a, int n, char *out, size_t size)
{
    snprintf(out, size, "%s%03d", a->cfg.queue_prefix, n);
}

void app_ticket_logo(struct app *a, struct receipt *r)
{
    char logo_path[sizeof(a->brand.pack.dir) + 80];
    /* The logo is read and scaled once, at the first paper. */
    if (!a->ticket.logo_tried && a->brand.pack.dir[0] && a->brand.pack.logo[0]) {
        int side = config_paper_dots(&a->cfg) / 3;
        a->ticket.logo_tried = true;
        snprintf(logo_path, sizeof(logo_path), "%s/%s", a->brand.pack.dir, a->brand.pack.logo);
        if (render_load_grey(logo_path, side, side, &a->ticket.logo) != KIOSK_OK) {
            log_warn(MOD, "papers print without the logo: it could not be read");
            memset(&a->ticket.logo, 0, sizeof(a->ticket.logo));
        }
    }
    if (a->ticket.logo.pixels) {
        receipt_image(r, &a->ticket.logo, config_paper_dots(&a->cfg) / 3, RECEIPT_CENTER);
        receipt_space(r, 12);
    }
}

/* The queue ticket, written into r for printing: no name and no reason
 * for the visit, so a ticket left behind tells a stranger nothing. The
 * branding pack's logo heads it (app_ticket_logo). */
static enum kiosk_err ticket(struct app *a, struct receipt *r)
{
    const struct flow_state *s = &a->flow;
    const char *lang = s->lang;
    char buf[RECEIPT_TEXT_MAX], num[16], when[128];
    if (!a->devices.printer)
        return KIOSK_ERR_NO_DEVICE;
    if (s->selected < 0)
        return KIOSK_ERR_INVALID;
    const struct appointment_info *ap = &s->match.appts[s->selected];
    struct kdate d;

    receipt_init(r);
    app_ticket_logo(a, r);
    receipt_text(r, app_location(a, lang), RECEIPT_NORMAL, RECEIPT_CENTER, true);
    receipt_rule(r);
    receipt_space(r, 16);
    receipt_text(r, i18n_text(a->i18n, lang, "Your number"), RECEIPT_LARGE, RECEIPT_CENTER, false);
    app_format_queue(a, s->queue_no, num, sizeof(num));
    receipt_text(r, num, RECEIPT_HUGE, RECEIPT_CENTER, true);
    receipt_space(r, 16);
    kclock_local(ap->start_ms, &d);
    i18n_format_time(a->i18n, lang, d.hour, d.minute, when, sizeof(when));
    kstr_copy(buf, sizeof(buf), when);
    kstr_append(buf, sizeof(buf), "  ");
    struct app_appt_text tx;
    app_appt_texts(a, ap, lang, &tx);
    kstr_append(buf, sizeof(buf), tx.clinic);
    receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, true);
    if (tx.directions[0])
        receipt_text(r, tx.directions, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    ticket_copay(a, r);
    receipt_space(r, 12);
    receipt_text(r, i18n_text(a->i18n, lang, "We will call your number on the screens."),
                 RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_space(r, 8); /* Devanagari vowel signs below the line need the room */
    receipt_rule(r);
    kclock_local(kclock_wall(a->clock), &d);
    i18n_format_datetime(a->i18n, lang, &d, when, sizeof(when)); /* as the time above */
    receipt_text(r, when, RECEIPT_NORMAL, RECEIPT_CENTER, false);
    return KIOSK_OK;
}

enum kiosk_err app_outbox_queue(struct app *a, struct outbox_record *rec)
{
    char key[KIOSK_UUID_LEN];
    enum kiosk_err err = kiosk_uuid(key);
    if (err != KIOSK_OK)
        return err;
    rec->at_ms = kclock_wall(a->clock);
    err = a->store ? store_outbox_add(a->store, key, rec, rec->at_ms) : a->db.err;
    sync_poke(a->sync); /* send it now rather than at the next round */
    return err;
}

/* A help request to staff: where the kiosk is and what the patient was
 * doing, never who they are (they have not chosen to say). */
static enum kiosk_err request_help(struct app *a, const char *from_screen, const char *reason)
{
    struct outbox_record rec = {.kind = OUTBOX_HELP_REQUEST};
    kstr_copy(rec.help.reason, sizeof(rec.help.reason), reason);
    kstr_copy(rec.help.location, sizeof(rec.help.location), a->cfg.location);
    kstr_copy(rec.help.screen, sizeof(rec.help.screen), from_screen);
    kstr_copy(rec.help.lang, sizeof(rec.help.lang), a->flow.lang);
    enum kiosk_err err = app_outbox_queue(a, &rec);
    if (err != KIOSK_OK)
        log_error(MOD, "help request could not be queued: %E", err);
    else
        log_info(MOD, "help request queued for staff");
    return err;
}

/* The web address of guide i in lib, from guides_url; false when none. */
bool app_guide_url(const struct app *a, const struct guide_library *lib, int i, char *out,
                   size_t size)
{
    char tmp[256];
    if (!a->cfg.guides_url[0] || i < 0 || i >= lib->count)
        return false;
    kstr_subst(tmp, sizeof(tmp), a->cfg.guides_url, "lang", a->flow.lang);
    kstr_subst(out, size, tmp, "guide", lib->guides[i].slug);
    return true;
}

/* A guide on paper: its title, headings, paragraphs and items, and the QR
 * code of its web address. Every word goes on paper: a guide longer than
 * a receipt holds fails (KIOSK_ERR_FULL) rather than print cut short. */
#define GUIDE_PAPER_TEXT_MAX 4096
enum kiosk_err app_guide_paper(struct app *a, int index, struct receipt *r)
{
    static _Thread_local char buf[GUIDE_PAPER_TEXT_MAX];
    char url[256];
    int li = i18n_lang_index(a->flow.lang);
    const struct guide_library *lib = li >= 0 ? a->guides[li] : NULL;
    if (!a->devices.printer)
        return KIOSK_ERR_NO_DEVICE;
    if (!lib || index < 0 || index >= lib->count)
        return KIOSK_ERR_NOT_FOUND;
    const struct guide *g = &lib->guides[index];
    enum kiosk_err err = KIOSK_OK, e;
    receipt_init(r);
    app_ticket_logo(a, r);
    receipt_text(r, app_location(a, a->flow.lang), RECEIPT_NORMAL, RECEIPT_CENTER, false);
    receipt_rule(r);
    receipt_text(r, g->title, RECEIPT_LARGE, RECEIPT_LEFT, true);
    for (int i = 0; i < g->count; i++) {
        const struct guide_block *b = &g->blocks[i];
        if (b->kind == GUIDE_HEADING) {
            receipt_space(r, 12);
            e = receipt_text(r, b->text, RECEIPT_NORMAL, RECEIPT_LEFT, true);
        } else if (b->kind == GUIDE_ITEM) {
            kstr_copy(buf, sizeof(buf), "\xE2\x80\xA2 ");
            if (!kstr_append(buf, sizeof(buf), b->text))
                err = KIOSK_ERR_FULL;
            e = receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, false);
        } else {
            e = receipt_text(r, b->text, RECEIPT_NORMAL, RECEIPT_LEFT, false);
        }
        if (e != KIOSK_OK)
            err = e;
    }
    if (app_guide_url(a, lib, index, url, sizeof(url))) {
        receipt_space(r, 16);
        receipt_qr(r, url);
    }
    if (err != KIOSK_OK)
        log_error(MOD, "guide %d does not fit on one receipt: %E", index, err);
    return err;
}

static void run_effects(struct app *a, const struct flow_fx_list *list)
{
    /* Copy: running an effect feeds events that produce new lists. */
    struct flow_fx_list fx = *list;
    for (int i = 0; i < fx.count; i++) {
        const struct flow_fx *f = &fx.fx[i];
        if (refuse_without_store(a, f))
            continue;
        switch (f->kind) {
        case FX_LOOKUP_NAME_DOB:
        case FX_LOOKUP_CARD:
        case FX_LOOKUP_CODE:
            app_lookup_run(a, f);
            break;
        case FX_RECORD_CHECKIN:
            run_checkin(a, f);
            break;
        case FX_PRINT_TICKET:
            app_print(a, ticket(a, &a->print.r), EV_PRINT_DONE);
            break;
        case FX_SESSION_CLEARED:
            app_lookup_drop(a); /* a search for this patient is not wanted any more */
            app_print_orphan(a);
            app_forms_close(a); /* a form half filled goes, nothing of it sent */
            memset(&a->view, 0, sizeof(a->view));
            a->boot.trim = true;
            break;
        case FX_PRINT_GUIDE:
            app_print(a, app_guide_paper(a, (int)f->id, &a->print.r), EV_GUIDE_PRINTED);
            break;
        case FX_REQUEST_HELP: {
            struct flow_event ev = app_event_now(a, EV_HELP_DONE);
            ev.err = request_help(a, f->text, f->text2);
            app_event(a, &ev);
            break;
        }
        case FX_LOAD_BILLS:
            app_pay_load_bills(a, f->id);
            break;
        case FX_PAY:
            app_pay_run(a, f);
            break;
        case FX_PAY_ABORT:
            app_pay_cancel(a);
            break;
        case FX_QR_START:
        case FX_QR_CANCEL:
            app_payqr_run(a, f);
            break;
        case FX_PRINT_RECEIPT:
            app_print(a, app_pay_receipt(a, &a->print.r), EV_RECEIPT_DONE);
            break;
        case FX_PRINT_NOTE:
            app_print(a, app_pay_note(a, &a->print.r), EV_RECEIPT_DONE);
            break;
        case FX_LOAD_FORMS:
            app_forms_load(a, f->id);
            break;
        case FX_FORM_OPEN:
            app_forms_open(a, f);
            break;
        case FX_FORM_SEND:
            app_forms_send(a, f);
            break;
        case FX_FORM_CLOSE:
            app_forms_close(a);
            break;
        case FX_SIGN_CLEAR:
            a->forms.sign_count = 0;
            break;
        case FX_BILLING_QUESTION: {
            struct flow_event ev = app_event_now(a, EV_QUESTION_DONE);
            ev.err = app_pay_question(a, f);
            app_event(a, &ev);
            break;
        }
        case FX_LOAD_DETAILS:
            app_details_load(a, f->id);
            break;
        case FX_SEND_DETAILS:
            app_details_send(a);
            break;
        case FX_SEND_COVERAGE:
            app_details_coverage(a);
            break;
        case FX_SEND_RECEIPT:
            app_details_receipt(a);
            break;
        }
    }
    kmem_wipe(&fx, sizeof(fx)); /* surname and date of birth were in it */
}

struct flow_event app_event_now(struct app *a, enum flow_event_kind kind)
{
    struct flow_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.kind = kind;
    ev.mono_ms = kclock_mono(a->clock);
    ev.wall_ms = kclock_wall(a->clock);
    kclock_local(ev.wall_ms, &ev.local); /* the kiosk's zone is the app's, not flow's */
    return ev;
}

void app_event(struct app *a, struct flow_event *ev)
{
    struct flow_fx_list fx;
    if (flow_step(&a->flow, ev, &fx))
        a->dirty = true;
    if (fx.count)
        run_effects(a, &fx);
}

void app_tick(struct app *a)
{
    app_store_tick(a);
    app_service_tick(a);
    app_metrics_tick(a);
    for (int guard = 0; guard < 1000; guard++) {
        int64_t now = kclock_mono(a->clock);
        int64_t due = flow_next_deadline(&a->flow, now);
        if (due < 0 || due > now)
            return;
        struct flow_event ev = app_event_now(a, EV_TICK);
        app_event(a, &ev);
        if (flow_next_deadline(&a->flow, now) == due)
            return; /* nothing moved on: wait for time to pass */
    }
}

void app_tap(struct app *a, const char *id, bool from_touch)
{
    app_timing_input(a);
    if (from_touch && a->focus.keypad) {
        a->focus.keypad = false; /* touch takes over; the ring goes */
        a->dirty = true;
    }
    if (app_service_tap(a, id))
        return;
    app_tap_echo(a, id);
    struct flow_event ev = app_event_now(a, EV_TAP);
    ev.widget = id;
    app_event(a, &ev);
}

/* The on-screen key a typed character names: letters (accents dropped:
 * matching forgives them), digits, space, hyphen and apostrophe; 0 none. */
static bool key_for(unsigned cp, char *id, size_t size)
{
    /* Latin-1 letters U+00C0..U+00FF without their accents ('.' none). */
    static const char fold[] = "AAAAAAACEEEEIIIIDNOOOOO.OUUUUYTSAAAAAAACEEEEIIIIDNOOOOO.OUUUUYTY";
    char k = 0;
    if (cp >= 0xC0 && cp <= 0xFF)
        k = fold[cp - 0xC0] == '.' ? 0 : fold[cp - 0xC0];
    else if (cp < 0x80 && isalpha((int)cp))
        k = (char)toupper((int)cp);
    else if (cp < 0x80 && isdigit((int)cp))
        k = (char)cp;
    if (k) {
        snprintf(id, size, "key.%c", k);
        return true;
    }
    const char *name = cp == ' '    ? "key.space"
                       : cp == '-'  ? "key.hyphen"
                       : cp == '\'' ? "key.apostrophe"
                                    : NULL;
    if (name)
        snprintf(id, size, "%s", name);
    return name != NULL;
}

void app_type_text(struct app *a, const char *utf8)
{
    char id[UI_ID_MAX];
    const char *p = utf8;
    while (p && *p) {
        unsigned cp = kstr_utf8_next(&p);
        if (!key_for(cp, id, sizeof(id)))
            continue;
        const struct ui_target *t = ui_find(&a->frame, id);
        if (!t || t->disabled || a->flow.busy)
            continue; /* this screen has no such key: the character is not for it */
        app_tap(a, id, true);
        if (a->dirty)
            app_draw(a); /* the next character finds the keys of the screen it lands on */
    }
}

void app_reader_input(struct app *a, const struct reader_input *in)
{
    app_timing_input(a);
    if (app_service_reader(a, in))
        return;
    enum flow_event_kind kind;
    switch (in->kind) {
    case READER_PATIENT_CARD:
        kind = EV_CARD;
        break;
    case READER_BARCODE:
        kind = EV_SCAN;
        break;
    case READER_EXPIRED_CARD:
        kind = EV_EXPIRED_CARD;
        break;
    case READER_PAYMENT_CARD:
        app_pay_card(a, in);
        return;
    case READER_BAD_SWIPE:
    case READER_BAD_SCAN:
        kind = EV_BAD_SWIPE;
        break;
    case READER_LICENCE:
        kind = EV_LICENCE;
        break;
    case READER_BAD_LICENCE:
        kind = EV_BAD_LICENCE;
        break;
    default:
        return;
    }
    struct flow_event ev = app_event_now(a, kind);
    ev.text = in->value;
    if (kind == EV_LICENCE) {
        /* The two identifiers go to the lookup; the caller wipes *in. */
        ev.text = in->licence.family;
        ev.dob = in->licence.birth_date;
    }
    app_event(a, &ev);
}

/* Staff hear about the printer through the outbox (as for help requests):
 * paper low before it runs out, and every state that stops printing. The
 * alert carries the kiosk's location and the state, nothing about anyone. */
void app_staff_alert(struct app *a, const char *device, const char *state)
{
    struct outbox_record rec = {.kind = OUTBOX_DEVICE_ALERT};
    kstr_copy(rec.device.location, sizeof(rec.device.location), a->cfg.location);
    kstr_copy(rec.device.device, sizeof(rec.device.device), device);
    kstr_copy(rec.device.state, sizeof(rec.device.state), state);
    enum kiosk_err err = app_outbox_queue(a, &rec);
    if (err != KIOSK_OK)
        log_error(MOD, "device alert could not be queued: %E", err);
}
