/*
 * spill.c - strings a scheme keeps out of memory: a roster's names
 * (assess_roster_spill_names, include/assess/collect.h) go to an unlinked
 * temporary file as members are added and are read back when finish
 * writes them: one at a time, or many at once in the file's order
 * (sdk_spill_gather).  Part of libassess_scheme.a.
 *
 * A kept member's name is written into a few results at most (when it is
 * paired), never compared: at a million records its 30 bytes a member
 * held through the batch were a quarter of the run's peak, and a file
 * read back a name at a time costs a read call per name written.
 */
#define _GNU_SOURCE /* O_TMPFILE, mkostemp */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assess/scheme.h"
#include "internal.h"

/* The bytes written last are kept here until there are this many, so a
 * name costs a write call only once in thousands. */
#define SPILL_TAIL 65536

struct assess_spill {
	const assess_host *h; /* whose log says why the file failed */
	int fd;               /* -1 until the first string is put */
	char *dir;            /* where the file is (for the message) */
	uint64_t size;        /* bytes put, those in tail included */
	size_t ntail;
	char tail[SPILL_TAIL]; /* the last ntail bytes, not yet in the file */
	char *back;           /* the string read back last */
	size_t nback;         /* room at back */
	int failed;           /* a write or read failed (said once) */
};

struct assess_spill *sdk_spill_new(const assess_host *h)
{
	struct assess_spill *sp = calloc(1, sizeof *sp);

	if (!sp)
		return NULL;
	sp->h = h;
	sp->fd = -1;
	return sp;
}

void sdk_spill_free(struct assess_spill *sp)
{
	if (!sp)
		return;
	if (sp->fd >= 0)
		close(sp->fd);
	free(sp->dir);
	free(sp->back);
	free(sp);
}

/* Say once, through the host's log, that the file could not be written
 * (or, reading, read back) for the reason errno e. */
static int spill_fail(struct assess_spill *sp, int e, int reading)
{
	const char *dir = sp->dir ? sp->dir : "/tmp";

	if (!sp->failed && sp->h && sp->h->log) {
		if (reading)
			sp->h->log(ASSESS_LOG_ERROR, SDK_TR("cannot read the names' "
			           "temporary file back (in %s): %s"), dir,
			           strerror(e));
		else
			sp->h->log(ASSESS_LOG_ERROR, SDK_TR("cannot write the names' "
			           "temporary file (in %s): %s (TMPDIR names another "
			           "folder)"), dir, strerror(e));
	}
	sp->failed = 1;
	return ASSESS_EPLUGIN;
}

/* The file, made without a name where the file system allows, else named
 * and its name removed at once, in $TMPDIR (an absolute, writable folder)
 * or /tmp, as the host makes its own.  0, or -1 with errno set. */
static int spill_open(struct assess_spill *sp)
{
	const char *env = getenv("TMPDIR");
	char path[4096];
	struct stat st;

	sp->dir = strdup(env && env[0] == '/' && stat(env, &st) == 0 &&
	                 S_ISDIR(st.st_mode) && access(env, W_OK | X_OK) == 0
	                 ? env : "/tmp");
	if (!sp->dir)
		return -1;
#ifdef O_TMPFILE
	sp->fd = open(sp->dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
	if (sp->fd < 0) {
		if ((size_t)snprintf(path, sizeof path, "%s/.assess-XXXXXX",
		                     sp->dir) >= sizeof path) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if ((sp->fd = mkostemp(path, O_CLOEXEC)) < 0)
			return -1;
		unlink(path);
	}
	return 0;
}

/* Write the n bytes at p at the file's end.  0, or -1 with errno set. */
static int write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int sdk_spill_put(struct assess_spill *sp, const char *s, uint32_t *at)
{
	size_t len = strlen(s) + 1;

	if (sp->failed)
		return ASSESS_EPLUGIN;
	if (sp->size + len >= UINT32_MAX)
		return ASSESS_ENOMEM; /* as a pool past 4 GB */
	if (sp->fd < 0 && spill_open(sp) < 0)
		return spill_fail(sp, errno, 0);
	if (sp->ntail + len > SPILL_TAIL) {
		if (write_all(sp->fd, sp->tail, sp->ntail) < 0)
			return spill_fail(sp, errno, 0);
		sp->ntail = 0;
	}
	*at = (uint32_t)sp->size + 1;
	if (len > SPILL_TAIL) { /* a name longer than the tail: at once */
		if (write_all(sp->fd, s, len) < 0)
			return spill_fail(sp, errno, 0);
	} else {
		memcpy(sp->tail + sp->ntail, s, len);
		sp->ntail += len;
	}
	sp->size += len;
	return ASSESS_OK;
}

/* Up to n bytes from offset off into buf, from the file or the tail: how
 * many (0 past the end), or -1 with errno set. */
static ssize_t spill_read(const struct assess_spill *sp, uint64_t off,
                          char *buf, size_t n)
{
	uint64_t flushed = sp->size - sp->ntail;
	ssize_t got;

	if (off >= sp->size)
		return 0;
	if (n > sp->size - off)
		n = (size_t)(sp->size - off);
	if (off >= flushed) {
		memcpy(buf, sp->tail + (off - flushed), n);
		return (ssize_t)n;
	}
	if (n > flushed - off)
		n = (size_t)(flushed - off);
	do
		got = pread(sp->fd, buf, n, (off_t)off);
	while (got < 0 && errno == EINTR);
	return got;
}

const char *sdk_spill_get(struct assess_spill *sp, uint32_t at)
{
	size_t len = 0;
	ssize_t got;

	if (sp->failed || !at || at > sp->size)
		return NULL;
	for (;;) {
		if (sp->nback - len < 64) { /* most names fit the first read */
			size_t room = sp->nback ? 2 * sp->nback : 128;
			char *b = realloc(sp->back, room);
			if (!b) {
				spill_fail(sp, ENOMEM, 1);
				return NULL;
			}
			sp->back = b;
			sp->nback = room;
		}
		got = spill_read(sp, at - 1 + (uint64_t)len, sp->back + len,
		                 sp->nback - len);
		if (got <= 0) { /* the end before a NUL: the file was cut */
			spill_fail(sp, got < 0 ? errno : EIO, 1);
			return NULL;
		}
		if (memchr(sp->back + len, '\0', (size_t)got))
			return sp->back;
		len += (size_t)got;
	}
}

int sdk_spill_status(const struct assess_spill *sp)
{
	return sp && sp->failed ? ASSESS_EPLUGIN : ASSESS_OK;
}

/* Sort w's strings by where they are in the file: key[k] gets at << 32
 * | k, in order (radix, a byte at a time over at; tmp: room for n). */
static void gather_order(const struct sdk_spill_want *w, size_t n,
                         uint64_t *key, uint64_t *tmp)
{
	size_t count[256], k, b, sum;
	int shift;

	for (k = 0; k < n; k++)
		key[k] = (uint64_t)w[k].at << 32 | k;
	for (shift = 32; shift < 64; shift += 8) {
		memset(count, 0, sizeof count);
		for (k = 0; k < n; k++)
			count[key[k] >> shift & 0xff]++;
		for (b = 0, sum = 0; b < 256; b++) {
			size_t c = count[b];
			count[b] = sum;
			sum += c;
		}
		for (k = 0; k < n; k++)
			tmp[count[key[k] >> shift & 0xff]++] = key[k];
		memcpy(key, tmp, n * sizeof *key);
	}
}

/* How many bytes to read from off, where the string key[k] starts: as
 * far as the last of those after it that lie close (a gap of at most
 * GATHER_GAP, as cheap to read over as a read call), and what the last
 * of them may hold, at most GATHER_READ. */
#define GATHER_READ 65536
#define GATHER_GAP 8192
#define GATHER_NAME 256 /* the room read past the last string's start */
static size_t gather_span(const uint64_t *key, size_t n, size_t k,
                          uint64_t off)
{
	uint64_t last = off;

	for (k++; k < n; k++) {
		uint64_t at = (key[k] >> 32) - 1;
		if (at - last > GATHER_GAP || at + GATHER_NAME - off > GATHER_READ)
			break;
		last = at;
	}
	return (size_t)(last + GATHER_NAME - off);
}

void sdk_spill_gather(struct assess_spill *sp, struct sdk_spill_want *w,
                      size_t n, char *buf, size_t room, uint64_t *scratch)
{
	uint64_t start = 0, off;
	size_t k, used = 0, got = 0;
	char *rd;
	int in;

	for (k = 0; k < n; k++)
		w[k].got = SDK_SPILL_MISS;
	if (!n || sp->failed || !(rd = malloc(GATHER_READ)))
		return; /* each read alone (sdk_spill_get) */
	gather_order(w, n, scratch, scratch + n);
	for (k = 0; k < n; k++) {
		struct sdk_spill_want *x = &w[scratch[k] & UINT32_MAX];
		const char *nul;
		size_t len;
		ssize_t r;
		if (!x->at || x->at > sp->size)
			continue;
		off = x->at - 1;
		in = off >= start && off - start < got;
		/* not in what was read, or cut at its end: read from it */
		if (!in || !memchr(rd + (off - start), '\0', got - (off - start))) {
			if (in && off == start)
				continue; /* longer than what was read: alone */
			r = spill_read(sp, off, rd, gather_span(scratch, n, k, off));
			if (r <= 0)
				break;
			start = off;
			got = (size_t)r;
		}
		if (!(nul = memchr(rd + (off - start), '\0', got - (off - start))))
			continue; /* longer than what was read: alone */
		len = (size_t)(nul - (rd + (off - start))) + 1;
		if (len > room - used)
			continue; /* no room left: alone */
		memcpy(buf + used, rd + (off - start), len);
		x->got = (uint32_t)used;
		used += len;
	}
	free(rd);
}
