#include "ui/screen/screens.h"
#include "firmware/core/screen.h"

const struct screen_entry screen_table[] = {
#define SCREEN_ROW(scr, id, name, ...) {id, screen_##name},
    KIOSK_SCREENS(SCREEN_ROW) /* the patient's screens, as flow names them */
#undef SCREEN_ROW
    /* Service mode: the app's and ui's alone. */
    {"service.login", screen_service_login},
    {"service.home", screen_service_home},
    {"service.reader", screen_service_reader},
    {NULL, NULL},
};
