/*
 * config.c - INI configs through iniparser (see config.h).
 *
 * iniparser's getdouble/getint turn "abc" into 0 without a word, so every
 * number is parsed here with strtod/strtol over the whole string and checked
 * against the range the plugin asks for.
 */
#include "config.h"
#include "diag.h"
#include "sha256.h"
#include "validate.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <iniparser.h>

struct assess_config {
	dictionary *dict;
	char *path;
	char sha[65];
	char key[512]; /* scratch for "section:key" and returned key names */
};

/* iniparser reports errors through this callback with its own multi-line
 * formats; the first report is kept as "LINE: what" (or just "what"). */
static char ini_msg[512];

static int ini_error(const char *fmt, ...)
{
	va_list ap;

	if (ini_msg[0])
		return 0;
	va_start(ap, fmt);
	if (strstr(fmt, "syntax error")) {
		const char *file = va_arg(ap, const char *);
		int line = va_arg(ap, int);
		const char *text = va_arg(ap, const char *);
		size_t n = strcspn(text, "\r\n");
		(void)file;
		snprintf(ini_msg, sizeof ini_msg, "%d: syntax error in '%.*s'",
		         line, (int)(n > 200 ? 200 : n), text);
	} else if (strstr(fmt, "too long")) {
		const char *file = va_arg(ap, const char *);
		int line = va_arg(ap, int);
		(void)file;
		snprintf(ini_msg, sizeof ini_msg, "%d: line too long", line);
	} else {
		snprintf(ini_msg, sizeof ini_msg, " cannot be parsed");
	}
	va_end(ap);
	return 0;
}

/* Names seen by check_duplicates: "section" or "section:key", lower-case,
 * with the line where each was first seen. */
struct seen {
	char **name;
	long *line;
	size_t n, cap;
};

static long seen_add(struct seen *s, const char *name, long line)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->name[i], name) == 0)
			return s->line[i];
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		char **n = realloc(s->name, cap * sizeof *n);
		long *l = n ? realloc(s->line, cap * sizeof *l) : NULL;
		if (n)
			s->name = n;
		if (!l)
			return -1;
		s->line = l;
		s->cap = cap;
	}
	if (!(s->name[s->n] = strdup(name)))
		return -1;
	s->line[s->n++] = line;
	return 0;
}

static void lower(char *p)
{
	for (; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

/*
 * iniparser keeps the last of two equal keys and merges two sections of one
 * name without a word; in a scheme's config either is a mistake (two
 * [criterion.team] sections, a bar given twice), so the file is scanned for
 * them first, and for text that is not UTF-8 (labels reach the output).
 * 0, or -1 with "FILE:LINE: ..." in err.
 */
static int check_duplicates(const char *path, char *err, size_t errlen)
{
	struct seen s = { 0 };
	char *line = NULL, section[256] = "", name[512];
	size_t cap = 0, i;
	ssize_t n;
	long no = 0, first;
	int rc = 0, cont = 0;
	FILE *fp = fopen(path, "r");

	if (!fp)
		return 0; /* iniparser reports it */
	while (rc == 0 && (n = getline(&line, &cap, fp)) >= 0) {
		char *p = line, *e;
		no++;
		while (n > 0 && isspace((unsigned char)line[n - 1]))
			line[--n] = '\0';
		if (cont) { /* a continued value */
			cont = n > 0 && line[n - 1] == '\\';
			continue;
		}
		cont = n > 0 && line[n - 1] == '\\';
		if (utf8_invalid_at(line, (size_t)n) >= 0) {
			snprintf(err, errlen, "%s:%ld: not valid UTF-8 (byte %ld of "
			         "the line)", path, no, utf8_invalid_at(line, (size_t)n)
			         + 1);
			rc = -1;
			continue;
		}
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == ';' || *p == '#')
			continue;
		if (*p == '[' && (e = strchr(p, ']'))) {
			snprintf(section, sizeof section, "%.*s", (int)(e - p - 1),
			         p + 1);
			lower(section);
			snprintf(name, sizeof name, "%s", section);
		} else if ((e = strchr(p, '='))) {
			while (e > p && isspace((unsigned char)e[-1]))
				e--;
			snprintf(name, sizeof name, "%s:%.*s", section, (int)(e - p),
			         p);
			lower(name);
		} else {
			continue; /* iniparser judges the syntax */
		}
		first = seen_add(&s, name, no);
		if (first > 0) {
			if (strchr(name, ':'))
				snprintf(err, errlen, "%s:%ld: [%s] %s: given twice (first "
				         "on line %ld)", path, no, section,
				         strchr(name, ':') + 1, first);
			else
				snprintf(err, errlen, "%s:%ld: [%s] appears twice (first "
				         "on line %ld)", path, no, section, first);
			rc = -1;
		} else if (first < 0) {
			snprintf(err, errlen, "%s: out of memory", path);
			rc = -1;
		}
	}
	for (i = 0; i < s.n; i++)
		free(s.name[i]);
	free(s.name);
	free(s.line);
	free(line);
	fclose(fp);
	return rc;
}

int config_load(const char *path, assess_config **out, char *err,
                size_t errlen)
{
	assess_config *cfg = calloc(1, sizeof *cfg);

	*out = NULL;
	if (!cfg)
		goto nomem;
	if (!path) {
		cfg->dict = dictionary_new(0);
		if (!cfg->dict)
			goto nomem;
		*out = cfg;
		return 0;
	}
	cfg->path = strdup(path);
	if (!cfg->path)
		goto nomem;
	if (sha256_file(path, cfg->sha) < 0) {
		snprintf(err, errlen, "%s: cannot read config: %s", path,
		         strerror(errno));
		config_free(cfg);
		return -1;
	}
	if (check_duplicates(path, err, errlen) < 0) {
		config_free(cfg);
		return -1;
	}
	ini_msg[0] = '\0';
	iniparser_set_error_callback(ini_error);
	cfg->dict = iniparser_load(path);
	iniparser_set_error_callback(NULL);
	if (!cfg->dict) {
		snprintf(err, errlen, "%s:%s", path,
		         ini_msg[0] ? ini_msg : " cannot be parsed");
		config_free(cfg);
		return -1;
	}
	*out = cfg;
	return 0;
nomem:
	snprintf(err, errlen, "%s: out of memory", path ? path : "config");
	config_free(cfg);
	return -1;
}

int config_set(assess_config *cfg, const char *assignment, char *err,
               size_t errlen)
{
	const char *eq = strchr(assignment, '='), *dot;
	char name[512];
	size_t n;

	if (!eq || eq == assignment) {
		snprintf(err, errlen, "--set '%s': write SECTION.KEY=VALUE",
		         assignment);
		return -1;
	}
	n = (size_t)(eq - assignment);
	if (n >= sizeof name) {
		snprintf(err, errlen, "--set: the name is too long");
		return -1;
	}
	memcpy(name, assignment, n);
	name[n] = '\0';
	dot = strrchr(name, '.');
	if (!dot || dot == name || !dot[1] || strchr(name, ':')) {
		snprintf(err, errlen, "--set '%s': write SECTION.KEY=VALUE",
		         assignment);
		return -1;
	}
	name[dot - name] = '\0';
	if (!iniparser_find_entry(cfg->dict, name) &&
	    iniparser_set(cfg->dict, name, NULL) != 0)
		goto nomem;
	name[dot - name] = ':';
	if (iniparser_set(cfg->dict, name, eq + 1) != 0)
		goto nomem;
	return 0;
nomem:
	snprintf(err, errlen, "--set: out of memory");
	return -1;
}

void config_free(assess_config *cfg)
{
	if (!cfg)
		return;
	if (cfg->dict)
		iniparser_freedict(cfg->dict);
	free(cfg->path);
	free(cfg);
}

const char *config_sha256(const assess_config *cfg)
{
	return cfg->sha;
}

const char *config_path(const assess_config *cfg)
{
	return cfg->path;
}

int config_section_count(const assess_config *cfg)
{
	return iniparser_getnsec(cfg->dict);
}

const char *config_section_name(const assess_config *cfg, int i)
{
	if (i < 0 || i >= iniparser_getnsec(cfg->dict))
		return NULL;
	return iniparser_getsecname(cfg->dict, i);
}

int config_key_count(const assess_config *cfg, const char *section)
{
	int n = iniparser_getsecnkeys(cfg->dict, section);
	return n < 0 ? 0 : n;
}

const char *config_key_name(const assess_config *cfg, const char *section,
                            int i)
{
	/* iniparser stores "section:key"; the key is what follows the section
	 * and its colon.  Walk the dictionary once rather than allocate the
	 * array iniparser_getseckeys wants. */
	const dictionary *d = cfg->dict;
	size_t slen = strlen(section);
	ssize_t j;
	int seen = 0;

	if (i < 0)
		return NULL;
	for (j = 0; j < d->size; j++) {
		const char *k = d->key[j];
		if (!k || strncasecmp(k, section, slen) != 0 || k[slen] != ':')
			continue;
		if (seen++ == i)
			return k + slen + 1;
	}
	return NULL;
}

static const char *lookup(const assess_config *cfg, const char *section,
                          const char *key)
{
	assess_config *c = (assess_config *)cfg;

	if (!section || !key)
		return NULL;
	snprintf(c->key, sizeof c->key, "%s:%s", section, key);
	return iniparser_getstring(cfg->dict, c->key, NULL);
}

int config_string(const assess_config *cfg, const char *section,
                  const char *key, const char **out)
{
	const char *v = lookup(cfg, section, key);

	if (!v)
		return ASSESS_ENOENT;
	*out = v;
	return ASSESS_OK;
}

int config_parse_number(const char *s, double *out)
{
	char *end;
	double v;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	/* strtod also takes "nan", "inf" and hex floats: none is a score. */
	if (*end || end == s || errno == ERANGE || !isfinite(v) ||
	    strpbrk(s, "xXnN"))
		return -1;
	*out = v;
	return 0;
}

int config_number(const assess_config *cfg, const char *section,
                  const char *key, double min, double max, double *out)
{
	const char *v = lookup(cfg, section, key);
	double d;

	if (!v)
		return ASSESS_ENOENT;
	if (config_parse_number(v, &d) < 0) {
		config_error(cfg, section, key, "'%s' is not a number", v);
		return ASSESS_ETYPE;
	}
	if (d < min || d > max) {
		config_error(cfg, section, key, "%s is outside %g..%g", v, min,
		             max);
		return ASSESS_ERANGE;
	}
	*out = d;
	return ASSESS_OK;
}

int config_int(const assess_config *cfg, const char *section,
               const char *key, long min, long max, long *out)
{
	const char *v = lookup(cfg, section, key);
	char *end;
	long n;

	if (!v)
		return ASSESS_ENOENT;
	errno = 0;
	n = strtol(v, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (end == v || *end || errno == ERANGE) {
		config_error(cfg, section, key, "'%s' is not a whole number", v);
		return ASSESS_ETYPE;
	}
	if (n < min || n > max) {
		config_error(cfg, section, key, "%ld is outside %ld..%ld", n, min,
		             max);
		return ASSESS_ERANGE;
	}
	*out = n;
	return ASSESS_OK;
}

int config_bool(const assess_config *cfg, const char *section,
                const char *key, int *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	const char *v = lookup(cfg, section, key);
	size_t i;

	if (!v)
		return ASSESS_ENOENT;
	for (i = 0; i < sizeof yes / sizeof *yes; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return ASSESS_OK;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return ASSESS_OK;
		}
	}
	config_error(cfg, section, key, "'%s' is not true or false", v);
	return ASSESS_ETYPE;
}

int config_error(const assess_config *cfg, const char *section,
                 const char *key, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (section && key)
		diag("%s: [%s] %s: %s", cfg->path ? cfg->path : "(no config)",
		     section, key, msg);
	else if (section)
		diag("%s: [%s]: %s", cfg->path ? cfg->path : "(no config)",
		     section, msg);
	else
		diag("%s: %s", cfg->path ? cfg->path : "(no config)", msg);
	return ASSESS_ECONFIG;
}
