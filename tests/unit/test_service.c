/* Service mode: technician accounts (hashing, lockout that survives a
 * restart, no default accounts), the audit log, the state machine, and two
 * journeys through the real kiosk (a visit; a lockout). */
#include "firmware/app/app_private.h"
#include "firmware/core/file.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"
#include "firmware/service/service.h"
#include "firmware/service/tech.h"
#include "ktest.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUT      KIOSK_BINARY_DIR "/test_service"
#define ACCOUNTS OUT "/technicians"
#define AUDIT    OUT "/audit.log"

static void fresh(void)
{
    mkdir(OUT, 0777);
    unlink(ACCOUNTS);
    unlink(AUDIT);
}

static char *slurp(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    if (kfile_read(path, 1 << 22, &text, &len) != KIOSK_OK)
        return NULL;
    return text;
}

static enum ktest_result test_names_and_codes(void)
{
    KT_ASSERT(tech_name_valid("maria-s"));
    KT_ASSERT(tech_name_valid("j.doe_2"));
    KT_ASSERT(!tech_name_valid(""));
    KT_ASSERT(!tech_name_valid("Maria"));
    KT_ASSERT(!tech_name_valid("a b"));
    KT_ASSERT(!tech_name_valid("name\twith\ttab"));
    KT_ASSERT(tech_code_valid("123456"));
    KT_ASSERT(tech_code_valid("123456789012"));
    KT_ASSERT(!tech_code_valid("12345"));
    KT_ASSERT(!tech_code_valid("1234567890123"));
    KT_ASSERT(!tech_code_valid("12345a"));
    return KTEST_PASS;
}

static enum ktest_result test_no_default_accounts(void)
{
    fresh();
    struct tech_policy pol = {5, 60000};
    /* nobody can log in before a technician is added, whatever they type */
    KT_EQ_INT(tech_login(ACCOUNTS, "admin", "000000", 0, &pol, NULL), KIOSK_ERR_NOT_FOUND);
    KT_EQ_INT(tech_login(ACCOUNTS, "root", "123456", 0, &pol, NULL), KIOSK_ERR_NOT_FOUND);
    return KTEST_PASS;
}

static enum ktest_result test_add_login_remove(void)
{
    fresh();
    struct tech_policy pol = {5, 60000};
    KT_EQ_INT(tech_add(ACCOUNTS, "maria", "246810"), KIOSK_OK);
    KT_EQ_INT(tech_add(ACCOUNTS, "joe", "135790"), KIOSK_OK);
    KT_EQ_INT(tech_add(ACCOUNTS, "Bad Name", "135790"), KIOSK_ERR_INVALID);
    KT_EQ_INT(tech_add(ACCOUNTS, "ok", "12"), KIOSK_ERR_INVALID);
    struct stat st;
    KT_EQ_INT(stat(ACCOUNTS, &st), 0);
    KT_EQ_INT((int)(st.st_mode & 0777), 0600);
    /* the passcode is not in the file, only its argon2id hash */
    char *text = slurp(ACCOUNTS);
    KT_ASSERT(text && !strstr(text, "246810") && strstr(text, "$argon2id$"));
    kmem_free(text);
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "246810", 0, &pol, NULL), KIOSK_OK);
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "135790", 0, &pol, NULL), KIOSK_ERR_DENIED);
    KT_EQ_INT(tech_login(ACCOUNTS, "nobody", "246810", 0, &pol, NULL), KIOSK_ERR_DENIED);
    char names[256];
    int count;
    KT_EQ_INT(tech_list(ACCOUNTS, names, sizeof(names), &count), KIOSK_OK);
    KT_EQ_INT(count, 2);
    KT_EQ_STR(names, "maria\njoe\n");
    KT_EQ_INT(tech_remove(ACCOUNTS, "maria"), KIOSK_OK);
    KT_EQ_INT(tech_remove(ACCOUNTS, "maria"), KIOSK_ERR_NOT_FOUND);
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "246810", 0, &pol, NULL), KIOSK_ERR_DENIED);
    KT_EQ_INT(tech_login(ACCOUNTS, "joe", "135790", 0, &pol, NULL), KIOSK_OK);
    return KTEST_PASS;
}

static enum ktest_result test_lockout(void)
{
    fresh();
    struct tech_policy pol = {3, 15 * 60000};
    int64_t until = 0, t0 = 1000000;
    KT_EQ_INT(tech_add(ACCOUNTS, "maria", "246810"), KIOSK_OK);
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "111111", t0, &pol, &until), KIOSK_ERR_DENIED);
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "111111", t0, &pol, &until), KIOSK_ERR_DENIED);
    KT_ASSERT(until == 0);
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "111111", t0, &pol, &until), KIOSK_ERR_DENIED);
    KT_ASSERT(until == t0 + 15 * 60000);
    /* the right passcode is refused while locked, also after a "restart"
     * (the state is in the file) */
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "246810", t0 + 60000, &pol, &until), KIOSK_ERR_DENIED);
    KT_ASSERT(until == t0 + 15 * 60000);
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "246810", t0 + 15 * 60000 + 1, &pol, &until), KIOSK_OK);
    /* a success resets the count: two wrong tries do not lock */
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "111111", t0 + 16 * 60000, &pol, &until),
              KIOSK_ERR_DENIED);
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "111111", t0 + 16 * 60000, &pol, &until),
              KIOSK_ERR_DENIED);
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "246810", t0 + 16 * 60000, &pol, &until), KIOSK_OK);
    /* a new passcode unlocks */
    for (int i = 0; i < 3; i++)
        tech_login(ACCOUNTS, "maria", "111111", t0 + 17 * 60000, &pol, &until);
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "246810", t0 + 17 * 60000, &pol, &until),
              KIOSK_ERR_DENIED);
    KT_EQ_INT(tech_add(ACCOUNTS, "maria", "975310"), KIOSK_OK);
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "975310", t0 + 17 * 60000, &pol, &until), KIOSK_OK);
    return KTEST_PASS;
}

static enum ktest_result test_damaged_file(void)
{
    fresh();
    FILE *f = fopen(ACCOUNTS, "w");
    KT_ASSERT(f != NULL);
    fputs("maria only-one-field\n", f);
    fclose(f);
    struct tech_policy pol = {5, 60000};
    KT_EQ_INT(tech_login(ACCOUNTS, "maria", "246810", 0, &pol, NULL), KIOSK_ERR_CORRUPT);
    return KTEST_PASS;
}

static enum ktest_result test_audit_log(void)
{
    fresh();
    KT_EQ_INT(audit_append(AUDIT, 1795358400000LL, "maria", "logged\tin", "line\nbreak"), KIOSK_OK);
    KT_EQ_INT(audit_append(AUDIT, 1795358460000LL, NULL, "x", NULL), KIOSK_OK);
    char *text = slurp(AUDIT);
    KT_ASSERT(text != NULL);
    KT_EQ_STR(text, "2026-11-22T14:40:00Z\tmaria\tlogged in\tline break\n"
                    "2026-11-22T14:41:00Z\t-\tx\t\n");
    kmem_free(text);
    return KTEST_PASS;
}

static enum ktest_result test_state_machine(void)
{
    struct svc_state s;
    struct svc_fx_list fx;
    svc_init(&s, 180000);
    /* four taps, a pause, then one: not five within the window */
    for (int i = 0; i < 4; i++)
        KT_ASSERT(svc_tap(&s, "service.corner", 1000 + i * 100, &fx));
    KT_ASSERT(svc_tap(&s, "service.corner", 1000 + SVC_CORNER_MS + 1, &fx));
    KT_ASSERT(!svc_active(&s));
    /* any other tap starts the count again */
    for (int i = 0; i < 4; i++)
        svc_tap(&s, "service.corner", 20000 + i * 100, &fx);
    KT_ASSERT(!svc_tap(&s, "action.checkin", 20500, &fx));
    svc_tap(&s, "service.corner", 20600, &fx);
    KT_ASSERT(!svc_active(&s));
    for (int i = 0; i < 5; i++)
        svc_tap(&s, "service.corner", 30000 + i * 100, &fx);
    KT_ASSERT(svc_active(&s));
    KT_EQ_INT(fx.count, 1);
    KT_EQ_INT(fx.fx[0].kind, SVCFX_ENTERED);
    svc_tap(&s, "key.J", 31000, &fx);
    svc_tap(&s, "key.hyphen", 31000, &fx);
    svc_tap(&s, "key.1", 31000, &fx); /* digits do not go into the name */
    KT_EQ_STR(s.name, "j-");
    svc_tap(&s, "next", 31000, &fx);
    for (int i = 0; i < 6; i++)
        svc_tap(&s, "key.7", 31000, &fx);
    svc_tap(&s, "login", 31000, &fx);
    KT_EQ_INT(fx.count, 1);
    KT_EQ_INT(fx.fx[0].kind, SVCFX_LOGIN);
    KT_EQ_STR(fx.fx[0].code, "777777");
    KT_EQ_STR(s.code, ""); /* the state keeps no passcode once it is sent */
    KT_ASSERT(s.busy);
    svc_login_result(&s, KIOSK_OK, 0, 32000, &fx);
    KT_EQ_INT(s.screen, SVC_HOME);
    KT_EQ_STR(s.user, "j-");
    KT_EQ_INT(fx.fx[0].kind, SVCFX_AUDIT);
    /* idle: logged off at the deadline, with an audit line */
    KT_ASSERT(svc_next_deadline(&s) == 32000 + 180000);
    KT_ASSERT(!svc_tick(&s, 32000 + 179999, &fx));
    KT_ASSERT(svc_tick(&s, 32000 + 180000, &fx));
    KT_ASSERT(!svc_active(&s));
    KT_EQ_INT(fx.count, 2);
    KT_EQ_STR(fx.fx[0].text, "logged off (inactivity)");
    KT_EQ_INT(fx.fx[1].kind, SVCFX_EXITED);
    return KTEST_PASS;
}

static enum ktest_result play(const char *journey, const char *shots, struct app **out)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    kstr_copy(cfg.accounts, sizeof(cfg.accounts), ACCOUNTS);
    kstr_copy(cfg.audit_log, sizeof(cfg.audit_log), AUDIT);
    kstr_copy(cfg.export_dir, sizeof(cfg.export_dir), OUT "/export");
    int64_t now = 0;
    kclock_parse_local("2026-03-10T10:00", &now);
    const char *db = OUT "/kiosk.db";
    unlink(db);
    struct app_options opt = {.config = &cfg,
                              .assets_dir = KIOSK_SOURCE_DIR "/assets",
                              .db_path = db,
                              .demo = true,
                              .headless = true,
                              .start_wall_ms = now,
                              .output_dir = shots};
    KT_EQ_INT(app_new(&opt, out), KIOSK_OK);
    enum kiosk_err err = app_play(*out, journey);
    if (err != KIOSK_OK)
        fprintf(stderr, "    %s\n", kiosk_err_detail());
    KT_EQ_INT(err, KIOSK_OK);
    return KTEST_PASS;
}

static enum ktest_result test_visit_journey(void)
{
    fresh();
    KT_EQ_INT(tech_add(ACCOUNTS, "maria", "246810"), KIOSK_OK);
    struct app *a = NULL;
    enum ktest_result r =
        play(KIOSK_SOURCE_DIR "/tests/fixtures/service/service-visit.journey", OUT "/visit", &a);
    app_free(a);
    if (r != KTEST_PASS)
        return r;
    char *audit = slurp(AUDIT);
    KT_ASSERT(audit != NULL);
    KT_ASSERT(strstr(audit, "\t-\tservice login opened\t"));
    KT_ASSERT(strstr(audit, "\tmaria\tlogged in\t"));
    KT_ASSERT(strstr(audit, "\tmaria\tprinter test page\t"));
    KT_ASSERT(strstr(audit, "\tmaria\tcard reader test\t"));
    KT_ASSERT(strstr(audit, "\tmaria\tlog export\t"));
    KT_ASSERT(strstr(audit, "\tmaria\tlogged off (inactivity)\t"));
    KT_ASSERT(!strstr(audit, "246810"));
    kmem_free(audit);
    /* the export holds status and audit, never a card number or passcode */
    char path[512];
    snprintf(path, sizeof(path), OUT "/export/carekiosk-logs-20260310-100000.txt");
    char *exp = slurp(path);
    if (!exp)
        fprintf(stderr, "    no export at %s\n", path);
    KT_ASSERT(exp != NULL);
    KT_ASSERT(strstr(exp, "== audit log"));
    KT_ASSERT(strstr(exp, "Outbox:"));
    KT_ASSERT(strstr(exp, "Updates: off"));
    KT_ASSERT(!strstr(exp, "6001000000000017"));
    KT_ASSERT(!strstr(exp, "246810"));
    KT_ASSERT(!strstr(exp, "Silva"));
    kmem_free(exp);
    return KTEST_PASS;
}

static enum ktest_result test_lockout_journey(void)
{
    fresh();
    KT_EQ_INT(tech_add(ACCOUNTS, "joe", "135790"), KIOSK_OK);
    struct app *a = NULL;
    enum ktest_result r = play(KIOSK_SOURCE_DIR "/tests/fixtures/service/service-lockout.journey",
                               OUT "/lockout", &a);
    app_free(a);
    if (r != KTEST_PASS)
        return r;
    char *audit = slurp(AUDIT);
    KT_ASSERT(audit != NULL);
    KT_ASSERT(strstr(audit, "\t-\tlogin failed\tname 'joe'"));
    KT_ASSERT(strstr(audit, "\t-\tlogin refused (locked)\tname 'joe'"));
    KT_ASSERT(strstr(audit, "\tjoe\tlogged in\t"));
    KT_ASSERT(strstr(audit, "\tjoe\tlogged off\t"));
    kmem_free(audit);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"names_and_codes", test_names_and_codes},   {"no_default_accounts", test_no_default_accounts},
    {"add_login_remove", test_add_login_remove}, {"lockout", test_lockout},
    {"damaged_file", test_damaged_file},         {"audit_log", test_audit_log},
    {"state_machine", test_state_machine},       {"visit_journey", test_visit_journey},
    {"lockout_journey", test_lockout_journey},
};

KTEST_MAIN(tests)
