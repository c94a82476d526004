/* The journey player: one action a line, widgets named by id, a fake clock.
 *
 *   # comment
 *   tap ID                  tap a widget that is on screen and enabled
 *   double-tap ID           two taps on the spot of ID: the second lands on what the first left
 * there type FIELD "TEXT"       surname: tapped key by key on the on-screen keyboard (letters,
 * space, - and '; other text is entered as typed); dob "YYYY-MM-DD": tapped on the keypad, day,
 * month, year swipe FILE              a card swipe from a track file (path relative to the script)
 *   scan "TEXT"             a scanned code
 *   scan-file FILE          a scanned code read from a file (a licence's PDF417 payload,
 *                           line breaks and all; path relative to the script)
 *   keyboard "TEXT"         typed on a physical keyboard (SDL text input)
 *   wait 61s | wait 500ms   time passes (no real sleeping); timers fire on the way
 *   expect screen ID        the screen shown now
 *   expect widget ID        an enabled widget ID is on screen (no-widget: it is not)
 *   expect text "TEXT"      TEXT is on screen (substring of the visible text)
 *   expect no-text "TEXT"   TEXT is not on screen
 *   expect printed N        N tickets printed so far
 *   expect paper "TEXT"     the last paper printed (or being printed) has a line with TEXT
 *   expect outbox-pending N N messages (check-ins, help requests) wait to be sent
 *   key up|down|left|right|select|back   a keypad key (EZ Access style navigation)
 *   expect focus ID         the keypad focus is on widget ID
 *   expect spoken "TEXT"    speech said TEXT after what the previous spoken check matched
 *                           (everything said is kept in order: the checks walk it)
 *   expect spoken-in LANG "TEXT"   the same, said by LANG's voice
 *   expect said "TEXT"      a later utterance than the last match is exactly TEXT
 *   expect spoken-once "TEXT"      said exactly once on the screen last spoken on
 *   expect spoken-count N "TEXT"   said N times there
 *   expect not-spoken "TEXT"       not said since the utterance of the last match
 *                           (key speech turns speech on; again: repeat; key readback
 *                           reads the fields back)
 *   printer STATE           simulated printer: ok, paper-low, paper-out, not-connected
 *   await pay               wait for the payment terminal's answer (a payment runs on its
 *                           own thread: the screen can be shot and Cancel tapped meanwhile)
 *   shot NAME               save the screen as NAME.png in the output folder
 *
 * Every frame drawn is also checked for text that did not fit its box, and
 * for its layout (ui_layout_check: overlaps, widgets outside the content
 * area, elements dropped). */
#define _POSIX_C_SOURCE 200809L
#include "firmware/app/app_private.h"
#include "firmware/core/file.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "ui/input/input.h"

#include <ctype.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#define MOD "journey"

struct player {
    struct app *a;
    const char *script;
    char dir[512];
    int line;
    int printed;
    long misses; /* i18n lookups without a translation, before the journey */
    /* Where the last spoken check matched: a part of the transcript and
     * the byte after the match (a part is searched on from there). */
    int said_part;
    size_t said_off;
};

static enum kiosk_err fail(struct player *p, const char *what, const char *arg)
{
    kiosk_err_set_detail("%s:%d: %s%s%s", p->script, p->line, what, arg ? " " : "", arg ? arg : "");
    return KIOSK_ERR_INVALID;
}

static enum kiosk_err refresh(struct player *p)
{
    struct app *a = p->a;
    app_print_wait(a); /* scripts take the printer's outcome in line */
    app_payqr_wait(a); /* and the payment service's */
    app_tick(a);
    if (!a->dirty)
        return KIOSK_OK;
    enum kiosk_err err = app_draw(a);
    if (err != KIOSK_OK)
        return fail(p, "drawing failed:", kiosk_strerror(err));
    if (a->frame.overflow_count > 0)
        return fail(p, "text does not fit on screen:", a->frame.overflow_text[0]);
    char why[256];
    if (ui_layout_check(&a->frame, why, sizeof(why)) > 0)
        return fail(p, "the layout is wrong:", why);
    if (i18n_lookup_misses() != p->misses)
        return fail(p, "a string on this screen has no translation in language", a->flow.lang);
    return KIOSK_OK;
}

/* A quoted argument: "..." with \" and \\ escapes; or a bare word. */
static bool take_arg(const char **sp, char *out, size_t size)
{
    const char *s = *sp;
    size_t n = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '"') {
        s++;
        while (*s && *s != '"') {
            if (*s == '\\' && s[1])
                s++;
            if (n + 1 < size)
                out[n++] = *s;
            s++;
        }
        if (*s != '"')
            return false;
        s++;
    } else {
        while (*s && *s != ' ' && *s != '\t' && *s != '#') {
            if (n + 1 < size)
                out[n++] = *s;
            s++;
        }
    }
    out[n] = '\0';
    *sp = s;
    return n > 0;
}

/* "sign X,Y X,Y ...": one stroke on the signature pad, each point in
 * percent of the pad, through the same path as a finger's motion. */
static enum kiosk_err sign_stroke(struct player *p, const char *first, const char *rest)
{
    const struct ui_target *t = ui_find(&p->a->frame, "sign.pad");
    char pt[32];
    bool down = true;
    if (!t)
        return fail(p, "no such widget on this screen:", "sign.pad");
    struct ui_rect r = t->rect;
    kstr_copy(pt, sizeof(pt), first);
    for (;;) {
        int px, py;
        if (sscanf(pt, "%d,%d", &px, &py) != 2 || px < 0 || px > 99 || py < 0 || py > 99)
            return fail(p, "sign needs points X,Y in percent of the pad:", pt);
        app_sign_point(p->a, r.x + r.w * px / 100, r.y + r.h * py / 100, down);
        down = false;
        if (!take_arg(&rest, pt, sizeof(pt)))
            break;
    }
    return refresh(p);
}

static enum kiosk_err tap(struct player *p, const char *id)
{
    const struct ui_target *t = ui_find(&p->a->frame, id);
    if (!t)
        return fail(p, "no such widget on this screen:", id);
    if (t->disabled)
        return fail(p, "widget is disabled:", id);
    /* Through the hit test, as a finger would: the centre of the target. */
    const char *hit = ui_hit(&p->a->frame, t->rect.x + t->rect.w / 2, t->rect.y + t->rect.h / 2);
    if (!hit || strcmp(hit, id) != 0)
        return fail(p, "widget is covered by another:", id);
    char tapped[UI_ID_MAX];
    kstr_copy(tapped, sizeof(tapped), t->id);
    app_tap(p->a, tapped, true);
    return refresh(p);
}

/* Two taps on the same spot, as an impatient finger: the second lands on
 * whatever the first one left there (or on nothing). */
static enum kiosk_err double_tap(struct player *p, const char *id)
{
    const struct ui_target *t = ui_find(&p->a->frame, id);
    if (!t)
        return fail(p, "no such widget on this screen:", id);
    int x = t->rect.x + t->rect.w / 2, y = t->rect.y + t->rect.h / 2;
    enum kiosk_err err = tap(p, id);
    if (err != KIOSK_OK)
        return err;
    const char *hit = ui_hit(&p->a->frame, x, y);
    if (hit) {
        char again[UI_ID_MAX];
        kstr_copy(again, sizeof(again), hit);
        app_tap(p->a, again, true);
    }
    return refresh(p);
}

static enum kiosk_err key(struct player *p, const char *name)
{
    static const struct {
        const char *name;
        int key;
    } keys[] = {{"up", KEY_UP},
                {"down", KEY_DOWN},
                {"left", KEY_LEFT},
                {"right", KEY_RIGHT},
                {"select", KEY_SELECT},
                {"back", KEY_BACK},
                {"speech", KEY_SPEECH},
                {"headphones", KEY_HEADPHONES},
                {"volume-up", KEY_VOLUME_UP},
                {"volume-down", KEY_VOLUME_DOWN},
                {"readback", KEY_READBACK}};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (strcmp(name, keys[i].name) == 0) {
            app_key(p->a, keys[i].key);
            return refresh(p);
        }
    return fail(p, "unknown key", name);
}

static enum kiosk_err tap_key(struct player *p, char ch)
{
    char id[24];
    if (ch == ' ')
        return tap(p, "key.space");
    if (ch == '-')
        return tap(p, "key.hyphen");
    if (ch == '\'')
        return tap(p, "key.apostrophe");
    snprintf(id, sizeof(id), "key.%c", toupper((unsigned char)ch));
    return tap(p, id);
}

static bool on_keyboard(const char *text)
{
    for (const char *c = text; *c; c++)
        if (!isalpha((unsigned char)*c) && *c != ' ' && *c != '-' && *c != '\'')
            return false;
    return true;
}

static enum kiosk_err type_text(struct player *p, const char *field, const char *text)
{
    enum kiosk_err err = KIOSK_OK;
    if (strcmp(field, "surname") == 0 && on_keyboard(text)) {
        for (const char *c = text; *c && err == KIOSK_OK; c++)
            err = tap_key(p, *c);
        return err;
    }
    if (strcmp(field, "dob") == 0 && strlen(text) == 10 && text[4] == '-' && text[7] == '-') {
        const char order[] = {8, 9, 5, 6, 0, 1, 2, 3};
        err = tap(p, "dob.day");
        for (size_t i = 0; i < sizeof(order) && err == KIOSK_OK; i++)
            err = tap_key(p, text[(int)order[i]]);
        return err;
    }
    struct flow_event ev = app_event_now(p->a, EV_TEXT);
    ev.field = field;
    ev.text = text;
    app_event(p->a, &ev);
    return refresh(p);
}

static void poll_reader(struct player *p)
{
    struct reader_input in;
    while (p->a->devices.reader && reader_poll(p->a->devices.reader, &in) == KIOSK_OK &&
           in.kind != READER_NONE) {
        app_reader_input(p->a, &in);
        kmem_wipe(&in, sizeof(in));
    }
}

/* A real driver delivers on its own thread: wait for the input. */
static enum kiosk_err await_input(struct player *p)
{
    struct reader_input in;
    for (int i = 0; i < 300; i++) {
        if (reader_poll(p->a->devices.reader, &in) == KIOSK_OK && in.kind != READER_NONE) {
            app_reader_input(p->a, &in);
            kmem_wipe(&in, sizeof(in));
            poll_reader(p);
            return refresh(p);
        }
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return fail(p, "the reader delivered nothing within 3 s", NULL);
}

void app_set_inject(struct app *a, const struct app_inject *inject)
{
    if (inject)
        a->devices.inject = *inject;
    else
        memset(&a->devices.inject, 0, sizeof(a->devices.inject));
}

/* A code from a file: what a 2D scanner reads off a licence. */
static enum kiosk_err scan_file(struct player *p, const char *file)
{
    char path[1024];
    if (!p->a->devices.reader)
        return fail(p, "no scanner", NULL);
    if (file[0] == '/')
        kstr_copy(path, sizeof(path), file);
    else
        snprintf(path, sizeof(path), "%s/%s", p->dir, file);
    char *text;
    size_t len;
    if (kfile_read(path, READER_CODE_MAX, &text, &len) != KIOSK_OK)
        return fail(p, "cannot read code file", file);
    enum kiosk_err err;
    if (p->a->devices.inject.scan) {
        p->a->devices.inject.scan(p->a->devices.inject.ctx, text);
        err = KIOSK_OK;
    } else {
        err = reader_sim_scan(p->a->devices.reader, text);
    }
    kmem_wipe(text, len);
    kmem_free(text);
    if (err != KIOSK_OK)
        return fail(p, "scan refused", file);
    if (p->a->devices.inject.scan)
        return await_input(p);
    poll_reader(p);
    return refresh(p);
}

static enum kiosk_err swipe(struct player *p, const char *file)
{
    char path[1024], track[512];
    if (!p->a->devices.reader)
        return fail(p, "no card reader", NULL);
    if (file[0] == '/')
        kstr_copy(path, sizeof(path), file);
    else
        snprintf(path, sizeof(path), "%s/%s", p->dir, file);
    char *text;
    size_t len;
    if (kfile_read(path, 4096, &text, &len) != KIOSK_OK)
        return fail(p, "cannot read track file", file);
    kstr_copy(track, sizeof(track), text);
    kmem_wipe(text, len);
    kmem_free(text);
    if (p->a->devices.inject.swipe) {
        p->a->devices.inject.swipe(p->a->devices.inject.ctx, track);
        kmem_wipe(track, sizeof(track));
        return await_input(p);
    }
    reader_sim_swipe(p->a->devices.reader, track);
    kmem_wipe(track, sizeof(track));
    poll_reader(p);
    return refresh(p);
}

static enum kiosk_err wait_for(struct player *p, const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    int64_t ms;
    if (v < 0 || end == arg)
        return fail(p, "bad duration", arg);
    if (strcmp(end, "ms") == 0)
        ms = v;
    else if (strcmp(end, "s") == 0 || *end == '\0')
        ms = v * 1000;
    else if (strcmp(end, "min") == 0)
        ms = v * 60000;
    else
        return fail(p, "bad duration", arg);
    /* Stop at every deadline on the way so timers fire in order. */
    int64_t target = kclock_mono(p->a->clock) + ms;
    for (;;) {
        int64_t now = kclock_mono(p->a->clock);
        int64_t due = flow_next_deadline(&p->a->flow, now);
        if (due < 0 || due > target)
            break;
        kclock_fake_advance(&p->a->fake, due - now);
        enum kiosk_err err = refresh(p);
        if (err != KIOSK_OK)
            return err;
        if (flow_next_deadline(&p->a->flow, due) == due)
            break;
    }
    kclock_fake_advance(&p->a->fake, target - kclock_mono(p->a->clock));
    p->a->dirty = true;
    /* As the main loop would: an unsettled payment whose time has come is
     * asked about; scripts take the processor's answer in line. */
    app_pay_tick(p->a);
    if (app_pay_busy(p->a))
        app_pay_wait(p->a);
    app_payqr_tick(p->a);
    app_payqr_wait(p->a);
    return refresh(p);
}

static bool screen_has_text(const struct ui_frame *f, const char *text)
{
    /* Join the lines so a wrapped sentence still matches. */
    static char all[16384];
    all[0] = '\0';
    for (int i = 0; i < f->dl.count; i++) {
        if (f->dl.cmds[i].kind != DRAW_TEXT)
            continue;
        kstr_append(all, sizeof(all), f->dl.cmds[i].text);
        kstr_append(all, sizeof(all), " ");
    }
    return strstr(all, text) != NULL;
}

/* What was said from part `from` on, for a failure message. */
static void said_since(const struct app_transcript *tr, int from, char *out, size_t size)
{
    out[0] = '\0';
    for (int i = from < 0 ? 0 : from; i < tr->count; i++) {
        char one[UI_PROMPT_MAX + 24];
        snprintf(one, sizeof(one), "%s[%s] %s", out[0] ? " | " : "", tr->parts[i].lang,
                 tr->parts[i].text);
        kstr_append(out, size, one);
    }
    if (!out[0])
        kstr_copy(out, size, "(nothing)");
}

static int count_in(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *s = strstr(hay, needle); s; s = strstr(s + strlen(needle), needle))
        n++;
    return n;
}

static enum kiosk_err expect_spoken(struct player *p, const char *what, const char *arg,
                                    const char *rest)
{
    const struct app_transcript *tr = p->a->voice.transcript;
    char text[256], said[1200], msg[1800];
    if (!tr)
        return fail(p, "no speech output", NULL);
    if (strcmp(what, "spoken") == 0 || strcmp(what, "spoken-in") == 0) {
        const char *lang = NULL;
        if (what[6] == '-') {
            lang = arg;
            if (!take_arg(&rest, text, sizeof(text)))
                return fail(p, "spoken-in needs a language and a text", NULL);
        } else {
            kstr_copy(text, sizeof(text), arg);
        }
        for (int i = p->said_part; i < tr->count; i++) {
            const struct app_spoken *sp = &tr->parts[i];
            size_t off = i == p->said_part ? p->said_off : 0;
            const char *hit = off <= strlen(sp->text) ? strstr(sp->text + off, text) : NULL;
            if (!hit || sp->samples <= 0 || (lang && strcmp(lang, sp->lang) != 0))
                continue;
            p->said_part = i;
            p->said_off = (size_t)(hit - sp->text) + strlen(text);
            return KIOSK_OK;
        }
        said_since(tr, p->said_part, said, sizeof(said));
        snprintf(msg, sizeof(msg), "speech said (in order) \"%s\", expected after that%s%s:", said,
                 lang ? " in the voice of " : "", lang ? lang : "");
        return fail(p, msg, text);
    }
    if (strcmp(what, "said") == 0) {
        bool none_yet = p->said_part == 0 && p->said_off == 0;
        int utt = !none_yet && p->said_part < tr->count ? tr->parts[p->said_part].utterance : 0;
        for (int i = p->said_part; i < tr->count; i++) {
            if (tr->parts[i].utterance <= utt ||
                (i > 0 && tr->parts[i - 1].utterance == tr->parts[i].utterance))
                continue;
            char whole[UI_PROMPT_MAX];
            int j = i;
            whole[0] = '\0';
            for (; j < tr->count && tr->parts[j].utterance == tr->parts[i].utterance; j++) {
                if (whole[0])
                    kstr_append(whole, sizeof(whole), " ");
                kstr_append(whole, sizeof(whole), tr->parts[j].text);
            }
            if (strcmp(whole, arg) == 0 && tr->parts[i].samples > 0) {
                p->said_part = j - 1;
                p->said_off = strlen(tr->parts[j - 1].text);
                return KIOSK_OK;
            }
        }
        said_since(tr, p->said_part, said, sizeof(said));
        snprintf(msg, sizeof(msg),
                 "speech said (in order) \"%s\", expected after that exactly:", said);
        return fail(p, msg, arg);
    }
    if (strcmp(what, "not-spoken") == 0) {
        int from = p->said_part;
        while (from > 0 && tr->parts[from - 1].utterance == tr->parts[from].utterance)
            from--;
        for (int i = from; i < tr->count; i++)
            if (strstr(tr->parts[i].text, arg)) {
                said_since(tr, from, said, sizeof(said));
                snprintf(msg, sizeof(msg), "speech said \"%s\", expected it without", said);
                return fail(p, msg, arg);
            }
        return KIOSK_OK;
    }
    int want = 1;
    if (strcmp(what, "spoken-count") == 0) {
        want = atoi(arg);
        if (!take_arg(&rest, text, sizeof(text)))
            return fail(p, "spoken-count needs a number and a text", NULL);
    } else if (strcmp(what, "spoken-once") == 0) {
        kstr_copy(text, sizeof(text), arg);
    } else {
        return fail(p, "unknown expectation", what);
    }
    int have = 0, first = -1;
    for (int i = 0; i < tr->count; i++)
        if (tr->parts[i].visit == tr->visit) {
            have += count_in(tr->parts[i].text, text);
            if (first < 0)
                first = i;
        }
    if (have == want)
        return KIOSK_OK;
    said_since(tr, first < 0 ? tr->count : first, said, sizeof(said));
    snprintf(msg, sizeof(msg),
             "on this screen speech said \"%s\" (%d times), expected %d times:", said, have, want);
    return fail(p, msg, text);
}

static enum kiosk_err expect(struct player *p, const char *rest)
{
    char what[32], arg[256];
    if (!take_arg(&rest, what, sizeof(what)) || !take_arg(&rest, arg, sizeof(arg)))
        return fail(p, "expect needs a kind and a value", NULL);
    if (strcmp(what, "screen") == 0) {
        if (strcmp(p->a->frame.screen, arg) != 0) {
            char msg[160];
            snprintf(msg, sizeof(msg), "screen is %s, expected", p->a->frame.screen);
            return fail(p, msg, arg);
        }
        return KIOSK_OK;
    }
    if (strcmp(what, "widget") == 0 || strcmp(what, "no-widget") == 0) {
        bool want = what[0] == 'w';
        const struct ui_target *t = ui_find(&p->a->frame, arg);
        if ((t && !t->disabled) == want)
            return KIOSK_OK;
        return fail(p, want ? "no enabled widget" : "widget is there:", arg);
    }
    if (strcmp(what, "focus") == 0) {
        if (p->a->focus.keypad && strcmp(p->a->focus.id, arg) == 0)
            return KIOSK_OK;
        char msg[96];
        snprintf(msg, sizeof(msg), "keypad focus is on '%s', expected",
                 p->a->focus.keypad ? p->a->focus.id : "(keypad not in use)");
        return fail(p, msg, arg);
    }
    if (strcmp(what, "outbox-pending") == 0) {
        struct outbox_counts oc;
        if (!p->a->store || store_outbox_counts(p->a->store, &oc) != KIOSK_OK)
            return fail(p, "cannot read the outbox", NULL);
        if (oc.pending == atoi(arg))
            return KIOSK_OK;
        char msg[96];
        snprintf(msg, sizeof(msg), "%d messages wait in the outbox, expected", oc.pending);
        return fail(p, msg, arg);
    }
    if (strncmp(what, "spoken", 6) == 0 || strcmp(what, "not-spoken") == 0 ||
        strcmp(what, "said") == 0)
        return expect_spoken(p, what, arg, rest);
    if (strcmp(what, "text") == 0)
        return screen_has_text(&p->a->frame, arg) ? KIOSK_OK : fail(p, "text not on screen:", arg);
    if (strcmp(what, "no-text") == 0)
        return screen_has_text(&p->a->frame, arg) ? fail(p, "text still on screen:", arg)
                                                  : KIOSK_OK;
    if (strcmp(what, "paper") == 0) {
        const struct receipt *r = &p->a->print.r;
        for (int i = 0; i < r->count; i++)
            if (r->items[i].kind == RECEIPT_TEXT && strstr(r->items[i].text, arg))
                return KIOSK_OK;
        return fail(p, "no line of the last paper has", arg);
    }
    if (strcmp(what, "printed") == 0) {
        int want = atoi(arg);
        int have = printer_sim_printed(p->a->devices.printer);
        if (have != want) {
            char msg[96];
            snprintf(msg, sizeof(msg), "%d tickets printed, expected", have);
            return fail(p, msg, arg);
        }
        return KIOSK_OK;
    }
    return fail(p, "unknown expectation", what);
}

static enum kiosk_err printer_state_cmd(struct player *p, const char *arg)
{
    static const struct {
        const char *name;
        enum printer_state state;
    } states[] = {{"ok", PRINTER_OK},
                  {"paper-low", PRINTER_PAPER_LOW},
                  {"paper-out", PRINTER_PAPER_OUT},
                  {"cover-open", PRINTER_COVER_OPEN},
                  {"not-connected", PRINTER_NOT_CONNECTED}};
    if (!p->a->devices.printer)
        return fail(p, "no printer", NULL);
    for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
        if (strcmp(arg, states[i].name) == 0) {
            printer_sim_set_state(p->a->devices.printer, states[i].state);
            return KIOSK_OK;
        }
    return fail(p, "unknown printer state", arg);
}

static enum kiosk_err shot(struct player *p, const char *name)
{
    char path[1024];
    if (!p->a->output_dir[0])
        return KIOSK_OK;
    snprintf(path, sizeof(path), "%s/%s.png", p->a->output_dir, name);
    enum kiosk_err err = render_save_png(p->a->render, path);
    return err == KIOSK_OK ? KIOSK_OK : fail(p, "cannot save", name);
}

static enum kiosk_err run_line(struct player *p, const char *line)
{
    char cmd[32], arg[256], arg2[256];
    const char *rest = line;
    if (!take_arg(&rest, cmd, sizeof(cmd)) || cmd[0] == '#')
        return KIOSK_OK;
    if (strcmp(cmd, "expect") == 0)
        return expect(p, rest);
    if (strcmp(cmd, "type") == 0) {
        if (!take_arg(&rest, arg, sizeof(arg)) || !take_arg(&rest, arg2, sizeof(arg2)))
            return fail(p, "type needs a field and a text", NULL);
        return type_text(p, arg, arg2);
    }
    if (!take_arg(&rest, arg, sizeof(arg)))
        return fail(p, "missing argument for", cmd);
    if (strcmp(cmd, "double-tap") == 0)
        return double_tap(p, arg);
    if (strcmp(cmd, "tap") == 0)
        return tap(p, arg);
    if (strcmp(cmd, "screen") == 0) {
        char e[300];
        snprintf(e, sizeof(e), "screen \"%s\"", arg);
        return expect(p, e);
    }
    if (strcmp(cmd, "swipe") == 0)
        return swipe(p, arg);
    if (strcmp(cmd, "keyboard") == 0) { /* text from a physical keyboard */
        app_type_text(p->a, arg);
        return refresh(p);
    }
    if (strcmp(cmd, "key") == 0)
        return key(p, arg);
    if (strcmp(cmd, "scan-file") == 0)
        return scan_file(p, arg);
    if (strcmp(cmd, "scan") == 0) {
        if (!p->a->devices.reader)
            return fail(p, "no scanner", NULL);
        if (p->a->devices.inject.scan) {
            p->a->devices.inject.scan(p->a->devices.inject.ctx, arg);
            return await_input(p);
        }
        reader_sim_scan(p->a->devices.reader, arg);
        poll_reader(p);
        return refresh(p);
    }
    if (strcmp(cmd, "wait") == 0)
        return wait_for(p, arg);
    if (strcmp(cmd, "sign") == 0)
        return sign_stroke(p, arg, rest);
    if (strcmp(cmd, "sleep") == 0) {
        /* Real time, for tests where another process changes the disk. */
        long ms = strtol(arg, NULL, 10);
        struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        return refresh(p);
    }
    if (strcmp(cmd, "await") == 0) {
        /* The payment terminal's answer: the script goes on with it. */
        if (strcmp(arg, "pay") != 0)
            return fail(p, "await what? (pay)", arg);
        app_pay_wait(p->a);
        return refresh(p);
    }
    if (strcmp(cmd, "shot") == 0)
        return shot(p, arg);
    if (strcmp(cmd, "printer") == 0)
        return printer_state_cmd(p, arg);
    return fail(p, "unknown command", cmd);
}

enum kiosk_err app_play(struct app *a, const char *script_path)
{
    struct player p = {.a = a, .script = script_path, .misses = i18n_lookup_misses()};
    char line[1024];
    enum kiosk_err err = KIOSK_OK;
    if (!a->headless)
        return KIOSK_ERR_INVALID;
    kstr_copy(p.dir, sizeof(p.dir), script_path);
    char *slash = strrchr(p.dir, '/');
    if (slash)
        *slash = '\0';
    else
        kstr_copy(p.dir, sizeof(p.dir), ".");
    FILE *f = fopen(script_path, "r");
    if (!f) {
        kiosk_err_set_detail("cannot open journey script %s", script_path);
        return KIOSK_ERR_NOT_FOUND;
    }
    a->voice.transcript = kmem_alloc(sizeof(*a->voice.transcript));
    if (!a->voice.transcript) {
        fclose(f);
        return KIOSK_ERR_NOMEM;
    }
    memset(a->voice.transcript, 0, sizeof(*a->voice.transcript));
    app_sync_open(a, false); /* patients not in the cache are asked for in line */
    a->dirty = true;
    err = refresh(&p);
    while (err == KIOSK_OK && fgets(line, sizeof(line), f)) {
        p.line++;
        line[strcspn(line, "\r\n")] = '\0';
        err = run_line(&p, line);
    }
    fclose(f);
    kmem_wipe(a->voice.transcript, sizeof(*a->voice.transcript)); /* it held what was typed */
    kmem_free(a->voice.transcript);
    a->voice.transcript = NULL;
    return err;
}
