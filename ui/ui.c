#include "ui/ui.h"
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
    c.th = view->theme && !view->high_contrast ? view->theme : theme_get(view->high_contrast);
    int shorter = env->width < env->height ? env->width : env->height;
    c.u = shorter / 1080.0f;
    if (c.u < 0.4f)
        c.u = 0.4f;
    c.text_scale = view->large_text ? 1.3f : 1.0f;
    /* Short for its text: landscape, or a small portrait screen with large text. */
    c.compact = env->height / (c.u * c.text_scale) < 1400;

    draw_list_reset(&frame->dl);
    frame->target_count = 0;
    frame->overflow_count = 0;
    frame->prompt[0] = '\0';
    frame->main_action[0] = '\0';
    frame->layout.width = env->width;
    frame->layout.height = env->height;
    frame->layout.header_bottom = 0;
    frame->layout.actions_top = env->height; /* no action bar until one is laid out */
    frame->layout.box_count = frame->layout.item_count = frame->layout.lost = 0;
    kstr_copy(frame->screen, sizeof(frame->screen), view->screen ? view->screen : "");

    void (*build)(struct ui_ctx *) = unknown_screen;
    for (const struct screen_entry *e = screen_table; e->id; e++)
        if (view->screen && strcmp(e->id, view->screen) == 0)
            build = e->build;
    build(&c);
    if (view->warning)
        ui_timeout_dialog(&c);
    if (view->focus_id) {
        /* A thick ring just outside the focused control, over everything. */
        const struct ui_target *t = ui_find(frame, view->focus_id);
        if (t) {
            int gap = ui_dp(&c, 6), thick = ui_dp(&c, 8);
            struct ui_rect r = {t->rect.x - gap - thick, t->rect.y - gap - thick,
                                t->rect.w + 2 * (gap + thick), t->rect.h + 2 * (gap + thick)};
            ui_outline(&c, r, c.th->focus, ui_dp(&c, 28), thick);
        }
    }
}

/* Keypad focus passes over disabled and hidden targets. */
static bool skip(const struct ui_target *t)
{
    return t->disabled || t->hidden;
}

static int enabled_index(const struct ui_frame *f, const char *id)
{
    for (int i = 0; id && i < f->target_count; i++)
        if (!skip(&f->targets[i]) && strcmp(f->targets[i].id, id) == 0)
            return i;
    return -1;
}

const char *ui_focus_first(const struct ui_frame *f)
{
    const struct ui_target *t = f->main_action[0] ? ui_find(f, f->main_action) : NULL;
    if (t && !skip(t))
        return t->id;
    return ui_focus_move(f, NULL, UI_NEXT);
}

const char *ui_focus_move(const struct ui_frame *f, const char *from, enum ui_dir dir)
{
    int cur = enabled_index(f, from);
    if (cur < 0) {
        for (int i = 0; i < f->target_count; i++)
            if (!skip(&f->targets[i]))
                return f->targets[i].id;
        return NULL;
    }
    if (dir == UI_NEXT || dir == UI_PREV) {
        int step = dir == UI_NEXT ? 1 : -1;
        for (int k = 1; k <= f->target_count; k++) {
            int i = ((cur + step * k) % f->target_count + f->target_count) % f->target_count;
            if (!skip(&f->targets[i]))
                return f->targets[i].id;
        }
        return f->targets[cur].id;
    }
    /* Two steps, as the eye reads a grid: first the nearest row (or column)
     * in that direction, measured edge to edge; then, within it, the target
     * closest across. */
    const struct ui_rect *a = &f->targets[cur].rect;
    long gaps[UI_MAX_TARGETS];
    long min_gap = -1;
    for (int i = 0; i < f->target_count; i++) {
        gaps[i] = -1;
        if (i == cur || skip(&f->targets[i]))
            continue;
        const struct ui_rect *b = &f->targets[i].rect;
        long gap;
        switch (dir) {
        case UI_UP:
            gap = (long)a->y - (b->y + b->h);
            break;
        case UI_DOWN:
            gap = (long)b->y - (a->y + a->h);
            break;
        case UI_LEFT:
            gap = (long)a->x - (b->x + b->w);
            break;
        default:
            gap = (long)b->x - (a->x + a->w);
            break;
        }
        if (gap < -2) /* overlapping or behind: not in that direction */
            continue;
        gaps[i] = gap < 0 ? 0 : gap;
        if (min_gap < 0 || gaps[i] < min_gap)
            min_gap = gaps[i];
    }
    if (min_gap < 0)
        return f->targets[cur].id; /* nothing further that way */
    long ax = a->x + a->w / 2, ay = a->y + a->h / 2;
    long best = -1;
    int best_i = cur;
    for (int i = 0; i < f->target_count; i++) {
        if (gaps[i] < 0)
            continue;
        const struct ui_rect *b = &f->targets[i].rect;
        long band = (dir == UI_UP || dir == UI_DOWN ? b->h : b->w) / 2;
        if (gaps[i] > min_gap + band)
            continue; /* a row further away */
        long across = dir == UI_UP || dir == UI_DOWN ? b->x + b->w / 2 - ax : b->y + b->h / 2 - ay;
        across = across < 0 ? -across : across;
        if (best < 0 || across < best) {
            best = across;
            best_i = i;
        }
    }
    return f->targets[best_i].id;
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
