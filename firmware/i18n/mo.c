/* Every offset is checked once in mo_open, in 64-bit arithmetic so that no
 * sum wraps; after that, lookups trust the tables. */
#include "mo.h"

#include <string.h>

#define MO_MAGIC   0x950412deu
#define MO_SWAPPED 0xde120495u
#define HEADER     28u

static uint32_t get32(const struct mo *m, uint64_t at)
{
    const unsigned char *p = m->data + at;
    uint32_t le =
        (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    uint32_t be =
        (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
    /* The magic says which order the writer used; m->swap is relative to LE. */
    return m->swap ? be : le;
}

static const char *str_at(const struct mo *m, uint32_t table, long i, uint32_t *len)
{
    uint64_t at = (uint64_t)table + (uint64_t)i * 8;
    *len = get32(m, at);
    return (const char *)m->data + get32(m, at + 4);
}

static enum mo_fault check_table(const struct mo *m, uint32_t table)
{
    uint64_t end = (uint64_t)table + (uint64_t)m->count * 8;
    if (end > m->size)
        return table >= m->size ? MO_BAD_OFFSET : MO_TRUNCATED;
    for (uint32_t i = 0; i < m->count; i++) {
        uint64_t len = get32(m, (uint64_t)table + (uint64_t)i * 8);
        uint64_t off = get32(m, (uint64_t)table + (uint64_t)i * 8 + 4);
        if (off + len >= m->size) /* the NUL after the string is inside too */
            return MO_BAD_OFFSET;
        if (m->data[off + len] != '\0')
            return MO_UNTERMINATED;
    }
    return MO_OK;
}

enum kiosk_err mo_open(struct mo *m, const void *data, size_t size, enum mo_fault *fault)
{
    enum mo_fault f = MO_OK;
    memset(m, 0, sizeof(*m));
    m->data = data;
    m->size = size;
    if (size < HEADER) {
        f = size >= 4 && get32(m, 0) != MO_MAGIC && get32(m, 0) != MO_SWAPPED ? MO_BAD_MAGIC
                                                                              : MO_TRUNCATED;
        goto bad;
    }
    uint32_t magic = get32(m, 0);
    if (magic == MO_SWAPPED)
        m->swap = true;
    else if (magic != MO_MAGIC) {
        f = MO_BAD_MAGIC;
        goto bad;
    }
    /* Major revision 1 adds system-dependent strings, which msgfmt writes
     * only for <inttypes.h> format macros; their extra tables are ignored. */
    if (get32(m, 4) >> 16 > 1) {
        f = MO_BAD_REV;
        goto bad;
    }
    m->count = get32(m, 8);
    m->orig = get32(m, 12);
    m->trans = get32(m, 16);
    if ((f = check_table(m, m->orig)) != MO_OK || (f = check_table(m, m->trans)) != MO_OK)
        goto bad;
    uint64_t hash_size = get32(m, 20), hash_off = get32(m, 24);
    if (hash_size && hash_off + hash_size * 4 > size) {
        f = MO_BAD_OFFSET;
        goto bad;
    }
    for (uint32_t i = 1; i < m->count; i++) {
        uint32_t l0, l1;
        const char *a = str_at(m, m->orig, i - 1, &l0), *b = str_at(m, m->orig, i, &l1);
        if (strcmp(a, b) >= 0) {
            f = MO_UNSORTED;
            goto bad;
        }
    }
    *fault = MO_OK;
    return KIOSK_OK;
bad:
    memset(m, 0, sizeof(*m));
    *fault = f;
    return KIOSK_ERR_INVALID;
}

const char *mo_fault_text(enum mo_fault fault)
{
    switch (fault) {
    case MO_OK:
        return "no fault";
    case MO_TRUNCATED:
        return "truncated";
    case MO_BAD_MAGIC:
        return "bad magic";
    case MO_BAD_REV:
        return "unknown revision";
    case MO_BAD_OFFSET:
        return "offset outside the file";
    case MO_UNTERMINATED:
        return "string without its NUL";
    case MO_UNSORTED:
        return "originals not sorted";
    }
    return "unknown fault";
}

/* strcmp of key against the virtual string ctx "\x04" id. */
static int key_cmp(const char *key, const char *ctx, size_t ctxlen, const char *id)
{
    const unsigned char *k = (const unsigned char *)key;
    if (ctxlen) {
        for (size_t i = 0; i < ctxlen; i++, k++)
            if (*k != (unsigned char)ctx[i])
                return *k < (unsigned char)ctx[i] ? -1 : 1;
        if (*k != 4)
            return *k < 4 ? -1 : 1;
        k++;
    }
    return strcmp((const char *)k, id);
}

long mo_find(const struct mo *m, const char *ctx, size_t ctxlen, const char *id)
{
    long lo = 0, hi = (long)m->count - 1;
    if (!ctx)
        ctxlen = 0;
    while (lo <= hi) {
        long mid = lo + (hi - lo) / 2;
        uint32_t len;
        int c = key_cmp(str_at(m, m->orig, mid, &len), ctx, ctxlen, id);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

const char *mo_translation(const struct mo *m, long i, size_t *len)
{
    uint32_t l;
    const char *s = str_at(m, m->trans, i, &l);
    *len = l;
    return s;
}
