/* Inside of struct sync, shared by the files of firmware/sync. */
#ifndef KIOSK_SYNC_PRIVATE_H
#define KIOSK_SYNC_PRIVATE_H

#include "fhir_json.h"
#include "http.h"
#include "sync.h"

#include <pthread.h>

#define SYNC_MAX_BODY          (8u << 20) /* bytes of one decoded answer */
#define SYNC_PAGE_SIZE         100
#define SYNC_MAX_PAGES         50                /* per search per round; the rest next round */
#define SYNC_FULL_POLL_MS      (15 * 60 * 1000)  /* re-poll today's window for deletions */
#define SYNC_MAX_PUSH          200               /* outbox entries per round */
#define SYNC_LOOKED_UP_KEEP_MS (2 * 3600 * 1000) /* a patient fetched by sync_find stays */

/* Resource types the kiosk reads, in struct sync.have[]. */
enum sync_type {
    T_PATIENT,
    T_APPOINTMENT,
    T_ACCOUNT,
    T_INVOICE,
    T_CHARGE_ITEM,
    T_TASK,
    T_QUESTIONNAIRE,
    T_LOCATION, /* the three whose names and directions come translated */
    T_HEALTHCARE_SERVICE,
    T_PRACTITIONER,
    T_COVERAGE,
    T_COUNT
};

/* Credentials ([server] token_file, oauth_token_url, client_id), shared by
 * the FHIR client and the payment endpoint (creds.c). One set serves one
 * HTTP client. sync_creds_apply makes sure h carries a valid bearer token:
 * the file's line, or an OAuth2 access token fetched with the file's line
 * as the client secret and renewed a minute before it runs out; renew
 * fetches again (after a 401). *requests (may be NULL) counts token calls.
 * No token file: nothing to do. The secret never goes out as a token. */
struct sync_creds {
    char token_file[256], oauth_url[256], client_id[128];
    char *token; /* kmem, wiped when freed */
    int64_t expiry_ms;
    const struct kclock *clock;
};
void sync_creds_init(struct sync_creds *c, const struct kiosk_config *cfg,
                     const struct kclock *clock);
enum kiosk_err sync_creds_apply(struct sync_creds *c, struct http_client *h, bool renew,
                                int *requests);
/* One request with the credentials. A 401 was refused before anything was
 * done, so after one the credentials are fetched again and the request is
 * made once more. *requests (may be NULL) counts every request, token calls
 * too. *cred_failed (may be NULL): the credentials could not be had, so the
 * request did not go out (again). Errors as http_request(). */
enum kiosk_err sync_creds_request(struct sync_creds *c, struct http_client *h, const char *method,
                                  const char *url, const char *const *headers, const char *body,
                                  struct http_response *r, int *requests, bool *cred_failed);
void sync_creds_free(struct sync_creds *c);

struct sync {
    const struct kclock *clock;
    struct http_client *http;
    char base[256]; /* without a trailing slash */
    struct sync_creds creds;
    char location[64];
    char card_system[128], mrn_system[128], appt_system[128], kiosk_location[96];
    struct fhir_systems sys;
    int interval_s, keep_days, days_ahead;
    int64_t overlap_ms; /* re-read this much before each cursor */

    /* From GET /metadata, read at the first round that reaches the server. */
    bool cap_read;
    bool have[T_COUNT];
    bool appt_last_updated; /* Appointment searchable by _lastUpdated */
    bool batch;             /* the server takes batch Bundles (rest.interaction) */
    char server_software[96];

    int64_t server_now_ms; /* from the last answer's Date header; 0 unknown */

    struct sync_report *rep; /* of the round under way */
    uint32_t rng;

    /* The thread (sync_start). */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool running, stop, poked;
    char db_path[512];

    /* A question from the kiosk's screen (sync_find_ask), under lock. */
    enum { FIND_NONE, FIND_ASKED, FIND_RUNNING, FIND_ANSWERED } find_state;
    struct sync_find find;
    enum kiosk_err find_err;
    int find_found;
    void (*find_wake)(void *ctx); /* an answer is there (sync_set_wake) */
    void *find_wake_ctx;
};

/* One FHIR call. url is relative to the base ("Patient?_id=p1") or an
 * absolute URL under the base (a next link); anything else is refused.
 * Adds Accept (and Content-Type with a body) and the credentials; after a
 * 401 the credentials are fetched again and the call is made once more.
 * *doc receives the parsed JSON body when there is one (NULL otherwise);
 * a 2xx answer that is not FHIR JSON is KIOSK_ERR_PROTOCOL. Errors are
 * transport errors as in http_request(); an HTTP status is KIOSK_OK. */
enum kiosk_err sync_call(struct sync *s, const char *method, const char *url,
                         const char *const *headers, const char *body, struct http_response *r,
                         struct fjson_doc **doc);

/* The first line of the credentials file (a bearer token or the OAuth2
 * client secret) into *out (kmem; the caller wipes and frees it). */
enum kiosk_err sync_read_secret(const char *path, char **out);

/* A patient at the screen waits for a search (sync_find_ask): answer it
 * now, between two steps of a round, rather than after the round. Only on
 * the sync thread, and only where no transaction is open; otherwise
 * nothing. */
void sync_serve_find(struct sync *s, struct store *st);

/* Set rep->error from the current error detail (or text). */
void sync_note_error(struct sync *s, const char *what, enum kiosk_err err);

/* A server instant ms -> "2026-11-22T09:30:00.000Z". */
void sync_format_instant(int64_t ms, char *out, size_t size);

/* GET one searchset page (pull.c): *doc holds it, *next (may be NULL) its
 * next link. A non-2xx answer or no Bundle is an error noted in the report. */
enum kiosk_err sync_get_page(struct sync *s, const char *what, const char *url,
                             struct fjson_doc **doc, const char **next);
/* The forms today's cached patients owe and their Questionnaires
 * (pull_forms.c), after the appointments of [day_start, day_end). */
enum kiosk_err sync_pull_forms(struct sync *s, struct store *st, int64_t day_start,
                               int64_t day_end);

/* Pull and push steps of a round (pull.c, push.c). */
enum kiosk_err sync_pull(struct sync *s, struct store *st);
enum kiosk_err sync_push(struct sync *s, struct store *st);
/* Search the server for the patient of q and cache what it finds with
 * their bills (pull.c); s->rep must be set. */
enum kiosk_err sync_pull_patient(struct sync *s, struct store *st, const struct sync_find *q,
                                 int *found);

#endif
