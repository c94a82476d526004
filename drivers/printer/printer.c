/* The printer registry and the calls every driver shares. */
#include "drivers/printer/escpos.h"
#include "drivers/printer/printer.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"

#include <limits.h>
#include <string.h>

/* Chosen by name from configuration; "escpos-usb" joins with drivers/usb. */
static const struct printer_ops *const drivers[] = {
    &printer_sim_ops,
    &printer_usb_ops,
    NULL,
};

#define DRIVER_COUNT (sizeof(drivers) / sizeof(drivers[0]))

const char *const *printer_driver_names(void)
{
    /* Filled on every call with the same values; the table is static. */
    static const char *names[DRIVER_COUNT];
    for (size_t i = 0; i < DRIVER_COUNT; i++)
        names[i] = drivers[i] ? drivers[i]->name : NULL;
    return names;
}

const char *printer_state_name(enum printer_state s)
{
    switch (s) {
    case PRINTER_OK:
        return "ok";
    case PRINTER_PAPER_LOW:
        return "paper low";
    case PRINTER_PAPER_OUT:
        return "paper out";
    case PRINTER_COVER_OPEN:
        return "cover open";
    case PRINTER_OFFLINE:
        return "offline";
    case PRINTER_NOT_CONNECTED:
        return "not connected";
    }
    return "unknown";
}

enum kiosk_err printer_open(const struct printer_config *cfg, struct printer **out)
{
    const struct printer_ops *ops = NULL;
    enum kiosk_err err;

    *out = NULL;
    if (!cfg || !cfg->driver)
        return KIOSK_ERR_INVALID;
    if (cfg->paper_dots < 8 || cfg->paper_dots > 4096 || cfg->paper_dots % 8 != 0)
        return KIOSK_ERR_CONFIG;
    for (size_t i = 0; drivers[i]; i++)
        if (strcmp(drivers[i]->name, cfg->driver) == 0)
            ops = drivers[i];
    if (!ops) {
        log_note(LOG_ERROR, "printer", "unknown driver", cfg->driver);
        return KIOSK_ERR_NOT_FOUND;
    }
    struct printer *p = kmem_alloc(sizeof(*p));
    if (!p)
        return KIOSK_ERR_NOMEM;
    p->ops = ops;
    p->paper_dots = cfg->paper_dots;
    if (cfg->raster)
        p->raster = *cfg->raster;
    err = ops->open(p, cfg);
    if (err)
        goto err_free_printer;
    *out = p;
    return KIOSK_OK;

err_free_printer:
    kmem_free(p);
    return err;
}

void printer_close(struct printer *p)
{
    if (!p)
        return;
    p->ops->close(p);
    kmem_free(p);
}

enum printer_state printer_state(struct printer *p)
{
    if (!p)
        return PRINTER_NOT_CONNECTED;
    return p->ops->state(p);
}

const char *printer_describe(struct printer *p)
{
    return p && p->ops->describe ? p->ops->describe(p) : NULL;
}

enum kiosk_err printer_print(struct printer *p, const struct receipt *r)
{
    struct escpos_buf buf;
    enum kiosk_err err;

    if (!p || !r)
        return KIOSK_ERR_INVALID;
    const struct printer_profile *profile = p->profile ? p->profile : printer_profile_generic();
    int paper = p->paper_dots;
    if (profile->paper_dots > 0 && profile->paper_dots < paper)
        paper = profile->paper_dots; /* beyond it the printer would cut the receipt off */
    escpos_buf_init(&buf);
    err = escpos_encode(r, paper, profile, p->raster.line ? &p->raster : NULL, &buf);
    if (err)
        goto err_release_buf;
    if (buf.len > INT_MAX) {
        err = KIOSK_ERR_TOO_BIG;
        goto err_release_buf;
    }
    if (p->ops->transcript)
        p->ops->transcript(p, r);
    err = p->ops->write(p, buf.data, (int)buf.len);
err_release_buf:
    escpos_buf_release(&buf);
    if (err)
        log_error("printer", "print failed: %E", err);
    return err;
}
