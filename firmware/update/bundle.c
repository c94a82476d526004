/* Bundle format, verification and signing: see bundle.h. */
#define _POSIX_C_SOURCE 200809L
#include "firmware/update/bundle.h"
#include "firmware/core/file.h"
#include "firmware/core/str.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static bool parse_hex(const char *s, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

bool bundle_version_valid(const char *v)
{
    int parts = 0, digits = 0;
    for (const char *p = v;; p++) {
        if (*p >= '0' && *p <= '9') {
            if (++digits > 6)
                return false;
        } else if (*p == '.' || *p == '\0') {
            if (digits == 0)
                return false;
            parts++;
            digits = 0;
            if (*p == '\0')
                break;
        } else {
            return false;
        }
    }
    return parts == 3;
}

int bundle_version_cmp(const char *a, const char *b, bool *ok)
{
    *ok = bundle_version_valid(a) && bundle_version_valid(b);
    if (!*ok)
        return 0;
    for (int i = 0; i < 3; i++) {
        long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
        if (x != y)
            return x < y ? -1 : 1;
        if (*a == '.')
            a++;
        if (*b == '.')
            b++;
    }
    return 0;
}

enum kiosk_err bundle_manifest_parse(const char *text, size_t len, struct bundle_manifest *m)
{
    memset(m, 0, sizeof(*m));
    if (len == 0 || len > BUNDLE_MANIFEST_MAX || memchr(text, '\0', len)) {
        kiosk_err_set_detail("the manifest is empty, too long or holds a NUL byte");
        return KIOSK_ERR_INVALID;
    }
    bool seen[4] = {false, false, false, false};
    size_t pos = 0;
    while (pos < len) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl ? 1 : 0);
        const char *eq = memchr(line, '=', n);
        if (!eq) {
            kiosk_err_set_detail("manifest line without '=': %.*s", (int)(n < 40 ? n : 40), line);
            return KIOSK_ERR_INVALID;
        }
        size_t kl = (size_t)(eq - line), vl = n - kl - 1;
        const char *v = eq + 1;
        char val[80];
        if (vl >= sizeof(val)) {
            kiosk_err_set_detail("manifest value too long for %.*s", (int)kl, line);
            return KIOSK_ERR_INVALID;
        }
        memcpy(val, v, vl);
        val[vl] = '\0';
        int k = kl == 7 && !memcmp(line, "version", 7)            ? 0
                : kl == 10 && !memcmp(line, "compatible", 10)     ? 1
                : kl == 12 && !memcmp(line, "payload_size", 12)   ? 2
                : kl == 14 && !memcmp(line, "payload_sha256", 14) ? 3
                                                                  : -1;
        if (k < 0) {
            kiosk_err_set_detail("unknown manifest key %.*s", (int)(kl < 32 ? kl : 32), line);
            return KIOSK_ERR_INVALID;
        }
        if (seen[k]) {
            kiosk_err_set_detail("manifest key %.*s given twice", (int)kl, line);
            return KIOSK_ERR_INVALID;
        }
        seen[k] = true;
        switch (k) {
        case 0:
            if (!bundle_version_valid(val) || !kstr_copy(m->version, sizeof(m->version), val)) {
                kiosk_err_set_detail("manifest version '%s' is not MAJOR.MINOR.PATCH", val);
                return KIOSK_ERR_INVALID;
            }
            break;
        case 1:
            if (!val[0] || !kstr_copy(m->compatible, sizeof(m->compatible), val)) {
                kiosk_err_set_detail("manifest compatible is empty or too long");
                return KIOSK_ERR_INVALID;
            }
            break;
        case 2: {
            char *end = NULL;
            errno = 0;
            unsigned long long sz = strtoull(val, &end, 10);
            if (!val[0] || *end || errno || val[0] == '-' || sz > (1ULL << 40)) {
                kiosk_err_set_detail("manifest payload_size '%s' is not a size", val);
                return KIOSK_ERR_INVALID;
            }
            m->payload_size = sz;
            break;
        }
        case 3:
            if (vl != 64 || !parse_hex(val, 32, m->payload_sha256)) {
                kiosk_err_set_detail("manifest payload_sha256 is not 64 hex digits");
                return KIOSK_ERR_INVALID;
            }
            break;
        }
    }
    for (int k = 0; k < 4; k++)
        if (!seen[k]) {
            static const char *const names[] = {"version", "compatible", "payload_size",
                                                "payload_sha256"};
            kiosk_err_set_detail("manifest has no %s", names[k]);
            return KIOSK_ERR_INVALID;
        }
    return KIOSK_OK;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

enum kiosk_err bundle_verify(const char *path, const struct bundle_check *check,
                             struct bundle_manifest *m, long *payload_offset)
{
    if (sodium_init() < 0)
        return KIOSK_ERR_UNSUPPORTED;
    /* A regular file only: a FIFO or device given as a bundle must not block. */
    enum kiosk_err err;
    FILE *f = kfile_open_stream(path, &err);
    if (!f) {
        kiosk_err_set_detail("%s cannot be opened: %s", path, kiosk_strerror(err));
        return err == KIOSK_ERR_NOT_FOUND ? err : KIOSK_ERR_IO;
    }
    err = KIOSK_ERR_CORRUPT;
    unsigned char head[BUNDLE_HEADER_BYTES + BUNDLE_MANIFEST_MAX + BUNDLE_SIG_BYTES];
    if (fread(head, 1, BUNDLE_HEADER_BYTES, f) != BUNDLE_HEADER_BYTES ||
        memcmp(head, BUNDLE_MAGIC, 8) != 0) {
        kiosk_err_set_detail("not a carekiosk bundle (no CKBUNDL1 header)");
        goto out;
    }
    uint32_t mlen = le32(head + 8);
    if (mlen == 0 || mlen > BUNDLE_MANIFEST_MAX) {
        kiosk_err_set_detail("the manifest length %u is out of range", (unsigned)mlen);
        goto out;
    }
    unsigned char *manifest = head + BUNDLE_HEADER_BYTES, *sig = manifest + mlen;
    if (fread(manifest, 1, mlen + BUNDLE_SIG_BYTES, f) != mlen + BUNDLE_SIG_BYTES) {
        kiosk_err_set_detail("the bundle is truncated inside its manifest or signature");
        goto out;
    }
    if (crypto_sign_verify_detached(sig, head, BUNDLE_HEADER_BYTES + mlen, check->public_key) !=
        0) {
        kiosk_err_set_detail("the signature does not match this kiosk's release key (unsigned, "
                             "signed with another key, or altered)");
        goto out;
    }
    err = bundle_manifest_parse((const char *)manifest, mlen, m);
    if (err != KIOSK_OK) {
        err = KIOSK_ERR_CORRUPT; /* signed but malformed: the release tool never makes one */
        goto out;
    }
    if (strcmp(m->compatible, check->compatible) != 0) {
        kiosk_err_set_detail("the bundle is for '%s'; this kiosk is '%s'", m->compatible,
                             check->compatible);
        err = KIOSK_ERR_DENIED;
        goto out;
    }
    bool ok = true;
    if (check->floor && check->floor[0] && bundle_version_cmp(m->version, check->floor, &ok) <= 0) {
        kiosk_err_set_detail("version %s is not newer than %s, the oldest this kiosk may run "
                             "again (downgrades are refused)",
                             m->version, check->floor);
        err = KIOSK_ERR_DENIED;
        goto out;
    }
    *payload_offset = (long)(BUNDLE_HEADER_BYTES + mlen + BUNDLE_SIG_BYTES);
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[65536];
    uint64_t left = m->payload_size;
    while (left > 0) {
        size_t want = left < sizeof(buf) ? (size_t)left : sizeof(buf);
        size_t got = fread(buf, 1, want, f);
        if (got == 0)
            break;
        crypto_hash_sha256_update(&st, buf, got);
        left -= got;
    }
    if (left > 0) {
        kiosk_err_set_detail("the payload is truncated: %llu of %llu bytes missing",
                             (unsigned long long)left, (unsigned long long)m->payload_size);
        err = KIOSK_ERR_CORRUPT;
        goto out;
    }
    if (fread(buf, 1, 1, f) != 0) {
        kiosk_err_set_detail("the bundle has bytes after its payload");
        err = KIOSK_ERR_CORRUPT;
        goto out;
    }
    unsigned char digest[32];
    crypto_hash_sha256_final(&st, digest);
    if (sodium_memcmp(digest, m->payload_sha256, 32) != 0) {
        kiosk_err_set_detail("the payload's SHA-256 does not match the signed manifest");
        err = KIOSK_ERR_CORRUPT;
        goto out;
    }
    err = KIOSK_OK;
out:
    fclose(f);
    return err;
}

enum kiosk_err bundle_read_key(const char *path, uint8_t *key, size_t key_len)
{
    enum kiosk_err oerr;
    FILE *f = kfile_open_stream(path, &oerr);
    if (!f) {
        kiosk_err_set_detail("key file %s cannot be opened: %s", path, kiosk_strerror(oerr));
        return oerr == KIOSK_ERR_NOT_FOUND ? oerr : KIOSK_ERR_IO;
    }
    char text[300];
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
        text[--n] = '\0';
    if (n != 2 * key_len || !parse_hex(text, key_len, key)) {
        sodium_memzero(text, sizeof(text));
        kiosk_err_set_detail("key file %s does not hold %zu hex digits", path, 2 * key_len);
        return KIOSK_ERR_CORRUPT;
    }
    sodium_memzero(text, sizeof(text));
    return KIOSK_OK;
}

enum kiosk_err bundle_write(const char *out_path, const char *payload_path, const char *version,
                            const char *compatible, const uint8_t secret_key[64])
{
    if (sodium_init() < 0)
        return KIOSK_ERR_UNSUPPORTED;
    if (!bundle_version_valid(version) || !compatible[0] || strlen(compatible) >= 64 ||
        strchr(compatible, '\n')) {
        kiosk_err_set_detail("version must be MAJOR.MINOR.PATCH and compatible one short line");
        return KIOSK_ERR_INVALID;
    }
    FILE *in = fopen(payload_path, "rb");
    if (!in) {
        kiosk_err_set_detail("payload %s cannot be opened: %s", payload_path, strerror(errno));
        return KIOSK_ERR_NOT_FOUND;
    }
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[65536];
    uint64_t size = 0;
    size_t got;
    while ((got = fread(buf, 1, sizeof(buf), in)) > 0) {
        crypto_hash_sha256_update(&st, buf, got);
        size += got;
    }
    unsigned char digest[32];
    crypto_hash_sha256_final(&st, digest);
    char hex[65];
    sodium_bin2hex(hex, sizeof(hex), digest, 32);
    unsigned char head[BUNDLE_HEADER_BYTES + BUNDLE_MANIFEST_MAX];
    int mlen = snprintf((char *)head + BUNDLE_HEADER_BYTES, BUNDLE_MANIFEST_MAX,
                        "version=%s\ncompatible=%s\npayload_size=%llu\npayload_sha256=%s\n",
                        version, compatible, (unsigned long long)size, hex);
    memcpy(head, BUNDLE_MAGIC, 8);
    head[8] = (unsigned char)mlen;
    head[9] = (unsigned char)(mlen >> 8);
    head[10] = head[11] = 0;
    unsigned char sig[BUNDLE_SIG_BYTES];
    crypto_sign_detached(sig, NULL, head, BUNDLE_HEADER_BYTES + (size_t)mlen, secret_key);
    FILE *out = fopen(out_path, "wb");
    if (!out) {
        fclose(in);
        kiosk_err_set_detail("%s cannot be written: %s", out_path, strerror(errno));
        return KIOSK_ERR_IO;
    }
    enum kiosk_err err = KIOSK_OK;
    if (fwrite(head, 1, BUNDLE_HEADER_BYTES + (size_t)mlen, out) !=
            BUNDLE_HEADER_BYTES + (size_t)mlen ||
        fwrite(sig, 1, sizeof(sig), out) != sizeof(sig))
        err = KIOSK_ERR_IO;
    rewind(in);
    while (err == KIOSK_OK && (got = fread(buf, 1, sizeof(buf), in)) > 0)
        if (fwrite(buf, 1, got, out) != got)
            err = KIOSK_ERR_IO;
    fclose(in);
    if (fclose(out) != 0)
        err = KIOSK_ERR_IO;
    return err;
}
