/* Reading FHIR R4 JSON (fhir_json.h) with json-c, which keeps the text of
 * every number it parsed: money is converted from that text, never through
 * a double. */
#include "fhir_json.h"

#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

struct fjson_doc {
    json_object *root;
};

#define J(p)  ((json_object *)(p))
#define FJ(p) ((struct fjson *)(p))

enum kiosk_err fjson_parse(const char *text, size_t len, size_t max_len, struct fjson_doc **out)
{
    *out = NULL;
    if (len > max_len) {
        kiosk_err_set_detail("fhir: document of %zu bytes is over the limit", len);
        return KIOSK_ERR_TOO_BIG;
    }
    if (len > (size_t)INT32_MAX)
        return KIOSK_ERR_TOO_BIG;
    json_tokener *tok = json_tokener_new_ex(FJSON_MAX_DEPTH);
    if (!tok)
        return KIOSK_ERR_NOMEM;
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *root = json_tokener_parse_ex(tok, text ? text : "", (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (!root || jerr != json_tokener_success) {
        json_object_put(root);
        kiosk_err_set_detail("fhir: not valid JSON (%s)", json_tokener_error_desc(jerr));
        return KIOSK_ERR_PROTOCOL;
    }
    while (end < len && strchr(" \t\r\n", text[end]))
        end++;
    if (end != len || !json_object_is_type(root, json_type_object)) {
        json_object_put(root);
        kiosk_err_set_detail("fhir: not one JSON object");
        return KIOSK_ERR_PROTOCOL;
    }
    struct fjson_doc *d = kmem_alloc(sizeof(*d));
    if (!d) {
        json_object_put(root);
        return KIOSK_ERR_NOMEM;
    }
    d->root = root;
    *out = d;
    return KIOSK_OK;
}

void fjson_doc_free(struct fjson_doc *d)
{
    if (!d)
        return;
    json_object_put(d->root);
    kmem_free(d);
}

struct fjson *fjson_root(struct fjson_doc *d)
{
    return FJ(d->root);
}

struct fjson *fjson_get(struct fjson *obj, const char *key)
{
    json_object *v = NULL;
    if (!obj || !json_object_is_type(J(obj), json_type_object))
        return NULL;
    return json_object_object_get_ex(J(obj), key, &v) ? FJ(v) : NULL;
}

const char *fjson_str(struct fjson *obj, const char *key)
{
    struct fjson *v = fjson_get(obj, key);
    return v && json_object_is_type(J(v), json_type_string) ? json_object_get_string(J(v)) : NULL;
}

size_t fjson_len(struct fjson *arr)
{
    return arr && json_object_is_type(J(arr), json_type_array) ? json_object_array_length(J(arr))
                                                               : 0;
}

struct fjson *fjson_at(struct fjson *arr, size_t i)
{
    return i < fjson_len(arr) ? FJ(json_object_array_get_idx(J(arr), i)) : NULL;
}

bool fjson_int(struct fjson *v, int64_t *out)
{
    if (!v || !json_object_is_type(J(v), json_type_int))
        return false;
    *out = json_object_get_int64(J(v));
    return true;
}

bool fjson_bool(struct fjson *v, bool *out)
{
    if (!v || !json_object_is_type(J(v), json_type_boolean))
        return false;
    *out = json_object_get_boolean(J(v));
    return true;
}

const char *fjson_number_text(struct fjson *v)
{
    if (!v ||
        !(json_object_is_type(J(v), json_type_int) || json_object_is_type(J(v), json_type_double)))
        return NULL;
    return json_object_get_string(J(v));
}

enum kiosk_err fjson_set_str(struct fjson *obj, const char *key, const char *value)
{
    json_object *s = json_object_new_string(value);
    if (!s)
        return KIOSK_ERR_NOMEM;
    if (json_object_object_add(J(obj), key, s) != 0) {
        json_object_put(s);
        return KIOSK_ERR_NOMEM;
    }
    return KIOSK_OK;
}

const char *fjson_value_text(struct fjson *v)
{
    return json_object_to_json_string_ext(J(v),
                                          JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

const char *fjson_text(struct fjson_doc *d)
{
    return json_object_to_json_string_ext(d->root,
                                          JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

/* --- values ------------------------------------------------------------------- */

bool fjson_money_text(const char *text, int64_t *minor)
{
    const char *p = text;
    bool neg = false;
    int64_t whole = 0, frac = 0;
    int digits = 0, fdigits = 0;
    if (!p)
        return false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    for (; *p >= '0' && *p <= '9'; p++, digits++) {
        if (digits >= 13)
            return false;
        whole = whole * 10 + (*p - '0');
    }
    if (digits == 0)
        return false;
    if (*p == '.') {
        p++;
        for (; *p >= '0' && *p <= '9'; p++, fdigits++) {
            if (fdigits < 2)
                frac = frac * 10 + (*p - '0');
            else if (*p != '0')
                return false; /* a fraction of a cent is not money we can show */
        }
        if (fdigits == 0)
            return false;
    }
    if (*p != '\0')
        return false; /* exponents and anything else */
    if (fdigits == 1)
        frac *= 10;
    *minor = (whole * 100 + frac) * (neg ? -1 : 1);
    return true;
}

bool fjson_money(struct fjson *money, int64_t *minor, const char **currency)
{
    struct fjson *v = fjson_get(money, "value");
    if (!v ||
        !(json_object_is_type(J(v), json_type_double) || json_object_is_type(J(v), json_type_int)))
        return false;
    if (currency)
        *currency = fjson_str(money, "currency");
    return fjson_money_text(json_object_get_string(J(v)), minor);
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool fjson_instant_ms(const char *s, int64_t *ms)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, off = 0;
    if (!s || strlen(s) < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
        s[7] != '-' || !digits(s + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
        return false;
    const char *p = s + 10;
    if (*p == 'T') {
        if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi) || p[6] != ':' ||
            !digits(p + 7, 2, &sec) || h > 23 || mi > 59 || sec > 60)
            return false;
        p += 9;
        if (*p == '.') {
            int n = 0;
            for (p++; *p >= '0' && *p <= '9'; p++, n++)
                if (n < 3)
                    frac = frac * 10 + (*p - '0');
            if (n == 0)
                return false;
            for (; n < 3; n++)
                frac *= 10;
        }
        if (*p == 'Z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int oh, om;
            if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 14 ||
                om > 59)
                return false;
            off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
            p += 6;
        } else {
            return false; /* a time needs its zone */
        }
    }
    if (*p != '\0')
        return false;
    int64_t days = days_from_civil(y, mo, d);
    *ms = ((days * 86400 + h * 3600 + mi * 60 + sec) - (int64_t)off * 60) * 1000 + frac;
    return true;
}

const char *fjson_ref_id(const char *reference, const char *type, char *buf, size_t size)
{
    size_t tl = strlen(type);
    if (!reference || strncmp(reference, type, tl) != 0 || reference[tl] != '/')
        return NULL;
    const char *id = reference + tl + 1;
    size_t n = strcspn(id, "/");
    if (n == 0 || n >= size)
        return NULL;
    memcpy(buf, id, n);
    buf[n] = '\0';
    return buf;
}

/* --- resources ------------------------------------------------------------------- */

static bool is_type(struct fjson *res, const char *type)
{
    const char *t = fjson_str(res, "resourceType");
    return t && strcmp(t, type) == 0;
}

static enum kiosk_err refuse(const char *type, const char *what)
{
    kiosk_err_set_detail("fhir: %s without %s", type, what);
    return KIOSK_ERR_INVALID;
}

enum kiosk_err fhir_read_meta(struct fjson *res, struct fhir_meta *out)
{
    memset(out, 0, sizeof(*out));
    out->id = fjson_str(res, "id");
    if (!out->id || !out->id[0] || strlen(out->id) >= KIOSK_IDENT_MAX)
        return refuse("resource", "a usable id");
    struct fjson *meta = fjson_get(res, "meta");
    const char *v = fjson_str(meta, "versionId");
    out->version = v ? v : "";
    out->last_updated = fjson_str(meta, "lastUpdated");
    if (out->last_updated && !fjson_instant_ms(out->last_updated, &out->last_updated_ms))
        out->last_updated = NULL;
    return KIOSK_OK;
}

/* The text of a CodeableConcept: its text, else the first coding's display. */
static const char *concept_text(struct fjson *cc)
{
    const char *t = fjson_str(cc, "text");
    if (t && t[0])
        return t;
    return fjson_str(fjson_at(fjson_get(cc, "coding"), 0), "display");
}

static void join_given(struct fjson *name, char *out, size_t size)
{
    struct fjson *given = fjson_get(name, "given");
    out[0] = '\0';
    for (size_t i = 0; i < fjson_len(given); i++) {
        struct fjson *g = fjson_at(given, i);
        if (!json_object_is_type(J(g), json_type_string))
            continue;
        if (out[0])
            kstr_append(out, size, " ");
        kstr_append(out, size, json_object_get_string(J(g)));
    }
}

static bool name_is_alphabetic(struct fjson *name)
{
    struct fjson *ext = fjson_get(name, "extension");
    for (size_t i = 0; i < fjson_len(ext); i++) {
        struct fjson *e = fjson_at(ext, i);
        const char *url = fjson_str(e, "url");
        const char *code = fjson_str(e, "valueCode");
        if (url && code &&
            strcmp(url, "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation") ==
                0 &&
            strcmp(code, "ABC") == 0)
            return true;
    }
    return false;
}

/* The home address (or the first one): its last line, city, state, postal
 * code and country, as the server has them. */
static void read_address(struct fjson *res, struct fhir_patient *out)
{
    struct fjson *list = fjson_get(res, "address"), *a = NULL;
    for (size_t i = 0; i < fjson_len(list) && !a; i++) {
        const char *use = fjson_str(fjson_at(list, i), "use");
        if (use && strcmp(use, "home") == 0)
            a = fjson_at(list, i);
    }
    if (!a)
        a = fjson_at(list, 0);
    if (!a)
        return;
    struct fjson *lines = fjson_get(a, "line");
    size_t n = fjson_len(lines);
    if (n)
        out->addr_line = json_object_is_type(J(fjson_at(lines, n - 1)), json_type_string)
                             ? json_object_get_string(J(fjson_at(lines, n - 1)))
                             : NULL;
    out->addr_city = fjson_str(a, "city");
    out->addr_state = fjson_str(a, "state");
    out->addr_postal = fjson_str(a, "postalCode");
    out->addr_country = fjson_str(a, "country");
}

/* The first contact: the one the kiosk calls the emergency contact. */
static void read_contact(struct fjson *res, struct fhir_patient *out)
{
    struct fjson *c = fjson_at(fjson_get(res, "contact"), 0);
    if (!c)
        return;
    struct fjson *name = fjson_get(c, "name");
    const char *text = fjson_str(name, "text");
    if (text)
        kstr_copy(out->contact_name, sizeof(out->contact_name), text);
    else {
        join_given(name, out->contact_name, sizeof(out->contact_name));
        const char *family = fjson_str(name, "family");
        if (family) {
            if (out->contact_name[0])
                kstr_append(out->contact_name, sizeof(out->contact_name), " ");
            kstr_append(out->contact_name, sizeof(out->contact_name), family);
        }
    }
    struct fjson *rel = fjson_at(fjson_get(c, "relationship"), 0);
    out->contact_relation = fjson_str(rel, "text");
    if (!out->contact_relation)
        out->contact_relation = fjson_str(fjson_at(fjson_get(rel, "coding"), 0), "code");
    struct fjson *tel = fjson_get(c, "telecom");
    for (size_t i = 0; i < fjson_len(tel) && !out->contact_phone; i++) {
        struct fjson *t = fjson_at(tel, i);
        const char *system = fjson_str(t, "system"), *value = fjson_str(t, "value");
        if (system && value && strcmp(system, "phone") == 0 && strlen(value) < 32)
            out->contact_phone = value;
    }
}

enum kiosk_err fhir_read_patient(struct fjson *res, const struct fhir_systems *sys,
                                 struct fhir_patient *out)
{
    memset(out, 0, sizeof(*out));
    if (!is_type(res, "Patient"))
        return refuse("entry", "resourceType Patient");
    enum kiosk_err err = fhir_read_meta(res, &out->meta);
    if (err != KIOSK_OK)
        return err;

    /* The official name (or the first one) is what the patient sees; a
     * name marked alphabetic is the Latin alias they may type instead. */
    struct fjson *names = fjson_get(res, "name"), *main = NULL;
    bool official = false;
    for (size_t i = 0; i < fjson_len(names); i++) {
        struct fjson *n = fjson_at(names, i);
        const char *use = fjson_str(n, "use");
        if (name_is_alphabetic(n)) {
            if (!out->family_latin)
                out->family_latin = fjson_str(n, "family");
        } else if (!official && use && strcmp(use, "official") == 0) {
            main = n;
            official = true;
        } else if (!main) {
            main = n;
        }
    }
    if (!main)
        main = fjson_at(names, 0);
    out->family = fjson_str(main, "family");
    join_given(main, out->given, sizeof(out->given));
    if (!out->family || !out->family[0])
        return refuse("Patient", "a family name");
    out->birth_date = fjson_str(res, "birthDate");
    if (!out->birth_date || strlen(out->birth_date) != 10)
        return refuse("Patient", "a full birthDate");

    struct fjson *tel = fjson_get(res, "telecom");
    for (size_t i = 0; i < fjson_len(tel); i++) {
        struct fjson *t = fjson_at(tel, i);
        const char *system = fjson_str(t, "system"), *value = fjson_str(t, "value");
        if (!system || !value)
            continue;
        if (strcmp(system, "phone") == 0 && !out->phone && strlen(value) < 32)
            out->phone = value;
        else if (strcmp(system, "email") == 0 && !out->email)
            out->email = value;
    }
    read_address(res, out);
    read_contact(res, out);
    struct fjson *comm = fjson_get(res, "communication");
    for (size_t i = 0; i < fjson_len(comm); i++) {
        struct fjson *c = fjson_at(comm, i);
        const char *code =
            fjson_str(fjson_at(fjson_get(fjson_get(c, "language"), "coding"), 0), "code");
        struct fjson *pref = fjson_get(c, "preferred");
        if (code && strlen(code) < 8 && (!out->lang || (pref && json_object_get_boolean(J(pref)))))
            out->lang = code;
    }
    struct fjson *ids = fjson_get(res, "identifier");
    for (size_t i = 0; i < fjson_len(ids) && out->ident_count < FJSON_MAX_IDENTS; i++) {
        struct fjson *id = fjson_at(ids, i);
        const char *system = fjson_str(id, "system"), *value = fjson_str(id, "value");
        if (!system || !value || !value[0] || strlen(value) >= KIOSK_IDENT_MAX)
            continue;
        if (sys->card && strcmp(system, sys->card) == 0)
            out->idents[out->ident_count].kind = IDENT_CARD;
        else if (sys->mrn && strcmp(system, sys->mrn) == 0)
            out->idents[out->ident_count].kind = IDENT_MRN;
        else
            continue;
        out->idents[out->ident_count++].value = value;
    }
    return KIOSK_OK;
}

static enum appt_status appt_status_of(const char *s)
{
    if (!s)
        return APPT_BOOKED;
    if (strcmp(s, "arrived") == 0 || strcmp(s, "checked-in") == 0)
        return APPT_ARRIVED;
    if (strcmp(s, "cancelled") == 0 || strcmp(s, "entered-in-error") == 0)
        return APPT_CANCELLED;
    if (strcmp(s, "fulfilled") == 0)
        return APPT_FULFILLED;
    if (strcmp(s, "noshow") == 0)
        return APPT_NOSHOW;
    return APPT_BOOKED; /* proposed, pending, booked, waitlist */
}

/* The participants whose texts may come translated (fhir_appointment.refs). */
static void read_refs(struct fjson *parts, struct fhir_appointment *out)
{
    static const char *const types[] = {"HealthcareService", "Location", "Practitioner"};
    for (size_t i = 0; i < fjson_len(parts) && out->ref_count < FJSON_MAX_REFS; i++) {
        const char *ref = fjson_str(fjson_get(fjson_at(parts, i), "actor"), "reference");
        for (size_t t = 0; ref && t < sizeof(types) / sizeof(types[0]); t++) {
            if (fjson_ref_id(ref, types[t], out->refs[out->ref_count].id,
                             sizeof(out->refs[0].id))) {
                out->refs[out->ref_count++].type = types[t];
                break;
            }
        }
    }
}

enum kiosk_err fhir_read_appointment(struct fjson *res, const struct fhir_systems *sys,
                                     struct fhir_appointment *out)
{
    memset(out, 0, sizeof(*out));
    if (!is_type(res, "Appointment"))
        return refuse("entry", "resourceType Appointment");
    enum kiosk_err err = fhir_read_meta(res, &out->meta);
    if (err != KIOSK_OK)
        return err;
    out->code = out->meta.id;
    struct fjson *ids = fjson_get(res, "identifier");
    for (size_t i = 0; i < fjson_len(ids); i++) {
        struct fjson *id = fjson_at(ids, i);
        const char *system = fjson_str(id, "system"), *value = fjson_str(id, "value");
        if (system && value && value[0] && strlen(value) < KIOSK_IDENT_MAX && sys->appointment &&
            strcmp(system, sys->appointment) == 0) {
            out->code = value;
            break;
        }
    }
    const char *status = fjson_str(res, "status");
    if (!status)
        return refuse("Appointment", "a status");
    out->status = appt_status_of(status);
    const char *start = fjson_str(res, "start");
    if (!start || !fjson_instant_ms(start, &out->start_ms))
        return refuse("Appointment", "a start instant");
    int64_t end_ms;
    const char *end = fjson_str(res, "end");
    struct fjson *minutes = fjson_get(res, "minutesDuration");
    if (minutes && json_object_is_type(J(minutes), json_type_int))
        out->duration_min = (int)json_object_get_int(J(minutes));
    else if (end && fjson_instant_ms(end, &end_ms) && end_ms > out->start_ms)
        out->duration_min = (int)((end_ms - out->start_ms) / 60000);
    if (out->duration_min < 0 || out->duration_min > 24 * 60)
        out->duration_min = 0;

    struct fjson *parts = fjson_get(res, "participant");
    for (size_t i = 0; i < fjson_len(parts); i++) {
        struct fjson *actor = fjson_get(fjson_at(parts, i), "actor");
        const char *ref = fjson_str(actor, "reference");
        char tmp[KIOSK_IDENT_MAX];
        if (!out->patient_id[0] &&
            fjson_ref_id(ref, "Patient", out->patient_id, sizeof(out->patient_id)))
            continue;
        if (!out->provider && ref &&
            (fjson_ref_id(ref, "Practitioner", tmp, sizeof(tmp)) ||
             fjson_ref_id(ref, "PractitionerRole", tmp, sizeof(tmp))))
            out->provider = fjson_str(actor, "display");
    }
    if (!out->patient_id[0])
        return refuse("Appointment", "a patient participant");
    out->clinic = concept_text(fjson_at(fjson_get(res, "serviceType"), 0));
    if (!out->clinic)
        out->clinic = concept_text(fjson_get(res, "appointmentType"));
    out->directions = fjson_str(res, "patientInstruction");
    read_refs(parts, out);
    return KIOSK_OK;
}

/* --- texts in more than one language ------------------------------------------------ */

static const char *translation_part(struct fjson *ext, const char *url, const char *key,
                                    const char *key2)
{
    struct fjson *parts = fjson_get(ext, "extension");
    for (size_t i = 0; i < fjson_len(parts); i++) {
        struct fjson *p = fjson_at(parts, i);
        const char *u = fjson_str(p, "url");
        if (!u || strcmp(u, url) != 0)
            continue;
        const char *v = fjson_str(p, key);
        return v ? v : key2 ? fjson_str(p, key2) : NULL;
    }
    return NULL;
}

/* The base value text of field and the translations on its sibling (elem
 * holds "_<name>": {"extension": [...]}). */
static void add_texts(struct fhir_named *out, const char *field, const char *text,
                      struct fjson *under)
{
    if (!text || !text[0] || strlen(text) >= KIOSK_TEXT_MAX || out->text_count >= FJSON_MAX_TEXTS)
        return;
    out->texts[out->text_count].field = field;
    out->texts[out->text_count].lang = "";
    out->texts[out->text_count].text = text;
    out->text_count++;
    struct fjson *exts = fjson_get(under, "extension");
    for (size_t i = 0; i < fjson_len(exts) && out->text_count < FJSON_MAX_TEXTS; i++) {
        struct fjson *e = fjson_at(exts, i);
        const char *url = fjson_str(e, "url");
        if (!url || strcmp(url, FHIR_TRANSLATION_URL) != 0)
            continue;
        const char *lang = translation_part(e, "lang", "valueCode", NULL);
        const char *content = translation_part(e, "content", "valueString", "valueMarkdown");
        if (!lang || !lang[0] || strlen(lang) >= 16 || !content || !content[0] ||
            strlen(content) >= KIOSK_TEXT_MAX)
            continue;
        out->texts[out->text_count].field = field;
        out->texts[out->text_count].lang = lang;
        out->texts[out->text_count].text = content;
        out->text_count++;
    }
}

static const char *named_field(struct fjson *res, const char *key, struct fjson **under)
{
    char sib[40];
    snprintf(sib, sizeof(sib), "_%s", key);
    *under = fjson_get(res, sib);
    return fjson_str(res, key);
}

enum kiosk_err fhir_read_named(struct fjson *res, struct fhir_named *out)
{
    static const char *const types[] = {"HealthcareService", "Location", "Practitioner"};
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]) && !out->type; i++)
        if (is_type(res, types[i]))
            out->type = types[i];
    if (!out->type)
        return refuse("entry", "a Location, HealthcareService or Practitioner");
    enum kiosk_err err = fhir_read_meta(res, &out->meta);
    if (err != KIOSK_OK)
        return err;
    struct fjson *under = NULL;
    if (!strcmp(out->type, "Practitioner")) {
        struct fjson *name = fjson_at(fjson_get(res, "name"), 0);
        const char *text = named_field(name, "text", &under);
        add_texts(out, "name", text, under);
        return KIOSK_OK;
    }
    const char *name = named_field(res, "name", &under);
    add_texts(out, "name", name, under);
    if (!strcmp(out->type, "Location")) {
        const char *desc = named_field(res, "description", &under);
        add_texts(out, "description", desc, under);
    }
    return KIOSK_OK;
}

/* The first reference of the given type in an element that is a Reference
 * or a list of them. */
static bool first_ref(struct fjson *el, const char *type, char *buf, size_t size)
{
    if (!el)
        return false;
    size_t n = fjson_len(el);
    if (n == 0)
        return fjson_ref_id(fjson_str(el, "reference"), type, buf, size) != NULL;
    for (size_t i = 0; i < n; i++)
        if (fjson_ref_id(fjson_str(fjson_at(el, i), "reference"), type, buf, size))
            return true;
    return false;
}

enum kiosk_err fhir_read_account(struct fjson *res, struct fhir_account *out)
{
    memset(out, 0, sizeof(*out));
    if (!is_type(res, "Account"))
        return refuse("entry", "resourceType Account");
    enum kiosk_err err = fhir_read_meta(res, &out->meta);
    if (err != KIOSK_OK)
        return err;
    if (!first_ref(fjson_get(res, "subject"), "Patient", out->patient_id, sizeof(out->patient_id)))
        return refuse("Account", "a patient subject");
    out->status = fjson_str(res, "status");
    if (!out->status)
        return refuse("Account", "a status");
    out->name = fjson_str(res, "name");
    return KIOSK_OK;
}

enum kiosk_err fhir_read_coverage(struct fjson *res, struct fhir_coverage *out)
{
    memset(out, 0, sizeof(*out));
    if (!is_type(res, "Coverage"))
        return refuse("entry", "resourceType Coverage");
    enum kiosk_err err = fhir_read_meta(res, &out->meta);
    if (err != KIOSK_OK)
        return err;
    struct fjson *ben = fjson_get(res, "beneficiary");
    if (!fjson_ref_id(fjson_str(ben, "reference"), "Patient", out->patient_id,
                      sizeof(out->patient_id)))
        return refuse("Coverage", "a patient beneficiary");
    out->status = fjson_str(res, "status");
    if (!out->status)
        return refuse("Coverage", "a status");
    out->payor = fjson_str(fjson_at(fjson_get(res, "payor"), 0), "display");
    if (!out->payor || !out->payor[0])
        return refuse("Coverage", "a payor display");
    struct fjson *classes = fjson_get(res, "class");
    for (size_t i = 0; i < fjson_len(classes) && !out->plan; i++) {
        struct fjson *c = fjson_at(classes, i);
        const char *type =
            fjson_str(fjson_at(fjson_get(fjson_get(c, "type"), "coding"), 0), "code");
        if (type && strcmp(type, "plan") == 0)
            out->plan = fjson_str(c, "name") ? fjson_str(c, "name") : fjson_str(c, "value");
    }
    out->subscriber_id = fjson_str(res, "subscriberId");
    if (!out->subscriber_id)
        out->subscriber_id = fjson_str(fjson_at(fjson_get(res, "identifier"), 0), "value");
    out->relationship =
        fjson_str(fjson_at(fjson_get(fjson_get(res, "relationship"), "coding"), 0), "code");
    return KIOSK_OK;
}

static void coding_of(struct fjson *cc, const char **code, const char **system)
{
    struct fjson *c = fjson_at(fjson_get(cc, "coding"), 0);
    *code = fjson_str(c, "code");
    *system = fjson_str(c, "system");
}

enum kiosk_err fhir_read_charge_item(struct fjson *res, struct fhir_charge_item *out)
{
    memset(out, 0, sizeof(*out));
    if (!is_type(res, "ChargeItem"))
        return refuse("entry", "resourceType ChargeItem");
    enum kiosk_err err = fhir_read_meta(res, &out->meta);
    if (err != KIOSK_OK)
        return err;
    if (!first_ref(fjson_get(res, "subject"), "Patient", out->patient_id, sizeof(out->patient_id)))
        return refuse("ChargeItem", "a patient subject");
    first_ref(fjson_get(res, "account"), "Account", out->account_id, sizeof(out->account_id));
    out->status = fjson_str(res, "status");
    if (!out->status)
        return refuse("ChargeItem", "a status");
    struct fjson *code = fjson_get(res, "code");
    out->description = concept_text(code);
    coding_of(code, &out->code, &out->code_system);
    if (!out->description)
        out->description = out->code ? out->code : "";
    struct fjson *q = fjson_get(fjson_get(res, "quantity"), "value");
    out->quantity =
        q && json_object_is_type(J(q), json_type_int) ? (int)json_object_get_int(J(q)) : 1;
    if (out->quantity < 1 || out->quantity > 10000)
        out->quantity = 1;
    struct fjson *price = fjson_get(res, "priceOverride");
    if (price && !fjson_money(price, &out->total_minor, &out->currency))
        return refuse("ChargeItem", "a readable priceOverride");
    const char *when = fjson_str(res, "occurrenceDateTime");
    if (when)
        fjson_instant_ms(when, &out->occurred_ms);
    return KIOSK_OK;
}

/* A price component's code: "insurance" or "adjustment" in any system. */
static bool component_is(struct fjson *pc, const char *code)
{
    const char *c, *system;
    coding_of(fjson_get(pc, "code"), &c, &system);
    return c && strcmp(c, code) == 0;
}

enum kiosk_err fhir_read_invoice(struct fjson *res, struct fhir_invoice *out)
{
    memset(out, 0, sizeof(*out));
    if (!is_type(res, "Invoice"))
        return refuse("entry", "resourceType Invoice");
    enum kiosk_err err = fhir_read_meta(res, &out->meta);
    if (err != KIOSK_OK)
        return err;
    if (!first_ref(fjson_get(res, "subject"), "Patient", out->patient_id,
                   sizeof(out->patient_id)) &&
        !first_ref(fjson_get(res, "recipient"), "Patient", out->patient_id,
                   sizeof(out->patient_id)))
        return refuse("Invoice", "a patient subject");
    first_ref(fjson_get(res, "account"), "Account", out->account_id, sizeof(out->account_id));
    out->status = fjson_str(res, "status");
    if (!out->status)
        return refuse("Invoice", "a status");
    struct fjson *ids = fjson_get(res, "identifier");
    for (size_t i = 0; i < fjson_len(ids) && !out->number; i++) {
        const char *value = fjson_str(fjson_at(ids, i), "value");
        if (value && value[0] && strlen(value) < KIOSK_IDENT_MAX)
            out->number = value; /* longer: not a number for a screen; the id is shown */
    }
    const char *cur = NULL;
    if (!fjson_money(fjson_get(res, "totalGross"), &out->gross_minor, &cur) &&
        fjson_get(res, "totalGross"))
        return refuse("Invoice", "a readable totalGross");
    out->currency = cur;
    if (!fjson_money(fjson_get(res, "totalNet"), &out->net_minor, &cur)) {
        if (fjson_get(res, "totalNet"))
            return refuse("Invoice", "a readable totalNet");
        out->net_minor = out->gross_minor;
    } else if (!out->currency) {
        out->currency = cur;
    }
    const char *date = fjson_str(res, "date");
    if (date)
        fjson_instant_ms(date, &out->issued_ms);

    struct fjson *totals = fjson_get(res, "totalPriceComponent");
    for (size_t i = 0; i < fjson_len(totals); i++) {
        struct fjson *pc = fjson_at(totals, i);
        int64_t v;
        if (!fjson_money(fjson_get(pc, "amount"), &v, NULL))
            continue;
        if (component_is(pc, "insurance"))
            out->insurance_minor += v < 0 ? -v : v;
        else if (component_is(pc, "adjustment"))
            out->adjustments_minor += v < 0 ? -v : v;
    }
    struct fjson *ext = fjson_get(res, "extension");
    for (size_t i = 0; i < fjson_len(ext); i++) {
        const char *url = fjson_str(fjson_at(ext, i), "url");
        const char *d = fjson_str(fjson_at(ext, i), "valueDate");
        if (url && d && strlen(d) == 10 && strstr(url, "due-date"))
            out->due_date = d;
        /* In dispute, or paid under a payment plan: no payment at the kiosk. */
        const char *hold = fjson_str(fjson_at(ext, i), "valueCode");
        if (url && hold && strstr(url, "billing-hold") &&
            (strcmp(hold, "dispute") == 0 || strcmp(hold, "plan") == 0))
            out->hold = hold;
        /* The copay due for an appointment (R4 Invoice has no element for it). */
        struct fjson *ref = fjson_get(fjson_at(ext, i), "valueReference");
        if (url && ref && strstr(url, "copay-appointment"))
            fjson_ref_id(fjson_str(ref, "reference"), "Appointment", out->copay_appointment_id,
                         sizeof(out->copay_appointment_id));
    }

    struct fjson *items = fjson_get(res, "lineItem");
    for (size_t i = 0; i < fjson_len(items) && out->line_count < FJSON_MAX_LINES; i++) {
        struct fjson *li = fjson_at(items, i);
        struct fhir_invoice_line *l = &out->lines[out->line_count];
        memset(l, 0, sizeof(*l));
        fjson_ref_id(fjson_str(fjson_get(li, "chargeItemReference"), "reference"), "ChargeItem",
                     l->charge_item_id, sizeof(l->charge_item_id));
        struct fjson *cc = fjson_get(li, "chargeItemCodeableConcept");
        if (cc) {
            l->description = concept_text(cc);
            coding_of(cc, &l->code, &l->code_system);
        }
        struct fjson *pcs = fjson_get(li, "priceComponent");
        for (size_t k = 0; k < fjson_len(pcs); k++) {
            struct fjson *pc = fjson_at(pcs, k);
            const char *type = fjson_str(pc, "type");
            int64_t v;
            if (!type || !fjson_money(fjson_get(pc, "amount"), &v, NULL))
                continue;
            if (strcmp(type, "base") == 0 || strcmp(type, "surcharge") == 0 ||
                strcmp(type, "tax") == 0)
                l->total_minor += v;
            else if (strcmp(type, "deduction") == 0 || strcmp(type, "discount") == 0)
                l->total_minor -= v < 0 ? -v : v;
        }
        out->line_count++;
    }
    if (!out->currency)
        out->currency = "";
    return KIOSK_OK;
}

size_t fhir_bundle_count(struct fjson *bundle)
{
    return fjson_len(fjson_get(bundle, "entry"));
}

struct fjson *fhir_bundle_resource(struct fjson *bundle, size_t i)
{
    return fjson_get(fjson_at(fjson_get(bundle, "entry"), i), "resource");
}

const char *fhir_bundle_next(struct fjson *bundle)
{
    struct fjson *links = fjson_get(bundle, "link");
    for (size_t i = 0; i < fjson_len(links); i++) {
        const char *rel = fjson_str(fjson_at(links, i), "relation");
        if (rel && strcmp(rel, "next") == 0)
            return fjson_str(fjson_at(links, i), "url");
    }
    return NULL;
}

void fhir_outcome_text(struct fjson *res, char *out, size_t size)
{
    out[0] = '\0';
    struct fjson *issue = fjson_at(fjson_get(res, "issue"), 0);
    if (!issue)
        return;
    const char *code = fjson_str(issue, "code");
    const char *diag = fjson_str(issue, "diagnostics");
    if (!diag)
        diag = fjson_str(fjson_get(issue, "details"), "text");
    snprintf(out, size, "%s%s%s", code ? code : "", code && diag ? ": " : "", diag ? diag : "");
    /* Keep it on one line in logs and on the technician's screen. */
    for (char *p = out; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
}
