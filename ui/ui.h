/* The UI core: turns a view value into hit targets and draw commands.
 *
 *   ui_build(&env, &view, &frame)   -> frame.targets, frame.dl
 *   ui_hit(&frame, x, y)            -> widget id or NULL
 *
 * Pure: no SDL, no I/O. Text is measured through env.measure (the renderer's
 * fonts, or a fixed-width stand-in in tests); labels are translated through
 * env.i18n. Every screen lays out for any size and orientation; sizes scale
 * with the shorter side of the screen. */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include "ui/draw.h"
#include "ui/view.h"

#include <stddef.h>

struct i18n;
struct theme;

#define UI_ID_MAX      32
#define UI_MAX_TARGETS 96
#define UI_LABEL_MAX   160
#define UI_PROMPT_MAX  1024

/* Something the patient can tap (or reach with the keypad and hear). */
struct ui_target {
    char id[UI_ID_MAX];
    struct ui_rect rect;
    char label[UI_LABEL_MAX]; /* what it says, translated: for speech and keypad */
    bool disabled;
    bool hidden; /* touch only: no focus, no speech (the service corner) */
};

/* The layout record: what ui_build placed, so that tests and the journey
 * player can see what a person sees (ui_layout_check says what is wrong).
 * A box is one widget as laid out: a block of text, a button, a field, a
 * key, a card (its inner text is part of it, not a box of its own). An item
 * is one element of the view (a bill line, a done-screen paragraph, the
 * welcome card, an appointment, a guide): shown, paged away behind a
 * control (`via`, a target id: "More", "page.next"), or dropped. */
#define UI_LAYOUT_BOXES 192
#define UI_LAYOUT_ITEMS 64
#define UI_WHAT_MAX     40

enum ui_zone {
    UI_ZONE_HEADER,  /* the clinic's header */
    UI_ZONE_BODY,    /* the content area: below the header, above the action bar */
    UI_ZONE_ACTIONS, /* the action bar */
    UI_ZONE_OVERLAY, /* the inactivity dialog, over everything */
};
enum ui_placed { UI_PLACED_SHOWN, UI_PLACED_PAGED, UI_PLACED_DROPPED };

struct ui_box {
    struct ui_rect rect;
    enum ui_zone zone;
    char what[UI_WHAT_MAX]; /* a target id, or the start of the text */
};
struct ui_item {
    char kind[UI_ID_MAX]; /* "bill.line", "done.directions", "welcome.card" */
    int index;
    enum ui_placed placed;
    char via[UI_ID_MAX]; /* UI_PLACED_PAGED: the control that leads to it */
};
struct ui_layout {
    int width, height;
    int header_bottom; /* the body zone is [header_bottom, actions_top) */
    int actions_top;   /* the screen's height when there is no action bar */
    int box_count, item_count;
    int lost; /* records that did not fit the arrays (a problem too) */
    struct ui_box boxes[UI_LAYOUT_BOXES];
    struct ui_item items[UI_LAYOUT_ITEMS];
};

struct ui_frame {
    char screen[UI_ID_MAX];
    /* What the screen asks, in words (its title and subtitle, or the
     * dialog's): what speech output says when the screen appears. */
    char prompt[UI_PROMPT_MAX];
    /* The control the keypad focus starts on (the screen's main action);
     * "": the first control. */
    char main_action[UI_ID_MAX];
    int target_count;
    struct ui_target targets[UI_MAX_TARGETS];
    struct draw_list dl;
    /* Text that did not fit its box even at the smallest allowed size: the
     * overflow test fails on any. */
    int overflow_count;
    char overflow_text[4][64];
    struct ui_layout layout;
};

struct ui_env {
    struct text_measure measure;
    const struct i18n *i18n;
    int width, height;
};

void ui_frame_init(struct ui_frame *f);
void ui_frame_release(struct ui_frame *f);

/* Build the frame for view (the previous content of frame is replaced).
 * Unknown screen ids build an empty screen with a "Back to start" button. */
void ui_build(const struct ui_env *env, const struct ui_view *view, struct ui_frame *frame);

enum ui_dir { UI_UP, UI_DOWN, UI_LEFT, UI_RIGHT, UI_NEXT, UI_PREV };

/* Keypad navigation: the enabled target to focus after `from` when moving in
 * dir. UP/DOWN/LEFT/RIGHT pick the nearest target in that direction on
 * screen (a keyboard's rows and columns work as they look); NEXT/PREV walk
 * the targets in reading order, wrapping. from NULL or not on this frame:
 * the first enabled target. NULL when the frame has none. */
const char *ui_focus_move(const struct ui_frame *f, const char *from, enum ui_dir dir);

/* Where the keypad focus starts on a new screen: its main action when it
 * is there and enabled, else the first enabled target (NULL: none). */
const char *ui_focus_first(const struct ui_frame *f);
/* The layout's problems: two boxes of one zone overlapping, a box outside
 * its zone or off screen, an item dropped, or paged behind a control the
 * frame does not offer (enabled). Returns how many; the first is described
 * in why (may be NULL). */
int ui_layout_check(const struct ui_frame *f, char *why, size_t size);

/* The id of the enabled target under (x, y), or NULL. */
const char *ui_hit(const struct ui_frame *f, int x, int y);
/* The target with this id, or NULL. */
const struct ui_target *ui_find(const struct ui_frame *f, const char *id);

#endif
