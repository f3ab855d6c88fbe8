/*
 * config.h - the scheme's INI file, read once into memory, parsed by ini.c
 * into iniparser's dictionary, and handed to plugins as the opaque
 * assess_config.  The INI library never shows in the plugin ABI.
 *
 * The host also records every section and key the plugin asks for during
 * create, so that a key the plugin never read (a typo such as
 * "promt_share", a --set aimed at nothing) is an error instead of a
 * setting silently ignored (config_check_unused).
 */
#ifndef ASSESS_CONFIG_H
#define ASSESS_CONFIG_H

#include <stddef.h>

#include "assess/assess.h"

/* Load path (NULL: an empty config), reading it once: its SHA-256 is that
 * of the bytes parsed.  Returns 0, or -1 with a one-line message naming the
 * file (and line) in err.  Free with config_free. */
int config_load(const char *path, assess_config **out, char *err,
                size_t errlen);
void config_free(assess_config *cfg);

/* Apply an override "SECTION.KEY=VALUE" (the section is everything before
 * the last dot of the name, so "criterion.team.bar=12" works).  0, or -1
 * with the reason in err (the assignment is malformed: a usage error). */
int config_set(assess_config *cfg, const char *assignment, char *err,
               size_t errlen);

/* After a successful create: report every key of the INI or of --set that
 * the plugin never asked for, and every bad value of the host's own
 * [input] section, one line each ("FILE:LINE: [section] key: unknown key;
 * did you mean ...?", "--set section.key: ...").  ASSESS_OK, or
 * ASSESS_ECONFIG after reporting (exit 3). */
int config_check_unused(assess_config *cfg);

/* After a create that failed on the config: the keys of the INI that
 * are a near miss of a key the plugin asked for and did not find ("lable"
 * for a missing "label"), one line each, so that the typo behind a
 * "missing" is named.  Only such keys: create stopped early, so other
 * keys it never reached are not called unknown. */
void config_report_near_misses(const assess_config *cfg);

/* [input] extra_fields: what to do with record fields the plugin never
 * reads.  Absent: CONFIG_EXTRA_REJECT; an invalid value also gives
 * CONFIG_EXTRA_REJECT (config_check_unused reports it). */
enum config_extra { CONFIG_EXTRA_REJECT = 0, CONFIG_EXTRA_WARN,
                    CONFIG_EXTRA_IGNORE };
int config_extra_fields(const assess_config *cfg);

/* [input] columns and skip_columns, the spreadsheet headers the INI adds
 * (colmap_add_input reads them), or NULL; borrowed from cfg. */
const char *config_input_columns(const assess_config *cfg);
const char *config_input_skip(const assess_config *cfg);

/* Where the value of cfg equal to value came from, for a file a plugin
 * reads (read_records): what names the key ("--set community.results" or
 * "FILE: [community] results"), and the path to open, a relative value
 * from the INI file being taken from the INI's folder (from --set, or from
 * an INI that is not a regular file, such as a pipe: from the working
 * directory).  When no value of cfg (NULL: none) equals value, what is
 * "" and path is value.  0, or -1 when path does not fit. */
int config_value_origin(const assess_config *cfg, const char *value,
                        char *what, size_t wlen, char *path, size_t plen);

/* SHA-256 of the file's bytes in hex; "" for an empty config. */
const char *config_sha256(const assess_config *cfg);

/* Parse a whole string as a finite decimal number.  0 or -1. */
int config_parse_number(const char *s, double *out);

/* The config services of the host table (see assess.h).  The lookups
 * (string, number, int, bool, key_count) record what was asked. */
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
