#define _GNU_SOURCE /* MAP_ANONYMOUS, MADV_DONTDUMP */
#include "firmware/core/card.h"
#include "firmware/core/mem.h"

#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

bool kcard_present(const struct pay_card *c)
{
    return c && c->pan[0] != '\0';
}

void kcard_wipe(struct pay_card *c)
{
    if (c)
        kmem_wipe(c, sizeof(*c));
}

static size_t page_size(void)
{
    long p = sysconf(_SC_PAGESIZE);
    return p > 0 && (size_t)p >= sizeof(struct pay_card) ? (size_t)p : 4096;
}

struct pay_card *kcard_hold(void)
{
    size_t size = page_size();
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    (void)mlock(p, size); /* best effort: RLIMIT_MEMLOCK may be 0 in a container */
#ifdef MADV_DONTDUMP
    (void)madvise(p, size, MADV_DONTDUMP);
#endif
    return p;
}

void kcard_release(struct pay_card *c)
{
    if (!c)
        return;
    size_t size = page_size();
    kmem_wipe(c, size);
    (void)munlock(c, size);
    munmap(c, size);
}

void kcard_no_core_dumps(void)
{
    struct rlimit none = {0, 0};
    (void)setrlimit(RLIMIT_CORE, &none);
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
