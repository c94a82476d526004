/* AAMVA DL/ID barcode parsing (firmware/idcard/aamva.h). The cards are
 * written here from the standard's layout (Annex D): header, designators
 * with offsets computed the way an issuer computes them, then the subfiles.
 * Names and numbers are invented. */
#include "firmware/idcard/aamva.h"
#include "ktest.h"

#include <stdio.h>

#define CARD_MAX 2048

/* A card: version (-1 jurisdiction version: absent), the DL/ID subfile's
 * elements (LF-separated, no type, no terminator) and an optional
 * jurisdiction subfile "ZX". Offsets count from the "@". */
static size_t card(char *out, const char *iin, int version, int jur, const char *type,
                   const char *elements, const char *zsub)
{
    char head[64];
    int entries = zsub ? 2 : 1;
    int hn = jur >= 0
                 ? snprintf(head, sizeof(head), "@\n\x1e\rANSI %s%02d%02d%02d", iin, version, jur,
                            entries)
                 : snprintf(head, sizeof(head), "@\n\x1e\rANSI %s%02d%02d", iin, version, entries);
    size_t off = (size_t)hn + 10u * (size_t)entries;
    size_t dl_len = 2 + strlen(elements) + 1;
    size_t z_len = zsub ? 2 + strlen(zsub) + 1 : 0;
    int n = snprintf(out, CARD_MAX, "%sDL%04zu%04zu", head, off, dl_len);
    memcpy(out + n - 10, type, 2);
    if (zsub)
        n += snprintf(out + n, CARD_MAX - (size_t)n, "ZX%04zu%04zu", off + dl_len, z_len);
    n += snprintf(out + n, CARD_MAX - (size_t)n, "%s%s\r", type, elements);
    if (zsub)
        n += snprintf(out + n, CARD_MAX - (size_t)n, "ZX%s\r", zsub);
    return (size_t)n;
}

static enum kiosk_err parse(const char *s, size_t n, struct aamva_card *c)
{
    return aamva_parse(s, n, c);
}

static enum ktest_result test_version_01_full_name(void)
{
    char b[CARD_MAX];
    struct aamva_card c;
    /* Version 01: no jurisdiction version, DAA full name, MMDDCCYY. */
    size_t n = card(b, "636000", 1, -1, "DL",
                    "DAQT64235789\nDAAPUBLIC,JOHN,QUINCY\nDAG789 E OAK ST\nDAIANYTOWN\n"
                    "DAJVA\nDBA07152008\nDBB07151958\nDBCM",
                    NULL);
    KT_ASSERT(aamva_detect(b, n));
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_INT(c.version, 1);
    KT_EQ_INT(c.jurisdiction_version, -1);
    KT_EQ_STR(c.iin, "636000");
    KT_EQ_STR(c.family, "PUBLIC");
    KT_EQ_STR(c.given, "JOHN");
    KT_EQ_STR(c.middle, "QUINCY");
    KT_EQ_STR(c.birth_date, "1958-07-15");
    KT_EQ_STR(c.expiry, "2008-07-15");
    KT_EQ_STR(c.number, "T64235789");
    KT_EQ_STR(c.country, "");
    struct kdate today = {.year = 2026, .month = 12, .day = 8};
    KT_ASSERT(aamva_expired(&c, &today)); /* expired: still parsed, still a person */
    aamva_wipe(&c);
    KT_EQ_STR(c.family, "");
    KT_EQ_STR(c.number, "");

    /* Version 01 with family and given names apart (DAB, DAC). */
    n = card(b, "636026", 1, -1, "ID", "DAQ0123456\nDABSOUZA\nDACMARIA\nDBB03021990", NULL);
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_INT(c.doc, AAMVA_DOC_ID);
    KT_EQ_STR(c.family, "SOUZA");
    KT_EQ_STR(c.given, "MARIA");
    KT_EQ_STR(c.birth_date, "1990-03-02");
    return KTEST_PASS;
}

static enum ktest_result test_version_02_given_names(void)
{
    char b[CARD_MAX];
    struct aamva_card c;
    size_t n = card(b, "636039", 2, 0, "DL",
                    "DCAD\nDCBNONE\nDCDNONE\nDBA01312012\nDCSMORGAN\nDCTALEX,RIVER\n"
                    "DBD01312007\nDBB11301975\nDBC2\nDAYBRO\nDAQ99887766",
                    "ZXA01");
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_INT(c.version, 2);
    KT_EQ_INT(c.jurisdiction_version, 0);
    KT_EQ_STR(c.family, "MORGAN");
    KT_EQ_STR(c.given, "ALEX");
    KT_EQ_STR(c.middle, "RIVER");
    KT_EQ_STR(c.birth_date, "1975-11-30");
    KT_EQ_STR(c.number, "99887766");
    return KTEST_PASS;
}

static enum ktest_result test_version_03_texas(void)
{
    char b[CARD_MAX];
    struct aamva_card c;
    size_t n = card(b, "636015", 3, 0, "DL",
                    "DCAC\nDCBNONE\nDCDNONE\nDBA12312030\nDCSGARCIA\nDCTLUIS ANTONIO\n"
                    "DBD06012022\nDBB02291984\nDBC1\nDAYBRO\nDAU070 IN\nDAG1 MAIN ST\n"
                    "DAIAUSTIN\nDAJTX\nDAK787010000  \nDAQ12345678\nDCF0123456789\nDCGUSA\n"
                    "DCHNONE",
                    "ZXATX");
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_STR(c.family, "GARCIA");
    KT_EQ_STR(c.given, "LUIS ANTONIO"); /* no comma: one given-names value */
    KT_EQ_STR(c.birth_date, "1984-02-29");
    KT_EQ_STR(c.expiry, "2030-12-31");
    KT_EQ_STR(c.country, "USA");
    return KTEST_PASS;
}

/* Versions 08, 09, 10: DCS / DAC / DAD, USA dates MMDDCCYY. */
static enum ktest_result test_versions_08_09_10(void)
{
    static const struct {
        const char *iin;
        int version, jur;
        const char *family, *given, *middle, *dbb, *iso;
    } cases[] = {
        {"636014", 8, 1, "NGUYEN", "THI", "", "10061962", "1962-10-06"},
        {"636001", 9, 2, "O'BRIEN-WALSH", "SEAN", "PATRICK", "01011901", "1901-01-01"},
        {"636020", 10, 0, "DA SILVA", "ANA", "BEATRIZ", "12251999", "1999-12-25"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char el[512], b[CARD_MAX];
        struct aamva_card c;
        snprintf(el, sizeof(el),
                 "DCAC\nDCBNONE\nDCDNONE\nDBA08312031\nDCS%s\nDAC%s\nDAD%s\nDBD08312023\n"
                 "DBB%s\nDBC2\nDAYBRN\nDAU064 in\nDAG2 ELM AVE\nDAISPRINGFIELD\nDAJNY\n"
                 "DAK122010000  \nDAQD1234567\nDCF83D9N\nDCGUSA\nDDEN\nDDFN\nDDGN",
                 cases[i].family, cases[i].given, cases[i].middle[0] ? cases[i].middle : "NONE",
                 cases[i].dbb);
        size_t n = card(b, cases[i].iin, cases[i].version, cases[i].jur, "DL", el, "ZXAB");
        KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
        KT_EQ_INT(c.version, cases[i].version);
        KT_EQ_INT(c.jurisdiction_version, cases[i].jur);
        KT_EQ_STR(c.iin, cases[i].iin);
        KT_EQ_STR(c.family, cases[i].family);
        KT_EQ_STR(c.given, cases[i].given);
        KT_EQ_STR(c.middle, cases[i].middle); /* "NONE" is no middle name */
        KT_EQ_STR(c.birth_date, cases[i].iso);
        KT_EQ_STR(c.expiry, "2031-08-31");
        KT_EQ_STR(c.number, "D1234567");
    }
    return KTEST_PASS;
}

static enum ktest_result test_canada_dates(void)
{
    char b[CARD_MAX];
    struct aamva_card c;
    /* Ontario, version 08: CCYYMMDD. 1987-04-11 would be "04111987" in the USA. */
    size_t n = card(b, "636012", 8, 0, "DL",
                    "DCAG\nDCBNONE\nDCDNONE\nDBA20290411\nDCSTREMBLAY\nDACCHLOE\nDADNONE\n"
                    "DBD20240411\nDBB19870411\nDBC2\nDAYBLU\nDAU165 cm\nDAG10 RUE KING\n"
                    "DAITORONTO\nDAJON\nDAKM5V 2T6   \nDAQT1234-56789-70411\nDCF1234567890\n"
                    "DCGCAN\nDDEN\nDDFN\nDDGN",
                    NULL);
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_STR(c.country, "CAN");
    KT_EQ_STR(c.family, "TREMBLAY");
    KT_EQ_STR(c.birth_date, "1987-04-11");
    KT_EQ_STR(c.expiry, "2029-04-11");
    /* A Canadian card of version 02 writes MMDDCCYY like everyone then. */
    n = card(b, "636028", 2, 0, "DL", "DCSLEE\nDCTMIN\nDBB04111987\nDCGCAN", NULL);
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_STR(c.birth_date, "1987-04-11");
    /* A USA card that wrote CCYYMMDD anyway: the other order is tried. */
    n = card(b, "636014", 8, 0, "DL", "DCSROE\nDACJO\nDBB19870411\nDCGUSA", NULL);
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_STR(c.birth_date, "1987-04-11");
    return KTEST_PASS;
}

/* Replace every byte from with to, in place. */
static void swap(char *b, size_t n, char from, char to)
{
    for (size_t i = 0; i < n; i++)
        if (b[i] == from)
            b[i] = to;
}

static enum ktest_result test_quirks(void)
{
    char b[CARD_MAX];
    struct aamva_card c;
    const char *el = "DAQX1\nDCSSMITH   \nDACANN   \nDBB05051955\nDCGUSA";
    size_t n = card(b, "636014", 9, 1, "DL", el, "ZXA");

    swap(b + 4, n - 4, '\n', '\r'); /* CR between elements */
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_STR(c.family, "SMITH"); /* padding trimmed */
    KT_EQ_STR(c.given, "ANN");

    n = card(b, "636014", 9, 1, "DL", el, "ZXA");
    swap(b, n, '\r', '\n'); /* LF everywhere, the header too */
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_STR(c.birth_date, "1955-05-05");

    n = card(b, "636014", 9, 1, "DL", el, NULL);
    b[3] = 0x1c;                              /* another separator in the header */
    KT_EQ_INT(parse(b, n - 1, &c), KIOSK_OK); /* and no final CR */
    KT_EQ_STR(c.family, "SMITH");

    /* A designator offset that points one byte early. */
    n = card(b, "636014", 9, 1, "DL", el, NULL);
    KT_ASSERT(memcmp(b + 23, "0031", 4) == 0);
    memcpy(b + 23, "0030", 4);
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_STR(c.family, "SMITH");

    /* The scanner dropped the RS: one separator fewer before "ANSI ". */
    n = card(b, "636014", 9, 1, "DL", el, NULL);
    memmove(b + 2, b + 3, n - 3);
    KT_EQ_INT(parse(b, n - 1, &c), KIOSK_OK);
    KT_EQ_STR(c.family, "SMITH");

    /* A version 01 card that carries a jurisdiction version anyway. */
    n = card(b, "636000", 1, 0, "DL", "DAASMITH,ANN\nDBB05051955", NULL);
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_INT(c.jurisdiction_version, 0);
    KT_EQ_STR(c.given, "ANN");

    /* Old file type "AAMVA". */
    n = card(b, "636000", 1, -1, "DL", "DAASMITH$ANN$B\nDBB05051955", NULL);
    memcpy(b + 4, "AAMVA", 5);
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_STR(c.family, "SMITH");
    KT_EQ_STR(c.middle, "B");

    /* Given and middle names are optional. */
    n = card(b, "636014", 10, 0, "DL", "DCSSMITH\nDBB05051955", NULL);
    KT_EQ_INT(parse(b, n, &c), KIOSK_OK);
    KT_EQ_STR(c.given, "");
    KT_EQ_STR(c.expiry, "");
    struct kdate today = {.year = 2026, .month = 1, .day = 1};
    KT_ASSERT(!aamva_expired(&c, &today)); /* no expiry: not expired */
    return KTEST_PASS;
}

static enum ktest_result test_refusals(void)
{
    char b[CARD_MAX];
    struct aamva_card c;
    size_t n;

    KT_EQ_INT(parse("APPT-2026-000123", 16, &c), KIOSK_ERR_INVALID);
    KT_EQ_INT(c.fault, AAMVA_NOT_AAMVA);
    KT_ASSERT(!aamva_detect("APPT-2026-000123", 16));
    KT_ASSERT(!aamva_detect("@ANSI 636014", 12)); /* no separator */
    KT_EQ_INT(parse(NULL, 0, &c), KIOSK_ERR_INVALID);

    n = card(b, "636014", 9, 1, "DL", "DACANN\nDBB05051955", NULL);
    KT_EQ_INT(parse(b, n, &c), KIOSK_ERR_INVALID);
    KT_EQ_INT(c.fault, AAMVA_NO_FAMILY);
    KT_EQ_STR(c.given, ""); /* a refusal keeps nothing */

    n = card(b, "636014", 9, 1, "DL", "DCSSMITH\nDAQX1", NULL);
    KT_EQ_INT(parse(b, n, &c), KIOSK_ERR_INVALID);
    KT_EQ_INT(c.fault, AAMVA_NO_BIRTH_DATE);
    KT_EQ_STR(c.number, "");

    n = card(b, "636014", 9, 1, "DL", "DCSSMITH\nDBB02301955", NULL); /* 30 February */
    KT_EQ_INT(parse(b, n, &c), KIOSK_ERR_INVALID);
    KT_EQ_INT(c.fault, AAMVA_NO_BIRTH_DATE);

    n = card(b, "636014", 9, 1, "DL", "DCSSM\x01TH\nDBB05051955", NULL);
    KT_EQ_INT(parse(b, n, &c), KIOSK_ERR_INVALID);
    KT_EQ_INT(c.fault, AAMVA_BAD_TEXT);

    n = card(b, "636014", 9, 1, "ZZ", "DCSSMITH\nDBB05051955", NULL);
    KT_EQ_INT(parse(b, n, &c), KIOSK_ERR_INVALID);
    KT_EQ_INT(c.fault, AAMVA_NO_SUBFILE);

    n = card(b, "63601X", 9, 1, "DL", "DCSSMITH\nDBB05051955", NULL);
    KT_EQ_INT(parse(b, n, &c), KIOSK_ERR_INVALID);
    KT_EQ_INT(c.fault, AAMVA_BAD_HEADER);

    static char big[AAMVA_MAX_LEN + 2];
    n = card(big, "636014", 9, 1, "DL", "DCSSMITH\nDBB05051955", NULL);
    memset(big + n, ' ', sizeof(big) - n);
    KT_EQ_INT(parse(big, sizeof(big), &c), KIOSK_ERR_INVALID);
    KT_EQ_INT(c.fault, AAMVA_TOO_LONG);
    return KTEST_PASS;
}

/* Every prefix of a card, each in a buffer of exactly its length (so a read
 * past it would be a read past the heap block under ASan): never a name from
 * outside it, and success only once the date of birth is whole. */
static enum ktest_result test_every_prefix(void)
{
    char b[CARD_MAX];
    struct aamva_card c;
    size_t n = card(b, "636014", 9, 1, "DL", "DAQD1\nDCSSMITH\nDACANN\nDBB05051955\nDCGUSA", "ZXA");
    const char *dbb = strstr(b, "DBB");
    KT_ASSERT(dbb);
    size_t whole = (size_t)(dbb - b) + 11;
    for (size_t k = 0; k <= n; k++) {
        char *copy = kmem_alloc_uninit(k ? k : 1);
        KT_ASSERT(copy);
        memcpy(copy, b, k);
        enum kiosk_err err = parse(copy, k, &c);
        kmem_free(copy);
        if (k < whole)
            KT_ASSERT(err != KIOSK_OK);
        else {
            KT_EQ_INT(err, KIOSK_OK);
            KT_EQ_STR(c.family, "SMITH");
        }
    }
    return KTEST_PASS;
}

static enum ktest_result test_fixture_files(void)
{
    static const struct {
        const char *file, *family, *dob;
    } files[] = {
        {"licence-v08-ca.txt", "SILVA", "1984-03-02"},
        {"licence-v10-expired.txt", "SILVA", "1984-03-02"},
        {"licence-v01.txt", "SILVA", "1984-03-02"},
        {"licence-v09-on.txt", "SILVA", "1984-03-02"},
    };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char path[512], buf[CARD_MAX];
        snprintf(path, sizeof(path), "%s/tests/fixtures/licences/%s", KIOSK_SOURCE_DIR,
                 files[i].file);
        FILE *f = fopen(path, "rb");
        KT_ASSERT(f);
        size_t n = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        struct aamva_card c;
        if (parse(buf, n, &c) != KIOSK_OK)
            KT_FAIL_AT("%s: %s", files[i].file, aamva_fault_name(c.fault));
        KT_EQ_STR(c.family, files[i].family);
        KT_EQ_STR(c.birth_date, files[i].dob);
    }
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"version_01_full_name", test_version_01_full_name},
    {"version_02_given_names", test_version_02_given_names},
    {"version_03_texas", test_version_03_texas},
    {"versions_08_09_10", test_versions_08_09_10},
    {"canada_dates", test_canada_dates},
    {"quirks", test_quirks},
    {"refusals", test_refusals},
    {"every_prefix", test_every_prefix},
    {"fixture_files", test_fixture_files},
};
KTEST_MAIN(tests)
