/* The payment terminal's message encryption (drivers/terminal/nexo_crypto.c)
 * against a message made by @adyen/api-library's NexoCrypto (an independent
 * implementation: tests/peer/make-nexo-fixture.mjs wrote the fixture), its
 * refusals of tampered and hostile input, and the masked-card rule. */
#include "drivers/terminal/nexo_crypto.h"
#include "drivers/terminal/terminal.h"
#include "firmware/core/file.h"
#include "firmware/core/mem.h"
#include "firmware/payment/payment.h"
#include "ktest.h"

#include <string.h>

#define PASS   "carekiosk-test-passphrase"
#define KEY_ID "CAREKIOSK_TEST"

__attribute__((noinline)) static char *fixture(size_t *len)
{
    char *buf = NULL;
    kfile_read(KIOSK_SOURCE_DIR "/tests/fixtures/terminal/npm-message.json", 65536, &buf, len);
    return buf;
}

static enum ktest_result opens_npm_message(void)
{
    struct nexo_keys k;
    size_t len;
    char *msg = fixture(&len), *plain = NULL, *header = NULL;
    KT_ASSERT(msg);
    KT_EQ_INT(nexo_keys_derive(&k, PASS, KEY_ID, 1), KIOSK_OK);
    KT_EQ_INT(nexo_open(&k, "SaleToPOIResponse", msg, len, &plain, &header), KIOSK_OK);
    KT_ASSERT(strstr(plain, "\"ApprovalCode\":\"123456\""));
    KT_ASSERT(strstr(plain, "\"MaskedPan\":\"411111******1111\""));
    KT_ASSERT(strstr(header, "\"ServiceID\":\"0123456789\""));
    kmem_free(plain);
    kmem_free(header);
    kmem_free(msg);
    return KTEST_PASS;
}

static enum ktest_result derived_keys_match_pbkdf2(void)
{
    /* PBKDF2-HMAC-SHA1("carekiosk-test-passphrase", "AdyenNexoV1Salt", 4000, 80),
     * from Node's crypto.pbkdf2Sync: the HMAC key's first bytes and the IV's. */
    struct nexo_keys k;
    KT_EQ_INT(nexo_keys_derive(&k, PASS, KEY_ID, 1), KIOSK_OK);
    static const unsigned char hmac0[4] = {0x1f, 0xea, 0xed, 0x2b};
    static const unsigned char iv0[4] = {0xe8, 0x93, 0xbd, 0xc6};
    KT_ASSERT(memcmp(k.hmac, hmac0, 4) == 0);
    KT_ASSERT(memcmp(k.iv, iv0, 4) == 0);
    nexo_keys_wipe(&k);
    KT_EQ_INT(nexo_keys_derive(&k, "", KEY_ID, 1), KIOSK_ERR_INVALID);
    return KTEST_PASS;
}

static enum ktest_result refuses_tampering(void)
{
    struct nexo_keys k, other;
    size_t len;
    char *msg = fixture(&len), *plain = NULL, *header = NULL;
    KT_ASSERT(msg);
    nexo_keys_derive(&k, PASS, KEY_ID, 1);
    /* A wrong passphrase, a wrong key version. */
    nexo_keys_derive(&other, "another passphrase", KEY_ID, 1);
    KT_EQ_INT(nexo_open(&other, "SaleToPOIResponse", msg, len, &plain, &header), KIOSK_ERR_DENIED);
    nexo_keys_derive(&other, PASS, KEY_ID, 2);
    KT_EQ_INT(nexo_open(&other, "SaleToPOIResponse", msg, len, &plain, &header), KIOSK_ERR_DENIED);
    /* One changed character of the ciphertext. */
    const char *blob = strstr(msg, "\"NexoBlob\":\"");
    KT_ASSERT(blob);
    size_t at = (size_t)(blob - msg) + 12 + 5;
    msg[at] = msg[at] == 'A' ? 'B' : 'A';
    KT_EQ_INT(nexo_open(&k, "SaleToPOIResponse", msg, len, &plain, &header), KIOSK_ERR_DENIED);
    KT_ASSERT(plain == NULL && header == NULL);
    /* Hostile shapes: nothing opens, nothing crashes. */
    static const char *const bad[] = {
        "",
        "null",
        "[]",
        "{}",
        "{\"SaleToPOIResponse\":1}",
        "{\"SaleToPOIResponse\":{\"MessageHeader\":{},\"NexoBlob\":\"\",\"SecurityTrailer\":{}}}",
        "{\"SaleToPOIResponse\":{\"MessageHeader\":{},\"NexoBlob\":\"!!!!\",\"SecurityTrailer\":"
        "{\"AdyenCryptoVersion\":1,\"KeyIdentifier\":\"CAREKIOSK_TEST\",\"KeyVersion\":1,"
        "\"Nonce\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"Hmac\":\"AAAA\"}}}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]"
        "]]",
        "{\"SaleToPOIResponse\":{\"MessageHeader\":{}", /* cut short */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        enum kiosk_err err =
            nexo_open(&k, "SaleToPOIResponse", bad[i], strlen(bad[i]), &plain, &header);
        KT_ASSERT(err == KIOSK_ERR_PROTOCOL || err == KIOSK_ERR_DENIED);
        KT_ASSERT(plain == NULL);
    }
    kmem_free(msg);
    return KTEST_PASS;
}

static enum ktest_result seals_and_opens(void)
{
    struct nexo_keys k;
    char *sealed = NULL, *plain = NULL, *header = NULL;
    nexo_keys_derive(&k, PASS, KEY_ID, 1);
    const char *h = "{\"ServiceID\":\"1\"}";
    const char *body = "{\"SaleToPOIRequest\":{\"MessageHeader\":{\"ServiceID\":\"1\"}}}";
    KT_EQ_INT(nexo_seal(&k, "SaleToPOIRequest", h, body, &sealed), KIOSK_OK);
    KT_ASSERT(strstr(sealed, "\"KeyIdentifier\":\"CAREKIOSK_TEST\""));
    KT_ASSERT(!strstr(sealed, "SaleToPOIRequest\":{\"MessageHeader\":{\"ServiceID\":\"1\"}}}}"));
    KT_EQ_INT(nexo_open(&k, "SaleToPOIRequest", sealed, strlen(sealed), &plain, &header), KIOSK_OK);
    KT_EQ_STR(plain, body);
    kmem_free(sealed);
    kmem_free(plain);
    kmem_free(header);
    return KTEST_PASS;
}

static enum ktest_result masks_only(void)
{
    char out[24], last4[5];
    pay_mask_clean("411111******1111", out, sizeof(out), last4);
    KT_EQ_STR(out, "411111******1111");
    KT_EQ_STR(last4, "1111");
    pay_mask_clean("**** **** **** 4444", out, sizeof(out), last4);
    KT_EQ_STR(last4, "4444");
    /* A whole card number, or text around one, is never kept. */
    pay_mask_clean("4111111111111111", out, sizeof(out), last4);
    KT_EQ_STR(out, "");
    KT_EQ_STR(last4, "");
    pay_mask_clean("4111 1111 1111 1111", out, sizeof(out), last4);
    KT_EQ_STR(out, "");
    pay_mask_clean("411111**1111<script>", out, sizeof(out), last4);
    KT_EQ_STR(out, "");
    pay_mask_clean(NULL, out, sizeof(out), last4);
    KT_EQ_STR(out, "");
    KT_EQ_INT(pay_currency_exponent("USD"), 2);
    KT_EQ_INT(pay_currency_exponent("JPY"), 0);
    KT_EQ_INT(pay_currency_exponent("KWD"), 3);
    return KTEST_PASS;
}

static enum ktest_result unknown_driver_is_config(void)
{
    struct terminal *t = NULL;
    struct terminal_settings s = {.driver = "opi"};
    KT_EQ_INT(terminal_open(&s, &t), KIOSK_ERR_CONFIG);
    KT_ASSERT(t == NULL);
    s.driver = "adyen-nexo";
    s.url = "http://127.0.0.1:1/nexo"; /* not https */
    s.poiid = "V400m-1";
    s.sale_id = "K";
    KT_EQ_INT(terminal_open(&s, &t), KIOSK_ERR_CONFIG);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"opens_npm_message", opens_npm_message},
    {"derived_keys_match_pbkdf2", derived_keys_match_pbkdf2},
    {"refuses_tampering", refuses_tampering},
    {"seals_and_opens", seals_and_opens},
    {"masks_only", masks_only},
    {"unknown_driver_is_config", unknown_driver_is_config},
};
KTEST_MAIN(tests)
