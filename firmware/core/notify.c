/* sd_notify by hand: the protocol is one datagram of newline-separated
 * KEY=VALUE lines. A socket name starting with '@' is in the abstract
 * namespace (its first byte becomes NUL). */
#define _DEFAULT_SOURCE /* SOCK_CLOEXEC, MSG_NOSIGNAL */
#include "firmware/core/notify.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

enum kiosk_err notify_send(const char *state)
{
    const char *path = getenv("NOTIFY_SOCKET");
    if (!path || !path[0])
        return KIOSK_ERR_NOT_FOUND;
    size_t len = strlen(path);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if ((path[0] != '/' && path[0] != '@') || len >= sizeof(addr.sun_path))
        return KIOSK_ERR_INVALID;
    memcpy(addr.sun_path, path, len);
    if (addr.sun_path[0] == '@')
        addr.sun_path[0] = '\0';

    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return KIOSK_ERR_IO;
    socklen_t alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
    ssize_t n;
    do
        n = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&addr, alen);
    while (n < 0 && errno == EINTR);
    close(fd);
    return n == (ssize_t)strlen(state) ? KIOSK_OK : KIOSK_ERR_IO;
}

int64_t notify_watchdog_interval_ms(void)
{
    const char *usec = getenv("WATCHDOG_USEC");
    if (!usec || !usec[0])
        return -1;
    const char *pid = getenv("WATCHDOG_PID");
    if (pid && pid[0]) {
        char *end;
        long p = strtol(pid, &end, 10);
        if (*end || p != (long)getpid())
            return -1; /* meant for another process */
    }
    char *end;
    long long us = strtoll(usec, &end, 10);
    if (*end || us <= 0)
        return -1;
    int64_t ms = (int64_t)(us / 2000);
    return ms > 0 ? ms : 1;
}
