/*
 * archive_scan.c - the top-level members of one result line picked out
 * without building its tree: a result is a few hundred nodes, and the
 * archive needs eight scalars of it, a hundred thousand times.
 */
#include "archive_impl.h"

#include <stdio.h>
#include <string.h>

static const char *ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* The end of the string starting at p (its opening quote), past the
 * closing one; NULL when it has none. */
static const char *string_end(const char *p)
{
	for (p++; *p && *p != '"'; p++)
		if (*p == '\\' && !*++p)
			return NULL;
	return *p ? p + 1 : NULL;
}

/* The end of the value starting at p, or NULL. */
static const char *value_end(const char *p)
{
	int depth = 0;

	if (*p == '"')
		return string_end(p);
	if (*p != '{' && *p != '[') {
		for (;; p++)
			switch (*p) {
			case '\0': case ',': case '}': case ']':
			case ' ': case '\t': case '\r': case '\n':
				return p;
			}
	}
	for (; *p; p++) {
		if (*p == '"') {
			if (!(p = string_end(p)))
				return NULL;
			p--;
		} else if (*p == '{' || *p == '[') {
			depth++;
		} else if ((*p == '}' || *p == ']') && --depth == 0) {
			return p + 1;
		}
	}
	return NULL;
}

static unsigned hex4(const char *p)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return 0xFFFFFFFFu;
	}
	return v;
}

/* The string [p, end) (quotes included) unescaped into out, as UTF-8;
 * out has room for its length.  Returns out, or NULL when malformed. */
static char *unescape(const char *p, const char *end, char *out)
{
	char *w = out;
	unsigned c, lo;

	for (p++, end--; p < end; p++) {
		if (*p != '\\') {
			*w++ = *p;
			continue;
		}
		switch (*++p) {
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'u':
			if (end - p < 5 || (c = hex4(p + 1)) == 0xFFFFFFFFu)
				return NULL;
			p += 4;
			if (c >= 0xD800 && c < 0xDC00 && end - p >= 7 &&
			    p[1] == '\\' && p[2] == 'u' &&
			    (lo = hex4(p + 3)) >= 0xDC00 && lo < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				p += 6;
			}
			if (c < 0x80) {
				*w++ = (char)c;
			} else if (c < 0x800) {
				*w++ = (char)(0xC0 | c >> 6);
				*w++ = (char)(0x80 | (c & 0x3F));
			} else if (c < 0x10000) {
				*w++ = (char)(0xE0 | c >> 12);
				*w++ = (char)(0x80 | (c >> 6 & 0x3F));
				*w++ = (char)(0x80 | (c & 0x3F));
			} else {
				*w++ = (char)(0xF0 | c >> 18);
				*w++ = (char)(0x80 | (c >> 12 & 0x3F));
				*w++ = (char)(0x80 | (c >> 6 & 0x3F));
				*w++ = (char)(0x80 | (c & 0x3F));
			}
			break;
		default: *w++ = *p; break; /* \" \\ \/ */
		}
	}
	*w = '\0';
	return out;
}

int archive_scan(const char *line, const char *const *keys, int n,
                 const char **val, char *scratch)
{
	const char *p = ws(line), *k, *kend, *v, *vend;
	size_t klen[32];
	int i, found = 0;

	if (n > 32)
		return -1;
	for (i = 0; i < n; i++) {
		val[i] = NULL;
		klen[i] = strlen(keys[i]);
	}
	if (*p++ != '{')
		return -1;
	for (p = ws(p); *p != '}'; p = ws(p + 1)) {
		if (*p != '"' || !(kend = string_end(p)))
			return -1;
		k = p + 1;
		p = ws(kend);
		if (*p != ':')
			return -1;
		v = ws(p + 1);
		if (!(vend = value_end(v)) || vend == v)
			return -1;
		for (i = 0; i < n; i++) {
			if (klen[i] != (size_t)(kend - 1 - k) || val[i] ||
			    memcmp(keys[i], k, klen[i]) != 0)
				continue;
			if (*v == '"') {
				if (!(val[i] = unescape(v, vend, scratch)))
					return -1;
			} else if (*v != '{' && *v != '[' &&
			           !(vend - v == 4 && memcmp(v, "null", 4) == 0)) {
				memcpy(scratch, v, (size_t)(vend - v));
				scratch[vend - v] = '\0';
				val[i] = scratch;
				scratch += vend - v + 1;
				found++;
				break;
			} else {
				break;
			}
			scratch += strlen(scratch) + 1;
			found++;
			break;
		}
		/* the scalars come first in a result: the rest of the line (its
		 * criteria, actions, ...) need not be walked once all are had */
		if (found == n)
			break;
		p = ws(vend);
		if (*p == '}')
			break;
		if (*p != ',')
			return -1;
	}
	return 0;
}
