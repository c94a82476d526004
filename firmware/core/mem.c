#define _DEFAULT_SOURCE
#include "mem.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long live;
static atomic_ulong fail_countdown;

static int should_fail(void)
{
    unsigned long n = atomic_load(&fail_countdown);
    while (n != 0) {
        if (atomic_compare_exchange_weak(&fail_countdown, &n, n - 1))
            return n == 1;
    }
    return 0;
}

void *kmem_alloc(size_t size)
{
    if (should_fail())
        return NULL;
    void *p = calloc(1, size ? size : 1);
    if (p)
        atomic_fetch_add(&live, 1);
    return p;
}

void *kmem_alloc_uninit(size_t size)
{
    if (should_fail())
        return NULL;
    void *p = malloc(size ? size : 1);
    if (p)
        atomic_fetch_add(&live, 1);
    return p;
}

void *kmem_realloc(void *ptr, size_t size)
{
    if (!ptr)
        return kmem_alloc(size);
    if (should_fail())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

char *kmem_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = kmem_alloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void kmem_free(void *ptr)
{
    if (!ptr)
        return;
    atomic_fetch_sub(&live, 1);
    free(ptr);
}

void kmem_fail_after(unsigned long nth)
{
    atomic_store(&fail_countdown, nth);
}

long kmem_live(void)
{
    return atomic_load(&live);
}

void kmem_wipe(void *ptr, size_t len)
{
    /* glibc's explicit_bzero is never removed as a dead store. */
    if (ptr)
        explicit_bzero(ptr, len);
}
