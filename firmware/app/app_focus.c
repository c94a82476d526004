/* Keypad navigation and speech: the keys of a keypad or keyboard
 * (app_key), the focus kept on a control that is on screen, and what is
 * said aloud when the screen or the focus changes. */
#include "firmware/app/app_private.h"
#include "firmware/core/log.h"
#include "firmware/core/str.h"
#include "ui/input/input.h"

#include <string.h>

#define MOD "app"

/* The control the keypad's back key stands for on this screen. */
static const char *back_target(const struct ui_frame *f)
{
    static const char *const order[] = {"timeout.more", "back", "cancel", "finish"};
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        if (ui_find(f, order[i]))
            return order[i];
    return NULL;
}

void app_key(struct app *a, int key)
{
    enum ui_dir dir;
    switch (key) {
    case KEY_UP:
        dir = UI_UP;
        break;
    case KEY_DOWN:
        dir = UI_DOWN;
        break;
    case KEY_LEFT:
        dir = UI_LEFT;
        break;
    case KEY_RIGHT:
        dir = UI_RIGHT;
        break;
    case KEY_SELECT:
        if (a->focus.keypad && a->focus.id[0]) {
            char id[UI_ID_MAX];
            kstr_copy(id, sizeof(id), a->focus.id); /* the frame changes under us */
            app_tap(a, id, false);
        }
        return;
    case KEY_BACK: {
        const char *id = back_target(&a->frame);
        if (id)
            app_tap(a, id, false);
        return;
    }
    case KEY_SPEECH:
    case KEY_HEADPHONES:
        if (!a->voice.speech)
            return;
        if (a->flow.speech) {
            if (key == KEY_SPEECH)
                speech_repeat(a->voice.speech); /* pressed again: say it again */
            return;
        }
        /* Speech on: blind patients navigate by keypad, so that comes on too. */
        a->focus.keypad = true;
        app_tap(a, "a11y.speech", false);
        a->dirty = true;
        return;
    case KEY_VOLUME_UP:
    case KEY_VOLUME_DOWN:
        if (a->voice.speech) {
            speech_set_volume(a->voice.speech,
                              speech_volume(a->voice.speech) + (key == KEY_VOLUME_UP ? 10 : -10));
            speech_repeat(a->voice.speech);
        }
        return;
    default:
        return;
    }
    if (!a->focus.keypad) {
        /* The first key shows where the focus is, on the first control. */
        a->focus.keypad = true;
        a->focus.id[0] = '\0';
    } else {
        const char *next = ui_focus_move(&a->frame, a->focus.id, dir);
        kstr_copy(a->focus.id, sizeof(a->focus.id), next ? next : "");
    }
    a->dirty = true;
    struct flow_event ev = app_event_now(a, EV_ACTIVITY);
    app_event(a, &ev);
}

/* Speech: a new screen (or dialog) is announced with its prompt and the
 * focused control; moving the focus says the control. A notice that
 * appears on the same screen (its prompt grows) is said alone; one that
 * goes away says nothing. */
void app_announce(struct app *a)
{
    char say[UI_PROMPT_MAX + UI_LABEL_MAX + 4];
    if (!a->voice.speech || !a->flow.speech) {
        a->voice.spoken_prompt[0] = a->voice.spoken_focus[0] = '\0';
        return;
    }
    bool new_prompt = strcmp(a->voice.spoken_prompt, a->frame.prompt) != 0;
    bool new_focus = a->focus.keypad && strcmp(a->voice.spoken_focus, a->focus.id) != 0;
    if (!new_prompt && !new_focus)
        return;
    say[0] = '\0';
    size_t had = strlen(a->voice.spoken_prompt), has = strlen(a->frame.prompt);
    bool same_screen = a->voice.spoken_screen == (int)a->flow.screen;
    bool added = new_prompt && same_screen && had > 0 && has > had &&
                 strncmp(a->frame.prompt, a->voice.spoken_prompt, had) == 0;
    bool gone = new_prompt && same_screen && has < had &&
                strncmp(a->voice.spoken_prompt, a->frame.prompt, has) == 0;
    bool whole = new_prompt && !added && !gone;
    if (added)
        kstr_copy(say, sizeof(say), a->frame.prompt + had + (a->frame.prompt[had] == ' '));
    else if (whole)
        kstr_copy(say, sizeof(say), a->frame.prompt);
    const struct ui_target *t = a->focus.keypad ? ui_find(&a->frame, a->focus.id) : NULL;
    if (t && t->label[0] && (whole || new_focus)) {
        if (say[0])
            kstr_append(say, sizeof(say), " ");
        kstr_append(say, sizeof(say), t->label);
    }
    kstr_copy(a->voice.spoken_prompt, sizeof(a->voice.spoken_prompt), a->frame.prompt);
    a->voice.spoken_screen = (int)a->flow.screen;
    kstr_copy(a->voice.spoken_focus, sizeof(a->voice.spoken_focus),
              a->focus.keypad ? a->focus.id : "");
    if (say[0] && speech_say(a->voice.speech, a->flow.lang, say) != KIOSK_OK)
        log_warn(MOD, "speech failed");
}

/* Keep the keypad focus on something that is on screen: a new screen (or
 * the dialog) starts at its first control. */
void app_settle_focus(struct app *a)
{
    bool same_screen = strcmp(a->focus.screen, a->frame.screen) == 0 && !a->view.warning &&
                       a->focus.page == a->flow.forms.page;
    const struct ui_target *t = ui_find(&a->frame, a->focus.id);
    if (same_screen && t && !t->disabled)
        return;
    const char *first = ui_focus_move(&a->frame, NULL, UI_NEXT);
    kstr_copy(a->focus.id, sizeof(a->focus.id), first ? first : "");
    kstr_copy(a->focus.screen, sizeof(a->focus.screen), a->frame.screen);
    a->focus.page = a->flow.forms.page;
    a->view.focus_id = a->focus.id;
    ui_build(&a->env, &a->view, &a->frame);
}
