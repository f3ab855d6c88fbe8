/*
 * host_exit.c - the watch on a plugin ending the process (host_exit.h).
 *
 * Two ways out are caught, each the only robust way for it:
 *  - exit() runs the atexit handlers, whoever calls it (the plugin, a
 *    library the plugin uses, err()), so an atexit handler sees every
 *    exit() and, while a plugin step runs, ends the process itself with
 *    exit status 4 before stdio flushes a half-built output;
 *  - _exit() and _Exit() run nothing, so the executable defines them and
 *    exports them (the link's --dynamic-list, core/assess.dynlist): a
 *    plugin's reference, resolved in the global scope first, binds to
 *    these, which end the process through the exit_group system call
 *    after the same check.  libc's own calls go through its internal
 *    alias and are not affected.  A plugin that makes the system call
 *    itself, or links libc statically, is not caught; it is isolated by
 *    default (--isolate), where the parent sees its child end.
 *
 * The state is one static struct: neither atexit handlers nor _exit get a
 * context to find it in.
 */
#define _GNU_SOURCE /* syscall */
#include "host_exit.h"
#include "host.h"
#include "host_guard.h"
#include "diag.h"
#include "lang.h"
#include "status.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Read by an atexit handler and the _exit watch, which take no argument:
 * they cannot be reached through a run. */
static struct {
	int on;  /* host_exit_watch was called */
	int fd;  /* where a checker's child tells its parent, or -1 */
} watch = { 0, -1 };

/* The process ends by the system call, whatever libc would run first. */
static _Noreturn void end(int status)
{
	for (;;)
		syscall(SYS_exit_group, status);
}

/* While a plugin step runs: say so, and end with STATUS_PLUGIN. */
static void check_step(const char *how)
{
	enum host_step step = host_guard_current();
	char msg[256];

	if (!watch.on || step == HOST_STEP_NONE)
		return;
	snprintf(msg, sizeof msg, _("plugin %s ended the process (%s) in its "
	         "%s step"), host_plugin_name(), how,
	         host_guard_step_name(step));
	if (watch.fd >= 0)
		dprintf(watch.fd, "!%s\n", msg);
	if (step == HOST_STEP_DESTROY) {
		/* the output is whole by then: let it out */
		fflush(NULL);
		diag("%s, after the output was written", msg);
	} else {
		diag("%s: nothing written", msg);
	}
	end(STATUS_PLUGIN);
}

static void at_exit(void)
{
	check_step("exit");
}

void host_exit_watch(int fd)
{
	watch.fd = fd;
	if (!watch.on && atexit(at_exit) == 0)
		watch.on = 1;
}

/* The executable's _exit and _Exit (see the header comment): exported,
 * so that a plugin's calls come here. */
void _exit(int status)
{
	check_step("_exit");
	end(status);
}

void _Exit(int status)
{
	check_step("_Exit");
	end(status);
}
