/* Fleet metrics (firmware/metrics): the app fills the values from what it
 * knows (the printer state last seen, the readers, the store's outbox,
 * sync status and day counts) and writes carekiosk.prom into [metrics]
 * textfile_dir at once when something shown changed, and every 15 s
 * otherwise so the file's heartbeat shows the kiosk is alive. Off when
 * the folder is not configured. */
#include "firmware/app/app_private.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/metrics/metrics.h"
#include "firmware/store/store_sync.h"

#include <stdlib.h>
#include <string.h>

#ifndef CAREKIOSK_VERSION
#define CAREKIOSK_VERSION "0.0.0"
#endif

#define MOD             "metrics"
#define WRITE_EVERY_MS  15000 /* node_exporter's scrapes see a fresh heartbeat */
#define SAMPLE_EVERY_MS 1000  /* the store is asked at most this often */

struct app_metrics {
    struct metrics_values shown; /* what the file says now */
    bool written;
    int64_t next_write_ms; /* a->clock monotonic */
    int64_t next_sample_ms;
    bool sample_owed;        /* a tick skipped the store: ask it at next_sample_ms */
    int64_t seen_attempt_ms; /* the sync round counted last */
    enum kiosk_err last_err; /* of the last write, logged once per change */
    char text[8192];
};

static int64_t state_ms(struct store *st, const char *name)
{
    char v[32];
    if (store_state_get(st, name, v, sizeof(v)) != KIOSK_OK || !v[0])
        return 0;
    return strtoll(v, NULL, 10);
}

static enum metrics_printer printer_value(const struct app *a)
{
    if (!a->devices.printer)
        return METRICS_PRINTER_NOT_CONNECTED;
    switch (a->devices.printer_seen) {
    case PRINTER_OK:
        return METRICS_PRINTER_OK;
    case PRINTER_PAPER_LOW:
        return METRICS_PRINTER_PAPER_LOW;
    case PRINTER_PAPER_OUT:
        return METRICS_PRINTER_PAPER_OUT;
    case PRINTER_COVER_OPEN:
        return METRICS_PRINTER_COVER_OPEN;
    case PRINTER_OFFLINE:
        return METRICS_PRINTER_OFFLINE;
    case PRINTER_NOT_CONNECTED:
        break;
    }
    return METRICS_PRINTER_NOT_CONNECTED;
}

/* What the store knows: outbox, sync status (failed rounds counted as they
 * are seen), day counts. Unknown (-1) while the database is not open. */
static void sample_store(struct app *a, struct app_metrics *m, struct metrics_values *v)
{
    v->database_ok = a->store != NULL;
    v->outbox_waiting = v->outbox_parked = -1;
    v->checkins_today = v->payments_today = v->payments_unsettled = -1;
    if (!a->store)
        return;
    struct outbox_counts oc;
    if (store_outbox_counts(a->store, &oc) == KIOSK_OK) {
        v->outbox_waiting = oc.pending;
        v->outbox_parked = oc.parked;
    }
    int64_t d0, d1;
    app_day_range(a, &d0, &d1);
    struct day_counts dc;
    if (store_day_counts(a->store, d0, &dc) == KIOSK_OK) {
        v->checkins_today = dc.checkins;
        v->payments_today = dc.payments_approved;
    }
    struct payment_counts pc;
    if (store_payment_counts(a->store, &pc) == KIOSK_OK)
        v->payments_unsettled = pc.pending;
    if (!v->sync_configured)
        return;
    v->sync_last_success_ms = state_ms(a->store, "last_success_ms");
    v->sync_last_attempt_ms = state_ms(a->store, "last_attempt_ms");
    v->sync_failing =
        v->sync_last_attempt_ms > 0 && v->sync_last_attempt_ms != v->sync_last_success_ms;
    if (v->sync_last_attempt_ms != m->seen_attempt_ms) {
        m->seen_attempt_ms = v->sync_last_attempt_ms;
        if (v->sync_failing) {
            char un[8];
            bool unreachable =
                store_state_get(a->store, "unreachable", un, sizeof(un)) == KIOSK_OK &&
                un[0] == '1';
            v->sync_errors[unreachable ? METRICS_SYNC_UNREACHABLE : METRICS_SYNC_SERVER]++;
        }
    }
}

static void sample(struct app *a, struct app_metrics *m, bool store_too, struct metrics_values *v)
{
    *v = m->shown;
    v->printer = printer_value(a);
    v->update = a->boot.on_first_frame && a->boot.first_frame_ms < 0 ? METRICS_UPDATE_TRIAL
                                                                     : METRICS_UPDATE_CURRENT;
    v->sync_configured = a->cfg.server_url[0] != '\0';
    if (!store_too)
        return;
    struct reader_device devs[2];
    int nd = reader_devices(a->devices.reader, devs, 2);
    if (nd == 0) {
        v->reader_connected = v->scanner_connected = reader_connected(a->devices.reader);
    } else {
        v->reader_connected = v->scanner_connected = false;
        for (int i = 0; i < nd; i++) {
            if (devs[i].scanner)
                v->scanner_connected = devs[i].connected;
            else
                v->reader_connected = devs[i].connected;
        }
    }
    sample_store(a, m, v);
}

static void write_now(struct app *a, struct app_metrics *m, const struct metrics_values *v)
{
    m->shown = *v;
    m->shown.now_ms = kclock_wall(a->clock);
    m->written = true;
    m->next_write_ms = kclock_mono(a->clock) + WRITE_EVERY_MS;
    size_t len = metrics_format(&m->shown, m->text, sizeof(m->text));
    enum kiosk_err err = len < sizeof(m->text)
                             ? metrics_file_write(a->cfg.metrics_dir, m->text, len)
                             : KIOSK_ERR_TOO_BIG;
    if (err != KIOSK_OK && err != m->last_err)
        log_note(LOG_WARN, MOD, "metrics cannot be written into", a->cfg.metrics_dir);
    else if (err == KIOSK_OK && m->last_err != KIOSK_OK)
        log_info(MOD, "metrics written again");
    m->last_err = err;
}

void app_metrics_open(struct app *a)
{
    if (!a->cfg.metrics_dir[0])
        return;
    struct app_metrics *m = kmem_alloc(sizeof(*m));
    if (!m) {
        log_error(MOD, "no memory for metrics: %E", KIOSK_ERR_NOMEM);
        return;
    }
    metrics_values_init(&m->shown);
    kstr_copy(m->shown.version, sizeof(m->shown.version), CAREKIOSK_VERSION);
    m->shown.started_ms = kclock_wall(a->clock);
    int was_up = metrics_file_up(a->cfg.metrics_dir);
    m->shown.start = a->boot.on_first_frame ? METRICS_START_UPDATE
                     : was_up < 0           ? METRICS_START_FIRST
                     : was_up == 1          ? METRICS_START_UNCLEAN
                                            : METRICS_START_CLEAN;
    if (a->store)
        m->seen_attempt_ms = state_ms(a->store, "last_attempt_ms"); /* count from now */
    a->metrics = m;
    app_metrics_tick(a);
}

void app_metrics_tick(struct app *a)
{
    struct app_metrics *m = a->metrics;
    if (!m)
        return;
    int64_t now = kclock_mono(a->clock);
    /* Journeys run on a fake clock that stands still between lines: ask
     * the store every time there (a journey is short). */
    bool store_too = a->headless || now >= m->next_sample_ms || !m->written;
    if (store_too)
        m->next_sample_ms = now + SAMPLE_EVERY_MS;
    m->sample_owed = !store_too; /* something may have changed in the store */
    struct metrics_values v;
    sample(a, m, store_too, &v);
    if (!m->written || !metrics_same(&v, &m->shown) || now >= m->next_write_ms)
        write_now(a, m, &v);
}

int64_t app_metrics_deadline(const struct app *a, int64_t due)
{
    if (!a->metrics)
        return due;
    int64_t mine = a->metrics->next_write_ms;
    if (a->metrics->sample_owed && a->metrics->next_sample_ms < mine)
        mine = a->metrics->next_sample_ms;
    return due < 0 || mine < due ? mine : due;
}

void app_metrics_close(struct app *a)
{
    struct app_metrics *m = a->metrics;
    if (!m)
        return;
    struct metrics_values v;
    sample(a, m, true, &v);
    v.up = false; /* the next start reads this: a clean stop */
    write_now(a, m, &v);
    kmem_free(m);
    a->metrics = NULL;
}
