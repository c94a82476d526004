/* The UI core without SDL: every screen built from a view at several sizes,
 * measured with a stand-in that gives each code point a fixed advance.
 * Checks what a patient would notice: text that does not fit, buttons too
 * small for a finger, taps that land on the wrong thing, colours too faint. */
#include "ktest.h"
#include "ui/screen/screens.h"
#include "ui/theme/theme.h"
#include "ui/ui.h"

#include "firmware/core/str.h"

static int fake_width(void *ctx, const char *s, int px, bool bold)
{
    (void)ctx;
    /* Roughly Noto Sans: average advance about 0.55 em, bold a little wider. */
    return (int)(kstr_utf8_len(s) * px * (bold ? 0.60 : 0.55));
}

static int fake_line(void *ctx, int px)
{
    (void)ctx;
    return px * 14 / 10;
}

static struct ui_env env_at(int w, int h)
{
    struct ui_env env = {{fake_width, fake_line, NULL}, NULL, w, h};
    return env;
}

static void full_view(struct ui_view *v, const char *screen)
{
    static const char *langs[] = {"en", "pt-BR", "hi", "es"};
    memset(v, 0, sizeof(*v));
    v->screen = screen;
    v->lang = "en";
    v->clinic_name = "St. Mary's Community Hospital — Main lobby";
    v->lang_count = 4;
    for (int i = 0; i < 4; i++)
        v->langs[i] = langs[i];
    v->surname = "Albuquerque-Vasconcelos";
    v->dob_day = "02";
    v->dob_month = "03";
    v->dob_year = "1984";
    v->tries_left = 2;
    v->given_name = "Maria Conceição";
    v->appt_count = 3;
    for (int i = 0; i < 3; i++) {
        struct ui_appt *a = &v->appts[i];
        strcpy(a->time, "10:45 AM");
        strcpy(a->clinic, "Cardiology and Vascular Medicine");
        strcpy(a->provider, "Dr. Marta Ribeiro");
        strcpy(a->directions, "Floor 2, blue lifts, then follow the red line");
        a->selectable = i == 1;
        a->selected = i == 1;
    }
    v->appts[0].status_msgid = "Check-in opens at {time}. Please take a seat.";
    strcpy(v->appts[0].status_arg, "11:15 AM");
    v->can_confirm = true;
    strcpy(v->queue, "A017");
    v->done_clinic = "Cardiology";
    v->done_directions = "Floor 2, blue lifts";
    /* As many statements as are shown: the first open with as many lines
     * as a bill shows, the others held, with the longest state words. */
    v->bill_count = KIOSK_MAX_BILLS;
    for (int i = 0; i < KIOSK_MAX_BILLS; i++) {
        struct ui_bill *b = &v->bills[i];
        snprintf(b->number, sizeof(b->number), "INV-2026-00012345%d", i);
        strcpy(b->due, "17 September 2026");
        strcpy(b->total, "$12,250.00");
        strcpy(b->insurance, "-$10,170.00");
        strcpy(b->adjust, "-$1,015.00");
        strcpy(b->owes, "$1,065.00");
        b->payable = i == 0;
        b->line_count = KIOSK_MAX_LINES;
        for (int k = 0; k < KIOSK_MAX_LINES; k++) {
            strcpy(b->lines[k].words, "Heart tracing (ECG) — records your heartbeat, with the "
                                      "doctor's report");
            strcpy(b->lines[k].code, "93000");
            strcpy(b->lines[k].amount, "$1,065.00");
        }
    }
    for (int i = 1; i < KIOSK_MAX_BILLS; i++) {
        v->bills[i].state_msgid = "A card payment for this bill is being confirmed with the "
                                  "bank. Please do not pay it again; the front desk can tell you "
                                  "more.";
        v->bills[i].state_label = "Payment being confirmed";
    }
}

/* Every statement a patient may have is on the list or a "More" away,
 * whatever the screen; "Earlier" goes back. */
static enum ktest_result every_statement_is_listed(void)
{
    static const int sizes[][2] = {{1080, 1920}, {1920, 1080}, {768, 1024}, {1280, 800}};
    struct ui_frame f;
    struct ui_view v;
    ui_frame_init(&f);
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        for (int large = 0; large < 2; large++) {
            struct ui_env env = env_at(sizes[s][0], sizes[s][1]);
            bool seen[KIOSK_MAX_BILLS] = {false};
            full_view(&v, "pay.bills");
            v.large_text = large;
            for (int page = 0; page < KIOSK_MAX_BILLS; page++) {
                ui_build(&env, &v, &f);
                if (f.overflow_count || (page > 0) != (ui_find(&f, "bills.back") != NULL)) {
                    fprintf(stderr, "  page %d at %dx%d%s: overflow or Earlier wrong\n", page,
                            sizes[s][0], sizes[s][1], large ? " large" : "");
                    ui_frame_release(&f);
                    return KTEST_FAIL;
                }
                for (int i = 0; i < KIOSK_MAX_BILLS; i++) {
                    char id[16];
                    snprintf(id, sizeof(id), "bill.%d", i);
                    seen[i] = seen[i] || ui_find(&f, id) != NULL;
                }
                if (!ui_find(&f, "bills.more"))
                    break;
                v.first_bill++; /* as the flow does on "More" */
            }
            for (int i = 0; i < KIOSK_MAX_BILLS; i++) {
                if (!seen[i]) {
                    fprintf(stderr, "  bill.%d never shown at %dx%d%s\n", i, sizes[s][0],
                            sizes[s][1], large ? " large" : "");
                    ui_frame_release(&f);
                    return KTEST_FAIL;
                }
            }
        }
    }
    ui_frame_release(&f);
    return KTEST_PASS;
}

static enum ktest_result every_screen_fits_every_size(void)
{
    static const int sizes[][2] = {{1080, 1920}, {1920, 1080}, {768, 1024}, {1280, 800}};
    struct ui_frame f;
    struct ui_view v;
    ui_frame_init(&f);
    for (const struct screen_entry *e = screen_table; e->id; e++) {
        for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
            /* large: 0, 1; 2 and 3 as 0 and 1 with the held statement open. */
            for (int run = 0; run < 4; run++) {
                int large = run % 2;
                struct ui_env env = env_at(sizes[s][0], sizes[s][1]);
                full_view(&v, e->id);
                v.large_text = large;
                v.bill = run / 2;
                v.notice_msgid = "Please check the date. It should be a real date in the past.";
                ui_build(&env, &v, &f);
                if (f.overflow_count) {
                    fprintf(stderr, "  %s at %dx%d%s: \"%s\" does not fit\n", e->id, sizes[s][0],
                            sizes[s][1], large ? " large" : "", f.overflow_text[0]);
                    ui_frame_release(&f);
                    return KTEST_FAIL;
                }
                /* Nothing is drawn off screen. */
                for (int i = 0; i < f.dl.count; i++) {
                    struct ui_rect r = f.dl.cmds[i].rect;
                    if (r.x < 0 || r.y < 0 || r.x + r.w > sizes[s][0] || r.y + r.h > sizes[s][1]) {
                        fprintf(stderr, "  %s at %dx%d%s: command %d off screen (%d,%d %dx%d)\n",
                                e->id, sizes[s][0], sizes[s][1], large ? " large" : "", i, r.x, r.y,
                                r.w, r.h);
                        ui_frame_release(&f);
                        return KTEST_FAIL;
                    }
                }
            }
        }
    }
    ui_frame_release(&f);
    return KTEST_PASS;
}

static enum ktest_result touch_targets_are_finger_sized(void)
{
    struct ui_frame f;
    struct ui_view v;
    struct ui_env env = env_at(1080, 1920);
    ui_frame_init(&f);
    for (const struct screen_entry *e = screen_table; e->id; e++) {
        full_view(&v, e->id);
        ui_build(&env, &v, &f);
        for (int i = 0; i < f.target_count; i++) {
            struct ui_rect r = f.targets[i].rect;
            if (r.w < 96 || r.h < 96) {
                fprintf(stderr, "  %s: %s is %dx%d\n", e->id, f.targets[i].id, r.w, r.h);
                ui_frame_release(&f);
                return KTEST_FAIL;
            }
        }
    }
    ui_frame_release(&f);
    return KTEST_PASS;
}

static enum ktest_result targets_do_not_overlap(void)
{
    struct ui_frame f;
    struct ui_view v;
    struct ui_env env = env_at(1080, 1920);
    ui_frame_init(&f);
    for (const struct screen_entry *e = screen_table; e->id; e++) {
        full_view(&v, e->id);
        ui_build(&env, &v, &f);
        for (int i = 0; i < f.target_count; i++) {
            struct ui_rect r = f.targets[i].rect;
            const char *hit = ui_hit(&f, r.x + r.w / 2, r.y + r.h / 2);
            if (!f.targets[i].disabled && (!hit || strcmp(hit, f.targets[i].id) != 0)) {
                fprintf(stderr, "  %s: centre of %s hits %s\n", e->id, f.targets[i].id,
                        hit ? hit : "nothing");
                ui_frame_release(&f);
                return KTEST_FAIL;
            }
        }
    }
    ui_frame_release(&f);
    return KTEST_PASS;
}

static enum ktest_result welcome_offers_languages_and_checkin(void)
{
    struct ui_frame f;
    struct ui_view v;
    struct ui_env env = env_at(1080, 1920);
    ui_frame_init(&f);
    full_view(&v, "welcome");
    ui_build(&env, &v, &f);
    KT_ASSERT(ui_find(&f, "action.checkin") != NULL);
    KT_ASSERT(ui_find(&f, "lang.pt-BR") != NULL);
    KT_ASSERT(ui_find(&f, "lang.hi") != NULL);
    /* Language buttons sit in the lower part of the screen (reach). */
    KT_ASSERT(ui_find(&f, "lang.es")->rect.y > 1920 / 2);
    ui_frame_release(&f);
    return KTEST_PASS;
}

static enum ktest_result disabled_button_is_not_hit(void)
{
    struct ui_frame f;
    struct ui_view v;
    struct ui_env env = env_at(1080, 1920);
    ui_frame_init(&f);
    full_view(&v, "checkin.appointments");
    v.can_confirm = false;
    ui_build(&env, &v, &f);
    const struct ui_target *t = ui_find(&f, "confirm");
    KT_ASSERT(t && t->disabled);
    KT_ASSERT(ui_hit(&f, t->rect.x + 5, t->rect.y + 5) == NULL);
    /* The appointment that cannot be checked in is not selectable. */
    t = ui_find(&f, "appt.0");
    KT_ASSERT(t && t->disabled);
    ui_frame_release(&f);
    return KTEST_PASS;
}

static enum ktest_result warning_dialog_takes_all_input(void)
{
    struct ui_frame f;
    struct ui_view v;
    struct ui_env env = env_at(1080, 1920);
    ui_frame_init(&f);
    full_view(&v, "checkin.surname");
    v.warning = true;
    v.warning_seconds = 15;
    ui_build(&env, &v, &f);
    KT_EQ_INT(f.target_count, 2);
    KT_ASSERT(ui_find(&f, "timeout.more") != NULL);
    KT_ASSERT(ui_find(&f, "timeout.finish") != NULL);
    KT_ASSERT(ui_find(&f, "key.A") == NULL);
    ui_frame_release(&f);
    return KTEST_PASS;
}

static enum ktest_result keyboard_has_every_letter(void)
{
    struct ui_frame f;
    struct ui_view v;
    struct ui_env env = env_at(1080, 1920);
    char id[8];
    ui_frame_init(&f);
    full_view(&v, "checkin.surname");
    ui_build(&env, &v, &f);
    for (char ch = 'A'; ch <= 'Z'; ch++) {
        snprintf(id, sizeof(id), "key.%c", ch);
        if (!ui_find(&f, id))
            KT_FAIL_AT("no key %c", ch);
    }
    KT_ASSERT(ui_find(&f, "key.backspace") && ui_find(&f, "key.space"));
    ui_frame_release(&f);
    return KTEST_PASS;
}

static enum ktest_result unknown_screen_has_a_way_back(void)
{
    struct ui_frame f;
    struct ui_view v;
    struct ui_env env = env_at(1080, 1920);
    ui_frame_init(&f);
    full_view(&v, "no.such.screen");
    ui_build(&env, &v, &f);
    KT_ASSERT(ui_find(&f, "finish") != NULL);
    ui_frame_release(&f);
    return KTEST_PASS;
}

static enum ktest_result theme_colours_meet_wcag_aa(void)
{
    for (int hc = 0; hc < 2; hc++) {
        const struct theme *t = theme_get(hc);
        struct {
            const char *name;
            struct ui_color fg, bg;
        } pairs[] = {
            {"text/bg", t->text, t->bg},
            {"text/surface", t->text, t->surface},
            {"muted/bg", t->muted, t->bg},
            {"muted/surface", t->muted, t->surface},
            {"on_primary/primary", t->on_primary, t->primary},
            {"on_secondary/secondary", t->on_secondary, t->secondary},
            {"on_error/error", t->on_error_bg, t->error_bg},
            {"on_info/info", t->on_info_bg, t->info_bg},
            {"on_success/success", t->on_success, t->success},
            {"on_disabled/disabled", t->on_disabled, t->disabled},
        };
        for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
            double r = theme_contrast(pairs[i].fg, pairs[i].bg);
            if (r < 4.5)
                KT_FAIL_AT("%s theme: %s contrast %.2f < 4.5", hc ? "high-contrast" : "standard",
                           pairs[i].name, r);
        }
        /* Focus ring against the background it sits on: 3:1 for graphics. */
        KT_ASSERT(theme_contrast(t->focus, t->surface) >= 3.0);
    }
    KT_ASSERT(theme_contrast((struct ui_color){0, 0, 0, 255},
                             (struct ui_color){255, 255, 255, 255}) > 20.9);
    return KTEST_PASS;
}

static enum ktest_result keypad_focus_moves_like_the_eye_reads(void)
{
    struct ui_frame f;
    struct ui_view v;
    struct ui_env env = env_at(1080, 1920);
    ui_frame_init(&f);
    full_view(&v, "checkin.surname");
    ui_build(&env, &v, &f);
    /* Rows and columns of the keyboard work as they look. */
    KT_EQ_STR(ui_focus_move(&f, "key.S", UI_RIGHT), "key.D");
    KT_EQ_STR(ui_focus_move(&f, "key.S", UI_LEFT), "key.A");
    KT_EQ_STR(ui_focus_move(&f, "key.G", UI_UP), "key.T");
    KT_EQ_STR(ui_focus_move(&f, "key.T", UI_DOWN), "key.G");
    KT_EQ_STR(ui_focus_move(&f, "key.Q", UI_LEFT), "key.Q"); /* nothing further left */
    /* The field sits above the keyboard; the action bar below it. */
    KT_EQ_STR(ui_focus_move(&f, "key.Y", UI_UP), "field.surname");
    KT_EQ_STR(ui_focus_move(&f, "key.backspace", UI_DOWN), "next");
    /* Reading order, wrapping; no starting point: the first control. */
    KT_EQ_STR(ui_focus_move(&f, NULL, UI_NEXT), "field.surname");
    KT_EQ_STR(ui_focus_move(&f, "field.surname", UI_PREV), "next");
    KT_EQ_STR(ui_focus_move(&f, "next", UI_NEXT), "field.surname");
    /* Disabled controls are skipped. */
    full_view(&v, "checkin.appointments");
    v.can_confirm = false;
    ui_build(&env, &v, &f);
    KT_EQ_STR(ui_focus_move(&f, "cancel", UI_RIGHT), "help");
    KT_EQ_STR(ui_focus_move(&f, "help", UI_RIGHT), "help"); /* confirm is disabled */
    KT_EQ_STR(ui_focus_move(&f, NULL, UI_NEXT), "appt.1");
    ui_frame_release(&f);
    return KTEST_PASS;
}

static enum ktest_result focus_ring_is_drawn_around_the_focus(void)
{
    struct ui_frame f;
    struct ui_view v;
    struct ui_env env = env_at(1080, 1920);
    ui_frame_init(&f);
    full_view(&v, "welcome");
    ui_build(&env, &v, &f);
    int without = f.dl.count;
    v.focus_id = "action.checkin";
    ui_build(&env, &v, &f);
    KT_EQ_INT(f.dl.count, without + 1);
    const struct draw_cmd *ring = &f.dl.cmds[f.dl.count - 1];
    const struct ui_rect *b = &ui_find(&f, "action.checkin")->rect;
    KT_EQ_INT(ring->kind, DRAW_FRAME);
    KT_ASSERT(ring->rect.x < b->x && ring->rect.y < b->y);
    KT_ASSERT(ring->rect.x + ring->rect.w > b->x + b->w);
    ui_frame_release(&f);
    return KTEST_PASS;
}

static enum ktest_result subst_replaces_placeholders(void)
{
    char out[64];
    ui_subst(out, sizeof(out), "Hello, {name}! {name}", "name", "Ana");
    KT_EQ_STR(out, "Hello, Ana! Ana");
    ui_subst(out, sizeof(out), "No {placeholder} here", "name", "Ana");
    KT_EQ_STR(out, "No {placeholder} here");
    /* What does not fit is cut between clusters, with an ellipsis. */
    ui_subst(out, 8, "{name}{name}{name}", "name", "Ana");
    KT_EQ_STR(out, "AnaA\xE2\x80\xA6");
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"every_screen_fits_every_size", every_screen_fits_every_size},
    {"every_statement_is_listed", every_statement_is_listed},
    {"touch_targets_are_finger_sized", touch_targets_are_finger_sized},
    {"targets_do_not_overlap", targets_do_not_overlap},
    {"welcome_offers_languages_and_checkin", welcome_offers_languages_and_checkin},
    {"disabled_button_is_not_hit", disabled_button_is_not_hit},
    {"warning_dialog_takes_all_input", warning_dialog_takes_all_input},
    {"keyboard_has_every_letter", keyboard_has_every_letter},
    {"unknown_screen_has_a_way_back", unknown_screen_has_a_way_back},
    {"theme_colours_meet_wcag_aa", theme_colours_meet_wcag_aa},
    {"keypad_focus_moves_like_the_eye_reads", keypad_focus_moves_like_the_eye_reads},
    {"focus_ring_is_drawn_around_the_focus", focus_ring_is_drawn_around_the_focus},
    {"subst_replaces_placeholders", subst_replaces_placeholders},
};

KTEST_MAIN(tests)
