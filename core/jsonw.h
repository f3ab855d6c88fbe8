/*
 * jsonw.h - write a cJSON tree to a stream, unformatted, byte for byte as
 * cJSON_PrintUnformatted would print it, without building the text in
 * memory first.  The results of a batch go through here: printing them was
 * the largest cost of a run.
 */
#ifndef ASSESS_JSONW_H
#define ASSESS_JSONW_H

#include <stdio.h>

#include <cjson/cJSON.h>

/* 0, or -1 when the stream fails or the tree holds an invalid item. */
int jsonw_write(FILE *fp, const cJSON *item);

/* Print a number as cJSON does into buf (at least 32 bytes); returns its
 * length. */
int jsonw_number(char *buf, double d);

#endif
