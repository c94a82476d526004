/* A payment card as read from its stripe, held only for the few seconds
 * between the swipe and the processor's answer. It never goes into SQLite,
 * a log, a receipt or a file: the app keeps the one live copy in a locked
 * page (kcard_hold) and wipes it as soon as the answer arrives. Screens and
 * receipts use brand and last4 only. */
#ifndef KIOSK_CORE_CARD_H
#define KIOSK_CORE_CARD_H

#include <stdbool.h>

struct pay_card {
    char pan[20];   /* 12..19 digits, Luhn-valid; "" when no card is held */
    int exp_year;   /* 2000 + YY */
    int exp_month;  /* 1..12 */
    char brand[12]; /* "Visa", "Mastercard", "Amex", "Card" */
    char last4[5];
};

/* Whether c holds a card. */
bool kcard_present(const struct pay_card *c);

/* Overwrite every byte of c (not optimised away). */
void kcard_wipe(struct pay_card *c);

/* One page-aligned buffer for the live card, locked in RAM (never swapped)
 * where the system allows it, and excluded from core dumps. Returns NULL
 * when it cannot be allocated. Release with kcard_release (wipes it). */
struct pay_card *kcard_hold(void);
void kcard_release(struct pay_card *c); /* NULL is fine */

/* Keep secrets out of crash dumps: no core files for this process. Called
 * once at start. */
void kcard_no_core_dumps(void);

#endif
