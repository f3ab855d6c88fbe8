/*
 * xlsx_whole.h - whether a workbook came out whole.  libxlsxwriter does
 * not see its own temporary files fail (a full disk) and closes the
 * workbook with parts cut short, or with a piece missing inside, as if
 * all were well; so each XML part is parsed back (about a sixth more
 * time: 50,000 results in 2.3 s instead of 2.0).
 */
#ifndef ASSESS_XLSX_WHOLE_H
#define ASSESS_XLSX_WHOLE_H

#include <stddef.h>

/* 0 when the workbook at path opens and every XML part of it parses; -1
 * with the reason (a disk that may be full, TMPDIR) in err. */
int xlsx_whole(const char *path, char *err, size_t errlen);

#endif
