/* Test tool (sync tests): queue work for the billing server in a kiosk's store, as the
 * kiosk itself would (same store calls, same kinds of outbox entries).
 *
 *   sync_tool DB checkins       check in every booked appointment cached
 *   sync_tool DB payments N     queue N card payments against the first
 *                                 issued invoice (amounts 1.01, 1.02, ...)
 *   sync_tool DB help N         queue N help requests
 *   sync_tool DB raw KIND JSON  queue one entry as given (as old or broken firmware would)
 *   sync_tool DB load FILE.sql  run the SQL in FILE on DB as it is (fixtures of old versions)
 *   sync_tool DB query SQL      print the first column of the first row
 *   sync_tool DB form TASK LANG [SIG] LINKID=VALUE...
 *                               fill the cached form of TASK as the kiosk does
 *                               (a choice by option code, a boolean true/false,
 *                               the rest as typed; LINKID+=VALUE adds another),
 *                               signed with the SVG text SIG ("-" none), and
 *                               queue it; prints 1, or why not on stderr
 *
 * The queueing commands print the number of entries queued. */
#include "firmware/core/clock.h"
#include "firmware/core/file.h"
#include "firmware/core/id.h"
#include "firmware/core/mem.h"
#include "firmware/store/store.h"
#include "firmware/forms/forms.h"
#include "firmware/store/store_forms.h"
#include "firmware/store/store_testing.h"
#include "firmware/sync/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int checkins(struct store *st)
{
    int64_t now = kclock_wall(kclock_system());
    int64_t day = kclock_local_midnight(now);
    int n = 0;
    for (int64_t id = 1;; id++) {
        int64_t exists = 0;
        char sql[160], key[KIOSK_UUID_LEN];
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM appointments WHERE id = %lld",
                 (long long)id);
        if (store_query_int(st, sql, &exists) != KIOSK_OK || !exists) {
            int64_t more = 0;
            snprintf(sql, sizeof(sql), "SELECT count(*) FROM appointments WHERE id > %lld",
                     (long long)id);
            if (store_query_int(st, sql, &more) != KIOSK_OK || !more)
                break;
            continue;
        }
        snprintf(sql, sizeof(sql), "SELECT status FROM appointments WHERE id = %lld",
                 (long long)id);
        int64_t status = 0;
        store_query_int(st, sql, &status);
        if (status != APPT_BOOKED)
            continue;
        struct checkin_result r;
        if (kiosk_uuid(key) == KIOSK_OK &&
            store_checkin_add(st, id, now, day, key, &r) == KIOSK_OK && !r.already)
            n++;
    }
    return n;
}

static int queue(struct store *st, const struct outbox_record *rec)
{
    char key[KIOSK_UUID_LEN];
    if (kiosk_uuid(key) != KIOSK_OK)
        return 0;
    return store_outbox_add(st, key, rec, kclock_wall(kclock_system())) == KIOSK_OK;
}

static int queue_raw(struct store *st, const char *kind, const char *payload)
{
    char key[KIOSK_UUID_LEN];
    if (kiosk_uuid(key) != KIOSK_OK)
        return 0;
    return store_outbox_add_raw(st, key, kind, payload, kclock_wall(kclock_system())) == KIOSK_OK;
}

/* One LINKID=VALUE (or LINKID+=VALUE) into the answers. */
static bool answer(struct form *f, struct form_answers *a, const char *arg)
{
    char link[FORM_LINKID_MAX];
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(link))
        return false;
    bool more = eq[-1] == '+';
    size_t n = (size_t)(eq - arg) - (more ? 1 : 0);
    memcpy(link, arg, n);
    link[n] = '\0';
    const char *val = eq + 1;
    int i = form_find(f, link);
    if (i < 0)
        return false;
    const struct form_item *it = &f->items[i];
    for (int o = 0; o < it->option_count; o++) {
        const struct form_value *ov = &f->options[it->option_first + o].value;
        if (ov->kind == FORM_V_CODING && strcmp(ov->code, val) == 0)
            return form_answer_option(f, a, i, it->option_first + o) == KIOSK_OK;
    }
    struct form_value v;
    if (it->type == FORM_BOOLEAN) {
        memset(&v, 0, sizeof(v));
        v.kind = FORM_V_BOOL;
        v.b = strcmp(val, "true") == 0;
    } else if (form_value_parse(it->type, it->max_length, val, &v) != FORM_IN_OK) {
        return false;
    }
    return (more ? form_answer_add(f, a, i, &v) : form_answer_set(f, a, i, &v)) == KIOSK_OK;
}

static int fill_form(struct store *st, int argc, char **argv)
{
    char sql[300], *canonical = NULL, *patient = NULL, *appt = NULL, key[KIOSK_UUID_LEN];
    const char *task = argv[3], *lang = argv[4], *sig = argv[5];
    int ok = 0;
    snprintf(sql, sizeof(sql), "SELECT canonical FROM form_tasks WHERE fhir_id = '%s'", task);
    store_query_text(st, sql, &canonical);
    snprintf(sql, sizeof(sql),
             "SELECT p.fhir_id FROM form_tasks t JOIN patients p ON p.id = t.patient_id "
             "WHERE t.fhir_id = '%s'",
             task);
    store_query_text(st, sql, &patient);
    snprintf(sql, sizeof(sql),
             "SELECT COALESCE(appointment_fhir_id, '') FROM form_tasks WHERE fhir_id = '%s'", task);
    store_query_text(st, sql, &appt);
    struct form *f = form_new();
    struct form_answers *a = NULL;
    struct outbox_record *rec = kmem_alloc(sizeof(*rec));
    char sigb64[OUTBOX_FORM_SIGNATURE_MAX] = "";
    if (!canonical || !patient || !f || !rec || sync_form_load(st, canonical, f) != KIOSK_OK ||
        !(a = form_answers_new(f))) {
        fprintf(stderr, "sync_tool: form %s not cached\n", task);
        goto out;
    }
    for (int k = 6; k < argc; k++)
        if (!answer(f, a, argv[k])) {
            fprintf(stderr, "sync_tool: answer %s not taken\n", argv[k]);
            goto out;
        }
    form_drop_disabled(f, a);
    if (strcmp(sig, "-") != 0)
        form_base64(sig, strlen(sig), sigb64, sizeof(sigb64));
    struct form_submit who = {task,
                              patient,
                              appt ? appt : "",
                              lang,
                              sig[0] != '-' ? "image/svg+xml" : "",
                              sigb64,
                              kclock_wall(kclock_system())};
    enum kiosk_err err = form_outbox_record(f, a, &who, rec);
    if (err != KIOSK_OK) {
        fprintf(stderr, "sync_tool: %s\n", kiosk_err_detail());
        goto out;
    }
    if (kiosk_uuid(key) == KIOSK_OK &&
        store_form_submit(st, key, rec, task, kclock_wall(kclock_system())) == KIOSK_OK)
        ok = 1;
out:
    form_answers_free(a);
    form_free(f);
    kmem_free(rec);
    kmem_free(canonical);
    kmem_free(patient);
    kmem_free(appt);
    return ok;
}

/* The fixture's SQL, run before any store_open migrates the file. */
static int load(const char *db, const char *path)
{
    char *sql = NULL;
    size_t len = 0;
    if (kfile_read(path, 1 << 20, &sql, &len) != KIOSK_OK) {
        fprintf(stderr, "sync_tool: cannot read %s\n", path);
        return 1;
    }
    enum kiosk_err err = store_exec_file(db, sql);
    kmem_free(sql);
    if (err != KIOSK_OK)
        fprintf(stderr, "sync_tool: %s did not run\n", path);
    return err == KIOSK_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    struct store *st = NULL;
    if (argc < 3) {
        fprintf(stderr, "usage: sync_tool DB checkins|payments N|help N|raw KIND JSON\n");
        return 2;
    }
    if (strcmp(argv[2], "load") == 0 && argc > 3)
        return load(argv[1], argv[3]);
    if (store_open(argv[1], &st) != KIOSK_OK) {
        fprintf(stderr, "sync_tool: cannot open %s\n", argv[1]);
        return 1;
    }
    int n = 0;
    int count = argc > 3 ? atoi(argv[3]) : 0;
    if (strcmp(argv[2], "checkins") == 0) {
        n = checkins(st);
    } else if (strcmp(argv[2], "payments") == 0) {
        char *inv = NULL;
        store_query_text(st,
                         "SELECT fhir_id FROM invoices WHERE status = 'issued' ORDER BY id "
                         "LIMIT 1",
                         &inv);
        for (int i = 0; i < count; i++) {
            struct outbox_record rec = {.kind = OUTBOX_PAYMENT_POSTED,
                                        .at_ms = kclock_wall(kclock_system())};
            rec.payment.amount_minor = 101 + i;
            snprintf(rec.payment.currency, sizeof(rec.payment.currency), "USD");
            snprintf(rec.payment.invoice, sizeof(rec.payment.invoice), "%s", inv ? inv : "");
            snprintf(rec.payment.auth_code, sizeof(rec.payment.auth_code), "A%05d", i);
            n += queue(st, &rec);
        }
        kmem_free(inv);
    } else if (strcmp(argv[2], "help") == 0) {
        for (int i = 0; i < count; i++) {
            struct outbox_record rec = {.kind = OUTBOX_HELP_REQUEST,
                                        .at_ms = kclock_wall(kclock_system())};
            snprintf(rec.help.location, sizeof(rec.help.location), "Main lobby");
            snprintf(rec.help.screen, sizeof(rec.help.screen), "welcome");
            snprintf(rec.help.lang, sizeof(rec.help.lang), "en");
            n += queue(st, &rec);
        }
    } else if (strcmp(argv[2], "form") == 0 && argc > 5) {
        n = fill_form(st, argc, argv);
        if (!n) {
            store_close(st);
            return 1;
        }
    } else if (strcmp(argv[2], "raw") == 0 && argc > 4) {
        n = queue_raw(st, argv[3], argv[4]);
    } else if (strcmp(argv[2], "query") == 0 && argc > 3) {
        char *text = NULL;
        enum kiosk_err err = store_query_text(st, argv[3], &text);
        if (err == KIOSK_OK)
            printf("%s\n", text);
        kmem_free(text);
        store_close(st);
        return err == KIOSK_OK ? 0 : 1;
    }
    store_close(st);
    printf("%d\n", n);
    return 0;
}
