/* A SQLite VFS for crash tests: writes stay in the process until the file
 * is synced, as they stay in a disk's cache until a flush. A process killed
 * with kill -9 therefore loses exactly what a power cut would lose (the
 * operating system's page cache would otherwise keep it). Reads see the
 * pending writes; xSync writes them through and syncs; truncation writes
 * them through first (SQLite truncates only the WAL at a checkpoint, after
 * syncing it). Shared memory and locks are the real VFS's.
 *
 * Registered by store_use_unsynced_vfs() (store_testing.h); never used by
 * the kiosk itself. */
#include "store_private.h"

#include "firmware/core/mem.h"

#include <string.h>

struct pending {
    struct pending *next;
    sqlite3_int64 offset;
    int len;
    unsigned char data[];
};

struct ufile {
    sqlite3_file base;  /* our methods */
    sqlite3_file *real; /* the real VFS's file, allocated after us */
    struct pending *head, *tail;
};

static sqlite3_vfs *real_vfs;

#define REAL(f) (((struct ufile *)(f))->real)

static void drop_pending(struct ufile *u)
{
    struct pending *p = u->head;
    while (p) {
        struct pending *next = p->next;
        kmem_free(p);
        p = next;
    }
    u->head = u->tail = NULL;
}

static int write_through(struct ufile *u)
{
    for (struct pending *p = u->head; p; p = p->next) {
        int rc = u->real->pMethods->xWrite(u->real, p->data, p->len, p->offset);
        if (rc != SQLITE_OK)
            return rc;
    }
    drop_pending(u);
    return SQLITE_OK;
}

static int u_close(sqlite3_file *f)
{
    struct ufile *u = (struct ufile *)f;
    /* A clean close is not a crash: what is pending reaches the file. */
    write_through(u);
    drop_pending(u);
    return u->real->pMethods->xClose(u->real);
}

static int u_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
    struct ufile *u = (struct ufile *)f;
    int rc = u->real->pMethods->xRead(u->real, buf, amt, off);
    if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
        return rc;
    /* Later writes win: apply pending ones in the order they were made. */
    sqlite3_int64 end = off + amt, have = rc == SQLITE_OK ? end : -1;
    for (struct pending *p = u->head; p; p = p->next) {
        sqlite3_int64 a = p->offset > off ? p->offset : off;
        sqlite3_int64 b = p->offset + p->len < end ? p->offset + p->len : end;
        if (a >= b)
            continue;
        memcpy((unsigned char *)buf + (a - off), p->data + (a - p->offset), (size_t)(b - a));
        if (b > have)
            have = b;
    }
    if (rc == SQLITE_IOERR_SHORT_READ && have >= end)
        return SQLITE_OK;
    return rc;
}

static int u_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
    struct ufile *u = (struct ufile *)f;
    struct pending *p = kmem_alloc(sizeof(*p) + (size_t)amt);
    if (!p)
        return SQLITE_IOERR_NOMEM;
    p->offset = off;
    p->len = amt;
    memcpy(p->data, buf, (size_t)amt);
    if (u->tail)
        u->tail->next = p;
    else
        u->head = p;
    u->tail = p;
    return SQLITE_OK;
}

static int u_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    struct ufile *u = (struct ufile *)f;
    int rc = write_through(u);
    return rc != SQLITE_OK ? rc : u->real->pMethods->xTruncate(u->real, size);
}

static int u_sync(sqlite3_file *f, int flags)
{
    struct ufile *u = (struct ufile *)f;
    int rc = write_through(u);
    return rc != SQLITE_OK ? rc : u->real->pMethods->xSync(u->real, flags);
}

static int u_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    struct ufile *u = (struct ufile *)f;
    int rc = u->real->pMethods->xFileSize(u->real, size);
    if (rc != SQLITE_OK)
        return rc;
    for (struct pending *p = u->head; p; p = p->next)
        if (p->offset + p->len > *size)
            *size = p->offset + p->len;
    return SQLITE_OK;
}

static int u_lock(sqlite3_file *f, int level)
{
    return REAL(f)->pMethods->xLock(REAL(f), level);
}
static int u_unlock(sqlite3_file *f, int level)
{
    return REAL(f)->pMethods->xUnlock(REAL(f), level);
}
static int u_check_reserved(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int u_file_control(sqlite3_file *f, int op, void *arg)
{
    /* Memory-mapped reads would bypass the pending writes. */
    if (op == SQLITE_FCNTL_MMAP_SIZE)
        return SQLITE_NOTFOUND;
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int u_sector_size(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int u_device_chars(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int u_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}
static int u_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}
static void u_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int u_shm_unmap(sqlite3_file *f, int del)
{
    return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static const sqlite3_io_methods u_methods = {
    .iVersion = 2,
    .xClose = u_close,
    .xRead = u_read,
    .xWrite = u_write,
    .xTruncate = u_truncate,
    .xSync = u_sync,
    .xFileSize = u_file_size,
    .xLock = u_lock,
    .xUnlock = u_unlock,
    .xCheckReservedLock = u_check_reserved,
    .xFileControl = u_file_control,
    .xSectorSize = u_sector_size,
    .xDeviceCharacteristics = u_device_chars,
    .xShmMap = u_shm_map,
    .xShmLock = u_shm_lock,
    .xShmBarrier = u_shm_barrier,
    .xShmUnmap = u_shm_unmap,
};

static int u_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    struct ufile *u = (struct ufile *)f;
    memset(u, 0, sizeof(*u));
    u->real = (sqlite3_file *)(u + 1);
    int rc = real_vfs->xOpen(real_vfs, name, u->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        /* SQLite calls xClose only when pMethods is set. */
        if (u->real->pMethods)
            u->real->pMethods->xClose(u->real);
        return rc;
    }
    u->base.pMethods = &u_methods;
    return SQLITE_OK;
}

static int u_delete(sqlite3_vfs *v, const char *name, int sync_dir)
{
    (void)v;
    return real_vfs->xDelete(real_vfs, name, sync_dir);
}
static int u_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
    (void)v;
    return real_vfs->xAccess(real_vfs, name, flags, out);
}
static int u_full_path(sqlite3_vfs *v, const char *name, int n, char *out)
{
    (void)v;
    return real_vfs->xFullPathname(real_vfs, name, n, out);
}
static int u_randomness(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return real_vfs->xRandomness(real_vfs, n, out);
}
static int u_sleep(sqlite3_vfs *v, int us)
{
    (void)v;
    return real_vfs->xSleep(real_vfs, us);
}
static int u_current_time(sqlite3_vfs *v, double *out)
{
    (void)v;
    return real_vfs->xCurrentTime(real_vfs, out);
}
static int u_last_error(sqlite3_vfs *v, int n, char *out)
{
    (void)v;
    return real_vfs->xGetLastError(real_vfs, n, out);
}
static int u_current_time_int64(sqlite3_vfs *v, sqlite3_int64 *out)
{
    (void)v;
    return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static sqlite3_vfs unsynced_vfs = {
    .iVersion = 2,
    .zName = "carekiosk-unsynced",
    .xOpen = u_open,
    .xDelete = u_delete,
    .xAccess = u_access,
    .xFullPathname = u_full_path,
    .xRandomness = u_randomness,
    .xSleep = u_sleep,
    .xCurrentTime = u_current_time,
    .xGetLastError = u_last_error,
    .xCurrentTimeInt64 = u_current_time_int64,
};

enum kiosk_err store_use_unsynced_vfs(void)
{
    if (real_vfs)
        return KIOSK_OK;
    real_vfs = sqlite3_vfs_find(NULL);
    if (!real_vfs)
        return KIOSK_ERR_IO;
    unsynced_vfs.szOsFile = (int)sizeof(struct ufile) + real_vfs->szOsFile;
    unsynced_vfs.mxPathname = real_vfs->mxPathname;
    return sqlite3_vfs_register(&unsynced_vfs, 1) == SQLITE_OK ? KIOSK_OK : KIOSK_ERR_IO;
}
