/* After check-in: when the kiosk asks "Are these still right?" (every visit,
 * or a record older than the limit; never for a recent or undated one), the
 * shape checks of typed values, and that a checked-in patient always ends
 * on the done screen with a ticket, whichever way they leave. Also the
 * masking of values on file (firmware/core/mask.h). Pure: no SDL or SQLite. */
#include "firmware/core/mask.h"
#include "firmware/flow/flow.h"
#include "firmware/flow/flow_private.h"
#include "ktest.h"

#include <string.h>

#define T0   1773136800000LL /* 2026-03-10 10:00 UTC */
#define DAY  (24 * 3600 * 1000LL)
#define YEAR (365 * DAY)

struct run {
    struct flow_state s;
    struct flow_fx_list fx;
    int64_t mono;
    struct patient_details on_file;
};

static struct flow_config config(bool every, int64_t max_age)
{
    struct flow_config c = {.warn_ms = 45000,
                            .clear_ms = 60000,
                            .done_ms = 20000,
                            .early_ms = 30 * 60000LL,
                            .late_ms = 15 * 60000LL,
                            .max_attempts = 3,
                            .default_lang = "en",
                            .details_every_visit = every,
                            .details_max_age_ms = max_age,
                            .details_insurance = true,
                            .payer_count = 3};
    return c;
}

static bool has_fx(const struct run *r, enum flow_fx_kind k)
{
    for (int i = 0; i < r->fx.count; i++)
        if (r->fx.fx[i].kind == k)
            return true;
    return false;
}

static void send(struct run *r, struct flow_event ev)
{
    r->mono += 1000;
    ev.mono_ms = r->mono;
    ev.wall_ms = T0 + r->mono;
    flow_step(&r->s, &ev, &r->fx);
}

static void tap(struct run *r, const char *w)
{
    send(r, (struct flow_event){.kind = EV_TAP, .widget = w});
}

/* A patient found with one open appointment, checked in: what follows. */
static void checked_in(struct run *r, struct flow_config c, int64_t record_age)
{
    struct patient_match m = {.matches = 1, .appt_count = 1};
    m.patient.id = 7;
    strcpy(m.patient.given, "Ana");
    m.appts[0].id = 42;
    m.appts[0].start_ms = T0 + 10 * 60000LL;
    memset(&r->on_file, 0, sizeof(r->on_file));
    strcpy(r->on_file.fhir_id, "p1");
    strcpy(r->on_file.phone, "+1 555 0110");
    strcpy(r->on_file.addr_line, "Rua das Flores, 142");
    strcpy(r->on_file.addr_city, "São Paulo");
    strcpy(r->on_file.addr_country, "BR");
    r->on_file.record_updated_ms = record_age ? T0 - record_age : 0;
    r->on_file.has_coverage = true;
    strcpy(r->on_file.payor, "Unimed Saúde");
    r->mono = 1000;
    flow_init(&r->s, &c, r->mono);
    tap(r, "action.checkin");
    /* As identification leaves it: the match, then the appointments. */
    r->s.match = m;
    r->s.purpose = PURPOSE_CHECKIN;
    flow_checkin_show(&r->s, r->mono, T0);
    tap(r, "confirm");
    send(r, (struct flow_event){.kind = EV_CHECKIN_DONE, .queue_no = 17});
}

static void details_answer(struct run *r)
{
    send(r, (struct flow_event){.kind = EV_DETAILS_DONE, .details = &r->on_file});
}

static enum ktest_result asked_only_when_due(void)
{
    struct run r;
    /* Off: straight to the done screen and the ticket, nothing loaded. */
    checked_in(&r, config(false, 0), 3 * YEAR);
    KT_EQ_INT(r.s.screen, SCR_DONE);
    KT_ASSERT(has_fx(&r, FX_PRINT_TICKET));
    /* Older than the limit: asked. */
    checked_in(&r, config(false, YEAR), 2 * YEAR);
    KT_ASSERT(has_fx(&r, FX_LOAD_DETAILS));
    KT_EQ_INT(r.fx.fx[0].id, 7);
    details_answer(&r);
    KT_EQ_INT(r.s.screen, SCR_DETAILS);
    /* Recent, or of unknown age: not asked. */
    checked_in(&r, config(false, YEAR), 30 * DAY);
    details_answer(&r);
    KT_EQ_INT(r.s.screen, SCR_DONE);
    KT_ASSERT(has_fx(&r, FX_PRINT_TICKET));
    checked_in(&r, config(false, YEAR), 0);
    details_answer(&r);
    KT_EQ_INT(r.s.screen, SCR_DONE);
    /* Every visit: asked even when recent. */
    checked_in(&r, config(true, 0), 30 * DAY);
    details_answer(&r);
    KT_EQ_INT(r.s.screen, SCR_DETAILS);
    /* The store could not say: the check-in ends as always. */
    checked_in(&r, config(true, 0), 30 * DAY);
    send(&r, (struct flow_event){.kind = EV_DETAILS_DONE, .err = KIOSK_ERR_IO});
    KT_EQ_INT(r.s.screen, SCR_DONE);
    KT_ASSERT(has_fx(&r, FX_PRINT_TICKET));
    return KTEST_PASS;
}

static enum ktest_result yes_yes_ends_with_the_ticket(void)
{
    struct run r;
    checked_in(&r, config(true, 0), DAY);
    details_answer(&r);
    tap(&r, "yes");
    KT_EQ_INT(r.s.screen, SCR_INSURANCE);
    tap(&r, "yes");
    KT_EQ_INT(r.s.screen, SCR_DONE);
    KT_ASSERT(has_fx(&r, FX_PRINT_TICKET));
    /* Without insurance on file, no insurance question. */
    checked_in(&r, config(true, 0), DAY);
    r.on_file.has_coverage = false;
    details_answer(&r);
    tap(&r, "yes");
    KT_EQ_INT(r.s.screen, SCR_DONE);
    return KTEST_PASS;
}

static enum ktest_result leaving_any_way_keeps_the_ticket(void)
{
    static const char *const ways[] = {"cancel", "finish", NULL};
    for (int w = 0; w < 3; w++) {
        struct run r;
        checked_in(&r, config(true, 0), DAY);
        details_answer(&r);
        tap(&r, "change");
        tap(&r, "change.phone");
        KT_EQ_INT(r.s.screen, SCR_DETAILS_PHONE);
        if (ways[w]) {
            tap(&r, ways[w]);
            KT_EQ_INT(r.s.screen, SCR_DONE);
            /* Also from the help screen opened here. */
            checked_in(&r, config(true, 0), DAY);
            details_answer(&r);
            tap(&r, "help");
            KT_EQ_INT(r.s.screen, SCR_HELP);
            tap(&r, ways[w]);
        } else { /* walks away: the session's time runs out */
            r.mono += 61000;
            send(&r, (struct flow_event){.kind = EV_TICK});
        }
        KT_EQ_INT(r.s.screen, SCR_DONE);
        KT_ASSERT(has_fx(&r, FX_PRINT_TICKET));
        KT_ASSERT(!has_fx(&r, FX_SESSION_CLEARED));
    }
    return KTEST_PASS;
}

static enum ktest_result changes_are_checked_then_sent(void)
{
    struct run r;
    checked_in(&r, config(true, 0), DAY);
    details_answer(&r);
    tap(&r, "change");
    tap(&r, "send"); /* nothing changed yet */
    KT_EQ_INT(r.s.notice, NOTICE_PICK_ONE);
    KT_ASSERT(!has_fx(&r, FX_SEND_DETAILS));
    tap(&r, "change.phone");
    tap(&r, "key.5");
    tap(&r, "next");
    KT_EQ_INT(r.s.notice, NOTICE_PHONE_SHORT);
    KT_EQ_INT(r.s.screen, SCR_DETAILS_PHONE);
    for (const char *d = "5501234"; *d; d++) {
        char key[8] = "key.";
        key[4] = *d;
        tap(&r, key);
    }
    tap(&r, "next");
    KT_EQ_INT(r.s.screen, SCR_DETAILS_CHANGE);
    KT_ASSERT(r.s.details.changed[DETAIL_PHONE]);
    KT_EQ_STR(r.s.details.phone, "55501234");
    /* An address: Next walks the fields, then checks the CEP's shape. */
    tap(&r, "change.address");
    tap(&r, "key.R");
    tap(&r, "key.U");
    tap(&r, "key.A");
    tap(&r, "key.space");
    tap(&r, "key.7");
    tap(&r, "next");
    KT_EQ_INT(r.s.details.addr_focus, ADDR_CITY);
    tap(&r, "key.S");
    tap(&r, "key.P");
    tap(&r, "next");
    tap(&r, "key.1");
    tap(&r, "key.2");
    tap(&r, "next");
    KT_EQ_INT(r.s.notice, NOTICE_ADDRESS_SHAPE);
    KT_EQ_STR(r.s.details.line, "Rua 7");
    for (const char *d = "345-678"; *d; d++) {
        char key[16];
        strcpy(key, *d == '-' ? "key.hyphen" : "key.0");
        if (*d != '-')
            key[4] = *d;
        tap(&r, key);
    }
    tap(&r, "next");
    KT_EQ_INT(r.s.screen, SCR_DETAILS_CHANGE);
    KT_EQ_STR(r.s.details.postal, "12345-678");
    tap(&r, "send");
    KT_ASSERT(has_fx(&r, FX_SEND_DETAILS));
    send(&r, (struct flow_event){.kind = EV_DETAILS_SENT});
    KT_EQ_INT(r.s.screen, SCR_DETAILS_SENT);
    KT_ASSERT(!r.s.details.failed);
    tap(&r, "next");
    KT_EQ_INT(r.s.screen, SCR_INSURANCE);
    return KTEST_PASS;
}

static enum ktest_result insurance_changed_and_none(void)
{
    struct run r;
    checked_in(&r, config(true, 0), DAY);
    r.on_file.phone[0] = r.on_file.addr_line[0] = r.on_file.addr_city[0] = '\0';
    details_answer(&r); /* nothing to confirm: straight to the insurance */
    KT_EQ_INT(r.s.screen, SCR_INSURANCE);
    tap(&r, "changed");
    tap(&r, "payer.3"); /* not a payer of this clinic */
    KT_EQ_INT(r.s.screen, SCR_INSURANCE_PAYER);
    tap(&r, "payer.1");
    KT_EQ_INT(r.s.screen, SCR_INSURANCE_MEMBER);
    tap(&r, "key.A");
    tap(&r, "next");
    KT_EQ_INT(r.s.notice, NOTICE_MEMBER_SHORT);
    tap(&r, "key.B");
    tap(&r, "key.hyphen");
    tap(&r, "key.9");
    tap(&r, "key.at"); /* not on this keyboard */
    tap(&r, "next");
    KT_EQ_STR(r.s.details.member, "AB-9");
    KT_EQ_INT(r.s.screen, SCR_INSURANCE_RELATION);
    tap(&r, "send");
    KT_EQ_INT(r.s.notice, NOTICE_PICK_ONE);
    tap(&r, "rel.3");
    tap(&r, "send");
    KT_ASSERT(has_fx(&r, FX_SEND_COVERAGE));
    KT_EQ_STR(flow_relation_code(r.s.details.relation), "child");
    send(&r, (struct flow_event){.kind = EV_DETAILS_SENT, .err = KIOSK_ERR_IO});
    KT_EQ_INT(r.s.screen, SCR_INSURANCE_SENT);
    KT_ASSERT(r.s.details.ins_failed); /* "please tell the front desk" */
    tap(&r, "next");
    KT_EQ_INT(r.s.screen, SCR_DONE);

    checked_in(&r, config(true, 0), DAY);
    details_answer(&r);
    tap(&r, "yes");
    tap(&r, "none");
    KT_ASSERT(has_fx(&r, FX_SEND_COVERAGE));
    KT_EQ_INT(r.s.details.ins, INS_NONE);
    return KTEST_PASS;
}

/* Many payers: typing finds them; the pick is the payer's own index. */
static enum ktest_result many_payers_are_searched(void)
{
    static const char *const names[] = {
        "Acme Health Insurance", "Blue State Health", "Unimed Saúde",    "Star Health", "Sanitas",
        "Bradesco Saúde",        "SulAmérica",        "Blue Shield West"};
    struct flow_config c = config(true, 0);
    c.payer_count = 8;
    for (int i = 0; i < 8; i++)
        strcpy(c.payers[i], names[i]);
    struct run r;
    int offered[FLOW_MAX_PAYERS];
    checked_in(&r, c, DAY);
    details_answer(&r);
    tap(&r, "yes");
    tap(&r, "changed");
    KT_EQ_INT(r.s.screen, SCR_INSURANCE_PAYER);
    KT_EQ_INT(flow_payers_offered(&r.s, offered, FLOW_MAX_PAYERS), FLOW_PAYER_MATCHES);
    tap(&r, "key.B");
    tap(&r, "key.L");
    tap(&r, "key.U");
    KT_EQ_STR(r.s.details.payer_query, "Blu");
    KT_EQ_INT(flow_payers_offered(&r.s, offered, FLOW_MAX_PAYERS), 2);
    KT_EQ_INT(offered[1], 7);
    tap(&r, "key.space");
    tap(&r, "key.S");
    tap(&r, "key.H"); /* "Blu Sh": nobody */
    KT_EQ_INT(flow_payers_offered(&r.s, offered, FLOW_MAX_PAYERS), 0);
    tap(&r, "payer.0");
    KT_EQ_INT(r.s.screen, SCR_INSURANCE_PAYER);
    tap(&r, "key.backspace");
    tap(&r, "key.backspace");
    tap(&r, "key.backspace");
    tap(&r, "key.E"); /* "Blue" */
    tap(&r, "payer.1");
    KT_EQ_INT(r.s.screen, SCR_INSURANCE_MEMBER);
    KT_EQ_INT(r.s.details.payer, 7); /* Blue Shield West */
    return KTEST_PASS;
}

/* The emergency contact's phone only where the clinic asks for it. */
static enum ktest_result emergency_contact_when_turned_on(void)
{
    struct run r;
    checked_in(&r, config(true, 0), DAY);
    details_answer(&r);
    tap(&r, "change");
    tap(&r, "change.contact");
    KT_EQ_INT(r.s.screen, SCR_DETAILS_CHANGE); /* off: not offered */
    struct flow_config c = config(true, 0);
    c.details_contact = true;
    checked_in(&r, c, DAY);
    details_answer(&r);
    tap(&r, "change");
    tap(&r, "change.contact");
    KT_EQ_INT(r.s.screen, SCR_DETAILS_CONTACT);
    for (const char *d = "5550201"; *d; d++) {
        char key[8] = "key.";
        key[4] = *d;
        tap(&r, key);
    }
    tap(&r, "next");
    KT_EQ_INT(r.s.screen, SCR_DETAILS_CHANGE);
    KT_ASSERT(r.s.details.changed[DETAIL_CONTACT]);
    KT_ASSERT(!r.s.details.changed[DETAIL_PHONE]);
    tap(&r, "send");
    KT_ASSERT(has_fx(&r, FX_SEND_DETAILS));
    return KTEST_PASS;
}

static enum ktest_result shapes(void)
{
    KT_ASSERT(flow_email_shape_ok("ana@example.org"));
    KT_ASSERT(flow_email_shape_ok("a.b_c-d@mail.example.co"));
    static const char *const bad[] = {"",
                                      "ana",
                                      "@example.org",
                                      "ana@",
                                      "ana@example",
                                      "ana@@ex.org",
                                      "ana@ex..org",
                                      ".ana@ex.org",
                                      "ana.@ex.org",
                                      "ana@.ex.org",
                                      "ana@ex.o"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        KT_ASSERT(!flow_email_shape_ok(bad[i]));
    KT_ASSERT(flow_postal_shape_ok("62701", "US", "en"));
    KT_ASSERT(flow_postal_shape_ok("62701-1234", "US", "en"));
    KT_ASSERT(!flow_postal_shape_ok("6270", "US", "en"));
    KT_ASSERT(flow_postal_shape_ok("01310-100", "BR", "en"));
    KT_ASSERT(!flow_postal_shape_ok("01310", "BR", "en"));
    KT_ASSERT(flow_postal_shape_ok("560001", "", "hi")); /* the language's country */
    KT_ASSERT(!flow_postal_shape_ok("56000", "", "hi"));
    KT_ASSERT(flow_postal_shape_ok("28013", "ES", "es"));
    KT_ASSERT(flow_postal_shape_ok("SW1A 1AA", "GB", "en"));
    return KTEST_PASS;
}

static enum ktest_result masks(void)
{
    char out[64];
    kmask_tail_digits("+1 555 0110", 4, out, sizeof(out));
    KT_EQ_STR(out, "0110");
    kmask_tail_digits("12", 4, out, sizeof(out));
    KT_EQ_STR(out, "12");
    kmask_email("patient3@example.org", out, sizeof(out));
    KT_EQ_STR(out, "p•••@example.org");
    kmask_email("", out, sizeof(out));
    KT_EQ_STR(out, "");
    kmask_email("noatsign", out, sizeof(out));
    KT_EQ_STR(out, "•••");
    kmask_tail("Rua das Flores, 142 ", 2, out, sizeof(out));
    KT_EQ_STR(out, "42");
    kmask_tail("Calle Mayor 7, 2º", 2, out, sizeof(out));
    KT_EQ_STR(out, "2º"); /* whole characters, never half of one */
    kmask_id("MBR00007919", out, sizeof(out));
    KT_EQ_STR(out, "•••7919");
    kmask_id("", out, sizeof(out));
    KT_EQ_STR(out, "");
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"asked_only_when_due", asked_only_when_due},
    {"yes_yes_ends_with_the_ticket", yes_yes_ends_with_the_ticket},
    {"leaving_any_way_keeps_the_ticket", leaving_any_way_keeps_the_ticket},
    {"changes_are_checked_then_sent", changes_are_checked_then_sent},
    {"insurance_changed_and_none", insurance_changed_and_none},
    {"emergency_contact_when_turned_on", emergency_contact_when_turned_on},
    {"many_payers_are_searched", many_payers_are_searched},
    {"shapes", shapes},
    {"masks", masks},
};

KTEST_MAIN(tests)
