/*
 * idset.c - hashed set of record ids (see idset.h).  The table holds
 * indexes into the per-id hashes, so its slots are 4 bytes and each hash
 * is stored once, densely.  Where an id was seen is needed only for a
 * repeat, so it is kept as cheaply as the input allows: the files come
 * in runs (a batch reads its files one after another), and within a
 * file the ids mostly stand on consecutive lines, so a run's first line
 * tells the others' (4 MB a million ids less at the reading's peak).
 *
 * Past the limit the ids held go to the temporary file as a part sorted
 * by hash; they are sorted in place, the hashes with their indexes (in
 * the table's room, which they no longer need), so writing a part takes
 * no memory but a buffer.  An id is in at most one place (a repeat is
 * never added), so the part or the table that holds it tells where it
 * was first seen.  Every part is asked, newest first: each costs a probe
 * of its filter, one cache line, so a record costs a few more misses per
 * 2^21 ids before it rather than a table that outgrows every cache.
 */
#include "idset.h"
#include "tmp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK 64         /* ids a read of a part; its index keeps every 64th */
#define FILTER_BITS 16   /* a part's filter, bits an id */
#define FILTER_PROBES 7  /* bits set an id, 9 bits of a mix each */
#define WRITE_IDS 4096   /* ids gathered before a write (64 KB) */
#define LIMIT_MAX ((size_t)1 << 31) /* indexes held in 32 bits */

/* An id as a part holds it, in the file. */
struct entry {
	uint64_t hash;
	int32_t file;
	uint32_t line;
};

/* FNV-1a, then a final mix so that similar ids spread over the table. */
static uint64_t hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return h;
}

/* The slot holding h, or the empty one where it goes. */
static size_t find(const struct idset *s, uint64_t h)
{
	size_t i = (size_t)h & (s->cap - 1);

	while (s->slot[i] && s->hash[s->slot[i] - 1] != h)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static int grow_table(struct idset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 1024, i;
	uint32_t *old = s->slot;

	if (!(s->slot = calloc(cap, sizeof *s->slot))) {
		s->slot = old;
		errno = ENOMEM;
		return -1;
	}
	s->cap = cap;
	for (i = 0; i < s->count; i++)
		s->slot[find(s, s->hash[i])] = (uint32_t)(i + 1);
	free(old);
	return 0;
}

static int grow_ids(struct idset *s)
{
	size_t room = s->room ? s->room * 2 : 1024;
	uint64_t *h = realloc(s->hash, room * sizeof *h);
	uint32_t *l;

	if (!h) {
		errno = ENOMEM;
		return -1;
	}
	s->hash = h;
	if (s->line) {
		if (!(l = realloc(s->line, room * sizeof *l))) {
			errno = ENOMEM;
			return -1;
		}
		s->line = l;
	}
	s->room = room;
	return 0;
}

/* The run of the id at index i: the last starting at or before i. */
static const struct idset_run *run_of(const struct idset *s, size_t i)
{
	size_t lo = 0, hi = s->nruns;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->runs[mid].first <= i)
			lo = mid;
		else
			hi = mid;
	}
	return &s->runs[lo];
}

/* The line of the id at index i, 0 when not known. */
static uint32_t line_of(const struct idset *s, size_t i)
{
	const struct idset_run *r = run_of(s, i);

	if (s->line)
		return s->line[i];
	return r->line ? r->line + (uint32_t)(i - r->first) : 0;
}

/* Keep the lines per id from now on: the runs would cost more.  0, or
 * -1 (ENOMEM, nothing changed). */
static int lines_per_id(struct idset *s)
{
	uint32_t *l = malloc((s->room ? s->room : 1) * sizeof *l);
	size_t i;

	if (!l) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < s->count; i++)
		l[i] = line_of(s, i);
	s->line = l;
	return 0;
}

/* Note that the next id comes from file, at line (0: not known).  0, or
 * -1 (ENOMEM). */
static int note_where(struct idset *s, int file, uint32_t line)
{
	const struct idset_run *last = s->nruns ? &s->runs[s->nruns - 1] : NULL;
	struct idset_run *r;

	if (last && last->file == file &&
	    (s->line ||
	     (last->line ? line == (uint64_t)last->line + (s->count - last->first)
	                 : !line)))
		return 0; /* the run goes on */
	/* a run costs 12 bytes, a line per id 4: past a third of the ids
	 * starting runs (and a few for the files) the lines go per id */
	if (!s->line && s->nruns >= 64 && s->nruns * 3 > s->count &&
	    lines_per_id(s) < 0)
		return -1;
	if (s->line && last && last->file == file)
		return 0;
	if (s->nruns == s->rroom) {
		size_t room = s->rroom ? 2 * s->rroom : 4;
		if (!(r = realloc(s->runs, room * sizeof *r))) {
			errno = ENOMEM;
			return -1;
		}
		s->runs = r;
		s->rroom = room;
	}
	r = &s->runs[s->nruns++];
	r->first = (uint32_t)s->count;
	r->line = line;
	r->file = file;
	return 0;
}

/* The filter's block of h, and the word and bit of its probe k: the
 * block from the hash's top half, the bits from a second mix of it. */
static size_t filter_block(const struct idset_part *p, uint64_t h)
{
	return (size_t)(((h >> 32) * (uint64_t)p->nblocks) >> 32);
}

static uint64_t filter_mix(uint64_t h)
{
	h *= 0x9e3779b97f4a7c15u;
	return h ^ (h >> 31);
}

static void filter_set(struct idset_part *p, uint64_t h)
{
	uint64_t *b = p->filter + 8 * filter_block(p, h), g = filter_mix(h);
	int k;

	for (k = 0; k < FILTER_PROBES; k++, g >>= 9)
		b[(g & 511) >> 6] |= (uint64_t)1 << (g & 63);
}

static int filter_may_hold(const struct idset_part *p, uint64_t h)
{
	const uint64_t *b = p->filter + 8 * filter_block(p, h);
	uint64_t g = filter_mix(h);
	int k;

	for (k = 0; k < FILTER_PROBES; k++, g >>= 9)
		if (!(b[(g & 511) >> 6] & (uint64_t)1 << (g & 63)))
			return 0;
	return 1;
}

/* Sort hash[lo, hi) with idx[] alongside: quicksort on the median of
 * three, insertion sort for short spans, heapsort past a depth (ids can
 * be chosen to make any one pivot rule slow). */
static void swap2(uint64_t *hash, uint32_t *idx, size_t i, size_t j)
{
	uint64_t h = hash[i];
	uint32_t x = idx[i];

	hash[i] = hash[j];
	idx[i] = idx[j];
	hash[j] = h;
	idx[j] = x;
}

static void sift(uint64_t *hash, uint32_t *idx, size_t i, size_t n)
{
	size_t c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && hash[c + 1] > hash[c])
			c++;
		if (hash[i] >= hash[c])
			return;
		swap2(hash, idx, i, c);
		i = c;
	}
}

static void heap_sort(uint64_t *hash, uint32_t *idx, size_t n)
{
	size_t i;

	for (i = n / 2; i-- > 0;)
		sift(hash, idx, i, n);
	while (n > 1) {
		swap2(hash, idx, 0, --n);
		sift(hash, idx, 0, n);
	}
}

static void sort_ids(uint64_t *hash, uint32_t *idx, size_t n, int depth)
{
	while (n > 16) {
		size_t i = 0, j = n - 1, m = n / 2;
		uint64_t pivot;

		if (depth-- == 0) {
			heap_sort(hash, idx, n);
			return;
		}
		if (hash[m] < hash[0])
			swap2(hash, idx, m, 0);
		if (hash[j] < hash[0])
			swap2(hash, idx, j, 0);
		if (hash[j] < hash[m])
			swap2(hash, idx, j, m);
		pivot = hash[m];
		for (;;) { /* Hoare's partition: [0, j] <= pivot <= [j + 1, n) */
			while (hash[i] < pivot)
				i++;
			while (hash[j] > pivot)
				j--;
			if (i >= j)
				break;
			swap2(hash, idx, i++, j--);
		}
		/* the shorter side by recursion, the longer by the loop */
		if (j + 1 < n - j - 1) {
			sort_ids(hash, idx, j + 1, depth);
			hash += j + 1;
			idx += j + 1;
			n -= j + 1;
		} else {
			sort_ids(hash + j + 1, idx + j + 1, n - j - 1, depth);
			n = j + 1;
		}
	}
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0 && hash[b] < hash[b - 1]; b--)
			swap2(hash, idx, b, b - 1);
}

/* Read n entries at off in fp, all of them.  0, or -1 (errno). */
static int read_at(FILE *fp, struct entry *e, size_t n, uint64_t off)
{
	ssize_t got = tmp_read_at(fileno(fp), e, n * sizeof *e, off);

	if (got >= 0 && (size_t)got < n * sizeof *e)
		errno = EIO; /* the file cut short under the run */
	return got >= 0 && (size_t)got == n * sizeof *e ? 0 : -1;
}

/* A part made ready for the ids held: its filter, its index, its place
 * in the file (made when first needed).  0, or -1 (errno). */
static int part_open(struct idset *s, struct idset_part *p)
{
	size_t n = s->count;

	memset(p, 0, sizeof *p);
	if (!s->fp && !(s->fp = tmp_file()))
		return -1;
	p->n = n;
	p->at = s->end;
	p->nblocks = (n * FILTER_BITS + 511) / 512;
	p->filter = aligned_alloc(64, p->nblocks * 64);
	p->index = malloc((n + BLOCK - 1) / BLOCK * sizeof *p->index);
	if (!p->filter || !p->index) {
		free(p->filter);
		free(p->index);
		errno = ENOMEM;
		return -1;
	}
	memset(p->filter, 0, p->nblocks * 64);
	return 0;
}

/* Write the ids held out as a part and start memory afresh (the table's
 * and the hashes' room kept for the next ids).  0, or -1 (errno). */
static int spill(struct idset *s)
{
	struct idset_part p, *parts;
	struct entry *buf;
	uint32_t *idx = s->slot; /* cap >= 2 * count: room to spare */
	size_t i, n = s->count, got = 0;
	int depth = 0;

	if (s->nparts == s->proom) {
		size_t room = s->proom ? 2 * s->proom : 8;
		if (!(parts = realloc(s->parts, room * sizeof *parts))) {
			errno = ENOMEM;
			return -1;
		}
		s->parts = parts;
		s->proom = room;
	}
	if (!(buf = malloc(WRITE_IDS * sizeof *buf))) {
		errno = ENOMEM;
		return -1;
	}
	if (part_open(s, &p) < 0) {
		free(buf);
		return -1;
	}
	for (i = 0; i < n; i++)
		idx[i] = (uint32_t)i;
	for (i = n; i > 1; i >>= 1)
		depth += 2;
	sort_ids(s->hash, idx, n, depth);
	for (i = 0; i < n; i++) {
		const struct idset_run *r = run_of(s, idx[i]);
		struct entry *e = &buf[got++];

		e->hash = s->hash[i];
		e->file = r->file;
		e->line = line_of(s, idx[i]);
		filter_set(&p, e->hash);
		if (i % BLOCK == 0)
			p.index[i / BLOCK] = e->hash;
		if (got < WRITE_IDS && i + 1 < n)
			continue;
		if (tmp_write_at(fileno(s->fp), buf, got * sizeof *e,
		                 p.at + (i + 1 - got) * sizeof *e) < 0) {
			free(buf);
			free(p.filter);
			free(p.index);
			return -1;
		}
		got = 0;
	}
	free(buf);
	s->parts[s->nparts++] = p;
	s->end += n * sizeof(struct entry);
	s->count = 0;
	s->nruns = 0;
	free(s->line);
	s->line = NULL;
	memset(s->slot, 0, s->cap * sizeof *s->slot);
	return 0;
}

/* Look h up in part p: 1 (where it was first in *first), 0 (not there),
 * or -1 (errno: the file not read). */
static int part_find(FILE *fp, const struct idset_part *p, uint64_t h,
                     struct idset_where *first)
{
	struct entry e[BLOCK];
	size_t lo = 0, hi = (p->n + BLOCK - 1) / BLOCK, n;

	if (!filter_may_hold(p, h) || h < p->index[0])
		return 0;
	while (hi - lo > 1) { /* the last block starting at or below h */
		size_t mid = lo + (hi - lo) / 2;
		if (p->index[mid] <= h)
			lo = mid;
		else
			hi = mid;
	}
	n = p->n - lo * BLOCK < BLOCK ? p->n - lo * BLOCK : BLOCK;
	if (read_at(fp, e, n, p->at + lo * BLOCK * sizeof *e) < 0)
		return -1;
	for (lo = 0, hi = n; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;
		if (e[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n || e[lo].hash != h)
		return 0;
	first->file = e[lo].file;
	first->line = e[lo].line;
	return 1;
}

int idset_add(struct idset *s, const char *id, struct idset_where where,
              struct idset_where *first)
{
	uint64_t h = hash(id);
	uint32_t line = where.line < UINT32_MAX ? (uint32_t)where.line : 0;
	size_t limit = s->limit && s->limit < LIMIT_MAX ? s->limit
	               : s->limit ? LIMIT_MAX : IDSET_MEMORY;
	size_t i;
	int got;

	if (s->count && s->slot[i = find(s, h)]) {
		size_t k = s->slot[i] - 1;
		first->file = run_of(s, k)->file;
		first->line = line_of(s, k);
		return 0;
	}
	for (i = s->nparts; i-- > 0;)
		if ((got = part_find(s->fp, &s->parts[i], h, first)) != 0)
			return got > 0 ? 0 : -1;
	if (s->count == limit && spill(s) < 0)
		return -1;
	if ((s->count + 1) * 2 > s->cap && grow_table(s) < 0)
		return -1;
	i = find(s, h);
	if ((s->count == s->room && grow_ids(s) < 0) ||
	    note_where(s, where.file, line) < 0)
		return -1;
	s->hash[s->count] = h;
	if (s->line)
		s->line[s->count] = line;
	s->slot[i] = (uint32_t)++s->count;
	return 1;
}

void idset_free(struct idset *s)
{
	size_t i;

	for (i = 0; i < s->nparts; i++) {
		free(s->parts[i].filter);
		free(s->parts[i].index);
	}
	free(s->parts);
	if (s->fp)
		fclose(s->fp);
	free(s->slot);
	free(s->hash);
	free(s->line);
	free(s->runs);
	memset(s, 0, sizeof *s);
}
