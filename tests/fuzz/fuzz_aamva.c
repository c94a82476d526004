/* Fuzz target: the AAMVA DL/ID barcode parser. Whatever the bytes, it never
 * reads outside the input, a refusal says why and keeps nothing, and a card
 * it accepts always has a family name and a real date of birth. */
#include "firmware/idcard/aamva.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes: a read past it is a heap overflow. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    struct aamva_card c;
    enum kiosk_err err = aamva_parse(text, size, &c);
    if (err != KIOSK_OK) {
        if (c.fault == AAMVA_OK || c.family[0] || c.number[0] || c.birth_date[0])
            __builtin_trap();
    } else {
        struct kdate d;
        if (c.fault != AAMVA_OK || !c.family[0] || !kdate_parse_iso(c.birth_date, &d))
            __builtin_trap();
        if (strlen(c.family) >= sizeof(c.family) || strlen(c.number) >= sizeof(c.number))
            __builtin_trap();
        if (!aamva_detect(text, size))
            __builtin_trap();
    }
    aamva_wipe(&c);
    free(text);
    return 0;
}
