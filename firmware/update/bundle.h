/* Signed update bundles.
 *
 * A bundle is one file:
 *
 *   "CKBUNDL1"                      8 bytes, magic and format version
 *   manifest length                 4 bytes, little endian, at most 4096
 *   manifest                        UTF-8 text, "key=value" lines:
 *                                     version=1.4.0
 *                                     compatible=carekiosk-kiosk-x86_64
 *                                     payload_size=123456
 *                                     payload_sha256=<64 hex digits>
 *   signature                       64 bytes: Ed25519 (libsodium
 *                                   crypto_sign_detached) over magic, length
 *                                   and manifest
 *   payload                         payload_size bytes (a tar archive of the
 *                                   slot's files, or a RAUC bundle)
 *
 * Verification reads the file once: the signature over the manifest with
 * the kiosk's public key, then the payload hashed while it streams. Nothing
 * is written anywhere until both hold. The private key stays with the
 * release tool (carekiosk-release), never on a kiosk. */
#ifndef KIOSK_UPDATE_BUNDLE_H
#define KIOSK_UPDATE_BUNDLE_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define BUNDLE_MAGIC        "CKBUNDL1"
#define BUNDLE_MANIFEST_MAX 4096
#define BUNDLE_SIG_BYTES    64
#define BUNDLE_KEY_BYTES    32
#define BUNDLE_HEADER_BYTES (8 + 4)

struct bundle_manifest {
    char version[32];    /* MAJOR.MINOR.PATCH */
    char compatible[64]; /* must equal the kiosk's */
    uint64_t payload_size;
    uint8_t payload_sha256[32];
};

/* Parse manifest text (len bytes, not NUL-terminated). Strict: the four keys
 * exactly once each, nothing else, no empty lines inside, values within
 * limits. KIOSK_ERR_INVALID with a detail (kiosk_err_detail) otherwise. */
enum kiosk_err bundle_manifest_parse(const char *text, size_t len, struct bundle_manifest *m);

/* Compare versions "1.10.2" > "1.9.9". Returns <0, 0, >0; false in *ok for
 * a malformed version (then the result is 0). */
int bundle_version_cmp(const char *a, const char *b, bool *ok);
bool bundle_version_valid(const char *v);

struct bundle_check {
    const uint8_t *public_key; /* BUNDLE_KEY_BYTES */
    const char *compatible;    /* the kiosk's compatible string */
    const char *floor;         /* lowest version allowed is above this; "" for none */
};

/* Verify the bundle at path: signature, compatible, version above the
 * floor, payload size and hash. On success *m holds the manifest and
 * *payload_offset where the payload starts. Errors (kiosk_err_detail says
 * which, in words): KIOSK_ERR_NOT_FOUND, KIOSK_ERR_CORRUPT (not a bundle,
 * truncated, bad signature, hash mismatch), KIOSK_ERR_DENIED (wrong
 * compatible, version not above the floor), KIOSK_ERR_IO. */
enum kiosk_err bundle_verify(const char *path, const struct bundle_check *check,
                             struct bundle_manifest *m, long *payload_offset);

/* Release tool side: write a bundle from a payload file. */
enum kiosk_err bundle_write(const char *out_path, const char *payload_path, const char *version,
                            const char *compatible, const uint8_t secret_key[64]);

/* Read a key file: hex text (64 hex digits for a public key, 128 for a
 * secret key) with optional trailing newline. */
enum kiosk_err bundle_read_key(const char *path, uint8_t *key, size_t key_len);

#endif
