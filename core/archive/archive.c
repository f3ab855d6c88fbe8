/*
 * archive.c - the archive's schema and the storing of a run (see
 * archive.h); reading it back is archive_read.c's.  The backends
 * (sqlite.c, pg.c) only run the SQL written here, so both databases hold
 * the same tables and views.
 */
#include "archive.h"
#include "archive_impl.h"
#include "diag.h"
#include "lang.h"
#include "sha256.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#ifndef ASSESS_VERSION
#define ASSESS_VERSION "0.0.0"
#endif

/* The length of target's PostgreSQL URL prefix, in any case
 * ("postgresql://", "postgres://"), or 0 when it has none. */
static size_t pg_prefix(const char *target)
{
	if (strncasecmp(target, "postgresql://", 13) == 0)
		return 13;
	if (strncasecmp(target, "postgres://", 11) == 0)
		return 11;
	return 0;
}

/* Where target's authority (user:password@host) begins, when it is
 * written as a URL of any scheme, or as "postgres...:" with too few
 * slashes; else NULL (a file's name, whatever ':' and '@' it holds). */
static const char *authority(const char *target)
{
	const char *scheme = strstr(target, "://"), *p;

	if (scheme)
		return scheme + 3;
	if (strncasecmp(target, "postgres", 8) != 0 ||
	    !(p = strchr(target, ':')))
		return NULL;
	while (*++p == '/')
		;
	return p;
}

void archive_mask(const char *target, char *out, size_t len)
{
	const char *auth = authority(target), *at = NULL, *colon, *p, *end;
	size_t n = 0;

	out[0] = '\0';
	if (len == 0)
		return;
	p = target;
	if (auth) {
		/* up to the last '@': a password may hold an unescaped '@' */
		end = auth + strcspn(auth, "?");
		for (colon = auth; colon < end; colon++)
			if (*colon == '@')
				at = colon;
		colon = strchr(auth, ':');
		if (at && colon && colon < at) {
			n = (size_t)snprintf(out, len, "%.*s:***",
			                     (int)(colon - target), target);
			p = at;
		}
	}
	/* password=... in a query or a key=value string */
	while (*p && n + 1 < len) {
		if (strncmp(p, "password=", 9) == 0 &&
		    (p == target || strchr("?& ", p[-1]))) {
			n += (size_t)snprintf(out + n, len - n, "password=***");
			p += 9 + strcspn(p + 9, "& ");
			continue;
		}
		out[n++] = *p++;
		out[n] = '\0';
	}
	if (n >= len)
		out[len - 1] = '\0';
}

int archive_check_target(const char *target, const char *opt, char *err,
                         size_t errlen)
{
	char shown[512];
	const char *auth = authority(target), *p;
	int ats = 0;

	if (pg_prefix(target)) {
		/* libpq splits at the first '@' and quotes the rest in its
		 * messages: a password's own '@' would show what follows it */
		for (p = auth; *p && *p != '?'; p++)
			ats += *p == '@';
		if (ats < 2)
			return 0;
		archive_mask(target, shown, sizeof shown);
		snprintf(err, errlen, _("%s %s: more than one '@' before the "
		         "host: write an '@' of the user or password as %%40 (or "
		         "give the password in PGPASSWORD or ~/.pgpass)"), opt,
		         shown);
		return -1;
	}
	if (auth && strncasecmp(target, "postgres", 8) == 0) {
		archive_mask(target, shown, sizeof shown);
		snprintf(err, errlen, _("%s %s: not a PostgreSQL URL: write it "
		         "postgresql://USER@HOST/DATABASE"), opt, shown);
		return -1;
	}
	/* a libpq key=value string would be taken as a file's name, the
	 * password in it: never echoed, whatever its spacing */
	if (target[strcspn(target, "= \t")]) {
		snprintf(err, errlen, _("%s: a target holding '=' or spaces is "
		         "not taken (a libpq key=value string?): give a "
		         "postgresql:// URL, with the password in PGPASSWORD or "
		         "~/.pgpass, or a SQLite file's name without them"), opt);
		return -1;
	}
	return 0;
}

/* Why a title rather than the config's SHA-256: an INI corrected (a
 * weighting, a comment) is still the same scheme, whose history must not
 * break in two; the title is what tells 四强党支部 from 五个好社区党组织
 * (both the scorecard plugin), in every language of the run. */
const char *archive_scheme(const char *plugin, const char *title)
{
	return title && *title ? title : plugin;
}

int archive_connect(struct archive_conn *c, const char *target, int readonly,
                    long wait, char *err, size_t errlen)
{
	size_t pre = pg_prefix(target);
	char *url = NULL;
	int rc;

	c->be = pre ? &archive_pg : &archive_sqlite;
	c->db = NULL;
	archive_mask(target, c->shown, sizeof c->shown);
	if (archive_check_target(target, "--archive", err, errlen) < 0)
		return -1;
	/* libpq knows the scheme in lower case only */
	if (pre && !(url = strdup(target))) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	for (size_t i = 0; url && i < pre; i++)
		url[i] = (char)tolower((unsigned char)url[i]);
	rc = c->be->open(&c->db, url ? url : target, c->shown, readonly,
	                 wait ? wait : 30, err, errlen);
	free(url);
	return rc;
}

void archive_disconnect(struct archive_conn *c)
{
	c->be->close(c->db);
	c->db = NULL;
}

/* One value of a row into *out (a long). */
static int one_long(void *arg, int ncol, const char *const *val)
{
	*(long *)arg = ncol > 0 && val[0] ? strtol(val[0], NULL, 10) : 0;
	return 0;
}

int archive_version(struct archive_conn *c, long *version, char *err,
                    size_t errlen)
{
	long has = 0;

	*version = 0;
	if (c->be->exec(c->db, c->be->probe_sql, 0, NULL, one_long, &has, err,
	                errlen) < 0)
		return -1;
	if (has && c->be->exec(c->db, "SELECT MAX(version) FROM assess_schema",
	                       0, NULL, one_long, version, err, errlen) < 0)
		return -1;
	if (*version > ARCHIVE_SCHEMA_VERSION) {
		snprintf(err, errlen, _("%s: the archive's schema is version %ld, "
		         "newer than version %d this assess knows: use a newer "
		         "assess"), c->shown, *version, ARCHIVE_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

/* Create the schema, or migrate it forward to this assess's version,
 * inside the writing transaction.  0, or -1 with the reason. */
static int migrate(struct archive_conn *c, char *err, size_t errlen)
{
	long version;
	char v[24];
	const char *param[1] = { v };
	int i;

	if (archive_version(c, &version, err, errlen) < 0)
		return -1;
	for (i = 0; archive_migrations[i].sql; i++) {
		if (archive_migrations[i].version <= version)
			continue;
		if (c->be->exec(c->db, archive_migrations[i].sql, 0, NULL, NULL,
		                NULL, err, errlen) < 0)
			return -1;
		snprintf(v, sizeof v, "%d", archive_migrations[i].version);
		if (c->be->exec(c->db, "INSERT INTO assess_schema (version) "
		                "VALUES ($1)", 1, param, NULL, NULL, err,
		                errlen) < 0)
			return -1;
	}
	return 0;
}

int archive_upgrade(const char *target, long wait, char *err,
                    size_t errlen)
{
	struct archive_conn c;
	int rc = -1;

	if (archive_connect(&c, target, 0, wait, err, errlen) != 0)
		return -1;
	if (c.be->begin(c.db, err, errlen) == 0 &&
	    migrate(&c, err, errlen) == 0 &&
	    c.be->commit(c.db, err, errlen) == 0)
		rc = 0;
	archive_disconnect(&c);
	return rc;
}

/* The text of a JSON member, a number's as written, or NULL. */
static const char *member_text(const cJSON *o, const char *key, char *buf,
                               size_t len)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, key);

	if (cJSON_IsString(m))
		return m->valuestring;
	if (cJSON_IsNumber(m)) {
		snprintf(buf, len, "%.17g", m->valuedouble);
		return buf;
	}
	return NULL;
}

/* The config file's text (malloc'd), or NULL when there is none. */
static char *config_text(const char *path)
{
	FILE *fp = path ? fopen(path, "rb") : NULL;
	char *buf = NULL, *v;
	size_t n = 0, cap = 0, got;

	if (!fp)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			if (!(v = realloc(buf, cap + 1)))
				break;
			buf = v;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	if (buf)
		buf[n] = '\0';
	return buf;
}

/* The run's own row, made from the run on the caller's thread (the
 * output pass reads the same metadata meanwhile), inserted by the
 * storing thread: its values, $2.. of the insert ($1 is the run's id,
 * known in the transaction). */
enum { RUN_COLS = 17 };
struct run_row {
	const char *v[RUN_COLS];
	char b[6][72], when[32], status[8], rec[24], ass[24], rej[24];
	char *refs, *over, *sum, *meta, *cfg; /* malloc'd */
};

static void run_row_free(struct run_row *w)
{
	cJSON_free(w->refs);
	cJSON_free(w->over);
	cJSON_free(w->sum);
	cJSON_free(w->meta);
	free(w->cfg);
}

/* w's values from run.  0, or -1 out of memory (w freed by the
 * caller). */
static int run_row_make(struct run_row *w, const struct archive_run *run)
{
	const cJSON *m = run->meta, *s = run->summary;
	time_t now = time(NULL);
	struct tm tm;

	w->refs = cJSON_PrintUnformatted(
		cJSON_GetObjectItemCaseSensitive(m, "references"));
	w->over = cJSON_PrintUnformatted(
		cJSON_GetObjectItemCaseSensitive(m, "config_overrides"));
	w->sum = cJSON_PrintUnformatted(s);
	w->meta = cJSON_PrintUnformatted(m);
	w->cfg = config_text(run->config_path);
	if (!w->sum || !w->meta)
		return -1;
	gmtime_r(&now, &tm);
	strftime(w->when, sizeof w->when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(w->status, sizeof w->status, "%d", run->exit_status);
	w->v[0] = member_text(m, "plugin", w->b[0], sizeof w->b[0]);
	w->v[1] = member_text(m, "plugin_version", w->b[1], sizeof w->b[1]);
	w->v[2] = member_text(m, "version", w->b[2], sizeof w->b[2]);
	w->v[3] = member_text(m, "lang", w->b[3], sizeof w->b[3]);
	w->v[4] = w->cfg;
	w->v[5] = member_text(m, "config_sha256", w->b[4], sizeof w->b[4]);
	w->v[6] = member_text(m, "input_sha256", w->b[5], sizeof w->b[5]);
	w->v[7] = w->refs;
	w->v[8] = w->over;
	w->v[9] = w->when;
	w->v[10] = w->status;
	w->v[11] = member_text(s, "records", w->rec, sizeof w->rec);
	w->v[12] = member_text(s, "assessed", w->ass, sizeof w->ass);
	w->v[13] = member_text(s, "rejected", w->rej, sizeof w->rej);
	w->v[14] = w->sum;
	w->v[15] = w->meta;
	w->v[16] = run->scheme;
	return 0;
}

/* The run's own row w, as number id; its period and whether it is
 * current are set once its results are in (put_current). */
static int put_run(struct archive_conn *c, const struct run_row *w,
                   const char *id, char *err, size_t errlen)
{
	static const char ins[] =
		"INSERT INTO assess_run (run_id, plugin, plugin_version, "
		"assess_version, period, lang, config_text, config_sha256, "
		"input_sha256, references_json, overrides_json, archived_at, "
		"exit_status, records, assessed, rejected, is_current, "
		"summary_json, meta_json, scheme) VALUES ($1, $2, $3, $4, NULL, $5, "
		"$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 0, $16, $17, $18)";
	const char *v[1 + RUN_COLS];

	v[0] = id;
	memcpy(v + 1, w->v, sizeof w->v);
	return c->be->exec(c->db, ins, 1 + RUN_COLS, v, NULL, NULL, err,
	                   errlen);
}

/* The run, of period (--period, else the latest its assessed results
 * give; "" none), made current for the ids it holds: a result of an earlier run of the same
 * plugin and scheme, for the same id and period (the result's, else its
 * run's), no longer is; nor is a run left current for none of its ids. */
static int put_current(struct archive_conn *c, const char *id,
                       const char *plugin, const char *scheme,
                       const char *period, char *err, size_t errlen)
{
	static const char now[] =
		"UPDATE assess_run SET period = $2, is_current = 1 WHERE "
		"run_id = $1";
	static const char old[] =
		"UPDATE assess_result SET is_current = 0 WHERE is_current = 1 "
		"AND run_id <> $1 AND run_id IN (SELECT run_id FROM assess_run "
		"WHERE plugin = $2 AND scheme = $3) AND EXISTS (SELECT 1 FROM "
		"assess_result n WHERE n.run_id = $1 AND n.id = assess_result.id "
		"AND COALESCE(n.period, $4) IS NOT DISTINCT FROM "
		"COALESCE(assess_result.period, (SELECT u.period FROM assess_run u "
		"WHERE u.run_id = assess_result.run_id)))";
	static const char runs[] =
		"UPDATE assess_run SET is_current = 0 WHERE is_current = 1 AND "
		"run_id <> $1 AND plugin = $2 AND scheme = $3 AND NOT EXISTS "
		"(SELECT 1 FROM assess_result r WHERE r.run_id = assess_run.run_id "
		"AND r.is_current = 1)";
	const char *v[4];

	v[0] = id;
	v[1] = period[0] ? period : NULL;
	if (c->be->exec(c->db, now, 2, v, NULL, NULL, err, errlen) < 0)
		return -1;
	v[1] = plugin;
	v[2] = scheme;
	v[3] = period[0] ? period : NULL;
	if (c->be->exec(c->db, old, 4, v, NULL, NULL, err, errlen) < 0)
		return -1;
	return c->be->exec(c->db, runs, 3, v, NULL, NULL, err, errlen);
}

/* A rejected result's errors, one row each. */
static int put_rejection(struct archive_conn *c, const char *run_id,
                         const char *seq, const cJSON *r, char *err,
                         size_t errlen)
{
	static const char ins[] =
		"INSERT INTO assess_rejection (run_id, seq, n, id, file, line, "
		"path, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
	const cJSON *e;
	char n[16], line[32], b[4][32];
	const char *v[8];
	int k = 0;

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r, "errors")) {
		snprintf(n, sizeof n, "%d", ++k);
		v[0] = run_id;
		v[1] = seq;
		v[2] = n;
		v[3] = member_text(r, "id", b[0], sizeof b[0]);
		v[4] = member_text(r, "file", b[1], sizeof b[1]);
		v[5] = member_text(r, "line", line, sizeof line);
		v[6] = member_text(e, "path", b[2], sizeof b[2]);
		v[7] = member_text(e, "message", b[3], sizeof b[3]);
		if (c->be->exec(c->db, ins, 8, v, NULL, NULL, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* Every result, read from the file a line at a time (memory stays
 * flat), its scalars picked out by archive_scan; the latest period the
 * assessed ones give into period (a rejected row of another year, as
 * --period rejects it, is not the run's).  Stops, 1 returned, once stop
 * is set (the output failed: the run is not archived). */
static int put_results(struct archive_conn *c, const char *run_id,
                       FILE *results, const atomic_int *stop, char *period,
                       size_t plen, char *err, size_t errlen)
{
	static const char ins[] =
		"INSERT INTO assess_result (run_id, seq, id, name, parent, period, "
		"status, rating, stars, score, result_json) VALUES ($1, $2, $3, "
		"$4, $5, $6, $7, $8, $9, $10, $11)";
	static const char *const keys[] = { "id", "name", "parent", "period",
	                                     "status", "rating", "stars",
	                                     "score" };
	enum { NKEYS = sizeof keys / sizeof *keys };
	char *line = NULL, *scratch = NULL, seq[24];
	size_t cap = 0, scap = 0;
	ssize_t len;
	long k = 0;
	const char *v[2 + NKEYS + 1];
	cJSON *r;
	int rc = 0;

	period[0] = '\0';
	v[0] = run_id;
	v[1] = seq;
	while (rc == 0 && (len = getline(&line, &cap, results)) > 0) {
		if (atomic_load_explicit(stop, memory_order_relaxed)) {
			rc = 1;
			break;
		}
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (scap < (size_t)len + NKEYS + 1) {
			char *b = realloc(scratch, (size_t)len + NKEYS + 1);
			if (!b) {
				snprintf(err, errlen, _("out of memory"));
				rc = -1;
				break;
			}
			scratch = b;
			scap = (size_t)len + NKEYS + 1;
		}
		snprintf(seq, sizeof seq, "%ld", ++k);
		if (archive_scan(line, keys, NKEYS, v + 2, scratch) < 0) {
			snprintf(err, errlen, _("cannot read the results back: "
			         "result %ld is not a JSON object"), k);
			rc = -1;
			break;
		}
		if (v[5] && v[6] && strcmp(v[6], "ok") == 0 &&
		    strlen(v[5]) < plen && strcmp(v[5], period) > 0)
			snprintf(period, plen, "%s", v[5]);
		v[10] = line;
		rc = c->be->exec(c->db, ins, 11, v, NULL, NULL, err, errlen);
		if (rc == 0 && v[6] && strcmp(v[6], "rejected") == 0) {
			if (!(r = cJSON_ParseWithLength(line, (size_t)len))) {
				snprintf(err, errlen, _("out of memory"));
				rc = -1;
				break;
			}
			rc = put_rejection(c, run_id, seq, r, err, errlen);
			cJSON_Delete(r);
		}
	}
	if (rc == 0 && ferror(results)) {
		snprintf(err, errlen, _("cannot read the results back: %s"),
		         strerror(errno));
		rc = -1;
	}
	free(line);
	free(scratch);
	return rc;
}

/* A run being stored (archive.h): the connection and transaction are
 * the storing thread's until it is joined, then the caller's. */
struct archive_job {
	struct archive_conn c;
	struct run_row row;
	FILE *results;
	const char *target, *scheme, *period; /* borrowed from the run */
	long wait;
	pthread_t thread;
	atomic_int stop; /* the output failed: no more rows */
	int rc;          /* the thread's: 0, or -1 with err */
	char err[1024];
};

/* The storing thread: the lock, the transaction, the run's row and one
 * row per result, up to (not including) the commit. */
static void *store(void *arg)
{
	struct archive_job *j = arg;
	struct archive_conn *c = &j->c;
	char id[24], period[64];
	long last = 0;

	if (archive_connect(c, j->target, 0, j->wait, j->err,
	                    sizeof j->err) != 0 ||
	    c->be->begin(c->db, j->err, sizeof j->err) < 0 ||
	    migrate(c, j->err, sizeof j->err) < 0 ||
	    c->be->exec(c->db, "SELECT MAX(run_id) FROM assess_run", 0, NULL,
	                one_long, &last, j->err, sizeof j->err) < 0) {
		j->rc = -1;
		return NULL;
	}
	snprintf(id, sizeof id, "%ld", last + 1);
	if (put_run(c, &j->row, id, j->err, sizeof j->err) < 0 ||
	    (j->rc = put_results(c, id, j->results, &j->stop, period,
	                         sizeof period, j->err, sizeof j->err)) != 0 ||
	    put_current(c, id, j->row.v[0], j->scheme,
	                j->period ? j->period : period, j->err,
	                sizeof j->err) < 0)
		j->rc = -1;
	return NULL;
}

static void job_free(struct archive_job *j)
{
	if (j->c.db)
		archive_disconnect(&j->c);
	run_row_free(&j->row);
	if (j->results)
		fclose(j->results);
	free(j);
}

int archive_start(struct archive_job **job, const char *target, long wait,
                  const struct archive_run *run)
{
	struct archive_job *j = calloc(1, sizeof *j);
	char shown[512];
	int e;

	*job = NULL;
	if (!j || run_row_make(&j->row, run) < 0) {
		diag("out of memory");
		goto fail;
	}
	j->results = run->results;
	j->target = target;
	j->scheme = run->scheme;
	j->period = run->period;
	j->wait = wait;
	atomic_init(&j->stop, 0);
	if ((e = pthread_create(&j->thread, NULL, store, j)) != 0) {
		diag("cannot start the archive's thread: %s", strerror(e));
		goto fail;
	}
	*job = j;
	return 0;
fail:
	archive_mask(target, shown, sizeof shown);
	diag("the run was NOT archived in %s (the output is written and "
	     "complete)", shown);
	if (j) {
		j->results = NULL; /* still the caller's */
		job_free(j);
	}
	return -1;
}

int archive_finish(struct archive_job *j, int output_ok)
{
	int rc = -1;

	if (!j)
		return 0;
	if (!output_ok)
		atomic_store(&j->stop, 1);
	pthread_join(j->thread, NULL);
	if (!output_ok) {
		rc = 0; /* rolled back: the run failed, nothing to archive */
		goto out;
	}
	if (j->rc == 0) {
		archive_test_pause();
		if (j->c.be->commit(j->c.db, j->err, sizeof j->err) == 0) {
			rc = 0;
			goto out;
		}
	}
	diag("%s", j->err);
	diag("the run was NOT archived in %s (the output is written and "
	     "complete)", j->c.shown);
out:
	job_free(j);
	return rc;
}

void archive_test_pause(void)
{
	const char *flag = getenv("ASSESS_TEST_ARCHIVE_PAUSE");
	struct timespec tenth = { 0, 100000000 };
	FILE *fp;
	int i;

	if (!flag || !*flag || !(fp = fopen(flag, "w")))
		return;
	fclose(fp);
	for (i = 0; i < 600 && access(flag, F_OK) == 0; i++)
		nanosleep(&tenth, NULL);
}
