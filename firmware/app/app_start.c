/* Start-up and shutdown: app_new opens the database, catalogs, guides,
 * branding, fonts, screen, speech and devices; app_free closes them. The
 * database's opening and its retries (app_store_open, app_store_tick) and
 * billing sync's start are here too. */
#define _POSIX_C_SOURCE 200809L /* readlink */
#include "firmware/app/app_private.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "drivers/usb/usb.h"
#include "firmware/sync/sync.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MOD "app"

/* --- the database ------------------------------------------------------------
 * The kiosk always reaches a screen: a database that cannot be opened or
 * written (full disk, read-only mount) leaves a->store NULL, the welcome
 * screen sends patients to the desk, effects that need it fail, and it is
 * tried again every STORE_RETRY_MS. A corrupt file is set aside for a
 * technician and a fresh one started (the server, or the demo, fills it). */

#define STORE_RETRY_MS 30000

bool app_store_open(struct app *a)
{
    char path[600];
    enum kiosk_err err = store_open(a->db.path, &a->store);
    if (err == KIOSK_ERR_CORRUPT) {
        err = store_set_aside(a->db.path, kclock_wall(a->clock) / 1000, a->db.aside,
                              sizeof(a->db.aside), &a->db.aside_unsent);
        log_error(MOD,
                  "the local database is damaged: set aside, %d unsent rows in it (-1: "
                  "unknown); starting a fresh one",
                  a->db.aside_unsent);
        err = err == KIOSK_OK ? store_open(a->db.path, &a->store) : KIOSK_ERR_CORRUPT;
    }
    /* Demo data only when no billing server fills the cache (--demo --server
     * runs the demo against a real server). */
    if (err == KIOSK_OK && a->db.demo && !a->cfg.server_url[0]) {
        snprintf(path, sizeof(path), "%s/demo/demo-data.tsv", a->assets);
        err = store_load_demo(a->store, path, kclock_wall(a->clock));
        if (err == KIOSK_ERR_INVALID && a->db.retry_ms && strstr(kiosk_err_detail(), "not empty"))
            err = KIOSK_OK; /* a retry finds the demo loaded before the disk failed */
        if (err != KIOSK_OK) {
            store_close(a->store);
            a->store = NULL;
        }
    }
    a->db.err = err;
    a->db.retry_ms = kclock_mono(a->clock) + STORE_RETRY_MS;
    if (err != KIOSK_OK) {
        kstr_copy(a->db.why, sizeof(a->db.why), kiosk_err_detail());
        log_error(MOD, "the local database cannot be used, tried again in 30 s: %E", err);
    }
    return err == KIOSK_OK;
}

/* From the loop: a missing store is tried again; a present one finishes
 * the checkpoints it owes. */
void app_store_tick(struct app *a)
{
    if (a->store) {
        a->db.owed = store_idle(a->store) != KIOSK_OK;
        return;
    }
    if (kclock_mono(a->clock) < a->db.retry_ms || !app_store_open(a))
        return;
    log_info(MOD, "the local database works again");
    if (a->sync_threaded) { /* its thread stopped when it could not open the file */
        sync_free(a->sync);
        a->sync = NULL;
        app_sync_open(a, true);
    }
    app_pay_recover(a);
    a->dirty = true;
}

/* When the loop must wake for the database: a retry, or a checkpoint
 * still owed (looked at every second); -1 when never. */
int64_t app_store_deadline(const struct app *a, int64_t now)
{
    if (!a->store)
        return a->db.retry_ms;
    return a->db.owed ? now + 1000 : -1;
}

/* --- set-up ----------------------------------------------------------------- */

static void path_join(char *out, size_t size, const char *dir, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

/* Compiled catalogs are build output and live beside the program: <exe>/locale
 * in the build tree, <exe>/../share/carekiosk/locale when installed. */
static void catalog_dir(char *out, size_t size)
{
    char exe[512];
    struct stat st;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    char *slash;
    out[0] = '\0';
    if (n <= 0)
        return;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (!slash)
        return;
    *slash = '\0';
    snprintf(out, size, "%s/locale", exe);
    if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
        return;
    snprintf(out, size, "%s/../share/carekiosk/locale", exe);
}

/* mkdir -p: the output folder may be several levels deep. */
static void make_dirs(const char *path)
{
    char buf[512];
    kstr_copy(buf, sizeof(buf), path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(buf, 0755);
        *p = '/';
    }
    mkdir(buf, 0755);
}

static void open_devices(struct app *a)
{
    /* One libusb context for every USB device, when a USB driver is chosen. */
    if (strcmp(a->cfg.printer, "sim") != 0 || strcmp(a->cfg.reader, "sim") != 0) {
        enum kiosk_err err = usb_new(&a->devices.usb);
        if (err != KIOSK_OK)
            log_error(MOD, "USB did not start (%E): USB devices will show as not connected", err);
        else
            usb_set_wake(a->devices.usb, app_wake, a); /* a device came or went */
    }
    struct printer_config pc = {
        .driver = a->cfg.printer,
        .paper_dots = config_paper_dots(&a->cfg),
        .output_dir = a->output_dir[0] ? a->output_dir : NULL,
        .usb = a->devices.usb,
    };
    static struct text_raster raster; /* lives as long as the process */
    raster = fontset_raster(a->fonts);
    pc.raster = &raster;
    enum kiosk_err err = printer_open(&pc, &a->devices.printer);
    if (err != KIOSK_OK) {
        log_note(LOG_WARN, MOD, "printer not available, driver", a->cfg.printer);
        a->devices.printer = NULL;
    }
    struct reader_config rc = {.driver = a->cfg.reader,
                               .patient_card_prefix = a->cfg.patient_card_prefix,
                               .clock = a->clock,
                               .usb = a->devices.usb,
                               .wake = app_wake, /* a swipe or a scan is queued */
                               .wake_ctx = a};
    err = reader_open(&rc, &a->devices.reader);
    if (a->devices.usb) /* what is plugged in now is looked at: no news */
        a->devices.usb_seen = usb_generation(a->devices.usb);
    if (err != KIOSK_OK) {
        log_note(LOG_WARN, MOD, "card reader not available, driver", a->cfg.reader);
        a->devices.reader = NULL;
    }
}

static void init_flow(struct app *a)
{
    struct flow_config fc = {
        .warn_ms = a->cfg.warn_s * 1000LL,
        .clear_ms = a->cfg.clear_s * 1000LL,
        .done_ms = a->cfg.done_s * 1000LL,
        .help_wait_ms = a->cfg.help_wait_min * 60000LL,
        .early_ms = a->cfg.arrival_early_min * 60000LL,
        .late_ms = a->cfg.arrival_late_min * 60000LL,
        .max_attempts = a->cfg.max_attempts,
        .min_pay_minor = a->cfg.pay_min_minor,
        .details_every_visit = a->cfg.details_every_visit,
        .details_max_age_ms = a->cfg.details_months * 2629746000LL,
        .details_contact = a->cfg.details_contact,
        .details_insurance = a->cfg.details_insurance,
    };
    char payers[sizeof(a->cfg.details_payers)];
    const char *names[FLOW_MAX_PAYERS];
    fc.payer_count = app_details_payers(a, payers, sizeof(payers), names, FLOW_MAX_PAYERS);
    for (int i = 0; i < fc.payer_count; i++)
        kstr_copy(fc.payers[i], sizeof(fc.payers[i]), names[i]);
    kstr_copy(fc.default_lang, sizeof(fc.default_lang), a->cfg.default_lang);
    for (int i = 0; i < a->cfg.lang_count && fc.lang_count < 8; i++)
        kstr_copy(fc.langs[fc.lang_count++], sizeof(fc.langs[0]), a->cfg.langs[i]);
    flow_init(&a->flow, &fc, kclock_mono(a->clock));
}

/* The configured branding pack, else the shipped default pack, else the
 * built-in colours: a bad pack never blanks the kiosk. Why a pack was not
 * used stays in a->brand.rejected for the technician view. */
static void load_branding(struct app *a)
{
    char def[700];
    path_join(def, sizeof(def), a->assets, "branding/default");
    const char *dir = a->cfg.branding[0] ? a->cfg.branding : def;
    enum kiosk_err err = brand_load(&a->brand.pack, dir);
    if (err != KIOSK_OK) {
        a->brand.rejected = a->brand.pack;
        log_warn(MOD, "branding pack not used (%d problems; see carekiosk brand check): %E",
                 a->brand.pack.problem_count - a->brand.pack.warning_count, err);
        if (dir != def && brand_load(&a->brand.pack, def) != KIOSK_OK)
            brand_defaults(&a->brand.pack);
        else if (dir == def)
            brand_defaults(&a->brand.pack);
    }
    theme_from_brand(&a->brand.theme, a->brand.pack.colours);
}

enum kiosk_err app_new(const struct app_options *opt, struct app **out)
{
    /* A text line's texture at 1080 px is 100-300 kB. glibc raises its mmap
     * threshold after the first such block is freed, and later ones then
     * come from the heap and stay resident after the screen changes; a
     * fixed threshold keeps them mapped and gives each back when freed. */
    mallopt(M_MMAP_THRESHOLD, 64 << 10);
    char path[600];
    enum kiosk_err err = KIOSK_ERR_NOMEM;
    struct app *a = kmem_alloc(sizeof(*a));
    if (!a)
        return KIOSK_ERR_NOMEM;
    a->boot.started_mono = kclock_mono(kclock_system());
    a->boot.first_frame_ms = -1;
    a->cfg = *opt->config;
    a->headless = opt->headless;
    a->boot.on_first_frame = opt->on_first_frame;
    a->boot.ctx = opt->first_frame_ctx;
    kstr_copy(a->assets, sizeof(a->assets), opt->assets_dir);
    if (opt->output_dir) {
        kstr_copy(a->output_dir, sizeof(a->output_dir), opt->output_dir);
        make_dirs(a->output_dir);
    }
    ui_frame_init(&a->frame);
    if (opt->headless) {
        kclock_fake_init(&a->fake,
                         opt->start_wall_ms ? opt->start_wall_ms : kclock_wall(kclock_system()));
        a->clock = &a->fake.clock;
    } else {
        a->clock = kclock_system();
    }

    kstr_copy(a->db.path, sizeof(a->db.path), opt->db_path ? opt->db_path : a->cfg.database);
    a->db.demo = opt->demo;
    a->db.aside_unsent = -1;
    if (!app_store_open(a) && a->db.err == KIOSK_ERR_INVALID) {
        err = a->db.err; /* demo data that does not load is the build's fault */
        goto err_free;
    }
    if (opt->catalog_dir)
        kstr_copy(path, sizeof(path), opt->catalog_dir);
    else
        catalog_dir(path, sizeof(path));
    err = i18n_new(path[0] ? path : NULL, &a->i18n);
    if (err != KIOSK_OK)
        goto err_close_store;
    for (int i = 0; i < i18n_lang_count() && i < CONFIG_MAX_LANGS; i++) {
        char dir[700];
        snprintf(dir, sizeof(dir), "%s/education/%s", a->assets, i18n_lang_code(i));
        if (guide_library_load(dir, &a->guides[i]) != KIOSK_OK)
            a->guides[i] = NULL;
    }
    load_branding(a);
    path_join(path, sizeof(path), a->assets, "fonts");
    err = fontset_new(path, &a->fonts);
    if (err != KIOSK_OK) {
        log_note(LOG_ERROR, MOD, "fonts missing in", path);
        goto err_free_i18n;
    }
    struct render_config rc = {
        .width = a->cfg.screen_w,
        .height = a->cfg.screen_h,
        .offscreen = opt->headless && !opt->in_window,
        .fullscreen = a->cfg.fullscreen,
        .title = "carekiosk",
        .fonts = a->fonts,
        .path = RENDER_SOFTWARE,
        .image_dir = a->brand.pack.dir[0] ? a->brand.pack.dir : NULL,
    };
    render_path_parse(a->cfg.renderer, &rc.path); /* config_load allows only valid names */
    err = render_new(&rc, &a->render);
    if (err != KIOSK_OK) {
        log_error(MOD, "cannot open the screen: %E", err);
        goto err_free_fonts;
    }
    a->env.measure = fontset_measure(a->fonts);
    a->env.i18n = a->i18n;
    struct speech_config sc = {.audio = !opt->headless, .volume = 80};
    enum kiosk_err serr = speech_new(&sc, &a->voice.speech);
    if (serr == KIOSK_ERR_UNSUPPORTED)
        log_warn(MOD, "speech output not available: espeak-ng is missing");
    open_devices(a);
    app_pay_init(a);
    init_flow(a);
    app_payqr_init(a); /* after the flow: it says which bills may be paid by QR */
    a->dirty = true;
    app_service_init(a);
    app_metrics_open(a);
    *out = a;
    return KIOSK_OK;

err_free_fonts:
    fontset_free(a->fonts);
err_free_i18n:
    for (int i = 0; i < CONFIG_MAX_LANGS; i++)
        guide_library_free(a->guides[i]);
    i18n_free(a->i18n);
err_close_store:
    store_close(a->store);
err_free:
    ui_frame_release(&a->frame);
    kmem_free(a);
    return err;
}

void app_free(struct app *a)
{
    if (!a)
        return;
    app_forms_close(a);
    app_metrics_close(a);
    sync_free(a->sync); /* stops its thread before the store goes */
    app_print_free(a);  /* before the printer and the logo it borrows */
    app_pay_free(a);
    app_payqr_free(a);
    app_service_release(a);
    reader_close(a->devices.reader);
    printer_close(a->devices.printer);
    usb_free(a->devices.usb);
    kbitmap_release(&a->ticket.logo);
    speech_free(a->voice.speech);
    render_free(a->render);
    fontset_free(a->fonts);
    for (int i = 0; i < CONFIG_MAX_LANGS; i++)
        guide_library_free(a->guides[i]);
    i18n_free(a->i18n);
    store_close(a->store);
    ui_frame_release(&a->frame);
    kmem_wipe(&a->flow, sizeof(a->flow));
    kmem_free(a);
}

void app_sync_open(struct app *a, bool threaded)
{
    if (!a->cfg.server_url[0] || a->sync)
        return;
    enum kiosk_err err = sync_new(&a->cfg, kclock_system(), &a->sync);
    if (err == KIOSK_OK && threaded)
        err = sync_start(a->sync, a->db.path);
    a->sync_threaded = err == KIOSK_OK && threaded;
    if (err != KIOSK_OK) {
        log_error(MOD, "billing sync not started: %E", err);
        sync_free(a->sync);
        a->sync = NULL;
    }
}
