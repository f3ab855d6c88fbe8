/*
 * isolate_frame.h - messages over a pipe between assess and a child process: a
 * 4-byte length in host order, a type byte, and the body.  Used by the
 * isolated plugin's child and the parent that talks to it, and testable
 * on its own over a socketpair.
 */
#ifndef ASSESS_ISOLATE_FRAME_H
#define ASSESS_ISOLATE_FRAME_H

#include <stddef.h>

/* Milliseconds of CLOCK_MONOTONIC, the clock of every deadline here. */
long long isolate_frame_now_ms(void);

/* Make fd blocking (1) or not (0). */
void isolate_frame_set_blocking(int fd, int blocking);

/* Write all n bytes, retrying on EINTR.  0, or -1 (errno set). */
int isolate_frame_write_all(int fd, const void *buf, size_t n);

/* Send one message: type and the n bytes of body.  0 or -1. */
int isolate_frame_send(int fd, char type, const char *body, size_t n);

/* Receive one message into *body (malloc'd, NUL-terminated, its type
 * byte first; the caller frees it), waiting until deadline (isolate_frame_now_ms
 * time; 0: for ever).  0; -1 at the end of the stream, on an error or
 * out of memory (*body NULL); -2 when the deadline passed. */
int isolate_frame_recv(int fd, char **body, long long deadline);

#endif
