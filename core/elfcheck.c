/*
 * elfcheck.c - is this file a shared object this process can load?
 *
 * dlopen maps a file's segments without checking that the file is as long
 * as its headers say: a truncated plugin (a copy cut short, a build still
 * being written) is mapped past its end, and the first touch of the
 * missing page kills the process with SIGBUS.  For a file built for
 * another machine dlopen's message is misleading ("No such file").  So
 * the headers are read and checked here first, with plain reads that
 * cannot fault.
 */
#include "elfcheck.h"
#include "lang.h"

#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The ELF flavour of this process: its class, byte order and machine. */
#if UINTPTR_MAX > 0xffffffffu
#define HOST_CLASS ELFCLASS64
typedef Elf64_Ehdr ehdr_t;
typedef Elf64_Phdr phdr_t;
typedef Elf64_Shdr shdr_t;
#else
#define HOST_CLASS ELFCLASS32
typedef Elf32_Ehdr ehdr_t;
typedef Elf32_Phdr phdr_t;
typedef Elf32_Shdr shdr_t;
#endif

#if defined(__x86_64__)
#define HOST_MACHINE EM_X86_64
#elif defined(__i386__)
#define HOST_MACHINE EM_386
#elif defined(__aarch64__)
#define HOST_MACHINE EM_AARCH64
#elif defined(__arm__)
#define HOST_MACHINE EM_ARM
#elif defined(__riscv)
#define HOST_MACHINE EM_RISCV
#elif defined(__powerpc64__)
#define HOST_MACHINE EM_PPC64
#elif defined(__powerpc__)
#define HOST_MACHINE EM_PPC
#elif defined(__s390x__) || defined(__s390__)
#define HOST_MACHINE EM_S390
#elif defined(__mips__)
#define HOST_MACHINE EM_MIPS
#elif defined(__loongarch__)
#define HOST_MACHINE 258 /* EM_LOONGARCH */
#elif defined(__sparc__)
#define HOST_MACHINE (HOST_CLASS == ELFCLASS64 ? EM_SPARCV9 : EM_SPARC)
#else
#define HOST_MACHINE 0 /* unknown: the machine is left to dlopen */
#endif

static const struct {
	unsigned id;
	const char *name;
} machines[] = {
	{ EM_X86_64, "x86-64" },   { EM_386, "i386" },
	{ EM_AARCH64, "aarch64" }, { EM_ARM, "arm" },
	{ EM_RISCV, "riscv" },     { EM_PPC64, "ppc64" },
	{ EM_PPC, "ppc" },         { EM_S390, "s390" },
	{ EM_MIPS, "mips" },       { 258, "loongarch" },
	{ EM_SPARCV9, "sparc64" }, { EM_SPARC, "sparc" },
	{ EM_IA_64, "ia64" },      { EM_ALPHA, "alpha" },
	{ EM_68K, "m68k" },        { EM_PARISC, "hppa" },
	{ EM_SH, "sh" },
};

/* "aarch64", or "machine 1234" in buf for one not in the table. */
static const char *machine_name(unsigned id, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof machines / sizeof machines[0]; i++)
		if (machines[i].id == id)
			return machines[i].name;
	snprintf(buf, len, _("ELF machine %u"), id);
	return buf;
}

static int host_data(void)
{
	const uint16_t one = 1;
	unsigned char b;

	memcpy(&b, &one, 1);
	return b ? ELFDATA2LSB : ELFDATA2MSB;
}

/* Read exactly n bytes at off; 0, or -1 when the file is shorter. */
static int read_at(int fd, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fd, (char *)buf + got, n - got,
		                  (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* A 16-bit field in the file's byte order. */
static unsigned half(const unsigned char *p, int data)
{
	return data == ELFDATA2LSB ? p[0] | (unsigned)p[1] << 8
	                           : (unsigned)p[0] << 8 | p[1];
}

/* The end of [off, off+n*each), or UINT64_MAX when it overflows. */
static uint64_t end_of(uint64_t off, uint64_t n, uint64_t each)
{
	if (each && n > (UINT64_MAX - off) / each)
		return UINT64_MAX;
	return off + n * each;
}

/* "x86-64", with its width and byte order when those are what differ. */
static void flavour(char *out, size_t len, unsigned machine, int cls,
                    int data, int say_cls, int say_data)
{
	char buf[32];

	snprintf(out, len, "%s%s%s", machine_name(machine, buf, sizeof buf),
	         !say_cls ? "" : cls == ELFCLASS64 ? " (64-bit)" : " (32-bit)",
	         !say_data ? ""
	         : data == ELFDATA2LSB ? " (little-endian)" : " (big-endian)");
}

/* Class, byte order, machine and type, from the first 20 bytes that all
 * ELF files share. */
static int check_ident(const unsigned char *id, char *why, size_t len)
{
	int cls = id[EI_CLASS], data = id[EI_DATA];
	unsigned type, machine;

	if (memcmp(id, ELFMAG, SELFMAG) != 0) {
		snprintf(why, len, _("not an ELF file"));
		return -1;
	}
	if ((cls != ELFCLASS32 && cls != ELFCLASS64) ||
	    (data != ELFDATA2LSB && data != ELFDATA2MSB)) {
		snprintf(why, len, _("not an ELF file this assess can read (class "
		         "%d, data encoding %d)"), cls, data);
		return -1;
	}
	type = half(id + 16, data);
	machine = half(id + 18, data);
	if ((HOST_MACHINE && machine != HOST_MACHINE) || cls != HOST_CLASS ||
	    data != host_data()) {
		char file[96], host[96];
		int say_cls = cls != HOST_CLASS, say_data = data != host_data();

		flavour(file, sizeof file, machine, cls, data, say_cls, say_data);
		flavour(host, sizeof host, HOST_MACHINE, HOST_CLASS, host_data(),
		        say_cls, say_data);
		snprintf(why, len, _("built for %s, but this assess runs on %s"),
		         file, host);
		return -1;
	}
	if (type == ET_EXEC)
		snprintf(why, len, _("an executable, not a shared object"));
	else if (type == ET_REL)
		snprintf(why, len, _("an object file (.o), not a shared object: "
		         "link it with -shared"));
	else if (type == ET_CORE)
		snprintf(why, len, _("a core dump, not a shared object"));
	else if (type != ET_DYN)
		snprintf(why, len, _("not a shared object (ELF type %u)"), type);
	else
		return 0;
	return -1;
}

/* How many bytes the headers say the file holds, in *need: the program
 * header table, each segment's bytes in the file, the section header
 * table.  0, or -1 when a header is malformed (why says so). */
static int needed(int fd, const ehdr_t *eh, uint64_t size, uint64_t *need,
                  phdr_t *dyn, char *why, size_t len)
{
	uint64_t e, shnum = eh->e_shnum;
	phdr_t *ph = NULL;
	size_t i, n = eh->e_phnum;

	if (eh->e_ehsize < sizeof *eh || eh->e_phentsize != sizeof *ph ||
	    n == 0 || n == PN_XNUM ||
	    (eh->e_shoff && eh->e_shentsize != sizeof(shdr_t))) {
		snprintf(why, len, _("a malformed ELF header"));
		return -1;
	}
	*need = end_of(eh->e_phoff, n, sizeof *ph);
	if (*need > size)
		return 0; /* the segments cannot even be read */
	ph = malloc(n * sizeof *ph);
	if (!ph || read_at(fd, ph, n * sizeof *ph, eh->e_phoff) < 0) {
		snprintf(why, len, ph ? "cannot read its program headers"
		                      : "out of memory");
		free(ph);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((e = end_of(ph[i].p_offset, 1, ph[i].p_filesz)) > *need)
			*need = e;
		if (ph[i].p_type == PT_DYNAMIC)
			*dyn = ph[i];
	}
	free(ph);
	if (eh->e_shoff && shnum == 0 && eh->e_shoff < size) {
		/* Over 0xff00 sections: the count is in section 0. */
		shdr_t sh0;
		if (read_at(fd, &sh0, sizeof sh0, eh->e_shoff) == 0)
			shnum = sh0.sh_size;
	}
	if (eh->e_shoff && (e = end_of(eh->e_shoff, shnum ? shnum : 1,
	                               sizeof(shdr_t))) > *need)
		*need = e;
	return 0;
}

/* 1 when the dynamic section dyn (within the file) marks a
 * position-independent executable, which is ET_DYN like a shared object
 * but cannot be loaded as one. */
static int is_pie(int fd, const phdr_t *dyn)
{
#if HOST_CLASS == ELFCLASS64
	Elf64_Dyn d;
#else
	Elf32_Dyn d;
#endif
	uint64_t off;

	if (dyn->p_type != PT_DYNAMIC)
		return 0;
	for (off = 0; off + sizeof d <= dyn->p_filesz; off += sizeof d) {
		if (read_at(fd, &d, sizeof d, dyn->p_offset + off) < 0 ||
		    d.d_tag == DT_NULL)
			return 0;
		if (d.d_tag == DT_FLAGS_1)
			return (d.d_un.d_val & DF_1_PIE) != 0;
	}
	return 0;
}

int elfcheck_fd(int fd, char *why, size_t len)
{
	unsigned char id[EI_NIDENT + 4];
	struct stat st;
	uint64_t need, size;
	phdr_t dyn;
	ehdr_t eh;

	if (fstat(fd, &st) < 0) {
		snprintf(why, len, "%s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, len, _("not a regular file"));
		return -1;
	}
	size = (uint64_t)st.st_size;
	memset(id, 0, sizeof id);
	if (size < SELFMAG || read_at(fd, id, SELFMAG, 0) < 0 ||
	    memcmp(id, ELFMAG, SELFMAG) != 0) {
		snprintf(why, len, size ? "not an ELF file"
		                        : "not an ELF file: it is empty");
		return -1;
	}
	if (size < sizeof eh || read_at(fd, id, sizeof id, 0) < 0) {
		snprintf(why, len, _("truncated: the file has %llu bytes, too few "
		         "for an ELF header"), (unsigned long long)size);
		return -1;
	}
	if (check_ident(id, why, len) < 0)
		return -1;
	if (read_at(fd, &eh, sizeof eh, 0) < 0) {
		snprintf(why, len, _("cannot read its ELF header"));
		return -1;
	}
	memset(&dyn, 0, sizeof dyn);
	if (needed(fd, &eh, size, &need, &dyn, why, len) < 0)
		return -1;
	if (need > size) {
		if (need == UINT64_MAX)
			snprintf(why, len, _("a malformed ELF header (an offset "
			         "beyond any file)"));
		else
			snprintf(why, len, _("truncated: the file has %llu bytes, "
			         "its ELF headers describe %llu"),
			         (unsigned long long)size,
			         (unsigned long long)need);
		return -1;
	}
	if (is_pie(fd, &dyn)) {
		snprintf(why, len, _("an executable, not a shared object"));
		return -1;
	}
	return 0;
}
