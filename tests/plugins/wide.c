/*
 * wide.c - a fixture plugin of ABI 1.2 with many top-level fields: it
 * declares WIDE_FIELDS numbers, f000 to f199, and reads every one of a
 * record by its slot, putting their sum and how many it found.  A scheme
 * with hundreds of fields (a spreadsheet of many columns, a declarative
 * scheme) must have each of them known to the host, however many there
 * are: a record holding them all is assessed, one holding another is
 * rejected naming it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "assess/assess.h"

#define WIDE_FIELDS 200

struct state {
	const assess_host *h;
	int at[WIDE_FIELDS];
};

static int create(const assess_host *h, const assess_config *cfg, void **out)
{
	struct state *s = calloc(1, sizeof *s);
	char name[16];
	int i;

	(void)cfg;
	if (!s)
		return ASSESS_ENOMEM;
	s->h = h;
	for (i = 0; i < WIDE_FIELDS; i++) {
		snprintf(name, sizeof name, "f%03d", i);
		if (!ASSESS_HAS(h, declare) ||
		    (s->at[i] = h->declare(name, ASSESS_TYPE_NUMBER,
		                           ASSESS_FIELD_OPTIONAL)) < 0) {
			free(s);
			return ASSESS_EPLUGIN;
		}
	}
	*out = s;
	return ASSESS_OK;
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct state *s = state;
	const assess_host *h = s->h;
	assess_node *r = h->result_node(res);
	double sum = 0, x;
	int i, found = 0;

	for (i = 0; i < WIDE_FIELDS; i++)
		if (h->slot_number(rec, s->at[i], &x) == ASSESS_OK) {
			sum += x;
			found++;
		}
	h->put_number(r, "sum", sum);
	h->put_int(r, "found", found);
	return ASSESS_OK;
}

static void destroy(void *state)
{
	free(state);
}

static const assess_plugin wide = {
	.size = sizeof(assess_plugin),
	.abi_version = ASSESS_ABI_VERSION,
	.name = "wide",
	.version = "1.0.0",
	.description = "ABI 1.2 fixture: 200 top-level fields declared and read",
	.create = create,
	.assess = assess,
	.destroy = destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &wide;
}
