/* Billing sync: the local SQLite cache kept in step with the hospital's
 * billing server over FHIR R4 (the only user of libcurl and json-c).
 *
 * One round: read the server's CapabilityStatement once; push the outbox
 * in order (check-ins as Appointment status "arrived" with If-Match; help
 * requests, device alerts and payments as conditional creates keyed by the
 * outbox key, so the server keeps each exactly once); then pull today's
 * appointments for this location and, for their patients, Patient, Account,
 * Invoice and ChargeItem, page by page, each page saved with its cursor in
 * one transaction. 408, 429, 5xx and network trouble are retried later with
 * backoff and jitter; any other 4xx parks the entry for staff, never
 * deletes it.
 *
 * In the kiosk, rounds run on a thread of their own with their own store
 * connection, so the screen never waits for the network. */
#ifndef KIOSK_SYNC_SYNC_H
#define KIOSK_SYNC_SYNC_H

#include "firmware/config/config.h"
#include "firmware/core/clock.h"
#include "firmware/core/err.h"
#include "firmware/core/model.h"

#include <stdbool.h>
#include <stdint.h>

struct store;
struct sync;

struct sync_report {
    enum kiosk_err err; /* KIOSK_OK: the round reached the server and finished */
    char error[256];    /* what went wrong, for technicians; "" when nothing */
    int pushed;         /* outbox entries the server confirmed */
    int parked;         /* entries set aside for staff this round */
    int retrying;       /* entries waiting for a retry after this round */
    int pulled;         /* resources written to the cache */
    int skipped;        /* resources unchanged since the last pull */
    int pages;          /* search pages read */
    int requests;
    uint64_t bytes_sent, bytes_received;
    bool unreachable; /* a request could not reach the server at all */
};

/* Settings from cfg's [server] section. KIOSK_ERR_CONFIG when no url is
 * set; the credentials file is read at each round (a rotated token is
 * picked up without a restart). */
enum kiosk_err sync_new(const struct kiosk_config *cfg, const struct kclock *clock,
                        struct sync **out);
void sync_free(struct sync *s); /* stops the thread first; NULL is fine */

/* One round against st, on the calling thread. The report says what
 * happened; the status values in the store (last success, last error) are
 * updated too. */
enum kiosk_err sync_round(struct sync *s, struct store *st, struct sync_report *rep);

/* Rounds on a thread of its own, with its own store connection to db_path,
 * every interval_s seconds and at once after sync_poke(). */
enum kiosk_err sync_start(struct sync *s, const char *db_path);
void sync_poke(struct sync *s);
void sync_stop(struct sync *s);

/* --- a patient the cache does not hold --------------------------------------
 * Someone who came to pay a bill may have no appointment today, so the
 * cache does not hold them. The kiosk then asks the server: by card
 * identifier, by surname and date of birth, or by the number on a paper
 * statement. The few patients the search gives are cached with their bills
 * (the purge keeps them a couple of hours), and the store's own lookup then
 * decides who matches, exactly as for everyone else. */
enum sync_find_by { SYNC_FIND_CARD, SYNC_FIND_NAME_DOB, SYNC_FIND_STATEMENT };
struct sync_find {
    enum sync_find_by by;
    char text[KIOSK_NAME_MAX]; /* card identifier, surname or statement number */
    char dob[11];              /* SYNC_FIND_NAME_DOB: YYYY-MM-DD */
};

/* On the calling thread. *found: patients cached (0: the server knows no
 * one). An error when the server could not be asked or answered nonsense. */
enum kiosk_err sync_find(struct sync *s, struct store *st, const struct sync_find *q, int *found);

/* The same on the sync thread (sync_start), before its next round. false
 * when no thread runs or a question is already waiting. */
bool sync_find_ask(struct sync *s, const struct sync_find *q);
/* true once the question is answered: *err and *found as sync_find gives
 * them; the question is then forgotten. */
bool sync_find_answered(struct sync *s, enum kiosk_err *err, int *found);
/* fn(ctx) is called on the sync thread when a question is answered, so
 * the screen's loop picks the answer up without polling for it. It must
 * not block or call sync_*. Set before sync_find_ask; NULL: no calls. */
void sync_set_wake(struct sync *s, void (*fn)(void *ctx), void *ctx);
/* Forget the question and any answer to it (the patient gave up or left).
 * A search under way finishes, and its answer is dropped. */
void sync_find_drop(struct sync *s);

/* What `carekiosk status` and the technician view show, read from the
 * store (so another process can ask): lines like "last success: 2 min ago".
 * Returns the number of lines written to lines[max]. */
int sync_status_lines(struct store *st, int64_t now_ms, char lines[][160], int max);

/* --- forms -------------------------------------------------------------------
 * The Questionnaire a form Task names (canonical url|version, or url), from
 * the cache into out (a form from form_new()). NOT_FOUND when not cached;
 * INVALID when the cached text is not a Questionnaire. A form the kiosk
 * cannot fill is KIOSK_OK with a desk reason (form_desk_reason). */
struct form;
enum kiosk_err sync_form_load(struct store *st, const char *canonical, struct form *out);

#endif
