#define _POSIX_C_SOURCE 200809L /* gmtime_r */
/* "adyen-nexo": nexo Sale-to-POI as Adyen's Terminal API speaks it on the
 * local network (docs/ARCHITECTURE.md, README "Configuring a payment
 * terminal").
 *
 *   POST https://<terminal>:8443/nexo  {"SaleToPOIRequest": secured message}
 *   answer                             {"SaleToPOIResponse": secured message}
 *
 * Messages are encrypted with the shared passphrase (nexo_crypto.h). The
 * terminal's certificate must chain to the configured root and name the
 * configured POIID (its CN is "<POIID>.test.terminal.adyen.com" or ".live."):
 * the host name is an address on the local network and is not checked.
 *
 * The transaction reference is the kiosk's payment key (SaleTransactionID);
 * the payment's ServiceID is derived from it (its first 10 hex digits), so
 * an AbortRequest or a TransactionStatusRequest after a restart refers to
 * the same payment without storing anything more. Abort and status requests
 * get ServiceIDs of their own.
 *
 * What is certain and what is not: a request that could not connect, or
 * whose terminal certificate was refused, was never sent (not charged); a
 * timeout after sending, a broken connection, a 5xx or an answer we cannot
 * open or read may have charged the card: unknown, asked again by reference.
 * Answers are read leniently: any field of the wrong type or size is
 * treated as missing, and a missing outcome is "unknown", never a crash. */
#include "drivers/terminal/nexo_crypto.h"
#include "drivers/terminal/terminal.h"
#include "firmware/core/file.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <curl/curl.h>
#include <json-c/json.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MOD        "terminal"
#define MAX_ANSWER (256 * 1024)
#define MAX_DEPTH  24

struct nexo {
    struct nexo_keys keys;
    char url[256], poiid[64], sale_id[64], ca_file[256], domain[96];
    long connect_timeout_s, timeout_s;
};

/* ---- transport ------------------------------------------------------------------- */

struct answer {
    char *buf;
    size_t len;
    bool too_big;
};

static size_t on_data(char *ptr, size_t size, size_t n, void *arg)
{
    struct answer *a = arg;
    size_t add = size * n;
    if (a->len + add > MAX_ANSWER) {
        a->too_big = true;
        return 0;
    }
    char *nb = kmem_alloc(a->len + add + 1);
    if (!nb)
        return 0;
    if (a->buf)
        memcpy(nb, a->buf, a->len);
    memcpy(nb + a->len, ptr, add);
    kmem_free(a->buf);
    a->buf = nb;
    a->len += add;
    a->buf[a->len] = '\0';
    return add;
}

/* "<POIID><domain>", or with no domain set Adyen's test or live names. */
static bool cn_matches(const struct nexo *n, const char *cn)
{
    size_t p = strlen(n->poiid);
    if (strncmp(cn, n->poiid, p) != 0)
        return false;
    const char *rest = cn + p;
    if (n->domain[0])
        return strcmp(rest, n->domain) == 0;
    return strcmp(rest, ".test.terminal.adyen.com") == 0 ||
           strcmp(rest, ".live.terminal.adyen.com") == 0;
}

/* The terminal's own certificate must carry the expected CN. */
static int verify_cn(int ok, X509_STORE_CTX *x)
{
    if (!ok || X509_STORE_CTX_get_error_depth(x) != 0)
        return ok;
    SSL *ssl = X509_STORE_CTX_get_ex_data(x, SSL_get_ex_data_X509_STORE_CTX_idx());
    const struct nexo *n = ssl ? SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)) : NULL;
    X509 *cert = X509_STORE_CTX_get_current_cert(x);
    char cn[256] = "";
    X509_NAME *name = cert ? X509_get_subject_name(cert) : NULL;
    if (!n || !name || X509_NAME_get_text_by_NID(name, NID_commonName, cn, sizeof(cn)) <= 0 ||
        !cn_matches(n, cn)) {
        X509_STORE_CTX_set_error(x, X509_V_ERR_HOSTNAME_MISMATCH);
        return 0;
    }
    return 1;
}

static CURLcode ssl_ctx_cb(CURL *curl, void *sslctx, void *arg)
{
    (void)curl;
    SSL_CTX_set_app_data((SSL_CTX *)sslctx, arg);
    SSL_CTX_set_verify((SSL_CTX *)sslctx, SSL_VERIFY_PEER, verify_cn);
    return CURLE_OK;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_rc = CURLE_FAILED_INIT;
static void curl_start(void)
{
    curl_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

enum sent { SENT_NOT, SENT_MAYBE, SENT_ANSWERED };

/* POST body; *ans gets the answer of a 200. Returns how far it got. */
static enum sent post(struct nexo *n, const char *body, long timeout_s, struct answer *ans,
                      long *status, char *why, size_t why_size)
{
    memset(ans, 0, sizeof(*ans));
    *status = 0;
    pthread_once(&curl_once, curl_start);
    CURL *c = curl_rc == CURLE_OK ? curl_easy_init() : NULL;
    if (!c) {
        snprintf(why, why_size, "libcurl could not start");
        return SENT_NOT;
    }
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, n->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, n->connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L); /* the CN is checked against the POIID */
    curl_easy_setopt(c, CURLOPT_SSL_CTX_FUNCTION, ssl_ctx_cb);
    curl_easy_setopt(c, CURLOPT_SSL_CTX_DATA, n);
    curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
    if (n->ca_file[0])
        curl_easy_setopt(c, CURLOPT_CAINFO, n->ca_file);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, ans);
    CURLcode rc = curl_easy_perform(c);
    curl_off_t pre = 0;
    curl_easy_getinfo(c, CURLINFO_PRETRANSFER_TIME_T, &pre);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    if (rc == CURLE_OK)
        return SENT_ANSWERED;
    snprintf(why, why_size, "%s", curl_easy_strerror(rc));
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        return SENT_NOT;
    default:
        /* Timed out before the request went out: nothing was sent. */
        return pre == 0 ? SENT_NOT : SENT_MAYBE;
    }
}

/* ---- messages -------------------------------------------------------------------- */

/* A new ServiceID: 10 digits. */
static void service_id_new(char out[11])
{
    uint8_t r[10];
    if (RAND_bytes(r, sizeof(r)) != 1)
        memset(r, 7, sizeof(r));
    for (int i = 0; i < 10; i++)
        out[i] = (char)('0' + r[i] % 10);
    out[10] = '\0';
}

/* The payment's ServiceID: the key's first 10 hex digits. */
static void service_id_of(const char *key, char out[11])
{
    int n = 0;
    for (const char *p = key; *p && n < 10; p++)
        if (isxdigit((unsigned char)*p))
            out[n++] = *p;
    out[n] = '\0';
}

static json_object *header_new(const struct nexo *n, const char *category, const char *service_id)
{
    json_object *h = json_object_new_object();
    json_object_object_add(h, "ProtocolVersion", json_object_new_string("3.0"));
    json_object_object_add(h, "MessageClass", json_object_new_string("Service"));
    json_object_object_add(h, "MessageCategory", json_object_new_string(category));
    json_object_object_add(h, "MessageType", json_object_new_string("Request"));
    json_object_object_add(h, "ServiceID", json_object_new_string(service_id));
    json_object_object_add(h, "SaleID", json_object_new_string(n->sale_id));
    json_object_object_add(h, "POIID", json_object_new_string(n->poiid));
    return h;
}

static json_object *reference_new(const struct nexo *n, const char *service_id)
{
    json_object *r = json_object_new_object();
    json_object_object_add(r, "MessageCategory", json_object_new_string("Payment"));
    json_object_object_add(r, "SaleID", json_object_new_string(n->sale_id));
    json_object_object_add(r, "ServiceID", json_object_new_string(service_id));
    json_object_object_add(r, "POIID", json_object_new_string(n->poiid));
    return r;
}

/* Seal {"SaleToPOIRequest": {MessageHeader, <body_name>: body}}; takes both objects. */
static enum kiosk_err seal_request(const struct nexo *n, json_object *header, const char *body_name,
                                   json_object *body, char **out)
{
    json_object *inner = json_object_new_object();
    json_object_object_add(inner, "MessageHeader", json_object_get(header));
    json_object_object_add(inner, body_name, body);
    json_object *root = json_object_new_object();
    json_object_object_add(root, "SaleToPOIRequest", inner);
    const char *plain = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
    const char *hdr = json_object_to_json_string_ext(header, JSON_C_TO_STRING_PLAIN);
    enum kiosk_err err = nexo_seal(&n->keys, "SaleToPOIRequest", hdr, plain, out);
    json_object_put(root);
    json_object_put(header);
    return err;
}

/* Lenient readers: the wrong type is missing. */
static json_object *get(json_object *o, const char *name)
{
    json_object *v = NULL;
    if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, name, &v))
        return NULL;
    return v;
}

static const char *get_str(json_object *o, const char *name)
{
    json_object *v = get(o, name);
    return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* Printable text of at most size-1 bytes, without control characters. */
static void copy_text(char *out, size_t size, const char *in)
{
    size_t n = 0;
    for (const char *p = in ? in : ""; *p && n + 1 < size; p++)
        if ((unsigned char)*p >= 0x20 && *p != 0x7f)
            out[n++] = *p;
    out[n] = '\0';
    /* A cut in the middle of a UTF-8 sequence is taken back. */
    while (n > 0 && !kstr_utf8_valid(out, n))
        out[--n] = '\0';
}

/* A run of 13 or more digits (possibly spaced) never reaches the kiosk's
 * screens or paper: the terminal should never send one, this makes sure. */
static bool has_long_number(const char *s)
{
    int run = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s))
            run++;
        else if (*s != ' ' && *s != '-')
            run = 0;
        if (run >= 13)
            return true;
    }
    return false;
}

static int hexval(char c)
{
    return isdigit((unsigned char)c) ? c - '0'
           : (c >= 'a' && c <= 'f')  ? c - 'a' + 10
           : (c >= 'A' && c <= 'F')  ? c - 'A' + 10
                                     : -1;
}

/* %-decode (and '+' as space) of [s, e) into out. */
static void form_decode(const char *s, const char *e, char *out, size_t size)
{
    size_t n = 0;
    while (s < e && n + 1 < size) {
        if (*s == '%' && e - s >= 3 && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
            out[n++] = (char)(hexval(s[1]) * 16 + hexval(s[2]));
            s += 3;
        } else {
            out[n++] = *s == '+' ? ' ' : *s;
            s++;
        }
    }
    out[n] = '\0';
}

/* One receipt line as Adyen sends it ("key=card&name=Card&value=Visa") or
 * plain text: "name: value", "name", or the text. */
static void receipt_line(const char *text, char *out, size_t size)
{
    char name[PAY_RECEIPT_TEXT * 2] = "", value[PAY_RECEIPT_TEXT * 2] = "",
                                 raw[PAY_RECEIPT_TEXT * 4];
    bool form = strstr(text, "name=") || strstr(text, "value=") || strstr(text, "key=");
    if (!form) {
        copy_text(out, size, text);
        return;
    }
    for (const char *p = text; *p;) {
        const char *amp = strchr(p, '&');
        const char *end = amp ? amp : p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (eq && (size_t)(eq - p) == 4 && strncmp(p, "name", 4) == 0)
            form_decode(eq + 1, end, name, sizeof(name));
        else if (eq && (size_t)(eq - p) == 5 && strncmp(p, "value", 5) == 0)
            form_decode(eq + 1, end, value, sizeof(value));
        p = amp ? amp + 1 : end;
    }
    /* "name: value", cut at a character boundary when it is longer than a line */
    kstr_copy(raw, sizeof(raw), name[0] ? name : value);
    if (name[0] && value[0]) {
        kstr_append(raw, sizeof(raw), ": ");
        kstr_append(raw, sizeof(raw), value);
    }
    copy_text(out, size, raw);
}

static void read_receipt(json_object *payment_response, struct pay_result *res)
{
    json_object *receipts = get(payment_response, "PaymentReceipt");
    if (!receipts || !json_object_is_type(receipts, json_type_array))
        return;
    size_t nr = json_object_array_length(receipts);
    for (size_t i = 0; i < nr && i < 8; i++) {
        json_object *r = json_object_array_get_idx(receipts, i);
        const char *q = get_str(r, "DocumentQualifier");
        if (!q || strcmp(q, "CustomerReceipt") != 0)
            continue;
        json_object *texts = get(get(r, "OutputContent"), "OutputText");
        if (!texts || !json_object_is_type(texts, json_type_array))
            continue;
        size_t nt = json_object_array_length(texts);
        for (size_t k = 0; k < nt && res->receipt_lines < PAY_RECEIPT_LINES; k++) {
            const char *t = get_str(json_object_array_get_idx(texts, k), "Text");
            char line[PAY_RECEIPT_TEXT];
            if (!t || strlen(t) > 1024)
                continue;
            receipt_line(t, line, sizeof(line));
            if (!line[0] || has_long_number(line))
                continue;
            memcpy(res->receipt[res->receipt_lines++], line, sizeof(line));
        }
        return;
    }
}

static enum pay_decline decline_of(const char *cond)
{
    if (!cond)
        return DECLINE_GENERIC;
    if (strcmp(cond, "WrongPIN") == 0 || strcmp(cond, "WrongPin") == 0)
        return DECLINE_PIN;
    if (strcmp(cond, "InvalidCard") == 0 || strcmp(cond, "NotAllowed") == 0)
        return DECLINE_INVALID;
    return DECLINE_GENERIC;
}

/* AdditionalResponse "refusalReason=Not%20enough%20balance&..." -> funds. */
static bool says_funds(const char *additional)
{
    return additional &&
           (strstr(additional, "Not%20enough%20balance") ||
            strstr(additional, "Not enough balance") || strstr(additional, "insufficient"));
}

/* A PaymentResponse into res. */
static void read_payment(json_object *pr, struct pay_result *res)
{
    json_object *resp = get(pr, "Response");
    const char *result = get_str(resp, "Result");
    const char *cond = get_str(resp, "ErrorCondition");
    json_object *pres = get(pr, "PaymentResult");
    json_object *card = get(get(pres, "PaymentInstrumentData"), "CardData");
    copy_text(res->brand, sizeof(res->brand), get_str(card, "PaymentBrand"));
    if (has_long_number(res->brand))
        res->brand[0] = '\0';
    pay_mask_clean(get_str(card, "MaskedPan"), res->masked_pan, sizeof(res->masked_pan),
                   res->last4);
    if (!result) {
        res->status = PAY_UNKNOWN;
        snprintf(res->detail, sizeof(res->detail), "terminal answered without a Result");
        return;
    }
    if (strcmp(result, "Success") == 0) {
        const char *code = get_str(get(pres, "PaymentAcquirerData"), "ApprovalCode");
        char c[sizeof(res->auth_code)];
        copy_text(c, sizeof(c), code);
        if (!c[0] || !code || strlen(code) >= sizeof(res->auth_code)) {
            res->status = PAY_UNKNOWN;
            snprintf(res->detail, sizeof(res->detail),
                     "terminal approved without an approval code");
            return;
        }
        res->status = PAY_APPROVED;
        kstr_copy(res->auth_code, sizeof(res->auth_code), c);
        read_receipt(pr, res);
        snprintf(res->detail, sizeof(res->detail), "approved");
        return;
    }
    if (strcmp(result, "Failure") != 0) {
        res->status = PAY_UNKNOWN; /* "Partial" or anything else: staff check it */
        snprintf(res->detail, sizeof(res->detail), "terminal answered Result %.40s", result);
        return;
    }
    copy_text(res->reason, sizeof(res->reason), cond ? cond : "Refusal");
    if (cond && (strcmp(cond, "Cancel") == 0 || strcmp(cond, "Aborted") == 0)) {
        res->status = PAY_CANCELLED;
    } else if (cond &&
               (strcmp(cond, "Busy") == 0 || strcmp(cond, "DeviceOut") == 0 ||
                strcmp(cond, "UnavailableService") == 0 || strcmp(cond, "UnavailableDevice") == 0 ||
                strcmp(cond, "MessageFormat") == 0 || strcmp(cond, "NotFound") == 0 ||
                strcmp(cond, "LoggedOut") == 0)) {
        res->status = PAY_NOT_CHARGED;
    } else if (cond && strcmp(cond, "InProgress") == 0) {
        res->status = PAY_UNKNOWN;
    } else {
        res->status = PAY_DECLINED;
        res->decline =
            says_funds(get_str(resp, "AdditionalResponse")) ? DECLINE_FUNDS : decline_of(cond);
        read_receipt(pr, res);
    }
    snprintf(res->detail, sizeof(res->detail), "terminal: Failure %s", res->reason);
}

/* Parse JSON of len bytes with a depth limit; NULL for anything else. */
static json_object *parse(const char *s, size_t len)
{
    json_tokener *tok = json_tokener_new_ex(MAX_DEPTH);
    if (!tok)
        return NULL;
    json_object *o = json_tokener_parse_ex(tok, s, (int)len);
    if (json_tokener_get_error(tok) != json_tokener_success) {
        json_object_put(o);
        o = NULL;
    }
    json_tokener_free(tok);
    return o;
}

/* Open the terminal's answer and check its header against ours: returns
 * the decrypted SaleToPOIResponse object (put the root), or NULL with why. */
static json_object *open_answer(struct nexo *n, const struct answer *ans, const char *category,
                                const char *service_id, json_object **root, char *why, size_t size)
{
    char *plain = NULL, *clear = NULL;
    *root = NULL;
    enum kiosk_err err =
        nexo_open(&n->keys, "SaleToPOIResponse", ans->buf, ans->len, &plain, &clear);
    if (err != KIOSK_OK) {
        snprintf(why, size, "%s",
                 err == KIOSK_ERR_DENIED ? "answer failed its HMAC or key check"
                                         : "answer is not a secured message");
        return NULL;
    }
    json_object *doc = parse(plain, strlen(plain));
    json_object *clear_h = parse(clear, strlen(clear));
    kmem_wipe(plain, strlen(plain));
    kmem_free(plain);
    kmem_free(clear);
    json_object *resp = get(doc, "SaleToPOIResponse");
    json_object *h = get(resp, "MessageHeader");
    const char *cat = get_str(h, "MessageCategory"), *sid = get_str(h, "ServiceID");
    const char *poi = get_str(h, "POIID"), *sale = get_str(h, "SaleID");
    if (!h || !clear_h || !json_object_equal(h, clear_h)) {
        snprintf(why, size, "answer's clear header differs from its encrypted one");
        resp = NULL;
    } else if (!cat || strcmp(cat, category) != 0 || !sid || strcmp(sid, service_id) != 0 || !poi ||
               strcmp(poi, n->poiid) != 0 || !sale || strcmp(sale, n->sale_id) != 0) {
        snprintf(why, size, "answer is for another message (category, ServiceID, POIID or SaleID)");
        resp = NULL;
    }
    json_object_put(clear_h);
    if (!resp) {
        json_object_put(doc);
        return NULL;
    }
    *root = doc;
    return resp;
}

/* Send a sealed request and read its answer; res is filled for a payment
 * or a status question (body_name says which answer to read). */
static void exchange(struct nexo *n, const char *sealed, long timeout_s, const char *category,
                     const char *service_id, struct pay_result *res)
{
    struct answer ans;
    long status;
    char why[128] = "";
    enum sent s = post(n, sealed, timeout_s, &ans, &status, why, sizeof(why));
    if (s != SENT_ANSWERED) {
        res->status = s == SENT_NOT ? PAY_NOT_CHARGED : PAY_UNKNOWN;
        snprintf(res->detail, sizeof(res->detail), "terminal %s: %s",
                 s == SENT_NOT ? "not reached" : "did not answer", why);
        kmem_free(ans.buf);
        return;
    }
    if (status != 200) {
        bool refused = status >= 400 && status < 500 && status != 408 && status != 429;
        res->status = refused ? PAY_NOT_CHARGED : PAY_UNKNOWN;
        snprintf(res->detail, sizeof(res->detail), "terminal answered HTTP %ld", status);
        kmem_free(ans.buf);
        return;
    }
    json_object *root = NULL;
    json_object *resp = open_answer(n, &ans, category, service_id, &root, why, sizeof(why));
    kmem_free(ans.buf);
    if (!resp) {
        res->status = PAY_UNKNOWN;
        snprintf(res->detail, sizeof(res->detail), "terminal: %s", why);
        return;
    }
    if (strcmp(category, "Payment") == 0) {
        json_object *pr = get(resp, "PaymentResponse");
        if (pr) {
            read_payment(pr, res);
        } else {
            res->status = PAY_UNKNOWN;
            snprintf(res->detail, sizeof(res->detail), "terminal answered without PaymentResponse");
        }
    } else {
        json_object *tr = get(resp, "TransactionStatusResponse");
        json_object *tresp = get(tr, "Response");
        const char *result = get_str(tresp, "Result");
        const char *cond = get_str(tresp, "ErrorCondition");
        json_object *pr =
            get(get(get(tr, "RepeatedMessageResponse"), "RepeatedResponseMessageBody"),
                "PaymentResponse");
        if (result && strcmp(result, "Success") == 0 && pr) {
            read_payment(pr, res);
        } else if (result && strcmp(result, "Failure") == 0 && cond &&
                   strcmp(cond, "NotFound") == 0) {
            res->status = PAY_NOT_CHARGED; /* the terminal never had it */
            snprintf(res->detail, sizeof(res->detail), "terminal has no such payment");
        } else {
            res->status = PAY_UNKNOWN; /* InProgress, or an answer we cannot use */
            snprintf(res->detail, sizeof(res->detail), "terminal: status %.30s %.30s",
                     result ? result : "missing", cond ? cond : "");
        }
    }
    json_object_put(root);
}

static void iso_time(int64_t ms, char *out, size_t size)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

/* "65.00" for 6500 minor units of USD. */
static void major_amount(int64_t minor, const char *currency, char *out, size_t size)
{
    int e = pay_currency_exponent(currency);
    int64_t div = e == 0 ? 1 : e == 3 ? 1000 : 100;
    if (e == 0)
        snprintf(out, size, "%lld", (long long)minor);
    else
        snprintf(out, size, "%lld.%0*lld", (long long)(minor / div), e, (long long)(minor % div));
}

static enum kiosk_err nx_pay(void *ctx, const struct pay_request *req, struct pay_result *res)
{
    struct nexo *n = ctx;
    char sid[11], ts[64], amount[32];
    service_id_of(req->key, sid);
    iso_time(req->at_ms, ts, sizeof(ts));
    major_amount(req->amount_minor, req->currency, amount, sizeof(amount));
    json_object *txid = json_object_new_object();
    json_object_object_add(txid, "TransactionID", json_object_new_string(req->key));
    json_object_object_add(txid, "TimeStamp", json_object_new_string(ts));
    json_object *sale = json_object_new_object();
    json_object_object_add(sale, "SaleTransactionID", txid);
    if (req->reference && req->reference[0])
        json_object_object_add(sale, "SaleReferenceID", json_object_new_string(req->reference));
    json_object *amounts = json_object_new_object();
    json_object_object_add(amounts, "Currency", json_object_new_string(req->currency));
    json_object_object_add(amounts, "RequestedAmount",
                           json_object_new_double_s((double)req->amount_minor, amount));
    json_object *tx = json_object_new_object();
    json_object_object_add(tx, "AmountsReq", amounts);
    json_object *body = json_object_new_object();
    json_object_object_add(body, "SaleData", sale);
    json_object_object_add(body, "PaymentTransaction", tx);
    char *sealed = NULL;
    enum kiosk_err err =
        seal_request(n, header_new(n, "Payment", sid), "PaymentRequest", body, &sealed);
    if (err != KIOSK_OK) {
        res->status = PAY_NOT_CHARGED;
        snprintf(res->detail, sizeof(res->detail), "payment request not built: %s",
                 kiosk_err_name(err));
        return KIOSK_OK;
    }
    exchange(n, sealed, n->timeout_s, "Payment", sid, res);
    kmem_free(sealed);
    log_note(LOG_INFO, MOD, "payment", res->detail);
    return KIOSK_OK;
}

static enum kiosk_err nx_abort(void *ctx, const char *key)
{
    struct nexo *n = ctx;
    char sid[11], pay_sid[11], why[128];
    service_id_new(sid);
    service_id_of(key, pay_sid);
    json_object *body = json_object_new_object();
    json_object_object_add(body, "AbortReason", json_object_new_string("MerchantAbort"));
    json_object_object_add(body, "MessageReference", reference_new(n, pay_sid));
    char *sealed = NULL;
    enum kiosk_err err =
        seal_request(n, header_new(n, "Abort", sid), "AbortRequest", body, &sealed);
    if (err != KIOSK_OK)
        return err;
    struct answer ans;
    long status;
    enum sent s = post(n, sealed, n->connect_timeout_s + 5, &ans, &status, why, sizeof(why));
    kmem_free(sealed);
    kmem_free(ans.buf);
    if (s != SENT_ANSWERED) {
        log_note(LOG_WARN, MOD, "abort not delivered", why);
        return s == SENT_NOT ? KIOSK_ERR_OFFLINE : KIOSK_ERR_TIMEOUT;
    }
    log_info(MOD, "abort sent (HTTP %ld)", status);
    return status >= 200 && status < 300 ? KIOSK_OK : KIOSK_ERR_PROTOCOL;
}

static enum kiosk_err nx_status(void *ctx, const char *key, struct pay_result *res)
{
    struct nexo *n = ctx;
    char sid[11], pay_sid[11];
    service_id_new(sid);
    service_id_of(key, pay_sid);
    json_object *body = json_object_new_object();
    json_object_object_add(body, "ReceiptReprintFlag", json_object_new_boolean(1));
    json_object *q = json_object_new_array();
    json_object_array_add(q, json_object_new_string("CustomerReceipt"));
    json_object_object_add(body, "DocumentQualifier", q);
    json_object_object_add(body, "MessageReference", reference_new(n, pay_sid));
    char *sealed = NULL;
    enum kiosk_err err = seal_request(n, header_new(n, "TransactionStatus", sid),
                                      "TransactionStatusRequest", body, &sealed);
    if (err != KIOSK_OK) {
        res->status = PAY_UNKNOWN;
        return KIOSK_OK;
    }
    exchange(n, sealed, n->connect_timeout_s + 10, "TransactionStatus", sid, res);
    kmem_free(sealed);
    /* Not reachable now says nothing about the payment: ask again later. */
    if (res->status == PAY_NOT_CHARGED && strstr(res->detail, "no such payment") == NULL)
        res->status = PAY_UNKNOWN;
    log_note(LOG_INFO, MOD, "status asked", res->detail);
    return KIOSK_OK;
}

static void nx_describe(void *ctx, char *out, size_t size)
{
    struct nexo *n = ctx;
    snprintf(out, size, "payment terminal: adyen-nexo %.60s at %.120s", n->poiid, n->url);
}

static void nx_close(void *ctx)
{
    struct nexo *n = ctx;
    if (!n)
        return;
    nexo_keys_wipe(&n->keys);
    kmem_free(n);
}

static bool set(char *dst, size_t size, const char *src, const char *name)
{
    if (!src || !src[0] || !kstr_copy(dst, size, src)) {
        kiosk_err_set_detail("terminal: [payment] terminal_%s is missing or too long", name);
        return false;
    }
    return true;
}

static enum kiosk_err nx_open(const struct terminal_settings *s, void **ctx)
{
    *ctx = NULL;
    struct nexo *n = kmem_alloc(sizeof(*n));
    if (!n)
        return KIOSK_ERR_NOMEM;
    if (!set(n->url, sizeof(n->url), s->url, "url") ||
        !set(n->poiid, sizeof(n->poiid), s->poiid, "poiid") ||
        !set(n->sale_id, sizeof(n->sale_id), s->sale_id, "sale_id")) {
        kmem_free(n);
        return KIOSK_ERR_CONFIG;
    }
    if (strncmp(n->url, "https://", 8) != 0) {
        kiosk_err_set_detail("terminal: [payment] terminal_url must start with https://");
        kmem_free(n);
        return KIOSK_ERR_CONFIG;
    }
    kstr_copy(n->ca_file, sizeof(n->ca_file), s->ca_file ? s->ca_file : "");
    kstr_copy(n->domain, sizeof(n->domain), s->cert_domain ? s->cert_domain : "");
    n->connect_timeout_s = s->connect_timeout_s > 0 ? s->connect_timeout_s : 5;
    n->timeout_s = s->timeout_s > 0 ? s->timeout_s : 150;
    char *pass = NULL;
    size_t len = 0;
    enum kiosk_err err = s->passphrase_file && s->passphrase_file[0]
                             ? kfile_read(s->passphrase_file, 1024, &pass, &len)
                             : KIOSK_ERR_CONFIG;
    if (err != KIOSK_OK) {
        kiosk_err_set_detail("terminal: [payment] terminal_passphrase_file cannot be read");
        kmem_free(n);
        return KIOSK_ERR_CONFIG;
    }
    while (len > 0 && (pass[len - 1] == '\n' || pass[len - 1] == '\r'))
        pass[--len] = '\0';
    err = nexo_keys_derive(&n->keys, pass, s->key_id, s->key_version);
    kmem_wipe(pass, len);
    kmem_free(pass);
    if (err != KIOSK_OK) {
        kiosk_err_set_detail("terminal: empty passphrase or key identifier");
        kmem_free(n);
        return KIOSK_ERR_CONFIG;
    }
    *ctx = n;
    return KIOSK_OK;
}

const struct terminal_ops terminal_nexo_ops = {
    .name = "adyen-nexo",
    .open = nx_open,
    .pay = nx_pay,
    .abort = nx_abort,
    .status = nx_status,
    .describe = nx_describe,
    .close = nx_close,
};
