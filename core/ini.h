/*
 * ini.h - the INI syntax assess accepts, parsed from bytes in memory.
 *
 * iniparser 4.1 reads only from a named file (so a config given as a pipe
 * would be read twice: once to hash, once to parse) and its line parser
 * has silent traps: a '#' or ';' anywhere in an unquoted value cuts the
 * value there, "[scheme] = x" is taken as a key named "[scheme]" in the
 * section before, text after a closing quote is dropped.  This parser
 * reads the same syntax with those traps refused, and config.c stores what
 * it finds in iniparser's dictionary.  The rules (docs/robustness.md,
 * "Configuration files"):
 *   - a UTF-8 byte order mark at the start is skipped; every line must be
 *     UTF-8 without NUL bytes and at most INI_LINE_MAX bytes long;
 *   - a line ending in '\' continues on the next one (a comment never
 *     does);
 *   - a comment is a line whose first non-blank character is ';' or '#';
 *     there are no comments after a value or a section header;
 *   - "[name]" opens a section, with nothing after the ']';
 *   - "key = value": names are trimmed and lower-cased (ASCII); the value
 *     is trimmed; a value in double or single quotes is taken as written
 *     between them (nothing may follow the closing quote); an unquoted
 *     value may not hold ';' or '#';
 *   - section names and keys are at most INI_NAME_MAX bytes; a section
 *     name holds no ':'; every key is inside a section.
 */
#ifndef ASSESS_INI_H
#define ASSESS_INI_H

#include <stddef.h>

#define INI_LINE_MAX 1024
#define INI_NAME_MAX 255

/* What the parser found, in file order.  Each returns 0 to go on, or -1
 * to stop after writing the reason (with name and line) into err. */
struct ini_handler {
	void *arg;
	int (*section)(void *arg, const char *name, long line, char *err,
	               size_t errlen);
	int (*value)(void *arg, const char *section, const char *key,
	             const char *value, long line, char *err, size_t errlen);
};

/* Parse len bytes of buf (need not be NUL-terminated), calling h for each
 * section and value.  name is the file as the user named it, for
 * messages.  0, or -1 with "NAME:LINE: what is wrong" in err. */
int ini_parse(const char *name, const char *buf, size_t len,
              const struct ini_handler *h, char *err, size_t errlen);

#endif
