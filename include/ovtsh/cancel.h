/* cancel.h - Ctrl-C: one cancellation for the whole shell.
 *
 * ovtsh's only SIGINT handler is installed once, at start-up
 * (cancel_init).  While the cancellation is armed -- the engine arms it
 * around each command's handler, the REPL for its whole session -- Ctrl-C
 * requests it: a flag is set, cancel_fd() becomes readable and the
 * registered wakers run (a capture's pcap_breakloop).  The handler has no
 * SA_RESTART, so a blocking call sees EINTR (trace's waitpid, the REPL's
 * read).  Backends poll cancel_requested(), wait on cancel_fd() or
 * register a waker.
 *
 * A backend that stops because of it takes it (cancel_take) and says so in
 * its result ("interrupted", a capture's summary): a replay goes on as
 * that result says.  A request that no one took when its command returns
 * ends a replay as SIGINT's own action would (cancel_stops, cancel_exit).
 * Unarmed (a script between two lines, start-up), Ctrl-C does what SIGINT
 * did when ovtsh started: ovtsh dies of it, or it is ignored.
 */
#ifndef OVTSH_CANCEL_H
#define OVTSH_CANCEL_H

#include <stdbool.h>

/* Install the SIGINT handler (main, once, before anything runs). */
void cancel_init(void);
/* A command starts (nests: "do", "source") / has returned. */
void cancel_arm(void);
void cancel_disarm(void);
/* Ctrl-C since the last take (async-signal-safe). */
bool cancel_requested(void);
/* Request it as Ctrl-C would (a test, a caller that gives up). */
void cancel_request(void);
/* Used up by a backend that stopped on it: true when it was requested. */
bool cancel_take(void);
/* Readable while a request is pending, for poll(); -1 before cancel_init.
 * Look at cancel_requested() before blocking: take drains it. */
int cancel_fd(void);

/* fn(arg) runs inside the signal handler when Ctrl-C requests
 * cancellation: it must be async-signal-safe (pcap_breakloop is). */
struct cancel_waker {
	void (*fn)(void *arg);
	void *arg;
};
#define CANCEL_WAKERS_MAX 4
/* Register w until cancel_wake_del; -ENOSPC when all slots are taken. */
int cancel_wake_add(struct cancel_waker *w);
void cancel_wake_del(struct cancel_waker *w);

/* A request no one took, looked at once its command returned: true when
 * it ends the replay (then cancel_exit); false when there is none, or
 * when ovtsh started with SIGINT ignored (it is dropped then). */
bool cancel_stops(void);
/* Die of SIGINT, as unhandled: a shell running ovtsh sees why. */
void cancel_exit(void) __attribute__((noreturn));

/* In a forked child that will exec a program, first thing: SIGINT and
 * SIGALRM back to their default actions (ovtsh's handlers are not the
 * program's, and exec resets them only later). */
void cancel_child(void);

#endif
