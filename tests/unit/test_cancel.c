/* test_cancel.c - the one cancellation (ovtsh/cancel.h) under a real
 * SIGINT: armed, it sets the flag, makes the fd readable, runs the wakers
 * and interrupts a blocking call; taken, all of that is undone; unarmed,
 * SIGINT does what it did when the process started (die, or nothing). */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ovtsh/cancel.h"
#include "t.h"

static int woken;

static void wake_count(void *arg)
{
	(*(int *)arg)++;
}

static bool fd_ready(void)
{
	struct pollfd p = { .fd = cancel_fd(), .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

static void *raise_in_thread(void *arg)
{
	(void)arg;
	usleep(100000);
	raise(SIGINT);               /* this thread's: passed on to main */
	return NULL;
}

/* Armed: a request, seen every way a backend may look. */
static void check_armed(void)
{
	struct cancel_waker w = { wake_count, &woken }, full[CANCEL_WAKERS_MAX];
	pthread_t th;
	int pfd[2];
	char ch;

	T_CHECK(cancel_fd() >= 0);
	T_CHECK(!cancel_requested());
	T_CHECK(!fd_ready());
	T_INTEQ(cancel_wake_add(&w), 0);
	cancel_arm();
	raise(SIGINT);
	T_CHECK(cancel_requested());
	T_CHECK(fd_ready());
	T_INTEQ(woken, 1);
	/* no SA_RESTART: a blocked read sees EINTR */
	T_CHECK(pipe(pfd) == 0);
	if (fork() == 0) {
		usleep(100000);
		kill(getppid(), SIGINT);
		_exit(0);
	}
	errno = 0;
	T_INTEQ(read(pfd[0], &ch, 1), -1);
	T_INTEQ(errno, EINTR);
	wait(NULL);
	T_INTEQ(woken, 2);
	/* delivered to another thread (a Docker worker): the main thread's
	 * blocking call is interrupted all the same */
	T_CHECK(cancel_take());
	T_CHECK(pthread_create(&th, NULL, raise_in_thread, NULL) == 0);
	alarm(5);                    /* a hang fails the test */
	errno = 0;
	T_INTEQ(read(pfd[0], &ch, 1), -1);
	T_INTEQ(errno, EINTR);
	alarm(0);
	pthread_join(th, NULL);
	T_CHECK(cancel_requested());
	T_INTEQ(woken, 3);
	close(pfd[0]);
	close(pfd[1]);
	/* taken: nothing pending any more, the fd drained */
	T_CHECK(cancel_take());
	T_CHECK(!cancel_requested());
	T_CHECK(!fd_ready());
	T_CHECK(!cancel_take());
	T_CHECK(!cancel_stops());
	cancel_wake_del(&w);
	raise(SIGINT);
	T_INTEQ(woken, 3);           /* unregistered */
	T_CHECK(cancel_stops());     /* untaken: it ends a replay */
	T_CHECK(cancel_take());
	cancel_disarm();
	for (int i = 0; i < CANCEL_WAKERS_MAX; i++)
		T_INTEQ(cancel_wake_add(&full[i]), 0);
	T_INTEQ(cancel_wake_add(&w), -ENOSPC);
	for (int i = 0; i < CANCEL_WAKERS_MAX; i++)
		cancel_wake_del(&full[i]);
}

/* A child that runs fn; its wait status. */
static int in_child(void (*fn)(void))
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return st;
}

static void unarmed_default(void)
{
	cancel_init();
	raise(SIGINT);               /* nothing armed: dies of it */
	_exit(3);
}

static void unarmed_ignored(void)
{
	signal(SIGINT, SIG_IGN);     /* as "cmd &" in a script starts it */
	cancel_init();
	raise(SIGINT);               /* unarmed: ignored, as it was */
	if (cancel_requested())
		_exit(4);
	cancel_arm();
	raise(SIGINT);               /* armed: a request all the same */
	if (!cancel_requested())
		_exit(5);
	if (cancel_stops() || cancel_requested())
		_exit(6);            /* untaken: dropped, not the end */
	_exit(0);
}

static void exit_after_stop(void)
{
	cancel_init();
	cancel_arm();
	raise(SIGINT);
	cancel_disarm();
	if (cancel_stops())
		cancel_exit();
	_exit(7);
}

static void child_resets(void)
{
	cancel_init();
	cancel_arm();
	cancel_child();              /* the program's default again */
	raise(SIGINT);
	_exit(8);
}

int main(void)
{
	int st;

	signal(SIGINT, SIG_DFL);
	cancel_init();
	check_armed();
	st = in_child(unarmed_default);
	T_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT);
	st = in_child(unarmed_ignored);
	T_CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = in_child(exit_after_stop);
	T_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT);
	st = in_child(child_resets);
	T_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT);
	T_DONE();
}
