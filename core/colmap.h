/*
 * colmap.h - which record field a spreadsheet column holds, from its
 * header: the dotted path itself, the host fields by the names a Chinese
 * sheet gives them (支部名称, 所属党委, 考核年度, 上年星级 ...), a scheme's
 * criteria (or items), periods and vetoes by the labels its describe
 * document gives them, alone or joined (日常考核-班子建设, 自身建设（20分）),
 * the columns a committee adds that hold no field (序号, 备注), the
 * [input] section of the INI, or an explicit --columns file; and, for a
 * header none of these know, whether it is a near miss of a known one.
 * docs/spreadsheets.md ("Reading spreadsheets") states every rule; this
 * is their one home.
 */
#ifndef ASSESS_COLMAP_H
#define ASSESS_COLMAP_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct colmap;

/* How a column's cells become JSON values. */
enum colmap_type {
	COLMAP_AUTO,   /* a JSON number as written, true/false, else a string */
	COLMAP_STRING, /* always a string (id, name, parent, period) */
	COLMAP_LIST    /* a list of strings split at 、;,；， (vetoes) */
};

/* The period of a history column headed by the year before the
 * assessment year (上年星级): "history.<COLMAP_PREV>.stars" until the
 * row's period says which year that is (sheetin.c). */
#define COLMAP_PREV "上年"

/* The mapping for a run: describe is the plugin's describe document (may
 * be NULL; borrowed only during the call), columns the path of an INI
 * whose [columns] section says "header = path" (or NULL).  0 and *out
 * (free with colmap_free); -1 with the reason in err (the columns file
 * unreadable or invalid); -2 out of memory. */
int colmap_new(struct colmap **out, const cJSON *describe,
               const char *columns, char *err, size_t errlen);

/* The INI's [input] section into m: columns, "header=path" entries, and
 * skip_columns, headers of columns to leave unread, each list separated
 * by commas (, ，) or 、 (either may be NULL).  Entries of columns win
 * over every built-in name, as --columns does.  0; -1 with the reason in
 * err naming the key (a path that is not one); -2 out of memory. */
int colmap_add_input(struct colmap *m, const char *columns,
                     const char *skip, char *err, size_t errlen);

void colmap_free(struct colmap *m);

/* The record path of header into path (dotted: "scores.team",
 * "history.2024.stars") and its cell type into *type.  0; 1 when the
 * header names a column that holds no field (序号, 备注, [input]
 * skip_columns; path and type untouched); -1 when no rule knows it. */
int colmap_resolve(const struct colmap *m, const char *header, char *path,
                   size_t len, enum colmap_type *type);

/* Whether an unknown header is a near miss of a known one: a few edits
 * away, one containing the other, or a period and an item of which one
 * is so.  1 with the known header meant into buf, else 0. */
int colmap_near(const struct colmap *m, const char *header, char *buf,
                size_t len);

/* The headers known, for a message: "id, 编号, ..." with the forms of
 * the joined ones.  Allocated (free it), or NULL out of memory. */
char *colmap_known(const struct colmap *m);

/* The key of a veto given by its key or its label, or NULL; borrowed from
 * m. */
const char *colmap_veto(const struct colmap *m, const char *word);

#endif
