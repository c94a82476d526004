/* A small INI reader shared by kiosk.ini and branding packs' brand.ini:
 * [section], key = value, '#' or ';' comments on their own line, UTF-8
 * values, surrounding white space trimmed, no quoting. The callback sees each
 * pair with its line number; it returns KIOSK_OK or an error that stops the
 * parse. Syntax errors are reported through the error callback with the line.
 *
 * Details: a UTF-8 BOM at the start is skipped; CRLF and LF both end a line;
 * a line may hold INI_LINE_MAX bytes (without its line ending), a longer one
 * is a syntax error. Section and key names are [A-Za-z0-9_.-]+; values may be
 * empty and may contain '=', '#' and ';' (a '#' after a value is part of the
 * value, not a comment). Lines that are not valid UTF-8 are syntax errors.
 * Duplicate keys are passed to the callback each time (the consumer decides).
 * Pairs under a malformed [section] line are skipped (the section line is the
 * reported error). The message strings given to syntax_error are static
 * sentences without the line number. */
#ifndef KIOSK_INI_H
#define KIOSK_INI_H

#include "firmware/core/err.h"

#include <stddef.h>

#define INI_LINE_MAX 1024

struct ini_handler {
    /* Required. section is "" before the first [section]. */
    enum kiosk_err (*pair)(void *ctx, const char *section, const char *key, const char *value,
                           int line);
    /* Optional: a line that is not a comment, section or pair. */
    void (*syntax_error)(void *ctx, int line, const char *message);
    void *ctx;
};

/* Parse text (NUL-terminated). Returns KIOSK_ERR_CONFIG if any syntax
 * error was seen (parsing goes on to report them all), or the first error a
 * pair callback returned. KIOSK_ERR_INVALID for NULL text, h or h->pair.
 * Allocates nothing. */
enum kiosk_err ini_parse(const char *text, const struct ini_handler *h);
/* As ini_parse for len bytes of text (a NUL byte inside is a syntax error of
 * its line, not the end of the text). */
enum kiosk_err ini_parse_mem(const char *text, size_t len, const struct ini_handler *h);
/* Read the file (a regular file of at most 1 MiB, see kfile_read) and parse
 * it. KIOSK_ERR_NOT_FOUND, KIOSK_ERR_TOO_BIG, KIOSK_ERR_DENIED (no
 * permission), KIOSK_ERR_INVALID (not a regular file: a FIFO, a folder, a
 * device), KIOSK_ERR_IO, KIOSK_ERR_NOMEM, or as ini_parse. */
enum kiosk_err ini_parse_file(const char *path, const struct ini_handler *h);

#endif
