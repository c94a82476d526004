/* A small INI reader shared by kiosk.ini and branding packs' brand.ini:
 * [section], key = value, '#' or ';' comments on their own line, UTF-8
 * values, surrounding white space trimmed, no quoting. The callback sees each
 * pair with its line number; it returns KIOSK_OK or an error that stops the
 * parse. Syntax errors are reported through the error callback with the line. */
#ifndef KIOSK_INI_H
#define KIOSK_INI_H

#include "firmware/core/err.h"

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
 * pair callback returned. */
enum kiosk_err ini_parse(const char *text, const struct ini_handler *h);
/* Read the file (at most 1 MiB) and parse it. KIOSK_ERR_NOT_FOUND, KIOSK_ERR_TOO_BIG. */
enum kiosk_err ini_parse_file(const char *path, const struct ini_handler *h);

#endif
