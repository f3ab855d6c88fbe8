/*
 * output.h - writing the results document.
 *
 * Results are spooled to an unlinked temporary file as they are assessed,
 * so memory stays flat; when the batch is over, the document is assembled
 * (metadata first, then results, then the summary) and written either to
 * standard output or, for -o FILE, to a temporary file in FILE's folder
 * that is renamed over FILE only when complete.  A failed run leaves no
 * file behind, even when interrupted, or when a plugin running in-process
 * crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT).
 */
#ifndef ASSESS_OUTPUT_H
#define ASSESS_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

enum output_format { FORMAT_JSON, FORMAT_NDJSON };

struct output;

/* Prepare to write to path (NULL: to stream, normally standard output).
 * For a path, the temporary file is created at once, so an unwritable
 * destination fails before any work.  0 and *out, or -1 with the reason
 * in err. */
int output_open(struct output **out, const char *path, FILE *stream,
                enum output_format f, char *err, size_t errlen);

/* Append one result.  0, or -1 when the spool cannot be written. */
int output_result(struct output *o, const cJSON *result);

/* Write the document and, for a path, move it into place.  0, or -1 with
 * the reason in err (and nothing left at the path).  Frees o. */
int output_commit(struct output *o, const cJSON *meta, const cJSON *summary,
                  char *err, size_t errlen);

/* Give up: remove the temporary file.  Frees o; accepts NULL. */
void output_abort(struct output *o);

#endif
