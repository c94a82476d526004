/* Reading the forms a hospital assigns (FHIR SDC on R4): the Task that asks
 * a patient to complete a Questionnaire, and the Questionnaire itself into
 * the forms model (firmware/forms). Tolerant like the other readers: unknown
 * elements are ignored; what the kiosk cannot fill is not an error but a
 * form marked for the desk (form_desk_reason). */
#ifndef KIOSK_SYNC_FHIR_FORMS_H
#define KIOSK_SYNC_FHIR_FORMS_H

#include "fhir_json.h"

#include "firmware/forms/forms.h"

#define FHIR_SDC_TEMP        "http://hl7.org/fhir/uv/sdc/CodeSystem/temp"
#define FHIR_EXT_TRANSLATION "http://hl7.org/fhir/StructureDefinition/translation"
#define FHIR_EXT_SIGNATURE   "http://hl7.org/fhir/StructureDefinition/questionnaire-signatureRequired"
#define FHIR_EXT_MINUTES     "https://carekiosk.example/fhir/StructureDefinition/estimated-minutes"
#define FHIR_EXT_OPTIONAL    "https://carekiosk.example/fhir/StructureDefinition/form-optional"
#define FHIR_CANONICAL_MAX   256

/* A Task with code temp#complete-questionnaire. */
struct fhir_form_task {
    struct fhir_meta meta;
    char patient_id[KIOSK_IDENT_MAX];     /* for: Patient/<id> */
    char appointment_id[KIOSK_IDENT_MAX]; /* basedOn Appointment/<id>; "" none */
    const char *canonical;                /* input temp#questionnaire: url|version or url */
    const char *status;                   /* requested, ready, ... as sent */
    bool open;                            /* requested or ready: the patient owes it */
    bool optional; /* extension form-optional true: the clinic does not require it */
};

/* KIOSK_ERR_INVALID (detail names the element) for a resource that is not
 * such a Task, has no Patient or no Questionnaire canonical. */
enum kiosk_err fhir_read_form_task(struct fjson *res, struct fhir_form_task *out);

/* A Questionnaire into out (a form from form_new(), empty). Texts and their
 * translation extensions (_title, _text, valueCoding._display) are copied
 * into the form; form_finish() has been called. KIOSK_ERR_INVALID for a
 * resource that is not a Questionnaire or has no url; a form the kiosk
 * cannot fill is KIOSK_OK with a desk reason. */
enum kiosk_err fhir_read_questionnaire(struct fjson *res, struct form *out);

/* "url|version" -> url and version ("" none) in the given buffers; false
 * when either does not fit. */
bool fhir_canonical_split(const char *canonical, char *url, size_t url_size, char *version,
                          size_t version_size);

#endif
