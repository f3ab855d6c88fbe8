/*
 * colmap_user.c - the header names a user gives (see colmap.h): a
 * --columns file, whose [columns] section says "header = path", and the
 * scheme INI's [input] columns and skip_columns lists.  They win over
 * every built-in name.
 */
#include "lang.h"
#include "colmap_impl.h"
#include "ini.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int columns_section(void *arg, const char *name, long line,
                           char *err, size_t errlen)
{
	const struct colmap *m = arg;

	if (strcmp(name, "columns") == 0)
		return 0;
	snprintf(err, errlen, _("%s:%ld: [%s]: a columns file has only a "
	         "[columns] section"), m->columns, line, name);
	return -1;
}

static int columns_value(void *arg, const char *section, const char *key,
                         const char *value, long line, char *err,
                         size_t errlen)
{
	struct colmap *m = arg;

	(void)section;
	if (!colmap_is_path(value)) {
		snprintf(err, errlen, _("%s:%ld: %s = %s: not a record path such "
		         "as scores.team"), m->columns, line, key, value);
		return -1;
	}
	if (colmap_add_explicit(m, key, value) < 0) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	return 0;
}

/* The --columns file's [columns] section into m.  0 or -1 (err). */
int colmap_load_columns(struct colmap *m, const char *path, char *err,
                        size_t errlen)
{
	struct ini_handler h = { m, columns_section, columns_value };
	char *buf = NULL, msg[512];
	size_t len = 0, cap = 0, n;
	FILE *fp = fopen(path, "rb");
	int rc = -1;

	if (!fp) {
		snprintf(err, errlen, _("--columns %s: cannot read: %s"), path,
		         strerror(errno));
		return -1;
	}
	do {
		if (len + 4096 > cap) {
			char *b = realloc(buf, cap = cap * 2 + 4096);
			if (!b) {
				snprintf(err, errlen, _("out of memory"));
				goto out;
			}
			buf = b;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0 && len < (1u << 20));
	if (ferror(fp)) {
		snprintf(err, errlen, _("--columns %s: read error"), path);
		goto out;
	}
	m->columns = path;
	if (ini_parse(path, buf, len, &h, msg, sizeof msg) < 0) {
		snprintf(err, errlen, _("--columns: %s"), msg);
		goto out;
	}
	rc = 0;
out:
	free(buf);
	fclose(fp);
	return rc;
}

/* The next item of a list value (separated by , ， 、 or a line break)
 * into [*s, *e), from *p on: 1, or 0 at the end. */
static int list_item(const char **p, const char **s, const char **e)
{
	static const char *const sep[] = { ",", "，", "、", "\n" };
	const char *best;
	size_t i, k = 0;

	while (**p) {
		best = NULL;
		for (i = 0; i < sizeof sep / sizeof *sep; i++) {
			const char *f = strstr(*p, sep[i]);
			if (f && (!best || f < best)) {
				best = f;
				k = strlen(sep[i]);
			}
		}
		*s = *p;
		*e = best ? best : *p + strlen(*p);
		*p = best ? best + k : *e;
		while (*s < *e && (**s == ' ' || **s == '\t'))
			(*s)++;
		while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' ||
		                   (*e)[-1] == '\r'))
			(*e)--;
		if (*e > *s)
			return 1;
	}
	return 0;
}

int colmap_add_input(struct colmap *m, const char *columns,
                     const char *skip, char *err, size_t errlen)
{
	const char *p, *s, *e, *eq;
	char item[HEADER_MAX + 256];

	m->explicit = 1;
	for (p = columns ? columns : ""; list_item(&p, &s, &e);) {
		snprintf(item, sizeof item, "%.*s", (int)(e - s), s);
		eq = strchr(item, '=');
		if (!eq || eq == item || !colmap_is_path(eq + 1) ||
		    strchr(eq + 1, '=')) {
			snprintf(err, errlen, _("[input] columns: \"%s\": write "
			         "HEADER=PATH, as 支部全称=name or 年终考核-班子建设="
			         "checks.annual.team, several separated by commas"),
			         item);
			m->explicit = 0;
			return -1;
		}
		item[eq - item] = '\0';
		if (colmap_add_explicit(m, item, eq + 1) < 0)
			goto nomem;
	}
	for (p = skip ? skip : ""; list_item(&p, &s, &e);) {
		snprintf(item, sizeof item, "%.*s", (int)(e - s), s);
		if (colmap_add(m, item, "", COLMAP_AUTO, ROLE_SKIP, 0) < 0)
			goto nomem;
	}
	m->explicit = 0;
	return 0;
nomem:
	m->explicit = 0;
	snprintf(err, errlen, _("out of memory"));
	return -2;
}
