/*
 * check.c - assess --check-plugin: what a plugin author runs before
 * shipping.  Loads the plugin, checks its descriptor, then runs it on an
 * empty batch, a batch of one, and hostile records (missing and mistyped
 * fields, huge values, deep nesting, long strings), each in a child process
 * with a time limit, so that a crash or a hang is reported, not suffered.
 *
 * What each run must do: never crash, finish within the time limit, write
 * nothing to stdout (that is the output's), assess each record or reject it
 * with a reason, and give the same result twice for the same record.
 *
 * The records the checker makes up are shaped like the bundled schemes'
 * (scores named by describe).  A plugin whose records look different
 * rejects them all, so its scoring path never runs: --sample FILE gives the
 * author's own records, which then take the place of the made-up ones in
 * every check, and run through the real batch (in-process and isolated,
 * with and without finish, twice, and reversed when the plugin claims
 * order independence).
 */
#include "batch.h"
#include "check.h"
#include "config.h"
#include "diag.h"
#include "host.h"
#include "input.h"
#include "isolate.h"
#include "refs.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>


struct checker {
	const struct plugin *p;
	assess_config *cfg;
	int failed, passed;
	int timeout;            /* seconds a run may take */
	cJSON *describe;        /* the plugin's describe output, or NULL */
	const char *sample;     /* --sample FILE, or NULL */
	cJSON **recs;           /* the sample's records with a string id */
	size_t nrecs;
	int accepted;           /* records of the batches of one and two that
	                           the plugin assessed (not rejected) */
};

/* A record for the scheme: the keys its describe output names under
 * "criteria" or "items", scored at 90% of their maximum, so that a batch of
 * one has a chance to pass.  Caller frees. */
static cJSON *plausible(const struct checker *c, const char *id)
{
	cJSON *rec, *scores;
	const char *lists[] = { "criteria", "items" };
	const cJSON *arr, *el;
	size_t i;

	if (c->nrecs) {
		/* the author's own: sample record 1 or 2, under the asked id */
		rec = cJSON_Duplicate(c->recs[c->nrecs > 1 &&
		                              strcmp(id, "check-2") == 0], 1);
		if (rec)
			cJSON_ReplaceItemInObject(rec, "id", cJSON_CreateString(id));
		return rec;
	}
	rec = cJSON_CreateObject();
	scores = cJSON_CreateObject();

	cJSON_AddStringToObject(rec, "id", id);
	cJSON_AddStringToObject(rec, "name", "检查用组织");
	cJSON_AddStringToObject(rec, "parent", "check-parent");
	cJSON_AddStringToObject(rec, "period", "2025");
	for (i = 0; c->describe && i < 2; i++) {
		arr = cJSON_GetObjectItemCaseSensitive(c->describe, lists[i]);
		cJSON_ArrayForEach(el, arr) {
			const cJSON *k = cJSON_GetObjectItemCaseSensitive(el, "key");
			const cJSON *m = cJSON_GetObjectItemCaseSensitive(el, "max");
			if (cJSON_IsString(k) && cJSON_IsNumber(m))
				cJSON_AddNumberToObject(scores, k->valuestring,
				                        m->valuedouble * 0.9);
		}
	}
	cJSON_AddItemToObject(rec, "scores", scores);
	return rec;
}

/* Hostile variants of a plausible record: name and a JSON text.  Every one
 * keeps a valid id and name, as the host does before a plugin sees it. */
static const char *const hostile[][2] = {
	{ "no scores, no indicators, no checks",
	  "{\"id\":\"h\",\"name\":\"n\"}" },
	{ "scores is a string", "{\"id\":\"h\",\"name\":\"n\",\"scores\":\"90\"}" },
	{ "scores is an array", "{\"id\":\"h\",\"name\":\"n\",\"scores\":[1,2]}" },
	{ "every score a string", "@strings" },
	{ "every score null", "@nulls" },
	{ "every score negative", "@negative" },
	{ "every score huge", "@huge" },
	{ "every score above 1e308", "@overflow" },
	{ "indicators, checks, vetoes and history of the wrong types",
	  "{\"id\":\"h\",\"name\":\"n\",\"indicators\":[1],\"checks\":\"x\","
	  "\"vetoes\":{\"a\":1},\"history\":\"2024\"}" },
	{ "history entries malformed",
	  "{\"id\":\"h\",\"name\":\"n\",\"history\":[1,{\"period\":2024},"
	  "{\"stars\":\"five\"},{\"period\":\"2024\",\"stars\":-7},null]}" },
	{ "vetoes unknown and mistyped",
	  "{\"id\":\"h\",\"name\":\"n\",\"vetoes\":[\"no_such_veto\",7,null]}" },
	{ "deeply nested values", "@deep" },
	{ "a one-megabyte name", "@long" },
	{ "an unexpected member",
	  "{\"id\":\"h\",\"name\":\"n\",\"boom\":[1]}" },
	{ "keys with dots and brackets",
	  "{\"id\":\"h\",\"name\":\"n\",\"scores\":{\"a.b\":1,\"[0]\":2,\"\":3}}" },
};

/* A hostile value in place of the number v, by the variant what. */
static cJSON *hostile_value(const char *what, double v)
{
	if (strcmp(what, "@strings") == 0)
		return cJSON_CreateString("12");
	if (strcmp(what, "@nulls") == 0)
		return cJSON_CreateNull();
	if (strcmp(what, "@negative") == 0)
		return cJSON_CreateNumber(-v - 1);
	if (strcmp(what, "@huge") == 0)
		return cJSON_CreateNumber(1e300);
	return cJSON_CreateRaw("1e999");
}

/* Replace every number under node (a sample record's own fields, however
 * they are shaped) by a hostile value. */
static void spoil_numbers(cJSON *node, const char *what)
{
	cJSON *el, *next;

	for (el = node ? node->child : NULL; el; el = next) {
		next = el->next;
		if (cJSON_IsNumber(el)) {
			cJSON *v = hostile_value(what, el->valuedouble);
			if (v)
				cJSON_ReplaceItemViaPointer(node, el, v);
		} else {
			spoil_numbers(el, what);
		}
	}
}

static char *hostile_text(const struct checker *c, const char *what)
{
	cJSON *rec, *scores, *s;
	char *text;

	if (what[0] != '@')
		return strdup(what);
	rec = plausible(c, "h");
	if (!rec)
		return NULL;
	scores = cJSON_GetObjectItemCaseSensitive(rec, "scores");
	if (strcmp(what, "@deep") == 0) {
		cJSON *deep = cJSON_CreateArray(), *cur = deep;
		int i;
		for (i = 0; i < 500; i++) {
			cJSON *next = cJSON_CreateArray();
			cJSON_AddItemToArray(cur, next);
			cur = next;
		}
		cJSON_AddItemToObject(rec, "indicators", deep);
	} else if (strcmp(what, "@long") == 0) {
		char *big = malloc(1 << 20);
		if (big) {
			memset(big, 'x', (1 << 20) - 1);
			big[(1 << 20) - 1] = '\0';
			cJSON_ReplaceItemInObject(rec, "name", cJSON_CreateString(big));
			free(big);
		}
	} else if (c->nrecs) {
		spoil_numbers(rec, what);
	} else {
		/* the same keys, every value replaced */
		cJSON *fresh = cJSON_CreateObject();
		cJSON_ArrayForEach(s, scores)
			cJSON_AddItemToObject(fresh, s->string,
			                      hostile_value(what, s->valuedouble));
		cJSON_ReplaceItemInObject(rec, "scores", fresh);
	}
	text = cJSON_PrintUnformatted(rec);
	cJSON_Delete(rec);
	return text;
}

/* In the child: create, assess each record text (NULL-terminated list),
 * finish, destroy.  Writes the results (one JSON line each) to fd out, and
 * exits 0, or writes "!what went wrong" there and exits 2. */
static void child_run(const struct checker *c, void *arg, int out)
{
	char **texts = arg;
	const assess_plugin *d = &c->p->desc;
	void *state = NULL;
	cJSON *summary;
	int i, rc;

	rc = d->create(&host_table, c->cfg, &state);
	if (rc == ASSESS_OK && config_check_unused(c->cfg) != ASSESS_OK) {
		d->destroy(state);
		rc = ASSESS_ECONFIG;
	}
	if (rc != ASSESS_OK) {
		dprintf(out, "!" "create failed (%s)\n", diag_code(rc));
		_exit(2);
	}
	for (i = 0; texts[i]; i++) {
		assess_result res = { 0 };
		assess_record rec;
		cJSON *root = cJSON_Parse(texts[i]);
		char *line;

		rec.root = root;
		rec.id = cJSON_GetObjectItem(root, "id")->valuestring;
		res.root = cJSON_CreateObject();
		res.file = "check";
		res.line = i + 1;
		res.id = rec.id;
		cJSON_AddStringToObject(res.root, "id", rec.id);
		res.nfixed = 1;
		host_set_current(&res);
		rc = d->assess(state, &rec, &res);
		host_set_current(NULL);
		if (rc != ASSESS_OK && rc != ASSESS_EREJECT) {
			fprintf(stderr, "assess returned %s; a record is assessed "
			        "(ASSESS_OK) or rejected (ASSESS_EREJECT)\n",
			        diag_code(rc));
			_exit(2);
		}
		if (rc == ASSESS_EREJECT && !res.errors) {
			dprintf(out, "!" "assess rejected a record without saying why "
			        "(call host->reject)\n");
			_exit(2);
		}
		if (rc == ASSESS_OK && res.errors) {
			dprintf(out, "!" "assess called host->reject but returned "
			        "ASSESS_OK\n");
			_exit(2);
		}
		if (res.errors)
			cJSON_AddItemToObject(res.root, "errors", res.errors);
		line = cJSON_PrintUnformatted(res.root);
		if (line) {
			dprintf(out, "%s\n", line);
			cJSON_free(line);
		}
		cJSON_Delete(res.root);
		cJSON_Delete(root);
	}
	summary = cJSON_CreateObject();
	if ((rc = host_finish(d, state, summary)) != ASSESS_OK) {
		dprintf(out, "!" "finish returned %s\n", diag_code(rc));
		_exit(2);
	}
	cJSON_Delete(summary);
	d->destroy(state);
	_exit(0);
}

/* Milliseconds on the monotonic clock. */
static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What a child runs: body(c, arg, fd) writes its answer to fd and exits 0,
 * or writes "!why" and exits nonzero. */
typedef void child_body(const struct checker *c, void *arg, int out);

/*
 * Run body in a child.  Returns 0 and what it wrote in *results
 * (malloc'd), or -1 with why in why.
 *
 * The time limit is the parent's: it reads both pipes until the child
 * closes them or the deadline passes, then kills the child with SIGKILL.
 * An alarm in the child would be the plugin's to ignore.
 */
static int run_child(const struct checker *c, child_body *body, void *arg,
                     char **results, char *why, size_t len)
{
	int res_pipe[2], out_pipe[2], status, late = 0;
	char buf[65536], stray[64];
	size_t n = 0;
	ssize_t got = 0;
	long long deadline;
	struct pollfd fds[2];
	pid_t pid;

	*results = NULL;
	if (pipe(res_pipe) < 0) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		return -1;
	}
	if (pipe(out_pipe) < 0) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		close(res_pipe[0]);
		close(res_pipe[1]);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		close(res_pipe[0]);
		close(res_pipe[1]);
		close(out_pipe[0]);
		close(out_pipe[1]);
		return -1;
	}
	if (pid == 0) {
		close(res_pipe[0]);
		close(out_pipe[0]);
		dup2(out_pipe[1], 1); /* what the plugin prints is caught */
		setvbuf(stdout, NULL, _IONBF, 0);
		if (!getenv("ASSESS_CHECK_VERBOSE") &&
		    !freopen("/dev/null", "w", stderr))
			_exit(2);
		body(c, arg, res_pipe[1]);
		_exit(2);
	}
	close(res_pipe[1]);
	close(out_pipe[1]);
	/* The results stay small; keep them all, and the first bytes the
	 * plugin printed, reading whichever pipe is ready so that neither
	 * fills and stalls the child. */
	fds[0].fd = res_pipe[0];
	fds[1].fd = out_pipe[0];
	fds[0].events = fds[1].events = POLLIN;
	deadline = now_ms() + (long long)c->timeout * 1000;
	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		long long left = deadline - now_ms();
		int ready;

		if (left <= 0) {
			late = 1;
			break;
		}
		ready = poll(fds, 2, left > 1000 ? 1000 : (int)left);
		if (ready < 0 && errno != EINTR)
			break;
		if (ready <= 0)
			continue;
		if (fds[0].revents) {
			ssize_t r = read(fds[0].fd, buf, sizeof buf);
			char *p = r > 0 ? realloc(*results, n + (size_t)r + 1) : NULL;

			if (p) {
				*results = p;
				memcpy(p + n, buf, (size_t)r);
				n += (size_t)r;
				p[n] = '\0';
			} else if (r < 0 && errno == EINTR) {
				;
			} else {
				fds[0].fd = -1;
			}
		}
		if (fds[1].revents) {
			ssize_t r = read(fds[1].fd, buf, sizeof buf);

			if (r > 0 && got < (ssize_t)sizeof stray - 1) {
				size_t take = sizeof stray - 1 - (size_t)got;

				if (take > (size_t)r)
					take = (size_t)r;
				memcpy(stray + got, buf, take);
				got += (ssize_t)take;
			} else if (r <= 0 && !(r < 0 && errno == EINTR)) {
				fds[1].fd = -1;
			}
		}
	}
	close(res_pipe[0]);
	close(out_pipe[0]);
	if (late)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (late) {
		snprintf(why, len, "did not finish within %d s", c->timeout);
		return -1;
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		snprintf(why, len, "crashed with signal %d (%s)", sig,
		         strsignal(sig));
		return -1;
	}
	if (WEXITSTATUS(status) != 0) {
		const char *bang = *results ? strchr(*results, '!') : NULL;
		if (bang)
			snprintf(why, len, "%.*s", (int)strcspn(bang + 1, "\n"),
			         bang + 1);
		else
			snprintf(why, len, "exited with status %d (it called exit, "
			         "or a sanitizer caught a crash)", WEXITSTATUS(status));
		return -1;
	}
	if (got > 0) {
		stray[got] = '\0';
		stray[strcspn(stray, "\r\n")] = '\0';
		snprintf(why, len, "wrote to standard output, where the results "
		         "go: \"%.30s\"", stray);
		return -1;
	}
	if (!*results)
		*results = strdup("");
	return 0;
}

static void report(struct checker *c, const char *what, int ok,
                   const char *why)
{
	if (ok) {
		printf("ok   %s\n", what);
		c->passed++;
	} else {
		printf("FAIL %s: %s\n", what, why);
		c->failed++;
	}
}

static void check_descriptor(struct checker *c)
{
	const assess_plugin *d = &c->p->desc;
	char why[256] = "";

	if (!*d->version)
		snprintf(why, sizeof why, "version is empty");
	else if (!*d->description)
		snprintf(why, sizeof why, "description is empty");
	else if (d->size > sizeof(assess_plugin))
		snprintf(why, sizeof why, "descriptor is %zu bytes, newer than "
		         "this assess (%zu): fine, but only the first %zu are read",
		         d->size, sizeof(assess_plugin), sizeof(assess_plugin));
	report(c, "descriptor: name, version, description, callbacks", !*why,
	       why);
}

static void check_describe(struct checker *c, void *state)
{
	const assess_plugin *d = &c->p->desc;
	cJSON *out = cJSON_CreateObject();
	int rc;

	if (!d->describe) {
		printf("skip describe: the plugin has none (optional)\n");
		cJSON_Delete(out);
		return;
	}
	rc = d->describe(state, (assess_node *)out);
	report(c, "describe", rc == ASSESS_OK, diag_code(rc));
	if (rc == ASSESS_OK)
		c->describe = out;
	else
		cJSON_Delete(out);
}

/* Count the result lines of a run that are not rejections. */
static int count_accepted(const char *lines)
{
	int n = 0;

	for (; lines && *lines; lines = strchr(lines, '\n') + 1) {
		cJSON *r = cJSON_Parse(lines);
		n += r && !cJSON_GetObjectItemCaseSensitive(r, "errors");
		cJSON_Delete(r);
		if (!strchr(lines, '\n'))
			break;
	}
	return n;
}

static void check_batch(struct checker *c, const char *what, char **texts,
                        int twice)
{
	char why[256], *a = NULL, *b = NULL;
	int ok = run_child(c, child_run, texts, &a, why, sizeof why) == 0;

	if (ok && texts[0])
		c->accepted += count_accepted(a);
	if (ok && twice) {
		ok = run_child(c, child_run, texts, &b, why, sizeof why) == 0;
		if (ok && strcmp(a, b) != 0) {
			ok = 0;
			snprintf(why, sizeof why, "the same records gave different "
			         "results on a second run");
		}
	}
	report(c, what, ok, why);
	free(a);
	free(b);
}

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
		rc = host_create_status(p.desc.create(&host_table, c->cfg,
		                                      &state));
	if (rc == 0) {
		memset(&bo, 0, sizeof bo);
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
			p.desc.destroy(state);
	}
	said = diag_capture_end(&said_len);
	if (fclose(fp) != 0 || rc > 1) {
		while (said_len && said[said_len - 1] == '\n')
			said[--said_len] = '\0';
		last = said ? strrchr(said, '\n') : NULL;
		last = last ? last + 1 : said;
		if (last && strncmp(last, "assess: ", 8) == 0)
			last += 8;
		dprintf(out, "!%s (exit %d)\n", last ? last : "the run failed",
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
	if (run_child(c, child_batch, &s, text, why, len) < 0)
		return -1;
	if (!(*doc = cJSON_Parse(*text))) {
		snprintf(why, len, "the run's output is not JSON");
		return -1;
	}
	return 0;
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
static int sample_load(struct checker *c, char ***texts, size_t *ntexts)
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
	const char *tmp = getenv("TMPDIR");
	FILE *fp;
	int fd;

	snprintf(path, len, "%s/assess-check-XXXXXX",
	         tmp && *tmp == '/' ? tmp : "/tmp");
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
static void check_sample(struct checker *c, char **texts, size_t ntexts)
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
			if (m && strncmp(m, "plugin ", 7) == 0 &&
			    strstr(m, " failed on this record (")) {
				snprintf(why, sizeof why, "record %s: %s",
				         cJSON_GetStringValue(
				         cJSON_GetObjectItemCaseSensitive(r, "id")), m);
				ok = 0;
				break;
			}
		}
	}
	snprintf(what, sizeof what, "sample %s: %.0f records, each assessed or "
	         "rejected with a reason", c->sample, records);
	report(c, what, ok, why);
	if (!ok)
		goto out;
	snprintf(what, sizeof what, "sample: the scoring path ran (%.0f of "
	         "%.0f assessed)", assessed, records);
	report(c, what, assessed > 0, "every sample record was rejected, so "
	       "the plugin's scoring path never ran");
	(void)ntexts;

	snprintf(what, sizeof what, "sample: finish over the %.0f assessed "
	         "records", assessed);
	ok = sample_batch(c, c->sample, 0, 1, &done, &tdone, why,
	                  sizeof why) == 0;
	report(c, what, ok, why);
	if (!ok)
		goto out;
	ok = sample_batch(c, c->sample, 0, 1, &again, &tagain, why,
	                  sizeof why) == 0;
	if (ok && strcmp(tdone, tagain) != 0) {
		ok = 0;
		snprintf(why, sizeof why, "the same records gave different "
		         "output on a second run");
	}
	report(c, "sample: the same output on a second run", ok, why);
	ok = sample_batch(c, c->sample, 1, 1, &iso, &tiso, why,
	                  sizeof why) == 0;
	if (ok && strcmp(tdone, tiso) != 0) {
		ok = 0;
		snprintf(why, sizeof why, "the output differs when the plugin "
		         "runs in a child process (--isolate): state shared "
		         "between records that a restart loses?");
	}
	report(c, "sample: the same output isolated (--isolate) and "
	       "in-process", ok, why);
	if (!claims_order_free(c)) {
		printf("skip sample in reverse order: the plugin does not claim "
		       "order independence (\"order_independent\": true in its "
		       "describe)\n");
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
			snprintf(why, sizeof why, "the plugin claims order "
			         "independence, but the results or the summary "
			         "change when the records come in reverse order");
		}
	}
	report(c, "sample in reverse order: the same results and summary", ok,
	       why);
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

int check_plugin(const struct plugin *p, assess_config *cfg, int timeout,
                 const char *sample)
{
	struct checker c = { p, cfg, 0, 0, timeout, NULL, sample, NULL, 0, 0 };
	char *texts[4] = { NULL }, **stexts = NULL;
	size_t i, nstexts = 0;
	void *state = NULL;
	int rc;

	if (sample && sample_load(&c, &stexts, &nstexts) < 0) {
		rc = -1;
		goto done;
	}
	check_descriptor(&c);
	rc = p->desc.create(&host_table, cfg, &state);
	if (rc == ASSESS_OK && config_check_unused(cfg) != ASSESS_OK) {
		p->desc.destroy(state); /* keys no one read, reported */
		rc = ASSESS_ECONFIG;
	}
	report(&c, "create with the config", rc == ASSESS_OK, diag_code(rc));
	if (rc != ASSESS_OK)
		goto out;
	check_describe(&c, state);
	p->desc.destroy(state);

	check_batch(&c, "an empty batch", texts, 0);
	{
		cJSON *r1 = plausible(&c, "check-1"), *r2 = plausible(&c, "check-2");
		texts[0] = cJSON_PrintUnformatted(r1);
		check_batch(&c, "a batch of one (same result twice)", texts, 1);
		texts[1] = cJSON_PrintUnformatted(r2);
		check_batch(&c, "a batch of two", texts, 0);
		cJSON_free(texts[0]);
		cJSON_free(texts[1]);
		cJSON_Delete(r1);
		cJSON_Delete(r2);
		texts[1] = NULL;
	}
	for (i = 0; i < sizeof hostile / sizeof *hostile; i++) {
		char what[128];
		texts[0] = hostile_text(&c, hostile[i][1]);
		snprintf(what, sizeof what, "hostile record: %s", hostile[i][0]);
		if (texts[0])
			check_batch(&c, what, texts, 0);
		free(texts[0]);
	}
	texts[0] = NULL;
	if (sample)
		check_sample(&c, stexts, nstexts);
out:
	if (!sample && !c.accepted && c.passed > 1)
		printf("warning: the scoring path was not exercised: the plugin "
		       "rejected every record the checker made up; give records "
		       "of your own with --sample FILE\n");
	printf("%d passed, %d failed%s\n", c.passed, c.failed,
	       !sample && !c.accepted && c.passed > 1
	       ? ", scoring path not exercised (no --sample)" : "");
	rc = c.failed ? 1 : 0;
done:
	cJSON_Delete(c.describe);
	for (i = 0; i < c.nrecs; i++)
		cJSON_Delete(c.recs[i]);
	free(c.recs);
	for (i = 0; i < nstexts; i++)
		free(stexts[i]);
	free(stexts);
	return rc;
}
