/*
 * run.h - one run's state, in one place: created by main for the life of
 * the run and reached through the record and result handles the host
 * owns (assess_record.run, assess_result.run), so that what one run
 * learnt (the fields its plugin asked for, the row a message names, the
 * plugin's name) is never a file's global that a second run, a test or
 * the isolated child would inherit unseen.
 */
#ifndef ASSESS_RUN_H
#define ASSESS_RUN_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "assess/assess.h"

struct amend;
struct host_guard;
struct host_list;
struct keys;
struct outfile_kept;
struct refs_file;
struct record_state;
struct sheetin_rowstate;
struct slots;

/* The parts record.c and slots.c keep are theirs to make and free
 * (record_state_init, slots_init): they reach the run through the record
 * handle, so run.h includes neither. */
struct run {
	struct record_state *record; /* record.c: the cursor, the fields
	                                asked for, the policy for the others */
	struct slots *slots;        /* slots.c: the fields declared (ABI 1.2) */
	const char *plugin_name;    /* host.c: for messages ("?" before) */
	int verbose;                /* host.c: --verbose */
	int config_reported;        /* host.c: a config reader reported a
	                               bad value during create */
	const assess_config *config; /* the run's INI and --set (config.h),
	                               for where a file read_records reads
	                               was named (refs.c); NULL before */
	const assess_result *building; /* host_put.c: the result the plugin
	                                is building (its host members
	                                protected), or NULL */
	const cJSON *summary_open;  /* host_put.c: the summary finish adds
	                               to (its counts protected), or NULL */
	struct keys *keys;          /* keys.c: the member keys put, each
	                               held once (host_put.c); freed by
	                               run_end */
	const cJSON *amend_open;    /* amend.c: the amendment being filled
	                               (its host members protected), or
	                               NULL */
	struct host_list *lists;    /* host_put.c: the summary's lists kept
	                               as text (put_list) while finish runs */
	size_t nlists;
	int lists_as_text;          /* host_put.c: host_lists_as_text */
	int lists_errno;            /* host_put.c: why a list's spool could
	                               not be written (host_lists_failed) */
	struct refs_file *refs;     /* refs.c: the reference files read, for
	                               the metadata */
	size_t nrefs;
	int refs_failed;            /* refs.c: why one failed (REFS_*) */
	const struct sheetin_rowstate *sheet; /* sheetin.h: the row of the
	                                spreadsheet the record being checked
	                                was written from, for the column a
	                                rejection names; NULL for JSON */
	struct amend *amend;        /* amend.c: what finish adds to results;
	                               NULL: no amending */
	struct host_guard *guard;   /* host_guard.c: the handles given to the
	                               plugin and its step; NULL: unchecked */
	struct outfile_kept *kept;  /* outfile.c: the files no output may
	                               replace (outfile_protect) */
	size_t nkept;
	int stdout_closed;          /* outfile.c: fd 1 was closed when the
	                               process began (outfile_init) */
	struct {                    /* diag.c: lines dropped (muted) or held
	                               back (a capture) instead of said */
		int muted, capturing;
		char *text;             /* the lines held, NUL-terminated */
		size_t len, size;
	} diag;
};

/* Start r on its parts (made ready by their modules, the caller's to
 * free after run_end): its defaults, and r the run the ABI's handle-less
 * services reach (run_active). */
void run_begin(struct run *r, struct record_state *record,
               struct slots *slots);

/* No run is active after it (r's parts are the caller's; the keys it
 * held are freed: no tree of its results may outlive it). */
void run_end(struct run *r);

/* The run begun last and not ended, or NULL.  Only for what has no
 * record or result to carry the run: the services of assess.h that take
 * none (log, declare, read_records, the config readers and the value_*
 * readers), and code that runs before any record (the spreadsheet
 * header's check of unknown columns). */
struct run *run_active(void);

#endif
