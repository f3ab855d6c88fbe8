/*
 * jsonerr.c - what to tell a person about a record that is not JSON (see
 * jsonerr.h): where, in characters, and what stands there, with a word
 * for the usual causes: full-width punctuation typed by a Chinese input
 * method, bare words, strings left open, records that end early.
 */
#include "jsonerr.h"
#include "lang.h"
#include "validate.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

/* Full-width punctuation that Chinese input methods type in place of
 * JSON's, and what JSON wants there. */
static const struct {
	const char *wide, *name, *ascii;
} wide_punct[] = {
	{ "\xEF\xBC\x9A", N_("a full-width colon"), ":" },
	{ "\xEF\xBC\x8C", N_("a full-width comma"), "," },
	{ "\xE3\x80\x81", N_("an enumeration comma"), "," },
	{ "\xE2\x80\x9C", N_("a curly quotation mark"), "\"" },
	{ "\xE2\x80\x9D", N_("a curly quotation mark"), "\"" },
	{ "\xE2\x80\x98", N_("a curly quotation mark"), "\"" },
	{ "\xE2\x80\x99", N_("a curly quotation mark"), "\"" },
	{ "\xEF\xBD\x9B", N_("a full-width brace"), "{" },
	{ "\xEF\xBD\x9D", N_("a full-width brace"), "}" },
	{ "\xEF\xBC\xBB", N_("a full-width bracket"), "[" },
	{ "\xEF\xBC\xBD", N_("a full-width bracket"), "]" },
	{ "\xE3\x80\x90", N_("a full-width bracket"), "[" },
	{ "\xE3\x80\x91", N_("a full-width bracket"), "]" },
	{ "\xE3\x80\x80", N_("a full-width space"), " " },
};

/* What the character at `at` is, for a syntax message: itself, with a
 * hint when it is full-width punctuation. */
static void describe_char(const char *at, const char *end, char *buf,
                          size_t len)
{
	unsigned char c = (unsigned char)*at;
	size_t i, n;

	if (at >= end) {
		snprintf(buf, len, _(": the record ends too early"));
		return;
	}
	for (i = 0; i < sizeof wide_punct / sizeof *wide_punct; i++) {
		n = strlen(wide_punct[i].wide);
		if ((size_t)(end - at) >= n &&
		    memcmp(at, wide_punct[i].wide, n) == 0) {
			snprintf(buf, len, _(": unexpected '%s' (%s; JSON needs the "
			         "ASCII '%s')"), wide_punct[i].wide, _(wide_punct[i].name),
			         wide_punct[i].ascii);
			return;
		}
	}
	if (c < 0x20 || c == 0x7f)
		snprintf(buf, len, _(": unexpected control character 0x%02x"), c);
	else {
		n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if ((size_t)(end - at) < n)
			n = (size_t)(end - at);
		snprintf(buf, len, _(": unexpected '%.*s'"), (int)n, at);
	}
}

/* A byte of a bare word: an unquoted key or string, NaN, Infinity. */
static int is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

long jsonerr_syntax(const char *text, size_t len, const char *at,
                   long line, char *msg, size_t n)
{
	const char *p, *q = NULL, *bol = text, *end = text + len;
	long depth = 0;
	char what[128];

	if (!at || at < text || at > end)
		at = text;
	while (at > text && ((unsigned char)*at & 0xC0) == 0x80)
		at--; /* the start of the character cJSON stopped in */
	for (p = text; p < at; p++)
		if (*p == '\n') {
			line++;
			bol = p + 1;
		}
	/* cJSON stops at its nesting limit: say so, not just where */
	for (p = text; p < at; p++) {
		if (*p == '"') {
			for (p++; p < at && *p != '"'; p++)
				p += *p == '\\';
		} else if (*p == '[' || *p == '{') {
			depth++;
		} else if (*p == ']' || *p == '}') {
			depth--;
		}
	}
	if (depth >= CJSON_NESTING_LIMIT) {
		snprintf(msg, n, _("nested deeper than %d levels (at column "
		         "%ld)"), CJSON_NESTING_LIMIT, utf8_column(bol, at));
		return line;
	}
	/* cJSON stops inside a string that is not closed, or on a bare
	 * word: point at the string's start, or at the whole word */
	for (p = bol, depth = 0; p < at; p++) {
		if (*p == '"' && !depth) {
			q = p;
			depth = 1;
		} else if (*p == '"') {
			depth = 0;
		} else if (*p == '\\' && depth && p + 1 < at) {
			p++;
		}
	}
	if (depth && memchr(at, '"', (size_t)(end - at)) == NULL) {
		snprintf(msg, n, _("invalid JSON at column %ld: the string "
		         "that starts there is not closed"),
		         utf8_column(bol, q));
		return line;
	}
	if (is_word(*at)) {
		while (at > bol && is_word(at[-1]))
			at--;
		for (q = at; q < end && is_word(*q); q++)
			;
		snprintf(msg, n, _("invalid JSON at column %ld: unexpected "
		         "'%.*s' (%s)"), utf8_column(bol, at),
		         (int)(q - at > 40 ? 40 : q - at), at,
		         (at > text && at[-1] == '\'') || q[0] == '\''
		             ? _("strings and keys need double quotes, not single")
		         : q - at == 3 && memcmp(at, "NaN", 3) == 0
		             ? _("JSON has no NaN: leave the field out")
		         : q - at == 8 && memcmp(at, "Infinity", 8) == 0
		             ? _("JSON has no Infinity")
		             : _("strings and keys need double quotes"));
		return line;
	}
	for (q = at < end ? at + 1 : at; q < end && strchr(" \t\r\n", *q); q++)
		;
	if (q >= end && at < end && strchr(":,[{", *at)) {
		snprintf(msg, n, _("invalid JSON: the record ends at column "
		         "%ld, after '%c', before it is complete"),
		         utf8_column(bol, at), *at);
		return line;
	}
	describe_char(at, end, what, sizeof what);
	snprintf(msg, n, _("invalid JSON at column %ld%s"),
	         utf8_column(bol, at), what);
	return line;
}


long jsonerr_lexical(const char *text, long off, const char *why,
                    size_t toklen, long line, char *msg, size_t n)
{
	const char *p, *bol = text;

	for (p = text; p < text + off; p++)
		if (*p == '\n') {
			line++;
			bol = p + 1;
		}
	if (text[off] == '\\') /* an escape: why names it */
		snprintf(msg, n, _("invalid JSON at column %ld: %s"),
		         utf8_column(bol, text + off), why);
	else
		snprintf(msg, n, _("invalid JSON at column %ld: '%.*s': %s"),
		         utf8_column(bol, text + off),
		         (int)(toklen > 40 ? 40 : toklen), text + off, why);
	return line;
}
