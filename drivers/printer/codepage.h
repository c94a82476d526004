/* Single-byte code pages of receipt printers' own fonts: Unicode to printer
 * byte and back. Bytes 0x20..0x7E are ASCII in every code page here;
 * 0x00..0x1F and 0x7F are control codes and never map. Pure tables. */
#ifndef KIOSK_CODEPAGE_H
#define KIOSK_CODEPAGE_H

#include <stdbool.h>

enum codepage {
    CODEPAGE_NONE = 0, /* no usable code page: text goes as raster */
    CODEPAGE_PC437,    /* USA, standard Europe (the power-on default of ESC/POS) */
    CODEPAGE_PC850,    /* multilingual Latin-1 */
    CODEPAGE_PC858,    /* PC850 with the euro sign at 0xD5 (in place of dotless i) */
    CODEPAGE_PC860,    /* Portuguese */
};

/* Short name ("PC858"); "none" for CODEPAGE_NONE and unknown values. */
const char *codepage_name(enum codepage cp);

/* The printer byte for Unicode code point u in cp, or -1 when cp has no
 * such character (also for control characters and CODEPAGE_NONE). */
int codepage_encode(enum codepage cp, unsigned u);

/* The Unicode code point a printable byte (0x20..0xFF except 0x7F) shows in
 * cp; 0 for control bytes and CODEPAGE_NONE. */
unsigned codepage_decode(enum codepage cp, unsigned char byte);

#endif
