/* A recursive-descent parser over gettext's plural grammar, restricted to
 * what real catalogs use. Nodes live in a fixed array inside struct plural,
 * so a catalog's rule needs no allocation and a hostile header cannot grow
 * it: the node and depth limits bound both memory and evaluation time. */
#include "plural.h"

#include <string.h>

enum op {
    OP_N,
    OP_NUM,
    OP_COND,
    OP_OR,
    OP_AND,
    OP_EQ,
    OP_NE,
    OP_LT,
    OP_GT,
    OP_LE,
    OP_GE,
    OP_MOD,
};

#define MAX_DEPTH 32

struct parser {
    const char *s, *end;
    struct plural *p;
    int depth;
    bool bad;
};

static void skip_space(struct parser *ps)
{
    while (ps->s < ps->end && (*ps->s == ' ' || *ps->s == '\t'))
        ps->s++;
}

/* Consumes tok if it comes next. */
static bool take(struct parser *ps, const char *tok)
{
    size_t n = strlen(tok);
    skip_space(ps);
    if ((size_t)(ps->end - ps->s) < n || memcmp(ps->s, tok, n) != 0)
        return false;
    ps->s += n;
    return true;
}

static int add_node(struct parser *ps, enum op op, int a, int b, int c, unsigned long value)
{
    if (ps->bad || ps->p->count >= PLURAL_MAX_NODES || a < 0 || b < 0 || c < 0) {
        ps->bad = true;
        return -1;
    }
    struct plural_node *nd = &ps->p->node[ps->p->count];
    nd->op = (unsigned char)op;
    nd->a = (unsigned char)a;
    nd->b = (unsigned char)b;
    nd->c = (unsigned char)c;
    nd->value = value;
    return ps->p->count++;
}

static int parse_cond(struct parser *ps);

static int parse_primary(struct parser *ps)
{
    skip_space(ps);
    if (ps->s >= ps->end || ps->bad)
        goto bad;
    if (*ps->s == 'n') {
        ps->s++;
        return add_node(ps, OP_N, 0, 0, 0, 0);
    }
    if (*ps->s >= '0' && *ps->s <= '9') {
        unsigned long v = 0;
        while (ps->s < ps->end && *ps->s >= '0' && *ps->s <= '9') {
            v = v * 10 + (unsigned long)(*ps->s++ - '0');
            if (v > 0xFFFFFFFFul)
                goto bad;
        }
        return add_node(ps, OP_NUM, 0, 0, 0, v);
    }
    if (take(ps, "(")) {
        int e = parse_cond(ps);
        if (!take(ps, ")"))
            goto bad;
        return e;
    }
bad:
    ps->bad = true;
    return -1;
}

static int parse_mod(struct parser *ps)
{
    int l = parse_primary(ps);
    while (!ps->bad && take(ps, "%"))
        l = add_node(ps, OP_MOD, l, parse_primary(ps), 0, 0);
    return l;
}

static int parse_rel(struct parser *ps)
{
    int l = parse_mod(ps);
    for (;;) {
        /* Two-character operators first: "<=" is not "<" then "=". */
        enum op op;
        if (take(ps, "<="))
            op = OP_LE;
        else if (take(ps, ">="))
            op = OP_GE;
        else if (take(ps, "<"))
            op = OP_LT;
        else if (take(ps, ">"))
            op = OP_GT;
        else
            return l;
        l = add_node(ps, op, l, parse_mod(ps), 0, 0);
    }
}

static int parse_eq(struct parser *ps)
{
    int l = parse_rel(ps);
    for (;;) {
        enum op op;
        if (take(ps, "=="))
            op = OP_EQ;
        else if (take(ps, "!="))
            op = OP_NE;
        else
            return l;
        l = add_node(ps, op, l, parse_rel(ps), 0, 0);
    }
}

static int parse_and(struct parser *ps)
{
    int l = parse_eq(ps);
    while (!ps->bad && take(ps, "&&"))
        l = add_node(ps, OP_AND, l, parse_eq(ps), 0, 0);
    return l;
}

static int parse_or(struct parser *ps)
{
    int l = parse_and(ps);
    while (!ps->bad && take(ps, "||"))
        l = add_node(ps, OP_OR, l, parse_and(ps), 0, 0);
    return l;
}

static int parse_cond(struct parser *ps)
{
    if (++ps->depth > MAX_DEPTH) {
        ps->bad = true;
        return -1;
    }
    int c = parse_or(ps);
    if (!ps->bad && take(ps, "?")) {
        int t = parse_cond(ps);
        if (!take(ps, ":")) {
            ps->bad = true;
            return -1;
        }
        c = add_node(ps, OP_COND, c, t, parse_cond(ps), 0);
    }
    ps->depth--;
    return c;
}

void plural_english(struct plural *p)
{
    memset(p, 0, sizeof(*p));
    p->nplurals = 2;
    p->node[0] = (struct plural_node){.op = OP_N};
    p->node[1] = (struct plural_node){.op = OP_NUM, .value = 1};
    p->node[2] = (struct plural_node){.op = OP_NE, .a = 0, .b = 1};
    p->count = 3;
}

/* Finds "key=" at s (after spaces) and returns what follows it. */
static const char *field(const char *s, const char *end, const char *key)
{
    size_t n = strlen(key);
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if ((size_t)(end - s) < n || memcmp(s, key, n) != 0)
        return NULL;
    s += n;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if (s >= end || *s != '=')
        return NULL;
    return s + 1;
}

enum kiosk_err plural_parse(struct plural *p, const char *text, size_t len)
{
    const char *end = text + len;
    const char *s = field(text, end, "nplurals");
    int nplurals = 0;

    memset(p, 0, sizeof(*p));
    if (!s)
        goto bad;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if (s >= end || *s < '1' || *s > '9')
        goto bad;
    while (s < end && *s >= '0' && *s <= '9' && nplurals <= PLURAL_MAX_FORMS)
        nplurals = nplurals * 10 + (*s++ - '0');
    if (nplurals > PLURAL_MAX_FORMS)
        goto bad;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if (s >= end || *s++ != ';')
        goto bad;
    s = field(s, end, "plural");
    if (!s)
        goto bad;
    /* The expression runs to the ';' that ends it, or to the end. */
    const char *stop = memchr(s, ';', (size_t)(end - s));
    if (stop) {
        for (const char *t = stop + 1; t < end; t++)
            if (*t != ' ' && *t != '\t')
                goto bad;
    } else {
        stop = end;
    }
    struct parser ps = {.s = s, .end = stop, .p = p};
    parse_cond(&ps);
    skip_space(&ps);
    if (ps.bad || ps.s != stop || p->count == 0)
        goto bad;
    p->nplurals = nplurals;
    return KIOSK_OK;
bad:
    plural_english(p);
    return KIOSK_ERR_INVALID;
}

static unsigned long eval(const struct plural *p, int i, unsigned long n)
{
    const struct plural_node *nd = &p->node[i];
    unsigned long a, b;
    switch ((enum op)nd->op) {
    case OP_N:
        return n;
    case OP_NUM:
        return nd->value;
    case OP_COND:
        return eval(p, nd->a, n) ? eval(p, nd->b, n) : eval(p, nd->c, n);
    case OP_OR:
        return eval(p, nd->a, n) || eval(p, nd->b, n);
    case OP_AND:
        return eval(p, nd->a, n) && eval(p, nd->b, n);
    default:
        break;
    }
    a = eval(p, nd->a, n);
    b = eval(p, nd->b, n);
    switch ((enum op)nd->op) {
    case OP_EQ:
        return a == b;
    case OP_NE:
        return a != b;
    case OP_LT:
        return a < b;
    case OP_GT:
        return a > b;
    case OP_LE:
        return a <= b;
    case OP_GE:
        return a >= b;
    case OP_MOD:
        return b ? a % b : 0;
    default:
        return 0;
    }
}

int plural_eval(const struct plural *p, unsigned long n)
{
    if (p->count == 0)
        return n != 1;
    unsigned long v = eval(p, p->count - 1, n);
    return v >= (unsigned long)p->nplurals ? p->nplurals - 1 : (int)v;
}
