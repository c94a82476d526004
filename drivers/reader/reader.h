/* Identification readers: magnetic-stripe card readers and barcode/QR
 * scanners. An ops table per driver plus an instance; drivers are chosen by
 * name from the registry (reader_registry.c). "sim" is always built: it
 * reports swipes and scans injected by journey scripts or demo shortcuts.
 *
 * Readers are polled by the app loop: poll() hands back at most one input
 * per call. Track data never leaves the driver: the app gets only the
 * classified result below. */
#ifndef KIOSK_READER_H
#define KIOSK_READER_H

#include "firmware/core/err.h"
#include "firmware/core/model.h"

#include <stdbool.h>

enum reader_input_kind {
    READER_NONE = 0,
    READER_PATIENT_CARD, /* value: the patient card identifier */
    READER_PAYMENT_CARD, /* value: empty; the card is held by the driver (later issue) */
    READER_BARCODE,      /* value: decoded text of a 1D/2D code */
    READER_BAD_SWIPE,    /* unreadable swipe: ask to swipe again */
    READER_EXPIRED_CARD, /* card expired */
};

struct reader_input {
    enum reader_input_kind kind;
    char value[KIOSK_IDENT_MAX];
};

struct reader_config {
    const char *driver; /* registry name */
    const char *patient_card_prefix; /* track-2 prefix of patient ID cards, e.g. "600100" */
};

struct reader;

struct reader_ops {
    const char *name;
    /* Called once by reader_open; sets r->ctx. Required. */
    enum kiosk_err (*open)(struct reader *r, const struct reader_config *cfg);
    /* Called once by reader_close; frees ctx. Required. */
    void (*close)(struct reader *r);
    /* Non-blocking: fill *in and return KIOSK_OK, or set in->kind to
     * READER_NONE when nothing is waiting. Required. */
    enum kiosk_err (*poll)(struct reader *r, struct reader_input *in);
    /* Whether the device is there. Required. */
    bool (*connected)(struct reader *r);
};

struct reader {
    const struct reader_ops *ops;
    void *ctx;
};

enum kiosk_err reader_open(const struct reader_config *cfg, struct reader **out);
void reader_close(struct reader *r); /* NULL is fine */
enum kiosk_err reader_poll(struct reader *r, struct reader_input *in);
const char *const *reader_driver_names(void);

/* Simulated reader only: queue a swipe given as raw track text (the content
 * of a .track file: "%B...?;...?") or a scanned code. The sim driver parses
 * the track with the same ISO 7813 parser the USB driver uses. */
enum kiosk_err reader_sim_swipe(struct reader *r, const char *track_text);
enum kiosk_err reader_sim_scan(struct reader *r, const char *code);

#endif
