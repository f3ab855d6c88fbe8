/*
 * outfile.h - one file the results or the summary are written to, by the
 * rules output.h states: a regular file through a temporary file renamed
 * into place, a character device or a FIFO written straight into, anything
 * else refused; a file the run reads never replaced.  Also the process-wide
 * part: descriptors 0-2, and the signals that end a run early.
 */
#ifndef ASSESS_OUTFILE_H
#define ASSESS_OUTFILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct run;

enum outfile_kind {
	OUTFILE_NONE,   /* not used (no --summary) */
	OUTFILE_STREAM, /* a stream the caller owns (standard output) */
	OUTFILE_DIRECT, /* a character device or FIFO, written into */
	OUTFILE_TEMP    /* a temporary file, renamed over path */
};

struct outfile {
	enum outfile_kind kind;
	const char *opt;    /* "-o" or "--summary", for messages */
	char *shown;        /* the name as given, for messages */
	char *path;         /* where it goes: shown, or a link's target */
	char *tmp;          /* OUTFILE_TEMP: the temporary file beside path */
	int fd;             /* the temporary file, or the device or FIFO */
	int unnamed;        /* OUTFILE_TEMP: 1 + a descriptor of the file when
	                       it has no name until the rename (O_TMPFILE): a
	                       killed run leaves nothing behind; else 0 */
	int slot;           /* OUTFILE_TEMP: its entry in the signal table */
	FILE *stream;       /* once writing: on fd, or the caller's */
	dev_t dir_dev;      /* OUTFILE_TEMP: path's folder, to tell two apart */
	ino_t dir_ino;
};

/* Call first thing in main: reopens any of the descriptors 0-2 found
 * closed on /dev/null, so that no file opened later lands in their place
 * (with stderr closed, diagnostics would go into the output), and ignores
 * SIGPIPE and SIGXFSZ, so that a closed pipe or a file size limit is a
 * write error (EPIPE, EFBIG) like any other.  0, or -1 when /dev/null
 * cannot be opened (errno says why).  *stdout_closed: whether fd 1 was
 * one of them. */
int outfile_init(int *stdout_closed);

/* Nonzero when standard output was closed when the process began:
 * outfile_init's *stdout_closed, which main keeps in the run (run.h). */
int outfile_stdout_closed(void);

/* Never replace the file at path, in the active run (run.h's kept; none
 * is kept outside a run, where nothing is written): what says what it is
 * in the refusal,
 * e.g. "one of the inputs" (a string that outlives the run).  "-" stands
 * for standard input.  A path that does not exist, or is not a regular
 * file, is ignored.  0, or -1 out of memory. */
int outfile_protect(const char *path, const char *what);

/* The same for the file open on fd (an input, told by the descriptor it
 * is read from, whatever name it was given by). */
int outfile_protect_fd(int fd, const char *what);

/* Forget the files run r protects (at its end). */
void outfile_forget(struct run *r);

/* Whether paths a and b name the same place, whether or not a file is
 * there yet: the same file when both exist, else the same name in the
 * same folder (symbolic links and ".." resolved).  What protects a file
 * not made yet, such as an archive a run is about to create. */
int outfile_same_path(const char *a, const char *b);

/* Open f for path, named by option opt ("-o"), by the file's kind; slot (0
 * or 1) is f's entry in the table of temporary files a signal removes.
 * f must be zeroed with fd -1.  0, or -1 with the reason in err (f is then
 * to be closed all the same). */
int outfile_open(struct outfile *f, const char *opt, int slot,
                 const char *path, char *err, size_t errlen);

/* Nonzero when a and b would both be renamed to the same name. */
int outfile_same(const struct outfile *a, const struct outfile *b);

/* Before writing a temporary file: check that what is now at its path may
 * still be replaced, and give the temporary file that file's mode and
 * owner (or, for a new file, 0666 less the umask).  0, or -1 with the
 * reason in err. */
int outfile_settle(struct outfile *f, char *err, size_t errlen);

/* Put a written temporary file in place (other kinds: nothing to do).
 * 0, or -1 with the reason in err. */
int outfile_rename(struct outfile *f, char *err, size_t errlen);

/* Close f, removing its temporary file if it is still there; f is left
 * zeroed with fd -1.  Accepts a zeroed f. */
void outfile_close(struct outfile *f);

#endif
