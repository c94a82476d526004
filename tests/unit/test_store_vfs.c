/* The crash-test VFS (store_use_unsynced_vfs) really loses what was not
 * synced when a process dies, and keeps what was: without that, the
 * power-cut torture in tests/sync would prove nothing. */
#define _DEFAULT_SOURCE
#include "firmware/store/store.h"
#include "firmware/store/store_testing.h"
#include "ktest.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* In a child: open through the VFS, write with the given synchronous
 * setting, and die without closing (as kill -9 would). */
static void child_writes(const char *path, const char *sync_mode)
{
    struct store *st = NULL;
    char sql[200], *out = NULL;
    if (store_use_unsynced_vfs() != KIOSK_OK || store_open(path, &st) != KIOSK_OK)
        _exit(3);
    snprintf(sql, sizeof(sql), "PRAGMA synchronous = %s", sync_mode);
    store_query_text(st, sql, &out);
    store_query_text(
        st, "INSERT INTO sync_state (name, value) VALUES ('probe', 'x') RETURNING name", &out);
    _exit(0);
}

static int64_t probes(const char *path)
{
    struct store *st = NULL;
    int64_t n = -1;
    if (store_open(path, &st) == KIOSK_OK)
        store_query_int(st, "SELECT count(*) FROM sync_state WHERE name = 'probe'", &n);
    store_close(st);
    return n;
}

static enum ktest_result kill_loses_only_unsynced_writes(void)
{
    char dir[] = "/tmp/carekiosk-vfs-XXXXXX", path[64];
    KT_ASSERT(mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/k.db", dir);
    struct store *st = NULL;
    KT_EQ_INT(store_open(path, &st), KIOSK_OK); /* schema made and synced */
    store_close(st);

    const char *modes[] = {"OFF", "FULL"};
    int64_t expect[] = {0, 1};
    for (int i = 0; i < 2; i++) {
        pid_t pid = fork();
        KT_ASSERT(pid >= 0);
        if (pid == 0)
            child_writes(path, modes[i]);
        int status = 0;
        KT_ASSERT(waitpid(pid, &status, 0) == pid);
        KT_EQ_INT(WEXITSTATUS(status), 0);
        KT_EQ_INT(probes(path), expect[i]);
    }
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    KT_EQ_INT(system(cmd), 0);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"kill_loses_only_unsynced_writes", kill_loses_only_unsynced_writes},
};

KTEST_MAIN(tests)
