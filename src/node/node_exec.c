/* node_exec.c - run a program in a node's network namespace (node.h).
 *
 * The child joins the namespace with setns() after fork, so ovtsh itself
 * never leaves its own.  It runs in its own process group: Ctrl-C
 * reaches ovtsh only (the one SIGINT handler, cancel.h), and the parent
 * forwards it to the program's group, so that ping prints its statistics
 * before it ends; a second Ctrl-C kills the group.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ovtsh/cancel.h"
#include "ovtsh/memfd.h"
#include "ovtsh/node.h"

static void __attribute__((noreturn))
node_exec_child(int netns, char *const argv[], int out_fd, int err_fd,
		int report)
{
	int null, err;

	cancel_child();
	/* its own group is out of reach of a kill of ovtsh's: die with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	setpgid(0, 0);
	null = open("/dev/null", O_RDONLY);
	if (setns(netns, CLONE_NEWNET) < 0 || null < 0 ||
	    dup2(null, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
		goto fail;
	execvp(argv[0], argv);
fail:
	/* the parent reads why on the close-on-exec pipe */
	err = errno;
	if (write(report, &err, sizeof(err)) < 0)
		_exit(127);
	_exit(127);
}

/* Wait for pid, forwarding Ctrl-C to its process group. */
static int node_exec_wait(pid_t pid, struct node_exec_res *res,
			  struct ovt_err *e)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0), sent = 0, r = 0;
	struct pollfd p[2] = {
		{ .fd = cancel_fd(), .events = POLLIN },
		{ .fd = pidfd, .events = POLLIN },
	};

	for (;;) {
		pid_t w = waitpid(pid, &res->status, WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			r = ovt_err_set(e, errno, "waitpid: %s",
					strerror(errno));
			break;
		}
		if (cancel_take()) {
			/* first: the program's own Ctrl-C; then: kill */
			kill(-pid, sent++ ? SIGKILL : SIGINT);
			res->interrupted = true;
		}
		/* without a pidfd, look again every 50 ms */
		if (poll(p, pidfd >= 0 ? 2 : 1, pidfd >= 0 ? -1 : 50) < 0 &&
		    errno != EINTR) {
			r = ovt_err_set(e, errno, "poll: %s", strerror(errno));
			kill(-pid, SIGKILL);
			waitpid(pid, &res->status, 0);
			break;
		}
	}
	if (pidfd >= 0)
		close(pidfd);
	return r;
}

bool node_is_remote(const struct node *n)
{
	return n->kind && n->kind->exec;
}

/* The helper of a remote node's program: the kind's exec op, in a child
 * of ovtsh; its exit code is the program's. */
static void __attribute__((noreturn))
node_spawn_remote(const struct node *n, char *const argv[], int out_fd,
		  int err_fd)
{
	struct node_exec_res res = { 0 };
	struct ovt_err e = { 0 };

	cancel_child();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	setpgid(0, 0);
	if (n->kind->exec(n, argv, out_fd, err_fd, &res, &e) < 0) {
		dprintf(err_fd, "%s\n", e.msg);
		_exit(127);
	}
	if (WIFSIGNALED(res.status))
		_exit(128 + WTERMSIG(res.status));
	_exit(WIFEXITED(res.status) ? WEXITSTATUS(res.status) : 127);
}

int node_spawn(const struct node *n, char *const argv[], int out_fd,
	       int err_fd, pid_t *pid, struct ovt_err *e)
{
	int netns = -1, pfd[2], err = 0, r;
	ssize_t got;

	if (node_is_remote(n)) {
		*pid = fork();
		if (*pid == 0)
			node_spawn_remote(n, argv, out_fd, err_fd);
		if (*pid < 0)
			return ovt_err_set(e, errno, "fork: %s",
					   strerror(errno));
		setpgid(*pid, *pid);
		return 0;
	}
	netns = node_netns_open(n, e);
	if (netns < 0)
		return netns;
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		r = ovt_err_set(e, errno, "pipe: %s", strerror(errno));
		close(netns);
		return r;
	}
	*pid = fork();
	if (*pid == 0)
		node_exec_child(netns, argv, out_fd, err_fd, pfd[1]);
	close(netns);
	close(pfd[1]);
	if (*pid < 0) {
		close(pfd[0]);
		return ovt_err_set(e, errno, "fork: %s", strerror(errno));
	}
	setpgid(*pid, *pid);    /* also here: no race with a quick Ctrl-C */
	/* the pipe closes at exec, or carries why it failed */
	do
		got = read(pfd[0], &err, sizeof(err));
	while (got < 0 && errno == EINTR);
	close(pfd[0]);
	if (got == (ssize_t)sizeof(err)) {
		waitpid(*pid, NULL, 0);
		return ovt_err_set(e, err, "%s: %s", argv[0], strerror(err));
	}
	return 0;
}

int node_exec(const struct node *n, char *const argv[], int out_fd,
	      int err_fd, struct node_exec_res *res, struct ovt_err *e)
{
	pid_t pid;
	int r;

	*res = (struct node_exec_res){ 0 };
	if (node_is_remote(n))
		return n->kind->exec(n, argv, out_fd, err_fd, res, e);
	r = node_spawn(n, argv, out_fd, err_fd, &pid, e);
	return r < 0 ? r : node_exec_wait(pid, res, e);
}

int node_exec_capture(const struct node *n, char *const argv[], char **out,
		      size_t *outlen, char **err, struct node_exec_res *res,
		      struct ovt_err *e)
{
	int fo = memfd_create("ovtsh-node-out", MFD_CLOEXEC);
	int fe = memfd_create("ovtsh-node-err", MFD_CLOEXEC);
	int r;

	*out = *err = NULL;
	*outlen = 0;
	if (fo < 0 || fe < 0)
		r = ovt_err_set(e, errno, "memfd_create: %s", strerror(errno));
	else
		r = node_exec(n, argv, fo, fe, res, e);
	if (r == 0) {
		*out = memfd_text(fo, 0, outlen);
		*err = memfd_text(fe, 0, NULL);
	}
	if (fo >= 0)
		close(fo);
	if (fe >= 0)
		close(fe);
	return r;
}
