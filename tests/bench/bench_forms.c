/* Forms: what one "Next" costs in the forms model for a 12-item form
 * (the answer stored, enableWhen re-evaluated, the pages recounted, the
 * next page's texts looked up in the patient's language), what the
 * response of a whole form costs to write, and the outbox bytes of one
 * signed consent with a finger signature of realistic size. Prints
 * figures; never fails on time.
 *
 * Not measured: the drawing of the next screen, because the forms screens
 * are not built yet on this branch; the figure here is the model's share
 * of "Next to next screen drawn". */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"

#include "firmware/core/file.h"
#include "firmware/core/mem.h"
#include "firmware/forms/forms.h"
#include "firmware/sync/fhir_forms.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define RUNS  500
#define BATCH 100 /* Nexts a sample: one is below the clock's resolution */

/* Every question answered as a patient might (the first option of a choice). */
static void fill_all(const struct form *f, struct form_answers *a)
{
    static const char *const typed[] = {[FORM_DECIMAL] = "61.5",
                                        [FORM_INTEGER] = "6",
                                        [FORM_DATE] = "1984-03-12",
                                        [FORM_STRING] = "Ana Silva",
                                        [FORM_TEXT] = "Dor no peito ao subir escadas"};
    for (int i = 0; i < f->item_count; i++) {
        enum form_type t = f->items[i].type;
        struct form_value v = {.kind = FORM_V_BOOL, .b = true};
        if (t == FORM_CHOICE || t == FORM_OPEN_CHOICE)
            form_answer_option(f, a, i, f->items[i].option_first + f->items[i].option_count - 1);
        else if (t == FORM_BOOLEAN)
            form_answer_set(f, a, i, &v);
        else if (t < (int)(sizeof(typed) / sizeof(typed[0])) && typed[t] &&
                 form_value_parse(t, 0, typed[t], &v) == FORM_IN_OK)
            form_answer_set(f, a, i, &v);
    }
}

static struct form *load(const char *name)
{
    char *text = NULL;
    size_t len = 0;
    struct fjson_doc *d = NULL;
    struct form *f = form_new();
    if (!f ||
        kfile_read_in(KIOSK_SOURCE_DIR "/tests/fixtures/forms", name, 1 << 20, &text, &len) !=
            KIOSK_OK ||
        fjson_parse(text, len, 1 << 20, &d) != KIOSK_OK ||
        fhir_read_questionnaire(fjson_root(d), f) != KIOSK_OK) {
        form_free(f);
        f = NULL;
    }
    fjson_doc_free(d);
    kmem_free(text);
    return f;
}

/* One Next: the current page's answer stored, then the next page found
 * and its texts read in lang. */
static int next(const struct form *f, struct form_answers *a, int page_item, const char *lang)
{
    int pages[FORM_MAX_PAGES];
    struct form_value v = {.kind = FORM_V_BOOL, .b = true};
    if (f->items[page_item].type == FORM_BOOLEAN)
        form_answer_set(f, a, page_item, &v);
    int n = form_pages(f, a, pages), k = 0;
    while (k < n && pages[k] != page_item)
        k++;
    int to = k + 1 < n ? pages[k + 1] : pages[0];
    size_t chars = 0;
    for (int i = 0; i < f->item_count; i++) {
        if (!form_page_holds(f, to, i))
            continue;
        const char *t = form_text_in(&f->items[i].text, f->lang, lang);
        chars += t ? strlen(t) : 0;
        for (int o = 0; o < f->items[i].option_count; o++) {
            const char *d =
                form_text_in(&f->options[f->items[i].option_first + o].display, f->lang, lang);
            chars += d ? strlen(d) : 0;
        }
    }
    return (int)chars + to;
}

int main(void)
{
    /* The seeded intake form: 13 items (an introduction, 11 questions, one
     * group), the size the brief's "12-item form" asks about. */
    struct form *f = load("intake.json");
    struct form *consent = load("privacy-ack.json");
    if (!f || !consent) {
        fprintf(stderr, "bench_forms: fixtures not readable\n");
        return 1;
    }
    int questions = 0;
    for (int i = 0; i < f->item_count; i++)
        questions += form_type_is_question(f->items[i].type);
    struct form_answers *a = form_answers_new(f);
    static double samples[RUNS];
    int pages[FORM_MAX_PAGES], n = form_pages(f, a, pages);
    volatile int sink = 0;
    for (int r = 0; r < RUNS; r++) {
        double t0 = bench_now_ms();
        for (int k = 0; k < BATCH; k++)
            sink += next(f, a, pages[(r + k) % n], "hi");
        samples[r] = (bench_now_ms() - t0) * 1000.0 / BATCH;
    }
    bench_sort(samples, RUNS);
    printf("forms: %d items, %d questions, %d pages; one Next in the model (hi): median %.2f us, "
           "p99 %.2f us\n",
           f->item_count, questions, n, samples[RUNS / 2], samples[RUNS * 99 / 100]);
    fill_all(f, a);

    char *items = kmem_alloc(OUTBOX_FORM_ITEMS_MAX);
    for (int r = 0; r < RUNS && items; r++) {
        double t0 = bench_now_ms();
        for (int k = 0; k < BATCH; k++)
            form_response_items(f, a, items, OUTBOX_FORM_ITEMS_MAX);
        samples[r] = (bench_now_ms() - t0) * 1000.0 / BATCH;
    }
    bench_sort(samples, RUNS);
    printf("forms: the whole form answered, its response items written: median %.2f us "
           "(%zu bytes)\n",
           samples[RUNS / 2], items ? strlen(items) : 0);

    /* A finger signature: 6 strokes, 60 points each (a touch screen gives
     * a point every ~16 ms; a signature takes 2-4 s). */
    struct form_point pts[360];
    for (int i = 0; i < 360; i++) {
        pts[i].x = (int16_t)(20 + i);
        pts[i].y = (int16_t)(75 + 50 * sin(i / 7.0));
        pts[i].pen_up = i % 60 == 0;
    }
    char *svg = kmem_alloc(16384), *b64 = kmem_alloc(OUTBOX_FORM_SIGNATURE_MAX);
    struct outbox_record *rec = kmem_alloc(sizeof(*rec));
    struct form_answers *ca = form_answers_new(consent);
    int agree = form_find(consent, "agree");
    size_t payload_size = 2 * sizeof(*rec) + 4096;
    char *payload = kmem_alloc(payload_size);
    if (!svg || !b64 || !rec || !ca || agree < 0 || !payload ||
        form_signature_svg(pts, 360, 400, 150, svg, 16384) != KIOSK_OK ||
        form_base64(svg, strlen(svg), b64, OUTBOX_FORM_SIGNATURE_MAX) != KIOSK_OK ||
        form_answer_option(consent, ca, agree, consent->items[agree].option_first) != KIOSK_OK) {
        fprintf(stderr, "bench_forms: signature not made\n");
        return 1;
    }
    struct form_submit who = {"form-privacy-p1", "p1", "", "hi", "image/svg+xml", b64, 0};
    if (form_outbox_record(consent, ca, &who, rec) != KIOSK_OK ||
        outbox_encode(rec, payload, payload_size) != KIOSK_OK) {
        fprintf(stderr, "bench_forms: consent record not made\n");
        return 1;
    }
    printf("forms: one signed consent (360-point signature, SVG %zu bytes, base64 %zu): "
           "outbox payload %zu bytes\n",
           strlen(svg), strlen(b64), strlen(payload));
    (void)sink;
    kmem_free(payload);
    form_answers_free(ca);
    kmem_free(rec);
    kmem_free(svg);
    kmem_free(b64);
    kmem_free(items);
    form_answers_free(a);
    form_free(f);
    form_free(consent);
    return 0;
}
