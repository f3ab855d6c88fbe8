/*
 * isolate.c - a plugin in a child process (see isolate.h).
 *
 * Messages both ways are a 4-byte length in host order and that many
 * bytes.  Parent to child: "A" + seq + where + record text (assess and
 * answer), "R" + the same (replay: assess in silence), "F" + summary JSON
 * (finish), "D" (describe); seq is a decimal sequence number and where
 * the file name and the line number in decimal, each ended by a NUL.
 * Child to parent: the create status {"create": exit status} first, then
 * for each record {"seq": n, "result": .., "errors": ..}, for finish
 * {"summary": .., "references": ..} and for describe {"doc": ..}, with
 * "finish" or "describe" holding the plugin's code when it failed.
 *
 * A record's reply also carries, as "diag", the messages the child wrote
 * about it, which the parent writes when it takes the result, in order.
 *
 * The child runs native code the parent does not trust: a reply that does
 * not echo the sequence number or is not of this shape is treated as a
 * crash, and from a result the parent takes only the plugin's members.
 *
 * Records are pipelined: the parent writes up to WINDOW records ahead
 * without blocking (its end of the pipe is non-blocking, and it reads
 * replies whenever they come, so neither side can fill a pipe and wait on
 * the other), and the child answers them in order.  When the child dies
 * or overruns, the oldest unanswered record is the one it was assessing:
 * that record is rejected, a new child is brought up to date from the
 * replay spool, and the records after it are sent again.
 */
#include "isolate.h"
#include "diag.h"
#include "jsonw.h"
#include "mem.h"
#include "refs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Each restart replays every record so far; a plugin that crashes this
 * often is broken, and replaying for it would take quadratic time. */
#define MAX_RESTARTS 100

/* How many records, and how many bytes of them, may be in the child's
 * hands at once; how far ahead the parent writes into the pipe; and the
 * largest reply it will believe. */
#define WINDOW 64
#define WINDOW_BYTES ((size_t)4 << 20)
#define FILL_BYTES ((size_t)256 << 10)
#define MAX_REPLY ((uint32_t)512 << 20)

/* A record in the window, from submission until it is taken. */
struct entry {
	assess_result res;
	char *payload;      /* file, line and text for the child; NULL once
	                       answered, or for a record the host settled */
	size_t len;
	char *diag;         /* messages about it, written when it is taken */
	size_t dlen;
	unsigned long seq;  /* of the request that carried it to this child;
	                       0: not sent yet */
	unsigned long long end; /* where that request ends in the stream */
	long long written;  /* ms when all of it was in the pipe; 0: not yet */
	int done;
};

struct isolate {
	const struct plugin *p;
	assess_config *cfg;
	int timeout;       /* seconds a record may take; 0: none */
	int nomem;         /* the run stops: memory ran out, here or there */
	pid_t pid;
	int to, from;      /* pipes to and from the child */
	int to_broken;     /* the child stopped reading: drain, then recover */
	FILE *replay;      /* the requests answered so far */
	int replay_reading; /* a replay is reading it */
	long spooled;      /* records in it */
	unsigned long seq; /* of the last request queued */
	long restarts;
	struct entry q[WINDOW]; /* a ring: n entries from head */
	size_t head, n, bytes;
	char *out;         /* requests not yet written */
	size_t outlen, outoff, outsize;
	unsigned long long queued, sent; /* bytes of the stream to this child */
	char *in;          /* replies not yet whole */
	size_t inlen, insize;
	long replay_left;  /* replay requests still to queue */
	long acks_due;     /* replay requests still unanswered */
	unsigned long ack_next; /* the sequence number the next ack echoes */
	long long last_reply;   /* ms: when the child last answered */
};

/* --- framing --- */

/* The child's exit status when memory ran out: the parent then stops the
 * run (exit 6) instead of blaming the record or the plugin. */
#define CHILD_EXIT_NOMEM 86

static int write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int send_msg(int fd, char type, const char *body, size_t n)
{
	uint32_t len = (uint32_t)n + 1;

	if (n >= UINT32_MAX)
		return -1;
	return write_all(fd, &len, sizeof len) == 0 &&
	       write_all(fd, &type, 1) == 0 && write_all(fd, body, n) == 0
	       ? 0 : -1;
}

/* Read exactly n bytes within the deadline (ms since the epoch of
 * CLOCK_MONOTONIC; 0: none).  0, -1 on end or error, -2 on timeout. */
static int read_all(int fd, void *buf, size_t n, long long deadline)
{
	char *p = buf;

	while (n > 0) {
		ssize_t r;
		if (deadline) {
			struct timespec ts;
			struct pollfd pfd = { fd, POLLIN, 0 };
			long long now;
			int pr;
			clock_gettime(CLOCK_MONOTONIC, &ts);
			now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
			if (now >= deadline)
				return -2;
			pr = poll(&pfd, 1, (int)(deadline - now));
			if (pr < 0 && errno == EINTR)
				continue;
			if (pr == 0)
				return -2;
			if (pr < 0)
				return -1;
		}
		r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* A message into *body (malloc'd, NUL-terminated; its type first). */
static int recv_msg(int fd, char **body, long long deadline)
{
	uint32_t len;
	int rc;

	*body = NULL;
	if ((rc = read_all(fd, &len, sizeof len, deadline)) != 0)
		return rc;
	if (len == 0 || !(*body = malloc((size_t)len + 1)))
		return -1;
	if ((rc = read_all(fd, *body, len, deadline)) != 0) {
		free(*body);
		*body = NULL;
		return rc;
	}
	(*body)[len] = '\0';
	return 0;
}

/* --- the child --- */

static void reply_json(int fd, cJSON *msg)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	if (mem_exhausted() || !fp || jsonw_write(fp, msg) < 0 ||
	    fclose(fp) != 0 || send_msg(fd, 'J', s, n) < 0)
		_exit(mem_exhausted() ? CHILD_EXIT_NOMEM : 70);
	free(s);
	cJSON_Delete(msg);
}

/* Assess one record (seq + where + text) as the batch would; the reply is
 * the result, echoing seq. */
static cJSON *child_assess(const struct plugin *p, void *state,
                           const char *body)
{
	assess_result res = { 0 };
	assess_record rec;
	const char *where = body + strlen(body) + 1;
	const char *line = where + strlen(where) + 1;
	const char *text = line + strlen(line) + 1;
	cJSON *root = cJSON_Parse(text), *msg = cJSON_CreateObject();

	res.root = cJSON_CreateObject();
	res.file = where;
	res.line = strtol(line, NULL, 10);
	host_fixed_fields(&res, root);
	rec.root = root;
	rec.id = res.id;
	host_assess(&p->desc, state, &rec, &res);
	cJSON_AddNumberToObject(msg, "seq", strtod(body, NULL));
	cJSON_AddItemToObject(msg, "result", res.root);
	if (res.errors)
		cJSON_AddItemToObject(msg, "errors", res.errors);
	cJSON_Delete(root);
	return msg;
}

/* In a new child: close every descriptor but stdio and its two pipe ends,
 * so that plugin code cannot write into the parent's output or spool. */
static void close_inherited(int keep1, int keep2)
{
	DIR *d = opendir("/proc/self/fd");
	int fd;

	if (d) {
		struct dirent *e;
		int self = dirfd(d);
		while ((e = readdir(d))) {
			fd = atoi(e->d_name);
			if (fd > 2 && fd != keep1 && fd != keep2 && fd != self)
				close(fd);
		}
		closedir(d);
		return;
	}
	for (fd = 3; fd < 1024; fd++)
		if (fd != keep1 && fd != keep2)
			close(fd);
}

static void child_main(const struct plugin *p, assess_config *cfg, int in,
                       int out)
{
	void *state = NULL;
	cJSON *msg = cJSON_CreateObject();
	char *body;
	int rc;

	/* what the plugin prints goes straight to stderr (fd 1 points there),
	 * not into a buffer that _exit would drop */
	setvbuf(stdout, NULL, _IONBF, 0);
	rc = p->desc.create(&host_table, cfg, &state);

	if (rc != ASSESS_OK) {
		if (host_create_status(rc) == 4)
			diag("plugin %s failed to start (%s)", p->desc.name,
			     diag_code(rc));
		cJSON_AddNumberToObject(msg, "create", host_create_status(rc));
		reply_json(out, msg);
		_exit(0);
	}
	cJSON_AddNumberToObject(msg, "create", 0);
	reply_json(out, msg);
	while (recv_msg(in, &body, 0) == 0) {
		if (body[0] == 'A') {
			size_t n;
			char *said;
			cJSON *reply;
			diag_capture_begin();
			reply = child_assess(p, state, body + 1);
			if ((said = diag_capture_end(&n))) {
				cJSON_AddStringToObject(reply, "diag", said);
				free(said);
			}
			reply_json(out, reply);
		} else if (body[0] == 'R') {
			char ack[48];
			diag_mute(1);
			cJSON_Delete(child_assess(p, state, body + 1));
			diag_mute(0);
			if (mem_exhausted())
				_exit(CHILD_EXIT_NOMEM);
			snprintf(ack, sizeof ack, "{\"seq\":%lu}",
			         strtoul(body + 1, NULL, 10));
			send_msg(out, 'J', ack, strlen(ack));
		} else if (body[0] == 'D') {
			cJSON *doc = cJSON_CreateObject();
			msg = cJSON_CreateObject();
			rc = p->desc.describe
			     ? p->desc.describe(state, (assess_node *)doc)
			     : ASSESS_OK;
			if (rc != ASSESS_OK)
				cJSON_AddNumberToObject(msg, "describe", rc);
			cJSON_AddItemToObject(msg, "doc", doc);
			reply_json(out, msg);
		} else if (body[0] == 'F') {
			cJSON *summary = cJSON_Parse(body + 1), *refs;
			msg = cJSON_CreateObject();
			rc = host_finish(&p->desc, state, summary);
			if (rc != ASSESS_OK)
				cJSON_AddNumberToObject(msg, "finish", rc);
			cJSON_AddItemToObject(msg, "summary", summary);
			if ((refs = refs_metadata()))
				cJSON_AddItemToObject(msg, "references", refs);
			reply_json(out, msg);
		}
		free(body);
	}
	p->desc.destroy(state);
	_exit(0);
}

/* --- the parent --- */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long deadline_of(const struct isolate *iso)
{
	return iso->timeout ? now_ms() + (long long)iso->timeout * 1000 : 0;
}

static void set_blocking(int fd, int blocking)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0)
		fcntl(fd, F_SETFL, blocking ? fl & ~O_NONBLOCK : fl | O_NONBLOCK);
}

static void kill_child(struct isolate *iso)
{
	if (iso->pid > 0) {
		kill(iso->pid, SIGKILL);
		waitpid(iso->pid, NULL, 0);
		iso->pid = 0;
	}
	if (iso->to >= 0)
		close(iso->to);
	if (iso->from >= 0)
		close(iso->from);
	iso->to = iso->from = -1;
}

/* Why the child is gone: "crashed with signal 11 (Segmentation fault)".
 * A child still alive once its pipes are closed (it closed its end, or
 * sent something that is not a message) gets a second to go, then is
 * killed. */
static void reap(struct isolate *iso, char *why, size_t len)
{
	int status = 0, i;
	pid_t got = 0;

	close(iso->to);
	close(iso->from);
	iso->to = iso->from = -1;
	for (i = 0; iso->pid > 0 && i < 100 && got == 0; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		if ((got = waitpid(iso->pid, &status, WNOHANG)) == 0)
			nanosleep(&ts, NULL);
	}
	if (iso->pid > 0 && got == 0) {
		kill(iso->pid, SIGKILL);
		waitpid(iso->pid, &status, 0);
		snprintf(why, len, "broke the reply protocol");
	} else if (got == iso->pid && WIFSIGNALED(status)) {
		snprintf(why, len, "crashed with signal %d (%s)",
		         WTERMSIG(status), strsignal(WTERMSIG(status)));
	} else if (got == iso->pid) {
		snprintf(why, len, "exited with status %d", WEXITSTATUS(status));
		iso->nomem = WEXITSTATUS(status) == CHILD_EXIT_NOMEM;
	} else {
		snprintf(why, len, "vanished");
	}
	iso->pid = 0;
}

/* Fork a child and wait for its create; returns the create status (0, 3,
 * 4, 5), or -1.  On 0 the parent's ends of the pipes are non-blocking. */
static int spawn(struct isolate *iso)
{
	int down[2], up[2], rc = -1;
	cJSON *msg;
	char *body;

	if (pipe(down) < 0) {
		diag("cannot isolate the plugin: %s", strerror(errno));
		return -1;
	}
	if (pipe(up) < 0) {
		diag("cannot isolate the plugin: %s", strerror(errno));
		close(down[0]);
		close(down[1]);
		return -1;
	}
	fflush(NULL);
	iso->pid = fork();
	if (iso->pid < 0) {
		diag("cannot isolate the plugin: fork: %s", strerror(errno));
		close(down[0]);
		close(down[1]);
		close(up[0]);
		close(up[1]);
		iso->pid = 0;
		return -1;
	}
	if (iso->pid == 0) {
		close(down[1]);
		close(up[0]);
		close_inherited(down[0], up[1]);
		signal(SIGPIPE, SIG_DFL);
		child_main(iso->p, iso->cfg, down[0], up[1]);
	}
	close(down[0]);
	close(up[1]);
	iso->to = down[1];
	iso->from = up[0];
	iso->to_broken = 0;
	if (recv_msg(iso->from, &body, deadline_of(iso)) != 0)
		return -1;
	msg = cJSON_Parse(body + 1);
	if (cJSON_IsNumber(cJSON_GetObjectItem(msg, "create")))
		rc = cJSON_GetObjectItem(msg, "create")->valueint;
	cJSON_Delete(msg);
	free(body);
	if (rc == 0) {
		set_blocking(iso->to, 0);
		set_blocking(iso->from, 0);
		iso->last_reply = now_ms();
	}
	return rc;
}

int isolate_start(struct isolate **out, const struct plugin *p,
                  assess_config *cfg, int timeout)
{
	struct isolate *iso = calloc(1, sizeof *iso);
	int rc;

	*out = NULL;
	if (!iso) {
		diag("out of memory");
		return 4;
	}
	iso->p = p;
	iso->cfg = cfg;
	iso->timeout = timeout;
	iso->to = iso->from = -1;
	/* a child that dies must not kill the parent with SIGPIPE */
	signal(SIGPIPE, SIG_IGN);
	iso->replay = tmpfile();
	rc = iso->replay ? spawn(iso) : -1;
	if (rc != 0) {
		if (rc < 0) {
			char why[128];
			reap(iso, why, sizeof why);
			diag("plugin %s %s while starting", p->desc.name, why);
		}
		kill_child(iso);
		if (iso->replay)
			fclose(iso->replay);
		free(iso);
		return rc < 0 ? 4 : rc;
	}
	*out = iso;
	return 0;
}

/* --- the window --- */

static struct entry *at(struct isolate *iso, size_t i)
{
	return &iso->q[(iso->head + i) % WINDOW];
}

/* The record the child is assessing: the oldest unanswered, when it has
 * been sent (records go in order, so no later one can have been). */
static struct entry *in_flight(struct isolate *iso)
{
	size_t i;

	for (i = 0; i < iso->n; i++) {
		struct entry *e = at(iso, i);
		if (!e->done)
			return e->seq ? e : NULL;
	}
	return NULL;
}

static void append_diag(struct entry *e, const char *text, size_t n)
{
	char *p = realloc(e->diag, e->dlen + n + 1);

	if (!p) {
		fwrite(text, 1, n, stderr); /* out of order, but not lost */
		return;
	}
	memcpy(p + e->dlen, text, n);
	e->dlen += n;
	p[e->dlen] = '\0';
	e->diag = p;
}

/* The record is settled: its text is no longer needed. */
static void settle(struct isolate *iso, struct entry *e)
{
	e->done = 1;
	iso->bytes -= e->len;
	free(e->payload);
	e->payload = NULL;
	e->len = 0;
}

/* Write what has been said of the records in the window, in their order,
 * before the parent says something itself that must come after it (a
 * restart, or why the run stops).  Later messages about the same records
 * follow when they are taken. */
static void say_pending(struct isolate *iso)
{
	size_t i;

	for (i = 0; i < iso->n; i++) {
		struct entry *e = at(iso, i);
		if (e->diag)
			fwrite(e->diag, 1, e->dlen, stderr);
		free(e->diag);
		e->diag = NULL;
		e->dlen = 0;
	}
}

int isolate_full(const struct isolate *iso)
{
	return iso->n >= WINDOW || iso->bytes >= WINDOW_BYTES;
}

int isolate_submit(struct isolate *iso, const char *text, size_t len,
                   assess_result *res, char *diag_text, size_t diag_len)
{
	struct entry *e = at(iso, iso->n);
	size_t flen = strlen(res->file), n = 0;
	char *payload = NULL;

	if (text) {
		/* file, line and text, kept whole until answered */
		if (!(payload = malloc(flen + 1 + 21 + 1 + len)))
			return -1;
		memcpy(payload, res->file, flen + 1);
		n = flen + 1 + (size_t)snprintf(payload + flen + 1, 22, "%ld",
		                                res->line) + 1;
		memcpy(payload + n, text, len);
		n += len;
	}
	memset(e, 0, sizeof *e);
	e->res = *res;
	memset(res, 0, sizeof *res);
	e->payload = payload;
	e->len = n;
	e->diag = diag_text;
	e->dlen = diag_len;
	e->done = !text;
	iso->n++;
	iso->bytes += n;
	return 0;
}

/* --- the streams --- */

/* Queue a request: type, sequence number, payload. */
static int queue_request(struct isolate *iso, char type, unsigned long seq,
                         const char *payload, size_t len)
{
	char head[24];
	size_t h = (size_t)snprintf(head, sizeof head, "%lu", seq) + 1;
	size_t need = sizeof(uint32_t) + 1 + h + len;
	uint32_t body;

	if (len >= UINT32_MAX - 1 - h)
		return -1;
	body = (uint32_t)(1 + h + len);
	if (iso->outoff) { /* what is written is dropped */
		memmove(iso->out, iso->out + iso->outoff,
		        iso->outlen - iso->outoff);
		iso->outlen -= iso->outoff;
		iso->outoff = 0;
	}
	if (iso->outlen + need > iso->outsize) {
		size_t size = iso->outsize ? iso->outsize : 65536;
		char *p;
		while (size < iso->outlen + need)
			size *= 2;
		if (!(p = realloc(iso->out, size)))
			return -1;
		iso->out = p;
		iso->outsize = size;
	}
	memcpy(iso->out + iso->outlen, &body, sizeof body);
	iso->out[iso->outlen + sizeof body] = type;
	memcpy(iso->out + iso->outlen + sizeof body + 1, head, h);
	memcpy(iso->out + iso->outlen + sizeof body + 1 + h, payload, len);
	iso->outlen += need;
	iso->queued += need;
	return 0;
}

/* Queue what the child should read next: the rest of a replay, then the
 * records not yet sent, until FILL_BYTES wait.  0, or -1 (reported). */
static int fill(struct isolate *iso)
{
	size_t i;

	while (iso->outlen - iso->outoff < FILL_BYTES) {
		struct entry *e = NULL;

		if (iso->replay_left > 0) {
			uint32_t len;
			char *buf = NULL;
			int rc = -1;
			if (fread(&len, sizeof len, 1, iso->replay) == 1 && len &&
			    (buf = malloc(len)) &&
			    fread(buf, 1, len, iso->replay) == len)
				rc = queue_request(iso, 'R', ++iso->seq, buf + 1,
				                   len - 1);
			free(buf);
			if (rc < 0) {
				say_pending(iso);
				diag("cannot replay records to the plugin: %s",
				     ferror(iso->replay) ? strerror(errno)
				                         : "out of memory");
				return -1;
			}
			iso->replay_left--;
			iso->acks_due++;
			continue;
		}
		if (iso->replay_reading) {
			/* answered records are added at the end again */
			iso->replay_reading = 0;
			if (fseek(iso->replay, 0, SEEK_END) != 0) {
				say_pending(iso);
			diag("cannot keep records for replay: %s",
				     strerror(errno));
				return -1;
			}
		}
		for (i = 0; i < iso->n && !e; i++)
			if (!at(iso, i)->done && !at(iso, i)->seq)
				e = at(iso, i);
		if (!e)
			break;
		e->seq = ++iso->seq;
		if (queue_request(iso, 'A', e->seq, e->payload, e->len) < 0) {
			say_pending(iso);
			diag("out of memory");
			return -1;
		}
		e->end = iso->queued;
	}
	return 0;
}

/* Write what the pipe takes now.  A child that stopped reading is marked:
 * its replies are read to the end before it is replaced. */
static void flush_out(struct isolate *iso)
{
	long long now = 0;
	size_t i;

	while (!iso->to_broken && iso->outoff < iso->outlen) {
		ssize_t w = write(iso->to, iso->out + iso->outoff,
		                  iso->outlen - iso->outoff);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (w <= 0) {
			iso->to_broken = 1;
			break;
		}
		iso->outoff += (size_t)w;
		iso->sent += (unsigned long long)w;
	}
	for (i = 0; i < iso->n; i++) {
		struct entry *e = at(iso, i);
		if (e->seq && !e->done && !e->written && e->end <= iso->sent) {
			if (!now)
				now = now_ms();
			e->written = now;
		}
	}
}

/* Keep an answered record for a replay. */
static int spool(struct isolate *iso, const struct entry *e)
{
	uint32_t whole = (uint32_t)e->len + 1;
	char type = 'A';

	if (fwrite(&whole, sizeof whole, 1, iso->replay) != 1 ||
	    fwrite(&type, 1, 1, iso->replay) != 1 ||
	    fwrite(e->payload, 1, e->len, iso->replay) != e->len)
		return -1;
	iso->spooled++;
	return 0;
}

/* The sequence number a reply echoes, or 0. */
static unsigned long reply_seq(const cJSON *msg)
{
	const cJSON *seq = cJSON_GetObjectItemCaseSensitive(msg, "seq");

	return cJSON_IsNumber(seq) && seq->valuedouble >= 1
	       ? (unsigned long)seq->valuedouble : 0;
}

/* Move first and every member after it from the object src to the end of
 * dst, keys and all. */
static void move_members(cJSON *src, cJSON *first, cJSON *dst)
{
	cJSON *c, *next;

	for (c = first; c; c = next) {
		const char *key = c->string;
		next = c->next;
		cJSON_DetachItemViaPointer(src, c);
		c->string = NULL;
		cJSON_AddItemToObject(dst, key, c);
		cJSON_free((void *)key);
	}
}

/*
 * Take from the child's reply what the parent will believe: the members of
 * its result after "status" (the plugin's), moved under res->root, which
 * keeps the parent's own identity members; and its errors when each is a
 * { path: string or null, message: string }.  0, or -1 when the reply is
 * not of that shape (nothing taken).
 */
static int take_result(cJSON *msg, assess_result *res)
{
	cJSON *result = cJSON_GetObjectItemCaseSensitive(msg, "result");
	cJSON *errors = cJSON_GetObjectItemCaseSensitive(msg, "errors");
	cJSON *status = cJSON_GetObjectItemCaseSensitive(result, "status");
	const cJSON *e, *path;

	if (!cJSON_IsObject(result) || !cJSON_IsString(status))
		return -1;
	if (errors) {
		if (!cJSON_IsArray(errors) || !cJSON_GetArraySize(errors))
			return -1;
		cJSON_ArrayForEach(e, errors) {
			path = cJSON_GetObjectItemCaseSensitive(e, "path");
			if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(
			        e, "message")) ||
			    !(cJSON_IsString(path) || cJSON_IsNull(path)))
				return -1;
		}
	}
	move_members(result, status->next, res->root);
	if (errors) {
		cJSON_Delete(res->errors);
		res->errors = cJSON_DetachItemViaPointer(msg, errors);
	}
	return 0;
}

/* One reply: a replay's ack, or the oldest record's result.  0, -3 when
 * it is not what was due (a breach), -4 when it cannot be kept (reported). */
static int handle(struct isolate *iso, const char *body, size_t len)
{
	cJSON *msg = body[0] == 'J' ? cJSON_ParseWithLength(body + 1, len - 1)
	                            : NULL;
	const cJSON *said = cJSON_GetObjectItemCaseSensitive(msg, "diag");
	struct entry *e;

	if (iso->acks_due > 0) {
		int ok = reply_seq(msg) == iso->ack_next;
		cJSON_Delete(msg);
		if (!ok)
			return -3;
		iso->ack_next++;
		iso->acks_due--;
		iso->last_reply = now_ms();
		return 0;
	}
	e = in_flight(iso);
	if (!e || reply_seq(msg) != e->seq || take_result(msg, &e->res) < 0) {
		cJSON_Delete(msg);
		return -3;
	}
	if (cJSON_IsString(said))
		append_diag(e, said->valuestring, strlen(said->valuestring));
	cJSON_Delete(msg);
	iso->last_reply = now_ms();
	if (!e->res.errors && spool(iso, e) < 0) {
		say_pending(iso);
		diag("cannot keep records for replay: %s", strerror(errno));
		return -4;
	}
	settle(iso, e);
	return 0;
}

/* Read what has come and handle every whole reply.  0, -1 when the child
 * is gone (end of file), -3 on a breach, -4 (reported). */
static int read_in(struct isolate *iso)
{
	size_t off = 0;
	uint32_t len;
	ssize_t r;
	int rc = 0;

	if (iso->insize - iso->inlen < 65536) {
		size_t size = iso->insize ? iso->insize * 2 : 131072;
		char *p = realloc(iso->in, size);
		if (!p)
			return -3;
		iso->in = p;
		iso->insize = size;
	}
	do
		r = read(iso->from, iso->in + iso->inlen, iso->insize - iso->inlen);
	while (r < 0 && errno == EINTR);
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (r <= 0)
		return -1;
	iso->inlen += (size_t)r;
	while (rc == 0 && iso->inlen - off >= sizeof len) {
		memcpy(&len, iso->in + off, sizeof len);
		if (len == 0 || len > MAX_REPLY)
			return -3;
		if (iso->inlen - off - sizeof len < len) {
			/* room for the whole of it on a later read */
			size_t need = sizeof len + len + 65536;
			if (need > iso->insize) {
				char *p = realloc(iso->in, need);
				if (!p)
					return -3;
				iso->in = p;
				iso->insize = need;
			}
			break;
		}
		rc = handle(iso, iso->in + off + sizeof len, len);
		off += sizeof len + len;
	}
	memmove(iso->in, iso->in + off, iso->inlen - off);
	iso->inlen -= off;
	return rc;
}

/* A new child, brought up to date: the replay is queued, and every record
 * not yet answered will be sent to it after.  0, or -1 (reported). */
static int restart(struct isolate *iso)
{
	size_t i;

	say_pending(iso);
	kill_child(iso);
	if (++iso->restarts > MAX_RESTARTS) {
		diag("plugin %s failed on %d records: giving up, nothing written",
		     iso->p->desc.name, MAX_RESTARTS + 1);
		return -1;
	}
	iso->outlen = iso->outoff = iso->inlen = 0;
	iso->queued = iso->sent = 0;
	for (i = 0; i < iso->n; i++) {
		at(iso, i)->seq = 0;
		at(iso, i)->written = 0;
	}
	if (spawn(iso) != 0 || fseek(iso->replay, 0, SEEK_SET) != 0) {
		diag("plugin %s could not be brought back after a crash: "
		     "nothing written", iso->p->desc.name);
		kill_child(iso);
		return -1;
	}
	iso->replay_reading = 1;
	iso->replay_left = iso->spooled;
	iso->acks_due = 0;
	iso->ack_next = iso->seq + 1;
	return 0;
}

/* The child is gone (why says how): reject the record it was assessing
 * and start another.  0, or -1 (reported). */
static int recover(struct isolate *iso, const char *why)
{
	struct entry *e = in_flight(iso);

	if (iso->replay_left > 0 || iso->acks_due > 0) {
		say_pending(iso);
		diag("plugin %s could not be brought back after a crash "
		     "(it %s while replaying record %ld): nothing written",
		     iso->p->desc.name, why,
		     iso->spooled - iso->replay_left - iso->acks_due + 1);
		kill_child(iso);
		return -1;
	}
	if (e) {
		char *said;
		size_t n;
		diag_capture_begin();
		host_reject(&e->res, NULL, "plugin %s %s on this record; the "
		            "batch goes on", iso->p->desc.name, why);
		if ((said = diag_capture_end(&n))) {
			append_diag(e, said, n);
			free(said);
		}
		settle(iso, e);
	}
	return restart(iso);
}

/* When the record the child is assessing (or the replay ack it owes) is
 * due: its time starts when the child last answered, or when it was all
 * written, whichever is later.  0: nothing due, or no time limit. */
static long long due(struct isolate *iso)
{
	struct entry *e = in_flight(iso);
	long long t = iso->last_reply;

	if (!iso->timeout || !(e || iso->acks_due))
		return 0;
	if (e && !iso->acks_due && e->written > t)
		t = e->written;
	return t + (long long)iso->timeout * 1000;
}

/*
 * One round of I/O with the child: queue and write what it should read,
 * read and handle what it answered, and recover when it died, broke the
 * protocol or overran the time limit.  With wait, blocks until one of
 * those happens.  0, or -1 when the plugin cannot be brought back.
 */
static int pump(struct isolate *iso, int wait)
{
	struct pollfd fds[2];
	long long deadline;
	char why[128];
	int ms = 0, rc = 0, ready;

	if (fill(iso) < 0)
		return -1;
	/* a descriptor of -1 is not polled: nothing to write, or nobody
	 * reading */
	fds[0].fd = !iso->to_broken && iso->outoff < iso->outlen ? iso->to : -1;
	fds[0].events = POLLOUT;
	fds[1].fd = iso->from;
	fds[1].events = POLLIN;
	fds[0].revents = fds[1].revents = 0;
	deadline = due(iso);
	if (wait) {
		long long left = deadline ? deadline - now_ms() : -1;
		ms = left < 0 ? (deadline ? 0 : -1)
		              : left > INT_MAX ? INT_MAX : (int)left;
	}
	ready = poll(fds, 2, ms);
	if (ready < 0 && errno != EINTR) {
		say_pending(iso);
		diag("cannot wait for the plugin: %s", strerror(errno));
		return -1;
	}
	if (ready > 0 && fds[0].revents)
		flush_out(iso);
	if (ready > 0 && fds[1].revents)
		rc = read_in(iso);
	if (rc == -4)
		return -1;
	if (rc == -1)
		reap(iso, why, sizeof why);
	if (rc == -3 && mem_exhausted()) /* ours, not the child's fault */
		iso->nomem = 1;
	if (iso->nomem) {
		say_pending(iso);
		diag("out of memory %s: nothing written",
		     rc == -1 ? "in the plugin's child process" : "reading its "
		     "replies");
		kill_child(iso);
		return -1;
	}
	if (rc == -1)
		return recover(iso, why);
	if (rc == -3) {
		kill_child(iso);
		return recover(iso, "broke the reply protocol");
	}
	deadline = due(iso);
	if (deadline && now_ms() >= deadline) {
		kill_child(iso);
		snprintf(why, sizeof why, "took longer than %d s", iso->timeout);
		return recover(iso, why);
	}
	return 0;
}

int isolate_take(struct isolate *iso, assess_result *res, int wait)
{
	int tried = 0;

	for (;;) {
		struct entry *e;

		if (!iso->n)
			return 0;
		e = at(iso, 0);
		if (e->done) {
			if (e->diag)
				fwrite(e->diag, 1, e->dlen, stderr);
			free(e->diag);
			*res = e->res;
			memset(e, 0, sizeof *e);
			iso->head = (iso->head + 1) % WINDOW;
			iso->n--;
			return 1;
		}
		if (tried && !wait && !isolate_full(iso))
			return 0;
		if (pump(iso, wait || isolate_full(iso)) < 0)
			return -1;
		tried = 1;
	}
}

/* One request outside the batch (finish, describe), once every record is
 * answered: send it and wait for the reply.  0 and *reply (parsed; NULL
 * when it is not JSON), -1 with why the child did not answer, or -2 when
 * no child could be brought back to ask (already reported). */
static int ask(struct isolate *iso, char type, const char *body,
               cJSON **reply, char *why, size_t len)
{
	char *text = NULL;
	int rc;

	*reply = NULL;
	/* a child started for the last record is brought up to date first */
	while (iso->replay_left > 0 || iso->acks_due > 0)
		if (pump(iso, 1) < 0)
			return -2;
	set_blocking(iso->to, 1);
	set_blocking(iso->from, 1);
	if ((rc = send_msg(iso->to, type, body, strlen(body))) == 0)
		rc = recv_msg(iso->from, &text, deadline_of(iso));
	if (rc == 0) {
		*reply = cJSON_Parse(text + 1);
		free(text);
		return 0;
	}
	if (rc == -2) {
		kill_child(iso);
		snprintf(why, len, "took longer than %d s", iso->timeout);
	} else {
		reap(iso, why, len);
	}
	return -1;
}

int isolate_finish(struct isolate *iso, cJSON **summary, cJSON **refs)
{
	char *s = cJSON_PrintUnformatted(*summary), why[128];
	const cJSON *failed;
	cJSON *msg, *got;
	int rc;

	*refs = NULL;
	if (!s)
		return -1;
	rc = ask(iso, 'F', s, &msg, why, sizeof why);
	cJSON_free(s);
	if (rc < 0) {
		if (rc == -1)
			diag("plugin %s %s in its finish step: nothing written",
			     iso->p->desc.name, why);
		return -1;
	}
	got = cJSON_DetachItemFromObjectCaseSensitive(msg, "summary");
	failed = cJSON_GetObjectItemCaseSensitive(msg, "finish");
	if (failed || !cJSON_IsObject(got)) {
		diag("plugin %s failed in its finish step (%s): nothing written",
		     iso->p->desc.name, diag_code(cJSON_IsNumber(failed)
		                                  ? failed->valueint
		                                  : ASSESS_EPLUGIN));
		cJSON_Delete(got);
		cJSON_Delete(msg);
		return -1;
	}
	*refs = cJSON_DetachItemFromObjectCaseSensitive(msg, "references");
	cJSON_Delete(*summary);
	*summary = got;
	cJSON_Delete(msg);
	return 0;
}

int isolate_describe(struct isolate *iso, cJSON *doc)
{
	char why[128];
	const cJSON *failed;
	cJSON *msg, *got;

	if (ask(iso, 'D', "", &msg, why, sizeof why) < 0) {
		/* describe comes before any record: nothing to bring back */
		diag("plugin %s %s while describing itself", iso->p->desc.name,
		     why);
		return -1;
	}
	got = cJSON_GetObjectItemCaseSensitive(msg, "doc");
	failed = cJSON_GetObjectItemCaseSensitive(msg, "describe");
	if (failed || !cJSON_IsObject(got)) {
		diag("plugin %s failed to describe itself (%s)", iso->p->desc.name,
		     diag_code(cJSON_IsNumber(failed) ? failed->valueint
		                                      : ASSESS_EPLUGIN));
		cJSON_Delete(msg);
		return -1;
	}
	/* what the plugin wrote follows the host's members */
	move_members(got, got->child, doc);
	cJSON_Delete(msg);
	return 0;
}

int isolate_out_of_memory(const struct isolate *iso)
{
	return iso && iso->nomem;
}

void isolate_stop(struct isolate *iso)
{
	int status, i;

	if (!iso)
		return;
	if (iso->to >= 0)
		close(iso->to); /* the child destroys its state and exits */
	if (iso->from >= 0)
		close(iso->from);
	/* a plugin stuck in destroy gets five seconds */
	for (i = 0; iso->pid > 0 && i < 500; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		if (waitpid(iso->pid, &status, WNOHANG) == iso->pid)
			iso->pid = 0;
		else
			nanosleep(&ts, NULL);
	}
	if (iso->pid > 0) {
		kill(iso->pid, SIGKILL);
		waitpid(iso->pid, &status, 0);
	}
	say_pending(iso); /* a run that stopped early: its messages still */
	while (iso->n) {
		struct entry *e = at(iso, 0);
		cJSON_Delete(e->res.root);
		cJSON_Delete(e->res.errors);
		free(e->payload);
		free(e->diag);
		iso->head = (iso->head + 1) % WINDOW;
		iso->n--;
	}
	free(iso->out);
	free(iso->in);
	if (iso->replay)
		fclose(iso->replay);
	free(iso);
}
