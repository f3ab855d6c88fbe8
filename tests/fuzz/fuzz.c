/*
 * fuzz.c - helpers of the fuzz harnesses (see fuzz.h).
 */
#include "fuzz.h"
#include "jsonw.h"

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

void fuzz_same_as_cjson(const cJSON *v)
{
	char *want = cJSON_PrintUnformatted(v), *got = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&got, &n);

	if (!fp)
		abort();
	if (jsonw_write(fp, v) != 0 || fclose(fp) != 0 || !want ||
	    strcmp(want, got) != 0) {
		fprintf(stderr, "writer: %.200s\ncJSON:  %.200s\n", got,
		        want ? want : "(null)");
		abort();
	}
	free(got);
	cJSON_free(want);
}
