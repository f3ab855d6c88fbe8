/*
 * plugin.h - finding, checking and loading scheme plugins.
 *
 * A plugin named by a path (anything with a '/') is loaded from there; a bare
 * name ("fivegood", "fivegood.so") is looked up in the directories of
 * $ASSESS_PLUGIN_PATH and then the built-in directory, never the current
 * directory.  Before dlopen the file and its folder must not be
 * world-writable nor owned by anyone but root or the user.
 */
#ifndef ASSESS_PLUGIN_H
#define ASSESS_PLUGIN_H

#include <stddef.h>

#include "assess/assess.h"

struct plugin {
	void *dl;
	assess_plugin desc; /* copied, zero beyond the plugin's size */
	char *path;         /* resolved absolute path */
};

/* The directory beside the executable that holds the built-in plugins
 * (lib/assess/plugins when installed, plugins/ in the source tree), or the
 * one holding the shipped configs (share/assess/configs, configs/).
 * Returns a static string, or NULL when it cannot be found. */
const char *plugin_builtin_dir(void);
const char *plugin_config_dir(void);

/* Resolve a --plugin argument to a file path (malloc'd in *path).
 * 0, or -1 with the reason in err. */
int plugin_find(const char *arg, char **path, char *err, size_t errlen);

/* Check trust, dlopen path, find the entry symbol and check the
 * descriptor.  0, or -1 with the reason in err (nothing left open). */
int plugin_open(struct plugin *p, const char *path, char *err, size_t errlen);
void plugin_close(struct plugin *p);

/* Check that path and its folder may be trusted.  0, or -1 and why. */
int plugin_trusted(const char *path, char *err, size_t errlen);

/* Call fn for each plugin file found by name lookup (first of each name
 * only), in lookup order and by name within a directory. */
void plugin_each(void (*fn)(const char *path, void *arg), void *arg);

#endif
