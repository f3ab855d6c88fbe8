/*
 * myscheme.c - a 110-point scheme: 100 points of items, up to 10 bonus
 * points, grades by bars, and a gate: the top grade only with an innovation
 * project.  A template for third-party scheme plugins; see the plugin
 * guide (share/doc/assess/docs/plugin-guide.md where assess is installed)
 * for every call it makes.
 */
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
};

static void destroy(void *state)
{
	struct myscheme *m = state;

	if (!m)
		return;
	assess_criteria_free(&m->items);
	assess_criteria_free(&m->bonus);
	assess_bars_free(&m->grades);
	free(m);
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
	*out = m;
	return ASSESS_OK;
fail:
	destroy(m);
	/* every failure above but lack of memory is a reported config error */
	return rc == ASSESS_ENOMEM ? ASSESS_ENOMEM : ASSESS_ECONFIG;
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct myscheme *m = state;
	const assess_host *h = m->h;
	assess_node *r = h->result_node(res), *arr;
	double base = 0, bonus = 0, v;
	char path[128];
	size_t i;
	int rc, bad = 0, grade, innovation = 0;

	arr = h->put_array(r, "criteria");
	for (i = 0; i < m->items.n; i++) {
		snprintf(path, sizeof path, "scores.%s", m->items.v[i].key);
		rc = assess_score_read(h, rec, res, path, m->items.v[i].max, &v);
		if (rc == ASSESS_ENOENT)
			rc = h->reject(res, path, "missing");
		if (rc != ASSESS_OK) {
			bad = 1;
			continue;
		}
		base += v;
		assess_put_criterion(h, arr, &m->items.v[i], v);
	}
	for (i = 0; i < m->bonus.n; i++) {
		snprintf(path, sizeof path, "bonus.%s", m->bonus.v[i].key);
		rc = assess_score_read(h, rec, res, path, m->bonus.v[i].max, &v);
		if (rc == ASSESS_EREJECT)
			bad = 1;
		else if (rc == ASSESS_OK)
			bonus += v;
	}
	if (h->record_type(rec, "indicators.innovation_project") !=
	        ASSESS_TYPE_MISSING &&
	    h->record_bool(rec, "indicators.innovation_project", &innovation))
		bad = h->reject(res, "indicators.innovation_project",
		                ASSESS_TR("must be true or false"));
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
	return ASSESS_OK;
}

static int finish(void *state, assess_node *summary)
{
	struct myscheme *m = state;
	assess_node *o = m->h->put_object(summary, "grades");
	int i;

	for (i = 3; i >= 0; i--)
		m->h->put_int(o, m->grade_name[i], m->graded[i]);
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
	NULL, /* describe: optional */
	destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &myscheme;
}
