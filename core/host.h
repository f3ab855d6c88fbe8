/*
 * host.h - the services table handed to plugins, and the record and result
 * handles behind it.  Records and results are cJSON inside; plugins only
 * ever see the opaque types of assess.h.
 */
#ifndef ASSESS_HOST_H
#define ASSESS_HOST_H

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
};

extern const assess_host host_table;

/* Name used in plugin log lines; verbose shows ASSESS_LOG_INFO. */
void host_set_plugin(const char *name, int verbose);

/* The name host_set_plugin gave ("?" before), for messages. */
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

/* "a number", "an object", ... for v, as messages say it. */
const char *host_type_name(const cJSON *v);

/* Put the host's members of a result (id, name, parent, period, status)
 * into res->root from the parsed record root (NULL when it did not parse),
 * rejecting what is wrong with them.  Returns the id, or NULL.  Used by
 * the batch and by an isolated plugin's child, so both build alike. */
const char *host_fixed_fields(assess_result *res, const cJSON *root);

/* The plugin's assess step on one record, as every runner must call it:
 * the record open for reading, the host's members of res protected, a
 * failure the plugin did not explain rejected with its code named, and
 * the record's unknown top-level fields rejected or warned of (see
 * record_set_extra_fields).  Returns the plugin's code; ASSESS_ENOMEM is
 * noted with mem_fail and rejects nothing: the run must stop. */
int host_assess(const assess_plugin *d, void *state,
                const assess_record *rec, assess_result *res);

/* host_assess in its two halves, for --check-plugin, which looks at what
 * the plugin returned before the host settles it: the call (the record
 * open, the host's members protected), then the settling (a failure
 * rejected, unknown fields, out of memory). */
int host_assess_call(const assess_plugin *d, void *state,
                     const assess_record *rec, assess_result *res);
void host_assess_settle(const assess_plugin *d, const assess_record *rec,
                        assess_result *res, int rc);

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
