/* HTTPS requests over libcurl (http.h). */
#include "http.h"

#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MOD "http"

struct http_client {
    CURL *curl;
    struct http_options opt;
    char ca_file[256], proxy[256];
    char *bearer; /* "Authorization: Bearer ..." */
    uint64_t sent, received;
    char errbuf[CURL_ERROR_SIZE];
};

/* ---- URL rule ------------------------------------------------------------------ */

/* host as curl_url_get gives it (IPv4 already in dotted form, IPv6 in
 * brackets without a zone). */
static bool host_is_this_machine(const char *host)
{
    if (strcasecmp(host, "localhost") == 0)
        return true;
    struct in_addr a4;
    if (inet_pton(AF_INET, host, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    size_t n = strlen(host);
    if (n > 2 && n < 64 && host[0] == '[' && host[n - 1] == ']') {
        char inner[64];
        struct in6_addr a6;
        memcpy(inner, host + 1, n - 2);
        inner[n - 2] = '\0';
        if (inet_pton(AF_INET6, inner, &a6) != 1)
            return false;
        if (IN6_IS_ADDR_LOOPBACK(&a6))
            return true;
        return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
    }
    return false;
}

static bool has_part(CURLU *u, CURLUPart part)
{
    char *v = NULL;
    CURLUcode rc = curl_url_get(u, part, &v, 0);
    curl_free(v);
    return rc == CURLUE_OK;
}

/* The rule on an already parsed URL. */
static enum kiosk_err check_parsed(CURLU *u, char *why, size_t size)
{
    char *scheme = NULL, *host = NULL;
    enum kiosk_err err = KIOSK_ERR_CONFIG;

    if (has_part(u, CURLUPART_USER) || has_part(u, CURLUPART_PASSWORD) ||
        has_part(u, CURLUPART_OPTIONS)) {
        snprintf(why, size,
                 "must not hold a user name or password before an '@' (secrets belong in "
                 "token_file, never in an address)");
        goto out;
    }
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0)) {
        snprintf(why, size, "must start with https:// (%.16s is not allowed)",
                 scheme ? scheme : "no scheme");
        goto out;
    }
    if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host[0]) {
        snprintf(why, size, "has no host name; write it as https://host/path");
        goto out;
    }
    if (strcmp(scheme, "http") == 0 && !host_is_this_machine(host)) {
        /* Tokens, card numbers and patient data never cross a network in
         * clear: plain http is for a server on this machine (tests). */
        snprintf(why, size,
                 "must start with https:// (plain http:// is allowed only for localhost or a "
                 "loopback address such as 127.0.0.1)");
        goto out;
    }
    err = KIOSK_OK;
out:
    curl_free(scheme);
    curl_free(host);
    return err;
}

/* Parse url into a new CURLU (*out, curl_url_cleanup by the caller) and check it. */
static enum kiosk_err parse_checked(const char *url, CURLU **out, char *why, size_t size)
{
    *out = NULL;
    if (!url || !url[0]) {
        snprintf(why, size, "is empty");
        return KIOSK_ERR_CONFIG;
    }
    CURLU *u = curl_url();
    if (!u)
        return KIOSK_ERR_NOMEM;
    CURLUcode rc = curl_url_set(u, CURLUPART_URL, url, 0);
    if (rc == CURLUE_OUT_OF_MEMORY) {
        curl_url_cleanup(u);
        return KIOSK_ERR_NOMEM;
    }
    if (rc != CURLUE_OK) {
        snprintf(why, size, "is not a valid URL (%s); write it as https://host/path",
                 curl_url_strerror(rc));
        curl_url_cleanup(u);
        return KIOSK_ERR_CONFIG;
    }
    enum kiosk_err err = check_parsed(u, why, size);
    if (err != KIOSK_OK) {
        curl_url_cleanup(u);
        return err;
    }
    *out = u;
    return KIOSK_OK;
}

enum kiosk_err http_url_check(const char *url, char *why, size_t size)
{
    CURLU *u;
    char tmp[8];
    if (!why || size == 0) {
        why = tmp;
        size = sizeof(tmp);
    }
    why[0] = '\0';
    enum kiosk_err err = parse_checked(url, &u, why, size);
    curl_url_cleanup(u);
    return err;
}

/* ---- client --------------------------------------------------------------------- */

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc;

static void global_init(void)
{
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

enum kiosk_err http_new(const struct http_options *o, struct http_client **out)
{
    *out = NULL;
    pthread_once(&global_once, global_init);
    if (global_rc != CURLE_OK) {
        kiosk_err_set_detail("http: libcurl could not start");
        return KIOSK_ERR_IO;
    }
    if (o->proxy && o->proxy[0]) {
        char why[160];
        enum kiosk_err err = http_url_check(o->proxy, why, sizeof(why));
        if (err != KIOSK_OK) {
            kiosk_err_set_detail("http: [server] proxy %s", why);
            return err;
        }
    }
    struct http_client *h = kmem_alloc(sizeof(*h));
    if (!h)
        return KIOSK_ERR_NOMEM;
    h->curl = curl_easy_init();
    if (!h->curl) {
        kmem_free(h);
        return KIOSK_ERR_NOMEM;
    }
    h->opt = *o;
    kstr_copy(h->ca_file, sizeof(h->ca_file), o->ca_file ? o->ca_file : "");
    kstr_copy(h->proxy, sizeof(h->proxy), o->proxy ? o->proxy : "");
    *out = h;
    return KIOSK_OK;
}

void http_free(struct http_client *h)
{
    if (!h)
        return;
    http_set_bearer(h, NULL);
    curl_easy_cleanup(h->curl);
    kmem_free(h);
}

enum kiosk_err http_set_bearer(struct http_client *h, const char *token)
{
    if (h->bearer) {
        kmem_wipe(h->bearer, strlen(h->bearer));
        kmem_free(h->bearer);
        h->bearer = NULL;
    }
    if (!token)
        return KIOSK_OK;
    size_t n = strlen("Authorization: Bearer ") + strlen(token) + 1;
    h->bearer = kmem_alloc(n);
    if (!h->bearer)
        return KIOSK_ERR_NOMEM;
    snprintf(h->bearer, n, "Authorization: Bearer %s", token);
    return KIOSK_OK;
}

struct sink {
    struct http_response *r;
    size_t cap, max;
    bool too_big;
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    struct sink *k = ctx;
    size_t len = size * n;
    struct http_response *r = k->r;
    if (r->len + len > k->max) {
        k->too_big = true;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    if (r->len + len + 1 > k->cap) {
        size_t cap = k->cap ? k->cap : 4096;
        while (cap < r->len + len + 1)
            cap *= 2;
        char *p = kmem_realloc(r->body, cap);
        if (!p)
            return 0;
        r->body = p;
        k->cap = cap;
    }
    memcpy(r->body + r->len, data, len);
    r->len += len;
    r->body[r->len] = '\0';
    return len;
}

/* "Name: value\r\n" -> value into out when the name matches. */
static bool header_value(const char *line, size_t len, const char *name, char *out, size_t size)
{
    size_t nl = strlen(name);
    if (len <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
        return false;
    const char *v = line + nl + 1;
    const char *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    size_t vl = (size_t)(end - v);
    if (vl >= size)
        vl = size - 1;
    memcpy(out, v, vl);
    out[vl] = '\0';
    return true;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
    struct http_response *r = ctx;
    size_t len = size * n;
    char tmp[16];
    if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        /* A new status line (after a redirect or 100 Continue): start over. */
        r->content_type[0] = r->etag[0] = r->location[0] = '\0';
        r->retry_after_s = -1;
        return len;
    }
    if (header_value(data, len, "Content-Type", r->content_type, sizeof(r->content_type)) ||
        header_value(data, len, "ETag", r->etag, sizeof(r->etag)) ||
        header_value(data, len, "Date", r->date, sizeof(r->date)) ||
        header_value(data, len, "Location", r->location, sizeof(r->location)))
        return len;
    if (header_value(data, len, "Retry-After", tmp, sizeof(tmp))) {
        char *end;
        long v = strtol(tmp, &end, 10);
        if (end != tmp && *end == '\0' && v >= 0 && v < 86400)
            r->retry_after_s = (int)v;
    }
    return len;
}

/* OpenSSL's words for "no protocol version both sides accept": the server
 * sent a protocol_version alert, or offered a version below our minimum. */
static bool tls_version_refused(const char *why)
{
    static const char *const words[] = {"unsupported protocol", "alert protocol version",
                                        "no protocols available", "version too low",
                                        "unsupported_protocol"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strstr(why, words[i]))
            return true;
    return false;
}

static enum kiosk_err map_curl(struct http_client *h, CURLcode rc, bool too_big)
{
    const char *why = h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc);
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        kiosk_err_set_detail("cannot reach the billing server (%s)", why);
        return KIOSK_ERR_OFFLINE;
    case CURLE_OPERATION_TIMEDOUT:
        kiosk_err_set_detail("the billing server did not answer in time (%s)", why);
        return KIOSK_ERR_TIMEOUT;
    case CURLE_SSL_CONNECT_ERROR:
        if (tls_version_refused(why)) {
            kiosk_err_set_detail("the billing server offers only TLS 1.0/1.1 (or older), which the "
                                 "kiosk refuses; it needs TLS 1.2 or newer (%s)",
                                 why);
            return KIOSK_ERR_DENIED;
        }
        if (strstr(why, "wrong version number") || strstr(why, "packet length too long")) {
            kiosk_err_set_detail("the billing server did not answer in TLS (%s); is it an "
                                 "https:// server on that port?",
                                 why);
            return KIOSK_ERR_DENIED;
        }
        if (!strstr(why, "certificate") && !strstr(why, "verify")) {
            kiosk_err_set_detail("the TLS handshake with the billing server failed (%s); check "
                                 "that it offers TLS 1.2 or newer with current ciphers",
                                 why);
            return KIOSK_ERR_DENIED;
        }
        /* a certificate the handshake refused */
        __attribute__((fallthrough));
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        kiosk_err_set_detail("the billing server's certificate was refused (%s); check "
                             "[server] url and ca_file",
                             why);
        return KIOSK_ERR_DENIED;
    case CURLE_OUT_OF_MEMORY:
        return KIOSK_ERR_NOMEM;
    case CURLE_WRITE_ERROR:
        if (too_big) {
            kiosk_err_set_detail("the billing server's answer was larger than %zu bytes",
                                 h->opt.max_body);
            return KIOSK_ERR_TOO_BIG;
        }
        return KIOSK_ERR_NOMEM;
    default:
        kiosk_err_set_detail("the connection to the billing server broke (%s)", why);
        return KIOSK_ERR_PROTOCOL;
    }
}

static void count(struct http_client *h)
{
    curl_off_t up = 0, down = 0;
    long req = 0, hdr = 0;
    curl_easy_getinfo(h->curl, CURLINFO_REQUEST_SIZE, &req);
    curl_easy_getinfo(h->curl, CURLINFO_SIZE_UPLOAD_T, &up);
    curl_easy_getinfo(h->curl, CURLINFO_HEADER_SIZE, &hdr);
    curl_easy_getinfo(h->curl, CURLINFO_SIZE_DOWNLOAD_T, &down);
    /* A small body goes out with the headers and curl counts it in the
     * request size already; a large one is sent (and counted) apart. */
    h->sent += (uint64_t)req > (uint64_t)up ? (uint64_t)req : (uint64_t)req + (uint64_t)up;
    h->received += (uint64_t)hdr + (uint64_t)down;
}

enum kiosk_err http_request(struct http_client *h, const char *method, const char *url,
                            const char *const *headers, const char *body, struct http_response *r)
{
    CURL *c = h->curl;
    struct curl_slist *list = NULL, *l;
    struct sink sink = {.r = r, .max = h->opt.max_body};
    enum kiosk_err err = KIOSK_OK;
    CURLU *u = NULL;
    char why[160];

    memset(r, 0, sizeof(*r));
    r->retry_after_s = -1;
    h->errbuf[0] = '\0';
    /* Again before each request, whoever built the URL: curl is then given
     * the very parse that was checked, so nothing can read it differently. */
    err = parse_checked(url, &u, why, sizeof(why));
    if (err != KIOSK_OK) {
        if (err == KIOSK_ERR_CONFIG)
            kiosk_err_set_detail("http: refused to send: the address %s", why);
        return err;
    }
    for (const char *const *p = headers; p && *p; p++) {
        if (!(l = curl_slist_append(list, *p)))
            goto err_nomem;
        list = l;
    }
    if (h->bearer) {
        if (!(l = curl_slist_append(list, h->bearer)))
            goto err_nomem;
        list = l;
    }
    /* No "Expect: 100-continue" round trip before small bodies. */
    if (!(l = curl_slist_append(list, "Expect:")))
        goto err_nomem;
    list = l;

    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_CURLU, u);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    if (h->ca_file[0])
        curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_file);
    curl_easy_setopt(c, CURLOPT_PROXY, h->proxy[0] ? h->proxy : "");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, h->opt.connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, h->opt.timeout_ms);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    } else if (strcmp(method, "GET") == 0) {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }

    CURLcode rc = curl_easy_perform(c);
    count(h);
    if (rc != CURLE_OK) {
        err = map_curl(h, rc, sink.too_big);
        goto err_free;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_easy_setopt(c, CURLOPT_CURLU, NULL);
    curl_slist_free_all(list);
    curl_url_cleanup(u);
    return KIOSK_OK;

err_nomem:
    err = KIOSK_ERR_NOMEM;
err_free:
    curl_easy_setopt(c, CURLOPT_CURLU, NULL);
    curl_slist_free_all(list);
    curl_url_cleanup(u);
    http_response_free(r);
    return err;
}

void http_response_free(struct http_response *r)
{
    kmem_free(r->body);
    r->body = NULL;
    r->len = 0;
}

void http_counters(const struct http_client *h, uint64_t *sent, uint64_t *received)
{
    *sent = h->sent;
    *received = h->received;
}

int http_escape(char *out, size_t size, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                     (*p >= '0' && *p <= '9') || strchr("-._~", *p);
        size_t need = plain ? 1 : 3;
        if (n + need >= size)
            return 0;
        if (plain) {
            out[n++] = (char)*p;
        } else {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    out[n] = '\0';
    return 1;
}
