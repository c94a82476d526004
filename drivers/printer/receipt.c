#include "drivers/printer/receipt.h"
#include "firmware/core/str.h"

#include <string.h>

void receipt_init(struct receipt *r)
{
    memset(r, 0, sizeof(*r));
}

/* The next free item, zeroed, or NULL when the receipt is full. */
static struct receipt_item *next_item(struct receipt *r)
{
    if (r->count < 0 || r->count >= RECEIPT_MAX_ITEMS)
        return NULL;
    struct receipt_item *it = &r->items[r->count++];
    memset(it, 0, sizeof(*it));
    return it;
}

/* Bytes of text (len) that go in one item: all of it when it fits, else
 * up to the last space that fits, else whole clusters. */
static size_t item_cut(const char *text, size_t len)
{
    if (len < RECEIPT_TEXT_MAX)
        return len;
    size_t n = kstr_grapheme_prefix(text, len, RECEIPT_TEXT_MAX - 1);
    for (size_t k = n; k > 0; k--)
        if (text[k - 1] == ' ')
            return k;
    if (n > 0)
        return n;
    size_t one = kstr_utf8_seq((const unsigned char *)text, len, NULL); /* a cluster that long */
    return one > 0 ? one : 1;
}

enum kiosk_err receipt_text(struct receipt *r, const char *utf8, enum receipt_size size,
                            enum receipt_align align, bool bold)
{
    if (!utf8)
        return KIOSK_ERR_INVALID;
    size_t len = strlen(utf8);
    do {
        struct receipt_item *it = next_item(r);
        if (!it)
            return KIOSK_ERR_FULL;
        size_t n = item_cut(utf8, len);
        it->kind = RECEIPT_TEXT;
        it->size = size;
        it->align = align;
        it->bold = bold;
        memcpy(it->text, utf8, n);
        it->text[n] = '\0';
        while (n > 0 && it->text[n - 1] == ' ')
            it->text[--n] = '\0';
        utf8 += item_cut(utf8, len);
        len = strlen(utf8);
    } while (len > 0);
    return KIOSK_OK;
}

enum kiosk_err receipt_space(struct receipt *r, int dots)
{
    if (dots < 0)
        return KIOSK_ERR_INVALID;
    struct receipt_item *it = next_item(r);
    if (!it)
        return KIOSK_ERR_FULL;
    it->kind = RECEIPT_SPACE;
    it->space_dots = dots;
    return KIOSK_OK;
}

enum kiosk_err receipt_rule(struct receipt *r)
{
    struct receipt_item *it = next_item(r);
    if (!it)
        return KIOSK_ERR_FULL;
    it->kind = RECEIPT_RULE;
    return KIOSK_OK;
}

enum kiosk_err receipt_qr(struct receipt *r, const char *payload)
{
    /* A cut payload would scan as a different code: refuse instead. */
    if (!payload)
        return KIOSK_ERR_INVALID;
    if (strlen(payload) >= RECEIPT_TEXT_MAX)
        return KIOSK_ERR_TOO_BIG;
    struct receipt_item *it = next_item(r);
    if (!it)
        return KIOSK_ERR_FULL;
    it->kind = RECEIPT_QR;
    it->align = RECEIPT_CENTER;
    memcpy(it->text, payload, strlen(payload) + 1);
    return KIOSK_OK;
}

static enum kiosk_err add_image(struct receipt *r, const uint8_t *pixels, int width, int height,
                                int channels, int max_dots, enum receipt_align align)
{
    if (!pixels || width < 1 || height < 1 || width > 16384 || height > 16384 || max_dots < 0)
        return KIOSK_ERR_INVALID;
    struct receipt_item *it = next_item(r);
    if (!it)
        return KIOSK_ERR_FULL;
    it->kind = RECEIPT_IMAGE;
    it->align = align;
    it->max_dots = max_dots;
    it->image = (struct receipt_image){pixels, width, height, channels};
    return KIOSK_OK;
}

enum kiosk_err receipt_image(struct receipt *r, const struct kbitmap *grey, int max_dots,
                             enum receipt_align align)
{
    if (!grey)
        return KIOSK_ERR_INVALID;
    return add_image(r, grey->pixels, grey->width, grey->height, 1, max_dots, align);
}

enum kiosk_err receipt_image_rgba(struct receipt *r, const uint8_t *rgba, int width, int height,
                                  int max_dots, enum receipt_align align)
{
    return add_image(r, rgba, width, height, 4, max_dots, align);
}
