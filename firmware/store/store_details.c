/* Contact details and insurance as cached (store.h, store_details_get). */
#include "store_private.h"

#include "firmware/core/str.h"

#include <string.h>

static enum kiosk_err read_person(struct store *st, int64_t patient_id, struct patient_details *out)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(
        st->db,
        "SELECT coalesce(p.fhir_id, ''), coalesce(p.phone, ''), coalesce(p.email, ''), "
        "coalesce(d.addr_line, ''), coalesce(d.addr_city, ''), coalesce(d.addr_postal, ''), "
        "coalesce(d.addr_country, ''), coalesce(d.contact_name, ''), "
        "coalesce(d.contact_phone, ''), coalesce(d.record_updated_ms, 0) FROM patients p LEFT "
        "JOIN patient_details d ON d.patient_id = p.id WHERE p.id = ?1",
        -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "prepare details");
    sqlite3_bind_int64(s, 1, patient_id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        store_copy_col(out->fhir_id, sizeof(out->fhir_id), s, 0);
        store_copy_col(out->phone, sizeof(out->phone), s, 1);
        store_copy_col(out->email, sizeof(out->email), s, 2);
        store_copy_col(out->addr_line, sizeof(out->addr_line), s, 3);
        store_copy_col(out->addr_city, sizeof(out->addr_city), s, 4);
        store_copy_col(out->addr_postal, sizeof(out->addr_postal), s, 5);
        store_copy_col(out->addr_country, sizeof(out->addr_country), s, 6);
        store_copy_col(out->contact_name, sizeof(out->contact_name), s, 7);
        store_copy_col(out->contact_phone, sizeof(out->contact_phone), s, 8);
        out->record_updated_ms = sqlite3_column_int64(s, 9);
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return KIOSK_OK;
    return rc == SQLITE_DONE ? KIOSK_ERR_NOT_FOUND : store_map_rc(rc, "read details");
}

/* The newest active Coverage, if any. */
static enum kiosk_err read_coverage(struct store *st, int64_t patient_id,
                                    struct patient_details *out)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT fhir_id, payor, coalesce(plan, ''), "
                                "coalesce(subscriber_id, ''), coalesce(relationship, '') FROM "
                                "coverages WHERE patient_id = ?1 AND status = 'active' ORDER BY "
                                "updated_at DESC, id DESC LIMIT 1",
                                -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_map_rc(rc, "prepare coverage");
    sqlite3_bind_int64(s, 1, patient_id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->has_coverage = true;
        store_copy_col(out->coverage_id, sizeof(out->coverage_id), s, 0);
        store_copy_col(out->payor, sizeof(out->payor), s, 1);
        store_copy_col(out->plan, sizeof(out->plan), s, 2);
        store_copy_col(out->member_id, sizeof(out->member_id), s, 3);
        store_copy_col(out->relationship, sizeof(out->relationship), s, 4);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? KIOSK_OK : store_map_rc(rc, "read coverage");
}

enum kiosk_err store_details_get(struct store *st, int64_t patient_id, struct patient_details *out)
{
    memset(out, 0, sizeof(*out));
    enum kiosk_err err = read_person(st, patient_id, out);
    if (err == KIOSK_OK)
        err = read_coverage(st, patient_id, out);
    if (err != KIOSK_OK)
        memset(out, 0, sizeof(*out));
    return err;
}
