/* The view: the flow's state, the branding and the configuration turned
 * into the plain value ui draws (build_view; payments and service mode add
 * theirs), and drawing a frame (app_draw). */
#include "firmware/app/app_private.h"
#include "firmware/core/clock.h"
#include "firmware/core/str.h"

#include <malloc.h>
#include <string.h>

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
        return N_("That is a bank card. To pay, please use the payment terminal. To find you, "
                  "use your patient card, the code on your letter, or your name.");
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
    case NOTICE_EMAIL_SHAPE:
        return N_("That does not look like an e-mail address. Please check it, for example "
                  "name@example.com.");
    case NOTICE_ADDRESS_SHAPE:
        return N_("Please check the street, the town and the postal code.");
    case NOTICE_MEMBER_SHORT:
        return N_("Please type your whole member number, as on your insurance card.");
    case NOTICE_PICK_ONE:
        return N_("Please choose one first.");
    case NOTICE_RECORDS_OFFLINE:
        return N_("We could not find you here, and the hospital's records cannot be reached "
                  "just now. Please try again in a few minutes, or ask at the desk.");
    case NOTICE_LICENCE_UNREADABLE:
        return N_("We could not read this licence. Please type your surname instead.");
    case NOTICE_FORM_REQUIRED:
        return N_("Please answer this question to go on.");
    case NOTICE_FORM_BAD_NUMBER:
        return N_("Please type a number.");
    case NOTICE_FORM_BAD_DATE:
        return N_("Please check the date: day, month and year.");
    case NOTICE_FORM_TOO_LONG:
        return N_("That answer is too long. Please make it shorter.");
    case NOTICE_FORM_FAILED:
        return N_("We could not save this form here. Please fill it at the front desk.");
    case NOTICE_NONE:
        break;
    }
    return NULL;
}

/* When an appointment is, from today: "tomorrow at 10:30", "on 12 March
 * 2026 at 10:30". The one place the next appointment's date and time are
 * put into words (the CLDR formatter replaces the formats here). */
static void format_when(struct app *a, const char *lang, int64_t start_ms, char *out, size_t size)
{
    struct kdate d;
    char time[32], date[64], tmp[96];
    kclock_local(start_ms, &d);
    i18n_format_time(a->i18n, lang, d.hour, d.minute, time, sizeof(time));
    int64_t today = kclock_local_midnight(kclock_wall(a->clock));
    int64_t tomorrow = kclock_local_midnight(today + 26 * 3600 * 1000LL);
    if (start_ms >= tomorrow && start_ms < kclock_local_midnight(tomorrow + 26 * 3600 * 1000LL)) {
        kstr_subst(out, size, i18n_text(a->i18n, lang, "tomorrow at {time}"), "time", time);
        return;
    }
    i18n_format_date(a->i18n, lang, &d, date, sizeof(date));
    kstr_subst(tmp, sizeof(tmp), i18n_text(a->i18n, lang, "on {date} at {time}"), "date", date);
    kstr_subst(out, size, tmp, "time", time);
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
    v->clinic_name = app_clinic_name(a, s->lang);
    v->logo = a->brand.pack.logo[0] ? a->brand.pack.logo : NULL;
    v->theme = &a->brand.theme;
    v->welcome_text = brand_welcome(&a->brand.pack, s->lang);
    v->closing_text = brand_closing(&a->brand.pack, s->lang);
    v->no_checkin = !a->brand.pack.features[BRAND_FEATURE_CHECKIN];
    v->no_guides = !a->brand.pack.features[BRAND_FEATURE_GUIDES];
    v->no_pay = !a->brand.pack.features[BRAND_FEATURE_PAY];
    v->store_down = !a->store;
    v->lang_count = a->cfg.lang_count < UI_MAX_LANGS ? a->cfg.lang_count : UI_MAX_LANGS;
    for (int i = 0; i < v->lang_count; i++)
        v->langs[i] = a->cfg.langs[i];
    v->notice_msgid = notice_msgid(s->notice);
    if (s->lang_before[0]) {
        v->lang_name = i18n_lang_native_name(s->lang);
        v->lang_back = i18n_lang_native_name(s->lang_before);
    }
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
        struct app_appt_text tx;
        app_appt_texts(a, ap, s->lang, &tx);
        kstr_copy(u->clinic, sizeof(u->clinic), tx.clinic);
        kstr_copy(u->provider, sizeof(u->provider), tx.provider);
        kstr_copy(u->directions, sizeof(u->directions), tx.directions);
        u->selectable = s->elig[i] == ELIG_OPEN;
        u->selected = i == s->selected;
        switch (s->elig[i]) {
        case ELIG_EARLY:
            kclock_local(ap->start_ms - s->cfg.early_ms, &d);
            i18n_format_time(a->i18n, s->lang, d.hour, d.minute, u->status_arg,
                             sizeof(u->status_arg));
            u->status_msgid = N_("Check-in opens at {time}. Please take a seat.");
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
    if (s->match.matches == 1 && s->match.appt_count == 0 && s->match.next.id) {
        struct app_appt_text tx;
        app_appt_texts(a, &s->match.next, s->lang, &tx);
        format_when(a, s->lang, s->match.next.start_ms, v->next_when, sizeof(v->next_when));
        v->next_clinic = tx.clinic;
    }
    if (s->queue_no > 0)
        app_format_queue(a, s->queue_no, v->queue, sizeof(v->queue));
    if (s->selected >= 0) {
        struct app_appt_text tx;
        app_appt_texts(a, &s->match.appts[s->selected], s->lang, &tx);
        v->done_clinic = tx.clinic;
        v->done_directions = tx.directions;
    }
    v->print_failed = s->print_failed;
    int li = i18n_lang_index(s->lang);
    v->guides = li >= 0 && li < CONFIG_MAX_LANGS ? a->guides[li] : NULL;
    v->scroll = s->scroll;
    v->guide = s->guides.guide;
    v->page = s->guides.page;
    v->query = s->guides.query;
    if (s->screen == SCR_GUIDE && v->guides &&
        app_guide_url(a, v->guides, s->guides.guide, url, sizeof(url)) &&
        qr_encode((const uint8_t *)url, strlen(url), QR_MASK_AUTO, &a->qr) == KIOSK_OK) {
        v->qr_modules = a->qr.modules;
        v->qr_size = a->qr.size;
    }
    /* Where the desk is: the pack's words in the patient's language, else
     * the site's own (kiosk.ini). */
    v->front_desk = app_front_desk(a, s->lang);
    v->phone = a->brand.pack.phone_front_desk[0] ? a->brand.pack.phone_front_desk : a->cfg.phone;
    v->no_help_request = !a->brand.pack.features[BRAND_FEATURE_HELP];
    v->help_failed = s->help.failed;
    v->help_reason = s->help.reason;
    v->help_overdue = s->help.overdue;
    app_pay_view(a, v);
    app_details_view(a, v);
    app_payqr_view(a, v);
    app_forms_view(a, v);
    if (svc_active(&a->svc.state))
        app_service_view(a, v);
}

enum kiosk_err app_draw(struct app *a)
{
    int64_t start_ns = app_timing_now_ns();
    int w, h;
    render_size(a->render, &w, &h);
    a->env.width = w;
    a->env.height = h;
    build_view(a);
    a->view.focus_id = a->focus.keypad && a->focus.id[0] ? a->focus.id : NULL;
    ui_build(&a->env, &a->view, &a->frame);
    if (a->focus.keypad)
        app_settle_focus(a);
    app_announce(a);
    enum kiosk_err err = render_frame(a->render, &a->frame.dl);
    if (err == KIOSK_OK && a->boot.first_frame_ms < 0) {
        a->boot.first_frame_ms = kclock_mono(kclock_system()) - a->boot.started_mono;
        if (a->boot.on_first_frame)
            a->boot.on_first_frame(a->boot.ctx);
    }
    a->boot.frames++;
    a->dirty = false;
    if (a->boot.trim) {
        /* The session's screens are gone: their texts, and the heap pages
         * freed with them, go back (glibc returns free pages anywhere in
         * the heap, not only at its top). */
        a->boot.trim = false;
        render_trim(a->render);
        malloc_trim(0);
    }
    app_timing_frame(a, start_ns);
    return err;
}

int64_t app_first_frame_ms(const struct app *a)
{
    return a->boot.first_frame_ms;
}
