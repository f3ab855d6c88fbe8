/*
 * config.h - the scheme's INI file, read through iniparser and handed to
 * plugins as the opaque assess_config.  The INI library never shows in the
 * plugin ABI.
 */
#ifndef ASSESS_CONFIG_H
#define ASSESS_CONFIG_H

#include <stddef.h>

#include "assess/assess.h"

/* Load path (NULL: an empty config).  Returns 0, or -1 with a one-line
 * message naming the file (and line, for a syntax error) in err.
 * Free with config_free. */
int config_load(const char *path, assess_config **out, char *err,
                size_t errlen);
void config_free(assess_config *cfg);

/* Apply an override "SECTION.KEY=VALUE" (the section is everything before
 * the last dot of the name, so "criterion.team.bar=12" works).  0, or -1
 * with the reason in err. */
int config_set(assess_config *cfg, const char *assignment, char *err,
               size_t errlen);

/* SHA-256 of the file's bytes in hex; "" for an empty config. */
const char *config_sha256(const assess_config *cfg);

/* Parse a whole string as a finite decimal number.  0 or -1. */
int config_parse_number(const char *s, double *out);

/* The config services of the host table (see assess.h). */
const char *config_path(const assess_config *cfg);
int config_section_count(const assess_config *cfg);
const char *config_section_name(const assess_config *cfg, int i);
int config_key_count(const assess_config *cfg, const char *section);
const char *config_key_name(const assess_config *cfg, const char *section,
                            int i);
int config_string(const assess_config *cfg, const char *section,
                  const char *key, const char **out);
int config_number(const assess_config *cfg, const char *section,
                  const char *key, double min, double max, double *out);
int config_int(const assess_config *cfg, const char *section,
               const char *key, long min, long max, long *out);
int config_bool(const assess_config *cfg, const char *section,
                const char *key, int *out);
int config_error(const assess_config *cfg, const char *section,
                 const char *key, const char *fmt, ...) ASSESS_PRINTF(4, 5);

#endif
