/*
 * isolate_child.c - the isolated plugin's child process (see
 * isolate_child.h): it holds the plugin's state, assesses what the parent
 * sends and answers in order (the protocol is described in isolate.c).
 */
#include "isolate_child.h"
#include "amend.h"
#include "slots.h"
#include "config.h"
#include "diag.h"
#include "isolate_frame.h"
#include "host.h"
#include "jsonw.h"
#include "mem.h"
#include "refs.h"
#include "run.h"
#include "status.h"
#include "verdict.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void reply_json(int fd, cJSON *msg)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	if (mem_exhausted() || !fp || jsonw_write(fp, msg) < 0 ||
	    fclose(fp) != 0 || isolate_frame_send(fd, 'J', s, n) < 0)
		_exit(mem_exhausted() ? CHILD_EXIT_NOMEM : 70);
	free(s);
	cJSON_Delete(msg);
}

/* Assess one record (seq + where + fixed + text) as the batch would,
 * on the host's members the parent decided; the reply is the result,
 * echoing seq. */
static cJSON *child_assess(const struct plugin *p, void *state,
                           const char *body)
{
	assess_result res = { 0 };
	assess_record rec;
	const char *where = body + strlen(body) + 1;
	const char *line = where + strlen(where) + 1;
	const char *fixed = line + strlen(line) + 1;
	const char *text = fixed + strlen(fixed) + 1;
	char *end;
	cJSON *root = cJSON_Parse(text), *msg = cJSON_CreateObject();

	res.file = where;
	res.run = run_active(); /* the parent's, as the fork left it */
	res.line = strtol(line, &end, 10);
	res.index = *end == ':' ? strtol(end + 1, NULL, 10) : 0;
	/* the parent parsed both clean: only memory fails them here */
	if (!root || verdict_fixed_given(&res, fixed) < 0) {
		mem_fail();
	} else {
		rec.root = root;
		rec.id = res.id;
		rec.run = res.run;
		verdict_assess(&p->desc, state, &rec, &res);
	}
	cJSON_AddNumberToObject(msg, "seq", strtod(body, NULL));
	cJSON_AddItemToObject(msg, "result", res.root);
	if (res.errors)
		cJSON_AddItemToObject(msg, "errors", res.errors);
	cJSON_Delete(root);
	return msg;
}

/* In a new child: close every descriptor but stdio and its two pipe ends,
 * so that plugin code cannot write into the parent's output or spool. */
void isolate_child_close_inherited(int keep1, int keep2)
{
	DIR *d = opendir("/proc/self/fd");
	int fd;

	if (d) {
		struct dirent *e;
		int self = dirfd(d);
		while ((e = readdir(d))) {
			fd = atoi(e->d_name);
			if (fd > 2 && fd != keep1 && fd != keep2 && fd != self)
				close(fd);
		}
		closedir(d);
		return;
	}
	for (fd = 3; fd < 1024; fd++)
		if (fd != keep1 && fd != keep2)
			close(fd);
}

void isolate_child_serve(const struct plugin *p, assess_config *cfg, int in,
                       int out)
{
	void *state = NULL;
	cJSON *msg = cJSON_CreateObject();
	char *body;
	int rc;

	/* what the plugin prints goes straight to stderr (fd 1 points there),
	 * not into a buffer that _exit would drop */
	setvbuf(stdout, NULL, _IONBF, 0);
	if ((rc = host_create(&p->desc, cfg, &state)) != STATUS_OK) {
		cJSON_AddNumberToObject(msg, "create", rc);
		reply_json(out, msg);
		_exit(0);
	}
	cJSON_AddNumberToObject(msg, "create", 0);
	reply_json(out, msg);
	while (isolate_frame_recv(in, &body, 0) == 0) {
		if (body[0] == 'A') {
			size_t n;
			char *said;
			cJSON *reply;
			diag_capture_begin();
			reply = child_assess(p, state, body + 1);
			if ((said = diag_capture_end(&n))) {
				cJSON_AddStringToObject(reply, "diag", said);
				free(said);
			}
			reply_json(out, reply);
		} else if (body[0] == 'R') {
			char ack[48];
			diag_mute(1);
			cJSON_Delete(child_assess(p, state, body + 1));
			diag_mute(0);
			if (mem_exhausted())
				_exit(CHILD_EXIT_NOMEM);
			snprintf(ack, sizeof ack, "{\"seq\":%lu}",
			         strtoul(body + 1, NULL, 10));
			isolate_frame_send(out, 'J', ack, strlen(ack));
		} else if (body[0] == 'D') {
			cJSON *doc = cJSON_CreateObject();
			msg = cJSON_CreateObject();
			rc = host_describe(&p->desc, state, doc);
			if (rc != ASSESS_OK)
				cJSON_AddNumberToObject(msg, "describe", rc);
			else if (slots_describe(doc) < 0)
				mem_fail();
			cJSON_AddItemToObject(msg, "doc", doc);
			reply_json(out, msg);
		} else if (body[0] == 'F') {
			cJSON *summary = cJSON_Parse(body + 1), *refs;
			msg = cJSON_CreateObject();
			host_lists_as_text(1); /* the summary goes out as text */
			rc = host_finish(&p->desc, state, summary);
			if (rc != ASSESS_OK)
				cJSON_AddNumberToObject(msg, "finish", rc);
			cJSON_AddItemToObject(msg, "summary", summary);
			if (rc == ASSESS_OK && (amend_count() || amend_failed()) &&
			    !cJSON_AddItemToObject(msg, "amend", amend_export())) {
				/* not kept or not read back: never dropped */
				cJSON_AddNumberToObject(msg, "finish", ASSESS_ENOMEM);
				cJSON_AddNumberToObject(msg, "amend_failed",
				                        amend_failed());
			}
			if ((refs = refs_metadata()))
				cJSON_AddItemToObject(msg, "references", refs);
			reply_json(out, msg);
		}
		free(body);
	}
	host_destroy(&p->desc, state);
	_exit(0);
}
