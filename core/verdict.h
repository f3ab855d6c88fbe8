/*
 * verdict.h - the one place a record's verdict is decided, whoever runs
 * it (the batch on its thread, the pipeline's reader, an isolated
 * plugin's child, the plugin checker): the JSON it must be, the members
 * every scheme relies on, the fields the plugin declared or reads, the
 * plugin's own call, and what is said when the record is rejected.  The
 * batch adds only what needs the whole batch (ids seen before, the
 * assessment year), and an isolated child receives the parent's decision
 * on the host's members rather than taking it again.
 */
#ifndef ASSESS_VERDICT_H
#define ASSESS_VERDICT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "host.h"

/* What is wrong with a record's JSON text that cJSON parsed, in the order
 * the batch says it (the first found is said). */
enum verdict_flaw {
	VERDICT_CLEAN = 0,
	VERDICT_TRAILING,   /* text after the record */
	VERDICT_NOT_OBJECT, /* a number, an array, ...: not a record */
	VERDICT_LEXICAL     /* what cJSON lets through: 018, 1., \u0000 */
};

/* Where a VERDICT_LEXICAL flaw is (validate.h's json_lexical_check). */
struct verdict_lex {
	long at;         /* its offset in the text */
	const char *why;
	size_t toklen;
};

/* The first flaw of text[0..len), which cJSON parsed into root, its parse
 * ending at end; lex says where a VERDICT_LEXICAL one is.  Repeated keys
 * are verdict_clean's (the batch says them after the host's members). */
enum verdict_flaw verdict_shape(const char *text, size_t len,
                                const cJSON *root, const char *end,
                                struct verdict_lex *lex);

/* Whether text[0..len), parsed into root ending at end, is a record the
 * batch takes as it is: no flaw of verdict_shape, no key given twice.
 * (The pipeline's reader parses ahead only what passes.) */
int verdict_clean(const char *text, size_t len, const cJSON *root,
                  const char *end);

/* Put the host's members of a result (id, name, parent, period, status)
 * into res->root from the parsed record root (NULL when it did not parse),
 * rejecting what is wrong with them.  Returns the id, or NULL. */
const char *verdict_fixed(assess_result *res, const cJSON *root);

/* The host's members the batch decided for a record it hands an isolated
 * child (res->root as verdict_fixed left it), as text for the child's
 * verdict_fixed_given; a new string (cJSON_free), or NULL out of
 * memory. */
char *verdict_fixed_text(const assess_result *res);

/* In an isolated child: res->root and res->id from the parent's decision
 * (verdict_fixed_text's text), so the child never takes it again.  0, or
 * -1 when the text is not such members or out of memory. */
int verdict_fixed_given(assess_result *res, const char *text);

/* The plugin's assess step on one record, as every runner must call it:
 * the declared fields checked first (a plugin that declares them), the
 * record open for reading, the host's members of res protected, a
 * failure the plugin did not explain rejected with its code named, and
 * the record's unknown top-level fields rejected or warned of (see
 * record_set_extra_fields).  Returns the plugin's code; ASSESS_ENOMEM is
 * noted with mem_fail and rejects nothing: the run must stop. */
int verdict_assess(const assess_plugin *d, void *state,
                   const assess_record *rec, assess_result *res);

/* verdict_assess in its two halves, for --check-plugin, which looks at
 * what the plugin returned before the host settles it: the call (the
 * declared fields checked, the record open, the host's members
 * protected), then the settling (a failure rejected, unknown fields,
 * out of memory, the warnings said with --verbose). */
int verdict_call(const assess_plugin *d, void *state,
                 const assess_record *rec, assess_result *res);
void verdict_settle(const assess_plugin *d, const assess_record *rec,
                    assess_result *res, int rc);

#endif
