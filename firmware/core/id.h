/* Random identifiers for outbox idempotency keys and FHIR resources. */
#ifndef KIOSK_CORE_ID_H
#define KIOSK_CORE_ID_H

#include "err.h"

#define KIOSK_UUID_LEN 37 /* 36 characters + NUL */

/* A random (version 4) UUID, lowercase, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx",
 * from the kernel's CSPRNG (getrandom). */
enum kiosk_err kiosk_uuid(char out[KIOSK_UUID_LEN]);

#endif
