/* vm_agent.c - the agent link: the guest's "ovtsh --agent" serving
 * requests on its virtio-serial port, and the host's side that sends
 * them over qemu's chardev unix socket (see ovtsh/vm.h).
 *
 * One request at a time: the host connects, pings (the agent answers
 * once it runs: that is "ready"), sends one exec and reads its output
 * until the status.  Frames carry the request's id, so output of an
 * earlier request that a host left early is told apart and dropped.
 * The guest sees the host leave as a hang-up on its port: it kills what
 * that host had started.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ovtsh/cancel.h"
#include "vm_int.h"

/* ---- both sides: frames on a stream ---- */

static int vm_poll1(int fd, short ev, int wake_fd, int timeout_ms)
{
	struct pollfd p[2] = { { .fd = fd, .events = ev },
			       { .fd = wake_fd, .events = POLLIN } };
	int r;

	do
		r = poll(p, wake_fd >= 0 ? 2 : 1, timeout_ms);
	while (r < 0 && errno == EINTR && wake_fd < 0);
	if (r < 0)
		return errno == EINTR ? -EINTR : -errno;
	if (wake_fd >= 0 && p[1].revents)
		return -EINTR;
	if (r == 0)
		return 0;
	/* a hang-up with nothing to read: the other side is gone */
	if ((p[0].revents & (POLLHUP | POLLERR)) && !(p[0].revents & ev))
		return -ECONNRESET;
	return 1;
}

int vm_link_next(struct vm_link *l, int wake_fd, int timeout_ms)
{
	for (;;) {
		long got;
		ssize_t n;
		int r;

		if (l->cur_size) {          /* drop the frame returned last */
			memmove(l->buf, l->buf + l->cur_size,
				l->n - l->cur_size);
			l->n -= l->cur_size;
			l->cur_size = 0;
		}
		got = vm_frame_parse(l->buf, l->n, &l->cur);
		if (got < 0)
			return (int)got;
		if (got > 0) {
			l->cur_size = (size_t)got;
			return 1;
		}
		r = vm_poll1(l->fd, POLLIN, wake_fd, timeout_ms);
		if (r <= 0)
			return r;
		n = read(l->fd, l->buf + l->n, sizeof(l->buf) - l->n);
		if (n == 0)
			return -ECONNRESET;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		if (n > 0)
			l->n += (size_t)n;
	}
}

static int vm_write_all(int fd, const void *p, size_t len)
{
	const uint8_t *b = p;

	while (len) {
		ssize_t n = write(fd, b, len);

		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			/* bounded: a reader that stopped reading is gone */
			int r = vm_poll1(fd, POLLOUT, -1, 10000);

			if (r <= 0)
				return r ? r : -ETIMEDOUT;
			continue;
		}
		if (n < 0)
			return -errno;
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

int vm_link_send(struct vm_link *l, uint8_t type, uint32_t id,
		 const void *data, uint32_t len)
{
	uint8_t hdr[VM_FR_HDR];
	int r;

	vm_frame_hdr(hdr, type, id, len);
	r = vm_write_all(l->fd, hdr, sizeof(hdr));
	return r < 0 || !len ? r : vm_write_all(l->fd, data, len);
}

int vm_env_ms(const char *var, int def_s)
{
	const char *v = getenv(var);
	char *end;
	double s;

	if (!v || !*v)
		return def_s * 1000;
	s = strtod(v, &end);
	return *end || !(s > 0 && s <= 3600) ? def_s * 1000 : (int)(s * 1000);
}

/* ---- the guest: ovtsh --agent ---- */

/* /dev/vportNpM of the port named port (devtmpfs makes the node; no
 * udev for /dev/virtio-ports/NAME), waiting up to 10 s for the driver. */
static int agent_port_open(const char *port)
{
	for (int tries = 0; tries < 100; tries++) {
		DIR *d = opendir("/sys/class/virtio-ports");
		struct dirent *de;

		while (d && (de = readdir(d))) {
			char p[300], name[64] = "";
			FILE *fp;

			if (de->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "/sys/class/virtio-ports/%s/name",
				 de->d_name);
			fp = fopen(p, "r");
			if (fp && fgets(name, sizeof(name), fp))
				name[strcspn(name, "\n")] = '\0';
			if (fp)
				fclose(fp);
			if (strcmp(name, port))
				continue;
			snprintf(p, sizeof(p), "/dev/%s", de->d_name);
			closedir(d);
			return open(p, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		}
		if (d)
			closedir(d);
		usleep(100000);
	}
	errno = ENOENT;
	return -1;
}

struct agent_run {
	pid_t pid;
	int fds[2];              /* its stdout, stderr (-1: closed) */
	int intr;                /* Ctrl-C frames seen */
	bool host_gone;
};

static void agent_child(char **argv, int out, int err, int rep)
{
	int null = open("/dev/null", O_RDONLY), e;

	setsid();               /* a group of its own, for the Ctrl-C */
	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 ||
	    dup2(err, 2) < 0)
		goto fail;
	execvp(argv[0], argv);
fail:
	e = errno;
	if (write(rep, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* A frame from the host while a program runs: Ctrl-C, or the host left. */
static void agent_from_host(struct vm_link *l, struct agent_run *ar)
{
	int r = vm_link_next(l, -1, 0);

	if (r == 1 && l->cur.type == VM_FR_INTR)
		kill(-ar->pid, ar->intr++ ? SIGKILL : SIGINT);
	else if (r < 0) {
		ar->host_gone = true;
		kill(-ar->pid, SIGKILL);
	}
}

/* Relay the program's output until both its streams end. */
static void agent_relay(struct vm_link *l, uint32_t id, struct agent_run *ar)
{
	static uint8_t buf[VM_FR_MAX];

	while (ar->fds[0] >= 0 || ar->fds[1] >= 0) {
		struct pollfd p[3] = {
			{ .fd = ar->fds[0], .events = POLLIN },
			{ .fd = ar->fds[1], .events = POLLIN },
			{ .fd = ar->host_gone ? -1 : l->fd, .events = POLLIN },
		};

		if (poll(p, 3, -1) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			ssize_t n;

			if (!p[i].revents)
				continue;
			n = read(ar->fds[i], buf, sizeof(buf));
			if (n <= 0) {
				close(ar->fds[i]);
				ar->fds[i] = -1;
			} else if (!ar->host_gone &&
				   vm_link_send(l, i ? VM_FR_ERR : VM_FR_OUT,
						id, buf, (uint32_t)n) < 0) {
				ar->host_gone = true;
				kill(-ar->pid, SIGKILL);
			}
		}
		if (p[2].revents)
			agent_from_host(l, ar);
	}
}

static void agent_fail(struct vm_link *l, uint32_t id, int err,
		       const char *what)
{
	uint8_t b[256];
	int n = snprintf((char *)b + 4, sizeof(b) - 4, "%s: %s", what,
			 strerror(err));

	memcpy(b, &err, 4);
	vm_link_send(l, VM_FR_FAIL, id, b, (uint32_t)(4 + n));
}

static void agent_exec(struct vm_link *l, uint32_t id)
{
	static char words[VM_FR_MAX];
	char *argv[256];
	int out[2], err[2], rep[2], e = 0, st = 0;
	struct agent_run ar = { 0 };
	uint8_t sb[4];

	if (vm_frame_unargv(l->cur.data, l->cur.len, words, sizeof(words),
			    argv, 256) < 0)
		return agent_fail(l, id, EPROTO, "exec request");
	if (pipe2(out, O_CLOEXEC) < 0)
		return agent_fail(l, id, errno, "pipe");
	if (pipe2(err, O_CLOEXEC) < 0 || pipe2(rep, O_CLOEXEC) < 0) {
		e = errno;
		close(out[0]);
		close(out[1]);
		return agent_fail(l, id, e, "pipe");
	}
	ar.pid = fork();
	if (ar.pid == 0)
		agent_child(argv, out[1], err[1], rep[1]);
	close(out[1]);
	close(err[1]);
	close(rep[1]);
	ar.fds[0] = out[0];
	ar.fds[1] = err[0];
	if (ar.pid > 0 && read(rep[0], &e, sizeof(e)) == (ssize_t)sizeof(e)) {
		waitpid(ar.pid, NULL, 0);
		ar.pid = -1;
	}
	close(rep[0]);
	if (ar.pid < 0) {
		close(out[0]);
		close(err[0]);
		return agent_fail(l, id, e ? e : errno, argv[0]);
	}
	agent_relay(l, id, &ar);
	while (waitpid(ar.pid, &st, 0) < 0 && errno == EINTR)
		;
	memcpy(sb, &st, 4);
	if (!ar.host_gone)
		vm_link_send(l, VM_FR_STATUS, id, sb, 4);
}

int vm_agent_main(const char *port)
{
	struct vm_link *l = calloc(1, sizeof(*l));
	struct utsname u;

	signal(SIGPIPE, SIG_IGN);
	if (!l)
		return 1;
	l->fd = agent_port_open(port);
	if (l->fd < 0) {
		fprintf(stderr, "ovtsh --agent: port %s: %s\n", port,
			strerror(errno));
		return 1;
	}
	uname(&u);
	for (;;) {
		int r = vm_link_next(l, -1, -1);

		if (r == -ECONNRESET || r == -EPROTO) {
			/* no host (or one that left mid-frame): start over
			 * with the next; a port without a host reads as a
			 * hang-up at once, so wait a little in between */
			l->n = 0;
			l->cur_size = 0;
			usleep(50000);
			continue;
		}
		if (r < 0) {
			fprintf(stderr, "ovtsh --agent: %s\n", strerror(-r));
			return 1;
		}
		/* The guest's init: orphans of a request a host left (a
		 * traced iperf3 whose tracer was killed) are reaped here. */
		while (getpid() == 1 && waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (l->cur.type == VM_FR_PING)
			vm_link_send(l, VM_FR_READY, l->cur.id, u.release,
				     (uint32_t)strlen(u.release));
		else if (l->cur.type == VM_FR_EXEC)
			agent_exec(l, l->cur.id);
	}
}

/* ---- the host ---- */

#define VM_PING_MS 1000

/* Find the READY that answers ping id in what the guest sent (the port
 * may still hold an earlier host's leftovers: READYs of pings sent
 * again, the tail of a frame it left mid-way; vm_frame_find).  1 with
 * l->cur set and what came before it dropped; 0: not yet. */
static int vm_agent_ready_find(struct vm_link *l, uint32_t id)
{
	size_t at;
	long got = vm_frame_find(l->buf, l->n, VM_FR_READY, id, &at,
				 &l->cur);

	memmove(l->buf, l->buf + at, l->n - at);
	l->n -= at;
	if (got <= 0)
		return 0;
	vm_frame_parse(l->buf, l->n, &l->cur);     /* data moved */
	l->cur_size = (size_t)got;
	return 1;
}

int vm_agent_connect(const char *name, struct vm_link *l, int timeout_ms,
		     struct ovt_err *e)
{
	static uint32_t seq;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	/* one id per connection, also two in one second of one process */
	uint32_t id = (uint32_t)getpid() << 8 ^ (uint32_t)time(NULL) ^
		      ++seq << 24;
	struct timespec t0, t1;
	int r;

	if (vm_path(name, "agent.sock", sa.sun_path, sizeof(sa.sun_path)) < 0)
		return ovt_err_set(e, ENAMETOOLONG, "vm '%s': name too long",
				   name);
	l->n = l->cur_size = 0;
	l->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l->fd < 0)
		return ovt_err_set(e, errno, "socket: %s", strerror(errno));
	if (connect(l->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		r = ovt_err_set(e, errno, "vm '%s': cannot reach its agent "
				"(%s): %s", name, sa.sun_path,
				strerror(errno));
		goto fail;
	}
	r = vm_link_send(l, VM_FR_PING, id, NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (r == 0) {
		long left, slice;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &t1);
		left = timeout_ms - ((t1.tv_sec - t0.tv_sec) * 1000 +
				     (t1.tv_nsec - t0.tv_nsec) / 1000000);
		slice = left < VM_PING_MS ? left : VM_PING_MS;
		r = left > 0 ? vm_poll1(l->fd, POLLIN, cancel_fd(),
					(int)slice) : 0;
		if (r > 0) {
			n = read(l->fd, l->buf + l->n, sizeof(l->buf) - l->n);
			if (n == 0)
				r = -ECONNRESET;
			else if (n < 0)
				r = errno == EAGAIN || errno == EINTR ? 0
								      : -errno;
			else
				l->n += (size_t)n;
			if (n > 0 && vm_agent_ready_find(l, id))
				return l->fd;
			if (n > 0)
				r = 0;
		} else if (r == 0 && left > slice) {
			/* a ping that met the guest's port between two hosts
			 * is lost: ask again; the READYs of the others are
			 * leftovers, skipped by the request after (and by
			 * the next host, above) */
			r = vm_link_send(l, VM_FR_PING, id, NULL, 0);
		} else if (r == 0) {
			r = -ETIMEDOUT;
		}
	}
	if (r == -EINTR)
		ovt_err_set(e, EINTR, "vm '%s': interrupted", name);
	else if (r == -ETIMEDOUT)
		ovt_err_set(e, ETIMEDOUT, "vm '%s': its agent does not answer "
			    "(%.1f s)", name, timeout_ms / 1000.0);
	else
		ovt_err_set(e, -r, "vm '%s': agent link: %s", name,
			    strerror(-r));
fail:
	close(l->fd);
	l->fd = -1;
	return r;
}

static int vm_exec_loop(struct vm_link *l, uint32_t id, int out_fd,
			int err_fd, int *status, bool *intr, struct ovt_err *e)
{
	for (;;) {
		int r = vm_link_next(l, cancel_fd(), -1), code;

		if (r == -EINTR) {
			if (cancel_take()) {
				*intr = true;
				vm_link_send(l, VM_FR_INTR, id, NULL, 0);
			}
			continue;
		}
		if (r < 0)
			return ovt_err_set(e, -r, "%s", r == -ECONNRESET ?
					   "the VM stopped during the command" :
					   strerror(-r));
		if (l->cur.id != id)
			continue;
		switch (l->cur.type) {
		case VM_FR_OUT:
		case VM_FR_ERR:
			vm_write_all(l->cur.type == VM_FR_OUT ? out_fd : err_fd,
				     l->cur.data, l->cur.len);
			break;
		case VM_FR_STATUS:
			if (l->cur.len != 4)
				return ovt_err_set(e, EPROTO, "bad status");
			memcpy(status, l->cur.data, 4);
			return 0;
		case VM_FR_FAIL:
			if (l->cur.len < 4)
				return ovt_err_set(e, EPROTO, "bad failure");
			memcpy(&code, l->cur.data, 4);
			return ovt_err_set(e, code > 0 ? code : EIO, "%.*s",
					   (int)(l->cur.len - 4),
					   (const char *)l->cur.data + 4);
		}
	}
}

int vm_exec(const char *name, char *const argv[], int out_fd, int err_fd,
	    int *status, bool *interrupted, struct ovt_err *e)
{
	struct vm_link *l = calloc(1, sizeof(*l));
	uint32_t len, id;
	uint8_t *req = vm_frame_argv(argv, &len);
	int r;

	*interrupted = false;
	if (!l || !req) {
		r = ovt_err_set(e, req ? ENOMEM : E2BIG, "exec: %s",
				req ? "out of memory" : "command too long");
		goto out;
	}
	r = vm_agent_connect(name, l, vm_env_ms("OVTSH_VM_AGENT_TIMEOUT", 30),
			     e);
	if (r < 0)
		goto out;
	id = l->cur.id + 1;
	r = vm_link_send(l, VM_FR_EXEC, id, req, len);
	if (r < 0)
		ovt_err_set(e, -r, "vm '%s': agent link: %s", name,
			    strerror(-r));
	else
		r = vm_exec_loop(l, id, out_fd, err_fd, status, interrupted,
				 e);
	close(l->fd);
out:
	free(req);
	free(l);
	return r;
}
