/*
 * tmp.c - temporary files in $TMPDIR or /tmp (see tmp.h).  The file is
 * made without a name where the file system allows (O_TMPFILE), else
 * made and its name removed at once, so nothing is left behind whatever
 * stops the run.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include "tmp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int tmp_write_at(int fd, const void *p, size_t n, uint64_t off)
{
	const char *b = p;
	size_t done = 0;
	ssize_t w;

	while (done < n) {
		w = pwrite(fd, b + done, n - done, (off_t)(off + done));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}

ssize_t tmp_read_at(int fd, void *p, size_t n, uint64_t off)
{
	char *b = p;
	size_t done = 0;
	ssize_t got;

	while (done < n) {
		got = pread(fd, b + done, n - done, (off_t)(off + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		done += (size_t)got;
	}
	return (ssize_t)done;
}

const char *tmp_dir(void)
{
	static const char *dir;
	const char *env;
	struct stat st;

	if (dir)
		return dir;
	env = getenv("TMPDIR");
	dir = env && env[0] == '/' && stat(env, &st) == 0 &&
	      S_ISDIR(st.st_mode) && access(env, W_OK | X_OK) == 0
	      ? env : "/tmp";
	return dir;
}

FILE *tmp_file(void)
{
	const char *dir = tmp_dir();
	char path[4096];
	FILE *fp;
	int fd = -1, e;

#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
	if (fd < 0) { /* no O_TMPFILE here: a name, removed at once */
		if ((size_t)snprintf(path, sizeof path, "%s/.assess-XXXXXX", dir)
		    >= sizeof path) {
			errno = ENAMETOOLONG;
			return NULL;
		}
		if ((fd = mkostemp(path, O_CLOEXEC)) < 0)
			return NULL;
		unlink(path);
	}
	if (!(fp = fdopen(fd, "w+"))) {
		e = errno;
		close(fd);
		errno = e;
	}
	return fp;
}
