/*
 * mock_abi12.c - the mock host's ABI 1.2 services (see mock_abi12.h):
 * declarations as a list of paths looked up per read (speed is not the
 * point here), values as cJSON nodes, amendments as one object per
 * handle into which each amend call's members go.
 */
#include "mock_abi12.h"
#include "mock_host.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DECL 256

static struct {
	char *path[MAX_DECL];
	char *shown[MAX_DECL];
	int type[MAX_DECL], flags[MAX_DECL];
	int n;
	cJSON *amends;  /* { "HANDLE": { members } } */
	int amending;
} m;

static const char *const type_word[] = {
	"missing", "null", "boolean", "number", "string", "array", "object",
	"any"
};

int mock_declare(const char *path, int type, int flags)
{
	char shown[300];
	int i;

	if (!path || !*path || strpbrk(path, "[]") || strstr(path, "..") ||
	    path[0] == '.' || path[strlen(path) - 1] == '.' ||
	    type < ASSESS_TYPE_BOOL || type > ASSESS_TYPE_ANY ||
	    (flags != ASSESS_FIELD_OPTIONAL && flags != ASSESS_FIELD_REQUIRED))
		return ASSESS_EINVAL;
	for (i = 0; i < m.n; i++)
		if (strcmp(m.path[i], path) == 0) {
			m.flags[i] |= flags;
			if (m.type[i] == ASSESS_TYPE_ANY)
				m.type[i] = type;
			break;
		}
	if (i == m.n) {
		if (m.n == MAX_DECL)
			return ASSESS_ERANGE;
		if (!(m.path[i] = strdup(path)))
			return ASSESS_ENOMEM;
		m.type[i] = type;
		m.flags[i] = flags;
		m.n++;
	}
	snprintf(shown, sizeof shown, "%s %s %s", m.path[i],
	         type_word[m.type[i]], m.flags[i] ? "required" : "optional");
	free(m.shown[i]);
	m.shown[i] = strdup(shown);
	return i;
}

int mock_declared_count(void)
{
	return m.n;
}

const char *mock_declared(int slot)
{
	return slot >= 0 && slot < m.n ? m.shown[slot] : NULL;
}

const assess_value *mock_slot(const assess_record *rec, int slot)
{
	if (!rec || slot < 0 || slot >= m.n)
		return NULL;
	return (const assess_value *)mock_get(mock_record_root(rec),
	                                      m.path[slot]);
}

int mock_value_type(const assess_value *v)
{
	const cJSON *c = (const cJSON *)v;

	if (!c)
		return ASSESS_TYPE_MISSING;
	if (cJSON_IsNull(c))
		return ASSESS_TYPE_NULL;
	if (cJSON_IsBool(c))
		return ASSESS_TYPE_BOOL;
	if (cJSON_IsNumber(c))
		return ASSESS_TYPE_NUMBER;
	if (cJSON_IsString(c))
		return ASSESS_TYPE_STRING;
	return cJSON_IsArray(c) ? ASSESS_TYPE_ARRAY : ASSESS_TYPE_OBJECT;
}

int mock_value_number(const assess_value *v, double *out)
{
	int t = mock_value_type(v);

	if (t <= ASSESS_TYPE_NULL)
		return ASSESS_ENOENT;
	if (t != ASSESS_TYPE_NUMBER)
		return ASSESS_ETYPE;
	if (!isfinite(((const cJSON *)v)->valuedouble))
		return ASSESS_ERANGE;
	*out = ((const cJSON *)v)->valuedouble;
	return ASSESS_OK;
}

int mock_value_bool(const assess_value *v, int *out)
{
	int t = mock_value_type(v);

	if (t <= ASSESS_TYPE_NULL)
		return ASSESS_ENOENT;
	if (t != ASSESS_TYPE_BOOL)
		return ASSESS_ETYPE;
	*out = cJSON_IsTrue((const cJSON *)v);
	return ASSESS_OK;
}

int mock_value_string(const assess_value *v, const char **out)
{
	int t = mock_value_type(v);

	if (t <= ASSESS_TYPE_NULL)
		return ASSESS_ENOENT;
	if (t != ASSESS_TYPE_STRING)
		return ASSESS_ETYPE;
	*out = ((const cJSON *)v)->valuestring;
	return ASSESS_OK;
}

int mock_value_count(const assess_value *v)
{
	int t = mock_value_type(v);

	if (t != ASSESS_TYPE_ARRAY && t != ASSESS_TYPE_OBJECT)
		return 0;
	return cJSON_GetArraySize((const cJSON *)v);
}

const assess_value *mock_value_item(const assess_value *v, int i,
                                    const char **key)
{
	int t = mock_value_type(v);
	const cJSON *it;

	if (key)
		*key = NULL;
	if ((t != ASSESS_TYPE_ARRAY && t != ASSESS_TYPE_OBJECT) || i < 0)
		return NULL;
	it = cJSON_GetArrayItem((const cJSON *)v, i);
	if (it && key && t == ASSESS_TYPE_OBJECT)
		*key = it->string;
	return (const assess_value *)it;
}

const assess_value *mock_value_member(const assess_value *v,
                                      const char *key)
{
	if (mock_value_type(v) != ASSESS_TYPE_OBJECT || !key)
		return NULL;
	return (const assess_value *)cJSON_GetObjectItemCaseSensitive(
	        (const cJSON *)v, key);
}

int mock_slot_type(const assess_record *rec, int slot)
{
	return slot < 0 || slot >= m.n ? ASSESS_EINVAL
	                               : mock_value_type(mock_slot(rec, slot));
}

int mock_slot_number(const assess_record *rec, int slot, double *out)
{
	return slot < 0 || slot >= m.n
	       ? ASSESS_EINVAL : mock_value_number(mock_slot(rec, slot), out);
}

int mock_slot_bool(const assess_record *rec, int slot, int *out)
{
	return slot < 0 || slot >= m.n
	       ? ASSESS_EINVAL : mock_value_bool(mock_slot(rec, slot), out);
}

int mock_slot_string(const assess_record *rec, int slot, const char **out)
{
	return slot < 0 || slot >= m.n
	       ? ASSESS_EINVAL : mock_value_string(mock_slot(rec, slot), out);
}

int mock_slot_count(const assess_record *rec, int slot)
{
	return slot < 0 || slot >= m.n ? 0
	                               : mock_value_count(mock_slot(rec, slot));
}

int mock_check_declared(const assess_record *rec, assess_result *res)
{
	int i, rc = ASSESS_OK;

	for (i = 0; i < m.n; i++) {
		int t = mock_value_type(mock_slot(rec, i));

		if (t <= ASSESS_TYPE_NULL) {
			if (m.flags[i])
				rc = mock_host.reject(res, m.path[i], "missing");
		} else if (m.type[i] != ASSESS_TYPE_ANY && t != m.type[i]) {
			rc = mock_host.reject(res, m.path[i], "must be %s %s, not %s %s",
			                      m.type[i] >= ASSESS_TYPE_ARRAY ? "an" : "a",
			                      type_word[m.type[i]],
			                      t >= ASSESS_TYPE_ARRAY ? "an" : "a",
			                      type_word[t]);
		}
	}
	return rc;
}

uint64_t mock_result_handle(assess_result *res)
{
	return res ? mock_result_handle_of(res) : 0;
}

void mock_amend_open(int on)
{
	m.amending = on;
}

assess_node *mock_amend(uint64_t handle)
{
	char key[32];
	cJSON *o;

	if (!m.amending || !handle)
		return NULL;
	if (!m.amends && !(m.amends = cJSON_CreateObject()))
		return NULL;
	snprintf(key, sizeof key, "%llu", (unsigned long long)handle);
	if (!(o = cJSON_GetObjectItemCaseSensitive(m.amends, key)))
		o = cJSON_AddObjectToObject(m.amends, key);
	return (assess_node *)o;
}

const cJSON *mock_amended(uint64_t handle)
{
	char key[32];

	snprintf(key, sizeof key, "%llu", (unsigned long long)handle);
	return cJSON_GetObjectItemCaseSensitive(m.amends, key);
}

void mock_abi12_reset(void)
{
	int i;

	for (i = 0; i < m.n; i++) {
		free(m.path[i]);
		free(m.shown[i]);
	}
	cJSON_Delete(m.amends);
	memset(&m, 0, sizeof m);
}
