#include "firmware/payment/qrcharge.h"
#include "firmware/core/mem.h"

#include <string.h>

const char *qr_state_name(enum qr_state s)
{
    switch (s) {
    case QR_ACTIVE:
        return "active";
    case QR_PAID:
        return "paid";
    case QR_EXPIRED:
        return "expired";
    case QR_REMOVED:
        return "removed";
    case QR_NOT_FOUND:
        return "not_found";
    case QR_UNKNOWN:
        break;
    }
    return "unknown";
}

enum kiosk_err qr_charge_id(const char *uuid, char out[QR_ID_MAX])
{
    if (!uuid)
        return KIOSK_ERR_INVALID;
    size_t n = 0;
    memcpy(out, "KSK", 3);
    n = 3;
    for (const char *p = uuid; *p; p++) {
        if (*p == '-')
            continue;
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')) || n >= QR_ID_MAX - 1)
            return KIOSK_ERR_INVALID;
        out[n++] = *p;
    }
    out[n] = '\0';
    return n == QR_ID_MAX - 1 ? KIOSK_OK : KIOSK_ERR_INVALID;
}

static void unknown(struct qr_charge *out)
{
    memset(out, 0, sizeof(*out));
    out->state = QR_UNKNOWN;
    out->expires_in_s = -1;
}

enum kiosk_err qrcharge_create(struct qrcharge *q, const struct qr_charge_req *req,
                               struct qr_charge *out)
{
    unknown(out);
    if (!q)
        return KIOSK_ERR_NO_DEVICE;
    if (!req || !pix_txid_valid(req->id) || req->amount_minor <= 0 || req->expiry_s <= 0)
        return KIOSK_ERR_INVALID;
    return q->ops->create(q->ctx, req, out);
}

enum kiosk_err qrcharge_status(struct qrcharge *q, const char *id, struct qr_charge *out)
{
    unknown(out);
    if (!q)
        return KIOSK_ERR_NO_DEVICE;
    if (!pix_txid_valid(id))
        return KIOSK_ERR_INVALID;
    return q->ops->status(q->ctx, id, out);
}

enum kiosk_err qrcharge_cancel(struct qrcharge *q, const char *id, struct qr_charge *out)
{
    unknown(out);
    if (!q)
        return KIOSK_ERR_NO_DEVICE;
    if (!pix_txid_valid(id))
        return KIOSK_ERR_INVALID;
    return q->ops->cancel(q->ctx, id, out);
}

void qrcharge_close(struct qrcharge *q)
{
    if (!q)
        return;
    q->ops->close(q->ctx);
    kmem_free(q);
}
