/* Technician accounts and the audit log of service mode.
 *
 * Accounts live in one file (kiosk.ini [service] accounts), one technician a
 * line: "name<TAB>argon2id hash<TAB>failed tries<TAB>locked until (UTC ms)".
 * Passcodes are 6 to 12 digits (typed on the kiosk's keypad), hashed with
 * libsodium crypto_pwhash_str; the file is rewritten atomically (temporary
 * file, fsync, rename) with mode 0600. There are no default accounts: until
 * `carekiosk tech add NAME` has made one, nobody can enter service mode.
 *
 * After max_failures wrong passcodes in a row the account is locked for
 * lockout_ms (kept in the file, so a restart does not unlock it). An unknown
 * name and a wrong passcode give the same answer.
 *
 * The audit log (kiosk.ini [service] audit_log) is append-only text, one
 * action a line: "2026-11-22T14:50:03Z<TAB>who<TAB>action<TAB>detail",
 * fsynced per line. It never holds patient data or card data. */
#ifndef KIOSK_SERVICE_TECH_H
#define KIOSK_SERVICE_TECH_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stdint.h>

#define TECH_NAME_MAX 32
#define TECH_CODE_MIN 6
#define TECH_CODE_MAX 12
#define TECH_MAX      64

struct tech_policy {
    int max_failures;   /* wrong tries before the account locks (>= 1) */
    int64_t lockout_ms; /* how long it stays locked */
};

/* A name is 1..31 of [a-z0-9._-] (lower case); a passcode 6..12 digits. */
bool tech_name_valid(const char *name);
bool tech_code_valid(const char *code);

/* Add a technician, or set a new passcode for an existing one (which also
 * unlocks it). KIOSK_ERR_INVALID for a bad name or passcode, KIOSK_ERR_FULL
 * past TECH_MAX accounts, KIOSK_ERR_IO / KIOSK_ERR_DENIED for the file,
 * KIOSK_ERR_NOMEM (hashing needs memory). */
enum kiosk_err tech_add(const char *path, const char *name, const char *code);
/* KIOSK_ERR_NOT_FOUND when there is no such technician. */
enum kiosk_err tech_remove(const char *path, const char *name);
/* Names, one a line, into out (NUL-terminated); the count in *count. */
enum kiosk_err tech_list(const char *path, char *out, int size, int *count);

/* Check a login at wall time now_ms. KIOSK_OK: logged in (the failure count
 * is reset). KIOSK_ERR_DENIED: wrong name or passcode, or locked; *locked_until
 * (may be NULL) is set to the end of a lockout, else 0. KIOSK_ERR_NOT_FOUND
 * when the accounts file does not exist (no technician set up), KIOSK_ERR_IO,
 * KIOSK_ERR_CORRUPT for a damaged file. */
enum kiosk_err tech_login(const char *path, const char *name, const char *code, int64_t now_ms,
                          const struct tech_policy *policy, int64_t *locked_until);

/* Append one line to the audit log. who/action/detail must not hold tabs or
 * line breaks (they are replaced by spaces). */
enum kiosk_err audit_append(const char *path, int64_t wall_ms, const char *who, const char *action,
                            const char *detail);

#endif
