/* carekiosk: the composition root. Reads the configuration, picks drivers,
 * renderer and data, and runs one of the subcommands:
 *
 *   carekiosk [--config FILE]                 the kiosk, full screen
 *   carekiosk --demo                          demo data, simulated devices, no server
 *   carekiosk --headless --play FILE --shots DIR [--now YYYY-MM-DDTHH:MM]
 *   carekiosk --play FILE --windowed          the same journey drawn in a real window
 *   carekiosk status [--config FILE]          versions, outbox depth, database
 *   carekiosk brand check DIR                 validate a branding pack
 *   carekiosk brand preview DIR --out DIR     every screen with it, as PNG + index.html
 *   carekiosk tech add|remove NAME, tech list technician accounts for service mode
 *   carekiosk update verify|install BUNDLE, update mark-good|status
 *
 * Common options: --assets DIR (default: next to the executable), --db FILE,
 * --size WxH, --windowed. */
#define _DEFAULT_SOURCE
#include "firmware/app/app.h"
#include "firmware/core/card.h"
#include "firmware/brand/brand.h"
#include "firmware/config/config.h"
#include "firmware/core/clock.h"
#include "firmware/core/log.h"
#include "firmware/core/str.h"
#include "firmware/store/store.h"
#include "firmware/store/store_sync.h"
#include "firmware/sync/http.h"
#include "firmware/sync/sync.h"
#include "ui/render/render.h"

#include <getopt.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_CONFIG "/etc/carekiosk/kiosk.ini"

struct args {
    const char *config;
    const char *assets;
    const char *db;
    const char *play;
    const char *shots;
    const char *now;
    const char *server;
    const char *out;
    int width, height;
    bool demo, headless, windowed, once, check;
    /* What is left after the options: the subcommand and its operands. */
    int opc;
    char **opv;
};

static void usage(FILE *f)
{
    fprintf(f, "usage: carekiosk [--config FILE] [--demo] [--windowed] [--size WxH]\n"
               "       carekiosk --headless --play SCRIPT --shots DIR [--demo] [--now "
               "YYYY-MM-DDTHH:MM]\n"
               "       carekiosk --play SCRIPT --windowed [--demo]  (the journey in a window)\n"
               "       carekiosk status [--config FILE] [--check]\n"
               "       carekiosk sync --once [--config FILE] [--server URL]\n"
               "       carekiosk brand check DIR | brand preview DIR --out DIR\n"
               "       carekiosk tech add NAME | tech remove NAME | tech list [--config FILE]\n"
               "       carekiosk update verify BUNDLE | install BUNDLE | mark-good | status\n"
               "options: --assets DIR, --db FILE, --server URL (the billing server's FHIR base;\n"
               "         with --demo, the demo runs against it instead of the bundled data)\n");
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Assets live next to the executable (build tree) or in ../share/carekiosk. */
static bool find_assets(char out[PATH_MAX], size_t size)
{
    char exe[PATH_MAX - 64];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    snprintf(out, size, "%s/assets", exe);
    if (is_dir(out))
        return true;
    snprintf(out, size, "%s/../share/carekiosk/assets", exe);
    return is_dir(out);
}

enum opt_id {
    OPT_CONFIG = 256,
    OPT_ASSETS,
    OPT_DB,
    OPT_PLAY,
    OPT_SHOTS,
    OPT_NOW,
    OPT_SERVER,
    OPT_OUT,
    OPT_SIZE,
    OPT_DEMO,
    OPT_HEADLESS,
    OPT_WINDOWED,
    OPT_ONCE,
    OPT_CHECK,
};

/* Every option of every subcommand; a subcommand ignores the ones it does
 * not use. Options may come before or after the subcommand's words. */
static const struct option options[] = {
    {"config", required_argument, NULL, OPT_CONFIG},
    {"assets", required_argument, NULL, OPT_ASSETS},
    {"db", required_argument, NULL, OPT_DB},
    {"play", required_argument, NULL, OPT_PLAY},
    {"shots", required_argument, NULL, OPT_SHOTS},
    {"now", required_argument, NULL, OPT_NOW},
    {"server", required_argument, NULL, OPT_SERVER},
    {"out", required_argument, NULL, OPT_OUT},
    {"size", required_argument, NULL, OPT_SIZE},
    {"demo", no_argument, NULL, OPT_DEMO},
    {"headless", no_argument, NULL, OPT_HEADLESS},
    {"windowed", no_argument, NULL, OPT_WINDOWED},
    {"once", no_argument, NULL, OPT_ONCE},
    {"check", no_argument, NULL, OPT_CHECK},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int parse_args(int argc, char **argv, struct args *a)
{
    memset(a, 0, sizeof(*a));
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (c) {
        case OPT_CONFIG:
            a->config = optarg;
            break;
        case OPT_ASSETS:
            a->assets = optarg;
            break;
        case OPT_DB:
            a->db = optarg;
            break;
        case OPT_PLAY:
            a->play = optarg;
            break;
        case OPT_SHOTS:
            a->shots = optarg;
            break;
        case OPT_NOW:
            a->now = optarg;
            break;
        case OPT_SERVER:
            a->server = optarg;
            break;
        case OPT_OUT:
            a->out = optarg;
            break;
        case OPT_SIZE: {
            char tail;
            if (sscanf(optarg, "%dx%d%c", &a->width, &a->height, &tail) != 2 || a->width < 200 ||
                a->height < 200 || a->width > 8192 || a->height > 8192) {
                fprintf(stderr, "carekiosk: --size wants WIDTHxHEIGHT, e.g. 1080x1920\n");
                return -1;
            }
            break;
        }
        case OPT_DEMO:
            a->demo = true;
            break;
        case OPT_HEADLESS:
            a->headless = true;
            break;
        case OPT_WINDOWED:
            a->windowed = true;
            break;
        case OPT_ONCE:
            a->once = true;
            break;
        case OPT_CHECK:
            a->check = true;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        case ':':
            fprintf(stderr, "carekiosk: %s needs a value\n", argv[optind - 1]);
            return -1;
        default:
            fprintf(stderr, "carekiosk: unknown option %s\n", argv[optind - 1]);
            usage(stderr);
            return -1;
        }
    }
    a->opc = argc - optind;
    a->opv = argv + optind;
    return 0;
}

static int load_config(const struct args *args, struct kiosk_config *cfg)
{
    config_defaults(cfg);
    const char *path = args->config ? args->config : DEFAULT_CONFIG;
    enum kiosk_err err = config_load(cfg, path);
    if (err == KIOSK_ERR_NOT_FOUND) {
        if (args->config) {
            fprintf(stderr, "carekiosk: configuration file %s not found\n", path);
            return -1;
        }
        return 0; /* no site file: defaults */
    }
    for (int i = 0; i < cfg->problem_count; i++)
        fprintf(stderr, "%s\n", cfg->problems[i]);
    if (err != KIOSK_OK) {
        fprintf(stderr, "carekiosk: the configuration has problems (above); fix them and "
                        "start again\n");
        return -1;
    }
    return 0;
}

/* Which branding the kiosk shows, and why a configured pack is not used. */
static void status_branding(const struct kiosk_config *cfg)
{
    char assets[PATH_MAX], def[PATH_MAX + 32];
    struct brand b;
    if (!find_assets(assets, sizeof(assets)))
        kstr_copy(assets, sizeof(assets), ".");
    snprintf(def, sizeof(def), "%s/branding/default", assets);
    const char *dir = cfg->branding[0] ? cfg->branding : def;
    if (brand_load(&b, dir) == KIOSK_OK) {
        printf("branding: \"%s\" (%s)\n", b.name, cfg->branding[0] ? dir : "default pack");
        return;
    }
    printf("branding: the pack in %s is NOT used; the kiosk shows the default branding. "
           "Fix these and restart:\n",
           dir);
    for (int i = 0; i < b.problem_count; i++)
        printf("  %s\n", b.problems[i]);
}

/* Damaged databases the kiosk set aside beside db (db.corrupt-SECONDS). */
static void status_set_aside(const char *db)
{
    char dir[PATH_MAX], prefix[PATH_MAX + 16], path[2 * PATH_MAX];
    kstr_copy(dir, sizeof(dir), db);
    char *slash = strrchr(dir, '/');
    const char *name = slash ? slash + 1 : db;
    snprintf(prefix, sizeof(prefix), "%s.corrupt-", name);
    if (slash)
        *slash = '\0';
    else
        kstr_copy(dir, sizeof(dir), ".");
    DIR *d = opendir(dir[0] ? dir : "/");
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 ||
            (n > 4 &&
             (strcmp(e->d_name + n - 4, "-wal") == 0 || strcmp(e->d_name + n - 4, "-shm") == 0)))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        int unsent = store_unsent_in(path);
        if (unsent < 0)
            printf("database: a damaged copy was set aside as %s (unsent outbox rows in it: "
                   "unknown, it cannot be read)\n",
                   path);
        else
            printf("database: a damaged copy was set aside as %s, %d unsent outbox rows in it\n",
                   path, unsent);
    }
    closedir(d);
}

static int cmd_status(const struct args *args, struct kiosk_config *cfg)
{
    struct store *st;
    struct outbox_counts oc;
    const char *db = args->db ? args->db : cfg->database;
    printf("carekiosk %s\n", CAREKIOSK_VERSION);
    printf("database: %s\n", db);
    status_set_aside(db);
    enum kiosk_err err = store_open(db, &st);
    if (err != KIOSK_OK) {
        printf("database: cannot open (%s) %s\n", kiosk_strerror(err), kiosk_err_detail());
        return 1;
    }
    printf("schema version: %d\n", store_schema_version(st));
    if (store_outbox_counts(st, &oc) == KIOSK_OK)
        printf("outbox: %d waiting to send, %d sent, %d parked for staff review\n", oc.pending,
               oc.done, oc.parked);
    if (cfg->server_url[0]) {
        char lines[8][160];
        printf("billing server: %s\n", cfg->server_url);
        int n = sync_status_lines(st, kclock_wall(kclock_system()), lines, 8);
        for (int i = 0; i < n; i++)
            printf("%s\n", lines[i]);
    } else {
        printf("billing server: none configured (check-ins stay in the outbox)\n");
    }
    char pay_lines[3][160];
    int np = app_payment_status_lines(st, cfg, pay_lines, 3);
    for (int i = 0; i < np; i++)
        printf("%s\n", pay_lines[i]);
    if (args->check) {
        err = store_integrity_check(st);
        printf("database integrity: %s\n", err == KIOSK_OK ? "ok" : kiosk_strerror(err));
        if (err != KIOSK_OK) {
            store_close(st);
            return 1;
        }
    }
    app_status_devices(cfg, stdout);
    status_branding(cfg);
    store_close(st);
    return 0;
}

/* One sync round, for technicians and tests: prints what happened. Exit
 * status 0 when the round finished, 1 when the server could not be used. */
static int cmd_sync(const struct args *args, struct kiosk_config *cfg)
{
    struct store *st = NULL;
    struct sync *s = NULL;
    struct sync_report rep;
    const char *db = args->db ? args->db : cfg->database;
    if (!args->once) {
        fprintf(stderr, "carekiosk: sync needs --once (the kiosk syncs by itself while it runs)\n");
        return 2;
    }
    enum kiosk_err err = store_open(db, &st);
    if (err != KIOSK_OK) {
        fprintf(stderr, "carekiosk: cannot open %s: %s %s\n", db, kiosk_strerror(err),
                kiosk_err_detail());
        return 1;
    }
    err = sync_new(cfg, kclock_system(), &s);
    if (err != KIOSK_OK) {
        fprintf(stderr, "carekiosk: %s\n", kiosk_err_detail());
        store_close(st);
        return 2;
    }
    err = sync_round(s, st, &rep);
    printf("sync: %s\n", err == KIOSK_OK ? "ok" : "failed");
    if (rep.error[0])
        printf("problem: %s\n", rep.error);
    printf("sent %d, parked %d, waiting %d; pulled %d, unchanged %d, pages %d\n", rep.pushed,
           rep.parked, rep.retrying, rep.pulled, rep.skipped, rep.pages);
    printf("requests %d, bytes sent %llu, received %llu\n", rep.requests,
           (unsigned long long)rep.bytes_sent, (unsigned long long)rep.bytes_received);
    sync_free(s);
    store_close(st);
    return err == KIOSK_OK ? 0 : 1;
}

struct update_hook {
    const struct kiosk_config *cfg;
    const char *db;
};

static void update_healthy(void *ctx)
{
    const struct update_hook *h = ctx;
    app_update_started_healthy(h->cfg, h->db);
}

static bool have_display(void)
{
    const char *drv = getenv("SDL_VIDEODRIVER");
    if (drv && drv[0])
        return strcmp(drv, "dummy") != 0 && strcmp(drv, "offscreen") != 0;
    return getenv("DISPLAY") || getenv("WAYLAND_DISPLAY");
}

/* carekiosk brand VERB DIR [--out DIR]: no site configuration is read (a
 * pack is checked on a technician's or a clinic's machine). */
static int cmd_brand(const struct args *args, struct kiosk_config *cfg)
{
    char assets[PATH_MAX];
    char *argv[6] = {"brand"};
    int n = 1;
    for (int i = 1; i < args->opc && n < 3; i++)
        argv[n++] = args->opv[i];
    if (args->out) {
        argv[n++] = "--out";
        argv[n++] = (char *)args->out;
    }
    argv[n] = NULL;
    config_defaults(cfg);
    cfg->fullscreen = false;
    return app_brand_main(n, argv, find_assets(assets, sizeof(assets)) ? assets : NULL, cfg);
}

static int cmd_update(const struct args *args, struct kiosk_config *cfg)
{
    return app_update_main(args->opc, args->opv, cfg, args->db ? args->db : cfg->database);
}

static int cmd_tech(const struct args *args, struct kiosk_config *cfg)
{
    return app_tech_main(args->opc, args->opv, cfg);
}

/* The kiosk itself: full screen, in a window, or a journey played
 * offscreen. */
static int run_kiosk(struct args *args, struct kiosk_config *cfg)
{
    char assets[PATH_MAX], demo_dir[PATH_MAX] = "", demo_db[PATH_MAX + 16] = "";
    char script[PATH_MAX + 64];
    struct app *app = NULL;
    int rc = 1;

    if (args->width) {
        cfg->screen_w = args->width;
        cfg->screen_h = args->height;
    }
    if (args->windowed)
        cfg->fullscreen = false;
    if (args->assets)
        kstr_copy(assets, sizeof(assets), args->assets);
    else if (!find_assets(assets, sizeof(assets))) {
        fprintf(stderr, "carekiosk: cannot find the assets folder; use --assets DIR\n");
        return 2;
    }

    /* --demo with no display: play the bundled demo journey offscreen. */
    const char *shots = args->shots;
    if (args->demo && !args->headless && !have_display()) {
        args->headless = true;
        snprintf(script, sizeof(script), "%s/demo/demo-journey.txt", assets);
        args->play = script;
        shots = shots ? shots : "carekiosk-demo";
        printf("No display found: playing the demo journey offscreen.\n");
    }
    /* --play without --headless: the journey plays in a real window (to
     * watch it, and for bench_window's peak memory and tap-to-frame). */
    bool in_window = false;
    if (args->play && !args->headless) {
        if (!have_display()) {
            fprintf(stderr, "carekiosk: --play without --headless needs a display\n");
            return 2;
        }
        args->headless = in_window = true;
    }
    if (args->headless && !args->play) {
        fprintf(stderr, "carekiosk: --headless needs --play SCRIPT\n");
        return 2;
    }

    struct app_options opt = {
        .config = cfg,
        .assets_dir = assets,
        .db_path = args->db,
        .demo = args->demo,
        .headless = args->headless,
        .in_window = in_window,
        .output_dir = shots,
    };
    if (args->now && !kclock_parse_local(args->now, &opt.start_wall_ms)) {
        fprintf(stderr, "carekiosk: --now wants YYYY-MM-DDTHH:MM\n");
        return 2;
    }
    if (args->demo && !args->db) {
        /* Demo data goes into a private folder that is removed at exit. */
        if (!app_demo_dir_make(demo_dir, sizeof(demo_dir), demo_db, sizeof(demo_db))) {
            fprintf(stderr, "carekiosk: cannot make a private folder for the demo data in %s\n",
                    app_demo_dir_base());
            return 1;
        }
        opt.db_path = demo_db;
    }

    /* A new version on trial is kept only once it has drawn its first
     * screen and its health checks pass; too many failed starts and the
     * previous version comes back (the service manager restarts us). */
    struct update_hook hook = {cfg, opt.db_path ? opt.db_path : cfg->database};
    if (!args->headless) {
        int trial = app_update_at_start(cfg, hook.db);
        if (trial == 2) {
            fprintf(stderr, "carekiosk: the new version failed to start; the previous version "
                            "was restored and starts next\n");
            rc = 3;
            goto out;
        }
        if (trial == 1) {
            opt.on_first_frame = update_healthy;
            opt.first_frame_ctx = &hook;
        }
    }
    enum kiosk_err err = app_new(&opt, &app);
    if (err != KIOSK_OK) {
        fprintf(stderr, "carekiosk: cannot start: %s %s\n", kiosk_strerror(err),
                kiosk_err_detail());
        goto out;
    }
    if (args->headless) {
        err = app_play(app, args->play);
        if (err != KIOSK_OK) {
            fprintf(stderr, "carekiosk: journey failed: %s\n", kiosk_err_detail());
            goto out;
        }
        if (shots)
            printf("Journey played. Screenshots and printed tickets are in %s/\n", shots);
    } else {
        err = app_run(app);
        if (err != KIOSK_OK)
            goto out;
    }
    if (getenv("CAREKIOSK_TIMING")) {
        fprintf(stderr, "first frame %lld ms after the kiosk started opening its parts\n",
                (long long)app_first_frame_ms(app));
        app_timing_report(app, stderr);
    }
    rc = 0;
out:
    app_free(app);
    if (demo_dir[0])
        app_demo_dir_remove(demo_dir);
    return rc;
}

/* The subcommands: the first word that is not an option; none runs the
 * kiosk. Each gets the options and its words (opv[0] is its own name). */
static const struct command {
    const char *name;
    bool reads_config; /* the site's kiosk.ini (and --config) applies */
    int (*run)(const struct args *args, struct kiosk_config *cfg);
} commands[] = {
    {"status", true, cmd_status}, {"sync", true, cmd_sync}, {"brand", false, cmd_brand},
    {"update", true, cmd_update}, {"tech", true, cmd_tech},
};

int main(int argc, char **argv)
{
    struct args args;
    struct kiosk_config cfg;

    /* The payment terminal's keys live in this process: never in a core file. */
    kcard_no_core_dumps();
    /* One rule per kind of outside input, owned where its library lives:
     * URLs by the HTTP client, pack images by the image loader. */
    config_set_url_check(http_url_check);
    brand_set_image_check(render_image_check);
    brand_set_url_check(http_url_check);
    if (parse_args(argc, argv, &args) != 0)
        return 2;
    const struct command *cmd = NULL;
    if (args.opc > 0) {
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
            if (strcmp(args.opv[0], commands[i].name) == 0)
                cmd = &commands[i];
        if (!cmd) {
            fprintf(stderr, "carekiosk: unknown command '%s'\n", args.opv[0]);
            usage(stderr);
            return 2;
        }
        if (!cmd->reads_config)
            return cmd->run(&args, &cfg);
    }
    if (load_config(&args, &cfg) != 0)
        return 2;
    if (args.server)
        kstr_copy(cfg.server_url, sizeof(cfg.server_url), args.server);
    if (cmd)
        return cmd->run(&args, &cfg);
    return run_kiosk(&args, &cfg);
}
