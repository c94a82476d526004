/* The reader registry and the calls every driver shares. */
#include "drivers/reader/reader.h"
#include "drivers/reader/track.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/idcard/aamva.h"

#include <string.h>

/* Chosen by name from configuration: "sim", or "usb" for the card reader
 * and scanner on USB. */
static const struct reader_ops *const drivers[] = {
    &reader_sim_ops,
    &reader_usb_ops,
    NULL,
};

#define DRIVER_COUNT (sizeof(drivers) / sizeof(drivers[0]))

const char *const *reader_driver_names(void)
{
    /* Filled on every call with the same values; the table is static. */
    static const char *names[DRIVER_COUNT];
    for (size_t i = 0; i < DRIVER_COUNT; i++)
        names[i] = drivers[i] ? drivers[i]->name : NULL;
    return names;
}

enum kiosk_err reader_open(const struct reader_config *cfg, struct reader **out)
{
    const struct reader_ops *ops = NULL;
    enum kiosk_err err;

    *out = NULL;
    if (!cfg || !cfg->driver)
        return KIOSK_ERR_INVALID;
    for (size_t i = 0; drivers[i]; i++)
        if (strcmp(drivers[i]->name, cfg->driver) == 0)
            ops = drivers[i];
    if (!ops) {
        log_note(LOG_ERROR, "reader", "unknown driver", cfg->driver);
        return KIOSK_ERR_NOT_FOUND;
    }
    struct reader *r = kmem_alloc(sizeof(*r));
    if (!r)
        return KIOSK_ERR_NOMEM;
    r->ops = ops;
    err = ops->open(r, cfg);
    if (err)
        goto err_free_reader;
    *out = r;
    return KIOSK_OK;

err_free_reader:
    kmem_free(r);
    return err;
}

void reader_close(struct reader *r)
{
    if (!r)
        return;
    r->ops->close(r);
    kmem_free(r);
}

enum kiosk_err reader_poll(struct reader *r, struct reader_input *in)
{
    if (!in)
        return KIOSK_ERR_INVALID;
    memset(in, 0, sizeof(*in));
    if (!r)
        return KIOSK_ERR_NO_DEVICE;
    return r->ops->poll(r, in);
}

bool reader_connected(struct reader *r)
{
    return r && r->ops->connected(r);
}

int reader_devices(struct reader *r, struct reader_device *out, int max)
{
    if (!r || !r->ops->describe || max <= 0)
        return 0;
    return r->ops->describe(r, out, max);
}

/* Printable ASCII or well-formed UTF-8 without control characters (C0, DEL
 * or C1). */
static bool code_ok(const char *code, size_t len)
{
    const unsigned char *p = (const unsigned char *)code;
    if (len == 0)
        return false;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = kstr_utf8_seq(p + i, len - i, &cp);
        if (!n || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            return false;
        i += n;
    }
    return true;
}

/* A licence's barcode: the two identifiers out, the card wiped. Only the
 * fault is logged, never a field. */
static void classify_licence(const char *text, size_t len, struct reader_input *out)
{
    struct aamva_card card;
    if (aamva_parse(text, len, &card) != KIOSK_OK ||
        !kstr_copy(out->licence.family, sizeof(out->licence.family), card.family) ||
        !kstr_copy(out->licence.given, sizeof(out->licence.given), card.given) ||
        !kstr_copy(out->licence.birth_date, sizeof(out->licence.birth_date), card.birth_date)) {
        log_info("reader", "licence unreadable, fault %d", (int)card.fault);
        kmem_wipe(&out->licence, sizeof(out->licence));
        out->kind = READER_BAD_LICENCE;
    } else {
        log_info("reader", "licence read, AAMVA version %d", card.version);
        out->kind = READER_LICENCE;
    }
    aamva_wipe(&card);
}

void reader_classify_code(const char *text, size_t len, struct reader_input *out)
{
    memset(out, 0, sizeof(*out));
    if (len < READER_CODE_MAX && aamva_detect(text, len)) {
        classify_licence(text, len, out);
        return;
    }
    if (len >= KIOSK_IDENT_MAX || !code_ok(text, len)) {
        out->kind = READER_BAD_SCAN;
        return;
    }
    out->kind = READER_BARCODE;
    memcpy(out->value, text, len);
    out->value[len] = '\0';
}

void reader_classify_swipe(char *text, size_t len, const struct track_policy *policy,
                           struct reader_input *out)
{
    struct track_card card;
    memset(out, 0, sizeof(*out));
    if (track_parse_and_wipe(text, len, policy, &card) != KIOSK_OK) {
        out->kind = READER_BAD_SWIPE;
        log_info("reader", "bad swipe, fault %d", (int)card.fault);
    } else if (card.kind == TRACK_PAYMENT_CARD) {
        /* A bank card (Luhn-valid, not the patient card prefix): refused,
         * expired or not; only its kind leaves the driver. */
        out->kind = READER_PAYMENT_CARD;
        log_info("reader", "bank card swiped: refused, the track is wiped");
    } else if (card.expired) {
        out->kind = READER_EXPIRED_CARD;
    } else {
        out->kind = READER_PATIENT_CARD;
        kstr_copy(out->value, sizeof(out->value), card.patient_id);
    }
    kmem_wipe(&card, sizeof(card));
}
