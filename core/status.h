/*
 * status.h - the exit statuses of assess, one type for every module that
 * decides how a run ends.  main.c alone turns them into the process's exit
 * status; README.md ("Exit status") and assess(1) document them.
 */
#ifndef ASSESS_STATUS_H
#define ASSESS_STATUS_H

enum status {
	STATUS_OK = 0,       /* every record assessed */
	STATUS_REJECTED = 1, /* some records rejected (others written) */
	STATUS_USAGE = 2,    /* usage error, or the output cannot be written */
	STATUS_CONFIG = 3,   /* configuration invalid */
	STATUS_PLUGIN = 4,   /* plugin unusable, or failed outside a record */
	STATUS_INPUT = 5,    /* an input unreadable or not JSON as a whole */
	STATUS_NOMEM = 6     /* out of memory: nothing written */
};

#endif
