/* Fuzz target: the simulated printer's decoder on arbitrary bytes, on
 * 58 mm or 80 mm paper (first byte), with and without a text raster (a
 * small fake that draws each byte as a column pattern, so the printer-font
 * path runs without fonts). Traps on a paper of the wrong width or an error
 * the contract does not allow. */
#include "drivers/printer/escpos.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static enum kiosk_err fake_line(void *ctx, const char *utf8, int px, bool bold, struct kbitmap *out)
{
    (void)ctx;
    (void)bold;
    int n = (int)strlen(utf8);
    enum kiosk_err err = kbitmap_init(out, 8 * (n ? n : 1), px > 0 && px < 64 ? px : 16);
    if (err)
        return err;
    for (int i = 0; i < n; i++)
        for (int y = 1; y < out->height - 1; y++)
            for (int x = 0; x < 8; x++)
                if (((unsigned char)utf8[i] >> (7 - x)) & 1)
                    out->pixels[y * out->width + 8 * i + x] = 0;
    return KIOSK_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct text_raster raster = {fake_line, NULL};
    if (size < 1)
        return 0;
    int paper_dots = data[0] & 1 ? 576 : 384;
    const struct text_raster *tr = data[0] & 2 ? &raster : NULL;
    struct kbitmap paper;
    enum kiosk_err err = escpos_render(data + 1, size - 1, paper_dots, tr, &paper);
    if (err == KIOSK_OK) {
        if (paper.width != paper_dots || paper.height < 0 || paper.height > 65536)
            __builtin_trap();
        kbitmap_release(&paper);
    } else if (err != KIOSK_ERR_PROTOCOL && err != KIOSK_ERR_TOO_BIG && err != KIOSK_ERR_NOMEM) {
        __builtin_trap();
    }
    return 0;
}
