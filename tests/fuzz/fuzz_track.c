/* Fuzz target: the ISO 7813 track parser. Whatever the bytes, it returns a
 * result with a fault on failure, never reads outside the input, and never
 * hands out a payment card number. */
#include "drivers/reader/track.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the first byte picks whether patient cards exist at all */
    const char *prefix = size > 0 && (data[0] & 1) ? "600100" : "";
    struct track_policy policy = {prefix, 2026, 3};
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    struct track_card card;
    enum kiosk_err err = track_parse(text, size, &policy, &card);
    if (err != KIOSK_OK && card.fault == TRACK_OK)
        __builtin_trap(); /* a refusal always says why */
    if (err == KIOSK_OK && card.kind == TRACK_PAYMENT_CARD && card.patient_id[0])
        __builtin_trap(); /* payment card numbers never leave the parser */
    err = track_parse_and_wipe(text, size, &policy, &card);
    for (size_t i = 0; i < size; i++)
        if (text[i])
            __builtin_trap(); /* the raw track is wiped */
    free(text);
    return 0;
}
