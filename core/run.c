/*
 * run.c - the run context's life (see run.h).
 */
#include "run.h"
#include "keys.h"

#include <string.h>

/* The run the ABI's handle-less services reach.  assess.h's log,
 * declare, read_records, config_* and value_* take no record or result,
 * and the ABI cannot change for plugins built against it: this pointer is
 * the one way they have to the run.  It holds no state of its own. */
static struct run *active;

void run_begin(struct run *r, struct record_state *record,
               struct slots *slots)
{
	memset(r, 0, sizeof *r);
	r->record = record;
	r->slots = slots;
	r->plugin_name = "?";
	active = r;
}

void run_end(struct run *r)
{
	keys_free(r->keys);
	r->keys = NULL;
	if (active == r)
		active = NULL;
}

struct run *run_active(void)
{
	return active;
}
