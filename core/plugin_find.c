/*
 * plugin_find.c - finding plugins by name and trusting their files and
 * folders (see plugin.h); loading them is plugin.c's.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "plugin_impl.h"
#include "lang.h"
#include "diag.h"
#include "assess/scheme.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Check one folder dir on the path of plugin path: owned by root or the
 * user and, when own (the plugin's own folder), not world-writable at
 * all.  A folder above it may be world-writable when it is sticky (as
 * /tmp is): then no one but their owners may rename or remove what is in
 * it, so the folder below cannot be swapped.  0, or -1 and why in err. */
static int folder_trusted(const char *path, const char *dir, int own,
                          char *err, size_t errlen)
{
	struct stat st;
	uid_t me = geteuid();

	if (stat(dir, &st) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (own && (st.st_mode & S_IWOTH)) {
		snprintf(err, errlen,
		         _("%s: refused: its folder %s is world-writable, so anyone "
		         "could replace the plugin"), path, dir);
		return -1;
	}
	if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
		snprintf(err, errlen,
		         _("%s: refused: the folder %s above it is world-writable "
		         "and not sticky, so anyone could replace the plugin's "
		         "folder"), path, dir);
		return -1;
	}
	if (st.st_uid != 0 && st.st_uid != me) {
		if (own)
			snprintf(err, errlen, _("%s: refused: its folder %s is "
			         "owned by uid %u, neither root nor you"), path, dir,
			         (unsigned)st.st_uid);
		else
			snprintf(err, errlen, _("%s: refused: the folder %s above "
			         "it is owned by uid %u, neither root nor you"), path,
			         dir, (unsigned)st.st_uid);
		return -1;
	}
	return 0;
}

int plugin_trusted_at(const char *path, char abs[PATH_MAX], char *err,
                      size_t errlen)
{
	char dir[PATH_MAX];
	struct stat st;
	uid_t me = geteuid();
	char *slash;
	int own = 1;

	if (stat(path, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, _("%s: not a regular file"), path);
		return -1;
	}
	if (st.st_mode & S_IWOTH) {
		snprintf(err, errlen,
		         _("%s: refused: the plugin file is world-writable, so anyone "
		         "could replace its code (chmod o-w)"), path);
		return -1;
	}
	if (st.st_uid != 0 && st.st_uid != me) {
		snprintf(err, errlen,
		         _("%s: refused: the plugin file is owned by uid %u, neither "
		         "root nor you"), path, (unsigned)st.st_uid);
		return -1;
	}
	if (!realpath(path, abs)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* Every folder from the plugin's own up to the root: whoever may
	 * rename any of them may put other code at this path. */
	strcpy(dir, abs);
	while ((slash = strrchr(dir, '/'))) {
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		if (folder_trusted(path, dir, own, err, errlen) < 0)
			return -1;
		if (slash == dir)
			break;
		own = 0;
	}
	return 0;
}

int plugin_trusted(const char *path, char *err, size_t errlen)
{
	char abs[PATH_MAX];

	return plugin_trusted_at(path, abs, err, errlen);
}

int plugin_valid_name(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

/* Try dir/name.so; 1 when it exists. */
static int try_dir(const char *dir, const char *name, char **path)
{
	size_t n = strlen(dir) + strlen(name) + 5;
	char *p = malloc(n);

	if (!p)
		return 0;
	snprintf(p, n, "%s/%s.so", dir, name);
	if (access(p, F_OK) == 0) {
		*path = p;
		return 1;
	}
	free(p);
	return 0;
}

/* Call fn for each absolute directory of $ASSESS_PLUGIN_PATH, then the
 * built-in one; stop when fn returns nonzero.  *said: a relative entry
 * was reported, so that one lookup's walks say it once. */
static int each_dir(int (*fn)(const char *dir, void *arg), void *arg,
                    int *said)
{
	const char *env = getenv("ASSESS_PLUGIN_PATH");
	const char *builtin = plugin_builtin_dir();

	if (env) {
		char *copy = strdup(env), *save = NULL, *d;
		if (!copy)
			return 0;
		/* Empty and relative entries would mean the current directory:
		 * skipped, by rule, and said once. */
		for (d = strtok_r(copy, ":", &save); d;
		     d = strtok_r(NULL, ":", &save)) {
			if (d[0] != '/' && !(*said)++)
				diag("$ASSESS_PLUGIN_PATH: '%s' is not an absolute folder: "
				     "skipped (relative folders would make what runs "
				     "depend on the current directory)", d);
			if (d[0] == '/' && fn(d, arg)) {
				free(copy);
				return 1;
			}
		}
		free(copy);
	}
	return builtin ? fn(builtin, arg) : 0;
}

struct find_ctx {
	const char *name;
	char *path;
};

static int find_in(const char *dir, void *arg)
{
	struct find_ctx *f = arg;
	return try_dir(dir, f->name, &f->path);
}

/* Append the plugin name of path ("fivegood") to the list in arg. */
static void add_name(const char *path, void *arg)
{
	char *list = arg;
	const char *base = strrchr(path, '/');
	size_t used = strlen(list), n;

	base = base ? base + 1 : path;
	n = strlen(base) - 3; /* without ".so" */
	if (used + n + 3 < 512)
		snprintf(list + used, 512 - used, "%s%.*s", used ? ", " : "",
		         (int)n, base);
}

static void each_plugin(void (*fn)(const char *path, void *arg), void *arg,
                        int *said);

int plugin_find(const char *arg, char **path, char *err, size_t errlen)
{
	struct find_ctx f = { NULL, NULL };
	char name[256];
	int said = 0;
	size_t n;

	*path = NULL;
	if (strchr(arg, '/')) {
		if (access(arg, F_OK) < 0) {
			snprintf(err, errlen, _("%s: plugin not found: %s"), arg,
			         strerror(errno));
			return -1;
		}
		*path = strdup(arg);
		if (!*path) {
			snprintf(err, errlen, _("out of memory"));
			return -1;
		}
		return 0;
	}
	n = strlen(arg);
	if (n > 3 && strcmp(arg + n - 3, ".so") == 0)
		n -= 3;
	if (n == 0 || n >= sizeof name) {
		snprintf(err, errlen, _("%s: not a plugin name"), arg);
		return -1;
	}
	memcpy(name, arg, n);
	name[n] = '\0';
	if (!plugin_valid_name(name)) {
		snprintf(err, errlen,
		         _("%s: a plugin name has only a-z, 0-9 and _ (give a path "
		         "with a '/' to load a file)"), arg);
		return -1;
	}
	f.name = name;
	if (!each_dir(find_in, &f, &said)) {
		char known[512] = "", hint[600] = "";
		const char *names[64], *near;
		char *save = NULL, *tok, copy[512];
		size_t k = 0;

		each_plugin(add_name, known, &said);
		memcpy(copy, known, sizeof copy);
		for (tok = strtok_r(copy, ", ", &save); tok && k < 64;
		     tok = strtok_r(NULL, ", ", &save))
			names[k++] = tok;
		if ((near = assess_nearest(name, names, k)))
			snprintf(hint, sizeof hint, _("; did you mean %s?"), near);
		else if (known[0])
			snprintf(hint, sizeof hint, _("; found: %s"), known);
		snprintf(err, errlen,
		         _("%s: plugin not found in $ASSESS_PLUGIN_PATH or %s (the "
		         "current directory is not searched; use ./%s.so)%s"),
		         arg, plugin_builtin_dir() ? plugin_builtin_dir()
		                                   : "the built-in directory",
		         name, hint);
		return -1;
	}
	*path = f.path;
	return 0;
}

struct each_ctx {
	void (*fn)(const char *path, void *arg);
	void *arg;
	char **seen;
	size_t nseen;
};


static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_in(const char *dir, void *arg)
{
	struct each_ctx *e = arg;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i, j;
	DIR *dp = opendir(dir);

	if (!dp)
		return 0;
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);
		char **grown;
		if (len < 4 || strcmp(de->d_name + len - 3, ".so") != 0)
			continue;
		grown = realloc(names, (n + 1) * sizeof *names);
		if (!grown)
			break;
		names = grown;
		if ((names[n] = strdup(de->d_name)))
			n++;
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		int dup = 0;
		for (j = 0; j < e->nseen; j++)
			dup |= strcmp(e->seen[j], names[i]) == 0;
		if (!dup) {
			size_t plen = strlen(dir) + strlen(names[i]) + 2;
			char *path = malloc(plen);
			char **grown = realloc(e->seen, (e->nseen + 1) * sizeof *grown);
			if (grown)
				e->seen = grown;
			if (path && grown) {
				snprintf(path, plen, "%s/%s", dir, names[i]);
				e->seen[e->nseen++] = names[i];
				names[i] = NULL;
				e->fn(path, e->arg);
			}
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

static void each_plugin(void (*fn)(const char *path, void *arg), void *arg,
                        int *said)
{
	struct each_ctx e = { fn, arg, NULL, 0 };
	size_t i;

	each_dir(list_in, &e, said);
	for (i = 0; i < e.nseen; i++)
		free(e.seen[i]);
	free(e.seen);
}

void plugin_each(void (*fn)(const char *path, void *arg), void *arg)
{
	int said = 0;

	each_plugin(fn, arg, &said);
}
