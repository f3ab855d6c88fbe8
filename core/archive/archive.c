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

/* The run's own row, as number id; its period and whether it is current
 * are set once its results are in (put_current). */
static int put_run(struct archive_conn *c, const struct archive_run *run,
                   const char *id, char *err, size_t errlen)
{
	static const char ins[] =
		"INSERT INTO assess_run (run_id, plugin, plugin_version, "
		"assess_version, period, lang, config_text, config_sha256, "
		"input_sha256, references_json, overrides_json, archived_at, "
		"exit_status, records, assessed, rejected, is_current, "
		"summary_json, meta_json, scheme) VALUES ($1, $2, $3, $4, NULL, $5, "
		"$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 0, $16, $17, $18)";
	const cJSON *m = run->meta, *s = run->summary;
	char b[6][72], when[32], status[8], rec[24], ass[24], rej[24];
	char *refs = cJSON_PrintUnformatted(
		cJSON_GetObjectItemCaseSensitive(m, "references"));
	char *over = cJSON_PrintUnformatted(
		cJSON_GetObjectItemCaseSensitive(m, "config_overrides"));
	char *sum = cJSON_PrintUnformatted(s), *meta = cJSON_PrintUnformatted(m);
	char *cfg = config_text(run->config_path);
	time_t now = time(NULL);
	struct tm tm;
	const char *v[18];
	int rc = -1;

	if (!sum || !meta) {
		snprintf(err, errlen, _("out of memory"));
		goto out;
	}
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(status, sizeof status, "%d", run->exit_status);
	v[0] = id;
	v[1] = member_text(m, "plugin", b[0], sizeof b[0]);
	v[2] = member_text(m, "plugin_version", b[1], sizeof b[1]);
	v[3] = member_text(m, "version", b[2], sizeof b[2]);
	v[4] = member_text(m, "lang", b[3], sizeof b[3]);
	v[5] = cfg;
	v[6] = member_text(m, "config_sha256", b[4], sizeof b[4]);
	v[7] = member_text(m, "input_sha256", b[5], sizeof b[5]);
	v[8] = refs;
	v[9] = over;
	v[10] = when;
	v[11] = status;
	v[12] = member_text(s, "records", rec, sizeof rec);
	v[13] = member_text(s, "assessed", ass, sizeof ass);
	v[14] = member_text(s, "rejected", rej, sizeof rej);
	v[15] = sum;
	v[16] = meta;
	v[17] = run->scheme;
	rc = c->be->exec(c->db, ins, 18, v, NULL, NULL, err, errlen);
out:
	cJSON_free(refs);
	cJSON_free(over);
	cJSON_free(sum);
	cJSON_free(meta);
	free(cfg);
	return rc;
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
 * --period rejects it, is not the run's). */
static int put_results(struct archive_conn *c, const char *run_id,
                       FILE *results, char *period, size_t plen, char *err,
                       size_t errlen)
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

int archive_store(const char *target, long wait,
                  const struct archive_run *run)
{
	struct archive_conn c;
	char err[1024], id[24], period[64], plugin[72];
	long last = 0;
	int rc = -1;

	if (archive_connect(&c, target, 0, wait, err, sizeof err) != 0)
		goto fail;
	if (c.be->begin(c.db, err, sizeof err) < 0 ||
	    migrate(&c, err, sizeof err) < 0 ||
	    c.be->exec(c.db, "SELECT MAX(run_id) FROM assess_run", 0, NULL,
	               one_long, &last, err, sizeof err) < 0)
		goto fail;
	snprintf(id, sizeof id, "%ld", last + 1);
	if (put_run(&c, run, id, err, sizeof err) < 0 ||
	    put_results(&c, id, run->results, period, sizeof period, err,
	                sizeof err) < 0 ||
	    put_current(&c, id, member_text(run->meta, "plugin", plugin,
	                                    sizeof plugin), run->scheme,
	                run->period ? run->period : period, err,
	                sizeof err) < 0)
		goto fail;
	archive_test_pause();
	if (c.be->commit(c.db, err, sizeof err) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	diag("%s", err);
	diag("the run was NOT archived in %s (the output is written and "
	     "complete)", c.shown);
out:
	if (c.db)
		archive_disconnect(&c);
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
