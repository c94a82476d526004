/* Layering probe (tests/layering): flow calling core, which it may. The
 * control case: the probe build itself links when nothing is breached. */
#include "firmware/core/err.h"

const char *layer_probe(void);

const char *layer_probe(void)
{
    return kiosk_strerror(KIOSK_OK);
}
