#define _DEFAULT_SOURCE
#include "firmware/guide/guide.h"
#include "firmware/core/file.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MOD       "guide"
#define FILE_MAX  (64 * 1024)
#define BLOCK_MAX 256

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static enum kiosk_err add_block(struct guide *g, enum guide_block_kind kind, const char *text)
{
    if (g->count == BLOCK_MAX)
        return KIOSK_ERR_TOO_BIG;
    g->blocks[g->count].kind = kind;
    g->blocks[g->count].text = text;
    g->count++;
    return KIOSK_OK;
}

enum kiosk_err guide_parse(char *text, const char *slug, struct guide *out)
{
    enum kiosk_err err = KIOSK_OK;
    char *para = NULL; /* the paragraph being joined, inside text */
    memset(out, 0, sizeof(*out));
    out->text = text;
    kstr_copy(out->slug, sizeof(out->slug), slug);
    out->blocks = kmem_alloc(BLOCK_MAX * sizeof(*out->blocks));
    if (!out->blocks) {
        err = KIOSK_ERR_NOMEM;
        goto err_release;
    }
    for (char *line = text; line && err == KIOSK_OK;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *t = trim(line);
        if (!*t) {
            para = NULL;
        } else if (strncmp(t, "# ", 2) == 0 && !out->title) {
            out->title = trim(t + 2);
            para = NULL;
        } else if (strncmp(t, "## ", 3) == 0) {
            err = add_block(out, GUIDE_HEADING, trim(t + 3));
            para = NULL;
        } else if (strncmp(t, "- ", 2) == 0) {
            err = add_block(out, GUIDE_ITEM, trim(t + 2));
            para = NULL;
        } else if (para) {
            /* Join the line to the paragraph: move it up behind a space. */
            size_t have = strlen(para), add = strlen(t);
            para[have] = ' ';
            memmove(para + have + 1, t, add + 1);
        } else {
            para = t;
            err = add_block(out, GUIDE_PARA, t);
        }
        line = next;
    }
    if (err == KIOSK_OK && !out->title)
        err = KIOSK_ERR_INVALID;
    if (err != KIOSK_OK)
        goto err_release;
    return KIOSK_OK;

err_release:
    guide_release(out);
    return err;
}

void guide_release(struct guide *g)
{
    kmem_free(g->blocks);
    kmem_free(g->text);
    memset(g, 0, sizeof(*g));
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* "03-insurance-words.txt" -> "insurance-words"; 0 if not a guide file. */
static int guide_slug(const char *name, char *slug, size_t size)
{
    size_t n = strlen(name);
    if (n < 8 || name[0] < '0' || name[0] > '9' || name[1] < '0' || name[1] > '9' ||
        name[2] != '-' || strcmp(name + n - 4, ".txt") != 0 || n - 7 >= size)
        return 0;
    memcpy(slug, name + 3, n - 7);
    slug[n - 7] = '\0';
    return 1;
}

/* "term: meaning" lines into entries pointing into *text (owned). */
static void load_terms(const char *path, char **text, struct glossary_entry *out, int *count)
{
    size_t len;
    if (kfile_read(path, FILE_MAX, text, &len) != KIOSK_OK)
        return;
    for (char *line = *text; line && *count < GLOSSARY_MAX;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *colon = strchr(line, ':');
        if (colon && colon != line && line[0] != '#') {
            *colon = '\0';
            struct glossary_entry *e = &out[(*count)++];
            e->term = trim(line);
            e->meaning = trim(colon + 1);
        }
        line = next;
    }
}

enum kiosk_err guide_library_load(const char *dir, struct guide_library **out)
{
    struct dirent **names = NULL;
    char path[1024], slug[48];
    struct guide_library *lib = kmem_alloc(sizeof(*lib));
    if (!lib)
        return KIOSK_ERR_NOMEM;
    int n = scandir(dir, &names, NULL, by_name);
    for (int i = 0; i < n; i++) {
        if (lib->count < GUIDES_MAX && guide_slug(names[i]->d_name, slug, sizeof(slug))) {
            char *text;
            size_t len;
            snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
            enum kiosk_err err = kfile_read(path, FILE_MAX, &text, &len);
            if (err == KIOSK_OK)
                err = guide_parse(text, slug, &lib->guides[lib->count]);
            if (err == KIOSK_OK)
                lib->count++;
            else
                log_note(LOG_WARN, MOD, "guide skipped", path);
        }
        free(names[i]);
    }
    free(names);
    snprintf(path, sizeof(path), "%s/glossary.txt", dir);
    load_terms(path, &lib->glossary_text, lib->glossary, &lib->glossary_count);
    snprintf(path, sizeof(path), "%s/charges.txt", dir);
    load_terms(path, &lib->charges_text, lib->charges, &lib->charge_count);
    *out = lib;
    return KIOSK_OK;
}

void guide_library_free(struct guide_library *lib)
{
    if (!lib)
        return;
    for (int i = 0; i < lib->count; i++)
        guide_release(&lib->guides[i]);
    kmem_free(lib->glossary_text);
    kmem_free(lib->charges_text);
    kmem_free(lib);
}

int guide_glossary_search(const struct guide_library *lib, const char *query, int *out, int max)
{
    char q[128], term[256];
    int found = 0;
    kstr_name_key(q, sizeof(q), query ? query : "");
    for (int i = 0; i < lib->glossary_count && found < max; i++) {
        kstr_name_key(term, sizeof(term), lib->glossary[i].term);
        if (!q[0] || strstr(term, q))
            out[found++] = i;
    }
    return found;
}

const char *guide_charge_words(const struct guide_library *lib, const char *code)
{
    for (int i = 0; lib && code && code[0] && i < lib->charge_count; i++)
        if (strcmp(lib->charges[i].term, code) == 0)
            return lib->charges[i].meaning;
    return NULL;
}
