/*
 * amend_merge.c - the pass that merges the amendments into the spooled
 * results (see amend_impl.h), once 28% of a run of a million star
 * records, and the one copy of the spool to the output when nothing was
 * amended.  The spool is read through a window of it mapped read-only
 * (WINDOW bytes) and its line ends found with memchr: a stretch of
 * NDJSON lines without amendments is copied at once, a line of the JSON
 * layout straight from the window, and only a line longer than a window
 * is read aside (into a buffer held for that line only).  What is written is gathered and handed to
 * the output stream BLOCK bytes at a time.  An amended line takes the
 * members spliced in when they only add new ones (decided by walking the
 * amendments' compact text, no parse), else the line is parsed and a
 * member replaced in place.  Whether the line already has a member of
 * an amendment's key is first asked of memmem: a top-level member "k"
 * is written as "k": and no string's text holds that (its quotes are
 * escaped), so most lines are never walked member by member (that walk
 * was most of the pass's own time on results SB9 amends).
 */
#define _GNU_SOURCE /* memmem */
#include "amend_impl.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK 262144 /* bytes written at once */
#define WINDOW 4194304 /* the spool's bytes mapped at once */
#define KEYS_MAX 64  /* more new members on a line: merged by a parse */
#define KEY_NEEDLE 64 /* a longer key: the line's members walked */

/* The closing quote of the string whose opening quote is s[i] (one not
 * escaped: an even run of backslashes before it), or len.  Most of a
 * result's bytes are inside strings: memchr crosses them. */
static size_t string_end(const char *s, size_t i, size_t len)
{
	const char *q;
	size_t b;

	for (;;) {
		if (!(q = memchr(s + i + 1, '"', len - i - 1)))
			return len;
		i = (size_t)(q - s);
		for (b = i; s[b - 1] == '\\'; b--)
			; /* stops at the opening quote at the latest */
		if ((i - b) % 2 == 0)
			return i;
	}
}

/* The end of the JSON value at s[i] (compact, as jsonw writes it): just
 * past a container, or at the ',' or '}' after a scalar. */
static size_t skip_value(const char *s, size_t i, size_t len)
{
	int depth = 0;

	for (; i < len; i++) {
		if (s[i] == '"') {
			i = string_end(s, i, len);
			continue;
		}
		if (s[i] == '{' || s[i] == '[') {
			depth++;
		} else if (s[i] == '}' || s[i] == ']') {
			if (depth == 0)
				return i;     /* the end of the enclosing object */
			if (--depth == 0)
				return i + 1; /* just past this container */
		} else if (s[i] == ',' && depth == 0) {
			return i;
		}
	}
	return len;
}

/* The raw text of the top-level member key (klen bytes, no escapes) of
 * the compact object s[0..len), its length in *vlen; NULL when absent. */
static const char *top_member(const char *s, size_t len, const char *key,
                              size_t klen, size_t *vlen)
{
	size_t i = 1, k, e, v;

	while (i < len && s[i] == '"') {
		for (k = e = i + 1; e < len && s[e] != '"'; e++)
			e += s[e] == '\\';
		v = e + 2; /* past '"' and ':' */
		i = skip_value(s, v, len);
		if (e - k == klen && memcmp(s + k, key, klen) == 0) {
			*vlen = i - v;
			return s + v;
		}
		if (i >= len || s[i] != ',')
			break;
		i++;
	}
	return NULL;
}

/* The amendments of one result line: their texts one after another in
 * text, where sp[i] says which bytes are the i-th. */
struct span {
	size_t off, len;
};
struct texts {
	struct jsonw_buf text;
	struct span *sp;
	size_t n, cap;
};

/* The top-level keys of one result line, as their raw text (jsonw's,
 * escapes and all), walked once and only when a key is to be looked
 * for; a line of more than LINE_KEYS members keeps the first ones and
 * says so (its amendments are then merged by a parse). */
#define LINE_KEYS 128
struct members {
	const char *line; /* the line walked, or NULL: not yet */
	const char *key[LINE_KEYS];
	size_t klen[LINE_KEYS], n;
	int more; /* keys past LINE_KEYS not kept */
};

/* Walk the top-level members of the compact object s[0..len) into m. */
static void line_members(const char *s, size_t len, struct members *m)
{
	size_t i = 1, k, e;

	m->line = s;
	m->n = 0;
	m->more = 0;
	while (i < len && s[i] == '"') {
		for (k = e = i + 1; e < len && s[e] != '"'; e++)
			e += s[e] == '\\';
		if (m->n < LINE_KEYS) {
			m->key[m->n] = s + k;
			m->klen[m->n++] = e - k;
		} else {
			m->more = 1;
		}
		i = skip_value(s, e + 2, len); /* past '"' and ':' */
		if (i >= len || s[i] != ',')
			break;
		i++;
	}
}

/* Whether the line s[0..len) (its members m, walked on demand) may have
 * a top-level member of key k[0..kl) (no escapes): 0 only when it has
 * none. */
static int may_have(const char *s, size_t len, struct members *m,
                    const char *k, size_t kl)
{
	char needle[KEY_NEEDLE];
	size_t i;

	if (kl + 3 <= sizeof needle) {
		needle[0] = '"';
		memcpy(needle + 1, k, kl);
		needle[kl + 1] = '"';
		needle[kl + 2] = ':';
		if (!memmem(s, len, needle, kl + 3))
			return 0;
	}
	if (m->line != s)
		line_members(s, len, m);
	if (m->more)
		return 1;
	for (i = 0; i < m->n; i++)
		if (m->klen[i] == kl && memcmp(m->key[i], k, kl) == 0)
			return 1;
	return 0;
}

/* Whether the amendments t only add members the result line lacks, none
 * given twice: then their text is spliced in, the line not re-parsed.
 * Their top-level keys are walked as jsonw wrote them; a key written
 * with an escape, or more than KEYS_MAX of them, says no (the parse
 * decides then). */
static int only_new_members(const char *line, size_t len,
                            const struct texts *t)
{
	const char *key[KEYS_MAX];
	size_t klen[KEYS_MAX], nk = 0, i, j, k, e, tl;
	struct members m;
	const char *s;

	m.line = NULL;
	m.n = 0;
	m.more = 0;
	for (i = 0; i < t->n; i++) {
		s = t->text.data + t->sp[i].off;
		tl = t->sp[i].len;
		if (tl < 2 || s[0] != '{' || s[tl - 1] != '}')
			return 0;
		for (j = 1; j < tl - 1;) {
			if (s[j] != '"' || nk == KEYS_MAX)
				return 0;
			for (k = e = j + 1; e < tl && s[e] != '"'; e++)
				if (s[e] == '\\')
					return 0;
			if (e + 1 >= tl || s[e + 1] != ':' ||
			    may_have(line, len, &m, s + k, e - k))
				return 0;
			key[nk] = s + k;
			klen[nk] = e - k;
			for (k = 0; k < nk; k++)
				if (klen[k] == klen[nk] &&
				    memcmp(key[k], key[nk], klen[k]) == 0)
					return 0;
			nk++;
			j = skip_value(s, e + 2, tl);
			if (j < tl - 1 && s[j] == ',')
				j++;
			else if (j != tl - 1)
				return 0;
		}
	}
	return 1;
}

/* Put the members of the text s[0..len) into result (replacing one of
 * the same name in place).  0, or -1 out of memory. */
static int merge(cJSON *result, const char *s, size_t len)
{
	cJSON *obj = cJSON_ParseWithLength(s, len), *m, *old;

	if (!obj)
		return -1;
	while ((m = obj->child)) {
		cJSON_DetachItemViaPointer(obj, m);
		old = cJSON_GetObjectItemCaseSensitive(result, m->string);
		if (old)
			cJSON_ReplaceItemViaPointer(result, old, m);
		else
			cJSON_AddItemToObject(result, m->string, m);
	}
	cJSON_Delete(obj);
	return 0;
}

/* What is written, gathered to be handed to the stream BLOCK bytes at
 * a time: a stream on a file buffers 4 KB, and a million results are
 * over a gigabyte of output.  With a second core, a thread of the sink's
 * own writes one block while the next is filled: the kernel's copy into
 * the page cache was a third of the pass. */
struct sink {
	FILE *out;
	struct jsonw_buf b;    /* being filled */
	int threaded;          /* the writer below runs */
	pthread_t writer;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct jsonw_buf full; /* handed to the writer while busy */
	int busy, done, err;   /* err: the errno of a failed write, or 0 */
};

/* The sink's writer: each block handed over, written in turn. */
static void *writer_main(void *arg)
{
	struct sink *o = arg;
	size_t n;

	pthread_mutex_lock(&o->mu);
	for (;;) {
		while (!o->busy && !o->done)
			pthread_cond_wait(&o->cv, &o->mu);
		if (!o->busy)
			break;
		pthread_mutex_unlock(&o->mu);
		n = fwrite(o->full.data, 1, o->full.len, o->out);
		pthread_mutex_lock(&o->mu);
		if (n != o->full.len && !o->err)
			o->err = errno ? errno : EIO;
		o->busy = 0;
		pthread_cond_broadcast(&o->cv);
	}
	pthread_mutex_unlock(&o->mu);
	return NULL;
}

/* Wait until the writer has written what it was handed.  0, or -1 with
 * the errno of its failed write. */
static int idle(struct sink *o)
{
	int e;

	pthread_mutex_lock(&o->mu);
	while (o->busy)
		pthread_cond_wait(&o->cv, &o->mu);
	e = o->err;
	pthread_mutex_unlock(&o->mu);
	if (e)
		errno = e;
	return e ? -1 : 0;
}

/* Start the sink's writer when threaded; else, or when it cannot start,
 * the pass writes on its own thread. */
static void sink_start(struct sink *o, int threaded)
{
	if (!threaded || pthread_mutex_init(&o->mu, NULL) != 0)
		return;
	if (pthread_cond_init(&o->cv, NULL) != 0) {
		pthread_mutex_destroy(&o->mu);
		return;
	}
	if (pthread_create(&o->writer, NULL, writer_main, o) != 0) {
		pthread_cond_destroy(&o->cv);
		pthread_mutex_destroy(&o->mu);
		return;
	}
	o->threaded = 1;
}

/* Hand what b holds to the stream, or to the writer.  0, or -1. */
static int drain(struct sink *o)
{
	struct jsonw_buf t;
	size_t n = o->b.len;

	if (!n)
		return 0;
	o->b.len = 0;
	if (!o->threaded)
		return fwrite(o->b.data, 1, n, o->out) != n ? -1 : 0;
	if (idle(o) < 0)
		return -1;
	pthread_mutex_lock(&o->mu);
	t = o->full;
	o->full = o->b;
	o->full.len = n;
	o->b = t;
	o->b.len = 0;
	o->busy = 1;
	pthread_cond_broadcast(&o->cv);
	pthread_mutex_unlock(&o->mu);
	return 0;
}

/* Hand on what is left, stop the writer and give back the buffers.
 * ok: the pass succeeded so far.  0, or -1. */
static int sink_end(struct sink *o, int ok)
{
	int rc = ok && drain(o) == 0 ? 0 : -1, e = errno;

	if (o->threaded) {
		if (idle(o) < 0)
			rc = -1, e = errno;
		pthread_mutex_lock(&o->mu);
		o->done = 1;
		pthread_cond_broadcast(&o->cv);
		pthread_mutex_unlock(&o->mu);
		pthread_join(o->writer, NULL);
		pthread_cond_destroy(&o->cv);
		pthread_mutex_destroy(&o->mu);
	}
	jsonw_buf_free(&o->b);
	jsonw_buf_free(&o->full);
	errno = e;
	return rc;
}

/* Write p[0..n).  0, or -1. */
static int put(struct sink *o, const char *p, size_t n)
{
	if (o->b.len + n > BLOCK && drain(o) < 0)
		return -1;
	if (n >= BLOCK) /* at once, not through b; after what was handed on */
		return (o->threaded && idle(o) < 0) ||
		       fwrite(p, 1, n, o->out) != n ? -1 : 0;
	if (jsonw_reserve(&o->b, n) < 0)
		return -1;
	memcpy(o->b.data + o->b.len, p, n);
	o->b.len += n;
	return 0;
}

/* Write result line (len bytes, its newline excluded) with the
 * amendments t merged.  0, or -1. */
static int write_merged(struct sink *o, const char *line, size_t len,
                        const struct texts *t)
{
	cJSON *res = cJSON_ParseWithLength(line, len);
	size_t i;
	int rc = -1;

	if (!res)
		return -1;
	for (i = 0; i < t->n; i++)
		if (merge(res, t->text.data + t->sp[i].off, t->sp[i].len) < 0)
			goto out;
	if (jsonw_append(&o->b, res) == 0 && (o->b.len < BLOCK || drain(o) == 0))
		rc = 0;
out:
	cJSON_Delete(res);
	return rc;
}

/* Write result line (len bytes, its newline excluded) with the
 * amendments t merged: spliced in when they only add members, else
 * through a parse (a member replaced in place).  A rejected result is
 * written as it was.  0, or -1. */
static int write_line(struct sink *o, const char *line, size_t len,
                      const struct texts *t)
{
	size_t vlen = 0, i;
	const char *st = top_member(line, len, "status", 6, &vlen), *s;

	if (st && vlen == 10 && memcmp(st, "\"rejected\"", 10) == 0)
		return put(o, line, len); /* as it was */
	if (len < 2 || line[len - 1] != '}' || !only_new_members(line, len, t))
		return write_merged(o, line, len, t);
	if (put(o, line, len - 1) < 0)
		return -1;
	for (i = 0; i < t->n; i++) {
		s = t->text.data + t->sp[i].off;
		if (t->sp[i].len > 2 && (put(o, ",", 1) < 0 ||
		    put(o, s + 1, t->sp[i].len - 2) < 0))
			return -1;
	}
	return put(o, "}", 1);
}

/* Read the amendments e[0..n) into t.  0, or -1. */
static int gather(struct amend_window *w, const struct amend_entry *e, size_t n,
                  struct texts *t)
{
	size_t i;

	t->text.len = 0;
	t->n = 0;
	if (n > t->cap) {
		struct span *sp = realloc(t->sp, n * sizeof *sp);
		if (!sp)
			return -1;
		t->sp = sp;
		t->cap = n;
	}
	for (i = 0; i < n; i++) {
		t->sp[i].off = t->text.len;
		if (amend_fetch(w, &e[i], &t->text) < 0)
			return -1;
		t->sp[i].len = t->text.len - t->sp[i].off;
		t->n++;
	}
	return 0;
}

/* The spool read through a window of it mapped read-only, WINDOW bytes
 * from a page boundary: what is taken is in place, so its bytes are
 * never copied out of the page cache (read(2) into a block was 70% of
 * the pass at a million results, all of it in the kernel's copy).  The
 * window moves on when a line runs past its end; a line longer than a
 * window is read aside into big, for that line only. */
struct lines {
	int fd;
	uint64_t size;  /* the spool's bytes */
	uint64_t at;    /* the file offset of map[0] */
	char *map;      /* the window, or NULL when empty */
	size_t len;     /* its bytes */
	size_t pos;     /* map[pos] the first byte not yet taken */
	struct jsonw_buf big;
};

/* The first byte not yet taken ("" past the end of an empty window). */
static const char *here(const struct lines *l)
{
	return l->map ? l->map + l->pos : "";
}

/* Map the window that holds file offset off, from the page it is on.
 * 0, or -1 with errno. */
static int slide(struct lines *l, uint64_t off)
{
	uint64_t base = off - off % (uint64_t)sysconf(_SC_PAGESIZE);
	size_t len = l->size - base < WINDOW ? (size_t)(l->size - base)
	                                     : WINDOW;
	void *m = NULL;

	if (l->map)
		munmap(l->map, l->len);
	l->map = NULL;
	if (len && (m = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
	                     l->fd, (off_t)base)) == MAP_FAILED)
		return -1;
	l->map = m;
	l->len = len;
	l->at = base;
	l->pos = (size_t)(off - base);
	return 0;
}

/* The window holds no newline from pos on and cannot grow: read the
 * line from the file into big, up to its newline or the end, and move
 * the window past it.  0, or -1. */
static int long_line(struct lines *l, const char **line, size_t *len)
{
	uint64_t from = l->at + l->pos, off = from;
	const char *nl = NULL;
	ssize_t got;

	l->big.len = 0;
	while (!nl && off < l->size) {
		if (jsonw_reserve(&l->big, BLOCK) < 0)
			return -1;
		do
			got = pread(l->fd, l->big.data + l->big.len, BLOCK,
			            (off_t)off);
		while (got < 0 && errno == EINTR);
		if (got <= 0) {
			errno = got < 0 ? errno : EIO;
			return -1;
		}
		nl = memchr(l->big.data + l->big.len, '\n', (size_t)got);
		l->big.len += (size_t)got;
		off += (uint64_t)got;
	}
	*line = l->big.data;
	*len = nl ? (size_t)(nl - l->big.data) : l->big.len;
	return slide(l, from + *len + (nl != NULL));
}

/* The next line (its newline excluded; the last may lack one), valid
 * until the next call.  1, 0 at the end, or -1 (a read error, or out of
 * memory). */
static int take_line(struct lines *l, const char **line, size_t *len)
{
	const char *p, *nl;

	jsonw_buf_free(&l->big); /* what a long line took, held no longer */
	for (;;) {
		p = here(l);
		nl = l->len > l->pos ? memchr(p, '\n', l->len - l->pos) : NULL;
		if (nl || (l->at + l->len == l->size && l->pos < l->len)) {
			*line = p;
			*len = nl ? (size_t)(nl - p) : l->len - l->pos;
			l->pos += *len + (nl != NULL);
			return 1;
		}
		if (l->at + l->len == l->size)
			return 0;
		if (l->pos < (size_t)sysconf(_SC_PAGESIZE))
			return long_line(l, line, len) < 0 ? -1 : 1;
		if (slide(l, l->at + l->pos) < 0)
			return -1;
	}
}

/* How many whole lines, at most max, the block holds from pos on; their
 * bytes (newlines included) in *bytes. */
static uint64_t whole_lines(const struct lines *l, uint64_t max,
                            size_t *bytes)
{
	const char *p = here(l), *end = p + (l->len - l->pos), *nl;
	uint64_t n = 0;

	while (n < max && p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		p = nl + 1;
		n++;
	}
	*bytes = (size_t)(p - here(l));
	return n;
}

int amend_merge_lines(FILE *in, FILE *out, int json, int threaded,
                      const struct amend_entry *v, size_t nv,
                      struct amend_window *w)
{
	struct lines l = { fileno(in), 0, 0, NULL, 0, 0, { 0 } };
	struct sink o = { .out = out };
	struct texts t = { { 0 }, NULL, 0, 0 };
	struct stat st;
	const char *line;
	size_t len, i = 0, j, bytes;
	uint64_t k = 0, next, n;
	int rc = -1, got;

	if (fflush(in) != 0 || fstat(l.fd, &st) != 0)
		goto out;
	l.size = (uint64_t)st.st_size;
	if (slide(&l, 0) < 0)
		goto out;
	sink_start(&o, threaded);
	for (;;) {
		while (i < nv && v[i].handle <= k)
			i++; /* no such line: nothing to amend */
		next = i < nv ? v[i].handle : UINT64_MAX;
		/* NDJSON: the lines up to the next amended one at once */
		if (!json && next - k > 1 &&
		    (n = whole_lines(&l, next - k - 1, &bytes)) > 0) {
			if (put(&o, here(&l), bytes) < 0)
				goto out;
			l.pos += bytes;
			k += n;
			continue;
		}
		if ((got = take_line(&l, &line, &len)) <= 0) {
			rc = got < 0 ? -1 : 0;
			goto out;
		}
		k++;
		for (j = i; j < nv && v[j].handle == k; j++)
			;
		if (json && (k == 1 ? put(&o, "    ", 4)
		                    : put(&o, ",\n    ", 6)) < 0)
			goto out;
		if (j > i ? gather(w, v + i, j - i, &t) < 0 ||
		            write_line(&o, line, len, &t) < 0
		          : put(&o, line, len) < 0)
			goto out;
		if (!json && put(&o, "\n", 1) < 0)
			goto out;
		i = j;
	}
out:
	rc = sink_end(&o, rc == 0);
	if (l.map)
		munmap(l.map, l.len);
	jsonw_buf_free(&l.big);
	jsonw_buf_free(&t.text);
	free(t.sp);
	return rc;
}
