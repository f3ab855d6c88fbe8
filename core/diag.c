/*
 * diag.c - diagnostics on stderr (see diag.h).  The line is formatted first
 * and written with one call, so that lines from a plugin child process and
 * the parent do not interleave mid-line.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int muted;
static int capturing;
static char *cap;         /* captured lines */
static size_t caplen, capsize;

void diag_capture_begin(void)
{
	capturing = 1;
	caplen = 0;
}

char *diag_capture_end(size_t *len)
{
	char *text = caplen ? cap : NULL;

	*len = caplen;
	if (text) {
		cap = NULL; /* handed over; the next capture starts afresh */
		capsize = 0;
	}
	caplen = 0;
	capturing = 0;
	return text;
}

/* Append a line to the capture; on failure it goes to stderr after all. */
static int capture(const char *line, size_t n)
{
	if (caplen + n + 1 > capsize) {
		size_t size = capsize ? capsize : 256;
		char *p;
		while (size < caplen + n + 1)
			size *= 2;
		if (!(p = realloc(cap, size)))
			return -1;
		cap = p;
		capsize = size;
	}
	memcpy(cap + caplen, line, n);
	caplen += n;
	cap[caplen] = '\0';
	return 0;
}

void diag_mute(int on)
{
	muted = on;
}

void diag(const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	int n;

	if (muted)
		return;
	memcpy(line, "assess: ", 8);
	va_start(ap, fmt);
	n = vsnprintf(line + 8, sizeof line - 9, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n > sizeof line - 10)
		n = (int)(sizeof line - 10);
	n += 8;
	/* one line, whatever the message held */
	for (int i = 8; i < n; i++)
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	line[n++] = '\n';
	if (!capturing || capture(line, (size_t)n) < 0)
		fwrite(line, 1, (size_t)n, stderr);
}

const char *diag_code(int rc)
{
	static const char *const names[] = {
		"ASSESS_OK", "ASSESS_ENOENT", "ASSESS_ETYPE", "ASSESS_ERANGE",
		"ASSESS_EINVAL", "ASSESS_ENOMEM", "ASSESS_ECONFIG", "ASSESS_EREJECT",
		"ASSESS_EPLUGIN"
	};

	if (rc <= 0 && -rc < (int)(sizeof names / sizeof *names))
		return names[-rc];
	return "an unknown code";
}
