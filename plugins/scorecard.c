/*
 * scorecard.c - a whole assessment scheme from its INI, with no C: typed
 * fields, criteria with bars and indicator rules, computed values in a
 * small expression language, a first-match ladder of ratings, gates that
 * cap or set the rating, notes, and the batch rules [quota] and [pairing]
 * (docs/scorecard.md).  configs/fourstrong.ini (四强党支部) and
 * configs/scorecard-fivegood.ini (五个好, equal to the fivegood plugin's
 * output) are written for it.
 *
 * Here: the entry, create and destroy, one record's assessment and the
 * message templates; the INI is read by scorecard_load.c (its words
 * translated by scorecard_po.c), the criteria by scorecard_crit.c, the
 * batch step is scorecard_batch.c and scorecard_rules.c, the
 * expressions scorecard_expr.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scorecard_impl.h"

/* {name} of a template: a field's, criterion's or value's value, or with
 * .label their label; in a note for each criterion, the item's own. */
static int fill(const struct scorecard *s, const char *name, size_t len,
                int item, char *out, size_t n)
{
	const char *dot = memchr(name, '.', len);
	size_t klen = dot ? (size_t)(dot - name) : len, i;
	int label = dot && len - klen - 1 == 5 && !strncmp(dot + 1, "label", 5);
	double v;

	if (dot && !label)
		return -1;
	if (item >= 0 && !dot) {
		const assess_criterion *c = &s->std.criteria.v[item];
		static const char *const w[] = { "label", "key", "score", "bar",
		                                 "max" };
		for (i = 0; i < 5; i++)
			if (strlen(w[i]) == len && !strncmp(name, w[i], len))
				break;
		switch (i) {
		case 0: snprintf(out, n, "%s", c->label); return 0;
		case 1: snprintf(out, n, "%s", c->key); return 0;
		case 2: snprintf(out, n, "%g", assess_dec_round(s->raw[item], 2));
		        return 0;
		case 3: snprintf(out, n, "%g", assess_dec_round(c->bar, 2));
		        return 0;
		case 4: snprintf(out, n, "%g", c->max); return 0;
		}
	}
	for (i = 0; i < s->nfields; i++) {
		const struct sc_field *f = &s->fields[i];
		if (strlen(f->key) != klen || strncmp(f->key, name, klen))
			continue;
		if (label) {
			snprintf(out, n, "%s", f->label);
		} else if (f->unit == SC_TEXT) {
			snprintf(out, n, "%s", s->texts[i] ? s->texts[i] : "");
		} else if (f->unit == SC_CODES) {
			size_t k, used = 0;
			*out = 0;
			for (k = 0; k < f->codes.n; k++)
				if ((s->vals[f->val] >> k) & 1) {
					int w = snprintf(out + used, n - used, "%s%s",
					                 used ? "、" : "", f->codes.label[k]);
					if (w < 0 || (size_t)w >= n - used)
						break;
					used += (size_t)w;
				}
		} else if (f->unit == SC_BOOL) {
			snprintf(out, n, "%s", s->vals[f->val] ? "是" : "否");
		} else {
			v = assess_dec_round(sc_dec_to(s->vals[f->val]), 2);
			snprintf(out, n, f->unit == SC_PERCENT ? "%g%%" : "%g", v);
		}
		return 0;
	}
	for (i = 0; i < s->std.criteria.n; i++) {
		const assess_criterion *c = &s->std.criteria.v[i];
		if (strlen(c->key) != klen || strncmp(c->key, name, klen))
			continue;
		if (label)
			snprintf(out, n, "%s", c->label);
		else
			snprintf(out, n, "%g", assess_dec_round(s->raw[i], 2));
		return 0;
	}
	for (i = 0; i < s->nvalues && !label; i++)
		if (strlen(s->values[i].name) == klen &&
		    !strncmp(s->values[i].name, name, klen)) {
			sc_dec d = s->vals[s->values[i].val];
			if (s->values[i].prog.unit == SC_BOOL)
				snprintf(out, n, "%s", d ? "是" : "否");
			else
				snprintf(out, n, "%g",
				         assess_dec_round(sc_dec_to(d), 2));
			return 0;
		}
	return -1;
}

int sc_template(const struct scorecard *s, const char *tpl, int item,
                char *buf, size_t n, char *bad)
{
	size_t used = 0;
	const char *p = tpl;

	buf[0] = 0;
	while (*p && used + 1 < n) {
		const char *close;
		char val[256];
		if (*p != '{' || !(close = strchr(p, '}'))) {
			buf[used++] = *p++;
			continue;
		}
		if (fill(s, p + 1, (size_t)(close - p - 1), item, val,
		         sizeof val)) {
			snprintf(bad, 64, "%.*s", (int)(close - p - 1), p + 1);
			return -1;
		}
		used += (size_t)snprintf(buf + used, n - used, "%s", val);
		if (used >= n)
			used = n - 1;
		p = close + 1;
	}
	buf[used] = 0;
	return 0;
}

static void destroy(void *state)
{
	struct scorecard *s = state;

	if (!s)
		return;
	sc_scheme_free(s);
	sc_batch_free(s);
	free(s);
}

/* Every template names what there is: checked once, in create. */
static int check_templates(struct scorecard *s)
{
	char buf[512], bad[64];
	size_t i;

	for (i = 0; i < s->ngates; i++)
		if (sc_template(s, s->gates[i].reason, -1, buf, sizeof buf, bad))
			return s->h->config_error(s->cfg, s->gates[i].section,
			                          "reason", ASSESS_TR("{%s} names "
			                          "nothing of the record"), bad);
	for (i = 0; i < s->nnotes; i++)
		if (sc_template(s, s->notes[i].message, s->notes[i].each ? 0 : -1,
		                buf, sizeof buf, bad))
			return s->h->config_error(s->cfg, s->notes[i].section,
			                          "message", ASSESS_TR("{%s} names "
			                          "nothing of the record"), bad);
	return ASSESS_OK;
}

static int create(const assess_host *h, const assess_config *cfg, void **out)
{
	struct scorecard *s = calloc(1, sizeof *s);
	int rc;

	if (!s)
		return ASSESS_ENOMEM;
	s->h = h;
	s->cfg = cfg;
	assess_i18n_bind(ASSESS_TEXT_DOMAIN);
	assess_roster_init(&s->members);
	/* the names are read back only for the pairs written */
	rc = assess_roster_spill_names(&s->members, h);
	if (rc == ASSESS_OK)
		rc = sc_scheme_load(s);
	if (rc == ASSESS_OK)
		rc = sc_po_apply(s);
	if (rc == ASSESS_OK)
		rc = check_templates(s);
	if (rc == ASSESS_OK) {
		s->per_rating_count = calloc(s->nratings + 1, sizeof(long));
		s->gate_count = calloc(s->ngates + 1, sizeof(long));
		s->note_count = calloc(s->nnotes + 1, sizeof(long));
		s->gate_hit = calloc(s->ngates + 1, 1);
		if (!s->per_rating_count || !s->gate_count || !s->gate_hit ||
		    !s->note_count)
			rc = ASSESS_ENOMEM;
	}
	if (rc != ASSESS_OK) {
		destroy(s);
		return rc;
	}
	*out = s;
	return ASSESS_OK;
}

static int in_range(struct scorecard *s, const struct sc_field *f,
                    assess_result *res, double d);

/* A field's value into s->vals (or s->texts): ASSESS_OK or
 * ASSESS_EREJECT after naming what is wrong. */
static int read_field(struct scorecard *s, size_t i, const assess_record *rec,
                      assess_result *res)
{
	const assess_host *h = s->h;
	struct sc_field *f = &s->fields[i];
	const assess_value *v = h->slot(rec, f->slot);
	const assess_source at = assess_at_value(v, f->key);
	unsigned char hit[SC_MAX_CODES];
	double d;
	int t = h->value_type(v), b;
	size_t k;

	s->texts[i] = NULL;
	if (t == ASSESS_TYPE_MISSING || t == ASSESS_TYPE_NULL) {
		s->vals[f->val] = f->def; /* required ones the host rejected */
		return ASSESS_OK;
	}
	switch (f->unit) {
	case SC_TEXT:
		h->value_string(v, &s->texts[i]);
		return ASSESS_OK;
	case SC_BOOL: /* true/false, yes/no, 是/否, 1/0: the SDK's reader */
		if (assess_read_yesno(h, at, res, &b) != ASSESS_OK)
			return ASSESS_EREJECT;
		s->vals[f->val] = b;
		return ASSESS_OK;
	case SC_PERCENT: /* "85%" or the share 0.85: held as 85 */
	case SC_FRACTION:
		if ((f->unit == SC_PERCENT
		     ? assess_read_percent(h, at, res, &d)
		     : assess_read_fraction(h, at, res, &d)) != ASSESS_OK)
			return ASSESS_EREJECT;
		if (f->unit == SC_PERCENT)
			d *= 100;
		sc_dec_from(d, &s->vals[f->val]);
		return in_range(s, f, res, d);
	case SC_CODES:
		if (assess_read_keys(h, at, res, f->label, &f->codes, hit) !=
		    ASSESS_OK)
			return ASSESS_EREJECT;
		s->vals[f->val] = 0;
		for (k = 0; k < f->codes.n; k++)
			s->vals[f->val] |= (sc_dec)hit[k] << k;
		return ASSESS_OK;
	}
	if (h->value_number(v, &d) != ASSESS_OK ||
	    sc_dec_from(d, &s->vals[f->val]))
		return h->reject(res, f->key, ASSESS_TR("%s (%s) must be a finite "
		                 "number"), f->label, f->key);
	if (in_range(s, f, res, d) != ASSESS_OK)
		return ASSESS_EREJECT;
	if (f->unit == SC_COUNT && s->vals[f->val] % SC_ONE)
		return h->reject(res, f->key, ASSESS_TR("%s (%s): %g is not a "
		                 "whole number"), f->label, f->key, d);
	return ASSESS_OK;
}

/* The field's value (d as read) within its min..max, else rejected. */
static int in_range(struct scorecard *s, const struct sc_field *f,
                    assess_result *res, double d)
{
	const assess_host *h = s->h;

	if ((f->has_min && s->vals[f->val] < f->min) ||
	    (f->has_max && s->vals[f->val] > f->max)) {
		char lo[32] = "", hi[32] = "";
		if (f->has_min)
			snprintf(lo, sizeof lo, "%g", sc_dec_to(f->min));
		if (f->has_max)
			snprintf(hi, sizeof hi, "%g", sc_dec_to(f->max));
		return h->reject(res, f->key, ASSESS_TR("%s (%s): %g is outside "
		                 "%s..%s"), f->label, f->key, d, lo, hi);
	}
	return ASSESS_OK;
}

static int run(struct scorecard *s, const sc_prog *p, int item, sc_dec *out)
{
	sc_env env = { s->vals, s->texts, s->bar, s->max, s->crit,
	               (int)s->std.criteria.n, item };

	return sc_run(p, &env, &s->strs, s->stack, out);
}

/* The notes that hold, into the result's warnings. */
static void put_notes(struct scorecard *s, assess_node *r,
                      assess_node **warn)
{
	const assess_host *h = s->h;
	char text[512], bad[64];
	size_t i;
	int k, nk;
	sc_dec yes;

	for (i = 0; i < s->nnotes; i++) {
		const struct sc_note *n = &s->notes[i];
		nk = n->each ? (int)s->std.criteria.n : 1;
		for (k = 0; k < nk; k++) {
			if (run(s, &n->when, n->each ? k : -1, &yes) || !yes)
				continue;
			if (!*warn)
				*warn = h->put_array(r, "warnings");
			sc_template(s, n->message, n->each ? k : -1, text,
			            sizeof text, bad);
			/* the text is the INI's own, filled in: no format */
			h->put_string(assess_put_note(h, *warn, &n->kind, n->each
			              ? s->std.criteria.v[k].key : NULL, NULL),
			              "message", text);
			s->note_count[i]++;
		}
	}
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct scorecard *s = state;
	const assess_host *h = s->h;
	assess_node *r, *warn = NULL, *gates = NULL;
	unsigned char src[256], *srcp = src;
	const char *parent = NULL;
	long *t;
	size_t i;
	int bad = 0, nmiss = 0, rating;
	double total = 0;
	sc_dec v;
	char text[512], unused[64];

	h->slot_string(rec, s->parent_at, &parent);
	if (s->std.criteria.n > sizeof src &&
	    !(srcp = malloc(s->std.criteria.n)))
		return ASSESS_ENOMEM;
	for (i = 0; i < s->nfields; i++)
		bad |= read_field(s, i, rec, res) != ASSESS_OK;
	bad |= sc_crit_read(s, rec, res, srcp, &nmiss) != ASSESS_OK;
	for (i = 0; !bad && i < s->norder; i++) {
		const struct sc_value *val = &s->values[s->order[i]];
		int rc = run(s, &val->prog, -1, &s->vals[val->val]);
		if (rc)
			bad = h->reject(res, NULL, rc == -1 ? ASSESS_TR("[%s] divides "
			                "by zero for this record")
			                : ASSESS_TR("[%s] is beyond 1e12 for this "
			                "record"), val->section) == ASSESS_EREJECT;
	}
	if (bad) {
		if (srcp != src)
			free(srcp);
		if (parent && (t = assess_tally_get(&s->std.parents, parent)))
			t[ASSESS_STANDARD_REJECTED]++;
		return ASSESS_EREJECT;
	}
	/* the ladder: the first rating whose condition holds */
	for (rating = 0; rating + 1 < (int)s->nratings; rating++)
		if (run(s, &s->ratings[rating].when, -1, &v) == 0 && v)
			break;
	r = h->result_node(res);
	for (i = 0; i < s->std.criteria.n; i++)
		total += s->raw[i];
	for (i = 0; i < s->nvalues; i++)
		if (!strcmp(s->values[i].name, "score"))
			total = sc_dec_to(s->vals[s->values[i].val]);
	h->put_number(r, "score", assess_dec_round(total, 2));
	h->put_number(r, "max_score", s->std.criteria.total);
	/* gates: each that holds caps or sets the rating, in file order */
	for (i = 0; i < s->ngates; i++) {
		const struct sc_gate *g = &s->gates[i];
		s->gate_hit[i] = run(s, &g->when, -1, &v) == 0 && v;
		if (!s->gate_hit[i])
			continue;
		if (!g->cap || rating < g->rating)
			rating = g->rating;
		s->gate_count[i]++;
	}
	h->put_bool(r, "qualified", s->ratings[rating].qualified);
	h->put_string(r, "rating", s->ratings[rating].label);
	if (s->code_key)
		h->put_string(r, s->code_key, s->ratings[rating].code);
	if (s->numeric)
		h->put_int(r, "stars", s->ratings[rating].stars);
	warn = assess_standard_put_scores(&s->std, rec, r, s->raw, srcp,
	                                  nmiss);
	for (i = 0; i < s->nvalues; i++) {
		const struct sc_value *val = &s->values[i];
		if (!val->show || !strcmp(val->name, "score"))
			continue;
		if (val->prog.unit == SC_BOOL)
			h->put_bool(r, val->name, s->vals[val->val] != 0);
		else
			h->put_number(r, val->name,
			              assess_dec_round(sc_dec_to(s->vals[val->val]), 6));
	}
	/* the codes a record lists, as the star scheme lists its vetoes */
	for (i = 0; i < s->nfields; i++) {
		const struct sc_field *f = &s->fields[i];
		assess_node *codes;
		size_t k;
		if (f->unit != SC_CODES || !s->vals[f->val])
			continue;
		codes = h->put_array(r, f->key);
		for (k = 0; k < f->codes.n; k++)
			if ((s->vals[f->val] >> k) & 1)
				h->put_string(codes, NULL, f->codes.key[k]);
	}
	for (i = 0; i < s->ngates; i++) {
		const struct sc_gate *g = &s->gates[i];
		assess_node *o;
		if (!s->gate_hit[i])
			continue;
		if (!gates)
			gates = h->put_array(r, "gates");
		o = h->put_object(gates, NULL);
		h->put_string(o, "gate", g->name);
		h->put_string(o, g->cap ? "cap" : "rating",
		              s->ratings[g->rating].code);
		sc_template(s, g->reason, -1, text, sizeof text, unused);
		h->put_string(o, "reason", text);
	}
	put_notes(s, r, &warn);
	if (srcp != src)
		free(srcp);
	s->std.assessed++;
	s->std.qualified += s->ratings[rating].qualified;
	s->per_rating_count[rating]++;
	if (parent) {
		/* [quota] group = parent counts a parent's records here: a
		 * count lost would change who keeps the rating */
		if (!(t = assess_tally_get(&s->std.parents, parent)))
			return ASSESS_ENOMEM;
		t[ASSESS_STANDARD_ASSESSED]++;
		t[ASSESS_STANDARD_QUALIFIED] += s->ratings[rating].qualified;
		t[SC_T_RATING + rating]++;
	}
	return sc_batch_keep(s, rec, res, parent, rating);
}

static int finish(void *state, assess_node *summary)
{
	return sc_batch_finish(state, summary);
}

static int describe(void *state, assess_node *out)
{
	return sc_scheme_describe(state, out);
}

static const assess_plugin scorecard = {
	.size = sizeof(assess_plugin),
	.abi_version = ASSESS_ABI_VERSION,
	.name = "scorecard",
	.version = "1.0.0",
	.description = "any scheme from its INI: fields, criteria, values, "
	               "a ladder of ratings, gates, notes, quota and pairing",
	.default_config = "fourstrong.ini",
	.create = create,
	.assess = assess,
	.finish = finish,
	.describe = describe,
	.destroy = destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &scorecard;
}
