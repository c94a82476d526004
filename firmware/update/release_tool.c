/* carekiosk-release: makes release keys and signs update bundles. Runs on a
 * release machine; the secret key never goes onto a kiosk.
 *
 *   carekiosk-release keygen DIR
 *       writes DIR/release.key (secret, mode 0600) and DIR/release.pub
 *       (public: install it on kiosks as [update] public_key)
 *   carekiosk-release sign --key release.key --version 1.2.0
 *                          --compatible carekiosk-x86_64 --payload slot.tar --out FILE
 */
#define _POSIX_C_SOURCE 200809L
#include "firmware/update/bundle.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_hex(const char *path, const unsigned char *bin, size_t len, mode_t mode)
{
    char hex[260];
    sodium_bin2hex(hex, sizeof(hex), bin, len);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (fd < 0) {
        perror(path);
        return -1;
    }
    size_t n = strlen(hex);
    hex[n++] = '\n';
    bool ok = write(fd, hex, n) == (ssize_t)n;
    sodium_memzero(hex, sizeof(hex));
    return close(fd) == 0 && ok ? 0 : -1;
}

static int keygen(const char *dir)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char path[600];
    crypto_sign_keypair(pk, sk);
    snprintf(path, sizeof(path), "%s/release.key", dir);
    int rc = write_hex(path, sk, sizeof(sk), 0600);
    sodium_memzero(sk, sizeof(sk));
    if (rc != 0)
        return 1;
    snprintf(path, sizeof(path), "%s/release.pub", dir);
    if (write_hex(path, pk, sizeof(pk), 0644) != 0)
        return 1;
    printf("wrote %s/release.key (keep it off the kiosks) and %s/release.pub\n", dir, dir);
    return 0;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0)
        return 1;
    if (argc == 3 && !strcmp(argv[1], "keygen"))
        return keygen(argv[2]);
    if (argc > 1 && !strcmp(argv[1], "sign")) {
        const char *key = NULL, *version = NULL, *compat = NULL, *payload = NULL, *out = NULL;
        for (int i = 2; i + 1 < argc; i += 2) {
            if (!strcmp(argv[i], "--key"))
                key = argv[i + 1];
            else if (!strcmp(argv[i], "--version"))
                version = argv[i + 1];
            else if (!strcmp(argv[i], "--compatible"))
                compat = argv[i + 1];
            else if (!strcmp(argv[i], "--payload"))
                payload = argv[i + 1];
            else if (!strcmp(argv[i], "--out"))
                out = argv[i + 1];
        }
        if (key && version && compat && payload && out) {
            unsigned char sk[crypto_sign_SECRETKEYBYTES];
            if (bundle_read_key(key, sk, sizeof(sk)) != KIOSK_OK) {
                fprintf(stderr, "carekiosk-release: %s\n", kiosk_err_detail());
                return 1;
            }
            enum kiosk_err err = bundle_write(out, payload, version, compat, sk);
            sodium_memzero(sk, sizeof(sk));
            if (err != KIOSK_OK) {
                fprintf(stderr, "carekiosk-release: %s\n", kiosk_err_detail());
                return 1;
            }
            printf("signed %s: version %s for %s\n", out, version, compat);
            return 0;
        }
    }
    fprintf(stderr, "usage: carekiosk-release keygen DIR\n"
                    "       carekiosk-release sign --key KEY --version X.Y.Z --compatible C "
                    "--payload FILE --out BUNDLE\n");
    return 2;
}
