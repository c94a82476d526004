/* The forms model (forms.h): items, answers, enableWhen, pages. Pure. */
#include "forms.h"

#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <string.h>

/* --- types and operators -------------------------------------------------------- */

static const char *const type_codes[] = {
    [FORM_GROUP] = "group",     [FORM_DISPLAY] = "display",
    [FORM_BOOLEAN] = "boolean", [FORM_DECIMAL] = "decimal",
    [FORM_INTEGER] = "integer", [FORM_DATE] = "date",
    [FORM_STRING] = "string",   [FORM_TEXT] = "text",
    [FORM_CHOICE] = "choice",   [FORM_OPEN_CHOICE] = "open-choice",
};

enum form_type form_type_of(const char *code)
{
    if (!code)
        return FORM_UNSUPPORTED;
    for (int t = 0; t < FORM_UNSUPPORTED; t++)
        if (strcmp(type_codes[t], code) == 0)
            return (enum form_type)t;
    return FORM_UNSUPPORTED;
}

const char *form_type_code(enum form_type t)
{
    return t >= 0 && t < FORM_UNSUPPORTED ? type_codes[t] : "unsupported";
}

bool form_type_is_question(enum form_type t)
{
    return t != FORM_GROUP && t != FORM_DISPLAY && t != FORM_UNSUPPORTED;
}

bool form_op_of(const char *code, enum form_op *out)
{
    static const char *const ops[] = {"exists", "=", "!=", ">", "<", ">=", "<="};
    if (!code)
        return false;
    for (int i = 0; i < (int)(sizeof(ops) / sizeof(ops[0])); i++)
        if (strcmp(ops[i], code) == 0) {
            *out = (enum form_op)i;
            return true;
        }
    return false;
}

/* --- values ------------------------------------------------------------------- */

static bool parse_int(const char *s, int64_t *out)
{
    int64_t v = 0;
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        if (v > 100000000000LL)
            return false;
        v = v * 10 + (*s - '0');
    }
    *out = neg ? -v : v;
    return true;
}

/* Decimal text -> millionths. -1: not a number, -2: out of range. */
static int parse_decimal(const char *s, int64_t *out)
{
    int64_t whole = 0, frac = 0;
    int digits = 0, fdigits = 0;
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    for (; *s >= '0' && *s <= '9'; s++, digits++) {
        if (digits >= 12)
            return -2;
        whole = whole * 10 + (*s - '0');
    }
    if (*s == '.' || *s == ',') {
        s++;
        for (; *s >= '0' && *s <= '9'; s++, fdigits++) {
            if (fdigits >= 6) {
                if (*s != '0')
                    return -2;
                continue;
            }
            frac = frac * 10 + (*s - '0');
        }
        if (fdigits == 0)
            return -1;
    }
    if (*s || digits == 0)
        return -1;
    for (int k = fdigits < 6 ? fdigits : 6; k < 6; k++)
        frac *= 10;
    int64_t v = whole * 1000000 + frac;
    *out = neg ? -v : v;
    return 0;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool valid_date(const char *s)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int k = 0; k < 10; k++)
        if (k != 4 && k != 7 && (s[k] < '0' || s[k] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1800 || m < 1 || m > 12 || d < 1)
        return false;
    int md = mdays[m - 1] + (m == 2 && leap(y) ? 1 : 0);
    return d <= md;
}

static enum form_input check_text(const char *text, int max_length, bool multiline)
{
    size_t n = strlen(text);
    if (n >= FORM_VALUE_MAX)
        return FORM_IN_TOO_LONG;
    if (!kstr_utf8_valid(text, n))
        return FORM_IN_BAD_TEXT;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if ((*p < 0x20 && !(multiline && *p == '\n')) || *p == 0x7f)
            return FORM_IN_BAD_TEXT;
    if (max_length > 0 && kstr_utf8_len(text) > (size_t)max_length)
        return FORM_IN_TOO_LONG;
    return FORM_IN_OK;
}

enum form_input form_value_parse(enum form_type t, int max_length, const char *text,
                                 struct form_value *out)
{
    memset(out, 0, sizeof(*out));
    if (!text || !text[0])
        return FORM_IN_EMPTY;
    enum form_input in = check_text(text, max_length, t == FORM_TEXT);
    if (in != FORM_IN_OK)
        return in;
    switch (t) {
    case FORM_INTEGER:
        if (!parse_int(text, &out->i))
            return FORM_IN_NOT_NUMBER;
        if (out->i > INT32_MAX || out->i < INT32_MIN)
            return FORM_IN_OUT_OF_RANGE;
        out->kind = FORM_V_INT;
        break;
    case FORM_DECIMAL: {
        int r = parse_decimal(text, &out->i);
        if (r == -1)
            return FORM_IN_NOT_NUMBER;
        if (r == -2)
            return FORM_IN_OUT_OF_RANGE;
        out->kind = FORM_V_DEC;
        kstr_copy(out->text, sizeof(out->text), text);
        for (char *p = out->text; *p; p++)
            if (*p == ',')
                *p = '.'; /* FHIR decimals use a point */
        if (out->text[0] == '+')
            memmove(out->text, out->text + 1, strlen(out->text));
        return FORM_IN_OK;
    }
    case FORM_DATE:
        if (!valid_date(text))
            return FORM_IN_BAD_DATE;
        out->kind = FORM_V_DATE;
        break;
    case FORM_STRING:
    case FORM_TEXT:
    case FORM_OPEN_CHOICE:
        out->kind = FORM_V_STRING;
        break;
    default:
        return FORM_IN_WRONG_TYPE;
    }
    kstr_copy(out->text, sizeof(out->text), text);
    return FORM_IN_OK;
}

static bool numeric(const struct form_value *v)
{
    return v->kind == FORM_V_INT || v->kind == FORM_V_DEC;
}

static int sign64(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

static bool str_eq(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

bool form_value_cmp(const struct form_value *a, const struct form_value *b, int *out)
{
    if (numeric(a) && numeric(b)) {
        int64_t x = a->kind == FORM_V_INT ? a->i * 1000000 : a->i;
        int64_t y = b->kind == FORM_V_INT ? b->i * 1000000 : b->i;
        *out = sign64(x, y);
        return true;
    }
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case FORM_V_DATE:
    case FORM_V_STRING:
        *out = strcmp(a->text, b->text);
        *out = *out < 0 ? -1 : *out > 0 ? 1 : 0;
        return true;
    default:
        return false;
    }
}

bool form_value_equal(const struct form_value *a, const struct form_value *b)
{
    int c;
    if (a->kind == FORM_V_BOOL && b->kind == FORM_V_BOOL)
        return a->b == b->b;
    if (a->kind == FORM_V_CODING && b->kind == FORM_V_CODING) {
        /* A condition without a system matches the code in any system. */
        if (a->system && a->system[0] && b->system && b->system[0] && !str_eq(a->system, b->system))
            return false;
        return str_eq(a->code, b->code);
    }
    /* An open-choice string answer against a coding condition: by code. */
    if (a->kind == FORM_V_CODING && b->kind == FORM_V_STRING)
        return str_eq(a->code, b->text);
    if (a->kind == FORM_V_STRING && b->kind == FORM_V_CODING)
        return str_eq(a->text, b->code);
    return form_value_cmp(a, b, &c) && c == 0;
}

/* --- texts -------------------------------------------------------------------- */

static bool same_primary(const char *a, const char *b)
{
    size_t na = strcspn(a, "-_"), nb = strcspn(b, "-_");
    return na == nb && strncmp(a, b, na) == 0;
}

const char *form_text_in(const struct form_text *t, const char *form_lang, const char *lang)
{
    if (!t->base)
        return NULL;
    if (!lang || (form_lang && strcmp(form_lang, lang) == 0))
        return t->base;
    for (int k = 0; k < t->tr_count; k++)
        if (strcmp(t->tr[k].lang, lang) == 0)
            return t->tr[k].text;
    for (int k = 0; k < t->tr_count; k++)
        if (same_primary(t->tr[k].lang, lang))
            return t->tr[k].text;
    if (form_lang && same_primary(form_lang, lang))
        return t->base;
    return NULL;
}

/* --- building ------------------------------------------------------------------ */

struct form *form_new(void)
{
    struct form *f = kmem_alloc(sizeof(*f));
    if (f)
        f->lang = "en";
    return f;
}

void form_free(struct form *f)
{
    kmem_free(f);
}

void form_set_desk(struct form *f, const char *reason)
{
    if (!f->desk_reason)
        f->desk_reason = reason;
}

const char *form_strdup(struct form *f, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    if (n > sizeof(f->pool) - f->pool_used) {
        form_set_desk(f, "the form's texts are too long for the kiosk");
        return NULL;
    }
    char *p = f->pool + f->pool_used;
    memcpy(p, s, n);
    f->pool_used += n;
    return p;
}

int form_add_item(struct form *f, int parent, const char *link_id, const char *type_code)
{
    if (f->item_count >= FORM_MAX_ITEMS) {
        form_set_desk(f, "the form has more items than the kiosk shows");
        return -1;
    }
    if (parent >= f->item_count)
        return -1;
    int i = f->item_count;
    struct form_item *it = &f->items[i];
    memset(it, 0, sizeof(*it));
    it->link_id = form_strdup(f, link_id ? link_id : "");
    it->type_code = form_strdup(f, type_code ? type_code : "");
    it->type = form_type_of(type_code);
    it->parent = parent;
    it->depth = parent < 0 ? 0 : f->items[parent].depth + 1;
    it->option_first = f->option_count;
    if (!it->link_id || !it->type_code)
        return -1;
    f->item_count++;
    return i;
}

int form_add_option(struct form *f, int item, const struct form_value *v)
{
    if (item < 0 || item >= f->item_count)
        return -1;
    struct form_item *it = &f->items[item];
    if (f->option_count >= FORM_MAX_OPTIONS) {
        form_set_desk(f, "the form has more answer options than the kiosk shows");
        return -1;
    }
    if (it->option_count == 0)
        it->option_first = f->option_count;
    else if (it->option_first + it->option_count != f->option_count)
        return -1; /* options of one item are contiguous */
    int o = f->option_count++;
    memset(&f->options[o], 0, sizeof(f->options[o]));
    f->options[o].value = *v;
    it->option_count++;
    return o;
}

void form_text_add(struct form *f, struct form_text *t, const char *lang, const char *text)
{
    if (t->tr_count >= FORM_MAX_TR || !lang || !text)
        return;
    const char *l = form_strdup(f, lang), *x = form_strdup(f, text);
    if (!l || !x)
        return;
    t->tr[t->tr_count].lang = l;
    t->tr[t->tr_count].text = x;
    t->tr_count++;
}

int form_find(const struct form *f, const char *link_id)
{
    if (!link_id)
        return -1;
    for (int i = 0; i < f->item_count; i++)
        if (strcmp(f->items[i].link_id, link_id) == 0)
            return i;
    return -1;
}

/* Whether item i reaches itself through parents and enableWhen questions
 * (colour 1: on the path, 2: done). */
static bool depends_on_itself(const struct form *f, int i, unsigned char *colour)
{
    if (colour[i] == 2)
        return false;
    if (colour[i] == 1)
        return true;
    colour[i] = 1;
    const struct form_item *it = &f->items[i];
    if (it->parent >= 0 && depends_on_itself(f, it->parent, colour))
        return true;
    for (int k = 0; k < it->cond_count; k++)
        if (it->cond[k].question >= 0 && depends_on_itself(f, it->cond[k].question, colour))
            return true;
    colour[i] = 2;
    return false;
}

enum kiosk_err form_finish(struct form *f)
{
    if (!f)
        return KIOSK_ERR_INVALID;
    for (int i = 0; i < f->item_count; i++) {
        struct form_item *it = &f->items[i];
        if (!it->link_id[0] || form_find(f, it->link_id) != i)
            form_set_desk(f, "an item without a linkId of its own");
        if (it->type == FORM_UNSUPPORTED)
            form_set_desk(f, "an item type the kiosk does not fill");
        if (it->type == FORM_GROUP && it->repeats)
            form_set_desk(f, "a repeating group");
        if ((it->type == FORM_CHOICE) && it->option_count == 0)
            form_set_desk(f, "a choice without options the kiosk can show");
        if (it->type == FORM_DISPLAY && (it->required || it->repeats))
            form_set_desk(f, "a display item marked required or repeating");
        if (it->signature_required)
            f->signature_required = true;
        for (int k = 0; k < it->cond_count; k++) {
            struct form_cond *c = &it->cond[k];
            c->question = form_find(f, c->question_link);
            if (c->question < 0 || !form_type_is_question(f->items[c->question].type))
                form_set_desk(f, "an enableWhen naming no question of the form");
            else if (c->op == FORM_OP_EXISTS && c->value.kind != FORM_V_BOOL)
                form_set_desk(f, "an enableWhen exists without a boolean");
        }
    }
    unsigned char colour[FORM_MAX_ITEMS] = {0};
    for (int i = 0; i < f->item_count; i++)
        if (depends_on_itself(f, i, colour)) {
            form_set_desk(f, "enableWhen conditions that depend on each other in a circle");
            break;
        }
    if (f->item_count == 0)
        form_set_desk(f, "a form without items");
    return KIOSK_OK;
}

const char *form_desk_reason(const struct form *f)
{
    return f->desk_reason;
}

static bool text_has(const struct form *f, const struct form_text *t, const char *lang)
{
    return !t->base || form_text_in(t, f->lang, lang) != NULL;
}

bool form_has_lang(const struct form *f, const char *lang)
{
    if (!text_has(f, &f->title, lang))
        return false;
    for (int i = 0; i < f->item_count; i++)
        if (!text_has(f, &f->items[i].text, lang))
            return false;
    for (int o = 0; o < f->option_count; o++)
        if (!text_has(f, &f->options[o].display, lang))
            return false;
    return true;
}

enum form_prefill form_prefill_of(const char *loinc_code, const char *link_id)
{
    static const struct {
        const char *loinc, *link;
        enum form_prefill p;
    } map[] = {
        {"54125-0", "patient-name", FORM_PREFILL_NAME},
        {"21112-8", "birth-date", FORM_PREFILL_BIRTH_DATE},
        {"42077-8", "phone", FORM_PREFILL_PHONE},
    };
    for (size_t k = 0; k < sizeof(map) / sizeof(map[0]); k++) {
        if (loinc_code && strcmp(loinc_code, map[k].loinc) == 0)
            return map[k].p;
        if (link_id && strcmp(link_id, map[k].link) == 0)
            return map[k].p;
    }
    return FORM_PREFILL_NONE;
}

/* --- answers ------------------------------------------------------------------ */

static bool is_question(const struct form *f, int item)
{
    return item >= 0 && item < f->item_count && form_type_is_question(f->items[item].type);
}

struct form_answers *form_answers_new(const struct form *f)
{
    struct form_answers *a = kmem_alloc(sizeof(*a));
    if (!a)
        return NULL;
    for (int i = 0; i < f->item_count; i++) {
        const struct form_item *it = &f->items[i];
        if (!is_question(f, i))
            continue;
        for (int k = 0; k < it->initial_count && a->count[i] < FORM_MAX_REPEATS; k++)
            a->v[i][a->count[i]++] = it->initial[k];
        for (int o = 0; o < it->option_count && a->count[i] < FORM_MAX_REPEATS; o++)
            if (f->options[it->option_first + o].initial_selected &&
                (it->repeats || a->count[i] == 0))
                a->v[i][a->count[i]++] = f->options[it->option_first + o].value;
    }
    return a;
}

void form_answers_free(struct form_answers *a)
{
    if (!a)
        return;
    kmem_wipe(a, sizeof(*a));
    kmem_free(a);
}

static int option_of(const struct form *f, int item, const struct form_value *v)
{
    const struct form_item *it = &f->items[item];
    for (int o = 0; o < it->option_count; o++) {
        const struct form_value *ov = &f->options[it->option_first + o].value;
        if (ov->kind == v->kind && form_value_equal(ov, v))
            return it->option_first + o;
    }
    return -1;
}

static bool kind_fits(const struct form *f, int item, const struct form_value *v)
{
    switch (f->items[item].type) {
    case FORM_BOOLEAN:
        return v->kind == FORM_V_BOOL;
    case FORM_DECIMAL:
        return v->kind == FORM_V_DEC;
    case FORM_INTEGER:
        return v->kind == FORM_V_INT;
    case FORM_DATE:
        return v->kind == FORM_V_DATE && valid_date(v->text);
    case FORM_STRING:
    case FORM_TEXT:
        return v->kind == FORM_V_STRING;
    case FORM_CHOICE:
        return option_of(f, item, v) >= 0;
    case FORM_OPEN_CHOICE:
        return v->kind == FORM_V_STRING || option_of(f, item, v) >= 0;
    default:
        return false;
    }
}

enum kiosk_err form_answer_set(const struct form *f, struct form_answers *a, int item,
                               const struct form_value *v)
{
    if (!is_question(f, item) || !kind_fits(f, item, v))
        return KIOSK_ERR_INVALID;
    a->v[item][0] = *v;
    a->count[item] = 1;
    return KIOSK_OK;
}

enum kiosk_err form_answer_add(const struct form *f, struct form_answers *a, int item,
                               const struct form_value *v)
{
    if (!is_question(f, item) || !kind_fits(f, item, v))
        return KIOSK_ERR_INVALID;
    if (!f->items[item].repeats && a->count[item] > 0)
        return KIOSK_ERR_INVALID;
    if (a->count[item] >= FORM_MAX_REPEATS)
        return KIOSK_ERR_FULL;
    a->v[item][a->count[item]++] = *v;
    return KIOSK_OK;
}

void form_answer_remove(struct form_answers *a, int item, int k)
{
    if (item < 0 || item >= FORM_MAX_ITEMS || k < 0 || k >= a->count[item])
        return;
    memmove(&a->v[item][k], &a->v[item][k + 1],
            (size_t)(a->count[item] - k - 1) * sizeof(a->v[item][0]));
    a->count[item]--;
    kmem_wipe(&a->v[item][a->count[item]], sizeof(a->v[item][0]));
}

void form_answer_clear(struct form_answers *a, int item)
{
    if (item < 0 || item >= FORM_MAX_ITEMS)
        return;
    kmem_wipe(a->v[item], sizeof(a->v[item]));
    a->count[item] = 0;
}

static int chosen_at(const struct form *f, const struct form_answers *a, int item, int o)
{
    const struct form_value *ov = &f->options[o].value;
    for (int k = 0; k < a->count[item]; k++)
        if (a->v[item][k].kind == ov->kind && form_value_equal(&a->v[item][k], ov))
            return k;
    return -1;
}

bool form_option_chosen(const struct form *f, const struct form_answers *a, int item, int o)
{
    return is_question(f, item) && o >= 0 && o < f->option_count && chosen_at(f, a, item, o) >= 0;
}

enum kiosk_err form_answer_option(const struct form *f, struct form_answers *a, int item, int o)
{
    if (!is_question(f, item))
        return KIOSK_ERR_INVALID;
    const struct form_item *it = &f->items[item];
    if (o < it->option_first || o >= it->option_first + it->option_count)
        return KIOSK_ERR_INVALID;
    if (!it->repeats)
        return form_answer_set(f, a, item, &f->options[o].value);
    int k = chosen_at(f, a, item, o);
    if (k >= 0) {
        form_answer_remove(a, item, k);
        return KIOSK_OK;
    }
    return form_answer_add(f, a, item, &f->options[o].value);
}

/* --- enableWhen --------------------------------------------------------------- */

enum { EN_UNKNOWN, EN_BUSY, EN_YES, EN_NO };

static bool item_on(const struct form *f, const struct form_answers *a, int i, unsigned char *memo);

static bool cond_true(const struct form *f, const struct form_answers *a, const struct form_cond *c,
                      unsigned char *memo)
{
    int q = c->question;
    int n = (q >= 0 && item_on(f, a, q, memo)) ? a->count[q] : 0;
    if (c->op == FORM_OP_EXISTS)
        return (n > 0) == c->value.b;
    if (c->op == FORM_OP_NE) {
        for (int k = 0; k < n; k++)
            if (form_value_equal(&a->v[q][k], &c->value))
                return false;
        return true;
    }
    for (int k = 0; k < n; k++) {
        const struct form_value *v = &a->v[q][k];
        int cmp;
        if (c->op == FORM_OP_EQ) {
            if (form_value_equal(v, &c->value))
                return true;
            continue;
        }
        if (!form_value_cmp(v, &c->value, &cmp))
            continue;
        if ((c->op == FORM_OP_GT && cmp > 0) || (c->op == FORM_OP_LT && cmp < 0) ||
            (c->op == FORM_OP_GE && cmp >= 0) || (c->op == FORM_OP_LE && cmp <= 0))
            return true;
    }
    return false;
}

/* Memoised, with a busy mark: a cycle of conditions counts as disabled. */
static bool item_on(const struct form *f, const struct form_answers *a, int i, unsigned char *memo)
{
    if (memo[i] == EN_YES || memo[i] == EN_NO)
        return memo[i] == EN_YES;
    if (memo[i] == EN_BUSY)
        return false;
    memo[i] = EN_BUSY;
    const struct form_item *it = &f->items[i];
    bool on = it->parent < 0 || item_on(f, a, it->parent, memo);
    if (on && it->cond_count > 0) {
        bool any = false, all = true;
        for (int k = 0; k < it->cond_count; k++) {
            bool t = cond_true(f, a, &it->cond[k], memo);
            any = any || t;
            all = all && t;
        }
        on = it->behavior_any ? any : all;
    }
    memo[i] = on ? EN_YES : EN_NO;
    return on;
}

void form_enabled(const struct form *f, const struct form_answers *a, bool enabled[FORM_MAX_ITEMS])
{
    unsigned char memo[FORM_MAX_ITEMS] = {0};
    for (int i = 0; i < f->item_count; i++)
        enabled[i] = item_on(f, a, i, memo);
}

bool form_item_enabled(const struct form *f, const struct form_answers *a, int item)
{
    unsigned char memo[FORM_MAX_ITEMS] = {0};
    return item >= 0 && item < f->item_count && item_on(f, a, item, memo);
}

void form_drop_disabled(const struct form *f, struct form_answers *a)
{
    /* Dropping one answer can disable more items: repeat until stable. */
    for (int pass = 0; pass <= f->item_count; pass++) {
        bool en[FORM_MAX_ITEMS];
        bool dropped = false;
        form_enabled(f, a, en);
        for (int i = 0; i < f->item_count; i++)
            if (!en[i] && a->count[i] > 0) {
                form_answer_clear(a, i);
                dropped = true;
            }
        if (!dropped)
            return;
    }
}

static bool any_answer_under(const struct form *f, const struct form_answers *a, const bool *en,
                             int group)
{
    for (int i = group + 1; i < f->item_count && f->items[i].depth > f->items[group].depth; i++)
        if (en[i] && a->count[i] > 0)
            return true;
    return false;
}

int form_first_missing(const struct form *f, const struct form_answers *a)
{
    bool en[FORM_MAX_ITEMS];
    form_enabled(f, a, en);
    for (int i = 0; i < f->item_count; i++) {
        const struct form_item *it = &f->items[i];
        if (!en[i] || !it->required)
            continue;
        if (it->type == FORM_GROUP ? !any_answer_under(f, a, en, i) : a->count[i] == 0)
            return i;
    }
    return -1;
}

/* --- pages -------------------------------------------------------------------- */

static bool small_group(const struct form *f, int g)
{
    int n = 0;
    for (int i = g + 1; i < f->item_count && f->items[i].depth > f->items[g].depth; i++) {
        if (f->items[i].type == FORM_GROUP || f->items[i].depth != f->items[g].depth + 1)
            return false;
        n++;
    }
    return n > 0 && n <= FORM_SMALL_GROUP;
}

int form_pages(const struct form *f, const struct form_answers *a, int pages[FORM_MAX_PAGES])
{
    bool en[FORM_MAX_ITEMS];
    int n = 0;
    form_enabled(f, a, en);
    for (int i = 0; i < f->item_count; i++) {
        const struct form_item *it = &f->items[i];
        if (!en[i])
            continue;
        /* Inside a small group page already counted. */
        if (it->parent >= 0 && f->items[it->parent].type == FORM_GROUP &&
            small_group(f, it->parent))
            continue;
        if (it->type == FORM_GROUP && !small_group(f, i))
            continue; /* opened into its children */
        pages[n++] = i;
    }
    return n;
}

bool form_page_holds(const struct form *f, int page_item, int item)
{
    if (item == page_item)
        return true;
    if (item < 0 || item >= f->item_count || page_item < 0 || page_item >= f->item_count)
        return false;
    return f->items[page_item].type == FORM_GROUP && f->items[item].parent == page_item;
}
