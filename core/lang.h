/*
 * lang.h - the language of every sentence assess writes for a person
 * (stderr, the results' message/reason, the HTML report): English, the
 * language of the source, or Chinese (zh_CN) from GNU gettext catalogs.
 */
#ifndef ASSESS_LANG_H
#define ASSESS_LANG_H

#include <libintl.h>

/* The runtime's text domain: po/assess.pot, po/zh_CN.po. */
#define LANG_DOMAIN "assess"

/* A sentence of the runtime, translated (a static string). */
#define _(s) dgettext(LANG_DOMAIN, s)
/* A sentence marked for the catalog, translated where it is used. */
#define N_(s) (s)
/* A word whose translation depends on where it stands (msgctxt ctx):
 * "assessed" is 正常 as a result's status, 已评定 as a count. */
#define C_(ctx, s) lang_pgettext(ctx "\004" s, s)

/* The translation of key ("CONTEXT\004WORD") in the runtime's domain, or
 * s (the word alone) when the catalog has none.  Static strings. */
const char *lang_pgettext(const char *key, const char *s);

enum lang { LANG_EN, LANG_ZH_CN };

/* The language asked for by name: "zh_CN" (also "zh", "zh_CN.UTF-8",
 * "zh_CN@..."), "en" (also "en_*", "C", "POSIX", "C.UTF-8"); -1 when the
 * name is none of them. */
int lang_by_name(const char *name);

/* The language --lang names: exactly "zh_CN" or "en"; -1 otherwise. */
int lang_of_option(const char *name);

/* Choose the language and make gettext use it: opt (--lang) when not
 * NULL, else the environment as gettext reads it: LANGUAGE (a list, the
 * first known entry) unless the locale named by LC_ALL, LC_MESSAGES or
 * LANG (the first set) is "C" or "POSIX" or none is set, then that
 * locale's language; English when nothing names Chinese.  No locale has
 * to be installed: gettext is run under C.UTF-8 with LANGUAGE set, and
 * the catalogs are bound from dir (plugin_locale_dir: build/locale, or
 * share/locale when installed; NULL: gettext's default).  The numeric and
 * character locale are left alone (output stays the same bytes whatever
 * the language).  0, or -1 when Chinese was asked for but the C.UTF-8
 * locale is missing: the sentences are then English. */
int lang_init(const char *opt, const char *dir);

/* The language chosen by lang_init (LANG_EN before it). */
enum lang lang_current(void);

/* Its code for the output metadata: "zh_CN" or "en". */
const char *lang_code(void);

#endif
