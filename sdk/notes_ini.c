/*
 * notes_ini.c - the labels and messages of a scheme's notes from its INI
 * (include/assess/batch.h): the people who run a scheme name its
 * consequences and prompts in their own words, with the plugin's table
 * as the default.  Part of libassess_scheme.a.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "assess/scheme.h"
#include "assess/i18n.h"
#include "internal.h"

void assess_notes_free(assess_notes *n)
{
	size_t i;

	if (n->owned)
		for (i = 0; i < 2 * n->n; i++)
			free(n->owned[i]);
	free(n->owned);
	free(n->v);
	free(n->message);
	memset(n, 0, sizeof *n);
}

/* The kind whose code is key (ASCII case ignored), or n. */
static size_t kind_of(const assess_note *kinds, size_t n, const char *key,
                      size_t len)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (strlen(kinds[k].code) == len &&
		    strncasecmp(kinds[k].code, key, len) == 0)
			return k;
	return n;
}

/* An unknown key of the section reported, with the nearest code. */
static int unknown(const assess_host *h, const assess_config *cfg,
                   const char *section, const char *key,
                   const assess_note *kinds, size_t n)
{
	const char **codes = malloc((n + 1) * sizeof *codes);
	const char *near;
	size_t k;

	if (!codes)
		return ASSESS_ENOMEM;
	for (k = 0; k < n; k++)
		codes[k] = kinds[k].code;
	near = assess_nearest(key, codes, n);
	free(codes);
	if (near)
		return h->config_error(cfg, section, key, "not a note of the "
		                       "scheme; did you mean %s?", near);
	return h->config_error(cfg, section, key, "not a note of the scheme "
	                       "(CODE = label, CODE.message = text)");
}

int assess_notes_load(const assess_host *h, const assess_config *cfg,
                      const char *section, const assess_note *kinds,
                      const char *const *messages, size_t n,
                      assess_notes *out)
{
	int i, nkeys;
	size_t k;

	memset(out, 0, sizeof *out);
	out->v = calloc(n + 1, sizeof *out->v);
	out->message = calloc(n + 1, sizeof *out->message);
	out->owned = calloc(2 * n + 1, sizeof *out->owned);
	if (!out->v || !out->message || !out->owned)
		return ASSESS_ENOMEM;
	out->n = n;
	for (k = 0; k < n; k++) {
		out->v[k] = kinds[k];
		out->message[k] = messages && messages[k]
		                  ? assess_i18n_text(messages[k]) : NULL;
	}
	nkeys = h->config_key_count(cfg, section);
	for (i = 0; i < nkeys; i++) {
		const char *key = h->config_key_name(cfg, section, i), *val = NULL;
		const char *dot = key ? strchr(key, '.') : NULL;
		size_t len = dot ? (size_t)(dot - key) : key ? strlen(key) : 0;
		int msg = dot && strcmp(dot, ".message") == 0;
		char **keep;

		if (!key)
			continue;
		k = kind_of(kinds, n, key, len);
		if (k == n || (dot && !msg))
			return unknown(h, cfg, section, key, kinds, n);
		h->config_string(cfg, section, key, &val);
		if (!msg && (!val || !*val))
			return h->config_error(cfg, section, key, "needs a label");
		keep = &out->owned[2 * k + msg];
		free(*keep);
		if (!(*keep = strdup(val ? val : "")))
			return ASSESS_ENOMEM;
		if (msg)
			out->message[k] = **keep ? *keep : NULL;
		else
			out->v[k].label = *keep;
	}
	return ASSESS_OK;
}

assess_node *assess_notes_put(const assess_host *h, assess_node *arr,
                              const assess_notes *n, size_t k,
                              const char *item, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	assess_node *o;

	if (k >= n->n || !(o = assess_put_note(h, arr, &n->v[k], item, NULL)))
		return NULL;
	if (fmt) {
		va_start(ap, fmt);
		sdk_vformat(text, sizeof text, assess_i18n_text(fmt), ap);
		va_end(ap);
		h->put_string(o, n->v[k].text ? n->v[k].text : "message", text);
	}
	return o;
}

/* template with {NAME} replaced from vars into out (size bytes, cut on a
 * whole character). */
static void fill(const char *t, const char *const *vars, char *out,
                 size_t size)
{
	size_t o = 0, i, len;
	const char *add, *end;

	while (*t && o + 1 < size) {
		add = NULL;
		len = 1;
		if ((t[0] == '{' || t[0] == '}') && t[1] == t[0]) {
			add = *t == '{' ? "{" : "}";
			t += 2;
		} else if (*t == '{' && (end = strchr(t, '}'))) {
			for (i = 0; vars && vars[i]; i += 2)
				if (strlen(vars[i]) == (size_t)(end - t - 1) &&
				    strncmp(vars[i], t + 1, (size_t)(end - t - 1)) == 0) {
					add = vars[i + 1] ? vars[i + 1] : "";
					break;
				}
			if (add)
				t = end + 1;
		}
		if (!add) { /* one whole character of the template */
			add = t;
			while ((unsigned char)t[len] >> 6 == 2)
				len++;
			t += len;
			if (o + len >= size)
				break;
		} else {
			len = strlen(add);
			if (o + len >= size)
				len = (size_t)sdk_clip(add, size - 1 - o);
		}
		memcpy(out + o, add, len);
		o += len;
	}
	out[o] = '\0';
}

assess_node *assess_notes_say(const assess_host *h, assess_node *arr,
                              const assess_notes *n, size_t k,
                              const char *item, const char *const *vars)
{
	char text[512];
	assess_node *o;

	if (k >= n->n || !(o = assess_put_note(h, arr, &n->v[k], item, NULL)))
		return NULL;
	if (n->message[k]) {
		fill(n->message[k], vars, text, sizeof text);
		h->put_string(o, n->v[k].text ? n->v[k].text : "message", text);
	}
	return o;
}
