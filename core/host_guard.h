/*
 * host_guard.h - the handles a plugin is given, made so that a careless
 * plugin cannot misuse them.  A plugin sees records, results and output
 * nodes as opaque pointers; the host hands out tokens for them instead of
 * its own addresses.  A token names an entry of a table and carries the
 * entry's serial number, so one kept past its call (from an earlier
 * record, a finished step, an element of a list written since, a member
 * replaced) is told from a live one and refused with one line naming the
 * plugin and the host call, where an address would be memory freed or
 * reused by another record.  The same module knows which of the plugin's
 * steps is running, for the atexit and _exit watch of in-process runs.
 */
#ifndef ASSESS_HOST_GUARD_H
#define ASSESS_HOST_GUARD_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "assess/assess.h"

#define HOST_GUARD_SAID 32 /* the refusals said, each once */

/* The plugin's steps, as messages name them. */
enum host_step {
	HOST_STEP_NONE = 0, /* the host's own code runs */
	HOST_STEP_CREATE,
	HOST_STEP_ASSESS,
	HOST_STEP_FINISH,
	HOST_STEP_DESCRIBE,
	HOST_STEP_DESTROY
};

/* A run's table of handles (run.h's guard): zeroed by whoever makes the
 * run, its memory freed by host_guard_free at the run's end.  The
 * functions below use the active run's (run_active); without one, every
 * handle is the host's own and nothing is checked. */
struct host_guard_entry {
	cJSON *node;
	uint32_t serial; /* 0: dead */
	uint32_t parent; /* the parent's index + 1, or 0 for a root */
};

struct host_guard {
	struct host_guard_entry *v;
	size_t n, cap;
	uint32_t serial;              /* the last one given out */
	enum host_step step;
	const assess_record *rec;     /* the record being assessed */
	assess_result *res;
	uint64_t rec_tok, res_tok;
	const assess_record *ref;     /* read_records' record, or NULL */
	uint64_t ref_tok;
	const cJSON *amended;         /* the node amend gave out last */
	struct { const char *call; char reason[96]; } said[HOST_GUARD_SAID];
	int nsaid;
	long refused;
	char first[256];
};

/* Free what g holds (NULL: nothing). */
void host_guard_free(struct host_guard *g);

/* Plugin code is about to run step (HOST_STEP_NONE: it has returned).
 * Every node given out before is dead from here on: a step starts and
 * ends with none alive. */
void host_guard_step(enum host_step step);

/* The step running, and its name ("create", "assess", ...). */
enum host_step host_guard_current(void);
const char *host_guard_step_name(enum host_step step);

/* The token for node n, a child of the node behind token parent (NULL
 * for a root: a result, the summary, describe's document, an amendment):
 * it dies with its parent.  NULL when the table cannot grow (mem_fail
 * noted). */
assess_node *host_guard_give(cJSON *n, const assess_node *parent);

/* The node behind token t, or NULL after saying (once per call and
 * reason) that call was refused a stale node.  A pointer that is no token
 * is the host's own (a unit test's, the host's internal calls) and is
 * taken as it is while no plugin step runs; during one it is refused. */
cJSON *host_guard_node(const assess_node *t, const char *call);

/* Node n and every node given out under it are dead (n is being freed:
 * a list's element written out, a member replaced, an amendment packed). */
void host_guard_drop(const cJSON *n);

/* host_table.amend: amend_node's node as a token; the one it gave out
 * before is dead (amend.h packs and frees it). */
assess_node *host_guard_amend(uint64_t handle);

/* The record and result of the assess call starting (res NULL: it has
 * ended), and their tokens for the plugin. */
void host_guard_open(const assess_record *rec, assess_result *res,
                     const assess_record **rec_token,
                     assess_result **res_token);

/* A record of a reference file for read_records' callback (NULL: the
 * callback returned); its token, or NULL. */
const assess_record *host_guard_ref(const assess_record *rec);

/* The record behind token t, or NULL after saying call was refused. */
const assess_record *host_guard_record(const assess_record *t,
                                       const char *call);
/* The result behind token t, or NULL after saying call was refused. */
assess_result *host_guard_result(const assess_result *t, const char *call);

/* Say once per call and reason that the host refused call: "plugin NAME:
 * CALL: refused: REASON" (reason translated by the caller).  Returns
 * ASSESS_EINVAL.  The first such line is kept for --check-plugin. */
int host_guard_refuse(const char *call, const char *reason);

/* The same for a call that was answered but is a mistake all the same
 * (a declaring plugin reading a field it did not declare): "plugin NAME:
 * CALL: WHAT", counted with the refusals. */
void host_guard_misuse(const char *call, const char *what);

/* How many calls were refused (or were mistakes) so far, and the first refusal's line
 * (without "assess: "), or NULL. */
long host_guard_refusals(const char **first);

#endif
