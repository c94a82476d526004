/* What differs between receipt printer models that speak ESC/POS: paper
 * width, which code page their own font can use (and the command that
 * selects it), whether they answer status requests, how large a raster
 * command they take, how they cut, and known quirks. A static table of the
 * models in the USB printer class that kiosks meet, plus a conservative
 * generic profile for everything else.
 *
 * Sources: Epson ESC/POS reference and TM manuals, Star, Bixolon and Citizen
 * command manuals, and the community printer database escpos-printer-db
 * (code page numbers per model). Where a model's documentation does not say,
 * the profile takes the safe choice (raster text, no ASB). */
#ifndef KIOSK_PRINTER_PROFILE_H
#define KIOSK_PRINTER_PROFILE_H

#include "drivers/printer/codepage.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum printer_cp_command {
    PRINTER_CP_ESC_T,    /* ESC t n: Epson and most ESC/POS printers */
    PRINTER_CP_ESC_GS_T, /* ESC GS t n: Star, also in its ESC/POS emulation */
};

/* How a receipt ends. Every variant first feeds 4 lines (ESC d 4) so the
 * last line clears the tear bar or cutter. */
enum printer_cut {
    PRINTER_CUT_FEED_PARTIAL, /* GS V 66 0: feed to the cutter, partial cut */
    PRINTER_CUT_PARTIAL,      /* GS V 1: partial cut where the paper is (oldest form) */
    PRINTER_CUT_NONE,         /* no cutter: tear bar only */
};

enum printer_quirk {
    /* Chinese firmwares start in double-byte (GB18030) mode, where bytes
     * 0x80..0xFF pair up into Hanzi: send FS . (cancel) before any text. */
    PRINTER_QUIRK_CANCEL_KANJI = 1 << 0,
    /* ESC/POS only after a memory switch is set to ESC/POS emulation
     * (Star); nothing extra is sent, the note is for technicians. */
    PRINTER_QUIRK_EMULATION = 1 << 1,
    /* Endpoint addresses and interface numbers differ between units: read
     * them from the descriptors, never hard-code them. */
    PRINTER_QUIRK_READ_DESCRIPTORS = 1 << 2,
    /* The product id is shared by many models (an interface board): the
     * device id's MDL decides the profile. */
    PRINTER_QUIRK_SHARED_PID = 1 << 3,
};

struct printer_profile {
    const char *name;
    uint16_t vid, pid;      /* pid 0: any product of that vendor; both 0: generic */
    const char *mdl;        /* IEEE 1284 MDL prefix that picks this profile, or NULL */
    int paper_dots;         /* printable width on the widest paper (0: as configured) */
    enum codepage codepage; /* CODEPAGE_NONE: every text item as raster */
    enum printer_cp_command cp_command;
    unsigned char cp_number; /* n of ESC t n / ESC GS t n selecting codepage */
    bool dle_eot;            /* answers DLE EOT n (real-time status) */
    bool asb;                /* GS a automatic status back works */
    int band_rows;           /* rows of one GS v 0 command (1..2303) */
    enum printer_cut cut;
    unsigned quirks; /* enum printer_quirk bits */
    const char *notes;
};

/* The profile for a USB printer: a profile whose MDL prefix matches mdl
 * (case-insensitive; the longest prefix wins) for the same vendor (or any
 * vendor when vid is 0), else the exact vid:pid, else the vendor's
 * profile (pid 0), else the generic one. mdl comes from GET_DEVICE_ID and
 * may be NULL. Never NULL; the profile is static. */
const struct printer_profile *printer_profile_find(uint16_t vid, uint16_t pid, const char *mdl);

/* The generic profile for unknown printer-class devices: text as raster,
 * DLE EOT on, ASB off, small bands, GS V 1. Static. */
const struct printer_profile *printer_profile_generic(void);

/* The table, for tests and the technician view: count and entry i (NULL
 * when out of range). */
size_t printer_profile_count(void);
const struct printer_profile *printer_profile_at(size_t i);

#endif
