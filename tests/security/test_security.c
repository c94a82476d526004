/* Hostile input, by class (issue 15): every URL the kiosk is given goes
 * through one rule; every file it is pointed at is a regular file (a FIFO
 * never blocks); files of a branding pack are regular files in the pack
 * itself, never links; and pack images are decoded at the size they are
 * shown, by the same loader for `brand check` and the kiosk. */
#define _GNU_SOURCE
#include "firmware/brand/brand.h"
#include "firmware/config/config.h"
#include "firmware/core/clock.h"
#include "firmware/core/file.h"
#include "firmware/core/mem.h"
#include "drivers/terminal/terminal.h"
#include "firmware/payment/payment.h"
#include "firmware/sync/http.h"
#include "firmware/sync/sync.h"
#include "tests/unit/ktest.h"
#include "ui/render/render.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define PACKS KIOSK_SOURCE_DIR "/assets/branding/"

static char scratch[1024];

static const char *scratch_dir(void)
{
    if (!scratch[0]) {
        snprintf(scratch, sizeof(scratch), "%s/test_security-XXXXXX", KIOSK_BINARY_DIR);
        if (!mkdtemp(scratch))
            scratch[0] = '\0';
    }
    return scratch;
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(data, 1, n, f);
        fclose(f);
    }
}

static void write_text(const char *path, const char *text)
{
    write_file(path, text, strlen(text));
}

/* ---- URLs ----------------------------------------------------------------------- */

static enum ktest_result test_url_rule(void)
{
    static const char *const good[] = {
        "https://billing.example.org/fhir",
        "https://billing.example.org:8443/fhir/",
        "http://127.0.0.1:8080/fhir",
        "http://127.9.8.7/fhir",
        "http://localhost:8080/fhir",
        "http://LOCALHOST/fhir",
        "http://127.1/fhir",      /* curl reads it as 127.0.0.1 */
        "http://0x7f000001/fhir", /* and this */
        "http://2130706433/fhir", /* and this */
        "http://[::1]:8080/fhir",
        "http://[0:0:0:0:0:0:0:1]/fhir",
        "http://[::ffff:127.0.0.1]/fhir",
    };
    static const char *const bad[] = {
        "http://localhost@other-host/fhir", /* userinfo: the host is other-host */
        "http://127.0.0.1@other-host/fhir",
        "http://127.0.0.1:80@other-host/fhir",
        "https://user:s3cr3t@billing.example.org/fhir", /* a secret in the address */
        "https://@billing.example.org/fhir",            /* even an empty one */
        "http://:@localhost/fhir",
        "http://127.0.0.1.example.org/fhir", /* a name that starts like a loopback address */
        "http://127.0.0.1%2eexample.org/fhir",
        "http://localhost.example.org/fhir",
        "http://localhost./fhir",
        "http://127.0.0.256/fhir",
        "http://[::2]/fhir",
        "http://billing.example.org/fhir",
        "http://10.0.0.1/fhir",
        "ftp://localhost/fhir",
        "file:///etc/shadow",
        "gopher://localhost/",
        "billing.example.org/fhir", /* no scheme */
        " https://billing.example.org/fhir",
        "https://billing.example.org/fh ir",
        "",
    };
    char why[200];
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        if (http_url_check(good[i], why, sizeof(why)) != KIOSK_OK)
            KT_FAIL_AT("%s refused: %s", good[i], why);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (http_url_check(bad[i], why, sizeof(why)) == KIOSK_OK)
            KT_FAIL_AT("%s accepted", bad[i]);
        /* The sentence never repeats the address (it may hold a secret). */
        KT_ASSERT(!strstr(why, "s3cr3t") && !strstr(why, "other-host"));
    }
    return KTEST_PASS;
}

/* Each address key of kiosk.ini, each with a spelling that must not pass:
 * reported with its line, and config_load fails (the kiosk does not start). */
static enum ktest_result test_config_urls(void)
{
    static const struct {
        const char *section, *key, *url, *words;
    } cases[] = {
        {"server", "url", "http://localhost@other-host/fhir", "user name or password"},
        {"server", "url", "http://127.0.0.1.example.org/fhir", "https://"},
        {"server", "oauth_token_url", "http://auth.example.org/token", "https://"},
        {"server", "oauth_token_url", "https://kiosk:secret@auth.example.org/token", "user name"},
        {"server", "proxy", "http://proxy.example.org:3128", "https://"},
        {"server", "proxy", "https://user:pw@proxy.example.org:3128", "user name"},
        {"kiosk", "guides_url", "http://guides.example.org/{lang}/{guide}", "https://"},
    };
    char path[1200], ini[512], want[160];
    config_set_url_check(http_url_check);
    snprintf(path, sizeof(path), "%s/kiosk.ini", scratch_dir());
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct kiosk_config cfg;
        config_defaults(&cfg);
        snprintf(ini, sizeof(ini), "[kiosk]\nlocation = Lobby\n[%s]\n%s = %s\n", cases[i].section,
                 cases[i].key, cases[i].url);
        write_text(path, ini);
        KT_EQ_INT(config_load(&cfg, path), KIOSK_ERR_CONFIG);
        KT_EQ_INT(cfg.problem_count, 1);
        snprintf(want, sizeof(want), "kiosk.ini:4: %s ", cases[i].key);
        if (strncmp(cfg.problems[0], want, strlen(want)) != 0 ||
            !strstr(cfg.problems[0], cases[i].words))
            KT_FAIL_AT("%s = %s: got '%s'", cases[i].key, cases[i].url, cfg.problems[0]);
    }
    /* Good ones pass, https anywhere and http on this machine. */
    struct kiosk_config cfg;
    config_defaults(&cfg);
    write_text(path, "[server]\nurl = https://billing.example.org/fhir\n"
                     "oauth_token_url = https://auth.example.org/token\n"
                     "proxy = http://127.0.0.1:3128\n");
    KT_EQ_INT(config_load(&cfg, path), KIOSK_OK);
    config_set_url_check(NULL);
    return KTEST_PASS;
}

/* Behind the configuration: whoever builds a URL, nothing goes out to an
 * address that fails the rule, and the billing and payment clients refuse
 * one at start. Port 9 (discard) on 127.0.0.2 would refuse a connection;
 * KIOSK_ERR_CONFIG says nothing was tried. */
static enum ktest_result test_request_time(void)
{
    struct http_client *h;
    struct http_options o = {.connect_timeout_ms = 1000, .timeout_ms = 2000, .max_body = 4096};
    struct http_response r;
    KT_EQ_INT(http_new(&o, &h), KIOSK_OK);
    KT_EQ_INT(http_request(h, "GET", "http://localhost@127.0.0.2:9/fhir", NULL, NULL, &r),
              KIOSK_ERR_CONFIG);
    KT_EQ_INT(http_request(h, "GET", "http://127.0.0.2.example.org:9/", NULL, NULL, &r),
              KIOSK_ERR_CONFIG);
    KT_EQ_INT(http_request(h, "POST", "http://pay.example.org/pay", NULL, "{}", &r),
              KIOSK_ERR_CONFIG);
    http_free(h);

    o.proxy = "http://user:pw@proxy.example.org:3128";
    KT_EQ_INT(http_new(&o, &h), KIOSK_ERR_CONFIG);

    struct kiosk_config cfg;
    struct sync *s = NULL;
    struct terminal *p = NULL;
    config_defaults(&cfg);
    snprintf(cfg.server_url, sizeof(cfg.server_url), "http://localhost@other-host/fhir");
    KT_EQ_INT(sync_new(&cfg, kclock_system(), &s), KIOSK_ERR_CONFIG);
    snprintf(cfg.server_url, sizeof(cfg.server_url), "https://billing.example.org/fhir");
    snprintf(cfg.server_oauth_url, sizeof(cfg.server_oauth_url), "http://auth.example.org/t");
    KT_EQ_INT(sync_new(&cfg, kclock_system(), &s), KIOSK_ERR_CONFIG);
    /* The payment terminal speaks HTTPS only. */
    struct terminal_settings ts = {.driver = "adyen-nexo",
                                   .url = "http://127.0.0.2:9/nexo",
                                   .poiid = "V400m-1",
                                   .sale_id = "K"};
    KT_EQ_INT(terminal_open(&ts, &p), KIOSK_ERR_CONFIG);
    KT_ASSERT(p == NULL && s == NULL);
    return KTEST_PASS;
}

/* ---- files by a configured path ---------------------------------------------------- */

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "  a FIFO blocked the read\n";
    if (write(2, msg, sizeof(msg) - 1) < 0)
        _exit(1);
    _exit(1);
}

static enum ktest_result test_fifo_config(void)
{
    char path[1200];
    char *text;
    size_t len;
    snprintf(path, sizeof(path), "%s/fifo.ini", scratch_dir());
    unlink(path);
    if (mkfifo(path, 0600) != 0)
        KT_SKIP("cannot make a FIFO here: %s", strerror(errno));
    signal(SIGALRM, on_alarm);
    alarm(10); /* before the fix this blocked for ever */
    KT_EQ_INT(kfile_read(path, 4096, &text, &len), KIOSK_ERR_INVALID);
    KT_ASSERT(text == NULL);
    struct kiosk_config cfg;
    config_defaults(&cfg);
    KT_EQ_INT(config_load(&cfg, path), KIOSK_ERR_CONFIG);
    KT_EQ_INT(cfg.problem_count, 1);
    KT_ASSERT(strstr(cfg.problems[0], "fifo.ini: is not a regular file (a FIFO)"));
    /* The credentials file goes the same way (sync reads it with kfile_read). */
    KT_EQ_INT(kfile_read("/dev/zero", 4096, &text, &len), KIOSK_ERR_INVALID);
    alarm(0);
    unlink(path);
    return KTEST_PASS;
}

static enum ktest_result test_read_in(void)
{
    char dir[1200], path[1300], outside[1300], sub[1300];
    char *text;
    size_t len;
    snprintf(dir, sizeof(dir), "%s/inpack", scratch_dir());
    mkdir(dir, 0700);
    snprintf(path, sizeof(path), "%s/plain.txt", dir);
    write_text(path, "hello");
    snprintf(outside, sizeof(outside), "%s/outside.txt", scratch_dir());
    write_text(outside, "not the pack's");
    snprintf(path, sizeof(path), "%s/link.txt", dir);
    unlink(path);
    KT_EQ_INT(symlink(outside, path), 0);
    snprintf(path, sizeof(path), "%s/inner-link.txt", dir);
    unlink(path);
    KT_EQ_INT(symlink("plain.txt", path), 0); /* even to a file of the pack */
    snprintf(sub, sizeof(sub), "%s/subdir", dir);
    unlink(sub);
    KT_EQ_INT(symlink(scratch_dir(), sub), 0);

    KT_EQ_INT(kfile_read_in(dir, "plain.txt", 100, &text, &len), KIOSK_OK);
    KT_EQ_STR(text, "hello");
    kmem_free(text);
    KT_EQ_INT(kfile_read_in(dir, "link.txt", 100, &text, &len), KIOSK_ERR_DENIED);
    KT_EQ_INT(kfile_read_in(dir, "inner-link.txt", 100, &text, &len), KIOSK_ERR_DENIED);
    KT_EQ_INT(kfile_read_in(dir, "subdir/outside.txt", 100, &text, &len), KIOSK_ERR_INVALID);
    KT_EQ_INT(kfile_read_in(dir, "../outside.txt", 100, &text, &len), KIOSK_ERR_INVALID);
    KT_EQ_INT(kfile_read_in(dir, "..", 100, &text, &len), KIOSK_ERR_INVALID);
    KT_EQ_INT(kfile_read_in(dir, "plain.txt", 4, &text, &len), KIOSK_ERR_TOO_BIG);
    KT_ASSERT(text == NULL);
    return KTEST_PASS;
}

/* ---- branding packs ----------------------------------------------------------------- */

/* A copy of the default pack in scratch/name; returns its folder. */
static const char *copy_pack(const char *name)
{
    static char dir[1200];
    char path[1300];
    char *text;
    size_t len;
    snprintf(dir, sizeof(dir), "%s/%s", scratch_dir(), name);
    mkdir(dir, 0700);
    static const char *const files[] = {"brand.ini", "logo.svg"};
    for (int i = 0; i < 2; i++) {
        if (kfile_read_in(PACKS "default", files[i], 1 << 20, &text, &len) != KIOSK_OK)
            return dir;
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        unlink(path);
        write_file(path, text, len);
        kmem_free(text);
    }
    return dir;
}

static int logo_line(const char *dir)
{
    char *text;
    size_t len;
    int line = 1;
    if (kfile_read_in(dir, "brand.ini", 1 << 20, &text, &len) != KIOSK_OK)
        return 0;
    for (char *p = text; *p; p++) {
        if (strncmp(p, "logo", 4) == 0 && (p == text || p[-1] == '\n'))
            break;
        line += *p == '\n';
    }
    kmem_free(text);
    return line;
}

static bool has_problem(const struct brand *b, const char *text)
{
    for (int i = 0; i < b->problem_count; i++)
        if (strstr(b->problems[i], text))
            return true;
    return false;
}

static void put_be32(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* A well-formed 1x1 PNG whose header says w x h (CRCs right, so a decoder
 * would believe it). */
static void write_png_claiming(const char *path, unsigned w, unsigned h)
{
    unsigned char png[128];
    size_t n = 0;
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    memcpy(png, sig, 8);
    n = 8;
    /* IHDR */
    put_be32(png + n, 13);
    memcpy(png + n + 4, "IHDR", 4);
    put_be32(png + n + 8, w);
    put_be32(png + n + 12, h);
    png[n + 16] = 8; /* depth */
    png[n + 17] = 0; /* grey */
    png[n + 18] = png[n + 19] = png[n + 20] = 0;
    put_be32(png + n + 21, (unsigned)crc32(0, png + n + 4, 17));
    n += 25;
    /* IDAT: one row, filter 0, one grey byte */
    unsigned char raw[2] = {0, 0x80}, z[32];
    uLongf zn = sizeof(z);
    compress(z, &zn, raw, sizeof(raw));
    put_be32(png + n, (unsigned)zn);
    memcpy(png + n + 4, "IDAT", 4);
    memcpy(png + n + 8, z, zn);
    put_be32(png + n + 8 + zn, (unsigned)crc32(0, png + n + 4, (uInt)(4 + zn)));
    n += 12 + zn;
    put_be32(png + n, 0);
    memcpy(png + n + 4, "IEND", 4);
    put_be32(png + n + 8, (unsigned)crc32(0, png + n + 4, 4));
    n += 12;
    write_file(path, png, n);
}

static void use_logo(const char *dir, const char *name)
{
    char path[1300];
    char *text;
    size_t len;
    snprintf(path, sizeof(path), "%s/brand.ini", dir);
    if (kfile_read(path, 1 << 20, &text, &len) != KIOSK_OK)
        return;
    char *p = strstr(text, "logo = logo.svg");
    if (p) {
        FILE *f = fopen(path, "wb");
        fwrite(text, 1, (size_t)(p - text), f);
        fprintf(f, "logo = %s", name);
        fputs(p + strlen("logo = logo.svg"), f);
        fclose(f);
    }
    kmem_free(text);
}

/* A 130-byte SVG asking for 30000 x 30000 (3.5 GB as pixels), in other
 * spellings too; a PNG whose header says 100000 x 100000. Refused by the
 * pack check with file:line, by the loader the kiosk draws with, and the
 * kiosk's screen/ticket loader never decodes them at that size. */
static enum ktest_result test_huge_images(void)
{
    static const char *const svgs[] = {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"30000\" height=\"30000\"><rect "
        "width=\"30000\" height=\"30000\" fill=\"red\"/></svg>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 30000 30000\"><rect "
        "width=\"30000\" height=\"30000\"/></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg' width='800cm' height='1'></svg>",
        "<?xml version=\"1.0\"?>\n<svg\n  width = \"2049px\"\n  height=\"10\" "
        "xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"5\"/></svg>",
    };
    char path[1300], why[200];
    brand_set_image_check(render_image_check);
    for (size_t i = 0; i < sizeof(svgs) / sizeof(svgs[0]); i++) {
        const char *dir = copy_pack("huge-svg");
        int line = logo_line(dir);
        snprintf(path, sizeof(path), "%s/logo.svg", dir);
        write_text(path, svgs[i]);
        struct brand b;
        KT_EQ_INT(brand_load(&b, dir), KIOSK_ERR_CONFIG);
        char want[64];
        snprintf(want, sizeof(want), "brand.ini:%d: logo 'logo.svg' declares a size", line);
        if (!has_problem(&b, want))
            KT_FAIL_AT("svg %zu: no '%s' (first problem: %s)", i, want,
                       b.problem_count ? b.problems[0] : "none");
        KT_EQ_INT(render_image_check(dir, "logo.svg", BRAND_LOGO_MAX_BYTES, BRAND_LOGO_MAX_PX, why,
                                     sizeof(why)),
                  KIOSK_ERR_TOO_BIG);
        /* The ticket loader draws it at the size asked, whatever it declares. */
        struct kbitmap bm;
        if (render_load_grey(path, 192, 192, &bm) == KIOSK_OK) {
            KT_ASSERT(bm.width <= 193 && bm.height <= 193);
            kbitmap_release(&bm);
        }
    }
    /* A modest SVG draws, at the box it is shown in. */
    KT_EQ_INT(render_image_check(PACKS "default", "logo.svg", BRAND_LOGO_MAX_BYTES,
                                 BRAND_LOGO_MAX_PX, why, sizeof(why)),
              KIOSK_OK);

    const char *dir = copy_pack("huge-png");
    int line = logo_line(dir);
    snprintf(path, sizeof(path), "%s/logo.png", dir);
    write_png_claiming(path, 100000, 100000);
    use_logo(dir, "logo.png");
    struct brand b;
    KT_EQ_INT(brand_load(&b, dir), KIOSK_ERR_CONFIG);
    char want[80];
    snprintf(want, sizeof(want), "brand.ini:%d: logo 'logo.png' is 100000x100000 pixels", line);
    KT_ASSERT(has_problem(&b, want));
    KT_EQ_INT(render_image_check(dir, "logo.png", BRAND_LOGO_MAX_BYTES, BRAND_LOGO_MAX_PX, why,
                                 sizeof(why)),
              KIOSK_ERR_TOO_BIG);
    struct kbitmap bm;
    KT_EQ_INT(render_load_grey(path, 192, 192, &bm), KIOSK_ERR_CORRUPT);
    /* The same file with an honest header draws. */
    write_png_claiming(path, 1, 1);
    KT_EQ_INT(brand_load(&b, dir), KIOSK_OK);
    brand_set_image_check(NULL);
    return KTEST_PASS;
}

/* A logo or brand.ini that is a symbolic link (out of the pack, or to
 * another file of it), a FIFO, or a file of something that is not an
 * image: refused with file:line, never read. */
static enum ktest_result test_pack_links(void)
{
    char path[1300], target[1300];
    struct brand b;
    brand_set_image_check(render_image_check);

    const char *dir = copy_pack("link-logo");
    int line = logo_line(dir);
    snprintf(path, sizeof(path), "%s/logo.svg", dir);
    snprintf(target, sizeof(target), "%s/elsewhere.svg", scratch_dir());
    write_text(target, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>");
    unlink(path);
    KT_EQ_INT(symlink(target, path), 0);
    KT_EQ_INT(brand_load(&b, dir), KIOSK_ERR_CONFIG);
    char want[80];
    snprintf(want, sizeof(want), "brand.ini:%d: logo 'logo.svg' is a symbolic link", line);
    if (!has_problem(&b, want))
        KT_FAIL_AT("no '%s' (first: %s)", want, b.problem_count ? b.problems[0] : "none");
    /* The ticket loader refuses it too. */
    struct kbitmap bm;
    KT_ASSERT(render_load_grey(path, 100, 100, &bm) != KIOSK_OK);

    unlink(path);
    KT_EQ_INT(symlink("/etc/shadow", path), 0);
    KT_EQ_INT(brand_load(&b, dir), KIOSK_ERR_CONFIG);
    KT_ASSERT(has_problem(&b, want));

    unlink(path);
    KT_EQ_INT(mkfifo(path, 0600), 0);
    KT_EQ_INT(brand_load(&b, dir), KIOSK_ERR_CONFIG); /* and does not block */
    snprintf(want, sizeof(want), "brand.ini:%d: logo 'logo.svg' is not a regular file", line);
    KT_ASSERT(has_problem(&b, want));

    dir = copy_pack("link-ini");
    snprintf(path, sizeof(path), "%s/brand.ini", dir);
    snprintf(target, sizeof(target), "%s/real.ini", dir);
    rename(path, target);
    KT_EQ_INT(symlink("real.ini", path), 0);
    KT_EQ_INT(brand_load(&b, dir), KIOSK_ERR_CONFIG);
    KT_ASSERT(has_problem(&b, "brand.ini: is a symbolic link"));
    KT_EQ_STR(b.name, "carekiosk"); /* nothing of it applied */

    /* A link patients open on their phone: the same address rule. */
    brand_set_url_check(http_url_check);
    dir = copy_pack("link-userinfo");
    snprintf(path, sizeof(path), "%s/brand.ini", dir);
    char *text;
    size_t len;
    KT_EQ_INT(kfile_read(path, 1 << 20, &text, &len), KIOSK_OK);
    char *at = strstr(text, "bill_pay = https://www.example.org/pay");
    KT_ASSERT(at != NULL);
    int link_line = 1;
    for (char *q = text; q < at; q++)
        link_line += *q == '\n';
    FILE *f = fopen(path, "wb");
    fwrite(text, 1, (size_t)(at - text), f);
    fputs("bill_pay = https://www.example.org@elsewhere.example/pay", f);
    fputs(at + strlen("bill_pay = https://www.example.org/pay"), f);
    fclose(f);
    kmem_free(text);
    KT_EQ_INT(brand_load(&b, dir), KIOSK_ERR_CONFIG);
    snprintf(want, sizeof(want), "brand.ini:%d: link bill_pay", link_line);
    KT_ASSERT(has_problem(&b, want) && has_problem(&b, "user name or password"));
    brand_set_url_check(NULL);

    /* A pack folder reached through a link is fine: that is the configured path. */
    snprintf(path, sizeof(path), "%s/pack-link", scratch_dir());
    unlink(path);
    KT_EQ_INT(symlink(PACKS "default", path), 0);
    KT_EQ_INT(brand_load(&b, path), KIOSK_OK);
    brand_set_image_check(NULL);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"url_rule", test_url_rule},         {"config_urls", test_config_urls},
    {"request_time", test_request_time}, {"fifo_config", test_fifo_config},
    {"read_in", test_read_in},           {"huge_images", test_huge_images},
    {"pack_links", test_pack_links},
};

KTEST_MAIN(tests)
