/* Benchmark (label bench, run by bench_window.sh under Xvfb): frame time per
 * screen in a real 1080x1920 window, for one renderer path. The demo kiosk
 * plays its steps headless (fake clock, offscreen), and each screen's draw
 * list is drawn and presented in the window 100 times: p50 / p99 of
 * render_frame (draw + present), each drawn whole (a real screen change;
 * the kiosk redraws only changed regions otherwise). Also the PSS of this process after each
 * screen (it holds the offscreen target as well, so it is an upper bound of
 * the kiosk's). Prints figures, asserts nothing about time.
 * Usage: bench_window_frames ASSETS software|gpu|auto */
#define _POSIX_C_SOURCE 200809L
#include "firmware/app/app_private.h"
#include "firmware/core/log.h"
#include "ui/render/render.h"
#include "tests/bench/bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FRAMES 100

/* This process's PSS in kB (smaps_rollup), or -1. */
static long pss_kb(void)
{
    char line[128];
    long kb = -1;
    FILE *f = fopen("/proc/self/smaps_rollup", "r");
    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "Pss: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

struct step {
    const char *screen;
    const char *script; /* lines that lead there from the previous step */
};

static const struct step steps[] = {
    {"welcome", ""},
    {"welcome (pt-BR)", "tap lang.pt-BR\n"},
    {"checkin.surname", "tap lang.en\ntap action.checkin\ntype surname \"Silva\"\n"},
    {"checkin.dob", "tap next\ntype dob \"1984-03-02\"\n"},
    {"checkin.appointments", "tap next\n"},
    {"checkin.done", "tap confirm\n"},
    {"welcome (again)", "wait 21s\n"},
    {"pay.bill", "tap action.pay\ntype surname \"Silva\"\ntap next\ntype dob \"1984-03-02\"\n"
                 "tap next\n"},
};

int main(int argc, char **argv)
{
    char script[] = "bench-window-XXXXXX";
    struct kiosk_config cfg;
    struct app *a = NULL;
    struct render *win = NULL;
    double samples[FRAMES];
    long peak = 0;
    int rc = 1;
    enum render_path path;

    if (argc < 3 || !render_path_parse(argv[2], &path)) {
        fprintf(stderr, "usage: bench_window_frames ASSETS software|gpu|auto\n");
        return 2;
    }
    log_set_level(LOG_ERROR); /* catalogs are looked for next to the program: English here */
    config_defaults(&cfg);
    int fd = mkstemp(script);
    if (fd < 0)
        return 1;
    FILE *f = fdopen(fd, "w");
    if (!f)
        return 1;
    fclose(f);
    struct app_options opt = {.config = &cfg,
                              .assets_dir = argv[1],
                              .db_path = ":memory:",
                              .demo = true,
                              .headless = true};
    if (app_new(&opt, &a) != KIOSK_OK) {
        fprintf(stderr, "bench: cannot start: %s\n", kiosk_err_detail());
        goto out;
    }
    struct render_config wc = {
        .width = cfg.screen_w,
        .height = cfg.screen_h,
        .title = "carekiosk bench",
        .path = path,
        .fonts = a->fonts,
        .image_dir = a->brand.pack.dir[0] ? a->brand.pack.dir : NULL,
    };
    if (render_new(&wc, &win) != KIOSK_OK) {
        fprintf(stderr, "bench: no window: %s\n", kiosk_err_detail());
        goto out;
    }
    printf("%s: frame time in a %dx%d window (draw + present), %d frames each:\n", argv[2],
           cfg.screen_w, cfg.screen_h, FRAMES);
    for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
        f = fopen(script, "w");
        if (!f)
            goto out;
        fputs(steps[s].script, f);
        fclose(f);
        if (app_play(a, script) != KIOSK_OK) {
            fprintf(stderr, "bench: %s\n", kiosk_err_detail());
            goto out;
        }
        a->dirty = true;
        app_draw(a);
        for (int i = 0; i < FRAMES; i++) {
            render_invalidate(win); /* a whole frame each time: the worst case */
            double t = bench_now_ms();
            render_frame(win, &a->frame.dl);
            samples[i] = bench_now_ms() - t;
        }
        bench_sort(samples, FRAMES);
        long kb = pss_kb();
        if (kb > peak)
            peak = kb;
        printf("  %-22s p50 %.2f ms  p99 %.2f ms  (draw commands %d)\n", steps[s].screen,
               samples[FRAMES / 2], samples[FRAMES * 99 / 100], a->frame.dl.count);
    }
    printf("%s: peak PSS of this process over the steps: %.1f MB (it also holds the offscreen "
           "frame)\n",
           argv[2], peak / 1024.0);
    rc = 0;
out:
    render_free(win);
    app_free(a);
    remove(script);
    return rc;
}
