/*
 * report_scan.c - the HTML report's one pass over the results, a line at a
 * time (report_scan.h).  Nothing per result is kept in memory: what the
 * page shows is tallied (verdicts, criteria, codes: a few dozen entries),
 * spooled as finished HTML rows to temporary files, or, for the names of
 * the pairing tables, kept only for the ids the summary lists.
 */
#include "report_scan.h"
#include "report_scan_impl.h"
#include "lang.h"
#include "paper.h"
#include "report_svg.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- one result ---- */

static void cell(FILE *fp, const char *s)
{
	fputs("<td>", fp);
	report_esc(fp, s ? s : "");
	fputs("</td>", fp);
}

/* A number's cell, empty without one. */
static void num_cell(FILE *fp, const cJSON *v)
{
	fputs("<td class=\"num\">", fp);
	if (cJSON_IsNumber(v))
		report_num(fp, v->valuedouble);
	fputs("</td>", fp);
}

/* A cell that never wraps (a name, an id). */
static void nm_cell(FILE *fp, const char *s)
{
	fputs("<td class=\"nm\">", fp);
	report_esc(fp, s ? s : "");
	fputs("</td>", fp);
}

/* The start of a row naming r: name (never wrapped), id, parent; the
 * rule that asks for the row (a code, not for the reader) in its
 * data-rule, when given. */
static void row_head(FILE *fp, const cJSON *r, const char *rule)
{
	fputs("<tr", fp);
	if (rule) {
		fputs(" data-rule=\"", fp);
		report_esc(fp, rule);
		fputc('"', fp);
	}
	fputs(">", fp);
	nm_cell(fp, str(r, "name"));
	nm_cell(fp, str(r, "id"));
	nm_cell(fp, str(r, "parent"));
}

/* The verdict shown for r. */
static const char *verdict_of(const cJSON *r)
{
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(r, "qualified");

	if (str(r, "status") && strcmp(str(r, "status"), "rejected") == 0)
		return report_text(RT_REJECTED_ONE);
	if (str(r, "rating"))
		return str(r, "rating");
	if (cJSON_IsBool(q))
		return report_text(cJSON_IsTrue(q) ? RT_QUALIFIED
		                   : RT_NOT_QUALIFIED);
	return "-";
}

static int criteria(struct report_scan *s, const cJSON *r, FILE *row)
{
	const cJSON *c, *held, *h;
	int first = 1;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(r, "criteria")) {
		const char *key = str(c, "key"), *label = str(c, "label");
		const cJSON *passed = cJSON_GetObjectItemCaseSensitive(c, "passed");
		const cJSON *prompt = cJSON_GetObjectItemCaseSensitive(c, "prompt");
		struct rs_crit *k = NULL;
		size_t i;

		if (!key)
			continue;
		for (i = 0; i < s->ncrit && !k; i++)
			if (strcmp(s->crit[i].key, key) == 0)
				k = &s->crit[i];
		if (!k && s->ncrit < RS_MAX_CRITERIA) {
			k = &s->crit[s->ncrit];
			k->key = rs_dup(key);
			k->label = rs_dup(label ? label : key);
			if (!k->key || !k->label) {
				free(k->key);
				free(k->label);
				k->key = k->label = NULL;
				return -1;
			}
			s->ncrit++;
		}
		if (k && cJSON_IsBool(passed)) {
			k->present++;
			k->passed += cJSON_IsTrue(passed);
			k->failed += cJSON_IsFalse(passed);
			k->prompted += cJSON_IsTrue(prompt);
		}
		s->any_prompt |= prompt != NULL;
		if (row && cJSON_IsFalse(passed)) {
			fputs(first ? "" : report_text(RT_LIST_SEP), row);
			report_esc(row, label ? label : key);
			first = 0;
		}
		held = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(c, "communities"),
			"held_back");
		cJSON_ArrayForEach(h, held) {
			const char *st = str(h, "status");
			s->held.total++;
			if (s->held.written >= s->limit)
				continue;
			s->held.written++;
			fputs("<tr>", s->held.fp);
			cell(s->held.fp, str(r, "name"));
			cell(s->held.fp, label ? label : key);
			cell(s->held.fp, str(h, "name"));
			cell(s->held.fp, str(h, "id"));
			cell(s->held.fp, !st ? "" :
			     strcmp(st, "not_qualified") == 0 ?
			     report_text(RT_NOT_QUALIFIED) :
			     strcmp(st, "rejected") == 0 ?
			     report_text(RT_REJECTED_ONE) : st);
			fputs("</tr>\n", s->held.fp);
		}
	}
	return 0;
}

/* The errors of a rejected result r, a row each: where it was read, the
 * field and why, so that the committee sees what to send back. */
static void refused(struct report_scan *s, const cJSON *r)
{
	const cJSON *e, *line = cJSON_GetObjectItemCaseSensitive(r, "line");
	char where[64];

	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r, "errors")) {
		s->refused.total++;
		if (s->refused.written >= s->limit)
			continue;
		s->refused.written++;
		row_head(s->refused.fp, r, NULL);
		where[0] = '\0';
		if (cJSON_IsNumber(line))
			snprintf(where, sizeof where, ":%.0f", line->valuedouble);
		fputs("<td>", s->refused.fp);
		report_esc(s->refused.fp, str(r, "file") ? str(r, "file") : "");
		report_esc(s->refused.fp, where);
		fputs("</td>", s->refused.fp);
		cell(s->refused.fp, str(e, "path"));
		cell(s->refused.fp, str(e, "message"));
		fputs("</tr>\n", s->refused.fp);
	}
}

/* A result a quota moved down (its "quota": earned, reason): a row with
 * its score, the level it earned, the verdict it was given and why, so
 * that the committee can explain the rating. */
static void quota(struct report_scan *s, const cJSON *r)
{
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(r, "quota");
	const cJSON *score = cJSON_GetObjectItemCaseSensitive(r, "score");
	const cJSON *earned = cJSON_GetObjectItemCaseSensitive(q, "earned");

	if (!cJSON_IsObject(q))
		return;
	s->quota.total++;
	if (s->quota.written >= s->limit)
		return;
	s->quota.written++;
	row_head(s->quota.fp, r, NULL);
	fputs("<td class=\"num\">", s->quota.fp);
	if (cJSON_IsNumber(score))
		report_num(s->quota.fp, score->valuedouble);
	fputs("</td><td class=\"num\">", s->quota.fp);
	if (cJSON_IsNumber(earned))
		report_num(s->quota.fp, earned->valuedouble);
	else if (cJSON_IsString(earned)) /* a grade */
		report_esc(s->quota.fp, earned->valuestring);
	fputs("</td>", s->quota.fp);
	cell(s->quota.fp, verdict_of(r));
	cell(s->quota.fp, str(q, "reason"));
	fputs("</tr>\n", s->quota.fp);
}

/* The actions of r: tallied by code, listed as rows, the rule that
 * asks for each in the row's data-rule (a code is not for the reader). */
static int actions(struct report_scan *s, const cJSON *r)
{
	const cJSON *a;
	struct rs_spool *sp = &s->actions;

	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(r, "actions")) {
		const char *code = str(a, "code"), *label = str(a, "label");
		long i;
		if (!code)
			continue;
		if ((i = rs_tally_at(&s->action_codes, code, label,
		                     RS_MAX_CODES)) < 0)
			return -1;
		s->action_codes.v[i].n++;
		sp->total++;
		if (sp->written >= s->limit)
			continue;
		sp->written++;
		row_head(sp->fp, r, str(a, "rule"));
		cell(sp->fp, label ? label : code);
		cell(sp->fp, str(a, "reason"));
		fputs("</tr>\n", sp->fp);
	}
	return 0;
}

/* The label of r's criterion key, or key. */
static const char *item_label(const cJSON *r, const char *key)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(r, "criteria"))
		if (str(c, "key") && strcmp(str(c, "key"), key) == 0 &&
		    str(c, "label"))
			return str(c, "label");
	return key;
}

static const char *note_label(const cJSON *a)
{
	return str(a, "label") ? str(a, "label") : str(a, "code");
}

/* The warnings of r: tallied by code; listed, unless r is vetoed (its
 * rating is settled), as one row for the organisation: each label once
 * with the items it names ("提示：自身建设、班子建设"), then the
 * sentences of those that name none.  The first screenful of rows goes
 * to s->warnings, the rest to s->more. */
static int warnings(struct report_scan *s, const cJSON *r)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(r, "warnings");
	const cJSON *a, *b, *v = cJSON_GetObjectItemCaseSensitive(r, "vetoes");
	struct rs_spool *sp;
	int n = 0, first = 1, items;
	FILE *fp;

	cJSON_ArrayForEach(a, list) {
		long i;
		if (!str(a, "code"))
			continue;
		if ((i = rs_tally_at(&s->warning_codes, str(a, "code"),
		                     str(a, "label"), RS_MAX_CODES)) < 0)
			return -1;
		s->warning_codes.v[i].n++;
		n++;
	}
	if (!n || cJSON_GetArraySize(v) > 0)
		return 0;
	s->warnings.total++;
	if (s->warnings.written + s->more.written >= s->limit)
		return 0;
	sp = s->warnings.written < RS_SCREENFUL ? &s->warnings : &s->more;
	sp->written++;
	fp = sp->fp;
	row_head(fp, r, NULL);
	fputs("<td>", fp);
	cJSON_ArrayForEach(a, list) {
		const char *l = note_label(a);
		if (!l)
			continue;
		for (b = list->child; b != a; b = b->next) /* said already */
			if (note_label(b) && strcmp(note_label(b), l) == 0)
				break;
		if (b != a)
			continue;
		fputs(first ? "" : "；", fp);
		report_esc(fp, l);
		first = 0;
		items = 0;
		for (b = a; b; b = b->next)
			if (str(b, "item") && note_label(b) &&
			    strcmp(note_label(b), l) == 0) {
				fputs(items++ ? report_text(RT_LIST_SEP) : "：", fp);
				report_esc(fp, item_label(r, str(b, "item")));
			}
	}
	fputs("</td><td>", fp);
	first = 1;
	cJSON_ArrayForEach(a, list)
		if (!str(a, "item") && str(a, "message")) {
			fputs(first ? "" : "<br>", fp);
			report_esc(fp, str(a, "message"));
			first = 0;
		}
	fputs("</td></tr>\n", fp);
	return 0;
}

static int one(struct report_scan *s, const cJSON *r)
{
	const char *v = verdict_of(r), *id = str(r, "id");
	const cJSON *score = cJSON_GetObjectItemCaseSensitive(r, "score");
	int rejected = str(r, "status") &&
	               strcmp(str(r, "status"), "rejected") == 0;
	FILE *row = s->summarised ? NULL : s->rows.fp;
	struct rs_entry *e;
	long vi = -1;

	s->results++;
	if (rejected) {
		s->rejected++;
		refused(s, r);
	} else {
		if ((vi = rs_tally_at(&s->verdicts, v, NULL, RS_MAX_VERDICTS)) < 0)
			return -1;
		s->verdicts.v[vi].n++;
	}
	if (id && (e = rs_map_find(&s->names, id)) && !e->name &&
	    (!(e->name = rs_dup(str(r, "name") ? str(r, "name") : id)) ||
	     !(e->unit = rs_dup(str(r, "parent") ? str(r, "parent") : ""))))
		return -1;
	if (row) {
		const cJSON *ch = cJSON_GetObjectItemCaseSensitive(r, "change");
		row_head(row, r, NULL);
		nm_cell(row, v);
		num_cell(row, score); /* column 4: links sort by it (#sort=4) */
		if (s->stars) {
			num_cell(row, cJSON_GetObjectItemCaseSensitive(r, "stars"));
			num_cell(row, cJSON_GetObjectItemCaseSensitive(ch,
			                                               "previous"));
		}
		if (s->tiers)
			num_cell(row, cJSON_GetObjectItemCaseSensitive(r, "tier"));
		report_trend_add(&s->trend, r, row);
		fputs("<td>", row);
		s->rows.written++;
	} else {
		report_trend_add(&s->trend, r, NULL);
	}
	if (!s->period && str(r, "period") &&
	    !(s->period = rs_dup(str(r, "period"))))
		return -1;
	if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(r, "stars")) &&
	    cJSON_GetObjectItemCaseSensitive(r, "stars")->valuedouble == 0 &&
	    str(r, "rating") && paper_add_once(&s->zero, str(r, "rating")) < 0)
		return -1;
	s->rows.total++;
	quota(s, r);
	if (criteria(s, r, row) < 0)
		return -1;
	if (row)
		fputs("</td></tr>\n", row);
	if (s->summarised) {
		const char *p = str(r, "parent");
		if (!(e = rs_map_add(&s->parents, p ? p : "")))
			return -1;
		if (!e->n && !(e->n = calloc(RS_MAX_VERDICTS + 1, sizeof *e->n)))
			return -1;
		e->n[rejected ? RS_MAX_VERDICTS : vi]++;
	}
	if (actions(s, r) < 0 || warnings(s, r) < 0)
		return -1;
	return 0;
}

int report_scan_run(struct report_scan *s, FILE *fp, char *err,
                    size_t errlen)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;
	int rc = -1;

	while ((n = getline(&line, &cap, fp)) > 0) {
		cJSON *r = cJSON_ParseWithLength(line, (size_t)n);
		lineno++;
		if (!r) {
			snprintf(err, errlen, _("html report: result %ld is not JSON"),
			         lineno);
			goto out;
		}
		rc = one(s, r);
		cJSON_Delete(r);
		if (rc < 0) {
			snprintf(err, errlen, _("out of memory"));
			goto out;
		}
		rc = -1;
	}
	if (ferror(fp) || ferror(s->rows.fp) || ferror(s->actions.fp) ||
	    ferror(s->warnings.fp) || ferror(s->held.fp) ||
	    ferror(s->refused.fp) || ferror(s->quota.fp) ||
	    ferror(s->more.fp)) {
		snprintf(err, errlen, _("html report: temporary file: %s"),
		         strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(line);
	return rc;
}

const char *report_scan_name(const struct report_scan *s, const char *id,
                             const char **unit)
{
	const struct rs_entry *e = rs_map_find(&s->names, id);

	if (unit)
		*unit = e && e->unit ? e->unit : "";
	return e ? e->name : NULL;
}

int report_scan_copy(struct rs_spool *sp, FILE *out)
{
	char buf[65536];
	size_t n;

	if (fflush(sp->fp) != 0 || fseek(sp->fp, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, sp->fp)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			return -1;
	return ferror(sp->fp) ? -1 : 0;
}

void report_scan_free(struct report_scan *s)
{
	struct rs_spool *sp[] = { &s->rows, &s->actions, &s->warnings,
	                          &s->held, &s->refused, &s->quota, &s->more };
	size_t i;

	for (i = 0; i < sizeof sp / sizeof *sp; i++)
		if (sp[i]->fp)
			fclose(sp[i]->fp);
	for (i = 0; i < s->ncrit; i++) {
		free(s->crit[i].key);
		free(s->crit[i].label);
	}
	rs_tally_free(&s->verdicts);
	rs_tally_free(&s->action_codes);
	rs_tally_free(&s->warning_codes);
	rs_map_free(&s->names);
	rs_map_free(&s->parents);
	free(s->period);
	free(s->zero);
}
