/*
 * check_run.c - one run of --check-plugin in a child process, with the
 * parent's time limit (see check_impl.h).
 */
#include "check_impl.h"
#include "lang.h"
#include "isolate_frame.h"
#include "host_exit.h"
#include "host_guard.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* In the child, where its answers go: the crash handler's, which gets no
 * context (a signal handler's state must be static). */
static int crash_fd = -1;

/* A crash in the child: the plugin step it happened in goes to the
 * parent as "@step" (write(2) only: a signal handler), then the signal
 * takes its course. */
static void crashed(int sig)
{
	const char *step = host_guard_step_name(host_guard_current());

	if (*step) { /* a write that fails: nothing more to do here */
		ssize_t w = write(crash_fd, "\n@", 2);
		w += write(crash_fd, step, strlen(step));
		w += write(crash_fd, "\n", 1);
		(void)w;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void watch_crashes(int fd)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	size_t i;

	crash_fd = fd;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = crashed;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction old;
		/* a handler already there (a sanitizer's) stays */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_DFL)
			sigaction(sigs[i], &sa, NULL);
	}
}

/* The step a crashed child named last ("@step"), or NULL. */
static const char *crash_step(char *results, char *step, size_t len)
{
	char *at = NULL, *p;

	for (p = results; p && (p = strstr(p, "\n@")); p += 2)
		at = p + 2;
	if (!at)
		return NULL;
	snprintf(step, len, "%.*s", (int)strcspn(at, "\n"), at);
	return step;
}

/*
 * Run body in a child.  Returns 0 and what it wrote in *results
 * (malloc'd), or -1 with why in why.
 *
 * The time limit is the parent's: it reads both pipes until the child
 * closes them or the deadline passes, then kills the child with SIGKILL.
 * An alarm in the child would be the plugin's to ignore.
 */
int check_run_child(const struct checker *c, check_child_body *body, void *arg,
                     char **results, char *why, size_t len)
{
	int res_pipe[2], out_pipe[2], status, late = 0;
	char buf[65536], stray[64];
	size_t n = 0;
	ssize_t got = 0;
	long long deadline;
	struct pollfd fds[2];
	pid_t pid;

	*results = NULL;
	if (pipe(res_pipe) < 0) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		return -1;
	}
	if (pipe(out_pipe) < 0) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		close(res_pipe[0]);
		close(res_pipe[1]);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		close(res_pipe[0]);
		close(res_pipe[1]);
		close(out_pipe[0]);
		close(out_pipe[1]);
		return -1;
	}
	if (pid == 0) {
		close(res_pipe[0]);
		close(out_pipe[0]);
		dup2(out_pipe[1], 1); /* what the plugin prints is caught */
		setvbuf(stdout, NULL, _IONBF, 0);
		if (!getenv("ASSESS_CHECK_VERBOSE") &&
		    !freopen("/dev/null", "w", stderr))
			_exit(2);
		host_exit_watch(res_pipe[1]); /* exit said, as in a run */
		watch_crashes(res_pipe[1]);
		body(c, arg, res_pipe[1]);
		_exit(2);
	}
	close(res_pipe[1]);
	close(out_pipe[1]);
	/* The results stay small; keep them all, and the first bytes the
	 * plugin printed, reading whichever pipe is ready so that neither
	 * fills and stalls the child. */
	fds[0].fd = res_pipe[0];
	fds[1].fd = out_pipe[0];
	fds[0].events = fds[1].events = POLLIN;
	deadline = isolate_frame_now_ms() + (long long)c->timeout * 1000;
	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		long long left = deadline - isolate_frame_now_ms();
		int ready;

		if (left <= 0) {
			late = 1;
			break;
		}
		ready = poll(fds, 2, left > 1000 ? 1000 : (int)left);
		if (ready < 0 && errno != EINTR)
			break;
		if (ready <= 0)
			continue;
		if (fds[0].revents) {
			ssize_t r = read(fds[0].fd, buf, sizeof buf);
			char *p = r > 0 ? realloc(*results, n + (size_t)r + 1) : NULL;

			if (p) {
				*results = p;
				memcpy(p + n, buf, (size_t)r);
				n += (size_t)r;
				p[n] = '\0';
			} else if (r < 0 && errno == EINTR) {
				;
			} else {
				fds[0].fd = -1;
			}
		}
		if (fds[1].revents) {
			ssize_t r = read(fds[1].fd, buf, sizeof buf);

			if (r > 0 && got < (ssize_t)sizeof stray - 1) {
				size_t take = sizeof stray - 1 - (size_t)got;

				if (take > (size_t)r)
					take = (size_t)r;
				memcpy(stray + got, buf, take);
				got += (ssize_t)take;
			} else if (r <= 0 && !(r < 0 && errno == EINTR)) {
				fds[1].fd = -1;
			}
		}
	}
	close(res_pipe[0]);
	close(out_pipe[0]);
	if (late)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (late) {
		snprintf(why, len, _("did not finish within %d s"), c->timeout);
		return -1;
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		char step[32];

		if (crash_step(*results, step, sizeof step))
			snprintf(why, len, _("crashed with signal %d (%s) in its %s "
			         "step"), sig, strsignal(sig), step);
		else
			snprintf(why, len, _("crashed with signal %d (%s)"), sig,
			         strsignal(sig));
		return -1;
	}
	if (WEXITSTATUS(status) != 0) {
		const char *bang = *results ? strchr(*results, '!') : NULL;
		if (bang)
			snprintf(why, len, "%.*s", (int)strcspn(bang + 1, "\n"),
			         bang + 1);
		else
			snprintf(why, len, _("exited with status %d (it called exit, "
			         "or a sanitizer caught a crash)"), WEXITSTATUS(status));
		return -1;
	}
	if (got > 0) {
		stray[got] = '\0';
		stray[strcspn(stray, "\r\n")] = '\0';
		snprintf(why, len, _("wrote to standard output, where the results "
		         "go: \"%.30s\""), stray);
		return -1;
	}
	if (!*results)
		*results = strdup("");
	return 0;
}
