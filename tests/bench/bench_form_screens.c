/* Benchmark (label bench): a 12-item form's time from "Next" to the next
 * screen drawn, through the app as a patient's tap goes (flow step with
 * the forms model, the view, widgets, draw list, software drawing at
 * 1080x1920 offscreen). p50 / p99 over 200 Nexts and Backs. Prints
 * figures; never fails on time. */
#define _POSIX_C_SOURCE 200809L
#include "firmware/app/app_private.h"
#include "firmware/core/log.h"
#include "firmware/forms/forms.h"
#include "tests/bench/bench.h"

#include <stdio.h>
#include <string.h>

#define ITEMS 12

static struct form *twelve(void)
{
    static const char *const types[ITEMS] = {"boolean", "string",  "integer", "choice",
                                             "date",    "text",    "boolean", "decimal",
                                             "choice",  "boolean", "string",  "boolean"};
    struct form *f = form_new();
    char id[16], text[96];
    if (!f)
        return NULL;
    f->url = form_strdup(f, "https://bench.example/Questionnaire/twelve");
    f->version = form_strdup(f, "1");
    f->lang = form_strdup(f, "en");
    f->title.base = form_strdup(f, "Twelve questions");
    f->minutes = 3;
    for (int i = 0; i < ITEMS; i++) {
        snprintf(id, sizeof(id), "q%d", i);
        int it = form_add_item(f, -1, id, types[i]);
        snprintf(text, sizeof(text), "Question %d: how have you been feeling this week?", i + 1);
        f->items[it].text.base = form_strdup(f, text);
        if (strcmp(types[i], "choice") == 0) {
            static const char *const codes[] = {"a", "b", "c", "d"};
            for (int k = 0; k < 4; k++) {
                struct form_value v = {.kind = FORM_V_CODING, .code = form_strdup(f, codes[k])};
                int o = form_add_option(f, it, &v);
                f->options[o].display.base = form_strdup(f, "An answer of a few words");
            }
        }
    }
    form_finish(f);
    return f;
}

int main(int argc, char **argv)
{
    const char *assets = argc > 1 ? argv[1] : KIOSK_SOURCE_DIR "/assets";
    struct kiosk_config cfg;
    struct app *a;
    static double samples[200];
    const int n = 200;
    log_set_level(LOG_WARN);
    config_defaults(&cfg);
    struct app_options opt = {.config = &cfg,
                              .assets_dir = assets,
                              .db_path = ":memory:",
                              .demo = true,
                              .headless = true};
    if (app_new(&opt, &a) != KIOSK_OK) {
        fprintf(stderr, "bench: cannot start: %s\n", kiosk_err_detail());
        return 1;
    }
    struct form *f = twelve();
    struct form_answers *ans = f ? form_answers_new(f) : NULL;
    if (!ans || form_desk_reason(f)) {
        fprintf(stderr, "bench: form not made\n");
        return 1;
    }
    /* As if the list had been shown and the form opened. */
    static const bool none[FORM_MAX_ITEMS];
    a->forms.form = f;
    a->forms.answers = ans;
    a->forms.open = 0;
    a->flow.forms.loaded = true;
    a->flow.forms.list.count = 1;
    a->flow.forms.open = 0;
    a->flow.busy = true;
    a->flow.screen = SCR_FORMS;
    struct flow_event ev = app_event_now(a, EV_FORM_OPENED);
    ev.form = f;
    ev.answers = ans;
    ev.prefilled = none;
    ev.text = "en";
    app_event(a, &ev);
    app_draw(a);
    int pages[FLOW_FORM_ITEMS];
    int count = flow_form_page_count(&a->flow, pages);
    for (int i = 0; i < n; i++) {
        /* forward through the pages, then back, so every page is drawn */
        bool forward = (i / (count - 1)) % 2 == 0;
        double t0 = bench_now_ms();
        app_tap(a, forward ? "next" : "back", true);
        app_draw(a);
        samples[i] = bench_now_ms() - t0;
    }
    bench_sort(samples, (size_t)n);
    printf("forms: %d-item form (%d pages), Next/Back to the next screen drawn at 1080x1920: "
           "p50 %.2f ms, p99 %.2f ms (%s)\n",
           ITEMS, count, samples[n / 2], samples[n * 99 / 100], a->view.screen);
    app_free(a); /* frees the form and its answers too */
    return 0;
}
