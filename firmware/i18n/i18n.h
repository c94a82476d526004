/* Languages: compiled gettext catalogs (<lang>.mo, built by msgfmt from
 * assets/i18n/<lang>.po), read at start, and formatting of times, dates,
 * numbers and money per language.
 *
 * Code writes English msgids (with an optional context: "welcome|Check in"
 * is msgctxt "welcome", msgid "Check in"); i18n_text() returns the
 * translation, or the English text when the catalog has none (msgfmt leaves
 * untranslated and fuzzy entries out). Language codes are BCP 47: "en",
 * "pt-BR", "hi", "es". */
#ifndef KIOSK_I18N_H
#define KIOSK_I18N_H

#include "firmware/core/clock.h"
#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct i18n;

/* Marks a literal as a msgid for extraction (xgettext --keyword=N_) where it
 * is translated later, e.g. a msgid kept in a view field. */
#define N_(msgid) (msgid)

/* Load every known language's catalog, dir/<lang>.mo (en needs none). A
 * missing, unreadable or malformed catalog is not fatal: that language falls
 * back to English, and the file name and the reason (for a malformed file:
 * truncated, bad magic, an offset outside the file, ...) are logged as
 * warnings. KIOSK_ERR_NOMEM only. Free with i18n_free. */
enum kiosk_err i18n_new(const char *dir, struct i18n **out);
/* Catalog details. dir NULL: no catalogs at all (English everywhere). en.mo is
 * optional and, when present, adjusts English wording. A catalog is read
 * whole (at most 4 MiB) and checked once: magic in either byte order, every
 * table and string inside the file and NUL-terminated, originals sorted; the
 * hash table is optional and unused. The plural rule is the header's
 * Plural-Forms (see plural.h for the accepted expressions); a header without
 * one, or with one outside that grammar, gets the English rule (n != 1) and a
 * warning. The first '|' in a msgid separates the context, so context-free
 * msgids must not contain '|'. */
void i18n_free(struct i18n *in);

/* Translation of msgid (which may carry "ctx|" in front) for lang; never NULL:
 * falls back to the English msgid without its context. The string lives as
 * long as in. in may be NULL (English). */
const char *i18n_text(const struct i18n *in, const char *lang, const char *msgid);
/* Counted message: msgid is the English singular (may carry "ctx|"),
 * msgid_plural the English plural; the form is chosen by lang's catalog rule
 * for n (pt-BR and hi: n > 1 is plural, so 0 is singular; es and en: n != 1).
 * Without a catalog entry, or when the entry has fewer forms than the rule
 * picks: English, msgid (without context) for n == 1, else msgid_plural.
 * Never NULL ("" when msgid or msgid_plural is NULL); lives as long as in. */
const char *i18n_ntr(const struct i18n *in, const char *lang, const char *msgid,
                     const char *msgid_plural, unsigned long n);
/* The plural form index lang's rule gives for n (the English rule without a
 * catalog). */
int i18n_plural_form(const struct i18n *in, const char *lang, unsigned long n);
/* How many i18n_text and i18n_ntr calls, process-wide, found a loaded catalog without
 * the msgid (the patient saw English instead of their language). */
long i18n_lookup_misses(void);

/* Known languages, in a fixed order: en, pt-BR, hi, es. i18n_lang_code
 * returns a static string, NULL for an index out of range. */
int i18n_lang_count(void);
const char *i18n_lang_code(int index);
/* Index of lang in that order, -1 if unknown (codes match exactly). */
int i18n_lang_index(const char *lang);
/* The language's name in its own script: "English", "Português", "हिन्दी", "Español".
 * Static; for an unknown code, lang itself ("" for NULL). */
const char *i18n_lang_native_name(const char *lang);
/* Whether lang is one of the known codes (exact, case-sensitive). */
int i18n_lang_known(const char *lang);
/* Whether a catalog for lang was loaded (and passed the checks). in may be
 * NULL (false). */
bool i18n_catalog_loaded(const struct i18n *in, const char *lang);

/* Formatting. out always NUL-terminated (when size > 0), cut on a UTF-8
 * boundary if too small. Digits are always 0-9. An unknown or NULL lang
 * formats as en.
 *
 * Dates and times follow CLDR 48 (as ICU 78 formats dateStyle "long" and
 * timeStyle "short"); one formatter for screens and paper alike:
 * time (hour 0..23, minute 0..59; else "--:--"):
 *   en "9:30 AM", "12:05 AM" (00:05), "12:00 PM", "11:59 PM" ("h:mm a", plain space)
 *   hi "9:30 am", "12:05 am", "11:59 pm" ("h:mm a": CLDR hi's day periods are
 *      the Latin "am"/"pm", lower case)
 *   pt-BR "09:30", "00:05" ("HH:mm")
 *   es "9:30", "0:05" ("H:mm")
 * date (built-in month names; a month outside 1..12 gives "YYYY-MM-DD"):
 *   en "March 2, 1984" ("MMMM d, y"), pt-BR "2 de março de 1984", hi "2 मार्च 1984",
 *   es "2 de marzo de 1984". in is unused today (kept for catalog overrides).
 * date and time (the date's fields and its hour and minute):
 *   en "March 10, 2026 at 10:00 AM", pt-BR "10 de março de 2026 às 10:00",
 *   hi "10 मार्च 2026 को 10:00 am बजे", es "10 de marzo de 2026 a las 10:00"
 * money (minor units, ISO 4217 code; decimals: 2 for USD BRL INR EUR GBP, 0
 *   for JPY; symbols $ R$ ₹ € £ ¥; another code is written as itself plus a
 *   no-break space, with 2 decimals):
 *   en "$1,234.56", "R$1,234.56", "-$0.05", "CHF 12.00"
 *   pt-BR "R$ 1.234,56", "US$ 1.234,56"
 *   hi "₹1,23,456.78" (Indian grouping: last three digits, then pairs)
 *   es "1234,56 €", "12.345,67 €" (no grouping below 5 integer digits), "US$" for USD
 *   Where a space separates symbol and number (pt-BR, es, ISO codes) it is
 *   U+00A0 NO-BREAK SPACE, as in CLDR, so an amount never wraps; it renders as
 *   a space in every font we ship. Negative amounts: a leading '-'
 *   ("-R$ 1.234,56", "-1234,56 €"). */
void i18n_format_time(const struct i18n *in, const char *lang, int hour, int minute, char *out,
                      size_t size);
void i18n_format_date(const struct i18n *in, const char *lang, const struct kdate *d, char *out,
                      size_t size);
void i18n_format_datetime(const struct i18n *in, const char *lang, const struct kdate *d, char *out,
                          size_t size);
void i18n_format_money(const char *lang, const char *currency, int64_t minor, char *out,
                       size_t size);
/* The decimal separator of the language: "." (en, hi) or "," (pt-BR, es). */
const char *i18n_decimal_sep(const char *lang);
/* An amount being typed (digits, then at most one '.' and what follows it) as
 * the language writes money, without padding the decimals: pt-BR "20" is
 * "R$ 20", "20.5" is "R$ 20,5", "20." is "R$ 20,"; en "$20.5"; es "20,5 €";
 * "" is "R$ 0". */
void i18n_format_money_typed(const char *lang, const char *currency, const char *typed, char *out,
                             size_t size);
/* A number given as an integer with decimals (0..18) implied digits after
 * the decimal separator, grouped per language: (123456, 2) is en "1,234.56",
 * pt-BR "1.234,56", hi "1,234.56", es "1234,56"; (1234567, 0) is hi
 * "12,34,567". Negative values get a leading '-'. */
void i18n_format_number(const char *lang, int64_t value, int decimals, char *out, size_t size);

#endif
