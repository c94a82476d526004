/* Fuzz target: the update bundle manifest parser (input from a bundle that
 * passed its signature check, but parsed strictly anyway). */
#include "firmware/update/bundle.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bundle_manifest m;
    if (bundle_manifest_parse((const char *)data, size, &m) == KIOSK_OK) {
        bool ok;
        bundle_version_cmp(m.version, "1.0.0", &ok);
        if (!ok)
            __builtin_trap(); /* a parsed manifest always has a valid version */
    }
    return 0;
}
