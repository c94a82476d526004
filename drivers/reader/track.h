/* ISO/IEC 7813 magnetic-stripe tracks (track 1 "%B...?", track 2 ";...?"),
 * shared by the simulated reader and the USB magstripe driver.
 *
 * The parser reads the caller's buffer in place and returns what the kiosk
 * needs: for a patient card its identifier; for a payment card the last 4
 * digits, a brand guess and, for the one authorisation it is read for, the
 * PAN (the caller wipes struct track_card as soon as it has handed the PAN
 * on). The cardholder name and discretionary data (CVV, PIN offset) are
 * never copied out; every local copy is wiped with kmem_wipe before
 * returning.
 *
 * Patient ID cards: the Luhn digit is optional (hospital cards differ). It
 * is checked and recorded in luhn_ok, never required. Payment cards must
 * pass Luhn. */
#ifndef KIOSK_TRACK_H
#define KIOSK_TRACK_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>

#define TRACK_PAN_MAX 19 /* digits */

enum track_card_kind { TRACK_PAYMENT_CARD = 0, TRACK_PATIENT_CARD };

enum track_brand {
    TRACK_BRAND_UNKNOWN = 0,
    TRACK_BRAND_VISA,       /* 4 */
    TRACK_BRAND_MASTERCARD, /* 51-55, 2221-2720 */
    TRACK_BRAND_AMEX,       /* 34, 37 */
};

/* Why a swipe was refused; TRACK_OK when it was not. */
enum track_fault {
    TRACK_OK = 0,
    TRACK_FAULT_EMPTY,        /* no track found at all */
    TRACK_FAULT_NO_START,     /* data before or without a start sentinel */
    TRACK_FAULT_NO_END,       /* no end sentinel: truncated swipe */
    TRACK_FAULT_FORMAT_CODE,  /* track 1 format code is not 'B' */
    TRACK_FAULT_BAD_CHAR,     /* a character outside the track's character set */
    TRACK_FAULT_PAN,          /* PAN empty, too long or not digits */
    TRACK_FAULT_SEPARATOR,    /* field separator missing or misplaced */
    TRACK_FAULT_NAME,         /* track 1 name not 2..26 characters */
    TRACK_FAULT_EXPIRY,       /* YYMM missing or month not 01..12 */
    TRACK_FAULT_SERVICE_CODE, /* not 3 digits */
    TRACK_FAULT_TOO_LONG,     /* track longer than ISO 7813 allows (79 / 40) */
    TRACK_FAULT_LUHN,         /* payment card PAN fails the Luhn check */
    TRACK_FAULT_MISMATCH,     /* track 1 and track 2 disagree (PAN or expiry) */
};

struct track_card {
    enum track_card_kind kind;
    char patient_id[TRACK_PAN_MAX + 1]; /* patient cards: the PAN digits; else "" */
    char last4[5];                      /* payment cards: last 4 PAN digits; else "" */
    enum track_brand brand;             /* payment cards */
    int exp_year, exp_month;            /* 2000 + YY, 1..12 */
    char service_code[4];
    bool expired; /* valid through the last day of its expiry month */
    bool luhn_ok; /* PAN passes the Luhn check */
    bool has_track1, has_track2;
    enum track_fault fault; /* set on every return */
};

/* What the parse needs from outside: the patient card prefix (NULL or ""
 * means every card is a payment card) and today's year (4 digits) and
 * month (1..12) for the expiry check. */
struct track_policy {
    const char *patient_card_prefix;
    int year, month;
};

/* Parse a swipe: track 1 and/or track 2 in any order, as in a .track file
 * (whitespace and line breaks between tracks are ignored; a track 3 after
 * track 2 is skipped). text is not modified and need not be NUL-terminated.
 * Returns KIOSK_OK with *out filled (an expired card is KIOSK_OK with
 * out->expired), or KIOSK_ERR_INVALID with out->fault saying why (and the
 * other fields cleared). */
enum kiosk_err track_parse(const char *text, size_t len, const struct track_policy *policy,
                           struct track_card *out);

/* track_parse, then wipe text[0..len) with kmem_wipe whatever the result:
 * for drivers that hold raw track data in their own buffer. */
enum kiosk_err track_parse_and_wipe(char *text, size_t len, const struct track_policy *policy,
                                    struct track_card *out);

/* Whether digits[0..len) pass the Luhn (mod 10) check; false for non-digits. */
bool track_luhn_ok(const char *digits, size_t len);

/* Short stable name of a fault ("no end sentinel"); static. */
const char *track_fault_name(enum track_fault f);

#endif
