/*
 * notes.c - what a result tells people beyond its score: notes (prompts,
 * warnings, actions, each with its code, label and rule) and where the
 * points to gain lie (see include/assess/scheme.h).  Part of
 * libassess_scheme.a.
 */
#include "assess/scheme.h"
#include "assess/i18n.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

assess_node *assess_put_note(const assess_host *h, assess_node *arr,
                             const assess_note *kind, const char *item,
                             const char *fmt, ...)
{
	assess_node *o = h->put_object(arr, NULL);
	char text[512];
	va_list ap;

	if (!o)
		return NULL;
	h->put_string(o, "code", kind->code);
	h->put_string(o, "label", kind->label);
	h->put_string(o, "rule", kind->rule);
	if (item)
		h->put_string(o, "item", item);
	if (fmt) {
		va_start(ap, fmt);
		sdk_vformat(text, sizeof text, assess_i18n_text(fmt), ap);
		va_end(ap);
		h->put_string(o, kind->text ? kind->text : "message", text);
	}
	return o;
}

int assess_put_note_counts(const assess_host *h, assess_node *obj,
                           const assess_note *kinds, const long *counts,
                           size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = h->put_int(obj, kinds[i].code, counts[i])) != ASSESS_OK)
			return rc;
	return ASSESS_OK;
}

int assess_put_focus(const assess_host *h, assess_node *arr,
                     const assess_criteria *c, const double *score,
                     long limit)
{
	size_t n = c->n, i, j, *order = malloc((n + 1) * sizeof *order);
	long shown = 0;

	if (!order)
		return ASSESS_ENOMEM;
	/* insertion sort by room, stable: the criteria order breaks ties */
	for (i = 0; i < n; i++) {
		double room = c->v[i].max - score[i];
		for (j = i; j > 0; j--) {
			size_t p = order[j - 1];
			if (assess_dec_cmp(c->v[p].max - score[p], room) >= 0)
				break;
			order[j] = p;
		}
		order[j] = i;
	}
	for (i = 0; i < n && shown < limit; i++) {
		const assess_criterion *k = &c->v[order[i]];
		double room = k->max - score[order[i]];
		assess_node *f;
		if (assess_dec_cmp(room, 0) <= 0)
			break;
		f = h->put_object(arr, NULL);
		h->put_string(f, "key", k->key);
		h->put_string(f, "label", k->label);
		h->put_number(f, "score", assess_dec_round(score[order[i]], 2));
		h->put_number(f, "max", k->max);
		h->put_number(f, "room", assess_dec_round(room, 2));
		shown++;
	}
	free(order);
	return ASSESS_OK;
}
