/* Service mode in the app: runs the effects of firmware/service (login
 * check, audit log, printer test page, log export) and gathers the status
 * the technician sees. Nothing here shows or writes patient data: the
 * patient session is cleared when service mode opens, card numbers in the
 * reader test are cut to their last 4 digits, and the log export carries
 * only the kiosk's own log lines (which never hold patient data) and the
 * audit log. */
#define _DEFAULT_SOURCE
#include "firmware/app/app_private.h"
#include "firmware/sync/sync.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MOD "service"

#ifndef CAREKIOSK_VERSION
#define CAREKIOSK_VERSION "unknown"
#endif

/* ---- recent log lines, for the export ---------------------------------------- */

#define RING_LINES 256
static char ring[RING_LINES][200];
static int ring_next, ring_count;

static void ring_sink(void *ctx, enum log_level level, const char *line)
{
    (void)ctx;
    (void)level;
    fprintf(stderr, "%s\n", line);
    kstr_copy(ring[ring_next], sizeof(ring[0]), line);
    ring_next = (ring_next + 1) % RING_LINES;
    if (ring_count < RING_LINES)
        ring_count++;
}

void app_service_init(struct app *a)
{
    svc_init(&a->svc.state, (int64_t)a->cfg.logoff_s * 1000);
    log_set_sink(ring_sink, NULL);
}

void app_service_release(struct app *a)
{
    (void)a;
    log_set_sink(NULL, NULL);
}

/* ---- effects ------------------------------------------------------------------ */

static void audit(struct app *a, const char *who, const char *action, const char *detail)
{
    enum kiosk_err err = audit_append(a->cfg.audit_log, kclock_wall(a->clock),
                                      who && who[0] ? who : "-", action, detail);
    if (err != KIOSK_OK) {
        char what[96];
        log_format(what, sizeof(what), "audit log cannot be written (%E)", err);
        log_note(LOG_ERROR, MOD, what, a->cfg.audit_log);
    }
}

static enum kiosk_err print_test_page(struct app *a)
{
    static struct receipt r;
    char buf[RECEIPT_TEXT_MAX];
    if (!a->devices.printer)
        return KIOSK_ERR_NO_DEVICE;
    if (app_print_busy(a))
        return KIOSK_ERR_BUSY; /* a patient's page is on the printer */
    receipt_init(&r);
    receipt_text(&r, "carekiosk printer test", RECEIPT_LARGE, RECEIPT_CENTER, true);
    receipt_rule(&r);
    snprintf(buf, sizeof(buf), "Kiosk: %s", a->cfg.location);
    receipt_text(&r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    snprintf(buf, sizeof(buf), "Version %s, paper %d mm", CAREKIOSK_VERSION, a->cfg.paper_width_mm);
    receipt_text(&r, buf, RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_text(&r, "Ação, coração, São João: àáâãçéêíóôõú", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_text(&r, "हिन्दी: नमस्ते, क्षमा, श्री", RECEIPT_NORMAL, RECEIPT_LEFT, false);
    receipt_text(&r, "Bold line", RECEIPT_NORMAL, RECEIPT_LEFT, true);
    receipt_text(&r, "0123456789", RECEIPT_HUGE, RECEIPT_CENTER, true);
    receipt_qr(&r, "https://www.example.org/carekiosk/test");
    struct kdate d;
    kclock_local(kclock_wall(a->clock), &d);
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d", d.year, d.month, d.day, d.hour,
             d.minute);
    receipt_text(&r, buf, RECEIPT_NORMAL, RECEIPT_CENTER, false);
    return printer_print(a->devices.printer, &r);
}

static enum kiosk_err export_logs(struct app *a, char *path, size_t size)
{
    char lines[UI_SVC_LINES][160];
    int n = app_service_status(a, lines, UI_SVC_LINES);
    if (mkdir(a->cfg.export_dir, 0750) != 0 && errno != EEXIST)
        return KIOSK_ERR_IO;
    struct kdate d;
    kclock_local(kclock_wall(a->clock), &d);
    snprintf(path, size, "%s/carekiosk-logs-%04d%02d%02d-%02d%02d%02d.txt", a->cfg.export_dir,
             d.year, d.month, d.day, d.hour, d.minute, d.second);
    FILE *f = fopen(path, "w");
    if (!f)
        return errno == ENOSPC ? KIOSK_ERR_FULL : KIOSK_ERR_IO;
    fprintf(f, "carekiosk log export (no patient data)\n\n== status\n");
    for (int i = 0; i < n; i++)
        fprintf(f, "%s\n", lines[i]);
    fprintf(f, "\n== audit log\n");
    FILE *au = fopen(a->cfg.audit_log, "r");
    if (au) {
        char buf[512];
        while (fgets(buf, sizeof(buf), au))
            fputs(buf, f);
        fclose(au);
    }
    fprintf(f, "\n== recent log lines\n");
    for (int i = 0; i < ring_count; i++)
        fprintf(f, "%s\n", ring[(ring_next - ring_count + i + RING_LINES) % RING_LINES]);
    if (fclose(f) != 0)
        return KIOSK_ERR_IO;
    return KIOSK_OK;
}

static void run_svc_fx(struct app *a, struct svc_fx_list *list)
{
    struct svc_fx_list fx = *list;
    kmem_wipe(list, sizeof(*list));
    for (int i = 0; i < fx.count; i++) {
        struct svc_fx *f = &fx.fx[i];
        struct svc_fx_list more = {0};
        char msg[200];
        switch (f->kind) {
        case SVCFX_ENTERED:
            /* whoever stood here before leaves nothing on screen */
            flow_init(&a->flow, &a->flow.cfg, kclock_mono(a->clock));
            audit(a, NULL, "service login opened", "");
            app_devices_check(a); /* the device lines show a fresh state */
            break;
        case SVCFX_LOGIN: {
            struct tech_policy pol = {.max_failures = a->cfg.max_failures,
                                      .lockout_ms = (int64_t)a->cfg.lockout_min * 60000};
            int64_t until = 0;
            enum kiosk_err err =
                tech_login(a->cfg.accounts, f->text, f->code, kclock_wall(a->clock), &pol, &until);
            kmem_wipe(f->code, sizeof(f->code));
            if (err != KIOSK_OK && err != KIOSK_ERR_DENIED) {
                char what[96];
                log_format(what, sizeof(what), "technician accounts unreadable (%E)", err);
                log_note(LOG_WARN, MOD, what, a->cfg.accounts);
            }
            svc_login_result(&a->svc.state, err, until, kclock_mono(a->clock), &more);
            run_svc_fx(a, &more);
            break;
        }
        case SVCFX_AUDIT:
            audit(a, f->who, f->text, f->detail);
            break;
        case SVCFX_PRINT_TEST: {
            enum kiosk_err err = print_test_page(a);
            snprintf(msg, sizeof(msg),
                     err == KIOSK_OK ? "The test page was printed."
                                     : "The test page did not print: %s",
                     kiosk_strerror(err));
            svc_result(&a->svc.state, err == KIOSK_OK, msg);
            break;
        }
        case SVCFX_SYNC:
            svc_result(&a->svc.state, false,
                       "No billing server is configured on this kiosk: nothing to sync.");
            break;
        case SVCFX_EXPORT: {
            char path[600];
            enum kiosk_err err = export_logs(a, path, sizeof(path));
            const char *base = strrchr(path, '/');
            if (err == KIOSK_OK)
                snprintf(msg, sizeof(msg), "Logs exported as %.100s in the export folder.",
                         base ? base + 1 : path);
            else
                snprintf(msg, sizeof(msg), "Logs could not be exported to %.100s: %s",
                         a->cfg.export_dir, kiosk_strerror(err));
            svc_result(&a->svc.state, err == KIOSK_OK, msg);
            break;
        }
        case SVCFX_EXITED:
            flow_init(&a->flow, &a->flow.cfg, kclock_mono(a->clock));
            break;
        }
    }
    kmem_wipe(&fx, sizeof(fx));
    a->dirty = true;
}

bool app_service_tap(struct app *a, const char *id)
{
    struct svc_fx_list fx = {0};
    if (!svc_tap(&a->svc.state, id, kclock_mono(a->clock), &fx))
        return false;
    run_svc_fx(a, &fx);
    return true;
}

void app_service_tick(struct app *a)
{
    struct svc_fx_list fx = {0};
    if (svc_tick(&a->svc.state, kclock_mono(a->clock), &fx))
        run_svc_fx(a, &fx);
}

int64_t app_service_deadline(const struct app *a)
{
    return svc_next_deadline(&a->svc.state);
}

bool app_service_reader(struct app *a, const struct reader_input *in)
{
    if (!svc_active(&a->svc.state))
        return false;
    char text[96];
    size_t n = strlen(in->value);
    switch (in->kind) {
    case READER_PATIENT_CARD:
        snprintf(text, sizeof(text), "Patient ID card, ending %s",
                 n >= 4 ? in->value + n - 4 : "(short)");
        break;
    case READER_PAYMENT_CARD:
        snprintf(text, sizeof(text), "Payment card (its number is not shown or kept)");
        break;
    case READER_BARCODE:
        snprintf(text, sizeof(text), "Code scanned, %zu characters", n);
        break;
    case READER_EXPIRED_CARD:
        snprintf(text, sizeof(text), "Card read: it has expired");
        break;
    case READER_BAD_SWIPE:
    case READER_BAD_SCAN:
        snprintf(text, sizeof(text), "Unreadable: swipe or scan again");
        break;
    case READER_LICENCE:
        snprintf(text, sizeof(text), "Driver's licence read (nothing on it is shown or kept)");
        break;
    case READER_BAD_LICENCE:
        snprintf(text, sizeof(text), "Driver's licence: its barcode could not be read");
        break;
    default:
        return true;
    }
    svc_reader_swipe(&a->svc.state, text);
    a->dirty = true;
    return true;
}

static void human_size(long long bytes, char *out, size_t size)
{
    if (bytes >= 10LL << 30)
        snprintf(out, size, "%lld GB", bytes >> 30);
    else if (bytes >= 10LL << 20)
        snprintf(out, size, "%lld MB", bytes >> 20);
    else
        snprintf(out, size, "%lld KB", (bytes + 1023) >> 10);
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

/* A status line, cut to fit (the full text is in carekiosk status). */
static void status_line(char *dst, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void status_line(char *dst, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, 160, fmt, ap);
    va_end(ap);
}

int app_service_status(struct app *a, char lines[][160], int max)
{
    int n = 0;
#define LINE(...)                                                                                  \
    do {                                                                                           \
        if (n < max)                                                                               \
            status_line(lines[n++], __VA_ARGS__);                                                  \
    } while (0)
    char db_size[32], free_s[32], side[600];
    snprintf(side, sizeof(side), "%s-wal", a->db.path);
    human_size(file_size(a->db.path) + file_size(side), db_size, sizeof(db_size));
    struct statvfs vfs;
    char dir[512];
    kstr_copy(dir, sizeof(dir), a->db.path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        kstr_copy(dir, sizeof(dir), ".");
    if (statvfs(dir, &vfs) == 0)
        human_size((long long)vfs.f_bavail * (long long)vfs.f_frsize, free_s, sizeof(free_s));
    else
        kstr_copy(free_s, sizeof(free_s), "unknown");
    LINE("carekiosk %s; database schema %d, %s; %s free on its disk", CAREKIOSK_VERSION,
         a->store ? store_schema_version(a->store) : 0, db_size, free_s);
    if (!a->store)
        LINE("Database CANNOT BE USED (%s): patients are sent to the front desk; tried again "
             "every 30 s. %.60s",
             kiosk_strerror(a->db.err), a->db.why);
    if (a->db.aside[0] && a->db.aside_unsent < 0)
        LINE("Database was damaged: set aside as %.70s (unsent outbox rows in it: unknown)",
             a->db.aside);
    else if (a->db.aside[0])
        LINE("Database was damaged: set aside as %.70s, %d unsent outbox rows in it%s", a->db.aside,
             a->db.aside_unsent,
             a->db.aside_unsent ? " (not sent: recover them from that file)" : "");
    char dev[4][160];
    int nd = app_describe_devices(a->devices.printer, &a->devices.printer_seen, a->devices.reader,
                                  &a->cfg, dev, 4);
    for (int i = 0; i < nd; i++)
        LINE("%s", dev[i]);
    struct outbox_counts oc;
    if (a->store && store_outbox_counts(a->store, &oc) == KIOSK_OK)
        LINE("Outbox: %d waiting to send, %d sent, %d parked for staff review", oc.pending, oc.done,
             oc.parked);
    else
        LINE("Outbox: cannot be read");
    if (!a->store) {
        /* sync and payments are read from the database */
    } else if (a->cfg.server_url[0]) {
        char sync_lines[8][160];
        int ns = sync_status_lines(a->store, kclock_wall(a->clock), sync_lines, 8);
        for (int i = 0; i < ns; i++)
            LINE("%s", sync_lines[i]);
    } else {
        LINE("Sync: no billing server configured");
    }
    char pay_lines[3][160];
    int np = a->store ? app_payment_status_lines(a->store, &a->cfg, pay_lines, 3) : 0;
    for (int i = 0; i < np; i++)
        LINE("%s", pay_lines[i]);
    char upd[160];
    app_update_describe(&a->cfg, upd, sizeof(upd));
    LINE("%s", upd);
    if (a->brand.rejected.problem_count > 0) {
        char pack_dir[64], name[48]; /* cut between clusters, with an ellipsis: any script */
        kstr_copy_ellipsis(pack_dir, sizeof(pack_dir), a->brand.rejected.dir);
        kstr_copy_ellipsis(name, sizeof(name), a->brand.pack.name);
        LINE("Branding: pack in %s NOT used (%d problems), showing \"%s\"", pack_dir,
             a->brand.rejected.problem_count - a->brand.rejected.warning_count, name);
        for (int i = 0; i < a->brand.rejected.problem_count && i < 3; i++)
            LINE("  %s", a->brand.rejected.problems[i]);
    } else {
        LINE("Branding: \"%s\"", a->brand.pack.name);
    }
#undef LINE
    return n;
}

void app_service_view(struct app *a, struct ui_view *v)
{
    struct ui_service *sv = &a->svc.view;
    const struct svc_state *s = &a->svc.state;
    memset(sv, 0, sizeof(*sv));
    sv->user = s->user;
    sv->name = s->name;
    sv->code_len = (int)strlen(s->code);
    sv->field = s->field;
    sv->busy = s->busy;
    sv->reader_result = s->reader_result;
    switch (s->msg) {
    case SVC_MSG_WRONG:
        sv->message = "Wrong name or passcode.";
        sv->message_is_error = true;
        break;
    case SVC_MSG_LOCKED: {
        struct kdate d;
        kclock_local(s->msg_until, &d);
        snprintf(a->svc.msg, sizeof(a->svc.msg),
                 "Too many wrong tries: this account is locked until %02d:%02d.", d.hour, d.minute);
        sv->message = a->svc.msg;
        sv->message_is_error = true;
        break;
    }
    case SVC_MSG_NO_ACCOUNTS:
        sv->message = "No technician is set up on this kiosk. Add one with: carekiosk tech add "
                      "NAME";
        sv->message_is_error = true;
        break;
    case SVC_MSG_LOGIN_ERROR:
        sv->message = "The technician accounts cannot be read. See carekiosk status.";
        sv->message_is_error = true;
        break;
    case SVC_MSG_SHORT_CODE:
        sv->message = "The passcode has 6 to 12 digits.";
        sv->message_is_error = true;
        break;
    case SVC_MSG_DONE:
    case SVC_MSG_FAILED:
        sv->message = s->msg_text;
        sv->message_is_error = s->msg == SVC_MSG_FAILED;
        break;
    default:
        break;
    }
    if (s->screen == SVC_HOME)
        sv->line_count = app_service_status(a, sv->lines, UI_SVC_LINES);
    v->screen = svc_screen_id(s);
    v->lang = "en";
    v->large_text = false;
    v->high_contrast = false;
    v->warning = false;
    v->notice_msgid = NULL;
    v->busy = s->busy;
    v->svc = sv;
}

/* ---- carekiosk tech add|remove|list ---------------------------------------- */

static bool read_code(const char *prompt, char *out, size_t size)
{
    if (isatty(0)) {
        fprintf(stderr, "%s", prompt);
        struct termios old, quiet;
        tcgetattr(0, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(0, TCSANOW, &quiet);
        bool ok = fgets(out, (int)size, stdin) != NULL;
        tcsetattr(0, TCSANOW, &old);
        fprintf(stderr, "\n");
        if (!ok)
            return false;
    } else if (!fgets(out, (int)size, stdin)) {
        return false;
    }
    out[strcspn(out, "\r\n")] = '\0';
    return true;
}

int app_tech_main(int argc, char **argv, const struct kiosk_config *cfg)
{
    const char *verb = argc > 1 ? argv[1] : "";
    const char *name = argc > 2 ? argv[2] : NULL;
    int64_t now = kclock_wall(kclock_system());
    if (!strcmp(verb, "list")) {
        char names[TECH_MAX * TECH_NAME_MAX];
        int count = 0;
        enum kiosk_err err = tech_list(cfg->accounts, names, sizeof(names), &count);
        if (err == KIOSK_ERR_NOT_FOUND) {
            printf("no technicians yet (%s does not exist): add one with carekiosk tech add NAME\n",
                   cfg->accounts);
            return 0;
        }
        if (err != KIOSK_OK) {
            fprintf(stderr, "carekiosk: %s: %s\n", cfg->accounts, kiosk_strerror(err));
            return 1;
        }
        printf("%s", names);
        return 0;
    }
    if (!strcmp(verb, "add") && name) {
        if (!tech_name_valid(name)) {
            fprintf(stderr, "carekiosk: a technician name is 1 to 31 of a-z 0-9 . _ - (e.g. "
                            "maria-s)\n");
            return 2;
        }
        char code[64], again[64];
        if (!read_code("Passcode (6 to 12 digits): ", code, sizeof(code)) ||
            (isatty(0) && !read_code("Again: ", again, sizeof(again)))) {
            fprintf(stderr, "carekiosk: no passcode given\n");
            return 2;
        }
        if (isatty(0) && strcmp(code, again) != 0) {
            kmem_wipe(code, sizeof(code));
            kmem_wipe(again, sizeof(again));
            fprintf(stderr, "carekiosk: the two passcodes differ; nothing changed\n");
            return 1;
        }
        if (!tech_code_valid(code)) {
            kmem_wipe(code, sizeof(code));
            fprintf(stderr, "carekiosk: a passcode is 6 to 12 digits; nothing changed\n");
            return 2;
        }
        enum kiosk_err err = tech_add(cfg->accounts, name, code);
        kmem_wipe(code, sizeof(code));
        kmem_wipe(again, sizeof(again));
        if (err != KIOSK_OK) {
            fprintf(stderr, "carekiosk: %s: %s\n", cfg->accounts, kiosk_strerror(err));
            return 1;
        }
        audit_append(cfg->audit_log, now, "console", "technician added or passcode set", name);
        printf("technician %s can now log in to service mode\n", name);
        return 0;
    }
    if (!strcmp(verb, "remove") && name) {
        enum kiosk_err err = tech_remove(cfg->accounts, name);
        if (err != KIOSK_OK) {
            fprintf(stderr, "carekiosk: %s: %s\n", name,
                    err == KIOSK_ERR_NOT_FOUND ? "no such technician" : kiosk_strerror(err));
            return 1;
        }
        audit_append(cfg->audit_log, now, "console", "technician removed", name);
        printf("technician %s removed\n", name);
        return 0;
    }
    fprintf(stderr, "usage: carekiosk tech add NAME    (the passcode is read from the terminal "
                    "or standard input)\n"
                    "       carekiosk tech remove NAME | tech list      [--config FILE]\n");
    return 2;
}
