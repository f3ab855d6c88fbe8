/*
 * isolate_child.h - the process an isolated plugin runs in.  The parent's side is
 * isolate.c; the two speak isolate_frame.h's messages.
 */
#ifndef ASSESS_ISOLATE_CHILD_H
#define ASSESS_ISOLATE_CHILD_H

#include "plugin.h"

/* The child's exit status when memory ran out: the parent then stops the
 * run (exit 6) instead of blaming the record or the plugin. */
#define CHILD_EXIT_NOMEM 86

/* In a new child: close every descriptor but stdio and keep1, keep2, so
 * that plugin code cannot write into the parent's output or spool. */
void isolate_child_close_inherited(int keep1, int keep2);

/* Create the plugin with cfg, answer its create status, then serve the
 * parent's requests read from fd in, answering on fd out, until in ends.
 * Never returns: the child exits. */
void isolate_child_serve(const struct plugin *p, assess_config *cfg, int in,
                 int out) __attribute__((noreturn));

#endif
