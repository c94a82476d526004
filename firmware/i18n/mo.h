/* A reader of GNU .mo catalogs (what msgfmt writes), bounds-checked.
 *
 * Layout: a 28-byte header (magic 0x950412de in the writer's byte order,
 * revision, string count N, offsets of the original and the translation
 * tables, hash table size and offset), then two tables of N (length, offset)
 * pairs pointing at NUL-terminated strings. Originals are sorted, so lookups
 * are a binary search; the optional hash table is bounds-checked and not
 * used. A key is "msgctxt\x04msgid"; a plural entry's original is
 * "msgid\0msgid_plural" and its translation the forms separated by NULs. */
#ifndef KIOSK_I18N_MO_H
#define KIOSK_I18N_MO_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mo {
    const unsigned char *data; /* borrowed: the caller keeps the bytes alive */
    size_t size;
    bool swap; /* written in the other byte order */
    uint32_t count, orig, trans;
};

/* What mo_open found wrong, for the log. */
enum mo_fault {
    MO_OK,
    MO_TRUNCATED,    /* shorter than its header or tables say */
    MO_BAD_MAGIC,    /* not a .mo file */
    MO_BAD_REV,      /* a major revision this reader does not know */
    MO_BAD_OFFSET,   /* a table, string or the hash table outside the file */
    MO_UNTERMINATED, /* a string without its NUL */
    MO_UNSORTED,     /* originals out of order (binary search would miss) */
};

/* Checks every header field, table entry and string of data[0..size) and fills
 * m. KIOSK_ERR_INVALID with *fault set for a malformed file; nothing is read
 * outside data[0..size) then or later. */
enum kiosk_err mo_open(struct mo *m, const void *data, size_t size, enum mo_fault *fault);
/* Words for a fault ("bad magic"), static. */
const char *mo_fault_text(enum mo_fault fault);

/* Index of the entry whose key is ctx "\x04" id (ctx NULL or ctxlen 0 for
 * none; id NUL-terminated), -1 if absent. No allocation. */
long mo_find(const struct mo *m, const char *ctx, size_t ctxlen, const char *id);
/* Translation of entry i: all its forms, *len bytes (forms separated by
 * NULs; NUL-terminated). */
const char *mo_translation(const struct mo *m, long i, size_t *len);

#endif
