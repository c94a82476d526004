/* Payloads of QR payments, pure code (no I/O, no allocation).
 *
 * Pix (Brazil): the BR Code, an EMV QRCPS merchant-presented payload of
 * ID(2) + length(2) + value fields ending in a CRC-16/CCITT-FALSE
 * (Banco Central do Brasil, "Manual de Padroes para Iniciacao do Pix").
 *
 * UPI (India): the NPCI UPI Linking Specification's `upi://pay?` URI with
 * percent-encoded parameters.
 *
 * Every builder writes into the caller's buffer and fails (never cuts a
 * value silently) when the result does not fit. The limits the specs set on
 * a field are enforced here: a name or city that is too long is cut at a
 * character boundary after ASCII folding, as the BR Code manual asks. */
#ifndef KIOSK_PAYMENT_QRPAY_H
#define KIOSK_PAYMENT_QRPAY_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BRCODE_NAME_MAX     25  /* field 59 */
#define BRCODE_CITY_MAX     15  /* field 60 */
#define BRCODE_LOCATION_MAX 77  /* field 26/25: the payload URL without https:// */
#define BRCODE_KEY_MAX      77  /* field 26/01: a Pix key (static codes) */
#define BRCODE_TXID_MAX     25  /* field 62/05 in a static code */
#define BRCODE_AMOUNT_MAX   13  /* field 54: "9999999999.99" */
#define BRCODE_PAYLOAD_MAX  512 /* the whole code, with room */
#define PIX_TXID_MIN        26  /* API Pix: PUT /cob/{txid}, [a-zA-Z0-9]{26,35} */
#define PIX_TXID_MAX        35

struct brcode {
    /* One of the two: location (dynamic, "pix.example.com/qr/v2/9d36...",
     * without "https://") or key (static, a Pix key). */
    const char *location;
    const char *key;
    int64_t amount_minor; /* centavos; 0 = no field 54 (payer types it) */
    const char *name;     /* the payee (merchant) name, UTF-8 */
    const char *city;     /* the payee's city, UTF-8 */
    const char *txid;     /* static codes only (<= 25 alphanumerics); NULL = "***" */
};

/* CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final
 * xor ("123456789" -> 0x29B1). */
uint16_t brcode_crc16(const char *data, size_t len);

/* Fold UTF-8 text to the printable ASCII EMV allows in names and cities:
 * accented Latin letters lose their accents ("Sao Paulo" from "São Paulo"),
 * other characters outside 0x20..0x7E are dropped, runs of spaces collapse,
 * and the result is cut to at most max characters (and trailing spaces
 * trimmed). KIOSK_ERR_INVALID for invalid UTF-8 or an empty result,
 * KIOSK_ERR_TOO_BIG when size cannot hold max + 1 bytes. */
enum kiosk_err brcode_fold(const char *in, size_t max, char *out, size_t size);

/* "25.90" from 2590. KIOSK_ERR_INVALID for a negative amount, TOO_BIG past
 * max_len characters. */
enum kiosk_err qrpay_amount(int64_t minor, size_t max_len, char *out, size_t size);

/* The BR Code of c, NUL-terminated in out. KIOSK_ERR_INVALID for a missing
 * or malformed field, KIOSK_ERR_TOO_BIG when it does not fit. */
enum kiosk_err brcode_build(const struct brcode *c, char *out, size_t size);

/* true when payload is well-formed TLV ending in a correct 6304 CRC. */
bool brcode_check(const char *payload);

/* true for a txid the API Pix accepts in PUT /cob/{txid}. */
bool pix_txid_valid(const char *txid);

#define UPI_URI_MAX 512

struct upi_pay {
    const char *pa;       /* payee VPA ("hospital@bank"), mandatory */
    const char *pn;       /* payee name, mandatory */
    const char *mc;       /* merchant category code (4 digits), optional */
    const char *tr;       /* transaction reference, mandatory for merchant dynamic codes */
    const char *tn;       /* note, optional */
    int64_t amount_minor; /* paise; 0 = no am (the payer types it) */
};

/* upi://pay?pa=..&pn=..&mc=..&tr=..&tn=..&am=..&cu=INR, each value
 * percent-encoded (RFC 3986 unreserved characters and '@' stay). */
enum kiosk_err upi_build(const struct upi_pay *u, char *out, size_t size);

#endif
