/* Service mode as a pure state machine, beside the patient flow.
 *
 * A technician enters it with a hidden gesture (five taps on the header's
 * corner of the welcome screen within SVC_CORNER_MS), then a login: their
 * name on the letter keyboard and a 6-12 digit passcode on the keypad. The
 * home screen shows devices, sync and outbox, disk, database, versions and
 * branding problems, and offers a printer test page, a card reader test
 * (masked), a forced sync, a log export and logging off. Inactivity logs the
 * technician off (logoff_ms; 30 s on the login screen).
 *
 * Like flow: no I/O, no clock, no allocation. The app runs the effects (the
 * login check, the audit log, printing) and feeds back results. Widget ids:
 *   service.corner                  the hidden corner (welcome screen)
 *   key.A..key.Z, key.hyphen, key.0..key.9, key.backspace, field.name,
 *   field.code, next, login, cancel (login)
 *   svc.print_test, svc.reader_test, svc.sync, svc.export, svc.logoff,
 *   back (reader test) */
#ifndef KIOSK_SERVICE_H
#define KIOSK_SERVICE_H

#include "firmware/service/tech.h"

#include <stdbool.h>
#include <stdint.h>

#define SVC_CORNER_TAPS 5
#define SVC_CORNER_MS   4000
#define SVC_LOGIN_IDLE  30000

enum svc_screen { SVC_OFF = 0, SVC_LOGIN, SVC_HOME, SVC_READER_TEST };

enum svc_msg {
    SVC_MSG_NONE = 0,
    SVC_MSG_WRONG,       /* wrong name or passcode */
    SVC_MSG_LOCKED,      /* too many tries: msg_until */
    SVC_MSG_NO_ACCOUNTS, /* no technician set up on this kiosk */
    SVC_MSG_LOGIN_ERROR, /* the accounts file could not be read */
    SVC_MSG_SHORT_CODE,  /* passcode under TECH_CODE_MIN digits */
    SVC_MSG_DONE,        /* an action worked: msg_text says what */
    SVC_MSG_FAILED,      /* an action failed: msg_text says what */
};

enum svc_fx_kind {
    SVCFX_ENTERED = 1, /* service mode opened: end any patient session */
    SVCFX_LOGIN,       /* check text (name) + code; answer with svc_login_result */
    SVCFX_AUDIT,       /* append to the audit log: text = action, detail */
    SVCFX_PRINT_TEST,  /* print a test page; answer with svc_result */
    SVCFX_SYNC,        /* run a sync round now; answer with svc_result */
    SVCFX_EXPORT,      /* export logs; answer with svc_result */
    SVCFX_EXITED,      /* back to the patient welcome screen */
};

struct svc_fx {
    enum svc_fx_kind kind;
    char who[TECH_NAME_MAX]; /* the technician logged in when it was made; "" for none */
    char text[48];
    char detail[96];
    char code[TECH_CODE_MAX + 1]; /* SVCFX_LOGIN only; the app wipes it after use */
};

#define SVC_MAX_FX 3
struct svc_fx_list {
    int count;
    struct svc_fx fx[SVC_MAX_FX];
};

struct svc_state {
    enum svc_screen screen;
    int64_t logoff_ms;
    int field; /* login: 0 name, 1 passcode */
    char name[TECH_NAME_MAX];
    char code[TECH_CODE_MAX + 1];
    char user[TECH_NAME_MAX]; /* logged in as; "" on the login screen */
    bool busy;
    int64_t last_input_ms;
    int corner_taps;
    int64_t corner_first_ms;
    enum svc_msg msg;
    int64_t msg_until; /* SVC_MSG_LOCKED: wall ms the lock ends */
    char msg_text[200];
    char reader_result[96]; /* masked description of the last test swipe */
};

void svc_init(struct svc_state *s, int64_t logoff_ms);
bool svc_active(const struct svc_state *s);
/* A tap. Returns true when the tap belonged to service mode (the hidden
 * corner, or any tap while active); the patient flow gets the others. */
bool svc_tap(struct svc_state *s, const char *widget, int64_t mono_ms, struct svc_fx_list *fx);
/* Time passed: logs off after inactivity. Returns true when the screen changed. */
bool svc_tick(struct svc_state *s, int64_t mono_ms, struct svc_fx_list *fx);
/* Answer to SVCFX_LOGIN: KIOSK_OK, KIOSK_ERR_DENIED (locked_until > 0: locked),
 * KIOSK_ERR_NOT_FOUND (no accounts), other: could not check. */
void svc_login_result(struct svc_state *s, enum kiosk_err err, int64_t locked_until,
                      int64_t mono_ms, struct svc_fx_list *fx);
/* Answer to an action: ok, and a sentence for the technician. */
void svc_result(struct svc_state *s, bool ok, const char *text);
/* A swipe during the reader test, already masked by the app. */
void svc_reader_swipe(struct svc_state *s, const char *masked);
/* Stable screen id: "service.login", "service.home", "service.reader"; NULL when off. */
const char *svc_screen_id(const struct svc_state *s);
/* Monotonic deadline of the next logoff, or -1. */
int64_t svc_next_deadline(const struct svc_state *s);

#endif
