/* Printer status bytes: every bit of the DLE EOT replies and ASB reports,
 * the fixed bits that tell them apart, a stream of both split across reads
 * at every position, IEEE 1284 device ids in their forms, port status and
 * the command bytes. */
#include "drivers/printer/escpos_status.h"
#include "ktest.h"

/* Fields as a string "E N C O X" (paper end, near end, cover, offline,
 * error) with '-' for false, for short expectations. */
static const char *flags(const struct escpos_status *s)
{
    static char out[6];
    out[0] = s->paper_end ? 'E' : '-';
    out[1] = s->paper_near_end ? 'N' : '-';
    out[2] = s->cover_open ? 'C' : '-';
    out[3] = s->offline ? 'O' : '-';
    out[4] = s->error ? 'X' : '-';
    out[5] = '\0';
    return out;
}

static enum ktest_result test_reply_bits(void)
{
    static const struct {
        int n;
        unsigned char byte;
        const char *want;
    } cases[] = {
        {1, 0x12, "-----"}, {1, 0x1A, "---O-"}, /* bit 3 offline */
        {1, 0x16, "-----"},                     /* bit 2: drawer, not read */
        {1, 0x32, "-----"},                     /* bit 5: waiting for recovery */
        {1, 0x52, "-----"},                     /* bit 6: feed button */
        {2, 0x12, "-----"}, {2, 0x16, "--C--"}, /* bit 2 cover open */
        {2, 0x1A, "-----"},                     /* bit 3: feeding by button */
        {2, 0x72, "-----"},                     /* bits 5, 6: told by n = 4 and n = 3 */
        {3, 0x12, "-----"}, {3, 0x1A, "----X"}, /* bit 3 autocutter */
        {3, 0x32, "----X"},                     /* bit 5 unrecoverable */
        {3, 0x52, "----X"},                     /* bit 6 auto-recoverable */
        {3, 0x16, "-----"},                     /* bit 2: model-dependent, not read */
        {4, 0x12, "-----"}, {4, 0x1E, "-N---"}, /* bits 2-3 near end */
        {4, 0x16, "-N---"}, {4, 0x1A, "-N---"}, /* either bit */
        {4, 0x72, "E----"}, {4, 0x32, "E----"}, /* bits 5-6 paper end */
        {4, 0x7E, "EN---"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct escpos_status s = {0};
        KT_EQ_INT(escpos_status_reply(cases[i].n, cases[i].byte, &s), KIOSK_OK);
        KT_ASSERT(s.known);
        if (strcmp(flags(&s), cases[i].want) != 0)
            KT_FAIL_AT("case %zu: n=%d %02x gives %s, want %s", i, cases[i].n, cases[i].byte,
                       flags(&s), cases[i].want);
    }
    /* A reply sets only its own fields, and clears them again. */
    struct escpos_status s = {0};
    KT_EQ_INT(escpos_status_reply(4, 0x7E, &s), KIOSK_OK);
    KT_EQ_INT(escpos_status_reply(2, 0x16, &s), KIOSK_OK);
    KT_EQ_STR(flags(&s), "ENC--");
    KT_EQ_INT(escpos_status_reply(4, 0x12, &s), KIOSK_OK);
    KT_EQ_STR(flags(&s), "--C--");
    return KTEST_PASS;
}

static enum ktest_result test_reply_fixed_bits(void)
{
    /* Every byte without 0xx1xx10 is refused and changes nothing. */
    int accepted = 0;
    for (int b = 0; b < 256; b++) {
        struct escpos_status s = {0};
        enum kiosk_err err = escpos_status_reply(4, (unsigned char)b, &s);
        bool fixed = (b & 0x93) == 0x12;
        KT_EQ_INT(err, fixed ? KIOSK_OK : KIOSK_ERR_PROTOCOL);
        if (!fixed)
            KT_ASSERT(!s.known && !s.paper_end && !s.paper_near_end);
        accepted += fixed;
    }
    KT_EQ_INT(accepted, 16); /* four fixed bits */
    struct escpos_status s = {0};
    KT_EQ_INT(escpos_status_reply(0, 0x12, &s), KIOSK_ERR_INVALID);
    KT_EQ_INT(escpos_status_reply(5, 0x12, &s), KIOSK_ERR_INVALID);
    KT_EQ_INT(escpos_status_reply(1, 0x12, NULL), KIOSK_ERR_INVALID);
    /* An ASB first byte is not a reply, nor is XOFF. */
    KT_EQ_INT(escpos_status_reply(1, 0x10, &s), KIOSK_ERR_PROTOCOL);
    KT_EQ_INT(escpos_status_reply(1, 0x13, &s), KIOSK_ERR_PROTOCOL);
    return KTEST_PASS;
}

static enum ktest_result test_asb_bits(void)
{
    static const struct {
        unsigned char r[4];
        const char *want;
    } cases[] = {
        {{0x10, 0x00, 0x00, 0x00}, "-----"}, {{0x18, 0x00, 0x00, 0x00}, "---O-"},
        {{0x30, 0x00, 0x00, 0x00}, "--C--"}, {{0x14, 0x00, 0x00, 0x00}, "-----"}, /* drawer */
        {{0x50, 0x00, 0x00, 0x00}, "-----"},                                      /* feed */
        {{0x10, 0x08, 0x00, 0x00}, "----X"}, {{0x10, 0x20, 0x00, 0x00}, "----X"},
        {{0x10, 0x40, 0x00, 0x00}, "----X"}, {{0x10, 0x04, 0x00, 0x00}, "-----"},
        {{0x10, 0x00, 0x03, 0x00}, "-N---"}, {{0x10, 0x00, 0x01, 0x00}, "-N---"},
        {{0x10, 0x00, 0x0C, 0x00}, "E----"}, {{0x10, 0x00, 0x04, 0x00}, "E----"},
        {{0x10, 0x00, 0x0F, 0x0F}, "EN---"}, {{0x78, 0x68, 0x0F, 0x00}, "ENCOX"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct escpos_status s = {0};
        KT_EQ_INT(escpos_asb_report(cases[i].r, &s), KIOSK_OK);
        KT_ASSERT(s.known);
        if (strcmp(flags(&s), cases[i].want) != 0)
            KT_FAIL_AT("case %zu gives %s, want %s", i, flags(&s), cases[i].want);
    }
    /* Fixed bits: first byte 0xx1xx00, the others 0xx0xxxx. */
    static const unsigned char bad[][4] = {
        {0x12, 0, 0, 0},    {0x00, 0, 0, 0},    {0x90, 0, 0, 0},    {0x11, 0, 0, 0},
        {0x10, 0x10, 0, 0}, {0x10, 0, 0x80, 0}, {0x10, 0, 0, 0x10},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct escpos_status s = {0};
        KT_EQ_INT(escpos_asb_report(bad[i], &s), KIOSK_ERR_PROTOCOL);
        KT_ASSERT(!s.known);
    }
    return KTEST_PASS;
}

/* A stream: ASB (cover open), a reply, XOFF inside an ASB (paper out), a
 * GS I style reply byte, a reply inside an ASB, then ASB (all clear). */
static const unsigned char stream[] = {
    0x30, 0x00, 0x00, 0x00,       /* ASB: cover open */
    0x1E,                         /* reply: near end (DLE EOT 4) */
    0x18, 0x00, 0x13, 0x0C, 0x00, /* ASB with XOFF inside: offline, paper end */
    0x41,                         /* a GS I answer byte (0xx0xxxx) */
    0x10, 0x00, 0x12, 0x03, 0x00, /* ASB with a DLE EOT reply inside: near end */
    0x10, 0x00, 0x00, 0x00,       /* ASB: all clear */
};
static const unsigned char stream_replies[] = {0x1E, 0x41, 0x12};

static enum ktest_result feed_split(size_t cut1, size_t cut2, struct escpos_status *s,
                                    struct escpos_in *in)
{
    unsigned char replies[16];
    size_t n = 0;
    size_t cuts[] = {0, cut1, cut2, sizeof(stream)};
    escpos_in_init(in);
    for (int k = 0; k < 3; k++)
        n += escpos_in_feed(in, stream + cuts[k], cuts[k + 1] - cuts[k], s, replies + n,
                            sizeof(replies) - n);
    KT_EQ_INT(n, sizeof(stream_replies));
    KT_ASSERT(memcmp(replies, stream_replies, n) == 0);
    KT_EQ_INT(in->reports, 4);
    KT_EQ_INT(in->dropped, 0);
    KT_EQ_INT(in->asb_len, 0);
    return KTEST_PASS;
}

static enum ktest_result test_stream_split_anywhere(void)
{
    for (size_t a = 0; a <= sizeof(stream); a++) {
        for (size_t b = a; b <= sizeof(stream); b++) {
            struct escpos_status s = {0};
            struct escpos_in in;
            enum ktest_result r = feed_split(a, b, &s, &in);
            if (r != KTEST_PASS) {
                fprintf(stderr, "  split at %zu and %zu\n", a, b);
                return r;
            }
            KT_EQ_STR(flags(&s), "-----");
            KT_EQ_INT(escpos_status_state(&s), PRINTER_OK);
        }
    }
    /* Report by report, the state follows. */
    static const struct {
        size_t upto;
        enum printer_state state;
    } steps[] = {{4, PRINTER_COVER_OPEN}, {10, PRINTER_PAPER_OUT}, {16, PRINTER_PAPER_LOW}};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        struct escpos_status s = {0};
        struct escpos_in in;
        escpos_in_init(&in);
        escpos_in_feed(&in, stream, steps[i].upto, &s, NULL, 0);
        KT_EQ_INT(escpos_status_state(&s), steps[i].state);
    }
    return KTEST_PASS;
}

static enum ktest_result test_stream_broken_and_full(void)
{
    struct escpos_status s = {0};
    struct escpos_in in;
    unsigned char replies[2];
    /* A report cut by a new header: the first is dropped, the second read. */
    static const unsigned char cut[] = {0x30, 0x00, 0x18, 0x00, 0x00, 0x00};
    escpos_in_init(&in);
    KT_EQ_INT(escpos_in_feed(&in, cut, sizeof(cut), &s, replies, sizeof(replies)), 0);
    KT_EQ_INT(in.reports, 1);
    KT_EQ_INT(in.dropped, 2);
    KT_EQ_STR(flags(&s), "---O-");
    /* A report cut by a byte that is neither: dropped, the byte a reply. */
    static const unsigned char junk[] = {0x10, 0x00, 0xFF, 0x12, 0x1A};
    escpos_in_init(&in);
    KT_EQ_INT(escpos_in_feed(&in, junk, sizeof(junk), &s, replies, sizeof(replies)), 2);
    KT_EQ_INT(replies[0], 0xFF);
    KT_EQ_INT(replies[1], 0x12);
    KT_EQ_INT(in.dropped, 2 + 1); /* the broken report, and 0x1A beyond cap */
    KT_EQ_INT(in.reports, 0);
    /* Nothing to feed is fine; NULL status still splits. */
    KT_EQ_INT(escpos_in_feed(&in, NULL, 0, &s, NULL, 0), 0);
    KT_EQ_INT(escpos_in_feed(&in, stream, sizeof(stream), NULL, replies, 2), 2);
    return KTEST_PASS;
}

static enum ktest_result test_state_order(void)
{
    struct escpos_status s = {0};
    KT_EQ_INT(escpos_status_state(&s), PRINTER_OK); /* nothing known: prints */
    KT_EQ_INT(escpos_status_state(NULL), PRINTER_OK);
    s = (struct escpos_status){.paper_end = true,
                               .paper_near_end = true,
                               .cover_open = true,
                               .offline = true,
                               .error = true,
                               .known = true};
    KT_EQ_INT(escpos_status_state(&s), PRINTER_PAPER_OUT);
    s.paper_end = false;
    KT_EQ_INT(escpos_status_state(&s), PRINTER_COVER_OPEN);
    s.cover_open = false;
    KT_EQ_INT(escpos_status_state(&s), PRINTER_OFFLINE);
    s.offline = false;
    KT_EQ_INT(escpos_status_state(&s), PRINTER_OFFLINE); /* error */
    s.error = false;
    KT_EQ_INT(escpos_status_state(&s), PRINTER_PAPER_LOW);
    s.paper_near_end = false;
    KT_EQ_INT(escpos_status_state(&s), PRINTER_OK);
    return KTEST_PASS;
}

/* A device id with the big-endian length in front. */
static size_t with_length(const char *text, unsigned char *out, bool little)
{
    size_t n = strlen(text) + 2;
    out[little ? 1 : 0] = (unsigned char)(n >> 8);
    out[little ? 0 : 1] = (unsigned char)n;
    memcpy(out + 2, text, n - 2);
    return n;
}

static enum ktest_result test_device_id_forms(void)
{
    static unsigned char buf[1100];
    struct escpos_device_id id;
    size_t n =
        with_length("MFG:EPSON;CMD:ESCPOS;MDL:TM-T20II;CLS:PRINTER;DES:TM-T20II;", buf, false);
    KT_EQ_INT(escpos_device_id_parse(buf, n, &id), KIOSK_OK);
    KT_EQ_STR(id.mfg, "EPSON");
    KT_EQ_STR(id.mdl, "TM-T20II");
    KT_EQ_STR(id.cmd, "ESCPOS");
    /* Long keys, mixed case, spaces, no final ';', extra bytes after the
     * length ignored. */
    n = with_length("manufacturer: Star Micronics ; Model:TSP143IIIU;COMMAND SET: STAR,ESCPOS", buf,
                    false);
    memcpy(buf + n, "MDL:NOT-THIS;", 13);
    KT_EQ_INT(escpos_device_id_parse(buf, n + 13, &id), KIOSK_OK);
    KT_EQ_STR(id.mfg, "Star Micronics");
    KT_EQ_STR(id.mdl, "TSP143IIIU");
    KT_EQ_STR(id.cmd, "STAR,ESCPOS");
    /* Little-endian length (a firmware bug), only a model. */
    n = with_length("MDL:POS-58;", buf, true);
    KT_EQ_INT(escpos_device_id_parse(buf, n, &id), KIOSK_OK);
    KT_EQ_STR(id.mfg, "");
    KT_EQ_STR(id.mdl, "POS-58");
    /* The first of a key wins; control bytes are masked; long values cut. */
    n = with_length("MDL:A\x01"
                    "B;MDL:C;MFG:0123456789012345678901234567890123456789012345678901234;",
                    buf, false);
    KT_EQ_INT(escpos_device_id_parse(buf, n, &id), KIOSK_OK);
    KT_EQ_STR(id.mdl, "A?B");
    KT_EQ_INT(strlen(id.mfg), 47);
    /* NUL ends the data. */
    n = with_length("MFG:X;", buf, false);
    buf[1] = (unsigned char)(buf[1] + 8);
    memcpy(buf + n, "\0MDL:Y;", 8);
    KT_EQ_INT(escpos_device_id_parse(buf, n + 8, &id), KIOSK_OK);
    KT_EQ_STR(id.mfg, "X");
    KT_EQ_STR(id.mdl, "");
    /* A long id (over 255 bytes: the high length byte matters). */
    static char big[1000];
    memset(big, 'x', sizeof(big));
    memcpy(big, "DES:", 4);
    memcpy(big + 900, ";MDL:TM-T88IV;", 14);
    big[999] = '\0';
    n = with_length(big, buf, false);
    KT_EQ_INT(escpos_device_id_parse(buf, n, &id), KIOSK_OK);
    KT_EQ_STR(id.mdl, "TM-T88IV");
    return KTEST_PASS;
}

static enum ktest_result test_device_id_refused(void)
{
    struct escpos_device_id id;
    static const struct {
        unsigned char bytes[16];
        size_t len;
    } cases[] = {
        {{0}, 0},
        {{0x00}, 1},
        {{0x00, 0x01}, 2},                               /* length below 2 */
        {{0x00, 0x20, 'M', 'F', 'G', ':', 'X'}, 7},      /* longer than the data */
        {{0x00, 0x08, 'D', 'E', 'S', ':', 'X', ';'}, 8}, /* no known key */
        {{0x00, 0x08, 'M', 'F', 'G', 'X', 'Y', ';'}, 8}, /* no colon */
        {{0x00, 0x02}, 2},                               /* empty */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memset(&id, 'z', sizeof(id));
        KT_EQ_INT(escpos_device_id_parse(cases[i].bytes, cases[i].len, &id), KIOSK_ERR_PROTOCOL);
        KT_EQ_STR(id.mfg, "");
        KT_EQ_STR(id.mdl, "");
    }
    KT_EQ_INT(escpos_device_id_parse(NULL, 4, &id), KIOSK_ERR_INVALID);
    KT_EQ_INT(escpos_device_id_parse(cases[0].bytes, 4, NULL), KIOSK_ERR_INVALID);
    return KTEST_PASS;
}

static enum ktest_result test_port_status(void)
{
    static const struct {
        unsigned char byte;
        const char *want;
    } cases[] = {
        {0x18, "-----"},                  /* selected, no error */
        {0x38, "E----"},                  /* paper empty */
        {0x08, "---O-"},                  /* not selected */
        {0x10, "----X"},                  /* error */
        {0x20, "E--OX"}, {0xDF, "-----"}, /* other bits mean nothing here */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct escpos_status s = {.cover_open = true, .paper_near_end = true};
        escpos_port_status(cases[i].byte, &s);
        KT_ASSERT(s.known);
        s.cover_open = s.paper_near_end = false; /* not reported by the port: untouched */
        if (strcmp(flags(&s), cases[i].want) != 0)
            KT_FAIL_AT("case %zu (%02x) gives %s, want %s", i, cases[i].byte, flags(&s),
                       cases[i].want);
    }
    escpos_port_status(0x18, NULL);
    return KTEST_PASS;
}

static enum ktest_result test_commands(void)
{
    unsigned char out[3] = {0};
    for (int n = 1; n <= 4; n++) {
        KT_EQ_INT(escpos_cmd_status_query(n, out), 3);
        KT_ASSERT(out[0] == 0x10 && out[1] == 0x04 && out[2] == n);
    }
    memset(out, 0xAA, sizeof(out));
    KT_EQ_INT(escpos_cmd_status_query(0, out), 0);
    KT_EQ_INT(escpos_cmd_status_query(5, out), 0);
    KT_EQ_INT(out[0], 0xAA);
    KT_EQ_INT(escpos_cmd_asb_enable(out), 3);
    KT_ASSERT(out[0] == 0x1D && out[1] == 'a' && out[2] == 0x0E);
    KT_EQ_INT(escpos_cmd_asb_disable(out), 3);
    KT_ASSERT(out[0] == 0x1D && out[1] == 'a' && out[2] == 0);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"reply_bits", test_reply_bits},
    {"reply_fixed_bits", test_reply_fixed_bits},
    {"asb_bits", test_asb_bits},
    {"stream_split_anywhere", test_stream_split_anywhere},
    {"stream_broken_and_full", test_stream_broken_and_full},
    {"state_order", test_state_order},
    {"device_id_forms", test_device_id_forms},
    {"device_id_refused", test_device_id_refused},
    {"port_status", test_port_status},
    {"commands", test_commands},
};

KTEST_MAIN(tests)
