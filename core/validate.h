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

#endif
