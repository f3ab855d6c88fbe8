/*
 * slots.c - declared fields (ABI 1.2, see slots.h): the declarations as a
 * small tree of keys, so that one walk of a record's objects finds every
 * declared field; reads by slot are then an array index.  Values and
 * their iterators read the record's cJSON nodes directly.
 */
#include "slots.h"
#include "record.h"
#include "run.h"
#include "lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS_MAX 1024
#define PATH_MAX_LEN 1024

/* One key of a declared path; the declared paths share their prefixes. */
struct slots_node {
	char *key;
	int first, next; /* first child, next sibling; -1 for none */
	int slot;        /* the declaration ending here, or -1 */
};

struct slots_decl {
	char *path;
	int type, flags, node;
};

/* The declarations of the active run (declare, describe and the checks
 * before a record carry no handle), or NULL outside any run. */
static struct slots *active(void)
{
	struct run *run = run_active();

	return run ? run->slots : NULL;
}

/* The declarations of the run rec belongs to, or NULL. */
static struct slots *of(const assess_record *rec)
{
	return rec && rec->run ? rec->run->slots : NULL;
}

void slots_init(struct slots *S)
{
	memset(S, 0, sizeof *S);
	S->top = -1;
}

void slots_creating(int on)
{
	struct slots *S = active();

	if (S)
		S->creating = on;
}

int slots_count(void)
{
	const struct slots *S = active();

	return S ? S->ndecl : 0;
}

int slots_declares(const char *key, size_t len)
{
	const struct slots *S = active();
	int i;

	for (i = S ? S->top : -1; i >= 0; i = S->node[i].next)
		if (strncmp(S->node[i].key, key, len) == 0 && !S->node[i].key[len])
			return 1;
	return 0;
}

void slots_free(struct slots *S)
{
	int i;

	for (i = 0; i < S->nnode; i++)
		free(S->node[i].key);
	for (i = 0; i < S->ndecl; i++)
		free(S->decl[i].path);
	free(S->node);
	free(S->decl);
	free(S->val);
	slots_init(S);
}

/* The child of parent (-1: top level) called key[0..len), made when
 * absent; -1 out of memory. */
static int child(struct slots *S, int parent, const char *key, size_t len)
{
	int i, *link;
	struct slots_node *nv;
	const cJSON **vv;

	for (i = parent < 0 ? S->top : S->node[parent].first; i >= 0;
	     i = S->node[i].next)
		if (strncmp(S->node[i].key, key, len) == 0 && !S->node[i].key[len])
			return i;
	nv = realloc(S->node, (size_t)(S->nnode + 1) * sizeof *nv);
	if (!nv)
		return -1;
	S->node = nv;
	vv = realloc(S->val, (size_t)(S->nnode + 1) * sizeof *vv);
	if (!vv)
		return -1;
	S->val = vv;
	if (!(nv[S->nnode].key = strndup(key, len)))
		return -1;
	nv[S->nnode].first = -1;
	nv[S->nnode].slot = -1;
	nv[S->nnode].next = -1;
	/* appended (the array has moved: links found anew), so that
	 * siblings keep declaration order */
	link = parent < 0 ? &S->top : &S->node[parent].first;
	while (*link >= 0)
		link = &S->node[*link].next;
	*link = S->nnode;
	S->valid = 0;
	return S->nnode++;
}

/* A path of keys joined by single dots, none empty, no '[' or ']'. */
static int good_path(const char *path)
{
	size_t n;

	if (!path || !*path || (n = strlen(path)) >= PATH_MAX_LEN ||
	    path[0] == '.' || path[n - 1] == '.' || strstr(path, "..") ||
	    strpbrk(path, "[]"))
		return 0;
	return 1;
}

int slots_declare(const char *path, int type, int flags)
{
	struct slots *S = active();
	const char *p;
	struct slots_decl *dv;
	int node = -1;
	size_t len;

	if (!S || !S->creating || !good_path(path) || type < ASSESS_TYPE_BOOL ||
	    type > ASSESS_TYPE_ANY ||
	    (flags != ASSESS_FIELD_OPTIONAL && flags != ASSESS_FIELD_REQUIRED))
		return ASSESS_EINVAL;
	for (p = path; *p; p += len + (p[len] == '.')) {
		len = strcspn(p, ".");
		/* counts as asked for (declare carries no handle) */
		if (node < 0 && run_active())
			record_note_field(run_active()->record, p, len);
		if ((node = child(S, node, p, len)) < 0)
			return ASSESS_ENOMEM;
	}
	if (S->node[node].slot >= 0) {
		dv = &S->decl[S->node[node].slot];
		/* two types for one field: a plugin's mistake, said at once */
		if (type != ASSESS_TYPE_ANY && dv->type != ASSESS_TYPE_ANY &&
		    type != dv->type)
			return ASSESS_EINVAL;
		if (flags == ASSESS_FIELD_REQUIRED)
			dv->flags = flags;
		if (dv->type == ASSESS_TYPE_ANY)
			dv->type = type;
		S->strict |= dv->type != ASSESS_TYPE_ANY ||
		            dv->flags == ASSESS_FIELD_REQUIRED;
		return S->node[node].slot;
	}
	if (S->ndecl == SLOTS_MAX)
		return ASSESS_ERANGE;
	if (!(dv = realloc(S->decl, (size_t)(S->ndecl + 1) * sizeof *dv)))
		return ASSESS_ENOMEM;
	S->decl = dv;
	if (!(dv[S->ndecl].path = strdup(path)))
		return ASSESS_ENOMEM;
	dv[S->ndecl].type = type;
	dv[S->ndecl].flags = flags;
	S->strict |= type != ASSESS_TYPE_ANY || flags == ASSESS_FIELD_REQUIRED;
	dv[S->ndecl].node = node;
	S->node[node].slot = S->ndecl;
	return S->ndecl++;
}

/* Match the members of obj against the nodes from first on (siblings),
 * and go down into each declared object found. */
static void walk(struct slots *S, int first, const cJSON *obj)
{
	const cJSON *m;
	int c;

	for (m = obj->child; m; m = m->next) {
		if (!m->string)
			continue;
		for (c = first; c >= 0; c = S->node[c].next) {
			if (S->val[c] || S->node[c].key[0] != m->string[0] ||
			    strcmp(S->node[c].key, m->string) != 0)
				continue;
			S->val[c] = m;
			if (S->node[c].first >= 0 && cJSON_IsObject(m))
				walk(S, S->node[c].first, m);
			break;
		}
	}
}

/* The values of rec's declared fields, found once per record. */
static void resolve(struct slots *S, const assess_record *rec)
{
	if (S->valid && S->rec == rec && S->root == rec->root &&
	    S->epoch == record_epoch(rec->run ? rec->run->record : NULL))
		return;
	if (S->nnode)
		memset(S->val, 0, (size_t)S->nnode * sizeof *S->val);
	if (S->top >= 0 && cJSON_IsObject(rec->root))
		walk(S, S->top, rec->root);
	S->rec = rec;
	S->root = rec->root;
	S->epoch = record_epoch(rec->run ? rec->run->record : NULL);
	S->valid = 1;
}

static int type_of(const cJSON *v)
{
	return record_value_type(v);
}

static const char *const type_name[] = {
	[ASSESS_TYPE_BOOL] = "boolean", [ASSESS_TYPE_NUMBER] = "number",
	[ASSESS_TYPE_STRING] = "string", [ASSESS_TYPE_ARRAY] = "array",
	[ASSESS_TYPE_OBJECT] = "object", [ASSESS_TYPE_ANY] = "any",
};


int slots_check(const assess_record *rec,
                void (*bad)(void *arg, const char *path, const char *msg),
                void *arg)
{
	struct slots *S = of(rec);
	char msg[128];
	int i, rc = ASSESS_OK;

	if (!S || !S->ndecl)
		return ASSESS_OK;
	S->valid = 0;
	resolve(S, rec);
	/* the schemes of the SDK declare all optional and untyped: nothing
	 * here can reject, and nothing is looked at per record */
	for (i = 0; S->strict && i < S->ndecl; i++) {
		const struct slots_decl *d = &S->decl[i];
		const cJSON *v = S->val[d->node];
		int t = type_of(v);

		if (t <= ASSESS_TYPE_NULL) {
			if (d->flags == ASSESS_FIELD_REQUIRED) {
				bad(arg, d->path, _("missing"));
				rc = ASSESS_EREJECT;
			}
		} else if (d->type != ASSESS_TYPE_ANY && t != d->type) {
			snprintf(msg, sizeof msg, _("must be %s, not %s"),
			         record_type_said(d->type), record_type_said(t));
			bad(arg, d->path, msg);
			rc = ASSESS_EREJECT;
		}
	}
	return rc;
}

int slots_describe(cJSON *doc)
{
	const struct slots *S = active();
	cJSON *arr, *o;
	int i;

	if (!S || !S->ndecl)
		return 0;
	if (!(arr = cJSON_AddArrayToObject(doc, "input")))
		return -1;
	for (i = 0; i < S->ndecl; i++) {
		if (!(o = cJSON_CreateObject()) ||
		    !cJSON_AddStringToObject(o, "path", S->decl[i].path) ||
		    !cJSON_AddStringToObject(o, "type", type_name[S->decl[i].type]) ||
		    !cJSON_AddBoolToObject(o, "required",
		                           S->decl[i].flags == ASSESS_FIELD_REQUIRED)) {
			cJSON_Delete(o);
			return -1;
		}
		cJSON_AddItemToArray(arr, o);
	}
	return 0;
}

const assess_value *slots_slot(const assess_record *rec, int slot)
{
	struct slots *S = of(rec);

	if (!S || slot < 0 || slot >= S->ndecl)
		return NULL;
	resolve(S, rec);
	return (const assess_value *)S->val[S->decl[slot].node];
}

int slots_value_type(const assess_value *v)
{
	return type_of((const cJSON *)v);
}

int slots_value_number(const assess_value *v, double *out)
{
	return record_value_number((const cJSON *)v, out);
}

int slots_value_bool(const assess_value *v, int *out)
{
	return record_value_bool((const cJSON *)v, out);
}

int slots_value_string(const assess_value *v, const char **out)
{
	return record_value_string((const cJSON *)v, out);
}

int slots_value_count(const assess_value *v)
{
	return record_value_count((const cJSON *)v);
}

const assess_value *slots_value_item(const assess_value *v, int i,
                                     const char **key)
{
	const cJSON *c = (const cJSON *)v, *it;

	if (key)
		*key = NULL;
	if (!c || i < 0 || !(cJSON_IsArray(c) || cJSON_IsObject(c)))
		return NULL;
	/* value_item carries no handle: the active run's cursor */
	it = record_nth(run_active() ? run_active()->record : NULL, c, i);
	if (it && key && cJSON_IsObject(c))
		*key = it->string;
	return (const assess_value *)it;
}

const assess_value *slots_value_member(const assess_value *v,
                                       const char *key)
{
	const cJSON *c = (const cJSON *)v;

	if (!c || !key || !cJSON_IsObject(c))
		return NULL;
	return (const assess_value *)cJSON_GetObjectItemCaseSensitive(c, key);
}

/* Whether slot is one of rec's run's declarations. */
static int declared(const assess_record *rec, int slot)
{
	const struct slots *S = of(rec);

	return S && slot >= 0 && slot < S->ndecl;
}

/* The by-slot reads: a slot never declared is the plugin's misuse. */
int slots_type(const assess_record *rec, int slot)
{
	if (!declared(rec, slot))
		return ASSESS_EINVAL;
	return slots_value_type(slots_slot(rec, slot));
}

int slots_number(const assess_record *rec, int slot, double *out)
{
	if (!declared(rec, slot))
		return ASSESS_EINVAL;
	return slots_value_number(slots_slot(rec, slot), out);
}

int slots_bool(const assess_record *rec, int slot, int *out)
{
	if (!declared(rec, slot))
		return ASSESS_EINVAL;
	return slots_value_bool(slots_slot(rec, slot), out);
}

int slots_string(const assess_record *rec, int slot, const char **out)
{
	if (!declared(rec, slot))
		return ASSESS_EINVAL;
	return slots_value_string(slots_slot(rec, slot), out);
}

int slots_count_of(const assess_record *rec, int slot)
{
	if (!declared(rec, slot))
		return 0;
	return slots_value_count(slots_slot(rec, slot));
}
