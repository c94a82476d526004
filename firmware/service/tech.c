/* Technician accounts: a small text file rewritten whole on each change.
 * A kiosk has a handful of technicians; simplicity and atomic replacement
 * beat a database table here, and the file can be provisioned with the
 * image. */
#define _POSIX_C_SOURCE 200809L
#include "firmware/service/tech.h"
#include "firmware/core/file.h"
#include "firmware/core/str.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct account {
    char name[TECH_NAME_MAX];
    char hash[crypto_pwhash_STRBYTES];
    int failures;
    int64_t locked_until;
};

struct accounts {
    int count;
    struct account a[TECH_MAX];
};

bool tech_name_valid(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n >= TECH_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

bool tech_code_valid(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    if (n < TECH_CODE_MIN || n > TECH_CODE_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (code[i] < '0' || code[i] > '9')
            return false;
    return true;
}

static enum kiosk_err errno_err(void)
{
    switch (errno) {
    case ENOENT:
        return KIOSK_ERR_NOT_FOUND;
    case EACCES:
    case EPERM:
    case EROFS:
        return KIOSK_ERR_DENIED;
    case ENOSPC:
        return KIOSK_ERR_FULL;
    default:
        return KIOSK_ERR_IO;
    }
}

static enum kiosk_err load(const char *path, struct accounts *acc)
{
    memset(acc, 0, sizeof(*acc));
    enum kiosk_err oerr;
    FILE *f = kfile_open_stream(path, &oerr); /* regular files only: never blocks */
    if (!f)
        return oerr;
    char line[512];
    enum kiosk_err err = KIOSK_OK;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '\n' || line[0] == '#')
            continue;
        if (acc->count == TECH_MAX) {
            err = KIOSK_ERR_CORRUPT;
            break;
        }
        struct account *a = &acc->a[acc->count];
        char *save = NULL;
        char *name = strtok_r(line, "\t\n", &save);
        char *hash = strtok_r(NULL, "\t\n", &save);
        char *fail = strtok_r(NULL, "\t\n", &save);
        char *until = strtok_r(NULL, "\t\n", &save);
        if (!name || !hash || !fail || !until || !tech_name_valid(name) ||
            !kstr_copy(a->hash, sizeof(a->hash), hash)) {
            err = KIOSK_ERR_CORRUPT;
            break;
        }
        kstr_copy(a->name, sizeof(a->name), name);
        a->failures = atoi(fail);
        a->locked_until = strtoll(until, NULL, 10);
        acc->count++;
    }
    if (ferror(f))
        err = KIOSK_ERR_IO;
    fclose(f);
    return err;
}

static enum kiosk_err save(const char *path, const struct accounts *acc)
{
    char tmp[1024];
    snprintf(tmp, sizeof(tmp), "%s.new", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return errno_err();
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        return KIOSK_ERR_NOMEM;
    }
    fprintf(f, "# carekiosk technicians: manage with `carekiosk tech add|remove|list`\n");
    for (int i = 0; i < acc->count; i++)
        fprintf(f, "%s\t%s\t%d\t%lld\n", acc->a[i].name, acc->a[i].hash, acc->a[i].failures,
                (long long)acc->a[i].locked_until);
    enum kiosk_err err = KIOSK_OK;
    if (fflush(f) != 0 || fsync(fileno(f)) != 0)
        err = errno_err();
    if (fclose(f) != 0 && err == KIOSK_OK)
        err = errno_err();
    if (err == KIOSK_OK && rename(tmp, path) != 0)
        err = errno_err();
    if (err != KIOSK_OK)
        unlink(tmp);
    return err;
}

static struct account *find(struct accounts *acc, const char *name)
{
    for (int i = 0; i < acc->count; i++)
        if (strcmp(acc->a[i].name, name) == 0)
            return &acc->a[i];
    return NULL;
}

enum kiosk_err tech_add(const char *path, const char *name, const char *code)
{
    if (!tech_name_valid(name) || !tech_code_valid(code))
        return KIOSK_ERR_INVALID;
    if (sodium_init() < 0)
        return KIOSK_ERR_UNSUPPORTED;
    struct accounts *acc = malloc(sizeof(*acc));
    if (!acc)
        return KIOSK_ERR_NOMEM;
    enum kiosk_err err = load(path, acc);
    if (err == KIOSK_ERR_NOT_FOUND)
        err = KIOSK_OK; /* the first technician */
    if (err != KIOSK_OK)
        goto out;
    struct account *a = find(acc, name);
    if (!a) {
        if (acc->count == TECH_MAX) {
            err = KIOSK_ERR_FULL;
            goto out;
        }
        a = &acc->a[acc->count++];
        kstr_copy(a->name, sizeof(a->name), name);
    }
    if (crypto_pwhash_str(a->hash, code, strlen(code), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        err = KIOSK_ERR_NOMEM;
        goto out;
    }
    a->failures = 0;
    a->locked_until = 0;
    err = save(path, acc);
out:
    sodium_memzero(acc, sizeof(*acc));
    free(acc);
    return err;
}

enum kiosk_err tech_remove(const char *path, const char *name)
{
    struct accounts *acc = malloc(sizeof(*acc));
    if (!acc)
        return KIOSK_ERR_NOMEM;
    enum kiosk_err err = load(path, acc);
    if (err == KIOSK_OK) {
        struct account *a = name ? find(acc, name) : NULL;
        if (!a) {
            err = KIOSK_ERR_NOT_FOUND;
        } else {
            *a = acc->a[--acc->count];
            err = save(path, acc);
        }
    }
    free(acc);
    return err;
}

enum kiosk_err tech_list(const char *path, char *out, int size, int *count)
{
    struct accounts *acc = malloc(sizeof(*acc));
    if (!acc)
        return KIOSK_ERR_NOMEM;
    out[0] = '\0';
    *count = 0;
    enum kiosk_err err = load(path, acc);
    for (int i = 0; err == KIOSK_OK && i < acc->count; i++) {
        kstr_append(out, (size_t)size, acc->a[i].name);
        kstr_append(out, (size_t)size, "\n");
        (*count)++;
    }
    free(acc);
    return err;
}

enum kiosk_err tech_login(const char *path, const char *name, const char *code, int64_t now_ms,
                          const struct tech_policy *policy, int64_t *locked_until)
{
    if (locked_until)
        *locked_until = 0;
    if (sodium_init() < 0)
        return KIOSK_ERR_UNSUPPORTED;
    struct accounts *acc = malloc(sizeof(*acc));
    if (!acc)
        return KIOSK_ERR_NOMEM;
    enum kiosk_err err = load(path, acc);
    if (err != KIOSK_OK)
        goto out;
    struct account *a = tech_name_valid(name) ? find(acc, name) : NULL;
    if (!a) {
        err = KIOSK_ERR_DENIED;
        goto out;
    }
    if (a->locked_until > now_ms) {
        /* locked: not even checked, so guessing during a lockout is useless */
        if (locked_until)
            *locked_until = a->locked_until;
        err = KIOSK_ERR_DENIED;
        goto out;
    }
    if (tech_code_valid(code) && crypto_pwhash_str_verify(a->hash, code, strlen(code)) == 0) {
        a->failures = 0;
        a->locked_until = 0;
        err = save(path, acc);
        goto out;
    }
    int max = policy && policy->max_failures > 0 ? policy->max_failures : 5;
    if (++a->failures >= max) {
        a->failures = 0;
        a->locked_until = now_ms + (policy ? policy->lockout_ms : 15 * 60 * 1000);
        if (locked_until)
            *locked_until = a->locked_until;
    }
    err = save(path, acc);
    if (err == KIOSK_OK)
        err = KIOSK_ERR_DENIED;
out:
    free(acc);
    return err;
}

static void clean(char *dst, size_t size, const char *src)
{
    kstr_copy(dst, size, src ? src : "");
    for (char *p = dst; *p; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
}

enum kiosk_err audit_append(const char *path, int64_t wall_ms, const char *who, const char *action,
                            const char *detail)
{
    char w[TECH_NAME_MAX + 8], act[64], det[200], when[32], line[400];
    clean(w, sizeof(w), who && who[0] ? who : "-");
    clean(act, sizeof(act), action);
    clean(det, sizeof(det), detail);
    time_t t = (time_t)(wall_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    int n = snprintf(line, sizeof(line), "%s\t%s\t%s\t%s\n", when, w, act, det);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0)
        return errno_err();
    enum kiosk_err err = KIOSK_OK;
    if (write(fd, line, (size_t)n) != n || fsync(fd) != 0)
        err = errno_err();
    close(fd);
    return err;
}
