/* Magnetic-stripe card readers on USB HID: one input report per swipe,
 * decoded into track text and classified (reader_classify_swipe).
 *
 * MagTek (VID 0801), vendor-defined usage page, per its HID swipe reader
 * reference: 7 header bytes, then three fixed-size track fields.
 *   0..2   track 1, 2, 3 decode status (0 = decoded; else an error)
 *   3..5   track 1, 2, 3 length in bytes (0 = no data on that track)
 *   6      card encode type (0 ISO/ABA, 1 AAMVA, 3 blank, 4 other, ...)
 *   7..    three fields of 110 bytes (337-byte report) or 112 bytes
 *          (343-byte report), ASCII, each padded with zeros
 * ID TECH (VID 0ACD) MiniMag-style HID:
 *   0..2   decode status, 3..5 lengths, 6 encode type as above
 *   7..8   total data length, little endian (at most 500)
 *   9..    track 1, 2 and 3 data one after the other, by their lengths
 * Track data may or may not carry its start and end sentinels; missing ones
 * are added so the ISO 7813 parser sees the same text either way. */
#ifndef KIOSK_MAGSTRIPE_H
#define KIOSK_MAGSTRIPE_H

#include "drivers/reader/reader.h"

#include <stddef.h>

enum magstripe_format { MAGSTRIPE_MAGTEK = 1, MAGSTRIPE_IDTECH };

#define MAGSTRIPE_IDTECH_MAX 500

/* Decode one swipe report into *out (READER_PATIENT_CARD,
 * READER_PAYMENT_CARD, READER_EXPIRED_CARD or READER_BAD_SWIPE for a decode
 * error, a truncated report, lengths past their field, no usable track).
 * report[0..len) and every copy made are wiped (kmem_wipe) before it
 * returns, whatever the result. Never logs track data. */
void magstripe_report(enum magstripe_format fmt, unsigned char *report, size_t len,
                      const struct track_policy *policy, struct reader_input *out);

#endif
