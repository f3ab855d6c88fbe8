/*
 * mock_config.c - the config half of the mock host (mock_host.h): INI text
 * held in memory, every config_* service over it, every lookup noted so a
 * test can tell which keys nobody asked for, and config errors kept with
 * their messages instead of printed.
 */
#include "mock_host.h"
#include "mock_config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct mock_key {
	char *section, *key, *value;
	int asked;
};

struct assess_config {
	struct mock_key *k;
	size_t n;
	char **section; /* in file order, keys or not */
	size_t nsection;
	char error[1024];
	char unasked[256];
};

static char *trimmed(const char *s, size_t n, int lower)
{
	char *t;
	size_t i;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!(t = malloc(n + 1)))
		return NULL;
	for (i = 0; i < n; i++)
		t[i] = lower ? (char)tolower((unsigned char)s[i]) : s[i];
	t[n] = '\0';
	return t;
}

static int add_section(assess_config *c, const char *s, size_t n)
{
	char **v = realloc(c->section, (c->nsection + 1) * sizeof *v);

	if (!v)
		return -1;
	c->section = v;
	return (v[c->nsection] = trimmed(s, n, 1)) ? (int)c->nsection++ : -1;
}

static int add_key(assess_config *c, const char *line, size_t n)
{
	const char *eq = memchr(line, '=', n);
	struct mock_key *v = realloc(c->k, (c->n + 1) * sizeof *v), *k;

	if (!v)
		return -1;
	c->k = v;
	if (!eq || !c->nsection)
		return -1;
	k = &v[c->n];
	memset(k, 0, sizeof *k);
	k->section = trimmed(c->section[c->nsection - 1],
	                     strlen(c->section[c->nsection - 1]), 1);
	k->key = trimmed(line, (size_t)(eq - line), 1);
	k->value = trimmed(eq + 1, n - (size_t)(eq - line) - 1, 0);
	c->n++;
	return k->section && k->key && k->value ? 0 : -1;
}

assess_config *mock_config_new(const char *ini)
{
	assess_config *c = calloc(1, sizeof *c);
	const char *line = ini;

	if (!c)
		return NULL;
	while (line && *line) {
		const char *end = strchr(line, '\n'), *p = line;
		size_t n = end ? (size_t)(end - line) : strlen(line);
		int rc = 0;
		while (n && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		if (n && *p == '[' && memchr(p, ']', n))
			rc = add_section(c, p + 1,
			                 (size_t)((char *)memchr(p, ']', n) - p - 1));
		else if (n && *p != ';' && *p != '#')
			rc = add_key(c, p, n);
		if (rc < 0) {
			mock_config_free(c);
			return NULL;
		}
		line = end ? end + 1 : NULL;
	}
	return c;
}

char *mock_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) || !(text = calloc(1, (size_t)len + 1)) ||
	    fread(text, 1, (size_t)len, f) != (size_t)len) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

assess_config *mock_config_load(const char *path)
{
	char *text = mock_slurp(path);
	assess_config *c = text ? mock_config_new(text) : NULL;

	free(text);
	return c;
}

void mock_config_free(assess_config *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->k[i].section);
		free(c->k[i].key);
		free(c->k[i].value);
	}
	for (i = 0; i < c->nsection; i++)
		free(c->section[i]);
	free(c->k);
	free(c->section);
	free(c);
}

const char *mock_config_error(const assess_config *c)
{
	return c->error[0] ? c->error : NULL;
}

const char *mock_config_unasked(const assess_config *cfg)
{
	assess_config *c = (assess_config *)cfg;
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (c->k[i].asked)
			continue;
		snprintf(c->unasked, sizeof c->unasked, "%s:%s", c->k[i].section,
		         c->k[i].key);
		return c->unasked;
	}
	return NULL;
}

const char *mock_cfg_path(const assess_config *c)
{
	(void)c;
	return "mock.ini";
}

int mock_cfg_section_count(const assess_config *c)
{
	return (int)c->nsection;
}

const char *mock_cfg_section_name(const assess_config *c, int i)
{
	return i >= 0 && (size_t)i < c->nsection ? c->section[i] : NULL;
}

int mock_cfg_key_count(const assess_config *c, const char *section)
{
	size_t i;
	int n = 0;

	for (i = 0; i < c->n; i++)
		n += strcasecmp(c->k[i].section, section) == 0;
	return n;
}

const char *mock_cfg_key_name(const assess_config *c,
                                   const char *section, int i)
{
	size_t k;

	for (k = 0; k < c->n; k++)
		if (strcasecmp(c->k[k].section, section) == 0 && i-- == 0)
			return c->k[k].key;
	return NULL;
}

/* The value of section:key, the key marked as asked either way. */
static const char *lookup(const assess_config *cfg, const char *section,
                          const char *key)
{
	assess_config *c = (assess_config *)cfg;
	size_t i;

	for (i = 0; section && key && i < c->n; i++) {
		if (strcasecmp(c->k[i].section, section) ||
		    strcasecmp(c->k[i].key, key))
			continue;
		c->k[i].asked = 1;
		return c->k[i].value;
	}
	return NULL;
}

int mock_cfg_error(const assess_config *cfg, const char *section,
                        const char *key, const char *fmt, ...)
{
	assess_config *c = (assess_config *)cfg;
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (section && key)
		snprintf(c->error, sizeof c->error, "[%s] %s: %s", section, key,
		         msg);
	else if (section)
		snprintf(c->error, sizeof c->error, "[%s]: %s", section, msg);
	else
		snprintf(c->error, sizeof c->error, "%s", msg);
	return ASSESS_ECONFIG;
}

int mock_cfg_string(const assess_config *c, const char *section,
                         const char *key, const char **out)
{
	const char *v = lookup(c, section, key);

	if (!v)
		return ASSESS_ENOENT;
	*out = v;
	return ASSESS_OK;
}

int mock_cfg_number(const assess_config *c, const char *section,
                         const char *key, double min, double max, double *out)
{
	const char *v = lookup(c, section, key);
	char *end;
	double d;

	if (!v)
		return ASSESS_ENOENT;
	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end || errno || !isfinite(d) || strpbrk(v, "xXnN")) {
		mock_cfg_error(c, section, key, "'%s' is not a number", v);
		return ASSESS_ETYPE;
	}
	if (d < min || d > max) {
		mock_cfg_error(c, section, key, "%s is outside %g..%g", v, min, max);
		return ASSESS_ERANGE;
	}
	*out = d;
	return ASSESS_OK;
}

int mock_cfg_int(const assess_config *c, const char *section,
                      const char *key, long min, long max, long *out)
{
	const char *v = lookup(c, section, key);
	char *end;
	long n;

	if (!v)
		return ASSESS_ENOENT;
	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || *end || errno) {
		mock_cfg_error(c, section, key, "'%s' is not a whole number", v);
		return ASSESS_ETYPE;
	}
	if (n < min || n > max) {
		mock_cfg_error(c, section, key, "%ld is outside %ld..%ld", n, min,
		             max);
		return ASSESS_ERANGE;
	}
	*out = n;
	return ASSESS_OK;
}

int mock_cfg_bool(const assess_config *c, const char *section,
                       const char *key, int *out)
{
	const char *v = lookup(c, section, key);

	if (!v)
		return ASSESS_ENOENT;
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
	    !strcasecmp(v, "on") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") ||
	         !strcasecmp(v, "off") || !strcmp(v, "0"))
		*out = 0;
	else {
		mock_cfg_error(c, section, key, "'%s' is not true or false", v);
		return ASSESS_ETYPE;
	}
	return ASSESS_OK;
}

