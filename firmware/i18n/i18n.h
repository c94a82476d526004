/* Languages: gettext .po catalogs under assets/i18n (<lang>.po), read at start,
 * and formatting of times, dates, numbers and money per language.
 *
 * Code writes English msgids (with an optional context: "welcome|Check in"
 * is msgctxt "welcome", msgid "Check in"); i18n_text() returns the
 * translation, or the English text when the catalog has none (fuzzy entries
 * count as none). Language codes are BCP 47: "en", "pt-BR", "hi", "es". */
#ifndef KIOSK_I18N_H
#define KIOSK_I18N_H

#include "firmware/core/clock.h"
#include "firmware/core/err.h"

#include <stddef.h>
#include <stdint.h>

struct i18n;

/* Load every known language's catalog from dir (en needs none). A missing or
 * unreadable catalog is not fatal: that language falls back to English and
 * i18n_missing() counts it. KIOSK_ERR_NOMEM only. Free with i18n_free. */
enum kiosk_err i18n_new(const char *dir, struct i18n **out);
void i18n_free(struct i18n *in);

/* Translation of msgid (which may carry "ctx|" in front) for lang; never NULL:
 * falls back to the English msgid without its context. The string lives as
 * long as in. in may be NULL (English). */
const char *i18n_text(const struct i18n *in, const char *lang, const char *msgid);

/* Known languages, in a fixed order: en, pt-BR, hi, es. */
int i18n_lang_count(void);
const char *i18n_lang_code(int index);
/* The language's name in its own script: "English", "Português", "हिन्दी", "Español". */
const char *i18n_lang_native_name(const char *lang);
/* Whether lang is one of the known codes. */
int i18n_lang_known(const char *lang);
/* Number of msgids without a translation in lang's catalog, as loaded. */
int i18n_missing(const struct i18n *in, const char *lang);

/* Formatting. out always NUL-terminated.
 * time: en "9:30 AM", pt-BR "09:30", hi "सुबह 9:30" or "9:30 am" (as the catalog says), es "9:30".
 * date: en "2 March 1984", pt-BR "2 de março de 1984", hi "2 मार्च 1984", es "2 de marzo de 1984".
 * money (minor units, ISO 4217 code): en "$1,234.56", pt-BR "R$ 1.234,56",
 * hi "₹1,23,456.00" (Indian grouping), es "1234,56 €" per CLDR habits. */
void i18n_format_time(const struct i18n *in, const char *lang, int hour, int minute, char *out,
                      size_t size);
void i18n_format_date(const struct i18n *in, const char *lang, const struct kdate *d, char *out,
                      size_t size);
void i18n_format_money(const char *lang, const char *currency, int64_t minor, char *out,
                       size_t size);

#endif
