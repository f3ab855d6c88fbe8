/*
 * paper.h - the title and subtitle a run's paper carries: the report's
 * heading and the workbook's printed footer.  Given with --title and
 * --subtitle, or from the INI's [report] (organisation, year, title,
 * subtitle), which batch.c puts in the describe document the writers get
 * as its "report" object; by default the period and the scheme's name
 * ("2025年度星级党支部评定结果").
 */
#ifndef ASSESS_PAPER_H
#define ASSESS_PAPER_H

#include <stddef.h>

#include "writer.h"

/* The scheme's name for a reader: the describe document's "title" (the
 * plugin's, in the language of the run), else its description, else the
 * plugin's name.  Borrowed from doc; never NULL. */
const char *paper_scheme(const struct results_doc *doc);

/* The title of doc's paper into buf (len bytes), and buf.  period: the
 * results' period (the first one a result gives), or NULL; the [report]
 * year wins over it. */
const char *paper_title(const struct results_doc *doc, const char *period,
                        char *buf, size_t len);

/* The subtitle given (--subtitle, [report] subtitle), or NULL: the
 * writer then says which scheme it is in its own words. */
const char *paper_subtitle(const struct results_doc *doc);

/* Adds name to *list, names joined with "、", unless it is there (the
 * ratings given with no star: one name for them, wherever the paper
 * shows it).  0, or -1 out of memory (*list unchanged). */
int paper_add_once(char **list, const char *name);

#endif
