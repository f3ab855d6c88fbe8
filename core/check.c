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
 */
#include "check.h"
#include "config.h"
#include "diag.h"
#include "host.h"
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
};

/* A record for the scheme: the keys its describe output names under
 * "criteria" or "items", scored at 90% of their maximum, so that a batch of
 * one has a chance to pass.  Caller frees. */
static cJSON *plausible(const struct checker *c, const char *id)
{
	cJSON *rec = cJSON_CreateObject(), *scores = cJSON_CreateObject();
	const char *lists[] = { "criteria", "items" };
	const cJSON *arr, *el;
	size_t i;

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

static char *hostile_text(const struct checker *c, const char *what)
{
	cJSON *rec, *scores, *s;
	char *text;

	if (what[0] != '@')
		return strdup(what);
	rec = plausible(c, "h");
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
	} else {
		/* the same keys, every value replaced */
		cJSON *fresh = cJSON_CreateObject();
		cJSON_ArrayForEach(s, scores) {
			cJSON *v;
			if (strcmp(what, "@strings") == 0)
				v = cJSON_CreateString("12");
			else if (strcmp(what, "@nulls") == 0)
				v = cJSON_CreateNull();
			else if (strcmp(what, "@negative") == 0)
				v = cJSON_CreateNumber(-s->valuedouble - 1);
			else if (strcmp(what, "@huge") == 0)
				v = cJSON_CreateNumber(1e300);
			else
				v = cJSON_CreateRaw("1e999");
			cJSON_AddItemToObject(fresh, s->string, v);
		}
		cJSON_ReplaceItemInObject(rec, "scores", fresh);
	}
	text = cJSON_PrintUnformatted(rec);
	cJSON_Delete(rec);
	return text;
}

/* In the child: create, assess each record text (NULL-terminated list),
 * finish, destroy.  Writes the results (one JSON line each) to fd out, and
 * exits 0, or writes "!what went wrong" there and exits 2. */
static void child_run(const struct checker *c, char **texts, int out)
{
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
	if (d->finish && (rc = d->finish(state, (assess_node *)summary))) {
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

/*
 * Run texts through the plugin in a child.  Returns 0 and the results in
 * *results (malloc'd), or -1 with why in why.
 *
 * The time limit is the parent's: it reads both pipes until the child
 * closes them or the deadline passes, then kills the child with SIGKILL.
 * An alarm in the child would be the plugin's to ignore.
 */
static int run_child(const struct checker *c, char **texts, char **results,
                     char *why, size_t len)
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
		child_run(c, texts, res_pipe[1]);
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

static void check_batch(struct checker *c, const char *what, char **texts,
                        int twice)
{
	char why[256], *a = NULL, *b = NULL;
	int ok = run_child(c, texts, &a, why, sizeof why) == 0;

	if (ok && twice) {
		ok = run_child(c, texts, &b, why, sizeof why) == 0;
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

int check_plugin(const struct plugin *p, assess_config *cfg, int timeout)
{
	struct checker c = { p, cfg, 0, 0, timeout, NULL };
	char *texts[4] = { NULL };
	void *state = NULL;
	size_t i;
	int rc;

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
out:
	cJSON_Delete(c.describe);
	printf("%d passed, %d failed\n", c.passed, c.failed);
	return c.failed ? 1 : 0;
}
