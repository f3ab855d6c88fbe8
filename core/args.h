/*
 * args.h - the command line of assess, read into one struct; main.c
 * decides what to do with it.
 */
#ifndef ASSESS_ARGS_H
#define ASSESS_ARGS_H

#include <stddef.h>

#include "output.h"

struct args {
	const char *plugin, *config, *out, *summary;
	const char *sample; /* --check-plugin --sample FILE */
	enum output_format format;
	int format_given; /* --format, or -o FILE's name, chose it */
	int list, describe, version, help, verbose, check;
	int isolate; /* -1 --no-isolate, 0 by where the plugin is, 1 --isolate */
	long timeout; /* seconds a plugin may take per record (0: none) */
	size_t max_record; /* bytes a record may have (--max-record) */
	long report_rows; /* --report-rows, 0: REPORT_ROWS_DEFAULT */
	long jobs; /* --jobs: 1 one thread, 2+ reader and writer beside;
	              0 by the CPUs */
	const char *encoding; /* the inputs' iconv encoding, NULL: UTF-8 */
	int input_format;     /* --input-format: an enum sheetin_kind + 1;
	                         0: by each input's name */
	const char *sheet, *columns; /* --sheet NAME, --columns FILE */
	const char *period;   /* --period YYYY: the batch's assessment year */
	const char *lang; /* --lang zh_CN|en, NULL: from the environment */
	const char *title, *subtitle; /* the paper's (--title, --subtitle) */
	char **inputs;
	int ninputs;
	char **sets; /* --set SECTION.KEY=VALUE */
	int nsets;
	char **histories; /* --history FILE */
	int nhistories;
	char **history_plugins; /* --history-plugin NAME */
	int nhistory_plugins;
	const char *history_from, *archive; /* --history-from, --archive */
	long archive_wait; /* --archive-wait: seconds, 0 the default */
	int list_runs;     /* --list-runs */
};

/* Read argv into a (zeroed by the caller; inputs, sets, histories and
 * history_plugins are malloc'd for the caller to free).  0, or STATUS_USAGE after saying why. */
int args_parse(int argc, char **argv, struct args *a);

#endif
