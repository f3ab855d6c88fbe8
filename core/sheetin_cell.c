/*
 * sheetin_cell.c - one spreadsheet cell written as the JSON value of its
 * field (see sheetin_impl.h): a number copied as the cell writes it, a
 * list cell split, the host's fields as strings.
 *
 * A cell is read as people fill it: full-width digits, point and percent
 * sign (１３．５) as their ASCII twins, 是/否, 有/无, √/× as yes and no, a
 * cell formatted as a percentage as "72.8%" (its share for a rate: the
 * scheme decides), 年度 as a year.  What cannot be read so is a fault
 * that rejects the record naming the cell (a formula never computed, an
 * error value, a date where text or a number belongs), never a value
 * left out or read as something else.
 */
#include "lang.h"
#include "sheetin_impl.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The record's text is written by the JSON writer's own buffer and
 * string escaping (jsonw.h). */
static void put(struct sheetin_json *s, const char *p, size_t n)
{
	sheetin_put(s, p, n);
}

static void put_string(struct sheetin_json *s, const char *p, size_t n)
{
	jsonw_append_string(&s->t, p, n);
}

/* Whether [p, p+n) is a number as JSON writes it. */
static int json_number(const char *p, size_t n)
{
	const char *e = p + n;

	if (p < e && *p == '-')
		p++;
	if (p == e || !isdigit((unsigned char)*p))
		return 0;
	if (*p == '0')
		p++;
	else
		while (p < e && isdigit((unsigned char)*p))
			p++;
	if (p < e && *p == '.') {
		if (++p == e || !isdigit((unsigned char)*p))
			return 0;
		while (p < e && isdigit((unsigned char)*p))
			p++;
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			p++;
		if (p == e || !isdigit((unsigned char)*p))
			return 0;
		while (p < e && isdigit((unsigned char)*p))
			p++;
	}
	return p == e;
}

/* The length of a list separator at p (、 ; , ； ， a space, a line
 * break, a full-width space), or 0. */
static size_t separator(const char *p)
{
	if (*p == ';' || *p == ',' || *p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r')
		return 1;
	if (!strncmp(p, "、", 3) || !strncmp(p, "；", 3) || !strncmp(p, "，", 3) ||
	    !strncmp(p, "　", 3))
		return 3;
	return 0;
}

/* Written by hand rather than by snprintf, from when every filled cell
 * was named whether or not it had a fault (formatting through stdio was
 * then the largest cost of reading a CSV that was the reader's own); a
 * cell is now named only for a fault (sheetin_put_cell). */
void sheetin_cell_name(long col, long row, char *buf, size_t len)
{
	char name[8 + 24], digits[24];
	unsigned long r = row < 0 ? 0UL - (unsigned long)row
	                          : (unsigned long)row;
	size_t n = 0, d = 0, i;

	col++;
	while (col > 0 && n < 8) {
		name[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n / 2; i++) {
		char t = name[i];
		name[i] = name[n - 1 - i];
		name[n - 1 - i] = t;
	}
	do
		digits[d++] = (char)('0' + r % 10);
	while (r /= 10);
	if (row < 0)
		name[n++] = '-';
	while (d)
		name[n++] = digits[--d];
	if (!len)
		return;
	if (n >= len) /* cut as snprintf cuts */
		n = len - 1;
	memcpy(buf, name, n);
	buf[n] = '\0';
}

/* A fault of the row (see struct sheetin_json): the cell at path cannot
 * be read as its field wants; fmt is translated. */
static void cell_fault(struct sheetin_json *s, const char *path,
                       const char *fmt, ...)
{
	char msg[512];
	size_t need;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	need = strlen(path) + strlen(msg) + 2;
	if (s->faultlen + need > sizeof s->fault) {
		if (s->faultlen)
			return; /* the first is kept: it rejects the record */
		snprintf(msg, sizeof msg, "%s", _("this cell cannot be read"));
		need = strlen(path) + strlen(msg) + 2;
	}
	memcpy(s->fault + s->faultlen, path, strlen(path) + 1);
	s->faultlen += strlen(path) + 1;
	memcpy(s->fault + s->faultlen, msg, strlen(msg) + 1);
	s->faultlen += strlen(msg) + 1;
}

const char *sheetin_row_fault(const char *fault, size_t len, size_t i,
                              const char **path)
{
	size_t at = 0;

	while (at < len) {
		const char *p = fault + at, *m = p + strlen(p) + 1;
		if (!i--) {
			*path = p;
			return m;
		}
		at = (size_t)(m + strlen(m) + 1 - fault);
	}
	return NULL;
}

/* [p, p+n) with full-width digits, point, signs and percent sign (as a
 * Chinese input method types them: １３．５, ８０％) made ASCII, into buf,
 * which has room for n + 1 bytes (the text never grows); the new length.
 */
static size_t halfwidth(const char *p, size_t n, char *buf)
{
	size_t i = 0, o = 0;

	while (i < n) {
		const unsigned char *u = (const unsigned char *)p + i;
		if (n - i >= 3 && u[0] == 0xEF && u[1] == 0xBC &&
		    ((u[2] >= 0x90 && u[2] <= 0x99) || u[2] == 0x8E ||
		     u[2] == 0x8D || u[2] == 0x8B || u[2] == 0x85)) {
			buf[o++] = (char)(u[2] - 0x60); /* U+FF10.. to U+0030.. */
			i += 3;
		} else {
			buf[o++] = p[i++];
		}
	}
	buf[o] = '\0';
	return o;
}

/* Yes or no as a cell says it (是/否, 有/无, √/×, ✓/✗, 对/错): 1, 0, or
 * -1 for anything else. */
static int says_yes(const char *p, size_t n)
{
	static const char *const yes[] = { "是", "有", "√", "✓", "✔", "对" };
	static const char *const no[] = { "否", "无", "×", "✗", "✘", "错" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof *yes; i++) {
		if (strlen(yes[i]) == n && !memcmp(p, yes[i], n))
			return 1;
		if (strlen(no[i]) == n && !memcmp(p, no[i], n))
			return 0;
	}
	return -1;
}

/* How many bytes of [p, p+n), at most max, end on a whole UTF-8
 * character: a cell's text quoted in a message is cut there. */
static int clip(const char *p, size_t n, size_t max)
{
	if (n <= max)
		return (int)n;
	while (max > 0 && ((unsigned char)p[max] & 0xC0) == 0x80)
		max--;
	return (int)max;
}

/* The name of n's cell in row ("C12") into cell (32 bytes), for a
 * fault: naming a cell costs, and most cells have none. */
static const char *name(const struct sheetin_node *n, long row, char *cell)
{
	sheetin_cell_name(n->col, row, cell, 32);
	return cell;
}

/* A faulty kind of cell (a formula never computed, an error value, a
 * date where dates do not belong) into the row's faults, naming it as
 * n's cell in row.  Whether c was one. */
static int bad_cell(struct sheetin_json *s, const struct sheetin_node *n,
                    const struct sheetin_cell *c, long row)
{
	char cell[32];

	if (c->kind != CELL_FORMULA && c->kind != CELL_ERROR &&
	    c->kind != CELL_DATE)
		return 0;
	name(n, row, cell);
	if (c->kind == CELL_FORMULA)
		cell_fault(s, n->path, "cell %s holds a formula whose value was "
		           "never computed (the workbook was written by a program "
		           "and not opened since): open it in Excel or WPS, save "
		           "it, and run again", cell);
	else if (c->kind == CELL_ERROR)
		cell_fault(s, n->path, "cell %s shows the error %.*s: correct its "
		           "formula", cell, clip(c->text, c->len, 40), c->text);
	else if (c->kind == CELL_DATE && n->type != COLMAP_AUTO)
		cell_fault(s, n->path, "cell %s is a date, and this column is text "
		           "or a year: format the cell as text and type the value",
		           cell);
	else if (c->kind == CELL_DATE)
		cell_fault(s, n->path, "cell %s is a date, and this column takes a "
		           "number: format the cell as a number", cell);
	return 1;
}

/* The period (年度) cell: a year, written as its four digits ("2025",
 * also from "２０２５" and "2025年").  Anything else is a fault: a period
 * read wrong moves every comparison with the history. */
static void put_year(struct sheetin_json *s, const struct sheetin_node *n,
                     const struct sheetin_cell *c, long row)
{
	char buf[64], cell[32];
	const char *p = c->text;
	size_t len = c->len;

	sheetin_trim(&p, &len);
	len = len < sizeof buf ? halfwidth(p, len, buf) : 0;
	if (len > 3 && !strcmp(buf + len - 3, "年"))
		buf[len -= 3] = '\0';
	if (len == 6 && !strcmp(buf + 4, ".0"))
		buf[len = 4] = '\0'; /* a number cell the program wrote so */
	if (len != 4 || !isdigit((unsigned char)buf[0]) ||
	    !isdigit((unsigned char)buf[1]) || !isdigit((unsigned char)buf[2]) ||
	    !isdigit((unsigned char)buf[3]) || buf[0] == '0') {
		cell_fault(s, n->path, "cell %s: the period must be a year such "
		           "as 2025, not \"%.*s\"", name(n, row, cell),
		           clip(c->text, c->len, 60),
		           c->text);
		return;
	}
	put_string(s, buf, len);
}

/* Whether n's field is a star count read from a sheet: a history
 * entry's stars (上年星级, 2024年星级). */
static int is_stars(const struct sheetin_node *n)
{
	size_t len = strlen(n->path);

	return strncmp(n->path, "history.", 8) == 0 && len > 14 &&
	       strcmp(n->path + len - 6, ".stars") == 0;
}

/* A star count as a department types it (SB3's ratings): 4, 4星, 4星级,
 * 四星, 四星级, ★★★★ (or ★★★★☆, the empty stars of five), and 0 as 无星,
 * 无星级 or 不评定星级; [p, p+len) with its digits already ASCII.  The
 * count, or -1 for anything else. */
static int star_count(const char *p, size_t len)
{
	static const char *const numeral[] = { "无", "一", "二", "三", "四",
	                                       "五" };
	int k, filled = 0, empty = 0;

	if (len == strlen("不评定星级") && !memcmp(p, "不评定星级", len))
		return 0;
	if (len >= 3 && !memcmp(p, "★", 3)) {
		for (; len >= 3 && !memcmp(p, "★", 3) && !empty; p += 3, len -= 3)
			filled++;
		for (; len >= 3 && !memcmp(p, "☆", 3); p += 3, len -= 3)
			empty++;
		return len == 0 && filled + empty <= 5 ? filled : -1;
	}
	if (len >= 1 && *p >= '0' && *p <= '5') {
		k = *p - '0';
		p++;
		len--;
	} else {
		for (k = 0; k < 6; k++)
			if (len >= 3 && !memcmp(p, numeral[k], 3))
				break;
		if (k == 6)
			return -1;
		p += 3;
		len -= 3;
	}
	if ((len == 3 && !memcmp(p, "星", 3)) ||
	    (len == 6 && !memcmp(p, "星级", 6)))
		return k;
	return -1;
}

/* A cell formatted as a percentage: its number (0.728) written as the
 * percentage it shows ("72.8%"), so that the scheme knows it for one. */
static void put_percent(struct sheetin_json *s, const struct sheetin_cell *c)
{
	char buf[64];
	double v = strtod(c->text, NULL);
	int n;

	if (!isfinite(v)) {
		put_string(s, c->text, c->len);
		return;
	}
	n = snprintf(buf, sizeof buf, "%.15g%%", v * 100 == 0 ? 0 : v * 100);
	put_string(s, buf, (size_t)n);
}

/* An item that says the list is empty, as people write it in a cell:
 * 无, 没有, 否, none, a dash or a slash. */
static int says_none(const char *p, size_t len)
{
	static const char *const none[] = { "无", "没有", "否", "-", "--",
	                                    "—", "——", "/", "／", "none" };
	size_t i;

	for (i = 0; i < sizeof none / sizeof *none; i++)
		if (strlen(none[i]) == len && strncasecmp(p, none[i], len) == 0)
			return 1;
	return 0;
}

/* A list cell: each item, by its key or its label, as a string; an item
 * that says "none" is no item. */
static void put_list(struct sheetin_json *s, const struct sheetin_node *n,
                     const char *p)
{
	int first = 1;

	put(s, "[", 1);
	while (*p) {
		size_t len = 0, k;
		const char *item = p, *key;
		while (p[len] && !separator(p + len))
			len++;
		p += len;
		if ((k = separator(p)))
			p += k;
		sheetin_trim(&item, &len);
		if (!len || says_none(item, len))
			continue;
		if (!first)
			put(s, ",", 1);
		first = 0;
		key = NULL;
		if (strcmp(n->path, "vetoes") == 0) {
			char word[256];
			snprintf(word, sizeof word, "%.*s", (int)len, item);
			key = colmap_veto(s->map, word);
		}
		if (key)
			put_string(s, key, strlen(key));
		else
			put_string(s, item, len);
	}
	put(s, "]", 1);
}

void sheetin_put_cell(struct sheetin_json *s, const struct sheetin_node *n,
                      const struct sheetin_cell *c, long row)
{
	const char *p = c->text;
	size_t len = c->len;
	char cell[32], buf[256];
	int yes, wide = 0;

	if (bad_cell(s, n, c, row))
		return;
	if (n->type == COLMAP_LIST) {
		put_list(s, n, c->text);
		return;
	}
	if (n->type == COLMAP_STRING && strcmp(n->path, "period") == 0) {
		put_year(s, n, c, row);
		return;
	}
	if (n->type == COLMAP_STRING) {
		put_string(s, c->text, c->len);
		return;
	}
	if (c->kind == CELL_BOOL) {
		put(s, c->text[0] == '1' ? "true" : "false", c->text[0] == '1'
		    ? 4 : 5);
		return;
	}
	if (c->kind == CELL_PERCENT) {
		put_percent(s, c);
		return;
	}
	/* most cells: a number as JSON writes it, which has no blank to trim
	 * and no full-width character, so is written as it is below too */
	if (json_number(p, len)) {
		put(s, p, len);
		return;
	}
	sheetin_trim(&p, &len);
	if (len < sizeof buf) {
		size_t was = len;
		len = halfwidth(p, len, buf);
		wide = len != was;
		p = buf;
	}
	if (json_number(p, len))
		put(s, p, len);
	else if (is_stars(n) && (yes = star_count(p, len)) >= 0)
		put(s, "012345" + yes, 1);
	else if (is_stars(n) &&
	         snprintf(buf, sizeof buf, "history[%zu].stars", s->nhist) > 0)
		/* the entry's path as the record has it (its entries are
		 * written in order), so the message names its column */
		cell_fault(s, buf, "cell %s: a number of stars is written 0 "
		           "to 5, 4星, 四星级 or ★★★★ (0: 无星 or 不评定星级), not "
		           "\"%.*s\"", name(n, row, cell),
		           clip(c->text, c->len, 60), c->text);
	else if ((len == 4 && !strncasecmp(p, "true", 4)) ||
	         (len == 5 && !strncasecmp(p, "false", 5)))
		put(s, len == 4 ? "true" : "false", len);
	else if ((yes = says_yes(p, len)) >= 0)
		put(s, yes ? "true" : "false", yes ? 4 : 5);
	else if (wide) /* "３０％": the text with its digits made ASCII */
		put_string(s, buf, len);
	else
		put_string(s, c->text, c->len);
}
