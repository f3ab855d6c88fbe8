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

/* The order of groups for the helpers' grouped copy. */
struct by_group {
	const char *(*group)(size_t, void *);
	void *ctx;
};

static int group_cmp(size_t a, size_t b, void *arg)
{
	const struct by_group *g = arg;
	const char *x = g->group(a, g->ctx), *y = g->group(b, g->ctx);

	return strcmp(x ? x : "", y ? y : "");
}

int assess_match(const size_t *seekers, size_t nseekers,
                 const size_t *partners, size_t npartners,
                 const char *(*group)(size_t, void *), void *ctx,
                 size_t *pick)
{
	struct by_group g = { group, ctx };
	size_t *grouped = NULL, *taken = NULL, i, next = 0;
	unsigned char *used = NULL;
	size_t nused = 0, maxid = 0;
	int rc = ASSESS_ENOMEM;

	for (i = 0; i < npartners; i++)
		if (partners[i] >= maxid)
			maxid = partners[i] + 1;
	grouped = malloc((npartners + 1) * sizeof *grouped);
	taken = calloc(npartners + 1, sizeof *taken);
	used = calloc(maxid + 1, 1);
	if (!grouped || !taken || !used)
		goto out;
	memcpy(grouped, partners, npartners * sizeof *grouped);
	/* stable: each group keeps the partners' order of preference */
	if (assess_sort(grouped, npartners, group_cmp, &g) != ASSESS_OK)
		goto out;

	/* pass 1: a group's partners go to its own seekers, in order, so the
	 * next free one of a group is the one after those taken */
	for (i = 0; i < nseekers; i++) {
		const char *p = group(seekers[i], ctx);
		size_t lo = 0, hi = npartners, k;

		pick[i] = ASSESS_NO_MATCH;
		if (!p || !*p)
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const char *q = group(grouped[mid], ctx);
			if (strcmp(q ? q : "", p) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		k = lo + taken[lo];
		if (k < npartners) {
			const char *q = group(grouped[k], ctx);
			if (q && strcmp(q, p) == 0) {
				pick[i] = grouped[k];
				used[grouped[k]] = 1;
				taken[lo]++;
				nused++;
			}
		}
	}
	/* pass 2: the seekers left take the first free partners anywhere */
	for (i = 0; i < nseekers && nused < npartners; i++) {
		while (pick[i] == ASSESS_NO_MATCH && next < npartners) {
			if (!used[partners[next]]) {
				pick[i] = partners[next];
				used[partners[next]] = 1;
				nused++;
			}
			next++;
		}
	}
	rc = ASSESS_OK;
out:
	free(grouped);
	free(taken);
	free(used);
	return rc;
}
