/*
 * host_put.c - the put_* services of assess_host (see assess.h), by which
 * a plugin builds its results and adds to the summary, and the guard they
 * share: the members only the host writes (a result's identity and
 * errors, the summary's counts, an amended result's host members) cannot
 * be put by the plugin, and keys and strings must be UTF-8.  Apart from
 * host.c, which holds the table and the calls into the plugin.
 */
#include "host_impl.h"
#include "host_guard.h"
#include "amend.h"
#include "jsonw.h"
#include "keys.h"
#include "lang.h"
#include "mem.h"
#include "record.h"
#include "run.h"
#include "tmp.h"
#include "validate.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What is being built lives in the run (run.h): the result whose host
 * members the plugin may not replace (building), the summary whose counts
 * it may not (summary_open), the lists kept as text.  The put_* services
 * take only node tokens: they reach the run through run_active. */

void host_set_current(const assess_result *res)
{
	/* the run res belongs to, or the active one (res NULL: the call is
	 * over) */
	struct run *run = res && res->run ? res->run : run_active();

	if (!run)
		return;
	run->building = res;
	record_reading(run->record, res != NULL);
	record_tracking(run->record, res != NULL);
}

void host_guard_summary(const cJSON *summary)
{
	if (run_active())
		run_active()->summary_open = summary;
}

/* Whether member c has the key key (k: as the run holds it): a key the
 * run holds is the same pointer in every member that has it. */
static int same_key(const cJSON *c, const char *key, const struct key *k)
{
	if (!c->string)
		return 0;
	if (k->s && (c->type & cJSON_StringIsConst))
		return c->string == k->s;
	return c->string[0] == key[0] && strcmp(c->string, key) == 0;
}

/* Members of a result that only the host writes: its identity, and what
 * a rejected result carries; and the counts of the summary. */
static int is_fixed(const struct run *run, const cJSON *parent,
                    const char *key, const struct key *k)
{
	static const char *const host_only[] = { "errors", "file", "line" };
	static const char *const counts[] = { "records", "assessed",
	                                      "rejected" };
	static const char *const result_host[] = { "id", "name", "parent",
	                                           "period", "status" };
	const assess_result *current = run ? run->building : NULL;
	const cJSON *c;
	size_t i;

	if (!run)
		return 0;
	if (parent == run->amend_open) {
		for (i = 0; i < sizeof result_host / sizeof *result_host; i++)
			if (strcmp(result_host[i], key) == 0)
				return 1;
		for (i = 0; i < sizeof host_only / sizeof *host_only; i++)
			if (strcmp(host_only[i], key) == 0)
				return 1;
		return 0;
	}
	if (run->summary_open && parent == run->summary_open) {
		for (i = 0; i < sizeof counts / sizeof *counts; i++)
			if (strcmp(counts[i], key) == 0)
				return 1;
		return 0;
	}
	if (!current || parent != current->root)
		return 0;
	for (c = parent->child, i = 0; c && i < (size_t)current->nfixed;
	     c = c->next, i++)
		if (same_key(c, key, k))
			return 1;
	for (i = 0; i < sizeof host_only / sizeof *host_only; i++)
		if (host_only[i][0] == key[0] && strcmp(host_only[i], key) == 0)
			return 1;
	return 0;
}

/* The length of s when it is UTF-8 (as utf8_invalid_at holds it), else
 * -1: one pass over the ASCII values most puts carry, where strlen, the
 * check and the copy's strlen were three. */
static long utf8_len(const char *s)
{
	const char *p = s;
	size_t rest;

	while ((unsigned char)*p - 1u < 0x7Fu) /* 1..0x7F: ASCII, not NUL */
		p++;
	if (!*p)
		return (long)(p - s);
	rest = strlen(p);
	return utf8_invalid_at(p, rest) < 0 ? (long)(p - s + rest) : -1;
}

/* A copy of the n bytes of s and a NUL, by cJSON's allocator (the node
 * that holds it frees it), or NULL. */
static char *copy_n(const char *s, size_t n)
{
	char *c = cJSON_malloc(n + 1);

	if (c)
		memcpy(c, s, n + 1);
	return c;
}

/* A string node of the n bytes at s, as cJSON_CreateString makes it
 * without measuring s again; NULL out of memory. */
static cJSON *string_node(const char *s, size_t n)
{
	cJSON *item = cJSON_CreateNull();

	if (!item)
		return NULL;
	if (!(item->valuestring = copy_n(s, n))) {
		cJSON_Delete(item);
		return NULL;
	}
	item->type = cJSON_String;
	return item;
}

/* The member key of object o (k: as the run holds it), or NULL.  An
 * object that tracks its keys (keys.h) answers first for most keys: a
 * result is built a member at a time, each put looking for a namesake
 * among those before it. */
static cJSON *member(const cJSON *o, const char *key, const struct key *k)
{
	cJSON *c;

	if (!keys_may_hold(o, k))
		return NULL;
	for (c = o->child; c; c = c->next)
		if (same_key(c, key, k))
			return c;
	return NULL;
}

/* Lists written once (put_list) on the summary, each kept as its text: a
 * Raw member whose text is set when finish returns.  Only the element
 * being filled is a tree.  With HOST_LISTS_SPOOLED the text goes on to a
 * temporary file as it grows (SB9's pairs at a million records: 19 MB
 * held to the end of finish otherwise), the Raw member's text left NULL
 * and the file copied out by the writer (host_list_spool). */
struct host_list {
	cJSON *node;           /* the Raw member of the summary */
	struct jsonw_buf text; /* '[' and the final elements not in spool */
	cJSON *open;           /* the element being filled, or NULL */
	size_t n;              /* elements appended */
	FILE *spool;           /* the text before text's, or NULL */
	int failed;            /* an element could not be written */
	int spool_errno;       /* why the spool could not be written, or 0 */
};

/* A list's text past this many bytes goes to its spool. */
#define LIST_HELD 65536

void host_lists_as_text(int on)
{
	if (run_active())
		run_active()->lists_as_text = on;
}

/* Move l's text to its spool (made at the first move).  When the spool
 * cannot be made or written, the text stays held and the reason is kept
 * for host_lists_close: a list is never cut short quietly. */
static void list_spill(struct host_list *l)
{
	if (l->spool_errno)
		return;
	errno = 0;
	if ((!l->spool && !(l->spool = tmp_file())) ||
	    fwrite(l->text.data, 1, l->text.len, l->spool) != l->text.len) {
		l->spool_errno = errno ? errno : EIO;
		return;
	}
	l->text.len = 0;
}

static struct host_list *list_of(const cJSON *n)
{
	struct run *run = run_active();
	size_t i;

	for (i = 0; run && n && cJSON_IsRaw(n) && i < run->nlists; i++)
		if (run->lists[i].node == n)
			return &run->lists[i];
	return NULL;
}

/* Append item's text to l (a comma first, but for the first) and free
 * item. */
static void list_append(struct host_list *l, cJSON *item)
{
	struct run *run = run_active();

	if (l->n++)
		jsonw_append_char(&l->text, ',');
	if (jsonw_append(&l->text, item) < 0)
		l->failed = 1;
	cJSON_Delete(item);
	if (l->text.len >= LIST_HELD && run &&
	    run->lists_as_text == HOST_LISTS_SPOOLED)
		list_spill(l);
}

/* Put item into list l: the element before it is final now, and the
 * plugin's handles to it dead. */
static int list_put(struct host_list *l, const char *key, cJSON *item,
                    const char *call)
{
	if (key) {
		cJSON_Delete(item);
		return host_guard_refuse(call, _("a key on a list (an element "
		                         "is put with key NULL)"));
	}
	if (l->open) {
		host_guard_drop(l->open);
		list_append(l, l->open);
	}
	l->open = NULL;
	if (cJSON_IsObject(item) || cJSON_IsArray(item))
		l->open = item; /* filled by the plugin until the next put */
	else
		list_append(l, item);
	return l->failed || l->text.failed ? ASSESS_ENOMEM : ASSESS_OK;
}

/* A list's node is being replaced by another member: forget the list. */
static void list_forget(const cJSON *n)
{
	struct host_list *l = list_of(n);

	if (!l)
		return;
	host_guard_drop(l->open);
	cJSON_Delete(l->open);
	jsonw_buf_free(&l->text);
	if (l->spool)
		fclose(l->spool);
	*l = run_active()->lists[--run_active()->nlists];
}

/* The end of l: its last element final, its text whole, in memory or
 * in its spool (then at its end, the Raw member's text NULL).
 * ASSESS_OK; ASSESS_ENOMEM, l's text freed; ASSESS_EPLUGIN when the
 * spool failed (host_lists_failed says why). */
static int list_close(struct host_list *l)
{
	if (l->open)
		list_append(l, l->open);
	l->open = NULL;
	jsonw_append_char(&l->text, ']');
	errno = 0;
	if (l->spool && !l->spool_errno && !l->text.failed &&
	    (fwrite(l->text.data, 1, l->text.len, l->spool) != l->text.len ||
	     fflush(l->spool) != 0))
		l->spool_errno = errno ? errno : EIO;
	if (l->spool_errno) {
		jsonw_buf_free(&l->text);
		return ASSESS_EPLUGIN;
	}
	if (l->spool) {
		jsonw_buf_free(&l->text);
		cJSON_free(l->node->valuestring);
		l->node->valuestring = NULL; /* a writer that cannot copy the
		                                spool fails, never writes "[]" */
		return l->failed ? ASSESS_ENOMEM : ASSESS_OK;
	}
	jsonw_append_char(&l->text, '\0');
	if (l->failed || l->text.failed) {
		jsonw_buf_free(&l->text);
		return ASSESS_ENOMEM;
	}
	cJSON_free(l->node->valuestring);
	l->node->valuestring = l->text.data; /* cJSON frees it */
	memset(&l->text, 0, sizeof l->text);
	return ASSESS_OK;
}

int host_lists_close(void)
{
	struct run *run = run_active();
	int rc = ASSESS_OK, lc;
	size_t i, kept = 0;

	if (!run)
		return ASSESS_OK;
	for (i = 0; i < run->nlists; i++) {
		struct host_list *l = &run->lists[i];
		if ((lc = list_close(l)) != ASSESS_OK && rc != ASSESS_EPLUGIN)
			rc = lc;
		if (l->spool_errno)
			run->lists_errno = l->spool_errno;
		if (l->spool && !l->spool_errno)
			run->lists[kept++] = *l; /* kept for the writer */
		else if (l->spool)
			fclose(l->spool);
	}
	run->nlists = kept;
	if (!kept) {
		free(run->lists);
		run->lists = NULL;
	}
	return rc;
}

int host_lists_failed(void)
{
	return run_active() ? run_active()->lists_errno : 0;
}

FILE *host_list_spool(const cJSON *node)
{
	struct run *run = run_active();
	size_t i;

	for (i = 0; run && node && cJSON_IsRaw(node) && i < run->nlists; i++)
		if (run->lists[i].node == node && run->lists[i].spool)
			return run->lists[i].spool;
	return NULL;
}

void host_lists_free(void)
{
	struct run *run = run_active();
	size_t i;

	if (!run)
		return;
	for (i = 0; i < run->nlists; i++) {
		struct host_list *l = &run->lists[i];
		host_guard_drop(l->open);
		cJSON_Delete(l->open);
		jsonw_buf_free(&l->text);
		if (l->spool)
			fclose(l->spool);
	}
	free(run->lists);
	run->lists = NULL;
	run->nlists = 0;
}

/* Attach item under the node behind token n (see the put_* contract),
 * or say why call was refused; frees item on failure. */
static int put(assess_node *n, const char *key, cJSON *item,
               const char *call)
{
	struct run *run = run_active();
	struct key k = { NULL, -1, -1 };
	cJSON *parent, *old;
	char why[96];
	int type;

	if (!item)
		return ASSESS_ENOMEM;
	if (!(parent = host_guard_node(n, call))) {
		cJSON_Delete(item);
		return ASSESS_EINVAL;
	}
	/* the parent's type read here, as cJSON_Is* read it: those were
	 * calls into the library, three for every member put */
	type = parent->type & 0xFF;
	if (type == cJSON_Raw && list_of(parent))
		return list_put(list_of(parent), key, item, call);
	if (type == cJSON_Array) {
		if (key) {
			cJSON_Delete(item);
			return host_guard_refuse(call, _("a key on an array (an "
			                         "element is put with key NULL)"));
		}
		cJSON_AddItemToArray(parent, item);
		return ASSESS_OK;
	}
	if (key)
		k = run ? keys_intern(&run->keys, key)
		        : (struct key){ NULL, utf8_len(key), -1 };
	if (type != cJSON_Object || k.len < 0 || is_fixed(run, parent, key, &k)) {
		if (type != cJSON_Object)
			snprintf(why, sizeof why, "%s", _("a node that holds no "
			         "members"));
		else if (!key)
			snprintf(why, sizeof why, "%s", _("no key on an object"));
		else if (k.len < 0)
			snprintf(why, sizeof why, "%s", _("a key that is not UTF-8"));
		else
			snprintf(why, sizeof why, _("\"%.40s\" is a member only "
			         "the host writes"), key);
		cJSON_Delete(item);
		return host_guard_refuse(call, why);
	}
	old = member(parent, key, &k);
	if (old) {
		if (old->child || cJSON_IsRaw(old))
			host_guard_drop(old); /* the plugin's handles too */
		list_forget(old);
		item->string = old->string;
		item->type |= old->type & cJSON_StringIsConst;
		old->string = NULL;
		cJSON_ReplaceItemViaPointer(parent, old, item);
		return ASSESS_OK;
	}
	/* cJSON_AddItemToObject, the key the run's (never freed by the
	 * tree), or a copy of it when the run holds it not */
	if (k.s) {
		item->string = (char *)k.s;
		item->type |= cJSON_StringIsConst;
	} else if (!(item->string = copy_n(key, (size_t)k.len))) {
		cJSON_Delete(item);
		return ASSESS_ENOMEM;
	}
	keys_mark(parent, &k);
	cJSON_AddItemToArray(parent, item);
	return ASSESS_OK;
}

int host_put_number(assess_node *n, const char *key, double v)
{
	if (!isfinite(v)) {
		host_guard_refuse("put_number", _("a number that is not finite "
		                  "(NaN or infinity; JSON has none)"));
		return ASSESS_ERANGE;
	}
	return put(n, key, cJSON_CreateNumber(v == 0 ? 0 : v), "put_number");
}

int host_put_int(assess_node *n, const char *key, long long v)
{
	return put(n, key, cJSON_CreateNumber((double)v), "put_int");
}

int host_put_bool(assess_node *n, const char *key, int v)
{
	return put(n, key, cJSON_CreateBool(v != 0), "put_bool");
}

int host_put_string(assess_node *n, const char *key, const char *s)
{
	long len;

	if (!s)
		return host_guard_refuse("put_string", _("a NULL string"));
	if ((len = utf8_len(s)) < 0)
		return host_guard_refuse("put_string", _("text that is not "
		                         "UTF-8"));
	return put(n, key, string_node(s, (size_t)len), "put_string");
}

int host_put_null(assess_node *n, const char *key)
{
	return put(n, key, cJSON_CreateNull(), "put_null");
}

/* The new container as a token, a child of n's. */
static assess_node *put_container(assess_node *n, const char *key,
                                  cJSON *item, const char *call)
{
	if (put(n, key, item, call) != ASSESS_OK)
		return NULL;
	if (cJSON_IsObject(item))
		keys_track(item); /* new and empty: its keys all put here */
	return host_guard_give(item, n);
}

assess_node *host_put_object(assess_node *n, const char *key)
{
	return put_container(n, key, cJSON_CreateObject(), "put_object");
}

assess_node *host_put_array(assess_node *n, const char *key)
{
	return put_container(n, key, cJSON_CreateArray(), "put_array");
}

assess_node *host_put_list(assess_node *n, const char *key)
{
	struct run *run = run_active();
	struct host_list *l;
	cJSON *raw;

	if (!run || !run->lists_as_text || !run->summary_open ||
	    host_guard_node(n, "put_list") != run->summary_open)
		return put_container(n, key, cJSON_CreateArray(), "put_list");
	if (!(l = realloc(run->lists, (run->nlists + 1) * sizeof *l))) {
		mem_fail(); /* a list cannot go missing quietly */
		return NULL;
	}
	run->lists = l;
	raw = cJSON_CreateRaw("[]");
	if (put(n, key, raw, "put_list") != ASSESS_OK)
		return NULL;
	l = &run->lists[run->nlists++];
	memset(l, 0, sizeof *l);
	l->node = raw;
	jsonw_append_char(&l->text, '[');
	return host_guard_give(raw, n);
}
