/*
 * collect.h - what a scheme keeps of the batch for its finish step:
 * arrays, string pools, sorts, rosters and one-to-one matching (SB9).
 * Part of the SDK (libassess_scheme.a); a plugin includes
 * "assess/scheme.h", which includes every part.
 */
#ifndef ASSESS_COLLECT_H
#define ASSESS_COLLECT_H

#include <stddef.h>
#include <stdint.h>

#include "assess.h"
#include "scheme_base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --- what a scheme keeps of the batch for its finish step --- */

/* A growable array of fixed-size entries.  Zero it with assess_vec_init. */
typedef struct assess_vec {
	void *v;           /* n entries of size bytes */
	size_t n, cap, size;
} assess_vec;

void assess_vec_init(assess_vec *a, size_t size);
/* A new zeroed entry at the end, valid until the next push; NULL when out
 * of memory (the array is left as it was). */
void *assess_vec_push(assess_vec *a);
void assess_vec_free(assess_vec *a);

/* Strings side by side in one allocation, referred to by offset, which
 * stays valid as the pool grows.  Zero-initialise it. */
typedef struct assess_pool {
	char *s;
	size_t n, cap;
} assess_pool;

#define ASSESS_POOL_NONE ((size_t)-1)

/* Copy s into the pool; its offset in *off (ASSESS_POOL_NONE for a NULL
 * s).  ASSESS_OK or ASSESS_ENOMEM. */
int assess_pool_add(assess_pool *p, const char *s, size_t *off);
/* The string at off (borrowed until the pool grows or is freed), or NULL
 * for ASSESS_POOL_NONE. */
const char *assess_pool_str(const assess_pool *p, size_t off);
void assess_pool_free(assess_pool *p);

/* Sort the indexes v[0..n) by cmp(a, b, ctx) (negative when a comes
 * first), stably, so equal entries keep their order; ctx carries what cmp
 * needs, so no global is.  ASSESS_OK or ASSESS_ENOMEM (v untouched). */
int assess_sort(size_t *v, size_t n, int (*cmp)(size_t, size_t, void *),
                void *ctx);

#define ASSESS_NO_MATCH ((size_t)-1)

/* A long list of the summary written once (ABI 1.2 put_list: each
 * element final once the next is put), or an array where the host is
 * older.  For pairs, rankings, per-unit rows. */
assess_node *assess_put_list(const assess_host *h, assess_node *n,
                             const char *key);

/*
 * One-to-one matching that prefers a partner of the same group (SB9's
 * mechanism: the scheme decides who seeks, who helps, in what order and
 * what the group is).  seekers and partners are indexes, each list in its
 * order of preference (the first seeker chooses first; the first partner
 * is offered first).  group(i, ctx) is index i's group, NULL or "" for
 * none.  Two passes: first every seeker with a group takes the first free
 * partner of its own group; then the seekers still without one take the
 * first free partners of any group.  So no partner leaves its group while
 * a seeker there still needs one, and the number of matches is
 * min(nseekers, npartners).  Each listing of a partner is one place: a
 * partner listed twice takes up to two seekers (batch.h's
 * assess_match_capacity says so with a capacity, and refuses a listing
 * twice).  pick[i] gets seeker i's partner, or ASSESS_NO_MATCH.
 * ASSESS_OK or ASSESS_ENOMEM.
 */
int assess_match(const size_t *seekers, size_t nseekers,
                 const size_t *partners, size_t npartners,
                 const char *(*group)(size_t, void *), void *ctx,
                 size_t *pick);

/* A roster: what the finish step keeps of each record, compactly (one
 * array of 32-byte entries; each id and name side by side in one pool,
 * each distinct parent once), to rank and pair them at the end.  Keep
 * only the records the finish step needs (those it may rank, pair or
 * move) and count the others with assess_roster_pass: a share (the
 * quota's) is of every record counted. */
typedef struct assess_member {
	double score;
	uint64_t handle;   /* the result's (ABI 1.2 result_handle), or 0 */
	uint32_t id;       /* offset into the pool: the id, then its name */
	uint32_t parent_at; /* offset into the parents, or ASSESS_ROSTER_NONE
	                       (use assess_roster_id/_name/_parent) */
	int level;         /* stars, or any rank */
	int tag;           /* the scheme's own (SB5: the tier) */
} assess_member;

#define ASSESS_ROSTER_NONE UINT32_MAX

struct assess_spill; /* opaque: the SDK's temporary file */

typedef struct assess_roster {
	assess_vec members; /* assess_member */
	assess_pool pool;   /* "id\0name\0" a member ("" for no name) */
	assess_pool parents;
	uint32_t *ptab;     /* the parents by hash: 1 + offset, 0 empty */
	size_t pcap, pcount;
	size_t passed;      /* records counted but not kept */
	struct assess_spill *names; /* the names kept out of memory
	                               (assess_roster_spill_names), or NULL */
} assess_roster;

void assess_roster_init(assess_roster *r);
/* Keep one record (id and parent are copied; parent may be NULL).
 * ASSESS_OK or ASSESS_ENOMEM (the roster left as it was; also past 4 GB
 * of ids and names). */
int assess_roster_add(assess_roster *r, const char *id, const char *parent,
                      double score, int level, int tag);
/* Count one record the finish step does not need to keep. */
void assess_roster_pass(assess_roster *r);
/* Every record counted: kept and passed. */
size_t assess_roster_counted(const assess_roster *r);
/* Give the member added last its result's handle (ABI 1.2
 * assess_host.result_handle) and name (copied; may be NULL), so that
 * finish can amend its result.  ASSESS_OK, ASSESS_ENOMEM, or
 * ASSESS_EINVAL on an empty roster or when given twice. */
int assess_roster_set_result(assess_roster *r, uint64_t handle,
                             const char *name);
/* Change member i's level and tag (a quota's verdict). */
void assess_roster_set_level(assess_roster *r, size_t i, int level, int tag);
/* Member i (borrowed until the next add). */
const assess_member *assess_roster_get(const assess_roster *r, size_t i);
/* Member i's id, parent and name (NULL when none), borrowed until the
 * next add; roster is the assess_roster, as an assess_pairing's ctx. */
const char *assess_roster_id(size_t i, void *roster);
const char *assess_roster_parent(size_t i, void *roster);
const char *assess_roster_name(size_t i, void *roster);
/* Orders for assess_sort and assess_pairing over a roster: the weakest
 * first (lower level, then lower score in decimal terms), or the strongest
 * first; the smaller id first among equals, so input order never counts. */
int assess_roster_weakest_first(size_t a, size_t b, void *roster);
int assess_roster_strongest_first(size_t a, size_t b, void *roster);
void assess_roster_free(assess_roster *r);

/*
 * Keep the roster's names out of memory: called before the first member
 * is added, it has each name given to assess_roster_set_result written
 * to an unlinked temporary file in $TMPDIR (else /tmp), made at the
 * first name, and the pool hold 4 bytes for it: at a million members
 * with names of 30 bytes, 26 MB less.  Then assess_roster_name reads the
 * name back, its string borrowed only until the next assess_roster_name
 * or assess_roster_set_result on r (enough to write one member out); and
 * assess_roster_set_result returns ASSESS_EPLUGIN too, when the file
 * cannot be made or written (said once through h's log).  ASSESS_OK;
 * ASSESS_ENOMEM; ASSESS_EINVAL when a member was added already.
 */
int assess_roster_spill_names(assess_roster *r, const assess_host *h);
/* ASSESS_OK, or ASSESS_EPLUGIN once the names' temporary file could not
 * be written or read back (said through the log; each name read since
 * came back NULL): a scheme that spills its names checks it when it has
 * written them out. */
int assess_roster_names_status(const assess_roster *r);

/* How a scheme pairs: its orders, groups and names, over indexes i of
 * what it kept of the batch; ctx is passed to each. */
typedef struct assess_pairing {
	int (*seeker_cmp)(size_t a, size_t b, void *ctx);  /* who chooses first */
	int (*partner_cmp)(size_t a, size_t b, void *ctx); /* who is offered first */
	const char *(*group)(size_t i, void *ctx); /* NULL or "" for none */
	const char *(*id)(size_t i, void *ctx);    /* for the output */
	void *ctx;
} assess_pairing;

/*
 * SB9's step whole: sort seekers and partners (their indexes, sorted in
 * place) by the orders of how, match them (assess_match), and add to the
 * summary "pairs": [{ helper, helped, same_parent }] and "unpaired":
 * [id], both in seeker order; same_parent says both have the same
 * non-empty group.  ASSESS_OK or ASSESS_ENOMEM.
 */
int assess_pairs_put(const assess_host *h, assess_node *summary,
                     const assess_pairing *how, size_t *seekers,
                     size_t nseekers, size_t *partners, size_t npartners);

/* assess_pairs_put, also handing back the match: pick[i] (room for
 * nseekers) is seekers[i]'s partner, or ASSESS_NO_MATCH, seekers and
 * partners sorted as the summary lists them. */
int assess_pairs_pick(const assess_host *h, assess_node *summary,
                      const assess_pairing *how, size_t *seekers,
                      size_t nseekers, size_t *partners, size_t npartners,
                      size_t *pick);

/*
 * ABI 1.2: the pairs of a roster into the results of its members (those
 * with a handle), from assess_pairs_pick's seekers and pick: a helped
 * member's result gets "pairing": { helper, helper_name } and its
 * helper's "helping": [{ id, name }, ...], one list naming everyone it
 * helps in seekers' order (a seeker is never a partner).
 * The results are amended in roster order, which is the order of their
 * handles when members are added as records come.  Nothing when the host
 * has no amend service (ABI 1.1).  ASSESS_OK or ASSESS_ENOMEM.
 */
int assess_pairs_amend(const assess_host *h, const assess_roster *r,
                       const size_t *seekers, size_t nseekers,
                       const size_t *pick);

/*
 * A quota on a level: when more than share (0..1) of the n records the
 * roster counted (assess_roster_counted) hold level, the weakest of them
 * beyond floor(share * n) are the surplus (the lowest score first; among
 * equal scores the larger id first, so input order never counts).  Their
 * indexes go into surplus (room for the members kept), their number into
 * *nsurplus, weakest first.  ASSESS_OK
 * or ASSESS_ENOMEM.
 */
int assess_roster_quota(const assess_roster *r, int level, double share,
                        size_t *surplus, size_t *nsurplus);

/*
 * ABI 1.2: apply that quota.  Each surplus member, weakest first, goes
 * down to level - 1 (its tag kept), and its result (when it has a handle
 * and the host amends) gets key: level - 1 and "quota": { earned: level,
 * max_share, allowed, reason }; then moved(i, node, ctx) lets the scheme
 * adjust its counts and add to node (NULL when there is no amendment).
 * ASSESS_OK or ASSESS_ENOMEM.
 */
int assess_quota_amend(const assess_host *h, assess_roster *r, int level,
                       double share, const char *key,
                       void (*moved)(size_t i, assess_node *n, void *ctx),
                       void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* ASSESS_COLLECT_H */
