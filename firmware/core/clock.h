/* Time comes from one injectable clock. Wall time is Unix milliseconds (UTC);
 * monotonic time is milliseconds from an arbitrary start. Headless journey
 * runs use a fake clock that only moves when the script says so. */
#ifndef KIOSK_CORE_CLOCK_H
#define KIOSK_CORE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct kclock {
    int64_t (*wall_ms)(void *ctx);
    int64_t (*mono_ms)(void *ctx);
    void *ctx;
};

/* The system clock (CLOCK_REALTIME, CLOCK_MONOTONIC). Static; never freed. */
const struct kclock *kclock_system(void);

/* A fake clock: both wall and monotonic time advance only through
 * kclock_fake_advance(). Embed struct kclock_fake; init fills clock. */
struct kclock_fake {
    struct kclock clock;
    int64_t wall;
    int64_t mono;
};
void kclock_fake_init(struct kclock_fake *fake, int64_t wall_ms);
void kclock_fake_advance(struct kclock_fake *fake, int64_t ms);

static inline int64_t kclock_wall(const struct kclock *c)
{
    return c->wall_ms(c->ctx);
}
static inline int64_t kclock_mono(const struct kclock *c)
{
    return c->mono_ms(c->ctx);
}

/* Local civil time of a wall time, in the process's time zone (TZ). */
struct kdate {
    int year, month, day; /* 1-based month and day */
    int hour, minute, second;
    int weekday; /* 0 = Sunday */
};
void kclock_local(int64_t wall_ms, struct kdate *out);
/* Wall ms of local midnight that starts the day containing wall_ms. */
int64_t kclock_local_midnight(int64_t wall_ms);
/* Parse "YYYY-MM-DD" into a date; false if malformed or not a real date. */
bool kdate_parse_iso(const char *s, struct kdate *out);
/* Parse "YYYY-MM-DDTHH:MM[:SS]" (local time) into wall ms. */
bool kclock_parse_local(const char *s, int64_t *wall_ms);

#endif
