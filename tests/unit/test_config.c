/* kiosk.ini: defaults, a good file, the exact message for each kind of
 * problem, and what happens to values that had a problem. */
#include "firmware/config/config.h"
#include "ktest.h"

#include <stdio.h>
#include <sys/stat.h>

#define FIXTURES KIOSK_SOURCE_DIR "/tests/fixtures/config/"

/* Writes text to KIOSK_BINARY_DIR/test_config_files/name; returns the path. */
static const char *write_file(const char *name, const char *text)
{
    static char path[1024];
    snprintf(path, sizeof(path), "%s/test_config_files", KIOSK_BINARY_DIR);
    mkdir(path, 0777);
    snprintf(path, sizeof(path), "%s/test_config_files/%s", KIOSK_BINARY_DIR, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return "";
    fputs(text, f);
    fclose(f);
    return path;
}

static int dump_problems(const struct kiosk_config *cfg)
{
    for (int i = 0; i < cfg->problem_count; i++)
        fprintf(stderr, "    problem %d: %s\n", i, cfg->problems[i]);
    return 0;
}

static enum ktest_result test_defaults(void)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    KT_EQ_STR(cfg.location, "Main lobby");
    KT_EQ_STR(cfg.database, "carekiosk.db");
    KT_EQ_INT(cfg.lang_count, 4);
    KT_EQ_STR(cfg.langs[0], "en");
    KT_EQ_STR(cfg.langs[1], "pt-BR");
    KT_EQ_STR(cfg.langs[2], "hi");
    KT_EQ_STR(cfg.langs[3], "es");
    KT_EQ_STR(cfg.default_lang, "en");
    KT_EQ_INT(cfg.screen_w, 1080);
    KT_EQ_INT(cfg.screen_h, 1920);
    KT_ASSERT(cfg.fullscreen);
    KT_EQ_INT(cfg.warn_s, 45);
    KT_EQ_INT(cfg.clear_s, 60);
    KT_EQ_INT(cfg.done_s, 20);
    KT_EQ_INT(cfg.arrival_early_min, 30);
    KT_EQ_INT(cfg.arrival_late_min, 15);
    KT_EQ_INT(cfg.max_attempts, 3);
    KT_EQ_STR(cfg.queue_prefix, "A");
    KT_EQ_STR(cfg.printer, "sim");
    KT_EQ_INT(cfg.paper_width_mm, 80);
    KT_EQ_STR(cfg.reader, "sim");
    KT_EQ_STR(cfg.patient_card_prefix, "600100");
    KT_EQ_INT(cfg.problem_count, 0);
    KT_EQ_INT(config_paper_dots(&cfg), 576);
    cfg.paper_width_mm = 58;
    KT_EQ_INT(config_paper_dots(&cfg), 384);
    cfg.paper_width_mm = 100;
    KT_EQ_INT(config_paper_dots(&cfg), 0);
    return KTEST_PASS;
}

static enum ktest_result test_good_file(void)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    enum kiosk_err err = config_load(&cfg, FIXTURES "good.ini");
    dump_problems(&cfg);
    KT_EQ_INT(err, KIOSK_OK);
    KT_EQ_INT(cfg.problem_count, 0);
    KT_EQ_STR(cfg.location, "Ambulatório 2º andar");
    KT_EQ_STR(cfg.database, "cache/kiosk.db");
    KT_EQ_INT(cfg.lang_count, 3);
    KT_EQ_STR(cfg.langs[0], "pt-BR");
    KT_EQ_STR(cfg.langs[1], "es");
    KT_EQ_STR(cfg.langs[2], "en");
    KT_EQ_STR(cfg.default_lang, "pt-BR");
    KT_EQ_INT(cfg.screen_w, 1920);
    KT_EQ_INT(cfg.screen_h, 1080);
    KT_ASSERT(!cfg.fullscreen);
    KT_EQ_INT(cfg.warn_s, 30);
    KT_EQ_INT(cfg.clear_s, 50);
    KT_EQ_INT(cfg.done_s, 10);
    KT_EQ_INT(cfg.arrival_early_min, 60);
    KT_EQ_INT(cfg.arrival_late_min, 0);
    KT_EQ_INT(cfg.max_attempts, 5);
    KT_EQ_STR(cfg.queue_prefix, "B2");
    KT_EQ_STR(cfg.printer, "escpos");
    KT_EQ_INT(cfg.paper_width_mm, 58);
    KT_EQ_INT(config_paper_dots(&cfg), 384);
    KT_EQ_STR(cfg.reader, "hid_pos");
    KT_EQ_STR(cfg.patient_card_prefix, "9990");
    return KTEST_PASS;
}

static enum ktest_result test_example_is_defaults(void)
{
    struct kiosk_config def, cfg;
    config_defaults(&def);
    config_defaults(&cfg);
    enum kiosk_err err = config_load(&cfg, KIOSK_SOURCE_DIR "/assets/kiosk.ini.example");
    dump_problems(&cfg);
    KT_EQ_INT(err, KIOSK_OK);
    KT_ASSERT(memcmp(&def, &cfg, sizeof(cfg)) == 0);
    return KTEST_PASS;
}

static enum ktest_result test_crlf_bom_case(void)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, FIXTURES "crlf-bom.ini"), KIOSK_OK);
    KT_ASSERT(!cfg.fullscreen);
    KT_EQ_STR(cfg.default_lang, "hi"); /* "HI" matched without case, stored canonical */
    return KTEST_PASS;
}

static enum ktest_result test_every_problem(void)
{
    static const char *const expect[] = {
        "problems.ini:3: language 'fr' is not available; available: en, pt-BR, hi, es",
        "problems.ini:5: location is empty; give it a value or remove the line",
        "problems.ini:7: unknown key 'warn' in [timeouts]; known keys: warn_s, clear_s, done_s, "
        "help_wait_min",
        "problems.ini:10: done_s must be a whole number, got '20s'",
        "problems.ini:11: warning: done_s is set again (first on line 10); this later value is "
        "used, "
        "remove one of the lines",
        "problems.ini:11: done_s must be between 3 and 300, got 1000",
        "problems.ini:13: width must be between 320 and 8192, got 100",
        "problems.ini:14: fullscreen must be true or false (or yes/no, 1/0), got 'maybe'",
        "problems.ini:16: unknown section [display]; known sections: kiosk, screen, timeouts, "
        "checkin, devices, service, update, server, payment, metrics, details, qrpay",
        "problems.ini:19: paper_width_mm must be 80 or 58 (millimetres), got '60'",
        "problems.ini:20: printer must be a driver name of 1 to 31 lower-case letters, digits, "
        "'_' or '-' (e.g. sim), got 'Star TSP'",
        "problems.ini:21: patient_card_prefix must be 1 to 19 digits, got '60A1'",
        "problems.ini:23: queue_prefix must be at most 3 letters or digits, got 'ABCD'",
        "problems.ini:24: max_attempts must be a whole number, got '3 # three' (comments go on "
        "their own line)",
        "problems.ini:25: expected 'key = value', a [section] or a comment starting with '#'",
        "problems.ini:9: clear_s must be larger than warn_s (50)",
    };
    const int n = (int)(sizeof(expect) / sizeof(expect[0]));
    struct kiosk_config cfg;

    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, FIXTURES "problems.ini"), KIOSK_ERR_CONFIG);
    dump_problems(&cfg);
    KT_EQ_INT(cfg.problem_count, n);
    KT_EQ_INT(cfg.warning_count, 1);
    for (int i = 0; i < n; i++)
        KT_EQ_STR(cfg.problems[i], expect[i]);

    /* Values with problems kept their previous (default) value. */
    KT_EQ_INT(cfg.lang_count, 4);
    KT_EQ_STR(cfg.default_lang, "pt-BR"); /* this one was fine */
    KT_EQ_STR(cfg.location, "Main lobby");
    KT_EQ_INT(cfg.warn_s, 45); /* the failed cross-check restores both */
    KT_EQ_INT(cfg.clear_s, 60);
    KT_EQ_INT(cfg.done_s, 20);
    KT_EQ_INT(cfg.screen_w, 1080);
    KT_ASSERT(cfg.fullscreen);
    KT_EQ_INT(cfg.paper_width_mm, 80);
    KT_EQ_STR(cfg.printer, "sim");
    KT_EQ_STR(cfg.patient_card_prefix, "600100");
    KT_EQ_STR(cfg.queue_prefix, "A");
    KT_EQ_INT(cfg.max_attempts, 3);
    return KTEST_PASS;
}

/* The examples from the brief, with a file called kiosk.ini. */
static enum ktest_result test_brief_examples(void)
{
    struct kiosk_config cfg;
    const char *path = write_file("kiosk.ini", "[kiosk]\n"
                                               "location = Lobby\n"
                                               "languages = en,fr\n"
                                               "[screen]\n"
                                               "width = 1080\n"
                                               "[timeouts]\n"
                                               "warn = 30\n"
                                               "done_s = 10\n"
                                               "clear_s = 40\n");
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, path), KIOSK_ERR_CONFIG);
    dump_problems(&cfg);
    KT_EQ_INT(cfg.problem_count, 3);
    KT_EQ_STR(cfg.problems[0],
              "kiosk.ini:3: language 'fr' is not available; available: en, pt-BR, hi, es");
    KT_EQ_STR(cfg.problems[1], "kiosk.ini:7: unknown key 'warn' in [timeouts]; known keys: warn_s, "
                               "clear_s, done_s, help_wait_min");
    KT_EQ_STR(cfg.problems[2], "kiosk.ini:9: clear_s must be larger than warn_s (45)");
    KT_EQ_STR(cfg.location, "Lobby");
    KT_EQ_INT(cfg.done_s, 10);
    KT_EQ_INT(cfg.clear_s, 60);
    return KTEST_PASS;
}

/* The place in the patient's language: location.LANG / front_desk.LANG; the
 * built-in translations describe the built-in place and go when a file
 * names another place without translating it. */
static enum ktest_result test_place_translations(void)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    KT_EQ_STR(cfg.location_lang[1], "Recepção principal");
    const char *path = write_file("place.ini", "[kiosk]\n"
                                               "location = East entrance\n"
                                               "location.es = Entrada este\n"
                                               "front_desk = Next to the pharmacy\n");
    KT_EQ_INT(config_load(&cfg, path), KIOSK_OK);
    KT_EQ_STR(cfg.location_lang[3], "Entrada este");
    KT_EQ_STR(cfg.location_lang[1], ""); /* not "Recepção principal": another place */
    KT_EQ_STR(cfg.front_desk_lang[2], "");
    config_defaults(&cfg);
    path = write_file("place2.ini", "[kiosk]\nfront_desk.hi = फ़ार्मेसी के पास\n");
    KT_EQ_INT(config_load(&cfg, path), KIOSK_OK);
    KT_EQ_STR(cfg.front_desk_lang[2], "फ़ार्मेसी के पास");
    KT_EQ_STR(cfg.front_desk_lang[1], "Térreo, ao lado da entrada principal"); /* kept */
    return KTEST_PASS;
}

static enum ktest_result test_cross_checks(void)
{
    struct kiosk_config cfg;
    const char *path;

    /* Only warn_s in the file: the message is about warn_s. */
    path = write_file("warn.ini", "[timeouts]\nwarn_s = 90\n");
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, path), KIOSK_ERR_CONFIG);
    KT_EQ_INT(cfg.problem_count, 1);
    KT_EQ_STR(cfg.problems[0], "warn.ini:2: warn_s must be smaller than clear_s (60)");
    KT_EQ_INT(cfg.warn_s, 45);

    /* Both moved together and consistent: fine. */
    path = write_file("both.ini", "[timeouts]\nwarn_s = 90\nclear_s = 120\n");
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, path), KIOSK_OK);
    KT_EQ_INT(cfg.warn_s, 90);
    KT_EQ_INT(cfg.clear_s, 120);

    /* Languages without the default language: both go back. */
    path = write_file("langs.ini", "[kiosk]\nlanguages = pt-BR, es\n");
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, path), KIOSK_ERR_CONFIG);
    KT_EQ_INT(cfg.problem_count, 1);
    KT_EQ_STR(cfg.problems[0], "langs.ini:2: default_language 'en' is not in languages (pt-BR, "
                               "es); add it there or choose one of them");
    KT_EQ_INT(cfg.lang_count, 4);
    KT_EQ_STR(cfg.default_lang, "en");

    /* default_language set after languages: its line is named. */
    path = write_file("deflang.ini", "[kiosk]\nlanguages = en,es\ndefault_language = hi\n");
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, path), KIOSK_ERR_CONFIG);
    KT_EQ_STR(cfg.problems[0], "deflang.ini:3: default_language 'hi' is not in languages (en, "
                               "es); add it there or choose one of them");
    KT_EQ_STR(cfg.default_lang, "en");
    KT_EQ_INT(cfg.lang_count, 4);
    return KTEST_PASS;
}

static enum ktest_result test_language_lists(void)
{
    struct kiosk_config cfg;
    const char *path = write_file("langlist.ini", "[kiosk]\n"
                                                  "languages = en,,es\n"
                                                  "languages = en, EN\n"
                                                  "languages = es , pt-br,HI\n"
                                                  "default_language = es\n");
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, path), KIOSK_ERR_CONFIG);
    dump_problems(&cfg);
    KT_EQ_INT(cfg.problem_count, 4);
    KT_EQ_STR(cfg.problems[0], "langlist.ini:2: languages has an empty item; list codes "
                               "separated by commas, e.g. en,pt-BR,hi,es");
    KT_EQ_STR(cfg.problems[1],
              "langlist.ini:3: warning: languages is set again (first on line 2); this "
              "later value is used, remove one of the lines");
    KT_EQ_STR(cfg.problems[2],
              "langlist.ini:3: language 'en' is listed twice in languages; list it once");
    KT_EQ_STR(cfg.problems[3],
              "langlist.ini:4: warning: languages is set again (first on line 3); this "
              "later value is used, remove one of the lines");
    KT_EQ_INT(cfg.lang_count, 3);
    KT_EQ_STR(cfg.langs[0], "es");
    KT_EQ_STR(cfg.langs[1], "pt-BR");
    KT_EQ_STR(cfg.langs[2], "hi");
    KT_EQ_STR(cfg.default_lang, "es");
    return KTEST_PASS;
}

static enum ktest_result test_duplicate_is_a_warning(void)
{
    struct kiosk_config cfg;
    const char *path = write_file("dup.ini", "[timeouts]\ndone_s = 10\n\ndone_s = 12\n");
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, path), KIOSK_OK);
    KT_EQ_INT(cfg.problem_count, 1);
    KT_EQ_INT(cfg.warning_count, 1);
    KT_EQ_STR(cfg.problems[0], "dup.ini:4: warning: done_s is set again (first on line 2); this "
                               "later value is used, remove one of the lines");
    KT_EQ_INT(cfg.done_s, 12);
    return KTEST_PASS;
}

static enum ktest_result test_values_and_limits(void)
{
    struct kiosk_config cfg;
    const char *path =
        write_file("values.ini", "[screen]\n"
                                 "fullscreen = YES\n"
                                 "width = 320\n"
                                 "height = 8193\n"
                                 "[timeouts]\n"
                                 "warn_s = -5\n"
                                 "done_s = +15\n"
                                 "clear_s = 99999999999\n"
                                 "[checkin]\n"
                                 "queue_prefix =\n"
                                 "[devices]\n"
                                 "reader =\n"
                                 "patient_card_prefix = 12345678901234567890\n"
                                 "top = 1\n"
                                 "[kiosk]\n"
                                 "location = "
                                 "Ambulatório de especialidades, bloco C, terceiro "
                                 "andar, ala leste, sala de espera 2, junto à recepção\n");
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, path), KIOSK_ERR_CONFIG);
    dump_problems(&cfg);
    KT_EQ_INT(cfg.problem_count, 7);
    KT_EQ_STR(cfg.problems[0], "values.ini:4: height must be between 320 and 8192, got 8193");
    KT_EQ_STR(cfg.problems[1], "values.ini:6: warn_s must be between 5 and 599, got -5");
    KT_EQ_STR(cfg.problems[2], "values.ini:8: clear_s must be a whole number, got '99999999999'");
    KT_EQ_STR(cfg.problems[3], "values.ini:12: reader must be a driver name of 1 to 31 "
                               "lower-case letters, digits, '_' or '-' (e.g. sim), got ''");
    KT_EQ_STR(cfg.problems[4], "values.ini:13: patient_card_prefix must be 1 to 19 digits, got "
                               "'12345678901234567890'");
    KT_EQ_STR(cfg.problems[5], "values.ini:14: unknown key 'top' in [devices]; known keys: "
                               "printer, paper_width_mm, reader, patient_card_prefix");
    KT_EQ_STR(cfg.problems[6], "values.ini:16: location is 105 bytes long; at most 95 are "
                               "allowed");
    KT_ASSERT(cfg.fullscreen);
    KT_EQ_INT(cfg.screen_w, 320);
    KT_EQ_INT(cfg.done_s, 15);
    KT_EQ_STR(cfg.queue_prefix, ""); /* an empty prefix is allowed */
    return KTEST_PASS;
}

static enum ktest_result test_outside_section_and_long_value(void)
{
    struct kiosk_config cfg;
    static char text[1400];
    strcpy(text, "orphan = 1\n[checkin]\nqueue_prefix = ab");
    for (int i = 0; i < 30; i++)
        strcat(text, "ção"); /* messages show 40 bytes, cut on a code point */
    strcat(text, "\n");
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, write_file("orphan.ini", text)), KIOSK_ERR_CONFIG);
    dump_problems(&cfg);
    KT_EQ_INT(cfg.problem_count, 2);
    KT_EQ_STR(cfg.problems[0], "orphan.ini:1: 'orphan' is outside any section; put it under one "
                               "of [kiosk], [screen], [timeouts], [checkin], [devices], [service], "
                               "[update], [server], [payment], [metrics], [details], [qrpay]");
    KT_EQ_STR(cfg.problems[1], "orphan.ini:3: queue_prefix must be at most 3 letters or digits, "
                               "got 'abçãoçãoçãoçãoçãoçãoçãoç...'");
    return KTEST_PASS;
}

static enum ktest_result test_previous_values_kept(void)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, FIXTURES "good.ini"), KIOSK_OK);
    const char *path = write_file("second.ini", "[screen]\nwidth = wide\n");
    KT_EQ_INT(config_load(&cfg, path), KIOSK_ERR_CONFIG);
    KT_EQ_INT(cfg.problem_count, 1);
    KT_EQ_INT(cfg.screen_w, 1920); /* from good.ini, not the default */
    /* A clean load resets the list. */
    KT_EQ_INT(config_load(&cfg, FIXTURES "good.ini"), KIOSK_OK);
    KT_EQ_INT(cfg.problem_count, 0);
    return KTEST_PASS;
}

static enum ktest_result test_overflow(void)
{
    static char text[4096];
    struct kiosk_config cfg;
    strcpy(text, "[screen]\n");
    for (int i = 0; i < 40; i++) {
        char line[32];
        snprintf(line, sizeof(line), "bogus%d = 1\n", i);
        strcat(text, line);
    }
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, write_file("many.ini", text)), KIOSK_ERR_CONFIG);
    KT_EQ_INT(cfg.problem_count, CONFIG_MAX_PROBLEMS);
    KT_EQ_STR(cfg.problems[0], "many.ini:2: unknown key 'bogus0' in [screen]; known keys: "
                               "width, height, fullscreen, renderer");
    KT_EQ_STR(cfg.problems[30], "many.ini:32: unknown key 'bogus30' in [screen]; known keys: "
                                "width, height, fullscreen, renderer");
    KT_EQ_STR(cfg.problems[31], "... and 9 more");

    /* Exactly 32 problems fit without the summary line. */
    strcpy(text, "[screen]\n");
    for (int i = 0; i < 32; i++)
        strcat(text, "x = 1\n");
    KT_EQ_INT(config_load(&cfg, write_file("many.ini", text)), KIOSK_ERR_CONFIG);
    KT_EQ_INT(cfg.problem_count, 32);
    KT_EQ_STR(cfg.problems[31], "many.ini:33: unknown key 'x' in [screen]; known keys: "
                                "width, height, fullscreen, renderer");
    return KTEST_PASS;
}

static enum ktest_result test_missing_file(void)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, FIXTURES "nothere.ini"), KIOSK_ERR_NOT_FOUND);
    KT_EQ_INT(cfg.problem_count, 1);
    KT_EQ_STR(cfg.problems[0],
              "nothere.ini: file not found; create it from kiosk.ini.example or pass --config "
              "FILE");
    KT_EQ_INT(cfg.warn_s, 45);
    KT_EQ_INT(config_load(&cfg, NULL), KIOSK_ERR_NOT_FOUND);

    /* A directory is not a file. */
    KT_EQ_INT(config_load(&cfg, KIOSK_SOURCE_DIR "/tests/fixtures/config"), KIOSK_ERR_CONFIG);
    KT_EQ_STR(cfg.problems[0], "config: cannot read the file (input/output error); check that it "
                               "is a readable text file");
    return KTEST_PASS;
}

static enum ktest_result test_nomem(void)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    kmem_fail_after(1);
    KT_EQ_INT(config_load(&cfg, FIXTURES "good.ini"), KIOSK_ERR_NOMEM);
    kmem_fail_after(0);
    KT_EQ_INT(cfg.problem_count, 1);
    return KTEST_PASS;
}

/* [metrics] textfile_dir: off (empty) by default, a folder when set; an
 * unknown key in the section is a problem like anywhere else. */
static enum ktest_result test_metrics_dir(void)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    KT_EQ_STR(cfg.metrics_dir, "");
    const char *path =
        write_file("metrics.ini", "[metrics]\n"
                                  "textfile_dir = /var/lib/prometheus/node-exporter\n");
    KT_EQ_INT(config_load(&cfg, path), KIOSK_OK);
    KT_EQ_STR(cfg.metrics_dir, "/var/lib/prometheus/node-exporter");
    path = write_file("metrics-bad.ini", "[metrics]\ntextfile_folder = /tmp\n");
    KT_EQ_INT(config_load(&cfg, path), KIOSK_ERR_CONFIG);
    KT_EQ_INT(cfg.problem_count, 1);
    KT_ASSERT(strstr(cfg.problems[0], "textfile_folder") != NULL);
    KT_EQ_STR(cfg.metrics_dir, "/var/lib/prometheus/node-exporter");
    return KTEST_PASS;
}

/* [screen] renderer: software by default (kiosks without a GPU load no GL
 * library), gpu and auto accepted in any case and stored in lower case,
 * anything else a problem that keeps the previous value. */
static enum ktest_result test_renderer(void)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    KT_EQ_STR(cfg.renderer, "software");
    KT_EQ_INT(config_load(&cfg, write_file("gpu.ini", "[screen]\nrenderer = GPU\n")), KIOSK_OK);
    KT_EQ_STR(cfg.renderer, "gpu");
    KT_EQ_INT(config_load(&cfg, write_file("auto.ini", "[screen]\nrenderer = auto\n")), KIOSK_OK);
    KT_EQ_STR(cfg.renderer, "auto");
    KT_EQ_INT(config_load(&cfg, write_file("sw.ini", "[screen]\nrenderer = software\n")), KIOSK_OK);
    KT_EQ_STR(cfg.renderer, "software");
    KT_EQ_INT(config_load(&cfg, write_file("gl.ini", "[screen]\nrenderer = opengl\n")),
              KIOSK_ERR_CONFIG);
    KT_EQ_INT(cfg.problem_count, 1);
    KT_EQ_STR(cfg.problems[0], "gl.ini:2: renderer must be software, gpu or auto, got 'opengl'");
    KT_EQ_STR(cfg.renderer, "software");
    return KTEST_PASS;
}

/* The payment terminal's keys; an old [server] payment_url (it took card
 * numbers) is a warning only: the kiosk starts and takes no cards. */
static enum ktest_result test_payment_terminal(void)
{
    struct kiosk_config cfg;
    const char *path = write_file("terminal.ini", "[server]\n"
                                                  "payment_url = https://billing.example.org/pay\n"
                                                  "[payment]\n"
                                                  "terminal = adyen-nexo\n"
                                                  "terminal_url = https://192.168.1.40:8443/nexo\n"
                                                  "terminal_poiid = V400m-123456789\n"
                                                  "terminal_key_id = LOBBY\n"
                                                  "terminal_key_version = 3\n"
                                                  "terminal_passphrase_file = /etc/p\n"
                                                  "terminal_timeout_s = 1\n");
    config_defaults(&cfg);
    KT_EQ_INT(cfg.pay_terminal_timeout_s, 150);
    KT_EQ_STR(cfg.pay_terminal, "");
    KT_EQ_INT(config_load(&cfg, path), KIOSK_ERR_CONFIG);
    dump_problems(&cfg);
    KT_EQ_INT(cfg.problem_count, 2);
    KT_EQ_INT(cfg.warning_count, 1);
    KT_ASSERT(strstr(cfg.problems[0], "terminal.ini:2: warning: payment_url is no longer used"));
    KT_ASSERT(strstr(cfg.problems[1], "terminal.ini:10: terminal_timeout_s must be between 2"));
    KT_EQ_STR(cfg.pay_terminal, "adyen-nexo");
    KT_EQ_STR(cfg.pay_terminal_poiid, "V400m-123456789");
    KT_EQ_INT(cfg.pay_terminal_key_version, 3);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"payment_terminal", test_payment_terminal},
    {"renderer", test_renderer},
    {"metrics_dir", test_metrics_dir},
    {"defaults", test_defaults},
    {"good_file", test_good_file},
    {"example_is_defaults", test_example_is_defaults},
    {"crlf_bom_case", test_crlf_bom_case},
    {"every_problem", test_every_problem},
    {"brief_examples", test_brief_examples},
    {"cross_checks", test_cross_checks},
    {"place_translations", test_place_translations},
    {"language_lists", test_language_lists},
    {"duplicate_is_a_warning", test_duplicate_is_a_warning},
    {"values_and_limits", test_values_and_limits},
    {"outside_section_and_long_value", test_outside_section_and_long_value},
    {"previous_values_kept", test_previous_values_kept},
    {"overflow", test_overflow},
    {"missing_file", test_missing_file},
    {"nomem", test_nomem},
};

KTEST_MAIN(tests)
