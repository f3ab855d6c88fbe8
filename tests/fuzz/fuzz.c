/*
 * fuzz.c - helpers of the fuzz harnesses (see fuzz.h).
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *fuzz_file(const uint8_t *data, size_t size)
{
	const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	char *path = malloc(64);
	int fd;

	if (!path)
		abort();
	snprintf(path, 64, "%s/assess-fuzz-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	close(fd);
	return path;
}

void fuzz_unlink(char *path)
{
	unlink(path);
	free(path);
}
