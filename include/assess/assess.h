/*
 * assess.h - the plugin interface of assess, ABI version 1.
 *
 * A scheme plugin is one shared object that exports exactly one symbol,
 * assess_plugin_v1 (ASSESS_ENTRY), a function returning a static descriptor
 * (struct assess_plugin).  The host calls back through the descriptor and the
 * plugin calls the host through a table of services (struct assess_host).
 * Neither side sees the other's libraries: records, configs and results are
 * opaque handles, so the host may change its JSON and INI readers freely.
 *
 * Lifecycle, all on one thread:
 *
 *     create(host, config, &state)         once; reads and validates the INI
 *     assess(state, record, result)        once per record, in input order
 *     finish(state, summary)               once, after the last record
 *     destroy(state)                       always, when create succeeded
 *
 * describe(state, out) may be called instead of the assess/finish pair
 * (assess --describe).
 *
 * Ownership: everything the host passes in is borrowed for the duration of
 * the call and must not be freed; strings the host returns live as long as
 * the handle they came from (a record: the assess call; a config: until
 * destroy).  Everything the plugin gives the host (strings, numbers,
 * messages) is copied, so the plugin may pass stack buffers.  The host owns
 * the output; a plugin only adds to the nodes it is handed.
 *
 * Errors: every service returns an int, ASSESS_OK (0) or a negative
 * ASSESS_E* code, and never aborts.  Messages are formatted by the host,
 * which adds the file, line, record id and field path itself.
 *
 * Compatibility: within ABI 1, structs only grow at their end and both carry
 * their size (ABI 1.1 appended assess_host.read_records; ABI 1.2 appended
 * declared fields read by slot, values and their iterators,
 * amendments, and lists written once).  A plugin built against a newer header checks that the host
 * table is large enough for a service before calling it (ASSESS_HAS).
 * An incompatible change renames the entry symbol (assess_plugin_v2).
 */
#ifndef ASSESS_ASSESS_H
#define ASSESS_ASSESS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ASSESS_ABI_VERSION 1
#define ASSESS_ENTRY assess_plugin_v1
#define ASSESS_ENTRY_NAME "assess_plugin_v1"

#if defined(__GNUC__)
#define ASSESS_EXPORT __attribute__((visibility("default")))
#define ASSESS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ASSESS_EXPORT
#define ASSESS_PRINTF(f, a)
#endif

/* Return codes.  Negative values are errors. */
enum {
	ASSESS_OK = 0,
	ASSESS_ENOENT = -1,  /* no such field, key or section */
	ASSESS_ETYPE = -2,   /* the value has another JSON or INI type */
	ASSESS_ERANGE = -3,  /* a number outside the allowed range, or not finite */
	ASSESS_EINVAL = -4,  /* a bad argument from the plugin (misuse) */
	ASSESS_ENOMEM = -5,  /* out of memory */
	ASSESS_ECONFIG = -6, /* create: the configuration is invalid (exit 3) */
	ASSESS_EREJECT = -7, /* assess: the record is rejected (exit 1) */
	ASSESS_EPLUGIN = -8  /* the plugin failed for a reason of its own */
};

/* The JSON type of a record field, from assess_host.record_type. */
enum {
	ASSESS_TYPE_MISSING = 0,
	ASSESS_TYPE_NULL,
	ASSESS_TYPE_BOOL,
	ASSESS_TYPE_NUMBER,
	ASSESS_TYPE_STRING,
	ASSESS_TYPE_ARRAY,
	ASSESS_TYPE_OBJECT,
	ASSESS_TYPE_ANY  /* ABI 1.2, declare only: any type; the plugin checks */
};

/* How a field is declared (ABI 1.2, assess_host.declare). */
enum {
	ASSESS_FIELD_OPTIONAL = 0, /* absent or null is fine */
	ASSESS_FIELD_REQUIRED = 1  /* absent or null rejects the record */
};

/* Log levels for assess_host.log. */
enum { ASSESS_LOG_ERROR = 0, ASSESS_LOG_WARN, ASSESS_LOG_INFO };

typedef struct assess_config assess_config; /* the scheme's INI, read-only */
typedef struct assess_record assess_record; /* one input organisation */
typedef struct assess_result assess_result; /* the result of one record */
typedef struct assess_node assess_node;     /* a JSON object or array in output */
typedef struct assess_value assess_value;   /* ABI 1.2: one value of a record */

/*
 * Paths name record fields: keys joined by dots, array elements by [index]:
 * "scores.team", "checks.annual.team", "history[0].stars".  A key cannot
 * contain '.', '[' or ']'.
 */

/*
 * Services of the host.  The host fills the table; the plugin never writes
 * it.  Functions appended in later minor versions are found by ASSESS_HAS.
 */
typedef struct assess_host {
	size_t size;          /* sizeof(struct assess_host) of the host */
	unsigned abi_version; /* ASSESS_ABI_VERSION of the host */
	const char *version;  /* the host's version string, e.g. "0.1.0" */

	/* Write one line on stderr: "assess: plugin NAME: message".
	 * ASSESS_LOG_INFO is shown only with --verbose. */
	void (*log)(int level, const char *fmt, ...) ASSESS_PRINTF(2, 3);

	/* --- configuration (INI); sections and keys are case-insensitive --- */

	/* Path of the INI file as the user named it; NULL when there is none. */
	const char *(*config_path)(const assess_config *cfg);
	/* Number of sections, and the name of section i (0-based, file order).
	 * Names are lower-case, as iniparser gives them. */
	int (*config_section_count)(const assess_config *cfg);
	const char *(*config_section_name)(const assess_config *cfg, int i);
	/* Number of keys in a section, and the name of key i without its
	 * section, in file order; NULL when out of range.  Key names are
	 * lower-case too: "Bar = 5" comes back as "bar". */
	int (*config_key_count)(const assess_config *cfg, const char *section);
	const char *(*config_key_name)(const assess_config *cfg,
	                               const char *section, int i);
	/* The raw string value of section:key into *out (borrowed until
	 * destroy).  ASSESS_OK, or ASSESS_ENOENT with *out untouched. */
	int (*config_string)(const assess_config *cfg, const char *section,
	                     const char *key, const char **out);
	/* A decimal number in [min, max].  ASSESS_OK; ASSESS_ENOENT (absent,
	 * *out untouched, nothing reported); ASSESS_ETYPE (not a number) or
	 * ASSESS_ERANGE (outside the range), each already reported as
	 * "FILE:LINE: [section] key: ...". */
	int (*config_number)(const assess_config *cfg, const char *section,
	                     const char *key, double min, double max,
	                     double *out);
	/* An integer in [min, max]; codes as config_number. */
	int (*config_int)(const assess_config *cfg, const char *section,
	                  const char *key, long min, long max, long *out);
	/* A boolean (true/false, yes/no, on/off, 1/0); codes as config_number. */
	int (*config_bool)(const assess_config *cfg, const char *section,
	                   const char *key, int *out);
	/* Report an invalid configuration as "FILE:LINE: [section] key: message"
	 * (LINE when the file gives the key).
	 * section and key may be NULL.  Returns ASSESS_ECONFIG, so that
	 * create can end with `return host->config_error(...)`. */
	int (*config_error)(const assess_config *cfg, const char *section,
	                    const char *key, const char *fmt, ...)
		ASSESS_PRINTF(4, 5);

	/* --- the record being assessed; borrowed for the assess call --- */

	/* The record's id (always present: the host rejects records without
	 * one before the plugin sees them). */
	const char *(*record_id)(const assess_record *rec);
	/* ASSESS_TYPE_* of the field at path; MISSING when absent. */
	int (*record_type)(const assess_record *rec, const char *path);
	/* A finite number.  ASSESS_OK; ASSESS_ENOENT (absent or null);
	 * ASSESS_ETYPE (not a number: a string "85" is not a number);
	 * ASSESS_ERANGE (too large to be finite).  Nothing is reported: the
	 * plugin decides whether that rejects the record. */
	int (*record_number)(const assess_record *rec, const char *path,
	                     double *out);
	/* A boolean; codes as record_number. */
	int (*record_bool)(const assess_record *rec, const char *path, int *out);
	/* A string (borrowed for the call); codes as record_number. */
	int (*record_string)(const assess_record *rec, const char *path,
	                     const char **out);
	/* Elements of an array or members of an object at path; 0 when the
	 * field is missing or a scalar. */
	int (*record_count)(const assess_record *rec, const char *path);
	/* The key of member i of the object at path (borrowed); NULL when the
	 * field is not an object or i is out of range. */
	const char *(*record_key)(const assess_record *rec, const char *path,
	                          int i);

	/* --- the result of the record --- */

	/* The result object.  The host has put id, name, parent, period and
	 * status in it; the plugin adds its fields after them. */
	assess_node *(*result_node)(assess_result *res);
	/* Reject the record: adds { "path", "message" } to its errors and
	 * reports "FILE:LINE: record ID: path: message" on stderr.  A rejected
	 * record keeps only its identity and errors in the output.  path may
	 * be NULL when no one field is at fault.  Returns ASSESS_EREJECT. */
	int (*reject)(assess_result *res, const char *path, const char *fmt, ...)
		ASSESS_PRINTF(3, 4);

	/* --- building output (results, summary, describe) ---
	 * On an object node, key names the member (an existing member of that
	 * name is replaced in place); on an array node, key must be NULL and
	 * the value is appended.  Strings and keys are copied and must be UTF-8
 * (ASSESS_EINVAL otherwise).  On a result object, the host's members (id,
 * name, parent, period, status, and errors, file, line) are refused with
 * ASSESS_EINVAL.
	 * The put_object/put_array calls return the new child, borrowed for as
	 * long as its parent, or NULL on misuse or lack of memory. */
	int (*put_number)(assess_node *n, const char *key, double v);
	int (*put_int)(assess_node *n, const char *key, long long v);
	int (*put_bool)(assess_node *n, const char *key, int v);
	int (*put_string)(assess_node *n, const char *key, const char *s);
	int (*put_null)(assess_node *n, const char *key);
	assess_node *(*put_object)(assess_node *n, const char *key);
	assess_node *(*put_array)(assess_node *n, const char *key);

	/* --- appended in ABI 1.1: check with ASSESS_HAS(h, read_records) --- */

	/* Stream the results of another file: the output of an earlier
	 * assess run that a scheme builds on (six-good streets on five-good
	 * communities), --format json (its "results" array) or ndjson (the
	 * metadata line skipped).  A file without the assess metadata, or
	 * with a result lacking "status", is refused before fn sees anything
	 * (ASSESS_ETYPE; exit 3, naming the config key that gave the path).
	 * A relative path equal to a value of the INI file is taken from the
	 * INI's folder.  fn is
	 * called for each record, borrowed for the call; a nonzero return
	 * stops the reading and is returned.  The file's SHA-256 is added to
	 * the output's metadata ("references").  ASSESS_OK, or ASSESS_ENOENT
	 * (unreadable) / ASSESS_ETYPE (not JSON, or an element not an object),
	 * reported as "FILE:LINE: ..."; when create then fails, assess exits
	 * with 5, an input unreadable. */
	int (*read_records)(const char *path,
	                    int (*fn)(void *arg, const assess_record *rec),
	                    void *arg);

	/* --- appended in ABI 1.2: check with ASSESS_HAS(h, declare) ---
	 *
	 * Declared fields.  In create, a plugin declares each record field it
	 * reads and gets a slot (a small int) for it.  Before each assess
	 * call the host finds every declared field of the record in one walk;
	 * the plugin then reads by slot: no path parsed, no key compared per
	 * read.  A declared field counts as asked for ([input] extra_fields),
	 * and --describe lists the declarations as the scheme's "input". */

	/* Declare the field at path (as above: "scores.team"; no [index])
	 * with type ASSESS_TYPE_NUMBER, _BOOL, _STRING, _ARRAY, _OBJECT or
	 * ASSESS_TYPE_ANY, and flags ASSESS_FIELD_REQUIRED or _OPTIONAL.
	 * The host rejects, before assess and with the usual one-line error,
	 * a record where a required field is absent or null ("missing"), or
	 * a field of a declared type holds another ("must be a number, not a
	 * string"); with ASSESS_TYPE_ANY and _OPTIONAL it rejects nothing and
	 * the plugin says what is wrong.  Declaring a path twice gives the
	 * same slot (the stricter flags win, and a type over ANY); with two
	 * different types, ASSESS_EINVAL.  Only in create.  The slot
	 * (>= 0), or ASSESS_EINVAL (a bad path or type, or not in create),
	 * ASSESS_ERANGE (more than 1024 fields), ASSESS_ENOMEM. */
	int (*declare)(const char *path, int type, int flags);

	/* The value of slot in rec, or NULL when the field is absent
	 * (borrowed for the assess call, as the record). */
	const assess_value *(*slot)(const assess_record *rec, int slot);
	/* By slot, as record_type/number/bool/string/count by path (same
	 * codes; ASSESS_EINVAL for a slot never declared). */
	int (*slot_type)(const assess_record *rec, int slot);
	int (*slot_number)(const assess_record *rec, int slot, double *out);
	int (*slot_bool)(const assess_record *rec, int slot, int *out);
	int (*slot_string)(const assess_record *rec, int slot, const char **out);
	int (*slot_count)(const assess_record *rec, int slot);

	/* Values and iterators.  A value is a cursor into the record: a NULL
	 * value is an absent field, which every call below accepts (type
	 * MISSING, count 0, ENOENT).  Codes as record_number. */
	int (*value_type)(const assess_value *v);
	int (*value_number)(const assess_value *v, double *out);
	int (*value_bool)(const assess_value *v, int *out);
	int (*value_string)(const assess_value *v, const char **out);
	/* Elements of an array, members of an object; else 0. */
	int (*value_count)(const assess_value *v);
	/* Element i of an array or member i of an object (file order), or
	 * NULL out of range.  For a member, *key (when key is not NULL) gets
	 * its key, whatever it holds ('.', '[', any UTF-8); for an element,
	 * NULL.  Walking i = 0, 1, 2, ... costs one step an item. */
	const assess_value *(*value_item)(const assess_value *v, int i,
	                                  const char **key);
	/* The member of an object whose key is exactly key, or NULL. */
	const assess_value *(*value_member)(const assess_value *v,
	                                    const char *key);

	/* Amendments: in finish, a plugin may add members to the results of
	 * records it assessed (a rank, a pairing, a quota's verdict), which
	 * the host merges into those results when it writes the output.
	 * During assess, result_handle gives a compact handle (never 0) for
	 * the result being built; the plugin keeps it instead of the record.
	 * A plugin that never calls amend keeps its output as in ABI 1.1. */
	uint64_t (*result_handle)(assess_result *res);
	/* In finish: an object whose members are added to the result of
	 * handle (an existing member of the same name is replaced in place;
	 * the host's members are refused by put_*).  The node is borrowed
	 * until the next amend call or the end of finish.  NULL for a
	 * handle this run never gave, outside finish, or out of memory.  A
	 * result the host rejected after the plugin's assess stays as it
	 * is: its amendments are dropped. */
	assess_node *(*amend)(uint64_t handle);

	/* A long list, written once: as put_array, but each element put into
	 * it (a value, or the object or array put_object/put_array return,
	 * with all it holds) is final once the next element is put or finish
	 * returns.  The nodes of an earlier element are then freed: using one
	 * again is a use after free (the sanitizers say so; without them the
	 * output would depend on the format).  On the summary, where it is
	 * only written out as JSON (JSON and NDJSON output, an isolated
	 * child's reply), the host keeps the list as its JSON text, not as a
	 * tree: a list of 100,000 pairs costs its bytes, not ten times them.
	 * Elsewhere, and for the report and spreadsheets, which read the
	 * summary, it is an array.  Same codes as put_array. */
	assess_node *(*put_list)(assess_node *n, const char *key);
} assess_host;

/* True when the host table h provides service fn (a member name). */
#define ASSESS_HAS(h, fn) \
	((h)->size >= offsetof(assess_host, fn) + sizeof((h)->fn) && (h)->fn)

/*
 * The descriptor a plugin returns from its entry symbol.  Static storage;
 * the host copies what it needs and never writes it.
 */
typedef struct assess_plugin {
	size_t size;          /* sizeof(struct assess_plugin) */
	unsigned abi_version; /* ASSESS_ABI_VERSION */
	const char *name;     /* [a-z0-9_]+, e.g. "fivegood"; as in output */
	const char *version;  /* the plugin's version, e.g. "1.0.0" */
	const char *description;    /* one line, UTF-8 */
	const char *default_config; /* INI file name in the config directory
	                               when --config is not given, or NULL */

	/* Read and validate the config, allocate the plugin's state.
	 * ASSESS_OK, ASSESS_ECONFIG after host->config_error, ASSESS_ENOMEM.
	 * cfg is never NULL; without an INI it has no sections. */
	int (*create)(const assess_host *host, const assess_config *cfg,
	              void **state);
	/* Assess one record into res.  ASSESS_OK; ASSESS_EREJECT after
	 * host->reject; any other code rejects the record as a plugin failure.
	 * What finish needs must be kept compact: a million records stream
	 * through one state. */
	int (*assess)(void *state, const assess_record *rec, assess_result *res);
	/* Optional.  Add batch figures to the summary object (the host has put
	 * records, assessed and rejected in it).  ASSESS_OK or an error. */
	int (*finish)(void *state, assess_node *summary);
	/* Optional.  Describe criteria, rules and config keys into out. */
	int (*describe)(void *state, assess_node *out);
	/* Free the state.  Called once after every successful create. */
	void (*destroy)(void *state);
} assess_plugin;

/* The one symbol a plugin exports.  Define it with:
 *     ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void) { return &me; }
 * The prototype below keeps -Wmissing-prototypes quiet in every plugin. */
typedef const assess_plugin *(*assess_entry_fn)(void);
ASSESS_EXPORT const assess_plugin *ASSESS_ENTRY(void);

#ifdef __cplusplus
}
#endif

#endif /* ASSESS_ASSESS_H */
