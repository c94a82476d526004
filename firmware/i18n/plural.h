/* Plural rules: the C-like expression of a catalog's Plural-Forms header
 * ("nplurals=2; plural=(n > 1);"), compiled once and evaluated per lookup.
 *
 * Accepted: n, decimal numbers, ?:, ||, &&, == != < > <= >=, %, parentheses
 * and spaces. Anything else (another operator, a name, a number too large for
 * 32 bits, nesting deeper than 32, more than 64 nodes) is refused. Evaluation
 * allocates nothing and cannot fail: n % 0 is 0. */
#ifndef KIOSK_I18N_PLURAL_H
#define KIOSK_I18N_PLURAL_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>

#define PLURAL_MAX_NODES 64
#define PLURAL_MAX_FORMS 8

struct plural_node {
    unsigned char op;      /* enum in plural.c */
    unsigned char a, b, c; /* operand nodes */
    unsigned long value;
};

struct plural {
    int nplurals; /* 1..PLURAL_MAX_FORMS */
    int count;    /* nodes used; the root is node count - 1 */
    struct plural_node node[PLURAL_MAX_NODES];
};

/* The English rule: nplurals=2; plural=(n != 1). */
void plural_english(struct plural *p);
/* Compiles a Plural-Forms value, "nplurals=N; plural=EXPR;" (the trailing ';'
 * optional). KIOSK_ERR_INVALID for anything outside the grammar above or
 * nplurals outside 1..PLURAL_MAX_FORMS; p is then the English rule. */
enum kiosk_err plural_parse(struct plural *p, const char *text, size_t len);
/* The form index for n, 0..nplurals-1 (a rule giving more is clamped to
 * nplurals - 1). */
int plural_eval(const struct plural *p, unsigned long n);

#endif
