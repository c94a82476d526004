/* Layering probe (tests/layering): ui calling a driver, which it may not
 * (app hands ui values, never devices). layercheck_ui must fail to link
 * (undefined reference to printer_open). */
#include "drivers/printer/printer.h"

#include <stddef.h>

enum kiosk_err layer_probe(void);

enum kiosk_err layer_probe(void)
{
    struct printer *p = NULL;
    return printer_open(NULL, &p);
}
