/* After check-in: "Are these still right?" for the phone, e-mail, home
 * address (and the emergency contact when the clinic asks for it), then
 * "Is this still your insurance?". A change is typed on the kiosk, checked
 * for shape (not for truth) and queued for registration staff as a FHIR
 * Task; the record is never changed from here. Then the check-in ends as
 * always: the done screen and the ticket (flow_checkin_finish).
 *
 * Checked-in patients leave by any way with their ticket: Finish, Cancel
 * and the end of the session on these screens all end at the done screen. */
#include "firmware/flow/flow_private.h"
#include "firmware/core/str.h"

#define MIN_PHONE_DIGITS 7
#define MIN_MEMBER_CHARS 4
#define MONTH_MS         2629746000LL /* an average month */

static const char *const relation_codes[FLOW_RELATIONS + 1] = {"", "self", "spouse", "child",
                                                               "other"};

const char *flow_relation_code(int r)
{
    return r > 0 && r <= FLOW_RELATIONS ? relation_codes[r] : "";
}

static bool has_contact_details(const struct patient_details *d)
{
    return d->phone[0] || d->email[0] || d->addr_line[0] || d->addr_city[0];
}

/* Whether the record is due for the question at wall time now. */
static bool due(const struct flow_config *cfg, const struct patient_details *d, int64_t now)
{
    if (cfg->details_every_visit)
        return true;
    return cfg->details_max_age_ms > 0 && d->record_updated_ms > 0 &&
           now - d->record_updated_ms > cfg->details_max_age_ms;
}

void flow_details_start(struct flow_state *s, int64_t now, struct flow_fx_list *fx)
{
    if (!s->cfg.details_every_visit && s->cfg.details_max_age_ms <= 0) {
        flow_checkin_finish(s, now, fx);
        return;
    }
    struct flow_fx *f = flow_fx_add(fx, FX_LOAD_DETAILS);
    f->id = s->match.patient.id;
    s->busy = true;
}

static void insurance_start(struct flow_state *s, int64_t now, struct flow_fx_list *fx)
{
    struct flow_details *d = &s->details;
    if (!s->cfg.details_insurance || !d->on_file.has_coverage) {
        flow_checkin_finish(s, now, fx);
        return;
    }
    d->ins = INS_SAME;
    d->payer = -1;
    d->payer_query[0] = '\0';
    d->member[0] = '\0';
    d->relation = 0;
    flow_go(s, SCR_INSURANCE, now);
}

void flow_details_loaded(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    struct flow_details *d = &s->details;
    s->busy = false;
    memset(d, 0, sizeof(*d));
    d->payer = -1;
    if (ev->err != KIOSK_OK || !ev->details || !due(&s->cfg, ev->details, ev->wall_ms)) {
        flow_checkin_finish(s, ev->mono_ms, fx);
        return;
    }
    d->on_file = *ev->details;
    if (has_contact_details(&d->on_file))
        flow_go(s, SCR_DETAILS, ev->mono_ms);
    else
        insurance_start(s, ev->mono_ms, fx);
}

bool flow_details_leave(struct flow_state *s, int64_t now, struct flow_fx_list *fx)
{
    /* Help asked for on one of these screens counts as on it. */
    enum flow_screen on =
        s->screen == SCR_HELP || s->screen == SCR_HELP_SENT ? s->help.back : s->screen;
    if (on < SCR_DETAILS || on > SCR_INSURANCE_SENT)
        return false;
    flow_checkin_finish(s, now, fx);
    return true;
}

/* --- typing ----------------------------------------------------------------------- */

enum text_mode { TEXT_EMAIL, TEXT_ADDRESS, TEXT_MEMBER };

/* A key of the e-mail, address or member-id keyboard into text. */
static void text_key(char *text, size_t max, const char *key, enum text_mode mode)
{
    static const struct {
        const char *key, *ch;
        unsigned modes; /* bit per enum text_mode */
    } extra[] = {
        {"at", "@", 1u << TEXT_EMAIL},
        {"dot", ".", 1u << TEXT_EMAIL | 1u << TEXT_ADDRESS},
        {"underscore", "_", 1u << TEXT_EMAIL},
        {"hyphen", "-", 1u << TEXT_EMAIL | 1u << TEXT_ADDRESS | 1u << TEXT_MEMBER},
        {"comma", ",", 1u << TEXT_ADDRESS},
        {"slash", "/", 1u << TEXT_ADDRESS},
        {"space", " ", 1u << TEXT_ADDRESS},
    };
    char ch[2] = {0};
    const char *add = NULL;
    if (flow_is(key, "backspace")) {
        kstr_utf8_pop(text);
        return;
    }
    if (strlen(key) == 1 && key[0] >= '0' && key[0] <= '9') {
        ch[0] = key[0];
        add = ch;
    } else if (strlen(key) == 1 && key[0] >= 'A' && key[0] <= 'Z') {
        if (mode == TEXT_ADDRESS) {
            flow_letter_key(text, max, key); /* Main Street: words start upper-case */
            return;
        }
        ch[0] = mode == TEXT_EMAIL ? (char)(key[0] + 32) : key[0];
        add = ch;
    } else {
        for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
            if (flow_is(key, extra[i].key) && (extra[i].modes & (1u << mode)))
                add = extra[i].ch;
    }
    if (add && strlen(text) + strlen(add) <= max)
        kstr_append(text, max + 1, add);
}

/* name@domain.tld: one @, something before it, a dot inside the domain,
 * no dot at either end of a part and no two in a row. */
void flow_email_key(char *text, size_t max, const char *key)
{
    text_key(text, max, key, TEXT_EMAIL);
}

bool flow_email_shape_ok(const char *e)
{
    const char *at = strchr(e, '@');
    if (!at || at == e || strchr(at + 1, '@') || !at[1])
        return false;
    const char *dom = at + 1, *dot = strrchr(dom, '.');
    if (!dot || dot == dom || !dot[1] || strstr(e, "..") || e[0] == '.' || at[-1] == '.' ||
        dom[0] == '.')
        return false;
    return strlen(dot + 1) >= 2;
}

static int count_digits(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s >= '0' && *s <= '9';
    return n;
}

static bool all_digits_or(const char *s, const char *also)
{
    for (; *s; s++)
        if (!(*s >= '0' && *s <= '9') && !strchr(also, *s))
            return false;
    return true;
}

/* The postal code's shape in the country of the record (else the
 * language's): US ZIP 5 or 9 digits, Brazil's CEP 8, India's PIN 6, Spain 5;
 * elsewhere 3 to 10 letters and digits. */
bool flow_postal_shape_ok(const char *postal, const char *country, const char *lang)
{
    int n = count_digits(postal);
    const char *c = country && country[0] ? country : NULL;
    if (!c)
        c = flow_is(lang, "pt-BR") ? "BR"
            : flow_is(lang, "hi")  ? "IN"
            : flow_is(lang, "es")  ? "ES"
                                   : "US";
    if (flow_is(c, "US"))
        return all_digits_or(postal, "-") && (n == 5 || n == 9);
    if (flow_is(c, "BR"))
        return all_digits_or(postal, "-") && n == 8;
    if (flow_is(c, "IN"))
        return all_digits_or(postal, " ") && n == 6;
    if (flow_is(c, "ES"))
        return all_digits_or(postal, "") && n == 5;
    size_t len = strlen(postal);
    return len >= 3 && len <= 10;
}

static bool has_letter(const char *s)
{
    for (; *s; s++)
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (unsigned char)*s >= 0x80)
            return true;
    return false;
}

/* --- screens ---------------------------------------------------------------------- */

void flow_details_confirm_tap(struct flow_state *s, const struct flow_event *ev,
                              struct flow_fx_list *fx)
{
    if (flow_is(ev->widget, "yes"))
        insurance_start(s, ev->mono_ms, fx);
    else if (flow_is(ev->widget, "change")) {
        s->notice = NOTICE_NONE;
        flow_go(s, SCR_DETAILS_CHANGE, ev->mono_ms);
    }
}

void flow_details_change_tap(struct flow_state *s, const struct flow_event *ev,
                             struct flow_fx_list *fx)
{
    struct flow_details *d = &s->details;
    const char *w = ev->widget;
    s->notice = NOTICE_NONE;
    if (flow_is(w, "change.phone"))
        flow_go(s, SCR_DETAILS_PHONE, ev->mono_ms);
    else if (flow_is(w, "change.email"))
        flow_go(s, SCR_DETAILS_EMAIL, ev->mono_ms);
    else if (flow_is(w, "change.address")) {
        d->addr_focus = ADDR_LINE;
        flow_go(s, SCR_DETAILS_ADDRESS, ev->mono_ms);
    } else if (flow_is(w, "change.contact") && s->cfg.details_contact)
        flow_go(s, SCR_DETAILS_CONTACT, ev->mono_ms);
    else if (flow_is(w, "send")) {
        bool any = false;
        for (int i = 0; i < DETAIL_COUNT; i++)
            any = any || d->changed[i];
        if (!any) {
            s->notice = NOTICE_PICK_ONE;
            return;
        }
        flow_fx_add(fx, FX_SEND_DETAILS);
        s->busy = true;
    }
}

static void digits_entry(struct flow_state *s, const struct flow_event *ev, char *field,
                         enum details_item item)
{
    const char *w = ev->widget;
    if (flow_has_prefix(w, "key.")) {
        s->notice = NOTICE_NONE;
        flow_digit_key(field, FLOW_PHONE_DIGITS, false, w + 4);
    } else if (flow_is(w, "next")) {
        if (strlen(field) < MIN_PHONE_DIGITS) {
            s->notice = NOTICE_PHONE_SHORT;
            return;
        }
        s->details.changed[item] = true;
        flow_go(s, SCR_DETAILS_CHANGE, ev->mono_ms);
    }
}

void flow_details_phone_tap(struct flow_state *s, const struct flow_event *ev,
                            struct flow_fx_list *fx)
{
    (void)fx;
    digits_entry(s, ev, s->details.phone, DETAIL_PHONE);
}

void flow_details_contact_tap(struct flow_state *s, const struct flow_event *ev,
                              struct flow_fx_list *fx)
{
    (void)fx;
    digits_entry(s, ev, s->details.contact_phone, DETAIL_CONTACT);
}

void flow_details_email_tap(struct flow_state *s, const struct flow_event *ev,
                            struct flow_fx_list *fx)
{
    struct flow_details *d = &s->details;
    const char *w = ev->widget;
    (void)fx;
    if (flow_has_prefix(w, "key.")) {
        s->notice = NOTICE_NONE;
        text_key(d->email, FLOW_EMAIL_MAX, w + 4, TEXT_EMAIL);
    } else if (flow_is(w, "next")) {
        if (!flow_email_shape_ok(d->email)) {
            s->notice = NOTICE_EMAIL_SHAPE;
            return;
        }
        d->changed[DETAIL_EMAIL] = true;
        flow_go(s, SCR_DETAILS_CHANGE, ev->mono_ms);
    }
}

static char *addr_field(struct flow_details *d, size_t *max)
{
    switch (d->addr_focus) {
    case ADDR_CITY:
        *max = sizeof(d->city) - 1;
        return d->city;
    case ADDR_POSTAL:
        *max = sizeof(d->postal) - 1;
        return d->postal;
    case ADDR_LINE:
        break;
    }
    *max = sizeof(d->line) - 1;
    return d->line;
}

void flow_details_address_tap(struct flow_state *s, const struct flow_event *ev,
                              struct flow_fx_list *fx)
{
    struct flow_details *d = &s->details;
    const char *w = ev->widget;
    size_t max;
    (void)fx;
    if (flow_is(w, "field.line"))
        d->addr_focus = ADDR_LINE;
    else if (flow_is(w, "field.city"))
        d->addr_focus = ADDR_CITY;
    else if (flow_is(w, "field.postal"))
        d->addr_focus = ADDR_POSTAL;
    else if (flow_has_prefix(w, "key.")) {
        s->notice = NOTICE_NONE;
        char *f = addr_field(d, &max);
        text_key(f, max, w + 4, TEXT_ADDRESS);
    } else if (flow_is(w, "next")) {
        /* Next walks the fields; on the last one it checks them all. */
        if (d->addr_focus != ADDR_POSTAL) {
            d->addr_focus = d->addr_focus == ADDR_LINE ? ADDR_CITY : ADDR_POSTAL;
            return;
        }
        if (strlen(d->line) < 3 || !has_letter(d->line) || strlen(d->city) < 2 ||
            !has_letter(d->city) ||
            !flow_postal_shape_ok(d->postal, d->on_file.addr_country, s->lang)) {
            s->notice = NOTICE_ADDRESS_SHAPE;
            return;
        }
        d->changed[DETAIL_ADDRESS] = true;
        flow_go(s, SCR_DETAILS_CHANGE, ev->mono_ms);
    }
}

void flow_details_sent_tap(struct flow_state *s, const struct flow_event *ev,
                           struct flow_fx_list *fx)
{
    if (flow_is(ev->widget, "next"))
        insurance_start(s, ev->mono_ms, fx);
}

void flow_insurance_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    struct flow_details *d = &s->details;
    const char *w = ev->widget;
    if (flow_is(w, "yes")) {
        flow_checkin_finish(s, ev->mono_ms, fx);
    } else if (flow_is(w, "changed")) {
        d->ins = INS_CHANGED;
        s->notice = NOTICE_NONE;
        flow_go(s, SCR_INSURANCE_PAYER, ev->mono_ms);
    } else if (flow_is(w, "none")) {
        d->ins = INS_NONE;
        flow_fx_add(fx, FX_SEND_COVERAGE);
        s->busy = true;
    }
}

static char lower_ascii(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* name holds query, ASCII letters in any case. */
static bool holds(const char *name, const char *query)
{
    size_t n = strlen(query);
    for (const char *p = name; *p; p++) {
        size_t k = 0;
        while (k < n && p[k] && lower_ascii(p[k]) == lower_ascii(query[k]))
            k++;
        if (k == n)
            return true;
    }
    return n == 0;
}

int flow_payers_offered(const struct flow_state *s, int *out, int max)
{
    int n = 0, count = s->cfg.payer_count < FLOW_MAX_PAYERS ? s->cfg.payer_count : FLOW_MAX_PAYERS;
    bool search = count > FLOW_PAYER_LIST;
    if (search && max > FLOW_PAYER_MATCHES)
        max = FLOW_PAYER_MATCHES;
    for (int i = 0; i < count && n < max; i++)
        if (!search || holds(s->cfg.payers[i], s->details.payer_query))
            out[n++] = i;
    return n;
}

void flow_insurance_payer_tap(struct flow_state *s, const struct flow_event *ev,
                              struct flow_fx_list *fx)
{
    int offered[FLOW_MAX_PAYERS];
    (void)fx;
    if (flow_has_prefix(ev->widget, "key.")) {
        flow_letter_key(s->details.payer_query, sizeof(s->details.payer_query) - 1, ev->widget + 4);
        return;
    }
    int n = flow_payers_offered(s, offered, FLOW_MAX_PAYERS);
    int i = flow_widget_index(ev->widget, "payer.", n);
    if (i >= 0) {
        s->details.payer = offered[i];
        s->notice = NOTICE_NONE;
        flow_go(s, SCR_INSURANCE_MEMBER, ev->mono_ms);
    }
}

void flow_insurance_member_tap(struct flow_state *s, const struct flow_event *ev,
                               struct flow_fx_list *fx)
{
    struct flow_details *d = &s->details;
    const char *w = ev->widget;
    (void)fx;
    if (flow_has_prefix(w, "key.")) {
        s->notice = NOTICE_NONE;
        text_key(d->member, sizeof(d->member) - 1, w + 4, TEXT_MEMBER);
    } else if (flow_is(w, "next")) {
        if (strlen(d->member) < MIN_MEMBER_CHARS) {
            s->notice = NOTICE_MEMBER_SHORT;
            return;
        }
        flow_go(s, SCR_INSURANCE_RELATION, ev->mono_ms);
    }
}

void flow_insurance_relation_tap(struct flow_state *s, const struct flow_event *ev,
                                 struct flow_fx_list *fx)
{
    struct flow_details *d = &s->details;
    int i = flow_widget_index(ev->widget, "rel.", FLOW_RELATIONS + 1);
    if (i > 0) {
        d->relation = i;
        s->notice = NOTICE_NONE;
    } else if (flow_is(ev->widget, "send")) {
        if (d->relation == 0) {
            s->notice = NOTICE_PICK_ONE;
            return;
        }
        flow_fx_add(fx, FX_SEND_COVERAGE);
        s->busy = true;
    }
}

void flow_insurance_sent_tap(struct flow_state *s, const struct flow_event *ev,
                             struct flow_fx_list *fx)
{
    if (flow_is(ev->widget, "next"))
        flow_checkin_finish(s, ev->mono_ms, fx);
}

void flow_details_sent(struct flow_state *s, const struct flow_event *ev)
{
    struct flow_details *d = &s->details;
    s->busy = false;
    if (s->screen == SCR_DETAILS_CHANGE) {
        d->failed = ev->err != KIOSK_OK;
        flow_go(s, SCR_DETAILS_SENT, ev->mono_ms);
    } else {
        d->ins_failed = ev->err != KIOSK_OK;
        flow_go(s, SCR_INSURANCE_SENT, ev->mono_ms);
    }
}
