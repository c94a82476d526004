/* QR payment payloads: the CRC check value, the Banco Central's published
 * BR Code example byte for byte, a dynamic code with its limits (name and
 * city cut and folded, amount, "***"), the TLV/CRC checker refusing a
 * changed byte, the API Pix txid rule, and the UPI URI's encoding. */
#include "firmware/payment/qrpay.h"
#include "ktest.h"

#include <string.h>

static enum ktest_result test_crc_check_value(void)
{
    KT_EQ_INT(brcode_crc16("123456789", 9), 0x29B1);
    KT_EQ_INT(brcode_crc16("", 0), 0xFFFF);
    return KTEST_PASS;
}

static enum ktest_result test_bcb_static_example(void)
{
    /* The static example of the BR Code manual (Pix key, no amount). */
    const struct brcode c = {
        .key = "123e4567-e12b-12d1-a456-426655440000", .name = "Fulano de Tal", .city = "BRASILIA"};
    char out[BRCODE_PAYLOAD_MAX];
    KT_EQ_INT(brcode_build(&c, out, sizeof(out)), KIOSK_OK);
    KT_EQ_STR(out, "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-42665544000052040000"
                   "53039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D");
    KT_ASSERT(brcode_check(out));
    return KTEST_PASS;
}

static enum ktest_result test_dynamic_limits(void)
{
    const struct brcode c = {.location = "pix.example.com/qr/v2/9d36b84fc70b478fb95c12729b90ca25",
                             .amount_minor = 2590,
                             .name = "Hospital São João da Conceição Ltda",
                             .city = "São José dos Campos"};
    char out[BRCODE_PAYLOAD_MAX];
    KT_EQ_INT(brcode_build(&c, out, sizeof(out)), KIOSK_OK);
    KT_ASSERT(strncmp(out, "000201010212", 12) == 0);
    KT_ASSERT(strstr(out, "26760014br.gov.bcb.pix2554pix.example.com/qr/v2/"
                          "9d36b84fc70b478fb95c12729b90ca25") != NULL);
    KT_ASSERT(strstr(out, "540525.905802BR") != NULL);
    /* 25 and 15 characters, accents folded, cut at a character. */
    KT_ASSERT(strstr(out, "5925Hospital Sao Joao da Conc6015Sao Jose dos Ca") != NULL);
    KT_ASSERT(strstr(out, "62070503***6304") != NULL);
    KT_ASSERT(brcode_check(out));
    /* Any changed byte breaks the CRC. */
    char bad[BRCODE_PAYLOAD_MAX];
    memcpy(bad, out, sizeof(bad));
    bad[40] = bad[40] == 'a' ? 'b' : 'a';
    KT_ASSERT(!brcode_check(bad));
    return KTEST_PASS;
}

static enum ktest_result test_fold(void)
{
    char out[32];
    KT_EQ_INT(brcode_fold("  Ação   Médica  ", 25, out, sizeof(out)), KIOSK_OK);
    KT_EQ_STR(out, "Acao Medica");
    /* A name that is only another script folds to nothing: refused, not empty. */
    KT_EQ_INT(brcode_fold("अस्पताल", 25, out, sizeof(out)), KIOSK_ERR_INVALID);
    KT_EQ_INT(brcode_fold("\xC3", 25, out, sizeof(out)), KIOSK_ERR_INVALID);
    /* A cut that would end in a space drops it. */
    KT_EQ_INT(brcode_fold("Clinica Boa Vista", 8, out, sizeof(out)), KIOSK_OK);
    KT_EQ_STR(out, "Clinica");
    KT_EQ_INT(brcode_fold("x", 40, out, sizeof(out)), KIOSK_ERR_TOO_BIG);
    return KTEST_PASS;
}

static enum ktest_result test_refusals(void)
{
    char out[BRCODE_PAYLOAD_MAX];
    struct brcode c = {.location = "https://pix.example.com/x", .name = "A", .city = "B"};
    KT_EQ_INT(brcode_build(&c, out, sizeof(out)), KIOSK_ERR_INVALID);
    c.location = "pix.example.com/x";
    c.key = "k";
    KT_EQ_INT(brcode_build(&c, out, sizeof(out)), KIOSK_ERR_INVALID); /* both */
    c.key = NULL;
    c.amount_minor = 100000000000000LL; /* 1e12 reais: 16 characters */
    KT_EQ_INT(brcode_build(&c, out, sizeof(out)), KIOSK_ERR_TOO_BIG);
    c.amount_minor = 100;
    KT_EQ_INT(brcode_build(&c, out, 40), KIOSK_ERR_TOO_BIG);
    KT_EQ_STR(out, "");
    KT_EQ_INT(brcode_build(&c, out, sizeof(out)), KIOSK_OK);
    KT_ASSERT(!brcode_check("0002016304FFFF"));
    KT_ASSERT(!brcode_check("00020"));
    return KTEST_PASS;
}

static enum ktest_result test_txid(void)
{
    KT_ASSERT(pix_txid_valid("kiosk7fa3b2c1d4e5f60718293a4b"));
    KT_ASSERT(!pix_txid_valid("short"));
    KT_ASSERT(!pix_txid_valid("kiosk-7fa3b2c1d4e5f60718293a4b"));
    KT_ASSERT(!pix_txid_valid("k123456789012345678901234567890123456"));
    return KTEST_PASS;
}

static enum ktest_result test_upi(void)
{
    const struct upi_pay u = {.pa = "hospital.billing@okbank",
                              .pn = "City Hospital & Care",
                              .mc = "8062",
                              .tr = "KIOSK0042A",
                              .tn = "Bill INV-7 अस्पताल",
                              .amount_minor = 150050};
    char out[UPI_URI_MAX];
    KT_EQ_INT(upi_build(&u, out, sizeof(out)), KIOSK_OK);
    KT_EQ_STR(out, "upi://pay?pa=hospital.billing@okbank&pn=City%20Hospital%20%26%20Care&mc=8062"
                   "&tr=KIOSK0042A&tn=Bill%20INV-7%20%E0%A4%85%E0%A4%B8%E0%A5%8D%E0%A4%AA%E0%A4%A4"
                   "%E0%A4%BE%E0%A4%B2&am=1500.50&cu=INR");
    struct upi_pay bad = u;
    bad.pa = "no-at-sign";
    KT_EQ_INT(upi_build(&bad, out, sizeof(out)), KIOSK_ERR_INVALID);
    bad = u;
    bad.mc = "80a2";
    KT_EQ_INT(upi_build(&bad, out, sizeof(out)), KIOSK_ERR_INVALID);
    bad = u;
    bad.tr = "has space";
    KT_EQ_INT(upi_build(&bad, out, sizeof(out)), KIOSK_ERR_INVALID);
    KT_EQ_INT(upi_build(&u, out, 40), KIOSK_ERR_TOO_BIG);
    KT_EQ_STR(out, "");
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"crc_check_value", test_crc_check_value},
    {"bcb_static_example", test_bcb_static_example},
    {"dynamic_limits", test_dynamic_limits},
    {"fold", test_fold},
    {"refusals", test_refusals},
    {"txid", test_txid},
    {"upi", test_upi},
};
KTEST_MAIN(tests)
