/*
 * isolate.c - a plugin in a child process (see isolate.h).
 *
 * Messages both ways are a 4-byte length in host order and that many
 * bytes.  Parent to child: "A" + seq + where + record text (assess and
 * answer), "R" + the same (replay: assess in silence), "F" + summary JSON
 * (finish); seq is a decimal sequence number and where the file name and
 * the line number in decimal, each ended by a NUL.  Child to parent: the
 * create status {"create": exit status} first, then for each record
 * {"seq": n, "result": .., "errors": ..}, and for finish {"summary": ..,
 * "references": ..}.
 *
 * The child runs native code the parent does not trust: a reply that does
 * not echo the sequence number or is not of this shape is treated as a
 * crash, and from a result the parent takes only the plugin's members.
 */
#include "isolate.h"
#include "batch.h"
#include "diag.h"
#include "refs.h"

#include <dirent.h>
#include <errno.h>
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

struct isolate {
	const struct plugin *p;
	assess_config *cfg;
	int timeout;     /* seconds a message may take; 0: none */
	pid_t pid;
	int to, from;    /* pipes to and from the child */
	FILE *replay;    /* the where + text payloads answered so far */
	unsigned long seq; /* of the last request sent */
	long restarts;
};

/* --- framing --- */

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
	char *s = cJSON_PrintUnformatted(msg);

	if (!s || send_msg(fd, 'J', s, strlen(s)) < 0)
		_exit(70);
	cJSON_free(s);
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
	int rc;

	res.root = cJSON_CreateObject();
	res.file = where;
	res.line = strtol(line, NULL, 10);
	batch_fixed_fields(&res, root);
	rec.root = root;
	rec.id = res.id;
	host_set_current(&res);
	rc = p->desc.assess(state, &rec, &res);
	host_set_current(NULL);
	if (rc != ASSESS_OK && !res.errors)
		host_reject(&res, NULL, "plugin %s failed on this record (%s)",
		            p->desc.name, diag_code(rc));
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
		if (rc != ASSESS_ECONFIG && !refs_failed())
			diag("plugin %s failed to start (%s)", p->desc.name,
			     diag_code(rc));
		cJSON_AddNumberToObject(msg, "create", refs_failed() ? 5
		                        : rc == ASSESS_ECONFIG ? 3 : 4);
		reply_json(out, msg);
		_exit(0);
	}
	cJSON_AddNumberToObject(msg, "create", 0);
	reply_json(out, msg);
	while (recv_msg(in, &body, 0) == 0) {
		if (body[0] == 'A') {
			reply_json(out, child_assess(p, state, body + 1));
		} else if (body[0] == 'R') {
			char ack[48];
			diag_mute(1);
			cJSON_Delete(child_assess(p, state, body + 1));
			diag_mute(0);
			snprintf(ack, sizeof ack, "{\"seq\":%lu}",
			         strtoul(body + 1, NULL, 10));
			send_msg(out, 'J', ack, strlen(ack));
		} else if (body[0] == 'F') {
			cJSON *summary = cJSON_Parse(body + 1), *refs;
			msg = cJSON_CreateObject();
			rc = p->desc.finish
			     ? p->desc.finish(state, (assess_node *)summary)
			     : ASSESS_OK;
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

static long long deadline_of(const struct isolate *iso)
{
	struct timespec ts;

	if (!iso->timeout)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 +
	       (long long)iso->timeout * 1000;
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
 * A child still alive once its pipes are closed (it sent something that
 * is not a message) gets a second to go, then is killed. */
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
	} else {
		snprintf(why, len, "vanished");
	}
	iso->pid = 0;
}

/* Fork a child; returns its create status (0, 3, 4, 5), or -1. */
static int spawn(struct isolate *iso)
{
	int down[2], up[2], rc = -1;
	cJSON *msg;
	char *body;

	if (pipe(down) < 0 || pipe(up) < 0) {
		diag("cannot isolate the plugin: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	iso->pid = fork();
	if (iso->pid < 0) {
		diag("cannot isolate the plugin: fork: %s", strerror(errno));
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
	if (recv_msg(iso->from, &body, 0) != 0)
		return -1;
	msg = cJSON_Parse(body + 1);
	if (cJSON_IsNumber(cJSON_GetObjectItem(msg, "create")))
		rc = cJSON_GetObjectItem(msg, "create")->valueint;
	cJSON_Delete(msg);
	free(body);
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

/* Send a request: type, the next sequence number, then payload. */
static int send_request(struct isolate *iso, char type, const char *payload,
                        size_t len)
{
	char head[24], *msg;
	size_t h;
	int rc;

	h = (size_t)snprintf(head, sizeof head, "%lu", ++iso->seq) + 1;
	if (!(msg = malloc(h + len)))
		return -1;
	memcpy(msg, head, h);
	memcpy(msg + h, payload, len);
	rc = send_msg(iso->to, type, msg, h + len);
	free(msg);
	return rc;
}

/* The sequence number a reply echoes, or 0. */
static unsigned long reply_seq(const cJSON *msg)
{
	const cJSON *seq = cJSON_GetObjectItemCaseSensitive(msg, "seq");

	return cJSON_IsNumber(seq) && seq->valuedouble >= 1
	       ? (unsigned long)seq->valuedouble : 0;
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
	cJSON *c;

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
	while ((c = status->next)) {
		const char *key = c->string;
		cJSON_DetachItemViaPointer(result, c);
		c->string = NULL;
		cJSON_AddItemToObject(res->root, key, c);
		cJSON_free((void *)key);
	}
	if (errors) {
		cJSON_Delete(res->errors);
		res->errors = cJSON_DetachItemViaPointer(msg, errors);
	}
	return 0;
}

/* A new child, brought up to date with every record answered so far. */
static int restart(struct isolate *iso)
{
	uint32_t len;
	char *buf = NULL, *body;
	cJSON *msg;
	long n = 0;
	int rc;

	kill_child(iso);
	if (++iso->restarts > MAX_RESTARTS) {
		diag("plugin %s failed on %d records: giving up, nothing written",
		     iso->p->desc.name, MAX_RESTARTS + 1);
		return -1;
	}
	if (spawn(iso) != 0 || fflush(iso->replay) != 0 ||
	    fseek(iso->replay, 0, SEEK_SET) != 0)
		goto fail;
	while (fread(&len, sizeof len, 1, iso->replay) == 1) {
		char *p = realloc(buf, len);
		if (!p || fread(p, 1, len, iso->replay) != len) {
			free(p ? p : buf);
			goto fail;
		}
		buf = p;
		if (send_request(iso, 'R', buf + 1, len - 1) < 0 ||
		    (rc = recv_msg(iso->from, &body, deadline_of(iso))) != 0) {
			free(buf);
			goto fail;
		}
		msg = cJSON_Parse(body + 1);
		free(body);
		rc = reply_seq(msg) == iso->seq;
		cJSON_Delete(msg);
		if (!rc) {
			free(buf);
			goto fail;
		}
		n++;
	}
	free(buf);
	fseek(iso->replay, 0, SEEK_END);
	return 0;
fail:
	diag("plugin %s could not be brought back after a crash (replaying "
	     "record %ld): nothing written", iso->p->desc.name, n + 1);
	kill_child(iso);
	return -1;
}

int isolate_assess(struct isolate *iso, const char *text, size_t len,
                   assess_result *res)
{
	char *body = NULL, why[128], *payload;
	size_t flen = strlen(res->file), n;
	cJSON *msg;
	int rc;

	/* where + text, kept whole for a replay */
	n = flen + 1 + 21 + 1 + len;
	if (!(payload = malloc(n))) {
		diag("out of memory");
		return -1;
	}
	memcpy(payload, res->file, flen + 1);
	n = flen + 1 + (size_t)snprintf(payload + flen + 1, 22, "%ld",
	                                res->line) + 1;
	memcpy(payload + n, text, len);
	len += n;
	rc = send_request(iso, 'A', payload, len);
	if (rc == 0)
		rc = recv_msg(iso->from, &body, deadline_of(iso));
	if (rc == 0) {
		msg = cJSON_Parse(body + 1);
		free(body);
		/* the wrong number or shape: the pipe can no longer be trusted */
		if (reply_seq(msg) != iso->seq || take_result(msg, res) < 0) {
			rc = -3;
			kill_child(iso);
			snprintf(why, sizeof why, "broke the reply protocol");
		}
		cJSON_Delete(msg);
	} else if (rc == -2) {
		kill_child(iso);
		snprintf(why, sizeof why, "took longer than %d s", iso->timeout);
	} else {
		reap(iso, why, sizeof why);
	}
	if (rc != 0) {
		host_reject(res, NULL, "plugin %s %s on this record; the batch "
		            "goes on", iso->p->desc.name, why);
		free(payload);
		return restart(iso);
	}
	if (!res->errors) {
		/* assessed: kept, so that a new child can be brought up to date */
		uint32_t whole = (uint32_t)len + 1;
		char type = 'A';
		if (fwrite(&whole, sizeof whole, 1, iso->replay) != 1 ||
		    fwrite(&type, 1, 1, iso->replay) != 1 ||
		    fwrite(payload, 1, len, iso->replay) != len) {
			diag("cannot keep records for replay: %s", strerror(errno));
			free(payload);
			return -1;
		}
	}
	free(payload);
	return 0;
}

int isolate_finish(struct isolate *iso, cJSON **summary, cJSON **refs)
{
	char *s = cJSON_PrintUnformatted(*summary), *body = NULL, why[128];
	cJSON *msg, *got;
	int rc = -1;

	*refs = NULL;
	if (!s)
		return -1;
	if (send_msg(iso->to, 'F', s, strlen(s)) == 0 &&
	    (rc = recv_msg(iso->from, &body, deadline_of(iso))) == 0) {
		msg = cJSON_Parse(body + 1);
		got = cJSON_DetachItemFromObject(msg, "summary");
		*refs = cJSON_DetachItemFromObject(msg, "references");
		if (cJSON_GetObjectItem(msg, "finish") || !cJSON_IsObject(got)) {
			diag("plugin %s failed in its finish step (%s): nothing "
			     "written", iso->p->desc.name,
			     diag_code(cJSON_GetObjectItem(msg, "finish")
			               ? cJSON_GetObjectItem(msg, "finish")->valueint
			               : ASSESS_EPLUGIN));
			cJSON_Delete(got);
			cJSON_Delete(*refs);
			*refs = NULL;
			rc = -1;
		} else {
			cJSON_Delete(*summary);
			*summary = got;
		}
		cJSON_Delete(msg);
	} else {
		if (rc == -2)
			snprintf(why, sizeof why, "took longer than %d s",
			         iso->timeout);
		else
			reap(iso, why, sizeof why);
		diag("plugin %s %s in its finish step: nothing written",
		     iso->p->desc.name, why);
		rc = -1;
	}
	cJSON_free(s);
	free(body);
	return rc;
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
	if (iso->replay)
		fclose(iso->replay);
	free(iso);
}
