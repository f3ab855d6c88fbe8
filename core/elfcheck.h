/*
 * elfcheck.h - checking a plugin file's ELF headers before dlopen.
 */
#ifndef ASSESS_ELFCHECK_H
#define ASSESS_ELFCHECK_H

#include <stddef.h>

/*
 * Check that the file open on fd is a regular file holding an ELF shared
 * object (ET_DYN) for this process's class, byte order and machine, and
 * that it is as long as its headers say (the program header table, every
 * segment's file bytes and the section header table lie within it).  Only
 * reads, never maps, so a short file cannot fault.  0, or -1 with the
 * reason in why ("built for aarch64, but this assess runs on x86-64",
 * "not an ELF file", "truncated: ...").
 */
int elfcheck_fd(int fd, char *why, size_t len);

#endif
