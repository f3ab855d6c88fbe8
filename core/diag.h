/*
 * diag.h - the one place that writes diagnostics: "assess: ..." lines on
 * stderr.
 */
#ifndef ASSESS_DIAG_H
#define ASSESS_DIAG_H

#include "assess/assess.h"

/* Write "assess: " and the formatted message as one line on stderr. */
void diag(const char *fmt, ...) ASSESS_PRINTF(1, 2);

/* While on is nonzero, diag writes nothing (an isolated plugin replaying
 * records it has already reported on). */
void diag_mute(int on);

/* The name of an ASSESS_* return code, e.g. "ASSESS_EPLUGIN". */
const char *diag_code(int rc);

#endif
