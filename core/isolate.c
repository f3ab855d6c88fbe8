/*
 * isolate.c - a plugin in a child process (see isolate.h).
 *
 * Messages (frame.c) from parent to child: "A" + seq + where + fixed +
 * record text (assess and answer), "R" + the same (replay: assess in
 * silence), "F" + summary JSON (finish), "D" (describe); seq is a
 * decimal sequence number, where the file name and "LINE:INDEX" (the
 * record's line, and its place in the batch, which is its result's
 * handle for amendments), fixed the host's members as the parent decided
 * them (verdict.h: the child never decides them again), each ended by a
 * NUL.  Child to parent: the create status {"create": exit status} first,
 * then for each record {"seq": n, "result": .., "errors": ..}, for finish
 * {"summary": .., "references": .., "amend": [[handle, {..}], ..]} and for
 * describe {"doc": ..}, with
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
 *
 * Here: the child's life, the poll loop, and the one request outside the
 * batch (iso_ask); what finish and describe make of their replies is
 * isolate_finish.c, the child's side child.c, the window and streams
 * isolate_io.c.
 */
#include "isolate_impl.h"
#include "lang.h"
#include "isolate_child.h"
#include "diag.h"
#include "isolate_frame.h"
#include "mem.h"
#include "status.h"
#include "tmp.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long deadline_of(const struct isolate *iso)
{
	return iso->timeout ? isolate_frame_now_ms() + (long long)iso->timeout * 1000 : 0;
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
 * One still alive once its pipes are closed (it closed its end, or sent
 * something that is not a message) gets a second to go, then is killed. */
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
		snprintf(why, len, _("broke the reply protocol"));
	} else if (got == iso->pid && WIFSIGNALED(status)) {
		snprintf(why, len, _("crashed with signal %d (%s)"),
		         WTERMSIG(status), strsignal(WTERMSIG(status)));
	} else if (got == iso->pid) {
		snprintf(why, len, _("exited with status %d"), WEXITSTATUS(status));
		iso->nomem = WEXITSTATUS(status) == CHILD_EXIT_NOMEM;
	} else {
		snprintf(why, len, "vanished");
	}
	iso->pid = 0;
}

/* Fork a child and wait for its create: its status (status.h), or -1; on
 * 0 the parent's ends of the pipes are non-blocking. */
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
		isolate_child_close_inherited(down[0], up[1]);
		signal(SIGPIPE, SIG_DFL);
		isolate_child_serve(iso->p, iso->cfg, down[0], up[1]);
	}
	close(down[0]);
	close(up[1]);
	iso->to = down[1];
	iso->from = up[0];
	iso->to_broken = 0;
	if (isolate_frame_recv(iso->from, &body, deadline_of(iso)) != 0)
		return -1;
	msg = cJSON_Parse(body + 1);
	if (cJSON_IsNumber(cJSON_GetObjectItem(msg, "create")))
		rc = cJSON_GetObjectItem(msg, "create")->valueint;
	cJSON_Delete(msg);
	free(body);
	if (rc == 0) {
		isolate_frame_set_blocking(iso->to, 0);
		isolate_frame_set_blocking(iso->from, 0);
		iso->last_reply = isolate_frame_now_ms();
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
		return STATUS_NOMEM;
	}
	iso->p = p;
	iso->cfg = cfg;
	iso->timeout = timeout;
	iso->to = iso->from = -1;
	/* a child that dies must not kill the parent with SIGPIPE */
	signal(SIGPIPE, SIG_IGN);
	iso->replay = tmp_file();
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

/* A new child, brought up to date: the replay is queued, and every record
 * not yet answered will be sent to it after.  0, or -1 (reported). */
static int restart(struct isolate *iso)
{
	size_t i;

	iso_say_pending(iso);
	kill_child(iso);
	if (++iso->restarts > MAX_RESTARTS) {
		diag("plugin %s failed on %d records: giving up, nothing written",
		     iso->p->desc.name, MAX_RESTARTS + 1);
		return -1;
	}
	iso->outlen = iso->outoff = iso->inlen = 0;
	iso->queued = iso->sent = 0;
	for (i = 0; i < iso->n; i++) {
		iso_at(iso, i)->seq = 0;
		iso_at(iso, i)->written = 0;
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
	struct entry *e = iso_in_flight(iso);

	if (iso->replay_left > 0 || iso->acks_due > 0) {
		iso_say_pending(iso);
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
			iso_append_diag(e, said, n);
			free(said);
		}
		iso_settle(iso, e);
	}
	return restart(iso);
}

/* When the record the child is on (or the replay ack it owes) is due:
 * from its last answer or the record's last byte written, whichever is
 * later.  0: nothing due, or no time limit. */
static long long due(struct isolate *iso)
{
	struct entry *e = iso_in_flight(iso);
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

	if (iso_fill(iso) < 0)
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
		long long left = deadline ? deadline - isolate_frame_now_ms() : -1;
		ms = left < 0 ? (deadline ? 0 : -1)
		              : left > INT_MAX ? INT_MAX : (int)left;
	}
	ready = poll(fds, 2, ms);
	if (ready < 0 && errno != EINTR) {
		iso_say_pending(iso);
		diag("cannot wait for the plugin: %s", strerror(errno));
		return -1;
	}
	if (ready > 0 && fds[0].revents)
		iso_flush_out(iso);
	if (ready > 0 && fds[1].revents)
		rc = iso_read_in(iso);
	if (rc == -4)
		return -1;
	if (rc == -1)
		reap(iso, why, sizeof why);
	if (rc == -3 && mem_exhausted()) /* ours, not the child's fault */
		iso->nomem = 1;
	if (iso->nomem) {
		iso_say_pending(iso);
		if (rc == -1)
			diag("out of memory in the plugin's child process: "
			     "nothing written");
		else
			diag("out of memory reading its replies: nothing written");
		kill_child(iso);
		return -1;
	}
	if (rc == -1)
		return recover(iso, why);
	if (rc == -3) {
		kill_child(iso);
		return recover(iso, _("broke the reply protocol"));
	}
	deadline = due(iso);
	if (deadline && isolate_frame_now_ms() >= deadline) {
		kill_child(iso);
		snprintf(why, sizeof why, _("took longer than %d s"), iso->timeout);
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
		e = iso_at(iso, 0);
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

int iso_ask(struct isolate *iso, char type, const char *body,
            cJSON **reply, char *why, size_t len)
{
	char *text = NULL;
	int rc;

	*reply = NULL;
	/* a child started for the last record is brought up to date first */
	while (iso->replay_left > 0 || iso->acks_due > 0)
		if (pump(iso, 1) < 0)
			return -2;
	isolate_frame_set_blocking(iso->to, 1);
	isolate_frame_set_blocking(iso->from, 1);
	if ((rc = isolate_frame_send(iso->to, type, body, strlen(body))) == 0)
		rc = isolate_frame_recv(iso->from, &text, deadline_of(iso));
	if (rc == 0) {
		*reply = cJSON_Parse(text + 1);
		free(text);
		return 0;
	}
	if (rc == -2) {
		kill_child(iso);
		snprintf(why, len, _("took longer than %d s"), iso->timeout);
	} else {
		reap(iso, why, len);
	}
	return -1;
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
	iso_say_pending(iso); /* a run that stopped early: its messages still */
	while (iso->n) {
		struct entry *e = iso_at(iso, 0);
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
