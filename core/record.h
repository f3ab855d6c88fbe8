/*
 * record.h - the record a plugin reads: its handle, fields by path, and
 * the top-level fields no read ever named.  Records are cJSON inside;
 * plugins only see the opaque assess_record of assess.h, through the
 * record_* services the host table (host.c) points at.
 */
#ifndef ASSESS_RECORD_H
#define ASSESS_RECORD_H

#include <cjson/cJSON.h>

#include "assess/assess.h"

struct run;

struct assess_record {
	const cJSON *root;
	const char *id;
	struct run *run; /* the run it belongs to (run.h), or NULL */
};

/* What a run knows of the records its plugin reads (in struct run): the
 * cursor of reads by index, and the top-level fields asked for. */
struct record_state {
	int reading;             /* a record is open (record_reading) */
	unsigned long epoch;     /* how many times a record opened or closed */
	const cJSON *container;  /* the last element reached by index */
	int index;
	const cJSON *item;
	char **name;             /* the top-level fields asked for */
	int n, cap;
	int last;                /* the one named last, or -1 */
	int tracking;            /* a record of the batch is open: note what
	                            is read */
	int all;                 /* the plugin walked the record's top level
	                            itself */
	int policy;              /* RECORD_EXTRA_* */
	char **warned;           /* fields already warned of */
	int nwarned, wcap;
};

/* A fresh state (no field asked for, unknown fields rejected); free it
 * with record_state_free, which leaves it fresh again. */
void record_state_init(struct record_state *st);
void record_state_free(struct record_state *st);

/* A record is open (on) or closed for the plugin's reads.  While one is
 * open, reads by index remember the last member reached; the tree must
 * not be freed before it is closed.  Outside, no read remembers anything. */
void record_reading(struct record_state *st, int on);

/* A number that changes whenever a record opens or closes: what was
 * found in one record is stale once it has changed (st NULL: 0). */
unsigned long record_epoch(const struct record_state *st);

/* Element i of an array or member i of an object, or NULL; while a
 * record is open, walking i = 0, 1, 2, ... costs one step an item (st
 * NULL: from the start each time). */
const cJSON *record_nth(struct record_state *st, const cJSON *c, int i);

/* Count the top-level field key[0..len) as asked for by the plugin (a
 * declared field, ABI 1.2), whether or not any read names it. */
void record_note_field(struct record_state *st, const char *key,
                       size_t len);

/* The field at path (see assess.h), or NULL; while st tracks, its
 * top-level field is noted as asked for (st NULL: nothing noted). */
const cJSON *record_lookup(struct record_state *st, const cJSON *root,
                           const char *path);

/* The same services on a value found already (a slot's, an element's):
 * ASSESS_TYPE_* of v, and its number, boolean, string or count, with the
 * codes of assess.h's record_number (v NULL: missing). */
int record_value_type(const cJSON *v);
int record_value_number(const cJSON *v, double *out);
/* "a number", "an object", ... as messages say ASSESS_TYPE_* type, in
 * the language of the run. */
const char *record_type_said(int type);
int record_value_bool(const cJSON *v, int *out);
int record_value_string(const cJSON *v, const char **out);
int record_value_count(const cJSON *v);

/* The record services of the host table (see assess.h for each). */
const char *record_id(const assess_record *rec);
int record_type(const assess_record *rec, const char *path);
int record_number(const assess_record *rec, const char *path, double *out);
int record_bool(const assess_record *rec, const char *path, int *out);
int record_string(const assess_record *rec, const char *path,
                  const char **out);
int record_count(const assess_record *rec, const char *path);
const char *record_key(const assess_record *rec, const char *path, int i);

/* A record of the batch is open (on) for the plugin's assess step, or
 * closed: only then are the fields it reads noted as asked for (reading a
 * reference file's records notes nothing). */
void record_tracking(struct record_state *st, int on);

/* What to do with a record's top-level field that no read of the plugin
 * (nor the host) ever named: [input] extra_fields in the INI. */
enum { RECORD_EXTRA_REJECT = 0, RECORD_EXTRA_WARN, RECORD_EXTRA_IGNORE };
void record_set_extra_fields(struct record_state *st, int policy);

/* The policy set (st NULL: RECORD_EXTRA_REJECT). */
int record_extra_policy(const struct record_state *st);

/* The first top-level member of rec after `after` (NULL: from the start)
 * that neither the host owns nor the plugin asked for while a record was
 * open, or NULL (always NULL under RECORD_EXTRA_IGNORE, or when the plugin
 * walked the record's top level itself). */
const cJSON *record_next_unknown(const assess_record *rec,
                                 const cJSON *after);

/* The field the plugin asked for nearest to name ("did you mean"), or
 * NULL; borrowed until record_state_free. */
const char *record_nearest_field(const struct record_state *st,
                                 const char *name);

/* ", scores, checks, ...": the fields the plugin asked for, beyond the
 * host's, into buf. */
void record_known_fields(const struct record_state *st, char *buf,
                         size_t len);

/* 1 the first time name is passed (warn of it then), else 0. */
int record_first_warning(struct record_state *st, const char *name);

#endif
