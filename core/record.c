/*
 * record.c - reading the record a plugin is assessing: fields by path,
 * members by index without walking a list from its start each time, and
 * which top-level fields the plugin asked for, so that the ones it never
 * did can be called unknown (see record.h).
 */
#include "record.h"
#include "lang.h"
#include "run.h"
#include "assess/scheme.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The record state of the run rec belongs to, or NULL (a record made
 * outside any run, as unit tests make them). */
static struct record_state *rstate(const assess_record *rec)
{
	return rec->run ? rec->run->record : NULL;
}

/* A record's state (struct record_state, record.h) lives in the run
 * (run.h); these are its parts.
 *
 * The cursor: the last element reached by index.  cJSON keeps members in
 * a linked list, so reaching element i costs i steps; plugins walk
 * containers in order (scores.KEY for each key, vetoes[0], vetoes[1],
 * ...), and with this the walk costs one step an element instead of
 * n*n/2 in all.  It is used only while a record is open (record_reading)
 * and forgotten when one opens or closes: a tree freed and another
 * allocated at the same address must never meet a cursor into the first.
 *
 * The fields: the top-level fields the plugin has asked for, found or
 * not, over the whole batch: a field of a record that no read ever named
 * is one the scheme does not know (a misspelling such as "vetos", or a
 * spreadsheet's extra column).  Kept only while a record is open; as many
 * as the plugin names (a scheme of many columns names hundreds). */

void record_state_init(struct record_state *st)
{
	memset(st, 0, sizeof *st);
	st->policy = RECORD_EXTRA_REJECT;
	st->last = -1;
}

static void forget_cursor(struct record_state *st)
{
	st->container = NULL;
	st->item = NULL;
}

void record_reading(struct record_state *st, int on)
{
	forget_cursor(st);
	st->epoch++;
	st->reading = on;
}

unsigned long record_epoch(const struct record_state *st)
{
	return st ? st->epoch : 0;
}

/* Element i of an array or object, or NULL. */
static const cJSON *nth(struct record_state *st, const cJSON *c, int i);

const cJSON *record_nth(struct record_state *st, const cJSON *c, int i)
{
	return nth(st, c, i);
}

static const cJSON *nth(struct record_state *st, const cJSON *c, int i)
{
	const cJSON *it;

	if (!st || !st->reading)
		return cJSON_GetArrayItem(c, i);
	if (st->container == c && st->item && st->index == i)
		return st->item;
	if (st->container == c && st->item && st->index + 1 == i)
		it = st->item->next;
	else
		it = cJSON_GetArrayItem(c, i);
	st->container = c;
	st->index = i;
	st->item = it;
	return it;
}

/* Room for one more name in *list (n used of *cap).  0, or -1 out of
 * memory (the list as it was). */
static int room(char ***list, int n, int *cap)
{
	char **v;
	int c;

	if (n < *cap)
		return 0;
	c = *cap ? 2 * *cap : 16;
	if (!(v = realloc(*list, (size_t)c * sizeof *v)))
		return -1;
	*list = v;
	*cap = c;
	return 0;
}

static int in_list(char *const *list, int n, const char *key, size_t len)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i][0] == key[0] && strncmp(list[i], key, len) == 0 &&
		    list[i][len] == '\0')
			return 1;
	return 0;
}

void record_note_field(struct record_state *st, const char *key, size_t len)
{
	char *copy;
	int i;

	/* plugins read one field's members in a row */
	if (st->last >= 0 && st->last < st->n &&
	    strncmp(st->name[st->last], key, len) == 0 &&
	    st->name[st->last][len] == '\0')
		return;
	for (i = 0; i < st->n; i++)
		if (strncmp(st->name[i], key, len) == 0 &&
		    st->name[i][len] == '\0') {
			st->last = i;
			return;
		}
	if (room(&st->name, st->n, &st->cap) < 0 ||
	    !(copy = malloc(len + 1)))
		return;
	memcpy(copy, key, len);
	copy[len] = '\0';
	st->last = st->n;
	st->name[st->n++] = copy;
}

void record_tracking(struct record_state *st, int on)
{
	st->tracking = on;
	if (on)
		st->all = 0;
}

void record_set_extra_fields(struct record_state *st, int policy)
{
	st->policy = policy;
}

void record_state_free(struct record_state *st)
{
	int i;

	for (i = 0; i < st->n; i++)
		free(st->name[i]);
	for (i = 0; i < st->nwarned; i++)
		free(st->warned[i]);
	free(st->name);
	free(st->warned);
	st->name = st->warned = NULL;
	st->n = st->nwarned = st->cap = st->wcap = 0;
	st->last = -1;
}

const cJSON *record_lookup(struct record_state *st, const cJSON *root,
                           const char *path)
{
	const cJSON *cur = root;
	const char *p = path;
	char key[256];

	if (!path)
		return NULL;
	if (st && st->tracking) {
		size_t n = strcspn(p, ".[");
		if (n == 0)
			st->all = 1;
		else
			record_note_field(st, p, n);
	}
	while (cur && *p) {
		if (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);
			if (end == p + 1 || *end != ']' || i < 0 || !cJSON_IsArray(cur))
				return NULL;
			cur = i > 0x7fffffff ? NULL : nth(st, cur, (int)i);
			p = end + 1;
		} else {
			size_t n = strcspn(p, ".[");
			if (n == 0 || n >= sizeof key || !cJSON_IsObject(cur))
				return NULL;
			memcpy(key, p, n);
			key[n] = '\0';
			cur = cJSON_GetObjectItemCaseSensitive(cur, key);
			p += n;
		}
		if (*p == '.') {
			p++;
			if (!*p || *p == '.' || *p == '[')
				return NULL;
		}
	}
	return cur;
}

const char *record_id(const assess_record *rec)
{
	return rec->id;
}

int record_value_type(const cJSON *v)
{
	if (!v)
		return ASSESS_TYPE_MISSING;
	if (cJSON_IsNull(v))
		return ASSESS_TYPE_NULL;
	if (cJSON_IsBool(v))
		return ASSESS_TYPE_BOOL;
	if (cJSON_IsNumber(v))
		return ASSESS_TYPE_NUMBER;
	if (cJSON_IsString(v))
		return ASSESS_TYPE_STRING;
	if (cJSON_IsArray(v))
		return ASSESS_TYPE_ARRAY;
	return ASSESS_TYPE_OBJECT;
}

const char *record_type_said(int type)
{
	static const char *const said[] = {
		[ASSESS_TYPE_MISSING] = N_("nothing"),
		[ASSESS_TYPE_NULL] = N_("null"),
		[ASSESS_TYPE_BOOL] = N_("a boolean"),
		[ASSESS_TYPE_NUMBER] = N_("a number"),
		[ASSESS_TYPE_STRING] = N_("a string"),
		[ASSESS_TYPE_ARRAY] = N_("an array"),
		[ASSESS_TYPE_OBJECT] = N_("an object"),
	};

	if (type < 0 || type > ASSESS_TYPE_OBJECT)
		return "?";
	return _(said[type]);
}

int record_value_number(const cJSON *v, double *out)
{
	if (!v || cJSON_IsNull(v))
		return ASSESS_ENOENT;
	if (!cJSON_IsNumber(v))
		return ASSESS_ETYPE;
	if (!isfinite(v->valuedouble))
		return ASSESS_ERANGE;
	*out = v->valuedouble;
	return ASSESS_OK;
}

int record_value_bool(const cJSON *v, int *out)
{
	if (!v || cJSON_IsNull(v))
		return ASSESS_ENOENT;
	if (!cJSON_IsBool(v))
		return ASSESS_ETYPE;
	*out = cJSON_IsTrue(v);
	return ASSESS_OK;
}

int record_value_string(const cJSON *v, const char **out)
{
	if (!v || cJSON_IsNull(v))
		return ASSESS_ENOENT;
	if (!cJSON_IsString(v))
		return ASSESS_ETYPE;
	*out = v->valuestring;
	return ASSESS_OK;
}

int record_value_count(const cJSON *v)
{
	if (!v || !(cJSON_IsArray(v) || cJSON_IsObject(v)))
		return 0;
	return cJSON_GetArraySize(v);
}

int record_type(const assess_record *rec, const char *path)
{
	return record_value_type(record_lookup(rstate(rec), rec->root, path));
}

int record_number(const assess_record *rec, const char *path, double *out)
{
	return record_value_number(record_lookup(rstate(rec), rec->root, path), out);
}

int record_bool(const assess_record *rec, const char *path, int *out)
{
	return record_value_bool(record_lookup(rstate(rec), rec->root, path), out);
}

int record_string(const assess_record *rec, const char *path,
                  const char **out)
{
	return record_value_string(record_lookup(rstate(rec), rec->root, path), out);
}

int record_count(const assess_record *rec, const char *path)
{
	return record_value_count(record_lookup(rstate(rec), rec->root, path));
}

const char *record_key(const assess_record *rec, const char *path,
                              int i)
{
	const cJSON *v = record_lookup(rstate(rec), rec->root, path);

	if (!v || !cJSON_IsObject(v) || i < 0)
		return NULL;
	v = nth(rstate(rec), v, i);
	return v ? v->string : NULL;
}

static int is_host_field(const char *key)
{
	return strcmp(key, "id") == 0 || strcmp(key, "name") == 0 ||
	       strcmp(key, "parent") == 0 || strcmp(key, "period") == 0;
}

/* Reject (or warn of, once per name) the top-level fields of rec that
 * neither the host nor the plugin ever asked for. */
const cJSON *record_next_unknown(const assess_record *rec,
                                const cJSON *after)
{
	const cJSON *c;

	const struct record_state *st = rstate(rec);

	if (!st || st->policy == RECORD_EXTRA_IGNORE || st->all || !rec->root)
		return NULL;
	for (c = after ? after->next : rec->root->child; c; c = c->next)
		if (!is_host_field(c->string) &&
		    !in_list(st->name, st->n, c->string, strlen(c->string)))
			return c;
	return NULL;
}

const char *record_nearest_field(const struct record_state *st,
                                 const char *name)
{
	return assess_nearest(name, (const char *const *)st->name,
	                      (size_t)st->n);
}

void record_known_fields(const struct record_state *st, char *buf,
                         size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < st->n && n + 3 < len; i++)
		if (!is_host_field(st->name[i]))
			n += (size_t)snprintf(buf + n, len - n, _(", %s"),
			                      st->name[i]);
}

int record_extra_policy(const struct record_state *st)
{
	return st ? st->policy : RECORD_EXTRA_REJECT;
}

int record_first_warning(struct record_state *st, const char *name)
{
	if (in_list(st->warned, st->nwarned, name, strlen(name)) ||
	    room(&st->warned, st->nwarned, &st->wcap) < 0 ||
	    !(st->warned[st->nwarned] = strdup(name)))
		return 0;
	st->nwarned++;
	return 1;
}
