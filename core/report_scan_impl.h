/*
 * report_scan_impl.h - what the two files of the report's scan share:
 * report_scan.c (the pass over the results) and report_scan_map.c (its
 * tally and map).  Private to them.
 */
#ifndef ASSESS_REPORT_SCAN_IMPL_H
#define ASSESS_REPORT_SCAN_IMPL_H

#include <stddef.h>

#include "report_scan.h"

/* A copy of s (malloc), or NULL. */
char *rs_dup(const char *s);

/* The index of key in t, added with label when new (-1: out of memory).
 * A tally holds max entries at most: the last, once reached, counts every
 * key not yet in it, as "other" (a plugin may invent a verdict a
 * record). */
long rs_tally_at(struct rs_tally *t, const char *key, const char *label,
                 size_t max);
void rs_tally_free(struct rs_tally *t);

/* The entry of key in m, or NULL. */
struct rs_entry *rs_map_find(const struct rs_map *m, const char *key);
/* The entry of key, added when new; NULL when out of memory. */
struct rs_entry *rs_map_add(struct rs_map *m, const char *key);
void rs_map_free(struct rs_map *m);

#endif
