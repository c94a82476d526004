/* RAUC over D-Bus with libdbus: see rauc_bus.h.
 *
 * libdbus rather than sd-bus: Debian ships it as libdbus-1-dev, and its
 * blocking calls plus a read/dispatch loop are all a command-line front
 * needs. A private connection, so closing it never touches one that
 * someone else in the process shares. */
#define _POSIX_C_SOURCE 200809L
#include "firmware/update/rauc_bus.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <dbus/dbus.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RAUC_NAME  "de.pengutronix.rauc"
#define RAUC_PATH  "/"
#define RAUC_IFACE "de.pengutronix.rauc.Installer"
#define PROPS      "org.freedesktop.DBus.Properties"
#define CALL_MS    60000

struct rauc_bus {
    DBusConnection *c;
};

static DBusBusType bus_type(void)
{
    const char *t = getenv("DBUS_STARTER_BUS_TYPE");
    return t && !strcmp(t, "session") ? DBUS_BUS_SESSION : DBUS_BUS_SYSTEM;
}

enum kiosk_err rauc_bus_open(struct rauc_bus **out)
{
    DBusError e;
    *out = NULL;
    dbus_error_init(&e);
    DBusConnection *c = dbus_bus_get_private(bus_type(), &e);
    if (!c) {
        kiosk_err_set_detail("no D-Bus %s bus: %s",
                             bus_type() == DBUS_BUS_SESSION ? "session" : "system",
                             e.message ? e.message : "unknown");
        dbus_error_free(&e);
        return KIOSK_ERR_OFFLINE;
    }
    dbus_connection_set_exit_on_disconnect(c, FALSE);
    bool has = dbus_bus_name_has_owner(c, RAUC_NAME, &e);
    if (!has) {
        kiosk_err_set_detail("the RAUC service (%s) is not running on the bus", RAUC_NAME);
        dbus_error_free(&e);
        dbus_connection_close(c);
        dbus_connection_unref(c);
        return KIOSK_ERR_OFFLINE;
    }
    struct rauc_bus *b = kmem_alloc(sizeof(*b));
    if (!b) {
        dbus_connection_close(c);
        dbus_connection_unref(c);
        return KIOSK_ERR_NOMEM;
    }
    b->c = c;
    *out = b;
    return KIOSK_OK;
}

void rauc_bus_close(struct rauc_bus *b)
{
    if (!b)
        return;
    dbus_connection_close(b->c);
    dbus_connection_unref(b->c);
    kmem_free(b);
}

/* A blocking call; NULL on failure with RAUC's error text in the detail. */
static DBusMessage *call(struct rauc_bus *b, const char *iface, const char *method, int first_type,
                         ...)
{
    DBusMessage *m = dbus_message_new_method_call(RAUC_NAME, RAUC_PATH, iface, method);
    if (!m) {
        kiosk_err_set_detail("out of memory");
        return NULL;
    }
    va_list ap;
    va_start(ap, first_type);
    bool ok = dbus_message_append_args_valist(m, first_type, ap);
    va_end(ap);
    if (!ok) {
        dbus_message_unref(m);
        kiosk_err_set_detail("out of memory");
        return NULL;
    }
    DBusError e;
    dbus_error_init(&e);
    DBusMessage *r = dbus_connection_send_with_reply_and_block(b->c, m, CALL_MS, &e);
    dbus_message_unref(m);
    if (!r) {
        kiosk_err_set_detail("%s", e.message ? e.message : "RAUC did not answer");
        dbus_error_free(&e);
    }
    return r;
}

/* Copy the string inside a variant iterator. */
static bool variant_string(DBusMessageIter *var, char *out, size_t size)
{
    DBusMessageIter in;
    const char *s;
    if (dbus_message_iter_get_arg_type(var) != DBUS_TYPE_VARIANT)
        return false;
    dbus_message_iter_recurse(var, &in);
    if (dbus_message_iter_get_arg_type(&in) != DBUS_TYPE_STRING)
        return false;
    dbus_message_iter_get_basic(&in, &s);
    kstr_copy(out, size, s);
    return true;
}

enum kiosk_err rauc_bus_property(struct rauc_bus *b, const char *name, char *out, size_t size)
{
    const char *iface = RAUC_IFACE;
    out[0] = '\0';
    DBusMessage *r =
        call(b, PROPS, "Get", DBUS_TYPE_STRING, &iface, DBUS_TYPE_STRING, &name, DBUS_TYPE_INVALID);
    if (!r)
        return KIOSK_ERR_PROTOCOL;
    DBusMessageIter it;
    bool ok = dbus_message_iter_init(r, &it) && variant_string(&it, out, size);
    dbus_message_unref(r);
    if (!ok) {
        kiosk_err_set_detail("RAUC's %s is not a string", name);
        return KIOSK_ERR_PROTOCOL;
    }
    return KIOSK_OK;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A PropertiesChanged of the Installer that carries Progress (isi). */
static void progress_of(DBusMessage *m, rauc_progress_fn progress, void *ctx)
{
    DBusMessageIter it, dict, entry, var, st;
    const char *iface, *key, *msg;
    int pct;
    if (!dbus_message_iter_init(m, &it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_STRING)
        return;
    dbus_message_iter_get_basic(&it, &iface);
    if (strcmp(iface, RAUC_IFACE) != 0 || !dbus_message_iter_next(&it) ||
        dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_ARRAY)
        return;
    for (dbus_message_iter_recurse(&it, &dict);
         dbus_message_iter_get_arg_type(&dict) == DBUS_TYPE_DICT_ENTRY;
         dbus_message_iter_next(&dict)) {
        dbus_message_iter_recurse(&dict, &entry);
        dbus_message_iter_get_basic(&entry, &key);
        if (strcmp(key, "Progress") != 0 || !dbus_message_iter_next(&entry))
            continue;
        dbus_message_iter_recurse(&entry, &var);
        if (dbus_message_iter_get_arg_type(&var) != DBUS_TYPE_STRUCT)
            continue;
        dbus_message_iter_recurse(&var, &st);
        if (dbus_message_iter_get_arg_type(&st) != DBUS_TYPE_INT32)
            continue;
        dbus_message_iter_get_basic(&st, &pct);
        dbus_message_iter_next(&st);
        if (dbus_message_iter_get_arg_type(&st) != DBUS_TYPE_STRING)
            continue;
        dbus_message_iter_get_basic(&st, &msg);
        if (progress)
            progress(ctx, pct, msg);
    }
}

enum kiosk_err rauc_bus_install(struct rauc_bus *b, const char *bundle, int timeout_s,
                                rauc_progress_fn progress, void *ctx)
{
    static const char *const rules[] = {
        "type='signal',sender='" RAUC_NAME "',path='/',interface='" RAUC_IFACE
        "',member='Completed'",
        "type='signal',sender='" RAUC_NAME "',path='/',interface='" PROPS
        "',member='PropertiesChanged'",
        "type='signal',sender='org.freedesktop.DBus',member='NameOwnerChanged',arg0='" RAUC_NAME
        "'",
    };
    DBusError e;
    dbus_error_init(&e);
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
        dbus_bus_add_match(b->c, rules[i], &e);
        if (dbus_error_is_set(&e)) {
            kiosk_err_set_detail("cannot listen to RAUC: %s", e.message);
            dbus_error_free(&e);
            return KIOSK_ERR_PROTOCOL;
        }
    }
    char op[32];
    if (rauc_bus_property(b, "Operation", op, sizeof(op)) == KIOSK_OK && strcmp(op, "idle")) {
        kiosk_err_set_detail("RAUC is busy (%s); try again when it is done", op);
        return KIOSK_ERR_BUSY;
    }

    DBusMessage *m =
        dbus_message_new_method_call(RAUC_NAME, RAUC_PATH, RAUC_IFACE, "InstallBundle");
    if (!m)
        return KIOSK_ERR_NOMEM;
    DBusMessageIter it, args;
    dbus_message_iter_init_append(m, &it);
    bool ok = dbus_message_iter_append_basic(&it, DBUS_TYPE_STRING, &bundle) &&
              dbus_message_iter_open_container(&it, DBUS_TYPE_ARRAY, "{sv}", &args) &&
              dbus_message_iter_close_container(&it, &args);
    DBusMessage *r = ok ? dbus_connection_send_with_reply_and_block(b->c, m, CALL_MS, &e) : NULL;
    dbus_message_unref(m);
    if (!r) {
        kiosk_err_set_detail("RAUC refused to start: %s", e.message ? e.message : "no answer");
        dbus_error_free(&e);
        return KIOSK_ERR_CORRUPT;
    }
    dbus_message_unref(r);

    /* Signals that came while we waited for the reply are queued already. */
    int64_t deadline = now_ms() + (int64_t)timeout_s * 1000;
    int result = -1;
    bool done = false, gone = false;
    while (!done && !gone) {
        DBusMessage *s;
        while (!done && !gone && (s = dbus_connection_pop_message(b->c)) != NULL) {
            if (dbus_message_is_signal(s, RAUC_IFACE, "Completed")) {
                dbus_int32_t res = -1;
                dbus_message_get_args(s, NULL, DBUS_TYPE_INT32, &res, DBUS_TYPE_INVALID);
                result = res;
                done = true;
            } else if (dbus_message_is_signal(s, PROPS, "PropertiesChanged")) {
                progress_of(s, progress, ctx);
            } else if (dbus_message_is_signal(s, "org.freedesktop.DBus", "NameOwnerChanged")) {
                const char *name = "", *old_owner = "", *new_owner = "";
                dbus_message_get_args(s, NULL, DBUS_TYPE_STRING, &name, DBUS_TYPE_STRING,
                                      &old_owner, DBUS_TYPE_STRING, &new_owner, DBUS_TYPE_INVALID);
                gone = !strcmp(name, RAUC_NAME) && new_owner[0] == '\0';
            } else if (dbus_message_is_signal(s, DBUS_INTERFACE_LOCAL, "Disconnected")) {
                gone = true;
            }
            dbus_message_unref(s);
        }
        if (done || gone)
            break;
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            kiosk_err_set_detail("RAUC did not complete the install in %d s", timeout_s);
            return KIOSK_ERR_TIMEOUT;
        }
        if (!dbus_connection_read_write(b->c, left < 1000 ? (int)left : 1000))
            gone = true;
    }
    if (gone && !done) {
        kiosk_err_set_detail("the RAUC service stopped before the install completed; the "
                             "slot that boots was not changed by this install");
        return KIOSK_ERR_OFFLINE;
    }
    if (result != 0) {
        char why[256];
        if (rauc_bus_property(b, "LastError", why, sizeof(why)) != KIOSK_OK || !why[0])
            kstr_copy(why, sizeof(why), "RAUC gave no reason");
        kiosk_err_set_detail("%s", why);
        return KIOSK_ERR_CORRUPT;
    }
    return KIOSK_OK;
}

enum kiosk_err rauc_bus_mark(struct rauc_bus *b, const char *state, const char *slot,
                             char slot_name[32])
{
    DBusMessage *r = call(b, RAUC_IFACE, "Mark", DBUS_TYPE_STRING, &state, DBUS_TYPE_STRING, &slot,
                          DBUS_TYPE_INVALID);
    if (!r)
        return KIOSK_ERR_IO;
    const char *name = "", *msg = "";
    dbus_message_get_args(r, NULL, DBUS_TYPE_STRING, &name, DBUS_TYPE_STRING, &msg,
                          DBUS_TYPE_INVALID);
    if (slot_name)
        kstr_copy(slot_name, 32, name);
    dbus_message_unref(r);
    return KIOSK_OK;
}

enum kiosk_err rauc_bus_primary(struct rauc_bus *b, char slot_name[32])
{
    slot_name[0] = '\0';
    DBusMessage *r = call(b, RAUC_IFACE, "GetPrimary", DBUS_TYPE_INVALID);
    if (!r)
        return KIOSK_ERR_IO;
    const char *name = "";
    bool ok = dbus_message_get_args(r, NULL, DBUS_TYPE_STRING, &name, DBUS_TYPE_INVALID);
    kstr_copy(slot_name, 32, name);
    dbus_message_unref(r);
    return ok ? KIOSK_OK : KIOSK_ERR_PROTOCOL;
}

static void slot_field(struct rauc_slot *s, const char *key, DBusMessageIter *var)
{
    if (!strcmp(key, "class"))
        variant_string(var, s->class_name, sizeof(s->class_name));
    else if (!strcmp(key, "bootname"))
        variant_string(var, s->bootname, sizeof(s->bootname));
    else if (!strcmp(key, "state"))
        variant_string(var, s->state, sizeof(s->state));
    else if (!strcmp(key, "boot-status"))
        variant_string(var, s->boot_status, sizeof(s->boot_status));
    else if (!strcmp(key, "bundle.version"))
        variant_string(var, s->version, sizeof(s->version));
}

enum kiosk_err rauc_bus_slots(struct rauc_bus *b, struct rauc_slot *slots, int max, int *n)
{
    *n = 0;
    DBusMessage *r = call(b, RAUC_IFACE, "GetSlotStatus", DBUS_TYPE_INVALID);
    if (!r)
        return KIOSK_ERR_IO;
    DBusMessageIter it, arr, st, dict, entry;
    if (!dbus_message_iter_init(r, &it) || dbus_message_iter_get_arg_type(&it) != DBUS_TYPE_ARRAY) {
        dbus_message_unref(r);
        kiosk_err_set_detail("RAUC's slot status is not an array");
        return KIOSK_ERR_PROTOCOL;
    }
    for (dbus_message_iter_recurse(&it, &arr);
         dbus_message_iter_get_arg_type(&arr) == DBUS_TYPE_STRUCT && *n < max;
         dbus_message_iter_next(&arr)) {
        struct rauc_slot *s = &slots[*n];
        const char *name, *key;
        memset(s, 0, sizeof(*s));
        dbus_message_iter_recurse(&arr, &st);
        if (dbus_message_iter_get_arg_type(&st) != DBUS_TYPE_STRING)
            continue;
        dbus_message_iter_get_basic(&st, &name);
        kstr_copy(s->name, sizeof(s->name), name);
        if (!dbus_message_iter_next(&st) || dbus_message_iter_get_arg_type(&st) != DBUS_TYPE_ARRAY)
            continue;
        for (dbus_message_iter_recurse(&st, &dict);
             dbus_message_iter_get_arg_type(&dict) == DBUS_TYPE_DICT_ENTRY;
             dbus_message_iter_next(&dict)) {
            dbus_message_iter_recurse(&dict, &entry);
            dbus_message_iter_get_basic(&entry, &key);
            if (dbus_message_iter_next(&entry))
                slot_field(s, key, &entry);
        }
        (*n)++;
    }
    dbus_message_unref(r);
    return KIOSK_OK;
}
