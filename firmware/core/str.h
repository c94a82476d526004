/* Small string helpers used across layers. */
#ifndef KIOSK_CORE_STR_H
#define KIOSK_CORE_STR_H

#include <stdbool.h>
#include <stddef.h>

/* Copy src into dst (size bytes), always NUL-terminated, never splitting a
 * UTF-8 sequence or a grapheme cluster (a letter with its marks, a
 * Devanagari conjunct, an emoji sequence). Returns false when src was
 * truncated. */
bool kstr_copy(char *dst, size_t size, const char *src);

/* Append src to the string in dst; same rules as kstr_copy. */
bool kstr_append(char *dst, size_t size, const char *src);

/* Grapheme clusters (firmware/core/grapheme.c; UAX #29 for the kiosk's
 * scripts: combining marks, Indic conjuncts with virama, Hangul, emoji ZWJ
 * sequences and modifiers, regional-indicator pairs). The one place text is
 * cut: everything that shortens text cuts at these boundaries. */
/* Bytes of the cluster that starts s (len bytes; 0 when len is 0). */
size_t kstr_grapheme_next(const char *s, size_t len);
/* The longest prefix of s[0..len) of whole clusters within max bytes. */
size_t kstr_grapheme_prefix(const char *s, size_t len, size_t max);
/* Clusters in s (what a reader counts as characters). */
size_t kstr_grapheme_count(const char *s);
/* Copy src, cut at a cluster boundary with an ellipsis ("…") when it does
 * not fit in size bytes. Returns false when it was cut. */
bool kstr_copy_ellipsis(char *dst, size_t size, const char *src);

/* Number of code points in a UTF-8 string. */
size_t kstr_utf8_len(const char *s);

/* Remove the last code point of a UTF-8 string in place. */
void kstr_utf8_pop(char *s);

/* The length (1-4) of the well-formed UTF-8 sequence at s, which has avail
 * bytes, and its code point in *cp (may be NULL); 0 when it is not one:
 * a stray continuation byte, an overlong form, a surrogate, beyond
 * U+10FFFF, or cut short. The one strict UTF-8 rule of the kiosk. */
size_t kstr_utf8_seq(const unsigned char *s, size_t avail, unsigned *cp);

/* Whether s[0..n) is well-formed UTF-8 (kstr_utf8_seq for each sequence). */
bool kstr_utf8_valid(const char *s, size_t n);

/* Decode one code point at *s and advance *s; returns 0xFFFD for a bad byte. */
unsigned kstr_utf8_next(const char **s);

/* Matching key for a surname: Latin letters folded to lower-case ASCII
 * without accents ("Conceição" -> "conceicao"), spaces, hyphens and
 * apostrophes dropped; other scripts kept as they are. Returns false if the
 * key did not fit. */
bool kstr_name_key(char *dst, size_t size, const char *name);

/* Copy tmpl into out (size bytes) replacing each "{key}" with val; other
 * text, and other placeholders, are copied as they are. What does not fit
 * is cut between clusters with an ellipsis; returns false then. */
bool kstr_subst(char *out, size_t size, const char *tmpl, const char *key, const char *val);

#endif
