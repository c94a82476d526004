/* Update backends: see update.h.
 *
 * Crash safety of the slot backend rests on one rule: the `current`
 * symlink alone decides what starts, and it changes only by rename().
 * Everything before that rename (the extraction into slot-X.new, the state
 * file) may be lost to a kill -9 or a power cut; the next start finds the
 * old slot still current and forgets the half-done install. */
#define _XOPEN_SOURCE 700
#include "firmware/update/update.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct state {
    char pending[8];  /* "a"/"b" (slots) or "1" (rauc); "" none */
    char previous[8]; /* slots: what to go back to */
    char version[32]; /* the pending version */
    int boots;
    char last[96];
};

struct updater {
    struct update_config cfg;
    char dir[512];
    char rauc[256];
    char compatible[64];
    uint8_t key[BUNDLE_KEY_BYTES];
    bool have_key;
};

/* ---- small file helpers -------------------------------------------------------- */

static void path_of(const struct updater *u, char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", u->dir, name);
}

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
    if (!f) {
        out[0] = '\0';
        return false;
    }
    size_t n = fread(out, 1, size - 1, f);
    fclose(f);
    out[n] = '\0';
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
        out[--n] = '\0';
    return true;
}

static void load_state(const struct updater *u, struct state *st)
{
    char path[600], text[512];
    memset(st, 0, sizeof(*st));
    path_of(u, path, sizeof(path), "state");
    if (!read_small(path, text, sizeof(text)))
        return;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        const char *v = eq + 1;
        if (!strcmp(line, "pending"))
            kstr_copy(st->pending, sizeof(st->pending), v);
        else if (!strcmp(line, "previous"))
            kstr_copy(st->previous, sizeof(st->previous), v);
        else if (!strcmp(line, "version"))
            kstr_copy(st->version, sizeof(st->version), v);
        else if (!strcmp(line, "boots"))
            st->boots = atoi(v);
        else if (!strcmp(line, "last"))
            kstr_copy(st->last, sizeof(st->last), v);
    }
}

static enum kiosk_err save_state(const struct updater *u, const struct state *st)
{
    char path[600], text[512];
    path_of(u, path, sizeof(path), "state");
    snprintf(text, sizeof(text), "pending=%s\nprevious=%s\nversion=%s\nboots=%d\nlast=%s\n",
             st->pending, st->previous, st->version, st->boots, st->last);
    return write_atomic(path, text);
}

static void read_floor(const struct updater *u, char floor[32])
{
    char path[600];
    path_of(u, path, sizeof(path), "floor");
    read_small(path, floor, 32);
    if (floor[0] && !bundle_version_valid(floor))
        floor[0] = '\0';
}

/* The floor only rises. */
static enum kiosk_err raise_floor(const struct updater *u, const char *version)
{
    char floor[32], path[600], text[40];
    read_floor(u, floor);
    bool ok;
    if (floor[0] && bundle_version_cmp(version, floor, &ok) <= 0)
        return KIOSK_OK;
    path_of(u, path, sizeof(path), "floor");
    snprintf(text, sizeof(text), "%s\n", version);
    return write_atomic(path, text);
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void rm_rf(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Run argv; returns the exit status, or -1 when it could not run. */
static int run(char *const argv[], int stdin_fd)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (stdin_fd >= 0)
        posix_spawn_file_actions_adddup2(&fa, stdin_fd, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Copy the payload out of the bundle into fd, hashing it again on the way:
 * the file may have changed since it was verified. */
static enum kiosk_err copy_payload(const char *bundle, long offset, const struct bundle_manifest *m,
                                   int fd)
{
    FILE *f = fopen(bundle, "rb");
    if (!f || fseek(f, offset, SEEK_SET) != 0) {
        if (f)
            fclose(f);
        return KIOSK_ERR_IO;
    }
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[65536];
    uint64_t left = m->payload_size;
    enum kiosk_err err = KIOSK_OK;
    while (left > 0 && err == KIOSK_OK) {
        size_t want = left < sizeof(buf) ? (size_t)left : sizeof(buf);
        size_t got = fread(buf, 1, want, f);
        if (got == 0) {
            err = KIOSK_ERR_CORRUPT;
            break;
        }
        crypto_hash_sha256_update(&st, buf, got);
        for (size_t off = 0; off < got;) {
            ssize_t w = write(fd, buf + off, got - off);
            if (w <= 0) {
                err = errno == ENOSPC ? KIOSK_ERR_FULL : KIOSK_ERR_IO;
                break;
            }
            off += (size_t)w;
        }
        left -= got;
    }
    fclose(f);
    unsigned char digest[32];
    crypto_hash_sha256_final(&st, digest);
    if (err == KIOSK_OK && sodium_memcmp(digest, m->payload_sha256, 32) != 0) {
        kiosk_err_set_detail("the bundle changed while it was installed; nothing was switched");
        err = KIOSK_ERR_CORRUPT;
    }
    return err;
}

/* ---- common ------------------------------------------------------------------ */

enum kiosk_err updater_new(const struct update_config *cfg, struct updater **out)
{
    *out = NULL;
    if (!cfg->backend || (strcmp(cfg->backend, "slots") && strcmp(cfg->backend, "rauc"))) {
        kiosk_err_set_detail("update backend must be slots or rauc");
        return KIOSK_ERR_INVALID;
    }
    if (sodium_init() < 0)
        return KIOSK_ERR_UNSUPPORTED;
    struct updater *u = kmem_alloc(sizeof(*u));
    if (!u)
        return KIOSK_ERR_NOMEM;
    memset(u, 0, sizeof(*u));
    u->cfg = *cfg;
    kstr_copy(u->dir, sizeof(u->dir), cfg->state_dir ? cfg->state_dir : ".");
    kstr_copy(u->rauc, sizeof(u->rauc), cfg->rauc ? cfg->rauc : "rauc");
    u->cfg.compatible = NULL;
    u->cfg.state_dir = u->dir;
    if (cfg->public_key_file &&
        bundle_read_key(cfg->public_key_file, u->key, sizeof(u->key)) == KIOSK_OK)
        u->have_key = true;
    if (u->cfg.max_boots <= 0)
        u->cfg.max_boots = 3;
    kstr_copy(u->compatible, sizeof(u->compatible), cfg->compatible ? cfg->compatible : "");
    u->cfg.compatible = u->compatible;
    mkdir(u->dir, 0755);
    *out = u;
    return KIOSK_OK;
}

void updater_free(struct updater *u)
{
    if (u)
        sodium_memzero(u->key, sizeof(u->key));
    kmem_free(u);
}

static bool is_slots(const struct updater *u)
{
    return strcmp(u->cfg.backend, "slots") == 0;
}

/* The slot `current` points at ("a", "b"), or "" when none. */
static void current_slot(const struct updater *u, char out[8])
{
    char path[600], target[64];
    path_of(u, path, sizeof(path), "current");
    ssize_t n = readlink(path, target, sizeof(target) - 1);
    out[0] = '\0';
    if (n == 6 && !memcmp(target, "slot-", 5) && (target[5] == 'a' || target[5] == 'b')) {
        out[0] = target[5];
        out[1] = '\0';
    }
}

static void slot_version(const struct updater *u, const char *slot, char out[32])
{
    char path[600];
    snprintf(path, sizeof(path), "%s/slot-%s/VERSION", u->dir, slot);
    read_small(path, out, 32);
}

static void running_version(const struct updater *u, char out[32])
{
    out[0] = '\0';
    if (is_slots(u)) {
        char cur[8];
        current_slot(u, cur);
        if (cur[0])
            slot_version(u, cur, out);
    } else {
        char path[600];
        path_of(u, path, sizeof(path), "running");
        read_small(path, out, 32);
    }
}

static enum kiosk_err verify(struct updater *u, const char *bundle, struct bundle_manifest *m,
                             long *offset)
{
    if (!u->have_key) {
        kiosk_err_set_detail("no release public key is configured ([update] public_key); no "
                             "bundle can be trusted");
        return KIOSK_ERR_CONFIG;
    }
    char floor[32], running[32];
    read_floor(u, floor);
    running_version(u, running);
    bool ok;
    /* the version running now is a floor too: never reinstall it or older */
    if (running[0] && (!floor[0] || bundle_version_cmp(running, floor, &ok) > 0))
        kstr_copy(floor, sizeof(floor), running);
    struct bundle_check check = {u->key, u->cfg.compatible, floor};
    return bundle_verify(bundle, &check, m, offset);
}

enum kiosk_err updater_verify(struct updater *u, const char *bundle, struct bundle_manifest *m)
{
    long offset;
    return verify(u, bundle, m, &offset);
}

/* ---- slots ------------------------------------------------------------------- */

static enum kiosk_err switch_current(const struct updater *u, const char *slot)
{
    char link[600], tmp[600], target[16];
    path_of(u, link, sizeof(link), "current");
    path_of(u, tmp, sizeof(tmp), "current.new");
    snprintf(target, sizeof(target), "slot-%s", slot);
    unlink(tmp);
    if (symlink(target, tmp) != 0 || rename(tmp, link) != 0) {
        unlink(tmp);
        return KIOSK_ERR_IO;
    }
    int dfd = open(u->dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return KIOSK_OK;
}

/* Remove what interrupted installs left: slot-X.new* staging folders. */
static void remove_staging(struct updater *u)
{
    DIR *d = opendir(u->dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strlen(e->d_name) < 10 || strncmp(e->d_name, "slot-", 5) != 0 ||
            strncmp(e->d_name + 6, ".new", 4) != 0)
            continue;
        char path[800]; /* dir (under 512) + '/' + a name (under 256) */
        snprintf(path, sizeof(path), "%s/%s", u->dir, e->d_name);
        rm_rf(path);
    }
    closedir(d);
}

static enum kiosk_err slots_install(struct updater *u, const char *bundle, long offset,
                                    const struct bundle_manifest *m)
{
    char cur[8], next[8], dir_new[600], dir_final[600], dir_old[600];
    current_slot(u, cur);
    kstr_copy(next, sizeof(next), cur[0] == 'a' ? "b" : "a");
    /* A staging folder of this install's own: a tar left running by an
     * install that was killed (kill -9 does not reach the child) may still
     * be writing into the one it had, and must not write into ours. */
    snprintf(dir_new, sizeof(dir_new), "%s/slot-%s.new.%ld", u->dir, next, (long)getpid());
    snprintf(dir_final, sizeof(dir_final), "%s/slot-%s", u->dir, next);
    snprintf(dir_old, sizeof(dir_old), "%s/slot-%s.old", u->dir, next);
    remove_staging(u);
    rm_rf(dir_old);
    if (mkdir(dir_new, 0755) != 0) {
        kiosk_err_set_detail("cannot create the staging folder for the new version");
        return KIOSK_ERR_IO;
    }

    /* tar reads the payload from a pipe fed by copy_payload */
    int pfd[2];
    if (pipe(pfd) != 0)
        return KIOSK_ERR_IO;
    char *argv[] = {"tar", "-x", "--no-same-owner", "--no-same-permissions", "-C", dir_new, "-f",
                    "-",   NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pfd[0], 0);
    posix_spawn_file_actions_addclose(&fa, pfd[1]);
    pid_t pid;
    int rc = posix_spawnp(&pid, "tar", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pfd[0]);
    if (rc != 0) {
        close(pfd[1]);
        rm_rf(dir_new);
        kiosk_err_set_detail("tar could not be started");
        return KIOSK_ERR_UNSUPPORTED;
    }
    void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
    enum kiosk_err err = copy_payload(bundle, offset, m, pfd[1]);
    close(pfd[1]);
    signal(SIGPIPE, old_pipe);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (err == KIOSK_OK && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        kiosk_err_set_detail("the payload is not a valid tar archive");
        err = KIOSK_ERR_CORRUPT;
    }
    char vpath[700], vtext[40];
    snprintf(vpath, sizeof(vpath), "%s/VERSION", dir_new);
    snprintf(vtext, sizeof(vtext), "%s\n", m->version);
    if (err == KIOSK_OK)
        err = write_atomic(vpath, vtext);
    if (err == KIOSK_OK)
        sync(); /* the new slot's files are on disk before anything points at them */
    if (err == KIOSK_OK) {
        rename(dir_final, dir_old);
        if (rename(dir_new, dir_final) != 0)
            err = KIOSK_ERR_IO;
        rm_rf(dir_old);
    }
    if (err != KIOSK_OK) {
        rm_rf(dir_new);
        return err;
    }
    struct state st;
    load_state(u, &st);
    kstr_copy(st.pending, sizeof(st.pending), next);
    kstr_copy(st.previous, sizeof(st.previous), cur);
    kstr_copy(st.version, sizeof(st.version), m->version);
    st.boots = 0;
    snprintf(st.last, sizeof(st.last), "installed %s into slot %s", m->version, next);
    err = save_state(u, &st);
    if (err == KIOSK_OK)
        err = switch_current(u, next);
    return err;
}

static enum kiosk_err slots_boot(struct updater *u, enum update_boot *result)
{
    struct state st;
    char cur[8];
    *result = UPDATE_BOOT_NORMAL;
    load_state(u, &st);
    current_slot(u, cur);
    if (!st.pending[0])
        return KIOSK_OK;
    if (strcmp(st.pending, cur) != 0) {
        /* an install that never switched: forget it */
        snprintf(st.last, sizeof(st.last), "an unfinished install of %s was discarded", st.version);
        st.pending[0] = st.version[0] = '\0';
        st.boots = 0;
        return save_state(u, &st);
    }
    if (++st.boots > u->cfg.max_boots && st.previous[0]) {
        enum kiosk_err err = switch_current(u, st.previous);
        if (err != KIOSK_OK)
            return err;
        snprintf(st.last, sizeof(st.last), "%s failed %d starts and was rolled back", st.version,
                 st.boots - 1);
        st.pending[0] = '\0';
        st.boots = 0;
        *result = UPDATE_BOOT_ROLLED_BACK;
        return save_state(u, &st);
    }
    *result = UPDATE_BOOT_TRYING;
    return save_state(u, &st);
}

/* ---- rauc -------------------------------------------------------------------- */

static enum kiosk_err rauc_install(struct updater *u, const char *bundle, long offset,
                                   const struct bundle_manifest *m)
{
    char tmp[600];
    path_of(u, tmp, sizeof(tmp), "incoming.raucb");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return KIOSK_ERR_IO;
    enum kiosk_err err = copy_payload(bundle, offset, m, fd);
    if (fsync(fd) != 0 && err == KIOSK_OK)
        err = KIOSK_ERR_IO;
    close(fd);
    if (err == KIOSK_OK) {
        char *argv[] = {u->rauc, "install", tmp, NULL};
        int rc = run(argv, -1);
        if (rc != 0) {
            kiosk_err_set_detail("rauc install failed (exit %d)", rc);
            err = KIOSK_ERR_IO;
        }
    }
    unlink(tmp);
    if (err != KIOSK_OK)
        return err;
    struct state st;
    load_state(u, &st);
    kstr_copy(st.pending, sizeof(st.pending), "1");
    kstr_copy(st.version, sizeof(st.version), m->version);
    st.boots = 0;
    snprintf(st.last, sizeof(st.last), "rauc installed %s", m->version);
    return save_state(u, &st);
}

static enum kiosk_err rauc_boot(struct updater *u, enum update_boot *result)
{
    struct state st;
    *result = UPDATE_BOOT_NORMAL;
    load_state(u, &st);
    if (!st.pending[0])
        return KIOSK_OK;
    if (++st.boots > u->cfg.max_boots) {
        char *argv[] = {u->rauc, "status", "mark-bad", "booted", NULL};
        if (run(argv, -1) != 0)
            return KIOSK_ERR_IO;
        snprintf(st.last, sizeof(st.last), "%s failed %d starts: marked bad in rauc", st.version,
                 st.boots - 1);
        st.pending[0] = '\0';
        st.boots = 0;
        *result = UPDATE_BOOT_ROLLED_BACK;
        return save_state(u, &st);
    }
    *result = UPDATE_BOOT_TRYING;
    return save_state(u, &st);
}

/* ---- interface --------------------------------------------------------------- */

enum kiosk_err updater_install(struct updater *u, const char *bundle, struct bundle_manifest *m)
{
    long offset;
    enum kiosk_err err = verify(u, bundle, m, &offset);
    if (err != KIOSK_OK)
        return err;
    return is_slots(u) ? slots_install(u, bundle, offset, m) : rauc_install(u, bundle, offset, m);
}

enum kiosk_err updater_boot(struct updater *u, enum update_boot *result)
{
    return is_slots(u) ? slots_boot(u, result) : rauc_boot(u, result);
}

enum kiosk_err updater_mark_good(struct updater *u, char marked[32])
{
    struct state st;
    marked[0] = '\0';
    load_state(u, &st);
    if (!st.pending[0])
        return KIOSK_OK;
    if (is_slots(u)) {
        char cur[8];
        current_slot(u, cur);
        if (strcmp(cur, st.pending) != 0)
            return KIOSK_OK; /* not running it: nothing to mark */
    } else {
        char *argv[] = {u->rauc, "status", "mark-good", NULL};
        if (run(argv, -1) != 0) {
            kiosk_err_set_detail("rauc status mark-good failed");
            return KIOSK_ERR_IO;
        }
        char path[600], text[40];
        path_of(u, path, sizeof(path), "running");
        snprintf(text, sizeof(text), "%s\n", st.version);
        write_atomic(path, text);
    }
    enum kiosk_err err = raise_floor(u, st.version);
    if (err != KIOSK_OK)
        return err;
    kstr_copy(marked, 32, st.version);
    snprintf(st.last, sizeof(st.last), "%s marked good", st.version);
    st.pending[0] = '\0';
    st.previous[0] = '\0';
    st.boots = 0;
    return save_state(u, &st);
}

enum kiosk_err updater_status(struct updater *u, struct update_status *out)
{
    struct state st;
    memset(out, 0, sizeof(*out));
    load_state(u, &st);
    kstr_copy(out->backend, sizeof(out->backend), u->cfg.backend);
    running_version(u, out->running);
    if (st.pending[0]) {
        kstr_copy(out->pending, sizeof(out->pending), st.version);
        out->boots = st.boots;
    }
    read_floor(u, out->floor);
    kstr_copy(out->last, sizeof(out->last), st.last);
    return KIOSK_OK;
}
