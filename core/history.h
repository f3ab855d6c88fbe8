/*
 * history.h - the ratings organisations earned in earlier runs, gathered
 * from assess's own results (--history FILE) or from an archive
 * (--history-from TARGET), and merged into each record's "history"
 * before the plugin sees it, for the schemes that read history (SB6,
 * SB7: the star scheme's history[].stars).
 *
 * What is merged is checked: results of this plugin (or of one named
 * compatible with --history-plugin), of a period before the record's,
 * not contradicting the history the input already gives nor each other.
 */
#ifndef ASSESS_HISTORY_H
#define ASSESS_HISTORY_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "host.h"

struct history;

/* A table for plugin's results (plugin and the ncompat names in compat
 * borrowed: they must outlive it).  NULL when out of memory. */
struct history *history_new(const char *plugin, char *const *compat,
                            int ncompat);

/* Free h; accepts NULL. */
void history_free(struct history *h);

/* Read the results of one earlier run: a results document or NDJSON
 * (with or without its metadata line) as assess writes them.  0, or -1
 * with the reason (naming path) in err. */
int history_load_file(struct history *h, const char *path, char *err,
                      size_t errlen);

/* Open a source that is not a file (an archive): shown names it in
 * messages (borrowed; a URL already masked).  Its entries may hold the
 * record's own period or later, which are then left out rather than
 * rejected.  Returns the source's number for history_add, or -1 out of
 * memory. */
int history_source(struct history *h, const char *shown);

/* Say that the ratings source src (an archive's) gives next are from
 * its run number run, of period (NULL: none), archived at (its time,
 * as text); the runs come in ascending order.  0, or -1 out of memory. */
int history_source_run(struct history *h, int src, long run,
                       const char *period, const char *at);

/* Where the run's history came from, for its metadata (docs/archive.md):
 * { "files": [ { "path", "sha256" } ], "archive": shown, "runs": [ ... ] }
 * with only the members that apply (the runs: those that gave a rating
 * to a record of this run); NULL when no --history file nor
 * archive was given (or out of memory).  The caller's, cJSON_Delete. */
cJSON *history_metadata(const struct history *h);

/* One earlier rating: organisation id held level (stars) in period, by
 * results of plugin, from source src.  0; -1 with the reason in err
 * (another plugin's, out of memory). */
int history_add(struct history *h, int src, const char *plugin,
                const char *id, const char *period, int level, char *err,
                size_t errlen);

/* The history for a run of plugin (whose describe document says whether
 * it reads history) from the --history files and the archive at from
 * (NULL: none; its runs of this plugin of scheme, archive_scheme's),
 * accepting the compat plugins' results too: *out NULL
 * when neither is given.  trends: the output shows each organisation's
 * ratings over the years (the report): for a plugin that reads history
 * the table is made even with neither given, and keeps the records' own
 * history too (history_keep_typed); for one that reads none, *out is
 * NULL.  0, or an exit status after saying why (STATUS_USAGE: a plugin
 * that reads no history given one, an archive that cannot be read;
 * STATUS_INPUT: a file that is not earlier results). */
int history_for_run(struct history **out, const char *plugin,
                    const cJSON *describe, char *const *files, int nfiles,
                    const char *from, const char *scheme,
                    char *const *compat, int ncompat, long wait, int trends);

/* Keep from now on, beside the earlier results' ratings, the ones each
 * record's own history gives (typed in the input), so that
 * history_levels knows every rating the run was given: for the
 * report's trends.  Call before the first record.  0, or -1 out of
 * memory. */
int history_keep_typed(struct history *h);

/* One earlier rating of an organisation. */
struct history_level {
	char period[16];
	int level; /* stars */
};

/* The ratings known for organisation id in periods before `before`
 * (NULL: every period): from the --history files, the archive and,
 * under history_keep_typed, the records' own history; in the order of
 * their periods, each period once.  At most max into out (the first
 * max found); returns how many. */
int history_levels(const struct history *h, const char *id,
                   const char *before, struct history_level *out, int max);

/* Whether results of plugin may give the history (the run's plugin, or
 * one named by --history-plugin). */
int history_accepts(const struct history *h, const char *plugin);

/* The period of the records that give none (--period; borrowed: it
 * must outlive h), for the history they may take: without it, such a
 * record that has history is rejected rather than compared with its own
 * year. */
void history_set_period(struct history *h, const char *period);

/* The plugin whose history h gathers (borrowed: history_new's). */
const char *history_plugin(const struct history *h);

/* Say, in one note, how many records got no rating for the year before
 * their own though a source holds that year (an id renamed or mistyped
 * since), naming the first few; nothing when none did.  Accepts NULL. */
void history_note_missed(const struct history *h);

/* Whether any rating is held. */
int history_empty(const struct history *h);

/* The record root with its earlier ratings merged into its "history":
 * a new tree (the caller's, cJSON_Delete) when there were any to add,
 * else NULL (root is to be used as it is).  A contradiction, or a
 * --history file not before the record's period, rejects the record on
 * res (and NULL is returned).  Out of memory: NULL with mem_exhausted set. */
cJSON *history_merge(struct history *h, const cJSON *root,
                     assess_result *res);

#endif
