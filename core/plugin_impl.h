/*
 * plugin_impl.h - what plugin.c (loading) and plugin_find.c (finding,
 * trusting) share.  Private to them.
 */
#ifndef ASSESS_PLUGIN_IMPL_H
#define ASSESS_PLUGIN_IMPL_H

#include <limits.h>
#include <stddef.h>

#include "plugin.h"

/* plugin_trusted, leaving the resolved path in abs. */
int plugin_trusted_at(const char *path, char abs[PATH_MAX], char *err,
                      size_t errlen);

/* A plugin name as the ABI allows it: [a-z0-9_]+, not too long. */
int plugin_valid_name(const char *s);

#endif
