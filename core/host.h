/*
 * host.h - the services table handed to plugins, and the record and result
 * handles behind it.  Records and results are cJSON inside; plugins only
 * ever see the opaque types of assess.h.
 */
#ifndef ASSESS_HOST_H
#define ASSESS_HOST_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "assess/assess.h"
#include "record.h"

struct assess_result {
	cJSON *root;     /* id, name, parent, period, status, plugin fields */
	cJSON *errors;   /* { path, message } objects, created on first use */
	int nfixed;      /* members the host put first: the plugin cannot
	                    replace them */
	const char *file; /* where the record starts, for messages */
	long line;
	long index;      /* 1-based position in the batch */
	const char *id;  /* NULL until known */
	struct run *run; /* the run it belongs to (run.h), or NULL */
};

extern const assess_host host_table;

/* Name used in plugin log lines, kept in run; verbose shows
 * ASSESS_LOG_INFO lines and the results' warnings. */
void host_set_plugin(struct run *run, const char *name, int verbose);

/* The name host_set_plugin gave the active run ("?" before), for
 * messages. */
const char *host_plugin_name(void);

/* The result whose host members (the first nfixed) the plugin may not
 * replace while it is being built; NULL when none.  Call it before and
 * after every assess call: it also opens and closes the record for
 * reading (record_reading). */
void host_set_current(const assess_result *res);

/* Whether put_list keeps a list of the summary as its text (on where the
 * summary is only written out: JSON and NDJSON, an isolated child's
 * reply) or as an array (off, the default: report and sheet writers and
 * the plugin checker read the summary's tree). */
void host_lists_as_text(int on);
/* host_lists_as_text's on: HOST_LISTS_SPOOLED keeps a list's text in a
 * temporary file once it grows (where the summary is only written out by
 * the output, which copies it: host_list_spool). */
enum { HOST_LISTS_TREE, HOST_LISTS_TEXT, HOST_LISTS_SPOOLED };

/* The temporary file holding the whole text of the summary's list node
 * (spooled), or NULL when node holds its own; borrowed until
 * host_lists_free, its position the caller's to set. */
FILE *host_list_spool(const cJSON *node);
/* Why a list's temporary file could not be written in finish (an errno:
 * finish then failed with ASSESS_EPLUGIN), or 0. */
int host_lists_failed(void);
/* Close the lists' temporary files (after the output is written). */
void host_lists_free(void);

/* "a number", "an object", ... for v, as messages say it. */
const char *host_type_name(const cJSON *v);

/* Run the plugin's finish step d->finish (ASSESS_OK when it has none) on
 * summary, which holds the host's counts (records, assessed, rejected):
 * while it runs, the plugin cannot replace them (put_* gives
 * ASSESS_EINVAL).  Returns the plugin's code. */
int host_finish(const assess_plugin *d, void *state, cJSON *summary);

/* The plugin's create step as every runner calls it: create, then what
 * the host holds it to whatever create returned (a reference file that
 * failed its check; INI keys no one asked for), and on failure what helps
 * (the plugin's code named; the typo behind a missing key).  STATUS_OK
 * with *state, or the exit status after reporting (state freed). */
int host_create(const assess_plugin *d, assess_config *cfg, void **state);

/* The plugin's describe step d->describe (ASSESS_OK when it has none)
 * into doc, and its destroy step, as every runner calls them: the
 * handles given out in the step die with it (host_guard.h). */
int host_describe(const assess_plugin *d, void *state, cJSON *doc);
void host_destroy(const assess_plugin *d, void *state);

/* host_table.reject: add an error to res and report it on stderr. */
int host_reject(assess_result *res, const char *path, const char *fmt, ...)
	ASSESS_PRINTF(3, 4);

#endif
