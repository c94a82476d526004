/* Benchmark (label bench): prints figures, asserts nothing about time.
 *
 *  - frame time per screen at 1080x1920: building the view, widgets and draw
 *    list, and drawing them in software (offscreen), p50 / p99 over 200 frames;
 *  - first frame in process: from app_new (database, demo data, catalogs,
 *    fonts, renderer) to the first frame drawn.
 *
 * Start-to-first-frame of the whole process and peak memory are measured by
 * bench_process.sh around the real executable. */
#define _POSIX_C_SOURCE 200809L
#include "firmware/app/app_private.h"
#include "firmware/core/clock.h"
#include "firmware/core/log.h"
#include "tests/bench/bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct step {
    const char *screen;
    const char *script; /* lines that lead there from the previous step */
};

static const struct step steps[] = {
    {"welcome", ""},
    {"checkin.surname", "tap action.checkin\ntype surname \"Silva\"\n"},
    {"checkin.dob", "tap next\ntype dob \"1984-03-02\"\n"},
    {"checkin.appointments", "tap next\n"},
    {"checkin.done", "tap confirm\n"},
};

int main(int argc, char **argv)
{
    const char *assets = argc > 1 ? argv[1] : KIOSK_SOURCE_DIR "/assets";
    char script[256];
    struct kiosk_config cfg;
    struct app *a;
    double samples[200];
    const int n = 200;

    log_set_level(LOG_WARN);
    config_defaults(&cfg);
    snprintf(script, sizeof(script), "%s/bench-step.journey", KIOSK_BINARY_DIR);
    struct app_options opt = {.config = &cfg,
                              .assets_dir = assets,
                              .db_path = ":memory:",
                              .demo = true,
                              .headless = true};
    double t0 = bench_now_ms();
    if (app_new(&opt, &a) != KIOSK_OK) {
        fprintf(stderr, "bench: cannot start: %s\n", kiosk_err_detail());
        return 1;
    }
    app_draw(a);
    printf("first frame in process (open database, load demo data, catalogs, fonts, "
           "renderer, draw): %.1f ms\n",
           bench_now_ms() - t0);

    printf("frame time at %dx%d, software renderer, %d frames each:\n", cfg.screen_w, cfg.screen_h,
           n);
    for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
        FILE *f = fopen(script, "w");
        if (!f)
            return 1;
        fputs(steps[s].script, f);
        fclose(f);
        if (app_play(a, script) != KIOSK_OK) {
            fprintf(stderr, "bench: %s\n", kiosk_err_detail());
            app_free(a);
            return 1;
        }
        for (int i = 0; i < n; i++) {
            double t = bench_now_ms();
            a->dirty = true;
            app_draw(a);
            samples[i] = bench_now_ms() - t;
        }
        bench_sort(samples, (size_t)n);
        printf("  %-22s p50 %.2f ms  p99 %.2f ms  (draw commands %d)\n", steps[s].screen,
               samples[n / 2], samples[n * 99 / 100], a->frame.dl.count);
    }
    remove(script);
    app_free(a);
    return 0;
}
