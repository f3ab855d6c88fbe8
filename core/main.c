/*
 * main.c - the assess command: parses the command line, loads the plugin and
 * its config, and runs the batch.  The only code that prints usage and
 * chooses the exit status (README.md and assess(1) document them):
 *   0 every record assessed      1 some records rejected (or, with
 *                                  --check-plugin, some check failed)
 *   2 usage error, or the output cannot be written
 *   3 configuration invalid      4 plugin not found, refused, not loadable,
 *                                  of another ABI, or failed outside a record
 *   5 an input unreadable or not JSON as a whole
 *   6 out of memory
 * (status.h names them; args.c reads the command line).
 */
#include "archive/archive.h"
#include "amend.h"
#include "args.h"
#include "batch.h"
#include "check.h"
#include "config.h"
#include "diag.h"
#include "history.h"
#include "host_exit.h"
#include "host_guard.h"
#include "input.h"
#include "isolate.h"
#include "lang.h"
#include "mem.h"
#include "outfile.h"
#include "plugin.h"
#include "record.h"
#include "refs.h"
#include "report.h"
#include "run.h"
#include "slots.h"
#include "status.h"
#include "version.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *fp)
{
	fputs(_(
"usage: assess --plugin P [--config FILE] [--set S.K=V]... [-o FILE]\n"
"              [--summary FILE] [--format json|ndjson|csv|xlsx|html]\n"
"              [--isolate|--no-isolate]\n"
"              [--timeout S] [--lang zh_CN|en] [--verbose] INPUT...\n"
"       assess --plugin P [--config FILE] --describe\n"
"       assess --check-plugin P [--config FILE] [--sample FILE]\n"
"       assess --list-plugins | --version | --help\n"
"\n"
"Assess organisations against a scheme.  INPUT is a file holding one JSON\n"
"object, a JSON array of objects, or NDJSON (one object a line), or a\n"
"spreadsheet (.csv, .xlsx) whose header row names the fields; - reads\n"
"standard input.  Several inputs form one batch.\n"
"\n"), fp);
	/* three messages: a translator's unit each, and each under the
	 * 4095 bytes a C99 compiler must take */
	fputs(_(
"  --plugin P       a plugin file (a path with a '/') or a bare name looked\n"
"                   up in $ASSESS_PLUGIN_PATH, then the built-in directory\n"
"  --config FILE    the scheme's INI (default: the plugin's shipped INI)\n"
"  --set S.K=V      override key K of INI section S (repeatable), e.g.\n"
"                   --set community.results=communities.json\n"
"  -o, --output FILE\n"
"                   write there atomically (default: standard output);\n"
"                   a device or FIFO is written into, never replaced;\n"
"                   without --format, a name ending .json, .ndjson,\n"
"                   .csv, .xlsx or .html picks the format\n"
"  --summary FILE   write the metadata and summary to FILE (one JSON\n"
"                   document), leaving only the results in the output\n"
"  --format F       json: one document (default); ndjson: one result a\n"
"                   line, then one line with the metadata and summary;\n"
"                   csv: one row per result (UTF-8, for a spreadsheet);\n"
"                   xlsx: a workbook with results, summary and rejected\n"
"                   sheets (needs -o FILE or a redirected output)\n"
"                   html: a report to read and print, in the language\n"
"                   of --lang; one self-contained file (docs/report.md)\n"
"  --report-rows N  results beyond which the html report sums its results\n"
"                   table per parent unit (default 5000)\n"
"  --isolate        run the plugin in a child process: a crash or a timeout\n"
"                   rejects the record it was on and the batch goes on\n"
"                   (the default for plugins outside the built-in folder)\n"
"  --no-isolate     run the plugin in this process\n"
"  --timeout S      seconds a plugin may spend on one record; implies\n"
"                   --isolate (default: none; 10 for --check-plugin)\n"
"  --encoding E     the inputs' text: utf-8 (default) or gb18030 (also\n"
"                   for gbk, as Chinese Windows saves files)\n"
"  --input-format F csv, xlsx, json or ndjson: how every input is read\n"
"                   (default: by its name, .csv and .xlsx; standard\n"
"                   input starting as a zip archive is xlsx)\n"
"  --sheet NAME     an xlsx input's sheet to read (default: the first)\n"
"  --period YYYY    the batch's assessment year: a record of another is\n"
"                   rejected (without it, records of two years stop the run)\n"
"  --columns FILE   an INI whose [columns] section maps a spreadsheet's\n"
"                   headers to record paths: header = scores.team\n"
"  --max-record SIZE\n"
"                   reject a record larger than SIZE bytes (K, M, G\n"
"                   suffixes; default 64M); the batch goes on\n"
"  --jobs N         1: all on one thread; 2 or more: read and parse the\n"
"                   input, and write the results, on threads of their own\n"
"                   beside the plugin's (default: 2 or more when this\n"
"                   process may use two CPUs or more; not with --isolate)\n"
"  --describe       print the plugin's criteria, rules and config keys\n"
"  --list-plugins   list the plugins found by name lookup\n"
"  --check-plugin P check plugin P: its descriptor, then an empty batch, a\n"
"                   batch of one and hostile records, each in a child\n"
"                   process; exit 0 only when every check passes\n"
"  --sample FILE    with --check-plugin: your own records, run through\n"
"                   every check and the real batch (without it, the\n"
"                   records are made up and may not reach your scoring)\n"
"  --lang L         the language of messages, results' sentences and the\n"
"                   html report: zh_CN or en (default: from LANGUAGE,\n"
"                   LC_ALL, LC_MESSAGES, LANG as gettext reads them)\n"
"  -v, --verbose    show the plugin's informational messages and every\n"
"                   warning in the results on standard error\n"
"  --version, --help\n"
"\n"), fp);
	fputs(_(
"Year over year (docs/archive.md):\n"
"  --history FILE   earlier results of this plugin (JSON or NDJSON as\n"
"                   assess wrote them; repeatable) give each\n"
"                   organisation's earlier ratings by id\n"
"  --history-plugin NAME\n"
"                   accept earlier results of plugin NAME too\n"
"  --archive TARGET keep the run in a database once the output is\n"
"                   complete: a SQLite file, or a postgresql:// URL\n"
"  --history-from TARGET\n"
"                   earlier ratings from the archive's current runs\n"
"  --archive-wait S seconds to wait for another run archiving (30)\n"
"  --list-runs      with --archive: print the archived runs\n"
"\n"), fp);
	fputs(_(
"The paper (--format html, xlsx):\n"
"  --title TEXT     its title (default: the INI's [report] title, else its\n"
"                   organisation and year, else the results' period and\n"
"                   the scheme's name)\n"
"  --subtitle TEXT  the html report's subtitle (default: [report]\n"
"                   subtitle, else the scheme's name)\n"
"\n"), fp);
	fputs(_(
"Exit status: 0 all assessed; 1 some records rejected; 2 usage error or\n"
"output not writable; 3 configuration invalid; 4 plugin not found, refused\n"
"or incompatible; 5 an input unreadable or not JSON; 6 out of memory.\n"
"Ended by SIGINT, SIGTERM, SIGHUP or SIGQUIT, it removes its temporary\n"
"files and dies of that signal (128+N in the shell).\n"), fp);
}

static void list_one(const char *path, void *arg)
{
	struct plugin p;
	char err[1024];

	(void)arg;
	if (plugin_open_probed(&p, path, err, sizeof err) < 0) {
		diag("%s", err);
		return;
	}
	printf("%-12s %-8s %s\n             %s\n", p.desc.name, p.desc.version,
	       p.desc.description, p.path);
	plugin_close(&p);
}

/* The config to load: --config; else the plugin's default INI, looked up
 * first beside the plugin file (a plugin found through
 * $ASSESS_PLUGIN_PATH brings its own; that folder passed the trust check),
 * then in the shipped configs folder; else none.  0, or STATUS_CONFIG after
 * saying why. */
static int config_for(const struct args *a, const struct plugin *p,
                      char *buf, size_t len, const char **path)
{
	const char *dir = plugin_config_dir(), *slash;
	struct stat st;

	*path = a->config;
	if (a->config || !p->desc.default_config)
		return 0;
	slash = strrchr(p->path, '/');
	snprintf(buf, len, "%.*s/%s", (int)(slash - p->path), p->path,
	         p->desc.default_config);
	if (stat(buf, &st) == 0) {
		*path = buf;
		return 0;
	}
	snprintf(buf, len, "%s/%s", dir ? dir : ".", p->desc.default_config);
	if (!dir || stat(buf, &st) < 0) {
		if (dir)
			diag("plugin %s: its default config %s is neither beside "
			     "the plugin in %.*s nor installed in %s; give one with "
			     "--config", p->desc.name, p->desc.default_config,
			     (int)(slash - p->path), p->path, dir);
		else
			diag("plugin %s: its default config %s is neither beside "
			     "the plugin in %.*s nor installed; give one with "
			     "--config", p->desc.name, p->desc.default_config,
			     (int)(slash - p->path), p->path);
		return STATUS_CONFIG;
	}
	*path = buf;
	return 0;
}

/* Print doc laid out as the output document is: one top-level member a
 * line, indented by two spaces, each value compact.  0, or STATUS_USAGE. */
static int print_members(const cJSON *doc, FILE *out)
{
	const cJSON *m;
	char *k, *v;

	fputs("{", out);
	cJSON_ArrayForEach(m, doc) {
		cJSON *key = cJSON_CreateString(m->string);

		k = key ? cJSON_PrintUnformatted(key) : NULL;
		v = cJSON_PrintUnformatted(m);
		cJSON_Delete(key);
		if (k && v)
			fprintf(out, "%s\n  %s: %s", m == doc->child ? "" : ",", k, v);
		cJSON_free(k);
		cJSON_free(v);
		if (!k || !v)
			return STATUS_USAGE;
	}
	fputs("\n}\n", out);
	return 0;
}

/* Print the describe document (batch_describe). */
static int describe(const struct plugin *p, void *state,
                    struct isolate *iso, const char *cfg, FILE *out)
{
	cJSON *doc;
	int rc = batch_describe(p, state, iso, cfg, &doc);

	if (rc != 0)
		return rc;
	rc = print_members(doc, out);
	cJSON_Delete(doc);
	return rc;
}

/* Isolate the plugin in a child process?  When asked, when a time limit
 * is set (only a child can be stopped), and by default for a plugin from
 * outside the built-in folder: code the user brought, not what shipped. */
static int isolated(const struct args *a, const struct plugin *p)
{
	const char *dir = plugin_builtin_dir();
	size_t n = dir ? strlen(dir) : 0;

	if (a->isolate || a->timeout)
		return a->isolate >= 0;
	return !(dir && strncmp(p->path, dir, n) == 0 && p->path[n] == '/' &&
	         !strchr(p->path + n + 1, '/'));
}

/* The INI's [report]: what the paper is titled (paper.h). */
struct paper_ini {
	const char *title, *subtitle, *organisation, *year;
};

/* --list-runs: the archive's runs on standard output, or into -o FILE
 * as the results are written (a temporary file renamed into place, so
 * no partial list is left); a table unless --format or -o's name asks
 * for json, ndjson or csv. */
static int list_runs_into(const struct args *a)
{
	static const enum archive_list_form forms[FORMAT_COUNT] = {
		[FORMAT_JSON] = ARCHIVE_LIST_JSON,
		[FORMAT_NDJSON] = ARCHIVE_LIST_NDJSON,
		[FORMAT_CSV] = ARCHIVE_LIST_CSV,
	};
	enum archive_list_form form = ARCHIVE_LIST_TABLE;
	struct outfile f = { .fd = -1 };
	char err[1024];

	if (a->format_given || a->out) {
		form = forms[a->format];
		if (form == ARCHIVE_LIST_TABLE) {
			diag("--list-runs writes json, ndjson or csv (or, without "
			     "--format, a table), not %s",
			     a->format == FORMAT_XLSX ? "xlsx" : "html");
			return STATUS_USAGE;
		}
	}
	if (!a->out)
		return archive_list(a->archive, a->archive_wait, form, stdout) < 0
		       ? STATUS_USAGE : STATUS_OK;
	if (outfile_protect(a->archive, _("the --archive database")) < 0) {
		diag("out of memory");
		return STATUS_USAGE;
	}
	err[0] = '\0';
	if (outfile_open(&f, "-o", 0, a->out, err, sizeof err) < 0 ||
	    (f.kind == OUTFILE_TEMP && outfile_settle(&f, err, sizeof err) < 0))
		goto fail;
	if (!(f.stream = fdopen(f.fd, "w")))
		goto write_error;
	f.fd = -1;
	if (archive_list(a->archive, a->archive_wait, form, f.stream) < 0) {
		outfile_close(&f);
		return STATUS_USAGE;
	}
	if (fflush(f.stream) != 0 ||
	    (f.kind == OUTFILE_TEMP && fsync(fileno(f.stream)) != 0))
		goto write_error;
	if (fclose(f.stream) != 0) {
		f.stream = NULL;
		goto write_error;
	}
	f.stream = NULL;
	if (outfile_rename(&f, err, sizeof err) < 0)
		goto fail;
	outfile_close(&f);
	return STATUS_OK;
write_error:
	snprintf(err, sizeof err, _("%s: cannot write: %s"), a->out,
	         strerror(errno));
fail:
	diag("%s", err);
	outfile_close(&f);
	return STATUS_USAGE;
}

/* --list-runs in a run of its own: the archive it reads is protected
 * (outfile_protect) in the run's list, so -o never names it. */
static int list_runs(const struct args *a, int stdout_closed)
{
	struct run ctx;
	struct record_state records;
	struct slots slots;
	int rc;

	record_state_init(&records);
	slots_init(&slots);
	run_begin(&ctx, &records, &slots);
	ctx.stdout_closed = stdout_closed;
	rc = list_runs_into(a);
	outfile_forget(&ctx);
	run_end(&ctx);
	slots_free(&slots);
	record_state_free(&records);
	return rc;
}

/* Read [report] from cfg (a lookup marks the key as the host's, so the
 * unknown-key check leaves it alone); an absent key stays NULL. */
static void paper_from(const assess_config *cfg, struct paper_ini *p)
{
	memset(p, 0, sizeof *p);
	config_string(cfg, "report", "title", &p->title);
	config_string(cfg, "report", "subtitle", &p->subtitle);
	config_string(cfg, "report", "organisation", &p->organisation);
	config_string(cfg, "report", "year", &p->year);
}

static void run_batch(struct run *ctx, const struct args *a,
                      const struct plugin *p, const assess_config *cfg,
                      const char *cfgpath, const struct paper_ini *paper,
                      void *state, struct isolate *iso, FILE *out, int *rc)
{
	struct batch_opts bo;
	struct history *hist = NULL;
	cJSON *doc = NULL;
	const char *title = NULL, *scheme;

	config_string(cfg, "scheme", "title", &title);
	scheme = archive_scheme(p->desc.name, title);

	/* the report shows trends from the history a plugin reads */
	if (a->nhistories || a->history_from || a->format == FORMAT_HTML) {
		if ((*rc = batch_describe(p, state, iso, cfgpath, &doc)) != 0)
			return;
		*rc = history_for_run(&hist, p->desc.name, doc, a->histories,
		                      a->nhistories, a->history_from, scheme,
		                      a->history_plugins, a->nhistory_plugins,
		                      a->archive_wait, a->format == FORMAT_HTML);
		cJSON_Delete(doc);
		if (*rc != 0)
			return;
		if (hist)
			history_set_period(hist, a->period);
	}

	bo.run = ctx;
	bo.plugin = p;
	bo.state = state;
	bo.iso = iso;
	bo.config_sha256 = config_sha256(cfg);
	bo.overrides = a->sets;
	bo.noverrides = a->nsets;
	bo.inputs = a->inputs;
	bo.ninputs = a->ninputs;
	bo.out = a->out;
	bo.summary = a->summary;
	bo.report_rows = a->report_rows;
	bo.format = a->format;
	bo.stdout_fp = out;
	bo.max_record = a->max_record ? a->max_record : INPUT_DEFAULT_LIMIT;
	bo.config_path = cfgpath;
	bo.encoding = a->encoding;
	bo.input_format = a->input_format - 1;
	bo.sheet = a->sheet;
	bo.columns = a->columns;
	bo.period = a->period;
	bo.input_columns = config_input_columns(cfg);
	bo.skip_columns = config_input_skip(cfg);
	bo.jobs = a->jobs;
	bo.history = hist;
	bo.archive = a->archive;
	bo.archive_wait = a->archive_wait;
	bo.scheme = scheme;
	bo.title = a->title ? a->title : paper->title;
	bo.subtitle = a->subtitle ? a->subtitle : paper->subtitle;
	bo.organisation = paper->organisation;
	bo.year = paper->year;
	*rc = batch_run(&bo);
	history_free(hist);
}

static int run(struct args *a, int stdout_closed)
{
	struct run ctx; /* this run's state (run.h), from its first check */
	struct record_state records;
	struct slots slots;
	struct amend amends = { 0 };
	struct host_guard guard = { 0 };
	struct plugin p = { 0 };
	struct isolate *iso = NULL;
	assess_config *cfg = NULL;
	struct paper_ini paper;
	void *state = NULL;
	char err[2048], cfgbuf[4096];
	const char *cfgpath;
	char *path = NULL;
	FILE *real_out = NULL;
	int rc, i, real_fd = -1;

	if (!a->plugin) {
		diag("no --plugin given (see assess --help)");
		return STATUS_USAGE;
	}
	if (a->check && a->ninputs > 0) {
		diag("--check-plugin takes no INPUT ('%s'); give your own records "
		     "with --sample FILE", a->inputs[0]);
		return STATUS_USAGE;
	}
	if (a->sample && !a->check) {
		diag("--sample goes with --check-plugin");
		return STATUS_USAGE;
	}
	if (!a->describe && !a->check && a->ninputs == 0) {
		diag("no input files given (use - for standard input)");
		return STATUS_USAGE;
	}
	if (a->timeout && a->isolate < 0 && !a->check) {
		diag("--timeout needs the plugin in a child process, which "
		     "--no-isolate forbids");
		return STATUS_USAGE;
	}
	record_state_init(&records);
	slots_init(&slots);
	run_begin(&ctx, &records, &slots);
	ctx.amend = &amends;
	ctx.guard = &guard;
	ctx.stdout_closed = stdout_closed;
	rc = STATUS_USAGE; /* until the plugin is loaded */
	/* -o and --summary replace no --history file (output.h; the inputs
	 * are protected by their descriptors as they are opened, input.h) */
	for (i = 0; i < a->nhistories; i++)
		if (outfile_protect(a->histories[i], _("a --history file")) < 0) {
			diag("out of memory");
			goto out;
		}
	/* nor the archive a run keeps (a URL names no file: ignored) */
	if ((a->archive && outfile_protect(a->archive,
	                                   _("the --archive database")) < 0) ||
	    (a->history_from && outfile_protect(a->history_from,
	                                        _("the --history-from database"))
	     < 0)) {
		diag("out of memory");
		goto out;
	}
	/* an archive not made yet has no file to protect: -o or --summary
	 * naming its place would take it */
	if (a->archive && !strstr(a->archive, "://"))
		for (i = 0; i < 2; i++) {
			const char *o = i ? a->summary : a->out;
			if (o && outfile_same_path(o, a->archive)) {
				diag("%s: %s names %s, which would be overwritten", o,
				     i ? "--summary" : "-o", _("the --archive database"));
				goto out;
			}
		}
	if ((a->archive && archive_check_target(a->archive, "--archive", err,
	                                        sizeof err) < 0) ||
	    (a->history_from && archive_check_target(a->history_from,
	                                             "--history-from", err,
	                                             sizeof err) < 0)) {
		diag("%s", err);
		goto out;
	}
	/* a --history-from file not there is a typo, unless this run's
	 * --archive makes it (the first year's command is every year's) */
	if (a->history_from && !strstr(a->history_from, "://") &&
	    access(a->history_from, F_OK) < 0 && errno == ENOENT &&
	    !(a->archive && strcmp(a->archive, a->history_from) == 0)) {
		diag("--history-from %s: no such file (an archive not made yet "
		     "is read only when it is this run's --archive)",
		     a->history_from);
		goto out;
	}
	if (plugin_find(a->plugin, &path, err, sizeof err) < 0 ||
	    plugin_open_probed(&p, path, err, sizeof err) < 0) {
		diag("%s", err);
		free(path);
		rc = STATUS_PLUGIN;
		goto out;
	}
	free(path);
	host_set_plugin(&ctx, p.desc.name, a->verbose);
	if ((rc = config_for(a, &p, cfgbuf, sizeof cfgbuf, &cfgpath)) != 0)
		goto out;
	if (config_load(cfgpath, &cfg, err, sizeof err) < 0) {
		diag("%s", err);
		rc = STATUS_CONFIG;
		goto out;
	}
	ctx.config = cfg;
	if (cfgpath && outfile_protect(cfgpath, _("the config file")) < 0) {
		diag("out of memory");
		rc = STATUS_USAGE;
		goto out;
	}
	for (i = 0; i < a->nsets; i++) {
		if (config_set(cfg, a->sets[i], err, sizeof err) < 0) {
			diag("%s", err);
			rc = STATUS_USAGE;
			goto out;
		}
	}
	/* the host's own [input] section; a bad value stops the run after
	 * create (config_check_unused) */
	record_set_extra_fields(ctx.record, config_extra_fields(cfg));
	paper_from(cfg, &paper); /* [report], before create checks the keys */
	if (a->check) {
		rc = check_plugin(&p, cfg, a->timeout ? (int)a->timeout : 10,
		                  a->sample);
		if (rc < 0)
			rc = STATUS_INPUT; /* the sample, already reported */
		goto out;
	}
	/* Plugin code runs from here on.  What it prints must not mix with
	 * the results: the real standard output is kept aside and fd 1 points
	 * at stderr, where stray prints are at least visible. */
	fflush(stdout);
	if ((real_fd = dup(1)) < 0 || dup2(2, 1) < 0 ||
	    !(real_out = fdopen(real_fd, "w"))) {
		diag("standard output: %s", strerror(errno));
		rc = STATUS_USAGE;
		goto out;
	}
	if (isolated(a, &p)) {
		rc = isolate_start(&iso, &p, cfg, (int)a->timeout);
		if (rc != 0)
			goto out;
		if (a->describe)
			rc = describe(&p, NULL, iso, cfgpath, real_out);
		else
			run_batch(&ctx, a, &p, cfg, cfgpath, &paper, NULL, iso,
			          real_out, &rc);
		isolate_stop(iso);
		goto out;
	}
	host_exit_watch(-1); /* a plugin's exit ends no run unsaid */
	if ((rc = host_create(&p.desc, cfg, &state)) != STATUS_OK)
		goto out;
	if (a->describe)
		rc = describe(&p, state, NULL, cfgpath, real_out);
	else
		run_batch(&ctx, a, &p, cfg, cfgpath, &paper, state, NULL,
		          real_out, &rc);
	host_destroy(&p.desc, state);
out:
	refs_reset(); /* the run's */
	amend_free(&amends); /* what a run that stopped after finish held */
	outfile_forget(&ctx);
	run_end(&ctx);
	host_guard_free(&guard);
	slots_free(&slots);
	record_state_free(&records);
	config_free(cfg);
	plugin_close(&p);
	if (real_out && fclose(real_out) != 0) {
		if (errno != EPIPE) /* a reader that stopped early: silence */
			diag("standard output: write error: %s", strerror(errno));
		if (rc == 0)
			rc = STATUS_USAGE;
	} else if (!real_out && real_fd >= 0) {
		close(real_fd);
	}
	return rc;
}

/* The value of --lang, looked for before the command line is read so
 * that what reading it says is in that language already (args.c checks
 * the value). */
static const char *lang_arg(int argc, char **argv)
{
	const char *v = NULL;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--lang=", 7) == 0)
			v = argv[i] + 7;
		else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			v = argv[++i];
	}
	return v && lang_of_option(v) >= 0 ? v : NULL;
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	int rc, stdout_closed;

	if (lang_init(lang_arg(argc, argv), plugin_locale_dir()) < 0)
		diag("the C.UTF-8 locale is missing: the sentences stay in English");
	/* before anything is opened: see outfile_init */
	if (outfile_init(&stdout_closed) < 0)
		return STATUS_USAGE;
	mem_init();
	rc = args_parse(argc, argv, &a);

	if (rc == 0) {
		if (a.help) {
			usage(stdout);
		} else if (a.version) {
			printf("assess %s (plugin ABI %d)\n", ASSESS_VERSION,
			       ASSESS_ABI_VERSION);
		} else if (a.list) {
			plugin_each(list_one, NULL);
		} else if (a.list_runs && !a.archive) {
			diag("--list-runs needs --archive TARGET");
			rc = STATUS_USAGE;
		} else if (a.list_runs) {
			rc = list_runs(&a, stdout_closed);
		} else {
			rc = run(&a, stdout_closed);
		}
	}
	free(a.inputs);
	free(a.sets);
	free(a.histories);
	free(a.history_plugins);
	/* A full disk or closed pipe on stdout is an error too. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE) /* a reader that stopped early: silence */
			diag("standard output: write error: %s", strerror(errno));
		if (rc == 0)
			rc = STATUS_USAGE;
	}
	return rc;
}
