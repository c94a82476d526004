#define _POSIX_C_SOURCE 200809L /* readlink */
#include "firmware/app/app_private.h"
#include "firmware/core/log.h"
#include "firmware/core/notify.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/core/id.h"
#include "drivers/usb/usb.h"
#include "firmware/sync/sync.h"
#include "ui/input/input.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MOD              "app"
#define DEVICES_EVERY_MS 10000 /* the printer's state is looked at this often */
#define USB_POLL_MS      100   /* the loop wakes this often for USB input */

/* --- the database ------------------------------------------------------------
 * The kiosk always reaches a screen: a database that cannot be opened or
 * written (full disk, read-only mount) leaves a->store NULL, the welcome
 * screen sends patients to the desk, effects that need it fail, and it is
 * tried again every STORE_RETRY_MS. A corrupt file is set aside for a
 * technician and a fresh one started (the server, or the demo, fills it). */

#define STORE_RETRY_MS 30000

bool app_store_open(struct app *a)
{
    char path[600];
    enum kiosk_err err = store_open(a->db_path, &a->store);
    if (err == KIOSK_ERR_CORRUPT) {
        err = store_set_aside(a->db_path, kclock_wall(a->clock) / 1000, a->store_aside,
                              sizeof(a->store_aside), &a->store_aside_unsent);
        log_error(MOD,
                  "the local database is damaged: set aside, %d unsent rows in it (-1: "
                  "unknown); starting a fresh one",
                  a->store_aside_unsent);
        err = err == KIOSK_OK ? store_open(a->db_path, &a->store) : KIOSK_ERR_CORRUPT;
    }
    /* Demo data only when no billing server fills the cache (--demo --server
     * runs the demo against a real server). */
    if (err == KIOSK_OK && a->demo && !a->cfg.server_url[0]) {
        snprintf(path, sizeof(path), "%s/demo/demo-data.tsv", a->assets);
        err = store_load_demo(a->store, path, kclock_wall(a->clock));
        if (err == KIOSK_ERR_INVALID && a->store_retry_ms &&
            strstr(kiosk_err_detail(), "not empty"))
            err = KIOSK_OK; /* a retry finds the demo loaded before the disk failed */
        if (err != KIOSK_OK) {
            store_close(a->store);
            a->store = NULL;
        }
    }
    a->store_err = err;
    a->store_retry_ms = kclock_mono(a->clock) + STORE_RETRY_MS;
    if (err != KIOSK_OK) {
        kstr_copy(a->store_why, sizeof(a->store_why), kiosk_err_detail());
        log_error(MOD, "the local database cannot be used, tried again in 30 s: %E", err);
    }
    return err == KIOSK_OK;
}

/* From the loop: a missing store is tried again; a present one finishes
 * the checkpoints it owes. */
static void store_tick(struct app *a)
{
    if (a->store) {
        a->store_owed = store_idle(a->store) != KIOSK_OK;
        return;
    }
    if (kclock_mono(a->clock) < a->store_retry_ms || !app_store_open(a))
        return;
    log_info(MOD, "the local database works again");
    if (a->sync_threaded) { /* its thread stopped when it could not open the file */
        sync_free(a->sync);
        a->sync = NULL;
        app_sync_open(a, true);
    }
    app_pay_recover(a);
    a->dirty = true;
}

/* When the loop must wake for the database: a retry, or a checkpoint
 * still owed (looked at every second); -1 when never. */
static int64_t store_deadline(const struct app *a, int64_t now)
{
    if (!a->store)
        return a->store_retry_ms;
    return a->store_owed ? now + 1000 : -1;
}

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
    };
    if (a->store || (size_t)f->kind >= sizeof(answer) / sizeof(answer[0]) || !answer[f->kind])
        return false;
    struct flow_event ev = app_event_now(a, answer[f->kind]);
    ev.err = a->store_err != KIOSK_OK ? a->store_err : KIOSK_ERR_IO;
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
    struct flow_event ev = app_event_now(a, EV_CHECKIN_DONE);
    ev.err = err;
    ev.queue_no = res.queue_no;
    app_event(a, &ev);
}

static void format_queue(const struct app *a, int n, char *out, size_t size)
{
    snprintf(out, size, "%s%03d", a->cfg.queue_prefix, n);
}

/* The queue ticket, written into r for printing: no name and no reason
 * for the visit, so a ticket left behind tells a stranger nothing. The
 * branding pack's logo heads it, a third of the paper wide; it is read and
 * scaled once, at the first ticket, and kept with the app (it is the
 * clinic's, not a patient's). */
static enum kiosk_err ticket(struct app *a, struct receipt *r)
{
    const struct flow_state *s = &a->flow;
    const char *lang = s->lang;
    char buf[RECEIPT_TEXT_MAX], num[16], when[48], logo_path[sizeof(a->brand.dir) + 80];
    if (!a->printer)
        return KIOSK_ERR_NO_DEVICE;
    if (s->selected < 0)
        return KIOSK_ERR_INVALID;
    const struct appointment_info *ap = &s->match.appts[s->selected];
    struct kdate d;

    receipt_init(r);
    /* The logo is read and scaled once, at the first ticket. */
    if (!a->ticket_logo_tried && a->brand.dir[0] && a->brand.logo[0]) {
        int side = config_paper_dots(&a->cfg) / 3;
        a->ticket_logo_tried = true;
        snprintf(logo_path, sizeof(logo_path), "%s/%s", a->brand.dir, a->brand.logo);
        if (render_load_grey(logo_path, side, side, &a->ticket_logo) != KIOSK_OK) {
            log_warn(MOD, "tickets print without the logo: it could not be read");
            memset(&a->ticket_logo, 0, sizeof(a->ticket_logo));
        }
    }
    if (a->ticket_logo.pixels) {
        receipt_image(r, &a->ticket_logo, config_paper_dots(&a->cfg) / 3, RECEIPT_CENTER);
        receipt_space(r, 12);
    }
    receipt_text(r, a->cfg.location, RECEIPT_NORMAL, RECEIPT_CENTER, true);
    receipt_rule(r);
    receipt_space(r, 16);
    receipt_text(r, i18n_text(a->i18n, lang, "Your number"), RECEIPT_LARGE, RECEIPT_CENTER, false);
    format_queue(a, s->queue_no, num, sizeof(num));
    receipt_text(r, num, RECEIPT_HUGE, RECEIPT_CENTER, true);
    receipt_space(r, 16);
    kclock_local(ap->start_ms, &d);
    i18n_format_time(a->i18n, lang, d.hour, d.minute, when, sizeof(when));
    kstr_copy(buf, sizeof(buf), when);
    kstr_append(buf, sizeof(buf), "  ");
    kstr_append(buf, sizeof(buf), ap->clinic);
    receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, true);
    if (ap->directions[0])
        receipt_text(r, ap->directions, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_space(r, 12);
    receipt_text(r, i18n_text(a->i18n, lang, "We will call your number on the screens."),
                 RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_space(r, 8); /* Devanagari vowel signs below the line need the room */
    receipt_rule(r);
    kclock_local(kclock_wall(a->clock), &d);
    i18n_format_date(a->i18n, lang, &d, when, sizeof(when));
    snprintf(buf, sizeof(buf), "%s %02d:%02d", when, d.hour, d.minute);
    receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_CENTER, false);
    return KIOSK_OK;
}

/* A help request to staff: where the kiosk is and what the patient was
 * doing, never who they are (they have not chosen to say). */
static enum kiosk_err request_help(struct app *a, const char *from_screen)
{
    char key[KIOSK_UUID_LEN];
    struct outbox_record rec = {.kind = OUTBOX_HELP_REQUEST, .at_ms = kclock_wall(a->clock)};
    enum kiosk_err err = kiosk_uuid(key);
    if (err != KIOSK_OK)
        return err;
    kstr_copy(rec.help.location, sizeof(rec.help.location), a->cfg.location);
    kstr_copy(rec.help.screen, sizeof(rec.help.screen), from_screen);
    kstr_copy(rec.help.lang, sizeof(rec.help.lang), a->flow.lang);
    err = store_outbox_add(a->store, key, &rec, kclock_wall(a->clock));
    if (err != KIOSK_OK)
        log_error(MOD, "help request could not be queued: %E", err);
    else
        log_info(MOD, "help request queued for staff");
    sync_poke(a->sync);
    return err;
}

/* The web address of guide i in lib, from guides_url; false when none. */
static bool guide_url(const struct app *a, const struct guide_library *lib, int i, char *out,
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
 * code of its web address. */
static enum kiosk_err guide_paper(struct app *a, int index, struct receipt *r)
{
    char buf[RECEIPT_TEXT_MAX], url[256];
    int li = i18n_lang_index(a->flow.lang);
    const struct guide_library *lib = li >= 0 ? a->guides[li] : NULL;
    if (!a->printer)
        return KIOSK_ERR_NO_DEVICE;
    if (!lib || index < 0 || index >= lib->count)
        return KIOSK_ERR_NOT_FOUND;
    const struct guide *g = &lib->guides[index];
    receipt_init(r);
    receipt_text(r, a->cfg.location, RECEIPT_NORMAL, RECEIPT_CENTER, false);
    receipt_rule(r);
    receipt_text(r, g->title, RECEIPT_LARGE, RECEIPT_LEFT, true);
    for (int i = 0; i < g->count; i++) {
        const struct guide_block *b = &g->blocks[i];
        if (b->kind == GUIDE_HEADING) {
            receipt_space(r, 12);
            receipt_text(r, b->text, RECEIPT_NORMAL, RECEIPT_LEFT, true);
        } else if (b->kind == GUIDE_ITEM) {
            kstr_copy(buf, sizeof(buf), "• ");
            kstr_append(buf, sizeof(buf), b->text);
            receipt_text(r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, false);
        } else {
            receipt_text(r, b->text, RECEIPT_NORMAL, RECEIPT_LEFT, false);
        }
    }
    if (guide_url(a, lib, index, url, sizeof(url))) {
        receipt_space(r, 16);
        receipt_qr(r, url);
    }
    return KIOSK_OK;
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
            app_print(a, ticket(a, &a->print_r), EV_PRINT_DONE);
            break;
        case FX_SESSION_CLEARED:
            app_lookup_drop(a); /* a search for this patient is not wanted any more */
            app_print_orphan(a);
            memset(&a->view, 0, sizeof(a->view));
            break;
        case FX_PRINT_GUIDE:
            app_print(a, guide_paper(a, (int)f->id, &a->print_r), EV_GUIDE_PRINTED);
            break;
        case FX_REQUEST_HELP: {
            struct flow_event ev = app_event_now(a, EV_HELP_DONE);
            ev.err = request_help(a, f->text);
            app_event(a, &ev);
            break;
        }
        case FX_LOAD_BILLS:
            app_pay_load_bills(a, f->id);
            break;
        case FX_PAY:
            app_pay_run(a, f);
            break;
        case FX_PRINT_RECEIPT:
            app_print(a, app_pay_receipt(a, &a->print_r), EV_RECEIPT_DONE);
            break;
        case FX_PRINT_NOTE:
            app_print(a, app_pay_note(a, &a->print_r), EV_RECEIPT_DONE);
            break;
        case FX_BILLING_QUESTION: {
            struct flow_event ev = app_event_now(a, EV_QUESTION_DONE);
            ev.err = app_pay_question(a, f);
            app_event(a, &ev);
            break;
        }
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
    store_tick(a);
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
    if (from_touch && a->keypad) {
        a->keypad = false; /* touch takes over; the ring goes */
        a->dirty = true;
    }
    if (app_service_tap(a, id))
        return;
    struct flow_event ev = app_event_now(a, EV_TAP);
    ev.widget = id;
    app_event(a, &ev);
}

/* The control the keypad's back key stands for on this screen. */
static const char *back_target(const struct ui_frame *f)
{
    static const char *const order[] = {"timeout.more", "back", "cancel", "finish"};
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        if (ui_find(f, order[i]))
            return order[i];
    return NULL;
}

void app_key(struct app *a, int key)
{
    enum ui_dir dir;
    switch (key) {
    case KEY_UP:
        dir = UI_UP;
        break;
    case KEY_DOWN:
        dir = UI_DOWN;
        break;
    case KEY_LEFT:
        dir = UI_LEFT;
        break;
    case KEY_RIGHT:
        dir = UI_RIGHT;
        break;
    case KEY_SELECT:
        if (a->keypad && a->focus[0]) {
            char id[UI_ID_MAX];
            kstr_copy(id, sizeof(id), a->focus); /* the frame changes under us */
            app_tap(a, id, false);
        }
        return;
    case KEY_BACK: {
        const char *id = back_target(&a->frame);
        if (id)
            app_tap(a, id, false);
        return;
    }
    case KEY_SPEECH:
    case KEY_HEADPHONES:
        if (!a->speech)
            return;
        if (a->flow.speech) {
            if (key == KEY_SPEECH)
                speech_repeat(a->speech); /* pressed again: say it again */
            return;
        }
        /* Speech on: blind patients navigate by keypad, so that comes on too. */
        a->keypad = true;
        app_tap(a, "a11y.speech", false);
        a->dirty = true;
        return;
    case KEY_VOLUME_UP:
    case KEY_VOLUME_DOWN:
        if (a->speech) {
            speech_set_volume(a->speech,
                              speech_volume(a->speech) + (key == KEY_VOLUME_UP ? 10 : -10));
            speech_repeat(a->speech);
        }
        return;
    default:
        return;
    }
    if (!a->keypad) {
        /* The first key shows where the focus is, on the first control. */
        a->keypad = true;
        a->focus[0] = '\0';
    } else {
        const char *next = ui_focus_move(&a->frame, a->focus, dir);
        kstr_copy(a->focus, sizeof(a->focus), next ? next : "");
    }
    a->dirty = true;
    struct flow_event ev = app_event_now(a, EV_ACTIVITY);
    app_event(a, &ev);
}

void app_reader_input(struct app *a, const struct reader_input *in)
{
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
    default:
        return;
    }
    struct flow_event ev = app_event_now(a, kind);
    ev.text = in->value;
    app_event(a, &ev);
}

/* --- view ------------------------------------------------------------------- */

static const char *notice_msgid(enum flow_notice n)
{
    switch (n) {
    case NOTICE_SWIPE_AGAIN:
        return N_("We could not read that. Please swipe your card again, or check in with "
                  "your name.");
    case NOTICE_CARD_EXPIRED:
        return N_("This card has expired. Please check in with your name and date of birth.");
    case NOTICE_CARD_UNKNOWN:
        return N_("We did not recognise that card or code. Please check in with your name and "
                  "date of birth.");
    case NOTICE_CHECK_DATE:
        return N_("Please check the date. It should be a real date in the past.");
    case NOTICE_NEED_SURNAME:
        return N_("Please type your surname first.");
    case NOTICE_GUIDE_PRINTED:
        return N_("Your guide is printing. Please take it from the printer.");
    case NOTICE_PRINT_FAILED:
        return N_("The printer is not working right now. Scan the code to read the guide on "
                  "your phone.");
    case NOTICE_PAYMENT_CARD:
        return N_("That is a bank card. To find you, please use your patient card, the code on "
                  "your letter, or your name.");
    case NOTICE_AMOUNT_LOW:
        return N_("That amount is too small. Please type a larger amount.");
    case NOTICE_AMOUNT_HIGH:
        return N_("That is more than you owe on this bill. Please type a smaller amount.");
    case NOTICE_PHONE_SHORT:
        return N_("Please type the whole phone number, with the area code.");
    case NOTICE_NOTE_PRINTED:
        return N_("Please take your note from the printer.");
    case NOTICE_NOTE_FAILED:
        return N_("The printer is not working right now. The details are on this screen.");
    case NOTICE_RECORDS_OFFLINE:
        return N_("We could not find you here, and the hospital's records cannot be reached "
                  "just now. Please try again in a few minutes, or ask at the desk.");
    case NOTICE_NONE:
        break;
    }
    return NULL;
}

static void build_view(struct app *a)
{
    const struct flow_state *s = &a->flow;
    char url[256];
    struct ui_view *v = &a->view;
    struct kdate d;
    memset(v, 0, sizeof(*v));
    v->screen = flow_screen_id(s->screen);
    v->lang = s->lang;
    v->large_text = s->large_text;
    v->high_contrast = s->high_contrast;
    v->clinic_name = a->brand.name;
    v->logo = a->brand.logo[0] ? a->brand.logo : NULL;
    v->theme = &a->brand_theme;
    v->welcome_text = brand_welcome(&a->brand, s->lang);
    v->closing_text = brand_closing(&a->brand, s->lang);
    v->no_checkin = !a->brand.features[BRAND_FEATURE_CHECKIN];
    v->no_guides = !a->brand.features[BRAND_FEATURE_GUIDES];
    v->no_pay = !a->brand.features[BRAND_FEATURE_PAY];
    v->store_down = !a->store;
    v->lang_count = a->cfg.lang_count < UI_MAX_LANGS ? a->cfg.lang_count : UI_MAX_LANGS;
    for (int i = 0; i < v->lang_count; i++)
        v->langs[i] = a->cfg.langs[i];
    v->notice_msgid = notice_msgid(s->notice);
    v->notice_is_error = s->notice != NOTICE_NONE && s->notice != NOTICE_GUIDE_PRINTED &&
                         s->notice != NOTICE_NOTE_PRINTED;
    v->surname = s->surname;
    v->dob_day = s->dob_day;
    v->dob_month = s->dob_month;
    v->dob_year = s->dob_year;
    v->dob_focus = (int)s->dob_focus;
    v->dob_confirm = s->method != ID_NAME_DOB;
    v->tries_left = s->cfg.max_attempts - s->attempts;
    v->given_name = s->match.patient.given;
    v->busy = s->busy;
    v->warning = s->warning;
    v->warning_seconds = flow_seconds_to_clear(s, kclock_mono(a->clock));

    v->appt_count = s->match.appt_count;
    for (int i = 0; i < s->match.appt_count; i++) {
        const struct appointment_info *ap = &s->match.appts[i];
        struct ui_appt *u = &v->appts[i];
        kclock_local(ap->start_ms, &d);
        i18n_format_time(a->i18n, s->lang, d.hour, d.minute, u->time, sizeof(u->time));
        kstr_copy(u->clinic, sizeof(u->clinic), ap->clinic);
        kstr_copy(u->provider, sizeof(u->provider), ap->provider);
        kstr_copy(u->directions, sizeof(u->directions), ap->directions);
        u->selectable = s->elig[i] == ELIG_OPEN;
        u->selected = i == s->selected;
        switch (s->elig[i]) {
        case ELIG_EARLY:
            kclock_local(ap->start_ms - s->cfg.early_ms, &d);
            i18n_format_time(a->i18n, s->lang, d.hour, d.minute, u->status_arg,
                             sizeof(u->status_arg));
            u->status_msgid = N_("Check-in opens at {time}.");
            break;
        case ELIG_LATE:
            u->status_msgid = N_("Too late to check in here. Please see the front desk.");
            break;
        case ELIG_ARRIVED:
            u->status_msgid = N_("You are already checked in.");
            break;
        case ELIG_CLOSED:
            u->status_msgid = N_("This appointment cannot be checked in here.");
            break;
        case ELIG_OPEN:
            break;
        }
    }
    v->can_confirm = s->selected >= 0;
    if (s->queue_no > 0)
        format_queue(a, s->queue_no, v->queue, sizeof(v->queue));
    if (s->selected >= 0) {
        v->done_clinic = s->match.appts[s->selected].clinic;
        v->done_directions = s->match.appts[s->selected].directions;
    }
    v->print_failed = s->print_failed;
    int li = i18n_lang_index(s->lang);
    v->guides = li >= 0 && li < CONFIG_MAX_LANGS ? a->guides[li] : NULL;
    v->guide = s->guides.guide;
    v->page = s->guides.page;
    v->query = s->guides.query;
    if (s->screen == SCR_GUIDE && v->guides &&
        guide_url(a, v->guides, s->guides.guide, url, sizeof(url)) &&
        qr_encode((const uint8_t *)url, strlen(url), QR_MASK_AUTO, &a->qr) == KIOSK_OK) {
        v->qr_modules = a->qr.modules;
        v->qr_size = a->qr.size;
    }
    /* Where the desk is: the pack's words in the patient's language, else
     * the site's own (kiosk.ini). */
    v->front_desk = brand_front_desk(&a->brand, s->lang);
    if (!v->front_desk)
        v->front_desk = a->cfg.front_desk;
    v->phone = a->brand.phone_front_desk[0] ? a->brand.phone_front_desk : a->cfg.phone;
    v->no_help_request = !a->brand.features[BRAND_FEATURE_HELP];
    v->help_failed = s->help.failed;
    app_pay_view(a, v);
    if (svc_active(&a->svc))
        app_service_view(a, v);
}

/* Speech: a new screen (or dialog) is announced with its prompt and the
 * focused control; moving the focus says the control. A notice that
 * appears on the same screen (its prompt grows) is said alone; one that
 * goes away says nothing. */
static void announce(struct app *a)
{
    char say[UI_PROMPT_MAX + UI_LABEL_MAX + 4];
    if (!a->speech || !a->flow.speech) {
        a->spoken_prompt[0] = a->spoken_focus[0] = '\0';
        return;
    }
    bool new_prompt = strcmp(a->spoken_prompt, a->frame.prompt) != 0;
    bool new_focus = a->keypad && strcmp(a->spoken_focus, a->focus) != 0;
    if (!new_prompt && !new_focus)
        return;
    say[0] = '\0';
    size_t had = strlen(a->spoken_prompt), has = strlen(a->frame.prompt);
    bool same_screen = a->spoken_screen == (int)a->flow.screen;
    bool added = new_prompt && same_screen && had > 0 && has > had &&
                 strncmp(a->frame.prompt, a->spoken_prompt, had) == 0;
    bool gone = new_prompt && same_screen && has < had &&
                strncmp(a->spoken_prompt, a->frame.prompt, has) == 0;
    bool whole = new_prompt && !added && !gone;
    if (added)
        kstr_copy(say, sizeof(say), a->frame.prompt + had + (a->frame.prompt[had] == ' '));
    else if (whole)
        kstr_copy(say, sizeof(say), a->frame.prompt);
    const struct ui_target *t = a->keypad ? ui_find(&a->frame, a->focus) : NULL;
    if (t && t->label[0] && (whole || new_focus)) {
        if (say[0])
            kstr_append(say, sizeof(say), " ");
        kstr_append(say, sizeof(say), t->label);
    }
    kstr_copy(a->spoken_prompt, sizeof(a->spoken_prompt), a->frame.prompt);
    a->spoken_screen = (int)a->flow.screen;
    kstr_copy(a->spoken_focus, sizeof(a->spoken_focus), a->keypad ? a->focus : "");
    if (say[0] && speech_say(a->speech, a->flow.lang, say) != KIOSK_OK)
        log_warn(MOD, "speech failed");
}

/* Keep the keypad focus on something that is on screen: a new screen (or
 * the dialog) starts at its first control. */
static void settle_focus(struct app *a)
{
    bool same_screen = strcmp(a->focus_screen, a->frame.screen) == 0 && !a->view.warning;
    const struct ui_target *t = ui_find(&a->frame, a->focus);
    if (same_screen && t && !t->disabled)
        return;
    const char *first = ui_focus_move(&a->frame, NULL, UI_NEXT);
    kstr_copy(a->focus, sizeof(a->focus), first ? first : "");
    kstr_copy(a->focus_screen, sizeof(a->focus_screen), a->frame.screen);
    a->view.focus_id = a->focus;
    ui_build(&a->env, &a->view, &a->frame);
}

enum kiosk_err app_draw(struct app *a)
{
    int w, h;
    render_size(a->render, &w, &h);
    a->env.width = w;
    a->env.height = h;
    build_view(a);
    a->view.focus_id = a->keypad && a->focus[0] ? a->focus : NULL;
    ui_build(&a->env, &a->view, &a->frame);
    if (a->keypad)
        settle_focus(a);
    announce(a);
    enum kiosk_err err = render_frame(a->render, &a->frame.dl);
    if (err == KIOSK_OK && a->first_frame_ms < 0) {
        a->first_frame_ms = kclock_mono(kclock_system()) - a->started_mono;
        if (a->on_first_frame)
            a->on_first_frame(a->first_frame_ctx);
    }
    a->frames++;
    a->dirty = false;
    return err;
}

int64_t app_first_frame_ms(const struct app *a)
{
    return a->first_frame_ms;
}

/* --- set-up ----------------------------------------------------------------- */

static void path_join(char *out, size_t size, const char *dir, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

/* Compiled catalogs are build output and live beside the program: <exe>/locale
 * in the build tree, <exe>/../share/carekiosk/locale when installed. */
static void catalog_dir(char *out, size_t size)
{
    char exe[512];
    struct stat st;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *slash;
    out[0] = '\0';
    if (n <= 0)
        return;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (!slash)
        return;
    *slash = '\0';
    snprintf(out, size, "%s/locale", exe);
    if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
        return;
    snprintf(out, size, "%s/../share/carekiosk/locale", exe);
}

/* mkdir -p: the output folder may be several levels deep. */
static void make_dirs(const char *path)
{
    char buf[512];
    kstr_copy(buf, sizeof(buf), path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(buf, 0755);
        *p = '/';
    }
    mkdir(buf, 0755);
}

static void open_devices(struct app *a)
{
    /* One libusb context for every USB device, when a USB driver is chosen. */
    if (strcmp(a->cfg.printer, "sim") != 0 || strcmp(a->cfg.reader, "sim") != 0) {
        enum kiosk_err err = usb_new(&a->usb);
        if (err != KIOSK_OK)
            log_error(MOD, "USB did not start (%E): USB devices will show as not connected", err);
    }
    struct printer_config pc = {
        .driver = a->cfg.printer,
        .paper_dots = config_paper_dots(&a->cfg),
        .output_dir = a->output_dir[0] ? a->output_dir : NULL,
        .usb = a->usb,
    };
    static struct text_raster raster; /* lives as long as the process */
    raster = fontset_raster(a->fonts);
    pc.raster = &raster;
    enum kiosk_err err = printer_open(&pc, &a->printer);
    if (err != KIOSK_OK) {
        log_note(LOG_WARN, MOD, "printer not available, driver", a->cfg.printer);
        a->printer = NULL;
    }
    struct reader_config rc = {.driver = a->cfg.reader,
                               .patient_card_prefix = a->cfg.patient_card_prefix,
                               .clock = a->clock,
                               .usb = a->usb};
    err = reader_open(&rc, &a->reader);
    if (err != KIOSK_OK) {
        log_note(LOG_WARN, MOD, "card reader not available, driver", a->cfg.reader);
        a->reader = NULL;
    }
}

static void init_flow(struct app *a)
{
    struct flow_config fc = {
        .warn_ms = a->cfg.warn_s * 1000LL,
        .clear_ms = a->cfg.clear_s * 1000LL,
        .done_ms = a->cfg.done_s * 1000LL,
        .early_ms = a->cfg.arrival_early_min * 60000LL,
        .late_ms = a->cfg.arrival_late_min * 60000LL,
        .max_attempts = a->cfg.max_attempts,
        .min_pay_minor = a->cfg.pay_min_minor,
    };
    kstr_copy(fc.default_lang, sizeof(fc.default_lang), a->cfg.default_lang);
    flow_init(&a->flow, &fc, kclock_mono(a->clock));
}

/* The configured branding pack, else the shipped default pack, else the
 * built-in colours: a bad pack never blanks the kiosk. Why a pack was not
 * used stays in a->rejected for the technician view. */
static void load_branding(struct app *a)
{
    char def[700];
    path_join(def, sizeof(def), a->assets, "branding/default");
    const char *dir = a->cfg.branding[0] ? a->cfg.branding : def;
    enum kiosk_err err = brand_load(&a->brand, dir);
    if (err != KIOSK_OK) {
        a->rejected = a->brand;
        log_warn(MOD, "branding pack not used (%d problems; see carekiosk brand check): %E",
                 a->brand.problem_count - a->brand.warning_count, err);
        if (dir != def && brand_load(&a->brand, def) != KIOSK_OK)
            brand_defaults(&a->brand);
        else if (dir == def)
            brand_defaults(&a->brand);
    }
    theme_from_brand(&a->brand_theme, a->brand.colours);
}

enum kiosk_err app_new(const struct app_options *opt, struct app **out)
{
    char path[600];
    enum kiosk_err err = KIOSK_ERR_NOMEM;
    struct app *a = kmem_alloc(sizeof(*a));
    if (!a)
        return KIOSK_ERR_NOMEM;
    a->started_mono = kclock_mono(kclock_system());
    a->first_frame_ms = -1;
    a->cfg = *opt->config;
    a->headless = opt->headless;
    a->on_first_frame = opt->on_first_frame;
    a->first_frame_ctx = opt->first_frame_ctx;
    kstr_copy(a->assets, sizeof(a->assets), opt->assets_dir);
    if (opt->output_dir) {
        kstr_copy(a->output_dir, sizeof(a->output_dir), opt->output_dir);
        make_dirs(a->output_dir);
    }
    ui_frame_init(&a->frame);
    if (opt->headless) {
        kclock_fake_init(&a->fake,
                         opt->start_wall_ms ? opt->start_wall_ms : kclock_wall(kclock_system()));
        a->clock = &a->fake.clock;
    } else {
        a->clock = kclock_system();
    }

    kstr_copy(a->db_path, sizeof(a->db_path), opt->db_path ? opt->db_path : a->cfg.database);
    a->demo = opt->demo;
    a->store_aside_unsent = -1;
    if (!app_store_open(a) && a->store_err == KIOSK_ERR_INVALID) {
        err = a->store_err; /* demo data that does not load is the build's fault */
        goto err_free;
    }
    if (opt->catalog_dir)
        kstr_copy(path, sizeof(path), opt->catalog_dir);
    else
        catalog_dir(path, sizeof(path));
    err = i18n_new(path[0] ? path : NULL, &a->i18n);
    if (err != KIOSK_OK)
        goto err_close_store;
    for (int i = 0; i < i18n_lang_count() && i < CONFIG_MAX_LANGS; i++) {
        char dir[700];
        snprintf(dir, sizeof(dir), "%s/education/%s", a->assets, i18n_lang_code(i));
        if (guide_library_load(dir, &a->guides[i]) != KIOSK_OK)
            a->guides[i] = NULL;
    }
    load_branding(a);
    path_join(path, sizeof(path), a->assets, "fonts");
    err = fontset_new(path, &a->fonts);
    if (err != KIOSK_OK) {
        log_note(LOG_ERROR, MOD, "fonts missing in", path);
        goto err_free_i18n;
    }
    struct render_config rc = {
        .width = a->cfg.screen_w,
        .height = a->cfg.screen_h,
        .offscreen = opt->headless,
        .fullscreen = a->cfg.fullscreen,
        .title = "carekiosk",
        .fonts = a->fonts,
        .image_dir = a->brand.dir[0] ? a->brand.dir : NULL,
    };
    err = render_new(&rc, &a->render);
    if (err != KIOSK_OK) {
        log_error(MOD, "cannot open the screen: %E", err);
        goto err_free_fonts;
    }
    a->env.measure = fontset_measure(a->fonts);
    a->env.i18n = a->i18n;
    struct speech_config sc = {.audio = !opt->headless, .volume = 80};
    enum kiosk_err serr = speech_new(&sc, &a->speech);
    if (serr == KIOSK_ERR_UNSUPPORTED)
        log_warn(MOD, "speech output not available: espeak-ng is missing");
    else if (serr == KIOSK_ERR_NO_DEVICE)
        log_warn(MOD, "no audio device: speech output is silent");
    open_devices(a);
    app_pay_init(a);
    init_flow(a);
    a->dirty = true;
    app_service_init(a);
    app_metrics_open(a);
    *out = a;
    return KIOSK_OK;

err_free_fonts:
    fontset_free(a->fonts);
err_free_i18n:
    for (int i = 0; i < CONFIG_MAX_LANGS; i++)
        guide_library_free(a->guides[i]);
    i18n_free(a->i18n);
err_close_store:
    store_close(a->store);
err_free:
    ui_frame_release(&a->frame);
    kmem_free(a);
    return err;
}

void app_free(struct app *a)
{
    if (!a)
        return;
    app_metrics_close(a);
    sync_free(a->sync); /* stops its thread before the store goes */
    app_print_free(a);  /* before the printer and the logo it borrows */
    app_pay_free(a);
    app_service_release(a);
    reader_close(a->reader);
    printer_close(a->printer);
    usb_free(a->usb);
    kbitmap_release(&a->ticket_logo);
    speech_free(a->speech);
    render_free(a->render);
    fontset_free(a->fonts);
    for (int i = 0; i < CONFIG_MAX_LANGS; i++)
        guide_library_free(a->guides[i]);
    i18n_free(a->i18n);
    store_close(a->store);
    ui_frame_release(&a->frame);
    kmem_wipe(&a->flow, sizeof(a->flow));
    kmem_free(a);
}

/* --- the interactive loop ------------------------------------------------------ */

static void on_key(struct app *a, int key)
{
    switch (key) {
    case KEY_DEMO_SWIPE:
        if (a->reader) {
            char track[] = ";6001000000000017=30121010000000000000?";
            reader_sim_swipe(a->reader, track);
            kmem_wipe(track, sizeof(track));
        }
        break;
    case KEY_DEMO_SCAN:
        if (a->reader)
            reader_sim_scan(a->reader, "APPT-2026-000123");
        break;
    case KEY_ESCAPE: {
        struct flow_event ev = app_event_now(a, EV_TAP);
        ev.widget = "cancel";
        app_event(a, &ev);
        break;
    }
    default:
        app_key(a, key);
        break;
    }
}

/* Staff hear about the printer through the outbox (as for help requests):
 * paper low before it runs out, and every state that stops printing. The
 * alert carries the kiosk's location and the state, nothing about anyone. */
void app_staff_alert(struct app *a, const char *device, const char *state)
{
    char key[KIOSK_UUID_LEN];
    struct outbox_record rec = {.kind = OUTBOX_DEVICE_ALERT, .at_ms = kclock_wall(a->clock)};
    if (kiosk_uuid(key) != KIOSK_OK)
        return;
    kstr_copy(rec.device.location, sizeof(rec.device.location), a->cfg.location);
    kstr_copy(rec.device.device, sizeof(rec.device.device), device);
    kstr_copy(rec.device.state, sizeof(rec.device.state), state);
    enum kiosk_err err =
        a->store ? store_outbox_add(a->store, key, &rec, kclock_wall(a->clock)) : a->store_err;
    if (err != KIOSK_OK)
        log_error(MOD, "device alert could not be queued: %E", err);
    sync_poke(a->sync);
}

void app_devices_check(struct app *a)
{
    if (!a->printer || app_print_busy(a))
        return; /* a job on the printer: asked again when it is over */
    enum printer_state st = printer_state(a->printer);
    if (st == a->printer_seen)
        return;
    enum printer_state was = a->printer_seen;
    a->printer_seen = st;
    if (st == PRINTER_OK) {
        log_info(MOD, "printer ok again");
        if (was != PRINTER_OK)
            app_staff_alert(a, "printer", printer_state_name(st));
        return;
    }
    log_warn(MOD, "printer needs attention (state %d)", (int)st);
    app_staff_alert(a, "printer", printer_state_name(st));
}

static void poll_devices(struct app *a)
{
    int64_t now = kclock_mono(kclock_system());
    if (now < a->devices_next_ms)
        return;
    a->devices_next_ms = now + DEVICES_EVERY_MS;
    app_devices_check(a);
}

static void poll_reader(struct app *a)
{
    struct reader_input in;
    while (a->reader && reader_poll(a->reader, &in) == KIOSK_OK && in.kind != READER_NONE) {
        app_reader_input(a, &in);
        kmem_wipe(&in, sizeof(in));
    }
}

/* Under systemd, READY=1 goes out once the first screen is drawn and
 * WATCHDOG=1 from this loop, so a kiosk whose loop hangs is restarted. */
static void keep_watchdog(struct app *a, bool *ready, int64_t interval, int64_t *next_pet)
{
    if (!*ready && a->first_frame_ms >= 0) {
        notify_send("READY=1\nSTATUS=Showing the welcome screen");
        *ready = true;
    }
    int64_t now = kclock_mono(kclock_system());
    if (interval > 0 && now >= *next_pet) {
        notify_send("WATCHDOG=1");
        *next_pet = now + interval;
    }
}

void app_sync_open(struct app *a, bool threaded)
{
    if (!a->cfg.server_url[0] || a->sync)
        return;
    enum kiosk_err err = sync_new(&a->cfg, kclock_system(), &a->sync);
    if (err == KIOSK_OK && threaded)
        err = sync_start(a->sync, a->db_path);
    a->sync_threaded = err == KIOSK_OK && threaded;
    if (err != KIOSK_OK) {
        log_error(MOD, "billing sync not started: %E", err);
        sync_free(a->sync);
        a->sync = NULL;
    }
}

enum kiosk_err app_run(struct app *a)
{
    struct input_event in;
    bool ready = false;
    int64_t wd_interval = notify_watchdog_interval_ms();
    int64_t wd_next = 0;
    app_sync_open(a, true);
    for (;;) {
        app_tick(a);
        if (a->dirty) {
            enum kiosk_err err = app_draw(a);
            if (err != KIOSK_OK)
                log_error(MOD, "drawing failed: %E", err);
        }
        keep_watchdog(a, &ready, wd_interval, &wd_next);
        int64_t now = kclock_mono(a->clock);
        int64_t due = flow_next_deadline(&a->flow, now);
        int64_t svc_due = app_service_deadline(a);
        if (svc_due >= 0 && (due < 0 || svc_due < due))
            due = svc_due;
        int64_t store_due = store_deadline(a, now);
        if (store_due >= 0 && (due < 0 || store_due < due))
            due = store_due;
        due = app_metrics_deadline(a, due);
        if (wd_interval > 0) {
            /* wd_next is on the system clock; a->clock may be another. */
            int64_t wd_in = wd_next - kclock_mono(kclock_system());
            int64_t wd_due = now + (wd_in > 0 ? wd_in : 0);
            if (due < 0 || wd_due < due)
                due = wd_due;
        }
        int timeout = due < 0 ? -1 : (int)(due > now ? due - now : 0);
        /* USB swipes and scans arrive on another thread: look every so often. */
        if ((a->usb || app_pay_busy(a) || app_lookup_busy(a) || app_print_busy(a)) &&
            (timeout < 0 || timeout > USB_POLL_MS))
            timeout = USB_POLL_MS; /* ... and answers of the processor and the server */
        input_wait(timeout, &in);
        switch (in.kind) {
        case INPUT_QUIT:
            notify_send("STOPPING=1");
            return KIOSK_OK;
        case INPUT_TAP: {
            const char *id = ui_hit(&a->frame, in.x, in.y);
            if (id) {
                char tapped[UI_ID_MAX];
                kstr_copy(tapped, sizeof(tapped), id);
                app_tap(a, tapped, true);
            }
            break;
        }
        case INPUT_KEY:
            on_key(a, in.key);
            break;
        case INPUT_RESIZE:
        case INPUT_EXPOSE:
            a->dirty = true;
            break;
        case INPUT_TEXT:
        case INPUT_NONE:
            break;
        }
        poll_reader(a);
        poll_devices(a);
        app_pay_tick(a);
        app_lookup_tick(a);
        app_print_tick(a);
    }
}
