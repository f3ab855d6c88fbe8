/*
 * mock_host.h - a stand-in for the assess host, so scheme plugins and the
 * SDK can be unit-tested without the assess binary or core/: the whole
 * assess_host table over an INI given as text, records given as JSON text
 * and results kept as cJSON trees a test can look into.  Config errors
 * and rejections are kept with their messages, worded as the host words
 * them, instead of being printed.
 */
#ifndef MOCK_HOST_H
#define MOCK_HOST_H

#include <cjson/cJSON.h>

#include "assess/assess.h"

/* The services, every one of them filled in. */
extern const assess_host mock_host;

/* A config from INI text ("[scheme]\ntotal = 100\n"); section and key
 * names are folded to lower case, ';' and '#' start comment lines.
 * NULL when out of memory or a line is neither a section, a key = value
 * nor a comment.  Free with mock_config_free (NULL is fine). */
assess_config *mock_config_new(const char *ini);
/* mock_config_new over the text of the file at path (a shipped INI). */
assess_config *mock_config_load(const char *path);
void mock_config_free(assess_config *cfg);
/* The last config error reported, "[section] key: message" as the host
 * words it after the file name, or NULL when none (borrowed until the
 * next error or the free). */
const char *mock_config_error(const assess_config *cfg);
/* "section:key" of the first key of the INI no config_* service ever
 * looked up (the host rejects those), or NULL when every key was asked. */
const char *mock_config_unasked(const assess_config *cfg);

/* A record from JSON text (an object with an "id"); NULL when it is not.
 * Free with mock_record_free. */
assess_record *mock_record_new(const char *json);
void mock_record_free(assess_record *rec);

/* An empty result for rec, holding its id as the host would. */
assess_result *mock_result_new(const assess_record *rec);
void mock_result_free(assess_result *res);
/* The result object the plugin built (borrowed until the free). */
cJSON *mock_result_json(const assess_result *res);
/* How many rejections, and rejection i as "path: message" (or just the
 * message when the path was NULL); NULL when out of range. */
int mock_result_errors(const assess_result *res);
const char *mock_result_error(const assess_result *res, int i);

/* An object node for summaries and describe, and its tree. */
assess_node *mock_node_new(void);
cJSON *mock_node_json(assess_node *n);
void mock_node_free(assess_node *n);

/* The value at a dotted path of a JSON tree ("next_star.focus[0].key"),
 * or NULL; for assertions. */
const cJSON *mock_get(const cJSON *root, const char *path);

/* A batch through a plugin, as the host runs one: create over an INI
 * file, assess records one by one, finish, destroy. */
typedef struct mock_run {
	const assess_plugin *p;
	assess_config *cfg;
	void *state;
	assess_result *res; /* the last record's result */
	int last_rc;        /* what assess returned for it */
	cJSON *summary;     /* after mock_run_finish */
} mock_run;

/* Create plugin p over the INI file at path: ASSESS_OK, create's code, or
 * ASSESS_ENOENT when the file cannot be read (nothing to stop then). */
int mock_run_start(mock_run *r, const assess_plugin *p, const char *path);
/* Assess the record in JSON text: the plugin's code, also in last_rc;
 * ASSESS_EINVAL when the text is no object with an id. */
int mock_run_feed(mock_run *r, const char *json);
/* The member at path of the last result, or NULL. */
const cJSON *mock_run_got(const mock_run *r, const char *path);
/* The plugin's finish into r->summary: its code. */
int mock_run_finish(mock_run *r);
/* Destroy the plugin and free all the run holds. */
void mock_run_stop(mock_run *r);

#endif
