/*
 * jsonw.h - write a cJSON tree to a stream, unformatted, byte for byte as
 * cJSON_PrintUnformatted would print it.  The results of a batch go
 * through here: printing them was the largest cost of a run.  A value is
 * built in a growing buffer (jsonw_append) and written at once.
 */
#ifndef ASSESS_JSONW_H
#define ASSESS_JSONW_H

#include <stdio.h>

#include <cjson/cJSON.h>

/* A growing text buffer; zero it before the first use. */
struct jsonw_buf {
	char *data; /* not NUL-terminated */
	size_t len, cap;
	int failed; /* out of memory: what follows is not appended */
};

/* 0, or -1 when the stream fails or the tree holds an invalid item. */
int jsonw_write(FILE *fp, const cJSON *item);

/* Append item to b.  0, or -1 when out of memory (b->failed) or the tree
 * holds an invalid item; b then holds part of it. */
int jsonw_append(struct jsonw_buf *b, const cJSON *item);

/* Room for n more bytes in b (grown by doubling).  0, or -1 when out of
 * memory (b->failed set) or b failed before. */
int jsonw_reserve(struct jsonw_buf *b, size_t n);

/* Append c to b (b->failed when out of memory). */
void jsonw_append_char(struct jsonw_buf *b, char c);
/* Append the n bytes at p as they are, or as a JSON string (quoted and
 * escaped as cJSON escapes), to b (b->failed when out of memory). */
void jsonw_append_raw(struct jsonw_buf *b, const char *p, size_t n);
void jsonw_append_string(struct jsonw_buf *b, const char *s, size_t n);

/* Free b's memory and zero it; accepts a zeroed b. */
void jsonw_buf_free(struct jsonw_buf *b);

/* Print a number as cJSON does into buf (at least 32 bytes); returns its
 * length. */
int jsonw_number(char *buf, double d);

#endif
