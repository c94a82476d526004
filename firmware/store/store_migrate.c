/* Numbered schema steps. A released step is never edited: a change to the
 * schema is a new entry at the end, so every kiosk in the field walks the
 * same path from whatever version it has. */
#include "store_private.h"

#include "firmware/core/log.h"

/* Version 1: everything the kiosk caches for one day of patients, plus the
 * outbox of writes for the server. Times are Unix ms (UTC); money is integer
 * minor units; there is deliberately no column for card numbers of payment
 * cards, track data or CVV. */
static const char schema_v1[] =
    "CREATE TABLE patients ("
    "  id INTEGER PRIMARY KEY,"
    "  fhir_id TEXT UNIQUE,"
    "  given TEXT NOT NULL,"
    "  family TEXT NOT NULL,"
    "  family_latin TEXT,"
    "  birth_date TEXT NOT NULL," /* YYYY-MM-DD */
    "  phone TEXT,"
    "  email TEXT,"
    "  lang TEXT,"
    "  updated_at INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX patients_birth_date ON patients(birth_date);"
    /* Matching keys (kstr_name_key) of family and family_latin. */
    "CREATE TABLE patient_names ("
    "  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,"
    "  name_key TEXT NOT NULL,"
    "  PRIMARY KEY (patient_id, name_key)"
    ") WITHOUT ROWID;"
    "CREATE INDEX patient_names_key ON patient_names(name_key);"
    /* Patient ID card numbers, barcodes, MRNs: hospital identifiers, not
     * payment cards. */
    "CREATE TABLE patient_identifiers ("
    "  id INTEGER PRIMARY KEY,"
    "  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,"
    "  kind INTEGER NOT NULL," /* enum ident_kind */
    "  value TEXT NOT NULL,"
    "  UNIQUE (kind, value)"
    ");"
    "CREATE INDEX patient_identifiers_value ON patient_identifiers(value);"
    "CREATE INDEX patient_identifiers_patient ON patient_identifiers(patient_id);"
    "CREATE TABLE appointments ("
    "  id INTEGER PRIMARY KEY,"
    "  fhir_id TEXT UNIQUE,"
    "  code TEXT NOT NULL UNIQUE,"
    "  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,"
    "  start_ms INTEGER NOT NULL,"
    "  duration_min INTEGER NOT NULL DEFAULT 0,"
    "  clinic TEXT,"
    "  provider TEXT,"
    "  directions TEXT,"
    "  status INTEGER NOT NULL DEFAULT 0," /* enum appt_status */
    "  version_id TEXT,"                   /* FHIR meta.versionId for If-Match */
    "  updated_at INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX appointments_patient_start ON appointments(patient_id, start_ms);"
    "CREATE INDEX appointments_start ON appointments(start_ms);"
    "CREATE TABLE accounts ("
    "  id INTEGER PRIMARY KEY,"
    "  fhir_id TEXT UNIQUE,"
    "  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,"
    "  name TEXT,"
    "  status TEXT,"
    "  currency TEXT,"
    "  balance_minor INTEGER NOT NULL DEFAULT 0,"
    "  version_id TEXT,"
    "  updated_at INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX accounts_patient ON accounts(patient_id);"
    "CREATE TABLE invoices ("
    "  id INTEGER PRIMARY KEY,"
    "  fhir_id TEXT UNIQUE,"
    "  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,"
    "  account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,"
    "  status TEXT NOT NULL," /* FHIR Invoice.status: draft, issued, balanced... */
    "  currency TEXT NOT NULL,"
    "  total_gross_minor INTEGER NOT NULL DEFAULT 0,"
    "  insurance_paid_minor INTEGER NOT NULL DEFAULT 0,"
    "  adjustments_minor INTEGER NOT NULL DEFAULT 0,"
    "  patient_owes_minor INTEGER NOT NULL DEFAULT 0,"
    "  issued_ms INTEGER,"
    "  due_date TEXT," /* YYYY-MM-DD */
    "  version_id TEXT,"
    "  updated_at INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX invoices_patient ON invoices(patient_id, status);"
    "CREATE TABLE invoice_lines ("
    "  id INTEGER PRIMARY KEY,"
    "  invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,"
    "  code TEXT,"
    "  code_system TEXT,"
    "  description TEXT NOT NULL," /* plain language, shown to the patient */
    "  quantity INTEGER NOT NULL DEFAULT 1,"
    "  unit_price_minor INTEGER NOT NULL DEFAULT 0,"
    "  total_minor INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX invoice_lines_invoice ON invoice_lines(invoice_id);"
    "CREATE TABLE checkins ("
    "  id INTEGER PRIMARY KEY,"
    "  appointment_id INTEGER NOT NULL UNIQUE REFERENCES appointments(id) ON DELETE CASCADE,"
    "  checked_in_ms INTEGER NOT NULL,"
    "  queue_day_ms INTEGER NOT NULL," /* local midnight that starts the day */
    "  queue_no INTEGER NOT NULL,"
    "  UNIQUE (queue_day_ms, queue_no)"
    ");"
    /* Writes waiting for the server. key is the idempotency key, made before
     * the first send and reused on every retry. */
    "CREATE TABLE outbox ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT UNIQUE NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  state INTEGER NOT NULL DEFAULT 0," /* enum outbox_state */
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt_ms INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT,"
    "  created_ms INTEGER NOT NULL"
    ");"
    "CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);"
    /* Saved with each page of a sync, so an interrupted sync resumes. */
    "CREATE TABLE sync_cursors ("
    "  resource TEXT PRIMARY KEY,"
    "  cursor TEXT"
    ");";

/* Version 2: what billing sync needs. Charge items as the server has them
 * (an invoice line points at one), the FHIR version of each cached patient
 * (unchanged rows are skipped), and the sync status that `carekiosk status`
 * reads from another process: last success, last error, server facts. */
static const char schema_v2[] =
    "CREATE TABLE charge_items ("
    "  id INTEGER PRIMARY KEY,"
    "  fhir_id TEXT UNIQUE NOT NULL,"
    "  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,"
    "  account_fhir_id TEXT,"
    "  status TEXT NOT NULL,"
    "  code TEXT,"
    "  code_system TEXT,"
    "  description TEXT NOT NULL,"
    "  quantity INTEGER NOT NULL DEFAULT 1,"
    "  total_minor INTEGER NOT NULL DEFAULT 0,"
    "  currency TEXT,"
    "  occurred_ms INTEGER,"
    "  version_id TEXT,"
    "  updated_at INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX charge_items_patient ON charge_items(patient_id);"
    "ALTER TABLE invoice_lines ADD COLUMN charge_item_fhir_id TEXT;"
    "ALTER TABLE patients ADD COLUMN version_id TEXT;"
    "CREATE TABLE sync_state ("
    "  name TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ") WITHOUT ROWID;"
    "ALTER TABLE outbox ADD COLUMN done_ms INTEGER;";

/* Version 3: payments at the kiosk. One row a payment, written before the
 * card is sent (the key is the processor's idempotency key), holding what
 * a receipt may show and nothing more: brand, last 4 digits, amount,
 * authorisation code. Never the card number, its expiry or track data.
 * invoices.hold marks a statement in dispute or in a payment plan. */
static const char schema_v3[] =
    "CREATE TABLE payments ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT UNIQUE NOT NULL,"
    "  invoice_id INTEGER REFERENCES invoices(id) ON DELETE SET NULL,"
    "  invoice_ref TEXT,"
    "  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),"
    "  currency TEXT NOT NULL,"
    "  brand TEXT,"
    "  last4 TEXT CHECK (last4 IS NULL OR length(last4) = 4),"
    "  state INTEGER NOT NULL DEFAULT 0," /* enum payment_state */
    "  auth_code TEXT,"
    "  reason TEXT,"
    "  created_ms INTEGER NOT NULL,"
    "  done_ms INTEGER"
    ");"
    "CREATE INDEX payments_state ON payments(state);"
    "ALTER TABLE invoices ADD COLUMN hold TEXT;"; /* NULL, 'dispute' or 'plan' */

/* Version 4: copays due today. The server ties a copay statement (an
 * Invoice) to an appointment; the link is kept beside the statement, which
 * stays an ordinary row of invoices (paid the same way). An appointment is
 * named by its FHIR id (sync) or its business code (the demo set). */
static const char schema_v4[] =
    "CREATE TABLE copays ("
    "  invoice_id INTEGER PRIMARY KEY REFERENCES invoices(id) ON DELETE CASCADE,"
    "  appointment_fhir_id TEXT,"
    "  appointment_code TEXT"
    ");"
    "CREATE INDEX copays_appointment ON copays(appointment_fhir_id);";

/* Version 5: forms a patient owes (SDC Tasks "complete-questionnaire" for
 * today's patients) and the Questionnaires they name, cached by canonical
 * url and version as the server sent them (JSON). No answers here: those
 * are patient data and live only in the outbox until sent. state 0: owed,
 * 1: answered at the kiosk (its outbox record is queued). */
static const char schema_v5[] =
    "CREATE TABLE questionnaires ("
    "  url TEXT NOT NULL,"
    "  version TEXT NOT NULL," /* '' when the server gave none */
    "  json TEXT NOT NULL,"
    "  fetched_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (url, version)"
    ") WITHOUT ROWID;"
    "CREATE TABLE form_tasks ("
    "  fhir_id TEXT PRIMARY KEY,"
    "  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,"
    "  appointment_fhir_id TEXT,"
    "  canonical TEXT NOT NULL," /* url|version or url */
    "  optional INTEGER NOT NULL DEFAULT 0,"
    "  version_id TEXT,"
    "  state INTEGER NOT NULL DEFAULT 0,"
    "  updated_at INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX form_tasks_patient ON form_tasks(patient_id);";

/* Version 6: texts the server gives in more than one language. server_texts
 * holds a Location's, HealthcareService's or Practitioner's texts (field
 * "name", "description") in each language the server translated them to
 * (FHIR's translation extension; lang "" is the base value, English);
 * appointment_refs which of them an appointment names, so a clinic's name
 * and directions are read in the patient's language. */
static const char schema_v6[] =
    "CREATE TABLE server_texts ("
    "  type TEXT NOT NULL,"
    "  fhir_id TEXT NOT NULL,"
    "  field TEXT NOT NULL,"
    "  lang TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  PRIMARY KEY (type, fhir_id, field, lang)"
    ") WITHOUT ROWID;"
    "CREATE TABLE appointment_refs ("
    "  appointment_id INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,"
    "  type TEXT NOT NULL,"
    "  fhir_id TEXT NOT NULL,"
    "  PRIMARY KEY (appointment_id, type, fhir_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX appointment_refs_target ON appointment_refs(type, fhir_id);";

/* Version 7: what "are these still right?" needs. The patient's postal
 * address and emergency contact as the server has them, with the record's
 * meta.lastUpdated (its age decides whether to ask), and the patient's
 * Coverage resources (insurance). Both go with the patient (ON DELETE
 * CASCADE), so the purge of a day's patients takes them too. Shown masked;
 * never logged. */
static const char schema_v7[] =
    "CREATE TABLE patient_details ("
    "  patient_id INTEGER PRIMARY KEY REFERENCES patients(id) ON DELETE CASCADE,"
    "  addr_line TEXT,"
    "  addr_city TEXT,"
    "  addr_state TEXT,"
    "  addr_postal TEXT,"
    "  addr_country TEXT,"
    "  contact_name TEXT,"
    "  contact_relation TEXT,"
    "  contact_phone TEXT,"
    "  record_updated_ms INTEGER NOT NULL DEFAULT 0" /* Patient.meta.lastUpdated, 0 unknown */
    ");"
    "CREATE TABLE coverages ("
    "  id INTEGER PRIMARY KEY,"
    "  fhir_id TEXT UNIQUE NOT NULL,"
    "  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,"
    "  status TEXT NOT NULL,"
    "  payor TEXT NOT NULL,"
    "  plan TEXT,"
    "  subscriber_id TEXT,"
    "  relationship TEXT,"
    "  version_id TEXT,"
    "  updated_at INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX coverages_patient ON coverages(patient_id);";

/* Version 8: QR charges (Pix, UPI). One row a charge, committed before its
 * QR is shown: the id is the service's (Pix txid, UPI tr), so a charge whose
 * answer was lost, or a kiosk killed while the patient was paying, is asked
 * about by the same id. state: 0 open (it may still be paid), 1 paid (its
 * payment row is payment_key), 2 closed (expired, removed or never made:
 * nothing charged). */
static const char schema_v8[] = "CREATE TABLE qr_charges ("
                                "  id TEXT PRIMARY KEY,"
                                "  invoice_id INTEGER REFERENCES invoices(id) ON DELETE SET NULL,"
                                "  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),"
                                "  currency TEXT NOT NULL,"
                                "  scheme TEXT NOT NULL,"
                                "  state INTEGER NOT NULL DEFAULT 0,"
                                "  payment_key TEXT,"
                                "  created_ms INTEGER NOT NULL,"
                                "  done_ms INTEGER"
                                ");"
                                "CREATE INDEX qr_charges_state ON qr_charges(state, invoice_id);";

/* Version 9: the number printed on a paper statement (Invoice.identifier),
 * shown on screen instead of the server's id (a 36-character UUID on a real
 * FHIR server). A table of its own; none for a statement without one. */
static const char schema_v9[] =
    "CREATE TABLE invoice_numbers ("
    "  invoice_id INTEGER PRIMARY KEY REFERENCES invoices(id) ON DELETE CASCADE,"
    "  number TEXT NOT NULL"
    ");";

const struct store_migration store_migrations[] = {
    {1, schema_v1}, {2, schema_v2}, {3, schema_v3}, {4, schema_v4}, {5, schema_v5},
    {6, schema_v6}, {7, schema_v7}, {8, schema_v8}, {9, schema_v9},
};
const size_t store_migration_count = sizeof(store_migrations) / sizeof(store_migrations[0]);

const struct store_migration *store_shipped_migrations(size_t *n)
{
    *n = store_migration_count;
    return store_migrations;
}

static int read_user_version(sqlite3 *db, int *version)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *version = sqlite3_column_int(s, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc;
}

/* One step: the schema change and the new user_version commit together, so
 * a power cut leaves the file at the old or the new version, never between. */
static int apply_step(sqlite3 *db, const struct store_migration *m)
{
    char bump[48];
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_exec(db, m->sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        goto err_rollback;
    sqlite3_snprintf(sizeof(bump), bump, "PRAGMA user_version = %d", m->version);
    rc = sqlite3_exec(db, bump, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        goto err_rollback;
    rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        goto err_rollback;
    return SQLITE_OK;

err_rollback:
    /* Rolling back after a failed COMMIT is harmless when none is open. */
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

enum kiosk_err store_migrate(sqlite3 *db, const struct store_migration *list, size_t n,
                             int *version)
{
    int current = 0;
    int newest = n ? list[n - 1].version : 0;
    for (size_t i = 0; i < n; i++) {
        if (list[i].version != (int)i + 1) {
            kiosk_err_set_detail("store: migration list has a gap at entry %zu", i);
            return KIOSK_ERR_INVALID;
        }
    }
    int rc = read_user_version(db, &current);
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "read schema version");
    if (current > newest) {
        /* An older firmware must not guess at a newer schema. */
        kiosk_err_set_detail("store: file has schema %d, this firmware knows up to %d", current,
                             newest);
        log_warn("store", "schema %d is newer than %d", current, newest);
        return KIOSK_ERR_UNSUPPORTED;
    }
    for (size_t i = (size_t)current; i < n; i++) {
        rc = apply_step(db, &list[i]);
        if (rc != SQLITE_OK) {
            enum kiosk_err err = store_map_rc(rc, "migrate");
            log_error("store", "migration to %d failed: %E", list[i].version, err);
            return err;
        }
        log_info("store", "schema migrated to %d", list[i].version);
    }
    *version = newest;
    return KIOSK_OK;
}
