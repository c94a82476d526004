/* Benchmark (label bench): prints figures, asserts nothing about time.
 *
 * The ESC/POS bytes of a 40-line receipt on 80 mm paper (576 dots): the
 * clinic logo (the default pack's SVG, a third of the paper), 30 lines of
 * Portuguese, Spanish and English, 10 lines of Hindi, and a QR code, with
 * the real fonts. Encoded for an Epson TM-T20II (Latin lines in the
 * printer's font, Hindi as raster) and for the same printer sending every
 * line as raster, as before text mode: time per receipt (median and p90 of
 * 200 runs) and bytes per receipt. The logo is read once, as the kiosk reads
 * it once per ticket outside the encoder. */
#define _POSIX_C_SOURCE 200809L
#include "drivers/printer/escpos.h"
#include "drivers/printer/printer_profile.h"
#include "firmware/core/log.h"
#include "ui/render/font.h"
#include "ui/render/render.h"
#include "tests/bench/bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS  200
#define PAPER 576

static const char *const latin[] = {
    "Consulta de cardiologia, piso 2, elevadores azuis",
    "Exame de sangue: jejum de 8 horas, traga o pedido",
    "Não se esqueça do cartão e de um documento com foto",
    "Pagamento: 25,10 € no balcão ou pelo código abaixo",
    "¿Dónde pago? En la caja de la planta baja, a la derecha",
    "Your number will be called on the screens",
    "Recepção aberta das 7h às 19h, sábado até às 13h",
    "Dúvidas sobre a conta: ligue +55 11 4000-1250",
    "Señor Muñoz, su cita es a las 10:30 con la Dra. Peña",
    "Please keep this ticket until you are called",
};

static const char *const hindi[] = {
    "आपका नंबर A042 है। कृपया स्क्रीन देखें।",   "कक्ष 14, मंज़िल 2, नीली लिफ़्ट से ऊपर जाएँ।",
    "भुगतान: काउंटर पर या नीचे दिए कोड से।", "प्रश्न हों तो स्वागत कक्ष से पूछें।",
    "अपना कार्ड और पहचान पत्र साथ रखें।",
};

static void build(struct receipt *r, const struct kbitmap *logo)
{
    receipt_init(r);
    if (logo)
        receipt_image(r, logo, PAPER / 3, RECEIPT_CENTER);
    receipt_text(r, "Clínica São Lucas", RECEIPT_NORMAL, RECEIPT_CENTER, true);
    receipt_rule(r);
    receipt_text(r, "A042", RECEIPT_HUGE, RECEIPT_CENTER, true);
    for (int i = 0; i < 40; i++) {
        if (i % 4 == 3)
            receipt_text(r, hindi[(i / 4) % 5], RECEIPT_NORMAL, RECEIPT_LEFT, false);
        else
            receipt_text(r, latin[i % 10], RECEIPT_NORMAL, RECEIPT_LEFT, i % 10 == 0);
    }
    receipt_qr(r, "https://www.example.com.br/saolucas/recibo/0b6f2c1e-7d4a-4f0e-9a51");
}

static int measure(const char *label, const struct receipt *r, const struct printer_profile *p,
                   const struct text_raster *tr)
{
    static double samples[RUNS];
    size_t bytes = 0;
    for (int i = 0; i < RUNS; i++) {
        struct escpos_buf b;
        escpos_buf_init(&b);
        double t = bench_now_ms();
        enum kiosk_err err = escpos_encode(r, PAPER, p, tr, &b);
        samples[i] = bench_now_ms() - t;
        bytes = b.len;
        escpos_buf_release(&b);
        if (err) {
            fprintf(stderr, "bench: encode failed: %s\n", kiosk_err_name(err));
            return 1;
        }
    }
    bench_sort(samples, RUNS);
    printf("  %-34s median %6.2f ms  p90 %6.2f ms  %7zu bytes\n", label, samples[RUNS / 2],
           samples[RUNS * 9 / 10], bytes);
    return 0;
}

int main(int argc, char **argv)
{
    const char *assets = argc > 1 ? argv[1] : KIOSK_SOURCE_DIR "/assets";
    static struct receipt r;
    char path[1024];
    struct fontset *fs;
    struct kbitmap logo;

    log_set_level(LOG_WARN);
    snprintf(path, sizeof(path), "%s/fonts", assets);
    if (fontset_new(path, &fs) != KIOSK_OK) {
        fprintf(stderr, "bench: no fonts: %s\n", kiosk_err_detail());
        return 1;
    }
    snprintf(path, sizeof(path), "%s/branding/default/logo.svg", assets);
    if (render_load_grey(path, PAPER / 3, PAPER / 3, &logo) != KIOSK_OK) {
        fprintf(stderr, "bench: no logo: %s\n", kiosk_err_detail());
        fontset_free(fs);
        return 1;
    }
    struct text_raster tr = fontset_raster(fs);
    struct printer_profile all_raster = *printer_profile_find(0x04b8, 0x0e15, NULL);
    all_raster.codepage = CODEPAGE_NONE;
    build(&r, &logo);

    printf("ESC/POS of a 40-line receipt (30 Latin, 10 Hindi) + logo + QR, %d dots, %d runs:\n",
           PAPER, RUNS);
    int rc = measure("TM-T20II, Latin in printer font", &r,
                     printer_profile_find(0x04b8, 0x0e15, NULL), &tr);
    if (!rc)
        rc = measure("TM-T20II, every line raster", &r, &all_raster, &tr);
    build(&r, NULL);
    if (!rc)
        rc = measure("  the same without the logo", &r, printer_profile_find(0x04b8, 0x0e15, NULL),
                     &tr);
    kbitmap_release(&logo);
    fontset_free(fs);
    return rc;
}
