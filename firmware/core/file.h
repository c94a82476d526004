/* Reading files the kiosk is pointed at (kiosk.ini, the credentials file,
 * branding packs, catalogs, demo data, track files, update bundles). Every
 * such read goes through here, so the same rules hold for all of them:
 *
 *  - only regular files are read: a FIFO, socket, device or folder is refused
 *    without blocking (it is opened with O_NONBLOCK and checked with fstat
 *    before the first read), so a kiosk.ini that is a FIFO cannot hang the
 *    start;
 *  - a size cap: a file larger than max is refused, not cut;
 *  - files of a folder the kiosk does not trust to stay inside itself (a
 *    branding pack) are read with kfile_read_in(): one name inside the
 *    folder, never a symbolic link (O_NOFOLLOW, relative to the folder's own
 *    descriptor), so nothing outside the folder is ever read through it.
 *
 * Errors (the per-thread detail says which rule, without the file's text):
 * KIOSK_ERR_NOT_FOUND, KIOSK_ERR_DENIED (no permission, or a symbolic link
 * where kfile_read_in wants a file), KIOSK_ERR_INVALID (a FIFO, socket or
 * device, or a name that is a path), KIOSK_ERR_TOO_BIG (more than max bytes),
 * KIOSK_ERR_IO (also a folder, as read(2) has it),
 * KIOSK_ERR_NOMEM. */
#ifndef KIOSK_CORE_FILE_H
#define KIOSK_CORE_FILE_H

#include "firmware/core/err.h"

#include <stddef.h>
#include <stdio.h>

/* Read path (a regular file of at most max bytes; a symbolic link to one is
 * followed: it is the path someone configured) into a NUL-terminated kmem
 * buffer (*out, freed by the caller with kmem_free) of *out_len bytes. *out is
 * NULL on error. */
enum kiosk_err kfile_read(const char *path, size_t max, char **out, size_t *out_len);

/* As kfile_read for the file name inside folder dir. name is one path
 * component (no '/', not "." or ".."); the file must be a regular file, not a
 * symbolic link, found in dir itself. dir may be a symbolic link to a folder. */
enum kiosk_err kfile_read_in(const char *dir, const char *name, size_t max, char **out,
                             size_t *out_len);

/* Open path for reading as a stream ("rb"), for files too large to read at
 * once (update bundles). Regular files only, as kfile_read. Returns NULL with
 * *err set on failure; the caller fcloses the stream. */
FILE *kfile_open_stream(const char *path, enum kiosk_err *err);

#endif
