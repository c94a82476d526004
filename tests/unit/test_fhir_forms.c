/* Reading form Tasks and Questionnaires (firmware/sync/fhir_forms.c) into
 * the forms model: the four seeded forms (tests/fixtures/forms, the same
 * files the test peer serves), translations, enableWhen, consents, and
 * what sends a form to the desk. */
#include "firmware/core/file.h"
#include "firmware/core/mem.h"
#include "firmware/sync/fhir_forms.h"
#include "ktest.h"

#include <stdio.h>
#include <string.h>

static struct form *load(const char *name)
{
    char *text = NULL;
    size_t len = 0;
    struct fjson_doc *d = NULL;
    struct form *f = NULL;
    if (kfile_read_in(KIOSK_SOURCE_DIR "/tests/fixtures/forms", name, 1 << 20, &text, &len) !=
        KIOSK_OK)
        return NULL;
    if (fjson_parse(text, len, 1 << 20, &d) == KIOSK_OK) {
        f = form_new();
        if (f && fhir_read_questionnaire(fjson_root(d), f) != KIOSK_OK) {
            form_free(f);
            f = NULL;
        }
    }
    fjson_doc_free(d);
    kmem_free(text);
    return f;
}

static struct form *from_text(const char *json, enum kiosk_err *err)
{
    struct fjson_doc *d = NULL;
    struct form *f = NULL;
    *err = fjson_parse(json, strlen(json), 1 << 20, &d);
    if (*err == KIOSK_OK) {
        f = form_new();
        *err = fhir_read_questionnaire(fjson_root(d), f);
    }
    fjson_doc_free(d);
    return f;
}

static const char *const langs[] = {"en", "pt-BR", "hi", "es"};

static enum ktest_result seeded_forms_read(void)
{
    static const char *const files[] = {"intake.json", "medical-history.json", "privacy-ack.json",
                                        "research-consent.json"};
    for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
        struct form *f = load(files[k]);
        if (!f)
            KT_FAIL_AT("%s: not read (%s)", files[k], kiosk_err_detail());
        if (form_desk_reason(f))
            KT_FAIL_AT("%s: desk: %s", files[k], form_desk_reason(f));
        for (size_t l = 0; l < 4; l++)
            if (!form_has_lang(f, langs[l]))
                KT_FAIL_AT("%s: no %s", files[k], langs[l]);
        KT_ASSERT(f->minutes > 0);
        KT_ASSERT(strncmp(f->url, "https://demo-hospital.example/fhir/Questionnaire/", 49) == 0);
        KT_ASSERT(f->version[0]);
        form_free(f);
    }
    return KTEST_PASS;
}

static enum ktest_result intake_branches(void)
{
    struct form *f = load("intake.json");
    KT_ASSERT(f);
    KT_EQ_STR(f->version, "2");
    KT_EQ_INT(f->minutes, 4);
    KT_EQ_STR(form_text_in(&f->title, f->lang, "pt-BR"), "Antes da sua consulta");
    KT_EQ_STR(form_text_in(&f->title, f->lang, "en"), "Before your visit");
    int name = form_find(f, "patient-name"), dob = form_find(f, "birth-date");
    int pain = form_find(f, "pain"), level = form_find(f, "pain-level");
    int where = form_find(f, "pain-where"), other = form_find(f, "pain-other");
    int smoker = form_find(f, "smoker"), tobacco = form_find(f, "tobacco");
    int quit = form_find(f, "quit-date");
    KT_ASSERT(name >= 0 && dob >= 0 && pain >= 0 && level >= 0 && where >= 0 && other >= 0);
    KT_EQ_INT(f->items[name].prefill, FORM_PREFILL_NAME);
    KT_EQ_INT(f->items[dob].prefill, FORM_PREFILL_BIRTH_DATE);
    KT_EQ_INT(f->items[name].max_length, 80);
    KT_EQ_INT(f->items[form_find(f, "reason")].type, FORM_TEXT);
    KT_EQ_INT(f->items[form_find(f, "weight")].type, FORM_DECIMAL);
    KT_EQ_INT(f->items[quit].parent, tobacco);
    KT_ASSERT(f->items[tobacco].cond_count == 2 && !f->items[tobacco].behavior_any);
    KT_EQ_STR(form_text_in(&f->options[f->items[where].option_first].display, f->lang, "hi"),
              "सिर");

    struct form_answers *a = form_answers_new(f);
    KT_ASSERT(!form_item_enabled(f, a, level));
    KT_ASSERT(!form_item_enabled(f, a, tobacco)); /* smoker unanswered: exists false */
    struct form_value yes = {.kind = FORM_V_BOOL, .b = true};
    KT_EQ_INT(form_answer_set(f, a, pain, &yes), KIOSK_OK);
    KT_ASSERT(form_item_enabled(f, a, level));
    KT_ASSERT(!form_item_enabled(f, a, other));
    KT_EQ_INT(form_answer_option(f, a, where, f->items[where].option_first + 3), KIOSK_OK);
    KT_ASSERT(form_item_enabled(f, a, other));
    KT_EQ_INT(form_answer_option(f, a, smoker, f->items[smoker].option_first),
              KIOSK_OK); /* never */
    KT_ASSERT(!form_item_enabled(f, a, tobacco));
    KT_EQ_INT(form_answer_option(f, a, smoker, f->items[smoker].option_first + 1), KIOSK_OK);
    KT_ASSERT(form_item_enabled(f, a, tobacco) && form_item_enabled(f, a, quit));
    KT_EQ_INT(form_answer_option(f, a, smoker, f->items[smoker].option_first + 2), KIOSK_OK);
    KT_ASSERT(form_item_enabled(f, a, tobacco) && !form_item_enabled(f, a, quit));
    int pages[FORM_MAX_PAGES];
    KT_EQ_INT(form_pages(f, a, pages), 11); /* tobacco is one small-group page (per-day) */
    form_answers_free(a);
    form_free(f);
    return KTEST_PASS;
}

static enum ktest_result consents_read(void)
{
    struct form *f = load("privacy-ack.json");
    KT_ASSERT(f);
    KT_EQ_INT(f->consent, FORM_CONSENT_PRIVACY);
    KT_EQ_STR(f->consent_category, "57016-8");
    KT_ASSERT(f->signature_required); /* from the item's extension */
    int agree = form_find(f, "agree");
    KT_EQ_INT(f->items[agree].option_count, 2);
    struct form_answers *a = form_answers_new(f);
    KT_EQ_INT(a->count[agree], 0); /* never preselected */
    KT_EQ_INT(form_first_missing(f, a), agree);
    form_answers_free(a);
    form_free(f);
    f = load("research-consent.json");
    KT_ASSERT(f);
    KT_EQ_INT(f->consent, FORM_CONSENT_RESEARCH);
    KT_EQ_STR(f->consent_category, "59284-0");
    form_free(f);
    f = load("medical-history.json");
    KT_ASSERT(f);
    KT_EQ_INT(f->consent, FORM_CONSENT_NONE);
    KT_ASSERT(f->items[form_find(f, "medications")].repeats);
    KT_EQ_INT(f->items[form_find(f, "allergies")].type, FORM_OPEN_CHOICE);
    form_free(f);
    return KTEST_PASS;
}

static enum ktest_result value_sets_and_desk(void)
{
    enum kiosk_err err;
    struct form *f = from_text(
        "{\"resourceType\":\"Questionnaire\",\"url\":\"http://x/q\",\"contained\":[{"
        "\"resourceType\":\"ValueSet\",\"id\":\"vs\",\"expansion\":{\"contains\":["
        "{\"system\":\"http://s\",\"code\":\"a\",\"display\":\"A\"},{\"system\":\"http://s\","
        "\"code\":\"b\"}]}}],\"item\":[{\"linkId\":\"c\",\"type\":\"choice\",\"text\":\"C\","
        "\"answerValueSet\":\"#vs\"},{\"linkId\":\"n\",\"type\":\"decimal\","
        "\"initial\":[{\"valueDecimal\":1.50}]}]}",
        &err);
    KT_EQ_INT(err, KIOSK_OK);
    KT_ASSERT(form_desk_reason(f) == NULL);
    KT_EQ_INT(f->items[0].option_count, 2);
    KT_EQ_STR(f->options[1].display.base, "b");
    KT_EQ_STR(f->items[1].initial[0].text, "1.50"); /* the exact decimal text */
    KT_EQ_STR(f->version, "");
    form_free(f);

    static const char *const desk[] = {
        /* answerValueSet not expanded in the resource */
        "{\"resourceType\":\"Questionnaire\",\"url\":\"http://x/q\",\"item\":[{\"linkId\":\"c\","
        "\"type\":\"choice\",\"answerValueSet\":\"http://loinc.org/vs/LL1\"}]}",
        /* attachment */
        "{\"resourceType\":\"Questionnaire\",\"url\":\"http://x/q\",\"item\":[{\"linkId\":\"c\","
        "\"type\":\"attachment\"}]}",
        /* an operator that does not exist */
        "{\"resourceType\":\"Questionnaire\",\"url\":\"http://x/q\",\"item\":[{\"linkId\":\"a\","
        "\"type\":\"boolean\"},{\"linkId\":\"b\",\"type\":\"string\",\"enableWhen\":[{"
        "\"question\":\"a\",\"operator\":\"~\",\"answerBoolean\":true}]}]}",
        /* two conditions without enableBehavior */
        "{\"resourceType\":\"Questionnaire\",\"url\":\"http://x/q\",\"item\":[{\"linkId\":\"a\","
        "\"type\":\"boolean\"},{\"linkId\":\"b\",\"type\":\"string\",\"enableWhen\":[{"
        "\"question\":\"a\",\"operator\":\"=\",\"answerBoolean\":true},{\"question\":\"a\","
        "\"operator\":\"exists\",\"answerBoolean\":true}]}]}",
        /* a repeating group */
        "{\"resourceType\":\"Questionnaire\",\"url\":\"http://x/q\",\"item\":[{\"linkId\":\"g\","
        "\"type\":\"group\",\"repeats\":true,\"item\":[{\"linkId\":\"a\",\"type\":\"string\"}]}]}",
    };
    for (size_t k = 0; k < sizeof(desk) / sizeof(desk[0]); k++) {
        f = from_text(desk[k], &err);
        KT_EQ_INT(err, KIOSK_OK);
        if (!form_desk_reason(f))
            KT_FAIL_AT("case %zu: filled at the kiosk", k);
        form_free(f);
    }
    f = from_text("{\"resourceType\":\"Questionnaire\",\"item\":[]}", &err);
    KT_EQ_INT(err, KIOSK_ERR_INVALID); /* no url */
    form_free(f);
    f = from_text("{\"resourceType\":\"Patient\",\"url\":\"http://x/q\"}", &err);
    KT_EQ_INT(err, KIOSK_ERR_INVALID);
    form_free(f);
    return KTEST_PASS;
}

static enum ktest_result tasks_read(void)
{
    const char *json =
        "{\"resourceType\":\"Task\",\"id\":\"t1\",\"meta\":{\"versionId\":\"3\"},\"status\":"
        "\"requested\",\"intent\":\"order\",\"code\":{\"coding\":[{\"system\":\"" FHIR_SDC_TEMP
        "\",\"code\":\"complete-questionnaire\"}]},\"for\":{\"reference\":\"Patient/p1\"},"
        "\"basedOn\":[{\"reference\":\"Appointment/"
        "a10\"}],\"extension\":[{\"url\":\"" FHIR_EXT_OPTIONAL
        "\",\"valueBoolean\":true}],\"input\":[{\"type\":{\"coding\":[{\"system\":\"" FHIR_SDC_TEMP
        "\",\"code\":\"questionnaire\"}]},\"valueCanonical\":\"https://h/Questionnaire/q|2\"}]}";
    struct fjson_doc *d = NULL;
    KT_EQ_INT(fjson_parse(json, strlen(json), 1 << 16, &d), KIOSK_OK);
    struct fhir_form_task t;
    KT_EQ_INT(fhir_read_form_task(fjson_root(d), &t), KIOSK_OK);
    KT_EQ_STR(t.meta.id, "t1");
    KT_EQ_STR(t.patient_id, "p1");
    KT_EQ_STR(t.appointment_id, "a10");
    KT_EQ_STR(t.canonical, "https://h/Questionnaire/q|2");
    KT_ASSERT(t.open && t.optional);
    char url[128], ver[32];
    KT_ASSERT(fhir_canonical_split(t.canonical, url, sizeof(url), ver, sizeof(ver)));
    KT_EQ_STR(url, "https://h/Questionnaire/q");
    KT_EQ_STR(ver, "2");
    KT_ASSERT(fhir_canonical_split("https://h/Q/x", url, sizeof(url), ver, sizeof(ver)));
    KT_EQ_STR(ver, "");
    KT_ASSERT(!fhir_canonical_split("|2", url, sizeof(url), ver, sizeof(ver)));
    /* done: no longer owed */
    fjson_set_str(fjson_root(d), "status", "completed");
    KT_EQ_INT(fhir_read_form_task(fjson_root(d), &t), KIOSK_OK);
    KT_ASSERT(!t.open);
    /* another Task code is not a form request */
    fjson_doc_free(d);
    const char *other = "{\"resourceType\":\"Task\",\"id\":\"t2\",\"status\":\"requested\","
                        "\"code\":{\"text\":\"call back\"},\"for\":{\"reference\":\"Patient/p1\"}}";
    KT_EQ_INT(fjson_parse(other, strlen(other), 1 << 16, &d), KIOSK_OK);
    KT_EQ_INT(fhir_read_form_task(fjson_root(d), &t), KIOSK_ERR_INVALID);
    fjson_doc_free(d);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"seeded_forms_read", seeded_forms_read},
    {"intake_branches", intake_branches},
    {"consents_read", consents_read},
    {"value_sets_and_desk", value_sets_and_desk},
    {"tasks_read", tasks_read},
};
KTEST_MAIN(tests)
