/* Fuzz target: the FHIR JSON readers, fed whatever a billing server (or a
 * proxy, or an attacker on the path) might answer. Every reader runs on the
 * document and on each Bundle entry; nothing may crash, leak or read out of
 * bounds, and what a reader accepts must be usable. */
#include "firmware/core/mem.h"
#include "firmware/sync/fhir_json.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct fhir_systems sys = {
    "https://demo-hospital.example/sid/patient-card",
    "https://demo-hospital.example/sid/mrn",
    "https://demo-hospital.example/sid/appointment",
};

static void read_all(struct fjson *res, struct fhir_invoice *inv)
{
    struct fhir_meta m;
    struct fhir_patient p;
    struct fhir_appointment a;
    struct fhir_account acc;
    struct fhir_charge_item c;
    int64_t v;
    char text[160];

    fhir_read_meta(res, &m);
    if (fhir_read_patient(res, &sys, &p) == KIOSK_OK &&
        (!p.family || !p.birth_date || strlen(p.birth_date) != 10))
        __builtin_trap(); /* accepted means usable */
    if (fhir_read_appointment(res, &sys, &a) == KIOSK_OK && (!a.code || !a.patient_id[0]))
        __builtin_trap();
    fhir_read_account(res, &acc);
    fhir_read_charge_item(res, &c);
    if (fhir_read_invoice(res, inv) == KIOSK_OK && inv->line_count > FJSON_MAX_LINES)
        __builtin_trap();
    fhir_outcome_text(res, text, sizeof(text));
    fjson_money_text(fjson_str(res, "id"), &v);
    fjson_instant_ms(fjson_str(res, "start"), &v);
    fjson_instant_ms(fjson_str(res, "date"), &v);
    fjson_instant_ms(fjson_str(fjson_get(res, "meta"), "lastUpdated"), &v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fjson_doc *d = NULL;
    if (fjson_parse((const char *)data, size, 1 << 20, &d) != KIOSK_OK)
        return 0;
    struct fhir_invoice *inv = kmem_alloc(sizeof(*inv));
    if (inv) {
        struct fjson *root = fjson_root(d);
        read_all(root, inv);
        size_t n = fhir_bundle_count(root);
        for (size_t i = 0; i < n && i < 1000; i++)
            read_all(fhir_bundle_resource(root, i), inv);
        fhir_bundle_next(root);
        if (fjson_set_str(root, "status", "arrived") == KIOSK_OK && !fjson_text(d))
            __builtin_trap();
        kmem_free(inv);
    }
    fjson_doc_free(d);
    return 0;
}
