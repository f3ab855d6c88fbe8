/*
 * scorecard_batch.c - a scorecard scheme's finish step: the batch rules
 * [quota] and [pairing] over what assess kept of each record, written on
 * the results they change (quota, pairing, helping, as the star scheme
 * writes them) and in the summary, then the summary's counts: ratings,
 * qualified, criteria short, gates, notes, per parent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scorecard_impl.h"

int sc_batch_keep(struct scorecard *s, const assess_record *rec,
                  assess_result *res, const char *parent, int rating)
{
	const assess_host *h = s->h;
	const char *name = NULL;
	int by = s->quota.by; /* [pairing] by is the same */

	if (!s->quota.on && !s->pairing.on)
		return ASSESS_OK;
	if (!parent || !*parent)
		s->quota.unparented++;
	/* kept only when the quota may move it or the pairing pairs it
	 * (the star scheme keeps no more): at a million records every
	 * record kept was 32 bytes and an id each.  The others are only
	 * counted, the quota's groups by sc_quota_apply's group_size. */
	if (!(s->quota.on && rating == s->quota.rating) &&
	    !(s->pairing.on && (s->pairing.seeks[rating] ||
	                        s->pairing.helps[rating]))) {
		assess_roster_pass(&s->members);
		return ASSESS_OK;
	}
	if (s->pairing.on) /* a name is read back only for the pairs */
		h->slot_string(rec, s->name_at, &name);
	/* the ladder's first rating is the highest level */
	if (assess_roster_add(&s->members, h->record_id(rec), parent,
	                      sc_dec_to(s->vals[by]),
	                      (int)s->nratings - 1 - rating, 0) != ASSESS_OK ||
	    assess_roster_set_result(&s->members, h->result_handle(res),
	                             name) != ASSESS_OK)
		return ASSESS_ENOMEM;
	return ASSESS_OK;
}

void sc_batch_free(struct scorecard *s)
{
	free(s->per_rating_count);
	free(s->gate_count);
	free(s->note_count);
	free(s->gate_hit);
	assess_roster_free(&s->members);
}

static void put_ratings(const struct scorecard *s, assess_node *o,
                        const long *count)
{
	size_t i;

	for (i = 0; i < s->nratings; i++)
		s->h->put_int(o, s->ratings[i].code, count[i]);
}

/* What the results call the counts per rating: per_grade for [ladder]
 * key = grade. */
static void per_name(const struct scorecard *s, char *buf, size_t n)
{
	snprintf(buf, n, "per_%.60s", s->code_key ? s->code_key : "rating");
}

/* A parent's counts per rating, after the standard's counts. */
static void parent_ratings(assess_node *o, const long *count, void *ctx)
{
	const struct scorecard *s = ctx;
	char per[80];

	per_name(s, per, sizeof per);
	put_ratings(s, s->h->put_object(o, per), count + SC_T_RATING);
}

int sc_batch_finish(struct scorecard *s, assess_node *summary)
{
	const assess_host *h = s->h;
	assess_node *o;
	char per[80];
	size_t i;
	int rc;

	if (s->quota.on && (rc = sc_quota_apply(s)) != ASSESS_OK)
		return rc;
	per_name(s, per, sizeof per);
	assess_standard_put_counts(&s->std, summary);
	if (s->per_rating)
		put_ratings(s, h->put_object(summary, per),
		            s->per_rating_count);
	if (s->ngates) {
		o = h->put_object(summary, "gates");
		for (i = 0; i < s->ngates; i++)
			h->put_int(o, s->gates[i].name, s->gate_count[i]);
	}
	if (s->nnotes) {
		o = h->put_object(summary, "notes");
		for (i = 0; i < s->nnotes; i++)
			h->put_int(o, s->notes[i].name, s->note_count[i]);
	}
	if (s->quota.on) {
		o = h->put_object(summary, "quota");
		h->put_string(o, "rating", s->ratings[s->quota.rating].code);
		h->put_string(o, "to", s->ratings[s->quota.to].code);
		h->put_int(o, "moved", s->quota.moved);
	}
	if (s->pairing.on && (rc = sc_pairs_apply(s, summary)) != ASSESS_OK)
		return rc;
	if (assess_roster_names_status(&s->members) != ASSESS_OK)
		return ASSESS_EPLUGIN; /* a name not read back: said in the log */
	/* finish runs once: the roster is given back before the results
	 * are written out (at a million records, tens of MB) */
	assess_roster_free(&s->members);
	return assess_standard_put_parents(&s->std, summary, s->per_rating
	                                   ? parent_ratings : NULL, s);
}
