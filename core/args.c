/*
 * args.c - the command line of assess (see args.h; assess --help and
 * assess(1) say what each option means).
 */
#include "args.h"
#include "diag.h"
#include "lang.h"
#include "report.h"
#include "sheetin.h"
#include "status.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The value of an option: "--opt=value" or the next argument. */
static const char *value_of(int argc, char **argv, int *i, const char *arg,
                            size_t optlen)
{
	if (arg[optlen] == '=')
		return arg + optlen + 1;
	if (*i + 1 >= argc) {
		diag("option %s needs a value (see assess --help)", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

static int is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* "65536", "64K", "64M", "1G" into *out (1 KiB .. 1 GiB); 0 or -1. */
static int parse_size(const char *v, size_t *out)
{
	char *end;
	unsigned long long n;

	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno)
		return -1;
	if (*end && !end[1]) {
		switch (*end) {
		case 'K': case 'k': n <<= 10; end++; break;
		case 'M': case 'm': n <<= 20; end++; break;
		case 'G': case 'g': n <<= 30; end++; break;
		}
	}
	if (*end || n < 1024 || n > (1ULL << 30))
		return -1;
	*out = (size_t)n;
	return 0;
}

/* The format -o FILE's name asks for: json, ndjson, csv, xlsx or html by
 * its extension, or NULL. */
static const char *format_of_name(const char *path)
{
	static const char *const ext[][2] = {
		{ ".json", "json" }, { ".ndjson", "ndjson" }, { ".jsonl", "ndjson" },
		{ ".csv", "csv" }, { ".xlsx", "xlsx" }, { ".html", "html" },
		{ ".htm", "html" }
	};
	const char *dot = path ? strrchr(path, '.') : NULL;
	size_t i;

	for (i = 0; dot && i < sizeof ext / sizeof *ext; i++)
		if (strcasecmp(dot, ext[i][0]) == 0)
			return ext[i][1];
	return NULL;
}

static int is_json(const char *format)
{
	return strcmp(format, "json") == 0 || strcmp(format, "ndjson") == 0;
}

/* Without --format, -o FILE's extension picks the format; with it, a name
 * that says a spreadsheet or a page of another format is refused, so that
 * no one opens JSON named .xlsx.  0, or STATUS_USAGE after saying why. */
static int format_by_output(struct args *a, const char *given)
{
	const char *want = format_of_name(a->out);
	char known[128];

	a->format_given = given || want;
	if (!want)
		return 0;
	if (!given)
		return output_format_by_name(want, &a->format, known,
		                             sizeof known) < 0 ? STATUS_USAGE : 0;
	if (strcmp(want, given) == 0 || (is_json(want) && is_json(given)))
		return 0; /* NDJSON named .json, or JSON named .ndjson */
	diag("-o %s: the name says %s, but --format %s writes %s; give "
	     "--format %s or another name", a->out, want, given, given, want);
	return STATUS_USAGE;
}

int args_parse(int argc, char **argv, struct args *a)
{
	int i, only_inputs = 0;
	const char *format = NULL;

	a->inputs = calloc((size_t)argc, sizeof *a->inputs);
	a->sets = calloc((size_t)argc, sizeof *a->sets);
	a->histories = calloc((size_t)argc, sizeof *a->histories);
	a->history_plugins = calloc((size_t)argc, sizeof *a->history_plugins);
	if (!a->inputs || !a->sets || !a->histories || !a->history_plugins) {
		diag("out of memory");
		return STATUS_USAGE;
	}
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], **dst = NULL;

		if (only_inputs || arg[0] != '-' || strcmp(arg, "-") == 0) {
			a->inputs[a->ninputs++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--") == 0)
			only_inputs = 1;
		else if (is_opt(arg, "--plugin"))
			dst = &a->plugin;
		else if (is_opt(arg, "--config"))
			dst = &a->config;
		else if (is_opt(arg, "--check-plugin")) {
			dst = &a->plugin;
			a->check = 1;
		}
		else if (is_opt(arg, "--sample"))
			dst = &a->sample;
		else if (is_opt(arg, "--output") || strcmp(arg, "-o") == 0)
			dst = &a->out;
		else if (is_opt(arg, "--summary"))
			dst = &a->summary;
		else if (is_opt(arg, "--history-from"))
			dst = &a->history_from;
		else if (is_opt(arg, "--history"))
			dst = (const char **)&a->histories[a->nhistories++];
		else if (is_opt(arg, "--history-plugin"))
			dst = (const char **)
			      &a->history_plugins[a->nhistory_plugins++];
		else if (is_opt(arg, "--archive"))
			dst = &a->archive;
		else if (strcmp(arg, "--list-runs") == 0)
			a->list_runs = 1;
		else if (is_opt(arg, "--archive-wait")) {
			const char *v = value_of(argc, argv, &i, arg, 14);
			char *end;
			if (!v)
				return STATUS_USAGE;
			a->archive_wait = strtol(v, &end, 10);
			if (end == v || *end || a->archive_wait < 1 ||
			    a->archive_wait > 86400) {
				diag("--archive-wait: '%s' is not a number of seconds "
				     "1..86400", v);
				return STATUS_USAGE;
			}
		}
		else if (is_opt(arg, "--sheet"))
			dst = &a->sheet;
		else if (is_opt(arg, "--columns"))
			dst = &a->columns;
		else if (is_opt(arg, "--title"))
			dst = &a->title;
		else if (is_opt(arg, "--subtitle"))
			dst = &a->subtitle;
		else if (is_opt(arg, "--input-format")) {
			const char *v = value_of(argc, argv, &i, arg, 14);
			int kind;
			if (!v)
				return STATUS_USAGE;
			if (sheetin_kind_by_name(v, &kind) < 0) {
				diag("--input-format: '%s' is not one of csv, xlsx, "
				     "json, ndjson", v);
				return STATUS_USAGE;
			}
			a->input_format = kind + 1;
		}
		else if (is_opt(arg, "--set")) {
			const char *v = value_of(argc, argv, &i, arg, 5);
			if (!v)
				return STATUS_USAGE;
			a->sets[a->nsets++] = (char *)v;
		} else if (is_opt(arg, "--timeout")) {
			const char *v = value_of(argc, argv, &i, arg, 9);
			char *end;
			if (!v)
				return STATUS_USAGE;
			a->timeout = strtol(v, &end, 10);
			if (end == v || *end || a->timeout < 1 || a->timeout > 86400) {
				diag("--timeout: '%s' is not a number of seconds 1..86400",
				     v);
				return STATUS_USAGE;
			}
		} else if (is_opt(arg, "--encoding")) {
			const char *v = value_of(argc, argv, &i, arg, 10);
			if (!v)
				return STATUS_USAGE;
			if (!strcasecmp(v, "utf-8") || !strcasecmp(v, "utf8"))
				a->encoding = NULL;
			else if (!strcasecmp(v, "gb18030") ||
			         !strcasecmp(v, "gbk") || !strcasecmp(v, "gb2312"))
				a->encoding = "gb18030";
			else {
				diag("--encoding: '%s' is not utf-8 or gb18030 (gbk "
				     "and gb2312 are read as gb18030)", v);
				return STATUS_USAGE;
			}
		} else if (is_opt(arg, "--max-record")) {
			const char *v = value_of(argc, argv, &i, arg, 12);
			if (!v)
				return STATUS_USAGE;
			if (parse_size(v, &a->max_record) < 0) {
				diag("--max-record: '%s' is not a size from 1K to 1G "
				     "(a number of bytes, or with K, M or G)", v);
				return STATUS_USAGE;
			}
		} else if (is_opt(arg, "--period")) {
			const char *v = value_of(argc, argv, &i, arg, 8);
			if (!v)
				return STATUS_USAGE;
			if (strlen(v) != 4 || strspn(v, "0123456789") != 4 ||
			    *v == '0') {
				diag("--period: '%s' is not a year such as 2025", v);
				return STATUS_USAGE;
			}
			a->period = v;
		} else if (is_opt(arg, "--jobs")) {
			const char *v = value_of(argc, argv, &i, arg, 6);
			char *end;
			if (!v)
				return STATUS_USAGE;
			a->jobs = strtol(v, &end, 10);
			if (end == v || *end || a->jobs < 1 || a->jobs > 1024) {
				diag("--jobs: '%s' is not a number of threads 1..1024",
				     v);
				return STATUS_USAGE;
			}
		} else if (is_opt(arg, "--report-rows")) {
			const char *v = value_of(argc, argv, &i, arg, 13);
			char *end;
			long n;
			if (!v)
				return STATUS_USAGE;
			n = strtol(v, &end, 10);
			if (end == v || *end || n < 1 || n > 100000000) {
				diag("--report-rows: '%s' is not a number of rows "
				     "1..100000000", v);
				return STATUS_USAGE;
			}
			a->report_rows = n;
		} else if (is_opt(arg, "--lang")) {
			if (!(a->lang = value_of(argc, argv, &i, arg, 6)))
				return STATUS_USAGE;
			if (lang_of_option(a->lang) < 0) {
				diag("--lang: '%s' is not zh_CN or en", a->lang);
				return STATUS_USAGE;
			}
		} else if (is_opt(arg, "--format")) {
			const char *f = value_of(argc, argv, &i, arg, 8);
			char known[128];
			if (!f)
				return STATUS_USAGE;
			if (output_format_by_name(f, &a->format, known,
			                          sizeof known) < 0) {
				diag("--format: '%s' is not one of %s", f, known);
				return STATUS_USAGE;
			}
			format = f;
		} else if (strcmp(arg, "--list-plugins") == 0)
			a->list = 1;
		else if (strcmp(arg, "--isolate") == 0)
			a->isolate = 1;
		else if (strcmp(arg, "--no-isolate") == 0)
			a->isolate = -1;
		else if (strcmp(arg, "--describe") == 0)
			a->describe = 1;
		else if (strcmp(arg, "--version") == 0)
			a->version = 1;
		else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
			a->help = 1;
		else if (strcmp(arg, "--verbose") == 0 || strcmp(arg, "-v") == 0)
			a->verbose = 1;
		else {
			diag("unknown option '%s' (see assess --help)", arg);
			return STATUS_USAGE;
		}
		if (dst) {
			size_t optlen = strcspn(arg, "=");
			if (!(*dst = value_of(argc, argv, &i, arg, optlen)))
				return STATUS_USAGE;
			if (!**dst) {
				diag("option %.*s needs a value", (int)optlen, arg);
				return STATUS_USAGE;
			}
		}
	}
	return format_by_output(a, format);
}
