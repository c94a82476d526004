/* Every screen, in every language, at normal and large text, measured with
 * the real fonts (HarfBuzz shaping, Devanagari included) and the real
 * catalogs: fails where any text does not fit its box, where a screen shows
 * a string its language's catalog lacks, or where a screen gives speech
 * output nothing to say. The view is filled with long
 * but realistic data. */
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
    v->clinic_name = "Hospital Municipal Nossa Senhora da Conceição";
    v->lang_count = 4;
    for (int i = 0; i < 4; i++)
        v->langs[i] = langs[i];
    v->notice_msgid = "We did not recognise that card or code. Please check in with your name and "
                      "date of birth.";
    v->notice_is_error = true;
    v->surname = "Vasconcelos";
    v->dob_day = "02";
    v->dob_month = "03";
    v->dob_year = "1984";
    v->tries_left = 2;
    v->given_name = "राहुल";
    v->appt_count = 2;
    for (int i = 0; i < 2; i++) {
        struct ui_appt *a = &v->appts[i];
        strcpy(a->time, "10:45 AM");
        strcpy(a->clinic, "Cardiologia e Medicina Vascular");
        strcpy(a->provider, "Dra. Marta Ribeiro de Albuquerque");
        strcpy(a->directions, "2º andar, elevadores azuis");
        a->selectable = i == 1;
        a->selected = i == 1;
    }
    v->appts[0].status_msgid = "Too late to check in here. Please see the front desk.";
    v->can_confirm = true;
    strcpy(v->queue, "A017");
    v->done_clinic = "Cardiologia";
    v->done_directions = "2º andar, elevadores azuis";
}

static enum ktest_result every_screen_fits_in_every_language(void)
{
    struct fontset *fs;
    struct i18n *in;
    struct ui_frame f;
    struct ui_view v;
    static const int sizes[][2] = {{1080, 1920}, {1920, 1080}};
    int failures = 0, frames = 0;

    if (fontset_new(KIOSK_SOURCE_DIR "/assets/fonts", &fs) != KIOSK_OK)
        KT_FAIL_AT("fonts: %s", kiosk_err_detail());
    if (i18n_new(KIOSK_BINARY_DIR "/locale", &in) != KIOSK_OK) {
        fontset_free(fs);
        KT_FAIL_AT("catalogs");
    }
    ui_frame_init(&f);
    long misses = i18n_lookup_misses();
    for (int l = 0; l < i18n_lang_count(); l++) {
        const char *lang = i18n_lang_code(l);
        struct guide_library *guides;
        char dir[512];
        snprintf(dir, sizeof(dir), "%s/assets/education/%s", KIOSK_SOURCE_DIR, lang);
        if (guide_library_load(dir, &guides) != KIOSK_OK)
            KT_FAIL_AT("guides %s", lang);
        for (const struct screen_entry *e = screen_table; e->id; e++) {
            for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
                for (int large = 0; large < 2; large++) {
                    struct ui_env env = {fontset_measure(fs), in, sizes[s][0], sizes[s][1]};
                    fill(&v, e->id, lang);
                    v.guides = guides;
                    v.guide = 2; /* the longest: insurance words */
                    v.large_text = large;
                    v.warning = e == screen_table; /* the dialog, once per language */
                    v.warning_seconds = 15;
                    ui_build(&env, &v, &f);
                    frames++;
                    if (f.overflow_count) {
                        fprintf(stderr, "  %s %s %dx%d%s: \"%s\" does not fit\n", lang, e->id,
                                sizes[s][0], sizes[s][1], large ? " large" : "",
                                f.overflow_text[0]);
                        failures++;
                    }
                    if (!f.prompt[0]) {
                        fprintf(stderr, "  %s %s: nothing for speech to say\n", lang, e->id);
                        failures++;
                    }
                    if (i18n_lookup_misses() != misses) {
                        fprintf(stderr, "  %s %s: a string has no translation\n", lang, e->id);
                        misses = i18n_lookup_misses();
                        failures++;
                    }
                }
            }
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
    {"every_screen_fits_in_every_language", every_screen_fits_in_every_language},
};

KTEST_MAIN(tests)
