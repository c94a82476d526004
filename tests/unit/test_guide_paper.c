/* Every guide, printed in every language on the simulated printer (the
 * TM-T20II profile, text laid out and rastered as on paper), keeps every
 * word, in order: the Hindi guide used to end mid-sentence ("...बिलिंग
 * विभाग आपके साथ") because a receipt line held 160 bytes and the rest of
 * the paragraph was dropped. Read back from the printer's text record. */
#include "drivers/printer/printer.h"
#include "firmware/app/app_private.h"
#include "firmware/config/config.h"
#include "firmware/core/clock.h"
#include "firmware/core/file.h"
#include "firmware/core/str.h"
#include "firmware/guide/guide.h"
#include "firmware/i18n/i18n.h"
#include "ktest.h"

#include <sys/stat.h>
#include <unistd.h>

static struct app *kiosk(const char *dir)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    int64_t now = 0;
    kclock_parse_local("2026-03-10T10:00", &now);
    mkdir(dir, 0755);
    char db[600];
    snprintf(db, sizeof(db), "%s/kiosk.db", dir);
    unlink(db);
    struct app_options opt = {.config = &cfg,
                              .assets_dir = KIOSK_SOURCE_DIR "/assets",
                              .catalog_dir = KIOSK_BINARY_DIR "/locale",
                              .db_path = db,
                              .demo = true,
                              .headless = true,
                              .start_wall_ms = now,
                              .output_dir = dir};
    struct app *a = NULL;
    return app_new(&opt, &a) == KIOSK_OK ? a : NULL;
}

/* Each word of text (split at spaces) is found in paper, in order, from
 * *at on (in the paper's text); the first missing word is copied to missing. */
static bool words_in_order(const char *text, const char **at, char *missing, size_t size)
{
    char word[512];
    for (const char *p = text; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n == 0)
            break;
        snprintf(word, sizeof(word), "%.*s", (int)n, p);
        const char *hit = strstr(*at, word);
        if (!hit) {
            snprintf(missing, size, "%s", word);
            return false;
        }
        *at = hit + n;
        p += n;
    }
    return true;
}

static enum ktest_result every_guide_keeps_every_word_on_paper(void)
{
    const char *dir = KIOSK_BINARY_DIR "/guide-paper";
    struct app *a = kiosk(dir);
    if (!a)
        KT_FAIL_AT("the kiosk did not start: %s", kiosk_err_detail());
    static struct receipt r;
    int printed = 0, failures = 0;
    for (int l = 0; l < i18n_lang_count(); l++) {
        const struct guide_library *lib = a->guides[l];
        kstr_copy(a->flow.lang, sizeof(a->flow.lang), i18n_lang_code(l));
        for (int g = 0; lib && g < lib->count; g++) {
            enum kiosk_err err = app_guide_paper(a, g, &r);
            if (err == KIOSK_OK)
                err = printer_print(a->devices.printer, &r);
            const char *png = printer_sim_last_png(a->devices.printer);
            if (err != KIOSK_OK || !png) {
                fprintf(stderr, "  %s guide %d: not printed: %s\n", a->flow.lang, g,
                        kiosk_strerror(err));
                failures++;
                continue;
            }
            char txt[1024];
            snprintf(txt, sizeof(txt), "%.*s.txt", (int)(strlen(png) - 4), png);
            char *paper;
            size_t len;
            if (kfile_read(txt, 1 << 20, &paper, &len) != KIOSK_OK) {
                fprintf(stderr, "  %s guide %d: no text record\n", a->flow.lang, g);
                failures++;
                continue;
            }
            for (char *c = paper; *c; c++)
                if (*c == '\n')
                    *c = ' '; /* a paragraph may go on in the next line */
            const char *at = paper;
            char missing[512];
            const struct guide *gd = &lib->guides[g];
            bool ok = words_in_order(gd->title, &at, missing, sizeof(missing));
            for (int b = 0; ok && b < gd->count; b++)
                ok = words_in_order(gd->blocks[b].text, &at, missing, sizeof(missing));
            if (!ok) {
                fprintf(stderr, "  %s guide %d (%s): \"%s\" is not on paper\n", a->flow.lang, g,
                        gd->slug, missing);
                failures++;
            }
            kmem_free(paper);
            printed++;
        }
    }
    printf("  %d guides printed, %d lost words\n", printed, failures);
    app_free(a);
    return failures || printed == 0 ? KTEST_FAIL : KTEST_PASS;
}

static const struct ktest tests[] = {
    {"every_guide_keeps_every_word_on_paper", every_guide_keeps_every_word_on_paper},
};

KTEST_MAIN(tests)
