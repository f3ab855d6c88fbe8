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
 * Assess the record whose text is text in the child.  res holds the
 * host's members; on return it holds the child's result, and its errors
 * (a crash or timeout adds one).  0, or -1 when the plugin cannot be
 * brought back (reported; the batch must stop with exit 4).
 */
int isolate_assess(struct isolate *iso, const char *text, size_t len,
                   assess_result *res);

/*
 * Run finish in the child on summary (replaced by the child's), and take
 * the references the child read into *refs (NULL when none).  0, or -1
 * (reported).
 */
int isolate_finish(struct isolate *iso, cJSON **summary, cJSON **refs);

/* Stop the child (destroy runs in it) and free; accepts NULL. */
void isolate_stop(struct isolate *iso);

#endif
