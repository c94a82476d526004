/* Fuzz target: the INI reader behind kiosk.ini and branding packs' brand.ini. */
#include "firmware/config/ini.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum kiosk_err on_pair(void *ctx, const char *section, const char *key, const char *value,
                              int line)
{
    size_t *n = ctx;
    *n += strlen(section) + strlen(key) + strlen(value) + (size_t)(line > 0);
    return KIOSK_OK;
}

static void on_error(void *ctx, int line, const char *message)
{
    (void)ctx;
    if (line <= 0 || !message[0])
        __builtin_trap(); /* every syntax error names its line */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    size_t n = 0;
    struct ini_handler h = {.pair = on_pair, .syntax_error = on_error, .ctx = &n};
    ini_parse(text, &h);
    free(text);
    return 0;
}
