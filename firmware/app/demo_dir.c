/* The demo's private folder: demo data is patient-like data, so it goes
 * into a folder of its own (mkdtemp, mode 0700) under XDG_RUNTIME_DIR or
 * TMPDIR, with the owner's PID inside; it is removed at exit, and folders
 * left by demos that died are removed at the next start. */
#define _DEFAULT_SOURCE
#include "firmware/app/app.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEMO_PREFIX "carekiosk-demo-"
#define DEMO_OWNER  "owner.pid"

const char *app_demo_dir_base(void)
{
    const char *env[] = {"XDG_RUNTIME_DIR", "TMPDIR"};
    struct stat sb;
    for (size_t i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
        const char *d = getenv(env[i]);
        if (d && d[0] == '/' && stat(d, &sb) == 0 && S_ISDIR(sb.st_mode))
            return d;
    }
    return "/tmp";
}

/* Every file in dir (regular files only: the demo writes nothing else), then dir. */
void app_demo_dir_remove(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.')
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
    rmdir(dir);
}

/* The demo folder at path is this user's and its owner is gone. */
static bool demo_stale(const char *path)
{
    char owner[PATH_MAX + 16], buf[24] = "";
    struct stat sb;
    if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode) || sb.st_uid != getuid())
        return false;
    snprintf(owner, sizeof(owner), "%s/" DEMO_OWNER, path);
    int fd = open(owner, O_RDONLY | O_NOFOLLOW);
    if (fd < 0)
        return false; /* being made right now, or not ours to judge */
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    long pid = n > 0 ? strtol(buf, NULL, 10) : 0;
    return pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

static void demo_sweep(const char *base)
{
    char path[PATH_MAX];
    DIR *d = opendir(base);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, DEMO_PREFIX, strlen(DEMO_PREFIX)) != 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", base, e->d_name);
        if (demo_stale(path))
            app_demo_dir_remove(path);
    }
    closedir(d);
}

/* A fresh private folder into dir; its database path into db. */
bool app_demo_dir_make(char *dir, size_t dir_size, char *db, size_t db_size)
{
    char owner[PATH_MAX + 16], pid[24];
    const char *base = app_demo_dir_base();
    demo_sweep(base);
    snprintf(dir, dir_size, "%s/" DEMO_PREFIX "XXXXXX", base);
    if (!mkdtemp(dir)) {
        dir[0] = '\0';
        return false;
    }
    snprintf(owner, sizeof(owner), "%s/" DEMO_OWNER, dir);
    int fd = open(owner, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
    int len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    bool ok = fd >= 0 && write(fd, pid, (size_t)len) == len;
    if (fd >= 0)
        close(fd);
    if (!ok) {
        app_demo_dir_remove(dir);
        dir[0] = '\0';
        return false;
    }
    snprintf(db, db_size, "%s/demo.db", dir);
    return true;
}
