/*
 * record.c - reading the record a plugin is assessing: fields by path,
 * members by index without walking a list from its start each time, and
 * which top-level fields the plugin asked for, so that the ones it never
 * did can be called unknown (see record.h).
 */
#include "record.h"
#include "lang.h"
#include "assess/scheme.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last element reached by index.  cJSON keeps members in a linked
 * list, so reaching element i costs i steps; plugins walk containers in
 * order (scores.KEY for each key, vetoes[0], vetoes[1], ...), and with this
 * the walk costs one step an element instead of n*n/2 in all.  It is used
 * only while a record is open (record_reading) and forgotten when one opens
 * or closes: a tree freed and another allocated at the same address must
 * never meet a cursor into the first. */
static struct {
	int on;
	unsigned long epoch; /* how many times a record opened or closed */
	const cJSON *container;
	int index;
	const cJSON *item;
} cursor;

static void forget_cursor(void)
{
	cursor.container = NULL;
	cursor.item = NULL;
}

void record_reading(int on)
{
	forget_cursor();
	cursor.epoch++;
	cursor.on = on;
}

unsigned long record_epoch(void)
{
	return cursor.epoch;
}

/* Element i of an array or object, or NULL. */
static const cJSON *nth(const cJSON *c, int i);

const cJSON *record_nth(const cJSON *c, int i)
{
	return nth(c, i);
}

static const cJSON *nth(const cJSON *c, int i)
{
	const cJSON *it;

	if (!cursor.on)
		return cJSON_GetArrayItem(c, i);
	if (cursor.container == c && cursor.item && cursor.index == i)
		return cursor.item;
	if (cursor.container == c && cursor.item && cursor.index + 1 == i)
		it = cursor.item->next;
	else
		it = cJSON_GetArrayItem(c, i);
	cursor.container = c;
	cursor.index = i;
	cursor.item = it;
	return it;
}

/* The top-level fields the plugin has asked for, found or not, over the
 * whole batch: a field of a record that no read ever named is one the
 * scheme does not know (a misspelling such as "vetos", or a spreadsheet's
 * extra column).  Kept only while a record is open; as many as the
 * plugin names (a scheme of many columns names hundreds). */
static struct {
	char **name;
	int n, cap;
	int on;        /* a record of the batch is open: note what is read */
	int all;       /* the plugin walked the record's top level itself */
	int policy;    /* RECORD_EXTRA_* */
	char **warned; /* fields already warned of */
	int nwarned, wcap;
} fields = { .policy = RECORD_EXTRA_REJECT };

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
		if (strncmp(list[i], key, len) == 0 && list[i][len] == '\0')
			return 1;
	return 0;
}

static void note_field(const char *key, size_t len)
{
	static int last = -1; /* plugins read one field's members in a row */
	char *copy;
	int i;

	if (last >= 0 && last < fields.n &&
	    strncmp(fields.name[last], key, len) == 0 &&
	    fields.name[last][len] == '\0')
		return;
	for (i = 0; i < fields.n; i++)
		if (strncmp(fields.name[i], key, len) == 0 &&
		    fields.name[i][len] == '\0') {
			last = i;
			return;
		}
	if (room(&fields.name, fields.n, &fields.cap) < 0 ||
	    !(copy = malloc(len + 1)))
		return;
	memcpy(copy, key, len);
	copy[len] = '\0';
	last = fields.n;
	fields.name[fields.n++] = copy;
}

void record_note_field(const char *key, size_t len)
{
	note_field(key, len);
}

void record_tracking(int on)
{
	fields.on = on;
	if (on)
		fields.all = 0;
}

void record_set_extra_fields(int policy)
{
	fields.policy = policy;
}

void record_forget_fields(void)
{
	int i;

	for (i = 0; i < fields.n; i++)
		free(fields.name[i]);
	for (i = 0; i < fields.nwarned; i++)
		free(fields.warned[i]);
	free(fields.name);
	free(fields.warned);
	fields.name = fields.warned = NULL;
	fields.n = fields.nwarned = fields.cap = fields.wcap = 0;
}

const cJSON *record_lookup(const cJSON *root, const char *path)
{
	const cJSON *cur = root;
	const char *p = path;
	char key[256];

	if (!path)
		return NULL;
	if (fields.on) {
		size_t n = strcspn(p, ".[");
		if (n == 0)
			fields.all = 1;
		else
			note_field(p, n);
	}
	while (cur && *p) {
		if (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);
			if (end == p + 1 || *end != ']' || i < 0 || !cJSON_IsArray(cur))
				return NULL;
			cur = i > 0x7fffffff ? NULL : nth(cur, (int)i);
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
	return record_value_type(record_lookup(rec->root, path));
}

int record_number(const assess_record *rec, const char *path, double *out)
{
	return record_value_number(record_lookup(rec->root, path), out);
}

int record_bool(const assess_record *rec, const char *path, int *out)
{
	return record_value_bool(record_lookup(rec->root, path), out);
}

int record_string(const assess_record *rec, const char *path,
                  const char **out)
{
	return record_value_string(record_lookup(rec->root, path), out);
}

int record_count(const assess_record *rec, const char *path)
{
	return record_value_count(record_lookup(rec->root, path));
}

const char *record_key(const assess_record *rec, const char *path,
                              int i)
{
	const cJSON *v = record_lookup(rec->root, path);

	if (!v || !cJSON_IsObject(v) || i < 0)
		return NULL;
	v = nth(v, i);
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

	if (fields.policy == RECORD_EXTRA_IGNORE || fields.all || !rec->root)
		return NULL;
	for (c = after ? after->next : rec->root->child; c; c = c->next)
		if (!is_host_field(c->string) &&
		    !in_list(fields.name, fields.n, c->string, strlen(c->string)))
			return c;
	return NULL;
}

const char *record_nearest_field(const char *name)
{
	return assess_nearest(name, (const char *const *)fields.name,
	                      (size_t)fields.n);
}

void record_known_fields(char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < fields.n && n + 3 < len; i++)
		if (!is_host_field(fields.name[i]))
			n += (size_t)snprintf(buf + n, len - n, _(", %s"),
			                      fields.name[i]);
}

int record_extra_policy(void)
{
	return fields.policy;
}

int record_first_warning(const char *name)
{
	if (in_list(fields.warned, fields.nwarned, name, strlen(name)) ||
	    room(&fields.warned, fields.nwarned, &fields.wcap) < 0 ||
	    !(fields.warned[fields.nwarned] = strdup(name)))
		return 0;
	fields.nwarned++;
	return 1;
}
