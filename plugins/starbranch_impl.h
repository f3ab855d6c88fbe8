/*
 * starbranch_impl.h - what the two files of the star scheme share:
 * starbranch.c (the config, each branch's assessment, SB1-SB8, describe)
 * and starbranch_batch.c (the finish step: the quota, SB9 pairing and the
 * SB10 summary).  Private to the plugin: both are linked into
 * starbranch.so, whose only exported symbol is its entry.
 */
#ifndef STARBRANCH_IMPL_H
#define STARBRANCH_IMPL_H

#include "assess/assess.h"
#include "assess/scheme.h"
#define ASSESS_TEXT_DOMAIN "assess-schemes"
#include "assess/i18n.h"

#define MAX_STARS 5

/* SB7 consequences, in the order they are listed; their labels are
 * the defaults of the INI's [actions] (CODE = label). */
enum { A_SECRETARY_ADMONITION, A_TEAM_ADMONITION, A_SECRETARY_HANDLING,
       A_TEAM_HANDLING, A_N };
extern const assess_note sb_action[A_N];

/* SB8 prompts and warnings; labels the defaults of [warnings]. */
enum { W_ITEM_PROMPT, W_DOWNGRADE, W_N };
extern const assess_note sb_warning[W_N];

enum { C_UP, C_DOWN, C_SAME, C_FIRST, C_N };
/* SB6: the direction of a change, as results and the summary name it. */
extern const char *const sb_change_name[C_N];

/* The plugin's state: the config, then what the batch adds up. */
struct star {
	const assess_host *h;
	assess_criteria items;
	assess_periods periods;
	assess_bars bars;
	assess_labels vetoes;
	/* from the keys of spec[] */
	double total, prompt_share, max_share5;
	long focus, tier1, tier2, helper_stars;
	char *rating[MAX_STARS + 1], *unqualified;
	const char *veto_word;  /* "veto" in the run's language, for messages */
	/* the batch: each branch's stars, with its tier as tag */
	assess_roster branches;
	long per_star[MAX_STARS + 1], per_tier[4], vetoed, *veto_count;
	long action_count[A_N], warnings[W_N], changes[C_N];
	assess_groups parents; /* per parent: branches, and at each star */
	assess_notes actions, warn; /* sb_action and sb_warning as the INI
	                               names them */
	/* for the quota: what each five-star branch held before (struct
	 * sb_five, in roster order), to say its change again if moved */
	assess_vec fives;
	assess_pool held_periods;
	/* ABI 1.2: the fields read, by slot */
	assess_item_slots in;
	int vetoes_at, history_at, period_at, parent_at, name_at;
};

/* A five-star branch: its place in the roster and the rating it held
 * before (-1: none; period an offset into held_periods). */
struct sb_five {
	size_t index;
	int prev;
	size_t period;
};

/* SB6: put the change from prev (-1: no rating before; period its period)
 * to stars into the object c, count it, and return its C_* direction.
 * undo, when not -1, is a direction counted before and now taken back. */
int sb_put_change(struct star *s, assess_node *c, int stars, int prev,
                  const char *period, int undo);

/* The finish step (assess_plugin.finish) of the star scheme, run once
 * after every record: the quota, SB9's pairs (in the summary, and in both
 * branches' results) and the SB10 counts, added to summary.  ASSESS_OK,
 * or ASSESS_ENOMEM (the summary then partly written; the run stops). */
int sb_finish(void *state, assess_node *summary);

#endif
