/*
 * isolate_impl.h - what the parts of the isolated runner share:
 * isolate.c (the child's life: start, restart, the poll loop, one request
 * outside the batch), isolate_io.c (the record window and the streams to
 * and from the child) and isolate_finish.c (finish and describe).
 * Private to them.
 */
#ifndef ASSESS_ISOLATE_IMPL_H
#define ASSESS_ISOLATE_IMPL_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "isolate.h"

/* Each restart replays every record so far; a plugin that crashes this
 * often is broken, and replaying for it would take quadratic time. */
#define MAX_RESTARTS 100

/* How many records, and how many bytes of them, may be in the child's
 * hands at once; how far ahead the parent writes into the pipe; and the
 * largest reply it will believe. */
#define WINDOW 64
#define WINDOW_BYTES ((size_t)4 << 20)
#define FILL_BYTES ((size_t)256 << 10)
#define MAX_REPLY ((uint32_t)512 << 20)

/* A record in the window, from submission until it is taken. */
struct entry {
	assess_result res;
	char *payload;      /* file, line and text for the child; NULL once
	                       answered, or for a record the host settled */
	size_t len;
	char *diag;         /* messages about it, written when it is taken */
	size_t dlen;
	unsigned long seq;  /* of the request that carried it to this child;
	                       0: not sent yet */
	unsigned long long end; /* where that request ends in the stream */
	long long written;  /* ms when all of it was in the pipe; 0: not yet */
	int done;
};

struct isolate {
	const struct plugin *p;
	assess_config *cfg;
	int timeout;       /* seconds a record may take; 0: none */
	int nomem;         /* the run stops: memory ran out, here or there */
	pid_t pid;
	int to, from;      /* pipes to and from the child */
	int to_broken;     /* the child stopped reading: drain, then recover */
	FILE *replay;      /* the requests answered so far */
	int replay_reading; /* a replay is reading it */
	long spooled;      /* records in it */
	unsigned long seq; /* of the last request queued */
	long restarts;
	struct entry q[WINDOW]; /* a ring: n entries from head */
	size_t head, n, bytes;
	char *out;         /* requests not yet written */
	size_t outlen, outoff, outsize;
	unsigned long long queued, sent; /* bytes of the stream to this child */
	char *in;          /* replies not yet whole */
	size_t inlen, insize;
	long replay_left;  /* replay requests still to queue */
	long acks_due;     /* replay requests still unanswered */
	unsigned long ack_next; /* the sequence number the next ack echoes */
	long long last_reply;   /* ms: when the child last answered */
};


/* The window: entry i from the oldest; the record the child is on (the
 * oldest sent and unanswered), or NULL. */
struct entry *iso_at(struct isolate *iso, size_t i);
struct entry *iso_in_flight(struct isolate *iso);
/* Add messages about e, to be written when it is taken. */
void iso_append_diag(struct entry *e, const char *text, size_t n);
/* e is answered (or rejected by the host): it may be taken. */
void iso_settle(struct isolate *iso, struct entry *e);
/* Write what waits in the window, in order, before a message that ends
 * the run. */
void iso_say_pending(struct isolate *iso);

/* Queue requests for the child, up to the window's limits.  0 or -1. */
int iso_fill(struct isolate *iso);
/* Write what is queued, as far as the pipe takes it without blocking. */
void iso_flush_out(struct isolate *iso);
/* Read and handle what the child answered: 0; -1 the child is gone; -3 it
 * broke the protocol; -4 the run must stop (reported). */
int iso_read_in(struct isolate *iso);
/* One request outside the batch (finish 'F', describe 'D'), once every
 * record is answered: send it and wait for the reply.  0 and *reply
 * (parsed, the caller's to cJSON_Delete; NULL when it is not JSON), -1
 * with why the child did not answer (the child is gone), or -2 when no
 * child could be brought back to ask (already reported). */
int iso_ask(struct isolate *iso, char type, const char *body,
            cJSON **reply, char *why, size_t len);
/* Move the members of src from first on to dst. */
void iso_move_members(cJSON *src, cJSON *first, cJSON *dst);

#endif
