/* kiosk.ini over the defaults. Every key is a row of one table (section,
 * name, kind, where it lives, limits), so a new key is one line and the
 * "known keys" hints in messages stay true by construction. Values are
 * checked one by one as the INI reader hands them over; a bad value leaves
 * the field as it was. Checks that involve two keys run after the whole
 * file was read; when one fails, both keys go back to their values from
 * before the load (which were consistent), so the kiosk never runs with a
 * pair that contradicts itself. */
#include "config.h"

#include "ini.h"

#include "firmware/core/str.h"
#include "firmware/i18n/i18n.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

enum kind {
    K_TEXT,   /* any UTF-8, not empty */
    K_INT,    /* whole number within min..max */
    K_BOOL,   /* true/false/yes/no/1/0 */
    K_LANGS,  /* comma-separated known language codes */
    K_LANG,   /* one known language code */
    K_DRIVER, /* driver name: [a-z0-9_-]+ */
    K_DIGITS, /* one or more digits */
    K_PREFIX, /* 0..3 letters or digits */
    K_PAPER,  /* 58 or 80 */
    K_URL,    /* an address the kiosk sends to: text, then the registered URL check */
    K_RENDER, /* software, gpu or auto (any case), stored in lower case */
};

struct key_def {
    const char *section;
    const char *name;
    enum kind kind;
    size_t off;  /* offset of the field in struct kiosk_config */
    size_t size; /* char arrays: their size */
    int min, max;
};

#define F(field) offsetof(struct kiosk_config, field)
#define S(field) sizeof(((struct kiosk_config *)0)->field)

static const struct key_def keys[] = {
    {"kiosk", "location", K_TEXT, F(location), S(location), 0, 0},
    {"kiosk", "front_desk", K_TEXT, F(front_desk), S(front_desk), 0, 0},
    {"kiosk", "location.pt-BR", K_TEXT, F(location_lang[1]), S(location_lang[1]), 0, 0},
    {"kiosk", "location.hi", K_TEXT, F(location_lang[2]), S(location_lang[2]), 0, 0},
    {"kiosk", "location.es", K_TEXT, F(location_lang[3]), S(location_lang[3]), 0, 0},
    {"kiosk", "front_desk.pt-BR", K_TEXT, F(front_desk_lang[1]), S(front_desk_lang[1]), 0, 0},
    {"kiosk", "front_desk.hi", K_TEXT, F(front_desk_lang[2]), S(front_desk_lang[2]), 0, 0},
    {"kiosk", "front_desk.es", K_TEXT, F(front_desk_lang[3]), S(front_desk_lang[3]), 0, 0},
    {"kiosk", "phone", K_TEXT, F(phone), S(phone), 0, 0},
    {"kiosk", "guides_url", K_URL, F(guides_url), S(guides_url), 0, 0},
    {"kiosk", "database", K_TEXT, F(database), S(database), 0, 0},
    {"kiosk", "branding", K_TEXT, F(branding), S(branding), 0, 0},
    {"service", "accounts", K_TEXT, F(accounts), S(accounts), 0, 0},
    {"service", "audit_log", K_TEXT, F(audit_log), S(audit_log), 0, 0},
    {"service", "export_dir", K_TEXT, F(export_dir), S(export_dir), 0, 0},
    {"service", "logoff_s", K_INT, F(logoff_s), 0, 30, 3600},
    {"service", "max_failures", K_INT, F(max_failures), 0, 1, 20},
    {"service", "lockout_min", K_INT, F(lockout_min), 0, 1, 1440},
    {"update", "backend", K_DRIVER, F(update_backend), S(update_backend), 0, 0},
    {"update", "state_dir", K_TEXT, F(update_dir), S(update_dir), 0, 0},
    {"update", "rauc_conf", K_TEXT, F(update_rauc_conf), S(update_rauc_conf), 0, 0},
    {"update", "public_key", K_TEXT, F(update_key), S(update_key), 0, 0},
    {"update", "compatible", K_TEXT, F(update_compatible), S(update_compatible), 0, 0},
    {"update", "max_boots", K_INT, F(update_max_boots), 0, 1, 10},
    {"server", "url", K_URL, F(server_url), S(server_url), 0, 0},
    {"server", "ca_file", K_TEXT, F(server_ca_file), S(server_ca_file), 0, 0},
    {"server", "token_file", K_TEXT, F(server_token_file), S(server_token_file), 0, 0},
    {"server", "oauth_token_url", K_URL, F(server_oauth_url), S(server_oauth_url), 0, 0},
    {"server", "client_id", K_TEXT, F(server_client_id), S(server_client_id), 0, 0},
    {"server", "proxy", K_URL, F(server_proxy), S(server_proxy), 0, 0},
    {"server", "location_id", K_TEXT, F(server_location), S(server_location), 0, 0},
    {"server", "card_system", K_TEXT, F(server_card_system), S(server_card_system), 0, 0},
    {"server", "mrn_system", K_TEXT, F(server_mrn_system), S(server_mrn_system), 0, 0},
    {"server", "appointment_system", K_TEXT, F(server_appt_system), S(server_appt_system), 0, 0},
    {"server", "connect_timeout_s", K_INT, F(server_connect_timeout_s), 0, 1, 60},
    {"server", "timeout_s", K_INT, F(server_timeout_s), 0, 2, 300},
    {"server", "interval_s", K_INT, F(server_interval_s), 0, 5, 3600},
    {"server", "keep_days", K_INT, F(server_keep_days), 0, 1, 365},
    {"server", "days_ahead", K_INT, F(server_days_ahead), 0, 0, 14},
    {"server", "overlap_s", K_INT, F(server_overlap_s), 0, 0, 3600},
    {"metrics", "textfile_dir", K_TEXT, F(metrics_dir), S(metrics_dir), 0, 0},
    {"payment", "min_amount_minor", K_INT, F(pay_min_minor), 0, 1, 100000000},
    {"payment", "callback_days", K_INT, F(pay_callback_days), 0, 1, 14},
    {"payment", "terminal", K_DRIVER, F(pay_terminal), S(pay_terminal), 0, 0},
    {"payment", "terminal_url", K_TEXT, F(pay_terminal_url), S(pay_terminal_url), 0, 0},
    {"payment", "terminal_poiid", K_TEXT, F(pay_terminal_poiid), S(pay_terminal_poiid), 0, 0},
    {"payment", "terminal_sale_id", K_TEXT, F(pay_terminal_sale_id), S(pay_terminal_sale_id), 0, 0},
    {"payment", "terminal_key_id", K_TEXT, F(pay_terminal_key_id), S(pay_terminal_key_id), 0, 0},
    {"payment", "terminal_key_version", K_INT, F(pay_terminal_key_version), 0, 0, 1000000},
    {"payment", "terminal_passphrase_file", K_TEXT, F(pay_terminal_passphrase_file),
     S(pay_terminal_passphrase_file), 0, 0},
    {"payment", "terminal_ca_file", K_TEXT, F(pay_terminal_ca_file), S(pay_terminal_ca_file), 0, 0},
    {"payment", "terminal_cert_domain", K_TEXT, F(pay_terminal_cert_domain),
     S(pay_terminal_cert_domain), 0, 0},
    {"payment", "terminal_timeout_s", K_INT, F(pay_terminal_timeout_s), 0, 2, 600},
    {"details", "ask_every_visit", K_BOOL, F(details_every_visit), 0, 0, 0},
    {"details", "older_than_months", K_INT, F(details_months), 0, 0, 240},
    {"details", "emergency_contact", K_BOOL, F(details_contact), 0, 0, 0},
    {"details", "insurance", K_BOOL, F(details_insurance), 0, 0, 0},
    {"details", "payers", K_TEXT, F(details_payers), S(details_payers), 0, 0},
    {"qrpay", "scheme", K_DRIVER, F(qr_scheme), S(qr_scheme), 0, 0},
    {"qrpay", "url", K_URL, F(qr_url), S(qr_url), 0, 0},
    {"qrpay", "oauth_token_url", K_URL, F(qr_oauth_url), S(qr_oauth_url), 0, 0},
    {"qrpay", "client_id", K_TEXT, F(qr_client_id), S(qr_client_id), 0, 0},
    {"qrpay", "secret_file", K_TEXT, F(qr_secret_file), S(qr_secret_file), 0, 0},
    {"qrpay", "ca_file", K_TEXT, F(qr_ca_file), S(qr_ca_file), 0, 0},
    {"qrpay", "payee_name", K_TEXT, F(qr_payee_name), S(qr_payee_name), 0, 0},
    {"qrpay", "payee_city", K_TEXT, F(qr_payee_city), S(qr_payee_city), 0, 0},
    {"qrpay", "pix_key", K_TEXT, F(qr_pix_key), S(qr_pix_key), 0, 0},
    {"qrpay", "upi_vpa", K_TEXT, F(qr_upi_vpa), S(qr_upi_vpa), 0, 0},
    {"qrpay", "upi_mc", K_DIGITS, F(qr_upi_mc), S(qr_upi_mc), 0, 0},
    {"qrpay", "expiry_s", K_INT, F(qr_expiry_s), 0, 60, 86400},
    {"kiosk", "languages", K_LANGS, F(langs), 0, 0, 0},
    {"kiosk", "default_language", K_LANG, F(default_lang), S(default_lang), 0, 0},
    {"screen", "width", K_INT, F(screen_w), 0, 320, 8192},
    {"screen", "height", K_INT, F(screen_h), 0, 320, 8192},
    {"screen", "fullscreen", K_BOOL, F(fullscreen), 0, 0, 0},
    {"screen", "renderer", K_RENDER, F(renderer), S(renderer), 0, 0},
    {"timeouts", "warn_s", K_INT, F(warn_s), 0, 5, 599},
    {"timeouts", "clear_s", K_INT, F(clear_s), 0, 6, 600},
    {"timeouts", "done_s", K_INT, F(done_s), 0, 3, 300},
    {"timeouts", "help_wait_min", K_INT, F(help_wait_min), 0, 1, 60},
    {"checkin", "arrival_early_min", K_INT, F(arrival_early_min), 0, 0, 240},
    {"checkin", "arrival_late_min", K_INT, F(arrival_late_min), 0, 0, 240},
    {"checkin", "max_attempts", K_INT, F(max_attempts), 0, 1, 10},
    {"checkin", "queue_prefix", K_PREFIX, F(queue_prefix), S(queue_prefix), 0, 0},
    {"devices", "printer", K_DRIVER, F(printer), S(printer), 0, 0},
    {"devices", "paper_width_mm", K_PAPER, F(paper_width_mm), 0, 0, 0},
    {"devices", "reader", K_DRIVER, F(reader), S(reader), 0, 0},
    {"devices", "patient_card_prefix", K_DIGITS, F(patient_card_prefix), S(patient_card_prefix), 0,
     0},
};

#define KEY_COUNT (sizeof(keys) / sizeof(keys[0]))

static const char *const sections[] = {"kiosk",   "screen",  "timeouts", "checkin",
                                       "devices", "service", "update",   "server",
                                       "payment", "metrics", "details",  "qrpay"};
#define SECTION_COUNT (sizeof(sections) / sizeof(sections[0]))

struct load {
    struct kiosk_config *cfg;
    const char *file; /* base name for messages */
    int total;        /* problems found, also those that did not fit */
    int warnings;     /* how many of them are warnings only */
    char list[CONFIG_MAX_PROBLEMS][sizeof(((struct kiosk_config *)0)->problems[0])];
    int line_of[KEY_COUNT]; /* last line that set the key; 0 = not in the file */
    char unknown_section[INI_LINE_MAX + 1];
};

static void problem(struct load *ld, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records "FILE:LINE: message" (or "FILE: message" for line 0). */
static void problem(struct load *ld, int line, const char *fmt, ...)
{
    char msg[512], full[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (line > 0)
        snprintf(full, sizeof(full), "%s:%d: %s", ld->file, line, msg);
    else
        snprintf(full, sizeof(full), "%s: %s", ld->file, msg);
    if (ld->total < CONFIG_MAX_PROBLEMS)
        kstr_copy(ld->list[ld->total], sizeof(ld->list[0]), full);
    ld->total++;
}

/* A value as it appears in a message: at most 40 bytes, cut on a code point. */
static const char *shown(char *buf, size_t size, const char *value)
{
    char cut[41];
    if (kstr_copy(cut, sizeof(cut), value))
        snprintf(buf, size, "%s", cut);
    else
        snprintf(buf, size, "%s...", cut);
    return buf;
}

static bool ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char ca = (char)(*a >= 'A' && *a <= 'Z' ? *a + 32 : *a);
        char cb = (char)(*b >= 'A' && *b <= 'Z' ? *b + 32 : *b);
        if (ca != cb)
            return false;
    }
    return *a == *b;
}

static bool parse_int(const char *s, int *out)
{
    long long v = 0;
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (*s == '\0')
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (*s - '0');
        if (v > 1000000000LL)
            return false;
    }
    *out = (int)(neg ? -v : v);
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"true", "yes", "1"};
    static const char *const no[] = {"false", "no", "0"};
    for (size_t i = 0; i < 3; i++) {
        if (ascii_ieq(s, yes[i])) {
            *out = true;
            return true;
        }
        if (ascii_ieq(s, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

/* "en, pt-BR, hi, es" from i18n's list. */
static void available_langs(char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < i18n_lang_count(); i++) {
        if (i > 0)
            kstr_append(buf, size, ", ");
        kstr_append(buf, size, i18n_lang_code(i));
    }
}

/* The canonical code of lang (matched without regard to case), or NULL. */
static const char *known_lang(const char *lang)
{
    for (int i = 0; i < i18n_lang_count(); i++)
        if (ascii_ieq(lang, i18n_lang_code(i)))
            return i18n_lang_code(i);
    return NULL;
}

static void unknown_lang(struct load *ld, int line, const char *lang)
{
    char avail[64], v[64];
    available_langs(avail, sizeof(avail));
    problem(ld, line, "language '%s' is not available; available: %s", shown(v, sizeof(v), lang),
            avail);
}

static bool set_langs(struct load *ld, const char *value, int line)
{
    struct kiosk_config *cfg = ld->cfg;
    char langs[CONFIG_MAX_LANGS][8] = {{0}};
    int count = 0;
    char item[INI_LINE_MAX + 1];
    const char *p = value;

    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        while (n > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            n--;
        }
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        memcpy(item, p, n);
        item[n] = '\0';
        if (n == 0) {
            problem(ld, line,
                    "languages has an empty item; list codes separated by commas, e.g. "
                    "en,pt-BR,hi,es");
            return false;
        }
        const char *code = known_lang(item);
        if (!code) {
            unknown_lang(ld, line, item);
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (strcmp(langs[i], code) == 0) {
                problem(ld, line, "language '%s' is listed twice in languages; list it once", code);
                return false;
            }
        }
        if (count == CONFIG_MAX_LANGS) {
            problem(ld, line, "languages lists more than %d codes; remove some", CONFIG_MAX_LANGS);
            return false;
        }
        kstr_copy(langs[count++], sizeof(langs[0]), code);
        if (!comma)
            break;
        p = comma + 1;
    }
    memcpy(cfg->langs, langs, sizeof(langs));
    cfg->lang_count = count;
    return true;
}

static bool all_chars(const char *s, const char *extra, bool upper, bool lower)
{
    for (; *s; s++) {
        char c = *s;
        bool ok = (c >= '0' && c <= '9') || (upper && c >= 'A' && c <= 'Z') ||
                  (lower && c >= 'a' && c <= 'z') || (c && strchr(extra, c));
        if (!ok)
            return false;
    }
    return true;
}

/* The URL rule lives with the HTTP client (firmware/sync, the only libcurl
 * user); the composition root hands it over with config_set_url_check. */
static enum kiosk_err (*url_check)(const char *url, char *why, size_t size);

void config_set_url_check(enum kiosk_err (*check)(const char *url, char *why, size_t size))
{
    url_check = check;
}

/* Checks value and stores it; on a problem records it and leaves the field. */
static void set_value(struct load *ld, const struct key_def *k, const char *value, int line)
{
    char *base = (char *)ld->cfg;
    void *field = base + k->off;
    char v[64];
    size_t len = strlen(value);

    switch (k->kind) {
    case K_URL:
        if (len > 0 && len < k->size && url_check) {
            char why[160] = "";
            if (url_check(value, why, sizeof(why)) != KIOSK_OK) {
                problem(ld, line, "%s %s", k->name,
                        why[0] ? why : "is not an address the kiosk uses");
                return;
            }
        }
        /* length and emptiness as for any text */
        __attribute__((fallthrough));
    case K_TEXT:
        if (len == 0) {
            problem(ld, line, "%s is empty; give it a value or remove the line", k->name);
            return;
        }
        if (len >= k->size) {
            problem(ld, line, "%s is %zu bytes long; at most %zu are allowed", k->name, len,
                    k->size - 1);
            return;
        }
        kstr_copy(field, k->size, value);
        return;
    case K_INT: {
        int n;
        if (!parse_int(value, &n)) {
            problem(ld, line, "%s must be a whole number, got '%s'%s", k->name,
                    shown(v, sizeof(v), value),
                    strpbrk(value, "#;") ? " (comments go on their own line)" : "");
            return;
        }
        if (n < k->min || n > k->max) {
            problem(ld, line, "%s must be between %d and %d, got %d", k->name, k->min, k->max, n);
            return;
        }
        *(int *)field = n;
        return;
    }
    case K_BOOL: {
        bool b;
        if (!parse_bool(value, &b)) {
            problem(ld, line, "%s must be true or false (or yes/no, 1/0), got '%s'", k->name,
                    shown(v, sizeof(v), value));
            return;
        }
        *(bool *)field = b;
        return;
    }
    case K_RENDER: {
        static const char *const paths[] = {"software", "gpu", "auto"};
        for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
            if (ascii_ieq(value, paths[i])) {
                kstr_copy(field, k->size, paths[i]);
                return;
            }
        }
        problem(ld, line, "%s must be software, gpu or auto, got '%s'", k->name,
                shown(v, sizeof(v), value));
        return;
    }
    case K_LANGS:
        set_langs(ld, value, line);
        return;
    case K_LANG: {
        const char *code = known_lang(value);
        if (!code) {
            unknown_lang(ld, line, value);
            return;
        }
        kstr_copy(field, k->size, code);
        return;
    }
    case K_DRIVER:
        if (len == 0 || len >= k->size || !all_chars(value, "_-", false, true)) {
            problem(ld, line,
                    "%s must be a driver name of 1 to %zu lower-case letters, digits, '_' or "
                    "'-' (e.g. sim), got '%s'",
                    k->name, k->size - 1, shown(v, sizeof(v), value));
            return;
        }
        kstr_copy(field, k->size, value);
        return;
    case K_DIGITS:
        if (len == 0 || len >= k->size || !all_chars(value, "", false, false)) {
            problem(ld, line, "%s must be 1 to %zu digits, got '%s'", k->name, k->size - 1,
                    shown(v, sizeof(v), value));
            return;
        }
        kstr_copy(field, k->size, value);
        return;
    case K_PREFIX:
        if (len >= k->size || !all_chars(value, "", true, true)) {
            problem(ld, line, "%s must be at most %zu letters or digits, got '%s'", k->name,
                    k->size - 1, shown(v, sizeof(v), value));
            return;
        }
        kstr_copy(field, k->size, value);
        return;
    case K_PAPER: {
        int n;
        if (!parse_int(value, &n) || (n != 58 && n != 80)) {
            problem(ld, line, "%s must be 80 or 58 (millimetres), got '%s'", k->name,
                    shown(v, sizeof(v), value));
            return;
        }
        *(int *)field = n;
        return;
    }
    }
}

static void known_keys(const char *section, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < KEY_COUNT; i++) {
        if (strcmp(keys[i].section, section) != 0)
            continue;
        if (buf[0])
            kstr_append(buf, size, ", ");
        kstr_append(buf, size, keys[i].name);
    }
}

static void known_sections(char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < SECTION_COUNT; i++) {
        if (i > 0)
            kstr_append(buf, size, ", ");
        kstr_append(buf, size, sections[i]);
    }
}

static enum kiosk_err on_pair(void *ctx, const char *section, const char *key, const char *value,
                              int line)
{
    struct load *ld = ctx;
    char list[256], v[64];
    bool section_known = false;

    for (size_t i = 0; i < SECTION_COUNT; i++)
        section_known |= strcmp(sections[i], section) == 0;
    if (!section_known) {
        if (section[0] == '\0') {
            list[0] = '\0';
            for (size_t i = 0; i < SECTION_COUNT; i++) {
                kstr_append(list, sizeof(list), i > 0 ? ", [" : "[");
                kstr_append(list, sizeof(list), sections[i]);
                kstr_append(list, sizeof(list), "]");
            }
            problem(ld, line, "'%s' is outside any section; put it under one of %s",
                    shown(v, sizeof(v), key), list);
        } else if (strcmp(ld->unknown_section, section) != 0) {
            /* Said once per run of keys, not for every key in it. */
            known_sections(list, sizeof(list));
            problem(ld, line, "unknown section [%s]; known sections: %s",
                    shown(v, sizeof(v), section), list);
            kstr_copy(ld->unknown_section, sizeof(ld->unknown_section), section);
        }
        return KIOSK_OK;
    }
    ld->unknown_section[0] = '\0';

    for (size_t i = 0; i < KEY_COUNT; i++) {
        if (strcmp(keys[i].section, section) != 0 || strcmp(keys[i].name, key) != 0)
            continue;
        if (ld->line_of[i] > 0) {
            /* A warning: the file still means one thing (the later line). */
            problem(ld, line,
                    "warning: %s is set again (first on line %d); this later value is used, "
                    "remove one of the lines",
                    key, ld->line_of[i]);
            ld->warnings++;
        }
        ld->line_of[i] = line;
        set_value(ld, &keys[i], value, line);
        return KIOSK_OK;
    }
    if (strcmp(section, "server") == 0 && strcmp(key, "payment_url") == 0) {
        /* Older firmware posted card numbers there; cards now go through a
         * payment terminal. The kiosk still starts (it takes no cards). */
        problem(ld, line,
                "warning: payment_url is no longer used: cards are paid on a payment terminal "
                "([payment] terminal = adyen-nexo, see the README); remove this line");
        ld->warnings++;
        return KIOSK_OK;
    }
    known_keys(section, list, sizeof(list));
    problem(ld, line, "unknown key '%s' in [%s]; known keys: %s", shown(v, sizeof(v), key), section,
            list);
    return KIOSK_OK;
}

static void on_syntax(void *ctx, int line, const char *message)
{
    problem(ctx, line, "%s", message);
}

static int key_index(const char *name)
{
    for (size_t i = 0; i < KEY_COUNT; i++)
        if (strcmp(keys[i].name, name) == 0)
            return (int)i;
    return -1;
}

static bool has_lang(const struct kiosk_config *cfg, const char *lang)
{
    for (int i = 0; i < cfg->lang_count; i++)
        if (strcmp(cfg->langs[i], lang) == 0)
            return true;
    return false;
}

/* Translations of the built-in location and front desk describe the
 * built-in place: a file that names its own place without translating it
 * drops them (the English then shows, never another building's words). */
static void drop_stale_translations(struct load *ld)
{
    static const char *const suffix[4] = {"", ".pt-BR", ".hi", ".es"};
    char name[32];
    for (int i = 1; i < 4; i++) {
        snprintf(name, sizeof(name), "location%s", suffix[i]);
        if (ld->line_of[key_index("location")] > 0 && ld->line_of[key_index(name)] == 0)
            ld->cfg->location_lang[i][0] = '\0';
        snprintf(name, sizeof(name), "front_desk%s", suffix[i]);
        if (ld->line_of[key_index("front_desk")] > 0 && ld->line_of[key_index(name)] == 0)
            ld->cfg->front_desk_lang[i][0] = '\0';
    }
}

static void cross_checks(struct load *ld, const struct kiosk_config *before)
{
    struct kiosk_config *cfg = ld->cfg;
    drop_stale_translations(ld);
    int warn = ld->line_of[key_index("warn_s")];
    int clear = ld->line_of[key_index("clear_s")];
    int langs = ld->line_of[key_index("languages")];
    int deflang = ld->line_of[key_index("default_language")];

    if (cfg->warn_s >= cfg->clear_s) {
        if (clear > 0)
            problem(ld, clear, "clear_s must be larger than warn_s (%d)", cfg->warn_s);
        else
            problem(ld, warn, "warn_s must be smaller than clear_s (%d)", cfg->clear_s);
        cfg->warn_s = before->warn_s;
        cfg->clear_s = before->clear_s;
    }

    if (strcmp(cfg->update_backend, "none") && strcmp(cfg->update_backend, "slots") &&
        strcmp(cfg->update_backend, "rauc")) {
        problem(ld, ld->line_of[key_index("backend")],
                "backend must be none, slots or rauc, got '%s'", cfg->update_backend);
        kstr_copy(cfg->update_backend, sizeof(cfg->update_backend), before->update_backend);
    }

    if (!has_lang(cfg, cfg->default_lang)) {
        char list[CONFIG_MAX_LANGS * 10] = "";
        for (int i = 0; i < cfg->lang_count; i++) {
            if (i > 0)
                kstr_append(list, sizeof(list), ", ");
            kstr_append(list, sizeof(list), cfg->langs[i]);
        }
        problem(ld, deflang > langs ? deflang : langs,
                "default_language '%s' is not in languages (%s); add it there or choose one of "
                "them",
                cfg->default_lang, list);
        memcpy(cfg->langs, before->langs, sizeof(cfg->langs));
        cfg->lang_count = before->lang_count;
        memcpy(cfg->default_lang, before->default_lang, sizeof(cfg->default_lang));
    }
}

void config_defaults(struct kiosk_config *cfg)
{
    static const char *const langs[] = {"en", "pt-BR", "hi", "es"};

    memset(cfg, 0, sizeof(*cfg));
    kstr_copy(cfg->location, sizeof(cfg->location), "Main lobby");
    kstr_copy(cfg->front_desk, sizeof(cfg->front_desk), "Ground floor, by the main entrance");
    static const char *const loc_tr[4] = {"", "Recepção principal", "मुख्य लॉबी",
                                          "Vestíbulo principal"};
    static const char *const desk_tr[4] = {"", "Térreo, ao lado da entrada principal",
                                           "भूतल, मुख्य प्रवेश द्वार के पास",
                                           "Planta baja, junto a la entrada principal"};
    for (int i = 1; i < 4; i++) {
        kstr_copy(cfg->location_lang[i], sizeof(cfg->location_lang[i]), loc_tr[i]);
        kstr_copy(cfg->front_desk_lang[i], sizeof(cfg->front_desk_lang[i]), desk_tr[i]);
    }
    kstr_copy(cfg->guides_url, sizeof(cfg->guides_url),
              "https://www.example.org/guides/{lang}/{guide}");
    kstr_copy(cfg->database, sizeof(cfg->database), "carekiosk.db");
    kstr_copy(cfg->accounts, sizeof(cfg->accounts), "carekiosk-technicians");
    kstr_copy(cfg->audit_log, sizeof(cfg->audit_log), "carekiosk-audit.log");
    kstr_copy(cfg->export_dir, sizeof(cfg->export_dir), "carekiosk-export");
    cfg->logoff_s = 180;
    cfg->max_failures = 5;
    cfg->lockout_min = 15;
    kstr_copy(cfg->update_backend, sizeof(cfg->update_backend), "none");
    kstr_copy(cfg->update_dir, sizeof(cfg->update_dir), "carekiosk-update");
    kstr_copy(cfg->update_rauc_conf, sizeof(cfg->update_rauc_conf), "/etc/rauc/system.conf");
    kstr_copy(cfg->update_compatible, sizeof(cfg->update_compatible), "carekiosk-x86_64");
    cfg->update_max_boots = 3;
    cfg->lang_count = 4;
    for (int i = 0; i < 4; i++)
        kstr_copy(cfg->langs[i], sizeof(cfg->langs[i]), langs[i]);
    kstr_copy(cfg->default_lang, sizeof(cfg->default_lang), "en");
    cfg->screen_w = 1080;
    cfg->screen_h = 1920;
    cfg->fullscreen = true;
    kstr_copy(cfg->renderer, sizeof(cfg->renderer), "software");
    cfg->warn_s = 45;
    cfg->clear_s = 60;
    cfg->done_s = 20;
    cfg->help_wait_min = 5;
    cfg->arrival_early_min = 30;
    cfg->arrival_late_min = 15;
    cfg->max_attempts = 3;
    kstr_copy(cfg->queue_prefix, sizeof(cfg->queue_prefix), "A");
    kstr_copy(cfg->printer, sizeof(cfg->printer), "sim");
    cfg->paper_width_mm = 80;
    kstr_copy(cfg->reader, sizeof(cfg->reader), "sim");
    kstr_copy(cfg->patient_card_prefix, sizeof(cfg->patient_card_prefix), "600100");
    kstr_copy(cfg->server_card_system, sizeof(cfg->server_card_system),
              "https://demo-hospital.example/sid/patient-card");
    kstr_copy(cfg->server_mrn_system, sizeof(cfg->server_mrn_system),
              "https://demo-hospital.example/sid/mrn");
    kstr_copy(cfg->server_appt_system, sizeof(cfg->server_appt_system),
              "https://demo-hospital.example/sid/appointment");
    cfg->server_connect_timeout_s = 5;
    cfg->server_timeout_s = 20;
    cfg->server_interval_s = 30;
    cfg->server_keep_days = 7;
    cfg->server_days_ahead = 3;
    cfg->server_overlap_s = 60;
    cfg->pay_min_minor = 500;
    cfg->qr_expiry_s = 900;
    cfg->pay_callback_days = 2;
    cfg->pay_terminal_key_version = 1;
    cfg->pay_terminal_timeout_s = 150;
    cfg->details_months = 12;
    cfg->details_insurance = true;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

enum kiosk_err config_load(struct kiosk_config *cfg, const char *path)
{
    /* ld and before take about 14 KiB of stack; config is read once, at
     * start, so this stays allocation-free instead. */
    struct load ld;
    struct kiosk_config before;
    struct ini_handler h = {.pair = on_pair, .syntax_error = on_syntax, .ctx = &ld};
    enum kiosk_err err;

    memset(&ld, 0, sizeof(ld));
    ld.cfg = cfg;
    ld.file = base_name(path ? path : "(none)");
    cfg->problem_count = 0;
    cfg->warning_count = 0;
    before = *cfg;

    err = path ? ini_parse_file(path, &h) : KIOSK_ERR_NOT_FOUND;
    switch (err) {
    case KIOSK_OK:
    case KIOSK_ERR_CONFIG:
        cross_checks(&ld, &before);
        break;
    case KIOSK_ERR_NOT_FOUND:
        problem(&ld, 0, "file not found; create it from kiosk.ini.example or pass --config FILE");
        break;
    case KIOSK_ERR_TOO_BIG:
        problem(&ld, 0, "file is larger than 1 MiB; is this the right file?");
        break;
    case KIOSK_ERR_DENIED:
        problem(&ld, 0, "no permission to read the file; make it readable for the kiosk user");
        break;
    case KIOSK_ERR_INVALID:
        problem(&ld, 0, "%s; point --config at the kiosk.ini file itself (not a FIFO or a device)",
                kiosk_err_detail()[0] ? kiosk_err_detail() : "is not a regular file");
        break;
    default:
        problem(&ld, 0, "cannot read the file (%s); check that it is a readable text file",
                kiosk_strerror(err));
        break;
    }

    int kept = ld.total < CONFIG_MAX_PROBLEMS ? ld.total : CONFIG_MAX_PROBLEMS;
    if (ld.total > CONFIG_MAX_PROBLEMS)
        snprintf(ld.list[CONFIG_MAX_PROBLEMS - 1], sizeof(ld.list[0]), "... and %d more",
                 ld.total - (CONFIG_MAX_PROBLEMS - 1));
    memcpy(cfg->problems, ld.list, sizeof(ld.list));
    cfg->problem_count = kept;
    cfg->warning_count = ld.warnings;

    if (err == KIOSK_ERR_NOT_FOUND || err == KIOSK_ERR_NOMEM)
        return err;
    return ld.total > ld.warnings ? KIOSK_ERR_CONFIG : KIOSK_OK;
}

int config_paper_dots(const struct kiosk_config *cfg)
{
    /* 8 dots/mm print heads; 72 mm printable on 80 mm paper, 48 on 58. */
    if (cfg->paper_width_mm == 80)
        return 576;
    if (cfg->paper_width_mm == 58)
        return 384;
    return 0;
}
