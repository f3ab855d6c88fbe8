/*
 * check.h - assess --check-plugin: a plugin author's pre-flight check.
 */
#ifndef ASSESS_CHECK_H
#define ASSESS_CHECK_H

#include "plugin.h"

/* Check plugin p with config cfg, each run limited to timeout seconds,
 * printing one line per check and a final "N passed, N failed" (with
 * ", scoring path not exercised (no --sample)" when no record was
 * assessed and there is no sample).  sample, when not NULL, is a file of
 * the author's own records (as assess reads input): they replace the
 * made-up records and run through the real batch as well.  Returns 0 when
 * every check passed, 1 when one failed, -1 when the sample cannot be read
 * or is not JSON (reported). */
int check_plugin(const struct plugin *p, assess_config *cfg, int timeout,
                 const char *sample);

#endif
