/* Fuzz target: what a printer sends back. The bytes are fed to the stream
 * splitter in reads whose sizes come from the input, parsed as a device id,
 * read as DLE EOT replies and as a port status. Traps on a broken promise:
 * replies beyond cap, a report half-collected past 3 bytes, device id
 * strings unterminated or unprintable. */
#include "drivers/printer/escpos_status.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s, size_t size)
{
    const char *nul = memchr(s, '\0', size);
    if (!nul)
        __builtin_trap();
    for (const char *p = s; p < nul; p++)
        if (*p < 0x20 || *p > 0x7E)
            __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct escpos_status s = {0};
    struct escpos_in in;
    unsigned char replies[8];
    size_t total = 0;

    /* Reads of 1..8 bytes, sizes taken from the low bits of the data. */
    escpos_in_init(&in);
    for (size_t i = 0; i < size;) {
        size_t chunk = (size_t)(data[i] & 7) + 1;
        if (chunk > size - i)
            chunk = size - i;
        size_t cap = (size_t)(data[i] >> 5);
        size_t n = escpos_in_feed(&in, data + i, chunk, &s, replies, cap);
        if (n > cap || in.asb_len < 0 || in.asb_len > 3)
            __builtin_trap();
        total += n;
        i += chunk;
    }
    if (total > size || in.reports * 4 > size)
        __builtin_trap();
    if ((unsigned)escpos_status_state(&s) > PRINTER_NOT_CONNECTED)
        __builtin_trap();

    struct escpos_device_id id;
    enum kiosk_err err = escpos_device_id_parse(data, size, &id);
    if (err != KIOSK_OK && err != KIOSK_ERR_PROTOCOL)
        __builtin_trap();
    check_text(id.mfg, sizeof(id.mfg));
    check_text(id.mdl, sizeof(id.mdl));
    check_text(id.cmd, sizeof(id.cmd));
    if (err != KIOSK_OK && (id.mfg[0] || id.mdl[0] || id.cmd[0]))
        __builtin_trap();

    for (size_t i = 0; i < size; i++) {
        struct escpos_status r = {0};
        err = escpos_status_reply((int)(i % 4) + 1, data[i], &r);
        if ((err == KIOSK_OK) != ((data[i] & 0x93) == 0x12))
            __builtin_trap();
        escpos_port_status(data[i], &r);
    }
    if (size >= 4) {
        struct escpos_status r = {0};
        escpos_asb_report(data, &r);
    }
    return 0;
}
