/*
 * host_impl.h - what the two halves of the host share: host.c (the
 * services table, rejections, logging, the create, assess and finish
 * calls) and host_put.c (the put_* services and the guard on the members
 * only the host writes).  Private to them: other modules use host.h.
 */
#ifndef ASSESS_HOST_IMPL_H
#define ASSESS_HOST_IMPL_H

#include "host.h"

/* The summary the plugin's finish step is adding to, whose counts
 * (records, assessed, rejected) it may not put; NULL outside finish.
 * Borrowed: the caller keeps it alive until it passes NULL. */
void host_guard_summary(const cJSON *summary);

/* host_table.put_*, whose contract is that of assess_host in assess.h:
 * ASSESS_OK; ASSESS_EINVAL for a NULL or non-container node, a key on an
 * array or none on an object, a member only the host writes, text that
 * is not UTF-8; ASSESS_ERANGE for a number that is not finite;
 * ASSESS_ENOMEM.  put_object and put_array return the new container,
 * owned by its parent, or NULL on any of those failures. */
int host_put_number(assess_node *n, const char *key, double v);
int host_put_int(assess_node *n, const char *key, long long v);
int host_put_bool(assess_node *n, const char *key, int v);
int host_put_string(assess_node *n, const char *key, const char *s);
int host_put_null(assess_node *n, const char *key);
assess_node *host_put_object(assess_node *n, const char *key);
assess_node *host_put_array(assess_node *n, const char *key);
/* assess_host.put_list: on the summary in finish, with lists as text
 * on, a list kept as its text (a Raw member); else host_put_array. */
assess_node *host_put_list(assess_node *n, const char *key);
/* At the end of finish: every list's last element final and its text
 * set.  ASSESS_OK, or ASSESS_ENOMEM (a list left as "[]"). */
int host_lists_close(void);

#endif
