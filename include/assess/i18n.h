/*
 * i18n.h - a plugin's own sentences in the user's language (GNU gettext).
 *
 * assess chooses the language (--lang, LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG) before it loads a plugin and makes gettext follow it in the whole
 * process, the plugin included.  A plugin keeps its sentences in a text
 * domain of its own, compiled into locale/LANG/LC_MESSAGES/DOMAIN.mo in a
 * folder locale/ beside the plugin's .so, and:
 *   - defines ASSESS_TEXT_DOMAIN before including this header;
 *   - calls assess_i18n_bind(ASSESS_TEXT_DOMAIN) in its create function;
 *   - writes ASSESS_TR("sentence") where a sentence is used, and
 *     ASSESS_N("sentence") where one is only stored to be used later
 *     (xgettext --keyword=ASSESS_TR --keyword=ASSESS_N collects both).
 * The helpers of libassess_scheme.a that take a sentence from the plugin
 * (assess_put_note's fmt, a feed's missing text) translate it in the
 * bound domain themselves, and their own sentences in assess's domain.
 * Codes, keys and field names are never translated.  Part of
 * libassess_scheme.a; plugin guide: "Translating your plugin's sentences".
 */
#ifndef ASSESS_I18N_H
#define ASSESS_I18N_H

#include <libintl.h>

/* Bind text domain `domain` to the folder locale/ beside the shared
 * object this library is linked into (found with dladdr), in UTF-8, and
 * remember it as the plugin's domain for the helpers.  0, or -1 when the
 * object's folder cannot be found (the sentences then stay as written).
 * Call it once, from create. */
int assess_i18n_bind(const char *domain);

/* The plugin's sentence s in the user's language: first in the domain
 * bound by assess_i18n_bind, then in assess's own; s itself when neither
 * has it (English, or no catalog installed).  A static string. */
const char *assess_i18n_text(const char *s);

#ifdef ASSESS_TEXT_DOMAIN
#define ASSESS_TR(s) dgettext(ASSESS_TEXT_DOMAIN, s)
#endif
#define ASSESS_N(s) (s)

#endif /* ASSESS_I18N_H */
