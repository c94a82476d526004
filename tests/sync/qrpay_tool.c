/* Test tool (sync tests): the kiosk's QR charge client against a payment
 * service, as the kiosk uses it ([qrpay] in CONFIG).
 *
 *   qrpay_tool CONFIG id                         a fresh charge id
 *   qrpay_tool CONFIG create ID AMOUNT_MINOR NOTE  make (or read back) the charge
 *   qrpay_tool CONFIG status ID
 *   qrpay_tool CONFIG cancel ID
 *   qrpay_tool CONFIG png ID FILE.png            status, and the QR of its payload drawn
 *                                                (the printer's encoder, 8 px a module)
 *   qrpay_tool CONFIG watch ID INTERVAL_MS       poll as the kiosk does (one client, its
 *                                                connection and token kept) until the charge
 *                                                is no longer active; prints when (Unix ms)
 *
 * Prints one line per field: state, amount_minor, expires_in_s, location,
 * payload, detail. Exit 0 when the service answered, 1 otherwise. */
#define _POSIX_C_SOURCE 200809L
#include "drivers/printer/qr.h"
#include "firmware/config/config.h"
#include "firmware/core/bitmap.h"
#include "firmware/core/id.h"
#include "firmware/payment/qrcharge.h"
#include "firmware/sync/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Poll id every interval_ms until it is not active; the time it was seen. */
static int watch(struct qrcharge *q, const char *id, long interval_ms)
{
    struct qr_charge c;
    for (int i = 0; i < 10000; i++) {
        long long t0 = now_ms();
        qrcharge_status(q, id, &c);
        long long t1 = now_ms();
        printf("request_ms=%lld\n", t1 - t0);
        if (c.state != QR_ACTIVE && c.state != QR_UNKNOWN) {
            printf("seen=%s\nat_ms=%lld\n", qr_state_name(c.state), t1);
            return 0;
        }
        struct timespec ts = {interval_ms / 1000, (interval_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
    }
    return 1;
}

static void print(const struct qr_charge *c)
{
    printf("state=%s\namount_minor=%lld\nexpires_in_s=%d\nlocation=%s\npayload=%s\ndetail=%s\n",
           qr_state_name(c->state), (long long)c->amount_minor, c->expires_in_s, c->location,
           c->payload, c->detail);
}

static int draw(const char *payload, const char *path)
{
    static struct qr_code q;
    enum kiosk_err err = qr_encode((const uint8_t *)payload, strlen(payload), QR_MASK_AUTO, &q);
    if (err != KIOSK_OK) {
        fprintf(stderr, "qr_encode: %s\n", kiosk_strerror(err));
        return 1;
    }
    const int scale = 8, quiet = 4;
    int side = (q.size + 2 * quiet) * scale;
    struct kbitmap bm;
    if (kbitmap_init(&bm, side, side) != KIOSK_OK)
        return 1;
    for (int y = 0; y < q.size; y++)
        for (int x = 0; x < q.size; x++)
            if (qr_module(&q, x, y))
                for (int dy = 0; dy < scale; dy++)
                    memset(bm.pixels + (size_t)((quiet + y) * scale + dy) * (size_t)side +
                               (size_t)((quiet + x) * scale),
                           0, (size_t)scale);
    err = kbitmap_write_png(&bm, path);
    kbitmap_release(&bm);
    return err == KIOSK_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: qrpay_tool CONFIG id|create|status|cancel|png ...\n");
        return 2;
    }
    static struct kiosk_config cfg;
    config_set_url_check(http_url_check);
    config_defaults(&cfg);
    if (config_load(&cfg, argv[1]) != KIOSK_OK) {
        for (int i = 0; i < cfg.problem_count && i < CONFIG_MAX_PROBLEMS; i++)
            fprintf(stderr, "%s\n", cfg.problems[i]);
        return 2;
    }
    const char *cmd = argv[2];
    if (strcmp(cmd, "id") == 0) {
        char uuid[KIOSK_UUID_LEN], id[QR_ID_MAX];
        if (kiosk_uuid(uuid) != KIOSK_OK || qr_charge_id(uuid, id) != KIOSK_OK)
            return 1;
        printf("%s\n", id);
        return 0;
    }
    struct qrcharge *q = NULL;
    enum kiosk_err err = qrcharge_http_open(&cfg, &q);
    if (err != KIOSK_OK) {
        fprintf(stderr, "open: %s: %s\n", kiosk_strerror(err), kiosk_err_detail());
        return 2;
    }
    struct qr_charge c;
    if (strcmp(cmd, "watch") == 0 && argc == 5) {
        int rc = watch(q, argv[3], strtol(argv[4], NULL, 10));
        qrcharge_close(q);
        return rc;
    }
    if (strcmp(cmd, "create") == 0 && argc == 6) {
        const struct qr_charge_req req = {.id = argv[3],
                                          .amount_minor = strtoll(argv[4], NULL, 10),
                                          .note = argv[5],
                                          .expiry_s = cfg.qr_expiry_s};
        err = qrcharge_create(q, &req, &c);
    } else if ((strcmp(cmd, "status") == 0 || strcmp(cmd, "png") == 0) && argc >= 4) {
        err = qrcharge_status(q, argv[3], &c);
    } else if (strcmp(cmd, "cancel") == 0 && argc == 4) {
        err = qrcharge_cancel(q, argv[3], &c);
    } else {
        fprintf(stderr, "bad arguments\n");
        qrcharge_close(q);
        return 2;
    }
    qrcharge_close(q);
    if (err != KIOSK_OK) {
        fprintf(stderr, "%s\n", kiosk_strerror(err));
        return 2;
    }
    print(&c);
    if (strcmp(cmd, "png") == 0 && argc == 5) {
        if (!c.payload[0])
            return 1;
        return draw(c.payload, argv[4]);
    }
    return c.state == QR_UNKNOWN ? 1 : 0;
}
