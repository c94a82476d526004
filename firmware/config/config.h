/* kiosk.ini: everything a site sets. config_defaults() gives a working demo
 * configuration; config_load() reads a file over it and reports every
 * problem as "FILE:LINE: what is wrong and what to do" into the problems
 * list (no patient data ever lives in config).
 *
 * Example (all keys; the defaults are shown):
 *
 *   [kiosk]
 *   location = Main lobby          # shown to staff in help requests
 *   database = carekiosk.db        # SQLite cache file
 *   languages = en,pt-BR,hi,es     # offered on the welcome screen, in order
 *   default_language = en
 *   [screen]
 *   width = 1080
 *   height = 1920
 *   fullscreen = true
 *   [timeouts]
 *   warn_s = 45                    # inactivity before "Do you need more time?"
 *   clear_s = 60                   # inactivity before everything is cleared
 *   done_s = 20                    # the "You're checked in" screen stays this long
 *   [checkin]
 *   arrival_early_min = 30         # check-in opens this long before the appointment
 *   arrival_late_min = 15          # and closes this long after its start
 *   max_attempts = 3               # wrong surname/date of birth tries before "see the front desk"
 *   queue_prefix = A
 *   [devices]
 *   printer = sim                  # printer driver name
 *   paper_width_mm = 80            # 80 or 58
 *   reader = sim                   # card reader / scanner driver name
 *   patient_card_prefix = 600100   # track-2 prefix that marks a patient ID card
 */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include "firmware/core/err.h"

#include <stdbool.h>

#define CONFIG_MAX_LANGS 8
#define CONFIG_MAX_PROBLEMS 32

struct kiosk_config {
    char location[96];
    char database[256];
    int lang_count;
    char langs[CONFIG_MAX_LANGS][8];
    char default_lang[8];

    int screen_w, screen_h;
    bool fullscreen;

    int warn_s, clear_s, done_s;

    int arrival_early_min, arrival_late_min;
    int max_attempts;
    char queue_prefix[4];

    char printer[32];
    int paper_width_mm;
    char reader[32];
    char patient_card_prefix[20];

    /* Filled by config_load: each "FILE:LINE: message". */
    int problem_count;
    char problems[CONFIG_MAX_PROBLEMS][200];
};

void config_defaults(struct kiosk_config *cfg);
/* Read path over the current values. Returns KIOSK_ERR_NOT_FOUND if the file
 * is missing, KIOSK_ERR_CONFIG if any problem was found (problems lists them
 * all; values that were fine are applied), KIOSK_OK otherwise. Checks ranges:
 * 5 <= warn_s < clear_s <= 600, widths 320..8192, paper 58 or 80, languages
 * known to i18n, ... */
enum kiosk_err config_load(struct kiosk_config *cfg, const char *path);
/* Paper width in printer dots (576 for 80 mm, 384 for 58 mm). */
int config_paper_dots(const struct kiosk_config *cfg);

#endif
