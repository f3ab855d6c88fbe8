/*
 * isolate.h - running a plugin in a child process.
 *
 * The parent reads, checks and writes; the child holds the plugin's state
 * and assesses what the parent sends it over a pipe.  When the child dies
 * or overruns the time limit on a record, that record is rejected with the
 * signal or the limit named, a new child is started, and the records
 * already assessed are replayed to it in silence, so the finish step still
 * sees the whole batch.
 */
#ifndef ASSESS_ISOLATE_H
#define ASSESS_ISOLATE_H

#include <cjson/cJSON.h>

#include "host.h"
#include "plugin.h"

struct isolate;

/*
 * Fork the child and run the plugin's create in it.  timeout is the
 * seconds a record may take (0: no limit).  Returns 0, or the exit status
 * the run should end with (3, 4 or 5: create failed, already reported).
 */
int isolate_start(struct isolate **iso, const struct plugin *p,
                  assess_config *cfg, int timeout);

/*
 * Records are pipelined: several are in the child's hands at once, so
 * that parent and child work at the same time, and results come back in
 * the order the records were given.
 *
 * isolate_submit hands over a record: res (its host members, and its
 * errors when the host has rejected it already; moved into iso, *res is
 * cleared), its text for the child (NULL for a record the host has
 * settled: it only keeps its place in the order), and diag_text, the
 * messages already written about it (taken over, may be NULL).  0, or -1
 * out of memory (nothing taken).  Call it only when isolate_full is 0.
 */
int isolate_submit(struct isolate *iso, const char *text, size_t len,
                   assess_result *res, char *diag_text, size_t diag_len);

/* Nonzero when no more records may be submitted before one is taken. */
int isolate_full(const struct isolate *iso);

/*
 * Take the oldest record's result when it is back, first writing its
 * messages to stderr: 1 and *res (the caller frees res->root and
 * res->errors), 0 when it is not back (without wait) or nothing is
 * pending, -1 when the plugin cannot be brought back (reported; the batch
 * must stop with exit 4).  With wait, blocks until it is back.  When the
 * child crashes or overruns the time limit, the record it was assessing is
 * rejected with the signal or the limit named, and the records after it
 * go to the new child.
 */
int isolate_take(struct isolate *iso, assess_result *res, int wait);

/*
 * Run finish in the child on summary (replaced by the child's) once every
 * record has been taken, and take the references the child read into
 * *refs (NULL when none).  0, or -1 (reported).
 */
int isolate_finish(struct isolate *iso, cJSON **summary, cJSON **refs);

/*
 * Run the plugin's describe in the child and append what it wrote to doc
 * (which holds the host's members).  0, or -1 (reported).
 */
int isolate_describe(struct isolate *iso, cJSON *doc);

/* Stop the child (destroy runs in it) and free; accepts NULL. */
void isolate_stop(struct isolate *iso);

/* Nonzero when the run stopped because memory ran out (in the child, or
 * in the parent reading its replies): exit 6, not the plugin's fault. */
int isolate_out_of_memory(const struct isolate *iso);

#endif
