/* The texts a clinic or the server gives, in the patient's language: the
 * clinic's name and where the kiosk is (the branding pack's [text.LANG],
 * then the server's translation of this kiosk's Location, then kiosk.ini),
 * and an appointment's clinic, practitioner and directions (the server's
 * translations, cached by sync; the appointment's own English text when
 * there is none). Appointment texts are read from the store once per
 * appointment and language and kept until the next lookup. */
#include "firmware/app/app_private.h"
#include "firmware/core/str.h"

#include <string.h>

const char *app_clinic_name(const struct app *a, const char *lang)
{
    return brand_name(&a->brand.pack, lang);
}

const char *app_location(struct app *a, const char *lang)
{
    const char *pack = brand_location(&a->brand.pack, lang);
    if (pack)
        return pack;
    int li = i18n_lang_index(lang);
    if (li > 0 && li < 4 && a->cfg.location_lang[li][0])
        return a->cfg.location_lang[li]; /* kiosk.ini's location.LANG */
    struct app_texts *t = &a->texts;
    if (strcmp(t->location_lang, lang) != 0) {
        kstr_copy(t->location_lang, sizeof(t->location_lang), lang);
        t->location[0] = '\0';
        if (a->store && a->cfg.server_location[0])
            store_server_text(a->store, "Location", a->cfg.server_location, "name", lang,
                              t->location, sizeof(t->location));
    }
    return t->location[0] ? t->location : a->cfg.location;
}

/* The cached texts of appointment id in lang, read at the first ask. */
static const struct appt_texts *appt_texts(struct app *a, int64_t id, const char *lang)
{
    struct app_texts *t = &a->texts;
    for (int i = 0; i < t->count; i++)
        if (t->appt_id[i] == id && !strcmp(t->lang[i], lang))
            return &t->appt[i];
    if (!a->store)
        return NULL;
    int i = t->count < APP_TEXTS_MAX ? t->count++ : t->next++ % APP_TEXTS_MAX;
    t->appt_id[i] = id;
    kstr_copy(t->lang[i], sizeof(t->lang[i]), lang);
    if (store_appointment_texts(a->store, id, lang, &t->appt[i]) != KIOSK_OK)
        memset(&t->appt[i], 0, sizeof(t->appt[i]));
    return &t->appt[i];
}

void app_appt_texts(struct app *a, const struct appointment_info *ap, const char *lang,
                    struct app_appt_text *out)
{
    const struct appt_texts *t = appt_texts(a, ap->id, lang);
    out->clinic = t && t->clinic[0] ? t->clinic : ap->clinic;
    out->provider = t && t->provider[0] ? t->provider : ap->provider;
    out->directions = t && t->directions[0] ? t->directions : ap->directions;
}

const char *app_front_desk(const struct app *a, const char *lang)
{
    const char *pack = brand_front_desk(&a->brand.pack, lang);
    if (pack)
        return pack;
    int li = i18n_lang_index(lang);
    if (li > 0 && li < 4 && a->cfg.front_desk_lang[li][0])
        return a->cfg.front_desk_lang[li];
    return a->cfg.front_desk;
}

void app_texts_forget(struct app *a)
{
    struct app_texts *t = &a->texts;
    t->count = t->next = 0;
    t->location_lang[0] = '\0';
}
