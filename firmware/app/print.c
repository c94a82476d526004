#define _POSIX_C_SOURCE 200809L /* nanosleep */
/* Printing off the main loop: a ticket, a receipt, a note or a guide is
 * written into a receipt on the main thread, then sent to the printer on a
 * thread of its own, so the screen keeps drawing, touches are answered and
 * the watchdog is fed while a slow or stuck printer takes its time (the
 * USB driver's timeouts run to seconds). The main loop picks the outcome up
 * (app_print_tick) and tells the flow. One job at a time; nothing else
 * talks to the printer while it runs (the status checks wait). */
#include "firmware/app/app_private.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#define MOD "app"

struct print_job {
    pthread_t thread;
    struct printer *printer;
    enum flow_event_kind done; /* what the flow hears when it is over */
    bool orphan;               /* its session ended: the flow hears nothing */
    enum kiosk_err err;
    atomic_bool finished;
    struct app *app;  /* woken (app_wake) when the job is over */
    struct receipt r; /* its own copy; images are borrowed from the app */
};

static void *print_thread(void *arg)
{
    struct print_job *j = arg;
    j->err = printer_print(j->printer, &j->r);
    atomic_store(&j->finished, true);
    app_wake(j->app); /* the main loop tells the flow at once */
    return NULL;
}

/* The flow hears how it went; a printer that ran out of paper tells staff. */
static void deliver(struct app *a, enum flow_event_kind done, enum kiosk_err err)
{
    if (err != KIOSK_OK && done == EV_PRINT_DONE)
        log_warn(MOD, "ticket not printed: %E", err);
    else if (err != KIOSK_OK && done == EV_GUIDE_PRINTED)
        log_warn(MOD, "guide not printed: %E", err);
    else if (err != KIOSK_OK)
        log_warn(MOD, "receipt not printed: %E", err);
    app_devices_check(a);
    struct flow_event ev = app_event_now(a, done);
    ev.err = err;
    app_event(a, &ev);
}

void app_print(struct app *a, enum kiosk_err built, enum flow_event_kind done)
{
    enum kiosk_err err = built;
    struct print_job *j = NULL;
    if (err == KIOSK_OK && a->print.job)
        err = KIOSK_ERR_BUSY;
    if (err == KIOSK_OK && !(j = kmem_alloc(sizeof(*j))))
        err = KIOSK_ERR_NOMEM;
    if (err != KIOSK_OK) {
        deliver(a, done, err);
        return;
    }
    j->printer = a->devices.printer;
    j->done = done;
    j->orphan = false;
    j->app = a;
    j->r = a->print.r;
    atomic_init(&j->finished, false);
    if (pthread_create(&j->thread, NULL, print_thread, j) != 0) {
        kmem_free(j);
        deliver(a, done, KIOSK_ERR_NOMEM);
        return;
    }
    a->print.job = j;
}

bool app_print_busy(const struct app *a)
{
    return a->print.job != NULL;
}

static void finish(struct app *a)
{
    struct print_job *j = a->print.job;
    pthread_join(j->thread, NULL);
    a->print.job = NULL;
    enum flow_event_kind done = j->done;
    enum kiosk_err err = j->err;
    bool orphan = j->orphan;
    kmem_free(j);
    if (orphan)
        app_devices_check(a); /* the patient has gone; staff still hear of the paper */
    else
        deliver(a, done, err);
}

void app_print_orphan(struct app *a)
{
    if (a->print.job)
        a->print.job->orphan = true;
}

void app_print_tick(struct app *a)
{
    if (a->print.job && atomic_load(&a->print.job->finished))
        finish(a);
}

void app_print_wait(struct app *a)
{
    if (!a->print.job)
        return;
    while (!atomic_load(&a->print.job->finished)) {
        struct timespec ts = {0, 2 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    finish(a);
}

void app_print_free(struct app *a)
{
    if (!a->print.job)
        return;
    pthread_join(a->print.job->thread, NULL); /* a page half printed is finished */
    kmem_free(a->print.job);
    a->print.job = NULL;
}
