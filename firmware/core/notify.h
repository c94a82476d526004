/* The service manager's readiness and watchdog protocol (sd_notify), spoken
 * directly: one datagram to the AF_UNIX socket named in NOTIFY_SOCKET. No
 * libsystemd; outside systemd every call is a quiet no-op. */
#ifndef KIOSK_CORE_NOTIFY_H
#define KIOSK_CORE_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "firmware/core/err.h"

/* Send one state string ("READY=1", "WATCHDOG=1", "STATUS=..."). Returns
 * KIOSK_OK, or KIOSK_ERR_NOT_FOUND when no service manager listens. */
enum kiosk_err notify_send(const char *state);

/* How often to send WATCHDOG=1, in milliseconds: half the WatchdogSec the
 * manager asked for (WATCHDOG_USEC, for this process per WATCHDOG_PID), or
 * -1 when no watchdog is armed. */
int64_t notify_watchdog_interval_ms(void);

#endif
