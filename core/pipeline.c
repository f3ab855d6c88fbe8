/*
 * pipeline.c - reading and writing beside the plugin's thread (see
 * pipeline.h).
 *
 * Two rings, each with its own lock: records from the reader to the
 * caller (RING slots whose text buffers are reused, and at most RING_BYTES
 * of text queued, so a run of large records does not pile up), and the
 * results' trees from the caller to the writer (at most one a record
 * arena, mem.h, and QUEUE in all).
 * A side waits only when its ring is empty or full, and the reader wakes
 * the caller only for a batch (a quarter of the ring) or when it is about
 * to wait itself: waking per record cost more than the work it moved.
 *
 * Each tree lies in one run of memory: a record's is parsed into its
 * slot's arena (mem.h) and a result is made in its record's, each taken
 * back whole when it comes round again.  Malloc'd node by node, a tree
 * read on another CPU was a miss a node, and freeing it there cost more
 * than serialising it: the caller serialised its results itself, and the
 * reader spent a third of its time freeing.
 *
 * The reader may be waiting on a pipe whose producer never writes again
 * nor closes; the end of the run wakes it through a pipe of its own
 * (input_set_wake), so a run that stops early stops at once.
 */
#define _GNU_SOURCE /* sched_getaffinity */
#include "pipeline.h"
#include "diag.h"
#include "jsonw.h"
#include "mem.h"
#include "sheetin.h"
#include "validate.h"
#include "verdict.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define RING MEM_SLOTS /* a slot, an arena (mem.h) */
#define RING_BYTES ((size_t)8 << 20)
#define QUEUE (2 * MEM_RINGS) /* results handed to the writer */
#define CHUNK ((size_t)64 << 10) /* text gathered before a write */
/* A record this large is left for the caller to parse: a huge parse on
 * the reader's thread would take its memory beside the caller's work. */
#define PARSE_MAX ((size_t)1 << 20)
#define STACK ((size_t)1 << 20)

struct slot {
	struct input_rec rec; /* text points into buf */
	char *buf;
	size_t cap;
	cJSON *root;          /* clean, or NULL; the reader frees it */
	int got;              /* input_next's return */
	struct sheetin_rowcopy row; /* a spreadsheet row's state (rec.row) */
	struct diag_held said; /* what reading it said, said by the caller
	                          when it takes the record */
};

/* A result handed to the writer. */
struct handed {
	cJSON *root;
	unsigned ring; /* the record arena it lies in (mem.h), or MEM_RINGS */
	int del;       /* not all in the arena: cJSON_Delete it when written */
};

struct pipeline {
	struct input *in;
	struct output *out;

	pthread_mutex_t rmu;
	pthread_cond_t rcond;
	struct slot slot[RING];
	unsigned rhead, rtail;    /* filled, handed out */
	int held;                 /* the caller holds slot rtail - 1 */
	size_t rbytes;            /* text queued */
	int rwait_reader, rwait_main, rstop;
	char rerr[1024];          /* why the input ended, with got <= 0 */

	pthread_mutex_t wmu;
	pthread_cond_t wcond;
	struct handed q[QUEUE];
	unsigned whead, wtail;    /* results handed over, serialised */
	unsigned char busy[MEM_RINGS]; /* the arena holds a result in q */
	unsigned ring;            /* the caller's: its record's arena */
	struct jsonw_buf text;    /* the writer's: results not yet written */
	long ntext;               /* how many */
	int wwait_writer, wwait_main, wstop, wfailed, werrno;

	pthread_mutex_t parse_mu;
	pthread_t reader, writer;
	int wake[2];              /* written at the end: the reader stops
	                             waiting on its input */
};

int pipeline_threads(long jobs)
{
	cpu_set_t set;

	if (jobs == 0)
		jobs = sched_getaffinity(0, sizeof set, &set) == 0
		       ? CPU_COUNT(&set) : 1;
	return jobs >= 2 ? 3 : 1;
}

/* text's tree when it is clean JSON as the batch takes it (verdict.h),
 * or NULL. */
static cJSON *parse_clean(struct pipeline *p, const char *text, size_t len)
{
	const char *end = NULL;
	cJSON *root;

	if (len > PARSE_MAX || utf8_invalid_at(text, len) >= 0)
		return NULL;
	pthread_mutex_lock(&p->parse_mu);
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	pthread_mutex_unlock(&p->parse_mu);
	if (root && !verdict_clean(text, len, root, end)) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* Copy rec into slot i (an oversize record's text is not needed) and
 * parse it into the slot's arena (mem.h).  0, or -1 out of memory. */
static int fill(struct pipeline *p, unsigned i, const struct input_rec *rec)
{
	struct slot *s = &p->slot[i];
	size_t len = rec->oversize ? 0 : rec->len;

	if (len + 1 > s->cap) {
		char *b = realloc(s->buf, len + 1);
		if (!b)
			return -1;
		s->buf = b;
		s->cap = len + 1;
	}
	memcpy(s->buf, rec->text, len);
	s->buf[len] = '\0';
	s->rec = *rec;
	s->rec.text = s->buf;
	s->rec.len = len;
	if (rec->row) { /* the reader moves on to the next row */
		if (sheetin_rowcopy_set(&s->row, rec->row) < 0)
			return -1;
		s->rec.row = &s->row.st;
	}
	/* the caller is done with it, and never changes it (pipeline.h) */
	if (!mem_slot_holds_all(i))
		cJSON_Delete(s->root);
	s->root = NULL;
	if (!rec->oversize) {
		mem_slot_begin(i);
		s->root = parse_clean(p, s->buf, len);
		mem_slot_end();
	}
	return 0;
}

static void *reader_main(void *arg)
{
	struct pipeline *p = arg;
	struct input_rec rec;
	char err[sizeof p->rerr];
	int got;

	do {
		struct slot *s;
		unsigned i;

		pthread_mutex_lock(&p->rmu);
		/* the caller's slot (rtail - 1, while held) is not free */
		while (!p->rstop &&
		       (p->rhead - p->rtail + (unsigned)p->held >= RING ||
		        (p->rbytes > RING_BYTES && p->rhead != p->rtail))) {
			if (p->rwait_main)
				pthread_cond_broadcast(&p->rcond);
			p->rwait_reader = 1;
			pthread_cond_wait(&p->rcond, &p->rmu);
		}
		p->rwait_reader = 0;
		if (p->rstop) {
			pthread_mutex_unlock(&p->rmu);
			break;
		}
		i = p->rhead % RING;
		s = &p->slot[i];
		pthread_mutex_unlock(&p->rmu);

		err[0] = '\0'; /* input_next says nothing at the end */
		/* what opening a file says (a spreadsheet's header) waits for
		 * the caller to take the record after it: a run that stops on
		 * an earlier record never says it, as without threads */
		diag_hold(&s->said);
		got = input_next(p->in, &rec, err, sizeof err);
		diag_hold(NULL);
		if (got > 0 && fill(p, i, &rec) < 0) {
			snprintf(err, sizeof err, "%s:%ld: out of memory reading "
			         "the input", rec.file, rec.line);
			got = -2;
		}
		s->got = got;

		pthread_mutex_lock(&p->rmu);
		if (got <= 0)
			memcpy(p->rerr, err, sizeof err);
		p->rhead++;
		p->rbytes += got > 0 ? s->rec.len : 0;
		if (p->rwait_main &&
		    (got <= 0 || p->rhead - p->rtail >= RING / 4))
			pthread_cond_broadcast(&p->rcond);
		pthread_mutex_unlock(&p->rmu);
	} while (got > 0);
	return NULL;
}

int pipeline_next(struct pipeline *p, struct input_rec *rec, cJSON **root,
                  char *err, size_t errlen)
{
	struct slot *s;

	*root = NULL;
	pthread_mutex_lock(&p->rmu);
	if (p->held) { /* the previous record is done with */
		p->rbytes -= p->slot[(p->rtail - 1) % RING].rec.len;
		p->held = 0;
		if (p->rwait_reader &&
		    ((p->rhead - p->rtail <= RING / 2 &&
		      p->rbytes <= RING_BYTES / 2) || p->rhead == p->rtail))
			pthread_cond_broadcast(&p->rcond);
	}
	while (p->rhead == p->rtail) {
		if (p->rwait_reader)
			pthread_cond_broadcast(&p->rcond);
		p->rwait_main = 1;
		pthread_cond_wait(&p->rcond, &p->rmu);
	}
	p->rwait_main = 0;
	s = &p->slot[p->rtail % RING];
	if (s->got <= 0) { /* the end: stays the last slot */
		snprintf(err, errlen, "%s", p->rerr);
		pthread_mutex_unlock(&p->rmu);
		diag_held_say(&s->said); /* the reader is done */
		return s->got;
	}
	p->rtail++;
	p->held = 1;
	pthread_mutex_unlock(&p->rmu);
	diag_held_say(&s->said); /* the slot is the caller's until the next */
	*rec = s->rec;
	*root = s->root;
	return 1;
}

void pipeline_parse_begin(struct pipeline *p)
{
	if (p)
		pthread_mutex_lock(&p->parse_mu);
}

void pipeline_parse_end(struct pipeline *p)
{
	if (p)
		pthread_mutex_unlock(&p->parse_mu);
}

/* Write the writer's text to the spool.  0, or -1 (errno). */
static int write_text(struct pipeline *p)
{
	int rc = output_results_text(p->out, p->text.data, p->text.len,
	                             p->ntext);

	p->text.len = 0;
	p->ntext = 0;
	return rc;
}

/* Serialise the results q[from, to) into the writer's text, deleting
 * those not held in an arena whole.  0, or ENOMEM. */
static int serialise(struct pipeline *p, unsigned from, unsigned to,
                     int failed)
{
	int e = 0;

	for (; from != to; from++) {
		struct handed *h = &p->q[from % QUEUE];
		if (!failed && !e) {
			if (jsonw_append(&p->text, h->root) < 0)
				e = ENOMEM;
			jsonw_append_char(&p->text, '\n');
			p->ntext++;
			if (p->text.failed)
				e = ENOMEM;
		}
		if (h->del)
			cJSON_Delete(h->root);
	}
	return e;
}

/* The writer's thread: the results handed over, serialised in turn, their
 * arenas given back, and the text written in chunks of CHUNK bytes. */
static void *writer_main(void *arg)
{
	struct pipeline *p = arg;
	unsigned head, i;
	int failed, e;

	for (;;) {
		pthread_mutex_lock(&p->wmu);
		while (p->whead == p->wtail && !p->wstop) {
			p->wwait_writer = 1;
			pthread_cond_wait(&p->wcond, &p->wmu);
		}
		p->wwait_writer = 0;
		if (p->whead == p->wtail) { /* stopped, and all serialised */
			pthread_mutex_unlock(&p->wmu);
			break;
		}
		head = p->whead;
		failed = p->wfailed;
		pthread_mutex_unlock(&p->wmu);

		/* the arenas given back before the text is written: the
		 * caller may be waiting for one */
		e = serialise(p, p->wtail, head, failed);
		pthread_mutex_lock(&p->wmu);
		for (i = p->wtail; i != head; i++)
			if (p->q[i % QUEUE].ring < MEM_RINGS)
				p->busy[p->q[i % QUEUE].ring] = 0;
		p->wtail = head;
		if (p->wwait_main)
			pthread_cond_signal(&p->wcond);
		pthread_mutex_unlock(&p->wmu);

		if (!e && !failed && p->text.len >= CHUNK && write_text(p) < 0)
			e = errno ? errno : EIO;
		if (e) {
			pthread_mutex_lock(&p->wmu);
			if (!p->wfailed) {
				p->wfailed = 1;
				p->werrno = e;
			}
			pthread_mutex_unlock(&p->wmu);
		}
	}
	/* the last results (only this thread sets wfailed) */
	if (!p->wfailed && p->text.len && write_text(p) < 0) {
		pthread_mutex_lock(&p->wmu);
		p->wfailed = 1;
		p->werrno = errno ? errno : EIO;
		pthread_mutex_unlock(&p->wmu);
	}
	return NULL;
}

/* Wait on the writer, waking it first (the caller holds wmu). */
static void wait_writer(struct pipeline *p)
{
	if (p->wwait_writer)
		pthread_cond_signal(&p->wcond);
	p->wwait_main = 1;
	pthread_cond_wait(&p->wcond, &p->wmu);
	p->wwait_main = 0;
}

void pipeline_record_begin(struct pipeline *p)
{
	unsigned k = (p->ring + 1) % MEM_RINGS;

	pthread_mutex_lock(&p->wmu);
	while (p->busy[k] && !p->wfailed)
		wait_writer(p);
	pthread_mutex_unlock(&p->wmu);
	p->ring = k;
	mem_ring_begin(k);
}

int pipeline_put(struct pipeline *p, cJSON *result)
{
	int del = !mem_arena_holds_all(), failed;
	struct handed *h;

	pthread_mutex_lock(&p->wmu);
	while (p->whead - p->wtail >= QUEUE && !p->wfailed)
		wait_writer(p);
	failed = p->wfailed;
	if (!failed) {
		h = &p->q[p->whead % QUEUE];
		h->root = result;
		h->ring = p->ring;
		h->del = del;
		p->busy[p->ring] = 1;
		/* woken for a batch: waking it per result cost more than the
		 * result's text */
		if (++p->whead - p->wtail >= QUEUE / 4 && p->wwait_writer)
			pthread_cond_signal(&p->wcond);
	}
	pthread_mutex_unlock(&p->wmu);
	if (failed) {
		if (del)
			cJSON_Delete(result);
		errno = p->werrno; /* set with wfailed, and never again */
		return -1;
	}
	return 0;
}

/* Start one thread with a small stack (each runs shallow code, and the
 * default 8 MB would count against a ulimit -v). */
static int spawn(pthread_t *t, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	int rc;

	if (pthread_attr_init(&attr) != 0)
		return -1;
	rc = pthread_attr_setstacksize(&attr, STACK) == 0 &&
	     pthread_create(t, &attr, fn, arg) == 0 ? 0 : -1;
	pthread_attr_destroy(&attr);
	return rc;
}

/* Under an address-space limit (ulimit -v), keep to malloc's one arena:
 * glibc reserves 64 MB of address space for each thread's own, which a
 * run that fits without threads would then miss. */
static void fit_address_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		mallopt(M_ARENA_MAX, 1);
}

/* Stop the writer thread and wait for it. */
static void stop_writer(struct pipeline *p)
{
	pthread_mutex_lock(&p->wmu);
	p->wstop = 1;
	pthread_cond_signal(&p->wcond);
	pthread_mutex_unlock(&p->wmu);
	pthread_join(p->writer, NULL);
}

/* Free p and its locks (the threads are gone). */
static void drop(struct pipeline *p)
{
	input_set_wake(p->in, -1);
	close(p->wake[0]);
	close(p->wake[1]);
	pthread_mutex_destroy(&p->rmu);
	pthread_mutex_destroy(&p->wmu);
	pthread_mutex_destroy(&p->parse_mu);
	pthread_cond_destroy(&p->rcond);
	pthread_cond_destroy(&p->wcond);
	free(p);
}

int pipeline_start(struct pipeline **out, struct input *in, struct output *o)
{
	struct pipeline *p = calloc(1, sizeof *p);

	*out = NULL;
	if (!p)
		return -1;
	fit_address_limit();
	p->in = in;
	p->out = o;
	if (pipe2(p->wake, O_CLOEXEC) < 0) {
		free(p);
		return -1;
	}
	input_set_wake(in, p->wake[0]);
	pthread_mutex_init(&p->rmu, NULL);
	pthread_mutex_init(&p->wmu, NULL);
	pthread_mutex_init(&p->parse_mu, NULL);
	pthread_cond_init(&p->rcond, NULL);
	pthread_cond_init(&p->wcond, NULL);
	if (spawn(&p->writer, writer_main, p) < 0)
		goto fail;
	if (spawn(&p->reader, reader_main, p) < 0) {
		stop_writer(p);
		goto fail;
	}
	*out = p;
	return 0;
fail:
	drop(p);
	return -1;
}

int pipeline_end(struct pipeline *p)
{
	int failed, e, i;

	if (!p)
		return 0;
	pthread_mutex_lock(&p->rmu);
	p->rstop = 1;
	pthread_cond_broadcast(&p->rcond);
	pthread_mutex_unlock(&p->rmu);
	/* a reader still reading waits no more for its input (it may be a
	 * pipe that never closes); one that reached the end never reads the
	 * byte */
	while (write(p->wake[1], "", 1) < 0 && errno == EINTR)
		;
	pthread_join(p->reader, NULL);
	stop_writer(p); /* it serialises and writes what it was given */
	failed = p->wfailed;
	e = p->werrno;
	for (i = 0; i < RING; i++) {
		cJSON_Delete(p->slot[i].root);
		free(p->slot[i].buf);
		sheetin_rowcopy_free(&p->slot[i].row);
		free(p->slot[i].said.text);
	}
	jsonw_buf_free(&p->text);
	drop(p);
	if (failed)
		errno = e;
	return failed ? -1 : 0;
}
