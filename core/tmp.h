/*
 * tmp.h - temporary files where the user says: $TMPDIR when it names a
 * folder assess may write in, else /tmp.  tmpfile(3) always takes /tmp,
 * and a million results spool 1.6 GB: a small /tmp must be avoidable.
 */
#ifndef ASSESS_TMP_H
#define ASSESS_TMP_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* The folder temporary files go in (looked up once). */
const char *tmp_dir(void);

/* An unnamed temporary file in tmp_dir(), open for reading and writing,
 * gone when closed (as tmpfile(3)); NULL with errno set. */
FILE *tmp_file(void);

/* Write the n bytes at p into fd at offset off, all of them (a call cut
 * short by a signal goes on).  0, or -1 with errno set (EIO when the
 * system wrote nothing and said nothing). */
int tmp_write_at(int fd, const void *p, size_t n, uint64_t off);

/* Read n bytes of fd at offset off into p, fewer only at the file's end:
 * how many, or -1 with errno set. */
ssize_t tmp_read_at(int fd, void *p, size_t n, uint64_t off);

#endif
