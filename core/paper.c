/*
 * paper.c - the title and subtitle of a run's paper (see paper.h).
 */
#include "paper.h"
#include "lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static const cJSON *given(const struct results_doc *doc)
{
	return cJSON_GetObjectItemCaseSensitive(doc->describe, "report");
}

const char *paper_scheme(const struct results_doc *doc)
{
	const char *s = str(doc->describe, "title");

	if (!s)
		s = str(doc->describe, "description");
	if (!s)
		s = str(doc->meta, "plugin");
	return s ? s : "";
}

const char *paper_title(const struct results_doc *doc, const char *period,
                        char *buf, size_t len)
{
	const char *t = str(given(doc), "title");
	const char *org = str(given(doc), "organisation");
	const char *year = str(given(doc), "year");
	const char *scheme = paper_scheme(doc);

	if (t) {
		snprintf(buf, len, "%s", t);
		return buf;
	}
	if (!year)
		year = period && period[0] ? period : NULL;
	if (org && year)
		snprintf(buf, len, _("%s, %s: results for %s"), org, scheme, year);
	else if (org)
		snprintf(buf, len, _("%s, %s: results"), org, scheme);
	else if (year)
		snprintf(buf, len, _("%s: results for %s"), scheme, year);
	else
		snprintf(buf, len, _("%s: results"), scheme);
	return buf;
}

const char *paper_subtitle(const struct results_doc *doc)
{
	return str(given(doc), "subtitle");
}

int paper_add_once(char **list, const char *name)
{
	size_t n = *list ? strlen(*list) : 0, len = strlen(name);
	const char *p = *list;
	char *z;

	while (p && (p = strstr(p, name))) {
		if ((p == *list || strncmp(p - 3, "、", 3) == 0) &&
		    (p[len] == '\0' || strncmp(p + len, "、", 3) == 0))
			return 0;
		p += len;
	}
	if (!(z = realloc(*list, n + len + 4)))
		return -1;
	if (n) {
		memcpy(z + n, "、", 3);
		n += 3;
	}
	memcpy(z + n, name, len + 1);
	*list = z;
	return 0;
}
