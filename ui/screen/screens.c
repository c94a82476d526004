#include "ui/screen/screens.h"

const struct screen_entry screen_table[] = {
    {"welcome", screen_welcome},
    {"checkin.surname", screen_surname},
    {"checkin.dob", screen_dob},
    {"checkin.appointments", screen_appointments},
    {"checkin.done", screen_done},
    {"checkin.not_found", screen_not_found},
    {"checkin.see_desk", screen_see_desk},
    {"checkin.no_appointment", screen_no_appointment},
    {"checkin.unavailable", screen_unavailable},
    {"help", screen_help},
    {"help.sent", screen_help_sent},
    {"guides", screen_guides},
    {"guide", screen_guide},
    {"glossary", screen_glossary},
    {"service.login", screen_service_login},
    {"service.home", screen_service_home},
    {"service.reader", screen_service_reader},
    {NULL, NULL},
};
