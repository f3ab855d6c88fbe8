/*
 * scorecard_expr.h - the expression language of scorecard schemes
 * (docs/scorecard.md, "Expressions"): parsed once, when the scheme is
 * loaded, into a compact program of fixed-point decimals (millionths, the
 * six places the SDK compares bars to), checked for the kinds of what it
 * compares, and run per record with no allocation.  No loops, no I/O.
 */
#ifndef SCORECARD_EXPR_H
#define SCORECARD_EXPR_H

#include <stddef.h>
#include <stdint.h>

/* A decimal in millionths: 90 is 90000000, 0.8 is 800000.  Exact to six
 * places, as assess_dec_cmp compares. */
typedef int64_t sc_dec;
#define SC_ONE 1000000LL
/* The largest magnitude a decimal holds (1e12, the SDK's exact range). */
#define SC_DEC_MAX (1000000000000LL * SC_ONE)

/* What a value is: its kind decides what it may be compared with. */
enum sc_unit {
	SC_NUM = 0,  /* a plain number (a literal such as 90 or 0.5) */
	SC_POINTS,   /* a criterion's score and sums of them */
	SC_PERCENT,  /* 0..100, written 80% */
	SC_FRACTION, /* 0..1 */
	SC_COUNT,    /* a whole number of things */
	SC_BOOL,     /* yes/no: 0 or 1 */
	SC_TEXT,     /* a string, compared with == and != only */
	SC_CODES,    /* a list of codes (a bit set) */
	SC_UNIT_N
};

/* The words for a unit in messages and describe ("a percent"). */
const char *sc_unit_name(int unit);

/* What a name in an expression stands for, as the scheme resolves it. */
enum sc_sym_kind {
	SC_SYM_VALUE = 1, /* a value of the record: vals[slot] */
	SC_SYM_TEXT,      /* a text field: texts[slot] */
	SC_SYM_CODE,      /* one code of a list: bit `bit` of vals[slot] */
	SC_SYM_CRITERIA   /* the word "criteria": only inside sum()... */
};

typedef struct sc_sym {
	int kind;
	int slot;
	int unit;
	int bit;
} sc_sym;

/* The scheme's side of compiling: lookup fills *out for the name
 * [name, name + len) (which may hold one dot: "vetoes.safety") and
 * returns 0, -1 for a name the scheme does not know, or -2 after a
 * failure it has reported itself (a cycle, out of memory): compiling
 * then stops. */
typedef int (*sc_lookup_fn)(void *ctx, const char *name, size_t len,
                            sc_sym *out);

struct sc_op;

/* A compiled expression. */
typedef struct sc_prog {
	struct sc_op *op;
	size_t n;
	int unit;  /* what it yields */
	int depth; /* the stack it needs */
	int item;  /* it names item.score, item.bar or item.max */
} sc_prog;

/* Why compiling failed, for the config error: the message (English, a
 * sentence for the scheme's text domain, with %s for `name` when it has
 * one) and the 1-based column of the fault. */
typedef struct sc_fault {
	const char *what;
	char name[64];
	char name2[64];
	int column;
	int from_lookup; /* lookup returned -2: already reported */
	int unknown;     /* the fault is a name lookup did not know */
} sc_fault;

/* The string literals programs compare texts with, in one table the
 * compiles append to; a scheme keeps it beside its programs. */
typedef struct sc_strings {
	char **v;
	size_t n;
} sc_strings;
void sc_strings_free(sc_strings *s);

/* Compile text into *out, its string literals appended to strs.  item
 * allows item.score, item.bar and item.max (a note given for each
 * criterion).  0, or -1 with *fault filled (nothing to free); -2 out of
 * memory. */
int sc_compile(const char *text, sc_lookup_fn lookup, void *ctx, int item,
               sc_strings *strs, sc_prog *out, sc_fault *fault);
void sc_prog_free(sc_prog *p);

/* What a run sees: the record's values, its texts, the criteria's scores
 * (in vals[crit] .. vals[crit + ncrit - 1]) and bars, and the criterion
 * of item.* (or -1). */
typedef struct sc_env {
	const sc_dec *vals;
	const char *const *texts;
	const sc_dec *bar, *max;
	int crit, ncrit;
	int item;
} sc_env;

/* Run p: 0 with *out; -1 on a division by zero; -2 when a result is out
 * of range (beyond 1e12).  stack has room for p->depth decimals. */
int sc_run(const sc_prog *p, const sc_env *env, const sc_strings *strs,
           sc_dec *stack, sc_dec *out);

/* Decimals from and to doubles, rounding at the sixth place as the SDK
 * does; 0 and *out, or -1 for a value beyond 1e12 or not finite. */
int sc_dec_from(double x, sc_dec *out);
double sc_dec_to(sc_dec d);

#endif
