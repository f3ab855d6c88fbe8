/*
 * spec.c - a scheme's config keys declared once, in one table, that both
 * loads the INI and describes it for --describe (see assess_config_key in
 * include/assess/scheme.h): the two cannot drift apart.  Part of
 * libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "assess/i18n.h"
#include "internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT(settings, k, type) ((type *)((char *)(settings) + (k)->offset))

/* "missing", or "missing: DOC" when the key says what it holds. */
static int missing(const assess_host *h, const assess_config *cfg,
                   const assess_config_key *k)
{
	if (k->doc)
		return h->config_error(cfg, k->section, k->key, "missing: %s",
		                       assess_i18n_text(k->doc));
	return h->config_error(cfg, k->section, k->key, "missing");
}

/* Service codes to spec codes: absent is handled by the caller. */
static int config_rc(int rc)
{
	return rc == ASSESS_OK || rc == ASSESS_ENOENT ? rc : ASSESS_ECONFIG;
}

/* The index of word v among the '|'-separated choices, or -1. */
static int choice_index(const char *choices, const char *v)
{
	size_t len = strlen(v);
	int i = 0;

	for (;;) {
		const char *bar = strchr(choices, '|');
		size_t n = bar ? (size_t)(bar - choices) : strlen(choices);
		if (n == len && strncmp(choices, v, n) == 0)
			return i;
		if (!bar)
			return -1;
		choices = bar + 1;
		i++;
	}
}

/* The choices "a|b|c" as messages say them, "a, b or c", into buf. */
static const char *either(const char *choices, char *buf, size_t size)
{
	const char *last = strrchr(choices, '|');
	size_t o = 0;

	for (; *choices && o + 1 < size; choices++) {
		const char *sep;
		size_t n;
		if (*choices != '|') {
			buf[o++] = *choices;
			continue;
		}
		sep = choices == last ? SDK_TR(" or ") : SDK_TR(", ");
		if ((n = strlen(sep)) + o + 1 >= size)
			break;
		memcpy(buf + o, sep, n);
		o += n;
	}
	buf[o] = '\0';
	return buf;
}

/* A STRING or LABEL key: copied into settings (the default when absent). */
static int load_string(const assess_host *h, const assess_config *cfg,
                       const assess_config_key *k, void *settings)
{
	char **out = AT(settings, k, char *);
	const char *v = NULL;

	if (h->config_string(cfg, k->section, k->key, &v) != ASSESS_OK ||
	    (k->kind == ASSESS_CONF_LABEL && !*v)) {
		if (k->required)
			return missing(h, cfg, k);
		if (v && k->kind == ASSESS_CONF_LABEL)
			return h->config_error(cfg, k->section, k->key,
			                       "empty: users read it");
		v = k->def_str;
	}
	free(*out);
	*out = NULL;
	if (v && !(*out = strdup(v)))
		return ASSESS_ENOMEM;
	return ASSESS_OK;
}

static int load_one(const assess_host *h, const assess_config *cfg,
                    const assess_config_key *k, void *settings)
{
	const char *v;
	char words[160];
	long l;
	int rc, b;
	double d;

	switch (k->kind) {
	case ASSESS_CONF_NUMBER:
		rc = config_rc(h->config_number(cfg, k->section, k->key, k->min,
		                                k->max, &d));
		*AT(settings, k, double) = rc == ASSESS_OK ? d : k->def;
		break;
	case ASSESS_CONF_INT:
		rc = config_rc(h->config_int(cfg, k->section, k->key,
		                             (long)k->min, (long)k->max, &l));
		*AT(settings, k, long) = rc == ASSESS_OK ? l : (long)k->def;
		break;
	case ASSESS_CONF_PERCENT:
		d = k->def;
		rc = assess_config_percent(h, cfg, k->section, k->key, &d);
		*AT(settings, k, double) = d;
		break;
	case ASSESS_CONF_BOOL:
		rc = config_rc(h->config_bool(cfg, k->section, k->key, &b));
		*AT(settings, k, int) = rc == ASSESS_OK ? b : (int)k->def;
		break;
	case ASSESS_CONF_STRING:
	case ASSESS_CONF_LABEL:
		return load_string(h, cfg, k, settings);
	case ASSESS_CONF_CHOICE:
		rc = h->config_string(cfg, k->section, k->key, &v);
		*AT(settings, k, int) = (int)k->def;
		if (rc != ASSESS_OK)
			break;
		if ((b = choice_index(k->choices, v)) < 0) {
			return h->config_error(cfg, k->section, k->key,
			                       "'%s' is not %s", v,
			                       either(k->choices, words,
			                              sizeof words));
		}
		*AT(settings, k, int) = b;
		break;
	default: /* ELSEWHERE */
		return ASSESS_OK;
	}
	if (rc == ASSESS_ENOENT)
		return k->required ? missing(h, cfg, k) : ASSESS_OK;
	return rc;
}

int assess_config_spec_load(const assess_host *h, const assess_config *cfg,
                            const assess_config_key *spec, size_t n,
                            void *settings)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = load_one(h, cfg, &spec[i], settings)) != ASSESS_OK)
			return rc;
	return ASSESS_OK;
}

void assess_config_spec_free(const assess_config_key *spec, size_t n,
                             void *settings)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (spec[i].kind != ASSESS_CONF_STRING &&
		    spec[i].kind != ASSESS_CONF_LABEL)
			continue;
		free(*AT(settings, &spec[i], char *));
		*AT(settings, &spec[i], char *) = NULL;
	}
}

/* The whole number a key is written as, or -1. */
static long key_number(const char *key)
{
	long v = 0;

	if (!*key || strlen(key) > 9)
		return -1;
	for (; *key; key++) {
		if (!isdigit((unsigned char)*key))
			return -1;
		v = v * 10 + (*key - '0');
	}
	return v;
}

/* Rows a and b are listed together: one kind, range, unit and choices. */
static int same_run(const assess_config_key *a, const assess_config_key *b)
{
	return strcmp(a->section, b->section) == 0 && a->kind == b->kind &&
	       a->kind != ASSESS_CONF_ELSEWHERE && !a->value && !b->value &&
	       a->min == b->min &&
	       a->max == b->max && !a->unit == !b->unit &&
	       (!a->unit || strcmp(a->unit, b->unit) == 0) &&
	       !a->choices == !b->choices &&
	       (!a->choices || strcmp(a->choices, b->choices) == 0);
}

/* Append the run spec[0..n) to line (size cap, used *len). */
static void put_run(char *line, size_t cap, size_t *len,
                    const assess_config_key *run, size_t n)
{
	size_t i = 0, j;

#define ADD(...) (*len += (size_t)snprintf(line + *len, \
                  *len < cap ? cap - *len : 0, __VA_ARGS__))
	while (i < n) {
		long a = key_number(run[i].key);
		/* three or more whole numbers in a row read as "0..5" */
		for (j = i + 1; a >= 0 && j < n &&
		     key_number(run[j].key) == a + (long)(j - i); j++)
			;
		if (j - i < 3)
			j = i + 1;
		ADD("%s%s", i ? ", " : "", run[i].key);
		if (j > i + 1)
			ADD("..%s", run[j - 1].key);
		i = j;
	}
	if (run->value)
		ADD(" = %s", run->value);
	else if (run->kind == ASSESS_CONF_LABEL)
		ADD(" = label");
	else if (run->kind == ASSESS_CONF_CHOICE)
		ADD(" = %s", run->choices);
	if (run->unit)
		ADD(" (%s %g..%g)", run->unit, run->min, run->max);
#undef ADD
}

int assess_config_spec_describe(const assess_host *h,
                                const assess_config_key *spec, size_t n,
                                assess_node *arr)
{
	char line[1024];
	size_t i = 0, j, len;
	int rc;

	while (i < n) {
		len = (size_t)snprintf(line, sizeof line, "[%s] ", spec[i].section);
		j = i;
		while (j < n && strcmp(spec[j].section, spec[i].section) == 0) {
			size_t k = j + 1;
			while (k < n && same_run(&spec[j], &spec[k]))
				k++;
			if (j > i)
				len += (size_t)snprintf(line + len, len < sizeof line
				                        ? sizeof line - len : 0, ", ");
			put_run(line, sizeof line, &len, &spec[j], k - j);
			j = k;
		}
		if (len >= sizeof line)
			return ASSESS_EINVAL;
		if ((rc = h->put_string(arr, NULL, line)) != ASSESS_OK)
			return rc;
		i = j;
	}
	return ASSESS_OK;
}
