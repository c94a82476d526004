/* The message encryption of Adyen's Terminal API (nexo Sale-to-POI with
 * Adyen's SecurityTrailer), from the passphrase shared with the terminal.
 *
 * Keys: PBKDF2-HMAC-SHA1(passphrase, "AdyenNexoV1Salt", 4000 rounds) -> 80
 * bytes: HMAC key 0-31, AES key 32-63, IV 64-79. A message: a random
 * 16-byte nonce, AES-256-CBC (PKCS#7) of the plaintext JSON with IV =
 * derived IV XOR nonce, HMAC-SHA256 over the plaintext. Sent as
 *   {"SaleToPOIRequest": {"MessageHeader": {clear copy}, "NexoBlob": b64,
 *    "SecurityTrailer": {"AdyenCryptoVersion": 1, "KeyIdentifier", "KeyVersion",
 *                        "Nonce": b64, "Hmac": b64}}}
 * An answer is opened only when its HMAC matches (compared in constant
 * time); the caller compares its clear header with the decrypted one. */
#ifndef KIOSK_DRIVERS_NEXO_CRYPTO_H
#define KIOSK_DRIVERS_NEXO_CRYPTO_H

#include "firmware/core/err.h"

#include <stddef.h>
#include <stdint.h>

#define NEXO_KEY_ID_MAX 64

struct nexo_keys {
    uint8_t hmac[32], aes[32], iv[16];
    char key_id[NEXO_KEY_ID_MAX];
    int key_version;
};

/* Derive the keys from a passphrase (any bytes, NUL-terminated). */
enum kiosk_err nexo_keys_derive(struct nexo_keys *k, const char *passphrase, const char *key_id,
                                int key_version);
void nexo_keys_wipe(struct nexo_keys *k);

/* Seal plaintext (the whole {"SaleToPOIRequest": {...}} JSON) with header
 * (the clear MessageHeader object's JSON) under kind ("SaleToPOIRequest")
 * into a new string (*out, kmem_free). */
enum kiosk_err nexo_seal(const struct nexo_keys *k, const char *kind, const char *header_json,
                         const char *plaintext, char **out);

/* Open a secured message (body, len bytes): checks the structure, the key
 * identifier and version, the HMAC; *plain gets the decrypted JSON (a new
 * NUL-terminated string) and *clear_header the clear MessageHeader's JSON
 * (for the caller's comparison). KIOSK_ERR_PROTOCOL for anything that is
 * not a well-formed secured message, KIOSK_ERR_DENIED for an HMAC or key
 * mismatch. */
enum kiosk_err nexo_open(const struct nexo_keys *k, const char *kind, const char *body, size_t len,
                         char **plain, char **clear_header);

#endif
