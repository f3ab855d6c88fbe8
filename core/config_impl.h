/*
 * config_impl.h - the inside of assess_config, shared by config.c (loading and
 * the services plugins call), config_set.c (--set) and config_check.c (what
 * the plugin never asked for, the host's [input] section, where a value
 * came from).  Not for other modules: they use config.h.
 */
#ifndef ASSESS_CONFIG_IMPL_H
#define ASSESS_CONFIG_IMPL_H

#include "config.h"

#include <iniparser.h>

/* A section header (key NULL) or a key given in the file or with --set,
 * in the order given; names lower-case. */
struct config_entry {
	char *sec, *key;
	long line;    /* in the file; 0 for --set */
	int from_set;
};

/* What the plugin asked for: sec:key, or (key NULL) the keys of sec. */
struct config_ask {
	char *sec, *key;
};

struct assess_config {
	dictionary *dict;
	char *path;
	char sha[65];
	char key[600]; /* scratch for "section:key" lookups */
	struct config_entry *ent;
	size_t nent, cent;
	struct config_ask *ask;
	size_t nask, cask;
	int ask_failed; /* out of memory while recording an ask */
	int regular;    /* the file is a regular file (not a pipe): relative
	                   paths in it are taken from its folder */
};

/* The value of section:key, without recording an ask; NULL when absent. */
const char *config_lookup(const assess_config *cfg, const char *section,
                          const char *key);

/* Record an entry: a section header (key NULL) or a key, given in the
 * file at line, or with --set (from_set, line 0); names are kept
 * lower-case.  0, or -1 when out of memory (nothing recorded). */
int config_add_entry(assess_config *cfg, const char *sec, const char *key,
                     long line, int from_set);

/* Nonzero when section:key was given with --set. */
int config_from_set(const assess_config *cfg, const char *section,
                    const char *key);

/* Remember that the plugin asked for section:key (key NULL: the
 * section's keys, by config_key_count).  A failure to remember is kept
 * (ask_failed), so that the check never calls a key unknown that was read. */
void config_asked(const assess_config *cfg, const char *section,
                  const char *key);

/* A lower-case copy of s (ASCII), malloc'd; NULL when out of memory. */
char *config_lower_dup(const char *s);

#endif
