/*
 * internal.h - what the files of libassess_scheme.a share among
 * themselves and never export (the library is built with hidden
 * visibility; none of this is in include/).
 */
#ifndef ASSESS_SDK_INTERNAL_H
#define ASSESS_SDK_INTERNAL_H

#include <libintl.h>
#include <stddef.h>

/* A sentence of the library itself, in assess's own text domain (bound by
 * assess before any plugin runs; po/zh_CN.po). */
#define SDK_TR(s) dgettext("assess", s)
/* One only marked for the catalog, translated where it is used. */
#define SDK_N(s) (s)

/* "a number", "an object", ... for ASSESS_TYPE_* t, as messages say it. */
const char *sdk_type_word(int t);

/* How many bytes of s, at most max, end on a whole UTF-8 character: a
 * record's text is quoted in messages cut there, never mid-character. */
int sdk_clip(const char *s, size_t max);

#endif
