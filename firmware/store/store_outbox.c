/* Requests to staff (help, billing questions, payments) go out through the same
 * outbox as check-ins, so they are kept across power loss and sent when the
 * server can be reached. */
#include "store_private.h"

enum kiosk_err store_outbox_add_in_tx(struct store *st, const char *key, const char *kind,
                                      const char *payload, int64_t now_ms)
{
    if (!st || !key || !key[0] || !kind || !payload)
        return KIOSK_ERR_INVALID;
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_INSERT);
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, payload, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 4, now_ms);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "outbox add");
}

enum kiosk_err store_outbox_add(struct store *st, const char *key, const char *kind,
                                const char *payload, int64_t now_ms)
{
    enum kiosk_err err;
    if (!st || !key || !key[0] || !kind || !payload)
        return KIOSK_ERR_INVALID;
    err = store_step_done(st, ST_BEGIN_IMMEDIATE, "begin outbox add");
    if (err != KIOSK_OK)
        return err;
    err = store_outbox_add_in_tx(st, key, kind, payload, now_ms);
    if (err != KIOSK_OK)
        goto err_rollback;
    err = store_step_done(st, ST_COMMIT, "commit outbox add");
    if (err != KIOSK_OK)
        goto err_rollback;
    return KIOSK_OK;

err_rollback:
    store_step_done(st, ST_ROLLBACK, "rollback outbox add");
    return err;
}
