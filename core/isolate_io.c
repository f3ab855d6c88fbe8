/*
 * isolate_io.c - the isolated runner's record window and its streams to
 * and from the child (see isolate_impl.h; the protocol is in isolate.c).
 */
#include "isolate_impl.h"
#include "diag.h"
#include "isolate_frame.h"
#include "verdict.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- the window --- */

struct entry *iso_at(struct isolate *iso, size_t i)
{
	return &iso->q[(iso->head + i) % WINDOW];
}

/* The record the child is assessing: the oldest unanswered, when it has
 * been sent (records go in order, so no later one can have been). */
struct entry *iso_in_flight(struct isolate *iso)
{
	size_t i;

	for (i = 0; i < iso->n; i++) {
		struct entry *e = iso_at(iso, i);
		if (!e->done)
			return e->seq ? e : NULL;
	}
	return NULL;
}

void iso_append_diag(struct entry *e, const char *text, size_t n)
{
	char *p = realloc(e->diag, e->dlen + n + 1);

	if (!p) {
		fwrite(text, 1, n, stderr); /* out of order, but not lost */
		return;
	}
	memcpy(p + e->dlen, text, n);
	e->dlen += n;
	p[e->dlen] = '\0';
	e->diag = p;
}

/* The record is settled: its text is no longer needed. */
void iso_settle(struct isolate *iso, struct entry *e)
{
	e->done = 1;
	iso->bytes -= e->len;
	free(e->payload);
	e->payload = NULL;
	e->len = 0;
}

/* Write what has been said of the records in the window, in their order,
 * before the parent says something itself that must come after it (a
 * restart, or why the run stops).  Later messages about the same records
 * follow when they are taken. */
void iso_say_pending(struct isolate *iso)
{
	size_t i;

	for (i = 0; i < iso->n; i++) {
		struct entry *e = iso_at(iso, i);
		if (e->diag)
			fwrite(e->diag, 1, e->dlen, stderr);
		free(e->diag);
		e->diag = NULL;
		e->dlen = 0;
	}
}

int isolate_full(const struct isolate *iso)
{
	return iso->n >= WINDOW || iso->bytes >= WINDOW_BYTES;
}

int isolate_submit(struct isolate *iso, const char *text, size_t len,
                   assess_result *res, char *diag_text, size_t diag_len)
{
	struct entry *e = iso_at(iso, iso->n);
	size_t flen = strlen(res->file), xlen, n = 0;
	char *payload = NULL, *fixed;

	if (text) {
		/* file, line:index, the host's members as the batch decided
		 * them (verdict.h) and text, kept whole until answered (the
		 * index is the result's handle for amendments, ABI 1.2) */
		if (!(fixed = verdict_fixed_text(res)))
			return -1;
		xlen = strlen(fixed);
		payload = malloc(flen + 1 + 43 + 1 + xlen + 1 + len);
		if (!payload) {
			cJSON_free(fixed);
			return -1;
		}
		memcpy(payload, res->file, flen + 1);
		n = flen + 1 + (size_t)snprintf(payload + flen + 1, 44, "%ld:%ld",
		                                res->line, res->index) + 1;
		memcpy(payload + n, fixed, xlen + 1);
		n += xlen + 1;
		cJSON_free(fixed);
		memcpy(payload + n, text, len);
		n += len;
	}
	memset(e, 0, sizeof *e);
	e->res = *res;
	memset(res, 0, sizeof *res);
	e->payload = payload;
	e->len = n;
	e->diag = diag_text;
	e->dlen = diag_len;
	e->done = !text;
	iso->n++;
	iso->bytes += n;
	return 0;
}

/* --- the streams --- */

/* Queue a request: type, sequence number, payload. */
static int queue_request(struct isolate *iso, char type, unsigned long seq,
                         const char *payload, size_t len)
{
	char head[24];
	size_t h = (size_t)snprintf(head, sizeof head, "%lu", seq) + 1;
	size_t need = sizeof(uint32_t) + 1 + h + len;
	uint32_t body;

	if (len >= UINT32_MAX - 1 - h)
		return -1;
	body = (uint32_t)(1 + h + len);
	if (iso->outoff) { /* what is written is dropped */
		memmove(iso->out, iso->out + iso->outoff,
		        iso->outlen - iso->outoff);
		iso->outlen -= iso->outoff;
		iso->outoff = 0;
	}
	if (iso->outlen + need > iso->outsize) {
		size_t size = iso->outsize ? iso->outsize : 65536;
		char *p;
		while (size < iso->outlen + need)
			size *= 2;
		if (!(p = realloc(iso->out, size)))
			return -1;
		iso->out = p;
		iso->outsize = size;
	}
	memcpy(iso->out + iso->outlen, &body, sizeof body);
	iso->out[iso->outlen + sizeof body] = type;
	memcpy(iso->out + iso->outlen + sizeof body + 1, head, h);
	memcpy(iso->out + iso->outlen + sizeof body + 1 + h, payload, len);
	iso->outlen += need;
	iso->queued += need;
	return 0;
}

/* Queue what the child should read next: the rest of a replay, then the
 * records not yet sent, until FILL_BYTES wait.  0, or -1 (reported). */
int iso_fill(struct isolate *iso)
{
	size_t i;

	while (iso->outlen - iso->outoff < FILL_BYTES) {
		struct entry *e = NULL;

		if (iso->replay_left > 0) {
			uint32_t len;
			char *buf = NULL;
			int rc = -1;
			if (fread(&len, sizeof len, 1, iso->replay) == 1 && len &&
			    (buf = malloc(len)) &&
			    fread(buf, 1, len, iso->replay) == len)
				rc = queue_request(iso, 'R', ++iso->seq, buf + 1,
				                   len - 1);
			free(buf);
			if (rc < 0) {
				iso_say_pending(iso);
				diag("cannot replay records to the plugin: %s",
				     ferror(iso->replay) ? strerror(errno)
				                         : "out of memory");
				return -1;
			}
			iso->replay_left--;
			iso->acks_due++;
			continue;
		}
		if (iso->replay_reading) {
			/* answered records are added at the end again */
			iso->replay_reading = 0;
			if (fseek(iso->replay, 0, SEEK_END) != 0) {
				iso_say_pending(iso);
			diag("cannot keep records for replay: %s",
				     strerror(errno));
				return -1;
			}
		}
		for (i = 0; i < iso->n && !e; i++)
			if (!iso_at(iso, i)->done && !iso_at(iso, i)->seq)
				e = iso_at(iso, i);
		if (!e)
			break;
		e->seq = ++iso->seq;
		if (queue_request(iso, 'A', e->seq, e->payload, e->len) < 0) {
			iso_say_pending(iso);
			diag("out of memory");
			return -1;
		}
		e->end = iso->queued;
	}
	return 0;
}

/* Write what the pipe takes now.  A child that stopped reading is marked:
 * its replies are read to the end before it is replaced. */
void iso_flush_out(struct isolate *iso)
{
	long long now = 0;
	size_t i;

	while (!iso->to_broken && iso->outoff < iso->outlen) {
		ssize_t w = write(iso->to, iso->out + iso->outoff,
		                  iso->outlen - iso->outoff);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (w <= 0) {
			iso->to_broken = 1;
			break;
		}
		iso->outoff += (size_t)w;
		iso->sent += (unsigned long long)w;
	}
	for (i = 0; i < iso->n; i++) {
		struct entry *e = iso_at(iso, i);
		if (e->seq && !e->done && !e->written && e->end <= iso->sent) {
			if (!now)
				now = isolate_frame_now_ms();
			e->written = now;
		}
	}
}

/* Keep an answered record for a replay. */
static int spool(struct isolate *iso, const struct entry *e)
{
	uint32_t whole = (uint32_t)e->len + 1;
	char type = 'A';

	if (fwrite(&whole, sizeof whole, 1, iso->replay) != 1 ||
	    fwrite(&type, 1, 1, iso->replay) != 1 ||
	    fwrite(e->payload, 1, e->len, iso->replay) != e->len)
		return -1;
	iso->spooled++;
	return 0;
}

/* The sequence number a reply echoes, or 0. */
static unsigned long reply_seq(const cJSON *msg)
{
	const cJSON *seq = cJSON_GetObjectItemCaseSensitive(msg, "seq");

	return cJSON_IsNumber(seq) && seq->valuedouble >= 1
	       ? (unsigned long)seq->valuedouble : 0;
}

/* Move first and every member after it from the object src to the end of
 * dst, keys and all. */
void iso_move_members(cJSON *src, cJSON *first, cJSON *dst)
{
	cJSON *c, *next;

	for (c = first; c; c = next) {
		const char *key = c->string;
		next = c->next;
		cJSON_DetachItemViaPointer(src, c);
		c->string = NULL;
		cJSON_AddItemToObject(dst, key, c);
		cJSON_free((void *)key);
	}
}

/*
 * Take from the child's reply what the parent will believe: the members of
 * its result after "status" (the plugin's), moved under res->root, which
 * keeps the parent's own identity members; and its errors when each is a
 * { path: string or null, message: string }.  0, or -1 when the reply is
 * not of that shape (nothing taken).
 */
static int take_result(cJSON *msg, assess_result *res)
{
	cJSON *result = cJSON_GetObjectItemCaseSensitive(msg, "result");
	cJSON *errors = cJSON_GetObjectItemCaseSensitive(msg, "errors");
	cJSON *status = cJSON_GetObjectItemCaseSensitive(result, "status");
	const cJSON *e, *path;

	if (!cJSON_IsObject(result) || !cJSON_IsString(status))
		return -1;
	if (errors) {
		if (!cJSON_IsArray(errors) || !cJSON_GetArraySize(errors))
			return -1;
		cJSON_ArrayForEach(e, errors) {
			path = cJSON_GetObjectItemCaseSensitive(e, "path");
			if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(
			        e, "message")) ||
			    !(cJSON_IsString(path) || cJSON_IsNull(path)))
				return -1;
		}
	}
	iso_move_members(result, status->next, res->root);
	if (errors) {
		cJSON_Delete(res->errors);
		res->errors = cJSON_DetachItemViaPointer(msg, errors);
	}
	return 0;
}

/* One reply: a replay's ack, or the oldest record's result.  0, -3 when
 * it is not what was due (a breach), -4 when it cannot be kept (reported). */
static int handle(struct isolate *iso, const char *body, size_t len)
{
	cJSON *msg = body[0] == 'J' ? cJSON_ParseWithLength(body + 1, len - 1)
	                            : NULL;
	const cJSON *said = cJSON_GetObjectItemCaseSensitive(msg, "diag");
	struct entry *e;

	if (iso->acks_due > 0) {
		int ok = reply_seq(msg) == iso->ack_next;
		cJSON_Delete(msg);
		if (!ok)
			return -3;
		iso->ack_next++;
		iso->acks_due--;
		iso->last_reply = isolate_frame_now_ms();
		return 0;
	}
	e = iso_in_flight(iso);
	if (!e || reply_seq(msg) != e->seq || take_result(msg, &e->res) < 0) {
		cJSON_Delete(msg);
		return -3;
	}
	if (cJSON_IsString(said))
		iso_append_diag(e, said->valuestring, strlen(said->valuestring));
	cJSON_Delete(msg);
	iso->last_reply = isolate_frame_now_ms();
	if (!e->res.errors && spool(iso, e) < 0) {
		iso_say_pending(iso);
		diag("cannot keep records for replay: %s", strerror(errno));
		return -4;
	}
	iso_settle(iso, e);
	return 0;
}

/* Read what has come and handle every whole reply.  0, -1 when the child
 * is gone (end of file), -3 on a breach, -4 (reported). */
int iso_read_in(struct isolate *iso)
{
	size_t off = 0;
	uint32_t len;
	ssize_t r;
	int rc = 0;

	if (iso->insize - iso->inlen < 65536) {
		size_t size = iso->insize ? iso->insize * 2 : 131072;
		char *p = realloc(iso->in, size);
		if (!p)
			return -3;
		iso->in = p;
		iso->insize = size;
	}
	do
		r = read(iso->from, iso->in + iso->inlen, iso->insize - iso->inlen);
	while (r < 0 && errno == EINTR);
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (r <= 0)
		return -1;
	iso->inlen += (size_t)r;
	while (rc == 0 && iso->inlen - off >= sizeof len) {
		memcpy(&len, iso->in + off, sizeof len);
		if (len == 0 || len > MAX_REPLY)
			return -3;
		if (iso->inlen - off - sizeof len < len) {
			/* room for the whole of it on a later read */
			size_t need = sizeof len + len + 65536;
			if (need > iso->insize) {
				char *p = realloc(iso->in, need);
				if (!p)
					return -3;
				iso->in = p;
				iso->insize = need;
			}
			break;
		}
		rc = handle(iso, iso->in + off + sizeof len, len);
		off += sizeof len + len;
	}
	memmove(iso->in, iso->in + off, iso->inlen - off);
	iso->inlen -= off;
	return rc;
}
