/* Details on file shown in the lobby only partly: the screen and the paper
 * get these, never the whole value (and logs get neither).
 *
 *   kmask_tail_digits("+1 555 0110", 4)  -> "0110"       ("phone ending 0110")
 *   kmask_email("patient3@example.org")  -> "p•••@example.org"
 *   kmask_tail("Rua das Flores, 142", 2) -> "42"         ("street ending ... 42")
 *   kmask_id("MBR00007919")              -> "•••7919"
 *
 * out is always terminated; "" when the value is empty. Pure. */
#ifndef KIOSK_CORE_MASK_H
#define KIOSK_CORE_MASK_H

#include <stddef.h>

/* The last n digits of s (other characters skipped). */
void kmask_tail_digits(const char *s, int n, char *out, size_t size);
/* The first character of the local part, "•••", and the domain. */
void kmask_email(const char *s, char *out, size_t size);
/* The last n characters (UTF-8) of s, trailing spaces dropped. */
void kmask_tail(const char *s, int n, char *out, size_t size);
/* "•••" and the last 4 characters of an identifier. */
void kmask_id(const char *s, char *out, size_t size);

#endif
