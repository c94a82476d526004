/* Image updates behind one interface, with two backends:
 *
 *   "slots"  A/B slot directories under state_dir: slot-a/, slot-b/, a
 *            `current` symlink the service starts from, and a `state` file
 *            (pending slot, previous slot, boot count). Install extracts the
 *            payload (a tar archive) into the inactive slot, then switches
 *            `current` with one atomic rename. Each start of a pending slot
 *            counts a boot; after max_boots starts without mark-good, the
 *            next start switches back to the previous slot by itself.
 *   "rauc"   the system's RAUC: the payload is a RAUC bundle handed to
 *            `rauc install`; mark-good is `rauc status mark-good`, a
 *            rollback `rauc status mark-bad` (RAUC's bootloader integration
 *            then boots the other slot).
 *
 * Both keep the version floor in state_dir/floor, outside the slots: it
 * rises to each version marked good and never falls, and install refuses a
 * bundle that is not newer than the floor (RAUC itself does not). Every
 * bundle is verified (bundle.h) before anything is written. */
#ifndef KIOSK_UPDATE_H
#define KIOSK_UPDATE_H

#include "firmware/core/err.h"
#include "firmware/update/bundle.h"

#include <stdbool.h>

struct update_config {
    const char *backend;         /* "slots" or "rauc" */
    const char *state_dir;       /* floor, state, and for "slots" the slots */
    const char *public_key_file; /* hex Ed25519 public key of the release key */
    const char *compatible;      /* this kiosk's compatible string */
    const char *rauc;            /* the rauc command ("rauc" on PATH when NULL) */
    int max_boots;               /* starts of a new version before it is rolled back */
};

enum update_boot {
    UPDATE_BOOT_NORMAL,      /* nothing pending */
    UPDATE_BOOT_TRYING,      /* a new version starts; mark it good when healthy */
    UPDATE_BOOT_ROLLED_BACK, /* too many failed starts: the previous version is back */
};

struct update_status {
    char backend[8];
    char running[32]; /* version of the slot that starts ("" unknown) */
    char pending[32]; /* version waiting for mark-good ("" none) */
    int boots;        /* starts of the pending version so far */
    char floor[32];   /* "" none */
    char last[96];    /* the last install / rollback / mark-good, in words */
};

struct updater;

/* KIOSK_ERR_INVALID for an unknown backend; KIOSK_ERR_NOMEM. */
enum kiosk_err updater_new(const struct update_config *cfg, struct updater **out);
void updater_free(struct updater *u);

/* Verify only. Errors as bundle_verify, with the reason in kiosk_err_detail(). */
enum kiosk_err updater_verify(struct updater *u, const char *bundle, struct bundle_manifest *m);
/* Verify, then install into the inactive slot (or hand to RAUC). */
enum kiosk_err updater_install(struct updater *u, const char *bundle, struct bundle_manifest *m);
/* Called once at every start of the kiosk, before anything else. */
enum kiosk_err updater_boot(struct updater *u, enum update_boot *result);
/* The running version passed its health checks: keep it, raise the floor.
 * *marked is set to the version marked good, or "" when nothing was
 * pending (not an error). */
enum kiosk_err updater_mark_good(struct updater *u, char marked[32]);
enum kiosk_err updater_status(struct updater *u, struct update_status *st);

#endif
