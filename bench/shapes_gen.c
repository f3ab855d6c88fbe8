/*
 * shapes_gen.c - bench/shapes.py's and bench/gen.py's records, the same
 * bytes, written forty times faster: a million records of
 * p1000-all-pairs in 1.3 s of CPU instead of 52 s, so that a million
 * (the suite's regression benchmark, tests/bench_check.sh) and ten
 * million records (bench/check.py --large 10000000) cost little beside
 * assess's run.
 *
 * Usage: shapes_gen N PER_PARENT none|all VETOES PAIR [SEED]
 *        shapes_gen N gen [SEED]
 * The first form is `shapes.py N --per-parent K --history H --vetoes V
 * --pair P --seed S` (bench/check.py passes a named shape's values); the
 * second is `gen.py N SEED` (without --criteria).
 *
 * Same bytes because the same numbers are drawn in the same order:
 * Python's random.Random is MT19937 seeded by init_by_array over the
 * seed's 32-bit words; random() takes two words (27 and 26 bits),
 * uniform(a, b) is a + (b - a) * random(), randint(0, 5) draws 3-bit
 * words (the top 3 bits of one word) until one is below 6.  round(x, 1)
 * and repr() print the correctly rounded value with one decimal, which
 * is printf's "%.1f" (a tie is not representable: no double is exactly
 * d.d5).  Build with -ffp-contract=off, so that no multiply-add is fused
 * where Python rounds twice.  bench/check.py holds this program to
 * shapes.py and gen.py byte for byte (2,000 records of each shape it
 * runs) on every run, the suite's included.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MT_N 624
#define MT_M 397

/* The generator's state: one per run, passed down. */
struct mt {
	uint32_t s[MT_N];
	int i;
};

static void mt_init(struct mt *m, uint32_t seed)
{
	m->s[0] = seed;
	for (int i = 1; i < MT_N; i++)
		m->s[i] = 1812433253u * (m->s[i - 1] ^ (m->s[i - 1] >> 30)) +
		          (uint32_t)i;
	m->i = MT_N;
}

/* Python's seed(n) for 0 <= n < 2^32: init_by_array over the key {n}. */
static void mt_seed(struct mt *m, uint32_t n)
{
	int i = 1, j = 0, k;

	mt_init(m, 19650218u);
	for (k = MT_N; k; k--) {
		m->s[i] = (m->s[i] ^ ((m->s[i - 1] ^ (m->s[i - 1] >> 30)) *
		                      1664525u)) + n + (uint32_t)j;
		i++;
		j = 0; /* the key has one word */
		if (i >= MT_N) {
			m->s[0] = m->s[MT_N - 1];
			i = 1;
		}
	}
	for (k = MT_N - 1; k; k--) {
		m->s[i] = (m->s[i] ^ ((m->s[i - 1] ^ (m->s[i - 1] >> 30)) *
		                      1566083941u)) - (uint32_t)i;
		i++;
		if (i >= MT_N) {
			m->s[0] = m->s[MT_N - 1];
			i = 1;
		}
	}
	m->s[0] = 0x80000000u;
}

static uint32_t mt_word(struct mt *m)
{
	static const uint32_t mag01[2] = { 0, 0x9908b0dfu };
	uint32_t y;
	int k;

	if (m->i >= MT_N) {
		for (k = 0; k < MT_N - MT_M; k++) {
			y = (m->s[k] & 0x80000000u) | (m->s[k + 1] & 0x7fffffffu);
			m->s[k] = m->s[k + MT_M] ^ (y >> 1) ^ mag01[y & 1];
		}
		for (; k < MT_N - 1; k++) {
			y = (m->s[k] & 0x80000000u) | (m->s[k + 1] & 0x7fffffffu);
			m->s[k] = m->s[k + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 1];
		}
		y = (m->s[MT_N - 1] & 0x80000000u) | (m->s[0] & 0x7fffffffu);
		m->s[MT_N - 1] = m->s[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1];
		m->i = 0;
	}
	y = m->s[m->i++];
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680u;
	y ^= (y << 15) & 0xefc60000u;
	y ^= y >> 18;
	return y;
}

static double mt_random(struct mt *m)
{
	uint32_t a = mt_word(m) >> 5, b = mt_word(m) >> 6;

	return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

static double mt_uniform(struct mt *m, double a, double b)
{
	return a + (b - a) * mt_random(m);
}

/* randint(0, 5): Python's _randbelow(6) by getrandbits(3). */
static int mt_star(struct mt *m)
{
	uint32_t r;

	while ((r = mt_word(m) >> 29) >= 6)
		;
	return (int)r;
}

static const char *const items[] = { "self_building", "team", "workforce",
	"basic_work", "production", "supervision", "democracy_culture" };
static const int item_max[] = { 20, 15, 15, 15, 15, 10, 10 };
static const char *const vetoes[] = { "team_disunity", "task_unfinished",
	"member_disciplined" };
static const char *const periods[] = { "daily", "half_year", "annual" };

#define NITEMS 7

/* A record's text, built in memory and written whole: printf's
 * formatting of every number was four fifths of the time. */
struct line {
	char b[4096];
	size_t n;
};

static void put_str(struct line *l, const char *s)
{
	size_t k = strlen(s);

	memcpy(l->b + l->n, s, k);
	l->n += k;
}

static void put_long(struct line *l, long v, int width)
{
	char d[24];
	int k = 0;

	do {
		d[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k < width)
		d[k++] = '0';
	while (k)
		l->b[l->n++] = d[--k];
}

/* v to one decimal, correctly rounded as "%.1f" prints it.  v * 10 is
 * within an ulp of the exact value, so rounding it is exact unless it
 * lies next to a half: those few go through snprintf. */
static void put_tenths(struct line *l, double v)
{
	double t = v * 10.0, k = floor(t + 0.5);

	if (fabs(t - (k - 0.5)) < 1e-6) {
		l->n += (size_t)snprintf(l->b + l->n, 32, "%.1f", v);
		return;
	}
	put_long(l, (long)k / 10, 1);
	l->b[l->n++] = '.';
	l->b[l->n++] = (char)('0' + (long)k % 10);
}

/* Score text: shapes.py's round(min(m, m * x), 1), an int when min() keeps
 * m (x >= 1), else the float to one decimal. */
static void put_capped(struct line *l, int m, double x)
{
	double v = m * x;

	if (v < m)
		put_tenths(l, v);
	else
		put_long(l, m, 1);
}

static void put_items(struct line *l, const double *v, int capped)
{
	for (int k = 0; k < NITEMS; k++) {
		put_str(l, k ? ",\"" : "{\"");
		put_str(l, items[k]);
		put_str(l, "\":");
		if (capped)
			put_capped(l, item_max[k], v[k]);
		else
			put_tenths(l, v[k]);
	}
	put_str(l, "}");
}

static void put_checks(struct line *l, double check[3][NITEMS], int capped)
{
	put_str(l, "\"checks\":");
	for (int p = 0; p < 3; p++) {
		put_str(l, p ? ",\"" : "{\"");
		put_str(l, periods[p]);
		put_str(l, "\":");
		put_items(l, check[p], capped);
	}
	put_str(l, "}");
}

/* The record's start: id (DIGITS wide), name, parent (PDIGITS wide). */
static void put_head(struct line *l, long i, int digits, long parent,
                     int pdigits)
{
	put_str(l, "{\"id\":\"b-");
	put_long(l, i, digits);
	put_str(l, "\",\"name\":\"第");
	put_long(l, i, 1);
	put_str(l, "钻井队党支部\",\"parent\":\"unit-");
	put_long(l, parent, pdigits);
	put_str(l, "\",\"period\":\"2025\",");
}

static void put_tail(struct line *l, struct mt *m, int veto, long i,
                     int history)
{
	if (veto) {
		put_str(l, ",\"vetoes\":[\"");
		put_str(l, vetoes[i % 3]);
		put_str(l, "\"]");
	}
	if (history) {
		int a = mt_star(m), b = mt_star(m);

		put_str(l, ",\"history\":[{\"period\":\"2024\",\"stars\":");
		put_long(l, a, 1);
		put_str(l, "},{\"period\":\"2023\",\"stars\":");
		put_long(l, b, 1);
		put_str(l, "}]");
	}
	put_str(l, "}\n");
}

/* One record of shapes.py's main loop. */
static void shape_record(struct line *l, struct mt *m, long i, long units,
                         int history, double veto, double pair)
{
	double score[NITEMS], check[3][NITEMS], u = mt_random(m), level;
	int p, k;

	if (u < pair)
		level = mt_uniform(m, 0.45, 0.68);
	else if (u < 2 * pair)
		level = mt_uniform(m, 0.81, 0.97);
	else
		level = mt_uniform(m, 0.71, 0.79);
	for (k = 0; k < NITEMS; k++)
		score[k] = level + mt_uniform(m, -0.02, 0.02);
	put_head(l, i, 8, i % units, 6);
	if (i % 5 == 0) {
		for (p = 0; p < 3; p++)
			for (k = 0; k < NITEMS; k++)
				check[p][k] = level + mt_uniform(m, -0.08, 0.08);
		put_checks(l, check, 1);
	} else {
		put_str(l, "\"scores\":");
		put_items(l, score, 1);
	}
	put_tail(l, m, mt_random(m) < veto, i, history);
}

/* One record of gen.py's main loop (without --criteria). */
static void gen_record(struct line *l, struct mt *m, long i)
{
	double score[NITEMS], check[3][NITEMS];
	int p, k;

	for (k = 0; k < NITEMS; k++)
		score[k] = mt_uniform(m, 0.5, 1.0) * item_max[k];
	for (k = 0; k < 5; k++) /* the criteria, drawn and not written */
		mt_random(m);
	put_head(l, i, 7, i % 400, 3);
	if (i % 5 == 0) {
		for (p = 0; p < 3; p++)
			for (k = 0; k < NITEMS; k++)
				check[p][k] = mt_uniform(m, 0.5, 1.0) *
				              item_max[k];
		put_checks(l, check, 0);
	} else {
		put_str(l, "\"scores\":");
		put_items(l, score, 0);
	}
	put_tail(l, m, i % 97 == 0, i, 1);
}

static int usage(void)
{
	fputs("usage: shapes_gen N PER_PARENT none|all VETOES PAIR [SEED]\n"
	      "       shapes_gen N gen [SEED]\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	struct mt m;
	struct line l;
	long n, i, per, units;
	int gen, history = 0;
	double veto = 0, pair = 0;
	unsigned long seed = 1;

	if (argc < 3)
		return usage();
	n = strtol(argv[1], NULL, 10);
	gen = !strcmp(argv[2], "gen");
	if (gen) {
		if (argc > 4)
			return usage();
		if (argc == 4)
			seed = strtoul(argv[3], NULL, 10);
	} else {
		if (argc < 6 || argc > 7)
			return usage();
		history = !strcmp(argv[3], "all");
		veto = strtod(argv[4], NULL);
		pair = strtod(argv[5], NULL);
		if (argc == 7)
			seed = strtoul(argv[6], NULL, 10);
	}
	if (n < 0 || seed > 0xffffffffu)
		return usage();
	per = gen ? 1 : strtol(argv[2], NULL, 10);
	if (per < 1)
		return usage();
	units = n / per + (n % per != 0);
	if (units < 1)
		units = 1;
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	mt_seed(&m, (uint32_t)seed);
	for (i = 0; i < n; i++) {
		l.n = 0;
		if (gen)
			gen_record(&l, &m, i);
		else
			shape_record(&l, &m, i, units, history, veto, pair);
		fwrite(l.b, 1, l.n, stdout);
	}
	if (fflush(stdout) || ferror(stdout)) {
		perror("shapes_gen: standard output");
		return 1;
	}
	return 0;
}
