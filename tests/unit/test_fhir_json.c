/* FHIR JSON readers: money stays exact, instants become the right Unix ms,
 * resources are read tolerantly and refused with a named element when the
 * kiosk cannot use them, and bad documents are refused. */
#include "firmware/core/mem.h"
#include "firmware/sync/fhir_json.h"
#include "ktest.h"

#include <string.h>

static const struct fhir_systems sys = {
    "https://demo-hospital.example/sid/patient-card",
    "https://demo-hospital.example/sid/mrn",
    "https://demo-hospital.example/sid/appointment",
};

static struct fjson_doc *parse(const char *text)
{
    struct fjson_doc *d = NULL;
    if (fjson_parse(text, strlen(text), 1 << 20, &d) != KIOSK_OK)
        return NULL;
    return d;
}

/* Names in more than one language: FHIR's translation extension on the
 * element's "_name" sibling; a bad translation is left out, the base stays. */
static enum ktest_result translations(void)
{
    struct fjson_doc *d =
        parse("{\"resourceType\":\"Location\",\"id\":\"loc-1\",\"name\":\"Physiotherapy\","
              "\"description\":\"Ground floor, west wing\",\"_description\":{\"extension\":["
              "{\"url\":\"http://hl7.org/fhir/StructureDefinition/translation\",\"extension\":["
              "{\"url\":\"lang\",\"valueCode\":\"pt-BR\"},{\"url\":\"content\","
              "\"valueString\":\"T\u00e9rreo, ala oeste\"}]},"
              "{\"url\":\"http://hl7.org/fhir/StructureDefinition/translation\",\"extension\":["
              "{\"url\":\"content\",\"valueString\":\"no language\"}]},"
              "{\"url\":\"http://example.org/other\",\"valueString\":\"x\"}]}}");
    KT_ASSERT(d);
    struct fhir_named n;
    KT_EQ_INT(fhir_read_named(fjson_root(d), &n), KIOSK_OK);
    KT_EQ_STR(n.type, "Location");
    KT_EQ_INT(n.text_count, 3);
    KT_EQ_STR(n.texts[0].field, "name");
    KT_EQ_STR(n.texts[0].lang, "");
    KT_EQ_STR(n.texts[1].field, "description");
    KT_EQ_STR(n.texts[2].lang, "pt-BR");
    KT_EQ_STR(n.texts[2].text, "Térreo, ala oeste");
    fjson_doc_free(d);

    d = parse("{\"resourceType\":\"Practitioner\",\"id\":\"dr1\",\"name\":[{\"text\":"
              "\"Dr. Sunil Rao\",\"_text\":{\"extension\":[{\"url\":\"http://hl7.org/fhir/"
              "StructureDefinition/translation\",\"extension\":[{\"url\":\"lang\","
              "\"valueCode\":\"hi\"},{\"url\":\"content\",\"valueString\":\"डॉ. सुनील राव\"}"
              "]}]}}]}");
    KT_ASSERT(d);
    KT_EQ_INT(fhir_read_named(fjson_root(d), &n), KIOSK_OK);
    KT_EQ_INT(n.text_count, 2);
    KT_EQ_STR(n.texts[1].lang, "hi");
    KT_EQ_STR(n.texts[1].text, "डॉ. सुनील राव");
    fjson_doc_free(d);

    d = parse("{\"resourceType\":\"Patient\",\"id\":\"p1\"}");
    KT_EQ_INT(fhir_read_named(fjson_root(d), &n), KIOSK_ERR_INVALID);
    fjson_doc_free(d);
    return KTEST_PASS;
}

static enum ktest_result money_is_exact(void)
{
    int64_t m = 0;
    KT_ASSERT(fjson_money_text("25.10", &m));
    KT_EQ_INT(m, 2510);
    KT_ASSERT(fjson_money_text("25.1", &m));
    KT_EQ_INT(m, 2510);
    KT_ASSERT(fjson_money_text("140", &m));
    KT_EQ_INT(m, 14000);
    KT_ASSERT(fjson_money_text("-3.50", &m));
    KT_EQ_INT(m, -350);
    KT_ASSERT(fjson_money_text("0.07", &m));
    KT_EQ_INT(m, 7);
    KT_ASSERT(fjson_money_text("19.990", &m)); /* trailing zeros are still cents */
    KT_EQ_INT(m, 1999);
    KT_ASSERT(!fjson_money_text("25.105", &m)); /* a fraction of a cent */
    KT_ASSERT(!fjson_money_text("1e3", &m));
    KT_ASSERT(!fjson_money_text("12.", &m));
    KT_ASSERT(!fjson_money_text("", &m));
    KT_ASSERT(!fjson_money_text("99999999999999999", &m));

    /* Through json-c: the number's own text, not a double's rounding. */
    struct fjson_doc *d = parse("{\"value\": 0.30, \"currency\": \"USD\", \"big\": 1234567.89}");
    KT_ASSERT(d != NULL);
    const char *cur = NULL;
    KT_ASSERT(fjson_money(fjson_root(d), &m, &cur));
    KT_EQ_INT(m, 30);
    KT_EQ_STR(cur, "USD");
    fjson_doc_free(d);
    d = parse("{\"value\": 1234567.89}");
    KT_ASSERT(fjson_money(fjson_root(d), &m, NULL));
    KT_EQ_INT(m, 123456789);
    fjson_doc_free(d);
    d = parse("{\"value\": \"25.10\"}"); /* a string is not a FHIR decimal */
    KT_ASSERT(!fjson_money(fjson_root(d), &m, NULL));
    fjson_doc_free(d);
    return KTEST_PASS;
}

static enum ktest_result instants(void)
{
    int64_t ms = 0;
    KT_ASSERT(fjson_instant_ms("1970-01-01T00:00:00Z", &ms));
    KT_EQ_INT(ms, 0);
    KT_ASSERT(fjson_instant_ms("2026-11-22T09:30:00Z", &ms));
    KT_EQ_INT(ms, 1795339800000LL);
    KT_ASSERT(fjson_instant_ms("2026-11-22T09:30:00.123Z", &ms));
    KT_EQ_INT(ms, 1795339800123LL);
    KT_ASSERT(fjson_instant_ms("2026-11-22T06:30:00-03:00", &ms));
    KT_EQ_INT(ms, 1795339800000LL);
    KT_ASSERT(fjson_instant_ms("2024-02-29", &ms));
    KT_EQ_INT(ms, 1709164800000LL);
    KT_ASSERT(!fjson_instant_ms("2026-11-22T09:30:00", &ms)); /* no zone */
    KT_ASSERT(!fjson_instant_ms("2026-13-01", &ms));
    KT_ASSERT(!fjson_instant_ms("22/11/2026", &ms));
    return KTEST_PASS;
}

static enum ktest_result bad_documents(void)
{
    struct fjson_doc *d = NULL;
    char deep[200];
    KT_EQ_INT(fjson_parse("{\"a\":1} x", 9, 100, &d), KIOSK_ERR_PROTOCOL);
    KT_EQ_INT(fjson_parse("[1,2]", 5, 100, &d), KIOSK_ERR_PROTOCOL);
    KT_EQ_INT(fjson_parse("{\"a\":", 5, 100, &d), KIOSK_ERR_PROTOCOL);
    KT_EQ_INT(fjson_parse("{\"a\":\"\xff\"}", 9, 100, &d), KIOSK_ERR_PROTOCOL);
    KT_EQ_INT(fjson_parse("{\"a\":1}", 7, 6, &d), KIOSK_ERR_TOO_BIG);
    /* Deeper than FJSON_MAX_DEPTH. */
    size_t n = 0;
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(deep + n, sizeof(deep) - n, "%s", i ? "[" : "{\"a\":");
    KT_EQ_INT(fjson_parse(deep, n, 1000, &d), KIOSK_ERR_PROTOCOL);
    KT_ASSERT(d == NULL);
    return KTEST_PASS;
}

static enum ktest_result patient(void)
{
    struct fjson_doc *d = parse(
        "{\"resourceType\":\"Patient\",\"id\":\"p3\",\"meta\":{\"versionId\":\"7\","
        "\"lastUpdated\":\"2026-11-22T08:00:00.000Z\"},"
        "\"identifier\":[{\"system\":\"https://demo-hospital.example/sid/patient-card\","
        "\"value\":\"6001000000000003\"},{\"system\":\"urn:other\",\"value\":\"x\"},"
        "{\"system\":\"https://demo-hospital.example/sid/mrn\",\"value\":\"MRN-3\"}],"
        "\"name\":[{\"use\":\"usual\",\"family\":\"Sharma\",\"given\":[\"Rahul\"],\"extension\":"
        "[{\"url\":\"http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation\","
        "\"valueCode\":\"ABC\"}]},{\"use\":\"official\",\"family\":\"शर्मा\",\"given\":[\"Rahul\","
        "\"Kumar\"]}],\"birthDate\":\"1990-07-01\",\"telecom\":[{\"system\":\"email\",\"value\":"
        "\"r@example.org\"},{\"system\":\"phone\",\"value\":\"+1 555 0103\"}],"
        "\"communication\":[{\"language\":{\"coding\":[{\"code\":\"en\"}]}},{\"language\":"
        "{\"coding\":[{\"code\":\"hi\"}]},\"preferred\":true}]}");
    struct fhir_patient p;
    KT_ASSERT(d != NULL);
    KT_EQ_INT(fhir_read_patient(fjson_root(d), &sys, &p), KIOSK_OK);
    KT_EQ_STR(p.meta.id, "p3");
    KT_EQ_STR(p.meta.version, "7");
    KT_EQ_INT(p.meta.last_updated_ms, 1795334400000LL);
    KT_EQ_STR(p.family, "शर्मा");
    KT_EQ_STR(p.family_latin, "Sharma");
    KT_EQ_STR(p.given, "Rahul Kumar");
    KT_EQ_STR(p.phone, "+1 555 0103");
    KT_EQ_STR(p.email, "r@example.org");
    KT_EQ_STR(p.lang, "hi");
    KT_EQ_INT(p.ident_count, 2);
    KT_EQ_INT(p.idents[0].kind, IDENT_CARD);
    KT_EQ_STR(p.idents[1].value, "MRN-3");
    fjson_doc_free(d);

    d = parse("{\"resourceType\":\"Patient\",\"id\":\"p9\",\"name\":[{\"family\":\"X\"}]}");
    KT_EQ_INT(fhir_read_patient(fjson_root(d), &sys, &p), KIOSK_ERR_INVALID);
    KT_ASSERT(strstr(kiosk_err_detail(), "birthDate") != NULL);
    fjson_doc_free(d);
    return KTEST_PASS;
}

static enum ktest_result appointment_and_invoice(void)
{
    struct fjson_doc *d = parse(
        "{\"resourceType\":\"Appointment\",\"id\":\"a1\",\"status\":\"checked-in\","
        "\"identifier\":[{\"system\":\"https://demo-hospital.example/sid/appointment\","
        "\"value\":\"APPT-1\"}],\"start\":\"2026-11-22T09:00:00Z\",\"end\":"
        "\"2026-11-22T09:45:00Z\",\"serviceType\":[{\"coding\":[{\"display\":\"Cardiology\"}]}],"
        "\"participant\":[{\"actor\":{\"reference\":\"Practitioner/d1\",\"display\":\"Dr. A\"}},"
        "{\"actor\":{\"reference\":\"Patient/p1\"}}],\"patientInstruction\":\"Floor 2\"}");
    struct fhir_appointment a;
    KT_EQ_INT(fhir_read_appointment(fjson_root(d), &sys, &a), KIOSK_OK);
    KT_EQ_STR(a.code, "APPT-1");
    KT_EQ_INT(a.status, APPT_ARRIVED);
    KT_EQ_STR(a.patient_id, "p1");
    KT_EQ_INT(a.duration_min, 45);
    KT_EQ_STR(a.clinic, "Cardiology");
    KT_EQ_STR(a.provider, "Dr. A");
    KT_EQ_STR(a.directions, "Floor 2");
    fjson_doc_free(d);

    struct fhir_invoice *inv = kmem_alloc(sizeof(*inv));
    d = parse(
        "{\"resourceType\":\"Invoice\",\"id\":\"i1\",\"status\":\"issued\","
        "\"subject\":{\"reference\":\"Patient/p1\"},\"lineItem\":[{\"chargeItemReference\":"
        "{\"reference\":\"ChargeItem/c1\"},\"priceComponent\":[{\"type\":\"base\",\"amount\":"
        "{\"value\":25.10,\"currency\":\"USD\"}},{\"type\":\"discount\",\"amount\":{\"value\":"
        "0.10}}]}],\"totalPriceComponent\":[{\"type\":\"deduction\",\"code\":{\"coding\":[{"
        "\"code\":\"insurance\"}]},\"amount\":{\"value\":15}}],\"totalGross\":{\"value\":"
        "25.00,\"currency\":\"USD\"},\"totalNet\":{\"value\":10.00,\"currency\":\"USD\"},"
        "\"extension\":[{\"url\":\"https://x.example/due-date\",\"valueDate\":\"2026-12-01\"}]"
        "}");
    KT_EQ_INT(fhir_read_invoice(fjson_root(d), inv), KIOSK_OK);
    KT_EQ_INT(inv->gross_minor, 2500);
    KT_EQ_INT(inv->net_minor, 1000);
    KT_EQ_INT(inv->insurance_minor, 1500);
    KT_EQ_STR(inv->currency, "USD");
    KT_EQ_STR(inv->due_date, "2026-12-01");
    KT_EQ_INT(inv->line_count, 1);
    KT_EQ_INT(inv->lines[0].total_minor, 2500);
    KT_EQ_STR(inv->lines[0].charge_item_id, "c1");
    fjson_doc_free(d);
    kmem_free(inv);

    /* A next link and an OperationOutcome's words for technicians. */
    d = parse("{\"resourceType\":\"Bundle\",\"link\":[{\"relation\":\"self\",\"url\":\"a\"},"
              "{\"relation\":\"next\",\"url\":\"https://s/fhir/Patient?_offset=2\"}],\"issue\":"
              "[{\"code\":\"invalid\",\"diagnostics\":\"bad\\nthing\"}]}");
    KT_EQ_STR(fhir_bundle_next(fjson_root(d)), "https://s/fhir/Patient?_offset=2");
    char text[64];
    fhir_outcome_text(fjson_root(d), text, sizeof(text));
    KT_EQ_STR(text, "invalid: bad thing");
    fjson_doc_free(d);
    return KTEST_PASS;
}

/* The home address (else the first), the first contact, and Coverage. */
static enum ktest_result address_contact_and_coverage(void)
{
    struct fjson_doc *d = parse(
        "{\"resourceType\":\"Patient\",\"id\":\"p4\",\"name\":[{\"family\":\"Muñoz\"}],"
        "\"birthDate\":\"1978-11-30\",\"address\":[{\"use\":\"work\",\"city\":\"Work\"},"
        "{\"use\":\"home\",\"line\":[\"1200 Main Street\",\"Apt 42\"],\"city\":\"Springfield\","
        "\"state\":\"IL\",\"postalCode\":\"62701\",\"country\":\"US\"}],\"contact\":[{"
        "\"relationship\":[{\"coding\":[{\"code\":\"C\"}]}],\"name\":{\"given\":[\"Rosa\"],"
        "\"family\":\"Muñoz\"},\"telecom\":[{\"system\":\"email\",\"value\":\"x@y.z\"},"
        "{\"system\":\"phone\",\"value\":\"+1 555 0204\"}]}]}");
    struct fhir_patient p;
    KT_ASSERT(d != NULL);
    KT_EQ_INT(fhir_read_patient(fjson_root(d), &sys, &p), KIOSK_OK);
    KT_EQ_STR(p.addr_line, "Apt 42");
    KT_EQ_STR(p.addr_city, "Springfield");
    KT_EQ_STR(p.addr_postal, "62701");
    KT_EQ_STR(p.addr_country, "US");
    KT_EQ_STR(p.contact_name, "Rosa Muñoz");
    KT_EQ_STR(p.contact_relation, "C");
    KT_EQ_STR(p.contact_phone, "+1 555 0204");
    fjson_doc_free(d);

    d = parse("{\"resourceType\":\"Coverage\",\"id\":\"cov-p4\",\"status\":\"active\","
              "\"subscriberId\":\"MBR1\",\"beneficiary\":{\"reference\":\"Patient/p4\"},"
              "\"relationship\":{\"coding\":[{\"code\":\"child\"}]},\"payor\":[{\"display\":"
              "\"Acme\"}],\"class\":[{\"type\":{\"coding\":[{\"code\":\"group\"}]},\"value\":"
              "\"G\"},{\"type\":{\"coding\":[{\"code\":\"plan\"}]},\"value\":\"GOLD\","
              "\"name\":\"Gold PPO\"}]}");
    struct fhir_coverage c;
    KT_EQ_INT(fhir_read_coverage(fjson_root(d), &c), KIOSK_OK);
    KT_EQ_STR(c.patient_id, "p4");
    KT_EQ_STR(c.payor, "Acme");
    KT_EQ_STR(c.plan, "Gold PPO");
    KT_EQ_STR(c.subscriber_id, "MBR1");
    KT_EQ_STR(c.relationship, "child");
    fjson_doc_free(d);
    /* No payer's name to show, or nobody it covers: skipped. */
    d = parse("{\"resourceType\":\"Coverage\",\"id\":\"c\",\"status\":\"active\","
              "\"beneficiary\":{\"reference\":\"Patient/p4\"},\"payor\":[{\"reference\":"
              "\"Organization/o\"}]}");
    KT_EQ_INT(fhir_read_coverage(fjson_root(d), &c), KIOSK_ERR_INVALID);
    fjson_doc_free(d);
    d = parse("{\"resourceType\":\"Coverage\",\"id\":\"c\",\"status\":\"active\","
              "\"payor\":[{\"display\":\"Acme\"}]}");
    KT_EQ_INT(fhir_read_coverage(fjson_root(d), &c), KIOSK_ERR_INVALID);
    fjson_doc_free(d);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"address_contact_and_coverage", address_contact_and_coverage},
    {"money_is_exact", money_is_exact},
    {"translations", translations},
    {"instants", instants},
    {"bad_documents", bad_documents},
    {"patient", patient},
    {"appointment_and_invoice", appointment_and_invoice},
};

KTEST_MAIN(tests)
