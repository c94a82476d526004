/* Errors as values: every action returns enum kiosk_err (0 ok, negative error).
 * Predicates return bool. A detail message for the last error of this thread
 * can be set with kiosk_err_set_detail() and read with kiosk_err_detail(). */
#ifndef KIOSK_CORE_ERR_H
#define KIOSK_CORE_ERR_H

enum kiosk_err {
    KIOSK_OK = 0,
    KIOSK_ERR_NOMEM = -1,        /* an allocation failed */
    KIOSK_ERR_INVALID = -2,      /* bad argument or malformed input */
    KIOSK_ERR_NOT_FOUND = -3,    /* no such record, file or device */
    KIOSK_ERR_IO = -4,           /* read/write failed (file, device, socket) */
    KIOSK_ERR_FULL = -5,         /* disk or buffer full */
    KIOSK_ERR_BUSY = -6,         /* resource held by someone else */
    KIOSK_ERR_TIMEOUT = -7,      /* no answer in time */
    KIOSK_ERR_NO_DEVICE = -8,    /* device not connected */
    KIOSK_ERR_CORRUPT = -9,      /* stored data failed a check */
    KIOSK_ERR_UNSUPPORTED = -10, /* feature not available here */
    KIOSK_ERR_PAPER_OUT = -11,   /* printer has no paper */
    KIOSK_ERR_DENIED = -12,      /* not allowed (permissions, login) */
    KIOSK_ERR_CONFIG = -13,      /* configuration is invalid */
    KIOSK_ERR_TOO_BIG = -14,     /* input exceeds a limit */
    KIOSK_ERR_OFFLINE = -15,     /* server not reachable */
    KIOSK_ERR_PROTOCOL = -16,    /* peer answered something we cannot use */
};

/* Short stable name ("KIOSK_ERR_IO") and a sentence for technicians.
 * Both return static strings; never NULL, also for unknown codes. */
const char *kiosk_err_name(enum kiosk_err err);
const char *kiosk_strerror(enum kiosk_err err);

/* Per-thread detail of the last failure (no patient data). printf-style;
 * the text is truncated to 255 bytes. kiosk_err_detail() returns "" when unset. */
void kiosk_err_set_detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *kiosk_err_detail(void);
void kiosk_err_clear_detail(void);

#endif
