/* The shipped QR charge client (firmware/payment/qrcharge.h): the
 * hospital's payment service over HTTPS with OAuth2 client credentials.
 *
 * What is certain and what is not, as for cards: a request that never
 * connected made no charge; a 404 says the service has no such id; a 4xx
 * to a create was refused (nothing made); a timeout, a broken answer or a
 * 5xx may have made the charge, so its state is unknown and the caller asks
 * again by the same id (never a new one). A create for an id that exists
 * (409) reads it back. The remaining time is the service's own arithmetic:
 * the charge's creation + expiry against the answer's Date header, so the
 * kiosk's clock does not matter. */
#include "firmware/config/config.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/payment/qrcharge.h"
#include "fhir_json.h"
#include "http.h"
#include "sync_private.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#define MOD      "qrpay"
#define MAX_BODY (32 * 1024)

struct qrhttp {
    enum qr_scheme scheme;
    struct http_client *http;
    struct sync_creds creds;
    char url[256];
    char name[64], city[32], key[80], vpa[96], mc[8];
};

static bool safe_text(const char *s)
{
    for (; s && *s; s++)
        if (*s == '"' || *s == '\\' || (unsigned char)*s < 0x20)
            return false;
    return s != NULL;
}

static enum qr_state pix_state(const char *s)
{
    if (!s)
        return QR_UNKNOWN;
    if (strcmp(s, "ATIVA") == 0)
        return QR_ACTIVE;
    if (strcmp(s, "CONCLUIDA") == 0)
        return QR_PAID;
    if (strcmp(s, "REMOVIDA_PELO_USUARIO_RECEBEDOR") == 0)
        return QR_REMOVED;
    if (strcmp(s, "REMOVIDA_PELO_PSP") == 0)
        return QR_EXPIRED;
    return QR_UNKNOWN;
}

static enum qr_state upi_state(const char *s)
{
    if (!s)
        return QR_UNKNOWN;
    if (strcmp(s, "ACTIVE") == 0)
        return QR_ACTIVE;
    if (strcmp(s, "PAID") == 0)
        return QR_PAID;
    if (strcmp(s, "EXPIRED") == 0)
        return QR_EXPIRED;
    if (strcmp(s, "CANCELLED") == 0)
        return QR_REMOVED;
    return QR_UNKNOWN;
}

/* Seconds left: creation + expiry - the answer's Date. */
static int pix_left(struct fjson *cal, const char *date)
{
    int64_t created_ms = 0, expiry_s = 0;
    const char *criacao = fjson_str(cal, "criacao");
    time_t now = date && date[0] ? curl_getdate(date, NULL) : -1;
    if (!criacao || !fjson_instant_ms(criacao, &created_ms) ||
        !fjson_int(fjson_get(cal, "expiracao"), &expiry_s) || now < 0)
        return -1;
    int64_t left = (created_ms / 1000 + expiry_s) - (int64_t)now;
    return left < 0 ? 0 : (int)left;
}

/* The QR's text from what the service holds. */
static void build_payload(const struct qrhttp *q, const char *id, struct qr_charge *out)
{
    enum kiosk_err err;
    if (q->scheme == QR_SCHEME_PIX) {
        const struct brcode c = {.location = out->location,
                                 .amount_minor = out->amount_minor,
                                 .name = q->name,
                                 .city = q->city};
        err = brcode_build(&c, out->payload, sizeof(out->payload));
    } else {
        const struct upi_pay u = {.pa = q->vpa,
                                  .pn = q->name,
                                  .mc = q->mc[0] ? q->mc : NULL,
                                  .tr = id,
                                  .amount_minor = out->amount_minor};
        err = upi_build(&u, out->payload, sizeof(out->payload));
    }
    if (err != KIOSK_OK) {
        out->payload[0] = '\0';
        out->state = QR_UNKNOWN;
        snprintf(out->detail, sizeof(out->detail), "cannot build the QR text: %s",
                 kiosk_strerror(err));
    }
}

static void read_body(const struct qrhttp *q, const char *id, const struct http_response *r,
                      struct qr_charge *out)
{
    struct fjson_doc *doc = NULL;
    if (!r->body || fjson_parse(r->body, r->len, MAX_BODY, &doc) != KIOSK_OK) {
        snprintf(out->detail, sizeof(out->detail), "service answered %ld, not JSON", r->status);
        return;
    }
    struct fjson *root = fjson_root(doc);
    const char *amount = NULL;
    if (q->scheme == QR_SCHEME_PIX) {
        out->state = pix_state(fjson_str(root, "status"));
        amount = fjson_str(fjson_get(root, "valor"), "original");
        out->expires_in_s = pix_left(fjson_get(root, "calendario"), r->date);
        const char *loc = fjson_str(root, "location");
        if (loc && !kstr_copy(out->location, sizeof(out->location), loc))
            out->location[0] = '\0';
    } else {
        out->state = upi_state(fjson_str(root, "status"));
        amount = fjson_str(root, "amount");
        int64_t left = -1;
        if (fjson_int(fjson_get(root, "expires_in_s"), &left))
            out->expires_in_s = (int)left;
    }
    if (!amount || !fjson_money_text(amount, &out->amount_minor) || out->amount_minor <= 0) {
        out->state = QR_UNKNOWN;
        snprintf(out->detail, sizeof(out->detail), "service answered without an amount");
    } else if (out->state == QR_ACTIVE && q->scheme == QR_SCHEME_PIX && !out->location[0]) {
        out->state = QR_UNKNOWN;
        snprintf(out->detail, sizeof(out->detail), "service answered without a location");
    } else {
        snprintf(out->detail, sizeof(out->detail), "%s", qr_state_name(out->state));
        if (out->state == QR_ACTIVE)
            build_payload(q, id, out);
    }
    fjson_doc_free(doc);
}

/* One request and what it says about the charge. */
static void ask(struct qrhttp *q, const char *method, const char *url, const char *body,
                const char *id, bool creating, struct qr_charge *out)
{
    static const char *const headers[] = {"Content-Type: application/json",
                                          "Accept: application/json", NULL};
    struct http_response r;
    bool cred_failed = false;
    enum kiosk_err err =
        sync_creds_request(&q->creds, q->http, method, url, headers, body, &r, NULL, &cred_failed);
    out->state = QR_UNKNOWN;
    if (cred_failed) {
        if (creating)
            out->state = QR_NOT_FOUND; /* nothing went out */
        snprintf(out->detail, sizeof(out->detail), "credentials: %s", kiosk_err_detail());
        return;
    }
    if (err != KIOSK_OK) {
        if (creating && (err == KIOSK_ERR_OFFLINE || err == KIOSK_ERR_DENIED))
            out->state = QR_NOT_FOUND;
        snprintf(out->detail, sizeof(out->detail), "service: %s", kiosk_strerror(err));
        return;
    }
    if (r.status == 200 || r.status == 201) {
        read_body(q, id, &r, out);
    } else if (r.status == 404) {
        out->state = QR_NOT_FOUND;
        snprintf(out->detail, sizeof(out->detail), "the service has no such charge");
    } else if (creating && r.status >= 400 && r.status < 500 && r.status != 408 &&
               r.status != 409 && r.status != 429) {
        out->state = QR_NOT_FOUND;
        snprintf(out->detail, sizeof(out->detail), "the service refused the charge (%ld)",
                 r.status);
    } else {
        snprintf(out->detail, sizeof(out->detail), "service answered %ld", r.status);
    }
    if (r.status == 409 && creating)
        snprintf(out->detail, sizeof(out->detail), "exists");
    http_response_free(&r);
}

static void charge_url(const struct qrhttp *q, const char *id, const char *tail, char *url,
                       size_t size)
{
    snprintf(url, size, "%s/%s/%s%s", q->url, q->scheme == QR_SCHEME_PIX ? "cob" : "charges", id,
             tail);
}

static enum kiosk_err qh_status(void *ctx, const char *id, struct qr_charge *out)
{
    struct qrhttp *q = ctx;
    char url[400];
    charge_url(q, id, "", url, sizeof(url));
    ask(q, "GET", url, NULL, id, false, out);
    log_note(LOG_INFO, MOD, "status", out->detail);
    return KIOSK_OK;
}

static enum kiosk_err qh_create(void *ctx, const struct qr_charge_req *req, struct qr_charge *out)
{
    struct qrhttp *q = ctx;
    char url[400], body[512], amount[24];
    const char *note = req->note ? req->note : "";
    if (!safe_text(note) || qrpay_amount(req->amount_minor, 13, amount, sizeof(amount)))
        return KIOSK_ERR_INVALID;
    int n;
    if (q->scheme == QR_SCHEME_PIX)
        n = snprintf(body, sizeof(body),
                     "{\"calendario\":{\"expiracao\":%d},\"valor\":{\"original\":\"%s\"},"
                     "\"chave\":\"%s\",\"solicitacaoPagador\":\"%s\"}",
                     req->expiry_s, amount, q->key, note);
    else
        n = snprintf(body, sizeof(body),
                     "{\"amount\":\"%s\",\"currency\":\"INR\",\"expiry_s\":%d,\"pa\":\"%s\","
                     "\"note\":\"%s\"}",
                     amount, req->expiry_s, q->vpa, note);
    if (n < 0 || (size_t)n >= sizeof(body))
        return KIOSK_ERR_TOO_BIG;
    charge_url(q, req->id, "", url, sizeof(url));
    ask(q, "PUT", url, body, req->id, true, out);
    if (strcmp(out->detail, "exists") == 0) /* made before (a lost answer): read it */
        ask(q, "GET", url, NULL, req->id, false, out);
    log_note(LOG_INFO, MOD, "charge", out->detail);
    return KIOSK_OK;
}

static enum kiosk_err qh_cancel(void *ctx, const char *id, struct qr_charge *out)
{
    struct qrhttp *q = ctx;
    char url[400];
    if (q->scheme == QR_SCHEME_PIX) {
        charge_url(q, id, "", url, sizeof(url));
        ask(q, "PATCH", url, "{\"status\":\"REMOVIDA_PELO_USUARIO_RECEBEDOR\"}", id, false, out);
    } else {
        charge_url(q, id, "/cancel", url, sizeof(url));
        ask(q, "POST", url, "{}", id, false, out);
    }
    log_note(LOG_INFO, MOD, "cancel", out->detail);
    return KIOSK_OK;
}

static void qh_close(void *ctx)
{
    struct qrhttp *q = ctx;
    if (!q)
        return;
    sync_creds_free(&q->creds);
    http_free(q->http);
    kmem_free(q);
}

static const struct qrcharge_ops qrcharge_http_ops = {
    .name = "http",
    .create = qh_create,
    .status = qh_status,
    .cancel = qh_cancel,
    .close = qh_close,
};

/* The payee fields the scheme needs, as a sentence for technicians. */
static enum kiosk_err check_payee(const struct kiosk_config *cfg, enum qr_scheme scheme)
{
    char folded[BRCODE_NAME_MAX + 1];
    if (!safe_text(cfg->qr_payee_name) || !cfg->qr_payee_name[0]) {
        kiosk_err_set_detail("qrpay: [qrpay] payee_name is needed");
        return KIOSK_ERR_CONFIG;
    }
    if (scheme == QR_SCHEME_PIX &&
        (!cfg->qr_pix_key[0] || !safe_text(cfg->qr_pix_key) ||
         brcode_fold(cfg->qr_payee_name, BRCODE_NAME_MAX, folded, sizeof(folded)) != KIOSK_OK ||
         brcode_fold(cfg->qr_payee_city, BRCODE_CITY_MAX, folded, sizeof(folded)) != KIOSK_OK)) {
        kiosk_err_set_detail("qrpay: Pix needs [qrpay] pix_key, and payee_name and payee_city "
                             "with Latin letters");
        return KIOSK_ERR_CONFIG;
    }
    if (scheme == QR_SCHEME_UPI &&
        (!cfg->qr_upi_vpa[0] || !safe_text(cfg->qr_upi_vpa) || !strchr(cfg->qr_upi_vpa, '@'))) {
        kiosk_err_set_detail("qrpay: UPI needs [qrpay] upi_vpa (name@bank)");
        return KIOSK_ERR_CONFIG;
    }
    return KIOSK_OK;
}

static enum kiosk_err scheme_of(const char *s, enum qr_scheme *out)
{
    if (strcmp(s, "pix") == 0)
        *out = QR_SCHEME_PIX;
    else if (strcmp(s, "upi") == 0)
        *out = QR_SCHEME_UPI;
    else
        return KIOSK_ERR_CONFIG;
    return KIOSK_OK;
}

enum kiosk_err qrcharge_http_open(const struct kiosk_config *cfg, struct qrcharge **out)
{
    *out = NULL;
    enum qr_scheme scheme;
    if (!cfg->qr_scheme[0] || !cfg->qr_url[0] || scheme_of(cfg->qr_scheme, &scheme) != KIOSK_OK)
        return KIOSK_ERR_CONFIG;
    char why[160];
    enum kiosk_err err = http_url_check(cfg->qr_url, why, sizeof(why));
    if (err != KIOSK_OK) {
        kiosk_err_set_detail("qrpay: [qrpay] url %s", why);
        return err;
    }
    if ((err = check_payee(cfg, scheme)) != KIOSK_OK)
        return err;
    struct qrhttp *q = kmem_alloc(sizeof(*q));
    struct qrcharge *qc = kmem_alloc(sizeof(*qc));
    if (!q || !qc) {
        kmem_free(q);
        kmem_free(qc);
        return KIOSK_ERR_NOMEM;
    }
    memset(q, 0, sizeof(*q));
    q->scheme = scheme;
    kstr_copy(q->url, sizeof(q->url), cfg->qr_url);
    size_t n = strlen(q->url);
    while (n > 0 && q->url[n - 1] == '/')
        q->url[--n] = '\0';
    kstr_copy(q->name, sizeof(q->name), cfg->qr_payee_name);
    kstr_copy(q->city, sizeof(q->city), cfg->qr_payee_city);
    kstr_copy(q->key, sizeof(q->key), cfg->qr_pix_key);
    kstr_copy(q->vpa, sizeof(q->vpa), cfg->qr_upi_vpa);
    kstr_copy(q->mc, sizeof(q->mc), cfg->qr_upi_mc);
    sync_creds_init(&q->creds, cfg, kclock_system());
    kstr_copy(q->creds.token_file, sizeof(q->creds.token_file), cfg->qr_secret_file);
    kstr_copy(q->creds.oauth_url, sizeof(q->creds.oauth_url), cfg->qr_oauth_url);
    kstr_copy(q->creds.client_id, sizeof(q->creds.client_id), cfg->qr_client_id);
    struct http_options o = {
        .ca_file = cfg->qr_ca_file,
        .proxy = cfg->server_proxy,
        .connect_timeout_ms = cfg->server_connect_timeout_s * 1000L,
        .timeout_ms = cfg->server_timeout_s * 1000L,
        .max_body = MAX_BODY,
    };
    if ((err = http_new(&o, &q->http)) != KIOSK_OK) {
        kmem_free(q);
        kmem_free(qc);
        return err;
    }
    qc->ops = &qrcharge_http_ops;
    qc->ctx = q;
    qc->scheme = scheme;
    *out = qc;
    return KIOSK_OK;
}
