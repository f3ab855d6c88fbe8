/*
 * fuzz_sheetin_cell.c - libFuzzer harness for the cell readers of
 * sheetin_row.c: any text, as any kind of cell (a number, a percentage,
 * a date, a formula never computed, an error value, ...), written into a
 * score, the period, a name or the vetoes list.  Must never crash, leak
 * or read out of bounds; the record must be one JSON object that cJSON
 * parses whole (when the cell is UTF-8), and a cell that is a fault must
 * give no member and a fault naming its field and cell, in UTF-8.
 * Input: byte 0 picks the field, byte 1 the cell's kind, the rest is the
 * cell's text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colmap.h"
#include "fuzz.h"
#include "sheetin_impl.h"
#include "validate.h"

static const char describe[] =
	"{\"items\":[{\"key\":\"team\",\"label\":\"班子建设\"}],"
	"\"vetoes\":{\"team_disunity\":\"班子不团结\"}}";

static const struct { const char *path; enum colmap_type type; } field[] = {
	{ "team", COLMAP_AUTO }, { "period", COLMAP_STRING },
	{ "name", COLMAP_STRING }, { "vetoes", COLMAP_LIST }
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *doc, *v;
	struct colmap *map = NULL;
	struct sheetin_json w;
	struct sheetin_node root, leaf;
	struct sheetin_cell cell[2];
	struct sheetin_row row;
	const char *path, *msg, *end = NULL;
	char err[256], *text;
	size_t i, f;

	if (size < 2)
		return 0;
	f = data[0] % (sizeof field / sizeof *field);
	if (!(text = malloc(size - 1)))
		abort();
	memcpy(text, data + 2, size - 2);
	text[size - 2] = '\0';
	doc = cJSON_Parse(describe);
	if (colmap_new(&map, doc, NULL, err, sizeof err) < 0)
		abort();
	memset(&w, 0, sizeof w);
	memset(&root, 0, sizeof root);
	memset(&leaf, 0, sizeof leaf);
	w.map = map;
	w.width = 2;
	root.col = -1;
	root.kids = &leaf;
	root.nkids = 1;
	leaf.key = leaf.path = leaf.header = (char *)field[f].path;
	leaf.type = field[f].type;
	leaf.col = 1;
	memset(cell, 0, sizeof cell);
	cell[1].kind = (enum sheetin_cell_kind)(data[1] % (CELL_ERROR + 1));
	cell[1].text = text;
	cell[1].len = strlen(text);
	row.number = 7;
	row.ncells = 2;
	row.cells = cell;
	row.over = 0;
	sheetin_row_json(&w, &root, &row);
	if (w.t.failed)
		abort();
	for (i = 0; (msg = sheetin_row_fault(w.fault, w.faultlen, i, &path)); i++)
		if (strcmp(path, field[f].path) != 0 || !strstr(msg, "B7") ||
		    (utf8_invalid_at(text, strlen(text)) < 0 &&
		     utf8_invalid_at(msg, strlen(msg)) >= 0))
			abort(); /* a fault names its field and its cell, and
			            quotes a UTF-8 cell on whole characters */
	if (i && w.t.len != 2)
		abort(); /* a fault gives no member: the record is "{}" */
	if (utf8_invalid_at(w.t.data, w.t.len) < 0) {
		v = cJSON_ParseWithLengthOpts(w.t.data, w.t.len, &end, 0);
		if (!v || !cJSON_IsObject(v) || end != w.t.data + w.t.len) {
			fprintf(stderr, "not one JSON object: %.*s\n", (int)w.t.len,
			        w.t.data);
			abort();
		}
		cJSON_Delete(v);
	}
	jsonw_buf_free(&w.t);
	free(w.hist);
	colmap_free(map);
	cJSON_Delete(doc);
	free(text);
	return 0;
}
