/*
 * xlsx_whole.c - a workbook checked back before it is kept (see
 * xlsx_whole.h): opened with libzip, every XML part parsed by expat.
 */
#include "xlsx_whole.h"
#include "lang.h"
#include "tmp.h"

#include <stdio.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

/* Whether XML part i of z parses whole (expat, streamed): a part cut
 * short or with a piece missing does not. */
static int part_whole(zip_t *z, zip_uint64_t i)
{
	char buf[65536];
	zip_int64_t got = -1;
	zip_file_t *f = zip_fopen_index(z, i, 0);
	XML_Parser xp = XML_ParserCreate(NULL);
	int ok = f && xp;

	while (ok && (got = zip_fread(f, buf, sizeof buf)) > 0)
		ok = XML_Parse(xp, buf, (int)got, 0) == XML_STATUS_OK;
	ok = ok && got == 0 && XML_Parse(xp, buf, 0, 1) == XML_STATUS_OK;
	if (xp)
		XML_ParserFree(xp);
	if (f)
		zip_fclose(f);
	return ok;
}

int xlsx_whole(const char *path, char *err, size_t errlen)
{
	zip_t *z;
	zip_int64_t n, i;
	int ze = 0, rc = 0;

	if (!(z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &ze)))
		rc = -1;
	for (i = 0, n = z ? zip_get_num_entries(z, 0) : 0; rc == 0 && i < n;
	     i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
		size_t len = name ? strlen(name) : 0;
		if (!name || (len > 4 && (strcmp(name + len - 4, ".xml") == 0 ||
		                          strcmp(name + len - 5, ".rels") == 0) &&
		              !part_whole(z, (zip_uint64_t)i)))
			rc = -1;
	}
	if (z)
		zip_discard(z);
	if (rc < 0 || n == 0) {
		snprintf(err, errlen, _("cannot write the workbook: its temporary "
		         "files in %s were not written in full (is that disk "
		         "full? TMPDIR names another folder)"), tmp_dir());
		return -1;
	}
	return 0;
}
