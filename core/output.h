/*
 * output.h - writing the results document, and the rules that keep the
 * files around it safe.
 *
 * Results are spooled to an unlinked temporary file as they are assessed,
 * so memory stays flat; when the batch is over, the document is assembled
 * (metadata first, then results, then the summary) and written either to
 * standard output or to the file -o names.  With --summary, the metadata
 * and the summary go to a file of their own instead, and the results
 * document holds only the results.
 *
 * A file named by -o or --summary is written by its kind:
 *   - a regular file, or a name not yet taken: a temporary file
 *     (".assess-XXXXXX" in the same folder) renamed over it only when
 *     complete; a replaced file keeps its mode (and, where the system
 *     allows, its owner); a new one gets 0666 less the umask;
 *   - a character device or a FIFO (/dev/null, /dev/full, a pipe): written
 *     straight into, never replaced;
 *   - a directory, a socket or a block device: refused;
 *   - a symbolic link: by what it points to (a regular file is replaced,
 *     not the link).
 * A file the run reads (an input, the config, a reference file) is never
 * replaced (outfile_protect in outfile.h; the reference files a plugin
 * read are taken from the metadata's "references" at the commit).  A
 * failed run leaves no temporary file behind, also when
 * interrupted (SIGINT, SIGTERM, SIGHUP, SIGQUIT: removed, then the signal
 * ends the process as it would have) or when a plugin running in-process
 * crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT).  SIGPIPE and SIGXFSZ
 * are ignored, so a closed pipe or a file size limit is a write error
 * (EPIPE, EFBIG) reported like any other.
 */
#ifndef ASSESS_OUTPUT_H
#define ASSESS_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

enum output_format {
	FORMAT_JSON,
	FORMAT_NDJSON,
	FORMAT_CSV,
	FORMAT_XLSX,
	FORMAT_HTML,
	FORMAT_COUNT
};

struct output;

/* The format called name (--format), into *f: 0, or -1 when there is
 * none, with the names there are ("json, ndjson") in known. */
int output_format_by_name(const char *name, enum output_format *f,
                          char *known, size_t len);

/* Whether the format's writer reads the summary's tree (a report, a
 * sheet), not only writes it out as JSON. */
int output_reads_summary(enum output_format f);

/* Whether format f needs the plugin's describe document (the labels of
 * a report or a spreadsheet's headers): see output_set_describe. */
int output_wants_describe(enum output_format f);

/* The plugin's describe document for a format that wants it, borrowed
 * until output_commit or output_abort. */
void output_set_describe(struct output *o, const cJSON *doc);

struct history;

/* The ratings of earlier periods the run was given (history.h), for a
 * writer that shows trends; borrowed until output_commit or
 * output_abort.  NULL (the default): none. */
void output_set_history(struct output *o, const struct history *h);

/* Results the HTML report lists in its table before it sums them per
 * parent unit (--report-rows); 0 (the default): REPORT_ROWS_DEFAULT. */
void output_set_report_rows(struct output *o, long n);

/* How many threads the results may be written with: 2 or more, the
 * copy of the spooled results to the output writes on a thread of its
 * own while it merges the next (1, the default: on the caller's). */
void output_set_threads(struct output *o, int n);

/* Prepare to write to path (NULL: to stream, normally standard output),
 * the metadata and the summary to summary (--summary) instead of the
 * results document when it is not NULL (borrowed: it must outlive o).
 * For a path (and the --summary path), the file is checked and the
 * temporary file created (or the device or FIFO opened) at once, so an
 * unwritable destination fails before any work.  0 and *out, or -1 with
 * the reason in err. */
int output_open(struct output **out, const char *path, const char *summary,
                FILE *stream, enum output_format f, char *err,
                size_t errlen);

/* Append one result.  0, or -1 when the spool cannot be written. */
int output_result(struct output *o, const cJSON *result);

/* Append n results already serialised, one a line, as text (len bytes).
 * 0, or -1 when the spool cannot be written. */
int output_results_text(struct output *o, const char *text, size_t len,
                        long n);

/* Called by output_commit once the results are final (the amendments
 * merged), before any is written out: fn(arg, results), results the
 * caller's (fclose), a file of the results with an offset of its own,
 * one compact JSON a line, positioned at the first, so another thread
 * may read it while the output is written (the archive's rows); NULL,
 * errno saying why, when it cannot be opened.  Not called when the
 * commit fails before.  Set before output_commit. */
typedef void (*output_results_fn)(void *arg, FILE *results);
void output_on_results(struct output *o, output_results_fn fn, void *arg);

/* Write the document(s) and move each into place.  0, or -1 with the
 * reason in err (and no temporary file left; a file about to be replaced
 * is left as it was).  Frees o. */
int output_commit(struct output *o, const cJSON *meta, const cJSON *summary,
                  char *err, size_t errlen);

/* Give up: remove the temporary files.  Frees o; accepts NULL. */
void output_abort(struct output *o);

#endif
