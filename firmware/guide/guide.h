/* Patient guides and the glossary of billing words, read from
 * assets/education/<lang>/ (format in assets/education/README.md).
 * Plain values once loaded; the UI pages through the blocks. */
#ifndef KIOSK_GUIDE_H
#define KIOSK_GUIDE_H

#include "firmware/core/err.h"

#define GUIDES_MAX   16
#define GLOSSARY_MAX 64

enum guide_block_kind { GUIDE_HEADING, GUIDE_PARA, GUIDE_ITEM };

struct guide_block {
    enum guide_block_kind kind;
    const char *text; /* points into the guide's text buffer */
};

struct guide {
    char slug[48];     /* file name without number and extension: "your-visit" */
    const char *title; /* the "# " line */
    int count;
    struct guide_block *blocks;
    char *text; /* owned: the file, cut into blocks in place */
};

struct glossary_entry {
    const char *term, *meaning; /* point into the library's glossary text */
};

struct guide_library {
    int count;
    struct guide guides[GUIDES_MAX];
    int glossary_count;
    struct glossary_entry glossary[GLOSSARY_MAX];
    char *glossary_text; /* owned */
    /* Billing codes in plain words (charges.txt): term is the code. */
    int charge_count;
    struct glossary_entry charges[GLOSSARY_MAX];
    char *charges_text; /* owned */
};

/* Parse guide markup (text is taken over: the guide frees it). A guide
 * without a "# " title is KIOSK_ERR_INVALID. Release with guide_release. */
enum kiosk_err guide_parse(char *text, const char *slug, struct guide *out);
void guide_release(struct guide *g);

/* Load every NN-slug.txt and glossary.txt of dir, in file-name order. A
 * missing folder gives an empty library (KIOSK_OK); a malformed guide is
 * skipped and logged. *out freed with guide_library_free. */
enum kiosk_err guide_library_load(const char *dir, struct guide_library **out);
void guide_library_free(struct guide_library *lib); /* NULL is fine */

/* Glossary entries whose term contains query (case and accents ignored),
 * in order, at most max indexes into out; returns how many. An empty query
 * matches everything. */
int guide_glossary_search(const struct guide_library *lib, const char *query, int *out, int max);

/* The plain words for a billing code in this language ("Blood test: checks
 * your cholesterol"), or NULL when the code is not in charges.txt. */
const char *guide_charge_words(const struct guide_library *lib, const char *code);

#endif
