/* Inside of struct app, shared by the files of firmware/app: app.c
 * (effects), app_view.c (the view), app_focus.c (keypad and speech),
 * app_start.c (start-up, the database), app_loop.c (the main loop),
 * journey.c (the script player), lookup.c, pay.c, print.c, service_mode.c,
 * brand_tool.c and update_cmd.c. */
#ifndef KIOSK_APP_PRIVATE_H
#define KIOSK_APP_PRIVATE_H

#include "drivers/printer/printer.h"
#include "drivers/reader/reader.h"
#include "firmware/app/app.h"
#include "firmware/brand/brand.h"
#include "firmware/core/clock.h"
#include "firmware/flow/flow.h"
#include "firmware/guide/guide.h"
#include "firmware/service/service.h"
#include "drivers/printer/qr.h"
#include "firmware/i18n/i18n.h"
#include "firmware/core/card.h"
#include "firmware/core/id.h"
#include "drivers/terminal/terminal.h"
#include "firmware/payment/payment.h"
#include "firmware/payment/qrcharge.h"
#include "firmware/store/store.h"
#include "firmware/store/store_forms.h"
#include "ui/render/render.h"
#include "ui/speech/speech.h"
#include "ui/theme/theme.h"
#include "ui/ui.h"

#include <stdatomic.h>

/* The database file and its health (app_start.c opens it and tries again;
 * the handle everyone uses is a->store, NULL while the file cannot be
 * opened or written). A corrupt file set aside is named in aside, with the
 * unsent outbox rows it held (-1: not readable). */
struct app_db {
    char path[512];
    bool demo;          /* demo data is loaded into a fresh database */
    enum kiosk_err err; /* why a->store is NULL */
    int64_t retry_ms;   /* when it is tried again (monotonic) */
    char aside[560];
    int aside_unsent;
    char why[160]; /* the error detail of the last failed open */
    bool owed;     /* a checkpoint is still owed to the file */
};

/* The devices (opened in app_start.c, watched by app_loop.c). */
struct app_devices {
    struct usb *usb;         /* the USB context when a USB driver is configured */
    struct printer *printer; /* NULL when none could be opened */
    struct reader *reader;   /* NULL when none could be opened */
    /* Device monitor: the printer state last seen (alerts to staff go out
     * on a change), and when it is looked at next. */
    enum printer_state printer_seen;
    int64_t next_ms;
    unsigned usb_seen;        /* usb_generation at the last look */
    int64_t settle_ms;        /* a second look after a device came or went; 0: none owed */
    struct app_inject inject; /* journeys against fake USB devices */
};

/* The branding in use, its theme, and why the configured pack was not
 * used (problems of a pack that failed; shown to technicians). Loaded by
 * app_start.c, read by the view and service mode. */
struct app_brand {
    struct brand pack;
    struct theme theme;
    struct brand rejected; /* problem_count 0: none */
};

/* The branding pack's logo for tickets, read at the first ticket (app.c). */
struct app_ticket {
    struct kbitmap logo;
    bool logo_tried;
};

/* Clinic and server texts in the patient's language (texts.c): each
 * appointment's, read once per language, and this kiosk's place. */
#define APP_TEXTS_MAX (2 * KIOSK_MAX_APPTS)
struct app_texts {
    int count, next;
    int64_t appt_id[APP_TEXTS_MAX];
    char lang[APP_TEXTS_MAX][8];
    struct appt_texts appt[APP_TEXTS_MAX];
    char location_lang[8];
    char location[96];
};

/* A patient the cache did not know, asked of the server (lookup.c). */
struct app_lookup {
    struct flow_fx fx;
    bool waiting;
    int64_t deadline_ms;
};

/* Card payments (pay.c): the payment terminal (NULL: no cards here), the
 * key of the last payment and what the terminal said of it (masked card,
 * its receipt lines), and whether a payment waits for its outcome. */
struct app_pay {
    struct terminal *terminal;
    struct pay_result last;  /* the last payment's outcome, for its screen and receipt */
    struct pay_abort *abort; /* an AbortRequest being sent; NULL when not */
    char key[KIOSK_UUID_LEN];
    bool unsettled;
    int64_t recover_ms;
    struct pay_job *job; /* the processor being asked now; NULL when not */
};

/* Pix / UPI (payqr.c): the payment service's client (NULL: no QR
 * payments here), the charge on screen and its code, and the one request
 * in flight. */
struct app_payqr {
    struct qrcharge *qc;
    char currency[4]; /* bills in it may be paid by QR */
    struct qr_job *job;
    char id[QR_ID_MAX]; /* the charge on screen */
    int64_t invoice_id, want_amount;
    bool shown;  /* the patient waits on its screen */
    bool reshow; /* an open charge from before is being shown again */
    char payload[BRCODE_PAYLOAD_MAX];
    int64_t expires_ms;   /* a->clock mono time it runs out; 0 unknown */
    int shown_seconds;    /* the countdown as last drawn */
    bool expiring;        /* removed at the service because it ran out */
    int64_t next_poll_ms; /* a->clock mono */
};

/* Printing (print.c): the receipt being written, and the job on the
 * printer now (NULL when none). */
struct app_print {
    struct receipt r;
    struct print_job *job;
};

/* Keypad navigation (app_focus.c): on after the first arrow key, off
 * after a tap. */
struct app_focus {
    bool keypad;
    char id[UI_ID_MAX];     /* the focused control */
    char screen[UI_ID_MAX]; /* the screen the focus belongs to */
    int page;               /* ... and the form page (each page is a new screen) */
};

/* Speech output (app_focus.c; NULL when espeak-ng is not available). What
 * was said last, so a screen or a focus is announced once. */
struct app_voice {
    struct speech *speech;
    char spoken_prompt[UI_PROMPT_MAX];
    int spoken_screen; /* enum flow_screen the prompt was said on */
    char spoken_focus[UI_ID_MAX];
    /* Said before the next announcement: the key just typed, the field
     * confirmed on leaving a screen (a new utterance interrupts the old). */
    char echo[UI_PROMPT_MAX];
    int spoken_dob_field; /* the date-of-birth field typing goes to, as last said */
    /* The journey player's record of everything said (NULL otherwise). */
    struct app_transcript *transcript;
};

/* Everything speech said, part by part in order, with its voice: kept only
 * while a journey is played, so its checks see the whole sequence. */
#define APP_TRANSCRIPT_MAX 512
struct app_spoken {
    char lang[8];
    char text[UI_PROMPT_MAX];
    char screen[UI_ID_MAX]; /* the screen it was said on */
    int visit;              /* counts the screens shown with speech on */
    int utterance;          /* parts of one utterance share this */
    int samples;            /* synthesized for this part */
};
struct app_transcript {
    int count, utterances, visit;
    bool dropped; /* more than APP_TRANSCRIPT_MAX parts: the oldest went */
    char last_screen[UI_ID_MAX];
    struct app_spoken parts[APP_TRANSCRIPT_MAX];
};

/* Service mode for technicians (service_mode.c): its state machine, the
 * view it fills, and its last message. */
struct app_svc {
    struct svc_state state;
    struct ui_service view;
    char msg[160];
};

/* Start-up timing (set by app_new, counted by app_draw). */
struct app_boot {
    void (*on_first_frame)(void *ctx);
    void *ctx;
    int64_t started_mono;
    int64_t first_frame_ms; /* -1 until the first frame is drawn */
    int frames;
    bool trim; /* a session ended: give memory back after the next frame */
};

/* Frame timing (timing.c): each frame's build + draw + present, and from a
 * tap, key or reader input to the end of the frame that answers it. Kept
 * for the benchmarks and CAREKIOSK_TIMING; the last APP_TIMING_SAMPLES of
 * each. */
#define APP_TIMING_SAMPLES 1024
struct app_timing {
    int64_t input_ns; /* monotonic time of the input not yet answered; 0: none */
    float frame_ms[APP_TIMING_SAMPLES];
    float input_ms[APP_TIMING_SAMPLES];
    long frames, inputs; /* counts; sample i is at [i % APP_TIMING_SAMPLES] */
};
int64_t app_timing_now_ns(void);
void app_timing_input(struct app *a);
void app_timing_frame(struct app *a, int64_t start_ns);

/* The composition root: what everyone shares at the top (configuration,
 * clock, store, sync, catalogs, fonts, renderer, flow and the frame), then
 * one part a concern, each owned by the file named in its comment. */
/* Forms (app_forms.c): the tasks behind flow's list, and the form being
 * filled with its answers (patient data: wiped when closed). */
struct form;
struct form_answers;
struct app_forms {
    int64_t patient_id;
    int count;
    struct form_owed owed[FLOW_FORMS_MAX];
    char patient_fhir[KIOSK_IDENT_MAX];
    int open; /* index into owed, -1 none */
    char shown_lang[8];
    struct form *form;
    struct form_answers *answers;
    struct ui_forms view;
    int sign_count; /* signature pad points, pad coordinates */
    struct ui_point sign[UI_SIGN_POINTS];
    int pad_w, pad_h;
};

struct app {
    struct kiosk_config cfg;
    const struct kclock *clock;
    struct kclock_fake fake; /* the clock of headless runs */
    char assets[512];
    char output_dir[512];
    bool headless;

    struct store *store; /* NULL while the database cannot be used (db.err) */
    struct sync *sync;   /* billing sync; NULL without a server */
    bool sync_threaded;  /* its rounds run on their own thread (not in journeys) */
    struct i18n *i18n;
    struct fontset *fonts;
    struct render *render;
    /* Guides per language (index of i18n_lang_code), and the QR code of the
     * guide on screen. */
    struct guide_library *guides[CONFIG_MAX_LANGS];
    struct qr_code qr;

    struct flow_state flow;
    struct ui_view view;
    struct ui_frame frame;
    struct ui_env env;
    bool dirty; /* the frame must be rebuilt and drawn */

    struct app_db db;
    struct app_devices devices;
    struct app_brand brand;
    struct app_ticket ticket;
    struct app_lookup lookup;
    struct app_texts texts;
    struct app_pay pay;
    struct app_payqr payqr;
    struct app_print print;
    struct app_focus focus;
    struct app_voice voice;
    struct app_svc svc;
    struct app_forms forms;
    struct app_boot boot;
    struct app_timing timing;    /* timing.c */
    struct app_metrics *metrics; /* fleet metrics (metrics.c); NULL when off */
    atomic_uint wakes;           /* app_wake calls, from any thread */
};

/* The main loop (app_loop.c). Work that arrives on another thread (a USB
 * swipe queued, a device plugged in, the processor's, the server's or the
 * printer's answer) calls app_wake(a) (ctx: the struct app, or NULL), which
 * wakes the loop's input_wait; the loop otherwise sleeps until its next
 * deadline, without a timer of its own. Safe from any thread. */
void app_wake(void *ctx);
/* How long the loop may sleep now, in ms (-1: until an input or a wake-up):
 * the flow's timers, service mode, the database, metrics, the processor's
 * retry, the server's patient search, devices that must be looked at on a
 * timer, and systemd's watchdog (wd_interval > 0, next ping at wd_next on
 * the system clock). */
int app_loop_timeout(struct app *a, int64_t wd_interval, int64_t wd_next);
/* What the loop does after every wait: the reader's queue, the devices,
 * the answers of the processor, the server and the printer. */
void app_loop_work(struct app *a);

/* Feed one event to the flow and run its effects (which may feed further
 * events). Marks the frame dirty when something visible changed. */
void app_event(struct app *a, struct flow_event *ev);
/* Event skeleton stamped with the current time. */
struct flow_event app_event_now(struct app *a, enum flow_event_kind kind);
/* Rebuild the view and frame from the flow state and draw it. */
enum kiosk_err app_draw(struct app *a);
/* Send EV_TICKs for every deadline up to now. */
void app_tick(struct app *a);
/* Open a->db_path into a->store (a corrupt file is set aside first, demo
 * data loaded with --demo); false with a->store NULL and a->db.err set. */
bool app_store_open(struct app *a);
/* From the loop (app_tick): a missing database is tried again; a present
 * one finishes the checkpoints it owes. */
void app_store_tick(struct app *a);
/* When the loop must wake for the database: a retry, or a checkpoint
 * still owed; -1 when never. */
int64_t app_store_deadline(const struct app *a, int64_t now);
/* The queue number as shown and printed (the site's prefix, three digits). */
void app_format_queue(const struct app *a, int n, char *out, size_t size);
/* The web address of guide i in lib, from guides_url; false when none. */
bool app_guide_url(const struct app *a, const struct guide_library *lib, int i, char *out,
                   size_t size);
/* After ui_build with the keypad on: keep the focus on a control that is
 * on screen (a new screen starts at its first control; rebuilds the frame
 * when the focus moved). */
void app_settle_focus(struct app *a);
/* Say what is new on the frame (screen prompt, notice, focused control)
 * when speech is on. */
void app_announce(struct app *a);
/* Speak parts (each in its own voice) as one utterance, recorded in the
 * transcript when a journey keeps one. */
void app_speak(struct app *a, const struct speech_part *parts, int n);
/* Guide index of the patient's language as a receipt (app.c). */
enum kiosk_err app_guide_paper(struct app *a, int index, struct receipt *r);
/* Read back the field `only` (NULL: every field on the screen). */
void app_read_back(struct app *a, const char *only);
/* Before a tap is handled: what speech should echo for it (a typed key, a
 * field confirmed on leaving its screen). */
void app_tap_echo(struct app *a, const char *id);
/* A navigation key (enum input_key) from a keypad or keyboard. */
void app_key(struct app *a, int key);
/* A tap on a widget id (touch, or the keypad's select): keypad mode ends
 * when from_touch. */
void app_tap(struct app *a, const char *id, bool from_touch);
/* Text typed on a physical keyboard (the kiosk in a window): each
 * character taps the on-screen key it names, on the screen showing it. */
void app_type_text(struct app *a, const char *utf8);
/* A reader input (swipe, scan) to the flow. */
void app_reader_input(struct app *a, const struct reader_input *in);

/* Service mode (service_mode.c). */
void app_service_init(struct app *a);
void app_service_release(struct app *a);
/* A tap for service mode (the hidden corner, or any tap while it is open):
 * true when it took the tap. */
bool app_service_tap(struct app *a, const char *id);
void app_service_tick(struct app *a);
int64_t app_service_deadline(const struct app *a); /* -1: none */
/* A reader input while service mode is open: true when it took it. */
bool app_service_reader(struct app *a, const struct reader_input *in);
/* Fill v for the service screens (when service mode is open). */
void app_service_view(struct app *a, struct ui_view *v);
/* Status lines for technicians (no patient data); returns how many. */
int app_service_status(struct app *a, char lines[][160], int max);
/* Look at the printer's state now; on a change, log it and alert staff
 * through the outbox. Called after every print and every few seconds. */
void app_devices_check(struct app *a);

/* Queue rec for the server under a new key (rec->at_ms is set to now), and
 * ask sync to send it at once. Errors: the key's, store_outbox_add's, or
 * a->db.err while there is no database. */
enum kiosk_err app_outbox_queue(struct app *a, struct outbox_record *rec);
/* Queue a note for staff (a Communication through the outbox): what is
 * wrong with which part of the kiosk. No patient data. */
void app_staff_alert(struct app *a, const char *device, const char *state);

/* Billing sync, when a server is configured: rounds on a thread of their
 * own beside the screen (threaded), or none, only the patient searches, on
 * the caller's thread (scripted journeys). Without a server the kiosk works
 * from its cache alone. */
void app_sync_open(struct app *a, bool threaded);
/* Today, local time, as wall-clock ms [start, end). */
void app_day_range(struct app *a, int64_t *start, int64_t *end);
/* Finding the patient (lookup.c): the cache, then the server for someone
 * it does not hold (FX_LOOKUP_* with online set). */
void app_lookup_run(struct app *a, const struct flow_fx *fx);
/* Pick up the server's answer, or give up after a while. Main loop. */
void app_lookup_tick(struct app *a);
bool app_lookup_busy(const struct app *a);
/* When a search the server has not answered is given up (a->clock); -1
 * when none waits. The answer itself wakes the loop (sync_set_wake). */
int64_t app_lookup_deadline(const struct app *a);
/* The session ended: the question is forgotten. */
void app_lookup_drop(struct app *a);
/* Texts in the patient's language (texts.c). The clinic's name and where
 * the kiosk is; an appointment's clinic, practitioner and directions
 * (pointers valid until the next lookup); app_texts_forget at each lookup. */
const char *app_clinic_name(const struct app *a, const char *lang);
const char *app_location(struct app *a, const char *lang);
const char *app_front_desk(const struct app *a, const char *lang);
struct app_appt_text {
    const char *clinic, *provider, *directions;
};
void app_appt_texts(struct app *a, const struct appointment_info *ap, const char *lang,
                    struct app_appt_text *out);
void app_texts_forget(struct app *a);
/* Bills and payments (pay.c). */
void app_pay_init(struct app *a);
void app_pay_free(struct app *a);
/* Ask the processor about a payment left unsettled, before anything else
 * at start (later tries, every minute, run on the processor's thread). */
void app_pay_recover(struct app *a);
/* Pick up the processor's answer when it has come; ask about an unsettled
 * payment when it is time. Called from the main loop. */
void app_pay_tick(struct app *a);
/* Whether the processor is being asked now (its thread wakes the loop with
 * the answer). */
bool app_pay_busy(const struct app *a);
/* When app_pay_tick asks about an unsettled payment again (a->clock); -1
 * when it has nothing to do on a timer. */
int64_t app_pay_deadline(const struct app *a);
/* Wait for the processor's answer and hand it to the flow (journeys, exit). */
void app_pay_wait(struct app *a);
void app_pay_load_bills(struct app *a, int64_t patient_id);
/* No card can be taken now (no processor, no locked page, a payment unsettled). */
bool app_pay_cards_off(struct app *a);
void app_pay_run(struct app *a, const struct flow_fx *fx);
/* Cancel on the terminal's screen: an AbortRequest for the payment running. */
void app_pay_cancel(struct app *a);
/* A payment card swiped on the patient-card reader: refused (cards go
 * through the terminal); the reader has wiped its track already. */
void app_pay_card(struct app *a, const struct reader_input *in);
/* Printing off the main loop (print.c). built: how writing a->print.r
 * went; KIOSK_OK starts the job, anything else (no printer, one job
 * already on it) goes to the flow at once as the done event's error. The
 * done event comes from app_print_tick (the main loop) or app_print_wait
 * (scripts). */
void app_print(struct app *a, enum kiosk_err built, enum flow_event_kind done);
bool app_print_busy(const struct app *a);
void app_print_tick(struct app *a);
void app_print_wait(struct app *a);
/* The session ended (a timeout while a stuck printer took its time): the
 * job goes on, but its outcome is not told to the next patient's flow. */
void app_print_orphan(struct app *a);
void app_print_free(struct app *a);

/* The branding pack's logo at the head of every paper (ticket, receipt,
 * note, guide), a third of the paper wide; read and scaled once, kept
 * with the app (it is the clinic's, not a patient's). */
void app_ticket_logo(struct app *a, struct receipt *r);
/* The payment receipt and the callback note, written into r for printing
 * (app_print); KIOSK_ERR_NO_DEVICE without a printer. */
enum kiosk_err app_pay_receipt(struct app *a, struct receipt *r);
enum kiosk_err app_pay_note(struct app *a, struct receipt *r);
enum kiosk_err app_pay_question(struct app *a, const struct flow_fx *fx);
void app_pay_view(struct app *a, struct ui_view *v);

/* Contact details and insurance after check-in (details.c). */
int app_details_payers(const struct app *a, char *buf, size_t size, const char **out, int max);
void app_details_load(struct app *a, int64_t patient_id);
void app_details_send(struct app *a);
void app_details_coverage(struct app *a);
void app_details_view(struct app *a, struct ui_view *v);
/* A receipt by SMS or e-mail (FX_SEND_RECEIPT), and the payment's part of it (pay.c). */
void app_details_receipt(struct app *a);
void app_pay_receipt_fields(const struct app *a, struct outbox_receipt *o);
/* Pix / UPI (payqr.c). */
void app_payqr_init(struct app *a); /* after the store and flow: asks about open charges */
void app_payqr_free(struct app *a);
void app_payqr_run(struct app *a, const struct flow_fx *fx); /* FX_QR_START, FX_QR_CANCEL */
void app_payqr_tick(struct app *a);
void app_payqr_wait(struct app *a);
bool app_payqr_busy(const struct app *a);
/* Whether a QR charge may still be paid (no card is taken meanwhile). */
bool app_payqr_open(struct app *a);
int64_t app_payqr_deadline(const struct app *a);
void app_payqr_view(struct app *a, struct ui_view *v);
/* Forms (app_forms.c): the effects FX_LOAD_FORMS, FX_FORM_OPEN, FX_FORM_SEND,
 * FX_FORM_CLOSE; the view of the forms screens; dropping everything. */
void app_forms_load(struct app *a, int64_t patient_id);
void app_forms_open(struct app *a, const struct flow_fx *f);
void app_forms_send(struct app *a, const struct flow_fx *f);
void app_forms_close(struct app *a);
void app_forms_view(struct app *a, struct ui_view *v);
/* A finger at x, y (window pixels) on the signature pad; down: a new stroke. */
void app_sign_point(struct app *a, int x, int y, bool down);

/* Fleet metrics (metrics.c), when [metrics] textfile_dir is set: open at
 * start (writes the first file), tick from app_tick (writes on a change
 * and every 15 s), the loop's deadline (the earlier of due and the next
 * write; due -1: none), and close at exit (a last file saying up 0). */
void app_metrics_open(struct app *a);
void app_metrics_tick(struct app *a);
int64_t app_metrics_deadline(const struct app *a, int64_t due);
void app_metrics_close(struct app *a);

#endif
