/*
 * report_tables.h - the HTML report's later sections (report_tables.c):
 * pairing, organisations held back, all results, reproducibility.
 */
#ifndef ASSESS_REPORT_TABLES_H
#define ASSESS_REPORT_TABLES_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "report_scan.h"

/* Write the sections after the warnings, from the summary, the metadata
 * and the scan s (whose spools are read).  0, or -1 when a spool or fp
 * fails. */
int report_tables(FILE *fp, const cJSON *summary, const cJSON *meta,
                  struct report_scan *s);

#endif
