/* Payment values shared by the payment terminal drivers (drivers/terminal)
 * and the app: what is asked (an amount for a transaction reference) and
 * what came of it. No card data: the card goes through a certified payment
 * terminal and the kiosk only ever gets the outcome, the brand, the masked
 * card number as the terminal prints it and the terminal's receipt lines.
 *
 * Every request carries the kiosk's transaction reference (the payment
 * row's key, committed before the request): the terminal is asked later
 * what became of it, and a reference is never paid twice. */
#ifndef KIOSK_PAYMENT_H
#define KIOSK_PAYMENT_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pay_status {
    PAY_APPROVED = 0, /* charged: auth_code is set */
    PAY_DECLINED,     /* not charged: decline says why */
    PAY_NOT_CHARGED,  /* the terminal never took it (unreachable, refused, busy) */
    PAY_UNKNOWN,      /* no answer: it may or may not be charged; ask again by reference */
    PAY_CANCELLED,    /* not charged: cancelled on the kiosk or at the terminal */
};

enum pay_decline {
    DECLINE_NONE = 0,
    DECLINE_GENERIC, /* the bank said no, without a reason to show */
    DECLINE_FUNDS,   /* insufficient funds */
    DECLINE_EXPIRED, /* the card has expired */
    DECLINE_INVALID, /* the card cannot be used (not valid, not allowed) */
    DECLINE_PIN,     /* the PIN was wrong */
};

#define PAY_RECEIPT_LINES 40
#define PAY_RECEIPT_TEXT  48

struct pay_request {
    const char *key; /* the transaction reference, already in the store */
    int64_t amount_minor;
    const char *currency;  /* ISO 4217 */
    const char *reference; /* the statement number, for the terminal's records */
    int64_t at_ms;         /* wall clock of the request (its TimeStamp) */
};

struct pay_result {
    enum pay_status status;
    enum pay_decline decline;
    char auth_code[24];
    char reason[32];     /* the terminal's word for a decline ("Refusal") */
    char detail[160];    /* for technicians: what happened, never card data */
    char brand[24];      /* "Visa", "Mastercard" (approved or declined) */
    char masked_pan[24]; /* at most BIN + last 4, as the terminal gives it: "411111******1111" */
    char last4[5];
    int receipt_lines; /* the terminal's CustomerReceipt, one entry a line */
    char receipt[PAY_RECEIPT_LINES][PAY_RECEIPT_TEXT];
};

/* Minor units a currency's major unit has (2 for USD, 0 for JPY, 3 for KWD). */
int pay_currency_exponent(const char *currency);

/* Keep at most BIN + last 4 of a masked card number as given ("4111 11** ****
 * 1111"): digits, '*', 'X', ' ' only, at most 10 digits, at least 4 of them
 * last. Writes "" for anything else; last4 gets the last 4 digits. */
void pay_mask_clean(const char *given, char *out, size_t size, char last4[5]);

#endif
