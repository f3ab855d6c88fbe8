/*
 * check_impl.h - what the files of --check-plugin share: check.c (the
 * checks on made-up records), check_run.c (each run in a child, with a
 * time limit) and check_sample.c (the author's own records).
 */
#ifndef ASSESS_CHECK_IMPL_H
#define ASSESS_CHECK_IMPL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "check.h"

struct checker {
	const struct plugin *p;
	assess_config *cfg;
	int failed, passed;
	int timeout;            /* seconds a run may take */
	cJSON *describe;        /* the plugin's describe output, or NULL */
	const char *sample;     /* --sample FILE, or NULL */
	cJSON **recs;           /* the sample's records with a string id */
	size_t nrecs;
	int accepted;           /* records of the batches of one and two that
	                           the plugin assessed (not rejected) */
};

/* What a child runs: body(c, arg, fd) writes its answer to fd and exits 0,
 * or writes "!why" and exits nonzero. */
typedef void check_child_body(const struct checker *c, void *arg, int out);

/* Run body in a child.  Returns 0 and what it wrote in *results
 * (malloc'd), or -1 with why in why (see check_run.c). */
int check_run_child(const struct checker *c, check_child_body *body,
                    void *arg, char **results, char *why, size_t len);

/* One line "ok   what" or "FAIL what: why", counted. */
void check_report(struct checker *c, const char *what, int ok,
                  const char *why);

/* The --sample records, as texts (NULL-terminated, malloc'd); 0, or -1
 * after saying why. */
int check_sample_load(struct checker *c, char ***texts, size_t *ntexts);

/* The checks only a sample allows: the scoring path, finish, twice,
 * isolated, reversed. */
void check_sample(struct checker *c, char **texts, size_t ntexts);

#endif
