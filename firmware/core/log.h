/* Logging that cannot carry patient data.
 *
 * Messages are a module name and a format that accepts numbers only:
 * %d %i %u %ld %lu %lld %llu %x %zu %% and %E (an enum kiosk_err, printed by
 * name). There is deliberately no %s: free text (names, dates of birth,
 * identifiers, card data) cannot reach a log line. Strings that are known not
 * to be patient data (a file path, a driver name) go through log_note(), whose
 * argument must come from configuration or code, never from a patient.
 *
 * Lines go to the sink set with log_set_sink() (default: stderr), formatted as
 * "LEVEL module: message". The format attribute is not used because %E is ours. */
#ifndef KIOSK_CORE_LOG_H
#define KIOSK_CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

typedef void (*log_sink_fn)(void *ctx, enum log_level level, const char *line);

void log_set_sink(log_sink_fn fn, void *ctx); /* NULL fn restores stderr */
void log_set_level(enum log_level min);

void log_msg(enum log_level level, const char *module, const char *fmt, ...);
/* A configuration or code string: path, device or driver name, key name. */
void log_note(enum log_level level, const char *module, const char *what, const char *text);

/* Format into buf with the restricted format above; returns length written. */
int log_format(char *buf, int size, const char *fmt, ...);

#define log_debug(mod, ...) log_msg(LOG_DEBUG, mod, __VA_ARGS__)
#define log_info(mod, ...)  log_msg(LOG_INFO, mod, __VA_ARGS__)
#define log_warn(mod, ...)  log_msg(LOG_WARN, mod, __VA_ARGS__)
#define log_error(mod, ...) log_msg(LOG_ERROR, mod, __VA_ARGS__)

#endif
