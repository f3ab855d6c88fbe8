/*
 * config_set.c - --set SECTION.KEY=VALUE (see config.h): where the name
 * splits into section and key, and the value put over the file's, with
 * a note that it came from the command line, so that the check of
 * unknown keys (confcheck.c) and where a value came from can say
 * "--set" instead of a line of the file.  Apart from config.c, which
 * reads the file: the command line is the other source of a config.
 */
#include "config_impl.h"
#include "lang.h"
#include "ini.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Where SECTION.KEY splits: both may hold dots ([item.team] max, [quota]
 * max_share.5).  "SECTION:KEY" says it outright; else the longest prefix
 * ending before a dot that names a section of the INI; else the last dot. */
static char *split_at(const assess_config *cfg, char *name)
{
	char *colon = strchr(name, ':'), *dot, *best = NULL;

	if (colon)
		return strchr(colon + 1, ':') ? NULL : colon;
	for (dot = strchr(name, '.'); dot; dot = strchr(dot + 1, '.')) {
		*dot = '\0';
		if (iniparser_find_entry(cfg->dict, name))
			best = dot;
		*dot = '.';
	}
	return best ? best : strrchr(name, '.');
}

int config_set(assess_config *cfg, const char *assignment, char *err,
               size_t errlen)
{
	const char *eq = strchr(assignment, '='), *dot;
	char name[2 * INI_NAME_MAX + 2];
	size_t n;

	if (!eq || eq == assignment) {
		snprintf(err, errlen, _("--set '%s': write SECTION.KEY=VALUE"),
		         assignment);
		return -1;
	}
	n = (size_t)(eq - assignment);
	if (n >= sizeof name) {
		snprintf(err, errlen, _("--set: the name is too long"));
		return -1;
	}
	memcpy(name, assignment, n);
	name[n] = '\0';
	dot = split_at(cfg, name);
	if (!dot || dot == name || !dot[1]) {
		snprintf(err, errlen, _("--set '%s': write SECTION.KEY=VALUE"),
		         assignment);
		return -1;
	}
	if (dot - name > INI_NAME_MAX || strlen(dot + 1) > INI_NAME_MAX) {
		snprintf(err, errlen, _("--set: the name is too long"));
		return -1;
	}
	name[dot - name] = '\0';
	if (!iniparser_find_entry(cfg->dict, name) &&
	    iniparser_set(cfg->dict, name, NULL) != 0)
		goto nomem;
	if (config_add_entry(cfg, name, dot + 1, 0, 1) < 0)
		goto nomem;
	name[dot - name] = ':';
	if (iniparser_set(cfg->dict, name, eq + 1) != 0)
		goto nomem;
	return 0;
nomem:
	snprintf(err, errlen, _("--set: out of memory"));
	return -1;
}

int config_from_set(const assess_config *cfg, const char *section,
                    const char *key)
{
	size_t i;

	if (!section || !key)
		return 0;
	for (i = 0; i < cfg->nent; i++) {
		const struct config_entry *e = &cfg->ent[i];
		if (e->from_set && e->key && strcasecmp(e->sec, section) == 0 &&
		    strcasecmp(e->key, key) == 0)
			return 1;
	}
	return 0;
}
