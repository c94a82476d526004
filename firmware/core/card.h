/* Keeping secrets out of crash dumps. The kiosk never holds a payment
 * card's data (cards are paid at the payment terminal, drivers/terminal),
 * but it holds the terminal's key and, for a moment, track data of a
 * patient card being decoded. */
#ifndef KIOSK_CORE_CARD_H
#define KIOSK_CORE_CARD_H

/* No core files for this process. Called once at start. */
void kcard_no_core_dumps(void);

#endif
