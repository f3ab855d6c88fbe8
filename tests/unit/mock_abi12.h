/*
 * mock_abi12.h - the ABI 1.2 services of the mock host (declared fields,
 * slots, values and their iterators, result handles and amendments),
 * worded and behaving as the real host's (core/slots.c, core/amend.c)
 * for what a plugin can see.  The services are in mock_host's table;
 * the rest is for tests.
 */
#ifndef MOCK_ABI12_H
#define MOCK_ABI12_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "assess/assess.h"

/* The services, for the table in mock_host.c. */
int mock_declare(const char *path, int type, int flags);
const assess_value *mock_slot(const assess_record *rec, int slot);
int mock_slot_type(const assess_record *rec, int slot);
int mock_slot_number(const assess_record *rec, int slot, double *out);
int mock_slot_bool(const assess_record *rec, int slot, int *out);
int mock_slot_string(const assess_record *rec, int slot, const char **out);
int mock_slot_count(const assess_record *rec, int slot);
int mock_value_type(const assess_value *v);
int mock_value_number(const assess_value *v, double *out);
int mock_value_bool(const assess_value *v, int *out);
int mock_value_string(const assess_value *v, const char **out);
int mock_value_count(const assess_value *v);
const assess_value *mock_value_item(const assess_value *v, int i,
                                    const char **key);
const assess_value *mock_value_member(const assess_value *v,
                                      const char *key);
uint64_t mock_result_handle(assess_result *res);
assess_node *mock_amend(uint64_t handle);

/* Reject what the host would before assess (a required declared field
 * absent or null, one of another type), through the table's reject:
 * ASSESS_OK or ASSESS_EREJECT.  mock_run_feed calls it. */
int mock_check_declared(const assess_record *rec, assess_result *res);

/* The declarations so far: how many, and "path type required|optional"
 * of slot i (borrowed), or NULL. */
int mock_declared_count(void);
const char *mock_declared(int slot);

/* Amendments are taken only while finish runs (mock_run_finish). */
void mock_amend_open(int on);
/* What finish amended into the result of handle (members merged as the
 * host merges them), or NULL when nothing. */
const cJSON *mock_amended(uint64_t handle);

/* Forget every declaration and amendment (mock_run_stop calls it). */
void mock_abi12_reset(void);

/* From mock_host.c: the record's tree; the result's handle. */
const cJSON *mock_record_root(const assess_record *rec);
uint64_t mock_result_handle_of(const assess_result *res);

#endif
