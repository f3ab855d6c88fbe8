/*
 * sheetin_xlsx.c - an xlsx workbook, one row at a time (see
 * sheetin_impl.h), read with libzip and expat.
 *
 * The workbook's small parts are read first: xl/workbook.xml for the
 * sheets' names, its relationships for where each sheet's XML is, and
 * xl/sharedStrings.xml, whose strings are held for the whole read (one
 * buffer of their text and one offset each: about the part's text size).
 * The sheet's XML is then inflated a chunk at a time and fed to expat,
 * which stops at the end of each row and resumes at the next call, so
 * only one row is held however large the sheet.  A workbook on standard
 * input is read into memory (a zip archive is read from its end); a file
 * is read through its descriptor.
 */
#include "sheetin_impl.h"

#include <errno.h>
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#define MAX_COLS 16384 /* XFD, the last column of a worksheet */

enum where { IN_NONE, IN_V, IN_T };

struct xlsx {
	zip_t *z;
	zip_file_t *f;
	XML_Parser p;
	const char *name;
	size_t limit;
	int fd;
	/* shared strings */
	char *ss;
	size_t ss_len, ss_cap;
	size_t *ss_off;
	size_t nss, ss_ocap;
	/* parsing */
	char chunk[65536];
	int suspended, final, done, bad;
	char why[256];
	int depth_rph;      /* inside a phonetic run (not text) */
	int in_is, in_si;
	enum where where;
	char *text;         /* the current cell's or string's text */
	size_t tlen, tcap;
	/* the row */
	long rownum, col;
	char ctype[12];
	char *row;          /* the row's cell texts, NUL-terminated */
	size_t rlen, rcap;
	struct cell_at { long col; size_t off, len; int kind; } *at;
	size_t nat, atcap;
	struct sheetin_cell *cells;
	size_t ccap;
	struct sheetin_row out;
	int ready, over;
	/* the workbook: the sheet asked for */
	const char *want;
	char *sheet_rid, *sheet_target, *names;
	size_t names_cap;
	int nsheets;
};

static const char *local(const char *n)
{
	const char *c = strrchr(n, ':');
	return c ? c + 1 : n;
}

static const char *attr(const char **a, const char *name)
{
	for (; a && a[0]; a += 2)
		if (strcmp(a[0], name) == 0 ||
		    (strchr(a[0], ':') && strcmp(local(a[0]), name) == 0 &&
		     strcmp(name, "r") != 0))
			return a[1];
	return NULL;
}

static int grow(char **b, size_t *cap, size_t need)
{
	char *n;

	if (need <= *cap)
		return 0;
	if (!(n = realloc(*b, need * 2)))
		return -1;
	*b = n;
	*cap = need * 2;
	return 0;
}

static void fail(struct xlsx *x, const char *why)
{
	if (!x->bad)
		snprintf(x->why, sizeof x->why, "%s", why);
	x->bad = 1;
	XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL on_text(void *arg, const XML_Char *s, int n)
{
	struct xlsx *x = arg;

	if (x->where == IN_NONE || x->depth_rph || x->bad)
		return;
	if (x->tlen + (size_t)n > x->limit + 4) {
		x->over = 1;
		return;
	}
	if (grow(&x->text, &x->tcap, x->tlen + (size_t)n + 1) < 0) {
		fail(x, "out of memory");
		return;
	}
	memcpy(x->text + x->tlen, s, (size_t)n);
	x->tlen += (size_t)n;
	x->text[x->tlen] = '\0';
}

/* --- the workbook and its relationships --- */

static void XMLCALL wb_start(void *arg, const XML_Char *el,
                             const XML_Char **a)
{
	struct xlsx *x = arg;
	const char *n = local(el), *name, *id;

	if (strcmp(n, "sheet") == 0 && (name = attr(a, "name")) &&
	    (id = attr(a, "id"))) {
		size_t len = strlen(name), cur = x->nsheets ? strlen(x->names)
		                                            : 0;
		if (grow(&x->names, &x->names_cap, cur + len + 4) < 0) {
			fail(x, "out of memory");
			return;
		}
		if (x->nsheets++)
			strcat(x->names, ", ");
		else
			x->names[0] = '\0';
		strcat(x->names, name);
		if (!x->sheet_rid && (!x->want || strcmp(x->want, name) == 0) &&
		    !(x->sheet_rid = strdup(id)))
			fail(x, "out of memory");
	}
	if (strcmp(n, "Relationship") == 0 && x->sheet_rid &&
	    (id = attr(a, "Id")) && strcmp(id, x->sheet_rid) == 0 &&
	    (name = attr(a, "Target"))) {
		size_t len = strlen(name) + 8;
		free(x->sheet_target);
		if (!(x->sheet_target = malloc(len))) {
			fail(x, "out of memory");
			return;
		}
		if (name[0] == '/')
			snprintf(x->sheet_target, len, "%s", name + 1);
		else
			snprintf(x->sheet_target, len, "xl/%s", name);
	}
}

/* --- shared strings --- */

static void XMLCALL ss_start(void *arg, const XML_Char *el,
                             const XML_Char **a)
{
	struct xlsx *x = arg;
	const char *n = local(el);

	(void)a;
	if (strcmp(n, "si") == 0) {
		x->in_si = 1;
		x->tlen = 0;
		if (x->text)
			x->text[0] = '\0';
	} else if (strcmp(n, "rPh") == 0) {
		x->depth_rph++;
	} else if (strcmp(n, "t") == 0 && x->in_si) {
		x->where = IN_T;
	}
}

static void XMLCALL ss_end(void *arg, const XML_Char *el)
{
	struct xlsx *x = arg;
	const char *n = local(el);

	if (strcmp(n, "rPh") == 0 && x->depth_rph) {
		x->depth_rph--;
	} else if (strcmp(n, "t") == 0) {
		x->where = IN_NONE;
	} else if (strcmp(n, "si") == 0 && x->in_si) {
		x->in_si = 0;
		if (x->nss == x->ss_ocap) {
			size_t cap = x->ss_ocap * 2 + 64;
			size_t *o = realloc(x->ss_off, cap * sizeof *o);
			if (!o) {
				fail(x, "out of memory");
				return;
			}
			x->ss_off = o;
			x->ss_ocap = cap;
		}
		if (grow(&x->ss, &x->ss_cap, x->ss_len + x->tlen + 1) < 0) {
			fail(x, "out of memory");
			return;
		}
		x->ss_off[x->nss++] = x->ss_len;
		memcpy(x->ss + x->ss_len, x->text ? x->text : "", x->tlen);
		x->ss_len += x->tlen;
		x->ss[x->ss_len++] = '\0';
	}
}

/* --- the sheet --- */

static void XMLCALL sh_start(void *arg, const XML_Char *el,
                             const XML_Char **a)
{
	struct xlsx *x = arg;
	const char *n = local(el), *v;

	if (strcmp(n, "row") == 0) {
		v = attr(a, "r");
		x->rownum = v ? strtol(v, NULL, 10) : x->rownum + 1;
		if (x->rownum < 1) {
			fail(x, "a row number below 1");
			return;
		}
		x->rlen = x->nat = 0;
		x->col = -1;
		x->over = 0;
	} else if (strcmp(n, "c") == 0) {
		long col = 0;
		v = attr(a, "r");
		if (v && *v >= 'A' && *v <= 'Z') {
			for (; *v >= 'A' && *v <= 'Z' && col <= MAX_COLS; v++)
				col = col * 26 + (*v - 'A' + 1);
			col--;
		} else {
			col = x->col + 1;
		}
		if (col < 0 || col >= MAX_COLS) {
			fail(x, "a cell beyond column XFD");
			return;
		}
		x->col = col;
		v = attr(a, "t");
		snprintf(x->ctype, sizeof x->ctype, "%s", v ? v : "n");
		x->tlen = 0;
		if (x->text)
			x->text[0] = '\0';
	} else if (strcmp(n, "v") == 0) {
		x->where = IN_V;
	} else if (strcmp(n, "is") == 0) {
		x->in_is = 1;
	} else if (strcmp(n, "rPh") == 0) {
		x->depth_rph++;
	} else if (strcmp(n, "t") == 0 && x->in_is) {
		x->where = IN_T;
	}
}

/* The current cell into the row. */
static void end_cell(struct xlsx *x)
{
	const char *t = x->text ? x->text : "";
	size_t len = x->tlen;
	int kind = CELL_TEXT;

	if (strcmp(x->ctype, "s") == 0) {
		char *end;
		unsigned long i = strtoul(t, &end, 10);
		if (end == t || *end || i >= x->nss)
			{
			fail(x, "a cell refers to a shared string the "
			            "workbook does not have");
			return;
		}
		t = x->ss + x->ss_off[i];
		len = strlen(t);
	} else if (strcmp(x->ctype, "b") == 0) {
		kind = CELL_BOOL;
	} else if (strcmp(x->ctype, "n") == 0) {
		kind = CELL_NUMBER;
	}
	if (!len)
		return;
	if (x->rlen + len > x->limit) {
		x->over = 1;
		return;
	}
	if (x->nat == x->atcap) {
		size_t cap = x->atcap * 2 + 16;
		struct cell_at *v = realloc(x->at, cap * sizeof *v);
		if (!v) {
			fail(x, "out of memory");
			return;
		}
		x->at = v;
		x->atcap = cap;
	}
	if (grow(&x->row, &x->rcap, x->rlen + len + 1) < 0) {
		fail(x, "out of memory");
		return;
	}
	x->at[x->nat].col = x->col;
	x->at[x->nat].off = x->rlen;
	x->at[x->nat].len = len;
	x->at[x->nat].kind = kind;
	x->nat++;
	memcpy(x->row + x->rlen, t, len);
	x->rlen += len;
	x->row[x->rlen++] = '\0';
}

static void XMLCALL sh_end(void *arg, const XML_Char *el)
{
	struct xlsx *x = arg;
	const char *n = local(el);

	if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
		x->where = IN_NONE;
	} else if (strcmp(n, "is") == 0) {
		x->in_is = 0;
	} else if (strcmp(n, "rPh") == 0 && x->depth_rph) {
		x->depth_rph--;
	} else if (strcmp(n, "c") == 0) {
		end_cell(x);
	} else if (strcmp(n, "row") == 0 && !x->bad) {
		x->ready = 1;
		XML_StopParser(x->p, XML_TRUE);
	}
}

/* Parse a whole part of the workbook with the handlers given.  0, -1
 * (err; a missing part is not an error when optional: 1). */
static int parse_part(struct xlsx *x, const char *part, int optional,
                      XML_StartElementHandler start,
                      XML_EndElementHandler end, char *err, size_t errlen)
{
	zip_file_t *f = zip_fopen(x->z, part, 0);
	zip_int64_t n;
	int rc = -1;

	if (!f) {
		if (optional)
			return 1;
		snprintf(err, errlen, "%s: not an xlsx workbook: it has no %s",
		         x->name, part);
		return -1;
	}
	if (!(x->p = XML_ParserCreate("UTF-8"))) {
		zip_fclose(f);
		return -2;
	}
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, on_text);
	do {
		n = zip_fread(f, x->chunk, sizeof x->chunk);
		if (n < 0) {
			snprintf(err, errlen, "%s: %s in the workbook cannot be "
			         "read: %s", x->name, part,
			         zip_error_strerror(zip_file_get_error(f)));
			goto out;
		}
		if (XML_Parse(x->p, x->chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
			snprintf(err, errlen, "%s: %s in the workbook: %s", x->name,
			         part, x->bad ? x->why
			         : XML_ErrorString(XML_GetErrorCode(x->p)));
			goto out;
		}
	} while (n > 0);
	rc = 0;
out:
	XML_ParserFree(x->p);
	x->p = NULL;
	zip_fclose(f);
	return rc;
}

static int xlsx_next(void *arg, struct sheetin_row **row, char *err,
                     size_t errlen)
{
	struct xlsx *x = arg;
	enum XML_Status st;
	size_t i;

	x->ready = 0;
	while (!x->done) {
		if (x->suspended) {
			st = XML_ResumeParser(x->p);
		} else {
			zip_int64_t n = zip_fread(x->f, x->chunk, sizeof x->chunk);
			if (n < 0) {
				snprintf(err, errlen, "%s: the sheet cannot be read: %s",
				         x->name, zip_error_strerror(
				                      zip_file_get_error(x->f)));
				return -1;
			}
			x->final = n == 0;
			st = XML_Parse(x->p, x->chunk, (int)n, x->final);
		}
		if (st == XML_STATUS_ERROR) {
			snprintf(err, errlen, "%s:%ld: the sheet's XML: %s", x->name,
			         x->rownum, x->bad ? x->why
			         : XML_ErrorString(XML_GetErrorCode(x->p)));
			return strcmp(x->why, "out of memory") ? -1 : -2;
		}
		x->suspended = st == XML_STATUS_SUSPENDED;
		if (!x->suspended && x->final)
			x->done = 1;
		if (x->ready)
			break;
	}
	if (!x->ready)
		return 0;
	x->out.ncells = 0;
	for (i = 0; i < x->nat; i++)
		if ((size_t)x->at[i].col + 1 > x->out.ncells)
			x->out.ncells = (size_t)x->at[i].col + 1;
	if (x->out.ncells > x->ccap) {
		struct sheetin_cell *c = realloc(x->cells,
		                                 x->out.ncells * sizeof *c);
		if (!c)
			return -2;
		x->cells = c;
		x->ccap = x->out.ncells;
	}
	memset(x->cells, 0, x->out.ncells * sizeof *x->cells);
	for (i = 0; i < x->nat; i++) {
		struct sheetin_cell *c = &x->cells[x->at[i].col];
		c->kind = (enum sheetin_cell_kind)x->at[i].kind;
		c->text = x->row + x->at[i].off;
		c->len = x->at[i].len;
	}
	x->out.number = x->rownum;
	x->out.cells = x->cells;
	x->out.over = x->over;
	*row = &x->out;
	return 1;
}

static void xlsx_close(void *arg)
{
	struct xlsx *x = arg;

	if (!x)
		return;
	if (x->p)
		XML_ParserFree(x->p);
	if (x->f)
		zip_fclose(x->f);
	if (x->z)
		zip_discard(x->z);
	if (x->fd >= 0)
		close(x->fd);
	free(x->ss);
	free(x->ss_off);
	free(x->text);
	free(x->row);
	free(x->at);
	free(x->cells);
	free(x->sheet_rid);
	free(x->sheet_target);
	free(x->names);
	free(x);
}

/* Hash the whole file into sha and open it as a zip archive: through a
 * descriptor for a regular file, from memory otherwise.  0, -1, -2. */
static int open_zip(struct xlsx *x, FILE *fp, struct sha256 *sha,
                    char *err, size_t errlen)
{
	struct stat st;
	zip_error_t ze;
	zip_source_t *src;
	char *mem = NULL;
	size_t len = 0, cap = 0, n;
	int regular = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);

	for (;;) {
		if (!regular && grow(&mem, &cap, len + sizeof x->chunk) < 0) {
			free(mem);
			return -2;
		}
		n = fread(regular ? x->chunk : mem + len, 1, sizeof x->chunk, fp);
		if (n == 0)
			break;
		sha256_update(sha, regular ? x->chunk : mem + len, n);
		len += n;
	}
	if (ferror(fp)) {
		free(mem);
		snprintf(err, errlen, "%s: read error: %s", x->name,
		         strerror(errno ? errno : EIO));
		return -1;
	}
	zip_error_init(&ze);
	if (regular) {
		int e = 0;
		if ((x->fd = dup(fileno(fp))) < 0 || lseek(x->fd, 0, SEEK_SET) < 0)
			goto bad;
		x->z = zip_fdopen(x->fd, ZIP_RDONLY, &e);
		if (x->z)
			x->fd = -1; /* libzip's now */
		zip_error_init_with_code(&ze, e);
	} else if ((src = zip_source_buffer_create(mem, len, 1, &ze))) {
		mem = NULL;
		if (!(x->z = zip_open_from_source(src, ZIP_RDONLY, &ze)))
			zip_source_free(src);
	}
	free(mem);
	if (x->z) {
		zip_error_fini(&ze);
		return 0;
	}
bad:
	snprintf(err, errlen, "%s: not an xlsx workbook (%s)", x->name,
	         zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return -1;
}

int sheetin_xlsx_open(struct sheetin_src *src, FILE *fp, const char *name,
                      const char *sheet, struct sha256 *sha, size_t limit,
                      char *err, size_t errlen)
{
	struct xlsx *x = calloc(1, sizeof *x);
	int rc;

	if (!x)
		return -2;
	x->fd = -1;
	x->name = name;
	x->limit = limit;
	x->want = sheet;
	src->next = xlsx_next;
	src->close = xlsx_close;
	src->r = x;
	if ((rc = open_zip(x, fp, sha, err, errlen)) < 0 ||
	    (rc = parse_part(x, "xl/workbook.xml", 0, wb_start, NULL, err,
	                     errlen)) < 0)
		return rc;
	if (!x->sheet_rid) {
		if (sheet)
			snprintf(err, errlen, "%s: no sheet named \"%s\" (--sheet); "
			         "its sheets: %s", name, sheet,
			         x->nsheets ? x->names : "none");
		else
			snprintf(err, errlen, "%s: the workbook has no sheet", name);
		return -1;
	}
	if ((rc = parse_part(x, "xl/_rels/workbook.xml.rels", 0, wb_start,
	                     NULL, err, errlen)) < 0)
		return rc;
	if (!x->sheet_target) {
		snprintf(err, errlen, "%s: not an xlsx workbook: its sheet has no "
		         "part", name);
		return -1;
	}
	if ((rc = parse_part(x, "xl/sharedStrings.xml", 1, ss_start, ss_end,
	                     err, errlen)) < 0)
		return rc;
	if (!(x->f = zip_fopen(x->z, x->sheet_target, 0))) {
		snprintf(err, errlen, "%s: not an xlsx workbook: it has no %s",
		         name, x->sheet_target);
		return -1;
	}
	if (!(x->p = XML_ParserCreate("UTF-8")))
		return -2;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, sh_start, sh_end);
	XML_SetCharacterDataHandler(x->p, on_text);
	x->where = IN_NONE;
	return 0;
}
