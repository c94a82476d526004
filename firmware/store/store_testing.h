/* Hooks for tests and service tools (the status command, fixtures). They
 * name no SQLite types, so tests may include this header. Not for the
 * patient-facing path: app uses store.h only. */
#ifndef KIOSK_STORE_TESTING_H
#define KIOSK_STORE_TESTING_H

#include "store.h"

#include <stddef.h>

/* One schema step: applied when the file's user_version is below version.
 * Versions in a list run 1, 2, 3... without gaps. */
struct store_migration {
    int version;
    const char *sql;
};

/* store_open() with another migration list (tests of future upgrades). The
 * list must outlive the call only. Same errors as store_open(), plus
 * KIOSK_ERR_INVALID for a list with gaps. */
enum kiosk_err store_open_migrations(const char *path, const struct store_migration *list, size_t n,
                                     struct store **out);

/* Crash tests: from now on, stores open through a VFS that keeps writes in
 * the process until the file is synced, so a kill -9 loses what a power
 * cut would (store_vfs_unsynced.c). Call before the first store_open. */
enum kiosk_err store_use_unsynced_vfs(void);

/* The steps this firmware ships, oldest first; *n receives their count. */
const struct store_migration *store_shipped_migrations(size_t *n);

/* Run sql on the file at path (created if missing) without migrations or
 * checks: builds old-version fixtures. Errors mapped as in store_open(). */
enum kiosk_err store_exec_file(const char *path, const char *sql);

/* The first column of the first row of sql, as text ("" for no row or
 * NULL). *out is allocated with kmem_*; the caller frees it with
 * kmem_free(). Reads pragmas back and dumps rows in tests. */
enum kiosk_err store_query_text(struct store *st, const char *sql, char **out);

/* The same, as an integer (0 for no row or NULL). */
enum kiosk_err store_query_int(struct store *st, const char *sql, int64_t *out);

/* An outbox row with the kind name and payload text given as they are, in
 * its own transaction: rows as older firmware (or a broken one) wrote them,
 * for tests of what push does with them. Errors as store_outbox_add(). */
enum kiosk_err store_outbox_add_raw(struct store *st, const char *key, const char *kind,
                                    const char *payload, int64_t now_ms);

#endif
