/*
 * rowcheck.h - what the host checks of a record beyond its JSON, before
 * the plugin sees it: the cells of a spreadsheet row that could not be
 * read (sheetin_fault), and that every record of the batch is assessed
 * for one year (--period, else the first record's period).
 */
#ifndef ASSESS_ROWCHECK_H
#define ASSESS_ROWCHECK_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "host.h"
#include "input.h"

/* The batch's assessment year: stated (--period, borrowed for the run),
 * or as the first record with a period gave it, and where; and where to
 * say why the run stops. */
struct rowcheck {
	const char *stated;
	char *fatal;         /* room for fatal_len bytes */
	size_t fatal_len;
	char year[64], id[64];
	const char *file;    /* borrowed for the run, as input names it */
	long line;
};

struct run;
struct sheetin_rowstate;

/* The spreadsheet row (NULL: none) the record now checked was written
 * from, for the columns the run's messages name (run.h's sheet, read by
 * host_reject and rowcheck_record); run NULL: nothing. */
void rowcheck_row(struct run *run, const struct sheetin_rowstate *row);

/* The record ir (root its tree, NULL when it did not parse): each
 * faulty cell of the row it came from rejects it (res); a period other
 * than the stated year rejects it; without a stated year, a period other
 * than the first record's stops the run: -1 with the reason, naming both
 * records, in y->fatal.  0 or -1. */
int rowcheck_record(struct rowcheck *y, const struct input_rec *ir,
                    const cJSON *root, assess_result *res);

#endif
