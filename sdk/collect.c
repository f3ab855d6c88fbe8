/*
 * collect.c - what a scheme keeps of a batch for its finish step: a
 * growable array, a string pool, a stable sort with a context argument,
 * and one-to-one matching that prefers partners in the same group (see
 * include/assess/scheme.h).  Part of libassess_scheme.a.
 *
 * A million records stream through one plugin state, so what is kept per
 * record must be small and in few allocations: fixed-size entries in one
 * array, their strings side by side in one pool, referred to by offset
 * (an offset survives the pool's growth; a pointer would not).
 */
#include "assess/scheme.h"
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void assess_vec_init(assess_vec *a, size_t size)
{
	memset(a, 0, sizeof *a);
	a->size = size;
}

void *assess_vec_push(assess_vec *a)
{
	char *slot;

	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		void *v;
		if (cap > SIZE_MAX / a->size || !(v = realloc(a->v, cap * a->size)))
			return NULL;
		a->v = v;
		a->cap = cap;
	}
	slot = (char *)a->v + a->n++ * a->size;
	memset(slot, 0, a->size);
	return slot;
}

void assess_vec_free(assess_vec *a)
{
	if (!a)
		return;
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

int assess_pool_add(assess_pool *p, const char *s, size_t *off)
{
	size_t len;

	if (!s) {
		*off = ASSESS_POOL_NONE;
		return ASSESS_OK;
	}
	len = strlen(s) + 1;
	if (p->n + len > p->cap) {
		size_t cap = p->cap ? p->cap : 4096;
		char *q;
		while (cap < p->n + len)
			cap *= 2;
		if (!(q = realloc(p->s, cap)))
			return ASSESS_ENOMEM;
		p->s = q;
		p->cap = cap;
	}
	memcpy(p->s + p->n, s, len);
	*off = p->n;
	p->n += len;
	return ASSESS_OK;
}

const char *assess_pool_str(const assess_pool *p, size_t off)
{
	return off == ASSESS_POOL_NONE ? NULL : p->s + off;
}

void assess_pool_free(assess_pool *p)
{
	if (!p)
		return;
	free(p->s);
	memset(p, 0, sizeof *p);
}

/* Merge sort of v[0..n) by way of tmp, stable. */
static void merge_sort(size_t *v, size_t *tmp, size_t n,
                       int (*cmp)(size_t, size_t, void *), void *ctx)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	merge_sort(v, tmp, mid, cmp, ctx);
	merge_sort(v + mid, tmp, n - mid, cmp, ctx);
	while (i < mid && j < n)
		tmp[k++] = cmp(v[j], v[i], ctx) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

int assess_sort(size_t *v, size_t n, int (*cmp)(size_t, size_t, void *),
                void *ctx)
{
	size_t *tmp;

	if (n < 2)
		return ASSESS_OK;
	if (!(tmp = malloc(n * sizeof *tmp)))
		return ASSESS_ENOMEM;
	merge_sort(v, tmp, n, cmp, ctx);
	free(tmp);
	return ASSESS_OK;
}

assess_node *assess_put_list(const assess_host *h, assess_node *n,
                             const char *key)
{
	return ASSESS_HAS(h, put_list) ? h->put_list(n, key)
	                               : h->put_array(n, key);
}


void assess_roster_init(assess_roster *r)
{
	memset(r, 0, sizeof *r);
	assess_vec_init(&r->members, sizeof(assess_member));
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h ^ h >> 29;
}

/* The table place of parent p: where it is, or the empty one. */
static size_t parent_place(const assess_roster *r, const char *p)
{
	size_t i = (size_t)hash_str(p) & (r->pcap - 1);

	while (r->ptab[i] && strcmp(r->parents.s + r->ptab[i] - 1, p) != 0)
		i = (i + 1) & (r->pcap - 1);
	return i;
}

static int parents_grow(assess_roster *r)
{
	size_t cap = r->pcap ? 2 * r->pcap : 64, i, old = r->pcap;
	uint32_t *tab = calloc(cap, sizeof *tab), *was = r->ptab;

	if (!tab)
		return ASSESS_ENOMEM;
	r->ptab = tab;
	r->pcap = cap;
	for (i = 0; i < old; i++)
		if (was[i])
			tab[parent_place(r, r->parents.s + was[i] - 1)] = was[i];
	free(was);
	return ASSESS_OK;
}

/* The offset of parent among the parents, added once. */
static int intern_parent(assess_roster *r, const char *parent, uint32_t *off)
{
	size_t i, at;

	if (!parent) {
		*off = ASSESS_ROSTER_NONE;
		return ASSESS_OK;
	}
	if ((r->pcount + 1) * 2 > r->pcap && parents_grow(r) != ASSESS_OK)
		return ASSESS_ENOMEM;
	i = parent_place(r, parent);
	if (!r->ptab[i]) {
		if (r->parents.n + strlen(parent) + 1 >= ASSESS_ROSTER_NONE ||
		    assess_pool_add(&r->parents, parent, &at) != ASSESS_OK)
			return ASSESS_ENOMEM;
		r->ptab[i] = (uint32_t)at + 1;
		r->pcount++;
	}
	*off = r->ptab[i] - 1;
	return ASSESS_OK;
}

/* What follows a member's id in the pool: its name, empty ("\0") until
 * given; or, the names spilled, where the name is in their file (4
 * bytes, 0 until given). */
static size_t name_room(const assess_roster *r)
{
	return r->names ? sizeof(uint32_t) : 1;
}

/* Append n zero bytes to the pool.  ASSESS_OK or ASSESS_ENOMEM. */
static int pool_zeros(assess_pool *p, size_t n)
{
	size_t off;

	while (n--)
		if (assess_pool_add(p, "", &off) != ASSESS_OK)
			return ASSESS_ENOMEM;
	return ASSESS_OK;
}

int assess_roster_add(assess_roster *r, const char *id, const char *parent,
                      double score, int level, int tag)
{
	size_t n = r->pool.n, idoff;
	uint32_t paroff;
	assess_member *m;

	if (!id || n + strlen(id) + 1 + name_room(r) >= ASSESS_ROSTER_NONE ||
	    intern_parent(r, parent, &paroff) != ASSESS_OK ||
	    assess_pool_add(&r->pool, id, &idoff) != ASSESS_OK ||
	    pool_zeros(&r->pool, name_room(r)) != ASSESS_OK || /* no name */
	    !(m = assess_vec_push(&r->members))) {
		r->pool.n = n;
		return ASSESS_ENOMEM;
	}
	m->id = (uint32_t)idoff;
	m->parent_at = paroff;
	m->score = score;
	m->level = level;
	m->tag = tag;
	m->handle = 0;
	return ASSESS_OK;
}

void assess_roster_pass(assess_roster *r)
{
	r->passed++;
}

size_t assess_roster_counted(const assess_roster *r)
{
	return r->members.n + r->passed;
}

const assess_member *assess_roster_get(const assess_roster *r, size_t i)
{
	return &((const assess_member *)r->members.v)[i];
}

const char *assess_roster_id(size_t i, void *roster)
{
	const assess_roster *r = roster;

	return r->pool.s + assess_roster_get(r, i)->id;
}

const char *assess_roster_name(size_t i, void *roster)
{
	const assess_roster *r = roster;
	const char *id = assess_roster_id(i, roster);
	const char *name = id + strlen(id) + 1;
	uint32_t at;

	if (r->names) {
		memcpy(&at, name, sizeof at);
		return at ? sdk_spill_get(r->names, at) : NULL;
	}
	return *name ? name : NULL;
}

uint32_t sdk_roster_name_at(const assess_roster *r, size_t i)
{
	const char *id = assess_roster_id(i, (void *)r);
	uint32_t at;

	memcpy(&at, id + strlen(id) + 1, sizeof at);
	return at;
}

const char *assess_roster_parent(size_t i, void *roster)
{
	const assess_roster *r = roster;
	uint32_t off = assess_roster_get(r, i)->parent_at;

	return off == ASSESS_ROSTER_NONE ? NULL : r->parents.s + off;
}

int assess_roster_weakest_first(size_t a, size_t b, void *roster)
{
	const assess_member *x = assess_roster_get(roster, a);
	const assess_member *y = assess_roster_get(roster, b);
	int d = assess_dec_cmp(x->score, y->score);

	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	return d ? d : strcmp(assess_roster_id(a, roster),
	                      assess_roster_id(b, roster));
}

int assess_roster_strongest_first(size_t a, size_t b, void *roster)
{
	const assess_member *x = assess_roster_get(roster, a);
	const assess_member *y = assess_roster_get(roster, b);
	int d = assess_dec_cmp(y->score, x->score);

	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	return d ? d : strcmp(assess_roster_id(a, roster),
	                      assess_roster_id(b, roster));
}

void assess_roster_free(assess_roster *r)
{
	assess_vec_free(&r->members);
	assess_pool_free(&r->pool);
	assess_pool_free(&r->parents);
	free(r->ptab);
	sdk_spill_free(r->names);
	r->ptab = NULL;
	r->names = NULL;
	r->pcap = r->pcount = r->passed = 0;
}

int assess_roster_spill_names(assess_roster *r, const assess_host *h)
{
	if (r->names)
		return ASSESS_OK;
	if (r->members.n) /* their names are in the pool already */
		return ASSESS_EINVAL;
	return (r->names = sdk_spill_new(h)) ? ASSESS_OK : ASSESS_ENOMEM;
}

int assess_roster_names_status(const assess_roster *r)
{
	return sdk_spill_status(r->names);
}
