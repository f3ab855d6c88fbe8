/*
 * mock_host.c - the assess host in miniature for unit tests (see
 * mock_host.h): every service of assess_host over in-memory INI text and
 * cJSON records, with what the real host would print kept instead for the
 * test to assert on.  It builds with the SDK's headers and cJSON only.
 */
#include "mock_host.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct mock_key {
	char *section, *key, *value;
	int asked;
};

struct assess_config {
	struct mock_key *k;
	size_t n;
	char **section; /* in file order, keys or not */
	size_t nsection;
	char error[1024];
	char unasked[256];
};

struct assess_record {
	cJSON *root;
	const char *id;
};

struct assess_result {
	cJSON *root;
	cJSON *errors; /* of strings "path: message" */
};

/* --- config --- */

static char *trimmed(const char *s, size_t n, int lower)
{
	char *t;
	size_t i;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!(t = malloc(n + 1)))
		return NULL;
	for (i = 0; i < n; i++)
		t[i] = lower ? (char)tolower((unsigned char)s[i]) : s[i];
	t[n] = '\0';
	return t;
}

static int add_section(assess_config *c, const char *s, size_t n)
{
	char **v = realloc(c->section, (c->nsection + 1) * sizeof *v);

	if (!v)
		return -1;
	c->section = v;
	return (v[c->nsection] = trimmed(s, n, 1)) ? (int)c->nsection++ : -1;
}

static int add_key(assess_config *c, const char *line, size_t n)
{
	const char *eq = memchr(line, '=', n);
	struct mock_key *v = realloc(c->k, (c->n + 1) * sizeof *v), *k;

	if (!v)
		return -1;
	c->k = v;
	if (!eq || !c->nsection)
		return -1;
	k = &v[c->n];
	memset(k, 0, sizeof *k);
	k->section = trimmed(c->section[c->nsection - 1],
	                     strlen(c->section[c->nsection - 1]), 1);
	k->key = trimmed(line, (size_t)(eq - line), 1);
	k->value = trimmed(eq + 1, n - (size_t)(eq - line) - 1, 0);
	c->n++;
	return k->section && k->key && k->value ? 0 : -1;
}

assess_config *mock_config_new(const char *ini)
{
	assess_config *c = calloc(1, sizeof *c);
	const char *line = ini;

	if (!c)
		return NULL;
	while (line && *line) {
		const char *end = strchr(line, '\n'), *p = line;
		size_t n = end ? (size_t)(end - line) : strlen(line);
		int rc = 0;
		while (n && isspace((unsigned char)*p)) {
			p++;
			n--;
		}
		if (n && *p == '[' && memchr(p, ']', n))
			rc = add_section(c, p + 1,
			                 (size_t)((char *)memchr(p, ']', n) - p - 1));
		else if (n && *p != ';' && *p != '#')
			rc = add_key(c, p, n);
		if (rc < 0) {
			mock_config_free(c);
			return NULL;
		}
		line = end ? end + 1 : NULL;
	}
	return c;
}

void mock_config_free(assess_config *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->k[i].section);
		free(c->k[i].key);
		free(c->k[i].value);
	}
	for (i = 0; i < c->nsection; i++)
		free(c->section[i]);
	free(c->k);
	free(c->section);
	free(c);
}

const char *mock_config_error(const assess_config *c)
{
	return c->error[0] ? c->error : NULL;
}

const char *mock_config_unasked(const assess_config *cfg)
{
	assess_config *c = (assess_config *)cfg;
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (c->k[i].asked)
			continue;
		snprintf(c->unasked, sizeof c->unasked, "%s:%s", c->k[i].section,
		         c->k[i].key);
		return c->unasked;
	}
	return NULL;
}

static const char *config_path(const assess_config *c)
{
	(void)c;
	return "mock.ini";
}

static int config_section_count(const assess_config *c)
{
	return (int)c->nsection;
}

static const char *config_section_name(const assess_config *c, int i)
{
	return i >= 0 && (size_t)i < c->nsection ? c->section[i] : NULL;
}

static int config_key_count(const assess_config *c, const char *section)
{
	size_t i;
	int n = 0;

	for (i = 0; i < c->n; i++)
		n += strcasecmp(c->k[i].section, section) == 0;
	return n;
}

static const char *config_key_name(const assess_config *c,
                                   const char *section, int i)
{
	size_t k;

	for (k = 0; k < c->n; k++)
		if (strcasecmp(c->k[k].section, section) == 0 && i-- == 0)
			return c->k[k].key;
	return NULL;
}

/* The value of section:key, the key marked as asked either way. */
static const char *lookup(const assess_config *cfg, const char *section,
                          const char *key)
{
	assess_config *c = (assess_config *)cfg;
	size_t i;

	for (i = 0; section && key && i < c->n; i++) {
		if (strcasecmp(c->k[i].section, section) ||
		    strcasecmp(c->k[i].key, key))
			continue;
		c->k[i].asked = 1;
		return c->k[i].value;
	}
	return NULL;
}

static int config_error(const assess_config *cfg, const char *section,
                        const char *key, const char *fmt, ...)
{
	assess_config *c = (assess_config *)cfg;
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (section && key)
		snprintf(c->error, sizeof c->error, "[%s] %s: %s", section, key,
		         msg);
	else if (section)
		snprintf(c->error, sizeof c->error, "[%s]: %s", section, msg);
	else
		snprintf(c->error, sizeof c->error, "%s", msg);
	return ASSESS_ECONFIG;
}

static int config_string(const assess_config *c, const char *section,
                         const char *key, const char **out)
{
	const char *v = lookup(c, section, key);

	if (!v)
		return ASSESS_ENOENT;
	*out = v;
	return ASSESS_OK;
}

static int config_number(const assess_config *c, const char *section,
                         const char *key, double min, double max, double *out)
{
	const char *v = lookup(c, section, key);
	char *end;
	double d;

	if (!v)
		return ASSESS_ENOENT;
	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end || errno || !isfinite(d) || strpbrk(v, "xXnN")) {
		config_error(c, section, key, "'%s' is not a number", v);
		return ASSESS_ETYPE;
	}
	if (d < min || d > max) {
		config_error(c, section, key, "%s is outside %g..%g", v, min, max);
		return ASSESS_ERANGE;
	}
	*out = d;
	return ASSESS_OK;
}

static int config_int(const assess_config *c, const char *section,
                      const char *key, long min, long max, long *out)
{
	const char *v = lookup(c, section, key);
	char *end;
	long n;

	if (!v)
		return ASSESS_ENOENT;
	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || *end || errno) {
		config_error(c, section, key, "'%s' is not a whole number", v);
		return ASSESS_ETYPE;
	}
	if (n < min || n > max) {
		config_error(c, section, key, "%ld is outside %ld..%ld", n, min,
		             max);
		return ASSESS_ERANGE;
	}
	*out = n;
	return ASSESS_OK;
}

static int config_bool(const assess_config *c, const char *section,
                       const char *key, int *out)
{
	const char *v = lookup(c, section, key);

	if (!v)
		return ASSESS_ENOENT;
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
	    !strcasecmp(v, "on") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") ||
	         !strcasecmp(v, "off") || !strcmp(v, "0"))
		*out = 0;
	else {
		config_error(c, section, key, "'%s' is not true or false", v);
		return ASSESS_ETYPE;
	}
	return ASSESS_OK;
}

/* --- records --- */

const cJSON *mock_get(const cJSON *v, const char *path)
{
	char key[256];

	while (v && *path) {
		size_t n = strcspn(path, ".[");
		if (n) {
			if (n >= sizeof key || !cJSON_IsObject(v))
				return NULL;
			memcpy(key, path, n);
			key[n] = '\0';
			v = cJSON_GetObjectItemCaseSensitive(v, key);
			path += n;
		} else if (*path == '[') {
			char *end;
			long i = strtol(path + 1, &end, 10);
			if (*end != ']' || !cJSON_IsArray(v))
				return NULL;
			v = cJSON_GetArrayItem(v, (int)i);
			path = end + 1;
		}
		if (*path == '.')
			path++;
	}
	return v;
}

assess_record *mock_record_new(const char *json)
{
	assess_record *r = calloc(1, sizeof *r);
	const cJSON *id;

	if (!r || !(r->root = cJSON_Parse(json)) ||
	    !cJSON_IsString(id = mock_get(r->root, "id"))) {
		mock_record_free(r);
		return NULL;
	}
	r->id = id->valuestring;
	return r;
}

void mock_record_free(assess_record *r)
{
	if (!r)
		return;
	cJSON_Delete(r->root);
	free(r);
}

static const char *record_id(const assess_record *r)
{
	return r->id;
}

static int record_type(const assess_record *r, const char *path)
{
	const cJSON *v = mock_get(r->root, path);

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
	return cJSON_IsArray(v) ? ASSESS_TYPE_ARRAY : ASSESS_TYPE_OBJECT;
}

/* The field at path, or the code for its absence. */
static int field(const assess_record *r, const char *path, const cJSON **v)
{
	*v = mock_get(r->root, path);
	return !*v || cJSON_IsNull(*v) ? ASSESS_ENOENT : ASSESS_OK;
}

static int record_number(const assess_record *r, const char *path,
                         double *out)
{
	const cJSON *v;
	int rc = field(r, path, &v);

	if (rc != ASSESS_OK)
		return rc;
	if (!cJSON_IsNumber(v))
		return ASSESS_ETYPE;
	if (!isfinite(v->valuedouble))
		return ASSESS_ERANGE;
	*out = v->valuedouble;
	return ASSESS_OK;
}

static int record_bool(const assess_record *r, const char *path, int *out)
{
	const cJSON *v;
	int rc = field(r, path, &v);

	if (rc != ASSESS_OK)
		return rc;
	if (!cJSON_IsBool(v))
		return ASSESS_ETYPE;
	*out = cJSON_IsTrue(v);
	return ASSESS_OK;
}

static int record_string(const assess_record *r, const char *path,
                         const char **out)
{
	const cJSON *v;
	int rc = field(r, path, &v);

	if (rc != ASSESS_OK)
		return rc;
	if (!cJSON_IsString(v))
		return ASSESS_ETYPE;
	*out = v->valuestring;
	return ASSESS_OK;
}

static int record_count(const assess_record *r, const char *path)
{
	const cJSON *v = mock_get(r->root, path);

	return cJSON_IsArray(v) || cJSON_IsObject(v) ? cJSON_GetArraySize(v)
	                                             : 0;
}

static const char *record_key(const assess_record *r, const char *path,
                              int i)
{
	const cJSON *v = mock_get(r->root, path);

	v = cJSON_IsObject(v) ? cJSON_GetArrayItem(v, i) : NULL;
	return v ? v->string : NULL;
}

/* --- results and output nodes --- */

assess_result *mock_result_new(const assess_record *rec)
{
	assess_result *r = calloc(1, sizeof *r);

	if (!r || !(r->root = cJSON_CreateObject()) ||
	    !(r->errors = cJSON_CreateArray()) ||
	    !cJSON_AddStringToObject(r->root, "id", rec->id)) {
		mock_result_free(r);
		return NULL;
	}
	return r;
}

void mock_result_free(assess_result *r)
{
	if (!r)
		return;
	cJSON_Delete(r->root);
	cJSON_Delete(r->errors);
	free(r);
}

cJSON *mock_result_json(const assess_result *r)
{
	return r->root;
}

int mock_result_errors(const assess_result *r)
{
	return cJSON_GetArraySize(r->errors);
}

const char *mock_result_error(const assess_result *r, int i)
{
	const cJSON *e = cJSON_GetArrayItem(r->errors, i);

	return e ? e->valuestring : NULL;
}

static assess_node *result_node(assess_result *r)
{
	return (assess_node *)r->root;
}

static int reject(assess_result *r, const char *path, const char *fmt, ...)
{
	char msg[1024], line[1200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(line, sizeof line, "%s%s%s", path ? path : "",
	         path ? ": " : "", msg);
	cJSON_AddItemToArray(r->errors, cJSON_CreateString(line));
	return ASSESS_EREJECT;
}

assess_node *mock_node_new(void)
{
	return (assess_node *)cJSON_CreateObject();
}

cJSON *mock_node_json(assess_node *n)
{
	return (cJSON *)n;
}

void mock_node_free(assess_node *n)
{
	cJSON_Delete((cJSON *)n);
}

static int put(assess_node *node, const char *key, cJSON *item)
{
	cJSON *n = (cJSON *)node;

	if (!item)
		return ASSESS_ENOMEM;
	if (cJSON_IsArray(n) && !key) {
		cJSON_AddItemToArray(n, item);
		return ASSESS_OK;
	}
	if (!cJSON_IsObject(n) || !key) {
		cJSON_Delete(item);
		return ASSESS_EINVAL;
	}
	if (cJSON_GetObjectItemCaseSensitive(n, key))
		cJSON_ReplaceItemInObjectCaseSensitive(n, key, item);
	else
		cJSON_AddItemToObject(n, key, item);
	return ASSESS_OK;
}

static int put_number(assess_node *n, const char *key, double v)
{
	return isfinite(v) ? put(n, key, cJSON_CreateNumber(v)) : ASSESS_ERANGE;
}

static int put_int(assess_node *n, const char *key, long long v)
{
	return put(n, key, cJSON_CreateNumber((double)v));
}

static int put_bool(assess_node *n, const char *key, int v)
{
	return put(n, key, cJSON_CreateBool(v));
}

static int put_string(assess_node *n, const char *key, const char *s)
{
	return s ? put(n, key, cJSON_CreateString(s)) : ASSESS_EINVAL;
}

static int put_null(assess_node *n, const char *key)
{
	return put(n, key, cJSON_CreateNull());
}

static assess_node *put_child(assess_node *n, const char *key, cJSON *c)
{
	return put(n, key, c) == ASSESS_OK ? (assess_node *)c : NULL;
}

static assess_node *put_object(assess_node *n, const char *key)
{
	return put_child(n, key, cJSON_CreateObject());
}

static assess_node *put_array(assess_node *n, const char *key)
{
	return put_child(n, key, cJSON_CreateArray());
}

/* --- the rest --- */

static void log_line(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

/* The "results" of a JSON file, one record each. */
static int read_records(const char *path,
                        int (*fn)(void *arg, const assess_record *rec),
                        void *arg)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	long len;
	cJSON *root = NULL, *e;
	int rc = ASSESS_ENOENT;

	if (!f)
		return ASSESS_ENOENT;
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) || !(text = calloc(1, (size_t)len + 1)) ||
	    fread(text, 1, (size_t)len, f) != (size_t)len)
		goto out;
	rc = ASSESS_ETYPE;
	if (!(root = cJSON_Parse(text)) ||
	    !cJSON_IsArray(cJSON_GetObjectItem(root, "results")))
		goto out;
	rc = ASSESS_OK;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(root, "results")) {
		assess_record rec = { e, "" };
		const cJSON *id = cJSON_GetObjectItem(e, "id");
		rec.id = cJSON_IsString(id) ? id->valuestring : "";
		if ((rc = fn(arg, &rec)) != ASSESS_OK)
			break;
	}
out:
	cJSON_Delete(root);
	free(text);
	fclose(f);
	return rc;
}

const assess_host mock_host = {
	.size = sizeof(assess_host),
	.abi_version = ASSESS_ABI_VERSION,
	.version = "mock",
	.log = log_line,
	.config_path = config_path,
	.config_section_count = config_section_count,
	.config_section_name = config_section_name,
	.config_key_count = config_key_count,
	.config_key_name = config_key_name,
	.config_string = config_string,
	.config_number = config_number,
	.config_int = config_int,
	.config_bool = config_bool,
	.config_error = config_error,
	.record_id = record_id,
	.record_type = record_type,
	.record_number = record_number,
	.record_bool = record_bool,
	.record_string = record_string,
	.record_count = record_count,
	.record_key = record_key,
	.result_node = result_node,
	.reject = reject,
	.put_number = put_number,
	.put_int = put_int,
	.put_bool = put_bool,
	.put_string = put_string,
	.put_null = put_null,
	.put_object = put_object,
	.put_array = put_array,
	.read_records = read_records,
};
