/* Writing one flat JSON object (RFC 8259) into the caller's buffer: the
 * only JSON writer outside firmware/sync, with one escaping rule.
 *
 * Strings must be UTF-8; they are written with '"', '\' and every control
 * character (U+0000..U+001F) escaped, everything else as it is. Nothing is
 * ever cut short: the first value that does not fit, or a string that is
 * not UTF-8, makes the whole object an error (jsonw_end says which), and
 * the buffer then holds "" rather than half an object.
 *
 *     struct jsonw w;
 *     jsonw_begin(&w, buf, sizeof(buf));
 *     jsonw_str(&w, "location", loc);
 *     jsonw_int(&w, "at", now_ms);
 *     err = jsonw_end(&w);
 */
#ifndef KIOSK_CORE_JSONW_H
#define KIOSK_CORE_JSONW_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct jsonw {
    char *buf;
    size_t size, len;
    int members;
    enum kiosk_err err; /* the first error; KIOSK_OK while all fits */
};

/* Start an object in buf (size bytes, > 0). */
void jsonw_begin(struct jsonw *w, char *buf, size_t size);
/* One member; key is written with the same rule as values. NULL value: "". */
void jsonw_str(struct jsonw *w, const char *key, const char *value);
void jsonw_int(struct jsonw *w, const char *key, int64_t value);
/* Close the object. KIOSK_OK with buf holding the object and its NUL;
 * KIOSK_ERR_TOO_BIG when it did not fit in size bytes; KIOSK_ERR_INVALID
 * for a string that is not UTF-8. On error buf is "". */
enum kiosk_err jsonw_end(struct jsonw *w);

/* True when s (NUL-terminated) is well-formed UTF-8: no overlong forms, no
 * surrogates, nothing above U+10FFFF. */
bool jsonw_utf8_valid(const char *s);

#endif
