/*
 * fuzz.h - what the fuzz harnesses share: the input as a file.  Run them
 * with -close_fd_mask=2 (make fuzz does) to keep rejections off the screen.
 */
#ifndef ASSESS_FUZZ_H
#define ASSESS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data to a fresh file in memory (/dev/shm, else /tmp); returns its
 * path (malloc'd); abort()s when it cannot. */
char *fuzz_file(const uint8_t *data, size_t size);
/* Remove the file and free the path. */
void fuzz_unlink(char *path);

#endif
