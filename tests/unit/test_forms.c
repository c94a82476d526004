/* The forms model (firmware/forms): every item type, enableWhen with every
 * operator and enableBehavior, disabled items and their answers, required,
 * repeats, maxLength, initial values, pages, translations, the desk. */
#include "firmware/forms/forms.h"
#include "ktest.h"

static struct form_value vbool(bool b)
{
    struct form_value v = {.kind = FORM_V_BOOL, .b = b};
    return v;
}

static struct form_value vint(int64_t i)
{
    struct form_value v = {.kind = FORM_V_INT, .i = i};
    return v;
}

static struct form_value vcode(const char *system, const char *code)
{
    struct form_value v = {.kind = FORM_V_CODING, .system = system, .code = code};
    return v;
}

static struct form_value typed(enum form_type t, const char *text)
{
    struct form_value v;
    if (form_value_parse(t, 0, text, &v) != FORM_IN_OK)
        v.kind = FORM_V_NONE;
    return v;
}

static void cond(struct form *f, int item, const char *q, enum form_op op, struct form_value v)
{
    struct form_item *it = &f->items[item];
    it->cond[it->cond_count].question_link = form_strdup(f, q);
    it->cond[it->cond_count].op = op;
    it->cond[it->cond_count].value = v;
    it->cond_count++;
}

/* One question "q" of type t, and "dep" enabled when q op value. */
static struct form *pair(const char *type, enum form_op op, struct form_value value)
{
    struct form *f = form_new();
    int q = form_add_item(f, -1, "q", type);
    if (strcmp(type, "choice") == 0) {
        struct form_value a = vcode("http://x", "a"), b = vcode("http://x", "b");
        form_add_option(f, q, &a);
        form_add_option(f, q, &b);
    }
    int d = form_add_item(f, -1, "dep", "string");
    cond(f, d, "q", op, value);
    form_finish(f);
    return f;
}

static enum ktest_result test_types(void)
{
    static const char *const codes[] = {"group", "display", "boolean", "decimal", "integer",
                                        "date",  "string",  "text",    "choice",  "open-choice"};
    for (int t = 0; t < FORM_UNSUPPORTED; t++) {
        KT_EQ_INT(form_type_of(codes[t]), t);
        KT_EQ_STR(form_type_code((enum form_type)t), codes[t]);
    }
    static const char *const no[] = {"dateTime",  "time",     "url",      "attachment",
                                     "reference", "quantity", "question", ""};
    for (size_t k = 0; k < sizeof(no) / sizeof(no[0]); k++)
        KT_EQ_INT(form_type_of(no[k]), FORM_UNSUPPORTED);
    KT_ASSERT(!form_type_is_question(FORM_GROUP));
    KT_ASSERT(!form_type_is_question(FORM_DISPLAY));
    KT_ASSERT(form_type_is_question(FORM_OPEN_CHOICE));
    return KTEST_PASS;
}

static enum ktest_result test_parse_values(void)
{
    struct form_value v;
    KT_EQ_INT(form_value_parse(FORM_INTEGER, 0, "42", &v), FORM_IN_OK);
    KT_EQ_INT(v.kind, FORM_V_INT);
    KT_EQ_INT(v.i, 42);
    KT_EQ_INT(form_value_parse(FORM_INTEGER, 0, "-7", &v), FORM_IN_OK);
    KT_EQ_INT(v.i, -7);
    KT_EQ_INT(form_value_parse(FORM_INTEGER, 0, "4.2", &v), FORM_IN_NOT_NUMBER);
    KT_EQ_INT(form_value_parse(FORM_INTEGER, 0, "abc", &v), FORM_IN_NOT_NUMBER);
    KT_EQ_INT(form_value_parse(FORM_INTEGER, 0, "9999999999", &v), FORM_IN_OUT_OF_RANGE);
    KT_EQ_INT(form_value_parse(FORM_INTEGER, 0, "", &v), FORM_IN_EMPTY);

    KT_EQ_INT(form_value_parse(FORM_DECIMAL, 0, "72.50", &v), FORM_IN_OK);
    KT_EQ_INT(v.kind, FORM_V_DEC);
    KT_EQ_INT(v.i, 72500000);
    KT_EQ_STR(v.text, "72.50"); /* the exact text is what is sent */
    KT_EQ_INT(form_value_parse(FORM_DECIMAL, 0, "1,5", &v), FORM_IN_OK);
    KT_EQ_STR(v.text, "1.5");
    KT_EQ_INT(v.i, 1500000);
    KT_EQ_INT(form_value_parse(FORM_DECIMAL, 0, "1.", &v), FORM_IN_NOT_NUMBER);
    KT_EQ_INT(form_value_parse(FORM_DECIMAL, 0, "0.0000001", &v), FORM_IN_OUT_OF_RANGE);

    KT_EQ_INT(form_value_parse(FORM_DATE, 0, "2024-02-29", &v), FORM_IN_OK);
    KT_EQ_INT(v.kind, FORM_V_DATE);
    KT_EQ_INT(form_value_parse(FORM_DATE, 0, "2023-02-29", &v), FORM_IN_BAD_DATE);
    KT_EQ_INT(form_value_parse(FORM_DATE, 0, "2023-13-01", &v), FORM_IN_BAD_DATE);
    KT_EQ_INT(form_value_parse(FORM_DATE, 0, "01/02/2023", &v), FORM_IN_BAD_DATE);

    KT_EQ_INT(form_value_parse(FORM_STRING, 5, "héllo", &v), FORM_IN_OK); /* 5 characters */
    KT_EQ_INT(form_value_parse(FORM_STRING, 5, "héllo!", &v), FORM_IN_TOO_LONG);
    KT_EQ_INT(form_value_parse(FORM_STRING, 0, "two\nlines", &v), FORM_IN_BAD_TEXT);
    KT_EQ_INT(form_value_parse(FORM_TEXT, 0, "two\nlines", &v), FORM_IN_OK);
    KT_EQ_INT(v.kind, FORM_V_STRING);
    KT_EQ_INT(form_value_parse(FORM_STRING, 0, "\xff\xfe", &v), FORM_IN_BAD_TEXT);
    KT_EQ_INT(form_value_parse(FORM_OPEN_CHOICE, 0, "other", &v), FORM_IN_OK);
    KT_EQ_INT(form_value_parse(FORM_BOOLEAN, 0, "yes", &v), FORM_IN_WRONG_TYPE);
    KT_EQ_INT(form_value_parse(FORM_CHOICE, 0, "a", &v), FORM_IN_WRONG_TYPE);
    char big[FORM_VALUE_MAX + 4];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    KT_EQ_INT(form_value_parse(FORM_TEXT, 0, big, &v), FORM_IN_TOO_LONG);
    return KTEST_PASS;
}

/* Each operator on each comparable type, answered, unanswered, disabled. */
static enum ktest_result test_enable_when_ops(void)
{
    static const struct {
        const char *type, *answer; /* answer NULL: none */
        enum form_op op;
        const char *value;
        bool enabled;
    } cases[] = {
        {"integer", "5", FORM_OP_EQ, "5", true},
        {"integer", "4", FORM_OP_EQ, "5", false},
        {"integer", "4", FORM_OP_NE, "5", true},
        {"integer", "5", FORM_OP_NE, "5", false},
        {"integer", NULL, FORM_OP_NE, "5", true},
        {"integer", NULL, FORM_OP_EQ, "5", false},
        {"integer", "6", FORM_OP_GT, "5", true},
        {"integer", "5", FORM_OP_GT, "5", false},
        {"integer", "4", FORM_OP_LT, "5", true},
        {"integer", "5", FORM_OP_LT, "5", false},
        {"integer", "5", FORM_OP_GE, "5", true},
        {"integer", "4", FORM_OP_GE, "5", false},
        {"integer", "5", FORM_OP_LE, "5", true},
        {"integer", "6", FORM_OP_LE, "5", false},
        {"integer", NULL, FORM_OP_GT, "5", false},
        {"decimal", "5.5", FORM_OP_GT, "5.25", true},
        {"decimal", "5.25", FORM_OP_GE, "5.25", true},
        {"decimal", "5.2", FORM_OP_GE, "5.25", false},
        {"date", "2020-01-02", FORM_OP_GT, "2020-01-01", true},
        {"date", "2019-12-31", FORM_OP_GT, "2020-01-01", false},
        {"date", "2020-01-01", FORM_OP_LE, "2020-01-01", true},
        {"string", "abc", FORM_OP_EQ, "abc", true},
        {"string", "abd", FORM_OP_EQ, "abc", false},
        {"string", "abc", FORM_OP_NE, "abd", true},
        {"text", "b", FORM_OP_GT, "a", true},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        enum form_type t = form_type_of(cases[k].type);
        struct form *f = pair(cases[k].type, cases[k].op, typed(t, cases[k].value));
        struct form_answers *a = form_answers_new(f);
        KT_ASSERT(form_desk_reason(f) == NULL);
        if (cases[k].answer) {
            struct form_value v = typed(t, cases[k].answer);
            KT_EQ_INT(form_answer_set(f, a, 0, &v), KIOSK_OK);
        }
        bool on = form_item_enabled(f, a, 1);
        form_answers_free(a);
        form_free(f);
        if (on != cases[k].enabled)
            KT_FAIL_AT("case %zu: %s %s op %d %s -> %d", k, cases[k].type,
                       cases[k].answer ? cases[k].answer : "(none)", (int)cases[k].op,
                       cases[k].value, on);
    }
    return KTEST_PASS;
}

static enum ktest_result test_enable_when_bool_choice_exists(void)
{
    struct form *f = pair("boolean", FORM_OP_EQ, vbool(true));
    struct form_answers *a = form_answers_new(f);
    KT_ASSERT(!form_item_enabled(f, a, 1));
    struct form_value no = vbool(false), yes = vbool(true);
    form_answer_set(f, a, 0, &no);
    KT_ASSERT(!form_item_enabled(f, a, 1));
    form_answer_set(f, a, 0, &yes);
    KT_ASSERT(form_item_enabled(f, a, 1));
    form_answers_free(a);
    form_free(f);

    /* choice: by coding; a condition without a system matches any system. */
    f = pair("choice", FORM_OP_EQ, vcode(NULL, "b"));
    a = form_answers_new(f);
    KT_EQ_INT(form_answer_option(f, a, 0, 0), KIOSK_OK);
    KT_ASSERT(!form_item_enabled(f, a, 1));
    KT_EQ_INT(form_answer_option(f, a, 0, 1), KIOSK_OK);
    KT_ASSERT(form_item_enabled(f, a, 1));
    KT_EQ_INT(a->count[0], 1); /* not repeating: replaced */
    struct form_value other = vcode("http://x", "zzz");
    KT_EQ_INT(form_answer_set(f, a, 0, &other), KIOSK_ERR_INVALID); /* not an option */
    form_answers_free(a);
    form_free(f);

    f = pair("choice", FORM_OP_EQ, vcode("http://other", "b"));
    a = form_answers_new(f);
    form_answer_option(f, a, 0, 1);
    KT_ASSERT(!form_item_enabled(f, a, 1)); /* other system */
    form_answers_free(a);
    form_free(f);

    /* exists true / false */
    f = pair("string", FORM_OP_EXISTS, vbool(true));
    a = form_answers_new(f);
    KT_ASSERT(!form_item_enabled(f, a, 1));
    struct form_value s = typed(FORM_STRING, "x");
    form_answer_set(f, a, 0, &s);
    KT_ASSERT(form_item_enabled(f, a, 1));
    form_answers_free(a);
    form_free(f);
    f = pair("string", FORM_OP_EXISTS, vbool(false));
    a = form_answers_new(f);
    KT_ASSERT(form_item_enabled(f, a, 1));
    form_answer_set(f, a, 0, &s);
    KT_ASSERT(!form_item_enabled(f, a, 1));
    form_answers_free(a);
    form_free(f);

    /* exists with a non-boolean value: the desk */
    f = pair("string", FORM_OP_EXISTS, vint(1));
    KT_ASSERT(form_desk_reason(f) != NULL);
    form_free(f);
    return KTEST_PASS;
}

/* enableBehavior all / any, a disabled question counts as unanswered, a
 * disabled group disables its children, answers dropped, required lifted. */
static enum ktest_result test_behavior_children_drop(void)
{
    struct form *f = form_new();
    int smoke = form_add_item(f, -1, "smoke", "boolean");
    int age = form_add_item(f, -1, "age", "integer");
    int grp = form_add_item(f, -1, "tobacco", "group");
    int per_day = form_add_item(f, grp, "per-day", "integer");
    int since = form_add_item(f, grp, "since", "date");
    int either = form_add_item(f, -1, "either", "string");
    int after = form_add_item(f, -1, "after", "string"); /* depends on per-day */
    cond(f, grp, "smoke", FORM_OP_EQ, vbool(true));
    cond(f, grp, "age", FORM_OP_GE, vint(18));
    cond(f, either, "smoke", FORM_OP_EQ, vbool(true));
    cond(f, either, "age", FORM_OP_GE, vint(65));
    f->items[either].behavior_any = true;
    cond(f, after, "per-day", FORM_OP_GT, vint(10));
    f->items[per_day].required = true;
    f->items[age].required = true;
    form_finish(f);
    KT_ASSERT(form_desk_reason(f) == NULL);

    struct form_answers *a = form_answers_new(f);
    bool en[FORM_MAX_ITEMS];
    form_enabled(f, a, en);
    KT_ASSERT(en[smoke] && en[age] && !en[grp] && !en[per_day] && !en[since] && !en[either]);
    KT_EQ_INT(form_first_missing(f, a), age); /* per-day is disabled: not required */

    struct form_value yes = vbool(true), n17 = vint(17), n30 = vint(30), n70 = vint(70);
    form_answer_set(f, a, smoke, &yes);
    form_answer_set(f, a, age, &n17);
    form_enabled(f, a, en);
    KT_ASSERT(!en[grp] && !en[per_day]); /* all: age < 18 */
    KT_ASSERT(en[either]);               /* any: smoke */
    form_answer_set(f, a, age, &n30);
    form_enabled(f, a, en);
    KT_ASSERT(en[grp] && en[per_day] && en[since]);
    KT_EQ_INT(form_first_missing(f, a), per_day);
    form_answer_set(f, a, per_day, &n30);
    KT_EQ_INT(form_first_missing(f, a), -1);
    KT_ASSERT(form_item_enabled(f, a, after));

    /* No longer a smoker: the group, its children and what hangs on them go. */
    struct form_value no = vbool(false);
    form_answer_set(f, a, smoke, &no);
    form_enabled(f, a, en);
    KT_ASSERT(!en[grp] && !en[per_day] && !en[since] && !en[either]);
    KT_ASSERT(!en[after]); /* per-day disabled counts as unanswered */
    form_answer_set(f, a, age, &n70);
    KT_ASSERT(form_item_enabled(f, a, either));
    form_drop_disabled(f, a);
    KT_EQ_INT(a->count[per_day], 0);
    KT_EQ_INT(a->count[age], 1);
    KT_EQ_INT(form_first_missing(f, a), -1);
    form_answers_free(a);
    form_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_cycle_disabled(void)
{
    struct form *f = form_new();
    form_add_item(f, -1, "a", "boolean");
    form_add_item(f, -1, "b", "boolean");
    cond(f, 0, "b", FORM_OP_EXISTS, vbool(false));
    cond(f, 1, "a", FORM_OP_EXISTS, vbool(false));
    form_finish(f);
    KT_ASSERT(form_desk_reason(f) != NULL); /* a circle: the desk, not a guess */
    struct form_answers *a = form_answers_new(f);
    bool en[FORM_MAX_ITEMS];
    form_enabled(f, a, en); /* still terminates */
    form_answers_free(a);
    form_free(f);
    /* a child asking about its own group's question is no circle */
    f = form_new();
    int g = form_add_item(f, -1, "g", "group");
    form_add_item(f, g, "g1", "boolean");
    form_add_item(f, g, "g2", "string");
    cond(f, 2, "g1", FORM_OP_EQ, vbool(true));
    form_finish(f);
    KT_ASSERT(form_desk_reason(f) == NULL);
    form_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_repeats_initial_required(void)
{
    struct form *f = form_new();
    int meds = form_add_item(f, -1, "medications", "string");
    int cond_ = form_add_item(f, -1, "conditions", "choice");
    int open = form_add_item(f, -1, "allergy", "open-choice");
    int note = form_add_item(f, -1, "note", "display");
    int smoker = form_add_item(f, -1, "smoker", "boolean");
    f->items[meds].repeats = true;
    f->items[cond_].repeats = true;
    f->items[cond_].required = true;
    struct form_value o1 = vcode("http://snomed.info/sct", "38341003");
    struct form_value o2 = vcode("http://snomed.info/sct", "73211009");
    struct form_value pen = vcode("http://snomed.info/sct", "91936005");
    form_add_option(f, cond_, &o1);
    int o2i = form_add_option(f, cond_, &o2);
    int peni = form_add_option(f, open, &pen);
    f->options[o2i].initial_selected = true;
    f->items[smoker].initial[0] = vbool(false);
    f->items[smoker].initial_count = 1;
    form_finish(f);
    KT_ASSERT(form_desk_reason(f) == NULL);

    struct form_answers *a = form_answers_new(f);
    KT_EQ_INT(a->count[smoker], 1);
    KT_ASSERT(!a->v[smoker][0].b);
    KT_ASSERT(form_option_chosen(f, a, cond_, o2i));
    /* toggle: unselect the initial one, then the form misses a required answer */
    KT_EQ_INT(form_answer_option(f, a, cond_, o2i), KIOSK_OK);
    KT_EQ_INT(a->count[cond_], 0);
    KT_EQ_INT(form_first_missing(f, a), cond_);
    KT_EQ_INT(form_answer_option(f, a, cond_, o2i - 1), KIOSK_OK);
    KT_EQ_INT(form_answer_option(f, a, cond_, o2i), KIOSK_OK);
    KT_EQ_INT(a->count[cond_], 2);
    KT_EQ_INT(form_answer_option(f, a, cond_, peni), KIOSK_ERR_INVALID); /* not its option */
    KT_EQ_INT(form_first_missing(f, a), -1);

    /* add another, up to the limit; remove keeps the order */
    static const char *const names[] = {"aspirin", "metformin", "a", "b", "c", "d", "e"};
    for (int k = 0; k < FORM_MAX_REPEATS; k++) {
        struct form_value v = typed(FORM_STRING, names[k]);
        KT_EQ_INT(form_answer_add(f, a, meds, &v), KIOSK_OK);
    }
    struct form_value extra = typed(FORM_STRING, names[6]);
    KT_EQ_INT(form_answer_add(f, a, meds, &extra), KIOSK_ERR_FULL);
    form_answer_remove(a, meds, 0);
    KT_EQ_STR(a->v[meds][0].text, "metformin");
    KT_EQ_INT(a->count[meds], FORM_MAX_REPEATS - 1);

    /* a non-repeating item takes one answer; the wrong kind is refused */
    struct form_value t = vbool(true);
    KT_EQ_INT(form_answer_add(f, a, smoker, &t), KIOSK_ERR_INVALID);
    struct form_value s = typed(FORM_STRING, "yes");
    KT_EQ_INT(form_answer_set(f, a, smoker, &s), KIOSK_ERR_INVALID);
    KT_EQ_INT(form_answer_set(f, a, note, &s), KIOSK_ERR_INVALID); /* display takes none */

    /* open-choice: an option or free text */
    KT_EQ_INT(form_answer_option(f, a, open, peni), KIOSK_OK);
    struct form_value free_text = typed(FORM_OPEN_CHOICE, "latex");
    KT_EQ_INT(form_answer_set(f, a, open, &free_text), KIOSK_OK);
    KT_EQ_STR(a->v[open][0].text, "latex");
    form_answers_free(a);
    form_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_desk(void)
{
    static const char *const bad[] = {"attachment", "dateTime", "quantity", "reference", "??"};
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        struct form *f = form_new();
        form_add_item(f, -1, "ok", "string");
        form_add_item(f, -1, "x", bad[k]);
        form_finish(f);
        KT_ASSERT(form_desk_reason(f) != NULL);
        form_free(f);
    }
    struct form *f = form_new();
    int g = form_add_item(f, -1, "g", "group");
    form_add_item(f, g, "g1", "string");
    f->items[g].repeats = true;
    form_finish(f);
    KT_ASSERT(form_desk_reason(f) != NULL); /* repeating group */
    form_free(f);

    f = form_new();
    form_add_item(f, -1, "a", "string");
    form_add_item(f, -1, "a", "string");
    form_finish(f);
    KT_ASSERT(form_desk_reason(f) != NULL); /* duplicate linkId */
    form_free(f);

    f = pair("integer", FORM_OP_EQ, vint(1));
    KT_ASSERT(form_desk_reason(f) == NULL);
    form_free(f);
    f = form_new();
    form_add_item(f, -1, "a", "string");
    cond(f, 0, "nowhere", FORM_OP_EQ, vint(1));
    form_finish(f);
    KT_ASSERT(form_desk_reason(f) != NULL); /* unknown question */
    form_free(f);

    f = form_new();
    form_add_item(f, -1, "c", "choice"); /* no options (answerValueSet not expanded) */
    form_finish(f);
    KT_ASSERT(form_desk_reason(f) != NULL);
    form_free(f);

    f = form_new();
    for (int k = 0; k < FORM_MAX_ITEMS + 1; k++) {
        char id[16];
        snprintf(id, sizeof(id), "i%d", k);
        form_add_item(f, -1, id, "string");
    }
    form_finish(f);
    KT_ASSERT(form_desk_reason(f) != NULL); /* too many items */
    form_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_pages(void)
{
    struct form *f = form_new();
    int intro = form_add_item(f, -1, "intro", "display");
    int small = form_add_item(f, -1, "contact", "group");
    form_add_item(f, small, "phone", "string");
    form_add_item(f, small, "email", "string");
    int big = form_add_item(f, -1, "history", "group");
    int h[6];
    for (int k = 0; k < 6; k++) {
        char id[16];
        snprintf(id, sizeof(id), "h%d", k);
        h[k] = form_add_item(f, big, id, "boolean");
    }
    cond(f, h[5], "h0", FORM_OP_EQ, vbool(true));
    form_finish(f);
    struct form_answers *a = form_answers_new(f);
    int pages[FORM_MAX_PAGES];
    int n = form_pages(f, a, pages);
    KT_EQ_INT(n, 7); /* intro, contact (one page), h0..h4 */
    KT_EQ_INT(pages[0], intro);
    KT_EQ_INT(pages[1], small);
    KT_EQ_INT(pages[2], h[0]);
    KT_ASSERT(form_page_holds(f, small, small + 1));
    KT_ASSERT(!form_page_holds(f, small, big));
    struct form_value yes = vbool(true);
    form_answer_set(f, a, h[0], &yes);
    KT_EQ_INT(form_pages(f, a, pages), 8); /* h5 appears */
    KT_EQ_INT(pages[7], h[5]);
    form_answers_free(a);
    form_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_translations_prefill(void)
{
    struct form *f = form_new();
    f->title.base = form_strdup(f, "Intake");
    form_text_add(f, &f->title, "pt-BR", "Admissão");
    form_text_add(f, &f->title, "hi", "प्रवेश");
    int q = form_add_item(f, -1, "q", "boolean");
    f->items[q].text.base = form_strdup(f, "Do you smoke?");
    form_text_add(f, &f->items[q].text, "pt-BR", "Você fuma?");
    form_finish(f);
    KT_EQ_STR(form_text_in(&f->title, f->lang, "pt-BR"), "Admissão");
    KT_EQ_STR(form_text_in(&f->title, f->lang, "pt"), "Admissão"); /* same primary language */
    KT_EQ_STR(form_text_in(&f->title, f->lang, "en"), "Intake");
    KT_EQ_STR(form_text_in(&f->title, f->lang, "en-GB"), "Intake");
    KT_ASSERT(form_text_in(&f->title, f->lang, "es") == NULL);
    KT_ASSERT(form_has_lang(f, "pt-BR"));
    KT_ASSERT(!form_has_lang(f, "hi")); /* the title only: says so, offers English */
    KT_ASSERT(form_has_lang(f, "en"));

    KT_EQ_INT(form_prefill_of("54125-0", "x"), FORM_PREFILL_NAME);
    KT_EQ_INT(form_prefill_of(NULL, "birth-date"), FORM_PREFILL_BIRTH_DATE);
    KT_EQ_INT(form_prefill_of("42077-8", NULL), FORM_PREFILL_PHONE);
    KT_EQ_INT(form_prefill_of("1234-5", "q"), FORM_PREFILL_NONE);
    form_free(f);
    return KTEST_PASS;
}

static enum ktest_result test_pool_full(void)
{
    struct form *f = form_new();
    static char big[4096];
    memset(big, 'a', sizeof(big) - 1);
    int added = 0;
    while (form_strdup(f, big))
        added++;
    KT_EQ_INT(added, FORM_POOL_MAX / (int)sizeof(big));
    KT_ASSERT(form_desk_reason(f) != NULL);
    form_free(f);
    return KTEST_PASS;
}

/* The response's item tree: groups as item.item, a question's children
 * under its answer, no display items, nothing disabled, exact decimals,
 * escaped text; the record refuses a missing answer or signature. */
static enum ktest_result response_items_and_record(void)
{
    struct form *f = form_new();
    f->url = form_strdup(f, "https://h/Questionnaire/q");
    f->version = form_strdup(f, "2");
    form_add_item(f, -1, "intro", "display");
    int pain = form_add_item(f, -1, "pain", "boolean");
    int level = form_add_item(f, pain, "level", "integer"); /* under a question */
    int g = form_add_item(f, -1, "g", "group");
    int w = form_add_item(f, g, "weight", "decimal");
    int note = form_add_item(f, g, "note", "text");
    int hidden = form_add_item(f, -1, "hidden", "string");
    f->items[g].text.base = form_strdup(f, "About \"you\"");
    f->items[pain].required = true;
    cond(f, level, "pain", FORM_OP_EQ, vbool(true));
    cond(f, hidden, "pain", FORM_OP_EQ, vbool(false));
    form_finish(f);
    struct form_answers *a = form_answers_new(f);
    struct outbox_record *rec = kmem_alloc(sizeof(*rec));
    struct form_submit who = {"t1", "p1", "", "en", "", "", 1000};
    KT_EQ_INT(form_outbox_record(f, a, &who, rec), KIOSK_ERR_INVALID); /* pain is required */

    struct form_value yes = vbool(true), six = vint(6), s = typed(FORM_STRING, "x");
    struct form_value kg = typed(FORM_DECIMAL, "61.50"), t = typed(FORM_TEXT, "a \"b\"\nc");
    form_answer_set(f, a, hidden, &s); /* disabled: not sent */
    form_answer_set(f, a, pain, &yes);
    form_answer_set(f, a, level, &six);
    form_answer_set(f, a, w, &kg);
    form_answer_set(f, a, note, &t);
    char out[1024];
    KT_EQ_INT(form_response_items(f, a, out, sizeof(out)), KIOSK_OK);
    KT_EQ_STR(out, "[{\"linkId\":\"pain\",\"answer\":[{\"valueBoolean\":true,\"item\":[{\"linkId\":"
                   "\"level\",\"answer\":[{\"valueInteger\":6}]}]}]},{\"linkId\":\"g\",\"text\":"
                   "\"About \\\"you\\\"\",\"item\":[{\"linkId\":\"weight\",\"answer\":[{"
                   "\"valueDecimal\":61.50}]},{\"linkId\":\"note\",\"answer\":[{\"valueString\":"
                   "\"a \\\"b\\\"\\nc\"}]}]}]");
    KT_EQ_INT(form_response_items(f, a, out, 40), KIOSK_ERR_TOO_BIG);
    KT_EQ_STR(out, ""); /* never cut */

    KT_EQ_INT(form_outbox_record(f, a, &who, rec), KIOSK_OK);
    KT_EQ_STR(rec->form.questionnaire, "https://h/Questionnaire/q|2");
    KT_EQ_STR(rec->form.decision, "");
    KT_ASSERT(strstr(rec->form.items, "hidden") == NULL);

    /* a consent: agreed needs the signature, declined does not */
    f->consent = FORM_CONSENT_PRIVACY;
    f->consent_category = form_strdup(f, "57016-8");
    f->signature_required = true;
    KT_EQ_INT(form_outbox_record(f, a, &who, rec), KIOSK_ERR_INVALID); /* agreed (true), unsigned */
    struct form_submit signed_ = {"t1", "p1", "", "en", "image/svg+xml", "PHN2Zy8+", 1000};
    KT_EQ_INT(form_outbox_record(f, a, &signed_, rec), KIOSK_OK);
    KT_EQ_STR(rec->form.decision, "permit");
    KT_EQ_STR(rec->form.consent, "patient-privacy");
    struct form_value no = vbool(false);
    form_answer_set(f, a, pain, &no);
    form_drop_disabled(f, a);
    KT_EQ_INT(form_outbox_record(f, a, &who, rec), KIOSK_OK);
    KT_EQ_STR(rec->form.decision, "deny");
    KT_EQ_STR(rec->form.signature, "");
    kmem_free(rec);
    form_answers_free(a);
    form_free(f);
    return KTEST_PASS;
}

static enum ktest_result signature_and_prefill(void)
{
    struct form_point pts[] = {
        {10, 20, false}, {30, 40, false}, {-5, 500, false}, {50, 60, true}, {70, 80, false}};
    char svg[512], b64[800];
    KT_EQ_INT(form_signature_svg(pts, 5, 400, 150, svg, sizeof(svg)), KIOSK_OK);
    KT_ASSERT(strstr(svg, "d=\"M10 20 L30 40 L0 150 M50 60 L70 80\"") != NULL); /* clamped */
    KT_EQ_INT(form_signature_svg(pts, 5, 400, 150, svg, 60), KIOSK_ERR_TOO_BIG);
    KT_EQ_STR(svg, "");
    KT_EQ_INT(form_signature_svg(pts, 0, 400, 150, svg, sizeof(svg)), KIOSK_ERR_INVALID);
    KT_EQ_INT(form_base64("Ma", 2, b64, sizeof(b64)), KIOSK_OK);
    KT_EQ_STR(b64, "TWE=");
    KT_EQ_INT(form_base64("Man", 3, b64, sizeof(b64)), KIOSK_OK);
    KT_EQ_STR(b64, "TWFu");
    KT_EQ_INT(form_base64("Man", 3, b64, 4), KIOSK_ERR_TOO_BIG);

    struct form *f = form_new();
    int name = form_add_item(f, -1, "patient-name", "string");
    int dob = form_add_item(f, -1, "dob", "date");
    int other = form_add_item(f, -1, "x", "string");
    f->items[name].prefill = FORM_PREFILL_NAME;
    f->items[dob].prefill = FORM_PREFILL_BIRTH_DATE;
    form_finish(f);
    struct form_answers *a = form_answers_new(f);
    bool pre[FORM_MAX_ITEMS];
    KT_EQ_INT(form_prefill_apply(f, a, "Ana Silva", "1984-03-12", "+1 555", pre), 2);
    KT_ASSERT(pre[name] && pre[dob] && !pre[other]);
    KT_EQ_STR(a->v[name][0].text, "Ana Silva");
    KT_EQ_STR(a->v[dob][0].text, "1984-03-12");
    /* an answer the patient gave is never overwritten */
    struct form_value mine = typed(FORM_STRING, "Ana S.");
    form_answer_set(f, a, name, &mine);
    KT_EQ_INT(form_prefill_apply(f, a, "Ana Silva", "bad", NULL, pre), 0);
    KT_EQ_STR(a->v[name][0].text, "Ana S.");
    form_answers_free(a);
    form_free(f);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"signature_and_prefill", signature_and_prefill},
    {"response_items_and_record", response_items_and_record},
    {"types", test_types},
    {"parse_values", test_parse_values},
    {"enable_when_ops", test_enable_when_ops},
    {"enable_when_bool_choice_exists", test_enable_when_bool_choice_exists},
    {"behavior_children_drop", test_behavior_children_drop},
    {"cycle_disabled", test_cycle_disabled},
    {"repeats_initial_required", test_repeats_initial_required},
    {"desk", test_desk},
    {"pages", test_pages},
    {"translations_prefill", test_translations_prefill},
    {"pool_full", test_pool_full},
};
KTEST_MAIN(tests)
