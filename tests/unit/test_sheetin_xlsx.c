/*
 * test_sheetin_xlsx.c - unit tests of the xlsx reader (core/sheetin_xlsx.c,
 * core/sheetin_book.c) on the two ways a sheet is read: inflated whole at
 * open when it is small (its merged ranges are looked for there, and the
 * same bytes then parsed), or streamed from the archive when it is larger
 * than that scan reads (8 MB).  Either way a user gets the same rows, and a
 * sheet whose stored checksum is wrong the same message after the same rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "sheetin.h"

#define SCAN_MAX (8u << 20) /* sheetin_book.c's MERGE_SCAN_MAX */

static const char workbook_xml[] =
	"<workbook xmlns=\"m\" xmlns:r=\"r\"><sheets>"
	"<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels_xml[] =
	"<Relationships xmlns=\"p\"><Relationship Id=\"rId1\" "
	"Target=\"worksheets/sheet1.xml\"/></Relationships>";
static const char rows_xml[] =
	"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>编号</t></is></c>"
	"<c r=\"B1\" t=\"inlineStr\"><is><t>分数</t></is></c></row>"
	"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>b-1</t></is></c>"
	"<c r=\"B2\"><v>17.6</v></c></row>"
	"<row r=\"4\"><c r=\"B4\"><v>9.25</v></c></row>";

/* The sheet's XML: rows_xml after a comment of pad bytes (a sheet as
 * large as wanted, of the same rows). */
static char *sheet_xml(size_t pad)
{
	static const char head[] = "<worksheet xmlns=\"m\"><!--";
	static const char mid[] = "--><sheetData>";
	static const char tail[] = "</sheetData><mergeCells count=\"1\">"
	                           "<mergeCell ref=\"A3:B3\"/></mergeCells>"
	                           "</worksheet>";
	size_t n = strlen(head) + pad + strlen(mid) + strlen(rows_xml) +
	           strlen(tail);
	char *s = malloc(n + 1), *p = s;

	assert_non_null(s);
	p = stpcpy(p, head);
	memset(p, 'x', pad);
	p += pad;
	p = stpcpy(p, mid);
	p = stpcpy(p, rows_xml);
	stpcpy(p, tail);
	return s;
}

/* Flip the stored CRC-32 of part name in the zip file at path, in its
 * local header and its central directory entry. */
static void break_crc(const char *path, const char *name)
{
	FILE *fp = fopen(path, "r+b");
	size_t len = strlen(name), n, i, hit = 0;
	unsigned char *b;
	long size;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	size = ftell(fp);
	assert_true(size > 0);
	assert_non_null(b = malloc((size_t)size));
	rewind(fp);
	assert_int_equal(fread(b, 1, (size_t)size, fp), (size_t)size);
	n = (size_t)size;
	for (i = 0; i + 46 + len <= n; i++) {
		if (!memcmp(b + i, "PK\3\4", 4) && !memcmp(b + i + 30, name, len)) {
			b[i + 14] ^= 0x5a;
			hit++;
		} else if (!memcmp(b + i, "PK\1\2", 4) &&
		           !memcmp(b + i + 46, name, len)) {
			b[i + 16] ^= 0x5a;
			hit++;
		}
	}
	assert_int_equal(hit, 2);
	rewind(fp);
	assert_int_equal(fwrite(b, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	free(b);
}

/* A workbook of one sheet, its XML padded by pad bytes (and its checksum
 * broken when bad), written to a temporary file, opened for reading and
 * unlinked. */
static FILE *workbook(size_t pad, int bad)
{
	char path[] = "/tmp/test_sheetin_xlsx_XXXXXX";
	int fd = mkstemp(path), e;
	char *sheet = sheet_xml(pad);
	zip_source_t *src;
	zip_t *z;
	FILE *fp;

	assert_true(fd >= 0);
	close(fd);
	assert_non_null(z = zip_open(path, ZIP_TRUNCATE, &e));
	assert_non_null(src = zip_source_buffer(z, workbook_xml,
	                                        strlen(workbook_xml), 0));
	assert_true(zip_file_add(z, "xl/workbook.xml", src, 0) >= 0);
	assert_non_null(src = zip_source_buffer(z, rels_xml, strlen(rels_xml),
	                                        0));
	assert_true(zip_file_add(z, "xl/_rels/workbook.xml.rels", src, 0) >= 0);
	assert_non_null(src = zip_source_buffer(z, sheet, strlen(sheet), 0));
	assert_true(zip_file_add(z, "xl/worksheets/sheet1.xml", src, 0) >= 0);
	assert_int_equal(zip_close(z), 0);
	free(sheet);
	if (bad)
		break_crc(path, "xl/worksheets/sheet1.xml");
	assert_non_null(fp = fopen(path, "rb"));
	unlink(path);
	return fp;
}

/* The rows of the workbook on fp as "NUMBER:COL=TEXT,...;" each, and
 * what the last sheetin_rows_next said (its err when -1). */
static void read_all(FILE *fp, char *got, size_t size, int *last,
                     char *err, size_t errlen)
{
	struct sheetin_rows *r;
	struct sheetin_row *row;
	size_t n = 0, i;

	assert_int_equal(sheetin_rows_open(&r, fp, "t.xlsx", NULL, 65536, err,
	                                   errlen), 0);
	got[0] = '\0';
	while ((*last = sheetin_rows_next(r, &row, err, errlen)) == 1) {
		n += (size_t)snprintf(got + n, size - n, "%ld:", row->number);
		for (i = 0; i < row->ncells; i++)
			if (row->cells[i].kind != CELL_EMPTY)
				n += (size_t)snprintf(got + n, size - n, "%zu=%s,", i,
				                      row->cells[i].text);
		n += (size_t)snprintf(got + n, size - n, ";");
	}
	sheetin_rows_close(r);
}

static const char want_rows[] = "1:0=编号,1=分数,;2:0=b-1,1=17.6,;4:1=9.25,;";

/* A small sheet (inflated whole at open, then parsed from memory) and
 * one past the merged-range scan (streamed from the archive) give the
 * same rows. */
static void test_sheetin_xlsx_same_rows_read_whole_or_streamed(void **state)
{
	size_t pads[] = { 0, 100000, SCAN_MAX + 1 };
	char got[512], err[256];
	size_t i;
	int last;

	(void)state;
	for (i = 0; i < sizeof pads / sizeof *pads; i++) {
		FILE *fp = workbook(pads[i], 0);
		read_all(fp, got, sizeof got, &last, err, sizeof err);
		fclose(fp);
		assert_int_equal(last, 0);
		assert_string_equal(got, want_rows);
	}
}

/* A sheet whose stored checksum is wrong: the reader's message saying
 * so, after the rows libzip gave before it (all of a small sheet's: its
 * one read holds them), whether it would be inflated whole at open or not
 * (a part at fault is read from the archive, as a large one is). */
static void test_sheetin_xlsx_checksum_fault_said_after_rows(void **state)
{
	size_t pads[] = { 0, SCAN_MAX + 1 };
	char got[512], err[256];
	size_t i;
	int last;

	(void)state;
	for (i = 0; i < sizeof pads / sizeof *pads; i++) {
		FILE *fp = workbook(pads[i], 1);
		read_all(fp, got, sizeof got, &last, err, sizeof err);
		fclose(fp);
		assert_int_equal(last, -1);
		/* the rows libzip gives before the fault: all of a small one's */
		assert_memory_equal(got, want_rows, strlen(got));
		if (!pads[i])
			assert_string_equal(got, want_rows);
		assert_string_equal(err, "t.xlsx: the sheet cannot be read: "
		                    "CRC error");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sheetin_xlsx_same_rows_read_whole_or_streamed),
		cmocka_unit_test(test_sheetin_xlsx_checksum_fault_said_after_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
