/* input_wake: another thread ends the loop's wait at once (a window on
 * SDL's dummy driver; by hand, SDL_VIDEODRIVER=x11 under Xvfb), wake-ups not yet seen count as one,
 * and without a running event queue it does nothing. */
#define _POSIX_C_SOURCE 200809L
#include "ui/input/input.h"
#include "ui/render/font.h"
#include "ui/render/render.h"

#include "firmware/core/err.h"
#include "tests/unit/ktest.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FONT_DIR KIOSK_SOURCE_DIR "/assets/fonts"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void *wake_later(void *arg)
{
    (void)arg;
    struct timespec ts = {0, 50 * 1000 * 1000};
    nanosleep(&ts, NULL);
    for (int i = 0; i < 20; i++)
        input_wake(); /* a burst: the loop is woken once */
    return NULL;
}

static enum ktest_result test_wake_ends_the_wait(void)
{
    const char *drv = getenv("SDL_VIDEODRIVER");
    /* x11: by hand under Xvfb, where SDL sleeps in poll() on the display */
    if (!drv || (strcmp(drv, "dummy") != 0 && strcmp(drv, "x11") != 0))
        KT_SKIP("runs only with SDL_VIDEODRIVER=dummy or x11");
    input_wake(); /* no event queue yet: nothing happens, nothing breaks */
    struct fontset *fs = NULL;
    struct render *r = NULL;
    KT_EQ_INT(fontset_new(FONT_DIR, &fs), KIOSK_OK);
    struct render_config cfg = {.width = 200, .height = 120, .title = "test", .fonts = fs};
    if (render_new(&cfg, &r) != KIOSK_OK) {
        fontset_free(fs);
        KT_SKIP("no dummy video driver: %s", kiosk_err_detail());
    }
    struct input_event ev;
    do /* whatever the window said at start */
        input_wait(0, &ev);
    while (ev.kind != INPUT_NONE);

    /* A wait of 20 s ends as soon as the other thread wakes it. */
    pthread_t t;
    double t0 = now_ms();
    bool ok = pthread_create(&t, NULL, wake_later, NULL) == 0;
    if (ok) {
        input_wait(20000, &ev);
        pthread_join(t, NULL);
    }
    double woke = now_ms() - t0;
    ok = ok && ev.kind == INPUT_NONE && woke >= 40 && woke < 5000;
    /* The burst was one wake-up: the next wait runs its whole timeout. */
    t0 = now_ms();
    input_wait(100, &ev);
    double next = now_ms() - t0;
    ok = ok && ev.kind == INPUT_NONE && next >= 90;
    /* ... and a later wake-up works again. */
    input_wake();
    t0 = now_ms();
    input_wait(20000, &ev);
    double again = now_ms() - t0;
    ok = ok && ev.kind == INPUT_NONE && again < 5000;
    fprintf(stderr, "  woken after %.1f ms; the next wait %.1f ms; a second wake-up %.1f ms\n",
            woke, next, again);
    render_free(r);
    fontset_free(fs);
    KT_ASSERT(ok);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"wake_ends_the_wait", test_wake_ends_the_wait},
};
KTEST_MAIN(tests)
