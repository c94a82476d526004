/* QR Code model 2 (ISO/IEC 18004) encoder for receipts: byte mode, error
 * correction level M, versions 1..10 (up to 213 payload bytes). Pure code,
 * no allocation: the symbol lives in the caller's struct qr_code. */
#ifndef KIOSK_QR_H
#define KIOSK_QR_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QR_VERSION_MAX   10
#define QR_SIZE_MAX      (17 + 4 * QR_VERSION_MAX) /* 57 modules */
#define QR_BYTES_MAX     213                       /* byte-mode payload of version 10-M */
#define QR_CODEWORDS_MAX 346                       /* total codewords of version 10 */
#define QR_MASK_AUTO     (-1)

struct qr_code {
    int version; /* 1..QR_VERSION_MAX */
    int size;    /* modules a side: 17 + 4 * version (no quiet zone) */
    int mask;    /* 0..7, the mask pattern applied */
    uint8_t modules[QR_SIZE_MAX * QR_SIZE_MAX]; /* row-major, size * size used; 1 = dark */
};

/* Encode len bytes in byte mode at level M in the smallest version that
 * holds them. mask is 0..7, or QR_MASK_AUTO to pick the mask with the
 * lowest penalty score. KIOSK_ERR_TOO_BIG above QR_BYTES_MAX bytes,
 * KIOSK_ERR_INVALID for a bad mask. */
enum kiosk_err qr_encode(const uint8_t *data, size_t len, int mask, struct qr_code *out);

/* Whether module (x = column, y = row) is dark; false outside the symbol. */
bool qr_module(const struct qr_code *q, int x, int y);

/* Building blocks, exposed for tests. */

/* Data codewords (mode, count, payload, terminator, padding) for the
 * smallest version that fits; *version receives it. out must hold
 * QR_CODEWORDS_MAX bytes. Returns the number of data codewords, or 0 when
 * the payload does not fit version QR_VERSION_MAX. */
int qr_data_codewords(const uint8_t *data, size_t len, int *version, uint8_t *out);

/* Reed-Solomon error correction codewords over GF(256) (polynomial 0x11D,
 * generator roots alpha^0 .. alpha^(ecc_len-1)): ecc_len bytes into ecc. */
void qr_rs_ecc(const uint8_t *data, int len, int ecc_len, uint8_t *ecc);

/* 15-bit format information for level M and the given mask, already
 * XORed with 0x5412; bit 14 is the first bit. */
unsigned qr_format_bits(int mask);

/* 18-bit version information (versions 7 and up; 0 below 7). */
unsigned long qr_version_bits(int version);

/* Penalty score (rules 1-4 of ISO/IEC 18004 7.8.3) of a finished symbol. */
long qr_penalty(const struct qr_code *q);

#endif
