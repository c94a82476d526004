/* Layering probe (tests/layering): flow including an i18n header for a type
 * only, no call. It compiles and links; the include check of the build
 * (layer_includes_check) must fail, naming the include. */
#include "firmware/i18n/i18n.h"

#include <stddef.h>

const struct i18n *layer_probe(void);

const struct i18n *layer_probe(void)
{
    return NULL;
}
