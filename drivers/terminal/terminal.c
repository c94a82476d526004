/* The payment terminal registry and the calls every driver shares. */
#include "drivers/terminal/terminal.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <stdio.h>
#include <string.h>

extern const struct terminal_ops terminal_nexo_ops;

static const struct terminal_ops *const registry[] = {&terminal_nexo_ops};

enum kiosk_err terminal_open(const struct terminal_settings *s, struct terminal **out)
{
    *out = NULL;
    const struct terminal_ops *ops = NULL;
    for (size_t i = 0; s && s->driver && i < sizeof(registry) / sizeof(registry[0]); i++)
        if (strcmp(registry[i]->name, s->driver) == 0)
            ops = registry[i];
    if (!ops) {
        kiosk_err_set_detail("terminal: no driver '%s' (known: adyen-nexo)",
                             s && s->driver ? s->driver : "");
        return KIOSK_ERR_CONFIG;
    }
    struct terminal *t = kmem_alloc(sizeof(*t));
    if (!t)
        return KIOSK_ERR_NOMEM;
    enum kiosk_err err = ops->open(s, &t->ctx);
    if (err != KIOSK_OK) {
        kmem_free(t);
        return err;
    }
    t->ops = ops;
    *out = t;
    return KIOSK_OK;
}

enum kiosk_err terminal_pay(struct terminal *t, const struct pay_request *req,
                            struct pay_result *res)
{
    memset(res, 0, sizeof(*res));
    res->status = PAY_NOT_CHARGED;
    if (!t)
        return KIOSK_ERR_NO_DEVICE;
    if (!req || !req->key || !req->key[0] || req->amount_minor <= 0 || !req->currency)
        return KIOSK_ERR_INVALID;
    return t->ops->pay(t->ctx, req, res);
}

enum kiosk_err terminal_abort(struct terminal *t, const char *key)
{
    if (!t)
        return KIOSK_ERR_NO_DEVICE;
    if (!key || !key[0])
        return KIOSK_ERR_INVALID;
    return t->ops->abort(t->ctx, key);
}

enum kiosk_err terminal_status(struct terminal *t, const char *key, struct pay_result *res)
{
    memset(res, 0, sizeof(*res));
    res->status = PAY_UNKNOWN;
    if (!t)
        return KIOSK_ERR_NO_DEVICE;
    if (!key || !key[0])
        return KIOSK_ERR_INVALID;
    return t->ops->status(t->ctx, key, res);
}

void terminal_describe(struct terminal *t, char *out, size_t size)
{
    if (!t) {
        snprintf(out, size, "no payment terminal");
        return;
    }
    t->ops->describe(t->ctx, out, size);
}

void terminal_close(struct terminal *t)
{
    if (!t)
        return;
    t->ops->close(t->ctx);
    kmem_free(t);
}
