/*
 * xlsx_rows.c - rows on standard input as one XLSX sheet, streamed with
 * libxlsxwriter's constant-memory mode: bench/sheetconv.py's writer for
 * a million rows, which openpyxl takes minutes to write (400 s of CPU for
 * a million records of bench/gen.py) and this a few seconds.
 *
 * Usage: xlsx_rows OUT.xlsx < ROWS
 * Each input line is a row, its cells separated by tabs, each cell empty
 * (no cell) or its type and text: "s" and a string, "n" and a number.
 * At most 1,048,576 rows (a sheet's limit): more is refused, exit 2.
 * Exit 0 written, 1 the workbook not written, 2 bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define SHEET_ROWS 1048576

/* Write one line's cells into row r; -1 for a cell of no known type. */
static int put_row(lxw_worksheet *ws, lxw_row_t r, char *line)
{
	lxw_col_t c = 0;
	char *cell, *next;

	for (cell = line; cell; cell = next, c++) {
		next = strchr(cell, '\t');
		if (next)
			*next++ = '\0';
		if (!*cell)
			continue;
		if (*cell == 's')
			worksheet_write_string(ws, r, c, cell + 1, NULL);
		else if (*cell == 'n')
			worksheet_write_number(ws, r, c, strtod(cell + 1, NULL),
			                       NULL);
		else
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	lxw_row_t r = 0;

	if (argc != 2) {
		fputs("usage: xlsx_rows OUT.xlsx < ROWS\n", stderr);
		return 2;
	}
	if (!(wb = workbook_new_opt(argv[1], &opt)) ||
	    !(ws = workbook_add_worksheet(wb, NULL))) {
		fprintf(stderr, "xlsx_rows: %s: cannot create the workbook\n",
		        argv[1]);
		return 1;
	}
	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (r == SHEET_ROWS) {
			fprintf(stderr, "xlsx_rows: more than %d rows: more than "
			        "a sheet holds\n", SHEET_ROWS);
			return 2;
		}
		if (put_row(ws, r, line) < 0) {
			fprintf(stderr, "xlsx_rows: line %lu: a cell neither "
			        "s(tring) nor n(umber)\n", (unsigned long)r + 1);
			return 2;
		}
		r++;
	}
	free(line);
	if (workbook_close(wb) != LXW_NO_ERROR) {
		fprintf(stderr, "xlsx_rows: %s: not written\n", argv[1]);
		return 1;
	}
	return 0;
}
