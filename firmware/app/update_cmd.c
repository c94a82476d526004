/* `carekiosk update verify|install|mark-good|status`, and what the kiosk
 * does about updates when it starts: count the boot (roll back after too
 * many failed starts), and once it runs healthy, mark the new version good.
 * The billing server hears "success" only after mark-good: the result goes
 * into the outbox then, and a rollback is reported the same way. */
#define _DEFAULT_SOURCE
#include "firmware/app/app_private.h"
#include "firmware/core/id.h"
#include "firmware/core/log.h"
#include "firmware/core/str.h"
#include "firmware/update/update.h"

#include <stdio.h>
#include <string.h>

#define MOD "update"

static void update_config_of(const struct kiosk_config *cfg, struct update_config *uc)
{
    memset(uc, 0, sizeof(*uc));
    uc->backend = cfg->update_backend;
    uc->state_dir = cfg->update_dir;
    uc->public_key_file = cfg->update_key;
    uc->compatible = cfg->update_compatible;
    uc->max_boots = cfg->update_max_boots;
}

void app_update_describe(const struct kiosk_config *cfg, char *out, size_t size)
{
    struct update_config uc;
    struct updater *u;
    struct update_status st;
    if (!strcmp(cfg->update_backend, "none")) {
        snprintf(out, size, "Updates: off ([update] backend = none)");
        return;
    }
    update_config_of(cfg, &uc);
    if (updater_new(&uc, &u) != KIOSK_OK) {
        snprintf(out, size, "Updates: backend '%s' cannot be used", cfg->update_backend);
        return;
    }
    if (updater_status(u, &st) != KIOSK_OK) {
        snprintf(out, size, "Updates (%s): state cannot be read", st.backend[0] ? st.backend : "?");
    } else if (st.pending[0]) {
        snprintf(out, size, "Updates (%s): %s on trial, start %d of %d; floor %s", st.backend,
                 st.pending, st.boots, cfg->update_max_boots, st.floor[0] ? st.floor : "none");
    } else {
        snprintf(out, size, "Updates (%s): running %s, floor %s%s%.60s", st.backend,
                 st.running[0] ? st.running : "the installed version",
                 st.floor[0] ? st.floor : "none", st.last[0] ? "; last: " : "", st.last);
    }
    updater_free(u);
}

/* The result for the billing server, through the outbox. */
static void report(const struct kiosk_config *cfg, const char *db, const char *version,
                   const char *result)
{
    struct store *st;
    char key[KIOSK_UUID_LEN];
    int64_t now = kclock_wall(kclock_system());
    struct outbox_record rec = {.kind = OUTBOX_UPDATE_RESULT, .at_ms = now};
    kstr_copy(rec.update.version, sizeof(rec.update.version), version);
    kstr_copy(rec.update.result, sizeof(rec.update.result), result);
    kstr_copy(rec.update.location, sizeof(rec.update.location), cfg->location);
    if (store_open(db, &st) != KIOSK_OK)
        return;
    if (kiosk_uuid(key) == KIOSK_OK) {
        if (store_outbox_add(st, key, &rec, now) != KIOSK_OK)
            log_warn(MOD, "update result not queued for the server");
    }
    store_close(st);
}

/* Health checks before a version is kept: the database opens and its outbox
 * reads, and the devices configured can be opened. (That the kiosk started
 * and drew its first screen is checked by the caller at start.) */
static bool healthy(const struct kiosk_config *cfg, const char *db, char *why, size_t size)
{
    struct store *st;
    struct outbox_counts oc;
    if (store_open(db, &st) != KIOSK_OK) {
        snprintf(why, size, "the database %s does not open", db);
        return false;
    }
    enum kiosk_err err = store_outbox_counts(st, &oc);
    store_close(st);
    if (err != KIOSK_OK) {
        snprintf(why, size, "the outbox cannot be read");
        return false;
    }
    struct printer_config pc = {.driver = cfg->printer, .paper_dots = config_paper_dots(cfg)};
    struct printer *p = NULL;
    if (printer_open(&pc, &p) == KIOSK_ERR_NOT_FOUND) {
        snprintf(why, size, "the printer driver %s does not exist in this version", cfg->printer);
        return false;
    }
    printer_close(p);
    struct reader_config rc = {.driver = cfg->reader,
                               .patient_card_prefix = cfg->patient_card_prefix};
    struct reader *r = NULL;
    if (reader_open(&rc, &r) == KIOSK_ERR_NOT_FOUND) {
        snprintf(why, size, "the reader driver %s does not exist in this version", cfg->reader);
        return false;
    }
    reader_close(r);
    return true;
}

int app_update_at_start(const struct kiosk_config *cfg, const char *db)
{
    enum update_boot res = UPDATE_BOOT_NORMAL;
    if (!strcmp(cfg->update_backend, "none"))
        return res;
    struct update_config uc;
    struct updater *u;
    update_config_of(cfg, &uc);
    if (updater_new(&uc, &u) != KIOSK_OK)
        return res;
    if (updater_boot(u, &res) != KIOSK_OK)
        log_note(LOG_ERROR, MOD, "boot count could not be saved in", cfg->update_dir);
    if (res == UPDATE_BOOT_ROLLED_BACK) {
        struct update_status st;
        updater_status(u, &st);
        log_error(MOD, "the new version failed to start; the previous version is back");
        report(cfg, db, st.running, "rolled back");
    }
    updater_free(u);
    return res == UPDATE_BOOT_ROLLED_BACK ? 2 : res == UPDATE_BOOT_TRYING ? 1 : 0;
}

void app_update_started_healthy(const struct kiosk_config *cfg, const char *db)
{
    char why[200], marked[32];
    struct update_config uc;
    struct updater *u;
    if (!healthy(cfg, db, why, sizeof(why))) {
        log_note(LOG_ERROR, MOD, "not marking this version good", why);
        return;
    }
    update_config_of(cfg, &uc);
    if (updater_new(&uc, &u) != KIOSK_OK)
        return;
    if (updater_mark_good(u, marked) == KIOSK_OK && marked[0]) {
        log_note(LOG_INFO, MOD, "started healthy and kept: version", marked);
        report(cfg, db, marked, "success");
    }
    updater_free(u);
}

int app_update_main(int argc, char **argv, const struct kiosk_config *cfg, const char *db)
{
    const char *verb = argc > 1 ? argv[1] : "";
    const char *bundle = argc > 2 ? argv[2] : NULL;
    if (!strcmp(cfg->update_backend, "none")) {
        fprintf(stderr, "carekiosk: updates are off on this kiosk ([update] backend = none)\n");
        return 1;
    }
    struct update_config uc;
    struct updater *u;
    update_config_of(cfg, &uc);
    if (updater_new(&uc, &u) != KIOSK_OK) {
        fprintf(stderr, "carekiosk: %s\n", kiosk_err_detail());
        return 1;
    }
    int rc = 2;
    struct bundle_manifest m;
    if (!strcmp(verb, "verify") && bundle) {
        enum kiosk_err err = updater_verify(u, bundle, &m);
        if (err == KIOSK_OK) {
            printf("%s: ok: version %s for %s, payload %llu bytes, signature and hash match\n",
                   bundle, m.version, m.compatible, (unsigned long long)m.payload_size);
            rc = 0;
        } else {
            fprintf(stderr, "%s: refused: %s\n", bundle, kiosk_err_detail());
            rc = 1;
        }
    } else if (!strcmp(verb, "install") && bundle) {
        enum kiosk_err err = updater_install(u, bundle, &m);
        if (err == KIOSK_OK) {
            printf("%s: version %s installed. It runs from the next start and is kept only "
                   "when it starts healthy (otherwise the kiosk goes back by itself).\n",
                   bundle, m.version);
            rc = 0;
        } else {
            fprintf(stderr, "%s: not installed, nothing changed: %s\n", bundle, kiosk_err_detail());
            rc = 1;
        }
    } else if (!strcmp(verb, "mark-good")) {
        char why[200], marked[32];
        if (!healthy(cfg, db, why, sizeof(why))) {
            fprintf(stderr, "carekiosk: not marked good: %s\n", why);
            rc = 1;
        } else if (updater_mark_good(u, marked) != KIOSK_OK) {
            fprintf(stderr, "carekiosk: mark-good failed: %s\n", kiosk_err_detail());
            rc = 1;
        } else {
            if (marked[0]) {
                report(cfg, db, marked, "success");
                printf("version %s marked good\n", marked);
            } else {
                printf("nothing waits to be marked good\n");
            }
            rc = 0;
        }
    } else if (!strcmp(verb, "status")) {
        struct update_status st;
        updater_status(u, &st);
        printf("backend: %s\nrunning: %s\npending: %s%s\nfloor: %s\nlast: %s\n", st.backend,
               st.running[0] ? st.running : "(unknown)", st.pending[0] ? st.pending : "none",
               st.pending[0] ? " (not yet marked good)" : "", st.floor[0] ? st.floor : "none",
               st.last[0] ? st.last : "-");
        rc = 0;
    }
    if (rc == 2)
        fprintf(stderr, "usage: carekiosk update verify BUNDLE | install BUNDLE | mark-good | "
                        "status   [--config FILE]\n");
    updater_free(u);
    return rc;
}
