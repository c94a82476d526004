/* The simulated reader: swipes and scans injected by journey scripts and
 * demo shortcuts, parsed exactly as a USB reader's would be. */
#include "drivers/reader/reader.h"
#include "drivers/reader/track.h"
#include "firmware/core/clock.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <string.h>

#define QUEUE_LEN  16
#define SWIPE_MAX  512 /* three tracks (79 + 40 + 107) with room for line breaks */
#define PREFIX_MAX 20

struct sim {
    struct reader_input queue[QUEUE_LEN];
    int head, count;
    bool connected;
    char prefix[PREFIX_MAX];
    const struct kclock *clock;
    char swipe[SWIPE_MAX]; /* raw track text while it is parsed; wiped after */
};

/* strlen, but at most max (strnlen is POSIX, not C11). */
static size_t bounded_len(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

static enum kiosk_err sim_open(struct reader *r, const struct reader_config *cfg)
{
    struct sim *s = kmem_alloc(sizeof(*s));
    if (!s)
        return KIOSK_ERR_NOMEM;
    if (!kstr_copy(s->prefix, sizeof(s->prefix), cfg->patient_card_prefix)) {
        kmem_free(s);
        return KIOSK_ERR_CONFIG;
    }
    s->clock = cfg->clock ? cfg->clock : kclock_system();
    s->connected = true;
    r->ctx = s;
    return KIOSK_OK;
}

static void sim_close(struct reader *r)
{
    struct sim *s = r->ctx;
    if (!s)
        return;
    kmem_wipe(s, sizeof(*s)); /* queued identifiers are patient data */
    kmem_free(s);
    r->ctx = NULL;
}

static enum kiosk_err sim_poll(struct reader *r, struct reader_input *in)
{
    struct sim *s = r->ctx;
    in->kind = READER_NONE;
    in->value[0] = '\0';
    if (!s->connected)
        return KIOSK_ERR_NO_DEVICE;
    if (s->count == 0)
        return KIOSK_OK;
    struct reader_input *q = &s->queue[s->head];
    *in = *q;
    kmem_wipe(q, sizeof(*q));
    s->head = (s->head + 1) % QUEUE_LEN;
    s->count--;
    return KIOSK_OK;
}

static bool sim_connected(struct reader *r)
{
    return ((struct sim *)r->ctx)->connected;
}

const struct reader_ops reader_sim_ops = {
    .name = "sim",
    .open = sim_open,
    .close = sim_close,
    .poll = sim_poll,
    .connected = sim_connected,
};

/* The sim behind r, or NULL with *err set. */
static struct sim *sim_of(struct reader *r, enum kiosk_err *err)
{
    if (!r || r->ops != &reader_sim_ops) {
        *err = KIOSK_ERR_UNSUPPORTED;
        return NULL;
    }
    struct sim *s = r->ctx;
    if (!s->connected) {
        *err = KIOSK_ERR_NO_DEVICE;
        return NULL;
    }
    if (s->count == QUEUE_LEN) {
        *err = KIOSK_ERR_FULL;
        return NULL;
    }
    return s;
}

static struct reader_input *push(struct sim *s, enum reader_input_kind kind)
{
    struct reader_input *in = &s->queue[(s->head + s->count) % QUEUE_LEN];
    memset(in, 0, sizeof(*in));
    in->kind = kind;
    s->count++;
    return in;
}

enum kiosk_err reader_sim_swipe(struct reader *r, const char *track_text)
{
    enum kiosk_err err = KIOSK_ERR_INVALID;
    struct sim *s = sim_of(r, &err);
    struct kdate today;

    if (!s)
        return err;
    if (!track_text)
        return KIOSK_ERR_INVALID;
    size_t len = bounded_len(track_text, sizeof(s->swipe));
    if (len == sizeof(s->swipe)) {
        push(s, READER_BAD_SWIPE);
        log_info("reader-sim", "swipe too long");
        return KIOSK_OK;
    }
    memcpy(s->swipe, track_text, len);
    kclock_local(kclock_wall(s->clock), &today);
    struct track_policy policy = {s->prefix, today.year, today.month};
    struct reader_input *in = push(s, READER_NONE);
    reader_classify_swipe(s->swipe, len, &policy, in); /* wipes s->swipe */
    return KIOSK_OK;
}

enum kiosk_err reader_sim_scan(struct reader *r, const char *code)
{
    enum kiosk_err err = KIOSK_ERR_INVALID;
    struct sim *s = sim_of(r, &err);
    if (!s)
        return err;
    if (!code)
        return KIOSK_ERR_INVALID;
    size_t len = bounded_len(code, READER_CODE_MAX);
    reader_classify_code(code, len, push(s, READER_NONE));
    return KIOSK_OK;
}

void reader_sim_set_connected(struct reader *r, bool connected)
{
    if (r && r->ops == &reader_sim_ops)
        ((struct sim *)r->ctx)->connected = connected;
}
