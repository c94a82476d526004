#include "ui/ui.h"
#include "firmware/i18n/i18n.h"
#include "firmware/core/str.h"
#include "firmware/i18n/i18n.h"
#include "ui/screen/screens.h"

#include <string.h>

void ui_frame_init(struct ui_frame *f)
{
    memset(f, 0, sizeof(*f));
    draw_list_init(&f->dl);
}

void ui_frame_release(struct ui_frame *f)
{
    draw_list_release(&f->dl);
}

static void unknown_screen(struct ui_ctx *c)
{
    ui_screen_begin(c);
    ui_actions(c, NULL, NULL, "finish", N_("Back to start"), true);
}

void ui_build(const struct ui_env *env, const struct ui_view *view, struct ui_frame *frame)
{
    struct ui_ctx c;
    memset(&c, 0, sizeof(c));
    c.env = env;
    c.v = view;
    c.f = frame;
    c.th = theme_get(view->high_contrast);
    int shorter = env->width < env->height ? env->width : env->height;
    c.u = shorter / 1080.0f;
    if (c.u < 0.4f)
        c.u = 0.4f;
    c.text_scale = view->large_text ? 1.3f : 1.0f;
    c.compact = env->height / c.u < 1400;

    draw_list_reset(&frame->dl);
    frame->target_count = 0;
    frame->overflow_count = 0;
    kstr_copy(frame->screen, sizeof(frame->screen), view->screen ? view->screen : "");

    void (*build)(struct ui_ctx *) = unknown_screen;
    for (const struct screen_entry *e = screen_table; e->id; e++)
        if (view->screen && strcmp(e->id, view->screen) == 0)
            build = e->build;
    build(&c);
    if (view->warning)
        ui_timeout_dialog(&c);
}

static bool inside(struct ui_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

const char *ui_hit(const struct ui_frame *f, int x, int y)
{
    /* Later targets are drawn on top: search from the end. */
    for (int i = f->target_count - 1; i >= 0; i--)
        if (inside(f->targets[i].rect, x, y))
            return f->targets[i].disabled ? NULL : f->targets[i].id;
    return NULL;
}

const struct ui_target *ui_find(const struct ui_frame *f, const char *id)
{
    for (int i = 0; i < f->target_count; i++)
        if (strcmp(f->targets[i].id, id) == 0)
            return &f->targets[i];
    return NULL;
}
