/*
 * fuzz.h - what the fuzz harnesses share: the input as a file, and the
 * check that the result writer prints a tree as cJSON does.  Run them
 * with -close_fd_mask=2 (make fuzz does) to keep rejections off the screen.
 */
#ifndef ASSESS_FUZZ_H
#define ASSESS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data to a fresh file in memory (/dev/shm, else /tmp); returns its
 * path (malloc'd); abort()s when it cannot. */
char *fuzz_file(const uint8_t *data, size_t size);
/* Remove the file and free the path. */
void fuzz_unlink(char *path);
/* abort() unless core/jsonw.c writes v byte for byte as
 * cJSON_PrintUnformatted prints it. */
void fuzz_same_as_cjson(const cJSON *v);

#endif
