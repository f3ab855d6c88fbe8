/*
 * mock_host.c - the assess host in miniature for unit tests (see
 * mock_host.h): the assess_host table, with records and results over
 * cJSON and what the real host would print kept for the test to assert
 * on; the config half is mock_config.c.  It builds with the SDK's
 * headers and cJSON only, never with core/.
 */
#include "mock_host.h"
#include "mock_abi12.h"
#include "mock_config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct assess_record {
	cJSON *root;
	const char *id;
};

struct assess_result {
	cJSON *root;
	cJSON *errors; /* of strings "path: message" */
	uint64_t handle; /* ABI 1.2: never 0, one per result made */
};

const cJSON *mock_record_root(const assess_record *rec)
{
	return rec->root;
}

uint64_t mock_result_handle_of(const assess_result *res)
{
	return res->handle;
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
	static uint64_t made;
	assess_result *r = calloc(1, sizeof *r);

	if (!r || !(r->root = cJSON_CreateObject()) ||
	    !(r->errors = cJSON_CreateArray()) ||
	    !cJSON_AddStringToObject(r->root, "id", rec->id)) {
		mock_result_free(r);
		return NULL;
	}
	r->handle = ++made;
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
	char *text = mock_slurp(path);
	cJSON *root = text ? cJSON_Parse(text) : NULL, *e;
	int rc = text ? ASSESS_ETYPE : ASSESS_ENOENT;

	free(text);
	if (!root || !cJSON_IsArray(cJSON_GetObjectItem(root, "results"))) {
		cJSON_Delete(root);
		return rc;
	}
	rc = ASSESS_OK;
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(root, "results")) {
		const cJSON *id = cJSON_GetObjectItem(e, "id");
		assess_record rec = { e, cJSON_IsString(id) ? id->valuestring : "" };
		if ((rc = fn(arg, &rec)) != ASSESS_OK)
			break;
	}
	cJSON_Delete(root);
	return rc;
}

const assess_host mock_host = {
	.size = sizeof(assess_host),
	.abi_version = ASSESS_ABI_VERSION,
	.version = "mock",
	.log = log_line,
	.config_path = mock_cfg_path,
	.config_section_count = mock_cfg_section_count,
	.config_section_name = mock_cfg_section_name,
	.config_key_count = mock_cfg_key_count,
	.config_key_name = mock_cfg_key_name,
	.config_string = mock_cfg_string,
	.config_number = mock_cfg_number,
	.config_int = mock_cfg_int,
	.config_bool = mock_cfg_bool,
	.config_error = mock_cfg_error,
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
	.declare = mock_declare,
	.slot = mock_slot,
	.slot_type = mock_slot_type,
	.slot_number = mock_slot_number,
	.slot_bool = mock_slot_bool,
	.slot_string = mock_slot_string,
	.slot_count = mock_slot_count,
	.value_type = mock_value_type,
	.value_number = mock_value_number,
	.value_bool = mock_value_bool,
	.value_string = mock_value_string,
	.value_count = mock_value_count,
	.value_item = mock_value_item,
	.value_member = mock_value_member,
	.result_handle = mock_result_handle,
	.amend = mock_amend,
};

/* --- a batch --- */

int mock_run_start(mock_run *r, const assess_plugin *p, const char *path)
{
	int rc;

	memset(r, 0, sizeof *r);
	r->p = p;
	if (!(r->cfg = mock_config_load(path)))
		return ASSESS_ENOENT;
	if ((rc = p->create(&mock_host, r->cfg, &r->state)) != ASSESS_OK) {
		mock_config_free(r->cfg);
		r->cfg = NULL;
	}
	return rc;
}

int mock_run_feed(mock_run *r, const char *json)
{
	assess_record *rec = mock_record_new(json);

	mock_result_free(r->res);
	r->res = NULL;
	if (!rec || !(r->res = mock_result_new(rec)))
		r->last_rc = ASSESS_EINVAL;
	else if ((r->last_rc = mock_check_declared(rec, r->res)) == ASSESS_OK)
		r->last_rc = r->p->assess(r->state, rec, r->res);
	mock_record_free(rec);
	return r->last_rc;
}

const cJSON *mock_run_got(const mock_run *r, const char *path)
{
	return r->res ? mock_get(r->res->root, path) : NULL;
}

int mock_run_finish(mock_run *r)
{
	int rc;

	cJSON_Delete(r->summary);
	if (!(r->summary = cJSON_CreateObject()))
		return ASSESS_ENOMEM;
	mock_amend_open(1);
	rc = r->p->finish ? r->p->finish(r->state, (assess_node *)r->summary)
	                  : ASSESS_OK;
	mock_amend_open(0);
	return rc;
}

void mock_run_stop(mock_run *r)
{
	if (r->cfg)
		r->p->destroy(r->state);
	mock_config_free(r->cfg);
	mock_result_free(r->res);
	cJSON_Delete(r->summary);
	memset(r, 0, sizeof *r);
	mock_abi12_reset();
}
