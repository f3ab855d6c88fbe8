/*
 * archive_impl.h - the one small interface the archive's backends
 * (sqlite.c, pg.c) give archive.c, which holds the schema, the SQL and
 * every decision.  The SQL is written once for both databases: "$1".."$n"
 * parameters, given as text (NULL: SQL NULL), types and functions both
 * know.
 */
#ifndef ASSESS_ARCHIVE_IMPL_H
#define ASSESS_ARCHIVE_IMPL_H

#include <stddef.h>

struct archive_db;

/* Called with each row of a query: ncol values as text (NULL for SQL
 * NULL), borrowed for the call.  0 goes on, -1 stops the query. */
typedef int (*archive_row_fn)(void *arg, int ncol, const char *const *val);

struct archive_backend {
	/* Open the archive at target (shown: target masked, for
	 * messages); readonly: only to read (a SQLite file that does not
	 * exist is then not made: 1 returned, *db NULL).  wait: seconds a
	 * lock may be waited for.  0 and *db, or -1 with the reason in err. */
	int (*open)(struct archive_db **db, const char *target,
	            const char *shown, int readonly, long wait, char *err,
	            size_t errlen);
	/* Begin the one writing transaction, having waited for any other
	 * writer (up to wait; past it, the reason names who holds the lock
	 * where the database can tell).  0, or -1 with the reason in err. */
	int (*begin)(struct archive_db *db, char *err, size_t errlen);
	/* Run sql with the n text parameters v; rows to fn (which may be
	 * NULL).  A statement run again is prepared once.  0, or -1 with
	 * the reason in err. */
	int (*exec)(struct archive_db *db, const char *sql, int n,
	            const char *const *v, archive_row_fn fn, void *arg,
	            char *err, size_t errlen);
	/* Commit the transaction begun.  0, or -1 with the reason. */
	int (*commit)(struct archive_db *db, char *err, size_t errlen);
	/* Close, rolling back what was not committed; accepts NULL. */
	void (*close)(struct archive_db *db);
	/* A query giving one row, one column: 1 when the schema's version
	 * table exists, 0 when not. */
	const char *probe_sql;
};

extern const struct archive_backend archive_sqlite;
extern const struct archive_backend archive_pg;

/* The schema's version this assess writes, and the steps to it: step k
 * takes an archive of an earlier version to archive_migrations[k]'s.
 * A step is appended, never changed, once released; the list ends with a
 * NULL sql.  (archive_schema.c) */
#define ARCHIVE_SCHEMA_VERSION 2
struct archive_migration {
	int version;
	const char *sql;
};
extern const struct archive_migration archive_migrations[];

/* An open archive: its backend, its handle, its name as shown. */
struct archive_conn {
	const struct archive_backend *be;
	struct archive_db *db;
	char shown[512];
};

/* Open the archive at target by its kind (a postgresql:// URL, else a
 * SQLite file), as the backend's open.  0, 1 (readonly: no such file),
 * or -1 with the reason in err; c->shown is set in every case. */
int archive_connect(struct archive_conn *c, const char *target, int readonly,
                    long wait, char *err, size_t errlen);

/* Close c (rolling back what was not committed). */
void archive_disconnect(struct archive_conn *c);

/* Migrate the archive at target forward to this assess's schema, in a
 * transaction of its own: what reading an archive an older assess wrote
 * needs first.  0, or -1 with the reason in err. */
int archive_upgrade(const char *target, long wait, char *err,
                    size_t errlen);

/* The archive's schema version into *version (0: none yet).  0, or -1
 * with the reason, also when it is newer than this assess knows. */
int archive_version(struct archive_conn *c, long *version, char *err,
                    size_t errlen);

/* The top-level members keys[0..n) of the JSON object line, as text
 * into val (a string unescaped, a number as written; NULL when absent,
 * null, an object or an array), cut from scratch, which must hold
 * strlen(line) + n bytes.  The line is read up to the last of the keys
 * found (a result's scalars come first: the rest is not walked).  0, or
 * -1 when line is not an object. */
int archive_scan(const char *line, const char *const *keys, int n,
                 const char **val, char *scratch);

/* The test hook (docs/archive.md): when ASSESS_TEST_ARCHIVE_PAUSE names a
 * file, the writing transaction, with the run's rows in it, creates that
 * file and waits there (up to a minute) before committing, so a test can
 * kill the run or hold the lock.  Nothing else reads it. */
void archive_test_pause(void);

#endif
