/*
 * refs.h - reference files: records a plugin reads besides the batch (the
 * host service read_records), such as the five-good results a six-good run
 * builds on.  A reference must be the output of an assess run (--format
 * json or ndjson): its assess metadata and a status on every result.  Each
 * file is read once; the SHA-256 of exactly the bytes parsed is listed in
 * the output's metadata, so a result can be traced to everything it stood
 * on.
 */
#ifndef ASSESS_REFS_H
#define ASSESS_REFS_H

#include <cjson/cJSON.h>

#include "assess/assess.h"

/* Why a read failed (refs_failed). */
enum { REFS_OK = 0, REFS_UNREADABLE, REFS_NOT_RESULTS };

/* The host service read_records (see assess.h).  A relative path equal to
 * a value of the INI file is taken from the INI's folder (config.h,
 * config_value_origin).  A file that is not assess results is reported
 * naming the config key that gave it, and ASSESS_ETYPE returned. */
int refs_read(const char *path, int (*fn)(void *arg, const assess_record *r),
              void *arg);

/* A new array of { "path", "sha256" } for the files read, in the order
 * first read; NULL when none was read. */
cJSON *refs_metadata(void);

/* REFS_OK, or why a read failed: REFS_UNREADABLE (unreadable or not JSON:
 * an input error, exit 5), REFS_NOT_RESULTS (not the output of an assess
 * run: the config named the wrong file, exit 3). */
int refs_failed(void);

/* Forget every file read. */
void refs_reset(void);

#endif
