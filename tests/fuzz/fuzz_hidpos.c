/* Fuzz target: scanner reports. The input is cut into 64-byte HID POS
 * reports and 8-byte keyboard reports; every finished code is a barcode
 * that passes the kiosk's checks, a bad scan, or a driver's licence that
 * gives a family name and a real date of birth (and no text), or a bad one
 * that gives nothing. */
#include "drivers/reader/hid_pos.h"
#include "firmware/core/clock.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct reader_input *in)
{
    if (in->kind == READER_BARCODE) {
        size_t n = strlen(in->value);
        if (n == 0 || n >= KIOSK_IDENT_MAX)
            __builtin_trap();
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)in->value[i] < 0x20 || in->value[i] == 0x7F)
                __builtin_trap();
    } else if (in->kind == READER_LICENCE) {
        struct kdate d;
        if (in->value[0] || !in->licence.family[0] || !kdate_parse_iso(in->licence.birth_date, &d))
            __builtin_trap();
    } else if (in->kind == READER_BAD_LICENCE) {
        if (in->value[0] || in->licence.family[0] || in->licence.birth_date[0])
            __builtin_trap();
    } else if (in->kind != READER_BAD_SCAN) {
        __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hidpos hp;
    struct kbwedge kb;
    struct reader_input in;
    hidpos_init(&hp);
    kbwedge_init(&kb);
    for (size_t at = 0; at < size; at += 64) {
        size_t n = size - at < 64 ? size - at : 64;
        if (hidpos_feed(&hp, data + at, n, &in))
            check(&in);
    }
    for (size_t at = 0; at < size; at += 8) {
        size_t n = size - at < 8 ? size - at : 8;
        if (kbwedge_feed(&kb, data + at, n, &in))
            check(&in);
    }
    return 0;
}
