/*
 * sqlite.c - the archive in a SQLite file (archive_impl.h): the embedded
 * default, nothing to start.  The file keeps SQLite's rollback journal,
 * so a run killed inside its transaction leaves a journal the next
 * opener rolls back: the archive is as before that run.
 */
#include "archive_impl.h"
#include "diag.h"
#include "lang.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

/* Statements prepared once and run again (a row per result). */
#define CACHED 8

struct archive_db {
	sqlite3 *db;
	char *path;
	const char *shown;
	long wait;
	int readonly;
	int in_tx;
	struct {
		const char *sql;
		sqlite3_stmt *st;
		int at[32]; /* where $1, $2, ... are bound, 0: not used */
	} cache[CACHED];
};

/* The process that holds a lock on the database file, from the system's
 * record of its POSIX locks (SQLite's lock bytes at 1 GiB); 0 none. */
static long lock_holder(const char *path)
{
	struct flock fl = { 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long pid = 0;

	if (fd < 0)
		return 0;
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = 0x40000000;
	fl.l_len = 512;
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		pid = (long)fl.l_pid;
	close(fd);
	return pid;
}

/* Why the database is locked: who holds it, where the system's record
 * of the lock says, and how long was waited. */
static void locked(struct archive_db *d, char *err, size_t errlen)
{
	long pid = lock_holder(d->path);

	if (pid > 0)
		snprintf(err, errlen, _("%s: locked by process %ld on this "
		         "machine; waited %ld s (--archive-wait)"), d->shown, pid,
		         d->wait);
	else
		snprintf(err, errlen, _("%s: locked by another process; waited "
		         "%ld s (--archive-wait)"), d->shown, d->wait);
}

/* SQLite's own message, in English whatever the run's language, quoted
 * inside a sentence of ours, which is translated; a reader that waited
 * for a writer past its time is told who holds the lock. */
static void say(struct archive_db *d, char *err, size_t errlen)
{
	if (d->readonly && sqlite3_errcode(d->db) == SQLITE_BUSY) {
		/* a reader that gave up holds no lock: the look drops none */
		locked(d, err, errlen);
		return;
	}
	snprintf(err, errlen, _("%s: SQLite says \"%s\""), d->shown,
	         sqlite3_errmsg(d->db));
}

/* A reader (--history-from, --list-runs) finding a run archiving into
 * the file, which holds it locked while it writes its pages: said once,
 * naming the process, then waited for in tenths of a second up to
 * --archive-wait; 0 gives up. */
static int reader_busy(void *arg, int n)
{
	struct archive_db *d = arg;
	struct timespec tenth = { 0, 100000000 };
	long pid;

	if (n >= d->wait * 10)
		return 0;
	if (n == 0 && (pid = lock_holder(d->path)) > 0)
		diag("note: %s is locked by process %ld on this machine (a run "
		     "archiving into it): waiting for it up to %ld s "
		     "(--archive-wait)", d->shown, pid, d->wait);
	else if (n == 0)
		diag("note: %s is locked by another process (a run archiving "
		     "into it): waiting for it up to %ld s (--archive-wait)",
		     d->shown, d->wait);
	nanosleep(&tenth, NULL);
	return 1;
}

static void db_close(struct archive_db *d)
{
	int i;

	if (!d)
		return;
	for (i = 0; i < CACHED; i++)
		sqlite3_finalize(d->cache[i].st);
	if (d->db && d->in_tx)
		sqlite3_exec(d->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(d->db);
	free(d->path);
	free(d);
}

static int db_open(struct archive_db **out, const char *target,
                   const char *shown, int readonly, long wait, char *err,
                   size_t errlen)
{
	struct archive_db *d = calloc(1, sizeof *d);
	struct stat st;
	int flags = readonly ? SQLITE_OPEN_READONLY
	            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

	*out = NULL;
	if (!d || !(d->path = strdup(target))) {
		free(d);
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	d->shown = shown;
	d->wait = wait;
	d->readonly = readonly;
	if (readonly && stat(target, &st) < 0 && errno == ENOENT) {
		free(d->path);
		free(d);
		return 1;
	}
	if (sqlite3_open_v2(target, &d->db, flags | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		if (d->db)
			say(d, err, errlen);
		else
			snprintf(err, errlen, _("out of memory"));
		db_close(d);
		return -1;
	}
	if (readonly)
		sqlite3_busy_handler(d->db, reader_busy, d);
	else
		sqlite3_busy_timeout(d->db, (int)(wait * 1000));
	/* A result's row (its whole JSON, 1.5 KB for a star result) is
	 * stored two a 4 KB page with a fifth of each page left empty; in
	 * 64 KB pages the file is that much smaller and the write of a run
	 * (and its sync at the commit) that much shorter.  It only takes
	 * on an archive not yet made. */
	if (!readonly)
		sqlite3_exec(d->db, "PRAGMA page_size = 65536", NULL, NULL, NULL);
	/* a file that is not a database says so here, not mid-run */
	if (sqlite3_exec(d->db, "PRAGMA foreign_keys = ON; SELECT COUNT(*) "
	                 "FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK) {
		say(d, err, errlen);
		db_close(d);
		return -1;
	}
	*out = d;
	return 0;
}

static int db_begin(struct archive_db *d, char *err, size_t errlen)
{
	int rc = sqlite3_exec(d->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	if (rc == SQLITE_OK) {
		d->in_tx = 1;
		return 0;
	}
	if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
		say(d, err, errlen);
		return -1;
	}
	/* our own descriptor closes before the look: a process that closes
	 * any descriptor of a file drops its POSIX locks on it */
	sqlite3_close(d->db);
	d->db = NULL;
	locked(d, err, errlen);
	return -1;
}

/* Where parameters $1..$n of st are bound (0: not used), into at:
 * SQLite numbers "$2" by where it first appears, so by name. */
static void positions(sqlite3_stmt *st, int *at, int n)
{
	char name[16];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "$%d", i + 1);
		at[i] = sqlite3_bind_parameter_index(st, name);
	}
}

/* The statement for sql, prepared once, and where its parameters go
 * (*at, borrowed from the cache or from own). */
static sqlite3_stmt *statement(struct archive_db *d, const char *sql,
                               int **at, int *own)
{
	sqlite3_stmt *st = NULL;
	int i;

	for (i = 0; i < CACHED && d->cache[i].sql; i++)
		if (d->cache[i].sql == sql) {
			sqlite3_reset(d->cache[i].st);
			sqlite3_clear_bindings(d->cache[i].st);
			*at = d->cache[i].at;
			return d->cache[i].st;
		}
	if (sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	*at = own;
	if (i < CACHED) {
		d->cache[i].sql = sql;
		d->cache[i].st = st;
		*at = d->cache[i].at;
	}
	positions(st, *at, 32);
	return st;
}

static int db_exec(struct archive_db *d, const char *sql, int n,
                   const char *const *v, archive_row_fn fn, void *arg,
                   char *err, size_t errlen)
{
	const char *val[32];
	sqlite3_stmt *st;
	int own[32], *at, i, rc, ncol, cached;

	if (n == 0 && !fn) { /* a script of statements */
		if (sqlite3_exec(d->db, sql, NULL, NULL, NULL) == SQLITE_OK)
			return 0;
		say(d, err, errlen);
		return -1;
	}
	if (n > 32 || !(st = statement(d, sql, &at, own))) {
		say(d, err, errlen);
		return -1;
	}
	cached = at != own;
	for (i = 0; i < n; i++)
		if (at[i] && (v[i] ? sqlite3_bind_text(st, at[i], v[i], -1,
		                                       SQLITE_STATIC)
		              : sqlite3_bind_null(st, at[i])) != SQLITE_OK)
			goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ncol = sqlite3_column_count(st);
		if (ncol > 32)
			ncol = 32;
		for (i = 0; i < ncol; i++)
			val[i] = (const char *)sqlite3_column_text(st, i);
		if (fn && fn(arg, ncol, val) < 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto fail;
	if (cached)
		sqlite3_reset(st);
	else
		sqlite3_finalize(st);
	return 0;
fail:
	say(d, err, errlen);
	if (cached)
		sqlite3_reset(st);
	else
		sqlite3_finalize(st);
	return -1;
}

static int db_commit(struct archive_db *d, char *err, size_t errlen)
{
	if (sqlite3_exec(d->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		say(d, err, errlen);
		return -1;
	}
	d->in_tx = 0;
	return 0;
}

const struct archive_backend archive_sqlite = {
	db_open, db_begin, db_exec, db_commit, db_close,
	"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
	"name = 'assess_schema'"
};
