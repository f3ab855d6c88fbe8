/*
 * myscheme.c - a 110-point scheme: 100 points of items, up to 10 bonus
 * points, grades by bars, and a gate: the top grade only with an innovation
 * project; in finish, each graded record's result gets its rank in the
 * batch.  A template for third-party scheme plugins of ABI 1.2: the
 * record fields it reads are declared in create and read by slot, the
 * bonus object walked with an iterator, and the ranks written into the
 * results from finish (amendments).  See the plugin guide
 * (share/doc/assess/docs/plugin-guide.md where assess is installed) for
 * every call it makes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <assess/assess.h>
#include <assess/scheme.h>
/* the plugin's own sentences: po/, locale/ (plugin guide, "Translating") */
#define ASSESS_TEXT_DOMAIN "myscheme"
#include <assess/i18n.h>

struct myscheme {
	const assess_host *h;
	assess_criteria items;  /* [item.KEY]: label, max; adding up to 100 */
	assess_criteria bonus;  /* [bonus.KEY]: label, max */
	double bonus_cap;       /* [scheme] bonus_cap */
	assess_bars grades;     /* [grades] 1, 2, 3: rising bars */
	const char *grade_name[4];
	long graded[4];         /* how many got each grade, for the summary */
	/* ABI 1.2: the slots of the fields read, declared in create */
	int *item_at;           /* "scores.KEY" per item */
	int bonus_at, innovation_at;
	/* what finish needs of each graded record: 16 bytes, not the record */
	struct ranked { uint64_t handle; double score; } *ranked;
	size_t nranked, cap;
};

static void destroy(void *state)
{
	struct myscheme *m = state;

	if (!m)
		return;
	assess_criteria_free(&m->items);
	assess_criteria_free(&m->bonus);
	assess_bars_free(&m->grades);
	free(m->item_at);
	free(m->ranked);
	free(m);
}

/* The record fields read, declared once (ABI 1.2): each item's score a
 * number, so the host rejects a record holding text there before assess.
 * Optional, though an item is required: assess_criterion_value then says
 * what is wrong when it is absent, "scores.组织建设: "组织建设" is the
 * label of organisation; use the key "organisation"" as the shipped
 * schemes say it, or "scores.work: missing". */
static int declare(struct myscheme *m)
{
	const assess_host *h = m->h;
	char path[128];
	size_t i;

	if (!ASSESS_HAS(h, declare)) {
		h->log(ASSESS_LOG_ERROR, "needs assess with ABI 1.2 or later");
		return ASSESS_EPLUGIN;
	}
	if (!(m->item_at = calloc(m->items.n + 1, sizeof *m->item_at)))
		return ASSESS_ENOMEM;
	for (i = 0; i < m->items.n; i++) {
		snprintf(path, sizeof path, "scores.%s", m->items.v[i].key);
		m->item_at[i] = h->declare(path, ASSESS_TYPE_NUMBER,
		                           ASSESS_FIELD_OPTIONAL);
		if (m->item_at[i] < 0)
			return m->item_at[i];
	}
	m->bonus_at = h->declare("bonus", ASSESS_TYPE_OBJECT,
	                         ASSESS_FIELD_OPTIONAL);
	m->innovation_at = h->declare("indicators.innovation_project",
	                              ASSESS_TYPE_BOOL, ASSESS_FIELD_OPTIONAL);
	if (m->bonus_at < 0)
		return m->bonus_at;
	return m->innovation_at < 0 ? m->innovation_at : ASSESS_OK;
}

static int create(const assess_host *h, const assess_config *cfg,
                  void **out)
{
	static const char *const keys[4] = { "0", "1", "2", "3" };
	struct myscheme *m = calloc(1, sizeof *m);
	int i, rc;

	if (!m)
		return ASSESS_ENOMEM;
	m->h = h;
	assess_i18n_bind(ASSESS_TEXT_DOMAIN);
	m->bonus_cap = 10;
	/* absent: the default; ASSESS_ETYPE or ASSESS_ERANGE: reported */
	rc = h->config_number(cfg, "scheme", "bonus_cap", 0, 100, &m->bonus_cap);
	if (rc != ASSESS_OK && rc != ASSESS_ENOENT)
		goto fail;
	rc = assess_criteria_load(h, cfg, "item", 100, -1, &m->items);
	if (rc == ASSESS_OK)
		rc = assess_criteria_load(h, cfg, "bonus", -1, -1, &m->bonus);
	if (rc == ASSESS_OK)
		rc = assess_bars_load(h, cfg, "grades", 3, 0, 110, &m->grades);
	for (i = 0; rc == ASSESS_OK && i < 4; i++)
		if (h->config_string(cfg, "names", keys[i], &m->grade_name[i]))
			rc = h->config_error(cfg, "names", keys[i],
			                     ASSESS_TR("missing: every grade needs "
			                     "its name"));
	if (rc != ASSESS_OK)
		goto fail;
	if ((rc = declare(m)) != ASSESS_OK) {
		destroy(m);
		return rc;
	}
	*out = m;
	return ASSESS_OK;
fail:
	destroy(m);
	/* every failure above but lack of memory is a reported config error */
	return rc == ASSESS_ENOMEM ? ASSESS_ENOMEM : ASSESS_ECONFIG;
}

/* Keep what finish needs to rank a graded record: its handle and score. */
static int keep(struct myscheme *m, assess_result *res, double score)
{
	if (m->nranked == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 256;
		struct ranked *v = realloc(m->ranked, cap * sizeof *v);
		if (!v)
			return ASSESS_ENOMEM;
		m->ranked = v;
		m->cap = cap;
	}
	m->ranked[m->nranked].handle = m->h->result_handle(res);
	m->ranked[m->nranked++].score = score;
	return ASSESS_OK;
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct myscheme *m = state;
	const assess_host *h = m->h;
	assess_node *r = h->result_node(res), *arr;
	const assess_value *bonus_obj = h->slot(rec, m->bonus_at), *v;
	const assess_criterion *c;
	double base = 0, bonus = 0, score;
	const char *key;
	char path[160];
	size_t i;
	int k, bad = 0, grade, innovation = 0;

	arr = h->put_array(r, "criteria");
	for (i = 0; i < m->items.n; i++) {
		/* declared numbers: the host has checked that much; the range,
		 * and an item absent or written under its label, are the
		 * scheme's to say */
		snprintf(path, sizeof path, "scores.%s", m->items.v[i].key);
		if (assess_criterion_value(h, rec, res, h->slot(rec, m->item_at[i]),
		                           "scores", path, &m->items, i, &score)
		    != ASSESS_OK) {
			bad = 1;
			continue;
		}
		base += score;
		assess_put_criterion(h, arr, &m->items.v[i], score);
	}
	/* the bonus object's members, walked: no "bonus.%s" path per read,
	 * and any key readable, '.' or '[' in it or not */
	for (k = 0; (v = h->value_item(bonus_obj, k, &key)); k++) {
		snprintf(path, sizeof path, "bonus.%s", key);
		if (!(c = assess_criteria_find(&m->bonus, key)))
			bad = h->reject(res, path,
			               ASSESS_TR("not a bonus item of the scheme"));
		else if (assess_score_value(h, v, res, path, c->max, &score) ==
		         ASSESS_OK)
			bonus += score;
		else
			bad = 1;
	}
	h->slot_bool(rec, m->innovation_at, &innovation); /* type: the host's */
	if (bad)
		return ASSESS_EREJECT;
	if (assess_dec_cmp(bonus, m->bonus_cap) > 0)
		bonus = m->bonus_cap;
	grade = assess_bars_level(&m->grades, base + bonus);
	if (grade == 3 && !innovation)
		grade = 2; /* the gate: the top grade needs an innovation project */
	m->graded[grade]++;
	h->put_number(r, "score", assess_dec_round(base + bonus, 2));
	h->put_number(r, "max_score", 100 + m->bonus_cap);
	h->put_number(r, "bonus", assess_dec_round(bonus, 2));
	h->put_int(r, "grade", grade);
	h->put_string(r, "rating", m->grade_name[grade]);
	h->put_bool(r, "qualified", grade > 0);
	return keep(m, res, base + bonus);
}

/* Highest score first; equal scores share a rank. */
static int by_score(size_t a, size_t b, void *ctx)
{
	const struct ranked *v = ctx;

	return assess_dec_cmp(v[b].score, v[a].score);
}

/* ABI 1.2: each graded record's result gets its rank in the batch. */
static int put_ranks(struct myscheme *m)
{
	size_t *order = malloc((m->nranked + 1) * sizeof *order), i, rank = 0;

	if (!order)
		return ASSESS_ENOMEM;
	for (i = 0; i < m->nranked; i++)
		order[i] = i;
	if (assess_sort(order, m->nranked, by_score, m->ranked) != ASSESS_OK) {
		free(order);
		return ASSESS_ENOMEM;
	}
	for (i = 0; i < m->nranked; i++) {
		if (i == 0 || by_score(order[i - 1], order[i], m->ranked) != 0)
			rank = i + 1;
		m->h->put_int(m->h->amend(m->ranked[order[i]].handle), "rank",
		              (long long)rank);
	}
	free(order);
	return ASSESS_OK;
}

static int finish(void *state, assess_node *summary)
{
	struct myscheme *m = state;
	assess_node *o = m->h->put_object(summary, "grades");
	int i;

	for (i = 3; i >= 0; i--)
		m->h->put_int(o, m->grade_name[i], m->graded[i]);
	return put_ranks(m);
}

/* --describe: each item's key, label and maximum.  Spreadsheets read it:
 * a sheet's header may then be an item's label (工作成效 for
 * scores.work), and the CSV and XLSX results get a column per item.
 * Optional, but without it a plugin's users must write keys as headers. */
static int describe(void *state, assess_node *out)
{
	struct myscheme *m = state;
	const assess_host *h = m->h;
	assess_node *arr = h->put_array(out, "criteria"), *o;
	size_t i;

	if (!arr)
		return ASSESS_ENOMEM;
	for (i = 0; i < m->items.n; i++) {
		if (!(o = h->put_object(arr, NULL)))
			return ASSESS_ENOMEM;
		h->put_string(o, "key", m->items.v[i].key);
		h->put_string(o, "label", m->items.v[i].label);
		h->put_number(o, "max", m->items.v[i].max);
	}
	return ASSESS_OK;
}

static const assess_plugin myscheme = {
	sizeof(assess_plugin),
	ASSESS_ABI_VERSION,
	"myscheme",
	"0.1.0",
	"a 110-point scheme with bonus items and an innovation gate",
	"myscheme.ini",
	create,
	assess,
	finish,
	describe,
	destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &myscheme;
}
