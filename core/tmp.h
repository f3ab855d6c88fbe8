/*
 * tmp.h - temporary files where the user says: $TMPDIR when it names a
 * folder assess may write in, else /tmp.  tmpfile(3) always takes /tmp,
 * and a million results spool 1.6 GB: a small /tmp must be avoidable.
 */
#ifndef ASSESS_TMP_H
#define ASSESS_TMP_H

#include <stdio.h>

/* The folder temporary files go in (looked up once). */
const char *tmp_dir(void);

/* An unnamed temporary file in tmp_dir(), open for reading and writing,
 * gone when closed (as tmpfile(3)); NULL with errno set. */
FILE *tmp_file(void);

#endif
