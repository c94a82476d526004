/* Layering probe (tests/layering): ui including flow.h, which it may not
 * (screen ids are in firmware/core/screen.h). The include check of the build
 * (layer_includes_check) must fail, naming the include. */
#include "firmware/flow/flow.h"

int layer_probe(void);

int layer_probe(void)
{
    return 0;
}
