/*
 * config.c - INI configs (see config.h): read once, parsed by ini.c into
 * iniparser's dictionary, served to plugins, and checked for keys the
 * plugin never asked for (confcheck.c).  --set is config_set.c.
 *
 * iniparser's getdouble/getint turn "abc" into 0 without a word, so every
 * number is parsed here with strtod/strtol over the whole string and checked
 * against the range the plugin asks for.
 */
#include "config_impl.h"
#include "lang.h"
#include "diag.h"
#include "ini.h"
#include "sha256.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* A config larger than this is not a scheme's INI. */
#define CONFIG_MAX_BYTES (16u << 20)


char *config_lower_dup(const char *s)
{
	char *d = strdup(s), *p;

	for (p = d; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

int config_add_entry(assess_config *cfg, const char *sec, const char *key,
                     long line, int from_set)
{
	struct config_entry *e;

	if (cfg->nent == cfg->cent) {
		size_t cap = cfg->cent ? cfg->cent * 2 : 32;
		e = realloc(cfg->ent, cap * sizeof *e);
		if (!e)
			return -1;
		cfg->ent = e;
		cfg->cent = cap;
	}
	e = &cfg->ent[cfg->nent];
	e->line = line;
	e->from_set = from_set;
	e->key = NULL;
	if (!(e->sec = config_lower_dup(sec)))
		return -1;
	if (key && !(e->key = config_lower_dup(key))) {
		free(e->sec);
		return -1;
	}
	cfg->nent++;
	return 0;
}

/* The line of the file's entry for sec (key NULL: its header) or sec:key;
 * 0 when there is none. */
static long file_line(const assess_config *cfg, const char *sec,
                      const char *key)
{
	size_t i;

	for (i = 0; i < cfg->nent; i++) {
		const struct config_entry *e = &cfg->ent[i];
		if (!e->from_set && strcmp(e->sec, sec) == 0 &&
		    (key ? e->key && strcmp(e->key, key) == 0 : !e->key))
			return e->line;
	}
	return 0;
}

static int on_section(void *arg, const char *name, long line, char *err,
                      size_t errlen)
{
	assess_config *cfg = arg;
	long first = file_line(cfg, name, NULL);

	/* iniparser would merge two sections of one name without a word. */
	if (first) {
		snprintf(err, errlen, _("%s:%ld: [%s] appears twice (first on line "
		         "%ld)"), cfg->path, line, name, first);
		return -1;
	}
	if (config_add_entry(cfg, name, NULL, line, 0) < 0 ||
	    iniparser_set(cfg->dict, name, NULL) != 0) {
		snprintf(err, errlen, _("%s: out of memory"), cfg->path);
		return -1;
	}
	return 0;
}

static int on_value(void *arg, const char *sec, const char *key,
                    const char *value, long line, char *err, size_t errlen)
{
	assess_config *cfg = arg;
	long first = file_line(cfg, sec, key);

	/* iniparser would keep the last of two equal keys. */
	if (first) {
		snprintf(err, errlen, _("%s:%ld: [%s] %s: given twice (first on "
		         "line %ld)"), cfg->path, line, sec, key, first);
		return -1;
	}
	snprintf(cfg->key, sizeof cfg->key, "%s:%s", sec, key);
	if (config_add_entry(cfg, sec, key, line, 0) < 0 ||
	    iniparser_set(cfg->dict, cfg->key, value) != 0) {
		snprintf(err, errlen, _("%s: out of memory"), cfg->path);
		return -1;
	}
	return 0;
}

/* The whole file in a malloc'd buffer, read once (a pipe gives its bytes
 * only once).  0, or -1 with errno set (EFBIG when too large). */
static int read_all(const char *path, char **buf, size_t *len, int *regular)
{
	size_t cap = 8192, n = 0;
	char *b = malloc(cap), *grown;
	int fd = open(path, O_RDONLY), saved;
	struct stat st;
	ssize_t r;

	if (fd < 0 || !b || fstat(fd, &st) < 0)
		goto fail;
	*regular = S_ISREG(st.st_mode);
	for (;;) {
		if (n == cap) {
			if (cap >= CONFIG_MAX_BYTES) {
				errno = EFBIG;
				goto fail;
			}
			if (!(grown = realloc(b, cap * 2)))
				goto fail;
			b = grown;
			cap *= 2;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*buf = b;
	*len = n;
	return 0;
fail:
	saved = errno;
	free(b);
	if (fd >= 0)
		close(fd);
	errno = saved;
	return -1;
}

int config_load(const char *path, assess_config **out, char *err,
                size_t errlen)
{
	assess_config *cfg = calloc(1, sizeof *cfg);
	struct ini_handler h;
	struct sha256 sha;
	char *buf = NULL;
	size_t len;

	*out = NULL;
	if (!cfg || !(cfg->dict = dictionary_new(0)))
		goto nomem;
	if (!path)
		goto done;
	if (!(cfg->path = strdup(path)))
		goto nomem;
	if (read_all(path, &buf, &len, &cfg->regular) < 0) {
		snprintf(err, errlen, _("%s: cannot read config: %s"), path,
		         errno == EFBIG ? "larger than 16 MB" : strerror(errno));
		goto fail;
	}
	sha256_init(&sha);
	sha256_update(&sha, buf, len);
	sha256_hex(&sha, cfg->sha);
	h.arg = cfg;
	h.section = on_section;
	h.value = on_value;
	if (ini_parse(path, buf, len, &h, err, errlen) < 0)
		goto fail;
	free(buf);
done:
	*out = cfg;
	return 0;
nomem:
	snprintf(err, errlen, _("%s: out of memory"), path ? path : "config");
fail:
	free(buf);
	config_free(cfg);
	return -1;
}

void config_free(assess_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	if (cfg->dict)
		iniparser_freedict(cfg->dict);
	for (i = 0; i < cfg->nent; i++) {
		free(cfg->ent[i].sec);
		free(cfg->ent[i].key);
	}
	free(cfg->ent);
	for (i = 0; i < cfg->nask; i++) {
		free(cfg->ask[i].sec);
		free(cfg->ask[i].key);
	}
	free(cfg->ask);
	free(cfg->path);
	free(cfg);
}

const char *config_sha256(const assess_config *cfg)
{
	return cfg->sha;
}

const char *config_path(const assess_config *cfg)
{
	return cfg->path;
}

int config_section_count(const assess_config *cfg)
{
	return iniparser_getnsec(cfg->dict);
}

const char *config_section_name(const assess_config *cfg, int i)
{
	if (i < 0 || i >= iniparser_getnsec(cfg->dict))
		return NULL;
	return iniparser_getsecname(cfg->dict, i);
}

int config_key_count(const assess_config *cfg, const char *section)
{
	int n;

	if (!section)
		return 0;
	config_asked(cfg, section, NULL);
	n = iniparser_getsecnkeys(cfg->dict, section);
	return n < 0 ? 0 : n;
}

const char *config_key_name(const assess_config *cfg, const char *section,
                            int i)
{
	/* iniparser stores "section:key"; the key is what follows the section
	 * and its colon.  Walk the dictionary once rather than allocate the
	 * array iniparser_getseckeys wants. */
	const dictionary *d = cfg->dict;
	size_t slen;
	ssize_t j;
	int seen = 0;

	if (i < 0 || !section)
		return NULL;
	slen = strlen(section);
	for (j = 0; j < d->size; j++) {
		const char *k = d->key[j];
		if (!k || strncasecmp(k, section, slen) != 0 || k[slen] != ':')
			continue;
		if (seen++ == i)
			return k + slen + 1;
	}
	return NULL;
}

/* Whether a.b and c.d name the same dotted key (case aside). */
static int same_dotted(const char *a, const char *b, const char *c,
                       const char *d)
{
	size_t la = strlen(a), lc = strlen(c);

	if (la + strlen(b) != lc + strlen(d))
		return 0;
	if (la < lc) /* a.b against c.d with c longer: c = a.x */
		return strncasecmp(c, a, la) == 0 && c[la] == '.' &&
		       strncasecmp(c + la + 1, b, lc - la - 1) == 0 &&
		       b[lc - la - 1] == '.' && strcasecmp(b + lc - la, d) == 0;
	if (la > lc)
		return same_dotted(c, d, a, b);
	return strcasecmp(a, c) == 0 && strcasecmp(b, d) == 0;
}

const char *config_lookup(const assess_config *cfg, const char *section,
                          const char *key)
{
	assess_config *c = (assess_config *)cfg;
	const char *v;
	size_t ls, lk, i;

	if (!section || !key)
		return NULL;
	ls = strlen(section);
	lk = strlen(key);
	if (ls + lk + 2 > sizeof c->key)
		return NULL; /* longer than any name stored */
	memcpy(c->key, section, ls);
	c->key[ls] = ':';
	memcpy(c->key + ls + 1, key, lk + 1);
	if ((v = iniparser_getstring(cfg->dict, c->key, NULL)))
		return v;
	/* --set quota.max_share.5=10% with no [quota] in the INI was split
	 * as [quota.max_share] 5: the plugin's own split finds it */
	for (i = 0; i < cfg->nent; i++) {
		const struct config_entry *e = &cfg->ent[i];
		if (e->from_set && e->key &&
		    same_dotted(e->sec, e->key, section, key)) {
			config_asked(cfg, e->sec, e->key);
			return config_lookup(cfg, e->sec, e->key);
		}
	}
	return NULL;
}

static const char *lookup(const assess_config *cfg, const char *section,
                          const char *key)
{
	if (section && key)
		config_asked(cfg, section, key);
	return config_lookup(cfg, section, key);
}

int config_string(const assess_config *cfg, const char *section,
                  const char *key, const char **out)
{
	const char *v = lookup(cfg, section, key);

	if (!v)
		return ASSESS_ENOENT;
	*out = v;
	return ASSESS_OK;
}

int config_parse_number(const char *s, double *out)
{
	char *end;
	double v;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	while (isspace((unsigned char)*end))
		end++;
	/* strtod also takes "nan", "inf" and hex floats: none is a score. */
	if (*end || end == s || errno == ERANGE || !isfinite(v) ||
	    strpbrk(s, "xXnN"))
		return -1;
	*out = v;
	return 0;
}

int config_number(const assess_config *cfg, const char *section,
                  const char *key, double min, double max, double *out)
{
	const char *v = lookup(cfg, section, key);
	double d;

	if (!v)
		return ASSESS_ENOENT;
	if (config_parse_number(v, &d) < 0) {
		config_error(cfg, section, key, "'%s' is not a number%s", v,
		             strstr(v, "\xEF\xBC") ? _(" (it holds full-width "
		             "characters such as ％ or ．: write them in ASCII)")
		             : "");
		return ASSESS_ETYPE;
	}
	if (d < min || d > max) {
		config_error(cfg, section, key, "%s is outside %g..%g", v, min,
		             max);
		return ASSESS_ERANGE;
	}
	*out = d;
	return ASSESS_OK;
}

int config_int(const assess_config *cfg, const char *section,
               const char *key, long min, long max, long *out)
{
	const char *v = lookup(cfg, section, key);
	char *end;
	long n;

	if (!v)
		return ASSESS_ENOENT;
	errno = 0;
	n = strtol(v, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (end == v || *end || errno == ERANGE) {
		config_error(cfg, section, key, "'%s' is not a whole number", v);
		return ASSESS_ETYPE;
	}
	if (n < min || n > max) {
		config_error(cfg, section, key, "%ld is outside %ld..%ld", n, min,
		             max);
		return ASSESS_ERANGE;
	}
	*out = n;
	return ASSESS_OK;
}

int config_bool(const assess_config *cfg, const char *section,
                const char *key, int *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	const char *v = lookup(cfg, section, key);
	size_t i;

	if (!v)
		return ASSESS_ENOENT;
	for (i = 0; i < sizeof yes / sizeof *yes; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return ASSESS_OK;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return ASSESS_OK;
		}
	}
	config_error(cfg, section, key, "'%s' is not true or false", v);
	return ASSESS_ETYPE;
}
