/* Fuzz target: MagTek and ID TECH swipe reports (first byte picks the
 * format). Every report becomes one input kind and is wiped. */
#include "drivers/reader/magstripe.h"
#include "drivers/reader/track.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    enum magstripe_format fmt = (data[0] & 1) ? MAGSTRIPE_IDTECH : MAGSTRIPE_MAGTEK;
    size--;
    unsigned char *rep = malloc(size ? size : 1);
    if (!rep)
        return 0;
    memcpy(rep, data + 1, size);
    struct track_policy policy = {"600100", 2026, 3};
    struct reader_input in;
    magstripe_report(fmt, rep, size, &policy, &in);
    if (in.kind != READER_PATIENT_CARD && in.kind != READER_PAYMENT_CARD &&
        in.kind != READER_EXPIRED_CARD && in.kind != READER_BAD_SWIPE)
        __builtin_trap();
    if (in.kind != READER_PATIENT_CARD && in.value[0])
        __builtin_trap(); /* only a patient identifier leaves the driver */
    for (size_t i = 0; i < size; i++)
        if (rep[i])
            __builtin_trap(); /* the report is wiped */
    free(rep);
    return 0;
}
