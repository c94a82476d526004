/* Signatures as SVG and base64, and prefill (forms.h). */
#include "forms.h"

#include <stdio.h>
#include <string.h>

enum kiosk_err form_signature_svg(const struct form_point *pts, int n, int width, int height,
                                  char *out, size_t size)
{
    if (!pts || n <= 0 || n > FORM_SIG_MAX_POINTS || width <= 0 || height <= 0 || !out || !size)
        return KIOSK_ERR_INVALID;
    size_t len = 0;
    int w = snprintf(out, size,
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\">"
                     "<path fill=\"none\" stroke=\"#000\" stroke-width=\"3\" "
                     "stroke-linecap=\"round\" d=\"",
                     width, height);
    if (w < 0 || (size_t)w >= size)
        goto too_big;
    len = (size_t)w;
    for (int i = 0; i < n; i++) {
        int x = pts[i].x < 0 ? 0 : pts[i].x > width ? width : pts[i].x;
        int y = pts[i].y < 0 ? 0 : pts[i].y > height ? height : pts[i].y;
        bool move = i == 0 || pts[i].pen_up;
        w = snprintf(out + len, size - len, "%s%c%d %d", i ? " " : "", move ? 'M' : 'L', x, y);
        if (w < 0 || (size_t)w >= size - len)
            goto too_big;
        len += (size_t)w;
    }
    w = snprintf(out + len, size - len, "\"/></svg>");
    if (w < 0 || (size_t)w >= size - len)
        goto too_big;
    return KIOSK_OK;
too_big:
    out[0] = '\0';
    return KIOSK_ERR_TOO_BIG;
}

enum kiosk_err form_base64(const void *in, size_t len, char *out, size_t size)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = in;
    size_t need = (len + 2) / 3 * 4 + 1;
    if (!out || size < need) {
        if (out && size)
            out[0] = '\0';
        return KIOSK_ERR_TOO_BIG;
    }
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        out[o++] = abc[(v >> 18) & 63];
        out[o++] = abc[(v >> 12) & 63];
        out[o++] = i + 1 < len ? abc[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? abc[v & 63] : '=';
    }
    out[o] = '\0';
    return KIOSK_OK;
}

int form_prefill_apply(const struct form *f, struct form_answers *a, const char *name,
                       const char *birth_date, const char *phone, bool prefilled[FORM_MAX_ITEMS])
{
    bool en[FORM_MAX_ITEMS];
    int n = 0;
    form_enabled(f, a, en);
    for (int i = 0; i < f->item_count; i++) {
        prefilled[i] = false;
        const struct form_item *it = &f->items[i];
        const char *src = it->prefill == FORM_PREFILL_NAME         ? name
                          : it->prefill == FORM_PREFILL_BIRTH_DATE ? birth_date
                          : it->prefill == FORM_PREFILL_PHONE      ? phone
                                                                   : NULL;
        if (!src || !src[0] || !en[i] || a->count[i] > 0 || it->read_only)
            continue;
        struct form_value v;
        if (form_value_parse(it->type, it->max_length, src, &v) != FORM_IN_OK ||
            form_answer_set(f, a, i, &v) != KIOSK_OK)
            continue;
        prefilled[i] = true;
        n++;
    }
    return n;
}
