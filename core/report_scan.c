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
#include "report_svg.h"
#include "tmp.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

char *rs_dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- setting up ---- */

static int want_id(struct report_scan *s, const cJSON *v)
{
	return !cJSON_IsString(v) || rs_map_add(&s->names, v->valuestring) ? 0
	       : -1;
}

int report_scan_init(struct report_scan *s, const cJSON *summary,
                     const cJSON *describe, long count, long limit)
{
	const cJSON *e;
	long n;

	memset(s, 0, sizeof *s);
	s->limit = limit;
	s->summarised = count > limit;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(describe,
	                                                       "stars"))
		if (str(e, "rating") &&
		    rs_tally_at(&s->verdicts, str(e, "rating"), NULL,
	                       RS_MAX_VERDICTS) < 0)
			return -1;
	if (str(describe, "pass") &&
	    rs_tally_at(&s->verdicts, str(describe, "pass"), NULL,
	             RS_MAX_VERDICTS) < 0)
		return -1;
	if (str(describe, "fail") &&
	    rs_tally_at(&s->verdicts, str(describe, "fail"), NULL,
	             RS_MAX_VERDICTS) < 0)
		return -1;
	/* only the pairs and unpaired the page lists (limit of each) */
	n = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(summary,
	                                                       "pairs"))
		if (n++ < limit &&
		    (want_id(s, cJSON_GetObjectItemCaseSensitive(e, "helper")) ||
		     want_id(s, cJSON_GetObjectItemCaseSensitive(e, "helped"))))
			return -1;
	n = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(summary,
	                                                       "unpaired"))
		if (n++ < limit && want_id(s, cJSON_IsObject(e) ?
		            cJSON_GetObjectItemCaseSensitive(e, "id") : e))
			return -1;
	if (!(s->rows.fp = tmp_file()) || !(s->actions.fp = tmp_file()) ||
	    !(s->warnings.fp = tmp_file()) || !(s->held.fp = tmp_file()) ||
	    !(s->refused.fp = tmp_file()) || !(s->quota.fp = tmp_file()))
		return -1;
	return 0;
}

/* ---- one result ---- */

static void cell(FILE *fp, const char *s)
{
	fputs("<td>", fp);
	report_esc(fp, s ? s : "");
	fputs("</td>", fp);
}

/* The start of a row naming r: name, id, parent. */
static void row_head(FILE *fp, const cJSON *r)
{
	fputs("<tr>", fp);
	cell(fp, str(r, "name"));
	cell(fp, str(r, "id"));
	cell(fp, str(r, "parent"));
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
		row_head(s->refused.fp, r);
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
	row_head(s->quota.fp, r);
	fputs("<td class=\"num\">", s->quota.fp);
	if (cJSON_IsNumber(score))
		report_num(s->quota.fp, score->valuedouble);
	fputs("</td><td class=\"num\">", s->quota.fp);
	if (cJSON_IsNumber(earned))
		report_num(s->quota.fp, earned->valuedouble);
	fputs("</td>", s->quota.fp);
	cell(s->quota.fp, verdict_of(r));
	cell(s->quota.fp, str(q, "reason"));
	fputs("</tr>\n", s->quota.fp);
}

/* The actions or warnings of r: tallied by code, listed as rows. */
static int notes(struct report_scan *s, const cJSON *r, const char *member,
                 struct rs_tally *codes, struct rs_spool *sp,
                 const char *why)
{
	const cJSON *a;

	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(r, member)) {
		const char *code = str(a, "code"), *label = str(a, "label");
		long i;
		if (!code)
			continue;
		if ((i = rs_tally_at(codes, code, label, RS_MAX_CODES)) < 0)
			return -1;
		codes->v[i].n++;
		sp->total++;
		if (sp->written >= s->limit)
			continue;
		sp->written++;
		row_head(sp->fp, r);
		cell(sp->fp, label ? label : code);
		cell(sp->fp, str(a, "rule"));
		cell(sp->fp, str(a, why));
		fputs("</tr>\n", sp->fp);
	}
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
		row_head(row, r);
		cell(row, v);
		fputs("<td class=\"num\">", row);
		if (cJSON_IsNumber(score))
			report_num(row, score->valuedouble);
		fputs("</td><td>", row);
		s->rows.written++;
	}
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
	if (notes(s, r, "actions", &s->action_codes, &s->actions,
	          "reason") < 0 ||
	    notes(s, r, "warnings", &s->warning_codes, &s->warnings,
	          "message") < 0)
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
	    ferror(s->refused.fp) || ferror(s->quota.fp)) {
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
	                          &s->held, &s->refused, &s->quota };
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
}
