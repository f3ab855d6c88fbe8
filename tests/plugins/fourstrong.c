/*
 * fourstrong.c - a fixture scheme plugin: 四强党支部, the village branch
 * scheme of issue 21 (item 3), written on the SDK's batch helpers
 * (assess/batch.h) with no quota or pairing code of its own.  It holds
 * that a scheme with a quota per parent and pairing with a capacity needs
 * only its rules; tests/fourstrong_oracle.py checks its grades, quota and
 * pairs against an independent restatement on random batches.
 *
 * FS1  four criteria, each 0-25 under scores: political 政治功能强,
 *      leadership 支部班子强, members 党员队伍强, role 作用发挥强
 * FS2  score = their sum; grade A (四强) at score >= 90 with every
 *      criterion >= 20, else B (达标) at score >= 75, else C (整改)
 * FS3  participation (党员参与率, a percentage) below 80%: C, reason said
 * FS4  any veto (the INI's [vetoes]): C, reason said
 * FS5  per parent at most 20% of its assessed branches (rounded down)
 *      keep A, the highest scores first, equal scores by the smaller id;
 *      the others get B, with "quota" on their result
 * FS6  after FS5, each C branch (lowest score first, then smaller id)
 *      is paired with the A branch of its own parent that has the highest
 *      score (then smaller id) and helps fewer than 2; else with the A of
 *      any parent by the same order
 * Config (--config): [vetoes] CODE = label; [notes] labels and messages
 * of the FS3 and FS4 reasons (assess_notes_load).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/scheme.h"

#define NC 4
#define FS_HELPS 2

static const char *const crit_key[NC] = { "political", "leadership",
                                          "members", "role" };
static const char *const crit_path[NC] = { "scores.political",
	"scores.leadership", "scores.members", "scores.role" };

enum { G_C, G_B, G_A, G_N };
static const char *const grade_code[G_N] = { "C", "B", "A" };
static const char *const grade_label[G_N] = { "整改", "达标", "四强" };

enum { N_PARTICIPATION, N_VETO, N_N };
static const assess_note note_kind[N_N] = {
	{ "low_participation", "参与率不足", "FS3", NULL },
	{ "veto", "一票否决", "FS4", NULL }
};
static const char *const note_message[N_N] = {
	"participation {rate} is below 80%", "vetoed: {vetoes}"
};

struct fs {
	const assess_host *h;
	assess_labels vetoes;
	assess_notes notes;
	int score_at[NC], part_at, vetoes_at, name_at, parent_at;
	assess_roster branches;  /* every branch assessed: FS5 counts them */
	assess_groups parents;
	long per_grade[G_N];
};

static void destroy(void *state)
{
	struct fs *s = state;

	if (!s)
		return;
	assess_labels_free(&s->vetoes);
	assess_notes_free(&s->notes);
	assess_roster_free(&s->branches);
	assess_groups_free(&s->parents);
	free(s);
}

static int create(const assess_host *h, const assess_config *cfg, void **out)
{
	struct fs *s = calloc(1, sizeof *s);
	int i, rc;

	if (!s)
		return ASSESS_ENOMEM;
	s->h = h;
	assess_roster_init(&s->branches);
	if (!ASSESS_HAS(h, amend)) {
		h->log(ASSESS_LOG_ERROR, "needs a host of ABI 1.2 or later");
		rc = ASSESS_EPLUGIN;
		goto fail;
	}
	if ((rc = assess_labels_load(h, cfg, "vetoes", &s->vetoes)) ||
	    (rc = assess_notes_load(h, cfg, "notes", note_kind, note_message,
	                            N_N, &s->notes)) ||
	    (rc = assess_groups_init(&s->parents, G_N)))
		goto fail;
	for (i = 0; i < NC; i++)
		if ((s->score_at[i] = rc = h->declare(crit_path[i],
		     ASSESS_TYPE_NUMBER, ASSESS_FIELD_REQUIRED)) < 0)
			goto fail;
	if ((s->part_at = rc = h->declare("participation", ASSESS_TYPE_ANY,
	                                  ASSESS_FIELD_REQUIRED)) < 0 ||
	    (s->vetoes_at = rc = h->declare("vetoes", ASSESS_TYPE_ANY,
	                                    ASSESS_FIELD_OPTIONAL)) < 0 ||
	    (s->name_at = rc = h->declare("name", ASSESS_TYPE_STRING,
	                                  ASSESS_FIELD_OPTIONAL)) < 0 ||
	    (s->parent_at = rc = h->declare("parent", ASSESS_TYPE_STRING,
	                                    ASSESS_FIELD_OPTIONAL)) < 0)
		goto fail;
	*out = s;
	return ASSESS_OK;
fail:
	destroy(s);
	return rc;
}

/* FS3, FS4: the reasons a branch is C whatever its scores. */
static int gates(struct fs *s, const assess_record *rec, assess_result *res,
                 assess_node *r, double part)
{
	const assess_host *h = s->h;
	assess_node *arr = h->put_array(r, "reasons");
	unsigned char hit[64] = { 0 };
	char rate[32], list[512] = "";
	size_t i, n = 0;
	int rc;

	if (s->vetoes.n > sizeof hit)
		return ASSESS_EPLUGIN;
	if ((rc = assess_keys_read_value(h, h->slot(rec, s->vetoes_at), res,
	                                 "vetoes", "veto", &s->vetoes, hit)))
		return rc;
	if (assess_dec_cmp(part, 0.8) < 0) {
		const char *const vars[] = { "rate", rate, NULL };
		snprintf(rate, sizeof rate, "%g%%", assess_dec_round(part * 100, 2));
		assess_notes_say(h, arr, &s->notes, N_PARTICIPATION, NULL, vars);
		n++;
	}
	for (i = 0; i < s->vetoes.n; i++)
		if (hit[i])
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
			         *list ? "、" : "", s->vetoes.label[i]);
	if (*list) {
		const char *const vars[] = { "vetoes", list, NULL };
		assess_notes_say(h, arr, &s->notes, N_VETO, NULL, vars);
		n++;
	}
	return n ? 1 : 0;
}

static int assess(void *state, const assess_record *rec, assess_result *res)
{
	struct fs *s = state;
	const assess_host *h = s->h;
	assess_node *r = h->result_node(res), *c;
	const char *name = NULL, *parent = NULL;
	double v[NC], score = 0, part;
	int i, all20 = 1, grade, rc;

	for (i = 0; i < NC; i++) {
		if ((rc = assess_score_value(h, h->slot(rec, s->score_at[i]), res,
		                             crit_path[i], 25, &v[i])))
			return rc;
		score += v[i];
		all20 &= assess_dec_cmp(v[i], 20) >= 0;
	}
	if ((rc = assess_percent_value(h, h->slot(rec, s->part_at), res,
	                               "participation", &part)))
		return rc;
	/* FS2 */
	grade = assess_dec_cmp(score, 90) >= 0 && all20 ? G_A
	        : assess_dec_cmp(score, 75) >= 0 ? G_B : G_C;
	h->put_number(r, "score", assess_dec_round(score, 2));
	h->put_number(r, "participation", assess_dec_round(part, 6));
	c = h->put_object(r, "criteria");
	for (i = 0; i < NC; i++)
		h->put_number(c, crit_key[i], v[i]);
	if ((rc = gates(s, rec, res, r, part)) < 0)
		return rc;
	if (rc)
		grade = G_C;
	h->put_string(r, "grade", grade_code[grade]);
	h->put_string(r, "rating", grade_label[grade]);
	s->per_grade[grade]++;
	h->slot_string(rec, s->parent_at, &parent);
	h->slot_string(rec, s->name_at, &name);
	if (assess_groups_add(&s->parents, parent, grade) != ASSESS_OK ||
	    assess_roster_add(&s->branches, h->record_id(rec), parent, score,
	                      grade, 0) != ASSESS_OK ||
	    assess_roster_set_result(&s->branches, h->result_handle(res),
	                             name) != ASSESS_OK)
		return ASSESS_ENOMEM;
	return ASSESS_OK;
}

/* FS5 moved branch i from A to B: the counts and its rating follow. */
static void moved(size_t i, assess_node *n, void *ctx)
{
	struct fs *s = ctx;

	s->per_grade[G_A]--;
	s->per_grade[G_B]++;
	assess_groups_move(&s->parents, assess_roster_parent(i, &s->branches),
	                   G_A, G_B);
	if (n)
		s->h->put_string(n, "rating", grade_label[G_B]);
}

static int finish(void *state, assess_node *summary)
{
	struct fs *s = state;
	const assess_host *h = s->h;
	const assess_cap quota = { .level = G_A, .to = G_B,
		.per = ASSESS_CAP_PARENT, .share = 0.2, .count = -1,
		.rounding = ASSESS_ROUND_DOWN, .keep = ASSESS_KEEP_HIGHEST,
		.key = "grade", .level_names = grade_code, .nlevel_names = G_N };
	const assess_match_how how = { assess_roster_weakest_first,
		assess_roster_strongest_first, assess_roster_parent, &s->branches,
		ASSESS_MATCH_IN_TURN };
	size_t n = s->branches.members.n, ns = 0, nh = 0, i;
	size_t *seek = malloc((n + 1) * sizeof *seek);
	size_t *help = malloc((n + 1) * sizeof *help);
	unsigned *cap = malloc((n + 1) * sizeof *cap);
	assess_pair *pairs = malloc((n + 1) * sizeof *pairs);
	assess_node *o;
	int rc = ASSESS_ENOMEM, g;

	if (!seek || !help || !cap || !pairs)
		goto out;
	/* FS5 */
	if ((rc = assess_cap_apply(h, &s->branches, &quota, moved, s, NULL)))
		goto out;
	/* FS6 */
	for (i = 0; i < n; i++) {
		int level = assess_roster_get(&s->branches, i)->level;
		if (level == G_C)
			seek[ns++] = i;
		else if (level == G_A) {
			cap[nh] = FS_HELPS;
			help[nh++] = i;
		}
	}
	if ((rc = assess_match_capacity(seek, ns, help, cap, nh, &how, pairs,
	                                NULL)) ||
	    (rc = assess_pairs_write(h, summary, &s->branches, pairs, ns)))
		goto out;
	o = h->put_object(summary, "per_grade");
	for (g = G_N - 1; g >= 0; g--)
		h->put_int(o, grade_code[g], s->per_grade[g]);
	rc = assess_groups_put(h, summary, "parents", &s->parents, "branches",
	                       "per_grade", grade_code);
out:
	free(seek);
	free(help);
	free(cap);
	free(pairs);
	return rc;
}

static const assess_plugin fourstrong = {
	.size = sizeof(assess_plugin),
	.abi_version = ASSESS_ABI_VERSION,
	.name = "fourstrong",
	.version = "0.1.0",
	.description = "四强党支部 village branches on the SDK's batch helpers "
	               "(a test fixture)",
	.create = create,
	.assess = assess,
	.finish = finish,
	.destroy = destroy,
};

ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void)
{
	return &fourstrong;
}
