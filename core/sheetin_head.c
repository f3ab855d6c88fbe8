/*
 * sheetin_head.c - a spreadsheet's header read into the plan of its
 * records (see sheetin_impl.h): the title rows above it skipped, a header
 * of two rows (a merged upper row naming a period or a group over the
 * items) joined into one, each column's field found by colmap, the
 * columns that hold no field set aside and listed, and every header that
 * cannot be read reported at once, each with its fix first, before the
 * run stops.  A header close to a known one stops the run whatever
 * [input] extra_fields says: read as unknown it would be skipped, and the
 * item it meant counted absent.
 */
#include "diag.h"
#include "lang.h"
#include "record.h"
#include "sheetin_impl.h"
#include "validate.h"

#include <stdlib.h>
#include <string.h>

/* The most rows skipped above the header as titles or blank. */
enum { TITLE_ROWS = 10 };

/* A header row, copied: the next row is read before it is used. */
struct head {
	long number;  /* the row, as the spreadsheet shows it */
	long number2; /* the second row of a two-row header, or 0 */
	size_t n;
	char **cell;  /* trimmed text, or NULL for an empty cell */
};

static void head_free(struct head *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->cell[i]);
	free(h->cell);
	h->cell = NULL;
	h->n = 0;
}

const char *sheetin_letters(size_t i, char *buf)
{
	char rev[8];
	size_t n = 0, k;

	i++;
	while (i && n < sizeof rev) {
		rev[n++] = (char)('A' + (i - 1) % 26);
		i = (i - 1) / 26;
	}
	for (k = 0; k < n; k++)
		buf[k] = rev[n - 1 - k];
	buf[n] = '\0';
	return buf;
}

/* What the header row is, for a message: its number and first cells
 * (and the sheet of a workbook) into buf. */
static void where(const struct sheetin *s, const struct head *h, char *buf,
                  size_t len)
{
	size_t i, used, shown = 0;

	if (h->number2)
		used = (size_t)snprintf(buf, len, _("header rows %ld-%ld ("),
		                        h->number, h->number2);
	else
		used = (size_t)snprintf(buf, len, _("header row %ld ("), h->number);
	for (i = 0; i < h->n && shown < 6 && used < len; i++)
		if (h->cell[i])
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
			                         shown++ ? ", " : "", h->cell[i]);
	if (used < len)
		used += (size_t)snprintf(buf + used, len - used, "%s)",
		                         shown == 6 ? ", ..." : "");
	if (s->sheet && used < len)
		snprintf(buf + used, len - used, _(" of sheet \"%s\""), s->sheet);
}

/* How many cells of r hold more than blanks; the first, trimmed, into
 * buf. */
static int title_text(const struct sheetin_row *r, char *buf, size_t len)
{
	const char *h;
	size_t i, n;
	int filled = 0;

	buf[0] = '\0';
	for (i = 0; i < r->ncells; i++) {
		h = r->cells[i].text;
		n = r->cells[i].len;
		if (r->cells[i].kind == CELL_EMPTY)
			continue;
		sheetin_trim(&h, &n);
		if (n && filled++ == 0)
			snprintf(buf, len, "%.*s", (int)n, h);
	}
	return filled;
}

/* Whether every filled cell of r says "label: value", as the line naming
 * who filled the sheet in (填报单位：组织部, 填报日期：2026年1月). */
static int says_who(const struct sheetin_row *r)
{
	size_t i;

	for (i = 0; i < r->ncells; i++) {
		const char *t = r->cells[i].text, *c;
		size_t len = r->cells[i].len;
		if (r->cells[i].kind == CELL_EMPTY)
			continue;
		sheetin_trim(&t, &len);
		if (!len)
			continue;
		if (r->cells[i].kind != CELL_TEXT ||
		    (!(c = strstr(t, "：")) && !(c = strchr(t, ':'))) || c == t ||
		    c[*c == ':' ? 1 : 3] == '\0')
			return 0;
	}
	return 1;
}

/* A row above the header: empty, one cell of UTF-8 text that names no
 * field, as the title a committee puts over its table (often merged
 * across), or a line of "label: value" cells.  Anything else is taken
 * for the header. */
static int is_title_row(const struct sheetin *s, const struct sheetin_row *r)
{
	char header[512], path[512];
	enum colmap_type type;
	int n = title_text(r, header, sizeof header);

	if (n == 0)
		return 1; /* empty */
	if (says_who(r))
		return 1;
	if (n > 1 || utf8_invalid_at(header, strlen(header)) >= 0)
		return 0;
	return colmap_resolve(s->w.map, header, path, sizeof path, &type) < 0;
}

/* Row r's cells copied into h (trimmed; not UTF-8: the reason in err).
 * 0, -1, -2. */
static int head_copy(const struct sheetin *s, const struct sheetin_row *r,
                     const char *encoding, struct head *h, char *err,
                     size_t errlen)
{
	size_t i;

	h->number = r->number;
	if (!(h->cell = calloc(r->ncells + 1, sizeof *h->cell)))
		return -2;
	h->n = r->ncells;
	for (i = 0; i < r->ncells; i++) {
		const struct sheetin_cell *c = &r->cells[i];
		const char *t = c->text;
		size_t len = c->len;

		if (c->kind == CELL_EMPTY)
			continue;
		if (utf8_invalid_at(c->text, c->len) >= 0) {
			if (!encoding && text_is_gb18030(c->text, c->len))
				snprintf(err, errlen, _("%s: the input is not UTF-8: it "
				         "reads as GB18030 (GBK), as Chinese Windows "
				         "saves text: give --encoding gb18030, or save "
				         "it as UTF-8"), s->name);
			else
				snprintf(err, errlen, _("%s:%ld: the header of column %zu "
				         "is not UTF-8 text"), s->name, r->number, i + 1);
			return -1;
		}
		sheetin_trim(&t, &len);
		if (len && !(h->cell[i] = strndup(t, len)))
			return -2;
	}
	return 0;
}

/* Whether header is known: a field, or a column that holds none. */
static int known(const struct sheetin *s, const char *header)
{
	char path[512];
	enum colmap_type type;

	return colmap_resolve(s->w.map, header, path, sizeof path, &type) >= 0;
}

/* Whether row r, under the header h, is its second row: no number in
 * it, and at least half of its cells known alone or under the group
 * above them. */
static int is_lower_row(const struct sheetin *s, const struct head *h,
                        const struct sheetin_row *r)
{
	size_t i, filled = 0, hits = 0;
	const char *group = NULL;
	char joined[1100];

	for (i = 0; i < r->ncells; i++) {
		const char *t = r->cells[i].text;
		size_t len = r->cells[i].len;
		if (i < h->n && h->cell[i])
			group = h->cell[i];
		if (r->cells[i].kind == CELL_EMPTY)
			continue;
		sheetin_trim(&t, &len);
		if (!len)
			continue;
		if (r->cells[i].kind != CELL_TEXT || strspn(t, "0123456789.-") == len)
			return 0;
		filled++;
		snprintf(joined, sizeof joined, "%.*s", (int)len, t);
		if (known(s, joined)) {
			hits++;
			continue;
		}
		snprintf(joined, sizeof joined, "%s-%.*s", group ? group : "",
		         (int)len, t);
		hits += group && known(s, joined);
	}
	return filled && 2 * hits >= filled;
}

/* The two rows of a header as one: a cell of the upper row over an empty
 * lower one heads its column alone (a cell merged down); one over a
 * filled lower cell is a group (merged across) heading that column and
 * the next ones whose upper cell is empty: the group joined to the
 * lower cell when that is known ("日常考核" over "班子建设"), else the
 * lower cell alone when that is and the group is near no known name (a
 * title such as 考核得分 over the items), else the two joined, reported
 * as unknown. */
static int head_join(const struct sheetin *s, struct head *h,
                     const struct sheetin_row *r)
{
	size_t i, n = r->ncells > h->n ? r->ncells : h->n;
	char **cell = calloc(n + 1, sizeof *cell);
	const char *group = NULL;

	if (!cell)
		return -2;
	for (i = 0; i < n; i++) {
		const char *up = i < h->n ? h->cell[i] : NULL, *t = NULL;
		size_t len = 0;
		char *j;

		if (i < r->ncells && r->cells[i].kind != CELL_EMPTY) {
			t = r->cells[i].text;
			len = r->cells[i].len;
			sheetin_trim(&t, &len);
		}
		if (up)
			group = len ? up : NULL;
		if (!len) {
			cell[i] = up ? strdup(up) : NULL;
			if (up && !cell[i])
				goto nomem;
			continue;
		}
		if (!(j = malloc((group ? strlen(group) : 0) + len + 2)))
			goto nomem;
		sprintf(j, "%s%s%.*s", group ? group : "", group ? "-" : "",
		        (int)len, t);
		if (group && !known(s, j)) {
			char *alone = strndup(t, len);
			if (!alone) {
				free(j);
				goto nomem;
			}
			/* a group near a known name (年终考评 for 年终考核) is
			 * reported, never dropped */
			char near[8];
			if (known(s, alone) && !colmap_near(s->w.map, group, near,
			                                    sizeof near)) {
				free(j);
				j = alone;
			} else {
				free(alone);
			}
		}
		cell[i] = j;
	}
	head_free(h);
	h->cell = cell;
	h->n = n;
	h->number2 = r->number;
	return 0;
nomem:
	for (i = 0; i < n; i++)
		free(cell[i]);
	free(cell);
	return -2;
}

/* Header cell i, not known: a near miss or an unknown header reported
 * (1), or let through by [input] extra_fields (0); -2 out of memory. */
static int unknown(struct sheetin *s, const struct head *h, size_t i)
{
	const char *header = h->cell[i];
	char near[1100], letter[8];

	if (colmap_near(s->w.map, header, near, sizeof near)) {
		diag("%s:%ld: column %s \"%s\": write \"%s\", the known header "
		     "nearest to it (a header this near a known one is never "
		     "skipped, whatever [input] extra_fields says)", s->name,
		     h->number2 ? h->number2 : h->number, sheetin_letters(i, letter),
		     header, near);
		return 1;
	}
	if (s->o->extra_fields == RECORD_EXTRA_REJECT) {
		diag("%s:%ld: column %s \"%s\": no field has this header: leave "
		     "the column unread with --set input.skip_columns=%s (or "
		     "\"skip_columns = %s\" under [input] in the INI), or say its "
		     "field with --set 'input.columns=%s=PATH'", s->name,
		     h->number2 ? h->number2 : h->number, sheetin_letters(i, letter),
		     header, header, header, header);
		return 1;
	}
	if (s->o->extra_fields == RECORD_EXTRA_WARN)
		diag("%s:%ld: column %s \"%s\": no field has this header; not "
		     "read ([input] extra_fields = warn)", s->name,
		     h->number2 ? h->number2 : h->number, sheetin_letters(i, letter),
		     header);
	return sheetin_skipped(s, i, header, "unknown") < 0 ? -2 : 0;
}

/* Whether header is one a pivot table writes (行标签, 求和项:自身建设). */
static int pivot_header(const char *header)
{
	static const char *const whole[] = { "行标签", "列标签", "Row Labels",
	                                     "Column Labels" };
	static const char *const start[] = { "求和项:", "求和项：", "计数项:",
	                                     "计数项：", "平均值项:", "平均值项：",
	                                     "Sum of ", "Count of " };
	size_t i;

	for (i = 0; i < sizeof whole / sizeof *whole; i++)
		if (strcmp(header, whole[i]) == 0)
			return 1;
	for (i = 0; i < sizeof start / sizeof *start; i++)
		if (strncmp(header, start[i], strlen(start[i])) == 0)
			return 1;
	return 0;
}

/* After the plan: the history entry of the year before the assessment's,
 * which takes its year from each row's period. */
static int find_prev(struct sheetin *s, const struct head *h, char *err,
                     size_t errlen)
{
	struct sheetin_node *hist = NULL, *prev = NULL;
	char row[512], letter[8];
	size_t i;

	s->period_col = -1;
	for (i = 0; i < s->root->nkids; i++) {
		if (strcmp(s->root->kids[i].key, "history") == 0)
			hist = &s->root->kids[i];
		if (strcmp(s->root->kids[i].key, "period") == 0)
			s->period_col = s->root->kids[i].col;
	}
	for (i = 0; hist && i < hist->nkids; i++)
		if (strcmp(hist->kids[i].key, COLMAP_PREV) == 0)
			prev = &hist->kids[i];
	s->w.prev = prev;
	if (prev) { /* its key is each row's year less one */
		free(prev->jkey);
		prev->jkey = NULL;
	}
	if (!prev || s->period_col >= 0)
		return 0;
	where(s, h, row, sizeof row);
	snprintf(err, errlen, _("%s: column %s \"%s\" gives the stars of the "
	         "year before the assessment year, which no column gives: add "
	         "the column 考核年度 (period), or head the column with the "
	         "year, as 2024年星级; %s"), s->name,
	         sheetin_letters((size_t)(prev->nkids ? prev->kids[0].col : 0),
	                 letter),
	         prev->nkids ? prev->kids[0].header : "", row);
	return -1;
}

/* The header h into the plan; every header that cannot be read is
 * reported before -1.  0, -1 (err), -2. */
static int map_head(struct sheetin *s, const struct head *h, char *err,
                    size_t errlen)
{
	char path[512], row[512];
	enum colmap_type type;
	size_t i;
	int rc, any = 0, bad = 0;

	where(s, h, row, sizeof row);
	for (i = 0; i < h->n && !h->cell[i]; i++)
		;
	if (s->sheets && i < h->n && i + 1 == h->n &&
	    colmap_resolve(s->w.map, h->cell[i], path, sizeof path, &type) < 0) {
		/* one cell of text naming no field: an instructions sheet, or
		 * the wrong one */
		snprintf(err, errlen, _("%s: no table of records: the %s names "
		         "no field: read the sheet that holds them with --sheet NAME; "
		         "the workbook's sheets: %s"), s->name, row, s->sheets);
		return -1;
	}
	for (i = 0; i < h->n; i++)
		if (h->cell[i] && pivot_header(h->cell[i])) {
			snprintf(err, errlen, _("%s: the %s is a pivot table's (column "
			         "%s \"%s\"), which sums records up: read the sheet of "
			         "the records themselves%s%s%s"), s->name, row,
			         sheetin_letters(i, path), h->cell[i], s->sheets
			         ? _(" with --sheet NAME (the workbook's sheets: ") : "",
			         s->sheets ? s->sheets : "", s->sheets ? ")" : "");
			return -1;
		}
	for (i = 0; i < h->n; i++) {
		if (!h->cell[i]) /* a merged header cell, or no header */
			continue;
		s->w.width = i + 1;
		rc = colmap_resolve(s->w.map, h->cell[i], path, sizeof path, &type);
		if (rc == 1 && sheetin_skipped(s, i, h->cell[i], "skip") < 0)
			return -2;
		if (rc == 1)
			continue;
		if (rc < 0) {
			if ((rc = unknown(s, h, i)) < 0)
				return rc;
			bad += rc;
			continue;
		}
		if ((rc = sheetin_plan_add(s, row, (long)i, h->cell[i], path, type, err,
		                   errlen)) < 0)
			return rc;
		any = 1;
	}
	if (bad) {
		char *names = colmap_known(s->w.map);
		if (names)
			diag("%s: the headers known: %s", s->name, names);
		free(names);
		snprintf(err, errlen, _("%s: %d column(s) of the %s cannot be "
		         "read, each named above: nothing read%s%s%s%s"), s->name,
		         bad, row, h->number2 ? _(" (read as one header of two rows: "
		         "the upper one naming periods or groups)") : "",
		         s->sheets ? _(" (or read another sheet with --sheet NAME; "
		         "the workbook's sheets: ") : "", s->sheets ? s->sheets : "",
		         s->sheets ? ")" : "");
		return -1;
	}
	if (!any) {
		snprintf(err, errlen, _("%s: the %s names no field%s%s%s"),
		         s->name, row, s->sheets ? _(" (read another sheet with "
		         "--sheet NAME; the workbook's sheets: ") : "",
		         s->sheets ? s->sheets : "", s->sheets ? ")" : "");
		return -1;
	}
	return find_prev(s, h, err, errlen);
}

/* A merged range below the header (rows of records): its first cell
 * alone holds the value, so the rows under it would read empty.  0, or
 * -1 naming it. */
static int merged_rows(const struct sheetin *s, const struct head *h,
                       char *err, size_t errlen)
{
	const char *p = s->merged;
	long last = h->number2 ? h->number2 : h->number;

	while (p && *p) {
		size_t n = strcspn(p, " ");
		const char *d = p + strcspn(p, "0123456789");
		if (d < p + n && strtol(d, NULL, 10) > last) {
			snprintf(err, errlen, _("%s: the cells %.*s of sheet \"%s\" "
			         "are merged, below the header: a merged cell keeps its "
			         "value in its first cell only, and the rows under it "
			         "would read it empty: unmerge them and fill each "
			         "cell"), s->name, (int)n, p, s->sheet);
			return -1;
		}
		p += n + (p[n] == ' ');
	}
	return 0;
}

int sheetin_read_header(struct sheetin *s, const char *encoding, char *err,
                        size_t errlen)
{
	struct sheetin_row *r;
	struct head h = { 0 };
	char title[512] = "";
	long title_row = 0;
	int got, rc, skipped_rows = 0;

	for (;;) {
		got = s->src.next(s->src.r, &r, err, errlen);
		if (got < 0)
			return got;
		if (got == 0 && !title_row) {
			snprintf(err, errlen, _("%s: empty: expected a header row "
			         "naming the fields%s%s%s"), s->name, s->sheets
			         ? _(" (read another sheet with --sheet NAME; the "
			         "workbook's sheets: ") : "", s->sheets ? s->sheets : "",
			         s->sheets ? ")" : "");
			return -1;
		}
		if (got == 0 || !is_title_row(s, r))
			break;
		if (!title_row && title_text(r, title, sizeof title))
			title_row = r->number;
		if (++skipped_rows == TITLE_ROWS)
			break;
	}
	if (got == 0 || skipped_rows == TITLE_ROWS) {
		/* no row under the titles named fields: the first was the
		 * header, of a column no field has */
		if (!(h.cell = calloc(1, sizeof *h.cell)) ||
		    !(h.cell[0] = strdup(title))) {
			free(h.cell);
			return -2;
		}
		h.n = 1;
		h.number = title_row;
		rc = map_head(s, &h, err, errlen);
		head_free(&h);
		return rc < 0 ? rc : -1;
	}
	if ((rc = head_copy(s, r, encoding, &h, err, errlen)) < 0)
		goto out;
	/* the row after: a second header row, or the first record */
	if ((got = s->src.next(s->src.r, &r, err, errlen)) < 0) {
		rc = got;
		goto out;
	}
	if (got && is_lower_row(s, &h, r)) {
		if ((rc = head_join(s, &h, r)) < 0)
			goto out;
	} else if (got) {
		s->pending = r;
	}
	if ((rc = map_head(s, &h, err, errlen)) == 0)
		rc = merged_rows(s, &h, err, errlen);
out:
	head_free(&h);
	return rc;
}
