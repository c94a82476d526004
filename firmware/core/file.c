#include "firmware/core/file.h"
#include "firmware/core/mem.h"

#include <errno.h>
#include <stdio.h>

enum kiosk_err kfile_read(const char *path, size_t max, char **out, size_t *out_len)
{
    enum kiosk_err err = KIOSK_OK;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    FILE *f;

    *out = NULL;
    *out_len = 0;
    f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT || errno == ENOTDIR)
            return KIOSK_ERR_NOT_FOUND;
        if (errno == EACCES || errno == EPERM)
            return KIOSK_ERR_DENIED;
        return KIOSK_ERR_IO;
    }
    for (;;) {
        if (len == cap) {
            /* Grow up to max + 1 bytes so one byte more than max is seen. */
            size_t ncap = cap ? cap * 2 : 4096;
            if (ncap > max + 1)
                ncap = max + 1;
            if (ncap == cap) {
                err = KIOSK_ERR_TOO_BIG;
                goto err_free;
            }
            char *nbuf = kmem_realloc(buf, ncap + 1);
            if (!nbuf) {
                err = KIOSK_ERR_NOMEM;
                goto err_free;
            }
            buf = nbuf;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                err = KIOSK_ERR_IO;
                goto err_free;
            }
            break;
        }
    }
    if (len > max) {
        err = KIOSK_ERR_TOO_BIG;
        goto err_free;
    }
    buf[len] = '\0';
    fclose(f);
    *out = buf;
    *out_len = len;
    return KIOSK_OK;

err_free:
    kmem_free(buf);
    fclose(f);
    return err;
}
