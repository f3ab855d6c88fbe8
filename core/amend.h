/*
 * amend.h - batch-aware results (ABI 1.2): what a plugin's finish step
 * adds to the results of records it assessed, kept compactly until the
 * output is written (8 bytes of memory an amendment, its text in an
 * unlinked temporary file), then merged into those results in the spool.
 */
#ifndef ASSESS_AMEND_H
#define ASSESS_AMEND_H

#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "assess/assess.h"
#include "jsonw.h"

/* A run's amendments (run.h's amend): zeroed by whoever makes the run,
 * freed by amend_free at the run's end.  The functions below reach the
 * active run's (run_active): the ABI's amend service takes no run. */
struct amend {
	uint64_t *v;          /* handle << AMEND_LEN_BITS | text length, in
	                         the order made: the texts lie in tf in that
	                         order, so their offsets need no room */
	size_t n, cap;
	FILE *tf;             /* the texts, unlinked; NULL until the first */
	struct jsonw_buf wb;  /* the texts not yet written to tf */
	uint64_t tlen;        /* bytes of text, in tf and in wb */
	uint64_t max_handle;  /* the largest handle given out */
	int finishing;
	cJSON *open;          /* the node handed out last, not yet packed */
	uint64_t open_handle;
	int failed;           /* a text not kept, why (an errno value):
	                         ENOMEM, EFBIG (too long), or the file's */
};

/* The handle of the result at index (1-based in the batch: its line in
 * the spool), or 0 when there is none; for assess_host.result_handle. */
uint64_t amend_handle(long index);
/* assess_host.amend (see assess.h). */
assess_node *amend_node(uint64_t handle);

/* The plugin's finish step starts (on: what another run left is dropped)
 * or ends: amend works only in between; at the end the last node is
 * packed. */
void amend_finishing(int on);

/* How many amendments are held: 8 bytes each in memory, their text in
 * an unlinked temporary file (tmp.h).  When one could not be kept,
 * merging and amend_export fail, so that results are never written
 * without it. */
size_t amend_count(void);
/* Why an amendment could not be kept (ENOMEM, EFBIG for a text of 16 MB
 * or more, or the text file's errno), or 0: asked right after finish, so
 * that a run stops before it writes anything. */
int amend_failed(void);
/* The bytes the amendments take in memory (their entries) and on disk
 * (their text): what docs/benchmarks.md states, held by test_amend. */
size_t amend_bytes(void);
uint64_t amend_disk_bytes(void);

/* The amendments as JSON, [[handle, {members}], ...] in the order held,
 * to carry them out of an isolated plugin's child; NULL when there are
 * none, or when one was not kept or cannot be read back.  amend_import
 * adds such a list (from the child) to what is held: 0, or -1 when it is
 * not of that shape, out of memory, or a text cannot be kept. */
cJSON *amend_export(void);
int amend_import(const cJSON *list);

/* Merge the amendments into the spooled results (one compact result a
 * line, line k the result of handle k): a new spool in *spool when any
 * are held (the old one closed), else nothing done.  An amended result
 * whose status is "rejected" is left as it was.  0, or -1 with errno
 * set (a read or write, ENOMEM, or EFBIG: an amendment's text of 16 MB
 * or more; *spool left as it was).  The amendments are freed. */
int amend_apply(FILE **spool);

/* Copy the spooled results to out with the amendments merged (see
 * amend_apply), in the layout of the results document's array (json:
 * each result on a line of its own, indented, after a comma; no newline
 * after the last) or as NDJSON lines; threaded: out written on a thread
 * of its own while the next lines are merged (a second core).  0, or
 * -1.  The amendments are freed: a results document is written once. */
int amend_copy(FILE *spool, FILE *out, int json, int threaded);

/* Drop every amendment a holds (NULL: nothing), the handles given out
 * too; a is left zeroed, ready for another finish. */
void amend_free(struct amend *a);

#endif
