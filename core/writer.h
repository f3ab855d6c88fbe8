/*
 * writer.h - writers of the results in formats other than JSON and
 * NDJSON (a spreadsheet, a report).  output.c hands each the whole run
 * once the batch is over; the writer turns it into one file.  A writer is
 * generic: it reads only the result conventions (id, name, parent,
 * period, status, score, criteria with key/label/score/max/passed,
 * verdict fields, actions, warnings, errors), the summary's counts and the
 * plugin's describe document, so a third party's scheme gets it free.
 */
#ifndef ASSESS_WRITER_H
#define ASSESS_WRITER_H

#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

struct history;

struct results_doc {
	const cJSON *meta;     /* the "assess" metadata (never NULL) */
	const cJSON *summary;  /* records, assessed, rejected, the scheme's */
	const cJSON *describe; /* the plugin's describe document, or NULL */
	FILE *results;         /* one compact result JSON a line, in input
	                          order, positioned at the first; read it
	                          once, a line at a time: it may hold a
	                          million results */
	long count;            /* lines in results */
	const struct history *history; /* the ratings of earlier periods the
	                          run was given (history.h), for trends;
	                          NULL: none */
	long report_rows;      /* --report-rows for the HTML report; 0:
	                          its default */
};

/* The criteria (or items) a describe document lists, each an object
 * with key and label (and max): "criteria" for the good-on-every-criterion
 * schemes, "items" for the star scheme.  NULL when it lists none. */
static inline const cJSON *writer_criteria(const cJSON *describe)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(describe, "criteria");

	if (!cJSON_IsArray(a))
		a = cJSON_GetObjectItemCaseSensitive(describe, "items");
	return cJSON_IsArray(a) ? a : NULL;
}

/* Write the whole file for doc to fp.  0, or -1 with the reason in err
 * (nothing else reported).  fp is the temporary file, the device or the
 * stream the run writes to; the caller flushes and renames it. */
typedef int (*results_writer)(FILE *fp, const struct results_doc *doc,
                              char *err, size_t errlen);

#endif
