/*
 * amend.c - batch-aware results (see amend.h).  An amendment is kept in
 * memory as an 8-byte entry: its handle (the result's line in the spool)
 * and the length of the compact JSON text of the members to add, which
 * lies in an unlinked temporary file.  The texts are written there in the
 * order the entries are made, so each text's offset is the sum of the
 * lengths before it and is worked out only when the output is written
 * (struct amend_entry, amend_impl.h): the finish step, the run's peak,
 * holds half the bytes.  The texts go to that file through one reused
 * buffer, so the heap holds the entries only: a third of a million
 * amended results would otherwise keep tens of megabytes of text.  The object a plugin fills is packed
 * when it asks for the next one or when finish ends, so at most one is a
 * tree at a time.  The spool is rewritten once, at the end, only when
 * any are held; a run without amendments writes its results as before,
 * byte for byte.  Merging reads the spool in large blocks and the texts
 * through a read-ahead window, and splices members in without parsing
 * when they only add new ones.
 *
 * The text file is written and read only with pwrite and pread at the
 * offsets kept here, never through its stdio buffer: a child forked by
 * isolation that drops what it inherited closes the file without writing
 * into the parent's texts.
 */
#include "amend.h"
#include "amend_impl.h"
#include "run.h"
#include "tmp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A held entry: its handle above the low LEN_BITS, its text's length in
 * them; struct amend_entry: the text's offset above them.  A text of
 * TEXT_MAX bytes or more is an error, not truncated.  A handle past
 * HANDLE_MAX (2^40 results, whose 8-byte entries alone would be 8 TB)
 * is taken for what it would be: more than memory holds. */
#define LEN_BITS AMEND_LEN_BITS
#define TEXT_MAX (((uint64_t)1 << LEN_BITS) - 1)
#define OFF_MAX (((uint64_t)1 << (64 - LEN_BITS)) - 1)
#define HANDLE_MAX OFF_MAX
#define WRITE_CHUNK 65536 /* texts gathered before a write */
#define WINDOW 65536      /* texts read ahead at once */

/* The run's amendments (run.h): the ABI's amend and result_handle take
 * no run, so each call reaches them through run_active; NULL outside a
 * run, where there is nothing to amend. */
static struct amend *amends(void)
{
	struct run *r = run_active();

	return r ? r->amend : NULL;
}

uint64_t amend_handle(long index)
{
	struct amend *a = amends();
	uint64_t h;

	if (index <= 0)
		return 0;
	h = (uint64_t)index;
	if (a && h > a->max_handle)
		a->max_handle = h;
	return h;
}

/* Write what wb holds to the text file, at its place.  0, or -1. */
static int flush_text(struct amend *a)
{
	if (tmp_write_at(fileno(a->tf), a->wb.data, a->wb.len,
	                 a->tlen - a->wb.len) < 0)
		return -1;
	a->wb.len = 0;
	return 0;
}

/* Keep obj (an object) as the compact text of an amendment of handle.
 * 0, or -1 (why in a->failed): out of memory (or a handle past
 * HANDLE_MAX), a text of TEXT_MAX bytes or more, or the text file not
 * made or not written. */
static int keep(struct amend *a, uint64_t handle, const cJSON *obj)
{
	size_t start = a->wb.len;
	uint64_t len;
	int e = ENOMEM;

	if (a->failed)
		return -1;
	if (handle > HANDLE_MAX)
		goto fail;
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 64;
		uint64_t *v = realloc(a->v, cap * sizeof *v);
		if (!v)
			goto fail;
		a->v = v;
		a->cap = cap;
	}
	if (!a->tf && !(a->tf = tmp_file())) {
		e = errno ? errno : EIO;
		goto fail;
	}
	if (jsonw_append(&a->wb, obj) < 0) {
		e = a->wb.failed ? ENOMEM : EINVAL;
		goto fail;
	}
	len = a->wb.len - start;
	if (len >= TEXT_MAX || a->tlen + len > OFF_MAX) {
		e = EFBIG;
		goto fail;
	}
	a->v[a->n++] = handle << LEN_BITS | len;
	a->tlen += len;
	if (a->wb.len >= WRITE_CHUNK && flush_text(a) < 0) {
		e = errno;
		goto fail;
	}
	return 0;
fail:
	a->wb.len = start;
	a->failed = e;
	return -1;
}

/* The run's word of the amendment being filled (run.h amend_open): the
 * host's put services ask it of every member put. */
static void opened(const cJSON *n)
{
	struct run *r = run_active();

	if (r)
		r->amend_open = n;
}

/* Pack the open node into its text, when it holds anything. */
static void pack(struct amend *a)
{
	if (!a->open)
		return;
	if (a->open->child)
		keep(a, a->open_handle, a->open); /* a failure is in a->failed */
	cJSON_Delete(a->open);
	a->open = NULL;
	opened(NULL);
}

assess_node *amend_node(uint64_t handle)
{
	struct amend *a = amends();

	if (!a || !a->finishing || handle == 0 || handle > a->max_handle)
		return NULL;
	pack(a);
	a->open = cJSON_CreateObject();
	a->open_handle = handle;
	opened(a->open);
	return (assess_node *)a->open;
}

/* Drop the amendments held, keeping the handles given out. */
static void drop(struct amend *a)
{
	uint64_t max = a->max_handle;

	amend_free(a);
	a->max_handle = max;
}

void amend_finishing(int on)
{
	struct amend *a = amends();

	if (!a)
		return;
	if (on)
		drop(a); /* a finish step starts: nothing from another run */
	else
		pack(a);
	a->finishing = on;
}

int amend_failed(void)
{
	const struct amend *a = amends();

	return a ? a->failed : 0;
}

size_t amend_count(void)
{
	const struct amend *a = amends();

	return a ? a->n : 0;
}

size_t amend_bytes(void)
{
	const struct amend *a = amends();

	return a ? a->n * sizeof *a->v : 0;
}

uint64_t amend_disk_bytes(void)
{
	const struct amend *a = amends();

	return a ? a->tlen : 0;
}

void amend_free(struct amend *a)
{
	if (!a)
		return;
	if (a->open)
		opened(NULL);
	cJSON_Delete(a->open);
	free(a->v);
	if (a->tf)
		fclose(a->tf); /* nothing buffered in it: see the top */
	jsonw_buf_free(&a->wb);
	memset(a, 0, sizeof *a);
}

/* The held entry v as the merge reads it; *off: where its text starts,
 * moved past it (the entries are read in the order made). */
static struct amend_entry entry_at(uint64_t v, uint64_t *off)
{
	struct amend_entry e;
	uint64_t len = v & TEXT_MAX;

	e.handle = v >> LEN_BITS;
	e.at = *off << LEN_BITS | len;
	*off += len;
	return e;
}

static int by_handle(const void *a, const void *b)
{
	const struct amend_entry *x = a, *y = b;

	if (x->handle != y->handle)
		return x->handle < y->handle ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at; /* in the order made */
}

/* A text inside the window costs no read; one just past it moves the
 * window there (texts made in handle order are then read sequentially);
 * any other is read alone, so that texts scattered across the file cost
 * one small read each. */
int amend_fetch(struct amend_window *w, const struct amend_entry *e,
                struct jsonw_buf *b)
{
	uint64_t off = e->at >> LEN_BITS, end = w->off + w->len;
	size_t len = (size_t)(e->at & TEXT_MAX);
	ssize_t got;

	if (jsonw_reserve(b, len) < 0)
		return -1;
	if (off < w->off || off + len > end) {
		if (len > WINDOW / 2 || off < end || off - end >= WINDOW) {
			if (tmp_read_at(w->fd, b->data + b->len, len, off) != (ssize_t)len)
				return -1;
			b->len += len;
			return 0;
		}
		got = tmp_read_at(w->fd, w->data, WINDOW, off);
		if (got < (ssize_t)len)
			return -1;
		w->off = off;
		w->len = (size_t)got;
	}
	memcpy(b->data + b->len, w->data + (off - w->off), len);
	b->len += len;
	return 0;
}

/* Ready the texts to be read back: the last ones written out, a window
 * allocated.  0, or -1. */
static int window_open(struct amend *a, struct amend_window *w)
{
	memset(w, 0, sizeof *w);
	w->fd = a->tf ? fileno(a->tf) : -1;
	if (a->failed) {
		errno = a->failed;
		return -1;
	}
	if (a->tf && flush_text(a) < 0)
		return -1;
	return (w->data = malloc(WINDOW)) ? 0 : -1;
}

cJSON *amend_export(void)
{
	struct amend *a = amends();
	struct amend_window w = { 0 };
	struct jsonw_buf t = { 0 };
	struct amend_entry e = { 0, 0 };
	cJSON *list = NULL, *pair, *obj;
	uint64_t off = 0;
	size_t i;

	if (!a || !a->n || window_open(a, &w) < 0 || !(list = cJSON_CreateArray()))
		goto fail;
	for (i = 0; i < a->n; i++) {
		e = entry_at(a->v[i], &off);
		t.len = 0;
		if (amend_fetch(&w, &e, &t) < 0 ||
		    !(obj = cJSON_ParseWithLength(t.data, t.len)))
			goto fail;
		if (!(pair = cJSON_CreateArray())) {
			cJSON_Delete(obj);
			goto fail;
		}
		cJSON_AddItemToArray(list, pair);
		cJSON_AddItemToArray(pair,
		                     cJSON_CreateNumber((double)e.handle));
		cJSON_AddItemToArray(pair, obj);
		if (cJSON_GetArraySize(pair) != 2)
			goto fail;
	}
	free(w.data);
	jsonw_buf_free(&t);
	return list;
fail:
	free(w.data);
	jsonw_buf_free(&t);
	cJSON_Delete(list);
	return NULL;
}

int amend_import(const cJSON *list)
{
	struct amend *a = amends();
	const cJSON *pair;

	if (!a || !cJSON_IsArray(list))
		return -1;
	cJSON_ArrayForEach(pair, list) {
		const cJSON *h = cJSON_GetArrayItem(pair, 0);
		const cJSON *obj = cJSON_GetArrayItem(pair, 1);

		if (!cJSON_IsNumber(h) || h->valuedouble < 1 ||
		    h->valuedouble > 9007199254740992.0 || !cJSON_IsObject(obj))
			return -1;
		if (keep(a, (uint64_t)h->valuedouble, obj) < 0)
			return -1;
	}
	return 0;
}

/* The amendments held, as the merge reads them, in handle order (those
 * of one handle in the order made); NULL (errno set) when one was not
 * kept or out of memory.  The held entries are given back: the output
 * is written once. */
static struct amend_entry *in_order(struct amend *a)
{
	struct amend_entry *e;
	uint64_t off = 0;
	size_t i, sorted = 1;

	if (a->failed) {
		errno = a->failed;
		return NULL;
	}
	if (!(e = malloc((a->n + 1) * sizeof *e)))
		return NULL;
	for (i = 0; i < a->n; i++) {
		e[i] = entry_at(a->v[i], &off);
		if (i && e[i].handle < e[i - 1].handle)
			sorted = 0;
	}
	free(a->v);
	a->v = NULL;
	a->cap = 0;
	if (!sorted)
		qsort(e, a->n, sizeof *e, by_handle);
	return e;
}

/* Merge the amendments, in order, into the lines of in, to out (see
 * amend_merge_lines). */
static int merge(struct amend *a, FILE *in, FILE *out, int json,
                 int threaded)
{
	struct amend_window w = { 0 };
	struct amend_entry *e = NULL;
	int rc = -1;

	if (window_open(a, &w) == 0 && (e = in_order(a)))
		rc = amend_merge_lines(in, out, json, threaded, e, a->n, &w);
	free(e);
	free(w.data);
	return rc;
}

int amend_copy(FILE *spool, FILE *out, int json, int threaded)
{
	struct amend none = { 0 }, *a = amends();
	int rc, e;

	if (!a)
		a = &none; /* outside a run: the lines copied as they are */
	rc = merge(a, spool, out, json, threaded);
	e = errno;
	amend_free(a);
	errno = e; /* why it failed, for the caller's message */
	return rc;
}

int amend_apply(FILE **spool)
{
	struct amend *a = amends();
	FILE *out = NULL;
	int rc = -1, e;

	if (!a || (!a->n && !a->failed))
		return 0;
	if (!(out = tmp_file()) || merge(a, *spool, out, 0, 0) < 0 ||
	    fflush(out) != 0)
		goto out;
	fclose(*spool);
	*spool = out;
	out = NULL;
	rc = 0;
out:
	e = errno;
	if (out)
		fclose(out);
	amend_free(a);
	errno = e;
	return rc;
}
