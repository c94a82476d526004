/* Identification readers: magnetic-stripe card readers and barcode/QR
 * scanners. An ops table per driver plus an instance; drivers are chosen by
 * name from the registry (reader.c). "sim" is always built: it
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
#include <stddef.h>

enum reader_input_kind {
    READER_NONE = 0,
    READER_PATIENT_CARD, /* value: the patient card identifier */
    READER_PAYMENT_CARD, /* a bank card: refused (cards are paid at the payment terminal);
                            value empty, nothing of the card is kept */
    READER_BARCODE,      /* value: decoded text of a 1D/2D code */
    READER_BAD_SWIPE,    /* unreadable swipe: ask to swipe again */
    READER_EXPIRED_CARD, /* card expired */
    READER_BAD_SCAN,     /* unusable code: empty, control characters, bad UTF-8 or
                            KIOSK_IDENT_MAX bytes or longer; value empty */
    READER_LICENCE,      /* a driver's licence or state ID (AAMVA PDF417): licence holds
                            the family name and date of birth; value empty */
    READER_BAD_LICENCE,  /* an AAMVA barcode that could not be read; value empty */
};

/* What the kiosk takes from a driver's licence or ID: the two identifiers
 * and the given name, nothing else. The licence number, address and the
 * rest never leave the driver, and the parsed card is wiped at once. */
struct reader_licence {
    char family[KIOSK_NAME_MAX];
    char given[KIOSK_NAME_MAX];
    char birth_date[11]; /* YYYY-MM-DD */
};

/* A swipe or scan as the app gets it. A bank card's number, expiry and
 * name never leave the driver: the track is wiped where it is decoded. */
struct reader_input {
    enum reader_input_kind kind;
    char value[KIOSK_IDENT_MAX];
    struct reader_licence licence; /* READER_LICENCE only; else zero. Patient data: the
                                      taker wipes the input (kmem_wipe) once used */
};

struct kclock;
struct usb;
struct track_policy;

struct reader_config {
    const char *driver;              /* registry name */
    const char *patient_card_prefix; /* track-2 prefix of patient ID cards, e.g. "600100" */
    /* Today's date for card expiry (local time of its wall clock); NULL: the
     * system clock. Journeys pass their fake clock. Must outlive the reader. */
    const struct kclock *clock;
    struct usb *usb; /* "usb": the kiosk's USB context (drivers/usb/usb.h) */
    /* "usb": called on the USB event thread once an input is queued, so the
     * caller's loop wakes and polls instead of polling on a timer. It must
     * not block. NULL: nobody is told. */
    void (*wake)(void *ctx);
    void *wake_ctx;
};

/* One device behind a reader, as its driver's describe op tells it. */
struct reader_device {
    bool scanner; /* else the card reader */
    bool connected;
    unsigned vid, pid; /* when connected */
    char product[64];
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
    /* Optional: the devices behind this reader (a card reader, a scanner),
     * each found or not, for technicians; fills up to max, returns how many.
     * A driver without it is described by connected() alone. */
    int (*describe)(struct reader *r, struct reader_device *out, int max);
};

struct reader {
    const struct reader_ops *ops;
    void *ctx;
};

enum kiosk_err reader_open(const struct reader_config *cfg, struct reader **out);
void reader_close(struct reader *r); /* NULL is fine */
enum kiosk_err reader_poll(struct reader *r, struct reader_input *in);
const char *const *reader_driver_names(void);

bool reader_connected(struct reader *r); /* false for NULL */
/* The devices behind r (the driver's describe op); 0 for NULL or a driver
 * without one. */
int reader_devices(struct reader *r, struct reader_device *out, int max);

/* Simulated reader only: queue a swipe given as raw track text (the content
 * of a .track file: "%B...?;...?", line breaks between tracks allowed) or a
 * scanned code. The sim driver parses the track with the same ISO 7813
 * parser the USB driver uses (drivers/reader/track.h) and wipes its copy of
 * the track text; the caller wipes its own. An unreadable swipe or code is
 * queued as READER_BAD_SWIPE / READER_BAD_SCAN and still returns KIOSK_OK.
 * KIOSK_ERR_FULL when 16 inputs wait unpolled, KIOSK_ERR_UNSUPPORTED for
 * another driver, KIOSK_ERR_NO_DEVICE while disconnected. */
enum kiosk_err reader_sim_swipe(struct reader *r, const char *track_text);
enum kiosk_err reader_sim_scan(struct reader *r, const char *code);
/* Simulate unplugging (false) and plugging in again (true). */
void reader_sim_set_connected(struct reader *r, bool connected);

/* Longest scanned code a driver hands to reader_classify_code: a licence's
 * PDF417 (AAMVA_MAX_LEN); other codes stay under KIOSK_IDENT_MAX. */
#define READER_CODE_MAX 4096

/* Shared by every driver, so a swipe or a scan means the same whichever
 * device it came from. A code that starts like an AAMVA licence barcode
 * ("@", separators, "ANSI ") is READER_LICENCE when it parses (an expired
 * licence too: it identifies, it pays nothing) and READER_BAD_LICENCE when
 * it does not. Any other code is READER_BARCODE when it is printable ASCII
 * or well-formed UTF-8 without control characters, 1 to KIOSK_IDENT_MAX-1
 * bytes; else READER_BAD_SCAN. A swipe (track text, see track.h) becomes
 * READER_PATIENT_CARD / READER_PAYMENT_CARD / READER_EXPIRED_CARD /
 * READER_BAD_SWIPE; text[0..len) is wiped whatever the result. */
void reader_classify_code(const char *text, size_t len, struct reader_input *out);
void reader_classify_swipe(char *text, size_t len, const struct track_policy *policy,
                           struct reader_input *out);

/* Driver ops tables, for the registry in reader.c. */
extern const struct reader_ops reader_sim_ops;
extern const struct reader_ops reader_usb_ops;

#endif
