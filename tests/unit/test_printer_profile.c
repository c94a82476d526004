/* Printer profiles: the table's entries are sane, lookup by vid:pid, vendor
 * and device-id model, and the code page tables. */
#include "drivers/printer/codepage.h"
#include "drivers/printer/printer_profile.h"
#include "ktest.h"

static enum ktest_result test_table_sane(void)
{
    KT_ASSERT(printer_profile_count() >= 9);
    KT_ASSERT(printer_profile_at(printer_profile_count()) == NULL);
    for (size_t i = 0; i <= printer_profile_count(); i++) {
        const struct printer_profile *p =
            i < printer_profile_count() ? printer_profile_at(i) : printer_profile_generic();
        KT_ASSERT(p->name && p->name[0]);
        KT_ASSERT(p->notes && p->notes[0]);
        KT_ASSERT(p->paper_dots == 0 || (p->paper_dots % 8 == 0 && p->paper_dots <= 4096));
        KT_ASSERT(p->band_rows >= 1 && p->band_rows <= 2303);
        /* the code page command's number must name that code page */
        if (p->codepage != CODEPAGE_NONE && p->cp_command == PRINTER_CP_ESC_T)
            KT_ASSERT((p->codepage == CODEPAGE_PC858 && p->cp_number == 19) ||
                      (p->codepage == CODEPAGE_PC850 && p->cp_number == 2) ||
                      (p->codepage == CODEPAGE_PC860 && p->cp_number == 3));
        if (p->codepage != CODEPAGE_NONE && p->cp_command == PRINTER_CP_ESC_GS_T)
            KT_ASSERT(p->codepage == CODEPAGE_PC858 && p->cp_number == 4);
        if (i < printer_profile_count())
            KT_ASSERT(p->vid != 0);
    }
    return KTEST_PASS;
}

static enum ktest_result test_find_by_ids(void)
{
    static const struct {
        uint16_t vid, pid;
        const char *name;
    } cases[] = {
        {0x04b8, 0x0e03, "Epson TM-T20"},
        {0x04b8, 0x0e15, "Epson TM-T20II"},
        {0x04b8, 0x0202, "Epson TM-T88IV"},
        {0x04b8, 0x0e28, "Epson TM (other)"},
        {0x0519, 0x0003, "Star (ESC/POS emulation)"},
        {0x1504, 0x0006, "Bixolon SRP"},
        {0x1d90, 0x2060, "Citizen CT-S"},
        {0x0fe6, 0x811e, "POS-80 clone (0fe6:811e)"},
        {0x0416, 0x5011, "POS-58 clone (0416:5011)"},
        {0x0fe6, 0x9700, "generic ESC/POS"}, /* same chip vendor, other product */
        {0x1234, 0x5678, "generic ESC/POS"},
        {0, 0, "generic ESC/POS"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        KT_EQ_STR(printer_profile_find(cases[i].vid, cases[i].pid, NULL)->name, cases[i].name);
    return KTEST_PASS;
}

static enum ktest_result test_find_by_model(void)
{
    /* 04b8:0202 is an interface board: the MDL decides. */
    KT_EQ_STR(printer_profile_find(0x04b8, 0x0202, "TM-T20II")->name, "Epson TM-T20II");
    KT_EQ_STR(printer_profile_find(0x04b8, 0x0202, "tm-t88iv")->name, "Epson TM-T88IV");
    /* the longest prefix wins: TM-T20II is not a TM-T20 */
    KT_EQ_STR(printer_profile_find(0x04b8, 0x0e03, "TM-T20II")->name, "Epson TM-T20II");
    KT_EQ_STR(printer_profile_find(0x04b8, 0x9999, " TM-T20")->name, "Epson TM-T20");
    /* an unknown model keeps the id's profile */
    KT_EQ_STR(printer_profile_find(0x04b8, 0x0202, "TM-U220")->name, "Epson TM-T88IV");
    /* a clone claiming to be an Epson is not trusted */
    KT_EQ_STR(printer_profile_find(0x0fe6, 0x811e, "TM-T20")->name, "POS-80 clone (0fe6:811e)");
    /* without a vendor the model alone decides */
    KT_EQ_STR(printer_profile_find(0, 0, "TM-T88IV")->name, "Epson TM-T88IV");
    KT_EQ_STR(printer_profile_find(0, 0, "")->name, "generic ESC/POS");
    return KTEST_PASS;
}

static enum ktest_result test_generic_is_conservative(void)
{
    const struct printer_profile *g = printer_profile_generic();
    KT_EQ_INT(g->codepage, CODEPAGE_NONE);
    KT_ASSERT(g->dle_eot);
    KT_ASSERT(!g->asb);
    KT_ASSERT(g->band_rows <= 32);
    KT_EQ_INT(g->paper_dots, 0);
    /* and the models that need care say so */
    KT_ASSERT(printer_profile_find(0x0416, 0x5011, NULL)->quirks & PRINTER_QUIRK_CANCEL_KANJI);
    KT_EQ_INT(printer_profile_find(0x0416, 0x5011, NULL)->cut, PRINTER_CUT_NONE);
    KT_EQ_INT(printer_profile_find(0x04b8, 0x0202, NULL)->paper_dots, 512);
    KT_EQ_INT(printer_profile_find(0x0519, 0, NULL)->cp_command, PRINTER_CP_ESC_GS_T);
    return KTEST_PASS;
}

static enum ktest_result test_codepages(void)
{
    /* Portuguese and Spanish letters in PC858, byte for byte. */
    static const struct {
        unsigned u;
        int pc858, pc850, pc860, pc437;
    } cases[] = {
        {0x00E3 /* ã */, 0xC6, 0xC6, 0x84, -1},
        {0x00F5 /* õ */, 0xE4, 0xE4, 0x94, -1},
        {0x00E7 /* ç */, 0x87, 0x87, 0x87, 0x87},
        {0x00E1 /* á */, 0xA0, 0xA0, 0xA0, 0xA0},
        {0x00E9 /* é */, 0x82, 0x82, 0x82, 0x82},
        {0x00EA /* ê */, 0x88, 0x88, 0x88, 0x88},
        {0x00F4 /* ô */, 0x93, 0x93, 0x93, 0x93},
        {0x00E0 /* à */, 0x85, 0x85, 0x85, 0x85},
        {0x00C3 /* Ã */, 0xC7, 0xC7, 0x8E, -1},
        {0x00D5 /* Õ */, 0xE5, 0xE5, 0x99, -1},
        {0x00F1 /* ñ */, 0xA4, 0xA4, 0xA4, 0xA4},
        {0x00BF /* ¿ */, 0xA8, 0xA8, 0xA8, 0xA8},
        {0x00A1 /* ¡ */, 0xAD, 0xAD, 0xAD, 0xAD},
        {0x20AC /* € */, 0xD5, -1, -1, -1},
        {0x0131 /* ı */, -1, 0xD5, -1, -1},
        {'A', 'A', 'A', 'A', 'A'},
        {0x0915 /* क */, -1, -1, -1, -1},
        {0x1F600, -1, -1, -1, -1},
        {'\n', -1, -1, -1, -1},
        {0x7F, -1, -1, -1, -1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        KT_EQ_INT(codepage_encode(CODEPAGE_PC858, cases[i].u), cases[i].pc858);
        KT_EQ_INT(codepage_encode(CODEPAGE_PC850, cases[i].u), cases[i].pc850);
        KT_EQ_INT(codepage_encode(CODEPAGE_PC860, cases[i].u), cases[i].pc860);
        KT_EQ_INT(codepage_encode(CODEPAGE_PC437, cases[i].u), cases[i].pc437);
        KT_EQ_INT(codepage_encode(CODEPAGE_NONE, cases[i].u), -1);
    }
    /* Every printable byte decodes to a character that encodes back to it. */
    for (int cp = CODEPAGE_PC437; cp <= CODEPAGE_PC860; cp++) {
        for (int b = 0; b < 256; b++) {
            unsigned u = codepage_decode((enum codepage)cp, (unsigned char)b);
            if (b < 0x20 || b == 0x7F) {
                KT_EQ_INT(u, 0);
                continue;
            }
            KT_ASSERT(u != 0);
            KT_EQ_INT(codepage_encode((enum codepage)cp, u), b);
        }
    }
    KT_EQ_INT(codepage_decode(CODEPAGE_NONE, 'A'), 0);
    KT_EQ_STR(codepage_name(CODEPAGE_PC858), "PC858");
    KT_EQ_STR(codepage_name(CODEPAGE_NONE), "none");
    KT_EQ_STR(codepage_name((enum codepage)42), "none");
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"table_sane", test_table_sane},
    {"find_by_ids", test_find_by_ids},
    {"find_by_model", test_find_by_model},
    {"generic_is_conservative", test_generic_is_conservative},
    {"codepages", test_codepages},
};

KTEST_MAIN(tests)
