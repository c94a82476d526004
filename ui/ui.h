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

/* The id of the enabled target under (x, y), or NULL. */
const char *ui_hit(const struct ui_frame *f, int x, int y);
/* The target with this id, or NULL. */
const struct ui_target *ui_find(const struct ui_frame *f, const char *id);

#endif
