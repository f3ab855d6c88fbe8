/*
 * mock_config.h - what the two halves of the mock host share: the config
 * services of mock_config.c, for the table in mock_host.c.  Each behaves
 * as the assess_host member of the same name (see assess.h); errors are
 * kept for mock_config_error, never printed.
 */
#ifndef MOCK_CONFIG_H
#define MOCK_CONFIG_H

#include "assess/assess.h"

const char *mock_cfg_path(const assess_config *c);
int mock_cfg_section_count(const assess_config *c);
const char *mock_cfg_section_name(const assess_config *c, int i);
int mock_cfg_key_count(const assess_config *c, const char *section);
const char *mock_cfg_key_name(const assess_config *c, const char *section,
                              int i);
int mock_cfg_string(const assess_config *c, const char *section,
                    const char *key, const char **out);
int mock_cfg_number(const assess_config *c, const char *section,
                    const char *key, double min, double max, double *out);
int mock_cfg_int(const assess_config *c, const char *section,
                 const char *key, long min, long max, long *out);
int mock_cfg_bool(const assess_config *c, const char *section,
                  const char *key, int *out);
int mock_cfg_error(const assess_config *c, const char *section,
                   const char *key, const char *fmt, ...) ASSESS_PRINTF(4, 5);

/* The whole of a file, malloc'd and terminated; NULL when unreadable. */
char *mock_slurp(const char *path);

#endif
