/*
 * refs.h - reference files: records a plugin reads besides the batch (the
 * host service read_records), such as the five-good results a six-good run
 * builds on.  Each file read is listed, with its SHA-256, in the output's
 * metadata, so a result can be traced to everything it stood on.
 */
#ifndef ASSESS_REFS_H
#define ASSESS_REFS_H

#include <cjson/cJSON.h>

#include "assess/assess.h"

/* The host service read_records (see assess.h). */
int refs_read(const char *path, int (*fn)(void *arg, const assess_record *r),
              void *arg);

/* A new array of { "path", "sha256" } for the files read, in the order
 * first read; NULL when none was read. */
cJSON *refs_metadata(void);

/* Nonzero once a read failed because the file was unreadable or not JSON. */
int refs_failed(void);

/* Forget every file read. */
void refs_reset(void);

#endif
