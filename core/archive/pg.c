/*
 * pg.c - the archive in a PostgreSQL database (archive_impl.h), reached
 * by a postgresql:// URL through libpq, for an archive several people or
 * machines share.  Writers take one transaction-scoped advisory lock, so
 * runs archiving at once follow each other and "current" is decided in
 * the order they land; a wait past --archive-wait names the session that
 * holds the lock, as pg_locks tells it.
 */
#include "archive_impl.h"
#include "lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

/* The advisory lock's key: any number that is assess's own. */
#define PG_LOCK_KEY "7320020"
#define CACHED 8

struct archive_db {
	PGconn *conn;
	const char *shown;
	long wait;
	int in_tx;
	const char *cache[CACHED]; /* prepared as "s0".."s7" */
};

/* libpq's message, on one line: its line breaks and tabs one space;
 * quoted inside a sentence of ours, which is translated (the server's
 * and libpq's text are in their own language). */
static void say(struct archive_db *d, const char *msg, char *err,
                size_t errlen)
{
	char *r, *w;
	size_t n;

	if (!msg || !*msg)
		msg = PQerrorMessage(d->conn);
	for (n = strlen(msg); n > 0 && strchr(" \t\n", msg[n - 1]); n--)
		;
	snprintf(err, errlen, _("%s: PostgreSQL says \"%.*s\""), d->shown,
	         (int)n, msg);
	for (r = w = err; *r; r++) {
		if (*r == '\n' || *r == '\t') {
			if (w > err && w[-1] != ' ' && r[1])
				*w++ = ' ';
			continue;
		}
		*w++ = *r;
	}
	*w = '\0';
}

/* The server's notices (a shutdown's warning) are not assess's to print:
 * what fails is said once, by the call that fails. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static void db_close(struct archive_db *d)
{
	if (!d)
		return;
	if (d->conn && d->in_tx)
		PQclear(PQexec(d->conn, "ROLLBACK"));
	PQfinish(d->conn);
	free(d);
}

static int db_open(struct archive_db **out, const char *target,
                   const char *shown, int readonly, long wait, char *err,
                   size_t errlen)
{
	static const char *const keys[] = { "dbname", "application_name",
	                                    "connect_timeout", NULL };
	struct archive_db *d = calloc(1, sizeof *d);
	char timeout[24];
	const char *vals[4];

	(void)readonly;
	*out = NULL;
	if (!d) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	d->shown = shown;
	d->wait = wait;
	snprintf(timeout, sizeof timeout, "%ld", wait < 2 ? 2 : wait);
	vals[0] = target;
	vals[1] = "assess";
	vals[2] = timeout;
	vals[3] = NULL;
	d->conn = PQconnectdbParams(keys, vals, 1);
	if (!d->conn || PQstatus(d->conn) != CONNECTION_OK) {
		if (d->conn)
			say(d, NULL, err, errlen);
		else
			snprintf(err, errlen, _("out of memory"));
		db_close(d);
		return -1;
	}
	PQsetNoticeProcessor(d->conn, quiet, NULL);
	*out = d;
	return 0;
}

/* Who holds the writers' lock, as the server tells it, into buf. */
static void holder(struct archive_db *d, char *buf, size_t len)
{
	PGresult *r = PQexec(d->conn,
		"SELECT a.pid, a.application_name, a.usename, "
		"COALESCE(host(a.client_addr), 'local') FROM pg_locks l "
		"JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = "
		"'advisory' AND l.granted AND l.objid = " PG_LOCK_KEY);

	buf[0] = '\0';
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
		snprintf(buf, len, _("server process %s (%s, user %s, from %s)"),
		         PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1),
		         PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3));
	PQclear(r);
}

static int db_begin(struct archive_db *d, char *err, size_t errlen)
{
	char sql[128], who[256];
	const char *state;
	PGresult *r;

	snprintf(sql, sizeof sql, "BEGIN; SET LOCAL lock_timeout = '%lds'; "
	         "SELECT pg_advisory_xact_lock(" PG_LOCK_KEY ")", d->wait);
	r = PQexec(d->conn, sql);
	d->in_tx = 1;
	if (PQresultStatus(r) == PGRES_TUPLES_OK) {
		PQclear(r);
		return 0;
	}
	state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (state && strcmp(state, "55P03") == 0) { /* lock_not_available */
		PQclear(r);
		PQclear(PQexec(d->conn, "ROLLBACK"));
		d->in_tx = 0;
		holder(d, who, sizeof who);
		if (who[0])
			snprintf(err, errlen, _("%s: locked by %s; waited %ld s "
			         "(--archive-wait)"), d->shown, who, d->wait);
		else
			snprintf(err, errlen, _("%s: locked by another process; "
			         "waited %ld s (--archive-wait)"), d->shown, d->wait);
		return -1;
	}
	say(d, PQresultErrorMessage(r), err, errlen);
	PQclear(r);
	return -1;
}

/* The name of the statement prepared for sql, preparing it the first
 * time; NULL when it cannot be (the reason in err). */
static const char *prepared(struct archive_db *d, const char *sql, int n,
                            char *name, char *err, size_t errlen)
{
	PGresult *r;
	int i;

	for (i = 0; i < CACHED && d->cache[i]; i++)
		if (d->cache[i] == sql) {
			snprintf(name, 16, "s%d", i);
			return name;
		}
	if (i == CACHED) {
		name[0] = '\0'; /* unnamed, prepared each time */
		i = -1;
	} else {
		snprintf(name, 16, "s%d", i);
	}
	r = PQprepare(d->conn, name, sql, n, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		say(d, PQresultErrorMessage(r), err, errlen);
		PQclear(r);
		return NULL;
	}
	PQclear(r);
	if (i >= 0)
		d->cache[i] = sql;
	return name;
}

static int db_exec(struct archive_db *d, const char *sql, int n,
                   const char *const *v, archive_row_fn fn, void *arg,
                   char *err, size_t errlen)
{
	const char *val[32];
	char name[16];
	PGresult *r;
	int i, k, ncol, st, rc = 0;

	if (n == 0 && !fn) { /* a script of statements */
		r = PQexec(d->conn, sql);
	} else {
		if (!prepared(d, sql, n, name, err, errlen))
			return -1;
		r = PQexecPrepared(d->conn, name, n, v, NULL, NULL, 0);
	}
	st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		say(d, PQresultErrorMessage(r), err, errlen);
		PQclear(r);
		return -1;
	}
	ncol = PQnfields(r);
	if (ncol > 32)
		ncol = 32;
	for (k = 0; fn && k < PQntuples(r); k++) {
		for (i = 0; i < ncol; i++)
			val[i] = PQgetisnull(r, k, i) ? NULL : PQgetvalue(r, k, i);
		if (fn(arg, ncol, val) < 0)
			break;
	}
	PQclear(r);
	return rc;
}

static int db_commit(struct archive_db *d, char *err, size_t errlen)
{
	PGresult *r = PQexec(d->conn, "COMMIT");

	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		say(d, PQresultErrorMessage(r), err, errlen);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	d->in_tx = 0;
	return 0;
}

const struct archive_backend archive_pg = {
	db_open, db_begin, db_exec, db_commit, db_close,
	"SELECT COUNT(*) FROM information_schema.tables WHERE table_name = "
	"'assess_schema' AND table_schema = current_schema()"
};
