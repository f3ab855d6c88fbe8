/*
 * check_sample.c - --check-plugin --sample: the author's own records
 * through every check and through the real batch (see check_impl.h).
 */
#include "check_impl.h"
#include "batch.h"
#include "config.h"
#include "diag.h"
#include "input.h"
#include "lang.h"
#include "run.h"
#include "tmp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- the author's own records (--sample) --- */

/* One run of the sample through the real batch, in a child. */
struct sample_run {
	const char *path; /* the records, as assess reads input */
	int isolated;     /* the plugin in a child of the child, as --isolate */
	int finish;       /* call the plugin's finish step */
};

/* In the child: create (or start the isolated plugin), run the batch into
 * memory, then write the output document to out and exit 0; or write
 * "!" and the last message, and exit 2. */
static void child_batch(const struct checker *c, void *arg, int out)
{
	const struct sample_run *s = arg;
	struct plugin p = *c->p;
	struct batch_opts bo;
	struct isolate *iso = NULL;
	char *doc = NULL, *said, *last, *path = (char *)s->path;
	size_t n = 0, said_len;
	void *state = NULL;
	FILE *fp = open_memstream(&doc, &n);
	int rc;

	if (!fp)
		_exit(2);
	if (!s->finish)
		p.desc.finish = NULL;
	diag_capture_begin();
	if (s->isolated)
		rc = isolate_start(&iso, &p, c->cfg, 0);
	else
		rc = host_create(&p.desc, c->cfg, &state);
	if (rc == 0) {
		memset(&bo, 0, sizeof bo);
		bo.run = run_active(); /* the checker's run, as forked */
		bo.plugin = &p;
		bo.state = state;
		bo.iso = iso;
		bo.config_sha256 = config_sha256(c->cfg);
		bo.inputs = &path;
		bo.ninputs = 1;
		bo.stdout_fp = fp;
		bo.format = FORMAT_JSON;
		bo.max_record = INPUT_DEFAULT_LIMIT;
		rc = batch_run(&bo);
		if (iso)
			isolate_stop(iso);
		else
			host_destroy(&p.desc, state);
	}
	said = diag_capture_end(&said_len);
	if (fclose(fp) != 0 || rc > 1) {
		while (said_len && said[said_len - 1] == '\n')
			said[--said_len] = '\0';
		last = said ? strrchr(said, '\n') : NULL;
		last = last ? last + 1 : said;
		if (last && strncmp(last, "assess: ", 8) == 0)
			last += 8;
		dprintf(out, "!%s (exit %d)\n", last ? last : _("the run failed"),
		        rc);
		free(said);
		free(doc);
		_exit(2);
	}
	free(said);
	for (last = doc; n > 0;) {
		ssize_t w = write(out, last, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		last += w;
		n -= (size_t)w;
	}
	free(doc);
	_exit(n ? 2 : 0);
}

/* Run the sample file path as s says; the output document parsed into
 * *doc and its text into *text (both the caller's), or -1 and why. */
static int sample_batch(const struct checker *c, const char *path,
                        int isolated, int finish, cJSON **doc, char **text,
                        char *why, size_t len)
{
	struct sample_run s = { path, isolated, finish };

	*doc = NULL;
	if (check_run_child(c, child_batch, &s, text, why, len) < 0)
		return -1;
	if (!(*doc = cJSON_Parse(*text))) {
		snprintf(why, len, "the run's output is not JSON");
		return -1;
	}
	return 0;
}

/* Whether m is the host's "plugin %s failed on this record (%s)" in the
 * language of the run: it starts with what comes before the first %s and
 * holds what comes between the first and the second. */
static int plugin_failed(const char *m)
{
	const char *fmt = _("plugin %s failed on this record (%s)");
	const char *s1 = strstr(fmt, "%s"), *s2 = s1 ? strstr(s1 + 2, "%s") : 0;
	char mid[128];
	size_t n;

	if (!m || !s2 || strncmp(m, fmt, (size_t)(s1 - fmt)) != 0)
		return 0;
	n = (size_t)(s2 - s1 - 2);
	if (n >= sizeof mid)
		return 0;
	memcpy(mid, s1 + 2, n);
	mid[n] = '\0';
	return strstr(m + (s1 - fmt), mid) != NULL;
}

static const char *id_of(const cJSON *r)
{
	const char *id = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(r, "id"));
	return id ? id : "";
}

/* The results by id and the summary, without where each record was read
 * (file, line): what input order must not change.  Caller frees. */
static char *order_free_text(const cJSON *doc)
{
	cJSON *results = cJSON_Duplicate(
		cJSON_GetObjectItemCaseSensitive(doc, "results"), 1);
	cJSON *both = cJSON_CreateObject(), *r, **v;
	int n = cJSON_GetArraySize(results), i, j;
	char *text;

	v = calloc((size_t)n + 1, sizeof *v);
	for (i = 0; v && (r = cJSON_DetachItemFromArray(results, 0)); i++) {
		cJSON_DeleteItemFromObjectCaseSensitive(r, "file");
		cJSON_DeleteItemFromObjectCaseSensitive(r, "line");
		/* insertion sort by id: samples are small */
		for (j = i; j > 0 && strcmp(id_of(v[j - 1]), id_of(r)) > 0; j--)
			v[j] = v[j - 1];
		v[j] = r;
	}
	for (j = 0; v && j < i; j++)
		cJSON_AddItemToArray(results, v[j]);
	free(v);
	cJSON_AddItemToObject(both, "results", results);
	cJSON_AddItemToObject(both, "summary", cJSON_Duplicate(
		cJSON_GetObjectItemCaseSensitive(doc, "summary"), 1));
	text = cJSON_PrintUnformatted(both);
	cJSON_Delete(both);
	return text;
}

/* Read the sample: every record's text into *texts (the caller frees),
 * and those with a string id and name parsed into c->recs for the made-up
 * checks.  0, or -1 reported (the file unreadable or not JSON). */
int check_sample_load(struct checker *c, char ***texts, size_t *ntexts)
{
	struct input *in = NULL;
	struct input_rec ir;
	char err[1024], *path = (char *)c->sample;
	int got;

	*texts = NULL;
	*ntexts = 0;
	if (input_open(&in, &path, 1, err, sizeof err) < 0) {
		diag("%s", err);
		return -1;
	}
	while ((got = input_next(in, &ir, err, sizeof err)) > 0) {
		char **t = realloc(*texts, (*ntexts + 1) * sizeof *t);
		cJSON *rec = cJSON_ParseWithLength(ir.text, ir.len), **r;

		if (!t || !(t[*ntexts] = strndup(ir.text, ir.len))) {
			cJSON_Delete(rec);
			*texts = t ? t : *texts;
			got = -1;
			snprintf(err, sizeof err, "out of memory");
			break;
		}
		*texts = t;
		++*ntexts;
		if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(rec, "id")) &&
		    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(rec, "name")) &&
		    (r = realloc(c->recs, (c->nrecs + 1) * sizeof *r))) {
			c->recs = r;
			c->recs[c->nrecs++] = rec;
			rec = NULL;
		}
		cJSON_Delete(rec);
	}
	input_close(in);
	if (got < 0) {
		diag("%s", err);
		return -1;
	}
	return 0;
}

/* Does the plugin's describe say that input order changes nothing? */
static int claims_order_free(const struct checker *c)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
		c->describe, "order_independent"));
}

/* The sample's records in reverse order, as NDJSON in a temporary file
 * named into path.  0, or -1 and why. */
static int write_reversed(char **texts, size_t n, char *path, size_t len,
                          char *why, size_t whylen)
{
	FILE *fp;
	int fd;

	snprintf(path, len, "%s/assess-check-XXXXXX", tmp_dir());
	if ((fd = mkstemp(path)) < 0 || !(fp = fdopen(fd, "w"))) {
		snprintf(why, whylen, "%.200s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		return -1;
	}
	while (n--) {
		cJSON *r = cJSON_Parse(texts[n]);
		char *line = r ? cJSON_PrintUnformatted(r) : NULL;

		fprintf(fp, "%s\n", line ? line : texts[n]);
		cJSON_free(line);
		cJSON_Delete(r);
	}
	if (fclose(fp) != 0) {
		snprintf(why, whylen, "%.200s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

/* The sample through the real batch: records assessed or rejected with a
 * reason and some assessed; finish over them; the same output twice and
 * isolated; the same results reversed, when the plugin claims it. */
void check_sample(struct checker *c, char **texts, size_t ntexts)
{
	cJSON *plain = NULL, *done = NULL, *again = NULL, *iso = NULL, *rev = NULL;
	char *tplain = NULL, *tdone = NULL, *tagain = NULL, *tiso = NULL;
	char *trev = NULL, *x = NULL, *y = NULL;
	char why[512], what[256], tmp[4096];
	const cJSON *sum, *r;
	double records = 0, assessed = 0;
	int ok;

	ok = sample_batch(c, c->sample, 0, 0, &plain, &tplain, why,
	                  sizeof why) == 0;
	if (ok) {
		sum = cJSON_GetObjectItemCaseSensitive(plain, "summary");
		records = cJSON_GetNumberValue(
			cJSON_GetObjectItemCaseSensitive(sum, "records"));
		assessed = cJSON_GetNumberValue(
			cJSON_GetObjectItemCaseSensitive(sum, "assessed"));
		cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(plain,
		                                                       "results")) {
			const cJSON *e = cJSON_GetArrayItem(
				cJSON_GetObjectItemCaseSensitive(r, "errors"), 0);
			const char *m = cJSON_GetStringValue(
				cJSON_GetObjectItemCaseSensitive(e, "message"));
			if (plugin_failed(m)) {
				snprintf(why, sizeof why, _("record %s: %s"),
				         cJSON_GetStringValue(
				         cJSON_GetObjectItemCaseSensitive(r, "id")), m);
				ok = 0;
				break;
			}
		}
	}
	snprintf(what, sizeof what, _("sample %s: %.0f records, each assessed "
	         "or rejected with a reason"), c->sample, records);
	check_report(c, what, ok, why);
	if (!ok)
		goto out;
	snprintf(what, sizeof what, _("sample: the scoring path ran (%.0f of "
	         "%.0f assessed)"), assessed, records);
	check_report(c, what, assessed > 0, _("every sample record was "
	             "rejected, so the plugin's scoring path never ran"));
	(void)ntexts;

	snprintf(what, sizeof what, _("sample: finish over the %.0f assessed "
	         "records"), assessed);
	ok = sample_batch(c, c->sample, 0, 1, &done, &tdone, why,
	                  sizeof why) == 0;
	check_report(c, what, ok, why);
	if (!ok)
		goto out;
	ok = sample_batch(c, c->sample, 0, 1, &again, &tagain, why,
	                  sizeof why) == 0;
	if (ok && strcmp(tdone, tagain) != 0) {
		ok = 0;
		snprintf(why, sizeof why, "%s", _("the same records gave "
		         "different output on a second run"));
	}
	check_report(c, _("sample: the same output on a second run"), ok, why);
	ok = sample_batch(c, c->sample, 1, 1, &iso, &tiso, why,
	                  sizeof why) == 0;
	if (ok && strcmp(tdone, tiso) != 0) {
		ok = 0;
		snprintf(why, sizeof why, "%s", _("the output differs when the "
		         "plugin runs in a child process (--isolate): state "
		         "shared between records that a restart loses?"));
	}
	check_report(c, _("sample: the same output isolated (--isolate) and "
	             "in-process"), ok, why);
	if (!claims_order_free(c)) {
		printf("skip %s\n", _("sample in reverse order: the plugin does "
		       "not claim order independence (\"order_independent\": "
		       "true in its describe)"));
		goto out;
	}
	ok = write_reversed(texts, ntexts, tmp, sizeof tmp, why,
	                    sizeof why) == 0;
	if (ok) {
		ok = sample_batch(c, tmp, 0, 1, &rev, &trev, why,
		                  sizeof why) == 0;
		unlink(tmp);
	}
	if (ok) {
		x = order_free_text(done);
		y = order_free_text(rev);
		if (!x || !y || strcmp(x, y) != 0) {
			ok = 0;
			snprintf(why, sizeof why, "%s", _("the plugin claims order "
			         "independence, but the results or the summary "
			         "change when the records come in reverse order"));
		}
	}
	check_report(c, _("sample in reverse order: the same results and "
	             "summary"), ok, why);
out:
	cJSON_free(x);
	cJSON_free(y);
	cJSON_Delete(plain);
	cJSON_Delete(done);
	cJSON_Delete(again);
	cJSON_Delete(iso);
	cJSON_Delete(rev);
	free(tplain);
	free(tdone);
	free(tagain);
	free(tiso);
	free(trev);
}
