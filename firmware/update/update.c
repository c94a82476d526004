/* The update front over RAUC: see update.h.
 *
 * What RAUC does is RAUC's: signature, compatible, writing the slot, the
 * bootloader. The files here are small and written whole by rename(), so
 * a kill -9 or power cut leaves the old file or the new one, never half:
 *   floor   one version line, only ever raised
 *   trial   version=, slot=, boots= of the version on trial
 *   last    one sentence for the technician */
#define _POSIX_C_SOURCE 200809L
#include "firmware/update/update.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/update/rauc_bus.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define MAX_SLOTS 16

struct trial {
    char version[32];
    char slot[16]; /* bootname */
    int boots;
    bool bad; /* marked bad after too many starts; waits for the boot back */
};

struct updater {
    char dir[512];
    char rauc[256];
    char rauc_conf[300];
    int max_boots;
    int timeout_s;
    struct rauc_bus *bus;
};

/* ---- versions -------------------------------------------------------------- */

static bool parse_version(const char *v, long part[3])
{
    for (int i = 0; i < 3; i++) {
        if (*v < '0' || *v > '9')
            return false;
        long n = 0;
        int digits = 0;
        while (*v >= '0' && *v <= '9') {
            n = n * 10 + (*v++ - '0');
            if (++digits > 6)
                return false;
        }
        part[i] = n;
        if (i < 2 && *v++ != '.')
            return false;
    }
    return *v == '\0';
}

bool update_version_valid(const char *v)
{
    long p[3];
    return v && parse_version(v, p);
}

int update_version_cmp(const char *a, const char *b)
{
    long pa[3], pb[3];
    if (!a || !b || !parse_version(a, pa) || !parse_version(b, pb))
        return 0;
    for (int i = 0; i < 3; i++)
        if (pa[i] != pb[i])
            return pa[i] < pb[i] ? -1 : 1;
    return 0;
}

bool update_version_allowed(const char *version, const char *floor, const char *running)
{
    if (!update_version_valid(version))
        return false;
    if (update_version_valid(floor) && update_version_cmp(version, floor) <= 0)
        return false;
    if (update_version_valid(running) && update_version_cmp(version, running) <= 0)
        return false;
    return true;
}

/* ---- small files ----------------------------------------------------------- */

static enum kiosk_err write_atomic(const char *path, const char *text)
{
    char tmp[600];
    snprintf(tmp, sizeof(tmp), "%s.new", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return KIOSK_ERR_IO;
    size_t n = strlen(text);
    bool ok = write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return KIOSK_ERR_IO;
    }
    return KIOSK_OK;
}

static bool read_small(const char *path, char *out, size_t size)
{
    FILE *f = fopen(path, "r");
    out[0] = '\0';
    if (!f)
        return false;
    size_t n = fread(out, 1, size - 1, f);
    fclose(f);
    out[n] = '\0';
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
        out[--n] = '\0';
    return true;
}

static void path_of(const struct updater *u, char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", u->dir, name);
}

void update_floor_read(const char *state_dir, char floor[32])
{
    char path[600];
    snprintf(path, sizeof(path), "%s/floor", state_dir);
    read_small(path, floor, 32);
    if (!update_version_valid(floor))
        floor[0] = '\0';
}

static enum kiosk_err raise_floor(const struct updater *u, const char *version)
{
    char floor[32], path[600], text[40];
    update_floor_read(u->dir, floor);
    if (floor[0] && update_version_cmp(version, floor) <= 0)
        return KIOSK_OK; /* the floor never falls */
    path_of(u, path, sizeof(path), "floor");
    snprintf(text, sizeof(text), "%s\n", version);
    return write_atomic(path, text);
}

static void set_last(const struct updater *u, const char *text)
{
    char path[600], line[256];
    path_of(u, path, sizeof(path), "last");
    snprintf(line, sizeof(line), "%s\n", text);
    write_atomic(path, line);
}

static bool load_trial(const struct updater *u, struct trial *t)
{
    char path[600], text[256];
    memset(t, 0, sizeof(*t));
    path_of(u, path, sizeof(path), "trial");
    if (!read_small(path, text, sizeof(text)))
        return false;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        if (!strcmp(line, "version"))
            kstr_copy(t->version, sizeof(t->version), eq + 1);
        else if (!strcmp(line, "slot"))
            kstr_copy(t->slot, sizeof(t->slot), eq + 1);
        else if (!strcmp(line, "boots"))
            t->boots = atoi(eq + 1);
        else if (!strcmp(line, "bad"))
            t->bad = atoi(eq + 1) != 0;
    }
    return t->version[0] && t->slot[0];
}

static enum kiosk_err save_trial(const struct updater *u, const struct trial *t)
{
    char path[600], text[128];
    path_of(u, path, sizeof(path), "trial");
    snprintf(text, sizeof(text), "version=%s\nslot=%s\nboots=%d\n", t->version, t->slot, t->boots);
    return write_atomic(path, text);
}

static void clear_trial(const struct updater *u)
{
    char path[600];
    path_of(u, path, sizeof(path), "trial");
    unlink(path);
}

/* ---- RAUC's view of the slots ------------------------------------------------ */

/* The booted rootfs slot: its bootname and the version RAUC installed there. */
static enum kiosk_err booted_slot(struct updater *u, char bootname[16], char version[32])
{
    struct rauc_slot slots[MAX_SLOTS];
    int n;
    char boot[32];
    bootname[0] = version[0] = '\0';
    enum kiosk_err err = rauc_bus_property(u->bus, "BootSlot", boot, sizeof(boot));
    if (err != KIOSK_OK)
        return err;
    kstr_copy(bootname, 16, boot);
    err = rauc_bus_slots(u->bus, slots, MAX_SLOTS, &n);
    if (err != KIOSK_OK)
        return err;
    for (int i = 0; i < n; i++)
        if (!strcmp(slots[i].bootname, boot))
            kstr_copy(version, 32, slots[i].version);
    return KIOSK_OK;
}

static void bootname_of(struct updater *u, const char *slot_name, char bootname[16])
{
    struct rauc_slot slots[MAX_SLOTS];
    int n;
    bootname[0] = '\0';
    if (rauc_bus_slots(u->bus, slots, MAX_SLOTS, &n) != KIOSK_OK)
        return;
    for (int i = 0; i < n; i++)
        if (!strcmp(slots[i].name, slot_name))
            kstr_copy(bootname, 16, slots[i].bootname);
}

/* ---- interface --------------------------------------------------------------- */

enum kiosk_err updater_new(const struct update_config *cfg, struct updater **out)
{
    *out = NULL;
    struct updater *u = kmem_alloc(sizeof(*u));
    if (!u)
        return KIOSK_ERR_NOMEM;
    kstr_copy(u->dir, sizeof(u->dir), cfg->state_dir ? cfg->state_dir : ".");
    kstr_copy(u->rauc, sizeof(u->rauc), cfg->rauc ? cfg->rauc : "rauc");
    if (cfg->rauc_conf && cfg->rauc_conf[0])
        snprintf(u->rauc_conf, sizeof(u->rauc_conf), "--conf=%s", cfg->rauc_conf);
    u->max_boots = cfg->max_boots > 0 ? cfg->max_boots : 3;
    u->timeout_s = cfg->install_timeout_s > 0 ? cfg->install_timeout_s : 1800;
    enum kiosk_err err = rauc_bus_open(&u->bus);
    if (err != KIOSK_OK) {
        kmem_free(u);
        return err;
    }
    if (mkdir(u->dir, 0700) != 0 && errno != EEXIST) {
        kiosk_err_set_detail("cannot make the update state folder");
        updater_free(u);
        return KIOSK_ERR_IO;
    }
    *out = u;
    return KIOSK_OK;
}

void updater_free(struct updater *u)
{
    if (!u)
        return;
    rauc_bus_close(u->bus);
    kmem_free(u);
}

/* Copy the bundle into state_dir, readable by root only: from here on RAUC
 * reads the copy, which no one else can change. */
static enum kiosk_err take_copy(const struct updater *u, const char *bundle, char *copy,
                                size_t size)
{
    snprintf(copy, size, "%s/incoming.raucb", u->dir);
    unlink(copy);
    int in = open(bundle, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        kiosk_err_set_detail("the bundle cannot be opened");
        return errno == ENOENT ? KIOSK_ERR_NOT_FOUND : KIOSK_ERR_IO;
    }
    int fd = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        close(in);
        kiosk_err_set_detail("cannot write the bundle copy in the update state folder");
        return KIOSK_ERR_IO;
    }
    enum kiosk_err err = KIOSK_OK;
    static char buf[1 << 16];
    for (;;) {
        ssize_t got = read(in, buf, sizeof(buf));
        if (got == 0)
            break;
        if (got < 0) {
            if (errno == EINTR)
                continue;
            err = KIOSK_ERR_IO;
            break;
        }
        for (ssize_t off = 0; off < got && err == KIOSK_OK;) {
            ssize_t w = write(fd, buf + off, (size_t)(got - off));
            if (w <= 0)
                err = errno == ENOSPC ? KIOSK_ERR_FULL : KIOSK_ERR_IO;
            else
                off += w;
        }
        if (err != KIOSK_OK)
            break;
    }
    if (err == KIOSK_OK && fsync(fd) != 0)
        err = KIOSK_ERR_IO;
    close(fd);
    close(in);
    if (err != KIOSK_OK) {
        kiosk_err_set_detail("the bundle could not be copied (%s)", kiosk_strerror(err));
        unlink(copy);
    }
    return err;
}

/* A value of `rauc info --output-format=shell`: KEY='value' lines. */
static void shell_value(const char *text, const char *key, char *out, size_t size)
{
    size_t klen = strlen(key);
    out[0] = '\0';
    for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, key, klen) || l[klen] != '=' || l[klen + 1] != '\'')
            continue;
        const char *v = l + klen + 2, *end = strchr(v, '\'');
        size_t n = end ? (size_t)(end - v) : 0;
        if (n >= size)
            n = size - 1;
        memcpy(out, v, n);
        out[n] = '\0';
        return;
    }
}

/* RAUC's reason: the last line of its stderr that is not a log message. */
static void rauc_reason(const char *err, char *out, size_t size)
{
    out[0] = '\0';
    for (const char *l = err; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        const char *end = strchr(l, '\n');
        size_t n = end ? (size_t)(end - l) : strlen(l);
        if (n == 0 || !strncmp(l, "rauc-Message", 12) || !strncmp(l, "(rauc:", 6))
            continue;
        if (n >= size)
            n = size - 1;
        memcpy(out, l, n);
        out[n] = '\0';
    }
}

static ssize_t read_all(int fd, char *buf, size_t size)
{
    size_t n = 0;
    while (n + 1 < size) {
        ssize_t got = read(fd, buf + n, size - 1 - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    buf[n] = '\0';
    return (ssize_t)n;
}

/* `rauc info`: RAUC verifies the signature with the kiosk's keyring and
 * reads the manifest. (RAUC's D-Bus Info answers a bare "rauc info error"
 * when it refuses, so the command line is asked, for its reason in words.) */
static enum kiosk_err rauc_info(struct updater *u, const char *copy, struct update_bundle *b)
{
    char errpath[600], out[4096], err[4096], reason[256];
    path_of(u, errpath, sizeof(errpath), "info.err");
    int pfd[2];
    if (pipe(pfd) != 0)
        return KIOSK_ERR_IO;
    char *argv[6];
    int n = 0;
    argv[n++] = u->rauc;
    argv[n++] = "info";
    if (u->rauc_conf[0])
        argv[n++] = u->rauc_conf;
    argv[n++] = "--output-format=shell";
    argv[n++] = (char *)copy;
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
    posix_spawn_file_actions_addclose(&fa, pfd[0]);
    posix_spawn_file_actions_addopen(&fa, 2, errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    int rc = posix_spawnp(&pid, u->rauc, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pfd[1]);
    if (rc != 0) {
        close(pfd[0]);
        kiosk_err_set_detail("%s cannot be run", u->rauc);
        return KIOSK_ERR_UNSUPPORTED;
    }
    read_all(pfd[0], out, sizeof(out));
    close(pfd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int efd = open(errpath, O_RDONLY);
    err[0] = '\0';
    if (efd >= 0) {
        read_all(efd, err, sizeof(err));
        close(efd);
    }
    unlink(errpath);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        rauc_reason(err, reason, sizeof(reason));
        kiosk_err_set_detail("%s", reason[0] ? reason : "rauc info failed without a reason");
        return KIOSK_ERR_CORRUPT;
    }
    shell_value(out, "RAUC_MF_VERSION", b->version, sizeof(b->version));
    shell_value(out, "RAUC_MF_COMPATIBLE", b->compatible, sizeof(b->compatible));
    return KIOSK_OK;
}

static enum kiosk_err check(struct updater *u, const char *copy, struct update_bundle *b)
{
    char floor[32], booted[16], running[32];
    enum kiosk_err err = rauc_info(u, copy, b);
    if (err != KIOSK_OK) {
        char why[256];
        kstr_copy(why, sizeof(why), kiosk_err_detail());
        kiosk_err_set_detail("RAUC refused the bundle: %s", why);
        return err;
    }
    if (!update_version_valid(b->version)) {
        kiosk_err_set_detail("the bundle's version is not MAJOR.MINOR.PATCH");
        return KIOSK_ERR_INVALID;
    }
    update_floor_read(u->dir, floor);
    if (booted_slot(u, booted, running) != KIOSK_OK)
        running[0] = '\0';
    if (!update_version_allowed(b->version, floor, running)) {
        bool below_floor = floor[0] && update_version_cmp(b->version, floor) <= 0;
        kiosk_err_set_detail("version %s is not newer than the %s %s (no downgrades)", b->version,
                             below_floor ? "version floor" : "running version",
                             below_floor ? floor : running);
        return KIOSK_ERR_DENIED;
    }
    return KIOSK_OK;
}

enum kiosk_err updater_verify(struct updater *u, const char *bundle, struct update_bundle *b)
{
    char copy[600];
    memset(b, 0, sizeof(*b));
    enum kiosk_err err = take_copy(u, bundle, copy, sizeof(copy));
    if (err == KIOSK_OK)
        err = check(u, copy, b);
    unlink(copy);
    return err;
}

enum kiosk_err updater_install(struct updater *u, const char *bundle, struct update_bundle *b,
                               update_progress_fn progress, void *ctx)
{
    char copy[600], line[200];
    memset(b, 0, sizeof(*b));
    enum kiosk_err err = take_copy(u, bundle, copy, sizeof(copy));
    if (err == KIOSK_OK)
        err = check(u, copy, b);
    if (err == KIOSK_OK) {
        err = rauc_bus_install(u->bus, copy, u->timeout_s, progress, ctx);
        if (err != KIOSK_OK && err != KIOSK_ERR_BUSY && err != KIOSK_ERR_OFFLINE) {
            char why[256];
            kstr_copy(why, sizeof(why), kiosk_err_detail());
            kiosk_err_set_detail("RAUC refused the bundle: %s", why);
        }
    }
    unlink(copy);
    if (err != KIOSK_OK)
        return err;
    struct trial t = {.boots = 0};
    kstr_copy(t.version, sizeof(t.version), b->version);
    if (rauc_bus_primary(u->bus, b->slot) == KIOSK_OK)
        bootname_of(u, b->slot, t.slot);
    if (!t.slot[0]) {
        kiosk_err_set_detail("RAUC installed %s but does not say which slot boots next",
                             b->version);
        return KIOSK_ERR_PROTOCOL;
    }
    err = save_trial(u, &t);
    snprintf(line, sizeof(line), "installed %s into slot %s (%s), on trial", b->version, t.slot,
             b->slot);
    set_last(u, line);
    return err;
}

enum kiosk_err updater_boot(struct updater *u, enum update_boot *result, char version[32])
{
    struct trial t;
    char booted[16], running[32], line[200];
    *result = UPDATE_BOOT_NORMAL;
    version[0] = '\0';
    if (!load_trial(u, &t))
        return KIOSK_OK;
    kstr_copy(version, 32, t.version);
    enum kiosk_err err = booted_slot(u, booted, running);
    if (err != KIOSK_OK)
        return err;
    if (strcmp(booted, t.slot) != 0) {
        /* The bootloader went back (we marked the slot bad, or it never
         * came up): reported from here, the version that works. */
        snprintf(line, sizeof(line), "%s was rolled back: slot %s runs again%s", t.version, booted,
                 t.bad ? " after too many failed starts" : "");
        set_last(u, line);
        clear_trial(u);
        *result = UPDATE_BOOT_ROLLED_BACK;
        return KIOSK_OK;
    }
    if (t.bad || ++t.boots > u->max_boots) {
        err = rauc_bus_mark(u->bus, "bad", "booted", NULL);
        if (err == KIOSK_OK)
            err = rauc_bus_mark(u->bus, "active", "other", NULL);
        if (err != KIOSK_OK)
            return err;
        if (!t.bad) {
            snprintf(line, sizeof(line),
                     "%s failed %d starts: slot %s marked bad, the other slot boots next",
                     t.version, t.boots - 1, t.slot);
            set_last(u, line);
        }
        t.bad = true;
        *result = UPDATE_BOOT_MARKED_BAD;
        return save_trial(u, &t);
    }
    *result = UPDATE_BOOT_TRYING;
    return save_trial(u, &t);
}

enum kiosk_err updater_mark_good(struct updater *u, char marked[32])
{
    struct trial t;
    char booted[16], running[32], line[200];
    marked[0] = '\0';
    if (!load_trial(u, &t))
        return KIOSK_OK;
    enum kiosk_err err = booted_slot(u, booted, running);
    if (err != KIOSK_OK)
        return err;
    if (strcmp(booted, t.slot) != 0 || t.bad)
        return KIOSK_OK; /* not running it, or given up on: updater_boot ends that trial */
    err = rauc_bus_mark(u->bus, "good", "booted", NULL);
    if (err != KIOSK_OK)
        return err;
    err = raise_floor(u, t.version);
    if (err != KIOSK_OK)
        return err;
    clear_trial(u);
    kstr_copy(marked, 32, t.version);
    snprintf(line, sizeof(line), "%s marked good in slot %s", t.version, t.slot);
    set_last(u, line);
    return KIOSK_OK;
}

enum kiosk_err updater_status(struct updater *u, struct update_status *st)
{
    struct trial t;
    char path[600];
    memset(st, 0, sizeof(*st));
    enum kiosk_err err = booted_slot(u, st->booted, st->running);
    if (err == KIOSK_OK)
        err = rauc_bus_primary(u->bus, st->primary);
    if (err == KIOSK_OK)
        err = rauc_bus_property(u->bus, "Operation", st->operation, sizeof(st->operation));
    if (load_trial(u, &t)) {
        kstr_copy(st->pending, sizeof(st->pending), t.version);
        kstr_copy(st->trial_slot, sizeof(st->trial_slot), t.slot);
        st->boots = t.boots;
    }
    update_floor_read(u->dir, st->floor);
    path_of(u, path, sizeof(path), "last");
    read_small(path, st->last, sizeof(st->last));
    return err;
}
