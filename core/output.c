/*
 * output.c - spooled, atomic output (see output.h).
 */
#include "output.h"
#include "jsonw.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct output {
	enum output_format format;
	FILE *spool;   /* one compact result a line */
	long count;
	char *path;    /* destination, or NULL for the stream out */
	FILE *out;
	char *tmp;     /* temporary file beside path */
	int tmpfd;
};

/* The temporary file to remove if a signal ends the run, and the process
 * that owns it: a plugin's child process inherits the handler, and its
 * crash must not take the parent's file with it. */
static volatile sig_atomic_t have_tmp;
static char tmp_for_signal[4096];
static pid_t tmp_owner;

static void on_signal(int sig)
{
	if (have_tmp && getpid() == tmp_owner)
		unlink(tmp_for_signal);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard(const char *tmp)
{
	struct sigaction sa;

	if (tmp) {
		snprintf(tmp_for_signal, sizeof tmp_for_signal, "%s", tmp);
		tmp_owner = getpid();
		have_tmp = 1;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		/* interrupted, or a plugin running in this process crashed */
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
		sigaction(SIGSEGV, &sa, NULL);
		sigaction(SIGBUS, &sa, NULL);
		sigaction(SIGFPE, &sa, NULL);
		sigaction(SIGILL, &sa, NULL);
		sigaction(SIGABRT, &sa, NULL);
	} else {
		have_tmp = 0;
	}
}

static void release(struct output *o)
{
	if (o->spool)
		fclose(o->spool);
	if (o->tmpfd >= 0)
		close(o->tmpfd);
	if (o->tmp) {
		unlink(o->tmp);
		guard(NULL);
	}
	free(o->tmp);
	free(o->path);
	free(o);
}

int output_open(struct output **out, const char *path, FILE *stream,
                enum output_format f, char *err, size_t errlen)
{
	struct output *o = calloc(1, sizeof *o);

	*out = NULL;
	if (!o) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	o->format = f;
	o->tmpfd = -1;
	o->out = stream;
	o->spool = tmpfile();
	if (!o->spool) {
		snprintf(err, errlen, "cannot create a temporary file: %s",
		         strerror(errno));
		goto fail;
	}
	if (path) {
		const char *slash = strrchr(path, '/');
		size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
		size_t n = strlen(path) + 16;

		o->path = strdup(path);
		o->tmp = malloc(n);
		if (!o->path || !o->tmp) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		/* DIR/.NAME.XXXXXX: same folder, so rename is atomic */
		snprintf(o->tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path,
		         path + dirlen);
		o->tmpfd = mkstemp(o->tmp);
		if (o->tmpfd < 0) {
			snprintf(err, errlen, "%s: cannot write: %s", path,
			         strerror(errno));
			free(o->tmp);
			o->tmp = NULL;
			goto fail;
		}
		guard(o->tmp);
	}
	*out = o;
	return 0;
fail:
	release(o);
	return -1;
}

int output_result(struct output *o, const cJSON *result)
{
	int ok = jsonw_write(o->spool, result) == 0 &&
	         putc('\n', o->spool) != EOF;

	o->count++;
	return ok ? 0 : -1;
}

/* Copy the spool to fp, as JSON array members or as NDJSON lines. */
static int copy_results(struct output *o, FILE *fp)
{
	char buf[65536];
	size_t n;
	int first = 1, bol = 1;

	if (fflush(o->spool) != 0 || fseek(o->spool, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, o->spool)) > 0) {
		const char *p = buf, *end = buf + n;
		if (o->format == FORMAT_NDJSON) {
			if (fwrite(buf, 1, n, fp) != n)
				return -1;
			continue;
		}
		/* one result a line in the spool; in the document, each on its
		 * own indented line after a comma */
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = (size_t)((nl ? nl : end) - p);
			if (bol) {
				fputs(first ? "    " : ",\n    ", fp);
				first = 0;
				bol = 0;
			}
			if (len && fwrite(p, 1, len, fp) != len)
				return -1;
			p += len;
			if (nl) {
				bol = 1;
				p++;
			}
		}
	}
	return ferror(o->spool) ? -1 : 0;
}

static int write_doc(struct output *o, FILE *fp, const cJSON *meta,
                     const cJSON *summary)
{
	if (o->format == FORMAT_NDJSON) {
		if (copy_results(o, fp) < 0)
			return -1;
		fputs("{\"assess\":", fp);
		if (jsonw_write(fp, meta) < 0)
			return -1;
		fputs(",\"summary\":", fp);
		if (jsonw_write(fp, summary) < 0)
			return -1;
		fputs("}\n", fp);
	} else {
		fputs("{\n  \"assess\": ", fp);
		if (jsonw_write(fp, meta) < 0)
			return -1;
		fputs(",\n  \"results\": [", fp);
		if (o->count) {
			putc('\n', fp);
			if (copy_results(o, fp) < 0)
				return -1;
			fputs("\n  ", fp);
		}
		fputs("],\n  \"summary\": ", fp);
		if (jsonw_write(fp, summary) < 0)
			return -1;
		fputs("\n}\n", fp);
	}
	return ferror(fp) ? -1 : 0;
}

int output_commit(struct output *o, const cJSON *meta, const cJSON *summary,
                  char *err, size_t errlen)
{
	FILE *fp;
	mode_t mask;

	if (!o->path) {
		if (write_doc(o, o->out, meta, summary) < 0 || fflush(o->out) != 0) {
			snprintf(err, errlen, "standard output: write error: %s",
			         strerror(errno));
			release(o);
			return -1;
		}
		release(o);
		return 0;
	}
	fp = fdopen(o->tmpfd, "w");
	if (!fp)
		goto fail;
	o->tmpfd = -1;
	/* mkstemp made it 0600; give it the mode a new file would get */
	mask = umask(0);
	umask(mask);
	fchmod(fileno(fp), 0666 & ~mask);
	if (write_doc(o, fp, meta, summary) < 0 || fflush(fp) != 0 ||
	    fsync(fileno(fp)) != 0) {
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) != 0 || rename(o->tmp, o->path) != 0)
		goto fail;
	free(o->tmp);
	o->tmp = NULL;
	guard(NULL);
	release(o);
	return 0;
fail:
	snprintf(err, errlen, "%s: cannot write: %s", o->path, strerror(errno));
	release(o);
	return -1;
}

void output_abort(struct output *o)
{
	if (o)
		release(o);
}
