/* Layering probe (tests/layering): flow calling i18n, which it may not.
 * layercheck_flow must fail to link (undefined reference to i18n_lang_count). */
#include "firmware/i18n/i18n.h"

int layer_probe(void);

int layer_probe(void)
{
    return i18n_lang_count();
}
