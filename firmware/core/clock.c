#define _POSIX_C_SOURCE 200809L
#include "clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int64_t ts_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t sys_wall(void *ctx)
{
    (void)ctx;
    return ts_ms(CLOCK_REALTIME);
}

static int64_t sys_mono(void *ctx)
{
    (void)ctx;
    return ts_ms(CLOCK_MONOTONIC);
}

static const struct kclock system_clock = {sys_wall, sys_mono, NULL};

const struct kclock *kclock_system(void)
{
    return &system_clock;
}

static int64_t fake_wall(void *ctx)
{
    return ((struct kclock_fake *)ctx)->wall;
}

static int64_t fake_mono(void *ctx)
{
    return ((struct kclock_fake *)ctx)->mono;
}

void kclock_fake_init(struct kclock_fake *fake, int64_t wall_ms)
{
    fake->clock.wall_ms = fake_wall;
    fake->clock.mono_ms = fake_mono;
    fake->clock.ctx = fake;
    fake->wall = wall_ms;
    fake->mono = 1000000;
}

void kclock_fake_advance(struct kclock_fake *fake, int64_t ms)
{
    fake->wall += ms;
    fake->mono += ms;
}

void kclock_local(int64_t wall_ms, struct kdate *out)
{
    time_t t = (time_t)(wall_ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    out->year = tm.tm_year + 1900;
    out->month = tm.tm_mon + 1;
    out->day = tm.tm_mday;
    out->hour = tm.tm_hour;
    out->minute = tm.tm_min;
    out->second = tm.tm_sec;
    out->weekday = tm.tm_wday;
}

int64_t kclock_local_midnight(int64_t wall_ms)
{
    time_t t = (time_t)(wall_ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    tm.tm_hour = 0;
    tm.tm_min = 0;
    tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm) * 1000;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool kdate_parse_iso(const char *s, struct kdate *out)
{
    int y, m, d, n = 0;
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
        return false;
    if (s[4] != '-' || s[7] != '-' || y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1 ||
        d > days_in_month(y, m))
        return false;
    memset(out, 0, sizeof(*out));
    out->year = y;
    out->month = m;
    out->day = d;
    return true;
}

bool kclock_parse_local(const char *s, int64_t *wall_ms)
{
    struct tm tm;
    int y, mo, d, h, mi, sec = 0, n = 0;
    if (!s)
        return false;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6) {
        sec = 0;
        if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5)
            return false;
    }
    if (s[n] != '\0' || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
        mi > 59 || sec > 59)
        return false;
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    tm.tm_isdst = -1;
    *wall_ms = (int64_t)mktime(&tm) * 1000;
    return true;
}
