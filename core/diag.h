/*
 * diag.h - the one place that writes diagnostics: "assess: ..." lines on
 * stderr.
 */
#ifndef ASSESS_DIAG_H
#define ASSESS_DIAG_H

#include "assess/assess.h"

#include <stddef.h>

/* Write "assess: " and the formatted message as one line on stderr; fmt
 * is translated first (lang.h), so a call site's literal is its msgid. */
void diag(const char *fmt, ...) ASSESS_PRINTF(1, 2);

/* While on is nonzero, diag writes nothing (an isolated plugin replaying
 * records it has already reported on); the active run's (run.h), so
 * outside a run nothing is muted. */
void diag_mute(int on);

/* Between diag_capture_begin and diag_capture_end, diag appends its lines
 * to a buffer of the active run instead of writing them (no run: none
 * held); end returns that text (malloc'd,
 * NUL-terminated, NULL when there was none) and its length in *len.  An
 * isolated plugin's messages travel with their record this way, so that
 * stderr keeps the order of the records however far the child runs ahead. */
void diag_capture_begin(void);
char *diag_capture_end(size_t *len);
/* Whether a capture is open (captures do not nest). */
int diag_capturing(void);

/* Lines a thread holds back (diag_hold): the text, NUL-terminated when
 * len is nonzero. */
struct diag_held {
	char *text;
	size_t len, size;
};

/* With h, diag on the calling thread appends its lines to h instead of
 * saying them (NULL: said again).  The pipeline's reader holds what
 * reading a file says (a spreadsheet's header), so that it is said with
 * the record it came before, in the order a run without threads says it. */
void diag_hold(struct diag_held *h);

/* Say the lines h holds, as diag would have said them, and empty it. */
void diag_held_say(struct diag_held *h);

/* The name of an ASSESS_* return code, e.g. "ASSESS_EPLUGIN". */
const char *diag_code(int rc);

#endif
