/* Phone numbers written the way people of a language (and its country)
 * write them: the digits a patient typed on the keypad, grouped. */
#ifndef KIOSK_I18N_PHONE_H
#define KIOSK_I18N_PHONE_H

#include <stddef.h>

/* digits (0-9 only, as typed) into out, grouped for lang:
 *   en, es and any other (North American numbering, as in the US clinics):
 *     10 digits "(617) 555-0103", 11 starting with 1 "1 (617) 555-0103"
 *   pt-BR: 10 digits "(11) 4000-1234", 11 digits "(11) 94000-1234"
 *   hi: 10 digits "98765 43210", 12 starting with 91 "+91 98765 43210"
 * Any other length (or anything but digits) is copied as it is, so nothing
 * a patient typed is ever lost. out always NUL-terminated when size > 0. */
void i18n_format_phone(const char *lang, const char *digits, char *out, size_t size);

#endif
