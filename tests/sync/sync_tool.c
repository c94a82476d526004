/* Test tool (sync tests): queue work for the billing server in a kiosk's store, as the
 * kiosk itself would (same store calls, same kinds of outbox entries).
 *
 *   sync_tool DB checkins       check in every booked appointment cached
 *   sync_tool DB payments N     queue N card payments against the first
 *                                 issued invoice (amounts 1.01, 1.02, ...)
 *   sync_tool DB help N         queue N help requests
 *   sync_tool DB raw KIND JSON  queue one entry as given (as old or broken firmware would)
 *   sync_tool DB load FILE.sql  run the SQL in FILE on DB as it is (fixtures of old versions)
 *   sync_tool DB query SQL      print the first column of the first row
 *
 * The queueing commands print the number of entries queued. */
#include "firmware/core/clock.h"
#include "firmware/core/file.h"
#include "firmware/core/id.h"
#include "firmware/core/mem.h"
#include "firmware/store/store.h"
#include "firmware/store/store_testing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int checkins(struct store *st)
{
    int64_t now = kclock_wall(kclock_system());
    int64_t day = kclock_local_midnight(now);
    int n = 0;
    for (int64_t id = 1;; id++) {
        int64_t exists = 0;
        char sql[160], key[KIOSK_UUID_LEN];
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM appointments WHERE id = %lld",
                 (long long)id);
        if (store_query_int(st, sql, &exists) != KIOSK_OK || !exists) {
            int64_t more = 0;
            snprintf(sql, sizeof(sql), "SELECT count(*) FROM appointments WHERE id > %lld",
                     (long long)id);
            if (store_query_int(st, sql, &more) != KIOSK_OK || !more)
                break;
            continue;
        }
        snprintf(sql, sizeof(sql), "SELECT status FROM appointments WHERE id = %lld",
                 (long long)id);
        int64_t status = 0;
        store_query_int(st, sql, &status);
        if (status != APPT_BOOKED)
            continue;
        struct checkin_result r;
        if (kiosk_uuid(key) == KIOSK_OK &&
            store_checkin_add(st, id, now, day, key, &r) == KIOSK_OK && !r.already)
            n++;
    }
    return n;
}

static int queue(struct store *st, const struct outbox_record *rec)
{
    char key[KIOSK_UUID_LEN];
    if (kiosk_uuid(key) != KIOSK_OK)
        return 0;
    return store_outbox_add(st, key, rec, kclock_wall(kclock_system())) == KIOSK_OK;
}

static int queue_raw(struct store *st, const char *kind, const char *payload)
{
    char key[KIOSK_UUID_LEN];
    if (kiosk_uuid(key) != KIOSK_OK)
        return 0;
    return store_outbox_add_raw(st, key, kind, payload, kclock_wall(kclock_system())) == KIOSK_OK;
}

/* The fixture's SQL, run before any store_open migrates the file. */
static int load(const char *db, const char *path)
{
    char *sql = NULL;
    size_t len = 0;
    if (kfile_read(path, 1 << 20, &sql, &len) != KIOSK_OK) {
        fprintf(stderr, "sync_tool: cannot read %s\n", path);
        return 1;
    }
    enum kiosk_err err = store_exec_file(db, sql);
    kmem_free(sql);
    if (err != KIOSK_OK)
        fprintf(stderr, "sync_tool: %s did not run\n", path);
    return err == KIOSK_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    struct store *st = NULL;
    if (argc < 3) {
        fprintf(stderr, "usage: sync_tool DB checkins|payments N|help N|raw KIND JSON\n");
        return 2;
    }
    if (strcmp(argv[2], "load") == 0 && argc > 3)
        return load(argv[1], argv[3]);
    if (store_open(argv[1], &st) != KIOSK_OK) {
        fprintf(stderr, "sync_tool: cannot open %s\n", argv[1]);
        return 1;
    }
    int n = 0;
    int count = argc > 3 ? atoi(argv[3]) : 0;
    if (strcmp(argv[2], "checkins") == 0) {
        n = checkins(st);
    } else if (strcmp(argv[2], "payments") == 0) {
        char *inv = NULL;
        store_query_text(st,
                         "SELECT fhir_id FROM invoices WHERE status = 'issued' ORDER BY id "
                         "LIMIT 1",
                         &inv);
        for (int i = 0; i < count; i++) {
            struct outbox_record rec = {.kind = OUTBOX_PAYMENT_POSTED,
                                        .at_ms = kclock_wall(kclock_system())};
            rec.payment.amount_minor = 101 + i;
            snprintf(rec.payment.currency, sizeof(rec.payment.currency), "USD");
            snprintf(rec.payment.invoice, sizeof(rec.payment.invoice), "%s", inv ? inv : "");
            snprintf(rec.payment.auth_code, sizeof(rec.payment.auth_code), "A%05d", i);
            n += queue(st, &rec);
        }
        kmem_free(inv);
    } else if (strcmp(argv[2], "help") == 0) {
        for (int i = 0; i < count; i++) {
            struct outbox_record rec = {.kind = OUTBOX_HELP_REQUEST,
                                        .at_ms = kclock_wall(kclock_system())};
            snprintf(rec.help.location, sizeof(rec.help.location), "Main lobby");
            snprintf(rec.help.screen, sizeof(rec.help.screen), "welcome");
            snprintf(rec.help.lang, sizeof(rec.help.lang), "en");
            n += queue(st, &rec);
        }
    } else if (strcmp(argv[2], "raw") == 0 && argc > 4) {
        n = queue_raw(st, argv[3], argv[4]);
    } else if (strcmp(argv[2], "query") == 0 && argc > 3) {
        char *text = NULL;
        enum kiosk_err err = store_query_text(st, argv[3], &text);
        if (err == KIOSK_OK)
            printf("%s\n", text);
        kmem_free(text);
        store_close(st);
        return err == KIOSK_OK ? 0 : 1;
    }
    store_close(st);
    printf("%d\n", n);
    return 0;
}
