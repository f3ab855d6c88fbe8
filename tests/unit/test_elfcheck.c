/*
 * test_elfcheck.c - unit tests of the ELF checks made before dlopen
 * (core/elfcheck.c), on headers built byte by byte: the malformed and
 * overflowing ones a real linker never writes, which the e2e cases cannot
 * make from a real plugin.  The images are for this machine (64-bit,
 * little-endian x86-64, the project's platform).
 */
#define _XOPEN_SOURCE 700 /* mkstemp */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "elfcheck.h"

#if defined(__x86_64__)

/* A sound image: header, two program headers (the second PT_DYNAMIC),
 * a dynamic section, and a section header table of two entries. */
struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	Elf64_Dyn dyn[2];
	Elf64_Shdr sh[2];
};

static void sound(struct image *im)
{
	memset(im, 0, sizeof *im);
	memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
	im->eh.e_ident[EI_CLASS] = ELFCLASS64;
	im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh.e_ident[EI_VERSION] = EV_CURRENT;
	im->eh.e_type = ET_DYN;
	im->eh.e_machine = EM_X86_64;
	im->eh.e_version = EV_CURRENT;
	im->eh.e_phoff = offsetof(struct image, ph);
	im->eh.e_shoff = offsetof(struct image, sh);
	im->eh.e_ehsize = sizeof(Elf64_Ehdr);
	im->eh.e_phentsize = sizeof(Elf64_Phdr);
	im->eh.e_phnum = 2;
	im->eh.e_shentsize = sizeof(Elf64_Shdr);
	im->eh.e_shnum = 2;
	im->ph[0].p_type = PT_LOAD;
	im->ph[0].p_filesz = sizeof *im;
	im->ph[1].p_type = PT_DYNAMIC;
	im->ph[1].p_offset = offsetof(struct image, dyn);
	im->ph[1].p_filesz = sizeof im->dyn;
	im->dyn[0].d_tag = DT_FLAGS_1;
	im->dyn[0].d_un.d_val = DF_1_NOW;
	im->dyn[1].d_tag = DT_NULL;
}

/* elfcheck_fd on the first n bytes of buf; why gets the reason. */
static int check_bytes(const void *buf, size_t n, char *why, size_t len)
{
	char path[] = "/tmp/test_elfcheck.XXXXXX";
	int fd = mkstemp(path), rc;

	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(write(fd, buf, n), (ssize_t)n);
	why[0] = '\0';
	rc = elfcheck_fd(fd, why, len);
	close(fd);
	return rc;
}

static int check(const struct image *im, char *why, size_t len)
{
	return check_bytes(im, sizeof *im, why, len);
}

static void test_a_sound_shared_object_passes(void **state)
{
	struct image im;
	char why[256];

	(void)state;
	sound(&im);
	assert_int_equal(check(&im, why, sizeof why), 0);
}

static void test_text_empty_and_short_files_are_named(void **state)
{
	struct image im;
	char why[256];

	(void)state;
	assert_int_equal(check_bytes("hello\n", 6, why, sizeof why), -1);
	assert_string_equal(why, "not an ELF file");
	assert_int_equal(check_bytes("", 0, why, sizeof why), -1);
	assert_string_equal(why, "not an ELF file: it is empty");
	assert_int_equal(check_bytes("\177EL", 3, why, sizeof why), -1);
	assert_string_equal(why, "not an ELF file");
	sound(&im);
	assert_int_equal(check_bytes(&im, 40, why, sizeof why), -1);
	assert_string_equal(why, "truncated: the file has 40 bytes, too few "
	                         "for an ELF header");
}

static void test_another_machine_is_named(void **state)
{
	struct image im;
	char why[256];

	(void)state;
	sound(&im);
	im.eh.e_machine = EM_AARCH64;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "built for aarch64, but this assess runs on "
	                         "x86-64");
	im.eh.e_machine = EM_RISCV;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "built for riscv, but this assess runs on "
	                         "x86-64");
	im.eh.e_machine = 0x1234;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "built for ELF machine 4660, but this assess "
	                         "runs on x86-64");
	/* 32-bit x86 code: the machine and the width differ. */
	im.eh.e_machine = EM_386;
	im.eh.e_ident[EI_CLASS] = ELFCLASS32;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "built for i386 (32-bit), but this assess "
	                         "runs on x86-64 (64-bit)");
	/* Big-endian ppc64: e_machine is read in the file's byte order. */
	sound(&im);
	im.eh.e_ident[EI_DATA] = ELFDATA2MSB;
	im.eh.e_machine = (EM_PPC64 >> 8) | (EM_PPC64 & 0xff) << 8;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "built for ppc64 (big-endian), but this assess "
	                         "runs on x86-64 (little-endian)");
	im.eh.e_ident[EI_DATA] = 7;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "not an ELF file this assess can read (class "
	                         "2, data encoding 7)");
}

static void test_other_types_are_refused_by_name(void **state)
{
	struct image im;
	char why[256];

	(void)state;
	sound(&im);
	im.eh.e_type = ET_EXEC;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "an executable, not a shared object");
	im.eh.e_type = ET_REL;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "an object file (.o), not a shared object: "
	                         "link it with -shared");
	im.eh.e_type = ET_CORE;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "a core dump, not a shared object");
	im.eh.e_type = 9;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "not a shared object (ELF type 9)");
	/* ET_DYN, but a position-independent executable. */
	sound(&im);
	im.dyn[0].d_un.d_val = DF_1_NOW | DF_1_PIE;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "an executable, not a shared object");
}

static void test_every_table_and_segment_must_be_in_the_file(void **state)
{
	struct image im;
	char why[256];

	(void)state;
	/* A segment's bytes past the end. */
	sound(&im);
	im.ph[0].p_filesz = sizeof im + 4096;
	assert_int_equal(check(&im, why, sizeof why), -1);
	snprintf(why + 128, 128, "truncated: the file has %zu bytes, its ELF "
	         "headers describe %zu", sizeof im, sizeof im + 4096);
	assert_string_equal(why, why + 128);
	/* The section header table cut off: its last entry is missing. */
	sound(&im);
	assert_int_equal(check_bytes(&im, sizeof im - 1, why, sizeof why), -1);
	snprintf(why + 128, 128, "truncated: the file has %zu bytes, its ELF "
	         "headers describe %zu", sizeof im - 1, sizeof im);
	assert_string_equal(why, why + 128);
	/* The program header table past the end. */
	sound(&im);
	im.eh.e_phoff = sizeof im;
	assert_int_equal(check(&im, why, sizeof why), -1);
	snprintf(why + 128, 128, "truncated: the file has %zu bytes, its ELF "
	         "headers describe %zu", sizeof im,
	         sizeof im + 2 * sizeof(Elf64_Phdr));
	assert_string_equal(why, why + 128);
	/* More than 0xff00 sections: the count is in section 0's sh_size. */
	sound(&im);
	im.eh.e_shnum = 0;
	im.sh[0].sh_size = 3;
	assert_int_equal(check(&im, why, sizeof why), -1);
	snprintf(why + 128, 128, "truncated: the file has %zu bytes, its ELF "
	         "headers describe %zu", sizeof im,
	         sizeof im + sizeof(Elf64_Shdr));
	assert_string_equal(why, why + 128);
	im.sh[0].sh_size = 2;
	assert_int_equal(check(&im, why, sizeof why), 0);
}

static void test_overflowing_and_malformed_headers_are_refused(void **state)
{
	struct image im;
	char why[256];

	(void)state;
	sound(&im);
	im.ph[0].p_offset = UINT64_MAX - 8;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "a malformed ELF header (an offset beyond any "
	                         "file)");
	sound(&im);
	im.eh.e_phoff = UINT64_MAX - 8;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "a malformed ELF header (an offset beyond any "
	                         "file)");
	sound(&im);
	im.eh.e_shoff = UINT64_MAX - 64;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "a malformed ELF header (an offset beyond any "
	                         "file)");
	sound(&im);
	im.eh.e_phnum = 0;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "a malformed ELF header");
	sound(&im);
	im.eh.e_phnum = PN_XNUM;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "a malformed ELF header");
	sound(&im);
	im.eh.e_phentsize = 32;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "a malformed ELF header");
	sound(&im);
	im.eh.e_shentsize = 0;
	assert_int_equal(check(&im, why, sizeof why), -1);
	assert_string_equal(why, "a malformed ELF header");
}

static void test_a_directory_is_not_a_regular_file(void **state)
{
	char why[256];
	FILE *f = fopen("/", "r");

	(void)state;
	assert_non_null(f);
	assert_int_equal(elfcheck_fd(fileno(f), why, sizeof why), -1);
	assert_string_equal(why, "not a regular file");
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_sound_shared_object_passes),
		cmocka_unit_test(test_text_empty_and_short_files_are_named),
		cmocka_unit_test(test_another_machine_is_named),
		cmocka_unit_test(test_other_types_are_refused_by_name),
		cmocka_unit_test(test_every_table_and_segment_must_be_in_the_file),
		cmocka_unit_test(test_overflowing_and_malformed_headers_are_refused),
		cmocka_unit_test(test_a_directory_is_not_a_regular_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

#else

int main(void)
{
	puts("test_elfcheck: the images are x86-64; skipped on this machine");
	return 0;
}

#endif
