/* Service mode state machine: see service.h. */
#include "firmware/service/service.h"
#include "firmware/core/str.h"

#include <stdio.h>
#include <string.h>

static struct svc_fx *push(struct svc_state *s, struct svc_fx_list *fx, enum svc_fx_kind kind,
                           const char *text, const char *detail)
{
    if (fx->count >= SVC_MAX_FX)
        return NULL;
    struct svc_fx *f = &fx->fx[fx->count++];
    memset(f, 0, sizeof(*f));
    f->kind = kind;
    kstr_copy(f->text, sizeof(f->text), text ? text : "");
    kstr_copy(f->detail, sizeof(f->detail), detail ? detail : "");
    kstr_copy(f->who, sizeof(f->who), s->user);
    return f;
}

static void wipe_login(struct svc_state *s)
{
    /* a volatile loop so the passcode really leaves memory */
    volatile char *p = s->code;
    for (size_t i = 0; i < sizeof(s->code); i++)
        p[i] = 0;
    s->name[0] = '\0';
    s->field = 0;
}

void svc_init(struct svc_state *s, int64_t logoff_ms)
{
    memset(s, 0, sizeof(*s));
    s->logoff_ms = logoff_ms > 0 ? logoff_ms : 180000;
}

bool svc_active(const struct svc_state *s)
{
    return s->screen != SVC_OFF;
}

static void leave(struct svc_state *s, struct svc_fx_list *fx, const char *why)
{
    if (s->user[0])
        push(s, fx, SVCFX_AUDIT, why, "");
    int64_t logoff = s->logoff_ms;
    svc_init(s, logoff);
    push(s, fx, SVCFX_EXITED, NULL, NULL);
}

static void type_char(char *buf, size_t size, char c)
{
    size_t n = strlen(buf);
    if (n + 1 < size) {
        buf[n] = c;
        buf[n + 1] = '\0';
    }
}

static void backspace(char *buf)
{
    size_t n = strlen(buf);
    if (n)
        buf[n - 1] = '\0';
}

static bool login_tap(struct svc_state *s, const char *w, struct svc_fx_list *fx)
{
    if (!strcmp(w, "cancel")) {
        wipe_login(s);
        leave(s, fx, "");
        return true;
    }
    if (!strcmp(w, "field.name")) {
        s->field = 0;
    } else if (!strcmp(w, "field.code")) {
        s->field = 1;
    } else if (!strcmp(w, "key.backspace")) {
        backspace(s->field ? s->code : s->name);
    } else if (!strncmp(w, "key.", 4)) {
        const char *k = w + 4;
        if (s->field == 0 && k[0] >= 'A' && k[0] <= 'Z' && !k[1])
            type_char(s->name, sizeof(s->name), (char)(k[0] - 'A' + 'a'));
        else if (s->field == 0 && !strcmp(k, "hyphen"))
            type_char(s->name, sizeof(s->name), '-');
        else if (s->field == 1 && k[0] >= '0' && k[0] <= '9' && !k[1])
            type_char(s->code, sizeof(s->code), k[0]);
    } else if (!strcmp(w, "next") && s->field == 0) {
        if (s->name[0]) {
            s->field = 1;
            s->msg = SVC_MSG_NONE;
        }
    } else if (!strcmp(w, "login") || (!strcmp(w, "next") && s->field == 1)) {
        if (strlen(s->code) < TECH_CODE_MIN) {
            s->msg = SVC_MSG_SHORT_CODE;
            return true;
        }
        struct svc_fx *f = push(s, fx, SVCFX_LOGIN, s->name, NULL);
        if (f)
            memcpy(f->code, s->code, sizeof(f->code));
        volatile char *p = s->code;
        for (size_t i = 0; i < sizeof(s->code); i++)
            p[i] = 0;
        s->busy = true;
    }
    return true;
}

static bool home_tap(struct svc_state *s, const char *w, struct svc_fx_list *fx)
{
    if (!strcmp(w, "svc.logoff")) {
        leave(s, fx, "logged off");
    } else if (!strcmp(w, "svc.print_test")) {
        push(s, fx, SVCFX_AUDIT, "printer test page", "");
        push(s, fx, SVCFX_PRINT_TEST, NULL, NULL);
        s->busy = true;
    } else if (!strcmp(w, "svc.reader_test")) {
        push(s, fx, SVCFX_AUDIT, "card reader test", "");
        s->screen = SVC_READER_TEST;
        s->reader_result[0] = '\0';
        s->msg = SVC_MSG_NONE;
    } else if (!strcmp(w, "svc.sync")) {
        push(s, fx, SVCFX_AUDIT, "forced sync", "");
        push(s, fx, SVCFX_SYNC, NULL, NULL);
        s->busy = true;
    } else if (!strcmp(w, "svc.export")) {
        push(s, fx, SVCFX_AUDIT, "log export", "");
        push(s, fx, SVCFX_EXPORT, NULL, NULL);
        s->busy = true;
    }
    return true;
}

bool svc_tap(struct svc_state *s, const char *widget, int64_t mono_ms, struct svc_fx_list *fx)
{
    fx->count = 0;
    if (!widget)
        return false;
    if (s->screen == SVC_OFF) {
        if (strcmp(widget, "service.corner") != 0) {
            s->corner_taps = 0;
            return false;
        }
        if (s->corner_taps == 0 || mono_ms - s->corner_first_ms > SVC_CORNER_MS) {
            s->corner_taps = 0;
            s->corner_first_ms = mono_ms;
        }
        if (++s->corner_taps < SVC_CORNER_TAPS)
            return true; /* nothing shows: the corner is hidden */
        s->corner_taps = 0;
        s->screen = SVC_LOGIN;
        s->last_input_ms = mono_ms;
        wipe_login(s);
        push(s, fx, SVCFX_ENTERED, NULL, NULL);
        return true;
    }
    if (s->busy)
        return true;
    s->last_input_ms = mono_ms;
    if (s->screen == SVC_LOGIN)
        return login_tap(s, widget, fx);
    if (s->screen == SVC_READER_TEST) {
        if (!strcmp(widget, "back")) {
            s->screen = SVC_HOME;
            s->reader_result[0] = '\0';
        }
        return true;
    }
    return home_tap(s, widget, fx);
}

bool svc_tick(struct svc_state *s, int64_t mono_ms, struct svc_fx_list *fx)
{
    fx->count = 0;
    if (s->screen == SVC_OFF || s->busy)
        return false;
    int64_t idle = s->screen == SVC_LOGIN ? SVC_LOGIN_IDLE : s->logoff_ms;
    if (mono_ms - s->last_input_ms < idle)
        return false;
    wipe_login(s);
    leave(s, fx, "logged off (inactivity)");
    return true;
}

void svc_login_result(struct svc_state *s, enum kiosk_err err, int64_t locked_until,
                      int64_t mono_ms, struct svc_fx_list *fx)
{
    fx->count = 0;
    s->busy = false;
    s->last_input_ms = mono_ms;
    if (s->screen != SVC_LOGIN)
        return;
    if (err == KIOSK_OK) {
        kstr_copy(s->user, sizeof(s->user), s->name);
        wipe_login(s);
        s->screen = SVC_HOME;
        s->msg = SVC_MSG_NONE;
        push(s, fx, SVCFX_AUDIT, "logged in", "");
        return;
    }
    char detail[96];
    snprintf(detail, sizeof(detail), "name '%s'", s->name);
    s->code[0] = '\0';
    s->msg_until = 0;
    if (err == KIOSK_ERR_NOT_FOUND) {
        s->msg = SVC_MSG_NO_ACCOUNTS;
    } else if (err == KIOSK_ERR_DENIED) {
        s->msg = locked_until > 0 ? SVC_MSG_LOCKED : SVC_MSG_WRONG;
        s->msg_until = locked_until;
        push(s, fx, SVCFX_AUDIT, locked_until > 0 ? "login refused (locked)" : "login failed",
             detail);
    } else {
        s->msg = SVC_MSG_LOGIN_ERROR;
        push(s, fx, SVCFX_AUDIT, "login not checked (accounts unreadable)", detail);
    }
    s->field = 1;
}

void svc_result(struct svc_state *s, bool ok, const char *text)
{
    s->busy = false;
    s->msg = ok ? SVC_MSG_DONE : SVC_MSG_FAILED;
    kstr_copy(s->msg_text, sizeof(s->msg_text), text ? text : "");
}

void svc_reader_swipe(struct svc_state *s, const char *masked)
{
    if (s->screen == SVC_READER_TEST)
        kstr_copy(s->reader_result, sizeof(s->reader_result), masked);
}

const char *svc_screen_id(const struct svc_state *s)
{
    switch (s->screen) {
    case SVC_LOGIN:
        return "service.login";
    case SVC_HOME:
        return "service.home";
    case SVC_READER_TEST:
        return "service.reader";
    default:
        return NULL;
    }
}

int64_t svc_next_deadline(const struct svc_state *s)
{
    if (s->screen == SVC_OFF || s->busy)
        return -1;
    return s->last_input_ms + (s->screen == SVC_LOGIN ? SVC_LOGIN_IDLE : s->logoff_ms);
}
