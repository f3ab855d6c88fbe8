/*
 * sheetin_book.c - the parts of an xlsx workbook read before its sheet
 * (see sheetin_xlsx.h): the archive itself (libzip), xl/workbook.xml for
 * the sheets' names, its relationships for where the sheet's XML is, and
 * xl/sharedStrings.xml, whose strings are held for the whole read in one
 * buffer of their text plus one offset each.  Each part is parsed by
 * expat a chunk at a time.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "diag.h"
#include "lang.h"
#include "sheetin_xlsx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

const char *xlsx_local(const char *n)
{
	const char *c = strrchr(n, ':');
	return c ? c + 1 : n;
}

const char *xlsx_attr(const char **a, const char *name)
{
	for (; a && a[0]; a += 2)
		if (strcmp(a[0], name) == 0 ||
		    (strchr(a[0], ':') && strcmp(xlsx_local(a[0]), name) == 0 &&
		     strcmp(name, "r") != 0))
			return a[1];
	return NULL;
}

int xlsx_grow(char **b, size_t *cap, size_t need)
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

void xlsx_fail(struct xlsx *x, const char *why)
{
	if (!x->bad)
		snprintf(x->why, sizeof x->why, "%s", why);
	x->bad = 1;
	XML_StopParser(x->p, XML_FALSE);
}

void XMLCALL xlsx_on_text(void *arg, const XML_Char *s, int n)
{
	struct xlsx *x = arg;

	if (x->where == IN_NONE || x->depth_rph || x->bad)
		return;
	if (x->tlen + (size_t)n > x->limit + 4) {
		x->over = 1;
		return;
	}
	if (xlsx_grow(&x->text, &x->tcap, x->tlen + (size_t)n + 1) < 0) {
		xlsx_fail(x, "out of memory");
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
	const char *n = xlsx_local(el), *name, *id, *v;
	struct xlsx_sheet *sh;
	size_t i;

	if (strcmp(n, "workbookView") == 0 && (v = xlsx_attr(a, "activeTab")))
		x->active = strtol(v, NULL, 10);
	if (strcmp(n, "sheet") == 0 && (name = xlsx_attr(a, "name")) &&
	    (id = xlsx_attr(a, "id"))) {
		if (!(sh = realloc(x->sheet, ((size_t)x->nsheets + 1) *
		                             sizeof *sh))) {
			xlsx_fail(x, "out of memory");
			return;
		}
		x->sheet = sh;
		sh = &x->sheet[x->nsheets];
		v = xlsx_attr(a, "state");
		sh->hidden = v && strcmp(v, "visible") != 0;
		sh->target = NULL;
		sh->name = strdup(name);
		sh->rid = strdup(id);
		x->nsheets++;
		if (!sh->name || !sh->rid)
			xlsx_fail(x, "out of memory");
	}
	if (strcmp(n, "Relationship") == 0 && (id = xlsx_attr(a, "Id")) &&
	    (name = xlsx_attr(a, "Target")))
		for (i = 0; i < (size_t)x->nsheets; i++) {
			sh = &x->sheet[i];
			if (strcmp(id, sh->rid) != 0 || sh->target)
				continue;
			if (!(sh->target = malloc(strlen(name) + 8))) {
				xlsx_fail(x, "out of memory");
				return;
			}
			if (name[0] == '/')
				strcpy(sh->target, name + 1);
			else
				sprintf(sh->target, "xl/%s", name);
		}
}

/* --- shared strings --- */

static void XMLCALL ss_start(void *arg, const XML_Char *el,
                             const XML_Char **a)
{
	struct xlsx *x = arg;
	const char *n = xlsx_local(el);

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
	const char *n = xlsx_local(el);

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
				xlsx_fail(x, "out of memory");
				return;
			}
			x->ss_off = o;
			x->ss_ocap = cap;
		}
		if (xlsx_grow(&x->ss, &x->ss_cap, x->ss_len + x->tlen + 1) < 0) {
			xlsx_fail(x, "out of memory");
			return;
		}
		x->ss_off[x->nss++] = x->ss_len;
		memcpy(x->ss + x->ss_len, x->text ? x->text : "", x->tlen);
		x->ss_len += x->tlen;
		x->ss[x->ss_len++] = '\0';
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
		snprintf(err, errlen, _("%s: not an xlsx workbook: it has no %s"),
		         x->name, part);
		return -1;
	}
	if (!(x->p = XML_ParserCreate("UTF-8"))) {
		zip_fclose(f);
		return -2;
	}
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, xlsx_on_text);
	do {
		n = zip_fread(f, x->chunk, sizeof x->chunk);
		if (n < 0) {
			snprintf(err, errlen, _("%s: %s in the workbook cannot be "
			         "read: %s"), x->name, part,
			         zip_error_strerror(zip_file_get_error(f)));
			goto out;
		}
		if (XML_Parse(x->p, x->chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
			snprintf(err, errlen, _("%s: %s in the workbook: %s"), x->name,
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
		if (!regular && xlsx_grow(&mem, &cap, len + sizeof x->chunk) < 0) {
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
		snprintf(err, errlen, _("%s: read error: %s"), x->name,
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
	snprintf(err, errlen, _("%s: not an xlsx workbook (%s)"), x->name,
	         zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return -1;
}

/* Whether the sheet part holds a cell with a value (looked for in its
 * first chunk). */
static int has_cells(struct xlsx *x, const char *part)
{
	zip_file_t *f = zip_fopen(x->z, part, 0);
	zip_int64_t n;
	int found = 0;

	if (!f)
		return 0;
	n = zip_fread(f, x->chunk, sizeof x->chunk - 1);
	if (n > 0) {
		x->chunk[n] = '\0';
		found = strstr(x->chunk, "<v>") || strstr(x->chunk, ":v>") ||
		        strstr(x->chunk, "<is>") || strstr(x->chunk, ":is>");
	}
	zip_fclose(f);
	return found;
}

/* The most bytes of a sheet read twice to find its merged cells. */
#define MERGE_SCAN_MAX (8u << 20)

/* Add s (and a NUL when end) to x->names at *len.  0, or -1. */
static int names_add(struct xlsx *x, size_t *len, const char *s, int end)
{
	size_t n = strlen(s);

	if (xlsx_grow(&x->names, &x->names_cap, *len + n + 2) < 0)
		return -1;
	memcpy(x->names + *len, s, n);
	*len += n;
	x->names[*len] = '\0';
	if (end)
		++*len;
	return 0;
}

/* Add the n bytes at s to x->names at *len.  0, or -1. */
static int names_addn(struct xlsx *x, size_t *len, const char *s, size_t n)
{
	if (xlsx_grow(&x->names, &x->names_cap, *len + n + 2) < 0)
		return -1;
	memcpy(x->names + *len, s, n);
	*len += n;
	x->names[*len] = '\0';
	return 0;
}

void xlsx_sx_fed(struct xlsx *x, int all)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t map = x->sx_len + 1, upto;

	if (!x->sx)
		return;
	upto = all ? (map + page - 1) / page * page : x->sx_fed / page * page;
	if (upto > x->sx_gone)
		munmap(x->sx + x->sx_gone, upto - x->sx_gone);
	x->sx_gone = upto;
	if (all)
		x->sx = NULL;
}

/* The sheet part inflated into a mapping of size + 1 bytes at x->sx (as
 * much as libzip gives, NUL ended); *whole when that is exactly size
 * bytes and then the part's end with its checksum right.  0, or -2 out
 * of memory. */
static int inflate_whole(struct xlsx *x, zip_file_t *f, size_t size,
                         int *whole)
{
	char *buf, end;
	zip_int64_t n = 0;
	size_t got = 0;

	buf = mmap(NULL, size + 1, PROT_READ | PROT_WRITE,
	           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return -2;
	while (got < size && (n = zip_fread(f, buf + got, size - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	x->sx = buf;
	x->sx_len = got;
	x->sx_fed = x->sx_gone = 0;
	*whole = got == size && n >= 0 && zip_fread(f, &end, 1) == 0;
	return 0;
}

/* The merged ranges of the sheet part ("A5:A8 B5:B8"), added to
 * x->names at *len (and a NUL).  Excel writes them after the cells, so
 * the part is inflated whole here when it is at most MERGE_SCAN_MAX
 * bytes (a larger one is not looked at), and kept for the sheet's read
 * (x->sx) rather than inflated again.  0, or -2 out of memory. */
static int merged_ranges(struct xlsx *x, const char *part, size_t *len)
{
	zip_stat_t st;
	zip_file_t *f;
	const char *p, *q;
	int rc = 0, first = 1, whole = 0;

	if (zip_stat(x->z, part, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    st.size > MERGE_SCAN_MAX || !(f = zip_fopen(x->z, part, 0)))
		return names_add(x, len, "", 1) < 0 ? -2 : 0;
	rc = inflate_whole(x, f, (size_t)st.size, &whole);
	zip_fclose(f);
	if (rc < 0)
		return rc;
	for (p = x->sx; rc == 0 && (p = strstr(p, "mergeCell ")); p++) {
		if (!(p = strstr(p, "ref=\"")) || !(q = strchr(p + 5, '"')))
			break;
		rc = (!first && names_add(x, len, " ", 0) < 0) ||
		     names_addn(x, len, p + 5, (size_t)(q - p - 5)) < 0 ? -2 : 0;
		first = 0;
		p = q;
	}
	/* a part cut short or failing its checksum is read again from the
	 * archive, which says so where the read meets the fault */
	if (!whole)
		xlsx_sx_fed(x, 1);
	return rc < 0 || names_add(x, len, "", 1) < 0 ? -2 : 0;
}

/* The sheet to read: x->want by name, else the active one, else the
 * first visible one.  x->names becomes three strings: every sheet for a
 * message, the one read, the other visible sheets that hold cells
 * (each list "a, b"), and the merged ranges of the one read.  0, -1 no
 * such sheet, -2 out of memory. */
static int choose(struct xlsx *x)
{
	size_t i, len = 0, k = (size_t)x->nsheets;
	int first = 1;

	for (i = 0; i < (size_t)x->nsheets && k == (size_t)x->nsheets; i++)
		if (x->want ? strcmp(x->want, x->sheet[i].name) == 0
		            : (long)i == x->active && !x->sheet[i].hidden)
			k = i;
	for (i = 0; !x->want && k == (size_t)x->nsheets &&
	            i < (size_t)x->nsheets; i++)
		if (!x->sheet[i].hidden)
			k = i;
	for (i = 0; i < (size_t)x->nsheets; i++)
		if ((i && names_add(x, &len, ", ", 0) < 0) ||
		    names_add(x, &len, x->sheet[i].name, 0) < 0 ||
		    (x->sheet[i].hidden && names_add(x, &len, _(" (hidden)"),
		                                     0) < 0))
			return -2;
	if (names_add(x, &len, "", 1) < 0)
		return -2;
	if (k == (size_t)x->nsheets)
		return -1;
	x->chosen = k;
	if (names_add(x, &len, x->sheet[k].name, 1) < 0)
		return -2;
	for (i = 0; !x->want && i < (size_t)x->nsheets; i++)
		if (i != k && !x->sheet[i].hidden && x->sheet[i].target &&
		    has_cells(x, x->sheet[i].target)) {
			if ((!first && names_add(x, &len, ", ", 0) < 0) ||
			    names_add(x, &len, x->sheet[i].name, 0) < 0)
				return -2;
			first = 0;
		}
	if (names_add(x, &len, "", 1) < 0)
		return -2;
	return x->sheet[k].target ? merged_ranges(x, x->sheet[k].target, &len)
	                          : names_add(x, &len, "", 1) < 0 ? -2 : 0;
}

static void sheets_free(struct xlsx *x)
{
	int i;

	for (i = 0; i < x->nsheets; i++) {
		free(x->sheet[i].name);
		free(x->sheet[i].rid);
		free(x->sheet[i].target);
	}
	free(x->sheet);
	x->sheet = NULL;
}

int xlsx_book_open(struct xlsx *x, FILE *fp, struct sha256 *sha, char *err,
                   size_t errlen)
{
	int rc;

	if ((rc = open_zip(x, fp, sha, err, errlen)) < 0 ||
	    (rc = parse_part(x, "xl/workbook.xml", 0, wb_start, NULL, err,
	                     errlen)) < 0 ||
	    (rc = parse_part(x, "xl/_rels/workbook.xml.rels", 0, wb_start,
	                     NULL, err, errlen)) < 0)
		goto out;
	if ((rc = choose(x)) == -1) {
		if (x->want)
			snprintf(err, errlen, _("%s: no sheet named \"%s\" (--sheet); "
			         "its sheets: %s"), x->name, x->want,
			         x->nsheets ? x->names : "none");
		else
			snprintf(err, errlen, _("%s: the workbook has no sheet"), x->name);
		goto out;
	}
	if (rc < 0)
		goto out;
	if (!x->sheet[x->chosen].target) {
		snprintf(err, errlen, _("%s: not an xlsx workbook: its sheet has no "
		         "part"), x->name);
		rc = -1;
		goto out;
	}
	x->sheet_target = x->sheet[x->chosen].target;
	x->sheet[x->chosen].target = NULL;
	rc = parse_part(x, "xl/sharedStrings.xml", 1, ss_start, ss_end, err,
	                errlen) < 0 ? -1 : 0;
out:
	sheets_free(x);
	return rc;
}

void sheetin_book_about(void *r, const char **sheet, const char **sheets,
                        const char **merged)
{
	struct xlsx *x = r;
	const char *others;

	*sheet = *sheets = *merged = NULL;
	if (!x || !x->names || !x->sheet_target)
		return;
	*sheets = x->names;
	*sheet = x->names + strlen(x->names) + 1;
	others = *sheet + strlen(*sheet) + 1;
	*merged = others + strlen(others) + 1;
}

void sheetin_book_note(void *r)
{
	struct xlsx *x = r;
	const char *sheet, *sheets, *others, *merged;

	sheetin_book_about(r, &sheet, &sheets, &merged);
	if (!sheet || x->want)
		return;
	others = sheet + strlen(sheet) + 1;
	if (*others)
		diag("%s: read the sheet \"%s\", the one the workbook opens at; "
		     "its other sheets holding cells: %s (read one with --sheet "
		     "NAME)", x->name, sheet, others);
}
