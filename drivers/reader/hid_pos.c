/* HID POS and keyboard-mode scanner reports; see hid_pos.h. */
#include "drivers/reader/hid_pos.h"
#include "firmware/core/mem.h"

#include <string.h>

void hidpos_init(struct hidpos *s)
{
    memset(s, 0, sizeof(*s));
}

static void append(char *text, size_t cap, size_t *len, bool *overflow, const unsigned char *b,
                   size_t n)
{
    if (*len + n >= cap) {
        *overflow = true;
        return;
    }
    memcpy(text + *len, b, n);
    *len += n;
}

/* The joined code to *out, and the state back to empty. */
static void finish(char *text, size_t cap, size_t *len, bool *overflow, struct reader_input *out)
{
    if (*overflow)
        reader_classify_code(text, cap, out); /* too long (or spoilt): BAD_SCAN */
    else
        reader_classify_code(text, *len, out);
    kmem_wipe(text, cap);
    *len = 0;
    *overflow = false;
}

bool hidpos_feed(struct hidpos *s, const unsigned char *report, size_t len,
                 struct reader_input *out)
{
    if (!report || len < 5 || report[0] != HIDPOS_REPORT_ID)
        return false;
    size_t n = report[1];
    if (n > HIDPOS_DATA_MAX || 5 + n > len) {
        /* A malformed piece spoils the whole code. */
        s->overflow = true;
        n = 0;
    }
    if ((s->len > 0 || s->overflow) && memcmp(s->aim, report + 2, 3) != 0) {
        /* Another symbology while joining: the last report of the code
         * before was lost. That half code is dropped, never glued on. */
        kmem_wipe(s->text, sizeof(s->text));
        s->len = 0;
        s->overflow = false;
    }
    if (s->len == 0 && !s->overflow)
        memcpy(s->aim, report + 2, 3);
    append(s->text, sizeof(s->text), &s->len, &s->overflow, report + 5, n);
    bool more = len >= HIDPOS_REPORT_SIZE && (report[HIDPOS_REPORT_SIZE - 1] & 1);
    if (more)
        return false;
    finish(s->text, sizeof(s->text), &s->len, &s->overflow, out);
    return true;
}

void kbwedge_init(struct kbwedge *s)
{
    memset(s, 0, sizeof(*s));
}

/* US layout: the character for a HID keyboard usage, 0 for none. */
static char us_char(unsigned char usage, bool shift)
{
    static const char digits[] = "1234567890", shifted[] = "!@#$%^&*()";
    static const char punct[] = "-=[]\\#;'`,./", punct_shift[] = "_+{}|~:\"~<>?";
    if (usage >= 0x04 && usage <= 0x1D)
        return (char)((shift ? 'A' : 'a') + (usage - 0x04));
    if (usage >= 0x1E && usage <= 0x27)
        return shift ? shifted[usage - 0x1E] : digits[usage - 0x1E];
    if (usage == 0x2C)
        return ' ';
    if (usage >= 0x2D && usage <= 0x38)
        return shift ? punct_shift[usage - 0x2D] : punct[usage - 0x2D];
    if (usage == 0x54)
        return '/';
    if (usage == 0x55)
        return '*';
    if (usage == 0x56)
        return '-';
    if (usage == 0x57)
        return '+';
    if (usage >= 0x59 && usage <= 0x61)
        return (char)('1' + (usage - 0x59));
    if (usage == 0x62)
        return '0';
    if (usage == 0x63)
        return '.';
    return 0;
}

static bool was_down(const struct kbwedge *s, unsigned char usage)
{
    for (int i = 0; i < 6; i++)
        if (s->down[i] == usage)
            return true;
    return false;
}

bool kbwedge_feed(struct kbwedge *s, const unsigned char *report, size_t len,
                  struct reader_input *out)
{
    if (!report || len < 8)
        return false;
    const unsigned char *keys = report + 2;
    bool rollover = true;
    for (int i = 0; i < 6; i++)
        rollover &= keys[i] == 0x01;
    if (rollover)
        return false; /* too many keys at once: wait for a clean report */
    bool shift = (report[0] & 0x22) != 0;
    bool done = false;
    for (int i = 0; i < 6 && !done; i++) {
        unsigned char k = keys[i];
        if (k < 0x04 || was_down(s, k))
            continue;
        if (k == 0x28 || k == 0x58) { /* Enter, keypad Enter */
            done = true;
            continue;
        }
        char c = us_char(k, shift);
        if (c)
            append(s->text, sizeof(s->text), &s->len, &s->overflow, (const unsigned char *)&c, 1);
        else
            s->overflow = true; /* a key no code contains: spoil it */
    }
    memcpy(s->down, keys, 6);
    if (!done)
        return false;
    if (s->len == 0 && !s->overflow) {
        /* a bare Enter: nothing was scanned */
        return false;
    }
    finish(s->text, sizeof(s->text), &s->len, &s->overflow, out);
    return true;
}
