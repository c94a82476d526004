/* The layout record (ui.h): boxes and items noted while a screen is built,
 * and the check that reads them as a person would look at the screen. */
#include "firmware/core/str.h"
#include "ui/widget/widget.h"

#include <stdio.h>
#include <string.h>

/* Copy at most size-1 bytes of s, cut before a UTF-8 continuation byte. */
static void copy_start(char *dst, size_t size, const char *s)
{
    size_t n = strlen(s);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

void ui_box(struct ui_ctx *c, struct ui_rect r, const char *what)
{
    struct ui_layout *l = &c->f->layout;
    if (c->measuring || c->nest > 0)
        return;
    if (l->box_count == UI_LAYOUT_BOXES) {
        l->lost++;
        return;
    }
    struct ui_box *b = &l->boxes[l->box_count++];
    b->rect = r;
    b->zone = c->zone;
    copy_start(b->what, sizeof(b->what), what ? what : "");
}

void ui_group_begin(struct ui_ctx *c, struct ui_rect r, const char *what)
{
    ui_box(c, r, what);
    c->nest++;
}

void ui_group_end(struct ui_ctx *c)
{
    if (c->nest > 0)
        c->nest--;
}

void ui_item(struct ui_ctx *c, const char *kind, int index, enum ui_placed placed, const char *via)
{
    struct ui_layout *l = &c->f->layout;
    if (c->measuring)
        return;
    if (l->item_count == UI_LAYOUT_ITEMS) {
        l->lost++;
        return;
    }
    struct ui_item *it = &l->items[l->item_count++];
    kstr_copy(it->kind, sizeof(it->kind), kind);
    it->index = index;
    it->placed = placed;
    kstr_copy(it->via, sizeof(it->via), via ? via : "");
}

void ui_item_range(struct ui_ctx *c, const char *kind, int count, int first, int shown,
                   const char *back_id, const char *more_id)
{
    for (int i = 0; i < count; i++) {
        if (i < first)
            ui_item(c, kind, i, back_id ? UI_PLACED_PAGED : UI_PLACED_DROPPED, back_id);
        else if (i < first + shown)
            ui_item(c, kind, i, UI_PLACED_SHOWN, NULL);
        else
            ui_item(c, kind, i, more_id ? UI_PLACED_PAGED : UI_PLACED_DROPPED, more_id);
    }
}

/* --- the check -------------------------------------------------------------- */

static const char *zone_name(enum ui_zone z)
{
    static const char *const names[] = {"header", "body", "action bar", "dialog"};
    return names[z];
}

static bool overlap(struct ui_rect a, struct ui_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static bool within(struct ui_rect r, int top, int bottom, int width)
{
    return r.x >= 0 && r.x + r.w <= width && r.y >= top && r.y + r.h <= bottom;
}

struct problems {
    int count;
    char *why;
    size_t size;
};

static void problem(struct problems *p, const char *fmt, const char *a, const char *b)
{
    if (p->count++ == 0 && p->why)
        snprintf(p->why, p->size, fmt, a, b);
}

static bool offered(const struct ui_frame *f, const char *id)
{
    const struct ui_target *t = ui_find(f, id);
    return t && !t->disabled && !t->hidden;
}

int ui_layout_check(const struct ui_frame *f, char *why, size_t size)
{
    const struct ui_layout *l = &f->layout;
    struct problems p = {0, why, size};
    char where[96];
    bool dialog = false;
    if (why && size)
        why[0] = '\0';
    for (int i = 0; i < l->box_count; i++) {
        const struct ui_box *b = &l->boxes[i];
        int top = 0, bottom = l->height;
        if (b->zone == UI_ZONE_HEADER)
            bottom = l->header_bottom;
        else if (b->zone == UI_ZONE_BODY) {
            top = l->header_bottom;
            bottom = l->actions_top;
        } else if (b->zone == UI_ZONE_ACTIONS)
            top = l->actions_top;
        else
            dialog = true;
        if (b->rect.w <= 0 || b->rect.h <= 0) {
            snprintf(where, sizeof(where), "%dx%d", b->rect.w, b->rect.h);
            problem(&p, "\"%s\" has no room (%s)", b->what, where);
        } else if (!within(b->rect, top, bottom, l->width)) {
            snprintf(where, sizeof(where), "%s (%d,%d %dx%d)", zone_name(b->zone), b->rect.x,
                     b->rect.y, b->rect.w, b->rect.h);
            problem(&p, "\"%s\" is outside the %s", b->what, where);
        }
        for (int k = i + 1; k < l->box_count; k++)
            if (l->boxes[k].zone == b->zone && overlap(b->rect, l->boxes[k].rect))
                problem(&p, "\"%s\" overlaps \"%s\"", b->what, l->boxes[k].what);
    }
    for (int i = 0; i < l->item_count; i++) {
        const struct ui_item *it = &l->items[i];
        snprintf(where, sizeof(where), "%s %d", it->kind, it->index);
        if (it->placed == UI_PLACED_DROPPED)
            problem(&p, "%s is not shown%s", where, " and nothing leads to it");
        else if (it->placed == UI_PLACED_PAGED && !dialog && !offered(f, it->via))
            problem(&p, "%s is paged away behind \"%s\", which the screen does not offer", where,
                    it->via);
    }
    if (l->lost)
        problem(&p, "the layout record is full (%s%s)", "boxes or items", "");
    return p.count;
}
