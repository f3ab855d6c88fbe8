/*
 * sha256.h - SHA-256 (FIPS 180-4), streamed, for the config_sha256 and
 * input_sha256 fields that let an auditor tie a result to its inputs.
 */
#ifndef ASSESS_SHA256_H
#define ASSESS_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;      /* bytes hashed so far */
	unsigned char buf[64];
	size_t used;       /* bytes waiting in buf */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* Finish and write the digest as 64 lower-case hex digits and a NUL. */
void sha256_hex(struct sha256 *s, char out[65]);

/* on: hash with the portable code even where the processor's SHA
 * instructions would be used; off: use them where present.  For tests. */
void sha256_portable(int on);

/* The SHA-256 of a whole file in hex.  0, or -1 with errno set. */
int sha256_file(const char *path, char out[65]);

#endif
