/* Adyen Terminal API message encryption (nexo_crypto.h) over OpenSSL's
 * libcrypto; the JSON around it with json-c. */
#include "drivers/terminal/nexo_crypto.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <json-c/json.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <string.h>

#define SALT      "AdyenNexoV1Salt"
#define ROUNDS    4000
#define MAX_PLAIN (256 * 1024)

enum kiosk_err nexo_keys_derive(struct nexo_keys *k, const char *passphrase, const char *key_id,
                                int key_version)
{
    uint8_t dk[80];
    memset(k, 0, sizeof(*k));
    if (!passphrase || !passphrase[0] || !key_id || !key_id[0] ||
        !kstr_copy(k->key_id, sizeof(k->key_id), key_id))
        return KIOSK_ERR_INVALID;
    if (PKCS5_PBKDF2_HMAC(passphrase, (int)strlen(passphrase), (const unsigned char *)SALT,
                          (int)strlen(SALT), ROUNDS, EVP_sha1(), sizeof(dk), dk) != 1)
        return KIOSK_ERR_IO;
    memcpy(k->hmac, dk, 32);
    memcpy(k->aes, dk + 32, 32);
    memcpy(k->iv, dk + 64, 16);
    k->key_version = key_version;
    kmem_wipe(dk, sizeof(dk));
    return KIOSK_OK;
}

void nexo_keys_wipe(struct nexo_keys *k)
{
    kmem_wipe(k, sizeof(*k));
}

/* AES-256-CBC with IV = k->iv XOR nonce. *out (kmem_free), *out_len. */
static enum kiosk_err crypt(const struct nexo_keys *k, const uint8_t nonce[16], int enc,
                            const uint8_t *in, size_t len, uint8_t **out, size_t *out_len)
{
    uint8_t iv[16];
    int n1 = 0, n2 = 0;
    *out = NULL;
    if (len > MAX_PLAIN)
        return KIOSK_ERR_TOO_BIG;
    for (int i = 0; i < 16; i++)
        iv[i] = k->iv[i] ^ nonce[i];
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    uint8_t *buf = kmem_alloc(len + 32);
    enum kiosk_err err = KIOSK_ERR_NOMEM;
    if (c && buf) {
        err = KIOSK_ERR_DENIED; /* a bad padding after decryption: not our key */
        if (EVP_CipherInit_ex(c, EVP_aes_256_cbc(), NULL, k->aes, iv, enc) == 1 &&
            EVP_CipherUpdate(c, buf, &n1, in, (int)len) == 1 &&
            EVP_CipherFinal_ex(c, buf + n1, &n2) == 1)
            err = KIOSK_OK;
    }
    EVP_CIPHER_CTX_free(c);
    if (err != KIOSK_OK) {
        kmem_free(buf);
        return err;
    }
    *out = buf;
    *out_len = (size_t)(n1 + n2);
    return KIOSK_OK;
}

static void hmac(const struct nexo_keys *k, const void *data, size_t len, uint8_t mac[32])
{
    unsigned int n = 32;
    HMAC(EVP_sha256(), k->hmac, sizeof(k->hmac), data, len, mac, &n);
}

/* Base64 of len bytes into a new string. */
static char *b64(const uint8_t *in, size_t len)
{
    char *out = kmem_alloc(4 * ((len + 2) / 3) + 1);
    if (out)
        EVP_EncodeBlock((unsigned char *)out, in, (int)len);
    return out;
}

/* Decode base64 text into a new buffer; false for anything not base64. */
static bool unb64(const char *in, uint8_t **out, size_t *out_len)
{
    size_t n = in ? strlen(in) : 0;
    *out = NULL;
    if (n == 0 || n % 4 != 0 || n > 4 * (MAX_PLAIN / 3 + 4))
        return false;
    uint8_t *buf = kmem_alloc(n / 4 * 3 + 1);
    if (!buf)
        return false;
    int m = EVP_DecodeBlock(buf, (const unsigned char *)in, (int)n);
    if (m < 0) {
        kmem_free(buf);
        return false;
    }
    if (in[n - 1] == '=')
        m--;
    if (in[n - 2] == '=')
        m--;
    *out = buf;
    *out_len = (size_t)m;
    return true;
}

enum kiosk_err nexo_seal(const struct nexo_keys *k, const char *kind, const char *header_json,
                         const char *plaintext, char **out)
{
    uint8_t nonce[16], mac[32], *ct = NULL;
    size_t ct_len = 0;
    *out = NULL;
    if (RAND_bytes(nonce, sizeof(nonce)) != 1)
        return KIOSK_ERR_IO;
    size_t len = strlen(plaintext);
    enum kiosk_err err = crypt(k, nonce, 1, (const uint8_t *)plaintext, len, &ct, &ct_len);
    if (err != KIOSK_OK)
        return err;
    hmac(k, plaintext, len, mac);
    char *blob = b64(ct, ct_len), *n64 = b64(nonce, 16), *m64 = b64(mac, 32);
    kmem_free(ct);
    json_object *header = json_tokener_parse(header_json);
    err = KIOSK_ERR_NOMEM;
    if (blob && n64 && m64 && header) {
        json_object *msg = json_object_new_object(), *trailer = json_object_new_object();
        json_object_object_add(trailer, "AdyenCryptoVersion", json_object_new_int(1));
        json_object_object_add(trailer, "KeyIdentifier", json_object_new_string(k->key_id));
        json_object_object_add(trailer, "KeyVersion", json_object_new_int(k->key_version));
        json_object_object_add(trailer, "Nonce", json_object_new_string(n64));
        json_object_object_add(trailer, "Hmac", json_object_new_string(m64));
        json_object_object_add(msg, "MessageHeader", header);
        header = NULL;
        json_object_object_add(msg, "NexoBlob", json_object_new_string(blob));
        json_object_object_add(msg, "SecurityTrailer", trailer);
        json_object *root = json_object_new_object();
        json_object_object_add(root, kind, msg);
        const char *s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
        size_t sl = strlen(s);
        *out = kmem_alloc(sl + 1);
        if (*out) {
            memcpy(*out, s, sl + 1);
            err = KIOSK_OK;
        }
        json_object_put(root);
    }
    json_object_put(header);
    kmem_free(blob);
    kmem_free(n64);
    kmem_free(m64);
    return err;
}

static char *dup_json(json_object *o)
{
    const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
    size_t n = strlen(s);
    char *d = kmem_alloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

/* The secured message's parts, checked for type. */
struct sealed {
    json_object *header;
    const char *blob, *nonce, *mac, *key_id;
    int key_version, crypto_version;
};

static bool sealed_parts(json_object *root, const char *kind, struct sealed *s)
{
    json_object *msg, *trailer, *v;
    memset(s, 0, sizeof(*s));
    if (!json_object_is_type(root, json_type_object) ||
        !json_object_object_get_ex(root, kind, &msg) ||
        !json_object_is_type(msg, json_type_object) ||
        !json_object_object_get_ex(msg, "MessageHeader", &s->header) ||
        !json_object_is_type(s->header, json_type_object) ||
        !json_object_object_get_ex(msg, "NexoBlob", &v) ||
        !json_object_is_type(v, json_type_string))
        return false;
    s->blob = json_object_get_string(v);
    if (!json_object_object_get_ex(msg, "SecurityTrailer", &trailer) ||
        !json_object_is_type(trailer, json_type_object))
        return false;
    struct {
        const char *name;
        const char **out;
    } strs[] = {{"Nonce", &s->nonce}, {"Hmac", &s->mac}, {"KeyIdentifier", &s->key_id}};
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        if (!json_object_object_get_ex(trailer, strs[i].name, &v) ||
            !json_object_is_type(v, json_type_string))
            return false;
        *strs[i].out = json_object_get_string(v);
    }
    if (!json_object_object_get_ex(trailer, "KeyVersion", &v) ||
        !json_object_is_type(v, json_type_int))
        return false;
    s->key_version = json_object_get_int(v);
    if (!json_object_object_get_ex(trailer, "AdyenCryptoVersion", &v) ||
        !json_object_is_type(v, json_type_int))
        return false;
    s->crypto_version = json_object_get_int(v);
    return true;
}

enum kiosk_err nexo_open(const struct nexo_keys *k, const char *kind, const char *body, size_t len,
                         char **plain, char **clear_header)
{
    *plain = NULL;
    *clear_header = NULL;
    if (!body || len == 0 || len > 4 * MAX_PLAIN)
        return KIOSK_ERR_PROTOCOL;
    json_tokener *tok = json_tokener_new_ex(32);
    if (!tok)
        return KIOSK_ERR_NOMEM;
    json_object *root = json_tokener_parse_ex(tok, body, (int)len);
    bool complete = json_tokener_get_error(tok) == json_tokener_success;
    json_tokener_free(tok);
    struct sealed s;
    if (!root || !complete || !sealed_parts(root, kind, &s)) {
        json_object_put(root);
        return KIOSK_ERR_PROTOCOL;
    }
    uint8_t *ct = NULL, *nonce = NULL, *mac = NULL, *pt = NULL;
    size_t ct_len = 0, nonce_len = 0, mac_len = 0, pt_len = 0;
    enum kiosk_err err = KIOSK_ERR_PROTOCOL;
    if (s.crypto_version != 1 || !unb64(s.blob, &ct, &ct_len) ||
        !unb64(s.nonce, &nonce, &nonce_len) || nonce_len != 16 || !unb64(s.mac, &mac, &mac_len) ||
        mac_len != 32 || ct_len == 0 || ct_len % 16 != 0)
        goto out;
    err = KIOSK_ERR_DENIED;
    if (strcmp(s.key_id, k->key_id) != 0 || s.key_version != k->key_version)
        goto out;
    err = crypt(k, nonce, 0, ct, ct_len, &pt, &pt_len);
    if (err != KIOSK_OK) {
        err = KIOSK_ERR_DENIED;
        goto out;
    }
    uint8_t want[32];
    hmac(k, pt, pt_len, want);
    if (CRYPTO_memcmp(want, mac, 32) != 0 || memchr(pt, '\0', pt_len)) {
        err = KIOSK_ERR_DENIED;
        goto out;
    }
    *plain = kmem_alloc(pt_len + 1);
    *clear_header = dup_json(s.header);
    if (!*plain || !*clear_header) {
        kmem_free(*plain);
        kmem_free(*clear_header);
        *plain = *clear_header = NULL;
        err = KIOSK_ERR_NOMEM;
        goto out;
    }
    memcpy(*plain, pt, pt_len);
    (*plain)[pt_len] = '\0';
    err = KIOSK_OK;
out:
    if (pt)
        kmem_wipe(pt, pt_len);
    kmem_free(pt);
    kmem_free(ct);
    kmem_free(nonce);
    kmem_free(mac);
    json_object_put(root);
    return err;
}
