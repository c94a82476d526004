/* The service manager protocol: datagrams to NOTIFY_SOCKET, the watchdog
 * interval, and the kiosk itself saying READY=1, WATCHDOG=1 and STOPPING=1
 * the way systemd would hear them. */
#define _DEFAULT_SOURCE
#include "firmware/core/notify.h"
#include "ktest.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int listen_at(const char *name, int abstract)
{
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", name);
    if (abstract)
        addr.sun_path[0] = '\0';
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(name));
    if (!abstract)
        unlink(name);
    if (bind(fd, (struct sockaddr *)&addr, len) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* One datagram within ms, or "" on timeout. */
static const char *receive(int fd, int ms, char *buf, size_t size)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    buf[0] = '\0';
    if (poll(&p, 1, ms) == 1) {
        ssize_t n = recv(fd, buf, size - 1, 0);
        buf[n > 0 ? n : 0] = '\0';
    }
    return buf;
}

static enum ktest_result sends_to_a_path_and_an_abstract_socket(void)
{
    char path[128], buf[256];
    snprintf(path, sizeof(path), "%s/notify-test.sock", KIOSK_BINARY_DIR);
    int fd = listen_at(path, 0);
    KT_ASSERT(fd >= 0);
    setenv("NOTIFY_SOCKET", path, 1);
    KT_EQ_INT(notify_send("READY=1"), KIOSK_OK);
    KT_EQ_STR(receive(fd, 1000, buf, sizeof(buf)), "READY=1");
    close(fd);
    unlink(path);

    char name[64];
    snprintf(name, sizeof(name), "@carekiosk-notify-%d", (int)getpid());
    fd = listen_at(name, 1);
    KT_ASSERT(fd >= 0);
    setenv("NOTIFY_SOCKET", name, 1);
    KT_EQ_INT(notify_send("WATCHDOG=1"), KIOSK_OK);
    KT_EQ_STR(receive(fd, 1000, buf, sizeof(buf)), "WATCHDOG=1");
    close(fd);

    /* Nobody listening, or no service manager at all: no crash, an error. */
    KT_EQ_INT(notify_send("READY=1"), KIOSK_ERR_IO);
    unsetenv("NOTIFY_SOCKET");
    KT_EQ_INT(notify_send("READY=1"), KIOSK_ERR_NOT_FOUND);
    setenv("NOTIFY_SOCKET", "relative/name", 1);
    KT_EQ_INT(notify_send("READY=1"), KIOSK_ERR_INVALID);
    unsetenv("NOTIFY_SOCKET");
    return KTEST_PASS;
}

static enum ktest_result watchdog_interval_is_half_the_timeout(void)
{
    char pid[16];
    snprintf(pid, sizeof(pid), "%d", (int)getpid());
    unsetenv("WATCHDOG_PID");
    unsetenv("WATCHDOG_USEC");
    KT_EQ_INT(notify_watchdog_interval_ms(), -1);
    setenv("WATCHDOG_USEC", "10000000", 1);
    KT_EQ_INT(notify_watchdog_interval_ms(), 5000);
    setenv("WATCHDOG_PID", pid, 1);
    KT_EQ_INT(notify_watchdog_interval_ms(), 5000);
    setenv("WATCHDOG_PID", "1", 1); /* armed for another process */
    KT_EQ_INT(notify_watchdog_interval_ms(), -1);
    unsetenv("WATCHDOG_PID");
    setenv("WATCHDOG_USEC", "ten", 1);
    KT_EQ_INT(notify_watchdog_interval_ms(), -1);
    setenv("WATCHDOG_USEC", "0", 1);
    KT_EQ_INT(notify_watchdog_interval_ms(), -1);
    setenv("WATCHDOG_USEC", "1000", 1); /* 1 ms timeout: pet every 1 ms */
    KT_EQ_INT(notify_watchdog_interval_ms(), 1);
    unsetenv("WATCHDOG_USEC");
    return KTEST_PASS;
}

/* The real kiosk, as systemd runs it: READY=1 after the first screen,
 * WATCHDOG=1 again and again while nobody touches it, STOPPING=1 on
 * SIGTERM. */
static enum ktest_result kiosk_reports_ready_and_pets_the_watchdog(void)
{
    char name[64], db[160], exe[160], buf[256];
    snprintf(name, sizeof(name), "@carekiosk-kiosk-%d", (int)getpid());
    snprintf(db, sizeof(db), "%s/notify-test.db", KIOSK_BINARY_DIR);
    snprintf(exe, sizeof(exe), "%s/carekiosk", KIOSK_BINARY_DIR);
    unlink(db);
    int fd = listen_at(name, 1);
    KT_ASSERT(fd >= 0);

    pid_t child = fork();
    KT_ASSERT(child >= 0);
    if (child == 0) {
        char wpid[16];
        snprintf(wpid, sizeof(wpid), "%d", (int)getpid());
        setenv("NOTIFY_SOCKET", name, 1);
        setenv("WATCHDOG_USEC", "200000", 1);
        setenv("WATCHDOG_PID", wpid, 1);
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        setenv("SDL_AUDIODRIVER", "dummy", 1);
        execl(exe, exe, "--db", db, "--windowed", (char *)NULL);
        _exit(127);
    }
    int ready = 0, pets = 0, stopping = 0;
    for (int i = 0; i < 200 && pets < 5; i++) {
        receive(fd, 100, buf, sizeof(buf));
        if (strncmp(buf, "READY=1", 7) == 0)
            ready++;
        else if (strcmp(buf, "WATCHDOG=1") == 0 && ready)
            pets++;
    }
    kill(child, SIGTERM);
    for (int i = 0; i < 50 && !stopping; i++)
        stopping = strcmp(receive(fd, 100, buf, sizeof(buf)), "STOPPING=1") == 0;
    int status = 0;
    waitpid(child, &status, 0);
    close(fd);
    unlink(db);
    KT_EQ_INT(ready, 1);
    KT_ASSERT(pets >= 5);
    KT_ASSERT(stopping);
    KT_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"sends_to_a_path_and_an_abstract_socket", sends_to_a_path_and_an_abstract_socket},
    {"watchdog_interval_is_half_the_timeout", watchdog_interval_is_half_the_timeout},
    {"kiosk_reports_ready_and_pets_the_watchdog", kiosk_reports_ready_and_pets_the_watchdog},
};

KTEST_MAIN(tests)
