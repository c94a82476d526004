#define _POSIX_C_SOURCE 200809L /* nanosleep */
/* The patient search on the sync thread, as the kiosk's screen uses it:
 * ask, wait for the answer; ask, give up at once (the patient walked away),
 * ask for someone else and get that answer, not the dropped one; rounds go
 * on as before. Prints what it saw; the test (lookup.test.mjs) checks it.
 *
 *   find_worker CONFIG SURNAME DOB
 *   find_worker CONFIG SURNAME DOB --during-round
 *     waits for a line on stdin (sent while the first round is under way),
 *     asks, and reports the answer; the test reads the order of requests
 *     from the fault proxy: the search goes between two steps of the round,
 *     not after it. */
#include "firmware/config/config.h"
#include "firmware/core/clock.h"
#include "firmware/core/str.h"
#include "firmware/store/store.h"
#include "firmware/store/store_sync.h"
#include "firmware/sync/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t mono_ms(void)
{
    return kclock_mono(kclock_system());
}

/* Wait up to 20 s for the answer; -1 when none came. */
static int wait_answer(struct sync *s, enum kiosk_err *err)
{
    int found = -1;
    for (int i = 0; i < 2000; i++) {
        if (sync_find_answered(s, err, &found))
            return found;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return -1;
}

int main(int argc, char **argv)
{
    struct kiosk_config cfg;
    struct store *st = NULL;
    struct sync *s = NULL;
    bool during = argc == 5 && strcmp(argv[4], "--during-round") == 0;
    if (argc != 4 && !during) {
        fprintf(stderr, "usage: find_worker CONFIG SURNAME DOB [--during-round]\n");
        return 2;
    }
    config_defaults(&cfg);
    if (config_load(&cfg, argv[1]) != KIOSK_OK || store_open(cfg.database, &st) != KIOSK_OK ||
        sync_new(&cfg, kclock_system(), &s) != KIOSK_OK ||
        sync_start(s, cfg.database) != KIOSK_OK) {
        fprintf(stderr, "find_worker: cannot start\n");
        return 2;
    }
    struct sync_find q = {.by = SYNC_FIND_NAME_DOB};
    kstr_copy(q.text, sizeof(q.text), argv[2]);
    kstr_copy(q.dob, sizeof(q.dob), argv[3]);
    enum kiosk_err err = KIOSK_OK;

    if (during) {
        char line[16];
        if (!fgets(line, sizeof(line), stdin))
            return 2;
        bool asked = sync_find_ask(s, &q);
        int found = wait_answer(s, &err);
        printf("during a round: asked %d, found %d, err %d\n", (int)asked, found, (int)err);
        fflush(stdout);
        char last[24] = "";
        for (int i = 0; i < 2000 && !last[0]; i++) {
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
            store_state_get(st, "last_attempt_ms", last, sizeof(last));
        }
        printf("the round ended: %d\n", last[0] != '\0');
        sync_free(s);
        store_close(st);
        return 0;
    }

    int64_t t0 = mono_ms();
    bool asked = sync_find_ask(s, &q);
    bool twice = sync_find_ask(s, &q); /* one question at a time */
    int found = wait_answer(s, &err);
    printf("asked %d, second refused %d, found %d, err %d, %lld ms\n", (int)asked, (int)!twice,
           found, (int)err, (long long)(mono_ms() - t0));

    /* Given up: its answer must not become the next question's. */
    sync_find_ask(s, &q);
    sync_find_drop(s);
    struct sync_find nobody = {.by = SYNC_FIND_NAME_DOB, .text = "Nobody", .dob = "1900-01-01"};
    asked = sync_find_ask(s, &nobody);
    found = wait_answer(s, &err);
    printf("after a drop: asked %d, found %d\n", (int)asked, found);

    /* Rounds still run: a poke gives one. */
    char before[24] = "", after[24] = "";
    store_state_get(st, "last_attempt_ms", before, sizeof(before));
    sync_poke(s);
    for (int i = 0; i < 500 && strtoll(after, NULL, 10) <= strtoll(before, NULL, 10); i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
        store_state_get(st, "last_attempt_ms", after, sizeof(after));
    }
    printf("a round after a poke: %d\n",
           (int)(strtoll(after, NULL, 10) > strtoll(before, NULL, 10)));
    sync_free(s);
    store_close(st);
    return 0;
}
