/*
 * rowcheck.c - a record's cells and assessment year, checked by the host
 * before the plugin sees it (see rowcheck.h).  A row left at last year
 * among this year's would otherwise be compared with the wrong history
 * and counted in this year's summary; a cell the reader could not give
 * would otherwise be an absent field.
 */
#include "rowcheck.h"
#include "lang.h"
#include "run.h"
#include "sheetin.h"

#include <stdio.h>
#include <string.h>

/* How many bytes of s, at most max, end on a whole UTF-8 character: a
 * record's period and id are quoted cut there, never mid-character. */
static int clip(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return (int)n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return (int)max;
}

void rowcheck_row(struct run *run, const struct sheetin_rowstate *row)
{
	if (run)
		run->sheet = row;
}

int rowcheck_record(struct rowcheck *y, const struct input_rec *ir,
                    const cJSON *root, assess_result *res)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "period");
	const char *why, *path, *v;
	size_t i;

	for (i = 0; (why = sheetin_fault(res->run ? res->run->sheet : NULL, i,
	                                 &path)); i++)
		host_reject(res, path, "%s", why);
	if (!root || res->errors || !cJSON_IsString(p) || !*(v = p->valuestring))
		return 0; /* no period: nothing to compare */
	if (y->stated) {
		if (strcmp(v, y->stated) != 0)
			host_reject(res, "period", "%.*s is not the batch's "
			            "assessment year %s (--period): correct the "
			            "period, or assess the record in a batch of its "
			            "year", clip(v, 60), v, y->stated);
		return 0;
	}
	if (!y->file) {
		snprintf(y->year, sizeof y->year, "%.*s",
		         clip(v, sizeof y->year - 1), v);
		snprintf(y->id, sizeof y->id, "%.*s", clip(res->id ? res->id : "?",
		         sizeof y->id - 1), res->id ? res->id : "?");
		y->file = ir->file;
		y->line = ir->line;
		return 0;
	}
	if (strcmp(v, y->year) == 0)
		return 0;
	snprintf(y->fatal, y->fatal_len, _("%s:%ld: record %s: period %.*s, but "
	         "%s:%ld (record %s) has %s: a batch is assessed for one year; "
	         "correct the period, or give --period YYYY to assess that year "
	         "and reject the records of another"), ir->file, ir->line,
	         res->id ? res->id : "?", clip(v, 60), v, y->file, y->line, y->id,
	         y->year);
	return -1;
}
