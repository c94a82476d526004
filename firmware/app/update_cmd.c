/* `carekiosk update install BUNDLE | verify BUNDLE | status | mark-good`,
 * and what the kiosk does about updates when it starts: count the start of
 * a version on trial (after too many, RAUC marks its slot bad and the next
 * boot goes back), and once it runs healthy, mark it good. The billing
 * server hears "success" only after mark-good, through the outbox; a
 * rollback is reported the same way. RAUC does the installing (update.h). */
#define _DEFAULT_SOURCE
#include "firmware/app/app_private.h"
#include "firmware/core/id.h"
#include "firmware/core/log.h"
#include "firmware/core/str.h"
#include "firmware/update/update.h"

#include <stdio.h>
#include <string.h>

#define MOD "update"

/* "none" turns updates off; "rauc" is the only backend left ("slots",
 * the old slot directories, went with the home-made bundle format). */
static bool updates_on(const struct kiosk_config *cfg, FILE *say)
{
    if (!strcmp(cfg->update_backend, "rauc"))
        return true;
    if (say && !strcmp(cfg->update_backend, "none"))
        fprintf(say, "carekiosk: updates are off on this kiosk ([update] backend = none)\n");
    else if (say)
        fprintf(say,
                "carekiosk: [update] backend = %s is no longer supported: updates are RAUC "
                "bundles (backend = rauc)\n",
                cfg->update_backend);
    return false;
}

static void update_config_of(const struct kiosk_config *cfg, struct update_config *uc)
{
    memset(uc, 0, sizeof(*uc));
    uc->state_dir = cfg->update_dir;
    uc->rauc_conf = cfg->update_rauc_conf;
    uc->max_boots = cfg->update_max_boots;
}

void app_update_describe(const struct kiosk_config *cfg, char *out, size_t size)
{
    struct update_config uc;
    struct updater *u;
    struct update_status st;
    if (!updates_on(cfg, NULL)) {
        snprintf(out, size, "Updates: off ([update] backend = %s)", cfg->update_backend);
        return;
    }
    update_config_of(cfg, &uc);
    if (updater_new(&uc, &u) != KIOSK_OK) {
        snprintf(out, size, "Updates (RAUC): the RAUC service cannot be reached");
        return;
    }
    updater_status(u, &st);
    if (st.pending[0])
        snprintf(out, size, "Updates (RAUC): %s on trial in slot %s, start %d of %d; floor %s",
                 st.pending, st.trial_slot, st.boots, cfg->update_max_boots,
                 st.floor[0] ? st.floor : "none");
    else
        snprintf(out, size, "Updates (RAUC): slot %s runs %s, floor %s%s%.60s", st.booted,
                 st.running[0] ? st.running : "the first image", st.floor[0] ? st.floor : "none",
                 st.last[0] ? "; last: " : "", st.last);
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
    if (store_open(db, &st) != KIOSK_OK) {
        log_warn(MOD, "update result not queued: the database does not open");
        return;
    }
    if (kiosk_uuid(key) == KIOSK_OK) {
        if (store_outbox_add(st, key, &rec, now) != KIOSK_OK)
            log_warn(MOD, "update result not queued for the server");
    }
    store_close(st);
}

/* Health checks before a version is kept: the database opens and its outbox
 * reads, and the devices configured can be probed. (That the kiosk started
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
    if (!updates_on(cfg, NULL))
        return 0;
    struct update_config uc;
    struct updater *u;
    update_config_of(cfg, &uc);
    if (updater_new(&uc, &u) != KIOSK_OK) {
        log_error(MOD, "the RAUC service cannot be reached; starts are not counted");
        return 0;
    }
    char version[32];
    if (updater_boot(u, &res, version) != KIOSK_OK)
        log_note(LOG_ERROR, MOD, "this start could not be counted in", cfg->update_dir);
    if (res == UPDATE_BOOT_MARKED_BAD)
        log_error(MOD, "the new version failed to start too often; the previous one boots next");
    if (res == UPDATE_BOOT_ROLLED_BACK) {
        log_note(LOG_ERROR, MOD, "rolled back; reported to the server: version", version);
        report(cfg, db, version, "rolled back");
    }
    updater_free(u);
    return res == UPDATE_BOOT_MARKED_BAD ? 2 : res == UPDATE_BOOT_TRYING ? 1 : 0;
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

static void show_progress(void *ctx, int percent, const char *message)
{
    (void)ctx;
    printf("  %3d%% %s\n", percent, message);
    fflush(stdout);
}

static int install(struct updater *u, const char *bundle)
{
    struct update_bundle b;
    enum kiosk_err err = updater_install(u, bundle, &b, show_progress, NULL);
    if (err != KIOSK_OK) {
        fprintf(stderr, "%s: not installed, the booted slot is unchanged: %s\n", bundle,
                kiosk_err_detail());
        return 1;
    }
    printf("%s: version %s installed into %s. It boots next and is kept only when it starts "
           "healthy (otherwise the kiosk goes back by itself).\n",
           bundle, b.version, b.slot);
    return 0;
}

static int mark_good(struct updater *u, const struct kiosk_config *cfg, const char *db)
{
    char why[200], marked[32];
    if (!healthy(cfg, db, why, sizeof(why))) {
        fprintf(stderr, "carekiosk: not marked good: %s\n", why);
        return 1;
    }
    if (updater_mark_good(u, marked) != KIOSK_OK) {
        fprintf(stderr, "carekiosk: mark-good failed: %s\n", kiosk_err_detail());
        return 1;
    }
    if (marked[0]) {
        report(cfg, db, marked, "success");
        printf("version %s marked good\n", marked);
    } else {
        printf("nothing waits to be marked good\n");
    }
    return 0;
}

static void status(struct updater *u)
{
    struct update_status st;
    if (updater_status(u, &st) != KIOSK_OK)
        printf("rauc: %s\n", kiosk_err_detail());
    printf("booted: slot %s, version %s\nnext boot: %s\nrauc: %s\npending: %s", st.booted,
           st.running[0] ? st.running : "(not installed by RAUC)", st.primary, st.operation,
           st.pending[0] ? st.pending : "none");
    if (st.pending[0])
        printf(" in slot %s (not yet marked good, start %d)", st.trial_slot, st.boots);
    printf("\nfloor: %s\nlast: %s\n", st.floor[0] ? st.floor : "none", st.last[0] ? st.last : "-");
}

int app_update_main(int argc, char **argv, const struct kiosk_config *cfg, const char *db)
{
    const char *verb = argc > 1 ? argv[1] : "";
    const char *bundle = argc > 2 ? argv[2] : NULL;
    bool known = ((!strcmp(verb, "install") || !strcmp(verb, "verify")) && bundle) ||
                 !strcmp(verb, "status") || !strcmp(verb, "mark-good");
    if (!known) {
        fprintf(stderr, "usage: carekiosk update install BUNDLE | verify BUNDLE | status | "
                        "mark-good   [--config FILE]\n");
        return 2;
    }
    if (!updates_on(cfg, stderr))
        return 1;
    struct update_config uc;
    struct updater *u;
    update_config_of(cfg, &uc);
    if (updater_new(&uc, &u) != KIOSK_OK) {
        fprintf(stderr, "carekiosk: %s\n", kiosk_err_detail());
        return 1;
    }
    int rc = 0;
    if (!strcmp(verb, "install")) {
        rc = install(u, bundle);
    } else if (!strcmp(verb, "verify")) {
        struct update_bundle b;
        if (updater_verify(u, bundle, &b) == KIOSK_OK) {
            printf("%s: ok: version %s for %s, signed by a certificate of this kiosk's keyring\n",
                   bundle, b.version, b.compatible);
        } else {
            fprintf(stderr, "%s: refused: %s\n", bundle, kiosk_err_detail());
            rc = 1;
        }
    } else if (!strcmp(verb, "mark-good")) {
        rc = mark_good(u, cfg, db);
    } else {
        status(u);
    }
    updater_free(u);
    return rc;
}
