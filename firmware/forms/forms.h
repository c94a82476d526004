/* Intake forms and consents: the model of an SDC Questionnaire as the kiosk
 * fills it (pure: no I/O, no clock, no JSON; sync parses the resource into
 * this model, flow and ui use it).
 *
 * A form is a tree of items kept flat in document order: each item knows its
 * parent's index (-1 for top level). Items of types the kiosk cannot fill
 * (dateTime, time, url, attachment, reference, quantity, a repeating group,
 * an unknown type, an enableWhen naming an unknown linkId) make the whole
 * form "please fill this at the desk" (form_desk_reason() is not NULL): the
 * kiosk never sends a wrong or partial answer to a form it does not
 * understand.
 *
 * Answers (struct form_answers) are kept apart from the form, by item index;
 * they are patient data: form_answers_free() wipes them.
 *
 * Enabled-ness follows R4 (Questionnaire.item.enableWhen, enableBehavior):
 * - exists: true when "the question has an answer" equals the condition's
 *   boolean;
 * - =, >, <, >=, <=: true when at least one answer compares so;
 * - !=: true when no answer equals the value (so also with no answer);
 * - a question that is itself disabled counts as unanswered;
 * - enableBehavior all (the default with one condition) or any;
 * - a disabled item disables its children, its required does not apply, and
 *   its answers are dropped (form_drop_disabled()).
 *
 * Strings in a form live in the form's own pool: the form must not be copied
 * by value (pointers into it). */
#ifndef KIOSK_FORMS_FORMS_H
#define KIOSK_FORMS_FORMS_H

#include "firmware/core/err.h"
#include "firmware/outbox/outbox.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FORM_MAX_ITEMS   128   /* items a form may have */
#define FORM_MAX_OPTIONS 512   /* answer options over the whole form */
#define FORM_MAX_CONDS   8     /* enableWhen conditions per item */
#define FORM_MAX_TR      6     /* translations per text */
#define FORM_MAX_REPEATS 6     /* answers kept per item ("add another") */
#define FORM_POOL_MAX    65536 /* bytes of text a form may hold */
#define FORM_LINKID_MAX  64
#define FORM_VALUE_MAX   256 /* bytes of one answer's text (string, text, code) */
#define FORM_SMALL_GROUP 4   /* a group of at most this many questions is one page */
#define FORM_MAX_PAGES   FORM_MAX_ITEMS

enum form_type {
    FORM_GROUP,
    FORM_DISPLAY,
    FORM_BOOLEAN,
    FORM_DECIMAL,
    FORM_INTEGER,
    FORM_DATE,
    FORM_STRING,
    FORM_TEXT,
    FORM_CHOICE,
    FORM_OPEN_CHOICE,
    FORM_UNSUPPORTED,
};

/* R4 item.type code -> enum (FORM_UNSUPPORTED for the rest); and back. */
enum form_type form_type_of(const char *code);
const char *form_type_code(enum form_type t);
/* A question: an item that takes answers (not group, display, unsupported). */
bool form_type_is_question(enum form_type t);

enum form_op {
    FORM_OP_EXISTS,
    FORM_OP_EQ,
    FORM_OP_NE,
    FORM_OP_GT,
    FORM_OP_LT,
    FORM_OP_GE,
    FORM_OP_LE
};
/* "exists", "=", "!=", ">", "<", ">=", "<=" -> op; false for anything else. */
bool form_op_of(const char *code, enum form_op *out);

enum form_vkind {
    FORM_V_NONE,
    FORM_V_BOOL,
    FORM_V_INT,
    FORM_V_DEC,  /* exact text in text, value in micro units in i */
    FORM_V_DATE, /* YYYY-MM-DD in text */
    FORM_V_STRING,
    FORM_V_CODING, /* system (may be "") and code, pointers into a form's pool */
};

/* One value: an answer, an initial value, an option or a condition's value. */
struct form_value {
    enum form_vkind kind;
    bool b;
    int64_t i;                 /* integer, or decimal in millionths */
    const char *system, *code; /* coding: in the form's pool (valid while it lives) */
    char text[FORM_VALUE_MAX]; /* string, text, date, decimal's exact text */
};

/* Parse a value as typed on the keypad for an item's type. */
enum form_input {
    FORM_IN_OK,
    FORM_IN_EMPTY,
    FORM_IN_NOT_NUMBER,   /* integer or decimal expected */
    FORM_IN_OUT_OF_RANGE, /* integer beyond 32 bits, decimal beyond 6 places or 10^12 */
    FORM_IN_BAD_DATE,     /* not a real YYYY-MM-DD date */
    FORM_IN_TOO_LONG,     /* over maxLength characters or FORM_VALUE_MAX bytes */
    FORM_IN_BAD_TEXT,     /* invalid UTF-8 or a control character (newline allowed in text) */
    FORM_IN_WRONG_TYPE,   /* the item takes no typed text (boolean, choice, group) */
};
enum form_input form_value_parse(enum form_type t, int max_length, const char *text,
                                 struct form_value *out);
/* Compare two values: <0, 0, >0; false when they are not comparable (other
 * kinds, booleans or codings ordered). An integer compares with a decimal. */
bool form_value_cmp(const struct form_value *a, const struct form_value *b, int *out);
bool form_value_equal(const struct form_value *a, const struct form_value *b);

/* A text and its translations (lang codes as in the extension: "pt-BR"). */
struct form_text {
    const char *base; /* NULL: no text */
    int tr_count;
    struct {
        const char *lang;
        const char *text;
    } tr[FORM_MAX_TR];
};
/* The text in lang: the exact translation, else one of the same primary
 * language ("pt" for "pt-BR"), else NULL. lang NULL or the form's own
 * language (form_lang) gives base. */
const char *form_text_in(const struct form_text *t, const char *form_lang, const char *lang);

struct form_cond {
    int question; /* item index, resolved by form_finish */
    const char *question_link;
    enum form_op op;
    struct form_value value; /* FORM_V_BOOL for exists */
};

/* What the kiosk may prefill (from the patient it identified), shown for
 * confirmation. Chosen by item.code (LOINC) or by linkId convention, see
 * form_prefill_of(). */
enum form_prefill {
    FORM_PREFILL_NONE,
    FORM_PREFILL_NAME,
    FORM_PREFILL_BIRTH_DATE,
    FORM_PREFILL_PHONE
};

struct form_item {
    const char *link_id;
    enum form_type type;
    const char *type_code; /* as sent (for the desk reason) */
    int parent;            /* item index, -1 top level */
    int depth;
    struct form_text text;
    bool required, repeats, read_only;
    int max_length; /* 0: none */
    bool signature_required;
    enum form_prefill prefill;
    int option_first, option_count; /* in form options */
    int initial_count;
    struct form_value initial[2];
    int cond_count;
    bool behavior_any; /* enableBehavior any */
    struct form_cond cond[FORM_MAX_CONDS];
};

struct form_option {
    struct form_value value;
    struct form_text display;
    bool initial_selected;
};

/* What a consent form records as a FHIR Consent (none: an ordinary form). */
enum form_consent {
    FORM_CONSENT_NONE,
    FORM_CONSENT_PRIVACY,
    FORM_CONSENT_TREATMENT,
    FORM_CONSENT_RESEARCH
};

struct form {
    const char *url, *version, *lang; /* canonical, version, the form's own language */
    struct form_text title;
    int minutes; /* how long it takes (an extension, or estimated) */
    bool signature_required;
    enum form_consent consent;    /* from a consentscope coding in Questionnaire.code */
    const char *consent_category; /* its LOINC code (57016-8, 59284-0, 64292-6) */
    const char *desk_reason;      /* NULL: the kiosk can fill it */
    int item_count, option_count;
    struct form_item items[FORM_MAX_ITEMS];
    struct form_option options[FORM_MAX_OPTIONS];
    size_t pool_used;
    char pool[FORM_POOL_MAX];
};

/* A new empty form (heap; free with form_free). NULL when out of memory. */
struct form *form_new(void);
void form_free(struct form *f);
/* Copy s into the form's pool; NULL when the pool is full (the form is then
 * marked for the desk) or s is NULL. */
const char *form_strdup(struct form *f, const char *s);
/* Add an item under parent (-1 top level); its index, or -1 when the form
 * is full (the form is marked for the desk). */
int form_add_item(struct form *f, int parent, const char *link_id, const char *type_code);
/* Add an option to item; its index in f->options, or -1 when full. Options of
 * one item must be added together, right after each other. */
int form_add_option(struct form *f, int item, const struct form_value *v);
/* Add a translation to a text (ignored past FORM_MAX_TR). */
void form_text_add(struct form *f, struct form_text *t, const char *lang, const char *text);
/* Mark the form for the desk with a reason for staff (kept: the first). */
void form_set_desk(struct form *f, const char *reason);
/* Resolve enableWhen linkIds and check the tree: duplicates, unknown
 * questions, repeating groups, unsupported types -> desk. Call once after
 * the last item. Always KIOSK_OK unless f is NULL (INVALID): a form the
 * kiosk cannot fill is a valid answer ("at the desk"). */
enum kiosk_err form_finish(struct form *f);
const char *form_desk_reason(const struct form *f);
int form_find(const struct form *f, const char *link_id); /* -1: none */
/* Whether every text of the form has a translation in lang (or lang is the
 * form's own language). */
bool form_has_lang(const struct form *f, const char *lang);
/* By item.code (system LOINC) or linkId: "54125-0"/"patient-name" name,
 * "21112-8"/"birth-date" date of birth, "42077-8"/"phone" phone. */
enum form_prefill form_prefill_of(const char *loinc_code, const char *link_id);

/* --- answers ------------------------------------------------------------------ */

struct form_answers {
    int count[FORM_MAX_ITEMS];
    struct form_value v[FORM_MAX_ITEMS][FORM_MAX_REPEATS];
};

/* New answers for f with its initial values set (heap; NULL out of memory). */
struct form_answers *form_answers_new(const struct form *f);
void form_answers_free(struct form_answers *a); /* wipes; NULL is fine */

/* Set the item's answers to one value (replacing), add one more (repeats
 * only; FULL past FORM_MAX_REPEATS or INVALID for a non-repeating item
 * that has one), remove answer k, clear all. INVALID for a non-question or
 * a value of the wrong kind (a coding that is none of a choice's options). */
enum kiosk_err form_answer_set(const struct form *f, struct form_answers *a, int item,
                               const struct form_value *v);
enum kiosk_err form_answer_add(const struct form *f, struct form_answers *a, int item,
                               const struct form_value *v);
void form_answer_remove(struct form_answers *a, int item, int k);
void form_answer_clear(struct form_answers *a, int item);
/* Choice: select / unselect option o (index in f->options) of item: for a
 * repeating item a toggle, else it replaces the answer. */
enum kiosk_err form_answer_option(const struct form *f, struct form_answers *a, int item, int o);
bool form_option_chosen(const struct form *f, const struct form_answers *a, int item, int o);

/* Enabled-ness of every item: enabled[i] for i < f->item_count. */
void form_enabled(const struct form *f, const struct form_answers *a, bool enabled[FORM_MAX_ITEMS]);
bool form_item_enabled(const struct form *f, const struct form_answers *a, int item);
/* Drop the answers of disabled items (to be called before review/sending). */
void form_drop_disabled(const struct form *f, struct form_answers *a);
/* The first enabled required question without an answer (or required group
 * without any answer inside), -1 when the form is complete. */
int form_first_missing(const struct form *f, const struct form_answers *a);

/* --- pages -------------------------------------------------------------------- */

/* The pages the patient sees now (enabled items only): one question, one
 * display, or one small group (a group whose children are at most
 * FORM_SMALL_GROUP questions or displays and no groups) a page; a larger group
 * is opened into its children. pages[k] is the item index shown; the count. */
int form_pages(const struct form *f, const struct form_answers *a, int pages[FORM_MAX_PAGES]);
/* Whether item belongs to the page that shows page_item (itself or a
 * child of a small group page). */
bool form_page_holds(const struct form *f, int page_item, int item);

/* --- the response ------------------------------------------------------------ */

/* The QuestionnaireResponse.item array of the answers as compact JSON text
 * into out: enabled items only (disabled ones and their answers are left
 * out, as R4 asks), groups with something answered inside as item.item,
 * questions nested under a question as answer.item, no display items.
 * Values: valueBoolean, valueDecimal (its exact text), valueInteger,
 * valueDate, valueString, valueCoding (system, code, display).
 * KIOSK_ERR_TOO_BIG when it does not fit (nothing is cut), INVALID for a
 * text that is not UTF-8. */
enum kiosk_err form_response_items(const struct form *f, const struct form_answers *a, char *out,
                                   size_t size);

/* --- signatures ---------------------------------------------------------------
 * A signature drawn with a finger is a list of points in pad coordinates
 * (0..width, 0..height); a point with pen_up starts a new stroke. It is
 * kept as SVG (one path a stroke: small, exact, scalable) and sent base64
 * in valueSignature.data with sigFormat image/svg+xml. */
struct form_point {
    int16_t x, y;
    bool pen_up; /* this point starts a new stroke */
};
#define FORM_SIG_MAX_POINTS 2048
/* The SVG of n points into out. TOO_BIG when it does not fit, INVALID for
 * no points, more than FORM_SIG_MAX_POINTS or a size that is not positive. */
enum kiosk_err form_signature_svg(const struct form_point *pts, int n, int width, int height,
                                  char *out, size_t size);
/* Standard base64 (RFC 4648, padded) of in[0..len) into out; TOO_BIG when
 * it does not fit. */
enum kiosk_err form_base64(const void *in, size_t len, char *out, size_t size);

/* Prefill (shown for confirmation, never sent unseen): the answers of the
 * enabled, unanswered items whose prefill is NAME, BIRTH_DATE or PHONE
 * from what the kiosk knows (NULL or "": leave it). Returns how many were
 * set; prefilled[i] is true for each (for the screen to say "please
 * check"). */
int form_prefill_apply(const struct form *f, struct form_answers *a, const char *name,
                       const char *birth_date, const char *phone, bool prefilled[FORM_MAX_ITEMS]);

/* Who answered, for the record. */
struct form_submit {
    const char *task, *patient, *appointment; /* FHIR ids; appointment may be "" */
    const char *lang;                         /* the language shown */
    const char *sig_format, *signature;       /* "" unsigned; base64 data */
    int64_t at_ms;
};
/* The form.response outbox record of f answered with a (disabled items'
 * answers left out) into *out. For a consent the decision comes from its
 * answer: an option coded "agree" (or valueBoolean true) on the item that
 * carries signatureRequired, else the first choice item: permit; anything
 * else: deny. KIOSK_ERR_INVALID (detail says which) when a required item
 * is missing, a required signature is absent for an agreed consent, or
 * the form is for the desk; TOO_BIG when it does not fit the record. */
enum kiosk_err form_outbox_record(const struct form *f, const struct form_answers *a,
                                  const struct form_submit *who, struct outbox_record *out);

#endif
