/* Requests to staff (help, billing questions, payments) go out through the same
 * outbox as check-ins, so they are kept across power loss and sent when the
 * server can be reached. Every row is written here, from a typed record
 * (firmware/outbox), so its text is the same whoever queues it. */
#include "store_private.h"

#include "firmware/core/mem.h"

/* An outbox row's text: room for every record but a form's even if every
 * byte of it needed a six-byte escape, so none is refused for size. A form
 * (its answers are JSON, quotes escaped as two bytes) has twice its size;
 * were one not to fit, it is refused whole, never cut, and the patient is
 * asked to finish at the desk. On the heap: it is large. */
#define PAYLOAD_MAX (2 * sizeof(struct outbox_record) + 4096)

static enum kiosk_err insert(struct store *st, const char *key, const char *kind,
                             const char *payload, int64_t now_ms)
{
    sqlite3_stmt *s = store_stmt(st, ST_OUTBOX_INSERT);
    sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, payload, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 4, now_ms);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "outbox add");
}

enum kiosk_err store_outbox_add_in_tx(struct store *st, const char *key,
                                      const struct outbox_record *rec, int64_t now_ms)
{
    if (!st || !key || !key[0] || !rec)
        return KIOSK_ERR_INVALID;
    const char *kind = outbox_kind_name(rec->kind);
    if (!kind)
        return KIOSK_ERR_INVALID;
    char *payload = kmem_alloc_uninit(PAYLOAD_MAX);
    if (!payload)
        return KIOSK_ERR_NOMEM;
    enum kiosk_err err = outbox_encode(rec, payload, PAYLOAD_MAX);
    if (err != KIOSK_OK)
        kiosk_err_set_detail("store: the outbox record cannot be written as text");
    else
        err = insert(st, key, kind, payload, now_ms);
    kmem_wipe(payload, PAYLOAD_MAX); /* a form's answers */
    kmem_free(payload);
    return err;
}

/* One row in its own transaction: rec's, else kind and payload as given. */
static enum kiosk_err in_own_tx(struct store *st, const char *key, const char *kind,
                                const char *payload, const struct outbox_record *rec,
                                int64_t now_ms)
{
    enum kiosk_err err = store_step_done(st, ST_BEGIN_IMMEDIATE, "begin outbox add");
    if (err != KIOSK_OK)
        return err;
    err =
        rec ? store_outbox_add_in_tx(st, key, rec, now_ms) : insert(st, key, kind, payload, now_ms);
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

enum kiosk_err store_outbox_add(struct store *st, const char *key, const struct outbox_record *rec,
                                int64_t now_ms)
{
    if (!st || !key || !key[0] || !rec)
        return KIOSK_ERR_INVALID;
    return in_own_tx(st, key, NULL, NULL, rec, now_ms);
}

enum kiosk_err store_outbox_add_raw(struct store *st, const char *key, const char *kind,
                                    const char *payload, int64_t now_ms)
{
    if (!st || !key || !key[0] || !kind || !payload)
        return KIOSK_ERR_INVALID;
    return in_own_tx(st, key, kind, payload, NULL, now_ms);
}
