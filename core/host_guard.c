/*
 * host_guard.c - the tokens a plugin holds for records, results and
 * output nodes, and the step it is in (see host_guard.h).
 *
 * A token is 64 bits: a tag in the top byte (0xa5 a node, 0xa6 a record,
 * 0xa7 a result), which makes it an address no process can map, so that
 * a plugin that dereferences one crashes at once instead of reading the
 * host's memory; a serial number in the next 32 bits; and for a node the
 * index of its entry in the table below in the low 24.  An entry lives
 * until its step ends or its node is freed; its serial is then cleared,
 * and a token whose serial does not match its entry's is stale.  Serials
 * only grow (4 billion tokens before one could come back), so an entry
 * reused by a later node never answers to an earlier token.  Checking a
 * token costs a shift, a mask and a compare: the per-record path gives
 * out one result token and one record token, and ends its step by
 * setting the table's length to zero.
 *
 * The table is the run's (run.h's guard), reached through run_active:
 * the services of assess_host take no context from the plugin (the ABI
 * has none to pass), so what they check against cannot be passed down.
 */
#include "host_guard.h"
#include "amend.h"
#include "diag.h"
#include "lang.h"
#include "mem.h"
#include "run.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG_NODE UINT64_C(0xa5)
#define TAG_REC UINT64_C(0xa6)
#define TAG_RES UINT64_C(0xa7)
#define IDX_BITS 24
#define IDX_MAX ((UINT64_C(1) << IDX_BITS) - 1)
#define TOKEN(tag, serial, idx) \
	((tag) << 56 | (uint64_t)(serial) << IDX_BITS | (uint64_t)(idx))
#define TAG_OF(u) ((u) >> 56)
#define SERIAL_OF(u) ((uint32_t)((u) >> IDX_BITS))
#define IDX_OF(u) ((size_t)((u) & IDX_MAX))

/* The active run's table (run.h), or NULL outside a run: then every
 * handle is the host's own, given and taken back untouched. */
static struct host_guard *guard(void)
{
	struct run *r = run_active();

	return r ? r->guard : NULL;
}

/* The plugin's name, for messages ("?" before it is known). */
static const char *plugin_name(void)
{
	struct run *r = run_active();

	return r && r->plugin_name ? r->plugin_name : "?";
}

static uint32_t next_serial(struct host_guard *g)
{
	if (++g->serial == 0)
		g->serial = 1;
	return g->serial;
}

void host_guard_step(enum host_step step)
{
	struct host_guard *g = guard();

	if (!g)
		return;
	g->step = step;
	g->n = 0;
	g->amended = NULL;
}

enum host_step host_guard_current(void)
{
	const struct host_guard *g = guard();

	return g ? g->step : HOST_STEP_NONE;
}

const char *host_guard_step_name(enum host_step step)
{
	static const char *const names[] = {
		"", "create", "assess", "finish", "describe", "destroy"
	};

	return names[step];
}

long host_guard_refusals(const char **first)
{
	const struct host_guard *g = guard();

	if (first)
		*first = g && g->refused ? g->first : NULL;
	return g ? g->refused : 0;
}

/* Say "plugin NAME: CALL: [refused: ]REASON" once per call and reason,
 * and count it. */
static void say(int refused, const char *call, const char *reason)
{
	struct host_guard *g = guard();
	const char *name = plugin_name();
	int i;

	if (!g)
		goto tell;
	if (g->refused++ == 0)
		snprintf(g->first, sizeof g->first, refused
		         ? _("plugin %s: %s: refused: %s") : "plugin %s: %s: %s",
		         name, call, reason);
	for (i = 0; i < g->nsaid; i++)
		if (g->said[i].call == call &&
		    strcmp(g->said[i].reason, reason) == 0)
			return;
	if (g->nsaid < HOST_GUARD_SAID) {
		g->said[g->nsaid].call = call;
		snprintf(g->said[g->nsaid].reason, sizeof g->said[g->nsaid].reason,
		         "%s", reason);
		g->nsaid++;
	}
tell:
	if (refused)
		diag("plugin %s: %s: refused: %s", name, call,
		     reason);
	else
		diag("plugin %s: %s: %s", name, call, reason);
}

int host_guard_refuse(const char *call, const char *reason)
{
	say(1, call, reason);
	return ASSESS_EINVAL;
}

void host_guard_misuse(const char *call, const char *what)
{
	say(0, call, what);
}

assess_node *host_guard_give(cJSON *n, const assess_node *parent)
{
	uint64_t p = (uint64_t)(uintptr_t)parent;
	struct host_guard *g = guard();
	uint32_t up = 0;
	struct host_guard_entry *e;

	if (!n || !g)
		return (assess_node *)n;
	if (TAG_OF(p) == TAG_NODE && IDX_OF(p) < g->n &&
	    g->v[IDX_OF(p)].serial == SERIAL_OF(p) && SERIAL_OF(p))
		up = (uint32_t)IDX_OF(p) + 1;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		if (g->n > IDX_MAX || !(e = realloc(g->v, cap * sizeof *e))) {
			mem_fail(); /* a node the plugin cannot use: the run stops */
			return NULL;
		}
		g->v = e;
		g->cap = cap;
	}
	e = &g->v[g->n];
	e->node = n;
	e->serial = next_serial(g);
	e->parent = up;
	return (assess_node *)(uintptr_t)TOKEN(TAG_NODE, e->serial, g->n++);
}

cJSON *host_guard_node(const assess_node *t, const char *call)
{
	const struct host_guard *g = guard();
	uint64_t u = (uint64_t)(uintptr_t)t;
	size_t i = IDX_OF(u);

	if (TAG_OF(u) == TAG_NODE) {
		if (g && i < g->n && g->v[i].serial == SERIAL_OF(u) && SERIAL_OF(u))
			return g->v[i].node;
		host_guard_refuse(call, _("a node from an earlier record or "
		                  "step, or one freed since (kept past its "
		                  "call)"));
		return NULL;
	}
	if (!t)
		host_guard_refuse(call, _("a NULL node"));
	else if ((g && g->step != HOST_STEP_NONE) || TAG_OF(u))
		host_guard_refuse(call, _("not a node the host gave"));
	else
		return (cJSON *)(uintptr_t)t; /* the host's own call */
	return NULL;
}

void host_guard_drop(const cJSON *n)
{
	struct host_guard *g = guard();
	size_t i, j;

	if (!g)
		return;
	for (i = g->n; i > 0; i--)
		if (g->v[i - 1].node == n && g->v[i - 1].serial)
			break;
	if (i == 0)
		return;
	g->v[i - 1].serial = 0;
	/* children come after their parents */
	for (j = i; j < g->n; j++)
		if (g->v[j].parent && !g->v[g->v[j].parent - 1].serial)
			g->v[j].serial = 0;
	while (g->n && !g->v[g->n - 1].serial)
		g->n--;
}

void host_guard_open(const assess_record *rec, assess_result *res,
                     const assess_record **rec_token,
                     assess_result **res_token)
{
	struct host_guard *g = guard();
	uint32_t s;

	if (!g) { /* no table: the handles themselves */
		if (rec_token)
			*rec_token = rec;
		if (res_token)
			*res_token = res;
		return;
	}
	s = res ? next_serial(g) : 0;
	g->rec = res ? rec : NULL;
	g->res = res;
	g->rec_tok = res ? TOKEN(TAG_REC, s, 0) : 0;
	g->res_tok = res ? TOKEN(TAG_RES, s, 0) : 0;
	if (rec_token)
		*rec_token = (const assess_record *)(uintptr_t)g->rec_tok;
	if (res_token)
		*res_token = (assess_result *)(uintptr_t)g->res_tok;
}

const assess_record *host_guard_ref(const assess_record *rec)
{
	struct host_guard *g = guard();

	if (!g)
		return rec;
	g->ref = rec;
	g->ref_tok = rec ? TOKEN(TAG_REC, next_serial(g), 0) : 0;
	return (const assess_record *)(uintptr_t)g->ref_tok;
}

const assess_record *host_guard_record(const assess_record *t,
                                       const char *call)
{
	const struct host_guard *g = guard();
	uint64_t u = (uint64_t)(uintptr_t)t;

	if (g && u && u == g->rec_tok)
		return g->rec;
	if (g && u && u == g->ref_tok)
		return g->ref;
	if (TAG_OF(u) == TAG_REC)
		host_guard_refuse(call, _("a record kept past its call (from an "
		                  "earlier record or step)"));
	else if (!t)
		host_guard_refuse(call, _("a NULL record"));
	else if ((g && g->step != HOST_STEP_NONE) || TAG_OF(u))
		host_guard_refuse(call, _("not a record the host gave"));
	else
		return t; /* the host's own call */
	return NULL;
}

assess_result *host_guard_result(const assess_result *t, const char *call)
{
	const struct host_guard *g = guard();
	uint64_t u = (uint64_t)(uintptr_t)t;

	if (g && u && u == g->res_tok)
		return g->res;
	if (TAG_OF(u) == TAG_RES)
		host_guard_refuse(call, _("a result kept past its call (from an "
		                  "earlier record or step)"));
	else if (!t)
		host_guard_refuse(call, _("a NULL result"));
	else if ((g && g->step != HOST_STEP_NONE) || TAG_OF(u))
		host_guard_refuse(call, _("not a result the host gave"));
	else
		return (assess_result *)(uintptr_t)t; /* the host's own call */
	return NULL;
}

assess_node *host_guard_amend(uint64_t handle)
{
	struct host_guard *g = guard();
	cJSON *n = (cJSON *)amend_node(handle);

	if (!n || !g)
		return (assess_node *)n;
	/* amend_node has packed and freed the node it gave out before */
	if (g->amended)
		host_guard_drop(g->amended);
	g->amended = n;
	return host_guard_give(n, NULL);
}

void host_guard_free(struct host_guard *g)
{
	if (g)
		free(g->v);
}
