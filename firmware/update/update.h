/* Image updates: a thin front over RAUC (rauc_bus.h). RAUC verifies and
 * installs bundles into the inactive A/B slot and tells the bootloader;
 * this module adds what RAUC 1.8 leaves to the device:
 *
 *   - a version floor kept outside the slots (state_dir/floor) that only
 *     rises, to each version marked good: install refuses a bundle whose
 *     version is not above both the floor and the version running now
 *     (RAUC 1.8 itself installs downgrades);
 *   - a trial: after an install, the new slot is on trial until the kiosk
 *     marks it good; each start of it counts, and after max_boots starts
 *     without mark-good the booted slot is marked bad and the other one
 *     active, so the next boot goes back (state_dir/trial);
 *   - the bundle is copied into state_dir first (mode 0600) and RAUC reads
 *     only that copy, for Info and for the install, so a file swapped
 *     under the path the technician gave changes nothing.
 *
 * state_dir must be on storage that both slots share (not inside a slot),
 * writable only by root. */
#ifndef KIOSK_UPDATE_H
#define KIOSK_UPDATE_H

#include "firmware/core/err.h"

#include <stdbool.h>

struct update_config {
    const char *state_dir; /* floor, trial, the bundle copy */
    const char *rauc;      /* the rauc command, for `rauc info` ("rauc" when NULL) */
    const char
        *rauc_conf; /* RAUC's system.conf (its keyring), for `rauc info` (NULL: RAUC's default) */
    int max_boots;  /* starts of a new version before it is rolled back (3 when <= 0) */
    int install_timeout_s; /* how long RAUC may take (1800 when <= 0) */
};

enum update_boot {
    UPDATE_BOOT_NORMAL,      /* nothing on trial */
    UPDATE_BOOT_TRYING,      /* a new version starts; mark it good when healthy */
    UPDATE_BOOT_MARKED_BAD,  /* it failed max_boots starts: marked bad, reboot to go back */
    UPDATE_BOOT_ROLLED_BACK, /* the previous slot runs again: the trial is over, report it */
};

struct update_status {
    char booted[16];     /* bootname of the booted slot ("A") */
    char running[32];    /* its bundle version ("" unknown: not installed by RAUC) */
    char primary[32];    /* the slot the bootloader boots next ("rootfs.1") */
    char operation[32];  /* RAUC's Operation: "idle", "installing" */
    char pending[32];    /* the version on trial ("" none) */
    char trial_slot[16]; /* its bootname */
    int boots;           /* starts of the pending version so far */
    char floor[32];      /* "" none */
    char last[160];      /* the last install / rollback / mark-good, in words */
};

struct update_bundle {
    char version[32];
    char compatible[64];
    char slot[32]; /* install: the slot RAUC wrote and boots next */
};

struct updater;

/* Connects to RAUC. KIOSK_ERR_OFFLINE when the RAUC service is not on the
 * bus; KIOSK_ERR_NOMEM. */
enum kiosk_err updater_new(const struct update_config *cfg, struct updater **out);
void updater_free(struct updater *u);

/* `rauc info` checks the signature against the keyring and reads the
 * manifest; then the version is checked against the floor.
 * KIOSK_ERR_CORRUPT with RAUC's reason, KIOSK_ERR_DENIED for a version not
 * above the floor or the running one, KIOSK_ERR_INVALID for a version that
 * is not MAJOR.MINOR.PATCH, KIOSK_ERR_NOT_FOUND, KIOSK_ERR_IO. */
enum kiosk_err updater_verify(struct updater *u, const char *bundle, struct update_bundle *b);

/* Called with each progress step of an install. */
typedef void (*update_progress_fn)(void *ctx, int percent, const char *message);

/* Verify as above, then let RAUC install; on success the new slot is on
 * trial. Errors as updater_verify, plus RAUC's (rauc_bus_install). */
enum kiosk_err updater_install(struct updater *u, const char *bundle, struct update_bundle *b,
                               update_progress_fn progress, void *ctx);

/* Called once at every start of the kiosk, before anything else. version
 * receives the version on trial ("" none): the one that failed for
 * UPDATE_BOOT_MARKED_BAD and UPDATE_BOOT_ROLLED_BACK. */
enum kiosk_err updater_boot(struct updater *u, enum update_boot *result, char version[32]);

/* The running version passed its health checks: RAUC marks the booted
 * slot good, the floor rises to it. marked receives the version, or ""
 * when nothing was on trial here (not an error). */
enum kiosk_err updater_mark_good(struct updater *u, char marked[32]);

enum kiosk_err updater_status(struct updater *u, struct update_status *st);

/* Versions are MAJOR.MINOR.PATCH, each a number below 10^6. */
bool update_version_valid(const char *v);
/* <0, 0, >0 as a is older, equal, newer than b; 0 when either is invalid. */
int update_version_cmp(const char *a, const char *b);

/* The floor in state_dir ("" none) and whether version may be installed
 * over floor and running ("" unknown for either). */
void update_floor_read(const char *state_dir, char floor[32]);
bool update_version_allowed(const char *version, const char *floor, const char *running);

#endif
