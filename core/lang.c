/*
 * lang.c - which language the sentences are in (see lang.h).
 *
 * gettext alone would not do: glibc ignores LANGUAGE while LC_MESSAGES is
 * "C" or "POSIX", and setlocale(LC_MESSAGES, "zh_CN.UTF-8") fails where
 * that locale is not generated (a fresh Debian has only C.UTF-8), so
 * LANG=zh_CN.UTF-8 would give English there.  The language is therefore
 * read from the environment here, by gettext's own rules, and gettext is
 * then run with LC_MESSAGES = C.UTF-8 (always present, and a locale under
 * which glibc honours LANGUAGE) and LANGUAGE set to the one catalog
 * chosen.  LC_CTYPE and LC_NUMERIC are never touched: the catalogs are
 * delivered in UTF-8 by bind_textdomain_codeset, and numbers keep their
 * '.' whatever the user's locale.  The environment variable also reaches
 * the plugins, which translate their own sentences (assess/i18n.h).
 */
#include "lang.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* The process's language, not a run's: gettext's catalog choice
 * (LANGUAGE, LC_MESSAGES) is the process's own state, and the plugins
 * read it from the same environment; one language a process. */
static enum lang current = LANG_EN;

/* Whether name is lang, alone or followed by a codeset or modifier. */
static int names(const char *name, const char *lang)
{
	size_t n = strlen(lang);
	return strncmp(name, lang, n) == 0 &&
	       (name[n] == '\0' || name[n] == '.' || name[n] == '@');
}

int lang_by_name(const char *name)
{
	if (!name)
		return -1;
	if (names(name, "zh_CN") || names(name, "zh"))
		return LANG_ZH_CN;
	if (names(name, "en") || strncmp(name, "en_", 3) == 0 ||
	    names(name, "C") || strcmp(name, "POSIX") == 0)
		return LANG_EN;
	return -1;
}

int lang_of_option(const char *name)
{
	return !name ? -1 : strcmp(name, "zh_CN") == 0 ? LANG_ZH_CN
	       : strcmp(name, "en") == 0 ? LANG_EN : -1;
}

/* The first entry of the colon-separated list that names a known
 * language, or -1. */
static int from_list(const char *list)
{
	char e[64];
	size_t n;
	int l;

	for (; *list; list += n + (list[n] == ':')) {
		n = strcspn(list, ":");
		if (n == 0 || n >= sizeof e)
			continue; /* empty, or no language name is that long */
		memcpy(e, list, n);
		e[n] = '\0';
		if ((l = lang_by_name(e)) >= 0)
			return l;
	}
	return -1;
}

/* The language the environment asks for, as gettext reads it. */
static enum lang from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *locale = NULL, *language = getenv("LANGUAGE");
	size_t i;
	int l;

	for (i = 0; i < sizeof vars / sizeof *vars && !locale; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			locale = v;
	}
	/* the "C" locale: gettext ignores LANGUAGE (C.UTF-8 is not "C") */
	if (!locale || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0)
		return LANG_EN;
	/* a LANGUAGE list rules even when it names no language assess has:
	 * gettext then falls back to the sentences as written, English */
	if (language && *language)
		return (l = from_list(language)) >= 0 ? (enum lang)l : LANG_EN;
	l = lang_by_name(locale);
	return l == LANG_ZH_CN ? LANG_ZH_CN : LANG_EN;
}

int lang_init(const char *opt, const char *dir)
{
	int l = opt ? lang_by_name(opt) : (int)from_env(), rc = 0;

	current = l == LANG_ZH_CN ? LANG_ZH_CN : LANG_EN;
	if (current == LANG_ZH_CN && !setlocale(LC_MESSAGES, "C.UTF-8")) {
		current = LANG_EN;
		rc = -1;
	}
	if (current == LANG_ZH_CN) {
		setenv("LANGUAGE", "zh_CN", 1);
		/* strerror's own sentences (glibc's domain "libc", where the
		 * locales package installs them) in UTF-8 too, not "?" */
		bind_textdomain_codeset("libc", "UTF-8");
	} else {
		/* English is the source text: no catalog at all */
		setlocale(LC_MESSAGES, "C");
		unsetenv("LANGUAGE");
	}
	if (dir)
		bindtextdomain(LANG_DOMAIN, dir);
	bind_textdomain_codeset(LANG_DOMAIN, "UTF-8");
	return rc;
}

enum lang lang_current(void)
{
	return current;
}

const char *lang_code(void)
{
	return current == LANG_ZH_CN ? "zh_CN" : "en";
}

const char *lang_pgettext(const char *key, const char *s)
{
	const char *t = dgettext(LANG_DOMAIN, key);

	return t == key ? s : t;
}
