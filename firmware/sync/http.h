/* HTTPS requests to the billing server (libcurl; only firmware/sync uses it).
 *
 * Certificate and host name verification are always on; a CA file can be
 * given, and there is no way to turn checking off. Every request has a
 * connect and a total timeout, answers larger than max_body are cut off
 * (KIOSK_ERR_TOO_BIG), gzip is asked for, and a proxy can be set. One
 * client keeps one connection alive between requests. Not thread-safe:
 * one client per thread. TLS 1.2 is the oldest accepted; a server offering
 * only older versions is refused with a detail that says so. */
#ifndef KIOSK_SYNC_HTTP_H
#define KIOSK_SYNC_HTTP_H

#include "firmware/core/err.h"

#include <stddef.h>
#include <stdint.h>

struct http_client;

struct http_options {
    const char *ca_file; /* NULL or "": the system's trust store */
    const char *proxy;   /* NULL or "": none */
    long connect_timeout_ms;
    long timeout_ms;
    size_t max_body; /* bytes of a decoded answer */
};

struct http_response {
    long status;
    char *body; /* NUL-terminated; kmem; NULL when empty */
    size_t len;
    char content_type[96];
    char etag[80];
    char date[40];      /* the server's Date header, as sent */
    int retry_after_s;  /* -1 when not given */
    char location[256]; /* Location header */
};

enum kiosk_err http_new(const struct http_options *o, struct http_client **out);
void http_free(struct http_client *h); /* NULL is fine */

/* Authorization: Bearer token for the following requests (NULL: none).
 * The client keeps a copy and wipes it when replaced or freed. */
enum kiosk_err http_set_bearer(struct http_client *h, const char *token);

/* One request. url must pass http_url_check (checked again here; a URL
 * that fails is KIOSK_ERR_CONFIG and nothing is sent); redirects are never
 * followed (a 3xx is an answer like any other). headers is a NULL-terminated list of "Name: value"
 * lines (or NULL); body is sent as is (NULL for none). Any HTTP status is KIOSK_OK (look at
 * r->status); errors are for no usable answer at all: KIOSK_ERR_OFFLINE (cannot connect or
 * resolve), KIOSK_ERR_TIMEOUT, KIOSK_ERR_DENIED (the server's certificate was refused; the detail
 * says why), KIOSK_ERR_TOO_BIG (answer over max_body), KIOSK_ERR_PROTOCOL (the connection broke
 * mid-answer, bad encoding), KIOSK_ERR_NOMEM. On error r holds nothing to free. */
enum kiosk_err http_request(struct http_client *h, const char *method, const char *url,
                            const char *const *headers, const char *body, struct http_response *r);
void http_response_free(struct http_response *r);

/* Bytes sent and received (headers and bodies as on the wire, before TLS)
 * since the client was made. */
void http_counters(const struct http_client *h, uint64_t *sent, uint64_t *received);

/* The one rule for every URL the kiosk is given (billing server, OAuth2
 * token endpoint, payment endpoint, proxy): parsed by libcurl's URL parser
 * (the same parse the request then uses), scheme http or https only, no
 * user name or password in it (not even an empty "@"), and plain http only
 * when the host is this machine: exactly "localhost" or a loopback address
 * (127.0.0.0/8 in any spelling curl reads, such as 127.1 or 0x7f000001;
 * [::1]; [::ffff:127.x.y.z]). KIOSK_OK, or KIOSK_ERR_CONFIG with a sentence
 * in why (never the URL itself: it may hold a secret) saying what to change. */
enum kiosk_err http_url_check(const char *url, char *why, size_t size);

/* Percent-encode s for a URL query value into out; false if it does not fit. */
int http_escape(char *out, size_t size, const char *s);

#endif
