/*
 * diag.c - diagnostics on stderr (see diag.h).  The line is formatted first
 * and written with one call, so that lines from a plugin child process and
 * the parent do not interleave mid-line.
 */
#include "diag.h"
#include "lang.h"
#include "run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every line of the process goes through here (a plugin's log, an
 * atexit handler's last word); what holds them back or drops them is the
 * active run's (run.h's diag), so that it is begun and ended by the run
 * that wants it.  Outside a run every line is said. */
void diag_capture_begin(void)
{
	struct run *r = run_active();

	if (r) {
		r->diag.capturing = 1;
		r->diag.len = 0;
	}
}

int diag_capturing(void)
{
	const struct run *r = run_active();

	return r && r->diag.capturing;
}

char *diag_capture_end(size_t *len)
{
	struct run *r = run_active();
	char *text = r && r->diag.len ? r->diag.text : NULL;

	*len = text ? r->diag.len : 0;
	if (r) {
		if (!text) /* nothing said: no buffer outlives the capture */
			free(r->diag.text);
		r->diag.text = NULL; /* handed over, or freed */
		r->diag.size = 0;
		r->diag.len = 0;
		r->diag.capturing = 0;
	}
	return text;
}

/* The lines this thread holds back (diag_hold), or NULL. */
static _Thread_local struct diag_held *held;

void diag_hold(struct diag_held *h)
{
	held = h;
}

/* Append n bytes at line to h.  0, or -1 out of memory. */
static int hold(struct diag_held *h, const char *line, size_t n)
{
	if (h->len + n + 1 > h->size) {
		size_t size = h->size ? h->size : 256;
		char *p;
		while (size < h->len + n + 1)
			size *= 2;
		if (!(p = realloc(h->text, size)))
			return -1;
		h->text = p;
		h->size = size;
	}
	memcpy(h->text + h->len, line, n);
	h->len += n;
	h->text[h->len] = '\0';
	return 0;
}

/* Append a line to r's capture; on failure it goes to stderr after all. */
static int capture(struct run *r, const char *line, size_t n)
{
	if (r->diag.len + n + 1 > r->diag.size) {
		size_t size = r->diag.size ? r->diag.size : 256;
		char *p;
		while (size < r->diag.len + n + 1)
			size *= 2;
		if (!(p = realloc(r->diag.text, size)))
			return -1;
		r->diag.text = p;
		r->diag.size = size;
	}
	memcpy(r->diag.text + r->diag.len, line, n);
	r->diag.len += n;
	r->diag.text[r->diag.len] = '\0';
	return 0;
}

void diag_mute(int on)
{
	struct run *r = run_active();

	if (r)
		r->diag.muted = on;
}

/* Copy msg into out (room for n bytes and a NUL) with what a terminal
 * would act on made visible: C0 controls, DEL and the C1 controls
 * (U+0080..U+009F) as \xHH or \u00HH, so that an id or a name from the
 * input can neither break the one-line rule nor send escape sequences. */
static size_t escape(const char *msg, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)msg;
	size_t len = 0;

	for (; *p && len + 7 < n; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			len += (size_t)snprintf(out + len, n - len, "\\x%02x", *p);
		} else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			len += (size_t)snprintf(out + len, n - len, "\\u%04x", p[1]);
			p++;
		} else {
			out[len++] = (char)*p;
		}
	}
	out[len] = '\0';
	return len;
}

void diag(const char *fmt, ...)
{
	char msg[2048], line[4096], *big = NULL, *bigline = NULL, *m = msg;
	char *l = line;
	size_t n, room = sizeof line;
	struct run *r = run_active();
	va_list ap;
	int need;

	if (r && r->diag.muted)
		return;
	va_start(ap, fmt);
	need = vsnprintf(msg, sizeof msg, _(fmt), ap); /* lang.h */
	va_end(ap);
	/* a longer line (every header a spreadsheet names) is never cut;
	 * out of memory, it is cut as before */
	if (need >= (int)sizeof msg && (big = malloc((size_t)need + 1)) &&
	    (bigline = malloc(4 * (size_t)need + 16))) {
		va_start(ap, fmt);
		vsnprintf(big, (size_t)need + 1, _(fmt), ap);
		va_end(ap);
		m = big;
		l = bigline;
		room = 4 * (size_t)need + 16;
	}
	memcpy(l, "assess: ", 8);
	n = 8 + escape(m, l + 8, room - 9);
	l[n++] = '\n';
	if (held ? hold(held, l, n) < 0
	    : !r || !r->diag.capturing || capture(r, l, n) < 0)
		fwrite(l, 1, n, stderr);
	free(big);
	free(bigline);
}

void diag_held_say(struct diag_held *h)
{
	struct run *r = run_active();

	if (!h->len)
		return;
	if (!r || !r->diag.capturing || capture(r, h->text, h->len) < 0)
		fwrite(h->text, 1, h->len, stderr);
	h->len = 0;
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
