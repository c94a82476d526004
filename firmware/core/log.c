#include "log.h"
#include "err.h"
#include "str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static log_sink_fn sink_fn;
static void *sink_ctx;
static enum log_level min_level = LOG_INFO;

static const char *level_name[] = {"DEBUG", "INFO", "WARN", "ERROR"};

void log_set_sink(log_sink_fn fn, void *ctx)
{
    sink_fn = fn;
    sink_ctx = ctx;
}

void log_set_level(enum log_level min)
{
    min_level = min;
}

/* Appends to buf at *pos, never past size - 1: what does not fit is cut
 * between grapheme clusters (a module's text in any script stays
 * readable) and the line ends with an ellipsis. */
static void put(char *buf, int size, int *pos, const char *s, int n)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    if (*pos >= size - 1 || n <= 0)
        return;
    if (*pos + n <= size - 1) {
        memcpy(buf + *pos, s, (size_t)n);
        *pos += n;
        return;
    }
    int room = size - 1 - *pos - (int)(sizeof(ellipsis) - 1);
    int keep = room > 0 ? (int)kstr_grapheme_prefix(s, (size_t)n, (size_t)room) : 0;
    memcpy(buf + *pos, s, (size_t)keep);
    *pos += keep;
    if (*pos + (int)sizeof(ellipsis) - 1 <= size - 1) {
        memcpy(buf + *pos, ellipsis, sizeof(ellipsis) - 1);
        *pos += (int)sizeof(ellipsis) - 1;
    }
    buf[*pos] = '\0'; /* the text ends here: the bytes after it were never written */
    *pos = size - 1;  /* full: nothing more goes in */
}

static int vformat(char *buf, int size, const char *fmt, va_list ap)
{
    int pos = 0;
    char num[32];
    if (size <= 0)
        return 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            size_t run = strcspn(p, "%"); /* literal text as a whole, so no letter is split */
            put(buf, size, &pos, p, (int)run);
            p += run - 1;
            continue;
        }
        p++;
        int n = 0;
        if (*p == '\0')
            break;
        if (*p == '%') {
            put(buf, size, &pos, "%", 1);
        } else if (*p == 'd' || *p == 'i') {
            n = snprintf(num, sizeof(num), "%d", va_arg(ap, int));
        } else if (*p == 'u') {
            n = snprintf(num, sizeof(num), "%u", va_arg(ap, unsigned));
        } else if (*p == 'x') {
            n = snprintf(num, sizeof(num), "%x", va_arg(ap, unsigned));
        } else if (*p == 'z' && p[1] == 'u') {
            p++;
            n = snprintf(num, sizeof(num), "%zu", va_arg(ap, size_t));
        } else if (*p == 'l' && p[1] == 'l' && (p[2] == 'd' || p[2] == 'u')) {
            p += 2;
            if (*p == 'd')
                n = snprintf(num, sizeof(num), "%lld", va_arg(ap, long long));
            else
                n = snprintf(num, sizeof(num), "%llu", va_arg(ap, unsigned long long));
        } else if (*p == 'l' && (p[1] == 'd' || p[1] == 'u')) {
            p++;
            if (*p == 'd')
                n = snprintf(num, sizeof(num), "%ld", va_arg(ap, long));
            else
                n = snprintf(num, sizeof(num), "%lu", va_arg(ap, unsigned long));
        } else if (*p == 'E') {
            const char *name = kiosk_err_name((enum kiosk_err)va_arg(ap, int));
            put(buf, size, &pos, name, (int)strlen(name));
        } else {
            /* Unsupported conversion (%s among them): the argument is not
             * consumed, and the line says so instead of printing it. */
            put(buf, size, &pos, "<?>", 3);
            break;
        }
        if (n > 0)
            put(buf, size, &pos, num, n < (int)sizeof(num) ? n : (int)sizeof(num) - 1);
    }
    if (pos < size)
        buf[pos] = '\0';
    return (int)strlen(buf); /* a cut line ends before pos (put) */
}

int log_format(char *buf, int size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vformat(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static void emit(enum log_level level, const char *module, const char *msg)
{
    char line[512];
    snprintf(line, sizeof(line), "%s %s: %s", level_name[level], module, msg);
    if (sink_fn)
        sink_fn(sink_ctx, level, line);
    else
        fprintf(stderr, "%s\n", line);
}

void log_msg(enum log_level level, const char *module, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    if (level < min_level)
        return;
    va_start(ap, fmt);
    vformat(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    emit(level, module, msg);
}

void log_note(enum log_level level, const char *module, const char *what, const char *text)
{
    char msg[400];
    if (level < min_level)
        return;
    int pos = 0;
    put(msg, (int)sizeof(msg), &pos, what, (int)strlen(what));
    put(msg, (int)sizeof(msg), &pos, ": ", 2);
    text = text ? text : "(none)";
    put(msg, (int)sizeof(msg), &pos, text, (int)strlen(text));
    msg[pos] = '\0';
    emit(level, module, msg);
}
