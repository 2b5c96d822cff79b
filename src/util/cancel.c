/* cancel.c - the one SIGINT handler and the cancellation it requests
 * (ovtsh/cancel.h says how it is used).
 *
 * SIGINT may be delivered to any thread (Docker's workers do not block
 * it); the handler passes it on to the main thread, whose blocking call
 * (waitpid, the REPL's read) is the one to interrupt.  State touched by
 * the handler is atomic, the wakers an array of atomic pointers.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ovtsh/cancel.h"

static atomic_int cancel_flag;
static atomic_int cancel_depth;          /* armed while > 0 */
static bool cancel_ignored;              /* SIGINT was SIG_IGN at start */
static int cancel_efd = -1;
static struct cancel_waker *_Atomic cancel_wakers[CANCEL_WAKERS_MAX];

static void cancel_wake(void)
{
	uint64_t one = 1;

	atomic_store(&cancel_flag, 1);
	if (cancel_efd >= 0 && write(cancel_efd, &one, sizeof(one)) < 0) {
		/* the counter cannot overflow from one write per request */
	}
	for (int i = 0; i < CANCEL_WAKERS_MAX; i++) {
		struct cancel_waker *w = atomic_load(&cancel_wakers[i]);

		if (w)
			w->fn(w->arg);
	}
}

static void cancel_on_sigint(int sig)
{
	int saved = errno;

	(void)sig;
	if (syscall(SYS_gettid) != getpid()) {
		syscall(SYS_tgkill, getpid(), getpid(), SIGINT);
	} else if (atomic_load(&cancel_depth) > 0) {
		cancel_wake();
	} else if (!cancel_ignored) {
		/* nothing runs that could stop: die of it, as unhandled (the
		 * signal stays blocked until this handler returns) */
		signal(SIGINT, SIG_DFL);
		raise(SIGINT);
	}
	errno = saved;
}

void cancel_init(void)
{
	struct sigaction sa = { .sa_handler = cancel_on_sigint }, old;

	if (cancel_efd < 0)
		cancel_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;        /* no SA_RESTART: blocking calls see EINTR */
	if (sigaction(SIGINT, &sa, &old) == 0)
		cancel_ignored = old.sa_handler == SIG_IGN;
}

void cancel_arm(void)
{
	atomic_fetch_add(&cancel_depth, 1);
}

void cancel_disarm(void)
{
	atomic_fetch_sub(&cancel_depth, 1);
}

bool cancel_requested(void)
{
	return atomic_load(&cancel_flag) != 0;
}

void cancel_request(void)
{
	cancel_wake();
}

/* The flag and the fd's counter go together: no Ctrl-C between them on
 * this thread. */
bool cancel_take(void)
{
	sigset_t block, old;
	uint64_t n;
	bool was;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	was = atomic_exchange(&cancel_flag, 0) != 0;
	if (cancel_efd >= 0 && read(cancel_efd, &n, sizeof(n)) < 0) {
		/* EAGAIN: nothing was pending */
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return was;
}

int cancel_fd(void)
{
	return cancel_efd;
}

int cancel_wake_add(struct cancel_waker *w)
{
	for (int i = 0; i < CANCEL_WAKERS_MAX; i++) {
		struct cancel_waker *none = NULL;

		if (atomic_compare_exchange_strong(&cancel_wakers[i], &none, w))
			return 0;
	}
	return -ENOSPC;
}

void cancel_wake_del(struct cancel_waker *w)
{
	for (int i = 0; i < CANCEL_WAKERS_MAX; i++) {
		struct cancel_waker *mine = w;

		atomic_compare_exchange_strong(&cancel_wakers[i], &mine, NULL);
	}
}

bool cancel_stops(void)
{
	if (!cancel_requested())
		return false;
	if (cancel_ignored) {
		cancel_take();
		return false;
	}
	return true;
}

void cancel_exit(void)
{
	sigset_t s;

	signal(SIGINT, SIG_DFL);
	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	raise(SIGINT);
	_exit(128 + SIGINT);
}

void cancel_child(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
}
