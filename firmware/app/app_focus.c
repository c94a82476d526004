/* Keypad navigation and speech: the keys of a keypad or keyboard
 * (app_key), the focus kept on a control that is on screen, and what is
 * said aloud when the screen or the focus changes. */
#include "firmware/app/app_private.h"
#include "firmware/core/log.h"
#include "firmware/core/str.h"
#include "firmware/i18n/i18n.h"
#include "ui/input/input.h"

#include <ctype.h>
#include <stdio.h>
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

/* A text field's target (what the patient typed): selecting it reads it
 * back rather than tapping it. */
static bool is_field(const char *id)
{
    return strncmp(id, "field.", 6) == 0 || strncmp(id, "dob.", 4) == 0 ||
           strcmp(id, "amount") == 0 || strcmp(id, "phone") == 0;
}

static const char *tr(const struct app *a, const char *msgid)
{
    return i18n_text(a->i18n, a->flow.lang, msgid);
}

/* text letter by letter, as a screen reader spells: "S, I, L, V, A"; a
 * space, hyphen or apostrophe by its name in the patient's language. */
static void spell(const struct app *a, const char *text, char *out, size_t size)
{
    out[0] = '\0';
    for (const char *c = text; *c;) {
        char one[8];
        size_t n = 1;
        while (c[n] && ((unsigned char)c[n] & 0xC0) == 0x80 && n < sizeof(one) - 1)
            n++;
        memcpy(one, c, n);
        one[n] = '\0';
        if (n == 1)
            one[0] = (char)toupper((unsigned char)one[0]); /* a letter's name, as on the key */
        const char *say = one;
        if (*c == ' ')
            say = tr(a, "Space");
        else if (*c == '-')
            say = tr(a, "hyphen");
        else if (*c == '\'')
            say = tr(a, "apostrophe");
        if (out[0])
            kstr_append(out, size, ", ");
        kstr_append(out, size, say);
        c += n;
    }
}

/* "Surname: Silva, S, I, L, V, A." */
static void say_surname(const struct app *a, char *out, size_t size)
{
    char spelled[UI_PROMPT_MAX / 2];
    spell(a, a->flow.surname, spelled, sizeof(spelled));
    snprintf(out, size, "%s: %s, %s.", tr(a, "Surname"), a->flow.surname, spelled);
}

/* "Day: 02. Month: 03. Year: 1984." (an empty part is left out). */
static void say_dob(const struct app *a, char *out, size_t size)
{
    const char *names[3] = {"Day", "Month", "Year"};
    const char *values[3] = {a->flow.dob_day, a->flow.dob_month, a->flow.dob_year};
    out[0] = '\0';
    for (int i = 0; i < 3; i++) {
        if (!values[i][0])
            continue;
        char part[64];
        snprintf(part, sizeof(part), "%s%s: %s.", out[0] ? " " : "", tr(a, names[i]), values[i]);
        kstr_append(out, size, part);
    }
}

void app_speak(struct app *a, const struct speech_part *parts, int n)
{
    if (!a->voice.speech)
        return;
    if (speech_say_parts(a->voice.speech, parts, n) != KIOSK_OK)
        log_warn(MOD, "speech failed");
    struct app_transcript *tr = a->voice.transcript;
    if (!tr)
        return;
    if (strcmp(tr->last_screen, a->frame.screen) != 0) {
        tr->visit++;
        kstr_copy(tr->last_screen, sizeof(tr->last_screen), a->frame.screen);
    }
    tr->utterances++;
    for (int i = 0; i < n; i++) {
        if (!parts[i].text || !parts[i].text[0])
            continue;
        if (tr->count == APP_TRANSCRIPT_MAX) {
            memmove(tr->parts, tr->parts + 1, sizeof(tr->parts[0]) * (APP_TRANSCRIPT_MAX - 1));
            tr->count--;
            tr->dropped = true;
        }
        struct app_spoken *sp = &tr->parts[tr->count++];
        kstr_copy(sp->lang, sizeof(sp->lang), parts[i].lang ? parts[i].lang : "en");
        kstr_copy(sp->text, sizeof(sp->text), parts[i].text);
        kstr_copy(sp->screen, sizeof(sp->screen), a->frame.screen);
        sp->visit = tr->visit;
        sp->utterance = tr->utterances;
        sp->samples = speech_last_samples(a->voice.speech);
    }
}

/* Read the fields back (the one given, or every field on the screen): what
 * was typed, the surname spelled too. */
void app_read_back(struct app *a, const char *only)
{
    char say[UI_PROMPT_MAX];
    if (!a->voice.speech || !a->flow.speech)
        return;
    say[0] = '\0';
    for (int i = 0; i < a->frame.target_count; i++) {
        const struct ui_target *t = &a->frame.targets[i];
        if (!is_field(t->id) || t->hidden || (only && strcmp(only, t->id) != 0))
            continue;
        char one[UI_PROMPT_MAX];
        if (strcmp(t->id, "field.surname") == 0 && a->flow.surname[0])
            say_surname(a, one, sizeof(one));
        else
            snprintf(one, sizeof(one), "%s.", t->label);
        if (say[0])
            kstr_append(say, sizeof(say), " ");
        kstr_append(say, sizeof(say), one);
    }
    struct speech_part part = {a->flow.lang, say};
    if (say[0])
        app_speak(a, &part, 1);
}

void app_tap_echo(struct app *a, const char *id)
{
    if (!a->voice.speech || !a->flow.speech)
        return;
    const struct ui_target *t = ui_find(&a->frame, id);
    if (strncmp(id, "key.", 4) == 0 && t) {
        /* The key as it is typed: "S", "4", "Space", "Delete". */
        kstr_copy(a->voice.echo, sizeof(a->voice.echo), t->label);
        return;
    }
    if (strcmp(id, "next") != 0)
        return;
    /* Leaving an identification screen: what will be searched, confirmed. */
    if (a->flow.screen == SCR_SURNAME && a->flow.surname[0])
        say_surname(a, a->voice.echo, sizeof(a->voice.echo));
    else if (a->flow.screen == SCR_DOB && a->flow.dob_day[0] && a->flow.dob_month[0] &&
             a->flow.dob_year[0]) {
        char dob[128];
        say_dob(a, dob, sizeof(dob));
        a->voice.echo[0] = '\0';
        if (a->flow.method == ID_NAME_DOB && a->flow.surname[0])
            say_surname(a, a->voice.echo, sizeof(a->voice.echo));
        if (a->voice.echo[0])
            kstr_append(a->voice.echo, sizeof(a->voice.echo), " ");
        kstr_append(a->voice.echo, sizeof(a->voice.echo), dob);
    }
}

void app_key(struct app *a, int key)
{
    app_timing_input(a);
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
    case KEY_READBACK:
        app_read_back(a, NULL);
        return;
    case KEY_SELECT:
        if (a->focus.keypad && is_field(a->focus.id)) {
            app_read_back(a, a->focus.id); /* selecting a field reads it back */
            return;
        }
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
 * goes away says nothing. A key just typed, or a field confirmed, comes
 * first. A language's name is said by that language's voice. */
void app_announce(struct app *a)
{
    char say[UI_PROMPT_MAX];
    if (!a->voice.speech || !a->flow.speech) {
        a->voice.spoken_prompt[0] = a->voice.spoken_focus[0] = a->voice.echo[0] = '\0';
        return;
    }
    bool new_prompt = strcmp(a->voice.spoken_prompt, a->frame.prompt) != 0;
    bool new_focus = a->focus.keypad && strcmp(a->voice.spoken_focus, a->focus.id) != 0;
    /* Typing moved on to the next date field (the day is full): say which. */
    const char *field = "";
    if (a->flow.screen == SCR_DOB && a->voice.spoken_screen == (int)SCR_DOB &&
        a->view.dob_focus != a->voice.spoken_dob_field && a->view.dob_focus > 0) {
        static const char *const ids[3] = {"dob.day", "dob.month", "dob.year"};
        const struct ui_target *ft = ui_find(&a->frame, ids[a->view.dob_focus % 3]);
        field = ft ? ft->label : "";
    }
    a->voice.spoken_dob_field = a->view.dob_focus;
    if (!new_prompt && !new_focus && !a->voice.echo[0] && !field[0])
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
    const char *label = t && t->label[0] && (whole || new_focus) ? t->label : "";
    const char *label_lang = a->flow.lang;
    if (label[0] && strncmp(t->id, "lang.", 5) == 0 && i18n_lang_known(t->id + 5))
        label_lang = t->id + 5;
    struct speech_part parts[] = {{a->flow.lang, a->voice.echo},
                                  {a->flow.lang, field},
                                  {a->flow.lang, say},
                                  {label_lang, label}};
    kstr_copy(a->voice.spoken_prompt, sizeof(a->voice.spoken_prompt), a->frame.prompt);
    a->voice.spoken_screen = (int)a->flow.screen;
    kstr_copy(a->voice.spoken_focus, sizeof(a->voice.spoken_focus),
              a->focus.keypad ? a->focus.id : "");
    if (a->voice.echo[0] || field[0] || say[0] || label[0])
        app_speak(a, parts, (int)(sizeof(parts) / sizeof(parts[0])));
    a->voice.echo[0] = '\0';
}

/* Keep the keypad focus on something that is on screen: a new screen (or
 * the dialog) starts at its main action (else its first control). */
void app_settle_focus(struct app *a)
{
    bool same_screen = strcmp(a->focus.screen, a->frame.screen) == 0 && !a->view.warning &&
                       a->focus.page == a->flow.forms.page;
    const struct ui_target *t = ui_find(&a->frame, a->focus.id);
    if (same_screen && t && !t->disabled)
        return;
    const char *first = ui_focus_first(&a->frame);
    kstr_copy(a->focus.id, sizeof(a->focus.id), first ? first : "");
    kstr_copy(a->focus.screen, sizeof(a->focus.screen), a->frame.screen);
    a->focus.page = a->flow.forms.page;
    a->view.focus_id = a->focus.id;
    ui_build(&a->env, &a->view, &a->frame);
}
