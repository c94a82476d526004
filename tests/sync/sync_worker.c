/* Crash-test worker: one sync round like `carekiosk sync --once`, but with
 * the store on a VFS that drops every write not yet synced when the
 * process dies (store_use_unsynced_vfs), so kill -9 acts as a power cut.
 *
 *   sync_worker CONFIG */
#include "firmware/config/config.h"
#include "firmware/core/clock.h"
#include "firmware/store/store.h"
#include "firmware/store/store_testing.h"
#include "firmware/sync/sync.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    struct kiosk_config cfg;
    struct store *st = NULL;
    struct sync *s = NULL;
    struct sync_report rep;
    if (argc != 2) {
        fprintf(stderr, "usage: sync_worker CONFIG\n");
        return 2;
    }
    config_defaults(&cfg);
    if (config_load(&cfg, argv[1]) != KIOSK_OK || store_use_unsynced_vfs() != KIOSK_OK ||
        store_open(cfg.database, &st) != KIOSK_OK ||
        sync_new(&cfg, kclock_system(), &s) != KIOSK_OK) {
        fprintf(stderr, "sync_worker: cannot start\n");
        store_close(st);
        return 2;
    }
    enum kiosk_err err = sync_round(s, st, &rep);
    printf("sync: %s, sent %d\n", err == KIOSK_OK ? "ok" : rep.error, rep.pushed);
    sync_free(s);
    store_close(st);
    return err == KIOSK_OK ? 0 : 1;
}
