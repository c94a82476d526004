/* Guides, a page at a time, and the glossary of billing words (reached
 * from the guides and from a statement). */
#include "firmware/flow/flow_private.h"

/* Guide numbers the widgets may name; the app checks them against its library. */
#define MAX_GUIDES 100
#define MAX_PAGE   99 /* the UI disables "page.next" on the last page */

void flow_glossary_open(struct flow_state *s, enum flow_screen from, int64_t now)
{
    s->guides.query[0] = '\0';
    s->guides.page = 0;
    s->guides.glossary_back = from;
    flow_go(s, SCR_GLOSSARY, now);
}

void flow_guides_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    int i = flow_widget_index(w, "guide.", MAX_GUIDES);
    (void)fx;
    if (i >= 0) {
        s->guides.guide = i;
        s->guides.page = 0;
        s->notice = NOTICE_NONE;
        flow_go(s, SCR_GUIDE, ev->mono_ms);
    } else if (flow_is(w, "glossary")) {
        flow_glossary_open(s, SCR_GUIDES, ev->mono_ms);
    }
}

/* Paging, shared by a guide and the glossary. */
static bool page_tap(struct flow_state *s, const char *w)
{
    if (flow_is(w, "page.next") && s->guides.page < MAX_PAGE)
        s->guides.page++;
    else if (flow_is(w, "page.prev") && s->guides.page > 0)
        s->guides.page--;
    else
        return flow_is(w, "page.next") || flow_is(w, "page.prev");
    return true;
}

void flow_guide_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    if (page_tap(s, w))
        return;
    if (flow_is(w, "guide.print")) {
        struct flow_fx *f = flow_fx_add(fx, FX_PRINT_GUIDE);
        f->id = s->guides.guide;
        s->busy = true;
    }
}

void flow_glossary_tap(struct flow_state *s, const struct flow_event *ev, struct flow_fx_list *fx)
{
    const char *w = ev->widget;
    (void)fx;
    if (page_tap(s, w))
        return;
    if (flow_is(w, "back")) {
        s->notice = NOTICE_NONE;
        flow_go(s, s->guides.glossary_back, ev->mono_ms);
    } else if (flow_has_prefix(w, "key.")) {
        /* The search box takes the same keys as the surname. */
        s->notice = NOTICE_NONE;
        flow_letter_key(s->guides.query, sizeof(s->guides.query) - 1, w + 4);
        s->guides.page = 0;
        s->scroll = 0; /* new results: from the first */
    }
}

void flow_guide_printed(struct flow_state *s, const struct flow_event *ev)
{
    s->busy = false;
    s->notice = ev->err == KIOSK_OK ? NOTICE_GUIDE_PRINTED : NOTICE_PRINT_FAILED;
}
