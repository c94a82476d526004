/* What a blind patient meets on every screen, in every language: speech
 * says each sentence of the screen once (title and subtitle were said
 * twice), and the keypad focus starts on the screen's main action (on the
 * done screen it started on Help, so one press called staff). Built with
 * the real fonts and catalogs; and no text on any screen is cut (an
 * ellipsis drawn means the text did not fit its buffer). */
#include "firmware/i18n/i18n.h"
#include "ktest.h"
#include "ui/render/font.h"
#include "ui/screen/screens.h"
#include "ui/ui.h"

static void fill(struct ui_view *v, const char *screen, const char *lang)
{
    static const char *langs[] = {"en", "pt-BR", "hi", "es"};
    memset(v, 0, sizeof(*v));
    v->screen = screen;
    v->lang = lang;
    v->clinic_name = "Riverside Clinic";
    v->lang_count = 4;
    for (int i = 0; i < 4; i++)
        v->langs[i] = langs[i];
    v->surname = "Silva";
    v->tries_left = 2;
    v->appt_count = 2;
    for (int i = 0; i < 2; i++) {
        struct ui_appt *a = &v->appts[i];
        strcpy(a->time, "10:45");
        strcpy(a->clinic, "Cardiology");
        strcpy(a->provider, "Dr. Marta Ribeiro");
        strcpy(a->directions, "Second floor");
        a->selectable = true;
        a->selected = i == 0;
    }
    v->can_confirm = true;
    strcpy(v->queue, "A017");
    v->done_clinic = "Cardiology";
    v->done_directions = "Second floor";
}

/* Where the focus must start, screen by screen: its main action (the way
 * on, or the first thing to type or choose). Never Help. A screen not
 * listed fails, so a new screen gets its row. */
static const struct {
    const char *screen, *focus;
} mains[] = {
    {"welcome", "action.checkin"},
    {"checkin.surname", "field.surname"},
    {"checkin.dob", "dob.day"},
    {"checkin.appointments", "appt.0"},
    {"checkin.copay", "copay.desk"}, /* no card in this view: the desk is the way on */
    {"checkin.done", "finish"},
    {"details.confirm", "yes"},
    {"details.change", "change.phone"},
    {"details.phone", "phone"},
    {"details.email", "email"},
    {"details.address", "field.line"},
    {"details.contact", "phone"},
    {"details.sent", "next"},
    {"insurance.confirm", "yes"},
    {"insurance.payer", "back"}, /* no payers in this view: the way back */
    {"insurance.member", "member"},
    {"insurance.relation", "rel.1"},
    {"insurance.sent", "next"},
    {"checkin.not_found", "retry"},
    {"checkin.see_desk", "finish"},
    {"checkin.no_appointment", "finish"},
    {"checkin.unavailable", "finish"},
    {"help", "help.yes"},
    {"help.sent", "back"},
    {"guides", "guide.0"},
    {"guide", "guide.print"},
    {"glossary", "field.query"},
    {"pay.bills", "finish"}, /* no bills in this view: the way out */
    {"pay.bill", "back"},    /* no bill in this view */
    {"pay.amount", "amount.other"},
    {"pay.confirm", "confirm"},
    {"pay.card", "pay.cancel"}, /* the card goes in the terminal: Cancel is all there is */
    {"pay.declined", "retry"},
    {"pay.other", "finish"},
    {"pay.receipt", "receipt.print"},
    {"pay.done", "finish"},
    {"forms.list", "finish"}, /* no forms in this view: the way out */
    {"forms.language", "form.original"},
    {"forms.page", "next"},
    {"forms.review", "send"},
    {"forms.sign", "sign.name"},
    {"forms.sent", "forms.list"},
    {"pay.qr", "help"}, /* no code in this view: a live one has only Cancel */
    {"pay.send", "send.new"},
    {"pay.send_phone", "phone"},
    {"pay.send_email", "email"},
    {"billing.topic", "topic.bill"},
    {"billing.phone", "phone"},
    {"billing.sent", "print"},
    {"searching", "cancel"},
    {"service.login", "field.name"},
    {"service.home", "svc.print_test"},
    {"service.reader", "back"},
};

/* Each line drawn is said once: no line of text (a title, a subtitle, a
 * line of them) is said twice in a row. Returns the repeated text or NULL. */
static const char *repeated(const struct ui_frame *f)
{
    static char twice[2 * DRAW_TEXT_MAX + 2];
    for (int i = 0; i < f->dl.count; i++) {
        const struct draw_cmd *d = &f->dl.cmds[i];
        if (d->kind != DRAW_TEXT || strlen(d->text) < 8) /* a word may start the next line */
            continue;
        snprintf(twice, sizeof(twice), "%s %s", d->text, d->text);
        if (strstr(f->prompt, twice))
            return d->text;
    }
    return NULL;
}

static enum ktest_result every_screen_is_said_once_and_starts_on_its_main_action(void)
{
    struct fontset *fs;
    struct i18n *in;
    struct ui_frame f;
    struct ui_view v;
    int failures = 0, frames = 0;

    if (fontset_new(KIOSK_SOURCE_DIR "/assets/fonts", &fs) != KIOSK_OK)
        KT_FAIL_AT("fonts: %s", kiosk_err_detail());
    if (i18n_new(KIOSK_BINARY_DIR "/locale", &in) != KIOSK_OK) {
        fontset_free(fs);
        KT_FAIL_AT("catalogs");
    }
    ui_frame_init(&f);
    for (int l = 0; l < i18n_lang_count(); l++) {
        const char *lang = i18n_lang_code(l);
        struct guide_library *guides;
        char dir[512];
        snprintf(dir, sizeof(dir), "%s/assets/education/%s", KIOSK_SOURCE_DIR, lang);
        if (guide_library_load(dir, &guides) != KIOSK_OK)
            KT_FAIL_AT("guides %s", lang);
        for (const struct screen_entry *e = screen_table; e->id; e++) {
            struct ui_env env = {fontset_measure(fs), in, 1080, 1920};
            fill(&v, e->id, lang);
            v.guides = guides;
            ui_build(&env, &v, &f);
            frames++;
            const char *twice = repeated(&f);
            if (twice) {
                fprintf(stderr, "  %s %s: speech says \"%s\" twice\n", lang, e->id, twice);
                failures++;
            }
            for (int i = 0; i < f.dl.count; i++)
                if (f.dl.cmds[i].kind == DRAW_TEXT && strstr(f.dl.cmds[i].text, "\xE2\x80\xA6") &&
                    strncmp(e->id, "service.", 8) != 0) {
                    fprintf(stderr, "  %s %s: text was cut: \"%s\"\n", lang, e->id,
                            f.dl.cmds[i].text);
                    failures++;
                }
            const char *first = ui_focus_first(&f);
            const char *want = NULL;
            for (size_t i = 0; i < sizeof(mains) / sizeof(mains[0]); i++)
                if (strcmp(mains[i].screen, e->id) == 0)
                    want = mains[i].focus;
            if (!want || !first || strcmp(first, want) != 0) {
                fprintf(stderr, "  %s %s: keypad focus starts on %s, expected %s\n", lang, e->id,
                        first ? first : "(nothing)", want ? want : "(no row in mains[])");
                failures++;
            }
            if (l == 0)
                printf("  %-22s starts on %s\n", e->id, first ? first : "(nothing)");
        }
        guide_library_free(guides);
    }
    printf("  %d frames built, %d with problems\n", frames, failures);
    ui_frame_release(&f);
    i18n_free(in);
    fontset_free(fs);
    return failures ? KTEST_FAIL : KTEST_PASS;
}

static const struct ktest tests[] = {
    {"every_screen_is_said_once_and_starts_on_its_main_action",
     every_screen_is_said_once_and_starts_on_its_main_action},
};

KTEST_MAIN(tests)
