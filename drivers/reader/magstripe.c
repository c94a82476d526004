/* MagTek and ID TECH swipe reports to track text; see magstripe.h. */
#include "drivers/reader/magstripe.h"
#include "drivers/reader/track.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"

#include <string.h>

#define MOD       "magstripe"
#define HEADER    7
#define TEXT_MAX  600 /* three tracks with sentinels and separators */
#define FIELD_STD 110
#define FIELD_LNG 112

static const char start_of[3] = {'%', ';', ';'};

/* Append one track to text with its sentinels; false when it does not fit
 * or holds a byte no track can (NUL, control characters). */
static bool add_track(char *text, size_t *n, int track, const unsigned char *data, size_t len)
{
    if (len == 0)
        return true;
    bool has_start = data[0] == (unsigned char)start_of[track];
    bool has_end = data[len - 1] == '?';
    if (*n + len + 3 > TEXT_MAX)
        return false;
    for (size_t i = 0; i < len; i++)
        if (data[i] < 0x20 || data[i] > 0x7E)
            return false;
    if (*n > 0)
        text[(*n)++] = '\n';
    if (!has_start)
        text[(*n)++] = start_of[track];
    memcpy(text + *n, data, len);
    *n += len;
    if (!has_end)
        text[(*n)++] = '?';
    return true;
}

/* Fill text from the report; false for a malformed or failed swipe. */
static bool decode(enum magstripe_format fmt, const unsigned char *r, size_t len, char *text,
                   size_t *n)
{
    *n = 0;
    if (len < HEADER + (fmt == MAGSTRIPE_IDTECH ? 2 : 0))
        return false;
    /* Track 3 is never used for identification; its status is ignored. */
    bool t1 = r[0] == 0 && r[3] > 0, t2 = r[1] == 0 && r[4] > 0;
    if (!t1 && !t2)
        return false;
    if (fmt == MAGSTRIPE_MAGTEK) {
        size_t field;
        if (len == HEADER + 3 * FIELD_STD)
            field = FIELD_STD;
        else if (len == HEADER + 3 * FIELD_LNG)
            field = FIELD_LNG;
        else
            return false; /* truncated or unknown layout */
        for (int t = 0; t < 2; t++) {
            size_t tl = r[3 + t];
            if (tl > field)
                return false;
            if ((t == 0 ? t1 : t2) && !add_track(text, n, t, r + HEADER + (size_t)t * field, tl))
                return false;
        }
        return true;
    }
    size_t total = (size_t)r[7] | (size_t)r[8] << 8;
    size_t l1 = r[3], l2 = r[4], l3 = r[5];
    if (total > MAGSTRIPE_IDTECH_MAX || l1 + l2 + l3 > total || len < HEADER + 2 + total)
        return false;
    const unsigned char *data = r + HEADER + 2;
    if (t1 && !add_track(text, n, 0, data, l1))
        return false;
    if (t2 && !add_track(text, n, 1, data + l1, l2))
        return false;
    return true;
}

void magstripe_report(enum magstripe_format fmt, unsigned char *report, size_t len,
                      const struct track_policy *policy, struct reader_input *out)
{
    char text[TEXT_MAX];
    size_t n = 0;
    memset(out, 0, sizeof(*out));
    if (report && (fmt == MAGSTRIPE_MAGTEK || fmt == MAGSTRIPE_IDTECH) &&
        decode(fmt, report, len, text, &n)) {
        reader_classify_swipe(text, n, policy, out); /* wipes text[0..n) */
    } else {
        out->kind = READER_BAD_SWIPE;
        log_info(MOD, "unreadable swipe report (%zu bytes)", len);
    }
    kmem_wipe(text, sizeof(text));
    if (report)
        kmem_wipe(report, len);
}
