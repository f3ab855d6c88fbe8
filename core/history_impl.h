/*
 * history_impl.h - what history.c shares with history_xlsx.c, the
 * workbook reader of earlier results.
 */
#ifndef ASSESS_HISTORY_IMPL_H
#define ASSESS_HISTORY_IMPL_H

#include "history.h"

#include <stddef.h>

/* A --history file as a source of h: its number, or -1 out of memory.
 * Its entries must be before every record's period. */
int history_file_source(struct history *h, const char *path);

/* The name of source src as messages show it, borrowed from h. */
const char *history_shown(const struct history *h, int src);

/* 0 when results of plugin may give h's history, else -1 with the
 * reason (naming source src) in err. */
int history_check_plugin(const struct history *h, int src,
                         const char *plugin, char *err, size_t errlen);

/* The results in the workbook at path (as --format xlsx writes them)
 * into h as source src.  0, or -1 with the reason in err. */
int history_load_xlsx(struct history *h, int src, const char *path,
                      char *err, size_t errlen);

#endif
