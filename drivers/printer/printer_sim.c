/* The simulated printer: decodes its own ESC/POS bytes and writes the
 * paper as PNG files, so demos and journey tests show what would print,
 * with a text transcript beside each (receipt-NNN.txt: its text lines and
 * QR payloads), so tests can read what went onto the paper. It
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
    char *transcript;            /* of the receipt being written; kmem */
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
    kmem_free(s->transcript);
    kmem_free(s);
    p->ctx = NULL;
}

static void sim_transcript(struct printer *p, const struct receipt *r)
{
    struct sim *s = p->ctx;
    kmem_free(s->transcript);
    s->transcript = NULL;
    if (!s->output_dir)
        return;
    size_t cap = (size_t)r->count * (RECEIPT_TEXT_MAX + 8) + 1, n = 0;
    char *t = kmem_alloc(cap);
    if (!t)
        return;
    for (int i = 0; i < r->count; i++) {
        const struct receipt_item *it = &r->items[i];
        if (it->kind == RECEIPT_TEXT)
            n += (size_t)snprintf(t + n, cap - n, "%s\n", it->text);
        else if (it->kind == RECEIPT_QR)
            n += (size_t)snprintf(t + n, cap - n, "[QR] %s\n", it->text);
        else if (it->kind == RECEIPT_IMAGE)
            n += (size_t)snprintf(t + n, cap - n, "[image]\n");
    }
    s->transcript = t;
}

static void write_transcript(struct sim *s, const char *png_path)
{
    char path[SIM_PATH_MAX];
    size_t n = strlen(png_path);
    if (!s->transcript || n < 4 || n >= sizeof(path))
        return;
    memcpy(path, png_path, n - 4);
    memcpy(path + n - 4, ".txt", 5);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(s->transcript, f);
        fclose(f);
    }
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
    write_transcript(s, path);
    s->printed++;
release_paper:
    kbitmap_release(&paper);
    kmem_free(s->transcript);
    s->transcript = NULL;
    return err;
}

const struct printer_ops printer_sim_ops = {
    .name = "sim",
    .open = sim_open,
    .close = sim_close,
    .state = sim_state,
    .write = sim_write,
    .transcript = sim_transcript,
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
