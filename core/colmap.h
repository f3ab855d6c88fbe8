/*
 * colmap.h - which record field a spreadsheet column holds, from its
 * header: the dotted path itself, the host fields by their Chinese names,
 * a scheme's criteria (or items) and vetoes by the labels its INI gives
 * them (the plugin's describe document), or an explicit mapping from a
 * --columns file.  docs/spreadsheets.md ("Reading spreadsheets") states
 * every rule; this is their one home.
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

/* The mapping for a run: describe is the plugin's describe document (may
 * be NULL; borrowed only during the call), columns the path of an INI
 * whose [columns] section says "header = path" (or NULL).  0 and *out
 * (free with colmap_free); -1 with the reason in err (the columns file
 * unreadable or invalid); -2 out of memory. */
int colmap_new(struct colmap **out, const cJSON *describe,
               const char *columns, char *err, size_t errlen);

void colmap_free(struct colmap *m);

/* The record path of header into path (dotted: "scores.team",
 * "history.2024.stars") and its cell type into *type.  0, or -1 when no
 * rule knows the header. */
int colmap_resolve(const struct colmap *m, const char *header, char *path,
                   size_t len, enum colmap_type *type);

/* What to say of an unknown header: its nearest known name, if any, then
 * the names known, into buf (cut to fit). */
void colmap_unknown(const struct colmap *m, const char *header, char *buf,
                    size_t len);

/* The key of a veto given by its key or its label, or NULL; borrowed from
 * m. */
const char *colmap_veto(const struct colmap *m, const char *word);

#endif
