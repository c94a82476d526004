/* kiosk.ini: everything a site sets. config_defaults() gives a working demo
 * configuration; config_load() reads a file over it and reports every
 * problem as "FILE:LINE: what is wrong and what to do" into the problems
 * list (no patient data ever lives in config). assets/kiosk.ini.example is a
 * complete commented file with the defaults.
 *
 * Example (all keys; the defaults are shown). Comments go on their own line
 * (see ini.h): text after a value is part of the value.
 *
 *   [kiosk]
 *   # shown to staff in help requests
 *   location = Main lobby
 *   # where the front desk is, told to a patient who asks for help
 *   front_desk = Ground floor, by the main entrance
 *   # a number patients can call (default: none)
 *   phone = +1 555 0100
 *   # where each guide can be read on a phone (shown as a QR code)
 *   guides_url = https://www.example.org/guides/{lang}/{guide}
 *   # SQLite cache file
 *   database = carekiosk.db
 *   # the branding pack folder (default: the shipped default pack)
 *   branding = /etc/carekiosk/branding
 *   # offered on the welcome screen, in order (en, pt-BR, hi, es)
 *   languages = en,pt-BR,hi,es
 *   # must be one of languages
 *   default_language = en
 *   [screen]
 *   # 320..8192 pixels each
 *   width = 1080
 *   height = 1920
 *   # true/false, yes/no or 1/0
 *   fullscreen = true
 *   # software: SDL's software renderer on the window's own framebuffer (no
 *   # GL library loaded; for kiosks without a GPU); gpu: SDL's accelerated
 *   # renderer (OpenGL/GLES, KMSDRM); auto: gpu where a DRM render node exists
 *   renderer = software
 *   [timeouts]
 *   # inactivity before "Do you need more time?" (5..599, less than clear_s)
 *   warn_s = 45
 *   # inactivity before everything is cleared (6..600)
 *   clear_s = 60
 *   # the "You're checked in" screen stays this long (3..300)
 *   done_s = 20
 *   # "someone is on the way" stays this long before pointing to the desk (1..60)
 *   help_wait_min = 5
 *   [checkin]
 *   # check-in opens this long before the appointment (0..240)
 *   arrival_early_min = 30
 *   # and closes this long after its start (0..240)
 *   arrival_late_min = 15
 *   # wrong surname/date of birth tries before "see the front desk" (1..10)
 *   max_attempts = 3
 *   # 0 to 3 letters or digits in front of ticket numbers
 *   queue_prefix = A
 *   [devices]
 *   # printer driver name
 *   printer = sim
 *   # 80 or 58
 *   paper_width_mm = 80
 *   # card reader / scanner driver name
 *   reader = sim
 *   # track-2 prefix that marks a patient ID card (1..19 digits)
 *   patient_card_prefix = 600100
 *   [service]
 *   # technician accounts (carekiosk tech add NAME) and the audit log
 *   accounts = carekiosk-technicians
 *   audit_log = carekiosk-audit.log
 *   # where "Export logs" writes, e.g. a USB stick's mount point
 *   export_dir = carekiosk-export
 *   # technician logged off after this many idle seconds (30..3600)
 *   logoff_s = 180
 *   # wrong passcodes before an account locks (1..20), for minutes (1..1440)
 *   max_failures = 5
 *   lockout_min = 15
 *   [update]
 *   # none (updates off) or rauc (RAUC bundles, A/B slots)
 *   backend = none
 *   # the version floor and the trial, outside the slots
 *   state_dir = carekiosk-update
 *   # RAUC's system.conf, for `rauc info`
 *   rauc_conf = /etc/rauc/system.conf
 *   # starts of a new version without mark-good before it is rolled back (1..10)
 *   max_boots = 3
 *
 * Language codes are matched without regard to case and stored in their
 * canonical form ("pt-br" -> "pt-BR"). Driver names are only checked for
 * their spelling here; the driver registries decide whether one exists.
 */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include "firmware/core/err.h"

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_MAX_LANGS    8
#define CONFIG_MAX_PROBLEMS 32

struct kiosk_config {
    char location[96];
    char front_desk[128]; /* where the front desk is, said when help is asked for */
    /* location.LANG, front_desk.LANG: the same in pt-BR, hi, es (index as
     * i18n_lang_index; [0], English, unused); "" none. The built-in
     * translations go with the built-in texts: a file that sets location
     * or front_desk without its translations drops them. */
    char location_lang[4][96];
    char front_desk_lang[4][128];
    char phone[32];       /* a number patients can call; "" for none */
    char guides_url[192]; /* a guide's web address: {lang} and {guide} are filled in */
    char database[256];
    char branding[256]; /* the branding pack's folder; "" for the default pack */
    int lang_count;
    char langs[CONFIG_MAX_LANGS][8];
    char default_lang[8];

    int screen_w, screen_h;
    bool fullscreen;
    char renderer[12]; /* "software", "gpu" or "auto" (render.h, enum render_path) */

    int warn_s, clear_s, done_s;
    int help_wait_min; /* staff can be expected this long after help was asked for */

    int arrival_early_min, arrival_late_min;
    int max_attempts;
    char queue_prefix[4];

    char printer[32];
    int paper_width_mm;
    char reader[32];
    char patient_card_prefix[20];

    /* service mode */
    char accounts[256];   /* technician accounts file (carekiosk tech add) */
    char audit_log[256];  /* append-only audit log of service mode */
    char export_dir[256]; /* where "Export logs" writes (a USB stick's mount point) */
    int logoff_s;         /* technician logged off after this much inactivity */
    int max_failures;     /* wrong passcodes before an account locks */
    int lockout_min;      /* and for how long */

    /* signed image updates */
    char update_backend[16];    /* none or rauc ("slots" is refused by app) */
    char update_dir[256];       /* floor and trial */
    char update_rauc_conf[256]; /* RAUC's system.conf, for `rauc info` */
    char update_key[256];       /* unused since RAUC bundles (RAUC's keyring checks) */
    char update_compatible[64]; /* unused since RAUC bundles (RAUC's system.conf checks) */
    int update_max_boots;       /* failed starts before going back */

    /* the hospital billing server (FHIR R4); server_url "" = none (offline) */
    char server_url[256];         /* base, e.g. https://billing.example.org/fhir */
    char server_ca_file[256];     /* CA bundle to trust; "" = the system's */
    char server_token_file[256];  /* a bearer token, or the OAuth2 client secret */
    char server_oauth_url[256];   /* OAuth2 token endpoint; "" = plain bearer token */
    char server_client_id[128];   /* OAuth2 client id */
    char server_proxy[256];       /* HTTP proxy URL; "" = none */
    char server_location[64];     /* FHIR Location id of this kiosk; "" = every location */
    char server_card_system[128]; /* identifier system of patient ID cards */
    char server_mrn_system[128];  /* identifier system of record numbers */
    char server_appt_system[128]; /* identifier system of appointment codes */
    int server_connect_timeout_s; /* to connect */
    int server_timeout_s;         /* for a whole request */
    int server_interval_s;        /* between sync rounds */
    int server_keep_days;         /* settled bills and past appointments kept this long */
    int server_days_ahead;        /* days after today whose appointments are cached too */
    int server_overlap_s;         /* changes re-read before each cursor (late commits) */
    /* [payment]: paying a bill at the kiosk */
    int pay_min_minor;     /* the least a part payment may be, in minor units */
    int pay_callback_days; /* billing staff call back within this many working days */
    /* the payment terminal for cards (drivers/terminal); pay_terminal "" = no cards here */
    char pay_terminal[24];                  /* driver: "adyen-nexo" */
    char pay_terminal_url[256];             /* https://<terminal>:8443/nexo */
    char pay_terminal_poiid[64];            /* the terminal's POIID, "V400m-123456789" */
    char pay_terminal_sale_id[64];          /* this kiosk's SaleID; "" = [kiosk] location */
    char pay_terminal_key_id[64];           /* the shared key's KeyIdentifier */
    int pay_terminal_key_version;           /* and its KeyVersion */
    char pay_terminal_passphrase_file[256]; /* the shared key's passphrase */
    char pay_terminal_ca_file[256];         /* the root its certificate chains to */
    char pay_terminal_cert_domain[96];      /* CN = POIID + this; "" = Adyen's test or live */
    int pay_terminal_timeout_s;             /* the longest a payment at the terminal takes */
    /* [details]: "Are these still right?" after check-in */
    bool details_every_visit; /* ask at every visit */
    int details_months;       /* else when the record is older than this; 0 = never */
    bool details_contact;     /* ask for the emergency contact too */
    bool details_insurance;   /* "Is this still your insurance?" */
    char details_payers[512]; /* payers to pick from, "; " between; "" = the branding pack's */
    /* [qrpay]: Pix (BRL) or UPI (INR) by QR through the hospital's payment service */
    char qr_scheme[8];        /* "pix", "upi" or "" (none) */
    char qr_url[256];         /* the service's base: Pix {url}/cob/{txid}, UPI {url}/charges */
    char qr_oauth_url[256];   /* OAuth2 token endpoint (client credentials) */
    char qr_client_id[128];   /* OAuth2 client id */
    char qr_secret_file[256]; /* the client secret (one line) */
    char qr_ca_file[256];     /* CA bundle of the service; "" = the system's */
    char qr_payee_name[64];   /* shown and put in the code (Pix: cut to 25 ASCII characters) */
    char qr_payee_city[32];   /* Pix: cut to 15 */
    char qr_pix_key[80];      /* Pix: the receiving key the charge is made for */
    char qr_upi_vpa[96];      /* UPI: the payee address (pa) */
    char qr_upi_mc[8];        /* UPI: merchant category code (mc), "" = none */
    int qr_expiry_s;          /* a code lives this long */
    /* [metrics]: node_exporter's textfile collector folder; "" = no metrics */
    char metrics_dir[256];

    /* Filled by config_load: each "FILE:LINE: message". warning_count says
     * how many problems found were warnings only ("FILE:LINE: warning: ..."),
     * which do not make config_load fail. */
    int problem_count;
    int warning_count;
    char problems[CONFIG_MAX_PROBLEMS][200];
};

void config_defaults(struct kiosk_config *cfg);
/* The check each address key ([server] url, oauth_token_url, proxy,
 * and [kiosk] guides_url shown as QR codes) gets as it is read: check returns KIOSK_OK
 * or an error with a sentence in why, and config_load reports "FILE:LINE: KEY sentence" and keeps
 * the old value (so the kiosk does not start). The kiosk registers http_url_check
 * (firmware/sync/http.h) before it reads kiosk.ini; with none registered (NULL, the default)
 * addresses are checked only as text here, and again by the HTTP client before each request. Not
 * thread-safe: set it once at start. */
void config_set_url_check(enum kiosk_err (*check)(const char *url, char *why, size_t size));
/* Read path over the current values. Returns KIOSK_ERR_NOT_FOUND if the file
 * is missing, KIOSK_ERR_CONFIG if any problem was found (problems lists them
 * all; values that were fine are applied), KIOSK_OK otherwise. Checks ranges:
 * 5 <= warn_s < clear_s <= 600, widths 320..8192, paper 58 or 80, languages
 * known to i18n, ... (the ranges are in the example above).
 *
 * Problems: problem_count is reset and then counts the entries in problems (at
 * most CONFIG_MAX_PROBLEMS). Messages name the file by its base name. Unknown
 * sections and keys, malformed values, out-of-range values, syntax errors are
 * problems. A duplicate key is a warning: it is listed ("FILE:LINE: warning:
 * ..."), the later valid value is used, and it alone does not make the result
 * KIOSK_ERR_CONFIG. A value with a problem leaves the field as it was. After
 * the file, two cross-checks: warn_s < clear_s, and default_language among
 * languages; when one fails, both keys of the pair go back to their values
 * from before the call. If there are more problems than fit, the last entry is
 * "... and N more" (N problems not listed). A missing file adds "FILE: file
 * not found; ..." and returns KIOSK_ERR_NOT_FOUND; a file that cannot be read
 * (too big, no permission, not a regular file such as a FIFO, I/O) adds a
 * problem and returns KIOSK_ERR_CONFIG (never blocks on a FIFO);
 * KIOSK_ERR_NOMEM when reading the file ran out of memory. path NULL counts as
 * a missing file. */
enum kiosk_err config_load(struct kiosk_config *cfg, const char *path);
/* Paper width in printer dots (576 for 80 mm, 384 for 58 mm; 0 for any other width). */
int config_paper_dots(const struct kiosk_config *cfg);

#endif
