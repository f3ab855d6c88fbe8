/*
 * history.c - earlier ratings from earlier results, merged into records
 * (see history.h).  The ratings are held in one hash table keyed by
 * organisation id: a few dozen bytes a rating, so a hundred thousand
 * organisations over five years stay in tens of megabytes.
 */
#include "history_impl.h"
#include "diag.h"
#include "lang.h"
#include "mem.h"
#include "sha256.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How far back the schemes that read history look: the period before
 * (SB6, SB7) and the one before that (SB7's two years running and three
 * years below three stars).  The ABI has no way for a scheme to say it. */
#define HISTORY_LOOKBACK 2

/* The member of a result, and of a history entry, that holds the level. */
#define HISTORY_LEVEL "stars"

/* A run of an archive that gave entries. */
struct hrun {
	long id;
	char period[16]; /* the run's own, "" none */
	char at[24];     /* when it was archived */
	int used;        /* it gave a rating to a record of this run */
};

struct hsource {
	char *shown;     /* a path, or an archive's masked name */
	int strict;      /* a --history file: must be before every record */
	char sha256[65]; /* a --history file's, "" an archive */
	struct hrun *runs; /* an archive's runs drawn from, ascending */
	size_t nruns;
	char latest[16]; /* its latest period, "" none */
	char periods[8][16]; /* the periods it holds, the first eight */
	int nperiods;
	int noted;       /* the look-back note said */
};

struct hentry {
	char *id;
	char period[16];
	int level;
	int src;
	int run;  /* its run in its source's runs, -1 not an archive's */
	int next; /* the next entry in the bucket, -1 */
};

struct history {
	const char *plugin;
	const char *period; /* --period: a record's without its own, or NULL */
	char *const *compat;
	int ncompat;
	struct hsource *src;
	int nsrc;
	int typed;   /* the source of the records' own history, -1 none */
	struct hentry *e;
	size_t n, cap;
	int *bucket; /* nbucket heads, -1 empty */
	size_t nbucket;
	/* records given no rating for the period before theirs while a
	 * source holds that period (a renamed or mistyped id) */
	long missed;
	char missed_ids[3][64]; /* the first few */
	int missed_src;         /* the source that holds it for the first */
};

/* An id as history matches it: without the spaces and tabs around it
 * (a trailing space in a spreadsheet's id cell is invisible there, and
 * would lose the organisation its history).  *len bytes from the
 * returned pointer into id. */
static const char *id_key(const char *id, size_t *len)
{
	size_t n;

	id += strspn(id, " \t");
	for (n = strlen(id); n > 0 && (id[n - 1] == ' ' || id[n - 1] == '\t');
	     n--)
		;
	*len = n;
	return id;
}

/* Whether the stored (trimmed) id is the key of len bytes. */
static int same_id(const char *stored, const char *key, size_t len)
{
	return strncmp(stored, key, len) == 0 && stored[len] == '\0';
}

static size_t hash(const char *s, size_t n)
{
	size_t h = 5381;

	while (n--)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

struct history *history_new(const char *plugin, char *const *compat,
                            int ncompat)
{
	struct history *h = calloc(1, sizeof *h);

	if (!h)
		return NULL;
	h->plugin = plugin;
	h->compat = compat;
	h->ncompat = ncompat;
	h->typed = -1;
	return h;
}

void history_free(struct history *h)
{
	size_t i;
	int k;

	if (!h)
		return;
	for (i = 0; i < h->n; i++)
		free(h->e[i].id);
	for (k = 0; k < h->nsrc; k++) {
		free(h->src[k].shown);
		free(h->src[k].runs);
	}
	free(h->e);
	free(h->bucket);
	free(h->src);
	free(h);
}

void history_set_period(struct history *h, const char *period)
{
	h->period = period;
}

int history_empty(const struct history *h)
{
	return !h || h->n == 0;
}

static int add_source(struct history *h, const char *shown, int strict)
{
	struct hsource *v = realloc(h->src, (size_t)(h->nsrc + 1) * sizeof *v);

	if (!v)
		return -1;
	h->src = v;
	memset(&v[h->nsrc], 0, sizeof *v);
	v[h->nsrc].strict = strict;
	if (!(v[h->nsrc].shown = strdup(shown)))
		return -1;
	return h->nsrc++;
}

int history_source(struct history *h, const char *shown)
{
	return add_source(h, shown, 0);
}

int history_file_source(struct history *h, const char *path)
{
	int src = add_source(h, path, 1);

	/* what the run stood on, for its metadata; a file that cannot be
	 * read says so when it is read */
	if (src >= 0 && sha256_file(path, h->src[src].sha256) < 0)
		h->src[src].sha256[0] = '\0';
	return src;
}

int history_source_run(struct history *h, int src, long run,
                       const char *period, const char *at)
{
	struct hsource *s = &h->src[src];
	struct hrun *v;

	if (s->nruns && s->runs[s->nruns - 1].id >= run)
		return 0; /* the rows come in run order: said already */
	if (!(v = realloc(s->runs, (s->nruns + 1) * sizeof *v)))
		return -1;
	s->runs = v;
	v = &s->runs[s->nruns++];
	v->id = run;
	snprintf(v->period, sizeof v->period, "%s", period ? period : "");
	snprintf(v->at, sizeof v->at, "%s", at ? at : "");
	v->used = 0;
	return 0;
}

cJSON *history_metadata(const struct history *h)
{
	cJSON *m = NULL, *files = NULL, *f, *runs;
	int k;
	size_t i;

	for (k = 0; h && k < h->nsrc; k++) {
		const struct hsource *s = &h->src[k];
		if (k == h->typed)
			continue;
		if (!m && !(m = cJSON_CreateObject()))
			return NULL;
		if (s->strict) {
			if (!files && !(files = cJSON_AddArrayToObject(m, "files")))
				goto nomem;
			if (!(f = cJSON_CreateObject()) ||
			    !cJSON_AddItemToArray(files, f) ||
			    !cJSON_AddStringToObject(f, "path", s->shown) ||
			    !(s->sha256[0]
			      ? cJSON_AddStringToObject(f, "sha256", s->sha256)
			      : cJSON_AddNullToObject(f, "sha256")))
				goto nomem;
			continue;
		}
		if (!cJSON_AddStringToObject(m, "archive", s->shown) ||
		    !(runs = cJSON_AddArrayToObject(m, "runs")))
			goto nomem;
		/* those that gave this run's records a rating, not every
		 * current run of the archive */
		for (i = 0; i < s->nruns; i++)
			if (s->runs[i].used &&
			    !cJSON_AddItemToArray(runs, cJSON_CreateNumber(
			                                    (double)s->runs[i].id)))
				goto nomem;
	}
	return m;
nomem:
	cJSON_Delete(m);
	return NULL;
}

int history_keep_typed(struct history *h)
{
	if (h->typed < 0)
		h->typed = add_source(h, "", 0);
	return h->typed < 0 ? -1 : 0;
}

const char *history_shown(const struct history *h, int src)
{
	return h->src[src].shown;
}

const char *history_plugin(const struct history *h)
{
	return h->plugin;
}

/* Double the buckets and thread every entry in again.  0 or -1. */
static int grow(struct history *h)
{
	size_t nb = h->nbucket ? h->nbucket * 2 : 1024, i;
	int *b = malloc(nb * sizeof *b);

	if (!b)
		return -1;
	for (i = 0; i < nb; i++)
		b[i] = -1;
	for (i = 0; i < h->n; i++) {
		size_t k = hash(h->e[i].id, strlen(h->e[i].id)) % nb;
		h->e[i].next = b[k];
		b[k] = (int)i;
	}
	free(h->bucket);
	h->bucket = b;
	h->nbucket = nb;
	return 0;
}

int history_accepts(const struct history *h, const char *plugin)
{
	int i;

	if (strcmp(plugin, h->plugin) == 0)
		return 1;
	for (i = 0; i < h->ncompat; i++)
		if (strcmp(plugin, h->compat[i]) == 0)
			return 1;
	return 0;
}

int history_check_plugin(const struct history *h, int src,
                         const char *plugin, char *err, size_t errlen)
{
	if (history_accepts(h, plugin))
		return 0;
	snprintf(err, errlen, _("%s: results of plugin %s, not %s: they "
	         "cannot give its history (--history-plugin %s accepts "
	         "them)"), h->src[src].shown, plugin, h->plugin, plugin);
	return -1;
}

int history_add(struct history *h, int src, const char *plugin,
                const char *id, const char *period, int level, char *err,
                size_t errlen)
{
	struct hentry *e;
	const char *key;
	size_t k, klen;
	int p;

	if (plugin && history_check_plugin(h, src, plugin, err, errlen) < 0)
		return -1;
	if (strlen(period) >= sizeof e->period) {
		snprintf(err, errlen, _("%s: record %s: the period \"%s\" is "
		         "longer than %d bytes"), h->src[src].shown, id, period,
		         (int)sizeof e->period - 1);
		return -1;
	}
	if ((h->n + 1) * 2 > h->nbucket && grow(h) < 0)
		goto nomem;
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 1024;
		if (!(e = realloc(h->e, cap * sizeof *e)))
			goto nomem;
		h->e = e;
		h->cap = cap;
	}
	e = &h->e[h->n];
	key = id_key(id, &klen);
	if (!(e->id = strndup(key, klen)))
		goto nomem;
	snprintf(e->period, sizeof e->period, "%s", period);
	e->level = level;
	e->src = src;
	/* history_source_run named the run of the rows that follow */
	e->run = !h->src[src].strict && h->src[src].nruns
	         ? (int)h->src[src].nruns - 1 : -1;
	k = hash(key, klen) % h->nbucket;
	e->next = h->bucket[k];
	h->bucket[k] = (int)h->n++;
	for (p = 0; p < h->src[src].nperiods &&
	            strcmp(h->src[src].periods[p], period) != 0; p++)
		;
	if (p == h->src[src].nperiods && p < 8)
		snprintf(h->src[src].periods[h->src[src].nperiods++],
		         sizeof h->src[src].periods[0], "%s", period);
	if (strcmp(period, h->src[src].latest) > 0)
		snprintf(h->src[src].latest, sizeof h->src[src].latest, "%s",
		         period);
	return 0;
nomem:
	snprintf(err, errlen, _("out of memory"));
	return -1;
}

/* The typed entry of arr for period, or NULL. */
static const cJSON *typed(const cJSON *arr, const char *period)
{
	const cJSON *e, *p;

	cJSON_ArrayForEach(e, arr) {
		p = cJSON_GetObjectItemCaseSensitive(e, "period");
		if (cJSON_IsString(p) && strcmp(p->valuestring, period) == 0)
			return e;
	}
	return NULL;
}

/* Say once of a --history file that it is older than the schemes look
 * back from period. */
static void note_old(struct hsource *s, const char *period)
{
	char *end1, *end2;
	long now = strtol(period, &end1, 10), then;

	then = strtol(s->latest, &end2, 10);
	if (s->noted || *end1 || *end2 || !*period || !s->latest[0] ||
	    now - then <= HISTORY_LOOKBACK)
		return;
	s->noted = 1;
	diag("note: %s holds period %s, older than the %d periods before %s "
	     "that the scheme looks back on: it changes nothing", s->shown,
	     s->latest, HISTORY_LOOKBACK, period);
}

/* Whether entry e may join a record of period now, else why not
 * (rejected on res): 1 merge, 0 leave out, -1 rejected. */
static int admissible(struct history *h, const struct hentry *e,
                      const char *now, assess_result *res)
{
	struct hsource *s = &h->src[e->src];

	if (strcmp(e->period, now) < 0) {
		if (s->strict)
			note_old(s, now);
		return 1;
	}
	if (!s->strict)
		return 0; /* an archive holds this period and later too */
	host_reject(res, "history", "%s gives period %s, not before this "
	            "record's period %s: earlier results only", s->shown,
	            e->period, now);
	return -1;
}

/* Where entry e came from, as a contradiction names it: a --history
 * file by its path, an archive's entry by its run (period, time), since
 * two runs of one archive may disagree.  Into buf (len bytes). */
static const char *origin(const struct history *h, const struct hentry *e,
                          char *buf, size_t len)
{
	const struct hrun *u;

	if (e->run < 0)
		return h->src[e->src].shown;
	u = &h->src[e->src].runs[e->run];
	snprintf(buf, len, _("run %ld of %s (period %s, archived %s)"), u->id,
	         h->src[e->src].shown, u->period[0] ? u->period : "-", u->at);
	return buf;
}

/* Whether entry e contradicts the record's typed history arr or an
 * entry taken before it (e->period's in took[0..n)): 1 to add, 0 there
 * already, -1 rejected. */
static int agrees(struct history *h, const struct hentry *e,
                  const cJSON *arr, struct hentry *const *took, int n,
                  assess_result *res)
{
	const cJSON *t = typed(arr, e->period), *lv;
	char a[600], b[600];
	int j;

	if (t) {
		lv = cJSON_GetObjectItemCaseSensitive(t, HISTORY_LEVEL);
		if (!cJSON_IsNumber(lv) || lv->valuedouble == e->level)
			return 0; /* the plugin says what is wrong with a bad one */
		host_reject(res, "history", "%s: %s %g in %s, but %d in %s",
		            e->period, HISTORY_LEVEL, lv->valuedouble, res->file,
		            e->level, origin(h, e, a, sizeof a));
		return -1;
	}
	for (j = 0; j < n; j++) {
		if (strcmp(took[j]->period, e->period) != 0)
			continue;
		if (took[j]->level == e->level)
			return 0;
		host_reject(res, "history", "%s: %s %d in %s, but %d in %s",
		            e->period, HISTORY_LEVEL, took[j]->level,
		            origin(h, took[j], a, sizeof a), e->level,
		            origin(h, e, b, sizeof b));
		return -1;
	}
	return 1;
}

/* The record's tree again, with the entries took[0..n) added to its
 * history; NULL out of memory. */
static cJSON *merged(const cJSON *root, struct hentry *const *took, int n)
{
	cJSON *copy = cJSON_Duplicate(root, 1), *arr, *e;
	int i;

	if (!copy)
		return NULL;
	arr = cJSON_GetObjectItemCaseSensitive(copy, "history");
	if (!cJSON_IsArray(arr)) {
		cJSON_DeleteItemFromObjectCaseSensitive(copy, "history");
		arr = cJSON_AddArrayToObject(copy, "history");
	}
	for (i = 0; arr && i < n; i++) {
		if (!(e = cJSON_CreateObject()) ||
		    !cJSON_AddStringToObject(e, "period", took[i]->period) ||
		    !cJSON_AddNumberToObject(e, HISTORY_LEVEL, took[i]->level) ||
		    !cJSON_AddItemToArray(arr, e)) {
			cJSON_Delete(e);
			break;
		}
	}
	if (mem_exhausted() || !arr) {
		cJSON_Delete(copy);
		return NULL;
	}
	return copy;
}

/* Keep the ratings the record's own history gives (history_keep_typed):
 * a number of stars for a period, as the plugin reads them; one it
 * rejects leaves its record's result rejected, which shows no trend. */
static void keep_typed(struct history *h, const char *id, const cJSON *arr)
{
	const cJSON *e, *p, *lv;
	char err[256];

	cJSON_ArrayForEach(e, arr) {
		p = cJSON_GetObjectItemCaseSensitive(e, "period");
		lv = cJSON_GetObjectItemCaseSensitive(e, HISTORY_LEVEL);
		if (!cJSON_IsString(p) || !cJSON_IsNumber(lv) ||
		    lv->valuedouble != (int)lv->valuedouble)
			continue;
		if (history_add(h, h->typed, NULL, id, p->valuestring,
		                (int)lv->valuedouble, err, sizeof err) < 0) {
			mem_fail(); /* the batch stops, out of memory */
			return;
		}
	}
}

/* Count the record (id, of period now) among those that got no rating
 * for the year before theirs though a source holds that year: the
 * record's own history does not give it either (arr), and none was
 * taken (took[0..n)).  Years only: other periods have no "before" to
 * tell. */
static void note_missed(struct history *h, const char *id, const char *now,
                        const cJSON *arr, struct hentry *const *took, int n)
{
	char prev[16], *end;
	long year = strtol(now, &end, 10);
	int i, k;

	if (*end || end - now != 4 || year <= 1000 || year > 9999)
		return;
	snprintf(prev, sizeof prev, "%ld", year - 1);
	for (i = 0; i < n; i++)
		if (strcmp(took[i]->period, prev) == 0)
			return;
	if (typed(arr, prev))
		return;
	for (k = 0; k < h->nsrc; k++) {
		if (k == h->typed)
			continue;
		for (i = 0; i < h->src[k].nperiods; i++)
			if (strcmp(h->src[k].periods[i], prev) == 0)
				break;
		if (i < h->src[k].nperiods)
			break;
	}
	if (k == h->nsrc)
		return;
	if (h->missed == 0)
		h->missed_src = k;
	if (h->missed < 3)
		snprintf(h->missed_ids[h->missed], sizeof h->missed_ids[0], "%s",
		         id);
	h->missed++;
}

void history_note_missed(const struct history *h)
{
	char ids[256], line[768];
	size_t len = 0;
	long i;

	if (!h || !h->missed)
		return;
	for (i = 0; i < h->missed && i < 3; i++)
		len += (size_t)snprintf(ids + len, sizeof ids - len, "%s%s",
		                        i ? ", " : "", h->missed_ids[i]);
	if (h->missed > 3)
		snprintf(ids + len, sizeof ids - len, ", ...");
	snprintf(line, sizeof line, dngettext(LANG_DOMAIN, "note: %ld record "
	         "got no rating for the year before its own, though %s holds "
	         "that year (new, or its id renamed or mistyped?): %s", "note: %ld "
	         "records got no rating for the year before their own, though "
	         "%s holds that year (new, or their ids renamed or mistyped?): "
	         "%s",
	         (unsigned long)h->missed), h->missed,
	         h->src[h->missed_src].shown, ids);
	diag("%s", line);
}

cJSON *history_merge(struct history *h, const cJSON *root,
                     assess_result *res)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "period");
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "history");
	const char *now = cJSON_IsString(p) && *p->valuestring
	                  ? p->valuestring : h->period;
	struct hentry *took[64];
	const char *key;
	size_t klen;
	int i, n = 0, bad = 0, ok;

	if (res->id && h->typed >= 0)
		keep_typed(h, res->id, arr);
	if (!res->id || history_empty(h))
		return NULL;
	/* a history of another type: the plugin rejects it as it is */
	if (arr && !cJSON_IsArray(arr) && !cJSON_IsNull(arr))
		return NULL;
	key = id_key(res->id, &klen);
	for (i = h->bucket[hash(key, klen) % h->nbucket]; i >= 0;
	     i = h->e[i].next) {
		struct hentry *e = &h->e[i];
		/* the records' own history is their own, not another's */
		if (!same_id(e->id, key, klen) || e->src == h->typed)
			continue;
		/* without a period, its own year's results would be taken as
		 * its history (SB6 comparing it with itself) */
		if (!now) {
			host_reject(res, "period", "no period, so the earlier "
			            "results of %s cannot be told from this "
			            "record's own: give the record its period, or "
			            "--period YYYY", h->src[e->src].shown);
			return NULL;
		}
		if ((ok = admissible(h, e, now, res)) == 1)
			ok = agrees(h, e, arr, took, n, res);
		if (ok < 0)
			bad = 1;
		else if (ok == 1 && n < (int)(sizeof took / sizeof *took))
			took[n++] = e;
	}
	if (!bad && now)
		note_missed(h, res->id, now, arr, took, n);
	if (bad || n == 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (took[i]->run >= 0)
			h->src[took[i]->src].runs[took[i]->run].used = 1;
	return merged(root, took, n);
}

int history_levels(const struct history *h, const char *id,
                   const char *before, struct history_level *out, int max)
{
	size_t klen;
	int i, j, n = 0;

	if (history_empty(h))
		return 0;
	id = id_key(id, &klen);
	for (i = h->bucket[hash(id, klen) % h->nbucket]; i >= 0;
	     i = h->e[i].next) {
		const struct hentry *e = &h->e[i];
		if (!same_id(e->id, id, klen) ||
		    (before && strcmp(e->period, before) >= 0))
			continue;
		for (j = 0; j < n && strcmp(out[j].period, e->period) < 0; j++)
			;
		if ((j < n && strcmp(out[j].period, e->period) == 0) || n == max)
			continue; /* said once (a contradiction rejects) */
		memmove(&out[j + 1], &out[j], (size_t)(n - j) * sizeof *out);
		snprintf(out[j].period, sizeof out[j].period, "%s", e->period);
		out[j].level = e->level;
		n++;
	}
	return n;
}
