/* Layout at every size (issue 16): every screen, in every language, with
 * standard text, large text and high contrast, at the kiosk sizes and a few
 * odd ones, measured with the real fonts and catalogs, with real-length data
 * (36-character server ids, long clinic names, eight bill lines). Reads the
 * frame's layout record (ui_layout_check): fails where two widgets overlap,
 * where a widget leaves the content area (under the action bar, off screen),
 * and where an element of the view is not shown and no visible control on
 * the screen leads to it. */
#include "firmware/i18n/i18n.h"
#include "ktest.h"
#include "ui/render/font.h"
#include "ui/screen/screens.h"
#include "ui/ui.h"

#include <stdlib.h>

static const int sizes[][2] = {{1080, 1920}, {1920, 1080}, {768, 1024}, {1024, 768},
                               {800, 1280},  {600, 1024},  {1366, 768}, {1280, 800}};

static void fill(struct ui_view *v, const char *screen, const char *lang)
{
    static const char *langs[] = {"en", "pt-BR", "hi", "es"};
    memset(v, 0, sizeof(*v));
    v->screen = screen;
    v->lang = lang;
    v->clinic_name = "Hospital Municipal Nossa Senhora da Conceição — Unidade Central";
    v->closing_text = "Obrigado por escolher o nosso hospital. Volte sempre.";
    v->lang_count = 4;
    for (int i = 0; i < 4; i++)
        v->langs[i] = langs[i];
    /* A notice only where one appears: the ways in and the entry screens. */
    if (strcmp(screen, "welcome") == 0 || strcmp(screen, "checkin.surname") == 0 ||
        strcmp(screen, "checkin.dob") == 0) {
        v->notice_msgid = "We did not recognise that card or code. Please check in with your "
                          "name and date of birth.";
        v->notice_is_error = true;
    }
    v->surname = "Albuquerque-Vasconcelos";
    v->dob_day = "02";
    v->dob_month = "03";
    v->dob_year = "1984";
    v->tries_left = 2;
    v->given_name = "Maria da Conceição";
    v->appt_count = 3;
    for (int i = 0; i < 3; i++) {
        struct ui_appt *a = &v->appts[i];
        strcpy(a->time, "10:45 AM");
        strcpy(a->clinic, "Cardiologia e Medicina Vascular");
        strcpy(a->provider, "Dra. Marta Ribeiro de Albuquerque");
        strcpy(a->directions, "Ground floor, west wing: follow the green line to the lifts");
        a->selectable = i == 1;
        a->selected = i == 1;
    }
    v->appts[0].status_msgid = "Too late to check in here. Please see the front desk.";
    v->can_confirm = true;
    strcpy(v->queue, "A017");
    v->done_clinic = "Cardiologia e Medicina Vascular";
    v->done_directions = "Ground floor, west wing: follow the green line past the pharmacy to "
                         "the blue lifts, then the second door on the left";
    v->front_desk = "Ground floor, by the main entrance";
    v->phone = "(617) 555-0100";
    v->phone_billing = "(617) 555-0103";
    v->phone_typed = "6175550199";
    v->callback_days = 2;
    v->bill_count = 3;
    v->bill = 0;
    for (int i = 0; i < 3; i++) {
        struct ui_bill *b = &v->bills[i];
        snprintf(b->id, sizeof(b->id), "3f2b8c4e-9d1a-4b7e-8c2f-5a6d7e8f901%d", i);
        if (i != 1) /* one statement without a paper number: its id, shortened */
            snprintf(b->number, sizeof(b->number), "INV-2026-00012345%d", i);
        strcpy(b->due, "17 September 2026");
        strcpy(b->total, "R$ 12.250,00");
        strcpy(b->insurance, "-R$ 10.170,00");
        strcpy(b->adjust, "-R$ 1.015,00");
        strcpy(b->owes, "R$ 1.065,00");
        b->payable = i == 0;
        b->line_count = KIOSK_MAX_LINES;
        for (int k = 0; k < KIOSK_MAX_LINES; k++) {
            snprintf(b->lines[k].words, sizeof(b->lines[k].words),
                     "Heart tracing (ECG) %d — records your heartbeat, with the doctor's report",
                     k + 1);
            strcpy(b->lines[k].code, "93000");
            strcpy(b->lines[k].amount, "R$ 1.065,00");
        }
    }
    v->bills[2].state_msgid = "A card payment for this bill is being confirmed with the bank. "
                              "Please do not pay it again; the front desk can tell you more.";
    v->bills[2].state_label = "Payment being confirmed";
    strcpy(v->pay_amount, "R$ 1.065,00");
    strcpy(v->min_amount, "R$ 10,00");
    strcpy(v->amount_typed, "R$ 250,00");
    strcpy(v->card, "Visa ending 1111");
    strcpy(v->auth_code, "A1B2C3");
    v->pay_other = strcmp(screen, "pay.amount") == 0;
    /* A QR code as big as a guide's or a receipt's address makes. */
    static unsigned char qr[33 * 33];
    for (int i = 0; i < 33 * 33; i++)
        qr[i] = (unsigned char)((i * 7 + i / 33) % 3 == 0);
    v->qr_modules = qr;
    v->qr_size = 33;
}

static void dump(const struct ui_frame *f)
{
    const struct ui_layout *l = &f->layout;
    fprintf(stderr, "    header to %d, action bar from %d\n", l->header_bottom, l->actions_top);
    for (int i = 0; i < l->box_count; i++)
        fprintf(stderr, "    box %d: %d,%d %dx%d \"%s\"\n", l->boxes[i].zone, l->boxes[i].rect.x,
                l->boxes[i].rect.y, l->boxes[i].rect.w, l->boxes[i].rect.h, l->boxes[i].what);
}

/* The elements a screen ever showed while a patient follows its controls. */
struct seen {
    int count;
    struct {
        char kind[UI_ID_MAX];
        int index;
        bool shown;
    } e[UI_LAYOUT_ITEMS * 2];
};

static void note_items(struct seen *s, const struct ui_frame *f)
{
    for (int i = 0; i < f->layout.item_count; i++) {
        const struct ui_item *it = &f->layout.items[i];
        int k = 0;
        while (k < s->count && !(strcmp(s->e[k].kind, it->kind) == 0 && s->e[k].index == it->index))
            k++;
        if (k == s->count) {
            if (s->count == (int)(sizeof(s->e) / sizeof(s->e[0])))
                continue;
            snprintf(s->e[k].kind, sizeof(s->e[k].kind), "%s", it->kind);
            s->e[k].index = it->index;
            s->e[k].shown = false;
            s->count++;
        }
        if (it->placed == UI_PLACED_SHOWN)
            s->e[k].shown = true;
    }
}

/* Follow the screen's forward controls as the flow does (each moves its
 * list by one); false when there is none left to press. */
static bool press_more(struct ui_view *v, const struct ui_frame *f)
{
    static const char *const ids[] = {"scroll.more", "lines.more", "bills.more", "page.next"};
    for (int i = 0; i < 4; i++) {
        const struct ui_target *t = ui_find(f, ids[i]);
        if (!t || t->disabled)
            continue;
        if (i == 0)
            v->scroll++;
        else if (i == 1)
            v->first_line++;
        else if (i == 2)
            v->first_bill++;
        else
            v->page++;
        return true;
    }
    return false;
}

static enum ktest_result every_screen_lays_out_at_every_size(void)
{
    struct fontset *fs;
    struct i18n *in;
    struct ui_frame f;
    struct ui_view v;
    static const char *const modes[] = {"standard", "large text", "high contrast"};
    int failures = 0, frames = 0;
    char why[256];
    /* LAYOUT_ONLY=<screen id> checks one screen; LAYOUT_DUMP=1 prints the
     * record of each failing frame. */
    const char *only = getenv("LAYOUT_ONLY");
    if (only && !only[0])
        only = NULL;

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
            if (only && strcmp(only, e->id) != 0)
                continue;
            for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
                for (int m = 0; m < 3; m++) {
                    struct ui_env env = {fontset_measure(fs), in, sizes[s][0], sizes[s][1]};
                    fill(&v, e->id, lang);
                    v.guides = guides;
                    v.guide = 2; /* the longest: insurance words */
                    v.large_text = m == 1;
                    v.high_contrast = m == 2;
                    v.show_codes = m == 2;
                    /* The first page, then each page a patient reaches by
                     * pressing More (or Next) until there is none. */
                    struct seen seen = {0};
                    bool bad = false;
                    for (int page = 0; page < 16 && !bad; page++) {
                        ui_build(&env, &v, &f);
                        frames++;
                        note_items(&seen, &f);
                        if (getenv("LAYOUT_DUMP_ALL"))
                            dump(&f);
                        if (f.overflow_count)
                            snprintf(why, sizeof(why), "\"%s\" does not fit its box",
                                     f.overflow_text[0]);
                        if (f.overflow_count || ui_layout_check(&f, why, sizeof(why)) > 0) {
                            fprintf(stderr, "  %s %s %dx%d %s (page %d): %s\n", lang, e->id,
                                    sizes[s][0], sizes[s][1], modes[m], page + 1, why);
                            failures++;
                            bad = true;
                            if (getenv("LAYOUT_DUMP"))
                                dump(&f);
                        }
                        if (!press_more(&v, &f))
                            break;
                    }
                    for (int k = 0; k < seen.count && !bad; k++)
                        if (!seen.e[k].shown) {
                            fprintf(stderr, "  %s %s %dx%d %s: %s %d is on no page\n", lang, e->id,
                                    sizes[s][0], sizes[s][1], modes[m], seen.e[k].kind,
                                    seen.e[k].index);
                            failures++;
                            bad = true;
                        }
                }
            }
        }
        guide_library_free(guides);
    }
    printf("  %d frames built (every page), %d screens with layout problems\n", frames, failures);
    ui_frame_release(&f);
    i18n_free(in);
    fontset_free(fs);
    return failures ? KTEST_FAIL : KTEST_PASS;
}

/* The inactivity dialog over a screen: its text and buttons on screen. */
static enum ktest_result the_dialog_fits_at_every_size(void)
{
    struct fontset *fs;
    struct i18n *in;
    struct ui_frame f;
    struct ui_view v;
    int failures = 0;
    char why[256];
    if (fontset_new(KIOSK_SOURCE_DIR "/assets/fonts", &fs) != KIOSK_OK)
        KT_FAIL_AT("fonts: %s", kiosk_err_detail());
    if (i18n_new(KIOSK_BINARY_DIR "/locale", &in) != KIOSK_OK) {
        fontset_free(fs);
        KT_FAIL_AT("catalogs");
    }
    ui_frame_init(&f);
    for (int l = 0; l < i18n_lang_count(); l++)
        for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
            for (int large = 0; large < 2; large++) {
                struct ui_env env = {fontset_measure(fs), in, sizes[s][0], sizes[s][1]};
                fill(&v, "checkin.surname", i18n_lang_code(l));
                v.large_text = large;
                v.warning = true;
                v.warning_seconds = 15;
                ui_build(&env, &v, &f);
                if (ui_layout_check(&f, why, sizeof(why)) > 0) {
                    fprintf(stderr, "  dialog %s %dx%d%s: %s\n", i18n_lang_code(l), sizes[s][0],
                            sizes[s][1], large ? " large" : "", why);
                    failures++;
                }
            }
    ui_frame_release(&f);
    i18n_free(in);
    fontset_free(fs);
    return failures ? KTEST_FAIL : KTEST_PASS;
}

/* The check itself sees what it must: an overlap, a box under the action
 * bar, a dropped element, and paging without its control. */
static enum ktest_result the_check_sees_each_problem(void)
{
    struct ui_frame f;
    ui_frame_init(&f);
    struct ui_layout *l = &f.layout;
    l->width = 1000;
    l->height = 1000;
    l->header_bottom = 100;
    l->actions_top = 800;
    l->box_count = 2;
    l->boxes[0] = (struct ui_box){{10, 200, 300, 100}, UI_ZONE_BODY, "a"};
    l->boxes[1] = (struct ui_box){{10, 320, 300, 100}, UI_ZONE_BODY, "b"};
    KT_EQ_INT(ui_layout_check(&f, NULL, 0), 0);
    l->boxes[1].rect.y = 250;
    KT_EQ_INT(ui_layout_check(&f, NULL, 0), 1);
    l->boxes[1].rect.y = 750; /* under the action bar */
    KT_EQ_INT(ui_layout_check(&f, NULL, 0), 1);
    l->boxes[1].rect.y = 320;
    l->item_count = 1;
    l->items[0] = (struct ui_item){"bill.line", 7, UI_PLACED_DROPPED, ""};
    KT_EQ_INT(ui_layout_check(&f, NULL, 0), 1);
    l->items[0] = (struct ui_item){"bill.line", 7, UI_PLACED_PAGED, "lines.more"};
    KT_EQ_INT(ui_layout_check(&f, NULL, 0), 1); /* no such control */
    f.target_count = 1;
    f.targets[0] = (struct ui_target){.id = "lines.more", .rect = {10, 500, 200, 96}};
    KT_EQ_INT(ui_layout_check(&f, NULL, 0), 0);
    ui_frame_release(&f);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"the_check_sees_each_problem", the_check_sees_each_problem},
    {"every_screen_lays_out_at_every_size", every_screen_lays_out_at_every_size},
    {"the_dialog_fits_at_every_size", the_dialog_fits_at_every_size},
};

KTEST_MAIN(tests)
