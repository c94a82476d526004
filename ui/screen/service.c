/* Service mode screens, for technicians. They are in English on purpose
 * (one language for support calls and manuals), so their words do not go
 * through the patient catalogs. */
#include "ui/screen/screens.h"

#include <stdio.h>
#include <string.h>

/* [left] [right] at the foot of the screen, like ui_actions without Help. */
static void actions(struct ui_ctx *c, const char *left_id, const char *left, const char *right_id,
                    const char *right, bool right_enabled)
{
    int gap = ui_dp(c, 24);
    int bh = ui_action_bar_height(c);
    int y = c->actions_top + (c->env->height - c->actions_top - bh) / 2;
    c->zone = UI_ZONE_ACTIONS;
    c->f->layout.actions_top = c->actions_top;
    int w = c->body.w;
    int left_w = right_id ? (w - gap) / 2 : w;
    ui_fill(c, (struct ui_rect){0, c->actions_top, c->env->width, ui_dp(c, 2)}, c->th->border, 0);
    if (left_id)
        ui_button(c, left_id, left, (struct ui_rect){c->body.x, y, left_w, bh}, BTN_SECONDARY,
                  !c->v->busy);
    if (right_id)
        ui_button(c, right_id, right,
                  (struct ui_rect){c->body.x + (left_id ? left_w + gap : 0), y,
                                   left_id ? w - left_w - gap : w, bh},
                  BTN_PRIMARY, right_enabled && !c->v->busy);
    c->zone = UI_ZONE_BODY;
}

static void message(struct ui_ctx *c, const struct ui_service *s)
{
    if (!s->message || !s->message[0])
        return;
    const struct theme *th = c->th;
    struct text_style st = {
        .px = 36, .bold = true, .color = s->message_is_error ? th->on_error_bg : th->on_info_bg};
    int pad = ui_dp(c, 24);
    struct ui_rect inner = {c->body.x + pad, 0, c->body.w - 2 * pad, 0};
    int h = ui_text(c, inner, s->message, &st, true) + 2 * pad;
    ui_fill(c, (struct ui_rect){c->body.x, c->y, c->body.w, h},
            s->message_is_error ? th->error_bg : th->info_bg, ui_dp(c, 16));
    inner.y = c->y + pad;
    ui_text(c, inner, s->message, &st, false);
    c->y += h + ui_dp(c, 24);
}

void screen_service_login(struct ui_ctx *c)
{
    const struct ui_service *s = c->v->svc;
    static const struct ui_service none = {.user = "", .name = ""};
    if (!s)
        s = &none;
    c->no_help = true;
    ui_screen_begin(c);
    ui_title(c, "Service mode");
    ui_subtitle(c, s->field == 0 ? "Technicians only. Type your name."
                                 : "Type your passcode (6 to 12 digits).");
    message(c, s);
    int fh = ui_dp(c, c->compact ? 100 : 120);
    int gap = ui_dp(c, 24);
    int half = (c->body.w - gap) / 2;
    char dots[3 * 16 + 1];
    int n = s->code_len < (int)sizeof(dots) / 3 ? s->code_len : (int)sizeof(dots) / 3 - 1;
    dots[0] = '\0';
    for (int i = 0; i < n; i++)
        strcat(dots, "\xE2\x80\xA2"); /* a bullet a digit: the code itself never reaches the UI */
    ui_field(c, "field.name", (struct ui_rect){c->body.x, c->y, half, fh}, s->name, "Name",
             s->field == 0);
    ui_field(c, "field.code", (struct ui_rect){c->body.x + half + gap, c->y, half, fh}, dots,
             "Passcode", s->field == 1);
    c->y += fh + ui_dp(c, 40);
    if (s->field == 0) {
        ui_keyboard(c);
        actions(c, "cancel", "Cancel", "next", "Next", s->name[0] != '\0');
    } else {
        ui_keypad(c);
        actions(c, "cancel", "Cancel", "login", "Log in", s->code_len >= 6);
    }
}

void screen_service_home(struct ui_ctx *c)
{
    const struct ui_service *s = c->v->svc;
    static const struct ui_service none = {.user = "", .name = ""};
    if (!s)
        s = &none;
    const struct theme *th = c->th;
    char title[96];
    c->no_help = true;
    ui_screen_begin(c);
    snprintf(title, sizeof(title), "Service mode: %s", s->user);
    ui_title(c, title);
    message(c, s);
    struct text_style st = {.px = 30, .color = th->text};
    int bh = ui_dp(c, 112), gap = ui_dp(c, 20);
    int grid_h = 2 * bh + gap;
    int lines_bottom = c->actions_top - ui_dp(c, 40) - grid_h - ui_dp(c, 32);
    for (int i = 0; i < s->line_count; i++) {
        struct ui_rect m = {0, 0, c->body.w, 0};
        int h = ui_text(c, m, s->lines[i], &st, true);
        if (c->y + h > lines_bottom)
            break; /* the rest is in carekiosk status and the export */
        ui_para(c, s->lines[i], &st, 8);
    }
    static const char *const ids[4] = {"svc.print_test", "svc.reader_test", "svc.sync",
                                       "svc.export"};
    static const char *const labels[4] = {"Print a test page", "Test the card reader", "Sync now",
                                          "Export logs"};
    int top = c->actions_top - ui_dp(c, 40) - grid_h;
    int bw = (c->body.w - gap) / 2;
    for (int i = 0; i < 4; i++)
        ui_button_px(
            c, ids[i], labels[i],
            (struct ui_rect){c->body.x + (i % 2) * (bw + gap), top + (i / 2) * (bh + gap), bw, bh},
            BTN_SECONDARY, !s->busy, 34);
    actions(c, NULL, NULL, "svc.logoff", "Log off", true);
}

void screen_service_reader(struct ui_ctx *c)
{
    const struct ui_service *s = c->v->svc;
    static const struct ui_service none = {.user = "", .name = ""};
    if (!s)
        s = &none;
    c->no_help = true;
    ui_screen_begin(c);
    ui_title(c, "Card reader test");
    ui_subtitle(c, "Swipe any card. Only its kind and last 4 digits are shown; nothing is kept.");
    struct text_style st = {.px = 44, .bold = true, .color = c->th->text};
    ui_para(c, s->reader_result && s->reader_result[0] ? s->reader_result : "Waiting for a swipe…",
            &st, 0);
    actions(c, "back", "Back", NULL, NULL, false);
}
