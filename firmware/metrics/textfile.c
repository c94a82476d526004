/* The .prom file in node_exporter's textfile folder, replaced atomically:
 * the collector reads the folder at every scrape and must never see half a
 * file, or a file of a run that is gone half-written after a power cut. */
#define _POSIX_C_SOURCE 200809L
#include "firmware/core/file.h"
#include "firmware/core/mem.h"
#include "firmware/metrics/metrics.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static enum kiosk_err from_errno(int e)
{
    switch (e) {
    case ENOENT:
    case ENOTDIR:
        return KIOSK_ERR_NOT_FOUND;
    case EACCES:
    case EPERM:
    case EROFS:
        return KIOSK_ERR_DENIED;
    case ENOSPC:
    case EDQUOT:
        return KIOSK_ERR_FULL;
    default:
        return KIOSK_ERR_IO;
    }
}

enum kiosk_err metrics_file_write(const char *dir, const char *text, size_t len)
{
    char tmp[1024], path[1024];
    /* A name the collector skips (it reads *.prom only), unique per process. */
    int n = snprintf(tmp, sizeof(tmp), "%s/.%s.%ld.tmp", dir, METRICS_FILE_NAME, (long)getpid());
    int m = snprintf(path, sizeof(path), "%s/%s", dir, METRICS_FILE_NAME);
    if (n < 0 || (size_t)n >= sizeof(tmp) || m < 0 || (size_t)m >= sizeof(path)) {
        kiosk_err_set_detail("metrics folder name too long");
        return KIOSK_ERR_TOO_BIG;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        enum kiosk_err err = from_errno(errno);
        kiosk_err_set_detail("cannot create the metrics file: %s", strerror(errno));
        return err;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            goto err_unlink;
        done += (size_t)w;
    }
    /* The data is on disk before the name points at it. */
    if (fsync(fd) != 0)
        goto err_unlink;
    if (close(fd) != 0) {
        fd = -1;
        goto err_unlink;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto err_unlink;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd); /* the rename itself survives a power cut */
        close(dfd);
    }
    return KIOSK_OK;

err_unlink : {
    int e = errno ? errno : EIO;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    kiosk_err_set_detail("cannot write the metrics file: %s", strerror(e));
    return from_errno(e);
}
}

int metrics_file_up(const char *dir)
{
    char path[1024];
    int n = snprintf(path, sizeof(path), "%s/%s", dir, METRICS_FILE_NAME);
    if (n < 0 || (size_t)n >= sizeof(path))
        return -1;
    char *text = NULL;
    size_t len = 0;
    if (kfile_read(path, 1 << 20, &text, &len) != KIOSK_OK)
        return -1;
    int up = -1;
    for (const char *line = text; line && *line;) {
        if (strncmp(line, "carekiosk_up ", 13) == 0) {
            up = line[13] == '1' ? 1 : line[13] == '0' ? 0 : -1;
            break;
        }
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    kmem_free(text);
    return up;
}
