/*
 * plugin.c - loading plugins: the file checked, loaded first in a probe
 * child, then here (see plugin.h); finding and trusting them is
 * plugin_find.c's.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "plugin_impl.h"
#include "lang.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "elfcheck.h"

/* The smallest descriptor the host can use: up to and including assess. */
#define DESC_MIN (offsetof(assess_plugin, assess) + sizeof(void (*)(void)))

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running executable, e.g. /usr/local/bin. */
static const char *exe_dir(void)
{
	static char dir[PATH_MAX];
	ssize_t n;
	char *slash;

	if (dir[0])
		return dir;
	n = readlink("/proc/self/exe", dir, sizeof dir - 1);
	if (n <= 0)
		return NULL;
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	return dir;
}

/* The first of two folders relative to the executable that exists. */
static const char *beside_exe(char out[PATH_MAX], const char *installed,
                              const char *in_tree)
{
	char buf[PATH_MAX + 32];
	const char *d = exe_dir();

	if (!d)
		return NULL;
	snprintf(buf, sizeof buf, "%s/%s", d, installed);
	if (!is_dir(buf))
		snprintf(buf, sizeof buf, "%s/%s", d, in_tree);
	return is_dir(buf) && realpath(buf, out) ? out : NULL;
}

const char *plugin_builtin_dir(void)
{
	static char dir[PATH_MAX];
	return dir[0] ? dir
	              : beside_exe(dir, "../lib/assess/plugins", "../plugins");
}

const char *plugin_config_dir(void)
{
	static char dir[PATH_MAX];
	return dir[0] ? dir
	              : beside_exe(dir, "../share/assess/configs", "../configs");
}

const char *plugin_locale_dir(void)
{
	static char dir[PATH_MAX];
	return dir[0] ? dir : beside_exe(dir, "../share/locale", "../build/locale");
}

/* dlsym returns an object pointer; ISO C cannot cast it to a function
 * pointer, so the bits are copied. */
static assess_entry_fn entry_of(void *dl, const char *sym)
{
	void *p = dlsym(dl, sym);
	assess_entry_fn fn = NULL;

	if (p)
		memcpy(&fn, &p, sizeof fn);
	return fn;
}

/* The checks made before dlopen: trust, then the ELF headers.  0 and the
 * resolved path in abs, or -1 and why. */
static int check_file(const char *path, char abs[PATH_MAX], char *err,
                      size_t errlen)
{
	char why[256];
	int fd, rc;

	if (plugin_trusted_at(path, abs, err, errlen) < 0)
		return -1;
	fd = open(abs, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = elfcheck_fd(fd, why, sizeof why);
	close(fd);
	if (rc < 0)
		snprintf(err, errlen, "%s: refused: %s", path, why);
	return rc;
}

/* Load the checked file abs and check its descriptor.  stage, when not
 * -1, is told 'E' just before the entry function is called, so that a
 * probe can say where the plugin crashed. */
static int load(struct plugin *p, const char *path, const char *abs,
                int stage, char *err, size_t errlen)
{
	const assess_plugin *d;
	assess_entry_fn entry;
	size_t size;

	p->dl = dlopen(abs, RTLD_NOW | RTLD_LOCAL);
	if (!p->dl) {
		const char *why = dlerror();
		snprintf(err, errlen, _("%s: cannot load plugin: %s"), path,
		         why ? why : "unknown error");
		return -1;
	}
	entry = entry_of(p->dl, ASSESS_ENTRY_NAME);
	if (!entry) {
		char sym[32];
		int v;
		for (v = 0; v <= 99; v++) {
			if (v == ASSESS_ABI_VERSION)
				continue;
			snprintf(sym, sizeof sym, "assess_plugin_v%d", v);
			if (dlsym(p->dl, sym))
				break;
		}
		if (v <= 99)
			snprintf(err, errlen,
			         _("%s: plugin is built for plugin ABI %d, this assess "
			         "speaks ABI %d: rebuild it against this assess's "
			         "headers"), path, v, ASSESS_ABI_VERSION);
		else
			snprintf(err, errlen,
			         _("%s: not an assess plugin: no entry symbol %s"), path,
			         ASSESS_ENTRY_NAME);
		goto fail;
	}
	if (stage >= 0 && write(stage, "E", 1) != 1)
		stage = -1; /* the parent is gone; nothing to tell */
	d = entry();
	if (!d) {
		snprintf(err, errlen, _("%s: the plugin's %s returned no descriptor"),
		         path, ASSESS_ENTRY_NAME);
		goto fail;
	}
	if (d->abi_version != ASSESS_ABI_VERSION) {
		snprintf(err, errlen,
		         _("%s: plugin descriptor says ABI %u, this assess speaks ABI "
		         "%d"), path, d->abi_version, ASSESS_ABI_VERSION);
		goto fail;
	}
	if (d->size < DESC_MIN) {
		snprintf(err, errlen,
		         _("%s: plugin descriptor is %zu bytes, smaller than ABI %d's "
		         "%zu"), path, d->size, ASSESS_ABI_VERSION, DESC_MIN);
		goto fail;
	}
	size = d->size < sizeof p->desc ? d->size : sizeof p->desc;
	memcpy(&p->desc, d, size);
	p->desc.size = size;
	if (!plugin_valid_name(p->desc.name)) {
		snprintf(err, errlen,
		         _("%s: plugin name \"%s\" is not of a-z, 0-9 and _"), path,
		         p->desc.name ? p->desc.name : "(null)");
		goto fail;
	}
	if (!p->desc.version || !p->desc.description || !p->desc.create ||
	    !p->desc.assess || !p->desc.destroy) {
		snprintf(err, errlen,
		         _("%s: plugin %s leaves a required descriptor field empty "
		         "(version, description, create, assess, destroy)"), path,
		         p->desc.name);
		goto fail;
	}
	p->path = strdup(abs);
	if (!p->path) {
		snprintf(err, errlen, _("out of memory"));
		goto fail;
	}
	return 0;
fail:
	dlclose(p->dl);
	p->dl = NULL;
	return -1;
}

int plugin_open(struct plugin *p, const char *path, char *err, size_t errlen)
{
	char abs[PATH_MAX];

	memset(p, 0, sizeof *p);
	if (check_file(path, abs, err, errlen) < 0)
		return -1;
	return load(p, path, abs, -1, err, errlen);
}

/* The probe child: load the plugin, tell the parent 'E' before its entry
 * function, then '0', or '1' and why it was refused; never returns.  Its
 * stdout and stderr go to /dev/null: the parent loads the plugin again,
 * and what a constructor prints must not be seen twice. */
static void probe_child(const char *path, const char *abs, int out)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct plugin p;
	char err[1024];
	size_t i;
	int null = open("/dev/null", O_WRONLY);

	if (null >= 0) {
		dup2(null, 1);
		dup2(null, 2);
		close(null);
	}
	/* A crash must end the child by its signal, whatever handler the
	 * parent (or a sanitizer) installed. */
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
	memset(&p, 0, sizeof p);
	if (load(&p, path, abs, out, err + 1, sizeof err - 1) < 0) {
		err[0] = '1';
		if (write(out, err, strlen(err)) < 0)
			_exit(1);
	} else if (write(out, "0", 1) < 0) {
		_exit(1);
	}
	free(p.path);
	_exit(0); /* no destructors: the parent's copy is the one used */
}

/* Read what the probe child says into buf (NUL-terminated) until it
 * closes the pipe or the time limit passes; 0, or -1 on the limit. */
static int probe_read(int fd, char *buf, size_t len, long long limit_ms)
{
	struct timespec t0, t;
	size_t used = 0;

	buf[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd pf = { fd, POLLIN, 0 };
		long long left;
		ssize_t r;

		clock_gettime(CLOCK_MONOTONIC, &t);
		left = limit_ms - ((t.tv_sec - t0.tv_sec) * 1000LL +
		                   (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			return -1;
		r = poll(&pf, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			return -1;
		r = read(fd, buf + used, len - 1 - used);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		used += (size_t)r;
		buf[used] = '\0';
		if (used == len - 1)
			return 0; /* more than a message holds */
	}
}

int plugin_open_probed(struct plugin *p, const char *path, char *err,
                       size_t errlen)
{
	char abs[PATH_MAX], said[1100];
	const char *res;
	int fds[2], status = 0, late;
	pid_t pid;

	memset(p, 0, sizeof *p);
	if (check_file(path, abs, err, errlen) < 0)
		return -1;
	if (pipe(fds) < 0) {
		snprintf(err, errlen, _("%s: cannot probe the plugin: %s"), path,
		         strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, _("%s: cannot probe the plugin: fork: %s"),
		         path, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		probe_child(path, abs, fds[1]);
	}
	close(fds[1]);
	late = probe_read(fds[0], said, sizeof said,
	                  PLUGIN_PROBE_SECONDS * 1000LL) < 0;
	close(fds[0]);
	if (late)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	res = said[0] == 'E' ? said + 1 : said;
	if (late) {
		if (said[0] == 'E')
			snprintf(err, errlen, _("%s: cannot load plugin: it did not "
			         "finish loading within %d s (in its entry function "
			         "%s)"), path, PLUGIN_PROBE_SECONDS, ASSESS_ENTRY_NAME);
		else
			snprintf(err, errlen, _("%s: cannot load plugin: it did not "
			         "finish loading within %d s"), path,
			         PLUGIN_PROBE_SECONDS);
		return -1;
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		if (said[0] == 'E')
			snprintf(err, errlen, _("%s: cannot load plugin: it crashed "
			         "with signal %d (%s) in its entry function %s"), path,
			         sig, strsignal(sig), ASSESS_ENTRY_NAME);
		else
			snprintf(err, errlen, _("%s: cannot load plugin: it crashed "
			         "with signal %d (%s) while loading (in dlopen, which "
			         "runs its ELF constructors)"), path, sig,
			         strsignal(sig));
		return -1;
	}
	if (res[0] == '1') {
		snprintf(err, errlen, "%s", res + 1);
		return -1;
	}
	if (res[0] != '0' || WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, _("%s: cannot load plugin: it ended the "
		         "process loading it (exit status %d)"), path,
		         WEXITSTATUS(status));
		return -1;
	}
	/* The child loaded it and got a sound descriptor: load it here. */
	return load(p, path, abs, -1, err, errlen);
}

void plugin_close(struct plugin *p)
{
	if (!p)
		return;
	if (p->dl)
		dlclose(p->dl);
	free(p->path);
	memset(p, 0, sizeof *p);
}
