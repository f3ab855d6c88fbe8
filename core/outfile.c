/*
 * outfile.c - the files -o and --summary name: what may be written there
 * and how (see output.h for the rules), and the signal handling that
 * removes a temporary file when a run ends early.
 */
#define _GNU_SOURCE /* realpath, O_TMPFILE */
#include "outfile.h"
#include "lang.h"
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Files never to be replaced (inputs, config, references): the run's
 * list (run.h's kept). */
struct outfile_kept {
	dev_t dev;
	ino_t ino;
	const char *what;
};

/* The temporary files to remove if a signal ends the run, and the process
 * that owns them: a plugin's child process inherits the handler, and its
 * crash must not take the parent's files with it.  The names are copied
 * here because a handler may use nothing that can be half-updated. */
#define TMP_NAME_MAX 4200
static struct {
	char tmp[2][TMP_NAME_MAX];
	volatile sig_atomic_t have[2]; /* which of tmp are set */
	pid_t owner;
	int installed;
} sig;

static void on_signal(int signo)
{
	int i;

	if (getpid() == sig.owner)
		for (i = 0; i < 2; i++)
			if (sig.have[i])
				unlink(sig.tmp[i]);
	signal(signo, SIG_DFL);
	raise(signo);
}

/* Catch the signals that end a run early.  An interruption ignored when
 * the run began (nohup, a background job) stays ignored. */
static void install_handlers(void)
{
	static const int asked[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	static const int crashes[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
	                               SIGABRT };
	struct sigaction sa, old;
	size_t i;

	if (sig.installed)
		return;
	sig.installed = 1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof asked / sizeof *asked; i++)
		if (sigaction(asked[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(asked[i], &sa, NULL);
	/* a plugin running in this process crashed */
	for (i = 0; i < sizeof crashes / sizeof *crashes; i++)
		sigaction(crashes[i], &sa, NULL);
}

int outfile_init(int *stdout_closed)
{
	int fd, got;

	*stdout_closed = 0;
	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (got < 0)
			return -1;
		if (got != fd) { /* cannot happen: the lowest free is fd */
			dup2(got, fd);
			close(got);
		}
		*stdout_closed |= fd == 1;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	return 0;
}

int outfile_stdout_closed(void)
{
	const struct run *r = run_active();

	return r && r->stdout_closed;
}

static const char *protected_as(const struct stat *st);

/* Never replace the file st (see outfile_protect). */
static int keep(const struct stat *st, const char *what)
{
	struct run *r = run_active();
	struct outfile_kept *grown;

	if (!r)
		return 0; /* outside a run no -o is written: nothing to guard */
	if (!S_ISREG(st->st_mode) || protected_as(st))
		return 0; /* only a regular file is ever replaced; once is enough */
	grown = realloc(r->kept, (r->nkept + 1) * sizeof *r->kept);
	if (!grown)
		return -1;
	r->kept = grown;
	r->kept[r->nkept].dev = st->st_dev;
	r->kept[r->nkept].ino = st->st_ino;
	r->kept[r->nkept].what = what;
	r->nkept++;
	return 0;
}

int outfile_protect(const char *path, const char *what)
{
	struct stat st;

	if (strcmp(path, "-") == 0 ? fstat(0, &st) < 0 : stat(path, &st) < 0)
		return 0;
	return keep(&st, what);
}

int outfile_protect_fd(int fd, const char *what)
{
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0)
		return 0;
	return keep(&st, what);
}

void outfile_forget(struct run *r)
{
	free(r->kept);
	r->kept = NULL;
	r->nkept = 0;
}

/* path's folder resolved, then its last name: malloc'd, or NULL when the
 * folder cannot be resolved. */
static char *place_of(const char *path)
{
	char *copy = strdup(path), *dir, *base, *real = NULL, *out = NULL;

	if (!copy)
		return NULL;
	base = strrchr(copy, '/');
	if (base) {
		*base++ = '\0';
		dir = *copy ? copy : "/";
	} else {
		base = copy;
		dir = ".";
	}
	if ((real = realpath(dir, NULL)) &&
	    (out = malloc(strlen(real) + strlen(base) + 2)))
		sprintf(out, "%s/%s", strcmp(real, "/") ? real : "", base);
	free(real);
	free(copy);
	return out;
}

int outfile_same_path(const char *a, const char *b)
{
	struct stat sa, sb;
	char *pa, *pb;
	int same;

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	pa = place_of(a);
	pb = place_of(b);
	same = pa && pb && strcmp(pa, pb) == 0;
	free(pa);
	free(pb);
	return same;
}

/* What the file st is, when the run must not replace it; else NULL. */
static const char *protected_as(const struct stat *st)
{
	const struct run *r = run_active();
	size_t i;

	for (i = 0; r && i < r->nkept; i++)
		if (r->kept[i].dev == st->st_dev && r->kept[i].ino == st->st_ino)
			return r->kept[i].what;
	return NULL;
}

/* A file in the way that -o must not replace: 0, or -1 with the reason. */
static int refuse(const struct outfile *d, const struct stat *st,
                  char *err, size_t errlen)
{
	const char *what;

	if (S_ISDIR(st->st_mode)) {
		snprintf(err, errlen, _("%s: cannot write: %s"), d->shown,
		         strerror(EISDIR));
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		what = S_ISSOCK(st->st_mode) ? "a socket"
		       : S_ISBLK(st->st_mode) ? "a block device"
		       : "not a regular file";
		snprintf(err, errlen, _("%s: cannot write: %s%s (only a regular "
		         "file is replaced; a character device or a FIFO is "
		         "written into)"), d->shown, what[0] == 'n' ? "" :
		         "it is ", what);
		return -1;
	}
	if ((what = protected_as(st)) != NULL) {
		snprintf(err, errlen, _("%s: %s names %s, which would be "
		         "overwritten"), d->shown, d->opt, what);
		return -1;
	}
	return 0;
}

void outfile_close(struct outfile *d)
{
	if (d->stream && d->kind != OUTFILE_STREAM)
		fclose(d->stream);
	else if (d->fd >= 0)
		close(d->fd);
	if (d->tmp && (!d->unnamed || sig.have[d->slot])) {
		unlink(d->tmp); /* then the flag: a signal between unlinks twice */
		sig.have[d->slot] = 0;
	}
	if (d->unnamed)
		close(d->unnamed - 1);
	free(d->tmp);
	free(d->path);
	free(d->shown);
	memset(d, 0, sizeof *d);
	d->fd = -1;
}

/* An unnamed file (O_TMPFILE) in path's folder, open for writing, with a
 * second descriptor in d->unnamed to name it by at the end; -1 where the
 * file system has none (then a named temporary file is made). */
static int tmp_unnamed(struct outfile *d)
{
#ifdef O_TMPFILE
	const char *slash = strrchr(d->path, '/');
	char *dir = slash ? strndup(d->path, (size_t)(slash - d->path) + 1)
	                  : strdup(".");
	int fd = dir ? open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600) : -1;

	free(dir);
	if (fd >= 0 && (d->unnamed = 1 + fcntl(fd, F_DUPFD_CLOEXEC, 3)) <= 0) {
		d->unnamed = 0;
		close(fd);
		fd = -1;
	}
	return fd;
#else
	(void)d;
	return -1;
#endif
}

/* Give the unnamed file its temporary name beside path (d->tmp, a name
 * new in the folder), ready for the rename.  0, or -1 (errno). */
static int name_unnamed(struct outfile *d)
{
	char proc[64];
	int tries, fd, e;

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", d->unnamed - 1);
	for (tries = 0; tries < 8; tries++) {
		/* a fresh name: made by mkstemp, then taken over by the link */
		memcpy(d->tmp + strlen(d->tmp) - 6, "XXXXXX", 6);
		if ((fd = mkstemp(d->tmp)) < 0)
			return -1;
		close(fd);
		unlink(d->tmp);
		strcpy(sig.tmp[d->slot], d->tmp);
		sig.have[d->slot] = 1;
		if (linkat(AT_FDCWD, proc, AT_FDCWD, d->tmp, AT_SYMLINK_FOLLOW) == 0)
			return 0;
		e = errno;
		sig.have[d->slot] = 0;
		if (e != EEXIST) {
			errno = e;
			return -1;
		}
	}
	errno = EEXIST;
	return -1;
}

/* Open the file the user named, by its kind (see output.h).  0, or -1
 * with the reason in err. */
int outfile_open(struct outfile *d, const char *opt, int slot,
                 const char *path, char *err, size_t errlen)
{
	struct stat st, lst;
	sigset_t block, was;
	const char *slash;
	int exists, e;

	d->opt = opt;
	d->slot = slot;
	if (!(d->shown = strdup(path)))
		goto oom;
	exists = stat(path, &st) == 0;
	if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
		/* a FIFO blocks here until it has a reader, as for a shell */
		d->fd = open(path, O_WRONLY);
		if (d->fd < 0)
			goto cannot;
		if (fstat(d->fd, &st) < 0)
			goto cannot;
		if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode)) {
			snprintf(err, errlen, _("%s: cannot write: it was replaced "
			         "while being opened"), d->shown);
			return -1;
		}
		d->kind = OUTFILE_DIRECT;
		return 0;
	}
	if (exists && refuse(d, &st, err, errlen) < 0)
		return -1;
	/* a link is followed: the file it points to is replaced, not it */
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
		d->path = realpath(path, NULL);
	else
		d->path = strdup(path);
	if (!d->path) {
		if (errno != ENOMEM)
			goto cannot;
		goto oom;
	}
	/* DIR/.assess-XXXXXX: the same folder, so the rename is atomic, and
	 * a short name, so that any name the user may give fits */
	slash = strrchr(d->path, '/');
	if (!(d->tmp = malloc((slash ? (size_t)(slash - d->path) + 1 : 0) +
	                      sizeof ".assess-XXXXXX")))
		goto oom;
	sprintf(d->tmp, "%.*s.assess-XXXXXX",
	        slash ? (int)(slash - d->path) + 1 : 0, d->path);
	if (strlen(d->tmp) >= TMP_NAME_MAX) {
		errno = ENAMETOOLONG;
		goto cannot_tmp;
	}
	if (slash) {
		char *dir = strndup(d->path, (size_t)(slash - d->path) + 1);
		if (!dir)
			goto oom;
		exists = stat(dir, &st) == 0;
		free(dir);
	} else {
		exists = stat(".", &st) == 0;
	}
	if (!exists)
		goto cannot_tmp;
	d->dir_dev = st.st_dev;
	d->dir_ino = st.st_ino;
	install_handlers();
	sig.owner = getpid();
	/* no interruption between creating the file and noting its name */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &was);
	/* without a name where the file system allows: even a run killed
	 * with SIGKILL then leaves nothing; it gets its name at the end */
	d->fd = tmp_unnamed(d);
	if (d->fd < 0 && (d->fd = mkstemp(d->tmp)) >= 0) {
		strcpy(sig.tmp[slot], d->tmp);
		sig.have[slot] = 1;
	}
	e = errno;
	sigprocmask(SIG_SETMASK, &was, NULL);
	errno = e;
	if (d->fd < 0)
		goto cannot_tmp;
	d->kind = OUTFILE_TEMP;
	return 0;
cannot_tmp:
	free(d->tmp);
	d->tmp = NULL;
cannot:
	snprintf(err, errlen, _("%s: cannot write: %s"), d->shown, strerror(errno));
	return -1;
oom:
	snprintf(err, errlen, _("out of memory"));
	return -1;
}

/* Both go to the same file: the second rename would undo the first. */
int outfile_same(const struct outfile *a, const struct outfile *b)
{
	const char *na, *nb;

	if (a->kind != OUTFILE_TEMP || b->kind != OUTFILE_TEMP ||
	    a->dir_dev != b->dir_dev || a->dir_ino != b->dir_ino)
		return 0;
	na = strrchr(a->path, '/');
	nb = strrchr(b->path, '/');
	return strcmp(na ? na + 1 : a->path, nb ? nb + 1 : b->path) == 0;
}

/* Give the new file fd the owner of the old one, st.  A user cannot give
 * a file away (nor, always, to a group): then it stays theirs, as any file
 * they write would.  0, or -1 when not all of it could be kept. */
static int keep_owner(int fd, const struct stat *st)
{
	struct stat mine;

	if (fstat(fd, &mine) < 0)
		return -1;
	if (mine.st_uid == st->st_uid && mine.st_gid == st->st_gid)
		return 0;
	if (fchown(fd, st->st_uid, st->st_gid) == 0)
		return 0;
	return fchown(fd, (uid_t)-1, st->st_gid);
}

/* Just before the rename: the file in the way, if any, must still be one
 * that may be replaced (it may have appeared since the start, or turned
 * out to be a reference file), and the new file takes its mode and, as
 * far as the system allows, its owner.  0, or -1 with the reason. */
int outfile_settle(struct outfile *d, char *err, size_t errlen)
{
	struct stat st;
	mode_t mask;

	if (stat(d->path, &st) < 0) {
		mask = umask(0);
		umask(mask);
		fchmod(d->fd, 0666 & ~mask); /* mkstemp made it 0600 */
		return 0;
	}
	if (refuse(d, &st, err, errlen) < 0)
		return -1;
	keep_owner(d->fd, &st);
	fchmod(d->fd, st.st_mode & 07777); /* after: chown clears set-id bits */
	return 0;
}

/* Write one document to d (not yet renamed).  0, or -1 with the reason. */

int outfile_rename(struct outfile *d, char *err, size_t errlen)
{
	if (d->kind != OUTFILE_TEMP)
		return 0;
	if ((d->unnamed && name_unnamed(d) < 0) ||
	    rename(d->tmp, d->path) != 0) {
		snprintf(err, errlen, _("%s: cannot write: %s"), d->shown,
		         strerror(errno));
		return -1;
	}
	sig.have[d->slot] = 0;
	free(d->tmp);
	d->tmp = NULL;
	if (d->unnamed)
		close(d->unnamed - 1);
	d->unnamed = 0;
	return 0;
}

