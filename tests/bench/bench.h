/* Timing for the benchmarks: a monotonic clock in milliseconds and the
 * percentile of a set of samples (sorted in place). */
#ifndef KIOSK_TESTS_BENCH_H
#define KIOSK_TESTS_BENCH_H

#include <stdlib.h>
#include <time.h>

static inline double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static inline void bench_sort(double *samples, size_t n)
{
    qsort(samples, n, sizeof(double), bench_cmp_double);
}

#endif
