/*
 * config_check.c - what a config says beyond the values a plugin reads (see
 * config.h): keys the plugin never asked for, the host's own [input]
 * section, and where a value came from (the file or --set), so that every
 * message names the place the user must fix.
 *
 * A plugin reads its INI through the host's services, so the host knows
 * every section and key it asked for, found or not.  After create, any
 * key of the file or of --set outside that record was read by no one: a
 * typo ("promt_share") or a setting the scheme does not have, which would
 * otherwise change nothing without a word.
 */
#include "config_impl.h"
#include "ini.h"
#include "assess/scheme.h"
#include "diag.h"
#include "lang.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The keys of [input], which belongs to the host, not the plugin. */
static const char *const input_keys[] = { "extra_fields", "columns",
                                          "skip_columns" };
static const char *const extra_words[] = { "reject", "warn", "ignore" };

void config_asked(const assess_config *cfg, const char *section,
                  const char *key)
{
	assess_config *c = (assess_config *)cfg;
	struct config_ask *a;
	size_t i;

	for (i = 0; i < c->nask; i++)
		if (strcasecmp(c->ask[i].sec, section) == 0 &&
		    (key ? c->ask[i].key && strcasecmp(c->ask[i].key, key) == 0
		         : !c->ask[i].key))
			return;
	if (c->nask == c->cask) {
		size_t cap = c->cask ? c->cask * 2 : 64;
		a = realloc(c->ask, cap * sizeof *a);
		if (!a)
			goto nomem;
		c->ask = a;
		c->cask = cap;
	}
	a = &c->ask[c->nask];
	a->key = NULL;
	if (!(a->sec = config_lower_dup(section)))
		goto nomem;
	if (key && !(a->key = config_lower_dup(key))) {
		free(a->sec);
		goto nomem;
	}
	c->nask++;
	return;
nomem:
	c->ask_failed = 1;
}

/* Of the names the plugin asked for (keys of sec, or with sec NULL the
 * sections), the one nearest to word by assess_nearest's rule, or NULL
 * when none is near or more than one is. */
static const char *nearest_asked(const assess_config *cfg, const char *sec,
                                 const char *word)
{
	const char **names;
	const char *found;
	size_t i, n = 0;

	if (sec && strcmp(sec, "input") == 0)
		return assess_nearest(word, input_keys,
		                      sizeof input_keys / sizeof *input_keys);
	if (!(names = calloc(cfg->nask + 1, sizeof *names)))
		return NULL;
	if (!sec)
		names[n++] = "input";
	for (i = 0; i < cfg->nask; i++)
		if (sec ? cfg->ask[i].key && strcmp(cfg->ask[i].sec, sec) == 0
		        : 1)
			names[n++] = sec ? cfg->ask[i].key : cfg->ask[i].sec;
	found = assess_nearest(word, names, n);
	/* a guess only when one name stands out: "6" is as near to each of
	 * the levels 1..5, and naming one of them would mislead */
	for (i = 0; found && i < n;)
		if (strcmp(names[i], found) == 0)
			names[i] = names[--n];
		else
			i++;
	if (found && assess_nearest(word, names, n))
		found = NULL;
	free(names);
	return found;
}

static int section_asked(const assess_config *cfg, const char *sec)
{
	size_t i;

	if (strcmp(sec, "input") == 0)
		return 1;
	for (i = 0; i < cfg->nask; i++)
		if (strcmp(cfg->ask[i].sec, sec) == 0)
			return 1;
	return 0;
}

static int key_asked(const assess_config *cfg, const char *sec,
                     const char *key)
{
	size_t i;

	if (strcmp(sec, "input") == 0) {
		for (i = 0; i < sizeof input_keys / sizeof *input_keys; i++)
			if (strcmp(key, input_keys[i]) == 0)
				return 1;
		return 0;
	}
	for (i = 0; i < cfg->nask; i++)
		if (cfg->ask[i].key && strcmp(cfg->ask[i].sec, sec) == 0 &&
		    strcmp(cfg->ask[i].key, key) == 0)
			return 1;
	return 0;
}

/* When no key is near: the keys asked for in sec, if they are few. */
static void known_keys(const assess_config *cfg, const char *sec, char *buf,
                       size_t len)
{
	size_t i, n = 0, used;
	int w;

	*buf = '\0';
	for (i = 0; i < cfg->nask; i++)
		if (cfg->ask[i].key && strcmp(cfg->ask[i].sec, sec) == 0)
			n++;
	if (n == 0 || n > 8)
		return;
	w = snprintf(buf, len, _("; [%s] has"), sec);
	used = w < 0 ? len : (size_t)w;
	for (i = 0, n = 0; i < cfg->nask && used < len; i++) {
		if (!cfg->ask[i].key || strcmp(cfg->ask[i].sec, sec) != 0)
			continue;
		w = snprintf(buf + used, len - used, "%s %s", n++ ? "," : "",
		             cfg->ask[i].key);
		used += w < 0 ? len : (size_t)w;
	}
}

/* How --set names a key when it repeats it: SECTION.KEY, or SECTION:KEY
 * when the key holds a dot, so that the name can be given back as is. */
static const char *set_sep(const char *key)
{
	return key && strchr(key, '.') ? ":" : ".";
}

/* --set A.B.C=V taken as [A.B] C where the plugin reads [A]: say how to
 * write key B.C of [A], and return 1. */
static int set_split_elsewhere(const assess_config *cfg,
                               const struct config_entry *e)
{
	char sec[INI_NAME_MAX + 1];
	char *dot;

	char key[2 * INI_NAME_MAX + 2], more[300];
	const char *near;

	snprintf(sec, sizeof sec, "%s", e->sec);
	for (dot = strchr(sec, '.'); dot; dot = strchr(dot + 1, '.')) {
		*dot = '\0';
		if (section_asked(cfg, sec)) {
			/* the plugin's section, a key of it misspelt (a right one
			 * is found by config_lookup whatever the split) */
			snprintf(key, sizeof key, "%s.%s", dot + 1, e->key);
			if ((near = nearest_asked(cfg, sec, key)))
				snprintf(more, sizeof more, _("; did you mean %s.%s?"),
				         sec, near);
			else
				known_keys(cfg, sec, more, sizeof more);
			diag("--set %s.%s: unknown key %s of [%s]%s", e->sec, e->key,
			     key, sec, more);
			return 1;
		}
		*dot = '.';
	}
	return 0;
}

static void unknown(const assess_config *cfg, const struct config_entry *e)
{
	const char *file = cfg->path ? cfg->path : _("(no config)");
	const char *near;
	char more[300];

	if (!section_asked(cfg, e->sec)) {
		if (e->from_set && set_split_elsewhere(cfg, e))
			return;
		near = nearest_asked(cfg, NULL, e->sec);
		snprintf(more, sizeof more, _("; did you mean [%s]?"), near ? near : "");
		if (e->from_set)
			diag("--set %s.%s: unknown section [%s]%s", e->sec, e->key,
			     e->sec, near ? more : "");
		else
			diag("%s:%ld: [%s]: unknown section%s", file, e->line, e->sec,
			     near ? more : "");
		return;
	}
	near = nearest_asked(cfg, e->sec, e->key);
	if (near && e->from_set)
		snprintf(more, sizeof more, _("; did you mean %s%s%s?"), e->sec,
		         set_sep(near), near);
	else if (near)
		snprintf(more, sizeof more, _("; did you mean %s?"), near);
	else
		known_keys(cfg, e->sec, more, sizeof more);
	if (e->from_set)
		diag("--set %s%s%s: unknown key%s", e->sec, set_sep(e->key),
		     e->key, more);
	else
		diag("%s:%ld: [%s] %s: unknown key%s", file, e->line, e->sec, e->key,
		     more);
}

/* The line of the INI that gives section key (a section alone: its
 * header), or 0. */
static long line_of(const assess_config *cfg, const char *section,
                    const char *key)
{
	size_t i;

	for (i = 0; section && i < cfg->nent; i++) {
		const struct config_entry *e = &cfg->ent[i];
		if (!e->from_set && strcasecmp(e->sec, section) == 0 &&
		    (key ? e->key && strcasecmp(e->key, key) == 0 : !e->key))
			return e->line;
	}
	return 0;
}

void config_report_near_misses(const assess_config *cfg)
{
	const char *file = cfg->path ? cfg->path : _("(no config)");
	size_t i;

	for (i = 0; i < cfg->nent; i++) {
		const struct config_entry *e = &cfg->ent[i];
		const char *near;

		if (!e->key && !e->from_set && !section_asked(cfg, e->sec) &&
		    (near = nearest_asked(cfg, NULL, e->sec)) &&
		    !line_of(cfg, near, NULL)) { /* [paring] for [pairing] */
			diag("%s:%ld: [%s]: unknown section; did you mean [%s]?",
			     file, e->line, e->sec, near);
			continue;
		}
		if (!e->key || key_asked(cfg, e->sec, e->key) ||
		    !section_asked(cfg, e->sec) ||
		    !(near = nearest_asked(cfg, e->sec, e->key)) ||
		    config_lookup(cfg, e->sec, near))
			continue;
		if (e->from_set)
			diag("--set %s%s%s: unknown key; did you mean %s%s%s?", e->sec,
			     set_sep(e->key), e->key, e->sec, set_sep(near), near);
		else
			diag("%s:%ld: [%s] %s: unknown key; did you mean %s?", file,
			     e->line, e->sec, e->key, near);
	}
}

int config_extra_fields(const assess_config *cfg)
{
	const char *v = config_lookup(cfg, "input", "extra_fields");
	size_t i;

	for (i = 0; v && i < sizeof extra_words / sizeof *extra_words; i++)
		if (strcmp(v, extra_words[i]) == 0)
			return (int)i;
	return CONFIG_EXTRA_REJECT;
}

const char *config_input_columns(const assess_config *cfg)
{
	return config_lookup(cfg, "input", "columns");
}

const char *config_input_skip(const assess_config *cfg)
{
	return config_lookup(cfg, "input", "skip_columns");
}

int config_check_unused(assess_config *cfg)
{
	const char *v;
	size_t i;
	int bad = 0;

	if (cfg->ask_failed) {
		diag("%s: out of memory", cfg->path ? cfg->path : "config");
		return ASSESS_ECONFIG;
	}
	for (i = 0; i < cfg->nent; i++) {
		const struct config_entry *e = &cfg->ent[i];
		if (e->key ? key_asked(cfg, e->sec, e->key) ||
		             (!e->from_set && !section_asked(cfg, e->sec))
		           : section_asked(cfg, e->sec))
			continue; /* known, or in a section reported as a whole */
		unknown(cfg, e);
		bad = 1;
	}
	v = config_lookup(cfg, "input", "extra_fields");
	if (v && strcmp(v, "reject") != 0 && strcmp(v, "warn") != 0 &&
	    strcmp(v, "ignore") != 0) {
		config_error(cfg, "input", "extra_fields", "'%s' is not reject, "
		             "warn or ignore", v);
		bad = 1;
	}
	return bad ? ASSESS_ECONFIG : ASSESS_OK;
}

/* The --set that made section, when the file has no such section. */
static const struct config_entry *made_by_set(const assess_config *cfg,
                                              const char *section)
{
	const struct config_entry *set = NULL;
	size_t i;

	for (i = 0; section && i < cfg->nent; i++) {
		const struct config_entry *e = &cfg->ent[i];
		if (strcasecmp(e->sec, section) != 0)
			continue;
		if (!e->from_set)
			return NULL;
		if (!set)
			set = e;
	}
	return set;
}

int config_error(const assess_config *cfg, const char *section,
                 const char *key, const char *fmt, ...)
{
	long line = line_of(cfg, section, key);
	const char *file = cfg->path ? cfg->path : _("(no config)");
	const struct config_entry *set;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	/* A value given with --set is the command line's, not the file's. */
	if (config_from_set(cfg, section, key))
		diag("--set %s%s%s: %s", section, set_sep(key), key, msg);
	else if ((set = made_by_set(cfg, section)))
		diag("--set %s.%s: [%s]%s%s: %s", set->sec, set->key, section,
		     key ? " " : "", key ? key : "", msg);
	else if (section && key && line)
		diag("%s:%ld: [%s] %s: %s", file, line, section, key, msg);
	else if (section && key)
		diag("%s: [%s] %s: %s", file, section, key, msg);
	else if (section && line)
		diag("%s:%ld: [%s]: %s", file, line, section, msg);
	else if (section)
		diag("%s: [%s]: %s", file, section, msg);
	else
		diag("%s: %s", file, msg);
	return ASSESS_ECONFIG;
}

int config_value_origin(const assess_config *cfg, const char *value,
                        char *what, size_t wlen, char *path, size_t plen)
{
	const char *slash;
	size_t i;
	int n;

	*what = '\0';
	for (i = cfg && value ? cfg->nent : 0; i-- > 0;) {
		const struct config_entry *e = &cfg->ent[i];
		const char *v = e->key ? config_lookup(cfg, e->sec, e->key) : NULL;
		/* the value of a key given both ways is --set's */
		if (!v || strcmp(v, value) != 0 ||
		    config_from_set(cfg, e->sec, e->key) != e->from_set)
			continue;
		if (e->from_set) {
			snprintf(what, wlen, "--set %s.%s", e->sec, e->key);
			break;
		}
		snprintf(what, wlen, "%s: [%s] %s", cfg->path, e->sec, e->key);
		slash = strrchr(cfg->path, '/');
		if (value[0] != '/' && slash && cfg->regular) {
			n = snprintf(path, plen, "%.*s/%s", (int)(slash - cfg->path),
			             cfg->path, value);
			return n < 0 || (size_t)n >= plen ? -1 : 0;
		}
		break;
	}
	n = snprintf(path, plen, "%s", value ? value : "");
	return n < 0 || (size_t)n >= plen ? -1 : 0;
}
