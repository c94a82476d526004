/* What a receipt printer says about itself, as pure functions on bytes: the
 * driver (drivers/usb) moves the bytes, this module understands them.
 *
 *  - DLE EOT n real-time status replies: one byte each, fixed bits
 *    0xx1xx10 (bit 1 and bit 4 set, bits 0 and 7 clear).
 *  - Automatic status back (GS a n): unsolicited 4-byte reports whose first
 *    byte has fixed bits 0xx1xx00 and whose other three bytes have 0xx0xxxx;
 *    XOFF (0x13) may sit between them. Bit 1 of a first byte tells a report
 *    from a DLE EOT reply; bit 4 tells report bytes 2-4 from a reply. Other
 *    replies (GS I, GS r) have 0xx0xxxx.
 *  - IEEE 1284 GET_DEVICE_ID (printer class request): a 2-byte big-endian
 *    length that counts itself, then "KEY:value;" pairs.
 *  - GET_PORT_STATUS (printer class request): one byte, bit 5 paper empty,
 *    bit 4 selected (online), bit 3 not error.
 *
 * Bits read (Epson's ESC/POS reference; Star, Bixolon and Citizen agree):
 *   DLE EOT 1: bit 3 offline.
 *   DLE EOT 2: bit 2 cover open (bits 5 paper-end stop and 6 error repeat
 *              what n = 4 and n = 3 say, and are not read here).
 *   DLE EOT 3: bit 3 autocutter error, bit 5 unrecoverable error, bit 6
 *              automatically recoverable error (head too hot, cover opened
 *              while printing). Bit 2 means different things per model and
 *              is not read.
 *   DLE EOT 4: bits 2-3 paper near end, bits 5-6 paper end.
 *   ASB byte 1: bit 3 offline, bit 5 cover open; byte 2: bits 3, 5, 6 as
 *              DLE EOT 3; byte 3: bits 0-1 near end, bits 2-3 paper end. */
#ifndef KIOSK_ESCPOS_STATUS_H
#define KIOSK_ESCPOS_STATUS_H

#include "drivers/printer/printer.h"
#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>

struct escpos_status {
    bool paper_end, paper_near_end, cover_open, offline, error;
    bool known; /* something was reported: until then the fields are false */
};

/* The kiosk's view of a status: PAPER_OUT > COVER_OPEN > OFFLINE (also for
 * an error) > PAPER_LOW > OK. A status nothing was reported into is OK: a
 * printer that never answers status requests still prints, and writes fail
 * on their own when it cannot. */
enum printer_state escpos_status_state(const struct escpos_status *s);

/* Apply the reply byte to DLE EOT n (1..4) to *s (only the fields that n
 * reports change). KIOSK_ERR_PROTOCOL when byte lacks the fixed bits of a
 * reply (*s unchanged), KIOSK_ERR_INVALID for n outside 1..4 or NULL s. */
enum kiosk_err escpos_status_reply(int n, unsigned char byte, struct escpos_status *s);

/* Apply one complete 4-byte ASB report to *s (every field). KIOSK_ERR_PROTOCOL
 * when a fixed bit is wrong (*s unchanged). */
enum kiosk_err escpos_asb_report(const unsigned char report[4], struct escpos_status *s);

/* Splits the byte stream read from the bulk IN endpoint into ASB reports and
 * everything else, across reads of any size. Embedded; no allocation. */
struct escpos_in {
    unsigned char asb[4];  /* the report being collected */
    int asb_len;           /* bytes of it so far; 0 between reports */
    unsigned long reports; /* complete ASB reports applied */
    unsigned long dropped; /* bytes of broken reports, and replies beyond cap */
};

void escpos_in_init(struct escpos_in *in);

/* Feed len bytes read from the printer. Complete ASB reports update *s;
 * XON/XOFF (flow control, never status) are skipped; every other byte is a
 * reply and is copied to replies, up to cap of them (the rest are counted
 * in in->dropped). Returns how many were copied. A report cut short by a
 * byte that cannot continue it is dropped; a DLE EOT reply inside a report
 * is passed on and the report continues. replies may be NULL when cap is 0. */
size_t escpos_in_feed(struct escpos_in *in, const unsigned char *bytes, size_t len,
                      struct escpos_status *s, unsigned char *replies, size_t cap);

/* IEEE 1284 device id keys, NUL-terminated, cut to fit; "" when absent.
 * Bytes outside printable ASCII become '?'. */
struct escpos_device_id {
    char mfg[48], mdl[48], cmd[64];
};

/* Parse a GET_DEVICE_ID reply: MFG or MANUFACTURER, MDL or MODEL, CMD or
 * COMMAND SET (keys in any case, spaces around keys and values ignored;
 * the first of each wins; a NUL ends the data). The length is big-endian
 * and counts its own 2 bytes; a little-endian length (some firmwares) is
 * accepted when the big-endian one cannot be right. KIOSK_ERR_PROTOCOL for
 * a length that fits neither way or an id with none of the three keys,
 * KIOSK_ERR_INVALID for NULL arguments. *out is always cleared first. */
enum kiosk_err escpos_device_id_parse(const unsigned char *data, size_t len,
                                      struct escpos_device_id *out);

/* Apply a GET_PORT_STATUS byte: paper_end from bit 5, offline when bit 4
 * (select) is clear, error when bit 3 (not error) is clear. */
void escpos_port_status(unsigned char byte, struct escpos_status *s);

/* Command bytes for the driver to send. */
/* DLE EOT n into out; returns 3, or 0 (nothing written) for n outside 1..4. */
size_t escpos_cmd_status_query(int n, unsigned char out[3]);
/* GS a n with n = 0x0E: ASB on for offline, error and paper sensor changes
 * (not the drawer); returns 3. */
size_t escpos_cmd_asb_enable(unsigned char out[3]);
/* GS a 0: ASB off; returns 3. */
size_t escpos_cmd_asb_disable(unsigned char out[3]);

#endif
