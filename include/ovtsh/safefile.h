/* safefile.h - every file ovtsh writes goes through here.
 *
 * A regular file (or a new one) is written to an unpredictable temporary
 * created exclusively (O_EXCL|O_NOFOLLOW) in the target's directory and
 * renamed over the target on commit, so a failure leaves the old file as
 * it was; an existing file keeps its mode and owner.  A symbolic link at
 * the target is refused, never followed.  A character device or a fifo
 * (/dev/null, /dev/full, a pipe) is written in place; other kinds
 * (directory, block device, socket) are refused.  Every write, flush,
 * sync and close error is reported by sfile_commit().
 */
#ifndef OVTSH_SAFEFILE_H
#define OVTSH_SAFEFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "ovtsh/err.h"

struct sfile {
	FILE *fp;          /* write here; a library that fcloses it (pcap)
			    * sets fp to NULL after its fclose */
	int fd;            /* the file; fp writes through it */
	int werr;          /* errno of the first failed write, or 0 */
	int dirfd;         /* the target's directory */
	bool in_place;     /* a device or fifo: no temporary, no rename */
	bool chown;        /* give the temporary the old file's owner */
	uid_t uid;
	gid_t gid;
	mode_t mode;       /* the mode the file ends with */
	const char *path;  /* the caller's string, for messages */
	char base[256];    /* the target's name in dirfd */
	char tmp[256];     /* the temporary's name in dirfd */
};

/* Open path for writing; a new file gets create_mode less the umask
 * (0666 as the shell's ">", 0600 for private files).  0 or -errno with e
 * filled ("cannot write 'X': why").  On success the caller ends with
 * sfile_commit or sfile_abort. */
int sfile_open(struct sfile *f, const char *path, mode_t create_mode,
	       struct ovt_err *e);
/* The errno of the first failed write so far, 0 if none (to stop a long
 * writer early: fp's error flag is set too). */
int sfile_error(const struct sfile *f);
/* Flush, sync, close and put the file in place; 0 or -errno with e
 * filled.  On failure the temporary is removed and the old file kept. */
int sfile_commit(struct sfile *f, struct ovt_err *e);
/* Give up: close and remove the temporary (the old file is kept). */
void sfile_abort(struct sfile *f);

#endif
