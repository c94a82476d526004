/* Credentials for the billing server and its payment endpoint (see
 * sync_private.h): a bearer token from a file, or OAuth2 client
 * credentials (RFC 6749 4.4) whose secret is the file's line. Nothing here
 * is logged; every copy of a secret or token is wiped before it is freed. */
#include "sync_private.h"

#include "firmware/core/file.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <stdio.h>
#include <string.h>

enum kiosk_err sync_read_secret(const char *path, char **out)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    enum kiosk_err err = kfile_read(path, 4096, &text, &len);
    if (err != KIOSK_OK) {
        kiosk_err_set_detail("sync: cannot read the credentials file ([server] token_file)");
        return err;
    }
    text[strcspn(text, "\r\n")] = '\0';
    if (!text[0]) {
        kmem_free(text);
        kiosk_err_set_detail("sync: the credentials file is empty");
        return KIOSK_ERR_CONFIG;
    }
    *out = text;
    return KIOSK_OK;
}

static void wipe_free(char *s)
{
    if (s) {
        kmem_wipe(s, strlen(s));
        kmem_free(s);
    }
}

void sync_creds_init(struct sync_creds *c, const struct kiosk_config *cfg,
                     const struct kclock *clock)
{
    memset(c, 0, sizeof(*c));
    kstr_copy(c->token_file, sizeof(c->token_file), cfg->server_token_file);
    kstr_copy(c->oauth_url, sizeof(c->oauth_url), cfg->server_oauth_url);
    kstr_copy(c->client_id, sizeof(c->client_id), cfg->server_client_id);
    c->clock = clock;
}

void sync_creds_free(struct sync_creds *c)
{
    wipe_free(c->token);
    c->token = NULL;
}

/* POST the client credentials to the token endpoint; c->token on success. */
static enum kiosk_err oauth_fetch(struct sync_creds *c, struct http_client *h, const char *secret,
                                  int *requests)
{
    char id_esc[384], body[1024];
    char *sec_esc = kmem_alloc(strlen(secret) * 3 + 1);
    if (!sec_esc)
        return KIOSK_ERR_NOMEM;
    if (!http_escape(id_esc, sizeof(id_esc), c->client_id) ||
        !http_escape(sec_esc, strlen(secret) * 3 + 1, secret) ||
        snprintf(body, sizeof(body), "grant_type=client_credentials&client_id=%s&client_secret=%s",
                 id_esc, sec_esc) >= (int)sizeof(body)) {
        wipe_free(sec_esc);
        kmem_wipe(body, sizeof(body));
        kiosk_err_set_detail("sync: client id or secret too long");
        return KIOSK_ERR_CONFIG;
    }
    wipe_free(sec_esc);
    static const char *const headers[] = {"Content-Type: application/x-www-form-urlencoded",
                                          "Accept: application/json", NULL};
    struct http_response r;
    enum kiosk_err err = http_request(h, "POST", c->oauth_url, headers, body, &r);
    kmem_wipe(body, sizeof(body));
    if (requests)
        (*requests)++;
    if (err != KIOSK_OK)
        return err;
    struct fjson_doc *doc = NULL;
    if (r.status != 200) {
        kiosk_err_set_detail("sync: the token endpoint answered %ld; check [server] client_id "
                             "and the secret",
                             r.status);
        err = r.status == 401 || r.status == 400 || r.status == 403 ? KIOSK_ERR_DENIED
                                                                    : KIOSK_ERR_PROTOCOL;
        goto out;
    }
    err = fjson_parse(r.body, r.len, 65536, &doc);
    if (err != KIOSK_OK)
        goto out;
    const char *token = fjson_str(fjson_root(doc), "access_token");
    struct fjson *exp = fjson_get(fjson_root(doc), "expires_in");
    if (!token || !token[0]) {
        kiosk_err_set_detail("sync: the token endpoint gave no access_token");
        err = KIOSK_ERR_PROTOCOL;
        goto out;
    }
    int64_t ttl_s = 300;
    if (!fjson_int(exp, &ttl_s) || ttl_s < 10 || ttl_s > 86400)
        ttl_s = 300;
    c->token = kmem_strdup(token);
    if (!c->token) {
        err = KIOSK_ERR_NOMEM;
        goto out;
    }
    /* Renew a minute early, so no request goes out with a token about to lapse. */
    c->expiry_ms = kclock_mono(c->clock) + (ttl_s > 120 ? ttl_s - 60 : ttl_s / 2) * 1000;
out:
    fjson_doc_free(doc);
    if (r.body)
        kmem_wipe(r.body, r.len);
    http_response_free(&r);
    return err;
}

enum kiosk_err sync_creds_apply(struct sync_creds *c, struct http_client *h, bool renew,
                                int *requests)
{
    if (!c->token_file[0])
        return KIOSK_OK; /* a server that needs none (a peer on loopback) */
    bool expired = c->oauth_url[0] && kclock_mono(c->clock) >= c->expiry_ms;
    if (c->token && !renew && !expired)
        return KIOSK_OK; /* h carries it since it was fetched */
    sync_creds_free(c);
    http_set_bearer(h, NULL); /* the token endpoint gets no bearer token */
    char *secret = NULL;
    enum kiosk_err err = sync_read_secret(c->token_file, &secret);
    if (err != KIOSK_OK)
        return err;
    if (c->oauth_url[0]) {
        err = oauth_fetch(c, h, secret, requests);
    } else {
        c->token = kmem_strdup(secret);
        err = c->token ? KIOSK_OK : KIOSK_ERR_NOMEM;
    }
    wipe_free(secret);
    return err == KIOSK_OK ? http_set_bearer(h, c->token) : err;
}

enum kiosk_err sync_creds_request(struct sync_creds *c, struct http_client *h, const char *method,
                                  const char *url, const char *const *headers, const char *body,
                                  struct http_response *r, int *requests, bool *cred_failed)
{
    if (cred_failed)
        *cred_failed = false;
    for (int attempt = 0;; attempt++) {
        enum kiosk_err err = sync_creds_apply(c, h, attempt > 0, requests);
        if (err != KIOSK_OK) {
            if (cred_failed)
                *cred_failed = true;
            return err;
        }
        err = http_request(h, method, url, headers, body, r);
        if (requests)
            (*requests)++;
        if (err != KIOSK_OK || r->status != 401 || attempt > 0 || !c->token_file[0])
            return err;
        /* The token may have been revoked or rotated: fetch it again once. */
        http_response_free(r);
    }
}
