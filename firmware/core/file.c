/* Regular files only, opened without blocking and checked on the open
 * descriptor (fstat), never by a stat of the path before the open: between
 * the two the path could be swapped for something else. */
#define _GNU_SOURCE /* O_NOFOLLOW, O_DIRECTORY, O_CLOEXEC, openat */
#include "firmware/core/file.h"
#include "firmware/core/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static enum kiosk_err open_errno(int e)
{
    if (e == ENOENT || e == ENOTDIR)
        return KIOSK_ERR_NOT_FOUND;
    if (e == EACCES || e == EPERM)
        return KIOSK_ERR_DENIED;
    return KIOSK_ERR_IO;
}

/* fd is open with O_NONBLOCK: refuse anything but a regular file, then make
 * reads blocking again (a regular file never blocks anyway). Closes fd on
 * error. */
static enum kiosk_err keep_regular(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return KIOSK_ERR_IO;
    }
    if (S_ISDIR(st.st_mode)) {
        /* As read(2) says of a folder (EISDIR): an I/O error, never data. */
        close(fd);
        return KIOSK_ERR_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        kiosk_err_set_detail("is not a regular file (%s)", S_ISFIFO(st.st_mode)   ? "a FIFO"
                                                           : S_ISSOCK(st.st_mode) ? "a socket"
                                                                                  : "a device");
        return KIOSK_ERR_INVALID;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        close(fd);
        return KIOSK_ERR_IO;
    }
    return KIOSK_OK;
}

static enum kiosk_err open_regular(const char *path, int *fd)
{
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (*fd < 0)
        return open_errno(errno);
    enum kiosk_err err = keep_regular(*fd);
    if (err != KIOSK_OK)
        *fd = -1;
    return err;
}

/* Reads all of fd (at most max bytes) and closes it. */
static enum kiosk_err read_fd(int fd, size_t max, char **out, size_t *out_len)
{
    enum kiosk_err err = KIOSK_OK;
    char *buf = NULL;
    size_t len = 0, cap = 0;

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
        ssize_t got = read(fd, buf + len, cap - len);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            err = KIOSK_ERR_IO;
            goto err_free;
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    if (len > max) {
        err = KIOSK_ERR_TOO_BIG;
        goto err_free;
    }
    buf[len] = '\0';
    close(fd);
    *out = buf;
    *out_len = len;
    return KIOSK_OK;

err_free:
    kmem_free(buf);
    close(fd);
    return err;
}

enum kiosk_err kfile_read(const char *path, size_t max, char **out, size_t *out_len)
{
    int fd;
    *out = NULL;
    *out_len = 0;
    if (!path)
        return KIOSK_ERR_INVALID;
    enum kiosk_err err = open_regular(path, &fd);
    if (err != KIOSK_OK)
        return err;
    return read_fd(fd, max, out, out_len);
}

enum kiosk_err kfile_read_in(const char *dir, const char *name, size_t max, char **out,
                             size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (!dir || !name || !name[0] || strchr(name, '/') || !strcmp(name, ".") ||
        !strcmp(name, "..")) {
        kiosk_err_set_detail("is not a file name inside the folder");
        return KIOSK_ERR_INVALID;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return open_errno(errno);
    /* One component relative to the folder's descriptor, and no link
     * followed: the file is in that folder, whatever its path looks like. */
    int fd = openat(dfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
    int e = errno;
    close(dfd);
    if (fd < 0) {
        if (e == ELOOP) {
            kiosk_err_set_detail("is a symbolic link; a pack holds regular files only");
            return KIOSK_ERR_DENIED;
        }
        return open_errno(e);
    }
    enum kiosk_err err = keep_regular(fd);
    if (err != KIOSK_OK)
        return err;
    return read_fd(fd, max, out, out_len);
}

FILE *kfile_open_stream(const char *path, enum kiosk_err *err)
{
    int fd;
    *err = path ? open_regular(path, &fd) : KIOSK_ERR_INVALID;
    if (*err != KIOSK_OK)
        return NULL;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        *err = KIOSK_ERR_NOMEM;
    }
    return f;
}
