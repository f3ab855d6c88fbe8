/*
 * archive.h - every run kept in a database (--archive TARGET): SQLite for
 * a path, PostgreSQL for a postgresql:// (or postgres://) URL, one schema
 * for both (docs/archive.md).  A run is stored in one transaction after
 * its output is complete; the earlier runs give history
 * (--history-from) and a table (--list-runs).
 */
#ifndef ASSESS_ARCHIVE_H
#define ASSESS_ARCHIVE_H

#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

struct history;

/* What a finished run leaves to archive (all borrowed). */
struct archive_run {
	const cJSON *meta;       /* the output's "assess" metadata */
	const cJSON *summary;    /* the output's summary */
	const char *config_path; /* the INI read, or NULL */
	const char *scheme;      /* archive_scheme's */
	const char *period;      /* --period, or NULL: the latest period of
	                            the assessed results */
	FILE *results;           /* the results as written, one compact JSON
	                            a line, positioned at the first */
	int exit_status;         /* what the run exits with */
};

/* target as it may be shown: a URL's password (up to the last '@' of
 * its authority), and any password= value, replaced by "***".  Into out (len bytes). */
void archive_mask(const char *target, char *out, size_t len);

/* Whether target may be an archive's: a postgresql:// or postgres:// URL
 * (the scheme in any case), or a SQLite file's name.  A malformed
 * PostgreSQL URL, or a name holding '=' or spaces (a libpq key=value
 * string would otherwise become a file named with its password), is
 * refused: -1 with the reason, naming option opt and never showing a
 * password, in err; else 0. */
int archive_check_target(const char *target, const char *opt, char *err,
                         size_t errlen);

/* The scheme a run's results belong to, as the archive tells schemes
 * apart: the INI's [scheme] title (title, NULL: none), else the plugin's
 * name.  Borrowed from one of them. */
const char *archive_scheme(const char *plugin, const char *title);

/* A run being stored: archive_start, then archive_finish. */
struct archive_job;

/* Start storing run in the archive at target (created, or its schema
 * migrated forward, on first use), on a thread of its own, so the rows
 * go in while the caller writes its output: the lock (waited for up to
 * wait seconds), the transaction, the run's row and its results' rows
 * from run->results, which the job takes (it closes it); run's other
 * members are read before this returns.  Nothing is committed before
 * archive_finish.  0 and *job, or -1 (results still the caller's) after
 * saying why and that the run was not archived. */
int archive_start(struct archive_job **job, const char *target, long wait,
                  const struct archive_run *run);

/* Finish job (NULL: nothing to do) and free it.  output_ok: the output
 * is complete and in place, so the run is committed, marked current for
 * the ids it holds (for each, the newest run of its plugin and scheme
 * that holds it for its period is current); 0, or -1 after saying why
 * and that the run was not archived: nothing of it is then in the
 * archive.  Else the rows are rolled back unsaid, 0. */
int archive_finish(struct archive_job *job, int output_ok);

/* Add to h the current ratings in the archive at target (an archive not
 * made yet gives none): of scheme where they are of h's own plugin, of
 * any scheme where of a --history-plugin one.  0, or -1 after saying
 * why. */
int archive_history(const char *target, long wait, const char *scheme,
                    struct history *h);

/* How --list-runs writes the runs. */
enum archive_list_form {
	ARCHIVE_LIST_TABLE,  /* aligned columns, headed in the run's language */
	ARCHIVE_LIST_JSON,   /* one array, a run an object a line */
	ARCHIVE_LIST_NDJSON, /* a run an object a line */
	ARCHIVE_LIST_CSV     /* a header row of the keys, a run a row */
};

/* Write the archive's runs on out in form (the JSON and CSV keys:
 * run_id, period, plugin, scheme, archived_at, exit_status, records,
 * assessed, rejected, is_current; docs/archive.md).  An archive not made
 * yet is noted and gives no runs.  0, or -1 after saying why. */
int archive_list(const char *target, long wait, enum archive_list_form form,
                 FILE *out);

#endif
