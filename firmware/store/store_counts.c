/* The day's counts for the fleet metrics: asked every few seconds at
 * most, so the statement is prepared per call. Counts only. */
#include "store_private.h"

#include <string.h>

enum kiosk_err store_day_counts(struct store *st, int64_t day_start_ms, struct day_counts *out)
{
    sqlite3_stmt *s;
    memset(out, 0, sizeof(*out));
    int rc =
        sqlite3_prepare_v2(st->db,
                           "SELECT (SELECT count(*) FROM checkins WHERE queue_day_ms = ?1),"
                           " (SELECT count(*) FROM payments WHERE state = ?2 AND created_ms >= ?1)",
                           -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "prepare day counts");
    sqlite3_bind_int64(s, 1, day_start_ms);
    sqlite3_bind_int(s, 2, PAYMENT_APPROVED);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->checkins = sqlite3_column_int(s, 0);
        out->payments_approved = sqlite3_column_int(s, 1);
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "count the day");
}
