/*
 * validate.h - checks every record and config gets before it is believed:
 * text must be UTF-8 (it reaches dashboards as JSON), and an object must
 * not name a key twice (cJSON would quietly take the first).
 */
#ifndef ASSESS_VALIDATE_H
#define ASSESS_VALIDATE_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* The offset of the first byte that is not well-formed UTF-8 (overlong
 * forms, surrogates and code points above U+10FFFF included) or is a NUL,
 * or -1 when all n bytes are fine. */
long utf8_invalid_at(const char *s, size_t n);

/* The path ("scores.team", "history[2].period") of the first key that an
 * object in v names twice, written into path; 0 when there is none, 1
 * when found, -1 when out of memory. */
int json_duplicate_key(const cJSON *v, char *path, size_t len);

/* Lexical rules cJSON does not hold, checked on text it parsed: numbers
 * exactly as JSON writes them (not 018, 1., .5, +1, 1.e1) and no \u0000
 * in a string (cJSON would cut the string there).  The offset of the first
 * offence, with *why saying what is wrong and *toklen its length, or -1. */
long json_lexical_check(const char *s, size_t n, const char **why,
                        size_t *toklen);

/* The 1-based column of at on the line that starts at bol, counted in
 * characters (as an editor shows it), not bytes. */
long utf8_column(const char *bol, const char *at);

/* 1 when s[0..n), not UTF-8, reads whole as GB18030 (GBK is a subset) and
 * holds no valid UTF-8 multi-byte sequence: text saved by Chinese Windows,
 * not UTF-8 with a damaged byte. */
int text_is_gb18030(const char *s, size_t n);

/* Whether o is what an assess run writes, not a record: a results
 * document ({"assess", "results"|"summary"}, no id) or one result (the
 * five members the host puts first, status "ok" or "rejected"). */
int json_is_assess_output(const cJSON *o);

#endif
