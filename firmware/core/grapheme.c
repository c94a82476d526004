/* Extended grapheme clusters, by the rules of UAX #29 (Unicode 15.1) that
 * the kiosk's scripts need: CR LF, controls, combining marks (Extend),
 * spacing marks, Hangul syllables, Indic conjuncts (GB9c: consonant, virama,
 * consonant, for Devanagari, Bengali, Gujarati, Oriya, Telugu, Malayalam),
 * emoji ZWJ sequences with modifiers and variation selectors (GB11) and
 * regional-indicator pairs (GB12/13). The property tables are the ranges of
 * those scripts and of the emoji blocks, not the whole Unicode database. */
#include "firmware/core/str.h"

#include <string.h>

enum gcb {
    GCB_OTHER,
    GCB_CR,
    GCB_LF,
    GCB_CONTROL,
    GCB_EXTEND,
    GCB_ZWJ,
    GCB_SPACING,
    GCB_RI,
    GCB_L,
    GCB_V,
    GCB_T,
    GCB_LV,
    GCB_LVT,
};

struct range {
    unsigned lo, hi;
};

static bool in(unsigned cp, const struct range *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return true;
    return false;
}
#define IN(cp, table) in(cp, table, sizeof(table) / sizeof(table[0]))

/* Grapheme_Cluster_Break=Extend (nonspacing and enclosing marks, ZWNJ,
 * variation selectors, emoji modifiers, tags) in the blocks the kiosk meets. */
static const struct range extend[] = {
    {0x0300, 0x036F},   {0x0483, 0x0489},   {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
    {0x05C4, 0x05C5},   {0x05C7, 0x05C7},   {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670},
    {0x06D6, 0x06DC},   {0x06DF, 0x06E4},   {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0900, 0x0902},
    {0x093A, 0x093A},   {0x093C, 0x093C},   {0x0941, 0x0948}, {0x094D, 0x094D}, {0x0951, 0x0957},
    {0x0962, 0x0963},   {0x0981, 0x0981},   {0x09BC, 0x09BC}, {0x09BE, 0x09BE}, {0x09C1, 0x09C4},
    {0x09CD, 0x09CD},   {0x09D7, 0x09D7},   {0x09E2, 0x09E3}, {0x0A01, 0x0A02}, {0x0A3C, 0x0A3C},
    {0x0A41, 0x0A51},   {0x0A70, 0x0A71},   {0x0A75, 0x0A75}, {0x0A81, 0x0A82}, {0x0ABC, 0x0ABC},
    {0x0AC1, 0x0AC8},   {0x0ACD, 0x0ACD},   {0x0AE2, 0x0AE3}, {0x0B01, 0x0B01}, {0x0B3C, 0x0B3C},
    {0x0B3F, 0x0B3F},   {0x0B41, 0x0B44},   {0x0B4D, 0x0B4D}, {0x0B55, 0x0B57}, {0x0BC0, 0x0BC0},
    {0x0BCD, 0x0BCD},   {0x0C00, 0x0C00},   {0x0C3E, 0x0C40}, {0x0C46, 0x0C56}, {0x0CBC, 0x0CBC},
    {0x0CCC, 0x0CCD},   {0x0D41, 0x0D44},   {0x0D4D, 0x0D4D}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
    {0x0E47, 0x0E4E},   {0x1AB0, 0x1AFF},   {0x1DC0, 0x1DFF}, {0x200C, 0x200C}, {0x20D0, 0x20FF},
    {0x302A, 0x302F},   {0x3099, 0x309A},   {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0x1F3FB, 0x1F3FF},
    {0xE0020, 0xE007F}, {0xE0100, 0xE01EF},
};

/* Grapheme_Cluster_Break=SpacingMark of the Indic scripts. */
static const struct range spacing[] = {
    {0x0903, 0x0903}, {0x093B, 0x093B}, {0x093E, 0x0940}, {0x0949, 0x094C}, {0x094E, 0x094F},
    {0x0982, 0x0983}, {0x09BF, 0x09C0}, {0x09C7, 0x09CC}, {0x0A03, 0x0A03}, {0x0A3E, 0x0A40},
    {0x0A83, 0x0A83}, {0x0ABE, 0x0AC0}, {0x0AC9, 0x0ACC}, {0x0B02, 0x0B03}, {0x0B40, 0x0B40},
    {0x0B47, 0x0B4C}, {0x0BBF, 0x0BBF}, {0x0BC1, 0x0BCC}, {0x0C01, 0x0C03}, {0x0C41, 0x0C44},
    {0x0C82, 0x0C83}, {0x0CBE, 0x0CC4}, {0x0D02, 0x0D03}, {0x0D3F, 0x0D40}, {0x0D46, 0x0D4C},
    {0x0E33, 0x0E33},
};

/* Indic_Conjunct_Break=Consonant (GB9c), with the script's virama. */
static const struct {
    unsigned lo, hi, virama;
} conjunct[] = {
    {0x0915, 0x0939, 0x094D}, {0x0958, 0x095F, 0x094D}, {0x0978, 0x097F, 0x094D},
    {0x0995, 0x09B9, 0x09CD}, {0x09DC, 0x09DF, 0x09CD}, {0x0A95, 0x0AB9, 0x0ACD},
    {0x0B15, 0x0B39, 0x0B4D}, {0x0B5C, 0x0B5F, 0x0B4D}, {0x0C15, 0x0C39, 0x0C4D},
    {0x0D15, 0x0D3A, 0x0D4D},
};

/* Extended_Pictographic: the emoji blocks and the older symbols used as emoji. */
static const struct range pictographic[] = {
    {0x00A9, 0x00A9},   {0x00AE, 0x00AE},   {0x203C, 0x203C},   {0x2049, 0x2049},
    {0x2122, 0x2122},   {0x2139, 0x2139},   {0x2194, 0x2199},   {0x21A9, 0x21AA},
    {0x231A, 0x231B},   {0x2328, 0x2328},   {0x23CF, 0x23CF},   {0x23E9, 0x23F3},
    {0x23F8, 0x23FA},   {0x24C2, 0x24C2},   {0x25AA, 0x25AB},   {0x25B6, 0x25B6},
    {0x25C0, 0x25C0},   {0x25FB, 0x25FE},   {0x2600, 0x27BF},   {0x2934, 0x2935},
    {0x2B05, 0x2B07},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},
    {0x3030, 0x3030},   {0x303D, 0x303D},   {0x3297, 0x3297},   {0x3299, 0x3299},
    {0x1F000, 0x1F1E5}, {0x1F200, 0x1F3FA}, {0x1F400, 0x1FAFF}, {0x1FC00, 0x1FFFD},
};

static enum gcb gcb_of(unsigned cp)
{
    if (cp == '\r')
        return GCB_CR;
    if (cp == '\n')
        return GCB_LF;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029)
        return GCB_CONTROL;
    if (cp < 0x300)
        return GCB_OTHER; /* ASCII and Latin-1: the fast path */
    if (cp == 0x200D)
        return GCB_ZWJ;
    if (cp >= 0x1F1E6 && cp <= 0x1F1FF)
        return GCB_RI;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0xA960 && cp <= 0xA97C))
        return GCB_L;
    if ((cp >= 0x1160 && cp <= 0x11A7) || (cp >= 0xD7B0 && cp <= 0xD7C6))
        return GCB_V;
    if ((cp >= 0x11A8 && cp <= 0x11FF) || (cp >= 0xD7CB && cp <= 0xD7FB))
        return GCB_T;
    if (cp >= 0xAC00 && cp <= 0xD7A3)
        return (cp - 0xAC00) % 28 == 0 ? GCB_LV : GCB_LVT;
    if (IN(cp, extend))
        return GCB_EXTEND;
    if (IN(cp, spacing))
        return GCB_SPACING;
    return GCB_OTHER;
}

/* The virama of cp's script when cp is a conjunct-forming consonant, else 0. */
static unsigned consonant_virama(unsigned cp)
{
    for (size_t i = 0; i < sizeof(conjunct) / sizeof(conjunct[0]); i++)
        if (cp >= conjunct[i].lo && cp <= conjunct[i].hi)
            return conjunct[i].virama;
    return 0;
}

/* One code point at s (avail bytes); a malformed byte counts as one code
 * point of its own (U+FFFD), so text is never split inside a sequence. */
static size_t next_cp(const char *s, size_t avail, unsigned *cp)
{
    size_t n = kstr_utf8_seq((const unsigned char *)s, avail, cp);
    if (n == 0) {
        *cp = 0xFFFD;
        n = 1;
    }
    return n;
}

size_t kstr_grapheme_next(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    unsigned cp;
    size_t at = next_cp(s, len, &cp);
    enum gcb prev = gcb_of(cp);
    bool pict_run = IN(cp, pictographic); /* ExtPict Extend* so far (GB11) */
    bool zwj_after_pict = false;
    unsigned virama = consonant_virama(cp); /* GB9c: in a conjunct of this script */
    bool linked = false;                    /* ... and a virama came after the consonant */
    int ri = prev == GCB_RI ? 1 : 0;
    if (prev == GCB_CONTROL || prev == GCB_LF)
        return at; /* GB4 */
    while (at < len) {
        unsigned next;
        size_t n = next_cp(s + at, len - at, &next);
        enum gcb g = gcb_of(next);
        bool join;
        if (prev == GCB_CR)
            join = g == GCB_LF; /* GB3, GB4 */
        else if (g == GCB_CONTROL || g == GCB_CR || g == GCB_LF)
            join = false; /* GB5 */
        else if (prev == GCB_L)
            join = g == GCB_L || g == GCB_V || g == GCB_LV || g == GCB_LVT; /* GB6 */
        else if ((prev == GCB_LV || prev == GCB_V) && (g == GCB_V || g == GCB_T))
            join = true; /* GB7 */
        else if ((prev == GCB_LVT || prev == GCB_T) && g == GCB_T)
            join = true; /* GB8 */
        else if (g == GCB_EXTEND || g == GCB_ZWJ || g == GCB_SPACING)
            join = true; /* GB9, GB9a */
        else if (virama && linked && consonant_virama(next) == virama)
            join = true; /* GB9c: consonant virama consonant */
        else if (zwj_after_pict && IN(next, pictographic))
            join = true; /* GB11 */
        else if (prev == GCB_RI && g == GCB_RI && ri % 2 == 1)
            join = true; /* GB12, GB13 */
        else
            join = false; /* GB999 */
        if (!join)
            break;
        /* Carry the states of GB9c, GB11 and GB12/13. */
        if (virama && next == virama)
            linked = true;
        else if (virama && consonant_virama(next) == virama)
            linked = false;
        else if (g != GCB_EXTEND && g != GCB_ZWJ)
            virama = 0;
        if (IN(next, pictographic)) {
            pict_run = true;
            zwj_after_pict = false;
        } else if (g == GCB_ZWJ) {
            zwj_after_pict = pict_run;
            pict_run = false;
        } else if (g != GCB_EXTEND) {
            pict_run = zwj_after_pict = false;
        }
        ri = g == GCB_RI ? ri + 1 : 0;
        prev = g;
        at += n;
    }
    return at;
}

size_t kstr_grapheme_prefix(const char *s, size_t len, size_t max)
{
    size_t at = 0;
    while (at < len) {
        size_t n = kstr_grapheme_next(s + at, len - at);
        if (at + n > max)
            break;
        at += n;
    }
    return at;
}

size_t kstr_grapheme_count(const char *s)
{
    size_t len = strlen(s), at = 0, count = 0;
    while (at < len) {
        at += kstr_grapheme_next(s + at, len - at);
        count++;
    }
    return count;
}

bool kstr_copy_ellipsis(char *dst, size_t size, const char *src)
{
    static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026 */
    if (size == 0)
        return false;
    src = src ? src : "";
    size_t len = strlen(src);
    if (len < size) {
        memcpy(dst, src, len + 1);
        return true;
    }
    size_t room = size > sizeof(ellipsis) ? size - sizeof(ellipsis) : 0;
    size_t n = kstr_grapheme_prefix(src, len, room);
    while (n > 0 && src[n - 1] == ' ')
        n--; /* "word …" reads as a cut word */
    memcpy(dst, src, n);
    if (n + sizeof(ellipsis) <= size)
        memcpy(dst + n, ellipsis, sizeof(ellipsis));
    else
        dst[n] = '\0';
    return false;
}
