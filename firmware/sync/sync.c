/* Billing sync (sync.h): settings, credentials, the CapabilityStatement,
 * one round, the thread and the status lines. Pull and push are in their
 * own files. */
#define _POSIX_C_SOURCE 200809L
#include "sync_private.h"

#include "firmware/core/file.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/store/store.h"
#include "firmware/store/store_sync.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define MOD "sync"

enum kiosk_err sync_new(const struct kiosk_config *cfg, const struct kclock *clock,
                        struct sync **out)
{
    *out = NULL;
    if (!cfg->server_url[0]) {
        kiosk_err_set_detail("sync: no [server] url in the configuration");
        return KIOSK_ERR_CONFIG;
    }
    char why[160];
    enum kiosk_err uerr = http_url_check(cfg->server_url, why, sizeof(why));
    if (uerr == KIOSK_OK && cfg->server_oauth_url[0]) {
        uerr = http_url_check(cfg->server_oauth_url, why, sizeof(why));
        if (uerr != KIOSK_OK) {
            kiosk_err_set_detail("sync: [server] oauth_token_url %s", why);
            return uerr;
        }
    } else if (uerr != KIOSK_OK) {
        /* Patient data never crosses a network in clear text (http.h). */
        kiosk_err_set_detail("sync: [server] url %s", why);
        return uerr;
    }
    struct sync *s = kmem_alloc(sizeof(*s));
    if (!s)
        return KIOSK_ERR_NOMEM;
    s->clock = clock;
    kstr_copy(s->base, sizeof(s->base), cfg->server_url);
    size_t n = strlen(s->base);
    while (n > 0 && s->base[n - 1] == '/')
        s->base[--n] = '\0';
    sync_creds_init(&s->creds, cfg, clock);
    kstr_copy(s->location, sizeof(s->location), cfg->server_location);
    kstr_copy(s->kiosk_location, sizeof(s->kiosk_location), cfg->location);
    kstr_copy(s->card_system, sizeof(s->card_system), cfg->server_card_system);
    kstr_copy(s->mrn_system, sizeof(s->mrn_system), cfg->server_mrn_system);
    kstr_copy(s->appt_system, sizeof(s->appt_system), cfg->server_appt_system);
    s->sys.card = s->card_system;
    s->sys.mrn = s->mrn_system;
    s->sys.appointment = s->appt_system;
    s->interval_s = cfg->server_interval_s > 0 ? cfg->server_interval_s : 30;
    s->keep_days = cfg->server_keep_days > 0 ? cfg->server_keep_days : 7;
    s->days_ahead = cfg->server_days_ahead >= 0 ? cfg->server_days_ahead : 0;
    s->overlap_ms = (int64_t)cfg->server_overlap_s * 1000;
    s->rng = (uint32_t)time(NULL) ^ (uint32_t)getpid() * 2654435761u;
    struct http_options o = {
        .ca_file = cfg->server_ca_file,
        .proxy = cfg->server_proxy,
        .connect_timeout_ms =
            (cfg->server_connect_timeout_s > 0 ? cfg->server_connect_timeout_s : 5) * 1000L,
        .timeout_ms = (cfg->server_timeout_s > 0 ? cfg->server_timeout_s : 20) * 1000L,
        .max_body = SYNC_MAX_BODY,
    };
    enum kiosk_err err = http_new(&o, &s->http);
    if (err != KIOSK_OK) {
        kmem_free(s);
        return err;
    }
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    /* Each page is a JSON tree of thousands of small blocks, freed at once;
     * glibc then gave the heap back to the kernel and grew it again for
     * the next page, which cost 40% of the ingest time. Keep up to 8 MB. */
    mallopt(M_TRIM_THRESHOLD, 8 << 20);
    mallopt(M_TOP_PAD, 1 << 20);
    *out = s;
    return KIOSK_OK;
}

void sync_free(struct sync *s)
{
    if (!s)
        return;
    sync_stop(s);
    kmem_wipe(&s->find, sizeof(s->find));
    http_free(s->http);
    sync_creds_free(&s->creds);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->wake);
    kmem_free(s);
}

void sync_note_error(struct sync *s, const char *what, enum kiosk_err err)
{
    if (!s->rep)
        return;
    const char *detail = kiosk_err_detail();
    snprintf(s->rep->error, sizeof(s->rep->error), "%s: %s", what,
             detail[0] ? detail : kiosk_strerror(err));
    if (s->rep->err == KIOSK_OK)
        s->rep->err = err;
}

void sync_format_instant(int64_t ms, char *out, size_t size)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

/* RFC 7231 date ("Sun, 22 Nov 2026 10:00:00 GMT") -> Unix ms; 0 if not one. */
static int64_t parse_http_date(const char *s)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char mon[4];
    int d, y, h, mi, sec;
    if (sscanf(s, "%*3s, %2d %3s %4d %2d:%2d:%2d GMT", &d, mon, &y, &h, &mi, &sec) != 6)
        return 0;
    const char *m = strstr(months, mon);
    if (!m || (m - months) % 3 != 0)
        return 0;
    char iso[32];
    snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, (int)(m - months) / 3 + 1, d, h,
             mi, sec);
    int64_t ms = 0;
    return fjson_instant_ms(iso, &ms) ? ms : 0;
}

/* --- calls ------------------------------------------------------------------------ */

static bool is_json(const char *content_type)
{
    return strncmp(content_type, "application/fhir+json", 21) == 0 ||
           strncmp(content_type, "application/json", 16) == 0;
}

enum kiosk_err sync_call(struct sync *s, const char *method, const char *url,
                         const char *const *headers, const char *body, struct http_response *r,
                         struct fjson_doc **doc)
{
    char full[2048];
    const char *hdr[8];
    int nh = 0;
    *doc = NULL;
    memset(r, 0, sizeof(*r));
    size_t bl = strlen(s->base);
    if (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0) {
        /* A next link must stay on our server: the token goes with it. */
        if (strncmp(url, s->base, bl) != 0 || (url[bl] != '/' && url[bl] != '?')) {
            kiosk_err_set_detail("sync: the server pointed to another address; not followed");
            return KIOSK_ERR_PROTOCOL;
        }
        if (!kstr_copy(full, sizeof(full), url))
            return KIOSK_ERR_TOO_BIG;
    } else if (snprintf(full, sizeof(full), "%s/%s", s->base, url) >= (int)sizeof(full)) {
        return KIOSK_ERR_TOO_BIG;
    }
    bool typed = false; /* the caller names the body's type (a search form) */
    for (const char *const *p = headers; p && *p; p++)
        typed = typed || strncasecmp(*p, "Content-Type:", 13) == 0;
    hdr[nh++] = "Accept: application/fhir+json";
    if (body && !typed)
        hdr[nh++] = "Content-Type: application/fhir+json";
    for (const char *const *p = headers; p && *p && nh < 7; p++)
        hdr[nh++] = *p;
    hdr[nh] = NULL;

    enum kiosk_err err = sync_creds_request(&s->creds, s->http, method, full, hdr, body, r,
                                            s->rep ? &s->rep->requests : NULL, NULL);
    if (err != KIOSK_OK) {
        if (s->rep && (err == KIOSK_ERR_OFFLINE || err == KIOSK_ERR_TIMEOUT))
            s->rep->unreachable = true;
        return err;
    }
    if (r->date[0]) {
        int64_t t = parse_http_date(r->date);
        if (t)
            s->server_now_ms = t;
    }
    if (r->len == 0)
        return KIOSK_OK;
    bool ok = r->status >= 200 && r->status < 300;
    if (!is_json(r->content_type)) {
        if (!ok)
            return KIOSK_OK; /* an error page; the status says enough */
        kiosk_err_set_detail("sync: the server answered %.40s, not FHIR JSON",
                             r->content_type[0] ? r->content_type : "without a content type");
        http_response_free(r);
        return KIOSK_ERR_PROTOCOL;
    }
    err = fjson_parse(r->body, r->len, SYNC_MAX_BODY, doc);
    if (err != KIOSK_OK) {
        if (!ok)
            return KIOSK_OK; /* an unreadable error body; the status stands */
        http_response_free(r);
        return err;
    }
    return KIOSK_OK;
}

/* --- the CapabilityStatement --------------------------------------------------------- */

static const char *const type_names[T_COUNT] = {
    "Patient",       "Appointment", "Account",           "Invoice",      "ChargeItem", "Task",
    "Questionnaire", "Location",    "HealthcareService", "Practitioner", "Coverage"};

static bool lists_param(struct fjson *res, const char *name)
{
    struct fjson *params = fjson_get(res, "searchParam");
    for (size_t i = 0; i < fjson_len(params); i++) {
        const char *n = fjson_str(fjson_at(params, i), "name");
        if (n && strcmp(n, name) == 0)
            return true;
    }
    return false;
}

/* What the statement said, kept for a day in the store so that a restart
 * (or `sync --once`) does not fetch it again: "<read ms> <flags>". */
#define CAP_MAX_AGE_MS (24 * 3600 * 1000LL)

static void save_capabilities(struct sync *s, struct store *st)
{
    char v[64];
    int n = snprintf(v, sizeof(v), "%lld ", (long long)kclock_wall(s->clock));
    for (int k = 0; k < T_COUNT && n < (int)sizeof(v) - 2; k++)
        v[n++] = s->have[k] ? '1' : '0';
    v[n++] = s->appt_last_updated ? '1' : '0';
    v[n++] = s->batch ? '1' : '0';
    v[n] = '\0';
    store_state_set(st, "capabilities", v);
}

static bool load_capabilities(struct sync *s, struct store *st)
{
    char v[64], name[96];
    char *end;
    if (store_state_get(st, "capabilities", v, sizeof(v)) != KIOSK_OK)
        return false;
    long long at = strtoll(v, &end, 10);
    int64_t age = kclock_wall(s->clock) - at;
    if (end == v || *end != ' ' || strlen(end + 1) != T_COUNT + 2 || age < 0 ||
        age > CAP_MAX_AGE_MS)
        return false;
    for (int k = 0; k < T_COUNT; k++)
        s->have[k] = end[1 + k] == '1';
    s->appt_last_updated = end[1 + T_COUNT] == '1';
    s->batch = end[2 + T_COUNT] == '1';
    if (!s->have[T_PATIENT] || !s->have[T_APPOINTMENT])
        return false;
    if (store_state_get(st, "server_software", name, sizeof(name)) == KIOSK_OK)
        kstr_copy(s->server_software, sizeof(s->server_software), name);
    s->cap_read = true;
    return true;
}

static enum kiosk_err read_capabilities(struct sync *s, struct store *st)
{
    if (load_capabilities(s, st))
        return KIOSK_OK;
    struct http_response r;
    struct fjson_doc *doc = NULL;
    enum kiosk_err err = sync_call(s, "GET", "metadata", NULL, NULL, &r, &doc);
    if (err != KIOSK_OK)
        return err;
    if (r.status != 200 || !doc) {
        kiosk_err_set_detail("sync: GET metadata answered %ld", r.status);
        err = r.status >= 500 || r.status == 429 ? KIOSK_ERR_OFFLINE : KIOSK_ERR_PROTOCOL;
        goto out;
    }
    struct fjson *cs = fjson_root(doc);
    const char *type = fjson_str(cs, "resourceType");
    if (!type || strcmp(type, "CapabilityStatement") != 0) {
        kiosk_err_set_detail("sync: GET metadata gave no CapabilityStatement");
        err = KIOSK_ERR_PROTOCOL;
        goto out;
    }
    const char *name = fjson_str(fjson_get(cs, "software"), "name");
    if (!name)
        name = fjson_str(cs, "name");
    kstr_copy(s->server_software, sizeof(s->server_software), name ? name : "FHIR server");
    memset(s->have, 0, sizeof(s->have));
    s->appt_last_updated = false;
    struct fjson *rest = fjson_at(fjson_get(cs, "rest"), 0);
    struct fjson *resources = fjson_get(rest, "resource");
    s->batch = false;
    struct fjson *inter = fjson_get(rest, "interaction");
    for (size_t i = 0; i < fjson_len(inter); i++) {
        const char *code = fjson_str(fjson_at(inter, i), "code");
        if (code && strcmp(code, "batch") == 0)
            s->batch = true;
    }
    for (size_t i = 0; i < fjson_len(resources); i++) {
        struct fjson *res = fjson_at(resources, i);
        const char *t = fjson_str(res, "type");
        for (int k = 0; t && k < T_COUNT; k++) {
            if (strcmp(t, type_names[k]) != 0)
                continue;
            s->have[k] = true;
            /* A server that lists its search parameters and leaves out
             * _lastUpdated cannot be asked for changes since a cursor. */
            if (k == T_APPOINTMENT)
                s->appt_last_updated =
                    !fjson_get(res, "searchParam") || lists_param(res, "_lastUpdated");
        }
    }
    if (!s->have[T_PATIENT] || !s->have[T_APPOINTMENT]) {
        kiosk_err_set_detail("sync: the server offers no Patient or Appointment");
        err = KIOSK_ERR_UNSUPPORTED;
        goto out;
    }
    s->cap_read = true;
    store_state_set(st, "server_software", s->server_software);
    save_capabilities(s, st);
    log_info(MOD, "server capabilities read; appointment changes by cursor: %d, batch: %d",
             (int)s->appt_last_updated, (int)s->batch);
out:
    fjson_doc_free(doc);
    http_response_free(&r);
    return err;
}

/* --- a round -------------------------------------------------------------------------- */

/* The round's outcome for `status` and the technician, in one transaction
 * (one disk flush a round, not four). */
static void save_status(struct store *st, const struct sync_report *rep, int64_t now)
{
    char num[24];
    snprintf(num, sizeof(num), "%lld", (long long)now);
    if (store_tx_begin(st) != KIOSK_OK)
        return;
    store_state_set(st, "last_attempt_ms", num);
    store_state_set(st, "unreachable", rep->unreachable ? "1" : "0");
    if (rep->err == KIOSK_OK) {
        store_state_set(st, "last_success_ms", num);
        store_state_set(st, "last_error", "");
    } else {
        store_state_set(st, "last_error", rep->error);
    }
    store_tx_commit(st);
}

enum kiosk_err sync_round(struct sync *s, struct store *st, struct sync_report *rep)
{
    memset(rep, 0, sizeof(*rep));
    s->rep = rep;
    uint64_t sent0, recv0;
    http_counters(s->http, &sent0, &recv0);
    kiosk_err_clear_detail();

    enum kiosk_err err = KIOSK_OK;
    char was[8] = "";
    store_state_get(st, "unreachable", was, sizeof(was));
    if (!s->cap_read && (err = read_capabilities(s, st)) != KIOSK_OK)
        sync_note_error(s, "reading the server's capabilities", err);
    if (err == KIOSK_OK) {
        /* Push first: a patient's check-in matters more than fresh data. */
        sync_push(s, st);
        sync_serve_find(s, st);
        if (rep->err == KIOSK_OK || rep->err == KIOSK_ERR_INVALID)
            sync_pull(s, st);
        /* Back after the network was gone: what waited for it goes now,
         * not when its backoff (up to 10 minutes) runs out. Entries the
         * server itself answered 5xx keep theirs. */
        if (rep->err == KIOSK_OK && strcmp(was, "1") == 0 && rep->retrying > 0 &&
            store_outbox_wake(st) == KIOSK_OK) {
            rep->retrying = 0;
            rep->error[0] = '\0';
            sync_push(s, st);
        }
    }
    uint64_t sent, recv;
    http_counters(s->http, &sent, &recv);
    rep->bytes_sent = sent - sent0;
    rep->bytes_received = recv - recv0;
    int64_t now = kclock_wall(s->clock);
    save_status(st, rep, now);

    if (rep->err == KIOSK_OK) {
        struct purge_counts pc;
        char last[24] = "";
        /* Hygiene once an hour is plenty. */
        store_state_get(st, "last_purge_ms", last, sizeof(last));
        if (now - strtoll(last, NULL, 10) > 3600 * 1000) {
            int64_t before = now - (int64_t)s->keep_days * 86400 * 1000;
            if (store_purge(st, before, now - SYNC_LOOKED_UP_KEEP_MS, &pc) == KIOSK_OK) {
                snprintf(last, sizeof(last), "%lld", (long long)now);
                store_state_set(st, "last_purge_ms", last);
                if (pc.appointments || pc.patients || pc.invoices || pc.outbox)
                    log_info(MOD, "purged %d appointments, %d patients, %d invoices, %d sent",
                             pc.appointments, pc.patients, pc.invoices, pc.outbox);
            }
        }
    }
    if (rep->err != KIOSK_OK)
        log_warn(MOD, "round ended: %E", rep->err);
    s->rep = NULL;
    return rep->err;
}

/* --- a patient the cache does not hold -------------------------------------------------- */

enum kiosk_err sync_find(struct sync *s, struct store *st, const struct sync_find *q, int *found)
{
    struct sync_report rep, *outer = s->rep; /* a round under way keeps its own */
    memset(&rep, 0, sizeof(rep));
    s->rep = &rep;
    *found = 0;
    kiosk_err_clear_detail();
    enum kiosk_err err = s->cap_read ? KIOSK_OK : read_capabilities(s, st);
    if (err == KIOSK_OK)
        err = sync_pull_patient(s, st, q, found);
    /* The server's words about a search may repeat the name searched for:
     * they go nowhere, and only the kind of trouble is logged. */
    kiosk_err_clear_detail();
    kmem_wipe(rep.error, sizeof(rep.error));
    if (err != KIOSK_OK)
        log_warn(MOD, "a patient search on the server failed: %E", err);
    else
        log_info(MOD, "a patient search on the server found %d", *found);
    s->rep = outer;
    return err;
}

bool sync_find_ask(struct sync *s, const struct sync_find *q)
{
    if (!s)
        return false;
    pthread_mutex_lock(&s->lock);
    bool ok = s->running && s->find_state != FIND_ASKED && s->find_state != FIND_RUNNING;
    if (ok) {
        s->find = *q;
        s->find_state = FIND_ASKED;
        pthread_cond_signal(&s->wake);
    }
    pthread_mutex_unlock(&s->lock);
    return ok;
}

bool sync_find_answered(struct sync *s, enum kiosk_err *err, int *found)
{
    if (!s)
        return false;
    pthread_mutex_lock(&s->lock);
    bool done = s->find_state == FIND_ANSWERED;
    if (done) {
        *err = s->find_err;
        *found = s->find_found;
        s->find_state = FIND_NONE;
    }
    pthread_mutex_unlock(&s->lock);
    return done;
}

void sync_set_wake(struct sync *s, void (*fn)(void *ctx), void *ctx)
{
    pthread_mutex_lock(&s->lock);
    s->find_wake = fn;
    s->find_wake_ctx = ctx;
    pthread_mutex_unlock(&s->lock);
}

void sync_find_drop(struct sync *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    kmem_wipe(&s->find, sizeof(s->find));
    s->find_state = FIND_NONE; /* a search under way sees this and keeps its answer */
    pthread_mutex_unlock(&s->lock);
}

/* --- the thread ------------------------------------------------------------------------ */

/* Called with s->lock held; returns with it held. */
static void answer_find(struct sync *s, struct store *st)
{
    struct sync_find q = s->find;
    kmem_wipe(&s->find, sizeof(s->find));
    s->find_state = FIND_RUNNING;
    pthread_mutex_unlock(&s->lock);
    int found = 0;
    enum kiosk_err err = sync_find(s, st, &q, &found);
    kmem_wipe(&q, sizeof(q));
    pthread_mutex_lock(&s->lock);
    if (s->find_state == FIND_RUNNING) {
        s->find_state = FIND_ANSWERED;
        s->find_err = err;
        s->find_found = found;
        if (s->find_wake)
            s->find_wake(s->find_wake_ctx);
    }
}

/* The sync this thread runs (run()); NULL on any other thread. */
static _Thread_local struct sync *thread_of;

void sync_serve_find(struct sync *s, struct store *st)
{
    if (thread_of != s)
        return; /* only the sync thread answers (`sync --once` has none) */
    pthread_mutex_lock(&s->lock);
    if (s->find_state == FIND_ASKED && !s->stop)
        answer_find(s, st);
    pthread_mutex_unlock(&s->lock);
}

static bool passed(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

static void *run(void *arg)
{
    struct sync *s = arg;
    struct store *st = NULL;
    thread_of = s;
    enum kiosk_err err = store_open(s->db_path, &st);
    if (err != KIOSK_OK) {
        log_error(MOD, "sync cannot open the store: %E", err);
        return NULL;
    }
    struct timespec next_round;
    clock_gettime(CLOCK_REALTIME, &next_round); /* the first round at once */
    pthread_mutex_lock(&s->lock);
    while (!s->stop) {
        /* A patient waits at the screen for this one: it goes first. */
        if (s->find_state == FIND_ASKED) {
            answer_find(s, st);
            continue;
        }
        if (s->poked || passed(&next_round)) {
            s->poked = false;
            pthread_mutex_unlock(&s->lock);
            struct sync_report rep;
            sync_round(s, st, &rep);
            pthread_mutex_lock(&s->lock);
            /* After trouble, come back sooner for the outbox (its own
             * backoff decides whether an entry is sent). */
            int wait_s =
                rep.err == KIOSK_OK ? s->interval_s : (s->interval_s < 10 ? s->interval_s : 10);
            clock_gettime(CLOCK_REALTIME, &next_round);
            next_round.tv_sec += wait_s;
            continue;
        }
        pthread_cond_timedwait(&s->wake, &s->lock, &next_round);
    }
    pthread_mutex_unlock(&s->lock);
    store_close(st);
    return NULL;
}

enum kiosk_err sync_start(struct sync *s, const char *db_path)
{
    if (s->running)
        return KIOSK_OK;
    if (!kstr_copy(s->db_path, sizeof(s->db_path), db_path))
        return KIOSK_ERR_TOO_BIG;
    s->stop = false;
    if (pthread_create(&s->thread, NULL, run, s) != 0)
        return KIOSK_ERR_NOMEM;
    s->running = true;
    return KIOSK_OK;
}

void sync_poke(struct sync *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->poked = true;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
}

void sync_stop(struct sync *s)
{
    if (!s || !s->running)
        return;
    pthread_mutex_lock(&s->lock);
    s->stop = true;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    s->running = false;
}

/* --- status -------------------------------------------------------------------------------- */

static void ago(char *out, size_t size, int64_t now, const char *ms_text)
{
    int64_t t = strtoll(ms_text, NULL, 10);
    if (!ms_text[0] || t <= 0) {
        kstr_copy(out, size, "never");
        return;
    }
    int64_t s = (now - t) / 1000;
    if (s < 0)
        s = 0;
    if (s < 120)
        snprintf(out, size, "%lld s ago", (long long)s);
    else if (s < 7200)
        snprintf(out, size, "%lld min ago", (long long)(s / 60));
    else
        snprintf(out, size, "%lld h ago", (long long)(s / 3600));
}

int sync_status_lines(struct store *st, int64_t now_ms, char lines[][160], int max)
{
    char v[256], when[40], kind[32], why[200];
    struct outbox_counts oc = {0};
    int n = 0;
#define LINE(...)                                                                                  \
    do {                                                                                           \
        if (n < max)                                                                               \
            snprintf(lines[n++], 160, __VA_ARGS__);                                                \
    } while (0)
    store_state_get(st, "last_success_ms", v, sizeof(v));
    ago(when, sizeof(when), now_ms, v);
    LINE("billing server: last success %s", when);
    store_state_get(st, "last_attempt_ms", v, sizeof(v));
    ago(when, sizeof(when), now_ms, v);
    LINE("billing server: last attempt %s", when);
    if (store_state_get(st, "last_error", v, sizeof(v)) == KIOSK_OK && v[0])
        LINE("billing server: error: %.130s", v);
    if (store_state_get(st, "server_software", v, sizeof(v)) == KIOSK_OK && v[0])
        LINE("billing server: %.120s", v);
    if (store_outbox_counts(st, &oc) == KIOSK_OK)
        LINE("outbox: %d waiting, %d parked for staff, %d sent", oc.pending, oc.parked, oc.done);
    if (oc.parked && store_outbox_last_parked(st, kind, sizeof(kind), why, sizeof(why)) == KIOSK_OK)
        LINE("outbox: last parked %.24s: %.100s", kind, why);
#undef LINE
    return n;
}
