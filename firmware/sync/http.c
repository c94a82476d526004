/* HTTPS requests over libcurl (http.h). */
#include "http.h"

#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <curl/curl.h>
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
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
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

    memset(r, 0, sizeof(*r));
    r->retry_after_s = -1;
    h->errbuf[0] = '\0';
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
    curl_easy_setopt(c, CURLOPT_URL, url);
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
    curl_slist_free_all(list);
    return KIOSK_OK;

err_nomem:
    err = KIOSK_ERR_NOMEM;
err_free:
    curl_slist_free_all(list);
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
