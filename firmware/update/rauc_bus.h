/* A client of RAUC's D-Bus API (de.pengutronix.rauc.Installer on object /),
 * the only user of libdbus. RAUC does the work: it verifies the bundle's
 * CMS signature against the kiosk's keyring, checks the compatible string,
 * writes the inactive slots and tells the bootloader. This file only asks.
 *
 * The bus is the system bus, or the session bus when DBUS_STARTER_BUS_TYPE
 * is "session" (what `rauc service` itself uses in the same environment).
 * Every failure sets kiosk_err_detail() to a sentence, with RAUC's own
 * reason (LastError, or the D-Bus error text) when it gave one. */
#ifndef KIOSK_UPDATE_RAUC_BUS_H
#define KIOSK_UPDATE_RAUC_BUS_H

#include "firmware/core/err.h"

#include <stddef.h>

struct rauc_bus;

struct rauc_slot {
    char name[32];        /* "rootfs.1" */
    char class_name[32];  /* "rootfs" */
    char bootname[16];    /* "B" ("" for slots without one) */
    char state[16];       /* "booted", "active", "inactive" */
    char boot_status[16]; /* "good", "bad" ("" unknown) */
    char version[32];     /* bundle.version installed there ("" unknown) */
};

/* KIOSK_ERR_OFFLINE when there is no bus or no RAUC service on it. */
enum kiosk_err rauc_bus_open(struct rauc_bus **out);
void rauc_bus_close(struct rauc_bus *b);

/* Called with each Progress change during an install (percent, RAUC's message). */
typedef void (*rauc_progress_fn)(void *ctx, int percent, const char *message);

/* InstallBundle(bundle) and wait for Completed. KIOSK_ERR_BUSY when RAUC is
 * already installing, KIOSK_ERR_CORRUPT with LastError when RAUC refused or
 * failed, KIOSK_ERR_OFFLINE when the service went away before it completed,
 * KIOSK_ERR_TIMEOUT after timeout_s seconds without Completed. */
enum kiosk_err rauc_bus_install(struct rauc_bus *b, const char *bundle, int timeout_s,
                                rauc_progress_fn progress, void *ctx);

/* Mark(state, slot): state "good", "bad" or "active"; slot "booted",
 * "other" or a slot name. slot_name (may be NULL) receives what RAUC
 * marked. */
enum kiosk_err rauc_bus_mark(struct rauc_bus *b, const char *state, const char *slot,
                             char slot_name[32]);

/* A string property of the Installer: "Operation", "LastError", "BootSlot",
 * "Compatible". */
enum kiosk_err rauc_bus_property(struct rauc_bus *b, const char *name, char *out, size_t size);

/* GetPrimary: the slot name the bootloader boots next ("rootfs.1"). */
enum kiosk_err rauc_bus_primary(struct rauc_bus *b, char slot_name[32]);

/* GetSlotStatus: up to max slots into slots, the count in *n. */
enum kiosk_err rauc_bus_slots(struct rauc_bus *b, struct rauc_slot *slots, int max, int *n);

#endif
