/* Layering probe (tests/layering): flow calling SQLite, which only store may.
 * sqlite3.h is in the system include directory, so this compiles;
 * layercheck_flow must fail to link (undefined reference to sqlite3_libversion). */
#include <sqlite3.h>

const char *layer_probe(void);

const char *layer_probe(void)
{
    return sqlite3_libversion();
}
