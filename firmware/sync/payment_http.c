/* The shipped payment processor (firmware/payment/payment.h): the billing
 * server's payment endpoint over HTTPS.
 *
 *   POST {payment_url}/authorizations
 *     {"idempotency_key", "amount_minor", "currency", "reference",
 *      "card": {"number", "exp_month", "exp_year"}}
 *   GET  {payment_url}/authorizations/KEY
 *   answer: {"status": "approved", "auth_code"} or
 *           {"status": "declined", "decline_reason"}; 404 for a key never seen
 *
 * What is certain and what is not: a request that could not connect, or
 * whose server certificate was refused, was never sent (not charged); a 4xx answer was refused (not
 * charged); a timeout, a broken connection, a 5xx or an answer we cannot read may have charged the
 * card, so the outcome is "unknown" and the caller asks again by key. The request body holding the
 * card number is built in a buffer of our own and wiped after the call. */
#include "firmware/payment/payment.h"
#include "firmware/config/config.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "fhir_json.h"
#include "http.h"
#include "sync_private.h"

#include <stdio.h>
#include <string.h>

#define MOD      "payment"
#define MAX_BODY (64 * 1024)

struct payhttp {
    struct http_client *http;
    char url[256];
    struct sync_creds creds; /* the billing server's: a bearer token or OAuth2 */
};

static enum pay_decline decline_of(const char *reason)
{
    if (!reason)
        return DECLINE_GENERIC;
    if (strcmp(reason, "insufficient_funds") == 0)
        return DECLINE_FUNDS;
    if (strcmp(reason, "expired_card") == 0)
        return DECLINE_EXPIRED;
    if (strcmp(reason, "invalid_card") == 0)
        return DECLINE_INVALID;
    return DECLINE_GENERIC;
}

/* Read an answer's body into res. An unreadable body leaves it unknown. */
static void read_answer(const struct http_response *r, struct pay_result *res)
{
    struct fjson_doc *doc = NULL;
    res->status = PAY_UNKNOWN;
    if (!r->body || fjson_parse(r->body, r->len, MAX_BODY, &doc) != KIOSK_OK) {
        snprintf(res->detail, sizeof(res->detail), "payment endpoint answered %ld, not JSON",
                 r->status);
        return;
    }
    struct fjson *root = fjson_root(doc);
    const char *status = fjson_str(root, "status");
    const char *auth = fjson_str(root, "auth_code");
    const char *reason = fjson_str(root, "decline_reason");
    if (status && strcmp(status, "approved") == 0 && auth && auth[0] &&
        strlen(auth) < sizeof(res->auth_code)) {
        res->status = PAY_APPROVED;
        kstr_copy(res->auth_code, sizeof(res->auth_code), auth);
        snprintf(res->detail, sizeof(res->detail), "approved");
    } else if (status && strcmp(status, "declined") == 0) {
        res->status = PAY_DECLINED;
        res->decline = decline_of(reason);
        kstr_copy(res->reason, sizeof(res->reason), reason ? reason : "declined");
        snprintf(res->detail, sizeof(res->detail), "declined: %s", res->reason);
    } else {
        snprintf(res->detail, sizeof(res->detail),
                 "payment endpoint answered %ld without a usable status", r->status);
    }
    fjson_doc_free(doc);
}

/* The outcome of a request that got no usable answer. */
static void no_answer(enum kiosk_err err, struct pay_result *res)
{
    /* Could not connect or resolve, the certificate was refused during the
     * handshake, or the address itself was refused before sending: nothing
     * was sent. Anything else may have reached the processor. */
    res->status = err == KIOSK_ERR_OFFLINE || err == KIOSK_ERR_DENIED || err == KIOSK_ERR_CONFIG
                      ? PAY_NOT_CHARGED
                      : PAY_UNKNOWN;
    snprintf(res->detail, sizeof(res->detail), "payment endpoint: %s (%s)", kiosk_strerror(err),
             kiosk_err_detail());
}

static void classify(const struct http_response *r, struct pay_result *res)
{
    if (r->status == 200 || r->status == 201) {
        read_answer(r, res);
    } else if (r->status == 404) {
        res->status = PAY_NOT_CHARGED;
        snprintf(res->detail, sizeof(res->detail), "the processor has no such payment");
    } else if (r->status >= 400 && r->status < 500 && r->status != 408 && r->status != 429) {
        res->status = PAY_NOT_CHARGED;
        snprintf(res->detail, sizeof(res->detail), "payment endpoint refused the request (%ld)",
                 r->status);
    } else {
        res->status = PAY_UNKNOWN;
        snprintf(res->detail, sizeof(res->detail), "payment endpoint answered %ld", r->status);
    }
}

static bool safe_text(const char *s)
{
    for (; s && *s; s++)
        if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20)
            return false;
    return s != NULL;
}

static enum kiosk_err ph_authorize(void *ctx, const struct pay_request *req, struct pay_result *res)
{
    struct payhttp *p = ctx;
    char url[320], body[512];
    struct http_response r;
    static const char *const headers[] = {"Content-Type: application/json",
                                          "Accept: application/json", NULL};
    const char *ref = req->reference ? req->reference : "";
    if (!safe_text(req->key) || !safe_text(req->currency) || !safe_text(ref))
        return KIOSK_ERR_INVALID;
    snprintf(url, sizeof(url), "%s/authorizations", p->url);
    int n = snprintf(body, sizeof(body),
                     "{\"idempotency_key\":\"%s\",\"amount_minor\":%lld,\"currency\":\"%s\","
                     "\"reference\":\"%s\",\"card\":{\"number\":\"%s\",\"exp_month\":%d,"
                     "\"exp_year\":%d}}",
                     req->key, (long long)req->amount_minor, req->currency, ref, req->card->pan,
                     req->card->exp_month, req->card->exp_year);
    if (n < 0 || (size_t)n >= sizeof(body)) {
        kmem_wipe(body, sizeof(body));
        return KIOSK_ERR_INVALID;
    }
    bool cred_failed;
    enum kiosk_err err =
        sync_creds_request(&p->creds, p->http, "POST", url, headers, body, &r, NULL, &cred_failed);
    kmem_wipe(body, sizeof(body));
    if (cred_failed) {
        /* The card never went out. */
        res->status = PAY_NOT_CHARGED;
        snprintf(res->detail, sizeof(res->detail), "%s", kiosk_err_detail());
    } else if (err != KIOSK_OK) {
        no_answer(err, res);
    } else {
        classify(&r, res);
        http_response_free(&r);
    }
    log_note(LOG_INFO, MOD, "authorisation", res->detail);
    return KIOSK_OK;
}

static enum kiosk_err ph_lookup(void *ctx, const char *key, struct pay_result *res)
{
    struct payhttp *p = ctx;
    char url[400], esc[128];
    struct http_response r;
    static const char *const headers[] = {"Accept: application/json", NULL};
    if (!http_escape(esc, sizeof(esc), key))
        return KIOSK_ERR_INVALID;
    snprintf(url, sizeof(url), "%s/authorizations/%s", p->url, esc);
    bool cred_failed;
    enum kiosk_err err =
        sync_creds_request(&p->creds, p->http, "GET", url, headers, NULL, &r, NULL, &cred_failed);
    if (cred_failed) {
        res->status = PAY_UNKNOWN;
        snprintf(res->detail, sizeof(res->detail), "%s", kiosk_err_detail());
    } else if (err != KIOSK_OK) {
        no_answer(err, res);
        res->status = PAY_UNKNOWN; /* not reachable now: ask again later */
    } else {
        classify(&r, res);
        /* Only "no such payment" says it was never charged: a question
         * refused (401, 403, 400) says nothing about the payment. */
        if (res->status == PAY_NOT_CHARGED && r.status != 404)
            res->status = PAY_UNKNOWN;
        http_response_free(&r);
    }
    log_note(LOG_INFO, MOD, "outcome asked again", res->detail);
    return KIOSK_OK;
}

static void ph_close(void *ctx)
{
    struct payhttp *p = ctx;
    if (!p)
        return;
    sync_creds_free(&p->creds);
    http_free(p->http);
    kmem_free(p);
}

static const struct payment_ops payment_http_ops = {
    .name = "http",
    .authorize = ph_authorize,
    .lookup = ph_lookup,
    .close = ph_close,
};

enum kiosk_err payment_http_open(const struct kiosk_config *cfg, struct payment **out)
{
    *out = NULL;
    if (!cfg->server_payment_url[0])
        return KIOSK_ERR_CONFIG;
    /* The card number goes to this address: the one URL rule (http.h). */
    char why[160];
    enum kiosk_err uerr = http_url_check(cfg->server_payment_url, why, sizeof(why));
    if (uerr != KIOSK_OK) {
        kiosk_err_set_detail("payment: [server] payment_url %s", why);
        return uerr;
    }
    struct payhttp *p = kmem_alloc(sizeof(*p));
    struct payment *pay = kmem_alloc(sizeof(*pay));
    if (!p || !pay) {
        kmem_free(p);
        kmem_free(pay);
        return KIOSK_ERR_NOMEM;
    }
    kstr_copy(p->url, sizeof(p->url), cfg->server_payment_url);
    size_t n = strlen(p->url);
    while (n > 0 && p->url[n - 1] == '/')
        p->url[--n] = '\0';
    sync_creds_init(&p->creds, cfg, kclock_system());
    struct http_options o = {
        .ca_file = cfg->server_ca_file,
        .proxy = cfg->server_proxy,
        .connect_timeout_ms = cfg->server_connect_timeout_s * 1000L,
        .timeout_ms = cfg->server_timeout_s * 1000L,
        .max_body = MAX_BODY,
    };
    enum kiosk_err err = http_new(&o, &p->http);
    if (err != KIOSK_OK) {
        kmem_free(p);
        kmem_free(pay);
        return err;
    }
    pay->ops = &payment_http_ops;
    pay->ctx = p;
    *out = pay;
    return KIOSK_OK;
}
