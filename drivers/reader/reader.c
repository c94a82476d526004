/* The reader registry and the calls every driver shares. */
#include "drivers/reader/reader.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"

#include <string.h>

/* Chosen by name from configuration; "magtek-hid" and "hidpos" join with
 * drivers/usb. */
static const struct reader_ops *const drivers[] = {
    &reader_sim_ops,
    NULL,
};

#define DRIVER_COUNT (sizeof(drivers) / sizeof(drivers[0]))

const char *const *reader_driver_names(void)
{
    /* Filled on every call with the same values; the table is static. */
    static const char *names[DRIVER_COUNT];
    for (size_t i = 0; i < DRIVER_COUNT; i++)
        names[i] = drivers[i] ? drivers[i]->name : NULL;
    return names;
}

enum kiosk_err reader_open(const struct reader_config *cfg, struct reader **out)
{
    const struct reader_ops *ops = NULL;
    enum kiosk_err err;

    *out = NULL;
    if (!cfg || !cfg->driver)
        return KIOSK_ERR_INVALID;
    for (size_t i = 0; drivers[i]; i++)
        if (strcmp(drivers[i]->name, cfg->driver) == 0)
            ops = drivers[i];
    if (!ops) {
        log_note(LOG_ERROR, "reader", "unknown driver", cfg->driver);
        return KIOSK_ERR_NOT_FOUND;
    }
    struct reader *r = kmem_alloc(sizeof(*r));
    if (!r)
        return KIOSK_ERR_NOMEM;
    r->ops = ops;
    err = ops->open(r, cfg);
    if (err)
        goto err_free_reader;
    *out = r;
    return KIOSK_OK;

err_free_reader:
    kmem_free(r);
    return err;
}

void reader_close(struct reader *r)
{
    if (!r)
        return;
    r->ops->close(r);
    kmem_free(r);
}

enum kiosk_err reader_poll(struct reader *r, struct reader_input *in)
{
    if (!in)
        return KIOSK_ERR_INVALID;
    memset(in, 0, sizeof(*in));
    if (!r)
        return KIOSK_ERR_NO_DEVICE;
    return r->ops->poll(r, in);
}

bool reader_connected(struct reader *r)
{
    return r && r->ops->connected(r);
}
