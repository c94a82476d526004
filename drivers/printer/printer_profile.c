/* The printer table. Choices that are not obvious:
 *  - TM-T88IV prints 512 dots (72 mm at 180 dpi), not 576.
 *  - 04b8:0202 is Epson's UB-U0x USB interface board, fitted to many TM
 *    models (impact ones too): the MDL from the device id decides.
 *  - Star in ESC/POS emulation still selects code pages with ESC GS t, and
 *    its table numbers PC858 as 4. Its status back in that mode is not
 *    Epson's format on every firmware: ASB off, DLE EOT on.
 *  - Citizen's CT-S table lists PC850 (2) but not PC858 on every model:
 *    PC850 has every Portuguese and Spanish letter, only the euro is missing
 *    (euro text then goes as raster).
 *  - 0416:5011 (Winbond virtual COM chips in "POS-58" printers): PC850 is
 *    number 2 in every documented table of these clones; they start in
 *    Chinese double-byte mode and have no cutter.
 *  - 0fe6:811e (ICS parallel bridge chips in many unbranded 80 mm
 *    printers): firmwares vary too much to trust a code page: raster text.
 *  - Bands: Epson, Star, Bixolon and Citizen buffer a 256-row band without
 *    stalling; clones with 4 KB buffers drop data on large commands, so
 *    they and the generic profile get 24 rows (one text line). */
#include "drivers/printer/printer_profile.h"

#include <ctype.h>
#include <string.h>

static const struct printer_profile profiles[] = {
    {
        .name = "Epson TM-T20",
        .vid = 0x04b8,
        .pid = 0x0e03,
        .mdl = "TM-T20",
        .paper_dots = 576,
        .codepage = CODEPAGE_PC858,
        .cp_command = PRINTER_CP_ESC_T,
        .cp_number = 19,
        .dle_eot = true,
        .asb = true,
        .band_rows = 256,
        .cut = PRINTER_CUT_FEED_PARTIAL,
        .notes = "80 mm, 203 dpi, Font A 48 columns",
    },
    {
        .name = "Epson TM-T20II",
        .vid = 0x04b8,
        .pid = 0x0e15,
        .mdl = "TM-T20II",
        .paper_dots = 576,
        .codepage = CODEPAGE_PC858,
        .cp_command = PRINTER_CP_ESC_T,
        .cp_number = 19,
        .dle_eot = true,
        .asb = true,
        .band_rows = 256,
        .cut = PRINTER_CUT_FEED_PARTIAL,
        .notes = "80 mm, 203 dpi, Font A 48 columns",
    },
    {
        .name = "Epson TM-T88IV",
        .vid = 0x04b8,
        .pid = 0x0202,
        .mdl = "TM-T88IV",
        .paper_dots = 512,
        .codepage = CODEPAGE_PC858,
        .cp_command = PRINTER_CP_ESC_T,
        .cp_number = 19,
        .dle_eot = true,
        .asb = true,
        .band_rows = 256,
        .cut = PRINTER_CUT_FEED_PARTIAL,
        .quirks = PRINTER_QUIRK_SHARED_PID,
        .notes = "80 mm, 180 dpi: 512 dots, Font A 42 columns; 0202 is the UB-U0x "
                 "interface board of many TM models",
    },
    {
        .name = "Epson TM (other)",
        .vid = 0x04b8,
        .pid = 0,
        .paper_dots = 512,
        .codepage = CODEPAGE_PC858,
        .cp_command = PRINTER_CP_ESC_T,
        .cp_number = 19,
        .dle_eot = true,
        .asb = true,
        .band_rows = 256,
        .cut = PRINTER_CUT_FEED_PARTIAL,
        .notes = "unknown TM model: the narrower 512-dot width of the TM-T88 family",
    },
    {
        .name = "Star (ESC/POS emulation)",
        .vid = 0x0519,
        .pid = 0,
        .paper_dots = 576,
        .codepage = CODEPAGE_PC858,
        .cp_command = PRINTER_CP_ESC_GS_T,
        .cp_number = 4,
        .dle_eot = true,
        .asb = false,
        .band_rows = 128,
        .cut = PRINTER_CUT_PARTIAL,
        .quirks = PRINTER_QUIRK_EMULATION,
        .notes = "set the memory switch to ESC/POS emulation; TSP100 (raster-only "
                 "Star Graphic mode) cannot print these bytes",
    },
    {
        .name = "Bixolon SRP",
        .vid = 0x1504,
        .pid = 0,
        .paper_dots = 512,
        .codepage = CODEPAGE_PC858,
        .cp_command = PRINTER_CP_ESC_T,
        .cp_number = 19,
        .dle_eot = true,
        .asb = true,
        .band_rows = 256,
        .cut = PRINTER_CUT_FEED_PARTIAL,
        .notes = "SRP-350 prints 512 dots, later models 576: the narrower is safe",
    },
    {
        .name = "Citizen CT-S",
        .vid = 0x1d90,
        .pid = 0,
        .paper_dots = 576,
        .codepage = CODEPAGE_PC850,
        .cp_command = PRINTER_CP_ESC_T,
        .cp_number = 2,
        .dle_eot = true,
        .asb = true,
        .band_rows = 256,
        .cut = PRINTER_CUT_FEED_PARTIAL,
        .notes = "PC850: no euro sign in the printer font",
    },
    {
        .name = "POS-80 clone (0fe6:811e)",
        .vid = 0x0fe6,
        .pid = 0x811e,
        .paper_dots = 576,
        .codepage = CODEPAGE_NONE,
        .dle_eot = true,
        .asb = false,
        .band_rows = 24,
        .cut = PRINTER_CUT_PARTIAL,
        .quirks = PRINTER_QUIRK_CANCEL_KANJI | PRINTER_QUIRK_READ_DESCRIPTORS,
        .notes = "firmwares differ: every line as raster",
    },
    {
        .name = "POS-58 clone (0416:5011)",
        .vid = 0x0416,
        .pid = 0x5011,
        .paper_dots = 384,
        .codepage = CODEPAGE_PC850,
        .cp_command = PRINTER_CP_ESC_T,
        .cp_number = 2,
        .dle_eot = true,
        .asb = false,
        .band_rows = 24,
        .cut = PRINTER_CUT_NONE,
        .quirks = PRINTER_QUIRK_CANCEL_KANJI | PRINTER_QUIRK_READ_DESCRIPTORS,
        .notes = "58 mm, no cutter, Font A 32 columns",
    },
};

static const struct printer_profile generic = {
    .name = "generic ESC/POS",
    .paper_dots = 0,
    .codepage = CODEPAGE_NONE,
    .dle_eot = true,
    .asb = false,
    .band_rows = 24,
    .cut = PRINTER_CUT_PARTIAL,
    .notes = "unknown printer-class device: every line as raster",
};

#define PROFILE_COUNT (sizeof(profiles) / sizeof(profiles[0]))

const struct printer_profile *printer_profile_generic(void)
{
    return &generic;
}

size_t printer_profile_count(void)
{
    return PROFILE_COUNT;
}

const struct printer_profile *printer_profile_at(size_t i)
{
    return i < PROFILE_COUNT ? &profiles[i] : NULL;
}

/* Length of prefix when mdl starts with it (case-insensitive, leading
 * spaces skipped), else 0. */
static size_t mdl_match(const char *mdl, const char *prefix)
{
    while (*mdl == ' ')
        mdl++;
    size_t n = strlen(prefix);
    for (size_t i = 0; i < n; i++)
        if (!mdl[i] || toupper((unsigned char)mdl[i]) != toupper((unsigned char)prefix[i]))
            return 0;
    return n;
}

const struct printer_profile *printer_profile_find(uint16_t vid, uint16_t pid, const char *mdl)
{
    const struct printer_profile *by_mdl = NULL, *by_pid = NULL, *by_vendor = NULL;
    size_t best = 0;
    for (size_t i = 0; i < PROFILE_COUNT; i++) {
        const struct printer_profile *p = &profiles[i];
        if (mdl && p->mdl && (vid == 0 || vid == p->vid)) {
            size_t n = mdl_match(mdl, p->mdl);
            if (n > best) {
                best = n;
                by_mdl = p;
            }
        }
        if (vid != 0 && p->vid == vid) {
            if (p->pid == pid && pid != 0)
                by_pid = p;
            else if (p->pid == 0)
                by_vendor = p;
        }
    }
    if (by_mdl)
        return by_mdl;
    if (by_pid)
        return by_pid;
    if (by_vendor)
        return by_vendor;
    return &generic;
}
