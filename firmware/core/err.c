#include "err.h"
#include "str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct err_entry {
    enum kiosk_err err;
    const char *name;
    const char *text;
};

static const struct err_entry err_table[] = {
    {KIOSK_OK, "KIOSK_OK", "success"},
    {KIOSK_ERR_NOMEM, "KIOSK_ERR_NOMEM", "out of memory"},
    {KIOSK_ERR_INVALID, "KIOSK_ERR_INVALID", "invalid argument or malformed input"},
    {KIOSK_ERR_NOT_FOUND, "KIOSK_ERR_NOT_FOUND", "not found"},
    {KIOSK_ERR_IO, "KIOSK_ERR_IO", "input/output error"},
    {KIOSK_ERR_FULL, "KIOSK_ERR_FULL", "storage or buffer full"},
    {KIOSK_ERR_BUSY, "KIOSK_ERR_BUSY", "resource busy"},
    {KIOSK_ERR_TIMEOUT, "KIOSK_ERR_TIMEOUT", "timed out"},
    {KIOSK_ERR_NO_DEVICE, "KIOSK_ERR_NO_DEVICE", "device not connected"},
    {KIOSK_ERR_CORRUPT, "KIOSK_ERR_CORRUPT", "stored data is corrupt"},
    {KIOSK_ERR_UNSUPPORTED, "KIOSK_ERR_UNSUPPORTED", "not supported"},
    {KIOSK_ERR_PAPER_OUT, "KIOSK_ERR_PAPER_OUT", "printer is out of paper"},
    {KIOSK_ERR_DENIED, "KIOSK_ERR_DENIED", "permission denied"},
    {KIOSK_ERR_CONFIG, "KIOSK_ERR_CONFIG", "configuration is invalid"},
    {KIOSK_ERR_TOO_BIG, "KIOSK_ERR_TOO_BIG", "input exceeds a limit"},
    {KIOSK_ERR_OFFLINE, "KIOSK_ERR_OFFLINE", "server not reachable"},
    {KIOSK_ERR_PROTOCOL, "KIOSK_ERR_PROTOCOL", "unexpected answer from peer"},
};

static const struct err_entry *find(enum kiosk_err err)
{
    for (size_t i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++)
        if (err_table[i].err == err)
            return &err_table[i];
    return NULL;
}

const char *kiosk_err_name(enum kiosk_err err)
{
    const struct err_entry *e = find(err);
    return e ? e->name : "KIOSK_ERR_UNKNOWN";
}

const char *kiosk_strerror(enum kiosk_err err)
{
    const struct err_entry *e = find(err);
    return e ? e->text : "unknown error";
}

static _Thread_local char detail[256];

void kiosk_err_set_detail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(detail)) {
        /* Cut: between grapheme clusters, with an ellipsis (any script). */
        size_t keep = kstr_grapheme_prefix(detail, strlen(detail), sizeof(detail) - 4);
        memcpy(detail + keep, "\xE2\x80\xA6", 4);
    }
}

const char *kiosk_err_detail(void)
{
    return detail;
}

void kiosk_err_clear_detail(void)
{
    detail[0] = '\0';
}
