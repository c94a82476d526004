/* Signed updates: every kind of bad bundle is refused with its reason and
 * nothing written; install, boot counting, rollback and mark-good on the
 * A/B slot backend; kill -9 at random points of an install; the RAUC backend
 * against a fake `rauc`; and the command line reporting "success" to the
 * server only after mark-good. */
#define _DEFAULT_SOURCE
#include "firmware/app/app.h"
#include "firmware/core/err.h"
#include "firmware/store/store.h"
#include "firmware/update/bundle.h"
#include "firmware/update/update.h"
#include "ktest.h"

#include <dirent.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OUT    KIOSK_BINARY_DIR "/test_update"
#define COMPAT "carekiosk-test"

static unsigned char pk[32], sk[64], other_sk[64];

static int sh(const char *fmt, const char *arg)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), fmt, arg, arg, arg);
    return system(cmd);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void write_key(const char *path, const unsigned char *key, size_t len)
{
    char hex[260];
    sodium_bin2hex(hex, sizeof(hex), key, len);
    strcat(hex, "\n");
    write_text(path, hex);
}

/* A payload tar with bin/hello saying `version`, and a bundle of it. */
static void make_bundle(const char *name, const char *version, const char *compat,
                        const unsigned char *key)
{
    char dir[300], tar[300], out[300];
    snprintf(dir, sizeof(dir), OUT "/src-%s", name);
    snprintf(tar, sizeof(tar), OUT "/src-%s.tar", name);
    snprintf(out, sizeof(out), OUT "/%s.bundle", name);
    sh("rm -rf %s && mkdir -p %s/bin", dir);
    char hello[600];
    snprintf(hello, sizeof(hello), "%s/bin/hello", dir);
    write_text(hello, version);
    /* some bulk, so an install takes long enough to be interrupted */
    char big[600];
    snprintf(big, sizeof(big), "%s/bin/big", dir);
    FILE *f = fopen(big, "w");
    for (int i = 0; f && i < 20000; i++)
        fprintf(f, "line %d of the new version %s\n", i, version);
    if (f)
        fclose(f);
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "tar -C %s -cf %s .", dir, tar);
    if (system(cmd) != 0)
        fprintf(stderr, "    tar failed\n");
    if (bundle_write(out, tar, version, compat, key) != KIOSK_OK)
        fprintf(stderr, "    bundle_write: %s\n", kiosk_err_detail());
}

static const char *bundle(const char *name)
{
    static char path[512];
    snprintf(path, sizeof(path), OUT "/%s.bundle", name);
    return path;
}

/* A fresh state dir with a factory slot-a at 1.0.0 and current -> slot-a. */
static void fresh_slots(const char *state)
{
    sh("rm -rf %s && mkdir -p %s/slot-a/bin && ln -s slot-a %s/current", state);
    char p[600];
    snprintf(p, sizeof(p), "%s/slot-a/VERSION", state);
    write_text(p, "1.0.0\n");
    snprintf(p, sizeof(p), "%s/slot-a/bin/hello", state);
    write_text(p, "1.0.0");
}

static struct updater *open_updater(const char *backend, const char *state, const char *rauc)
{
    struct update_config uc = {.backend = backend,
                               .state_dir = state,
                               .public_key_file = OUT "/release.pub",
                               .compatible = COMPAT,
                               .rauc = rauc,
                               .max_boots = 3};
    struct updater *u = NULL;
    updater_new(&uc, &u);
    return u;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static void current_target(const char *state, char *out, size_t size)
{
    char link[600];
    snprintf(link, sizeof(link), "%s/current", state);
    ssize_t n = readlink(link, out, size - 1);
    out[n > 0 ? n : 0] = '\0';
}

static bool file_is(const char *path, const char *text)
{
    char buf[256] = "";
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strcmp(buf, text) == 0;
}

static enum ktest_result test_setup(void)
{
    KT_ASSERT(sodium_init() >= 0);
    sh("rm -rf %s && mkdir -p %s", OUT);
    crypto_sign_keypair(pk, sk);
    unsigned char other_pk[32];
    crypto_sign_keypair(other_pk, other_sk);
    write_key(OUT "/release.pub", pk, 32);
    make_bundle("v2", "2.0.0", COMPAT, sk);
    make_bundle("v3", "3.0.0", COMPAT, sk);
    make_bundle("v1", "1.0.0", COMPAT, sk);
    make_bundle("v0", "0.9.0", COMPAT, sk);
    make_bundle("wrongkey", "2.0.0", COMPAT, other_sk);
    make_bundle("wrongcompat", "2.0.0", "carekiosk-other", sk);
    /* truncated: the last 100 bytes cut off */
    sh("head -c -100 " OUT "/v2.bundle > " OUT "/truncated.bundle", "");
    /* payload altered after signing: flip the last byte */
    sh("cp " OUT "/v2.bundle " OUT "/altered.bundle && printf 'X' | dd of=" OUT
       "/altered.bundle bs=1 seek=$(($(stat -c %%s " OUT "/v2.bundle) - 1)) conv=notrunc "
       "2>/dev/null",
       "");
    /* unsigned: the signature bytes zeroed */
    sh("cp " OUT "/v2.bundle " OUT "/unsigned.bundle && n=$(od -An -tu4 -j8 -N4 " OUT
       "/v2.bundle | tr -d ' ') && dd if=/dev/zero of=" OUT
       "/unsigned.bundle bs=1 seek=$((12 + n)) count=64 conv=notrunc 2>/dev/null",
       "");
    write_text(OUT "/notabundle.bundle", "hello, I am a text file\n");
    return KTEST_PASS;
}

static enum ktest_result test_manifest_parser(void)
{
    struct bundle_manifest m;
    const char *good = "version=1.2.3\ncompatible=x\npayload_size=10\npayload_sha256="
                       "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n";
    KT_EQ_INT(bundle_manifest_parse(good, strlen(good), &m), KIOSK_OK);
    KT_EQ_STR(m.version, "1.2.3");
    KT_ASSERT(m.payload_size == 10 && m.payload_sha256[1] == 0x11);
    static const char *const bad[] = {
        "version=1.2\ncompatible=x\npayload_size=1\npayload_sha256=00",
        "version=1.2.3\nversion=1.2.3\ncompatible=x\npayload_size=1\n",
        "version=1.2.3\ncompatible=x\npayload_size=-1\npayload_sha256="
        "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        "version=1.2.3\ncompatible=x\npayload_size=1\nextra=1",
        "garbage",
        "",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        KT_EQ_INT(bundle_manifest_parse(bad[i], strlen(bad[i]), &m), KIOSK_ERR_INVALID);
    bool ok;
    KT_ASSERT(bundle_version_cmp("1.10.0", "1.9.9", &ok) > 0 && ok);
    KT_ASSERT(bundle_version_cmp("2.0.0", "2.0.0", &ok) == 0 && ok);
    KT_ASSERT(bundle_version_cmp("1.0", "1.0.0", &ok) == 0 && !ok);
    return KTEST_PASS;
}

static enum ktest_result test_bad_bundles(void)
{
    static const struct {
        const char *name;
        enum kiosk_err err;
        const char *reason;
    } cases[] = {
        {"unsigned", KIOSK_ERR_CORRUPT, "signature does not match"},
        {"wrongkey", KIOSK_ERR_CORRUPT, "signature does not match"},
        {"wrongcompat", KIOSK_ERR_DENIED, "the bundle is for 'carekiosk-other'"},
        {"truncated", KIOSK_ERR_CORRUPT, "truncated"},
        {"altered", KIOSK_ERR_CORRUPT, "SHA-256 does not match"},
        {"v1", KIOSK_ERR_DENIED, "not newer than 1.0.0"},
        {"v0", KIOSK_ERR_DENIED, "not newer than 1.0.0"},
        {"notabundle", KIOSK_ERR_CORRUPT, "not a carekiosk bundle"},
        {"missing", KIOSK_ERR_NOT_FOUND, "cannot be opened"},
    };
    const char *state = OUT "/bad";
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fresh_slots(state);
        struct updater *u = open_updater("slots", state, NULL);
        KT_ASSERT(u != NULL);
        struct bundle_manifest m;
        enum kiosk_err err = updater_install(u, bundle(cases[i].name), &m);
        updater_free(u);
        if (err != cases[i].err || !strstr(kiosk_err_detail(), cases[i].reason))
            fprintf(stderr, "    %s: %s (%s)\n", cases[i].name, kiosk_err_name(err),
                    kiosk_err_detail());
        KT_EQ_INT(err, cases[i].err);
        KT_ASSERT(strstr(kiosk_err_detail(), cases[i].reason) != NULL);
        /* nothing written: still only slot-a and current */
        KT_EQ_INT(count_entries(state), 2);
    }
    return KTEST_PASS;
}

static enum ktest_result test_install_boot_mark_good(void)
{
    const char *state = OUT "/slots";
    fresh_slots(state);
    struct updater *u = open_updater("slots", state, NULL);
    struct bundle_manifest m;
    KT_EQ_INT(updater_install(u, bundle("v2"), &m), KIOSK_OK);
    char target[64];
    current_target(state, target, sizeof(target));
    KT_EQ_STR(target, "slot-b");
    KT_ASSERT(file_is(OUT "/slots/slot-b/bin/hello", "2.0.0"));
    KT_ASSERT(file_is(OUT "/slots/slot-a/bin/hello", "1.0.0")); /* the old one stays */
    enum update_boot res;
    KT_EQ_INT(updater_boot(u, &res), KIOSK_OK);
    KT_EQ_INT(res, UPDATE_BOOT_TRYING);
    struct update_status st;
    updater_status(u, &st);
    KT_EQ_STR(st.pending, "2.0.0");
    KT_EQ_INT(st.boots, 1);
    KT_EQ_STR(st.floor, "");
    char marked[32];
    KT_EQ_INT(updater_mark_good(u, marked), KIOSK_OK);
    KT_EQ_STR(marked, "2.0.0");
    updater_status(u, &st);
    KT_EQ_STR(st.floor, "2.0.0");
    KT_EQ_STR(st.pending, "");
    KT_EQ_INT(updater_boot(u, &res), KIOSK_OK);
    KT_EQ_INT(res, UPDATE_BOOT_NORMAL);
    /* marking again is harmless */
    KT_EQ_INT(updater_mark_good(u, marked), KIOSK_OK);
    KT_EQ_STR(marked, "");
    /* the same version again is refused; the next one goes into slot-a */
    KT_EQ_INT(updater_install(u, bundle("v2"), &m), KIOSK_ERR_DENIED);
    KT_EQ_INT(updater_install(u, bundle("v3"), &m), KIOSK_OK);
    current_target(state, target, sizeof(target));
    KT_EQ_STR(target, "slot-a");
    KT_ASSERT(file_is(OUT "/slots/slot-a/bin/hello", "3.0.0"));
    updater_free(u);
    return KTEST_PASS;
}

static enum ktest_result test_rollback(void)
{
    const char *state = OUT "/rollback";
    fresh_slots(state);
    struct updater *u = open_updater("slots", state, NULL);
    struct bundle_manifest m;
    KT_EQ_INT(updater_install(u, bundle("v2"), &m), KIOSK_OK);
    enum update_boot res;
    /* the new version starts three times and never becomes healthy */
    for (int i = 0; i < 3; i++) {
        KT_EQ_INT(updater_boot(u, &res), KIOSK_OK);
        KT_EQ_INT(res, UPDATE_BOOT_TRYING);
    }
    KT_EQ_INT(updater_boot(u, &res), KIOSK_OK);
    KT_EQ_INT(res, UPDATE_BOOT_ROLLED_BACK);
    char target[64];
    current_target(state, target, sizeof(target));
    KT_EQ_STR(target, "slot-a");
    struct update_status st;
    updater_status(u, &st);
    KT_EQ_STR(st.running, "1.0.0");
    KT_EQ_STR(st.floor, ""); /* a version that was never good does not raise the floor */
    KT_ASSERT(strstr(st.last, "2.0.0 failed 3 starts and was rolled back"));
    KT_EQ_INT(updater_boot(u, &res), KIOSK_OK);
    KT_EQ_INT(res, UPDATE_BOOT_NORMAL);
    /* a fixed build can be installed after a rollback */
    KT_EQ_INT(updater_install(u, bundle("v3"), &m), KIOSK_OK);
    updater_free(u);
    return KTEST_PASS;
}

static enum ktest_result test_kill_during_install(void)
{
    const char *state = OUT "/kill";
    srand((unsigned)time(NULL));
    int old_runs = 0, new_runs = 0;
    const int rounds = 50;
    for (int round = 0; round < rounds; round++) {
        fresh_slots(state);
        pid_t pid = fork();
        if (pid == 0) {
            struct updater *u = open_updater("slots", state, NULL);
            struct bundle_manifest m;
            _exit(u && updater_install(u, bundle("v2"), &m) == KIOSK_OK ? 0 : 1);
        }
        usleep((useconds_t)(rand() % 40000));
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        /* the next start: whatever runs is whole */
        struct updater *u = open_updater("slots", state, NULL);
        enum update_boot res;
        KT_EQ_INT(updater_boot(u, &res), KIOSK_OK);
        char target[64], hello[700];
        current_target(state, target, sizeof(target));
        snprintf(hello, sizeof(hello), "%s/%s/bin/hello", state, target);
        if (!strcmp(target, "slot-a")) {
            KT_EQ_INT(res, UPDATE_BOOT_NORMAL);
            KT_ASSERT(file_is(hello, "1.0.0"));
            old_runs++;
        } else {
            KT_EQ_STR(target, "slot-b");
            KT_EQ_INT(res, UPDATE_BOOT_TRYING);
            KT_ASSERT(file_is(hello, "2.0.0"));
            char version[700];
            snprintf(version, sizeof(version), "%s/slot-b/VERSION", state);
            KT_ASSERT(file_is(version, "2.0.0\n"));
            new_runs++;
        }
        /* and an install afterwards works from whatever was left */
        struct bundle_manifest m;
        KT_EQ_INT(updater_install(u, bundle("v3"), &m), KIOSK_OK);
        updater_free(u);
    }
    printf("kill -9 during install: %d rounds, old version started %d times, new version %d "
           "times, never a broken slot\n",
           rounds, old_runs, new_runs);
    return KTEST_PASS;
}

static enum ktest_result test_rauc_backend(void)
{
    const char *state = OUT "/rauc";
    sh("rm -rf %s && mkdir -p %s", state);
    const char *fake = OUT "/fake-rauc";
    write_text(fake, "#!/bin/sh\n"
                     "# a stand-in for rauc: records its arguments, copies what it installs\n"
                     "echo \"$*\" >> \"$(dirname \"$0\")/rauc.log\"\n"
                     "if [ \"$1\" = install ]; then cp \"$2\" \"$(dirname \"$0\")/rauc-got\"; fi\n"
                     "exit ${FAKE_RAUC_EXIT:-0}\n");
    chmod(fake, 0755);
    unlink(OUT "/rauc.log");
    struct updater *u = open_updater("rauc", state, fake);
    struct bundle_manifest m;
    /* rauc refusing: nothing pending */
    setenv("FAKE_RAUC_EXIT", "1", 1);
    KT_EQ_INT(updater_install(u, bundle("v2"), &m), KIOSK_ERR_IO);
    struct update_status st;
    updater_status(u, &st);
    KT_EQ_STR(st.pending, "");
    unsetenv("FAKE_RAUC_EXIT");
    KT_EQ_INT(updater_install(u, bundle("v2"), &m), KIOSK_OK);
    /* rauc got exactly the payload */
    KT_EQ_INT(system("cmp -s " OUT "/rauc-got " OUT "/src-v2.tar"), 0);
    enum update_boot res;
    KT_EQ_INT(updater_boot(u, &res), KIOSK_OK);
    KT_EQ_INT(res, UPDATE_BOOT_TRYING);
    char marked[32];
    KT_EQ_INT(updater_mark_good(u, marked), KIOSK_OK);
    KT_EQ_STR(marked, "2.0.0");
    updater_status(u, &st);
    KT_EQ_STR(st.floor, "2.0.0");
    KT_EQ_STR(st.running, "2.0.0");
    KT_EQ_INT(updater_install(u, bundle("v2"), &m), KIOSK_ERR_DENIED); /* downgrade guard */
    KT_EQ_INT(updater_install(u, bundle("v3"), &m), KIOSK_OK);
    for (int i = 0; i < 4; i++)
        updater_boot(u, &res);
    KT_EQ_INT(res, UPDATE_BOOT_ROLLED_BACK);
    updater_free(u);
    KT_ASSERT(file_is(OUT "/rauc.log", "install " OUT "/rauc/incoming.raucb\n"
                                       "install " OUT "/rauc/incoming.raucb\n"
                                       "status mark-good\n"
                                       "install " OUT "/rauc/incoming.raucb\n"
                                       "status mark-bad booted\n"));
    return KTEST_PASS;
}

static int outbox_updates(const char *db)
{
    struct store *st;
    struct outbox_counts oc;
    if (store_open(db, &st) != KIOSK_OK)
        return -1;
    int n = store_outbox_counts(st, &oc) == KIOSK_OK ? oc.pending : -1;
    store_close(st);
    return n;
}

static enum ktest_result test_command_line(void)
{
    const char *state = OUT "/cli";
    fresh_slots(state);
    const char *db = OUT "/cli.db";
    unlink(db);
    struct kiosk_config cfg;
    config_defaults(&cfg);
    strcpy(cfg.update_backend, "slots");
    strcpy(cfg.update_dir, state);
    strcpy(cfg.update_key, OUT "/release.pub");
    strcpy(cfg.update_compatible, COMPAT);
    char *verify_bad[] = {"update", "verify", (char *)bundle("wrongkey"), NULL};
    KT_EQ_INT(app_update_main(3, verify_bad, &cfg, db), 1);
    char *verify[] = {"update", "verify", (char *)bundle("v2"), NULL};
    KT_EQ_INT(app_update_main(3, verify, &cfg, db), 0);
    char *install[] = {"update", "install", (char *)bundle("v2"), NULL};
    KT_EQ_INT(app_update_main(3, install, &cfg, db), 0);
    /* starting: on trial; the server has heard nothing yet */
    KT_EQ_INT(app_update_at_start(&cfg, db), 1);
    KT_EQ_INT(outbox_updates(db), 0);
    char *good[] = {"update", "mark-good", NULL};
    KT_EQ_INT(app_update_main(2, good, &cfg, db), 0);
    KT_EQ_INT(outbox_updates(db), 1); /* "success", once */
    KT_EQ_INT(app_update_main(2, good, &cfg, db), 0);
    KT_EQ_INT(outbox_updates(db), 1);
    KT_EQ_INT(app_update_at_start(&cfg, db), 0);
    /* a version that never gets healthy: rolled back at the 4th start, and reported */
    char *install3[] = {"update", "install", (char *)bundle("v3"), NULL};
    KT_EQ_INT(app_update_main(3, install3, &cfg, db), 0);
    for (int i = 0; i < 3; i++)
        KT_EQ_INT(app_update_at_start(&cfg, db), 1);
    KT_EQ_INT(app_update_at_start(&cfg, db), 2);
    KT_EQ_INT(outbox_updates(db), 2);
    char *status[] = {"update", "status", NULL};
    KT_EQ_INT(app_update_main(2, status, &cfg, db), 0);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"setup", test_setup},
    {"manifest_parser", test_manifest_parser},
    {"bad_bundles", test_bad_bundles},
    {"install_boot_mark_good", test_install_boot_mark_good},
    {"rollback", test_rollback},
    {"kill_during_install", test_kill_during_install},
    {"rauc_backend", test_rauc_backend},
    {"command_line", test_command_line},
};

KTEST_MAIN(tests)
