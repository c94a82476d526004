/* Building blocks for screens (private to ui/): one build context, text
 * blocks that wrap and shrink, buttons, fields, the on-screen keyboard and
 * keypad, banners and the dialog. Everything measures through the injected
 * text_measure and emits draw commands and hit targets into the frame. */
#ifndef KIOSK_UI_WIDGET_H
#define KIOSK_UI_WIDGET_H

#include "firmware/core/str.h"
#include "ui/theme/theme.h"
#include "ui/ui.h"

#include <stdbool.h>
#include <stddef.h>

struct ui_ctx {
    const struct ui_env *env;
    const struct ui_view *v;
    struct ui_frame *f;
    const struct theme *th;
    float u;                /* design pixels -> screen pixels */
    float text_scale;       /* 1.0, larger in large-text mode */
    struct ui_rect body;    /* between header and action bar */
    int y;                  /* next free line in body */
    int actions_top;        /* top of the bottom action bar */
    bool compact;           /* a short screen (landscape): slimmer chrome */
    bool no_help;           /* the help screens themselves: no help button */
    enum ui_zone zone;      /* where boxes being laid out belong (the layout record) */
    int nest;               /* inside a recorded box: its parts are not boxes of their own */
    struct ui_rect keys_in; /* w > 0: the letter keyboard's column, else the screen's width */
    bool measuring;         /* a copy of the context laying out to see where c->y ends:
                             * nothing is drawn, targeted, recorded or said */
};

enum btn_style { BTN_PRIMARY, BTN_SECONDARY, BTN_QUIET };
enum text_align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

struct text_style {
    int px; /* design size; scaled by u and text_scale */
    bool bold;
    struct ui_color color;
    enum text_align align;
    int max_lines; /* 0: no limit */
};

/* Design pixels to screen pixels (layout), and text sizes (also scaled in
 * large-text mode). */
int ui_dp(const struct ui_ctx *c, int design);
int ui_sp(const struct ui_ctx *c, int design);

const char *ui_tr(const struct ui_ctx *c, const char *msgid);
/* Counted message in the patient's language: msgid the English singular,
 * msgid_plural the plural, the form chosen by the language's plural rule for
 * n (i18n_ntr). */
const char *ui_ntr(const struct ui_ctx *c, const char *msgid, const char *msgid_plural,
                   unsigned long n);
/* Copy tmpl into out replacing each "{key}" with val (kstr_subst). */
#define ui_subst kstr_subst

void ui_fill(struct ui_ctx *c, struct ui_rect r, struct ui_color col, int radius);
void ui_outline(struct ui_ctx *c, struct ui_rect r, struct ui_color col, int radius, int thick);
/* A target that only a finger finds: not drawn, never focused or spoken. */
void ui_hidden_target(struct ui_ctx *c, const char *id, struct ui_rect r);
void ui_target(struct ui_ctx *c, const char *id, struct ui_rect r, const char *label,
               bool disabled);

/* The layout record (ui/layout.c; see struct ui_layout in ui.h). ui_box
 * notes one widget in the current zone (text, buttons, fields and keys note
 * themselves); a group notes a card and makes what is drawn inside it part
 * of it. ui_item says where one element of the view went; ui_item_range
 * does it for count elements of which [first, first + shown) are on screen,
 * the ones before behind back_id and the ones after behind more_id (NULL:
 * no control, so dropped). */
void ui_box(struct ui_ctx *c, struct ui_rect r, const char *what);
void ui_group_begin(struct ui_ctx *c, struct ui_rect r, const char *what);
void ui_group_end(struct ui_ctx *c);
void ui_item(struct ui_ctx *c, const char *kind, int index, enum ui_placed placed, const char *via);
void ui_item_range(struct ui_ctx *c, const char *kind, int count, int first, int shown,
                   const char *back_id, const char *more_id);

/* Wrapped text in box (width; height 0 = as tall as needed). Shrinks the
 * font in steps down to 75% when a word or the lines do not fit; records an
 * overflow when even that fails. dry = measure only. Returns the height used. */
int ui_text(struct ui_ctx *c, struct ui_rect box, const char *text, const struct text_style *st,
            bool dry);

/* Text on the body cursor: draws at c->y across the body, advances c->y. */
void ui_para(struct ui_ctx *c, const char *text, const struct text_style *st, int gap_after);

void ui_button(struct ui_ctx *c, const char *id, const char *label, struct ui_rect r,
               enum btn_style style, bool enabled);
/* The same with the label at design size px (ui_button uses 44). */
void ui_button_px(struct ui_ctx *c, const char *id, const char *label, struct ui_rect r,
                  enum btn_style style, bool enabled, int px);

/* The smallest button a finger finds (screen pixels). */
#define UI_FINGER_PX 96

/* Whether label fits a button w x h at design size px (two lines, shrunk
 * as ui_text shrinks). */
bool ui_label_fits(const struct ui_ctx *c, const char *label, int w, int h, int px);

/* One of a set of choice buttons; label already translated. */
struct ui_choice {
    const char *id;
    const char *label;
    enum btn_style style;
};
/* n choice buttons from c->y down to bottom, in the most columns (up to
 * max_cols) at which every label fits its button and every row fits, the
 * rows shrinking from bh but never below UI_FINGER_PX. When no such grid
 * exists the choices page a page of whole rows at a time (v->scroll is the
 * page): ui_pager below them, or in a column beside them on a short
 * landscape screen; items of kind. Advances c->y past them. */
void ui_choices(struct ui_ctx *c, const struct ui_choice *list, int n, int max_cols, int bh,
                int bottom, int px, const char *kind, bool enabled);

/* A list that does not fit: [Earlier] "3–4 of 6" [More] across r, ids
 * "scroll.back" / "scroll.more" (flow moves v->scroll by one), each shown
 * only where it leads somewhere; items [first, first + shown) of count are
 * on screen, and ui_item_range records kind's placement. pager_height is
 * the row it needs; an r taller than that row (or than wide) is a column:
 * Earlier at its top, More at its foot. */
int ui_pager_height(const struct ui_ctx *c);
void ui_pager(struct ui_ctx *c, struct ui_rect r, const char *kind, int first, int shown,
              int count);
/* The first element a scrolling list of count shows (v->scroll, bounded). */
int ui_scroll_first(const struct ui_ctx *c, int count);

/* Screen chrome: header with the clinic name; the action bar at the bottom
 * with a left (secondary) and a right (primary) button and, between them, a
 * Help button ("help") unless c->no_help. Ids may be NULL to leave a side
 * empty. */
void ui_screen_begin(struct ui_ctx *c);
/* The height of the action bar's buttons. */
int ui_action_bar_height(const struct ui_ctx *c);
void ui_actions(struct ui_ctx *c, const char *left_id, const char *left_msgid, const char *right_id,
                const char *right_msgid, bool right_enabled);

/* Add text to what speech says for this screen (the title, subtitle,
 * paragraphs and banners add themselves): what a listener needs that is
 * not a control, such as the amounts of a bill. ui_say_value says
 * "label: value." */
void ui_say(struct ui_ctx *c, const char *text);
/* The screen's main action: where the keypad focus starts (else the first
 * control). */
void ui_main_action(struct ui_ctx *c, const char *id);
void ui_say_value(struct ui_ctx *c, const char *label, const char *value);
void ui_title(struct ui_ctx *c, const char *text);
void ui_subtitle(struct ui_ctx *c, const char *text);
/* The view's notice as a banner on the body cursor, if any. */
void ui_notice(struct ui_ctx *c);
/* Only the switch to the patient's preferred language (with lang.back), on
 * screens that show no other notice. */
void ui_switch_notice(struct ui_ctx *c);
/* A banner with text (already translated) on the body cursor: an error or
 * a notice. */
void ui_banner(struct ui_ctx *c, const char *text, bool is_error);
/* Height ui_notice would take on the body cursor (0 without a notice). */
int ui_notice_height(struct ui_ctx *c);

/* An input box showing value (or placeholder in muted text), with a caret
 * when focused. */
void ui_field(struct ui_ctx *c, const char *id, struct ui_rect r, const char *value,
              const char *placeholder, bool focused);
/* The same, with the field's name for speech ("Day"; the placeholder is
 * only what it shows while empty). */
void ui_field_named(struct ui_ctx *c, const char *id, struct ui_rect r, const char *name,
                    const char *value, const char *placeholder, bool focused);

/* Letter keyboard (A-Z, hyphen, apostrophe, space, delete) and digit keypad,
 * filling the area between c->y and the action bar (bottom-aligned so keys
 * stay within reach). Key ids: "key.A", "key.space", "key.backspace", "key.7". */
void ui_keyboard(struct ui_ctx *c);
void ui_keypad(struct ui_ctx *c);
/* The digit keypad with the language's decimal separator left of 0
 * ("key.decimal", shown "," or "."), for money. */
void ui_keypad_money(struct ui_ctx *c);
/* Keyboards with a row of digits over the letters: e-mail ("key.at",
 * "key.dot", "key.hyphen", "key.underscore"), address lines ("key.comma",
 * "key.hyphen", "key.slash", "key.space") and member ids ("key.hyphen");
 * each with "key.backspace". */
void ui_keyboard_email(struct ui_ctx *c);
void ui_keyboard_address(struct ui_ctx *c);
void ui_keyboard_member(struct ui_ctx *c);
/* Landscape: the keypad goes in a column on the right (from c->y down) and c->body narrows to the
 * left of it; false (nothing changed) on a portrait screen. Call after ui_screen_begin; ui_actions
 * still spans the screen when c->body is restored by the caller. */
bool ui_keypad_beside(struct ui_ctx *c);

/* The view's QR code (qr_modules) at x, y in at most side pixels, dark on
 * white whatever the theme, with its quiet zone. Returns the side drawn (0
 * when too small to scan). */
int ui_qr(struct ui_ctx *c, int x, int y, int side);

/* The inactivity dialog over everything. */
void ui_timeout_dialog(struct ui_ctx *c);

#endif
