/* Barcode/QR scanners on USB HID, decoded into what the app may see.
 *
 * HID POS (usage page 0x8C, "bar code scanner") input reports, 64 bytes:
 *   0      report id (HIDPOS_REPORT_ID: scanned data)
 *   1      data bytes in this report (0..56)
 *   2..4   AIM symbology identifier ("]Q1" QR, "]C0" Code 128, "]E0" EAN-13)
 *   5..60  data
 *   63     bit 0: more reports of this code follow
 * A code longer than one report arrives in several; they are joined until a
 * report without the continuation bit. A report of another symbology while
 * joining means the last report of the code before was lost: that partial
 * code is dropped. (A lost report between two codes of the same symbology
 * is caught by the driver, which starts over after a pause between reports:
 * reader_usb.c.) Other report ids (status, feature) are ignored.
 *
 * Keyboard-mode scanners: HID boot keyboard reports (modifiers, reserved, six
 * key codes), taken over from the kernel so no keystroke reaches the screen,
 * decoded with a US layout; a key counts when it appears (held keys count
 * once); Enter ends the code. A rollover error report (all 0x01) is skipped.
 *
 * Every finished code goes through reader_classify_code, as simulated scans
 * do: READER_BARCODE, or READER_BAD_SCAN (empty, control characters, bad
 * UTF-8, too long), or READER_LICENCE / READER_BAD_LICENCE for the PDF417
 * of a driver's licence ("]L2", up to READER_CODE_MAX bytes). Keyboard-mode
 * scanners end a code at Enter, which a licence's line breaks would split:
 * licences need a HID POS scanner. State is embedded and never allocates. */
#ifndef KIOSK_HID_POS_H
#define KIOSK_HID_POS_H

#include "drivers/reader/reader.h"
#include "firmware/core/model.h"

#include <stdbool.h>
#include <stddef.h>

#define HIDPOS_REPORT_ID   0x02
#define HIDPOS_REPORT_SIZE 64
#define HIDPOS_DATA_MAX    56

struct hidpos {
    char text[READER_CODE_MAX]; /* a licence's PDF417 arrives in up to 73 reports */
    size_t len;
    bool overflow; /* this code is longer than the kiosk takes */
    char aim[4];   /* symbology of the code being joined */
};
void hidpos_init(struct hidpos *s);
/* Feed one report. True with *out filled when a code is complete; false
 * while more reports are expected or the report is not scanned data. */
bool hidpos_feed(struct hidpos *s, const unsigned char *report, size_t len,
                 struct reader_input *out);

struct kbwedge {
    char text[KIOSK_IDENT_MAX];
    size_t len;
    bool overflow;
    unsigned char down[6]; /* keys held in the previous report */
};
void kbwedge_init(struct kbwedge *s);
bool kbwedge_feed(struct kbwedge *s, const unsigned char *report, size_t len,
                  struct reader_input *out);

#endif
