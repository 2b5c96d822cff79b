/* lab_lock.h - one ovtsh at a time changes a lab.
 *
 * Two replays of one lab would race between "is it there?" and "make it"
 * (File exists, Docker 409).  So a change takes an exclusive flock() on
 * LAB_LOCK_DIR/<lab>.lock ($OVTSH_LOCK_DIR overrides the directory), which
 * dies with the process: a kill -9 never leaves a stale lock.  The holder
 * writes its pid, start time and command line into the file, so a waiter
 * that gives up can say who holds it.  A waiter waits $OVTSH_LOCK_WAIT
 * seconds (default LAB_LOCK_WAIT_S; 0: not at all).  The file is
 * removed on release; only a killed holder leaves it, for the next to use.
 *
 * The directory must be a real directory owned by this user and writable
 * by no one else; the file is opened without following symlinks.
 */
#ifndef OVTSH_LAB_LOCK_H
#define OVTSH_LAB_LOCK_H

#include <stdbool.h>

#include "ovtsh/err.h"

#define LAB_LOCK_DIR    "/run/ovtsh"
#define LAB_LOCK_WAIT_S 10

struct lab_lock {
	int fd;                 /* holds the flock; -1: not held */
	int dfd;                /* the directory */
	char name[256];         /* the file in it */
};

/* Take the lock of lab into lk, waiting as configured (wait_ok false:
 * not at all); 0, or -errno:
 * -EWOULDBLOCK "lab 'x' is locked by pid 1234 (ovtsh -f lab1.script)
 * since 16:40:01; waited 10 s", -EINTR on a cancellation (^C,
 * ovtsh/cancel.h; left for the caller), -EACCES and others when the lock
 * file cannot be made. */
int lab_lock_take(struct lab_lock *lk, const char *lab, bool wait_ok,
		  struct ovt_err *e);
/* Release it: the file is removed while still held, then closed (a
 * waiter that got the removed file retries with the path's new one). */
void lab_lock_drop(struct lab_lock *lk);

#endif
