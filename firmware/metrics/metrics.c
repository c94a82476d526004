/* The text format (Prometheus exposition format 0.0.4), built into a
 * caller's buffer: no allocation, no clock, no I/O. */
#include "firmware/metrics/metrics.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct out {
    char *buf;
    size_t size, len; /* len counts what would have been written */
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->len < o->size ? o->size - o->len : 0;
    int n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

static void head(struct out *o, const char *name, const char *type, const char *help)
{
    put(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void gauge(struct out *o, const char *name, const char *help, long long value)
{
    head(o, name, "gauge", help);
    put(o, "%s %lld\n", name, value);
}

/* A point in time in seconds, to the millisecond; left out when never. */
static void timestamp(struct out *o, const char *name, const char *help, int64_t ms)
{
    if (ms <= 0)
        return;
    head(o, name, "gauge", help);
    put(o, "%s %lld.%03lld\n", name, (long long)(ms / 1000), (long long)(ms % 1000));
}

/* One sample per state, 1 for the current one (a state set as gauges). */
static void states(struct out *o, const char *name, const char *label, const char *help,
                   const char *const names[], int count, int current)
{
    head(o, name, "gauge", help);
    for (int i = 0; i < count; i++)
        put(o, "%s{%s=\"%s\"} %d\n", name, label, names[i], i == current ? 1 : 0);
}

/* A label value with \, " and newlines escaped, as the format wants. */
static void label_value(struct out *o, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            put(o, "\\\\");
        else if (*s == '"')
            put(o, "\\\"");
        else if (*s == '\n')
            put(o, "\\n");
        else
            put(o, "%c", *s);
    }
}

static const char *const printer_names[METRICS_PRINTER_COUNT] = {
    "ok", "paper_low", "paper_out", "cover_open", "offline", "not_connected"};
static const char *const start_names[METRICS_START_COUNT] = {"first", "clean", "unclean", "update"};
static const char *const update_names[METRICS_UPDATE_COUNT] = {"current", "trial"};
static const char *const sync_error_names[METRICS_SYNC_ERROR_COUNT] = {"unreachable", "server"};

void metrics_values_init(struct metrics_values *v)
{
    memset(v, 0, sizeof(*v));
    v->up = true;
    v->printer = METRICS_PRINTER_NOT_CONNECTED;
    v->outbox_waiting = v->outbox_parked = -1;
    v->checkins_today = v->payments_today = v->payments_unsettled = -1;
}

size_t metrics_format(const struct metrics_values *v, char *buf, size_t size)
{
    struct out o = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    gauge(&o, "carekiosk_up", "Whether the kiosk program runs (0: the last file of a clean stop).",
          v->up);
    head(&o, "carekiosk_build_info", "gauge", "The kiosk's version, as a label; always 1.");
    put(&o, "carekiosk_build_info{version=\"");
    label_value(&o, v->version);
    put(&o, "\"} 1\n");
    timestamp(&o, "carekiosk_heartbeat_timestamp_seconds",
              "When the kiosk last wrote its metrics (every 15 s while it runs).", v->now_ms);
    timestamp(&o, "carekiosk_start_time_seconds", "When this run of the kiosk started.",
              v->started_ms);
    states(&o, "carekiosk_start_reason", "reason",
           "Why this run of the kiosk started (1 for the reason).", start_names,
           METRICS_START_COUNT, v->start);
    states(&o, "carekiosk_update_state", "state",
           "Image update: the current version, or a new one on trial (1 for the state).",
           update_names, METRICS_UPDATE_COUNT, v->update);
    states(&o, "carekiosk_printer_state", "state",
           "The receipt printer's state and paper (1 for the state).", printer_names,
           METRICS_PRINTER_COUNT, v->printer);
    gauge(&o, "carekiosk_reader_connected", "Whether the card reader is connected.",
          v->reader_connected);
    gauge(&o, "carekiosk_scanner_connected", "Whether the barcode scanner is connected.",
          v->scanner_connected);
    gauge(&o, "carekiosk_database_ok", "Whether the local database is open and writable.",
          v->database_ok);
    if (v->outbox_waiting >= 0)
        gauge(&o, "carekiosk_outbox_waiting_messages",
              "Messages (check-ins, payments, alerts) waiting to be sent to the billing server.",
              v->outbox_waiting);
    if (v->outbox_parked >= 0)
        gauge(&o, "carekiosk_outbox_parked_messages",
              "Messages the server refused, set aside for staff.", v->outbox_parked);
    gauge(&o, "carekiosk_sync_configured", "Whether a billing server is configured.",
          v->sync_configured);
    if (v->sync_configured) {
        gauge(&o, "carekiosk_sync_failing", "Whether the last sync round failed.", v->sync_failing);
        timestamp(&o, "carekiosk_sync_last_success_timestamp_seconds",
                  "When a sync round with the billing server last succeeded.",
                  v->sync_last_success_ms);
        timestamp(&o, "carekiosk_sync_last_attempt_timestamp_seconds",
                  "When a sync round with the billing server was last tried.",
                  v->sync_last_attempt_ms);
        head(&o, "carekiosk_sync_errors_total", "counter",
             "Failed sync rounds seen since the kiosk started, by kind.");
        for (int i = 0; i < METRICS_SYNC_ERROR_COUNT; i++)
            put(&o, "carekiosk_sync_errors_total{kind=\"%s\"} %" PRIu64 "\n", sync_error_names[i],
                v->sync_errors[i]);
    }
    if (v->checkins_today >= 0)
        gauge(&o, "carekiosk_checkins_today", "Check-ins at this kiosk today (local day).",
              v->checkins_today);
    if (v->payments_today >= 0)
        gauge(&o, "carekiosk_payments_today", "Approved payments at this kiosk today (local day).",
              v->payments_today);
    if (v->payments_unsettled >= 0)
        gauge(&o, "carekiosk_payments_unsettled",
              "Payments sent to the processor whose outcome is not known yet.",
              v->payments_unsettled);
    return o.len;
}

bool metrics_same(const struct metrics_values *a, const struct metrics_values *b)
{
    /* Field by field: the struct has padding, so no memcmp. */
    if (a->up != b->up || strcmp(a->version, b->version) != 0 || a->started_ms != b->started_ms ||
        a->start != b->start || a->update != b->update || a->printer != b->printer ||
        a->reader_connected != b->reader_connected ||
        a->scanner_connected != b->scanner_connected || a->database_ok != b->database_ok ||
        a->outbox_waiting != b->outbox_waiting || a->outbox_parked != b->outbox_parked ||
        a->sync_configured != b->sync_configured || a->sync_failing != b->sync_failing ||
        a->sync_last_success_ms != b->sync_last_success_ms ||
        a->sync_last_attempt_ms != b->sync_last_attempt_ms ||
        a->checkins_today != b->checkins_today || a->payments_today != b->payments_today ||
        a->payments_unsettled != b->payments_unsettled)
        return false;
    for (int i = 0; i < METRICS_SYNC_ERROR_COUNT; i++)
        if (a->sync_errors[i] != b->sync_errors[i])
            return false;
    return true;
}
