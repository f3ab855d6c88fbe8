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

/* One run a line, under the header list_runs printed. */
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

int archive_list(const char *target, long wait, FILE *out)
{
	static const char sql[] =
		"SELECT run_id, period, plugin, archived_at, exit_status, records, "
		"assessed, rejected, CASE WHEN is_current = 1 THEN '*' ELSE '' "
		"END, scheme FROM assess_run ORDER BY run_id";
	struct archive_conn c;
	char err[1024];
	int rc = open_to_read(&c, target, wait);

	if (rc < 0)
		return -1;
	if (rc == 1) {
		diag("note: %s holds no runs yet", c.shown);
		return 0;
	}
	fprintf(out, "%5s  %-8s  %-12s  %-20s  %7s  %7s  %7s  %7s  %-7s  %s\n",
	        _("run"), _("period"), _("plugin"), _("archived (UTC)"),
	        _("exit"), _("records"), C_("count", "assessed"), _("rejected"),
	        _("current"), _("scheme"));
	rc = c.be->exec(c.db, sql, 0, NULL, list_row, out, err, sizeof err);
	if (rc < 0)
		diag("%s", err);
	archive_disconnect(&c);
	return rc;
}
