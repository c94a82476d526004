/* The simulated printer: decodes its own ESC/POS bytes and writes the
 * paper as PNG files, so demos and journey tests show what would print. It
 * behaves as an Epson TM-T20II (its profile: text in PC858, ASB, cutter),
 * drawing the printer font with the kiosk's text raster. */
#include "drivers/printer/escpos.h"
#include "drivers/printer/printer.h"
#include "drivers/printer/printer_profile.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define SIM_PATH_MAX 1024

struct sim {
    char *output_dir; /* NULL: render only */
    enum printer_state state;
    int printed;
    char last_png[SIM_PATH_MAX]; /* "" until a PNG was written */
};

/* receipt-NNN.png counts per process, across sim printers. */
static atomic_int receipt_counter;

static enum kiosk_err sim_open(struct printer *p, const struct printer_config *cfg)
{
    struct sim *s = kmem_alloc(sizeof(*s));
    if (!s)
        return KIOSK_ERR_NOMEM;
    if (cfg->output_dir) {
        s->output_dir = kmem_strdup(cfg->output_dir);
        if (!s->output_dir)
            goto err_free_sim;
    }
    s->state = PRINTER_OK;
    p->ctx = s;
    p->profile = printer_profile_find(0x04b8, 0x0e15, NULL);
    return KIOSK_OK;

err_free_sim:
    kmem_free(s);
    return KIOSK_ERR_NOMEM;
}

static void sim_close(struct printer *p)
{
    struct sim *s = p->ctx;
    if (!s)
        return;
    kmem_free(s->output_dir);
    kmem_free(s);
    p->ctx = NULL;
}

static enum printer_state sim_state(struct printer *p)
{
    return ((struct sim *)p->ctx)->state;
}

static enum kiosk_err sim_write(struct printer *p, const unsigned char *bytes, int len)
{
    struct sim *s = p->ctx;
    struct kbitmap paper;
    char path[SIM_PATH_MAX];
    enum kiosk_err err;

    switch (s->state) {
    case PRINTER_PAPER_OUT:
        return KIOSK_ERR_PAPER_OUT;
    case PRINTER_NOT_CONNECTED:
        return KIOSK_ERR_NO_DEVICE;
    case PRINTER_COVER_OPEN:
        return KIOSK_ERR_IO;
    case PRINTER_OFFLINE:
        return KIOSK_ERR_TIMEOUT;
    case PRINTER_OK:
    case PRINTER_PAPER_LOW:
        break;
    }
    if (len < 0 || (!bytes && len))
        return KIOSK_ERR_INVALID;
    err = escpos_render(bytes, (size_t)len, p->paper_dots, p->raster.line ? &p->raster : NULL,
                        &paper);
    if (err)
        return err;
    if (!s->output_dir) {
        s->printed++;
        goto release_paper;
    }
    int n = snprintf(path, sizeof(path), "%s/receipt-%03d.png", s->output_dir,
                     atomic_fetch_add(&receipt_counter, 1) + 1);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        err = KIOSK_ERR_TOO_BIG;
        goto release_paper;
    }
    err = kbitmap_write_png(&paper, path);
    if (err) {
        log_note(LOG_ERROR, "printer-sim", "cannot write", path);
        goto release_paper;
    }
    memcpy(s->last_png, path, (size_t)n + 1);
    s->printed++;
release_paper:
    kbitmap_release(&paper);
    return err;
}

const struct printer_ops printer_sim_ops = {
    .name = "sim",
    .open = sim_open,
    .close = sim_close,
    .state = sim_state,
    .write = sim_write,
};

const char *printer_sim_last_png(struct printer *p)
{
    if (!p || p->ops != &printer_sim_ops)
        return NULL;
    struct sim *s = p->ctx;
    return s->last_png[0] ? s->last_png : NULL;
}

int printer_sim_printed(struct printer *p)
{
    if (!p || p->ops != &printer_sim_ops)
        return 0;
    return ((struct sim *)p->ctx)->printed;
}

void printer_sim_set_state(struct printer *p, enum printer_state state)
{
    if (!p || p->ops != &printer_sim_ops)
        return;
    ((struct sim *)p->ctx)->state = state;
}
