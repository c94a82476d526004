/* Fleet metrics: the kiosk's health in Prometheus's text format, for
 * node_exporter's textfile collector.
 *
 * metrics_format() is pure: it turns a plain struct of values (filled by
 * the app from what it knows) into the text of one .prom file, with HELP
 * and TYPE lines, names by Prometheus's conventions (carekiosk_ prefix,
 * _total for counters, _seconds for times, _timestamp_seconds for points
 * in time) and states as one gauge per state, 1 for the current one.
 * metrics_file_write() puts the text in place so the collector never reads
 * half a file: a temporary name in the same folder (one the collector
 * ignores: it reads only *.prom), fsync, rename, fsync of the folder.
 *
 * Only counts and device states: nothing here may ever carry patient data. */
#ifndef KIOSK_METRICS_H
#define KIOSK_METRICS_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define METRICS_FILE_NAME "carekiosk.prom"

/* The printer as the metrics show it (the app maps enum printer_state). */
enum metrics_printer {
    METRICS_PRINTER_OK = 0,
    METRICS_PRINTER_PAPER_LOW,
    METRICS_PRINTER_PAPER_OUT,
    METRICS_PRINTER_COVER_OPEN,
    METRICS_PRINTER_OFFLINE,       /* connected but not answering */
    METRICS_PRINTER_NOT_CONNECTED, /* unplugged, or none could be opened */
    METRICS_PRINTER_COUNT
};

/* Why this run of the kiosk started. */
enum metrics_start {
    METRICS_START_FIRST = 0, /* no earlier run left metrics in the folder */
    METRICS_START_CLEAN,     /* the run before stopped cleanly */
    METRICS_START_UNCLEAN, /* the run before ended without stopping: crash, kill, watchdog, power */
    METRICS_START_UPDATE,  /* a new version starts on trial */
    METRICS_START_COUNT
};

enum metrics_update {
    METRICS_UPDATE_CURRENT = 0, /* nothing on trial */
    METRICS_UPDATE_TRIAL,       /* a new version runs and is not yet marked good */
    METRICS_UPDATE_COUNT
};

/* Kinds of failed sync rounds. */
enum metrics_sync_error {
    METRICS_SYNC_UNREACHABLE = 0, /* the server could not be reached */
    METRICS_SYNC_SERVER,          /* it answered, but the round failed */
    METRICS_SYNC_ERROR_COUNT
};

/* Times are wall-clock ms since the epoch; 0 means "never" (the sample is
 * left out). Counts below 0 mean "not known now" (the database is not
 * open): the sample is left out, so an alert does not see a false 0. */
struct metrics_values {
    bool up;          /* false only in the last file a clean stop writes */
    char version[32]; /* a label of carekiosk_build_info */
    int64_t now_ms;   /* when the file was written (heartbeat) */
    int64_t started_ms;
    enum metrics_start start;
    enum metrics_update update;
    enum metrics_printer printer;
    bool reader_connected, scanner_connected;
    bool database_ok;
    int outbox_waiting, outbox_parked;
    bool sync_configured;
    bool sync_failing; /* the last round failed */
    int64_t sync_last_success_ms, sync_last_attempt_ms;
    uint64_t sync_errors[METRICS_SYNC_ERROR_COUNT]; /* since this run started */
    int checkins_today;                             /* check-ins of the local day */
    int payments_today;                             /* approved payments of the local day */
    int payments_unsettled;                         /* sent, outcome not known yet */
};

/* Default values: up, everything unknown or never. */
void metrics_values_init(struct metrics_values *v);

/* The .prom text for v into buf (size bytes, NUL-terminated). Returns the
 * length of the whole text, as snprintf does: the text is complete only
 * when the result is < size. */
size_t metrics_format(const struct metrics_values *v, char *buf, size_t size);

/* Whether a and b show the same thing (now_ms, the heartbeat, is not
 * compared): a change is written at once, sameness every 15 s. */
bool metrics_same(const struct metrics_values *a, const struct metrics_values *b);

/* Replace dir/METRICS_FILE_NAME with text[len] atomically (see above).
 * Errors: KIOSK_ERR_NOT_FOUND (no such folder), KIOSK_ERR_DENIED,
 * KIOSK_ERR_FULL (disk full), KIOSK_ERR_IO; the temporary file is removed
 * on failure. */
enum kiosk_err metrics_file_write(const char *dir, const char *text, size_t len);

/* What the file in dir says of carekiosk_up: 1, 0, or -1 when there is no
 * file or no such line (used at start to tell why the kiosk started). */
int metrics_file_up(const char *dir);

#endif
