/*
 * i18n.c - a plugin's text domain bound beside its .so (see
 * include/assess/i18n.h).  This file is linked into each plugin, so the
 * domain remembered here is that plugin's own, and dladdr on an object of
 * this file names the plugin's .so.  Part of libassess_scheme.a.
 */
#define _GNU_SOURCE /* dladdr */
#include "assess/i18n.h"

#include "internal.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

static const char *domain_bound;

int assess_i18n_bind(const char *domain)
{
	static const char here = 0;
	char dir[PATH_MAX];
	Dl_info info;
	const char *slash;
	int n;

	if (!dladdr(&here, &info) || !info.dli_fname ||
	    !(slash = strrchr(info.dli_fname, '/')))
		return -1;
	n = snprintf(dir, sizeof dir, "%.*s/locale",
	             (int)(slash - info.dli_fname), info.dli_fname);
	if (n < 0 || (size_t)n >= sizeof dir)
		return -1;
	if (!bindtextdomain(domain, dir) ||
	    !bind_textdomain_codeset(domain, "UTF-8"))
		return -1;
	domain_bound = domain; /* only bound: else the sentences stay */
	return 0;
}

const char *assess_i18n_text(const char *s)
{
	const char *t = s;

	if (!s || !*s)
		return s;
	if (domain_bound)
		t = dgettext(domain_bound, s);
	return t != s ? t : SDK_TR(s);
}
