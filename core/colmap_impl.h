/*
 * colmap_impl.h - the table of header names shared by colmap.c, which
 * builds it, and colmap_match.c, which matches headers against it.
 * Private to them.
 */
#ifndef ASSESS_COLMAP_IMPL_H
#define ASSESS_COLMAP_IMPL_H

#include "colmap.h"

/* What a name in the table is. */
enum role {
	ROLE_FIELD,  /* heads a column of that path */
	ROLE_SKIP,   /* heads a column that holds no field */
	ROLE_PERIOD  /* a period, heading a column only joined to an item */
};

struct name {
	char *name, *path; /* name in normal form */
	enum colmap_type type;
	enum role role;
	int shown;    /* listed in an unknown header's message */
	int crit;     /* a criterion's (or item's) label or key */
	int explicit; /* --columns or [input] columns: wins */
};

struct colmap {
	const char *columns; /* the --columns file, while it is read */
	int explicit;        /* entries added now are explicit */
	int periods;         /* the scheme has periods (SB2) */
	int history;         /* it has stars, read from a history (SB6) */
	struct name *v;
	size_t n, cap;
	char **vetoes; /* key, label, key, label ... */
	size_t nvetoes;
};

/* The longest header looked at, in bytes of its normal form. */
#define HEADER_MAX 512

/* The longest header looked at, in bytes of its normal form. */
#define HEADER_MAX 512

/* in in normal form into out: blanks and line breaks dropped, full-width
 * ASCII made half-width, 【】〔〕 made (), dashes '-' and middle dots '·'.
 * 0, or -1 when it does not fit. */
int colmap_norm(const char *in, char *out, size_t len);

/* The entry of the name h (normal form) in role period or not (an
 * explicit one first), or NULL. */
const struct name *colmap_find_as(const struct colmap *m, const char *h,
                                  int period);

/* The entry of name (any form) in a role other than period, or NULL. */
const struct name *colmap_find(const struct colmap *m, const char *name);

/* How the cells of a column of path are read. */
enum colmap_type colmap_type_of(const char *path);

/* A points suffix, as committees head a column with its maximum: "(20分)",
 * "(满分20分)", "(20)", "20分".  h (normal form) without it into out: 1,
 * else 0. */
int colmap_strip_points(const char *h, char *out, size_t len);

/* Whether s (normal form) starts with a joiner of a period and an item
 * (- _ / : | ~ ( ) . , + · 、): 1 and its length into *k, else 0. */
int colmap_joiner(const char *s, size_t *k);

/* [*s, *e) without joiners at either end. */
void colmap_trim_joiners(const char **s, const char **e);

/* name (in normal form) into m's table as path, of cell type type, in
 * role role, listed in messages when shown; an explicit one while
 * m->explicit.  0, or -2 out of memory. */
int colmap_add(struct colmap *m, const char *name, const char *path,
               enum colmap_type type, enum role role, int shown);

/* Whether value is a dotted record path ("scores.team", "name"). */
int colmap_is_path(const char *value);

/* A header = path entry of --columns or [input] columns: a path
 * "checks.PERIOD" of a scheme with periods names that period.  0, -2. */
int colmap_add_explicit(struct colmap *m, const char *header,
                        const char *path);

/* The --columns file's [columns] section into m.  0 or -1 (err). */
int colmap_load_columns(struct colmap *m, const char *path, char *err,
                        size_t errlen);

#endif
