/* Frame timing: how long each frame takes to build, draw and present, and
 * how long from an input (tap, key, card or code) to the end of the frame
 * that answers it. The benchmarks read it through app_timing_report (the
 * kiosk prints it at exit with CAREKIOSK_TIMING=1); nothing asserts it. */
#define _POSIX_C_SOURCE 200809L
#include "firmware/app/app_private.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t app_timing_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void app_timing_input(struct app *a)
{
    if (!a->timing.input_ns) /* the first of several before a frame counts */
        a->timing.input_ns = app_timing_now_ns();
}

void app_timing_frame(struct app *a, int64_t start_ns)
{
    struct app_timing *t = &a->timing;
    int64_t end = app_timing_now_ns();
    t->frame_ms[t->frames++ % APP_TIMING_SAMPLES] = (float)(end - start_ns) / 1e6f;
    if (t->input_ns) {
        t->input_ms[t->inputs++ % APP_TIMING_SAMPLES] = (float)(end - t->input_ns) / 1e6f;
        t->input_ns = 0;
    }
}

static int cmp_float(const void *x, const void *y)
{
    float a = *(const float *)x, b = *(const float *)y;
    return (a > b) - (a < b);
}

/* p50 and p99 of the kept samples; false when there are none. */
static bool percentiles(const float *samples, long count, float *p50, float *p99)
{
    float sorted[APP_TIMING_SAMPLES];
    int n = count < APP_TIMING_SAMPLES ? (int)count : APP_TIMING_SAMPLES;
    if (n == 0)
        return false;
    memcpy(sorted, samples, (size_t)n * sizeof(*sorted));
    qsort(sorted, (size_t)n, sizeof(*sorted), cmp_float);
    *p50 = sorted[n / 2];
    *p99 = sorted[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1];
    return true;
}

void app_timing_report(const struct app *a, FILE *out)
{
    float p50, p99;
    if (percentiles(a->timing.frame_ms, a->timing.frames, &p50, &p99))
        fprintf(out, "frames: %ld, build + draw + present p50 %.2f ms, p99 %.2f ms\n",
                a->timing.frames, (double)p50, (double)p99);
    if (percentiles(a->timing.input_ms, a->timing.inputs, &p50, &p99))
        fprintf(out, "input to frame: %ld inputs, p50 %.2f ms, p99 %.2f ms\n", a->timing.inputs,
                (double)p50, (double)p99);
}
