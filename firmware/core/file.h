/* Reading a whole small file (configuration, catalogs, demo data, track
 * files) into memory. */
#ifndef KIOSK_CORE_FILE_H
#define KIOSK_CORE_FILE_H

#include "firmware/core/err.h"

#include <stddef.h>

/* Read path into a NUL-terminated kmem buffer (*out, freed by the caller with
 * kmem_free) of *out_len bytes. Errors: KIOSK_ERR_NOT_FOUND, KIOSK_ERR_DENIED,
 * KIOSK_ERR_IO, KIOSK_ERR_TOO_BIG (more than max bytes), KIOSK_ERR_NOMEM;
 * *out is NULL then. */
enum kiosk_err kfile_read(const char *path, size_t max, char **out, size_t *out_len);

#endif
