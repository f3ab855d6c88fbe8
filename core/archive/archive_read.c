/*
 * archive_read.c - what is read back from an archive (see archive.h):
 * the current runs' ratings as history (--history-from), and the runs as
 * a table (--list-runs).  Reading takes no lock and changes nothing.
 */
#include "archive.h"
#include "archive_impl.h"
#include "diag.h"
#include "history.h"
#include "lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* Open target to read, with its schema known.  0 ready; 1 no archive
 * there yet (nothing open); -1 after saying why. */
static int open_to_read(struct archive_conn *c, const char *target,
                        long wait)
{
	char err[1024];
	long version;
	int rc = archive_connect(c, target, 1, wait, err, sizeof err);

	if (rc < 0) {
		diag("%s", err);
		return -1;
	}
	if (rc == 1)
		return 1;
	if (archive_version(c, &version, err, sizeof err) < 0) {
		diag("%s", err);
		archive_disconnect(c);
		return -1;
	}
	if (version == 0) {
		archive_disconnect(c);
		return 1;
	}
	if (version < ARCHIVE_SCHEMA_VERSION) {
		/* an older assess's archive: its views and columns are not
		 * this one's until migrated, which the yearly command, reading
		 * history before it archives, would otherwise never reach */
		archive_disconnect(c);
		if (archive_upgrade(target, wait, err, sizeof err) < 0) {
			diag("%s", err);
			diag("%s: the archive's schema is version %ld, older than "
			     "version %d this assess reads, and it could not be "
			     "migrated: run assess once with --archive %s where it "
			     "may write", c->shown, version, ARCHIVE_SCHEMA_VERSION,
			     c->shown);
			return -1;
		}
		return open_to_read(c, target, wait);
	}
	return 0;
}

struct history_rows {
	struct history *h;
	const char *scheme;
	int src;
	char err[1024];
};

static int history_row(void *arg, int ncol, const char *const *val)
{
	struct history_rows *hr = arg;

	/* other schemes' runs are left alone: one archive keeps them all */
	if (ncol < 8 || !val[0] || !val[1] || !val[2] || !val[3] ||
	    !history_accepts(hr->h, val[0]))
		return 0;
	/* nor other schemes of this plugin (the scorecard's many) */
	if (strcmp(val[0], history_plugin(hr->h)) == 0 &&
	    (!val[4] || strcmp(val[4], hr->scheme) != 0))
		return 0;
	if (val[5] && history_source_run(hr->h, hr->src,
	                                 strtol(val[5], NULL, 10), val[6],
	                                 val[7]) < 0) {
		snprintf(hr->err, sizeof hr->err, "%s", _("out of memory"));
		return -1;
	}
	return history_add(hr->h, hr->src, val[0], val[1], val[2],
	                   atoi(val[3]), hr->err, sizeof hr->err);
}

int archive_history(const char *target, long wait, const char *scheme,
                    struct history *h)
{
	static const char sql[] =
		"SELECT u.plugin, r.id, COALESCE(r.period, u.period), r.stars, "
		"u.scheme, r.run_id, u.period, u.archived_at FROM assess_result r JOIN assess_run u ON u.run_id = "
		"r.run_id WHERE r.is_current = 1 AND r.status = 'ok' AND r.stars "
		"IS NOT NULL AND COALESCE(r.period, u.period) IS NOT NULL "
		"ORDER BY r.run_id, r.seq";
	struct history_rows hr = { h, scheme, 0, "" };
	struct archive_conn c;
	int rc = open_to_read(&c, target, wait);

	if (rc < 0)
		return -1;
	if ((hr.src = history_source(h, c.shown)) < 0) {
		if (rc == 0)
			archive_disconnect(&c);
		diag("out of memory");
		return -1;
	}
	if (rc == 1) {
		diag("note: %s holds no runs yet: no history from it", c.shown);
		return 0;
	}
	rc = c.be->exec(c.db, sql, 0, NULL, history_row, &hr, hr.err,
	                sizeof hr.err);
	if (rc < 0 || hr.err[0])
		diag("%s", hr.err);
	archive_disconnect(&c);
	return rc < 0 || hr.err[0] ? -1 : 0;
}

/* One run a line, under the header archive_list printed. */
static int list_row(void *arg, int ncol, const char *const *val)
{
	FILE *out = arg;
	int i;

	for (i = 0; i < ncol; i++)
		fprintf(out, i == 0 ? "%5s" : i == 1 ? "  %-8s" : i == 2
		        ? "  %-12s" : i == 3 ? "  %-20s" : i == 8 ? "  %-7s" : i == 9 ? "  %s"
		        : "  %7s", val[i] ? val[i] : "-");
	putc('\n', out);
	return 0;
}

/* The keys of a run as JSON and CSV give them, in the order of
 * list_sql's columns; which are numbers. */
static const char *const list_keys[] = {
	"run_id", "period", "plugin", "scheme", "archived_at", "exit_status",
	"records", "assessed", "rejected", "is_current"
};
static const char list_number[] = { 1, 0, 0, 0, 0, 1, 1, 1, 1, 0 };
enum { LIST_COLS = sizeof list_keys / sizeof *list_keys };

struct list_data {
	FILE *out;
	enum archive_list_form form;
	long n;     /* rows written */
	int failed; /* out of memory: the list is not whole */
};

/* A CSV field, quoted when it holds a comma, a quote or a line break. */
static void csv_field(FILE *out, const char *v)
{
	if (!v[strcspn(v, ",\"\r\n")]) {
		fputs(v, out);
		return;
	}
	putc('"', out);
	for (; *v; v++) {
		if (*v == '"')
			putc('"', out);
		putc(*v, out);
	}
	putc('"', out);
}

/* One run as a JSON object or a CSV row. */
static int data_row(void *arg, int ncol, const char *const *val)
{
	struct list_data *d = arg;
	cJSON *o;
	char *text;
	int i;

	if (ncol < LIST_COLS) {
		d->failed = 1;
		return -1;
	}
	if (d->form == ARCHIVE_LIST_CSV) {
		for (i = 0; i < LIST_COLS; i++) {
			if (i)
				putc(',', d->out);
			csv_field(d->out, val[i] ? val[i] : "");
		}
		fputs("\r\n", d->out);
		d->n++;
		return 0;
	}
	if (!(o = cJSON_CreateObject())) {
		d->failed = 1;
		return -1;
	}
	for (i = 0; i < LIST_COLS; i++) {
		if (!val[i])
			cJSON_AddNullToObject(o, list_keys[i]);
		else if (i == LIST_COLS - 1) /* is_current */
			cJSON_AddBoolToObject(o, list_keys[i], strcmp(val[i], "1") == 0);
		else if (list_number[i])
			cJSON_AddNumberToObject(o, list_keys[i], strtod(val[i], NULL));
		else
			cJSON_AddStringToObject(o, list_keys[i], val[i]);
	}
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!text) {
		d->failed = 1;
		return -1;
	}
	fprintf(d->out, "%s%s", d->form == ARCHIVE_LIST_JSON && d->n ? ",\n"
	        : "", text);
	if (d->form == ARCHIVE_LIST_NDJSON)
		putc('\n', d->out);
	cJSON_free(text);
	d->n++;
	return 0;
}

int archive_list(const char *target, long wait, enum archive_list_form form,
                 FILE *out)
{
	static const char table_sql[] =
		"SELECT run_id, period, plugin, archived_at, exit_status, records, "
		"assessed, rejected, CASE WHEN is_current = 1 THEN '*' ELSE '' "
		"END, scheme FROM assess_run ORDER BY run_id";
	static const char data_sql[] =
		"SELECT run_id, period, plugin, scheme, archived_at, exit_status, "
		"records, assessed, rejected, is_current FROM assess_run ORDER BY "
		"run_id";
	struct list_data d = { out, form, 0, 0 };
	struct archive_conn c;
	char err[1024];
	int rc = open_to_read(&c, target, wait), i;

	if (rc < 0)
		return -1;
	if (rc == 1)
		diag("note: %s holds no runs yet", c.shown);
	if (form == ARCHIVE_LIST_TABLE && rc == 1)
		return 0;
	if (form == ARCHIVE_LIST_TABLE) {
		fprintf(out, "%5s  %-8s  %-12s  %-20s  %7s  %7s  %7s  %7s  %-7s  "
		        "%s\n", _("run"), _("period"), _("plugin"),
		        _("archived (UTC)"), _("exit"), _("records"),
		        C_("count", "assessed"), _("rejected"), _("current"),
		        _("scheme"));
		rc = c.be->exec(c.db, table_sql, 0, NULL, list_row, out, err,
		                sizeof err);
		goto out;
	}
	if (form == ARCHIVE_LIST_JSON)
		fputs("[\n", out);
	for (i = 0; form == ARCHIVE_LIST_CSV && i < LIST_COLS; i++)
		fprintf(out, "%s%s", i ? "," : "", list_keys[i]);
	if (form == ARCHIVE_LIST_CSV)
		fputs("\r\n", out);
	if (rc == 1) { /* no archive there yet: an empty list */
		if (form == ARCHIVE_LIST_JSON)
			fputs("]\n", out);
		return 0;
	}
	rc = c.be->exec(c.db, data_sql, 0, NULL, data_row, &d, err,
	                sizeof err);
	if (rc == 0 && d.failed) {
		snprintf(err, sizeof err, "%s", _("out of memory"));
		rc = -1;
	}
	if (form == ARCHIVE_LIST_JSON)
		fputs(d.n ? "\n]\n" : "]\n", out);
out:
	if (rc < 0)
		diag("%s", err);
	archive_disconnect(&c);
	return rc;
}
