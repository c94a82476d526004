#include "firmware/payment/payment.h"
#include "firmware/core/mem.h"

#include <string.h>

enum kiosk_err payment_authorize(struct payment *p, const struct pay_request *req,
                                 struct pay_result *res)
{
    memset(res, 0, sizeof(*res));
    res->status = PAY_NOT_CHARGED;
    if (!p)
        return KIOSK_ERR_NO_DEVICE;
    if (!req || !req->key || !req->key[0] || req->amount_minor <= 0 || !req->currency ||
        !kcard_present(req->card))
        return KIOSK_ERR_INVALID;
    return p->ops->authorize(p->ctx, req, res);
}

enum kiosk_err payment_lookup(struct payment *p, const char *key, struct pay_result *res)
{
    memset(res, 0, sizeof(*res));
    res->status = PAY_UNKNOWN;
    if (!p)
        return KIOSK_ERR_NO_DEVICE;
    if (!key || !key[0])
        return KIOSK_ERR_INVALID;
    return p->ops->lookup(p->ctx, key, res);
}

void payment_close(struct payment *p)
{
    if (!p)
        return;
    p->ops->close(p->ctx);
    kmem_free(p);
}
