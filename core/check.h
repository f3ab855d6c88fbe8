/*
 * check.h - assess --check-plugin: a plugin author's pre-flight check.
 */
#ifndef ASSESS_CHECK_H
#define ASSESS_CHECK_H

#include "plugin.h"

/* Check plugin p with config cfg, each run limited to timeout seconds,
 * printing one line per check and a final "N passed, N failed".  Returns 0
 * when every check passed, else 1. */
int check_plugin(const struct plugin *p, assess_config *cfg, int timeout);

#endif
