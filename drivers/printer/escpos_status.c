/* Status bytes from ESC/POS printers. The fixed bits are checked on every
 * byte: a byte that fails them is never read as status, because a wrong
 * "paper out" stops a kiosk from printing and a wrong "ok" makes a patient
 * wait for a ticket that never comes. */
#include "drivers/printer/escpos_status.h"

#include <ctype.h>
#include <string.h>

#define DLE  0x10
#define EOT  0x04
#define GS   0x1D
#define XON  0x11
#define XOFF 0x13

/* Fixed bits (mask, value). */
#define REPLY_MASK 0x93 /* DLE EOT reply: 0xx1xx10 */
#define REPLY_BITS 0x12
#define ASB1_MASK  0x93 /* ASB first byte: 0xx1xx00 */
#define ASB1_BITS  0x10
#define ASBN_MASK  0x90 /* ASB bytes 2-4: 0xx0xxxx */
#define ASBN_BITS  0x00

#define ERROR_BITS 0x68 /* autocutter, unrecoverable, auto-recoverable */

enum printer_state escpos_status_state(const struct escpos_status *s)
{
    if (!s || !s->known)
        return PRINTER_OK;
    if (s->paper_end)
        return PRINTER_PAPER_OUT;
    if (s->cover_open)
        return PRINTER_COVER_OPEN;
    if (s->offline || s->error)
        return PRINTER_OFFLINE;
    if (s->paper_near_end)
        return PRINTER_PAPER_LOW;
    return PRINTER_OK;
}

enum kiosk_err escpos_status_reply(int n, unsigned char byte, struct escpos_status *s)
{
    if (!s || n < 1 || n > 4)
        return KIOSK_ERR_INVALID;
    if ((byte & REPLY_MASK) != REPLY_BITS)
        return KIOSK_ERR_PROTOCOL;
    switch (n) {
    case 1:
        s->offline = byte & 0x08;
        break;
    case 2:
        s->cover_open = byte & 0x04;
        break;
    case 3:
        s->error = byte & ERROR_BITS;
        break;
    case 4:
        s->paper_near_end = byte & 0x0C;
        s->paper_end = byte & 0x60;
        break;
    }
    s->known = true;
    return KIOSK_OK;
}

enum kiosk_err escpos_asb_report(const unsigned char report[4], struct escpos_status *s)
{
    if (!report || !s)
        return KIOSK_ERR_INVALID;
    if ((report[0] & ASB1_MASK) != ASB1_BITS)
        return KIOSK_ERR_PROTOCOL;
    for (int i = 1; i < 4; i++)
        if ((report[i] & ASBN_MASK) != ASBN_BITS)
            return KIOSK_ERR_PROTOCOL;
    s->offline = report[0] & 0x08;
    s->cover_open = report[0] & 0x20;
    s->error = report[1] & ERROR_BITS;
    s->paper_near_end = report[2] & 0x03;
    s->paper_end = report[2] & 0x0C;
    s->known = true;
    return KIOSK_OK;
}

void escpos_in_init(struct escpos_in *in)
{
    memset(in, 0, sizeof(*in));
}

size_t escpos_in_feed(struct escpos_in *in, const unsigned char *bytes, size_t len,
                      struct escpos_status *s, unsigned char *replies, size_t cap)
{
    size_t n = 0;
    if (!in || (!bytes && len))
        return 0;
    if (in->asb_len < 0 || in->asb_len > 3)
        in->asb_len = 0; /* a state nobody could have left: start over */
    for (size_t i = 0; i < len; i++) {
        unsigned char b = bytes[i];
        if (b == XON || b == XOFF)
            continue;
        if (in->asb_len > 0) {
            if ((b & ASBN_MASK) == ASBN_BITS) {
                in->asb[in->asb_len++] = b;
                if (in->asb_len == 4) {
                    in->asb_len = 0;
                    if (s && escpos_asb_report(in->asb, s) == KIOSK_OK)
                        in->reports++;
                }
                continue;
            }
            if ((b & REPLY_MASK) != REPLY_BITS) {
                /* Neither report data nor a reply: the report is broken. */
                in->dropped += (unsigned long)in->asb_len;
                in->asb_len = 0;
            }
        }
        if (in->asb_len == 0 && (b & ASB1_MASK) == ASB1_BITS) {
            in->asb[0] = b;
            in->asb_len = 1;
        } else if (n < cap && replies) {
            replies[n++] = b;
        } else {
            in->dropped++;
        }
    }
    return n;
}

/* --- IEEE 1284 device id ------------------------------------------------------ */

/* Whether k[0..n) is name, ASCII case folded. */
static bool key_is(const unsigned char *k, size_t n, const char *name)
{
    if (strlen(name) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (toupper(k[i]) != (unsigned char)name[i])
            return false;
    return true;
}

/* Copy v[0..n) into dst (size bytes), once: a key seen again is ignored. */
static void set_value(char *dst, size_t size, const unsigned char *v, size_t n)
{
    if (dst[0])
        return;
    if (n >= size)
        n = size - 1;
    for (size_t i = 0; i < n; i++)
        dst[i] = v[i] >= 0x20 && v[i] < 0x7F ? (char)v[i] : '?';
    dst[n] = '\0';
}

static void trim(const unsigned char **p, size_t *n)
{
    while (*n && (*p)[0] == ' ') {
        (*p)++;
        (*n)--;
    }
    while (*n && (*p)[*n - 1] == ' ')
        (*n)--;
}

enum kiosk_err escpos_device_id_parse(const unsigned char *data, size_t len,
                                      struct escpos_device_id *out)
{
    if (!out)
        return KIOSK_ERR_INVALID;
    memset(out, 0, sizeof(*out));
    if (!data)
        return KIOSK_ERR_INVALID;
    if (len < 2)
        return KIOSK_ERR_PROTOCOL;
    size_t n = (size_t)data[0] << 8 | data[1];
    if (n < 2 || n > len) {
        n = (size_t)data[1] << 8 | data[0];
        if (n < 2 || n > len)
            return KIOSK_ERR_PROTOCOL;
    }
    const unsigned char *end = data + n;
    const unsigned char *nul = memchr(data + 2, '\0', n - 2);
    if (nul)
        end = nul;
    bool found = false;
    for (const unsigned char *p = data + 2; p < end;) {
        const unsigned char *semi = memchr(p, ';', (size_t)(end - p));
        const unsigned char *stop = semi ? semi : end;
        const unsigned char *colon = memchr(p, ':', (size_t)(stop - p));
        if (colon) {
            const unsigned char *k = p, *v = colon + 1;
            size_t kn = (size_t)(colon - p), vn = (size_t)(stop - v);
            trim(&k, &kn);
            trim(&v, &vn);
            if (key_is(k, kn, "MFG") || key_is(k, kn, "MANUFACTURER")) {
                set_value(out->mfg, sizeof(out->mfg), v, vn);
                found = true;
            } else if (key_is(k, kn, "MDL") || key_is(k, kn, "MODEL")) {
                set_value(out->mdl, sizeof(out->mdl), v, vn);
                found = true;
            } else if (key_is(k, kn, "CMD") || key_is(k, kn, "COMMAND SET")) {
                set_value(out->cmd, sizeof(out->cmd), v, vn);
                found = true;
            }
        }
        p = semi ? semi + 1 : end;
    }
    return found ? KIOSK_OK : KIOSK_ERR_PROTOCOL;
}

void escpos_port_status(unsigned char byte, struct escpos_status *s)
{
    if (!s)
        return;
    s->paper_end = byte & 0x20;
    s->offline = !(byte & 0x10);
    s->error = !(byte & 0x08);
    s->known = true;
}

size_t escpos_cmd_status_query(int n, unsigned char out[3])
{
    if (!out || n < 1 || n > 4)
        return 0;
    out[0] = DLE;
    out[1] = EOT;
    out[2] = (unsigned char)n;
    return 3;
}

size_t escpos_cmd_asb_enable(unsigned char out[3])
{
    if (!out)
        return 0;
    out[0] = GS;
    out[1] = 'a';
    out[2] = 0x0E; /* bit 1 online/offline, bit 2 error, bit 3 paper sensor */
    return 3;
}

size_t escpos_cmd_asb_disable(unsigned char out[3])
{
    if (!out)
        return 0;
    out[0] = GS;
    out[1] = 'a';
    out[2] = 0;
    return 3;
}
