/*
 * host_put.c - the put_* services of assess_host (see assess.h), by which
 * a plugin builds its results and adds to the summary, and the guard they
 * share: the members only the host writes (a result's identity and
 * errors, the summary's counts, an amended result's host members) cannot
 * be put by the plugin, and keys and strings must be UTF-8.  Apart from
 * host.c, which holds the table and the calls into the plugin.
 */
#include "host_impl.h"
#include "amend.h"
#include "record.h"
#include "validate.h"

#include <math.h>
#include <string.h>

/* Which result roots are being built, so that the host's own members of a
 * result cannot be replaced by the plugin. */
static const assess_result *current;

void host_set_current(const assess_result *res)
{
	current = res;
	record_reading(res != NULL);
	record_tracking(res != NULL);
}

/* The summary the plugin's finish step is adding to, whose counts only
 * the host writes; NULL outside finish. */
static const cJSON *summary_open;

void host_guard_summary(const cJSON *summary)
{
	summary_open = summary;
}

/* Members of a result that only the host writes: its identity, and what
 * a rejected result carries; and the counts of the summary. */
static int is_fixed(const cJSON *parent, const char *key)
{
	static const char *const host_only[] = { "errors", "file", "line" };
	static const char *const counts[] = { "records", "assessed",
	                                      "rejected" };
	static const char *const result_host[] = { "id", "name", "parent",
	                                           "period", "status" };
	const cJSON *c;
	size_t i;

	if (amend_is_node(parent)) {
		for (i = 0; i < sizeof result_host / sizeof *result_host; i++)
			if (strcmp(result_host[i], key) == 0)
				return 1;
		for (i = 0; i < sizeof host_only / sizeof *host_only; i++)
			if (strcmp(host_only[i], key) == 0)
				return 1;
		return 0;
	}
	if (summary_open && parent == summary_open) {
		for (i = 0; i < sizeof counts / sizeof *counts; i++)
			if (strcmp(counts[i], key) == 0)
				return 1;
		return 0;
	}
	if (!current || parent != current->root)
		return 0;
	for (c = parent->child, i = 0; c && i < (size_t)current->nfixed;
	     c = c->next, i++)
		if (c->string[0] == key[0] && strcmp(c->string, key) == 0)
			return 1;
	for (i = 0; i < sizeof host_only / sizeof *host_only; i++)
		if (host_only[i][0] == key[0] && strcmp(host_only[i], key) == 0)
			return 1;
	return 0;
}

static int is_utf8(const char *s)
{
	return utf8_invalid_at(s, strlen(s)) < 0;
}

/* The member key of object o, or NULL: cJSON's lookup, with the first
 * bytes compared before strcmp (results are built a member at a time,
 * each put looking for a namesake among those before it). */
static cJSON *member(const cJSON *o, const char *key)
{
	cJSON *c;

	for (c = o->child; c; c = c->next)
		if (c->string && c->string[0] == key[0] &&
		    strcmp(c->string, key) == 0)
			return c;
	return NULL;
}

/* Attach item under parent (see the put_* contract); frees it on failure. */
static int put(assess_node *n, const char *key, cJSON *item)
{
	cJSON *parent = (cJSON *)n, *old;

	if (!item)
		return ASSESS_ENOMEM;
	if (!parent)
		goto misuse;
	if (cJSON_IsArray(parent)) {
		if (key)
			goto misuse;
		cJSON_AddItemToArray(parent, item);
		return ASSESS_OK;
	}
	if (!cJSON_IsObject(parent) || !key || !is_utf8(key) ||
	    is_fixed(parent, key))
		goto misuse;
	old = member(parent, key);
	if (old) {
		item->string = old->string;
		old->string = NULL;
		cJSON_ReplaceItemViaPointer(parent, old, item);
		return ASSESS_OK;
	}
	if (!cJSON_AddItemToObject(parent, key, item)) {
		cJSON_Delete(item);
		return ASSESS_ENOMEM;
	}
	return ASSESS_OK;
misuse:
	cJSON_Delete(item);
	return ASSESS_EINVAL;
}

int host_put_number(assess_node *n, const char *key, double v)
{
	if (!isfinite(v))
		return ASSESS_ERANGE;
	return put(n, key, cJSON_CreateNumber(v == 0 ? 0 : v));
}

int host_put_int(assess_node *n, const char *key, long long v)
{
	return put(n, key, cJSON_CreateNumber((double)v));
}

int host_put_bool(assess_node *n, const char *key, int v)
{
	return put(n, key, cJSON_CreateBool(v != 0));
}

int host_put_string(assess_node *n, const char *key, const char *s)
{
	if (!s || !is_utf8(s))
		return ASSESS_EINVAL;
	return put(n, key, cJSON_CreateString(s));
}

int host_put_null(assess_node *n, const char *key)
{
	return put(n, key, cJSON_CreateNull());
}

static assess_node *put_container(assess_node *n, const char *key,
                                  cJSON *item)
{
	return put(n, key, item) == ASSESS_OK ? (assess_node *)item : NULL;
}

assess_node *host_put_object(assess_node *n, const char *key)
{
	return put_container(n, key, cJSON_CreateObject());
}

assess_node *host_put_array(assess_node *n, const char *key)
{
	return put_container(n, key, cJSON_CreateArray());
}
