/* A QR charge at the hospital's payment service (Pix or UPI), behind an
 * interface like the card processor (payment.h).
 *
 * The kiosk names the charge itself (Pix: the txid, [a-zA-Z0-9]{26,35};
 * UPI: the transaction reference tr) and commits that id before it asks, so
 * an answer that is lost is recovered by asking for the same id. The
 * service learns from the bank whether the patient paid; the kiosk polls.
 *
 * The shipped implementation (qrcharge_http_open, firmware/sync) speaks:
 *   Pix (API Pix of the Banco Central, openapi 2.x):
 *     PUT   {url}/cob/{txid}  {"calendario":{"expiracao"},"valor":{"original"},"chave"}
 *     GET   {url}/cob/{txid}  {"status","calendario":{"criacao","expiracao"},"location",
 *                              "pixCopiaECola","valor":{"original"}}
 *     PATCH {url}/cob/{txid}  {"status":"REMOVIDA_PELO_USUARIO_RECEBEDOR"}
 *   UPI (no NPCI status API exists; this is the kiosk's contract with the PSP):
 *     PUT   {url}/charges/{tr}  {"amount":"1500.50","currency":"INR","expiry_s","pa","note"}
 *     GET   {url}/charges/{tr}  {"tr","status":"ACTIVE"|"PAID"|"EXPIRED"|"CANCELLED",
 *                                "amount","expires_in_s","rrn"}
 *     POST  {url}/charges/{tr}/cancel
 *   both with an OAuth2 client-credentials bearer token over verified TLS. */
#ifndef KIOSK_PAYMENT_QRCHARGE_H
#define KIOSK_PAYMENT_QRCHARGE_H

#include "firmware/core/err.h"
#include "firmware/payment/qrpay.h"

#include <stdint.h>

enum qr_scheme { QR_SCHEME_PIX = 0, QR_SCHEME_UPI };

enum qr_state {
    QR_ACTIVE = 0, /* the code can be paid now */
    QR_PAID,       /* paid: the receipt */
    QR_EXPIRED,    /* past its time and removed by the service: nothing charged */
    QR_REMOVED,    /* cancelled (by the kiosk or the service): nothing charged */
    QR_NOT_FOUND,  /* the service never made it: nothing charged */
    QR_UNKNOWN,    /* no usable answer: it may be live; ask again */
};

#define QR_ID_MAX 36 /* 35 characters and the NUL */

struct qr_charge_req {
    const char *id;       /* txid / tr, already committed */
    int64_t amount_minor; /* centavos / paise */
    const char *note;     /* the statement number, shown to the payer */
    int expiry_s;
};

struct qr_charge {
    enum qr_state state;
    int64_t amount_minor;                   /* as the service holds it */
    int expires_in_s;                       /* seconds left when it answered; -1 unknown */
    char location[BRCODE_LOCATION_MAX + 1]; /* Pix: the payload URL without https:// */
    char payload[BRCODE_PAYLOAD_MAX];       /* the QR's text (BR Code / upi://pay?) */
    char detail[160];                       /* for technicians; never patient data */
};

struct qrcharge_ops {
    const char *name;
    /* Make the charge id (or read it back when it exists). KIOSK_OK with
     * out filled whatever the answer. */
    enum kiosk_err (*create)(void *ctx, const struct qr_charge_req *req, struct qr_charge *out);
    enum kiosk_err (*status)(void *ctx, const char *id, struct qr_charge *out);
    enum kiosk_err (*cancel)(void *ctx, const char *id, struct qr_charge *out);
    void (*close)(void *ctx);
};

struct qrcharge {
    const struct qrcharge_ops *ops;
    void *ctx;
    enum qr_scheme scheme;
};

const char *qr_state_name(enum qr_state s);
/* A kiosk-made id from a random UUID (id.h): "KSK" and its 32 hex digits,
 * 35 characters, valid as a Pix txid and as a UPI tr. */
enum kiosk_err qr_charge_id(const char *uuid, char out[QR_ID_MAX]);

enum kiosk_err qrcharge_create(struct qrcharge *q, const struct qr_charge_req *req,
                               struct qr_charge *out);
enum kiosk_err qrcharge_status(struct qrcharge *q, const char *id, struct qr_charge *out);
enum kiosk_err qrcharge_cancel(struct qrcharge *q, const char *id, struct qr_charge *out);
void qrcharge_close(struct qrcharge *q); /* NULL is fine */

/* The shipped client ([qrpay] in kiosk.ini). KIOSK_ERR_CONFIG when no
 * scheme or url is set, or a payee field the scheme needs is missing.
 * Defined in firmware/sync. */
struct kiosk_config;
enum kiosk_err qrcharge_http_open(const struct kiosk_config *cfg, struct qrcharge **out);

#endif
