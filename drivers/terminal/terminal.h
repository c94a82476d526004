/* Payment terminals (semi-integrated card payments): the kiosk sends "pay
 * this amount for this reference" and gets the outcome, the masked card and
 * the receipt lines; the card never reaches the kiosk's software.
 *
 * Like the other device classes, a const ops table chosen by name from one
 * registry (terminal.c): "adyen-nexo" (nexo Sale-to-POI as Adyen's Terminal
 * API speaks it, JSON over HTTPS with its message encryption, nexo.c). A
 * second protocol (OPI, another acquirer) is one more table.
 *
 * pay() blocks until the terminal answers (the patient is at the terminal):
 * call it off the UI thread. abort() may be called from another thread
 * while pay() runs; the running pay() then returns the terminal's answer
 * (usually "cancelled"). status() asks what became of a reference. */
#ifndef KIOSK_DRIVERS_TERMINAL_H
#define KIOSK_DRIVERS_TERMINAL_H

#include "firmware/core/err.h"
#include "firmware/payment/payment.h"

#include <stddef.h>

struct terminal_settings {
    const char *driver;          /* "adyen-nexo" */
    const char *url;             /* https://<terminal>:8443/nexo */
    const char *poiid;           /* "V400m-123456789" */
    const char *sale_id;         /* this kiosk's SaleID */
    const char *key_id;          /* KeyIdentifier */
    int key_version;             /* KeyVersion */
    const char *passphrase_file; /* the shared passphrase (read once, wiped) */
    const char *ca_file;         /* the root the terminal's certificate chains to */
    const char *cert_domain;     /* its CN is POIID + this; "" = the POIID's own name */
    int connect_timeout_s;
    int timeout_s; /* for a whole payment (the patient at the terminal) */
};

struct terminal_ops {
    const char *name;
    enum kiosk_err (*open)(const struct terminal_settings *s, void **ctx);
    enum kiosk_err (*pay)(void *ctx, const struct pay_request *req, struct pay_result *res);
    enum kiosk_err (*abort)(void *ctx, const char *key);
    enum kiosk_err (*status)(void *ctx, const char *key, struct pay_result *res);
    void (*describe)(void *ctx, char *out, size_t size);
    void (*close)(void *ctx);
};

struct terminal {
    const struct terminal_ops *ops;
    void *ctx;
};

/* Open the driver the settings name. KIOSK_ERR_CONFIG for an unknown name
 * or missing settings (kiosk_err_detail says which). */
enum kiosk_err terminal_open(const struct terminal_settings *s, struct terminal **out);
/* Charge req once. KIOSK_OK with res filled whatever the outcome (a decline
 * or no answer is a result, not an error). */
enum kiosk_err terminal_pay(struct terminal *t, const struct pay_request *req,
                            struct pay_result *res);
/* Ask the terminal to stop the payment of key (Cancel on the kiosk). */
enum kiosk_err terminal_abort(struct terminal *t, const char *key);
/* What became of key: approved, declined, PAY_NOT_CHARGED when the
 * terminal never saw it, PAY_UNKNOWN when it cannot say now. */
enum kiosk_err terminal_status(struct terminal *t, const char *key, struct pay_result *res);
void terminal_describe(struct terminal *t, char *out, size_t size);
void terminal_close(struct terminal *t); /* NULL is fine */

#endif
