/*
 * ini.c - the INI syntax of assess's configs, parsed from memory (see
 * ini.h for the rules and why assess reads the lines itself).
 */
#include "ini.h"
#include "lang.h"
#include "validate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *name;
	const struct ini_handler *h;
	char *err;
	size_t errlen;
	char section[INI_NAME_MAX + 1];
	int in_section;
};

static void trim(char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static void lower(char *p)
{
	for (; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

/* A line shown in a message: at most 60 bytes, cut on a character. */
static int shown(const char *s, size_t n)
{
	size_t m = n > 60 ? 60 : n;
	while (m < n && m > 0 && ((unsigned char)s[m] & 0xC0) == 0x80)
		m--;
	return (int)m;
}

static int section_line(struct parser *p, char *s, size_t n, long no)
{
	char *close = memchr(s, ']', n), *name = s + 1;
	size_t len, rest;

	if (!close) {
		snprintf(p->err, p->errlen, _("%s:%ld: syntax error in '%.*s'"),
		         p->name, no, shown(s, n), s);
		return -1;
	}
	len = (size_t)(close - name);
	rest = n - (size_t)(close + 1 - s);
	if (rest) {
		char *r = close + 1;
		trim(&r, &rest);
		snprintf(p->err, p->errlen, _("%s:%ld: text after the section header "
		         "[%.*s]: '%.*s' (a section header stands alone on its "
		         "line)"), p->name, no, shown(name, len), name,
		         shown(r, rest), r);
		return -1;
	}
	trim(&name, &len);
	if (!len || len > INI_NAME_MAX || memchr(name, ':', len)) {
		snprintf(p->err, p->errlen, "%s:%ld: [%.*s%s]: %s", p->name, no,
		         shown(name, len), name, (size_t)shown(name, len) < len ?
		         "..." : "", !len ? "a section needs a name"
		         : len > INI_NAME_MAX ? "section name longer than 255 "
		         "bytes" : "a section name cannot hold ':'");
		return -1;
	}
	memcpy(p->section, name, len);
	p->section[len] = '\0';
	lower(p->section);
	p->in_section = 1;
	return p->h->section(p->h->arg, p->section, no, p->err, p->errlen);
}

static int value_line(struct parser *p, char *s, size_t n, long no)
{
	char *eq = memchr(s, '=', n), *key = s, *v, *q;
	size_t klen, vlen;

	if (!eq) {
		snprintf(p->err, p->errlen, _("%s:%ld: syntax error in '%.*s'"),
		         p->name, no, shown(s, n), s);
		return -1;
	}
	klen = (size_t)(eq - s);
	trim(&key, &klen);
	v = eq + 1;
	vlen = n - (size_t)(v - s);
	trim(&v, &vlen);
	if (!klen) {
		snprintf(p->err, p->errlen, _("%s:%ld: syntax error in '%.*s' (no "
		         "key before '=')"), p->name, no, shown(s, n), s);
		return -1;
	}
	if (klen > INI_NAME_MAX) {
		snprintf(p->err, p->errlen, _("%s:%ld: key '%.*s...' longer than "
		         "255 bytes"), p->name, no, shown(key, klen), key);
		return -1;
	}
	key[klen] = '\0';
	lower(key);
	if (!p->in_section) {
		snprintf(p->err, p->errlen, _("%s:%ld: %s: a key before any "
		         "[section]"), p->name, no, key);
		return -1;
	}
	if (vlen && (*v == '"' || *v == '\'')) {
		q = memchr(v + 1, *v, vlen - 1);
		if (!q) {
			snprintf(p->err, p->errlen, _("%s:%ld: [%s] %s: the value's "
			         "quote %c is not closed"), p->name, no, p->section, key,
			         *v);
			return -1;
		}
		if (q != v + vlen - 1) {
			snprintf(p->err, p->errlen, _("%s:%ld: [%s] %s: text after the "
			         "closing quote: '%.*s' (there are no comments after "
			         "a value)"), p->name, no, p->section, key,
			         shown(q + 1, (size_t)(v + vlen - q - 1)), q + 1);
			return -1;
		}
		v++;
		vlen -= 2;
	} else if ((q = strpbrk(v, ";#")) && q < v + vlen) {
		snprintf(p->err, p->errlen, _("%s:%ld: [%s] %s: '%c' in an unquoted "
		         "value: write the value in quotes (%s = \"...\"); a "
		         "comment goes on a line of its own"), p->name, no,
		         p->section, key, *q, key);
		return -1;
	}
	v[vlen] = '\0';
	return p->h->value(p->h->arg, p->section, key, v, no, p->err,
	                   p->errlen);
}

/* One logical line (continuations joined), NUL-terminated, of n bytes. */
static int logical_line(struct parser *p, char *s, size_t n, long no)
{
	trim(&s, &n);
	s[n] = '\0';
	if (!n || *s == ';' || *s == '#')
		return 0;
	if (*s == '[')
		return section_line(p, s, n, no);
	return value_line(p, s, n, no);
}

int ini_parse(const char *name, const char *buf, size_t len,
              const struct ini_handler *h, char *err, size_t errlen)
{
	struct parser p = { name, h, err, errlen, "", 0 };
	const char *at = buf, *end = buf + len;
	char *line = NULL;
	size_t used = 0, cap = 0;
	long no = 0, first = 0;
	int rc = 0, comment = 0;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		at += 3;
	while (rc == 0 && at < end) {
		const char *nl = memchr(at, '\n', (size_t)(end - at));
		size_t n = (size_t)((nl ? nl : end) - at);
		long bad;

		no++;
		if (n > INI_LINE_MAX) {
			snprintf(err, errlen, _("%s:%ld: line too long"), name, no);
			rc = -1;
			break;
		}
		if ((bad = utf8_invalid_at(at, n)) >= 0) {
			snprintf(err, errlen, _("%s:%ld: not valid UTF-8 (byte %ld of "
			         "the line)"), name, no, bad + 1);
			rc = -1;
			break;
		}
		if (used + n + 1 > cap) {
			size_t ncap = (used + n + 1) * 2;
			char *grown = realloc(line, ncap);
			if (!grown) {
				snprintf(err, errlen, _("%s: out of memory"), name);
				rc = -1;
				break;
			}
			line = grown;
			cap = ncap;
		}
		if (!used) {
			const char *c = at;
			first = no;
			while (c < at + n && isspace((unsigned char)*c))
				c++;
			/* a comment ends at its line, '\' or not: it must not
			 * swallow the key below it */
			comment = c < at + n && (*c == ';' || *c == '#');
		}
		memcpy(line + used, at, n);
		used += n;
		while (used && isspace((unsigned char)line[used - 1]))
			used--;
		at = nl ? nl + 1 : end;
		if (!comment && used && line[used - 1] == '\\' && at < end) {
			used--; /* continued: the next line follows here */
			continue;
		}
		rc = logical_line(&p, line, used, first);
		used = 0;
	}
	free(line);
	return rc;
}
