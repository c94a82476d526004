/* Fuzz target: Questionnaires and form Tasks as a server (or anything on
 * the path) might send them. Reading, then everything the filler does with
 * a form (initial answers, enableWhen, pages, missing items, dropping
 * disabled answers, every option chosen) must not crash, leak or loop; a
 * form read without a desk reason must have usable items. */
#include "firmware/core/mem.h"
#include "firmware/sync/fhir_forms.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fill(struct form *f)
{
    struct form_answers *a = form_answers_new(f);
    if (!a)
        return;
    int pages[FORM_MAX_PAGES];
    for (int i = 0; i < f->item_count; i++) {
        const struct form_item *it = &f->items[i];
        if (!it->link_id || !it->link_id[0])
            __builtin_trap(); /* accepted means usable */
        for (int o = 0; o < it->option_count; o++)
            form_answer_option(f, a, i, it->option_first + o);
        struct form_value v;
        if (form_value_parse(it->type, it->max_length, "1", &v) == FORM_IN_OK)
            form_answer_set(f, a, i, &v);
        if (form_pages(f, a, pages) > FORM_MAX_PAGES)
            __builtin_trap();
    }
    form_first_missing(f, a);
    form_drop_disabled(f, a);
    form_has_lang(f, "hi");
    form_answers_free(a);
}

static void read_one(struct fjson *res)
{
    struct fhir_form_task t;
    if (fhir_read_form_task(res, &t) == KIOSK_OK && (!t.canonical || !t.patient_id[0]))
        __builtin_trap();
    struct form *f = form_new();
    if (!f)
        return;
    if (fhir_read_questionnaire(res, f) == KIOSK_OK && !form_desk_reason(f))
        fill(f);
    form_free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fjson_doc *d = NULL;
    if (fjson_parse((const char *)data, size, 1 << 20, &d) != KIOSK_OK)
        return 0;
    struct fjson *root = fjson_root(d);
    read_one(root);
    size_t n = fhir_bundle_count(root);
    for (size_t i = 0; i < n && i < 100; i++)
        read_one(fhir_bundle_resource(root, i));
    fjson_doc_free(d);
    return 0;
}
