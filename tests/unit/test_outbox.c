/* Outbox records: the kind table, the encoder and decoder every kind goes
 * through, the one JSON escaping rule, and each kind's FHIR resource. */
#include "firmware/core/jsonw.h"
#include "firmware/core/mem.h"
#include "firmware/outbox/outbox.h"
#include "firmware/sync/fhir_json.h"
#include "firmware/sync/sync_testing.h"
#include "ktest.h"

#include <stdio.h>
#include <string.h>

#define KEY "4d0c5b9e-2222-4aaa-8bbb-000000000001"
#define AT  1764835380000LL /* 2025-12-04T08:03:00Z */

/* Every awkward character a location or a text can hold: a Windows path,
 * quotes, controls (tab, newline, 0x01, 0x1f, DEL), accents, CJK, and one
 * code point outside the BMP. */
static const char hostile[] = "C:\\kiosk\\lobby \"East\"\t\n\x01\x1f\x7f Conceição 中 🙂 /x";

static void zero(struct outbox_record *r, enum outbox_kind kind)
{
    memset(r, 0, sizeof(*r));
    r->kind = kind;
    r->at_ms = AT;
}

/* Encode, decode, and the same record comes back. */
static bool round_trips(const struct outbox_record *in)
{
    char text[2048];
    struct outbox_record out;
    if (outbox_encode(in, text, sizeof(text)) != KIOSK_OK)
        return false;
    if (outbox_decode(in->kind, text, 1, &out) != KIOSK_OK)
        return false;
    return memcmp(in, &out, sizeof(out)) == 0;
}

/* rec's resource parsed, or NULL; *type its resourceType. */
static struct fjson_doc *resource(const struct outbox_record *rec, const char **type)
{
    char *json = NULL, why[200];
    struct fjson_doc *doc = NULL;
    if (sync_outbox_resource_text(rec, KEY, "Main lobby", &json, type, why, sizeof(why)) !=
        KIOSK_OK)
        return NULL;
    fjson_parse(json, strlen(json), 1 << 16, &doc);
    kmem_free(json);
    return doc;
}

static const char *first_text(struct fjson *obj, const char *arr, const char *key)
{
    return fjson_str(fjson_at(fjson_get(obj, arr), 0), key);
}

/* --- the table --------------------------------------------------------------------------- */

static enum ktest_result every_kind_has_a_row(void)
{
    for (int k = 0; k < OUTBOX_KIND_COUNT; k++) {
        enum outbox_kind back;
        const char *name = outbox_kind_name((enum outbox_kind)k);
        KT_ASSERT(name && name[0]);
        KT_ASSERT(outbox_kind_from_name(name, &back));
        KT_EQ_INT(back, k);
    }
    /* The stored names never change: old rows are looked up by them. */
    KT_EQ_STR(outbox_kind_name(OUTBOX_APPOINTMENT_ARRIVED), "appointment.arrived");
    KT_EQ_STR(outbox_kind_name(OUTBOX_HELP_REQUEST), "help.request");
    KT_EQ_STR(outbox_kind_name(OUTBOX_BILLING_QUESTION), "billing.question");
    KT_EQ_STR(outbox_kind_name(OUTBOX_DEVICE_ALERT), "device.alert");
    KT_EQ_STR(outbox_kind_name(OUTBOX_UPDATE_RESULT), "update.result");
    KT_EQ_STR(outbox_kind_name(OUTBOX_STAFF_ALERT), "staff.alert");
    KT_EQ_STR(outbox_kind_name(OUTBOX_PAYMENT_POSTED), "payment.posted");
    enum outbox_kind k;
    KT_ASSERT(!outbox_kind_from_name("contact.changed", &k));
    KT_ASSERT(!outbox_kind_from_name(NULL, &k));
    KT_ASSERT(outbox_kind_name(OUTBOX_KIND_COUNT) == NULL);
    return KTEST_PASS;
}

/* --- one round trip and one resource a kind ---------------------------------------------- */

static enum ktest_result appointment_arrived(void)
{
    struct outbox_record r;
    char text[256];
    const char *type;
    zero(&r, OUTBOX_APPOINTMENT_ARRIVED);
    strcpy(r.arrived.code, "APPT-2026-000123");
    KT_ASSERT(round_trips(&r));
    /* Byte for byte what the check-in always wrote (the old field stays out). */
    KT_EQ_INT(outbox_encode(&r, text, sizeof(text)), KIOSK_OK);
    KT_EQ_STR(text, "{\"code\":\"APPT-2026-000123\",\"status\":\"arrived\",\"at\":1764835380000}");
    /* Schema-1 rows: the appointment field. */
    strcpy(r.arrived.appointment, "a60");
    KT_ASSERT(round_trips(&r));
    /* Not a new resource: push updates the Appointment in place. */
    KT_ASSERT(resource(&r, &type) == NULL);
    return KTEST_PASS;
}

static enum ktest_result help_request(void)
{
    struct outbox_record r;
    const char *type = NULL;
    zero(&r, OUTBOX_HELP_REQUEST);
    strcpy(r.help.location, hostile);
    strcpy(r.help.screen, "checkin.appointments");
    strcpy(r.help.lang, "pt-BR");
    KT_ASSERT(round_trips(&r));
    struct fjson_doc *d = resource(&r, &type);
    KT_ASSERT(d);
    KT_EQ_STR(type, "Task");
    struct fjson *t = fjson_root(d);
    char want[400];
    snprintf(want, sizeof(want),
             "A patient at the kiosk in %s asked for help (screen: checkin.appointments, "
             "language: pt-BR).",
             hostile);
    KT_EQ_STR(fjson_str(t, "description"), want);
    KT_EQ_STR(fjson_str(t, "priority"), "urgent");
    KT_EQ_STR(fjson_str(t, "authoredOn"), "2025-12-04T08:03:00.000Z");
    KT_EQ_STR(first_text(t, "identifier", "value"), "urn:uuid:" KEY);
    KT_ASSERT(fjson_get(t, "reasonCode") == NULL); /* no reason given */
    fjson_doc_free(d);
    /* No location of its own: the kiosk's. */
    r.help.location[0] = '\0';
    d = resource(&r, &type);
    KT_ASSERT(strstr(fjson_str(fjson_root(d), "description"), "kiosk in Main lobby asked"));
    fjson_doc_free(d);
    /* The reason the patient gave goes with it, in words staff read. */
    memset(r.help.location, 0, sizeof(r.help.location));
    strcpy(r.help.reason, "wheelchair");
    KT_ASSERT(round_trips(&r));
    d = resource(&r, &type);
    t = fjson_root(d);
    KT_ASSERT(strstr(fjson_str(t, "description"), "The patient needs a wheelchair."));
    KT_EQ_STR(fjson_str(fjson_get(t, "reasonCode"), "text"), "needs a wheelchair");
    fjson_doc_free(d);
    return KTEST_PASS;
}

static enum ktest_result billing_question(void)
{
    struct outbox_record r;
    const char *type = NULL;
    char *json = NULL, why[200];
    zero(&r, OUTBOX_BILLING_QUESTION);
    strcpy(r.billing.topic, "plan");
    strcpy(r.billing.phone, "+55 11 5555-0100");
    strcpy(r.billing.invoice, "inv-p1");
    strcpy(r.billing.location, "Sala 2");
    strcpy(r.billing.lang, "pt");
    KT_ASSERT(round_trips(&r));
    struct fjson_doc *d = resource(&r, &type);
    KT_ASSERT(d);
    KT_EQ_STR(type, "Task");
    KT_EQ_STR(fjson_str(fjson_root(d), "description"),
              "A patient at the kiosk in Sala 2 asks billing to call back about: a payment plan. "
              "Call +55 11 5555-0100 (language: pt).");
    KT_EQ_STR(fjson_str(fjson_get(fjson_root(d), "focus"), "reference"), "Invoice/inv-p1");
    KT_EQ_STR(fjson_str(fjson_root(d), "priority"), "routine");
    fjson_doc_free(d);
    /* Without a number there is nobody to call: parked. */
    r.billing.phone[0] = '\0';
    KT_EQ_INT(sync_outbox_resource_text(&r, KEY, "", &json, &type, why, sizeof(why)),
              KIOSK_ERR_INVALID);
    KT_EQ_STR(why, "billing question without a callback number");
    return KTEST_PASS;
}

static enum ktest_result device_alert(void)
{
    struct outbox_record r;
    const char *type = NULL;
    zero(&r, OUTBOX_DEVICE_ALERT);
    strcpy(r.device.location, "Lobby");
    strcpy(r.device.device, "printer");
    strcpy(r.device.state, "paper low");
    KT_ASSERT(round_trips(&r));
    struct fjson_doc *d = resource(&r, &type);
    KT_ASSERT(d);
    KT_EQ_STR(type, "Communication");
    struct fjson *c = fjson_root(d);
    KT_EQ_STR(first_text(c, "payload", "contentString"), "Kiosk in Lobby: printer: paper low.");
    KT_EQ_STR(first_text(c, "category", "text"), "Kiosk device alert");
    KT_EQ_STR(fjson_str(c, "sent"), "2025-12-04T08:03:00.000Z");
    fjson_doc_free(d);
    return KTEST_PASS;
}

/* update_cmd.c wrote the location unescaped: a backslash made the row
 * unreadable JSON, parked, and the server never heard of the update. */
static enum ktest_result update_result_with_any_location(void)
{
    struct outbox_record r;
    const char *type = NULL;
    char text[1024];
    zero(&r, OUTBOX_UPDATE_RESULT);
    strcpy(r.update.version, "1.4.0");
    strcpy(r.update.result, "success");
    strcpy(r.update.location, hostile);
    KT_ASSERT(round_trips(&r));
    /* The stored text is JSON a strict parser takes, and holds the words. */
    KT_EQ_INT(outbox_encode(&r, text, sizeof(text)), KIOSK_OK);
    struct fjson_doc *d = NULL;
    KT_EQ_INT(fjson_parse(text, strlen(text), 1 << 16, &d), KIOSK_OK);
    KT_EQ_STR(fjson_str(fjson_root(d), "location"), hostile);
    fjson_doc_free(d);
    KT_ASSERT(strstr(text, "C:\\\\kiosk\\\\lobby \\\"East\\\"\\t\\n\\u0001\\u001f\x7f Concei"));
    d = resource(&r, &type);
    KT_ASSERT(d);
    KT_EQ_STR(type, "Communication");
    char want[300];
    snprintf(want, sizeof(want), "Kiosk in %s: software 1.4.0: success.", hostile);
    KT_EQ_STR(first_text(fjson_root(d), "payload", "contentString"), want);
    KT_EQ_STR(first_text(fjson_root(d), "category", "text"), "Kiosk software update");
    fjson_doc_free(d);
    return KTEST_PASS;
}

static enum ktest_result staff_alert(void)
{
    struct outbox_record r;
    const char *type = NULL;
    zero(&r, OUTBOX_STAFF_ALERT);
    strcpy(r.staff.text, "a patient checked in for appointment APPT-1, which the billing server "
                         "has as cancelled. Please see them at the desk.");
    KT_ASSERT(round_trips(&r));
    struct fjson_doc *d = resource(&r, &type);
    KT_ASSERT(d);
    KT_EQ_STR(type, "Communication");
    KT_EQ_STR(first_text(fjson_root(d), "payload", "contentString"),
              "Kiosk in Main lobby: a patient checked in for appointment APPT-1, which the "
              "billing server has as cancelled. Please see them at the desk.");
    KT_EQ_STR(first_text(fjson_root(d), "category", "text"), "Kiosk alert");
    fjson_doc_free(d);
    return KTEST_PASS;
}

/* Posted with the time of the approval (issue: created and paymentDate were
 * 1970-01-01). */
static enum ktest_result payment_posted(void)
{
    struct outbox_record r;
    const char *type = NULL;
    char *json = NULL, why[200];
    zero(&r, OUTBOX_PAYMENT_POSTED);
    r.payment.amount_minor = 2550;
    strcpy(r.payment.currency, "USD");
    strcpy(r.payment.invoice, "inv-p1");
    strcpy(r.payment.auth_code, "AUTH42");
    KT_ASSERT(round_trips(&r));
    struct fjson_doc *d = resource(&r, &type);
    KT_ASSERT(d);
    KT_EQ_STR(type, "PaymentReconciliation");
    struct fjson *p = fjson_root(d);
    KT_EQ_STR(fjson_str(p, "created"), "2025-12-04T08:03:00.000Z");
    KT_EQ_STR(fjson_str(p, "paymentDate"), "2025-12-04");
    int64_t minor = 0;
    const char *cur = NULL;
    KT_ASSERT(fjson_money(fjson_get(p, "paymentAmount"), &minor, &cur));
    KT_EQ_INT(minor, 2550);
    KT_EQ_STR(cur, "USD");
    KT_EQ_STR(fjson_str(fjson_get(p, "paymentIdentifier"), "value"), "AUTH42");
    struct fjson *detail = fjson_at(fjson_get(p, "detail"), 0);
    KT_EQ_STR(fjson_str(fjson_get(detail, "request"), "reference"), "Invoice/inv-p1");
    fjson_doc_free(d);
    /* Amount and currency must be usable, else staff look at it. */
    strcpy(r.payment.currency, "US");
    KT_EQ_INT(sync_outbox_resource_text(&r, KEY, "", &json, &type, why, sizeof(why)),
              KIOSK_ERR_INVALID);
    KT_EQ_STR(why, "payment entry without a usable amount or currency");
    return KTEST_PASS;
}

/* --- rows written by older firmware ------------------------------------------------------- */

/* A change of contact details: a Task for registration staff, for the
 * Patient, with each typed value as an input and none in the text. */
static enum ktest_result details_change(void)
{
    struct outbox_record r;
    const char *type = NULL;
    char *json = NULL, why[200];
    zero(&r, OUTBOX_DETAILS_CHANGE);
    strcpy(r.details.patient, "p4");
    strcpy(r.details.phone, "5550123456");
    strcpy(r.details.line, hostile);
    strcpy(r.details.city, "Toledo");
    strcpy(r.details.postal, "45001");
    strcpy(r.details.country, "ES");
    strcpy(r.details.location, "Main lobby");
    strcpy(r.details.lang, "es");
    KT_ASSERT(round_trips(&r));
    struct fjson_doc *d = resource(&r, &type);
    KT_ASSERT(d);
    struct fjson *t = fjson_root(d);
    KT_EQ_STR(type, "Task");
    KT_EQ_STR(fjson_str(fjson_get(t, "for"), "reference"), "Patient/p4");
    KT_EQ_STR(fjson_str(fjson_get(t, "code"), "text"), "Update the patient's contact details");
    KT_EQ_STR(fjson_str(t, "description"),
              "A patient at the kiosk in Main lobby says their phone, postal address changed. "
              "Please check the new values with them and update the record (language: es).");
    struct fjson *in = fjson_get(t, "input");
    KT_EQ_INT((int64_t)fjson_len(in), 5); /* phone, line, city, postal code, country */
    KT_EQ_STR(fjson_str(fjson_get(fjson_at(in, 0), "type"), "text"), "phone");
    KT_EQ_STR(fjson_str(fjson_at(in, 0), "valueString"), "5550123456");
    KT_EQ_STR(fjson_str(fjson_at(in, 1), "valueString"), hostile);
    fjson_doc_free(d);
    /* Nothing changed, or nobody to change it for: parked, never sent empty. */
    struct outbox_record e;
    zero(&e, OUTBOX_DETAILS_CHANGE);
    strcpy(e.details.patient, "p4");
    KT_EQ_INT(sync_outbox_resource_text(&e, KEY, "", &json, &type, why, sizeof(why)),
              KIOSK_ERR_INVALID);
    KT_EQ_STR(why, "contact details change without a value");
    r.details.patient[0] = '\0';
    KT_EQ_INT(sync_outbox_resource_text(&r, KEY, "", &json, &type, why, sizeof(why)),
              KIOSK_ERR_INVALID);
    return KTEST_PASS;
}

/* A changed insurance: a Task with the draft Coverage contained and in
 * focus; no insurance now: a Task about the Coverage on file. */
static enum ktest_result coverage_change(void)
{
    struct outbox_record r;
    const char *type = NULL;
    char *json = NULL, why[200];
    zero(&r, OUTBOX_COVERAGE_CHANGE);
    strcpy(r.coverage.patient, "p4");
    strcpy(r.coverage.change, "changed");
    strcpy(r.coverage.old_coverage, "cov-p4");
    strcpy(r.coverage.payor, "Unimed Saúde");
    strcpy(r.coverage.member_id, "UNI-2024-99");
    strcpy(r.coverage.relationship, "child");
    strcpy(r.coverage.lang, "pt-BR");
    KT_ASSERT(round_trips(&r));
    struct fjson_doc *d = resource(&r, &type);
    KT_ASSERT(d);
    struct fjson *t = fjson_root(d), *cov = fjson_at(fjson_get(t, "contained"), 0);
    KT_EQ_STR(type, "Task");
    KT_EQ_STR(fjson_str(fjson_get(t, "focus"), "reference"), "#proposed");
    KT_EQ_STR(fjson_str(cov, "resourceType"), "Coverage");
    KT_EQ_STR(fjson_str(cov, "status"), "draft");
    KT_EQ_STR(fjson_str(cov, "subscriberId"), "UNI-2024-99");
    KT_EQ_STR(first_text(cov, "payor", "display"), "Unimed Saúde");
    KT_EQ_STR(fjson_str(fjson_get(cov, "beneficiary"), "reference"), "Patient/p4");
    KT_EQ_STR(first_text(fjson_get(cov, "relationship"), "coding", "code"), "child");
    KT_EQ_STR(fjson_str(fjson_get(fjson_at(fjson_get(t, "input"), 1), "type"), "text"),
              "replaces-coverage");
    fjson_doc_free(d);

    zero(&r, OUTBOX_COVERAGE_CHANGE);
    strcpy(r.coverage.patient, "p1");
    strcpy(r.coverage.change, "none");
    strcpy(r.coverage.old_coverage, "cov-p1");
    d = resource(&r, &type);
    KT_ASSERT(d);
    t = fjson_root(d);
    KT_ASSERT(!fjson_get(t, "contained"));
    KT_EQ_STR(fjson_str(fjson_get(t, "focus"), "reference"), "Coverage/cov-p1");
    KT_EQ_STR(first_text(t, "input", "valueString"), "none");
    fjson_doc_free(d);
    /* "changed" needs the payer. */
    strcpy(r.coverage.change, "changed");
    KT_EQ_INT(sync_outbox_resource_text(&r, KEY, "", &json, &type, why, sizeof(why)),
              KIOSK_ERR_INVALID);
    KT_EQ_STR(why, "insurance change without a payer");
    return KTEST_PASS;
}

/* A receipt by SMS or e-mail: a Communication to the patient for the
 * messaging system; a typed address rides in the send-to extension. */
static enum ktest_result receipt_send(void)
{
    struct outbox_record r;
    const char *type = NULL;
    char *json = NULL, why[200];
    zero(&r, OUTBOX_RECEIPT_SEND);
    strcpy(r.receipt.patient, "demo-ana");
    strcpy(r.receipt.channel, "email");
    strcpy(r.receipt.to, "ana@mail.example.org");
    strcpy(r.receipt.payment, "k-1");
    r.receipt.amount_minor = 6505;
    strcpy(r.receipt.currency, "USD");
    strcpy(r.receipt.invoice, "demo-ana-1");
    strcpy(r.receipt.auth_code, "A128486");
    strcpy(r.receipt.card, "Visa ending 1111");
    strcpy(r.receipt.link, "https://www.example.org/receipts/k-1");
    strcpy(r.receipt.lang, "es");
    KT_ASSERT(round_trips(&r));
    struct fjson_doc *d = resource(&r, &type);
    KT_ASSERT(d);
    struct fjson *c = fjson_root(d);
    KT_EQ_STR(type, "Communication");
    KT_EQ_STR(fjson_str(c, "status"), "preparation");
    KT_EQ_STR(first_text(fjson_at(fjson_get(c, "medium"), 0), "coding", "code"), "EMAILWRIT");
    KT_EQ_STR(first_text(c, "recipient", "reference"), "Patient/demo-ana");
    KT_EQ_STR(
        fjson_str(fjson_get(fjson_at(fjson_get(c, "extension"), 0), "valueContactPoint"), "value"),
        "ana@mail.example.org");
    KT_EQ_STR(first_text(c, "payload", "contentString"),
              "Payment receipt. Paid 65.05 USD at a self-service kiosk (Visa ending 1111). "
              "Authorisation code: A128486. Statement: demo-ana-1. Receipt number: k-1.");
    KT_EQ_STR(
        fjson_str(fjson_get(fjson_at(fjson_get(c, "payload"), 1), "contentAttachment"), "url"),
        "https://www.example.org/receipts/k-1");
    fjson_doc_free(d);
    /* To the number on file: no extension; the server has the number. */
    strcpy(r.receipt.channel, "sms");
    r.receipt.to[0] = '\0';
    d = resource(&r, &type);
    KT_ASSERT(d);
    KT_ASSERT(!fjson_get(fjson_root(d), "extension"));
    KT_EQ_STR(first_text(fjson_at(fjson_get(fjson_root(d), "medium"), 0), "coding", "code"),
              "SMSWRIT");
    fjson_doc_free(d);
    strcpy(r.receipt.channel, "fax");
    KT_EQ_INT(sync_outbox_resource_text(&r, KEY, "", &json, &type, why, sizeof(why)),
              KIOSK_ERR_INVALID);
    return KTEST_PASS;
}

static enum ktest_result old_rows_decode(void)
{
    struct outbox_record r;
    /* Today's payment row has no time: the row's created time stands in. */
    KT_EQ_INT(outbox_decode(OUTBOX_PAYMENT_POSTED,
                            "{\"amount_minor\":2550,\"currency\":\"USD\",\"invoice\":\"inv-mig\","
                            "\"auth_code\":\"AUTH42\"}",
                            1764835325000LL, &r),
              KIOSK_OK);
    KT_EQ_INT(r.at_ms, 1764835325000LL);
    KT_EQ_INT(r.payment.amount_minor, 2550);
    KT_EQ_STR(r.payment.auth_code, "AUTH42");
    /* sync_tool's old payments carried more members: ignored. */
    KT_EQ_INT(outbox_decode(OUTBOX_PAYMENT_POSTED,
                            "{\"kind\":\"payment\",\"invoice\":\"i\",\"amount_minor\":101,"
                            "\"currency\":\"USD\",\"auth_code\":\"A00000\",\"brand\":\"VISA\","
                            "\"last4\":\"1111\",\"at\":1}",
                            5, &r),
              KIOSK_OK);
    KT_EQ_INT(r.at_ms, 1); /* a time of its own is kept */
    KT_EQ_INT(r.payment.amount_minor, 101);
    /* The old escaper's output reads back as the words it escaped. */
    KT_EQ_INT(outbox_decode(OUTBOX_HELP_REQUEST,
                            "{\"kind\":\"help\",\"location\":\"Main lobby \\\"East\\\" \\u001f\","
                            "\"screen\":\"welcome\",\"lang\":\"pt\",\"at\":1764835380000}",
                            0, &r),
              KIOSK_OK);
    KT_EQ_STR(r.help.location, "Main lobby \"East\" \x1f");
    /* update.result had no time; a schema-1 check-in its appointment. */
    KT_EQ_INT(outbox_decode(OUTBOX_UPDATE_RESULT,
                            "{\"kind\":\"update\",\"version\":\"1.4.0\",\"result\":\"success\","
                            "\"location\":\"\"}",
                            77, &r),
              KIOSK_OK);
    KT_EQ_INT(r.at_ms, 77);
    KT_EQ_INT(outbox_decode(OUTBOX_APPOINTMENT_ARRIVED,
                            "{\"appointment\":\"a60\",\"status\":\"arrived\",\"at\":1}", 0, &r),
              KIOSK_OK);
    KT_EQ_STR(r.arrived.appointment, "a60");
    KT_EQ_STR(r.arrived.code, "");
    /* Values of another type count as missing (as push always read them);
     * nested values are skipped. */
    KT_EQ_INT(outbox_decode(OUTBOX_PAYMENT_POSTED,
                            " {\"amount_minor\":\"500\",\"x\":{\"y\":[1,2.5e3,true,null,{}]},"
                            "\"currency\":7,\"at\":1.5} ",
                            9, &r),
              KIOSK_OK);
    KT_EQ_INT(r.payment.amount_minor, 0);
    KT_EQ_STR(r.payment.currency, "");
    KT_EQ_INT(r.at_ms, 9);
    /* Escapes: a surrogate pair is one code point. */
    KT_EQ_INT(outbox_decode(OUTBOX_STAFF_ALERT, "{\"text\":\"\\u00e9\\ud83d\\ude42\\/\"}", 0, &r),
              KIOSK_OK);
    KT_EQ_STR(r.staff.text, "é🙂/");
    return KTEST_PASS;
}

static enum ktest_result unreadable_rows_are_refused(void)
{
    struct outbox_record r;
    static const char *const bad[] = {
        "",
        "[]",
        "{\"text\":\"a\"",
        "{\"text\":\"a\"} x",
        "{\"text\":\"raw\ttab\"}",
        "{\"text\":\"\\ud83d\"}",
        "{\"text\":\"\\u0000\"}",
        "{\"text\":\"\\x\"}",
        "{\"at\":01}",
        "{\"at\":-}",
        "{text:1}",
        "{\"text\":\"a\",}",
        "{\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        r.at_ms = 5;
        KT_EQ_INT(outbox_decode(OUTBOX_STAFF_ALERT, bad[i], 1, &r), KIOSK_ERR_INVALID);
        KT_EQ_INT(r.at_ms, 0); /* nothing half-read is left */
    }
    /* A value longer than its member is an error, not a cut. */
    char big[400] = "{\"lang\":\"";
    memset(big + strlen(big), 'x', 100);
    strcat(big, "\"}");
    KT_EQ_INT(outbox_decode(OUTBOX_HELP_REQUEST, big, 1, &r), KIOSK_ERR_TOO_BIG);
    KT_EQ_INT(outbox_decode(OUTBOX_KIND_COUNT, "{}", 1, &r), KIOSK_ERR_INVALID);
    return KTEST_PASS;
}

/* --- the writer ---------------------------------------------------------------------------- */

static enum ktest_result writer_never_cuts(void)
{
    struct outbox_record r;
    char text[512];
    zero(&r, OUTBOX_DEVICE_ALERT);
    strcpy(r.device.location, hostile);
    strcpy(r.device.state, "paper out");
    KT_EQ_INT(outbox_encode(&r, text, sizeof(text)), KIOSK_OK);
    size_t need = strlen(text) + 1;
    for (size_t size = 1; size < need; size++) {
        char small[512];
        memset(small, 'z', sizeof(small));
        KT_EQ_INT(outbox_encode(&r, small, size), KIOSK_ERR_TOO_BIG);
        KT_EQ_STR(small, "");
    }
    char exact[512];
    KT_EQ_INT(outbox_encode(&r, exact, need), KIOSK_OK);
    KT_EQ_STR(exact, text);
    return KTEST_PASS;
}

static enum ktest_result writer_escapes_per_rfc8259(void)
{
    char buf[256];
    struct jsonw w;
    jsonw_begin(&w, buf, sizeof(buf));
    jsonw_str(&w, "k\"", "\b\f\n\r\t\x01\\\"/\x7f\xc3\xa9");
    jsonw_int(&w, "n", -9223372036854775807LL - 1);
    KT_EQ_INT(jsonw_end(&w), KIOSK_OK);
    KT_EQ_STR(buf, "{\"k\\\"\":\"\\b\\f\\n\\r\\t\\u0001\\\\\\\"/\x7f\xc3\xa9\","
                   "\"n\":-9223372036854775808}");
    jsonw_begin(&w, buf, sizeof(buf));
    KT_EQ_INT(jsonw_end(&w), KIOSK_OK);
    KT_EQ_STR(buf, "{}");
    /* Not UTF-8: overlong, surrogate, beyond U+10FFFF, cut short, lone
     * continuation byte. */
    static const char *const bad[] = {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe4\xb8",
                                      "\x80"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        KT_ASSERT(!jsonw_utf8_valid(bad[i]));
        jsonw_begin(&w, buf, sizeof(buf));
        jsonw_str(&w, "v", bad[i]);
        KT_EQ_INT(jsonw_end(&w), KIOSK_ERR_INVALID);
        KT_EQ_STR(buf, "");
    }
    KT_ASSERT(jsonw_utf8_valid(hostile));
    return KTEST_PASS;
}

/* A completed form: a large record (answers as JSON, a signature) that
 * round-trips whole and becomes a QuestionnaireResponse naming the version. */
static enum ktest_result form_response(void)
{
    struct outbox_record *in = kmem_alloc(sizeof(*in)), *out = kmem_alloc(sizeof(*out));
    size_t size = 2 * sizeof(*in) + 4096;
    char *text = kmem_alloc(size);
    const char *type = NULL;
    KT_ASSERT(in && out && text);
    zero(in, OUTBOX_FORM_RESPONSE);
    snprintf(in->form.task, sizeof(in->form.task), "form-intake-p1");
    snprintf(in->form.patient, sizeof(in->form.patient), "p1");
    snprintf(in->form.questionnaire, sizeof(in->form.questionnaire), "https://h/Questionnaire/q|2");
    snprintf(in->form.lang, sizeof(in->form.lang), "pt-BR");
    snprintf(in->form.items, sizeof(in->form.items),
             "[{\"linkId\":\"reason\",\"answer\":[{\"valueString\":\"%s\"}]}]",
             "dor \\\"forte\\\" ção");
    snprintf(in->form.sig_format, sizeof(in->form.sig_format), "image/svg+xml");
    memset(in->form.signature, 'A', sizeof(in->form.signature) - 1); /* the largest signature */
    KT_EQ_INT(outbox_encode(in, text, size), KIOSK_OK);
    KT_EQ_INT(outbox_decode(OUTBOX_FORM_RESPONSE, text, 1, out), KIOSK_OK);
    KT_ASSERT(memcmp(in, out, sizeof(*in)) == 0);
    struct fjson_doc *doc = resource(in, &type);
    char *json = NULL, why[200];
    KT_ASSERT(doc);
    KT_EQ_STR(type, "QuestionnaireResponse");
    struct fjson *qr = fjson_root(doc);
    KT_EQ_STR(fjson_str(qr, "questionnaire"), "https://h/Questionnaire/q|2");
    KT_EQ_STR(fjson_str(qr, "status"), "completed");
    KT_EQ_STR(fjson_str(fjson_get(qr, "identifier"), "value"), "urn:uuid:" KEY);
    KT_EQ_STR(fjson_str(fjson_get(qr, "subject"), "reference"), "Patient/p1");
    KT_EQ_STR(fjson_str(fjson_at(fjson_get(fjson_at(fjson_get(qr, "item"), 0), "answer"), 0),
                        "valueString"),
              "dor \"forte\" ção");
    KT_EQ_STR(fjson_str(fjson_get(fjson_at(fjson_get(qr, "extension"), 0), "valueSignature"),
                        "sigFormat"),
              "image/svg+xml");
    fjson_doc_free(doc);
    /* answers that are not JSON, or no version: parked, not guessed at */
    snprintf(in->form.items, sizeof(in->form.items), "[{");
    KT_EQ_INT(sync_outbox_resource_text(in, KEY, "", &json, &type, why, sizeof(why)),
              KIOSK_ERR_INVALID);
    snprintf(in->form.items, sizeof(in->form.items), "[]");
    snprintf(in->form.questionnaire, sizeof(in->form.questionnaire), "https://h/Questionnaire/q");
    KT_EQ_INT(sync_outbox_resource_text(in, KEY, "", &json, &type, why, sizeof(why)),
              KIOSK_ERR_INVALID);
    kmem_free(in);
    kmem_free(out);
    kmem_free(text);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"form_response", form_response},
    {"every_kind_has_a_row", every_kind_has_a_row},
    {"appointment_arrived", appointment_arrived},
    {"help_request", help_request},
    {"billing_question", billing_question},
    {"device_alert", device_alert},
    {"update_result_with_any_location", update_result_with_any_location},
    {"staff_alert", staff_alert},
    {"payment_posted", payment_posted},
    {"details_change", details_change},
    {"coverage_change", coverage_change},
    {"receipt_send", receipt_send},
    {"old_rows_decode", old_rows_decode},
    {"unreadable_rows_are_refused", unreadable_rows_are_refused},
    {"writer_never_cuts", writer_never_cuts},
    {"writer_escapes_per_rfc8259", writer_escapes_per_rfc8259},
};

KTEST_MAIN(tests)
