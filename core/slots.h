/*
 * slots.h - ABI 1.2's declared fields: what a plugin says in create that
 * it reads, the slots that name them, and the values of one record found
 * in one walk of it (the assess_host services declare, slot*, value*).
 * Values are the record's cJSON nodes; plugins see the opaque
 * assess_value of assess.h.
 */
#ifndef ASSESS_SLOTS_H
#define ASSESS_SLOTS_H

#include <cjson/cJSON.h>

#include "assess/assess.h"

/* A run's declarations (in struct run, run.h): a small tree of keys,
 * so that one walk of a record's objects finds every declared field, and
 * the values found in the record walked last. */
struct slots {
	struct slots_node *node;
	int nnode;
	struct slots_decl *decl;
	int ndecl;
	int top;              /* the first top-level node, -1 for none */
	const cJSON **val;    /* by node: the last record's values */
	const assess_record *rec; /* whose values val holds, when valid */
	const cJSON *root;
	unsigned long epoch; /* record_epoch() when val was filled */
	int valid;
	int creating;
	int strict;          /* a declaration can reject: typed or required */
};

/* No declarations yet; slots_free forgets every one (and leaves S as
 * slots_init does). */
void slots_init(struct slots *S);
void slots_free(struct slots *S);

/* Whether the active run's plugin is in its create step: declare works
 * only then. */
void slots_creating(int on);

/* How many fields the active run's plugin declared. */
int slots_count(void);
/* Whether a declared path starts with the top-level key key[0..len). */
int slots_declares(const char *key, size_t len);

/* Find rec's declared fields and call bad(arg, path, message) for each
 * required one absent or null ("missing") and each of another type than
 * declared ("must be a number, not a string"), in declaration order.
 * ASSESS_OK, or ASSESS_EREJECT when bad was called. */
int slots_check(const assess_record *rec,
                void (*bad)(void *arg, const char *path, const char *msg),
                void *arg);

/* Add "input": [{ path, type, required }] to a describe document, in
 * declaration order, when the plugin declared any.  0, or -1 out of
 * memory. */
int slots_describe(cJSON *doc);

/* The host services of assess.h (ABI 1.2), for the host table. */
int slots_declare(const char *path, int type, int flags);
const assess_value *slots_slot(const assess_record *rec, int slot);
int slots_type(const assess_record *rec, int slot);
int slots_number(const assess_record *rec, int slot, double *out);
int slots_bool(const assess_record *rec, int slot, int *out);
int slots_string(const assess_record *rec, int slot, const char **out);
int slots_count_of(const assess_record *rec, int slot);
int slots_value_type(const assess_value *v);
int slots_value_number(const assess_value *v, double *out);
int slots_value_bool(const assess_value *v, int *out);
int slots_value_string(const assess_value *v, const char **out);
int slots_value_count(const assess_value *v);
const assess_value *slots_value_item(const assess_value *v, int i,
                                     const char **key);
const assess_value *slots_value_member(const assess_value *v,
                                       const char *key);

#endif
