/*
 * internal.h - what the files of libassess_scheme.a share among
 * themselves and never export (the library is built with hidden
 * visibility; none of this is in include/).
 */
#ifndef ASSESS_SDK_INTERNAL_H
#define ASSESS_SDK_INTERNAL_H

#include <libintl.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "assess/assess.h"
#include "assess/collect.h"
#include "assess/slotread.h"

/* A sentence of the library itself, in assess's own text domain (bound by
 * assess before any plugin runs; po/zh_CN.po). */
#define SDK_TR(s) dgettext("assess", s)
/* One only marked for the catalog, translated where it is used. */
#define SDK_N(s) (s)

/* Decimal terms (numbers.c): scores below SDK_DEC_LIMIT compare by their
 * millionths, rounded as sdk_dec_millionths rounds them (scaled integers
 * beyond it lose exactness; such scores compare as they are).  A sort
 * that packs scores into keys (match.c) rounds them here too, so that
 * its order is assess_dec_cmp's. */
#define SDK_DEC_LIMIT 1e12
static inline double sdk_dec_millionths(double x)
{
	return nearbyint(x * 1e6);
}

/* "a number", "an object", ... for ASSESS_TYPE_* t, as messages say it. */
const char *sdk_type_word(int t);

/* A score read with code rc (and, for ASSESS_ETYPE, the value's type
 * and, when a string, its text str) checked against 0..max into *out;
 * a bad one rejected at path.  The codes of assess_score_read. */
int sdk_score_check(const assess_host *h, assess_result *res,
                    const char *path, int rc, double v, int type,
                    const char *str, double max, double *out);

/* A key the scheme reads records by (an item, a period, an indicator):
 * it is part of a record's field path, so it may not hold '.', '[' or
 * ']' and is at most SDK_KEY_MAX bytes.  ASSESS_OK, or the config error
 * reported at section and key (what says which it is). */
#define SDK_KEY_MAX 255
/* Room for a field path made of two such keys ("checks.PERIOD.ITEM"). */
#define SDK_PATH_MAX (2 * SDK_KEY_MAX + 64)
struct assess_config;
int sdk_key_check(const assess_host *h, const struct assess_config *cfg,
                  const char *section, const char *key, const char *name,
                  const char *what);

/* vsnprintf for the sentences of notes: %s, %d, %g and %% written
 * without printf (whose "%g" was most of a note's cost), byte for byte
 * as vsnprintf writes them; any other conversion goes to vsnprintf. */
int sdk_vformat(char *out, size_t size, const char *fmt, va_list ap);

/* How many bytes of s, at most max, end on a whole UTF-8 character: a
 * record's text is quoted in messages cut there, never mid-character. */
int sdk_clip(const char *s, size_t max);

/* The reads every reader makes of its source (slotread.c): as the
 * host's record_* calls by path, or value_* calls by value. */
int sdk_src_type(const assess_host *h, const assess_source *at);
int sdk_src_number(const assess_host *h, const assess_source *at,
                   double *out);
int sdk_src_string(const assess_host *h, const assess_source *at,
                   const char **out);
int sdk_src_bool(const assess_host *h, const assess_source *at,
                 int *out);
int sdk_src_count(const assess_host *h, const assess_source *at);
/* The key of member i of the object at at, or NULL. */
const char *sdk_src_key(const assess_host *h, const assess_source *at,
                        int i);
/* A part of at: element i (i >= 0), then its member name (when not
 * NULL).  By path, its path is written into buf (size n) and the part
 * reads it; by value, the part's path is NULL: a reader names it in a
 * message itself. */
assess_source sdk_src_part(const assess_host *h, const assess_source *at,
                           int i, const char *name, char *buf, size_t n);

/* The standard engine's record reads (standard_in.c), set up once at
 * load with what it looks records up against: by slot when the
 * host has ABI 1.2 (the fields declared by sdk_standard_declare in
 * create: parent, scores, scores.KEY, indicators.NAME), else by path. */
struct assess_standard;
struct assess_record;
struct assess_result;
int sdk_standard_declare(struct assess_standard *s);
void sdk_standard_in_free(struct assess_standard *s);
const char *sdk_standard_parent(const struct assess_standard *s,
                                const struct assess_record *rec);
int sdk_standard_scores_type(const struct assess_standard *s,
                             const struct assess_record *rec);
int sdk_standard_score(const struct assess_standard *s,
                       const struct assess_record *rec,
                       struct assess_result *res, size_t i, double *out);
int sdk_standard_rule(const struct assess_standard *s,
                      const struct assess_record *rec,
                      struct assess_result *res, size_t k, double *out);
/* The rules' indicators, rule by rule (s->rules.n of them), built once
 * at load: borrowed until the standard is freed. */
const char *const *sdk_standard_indicators(const struct assess_standard *s);
/* The key of member i of the record's scores object (NULL past the end
 * or when scores is not an object). */
const char *sdk_standard_score_key(const struct assess_standard *s,
                                   const struct assess_record *rec, int i);

/* The counters of key in t, or NULL when t never counted it (unlike
 * assess_tally_get, nothing is added). */
struct assess_tally;
long *sdk_tally_find(const struct assess_tally *t, const char *key);

/* Strings kept out of memory in an unlinked temporary file (spill.c), as
 * a roster's names are: put one at a time, read back one at a time or
 * many at once.
 * sdk_spill_new: NULL when out of memory; the file is made at the first
 * put; h's log says why it failed, once. */
struct assess_spill;
struct assess_spill *sdk_spill_new(const assess_host *h);
void sdk_spill_free(struct assess_spill *sp);
/* Put s; *at (never 0) finds it again.  ASSESS_OK; ASSESS_EPLUGIN when
 * the file cannot be made or written; ASSESS_ENOMEM past 4 GB. */
int sdk_spill_put(struct assess_spill *sp, const char *s, uint32_t *at);
/* The string put at at, borrowed until the next sdk_spill_get or put on
 * sp; NULL when it cannot be read back (sdk_spill_status then says so). */
const char *sdk_spill_get(struct assess_spill *sp, uint32_t at);
/* ASSESS_OK, or ASSESS_EPLUGIN once a put or get failed. */
int sdk_spill_status(const struct assess_spill *sp);
/* A string sdk_spill_gather is to read: at, as sdk_spill_put gave it
 * (0: none); got, set by the gather: where its copy starts in the
 * buffer, or SDK_SPILL_MISS when it was not copied (read it alone). */
#define SDK_SPILL_MISS UINT32_MAX
struct sdk_spill_want {
	uint32_t at;
	uint32_t got;
};
/* Copy the strings w[0..n) asks for into buf (room bytes, below 4 GB),
 * reading the file in its own order, a read call for many strings
 * instead of one each.  One that does not fit, is longer than what is
 * read past its start (256 bytes at least), or cannot be read is left
 * SDK_SPILL_MISS: sdk_spill_get then reads it (and says why it cannot).
 * scratch: room for 2n.  Never fails. */
void sdk_spill_gather(struct assess_spill *sp, struct sdk_spill_want *w,
                      size_t n, char *buf, size_t room, uint64_t *scratch);
/* Where member i's name is in the roster's names file (0: none); only
 * when the roster spills its names (collect.c). */
struct assess_roster;
uint32_t sdk_roster_name_at(const struct assess_roster *r, size_t i);

/* Ask for member i of roster r's entry, or (once that has come) its id,
 * to be brought into the cache SDK_FETCH_AHEAD uses before it is used
 * (match.c, pairs.c): members are matched and written in orders of their
 * own, from all over the roster, and the wait for memory at each was
 * most of that work. */
#define SDK_FETCH_AHEAD 16

static inline void sdk_fetch_member(const struct assess_roster *r,
                                    uint32_t i)
{
	__builtin_prefetch((const assess_member *)r->members.v + i);
}

static inline void sdk_fetch_id(const struct assess_roster *r, uint32_t i)
{
	__builtin_prefetch(r->pool.s + assess_roster_get(r, i)->id);
}

#endif
