/*
 * keys.h - the member keys a plugin puts, each held once for the run.
 *
 * A result is built a member at a time (host_put.c), and each put of a
 * key used to check it as UTF-8, copy it and compare it, byte by byte,
 * with the keys of the members put before it: at a million records, a
 * hundred million keys, a few dozen of them distinct.  Here each distinct
 * key is checked and copied once; the result's members then point at the
 * run's copy (cJSON_StringIsConst: their tree never frees it), so that
 * two such members have the same key exactly when they hold the same
 * pointer, and the first KEYS_BITS keys have a bit each, for an object
 * to say in one word which of them it holds (keys_mark, keys_may_hold).
 */
#ifndef ASSESS_KEYS_H
#define ASSESS_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define KEYS_BITS 64
#define KEYS_LONG 255 /* a key of this length or more is not held */

struct keys;

/* What keys_intern found of a key. */
struct key {
	const char *s; /* the run's copy, or NULL: not held (see len) */
	long len;      /* its length; -1: not UTF-8 */
	int bit;       /* its bit (0..KEYS_BITS-1), or -1 */
};

/* Key k as the run holds it, its copy made at its first sight (keys made
 * then, on first use): k.s NULL when it is not UTF-8 (k.len -1), or when
 * it is not held (more distinct keys than are kept, or out of memory: the
 * caller copies it as before).  The copies live until keys_free. */
struct key keys_intern(struct keys **keys, const char *s);

/* Object o starts to say which held keys its members have (o is a new
 * object, or one whose members' keys were all given to keys_mark). */
void keys_track(cJSON *o);
/* A member of key k put into object o. */
void keys_mark(cJSON *o, const struct key *k);
/* Whether object o may have a member of key k: 0 only when o tracks its
 * keys and k's bit is not among them. */
int keys_may_hold(const cJSON *o, const struct key *k);

/* The length of a member's key that keys holds (one of cJSON_
 * StringIsConst: no other is made so) when it goes into JSON as it is,
 * else 0: the writer then copies it at once, unmeasured, unchecked. */
static inline size_t keys_plain_len(const char *held)
{
	unsigned char b = (unsigned char)held[-1];

	return b ? (size_t)b - 1 : 0;
}

void keys_free(struct keys *keys);

#endif
