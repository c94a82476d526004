/* Guides: markup parsing, the shipped library in every language, glossary
 * search. */
#include "firmware/core/mem.h"
#include "firmware/guide/guide.h"
#include "firmware/i18n/i18n.h"
#include "ktest.h"

#include <stdio.h>

static enum ktest_result markup_is_parsed(void)
{
    struct guide g;
    char *text = kmem_strdup("# Title here\nFirst line\njoined line.\n\n## Heading\n- one\n"
                             "-  two  \n\nLast paragraph.\n");
    KT_EQ_INT(guide_parse(text, "sample", &g), KIOSK_OK);
    KT_EQ_STR(g.title, "Title here");
    KT_EQ_INT(g.count, 5);
    KT_EQ_INT(g.blocks[0].kind, GUIDE_PARA);
    KT_EQ_STR(g.blocks[0].text, "First line joined line.");
    KT_EQ_INT(g.blocks[1].kind, GUIDE_HEADING);
    KT_EQ_STR(g.blocks[1].text, "Heading");
    KT_EQ_INT(g.blocks[2].kind, GUIDE_ITEM);
    KT_EQ_STR(g.blocks[3].text, "two");
    KT_EQ_STR(g.blocks[4].text, "Last paragraph.");
    guide_release(&g);
    return KTEST_PASS;
}

static enum ktest_result guide_without_title_is_refused(void)
{
    struct guide g;
    KT_EQ_INT(guide_parse(kmem_strdup("Just text.\n"), "x", &g), KIOSK_ERR_INVALID);
    return KTEST_PASS;
}

static enum ktest_result every_language_has_the_same_guides(void)
{
    struct guide_library *en, *other;
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/assets/education/en", KIOSK_SOURCE_DIR);
    KT_EQ_INT(guide_library_load(dir, &en), KIOSK_OK);
    KT_EQ_INT(en->count, 6);
    KT_ASSERT(en->glossary_count >= 10);
    for (int l = 1; l < i18n_lang_count(); l++) {
        snprintf(dir, sizeof(dir), "%s/assets/education/%s", KIOSK_SOURCE_DIR, i18n_lang_code(l));
        KT_EQ_INT(guide_library_load(dir, &other), KIOSK_OK);
        if (other->count != en->count || other->glossary_count < 10) {
            guide_library_free(other);
            guide_library_free(en);
            KT_FAIL_AT("%s: %d guides, %d words", i18n_lang_code(l), other->count,
                       other->glossary_count);
        }
        for (int i = 0; i < en->count; i++)
            if (strcmp(en->guides[i].slug, other->guides[i].slug) != 0) {
                fprintf(stderr, "  %s lacks %s\n", i18n_lang_code(l), en->guides[i].slug);
                guide_library_free(other);
                guide_library_free(en);
                return KTEST_FAIL;
            }
        guide_library_free(other);
    }
    guide_library_free(en);
    return KTEST_PASS;
}

static enum ktest_result glossary_search_ignores_case_and_accents(void)
{
    struct guide_library *lib;
    int found[64];
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/assets/education/pt-BR", KIOSK_SOURCE_DIR);
    KT_EQ_INT(guide_library_load(dir, &lib), KIOSK_OK);
    int n = guide_glossary_search(lib, "COPARTICIPACAO", found, 64);
    KT_EQ_INT(n, 1);
    KT_EQ_STR(lib->glossary[found[0]].term, "Coparticipação");
    KT_EQ_INT(guide_glossary_search(lib, "", found, 64), lib->glossary_count);
    KT_EQ_INT(guide_glossary_search(lib, "xyzzy", found, 64), 0);
    guide_library_free(lib);
    return KTEST_PASS;
}

static enum ktest_result hindi_words_are_found_with_latin_letters(void)
{
    struct guide_library *lib;
    int found[64];
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/assets/education/hi", KIOSK_SOURCE_DIR);
    KT_EQ_INT(guide_library_load(dir, &lib), KIOSK_OK);
    KT_EQ_INT(guide_glossary_search(lib, "copay", found, 64), 1);
    KT_ASSERT(strstr(lib->glossary[found[0]].term, "को-पे") != NULL);
    guide_library_free(lib);
    return KTEST_PASS;
}

static enum ktest_result missing_folder_is_an_empty_library(void)
{
    struct guide_library *lib;
    KT_EQ_INT(guide_library_load("/nonexistent/education/xx", &lib), KIOSK_OK);
    KT_EQ_INT(lib->count, 0);
    guide_library_free(lib);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"markup_is_parsed", markup_is_parsed},
    {"guide_without_title_is_refused", guide_without_title_is_refused},
    {"every_language_has_the_same_guides", every_language_has_the_same_guides},
    {"glossary_search_ignores_case_and_accents", glossary_search_ignores_case_and_accents},
    {"hindi_words_are_found_with_latin_letters", hindi_words_are_found_with_latin_letters},
    {"missing_folder_is_an_empty_library", missing_folder_is_an_empty_library},
};

KTEST_MAIN(tests)
