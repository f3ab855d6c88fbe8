/*
 * sheetin_book.c - the parts of an xlsx workbook read before its sheet
 * (see sheetin_xlsx.h): the archive itself (libzip), xl/workbook.xml for
 * the sheets' names, its relationships for where the sheet's XML is, and
 * xl/sharedStrings.xml, whose strings are held for the whole read in one
 * buffer of their text plus one offset each.  Each part is parsed by
 * expat a chunk at a time.
 */
#include "lang.h"
#include "sheetin_xlsx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
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
	const char *n = xlsx_local(el), *name, *id;

	if (strcmp(n, "sheet") == 0 && (name = xlsx_attr(a, "name")) &&
	    (id = xlsx_attr(a, "id"))) {
		size_t len = strlen(name), cur = x->nsheets ? strlen(x->names)
		                                            : 0;
		if (xlsx_grow(&x->names, &x->names_cap, cur + len + 4) < 0) {
			xlsx_fail(x, "out of memory");
			return;
		}
		if (x->nsheets++)
			strcat(x->names, ", ");
		else
			x->names[0] = '\0';
		strcat(x->names, name);
		if (!x->sheet_rid && (!x->want || strcmp(x->want, name) == 0) &&
		    !(x->sheet_rid = strdup(id)))
			xlsx_fail(x, "out of memory");
	}
	if (strcmp(n, "Relationship") == 0 && x->sheet_rid &&
	    (id = xlsx_attr(a, "Id")) && strcmp(id, x->sheet_rid) == 0 &&
	    (name = xlsx_attr(a, "Target"))) {
		size_t len = strlen(name) + 8;
		free(x->sheet_target);
		if (!(x->sheet_target = malloc(len))) {
			xlsx_fail(x, "out of memory");
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

int xlsx_book_open(struct xlsx *x, FILE *fp, struct sha256 *sha, char *err,
                   size_t errlen)
{
	int rc;

	if ((rc = open_zip(x, fp, sha, err, errlen)) < 0 ||
	    (rc = parse_part(x, "xl/workbook.xml", 0, wb_start, NULL, err,
	                     errlen)) < 0)
		return rc;
	if (!x->sheet_rid) {
		if (x->want)
			snprintf(err, errlen, _("%s: no sheet named \"%s\" (--sheet); "
			         "its sheets: %s"), x->name, x->want,
			         x->nsheets ? x->names : "none");
		else
			snprintf(err, errlen, _("%s: the workbook has no sheet"), x->name);
		return -1;
	}
	if ((rc = parse_part(x, "xl/_rels/workbook.xml.rels", 0, wb_start,
	                     NULL, err, errlen)) < 0)
		return rc;
	if (!x->sheet_target) {
		snprintf(err, errlen, _("%s: not an xlsx workbook: its sheet has no "
		         "part"), x->name);
		return -1;
	}
	return parse_part(x, "xl/sharedStrings.xml", 1, ss_start, ss_end, err,
	                  errlen) < 0 ? -1 : 0;
}
