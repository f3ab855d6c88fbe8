/*
 * batch.h - one assessment run: every record of the inputs through the
 * plugin, then the plugin's finish step, then the output document.
 */
#ifndef ASSESS_BATCH_H
#define ASSESS_BATCH_H

#include <stdio.h>

#include "isolate.h"
#include "output.h"
#include "plugin.h"

struct batch_opts {
	struct run *run;           /* the run's state (run.h) */
	const struct plugin *plugin;
	void *state;               /* from the plugin's create */
	const char *config_sha256; /* "" when there is no config */
	char *const *overrides;    /* --set assignments, for the metadata */
	int noverrides;
	char *const *inputs;
	int ninputs;
	const char *out;           /* -o, or NULL for the stream stdout_fp */
	const char *summary;       /* --summary, or NULL */
	long report_rows;          /* --report-rows, 0 the default */
	FILE *stdout_fp;           /* the real standard output */
	enum output_format format;
	struct isolate *iso;       /* run the plugin there, or NULL */
	size_t max_record;         /* the largest record read, in bytes */
	const char *config_path;   /* the INI as named, or NULL */
	const char *encoding;      /* the inputs' iconv encoding, or NULL */
	int input_format;          /* an enum sheetin_kind, -1: by name */
	const char *sheet;         /* --sheet NAME, or NULL */
	const char *columns;       /* --columns FILE, or NULL */
	const char *period;        /* --period YYYY, or NULL: the first seen */
	const char *input_columns; /* [input] columns, or NULL */
	const char *skip_columns;  /* [input] skip_columns, or NULL */
	long jobs;                 /* --jobs (pipeline_threads), 0 if not given */
	struct history *history;   /* earlier ratings to merge, or NULL */
	const char *archive;       /* --archive TARGET, or NULL */
	long archive_wait;         /* --archive-wait seconds, 0 the default */
	const char *scheme;        /* the run's scheme (archive_scheme) */
	/* the paper's title and subtitle (--title, --subtitle) and the
	 * INI's [report] organisation and year, or NULL (paper.h) */
	const char *title, *subtitle, *organisation, *year;
};

/* The describe document: the host's members (plugin, version,
 * description, config), then the plugin's, written in this process
 * (state) or in the isolated child (iso).  0 and *doc (the caller's), or
 * an exit status after saying why. */
int batch_describe(const struct plugin *p, void *state, struct isolate *iso,
                   const char *config, cJSON **doc);

struct input;
struct sheetin_opts;
struct colmap;

/* Prepare the inputs that are spreadsheets (none: nothing done) to be
 * read with the column names of the plugin's describe document and
 * --columns: *map (the caller's, colmap_free) and so, which must live as
 * long as in.  0, or an exit status after saying why. */
int batch_sheet_inputs(const struct batch_opts *o, struct input *in,
                       struct sheetin_opts *so, struct colmap **map);

/* The spreadsheet columns the run did not read (so->skipped), given to
 * meta as its skipped_columns when there are any and meta is not NULL,
 * else freed: so that a reader of the output sees what was not used. */
void batch_sheet_skipped(cJSON *meta, struct sheetin_opts *so);

/* Run the batch.  Returns the exit status of the contract: 0 all records
 * assessed, 1 some rejected, 2 the output cannot be written, 4 the plugin
 * failed in its finish step, 5 an input unreadable or not JSON as a whole.
 * Every problem has been reported on stderr.  On 2, 4 and 5 nothing is
 * written, except when the output is complete and only archiving it
 * failed (2). */
int batch_run(const struct batch_opts *o);

#endif
