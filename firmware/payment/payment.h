/* The payment processor, behind an interface (ARCHITECTURE.md rule 5).
 *
 * The shipped implementation (payment_http_open, in firmware/sync because it
 * speaks HTTPS and JSON) sends the card to the payment endpoint configured
 * for the billing server over verified TLS and gets approved / declined /
 * no answer back. A kiosk with a certified payment terminal would plug in
 * here instead and never see card data at all.
 *
 * Every request carries the kiosk's idempotency key: the processor charges
 * a key at most once, and can be asked later what became of it. The card
 * is only read during authorize(); the caller wipes it after the call. */
#ifndef KIOSK_PAYMENT_H
#define KIOSK_PAYMENT_H

#include "firmware/core/card.h"
#include "firmware/core/err.h"

#include <stdint.h>

enum pay_status {
    PAY_APPROVED = 0, /* charged: auth_code is set */
    PAY_DECLINED,     /* not charged: decline says why */
    PAY_NOT_CHARGED,  /* the processor never took it (unreachable, refused the request) */
    PAY_UNKNOWN,      /* no answer: it may or may not be charged; ask again by key */
};

enum pay_decline {
    DECLINE_NONE = 0,
    DECLINE_GENERIC, /* the bank said no, without a reason to show */
    DECLINE_FUNDS,   /* insufficient funds */
    DECLINE_EXPIRED, /* the card has expired */
    DECLINE_INVALID, /* the card number is not valid */
};

struct pay_request {
    const char *key; /* the idempotency key, already in the store */
    int64_t amount_minor;
    const char *currency;  /* ISO 4217 */
    const char *reference; /* the statement number, for the processor's records */
    const struct pay_card *card;
};

struct pay_result {
    enum pay_status status;
    enum pay_decline decline;
    char auth_code[24];
    char reason[32];  /* the processor's word for a decline ("insufficient_funds") */
    char detail[160]; /* for technicians: what happened, never card data */
};

struct payment_ops {
    const char *name;
    /* Charge req->card once for req->key. KIOSK_OK with res filled whatever
     * the outcome (a decline or no answer is a result, not an error). */
    enum kiosk_err (*authorize)(void *ctx, const struct pay_request *req, struct pay_result *res);
    /* What became of key: approved, declined, PAY_NOT_CHARGED when the
     * processor never saw it, PAY_UNKNOWN when it cannot be asked now. */
    enum kiosk_err (*lookup)(void *ctx, const char *key, struct pay_result *res);
    void (*close)(void *ctx);
};

struct payment {
    const struct payment_ops *ops;
    void *ctx;
};

enum kiosk_err payment_authorize(struct payment *p, const struct pay_request *req,
                                 struct pay_result *res);
enum kiosk_err payment_lookup(struct payment *p, const char *key, struct pay_result *res);
void payment_close(struct payment *p); /* NULL is fine */

/* The shipped processor: HTTPS to [server] payment_url (POST
 * {payment_url}/authorizations, GET {payment_url}/authorizations/KEY), with
 * the billing server's CA file, proxy, timeouts and bearer token file.
 * KIOSK_ERR_CONFIG when no payment_url is set. Defined in firmware/sync. */
struct kiosk_config;
enum kiosk_err payment_http_open(const struct kiosk_config *cfg, struct payment **out);

#endif
