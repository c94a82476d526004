/* Input reports as the devices send them, built for tests from track text
 * or a code (layouts in drivers/reader/magstripe.h and hid_pos.h). */
#ifndef KIOSK_TEST_REPORTS_H
#define KIOSK_TEST_REPORTS_H

#include <stddef.h>
#include <string.h>

/* Track 1 ('%'...'?') and track 2 (';'...'?') out of .track text. */
static inline void split_tracks(const char *text, const char **t1, size_t *l1, const char **t2,
                                size_t *l2)
{
    *t1 = *t2 = NULL;
    *l1 = *l2 = 0;
    for (const char *p = text; *p; p++) {
        if (*p != '%' && *p != ';')
            continue;
        const char *end = strchr(p, '?');
        if (!end)
            break;
        if (*p == '%' && !*t1) {
            *t1 = p;
            *l1 = (size_t)(end - p + 1);
        } else if (*p == ';' && !*t2) {
            *t2 = p;
            *l2 = (size_t)(end - p + 1);
        }
        p = end;
    }
}

/* MagTek: header + three fields of `field` bytes (110 or 112). */
static inline size_t report_magtek(unsigned char *rep, const char *tracks, size_t field)
{
    const char *t1, *t2;
    size_t l1, l2;
    split_tracks(tracks, &t1, &l1, &t2, &l2);
    memset(rep, 0, 7 + 3 * field);
    rep[3] = (unsigned char)l1;
    rep[4] = (unsigned char)l2;
    if (t1)
        memcpy(rep + 7, t1, l1);
    if (t2)
        memcpy(rep + 7 + field, t2, l2);
    return 7 + 3 * field;
}

/* ID TECH: header, 2-byte total length, the tracks one after the other. */
static inline size_t report_idtech(unsigned char *rep, const char *tracks)
{
    const char *t1, *t2;
    size_t l1, l2;
    split_tracks(tracks, &t1, &l1, &t2, &l2);
    memset(rep, 0, 9);
    rep[3] = (unsigned char)l1;
    rep[4] = (unsigned char)l2;
    rep[7] = (unsigned char)((l1 + l2) & 0xff);
    rep[8] = (unsigned char)((l1 + l2) >> 8);
    if (t1)
        memcpy(rep + 9, t1, l1);
    if (t2)
        memcpy(rep + 9 + l1, t2, l2);
    return 9 + l1 + l2;
}

/* HID POS: 56 data bytes a report, continuation bit in the last byte.
 * Returns the number of reports (at most max). */
static inline int report_hidpos(unsigned char (*reps)[64], int max, const char *aim,
                                const char *code)
{
    size_t len = strlen(code), at = 0;
    int n = 0;
    do {
        size_t chunk = len - at > 56 ? 56 : len - at;
        memset(reps[n], 0, 64);
        reps[n][0] = 0x02;
        reps[n][1] = (unsigned char)chunk;
        memcpy(reps[n] + 2, aim, 3);
        memcpy(reps[n] + 5, code + at, chunk);
        at += chunk;
        reps[n][63] = at < len ? 1 : 0;
        n++;
    } while (at < len && n < max);
    return n;
}

/* A keyboard-mode scanner typing text then Enter: key down, key up for each
 * character (US layout: letters, digits, '-'). Returns the number of reports. */
static inline int report_keys(unsigned char (*reps)[8], int max, const char *text)
{
    int n = 0;
    for (const char *c = text; *c && n + 2 < max; c++) {
        unsigned char usage = 0, mods = 0;
        if (*c >= 'a' && *c <= 'z')
            usage = (unsigned char)(0x04 + (*c - 'a'));
        else if (*c >= 'A' && *c <= 'Z')
            usage = (unsigned char)(0x04 + (*c - 'A')), mods = 0x02;
        else if (*c >= '1' && *c <= '9')
            usage = (unsigned char)(0x1E + (*c - '1'));
        else if (*c == '0')
            usage = 0x27;
        else if (*c == '-')
            usage = 0x2D;
        memset(reps[n], 0, 8);
        reps[n][0] = mods;
        reps[n][2] = usage;
        n++;
        memset(reps[n], 0, 8);
        n++;
    }
    memset(reps[n], 0, 8);
    reps[n][2] = 0x28;
    n++;
    memset(reps[n], 0, 8);
    n++;
    return n;
}

#endif
