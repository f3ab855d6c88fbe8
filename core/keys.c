/*
 * keys.c - the member keys a plugin puts, each held once for the run
 * (see keys.h): a table by hash of the distinct keys, their copies in
 * blocks that never move.
 */
#include "keys.h"
#include "validate.h"

#include <stdlib.h>
#include <string.h>

#define KEYS_MAX 1024  /* distinct keys held; past them, copied per put */
#define SLOTS 2048     /* twice KEYS_MAX: the table never fills */
#define BLOCK 4096     /* the copies' blocks */

struct entry {
	const char *s;
	size_t len;
	uint64_t a, b; /* its words (words_of) */
};

struct block {
	struct block *next;
	size_t used;
	char text[BLOCK];
};

struct keys {
	uint16_t slot[SLOTS];      /* 1 + the entry's index, 0 empty */
	struct entry e[KEYS_MAX];
	size_t n;
	struct block *blocks;      /* the newest first */
};

static uint64_t load8(const char *s)
{
	uint64_t v;

	memcpy(&v, s, 8);
	return v;
}

static uint32_t load4(const char *s)
{
	uint32_t v;

	memcpy(&v, s, 4);
	return v;
}

/* Two words of the len bytes at s that, with len, tell them from any
 * other bytes of len up to 16 (for longer ones, their first and last
 * eight: a memcmp decides): no key is read past its end. */
static void words_of(const char *s, size_t len, uint64_t *a, uint64_t *b)
{
	const unsigned char *u = (const unsigned char *)s;

	*b = 0;
	if (len >= 8) {
		*a = load8(s);
		*b = load8(s + len - 8);
	} else if (len >= 4) {
		*a = load4(s) | (uint64_t)load4(s + len - 4) << 32;
	} else if (len) {
		*a = u[0] | (uint64_t)u[len / 2] << 8 | (uint64_t)u[len - 1] << 16;
	} else {
		*a = 0;
	}
}

/* Whether the len bytes at s go into JSON as they are (as jsonw.c
 * writes a string: none below 0x20, none '"' or '\\'). */
static int plain(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == '"' || s[i] == '\\')
			return 0;
	return 1;
}

/* A copy of the len bytes at s and a NUL in the blocks, after the byte
 * keys_plain_len reads, or NULL. */
static const char *copy_in(struct keys *k, const char *s, size_t len)
{
	struct block *b = k->blocks;
	char *c;

	if (!b || BLOCK - b->used < len + 2) {
		if (!(b = malloc(sizeof *b)))
			return NULL;
		b->next = k->blocks;
		b->used = 0;
		k->blocks = b;
	}
	c = b->text + b->used;
	c[0] = (char)(plain(s, len) ? len + 1 : 0); /* len < KEYS_LONG */
	memcpy(c + 1, s, len);
	c[len + 1] = '\0';
	b->used += len + 2;
	return c + 1;
}

/* Whether s is UTF-8 (as utf8_invalid_at holds it). */
static int is_utf8(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && (unsigned char)s[i] < 0x80)
		i++;
	return i == len || utf8_invalid_at(s + i, len - i) < 0;
}

/* Key s, found among those held or held from now on.  A key found is
 * the bytes of one held, so UTF-8: only a new one is checked. */
struct key keys_intern(struct keys **keys, const char *s)
{
	struct key r = { NULL, -1, -1 };
	struct keys *k = *keys;
	size_t len = strlen(s), i;
	uint64_t a, b, h;
	struct entry *e;

	if (len >= KEYS_LONG || (!k && !(k = *keys = calloc(1, sizeof *k)))) {
		if (is_utf8(s, len)) /* not held: checked as before */
			r.len = (long)len;
		return r;
	}
	words_of(s, len, &a, &b);
	h = (a ^ (b * 0x9E3779B97F4A7C15u) ^ len) * 0xBF58476D1CE4E5B9u;
	h ^= h >> 29;
	for (i = h & (SLOTS - 1); k->slot[i]; i = (i + 1) & (SLOTS - 1)) {
		e = &k->e[k->slot[i] - 1];
		if (e->a == a && e->b == b && e->len == len &&
		    (len <= 16 || memcmp(e->s, s, len) == 0)) {
			r.s = e->s;
			r.len = (long)len;
			r.bit = k->slot[i] - 1 < KEYS_BITS ? k->slot[i] - 1 : -1;
			return r;
		}
	}
	if (!is_utf8(s, len))
		return r; /* not UTF-8: len -1 */
	r.len = (long)len;
	if (k->n == KEYS_MAX || !(r.s = copy_in(k, s, len)))
		return r; /* not held */
	e = &k->e[k->n];
	e->s = r.s;
	e->len = len;
	e->a = a;
	e->b = b;
	k->slot[i] = (uint16_t)(++k->n);
	r.bit = k->n - 1 < KEYS_BITS ? (int)(k->n - 1) : -1;
	return r;
}

/* An object that tracks its keys carries this in valueint (cJSON leaves
 * an object's valueint and valuedouble alone: they print nothing) and
 * the bits of its members' keys in valuedouble's bytes. */
#define TRACKED 0x6b657973

void keys_track(cJSON *o)
{
	uint64_t none = 0;

	o->valueint = TRACKED;
	memcpy(&o->valuedouble, &none, sizeof none);
}

void keys_mark(cJSON *o, const struct key *k)
{
	uint64_t bits;

	if (o->valueint != TRACKED)
		return;
	if (k->bit < 0) {
		o->valueint = 0; /* a key without a bit: tracked no longer */
		return;
	}
	memcpy(&bits, &o->valuedouble, sizeof bits);
	bits |= (uint64_t)1 << k->bit;
	memcpy(&o->valuedouble, &bits, sizeof bits);
}

int keys_may_hold(const cJSON *o, const struct key *k)
{
	uint64_t bits;

	if (o->valueint != TRACKED || k->bit < 0)
		return 1;
	memcpy(&bits, &o->valuedouble, sizeof bits);
	return (bits >> k->bit) & 1;
}

void keys_free(struct keys *keys)
{
	struct block *b, *next;

	if (!keys)
		return;
	for (b = keys->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(keys);
}
