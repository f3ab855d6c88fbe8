/*
 * scorecard_load.c - a scorecard scheme read from its INI and checked
 * whole before the first record: fields, criteria and their indicator
 * rules (the SDK's loaders), computed values, the rating ladder, gates,
 * notes, [quota], [pairing] and [summary].  Every expression is compiled
 * here, once; an unknown name, a kind mismatch, a cycle between values
 * or a ladder that leaves some record without a rating is a config error
 * naming the section and key (docs/scorecard.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scorecard_impl.h"

/* What [scheme] gives. */
struct settings {
	double total, share;
	int missing_zero, prefer_computed;
};

#define AT(member) offsetof(struct settings, member)

static const assess_config_key spec[] = {
	{ .section = "scheme", .key = "total", .kind = ASSESS_CONF_NUMBER,
	  .max = 1e9, .def = -1, .offset = AT(total),
	  .doc = ASSESS_N("what the criteria maxima add up to (unchecked "
	                  "when absent)") },
	{ .section = "scheme", .key = "default_bar", .kind = ASSESS_CONF_PERCENT,
	  .def = 0.8, .offset = AT(share),
	  .doc = ASSESS_N("the bar of a criterion without one, as a share of "
	                  "its max") },
	{ .section = "scheme", .key = "missing", .kind = ASSESS_CONF_CHOICE,
	  .choices = "reject|zero", .offset = AT(missing_zero),
	  .doc = ASSESS_N("a record missing a criterion's data is rejected, "
	                  "or scored 0") },
	{ .section = "scheme", .key = "prefer", .kind = ASSESS_CONF_CHOICE,
	  .choices = "score|computed", .offset = AT(prefer_computed),
	  .doc = ASSESS_N("the assessors' score or the computed one wins") },
	{ .section = "scheme", .key = "title", .kind = ASSESS_CONF_ELSEWHERE,
	  .doc = ASSESS_N("the scheme's name, as the report and the workbook "
	                  "title it (四强党支部)") },
	{ .section = "criterion.KEY", .key = "label, max, bar",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "rule.NAME", .key = "criterion, indicator, type = "
	  "yesno|bins|linear|count|deduct, points, bins, from, to, per, cap",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "field.KEY", .key = "label, type = number|percent|"
	  "fraction|yesno|count|text|codes, min, max, required, default, codes",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "value.NAME", .key = "expr, show",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "ladder", .key = "key", .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "rating.CODE", .key = "code, label, when, qualified",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "gate.NAME", .key = "when, rating | cap, reason",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "note.NAME", .key = "when, code, label, rule, message, "
	  "each = criteria", .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "quota", .key = "rating, to, group = parent|all, share | "
	  "count, rounding = down|up, by, reason",
	  .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "pairing", .key = "seek, help, capacity, same_parent = "
	  "first|group_first|no, by", .kind = ASSESS_CONF_ELSEWHERE },
	{ .section = "summary", .key = "per_rating",
	  .kind = ASSESS_CONF_ELSEWHERE }
};
#define NSPEC (sizeof spec / sizeof *spec)

static const char *const type_words[] = {
	"number", NULL, "percent", "fraction", "count", "yesno", "text", "codes"
};

/* section's value at key, or NULL (nothing reported). */
const char *sc_ini_str(const struct scorecard *s, const char *section,
                       const char *key)
{
	const char *v = NULL;

	if (s->h->config_string(s->cfg, section, key, &v) != ASSESS_OK)
		return NULL;
	return v;
}

int sc_ini_need(const struct scorecard *s, const char *section,
                const char *key, const char **out)
{
	if (!(*out = sc_ini_str(s, section, key)) || !**out)
		return s->h->config_error(s->cfg, section, key,
		                          ASSESS_TR("missing"));
	return ASSESS_OK;
}

static int yes(const struct scorecard *s, const char *section,
               const char *key, int def, int *out)
{
	int rc = s->h->config_bool(s->cfg, section, key, out);

	if (rc == ASSESS_ENOENT) {
		*out = def;
		return ASSESS_OK;
	}
	return rc == ASSESS_OK ? ASSESS_OK : ASSESS_ECONFIG;
}

int sc_dup(char **dst, const char *src)
{
	return (*dst = strdup(src ? src : "")) ? ASSESS_OK : ASSESS_ENOMEM;
}

/* --- names and how expressions resolve them --- */

struct lookup_ctx {
	struct scorecard *s;
	const char *section, *key; /* where the expression stands */
};

static int compile_value(struct scorecard *s, size_t i);

static int find_field(const struct scorecard *s, const char *name,
                      size_t len)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (strlen(s->fields[i].key) == len &&
		    strncmp(s->fields[i].key, name, len) == 0)
			return (int)i;
	return -1;
}

static int lookup(void *arg, const char *name, size_t len, sc_sym *out)
{
	struct lookup_ctx *ctx = arg;
	struct scorecard *s = ctx->s;
	const char *dot = memchr(name, '.', len);
	size_t i;
	int f;

	memset(out, 0, sizeof *out);
	if (dot) {
		char code[256];
		f = find_field(s, name, (size_t)(dot - name));
		if (f < 0 || s->fields[f].unit != SC_CODES)
			return -1;
		snprintf(code, sizeof code, "%.*s", (int)(len - (size_t)(dot -
		         name) - 1), dot + 1);
		if ((out->bit = assess_labels_find(&s->fields[f].codes, code)) < 0)
			return -1;
		out->kind = SC_SYM_CODE;
		out->slot = s->fields[f].val;
		return 0;
	}
	if (len == 8 && strncmp(name, "criteria", 8) == 0) {
		out->kind = SC_SYM_CRITERIA;
		return 0;
	}
	if ((f = find_field(s, name, len)) >= 0) {
		out->kind = s->fields[f].unit == SC_TEXT ? SC_SYM_TEXT
		            : SC_SYM_VALUE;
		out->slot = s->fields[f].val;
		out->unit = s->fields[f].unit;
		return 0;
	}
	for (i = 0; i < s->std.criteria.n; i++)
		if (strlen(s->std.criteria.v[i].key) == len &&
		    strncmp(s->std.criteria.v[i].key, name, len) == 0) {
			out->kind = SC_SYM_VALUE;
			out->slot = s->crit + (int)i;
			out->unit = SC_POINTS;
			return 0;
		}
	for (i = 0; i < s->nvalues; i++) {
		struct sc_value *v = &s->values[i];
		if (strlen(v->name) != len || strncmp(v->name, name, len) != 0)
			continue;
		if (v->state == 1) {
			s->h->config_error(s->cfg, ctx->section, ctx->key,
			                   ASSESS_TR("uses %s, which leads back "
			                   "here through [%s] expr: computed values "
			                   "may not go in a circle"), v->name,
			                   v->section);
			return -2;
		}
		if (v->state == 0 && compile_value(s, i) != ASSESS_OK)
			return -2;
		out->kind = SC_SYM_VALUE;
		out->slot = v->val;
		out->unit = v->prog.unit;
		return 0;
	}
	return -1;
}

int sc_name_lookup(struct scorecard *s, const char *section,
                   const char *key, const char *name, sc_sym *out)
{
	struct lookup_ctx ctx = { s, section, key };

	return lookup(&ctx, name, strlen(name), out);
}

/* Every name an expression may use, for "did you mean". */
const char *sc_nearest_name(const struct scorecard *s, const char *word)
{
	size_t n = s->nfields + s->std.criteria.n + s->nvalues + 1, k = 0, i;
	const char **v = malloc(n * sizeof *v), *best;

	if (!v)
		return NULL;
	for (i = 0; i < s->nfields; i++)
		v[k++] = s->fields[i].key;
	for (i = 0; i < s->std.criteria.n; i++)
		v[k++] = s->std.criteria.v[i].key;
	for (i = 0; i < s->nvalues; i++)
		v[k++] = s->values[i].name;
	v[k++] = "criteria";
	best = assess_nearest(word, v, k);
	free(v);
	return best;
}

/* Compile section:key's text, an expression, into *out. */
static int compile(struct scorecard *s, const char *section, const char *key,
                   const char *text, int item, sc_prog *out)
{
	struct lookup_ctx ctx = { s, section, key };
	sc_fault f;
	char msg[256], hint[128] = "";
	const char *near;
	int rc = sc_compile(text, lookup, &ctx, item, &s->strs, out, &f);

	if (rc == -2)
		return ASSESS_ENOMEM;
	if (rc == 0) {
		if (out->depth > s->depth)
			s->depth = out->depth;
		return ASSESS_OK;
	}
	if (f.from_lookup)
		return ASSESS_ECONFIG;
	/* the names are the INI's own, or the words for kinds of value */
	snprintf(msg, sizeof msg, dgettext(ASSESS_TEXT_DOMAIN, f.what),
	         dgettext(ASSESS_TEXT_DOMAIN, f.name),
	         dgettext(ASSESS_TEXT_DOMAIN, f.name2));
	if (f.unknown && (near = sc_nearest_name(s, f.name)))
		snprintf(hint, sizeof hint, ASSESS_TR(" (did you mean %s?)"), near);
	return s->h->config_error(s->cfg, section, key, ASSESS_TR("%s%s, at "
	                          "column %d of: %s"), msg, hint, f.column, text);
}

static int compile_value(struct scorecard *s, size_t i)
{
	struct sc_value *v = &s->values[i];
	int rc;

	v->state = 1;
	rc = compile(s, v->section, "expr", v->text, 0, &v->prog);
	if (rc != ASSESS_OK)
		return rc;
	if (v->prog.unit == SC_TEXT || v->prog.unit == SC_CODES)
		return s->h->config_error(s->cfg, v->section, "expr",
		                          ASSESS_TR("a value is a number or a "
		                          "yes/no condition"));
	v->state = 2;
	s->order[s->norder++] = i;
	return ASSESS_OK;
}

/* A condition: an expression that says yes or no. */
static int condition(struct scorecard *s, const char *section,
                     const char *key, const char *text, int item,
                     sc_prog *out)
{
	int rc = compile(s, section, key, text, item, out);

	if (rc == ASSESS_OK && out->unit != SC_BOOL)
		return s->h->config_error(s->cfg, section, key, ASSESS_TR("gives "
		                          "%s, not a yes/no condition: compare "
		                          "it, as in %s >= 90"),
		                          sc_unit_name(out->unit), text);
	return rc;
}

/* --- sections --- */

/* Call fn for every section named PREFIX.NAME, in file order. */
static int each_section(struct scorecard *s, const char *prefix,
                        int (*fn)(struct scorecard *s, const char *section,
                                  const char *name))
{
	size_t len = strlen(prefix);
	int i, n = s->h->config_section_count(s->cfg), rc;

	for (i = 0; i < n; i++) {
		const char *sec = s->h->config_section_name(s->cfg, i);
		if (sec && strncmp(sec, prefix, len) == 0 && sec[len] == '.' &&
		    sec[len + 1] && (rc = fn(s, sec, sec + len + 1)) != ASSESS_OK)
			return rc;
	}
	return ASSESS_OK;
}

static int count_section(struct scorecard *s, const char *prefix)
{
	size_t len = strlen(prefix);
	int i, n = s->h->config_section_count(s->cfg), k = 0;

	for (i = 0; i < n; i++) {
		const char *sec = s->h->config_section_name(s->cfg, i);
		k += sec && strncmp(sec, prefix, len) == 0 && sec[len] == '.' &&
		     sec[len + 1];
	}
	return k;
}

static int dec_of(struct scorecard *s, const char *section, const char *key,
                  int *has, sc_dec *out)
{
	double d;
	int rc = s->h->config_number(s->cfg, section, key, -1e12, 1e12, &d);

	*has = rc == ASSESS_OK;
	if (rc == ASSESS_ENOENT)
		return ASSESS_OK;
	if (rc != ASSESS_OK)
		return ASSESS_ECONFIG;
	sc_dec_from(d, out);
	return ASSESS_OK;
}

static int load_field(struct scorecard *s, const char *section,
                      const char *name)
{
	struct sc_field *f = &s->fields[s->nfields];
	const char *label, *type, *codes;
	char path[300];
	int rc, t, has = 0;
	size_t u;

	f->val = (int)s->nfields;
	f->slot = -1;
	s->nfields++;
	if (strchr(name, '.') || strchr(name, '[') || strlen(name) > 64)
		return s->h->config_error(s->cfg, section, NULL, ASSESS_TR("a "
		                          "field's key has no '.' or '[' and at "
		                          "most 64 characters"));
	if ((rc = sc_dup(&f->key, name)) || (rc = sc_dup(&f->section, section)))
		return rc;
	if ((rc = sc_ini_need(s, section, "label", &label)) ||
	    (rc = sc_dup(&f->label, label)) ||
	    (rc = sc_ini_need(s, section, "type", &type)))
		return rc;
	for (u = 0; u < SC_UNIT_N; u++)
		if (type_words[u] && strcasecmp(type, type_words[u]) == 0)
			break;
	if (u == SC_UNIT_N)
		return s->h->config_error(s->cfg, section, "type", ASSESS_TR("'%s' "
		                          "is no type: number, percent, fraction, "
		                          "yesno, count, text or codes"), type);
	f->unit = (int)u;
	if ((rc = yes(s, section, "required", 0, &f->required)))
		return rc;
	if (f->unit == SC_CODES) {
		/* codes = key:label, key:label */
		char *copy, *tok, *save = NULL;
		if ((rc = sc_ini_need(s, section, "codes", &codes)))
			return rc;
		if (!(copy = strdup(codes)))
			return ASSESS_ENOMEM;
		for (tok = strtok_r(copy, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			char *colon = strchr(tok, ':'), *k = tok, *l;
			char **kv, **lv;
			while (*k == ' ')
				k++;
			if (!colon || colon == k) {
				free(copy);
				return s->h->config_error(s->cfg, section, "codes",
				                          ASSESS_TR("write each code as "
				                          "key:label, apart by commas"));
			}
			l = colon + 1;
			while (colon > k && colon[-1] == ' ')
				colon--;
			*colon = 0;
			while (*l == ' ')
				l++;
			if (f->codes.n == SC_MAX_CODES || !*l ||
			    assess_labels_find(&f->codes, k) >= 0) {
				free(copy);
				return s->h->config_error(s->cfg, section, "codes",
				                          ASSESS_TR("code %s: each code "
				                          "once, with a label, at most "
				                          "63"), k);
			}
			kv = realloc(f->codes.key, (f->codes.n + 1) * sizeof *kv);
			if (kv)
				f->codes.key = kv;
			lv = realloc(f->codes.label, (f->codes.n + 1) * sizeof *lv);
			if (lv)
				f->codes.label = lv;
			if (!kv || !lv || !(kv[f->codes.n] = strdup(k)) ||
			    !(lv[f->codes.n] = strdup(l))) {
				if (kv && lv && kv[f->codes.n])
					free(kv[f->codes.n]);
				free(copy);
				return ASSESS_ENOMEM;
			}
			f->codes.n++;
		}
		free(copy);
	} else if (f->unit != SC_TEXT && f->unit != SC_BOOL) {
		if ((rc = dec_of(s, section, "min", &f->has_min, &f->min)) ||
		    (rc = dec_of(s, section, "max", &f->has_max, &f->max)) ||
		    (rc = dec_of(s, section, "default", &has, &f->def)))
			return rc;
		/* the range a kind has of itself */
		if (f->unit == SC_PERCENT || f->unit == SC_FRACTION ||
		    f->unit == SC_COUNT) {
			if (!f->has_min)
				f->min = 0;
			if (!f->has_max && f->unit != SC_COUNT)
				f->max = f->unit == SC_PERCENT ? 100 * SC_ONE : SC_ONE;
			f->has_min = 1;
			f->has_max |= f->unit != SC_COUNT;
		}
		if (f->has_min && f->has_max && f->min > f->max)
			return s->h->config_error(s->cfg, section, "min",
			                          ASSESS_TR("above max"));
	} else if (f->unit == SC_BOOL) {
		int d;
		if ((rc = yes(s, section, "default", 0, &d)))
			return rc;
		f->def = d;
	}
	if (f->required && sc_ini_str(s, section, "default"))
		return s->h->config_error(s->cfg, section, "default",
		                          ASSESS_TR("a required field has no "
		                          "default"));
	snprintf(path, sizeof path, "%s", name);
	/* percent, fraction, yes/no and codes have readers of their own,
	 * which take more than one JSON type and say what is wrong */
	t = f->unit == SC_TEXT ? ASSESS_TYPE_STRING
	    : f->unit == SC_NUM || f->unit == SC_COUNT ? ASSESS_TYPE_NUMBER
	    : ASSESS_TYPE_ANY;
	f->slot = s->h->declare(path, t, f->required ? ASSESS_FIELD_REQUIRED
	                        : ASSESS_FIELD_OPTIONAL);
	if (f->slot < 0)
		return s->h->config_error(s->cfg, section, NULL, ASSESS_TR("the "
		                          "host refuses the field %s"), name);
	return ASSESS_OK;
}

static int load_value(struct scorecard *s, const char *section,
                      const char *name)
{
	struct sc_value *v = &s->values[s->nvalues];
	const char *text;
	int rc;

	v->val = (int)(s->nfields + s->std.criteria.n + s->nvalues);
	s->nvalues++;
	if ((rc = sc_dup(&v->name, name)) || (rc = sc_dup(&v->section, section)))
		return rc;
	if (find_field(s, name, strlen(name)) >= 0 ||
	    assess_criteria_find(&s->std.criteria, name) || !strcmp(name, "criteria"))
		return s->h->config_error(s->cfg, section, NULL, ASSESS_TR("%s is "
		                          "already the name of a field or a "
		                          "criterion"), name);
	if ((rc = sc_ini_need(s, section, "expr", &text)) || (rc = sc_dup(&v->text,
	                                                    text)))
		return rc;
	return yes(s, section, "show", 0, &v->show);
}

/* The ladder's rating whose code is code (without case), or -1. */
int sc_rating_of(const struct scorecard *s, const char *code)
{
	size_t i;

	for (i = 0; i < s->nratings; i++)
		if (strcasecmp(s->ratings[i].code, code) == 0)
			return (int)i;
	return -1;
}

int sc_bad_rating(const struct scorecard *s, const char *section,
                      const char *key, const char *code)
{
	const char **v = malloc((s->nratings + 1) * sizeof *v), *near = NULL;
	char hint[128] = "";
	size_t i;

	for (i = 0; v && i < s->nratings; i++)
		v[i] = s->ratings[i].code;
	if (v && (near = assess_nearest(code, v, s->nratings)))
		snprintf(hint, sizeof hint, ASSESS_TR(" (did you mean %s?)"), near);
	free(v);
	return s->h->config_error(s->cfg, section, key, ASSESS_TR("no rating "
	                          "%s in the ladder%s"), code, hint);
}

static int load_rating(struct scorecard *s, const char *section,
                       const char *name)
{
	struct sc_rating *r = &s->ratings[s->nratings];
	const char *code = sc_ini_str(s, section, "code"), *label, *when;
	int rc;

	s->nratings++;
	if ((rc = sc_dup(&r->code, code && *code ? code : name)) ||
	    (rc = sc_dup(&r->section, section)) ||
	    (rc = sc_ini_need(s, section, "label", &label)) ||
	    (rc = sc_dup(&r->label, label)))
		return rc;
	if (sc_rating_of(s, r->code) != (int)s->nratings - 1)
		return s->h->config_error(s->cfg, section, "code", ASSESS_TR("the "
		                          "code %s is given twice"), r->code);
	when = sc_ini_str(s, section, "when");
	r->always = !when || strcasecmp(when, "true") == 0 ||
	            strcasecmp(when, "otherwise") == 0;
	return yes(s, section, "qualified", 1, &r->qualified);
}

static int compile_ladder(struct scorecard *s)
{
	size_t i;
	int rc;
	char *end;

	if (!s->nratings)
		return s->h->config_error(s->cfg, NULL, NULL, ASSESS_TR("no "
		                          "[rating.CODE] section: a scheme needs "
		                          "its ladder of ratings"));
	s->numeric = 1;
	for (i = 0; i < s->nratings; i++) {
		struct sc_rating *r = &s->ratings[i];
		const char *when = sc_ini_str(s, r->section, "when");
		long v = strtol(r->code, &end, 10);
		if (*end || end == r->code || v < 0 || v > 100)
			s->numeric = 0;
		r->stars = (int)v;
		if (r->always && i + 1 < s->nratings)
			return s->h->config_error(s->cfg, r->section, "when",
			                          ASSESS_TR("holds always, so the "
			                          "ratings after it are never given: "
			                          "it must be the last"));
		if (!r->always &&
		    (rc = condition(s, r->section, "when", when, 0, &r->when)))
			return rc;
		if (!r->always && i + 1 == s->nratings)
			return s->h->config_error(s->cfg, r->section, "when",
			                          ASSESS_TR("a record for which no "
			                          "condition holds gets no rating: the "
			                          "last rating takes no when (or when "
			                          "= true)"));
	}
	return ASSESS_OK;
}

static int load_gate(struct scorecard *s, const char *section,
                     const char *name)
{
	struct sc_gate *g = &s->gates[s->ngates];
	const char *when, *set = sc_ini_str(s, section, "rating"),
	           *cap = sc_ini_str(s, section, "cap"), *reason;
	int rc;

	s->ngates++;
	if ((rc = sc_dup(&g->name, name)) || (rc = sc_dup(&g->section, section))
	    || (rc = sc_ini_need(s, section, "when", &when)) ||
	    (rc = sc_dup(&g->text, when)) ||
	    (rc = sc_ini_need(s, section, "reason", &reason)) ||
	    (rc = sc_dup(&g->reason, reason)))
		return rc;
	if (!set == !cap)
		return s->h->config_error(s->cfg, section, NULL, ASSESS_TR("a gate "
		                          "gives either rating (set it) or cap (at "
		                          "most it)"));
	g->cap = cap != NULL;
	if ((g->rating = sc_rating_of(s, cap ? cap : set)) < 0)
		return sc_bad_rating(s, section, cap ? "cap" : "rating",
		                  cap ? cap : set);
	return condition(s, section, "when", when, 0, &g->when);
}

static int load_note(struct scorecard *s, const char *section,
                     const char *name)
{
	struct sc_note *n = &s->notes[s->nnotes];
	const char *when, *label, *msg, *each, *code, *rule;
	int rc;

	s->nnotes++;
	code = sc_ini_str(s, section, "code");
	rule = sc_ini_str(s, section, "rule");
	each = sc_ini_str(s, section, "each");
	if ((rc = sc_dup(&n->name, code && *code ? code : name)) ||
	    (rc = sc_dup(&n->section, section)) ||
	    (rc = sc_ini_need(s, section, "when", &when)) ||
	    (rc = sc_dup(&n->text, when)) ||
	    (rc = sc_ini_need(s, section, "label", &label)) ||
	    (rc = sc_ini_need(s, section, "message", &msg)) ||
	    (rc = sc_dup(&n->message, msg)))
		return rc;
	if (each && strcmp(each, "criteria") != 0)
		return s->h->config_error(s->cfg, section, "each", ASSESS_TR("only "
		                          "each = criteria"));
	n->each = each != NULL;
	n->kind.code = n->name;
	if (!(n->kind.label = strdup(label)) ||
	    !(n->kind.rule = strdup(rule ? rule : "")))
		return ASSESS_ENOMEM;
	return condition(s, section, "when", when, n->each, &n->when);
}

/* The criteria's fields: scores.KEY and the rules' indicators. */
static int alloc_all(struct scorecard *s)
{
	size_t nf = (size_t)count_section(s, "field"),
	       nv = (size_t)count_section(s, "value"),
	       nr = (size_t)count_section(s, "rating"),
	       ng = (size_t)count_section(s, "gate"),
	       nn = (size_t)count_section(s, "note");

	s->fields = calloc(nf + 1, sizeof *s->fields);
	s->values = calloc(nv + 1, sizeof *s->values);
	s->order = calloc(nv + 1, sizeof *s->order);
	s->ratings = calloc(nr + 1, sizeof *s->ratings);
	s->gates = calloc(ng + 1, sizeof *s->gates);
	s->notes = calloc(nn + 1, sizeof *s->notes);
	return s->fields && s->values && s->order && s->ratings && s->gates &&
	       s->notes ? ASSESS_OK : ASSESS_ENOMEM;
}

int sc_scheme_load(struct scorecard *s)
{
	const assess_host *h = s->h;
	struct settings set = { 0 };
	size_t i;
	int rc;

	if (!ASSESS_HAS(h, declare) || !ASSESS_HAS(h, amend)) {
		h->log(ASSESS_LOG_ERROR, "needs a host of ABI 1.2 or later");
		return ASSESS_EPLUGIN;
	}
	if ((rc = assess_config_spec_load(h, s->cfg, spec, NSPEC, &set)))
		return rc;
	s->std.missing_zero = set.missing_zero;
	s->std.prefer_computed = set.prefer_computed;
	if ((rc = assess_criteria_load(h, s->cfg, "criterion", set.total,
	                               set.share, &s->std.criteria)) ||
	    (rc = assess_rules_load(h, s->cfg, &s->std.criteria, &s->std.rules)) ||
	    (rc = alloc_all(s)) ||
	    (rc = sc_crit_declare(s, count_section(s, "rating"))) ||
	    (rc = each_section(s, "field", load_field)))
		return rc;
	s->crit = (int)s->nfields;
	for (i = 0; i < s->nfields; i++)
		if (assess_criteria_find(&s->std.criteria, s->fields[i].key))
			return h->config_error(s->cfg, s->fields[i].section, NULL,
			                       ASSESS_TR("%s is already the key of "
			                       "a criterion"), s->fields[i].key);
	if ((rc = each_section(s, "value", load_value)))
		return rc;
	for (i = 0; i < s->nvalues; i++)
		if (s->values[i].state == 0 && (rc = compile_value(s, i)))
			return rc;
	if ((rc = each_section(s, "rating", load_rating)) ||
	    (rc = compile_ladder(s)) ||
	    (rc = each_section(s, "gate", load_gate)) ||
	    (rc = each_section(s, "note", load_note)) ||
	    (rc = sc_rules_load(s)))
		return rc;
	if (sc_ini_str(s, "scheme", "title") &&
	    (rc = sc_dup(&s->title, sc_ini_str(s, "scheme", "title"))))
		return rc;
	if (!sc_ini_str(s, "ladder", "key"))
		s->code_key = NULL;
	else if ((rc = sc_dup(&s->code_key, sc_ini_str(s, "ladder", "key"))))
		return rc;
	if ((rc = yes(s, "summary", "per_rating", 1, &s->per_rating)))
		return rc;
	s->nvals = (int)(s->nfields + s->std.criteria.n + s->nvalues);
	s->vals = calloc((size_t)s->nvals + 1, sizeof *s->vals);
	s->stack = calloc((size_t)s->depth + 1, sizeof *s->stack);
	s->bar = calloc(s->std.criteria.n + 1, sizeof *s->bar);
	s->max = calloc(s->std.criteria.n + 1, sizeof *s->max);
	s->texts = calloc(s->nfields + 1, sizeof *s->texts);
	s->raw = calloc(s->std.criteria.n + 1, sizeof *s->raw);
	if (!s->vals || !s->stack || !s->bar || !s->max || !s->texts ||
	    !s->raw)
		return ASSESS_ENOMEM;
	for (i = 0; i < s->std.criteria.n; i++) {
		sc_dec_from(s->std.criteria.v[i].bar, &s->bar[i]);
		sc_dec_from(s->std.criteria.v[i].max, &s->max[i]);
	}
	return ASSESS_OK;
}

void sc_scheme_free(struct scorecard *s)
{
	size_t i;

	assess_standard_free(&s->std); /* the criteria and rules too */
	for (i = 0; s->fields && i < s->nfields; i++) {
		free(s->fields[i].key);
		free(s->fields[i].label);
		free(s->fields[i].section);
		assess_labels_free(&s->fields[i].codes);
	}
	for (i = 0; s->values && i < s->nvalues; i++) {
		free(s->values[i].name);
		free(s->values[i].section);
		free(s->values[i].text);
		sc_prog_free(&s->values[i].prog);
	}
	for (i = 0; s->ratings && i < s->nratings; i++) {
		free(s->ratings[i].code);
		free(s->ratings[i].label);
		free(s->ratings[i].section);
		sc_prog_free(&s->ratings[i].when);
	}
	for (i = 0; s->gates && i < s->ngates; i++) {
		free(s->gates[i].name);
		free(s->gates[i].section);
		free(s->gates[i].reason);
		free(s->gates[i].text);
		sc_prog_free(&s->gates[i].when);
	}
	for (i = 0; s->notes && i < s->nnotes; i++) {
		free(s->notes[i].name);
		free(s->notes[i].section);
		free(s->notes[i].text);
		free(s->notes[i].message);
		free((char *)s->notes[i].kind.label);
		free((char *)s->notes[i].kind.rule);
		sc_prog_free(&s->notes[i].when);
	}
	free(s->fields);
	free(s->values);
	free(s->order);
	free(s->ratings);
	free(s->gates);
	free(s->notes);
	free(s->quota.reason);
	free(s->pairing.seeks);
	free(s->pairing.helps);
	free(s->code_key);
	free(s->title);
	sc_strings_free(&s->strs);
	free(s->vals);
	free(s->stack);
	free(s->bar);
	free(s->max);
	free(s->texts);
	free(s->raw);
}

/* --- describe --- */

static void put_dec(const assess_host *h, assess_node *o, const char *key,
                    sc_dec d)
{
	h->put_number(o, key, sc_dec_to(d));
}

int sc_scheme_describe(const struct scorecard *s, assess_node *out)
{
	const assess_host *h = s->h;
	assess_node *arr, *o, *codes;
	size_t i, k;
	char path[300];

	if (s->title)
		h->put_string(out, "title", s->title);
	h->put_number(out, "total", s->std.criteria.total);
	h->put_string(out, "missing", s->std.missing_zero ? "zero" : "reject");
	h->put_string(out, "prefer", s->std.prefer_computed ? "computed" : "score");
	/* criteria, then fields: both are what a spreadsheet's headers name
	 * by label (score_path is where the value goes) */
	arr = h->put_array(out, "criteria");
	for (i = 0; i < s->std.criteria.n; i++) {
		const assess_criterion *c = &s->std.criteria.v[i];
		o = h->put_object(arr, NULL);
		h->put_string(o, "key", c->key);
		h->put_string(o, "label", c->label);
		h->put_number(o, "max", c->max);
		h->put_number(o, "bar", assess_dec_round(c->bar, 2));
		snprintf(path, sizeof path, "scores.%s", c->key);
		h->put_string(o, "score_path", path);
	}
	for (i = 0; i < s->nfields; i++) {
		const struct sc_field *f = &s->fields[i];
		/* a list named vetoes is the spreadsheets' 否决项 column */
		if (f->unit == SC_CODES && !strcmp(f->key, "vetoes")) {
			assess_labels_put(h, h->put_object(out, "vetoes"), &f->codes,
			                  NULL);
			continue;
		}
		o = h->put_object(arr, NULL);
		h->put_string(o, "key", f->key);
		h->put_string(o, "label", f->label);
		h->put_string(o, "score_path", f->key);
		h->put_string(o, "field", type_words[f->unit]);
		h->put_bool(o, "required", f->required);
		if (f->has_min)
			put_dec(h, o, "min", f->min);
		if (f->has_max)
			put_dec(h, o, "max", f->max);
		if (f->unit == SC_CODES) {
			codes = h->put_object(o, "codes");
			for (k = 0; k < f->codes.n; k++)
				h->put_string(codes, f->codes.key[k], f->codes.label[k]);
		}
	}
	arr = h->put_array(out, "values");
	for (i = 0; i < s->nvalues; i++) {
		o = h->put_object(arr, NULL);
		h->put_string(o, "name", s->values[i].name);
		h->put_string(o, "expr", s->values[i].text);
		h->put_string(o, "kind", sc_unit_name(s->values[i].prog.unit));
		h->put_bool(o, "show", s->values[i].show);
	}
	arr = h->put_array(out, "ladder");
	for (i = 0; i < s->nratings; i++) {
		const struct sc_rating *r = &s->ratings[i];
		o = h->put_object(arr, NULL);
		h->put_string(o, "code", r->code);
		h->put_string(o, "label", r->label);
		h->put_string(o, "when", r->always ? "true"
		              : sc_ini_str(s, r->section, "when"));
		h->put_bool(o, "qualified", r->qualified);
	}
	if (s->code_key)
		h->put_string(out, "ladder_key", s->code_key);
	/* the summary's maps of counts titled, and the codes of the one per
	 * rating named by their labels (the report reads both) */
	snprintf(path, sizeof path, "per_%.60s", s->code_key ? s->code_key
	         : "rating");
	o = h->put_object(out, "maps");
	h->put_string(o, path, ASSESS_TR("Organisations per rating"));
	if (s->ngates)
		h->put_string(o, "gates", ASSESS_TR("Ratings set by a gate"));
	if (s->nnotes)
		h->put_string(o, "notes", ASSESS_TR("Notes given"));
	o = h->put_object(out, path);
	for (i = 0; i < s->nratings; i++)
		h->put_string(o, s->ratings[i].code, s->ratings[i].label);
	/* what the rating is, for the report and the workbook: a ladder of
	 * grades, best first, as the results name them */
	if (!s->numeric) {
		o = h->put_object(out, "rating");
		h->put_string(o, "kind", "grades");
		o = h->put_array(o, "grades");
		for (i = 0; i < s->nratings; i++)
			h->put_string(o, NULL, s->ratings[i].label);
	}
	arr = h->put_array(out, "gates");
	for (i = 0; i < s->ngates; i++) {
		o = h->put_object(arr, NULL);
		h->put_string(o, "name", s->gates[i].name);
		h->put_string(o, "when", s->gates[i].text);
		h->put_string(o, s->gates[i].cap ? "cap" : "rating",
		              s->ratings[s->gates[i].rating].code);
		h->put_string(o, "reason", s->gates[i].reason);
	}
	arr = h->put_array(out, "notes");
	for (i = 0; i < s->nnotes; i++) {
		o = h->put_object(arr, NULL);
		h->put_string(o, "code", s->notes[i].name);
		h->put_string(o, "label", s->notes[i].kind.label);
		h->put_string(o, "when", s->notes[i].text);
		h->put_string(o, "message", s->notes[i].message);
		if (s->notes[i].each)
			h->put_string(o, "each", "criteria");
	}
	sc_rules_describe(s, out);
	return assess_config_spec_describe(h, spec, NSPEC,
	                                   h->put_array(out, "config_keys"));
}
