/*
 * jsonerr.h - messages for records that are not JSON, as a person fixing
 * them in an editor needs them.
 */
#ifndef ASSESS_JSONERR_H
#define ASSESS_JSONERR_H

#include <stddef.h>

/* The record text[0..len), starting on line `line`, did not parse; at is
 * where the parser stopped (NULL: unknown).  Writes the message
 * ("invalid JSON at column 37: unexpected '：' (a full-width colon; JSON
 * needs the ASCII ':')") into msg and returns the line it is on. */
long jsonerr_syntax(const char *text, size_t len, const char *at,
                   long line, char *msg, size_t n);

/* The record parsed, but the token at text + off (toklen bytes) is not
 * JSON: why says what is wrong.  Message into msg; returns its line. */
long jsonerr_lexical(const char *text, long off, const char *why,
                    size_t toklen, long line, char *msg, size_t n);

#endif
