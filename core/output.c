/*
 * output.c - spooled output: the results document, and the summary file
 * (see output.h); where and how each file is written is outfile.c's.
 */
#include "output.h"
#include "amend.h"
#include "host.h"
#include "lang.h"
#include "jsonw.h"
#include "outfile.h"
#include "sheetout.h"
#include "report.h"
#include "writer.h"
#include "tmp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The spool's buffer: stdio's own is a block (4 KB), a write a few
 * results: one thread wrote the spool in 40,000 writes for
 * 100,000 results. */
#define SPOOL_BUF ((size_t)256 << 10)

struct output {
	enum output_format format;
	FILE *spool;   /* one compact result a line */
	char *spool_buf; /* its stdio buffer, SPOOL_BUF bytes, or NULL */
	long count;
	struct outfile res, sum;
	const cJSON *describe; /* for a writer that wants it, or NULL */
	struct jsonw_buf line; /* the result being spooled */
	output_results_fn on_results; /* output_on_results, or NULL */
	void *on_results_arg;
	const struct history *history; /* output_set_history, or NULL */
	const char *summary_path;      /* --summary, or NULL */
	long report_rows;              /* output_set_report_rows, 0 default */
	int threads;                   /* output_set_threads, 1 default */
};

/* Every format --format knows.  JSON and NDJSON are written here; the
 * others by their writer (writer.h), which gets the whole run at once. */
static const struct format {
	const char *name;
	results_writer write;  /* NULL: JSON or NDJSON, written here */
	int wants_describe;
} formats[FORMAT_COUNT] = {
	[FORMAT_JSON] = { "json", NULL, 0 },
	[FORMAT_NDJSON] = { "ndjson", NULL, 0 },
	[FORMAT_CSV] = { "csv", sheetout_write_csv, 1 },
	[FORMAT_XLSX] = { "xlsx", sheetout_write_xlsx, 1 },
	[FORMAT_HTML] = { "html", report_write_html, 1 },
};

int output_format_by_name(const char *name, enum output_format *f,
                          char *known, size_t len)
{
	size_t n = 0;
	int i;

	for (i = 0; i < FORMAT_COUNT; i++)
		if (strcmp(formats[i].name, name) == 0) {
			*f = (enum output_format)i;
			return 0;
		}
	for (i = 0; i < FORMAT_COUNT && n < len; i++)
		n += (size_t)snprintf(known + n, len - n, "%s%s", i ? ", " : "",
		                      formats[i].name);
	return -1;
}

int output_reads_summary(enum output_format f)
{
	return formats[f].write != NULL;
}

int output_wants_describe(enum output_format f)
{
	return formats[f].wants_describe;
}

void output_set_describe(struct output *o, const cJSON *doc)
{
	o->describe = doc;
}

void output_set_history(struct output *o, const struct history *h)
{
	o->history = h;
}

void output_set_report_rows(struct output *o, long n)
{
	o->report_rows = n;
}

void output_set_threads(struct output *o, int n)
{
	o->threads = n;
}

static void release(struct output *o)
{
	if (o->spool)
		fclose(o->spool);
	free(o->spool_buf); /* after the stream that used it */
	outfile_close(&o->res);
	outfile_close(&o->sum);
	jsonw_buf_free(&o->line);
	free(o);
}

int output_open(struct output **out, const char *path, const char *summary,
                FILE *stream, enum output_format f, char *err,
                size_t errlen)
{
	struct output *o = calloc(1, sizeof *o);

	*out = NULL;
	if (!o) {
		snprintf(err, errlen, _("out of memory"));
		return -1;
	}
	o->format = f;
	o->res.fd = o->sum.fd = -1;
	if (!path && outfile_stdout_closed()) {
		snprintf(err, errlen, _("standard output is closed: the results "
		         "would be lost (give -o FILE)"));
		goto fail;
	}
	o->spool = tmp_file();
	if (!o->spool) {
		snprintf(err, errlen, _("cannot create a temporary file: %s"),
		         strerror(errno));
		goto fail;
	}
	/* without it, stdio's own: slower, not wrong */
	if ((o->spool_buf = malloc(SPOOL_BUF)) &&
	    setvbuf(o->spool, o->spool_buf, _IOFBF, SPOOL_BUF) != 0) {
		free(o->spool_buf);
		o->spool_buf = NULL;
	}
	if (path) {
		if (outfile_open(&o->res, "-o", 0, path, err, errlen) < 0)
			goto fail;
	} else {
		o->res.kind = OUTFILE_STREAM;
		o->res.stream = stream;
	}
	o->summary_path = summary;
	if (summary &&
	    outfile_open(&o->sum, "--summary", 1, summary, err, errlen) < 0)
		goto fail;
	if (outfile_same(&o->res, &o->sum)) {
		snprintf(err, errlen, _("%s: -o and --summary name the same file"),
		         o->sum.shown);
		goto fail;
	}
	*out = o;
	return 0;
fail:
	release(o);
	return -1;
}

int output_result(struct output *o, const cJSON *result)
{
	int ok;

	o->line.len = 0;
	ok = jsonw_append(&o->line, result) == 0 &&
	     fwrite(o->line.data, 1, o->line.len, o->spool) == o->line.len &&
	     putc('\n', o->spool) != EOF;
	o->count++;
	return ok ? 0 : -1;
}

int output_results_text(struct output *o, const char *text, size_t len,
                        long n)
{
	o->count += n;
	return len && fwrite(text, 1, len, o->spool) != len ? -1 : 0;
}

/* Copy the spool to fp, as JSON array members or as NDJSON lines, with
 * what finish amended merged. */
static int copy_results(struct output *o, FILE *fp)
{
	return amend_copy(o->spool, fp, o->format != FORMAT_NDJSON,
	                  o->threads > 1);
}

/* Copy the whole of sp (a list's temporary file) to fp.  0, or -1. */
static int copy_spool(FILE *sp, FILE *fp)
{
	char buf[65536];
	size_t n;

	if (fflush(sp) != 0 || fseek(sp, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, sp)) > 0)
		if (fwrite(buf, 1, n, fp) != n)
			return -1;
	return ferror(sp) ? -1 : 0;
}

/* The summary as jsonw_write writes it, with each list the host spooled
 * (host_list_spool) copied from its file.  0, or -1. */
static int summary_write(FILE *fp, const cJSON *summary)
{
	struct jsonw_buf key = { 0 };
	const cJSON *c;
	FILE *sp;
	int rc = 0;

	for (c = summary ? summary->child : NULL; c; c = c->next)
		if (host_list_spool(c))
			break;
	if (!c)
		return jsonw_write(fp, summary);
	putc('{', fp);
	for (c = summary->child; c && rc == 0; c = c->next) {
		key.len = 0;
		jsonw_append_string(&key, c->string ? c->string : "",
		                    c->string ? strlen(c->string) : 0);
		jsonw_append_char(&key, ':');
		if (key.failed || fwrite(key.data, 1, key.len, fp) != key.len)
			rc = -1;
		else if ((sp = host_list_spool(c)))
			rc = copy_spool(sp, fp);
		else
			rc = jsonw_write(fp, c);
		if (rc == 0 && c->next)
			putc(',', fp);
	}
	putc('}', fp);
	jsonw_buf_free(&key);
	return rc == 0 && !ferror(fp) ? 0 : -1;
}

/* The metadata and the summary: the NDJSON output's last line, or with
 * --summary the whole summary file (laid out as the format says). */
static int write_summary(struct output *o, FILE *fp, const cJSON *meta,
                         const cJSON *summary)
{
	int nd = o->format == FORMAT_NDJSON;

	fputs(nd ? "{\"assess\":" : "{\n  \"assess\": ", fp);
	if (jsonw_write(fp, meta) < 0)
		return -1;
	fputs(nd ? ",\"summary\":" : ",\n  \"summary\": ", fp);
	if (summary_write(fp, summary) < 0)
		return -1;
	fputs(nd ? "}\n" : "\n}\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* The results document; meta NULL when they go to the summary file. */
static int write_results(struct output *o, FILE *fp, const cJSON *meta,
                         const cJSON *summary, const cJSON *all_meta,
                         char *err, size_t errlen)
{
	if (formats[o->format].write) {
		struct results_doc doc;
		/* the writer reads merged results: the amendments into a spool */
		if (amend_apply(&o->spool) < 0 || fflush(o->spool) != 0 ||
		    fseek(o->spool, 0, SEEK_SET) != 0) {
			snprintf(err, errlen, _("cannot write the results' temporary "
			         "file (in %s): %s; nothing written (TMPDIR names "
			         "another folder)"), tmp_dir(), strerror(errno));
			return -1;
		}
		doc = (struct results_doc){ all_meta, summary, o->describe,
		                            o->spool, o->count, o->history,
		                            o->report_rows };
		return formats[o->format].write(fp, &doc, err, errlen);
	}
	if (o->format == FORMAT_NDJSON) {
		if (copy_results(o, fp) < 0)
			return -1;
		if (meta)
			return write_summary(o, fp, meta, summary);
		return ferror(fp) ? -1 : 0;
	}
	fputs("{\n", fp);
	if (meta) {
		fputs("  \"assess\": ", fp);
		if (jsonw_write(fp, meta) < 0)
			return -1;
		fputs(",\n", fp);
	}
	fputs("  \"results\": [", fp);
	if (o->count) {
		putc('\n', fp);
		if (copy_results(o, fp) < 0)
			return -1;
		fputs("\n  ", fp);
	}
	if (meta) {
		fputs("],\n  \"summary\": ", fp);
		if (summary_write(fp, summary) < 0)
			return -1;
		fputs("\n}\n", fp);
	} else {
		fputs("]\n}\n", fp);
	}
	return ferror(fp) ? -1 : 0;
}

/* Write one document to f (the summary's when summary_doc), not yet
 * renamed.  0, or -1 with the reason in err. */
static int dest_write(struct output *o, struct outfile *d, int summary_doc,
                      const cJSON *meta, const cJSON *summary, char *err,
                      size_t errlen)
{
	int rc, e;

	if (d->kind != OUTFILE_STREAM) {
		if (!(d->stream = fdopen(d->fd, "w")))
			goto fail;
		d->fd = -1;
	}
	err[0] = '\0';
	rc = summary_doc ? write_summary(o, d->stream, meta, summary)
	     : write_results(o, d->stream, o->summary_path ? NULL : meta, summary,
	                     meta, err, errlen);
	if (rc < 0 && err[0]) {
		e = 0; /* the writer said why */
		goto said;
	}
	if (rc < 0 || fflush(d->stream) != 0 ||
	    (d->kind == OUTFILE_TEMP && fsync(fileno(d->stream)) != 0))
		goto fail;
	if (d->kind == OUTFILE_STREAM)
		return 0;
	rc = fclose(d->stream);
	d->stream = NULL;
	if (rc == 0)
		return 0;
fail:
	e = errno;
	if (d->kind == OUTFILE_STREAM && e == EPIPE)
		err[0] = '\0'; /* the reader stopped early (| head): nothing
		                   to say, as any filter would */
	else if (d->kind == OUTFILE_STREAM)
		snprintf(err, errlen, _("standard output: write error: %s"),
		         strerror(e));
	else
		snprintf(err, errlen, _("%s: cannot write: %s"), d->shown,
		         strerror(e));
said:
	return -1;
}

/* Protect the reference files the metadata lists. */
static int protect_references(const cJSON *meta)
{
	const cJSON *refs = cJSON_GetObjectItemCaseSensitive(meta, "references");
	const cJSON *r, *path;

	cJSON_ArrayForEach(r, refs) {
		path = cJSON_GetObjectItemCaseSensitive(r, "path");
		if (cJSON_IsString(path) &&
		    outfile_protect(path->valuestring, _("a reference file")) < 0)
			return -1;
	}
	return 0;
}

void output_on_results(struct output *o, output_results_fn fn, void *arg)
{
	o->on_results = fn;
	o->on_results_arg = arg;
}

/* The spool opened again, read-only, as a file of its own: a description
 * with its own offset (a dup'ed descriptor would share the writer's), so
 * it is read while the output pass reads the spool.  NULL with errno. */
static FILE *spool_again(FILE *spool)
{
	char path[64];
	FILE *fp;
	int fd, e;

	if (fflush(spool) != 0)
		return NULL;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(spool));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	if (!(fp = fdopen(fd, "r"))) {
		e = errno;
		close(fd);
		errno = e;
	}
	return fp;
}

int output_commit(struct output *o, const cJSON *meta, const cJSON *summary,
                  char *err, size_t errlen)
{
	struct outfile *f[2] = { &o->res, &o->sum };
	int rc = -1, pass, i;

	/* the results handed on are those written: the amendments merged
	 * first */
	if (o->on_results && amend_apply(&o->spool) < 0) {
		snprintf(err, errlen, _("cannot write the results' temporary "
		         "file (in %s): %s; nothing written (TMPDIR names "
		         "another folder)"), tmp_dir(), strerror(errno));
		goto out;
	}

	if (protect_references(meta) < 0) {
		snprintf(err, errlen, _("out of memory"));
		goto out;
	}
	for (i = 0; i < 2; i++)
		if (f[i]->kind == OUTFILE_TEMP &&
		    outfile_settle(f[i], err, errlen) < 0)
			goto out;
	if (o->on_results)
		o->on_results(o->on_results_arg, spool_again(o->spool));
	/* the temporary files first, which can still be taken back; then
	 * the stream, a device or a FIFO, which cannot; the renames last */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < 2; i++)
			if (f[i]->kind != OUTFILE_NONE &&
			    (f[i]->kind == OUTFILE_TEMP) == (pass == 0) &&
			    dest_write(o, f[i], i, meta, summary, err, errlen) < 0)
				goto out;
	for (i = 0; i < 2; i++)
		if (outfile_rename(f[i], err, errlen) < 0)
			goto out;
	rc = 0;
out:
	release(o);
	return rc;
}

void output_abort(struct output *o)
{
	if (o)
		release(o);
}

