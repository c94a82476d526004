/* One allocation wrapper for the whole kiosk, so tests can fail the Nth
 * allocation and check that nothing leaks. Memory from kmem_* is released
 * with kmem_free(). */
#ifndef KIOSK_CORE_MEM_H
#define KIOSK_CORE_MEM_H

#include <stddef.h>

void *kmem_alloc(size_t size);              /* zeroed; NULL on failure */
void *kmem_alloc_uninit(size_t size);       /* not zeroed (hot paths that fill it all) */
void *kmem_realloc(void *ptr, size_t size); /* NULL on failure, ptr untouched */
char *kmem_strdup(const char *s);           /* NULL on failure or s == NULL */
void kmem_free(void *ptr);                  /* NULL is fine */

/* Tests: make the nth allocation from now fail (1 = the next one); 0 disables. */
void kmem_fail_after(unsigned long nth);
/* Live allocations made through kmem_* (allocs minus frees). */
long kmem_live(void);

/* Overwrite memory that held sensitive data; not optimised away. */
void kmem_wipe(void *ptr, size_t len);

#endif
