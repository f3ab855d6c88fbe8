/*
 * plugin.h - finding, checking and loading scheme plugins.
 *
 * A plugin named by a path (anything with a '/') is loaded from there; a bare
 * name ("fivegood", "fivegood.so") is looked up in the directories of
 * $ASSESS_PLUGIN_PATH and then the built-in directory, never the current
 * directory.  Before dlopen the file and every folder up to the root must
 * be owned by root or the user and not world-writable (a folder above the
 * plugin's own may be if it is sticky, as /tmp is), and the file must be
 * a whole ELF shared object for this machine (elfcheck.h).
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
/* The same for the runtime's gettext catalogs (share/locale when
 * installed, build/locale in the build tree). */
const char *plugin_locale_dir(void);

/* Resolve a --plugin argument to a file path (malloc'd in *path).
 * 0, or -1 with the reason in err. */
int plugin_find(const char *arg, char **path, char *err, size_t errlen);

/* Check trust and the ELF headers, dlopen path, find the entry symbol and check the
 * descriptor.  0, or -1 with the reason in err (nothing left open). */
int plugin_open(struct plugin *p, const char *path, char *err, size_t errlen);
void plugin_close(struct plugin *p);

/* How long a probe child may take to load a plugin. */
#define PLUGIN_PROBE_SECONDS 10

/* plugin_open, but the plugin is first loaded in a child process, which
 * calls its entry function and checks its descriptor too; only when that
 * child survives is it loaded here.  A plugin that crashes while loading
 * (in an ELF constructor or its entry function), or takes longer than
 * PLUGIN_PROBE_SECONDS, costs -1 and the signal or the limit named in
 * err, not this process.  0, or -1 with the reason in err. */
int plugin_open_probed(struct plugin *p, const char *path, char *err,
                       size_t errlen);

/* Check that path and the folders up to the root may be trusted.  0, or
 * -1 and why. */
int plugin_trusted(const char *path, char *err, size_t errlen);

/* Call fn for each plugin file found by name lookup (first of each name
 * only), in lookup order and by name within a directory. */
void plugin_each(void (*fn)(const char *path, void *arg), void *arg);

#endif
