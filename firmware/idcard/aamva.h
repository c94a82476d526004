/* AAMVA DL/ID card design standard, Annex D: the PDF417 on the back of a
 * North American driver's licence or state/provincial ID, parsed for the
 * few elements the kiosk needs to identify a patient.
 *
 * Layout (2020 edition, every version since 01):
 *   "@" LF RS CR            compliance indicator and the card's separators
 *   "ANSI " IIN(6)          file type ("AAMVA" on some pre-2000 cards), issuer id
 *   version(2)              AAMVA version, 00..10
 *   jurisdiction version(2) absent in versions 00 and 01
 *   entries(2)              number of subfiles
 *   entries x 10 bytes      subfile designator: type ("DL", "ID", "Z?"),
 *                           offset(4), length(4)
 *   subfiles                type(2) then elements "DCS" value, each ended by
 *                           the element separator (LF); a subfile ends with
 *                           the segment terminator (CR)
 *
 * Elements read: DCS family name (DAB in version 01, or the first part of
 * DAA full name), DAC given name (DCT given names in versions 02-03), DAD
 * middle name, DBB date of birth, DBA expiry, DAQ licence number, DCG
 * country. Dates are MMDDCCYY for the USA and CCYYMMDD for Canada; versions
 * 00-02 are always MMDDCCYY. A date that is not real in the expected order is
 * tried in the other (cards in the field get this wrong).
 *
 * Quirks tolerated: LF and CR (and RS) taken for one another (scanners
 * translate them), separators other than LF/RS/CR in the header, subfile
 * offsets that do not point at the subfile (it is then looked for), a
 * missing final terminator, trailing spaces padding fixed-width values,
 * missing optional elements (given, middle, expiry, country).
 *
 * Pure: no allocation, no I/O, never reads outside data[0..len). The result
 * holds the licence number and the patient's name: wipe it with
 * aamva_wipe as soon as its two identifiers have been taken. */
#ifndef KIOSK_IDCARD_AAMVA_H
#define KIOSK_IDCARD_AAMVA_H

#include "firmware/core/clock.h"
#include "firmware/core/err.h"
#include "firmware/core/model.h"

#include <stdbool.h>
#include <stddef.h>

#define AAMVA_MAX_LEN    4096 /* longer input is refused (the standard's barcode holds < 2000) */
#define AAMVA_NUMBER_MAX 32

enum aamva_fault {
    AAMVA_OK = 0,
    AAMVA_NOT_AAMVA,     /* does not start with the compliance indicator and file type */
    AAMVA_BAD_HEADER,    /* IIN, version or number of entries not digits, or cut short */
    AAMVA_TOO_LONG,      /* longer than AAMVA_MAX_LEN */
    AAMVA_NO_SUBFILE,    /* no DL or ID subfile found */
    AAMVA_NO_FAMILY,     /* no family name */
    AAMVA_NO_BIRTH_DATE, /* no date of birth, or not a real date */
    AAMVA_BAD_TEXT,      /* a name that is not printable text */
};

enum aamva_doc { AAMVA_DOC_DL = 0, AAMVA_DOC_ID };

struct aamva_card {
    enum aamva_fault fault;
    int version;              /* AAMVA version, 0..99 */
    int jurisdiction_version; /* -1 when absent (versions 00-01) */
    char iin[7];              /* issuer identification number */
    enum aamva_doc doc;
    char family[KIOSK_NAME_MAX];
    char given[KIOSK_NAME_MAX];
    char middle[KIOSK_NAME_MAX];
    char birth_date[11];           /* YYYY-MM-DD */
    char expiry[11];               /* YYYY-MM-DD, "" when absent or unreadable */
    char number[AAMVA_NUMBER_MAX]; /* DAQ: never store or log it */
    char country[4];               /* "USA", "CAN", "" when absent */
};

/* True when data starts like an AAMVA barcode ("@", three separators, then
 * "ANSI " or "AAMVA"): the scanner's code is then a licence, readable or not. */
bool aamva_detect(const char *data, size_t len);
/* Parse data[0..len). KIOSK_OK with *out filled (family and birth date are
 * always there), else KIOSK_ERR_INVALID with out->fault set and the rest of
 * *out wiped. */
enum kiosk_err aamva_parse(const char *data, size_t len, struct aamva_card *out);
/* True when the card has an expiry and today is after it. */
bool aamva_expired(const struct aamva_card *c, const struct kdate *today);
void aamva_wipe(struct aamva_card *c);
const char *aamva_fault_name(enum aamva_fault f);

#endif
