/*
 * amend.c - batch-aware results (see amend.h).  An amendment is kept as
 * its handle (the result's line in the spool) and the compact JSON text
 * of the members to add, all texts in one buffer: 16 bytes an amendment
 * plus its text.  The object a plugin fills is packed when it asks for
 * the next one or when finish ends, so at most one is a tree at a time.
 * The spool is rewritten once, at the end, only when any are held; a run
 * without amendments writes its results as before, byte for byte.
 */
#include "amend.h"
#include "jsonw.h"

#include <stdlib.h>
#include <string.h>

struct entry {
	uint64_t handle;
	uint32_t off, len; /* the text in am.text */
};

static struct {
	struct entry *v;
	size_t n, cap;
	char *text;
	size_t tlen, tcap;
	uint64_t max_handle; /* the largest handle given out */
	int finishing;
	cJSON *open;         /* the node handed out last, not yet packed */
	uint64_t open_handle;
	int failed;          /* out of memory while packing */
	int sorted;          /* v is in handle order */
	int atexit_set;
} am;

uint64_t amend_handle(long index)
{
	uint64_t h;

	if (index <= 0)
		return 0;
	h = (uint64_t)index;
	if (h > am.max_handle)
		am.max_handle = h;
	return h;
}

/* Keep text[0..len) for handle.  0, or -1 out of memory. */
static int keep(uint64_t handle, const char *text, size_t len)
{
	if (am.n == am.cap) {
		size_t cap = am.cap ? 2 * am.cap : 64;
		struct entry *v = realloc(am.v, cap * sizeof *v);
		if (!v)
			return -1;
		am.v = v;
		am.cap = cap;
	}
	if (!am.atexit_set && atexit(amend_free) == 0)
		am.atexit_set = 1;
	if (len > UINT32_MAX || am.tlen + len > UINT32_MAX)
		return -1;
	if (am.tlen + len > am.tcap) {
		size_t cap = am.tcap ? 2 * am.tcap : 4096;
		char *t;
		while (cap < am.tlen + len)
			cap *= 2;
		if (!(t = realloc(am.text, cap)))
			return -1;
		am.text = t;
		am.tcap = cap;
	}
	memcpy(am.text + am.tlen, text, len);
	am.v[am.n].handle = handle;
	am.v[am.n].off = (uint32_t)am.tlen;
	am.v[am.n].len = (uint32_t)len;
	am.n++;
	am.tlen += len;
	am.sorted = 0;
	return 0;
}

/* Pack the open node into its text, when it holds anything. */
static void pack(void)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp;

	if (!am.open)
		return;
	if (am.open->child) {
		fp = open_memstream(&s, &n);
		if (!fp || jsonw_write(fp, am.open) < 0 || fclose(fp) != 0 ||
		    keep(am.open_handle, s, n) < 0)
			am.failed = 1;
		free(s);
	}
	cJSON_Delete(am.open);
	am.open = NULL;
}

assess_node *amend_node(uint64_t handle)
{
	if (!am.finishing || handle == 0 || handle > am.max_handle)
		return NULL;
	pack();
	am.open = cJSON_CreateObject();
	am.open_handle = handle;
	return (assess_node *)am.open;
}

/* Drop the amendments held, keeping the handles given out. */
static void drop(void)
{
	uint64_t max = am.max_handle;

	amend_free();
	am.max_handle = max;
}

void amend_finishing(int on)
{
	if (on)
		drop(); /* a finish step starts: nothing from another run */
	else
		pack();
	am.finishing = on;
}

int amend_is_node(const cJSON *n)
{
	return n && n == am.open;
}

size_t amend_count(void)
{
	return am.n;
}

size_t amend_bytes(void)
{
	return am.n * sizeof *am.v + am.tlen;
}

static int by_handle(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->handle != y->handle)
		return x->handle < y->handle ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off; /* in the order made */
}

cJSON *amend_export(void)
{
	cJSON *list, *pair;
	size_t i;

	if (!am.n)
		return NULL;
	if (!(list = cJSON_CreateArray()))
		return NULL;
	for (i = 0; i < am.n; i++) {
		cJSON *obj = cJSON_ParseWithLength(am.text + am.v[i].off,
		                                   am.v[i].len);
		if (!obj || !(pair = cJSON_CreateArray())) {
			cJSON_Delete(obj);
			cJSON_Delete(list);
			return NULL;
		}
		cJSON_AddItemToArray(pair,
		                     cJSON_CreateNumber((double)am.v[i].handle));
		cJSON_AddItemToArray(pair, obj);
		cJSON_AddItemToArray(list, pair);
	}
	return list;
}

int amend_import(const cJSON *list)
{
	const cJSON *pair;

	if (!cJSON_IsArray(list))
		return -1;
	cJSON_ArrayForEach(pair, list) {
		const cJSON *h = cJSON_GetArrayItem(pair, 0);
		const cJSON *obj = cJSON_GetArrayItem(pair, 1);
		char *s = NULL;
		size_t n = 0;
		FILE *fp;
		int rc;

		if (!cJSON_IsNumber(h) || h->valuedouble < 1 ||
		    h->valuedouble > 9007199254740992.0 || !cJSON_IsObject(obj))
			return -1;
		if (!(fp = open_memstream(&s, &n)))
			return -1;
		rc = jsonw_write(fp, obj) < 0;
		if (fclose(fp) != 0 || rc || keep((uint64_t)h->valuedouble, s, n) < 0)
			rc = 1;
		free(s);
		if (rc)
			return -1;
	}
	return 0;
}

void amend_free(void)
{
	cJSON_Delete(am.open);
	free(am.v);
	free(am.text);
	memset(&am, 0, sizeof am);
	am.atexit_set = 1;
}

/* Put the members of the amendment text into result (replacing one of
 * the same name in place).  0, or -1 out of memory. */
static int merge(cJSON *result, const struct entry *e)
{
	cJSON *obj = cJSON_ParseWithLength(am.text + e->off, e->len), *m, *old;

	if (!obj)
		return -1;
	while ((m = obj->child)) {
		cJSON_DetachItemViaPointer(obj, m);
		old = cJSON_GetObjectItemCaseSensitive(result, m->string);
		if (old)
			cJSON_ReplaceItemViaPointer(result, old, m);
		else
			cJSON_AddItemToObject(result, m->string, m);
	}
	cJSON_Delete(obj);
	return 0;
}

static int write_merged(FILE *out, const char *line, size_t len,
                        const struct entry *e, size_t n);

/* The end of the JSON value at s[i] (compact, as jsonw writes it): just
 * past a container, or at the ',' or '}' after a scalar. */
static size_t skip_value(const char *s, size_t i, size_t len)
{
	int depth = 0;

	for (; i < len; i++) {
		if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++)
				i += s[i] == '\\';
			continue;
		}
		if (s[i] == '{' || s[i] == '[') {
			depth++;
		} else if (s[i] == '}' || s[i] == ']') {
			if (depth == 0)
				return i;     /* the end of the enclosing object */
			if (--depth == 0)
				return i + 1; /* just past this container */
		} else if (s[i] == ',' && depth == 0) {
			return i;
		}
	}
	return len;
}

/* The raw text of the top-level member key (klen bytes, no escapes) of
 * the compact object s[0..len), its length in *vlen; NULL when absent. */
static const char *top_member(const char *s, size_t len, const char *key,
                              size_t klen, size_t *vlen)
{
	size_t i = 1, k, e, v;

	while (i < len && s[i] == '"') {
		for (k = e = i + 1; e < len && s[e] != '"'; e++)
			e += s[e] == '\\';
		v = e + 2; /* past '"' and ':' */
		i = skip_value(s, v, len);
		if (e - k == klen && memcmp(s + k, key, klen) == 0) {
			*vlen = i - v;
			return s + v;
		}
		if (i >= len || s[i] != ',')
			break;
		i++;
	}
	return NULL;
}

/* Whether key is written as it is, no byte escaped: then its text can
 * be looked for in a written line. */
static int plain_key(const char *key)
{
	for (; *key; key++)
		if ((unsigned char)*key < 0x20 || *key == '"' || *key == '\\')
			return 0;
	return 1;
}

/* Whether the amendments e[0..n) only add members the result line lacks
 * (none twice): then their text is spliced in, the line not re-parsed. */
static int only_new_members(const char *line, size_t len,
                            const struct entry *e, size_t n)
{
	size_t i, vlen;
	const cJSON *m, *o;
	cJSON *seen = cJSON_CreateObject();
	int ok = seen != NULL;

	for (i = 0; ok && i < n; i++) {
		cJSON *obj = cJSON_ParseWithLength(am.text + e[i].off, e[i].len);
		ok = obj != NULL;
		for (m = obj ? obj->child : NULL; ok && m; m = m->next) {
			o = cJSON_GetObjectItemCaseSensitive(seen, m->string);
			ok = !o && plain_key(m->string) &&
			     !top_member(line, len, m->string, strlen(m->string),
			                 &vlen) &&
			     cJSON_AddNullToObject(seen, m->string);
		}
		cJSON_Delete(obj);
	}
	cJSON_Delete(seen);
	return ok;
}

/* Write result line (len bytes, its newline excluded) with the
 * amendments e[0..n) merged: spliced in when they only add members, else
 * through a parse (a member replaced in place).  0, or -1. */
static int write_line(FILE *out, const char *line, size_t len,
                      const struct entry *e, size_t n)
{
	size_t vlen = 0, i;
	const char *st = top_member(line, len, "status", 6, &vlen);

	if (st && vlen == 10 && memcmp(st, "\"rejected\"", 10) == 0)
		return fwrite(line, 1, len, out) == len ? 0 : -1; /* as it was */
	if (len < 2 || line[len - 1] != '}' || !only_new_members(line, len, e, n))
		return write_merged(out, line, len, e, n);
	if (fwrite(line, 1, len - 1, out) != len - 1)
		return -1;
	for (i = 0; i < n; i++)
		if (e[i].len > 2 && (putc(',', out) == EOF ||
		    fwrite(am.text + e[i].off + 1, 1, e[i].len - 2, out) !=
		    e[i].len - 2))
			return -1;
	return putc('}', out) == EOF ? -1 : 0;
}

/* Write result line (len bytes, its newline excluded) with the
 * amendments e[0..n) merged.  0, or -1. */
static int write_merged(FILE *out, const char *line, size_t len,
                        const struct entry *e, size_t n)
{
	cJSON *res = cJSON_ParseWithLength(line, len);
	size_t i;
	int rc = -1;

	if (!res)
		return -1;
	for (i = 0; i < n; i++)
		if (merge(res, &e[i]) < 0)
			goto out;
	rc = jsonw_write(out, res) < 0 ? -1 : 0;
out:
	cJSON_Delete(res);
	return rc;
}

/* Each line of in, merged, to out: the lines in a JSON document's
 * layout (json: "    " first, ",\n    " between, no newline after the
 * last) or one a line.  0, or -1. */
static int merge_lines(FILE *in, FILE *out, int json)
{
	char *line = NULL;
	size_t cap = 0, i = 0, j;
	ssize_t got;
	uint64_t k = 0;
	int rc = -1;

	if (fflush(in) != 0 || fseek(in, 0, SEEK_SET) != 0)
		return -1;
	while ((got = getline(&line, &cap, in)) > 0) {
		size_t len = (size_t)got - (line[got - 1] == '\n');
		k++;
		while (i < am.n && am.v[i].handle < k)
			i++; /* no such line: nothing to amend */
		for (j = i; j < am.n && am.v[j].handle == k; j++)
			;
		if (json && fputs(k == 1 ? "    " : ",\n    ", out) == EOF)
			goto out;
		if (j > i ? write_line(out, line, len, am.v + i, j - i) < 0
		          : fwrite(line, 1, len, out) != len)
			goto out;
		if (!json && putc('\n', out) == EOF)
			goto out;
		i = j;
	}
	rc = ferror(in) ? -1 : 0;
out:
	free(line);
	return rc;
}

/* The amendments in handle order, once. */
static int sorted(void)
{
	if (am.failed)
		return -1;
	if (!am.sorted)
		qsort(am.v, am.n, sizeof *am.v, by_handle);
	am.sorted = 1;
	return 0;
}

int amend_copy(FILE *spool, FILE *out, int json)
{
	int rc = sorted() < 0 ? -1 : merge_lines(spool, out, json);

	amend_free();
	return rc;
}

int amend_apply(FILE **spool)
{
	FILE *out = NULL;
	int rc = -1;

	if (!am.n && !am.failed)
		return 0;
	if (sorted() < 0 || !(out = tmpfile()) ||
	    merge_lines(*spool, out, 0) < 0 || fflush(out) != 0)
		goto out;
	fclose(*spool);
	*spool = out;
	out = NULL;
	rc = 0;
out:
	if (out)
		fclose(out);
	amend_free();
	return rc;
}
