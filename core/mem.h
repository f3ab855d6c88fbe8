/*
 * mem.h - running out of memory, noticed wherever it happens.
 *
 * A failed allocation must never pass for something else: cJSON returns
 * NULL both for text that is not JSON and for a malloc that failed, and a
 * result member that could not be added simply goes missing.  Every cJSON
 * allocation goes through hooks that remember a failure, and the batch
 * asks after each record; once memory has run out the run stops with
 * exit 6 and writes nothing, rather than reject good records or write
 * shortened results.
 */
#ifndef ASSESS_MEM_H
#define ASSESS_MEM_H

/* Route cJSON's allocations through the failure-noticing hooks.  Call once
 * at start, before any cJSON call. */
void mem_init(void);

/* Nonzero once any allocation has failed (or mem_fail was called). */
int mem_exhausted(void);

/* Record a failure noticed outside cJSON (a plugin's ASSESS_ENOMEM, a
 * reader's realloc). */
void mem_fail(void);

#endif
