/*
 * host_exit.h - noticing a plugin that ends the process while its code
 * runs in-process (exit, _exit, _Exit from create, assess, finish,
 * describe or destroy), so that assess says so and ends with exit status
 * 4 instead of the plugin's status over an output never written.
 */
#ifndef ASSESS_HOST_EXIT_H
#define ASSESS_HOST_EXIT_H

/* From now on, the process ending while plugin code runs (host_guard.h's
 * step) is said as "plugin NAME ended the process (exit) in its STEP
 * step" and the process ends with STATUS_PLUGIN.  With fd >= 0 (a child
 * of --check-plugin) the line also goes to fd, after '!'.  Call once
 * the plugin is loaded; calling it again changes only fd. */
void host_exit_watch(int fd);

#endif
