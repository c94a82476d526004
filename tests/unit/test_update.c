/* The update front without RAUC: version order and the floor, the command
 * line's refusals, and an updater that cannot reach RAUC saying so. The
 * real RAUC runs in tests/update/rauc-real.sh (label update, root). */
#define _DEFAULT_SOURCE
#include "firmware/app/app.h"
#include "firmware/config/config.h"
#include "firmware/core/err.h"
#include "firmware/update/update.h"
#include "ktest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define OUT KIOSK_BINARY_DIR "/test_update"

static enum ktest_result test_versions(void)
{
    KT_ASSERT(update_version_valid("1.10.2"));
    KT_ASSERT(update_version_valid("0.0.0"));
    const char *bad[] = {"",       "1.0",    "1.0.0.0", "1.a.0",       "v1.0.0",
                         "1.0.0 ", "-1.0.0", "1..0",    "1234567.0.0", "1.0.0-rc1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (update_version_valid(bad[i]))
            KT_FAIL_AT("'%s' taken as a version", bad[i]);
    KT_ASSERT(update_version_cmp("1.10.0", "1.9.9") > 0);
    KT_ASSERT(update_version_cmp("2.0.0", "2.0.0") == 0);
    KT_ASSERT(update_version_cmp("0.9.9", "1.0.0") < 0);
    KT_ASSERT(update_version_cmp("1.0", "1.0.0") == 0);
    return KTEST_PASS;
}

/* Only newer than both the floor and what runs; unknown ("") limits nothing. */
static enum ktest_result test_floor(void)
{
    KT_ASSERT(update_version_allowed("1.1.0", "", ""));
    KT_ASSERT(update_version_allowed("1.1.0", "1.0.0", "1.0.5"));
    KT_ASSERT(!update_version_allowed("1.0.0", "1.0.0", ""));
    KT_ASSERT(!update_version_allowed("0.9.0", "1.0.0", ""));
    KT_ASSERT(!update_version_allowed("1.1.0", "", "1.2.0"));
    KT_ASSERT(!update_version_allowed("1.2.0", "1.3.0", "1.0.0"));
    KT_ASSERT(!update_version_allowed("garbage", "", ""));
    mkdir(OUT, 0755);
    FILE *f = fopen(OUT "/floor", "w");
    KT_ASSERT(f);
    fputs("1.4.0\n", f);
    fclose(f);
    char floor[32];
    update_floor_read(OUT, floor);
    KT_EQ_STR(floor, "1.4.0");
    update_floor_read(OUT "/nowhere", floor);
    KT_EQ_STR(floor, "");
    return KTEST_PASS;
}

static enum ktest_result test_no_rauc(void)
{
    setenv("DBUS_STARTER_BUS_TYPE", "session", 1);
    setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" OUT "/no-bus", 1);
    struct update_config uc = {.state_dir = OUT "/state"};
    struct updater *u = (struct updater *)&uc;
    KT_EQ_INT(updater_new(&uc, &u), KIOSK_ERR_OFFLINE);
    KT_ASSERT(u == NULL);
    KT_ASSERT(strstr(kiosk_err_detail(), "D-Bus") != NULL);
    return KTEST_PASS;
}

static enum ktest_result test_command_line(void)
{
    struct kiosk_config cfg;
    config_defaults(&cfg);
    char *install[] = {"update", "install", "x.raucb", NULL};
    char *nothing[] = {"update", "frobnicate", NULL};
    KT_EQ_INT(app_update_main(2, nothing, &cfg, OUT "/kiosk.db"), 2);
    KT_EQ_INT(app_update_main(3, install, &cfg, OUT "/kiosk.db"), 1); /* backend = none */
    strcpy(cfg.update_backend, "slots");                              /* the removed backend */
    KT_EQ_INT(app_update_main(3, install, &cfg, OUT "/kiosk.db"), 1);
    KT_EQ_INT(app_update_at_start(&cfg, OUT "/kiosk.db"), 0);
    strcpy(cfg.update_backend, "rauc"); /* no RAUC on the bus (test_no_rauc's environment) */
    setenv("DBUS_STARTER_BUS_TYPE", "session", 1);
    setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" OUT "/no-bus", 1);
    KT_EQ_INT(app_update_main(3, install, &cfg, OUT "/kiosk.db"), 1);
    KT_EQ_INT(app_update_at_start(&cfg, OUT "/kiosk.db"), 0); /* the kiosk still starts */
    char line[200];
    app_update_describe(&cfg, line, sizeof(line));
    KT_ASSERT(strstr(line, "cannot be reached") != NULL);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"versions", test_versions},
    {"floor", test_floor},
    {"no_rauc", test_no_rauc},
    {"command_line", test_command_line},
};
KTEST_MAIN(tests)
