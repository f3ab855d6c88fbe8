/*
 * scorecard_expr.c - the expression language of scorecard schemes (see
 * scorecard_expr.h; grammar in docs/scorecard.md).  A recursive-descent
 * parser emits a postfix program while it checks what each operator is
 * given (a percent is never compared with a count); the program runs on
 * a small stack of decimals in millionths, so a comparison with a bar is
 * exact to six places and a record costs no allocation.
 */
#include "scorecard_expr.h"
#include "assess/i18n.h" /* ASSESS_N: the messages go to the catalog */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OP_CONST, OP_LOAD, OP_TEXT_EQ, OP_TEXT_NE, OP_CODE_HAS, OP_CODES_COUNT,
	OP_NEG, OP_ADD, OP_SUB, OP_MUL, OP_DIV,
	OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, OP_AND, OP_OR, OP_NOT,
	OP_CRIT_SUM, OP_CRIT_MIN, OP_CRIT_MAX, OP_CRIT_COUNT, OP_CRIT_ALL,
	OP_CRIT_ANY,
	OP_SUM, OP_MIN, OP_MAX, OP_COUNT, OP_ALL, OP_ANY,
	OP_ITEM_SCORE, OP_ITEM_BAR, OP_ITEM_MAX
};

struct sc_op {
	int op;
	int a;
	sc_dec k;
};

static const char *const unit_names[SC_UNIT_N] = {
	ASSESS_N("a number"), ASSESS_N("points"), ASSESS_N("a percent"),
	ASSESS_N("a fraction"), ASSESS_N("a count"), ASSESS_N("a yes/no"),
	ASSESS_N("a text"), ASSESS_N("a list of codes")
};

const char *sc_unit_name(int unit)
{
	return unit >= 0 && unit < SC_UNIT_N ? unit_names[unit] : "?";
}

int sc_dec_from(double x, sc_dec *out)
{
	double t;

	if (!isfinite(x) || fabs(x) > 1e12)
		return -1;
	t = nearbyint(x * 1e6);
	*out = (sc_dec)t;
	return 0;
}

double sc_dec_to(sc_dec d)
{
	return (double)d / 1e6;
}

void sc_prog_free(sc_prog *p)
{
	if (!p)
		return;
	free(p->op);
	memset(p, 0, sizeof *p);
}

void sc_strings_free(sc_strings *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* --- the parser --- */

enum tok { T_END, T_NUM, T_STR, T_NAME, T_OP, T_LP, T_RP, T_COMMA, T_BAD };

struct parser {
	const char *s;
	size_t pos;        /* after the current token */
	size_t at;         /* where the current token starts */
	enum tok t;
	char op[3];        /* T_OP: "<", "<=", "==", "+" ... */
	sc_dec num;
	int pct;           /* T_NUM ends in % */
	const char *name;  /* T_NAME, T_STR: its text and length */
	size_t len;
	sc_lookup_fn lookup;
	void *ctx;
	int item;
	sc_strings *strs;
	sc_prog *out;
	size_t cap;
	int depth;
	sc_fault *fault;
	int nomem;
};

static int sc_fail(struct parser *p, const char *what)
{
	if (!p->fault->what) {
		p->fault->what = what;
		p->fault->column = (int)p->at + 1;
	}
	return -1;
}

/* lookup has reported the fault itself */
static int reported(struct parser *p)
{
	p->fault->from_lookup = 1;
	p->fault->what = "";
	return -1;
}

static int sc_fail_name(struct parser *p, const char *what, const char *name,
                     size_t len)
{
	if (!p->fault->what) {
		size_t n = len < sizeof p->fault->name - 1 ? len
		           : sizeof p->fault->name - 1;
		memcpy(p->fault->name, name, n);
		p->fault->name[n] = 0;
	}
	return sc_fail(p, what);
}

static int is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* A number as written, exact: at most six decimal places. */
static int lex_number(struct parser *p)
{
	const char *s = p->s;
	size_t i = p->pos;
	sc_dec v = 0, frac = 0, scale = SC_ONE;

	while (s[i] >= '0' && s[i] <= '9') {
		if (v > SC_DEC_MAX / SC_ONE / 10)
			return sc_fail(p, "a number too large (at most 1e12)");
		v = v * 10 + (s[i++] - '0');
	}
	if (s[i] == '.') {
		i++;
		if (!(s[i] >= '0' && s[i] <= '9'))
			return sc_fail(p, "a number needs digits after its point");
		while (s[i] >= '0' && s[i] <= '9') {
			if (scale == 1)
				return sc_fail(p, "a number with more than six decimal "
				            "places");
			scale /= 10;
			frac += (s[i++] - '0') * scale;
		}
	}
	p->num = v * SC_ONE + frac;
	p->pct = s[i] == '%';
	p->pos = i + p->pct;
	p->t = T_NUM;
	return 0;
}

static int next(struct parser *p)
{
	const char *s = p->s;
	int c;

	while (s[p->pos] == ' ' || s[p->pos] == '\t')
		p->pos++;
	p->at = p->pos;
	c = (unsigned char)s[p->pos];
	if (!c) {
		p->t = T_END;
		return 0;
	}
	if (c >= '0' && c <= '9')
		return lex_number(p);
	if (is_name_start(c)) {
		size_t i = p->pos;
		while (is_name_char((unsigned char)s[i]))
			i++;
		if (s[i] == '.' && is_name_char((unsigned char)s[i + 1])) {
			i++;
			while (is_name_char((unsigned char)s[i]))
				i++;
		}
		p->name = s + p->pos;
		p->len = i - p->pos;
		p->pos = i;
		p->t = T_NAME;
		return 0;
	}
	if (c == '"') {
		const char *end = strchr(s + p->pos + 1, '"');
		if (!end)
			return sc_fail(p, "a text without its closing quote");
		p->name = s + p->pos + 1;
		p->len = (size_t)(end - p->name);
		p->pos = (size_t)(end - s) + 1;
		p->t = T_STR;
		return 0;
	}
	p->pos++;
	switch (c) {
	case '(': p->t = T_LP; return 0;
	case ')': p->t = T_RP; return 0;
	case ',': p->t = T_COMMA; return 0;
	case '+': case '-': case '*': case '/':
		p->t = T_OP;
		p->op[0] = (char)c;
		p->op[1] = 0;
		return 0;
	case '<': case '>': case '=': case '!':
		p->t = T_OP;
		p->op[0] = (char)c;
		p->op[1] = 0;
		if (s[p->pos] == '=' || (c == '<' && s[p->pos] == '>')) {
			p->op[1] = s[p->pos++];
			p->op[2] = 0;
		}
		if (strcmp(p->op, "!") == 0)
			return sc_fail(p, "'!' alone: write not, or != to compare");
		return 0;
	}
	return sc_fail(p, "a character that is no part of an expression");
}

static int word(const struct parser *p, const char *w)
{
	return p->t == T_NAME && strlen(w) == p->len &&
	       strncmp(p->name, w, p->len) == 0;
}

static int emit(struct parser *p, int op, int a, sc_dec k, int push)
{
	sc_prog *o = p->out;

	if (o->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct sc_op *v = realloc(o->op, cap * sizeof *v);
		if (!v) {
			p->nomem = 1;
			return -1;
		}
		o->op = v;
		p->cap = cap;
	}
	o->op[o->n].op = op;
	o->op[o->n].a = a;
	o->op[o->n].k = k;
	o->n++;
	p->depth += push;
	if (p->depth > o->depth)
		o->depth = p->depth;
	return 0;
}

static int expr(struct parser *p, int *unit);

static int is_number(int u)
{
	return u == SC_NUM || u == SC_POINTS || u == SC_PERCENT ||
	       u == SC_FRACTION || u == SC_COUNT;
}

/* The unit of a + b or a - b, of a compared with b: the same unit, or a
 * plain number beside any; else -1. */
static int same_unit(int a, int b)
{
	if (!is_number(a) || !is_number(b))
		return -1;
	if (a == b || b == SC_NUM)
		return a;
	return a == SC_NUM ? b : -1;
}

static int mismatch(struct parser *p, int a, int b, size_t at)
{
	p->at = at;
	if (!p->fault->what) {
		strncpy(p->fault->name, sc_unit_name(a), sizeof p->fault->name - 1);
		strncpy(p->fault->name2, sc_unit_name(b),
		        sizeof p->fault->name2 - 1);
	}
	return sc_fail(p, "cannot compare or add %s and %s: they are of "
	            "different kinds");
}

/* name(args): the aggregates over the criteria, a list of codes or the
 * expressions given. */
static int call(struct parser *p, const char *fn, size_t fnlen, int *unit)
{
	static const char *const names[] = { "sum", "min", "max", "count",
	                                     "all", "any" };
	size_t f;
	int n = 0, u = -1, au;
	sc_sym sym;

	for (f = 0; f < 6; f++)
		if (strlen(names[f]) == fnlen && strncmp(fn, names[f], fnlen) == 0)
			break;
	if (f == 6)
		return sc_fail_name(p, "no function %s: there are sum, min, max, "
		                 "count, all and any", fn, fnlen);
	if (next(p))
		return -1;
	/* over the criteria, or over a list of codes */
	if (p->t == T_NAME) {
		int r = p->lookup(p->ctx, p->name, p->len, &sym);
		size_t save = p->pos, sat = p->at, slen = p->len;
		const char *sname = p->name;
		if (r == -2)
			return reported(p);
		if (r == 0 && (sym.kind == SC_SYM_CRITERIA ||
		               (sym.kind == SC_SYM_VALUE && sym.unit == SC_CODES))) {
			if (next(p))
				return -1;
			if (p->t == T_RP) {
				if (sym.kind == SC_SYM_CRITERIA) {
					if (emit(p, OP_CRIT_SUM + (int)f, 0, 0, 1))
						return -1;
					*unit = f < 3 ? SC_POINTS : f == 3 ? SC_COUNT : SC_BOOL;
					return next(p);
				}
				if (f != 3 && f != 5)
					return sc_fail(p, "a list of codes takes count() or "
					            "any()");
				if (emit(p, OP_CODES_COUNT, sym.slot, 0, 1) ||
				    (f == 5 && (emit(p, OP_CONST, 0, 0, 1) ||
				                emit(p, OP_GT, 0, 0, -1))))
					return -1;
				*unit = f == 3 ? SC_COUNT : SC_BOOL;
				return next(p);
			}
			if (sym.kind == SC_SYM_CRITERIA)
				return sc_fail(p, "criteria stands alone in sum(), min(), "
				            "max(), count(), all() or any()");
			p->pos = save; /* a codes list inside a longer argument */
			p->at = sat;
			p->t = T_NAME;
			p->name = sname;
			p->len = slen;
		}
	}
	for (;;) {
		size_t aat = p->at;
		if (expr(p, &au))
			return -1;
		if (f < 3) {
			if (!is_number(au))
				return sc_fail(p, "sum(), min() and max() take numbers");
			if (u >= 0 && same_unit(u, au) < 0)
				return mismatch(p, u, au, aat);
			u = u < 0 ? au : same_unit(u, au);
		} else if (au != SC_BOOL) {
			p->at = aat;
			return sc_fail(p, "count(), all() and any() take yes/no "
			            "conditions");
		}
		n++;
		if (p->t == T_RP)
			break;
		if (p->t != T_COMMA)
			return sc_fail(p, "expected , or ) in the list");
		if (next(p))
			return -1;
	}
	if (emit(p, OP_SUM + (int)f, n, 0, 1 - n))
		return -1;
	*unit = f < 3 ? u : f == 3 ? SC_COUNT : SC_BOOL;
	return next(p);
}

static int primary(struct parser *p, int *unit)
{
	sc_sym sym;
	int r;

	switch (p->t) {
	case T_NUM:
		*unit = p->pct ? SC_PERCENT : SC_NUM;
		if (emit(p, OP_CONST, 0, p->num, 1))
			return -1;
		return next(p);
	case T_LP:
		if (next(p) || expr(p, unit))
			return -1;
		if (p->t != T_RP)
			return sc_fail(p, "expected )");
		return next(p);
	case T_STR:
		return sc_fail(p, "a text stands only beside == or != and a text "
		            "field");
	case T_NAME:
		break;
	default:
		if (p->t == T_END)
			return sc_fail(p, "the expression ends too soon");
		return sc_fail(p, "expected a number, a name or (");
	}
	if (word(p, "true") || word(p, "false")) {
		*unit = SC_BOOL;
		if (emit(p, OP_CONST, 0, word(p, "true"), 1))
			return -1;
		return next(p);
	}
	if (p->len > 5 && strncmp(p->name, "item.", 5) == 0) {
		static const char *const f[] = { "item.score", "item.bar",
		                                 "item.max" };
		int i;
		for (i = 0; i < 3; i++)
			if (word(p, f[i]))
				break;
		if (!p->item)
			return sc_fail_name(p, "%s only in a note given for each "
			                    "criterion (each = criteria)", p->name,
			                    p->len);
		if (i == 3)
			return sc_fail_name(p, "no %s: a criterion has item.score, "
			                    "item.bar and item.max", p->name, p->len);
		p->out->item = 1;
		*unit = SC_POINTS;
		if (emit(p, OP_ITEM_SCORE + i, 0, 0, 1))
			return -1;
		return next(p);
	}
	{
		const char *name = p->name;
		size_t len = p->len;
		if (next(p))
			return -1;
		if (p->t == T_LP)
			return call(p, name, len, unit);
		r = p->lookup(p->ctx, name, len, &sym);
		if (r == -2)
			return reported(p);
		if (r != 0 || sym.kind == SC_SYM_CRITERIA)
			p->at = (size_t)(name - p->s); /* the fault is the name's */
		if (r != 0) {
			p->fault->unknown = 1;
			return sc_fail_name(p, "unknown name %s", name, len);
		}
		if (sym.kind == SC_SYM_CRITERIA)
			return sc_fail(p, "criteria stands alone in sum(), min(), "
			            "max(), count(), all() or any()");
		if (sym.kind == SC_SYM_TEXT) {
			size_t k;
			int ne;
			char *copy;
			if (p->t != T_OP || (strcmp(p->op, "==") && strcmp(p->op, "=")
			    && strcmp(p->op, "!=") && strcmp(p->op, "<>")))
				return sc_fail_name(p, "the text field %s is compared with "
				                 "== or != and a \"text\"", name, len);
			ne = p->op[0] == '!' || p->op[0] == '<';
			if (next(p))
				return -1;
			if (p->t != T_STR)
				return sc_fail(p, "expected a \"text\" to compare with");
			for (k = 0; k < p->strs->n; k++)
				if (strlen(p->strs->v[k]) == p->len &&
				    strncmp(p->strs->v[k], p->name, p->len) == 0)
					break;
			if (k == p->strs->n) {
				char **v = realloc(p->strs->v,
				                   (p->strs->n + 1) * sizeof *v);
				if (!v || !(copy = strndup(p->name, p->len))) {
					if (v)
						p->strs->v = v;
					p->nomem = 1;
					return -1;
				}
				p->strs->v = v;
				v[p->strs->n++] = copy;
			}
			*unit = SC_BOOL;
			if (emit(p, ne ? OP_TEXT_NE : OP_TEXT_EQ, sym.slot,
			         (sc_dec)k, 1))
				return -1;
			return next(p);
		}
		if (sym.kind == SC_SYM_CODE) {
			*unit = SC_BOOL;
			return emit(p, OP_CODE_HAS, sym.slot, sym.bit, 1);
		}
		*unit = sym.unit;
		return emit(p, OP_LOAD, sym.slot, 0, 1);
	}
}

static int unary(struct parser *p, int *unit)
{
	if (p->t == T_OP && strcmp(p->op, "-") == 0) {
		if (next(p) || unary(p, unit))
			return -1;
		if (!is_number(*unit))
			return sc_fail(p, "minus takes a number");
		return emit(p, OP_NEG, 0, 0, 0);
	}
	return primary(p, unit);
}

static int term(struct parser *p, int *unit)
{
	int u;

	if (unary(p, unit))
		return -1;
	while (p->t == T_OP && (p->op[0] == '*' || p->op[0] == '/') &&
	       !p->op[1]) {
		int op = p->op[0] == '*' ? OP_MUL : OP_DIV;
		size_t at = p->at;
		if (next(p) || unary(p, &u))
			return -1;
		if (!is_number(*unit) || !is_number(u)) {
			p->at = at;
			return sc_fail(p, "* and / take numbers");
		}
		/* a plain factor keeps the kind: 2 * points are points */
		*unit = u == SC_NUM ? *unit : *unit == SC_NUM ? u : SC_NUM;
		if (emit(p, op, 0, 0, -1))
			return -1;
	}
	return 0;
}

static int sum(struct parser *p, int *unit)
{
	int u;

	if (term(p, unit))
		return -1;
	while (p->t == T_OP && (p->op[0] == '+' || p->op[0] == '-') &&
	       !p->op[1]) {
		int op = p->op[0] == '+' ? OP_ADD : OP_SUB;
		size_t at = p->at;
		if (next(p) || term(p, &u))
			return -1;
		if (same_unit(*unit, u) < 0)
			return mismatch(p, *unit, u, at);
		*unit = same_unit(*unit, u);
		if (emit(p, op, 0, 0, -1))
			return -1;
	}
	return 0;
}

static int compare(struct parser *p, int *unit)
{
	static const char *const ops[] = { "<", "<=", ">", ">=", "==", "!=",
	                                   "=", "<>" };
	static const int code[] = { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE,
	                            OP_EQ, OP_NE };
	size_t i, at;
	int u;

	if (sum(p, unit))
		return -1;
	if (p->t != T_OP)
		return 0;
	for (i = 0; i < 8; i++)
		if (strcmp(p->op, ops[i]) == 0)
			break;
	if (i == 8)
		return 0;
	at = p->at;
	if (next(p) || sum(p, &u))
		return -1;
	if (!(code[i] >= OP_EQ && *unit == SC_BOOL && u == SC_BOOL) &&
	    same_unit(*unit, u) < 0)
		return mismatch(p, *unit, u, at);
	*unit = SC_BOOL;
	if (emit(p, code[i], 0, 0, -1))
		return -1;
	if (p->t == T_OP && strcmp(p->op, "+") && strcmp(p->op, "-"))
		return sc_fail(p, "comparisons do not chain: join them with and");
	return 0;
}

static int negation(struct parser *p, int *unit)
{
	if (word(p, "not")) {
		if (next(p) || negation(p, unit))
			return -1;
		if (*unit != SC_BOOL)
			return sc_fail(p, "not takes a yes/no condition");
		return emit(p, OP_NOT, 0, 0, 0);
	}
	return compare(p, unit);
}

static int logic(struct parser *p, int *unit, const char *w, int op,
                 int (*sub)(struct parser *, int *))
{
	int u;

	if (sub(p, unit))
		return -1;
	while (word(p, w)) {
		size_t at = p->at;
		if (next(p) || sub(p, &u))
			return -1;
		if (*unit != SC_BOOL || u != SC_BOOL) {
			p->at = at;
			return sc_fail(p, "and, or join yes/no conditions");
		}
		if (emit(p, op, 0, 0, -1))
			return -1;
	}
	return 0;
}

static int conjunction(struct parser *p, int *unit)
{
	return logic(p, unit, "and", OP_AND, negation);
}

static int expr(struct parser *p, int *unit)
{
	return logic(p, unit, "or", OP_OR, conjunction);
}

int sc_compile(const char *text, sc_lookup_fn lookup, void *ctx, int item,
               sc_strings *strs, sc_prog *out, sc_fault *fault)
{
	struct parser p;
	int unit = SC_NUM, rc;

	memset(&p, 0, sizeof p);
	memset(out, 0, sizeof *out);
	memset(fault, 0, sizeof *fault);
	p.s = text;
	p.lookup = lookup;
	p.ctx = ctx;
	p.item = item;
	p.strs = strs;
	p.out = out;
	p.fault = fault;
	rc = next(&p);
	if (!rc && p.t == T_END)
		rc = sc_fail(&p, "an empty expression");
	if (!rc)
		rc = expr(&p, &unit);
	if (!rc && p.t != T_END)
		rc = p.t == T_RP ? sc_fail(&p, "a ) without its (")
		     : sc_fail(&p, "expected an operator, and, or, or the end");
	if (rc) {
		sc_prog_free(out);
		return p.nomem ? -2 : -1;
	}
	out->unit = unit;
	return 0;
}

/* --- running --- */

static int fits(sc_dec v)
{
	return v <= SC_DEC_MAX && v >= -SC_DEC_MAX;
}

/* a * b / 1e6 and a * 1e6 / b, rounded half away from zero */
__extension__ typedef __int128 wide;

static sc_dec rdiv(wide n, wide d)
{
	wide q = n / d, r = n % d;

	if (r < 0)
		r = -r;
	if (2 * r >= (d < 0 ? -d : d))
		q += (n < 0) != (d < 0) ? -1 : 1;
	return q > (wide)INT64_MAX || q < (wide)INT64_MIN ? INT64_MAX : (sc_dec)q;
}

int sc_run(const sc_prog *p, const sc_env *env, const sc_strings *strs,
           sc_dec *st, sc_dec *out)
{
	const struct sc_op *o = p->op, *end = o + p->n;
	const sc_dec *crit = env->vals + env->crit;
	int sp = 0, i;

	for (; o < end; o++) {
		sc_dec a, b;
		switch (o->op) {
		case OP_CONST: st[sp++] = o->k; break;
		case OP_LOAD: st[sp++] = env->vals[o->a]; break;
		case OP_TEXT_EQ: case OP_TEXT_NE: {
			const char *t = env->texts[o->a];
			int eq = t && strcmp(t, strs->v[o->k]) == 0;
			st[sp++] = o->op == OP_TEXT_EQ ? eq : !eq;
			break;
		}
		case OP_CODE_HAS:
			st[sp++] = (env->vals[o->a] >> o->k) & 1;
			break;
		case OP_CODES_COUNT:
			st[sp++] = __builtin_popcountll((unsigned long long)
			                                env->vals[o->a]) * SC_ONE;
			break;
		case OP_NEG: st[sp - 1] = -st[sp - 1]; break;
		case OP_NOT: st[sp - 1] = !st[sp - 1]; break;
		case OP_ITEM_SCORE: st[sp++] = crit[env->item]; break;
		case OP_ITEM_BAR: st[sp++] = env->bar[env->item]; break;
		case OP_ITEM_MAX: st[sp++] = env->max[env->item]; break;
		case OP_CRIT_SUM: case OP_CRIT_MIN: case OP_CRIT_MAX:
		case OP_CRIT_COUNT: case OP_CRIT_ALL: case OP_CRIT_ANY: {
			sc_dec acc = o->op == OP_CRIT_MIN ? crit[0]
			             : o->op == OP_CRIT_MAX ? crit[0]
			             : o->op == OP_CRIT_ALL;
			for (i = 0; i < env->ncrit; i++) {
				int pass = crit[i] >= env->bar[i];
				switch (o->op) {
				case OP_CRIT_SUM:
					acc += crit[i];
					if (!fits(acc))
						return -2;
					break;
				case OP_CRIT_MIN: acc = crit[i] < acc ? crit[i] : acc; break;
				case OP_CRIT_MAX: acc = crit[i] > acc ? crit[i] : acc; break;
				case OP_CRIT_COUNT: acc += pass * SC_ONE; break;
				case OP_CRIT_ALL: acc &= pass; break;
				default: acc |= pass;
				}
			}
			st[sp++] = acc;
			break;
		}
		case OP_SUM: case OP_MIN: case OP_MAX: case OP_COUNT:
		case OP_ALL: case OP_ANY: {
			sc_dec *v = st + sp - o->a;
			sc_dec acc = o->op == OP_SUM || o->op == OP_COUNT ? 0
			             : o->op == OP_ALL ? 1 : o->op == OP_ANY ? 0 : v[0];
			for (i = 0; i < o->a; i++)
				switch (o->op) {
				case OP_SUM:
					acc += v[i];
					if (!fits(acc))
						return -2;
					break;
				case OP_MIN: acc = v[i] < acc ? v[i] : acc; break;
				case OP_MAX: acc = v[i] > acc ? v[i] : acc; break;
				case OP_COUNT: acc += v[i] ? SC_ONE : 0; break;
				case OP_ALL: acc &= v[i] != 0; break;
				default: acc |= v[i] != 0;
				}
			sp -= o->a;
			st[sp++] = acc;
			break;
		}
		default:
			b = st[--sp];
			a = st[sp - 1];
			switch (o->op) {
			case OP_ADD: a += b; break;
			case OP_SUB: a -= b; break;
			case OP_MUL: a = rdiv((wide)a * b, SC_ONE); break;
			case OP_DIV:
				if (b == 0)
					return -1;
				a = rdiv((wide)a * SC_ONE, b);
				break;
			case OP_LT: a = a < b; break;
			case OP_LE: a = a <= b; break;
			case OP_GT: a = a > b; break;
			case OP_GE: a = a >= b; break;
			case OP_EQ: a = a == b; break;
			case OP_NE: a = a != b; break;
			case OP_AND: a = a && b; break;
			default: a = a || b;
			}
			if (!fits(a))
				return -2;
			st[sp - 1] = a;
		}
	}
	*out = st[0];
	return fits(*out) ? 0 : -2;
}
